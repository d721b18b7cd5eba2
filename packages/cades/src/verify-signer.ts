import {
  type Certificate,
  type CertificateList,
  type CertificateValidationResult,
  type CheckResult,
  type CryptoEngine,
  HASH_BY_OID,
  type HashName,
  Indication,
  MutuaError,
  OID,
  type OcspResponse,
  STRICT_POLICY,
  type SignatureScheme,
  SubIndication,
  type TrustAnchor,
  UnsupportedAlgorithm,
  type ValidationPolicy,
  checkCryptoConstraints,
  checkHash,
  decideChecks,
  decodeOctetString,
  decodeOid,
  nameEquals,
  resolveSignatureAlgorithm,
  schemeName,
  validateCertificate,
} from '@mutua/core';
import { bytesEqual, toHex } from './bytes';
import {
  type EssCertId,
  type SignedAttributeInfo,
  attributesOfType,
  decodeSigningCertificate,
  describeSignedAttributes,
} from './attributes';
import { type SignerInfo, describeSignerIdentifier } from './cms';
import { CMS_OID } from './oids';

/**
 * The digest of the signed content under a given hash, or `undefined` when the content is not available
 * (a detached signature verified without its content). Computed once per hash by the caller.
 */
export type ContentDigester = (hash: HashName) => Promise<Uint8Array | undefined>;

/** Inputs of {@link verifySignerInfo}. */
export interface VerifySignerInfoOptions {
  readonly signerInfo: SignerInfo;
  /**
   * The eContentType of the SignedData (what the content-type attribute must equal); `undefined` for a
   * counter-signature, which must not have a content-type attribute (RFC 5652 §11.4).
   */
  readonly contentType: string | undefined;
  /** Digests of the content; see {@link ContentDigester}. */
  readonly digest: ContentDigester;
  /**
   * The content itself, only needed for a SignerInfo without signed attributes (whose signature is over
   * the content); `undefined` when only digests are available.
   */
  readonly content?: Uint8Array;
  /** Certificates to find the signer's and the path's in (the CMS's plus the caller's). */
  readonly certificates: readonly Certificate[];
  readonly trustAnchors: readonly TrustAnchor[];
  readonly crls?: readonly CertificateList[];
  readonly ocspResponses?: readonly OcspResponse[];
  /** The time the signer's certificate is validated at (default: now). */
  readonly time?: Date;
  /**
   * `time` is a past time for which a proof of existence is held (EN 319 102-1 §5.6.2.4): revocation data
   * issued after it proves the status at it (see `ValidateCertificateOptions.pastValidation` in core).
   */
  readonly pastValidation?: boolean;
  readonly policy?: ValidationPolicy;
  readonly crypto: CryptoEngine;
  /** An extended key usage the signer's certificate must have (id-kp-timeStamping for a TSA). */
  readonly requiredExtendedKeyUsage?: string;
}

/** The outcome of {@link verifySignerInfo}: the checks in order, the verdict, and what was found. */
export interface SignerInfoVerification {
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  /** The checks of the signature itself, then those of the certificate path. */
  readonly checks: readonly CheckResult[];
  /** True when the message digest matches and the signature value verifies with the signer's key. */
  readonly signatureIntact: boolean;
  /** True when there are signed attributes with a signing-certificate(-v2) attribute: an AdES signature. */
  readonly isAdES: boolean;
  /** The signer's certificate, when one matching the SignerIdentifier was found. */
  readonly signerCertificate?: Certificate;
  /** How many certificate references (ESSCertID / ESSCertIDv2) the signing-certificate attribute holds. */
  readonly signingCertificateRefs?: number;
  /** The informational signed attributes (signing time, roles, …). */
  readonly attributes: SignedAttributeInfo;
  /** The path validation result, when it ran. */
  readonly path?: CertificateValidationResult;
}

/**
 * Attribute types that may legitimately occur more than once among signed attributes: EN 319 122-1 lets a
 * signer indicate several commitments with one attribute each. Every other type must appear at most once
 * (two message-digest or signing-time attributes are an ambiguity an attacker can exploit, C2).
 */
const REPEATABLE: ReadonlySet<string> = new Set([CMS_OID.commitmentType]);

/** Attributes that RFC 5652 §11 says must have exactly one value: they define what was signed, and when. */
const SINGLE_VALUED: ReadonlySet<string> = new Set([
  CMS_OID.contentType,
  CMS_OID.messageDigest,
  CMS_OID.signingTime,
]);

/** Signature algorithm OIDs that name only a key type; the hash then comes from digestAlgorithm. */
const KEY_ONLY_ALGORITHMS: Readonly<Record<string, 'RSA-PKCS1' | 'ECDSA'>> = {
  [OID.rsaEncryption]: 'RSA-PKCS1',
  [OID.ecPublicKey]: 'ECDSA',
};

/**
 * Verifies one SignerInfo: its signed attributes, message digest, signer identification, ESS
 * signing-certificate binding and signature value, then the signer certificate's path at the validation
 * time. Every step is a named check; the first decisive failure gives the EN 319 102-1 verdict in this
 * order: FORMAT_FAILURE, HASH_FAILURE, SIG_CRYPTO_FAILURE, NO_SIGNING_CERTIFICATE_FOUND, other
 * INDETERMINATE results of the signature, and finally the certificate path's result.
 *
 * @example
 * ```ts
 * import { parseSignedData, verifySignerInfo } from '@mutua/cades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * import { signCms } from '@mutua/testkit';
 * const sd = parseSignedData(await signCms({ content: new Uint8Array([1, 2, 3]), signer: leaf, chain: [ca] }));
 * const content = sd.content!;
 * const r = await verifySignerInfo({
 *   signerInfo: sd.signerInfos[0]!,
 *   contentType: sd.contentType,
 *   digest: (hash) => nodeCryptoEngine.digest(hash, content),
 *   certificates: sd.certificates,
 *   trustAnchors,
 *   crls,
 *   crypto: nodeCryptoEngine,
 * });
 * [r.indication, r.signatureIntact, r.isAdES]; // ['TOTAL_PASSED', true, true]
 * ```
 */
export async function verifySignerInfo(opts: VerifySignerInfoOptions): Promise<SignerInfoVerification> {
  const si = opts.signerInfo;
  const checks: CheckResult[] = [];
  const attrs = si.signedAttributes;
  let digestOk = false;
  let signatureOk = false;

  // 1. Signed attributes: without them the signature is over the raw content and nothing binds the
  //    content type or the signer's certificate to it, so the signature cannot be an AdES (C1).
  if (attrs) {
    checks.push({
      id: 'cms.signedAttributes',
      status: 'passed',
      message: `${attrs.length} signed attribute(s)${si.signedAttributesNonDer ? ' (not DER-encoded as received; verified over their DER encoding)' : ''}`,
    });
  } else {
    checks.push({
      id: 'cms.signedAttributes',
      status: 'failed',
      message:
        'no signed attributes: the signature is over the content alone, which is not a CAdES signature',
      subIndication: SubIndication.FORMAT_FAILURE,
    });
  }

  // 2. Every signed attribute type at most once (C2), and the attributes that define what was signed
  //    (content-type, message-digest, signing-time) with exactly one value (RFC 5652 §11.1–11.3).
  let ambiguousCore = false;
  if (attrs) {
    const counts = new Map<string, number>();
    for (const a of attrs) counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
    const dups = [...counts].filter(([t, n]) => n > 1 && !REPEATABLE.has(t)).map(([t]) => t);
    const multiValued = attrs
      .filter((a) => a.values.length !== 1 && SINGLE_VALUED.has(a.type))
      .map((a) => a.type);
    ambiguousCore = multiValued.length > 0 || dups.some((t) => SINGLE_VALUED.has(t));
    checks.push(
      dups.length || multiValued.length
        ? {
            id: 'cms.uniqueSignedAttributes',
            status: 'failed',
            message: [
              dups.length ? `attribute type(s) present more than once: ${dups.join(', ')}` : '',
              multiValued.length ? `attribute(s) without exactly one value: ${multiValued.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join('; '),
            subIndication: SubIndication.FORMAT_FAILURE,
          }
        : {
            id: 'cms.uniqueSignedAttributes',
            status: 'passed',
            message: 'every attribute type appears once',
          },
    );
  }

  // 3. content-type equals eContentType, so that a signature over one structure (a TSTInfo, say) cannot be
  //    presented as a signature over another (C1).
  if (attrs && opts.contentType === undefined) {
    const ct = attributesOfType(attrs, CMS_OID.contentType);
    checks.push(
      ct.length
        ? {
            id: 'cms.contentType',
            status: 'failed',
            message: 'a counter-signature must not have a content-type attribute (RFC 5652 §11.4)',
            subIndication: SubIndication.FORMAT_FAILURE,
          }
        : {
            id: 'cms.contentType',
            status: 'passed',
            message: 'counter-signature without content-type, as required',
          },
    );
  } else if (attrs) {
    const ct = attributesOfType(attrs, CMS_OID.contentType);
    let value: string | undefined;
    try {
      value = ct.length === 1 && ct[0]!.values.length === 1 ? decodeOid(ct[0]!.values[0]!) : undefined;
    } catch (e) {
      if (!(e instanceof MutuaError)) throw e;
    }
    checks.push(
      value === undefined
        ? {
            id: 'cms.contentType',
            status: 'failed',
            message: `expected exactly one content-type attribute with one OID value, found ${ct.length} attribute(s)`,
            subIndication: SubIndication.FORMAT_FAILURE,
          }
        : value !== opts.contentType
          ? {
              id: 'cms.contentType',
              status: 'failed',
              message: `content-type attribute ${value} differs from eContentType ${opts.contentType}`,
              subIndication: SubIndication.FORMAT_FAILURE,
            }
          : { id: 'cms.contentType', status: 'passed', message: `content type ${value}` },
    );
  }

  // 4. The digest algorithm is known, and agrees with the hash the signature algorithm names.
  const digestHash = HASH_BY_OID[si.digestAlgorithm.oid];
  const scheme = resolveScheme(si, digestHash);
  if (!digestHash) {
    checks.push({
      id: 'cms.digestAlgorithm',
      status: 'indeterminate',
      message: `unknown digest algorithm ${si.digestAlgorithm.oid}`,
      subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE,
    });
  } else if (!(scheme instanceof UnsupportedAlgorithm) && 'hash' in scheme && scheme.hash !== digestHash) {
    // RFC 5652 lets the two differ; it is odd enough to report, not to fail.
    checks.push({
      id: 'cms.digestAlgorithm',
      status: 'warning',
      message: `digest algorithm ${digestHash} differs from the hash of the signature algorithm (${schemeName(scheme)})`,
    });
  } else {
    checks.push({ id: 'cms.digestAlgorithm', status: 'passed', message: digestHash });
  }

  // 5. Exactly one message-digest, equal to the digest of the content (C2, C6).
  if (attrs) {
    const md = attributesOfType(attrs, CMS_OID.messageDigest);
    let claimed: Uint8Array | undefined;
    try {
      claimed =
        md.length === 1 && md[0]!.values.length === 1 ? decodeOctetString(md[0]!.values[0]!) : undefined;
    } catch (e) {
      if (!(e instanceof MutuaError)) throw e;
    }
    if (claimed === undefined) {
      checks.push({
        id: 'cms.messageDigest',
        status: 'failed',
        message: `expected exactly one message-digest attribute with one value, found ${md.length} attribute(s)`,
        subIndication: SubIndication.FORMAT_FAILURE,
      });
    } else if (!digestHash) {
      checks.push({
        id: 'cms.messageDigest',
        status: 'indeterminate',
        message: 'the content digest cannot be computed with an unknown algorithm',
        subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE,
      });
    } else {
      const actual = await digestOrError(opts.digest, digestHash);
      if (actual === undefined) {
        checks.push({
          id: 'cms.messageDigest',
          status: 'indeterminate',
          message: 'the signed content is not available (detached signature verified without its content)',
          subIndication: SubIndication.SIGNED_DATA_NOT_FOUND,
        });
      } else if (actual instanceof Error) {
        checks.push({
          id: 'cms.messageDigest',
          status: 'indeterminate',
          message: `cannot compute ${digestHash}: ${actual.message}`,
          subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE,
        });
      } else if (!bytesEqual(actual, claimed)) {
        checks.push({
          id: 'cms.messageDigest',
          status: 'failed',
          message: `message-digest ${toHex(claimed)} differs from the ${digestHash} of the content ${toHex(actual)}`,
          subIndication: SubIndication.HASH_FAILURE,
        });
      } else {
        digestOk = true;
        checks.push({
          id: 'cms.messageDigest',
          status: 'passed',
          message: `${digestHash} of the content matches`,
        });
      }
    }
  }

  // 6. The signer's certificate: one that the SignerIdentifier names.
  const candidates: Certificate[] = [];
  for (const c of opts.certificates) if (await matchesSid(si, c, opts.crypto)) candidates.push(c);
  const ess = readEss(attrs ?? []);
  // Among several matching certificates (a CMS may carry duplicates), prefer the one the ESS hash names.
  let signer: Certificate | undefined = candidates[0];
  if (candidates.length > 1 && ess.ids?.[0]?.hash) {
    for (const c of candidates) {
      const h = await digestOrError(async (x) => opts.crypto.digest(x, c.der), ess.ids[0].hash);
      if (h instanceof Uint8Array && bytesEqual(h, ess.ids[0].certHash)) {
        signer = c;
        break;
      }
    }
  }
  checks.push(
    signer
      ? {
          id: 'cms.signerIdentifier',
          status: 'passed',
          message: `signer certificate "${signer.subject.text}" found by ${si.sid.type}`,
        }
      : {
          id: 'cms.signerIdentifier',
          status: 'indeterminate',
          message: `no certificate matches the signer identifier (${describeSignerIdentifier(si.sid)})`,
          subIndication: SubIndication.NO_SIGNING_CERTIFICATE_FOUND,
        },
  );

  // 7. ESS signing-certificate(-v2): present exactly once, and naming the signer's certificate (C3).
  if (attrs) checks.push(await checkEss(ess, signer, opts.crypto));

  // 8. The signature value, with the signer's public key.
  if (!signer) {
    checks.push({ id: 'cms.signature', status: 'skipped', message: 'no signer certificate to verify with' });
  } else if (scheme instanceof UnsupportedAlgorithm) {
    checks.push({
      id: 'cms.signature',
      status: 'indeterminate',
      message: `signature algorithm not supported: ${scheme.reason}`,
      subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE,
    });
  } else {
    const data = si.signedAttributesDer ?? opts.content;
    if (!data) {
      checks.push({
        id: 'cms.signature',
        status: 'indeterminate',
        message: 'the signature is over the content itself, which was not given',
        subIndication: SubIndication.SIGNED_DATA_NOT_FOUND,
      });
    } else {
      const verify = (bytes: Uint8Array) =>
        opts.crypto.verify({ scheme, publicKey: signer.publicKey, data: bytes, signature: si.signature });
      const out = await verify(data);
      const name = schemeName(scheme);
      if (out.status === 'valid') {
        signatureOk = true;
        checks.push({
          id: 'cms.signature',
          status: 'passed',
          message: si.signedAttributesNonDer
            ? `${name} signature verifies over the DER encoding of the signed attributes (received in another encoding)`
            : `${name} signature verifies`,
        });
      } else if (out.status === 'invalid') {
        // RFC 5652 §5.3: signed attributes are signed in DER whatever the encoding of the rest. Some signers
        // signed their non-DER bytes instead; say so, but such a signature is not intact (as in EU DSS).
        const asSent =
          si.signedAttributesNonDer && si.signedAttributesBytes
            ? (await verify(si.signedAttributesBytes)).status === 'valid'
            : false;
        checks.push({
          id: 'cms.signature',
          status: 'failed',
          message: asSent
            ? `${name} signature covers the signed attributes as received in a non-DER encoding, not their DER encoding (RFC 5652 §5.3)`
            : `${name} signature does not verify: ${out.reason}`,
          subIndication: SubIndication.SIG_CRYPTO_FAILURE,
        });
      } else {
        checks.push({
          id: 'cms.signature',
          status: 'indeterminate',
          message: `${name} signature cannot be verified here: ${out.reason}`,
          subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE,
        });
      }
    }
  }

  // 9. An extended key usage the role requires (a TSA certificate must have id-kp-timeStamping).
  if (signer && opts.requiredExtendedKeyUsage) {
    const eku = signer.ext.extKeyUsage;
    const has = eku?.includes(opts.requiredExtendedKeyUsage) ?? false;
    const critical = signer.extensions.find((e) => e.oid === OID.extKeyUsage)?.critical ?? false;
    checks.push(
      !has
        ? {
            id: 'cms.extendedKeyUsage',
            status: 'failed',
            message: `signer certificate lacks the extended key usage ${opts.requiredExtendedKeyUsage}`,
            subIndication: SubIndication.SIG_CONSTRAINTS_FAILURE,
          }
        : !critical || eku!.length !== 1
          ? {
              id: 'cms.extendedKeyUsage',
              status: 'warning',
              message: `extended key usage ${opts.requiredExtendedKeyUsage} present, but RFC 3161 §2.3 wants it critical and alone`,
            }
          : {
              id: 'cms.extendedKeyUsage',
              status: 'passed',
              message: `${opts.requiredExtendedKeyUsage} (critical)`,
            },
    );
  }

  // 9b. A document signature needs a certificate meant for signing (RFC 5280 §4.2.1.3, §4.2.1.12): with
  //     keyUsage, digitalSignature or nonRepudiation; with extKeyUsage, a purpose that does not exclude
  //     document signing (a TSA, OCSP responder or TLS server certificate must not sign contracts).
  if (signer && !opts.requiredExtendedKeyUsage) {
    const ku = signer.ext.keyUsage;
    if (ku && !ku.digitalSignature && !ku.nonRepudiation) {
      checks.push({
        id: 'cms.signerKeyUsage',
        status: 'failed',
        message: "the signer certificate's keyUsage allows neither digitalSignature nor nonRepudiation",
        subIndication: SubIndication.SIG_CONSTRAINTS_FAILURE,
      });
    } else if (ku) {
      checks.push({ id: 'cms.signerKeyUsage', status: 'passed', message: 'keyUsage allows signing' });
    }
    const eku = signer.ext.extKeyUsage;
    const notForDocuments = new Set([OID.kpTimeStamping, OID.kpOCSPSigning, OID.kpServerAuth]);
    if (
      eku &&
      !eku.includes(OID.anyExtendedKeyUsage) &&
      eku.length > 0 &&
      eku.every((p) => notForDocuments.has(p as never))
    ) {
      checks.push({
        id: 'cms.signerExtendedKeyUsage',
        status: 'failed',
        message: `the signer certificate is only for ${eku.join(', ')}, not for signing documents`,
        subIndication: SubIndication.SIG_CONSTRAINTS_FAILURE,
      });
    }
  }

  const attributes = describeSignedAttributes(attrs ?? []);
  // Intact as a CMS signature: the value verifies, the content digest matches, and the attributes that
  // define what was signed are unambiguous (one content-type equal to eContentType, one message-digest,
  // one signing-time), as RFC 5652 §5.3/§11 requires and BouncyCastle-based verifiers (EU DSS) enforce.
  // Other duplicated attribute types fail the signature's format, not its integrity.
  const definingFailure =
    ambiguousCore ||
    checks.some((c) => (c.id === 'cms.contentType' || c.id === 'cms.messageDigest') && c.status === 'failed');
  const signatureIntact = signatureOk && (attrs ? digestOk && !definingFailure : true);
  const isAdES = attrs !== undefined && ess.present && !(ess.version === 2 && ess.ids?.[0]?.hash === 'SHA-1');

  // 10. The verdict of the signature itself; the certificate path only decides when that one passed.
  const own = decide(checks);
  let path: CertificateValidationResult | undefined;
  // No shortcut for a signer that is itself a trust anchor: core's path validation still checks its
  // validity and revocation (a directly trusted certificate can expire or be revoked).
  if (signer && own.indication === Indication.TOTAL_PASSED) {
    path = await validateCertificate({
      target: signer,
      intermediates: opts.certificates.filter((c) => c !== signer),
      trustAnchors: opts.trustAnchors,
      crls: opts.crls ?? [],
      ocspResponses: opts.ocspResponses ?? [],
      ...(opts.time ? { time: opts.time } : {}),
      ...(opts.pastValidation ? { pastValidation: true } : {}),
      ...(opts.policy ? { policy: opts.policy } : {}),
      crypto: opts.crypto,
    });
    checks.push(...path.checks);
  }
  // 11. Signature acceptance (EN 319 102-1 §5.2.8): the signature's hash and the signer's key must still be
  //     acceptable at the validation time. Without a proof of existence from before the algorithm expired
  //     (validation with time comes with LT/LTA), a weak algorithm is INDETERMINATE, never FAILED: the
  //     signature is intact, its algorithm is just no longer evidence enough.
  let sav: { indication: Indication; subIndication: SubIndication } | undefined;
  if (signer && signatureOk && !(scheme instanceof UnsupportedAlgorithm)) {
    const at = opts.time ?? new Date();
    const policy = opts.policy ?? STRICT_POLICY;
    const reason =
      checkCryptoConstraints(policy, scheme, signer.publicKey, at) ??
      (digestHash && policy.cryptographicConstraints
        ? checkHash(policy.cryptographicConstraints.hashes, digestHash, at)
        : undefined);
    checks.push(
      reason
        ? {
            id: 'cms.cryptoConstraints',
            status: 'indeterminate',
            message: `${reason} (validation time ${at.toISOString()})`,
            subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
          }
        : {
            id: 'cms.cryptoConstraints',
            status: 'passed',
            message: `${schemeName(scheme)} with a ${signer.publicKey.bits}-bit ${signer.publicKey.type} key is acceptable`,
          },
    );
    if (reason)
      sav = {
        indication: Indication.INDETERMINATE,
        subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
      };
  }

  // The order of EN 319 102-1 §5.3: the signature's own result, then the certificate path's, then the
  // acceptance of its algorithms.
  const verdict =
    own.indication !== Indication.TOTAL_PASSED
      ? own
      : path && path.indication !== Indication.TOTAL_PASSED
        ? {
            indication: path.indication,
            ...(path.subIndication ? { subIndication: path.subIndication } : {}),
          }
        : (sav ?? own);
  return {
    ...verdict,
    checks,
    signatureIntact,
    isAdES,
    ...(signer ? { signerCertificate: signer } : {}),
    ...(ess.ids ? { signingCertificateRefs: ess.ids.length } : {}),
    attributes,
    ...(path ? { path } : {}),
  };
}

const PRIORITY: readonly SubIndication[] = [
  SubIndication.FORMAT_FAILURE,
  SubIndication.HASH_FAILURE,
  SubIndication.SIG_CRYPTO_FAILURE,
  SubIndication.NO_SIGNING_CERTIFICATE_FOUND,
];

const decide = (checks: readonly CheckResult[]) => decideChecks(checks, PRIORITY);

function resolveScheme(
  si: SignerInfo,
  digestHash: HashName | undefined,
): SignatureScheme | UnsupportedAlgorithm {
  const keyOnly = KEY_ONLY_ALGORITHMS[si.signatureAlgorithm.oid];
  if (keyOnly) {
    // CMS (RFC 5754 §3.2, RFC 5753) allows rsaEncryption / id-ecPublicKey as signatureAlgorithm; the hash is
    // then the digestAlgorithm's.
    if (!digestHash) return new UnsupportedAlgorithm(`unknown digest algorithm ${si.digestAlgorithm.oid}`);
    return { kind: keyOnly, hash: digestHash };
  }
  return resolveSignatureAlgorithm(si.signatureAlgorithm);
}

async function digestOrError(
  digest: ContentDigester,
  hash: HashName,
): Promise<Uint8Array | Error | undefined> {
  try {
    return await digest(hash);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

async function matchesSid(si: SignerInfo, c: Certificate, crypto: CryptoEngine): Promise<boolean> {
  if (si.sid.type === 'issuerAndSerialNumber') {
    // The serial first: it rules out most certificates without preparing their issuer names.
    return c.serialNumber === si.sid.serialNumber && nameEquals(c.issuer, si.sid.issuer);
  }
  if (c.ext.subjectKeyIdentifier) return bytesEqual(c.ext.subjectKeyIdentifier, si.sid.keyIdentifier);
  // A certificate without the extension: signers then use the RFC 5280 §4.2.1.2 method 1 identifier,
  // the SHA-1 of the subjectPublicKey.
  if (si.sid.keyIdentifier.length !== 20) return false;
  try {
    return bytesEqual(await crypto.digest('SHA-1', c.publicKey.publicKey), si.sid.keyIdentifier);
  } catch {
    return false;
  }
}

interface EssFound {
  readonly present: boolean;
  readonly count: number;
  readonly version?: 1 | 2;
  readonly ids?: EssCertId[];
  readonly error?: string;
}

function readEss(attrs: readonly NonNullable<SignerInfo['signedAttributes']>[number][]): EssFound {
  const v1 = attributesOfType(attrs, CMS_OID.signingCertificate);
  const v2 = attributesOfType(attrs, CMS_OID.signingCertificateV2);
  const count = v1.length + v2.length;
  if (count === 0) return { present: false, count };
  // v2 takes precedence when both are present (EN 319 122-1 §5.2.2 allows only one; the count check reports it).
  const attr = v2[0] ?? v1[0]!;
  const version = v2[0] ? 2 : 1;
  try {
    const value = attr.values[0];
    if (!value) return { present: true, count, version, error: 'attribute without a value' };
    return { present: true, count, version, ids: decodeSigningCertificate(value, version === 2) };
  } catch (e) {
    if (!(e instanceof MutuaError)) throw e;
    return { present: true, count, version, error: e.message };
  }
}

async function checkEss(
  ess: EssFound,
  signer: Certificate | undefined,
  crypto: CryptoEngine,
): Promise<CheckResult> {
  const id = 'cms.signingCertificate';
  const fail = (message: string): CheckResult => ({
    id,
    status: 'indeterminate',
    message,
    subIndication: SubIndication.NO_SIGNING_CERTIFICATE_FOUND,
  });
  if (!ess.present)
    return fail('no signing-certificate or signing-certificate-v2 attribute (required by CAdES)');
  if (ess.count > 1) return fail(`${ess.count} signing-certificate attributes; exactly one is allowed`);
  if (ess.error || !ess.ids) return fail(`signing-certificate attribute does not decode: ${ess.error}`);
  const first = ess.ids[0];
  if (!first) return fail('signing-certificate attribute lists no certificate');
  if (!signer) return fail('no signer certificate to compare the signing-certificate attribute with');
  if (!first.hash)
    return {
      id,
      status: 'indeterminate',
      message: `unknown hash algorithm ${first.hashAlgorithm} in the signing-certificate attribute`,
      subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE,
    };
  let h: Uint8Array;
  try {
    h = await crypto.digest(first.hash, signer.der);
  } catch (e) {
    return {
      id,
      status: 'indeterminate',
      message: `cannot compute ${first.hash}: ${(e as Error).message}`,
      subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE,
    };
  }
  // signing-certificate-v2 exists for hashes other than SHA-1 (RFC 5035 §3); a v2 with SHA-1 is a
  // version/hash inconsistency that EN 319 122-1 validators (EU DSS) do not accept as a CAdES binding (C3).
  if (ess.version === 2 && first.hash === 'SHA-1')
    return fail(
      'signing-certificate-v2 with SHA-1: the v2 attribute must not use SHA-1 (use signing-certificate)',
    );
  if (!bytesEqual(h, first.certHash))
    return fail(
      `the ${first.hash} hash in signing-certificate${ess.version === 2 ? '-v2' : ''} is not that of the signer certificate`,
    );
  if (first.issuerSerial) {
    const { issuer, serialNumber } = first.issuerSerial;
    if (serialNumber !== signer.serialNumber || (issuer && !nameEquals(issuer, signer.issuer)))
      return fail('issuerSerial of the signing-certificate attribute does not name the signer certificate');
  }
  return {
    id,
    status: 'passed',
    message: `signing-certificate${ess.version === 2 ? '-v2' : ''} (${first.hash}) names the signer certificate${first.issuerSerial ? ' with its issuer and serial' : ''}`,
  };
}
