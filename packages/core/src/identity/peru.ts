/**
 * Peru: DNI and RUC in subject attributes (IOFE / RENIEC / INDECOPI-accredited CAs).
 *
 * @packageDocumentation
 */
import { OID } from '../oids';
import { isValidPeRuc } from './check-digits';
import type { IdentityExtractor, IdentifierRole, KindHint } from './types';
import { type NewIdentifier, status, subjectCountry, subjectValues } from './util';

/**
 * Peru (Ley 27269, IOFE; RENIEC DNIe and accredited CAs): natural persons carry `PNOPE-<DNI>` in
 * serialNumber (EN 319 412-1 form; variants `IDCPE-`, `DNI-`, `DNI:`), and RENIEC DNIe common names end
 * `… FIR <DNI> hard|soft` (FIR signing, AUT authentication); legal persons carry `NTRPE-<RUC>` in
 * organizationIdentifier, and older CA certificates `RUC: 20…` in serialNumber or `RUC-20…` in an OU.
 * A bare 11-digit serialNumber of a C=PE subject is read as a RUC and a bare 8-digit one as a DNI.
 * RUC check digit per SUNAT (mod 11, weights 5432765432); the DNI has none in the number itself.
 * RUC prefix 20 = legal person, 10/15/17 = natural person with business activity.
 */
export const peruExtractor: IdentityExtractor = {
  id: 'pe-iofe',
  standard:
    'Peru IOFE (Ley 27269): serialNumber PNOPE-/DNI, organizationIdentifier NTRPE-, RUC (SUNAT mod 11)',
  extract(src) {
    const identifiers: NewIdentifier[] = [];
    const kindHints: KindHint[] = [];
    const country = subjectCountry(src);
    const dni = (v: string, display: string, source: string) => {
      identifiers.push({
        scheme: 'PE-DNI',
        value: v,
        display,
        country: 'PE',
        source,
        checkDigit: 'not-applicable',
        role: 'subject',
      });
      kindHints.push({ kind: 'natural-person', strength: 2, reason: `Peruvian DNI in ${source}` });
    };
    const ruc = (v: string, display: string, source: string, role: IdentifierRole) => {
      identifiers.push({
        scheme: 'PE-RUC',
        value: v,
        display,
        country: 'PE',
        source,
        checkDigit: status(isValidPeRuc(v)),
        role,
      });
      if (role === 'subject' && v.startsWith('20'))
        kindHints.push({
          kind: 'legal-person',
          strength: 1,
          reason: 'Peruvian RUC prefix 20 (persona jurídica)',
        });
    };
    for (const raw of subjectValues(src, OID.serialNumber)) {
      let m = /^(?:PNOPE|IDCPE|DNI)\s*[-:]?\s*(\d{8})$/i.exec(raw);
      if (m) {
        dni(m[1]!, raw, 'subject.serialNumber');
        continue;
      }
      m = /^(?:NTRPE|RUC)\s*[-:]?\s*(\d{11})$/i.exec(raw);
      if (m) {
        ruc(m[1]!, raw, 'subject.serialNumber', 'subject');
        continue;
      }
      if (country === 'PE' && /^\d{11}$/.test(raw)) ruc(raw, raw, 'subject.serialNumber', 'subject');
      else if (country === 'PE' && /^\d{8}$/.test(raw)) dni(raw, raw, 'subject.serialNumber');
    }
    for (const raw of subjectValues(src, OID.organizationIdentifier)) {
      const m = /^(?:NTRPE|VATPE|RUC)\s*[-:]?\s*(\d{11})$/i.exec(raw);
      if (m) ruc(m[1]!, raw, 'subject.organizationIdentifier', 'subject');
    }
    for (const raw of subjectValues(src, OID.organizationalUnitName)) {
      const m = /^RUC\s*[-:]?\s*(\d{11})$/i.exec(raw);
      if (m) ruc(m[1]!, raw, 'subject.organizationalUnitName', src.isCa ? 'subject' : 'organization');
    }
    if (country === 'PE' && !identifiers.some((i) => i.scheme === 'PE-DNI')) {
      for (const cn of subjectValues(src, OID.commonName)) {
        const m = /\b(?:FIR|AUT)\s+(\d{8})\b/.exec(cn);
        if (m) dni(m[1]!, m[1]!, 'subject.commonName');
      }
    }
    return { identifiers, kindHints };
  },
};
