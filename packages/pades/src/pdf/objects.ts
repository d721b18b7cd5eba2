/**
 * The PDF object model (ISO 32000-2 §7.3). Values are immutable; strings and dictionaries read from the
 * file keep their byte offsets, because a signature's `/ByteRange` is judged against exact positions.
 */

/**
 * A PDF name (`/SubFilter`), with `#xx` escapes decoded; compare `value`.
 *
 * @example
 * ```ts
 * import { PdfName } from '@mutua/pades';
 * new PdfName('Sig').value; // 'Sig'
 * ```
 */
export class PdfName {
  constructor(readonly value: string) {}
}

/**
 * An indirect reference `num gen R`.
 *
 * @example
 * ```ts
 * import { PdfRef } from '@mutua/pades';
 * new PdfRef(12, 0).toString(); // '12 0 R'
 * ```
 */
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}

/**
 * A PDF string, literal `( )` or hexadecimal `< >`, as decoded bytes. `start` and `end` are the offsets
 * of the whole token in the file (brackets included), or -1 when it was read from an object stream.
 *
 * @example
 * ```ts
 * import { PdfString } from '@mutua/pades';
 * const s = new PdfString(new TextEncoder().encode('Tallinn'), false, -1, -1);
 * s.text(); // 'Tallinn'
 * ```
 */
export class PdfString {
  constructor(
    readonly bytes: Uint8Array,
    readonly hex: boolean,
    readonly start: number,
    readonly end: number,
  ) {}
  /** The text, decoded as UTF-16BE or UTF-8 when it starts with their byte-order mark, else PDFDocEncoding. */
  text(): string {
    return pdfText(this.bytes);
  }
}

/**
 * A dictionary. `start` and `end` are the offsets of `<<` and after `>>` in the file (-1 in object streams).
 *
 * @example
 * ```ts
 * import { PdfDict, PdfName } from '@mutua/pades';
 * const d = new PdfDict(new Map([['Type', new PdfName('Sig')]]), -1, -1);
 * d.name('Type'); // 'Sig'
 * ```
 */
export class PdfDict {
  constructor(
    readonly entries: ReadonlyMap<string, PdfValue>,
    readonly start: number,
    readonly end: number,
  ) {}
  /** The value of a key, unresolved (a `PdfRef` stays a reference). */
  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }
  /** The name a key holds directly, if it holds one. */
  name(key: string): string | undefined {
    const v = this.entries.get(key);
    return v instanceof PdfName ? v.value : undefined;
  }
}

/**
 * A stream: its dictionary and its raw (still encoded) bytes, a view into the file or object stream.
 * Decode it with `PdfDocument.decodeStream`, which is bounded.
 *
 * @example
 * ```ts
 * import { PdfDict, PdfStream } from '@mutua/pades';
 * const s = new PdfStream(new PdfDict(new Map(), -1, -1), new Uint8Array(3), 120);
 * s.raw.length; // 3
 * ```
 */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly raw: Uint8Array,
    /** Offset of the first data byte in the file. */
    readonly dataOffset: number,
  ) {}
}

/**
 * Any PDF value. Numbers are JavaScript numbers; arrays are plain arrays.
 *
 * @example
 * ```ts
 * import type { PdfValue } from '@mutua/pades';
 * const v: PdfValue = [0, 100, 200, 50];
 * Array.isArray(v); // true
 * ```
 */
export type PdfValue =
  | null
  | boolean
  | number
  | PdfName
  | PdfString
  | PdfRef
  | readonly PdfValue[]
  | PdfDict
  | PdfStream;

/** PDFDocEncoding differs from Latin-1 only in 0x18–0x1F and 0x80–0xA0; those few are mapped here. */
const DOC_ENCODING: Readonly<Record<number, number>> = {
  24: 0x2d8,
  25: 0x2c7,
  26: 0x2c6,
  27: 0x2d9,
  28: 0x2dd,
  29: 0x2db,
  30: 0x2da,
  31: 0x2dc,
  128: 0x2022,
  129: 0x2020,
  130: 0x2021,
  131: 0x2026,
  132: 0x2014,
  133: 0x2013,
  134: 0x192,
  135: 0x2044,
  136: 0x2039,
  137: 0x203a,
  138: 0x2212,
  139: 0x2030,
  140: 0x201e,
  141: 0x201c,
  142: 0x201d,
  143: 0x2018,
  144: 0x2019,
  145: 0x201a,
  146: 0x2122,
  147: 0xfb01,
  148: 0xfb02,
  149: 0x141,
  150: 0x152,
  151: 0x160,
  152: 0x178,
  153: 0x17d,
  154: 0x131,
  155: 0x142,
  156: 0x153,
  157: 0x161,
  158: 0x17e,
  160: 0x20ac,
};

/**
 * Decodes a PDF text string (§7.9.2.2): UTF-16BE or UTF-8 after their byte-order mark, else
 * PDFDocEncoding.
 *
 * @example
 * ```ts
 * import { pdfText } from '@mutua/pades';
 * pdfText(new Uint8Array([0xfe, 0xff, 0x00, 0x53, 0x00, 0xe3, 0x00, 0x6f])); // 'São'
 * ```
 */
export function pdfText(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  let out = '';
  for (const b of bytes) out += String.fromCharCode(DOC_ENCODING[b] ?? b);
  return out;
}
