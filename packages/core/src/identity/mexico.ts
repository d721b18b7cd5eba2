/**
 * Mexico: RFC in x500UniqueIdentifier and CURP in serialNumber (SAT e.firma / CSD).
 *
 * @packageDocumentation
 */
import { OID } from '../oids';
import { checkCurp, checkRfc } from './check-digits';
import type { CheckDigitStatus, IdentityExtractor, IdentifierRole, KindHint } from './types';
import { type NewIdentifier, subjectCountry, subjectValues } from './util';

const cd = (r: 'valid' | 'invalid' | 'malformed'): CheckDigitStatus => (r === 'valid' ? 'valid' : 'invalid');

/**
 * Splits a SAT `A / B` pair (`RFC_PM / RFC_rep`, `" / CURP_rep"`) into its trimmed halves.
 *
 * @example
 * ```ts
 * import { splitSatPair } from '@mutua/core';
 * splitSatPair('MUT010101AB1 / GODE561231GR8'); // ['MUT010101AB1', 'GODE561231GR8']
 * splitSatPair(' / GODE561231HDFRRN00'); // ['', 'GODE561231HDFRRN00']
 * splitSatPair('GODE561231GR8'); // ['GODE561231GR8', undefined]
 * ```
 */
export function splitSatPair(s: string): [string, string | undefined] {
  const i = s.indexOf('/');
  if (i < 0) return [s.trim(), undefined];
  return [s.slice(0, i).trim(), s.slice(i + 1).trim() || undefined];
}

/**
 * Mexico (SAT, Anexo 20 / e.firma and CSD certificate profile): x500UniqueIdentifier (2.5.4.45) holds the
 * RFC, and serialNumber (2.5.4.5) the CURP. For legal persons both are pairs `RFC_company / RFC_rep` and
 * `" / CURP_rep"` (the company has no CURP). RFC: 12 characters for legal persons, 13 for natural
 * persons; RFC and CURP each end with a check character (SAT and RENAPO algorithms), verified here.
 * The company's registered name is also in 2.5.4.41 (name).
 */
export const mexicoExtractor: IdentityExtractor = {
  id: 'mx-sat',
  standard: 'Mexico SAT e.firma / CSD profile: x500UniqueIdentifier = RFC, serialNumber = CURP',
  extract(src) {
    const identifiers: NewIdentifier[] = [];
    const kindHints: KindHint[] = [];
    const problems: string[] = [];
    const country = subjectCountry(src);
    const push = (scheme: 'MX-RFC' | 'MX-CURP', v: string, source: string, role: IdentifierRole) => {
      const u = v.toUpperCase().replace(/\s+/g, '');
      const r = scheme === 'MX-RFC' ? checkRfc(u) : checkCurp(u);
      if (r === 'malformed') {
        if (country === 'MX') problems.push(`${source}: "${v}" is not a well-formed ${scheme.slice(3)}`);
        return;
      }
      identifiers.push({ scheme, value: u, display: v, country: 'MX', source, checkDigit: cd(r), role });
    };
    for (const raw of subjectValues(src, OID.x500UniqueIdentifier)) {
      const [a, b] = splitSatPair(raw);
      if (a) {
        push('MX-RFC', a, 'subject.x500UniqueIdentifier', 'subject');
        if (/^[A-ZÑ&]{3}\d/.test(a.toUpperCase()))
          kindHints.push({ kind: 'legal-person', strength: 2, reason: '12-character RFC (persona moral)' });
        else if (/^[A-ZÑ&]{4}\d/.test(a.toUpperCase()))
          kindHints.push({
            kind: 'natural-person',
            strength: 2,
            reason: '13-character RFC (persona física)',
          });
      }
      if (b) push('MX-RFC', b, 'subject.x500UniqueIdentifier', 'representative');
    }
    const hasRfc = identifiers.length > 0;
    for (const raw of subjectValues(src, OID.serialNumber)) {
      if (!hasRfc && !/^[A-Z]{4}\d{6}[HMX]/i.test(raw)) continue;
      const [a, b] = splitSatPair(raw);
      if (a) push('MX-CURP', a, 'subject.serialNumber', 'subject');
      if (b) push('MX-CURP', b, 'subject.serialNumber', 'representative');
    }
    return { identifiers, kindHints, problems };
  },
};
