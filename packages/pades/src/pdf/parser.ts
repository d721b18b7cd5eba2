/**
 * The PDF object parser (§7.3): values, and indirect objects `n g obj … endobj` with their streams.
 * Strict: anything that is not the syntax is `MALFORMED`; the one repair a viewer makes here (a wrong
 * stream `/Length`) is made only to keep reading, and reported. Internal.
 */
import { PdfError, type PdfProblem } from './errors';
import { Lexer, type Token, indexOf, isWhite } from './lexer';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfValue } from './objects';

export interface ParseContext {
  readonly maxDepth: number;
  /** False inside an object stream: offsets there are not file offsets. */
  readonly inFile: boolean;
  readonly report: (problem: PdfProblem) => void;
  /** Resolves an indirect `/Length`; undefined when it cannot be. */
  readonly resolveLength?: (ref: PdfRef) => number | undefined;
}

export function parseValue(lx: Lexer, ctx: ParseContext, depth = 0, first?: Token): PdfValue {
  const t = first ?? lx.next();
  switch (t.type) {
    case 'int': {
      // `n g R`: look ahead two tokens, and step back when they are not a generation and `R`.
      const save = lx.pos;
      const g = lx.next();
      if (g.type === 'int') {
        const r = lx.next();
        if (r.type === 'keyword' && r.value === 'R') {
          if (t.value < 0 || g.value < 0) lx.fail('negative object reference', t.start);
          return new PdfRef(t.value, g.value);
        }
      }
      lx.pos = save;
      return t.value;
    }
    case 'real':
      return t.value;
    case 'name':
      return new PdfName(t.value);
    case 'string':
      return new PdfString(t.bytes, t.hex, ctx.inFile ? t.start : -1, ctx.inFile ? t.end : -1);
    case 'keyword':
      if (t.value === 'true') return true;
      if (t.value === 'false') return false;
      if (t.value === 'null') return null;
      return lx.fail(`unexpected keyword '${t.value.slice(0, 20)}'`, t.start);
    case 'delim': {
      if (t.value === '[' || t.value === '<<') {
        if (depth >= ctx.maxDepth)
          throw new PdfError('TOO_DEEP', `objects nested deeper than ${ctx.maxDepth} at byte ${t.start}`);
      }
      if (t.value === '[') {
        const items: PdfValue[] = [];
        for (;;) {
          const n = lx.next();
          if (n.type === 'delim' && n.value === ']') return items;
          if (n.type === 'eof') lx.fail('unterminated array', t.start);
          items.push(parseValue(lx, ctx, depth + 1, n));
        }
      }
      if (t.value === '<<') {
        const entries = new Map<string, PdfValue>();
        for (;;) {
          const k = lx.next();
          if (k.type === 'delim' && k.value === '>>')
            return new PdfDict(entries, ctx.inFile ? t.start : -1, ctx.inFile ? k.end : -1);
          if (k.type !== 'name') lx.fail('dictionary key is not a name', k.start);
          const v = parseValue(lx, ctx, depth + 1);
          // A repeated key is a parser differential (P14): readers disagree on which wins. Keep the
          // first, as pdf.js and PDFBox do, and say so.
          if (entries.has(k.value))
            ctx.report({
              code: 'DUPLICATE_KEY',
              message: `key /${k.value} repeated in a dictionary`,
              offset: k.start,
            });
          else if (v !== null) entries.set(k.value, v); // §7.3.7: a null value is the same as no entry
        }
      }
      return lx.fail(`unexpected '${t.value}'`, t.start);
    }
    case 'eof':
      return lx.fail('unexpected end of data', t.start);
  }
}

export interface IndirectObject {
  readonly num: number;
  readonly gen: number;
  readonly value: PdfValue;
  /** Offset after `endobj` (or after the value when `endobj` is missing). */
  readonly end: number;
}

/** Parses `num gen obj value [stream … endstream] endobj` at `offset` of the file. */
export function parseIndirectObject(bytes: Uint8Array, offset: number, ctx: ParseContext): IndirectObject {
  const lx = new Lexer(bytes, offset);
  const n = lx.next();
  const g = lx.next();
  const o = lx.next();
  if (
    n.type !== 'int' ||
    g.type !== 'int' ||
    o.type !== 'keyword' ||
    o.value !== 'obj' ||
    n.value < 0 ||
    g.value < 0
  )
    return lx.fail('no object header (n g obj)', offset);
  let value = parseValue(lx, ctx);
  const save = lx.pos;
  let t = lx.next();
  if (t.type === 'keyword' && t.value === 'stream') {
    if (!(value instanceof PdfDict)) return lx.fail('stream without a dictionary', t.start);
    const { stream, end } = readStream(bytes, t.end, value, ctx);
    value = stream;
    lx.pos = end;
    t = lx.next();
  }
  if (t.type === 'keyword' && t.value === 'endobj') return { num: n.value, gen: g.value, value, end: t.end };
  ctx.report({ code: 'MISSING_ENDOBJ', message: `object ${n.value} ${g.value} has no endobj`, offset: save });
  return { num: n.value, gen: g.value, value, end: save };
}

/** Where stream data starts after the `stream` keyword (§7.3.8.1: CR LF or LF; a lone CR tolerated). */
function dataStart(bytes: Uint8Array, afterKeyword: number): number {
  if (bytes[afterKeyword] === 0x0d && bytes[afterKeyword + 1] === 0x0a) return afterKeyword + 2;
  if (bytes[afterKeyword] === 0x0a || bytes[afterKeyword] === 0x0d) return afterKeyword + 1;
  return afterKeyword;
}

/**
 * The span `[from, to)` of the data of the stream object at `offset`, when its header and dictionary read
 * within `window` bytes (a stream's dictionary is small; a signature dictionary with tens of KB of
 * `/Contents` is not decoded to learn it is no stream) and a direct `/Length` ends where `endstream`
 * follows; otherwise undefined (no repair is tried). Reports nothing and throws nothing: it only tells
 * where not to look for markers.
 */
export function streamDataAt(
  bytes: Uint8Array,
  offset: number,
  maxDepth: number,
  window = 2048,
): [number, number] | undefined {
  const bound = Math.min(bytes.length, offset + window);
  // No `stream` keyword in reach: not a stream with a small dictionary, and nothing is parsed.
  if (indexOf(bytes, 'stream', offset, bound) < 0) return undefined;
  try {
    const lx = new Lexer(bytes, offset, bound);
    const n = lx.next();
    const g = lx.next();
    const o = lx.next();
    if (n.type !== 'int' || g.type !== 'int' || o.type !== 'keyword' || o.value !== 'obj') return undefined;
    const dict = parseValue(lx, { maxDepth, inFile: true, report: () => {} });
    const t = lx.next();
    if (!(dict instanceof PdfDict) || t.type !== 'keyword' || t.value !== 'stream') return undefined;
    const data = dataStart(bytes, t.end);
    const length = dict.get('Length');
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) return undefined;
    if (data + length > bytes.length || endstreamAt(bytes, data + length) < 0) return undefined;
    return [data, data + length];
  } catch {
    return undefined;
  }
}

function readStream(bytes: Uint8Array, afterKeyword: number, dict: PdfDict, ctx: ParseContext) {
  // §7.3.8.1: `stream` is followed by CR LF or LF; a lone CR is non-conforming.
  const data = dataStart(bytes, afterKeyword);
  if (bytes[afterKeyword] !== 0x0a && !(bytes[afterKeyword] === 0x0d && bytes[afterKeyword + 1] === 0x0a))
    ctx.report({ code: 'STREAM_EOL', message: "'stream' not followed by CR LF or LF", offset: afterKeyword });
  const lengthValue = dict.get('Length');
  let length: number | undefined;
  if (typeof lengthValue === 'number') length = lengthValue;
  else if (lengthValue instanceof PdfRef) length = ctx.resolveLength?.(lengthValue);
  if (length !== undefined && Number.isInteger(length) && length >= 0 && data + length <= bytes.length) {
    const end = endstreamAt(bytes, data + length);
    if (end >= 0) return { stream: new PdfStream(dict, bytes.subarray(data, data + length), data), end };
  }
  // What every viewer does: look for `endstream`. Reported, because the data read is then a guess.
  const found = indexOf(bytes, 'endstream', data);
  if (found < 0) throw new PdfError('MALFORMED', `stream at byte ${data} has no endstream`);
  let stop = found;
  if (bytes[stop - 1] === 0x0a) stop--;
  if (bytes[stop - 1] === 0x0d) stop--;
  ctx.report({
    code: 'STREAM_LENGTH_REPAIRED',
    message: `stream /Length ${length ?? 'missing'} is wrong; ${stop - data} bytes read up to endstream`,
    offset: data,
  });
  return { stream: new PdfStream(dict, bytes.subarray(data, stop), data), end: found + 9 };
}

/** Offset after `endstream` when it follows `at` (after optional white space), else -1. */
function endstreamAt(bytes: Uint8Array, at: number): number {
  let p = at;
  while (p < bytes.length && p < at + 4 && isWhite(bytes[p])) p++;
  return indexOf(bytes, 'endstream', p, p + 9) === p ? p + 9 : -1;
}
