import { Tag, type Tlv, children, isContext, isUniversal, parseDer, tlvValue } from '../asn1/der';
import {
  type BitString,
  SeqReader,
  bit,
  decodeBitString,
  decodeBoolean,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  decodeSmallInt,
  decodeString,
  explicitInner,
} from '../asn1/read';
import { StructureError } from '../errors';
import { OID } from '../oids';
import { type GeneralName, parseGeneralName, parseGeneralNames } from './general-name';

/** A raw extension as found in the certificate. */
export interface Extension {
  readonly oid: string;
  readonly critical: boolean;
  /** The extnValue OCTET STRING content (the DER of the extension's own type). */
  readonly value: Uint8Array;
}

/** KeyUsage bits (RFC 5280 §4.2.1.3). */
export interface KeyUsage {
  digitalSignature: boolean;
  nonRepudiation: boolean;
  keyEncipherment: boolean;
  dataEncipherment: boolean;
  keyAgreement: boolean;
  keyCertSign: boolean;
  cRLSign: boolean;
  encipherOnly: boolean;
  decipherOnly: boolean;
}

const KU_NAMES: (keyof KeyUsage)[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

/** BasicConstraints (RFC 5280 §4.2.1.9). */
export interface BasicConstraints {
  readonly cA: boolean;
  readonly pathLenConstraint?: number;
}

/** A policy qualifier: CPS pointer or user notice (RFC 5280 §4.2.1.4). */
export type PolicyQualifier =
  | { readonly type: 'cps'; readonly uri: string }
  | {
      readonly type: 'userNotice';
      readonly explicitText?: string;
      readonly noticeRef?: { organization: string; noticeNumbers: number[] };
    }
  | { readonly type: 'other'; readonly oid: string };

/** One PolicyInformation of certificatePolicies. */
export interface PolicyInformation {
  readonly policyIdentifier: string;
  readonly qualifiers: readonly PolicyQualifier[];
}

/** PolicyConstraints (RFC 5280 §4.2.1.11). */
export interface PolicyConstraints {
  readonly requireExplicitPolicy?: number;
  readonly inhibitPolicyMapping?: number;
}

/** A GeneralSubtree of NameConstraints. */
export interface GeneralSubtree {
  readonly base: GeneralName;
  readonly minimum: number;
  readonly maximum?: number;
}

/** NameConstraints (RFC 5280 §4.2.1.10). */
export interface NameConstraints {
  readonly permittedSubtrees?: readonly GeneralSubtree[];
  readonly excludedSubtrees?: readonly GeneralSubtree[];
}

/** AuthorityKeyIdentifier (RFC 5280 §4.2.1.1). */
export interface AuthorityKeyIdentifier {
  readonly keyIdentifier?: Uint8Array;
  readonly authorityCertIssuer?: readonly GeneralName[];
  readonly authorityCertSerialNumber?: bigint;
}

/** AccessDescription of AIA / SIA. */
export interface AccessDescription {
  readonly method: string;
  readonly location: GeneralName;
}

/** ReasonFlags names (RFC 5280 §4.2.1.13), bit order. */
export const REASON_NAMES = [
  'unused',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
  'aACompromise',
] as const;

/** One of the CRL reason names. */
export type ReasonName = (typeof REASON_NAMES)[number];

/** DistributionPointName: a full name or a name relative to the CRL issuer. */
export type DistributionPointName =
  | { readonly type: 'fullName'; readonly names: readonly GeneralName[] }
  | { readonly type: 'nameRelativeToCRLIssuer'; readonly rdn: Tlv };

/** One DistributionPoint of cRLDistributionPoints / freshestCRL. */
export interface DistributionPoint {
  readonly distributionPoint?: DistributionPointName;
  readonly reasons?: readonly ReasonName[];
  readonly cRLIssuer?: readonly GeneralName[];
}

/** A qcStatement (EN 319 412-5, RFC 3739); `value` is the raw statementInfo when present. */
export interface QcStatement {
  readonly oid: string;
  readonly info?: Tlv;
}

/** The decoded extensions that validation and reporting use. */
export interface DecodedExtensions {
  keyUsage?: KeyUsage;
  extKeyUsage?: string[];
  basicConstraints?: BasicConstraints;
  certificatePolicies?: PolicyInformation[];
  policyMappings?: { issuerDomainPolicy: string; subjectDomainPolicy: string }[];
  policyConstraints?: PolicyConstraints;
  inhibitAnyPolicy?: number;
  nameConstraints?: NameConstraints;
  subjectAltName?: GeneralName[];
  issuerAltName?: GeneralName[];
  authorityKeyIdentifier?: AuthorityKeyIdentifier;
  subjectKeyIdentifier?: Uint8Array;
  authorityInfoAccess?: AccessDescription[];
  subjectInfoAccess?: AccessDescription[];
  cRLDistributionPoints?: DistributionPoint[];
  freshestCRL?: DistributionPoint[];
  qcStatements?: QcStatement[];
  subjectDirectoryAttributes?: { type: string; values: Tlv[] }[];
  ocspNoCheck?: boolean;
}

/** An extension that could not be decoded. Path validation fails on these if they are critical. */
export interface ExtensionProblem {
  readonly oid: string;
  readonly critical: boolean;
  readonly message: string;
}

/**
 * Decodes the KeyUsage BIT STRING.
 *
 * @example
 * ```ts
 * import { decodeBitString, decodeKeyUsage, der, parseDer } from '@mutua/core';
 * const ku = decodeKeyUsage(decodeBitString(parseDer(der.namedBits([0, 1]))));
 * ku.digitalSignature; // true
 * ku.nonRepudiation; // true (contentCommitment: what qualified signing certificates carry)
 * ku.keyCertSign; // false
 * ```
 */
export function decodeKeyUsage(bs: BitString): KeyUsage {
  const ku = {} as KeyUsage;
  KU_NAMES.forEach((n, i) => {
    ku[n] = bit(bs, i);
  });
  return ku;
}

function decodeReasons(bs: BitString): ReasonName[] {
  return REASON_NAMES.filter((_, i) => bit(bs, i));
}

function parsePolicies(t: Tlv): PolicyInformation[] {
  const seen = new Set<string>();
  return new SeqReader(t, 'certificatePolicies').rest().map((pi) => {
    const r = new SeqReader(pi, 'PolicyInformation');
    const policyIdentifier = decodeOid(r.next('policyIdentifier'));
    if (seen.has(policyIdentifier)) {
      throw new StructureError('DUPLICATE_POLICY', `certificatePolicies: ${policyIdentifier} appears twice`);
    }
    seen.add(policyIdentifier);
    const qualifiers: PolicyQualifier[] = [];
    const q = r.optional(Tag.SEQUENCE);
    if (q) {
      for (const pq of new SeqReader(q, 'policyQualifiers').rest()) {
        const qr = new SeqReader(pq, 'PolicyQualifierInfo');
        const id = decodeOid(qr.next('policyQualifierId'));
        const val = qr.more ? qr.next('qualifier') : undefined;
        if (id === OID.qtCps && val) qualifiers.push({ type: 'cps', uri: decodeString(val) });
        else if (id === OID.qtUnotice) qualifiers.push(parseUserNotice(val));
        else qualifiers.push({ type: 'other', oid: id });
      }
    }
    r.end();
    return { policyIdentifier, qualifiers };
  });
}

function parseUserNotice(t: Tlv | undefined): PolicyQualifier {
  const out: {
    type: 'userNotice';
    explicitText?: string;
    noticeRef?: { organization: string; noticeNumbers: number[] };
  } = { type: 'userNotice' };
  if (!t) return out;
  for (const c of new SeqReader(t, 'UserNotice').rest()) {
    if (isUniversal(c, Tag.SEQUENCE)) {
      const nr = new SeqReader(c, 'NoticeReference');
      const organization = decodeString(nr.next('organization'));
      const nums = nr.next('noticeNumbers', Tag.SEQUENCE);
      out.noticeRef = { organization, noticeNumbers: children(nums).map((n) => decodeSmallInt(n)) };
    } else {
      out.explicitText = decodeString(c);
    }
  }
  return out;
}

function parseSubtrees(t: Tlv): GeneralSubtree[] {
  return children(t).map((st) => {
    const r = new SeqReader(st, 'GeneralSubtree');
    const base = parseGeneralName(r.next('base'));
    const min = r.optionalContext(0);
    const max = r.optionalContext(1);
    r.end();
    const asInt = (x: Tlv) => decodeSmallInt({ ...x, cls: 0, tag: Tag.INTEGER }, 'GeneralSubtree bound');
    const minimum = min ? asInt(min) : 0;
    return max ? { base, minimum, maximum: asInt(max) } : { base, minimum };
  });
}

/**
 * Parses a DistributionPoint SEQUENCE (used by CRLDP, freshestCRL and, in part, IDP).
 *
 * @example
 * ```ts
 * import { der, parseDer, parseDistributionPointName } from '@mutua/core';
 * const uri = der.ctxPrim(6, new TextEncoder().encode('http://ca.example.com/ca1.crl'));
 * const dpn = parseDistributionPointName(parseDer(der.ctx(0, der.ctx(0, uri)))); // [0] { fullName [0] }
 * dpn.type; // 'fullName'
 * ```
 */
export function parseDistributionPointName(t: Tlv): DistributionPointName {
  // [0] EXPLICIT-like wrapper in DistributionPoint; its single child is the CHOICE.
  const c = explicitInner(t, 'DistributionPointName');
  if (isContext(c, 0)) return { type: 'fullName', names: parseGeneralNames(c) };
  if (isContext(c, 1)) return { type: 'nameRelativeToCRLIssuer', rdn: c };
  throw new StructureError('BAD_DP_NAME', 'DistributionPointName: unknown choice');
}

function parseDistributionPoints(t: Tlv): DistributionPoint[] {
  return new SeqReader(t, 'CRLDistributionPoints').rest().map((dp) => {
    const r = new SeqReader(dp, 'DistributionPoint');
    const name = r.optionalContext(0);
    const reasons = r.optionalContext(1);
    const issuer = r.optionalContext(2);
    r.end();
    const out: {
      distributionPoint?: DistributionPointName;
      reasons?: ReasonName[];
      cRLIssuer?: GeneralName[];
    } = {};
    if (name) out.distributionPoint = parseDistributionPointName(name);
    if (reasons) out.reasons = decodeReasons(decodeBitString({ ...reasons, cls: 0, tag: Tag.BIT_STRING }));
    if (issuer) out.cRLIssuer = parseGeneralNames(issuer);
    if (!name && !issuer)
      throw new StructureError('BAD_DP', 'DistributionPoint has neither a name nor a cRLIssuer');
    return out;
  });
}

function parseAccess(t: Tlv, what: string): AccessDescription[] {
  return new SeqReader(t, what).rest().map((ad) => {
    const r = new SeqReader(ad, 'AccessDescription');
    const method = decodeOid(r.next('accessMethod'));
    const location = parseGeneralName(r.next('accessLocation'));
    r.end();
    return { method, location };
  });
}

function parseAki(t: Tlv): AuthorityKeyIdentifier {
  const r = new SeqReader(t, 'AuthorityKeyIdentifier');
  const kid = r.optionalContext(0);
  const iss = r.optionalContext(1);
  const sn = r.optionalContext(2);
  r.end();
  const out: {
    keyIdentifier?: Uint8Array;
    authorityCertIssuer?: GeneralName[];
    authorityCertSerialNumber?: bigint;
  } = {};
  if (kid) out.keyIdentifier = tlvValue(kid);
  if (iss) out.authorityCertIssuer = parseGeneralNames(iss);
  if (sn) out.authorityCertSerialNumber = decodeInteger({ ...sn, cls: 0, tag: Tag.INTEGER });
  return out;
}

/**
 * Decodes the extensions that Mutua understands; unknown ones stay raw in `extensions`.
 *
 * @example
 * ```ts
 * import { decodeExtensions } from '@mutua/core';
 * const { decoded, problems } = decodeExtensions(cert.extensions);
 * decoded.keyUsage?.nonRepudiation; // true
 * problems; // []
 * ```
 */
export function decodeExtensions(exts: readonly Extension[]): {
  decoded: DecodedExtensions;
  problems: ExtensionProblem[];
} {
  const d: DecodedExtensions = {};
  const problems: ExtensionProblem[] = [];
  const seen = new Set<string>();
  for (const e of exts) {
    if (seen.has(e.oid)) {
      problems.push({ oid: e.oid, critical: e.critical, message: 'extension appears more than once' });
      continue;
    }
    seen.add(e.oid);
    try {
      decodeOne(d, e);
    } catch (err) {
      problems.push({ oid: e.oid, critical: e.critical, message: (err as Error).message });
    }
  }
  return { decoded: d, problems };
}

function decodeOne(d: DecodedExtensions, e: Extension): void {
  const known = KNOWN_EXTENSIONS.has(e.oid);
  if (!known) return;
  const t = parseDer(e.value);
  switch (e.oid) {
    case OID.keyUsage:
      d.keyUsage = decodeKeyUsage(decodeBitString(t, 'keyUsage'));
      return;
    case OID.extKeyUsage:
      d.extKeyUsage = new SeqReader(t, 'extKeyUsage').rest().map((x) => decodeOid(x));
      return;
    case OID.basicConstraints: {
      const r = new SeqReader(t, 'basicConstraints');
      const ca = r.optional(Tag.BOOLEAN);
      const pl = r.optional(Tag.INTEGER);
      r.end();
      const cA = ca ? decodeBoolean(ca) : false;
      d.basicConstraints = pl ? { cA, pathLenConstraint: decodeSmallInt(pl, 'pathLenConstraint') } : { cA };
      return;
    }
    case OID.certificatePolicies:
      d.certificatePolicies = parsePolicies(t);
      return;
    case OID.policyMappings:
      d.policyMappings = new SeqReader(t, 'policyMappings').rest().map((m) => {
        const r = new SeqReader(m, 'PolicyMapping');
        const issuerDomainPolicy = decodeOid(r.next('issuerDomainPolicy'));
        const subjectDomainPolicy = decodeOid(r.next('subjectDomainPolicy'));
        r.end();
        return { issuerDomainPolicy, subjectDomainPolicy };
      });
      return;
    case OID.policyConstraints: {
      const r = new SeqReader(t, 'policyConstraints');
      const rep = r.optionalContext(0);
      const ipm = r.optionalContext(1);
      r.end();
      const asInt = (x: Tlv) => decodeSmallInt({ ...x, cls: 0, tag: Tag.INTEGER }, 'SkipCerts');
      const pc: { requireExplicitPolicy?: number; inhibitPolicyMapping?: number } = {};
      if (rep) pc.requireExplicitPolicy = asInt(rep);
      if (ipm) pc.inhibitPolicyMapping = asInt(ipm);
      d.policyConstraints = pc;
      return;
    }
    case OID.inhibitAnyPolicy:
      d.inhibitAnyPolicy = decodeSmallInt(t, 'inhibitAnyPolicy');
      return;
    case OID.nameConstraints: {
      const r = new SeqReader(t, 'nameConstraints');
      const p = r.optionalContext(0);
      const x = r.optionalContext(1);
      r.end();
      const nc: { permittedSubtrees?: GeneralSubtree[]; excludedSubtrees?: GeneralSubtree[] } = {};
      if (p) nc.permittedSubtrees = parseSubtrees(p);
      if (x) nc.excludedSubtrees = parseSubtrees(x);
      d.nameConstraints = nc;
      return;
    }
    case OID.subjectAltName:
      d.subjectAltName = parseGeneralNames(t);
      return;
    case OID.issuerAltName:
      d.issuerAltName = parseGeneralNames(t);
      return;
    case OID.authorityKeyIdentifier:
      d.authorityKeyIdentifier = parseAki(t);
      return;
    case OID.subjectKeyIdentifier:
      d.subjectKeyIdentifier = decodeOctetString(t, 'subjectKeyIdentifier');
      return;
    case OID.authorityInfoAccess:
      d.authorityInfoAccess = parseAccess(t, 'authorityInfoAccess');
      return;
    case OID.subjectInfoAccess:
      d.subjectInfoAccess = parseAccess(t, 'subjectInfoAccess');
      return;
    case OID.cRLDistributionPoints:
      d.cRLDistributionPoints = parseDistributionPoints(t);
      return;
    case OID.freshestCRL:
      d.freshestCRL = parseDistributionPoints(t);
      return;
    case OID.qcStatements:
      d.qcStatements = new SeqReader(t, 'qcStatements').rest().map((s) => {
        const r = new SeqReader(s, 'QCStatement');
        const oid = decodeOid(r.next('statementId'));
        const info = r.more ? r.next('statementInfo') : undefined;
        return info ? { oid, info } : { oid };
      });
      return;
    case OID.subjectDirectoryAttributes:
      d.subjectDirectoryAttributes = new SeqReader(t, 'subjectDirectoryAttributes').rest().map((a) => {
        const r = new SeqReader(a, 'Attribute');
        const type = decodeOid(r.next('type'));
        const values = children(r.next('values', Tag.SET));
        return { type, values };
      });
      return;
    case OID.ocspNoCheck:
      d.ocspNoCheck = true;
      return;
  }
}

/** Extensions that Mutua decodes and processes; a critical extension outside this set fails validation. */
export const KNOWN_EXTENSIONS: ReadonlySet<string> = new Set([
  OID.keyUsage,
  OID.extKeyUsage,
  OID.basicConstraints,
  OID.certificatePolicies,
  OID.policyMappings,
  OID.policyConstraints,
  OID.inhibitAnyPolicy,
  OID.nameConstraints,
  OID.subjectAltName,
  OID.issuerAltName,
  OID.authorityKeyIdentifier,
  OID.subjectKeyIdentifier,
  OID.authorityInfoAccess,
  OID.subjectInfoAccess,
  OID.cRLDistributionPoints,
  OID.freshestCRL,
  OID.qcStatements,
  OID.subjectDirectoryAttributes,
  OID.ocspNoCheck,
]);
