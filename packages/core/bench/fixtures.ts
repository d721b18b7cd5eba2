/**
 * Test material generated in-process with WebCrypto and core's own DER writer, for when the shared
 * corpus is absent (and for a CRL far larger than any in PKITS).
 *
 * Deliberately independent of `@mutua/testkit`: the benchmark must measure core alone, and must keep
 * working while testkit changes. Only what the benchmark and the fuzz tests need is built: an RSA-2048 /
 * SHA-256 root → CA → end-entity chain with the extensions path validation looks at, and a CRL.
 */
import * as der from '../src/asn1/write';
import { OID } from '../src/oids';

const subtle = globalThis.crypto.subtle;

const RSA_PARAMS: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};

/** sha256WithRSAEncryption with its explicit NULL parameters, as RFC 4055 requires. */
const SIG_ALG = der.seq(der.oid(OID.sha256WithRSA), der.nul());

function name(cn: string): Uint8Array {
  return der.seq(
    der.set(der.seq(der.oid(OID.countryName), der.printable('BR'))),
    der.set(der.seq(der.oid(OID.organizationName), der.utf8('Mutua Bench'))),
    der.set(der.seq(der.oid(OID.commonName), der.utf8(cn))),
  );
}

function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return der.seq(der.oid(oid), critical ? der.bool(true) : undefined, der.octets(value));
}

async function keyId(spki: Uint8Array): Promise<Uint8Array> {
  // RFC 7093 method 1 style: leftmost 160 bits of SHA-256 over the SPKI; any stable id works here.
  return new Uint8Array(await subtle.digest('SHA-256', spki as BufferSource)).subarray(0, 20);
}

/** A generated certificate with its key pair. */
export interface GeneratedCert {
  readonly der: Uint8Array;
  readonly spki: Uint8Array;
  readonly keys: CryptoKeyPair;
}

interface CertSpec {
  readonly serial: bigint;
  readonly subject: string;
  readonly issuer: string;
  readonly keys: CryptoKeyPair;
  readonly issuerKeys: CryptoKeyPair;
  readonly ca: boolean;
}

async function issue(spec: CertSpec): Promise<GeneratedCert> {
  const spki = new Uint8Array(await subtle.exportKey('spki', spec.keys.publicKey));
  const issuerSpki = new Uint8Array(await subtle.exportKey('spki', spec.issuerKeys.publicKey));
  const exts = [
    extension(OID.basicConstraints, true, spec.ca ? der.seq(der.bool(true)) : der.seq()),
    // keyCertSign (5) + cRLSign (6) for CAs; digitalSignature (0) + nonRepudiation (1) for the signer.
    extension(OID.keyUsage, true, der.namedBits(spec.ca ? [5, 6] : [0, 1])),
    extension(OID.subjectKeyIdentifier, false, der.octets(await keyId(spki))),
    extension(OID.authorityKeyIdentifier, false, der.seq(der.ctxPrim(0, await keyId(issuerSpki)))),
  ];
  const tbs = der.seq(
    der.ctx(0, der.int(2)),
    der.int(spec.serial),
    SIG_ALG,
    name(spec.issuer),
    der.seq(der.time(new Date('2020-01-01T00:00:00Z')), der.time(new Date('2040-01-01T00:00:00Z'))),
    name(spec.subject),
    spki,
    der.ctx(3, der.seq(...exts)),
  );
  const sig = new Uint8Array(
    await subtle.sign('RSASSA-PKCS1-v1_5', spec.issuerKeys.privateKey, tbs as BufferSource),
  );
  return { der: der.seq(tbs, SIG_ALG, der.bits(sig)), spki, keys: spec.keys };
}

/** A three-certificate chain: `root` (self-signed trust anchor) → `ca` → `ee`. */
export interface GeneratedChain {
  readonly root: GeneratedCert;
  readonly ca: GeneratedCert;
  readonly ee: GeneratedCert;
  /** A time inside every certificate's validity. */
  readonly time: Date;
}

/** Generates an RSA-2048 / SHA-256 chain (three key generations: a few hundred milliseconds). */
export async function generateChain(): Promise<GeneratedChain> {
  const [rk, ck, ek] = await Promise.all([
    subtle.generateKey(RSA_PARAMS, true, ['sign', 'verify']),
    subtle.generateKey(RSA_PARAMS, true, ['sign', 'verify']),
    subtle.generateKey(RSA_PARAMS, true, ['sign', 'verify']),
  ]);
  const root = await issue({
    serial: 1n,
    subject: 'Bench Root',
    issuer: 'Bench Root',
    keys: rk,
    issuerKeys: rk,
    ca: true,
  });
  const ca = await issue({
    serial: 2n,
    subject: 'Bench CA',
    issuer: 'Bench Root',
    keys: ck,
    issuerKeys: rk,
    ca: true,
  });
  const ee = await issue({
    serial: 3n,
    subject: 'Bench Signer',
    issuer: 'Bench CA',
    keys: ek,
    issuerKeys: ck,
    ca: false,
  });
  return { root, ca, ee, time: new Date('2025-06-01T00:00:00Z') };
}

/**
 * A v2 CRL issued by `issuer` with `entries` revoked serials (every tenth with a reasonCode entry
 * extension, as real CRLs mix both forms), signed for real so that it is a valid CRL.
 */
export async function generateCrl(
  issuerName: string,
  issuerKeys: CryptoKeyPair,
  entries: number,
): Promise<Uint8Array> {
  const revokedAt = der.time(new Date('2024-03-01T12:00:00Z'));
  const reason = der.seq(extension(OID.reasonCode, false, der.enumerated(1)));
  const list: Uint8Array[] = new Array(entries);
  for (let i = 0; i < entries; i++) {
    const serial = crlSerial(i);
    list[i] =
      i % 10 === 0 ? der.seq(der.int(serial), revokedAt, reason) : der.seq(der.int(serial), revokedAt);
  }
  const tbs = der.seq(
    der.int(1),
    SIG_ALG,
    name(issuerName),
    der.time(new Date('2024-06-01T00:00:00Z')),
    der.time(new Date('2024-06-08T00:00:00Z')),
    // Built with tlv() on an array: seq(...list) would spread 100 000 arguments onto the stack.
    der.tlv(0x30, list),
    der.ctx(0, der.seq(extension(OID.cRLNumber, false, der.int(42)))),
  );
  const sig = new Uint8Array(
    await subtle.sign('RSASSA-PKCS1-v1_5', issuerKeys.privateKey, tbs as BufferSource),
  );
  return der.seq(tbs, SIG_ALG, der.bits(sig));
}

/**
 * The serial of entry `i` of {@link generateCrl}: 16 random-looking bytes like real CAs use, but
 * deterministic, so that runs are reproducible and lookups can target a known entry.
 */
export function crlSerial(i: number): bigint {
  return (BigInt(i + 1) * 0x9e3779b97f4a7c15f39cc0605cedc835n) & ((1n << 127n) - 1n);
}
