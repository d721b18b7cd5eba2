/**
 * An incremental update (§7.5.6) written after a document that was read: new versions of objects, a
 * cross-reference section of the same kind as the last one (table or stream), and a trailer that keeps
 * `/Root`, `/Info` and `/ID`. The output is allocated once, the original copied into it unchanged.
 * Internal: the base of signing.
 */
import type { PdfDocument } from '../pdf/document';
import { pdfValue, latin1Bytes } from './serialize';

/** One object of the update: its number, generation and body (what goes between `obj` and `endobj`). */
export interface UpdateObject {
  readonly num: number;
  readonly gen: number;
  readonly body: Uint8Array;
}

/** The written file and where each object's body starts in it. */
export interface WrittenUpdate {
  readonly bytes: Uint8Array;
  /** Offset of the first byte of each object's body, by object number. */
  readonly bodyOffsets: ReadonlyMap<number, number>;
}

/** The next free object number: past every number any revision or trailer knows. */
export function nextObjectNumber(pdf: PdfDocument): number {
  let next = 1;
  for (const rev of pdf.revisions) {
    const size = rev.trailer.get('Size');
    if (typeof size === 'number' && Number.isInteger(size)) next = Math.max(next, size);
    for (const n of rev.entries.keys()) next = Math.max(next, n + 1);
  }
  return next;
}

/** The generation object `num` has now (0 when it is new or compressed). */
export function generationOf(pdf: PdfDocument, num: number): number {
  const found = pdf.entryOf(num);
  return found?.entry.type === 'offset' ? found.entry.gen : 0;
}

function runs(nums: readonly number[]): number[] {
  const out: number[] = [];
  for (const n of nums) {
    const last = out.length - 2;
    if (last >= 0 && out[last]! + out[last + 1]! === n) out[last + 1]!++;
    else out.push(n, 1);
  }
  return out;
}

/** Appends `objects` to the document as one incremental update. */
export function writeIncrementalUpdate(pdf: PdfDocument, objects: readonly UpdateObject[]): WrittenUpdate {
  const base = pdf.bytes;
  const last = pdf.lastRevision;
  const prev = last.sections[0]!.offset;
  const useStream = last.sections[0]!.kind === 'stream';
  const parts: Uint8Array[] = [];
  const endsWithEol = base[base.length - 1] === 0x0a || base[base.length - 1] === 0x0d;
  let pos = base.length;
  const push = (p: Uint8Array) => {
    parts.push(p);
    pos += p.length;
  };
  if (!endsWithEol) push(latin1Bytes('\n'));
  const offsets = new Map<number, { offset: number; gen: number }>();
  const bodyOffsets = new Map<number, number>();
  let size = nextObjectNumber(pdf);
  for (const o of [...objects].sort((a, b) => a.num - b.num)) {
    offsets.set(o.num, { offset: pos, gen: o.gen });
    const head = latin1Bytes(`${o.num} ${o.gen} obj\n`);
    push(head);
    bodyOffsets.set(o.num, pos);
    push(o.body);
    push(latin1Bytes('\nendobj\n'));
    size = Math.max(size, o.num + 1);
  }
  const t = last.trailer;
  let extra = '';
  for (const key of ['Root', 'Info', 'ID'] as const) {
    const v = t.get(key);
    if (v !== undefined) extra += ` /${key} ${pdfValue(v)}`;
  }
  const xrefAt = pos;
  if (useStream) {
    const num = size++;
    offsets.set(num, { offset: xrefAt, gen: 0 });
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    const wide = xrefAt > 0xffffffff;
    const w = wide ? 8 : 4;
    const rows: number[] = [];
    for (const n of nums) {
      const { offset, gen } = offsets.get(n)!;
      rows.push(1);
      for (let i = w - 1; i >= 0; i--) rows.push(Math.floor(offset / 256 ** i) & 0xff);
      rows.push((gen >> 8) & 0xff, gen & 0xff);
    }
    const data = Uint8Array.from(rows);
    push(
      latin1Bytes(
        `${num} 0 obj\n<< /Type /XRef /Size ${size} /W [1 ${w} 2] /Index [${runs(nums).join(' ')}]${extra} /Prev ${prev} /Length ${data.length} >>\nstream\n`,
      ),
    );
    push(data);
    push(latin1Bytes('\nendstream\nendobj\n'));
  } else {
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    const index = runs(nums);
    let table = 'xref\n';
    for (let s = 0; s < index.length; s += 2) {
      table += `${index[s]} ${index[s + 1]}\n`;
      for (let n = index[s]!; n < index[s]! + index[s + 1]!; n++) {
        const e = offsets.get(n)!;
        table += `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n`;
      }
    }
    table += `trailer\n<< /Size ${size}${extra} /Prev ${prev} >>\n`;
    push(latin1Bytes(table));
  }
  push(latin1Bytes(`startxref\n${xrefAt}\n%%EOF\n`));
  const out = new Uint8Array(pos);
  out.set(base, 0);
  let o = base.length;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return { bytes: out, bodyOffsets };
}
