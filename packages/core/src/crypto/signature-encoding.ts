import { Tag, isUniversal, parseDer, tlvValue } from '../asn1/der';
import { SeqReader } from '../asn1/read';
import { nul, octets, oid, seq } from '../asn1/write';
import { type HashName, OID_BY_HASH } from './algorithms';

/**
 * Checks that an ECDSA/DSA signature is strict DER `SEQUENCE { r INTEGER, s INTEGER }`: minimal
 * encodings, positive values, no trailing bytes. Returns r and s as unsigned big-endian bytes, or a
 * reason string for a malformed signature (a signature that is not DER is invalid, not "repairable").
 *
 * @example
 * ```ts
 * import { der, parseDerSignature } from '@mutua/core';
 * const sig = parseDerSignature(der.seq(der.int(1), der.int(0x80)));
 * typeof sig === 'string' ? sig : [Array.from(sig.r), Array.from(sig.s)]; // [[1], [0x80]] (no sign octet)
 * typeof parseDerSignature(new Uint8Array([0x30, 0x00])); // 'string' (the reason it is malformed)
 * ```
 */
export function parseDerSignature(sig: Uint8Array): { r: Uint8Array; s: Uint8Array } | string {
  try {
    const t = parseDer(sig);
    if (t.nonDer || !isUniversal(t, Tag.SEQUENCE)) return 'signature is not a DER SEQUENCE';
    const rd = new SeqReader(t, 'ECDSA-Sig-Value');
    const r = rd.next('r', Tag.INTEGER);
    const s = rd.next('s', Tag.INTEGER);
    rd.end();
    const out: Uint8Array[] = [];
    for (const x of [r, s]) {
      if (x.nonDer) return 'signature integer has a non-DER length';
      const v = tlvValue(x);
      if (v.length === 0) return 'empty signature integer';
      if (v[0]! & 0x80) return 'negative signature integer';
      if (v.length > 1 && v[0] === 0 && !(v[1]! & 0x80)) return 'non-minimal signature integer';
      const u = v[0] === 0 ? v.subarray(1) : v;
      if (u.length === 0) return 'zero signature integer';
      out.push(u);
    }
    return { r: out[0]!, s: out[1]! };
  } catch {
    return 'signature is not valid DER';
  }
}

/**
 * DER → IEEE P1363 (r || s, each left-padded to `size` bytes), as WebCrypto wants.
 *
 * @example
 * ```ts
 * import { toP1363 } from '@mutua/core';
 * toP1363(new Uint8Array([1]), new Uint8Array([2]), 4); // [0, 0, 0, 1, 0, 0, 0, 2]
 * toP1363(new Uint8Array(33), new Uint8Array([2]), 32); // undefined (r too long for P-256)
 * ```
 */
export function toP1363(r: Uint8Array, s: Uint8Array, size: number): Uint8Array | undefined {
  if (r.length > size || s.length > size) return undefined;
  const out = new Uint8Array(size * 2);
  out.set(r, size - r.length);
  out.set(s, size * 2 - s.length);
  return out;
}

/**
 * DigestInfo DER for PKCS#1 v1.5 (with the NULL parameter, as RFC 8017 §9.2 specifies).
 *
 * @example
 * ```ts
 * import { digestInfo } from '@mutua/core';
 * const di = digestInfo('SHA-256', new Uint8Array(32));
 * di.length; // 51 (a 19-byte prefix, then the digest)
 * ```
 */
export function digestInfo(hash: HashName, digest: Uint8Array): Uint8Array {
  return seq(seq(oid(OID_BY_HASH[hash]), nul()), octets(digest));
}

/**
 * The expected EMSA-PKCS1-v1_5 block `00 01 FF… 00 DigestInfo` for a modulus of `k` bytes. Verifying
 * by building this block and comparing it byte for byte (never by parsing the decrypted block) is what
 * defeats Bleichenbacher's 2006 forgery for small exponents.
 *
 * @example
 * ```ts
 * import { emsaPkcs1v15 } from '@mutua/core';
 * const em = emsaPkcs1v15('SHA-256', new Uint8Array(32), 256); // for a 2048-bit RSA key
 * em?.length; // 256
 * em?.subarray(0, 3); // [0x00, 0x01, 0xff]
 * emsaPkcs1v15('SHA-512', new Uint8Array(64), 64); // undefined (key too small for this hash)
 * ```
 */
export function emsaPkcs1v15(hash: HashName, digest: Uint8Array, k: number): Uint8Array | undefined {
  // The DigestInfo prefix depends only on the hash and the digest's length: built once, then copied.
  const key = `${hash}/${digest.length}`;
  let prefix = DIGEST_INFO_PREFIX.get(key);
  if (!prefix) {
    const full = digestInfo(hash, digest);
    prefix = full.slice(0, full.length - digest.length);
    DIGEST_INFO_PREFIX.set(key, prefix);
  }
  const tLen = prefix.length + digest.length;
  if (k < tLen + 11) return undefined;
  const em = new Uint8Array(k);
  em[1] = 1;
  em.fill(0xff, 2, k - tLen - 1);
  em.set(prefix, k - tLen);
  em.set(digest, k - digest.length);
  return em;
}

const DIGEST_INFO_PREFIX = new Map<string, Uint8Array>();

/**
 * Constant-time comparison.
 *
 * @example
 * ```ts
 * import { timingSafeEqual } from '@mutua/core';
 * timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3])); // true
 * timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4])); // false
 * ```
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
