/**
 * Argentina: CUIT / CUIL / DU in the subject serialNumber (Infraestructura de Firma Digital).
 *
 * @packageDocumentation
 */
import { OID } from '../oids';
import { isValidCuit } from './check-digits';
import type { IdentityExtractor, KindHint } from './types';
import { type NewIdentifier, status, subjectValues } from './util';

/**
 * Formats a CUIT/CUIL as `20-12345678-6`.
 *
 * @example
 * ```ts
 * import { formatCuit } from '@mutua/core';
 * formatCuit('20123456786'); // '20-12345678-6'
 * ```
 */
export function formatCuit(v: string): string {
  return `${v.slice(0, 2)}-${v.slice(2, 10)}-${v.slice(10)}`;
}

/**
 * Parses an Argentine serialNumber: `CUIT 20123456786`, `CUIL 20-12345678-6`, `DU 12345678`, also
 * without the space (`CUIT20123456786`) or with a colon. Returns the scheme and the digits.
 *
 * @example
 * ```ts
 * import { parseArgentineSerial } from '@mutua/core';
 * parseArgentineSerial('CUIL 20-12345678-6'); // { scheme: 'AR-CUIL', value: '20123456786' }
 * parseArgentineSerial('DU 12.345.678'); // { scheme: 'AR-DU', value: '12345678' }
 * parseArgentineSerial('PNOAR-12345678'); // undefined
 * ```
 */
export function parseArgentineSerial(
  s: string,
): { scheme: 'AR-CUIT' | 'AR-CUIL' | 'AR-DU'; value: string } | undefined {
  const m = /^(CUIT|CUIL|DU|DNI)\s*:?\s*([\d.\-\s]+)$/i.exec(s.trim());
  if (!m) return undefined;
  const kind = m[1]!.toUpperCase();
  const value = m[2]!.replace(/\D/g, '');
  if (kind === 'DU' || kind === 'DNI')
    return /^\d{7,8}$/.test(value) ? { scheme: 'AR-DU', value } : undefined;
  return /^\d{11}$/.test(value) ? { scheme: kind === 'CUIT' ? 'AR-CUIT' : 'AR-CUIL', value } : undefined;
}

/**
 * Argentina (Ley 25.506 Infraestructura de Firma Digital; AC ONTI / AC MODERNIZACIÓN-PFDR profiles):
 * subject serialNumber `CUIT nnnnnnnnnnn` (legal persons and CAs), `CUIL nnnnnnnnnnn` (natural persons,
 * remote signature platform) or legacy `DU nnnnnnnn` (documento único). CUIT/CUIL check digit per AFIP
 * (mod 11, weights 5432765432); the 2-digit prefix says the kind: 20/23/24/27 natural, 30/33/34 legal.
 */
export const argentinaExtractor: IdentityExtractor = {
  id: 'ar-firma-digital',
  standard: 'Argentina IFD (Ley 25.506) serialNumber CUIT/CUIL/DU; AFIP CUIT check digit',
  extract(src) {
    const identifiers: NewIdentifier[] = [];
    const kindHints: KindHint[] = [];
    for (const raw of subjectValues(src, OID.serialNumber)) {
      const p = parseArgentineSerial(raw);
      if (!p) continue;
      const isCuit = p.scheme !== 'AR-DU';
      identifiers.push({
        scheme: p.scheme,
        value: p.value,
        display: isCuit ? formatCuit(p.value) : p.value,
        country: 'AR',
        source: 'subject.serialNumber',
        checkDigit: isCuit ? status(isValidCuit(p.value)) : 'not-applicable',
        role: 'subject',
      });
      if (p.scheme === 'AR-DU' || p.scheme === 'AR-CUIL') {
        kindHints.push({
          kind: 'natural-person',
          strength: 2,
          reason: `serialNumber ${p.scheme.slice(3)} (Argentina)`,
        });
      } else if (/^3[034]/.test(p.value)) {
        kindHints.push({
          kind: 'legal-person',
          strength: 2,
          reason: 'CUIT prefix 30/33/34 (persona jurídica)',
        });
      } else if (/^2[0347]/.test(p.value)) {
        kindHints.push({
          kind: 'natural-person',
          strength: 1,
          reason: 'CUIT prefix 20/23/24/27 (persona humana)',
        });
      }
    }
    return { identifiers, kindHints };
  },
};
