/**
 * ICP-Brasil identity: SAN otherNames of DOC-ICP-04 and the `NAME:CPF` / `NAME:CNPJ` common name.
 *
 * @packageDocumentation
 */
import { OID } from '../oids';
import { isValidCnpj, isValidCpf, isValidNis, isValidTituloEleitor } from './check-digits';
import type { ExtractorResult, IdentityExtractor, IdentityNames, KindHint } from './types';
import { type NewIdentifier, ddmmyyyy, otherNameText, otherNames, status, subjectValues } from './util';

/** ICP-Brasil otherName OIDs (DOC-ICP-04 §7.1.2.3, "Formato de Certificado"). */
export const ICP_BRASIL_OTHERNAMES = {
  /** Natural person: birth date, CPF, NIS, RG, RG issuer + UF. */
  pfData: '2.16.76.1.3.1',
  /** Legal person: name of the person responsible for the certificate. */
  pjResponsibleName: '2.16.76.1.3.2',
  /** Legal person: CNPJ. */
  pjCnpj: '2.16.76.1.3.3',
  /** Legal person: the responsible person's data, laid out like 2.16.76.1.3.1. */
  pjResponsibleData: '2.16.76.1.3.4',
  /** Natural person: título de eleitor, zona, seção, município + UF. */
  pfTituloEleitor: '2.16.76.1.3.5',
  /** Natural person: CEI (INSS registration). */
  pfCei: '2.16.76.1.3.6',
  /** Legal person: CEI of the company. */
  pjCei: '2.16.76.1.3.7',
  /** Equipment / application certificates: the company name (nome empresarial). */
  companyName: '2.16.76.1.3.8',
} as const;

const isZero = (s: string) => /^0*$/.test(s);

/**
 * Formats a CPF as `123.456.789-09`.
 *
 * @example
 * ```ts
 * import { formatCpf } from '@mutua/core';
 * formatCpf('12345678909'); // '123.456.789-09'
 * ```
 */
export function formatCpf(cpf: string): string {
  return `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;
}

/**
 * Formats a CNPJ as `12.345.678/0001-95`.
 *
 * @example
 * ```ts
 * import { formatCnpj } from '@mutua/core';
 * formatCnpj('11222333000181'); // '11.222.333/0001-81'
 * ```
 */
export function formatCnpj(cnpj: string): string {
  return `${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}`;
}

/** The fields of the DOC-ICP-04 person-data otherName (2.16.76.1.3.1 / 2.16.76.1.3.4). */
export interface IcpBrasilPersonData {
  /** `YYYY-MM-DD`, absent when zero-filled. */
  readonly birthDate?: string;
  readonly cpf?: string;
  readonly nis?: string;
  /** RG number with leading zeros removed. */
  readonly rg?: string;
  /** RG issuing body and state, e.g. `SESPPR` (SESP, PR). */
  readonly rgIssuer?: string;
}

/**
 * Splits the fixed-width person data of DOC-ICP-04 (2.16.76.1.3.1 and .3.4): positions 1–8 birth date
 * `DDMMAAAA`, 9–19 CPF, 20–30 NIS (PIS/PASEP/CI), 31–45 RG, 46–51 RG issuing body + UF. Zero-filled
 * fields mean "not informed". Real certificates sometimes stop after the RG or use fewer than 6
 * characters for the issuer; both are accepted.
 *
 * @example
 * ```ts
 * import { parseIcpBrasilPersonData } from '@mutua/core';
 * // 2.16.76.1.3.1: birth date, CPF, NIS, RG, RG issuer + UF
 * const value = '15051990' + '12345678909' + '12345678919' + '000000012345678' + 'SSPSP';
 * const data = parseIcpBrasilPersonData(value);
 * data?.birthDate; // '1990-05-15'
 * data?.cpf; // '12345678909'
 * data?.rg; // '12345678'
 * data?.rgIssuer; // 'SSPSP'
 * ```
 */
export function parseIcpBrasilPersonData(s: string): IcpBrasilPersonData | undefined {
  const t = s.replace(/\s+$/, '');
  if (!/^\d{19}/.test(t)) return undefined;
  const out: { -readonly [K in keyof IcpBrasilPersonData]: IcpBrasilPersonData[K] } = {};
  const birth = ddmmyyyy(t.slice(0, 8));
  if (birth) out.birthDate = birth;
  const cpf = t.slice(8, 19);
  if (!isZero(cpf)) out.cpf = cpf;
  const nis = t.slice(19, 30);
  if (/^\d{11}$/.test(nis) && !isZero(nis)) out.nis = nis;
  const rg = t.slice(30, 45).trim();
  if (rg && !isZero(rg)) out.rg = rg.replace(/^0+/, '');
  const issuer = t.slice(45).trim();
  if (issuer && !isZero(issuer)) out.rgIssuer = issuer;
  return out;
}

/**
 * ICP-Brasil (DOC-ICP-04 §7.1.2.3): identity in subjectAltName otherNames whose values are
 * fixed-width, zero-padded strings (OCTET STRING, PrintableString or UTF8String):
 * 2.16.76.1.3.1 natural person data, .3.5 título de eleitor (12) + zona (3) + seção (4) + município/UF,
 * .3.6 CEI (12), .3.2 responsible name, .3.3 CNPJ (14), .3.4 responsible's data, .3.7 company CEI,
 * .3.8 company name (equipment certificates). Zero-filled fields mean "not informed".
 * Also the common name convention `NAME:CPF` (e-CPF) / `NAME:CNPJ` (e-CNPJ), and the CNPJ of the
 * registration authority (AR) that ICP-Brasil CAs put in an OU of their end-entity certificates.
 */
export const icpBrasilExtractor: IdentityExtractor = {
  id: 'br-icp-brasil',
  standard: 'ICP-Brasil DOC-ICP-04 §7.1.2.3 (subjectAltName otherNames 2.16.76.1.3.x)',
  extract(src): ExtractorResult {
    const ids: NewIdentifier[] = [];
    const problems: string[] = [];
    const kindHints: KindHint[] = [];
    const names: Partial<IdentityNames> = {};
    const r: ExtractorResult = { identifiers: ids, problems, kindHints, names };
    const O = ICP_BRASIL_OTHERNAMES;
    const text = (oid: string): string | undefined => {
      const g = otherNames(src, oid)[0];
      if (!g) return undefined;
      const t = otherNameText(g);
      if (t === undefined) problems.push(`otherName ${oid}: value is not a string`);
      return t?.trim();
    };
    const person = (oid: string, role: 'subject' | 'representative') => {
      const t = text(oid);
      if (t === undefined) return;
      const d = parseIcpBrasilPersonData(t);
      if (!d) {
        problems.push(`otherName ${oid}: "${t}" is not DOC-ICP-04 person data`);
        return;
      }
      const source = `san.otherName:${oid}`;
      if (d.birthDate) {
        if (role === 'subject') r.birthDate = d.birthDate;
        else r.representativeBirthDate = d.birthDate;
      }
      if (d.cpf)
        ids.push({
          scheme: 'BR-CPF',
          value: d.cpf,
          display: formatCpf(d.cpf),
          country: 'BR',
          source,
          checkDigit: status(isValidCpf(d.cpf)),
          role,
        });
      if (d.nis)
        ids.push({
          scheme: 'BR-NIS',
          value: d.nis,
          display: d.nis,
          country: 'BR',
          source,
          checkDigit: status(isValidNis(d.nis)),
          role,
        });
      if (d.rg) {
        const display = d.rgIssuer ? `${d.rg} ${d.rgIssuer}` : d.rg;
        ids.push({
          scheme: 'BR-RG',
          value: d.rg,
          display,
          country: 'BR',
          source,
          checkDigit: 'not-applicable',
          role,
          ...(d.rgIssuer ? { qualifier: d.rgIssuer } : {}),
        });
      }
    };

    const hasPf = otherNames(src, O.pfData).length > 0;
    person(O.pfData, 'subject');
    if (hasPf)
      kindHints.push({
        kind: 'natural-person',
        strength: 2,
        reason: 'ICP-Brasil otherName 2.16.76.1.3.1 (pessoa física)',
      });

    const titulo = text(O.pfTituloEleitor);
    if (titulo !== undefined) {
      const num = titulo.slice(0, 12);
      if (/^\d{12}$/.test(num) && !isZero(num)) {
        const zona = titulo.slice(12, 15);
        const secao = titulo.slice(15, 19);
        const municipio = titulo.slice(19).trim();
        ids.push({
          scheme: 'BR-TITULO-ELEITOR',
          value: num,
          display: `${num} zona ${zona} seção ${secao}${municipio ? ` ${municipio}` : ''}`,
          country: 'BR',
          source: `san.otherName:${O.pfTituloEleitor}`,
          checkDigit: status(isValidTituloEleitor(num)),
          role: 'subject',
          ...(municipio ? { qualifier: municipio } : {}),
        });
      } else if (!isZero(titulo))
        problems.push(`otherName ${O.pfTituloEleitor}: "${titulo}" is not a título de eleitor`);
    }
    for (const [oid, role] of [
      [O.pfCei, 'subject'],
      [O.pjCei, 'subject'],
    ] as const) {
      const cei = text(oid);
      if (cei !== undefined && !isZero(cei)) {
        const v = cei.replace(/\D/g, '');
        ids.push({
          scheme: 'BR-CEI',
          value: v,
          display: cei,
          country: 'BR',
          source: `san.otherName:${oid}`,
          checkDigit: 'not-applicable',
          role,
        });
      }
    }

    const cnpj = text(O.pjCnpj);
    if (cnpj !== undefined) {
      const v = cnpj.replace(/[.\-/\s]/g, '').toUpperCase();
      if (!isZero(v)) {
        ids.push({
          scheme: 'BR-CNPJ',
          value: v,
          display: /^[0-9A-Z]{12}\d{2}$/.test(v) ? formatCnpj(v) : cnpj,
          country: 'BR',
          source: `san.otherName:${O.pjCnpj}`,
          checkDigit: status(isValidCnpj(v)),
          role: 'subject',
        });
      }
      kindHints.push({
        kind: 'legal-person',
        strength: 2,
        reason: 'ICP-Brasil otherName 2.16.76.1.3.3 (CNPJ, pessoa jurídica)',
      });
    }
    const responsible = text(O.pjResponsibleName);
    if (responsible) names.responsibleName = responsible;
    person(O.pjResponsibleData, 'representative');
    const company = text(O.companyName);
    if (company !== undefined) {
      if (company && !isZero(company)) names.organization = company;
      kindHints.push({
        kind: 'seal-or-device',
        strength: 2,
        reason: 'ICP-Brasil otherName 2.16.76.1.3.8 (equipamento / aplicação)',
      });
    }

    // CN = "NAME:CPF" (e-CPF) or "NAME:CNPJ" (e-CNPJ).
    for (const cn of subjectValues(src, OID.commonName)) {
      const m = /^(.*?)\s*:\s*(\d{11}|\d{14}|[0-9A-Z]{12}\d{2})$/.exec(cn);
      if (!m) continue;
      names.displayName = m[1]!;
      const v = m[2]!;
      const isCpf = v.length === 11;
      ids.push({
        scheme: isCpf ? 'BR-CPF' : 'BR-CNPJ',
        value: v,
        display: isCpf ? formatCpf(v) : formatCnpj(v),
        country: 'BR',
        source: 'subject.commonName',
        checkDigit: status(isCpf ? isValidCpf(v) : isValidCnpj(v)),
        role: 'subject',
      });
    }
    // OU = CNPJ of the registration authority (AR) that identified the subject (ICP-Brasil EE certs).
    const country = subjectValues(src, OID.countryName)[0]?.toUpperCase();
    const org = subjectValues(src, OID.organizationName)[0];
    if (country === 'BR' && org === 'ICP-Brasil' && !src.isCa) {
      for (const ou of subjectValues(src, OID.organizationalUnitName)) {
        if (/^\d{14}$/.test(ou) && isValidCnpj(ou)) {
          ids.push({
            scheme: 'BR-CNPJ',
            value: ou,
            display: formatCnpj(ou),
            country: 'BR',
            source: 'subject.organizationalUnitName',
            checkDigit: 'valid',
            role: 'registration-authority',
          });
        }
      }
    }
    return r;
  },
};
