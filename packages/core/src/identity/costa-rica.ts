/**
 * Costa Rica: CPF / CPJ in the subject serialNumber (Sistema Nacional de Certificación Digital).
 *
 * @packageDocumentation
 */
import { OID } from '../oids';
import type { IdentityExtractor, KindHint } from './types';
import { type NewIdentifier, subjectValues } from './util';

/**
 * Parses a Costa Rican serialNumber. Natural persons: `CPF-0P-TTTT-AAAA` (province zero-padded to two
 * digits, tomo, asiento), canonical 9-digit cédula `PTTTTAAAA`; legal persons: `CPJ-X-XXX-XXXXXX`,
 * canonical 10-digit cédula jurídica (the forms Hacienda uses). Foreigners' `DIMEX`/`NITE` numbers are
 * not covered.
 *
 * @example
 * ```ts
 * import { parseCostaRicaSerial } from '@mutua/core';
 * parseCostaRicaSerial('CPF-01-0123-0456'); // { scheme: 'CR-CPF', value: '101230456' }
 * parseCostaRicaSerial('CPJ-3-101-123456'); // { scheme: 'CR-CPJ', value: '3101123456' }
 * parseCostaRicaSerial('PNOCR-101230456'); // undefined
 * ```
 */
export function parseCostaRicaSerial(s: string): { scheme: 'CR-CPF' | 'CR-CPJ'; value: string } | undefined {
  const t = s.trim().toUpperCase();
  let m = /^CPF-0?(\d)-(\d{4})-(\d{4})$/.exec(t);
  if (m) return { scheme: 'CR-CPF', value: `${m[1]}${m[2]}${m[3]}` };
  m = /^CPJ-(\d)-(\d{3})-(\d{6})$/.exec(t);
  if (m) return { scheme: 'CR-CPJ', value: `${m[1]}${m[2]}${m[3]}` };
  return undefined;
}

/** Older BCCR certificates write the bare cédula (`4-000-004017`, `1-0723-0366`) without the prefix. */
function parseBareCedula(s: string): { scheme: 'CR-CPF' | 'CR-CPJ'; value: string } | undefined {
  const t = s.trim();
  let m = /^0?(\d)-(\d{4})-(\d{4})$/.exec(t);
  if (m) return { scheme: 'CR-CPF', value: `${m[1]}${m[2]}${m[3]}` };
  m = /^(\d)-(\d{3})-(\d{6})$/.exec(t);
  if (m) return { scheme: 'CR-CPJ', value: `${m[1]}${m[2]}${m[3]}` };
  return undefined;
}

/**
 * Costa Rica (Ley 8454; Política de Formatos Oficiales de los Certificados Digitales, MICITT/DCFD):
 * subject serialNumber `CPF-…` for personas físicas and `CPJ-…` for personas jurídicas; the DN says
 * `O=PERSONA FISICA` / `O=PERSONA JURIDICA` and `OU=CIUDADANO|EXTRANJERO`. Costa Rican cédulas have no
 * check digit. Older BCCR certificates of C=CR subjects carry the bare cédula (`4-000-004017`).
 */
export const costaRicaExtractor: IdentityExtractor = {
  id: 'cr-sncd',
  standard: 'Costa Rica SNCD (Ley 8454) Política de Formatos Oficiales: serialNumber CPF-/CPJ-',
  extract(src) {
    const identifiers: NewIdentifier[] = [];
    const kindHints: KindHint[] = [];
    const country = subjectValues(src, OID.countryName)[0]?.toUpperCase();
    for (const raw of subjectValues(src, OID.serialNumber)) {
      const p = parseCostaRicaSerial(raw) ?? (country === 'CR' ? parseBareCedula(raw) : undefined);
      if (!p) continue;
      identifiers.push({
        scheme: p.scheme,
        value: p.value,
        display: raw,
        country: 'CR',
        source: 'subject.serialNumber',
        checkDigit: 'not-applicable',
        role: 'subject',
      });
      kindHints.push(
        p.scheme === 'CR-CPF'
          ? { kind: 'natural-person', strength: 2, reason: 'serialNumber CPF- (Costa Rica persona física)' }
          : { kind: 'legal-person', strength: 1, reason: 'serialNumber CPJ- (Costa Rica persona jurídica)' },
      );
    }
    if (country === 'CR' && !src.isCa) {
      for (const o of subjectValues(src, OID.organizationName)) {
        if (/^PERSONA F[IÍ]SICA$/i.test(o))
          kindHints.push({ kind: 'natural-person', strength: 2, reason: 'O=PERSONA FISICA (Costa Rica)' });
        if (/^PERSONA JUR[IÍ]DICA$/i.test(o))
          kindHints.push({ kind: 'legal-person', strength: 2, reason: 'O=PERSONA JURIDICA (Costa Rica)' });
      }
    }
    return { identifiers, kindHints };
  },
};
