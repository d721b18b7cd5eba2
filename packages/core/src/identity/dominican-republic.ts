/**
 * Dominican Republic: RNC in subject serialNumber / organizationIdentifier.
 *
 * @packageDocumentation
 */
import { OID } from '../oids';
import { isValidDoRnc } from './check-digits';
import type { IdentityExtractor } from './types';
import { type NewIdentifier, status, subjectCountry, subjectValues } from './util';

/**
 * Dominican Republic (Ley 126-02; INDOTEL-accredited TSPs): the RNC (Registro Nacional de
 * Contribuyentes, DGII, 9 digits with a mod-11 check digit) appears as `VATDO-<RNC>` in
 * organizationIdentifier (EN 319 412-1 form) and bare in serialNumber of C=DO subjects.
 */
export const dominicanRepublicExtractor: IdentityExtractor = {
  id: 'do-rnc',
  standard: 'Dominican Republic DGII RNC in serialNumber / organizationIdentifier (VATDO-)',
  extract(src) {
    const identifiers: NewIdentifier[] = [];
    const country = subjectCountry(src);
    for (const [type, source] of [
      [OID.serialNumber, 'subject.serialNumber'],
      [OID.organizationIdentifier, 'subject.organizationIdentifier'],
    ] as const) {
      for (const raw of subjectValues(src, type)) {
        const m = /^(?:(?:VAT|NTR|TIN)DO-|RNC\s*:?\s*)?(\d{3}-?\d{5}-?\d|\d{9})$/i.exec(raw);
        if (!m || (country !== 'DO' && !/^(VAT|NTR|TIN)DO-|^RNC/i.test(raw))) continue;
        const v = m[1]!.replace(/\D/g, '');
        identifiers.push({
          scheme: 'DO-RNC',
          value: v,
          display: raw,
          country: 'DO',
          source,
          checkDigit: status(isValidDoRnc(v)),
          role: 'subject',
        });
      }
    }
    return { identifiers };
  },
};
