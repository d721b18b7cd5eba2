/**
 * Typed decoding of the qcStatements extension (RFC 3739 §3.2.6, ETSI EN 319 412-5).
 *
 * The certificate parser keeps each statement as `{ oid, info? }` with the raw statementInfo TLV; this
 * module turns those into a typed model. It never throws on malformed statementInfo: every defect becomes
 * a `problems` entry, so that one odd statement cannot stop certificate handling.
 *
 * @packageDocumentation
 */
import { Tag, type Tlv, isUniversal } from '../asn1/der';
import { SeqReader, decodeInteger, decodeOid, decodeString } from '../asn1/read';
import type { Certificate } from '../x509/certificate';
import type { QcStatement } from '../x509/extensions';
import { type GeneralName, parseGeneralName } from '../x509/general-name';
import { OID } from '../oids';

/** The EN 319 412-5 §4.2.3 QcType values by their short names. */
export type QcTypeName = 'esign' | 'eseal' | 'web';

/** One PKI Disclosure Statement location (EN 319 412-5 §4.3.4 `PdsLocation`). */
export interface QcPdsLocation {
  /** `https` URL of the PDS document. */
  readonly url: string;
  /** ISO 639-1 language code of that document, lower-cased (`en`, `es`, `pt`). */
  readonly language: string;
}

/** `QcEuLimitValue` (EN 319 412-5 §4.3.2): the transaction value limit is `amount × 10^exponent`. */
export interface QcLimitValue {
  /** ISO 4217 code: alphabetic (`EUR`) or numeric (`978`, given as a string). */
  readonly currency: string;
  readonly amount: number;
  readonly exponent: number;
}

/** ETSI TS 119 495 PSD2 role of a payment service provider. */
export interface Psd2Role {
  /** `0.4.0.19495.1.1` … `0.4.0.19495.1.4`. */
  readonly oid: string;
  /** `PSP_AS`, `PSP_PI`, `PSP_AI` or `PSP_IC` as encoded in the certificate. */
  readonly name: string;
}

/** `PSD2QcType` (ETSI TS 119 495 §5.1): the PSP roles granted and the National Competent Authority. */
export interface Psd2Statement {
  readonly roles: readonly Psd2Role[];
  /** NCA name, for example `Banco de España`. */
  readonly ncaName: string;
  /** NCA identifier, `CC-XXX` (two-letter country, hyphen, NCA code), for example `ES-BE`. */
  readonly ncaId: string;
}

/** The legal meaning of the subject's identifier attribute, from a semantics identifier OID. */
export type SemanticsName = 'natural-person' | 'legal-person' | 'eidas-natural-person' | 'eidas-legal-person';

/**
 * `SemanticsInformation` of the RFC 3739 `qcs-pkixQCSyntax-v1/v2` statements. EN 319 412-1 §5.1 defines
 * the ETSI semantics OIDs that say how the subject's serialNumber / organizationIdentifier is built
 * (`PNOES-12345678Z`, `VATBE-0123456789`, …).
 */
export interface QcSemantics {
  /** 1 for `id-qcs-pkixQCSyntax-v1` (1.3.6.1.5.5.7.11.1), 2 for `-v2` (1.3.6.1.5.5.7.11.2). */
  readonly version: 1 | 2;
  readonly identifier?: string;
  /** The ETSI meaning of {@link identifier}, when it is one of the four EN 319 412-1 OIDs. */
  readonly identifierName?: SemanticsName;
  readonly nameRegistrationAuthorities: readonly GeneralName[];
}

/** A statement this module does not know, kept by OID. */
export interface UnknownQcStatement {
  readonly oid: string;
  readonly hasInfo: boolean;
}

/** The decoded qcStatements of one certificate. */
export interface QcStatements {
  /** Every statement OID, in certificate order. */
  readonly oids: readonly string[];
  /** `QcCompliance` (0.4.0.1862.1.1): issued as an EU qualified certificate (or under the QcCClegislation). */
  readonly compliance: boolean;
  /** `QcSSCD` (0.4.0.1862.1.4): the private key resides in a QSCD. */
  readonly sscd: boolean;
  /** `QcType` short names (eSign, eSeal, web). Unknown type OIDs are in {@link typeOids} only. */
  readonly types: readonly QcTypeName[];
  /** `QcType` OIDs as encoded. */
  readonly typeOids: readonly string[];
  /** `QcPDS` locations. */
  readonly pds: readonly QcPdsLocation[];
  /** `QcCClegislation` (0.4.0.1862.1.7): country codes of non-EU legislation the certificate is qualified under. */
  readonly legislation: readonly string[];
  /** `QcRetentionPeriod` (0.4.0.1862.1.3), in years after expiry. */
  readonly retentionPeriodYears?: number;
  readonly limitValue?: QcLimitValue;
  readonly psd2?: Psd2Statement;
  readonly semantics?: QcSemantics;
  readonly unknown: readonly UnknownQcStatement[];
  /** Malformed statements, each as `<oid>: <what is wrong>`. */
  readonly problems: readonly string[];
}

/** PSD2 role OIDs of ETSI TS 119 495 §5.1 with their names. */
export const PSD2_ROLES: Readonly<Record<string, string>> = {
  '0.4.0.19495.1.1': 'PSP_AS',
  '0.4.0.19495.1.2': 'PSP_PI',
  '0.4.0.19495.1.3': 'PSP_AI',
  '0.4.0.19495.1.4': 'PSP_IC',
};

const QC_TYPES: Readonly<Record<string, QcTypeName>> = {
  [OID.qcTypeEsign]: 'esign',
  [OID.qcTypeEseal]: 'eseal',
  [OID.qcTypeWeb]: 'web',
};

/** EN 319 412-1 §5.1 semantics identifier OIDs and what they mean. */
export const SEMANTICS_IDENTIFIERS: Readonly<Record<string, SemanticsName>> = {
  [OID.semanticsNaturalPerson]: 'natural-person',
  [OID.semanticsLegalPerson]: 'legal-person',
  [OID.semanticsEidasNatural]: 'eidas-natural-person',
  [OID.semanticsEidasLegal]: 'eidas-legal-person',
};

function str(t: Tlv, what: string): string {
  if (t.constructed || t.cls !== 0) throw new Error(`${what} is not a string`);
  return decodeString(t);
}

function smallInt(t: Tlv, what: string): number {
  const n = decodeInteger(t, what);
  if (n < -(2n ** 53n) || n > 2n ** 53n) throw new Error(`${what} is out of range`);
  return Number(n);
}

/**
 * Decodes a list of qcStatements (as found in `cert.ext.qcStatements`).
 *
 * Per EN 319 412-5 §4: QcCompliance and QcSSCD carry no statementInfo; QcType is `SEQUENCE OF OID`;
 * QcPDS is `SEQUENCE OF PdsLocation { url IA5String, language PrintableString(SIZE(2)) }`; QcCClegislation
 * is `SEQUENCE OF PrintableString(SIZE(2))`; QcRetentionPeriod an INTEGER; QcLimitValue a
 * `MonetaryValue { currency CHOICE { PrintableString, INTEGER }, amount INTEGER, exponent INTEGER }`.
 * PSD2 follows ETSI TS 119 495 §5.1 and the semantics statements RFC 3739 §3.2.6.1.
 *
 * @example
 * ```ts
 * import { decodeQcStatements } from '@mutua/core';
 * const qc = decodeQcStatements(cert.ext.qcStatements ?? []);
 * if (qc.compliance && qc.types.includes('eseal')) console.log('qualified e-seal certificate');
 * ```
 */
export function decodeQcStatements(statements: readonly QcStatement[]): QcStatements {
  const oids: string[] = [];
  const types: QcTypeName[] = [];
  const typeOids: string[] = [];
  const pds: QcPdsLocation[] = [];
  const legislation: string[] = [];
  const unknown: UnknownQcStatement[] = [];
  const problems: string[] = [];
  let compliance = false;
  let sscd = false;
  let retentionPeriodYears: number | undefined;
  let limitValue: QcLimitValue | undefined;
  let psd2: Psd2Statement | undefined;
  let semantics: QcSemantics | undefined;

  for (const s of statements) {
    oids.push(s.oid);
    const info = s.info;
    try {
      switch (s.oid) {
        case OID.qcsQcCompliance:
          compliance = true;
          if (info) problems.push(`${s.oid}: QcCompliance must not carry statementInfo`);
          break;
        case OID.qcsQcSSCD:
          sscd = true;
          if (info) problems.push(`${s.oid}: QcSSCD must not carry statementInfo`);
          break;
        case OID.qcsQcType: {
          if (!info) throw new Error('QcType without statementInfo');
          for (const t of new SeqReader(info, 'QcType').rest()) {
            const o = decodeOid(t, 'QcType');
            typeOids.push(o);
            const name = QC_TYPES[o];
            if (name && !types.includes(name)) types.push(name);
          }
          if (typeOids.length === 0) problems.push(`${s.oid}: QcType is empty`);
          break;
        }
        case OID.qcsQcPDS: {
          if (!info) throw new Error('QcPDS without statementInfo');
          for (const loc of new SeqReader(info, 'QcPDS').rest()) {
            const r = new SeqReader(loc, 'PdsLocation');
            const url = str(r.next('url'), 'PdsLocation url');
            const language = str(r.next('language'), 'PdsLocation language').toLowerCase();
            r.end();
            if (!/^[a-z]{2}$/.test(language))
              problems.push(`${s.oid}: PDS language "${language}" is not ISO 639-1`);
            pds.push({ url, language });
          }
          break;
        }
        case OID.qcsQcCClegislation: {
          if (!info) throw new Error('QcCClegislation without statementInfo');
          for (const c of new SeqReader(info, 'QcCClegislation').rest()) {
            const cc = str(c, 'CountryName').toUpperCase();
            if (!/^[A-Z]{2}$/.test(cc)) problems.push(`${s.oid}: "${cc}" is not an ISO 3166 country code`);
            legislation.push(cc);
          }
          break;
        }
        case OID.qcsQcRetentionPeriod:
          if (!info) throw new Error('QcRetentionPeriod without statementInfo');
          retentionPeriodYears = smallInt(info, 'QcRetentionPeriod');
          break;
        case OID.qcsQcLimitValue: {
          if (!info) throw new Error('QcLimitValue without statementInfo');
          const r = new SeqReader(info, 'MonetaryValue');
          const c = r.next('currency');
          const currency = isUniversal(c, Tag.INTEGER) ? String(decodeInteger(c)) : str(c, 'currency');
          const amount = smallInt(r.next('amount'), 'amount');
          const exponent = smallInt(r.next('exponent'), 'exponent');
          r.end();
          limitValue = { currency, amount, exponent };
          break;
        }
        case OID.psd2: {
          if (!info) throw new Error('PSD2QcType without statementInfo');
          const r = new SeqReader(info, 'PSD2QcType');
          const roles = new SeqReader(r.next('rolesOfPSP', Tag.SEQUENCE), 'RolesOfPSP').rest().map((x) => {
            const rr = new SeqReader(x, 'RoleOfPSP');
            const oid = decodeOid(rr.next('roleOfPspOid'), 'roleOfPspOid');
            const name = str(rr.next('roleOfPspName'), 'roleOfPspName');
            rr.end();
            if (PSD2_ROLES[oid] && PSD2_ROLES[oid] !== name) {
              problems.push(`${s.oid}: role ${oid} is named "${name}", expected "${PSD2_ROLES[oid]}"`);
            }
            return { oid, name };
          });
          const ncaName = str(r.next('nCAName'), 'nCAName');
          const ncaId = str(r.next('nCAId'), 'nCAId');
          r.end();
          if (!/^[A-Z]{2}-/.test(ncaId)) problems.push(`${s.oid}: NCA id "${ncaId}" is not CC-XXX`);
          psd2 = { roles, ncaName, ncaId };
          break;
        }
        case OID.qcsSemanticsIdV1:
        case OID.qcsSemanticsIdV2: {
          const version = s.oid === OID.qcsSemanticsIdV1 ? 1 : 2;
          let identifier: string | undefined;
          let nras: GeneralName[] = [];
          if (info) {
            const r = new SeqReader(info, 'SemanticsInformation');
            const id = r.optional(Tag.OID);
            if (id) identifier = decodeOid(id, 'semanticsIdentifier');
            const n = r.optional(Tag.SEQUENCE);
            if (n) nras = new SeqReader(n, 'NameRegistrationAuthorities').rest().map(parseGeneralName);
            r.end();
            if (!id && !n) problems.push(`${s.oid}: SemanticsInformation is empty`);
          }
          const identifierName = identifier ? SEMANTICS_IDENTIFIERS[identifier] : undefined;
          semantics = {
            version,
            nameRegistrationAuthorities: nras,
            ...(identifier ? { identifier } : {}),
            ...(identifierName ? { identifierName } : {}),
          };
          break;
        }
        default:
          unknown.push({ oid: s.oid, hasInfo: info !== undefined });
      }
    } catch (e) {
      problems.push(`${s.oid}: ${(e as Error).message}`);
    }
  }
  return {
    oids,
    compliance,
    sscd,
    types,
    typeOids,
    pds,
    legislation,
    unknown,
    problems,
    ...(retentionPeriodYears !== undefined ? { retentionPeriodYears } : {}),
    ...(limitValue ? { limitValue } : {}),
    ...(psd2 ? { psd2 } : {}),
    ...(semantics ? { semantics } : {}),
  };
}

/**
 * The decoded qcStatements of a certificate, or `undefined` when it has none.
 *
 * @example
 * ```ts
 * import { qcStatementsOf } from '@mutua/core';
 * import { euNaturalPerson } from '@mutua/testkit';
 * const qes = await ca.issue({ identity: euNaturalPerson({ country: 'EE', idNumber: '38001085718' }) });
 * qcStatementsOf(qes.cert)?.compliance; // true
 * qcStatementsOf(qes.cert)?.types; // ['esign']
 * qcStatementsOf(cert); // undefined (no qcStatements extension)
 * ```
 */
export function qcStatementsOf(cert: Certificate): QcStatements | undefined {
  const s = cert.ext.qcStatements;
  return s ? decodeQcStatements(s) : undefined;
}
