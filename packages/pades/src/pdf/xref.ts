/**
 * Cross-reference sections (§7.5.4, §7.5.8): classic tables, cross-reference streams, and hybrid
 * sections (a table whose trailer names an `/XRefStm`). Internal.
 */
import { type DecodeBudget, decodeStreamData } from './decode';
import { PdfError } from './errors';
import { Lexer, isWhite } from './lexer';
import { PdfDict, PdfStream } from './objects';
import { type ParseContext, parseIndirectObject, parseValue } from './parser';

/**
 * One cross-reference entry: free, at a byte offset, or compressed inside an object stream.
 *
 * @example
 * ```ts
 * import type { XrefEntry } from '@mutua/pades';
 * const e: XrefEntry = { type: 'offset', offset: 15, gen: 0 };
 * e.type; // 'offset'
 * ```
 */
export type XrefEntry =
  | { readonly type: 'free'; readonly gen: number }
  | { readonly type: 'offset'; readonly offset: number; readonly gen: number }
  | { readonly type: 'compressed'; readonly stream: number; readonly index: number };

/**
 * One cross-reference section as written in the file.
 *
 * @example
 * ```ts
 * import { createPdf, readPdf } from '@mutua/pades';
 * const pdf = await readPdf(await createPdf({ xref: 'stream' }));
 * pdf.revisions[0]?.sections[0]?.kind; // 'stream'
 * ```
 */
export interface XrefSection {
  /** Where the section starts (`xref` keyword or the stream object). */
  readonly offset: number;
  readonly kind: 'table' | 'stream' | 'hybrid';
  readonly entries: ReadonlyMap<number, XrefEntry>;
  readonly trailer: PdfDict;
  /** `/Prev`, when present. */
  readonly prev?: number;
}

export interface XrefReadContext {
  readonly bytes: Uint8Array;
  readonly parse: ParseContext;
  readonly budget: DecodeBudget;
  readonly maxObjects: number;
  /** Entries read so far, over all sections (bounded by `maxObjects`). */
  count: number;
}

/** Whether a section (table or stream object) starts at `offset`. */
export function looksLikeSection(bytes: Uint8Array, offset: number): boolean {
  if (offset < 0 || offset >= bytes.length) return false;
  try {
    const lx = new Lexer(bytes, offset);
    const t = lx.next();
    // White space before the section is tolerated (readSection reports it); anything else is not.
    for (let p = offset; p < t.start; p++) if (!isWhite(bytes[p])) return false;
    if (t.type === 'keyword') return t.value === 'xref';
    return t.type === 'int' && lx.next().type === 'int' && lx.next().type === 'keyword';
  } catch {
    return false;
  }
}

export async function readSection(ctx: XrefReadContext, offset: number): Promise<XrefSection> {
  const { bytes } = ctx;
  if (!Number.isInteger(offset) || offset < 0 || offset >= bytes.length)
    throw new PdfError('BROKEN_XREF', `cross-reference offset ${offset} is outside the file`);
  const lx = new Lexer(bytes, offset);
  const first = lx.next();
  if (first.start !== offset)
    ctx.parse.report({
      code: 'XREF_OFFSET_SKEW',
      message: `cross-reference offset ${offset} points ${first.start - offset} byte(s) of white space before the section`,
      offset,
    });
  if (first.type === 'keyword' && first.value === 'xref') return readTable(ctx, lx, offset);
  if (first.type === 'int') {
    const { value } = parseIndirectObject(bytes, first.start, ctx.parse);
    if (value instanceof PdfStream && value.dict.name('Type') === 'XRef') {
      const entries = new Map<number, XrefEntry>();
      await readXrefStream(ctx, value, entries);
      return { offset, kind: 'stream', entries, trailer: value.dict, prev: prevOf(value.dict) };
    }
  }
  throw new PdfError('BROKEN_XREF', `no cross-reference section at byte ${offset}`);
}

function prevOf(trailer: PdfDict): number | undefined {
  const prev = trailer.get('Prev');
  if (prev === undefined) return undefined;
  if (typeof prev !== 'number' || !Number.isInteger(prev) || prev < 0)
    throw new PdfError('BROKEN_XREF', '/Prev is not a non-negative integer');
  return prev;
}

function countEntry(ctx: XrefReadContext): void {
  if (++ctx.count > ctx.maxObjects)
    throw new PdfError('TOO_MANY_OBJECTS', `more than ${ctx.maxObjects} cross-reference entries`);
}

async function readTable(ctx: XrefReadContext, lx: Lexer, offset: number): Promise<XrefSection> {
  const entries = new Map<number, XrefEntry>();
  for (;;) {
    const t = lx.next();
    if (t.type === 'keyword' && t.value === 'trailer') break;
    const c = lx.next();
    if (t.type !== 'int' || c.type !== 'int' || t.value < 0 || c.value < 0)
      lx.fail('bad cross-reference subsection header', t.start);
    for (let i = 0; i < c.value; i++) {
      countEntry(ctx);
      const o = lx.next();
      const g = lx.next();
      const k = lx.next();
      if (
        o.type !== 'int' ||
        g.type !== 'int' ||
        k.type !== 'keyword' ||
        (k.value !== 'n' && k.value !== 'f')
      )
        lx.fail('bad cross-reference entry', o.start);
      const num = t.value + i;
      // Within one section the first entry for a number counts; a repeat is a differential (P14).
      if (entries.has(num)) {
        ctx.parse.report({
          code: 'DUPLICATE_XREF_ENTRY',
          message: `object ${num} listed twice in one section`,
          offset: o.start,
        });
        continue;
      }
      entries.set(
        num,
        k.value === 'n' ? { type: 'offset', offset: o.value, gen: g.value } : { type: 'free', gen: g.value },
      );
    }
  }
  const trailer = parseValue(lx, ctx.parse);
  if (!(trailer instanceof PdfDict)) return lx.fail('trailer is not a dictionary', lx.pos);
  const stm = trailer.get('XRefStm');
  if (typeof stm === 'number') {
    // Hybrid file (§7.5.8.4): the stream holds the objects a PDF 1.4 reader must not see. Entries the
    // table gives in use win; the stream fills in the rest (free or absent in the table).
    const { value } = parseIndirectObject(ctx.bytes, stm, ctx.parse);
    if (!(value instanceof PdfStream) || value.dict.name('Type') !== 'XRef')
      throw new PdfError('BROKEN_XREF', `/XRefStm ${stm} is not a cross-reference stream`);
    const hidden = new Map<number, XrefEntry>();
    await readXrefStream(ctx, value, hidden);
    for (const [num, e] of hidden) {
      const mine = entries.get(num);
      if (!mine || mine.type === 'free') entries.set(num, e);
      else if (
        e.type !== 'free' &&
        !(e.type === 'offset' && mine.type === 'offset' && e.offset === mine.offset)
      )
        ctx.parse.report({
          code: 'HYBRID_CONFLICT',
          message: `object ${num} is in use both in the table and in /XRefStm; the table's entry is used`,
          offset: stm,
        });
    }
    return { offset, kind: 'hybrid', entries, trailer, prev: prevOf(trailer) };
  }
  return { offset, kind: 'table', entries, trailer, prev: prevOf(trailer) };
}

function intArray(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0))
    throw new PdfError(
      'BROKEN_XREF',
      `cross-reference stream ${what} is not an array of non-negative integers`,
    );
  return v as number[];
}

async function readXrefStream(
  ctx: XrefReadContext,
  stream: PdfStream,
  into: Map<number, XrefEntry>,
): Promise<void> {
  const { dict } = stream;
  const w = intArray(dict.get('W'), '/W');
  const size = dict.get('Size');
  if (w.length !== 3 || w.some((x) => x > 8) || typeof size !== 'number')
    throw new PdfError('BROKEN_XREF', 'cross-reference stream without a valid /W or /Size');
  const index = dict.get('Index') === undefined ? [0, size] : intArray(dict.get('Index'), '/Index');
  if (index.length % 2 !== 0)
    throw new PdfError('BROKEN_XREF', 'cross-reference stream /Index has odd length');
  // Cross-reference streams are never encrypted (§7.6.1), so decoding is always possible.
  const data = await decodeStreamData(dict, stream.raw, ctx.budget);
  const width = w[0]! + w[1]! + w[2]!;
  let p = 0;
  const field = (n: number, dflt: number) => {
    if (n === 0) return dflt;
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + data[p++]!;
    return v;
  };
  for (let s = 0; s < index.length; s += 2) {
    for (let i = 0; i < index[s + 1]!; i++) {
      if (p + width > data.length)
        throw new PdfError('BROKEN_XREF', 'cross-reference stream shorter than its /Index');
      countEntry(ctx);
      const type = field(w[0]!, 1);
      const a = field(w[1]!, 0);
      const b = field(w[2]!, 0);
      const num = index[s]! + i;
      if (into.has(num)) continue;
      if (type === 0) into.set(num, { type: 'free', gen: b });
      else if (type === 1) into.set(num, { type: 'offset', offset: a, gen: b });
      else if (type === 2) into.set(num, { type: 'compressed', stream: a, index: b });
      // Other types are reserved and read as null references (§7.5.8.3).
    }
  }
}
