import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  PdfDict,
  PdfError,
  type PdfName,
  PdfRef,
  PdfStream,
  type PdfString,
  appendRevision,
  createPdf,
  readPdf,
} from '../src/index';
import { concat, fromLatin1, latin1 } from './helpers/pdf';

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PdfError) return e.code;
    throw e;
  }
  return undefined;
}

/** Builds a file from parts; `{obj}` parts are objects whose offsets go in a classic table. */
function assemble(objects: [number, string | Uint8Array][], trailer: string, tail = ''): Uint8Array {
  const parts: Uint8Array[] = [fromLatin1('%PDF-1.7\n')];
  let pos = parts[0]!.length;
  const offsets = new Map<number, number>();
  for (const [n, body] of objects) {
    offsets.set(n, pos);
    const b = concat(
      fromLatin1(`${n} 0 obj\n`),
      typeof body === 'string' ? fromLatin1(body) : body,
      fromLatin1('\nendobj\n'),
    );
    parts.push(b);
    pos += b.length;
  }
  const size = Math.max(...offsets.keys()) + 1;
  let table = `xref\n0 ${size}\n`;
  for (let n = 0; n < size; n++) {
    const o = offsets.get(n);
    table += o === undefined ? '0000000000 65535 f\r\n' : `${String(o).padStart(10, '0')} 00000 n\r\n`;
  }
  parts.push(
    fromLatin1(`${table}trailer\n<< /Size ${size} ${trailer} >>\nstartxref\n${pos}\n%%EOF\n${tail}`),
  );
  return concat(...parts);
}

describe('readPdf: objects', () => {
  it('reads every kind of value, with file offsets', async () => {
    const bytes = await createPdf({
      objects: {
        4: '<< /S (a \\(nested (paren)\\) \\101\\n\\\r\nend) /H <48656c6c6f2> /N /A#20b /I -12 /R .5 /Arr [1 2 0 R [true false null]] /Null null % a comment\n>>',
        5: { dict: '<< /Type /XObject >>', data: 'q 1 0 0 1 0 0 cm Q', compress: true },
      },
    });
    const pdf = await readPdf(bytes);
    const d = pdf.getObject(new PdfRef(4, 0)) as PdfDict;
    expect(d).toBeInstanceOf(PdfDict);
    const s = d.get('S') as PdfString;
    expect(s.text()).toBe('a (nested (paren)) A\nend');
    expect(s.hex).toBe(false);
    expect(latin1(bytes.subarray(s.start, s.end)).startsWith('(a ')).toBe(true);
    const h = d.get('H') as PdfString;
    expect([h.hex, h.text()]).toEqual([true, 'Hello ']);
    expect((d.get('N') as PdfName).value).toBe('A b');
    expect([d.get('I'), d.get('R')]).toEqual([-12, 0.5]);
    expect(d.get('Arr')).toEqual([1, new PdfRef(2, 0), [true, false, null]]);
    expect(d.get('Null')).toBeUndefined();
    const stream = pdf.getObject(5) as PdfStream;
    expect(stream).toBeInstanceOf(PdfStream);
    expect(new TextDecoder().decode(await pdf.decodeStream(stream))).toBe('q 1 0 0 1 0 0 cm Q');
    expect(pdf.getObject(99)).toBeNull();
    expect(pdf.getObject(new PdfRef(4, 1))).toBeNull(); // wrong generation
    expect(pdf.resolve(new PdfRef(2, 0))).toBeInstanceOf(PdfDict);
  });

  it('reads cross-reference streams and object streams', async () => {
    const pdf = await readPdf(
      await createPdf({ xref: 'stream', objectStreams: true, objects: { 4: '(in a stream)' } }),
    );
    expect(pdf.revisions[0]!.sections[0]!.kind).toBe('stream');
    expect(pdf.entryOf(4)?.entry.type).toBe('compressed');
    const s = pdf.getObject(4) as PdfString;
    expect([s.text(), s.start]).toEqual(['in a stream', -1]);
    expect(pdf.catalog().name('Type')).toBe('Catalog');
    expect(pdf.problems).toEqual([]);
  });

  it('reads a PNG-predicted cross-reference stream', async () => {
    // /W [1 2 1], Columns 4, Predictor 12 (Up): rows are differences to the row above.
    const rows = [
      [0, 0, 0, 255],
      [1, 0, 9, 0],
    ];
    const objStart = 9; // after '%PDF-1.7\n'
    const body = `<< /Type /Catalog >>`;
    const first = `1 0 obj\n${body}\nendobj\n`;
    const xrefAt = objStart + first.length;
    rows[1] = [1, (objStart >> 8) & 0xff, objStart & 0xff, 0];
    const raw: number[] = [];
    let prev = [0, 0, 0, 0];
    for (const r of rows) {
      raw.push(2, ...r.map((v, i) => (v - prev[i]!) & 0xff));
      prev = r;
    }
    const data = deflateSync(Uint8Array.from(raw));
    const head = `2 0 obj\n<< /Type /XRef /Size 2 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >> /Length ${data.length} >>\nstream\n`;
    const bytes = concat(
      fromLatin1(`%PDF-1.7\n${first}${head}`),
      data,
      fromLatin1(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`),
    );
    const pdf = await readPdf(bytes);
    expect(pdf.entryOf(1)?.entry).toEqual({ type: 'offset', offset: objStart, gen: 0 });
    expect(pdf.catalog().name('Type')).toBe('Catalog');
  });

  it('reads a hybrid file: objects hidden from PDF 1.4 readers come from /XRefStm', async () => {
    const objstmData = '4 0 (hidden)';
    const objstm = deflateSync(fromLatin1(objstmData));
    const base = assemble(
      [
        [1, '<< /Type /Catalog /Pages 2 0 R >>'],
        [2, '<< /Type /Pages /Kids [] /Count 0 >>'],
        [
          5,
          concat(
            fromLatin1(
              `<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${objstm.length} >>\nstream\n`,
            ),
            objstm,
            fromLatin1('\nendstream'),
          ),
        ],
      ],
      '/Root 1 0 R',
    );
    // Append an xref stream (object 6) listing object 4 as compressed in 5, and point /XRefStm at it.
    const text = latin1(base);
    const xrefAt = text.lastIndexOf('xref\n0 ');
    const rows = deflateSync(Uint8Array.from([2, 0, 0, 0, 5, 0, 0]));
    const xs = concat(
      fromLatin1(
        `6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Index [4 1] /Filter /FlateDecode /Length ${rows.length} >>\nstream\n`,
      ),
      rows,
      fromLatin1('\nendstream\nendobj\n'),
    );
    const before = base.subarray(0, xrefAt);
    const tail = latin1(base.subarray(xrefAt))
      .replace('/Root 1 0 R', `/Root 1 0 R /XRefStm ${xrefAt}`)
      .replace(/startxref\n\d+/, `startxref\n${xrefAt + xs.length}`);
    const hybrid = concat(before, xs, fromLatin1(tail));
    const pdf = await readPdf(hybrid);
    expect(pdf.revisions[0]!.sections[0]!.kind).toBe('hybrid');
    expect((pdf.getObject(4) as PdfString).text()).toBe('hidden');
  });
});

describe('readPdf: revisions', () => {
  it('keeps every incremental revision apart', async () => {
    const v1 = await createPdf({ objects: { 4: '(first)' } });
    const v2 = await appendRevision(v1, { objects: { 4: '(second)' } });
    const v3 = await appendRevision(v2, { objects: { 5: '(new)' }, xref: 'stream' });
    const pdf = await readPdf(v3);
    expect(pdf.revisions.map((r) => [r.index, r.kind, r.start, r.end])).toEqual([
      [0, 'original', 0, v1.length],
      [1, 'incremental', v1.length, v2.length],
      [2, 'incremental', v2.length, v3.length],
    ]);
    expect(pdf.revisions.map((r) => r.sections[0]!.kind)).toEqual(['table', 'table', 'stream']);
    expect((pdf.getObject(4, 0) as PdfString).text()).toBe('first');
    expect((pdf.getObject(4, 1) as PdfString).text()).toBe('second');
    expect((pdf.getObject(4) as PdfString).text()).toBe('second');
    expect(pdf.getObject(5, 1)).toBeNull();
    expect(pdf.revisionAt(v1.length)).toBe(1);
    expect(pdf.revisionAt(v3.length)).toBe(-1);
  });

  it('reports bytes after the last %%EOF (P2 d)', async () => {
    const bytes = concat(await createPdf(), fromLatin1('1 0 obj << /Type /Catalog >> endobj'));
    const pdf = await readPdf(bytes);
    expect(pdf.problems.map((p) => p.code)).toEqual(['TRAILING_BYTES']);
  });

  it('repairs a wrong startxref, and says so', async () => {
    const good = latin1(await createPdf());
    const bad = good.replace(/startxref\n(\d+)/, (_, n) => `startxref\n${Number(n) + 3}`);
    const pdf = await readPdf(fromLatin1(bad));
    expect(pdf.problems.map((p) => p.code)).toEqual(['STARTXREF_REPAIRED']);
    expect(pdf.catalog().name('Type')).toBe('Catalog');
  });

  it('refuses a /Prev loop, a /Prev chain that cannot be rebuilt, and files that are not PDFs', async () => {
    const v2 = latin1(await appendRevision(await createPdf(), { objects: { 4: '1' } }));
    const last = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(v2)![1]);
    const loop = v2.replace(/\/Prev \d+/, `/Prev ${last}`);
    expect(await code(readPdf(fromLatin1(loop)))).toBe('XREF_LOOP');
    // /Prev 0 with no earlier startxref to rebuild from.
    const orphan = v2.replace(/startxref\n\d+\n%%EOF\n/, '').replace(/\/Prev \d+/, '/Prev 0');
    expect(await code(readPdf(fromLatin1(orphan)))).toBe('BROKEN_XREF');
    expect(await code(readPdf(fromLatin1('hello')))).toBe('MALFORMED');
    expect(await code(readPdf(fromLatin1('%PDF-1.7\n1 0 obj 1 endobj\n')))).toBe('MALFORMED');
    expect(await code(readPdf(fromLatin1('%PDF-1.7\nstartxref\n9\n%%EOF\n')))).toBe('BROKEN_XREF');
  });

  it('rebuilds a /Prev pointing nowhere from the previous startxref, and says so', async () => {
    const v2 = latin1(await appendRevision(await createPdf(), { objects: { 4: '1' } }));
    const pdf = await readPdf(
      fromLatin1(v2.replace(/\/Prev (\d+)/, (_m, n) => `/Prev ${String(0).padStart(n.length, '0')}`)),
    );
    expect(pdf.problems.map((p) => p.code)).toEqual(['PREV_REPAIRED']);
    expect(pdf.revisions.length).toBe(2);
  });

  it('reports an update the /Prev chain skips, also behind a large stream the search does not enter', async () => {
    const big = 'A'.repeat(100_000);
    const v1 = await createPdf({ objects: { 4: { dict: '<< >>', data: big } } });
    const v2 = await appendRevision(v1, { objects: { 5: '(skipped)' } });
    const v3 = latin1(await appendRevision(v2, { objects: { 5: '(shown)' } }));
    const target = (s: string) => /startxref\n(\d+)\n%%EOF\n$/.exec(s)![1]!;
    const [t1, t2] = [target(latin1(v1)), target(latin1(v2))];
    // The newest section's /Prev names the original's section: the middle update is off the chain.
    const skipping =
      v3.slice(0, v2.length) + v3.slice(v2.length).replace(`/Prev ${t2}`, `/Prev ${t1.padEnd(t2.length)}`);
    const pdf = await readPdf(fromLatin1(skipping));
    expect(pdf.revisions.map((r) => [r.start, r.end])).toEqual([
      [0, v1.length],
      [v1.length, v3.length],
    ]);
    expect(pdf.problems.map((p) => [p.code, p.offset])).toEqual([
      ['UNREACHABLE_REVISION', latin1(v2).lastIndexOf('startxref')],
    ]);
  });

  it('takes a startxref … %%EOF inside stream data for data: reported in a small stream, ignored in a large one', async () => {
    const fake = 'startxref\n9\n%%EOF\n';
    const small = await readPdf(await createPdf({ objects: { 4: { dict: '<< >>', data: fake } } }));
    expect(small.problems.map((p) => p.code)).toEqual(['UNREACHABLE_REVISION']);
    const data = `${'B'.repeat(50_000)}${fake}${'C'.repeat(50_000)}`;
    const large = await readPdf(await createPdf({ objects: { 4: { dict: '<< >>', data } } }));
    expect(large.problems).toEqual([]);
    expect(large.revisions.length).toBe(1);
  });
});

describe('readPdf: what a viewer repairs is reported', () => {
  it('a wrong stream /Length', async () => {
    const text = latin1(await createPdf({ objects: { 4: { dict: '<< >>', data: 'abcdef' } } }));
    const pdf = await readPdf(fromLatin1(text.replace('/Length 6', '/Length 9')));
    const s = pdf.getObject(4) as PdfStream;
    expect(latin1(s.raw)).toBe('abcdef');
    expect(pdf.problems.map((p) => p.code)).toEqual(['STREAM_LENGTH_REPAIRED']);
  });

  it('an object whose number does not match its cross-reference entry', async () => {
    const text = latin1(await createPdf({ objects: { 4: '(x)' } }));
    const pdf = await readPdf(fromLatin1(text.replace('4 0 obj', '7 0 obj')));
    expect(pdf.getObject(4)).toBeNull();
    expect(pdf.problems.map((p) => p.code)).toEqual(['OBJECT_MISMATCH']);
  });

  it('a repeated dictionary key (the first wins, as in pdf.js and PDFBox)', async () => {
    const pdf = await readPdf(await createPdf({ objects: { 4: '<< /A 1 /A 2 >>' } }));
    expect((pdf.getObject(4) as PdfDict).get('A')).toBe(1);
    expect(pdf.problems.map((p) => p.code)).toEqual(['DUPLICATE_KEY']);
  });

  it('an unreadable object is null, reported', async () => {
    const pdf = await readPdf(await createPdf({ objects: { 4: '<< /A [1 2 >>' } }));
    expect(pdf.getObject(4)).toBeNull();
    expect(pdf.problems.map((p) => p.code)).toEqual(['UNREADABLE_OBJECT']);
  });

  it('an encrypted file: read, flagged, and its streams not decoded', async () => {
    const pdf = await readPdf(
      await createPdf({
        trailer: ' /Encrypt << /Filter /Standard >>',
        objects: { 4: { dict: '<< >>', data: 'x' } },
      }),
    );
    expect(pdf.encrypted).toBe(true);
    expect(await code(pdf.decodeStream(pdf.getObject(4) as PdfStream))).toBe('ENCRYPTED');
  });
});
