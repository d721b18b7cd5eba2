import type { IdentityInput } from './certificate';
import type { ExtensionsInput } from './extensions';
import type { GeneralNameInput, OtherNameInput } from './general-name';
import type { RdnInput, StringType } from './name';
import {
  costaRicaSerialNumber,
  makeCnpj,
  makeCpf,
  makeCuit,
  makeCurp,
  makeEstonianPersonalCode,
  makeRut,
  randomDigits,
} from './national-ids';

/**
 * An end-entity identity: subject and extensions (SAN, qcStatements…) as a jurisdiction's profile
 * writes them, plus the identifiers used, so tests can assert what a validator extracts. Pass it as
 * `identity` to `buildCertificate` or `ca.issue`, or spread its parts.
 */
export interface IdentityPreset extends IdentityInput {
  readonly subject: readonly RdnInput[];
  readonly extensions: ExtensionsInput;
  /** The identifiers written (for example `{ cpf: '12345678909', birthDate: '15051990' }`). */
  readonly ids: Readonly<Record<string, string>>;
}

/**
 * ICP-Brasil otherName OIDs (DOC-ICP-04 §7.1.2.3).
 *
 * @example
 * ```ts
 * import { ICP_BRASIL_OID } from '@mutua/testkit';
 * const cnpj = { oid: ICP_BRASIL_OID.cnpj, value: '11222333000181', stringType: 'printable' } as const;
 * const company = await ca.issue({ extensions: { subjectAltName: [{ otherName: cnpj }] } });
 * ```
 */
export const ICP_BRASIL_OID = {
  /** Pessoa física: birth date, CPF, NIS, RG, RG issuer + UF. */
  personData: '2.16.76.1.3.1',
  /** Pessoa jurídica: name of the responsible person. */
  responsibleName: '2.16.76.1.3.2',
  /** Pessoa jurídica: CNPJ. */
  cnpj: '2.16.76.1.3.3',
  /** Pessoa jurídica: data of the responsible person (same layout as personData). */
  responsibleData: '2.16.76.1.3.4',
  /** Pessoa física: título de eleitor. */
  voterId: '2.16.76.1.3.5',
  /** Pessoa física: CEI (INSS). */
  ceiPerson: '2.16.76.1.3.6',
  /** Pessoa jurídica: CEI (INSS). */
  ceiCompany: '2.16.76.1.3.7',
} as const;

/**
 * Chile: RUT in an otherName (IA5String).
 *
 * @example
 * ```ts
 * import { CHILE_RUT_OID } from '@mutua/testkit';
 * const rut = { oid: CHILE_RUT_OID, value: '12345678-5', stringType: 'ia5' } as const;
 * const person = await ca.issue({ extensions: { subjectAltName: [{ otherName: rut }] } });
 * ```
 */
export const CHILE_RUT_OID = '1.3.6.1.4.1.8321.1';

function ddmmyyyy(d: Date | string): string {
  const date = typeof d === 'string' ? new Date(`${d}T12:00:00Z`) : d;
  if (Number.isNaN(date.getTime())) throw new RangeError(`bad date ${String(d)}`);
  return `${String(date.getUTCDate()).padStart(2, '0')}${String(date.getUTCMonth() + 1).padStart(2, '0')}${date.getUTCFullYear()}`;
}

const zeros = (n: number) => '0'.repeat(n);
const padDigits = (s: string | undefined, n: number) =>
  (s ?? '').replace(/\D/g, '').padStart(n, '0').slice(-n);

/** A Brazilian person as ICP-Brasil person data: birth date, CPF, NIS, RG and its issuer. */
export interface BrazilPersonData {
  /** Birth date (`YYYY-MM-DD` or Date). Default 1990-05-15. */
  readonly birthDate?: Date | string;
  /** CPF, 11 digits. Default: a random valid CPF. */
  readonly cpf?: string;
  /** NIS/PIS/PASEP, 11 digits. Default zeros (not informed). */
  readonly nis?: string;
  /** RG number, up to 15 characters (left-padded with zeros). Default zeros. */
  readonly rg?: string;
  /** RG issuing body and UF, e.g. `SSPSP`. Default empty. */
  readonly rgIssuer?: string;
}

/**
 * The ICP-Brasil person-data otherName value: birth date DDMMYYYY (8) + CPF (11) + NIS (11) + RG (15) +
 * RG issuer and UF, zero-filled where not informed.
 *
 * @example
 * ```ts
 * import { icpBrasilPersonData } from '@mutua/testkit';
 * const value = icpBrasilPersonData({ birthDate: '1990-05-15', cpf: '12345678909' });
 * value; // '15051990' + '12345678909' + '00000000000' + '000000000000000'
 * ```
 */
export function icpBrasilPersonData(p: BrazilPersonData & { readonly cpf: string }): string {
  return `${ddmmyyyy(p.birthDate ?? '1990-05-15')}${padDigits(p.cpf, 11)}${p.nis ? padDigits(p.nis, 11) : zeros(11)}${(p.rg ?? '').padStart(15, '0').slice(-15)}${p.rgIssuer ?? ''}`;
}

/** Options shared by the ICP-Brasil presets. */
interface IcpBrasilCommon {
  /** The issuing AC's name for the OU (default `AC Mutua Teste`). */
  readonly ac?: string;
  /** Further OUs (default `['Certificado Digital', 'A3']`). */
  readonly ou?: readonly string[];
  /** String type of the otherName values (DOC-ICP-04 allows OCTET STRING or PrintableString). Default `printable`. */
  readonly stringType?: StringType | 'octets';
  readonly email?: string;
}

/**
 * An ICP-Brasil e-CPF holder (pessoa física): CN `NAME:CPF`, SAN otherNames 2.16.76.1.3.1 (person data),
 * 2.16.76.1.3.6 (CEI) and 2.16.76.1.3.5 (título de eleitor).
 *
 * @example
 * ```ts
 * import { brazilPerson } from '@mutua/testkit';
 * const id = brazilPerson({ name: 'MARIA DA SILVA', cpf: '12345678909', birthDate: '1985-03-02' });
 * const leaf = await ca.issue({ identity: id });
 * ```
 */
export function brazilPerson(
  opts: BrazilPersonData &
    IcpBrasilCommon & { readonly name?: string; readonly voterId?: string; readonly cei?: string } = {},
): IdentityPreset {
  const name = opts.name ?? 'MARIA DA SILVA';
  const cpf = opts.cpf ?? makeCpf();
  const data = icpBrasilPersonData({ ...opts, cpf });
  const st = opts.stringType ?? 'printable';
  const other = (oid: string, value: string): GeneralNameInput => ({
    otherName: { oid, value, stringType: st },
  });
  const san: GeneralNameInput[] = [
    ...(opts.email ? [{ email: opts.email }] : []),
    other(ICP_BRASIL_OID.personData, data),
    other(ICP_BRASIL_OID.ceiPerson, padDigits(opts.cei, 12)),
    other(ICP_BRASIL_OID.voterId, opts.voterId ?? zeros(19)),
  ];
  return {
    subject: [
      ['C', 'BR'],
      ['O', 'ICP-Brasil'],
      ['OU', opts.ac ?? 'AC Mutua Teste'],
      ...(opts.ou ?? ['Certificado Digital', 'A3']).map((o): RdnInput => ['OU', o]),
      ['CN', `${name}:${cpf}`],
    ],
    extensions: { subjectAltName: san },
    ids: { cpf, personData: data, birthDate: data.slice(0, 8) },
  };
}

/**
 * An ICP-Brasil e-CNPJ holder (pessoa jurídica): CN `NAME:CNPJ`, SAN otherNames 2.16.76.1.3.4
 * (responsible person's data), 2.16.76.1.3.2 (responsible's name), 2.16.76.1.3.3 (CNPJ) and
 * 2.16.76.1.3.7 (CEI).
 *
 * @example
 * ```ts
 * import { brazilCompany } from '@mutua/testkit';
 * const id = brazilCompany({ name: 'EMPRESA TESTE LTDA', cnpj: '11222333000181' });
 * ```
 */
export function brazilCompany(
  opts: IcpBrasilCommon & {
    readonly name?: string;
    readonly cnpj?: string;
    readonly responsible?: BrazilPersonData & { readonly name?: string };
    readonly cei?: string;
  } = {},
): IdentityPreset {
  const name = opts.name ?? 'EMPRESA TESTE LTDA';
  const cnpj = opts.cnpj ?? makeCnpj();
  const resp = opts.responsible ?? {};
  const respCpf = resp.cpf ?? makeCpf();
  const respData = icpBrasilPersonData({ ...resp, cpf: respCpf });
  const respName = resp.name ?? 'JOAO DOS SANTOS';
  const st = opts.stringType ?? 'printable';
  const other = (oid: string, value: string): GeneralNameInput => ({
    otherName: { oid, value, stringType: st },
  });
  return {
    subject: [
      ['C', 'BR'],
      ['O', 'ICP-Brasil'],
      ['OU', opts.ac ?? 'AC Mutua Teste'],
      ...(opts.ou ?? ['Certificado Digital', 'A3']).map((o): RdnInput => ['OU', o]),
      ['CN', `${name}:${cnpj}`],
    ],
    extensions: {
      subjectAltName: [
        ...(opts.email ? [{ email: opts.email }] : []),
        other(ICP_BRASIL_OID.responsibleData, respData),
        other(ICP_BRASIL_OID.responsibleName, respName),
        other(ICP_BRASIL_OID.cnpj, cnpj),
        other(ICP_BRASIL_OID.ceiCompany, padDigits(opts.cei, 12)),
      ],
    },
    ids: { cnpj, responsibleCpf: respCpf, responsibleData: respData, responsibleName: respName },
  };
}

/**
 * An Argentine signer: serialNumber `CUIT 20123456786` (or `CUIL …`).
 *
 * @example
 * ```ts
 * import { argentinaPerson } from '@mutua/testkit';
 * const id = argentinaPerson({ name: 'JUAN PEREZ', cuit: '20123456786' });
 * ```
 */
export function argentinaPerson(
  opts: {
    readonly name?: string;
    readonly cuit?: string;
    readonly idType?: 'CUIT' | 'CUIL';
    readonly email?: string;
  } = {},
): IdentityPreset {
  const cuit = opts.cuit ?? makeCuit('20');
  const idType = opts.idType ?? 'CUIT';
  return {
    subject: [
      ['C', 'AR'],
      ['CN', opts.name ?? 'JUAN PEREZ'],
      ['serialNumber', `${idType} ${cuit}`],
    ],
    extensions: opts.email ? { subjectAltName: [{ email: opts.email }] } : {},
    ids: { cuit },
  };
}

/**
 * A Chilean signer: RUT in SAN otherName 1.3.6.1.4.1.8321.1 (IA5String), plus rfc822Name.
 *
 * @example
 * ```ts
 * import { chilePerson } from '@mutua/testkit';
 * const id = chilePerson({ name: 'CAMILA ROJAS', rut: '12345678-5' });
 * ```
 */
export function chilePerson(
  opts: {
    readonly name?: string;
    readonly rut?: string;
    readonly email?: string;
    readonly organization?: string;
  } = {},
): IdentityPreset {
  const rut = opts.rut ?? makeRut();
  const rutName: OtherNameInput = { oid: CHILE_RUT_OID, value: rut, stringType: 'ia5' };
  return {
    subject: [
      ['C', 'CL'],
      ...(opts.organization ? [['O', opts.organization] as const] : []),
      ['CN', opts.name ?? 'CAMILA ROJAS'],
      ...(opts.email ? [['emailAddress', opts.email] as const] : []),
    ],
    extensions: {
      subjectAltName: [...(opts.email ? [{ email: opts.email }] : []), { otherName: rutName }],
    },
    ids: { rut },
  };
}

/**
 * A Peruvian signer: serialNumber with the DNI in the ETSI form `PNOPE-12345678` (override with
 * `serialNumber` for other CA conventions, e.g. `DNI:12345678`).
 *
 * @example
 * ```ts
 * import { peruPerson } from '@mutua/testkit';
 * const id = peruPerson({ name: 'LUIS QUISPE', dni: '41234567' });
 * ```
 */
export function peruPerson(
  opts: {
    readonly name?: string;
    readonly dni?: string;
    readonly serialNumber?: string;
    readonly organization?: string;
  } = {},
): IdentityPreset {
  const dni = opts.dni ?? randomDigits(8);
  return {
    subject: [
      ['C', 'PE'],
      ...(opts.organization ? [['O', opts.organization] as const] : []),
      ['CN', opts.name ?? 'LUIS QUISPE'],
      ['serialNumber', opts.serialNumber ?? `PNOPE-${dni}`],
    ],
    extensions: {},
    ids: { dni },
  };
}

/**
 * A Mexican SAT e.firma holder: x500UniqueIdentifier = RFC, serialNumber = CURP, name/O/CN = the name.
 *
 * @example
 * ```ts
 * import { mexicoPerson } from '@mutua/testkit';
 * const id = mexicoPerson({ name: 'GABRIELA HERNANDEZ', curp: 'HEGG560427MVZRRL04' });
 * ```
 */
export function mexicoPerson(
  opts: {
    readonly name?: string;
    readonly rfc?: string;
    readonly curp?: string;
    readonly email?: string;
  } = {},
): IdentityPreset {
  const name = opts.name ?? 'DANIEL GOMEZ DIAZ';
  const rfc = opts.rfc ?? 'GODE561231GR8';
  const curp = opts.curp ?? makeCurp('GODE561231HDFRRN0');
  return {
    subject: [
      ['CN', name],
      ['name', name],
      ['O', name],
      ['C', 'MX'],
      ...(opts.email ? [['emailAddress', opts.email] as const] : []),
      ['x500UniqueIdentifier', rfc, 'printable'],
      ['serialNumber', curp],
    ],
    extensions: {},
    ids: { rfc, curp },
  };
}

/**
 * A Costa Rican Firma Digital holder: `O=PERSONA FISICA, OU=CIUDADANO`, serialNumber `CPF-01-0123-0456`.
 *
 * @example
 * ```ts
 * import { costaRicaPerson } from '@mutua/testkit';
 * const id = costaRicaPerson({ givenName: 'ANA', surname: 'MORA SOLIS', cedula: '101230456' });
 * ```
 */
export function costaRicaPerson(
  opts: { readonly givenName?: string; readonly surname?: string; readonly cedula?: string } = {},
): IdentityPreset {
  const gn = opts.givenName ?? 'ANA';
  const sn = opts.surname ?? 'MORA SOLIS';
  const serial = costaRicaSerialNumber(opts.cedula ?? '101230456');
  return {
    subject: [
      ['C', 'CR'],
      ['O', 'PERSONA FISICA'],
      ['OU', 'CIUDADANO'],
      ['CN', `${gn} ${sn} (FIRMA)`],
      ['GN', gn],
      ['SN', sn],
      ['serialNumber', serial],
    ],
    extensions: {},
    ids: { serialNumber: serial },
  };
}

/**
 * An EU natural person with an EN 319 412-1 semantic identifier (`PNOEE-38001085718`) and, by default,
 * the qualified-certificate statements of EN 319 412-5 (QcCompliance, QcSSCD, QcType eSign, QcPDS,
 * semantics id natural person).
 *
 * @example
 * ```ts
 * import { euNaturalPerson } from '@mutua/testkit';
 * const id = euNaturalPerson({ givenName: 'MARI', surname: 'MAASIKAS', country: 'EE', idNumber: '38001085718' });
 * const nonQualified = euNaturalPerson({ qualified: false });
 * ```
 */
export function euNaturalPerson(
  opts: {
    readonly givenName?: string;
    readonly surname?: string;
    readonly country?: string;
    /** Identity type prefix: PAS, IDC, PNO, TAX, TIN (default PNO). */
    readonly idType?: 'PAS' | 'IDC' | 'PNO' | 'TAX' | 'TIN';
    readonly idNumber?: string;
    /** Add the EU qualified statements (default true). */
    readonly qualified?: boolean;
    /** Add QcSSCD (default true when qualified). */
    readonly qscd?: boolean;
  } = {},
): IdentityPreset {
  const country = opts.country ?? 'EE';
  const id = opts.idNumber ?? (country === 'EE' ? makeEstonianPersonalCode() : randomDigits(10));
  const serialNumber = `${opts.idType ?? 'PNO'}${country}-${id}`;
  const gn = opts.givenName ?? 'MARI';
  const sn = opts.surname ?? 'MAASIKAS';
  const qualified = opts.qualified ?? true;
  return {
    subject: [
      ['C', country],
      ['CN', `${sn},${gn},${id}`],
      ['SN', sn],
      ['GN', gn],
      ['serialNumber', serialNumber],
    ],
    extensions: {
      qcStatements: qualified
        ? {
            semanticsId: 'natural',
            compliance: true,
            sscd: opts.qscd ?? true,
            type: ['eSign'],
            pds: [{ url: 'https://pki.test/pds/pds_en.pdf', lang: 'en' }],
          }
        : { semanticsId: 'natural' },
    },
    ids: { serialNumber, idNumber: id },
  };
}

/**
 * An EU legal person (electronic seal) with organizationIdentifier `VATBE-0123456789` and, by default,
 * QcCompliance, QcType eSeal, QcPDS and the legal-person semantics identifier.
 *
 * @example
 * ```ts
 * import { euLegalPerson } from '@mutua/testkit';
 * const id = euLegalPerson({ organization: 'Mutua Test SA', country: 'BE', idType: 'VAT', idNumber: '0123456789' });
 * ```
 */
export function euLegalPerson(
  opts: {
    readonly organization?: string;
    readonly country?: string;
    /** Identity type prefix: VAT, NTR, PSD, LEI (default VAT). */
    readonly idType?: 'VAT' | 'NTR' | 'PSD' | 'LEI';
    readonly idNumber?: string;
    readonly qualified?: boolean;
    readonly qscd?: boolean;
  } = {},
): IdentityPreset {
  const country = opts.country ?? 'BE';
  const idNumber = opts.idNumber ?? '0123456789';
  const orgId = `${opts.idType ?? 'VAT'}${country}-${idNumber}`;
  const org = opts.organization ?? 'Mutua Test SA';
  const qualified = opts.qualified ?? true;
  return {
    subject: [
      ['C', country],
      ['O', org],
      ['organizationIdentifier', orgId],
      ['CN', org],
    ],
    extensions: {
      qcStatements: qualified
        ? {
            semanticsId: 'legal',
            compliance: true,
            ...(opts.qscd ? { sscd: true } : {}),
            type: ['eSeal'],
            pds: [{ url: 'https://pki.test/pds/pds_en.pdf', lang: 'en' }],
          }
        : { semanticsId: 'legal' },
    },
    ids: { organizationIdentifier: orgId },
  };
}
