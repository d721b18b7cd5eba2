/**
 * The legacy `adbe.x509.rsa_sha1` SubFilter (ISO 32000-1 §12.8.3.2): `/Contents` is a DER OCTET STRING
 * holding a PKCS#1 v1.5 RSA signature over the SHA-1 digest of the byte ranges, and `/Cert` the signer's
 * certificate (then its chain). The RSA public operation is done here with BigInt so that the ranges are
 * hashed as streamed views of the file (WebCrypto cannot verify a precomputed digest).
 */
import {
  type Certificate,
  MutuaError,
  SeqReader,
  Tag,
  decodeInteger,
  decodeOctetString,
  parseCertificate,
  parseDer,
} from '@mutua/core';
import type { PdfDocument } from '../pdf/document';
import { type PdfDict, PdfString, type PdfValue } from '../pdf/objects';

/** DER of DigestInfo's AlgorithmIdentifier for SHA-1, then the OCTET STRING header of the digest. */
const SHA1_DIGEST_INFO_PREFIX = [
  0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
];

/** The outcome of verifying an `adbe.x509.rsa_sha1` signature value. */
export interface RsaSha1Outcome {
  readonly certificates: readonly Certificate[];
  /** `valid`, `invalid` (with why) or `unsupported` (no RSA key, no certificate, unreadable value). */
  readonly status: 'valid' | 'invalid' | 'unsupported';
  readonly message: string;
}

function bytesToBigInt(b: Uint8Array): bigint {
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

/** The `/Cert` entry: one DER certificate string, or an array of them (signer first). */
export function rsaSha1Certificates(pdf: PdfDocument, dict: PdfDict, revision: number): Certificate[] {
  const v = pdf.resolve(dict.get('Cert'), revision);
  const items: PdfValue[] = Array.isArray(v) ? [...(v as readonly PdfValue[])] : v ? [v] : [];
  const out: Certificate[] = [];
  for (const item of items) {
    const s = pdf.resolve(item, revision);
    if (!(s instanceof PdfString)) continue;
    try {
      out.push(parseCertificate(s.bytes));
    } catch (e) {
      if (!(e instanceof MutuaError)) throw e;
    }
  }
  return out;
}

/**
 * Verifies the PKCS#1 v1.5 signature `contents` (a DER OCTET STRING) with the RSA key of `signer` against
 * `sha1`, the SHA-1 digest of the byte ranges.
 */
export function verifyRsaSha1(
  contents: Uint8Array,
  signer: Certificate | undefined,
  sha1: Uint8Array,
): Omit<RsaSha1Outcome, 'certificates'> {
  if (!signer) return { status: 'unsupported', message: 'no signer certificate in /Cert' };
  if (signer.publicKey.type !== 'RSA')
    return { status: 'unsupported', message: `the /Cert key is ${signer.publicKey.type}, not RSA` };
  let signature: Uint8Array;
  let n: bigint;
  let e: bigint;
  try {
    signature = decodeOctetString(parseDer(contents), 'adbe.x509.rsa_sha1 /Contents');
    const key = new SeqReader(parseDer(signer.publicKey.publicKey), 'RSAPublicKey');
    n = decodeInteger(key.next('modulus', Tag.INTEGER));
    e = decodeInteger(key.next('publicExponent', Tag.INTEGER));
  } catch (err) {
    if (!(err instanceof MutuaError)) throw err;
    return { status: 'invalid', message: `the signature value does not parse: ${err.message}` };
  }
  const k = Math.ceil(n.toString(16).length / 2);
  const s = bytesToBigInt(signature);
  if (signature.length !== k || s >= n)
    return { status: 'invalid', message: 'the signature value does not fit the RSA modulus' };
  const m = modPow(s, e, n);
  const em = new Uint8Array(k);
  let x = m;
  for (let i = k - 1; i >= 0; i--) {
    em[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  const t = [...SHA1_DIGEST_INFO_PREFIX, ...sha1];
  const ps = k - t.length - 3;
  const ok =
    ps >= 8 &&
    em[0] === 0 &&
    em[1] === 1 &&
    em.subarray(2, 2 + ps).every((b) => b === 0xff) &&
    em[2 + ps] === 0 &&
    t.every((b, i) => em[3 + ps + i] === b);
  return ok
    ? { status: 'valid', message: 'the PKCS#1 signature verifies over the SHA-1 digest of the byte ranges' }
    : {
        status: 'invalid',
        message: 'the PKCS#1 signature does not verify over the SHA-1 digest of the byte ranges',
      };
}
