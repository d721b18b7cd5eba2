import { OID, generalNameToString } from '@mutua/core';
import { TEST_POLICY_OID, brazilPerson, createTestPki, keyPool } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import { parseCrl, parseOcsp, verifyBoth, verifyCert } from './helpers';

const referenceDate = new Date('2025-06-01T00:00:00Z');

describe('createTestPki', () => {
  it('builds a valid root → intermediate → end-entity chain around the reference date', async () => {
    const pki = await createTestPki({ referenceDate });
    const [leaf, ca, root] = pki.chain;
    expect(pki.chain).toHaveLength(3);
    expect(await verifyCert(leaf!, ca!)).toEqual(['valid', 'valid']);
    expect(await verifyCert(ca!, root!)).toEqual(['valid', 'valid']);
    expect(await verifyCert(root!, root!)).toEqual(['valid', 'valid']);
    for (const c of pki.chain) {
      expect(c.problems).toEqual([]);
      expect(c.notBefore.getTime()).toBeLessThan(referenceDate.getTime());
      expect(c.notAfter.getTime()).toBeGreaterThan(referenceDate.getTime());
    }
    expect(leaf!.issuer.key).toBe(ca!.subject.key);
    expect(leaf!.ext.authorityKeyIdentifier?.keyIdentifier).toEqual(ca!.ext.subjectKeyIdentifier);
    expect(root!.ext.basicConstraints).toEqual({ cA: true });
    expect(ca!.ext.basicConstraints?.cA).toBe(true);
    expect(ca!.ext.keyUsage).toMatchObject({ keyCertSign: true, cRLSign: true });
    expect(leaf!.ext.keyUsage).toMatchObject({
      digitalSignature: true,
      nonRepudiation: true,
      keyCertSign: false,
    });
    expect(leaf!.ext.certificatePolicies?.map((p) => p.policyIdentifier)).toEqual([TEST_POLICY_OID]);
    expect(leaf!.ext.cRLDistributionPoints![0]!.distributionPoint).toMatchObject({
      names: [{ value: pki.issuingCa.urls.crl }],
    });
    expect(leaf!.ext.authorityInfoAccess!.map((a) => generalNameToString(a.location))).toEqual([
      `URI:${pki.issuingCa.urls.ocsp}`,
      `URI:${pki.issuingCa.urls.caIssuers}`,
    ]);
    expect(ca!.ext.cRLDistributionPoints![0]!.distributionPoint).toMatchObject({
      names: [{ value: pki.root.urls.crl }],
    });
    expect(pki.issuingCa.urls.crl).toBe('http://mutua-test.pki.test/crl/ca1.crl');
  });

  it('reuses pooled keys across PKIs of the same name, and separates other names', async () => {
    const a = await createTestPki({ referenceDate, name: 'Pool A' });
    const b = await createTestPki({ referenceDate, name: 'Pool A' });
    const c = await createTestPki({ referenceDate, name: 'Pool B' });
    expect(b.root.key).toBe(a.root.key);
    expect(b.endEntity.key).toBe(a.endEntity.key);
    expect(c.root.key).not.toBe(a.root.key);
    expect(a.root.key).not.toBe(a.issuingCa.key);
    const fresh = await createTestPki({ referenceDate, name: 'Pool A', pool: false });
    expect(fresh.root.key).not.toBe(a.root.key);
  });

  it('issues, revokes and publishes CRLs and OCSP responses', async () => {
    const pki = await createTestPki({ referenceDate, name: 'Revocation PKI' });
    const good = await pki.issue();
    const bad = await pki.issue({ identity: brazilPerson({ cpf: '12345678909' }) });
    expect(bad.cert.subject.text).toMatch(/CN=MARIA DA SILVA:12345678909$/);
    expect(bad.cert.ext.certificatePolicies).toHaveLength(1); // CA defaults still applied
    expect(bad.key).not.toBe(good.key);
    pki.revoke(bad, { reason: 'keyCompromise' });
    pki.revoke(pki.intermediates[0]!, { reason: 'cACompromise', date: new Date('2025-05-01T00:00:00Z') });
    expect(pki.root.revocations.size).toBe(1);

    const crl = parseCrl((await pki.crl()).der);
    expect(crl.entries.map((e) => e.serial)).toEqual([bad.cert.serialNumber]);
    expect(crl.thisUpdate.getTime()).toBeLessThan(referenceDate.getTime());
    expect(crl.nextUpdate!.getTime()).toBeGreaterThan(referenceDate.getTime());
    expect(
      await verifyBoth(crl.signatureAlgorithm, pki.issuingCa.cert.publicKey, crl.tbsDer, crl.signature),
    ).toEqual(['valid', 'valid']);
    const second = parseCrl((await pki.issuingCa.crl()).der);
    const num = (c: typeof crl) => c.extensions.find((e) => e.oid === OID.cRLNumber)!.value;
    expect(num(second)).not.toEqual(num(crl));
    const rootCrl = parseCrl((await pki.crl(pki.root)).der);
    expect(rootCrl.entries.map((e) => e.serial)).toEqual([pki.intermediates[0]!.cert.serialNumber]);

    const ocsp = parseOcsp((await pki.ocsp(bad)).der);
    expect(ocsp.responses[0]).toMatchObject({ status: 'revoked', reason: 1, serial: bad.cert.serialNumber });
    expect(
      await verifyBoth(ocsp.signatureAlgorithm!, pki.issuingCa.cert.publicKey, ocsp.tbsDer!, ocsp.signature!),
    ).toEqual(['valid', 'valid']);
    const multi = parseOcsp((await pki.issuingCa.ocsp([good, bad], { hash: 'SHA-256' })).der);
    expect(multi.responses.map((r) => r.status)).toEqual(['good', 'revoked']);
    const forced = parseOcsp((await pki.ocsp(good, { status: 'unknown' })).der);
    expect(forced.responses[0]!.status).toBe('unknown');

    const responder = await pki.issuingCa.issueOcspResponder();
    expect(responder.cert.ext).toMatchObject({ extKeyUsage: [OID.kpOCSPSigning], ocspNoCheck: true });
    expect(responder.cert.ext.certificatePolicies).toBeUndefined();
    const delegated = parseOcsp((await pki.ocsp(good, { responder })).der);
    expect(delegated.certs).toEqual([responder.der]);
    expect(
      await verifyBoth(
        delegated.signatureAlgorithm!,
        responder.cert.publicKey,
        delegated.tbsDer!,
        delegated.signature!,
      ),
    ).toEqual(['valid', 'valid']);

    pki.issuingCa.unrevoke(bad);
    expect(parseOcsp((await pki.ocsp(bad)).der).responses[0]!.status).toBe('good');

    expect(await pki.fetch(pki.issuingCa.urls.caIssuers)).toEqual(pki.issuingCa.der);
    expect(parseCrl((await pki.fetch(pki.root.urls.crl))!).entries).toHaveLength(1);
    expect(await pki.fetch('http://elsewhere.test/x.crl')).toBeUndefined();
  });

  it('supports several intermediates, sub-CAs, RSA keys and custom levels', async () => {
    const pki = await createTestPki({
      referenceDate,
      name: 'Deep PKI',
      intermediates: [
        { pathLen: 1, label: 'policy' },
        { pathLen: 0, subject: { C: 'BR', CN: 'Issuing' } },
      ],
      policies: ['2.999.5'],
      endEntity: { subject: { CN: 'Custom leaf' }, extensions: { extKeyUsage: ['emailProtection'] } },
    });
    expect(pki.chain.map((c) => c.subject.text)).toEqual([
      'CN=Custom leaf',
      'C=BR, CN=Issuing',
      'C=ES, O=Deep PKI, CN=Deep PKI policy',
      'C=ES, O=Deep PKI, CN=Deep PKI Root CA',
    ]);
    expect(pki.chain[1]!.ext.basicConstraints).toEqual({ cA: true, pathLenConstraint: 0 });
    expect(pki.chain[0]!.ext.extKeyUsage).toEqual([OID.kpEmailProtection]);
    expect(pki.chain[0]!.ext.certificatePolicies![0]!.policyIdentifier).toBe('2.999.5');
    for (let i = 0; i + 1 < pki.chain.length; i++)
      expect(await verifyCert(pki.chain[i]!, pki.chain[i + 1]!)).toEqual(['valid', 'valid']);

    const sub = await pki.root.issueCa({ label: 'qualified' });
    const leaf = await pki.issue({ by: sub });
    expect(pki.issuerOf(leaf)).toBe(sub);
    expect(pki.cas).toContain(sub);
    expect(await verifyCert(leaf.cert, sub.cert)).toEqual(['valid', 'valid']);

    const rsa = await createTestPki({
      referenceDate,
      name: 'RSA PKI',
      keySpec: 'RSA-2048',
      intermediates: 0,
      endEntity: { keySpec: 'P-256' },
    });
    expect(rsa.chain).toHaveLength(2);
    expect(rsa.root.cert.signatureAlgorithm.oid).toBe(OID.sha256WithRSA);
    expect(rsa.endEntity.cert.publicKey.type).toBe('EC');
    expect(await verifyCert(rsa.endEntity.cert, rsa.root.cert)).toEqual(['valid', 'valid']);
    expect(await keyPool.get('RSA-2048', 'RSA PKI/root')).toBe(rsa.root.key);
  });

  it('issues end entities without CA defaults and expired certificates', async () => {
    const pki = await createTestPki({ referenceDate, name: 'Defaults PKI', policies: [] });
    const bare = await pki.issue({ defaults: false, extensions: { keyUsage: ['keyAgreement'] } });
    expect(bare.cert.extensions.map((e) => e.oid)).toEqual([
      OID.keyUsage,
      OID.subjectKeyIdentifier,
      OID.authorityKeyIdentifier,
    ]);
    const expired = await pki.issue({
      notBefore: new Date('2020-01-01Z'),
      notAfter: new Date('2021-01-01Z'),
    });
    expect(expired.cert.notAfter.getTime()).toBeLessThan(referenceDate.getTime());
    expect(pki.endEntity.cert.ext.certificatePolicies).toBeUndefined();
  });
});
