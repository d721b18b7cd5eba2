/**
 * The PDF lexer (ISO 32000-2 §7.2): tokens over a byte array, with their offsets. Internal.
 */
import { PdfError } from './errors';

export type Token =
  | { readonly type: 'int' | 'real'; readonly value: number; readonly start: number; readonly end: number }
  | { readonly type: 'name'; readonly value: string; readonly start: number; readonly end: number }
  | {
      readonly type: 'string';
      readonly bytes: Uint8Array;
      readonly hex: boolean;
      readonly start: number;
      readonly end: number;
    }
  | {
      readonly type: 'delim' | 'keyword';
      readonly value: string;
      readonly start: number;
      readonly end: number;
    }
  | { readonly type: 'eof'; readonly start: number; readonly end: number };

export function isWhite(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;
}

export function isDelimiter(b: number | undefined): boolean {
  // ( ) < > [ ] { } / %
  return (
    b === 0x28 ||
    b === 0x29 ||
    b === 0x3c ||
    b === 0x3e ||
    b === 0x5b ||
    b === 0x5d ||
    b === 0x7b ||
    b === 0x7d ||
    b === 0x2f ||
    b === 0x25
  );
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

/** Hex digit values by byte; WHITE for PDF white space, -1 for anything else. */
const WHITE = -2;
const HEX_DIGIT = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let c = 0; c < 256; c++) {
    if (isWhite(c)) t[c] = WHITE;
    else t[c] = hexValue(c);
  }
  return t;
})();

const INT = /^[+-]?\d+$/;
const REAL = /^[+-]?(\d+\.\d*|\.\d+)$/;

/** A cursor over `bytes` from `pos` to `end`. Every method is bounded by `end`. */
export class Lexer {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
    readonly end = bytes.length,
  ) {
    this.pos = pos;
  }

  fail(message: string, at = this.pos): never {
    throw new PdfError('MALFORMED', `${message} at byte ${at}`);
  }

  /** Skips white space and comments. */
  skipWhite(): void {
    const { bytes, end } = this;
    let p = this.pos;
    while (p < end) {
      const b = bytes[p]!;
      if (isWhite(b)) p++;
      else if (b === 0x25) {
        while (p < end && bytes[p] !== 0x0a && bytes[p] !== 0x0d) p++;
      } else break;
    }
    this.pos = p;
  }

  next(): Token {
    this.skipWhite();
    const { bytes, end } = this;
    const start = this.pos;
    if (start >= end) return { type: 'eof', start, end: start };
    const b = bytes[start]!;
    if (b === 0x28) return this.literalString(start);
    if (b === 0x3c) {
      if (bytes[start + 1] === 0x3c) {
        this.pos = start + 2;
        return { type: 'delim', value: '<<', start, end: start + 2 };
      }
      return this.hexString(start);
    }
    if (b === 0x3e) {
      if (bytes[start + 1] !== 0x3e) this.fail("stray '>'");
      this.pos = start + 2;
      return { type: 'delim', value: '>>', start, end: start + 2 };
    }
    if (b === 0x5b || b === 0x5d || b === 0x7b || b === 0x7d) {
      this.pos = start + 1;
      return { type: 'delim', value: String.fromCharCode(b), start, end: start + 1 };
    }
    if (b === 0x29) this.fail("stray ')'");
    if (b === 0x2f) return this.name(start);
    if (b >= 0x30 && b <= 0x39) {
      // Unsigned integers (offsets, object numbers, xref entries) without building a string: up to 15
      // digits, exact as a double, and the same value `Number` gives their text.
      let v = 0;
      let q = start;
      for (; q < end && q - start < 15; q++) {
        const c = bytes[q]!;
        if (c < 0x30 || c > 0x39) break;
        v = v * 10 + (c - 0x30);
      }
      if (q >= end || isWhite(bytes[q]) || isDelimiter(bytes[q])) {
        this.pos = q;
        return { type: 'int', value: v, start, end: q };
      }
    }
    let p = start;
    while (p < end && !isWhite(bytes[p]) && !isDelimiter(bytes[p])) p++;
    this.pos = p;
    const word = latin1(bytes, start, p);
    if (INT.test(word)) return { type: 'int', value: Number(word), start, end: p };
    if (REAL.test(word)) return { type: 'real', value: Number(word), start, end: p };
    return { type: 'keyword', value: word, start, end: p };
  }

  private name(start: number): Token {
    const { bytes, end } = this;
    let p = start + 1;
    let value = '';
    while (p < end && !isWhite(bytes[p]) && !isDelimiter(bytes[p])) {
      const c = bytes[p]!;
      if (c === 0x23 && p + 2 < end && hexValue(bytes[p + 1]!) >= 0 && hexValue(bytes[p + 2]!) >= 0) {
        value += String.fromCharCode(hexValue(bytes[p + 1]!) * 16 + hexValue(bytes[p + 2]!));
        p += 3;
      } else {
        value += String.fromCharCode(c);
        p++;
      }
    }
    this.pos = p;
    return { type: 'name', value, start, end: p };
  }

  private hexString(start: number): Token {
    const { bytes, end } = this;
    let p = start + 1;
    // The closing '>' by the native search (a signature's /Contents is tens of KB of hex), within the
    // lexer's bound: a bounded lexer fails as soon as its bound is reached.
    const found = (end < bytes.length ? bytes.subarray(0, end) : bytes).indexOf(0x3e, p);
    const close = found < 0 || found >= end ? end : found;
    if (close >= end) this.fail('unterminated hex string', start);
    // At most half the digits: allocate once, fill, then trim with a view.
    const out = new Uint8Array(Math.ceil((close - p) / 2));
    let n = 0;
    let high = -1;
    // Two digits a step while there is no white space (a signature's tens of KB of hex, mostly padding);
    // the loop below takes over from the first white space or invalid byte.
    for (; p + 1 < close; p += 2) {
      const h = HEX_DIGIT[bytes[p]!]!;
      const l = HEX_DIGIT[bytes[p + 1]!]!;
      if ((h | l) < 0) break;
      if ((h | l) === 0) {
        // A run of `0` digits is zero bytes, which `out` already holds: counted, not written.
        const pairs = (runEnd(bytes, p + 2, close, 0x30) - p) >> 1;
        n += pairs;
        p += 2 * pairs - 2;
        continue;
      }
      out[n++] = (h << 4) | l;
    }
    for (; p < close; p++) {
      const v = HEX_DIGIT[bytes[p]!]!;
      if (v < 0) {
        if (v === WHITE) continue;
        this.fail('invalid character in hex string', p);
      }
      if (high < 0) high = v;
      else {
        out[n++] = (high << 4) | v;
        high = -1;
      }
    }
    // An odd final digit is followed by an implied 0 (§7.3.4.3).
    if (high >= 0) out[n++] = high << 4;
    this.pos = close + 1;
    return { type: 'string', bytes: out.subarray(0, n), hex: true, start, end: close + 1 };
  }

  private literalString(start: number): Token {
    const { bytes, end } = this;
    const out: number[] = [];
    let depth = 1;
    let p = start + 1;
    while (p < end) {
      const c = bytes[p++]!;
      if (c === 0x5c) {
        const e = bytes[p++];
        if (e === undefined || p > end) break;
        if (e === 0x6e) out.push(0x0a);
        else if (e === 0x72) out.push(0x0d);
        else if (e === 0x74) out.push(0x09);
        else if (e === 0x62) out.push(0x08);
        else if (e === 0x66) out.push(0x0c);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let k = 0; k < 2 && p < end && bytes[p]! >= 0x30 && bytes[p]! <= 0x37; k++)
            v = v * 8 + bytes[p++]! - 0x30;
          out.push(v & 0xff);
        } else if (e === 0x0d) {
          if (bytes[p] === 0x0a) p++; // a backslash before an end of line continues the string
        } else if (e !== 0x0a) out.push(e);
      } else if (c === 0x28) {
        depth++;
        out.push(c);
      } else if (c === 0x29) {
        if (--depth === 0) {
          this.pos = p;
          return { type: 'string', bytes: Uint8Array.from(out), hex: false, start, end: p };
        }
        out.push(c);
      } else if (c === 0x0d) {
        // §7.3.4.2: an end of line in a literal string reads as a single LF.
        if (bytes[p] === 0x0a) p++;
        out.push(0x0a);
      } else out.push(c);
    }
    return this.fail('unterminated literal string', start);
  }
}

/**
 * Where the run of `byte` from `from` ends (at most `to`). A signature's reserved `/Contents` is mostly
 * such a run (of `0` digits, then of zero bytes once decoded): long ones are compared four bytes at a
 * time through a 32-bit view of the same memory.
 */
export function runEnd(bytes: Uint8Array, from: number, to: number, byte: number): number {
  let q = from;
  if (to - q >= 64) {
    while ((bytes.byteOffset + q) & 3) {
      if (bytes[q] !== byte) return q;
      q++;
    }
    // The same four bytes in either byte order.
    const four = (byte * 0x01010101) >>> 0;
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + q, (to - q) >> 2);
    let i = 0;
    while (i < words.length && words[i] === four) i++;
    q += 4 * i;
  }
  while (q < to && bytes[q] === byte) q++;
  return q;
}

export function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** The first offset of `needle` in `bytes[from, to)`, or -1. */
export function indexOf(bytes: Uint8Array, needle: string, from = 0, to = bytes.length): number {
  const first = needle.charCodeAt(0);
  const last = to - needle.length;
  // The native TypedArray indexOf finds candidates (a native loop, a few GB/s, not a JS one). It searches
  // a view ending at `to`, so a bounded search never runs on to the end of the file.
  const view = to < bytes.length ? bytes.subarray(0, to) : bytes;
  outer: for (
    let i = view.indexOf(first, Math.max(0, from));
    i >= 0 && i <= last;
    i = view.indexOf(first, i + 1)
  ) {
    for (let k = 1; k < needle.length; k++) if (bytes[i + k] !== needle.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}

/** The last offset of `needle` in `bytes[from, to)`, or -1. */
export function lastIndexOf(bytes: Uint8Array, needle: string, from = 0, to = bytes.length): number {
  const first = needle.charCodeAt(0);
  if (to - needle.length < 0) return -1;
  outer: for (
    let i = bytes.lastIndexOf(first, to - needle.length);
    i >= from;
    i = i > 0 ? bytes.lastIndexOf(first, i - 1) : -1
  ) {
    for (let k = 1; k < needle.length; k++) if (bytes[i + k] !== needle.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}
