/**
 * The eID attribute model: who a certificate identifies, with typed national identifiers.
 *
 * @packageDocumentation
 */
import type { Tlv } from '../asn1/der';
import type { Extension } from '../x509/extensions';
import type { GeneralName } from '../x509/general-name';
import type { Name } from '../x509/name';
import type { QcStatements } from './qc-statements';

/** What kind of subject a certificate identifies. */
export type IdentityKind = 'natural-person' | 'legal-person' | 'seal-or-device' | 'unknown';

/**
 * Identifier schemes Mutua knows. `XX-NAME` for national identifiers (ISO 3166 country + the name used
 * in that country), `ETSI-XXX` for EN 319 412-1 §5.1.3 semantics identifiers. Extractors registered by
 * users may use other strings.
 */
export type IdentifierScheme =
  | 'BR-CPF'
  | 'BR-CNPJ'
  | 'BR-NIS'
  | 'BR-RG'
  | 'BR-TITULO-ELEITOR'
  | 'BR-CEI'
  | 'AR-CUIT'
  | 'AR-CUIL'
  | 'AR-DU'
  | 'CL-RUT'
  | 'PE-DNI'
  | 'PE-RUC'
  | 'CO-NIT'
  | 'CO-CC'
  | 'EC-CEDULA'
  | 'EC-RUC'
  | 'EC-PASAPORTE'
  | 'CR-CPF'
  | 'CR-CPJ'
  | 'MX-RFC'
  | 'MX-CURP'
  | 'DO-RNC'
  | 'ETSI-PNO'
  | 'ETSI-IDC'
  | 'ETSI-PAS'
  | 'ETSI-TIN'
  | 'ETSI-VAT'
  | 'ETSI-NTR'
  | 'ETSI-PSD'
  | 'ETSI-LEI'
  | 'ETSI-NATIONAL'
  | (string & {});

/**
 * Whose identifier it is: the subject; the legal representative named in a legal-person certificate;
 * the organisation a natural person belongs to; the issuing CA; the registration authority.
 */
export type IdentifierRole =
  | 'subject'
  | 'representative'
  | 'organization'
  | 'issuer'
  | 'registration-authority';

/** Result of a check-digit test. */
export type CheckDigitStatus = 'valid' | 'invalid' | 'not-applicable';

/** One identifier found in a certificate. */
export interface TypedIdentifier {
  readonly scheme: IdentifierScheme;
  /** Canonical value: no dots, dashes or spaces unless the scheme's canonical form has them (CL-RUT `12345678-5`). */
  readonly value: string;
  /** The value as people write it (`123.456.789-09`, `20-12345678-6`), or as found when there is no convention. */
  readonly display: string;
  /** ISO 3166 country of the issuing register, when known. */
  readonly country?: string;
  /** Where it was found: `subject.serialNumber`, `san.otherName:2.16.76.1.3.1`, `extension:1.3.6.1.4.1.37947.3.1`, … */
  readonly source: string;
  readonly checkDigit: CheckDigitStatus;
  readonly role: IdentifierRole;
  /** Id of the extractor that found it. */
  readonly extractor: string;
  /** For ETSI national schemes (`xx:CC-…`), the two-character scheme; free-form extra detail otherwise. */
  readonly qualifier?: string;
}

/** Names and name-like attributes of the subject. */
export interface IdentityNames {
  commonName?: string;
  /** commonName without the identifiers some national profiles append (`NAME:12345678909` in ICP-Brasil). */
  displayName?: string;
  givenName?: string;
  surname?: string;
  pseudonym?: string;
  title?: string;
  organization?: string;
  organizationalUnit: string[];
  organizationIdentifier?: string;
  serialNumber?: string;
  locality?: string;
  stateOrProvince?: string;
  /** Name of the person responsible for a legal-person certificate (ICP-Brasil 2.16.76.1.3.2, MX 2.5.4.41 …). */
  responsibleName?: string;
}

/** The identity a certificate asserts. */
export interface Identity {
  kind: IdentityKind;
  /** Why {@link kind} was chosen, strongest reason first. */
  kindReasons: string[];
  names: IdentityNames;
  /** Subject countryName, upper-case; else the country of the first subject identifier. */
  country?: string;
  emails: string[];
  identifiers: TypedIdentifier[];
  /** Subject's date of birth, `YYYY-MM-DD`. */
  birthDate?: string;
  /** Legal representative's date of birth for legal-person certificates, `YYYY-MM-DD`. */
  representativeBirthDate?: string;
  qc?: QcStatements;
  /** Malformed or suspicious identity data. Never fatal. */
  problems: string[];
}

/** What extractors read: the parts of a certificate that carry identity, so tests can build them alone. */
export interface IdentitySource {
  readonly subject: Name;
  readonly subjectAltName: readonly GeneralName[];
  /** Raw extensions (national extensions such as Ecuador's live only here). */
  readonly extensions: readonly Extension[];
  readonly subjectDirectoryAttributes: readonly { readonly type: string; readonly values: readonly Tlv[] }[];
  /** certificatePolicies OIDs. */
  readonly policies: readonly string[];
  readonly qc?: QcStatements;
  readonly isCa: boolean;
}

/** A hint about the subject kind, with a strength: 3 = normative statement, 2 = national profile, 1 = heuristic. */
export interface KindHint {
  readonly kind: Exclude<IdentityKind, 'unknown'>;
  readonly strength: 1 | 2 | 3;
  readonly reason: string;
}

/** What one extractor found. Identifiers omit `extractor`; the registry fills it in. */
export interface ExtractorResult {
  identifiers?: Omit<TypedIdentifier, 'extractor'>[];
  kindHints?: KindHint[];
  birthDate?: string;
  representativeBirthDate?: string;
  names?: Partial<Omit<IdentityNames, 'organizationalUnit'>>;
  problems?: string[];
}

/**
 * An identity extractor: one national or international convention for putting identity into
 * certificates. Register more with `registerIdentityExtractor`.
 */
export interface IdentityExtractor {
  /** Stable id, for example `br-icp-brasil`. */
  readonly id: string;
  /** The standard or convention implemented (`DOC-ICP-04 §7.1.2.3`, `EN 319 412-1 §5.1.3`). */
  readonly standard: string;
  /** Pure function of the source; it should not throw (the registry turns throws into problems). */
  extract(src: IdentitySource): ExtractorResult;
}
