/** What the testkit builds, read back by @mutua/core's own CRL, OCSP and identity parsers. */
import { extractIdentity, parseCrl, parseOcspResponse } from '@mutua/core';
import {
  argentinaPerson,
  brazilCompany,
  brazilPerson,
  chilePerson,
  costaRicaPerson,
  createTestPki,
  euLegalPerson,
  euNaturalPerson,
  mexicoPerson,
  peruPerson,
} from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import { verifyBoth } from './helpers';

const referenceDate = new Date('2025-06-01T00:00:00Z');

describe('round trip through @mutua/core', () => {
  it('parses testkit CRLs', async () => {
    const pki = await createTestPki({ referenceDate, name: 'Roundtrip' });
    const leaf = await pki.issue();
    pki.revoke(leaf, { reason: 'keyCompromise', invalidityDate: new Date('2025-05-30T00:00:00Z') });
    const built = await pki.issuingCa.crl({
      issuingDistributionPoint: { fullName: [pki.issuingCa.urls.crl], onlyContainsUserCerts: true },
      freshestCrl: ['http://roundtrip.pki.test/delta.crl'],
    });
    const crl = parseCrl(built.der);
    expect(crl.version).toBe(2);
    expect(crl.signatureAlgorithmMismatch).toBe(false);
    expect(crl.hasUnknownCriticalExtension).toBe(false);
    expect(crl.issuer.key).toBe(pki.issuingCa.cert.subject.key);
    expect(crl.crlNumber).toBe(1n);
    expect(crl.authorityKeyIdentifier?.keyIdentifier).toEqual(pki.issuingCa.keyIdentifier);
    expect(crl.issuingDistributionPoint).toMatchObject({
      onlyContainsUserCerts: true,
      onlyContainsCACerts: false,
      indirectCRL: false,
    });
    expect(crl.freshestCRL).toHaveLength(1);
    expect(crl.revokedCertificates).toHaveLength(1);
    expect(crl.revokedCertificates[0]).toMatchObject({
      serialNumber: leaf.cert.serialNumber,
      serialHex: leaf.cert.serialHex,
      reasonCode: 'keyCompromise',
      invalidityDate: new Date('2025-05-30T00:00:00Z'),
    });
    expect(
      await verifyBoth(crl.signatureAlgorithm, pki.issuingCa.cert.publicKey, crl.tbsDer, crl.signatureValue),
    ).toEqual(['valid', 'valid']);

    const delta = parseCrl((await pki.issuingCa.crl({ deltaCrlIndicator: 1n, crlNumber: 2n })).der);
    expect(delta.deltaCRLIndicator).toBe(1n);
  });

  it('parses testkit OCSP responses', async () => {
    const pki = await createTestPki({ referenceDate, name: 'Roundtrip' });
    const leaf = await pki.issue();
    pki.revoke(leaf, { reason: 'superseded', date: new Date('2025-05-20T00:00:00Z') });
    const responder = await pki.issuingCa.issueOcspResponder();
    const resp = parseOcspResponse(
      (
        await pki.ocsp(leaf, {
          responder,
          responderId: 'byName',
          nonce: new Uint8Array([9, 9]),
          hash: 'SHA-256',
        })
      ).der,
    );
    expect(resp.responseStatus).toBe('successful');
    const basic = resp.basic!;
    expect(basic.responderId).toMatchObject({ type: 'byName' });
    expect(basic.nonce).toEqual(new Uint8Array([9, 9]));
    expect(basic.certs.map((c) => c.der)).toEqual([responder.der]);
    expect(basic.responses[0]!.certId).toMatchObject({
      hash: 'SHA-256',
      serialNumber: leaf.cert.serialNumber,
      serialHex: leaf.cert.serialHex,
    });
    expect(basic.responses[0]!.certStatus).toEqual({
      status: 'revoked',
      revocationTime: new Date('2025-05-20T00:00:00Z'),
      reason: 'superseded',
    });
    expect(
      await verifyBoth(
        basic.signatureAlgorithm,
        responder.cert.publicKey,
        basic.tbsResponseData,
        basic.signature,
      ),
    ).toEqual(['valid', 'valid']);
    const byKey = parseOcspResponse((await pki.ocsp(leaf)).der).basic!;
    expect(byKey.responderId.type).toBe('byKey');
  });

  it("identity presets are what core's extractors find", async () => {
    const pki = await createTestPki({ referenceDate, name: 'Roundtrip' });
    const ids = async (preset: Parameters<typeof pki.issue>[0]) => {
      const id = extractIdentity((await pki.issue(preset)).cert);
      return { id, found: Object.fromEntries(id.identifiers.map((i) => [i.scheme, i])) };
    };

    const br = await ids({ identity: brazilPerson({ cpf: '12345678909', birthDate: '1985-03-02' }) });
    expect(br.found['BR-CPF']).toMatchObject({ value: '12345678909', checkDigit: 'valid' });
    expect(br.id.birthDate).toBe('1985-03-02');
    expect(br.id.kind).toBe('natural-person');

    const co = await ids({
      identity: brazilCompany({ cnpj: '11222333000181', responsible: { cpf: '12345678909' } }),
    });
    expect(co.found['BR-CNPJ']).toMatchObject({ value: '11222333000181', checkDigit: 'valid' });
    expect(co.id.kind).toBe('legal-person');

    const ar = await ids({ identity: argentinaPerson({ cuit: '20123456786' }) });
    expect(ar.found['AR-CUIT']).toMatchObject({ value: '20123456786', checkDigit: 'valid' });

    const cl = await ids({ identity: chilePerson({ rut: '12345678-5' }) });
    expect(cl.found['CL-RUT']).toMatchObject({ value: '12345678-5', checkDigit: 'valid' });

    const pe = await ids({ identity: peruPerson({ dni: '41234567' }) });
    expect(Object.values(pe.found).map((i) => i.value)).toContain('41234567');

    const mx = await ids({ identity: mexicoPerson({ rfc: 'GODE561231GR8', curp: 'HEGG560427MVZRRL04' }) });
    expect(mx.found['MX-RFC']?.value).toBe('GODE561231GR8');
    expect(mx.found['MX-CURP']).toMatchObject({ value: 'HEGG560427MVZRRL04' });

    const cr = await ids({ identity: costaRicaPerson({ cedula: '101230456' }) });
    expect(cr.found['CR-CPF']?.value).toMatch(/0?101230456/);

    const eu = await ids({ identity: euNaturalPerson({ idNumber: '38001085718' }) });
    expect(eu.found['ETSI-PNO']).toMatchObject({ value: expect.stringContaining('38001085718') });
    expect(eu.id.qc).toBeDefined();
    expect(eu.id.kind).toBe('natural-person');

    const lp = await ids({ identity: euLegalPerson({ idNumber: '0123456789' }) });
    expect(lp.found['ETSI-VAT']).toMatchObject({ value: expect.stringContaining('0123456789') });
    expect(lp.id.kind).toBe('seal-or-device'); // QcType eSeal: core classifies the subject as a seal
  });
});
