import {
  type CryptoEngine,
  HASH_BY_OID,
  type HashName,
  SeqReader,
  StructureError,
  Tag,
  type Tlv,
  children,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  decodeSmallInt,
  decodeString,
  decodeTime,
  isContext,
  isUniversal,
  parseDer,
  parseGeneralNames,
  generalNameToString,
  tlvBytes,
} from '@mutua/core';
import { type SigningPeriod, asMutuaError, readSigningPeriod } from './lpa';

/** An algorithm a policy allows, with the smallest key it accepts (RFC 3125 `AlgAndLength`). */
export interface AlgorithmConstraint {
  /** The algorithm OID (a signature algorithm such as sha256WithRSAEncryption). */
  readonly algorithm: string;
  /** The minimum key length in bits, when given. */
  readonly minKeyLength: number | undefined;
}

/** The algorithm constraint sets of a policy (RFC 3125 `AlgorithmConstraintSet`), by whose key they limit. */
export interface AlgorithmConstraintSet {
  readonly signer?: readonly AlgorithmConstraint[];
  readonly eeCert?: readonly AlgorithmConstraint[];
  readonly caCert?: readonly AlgorithmConstraint[];
  readonly aaCert?: readonly AlgorithmConstraint[];
  readonly tsaCert?: readonly AlgorithmConstraint[];
}

/** A trust anchor a policy names (RFC 3125 `CertificateTrustPoint`). */
export interface PolicyTrustPoint {
  /** DER of the trust-point certificate (parse it with `parseCertificate` of `@mutua/core`). */
  readonly certificate: Uint8Array;
  /** `pathLengthConstraint`, when given. */
  readonly pathLengthConstraint: number | undefined;
  /** OIDs of `acceptablePolicySet`, when given. */
  readonly acceptablePolicies: readonly string[] | undefined;
}

/** The rules a policy sets, either for all signatures (`commonRules`) or for some commitment types. */
export interface PolicyRules {
  /** OIDs of the signed attributes the signer must include. */
  readonly mandatedSignedAttributes: readonly string[] | undefined;
  /** OIDs of the unsigned attributes the signer must include. */
  readonly mandatedUnsignedAttributes: readonly string[] | undefined;
  /** OIDs of the unsigned attributes the verifier must add. */
  readonly verifierMandatedUnsignedAttributes: readonly string[] | undefined;
  /** `mandatedCertificateRef` (0 signerOnly, 1 fullPath), when given. */
  readonly mandatedCertificateRef: number | undefined;
  /** `mandatedCertificateInfo` (0 none, 1 signerOnly, 2 fullPath), when given. */
  readonly mandatedCertificateInfo: number | undefined;
  /** Trust anchors for the signer's certificate path (`signingCertTrustCondition`). */
  readonly signerTrustPoints: readonly PolicyTrustPoint[] | undefined;
  /** Trust anchors for time-stamping authorities (`timeStampTrustCondition`). */
  readonly timeStampTrustPoints: readonly PolicyTrustPoint[] | undefined;
  readonly algorithmConstraints: AlgorithmConstraintSet | undefined;
}

/** One commitment rule: the commitment types it applies to (`'any'` for all) and its rules. */
export interface CommitmentRule extends PolicyRules {
  readonly commitmentTypes: readonly string[] | 'any';
}

/** A parsed ASN.1 signature policy (RFC 3125 / ETSI TR 102 272; ICP-Brasil DOC-ICP-15.03). */
export interface SignaturePolicyDocument {
  /** The whole document, as given. */
  readonly der: Uint8Array;
  /** `signPolicyHashAlg`. */
  readonly hashOid: string;
  readonly hash: HashName | undefined;
  /** `signPolicyIdentifier`. */
  readonly policyOid: string;
  readonly dateOfIssue: Date;
  /** `policyIssuerName`, as text (GeneralNames, comma-joined). */
  readonly issuerName: string | undefined;
  readonly fieldOfApplication: string | undefined;
  readonly signingPeriod: SigningPeriod;
  readonly commonRules: PolicyRules;
  readonly commitmentRules: readonly CommitmentRule[];
  /** The DER of `signPolicyInfo` (what RFC 3125 §5.1 says `signPolicyHash` is computed over). */
  readonly signPolicyInfo: Uint8Array;
  /**
   * The DER of `signPolicyHashAlg` followed by `signPolicyInfo`: what the ICP-Brasil documents actually
   * compute their `signPolicyHash` over.
   */
  readonly signPolicyHashInput: Uint8Array;
  /** `signPolicyHash`, when the document carries it. */
  readonly signPolicyHash: Uint8Array | undefined;
  /** Parts that were present but not understood (kept as notes, never fatal). */
  readonly notes: readonly string[];
}

const CONSTRAINT_KEYS = ['signer', 'eeCert', 'caCert', 'aaCert', 'tsaCert'] as const;

function explicit(t: Tlv, what: string): Tlv {
  const kids = children(t);
  if (kids.length !== 1)
    throw new StructureError('BAD_EXPLICIT', `${what}: explicit tag must hold one value`);
  return kids[0]!;
}

function oidList(t: Tlv, what: string): string[] {
  return new SeqReader(t, what).rest().map((o) => decodeOid(o, what));
}

/** `CMSAttrs ::= SEQUENCE OF OBJECT IDENTIFIER`; tolerates the odd implementation using SETs. */
function cmsAttrs(t: Tlv, what: string): string[] {
  if (!t.constructed)
    throw new StructureError('WRONG_TAG', `${what}: expected SEQUENCE OF OBJECT IDENTIFIER`);
  return oidList(t, what);
}

function readTrustPoints(t: Tlv, what: string, notes: string[]): PolicyTrustPoint[] {
  // SigningCertTrustCondition ::= SEQUENCE { signerTrustTrees CertificateTrustTrees, signerRevReq … }
  // TimestampTrustCondition ::= SEQUENCE { ttsCertificateTrustTrees [0] CertificateTrustTrees OPTIONAL, … }
  const r = new SeqReader(t, what);
  if (!r.more) return [];
  let first = r.next('trustTrees');
  if (isContext(first, 0) && first.constructed) first = explicit(first, what);
  else if (first.cls === 2) return [];
  if (!isUniversal(first, Tag.SEQUENCE)) {
    notes.push(`${what}: trust trees not a SEQUENCE (tag ${first.tag}); skipped`);
    return [];
  }
  return new SeqReader(first, `${what}.trustTrees`).rest().map((tp, i) => {
    const w = `${what}.trustTrees[${i}]`;
    const pr = new SeqReader(tp, w);
    const cert = pr.next('trustpoint', Tag.SEQUENCE);
    let pathLengthConstraint: number | undefined;
    let acceptablePolicies: string[] | undefined;
    for (const f of pr.rest()) {
      if (isContext(f, 0)) {
        pathLengthConstraint = f.constructed
          ? decodeSmallInt(explicit(f, w), `${w}.pathLengthConstraint`)
          : Number(decodeInteger({ ...f, cls: 0, tag: Tag.INTEGER }, `${w}.pathLengthConstraint`));
      } else if (isContext(f, 1) && f.constructed) {
        acceptablePolicies = oidList(explicit(f, w), `${w}.acceptablePolicySet`);
      } else notes.push(`${w}: field [${f.tag}] kept unparsed`);
    }
    return { certificate: tlvBytes(cert), pathLengthConstraint, acceptablePolicies };
  });
}

function readAlgorithmConstraints(t: Tlv, what: string): AlgorithmConstraint[] {
  return new SeqReader(t, what).rest().map((a, i) => {
    const w = `${what}[${i}]`;
    const r = new SeqReader(a, w);
    const algorithm = decodeOid(r.next('algID', Tag.OID), `${w}.algID`);
    let minKeyLength: number | undefined;
    const n = r.more ? r.rest()[0] : undefined;
    // RFC 3125 says `minKeyLength [0] INTEGER`; ICP-Brasil documents use a plain INTEGER.
    if (n && isUniversal(n, Tag.INTEGER)) minKeyLength = decodeSmallInt(n, `${w}.minKeyLength`);
    else if (n && isContext(n, 0)) {
      minKeyLength = n.constructed
        ? decodeSmallInt(explicit(n, w), `${w}.minKeyLength`)
        : decodeSmallInt({ ...n, cls: 0, tag: Tag.INTEGER }, `${w}.minKeyLength`);
    }
    return { algorithm, minKeyLength };
  });
}

function readAlgorithmConstraintSet(t: Tlv, what: string, notes: string[]): AlgorithmConstraintSet {
  const out: Partial<Record<(typeof CONSTRAINT_KEYS)[number], AlgorithmConstraint[]>> = {};
  for (const f of new SeqReader(t, what).rest()) {
    const key = f.cls === 2 ? CONSTRAINT_KEYS[f.tag] : undefined;
    if (!key || !f.constructed) {
      notes.push(`${what}: field with tag ${f.tag} kept unparsed`);
      continue;
    }
    out[key] = readAlgorithmConstraints(explicit(f, what), `${what}.${key}`);
  }
  return out;
}

function readSignerAndVerifierRules(t: Tlv, what: string, notes: string[]) {
  const r = new SeqReader(t, what);
  const sr = new SeqReader(r.next('signerRules', Tag.SEQUENCE), `${what}.signerRules`);
  sr.optional(Tag.BOOLEAN); // externalSignedData
  const signed = cmsAttrs(sr.next('mandatedSignedAttr'), `${what}.mandatedSignedAttr`);
  const unsigned = cmsAttrs(sr.next('mandatedUnsignedAttr'), `${what}.mandatedUnsignedAttr`);
  let mandatedCertificateRef: number | undefined;
  let mandatedCertificateInfo: number | undefined;
  for (const f of sr.rest()) {
    const inner = f.constructed && children(f).length === 1 ? explicit(f, what) : undefined;
    const v =
      inner && (isUniversal(inner, Tag.ENUMERATED) || isUniversal(inner, Tag.INTEGER))
        ? decodeSmallInt(inner, what)
        : undefined;
    if (isContext(f, 0) && v !== undefined) mandatedCertificateRef = v;
    else if (isContext(f, 1) && v !== undefined) mandatedCertificateInfo = v;
    else notes.push(`${what}.signerRules: field [${f.tag}] kept unparsed`);
  }
  let verifier: string[] | undefined;
  if (r.more) {
    const vr = new SeqReader(r.next('verifierRules', Tag.SEQUENCE), `${what}.verifierRules`);
    if (vr.more)
      verifier = cmsAttrs(vr.next('mandatedUnsignedAttr'), `${what}.verifierRules.mandatedUnsignedAttr`);
  }
  return {
    mandatedSignedAttributes: signed,
    mandatedUnsignedAttributes: unsigned,
    verifierMandatedUnsignedAttributes: verifier,
    mandatedCertificateRef,
    mandatedCertificateInfo,
  };
}

/** Reads the `[0]…[5]` rule fields shared by CommonRules and CommitmentRule. */
function readRules(fields: readonly Tlv[], what: string, notes: string[]): PolicyRules {
  let svr: ReturnType<typeof readSignerAndVerifierRules> | undefined;
  let signerTrustPoints: PolicyTrustPoint[] | undefined;
  let timeStampTrustPoints: PolicyTrustPoint[] | undefined;
  let algorithmConstraints: AlgorithmConstraintSet | undefined;
  for (const f of fields) {
    if (f.cls !== 2 || !f.constructed) {
      notes.push(`${what}: field with tag ${f.tag} kept unparsed`);
      continue;
    }
    const inner = explicit(f, what);
    switch (f.tag) {
      case 0:
        svr = readSignerAndVerifierRules(inner, `${what}.signerAndVerifierRules`, notes);
        break;
      case 1:
        signerTrustPoints = readTrustPoints(inner, `${what}.signingCertTrustCondition`, notes);
        break;
      case 2:
        timeStampTrustPoints = readTrustPoints(inner, `${what}.timeStampTrustCondition`, notes);
        break;
      case 4:
        algorithmConstraints = readAlgorithmConstraintSet(inner, `${what}.algorithmConstraintSet`, notes);
        break;
      default:
        notes.push(`${what}: field [${f.tag}] kept unparsed`);
    }
  }
  return {
    mandatedSignedAttributes: svr?.mandatedSignedAttributes,
    mandatedUnsignedAttributes: svr?.mandatedUnsignedAttributes,
    verifierMandatedUnsignedAttributes: svr?.verifierMandatedUnsignedAttributes,
    mandatedCertificateRef: svr?.mandatedCertificateRef,
    mandatedCertificateInfo: svr?.mandatedCertificateInfo,
    signerTrustPoints,
    timeStampTrustPoints,
    algorithmConstraints,
  };
}

function readCommitmentRule(t: Tlv, i: number, notes: string[]): CommitmentRule {
  const what = `commitmentRules[${i}]`;
  const r = new SeqReader(t, what);
  const sel = r.next('selCommitmentTypes', Tag.SEQUENCE);
  // SelectedCommitmentTypes ::= SEQUENCE OF CHOICE { empty NULL, recognizedCommitmentType SEQUENCE { OID, … } }
  const types: string[] = [];
  let any = false;
  for (const c of children(sel)) {
    if (isUniversal(c, Tag.NULL)) any = true;
    else if (isUniversal(c, Tag.SEQUENCE)) {
      const first = children(c)[0];
      if (first && isUniversal(first, Tag.OID)) types.push(decodeOid(first, `${what}.commitmentType`));
    } else if (isUniversal(c, Tag.OID)) types.push(decodeOid(c, `${what}.commitmentType`));
    else notes.push(`${what}.selCommitmentTypes: entry with tag ${c.tag} kept unparsed`);
  }
  return { commitmentTypes: any && types.length === 0 ? 'any' : types, ...readRules(r.rest(), what, notes) };
}

/**
 * Parses an ASN.1 signature policy document (RFC 3125 / ETSI TR 102 272 `SignaturePolicy`, the format of
 * the ICP-Brasil `PA_AD_*.der` files): policy OID, date of issue, issuer, signing period, the mandated
 * signed and unsigned attributes, trust anchors and algorithm constraints of the common rules and of each
 * commitment rule. Parts it does not understand are listed in `notes`; malformed input fails with a
 * `MutuaError` (`StructureError` or `Asn1Error`), never anything else.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * import { parseSignaturePolicy } from '@mutua/cades';
 * const day = (iso: string) => der.generalizedTime(new Date(iso));
 * const rules = der.seq(
 *   der.ctx(0, der.seq(
 *     der.seq(der.seq(der.oid('1.2.840.113549.1.9.3'), der.oid('1.2.840.113549.1.9.4')), der.seq()),
 *     der.seq(der.seq()),
 *   )),
 *   der.ctx(4, der.seq(der.ctx(0, der.seq(der.seq(der.oid('1.2.840.113549.1.1.11'), der.int(2048)))))),
 * );
 * const policy = parseSignaturePolicy(der.seq(
 *   der.seq(der.oid('2.16.840.1.101.3.4.2.1')),
 *   der.seq(
 *     der.oid('2.16.76.1.7.1.1.2.3'),
 *     day('2018-05-14T00:00:00Z'),
 *     der.seq(der.ctx(4, der.seq())),
 *     der.utf8('Example policy'),
 *     der.seq(der.seq(day('2018-05-14T00:00:00Z')), rules, der.seq(der.seq(der.seq(der.nul())))),
 *   ),
 * ));
 * policy.policyOid; // '2.16.76.1.7.1.1.2.3'
 * policy.hash; // 'SHA-256'
 * policy.signingPeriod.notAfter; // undefined
 * policy.commonRules.mandatedSignedAttributes; // ['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4']
 * policy.commonRules.algorithmConstraints?.signer; // [{ algorithm: '1.2.840.113549.1.1.11', minKeyLength: 2048 }]
 * policy.commitmentRules[0]?.commitmentTypes; // 'any'
 * ```
 */
export function parseSignaturePolicy(bytes: Uint8Array): SignaturePolicyDocument {
  try {
    return readSignaturePolicy(bytes);
  } catch (e) {
    throw asMutuaError(e, 'SignaturePolicy');
  }
}

function readSignaturePolicy(bytes: Uint8Array): SignaturePolicyDocument {
  const notes: string[] = [];
  const r = new SeqReader(parseDer(bytes), 'SignaturePolicy');
  const algTlv = r.next('signPolicyHashAlg', Tag.SEQUENCE);
  const alg = new SeqReader(algTlv, 'SignaturePolicy.signPolicyHashAlg');
  const hashOid = decodeOid(alg.next('algorithm', Tag.OID), 'signPolicyHashAlg');
  const infoTlv = r.next('signPolicyInfo', Tag.SEQUENCE);
  const hashTlv = r.optional(Tag.OCTET_STRING);
  if (r.more) notes.push('SignaturePolicy: trailing fields kept unparsed');

  const info = new SeqReader(infoTlv, 'SignPolicyInfo');
  const policyOid = decodeOid(info.next('signPolicyIdentifier', Tag.OID), 'signPolicyIdentifier');
  const dateOfIssue = decodeTime(info.next('dateOfIssue'), 'dateOfIssue');
  const issuerTlv = info.next('policyIssuerName', Tag.SEQUENCE);
  let issuerName: string | undefined;
  try {
    issuerName = parseGeneralNames(issuerTlv).map(generalNameToString).join(', ');
  } catch {
    notes.push('SignPolicyInfo.policyIssuerName: not understood; kept unparsed');
  }
  const foa = info.next('fieldOfApplication');
  const fieldOfApplication = foa.constructed ? undefined : decodeString(foa);
  const svp = new SeqReader(
    info.next('signatureValidationPolicy', Tag.SEQUENCE),
    'SignatureValidationPolicy',
  );
  if (info.more) notes.push('SignPolicyInfo: signPolExtensions kept unparsed');

  const signingPeriod = readSigningPeriod(svp.next('signingPeriod', Tag.SEQUENCE), 'signingPeriod');
  const commonRules = readRules(
    new SeqReader(svp.next('commonRules', Tag.SEQUENCE), 'commonRules').rest(),
    'commonRules',
    notes,
  );
  const commitmentRules = new SeqReader(svp.next('commitmentRules', Tag.SEQUENCE), 'commitmentRules')
    .rest()
    .map((c, i) => readCommitmentRule(c, i, notes));
  if (svp.more) notes.push('SignatureValidationPolicy: signPolExtensions kept unparsed');

  return {
    der: bytes,
    hashOid,
    hash: HASH_BY_OID[hashOid],
    policyOid,
    dateOfIssue,
    issuerName,
    fieldOfApplication,
    signingPeriod,
    commonRules,
    commitmentRules,
    signPolicyInfo: tlvBytes(infoTlv),
    signPolicyHashInput: infoTlv.buf.subarray(algTlv.start, infoTlv.end),
    signPolicyHash: hashTlv ? decodeOctetString(hashTlv, 'signPolicyHash') : undefined,
    notes,
  };
}

/**
 * The digest of a policy document as the ICP-Brasil LPA lists it (and as `SigPolicyHash` in a signature
 * carries it): the hash of the whole DER file, exactly as published. `{ over: 'signPolicyInfo' }` hashes
 * the DER of `signPolicyInfo` only (RFC 3125 §5.1), and `{ over: 'signPolicyHashInput' }` the DER of
 * `signPolicyHashAlg` and `signPolicyInfo` together: what the ICP-Brasil documents' own embedded
 * `signPolicyHash` is computed over.
 *
 * @example
 * ```ts
 * import { der } from '@mutua/core';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * import { parseSignaturePolicy, policyDigest } from '@mutua/cades';
 * const day = der.generalizedTime(new Date('2020-01-01T00:00:00Z'));
 * const doc = der.seq(
 *   der.seq(der.oid('2.16.840.1.101.3.4.2.1')),
 *   der.seq(der.oid('1.2.3.4'), day, der.seq(), der.utf8('x'), der.seq(der.seq(day), der.seq(), der.seq())),
 * );
 * const policy = parseSignaturePolicy(doc);
 * const d = await policyDigest(policy, 'SHA-256', nodeCryptoEngine);
 * d.length; // 32
 * (await nodeCryptoEngine.digest('SHA-256', doc)).every((b, i) => b === d[i]); // true
 * ```
 */
export async function policyDigest(
  doc: SignaturePolicyDocument | Uint8Array,
  hash: HashName,
  engine: CryptoEngine,
  options: { readonly over?: 'document' | 'signPolicyInfo' | 'signPolicyHashInput' } = {},
): Promise<Uint8Array> {
  const bytes =
    doc instanceof Uint8Array
      ? doc
      : options.over === 'signPolicyInfo'
        ? doc.signPolicyInfo
        : options.over === 'signPolicyHashInput'
          ? doc.signPolicyHashInput
          : doc.der;
  return engine.digest(hash, bytes);
}
