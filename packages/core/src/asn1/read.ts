import { StructureError } from '../errors';
import { Tag, type Tlv, children, describeTag, isContext, isUniversal, readTlv, tlvValue } from './der';

/** What a reader holds once {@link SeqReader.rest} has handed its children over (never written to). */
const NO_ITEMS: Tlv[] = [];

/**
 * Walks the children of a constructed value in order, with named errors that say which field of
 * which structure was wrong. Mirrors how the ASN.1 modules of RFC 5280 read.
 *
 * @example
 * ```ts
 * import { SeqReader, Tag, decodeOid, der, parseDer } from '@mutua/core';
 * // AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }
 * const algId = parseDer(der.seq(der.oid('1.2.840.113549.1.1.11'), der.nul()));
 * const r = new SeqReader(algId, 'AlgorithmIdentifier');
 * decodeOid(r.next('algorithm', Tag.OID)); // '1.2.840.113549.1.1.11'
 * r.optional(Tag.NULL) !== undefined; // true
 * r.more; // false
 * r.end(); // throws StructureError('EXTRA_FIELDS') if fields were left unread
 * ```
 */
export class SeqReader {
  private items: Tlv[];
  private i = 0;
  constructor(
    readonly node: Tlv,
    readonly what: string,
  ) {
    if (!node.constructed)
      throw new StructureError('NOT_A_SEQUENCE', `${what}: expected a constructed value`);
    this.items = children(node);
  }
  /** The next child, which must exist (and have the universal tag `tag` when given). */
  next(field: string, tag?: number): Tlv {
    const t = this.items[this.i];
    if (!t) throw new StructureError('MISSING_FIELD', `${this.what}: missing ${field}`);
    if (tag !== undefined && !isUniversal(t, tag)) {
      throw new StructureError(
        'WRONG_TAG',
        `${this.what}: ${field} has tag ${describeTag(t)}, expected ${tag}`,
      );
    }
    this.i++;
    return t;
  }
  /** The next child when it is the context-specific tag `[n]`. */
  optionalContext(n: number): Tlv | undefined {
    const t = this.items[this.i];
    if (t && isContext(t, n)) {
      this.i++;
      return t;
    }
    return undefined;
  }
  /** The next child when it has the universal tag `tag`. */
  optional(tag: number): Tlv | undefined {
    const t = this.items[this.i];
    if (t && isUniversal(t, tag)) {
      this.i++;
      return t;
    }
    return undefined;
  }
  /** Whether children remain. */
  get more(): boolean {
    return this.i < this.items.length;
  }
  /** Every child not yet read. */
  rest(): Tlv[] {
    // Nothing read yet (the usual `new SeqReader(x).rest()`): hand over the children array itself
    // rather than a copy; the reader keeps none of it, so the caller owns what it gets.
    const r = this.i === 0 ? this.items : this.items.slice(this.i);
    this.items = NO_ITEMS;
    this.i = 0;
    return r;
  }
  /** Fails when children remain (a structure with trailing fields it does not define). */
  end(): void {
    if (this.i < this.items.length) {
      throw new StructureError(
        'EXTRA_FIELDS',
        `${this.what}: ${this.items.length - this.i} unexpected trailing field(s)`,
      );
    }
  }
}

/**
 * The content of an explicitly tagged value `[n] EXPLICIT X`.
 *
 * @example
 * ```ts
 * import { decodeSmallInt, der, explicitInner, parseDer } from '@mutua/core';
 * const version = parseDer(der.ctx(0, der.int(2))); // [0] EXPLICIT INTEGER (v3)
 * decodeSmallInt(explicitInner(version, 'version')); // 2
 * ```
 */
export function explicitInner(t: Tlv, what: string): Tlv {
  const kids = children(t);
  if (kids.length !== 1)
    throw new StructureError('BAD_EXPLICIT', `${what}: explicit tag must hold one value`);
  return kids[0]!;
}

/**
 * Decodes an OBJECT IDENTIFIER's content octets to dotted form.
 *
 * @example
 * ```ts
 * import { decodeOid, der, parseDer } from '@mutua/core';
 * decodeOid(parseDer(der.oid('2.16.76.1.3.1'))); // '2.16.76.1.3.1' (ICP-Brasil person data)
 * ```
 */
export function decodeOid(t: Tlv, what = 'OID'): string {
  if (!isUniversal(t, Tag.OID)) throw new StructureError('WRONG_TAG', `${what}: not an OBJECT IDENTIFIER`);
  // Read in place: no view is allocated for the few content bytes (OIDs are the most frequent values).
  return oidFromRange(t.buf, t.valueStart, t.valueEnd, what);
}

const oidCache = new Map<string, string>();

/**
 * Decodes OID content octets (cached: the same few hundred OIDs recur in every certificate).
 *
 * @example
 * ```ts
 * import { oidFromBytes } from '@mutua/core';
 * oidFromBytes(new Uint8Array([0x55, 0x04, 0x03])); // '2.5.4.3' (commonName)
 * ```
 */
export function oidFromBytes(v: Uint8Array, what = 'OID'): string {
  return oidFromRange(v, 0, v.length, what);
}

/** {@link oidFromBytes} of `buf[start..end)`, read in place. */
function oidFromRange(buf: Uint8Array, start: number, end: number, what: string): string {
  const length = end - start;
  if (length === 0) throw new StructureError('BAD_OID', `${what}: empty OBJECT IDENTIFIER`);
  if (length > 128) throw new StructureError('BAD_OID', `${what}: OBJECT IDENTIFIER too long`);
  let key = '';
  for (let i = start; i < end; i++) key += String.fromCharCode(buf[i]!);
  const hit = oidCache.get(key);
  if (hit) return hit;
  const arcs: string[] = [];
  let acc = 0n;
  let small = 0;
  let big = false;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (!big && small > 0x1ffffff) {
      big = true;
      acc = BigInt(small);
    }
    if (big) acc = (acc << 7n) | BigInt(b & 0x7f);
    else small = small * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      const value = big ? acc : BigInt(small);
      if (arcs.length === 0) {
        const first = value < 40n ? 0n : value < 80n ? 1n : 2n;
        arcs.push(first.toString(), (value - first * 40n).toString());
      } else arcs.push(value.toString());
      acc = 0n;
      small = 0;
      big = false;
    } else if (small === 0 && !big && b === 0x80) {
      throw new StructureError('BAD_OID', `${what}: non-minimal OID arc`);
    }
  }
  if ((buf[end - 1]! & 0x80) !== 0) throw new StructureError('BAD_OID', `${what}: truncated OID arc`);
  const s = arcs.join('.');
  if (oidCache.size < 4096) oidCache.set(key, s);
  return s;
}

/**
 * Reads an INTEGER as a bigint (two's complement, negative values allowed).
 *
 * @example
 * ```ts
 * import { decodeInteger, der, parseDer } from '@mutua/core';
 * decodeInteger(parseDer(der.int(-129n))); // -129n
 * decodeInteger(parseDer(der.uintBytes(new Uint8Array([0xff, 0xff])))); // 65535n
 * ```
 */
export function decodeInteger(t: Tlv, what = 'INTEGER'): bigint {
  if (!isUniversal(t, Tag.INTEGER) && !isUniversal(t, Tag.ENUMERATED)) {
    throw new StructureError('WRONG_TAG', `${what}: not an INTEGER`);
  }
  const v = tlvValue(t);
  if (v.length === 0) throw new StructureError('BAD_INTEGER', `${what}: empty INTEGER`);
  if (v.length > 1024) throw new StructureError('BAD_INTEGER', `${what}: INTEGER longer than 1024 bytes`);
  let n = 0n;
  for (const b of v) n = (n << 8n) | BigInt(b);
  if (v[0]! & 0x80) n -= 1n << BigInt(v.length * 8);
  return n;
}

/**
 * Reads a small non-negative INTEGER as a number; fails on values that do not fit.
 *
 * @example
 * ```ts
 * import { decodeSmallInt, der, parseDer } from '@mutua/core';
 * decodeSmallInt(parseDer(der.int(3))); // 3 (for instance a pathLenConstraint)
 * ```
 */
export function decodeSmallInt(t: Tlv, what = 'INTEGER'): number {
  const n = decodeInteger(t, what);
  if (n < 0n || n > 0x7fffffffn) throw new StructureError('BAD_INTEGER', `${what}: ${n} is out of range`);
  return Number(n);
}

/**
 * Reads a BOOLEAN. BER allows any non-zero byte for TRUE; that is accepted.
 *
 * @example
 * ```ts
 * import { decodeBoolean, der, parseDer } from '@mutua/core';
 * decodeBoolean(parseDer(der.bool(true))); // true
 * decodeBoolean(parseDer(new Uint8Array([0x01, 0x01, 0x01]))); // true (BER TRUE, accepted)
 * ```
 */
export function decodeBoolean(t: Tlv, what = 'BOOLEAN'): boolean {
  if (!isUniversal(t, Tag.BOOLEAN)) throw new StructureError('WRONG_TAG', `${what}: not a BOOLEAN`);
  const v = tlvValue(t);
  if (v.length !== 1) throw new StructureError('BAD_BOOLEAN', `${what}: BOOLEAN must be one byte`);
  return v[0] !== 0;
}

/** A BIT STRING: its bytes (a view) and the number of unused bits in the last byte. */
export interface BitString {
  readonly bytes: Uint8Array;
  readonly unusedBits: number;
}

/**
 * Reads a primitive BIT STRING.
 *
 * @example
 * ```ts
 * import { decodeBitString, der, parseDer } from '@mutua/core';
 * const bs = decodeBitString(parseDer(der.namedBits([0, 5]))); // digitalSignature + keyCertSign
 * bs.unusedBits; // 2
 * bs.bytes; // [0x84]
 * ```
 */
export function decodeBitString(t: Tlv, what = 'BIT STRING'): BitString {
  if (!isUniversal(t, Tag.BIT_STRING) || t.constructed) {
    throw new StructureError('WRONG_TAG', `${what}: not a primitive BIT STRING`);
  }
  const v = tlvValue(t);
  if (v.length === 0) throw new StructureError('BAD_BIT_STRING', `${what}: empty BIT STRING`);
  const unusedBits = v[0]!;
  if (unusedBits > 7 || (v.length === 1 && unusedBits !== 0)) {
    throw new StructureError('BAD_BIT_STRING', `${what}: ${unusedBits} unused bits is invalid`);
  }
  return { bytes: v.subarray(1), unusedBits };
}

/**
 * Bit `i` (0 = most significant bit of the first byte) of a BIT STRING.
 *
 * @example
 * ```ts
 * import { bit, decodeBitString, der, parseDer } from '@mutua/core';
 * const bs = decodeBitString(parseDer(der.namedBits([0, 5])));
 * bit(bs, 0); // true
 * bit(bs, 1); // false
 * bit(bs, 40); // false (past the end)
 * ```
 */
export function bit(bs: BitString, i: number): boolean {
  const byte = bs.bytes[i >> 3];
  return byte !== undefined && (byte & (0x80 >> (i & 7))) !== 0;
}

/**
 * Reads a primitive OCTET STRING's content as a view.
 *
 * @example
 * ```ts
 * import { decodeOctetString, der, parseDer } from '@mutua/core';
 * decodeOctetString(parseDer(der.octets(new Uint8Array([1, 2, 3])))); // [1, 2, 3]
 * ```
 */
export function decodeOctetString(t: Tlv, what = 'OCTET STRING', depth = 0): Uint8Array {
  if (!isUniversal(t, Tag.OCTET_STRING))
    throw new StructureError('WRONG_TAG', `${what}: not an OCTET STRING`);
  if (t.constructed) {
    // BER constructed OCTET STRING: concatenate the segments (bounded by the outer length and depth).
    if (depth > 8)
      throw new StructureError('BAD_OCTET_STRING', `${what}: constructed OCTET STRING nested too deeply`);
    const parts = children(t).map((c) => decodeOctetString(c, what, depth + 1));
    const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
  return tlvValue(t);
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const latin1 = new TextDecoder('latin1');

/**
 * Decodes any ASN.1 string type to a JS string. Real certificates put Latin-1 in PrintableString and
 * T61String; we read those leniently rather than reject the certificate.
 *
 * @example
 * ```ts
 * import { decodeString, der, parseDer } from '@mutua/core';
 * decodeString(parseDer(der.utf8('Bogotá D.C.'))); // 'Bogotá D.C.'
 * decodeString(parseDer(new Uint8Array([0x13, 0x02, 0xe9, 0x41]))); // 'éA' (Latin-1 in a PrintableString)
 * ```
 */
export function decodeString(t: Tlv): string {
  // Pure ASCII (nearly every name and most strings) decodes the same under every string type but the
  // two-/four-byte ones: read in place, without a view or a TextDecoder call.
  if (t.tag !== Tag.BMPString && t.tag !== Tag.UniversalString) {
    const ascii = asciiText(t.buf, t.valueStart, t.valueEnd);
    if (ascii !== undefined) return ascii;
  }
  const v = tlvValue(t);
  switch (t.tag) {
    case Tag.BMPString: {
      let s = '';
      for (let i = 0; i + 1 < v.length; i += 2) s += String.fromCharCode((v[i]! << 8) | v[i + 1]!);
      return s;
    }
    case Tag.UniversalString: {
      let s = '';
      for (let i = 0; i + 3 < v.length; i += 4) {
        const cp = ((v[i]! << 24) | (v[i + 1]! << 16) | (v[i + 2]! << 8) | v[i + 3]!) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return s;
    }
    case Tag.UTF8String:
      return fixDoubleUtf8(utf8.decode(v));
    case Tag.T61String:
      return isValidUtf8(v) ? utf8.decode(v) : latin1.decode(v);
    default: {
      let ascii = true;
      for (const b of v) if (b > 0x7f) ascii = false;
      if (ascii) {
        let s = '';
        for (const b of v) s += String.fromCharCode(b);
        return s;
      }
      return isValidUtf8(v) ? fixDoubleUtf8(utf8.decode(v)) : latin1.decode(v);
    }
  }
}

/** `buf[start..end)` as text when every byte is ASCII (and the range short), else undefined. */
function asciiText(buf: Uint8Array, start: number, end: number): string | undefined {
  if (end - start > 256) return undefined;
  let s = '';
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b > 0x7f) return undefined;
    s += String.fromCharCode(b);
  }
  return s;
}

function isValidUtf8(v: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(v);
    return true;
  } catch {
    return false;
  }
}

/**
 * Repairs text that was UTF-8 encoded twice (a common defect in Latin American certificates:
 * "JosÃ©" for "José"). Only applied when the result is itself valid UTF-8 made only of Latin-1
 * characters, so genuine text is never altered.
 *
 * @example
 * ```ts
 * import { fixDoubleUtf8 } from '@mutua/core';
 * fixDoubleUtf8('JosÃ© PÃ©rez'); // 'José Pérez'
 * fixDoubleUtf8('José Pérez'); // 'José Pérez' (genuine text is left alone)
 * ```
 */
export function fixDoubleUtf8(s: string): string {
  if (!/[\u00c2-\u00f4][\u0080-\u00bf]/.test(s)) return s;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return isValidUtf8(bytes) ? utf8.decode(bytes) : s;
}

/**
 * Reads UTCTime or GeneralizedTime. UTCTime years 50–99 are 19xx (RFC 5280 §4.1.2.5.1).
 *
 * @example
 * ```ts
 * import { decodeTime, der, parseDer } from '@mutua/core';
 * decodeTime(parseDer(der.time(new Date('2030-06-30T12:00:00Z')))); // new Date('2030-06-30T12:00:00Z')
 * const utc1999 = new Uint8Array([0x17, 0x0d, ...new TextEncoder().encode('991231235959Z')]);
 * decodeTime(parseDer(utc1999)); // new Date('1999-12-31T23:59:59Z') (UTCTime 99 is 1999)
 * ```
 */
export function decodeTime(t: Tlv, what = 'Time'): Date {
  const fast = zuluTime(t);
  if (fast !== undefined) return new Date(fast);
  const s = asciiText(t.buf, t.valueStart, t.valueEnd) ?? latin1.decode(tlvValue(t));
  let m: RegExpMatchArray | null;
  let year: number;
  let rest: string;
  if (isUniversal(t, Tag.UTCTime)) {
    m = s.match(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/);
    if (!m) throw new StructureError('BAD_TIME', `${what}: malformed UTCTime "${s}"`);
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    rest = '';
  } else if (isUniversal(t, Tag.GeneralizedTime)) {
    m = s.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d{1,9}))?(Z|[+-]\d{4})?$/);
    if (!m) throw new StructureError('BAD_TIME', `${what}: malformed GeneralizedTime "${s}"`);
    year = Number(m[1]);
    rest = m[7] ?? '';
  } else {
    throw new StructureError('WRONG_TAG', `${what}: not a UTCTime or GeneralizedTime`);
  }
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = Number(m[6] ?? '0');
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) {
    throw new StructureError('BAD_TIME', `${what}: out-of-range date "${s}"`);
  }
  const ms = rest ? Math.floor(Number(`0.${rest}`) * 1000) : 0;
  let time = Date.UTC(year, mo - 1, d, h, mi, sec, ms);
  const tz = isUniversal(t, Tag.UTCTime) ? m[7] : m[8];
  if (tz && tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    time -= sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(3, 5))) * 60000;
  }
  return new Date(time);
}

/**
 * The DER forms nearly every time takes — UTCTime `YYMMDDHHMMSSZ` and GeneralizedTime `YYYYMMDDHHMMSSZ`,
 * with every field in range — read straight from the bytes (ms since the epoch); undefined for anything
 * else, which {@link decodeTime} then reads (and judges) with its regular expressions as ever.
 */
function zuluTime(t: Tlv): number | undefined {
  if (t.cls !== 0) return undefined;
  const { buf, valueStart: p, valueEnd: e } = t;
  const len = e - p;
  let year: number;
  let q: number;
  if (t.tag === Tag.UTCTime && len === 13) {
    const yy = digits2(buf, p);
    if (yy < 0) return undefined;
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    q = p + 2;
  } else if (t.tag === Tag.GeneralizedTime && len === 15) {
    const cc = digits2(buf, p);
    const yy = digits2(buf, p + 2);
    if (cc < 0 || yy < 0) return undefined;
    year = cc * 100 + yy;
    q = p + 4;
  } else return undefined;
  if (buf[e - 1] !== 0x5a /* Z */) return undefined;
  const mo = digits2(buf, q);
  const d = digits2(buf, q + 2);
  const h = digits2(buf, q + 4);
  const mi = digits2(buf, q + 6);
  const sec = digits2(buf, q + 8);
  // digits2 is negative for a non-digit, which fails these tests too.
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59) return undefined;
  if (sec < 0 || sec > 60) return undefined;
  return Date.UTC(year, mo - 1, d, h, mi, sec, 0);
}

/** Two ASCII digits at `p` as a number, or -1 when either is not a digit. */
function digits2(buf: Uint8Array, p: number): number {
  const a = buf[p]! - 0x30;
  const b = buf[p + 1]! - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Parses `buf[offset..]` when a caller has only a view and an offset.
 *
 * @example
 * ```ts
 * import { der, readAt } from '@mutua/core';
 * const buf = der.concat([der.int(1), der.utf8('PE')]);
 * readAt(buf, 3).tag; // 12 (the UTF8String after the 3-byte INTEGER)
 * ```
 */
export function readAt(buf: Uint8Array, offset: number): Tlv {
  return readTlv(buf, offset, buf.length);
}
