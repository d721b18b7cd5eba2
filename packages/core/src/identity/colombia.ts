/**
 * Colombia: cédula and NIT in private subject attributes and serialNumber.
 *
 * @packageDocumentation
 */
import { OID } from '../oids';
import { isValidNit } from './check-digits';
import type { IdentityExtractor, KindHint } from './types';
import { type NewIdentifier, status, subjectCountry, subjectValues } from './util';

/** Private subject attribute OIDs used by Colombian CAs. */
export const COLOMBIA_OIDS = {
  /** Certicámara: cédula de ciudadanía of the holder. */
  certicamaraCedula: '1.3.6.1.4.1.23267.2.2',
  /** Certicámara: NIT of the organisation. */
  certicamaraNit: '1.3.6.1.4.1.23267.2.3',
  /** Another Colombian CA's cédula attribute. */
  cedula4710: '1.3.6.1.4.1.4710.1.3.1',
} as const;

/**
 * Formats a NIT (body + DV digits) as `900.204.272-8`.
 *
 * @example
 * ```ts
 * import { formatNit } from '@mutua/core';
 * formatNit('9002042728'); // '900.204.272-8'
 * ```
 */
export function formatNit(nit: string): string {
  const body = nit.slice(0, -1);
  return `${body.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}-${nit.slice(-1)}`;
}

/**
 * Colombia (Ley 527/1999; ONAC-accredited CAs): Certicámara puts the holder's cédula in subject
 * attribute 1.3.6.1.4.1.23267.2.2 and the NIT in 1.3.6.1.4.1.23267.2.3; another CA uses
 * 1.3.6.1.4.1.4710.1.3.1 for the cédula; GSE writes `NIT 9002042728` (body + check digit) in serialNumber.
 * A C=CO organizationIdentifier or serialNumber like `900962071-5` is read as a NIT when its check
 * digit (DIAN, prime weights mod 11) is right. Cédulas have no check digit.
 */
export const colombiaExtractor: IdentityExtractor = {
  id: 'co-ecd',
  standard:
    'Colombia ECD profiles (Certicámara 1.3.6.1.4.1.23267.2.x, GSE serialNumber NIT), DIAN NIT check digit',
  extract(src) {
    const identifiers: NewIdentifier[] = [];
    const kindHints: KindHint[] = [];
    const country = subjectCountry(src);
    const nit = (raw: string, source: string, role: 'subject' | 'organization', requireValid: boolean) => {
      const v = raw.replace(/[^\d]/g, '');
      if (!/^\d{6,15}$/.test(v)) return;
      const ok = isValidNit(v);
      if (requireValid && !ok) return;
      identifiers.push({
        scheme: 'CO-NIT',
        value: v,
        display: formatNit(v),
        country: 'CO',
        source,
        checkDigit: status(ok),
        role,
      });
    };
    for (const type of [COLOMBIA_OIDS.certicamaraCedula, COLOMBIA_OIDS.cedula4710]) {
      for (const raw of subjectValues(src, type)) {
        const v = raw.replace(/\D/g, '');
        if (!v) continue;
        identifiers.push({
          scheme: 'CO-CC',
          value: v,
          display: raw,
          country: 'CO',
          source: `subject.${type}`,
          checkDigit: 'not-applicable',
          role: 'subject',
        });
        kindHints.push({ kind: 'natural-person', strength: 2, reason: 'Colombian cédula attribute' });
      }
    }
    const cedulaPresent = identifiers.length > 0;
    for (const raw of subjectValues(src, COLOMBIA_OIDS.certicamaraNit))
      nit(raw, `subject.${COLOMBIA_OIDS.certicamaraNit}`, cedulaPresent ? 'organization' : 'subject', false);
    for (const raw of subjectValues(src, OID.serialNumber)) {
      const m = /^NIT\s*[:-]?\s*([\d.-]+)$/i.exec(raw);
      if (m) nit(m[1]!, 'subject.serialNumber', 'subject', false);
      else {
        const c = /^(?:CC|C\.C\.|CEDULA)\s*[:-]?\s*([\d.]+)$/i.exec(raw);
        if (c)
          identifiers.push({
            scheme: 'CO-CC',
            value: c[1]!.replace(/\D/g, ''),
            display: raw,
            country: 'CO',
            source: 'subject.serialNumber',
            checkDigit: 'not-applicable',
            role: 'subject',
          });
        else if (country === 'CO' && /^[89]\d{8}-?\d$/.test(raw))
          nit(raw, 'subject.serialNumber', 'subject', true);
      }
    }
    if (country === 'CO') {
      for (const raw of subjectValues(src, OID.organizationIdentifier))
        if (/^\d{9}-?\d$/.test(raw)) nit(raw, 'subject.organizationIdentifier', 'subject', true);
    }
    return { identifiers, kindHints };
  },
};
