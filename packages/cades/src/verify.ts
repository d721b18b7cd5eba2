import {
  type Certificate,
  type CertificateList,
  type CheckResult,
  type CryptoEngine,
  type HashName,
  type Identity,
  Indication,
  MutuaError,
  type OcspResponse,
  SubIndication,
  type Tlv,
  type TrustAnchor,
  type ValidationPolicy,
  HASH_BY_OID,
  createWebCryptoEngine,
  digestStream,
  extractIdentity,
  parseCrl,
  parseOcspResponse,
  validateWithTime,
} from '@mutua/core';
import { type SignedData, type SignerInfo, parseSignedData, parseSignerInfo } from './cms';
import {
  type CoveredData,
  archiveTimestampV2Covered,
  archiveTimestampV3Covered,
  certCrlTimestampCovered,
  escTimestampCovered,
} from './archive';
import {
  type CadesFormat,
  type CadesLegacyFormat,
  type CarriedValidationData,
  type IcpBrasilFormat,
  type LevelEvidence,
  cadesLevels,
  icpBrasilFormat,
  icpBrasilShortfall,
  missingValidationData,
} from './levels';
import type { SignaturePolicyQualifier } from './attributes';
import { CMS_OID } from './oids';
import { parseTimeStampToken } from './timestamp';
import { checkPolicyRules } from './policy/enforce';
import { checkCompleteReferences } from './references';
import type { PolicyStore } from './policy/store';
import { collectValidationData } from './validation-data';
import type { TimestampType, VerifyTimestampOptions } from './timestamp';
import { judgeTimestamps, timestampProves } from './judge-timestamps';
import { verifySignerInfo } from './verify-signer';

/**
 * The signed content of a detached signature: its bytes, a stream or async iterable of chunks (read
 * once), or only its digest(s) when the content itself stays elsewhere.
 */
export type DetachedContent =
  | Uint8Array
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | { readonly digests: Partial<Record<HashName, Uint8Array>> };

/** Options of {@link verifyCades}. */
export interface VerifyCadesOptions {
  /** The content of a detached signature (ignored, with a note, when the CMS encapsulates its content). */
  readonly detachedContent?: DetachedContent;
  readonly trustAnchors: readonly TrustAnchor[];
  /** Certificates beyond those in the CMS (intermediates the signature lacks). */
  readonly certificates?: readonly Certificate[];
  /** CRLs beyond those in the CMS (parsed, or DER). */
  readonly crls?: readonly (CertificateList | Uint8Array)[];
  /** OCSP responses beyond those in the CMS (parsed, or DER). */
  readonly ocspResponses?: readonly (OcspResponse | Uint8Array)[];
  /** The validation time of the signers' certificates (default: now). */
  readonly time?: Date;
  readonly policy?: ValidationPolicy;
  /** The crypto engine (default WebCrypto; `nodeCryptoEngine` from `@mutua/core/node` on Node). */
  readonly crypto?: CryptoEngine;
  /**
   * Known signature policies (EPES). With a store, a signature naming a policy must name a known one with
   * the right hash (else INDETERMINATE: SIGNATURE_POLICY_NOT_AVAILABLE or POLICY_PROCESSING_ERROR);
   * without one, the policy is only reported.
   */
  readonly policyStore?: PolicyStore;
  /**
   * A proof of existence from outside the CMS — a later PDF document time-stamp over it, say. The CMS's
   * own time-stamps created before it may then prove even though their TSA was revoked, or their
   * algorithms weakened, afterwards (as a later archive time-stamp allows, EN 319 102-1 §5.6.2.4).
   */
  readonly poe?: Date;
}

/** What the report says about a signer's certificate. */
export interface SignerSummary {
  readonly subject: string;
  readonly issuer: string;
  /** Serial number, lowercase hex. */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The certificate DER. */
  readonly der: Uint8Array;
  /** Who the certificate says the signer is (names, national identifiers, qualified status…). */
  readonly identity: Identity;
}

/** What the report says about a trust anchor. */
export interface TrustAnchorSummary {
  readonly name: string;
  readonly source?: string;
}

/**
 * The summary of the trust anchor a path ended at.
 *
 * @example
 * ```ts
 * import { summarizeTrustAnchor } from '@mutua/cades';
 * summarizeTrustAnchor(trustAnchors[0]!); // { name: 'C=ES, O=Mutua Test, CN=Mutua Test Root CA', source: 'doc-examples root' }
 * ```
 */
export function summarizeTrustAnchor(anchor: TrustAnchor): TrustAnchorSummary {
  return { name: anchor.name.text, ...(anchor.source !== undefined ? { source: anchor.source } : {}) };
}

/** One time-stamp of a signature, as reported. */
export interface TimestampReport {
  readonly type: TimestampType;
  /** The attribute type OID that carries the token (archive-time-stamp-v2 or -v3, …). */
  readonly attribute: string;
  /** genTime. */
  readonly time?: Date;
  /** The token's own signature and digest are intact. */
  readonly intact: boolean;
  /** The token covers exactly what it must (for a signature time-stamp: this signature value). */
  readonly messageImprintMatches: boolean;
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  readonly checks: readonly CheckResult[];
}

/** The report of one signature (one SignerInfo), in EN 319 102-1 terms. */
export interface CadesSignatureReport {
  /** `S0`, `S1`, … in SignerInfos order; counter-signatures are `S0-CS0`, `S0-CS0-CS0`, … */
  readonly id: string;
  /** For a counter-signature: the id of the signature it counter-signs. */
  readonly counterSignatureOf?: string;
  /** The baseline level (EN 319 122-1), reached only through time-stamps that prove something. */
  readonly format: CadesFormat;
  /** The same signature's TS 101 733 form (CAdES-BES, -EPES, -T, -C, -X, -X-L, -A). */
  readonly legacyFormat?: CadesLegacyFormat;
  /** The ICP-Brasil form its signature policy names (AD-RB … AD-RA), for ICP-Brasil policy OIDs. */
  readonly icpBrasilFormat?: IcpBrasilFormat;
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  /** The message digest matches the content and the signature value verifies with the signer's key. */
  readonly signatureIntact: boolean;
  readonly signer?: SignerSummary;
  /**
   * The trust anchor the signer's certification path ended at, when one was built: its name and its
   * `source` (where it came from — a file, a trusted list, a recognition-policy source id).
   */
  readonly trustAnchor?: TrustAnchorSummary;
  /** The signing-time the signer claims (not proof of anything; the time-stamps are). */
  readonly signingTime?: Date;
  readonly commitmentTypes?: readonly string[];
  readonly claimedRoles?: readonly string[];
  readonly signerLocation?: {
    readonly country?: string;
    readonly locality?: string;
    readonly postalAddress?: readonly string[];
  };
  readonly contentHints?: { readonly description?: string; readonly contentType: string };
  /** The signature-policy-identifier OID (EPES); checked against `policyStore` when one is given. */
  readonly signaturePolicy?: string;
  /** The policy identifier's qualifiers: where the policy is, and the notice to show the reader. */
  readonly signaturePolicyQualifiers?: readonly SignaturePolicyQualifier[];
  /**
   * The best-signature-time (EN 319 102-1 §5.5): the earliest time a proving time-stamp over this signature
   * value shows it existed. Absent without such a time-stamp.
   */
  readonly bestSignatureTime?: Date;
  readonly timestamps: readonly TimestampReport[];
  /** Every check, in the order performed. */
  readonly checks: readonly CheckResult[];
}

/** The result of {@link verifyCades}. */
export interface CadesVerification {
  /** The eContentType (id-data for ordinary documents). */
  readonly contentType: string;
  /** True when the CMS does not carry its content. */
  readonly detached: boolean;
  readonly signatures: readonly CadesSignatureReport[];
  /** Notes about the container (skipped embedded objects, ignored detached content, BER encoding…). */
  readonly problems: readonly string[];
}

/**
 * Verifies every signature of a CMS / CAdES file (`.p7s`, `.p7m`, `.pkcs7`): each SignerInfo gets its own
 * report with named checks, its level (`CAdES-BASELINE-B`, `-T`, or `CMS` when it is not an AdES), its
 * signer and the verdict of EN 319 102-1. Certificates, CRLs and OCSP responses embedded in the CMS are
 * used together with those given. A bad signature never throws: only input that is not a SignedData does.
 *
 * @throws `MutuaError` (`Asn1Error`, `StructureError`, `InputFormatError`) when the input is not a CMS
 * SignedData, has bytes after it, or is malformed.
 * @example
 * ```ts
 * import { verifyCades } from '@mutua/cades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * import { signCms } from '@mutua/testkit';
 * const contract = new TextEncoder().encode('contract');
 * const p7s = await signCms({ content: contract, signer: leaf, chain: [ca], detached: true });
 * const report = await verifyCades(p7s, { detachedContent: contract, trustAnchors, crls, crypto: nodeCryptoEngine });
 * report.signatures.map((s) => [s.id, s.format, s.indication]); // [['S0', 'CAdES-BASELINE-B', 'TOTAL_PASSED']]
 * // The same signature over another document:
 * const other = await verifyCades(p7s, {
 *   detachedContent: new TextEncoder().encode('contract v2'), trustAnchors, crls, crypto: nodeCryptoEngine,
 * });
 * other.signatures[0]?.subIndication; // 'HASH_FAILURE'
 * ```
 */
export async function verifyCades(
  input: Uint8Array | string | SignedData,
  options: VerifyCadesOptions,
): Promise<CadesVerification> {
  const crypto = options.crypto ?? createWebCryptoEngine();
  // Already parsed (a PDF verifier has read the CMS to judge its structure): not parsed twice.
  const sd = typeof input === 'string' || input instanceof Uint8Array ? parseSignedData(input) : input;
  const problems = [...sd.problems];
  if (sd.nonDer) problems.push('the CMS is BER-encoded (indefinite or non-minimal lengths)');
  if (sd.content && options.detachedContent !== undefined)
    problems.push('the CMS encapsulates its content: the detached content given was ignored');

  const { digest, content } = await contentDigester(sd, options.detachedContent, crypto);
  // The trust anchors' certificates may be the signer's own (a signer trusted directly, without a CA).
  const certificates = [
    ...sd.certificates,
    ...(options.certificates ?? []),
    ...options.trustAnchors.flatMap((a) => (a.certificate ? [a.certificate] : [])),
  ];
  const crls = [...sd.crls, ...(options.crls ?? []).map((c) => (c instanceof Uint8Array ? parseCrl(c) : c))];
  const ocspResponses = [
    ...sd.ocspResponses,
    ...(options.ocspResponses ?? []).map((o) => (o instanceof Uint8Array ? parseOcspResponse(o) : o)),
  ];

  // Validation data carried in unsigned attributes (CAdES-LT/-XL) serves every signature's path.
  const carried = {
    certificates: [...sd.certificates],
    crls: [...sd.crls],
    ocspResponses: [...sd.ocspResponses],
  };
  for (const si of sd.signerInfos) {
    const vd = collectValidationData(si);
    for (const list of [certificates, carried.certificates]) list.push(...vd.certificates);
    for (const list of [crls, carried.crls]) list.push(...vd.crls);
    for (const list of [ocspResponses, carried.ocspResponses]) list.push(...vd.ocspResponses);
    problems.push(...vd.problems.map((p) => `S${si.index}: ${p}`));
  }

  // One validation time for every signature of the file (not a fresh `new Date()` per signer).
  const time = options.time ?? new Date();
  const ctx: Context = {
    options,
    crypto,
    time,
    certificates,
    crls,
    ocspResponses,
    carried,
    problems,
    signedData: sd,
  };
  const signatures: CadesSignatureReport[] = [];
  for (const si of sd.signerInfos) {
    signatures.push(
      ...(await reportSignerInfo(
        ctx,
        si,
        `S${si.index}`,
        { contentType: sd.contentType, digest, content },
        0,
      )),
    );
  }
  return { contentType: sd.contentType, detached: !sd.content, signatures, problems };
}

interface Context {
  readonly options: VerifyCadesOptions;
  readonly crypto: CryptoEngine;
  readonly time: Date;
  readonly certificates: readonly Certificate[];
  readonly crls: readonly CertificateList[];
  readonly ocspResponses: readonly OcspResponse[];
  /** What the signature itself carries (SignedData fields, certificate- and revocation-values). */
  readonly carried: CarriedValidationData;
  readonly problems: string[];
  readonly signedData: SignedData;
}

interface SignedContent {
  readonly contentType: string | undefined;
  readonly digest: (hash: HashName) => Promise<Uint8Array | undefined>;
  readonly content: Uint8Array | undefined;
}

/** Unsigned attributes this version acts on (validation values feed the path; they are not level-checked). */
const PROCESSED: ReadonlySet<string> = new Set([
  CMS_OID.signatureTimeStampToken,
  CMS_OID.escTimeStamp,
  CMS_OID.certCrlTimestamp,
  CMS_OID.archiveTimestampV2,
  CMS_OID.archiveTimestampV3,
  CMS_OID.counterSignature,
  CMS_OID.certValues,
  CMS_OID.revocationValues,
  CMS_OID.completeCertificateRefs,
  CMS_OID.completeRevocationRefs,
]);

/** Readable names of the unsigned attributes that later versions verify (LT/LTA, legacy C/X/A). */
const UNSIGNED_NAMES: Readonly<Record<string, string>> = {
  [CMS_OID.escTimeStamp]: 'CAdES-C-time-stamp',
  [CMS_OID.certCrlTimestamp]: 'time-stamped-certs-crls-references',
  [CMS_OID.archiveTimestampV2]: 'archive-time-stamp-v2',
  [CMS_OID.archiveTimestampV3]: 'archive-time-stamp-v3',
};

/** Check id, readable name and covered data of each kind of time-stamp. */
const TIMESTAMP_KINDS: Readonly<Record<TimestampType, { id: string; name: string; what: string }>> = {
  content: { id: 'cades.contentTimestamp', name: 'content time-stamp', what: 'this content' },
  signature: { id: 'cades.signatureTimestamp', name: 'signature time-stamp', what: 'this signature' },
  'validation-data': {
    id: 'cades.validationDataTimestamp',
    name: 'CAdES-C time-stamp',
    what: 'this signature and its references',
  },
  'validation-data-refs-only': {
    id: 'cades.referencesTimestamp',
    name: 'time-stamped-certs-crls-references',
    what: 'these references',
  },
  archive: {
    id: 'cades.archiveTimestamp',
    name: 'archive time-stamp',
    what: 'this signature and its validation data',
  },
};

/** A path from its target up: the target first, the trust anchor's certificate (when it has one) last. */
function signerFirst(certificates: readonly Certificate[], anchor: TrustAnchor): Certificate[] {
  return [...[...certificates].reverse(), ...(anchor.certificate ? [anchor.certificate] : [])];
}

/** The certificates and revocation data a token carries itself (for its TSA's LT completeness). */
function tokenData(value: Tlv): CarriedValidationData {
  try {
    const { signedData } = parseTimeStampToken(value);
    return {
      certificates: signedData.certificates,
      crls: signedData.crls,
      ocspResponses: signedData.ocspResponses,
    };
  } catch (e) {
    if (e instanceof MutuaError) return { certificates: [], crls: [], ocspResponses: [] };
    throw e;
  }
}

/** Counter-signatures of counter-signatures are followed this deep, no deeper (hostile nesting). */
const MAX_COUNTER_SIGNATURE_DEPTH = 4;

/** Reports one SignerInfo, then its counter-signatures (RFC 5652 §11.4), recursively. */
async function reportSignerInfo(
  ctx: Context,
  si: SignerInfo,
  id: string,
  signed: SignedContent,
  depth: number,
  parentId?: string,
): Promise<CadesSignatureReport[]> {
  const { options, crypto, certificates, crls, ocspResponses } = ctx;
  const signerOptions = {
    signerInfo: si,
    contentType: signed.contentType,
    digest: signed.digest,
    ...(signed.content ? { content: signed.content } : {}),
    certificates,
    trustAnchors: options.trustAnchors,
    crls,
    ocspResponses,
    ...(options.policy ? { policy: options.policy } : {}),
    crypto,
  };
  // Basic signature validation (EN 319 102-1 §5.3) at the validation time.
  const bsv = await verifySignerInfo({ ...signerOptions, time: ctx.time });

  // Content time-stamps (signed) cover the signed content; signature time-stamps (unsigned) cover this
  // SignerInfo's signature value (EN 319 122-1 §5.2.8, §5.3); CAdES-C time-stamps cover the signature and
  // the references (TS 101 733 §6.3.5, §6.3.6); archive time-stamps cover the whole signature
  // (TS 101 733 §6.4.1, EN 319 122-1 §5.5.3). Each is verified on its own: a copied or altered token loses
  // what it would prove, not the signature.
  const tokens: {
    type: TimestampType;
    attribute: string;
    value: Tlv;
    covered: VerifyTimestampOptions['covered'];
    archive?: CoveredData;
  }[] = [];
  const tsaPaths: ({ path: readonly Certificate[]; anchor: TrustAnchor } | undefined)[] = [];
  for (const attr of si.signedAttributes ?? [])
    if (attr.type === CMS_OID.contentTimestamp)
      for (const value of attr.values)
        tokens.push({ type: 'content', attribute: attr.type, value, covered: signed.digest });
  for (const attr of si.unsignedAttributes) {
    for (const value of attr.values) {
      const attribute = attr.type;
      if (attribute === CMS_OID.signatureTimeStampToken)
        tokens.push({ type: 'signature', attribute, value, covered: si.signature });
      else if (attribute === CMS_OID.escTimeStamp)
        tokens.push({ type: 'validation-data', attribute, value, covered: escTimestampCovered(si) });
      else if (attribute === CMS_OID.certCrlTimestamp)
        tokens.push({
          type: 'validation-data-refs-only',
          attribute,
          value,
          covered: certCrlTimestampCovered(si),
        });
      else if (attribute === CMS_OID.archiveTimestampV2 || attribute === CMS_OID.archiveTimestampV3) {
        const archive: CoveredData =
          depth > 0
            ? {
                digest: async () => undefined,
                reason: () => 'archive time-stamps of a counter-signature are not evaluated',
                notes: async () => [],
              }
            : (attribute === CMS_OID.archiveTimestampV3
                ? archiveTimestampV3Covered
                : archiveTimestampV2Covered)(
                {
                  signedData: ctx.signedData,
                  signerInfo: si,
                  content: signed.content,
                  contentDigest: signed.digest,
                  crypto,
                },
                value,
              );
        tokens.push({ type: 'archive', attribute, value, covered: archive.digest, archive });
      }
    }
  }
  // Each token is judged at the validation time, or with past validation (EN 319 102-1 §5.6.2.4) at the
  // proof of existence a later archive time-stamp gives it.
  const judged = await judgeTimestamps(
    tokens.map(({ type, attribute, value, covered, archive }) => ({
      token: value,
      type,
      attribute,
      covered,
      ...(archive ? { unavailableReason: archive.reason, notes: archive.notes } : {}),
    })),
    {
      certificates,
      trustAnchors: options.trustAnchors,
      crls,
      ocspResponses,
      ...(options.policy ? { policy: options.policy } : {}),
      crypto,
      validationTime: ctx.time,
    },
    options.poe ? { externalPoe: options.poe } : {},
  );
  const timestamps = judged.map((j) => j.report);
  for (const [i, { verification: t }] of judged.entries())
    tsaPaths[i] = t.tsaPath && t.tsaTrustAnchor ? { path: t.tsaPath, anchor: t.tsaTrustAnchor } : undefined;

  // Validation with time (EN 319 102-1 §5.5) and for long-term data (§5.6): the earliest proving
  // time-stamp over this signature value is the best-signature-time, a proof that the signature existed
  // then. A basic validation that failed only for lack of such a proof (the certificate expired or was
  // revoked since, its revocation data went stale, its algorithm became weak) is run again at that time.
  const overSignature = timestamps.filter(
    (t) => t.type !== 'content' && t.type !== 'validation-data-refs-only' && timestampProves(t) && t.time,
  );
  const best =
    overSignature.length > 0 ? new Date(Math.min(...overSignature.map((t) => t.time!.getTime()))) : undefined;
  const withTime = await validateWithTime({
    basic: bsv,
    validationTime: ctx.time,
    bestSignatureTime: best,
    signerNotBefore: bsv.signerCertificate?.notBefore,
    revalidate: (at) => verifySignerInfo({ ...signerOptions, time: at, pastValidation: true }),
    checkPrefix: 'cades',
  });
  const longTerm = withTime.checks;
  // The report keeps the basic validation's checks: "expired" then "passed with proof of existence".
  const r = withTime.result === bsv ? bsv : { ...withTime.result, checks: bsv.checks };

  // The level, from what proves: every certificate and revocation value of the signer's and the
  // signature time-stamps' paths must be carried for LT (EN 319 122-1 §5.4).
  const unsignedTypes = new Set(si.unsignedAttributes.map((x) => x.type));
  const provingOf = (type: TimestampType, attribute?: string) =>
    timestamps.some(
      (t) => t.type === type && (!attribute || t.attribute === attribute) && timestampProves(t),
    );
  const missing: string[] = [];
  if (r.isAdES && provingOf('signature')) {
    const signerPath = r.path?.best?.path.certificates;
    if (!signerPath) missing.push("the signer's certificate path");
    else missing.push(...missingValidationData(signerPath, ctx.carried));
    timestamps.forEach((t, i) => {
      if (t.type !== 'signature' || !timestampProves(t)) return;
      const path = tsaPaths[i]?.path;
      const own = tokenData(tokens[i]!.value);
      missing.push(
        ...(path
          ? missingValidationData(path, {
              certificates: [...ctx.carried.certificates, ...own.certificates],
              crls: [...ctx.carried.crls, ...own.crls],
              ocspResponses: [...ctx.carried.ocspResponses, ...own.ocspResponses],
            })
          : ['the TSA certificate path']),
      );
    });
  }
  // CAdES-C references (TS 101 733 §6.2): resolved against everything at hand, time-stamp tokens' own
  // certificates and revocation data included (some producers reference the TSA's path too).
  const tokenCarried = tokens.map((t) => tokenData(t.value));
  const referenceChecks = await checkCompleteReferences({
    signerInfo: si,
    signer: r.signerCertificate,
    path: r.path?.best?.path.certificates,
    anchorCertificate: r.path?.best?.path.anchor.certificate,
    certificates: [...certificates, ...tokenCarried.flatMap((d) => d.certificates)],
    crls: [...crls, ...tokenCarried.flatMap((d) => d.crls)],
    ocspResponses: [...ocspResponses, ...tokenCarried.flatMap((d) => d.ocspResponses)],
    crypto,
  });
  const evidence: LevelEvidence = {
    isAdES: r.isAdES,
    policyOid: r.attributes.signaturePolicy,
    unsignedTypes,
    proving: {
      signature: provingOf('signature'),
      validationData: provingOf('validation-data'),
      referencesOnly: provingOf('validation-data-refs-only'),
      archiveV2: provingOf('archive', CMS_OID.archiveTimestampV2),
      archiveV3: provingOf('archive', CMS_OID.archiveTimestampV3),
    },
    validationDataComplete: r.isAdES && provingOf('signature') && missing.length === 0,
    ...(referenceChecks.length ? { referencesComplete: referenceChecks[0]!.status !== 'warning' } : {}),
  };
  const { format, legacyFormat } = cadesLevels(evidence);
  const checks = [...r.checks];
  timestamps.forEach((t, i) => {
    const { id, name, what } = TIMESTAMP_KINDS[t.type];
    checks.push(
      timestampProves(t)
        ? {
            id,
            status: 'passed',
            message: `${name} ${i} at ${t.time?.toISOString()} covers ${what}`,
          }
        : t.intact && t.messageImprintMatches
          ? {
              id,
              status: 'warning',
              message: `${name} ${i} covers ${what}, but its TSA certificate does not validate (${t.subIndication ?? t.indication}): it gives no proof of existence`,
            }
          : {
              id,
              status: 'warning',
              message: `${name} ${i} is ${!t.intact ? 'not intact or its imprint cannot be computed' : `not over ${what} (copied, altered, or the data is missing)`}: it gives no proof of existence`,
            },
    );
  });
  checks.push(...longTerm, ...referenceChecks);
  // Said only of a signature whose path was validated: for a broken one the level is beside the point.
  if (evidence.proving.signature && r.isAdES && r.path?.best)
    checks.push(
      evidence.validationDataComplete
        ? {
            id: 'cades.validationData',
            status: 'passed',
            message:
              "the signature carries every certificate and revocation value of its signer's and its time-stamps' paths (LT)",
          }
        : {
            id: 'cades.validationData',
            status: 'info',
            message: `not LT: the signature does not carry ${[...new Set(missing)].join(', ')}`,
          },
    );
  const icp = r.attributes.signaturePolicy ? icpBrasilFormat(r.attributes.signaturePolicy) : undefined;
  if (icp) {
    const short = icpBrasilShortfall(icp.format, evidence);
    checks.push(
      short.length === 0
        ? {
            id: 'cades.icpBrasilFormat',
            status: 'passed',
            message: `ICP-Brasil ${icp.format}: the signature has what the form requires`,
          }
        : {
            id: 'cades.icpBrasilFormat',
            status: 'warning',
            message: `its policy names ICP-Brasil ${icp.format}${icp.signature !== 'CAdES' ? ` for ${icp.signature}` : ''}, but the signature lacks ${short.join(', ')}`,
          },
    );
  }
  let verdict: { indication: Indication; subIndication?: SubIndication } = {
    indication: r.indication,
    ...(r.subIndication ? { subIndication: r.subIndication } : {}),
  };
  if (withTime.failure && r.indication !== Indication.TOTAL_FAILED) verdict = { ...withTime.failure };
  // Time-stamp order (EN 319 102-1 §5.5.4): a content time-stamp cannot be later than a signature
  // time-stamp over the finished signature. Only tokens that prove something are compared.
  const proving = timestamps.filter((t) => timestampProves(t) && t.time);
  const latestContent = Math.max(
    ...proving.filter((t) => t.type === 'content').map((t) => t.time!.getTime()),
  );
  const earliestSignature = Math.min(
    ...proving.filter((t) => t.type === 'signature').map((t) => t.time!.getTime()),
  );
  if (Number.isFinite(latestContent) && Number.isFinite(earliestSignature)) {
    const ordered = latestContent <= earliestSignature;
    checks.push(
      ordered
        ? {
            id: 'cades.timestampOrder',
            status: 'passed',
            message: 'content time-stamps precede signature time-stamps',
          }
        : {
            id: 'cades.timestampOrder',
            status: 'indeterminate',
            message: `a content time-stamp (${new Date(latestContent).toISOString()}) is later than a signature time-stamp (${new Date(earliestSignature).toISOString()})`,
            subIndication: SubIndication.TIMESTAMP_ORDER_FAILURE,
          },
    );
    if (!ordered && verdict.indication === Indication.TOTAL_PASSED)
      verdict = {
        indication: Indication.INDETERMINATE,
        subIndication: SubIndication.TIMESTAMP_ORDER_FAILURE,
      };
  }
  // Signature policy (EPES, EN 319 102-1 §5.2.4): the signer committed to a policy by OID and hash.
  const pol = r.attributes.signaturePolicy;
  if (pol) {
    const committed = r.attributes.signaturePolicyHash;
    const hashName = committed ? HASH_BY_OID[committed.hashOid] : undefined;
    const store = ctx.options.policyStore;
    let check: CheckResult;
    if (!store) {
      check = {
        id: 'cades.signaturePolicy',
        status: 'info',
        message: `signature policy ${pol} named; not checked (no policy store given)`,
      };
    } else if (!committed || !hashName) {
      check = {
        id: 'cades.signaturePolicy',
        status: 'indeterminate',
        message: `signature policy ${pol}: its hash algorithm is unknown`,
        subIndication: SubIndication.POLICY_PROCESSING_ERROR,
      };
    } else {
      const found = store.lookup(pol, hashName, committed.value);
      check =
        found.status === 'match'
          ? {
              id: 'cades.signaturePolicy',
              status: 'passed',
              message: `signature policy ${pol}: its ${hashName} hash matches a known version${found.source ? ` (${found.source})` : ''}`,
            }
          : found.status === 'mismatch'
            ? {
                id: 'cades.signaturePolicy',
                status: 'indeterminate',
                message: `signature policy ${pol}: the committed ${hashName} hash matches no known version of the policy (${found.reason})`,
                subIndication: SubIndication.POLICY_PROCESSING_ERROR,
              }
            : {
                id: 'cades.signaturePolicy',
                status: 'indeterminate',
                message: `signature policy ${pol} is not in the policy store`,
                subIndication: SubIndication.SIGNATURE_POLICY_NOT_AVAILABLE,
              };
    }
    checks.push(check);
    // What the policy says, beyond its hash (DOC-ICP-15.03, RFC 3125): judged only for a policy whose
    // committed hash matched, at the best-signature-time when there is one.
    const record = check.status === 'passed' ? store?.get(pol) : undefined;
    const policyChecks = record
      ? checkPolicyRules({
          policy: record.document,
          record,
          signedAttributeTypes: (si.signedAttributes ?? []).map((x) => x.type),
          unsignedAttributeTypes: [...unsignedTypes],
          ...(r.attributes.commitmentTypes ? { commitmentTypes: r.attributes.commitmentTypes } : {}),
          signatureTime: best
            ? { time: best, source: 'timestamp' }
            : r.attributes.signingTime
              ? { time: r.attributes.signingTime, source: 'signing-time' }
              : { time: ctx.time, source: 'validation-time' },
          ...(r.path?.best
            ? { signerPath: signerFirst(r.path.best.path.certificates, r.path.best.path.anchor) }
            : {}),
          ...(r.signerCertificate ? { signerCertificate: r.signerCertificate } : {}),
          certificatesInSignature: ctx.signedData.certificates,
          ...(r.signingCertificateRefs !== undefined
            ? { signingCertificateRefs: r.signingCertificateRefs }
            : {}),
          signatureAlgorithm: {
            oid: si.signatureAlgorithm.oid,
            keyBits: r.signerCertificate?.publicKey.bits,
            ...(HASH_BY_OID[si.digestAlgorithm.oid] ? { hash: HASH_BY_OID[si.digestAlgorithm.oid]! } : {}),
          },
          timestampTsaPaths: timestamps.flatMap((t, i) =>
            t.type === 'signature' && timestampProves(t) && tsaPaths[i]
              ? [signerFirst(tsaPaths[i]!.path, tsaPaths[i]!.anchor)]
              : [],
          ),
        })
      : [];
    for (const c of [check, ...policyChecks]) {
      if (c !== check) checks.push(c);
      if (
        (c.status === 'indeterminate' || c.status === 'failed') &&
        verdict.indication === Indication.TOTAL_PASSED
      )
        verdict = { indication: Indication.INDETERMINATE, subIndication: c.subIndication! };
    }
  }
  // Say plainly what this version does not verify yet, rather than let a -T label suggest it did.
  const unverified = [...new Set(si.unsignedAttributes.map((x) => x.type))].filter((t) => !PROCESSED.has(t));
  if (unverified.length)
    checks.push({
      id: 'cades.unverifiedAttributes',
      status: 'info',
      message: `unsigned attributes not verified by this version: ${unverified.map((t) => `${UNSIGNED_NAMES[t] ?? 'unknown'} (${t})`).join(', ')}`,
    });
  const cert = r.signerCertificate;
  const a = r.attributes;
  const report: CadesSignatureReport = {
    id,
    ...(parentId ? { counterSignatureOf: parentId } : {}),
    format,
    ...(legacyFormat ? { legacyFormat } : {}),
    ...(icp ? { icpBrasilFormat: icp.format } : {}),
    ...verdict,
    signatureIntact: r.signatureIntact,
    ...(cert ? { signer: summarizeSigner(cert) } : {}),
    ...(r.path?.best ? { trustAnchor: summarizeTrustAnchor(r.path.best.path.anchor) } : {}),
    ...(a.signingTime ? { signingTime: a.signingTime } : {}),
    ...(a.commitmentTypes ? { commitmentTypes: a.commitmentTypes } : {}),
    ...(a.claimedRoles ? { claimedRoles: a.claimedRoles } : {}),
    ...(a.signerLocation ? { signerLocation: a.signerLocation } : {}),
    ...(a.contentHints ? { contentHints: a.contentHints } : {}),
    ...(a.signaturePolicy ? { signaturePolicy: a.signaturePolicy } : {}),
    ...(a.signaturePolicyQualifiers?.length
      ? { signaturePolicyQualifiers: a.signaturePolicyQualifiers }
      : {}),
    ...(best ? { bestSignatureTime: best } : {}),
    timestamps,
    checks: [
      ...checks,
      ...a.problems.map((m): CheckResult => ({ id: 'cms.attributeFormat', status: 'warning', message: m })),
    ],
  };

  const out = [report];
  // A counter-signature signs the parent's signature value: its "content" is those bytes, with no
  // content type (RFC 5652 §11.4).
  const counters = si.unsignedAttributes
    .filter((x) => x.type === CMS_OID.counterSignature)
    .flatMap((x) => x.values);
  if (counters.length && depth >= MAX_COUNTER_SIGNATURE_DEPTH) {
    ctx.problems.push(
      `${id}: counter-signatures nested deeper than ${MAX_COUNTER_SIGNATURE_DEPTH} not verified`,
    );
    return out;
  }
  const parentValue = si.signature;
  const cache = new Map<HashName, Promise<Uint8Array>>();
  const counterSigned: SignedContent = {
    contentType: undefined,
    content: parentValue,
    digest: (hash) => {
      let d = cache.get(hash);
      if (!d) cache.set(hash, (d = crypto.digest(hash, parentValue)));
      return d;
    },
  };
  for (const [i, node] of counters.entries()) {
    let csi: SignerInfo;
    try {
      csi = parseSignerInfo(node, i);
    } catch (e) {
      if (!(e instanceof MutuaError)) throw e;
      ctx.problems.push(`${id}: counter-signature ${i} does not parse: ${e.message}`);
      continue;
    }
    out.push(...(await reportSignerInfo(ctx, csi, `${id}-CS${i}`, counterSigned, depth + 1, id)));
  }
  return out;
}

/**
 * What a signature report says about its signer's certificate (shared by the CAdES, XAdES and PAdES
 * reports).
 *
 * @example
 * ```ts
 * import { summarizeSigner } from '@mutua/cades';
 * summarizeSigner(cert).subject === cert.subject.text; // true
 * ```
 */
export function summarizeSigner(cert: Certificate): SignerSummary {
  // The identity is extracted when first read (it is an enumerable getter, so JSON and spreads still
  // see it): a portal that only wants the verdict does not pay for the national-identifier extractors.
  let identity: Identity | undefined;
  return {
    subject: cert.subject.text,
    issuer: cert.issuer.text,
    serialNumber: cert.serialNumber.toString(16),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    der: cert.der,
    get identity(): Identity {
      identity ??= extractIdentity(cert);
      return identity;
    },
  };
}

/**
 * The hashes the verification will ask of the content: each SignerInfo's digest algorithm and the
 * message-imprint hash of every archive time-stamp v3 (which covers the content's hash).
 */
function hashesNeeded(sd: SignedData): HashName[] {
  const out = new Set<HashName>();
  const visit = (si: SignerInfo) => {
    const h = HASH_BY_OID[si.digestAlgorithm.oid];
    if (h) out.add(h);
    for (const a of si.unsignedAttributes) {
      if (a.type !== CMS_OID.archiveTimestampV3) continue;
      for (const v of a.values) {
        try {
          const imprint = parseTimeStampToken(v).tstInfo.messageImprint.hash;
          if (imprint) out.add(imprint);
        } catch {
          // A malformed token is reported by its own check; it needs no content hash here.
        }
      }
    }
  };
  sd.signerInfos.forEach(visit);
  return [...out];
}

/**
 * A digest function over the signed content, computing each hash at most once. Detached content given
 * as a stream is hashed as it is read (every needed hash in one pass, via the engine's incremental hash
 * when it has one) and never held in memory; the archive-time-stamp v2, which covers the content bytes
 * themselves, then cannot be checked and says so.
 */
async function contentDigester(
  sd: SignedData,
  detached: DetachedContent | undefined,
  crypto: CryptoEngine,
): Promise<{ digest: (hash: HashName) => Promise<Uint8Array | undefined>; content: Uint8Array | undefined }> {
  let bytes: Uint8Array | undefined = sd.content;
  let given: Partial<Record<HashName, Uint8Array>> | undefined;
  if (!bytes && detached !== undefined) {
    if (detached instanceof Uint8Array) bytes = detached;
    else if ('digests' in detached) given = detached.digests;
    else given = await digestStream(crypto, hashesNeeded(sd), detached);
  }
  const cache = new Map<HashName, Promise<Uint8Array>>();
  const digest = async (hash: HashName) => {
    if (given) return given[hash];
    if (!bytes) return undefined;
    let d = cache.get(hash);
    if (!d) cache.set(hash, (d = crypto.digest(hash, bytes)));
    return d;
  };
  return { digest, content: bytes };
}
