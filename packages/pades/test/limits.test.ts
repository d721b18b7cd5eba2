/** Bounds on everything an attacker controls: each breach is a typed error, in bounded time and memory. */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PdfError, type PdfStream, appendRevision, createPdf, readPdf } from '../src/index';

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PdfError) return e.code;
    throw e;
  }
  return undefined;
}

describe('limits', () => {
  it('a decompression bomb in a content stream', async () => {
    const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024)); // 64 MiB of zeros in ~64 KB
    const pdf = await readPdf(
      await createPdf({ objects: { 4: { dict: '<< /Filter /FlateDecode >>', data: bomb } } }),
    );
    const s = pdf.getObject(4) as PdfStream;
    const started = Date.now();
    expect(await code(pdf.decodeStream(s))).toBe('DECOMPRESSION_BOMB'); // ratio over 1000
    expect(Date.now() - started).toBeLessThan(5000);
    const small = await readPdf(
      await createPdf({ objects: { 4: { dict: '<< >>', data: 'x'.repeat(5000), compress: true } } }),
      {
        limits: { maxDecodedStreamBytes: 1000 },
      },
    );
    expect(await code(small.decodeStream(small.getObject(4) as PdfStream))).toBe('DECOMPRESSION_BOMB');
  });

  it('a bomb in an object stream stops readPdf', async () => {
    const bytes = await createPdf({
      xref: 'stream',
      objectStreams: true,
      objects: { 4: `(${'A'.repeat(20000)})` },
    });
    expect(await code(readPdf(bytes, { limits: { maxDecodedStreamBytes: 10000 } }))).toBe(
      'DECOMPRESSION_BOMB',
    );
    expect(await code(readPdf(bytes, { limits: { maxTotalDecodedBytes: 10000 } }))).toBe(
      'DECOMPRESSION_BOMB',
    );
  });

  it('deep nesting', async () => {
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
    const pdf = await readPdf(await createPdf({ objects: { 4: deep } }));
    expect(() => pdf.getObject(4)).toThrowError(PdfError);
    try {
      pdf.getObject(4);
    } catch (e) {
      expect((e as PdfError).code).toBe('TOO_DEEP');
    }
    const ok = await readPdf(await createPdf({ objects: { 4: deep } }), { limits: { maxDepth: 128 } });
    expect(Array.isArray(ok.getObject(4))).toBe(true);
  });

  it('a reference chain longer than the depth limit', async () => {
    const objects: Record<number, string> = {};
    for (let n = 10; n < 100; n++) objects[n] = `${n + 1} 0 R`;
    objects[100] = '(end)';
    const pdf = await readPdf(await createPdf({ objects }));
    expect(() => pdf.resolve(pdf.getObject(10))).toThrowError(/reference chain/);
  });

  it('too many objects, sections, or bytes', async () => {
    const bytes = await createPdf({ objects: { 4: '1', 5: '2', 6: '3' } });
    expect(await code(readPdf(bytes, { limits: { maxObjects: 3 } }))).toBe('TOO_MANY_OBJECTS');
    expect(await code(readPdf(bytes, { limits: { maxFileBytes: 100 } }))).toBe('TOO_LARGE');
    let many = bytes;
    for (let i = 0; i < 5; i++) many = await appendRevision(many, { objects: { 4: String(i) } });
    expect((await readPdf(many)).revisions.length).toBe(6);
    expect(await code(readPdf(many, { limits: { maxXrefSections: 4 } }))).toBe('TOO_MANY_REVISIONS');
  });

  it('a 100-revision file reads in time linear in its size', async () => {
    let bytes = await createPdf();
    for (let i = 0; i < 100; i++) bytes = await appendRevision(bytes, { objects: { 4: `(rev ${i})` } });
    const started = performance.now();
    const pdf = await readPdf(bytes);
    expect(pdf.revisions.length).toBe(101);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
