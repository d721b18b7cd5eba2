/**
 * `pnpm bench` for @mutua/pades: what a verifier needs from a PDF reader, asked of ours and of the
 * JavaScript libraries we could have used (decision 0006), then speed.
 *
 * Each probe is a file built here: an incremental update (can the old revision's object be read?), a
 * /Prev loop, a wrong startxref (repaired, and said so?), a deflate bomb in an object stream, deep
 * nesting; then the time to read a 100-revision file and to hash a 20 MB signed file's byte ranges,
 * against node:crypto SHA-256 over the same bytes.
 */
import { createHash } from 'node:crypto';
import { digestStream } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { PDFDocument as CantooDocument } from '@cantoo/pdf-lib';
import { PDFDocument, PDFRef } from 'pdf-lib';
import { appendRevision, createPdf, findSignatures, readPdf, signedRanges } from '../src/index';
import { fromLatin1, latin1, signedPdf } from '../test/helpers/pdf';

type Probe = (bytes: Uint8Array) => Promise<string>;

async function outcome(f: () => Promise<string>): Promise<string> {
  const started = performance.now();
  try {
    const r = await f();
    return `${r} (${(performance.now() - started).toFixed(0)} ms)`;
  } catch (e) {
    return `error: ${(e as Error).message.slice(0, 70).replace(/\s+/g, ' ')} (${(performance.now() - started).toFixed(0)} ms)`;
  }
}

async function pdfjs() {
  return import('pdfjs-dist/legacy/build/pdf.mjs');
}

const readers: Record<string, Probe> = {
  '@mutua/pades': async (b) => {
    const pdf = await readPdf(b);
    pdf.catalog();
    const o = pdf.getObject(4, 0);
    return `ok: ${pdf.revisions.length} revisions, obj 4 @rev0=${JSON.stringify(o && typeof o === 'object' && 'bytes' in o ? latin1(o.bytes) : o)}, problems [${pdf.problems.map((p) => p.code)}]`;
  },
  'pdf-lib 1.17.1': async (b) => {
    const doc = await PDFDocument.load(b, { throwOnInvalidObject: true, updateMetadata: false });
    // pdf-lib merges the revisions into one object table: only the newest object 4 exists.
    return `ok: ${doc.getPageCount()} page(s), obj 4=${doc.context.lookup(PDFRef.of(4))?.toString().slice(0, 20)}`;
  },
  '@cantoo/pdf-lib 2.11.1': async (b) => {
    const doc = await CantooDocument.load(b, { throwOnInvalidObject: true, updateMetadata: false });
    return `ok: ${doc.getPageCount()} page(s)`;
  },
  'pdfjs-dist 4.10.38': async (b) => {
    const { getDocument } = await pdfjs();
    const task = getDocument({ data: b.slice(), stopAtErrors: true, isEvalSupported: false, verbosity: 0 });
    const doc = await task.promise;
    const n = doc.numPages;
    await doc.destroy();
    return `ok: ${n} page(s)`;
  },
};

async function fixtures(): Promise<Record<string, Uint8Array>> {
  const v1 = await createPdf({ objects: { 4: '(signed text)' } });
  const updated = await appendRevision(v1, { objects: { 4: '(replaced text)' } });
  const up = latin1(updated);
  const last = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(up)![1]);
  // Object 4 sits in an object stream that inflates to 200 MiB: reading the file means inflating it.
  const bombPdf = await createPdf({
    xref: 'stream',
    objectStreams: true,
    objects: { 4: `(${' '.repeat(200 * 1024 * 1024)})` },
  });
  return {
    'incremental update': updated,
    '/Prev loop': fromLatin1(up.replace(/\/Prev \d+/, `/Prev ${last}`)),
    'startxref off by 3': fromLatin1(
      up.replace(/startxref\n(\d+)/g, (_, n) => `startxref\n${Number(n) + 3}`),
    ),
    'deep nesting (10 000)': await createPdf({
      objects: { 1: `<< /Type /Catalog /Pages 2 0 R /X ${'['.repeat(10000)}${']'.repeat(10000)} >>` },
    }),
    'deflate bomb (200 MiB) in an object stream': bombPdf,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(f: () => Promise<unknown>, runs = 7): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await f();
    t.push(performance.now() - s);
  }
  return median(t);
}

async function main() {
  console.log('## What each reader does with files a verifier must judge\n');
  for (const [name, bytes] of Object.entries(await fixtures())) {
    console.log(`- ${name} (${bytes.length} bytes)`);
    for (const [lib, probe] of Object.entries(readers)) {
      // pdf-lib inflates object streams without a bound: on this file it exhausted a 4 GB heap and
      // killed the process (2026-11-22), so it is not run here.
      if (name.startsWith('deflate bomb') && lib.includes('pdf-lib')) {
        console.log(
          `  - ${lib}: not run (${lib.startsWith('pdf-lib') ? 'unbounded inflate: out of memory with a 4 GB heap' : 'a fork of pdf-lib with its parser: assumed the same'})`,
        );
        continue;
      }
      console.log(`  - ${lib}: ${await outcome(() => probe(bytes))}`);
    }
  }

  console.log('\n## Speed (medians)\n');
  let many = await createPdf();
  for (let i = 0; i < 100; i++) many = await appendRevision(many, { objects: { 4: `(rev ${i})` } });
  console.log(
    `- 100-revision file (${many.length} bytes): readPdf ${(await time(() => readPdf(many))).toFixed(2)} ms; pdf-lib load ${(await time(() => PDFDocument.load(many))).toFixed(2)} ms`,
  );

  const big = await signedPdf({
    objects: { 8: { dict: '<< >>', data: new Uint8Array(20 * 1024 * 1024).fill(0x41) } },
  });
  const pdf = await readPdf(big);
  const [sig] = findSignatures(pdf);
  const ours = await time(async () => {
    const p = await readPdf(big);
    const [s] = findSignatures(p);
    await digestStream(nodeCryptoEngine, ['SHA-256'], signedRanges(p, s!));
  });
  const raw = await time(async () => {
    createHash('sha256').update(big).digest();
  });
  console.log(
    `- 20 MB signed PDF: read + find + hash ranges ${ours.toFixed(1)} ms; node:crypto SHA-256 of the file ${raw.toFixed(1)} ms (${((raw / ours) * 100).toFixed(0)}% of raw throughput); signature valid range: ${sig?.byteRange.valid}`,
  );
  console.log(
    `- pdf-lib load of the same file: ${(await time(() => PDFDocument.load(big), 3)).toFixed(1)} ms`,
  );
}

await main();
await (await import('./verify')).benchVerify();
