/**
 * Chile: RUT / RUN in SAN otherName 1.3.6.1.4.1.8321.1 (Decreto 181/2002) and in subject attributes.
 *
 * @packageDocumentation
 */
import { type Tlv, children } from '../asn1/der';
import { decodeOid } from '../asn1/read';
import { OID } from '../oids';
import { isValidPeRuc, isValidRut } from './check-digits';
import type { IdentityExtractor, IdentifierRole, KindHint } from './types';
import {
  type NewIdentifier,
  otherNameText,
  otherNames,
  status,
  subjectCountry,
  subjectValues,
  tlvText,
} from './util';

/** Chilean otherName / attribute OIDs. */
export const CHILE_OIDS = {
  /** RUT of the certificate holder (Decreto 181/2002, Norma Técnica). */
  holderRut: '1.3.6.1.4.1.8321.1',
  /** RUT of the issuing certification service provider. */
  issuerRut: '1.3.6.1.4.1.8321.2',
  /** Legacy E-CertChile holder RUT (otherName or RDN attribute), zero-padded `07880442-4`. */
  eCertChileRut: '1.3.6.1.4.1.8658.1',
  /** RFC 4043 permanentIdentifier. */
  permanentIdentifier: '1.3.6.1.5.5.7.8.3',
} as const;

/**
 * Normalises a Chilean RUT written as `12.345.678-5`, `12345678-5`, `012345678-5` or `123456785` to
 * `12345678-5` (no dots, no leading zeros, upper-case K). Returns `undefined` when it is not RUT-shaped.
 *
 * @example
 * ```ts
 * import { normaliseRut } from '@mutua/core';
 * normaliseRut('12.345.678-5'); // '12345678-5'
 * normaliseRut('012345678-5'); // '12345678-5'
 * normaliseRut('RUT'); // undefined
 * ```
 */
export function normaliseRut(s: string): string | undefined {
  const t = s.trim().replace(/\./g, '').replace(/\s+/g, '').toUpperCase();
  const m = /^0*(\d{1,9})-?([\dK])$/.exec(t);
  if (!m || m[1]!.length < 6) return undefined;
  if (!t.includes('-') && !/^\d{7,9}[\dK]$/.test(t)) return undefined;
  return `${m[1]}-${m[2]}`;
}

/**
 * Formats a canonical RUT with thousands dots: `12.345.678-5`.
 *
 * @example
 * ```ts
 * import { formatRut } from '@mutua/core';
 * formatRut('12345678-5'); // '12.345.678-5'
 * ```
 */
export function formatRut(rut: string): string {
  const [body, dv] = rut.split('-') as [string, string];
  return `${body.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}-${dv}`;
}

/** RFC 4043 PermanentIdentifier ::= SEQUENCE { identifierValue UTF8String OPTIONAL, assigner OID OPTIONAL }. */
function permanentIdentifier(v: Tlv): { value?: string; assigner?: string } {
  const out: { value?: string; assigner?: string } = {};
  try {
    for (const c of children(v)) {
      if (c.cls === 0 && c.tag === 6) out.assigner = decodeOid(c);
      else if (out.value === undefined) {
        const s = tlvText(c);
        if (s !== undefined) out.value = s;
      }
    }
  } catch {
    // Leave the fields that were read.
  }
  return out;
}

/**
 * Chile (Ley 19.799, Decreto 181/2002 and its Norma Técnica): the holder's RUT/RUN in SAN otherName
 * 1.3.6.1.4.1.8321.1 (IA5String `NNNNNNNN-D`, sometimes wrapped or UTF8String) and the CA's RUT in
 * 1.3.6.1.4.1.8321.2; legacy E-CertChile 1.3.6.1.4.1.8658.1; Acepta adds an RFC 4043
 * permanentIdentifier assigned by 1.3.6.1.4.1.8321.2. Chilean CAs also put the RUT in serialNumber,
 * organizationIdentifier, OU or even initials, which are read when the subject is C=CL. Check digit:
 * SII mod 11 with K. RUTs of 50.000.000 and above belong to legal persons.
 * Acepta Perú reuses 8321.1 for the Peruvian RUC of C=PE subjects; that is reported as PE-RUC.
 */
export const chileExtractor: IdentityExtractor = {
  id: 'cl-rut',
  standard: 'Chile Decreto 181/2002 (otherName 1.3.6.1.4.1.8321.1/.2), SII RUT módulo 11',
  extract(src) {
    const identifiers: NewIdentifier[] = [];
    const problems: string[] = [];
    const kindHints: KindHint[] = [];
    const country = subjectCountry(src);
    const add = (raw: string, source: string, role: IdentifierRole) => {
      const rut = normaliseRut(raw);
      if (!rut) return false;
      identifiers.push({
        scheme: 'CL-RUT',
        value: rut,
        display: formatRut(rut),
        country: 'CL',
        source,
        checkDigit: status(isValidRut(rut)),
        role,
      });
      if (role === 'subject') {
        const body = Number(rut.split('-')[0]);
        kindHints.push(
          body >= 50_000_000
            ? { kind: 'legal-person', strength: 1, reason: 'Chilean RUT ≥ 50.000.000 (persona jurídica)' }
            : { kind: 'natural-person', strength: 1, reason: 'Chilean RUT < 50.000.000 (persona natural)' },
        );
      }
      return true;
    };
    for (const [oid, role] of [
      [CHILE_OIDS.holderRut, 'subject'],
      [CHILE_OIDS.eCertChileRut, 'subject'],
      [CHILE_OIDS.issuerRut, 'issuer'],
    ] as const) {
      for (const g of otherNames(src, oid)) {
        const t = otherNameText(g)?.trim();
        const source = `san.otherName:${oid}`;
        if (t === undefined) {
          problems.push(`otherName ${oid}: value is not a string`);
          continue;
        }
        if (add(t, source, role)) continue;
        const digits = t.replace(/\D/g, '');
        if (country === 'PE' && /^\d{11}$/.test(t)) {
          identifiers.push({
            scheme: 'PE-RUC',
            value: digits,
            display: t,
            country: 'PE',
            source,
            checkDigit: status(isValidPeRuc(digits)),
            role,
          });
        } else problems.push(`otherName ${oid}: "${t}" is not a RUT`);
      }
    }
    for (const g of otherNames(src, CHILE_OIDS.permanentIdentifier)) {
      const p = permanentIdentifier(g.value);
      if (p.value && p.assigner?.startsWith('1.3.6.1.4.1.8321'))
        add(p.value, `san.otherName:${CHILE_OIDS.permanentIdentifier}`, 'subject');
    }
    if (country === 'CL') {
      for (const [type, source] of [
        [OID.serialNumber, 'subject.serialNumber'],
        [OID.organizationIdentifier, 'subject.organizationIdentifier'],
        [CHILE_OIDS.eCertChileRut, `subject.${CHILE_OIDS.eCertChileRut}`],
        [OID.organizationalUnitName, 'subject.organizationalUnitName'],
        [OID.initials, 'subject.initials'],
      ] as const) {
        for (const v of subjectValues(src, type))
          if (v.includes('-') || type === OID.serialNumber) add(v, source, 'subject');
      }
      for (const t of subjectValues(src, OID.title)) {
        if (/persona natural/i.test(t))
          kindHints.push({ kind: 'natural-person', strength: 2, reason: `title "${t}"` });
        else if (/persona jur[ií]dica/i.test(t))
          kindHints.push({ kind: 'legal-person', strength: 2, reason: `title "${t}"` });
      }
    }
    return { identifiers, problems, kindHints };
  },
};
