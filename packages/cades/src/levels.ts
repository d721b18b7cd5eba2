import type { Certificate, CertificateList, OcspResponse } from '@mutua/core';
import { CMS_OID } from './oids';

/**
 * The CAdES baseline levels of EN 319 122-1 (§5–6); `CMS` when the signature is not an AdES (it has no
 * signing-certificate(-v2) attribute binding the signer's certificate).
 */
export type CadesFormat =
  | 'CMS'
  | 'CAdES-BASELINE-B'
  | 'CAdES-BASELINE-T'
  | 'CAdES-BASELINE-LT'
  | 'CAdES-BASELINE-LTA';

/**
 * The forms of ETSI TS 101 733 (the CAdES of before the baseline profiles, kept in EN 319 122-2), which
 * archives and older validators still speak: BES / EPES (with a signature policy), T (signature
 * time-stamp), C (complete references), X Type 1 / Type 2 (time-stamped references), X-L (with the values),
 * A (archive time-stamp).
 */
export type CadesLegacyFormat =
  | 'CAdES-BES'
  | 'CAdES-EPES'
  | 'CAdES-T'
  | 'CAdES-C'
  | 'CAdES-X Type 1'
  | 'CAdES-X Type 2'
  | 'CAdES-X-L'
  | 'CAdES-X-L Type 1'
  | 'CAdES-X-L Type 2'
  | 'CAdES-A';

/**
 * The ICP-Brasil forms of DOC-ICP-15: basic reference (AD-RB), with time reference (AD-RT), with
 * references for validation (AD-RV), complete references (AD-RC), archive references (AD-RA).
 */
export type IcpBrasilFormat = 'AD-RB' | 'AD-RT' | 'AD-RV' | 'AD-RC' | 'AD-RA';

/** The arc under 2.16.76.1.7.1 of each ICP-Brasil policy family (DOC-ICP-15.03, and the LPAs). */
const ICP_BRASIL_ARCS: Readonly<Record<string, { format: IcpBrasilFormat; signature: string }>> = {
  '1': { format: 'AD-RB', signature: 'CAdES' },
  '2': { format: 'AD-RT', signature: 'CAdES' },
  '3': { format: 'AD-RV', signature: 'CAdES' },
  '4': { format: 'AD-RC', signature: 'CAdES' },
  '5': { format: 'AD-RA', signature: 'CAdES' },
  '6': { format: 'AD-RB', signature: 'XAdES' },
  '7': { format: 'AD-RT', signature: 'XAdES' },
  '8': { format: 'AD-RV', signature: 'XAdES' },
  '9': { format: 'AD-RC', signature: 'XAdES' },
  '10': { format: 'AD-RA', signature: 'XAdES' },
  '11': { format: 'AD-RB', signature: 'PAdES' },
  '12': { format: 'AD-RT', signature: 'PAdES' },
  '13': { format: 'AD-RC', signature: 'PAdES' },
  '14': { format: 'AD-RA', signature: 'PAdES' },
};

/**
 * The ICP-Brasil form a signature policy OID names (`2.16.76.1.7.1.<family>.<version>…`), with the
 * signature format the policy is for; `undefined` for any other OID.
 *
 * @example
 * ```ts
 * import { icpBrasilFormat } from '@mutua/cades';
 * icpBrasilFormat('2.16.76.1.7.1.2.2.4'); // { format: 'AD-RT', signature: 'CAdES' }
 * icpBrasilFormat('1.2.3'); // undefined
 * ```
 */
export function icpBrasilFormat(
  policyOid: string,
): { readonly format: IcpBrasilFormat; readonly signature: string } | undefined {
  const m = /^2\.16\.76\.1\.7\.1\.(\d+)(\.\d+)+$/.exec(policyOid);
  return m ? ICP_BRASIL_ARCS[m[1]!] : undefined;
}

/** What the level of one signature depends on; every time-stamp counted here proves what it covers. */
export interface LevelEvidence {
  /** The SignerInfo has signed attributes with a signing-certificate(-v2) binding. */
  readonly isAdES: boolean;
  /** The signature-policy-identifier OID, when the signer named one. */
  readonly policyOid: string | undefined;
  /** The unsigned attribute types present. */
  readonly unsignedTypes: ReadonlySet<string>;
  /** Which kinds of time-stamps prove something (intact, over the right data, TSA valid). */
  readonly proving: {
    readonly signature: boolean;
    readonly validationData: boolean;
    readonly referencesOnly: boolean;
    readonly archiveV2: boolean;
    readonly archiveV3: boolean;
  };
  /** The signature carries every certificate and revocation value its validation needs (see {@link missingValidationData}). */
  readonly validationDataComplete: boolean;
  /** Whether the CAdES-C references resolve and cover the path (`checkCompleteReferences`); absent without references. */
  readonly referencesComplete?: boolean;
}

/** The names of one signature's level. */
export interface CadesLevels {
  readonly format: CadesFormat;
  /** The TS 101 733 name; absent for a signature that is not an AdES. */
  readonly legacyFormat?: CadesLegacyFormat;
}

/**
 * Names the level of a signature from the evidence, in the baseline vocabulary of EN 319 122-1 and the
 * TS 101 733 vocabulary. Levels are only reached through time-stamps that prove something: a copied or
 * altered time-stamp, or one whose TSA does not validate, lowers the level without failing the signature.
 *
 * @example
 * ```ts
 * import { cadesLevels } from '@mutua/cades';
 * const none = { signature: false, validationData: false, referencesOnly: false, archiveV2: false, archiveV3: false };
 * const evidence = {
 *   isAdES: true, policyOid: undefined, unsignedTypes: new Set<string>(),
 *   proving: { ...none, signature: true }, validationDataComplete: false,
 * };
 * cadesLevels(evidence); // { format: 'CAdES-BASELINE-T', legacyFormat: 'CAdES-T' }
 * cadesLevels({ ...evidence, validationDataComplete: true, proving: { ...none, signature: true, archiveV3: true } }).format; // 'CAdES-BASELINE-LTA'
 * ```
 */
export function cadesLevels(e: LevelEvidence): CadesLevels {
  if (!e.isAdES) return { format: 'CMS' };
  const t = e.proving.signature;
  const lt = t && e.validationDataComplete;
  const format: CadesFormat =
    lt && e.proving.archiveV3
      ? 'CAdES-BASELINE-LTA'
      : lt
        ? 'CAdES-BASELINE-LT'
        : t
          ? 'CAdES-BASELINE-T'
          : 'CAdES-BASELINE-B';
  return { format, legacyFormat: legacyLevel(e) };
}

function legacyLevel(e: LevelEvidence): CadesLegacyFormat {
  const has = (oid: string) => e.unsignedTypes.has(oid);
  const base: CadesLegacyFormat = e.policyOid ? 'CAdES-EPES' : 'CAdES-BES';
  if (!e.proving.signature) return base;
  if (e.proving.archiveV2 || e.proving.archiveV3) return 'CAdES-A';
  const c =
    has(CMS_OID.completeCertificateRefs) &&
    has(CMS_OID.completeRevocationRefs) &&
    e.referencesComplete !== false;
  if (!c) return 'CAdES-T';
  const type = e.proving.validationData ? ' Type 1' : e.proving.referencesOnly ? ' Type 2' : '';
  const long = has(CMS_OID.certValues) && has(CMS_OID.revocationValues);
  if (long) return `CAdES-X-L${type}` as CadesLegacyFormat;
  return type ? (`CAdES-X${type}` as CadesLegacyFormat) : 'CAdES-C';
}

/**
 * What the form an ICP-Brasil policy names requires that the signature lacks (DOC-ICP-15.03 §6): AD-RT a
 * signature time-stamp; AD-RV also complete references and a time-stamp over them; AD-RC also the
 * certificate and revocation values; AD-RA also an archive time-stamp. Empty when it has all of it.
 *
 * @example
 * ```ts
 * import { icpBrasilShortfall } from '@mutua/cades';
 * const none = { signature: false, validationData: false, referencesOnly: false, archiveV2: false, archiveV3: false };
 * const evidence = { isAdES: true, policyOid: '2.16.76.1.7.1.2.2.4', unsignedTypes: new Set<string>(), proving: none, validationDataComplete: false };
 * icpBrasilShortfall('AD-RT', evidence); // ['a signature time-stamp']
 * ```
 */
export function icpBrasilShortfall(format: IcpBrasilFormat, e: LevelEvidence): string[] {
  const rank = ['AD-RB', 'AD-RT', 'AD-RV', 'AD-RC', 'AD-RA'].indexOf(format);
  const has = (oid: string) => e.unsignedTypes.has(oid);
  const missing: string[] = [];
  if (rank >= 1 && !e.proving.signature) missing.push('a signature time-stamp');
  if (rank >= 2) {
    if (!has(CMS_OID.completeCertificateRefs) || !has(CMS_OID.completeRevocationRefs))
      missing.push('complete certificate and revocation references');
    else if (e.referencesComplete === false) missing.push('references that resolve and cover the path');
    if (!e.proving.validationData && !e.proving.referencesOnly)
      missing.push('a time-stamp over the references');
  }
  if (rank >= 3 && (!has(CMS_OID.certValues) || !has(CMS_OID.revocationValues)))
    missing.push('certificate and revocation values');
  if (rank >= 4 && !e.proving.archiveV2 && !e.proving.archiveV3) missing.push('an archive time-stamp');
  return missing;
}

/** Certificates and revocation data a signature carries (SignedData fields and unsigned attributes). */
export interface CarriedValidationData {
  readonly certificates: readonly Certificate[];
  readonly crls: readonly CertificateList[];
  readonly ocspResponses: readonly OcspResponse[];
}

/**
 * What a path lacks for the LT level (EN 319 122-1 §5.4: the signature carries "all the certificates and
 * revocation data needed"): each certificate of the path (RFC 5280 order, the trust anchor excluded —
 * the relying party holds it) must be carried, and each one that is checked for revocation must have a
 * CRL from its issuer or an OCSP response about it carried too. Structural only: whether the data says
 * "good" is the path validation's business.
 *
 * @example
 * ```ts
 * import { missingValidationData } from '@mutua/cades';
 * missingValidationData([cert], { certificates: [cert], crls: crls.filter((c) => c.issuer.key === cert.issuer.key), ocspResponses: [] }); // []
 * missingValidationData([cert], { certificates: [], crls: [], ocspResponses: [] }).length; // 2
 * ```
 */
export function missingValidationData(
  path: readonly Certificate[],
  carried: CarriedValidationData,
): string[] {
  const key = (c: Certificate) => `${c.issuer.key}|${c.serialHex}`;
  const certs = new Set(carried.certificates.map(key));
  const missing: string[] = [];
  for (const c of path) {
    const who = `"${c.subject.text}"`;
    if (!certs.has(key(c))) missing.push(`the certificate ${who}`);
    // A delegated OCSP responder with id-pkix-ocsp-nocheck needs no revocation data (RFC 6960 §4.2.2.2.1).
    if (c.ext.ocspNoCheck) continue;
    const crl = carried.crls.some((l) => l.issuer.key === c.issuer.key);
    const ocsp = carried.ocspResponses.some((o) =>
      o.basic?.responses.some((r) => r.certId.serialNumber === c.serialNumber),
    );
    if (!crl && !ocsp) missing.push(`revocation data for ${who}`);
  }
  return missing;
}
