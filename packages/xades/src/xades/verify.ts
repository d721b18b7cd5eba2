import {
  type IcpBrasilFormat,
  type TimestampReport,
  type TimestampType,
  icpBrasilFormat,
  judgeTimestamps,
  type TimestampToJudge,
  type PolicyStore,
  type SignerSummary,
  missingValidationData,
  parseTimeStampToken,
  summarizeSigner,
  summarizeTrustAnchor,
  type TrustAnchorSummary,
  timestampProves,
  type SignaturePolicyQualifier,
} from '@mutua/cades';
import {
  type Certificate,
  type CertificateList,
  type CertificateValidationResult,
  type CheckResult,
  type CryptoEngine,
  type HashName,
  Indication,
  MutuaError,
  type OcspResponse,
  STRICT_POLICY,
  SubIndication,
  type TrustAnchor,
  type ValidationPolicy,
  base64Decode,
  checkCryptoConstraints,
  createWebCryptoEngine,
  decideChecks,
  parseCrl,
  parseOcspResponse,
  validateCertificate,
  validateWithTime,
} from '@mutua/core';
import { C14N_ALGORITHMS } from '../c14n/algorithms';
import { canonicalize } from '../c14n/canonicalize';
import { findSignatures } from '../dsig/find';
import { DIGEST_METHODS, SIGNATURE_METHODS } from '../dsig/methods';
import { verifySignatureValue } from '../dsig/signature-value';
import { DSIG_NS, type ReferenceTarget } from '../dsig/types';
import { verifyXmlSignature } from '../dsig/verify';
import { parseXml } from '../xml/parse';
import type { XmlDocument, XmlElement } from '../xml/tree';
import { xadesTimestampCovered } from './covered';
import { verifyXmlTimestamp, xmlTimestampTime } from './xml-timestamp';
import { OASIS_DSS_NS } from '../sign/xml-timestamp';
import {
  type QualifyingProperties,
  SIGNED_PROPERTIES_TYPES,
  type XadesTimestamp,
  findQualifyingProperties,
  isXades,
  readQualifyingProperties,
  unsignedTimestamps,
} from './properties';
import { checkXadesCompleteReferences } from './references';
import { identifySigningCertificate } from './signing-certificate';
import { collectXadesValidationData } from './values';

/**
 * XAdES baseline levels (EN 319 132-1), or `XML-DSig` for a signature without XAdES qualifying properties
 * bound to it.
 */
export type XadesFormat =
  | 'XML-DSig'
  | 'XAdES-BASELINE-B'
  | 'XAdES-BASELINE-T'
  | 'XAdES-BASELINE-LT'
  | 'XAdES-BASELINE-LTA';

/** The XAdES 1.3.2 / 1.4.1 forms (EN 319 132-2), which older validators and archives speak. */
export type XadesLegacyFormat =
  | 'XAdES-BES'
  | 'XAdES-EPES'
  | 'XAdES-T'
  | 'XAdES-C'
  | 'XAdES-X'
  | 'XAdES-X-L'
  | 'XAdES-A';

/** Options of {@link verifyXades}. */
export interface VerifyXadesOptions {
  readonly trustAnchors: readonly TrustAnchor[];
  /** Certificates beyond those in the signature (the signer's, when KeyInfo lacks it; intermediates). */
  readonly certificates?: readonly Certificate[];
  readonly crls?: readonly (CertificateList | Uint8Array)[];
  readonly ocspResponses?: readonly (OcspResponse | Uint8Array)[];
  /** The validation time (default: now). */
  readonly time?: Date;
  readonly policy?: ValidationPolicy;
  readonly crypto?: CryptoEngine;
  /** The content of detached references, by URI as written in the Reference. */
  readonly detached?: Readonly<Record<string, Uint8Array>> | ((uri: string) => Uint8Array | undefined);
  /** Known signature policies (EPES): see `createPolicyStore` of `@mutua/cades`. */
  readonly policyStore?: PolicyStore;
}

/** One Reference of a signature, as reported: what it points at and whether it holds. */
export interface XadesReferenceReport {
  readonly uri: string | undefined;
  readonly type?: string;
  readonly found: boolean;
  readonly intact: boolean;
  /** The signed content: the node-set or octets the verified reference resolved to. */
  readonly target?: ReferenceTarget;
}

/** The report of one XML signature, in EN 319 102-1 terms (the same shape as a CAdES report). */
export interface XadesSignatureReport {
  /** The Signature's `Id`, or `S0`, `S1`… in document order. */
  readonly id: string;
  /** For a counter-signature: the id of the signature it counter-signs. */
  readonly counterSignatureOf?: string;
  readonly format: XadesFormat;
  readonly legacyFormat?: XadesLegacyFormat;
  /** The ICP-Brasil form its signature policy names (AD-RB … AD-RA), for ICP-Brasil policy OIDs. */
  readonly icpBrasilFormat?: IcpBrasilFormat;
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  /**
   * The SignatureValue verifies with the signer's key over the canonical SignedInfo, and every reference's
   * data is found and unchanged (as a CAdES signature is intact only with its message digest).
   */
  readonly signatureIntact: boolean;
  /** Every Reference could be dereferenced, and at least one signs a data object. */
  readonly referencesFound: boolean;
  /**
   * Every Reference of SignedInfo was found and its digest matches, and every Manifest entry that could be
   * reached too (for a counter-signature: it signs its parent's SignatureValue).
   */
  readonly referencesIntact: boolean;
  /**
   * The SignedProperties signed are this signature's own (one reference, inside QualifyingProperties
   * targeted at it) and at least one data object is signed: with `signatureIntact` and `referencesIntact`,
   * what EU DSS calls "B-level technically valid".
   */
  readonly signedDataBound: boolean;
  readonly references: readonly XadesReferenceReport[];
  readonly signer?: SignerSummary;
  /** The trust anchor the signer's path ended at (name and source), when one was built. */
  readonly trustAnchor?: TrustAnchorSummary;
  readonly signingTime?: Date;
  readonly commitmentTypes?: readonly string[];
  readonly claimedRoles?: readonly string[];
  readonly signerLocation?: { readonly country?: string; readonly locality?: string };
  /** The SignaturePolicyIdentifier's identifier (a URI or `urn:oid:`). */
  readonly signaturePolicy?: string;
  /** The SigPolicyQualifiers: where the policy is, and the notice to show the reader. */
  readonly signaturePolicyQualifiers?: readonly SignaturePolicyQualifier[];
  readonly bestSignatureTime?: Date;
  readonly timestamps: readonly TimestampReport[];
  readonly checks: readonly CheckResult[];
}

/** The result of {@link verifyXades}. */
export interface XadesVerification {
  readonly signatures: readonly XadesSignatureReport[];
  /** Document-level notes. */
  readonly problems: readonly string[];
  /** The parsed document: the reports' `target` nodes belong to it. */
  readonly document: XmlDocument;
}

const TIMESTAMP_TYPES: Readonly<Record<string, TimestampType>> = {
  SignatureTimeStamp: 'signature',
  AllDataObjectsTimeStamp: 'content',
  IndividualDataObjectsTimeStamp: 'content',
  SigAndRefsTimeStamp: 'validation-data',
  SigAndRefsTimeStampV2: 'validation-data',
  RefsOnlyTimeStamp: 'validation-data-refs-only',
  RefsOnlyTimeStampV2: 'validation-data-refs-only',
  ArchiveTimeStamp: 'archive',
};

/**
 * The digest of a policy document after a SignaturePolicyId's transforms: only canonicalisations are
 * accepted (what XML policies use); anything else, or a document that is not XML, gives undefined.
 */
async function policyDigestAfterTransforms(
  document: Uint8Array | undefined,
  transforms: readonly string[],
  hash: HashName,
  crypto: CryptoEngine,
): Promise<Uint8Array | undefined> {
  if (!document) return undefined;
  if (transforms.length === 0) return crypto.digest(hash, document);
  // ICP-Brasil policies write the exclusive canonicalisation URI without its `2001/10/` path.
  const alias: Record<string, string> = {
    'http://www.w3.org/TR/xml-exc-c14n#': C14N_ALGORITHMS.EXC_C14N,
    'http://www.w3.org/TR/xml-exc-c14n#WithComments': C14N_ALGORITHMS.EXC_C14N_WITH_COMMENTS,
  };
  const known = new Set<string>(Object.values(C14N_ALGORITHMS));
  const last = transforms.map((t) => alias[t] ?? t);
  if (!last.every((t) => known.has(t))) return undefined;
  try {
    return crypto.digest(hash, canonicalize(parseXml(document), last[last.length - 1]!));
  } catch (e) {
    if (e instanceof MutuaError) return undefined;
    throw e;
  }
}

const OBJECT_TYPE = 'http://www.w3.org/2000/09/xmldsig#Object';
const MANIFEST_TYPE = 'http://www.w3.org/2000/09/xmldsig#Manifest';

const proves = timestampProves;

/**
 * Verifies every XML signature of a document (XML-DSig and XAdES, enveloped, enveloping or detached):
 * XML-DSig core validation (structure, references with their transforms, the canonical SignedInfo), the
 * XAdES binding (QualifyingProperties targeted at this signature, exactly one SignedProperties reference
 * resolving inside them), the signing certificate from SigningCertificate(V2) — never from KeyInfo alone —,
 * the SignatureValue, the certificate path, the time-stamps (SignatureTimeStamp, AllDataObjectsTimeStamp,
 * SigAndRefs/RefsOnly, ArchiveTimeStamp) and validation with time (EN 319 102-1 §5.5), then the level.
 * Each report carries the nodes its verified references resolved to: the only signed content to use.
 *
 * @throws `XmlError` when the input is not well-formed XML, has a DOCTYPE, or exceeds the parser's limits.
 * @example
 * ```ts
 * import { signXml, verifyXades } from '@mutua/xades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const signed = await signXml({
 *   content: { kind: 'enveloped', document: '<invoice><total>10</total></invoice>' },
 *   key: leaf.key.privateKey,
 *   certificates: [leaf.der, ca.der],
 * });
 * const report = await verifyXades(signed.xml, { trustAnchors, crls, crypto: nodeCryptoEngine });
 * report.signatures.map((s) => [s.format, s.indication]); // [['XML-DSig', 'TOTAL_PASSED']]
 * ```
 */
export async function verifyXades(
  input: Uint8Array | string,
  options: VerifyXadesOptions,
): Promise<XadesVerification> {
  const crypto = options.crypto ?? createWebCryptoEngine();
  const doc = parseXml(input);
  const time = options.time ?? new Date();
  const problems: string[] = [];
  const detached =
    typeof options.detached === 'function'
      ? options.detached
      : (uri: string) => (options.detached as Record<string, Uint8Array> | undefined)?.[uri];
  const crls = (options.crls ?? []).map((c) => (c instanceof Uint8Array ? parseCrl(c) : c));
  const ocspResponses = (options.ocspResponses ?? []).map((o) =>
    o instanceof Uint8Array ? parseOcspResponse(o) : o,
  );
  // The ds:Signature of an XML time-stamp (dss:Timestamp) is the TSA's, judged with its time-stamp.
  const all = findSignatures(doc).filter(
    (s) =>
      !(
        s.parent.kind === 'element' &&
        s.parent.localName === 'Timestamp' &&
        s.parent.namespaceURI === OASIS_DSS_NS
      ),
  );
  const reports: XadesSignatureReport[] = [];
  const ids = new Map<XmlElement, string>();
  for (const [i, s] of all.entries()) ids.set(s, s.getAttribute('Id') ?? `S${i}`);
  for (const signature of all) {
    reports.push(
      await reportSignature(signature, {
        doc,
        crypto,
        time,
        detached,
        crls,
        ocspResponses,
        options,
        ids,
      }),
    );
  }
  return { signatures: reports, problems, document: doc };
}

interface Context {
  readonly doc: XmlDocument;
  readonly crypto: CryptoEngine;
  readonly time: Date;
  readonly detached: (uri: string) => Uint8Array | undefined;
  readonly crls: readonly CertificateList[];
  readonly ocspResponses: readonly OcspResponse[];
  readonly options: VerifyXadesOptions;
  readonly ids: ReadonlyMap<XmlElement, string>;
}

/** The signature this one counter-signs, when it sits in another's xades:CounterSignature. */
function counterSigned(signature: XmlElement): XmlElement | undefined {
  const holder = signature.parent;
  if (holder.kind !== 'element' || !isXades(holder, 'CounterSignature')) return undefined;
  for (let p = holder.parent; p.kind === 'element'; p = p.parent)
    if (p.localName === 'Signature' && p.namespaceURI === 'http://www.w3.org/2000/09/xmldsig#') return p;
  return undefined;
}

async function reportSignature(signature: XmlElement, ctx: Context): Promise<XadesSignatureReport> {
  const { crypto, time, options } = ctx;
  const id = ctx.ids.get(signature)!;
  const v = await verifyXmlSignature(ctx.doc, signature, { crypto, detached: ctx.detached });
  const checks: CheckResult[] = [...v.checks];

  // XAdES binding (X5): the QualifyingProperties targeted at this signature, and exactly one reference of
  // Type SignedProperties resolving to the SignedProperties element inside them.
  const qpElement = findQualifyingProperties(signature);
  const props = qpElement ? readQualifyingProperties(qpElement) : undefined;
  // The SignedProperties reference: by its Type, or (old producers omit the Type) by where it leads.
  const spRefs = v.references.filter(
    (r) =>
      (r.type && SIGNED_PROPERTIES_TYPES.includes(r.type)) ||
      (!r.type &&
        props?.signedProperties !== undefined &&
        r.target?.kind === 'nodes' &&
        r.target.apex === props.signedProperties),
  );
  let isAdES = false;
  if (props?.signedProperties || spRefs.length > 0) {
    const ref = spRefs[0];
    const resolved =
      ref?.target?.kind === 'nodes' && ref.target.apex === props?.signedProperties ? ref : undefined;
    if (spRefs.length !== 1 || !resolved || !props?.signedProperties) {
      checks.push({
        id: 'xades.signedProperties',
        status: 'indeterminate',
        message:
          spRefs.length !== 1
            ? `${spRefs.length} references of Type SignedProperties (exactly one is required)`
            : !props?.signedProperties
              ? 'the SignedProperties reference does not lead to QualifyingProperties targeted at this signature'
              : 'the SignedProperties reference resolves to another element than this signature’s SignedProperties',
        subIndication: SubIndication.SIGNED_DATA_NOT_FOUND,
      });
    } else {
      isAdES = true;
      checks.push({
        id: 'xades.signedProperties',
        status: 'passed',
        message: 'the SignedProperties of this signature are signed by exactly one reference',
      });
    }
  }

  // Validation data carried by the signature.
  const values = props ? collectXadesValidationData(props) : undefined;
  for (const p of values?.problems ?? [])
    checks.push({ id: 'xades.validationValues', status: 'warning', message: p });
  const certificates = [
    ...v.keyInfoCertificates,
    ...(values?.certificates ?? []),
    ...(options.certificates ?? []),
    ...options.trustAnchors.flatMap((a) => (a.certificate ? [a.certificate] : [])),
  ];
  const crls = [...(values?.crls ?? []), ...ctx.crls];
  const ocspResponses = [...(values?.ocspResponses ?? []), ...ctx.ocspResponses];

  // The signing certificate: from SigningCertificate(V2) (X7/X8); a plain XML-DSig signature only has
  // KeyInfo, whose certificate is a candidate that path validation still has to accept.
  let signer: Certificate | undefined;
  // Without signed properties naming it, the signer is whichever certificate at hand verifies the value
  // (path validation still has to accept it).
  const keyCandidates = [...v.keyInfoCertificates, ...(options.certificates ?? [])];
  // Claims are read only from SignedProperties this signature signs (X5): unbound ones are an attacker's
  // to write.
  const signedProps = isAdES ? props : undefined;
  if (signedProps?.signingCertificate) {
    const m = await identifySigningCertificate(signedProps.signingCertificate.refs, certificates, crypto);
    checks.push(m.check);
    signer = m.certificate;
    if (signedProps.signingCertificate.version === 1)
      checks.push({
        id: 'xades.signingCertificateVersion',
        status: 'info',
        message: 'SigningCertificate (v1) is used; EN 319 132-1 baseline signatures use SigningCertificateV2',
      });
  } else if (isAdES) {
    checks.push({
      id: 'xades.signingCertificate',
      status: 'indeterminate',
      message: 'the signed properties have no SigningCertificate or SigningCertificateV2',
      subIndication: SubIndication.NO_SIGNING_CERTIFICATE_FOUND,
    });
  } else {
    for (const c of keyCandidates) {
      if (!v.canonicalSignedInfo) break;
      if ((await verifySignatureValue(v, c.publicKey, crypto)).intact) {
        signer = c;
        break;
      }
    }
  }
  const sv = signer && v.structureValid ? await verifySignatureValue(v, signer.publicKey, crypto) : undefined;
  if (sv) checks.push(sv.check);
  else if (!signer && v.structureValid && !isAdES)
    checks.push(
      // The key the signature names does not verify it: broken (or altered); no key at all: unknown signer.
      keyCandidates.length > 0
        ? {
            id: 'xmldsig.signatureValue',
            status: 'failed',
            message: `the SignatureValue verifies with none of the ${keyCandidates.length} certificate(s) at hand (KeyInfo, the caller's)`,
            subIndication: SubIndication.SIG_CRYPTO_FAILURE,
          }
        : {
            id: 'xmldsig.signatureValue',
            status: 'indeterminate',
            message: 'no certificate at hand to verify the SignatureValue with (KeyInfo holds none)',
            subIndication: SubIndication.NO_SIGNING_CERTIFICATE_FOUND,
          },
    );
  // A Reference typed Object or Manifest must lead to a ds:Object (or a ds:Manifest in one) of this very
  // signature: an object moved into a wrapper elsewhere (XSW, attack X1/X6) is not where the signature
  // says its data is, whatever its digest (EU DSS: SIGNED_DATA_NOT_FOUND).
  const misplaced = new Set(
    v.references.filter((r) => {
      if (r.type !== OBJECT_TYPE && r.type !== MANIFEST_TYPE) return false;
      const e = r.element;
      // Producers also type other elements Object (a KeyInfo, a detached data element): only a ds:Object
      // or ds:Manifest that is not where it belongs is the wrapping this guards against.
      const isDsig = (x: XmlElement, name: string) => x.localName === name && x.namespaceURI === DSIG_NS;
      if (!e) return false;
      if (isDsig(e, 'Object')) return e.parent !== signature;
      if (isDsig(e, 'Manifest'))
        return !(e.parent.kind === 'element' && isDsig(e.parent, 'Object') && e.parent.parent === signature);
      return false;
    }),
  );
  for (const r of misplaced)
    checks.push({
      id: 'xades.referenceType',
      status: 'indeterminate',
      message: `reference ${r.index} (${r.uri}) is typed ${r.type === OBJECT_TYPE ? 'Object' : 'Manifest'} but does not lead to ${r.type === OBJECT_TYPE ? 'a ds:Object' : 'a ds:Manifest in a ds:Object'} of this signature`,
      subIndication: SubIndication.SIGNED_DATA_NOT_FOUND,
    });
  // As for CAdES, "intact" means the signature value verifies over the signed data as it is: every
  // reference of SignedInfo (and of the Manifests it signs) found and unchanged.
  // Manifest entries the verifier cannot reach (files not given) do not break it, as in EU DSS: the
  // Manifest itself is signed, and the report lists each entry; one that is reached must be intact.
  const manifestEntries = v.references.flatMap((r) => r.manifest ?? []);
  const dataIntact =
    v.references.length > 0 &&
    v.references.every((r) => r.found && r.intact) &&
    manifestEntries.every((r) => !r.found || r.intact);
  const signatureIntact = sv?.intact === true && dataIntact;
  // The references hold when, besides, this signature's properties are the ones signed (X5) and some data
  // object is signed at all (a signature over its own properties only signs nothing).
  const dataReferences = v.references.filter((r) => !spRefs.includes(r));
  const bindingHolds = !checks.some((c) => c.id === 'xades.signedProperties' && c.status !== 'passed');
  let referencesIntact = dataIntact && dataReferences.length > 0 && misplaced.size === 0;
  const signedDataBound = bindingHolds && dataReferences.length > 0;
  if (dataReferences.length === 0)
    checks.push({
      id: 'xades.signedDataObjects',
      status: 'indeterminate',
      message: 'no Reference signs a data object: only the signature’s own properties are signed',
      subIndication: SubIndication.SIGNED_DATA_NOT_FOUND,
    });

  // The signature's own verdict, in the order of EN 319 102-1 §5.2: format, data found and intact, signing
  // certificate, signature value; then the path and the algorithms, which validation with time may redo.
  const own = decide(checks);
  const basicAt = async (at: Date, pastValidation: boolean) => {
    const pathChecks: CheckResult[] = [];
    let path: CertificateValidationResult | undefined;
    let verdict = own;
    if (signer && own.indication === Indication.TOTAL_PASSED) {
      path = await validateCertificate({
        target: signer,
        intermediates: certificates.filter((c) => c !== signer),
        trustAnchors: options.trustAnchors,
        crls,
        ocspResponses,
        time: at,
        ...(pastValidation ? { pastValidation: true } : {}),
        ...(options.policy ? { policy: options.policy } : {}),
        crypto,
      });
      pathChecks.push(...path.checks);
      if (path.indication !== Indication.TOTAL_PASSED)
        verdict = {
          indication: path.indication,
          ...(path.subIndication ? { subIndication: path.subIndication } : {}),
        };
      const scheme = v.signatureMethod ? SIGNATURE_METHODS[v.signatureMethod] : undefined;
      const policy = options.policy ?? STRICT_POLICY;
      const weak = scheme ? checkCryptoConstraints(policy, scheme, signer.publicKey, at) : undefined;
      pathChecks.push(
        weak
          ? {
              id: 'xmldsig.cryptoConstraints',
              status: 'indeterminate',
              message: `${weak} (validation time ${at.toISOString()})`,
              subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
            }
          : {
              id: 'xmldsig.cryptoConstraints',
              status: 'passed',
              message: `${v.signatureMethod} with a ${signer.publicKey.bits}-bit key is acceptable`,
            },
      );
      if (weak && verdict.indication === Indication.TOTAL_PASSED)
        verdict = {
          indication: Indication.INDETERMINATE,
          subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
        };
    }
    return { ...verdict, signatureIntact, checks: pathChecks, path };
  };
  const bsv = await basicAt(time, false);

  // Time-stamps, the latest first, so that a proving archive time-stamp vouches for the earlier ones.
  const stamps: XadesTimestamp[] = props
    ? [...(signedProps?.contentTimestamps ?? []), ...unsignedTimestamps(props)]
    : [];
  // RFC 3161 tokens (EncapsulatedTimeStamp) and XML time-stamps (XMLTimeStamp), in document order.
  const tokens: { ts: XadesTimestamp; b64?: string; xml?: XmlElement }[] = stamps.flatMap((ts) => [
    ...ts.encapsulated.map((b64) => ({ ts, b64 })),
    ...ts.xmlTimestamps.map((xml) => ({ ts, xml })),
  ]);
  const common = {
    certificates,
    trustAnchors: options.trustAnchors,
    crls,
    ocspResponses,
    ...(options.policy ? { policy: options.policy } : {}),
    crypto,
    validationTime: time,
  };
  const judged = await judgeTimestamps(
    tokens.map(({ ts, b64, xml }): TimestampToJudge => {
      const covered = xadesTimestampCovered(ts, v, props, SIGNED_PROPERTIES_TYPES);
      const type = TIMESTAMP_TYPES[ts.name] ?? 'signature';
      const attribute = `xades:${ts.name}`;
      if (xml) {
        const genTime = xmlTimestampTime(xml);
        return {
          type,
          attribute: `${attribute} (XMLTimeStamp)`,
          covered: async () => undefined,
          ...(genTime ? { genTime } : {}),
          verify: (poe) =>
            verifyXmlTimestamp(ctx.doc, xml, {
              ...common,
              type,
              covered: 'bytes' in covered ? covered.bytes : undefined,
              ...('unavailable' in covered ? { unavailableReason: covered.unavailable } : {}),
              ...(poe ? { poe } : {}),
            }),
        };
      }
      let token: Uint8Array;
      try {
        token = base64Decode(b64 ?? '');
      } catch {
        token = new Uint8Array(); // reported by the token's own format check
      }
      return {
        token,
        type,
        attribute,
        covered: 'bytes' in covered ? covered.bytes : async () => undefined,
        unavailableReason: () => ('unavailable' in covered ? covered.unavailable : undefined),
      };
    }),
    common,
  );
  const timestamps: TimestampReport[] = judged.map((j) => j.report);
  const tsaPaths = judged.map((j) => j.verification.tsaPath);
  // Certificates the tokens carry (some producers reference the TSA's path in CompleteCertificateRefs).
  const tokenCertificates: Certificate[] = [];
  for (const { b64 } of tokens) {
    if (b64 === undefined) continue;
    try {
      tokenCertificates.push(...parseTimeStampToken(base64Decode(b64)).signedData.certificates);
    } catch (e) {
      if (!(e instanceof MutuaError)) throw e; // a malformed token is reported by its own checks
    }
  }
  for (const [i, t] of timestamps.entries()) {
    const name = tokens[i]!.ts.name;
    checks.push(
      proves(t)
        ? {
            id: 'xades.timestamp',
            status: 'passed',
            message: `${name} at ${t.time?.toISOString()} covers what it must`,
          }
        : {
            id: 'xades.timestamp',
            status: 'warning',
            message: `${name} ${t.intact && t.messageImprintMatches ? `covers what it must, but its TSA does not validate (${t.subIndication ?? t.indication})` : 'is not intact or not over this signature'}: it gives no proof of existence`,
          },
    );
  }

  // Validation with time (EN 319 102-1 §5.5, §5.6.2.4).
  const overSignature = timestamps.filter(
    (t) => t.type !== 'content' && t.type !== 'validation-data-refs-only' && proves(t) && t.time,
  );
  const best = overSignature.length
    ? new Date(Math.min(...overSignature.map((t) => t.time!.getTime())))
    : undefined;
  const withTime = await validateWithTime({
    basic: bsv,
    validationTime: time,
    bestSignatureTime: best,
    signerNotBefore: signer?.notBefore,
    revalidate: (at) => basicAt(at, true),
    checkPrefix: 'xades',
  });
  checks.push(...bsv.checks, ...withTime.checks);
  let verdict: { indication: Indication; subIndication?: SubIndication } = {
    indication: withTime.result.indication,
    ...(withTime.result.subIndication ? { subIndication: withTime.result.subIndication } : {}),
  };
  if (withTime.failure && verdict.indication !== Indication.TOTAL_FAILED) verdict = { ...withTime.failure };

  // Signature policy (EPES): the identifier and the committed digest against the caller's store.
  const pol = signedProps?.policy && !signedProps.policy.implied ? signedProps.policy : undefined;
  if (pol) {
    const store = options.policyStore;
    const oid = pol.identifier.replace(/^urn:oid:/i, '');
    const hash = DIGEST_METHODS[pol.digestAlgorithm];
    let check: CheckResult;
    if (!store)
      check = {
        id: 'xades.signaturePolicy',
        status: 'info',
        message: `signature policy ${pol.identifier} named; not checked (no policy store given)`,
      };
    else if (!hash)
      check = {
        id: 'xades.signaturePolicy',
        status: 'indeterminate',
        message: `signature policy ${pol.identifier}: digest method ${pol.digestAlgorithm} unknown`,
        subIndication: SubIndication.POLICY_PROCESSING_ERROR,
      };
    else {
      let digest: Uint8Array | undefined;
      try {
        digest = base64Decode(pol.digestValue);
      } catch {
        digest = undefined;
      }
      const found = digest ? store.lookup(oid, hash, digest) : undefined;
      // An XML policy document commits to its digest after the transforms the signature names
      // (EN 319 132-1 §5.2.9): recompute it from the document when the store holds it.
      const byDocument =
        found?.status === 'mismatch' && digest
          ? await policyDigestAfterTransforms(found.record.documentBytes, pol.transforms, hash, crypto)
          : undefined;
      if (
        byDocument &&
        digest &&
        byDocument.length === digest.length &&
        byDocument.every((b, i) => b === digest[i])
      ) {
        check = {
          id: 'xades.signaturePolicy',
          status: 'passed',
          message: `signature policy ${pol.identifier}: its ${hash} digest after the transforms (${pol.transforms.join(', ') || 'none'}) matches the policy document held (${found?.status === 'mismatch' ? found.record.sources.join('; ') : ''})`,
        };
      } else
        check =
          found?.status === 'match'
            ? {
                id: 'xades.signaturePolicy',
                status: 'passed',
                message: `signature policy ${pol.identifier}: its ${hash} digest matches a known version${found.source ? ` (${found.source})` : ''}`,
              }
            : found?.status === 'unknown'
              ? {
                  id: 'xades.signaturePolicy',
                  status: 'indeterminate',
                  message: `signature policy ${pol.identifier} is not in the policy store`,
                  subIndication: SubIndication.SIGNATURE_POLICY_NOT_AVAILABLE,
                }
              : {
                  id: 'xades.signaturePolicy',
                  status: 'indeterminate',
                  message: `signature policy ${pol.identifier}: the committed ${hash} digest matches no known version of the policy`,
                  subIndication: SubIndication.POLICY_PROCESSING_ERROR,
                };
    }
    checks.push(check);
    if (check.status === 'indeterminate' && verdict.indication === Indication.TOTAL_PASSED)
      verdict = { indication: Indication.INDETERMINATE, subIndication: check.subIndication! };
  }

  // A counter-signature must sign its parent's SignatureValue (X10).
  const parent = counterSigned(signature);
  if (parent) {
    const parentValue = parent.elements('SignatureValue', 'http://www.w3.org/2000/09/xmldsig#')[0];
    const covers = v.references.some(
      (r) => r.intact && r.target?.kind === 'nodes' && r.target.apex === parentValue,
    );
    checks.push(
      covers
        ? {
            id: 'xades.counterSignature',
            status: 'passed',
            message: "the counter-signature signs its parent's SignatureValue",
          }
        : {
            id: 'xades.counterSignature',
            status: 'failed',
            message: "the counter-signature does not sign its parent's SignatureValue",
            subIndication: SubIndication.FORMAT_FAILURE,
          },
    );
    // What a counter-signature must sign (its parent's SignatureValue) is not what it signs.
    if (!covers) referencesIntact = false;
    if (!covers && verdict.indication !== Indication.TOTAL_FAILED)
      verdict = { indication: Indication.TOTAL_FAILED, subIndication: SubIndication.FORMAT_FAILURE };
  }

  // The level, from what proves (EN 319 132-1 §6).
  const provingOf = (name: string) =>
    timestamps.some((t, i) => tokens[i]!.ts.name.startsWith(name) && proves(t));
  const t = isAdES && provingOf('SignatureTimeStamp');
  const missing: string[] = [];
  const signerPath = withTime.result.path?.best?.path.certificates;
  if (t) {
    const carried = {
      certificates: [...v.keyInfoCertificates, ...(values?.certificates ?? [])],
      crls: values?.crls ?? [],
      ocspResponses: values?.ocspResponses ?? [],
    };
    if (!signerPath) missing.push("the signer's certificate path");
    else missing.push(...missingValidationData(signerPath, carried));
    timestamps.forEach((ts, i) => {
      if (tokens[i]!.ts.name !== 'SignatureTimeStamp' || !proves(ts)) return;
      const p = tsaPaths[i];
      missing.push(...(p ? missingValidationData(p, carried) : ['the TSA certificate path']));
    });
  }
  const lt = t && missing.length === 0;
  const format: XadesFormat = !isAdES
    ? 'XML-DSig'
    : lt && provingOf('ArchiveTimeStamp')
      ? 'XAdES-BASELINE-LTA'
      : lt
        ? 'XAdES-BASELINE-LT'
        : t
          ? 'XAdES-BASELINE-T'
          : 'XAdES-BASELINE-B';
  if (t && signerPath)
    checks.push(
      lt
        ? {
            id: 'xades.validationData',
            status: 'passed',
            message: 'the signature carries every certificate and revocation value its paths need (LT)',
          }
        : {
            id: 'xades.validationData',
            status: 'info',
            message: `not LT: the signature does not carry ${[...new Set(missing)].join(', ')}`,
          },
    );
  // XAdES-C references, resolved against everything at hand (time-stamp tokens' certificates included).
  const referenceChecks = props
    ? await checkXadesCompleteReferences({
        unsignedSignatureProperties: props.unsignedSignatureProperties,
        signer,
        path: signerPath,
        anchorCertificate: withTime.result.path?.best?.path.anchor.certificate,
        certificates: [...certificates, ...tokenCertificates],
        crls,
        ocspResponses,
        crypto,
      })
    : [];
  checks.push(...referenceChecks);
  const referencesComplete = referenceChecks[0]?.status !== 'warning';
  const legacyFormat = isAdES ? legacyLevel(props!, t, provingOf, referencesComplete) : undefined;

  const icp = pol ? icpBrasilFormat(pol.identifier.replace(/^urn:oid:/i, '')) : undefined;
  const place = signedProps?.productionPlace;
  return {
    id,
    ...(parent ? { counterSignatureOf: ctx.ids.get(parent)! } : {}),
    format,
    ...(legacyFormat ? { legacyFormat } : {}),
    ...(icp ? { icpBrasilFormat: icp.format } : {}),
    ...verdict,
    signatureIntact,
    referencesIntact,
    referencesFound: v.references.every((r) => r.found && !misplaced.has(r)) && dataReferences.length > 0,
    signedDataBound,
    references: v.references.map((r) => ({
      uri: r.uri,
      ...(r.type ? { type: r.type } : {}),
      found: r.found,
      intact: r.intact,
      ...(r.target ? { target: r.target } : {}),
    })),
    ...(signer ? { signer: summarizeSigner(signer) } : {}),
    ...(withTime.result.path?.best
      ? { trustAnchor: summarizeTrustAnchor(withTime.result.path.best.path.anchor) }
      : {}),
    ...(signedProps?.signingTime ? { signingTime: signedProps.signingTime } : {}),
    ...(signedProps?.commitmentTypes.length ? { commitmentTypes: signedProps.commitmentTypes } : {}),
    ...(signedProps?.claimedRoles.length ? { claimedRoles: signedProps.claimedRoles } : {}),
    ...(place
      ? {
          signerLocation: {
            ...(place.countryName ? { country: place.countryName } : {}),
            ...(place.city ? { locality: place.city } : {}),
          },
        }
      : {}),
    ...(pol ? { signaturePolicy: pol.identifier } : {}),
    ...(pol?.qualifiers.length ? { signaturePolicyQualifiers: pol.qualifiers } : {}),
    ...(best ? { bestSignatureTime: best } : {}),
    timestamps,
    checks,
  };
}

function legacyLevel(
  props: QualifyingProperties,
  t: boolean,
  provingOf: (name: string) => boolean,
  referencesComplete: boolean,
): XadesLegacyFormat {
  const has = (n: string) => props.unsignedSignatureProperties.some((e) => isXades(e, n));
  const base: XadesLegacyFormat = props.policy && !props.policy.implied ? 'XAdES-EPES' : 'XAdES-BES';
  if (!t) return base;
  if (provingOf('ArchiveTimeStamp')) return 'XAdES-A';
  const c =
    (has('CompleteCertificateRefs') || has('CompleteCertificateRefsV2')) &&
    has('CompleteRevocationRefs') &&
    referencesComplete;
  if (!c) return 'XAdES-T';
  const x = provingOf('SigAndRefsTimeStamp') || provingOf('RefsOnlyTimeStamp');
  if (x && has('CertificateValues') && has('RevocationValues')) return 'XAdES-X-L';
  return x ? 'XAdES-X' : 'XAdES-C';
}

/** EN 319 102-1 §5.2.7 order: format, then the cryptographic verification (digests, then the value). */
const PRIORITY: readonly SubIndication[] = [
  SubIndication.FORMAT_FAILURE,
  SubIndication.HASH_FAILURE,
  SubIndication.SIG_CRYPTO_FAILURE,
  SubIndication.SIGNED_DATA_NOT_FOUND,
  SubIndication.NO_SIGNING_CERTIFICATE_FOUND,
];

/** The verdict of the signature's own checks (before its certificate path). */
const decide = (checks: readonly CheckResult[]) => decideChecks(checks, PRIORITY);
