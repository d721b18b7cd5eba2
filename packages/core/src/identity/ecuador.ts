/**
 * Ecuador: per-CA X.509 extensions (or SAN otherNames) carrying cédula / RUC.
 *
 * @packageDocumentation
 */
import { isValidEcCedula } from './check-digits';
import type { IdentityExtractor, IdentityNames, IdentifierRole, KindHint } from './types';
import { type NewIdentifier, extensionText, otherNameText, otherNames, status } from './util';

/**
 * The Ecuadorian CA arcs and their field numbers (as published in the CAs' profiles and used by the
 * MINTEL FirmaEC / rubrica libraries): `<arc>.1` cédula or passport, `.2` given names, `.3`/`.4`
 * surnames, `.5` position, `.6` institution, `.10` company name (razón social), `.11` RUC.
 * Banco Central del Ecuador and Security Data use non-critical certificate extensions whose value is a
 * DER string; Consejo de la Judicatura uses SAN otherNames with the same layout.
 */
export const ECUADOR_ARCS: readonly { readonly ca: string; readonly arc: string }[] = [
  { ca: 'Banco Central del Ecuador', arc: '1.3.6.1.4.1.37947.3' },
  { ca: 'Security Data', arc: '1.3.6.1.4.1.37746.3' },
  { ca: 'Consejo de la Judicatura', arc: '1.3.6.1.4.1.43745.1.3' },
];

/** Certificate-type OIDs (policies) of the Ecuadorian CAs that say whether a certificate is for a company. */
const LEGAL_TYPES = new Set([
  '1.3.6.1.4.1.37947.2.2.1', // BCE persona jurídica
  '1.3.6.1.4.1.37746.2.8', // Security Data persona jurídica / empresa
  '1.3.6.1.4.1.37746.2.9', // Security Data representante legal
  '1.3.6.1.4.1.43745.1.2.1.2', // CJ persona jurídica privada
  '1.3.6.1.4.1.43745.1.2.1.3', // CJ persona jurídica pública
  '1.3.6.1.4.1.43745.1.2.2.1', // CJ empresa
]);
const MEMBER_TYPES = new Set([
  '1.3.6.1.4.1.37947.2.3.1', // BCE funcionario público
  '1.3.6.1.4.1.37746.2.10', // SD miembro de empresa
  '1.3.6.1.4.1.37746.2.11', // SD funcionario público
  '1.3.6.1.4.1.43745.1.2.1.4', // CJ miembro de empresa
]);
const NATURAL_TYPES = new Set([
  '1.3.6.1.4.1.37947.2.1.1',
  '1.3.6.1.4.1.37746.2.7',
  '1.3.6.1.4.1.43745.1.2.1.1',
]);

/**
 * Ecuador (Ley de Comercio Electrónico; BCE, Security Data, Consejo de la Judicatura profiles): cédula
 * (10 digits, "módulo 10" check digit) or passport in `<arc>.1` and RUC (13 digits) in `<arc>.11`.
 * For company and legal-representative certificates the cédula is the representative's and the RUC the
 * company's; for members/public servants the RUC is the employer's.
 */
export const ecuadorExtractor: IdentityExtractor = {
  id: 'ec-ca-extensions',
  standard:
    'Ecuador CA profiles (BCE 1.3.6.1.4.1.37947.3.x, Security Data 1.3.6.1.4.1.37746.3.x, CJ 1.3.6.1.4.1.43745.1.3.x)',
  extract(src) {
    const identifiers: NewIdentifier[] = [];
    const kindHints: KindHint[] = [];
    const names: Partial<IdentityNames> = {};
    const typeOids = [...src.policies, ...src.extensions.map((e) => e.oid)];
    const legal = typeOids.some((o) => LEGAL_TYPES.has(o));
    const member = typeOids.some((o) => MEMBER_TYPES.has(o));
    if (legal)
      kindHints.push({
        kind: 'legal-person',
        strength: 2,
        reason: 'Ecuadorian legal-person certificate type',
      });
    else if (member || typeOids.some((o) => NATURAL_TYPES.has(o)))
      kindHints.push({
        kind: 'natural-person',
        strength: 2,
        reason: 'Ecuadorian natural-person certificate type',
      });

    for (const { arc } of ECUADOR_ARCS) {
      const field = (n: number): { text: string; source: string } | undefined => {
        const oid = `${arc}.${n}`;
        const e = src.extensions.find((x) => x.oid === oid);
        if (e) return { text: extensionText(e.value).trim(), source: `extension:${oid}` };
        const g = otherNames(src, oid)[0];
        const t = g ? otherNameText(g) : undefined;
        return t !== undefined ? { text: t.trim(), source: `san.otherName:${oid}` } : undefined;
      };
      const ced = field(1);
      const ruc = field(11);
      if (!ced && !ruc) continue;
      const rucDigits = ruc?.text.replace(/\D/g, '');
      const cedDigits = ced?.text.replace(/\D/g, '');
      const ownRuc = cedDigits?.length === 10 && rucDigits?.startsWith(cedDigits) === true;
      if (ced?.text) {
        const role: IdentifierRole = legal && !ownRuc ? 'representative' : 'subject';
        if (/^\d{10}$/.test(ced.text)) {
          identifiers.push({
            scheme: 'EC-CEDULA',
            value: ced.text,
            display: ced.text,
            country: 'EC',
            source: ced.source,
            checkDigit: status(isValidEcCedula(ced.text)),
            role,
          });
        } else {
          identifiers.push({
            scheme: 'EC-PASAPORTE',
            value: ced.text.replace(/\s+/g, ''),
            display: ced.text,
            source: ced.source,
            checkDigit: 'not-applicable',
            role,
          });
        }
      }
      if (ruc && rucDigits && /^\d{13}$/.test(rucDigits)) {
        const role: IdentifierRole = ownRuc || legal || !ced ? 'subject' : 'organization';
        // Natural-person RUC = cédula + establishment; others' check digits are no longer reliable (SRI).
        const cd =
          rucDigits[2]! < '6'
            ? status(isValidEcCedula(rucDigits.slice(0, 10)) && rucDigits.slice(10) !== '000')
            : 'not-applicable';
        identifiers.push({
          scheme: 'EC-RUC',
          value: rucDigits,
          display: ruc.text,
          country: 'EC',
          source: ruc.source,
          checkDigit: cd,
          role,
        });
      }
      const given = field(2)?.text;
      const s1 = field(3)?.text;
      const s2 = field(4)?.text;
      if (given) names.givenName = given;
      if (s1) names.surname = s2 ? `${s1} ${s2}` : s1;
      const company = field(10)?.text;
      if (company) names.organization = company;
    }
    return { identifiers, kindHints, names };
  },
};
