import type { HashName } from './algorithms';
import type { CryptoEngine } from './engine';
import { MutuaError } from '../errors';

/** Content that is read as it is hashed: an async iterable (a Node stream) or a WHATWG ReadableStream. */
export type ByteSource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/**
 * Calls `each` for every chunk. No generator in between: a wrapping async generator costs a few
 * microtask hops per chunk, which is ~5 % of SHA-256 throughput at 64 KB chunks.
 */
async function forEachChunk(source: ByteSource, each: (chunk: Uint8Array) => void): Promise<void> {
  if (typeof (source as ReadableStream<Uint8Array>).getReader === 'function') {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        each(value);
      }
    } finally {
      reader.releaseLock();
    }
  }
  for await (const chunk of source as AsyncIterable<Uint8Array>) each(chunk);
}

/**
 * Hashes content as it streams in, with every hash at once (a CMS may name several digest algorithms),
 * without holding the content in memory when the engine offers an incremental hash (`nodeCryptoEngine`
 * does). On engines without one (WebCrypto), the chunks are collected up to `maxBufferedBytes` and
 * hashed at the end; beyond that a `MutuaError` with code `CONTENT_TOO_LARGE` is thrown.
 *
 * @example
 * ```ts
 * import { digestStream } from '@mutua/core';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * async function* chunks() {
 *   yield new TextEncoder().encode('Contrato ');
 *   yield new TextEncoder().encode('firmado');
 * }
 * const digests = await digestStream(nodeCryptoEngine, ['SHA-256'], chunks());
 * digests['SHA-256']?.length; // 32
 * ```
 */
export async function digestStream(
  engine: CryptoEngine,
  hashes: readonly HashName[],
  source: ByteSource,
  options: { readonly maxBufferedBytes?: number } = {},
): Promise<Partial<Record<HashName, Uint8Array>>> {
  const unique = [...new Set(hashes)];
  const out: Partial<Record<HashName, Uint8Array>> = {};
  if (engine.createHash) {
    const hs = unique.map((h) => [h, engine.createHash!(h)] as const);
    if (hs.length === 1) {
      const only = hs[0]![1];
      await forEachChunk(source, (chunk) => only.update(chunk));
    } else
      await forEachChunk(source, (chunk) => {
        for (const [, h] of hs) h.update(chunk);
      });
    for (const [name, h] of hs) out[name] = await h.digest();
    return out;
  }
  const limit = options.maxBufferedBytes ?? 256 * 1024 * 1024;
  const parts: Uint8Array[] = [];
  let total = 0;
  await forEachChunk(source, (chunk) => {
    total += chunk.length;
    if (total > limit) {
      throw new MutuaError(
        'CONTENT_TOO_LARGE',
        `content exceeds ${limit} bytes and ${engine.name} cannot hash incrementally`,
      );
    }
    parts.push(chunk);
  });
  const all = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  for (const h of unique) out[h] = await engine.digest(h, all);
  return out;
}
