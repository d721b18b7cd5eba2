import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MutuaError, createWebCryptoEngine, digestStream } from '../src/index';
import { nodeCryptoEngine } from '../src/node';

async function* chunks(n: number, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < n; i++) yield new Uint8Array(size).fill(i & 0xff);
}

function expected(hash: string, n: number, size: number): Uint8Array {
  const h = createHash(hash);
  for (let i = 0; i < n; i++) h.update(new Uint8Array(size).fill(i & 0xff));
  return new Uint8Array(h.digest());
}

describe('digestStream', () => {
  it('hashes an async iterable with several algorithms at once (node engine, incremental)', async () => {
    const d = await digestStream(nodeCryptoEngine, ['SHA-256', 'SHA-512', 'SHA-256'], chunks(50, 1000));
    expect(d['SHA-256']).toEqual(expected('sha256', 50, 1000));
    expect(d['SHA-512']).toEqual(expected('sha512', 50, 1000));
  });

  it('reads a WHATWG ReadableStream and falls back to collecting chunks on WebCrypto', async () => {
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (i < 10) c.enqueue(new Uint8Array(100).fill(i++ & 0xff));
        else c.close();
      },
    });
    const d = await digestStream(createWebCryptoEngine(), ['SHA-256'], stream);
    expect(d['SHA-256']).toEqual(expected('sha256', 10, 100));
  });

  it('bounds what it collects when the engine cannot hash incrementally', async () => {
    await expect(
      digestStream(createWebCryptoEngine(), ['SHA-256'], chunks(20, 1000), { maxBufferedBytes: 5000 }),
    ).rejects.toThrow(MutuaError);
  });
});
