/**
 * ETSI EN 319 412-1 §5.1.3 / §5.1.4 semantics identifiers in subject serialNumber / organizationIdentifier.
 *
 * @packageDocumentation
 */
import { OID } from '../oids';
import {
  checkRfc,
  isValidCnpj,
  isValidCpf,
  isValidCuit,
  isValidDoRnc,
  isValidLei,
  isValidNit,
  isValidPeRuc,
  isValidRut,
} from './check-digits';
import type { CheckDigitStatus, IdentityExtractor, KindHint } from './types';
import { type NewIdentifier, status, subjectValues } from './util';

/** The three-letter identity types of EN 319 412-1 §5.1.3 (natural persons) and §5.1.4 (legal persons). */
export type EtsiIdentifierType = 'PAS' | 'IDC' | 'PNO' | 'TIN' | 'VAT' | 'NTR' | 'PSD' | 'LEI';

/** A parsed EN 319 412-1 semantics identifier. */
export interface EtsiIdentifier {
  /** The 3-letter type, or `national` for the `xx:` national schemes. */
  readonly type: EtsiIdentifierType | 'national';
  /** For national schemes, the two-character scheme before the colon (`xx:CC-…`). */
  readonly nationalScheme?: string;
  /** ISO 3166 country (for LEI the placeholder `XG`; Greece uses `EL` for VAT, as VIES does). */
  readonly country: string;
  /** Everything after the hyphen, as encoded. */
  readonly value: string;
}

const NATURAL = new Set(['PAS', 'IDC', 'PNO', 'TIN']);
const LEGAL = new Set(['VAT', 'NTR', 'PSD', 'LEI']);

/**
 * Parses an EN 319 412-1 semantics identifier.
 *
 * §5.1.3 (natural persons, in serialNumber): 3-letter type (`PAS` passport, `IDC` identity card,
 * `PNO` national personal number, `TIN` tax number), 2-letter ISO 3166 country, `-`, the identifier:
 * `PNOES-12345678Z`, `IDCBE-590710132`. §5.1.4 (legal persons, in organizationIdentifier): `VAT`, `NTR`
 * (national trade register), `PSD` (TS 119 495 PSD2 authorisation number), `LEI` with country `XG`
 * (`LEIXG-5493001KJTIIGC8Y1R12`). Both allow a national scheme as two characters and a colon:
 * `xx:CC-…`. Returns `undefined` for anything else.
 *
 * @example
 * ```ts
 * import { parseEtsiIdentifier } from '@mutua/core';
 * parseEtsiIdentifier('PNOEE-38001085718'); // { type: 'PNO', country: 'EE', value: '38001085718' }
 * parseEtsiIdentifier('VATBE-0123456789')?.type; // 'VAT'
 * parseEtsiIdentifier('38001085718'); // undefined
 * ```
 */
export function parseEtsiIdentifier(s: string): EtsiIdentifier | undefined {
  const t = s.trim();
  let m = /^(PAS|IDC|PNO|TIN|VAT|NTR|PSD|LEI)([A-Z]{2})-(.+)$/.exec(t);
  if (m) return { type: m[1] as EtsiIdentifierType, country: m[2]!, value: m[3]! };
  m = /^([A-Za-z]{2}):([A-Z]{2})-(.+)$/.exec(t);
  if (m) return { type: 'national', nationalScheme: m[1]!, country: m[2]!, value: m[3]! };
  return undefined;
}

/**
 * Check-digit test for an ETSI identifier whose national register Mutua knows (PE RUC in `NTRPE-`,
 * CL RUT, AR CUIT, BR CPF/CNPJ, CO NIT, DO RNC, MX RFC, LEI); `not-applicable` otherwise.
 *
 * @example
 * ```ts
 * import { etsiCheckDigit, parseEtsiIdentifier } from '@mutua/core';
 * etsiCheckDigit(parseEtsiIdentifier('TINBR-12345678909')!); // 'valid' (a CPF)
 * etsiCheckDigit(parseEtsiIdentifier('VATAR-20123456780')!); // 'invalid' (CUIT check digit)
 * etsiCheckDigit(parseEtsiIdentifier('PNOEE-38001085718')!); // 'not-applicable'
 * ```
 */
export function etsiCheckDigit(id: EtsiIdentifier): CheckDigitStatus {
  const v = id.value.replace(/[.\s]/g, '');
  const digits = v.replace(/-/g, '');
  if (id.type === 'LEI') return status(isValidLei(v.toUpperCase()));
  if (id.type === 'national' || id.type === 'PAS' || id.type === 'IDC' || id.type === 'PSD')
    return 'not-applicable';
  switch (id.country) {
    case 'PE':
      return /^\d{11}$/.test(digits) ? status(isValidPeRuc(digits)) : 'not-applicable';
    case 'CL':
      return /^\d{7,9}-?[\dkK]$/.test(v)
        ? status(isValidRut(`${digits.slice(0, -1)}-${digits.slice(-1).toUpperCase()}`))
        : 'not-applicable';
    case 'AR':
      return /^\d{11}$/.test(digits) && id.type !== 'PNO' ? status(isValidCuit(digits)) : 'not-applicable';
    case 'BR':
      if (/^\d{11}$/.test(digits)) return status(isValidCpf(digits));
      if (/^\d{14}$/.test(digits)) return status(isValidCnpj(digits));
      return 'not-applicable';
    case 'CO':
      return id.type !== 'PNO' && /^\d{9,10}$/.test(digits) ? status(isValidNit(digits)) : 'not-applicable';
    case 'DO':
      return /^\d{9}$/.test(digits) ? status(isValidDoRnc(digits)) : 'not-applicable';
    case 'MX':
      return id.type === 'TIN' || id.type === 'VAT'
        ? checkRfc(v.toUpperCase()) === 'valid'
          ? 'valid'
          : 'invalid'
        : 'not-applicable';
    default:
      return 'not-applicable';
  }
}

/**
 * EN 319 412-1 semantics identifiers (`PNOES-…`, `VATBE-…`, `NTRPE-…`, `LEIXG-…`, `xx:CC-…`) found in
 * subject serialNumber (§5.1.3, natural persons) and organizationIdentifier (§5.1.4, legal persons).
 * Kind hints: a natural-person type in serialNumber suggests a natural person; an organizationIdentifier
 * suggests a legal person (EN 319 412-3 §4.2.1 makes it mandatory there), weakly, because EN 319 412-2
 * also allows it in natural-person certificates that name an organisation.
 */
export const etsiSemanticsExtractor: IdentityExtractor = {
  id: 'etsi-semantics',
  standard: 'ETSI EN 319 412-1 §5.1.3–5.1.4 (semantics identifiers)',
  extract(src) {
    const identifiers: NewIdentifier[] = [];
    const kindHints: KindHint[] = [];
    const sources: [string, string][] = [
      ...subjectValues(src, OID.serialNumber).map((v): [string, string] => ['subject.serialNumber', v]),
      ...subjectValues(src, OID.organizationIdentifier).map((v): [string, string] => [
        'subject.organizationIdentifier',
        v,
      ]),
    ];
    for (const [source, raw] of sources) {
      const id = parseEtsiIdentifier(raw);
      if (!id) continue;
      const scheme = id.type === 'national' ? 'ETSI-NATIONAL' : `ETSI-${id.type}`;
      const value = id.type === 'LEI' ? id.value.toUpperCase() : id.value;
      const country = id.country === 'XG' ? undefined : id.country === 'EL' ? 'GR' : id.country;
      identifiers.push({
        scheme,
        value,
        display: raw.trim(),
        ...(country ? { country } : {}),
        source,
        checkDigit: etsiCheckDigit(id),
        role: 'subject',
        ...(id.nationalScheme ? { qualifier: id.nationalScheme } : {}),
      });
      if (source === 'subject.serialNumber' && NATURAL.has(id.type)) {
        kindHints.push({
          kind: 'natural-person',
          strength: 2,
          reason: `serialNumber ${id.type}${id.country}- (EN 319 412-1 §5.1.3)`,
        });
      } else if (
        source === 'subject.organizationIdentifier' &&
        (LEGAL.has(id.type) || id.type === 'national')
      ) {
        kindHints.push({
          kind: 'legal-person',
          strength: 1,
          reason: `organizationIdentifier ${id.type}${id.country}- (EN 319 412-1 §5.1.4)`,
        });
      }
    }
    return { identifiers, kindHints };
  },
};
