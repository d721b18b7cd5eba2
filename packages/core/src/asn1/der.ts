import { Asn1Error } from '../errors';

/**
 * A zero-copy view of one ASN.1 TLV (tag, length, value) inside a byte buffer.
 *
 * Offsets index into `buf`; nothing is copied until a caller asks for `bytes()`/`value()`, which
 * return `subarray` views. That keeps parsing of large structures (CRLs with 100 000 entries) cheap.
 */
export interface Tlv {
  /** The whole underlying buffer. */
  readonly buf: Uint8Array;
  /** Tag class: 0 universal, 1 application, 2 context-specific, 3 private. */
  readonly cls: number;
  /** Whether the constructed bit is set. */
  readonly constructed: boolean;
  /** Tag number. */
  readonly tag: number;
  /** Offset of the first byte of the identifier octets. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly valueStart: number;
  /** Offset one past the last content byte (for indefinite lengths: before the end-of-contents). */
  readonly valueEnd: number;
  /** Offset one past the whole TLV (including an end-of-contents marker, if any). */
  readonly end: number;
  /** True when the length was encoded in a form that DER forbids (indefinite, or not minimal). */
  readonly nonDer: boolean;
}

/** Universal tag numbers used by X.509 and CMS. */
export const Tag = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  ENUMERATED: 10,
  UTF8String: 12,
  SEQUENCE: 16,
  SET: 17,
  NumericString: 18,
  PrintableString: 19,
  T61String: 20,
  IA5String: 22,
  UTCTime: 23,
  GeneralizedTime: 24,
  VisibleString: 26,
  UniversalString: 28,
  BMPString: 30,
} as const;

/** Limits that keep hostile input from costing unbounded time or stack. */
const MAX_DEPTH = 64;

/**
 * Reads the TLV that starts at `offset`, which must end at or before `limit`.
 * Accepts BER lengths (indefinite and non-minimal) but marks them `nonDer`, so that callers who need DER
 * can refuse them, while callers who hash bytes "as received" can still proceed.
 *
 * @example
 * ```ts
 * import { readTlv } from '@mutua/core';
 * const t = readTlv(new Uint8Array([0x02, 0x01, 0x05, 0xff])); // INTEGER 5, then a stray byte
 * t.tag; // 2
 * t.end; // 3 (trailing bytes are the caller's business)
 * readTlv(new Uint8Array([0x04, 0x81, 0x01, 0x07])).nonDer; // true (non-minimal length: BER, not DER)
 * ```
 */
export function readTlv(buf: Uint8Array, offset = 0, limit = buf.length, depth = 0): Tlv {
  if (depth > MAX_DEPTH) throw new Asn1Error('ASN1_TOO_DEEP', `ASN.1 nesting deeper than ${MAX_DEPTH}`);
  let p = offset;
  if (p >= limit) throw new Asn1Error('ASN1_TRUNCATED', `ASN.1 truncated at offset ${p}: no identifier`);
  const id = buf[p++]!;
  const cls = id >> 6;
  const constructed = (id & 0x20) !== 0;
  let tag = id & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    let n = 0;
    for (;;) {
      if (p >= limit) throw new Asn1Error('ASN1_TRUNCATED', `ASN.1 truncated in a long tag at ${p}`);
      const b = buf[p++]!;
      if (n === 0 && b === 0x80) throw new Asn1Error('ASN1_BAD_TAG', `non-minimal long tag at ${p - 1}`);
      tag = tag * 128 + (b & 0x7f);
      if (++n > 4) throw new Asn1Error('ASN1_BAD_TAG', `tag number too large at ${offset}`);
      if ((b & 0x80) === 0) break;
    }
  }
  if (p >= limit) throw new Asn1Error('ASN1_TRUNCATED', `ASN.1 truncated at offset ${p}: no length`);
  const lb = buf[p++]!;
  let nonDer = false;
  if (lb === 0x80) {
    // Indefinite length: only legal for constructed encodings; find the matching end-of-contents.
    if (!constructed) throw new Asn1Error('ASN1_BAD_LENGTH', `indefinite length on a primitive at ${offset}`);
    const valueStart = p;
    let q = p;
    for (;;) {
      if (q + 2 > limit)
        throw new Asn1Error('ASN1_TRUNCATED', `indefinite-length value at ${offset} never ends`);
      if (buf[q] === 0 && buf[q + 1] === 0) break;
      q = readTlv(buf, q, limit, depth + 1).end;
    }
    return { buf, cls, constructed, tag, start: offset, valueStart, valueEnd: q, end: q + 2, nonDer: true };
  }
  let len: number;
  if (lb < 0x80) {
    len = lb;
  } else {
    const n = lb & 0x7f;
    if (n === 0x7f) throw new Asn1Error('ASN1_BAD_LENGTH', `reserved length octet at ${p - 1}`);
    if (n > 6) throw new Asn1Error('ASN1_BAD_LENGTH', `length of ${n} octets at ${p - 1} is too large`);
    if (p + n > limit) throw new Asn1Error('ASN1_TRUNCATED', `ASN.1 truncated in a length at ${p}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++]!;
    if (buf[p - n] === 0 || len < 0x80) nonDer = true;
  }
  const valueEnd = p + len;
  if (valueEnd > limit) {
    throw new Asn1Error(
      'ASN1_TRUNCATED',
      `ASN.1 value at ${offset} claims ${len} bytes but only ${limit - p} remain`,
    );
  }
  return { buf, cls, constructed, tag, start: offset, valueStart: p, valueEnd, end: valueEnd, nonDer };
}

/**
 * Parses exactly one TLV that must fill `buf` (no trailing bytes).
 *
 * @example
 * ```ts
 * import { Asn1Error, der, parseDer } from '@mutua/core';
 * const t = parseDer(der.seq(der.printable('BR'), der.utf8('São Paulo')));
 * t.constructed; // true
 * let error: unknown;
 * try {
 *   parseDer(new Uint8Array([0x05, 0x00, 0x00])); // NULL followed by a trailing byte
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof Asn1Error; // true
 * ```
 */
export function parseDer(buf: Uint8Array): Tlv {
  const t = readTlv(buf, 0, buf.length);
  if (t.end !== buf.length) {
    throw new Asn1Error('ASN1_TRAILING_DATA', `${buf.length - t.end} bytes after the ASN.1 value`);
  }
  return t;
}

/**
 * The children of a constructed TLV.
 *
 * @example
 * ```ts
 * import { children, der, parseDer } from '@mutua/core';
 * const kids = children(parseDer(der.seq(der.int(1), der.bool(true))));
 * kids.map((k) => k.tag); // [2, 1]
 * ```
 */
export function children(t: Tlv): Tlv[] {
  if (!t.constructed) throw new Asn1Error('ASN1_NOT_CONSTRUCTED', `tag ${describeTag(t)} is not constructed`);
  const out: Tlv[] = [];
  let p = t.valueStart;
  while (p < t.valueEnd) {
    const c = readTlv(t.buf, p, t.valueEnd, 1);
    out.push(c);
    p = c.end;
  }
  return out;
}

/**
 * The full encoding (identifier + length + value) as a view.
 *
 * @example
 * ```ts
 * import { children, der, parseDer, tlvBytes } from '@mutua/core';
 * const [version] = children(parseDer(der.seq(der.int(1), der.nul())));
 * tlvBytes(version!); // [0x02, 0x01, 0x01]
 * ```
 */
export function tlvBytes(t: Tlv): Uint8Array {
  return t.buf.subarray(t.start, t.end);
}

/**
 * The content octets as a view.
 *
 * @example
 * ```ts
 * import { der, parseDer, tlvValue } from '@mutua/core';
 * tlvValue(parseDer(der.octets(new Uint8Array([0xca, 0xfe])))); // [0xca, 0xfe]
 * ```
 */
export function tlvValue(t: Tlv): Uint8Array {
  return t.buf.subarray(t.valueStart, t.valueEnd);
}

/**
 * Human-readable description of a tag, for error messages.
 *
 * @example
 * ```ts
 * import { describeTag } from '@mutua/core';
 * describeTag({ cls: 2, tag: 0, constructed: true }); // '[0]'
 * describeTag({ cls: 0, tag: 16, constructed: true }); // 'UNIVERSAL 16'
 * ```
 */
export function describeTag(t: Pick<Tlv, 'cls' | 'tag' | 'constructed'>): string {
  const cls = ['UNIVERSAL', 'APPLICATION', '', 'PRIVATE'][t.cls];
  return t.cls === 2 ? `[${t.tag}]` : `${cls} ${t.tag}`;
}

/**
 * True when `t` is the universal tag `tag`.
 *
 * @example
 * ```ts
 * import { Tag, der, isUniversal, parseDer } from '@mutua/core';
 * const t = parseDer(der.utf8('Ñuñoa'));
 * isUniversal(t, Tag.UTF8String); // true
 * isUniversal(t, Tag.PrintableString); // false
 * ```
 */
export function isUniversal(t: Tlv, tag: number): boolean {
  return t.cls === 0 && t.tag === tag;
}

/**
 * True when `t` is the context-specific tag `[n]`.
 *
 * @example
 * ```ts
 * import { der, isContext, parseDer } from '@mutua/core';
 * const t = parseDer(der.ctx(0, der.int(2))); // [0] EXPLICIT Version, as in a TBSCertificate
 * isContext(t, 0); // true
 * isContext(t, 3); // false
 * ```
 */
export function isContext(t: Tlv, n: number): boolean {
  return t.cls === 2 && t.tag === n;
}
