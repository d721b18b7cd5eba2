import type { HashName } from '@mutua/core';
import { Pkcs12Error, checkIterations } from './error';
import { sha1Iterated } from './sha1';

/** The three purposes of the PKCS#12 KDF (RFC 7292 Appendix B.3). */
export const KDF_ID = { key: 1, iv: 2, mac: 3 } as const;

/** Output size u and block size v of the hashes the KDF runs with, in bytes (RFC 7292 B.2). */
const HASH_SIZES: Partial<Record<HashName, { u: number; v: number }>> = {
  'SHA-1': { u: 20, v: 64 },
  'SHA-256': { u: 32, v: 64 },
  'SHA-384': { u: 48, v: 128 },
  'SHA-512': { u: 64, v: 128 },
};

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * The password as a BMPString (UTF-16BE code units) with its two trailing zero bytes, as the PKCS#12
 * KDF wants it (RFC 7292 B.1). An empty password gives the two zero bytes, as OpenSSL and Windows write.
 */
export function bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return out;
}

/** `src` repeated to fill v·⌈len/v⌉ bytes (empty stays empty), RFC 7292 B.2 steps 2–3. */
function repeatTo(src: Uint8Array, v: number): Uint8Array {
  if (src.length === 0) return src;
  const out = new Uint8Array(v * Math.ceil(src.length / v));
  for (let i = 0; i < out.length; i++) out[i] = src[i % src.length]!;
  return out;
}

/** Parameters of {@link pkcs12Kdf}. */
export interface Pkcs12KdfParams {
  readonly hash: HashName;
  /** 1: key, 2: IV, 3: MAC key. */
  readonly id: 1 | 2 | 3;
  /** The BMPString password ({@link bmpPassword}). */
  readonly password: Uint8Array;
  readonly salt: Uint8Array;
  readonly iterations: number;
  /** Bytes wanted (default: the hash's output length, as for a MAC key). */
  readonly length?: number;
  /** Used for the hashes other than SHA-1. */
  readonly subtle?: SubtleCrypto;
}

/**
 * The PKCS#12 key derivation function, RFC 7292 Appendix B.2, for any ID and output length.
 * SHA-1 (what the legacy PBE schemes and most MACs use) runs synchronously; the other hashes go through
 * WebCrypto. The iteration count is bounded ({@link checkIterations}).
 */
export async function pkcs12Kdf(p: Pkcs12KdfParams): Promise<Uint8Array> {
  const sizes = HASH_SIZES[p.hash];
  if (!sizes) throw new Pkcs12Error('PKCS12_UNSUPPORTED', `the PKCS#12 KDF with ${p.hash} is not supported`);
  const iterations = checkIterations(p.iterations, 'PKCS#12 KDF');
  const { u, v } = sizes;
  const length = p.length ?? u;
  const d = new Uint8Array(v).fill(p.id);
  const i = concat([repeatTo(p.salt, v), repeatTo(p.password, v)]);
  const c = Math.ceil(length / u);
  const out = new Uint8Array(c * u);
  for (let n = 0; n < c; n++) {
    const input = concat([d, i]);
    let a: Uint8Array;
    if (p.hash === 'SHA-1') a = sha1Iterated(input, iterations);
    else {
      const subtle = p.subtle ?? globalThis.crypto?.subtle;
      if (!subtle) throw new Pkcs12Error('PKCS12_NO_WEBCRYPTO', 'the PKCS#12 KDF needs WebCrypto');
      a = input;
      for (let r = 0; r < iterations; r++) a = new Uint8Array(await subtle.digest(p.hash, a as BufferSource));
    }
    out.set(a, n * u);
    if (n === c - 1) break;
    // Step 6C: B = A repeated to v bytes; every v-byte block Ij of I becomes (Ij + B + 1) mod 2^(8v).
    const b = repeatTo(a, v).subarray(0, v);
    for (let j = 0; j < i.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const s = i[j + k]! + b[k]! + carry;
        i[j + k] = s & 0xff;
        carry = s >>> 8;
      }
    }
  }
  return out.subarray(0, length);
}
