import { OID, Tag, generalNameToString, nameAttribute } from '@mutua/core';
import {
  CHILE_RUT_OID,
  ICP_BRASIL_OID,
  argentinaPerson,
  brazilCompany,
  brazilPerson,
  buildCertificate,
  chilePerson,
  costaRicaPerson,
  costaRicaSerialNumber,
  encodeQcStatements,
  euLegalPerson,
  euNaturalPerson,
  icpBrasilPersonData,
  isValidCnpj,
  isValidCpf,
  isValidCuit,
  isValidRut,
  keyPool,
  makeCnpj,
  makeCpf,
  makeCuit,
  makeCurp,
  makeEstonianPersonalCode,
  makeRuc,
  makeRut,
  mexicoPerson,
  peruPerson,
  rutCheckDigit,
} from '@mutua/testkit';
import {
  type GeneralName,
  type Tlv,
  SeqReader,
  children,
  decodeInteger,
  decodeOid,
  decodeString,
  parseDer,
} from '@mutua/core';
import { describe, expect, it } from 'vitest';

describe('national identifiers', () => {
  it('computes known check digits', () => {
    expect(makeCpf('123456789')).toBe('12345678909');
    expect(makeCnpj('112223330001')).toBe('11222333000181');
    expect(makeRut(12345678)).toBe('12345678-5');
    expect(rutCheckDigit('10000013')).toBe('K');
    expect(makeCuit('20', '12345678')).toBe('20123456786');
    expect(makeRuc('2010007097')).toBe('20100070970');
    expect(makeEstonianPersonalCode('3800108571')).toBe('38001085718');
    expect(makeCurp('HEGG560427MVZRRL0')).toBe('HEGG560427MVZRRL04');
    expect(costaRicaSerialNumber('101230456')).toBe('CPF-01-0123-0456');
  });

  it('validates what it generates and rejects altered numbers', () => {
    for (let i = 0; i < 50; i++) {
      const cpf = makeCpf();
      const cnpj = makeCnpj();
      const rut = makeRut();
      const cuit = makeCuit(i % 2 ? '27' : '20');
      expect([isValidCpf(cpf), isValidCnpj(cnpj), isValidRut(rut), isValidCuit(cuit)]).toEqual([
        true,
        true,
        true,
        true,
      ]);
    }
    expect(isValidCpf('123.456.789-09')).toBe(true);
    expect(isValidCpf('12345678900')).toBe(false);
    expect(isValidCpf('11111111111')).toBe(false);
    expect(isValidCnpj('11.222.333/0001-81')).toBe(true);
    expect(isValidCnpj('11222333000180')).toBe(false);
    expect(isValidRut('12.345.678-5')).toBe(true);
    expect(isValidRut('12345678-4')).toBe(false);
    expect(isValidCuit('20-12345678-6')).toBe(true);
    expect(isValidCuit('20123456787')).toBe(false);
  });
});

const otherNames = (san: readonly GeneralName[] | undefined): Record<string, { text?: string; value: Tlv }> =>
  Object.fromEntries((san ?? []).flatMap((g) => (g.type === 'otherName' ? [[g.typeId, g]] : [])));

async function issue(identity: Parameters<typeof buildCertificate>[0]['identity']) {
  return buildCertificate({ identity, key: await keyPool.get('P-256', 'identities') });
}

describe('identity presets', () => {
  it('Brazil e-CPF: person data otherName layout', async () => {
    const id = brazilPerson({
      name: 'MARIA DA SILVA',
      cpf: '12345678909',
      birthDate: '1985-03-02',
      nis: '12345678901',
      rg: '1234567',
      rgIssuer: 'SSPSP',
    });
    const c = await issue(id);
    expect(c.cert.subject.text).toBe(
      'C=BR, O=ICP-Brasil, OU=AC Mutua Teste, OU=Certificado Digital, OU=A3, CN=MARIA DA SILVA:12345678909',
    );
    const on = otherNames(c.cert.ext.subjectAltName);
    const data = on[ICP_BRASIL_OID.personData]!.text!;
    expect(data).toBe(`02031985123456789091234567890100000000${'1234567'}SSPSP`);
    expect(data.slice(0, 8)).toBe('02031985');
    expect(data.slice(8, 19)).toBe('12345678909');
    expect(data.slice(19, 30)).toBe('12345678901');
    expect(data.slice(30, 45)).toBe('000000001234567');
    expect(on[ICP_BRASIL_OID.personData]!.value.tag).toBe(Tag.PrintableString);
    expect(on[ICP_BRASIL_OID.ceiPerson]!.text).toBe('000000000000');
    expect(id.ids).toMatchObject({ cpf: '12345678909', birthDate: '02031985' });
    expect(icpBrasilPersonData({ cpf: '12345678909', birthDate: '1990-05-15' })).toHaveLength(45);
    const octets = brazilPerson({ stringType: 'octets' });
    expect(isValidCpf(octets.ids.cpf!)).toBe(true);
  });

  it('Brazil e-CNPJ: CNPJ, responsible name and data', async () => {
    const c = await issue(
      brazilCompany({
        name: 'EMPRESA X LTDA',
        cnpj: '11222333000181',
        responsible: { name: 'JOAO', cpf: '12345678909', birthDate: '1970-01-31' },
      }),
    );
    expect(nameAttribute(c.cert.subject, OID.commonName)).toBe('EMPRESA X LTDA:11222333000181');
    const on = otherNames(c.cert.ext.subjectAltName);
    expect(on[ICP_BRASIL_OID.cnpj]!.text).toBe('11222333000181');
    expect(on[ICP_BRASIL_OID.responsibleName]!.text).toBe('JOAO');
    expect(on[ICP_BRASIL_OID.responsibleData]!.text!.slice(0, 19)).toBe('3101197012345678909');
    expect(on[ICP_BRASIL_OID.ceiCompany]!.text).toBe('000000000000');
  });

  it('Argentina, Chile, Peru, Mexico, Costa Rica', async () => {
    const ar = await issue(argentinaPerson({ name: 'JUAN PEREZ', cuit: '20123456786' }));
    expect(nameAttribute(ar.cert.subject, OID.serialNumber)).toBe('CUIT 20123456786');
    expect(ar.cert.subject.rdns.flat().find((a) => a.type === OID.serialNumber)!.tag).toBe(
      Tag.PrintableString,
    );

    const cl = await issue(
      chilePerson({ name: 'CAMILA ROJAS', rut: '12345678-5', email: 'camila@example.cl' }),
    );
    const rut = otherNames(cl.cert.ext.subjectAltName)[CHILE_RUT_OID]!;
    expect(rut.text).toBe('12345678-5');
    expect(rut.value.tag).toBe(Tag.IA5String);
    expect(cl.cert.ext.subjectAltName!.map(generalNameToString)[0]).toBe('email:camila@example.cl');

    const pe = await issue(peruPerson({ dni: '41234567' }));
    expect(nameAttribute(pe.cert.subject, OID.serialNumber)).toBe('PNOPE-41234567');

    const mx = await issue(mexicoPerson({ rfc: 'GODE561231GR8' }));
    expect(nameAttribute(mx.cert.subject, OID.x500UniqueIdentifier)).toBe('GODE561231GR8');
    expect(nameAttribute(mx.cert.subject, OID.serialNumber)).toHaveLength(18);

    const cr = await issue(costaRicaPerson({ givenName: 'ANA', surname: 'MORA SOLIS', cedula: '101230456' }));
    expect(cr.cert.subject.text).toBe(
      'C=CR, O=PERSONA FISICA, OU=CIUDADANO, CN=ANA MORA SOLIS (FIRMA), GN=ANA, SN=MORA SOLIS, serialNumber=CPF-01-0123-0456',
    );
  });

  it('EU natural and legal persons with qcStatements', async () => {
    const np = await issue(
      euNaturalPerson({ givenName: 'MARI', surname: 'MAASIKAS', idNumber: '38001085718' }),
    );
    expect(nameAttribute(np.cert.subject, OID.serialNumber)).toBe('PNOEE-38001085718');
    const qcs = np.cert.ext.qcStatements!;
    expect(qcs.map((q) => q.oid)).toEqual([
      OID.qcsSemanticsIdV2,
      OID.qcsQcCompliance,
      OID.qcsQcSSCD,
      OID.qcsQcPDS,
      OID.qcsQcType,
    ]);
    expect(decodeOid(children(qcs[0]!.info!)[0]!)).toBe(OID.semanticsNaturalPerson);
    expect(children(qcs[4]!.info!).map((t) => decodeOid(t))).toEqual([OID.qcTypeEsign]);
    const pds = children(qcs[3]!.info!).map((loc) => children(loc).map(decodeString));
    expect(pds).toEqual([['https://pki.test/pds/pds_en.pdf', 'en']]);

    const lp = await issue(euLegalPerson({ country: 'BE', idNumber: '0123456789' }));
    expect(nameAttribute(lp.cert.subject, OID.organizationIdentifier)).toBe('VATBE-0123456789');
    const lq = lp.cert.ext.qcStatements!;
    expect(decodeOid(children(lq[0]!.info!)[0]!)).toBe(OID.semanticsLegalPerson);
    expect(lq.map((q) => q.oid)).not.toContain(OID.qcsQcSSCD);

    expect(euNaturalPerson({ qualified: false }).extensions.qcStatements).toEqual({ semanticsId: 'natural' });
  });

  it('encodes every qcStatement', () => {
    const der = encodeQcStatements({
      compliance: true,
      sscd: true,
      type: ['eSign', 'web', '2.999.6'],
      pds: [
        { url: 'https://a.test/en', lang: 'en' },
        { url: 'https://a.test/es', lang: 'es' },
      ],
      legislation: ['BR', 'CL'],
      retentionPeriod: 15,
      limitValue: { currency: 'EUR', amount: 1000, exponent: 2 },
      semanticsId: '2.999.1',
      nameRegistrationAuthorities: [{ uri: 'https://registry.test' }],
      psd2: { roles: ['PSP_AS', 'PSP_PI'], ncaName: 'Banco de España', ncaId: 'ES-BE' },
      extra: [{ oid: '2.999.9' }],
    });
    const stmts = children(parseDer(der)).map((s) => {
      const r = new SeqReader(s, 'QCStatement');
      const oid = decodeOid(r.next('id'));
      return { oid, info: r.more ? r.next('info') : undefined };
    });
    const by = Object.fromEntries(stmts.map((s) => [s.oid, s.info]));
    expect(stmts.map((s) => s.oid)).toEqual([
      OID.qcsSemanticsIdV2,
      OID.qcsQcCompliance,
      OID.qcsQcLimitValue,
      OID.qcsQcRetentionPeriod,
      OID.qcsQcSSCD,
      OID.qcsQcPDS,
      OID.qcsQcType,
      OID.qcsQcCClegislation,
      OID.psd2,
      '2.999.9',
    ]);
    expect(decodeInteger(by[OID.qcsQcRetentionPeriod]!)).toBe(15n);
    expect(children(by[OID.qcsQcCClegislation]!).map(decodeString)).toEqual(['BR', 'CL']);
    expect(children(by[OID.qcsQcType]!).map((t) => decodeOid(t))).toEqual([
      OID.qcTypeEsign,
      OID.qcTypeWeb,
      '2.999.6',
    ]);
    const [cur, amount, exp] = children(by[OID.qcsQcLimitValue]!);
    expect([decodeString(cur!), decodeInteger(amount!), decodeInteger(exp!)]).toEqual(['EUR', 1000n, 2n]);
    const [roles, nca, ncaId] = children(by[OID.psd2]!);
    expect(children(roles!).map((r) => decodeString(children(r)[1]!))).toEqual(['PSP_AS', 'PSP_PI']);
    expect([decodeString(nca!), decodeString(ncaId!)]).toEqual(['Banco de España', 'ES-BE']);
    expect(children(by[OID.qcsSemanticsIdV2]!)).toHaveLength(2);
  });
});
