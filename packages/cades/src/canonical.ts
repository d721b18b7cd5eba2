import { Asn1Error, Tag, type Tlv, children, decodeOctetString, der, isUniversal } from '@mutua/core';

function lengthOctets(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

function encode(identifier: Uint8Array, content: Uint8Array): Uint8Array {
  return der.concat([identifier, new Uint8Array(lengthOctets(content.length)), content]);
}

function identifierOf(t: Tlv): Uint8Array {
  let p = t.start + 1;
  if ((t.buf[t.start]! & 0x1f) === 0x1f) while (t.buf[p++]! & 0x80);
  return t.buf.subarray(t.start, p);
}

function compare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * The DER encoding (X.690 §10) of a value received in BER: definite minimal lengths, SET OF elements sorted
 * by their encodings, constructed OCTET STRINGs joined into primitive ones. Primitive contents are kept
 * as they are (a non-minimal INTEGER stays so: re-encoding values is beyond what signers get wrong).
 * `identifier` replaces the outer identifier octets (0x31 for `[0] IMPLICIT` signed attributes), and
 * `asSet` sorts the outer value's elements as a SET OF.
 */
export function derEncoding(t: Tlv, identifier?: number, asSet = false, depth = 0): Uint8Array {
  if (depth > 64) throw new Asn1Error('ASN1_TOO_DEEP', 'signed attributes nested too deeply');
  const id = identifier === undefined ? identifierOf(t) : new Uint8Array([identifier]);
  if (!t.constructed)
    return t.nonDer ? encode(id, t.buf.subarray(t.valueStart, t.valueEnd)) : t.buf.subarray(t.start, t.end);
  if (isUniversal(t, Tag.OCTET_STRING)) return encode(new Uint8Array([0x04]), decodeOctetString(t));
  const kids = children(t).map((c) => derEncoding(c, undefined, false, depth + 1));
  if (asSet || isUniversal(t, Tag.SET)) kids.sort(compare);
  return encode(id, der.concat(kids));
}

/**
 * Whether a value is already DER in the respects {@link derEncoding} normalises (definite minimal
 * lengths, sorted SET OF, primitive OCTET STRINGs): the common case, checked without allocating
 * re-encodings.
 */
export function isDerEncoded(t: Tlv, asSet = false, depth = 0): boolean {
  if (t.nonDer) return false;
  if (!t.constructed) return true;
  if (depth > 64 || isUniversal(t, Tag.OCTET_STRING)) return false;
  const kids = children(t);
  const sorted = asSet || isUniversal(t, Tag.SET);
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i]!;
    if (!isDerEncoded(k, false, depth + 1)) return false;
    if (sorted && i > 0) {
      const prev = kids[i - 1]!;
      if (compare(prev.buf.subarray(prev.start, prev.end), k.buf.subarray(k.start, k.end)) > 0) return false;
    }
  }
  return true;
}
