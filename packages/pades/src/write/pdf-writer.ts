/**
 * A minimal PDF writer: a new document, or an incremental update appended to one, with a classic
 * cross-reference table or a cross-reference stream (optionally with an object stream). It writes the
 * objects it is given as text; it is the base of the test documents and of signing (issue 6).
 */
import { readPdf } from '../pdf/document';
import { PdfRef } from '../pdf/objects';

/**
 * One object's body: PDF syntax (`<< /Type /Catalog … >>`, `(text)`, `42`), or a stream (its
 * dictionary's entries without `/Length`, which is added, and its data, deflated when `compress`).
 *
 * @example
 * ```ts
 * import type { PdfObjectSource } from '@mutua/pades';
 * const page: PdfObjectSource = { dict: '<< >>', data: 'BT /F1 12 Tf (Hola) Tj ET', compress: true };
 * typeof page; // 'object'
 * ```
 */
export type PdfObjectSource =
  | string
  | { readonly dict: string; readonly data: Uint8Array | string; readonly compress?: boolean };

/**
 * Options of {@link createPdf} and {@link appendRevision}.
 *
 * @example
 * ```ts
 * import { type WritePdfOptions, createPdf } from '@mutua/pades';
 * const options: WritePdfOptions = { xref: 'stream', objectStreams: true };
 * (await createPdf(options))[0]; // 0x25
 * ```
 */
export interface WritePdfOptions {
  /** Objects by number (generation 0). For `createPdf`, they replace or add to a one-page document's 1–3. */
  readonly objects?: Readonly<Record<number, PdfObjectSource>>;
  /** Classic table (default) or cross-reference stream. */
  readonly xref?: 'table' | 'stream';
  /** With `xref: 'stream'`: put every non-stream object into one compressed object stream. */
  readonly objectStreams?: boolean;
  /** Objects kept out of the object stream (a signature dictionary must be: its `/Contents` is excluded by offset). */
  readonly directObjects?: readonly number[];
  /** Extra trailer entries, as PDF syntax (`/Info 9 0 R`). */
  readonly trailer?: string;
  /** Object numbers this section marks free (an update deleting them; their references then name nothing). */
  readonly freeObjects?: readonly number[];
  /**
   * Entries pointing at objects already in the file, by byte offset, with nothing written: an update
   * that only changes the cross-reference (the shadow attacks' "xref-only" variant).
   */
  readonly entryOffsets?: Readonly<Record<number, number>>;
}

const bytesOf = (s: string | Uint8Array) => (typeof s === 'string' ? latin1Bytes(s) : s);

function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

async function deflate(data: Uint8Array): Promise<Uint8Array> {
  const cs = new CompressionStream('deflate');
  const w = cs.writable.getWriter();
  w.write(data as Uint8Array<ArrayBuffer>).catch(() => {});
  w.close().catch(() => {});
  return new Uint8Array(await new Response(cs.readable).arrayBuffer());
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

async function streamObject(dict: string, data: Uint8Array, compress: boolean): Promise<Uint8Array> {
  const body = compress ? await deflate(data) : data;
  const d = dict
    .trim()
    .replace(/>>$/, `${compress ? ' /Filter /FlateDecode' : ''} /Length ${body.length} >>`);
  return concat([bytesOf(`${d}\nstream\n`), body, bytesOf('\nendstream')]);
}

const DEFAULT_OBJECTS: Readonly<Record<number, string>> = {
  1: '<< /Type /Catalog /Pages 2 0 R >>',
  2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
};

/** Writes objects, then the cross-reference section and trailer, after `base` (empty for a new file). */
async function writeSection(
  base: Uint8Array,
  head: string,
  objects: Readonly<Record<number, PdfObjectSource>>,
  options: WritePdfOptions,
  trailer: { size: number; root: string; prev?: number },
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [base, bytesOf(head)];
  let pos = base.length + head.length;
  const offsets = new Map<number, number>();
  const compressed = new Map<number, [number, number]>();
  const nums = Object.keys(objects)
    .map(Number)
    .sort((a, b) => a - b);
  let size = Math.max(trailer.size, (nums[nums.length - 1] ?? 0) + 1);
  const add = (num: number, body: Uint8Array) => {
    offsets.set(num, pos);
    const chunk = concat([bytesOf(`${num} 0 obj\n`), body, bytesOf('\nendobj\n')]);
    parts.push(chunk);
    pos += chunk.length;
  };
  const inStream: [number, string][] = [];
  for (const n of nums) {
    const o = objects[n]!;
    if (typeof o === 'string' && options.objectStreams && !options.directObjects?.includes(n))
      inStream.push([n, o]);
    else if (typeof o === 'string') add(n, bytesOf(o));
    else add(n, await streamObject(o.dict, bytesOf(o.data), o.compress ?? false));
  }
  if (inStream.length > 0) {
    const streamNum = size++;
    let header = '';
    let body = '';
    for (const [i, [n, text]] of inStream.entries()) {
      header += `${n} ${body.length} `;
      body += `${text}\n`;
      compressed.set(n, [streamNum, i]);
    }
    const data = `${header}\n${body}`;
    add(
      streamNum,
      await streamObject(
        `<< /Type /ObjStm /N ${inStream.length} /First ${header.length + 1} >>`,
        bytesOf(data),
        true,
      ),
    );
  }
  for (const [n, o] of Object.entries(options.entryOffsets ?? {})) offsets.set(Number(n), o);
  const free = options.freeObjects ?? [];
  size = Math.max(size, ...free.map((n) => n + 1), ...[...offsets.keys()].map((n) => n + 1));
  const extra = `${options.trailer ?? ''}${trailer.prev !== undefined ? ` /Prev ${trailer.prev}` : ''}`;
  const xrefAt = pos;
  if (options.xref === 'stream') {
    const num = size++;
    offsets.set(num, xrefAt);
    const all = [...offsets.keys(), ...compressed.keys(), ...free].sort((a, b) => a - b);
    const first = base.length === 0;
    const index: number[] = first ? [0, size] : runs(all);
    const rows: number[] = [];
    for (let s = 0; s < index.length; s += 2)
      for (let n = index[s]!; n < index[s]! + index[s + 1]!; n++) {
        const c = compressed.get(n);
        const o = offsets.get(n);
        if (c) rows.push(2, ...be(c[0], 4), ...be(c[1], 2));
        else if (o !== undefined) rows.push(1, ...be(o, 4), 0, 0);
        else rows.push(0, 0, 0, 0, 0, ...be(n === 0 ? 65535 : 0, 2));
      }
    const dict = `<< /Type /XRef /Size ${size} /W [1 4 2] /Index [${index.join(' ')}] /Root ${trailer.root}${extra} >>`;
    add(num, await streamObject(dict, Uint8Array.from(rows), true));
  } else {
    let table = 'xref\n';
    const all = [...offsets.keys(), ...free].sort((a, b) => a - b);
    const index = base.length === 0 ? [0, size] : runs(all);
    for (let s = 0; s < index.length; s += 2) {
      table += `${index[s]} ${index[s + 1]}\n`;
      for (let n = index[s]!; n < index[s]! + index[s + 1]!; n++) {
        const o = offsets.get(n);
        table +=
          o === undefined
            ? `0000000000 ${n === 0 ? '65535' : '00000'} f\r\n`
            : `${String(o).padStart(10, '0')} 00000 n\r\n`;
      }
    }
    table += `trailer\n<< /Size ${size} /Root ${trailer.root}${extra} >>\n`;
    parts.push(bytesOf(table));
  }
  parts.push(bytesOf(`startxref\n${xrefAt}\n%%EOF\n`));
  return concat(parts);
}

/** Contiguous runs of sorted object numbers as `/Index`-style pairs. */
function runs(nums: readonly number[]): number[] {
  const out: number[] = [];
  for (const n of nums) {
    const last = out.length - 2;
    if (last >= 0 && out[last]! + out[last + 1]! === n) out[last + 1]!++;
    else out.push(n, 1);
  }
  return out;
}

function be(v: number, width: number): number[] {
  const out: number[] = [];
  for (let i = width - 1; i >= 0; i--) out.push(Math.floor(v / 256 ** i) & 0xff);
  return out;
}

/**
 * Writes a new PDF: by default one empty A4 page (objects 1 catalog, 2 page tree, 3 page), with the
 * given objects replacing or adding to those.
 *
 * @example
 * ```ts
 * import { createPdf, readPdf } from '@mutua/pades';
 * const bytes = await createPdf({ objects: { 4: '(Contrato)' } });
 * new TextDecoder().decode(bytes.subarray(0, 8)); // '%PDF-1.7'
 * (await readPdf(bytes)).getObject(4)?.constructor.name; // 'PdfString'
 * ```
 */
export async function createPdf(options: WritePdfOptions = {}): Promise<Uint8Array> {
  const objects = { ...DEFAULT_OBJECTS, ...options.objects };
  // The binary comment line tells transfer tools the file is binary (§7.5.2).
  return writeSection(new Uint8Array(0), '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', objects, options, {
    size: 0,
    root: '1 0 R',
  });
}

/**
 * Appends an incremental update (§7.5.6) to a PDF: the given objects (new, or new versions of existing
 * ones), then a cross-reference section whose `/Prev` is the previous one. The original bytes are kept
 * as they are, so earlier signatures still cover them.
 *
 * @example
 * ```ts
 * import { appendRevision, createPdf, readPdf } from '@mutua/pades';
 * const v1 = await createPdf();
 * const v2 = await appendRevision(v1, { objects: { 3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>' } });
 * const pdf = await readPdf(v2);
 * pdf.revisions.length; // 2
 * v2.subarray(0, v1.length).every((b, i) => b === v1[i]); // true
 * ```
 */
export async function appendRevision(base: Uint8Array, options: WritePdfOptions = {}): Promise<Uint8Array> {
  const pdf = await readPdf(base);
  const last = pdf.lastRevision;
  const root = last.trailer.get('Root');
  const size = last.trailer.get('Size');
  const head = base[base.length - 1] === 0x0a || base[base.length - 1] === 0x0d ? '' : '\n';
  return writeSection(base, head, options.objects ?? {}, options, {
    size: typeof size === 'number' ? size : 0,
    root: root instanceof PdfRef ? root.toString() : '1 0 R',
    prev: last.sections[0]!.offset,
  });
}
