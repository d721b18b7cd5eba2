import { afterEach, describe, expect, it } from 'vitest';
import { parseDer } from '../src/asn1/der';
import { ctx, ia5, octets, oid, printable, seq, set, tlv, utf8 } from '../src/asn1/write';
import {
  type IdentitySource,
  argentinaExtractor,
  chileExtractor,
  colombiaExtractor,
  costaRicaExtractor,
  ecuadorExtractor,
  etsiSemanticsExtractor,
  extractIdentityFrom,
  icpBrasilExtractor,
  identityExtractors,
  mexicoExtractor,
  parseEtsiIdentifier,
  parseIcpBrasilPersonData,
  peruExtractor,
  registerIdentityExtractor,
  resetIdentityExtractors,
  unregisterIdentityExtractor,
} from '../src/identity';
import { decodeQcStatements } from '../src/identity/qc-statements';
import { OID } from '../src/oids';
import { decodeExtensions } from '../src/x509/extensions';
import { parseGeneralNames } from '../src/x509/general-name';
import { parseName } from '../src/x509/name';

type Attr = [type: string, value: string] | [type: string, value: string, encoded: 'utf8' | 'printable'];

/** A subject Name from [type, value] pairs (one RDN each), encoded as real DER and parsed by core. */
function name(...attrs: Attr[]) {
  return parseName(
    parseDer(seq(...attrs.map(([t, v, e]) => set(seq(oid(t), e === 'printable' ? printable(v) : utf8(v)))))),
  );
}

/** An otherName GeneralName: [0] IMPLICIT SEQUENCE { type-id, [0] EXPLICIT value }. */
const otherName = (typeId: string, value: Uint8Array) => tlv(0xa0, [oid(typeId), ctx(0, value)]);
const email = (s: string) => tlv(0x81, new TextEncoder().encode(s));
const ascii = (s: string) => new TextEncoder().encode(s);

function source(
  opts: {
    subject?: Attr[];
    san?: Uint8Array[];
    extensions?: { oid: string; value: Uint8Array }[];
    policies?: string[];
    qc?: [string, Uint8Array?][];
    isCa?: boolean;
  } = {},
): IdentitySource {
  let qc: IdentitySource['qc'];
  if (opts.qc) {
    const der = seq(...opts.qc.map(([o, info]) => seq(oid(o), info)));
    qc = decodeQcStatements(
      decodeExtensions([{ oid: OID.qcStatements, critical: false, value: der }]).decoded.qcStatements!,
    );
  }
  return {
    subject: name(...(opts.subject ?? [])),
    subjectAltName: opts.san ? parseGeneralNames(parseDer(seq(...opts.san))) : [],
    extensions: (opts.extensions ?? []).map((e) => ({ ...e, critical: false })),
    subjectDirectoryAttributes: [],
    policies: opts.policies ?? [],
    isCa: opts.isCa ?? false,
    ...(qc ? { qc } : {}),
  };
}

const ids = (r: {
  identifiers?: readonly { scheme: string; value: string; role: string; checkDigit: string }[];
}) => (r.identifiers ?? []).map((i) => `${i.scheme}=${i.value}/${i.role}/${i.checkDigit}`);

describe('EN 319 412-1 semantics identifiers', () => {
  it('parses the type/country/value forms', () => {
    expect(parseEtsiIdentifier('PNOES-12345678Z')).toEqual({
      type: 'PNO',
      country: 'ES',
      value: '12345678Z',
    });
    expect(parseEtsiIdentifier('LEIXG-5493001KJTIIGC8Y1R12')).toEqual({
      type: 'LEI',
      country: 'XG',
      value: '5493001KJTIIGC8Y1R12',
    });
    expect(parseEtsiIdentifier('ab:BE-12345')).toEqual({
      type: 'national',
      nationalScheme: 'ab',
      country: 'BE',
      value: '12345',
    });
    expect(parseEtsiIdentifier('12345678Z')).toBeUndefined();
    expect(parseEtsiIdentifier('XYZES-1')).toBeUndefined();
  });
  it('extracts from serialNumber and organizationIdentifier, with national check digits', () => {
    const r = etsiSemanticsExtractor.extract(
      source({
        subject: [
          [OID.serialNumber, 'IDCBE-590710132'],
          [OID.organizationIdentifier, 'NTRPE-20566302447'],
          [OID.organizationIdentifier, 'LEIXG-5493001KJTIIGC8Y1R13'],
          [OID.organizationIdentifier, 'VATEL-094014201'],
        ],
      }),
    );
    expect(ids(r)).toEqual([
      'ETSI-IDC=590710132/subject/not-applicable',
      'ETSI-NTR=20566302447/subject/valid',
      'ETSI-LEI=5493001KJTIIGC8Y1R13/subject/invalid',
      'ETSI-VAT=094014201/subject/not-applicable',
    ]);
    expect(r.identifiers?.[3]?.country).toBe('GR');
    expect(r.identifiers?.[2]?.country).toBeUndefined();
    expect(r.kindHints?.[0]?.kind).toBe('natural-person');
  });
});

describe('ICP-Brasil (DOC-ICP-04)', () => {
  it('splits the fixed-width person data', () => {
    expect(parseIcpBrasilPersonData('140319738062173291512330602733000000056539964SESPPR')).toEqual({
      birthDate: '1973-03-14',
      cpf: '80621732915',
      nis: '12330602733',
      rg: '56539964',
      rgIssuer: 'SESPPR',
    });
    expect(parseIcpBrasilPersonData('000000000000000000000000000000000000000000000000000')).toEqual({});
    expect(parseIcpBrasilPersonData('not data')).toBeUndefined();
  });
  it('reads an e-CPF: otherNames as OCTET STRING, title, CEI zeros, CN NAME:CPF', () => {
    const src = source({
      subject: [
        [OID.countryName, 'BR', 'printable'],
        [OID.organizationName, 'ICP-Brasil'],
        [OID.organizationalUnitName, '33683111000107'],
        [OID.commonName, 'EMERSON SACHIO SAITO:80621732915'],
      ],
      san: [
        otherName('2.16.76.1.3.1', octets(ascii('140319738062173291512330602733000000056539964SESPPR'))),
        otherName('2.16.76.1.3.6', octets(ascii('000000000000'))),
        otherName('2.16.76.1.3.5', printable('0814047006041770193CURITIBAPR')),
        email('emerson.saito@serpro.gov.br'),
      ],
    });
    const r = icpBrasilExtractor.extract(src);
    expect(ids(r)).toEqual([
      'BR-CPF=80621732915/subject/valid',
      'BR-NIS=12330602733/subject/valid',
      'BR-RG=56539964/subject/not-applicable',
      'BR-TITULO-ELEITOR=081404700604/subject/valid',
      'BR-CPF=80621732915/subject/valid',
      'BR-CNPJ=33683111000107/registration-authority/valid',
    ]);
    expect(r.birthDate).toBe('1973-03-14');
    expect(r.names?.displayName).toBe('EMERSON SACHIO SAITO');
    const id = extractIdentityFrom(src);
    expect(id.kind).toBe('natural-person');
    expect(id.identifiers.filter((i) => i.scheme === 'BR-CPF')).toHaveLength(1);
    expect(id.identifiers[0]?.display).toBe('806.217.329-15');
    expect(id.emails).toEqual(['emerson.saito@serpro.gov.br']);
    expect(id.birthDate).toBe('1973-03-14');
    expect(id.problems).toEqual([]);
  });
  it('reads an e-CNPJ with the representative data, and flags a bad CNPJ', () => {
    const src = source({
      subject: [[OID.commonName, 'EMPRESA LTDA:57494239000183']],
      san: [
        otherName('2.16.76.1.3.4', utf8('020219715125956716800000000000000000000998545SSPDF')),
        otherName('2.16.76.1.3.2', utf8('DIOGENES COSTA FERNANDES')),
        otherName('2.16.76.1.3.3', utf8('57494239000183')),
        otherName('2.16.76.1.3.7', utf8('000000000000')),
      ],
    });
    const id = extractIdentityFrom(src);
    expect(id.kind).toBe('legal-person');
    expect(id.names.responsibleName).toBe('DIOGENES COSTA FERNANDES');
    expect(id.representativeBirthDate).toBe('1971-02-02');
    expect(id.birthDate).toBeUndefined();
    expect(ids(id)).toEqual([
      'BR-CNPJ=57494239000183/subject/invalid',
      'BR-CPF=51259567168/representative/valid',
      'BR-RG=998545/representative/not-applicable',
    ]);
    expect(id.problems.some((p) => p.includes('check digit'))).toBe(true);
  });
  it('classifies an equipment certificate (2.16.76.1.3.8) as seal-or-device', () => {
    const id = extractIdentityFrom(
      source({
        san: [
          otherName('2.16.76.1.3.8', utf8('ACME SA')),
          otherName('2.16.76.1.3.3', utf8('04039532000193')),
        ],
      }),
    );
    expect(id.kind).toBe('seal-or-device');
    expect(id.names.organization).toBe('ACME SA');
  });
  it('reports a malformed person-data otherName instead of throwing', () => {
    const r = icpBrasilExtractor.extract(source({ san: [otherName('2.16.76.1.3.1', seq(oid('1.2.3')))] }));
    expect(r.problems).toEqual(['otherName 2.16.76.1.3.1: value is not a string']);
  });
});

describe('Argentina', () => {
  it('reads CUIT / CUIL / DU with and without the space', () => {
    const r = argentinaExtractor.extract(
      source({
        subject: [
          [OID.serialNumber, 'CUIT 30680604572'],
          [OID.serialNumber, 'CUIL20123456787'],
          [OID.serialNumber, 'DU 27195778'],
        ],
      }),
    );
    expect(ids(r)).toEqual([
      'AR-CUIT=30680604572/subject/valid',
      'AR-CUIL=20123456787/subject/invalid',
      'AR-DU=27195778/subject/not-applicable',
    ]);
    expect(r.identifiers?.[0]?.display).toBe('30-68060457-2');
  });
});

describe('Chile', () => {
  it('reads the RUT otherName (IA5String, wrapped, UTF8) and the CA RUT', () => {
    const src = source({
      subject: [[OID.countryName, 'CL']],
      san: [
        otherName('1.3.6.1.4.1.8321.1', ia5('13.185.095-6')),
        otherName('1.3.6.1.4.1.8321.2', seq(utf8('96919050-8'))),
      ],
    });
    expect(ids(chileExtractor.extract(src))).toEqual([
      'CL-RUT=13185095-6/subject/valid',
      'CL-RUT=96919050-8/issuer/valid',
    ]);
    expect(extractIdentityFrom(src).kind).toBe('natural-person');
  });
  it('reads RUTs in serialNumber of C=CL subjects, pads, bad values and the Acepta Perú RUC', () => {
    expect(
      ids(
        chileExtractor.extract(
          source({
            subject: [
              [OID.countryName, 'CL'],
              [OID.serialNumber, '96919050-8'],
            ],
          }),
        ),
      ),
    ).toEqual(['CL-RUT=96919050-8/subject/valid']);
    expect(
      ids(chileExtractor.extract(source({ san: [otherName('1.3.6.1.4.1.8658.1', ia5('07880442-4'))] }))),
    ).toEqual(['CL-RUT=7880442-4/subject/valid']);
    const bad = chileExtractor.extract(source({ san: [otherName('1.3.6.1.4.1.8321.1', ia5('any-string'))] }));
    expect(bad.identifiers).toEqual([]);
    expect(bad.problems?.[0]).toMatch(/is not a RUT/);
    const pe = chileExtractor.extract(
      source({
        subject: [[OID.countryName, 'PE']],
        san: [otherName('1.3.6.1.4.1.8321.1', ia5('20562999711'))],
      }),
    );
    expect(ids(pe)).toEqual(['PE-RUC=20562999711/subject/valid']);
  });
});

describe('Peru', () => {
  it('reads PNOPE-, DNI-, NTRPE-, RUC: and the DNIe common name', () => {
    expect(ids(peruExtractor.extract(source({ subject: [[OID.serialNumber, 'PNOPE-12345678']] })))).toEqual([
      'PE-DNI=12345678/subject/not-applicable',
    ]);
    expect(ids(peruExtractor.extract(source({ subject: [[OID.serialNumber, 'DNI:12345678']] })))).toEqual([
      'PE-DNI=12345678/subject/not-applicable',
    ]);
    expect(ids(peruExtractor.extract(source({ subject: [[OID.serialNumber, 'RUC: 20295613620']] })))).toEqual(
      ['PE-RUC=20295613620/subject/valid'],
    );
    expect(
      ids(peruExtractor.extract(source({ subject: [[OID.organizationIdentifier, 'NTRPE-20566302447']] }))),
    ).toEqual(['PE-RUC=20566302447/subject/valid']);
    expect(
      ids(
        peruExtractor.extract(
          source({
            subject: [
              [OID.countryName, 'PE'],
              [OID.commonName, 'PEREZ GOMEZ JUAN FIR 12345678 hard'],
            ],
          }),
        ),
      ),
    ).toEqual(['PE-DNI=12345678/subject/not-applicable']);
    expect(
      ids(peruExtractor.extract(source({ subject: [[OID.organizationalUnitName, 'RUC-20605042512']] }))),
    ).toEqual(['PE-RUC=20605042512/organization/valid']);
  });
});

describe('Colombia', () => {
  it('reads Certicámara attributes and GSE NIT serialNumber', () => {
    const r = colombiaExtractor.extract(
      source({
        subject: [
          ['1.3.6.1.4.1.23267.2.2', '79123456'],
          ['1.3.6.1.4.1.23267.2.3', '900204272-8'],
        ],
      }),
    );
    expect(ids(r)).toEqual(['CO-CC=79123456/subject/not-applicable', 'CO-NIT=9002042728/organization/valid']);
    expect(
      ids(colombiaExtractor.extract(source({ subject: [[OID.serialNumber, 'NIT 9002042728']] }))),
    ).toEqual(['CO-NIT=9002042728/subject/valid']);
    expect(
      colombiaExtractor.extract(source({ subject: [[OID.serialNumber, 'NIT 9002042728']] })).identifiers?.[0]
        ?.display,
    ).toBe('900.204.272-8');
  });
});

describe('Ecuador', () => {
  it('reads BCE extensions (DER strings) with company RUC and representative cédula', () => {
    const r = ecuadorExtractor.extract(
      source({
        policies: ['1.3.6.1.4.1.37947.2.2.1'],
        extensions: [
          { oid: '1.3.6.1.4.1.37947.3.1', value: utf8('1712345675') },
          { oid: '1.3.6.1.4.1.37947.3.11', value: utf8('0990012345001') },
          { oid: '1.3.6.1.4.1.37947.3.10', value: utf8('EMPRESA SA') },
        ],
      }),
    );
    expect(ids(r)).toEqual([
      'EC-CEDULA=1712345675/representative/valid',
      'EC-RUC=0990012345001/subject/not-applicable',
    ]);
    expect(r.names?.organization).toBe('EMPRESA SA');
    expect(r.kindHints?.[0]?.kind).toBe('legal-person');
  });
  it('reads Security Data extensions and Consejo de la Judicatura otherNames', () => {
    const sd = ecuadorExtractor.extract(
      source({
        extensions: [
          { oid: '1.3.6.1.4.1.37746.3.1', value: printable('1712345675') },
          { oid: '1.3.6.1.4.1.37746.3.11', value: printable('1712345675001') },
        ],
      }),
    );
    expect(ids(sd)).toEqual(['EC-CEDULA=1712345675/subject/valid', 'EC-RUC=1712345675001/subject/valid']);
    const cj = ecuadorExtractor.extract(
      source({ san: [otherName('1.3.6.1.4.1.43745.1.3.1', utf8('AB123456'))] }),
    );
    expect(ids(cj)).toEqual(['EC-PASAPORTE=AB123456/subject/not-applicable']);
  });
});

describe('Costa Rica and Mexico', () => {
  it('reads CPF / CPJ serial numbers', () => {
    const src = source({
      subject: [
        [OID.countryName, 'CR'],
        [OID.organizationName, 'PERSONA FISICA'],
        [OID.serialNumber, 'CPF-01-0078-5935'],
      ],
    });
    expect(ids(costaRicaExtractor.extract(src))).toEqual(['CR-CPF=100785935/subject/not-applicable']);
    expect(extractIdentityFrom(src).kind).toBe('natural-person');
    expect(
      ids(costaRicaExtractor.extract(source({ subject: [[OID.serialNumber, 'CPJ-4-000-004017']] }))),
    ).toEqual(['CR-CPJ=4000004017/subject/not-applicable']);
    expect(
      ids(
        costaRicaExtractor.extract(
          source({
            subject: [
              [OID.countryName, 'CR'],
              [OID.serialNumber, '4-000-004017'],
            ],
          }),
        ),
      ),
    ).toEqual(['CR-CPJ=4000004017/subject/not-applicable']);
    expect(
      costaRicaExtractor.extract(source({ subject: [[OID.serialNumber, '4-000-004017']] })).identifiers,
    ).toEqual([]);
  });
  it('reads SAT RFC / CURP pairs of legal persons and single values of natural persons', () => {
    const pm = mexicoExtractor.extract(
      source({
        subject: [
          [OID.x500UniqueIdentifier, 'SPR190613I52 / VADA800927DJ3'],
          [OID.serialNumber, ' / VADA800927HSRSRL05'],
        ],
      }),
    );
    expect(ids(pm)).toEqual([
      'MX-RFC=SPR190613I52/subject/valid',
      'MX-RFC=VADA800927DJ3/representative/valid',
      'MX-CURP=VADA800927HSRSRL05/representative/valid',
    ]);
    const pf = extractIdentityFrom(
      source({
        subject: [
          [OID.countryName, 'MX'],
          [OID.x500UniqueIdentifier, 'SOMG790807J57'],
          [OID.serialNumber, 'SOMG790807HASLXV08'],
        ],
      }),
    );
    expect(ids(pf)).toEqual([
      'MX-RFC=SOMG790807J57/subject/valid',
      'MX-CURP=SOMG790807HASLXV08/subject/valid',
    ]);
    expect(pf.kind).toBe('natural-person');
    const bad = mexicoExtractor.extract(
      source({
        subject: [
          [OID.countryName, 'MX'],
          [OID.x500UniqueIdentifier, 'NOT AN RFC'],
        ],
      }),
    );
    expect(bad.problems?.[0]).toMatch(/not a well-formed RFC/);
  });
});

describe('extractIdentityFrom: kinds, qcStatements, registry', () => {
  afterEach(() => resetIdentityExtractors());

  it('uses QcType and semantics identifiers as the strongest kind evidence', () => {
    const seal = extractIdentityFrom(
      source({
        subject: [
          [OID.organizationIdentifier, 'VATES-B86021839'],
          [OID.commonName, 'EVISEAL'],
        ],
        qc: [
          [OID.qcsQcCompliance],
          [OID.qcsQcType, seq(oid(OID.qcTypeEseal))],
          [OID.qcsSemanticsIdV2, seq(oid(OID.semanticsLegalPerson))],
        ],
      }),
    );
    expect(seal.kind).toBe('seal-or-device');
    expect(seal.kindReasons[0]).toMatch(/eSeal/);
    expect(seal.qc?.compliance).toBe(true);
    const person = extractIdentityFrom(
      source({
        subject: [
          [OID.givenName, 'Ana'],
          [OID.surname, 'Silva'],
        ],
        qc: [[OID.qcsQcType, seq(oid(OID.qcTypeEsign))]],
      }),
    );
    expect(person.kind).toBe('natural-person');
    expect(person.names.givenName).toBe('Ana');
    expect(extractIdentityFrom(source({ subject: [[OID.commonName, 'x']] })).kind).toBe('unknown');
  });

  it('reports conflicting evidence, and problems from malformed qcStatements, without throwing', () => {
    const id = extractIdentityFrom(
      source({
        qc: [
          [OID.qcsQcType, seq(oid(OID.qcTypeEsign))],
          [OID.qcsSemanticsIdV1, seq(oid(OID.semanticsLegalPerson))],
          [OID.qcsQcPDS, seq(oid('1.2'))],
        ],
      }),
    );
    expect(id.problems.some((p) => p.startsWith('conflicting subject kind'))).toBe(true);
    expect(id.problems.some((p) => p.startsWith('qcStatements: 0.4.0.1862.1.5'))).toBe(true);
  });

  it('lets users register, replace and remove extractors; a throwing extractor becomes a problem', () => {
    const n = identityExtractors().length;
    registerIdentityExtractor({
      id: 'uy-test',
      standard: 'test',
      extract: (src) => ({
        identifiers: [
          {
            scheme: 'UY-CI',
            value: src.subject.rdns.length.toString(),
            display: 'x',
            source: 'test',
            checkDigit: 'not-applicable',
            role: 'subject',
          },
        ],
      }),
    });
    registerIdentityExtractor({
      id: 'boom',
      standard: 'test',
      extract: () => {
        throw new Error('kaput');
      },
    });
    expect(identityExtractors()).toHaveLength(n + 2);
    const id = extractIdentityFrom(source({ subject: [[OID.commonName, 'a']] }));
    expect(id.identifiers).toContainEqual(
      expect.objectContaining({ scheme: 'UY-CI', value: '1', extractor: 'uy-test' }),
    );
    expect(id.problems).toContain('extractor boom failed: kaput');
    expect(unregisterIdentityExtractor('boom')).toBe(true);
    expect(identityExtractors()).toHaveLength(n + 1);
  });
});
