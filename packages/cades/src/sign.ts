import {
  type Certificate,
  type HashName,
  MutuaError,
  OID,
  OID_BY_HASH,
  der,
  digestInfo,
  parseCertificate,
  parseDerSignature,
} from '@mutua/core';
import { bytesEqual } from './bytes';
import { CMS_OID } from './oids';
import { parseTimeStampToken } from './timestamp';

/** A signing operation that cannot be carried out as asked (inconsistent key, certificate and options). */
export class SigningError extends MutuaError {}

/** The hashes {@link signCades} signs with (those WebCrypto implements, SHA-1 excluded). */
export type SigningHash = 'SHA-256' | 'SHA-384' | 'SHA-512';

/** The signature schemes {@link signCades} writes. */
export type SigningScheme = 'RSA-PKCS1' | 'RSA-PSS' | 'ECDSA' | 'Ed25519';

/** What a remote signing callback is told about the signature it must produce. */
export interface RemoteSignInfo {
  /** The hash of the signature (for `signData`: the hash the callback must apply; Ed25519 hashes internally). */
  readonly hash: SigningHash;
  readonly scheme: SigningScheme;
  /** RSA-PSS only: the salt length in bytes (MGF1 uses the same hash). */
  readonly saltLength?: number;
  /** The signatureAlgorithm AlgorithmIdentifier DER that will be written in the SignerInfo. */
  readonly algorithmIdentifier: Uint8Array;
  /**
   * RSA-PKCS1 with `signDigest` only: the DER DigestInfo of the digest, for tokens and HSMs that sign raw
   * PKCS#1 v1.5 blocks (PKCS#11 `CKM_RSA_PKCS`), which want the DigestInfo rather than the bare digest.
   */
  readonly digestInfo?: Uint8Array;
}

/**
 * A signing key held elsewhere (HSM, cloud KMS, smart card, signing service), used through a callback.
 * Give exactly one of `signData` and `signDigest`.
 *
 * - `signData(toBeSigned, info)` receives the DER of the signed attributes (the SET OF that the signature
 *   covers, RFC 5652 §5.4) and must hash it itself with `info.hash` and sign (what WebCrypto's `sign`,
 *   PKCS#11 `CKM_SHA256_RSA_PKCS` / `CKM_ECDSA_SHA256` or Ed25519 do).
 * - `signDigest(digest, info)` receives the hash of those bytes, computed here with `info.hash`, and must
 *   sign the digest as is (cloud KMS "sign digest" calls, PKCS#11 `CKM_ECDSA` / `CKM_RSA_PKCS` with
 *   `info.digestInfo`). Not possible for Ed25519, which signs the message itself.
 *
 * Both return the signature value: for RSA the raw signature; for ECDSA either DER `ECDSA-Sig-Value` or
 * IEEE P1363 `r ‖ s` (recognised and converted to DER); for Ed25519 the 64 bytes.
 */
export interface RemoteSigner {
  readonly signData?: (toBeSigned: Uint8Array, info: RemoteSignInfo) => Promise<Uint8Array>;
  readonly signDigest?: (digest: Uint8Array, info: RemoteSignInfo) => Promise<Uint8Array>;
  /**
   * The scheme the remote key signs with. Default from the certificate's public key: RSA-PKCS1 for RSA
   * keys, RSA-PSS for id-RSASSA-PSS keys, ECDSA for EC keys, Ed25519.
   */
  readonly scheme?: SigningScheme;
}

/** Detached content given only by its digest (the content itself never leaves the caller). */
export interface ContentDigest {
  /** The hash of the content. */
  readonly digest: Uint8Array;
  /** The hash function that made it (becomes the SignerInfo's digestAlgorithm). */
  readonly hash: SigningHash;
}

/** The address where the signer claims to have signed (signer-location, EN 319 122-1 §5.2.5). */
export interface SignerLocationOptions {
  /** Country name (free text; ISO 3166 codes are usual). */
  readonly country?: string;
  readonly locality?: string;
  /** Up to 6 lines. */
  readonly postalAddress?: readonly string[];
}

/** The signature policy the signature is made under (signature-policy-identifier: an EPES signature). */
export interface SignaturePolicyOptions {
  /** The policy OID. */
  readonly oid: string;
  /** The hash function of `digest`. */
  readonly hash: SigningHash | 'SHA-1';
  /** The hash of the policy document, as its policy format defines it. */
  readonly digest: Uint8Array;
  /** Where the policy document is published (an SPuri qualifier). */
  readonly uri?: string;
}

/** A signed or unsigned attribute given already encoded: its type and the DER of each value. */
export interface RawAttribute {
  readonly type: string;
  readonly values: readonly Uint8Array[];
}

/** Options of {@link signCades}. */
export interface SignCadesOptions {
  /** The content's bytes, or only its digest (then the signature is necessarily detached). */
  readonly content: Uint8Array | ContentDigest;
  /** Leave the content out of the CMS (a detached `.p7s`); default false for bytes. */
  readonly detached?: boolean;
  /** eContentType (default id-data). */
  readonly contentType?: string;
  /** The signer's certificate, DER or parsed. */
  readonly certificate: Uint8Array | Certificate;
  /** Further certificates to embed (intermediate CAs; the root is optional). */
  readonly chain?: readonly (Uint8Array | Certificate)[];
  /**
   * The signing key: a WebCrypto private key (RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA P-256/384/521, Ed25519;
   * usage `sign`), or a {@link RemoteSigner}. The key is not checked against the certificate: a wrong key
   * gives a signature that every verifier refuses.
   */
  readonly key: CryptoKey | RemoteSigner;
  /**
   * The hash of the content digest and of the signature. Default: the RSA CryptoKey's own hash; SHA-256,
   * SHA-384, SHA-512 for P-256, P-384, P-521; SHA-512 for Ed25519 (RFC 8419 §3); the digest's hash for
   * `content: { digest, hash }`; SHA-256 otherwise.
   */
  readonly hash?: SigningHash;
  /** RSA-PSS only: salt length in bytes (default the hash length). */
  readonly saltLength?: number;
  /** signing-time (default now); `null` leaves it out. */
  readonly signingTime?: Date | null;
  /** How the SignerInfo names the certificate (default issuerAndSerialNumber). */
  readonly signerIdentifier?: 'issuerAndSerialNumber' | 'subjectKeyIdentifier';
  /** commitment-type-indication OIDs (one attribute each), e.g. proof of origin 1.2.840.113549.1.9.16.6.1. */
  readonly commitmentTypes?: readonly string[];
  readonly signerLocation?: SignerLocationOptions;
  readonly signaturePolicy?: SignaturePolicyOptions;
  /** content-hints: what the content is (for the reader of the signature). */
  readonly contentHints?: { readonly description?: string; readonly contentType?: string };
  /** More signed attributes (written after the standard ones, then DER-sorted with them). */
  readonly signedAttributes?: readonly RawAttribute[];
  /** Unsigned attributes to add (before the signature time-stamp). */
  readonly unsignedAttributes?: readonly RawAttribute[];
  /**
   * Makes a CAdES-BASELINE-T: called with the message imprint (the **hash**, with `hash`, of the
   * SignerInfo's signature value, i.e. RFC 3161 `hashedMessage`), it returns the DER TimeStampToken (the
   * `timeStampToken` of the TSA's response). The token is checked to be a time-stamp over that imprint.
   */
  readonly timestamp?: (imprint: Uint8Array, hash: SigningHash) => Promise<Uint8Array>;
  /** Hash of the signature time-stamp's imprint (default SHA-256). */
  readonly timestampHash?: SigningHash;
  /** WebCrypto to use (default `globalThis.crypto.subtle`). */
  readonly subtle?: SubtleCrypto;
}

const HASH_LEN: Record<SigningHash, number> = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };
const RSA_OID: Record<SigningHash, string> = {
  'SHA-256': OID.sha256WithRSA,
  'SHA-384': OID.sha384WithRSA,
  'SHA-512': OID.sha512WithRSA,
};
const ECDSA_OID: Record<SigningHash, string> = {
  'SHA-256': OID.ecdsaWithSHA256,
  'SHA-384': OID.ecdsaWithSHA384,
  'SHA-512': OID.ecdsaWithSHA512,
};
const CURVE_HASH: Record<string, SigningHash> = {
  'P-256': 'SHA-256',
  'P-384': 'SHA-384',
  'P-521': 'SHA-512',
};
const CURVE_SIZE: Record<string, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };
const CURVE_BY_OID_NAME: Record<string, string> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
};

function isSigningHash(h: string | undefined): h is SigningHash {
  return h === 'SHA-256' || h === 'SHA-384' || h === 'SHA-512';
}

function isCryptoKey(k: CryptoKey | RemoteSigner): k is CryptoKey {
  return typeof (k as CryptoKey).algorithm === 'object' && typeof (k as CryptoKey).type === 'string';
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** DER SET OF: elements sorted by their encodings (X.690 §11.6). */
function setOf(identifier: number, items: readonly Uint8Array[]): Uint8Array {
  return der.tlv(identifier, [...items].sort(compareBytes));
}

function attribute(type: string, ...values: Uint8Array[]): Uint8Array {
  return der.seq(der.oid(type), setOf(0x31, values));
}

function hashAlgorithm(hash: HashName): Uint8Array {
  // RFC 5754 §2: the parameters of the SHA-2 AlgorithmIdentifiers are absent in CMS.
  return der.seq(der.oid(OID_BY_HASH[hash]));
}

/** The resolved scheme and algorithm identifier of one signature. */
interface Plan {
  readonly scheme: SigningScheme;
  readonly hash: SigningHash;
  readonly saltLength?: number;
  readonly algorithmIdentifier: Uint8Array;
  /** ECDSA: the field size in bytes (for P1363 → DER). */
  readonly curveSize?: number;
}

function algorithmIdentifier(scheme: SigningScheme, hash: SigningHash, saltLength: number): Uint8Array {
  switch (scheme) {
    case 'RSA-PKCS1':
      return der.seq(der.oid(RSA_OID[hash]), der.nul());
    case 'RSA-PSS': {
      // RFC 4055 §3.1, with every field written (trailerField 1 is the DEFAULT, hence omitted).
      const h = der.seq(der.oid(OID_BY_HASH[hash]), der.nul());
      return der.seq(
        der.oid(OID.rsassaPss),
        der.seq(der.ctx(0, h), der.ctx(1, der.seq(der.oid(OID.mgf1), h)), der.ctx(2, der.int(saltLength))),
      );
    }
    case 'ECDSA':
      return der.seq(der.oid(ECDSA_OID[hash]));
    case 'Ed25519':
      return der.seq(der.oid(OID.ed25519));
  }
}

function plan(options: SignCadesOptions, cert: Certificate): Plan {
  const key = options.key;
  const digestHash = options.content instanceof Uint8Array ? undefined : options.content.hash;
  let scheme: SigningScheme;
  let keyHash: SigningHash | undefined;
  let curve: string | undefined;
  if (isCryptoKey(key)) {
    if (key.type !== 'private')
      throw new SigningError('SIGN_NOT_PRIVATE_KEY', 'the signing key is not private');
    const alg = key.algorithm as KeyAlgorithm & { hash?: { name: string }; namedCurve?: string };
    switch (alg.name) {
      case 'RSASSA-PKCS1-v1_5':
      case 'RSA-PSS': {
        scheme = alg.name === 'RSA-PSS' ? 'RSA-PSS' : 'RSA-PKCS1';
        const h = alg.hash?.name;
        if (!isSigningHash(h))
          throw new SigningError('SIGN_UNSUPPORTED_HASH', `the RSA key is bound to ${h}, not SHA-2`);
        keyHash = h;
        break;
      }
      case 'ECDSA':
        scheme = 'ECDSA';
        curve = alg.namedCurve;
        break;
      case 'Ed25519':
        scheme = 'Ed25519';
        break;
      default:
        throw new SigningError('SIGN_UNSUPPORTED_KEY', `cannot sign with a ${alg.name} key`);
    }
  } else {
    if (!key.signData === !key.signDigest)
      throw new SigningError(
        'SIGN_BAD_REMOTE_SIGNER',
        'a RemoteSigner needs exactly one of signData, signDigest',
      );
    const t = cert.publicKey.type;
    scheme =
      key.scheme ??
      (t === 'RSA'
        ? 'RSA-PKCS1'
        : t === 'RSA-PSS'
          ? 'RSA-PSS'
          : t === 'EC'
            ? 'ECDSA'
            : t === 'Ed25519'
              ? 'Ed25519'
              : (() => {
                  throw new SigningError('SIGN_UNSUPPORTED_KEY', `cannot sign for a ${t} certificate key`);
                })());
    if (scheme === 'ECDSA') curve = CURVE_BY_OID_NAME[cert.publicKey.curve ?? ''];
    if (scheme === 'Ed25519' && key.signDigest)
      throw new SigningError('SIGN_DIGEST_ED25519', 'Ed25519 signs the message, not a digest: use signData');
  }

  // The key type must be able to sign for the certificate's key.
  const certType = cert.publicKey.type;
  const fits =
    scheme === 'ECDSA'
      ? certType === 'EC'
      : scheme === 'Ed25519'
        ? certType === 'Ed25519'
        : certType === 'RSA' || (certType === 'RSA-PSS' && scheme === 'RSA-PSS');
  if (!fits)
    throw new SigningError(
      'SIGN_KEY_CERT_MISMATCH',
      `a ${scheme} key cannot sign for a ${certType} certificate`,
    );
  if (scheme === 'ECDSA' && curve === undefined)
    throw new SigningError('SIGN_UNSUPPORTED_CURVE', `unsupported curve ${cert.publicKey.curve}`);

  const hash =
    options.hash ??
    keyHash ??
    digestHash ??
    (scheme === 'ECDSA' ? CURVE_HASH[curve!] : scheme === 'Ed25519' ? 'SHA-512' : undefined) ??
    'SHA-256';
  if (!isSigningHash(hash)) throw new SigningError('SIGN_UNSUPPORTED_HASH', `unsupported hash ${hash}`);
  if (keyHash && keyHash !== hash)
    throw new SigningError(
      'SIGN_HASH_MISMATCH',
      `the RSA CryptoKey is bound to ${keyHash}; import it for ${hash} to sign with that hash`,
    );
  if (digestHash && digestHash !== hash)
    throw new SigningError(
      'SIGN_HASH_MISMATCH',
      `the content digest is ${digestHash}, the signature hash ${hash}`,
    );
  if (digestHash && options.content instanceof Uint8Array === false) {
    const n = (options.content as ContentDigest).digest.length;
    if (n !== HASH_LEN[hash])
      throw new SigningError('SIGN_BAD_DIGEST', `a ${hash} digest has ${HASH_LEN[hash]} bytes, not ${n}`);
  }
  const saltLength = options.saltLength ?? HASH_LEN[hash];
  return {
    scheme,
    hash,
    ...(scheme === 'RSA-PSS' ? { saltLength } : {}),
    algorithmIdentifier: algorithmIdentifier(scheme, hash, saltLength),
    ...(curve ? { curveSize: CURVE_SIZE[curve] } : {}),
  };
}

/** ECDSA: accepts strict DER `ECDSA-Sig-Value`, or P1363 `r ‖ s` of twice the field size. */
function ecdsaToDer(sig: Uint8Array, size: number): Uint8Array {
  const parsed = parseDerSignature(sig);
  if (typeof parsed !== 'string' && parsed.r.length <= size && parsed.s.length <= size) return sig;
  if (sig.length !== 2 * size)
    throw new SigningError(
      'SIGN_BAD_SIGNATURE',
      `an ECDSA signature of ${sig.length} bytes is neither DER nor P1363`,
    );
  return der.seq(der.uintBytes(sig.subarray(0, size)), der.uintBytes(sig.subarray(size)));
}

async function produceSignature(
  subtle: SubtleCrypto,
  key: CryptoKey | RemoteSigner,
  p: Plan,
  toBeSigned: Uint8Array,
): Promise<Uint8Array> {
  const info: RemoteSignInfo = {
    hash: p.hash,
    scheme: p.scheme,
    algorithmIdentifier: p.algorithmIdentifier,
    ...(p.saltLength !== undefined ? { saltLength: p.saltLength } : {}),
  };
  let sig: Uint8Array;
  if (isCryptoKey(key)) {
    const data = toBeSigned as BufferSource;
    const alg =
      p.scheme === 'RSA-PKCS1'
        ? { name: 'RSASSA-PKCS1-v1_5' }
        : p.scheme === 'RSA-PSS'
          ? { name: 'RSA-PSS', saltLength: p.saltLength! }
          : p.scheme === 'ECDSA'
            ? { name: 'ECDSA', hash: p.hash }
            : { name: 'Ed25519' };
    sig = new Uint8Array(await subtle.sign(alg, key, data));
  } else if (key.signData) {
    sig = await key.signData(toBeSigned, info);
  } else {
    const digest = new Uint8Array(await subtle.digest(p.hash, toBeSigned as BufferSource));
    sig = await key.signDigest!(digest, {
      ...info,
      ...(p.scheme === 'RSA-PKCS1' ? { digestInfo: digestInfo(p.hash, digest) } : {}),
    });
  }
  if (!(sig instanceof Uint8Array) || sig.length === 0)
    throw new SigningError('SIGN_BAD_SIGNATURE', 'the signer returned no signature');
  return p.scheme === 'ECDSA' ? ecdsaToDer(sig, p.curveSize!) : sig;
}

function essSigningCertificateV2(cert: Certificate, certHash: Uint8Array): Uint8Array {
  // ESSCertIDv2 with the DEFAULT hash (SHA-256) omitted, and IssuerSerial { GeneralNames { [4] Name }, serial }.
  const issuerSerial = der.seq(der.seq(der.ctx(4, cert.issuer.der)), der.int(cert.serialNumber));
  return der.seq(der.seq(der.seq(der.octets(certHash), issuerSerial)));
}

async function subjectKeyIdentifier(subtle: SubtleCrypto, cert: Certificate): Promise<Uint8Array> {
  // RFC 5280 §4.2.1.2 method 1 when the certificate has no subjectKeyIdentifier extension.
  return (
    cert.ext.subjectKeyIdentifier ??
    new Uint8Array(await subtle.digest('SHA-1', cert.publicKey.publicKey as BufferSource))
  );
}

function toCertificate(c: Uint8Array | Certificate): Certificate {
  return c instanceof Uint8Array ? parseCertificate(c) : c;
}

/**
 * Signs content as CAdES-BASELINE-B (ETSI EN 319 122-1), or CAdES-BASELINE-T when a `timestamp`
 * function is given, and returns the DER CMS ContentInfo (a `.p7s` when detached, `.p7m` when attached;
 * `toPem(p7s, 'CMS')` from `@mutua/core` gives PEM).
 *
 * The signed attributes are content-type, message-digest, signing-time (default now),
 * signing-certificate-v2 (SHA-256 of the certificate and its issuerSerial), and, when asked,
 * commitment-type-indication, signer-location, signature-policy-identifier and content-hints, written
 * as a DER SET OF. The key is a WebCrypto `CryptoKey` or a {@link RemoteSigner} callback (HSM, cloud KMS,
 * smart card). Runs wherever WebCrypto does; nothing here needs Node.js.
 *
 * @throws {@link SigningError} when key, certificate and options do not fit together (an ECDSA key for
 * an RSA certificate, an RSA CryptoKey bound to another hash, a time-stamp token over something else…).
 * @example
 * ```ts
 * import { signCades, verifyCades } from '@mutua/cades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const contract = new TextEncoder().encode('contract');
 * const p7s = await signCades({
 *   content: contract,
 *   detached: true,
 *   certificate: leaf.der,
 *   chain: [ca.der],
 *   key: leaf.key.privateKey, // a CryptoKey (here ECDSA P-256)
 *   commitmentTypes: ['1.2.840.113549.1.9.16.6.1'], // proof of origin
 * });
 * const report = await verifyCades(p7s, { detachedContent: contract, trustAnchors, crls, crypto: nodeCryptoEngine });
 * report.signatures.map((s) => [s.format, s.indication]); // [['CAdES-BASELINE-B', 'TOTAL_PASSED']]
 * ```
 * @example
 * ```ts
 * // A remote key (HSM, cloud KMS, smart card) and a time-stamp: CAdES-BASELINE-T.
 * import { signCades, verifyCades } from '@mutua/cades';
 * import { createTsa, timestampToken } from '@mutua/testkit';
 * const tsa = await createTsa(pki);
 * const p7m = await signCades({
 *   content: new TextEncoder().encode('invoice'),
 *   certificate: cert,
 *   chain: [issuer],
 *   key: {
 *     // Stands in for the HSM: hashes with info.hash and signs, returning DER ECDSA-Sig-Value.
 *     signData: (toBeSigned, info) => leaf.key.sign(toBeSigned, { hash: info.hash }),
 *   },
 *   timestamp: (imprint, hash) => timestampToken({ tsa, digest: imprint, hash }),
 * });
 * const report = await verifyCades(p7m, { trustAnchors, crls });
 * report.signatures[0]?.format; // 'CAdES-BASELINE-T'
 * ```
 */
export async function signCades(options: SignCadesOptions): Promise<Uint8Array> {
  const subtle = options.subtle ?? globalThis.crypto?.subtle;
  if (!subtle) throw new SigningError('SIGN_NO_WEBCRYPTO', 'signCades needs WebCrypto (crypto.subtle)');
  const cert = toCertificate(options.certificate);
  const chain = (options.chain ?? []).map(toCertificate);
  const p = plan(options, cert);
  const eContentType = options.contentType ?? CMS_OID.data;
  const content = options.content instanceof Uint8Array ? options.content : undefined;
  if (!content && options.detached === false)
    throw new SigningError('SIGN_NO_CONTENT', 'content given only by its digest cannot be attached');
  const detached = content ? options.detached === true : true;
  const messageDigest = content
    ? new Uint8Array(await subtle.digest(p.hash, content as BufferSource))
    : (options.content as ContentDigest).digest;

  // Signed attributes (EN 319 122-1 §5.2, baseline B).
  const certHash = new Uint8Array(await subtle.digest('SHA-256', cert.der as BufferSource));
  const attrs: Uint8Array[] = [];
  const attrTypes: string[] = [];
  const add = (type: string, ...values: Uint8Array[]) => {
    attrs.push(attribute(type, ...values));
    attrTypes.push(type);
  };
  add(CMS_OID.contentType, der.oid(eContentType));
  add(CMS_OID.messageDigest, der.octets(messageDigest));
  add(CMS_OID.signingCertificateV2, essSigningCertificateV2(cert, certHash));
  const signingTime = options.signingTime === undefined ? new Date() : options.signingTime;
  if (signingTime) add(CMS_OID.signingTime, der.time(signingTime));
  for (const c of options.commitmentTypes ?? []) add(CMS_OID.commitmentType, der.seq(der.oid(c)));
  const loc = options.signerLocation;
  if (loc) {
    if ((loc.postalAddress?.length ?? 0) > 6)
      throw new SigningError('SIGN_BAD_ATTRIBUTE', 'a postal address has at most 6 lines');
    add(
      CMS_OID.signerLocation,
      der.seq(
        loc.country !== undefined ? der.ctx(0, der.utf8(loc.country)) : undefined,
        loc.locality !== undefined ? der.ctx(1, der.utf8(loc.locality)) : undefined,
        loc.postalAddress?.length ? der.ctx(2, der.seq(...loc.postalAddress.map(der.utf8))) : undefined,
      ),
    );
  }
  const pol = options.signaturePolicy;
  if (pol) {
    add(
      CMS_OID.signaturePolicyIdentifier,
      der.seq(
        der.oid(pol.oid),
        der.seq(hashAlgorithm(pol.hash), der.octets(pol.digest)),
        pol.uri !== undefined ? der.seq(der.seq(der.oid(CMS_OID.spqUri), der.ia5(pol.uri))) : undefined,
      ),
    );
  }
  const hints = options.contentHints;
  if (hints) {
    add(
      CMS_OID.contentHints,
      der.seq(
        hints.description !== undefined ? der.utf8(hints.description) : undefined,
        der.oid(hints.contentType ?? eContentType),
      ),
    );
  }
  for (const a of options.signedAttributes ?? []) add(a.type, ...a.values);
  // Every signed attribute type at most once (commitment-type-indication may repeat, EN 319 122-1 §5.2.3).
  const types = new Set<string>();
  for (const type of attrTypes) {
    if (type === CMS_OID.commitmentType) continue;
    if (types.has(type))
      throw new SigningError('SIGN_DUPLICATE_ATTRIBUTE', `signed attribute ${type} is given twice`);
    types.add(type);
  }

  // RFC 5652 §5.4: the signature covers the DER SET OF; the SignerInfo carries it as [0] IMPLICIT.
  const signedAttrs = setOf(0x31, attrs);
  const signature = await produceSignature(subtle, options.key, p, signedAttrs);

  const unsigned: Uint8Array[] = (options.unsignedAttributes ?? []).map((a) =>
    attribute(a.type, ...a.values),
  );
  if (options.timestamp) {
    const tsHash = options.timestampHash ?? 'SHA-256';
    const imprint = new Uint8Array(await subtle.digest(tsHash, signature as BufferSource));
    const token = await options.timestamp(imprint, tsHash);
    let parsed: ReturnType<typeof parseTimeStampToken>;
    try {
      parsed = parseTimeStampToken(token);
    } catch (e) {
      throw new SigningError(
        'SIGN_BAD_TIMESTAMP',
        'the time-stamp function did not return a TimeStampToken',
        {
          cause: e,
        },
      );
    }
    const mi = parsed.tstInfo.messageImprint;
    if (mi.hash !== tsHash || !bytesEqual(mi.hashedMessage, imprint))
      throw new SigningError('SIGN_BAD_TIMESTAMP', 'the time-stamp token does not cover the signature value');
    unsigned.push(attribute(CMS_OID.signatureTimeStampToken, parsed.signedData.der));
  }

  const ski = options.signerIdentifier === 'subjectKeyIdentifier';
  const sid = ski
    ? der.ctxPrim(0, await subjectKeyIdentifier(subtle, cert))
    : der.seq(cert.issuer.der, der.int(cert.serialNumber));
  const signedAttrsImplicit = signedAttrs.slice();
  signedAttrsImplicit[0] = 0xa0;
  const digestAlgorithm = hashAlgorithm(p.hash);
  const signerInfo = der.seq(
    der.int(ski ? 3 : 1),
    sid,
    digestAlgorithm,
    signedAttrsImplicit,
    p.algorithmIdentifier,
    der.octets(signature),
    unsigned.length ? setOf(0xa1, unsigned) : undefined,
  );

  // Certificates: the signer's first in meaning, DER-sorted in encoding; duplicates dropped.
  const certs = new Map<string, Uint8Array>();
  for (const c of [cert, ...chain]) certs.set(c.der.join(','), c.der);
  // RFC 5652 §5.1: version 3 when a SignerInfo is v3 or the content is not id-data; else 1.
  const version = ski || eContentType !== CMS_OID.data ? 3 : 1;
  const signedData = der.seq(
    der.int(version),
    der.set(digestAlgorithm),
    der.seq(der.oid(eContentType), detached ? undefined : der.ctx(0, der.octets(content!))),
    setOf(0xa0, [...certs.values()]),
    der.set(signerInfo),
  );
  return der.seq(der.oid(CMS_OID.signedData), der.ctx(0, signedData));
}
