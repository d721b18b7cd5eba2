/**
 * A minimal DER encoder. Used to build the expected PKCS#1 v1.5 block (encode-and-compare), OCSP
 * requests, and by `@mutua/testkit` to build whole test PKIs. Every function returns the full TLV.
 */

function lengthBytes(len: number): number[] {
  if (len < 0x80) return [len];
  const out: number[] = [];
  while (len > 0) {
    out.unshift(len & 0xff);
    len = Math.floor(len / 256);
  }
  return [0x80 | out.length, ...out];
}

/**
 * Concatenates byte arrays.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.concat([new Uint8Array([1]), new Uint8Array([2, 3])]); // [1, 2, 3]
 * ```
 */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Encodes a TLV from an identifier octet and content.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.tlv(0x04, new Uint8Array([0xca, 0xfe])); // [0x04, 0x02, 0xca, 0xfe] (an OCTET STRING)
 * ```
 */
export function tlv(identifier: number, content: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const body = content instanceof Uint8Array ? content : concat(content);
  const len = lengthBytes(body.length);
  const out = new Uint8Array(1 + len.length + body.length);
  out[0] = identifier;
  out.set(len, 1);
  out.set(body, 1 + len.length);
  return out;
}

/**
 * SEQUENCE of already encoded elements.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.seq(der.int(1), undefined, der.bool(true)); // [0x30, 0x06, 0x02, 0x01, 0x01, 0x01, 0x01, 0xff]
 * ```
 */
export const seq = (...items: (Uint8Array | undefined)[]): Uint8Array =>
  tlv(
    0x30,
    items.filter((x): x is Uint8Array => x !== undefined),
  );

/**
 * SET OF already encoded elements, sorted as DER requires.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.set(der.int(2), der.int(1)); // [0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02] (sorted)
 * ```
 */
export const set = (...items: Uint8Array[]): Uint8Array => tlv(0x31, [...items].sort(compareBytes));

/**
 * Explicit context tag `[n]` around encoded elements.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.ctx(0, der.int(2)); // [0xa0, 0x03, 0x02, 0x01, 0x02] ([0] EXPLICIT Version v3)
 * ```
 */
export const ctx = (n: number, ...items: Uint8Array[]): Uint8Array => tlv(0xa0 | n, items);

/**
 * Implicit context tag `[n]` on primitive content.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * const uri = der.ctxPrim(6, new TextEncoder().encode('http://ca.example.com/ca.crl')); // GeneralName uri
 * uri[0]; // 0x86
 * ```
 */
export const ctxPrim = (n: number, content: Uint8Array): Uint8Array => tlv(0x80 | n, content);

/**
 * Implicit context tag `[n]` replacing the tag of an encoded constructed value.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.implicitConstructed(1, der.seq(der.int(1))); // [0xa1, 0x03, 0x02, 0x01, 0x01]
 * ```
 */
export function implicitConstructed(n: number, encoded: Uint8Array): Uint8Array {
  const out = encoded.slice();
  out[0] = 0xa0 | n;
  return out;
}

/**
 * Implicit context tag `[n]` replacing the tag of an encoded primitive value.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.implicitPrimitive(2, der.ia5('a.cl')); // [0x82, 0x04, 0x61, 0x2e, 0x63, 0x6c] (dNSName 'a.cl')
 * ```
 */
export function implicitPrimitive(n: number, encoded: Uint8Array): Uint8Array {
  const out = encoded.slice();
  out[0] = 0x80 | n;
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * OBJECT IDENTIFIER from dotted form.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.oid('2.16.76.1.3.1'); // [0x06, 0x05, 0x60, 0x4c, 0x01, 0x03, 0x01]
 * ```
 */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((a) => BigInt(a));
  if (arcs.length < 2) throw new RangeError(`bad OID ${dotted}`);
  const values = [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)];
  const bytes: number[] = [];
  for (let v of values) {
    const chunk: number[] = [Number(v & 0x7fn)];
    v >>= 7n;
    while (v > 0n) {
      chunk.unshift(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    bytes.push(...chunk);
  }
  return tlv(0x06, new Uint8Array(bytes));
}

/**
 * INTEGER from a bigint or number (two's complement, minimal).
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.int(255); // [0x02, 0x02, 0x00, 0xff]
 * der.int(-1n); // [0x02, 0x01, 0xff]
 * ```
 */
export function int(value: bigint | number): Uint8Array {
  let v = BigInt(value);
  const bytes: number[] = [];
  if (v === 0n) bytes.push(0);
  else if (v > 0n) {
    while (v > 0n) {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
    }
    if (bytes[0]! & 0x80) bytes.unshift(0);
  } else {
    while (v < -1n || bytes.length === 0 || !(bytes[0]! & 0x80)) {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
      if (v === -1n && bytes[0]! & 0x80) break;
    }
  }
  return tlv(0x02, new Uint8Array(bytes));
}

/**
 * INTEGER whose content octets are given as unsigned big-endian bytes.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.uintBytes(new Uint8Array([0x80])); // [0x02, 0x02, 0x00, 0x80] (a sign octet is added)
 * ```
 */
export function uintBytes(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0 && !(bytes[i + 1]! & 0x80)) i++;
  const b = bytes.subarray(i);
  return tlv(0x02, b[0]! & 0x80 ? concat([new Uint8Array([0]), b]) : b);
}

/**
 * ENUMERATED.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.enumerated(1); // [0x0a, 0x01, 0x01] (CRLReason keyCompromise)
 * ```
 */
export const enumerated = (value: number): Uint8Array => {
  const i = int(value);
  i[0] = 0x0a;
  return i;
};

/**
 * NULL.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.nul(); // [0x05, 0x00]
 * ```
 */
export const nul = (): Uint8Array => new Uint8Array([0x05, 0x00]);

/**
 * BOOLEAN (DER: TRUE is 0xFF).
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.bool(true); // [0x01, 0x01, 0xff]
 * ```
 */
export const bool = (v: boolean): Uint8Array => new Uint8Array([0x01, 0x01, v ? 0xff : 0x00]);

/**
 * OCTET STRING.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.octets(new Uint8Array([1, 2])); // [0x04, 0x02, 1, 2]
 * ```
 */
export const octets = (v: Uint8Array): Uint8Array => tlv(0x04, v);

/**
 * BIT STRING with no unused bits.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.bits(new Uint8Array([0xff])); // [0x03, 0x02, 0x00, 0xff]
 * ```
 */
export const bits = (v: Uint8Array): Uint8Array => tlv(0x03, concat([new Uint8Array([0]), v]));

/**
 * BIT STRING for a named-bit list (KeyUsage, ReasonFlags): trailing zero bits removed as DER requires.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.namedBits([0, 1]); // [0x03, 0x02, 0x06, 0xc0] (digitalSignature, nonRepudiation)
 * der.namedBits([]); // [0x03, 0x01, 0x00]
 * ```
 */
export function namedBits(set: readonly number[]): Uint8Array {
  if (set.length === 0) return new Uint8Array([0x03, 0x01, 0x00]);
  const max = Math.max(...set);
  const nbytes = (max >> 3) + 1;
  const b = new Uint8Array(nbytes);
  for (const i of set) b[i >> 3]! |= 0x80 >> (i & 7);
  const unused = 7 - (max & 7);
  return tlv(0x03, concat([new Uint8Array([unused]), b]));
}

const enc = new TextEncoder();
/**
 * UTF8String.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.utf8('São'); // [0x0c, 0x04, 0x53, 0xc3, 0xa3, 0x6f]
 * ```
 */
export const utf8 = (s: string): Uint8Array => tlv(0x0c, enc.encode(s));
/**
 * PrintableString (the caller is responsible for the character set).
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.printable('BR'); // [0x13, 0x02, 0x42, 0x52]
 * ```
 */
export const printable = (s: string): Uint8Array => tlv(0x13, enc.encode(s));
/**
 * IA5String.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.ia5('a@b.cl'); // [0x16, 0x06, 0x61, 0x40, 0x62, 0x2e, 0x63, 0x6c]
 * ```
 */
export const ia5 = (s: string): Uint8Array => tlv(0x16, enc.encode(s));

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/**
 * UTCTime for dates in 1950–2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5).
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * der.time(new Date('2030-01-01T00:00:00Z'))[0]; // 0x17 (UTCTime)
 * der.time(new Date('2050-01-01T00:00:00Z'))[0]; // 0x18 (GeneralizedTime)
 * ```
 */
export function time(d: Date): Uint8Array {
  const y = d.getUTCFullYear();
  const body = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, enc.encode(pad(y % 100) + body));
  return generalizedTime(d);
}

/**
 * GeneralizedTime (no fractional seconds).
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * const t = der.generalizedTime(new Date('2025-03-01T12:00:00Z'));
 * new TextDecoder().decode(t.subarray(2)); // '20250301120000Z'
 * ```
 */
export function generalizedTime(d: Date): Uint8Array {
  const body = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  return tlv(0x18, enc.encode(body));
}
