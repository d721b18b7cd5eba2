import {
  HASH_BY_OID,
  type HashName,
  MutuaError,
  type Name,
  OID,
  SeqReader,
  Tag,
  type Tlv,
  children,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  decodeString,
  decodeTime,
  explicitInner,
  isContext,
  isUniversal,
  parseAlgorithmIdentifier,
  parseName,
} from '@mutua/core';
import type { CmsAttribute } from './cms';
import { CMS_OID } from './oids';

/** Every attribute of `type` in a list (a well-formed list has at most one; the checks count them). */
export function attributesOfType(attrs: readonly CmsAttribute[] | undefined, type: string): CmsAttribute[] {
  return (attrs ?? []).filter((a) => a.type === type);
}

/** One ESSCertID / ESSCertIDv2 (RFC 2634 §5.4.1, RFC 5035 §3). */
export interface EssCertId {
  /** The hash algorithm OID (SHA-1 for signing-certificate v1; SHA-256 when v2 omits it). */
  readonly hashAlgorithm: string;
  /** The hash name, when Mutua knows the algorithm. */
  readonly hash?: HashName;
  readonly certHash: Uint8Array;
  /** IssuerSerial, when present: the directoryName of the issuer (if any) and the serial number. */
  readonly issuerSerial?: { readonly issuer?: Name; readonly serialNumber: bigint };
}

/** Decodes a signing-certificate (v1) or signing-certificate-v2 attribute value. */
export function decodeSigningCertificate(value: Tlv, v2: boolean): EssCertId[] {
  const what = v2 ? 'SigningCertificateV2' : 'SigningCertificate';
  const r = new SeqReader(value, what);
  const certs = new SeqReader(r.next('certs', Tag.SEQUENCE), `${what} certs`).rest();
  return certs.map((c) => {
    const cr = new SeqReader(c, v2 ? 'ESSCertIDv2' : 'ESSCertID');
    let hashAlgorithm: string = OID.sha1;
    if (v2) {
      const alg = cr.optional(Tag.SEQUENCE);
      hashAlgorithm = alg ? parseAlgorithmIdentifier(alg, 'ESSCertIDv2 hashAlgorithm').oid : OID.sha256;
    }
    const certHash = decodeOctetString(cr.next('certHash', Tag.OCTET_STRING), 'certHash');
    const is = cr.optional(Tag.SEQUENCE);
    const hash = HASH_BY_OID[hashAlgorithm];
    return {
      hashAlgorithm,
      ...(hash ? { hash } : {}),
      certHash,
      ...(is ? { issuerSerial: decodeIssuerSerial(is) } : {}),
    };
  });
}

function decodeIssuerSerial(t: Tlv): { issuer?: Name; serialNumber: bigint } {
  const r = new SeqReader(t, 'IssuerSerial');
  const names = children(r.next('issuer', Tag.SEQUENCE));
  const serialNumber = decodeInteger(r.next('serialNumber', Tag.INTEGER), 'IssuerSerial serialNumber');
  // GeneralNames: the directoryName [4] EXPLICIT Name is the only form that can name a certificate issuer.
  const dn = names.find((n) => isContext(n, 4));
  return dn ? { issuer: parseName(explicitInner(dn, 'directoryName')), serialNumber } : { serialNumber };
}

/** The informational signed attributes of a CAdES signature, decoded for the report. */
export interface SignedAttributeInfo {
  /** signing-time: the time the signer claims (not proven: only a time-stamp proves a time). */
  signingTime?: Date;
  /** content-hints: description and content type of the signed content. */
  contentHints?: { readonly description?: string; readonly contentType: string };
  /** commitment-type-indication OIDs (for example proof of origin 1.2.840.113549.1.9.16.6.1). */
  commitmentTypes?: string[];
  /** signer-location. */
  signerLocation?: { country?: string; locality?: string; postalAddress?: string[] };
  /** Claimed roles of signer-attributes(-v2), as text. */
  claimedRoles?: string[];
  /** The signature-policy-identifier OID, when the signature is EPES. */
  signaturePolicy?: string;
  /** The policy hash the signer committed to (sigPolicyHash: algorithm OID and value). */
  signaturePolicyHash?: { hashOid: string; value: Uint8Array };
  /** sigPolicyQualifiers: where the policy is (SPuri) and what to show the reader (SPUserNotice). */
  signaturePolicyQualifiers?: SignaturePolicyQualifier[];
  /** Attributes that could not be decoded, by type: they are reported, not fatal. */
  problems: string[];
}

/**
 * One qualifier of a signature policy identifier (EN 319 122-1 §5.2.9 sigPolicyQualifiers, EN 319 132-1
 * §5.2.9.1 SigPolicyQualifiers): the same shape for CAdES and XAdES.
 */
export type SignaturePolicyQualifier =
  /** SPuri / SPURI: where the policy document can be obtained. */
  | { readonly kind: 'SPURI'; readonly uri: string }
  /** SPUserNotice: text to show whoever verifies the signature, and a notice reference. */
  | {
      readonly kind: 'SPUserNotice';
      readonly explicitText?: string;
      readonly organization?: string;
      readonly noticeNumbers: readonly number[];
    }
  /** SPDocSpecification: the technical specification the policy document follows. */
  | { readonly kind: 'SPDocSpecification'; readonly identifier: string }
  /** Any other qualifier: its OID (CAdES) or element name (XAdES). */
  | { readonly kind: 'other'; readonly name: string };

/** SigPolicyQualifierInfo ::= SEQUENCE { sigPolicyQualifierId OID, sigQualifier ANY }. */
function readPolicyQualifier(t: Tlv): SignaturePolicyQualifier {
  const r = new SeqReader(t, 'SigPolicyQualifierInfo');
  const id = decodeOid(r.next('sigPolicyQualifierId'));
  const [q] = r.rest();
  if (id === CMS_OID.spqUri && q) return { kind: 'SPURI', uri: decodeString(q) };
  if (id === CMS_OID.spqUserNotice && q) {
    // SPUserNotice ::= SEQUENCE { noticeRef NoticeReference OPTIONAL, explicitText DisplayText OPTIONAL }
    let organization: string | undefined;
    let explicitText: string | undefined;
    const noticeNumbers: number[] = [];
    for (const part of children(q)) {
      if (isUniversal(part, Tag.SEQUENCE)) {
        const nr = new SeqReader(part, 'NoticeReference');
        organization = decodeString(nr.next('organization'));
        for (const n of children(nr.next('noticeNumbers', Tag.SEQUENCE)))
          noticeNumbers.push(Number(decodeInteger(n, 'noticeNumber')));
      } else explicitText = decodeString(part);
    }
    return {
      kind: 'SPUserNotice',
      ...(explicitText !== undefined ? { explicitText } : {}),
      ...(organization !== undefined ? { organization } : {}),
      noticeNumbers,
    };
  }
  if (id === CMS_OID.spqDocSpecification && q) {
    // SPDocSpecification ::= CHOICE { oid OBJECT IDENTIFIER, uri IA5String }
    return {
      kind: 'SPDocSpecification',
      identifier: isUniversal(q, Tag.OID) ? decodeOid(q) : decodeString(q),
    };
  }
  return { kind: 'other', name: id };
}

/** Decodes the informational signed attributes (the first value of each; duplicates are a separate check). */
export function describeSignedAttributes(attrs: readonly CmsAttribute[]): SignedAttributeInfo {
  const out: SignedAttributeInfo = { problems: [] };
  const first = (type: string) => attrs.find((a) => a.type === type)?.values[0];
  const attempt = (type: string, f: (v: Tlv) => void) => {
    const v = first(type);
    if (!v) return;
    try {
      f(v);
    } catch (e) {
      if (!(e instanceof MutuaError)) throw e;
      out.problems.push(`${type}: ${e.message}`);
    }
  };
  attempt(CMS_OID.signingTime, (v) => {
    out.signingTime = decodeTime(v, 'signing-time');
  });
  attempt(CMS_OID.contentHints, (v) => {
    const r = new SeqReader(v, 'ContentHints');
    const d = r.optional(Tag.UTF8String);
    const contentType = decodeOid(r.next('contentType'), 'ContentHints contentType');
    out.contentHints = d ? { description: decodeString(d), contentType } : { contentType };
  });
  const commitments = attributesOfType(attrs, CMS_OID.commitmentType);
  if (commitments.length) {
    attempt(CMS_OID.commitmentType, () => {
      out.commitmentTypes = commitments.map((a) =>
        decodeOid(new SeqReader(a.values[0]!, 'CommitmentTypeIndication').next('commitmentTypeId')),
      );
    });
  }
  attempt(CMS_OID.signerLocation, (v) => {
    const loc: NonNullable<SignedAttributeInfo['signerLocation']> = {};
    for (const c of children(v)) {
      if (isContext(c, 0)) loc.country = decodeString(explicitInner(c, 'countryName'));
      else if (isContext(c, 1)) loc.locality = decodeString(explicitInner(c, 'localityName'));
      else if (isContext(c, 2))
        loc.postalAddress = children(explicitInner(c, 'postalAddress')).map((p) => decodeString(p));
    }
    out.signerLocation = loc;
  });
  for (const attr of attrs) {
    if (attr.type !== CMS_OID.signerAttributes && attr.type !== CMS_OID.signerAttributesV2) continue;
    try {
      const roles = attr.values.flatMap(claimedRoles);
      if (roles.length) out.claimedRoles = [...(out.claimedRoles ?? []), ...roles];
    } catch (e) {
      if (!(e instanceof MutuaError)) throw e;
      out.problems.push(`${attr.type}: ${e.message}`);
    }
  }
  attempt(CMS_OID.signaturePolicyIdentifier, (v) => {
    // SignaturePolicyIdentifier ::= CHOICE { signaturePolicyId SEQUENCE, signaturePolicyImplied NULL }.
    if (isUniversal(v, Tag.SEQUENCE)) {
      const r = new SeqReader(v, 'SignaturePolicyId');
      out.signaturePolicy = decodeOid(r.next('sigPolicyId'));
      // OtherHashAlgAndValue ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashValue OCTET STRING }
      const h = new SeqReader(r.next('sigPolicyHash', Tag.SEQUENCE), 'OtherHashAlgAndValue');
      const alg = new SeqReader(h.next('hashAlgorithm', Tag.SEQUENCE), 'AlgorithmIdentifier');
      out.signaturePolicyHash = {
        hashOid: decodeOid(alg.next('algorithm')),
        value: decodeOctetString(h.next('hashValue'), 'sigPolicyHash'),
      };
      const q = r.optional(Tag.SEQUENCE);
      if (q) out.signaturePolicyQualifiers = children(q).map(readPolicyQualifier);
    }
  });
  return out;
}

/**
 * The claimed roles of a signer-attributes(-v2) value. SignerAttribute is a SEQUENCE OF CHOICE and
 * SignerAttributeV2 a SEQUENCE of tagged fields; in both, `[0]` holds the claimed attributes, a SEQUENCE
 * OF Attribute, tagged explicitly by the ETSI module but implicitly by some producers: both are read.
 */
function claimedRoles(v: Tlv): string[] {
  const roles: string[] = [];
  for (const c of children(v)) {
    if (!isContext(c, 0) || !c.constructed) continue;
    const kids = children(c);
    const first = kids[0];
    // Explicit: [0] { SEQUENCE OF Attribute }. Implicit: [0] is the SEQUENCE OF, its elements Attributes
    // (SEQUENCEs that start with an OID).
    const explicit =
      kids.length === 1 &&
      first !== undefined &&
      isUniversal(first, Tag.SEQUENCE) &&
      !isUniversal(children(first)[0] ?? first, Tag.OID);
    for (const attr of children(explicit ? first! : c)) {
      const r = new SeqReader(attr, 'claimed Attribute');
      r.next('type', Tag.OID);
      for (const val of children(r.next('values', Tag.SET))) roles.push(...stringsIn(val));
    }
  }
  return roles;
}

/** Every string found inside a value (claimed roles are plain strings or RoleSyntax structures). */
function stringsIn(t: Tlv, depth = 0): string[] {
  if (depth > 6) return [];
  if (t.cls === 0 && !t.constructed && [12, 19, 20, 22, 26, 28, 30].includes(t.tag)) return [decodeString(t)];
  if (t.constructed) return children(t).flatMap((c) => stringsIn(c, depth + 1));
  return [];
}
