import { OID, Tag, generalNameToString, parseCertificate } from '@mutua/core';
import {
  type BuiltCertificate,
  buildCertificate,
  encodeIp,
  encodeName,
  keyIdentifier,
  keyPool,
} from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { hex, verifyCert } from './helpers';

let root: BuiltCertificate;
beforeAll(async () => {
  root = await buildCertificate({
    subject: { C: 'BR', O: 'ICP-Brasil', CN: 'Raiz de Teste' },
    key: await keyPool.get('P-256', 'cert-root'),
    extensions: { basicConstraints: { cA: true }, keyUsage: ['keyCertSign', 'cRLSign'] },
  });
});

describe('names', () => {
  it('encodes objects, arrays, multi-valued RDNs and string types', async () => {
    const c = await buildCertificate({
      subject: [
        ['C', 'EE'],
        ['O', 'Ação Ltda'],
        ['OU', 'bmp', 'bmp'],
        ['2.5.4.97', 'VATEE-123', 'printable'],
        [
          ['CN', 'Mari'],
          ['serialNumber', 'PNOEE-38001085718'],
        ],
        ['emailAddress', 'mari@example.test'],
        ['DC', 'test'],
      ],
      issuer: root,
    });
    const s = c.cert.subject;
    expect(s.rdns.map((r) => r.length)).toEqual([1, 1, 1, 1, 2, 1, 1]);
    expect(s.rdns[0]![0]).toMatchObject({ type: OID.countryName, value: 'EE', tag: Tag.PrintableString });
    expect(s.rdns[1]![0]).toMatchObject({ value: 'Ação Ltda', tag: Tag.UTF8String });
    expect(s.rdns[2]![0]).toMatchObject({ value: 'bmp', tag: Tag.BMPString });
    expect(s.rdns[3]![0]).toMatchObject({ type: OID.organizationIdentifier, tag: Tag.PrintableString });
    expect(s.rdns[4]!.map((a) => a.value).sort()).toEqual(['Mari', 'PNOEE-38001085718']);
    expect(s.rdns[5]![0]).toMatchObject({ tag: Tag.IA5String });
    expect(c.cert.issuer.key).toBe(root.cert.subject.key);
    expect(encodeName({ C: 'BR', OU: ['a', 'b'] })).toEqual(
      encodeName([
        ['C', 'BR'],
        ['OU', 'a'],
        ['OU', 'b'],
      ]),
    );
    expect(encodeName(root.cert.subject)).toEqual(root.cert.subject.der);
    expect(() => encodeName({ nope: 'x' })).toThrow(/unknown attribute type/);
  });
});

describe('buildCertificate', () => {
  it('builds a self-signed root with computed key identifiers', async () => {
    expect(root.cert.version).toBe(3);
    expect(root.cert.selfIssued).toBe(true);
    expect(root.cert.problems).toEqual([]);
    expect(root.cert.ext.basicConstraints).toEqual({ cA: true });
    expect(root.cert.ext.keyUsage).toMatchObject({
      keyCertSign: true,
      cRLSign: true,
      digitalSignature: false,
    });
    const kid = await keyIdentifier(root.key);
    expect(root.cert.ext.subjectKeyIdentifier).toEqual(kid);
    expect(root.cert.ext.authorityKeyIdentifier?.keyIdentifier).toEqual(kid);
    expect(root.keyIdentifier).toEqual(kid);
    expect(await verifyCert(root.cert, root.cert)).toEqual(['valid', 'valid']);
    expect(parseCertificate(root.der).der).toEqual(root.der);
    expect(root.pem()).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
  });

  it('round-trips every typed extension', async () => {
    const c = await buildCertificate({
      subject: { CN: 'Everything' },
      issuer: root,
      serialNumber: 0x1234n,
      notBefore: new Date('2025-01-01T00:00:00.999Z'),
      notAfter: new Date('2051-01-01T00:00:00Z'),
      extensions: {
        basicConstraints: { cA: true, pathLen: 2 },
        keyUsage: ['digitalSignature', 'nonRepudiation', 'decipherOnly'],
        extKeyUsage: ['clientAuth', 'emailProtection', '1.3.6.1.4.1.311.10.3.12'],
        certificatePolicies: [
          {
            oid: '2.16.76.1.2.3.1',
            cps: 'http://pki.test/dpc',
            userNotice: { explicitText: 'Política de teste', organization: 'ITI', noticeNumbers: [1, 2] },
          },
          OID.anyPolicy,
        ],
        policyMappings: [{ issuerDomainPolicy: '2.999.1', subjectDomainPolicy: '2.999.2' }],
        policyConstraints: { requireExplicitPolicy: 0, inhibitPolicyMapping: 1 },
        inhibitAnyPolicy: 0,
        nameConstraints: {
          permitted: [
            { dns: '.example.test' },
            { email: 'example.test' },
            { ip: '10.0.0.0/8' },
            { dirName: { C: 'BR', O: 'ICP-Brasil' } },
          ],
          excluded: [{ base: { uri: '.bad.test' }, minimum: 0, maximum: 3 }, { ip: '2001:db8::/32' }],
        },
        subjectAltName: [
          { email: 'ana@example.test' },
          { dns: 'ana.example.test' },
          { uri: 'https://ana.example.test/' },
          { ip: '192.0.2.1' },
          { ip: '2001:db8::1' },
          { registeredId: '2.999.7' },
          { dirName: { CN: 'Ana' } },
          {
            otherName: {
              oid: '2.16.76.1.3.1',
              value: '010119901234567890900000000000000000000000000000',
              stringType: 'octets',
            },
          },
          { otherName: { oid: '1.3.6.1.4.1.8321.1', value: '12345678-5', stringType: 'ia5' } },
        ],
        issuerAltName: [{ uri: 'http://pki.test' }],
        subjectDirectoryAttributes: {
          dateOfBirth: new Date('1990-05-15'),
          countryOfCitizenship: ['BR', 'PT'],
          gender: 'F',
        },
        crlDistributionPoints: [
          'http://pki.test/a.crl',
          {
            fullName: ['ldap://pki.test/cn=a'],
            reasons: ['keyCompromise', 'cACompromise'],
            cRLIssuer: [{ dirName: { CN: 'CRL Issuer' } }],
          },
        ],
        freshestCrl: ['http://pki.test/delta.crl'],
        authorityInfoAccess: {
          ocsp: 'http://ocsp.pki.test',
          caIssuers: ['http://pki.test/ca.cer', 'ldap://pki.test/ca'],
        },
        subjectInfoAccess: [{ method: '1.3.6.1.5.5.7.48.5', location: { uri: 'http://repo.test' } }],
        ocspNoCheck: true,
        critical: { certificatePolicies: true, keyUsage: false },
        raw: [{ oid: '2.999.99', critical: false, value: new Uint8Array([0x05, 0x00]) }],
      },
    });
    const x = c.cert.ext;
    expect(c.cert.problems).toEqual([]);
    expect(c.cert.serialNumber).toBe(0x1234n);
    expect(c.cert.notBefore.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(c.cert.notAfter.toISOString()).toBe('2051-01-01T00:00:00.000Z'); // GeneralizedTime after 2049
    expect(x.basicConstraints).toEqual({ cA: true, pathLenConstraint: 2 });
    expect(x.keyUsage).toMatchObject({
      digitalSignature: true,
      nonRepudiation: true,
      decipherOnly: true,
      keyCertSign: false,
    });
    expect(x.extKeyUsage).toEqual([OID.kpClientAuth, OID.kpEmailProtection, '1.3.6.1.4.1.311.10.3.12']);
    expect(x.certificatePolicies).toEqual([
      {
        policyIdentifier: '2.16.76.1.2.3.1',
        qualifiers: [
          { type: 'cps', uri: 'http://pki.test/dpc' },
          {
            type: 'userNotice',
            explicitText: 'Política de teste',
            noticeRef: { organization: 'ITI', noticeNumbers: [1, 2] },
          },
        ],
      },
      { policyIdentifier: OID.anyPolicy, qualifiers: [] },
    ]);
    expect(x.policyMappings).toEqual([{ issuerDomainPolicy: '2.999.1', subjectDomainPolicy: '2.999.2' }]);
    expect(x.policyConstraints).toEqual({ requireExplicitPolicy: 0, inhibitPolicyMapping: 1 });
    expect(x.inhibitAnyPolicy).toBe(0);
    const nc = x.nameConstraints!;
    expect(nc.permittedSubtrees!.map((s) => generalNameToString(s.base))).toEqual([
      'DNS:.example.test',
      'email:example.test',
      'IP:10.0.0.0/255.0.0.0',
      'dirName:C=BR, O=ICP-Brasil',
    ]);
    expect(nc.excludedSubtrees![0]).toMatchObject({
      minimum: 0,
      maximum: 3,
      base: { type: 'uniformResourceIdentifier', value: '.bad.test' },
    });
    expect(hex((nc.excludedSubtrees![1]!.base as { value: Uint8Array }).value)).toBe(
      '20010db8000000000000000000000000ffffffff000000000000000000000000',
    );
    expect(x.subjectAltName!.map(generalNameToString)).toEqual([
      'email:ana@example.test',
      'DNS:ana.example.test',
      'URI:https://ana.example.test/',
      'IP:192.0.2.1',
      'IP:2001:db8:0:0:0:0:0:1',
      'RID:2.999.7',
      'dirName:CN=Ana',
      'otherName:2.16.76.1.3.1=010119901234567890900000000000000000000000000000',
      'otherName:1.3.6.1.4.1.8321.1=12345678-5',
    ]);
    const rut = x.subjectAltName![8]!;
    expect(rut.type === 'otherName' && rut.value.tag).toBe(Tag.IA5String);
    const icp = x.subjectAltName![7]!;
    expect(icp.type === 'otherName' && icp.value.tag).toBe(Tag.OCTET_STRING);
    expect(x.issuerAltName!.map(generalNameToString)).toEqual(['URI:http://pki.test']);
    expect(x.subjectDirectoryAttributes!.map((a) => a.type)).toEqual([
      OID.dateOfBirth,
      OID.gender,
      OID.countryOfCitizenship,
    ]);
    expect(x.cRLDistributionPoints).toHaveLength(2);
    expect(x.cRLDistributionPoints![0]!.distributionPoint).toMatchObject({
      type: 'fullName',
      names: [{ type: 'uniformResourceIdentifier', value: 'http://pki.test/a.crl' }],
    });
    expect(x.cRLDistributionPoints![1]).toMatchObject({
      reasons: ['keyCompromise', 'cACompromise'],
      cRLIssuer: [{ type: 'directoryName' }],
    });
    expect(x.freshestCRL![0]!.distributionPoint).toMatchObject({
      names: [{ value: 'http://pki.test/delta.crl' }],
    });
    expect(x.authorityInfoAccess!.map((a) => [a.method, generalNameToString(a.location)])).toEqual([
      [OID.adOcsp, 'URI:http://ocsp.pki.test'],
      [OID.adCaIssuers, 'URI:http://pki.test/ca.cer'],
      [OID.adCaIssuers, 'URI:ldap://pki.test/ca'],
    ]);
    expect(x.subjectInfoAccess).toHaveLength(1);
    expect(x.ocspNoCheck).toBe(true);
    expect(x.authorityKeyIdentifier?.keyIdentifier).toEqual(root.keyIdentifier);
    const crit = Object.fromEntries(c.cert.extensions.map((e) => [e.oid, e.critical]));
    expect(crit[OID.basicConstraints]).toBe(true);
    expect(crit[OID.keyUsage]).toBe(false);
    expect(crit[OID.certificatePolicies]).toBe(true);
    expect(crit[OID.nameConstraints]).toBe(true);
    expect(crit[OID.subjectAltName]).toBe(false);
    expect(crit['2.999.99']).toBe(false);
    expect(await verifyCert(c.cert, root.cert)).toEqual(['valid', 'valid']);
  });

  it('overrides and omits key identifiers, writes AKI issuer+serial', async () => {
    const c = await buildCertificate({
      subject: { CN: 'ids' },
      issuer: root,
      extensions: {
        subjectKeyIdentifier: new Uint8Array([1, 2, 3]),
        authorityKeyIdentifier: {
          keyIdentifier: new Uint8Array([9]),
          authorityCertIssuer: [{ dirName: root.cert.subject }],
          authorityCertSerialNumber: 77,
        },
      },
    });
    expect(c.cert.ext.subjectKeyIdentifier).toEqual(new Uint8Array([1, 2, 3]));
    expect(c.keyIdentifier).toEqual(new Uint8Array([1, 2, 3]));
    expect(c.cert.ext.authorityKeyIdentifier).toMatchObject({
      keyIdentifier: new Uint8Array([9]),
      authorityCertSerialNumber: 77n,
    });
    const none = await buildCertificate({
      subject: { CN: 'none' },
      issuer: root,
      extensions: { subjectKeyIdentifier: false, authorityKeyIdentifier: false },
    });
    expect(none.cert.extensions).toEqual([]);
    expect(none.keyIdentifier).toEqual(await keyIdentifier(none.key));
  });

  it('writes v1 certificates, negative serials and unique identifiers', async () => {
    const v1 = await buildCertificate({ subject: { CN: 'v1' }, issuer: root, version: 1, serialNumber: -5n });
    expect(v1.cert.version).toBe(1);
    expect(v1.cert.extensions).toEqual([]);
    expect(v1.cert.serialNumber).toBe(-5n);
    expect(v1.cert.serialHex).toBe('fb');
    const v2 = await buildCertificate({
      subject: { CN: 'v2' },
      issuer: root,
      version: 2,
      issuerUniqueId: new Uint8Array([1]),
      subjectUniqueId: new Uint8Array([2]),
    });
    expect(v2.cert).toMatchObject({
      version: 2,
      issuerUniqueID: new Uint8Array([0, 1]),
      subjectUniqueID: new Uint8Array([0, 2]),
    });
    const zero = await buildCertificate({ subject: { CN: 'zero' }, issuer: root, serialNumber: 0 });
    expect(zero.cert.serialNumber).toBe(0n);
    // Extensions in a v1 certificate are written when asked for, and core refuses them.
    await expect(
      buildCertificate({
        subject: { CN: 'bad' },
        issuer: root,
        version: 1,
        extensions: { keyUsage: ['digitalSignature'] },
      }),
    ).rejects.toThrow(/extensions in a v1 certificate/);
  });

  it('signs with every key type, and chooses the hash', async () => {
    for (const spec of ['RSA-2048', 'RSA-PSS-2048', 'P-384', 'Ed25519'] as const) {
      const issuerKey = await keyPool.get(spec, 'cert-issuers');
      const ca = await buildCertificate({
        subject: { CN: spec },
        key: issuerKey,
        extensions: { basicConstraints: { cA: true } },
      });
      const leaf = await buildCertificate({ subject: { CN: `${spec} leaf` }, issuer: ca });
      expect(await verifyCert(leaf.cert, ca.cert)).toEqual(['valid', 'valid']);
      expect(leaf.cert.signatureAlgorithm.der).toEqual(leaf.cert.tbsSignatureAlgorithm.der);
    }
    const rsa = await keyPool.get('RSA-2048', 'cert-issuers');
    const sha1 = await buildCertificate({ subject: { CN: 'sha1' }, key: rsa, signature: { hash: 'SHA-1' } });
    expect(sha1.cert.signatureAlgorithm.oid).toBe(OID.sha1WithRSA);
    expect(await verifyCert(sha1.cert, sha1.cert)).toEqual(['valid', 'valid']);
    const pss = await buildCertificate({
      subject: { CN: 'pss' },
      key: rsa,
      signature: { pss: true, hash: 'SHA-512' },
    });
    expect(pss.cert.signatureAlgorithm.oid).toBe(OID.rsassaPss);
    expect(await verifyCert(pss.cert, pss.cert)).toEqual(['valid', 'valid']);
  });

  it('produces deliberately broken certificates', async () => {
    const sig = await buildCertificate({
      subject: { CN: 'tampered' },
      issuer: root,
      tamper: { signature: true },
    });
    expect(await verifyCert(sig.cert, root.cert)).toEqual(['invalid', 'invalid']);

    const mismatch = await buildCertificate({
      subject: { CN: 'mismatch' },
      issuer: root,
      tamper: { outerSignatureAlgorithm: { hash: 'SHA-384' } },
    });
    expect(mismatch.cert.signatureAlgorithm.oid).toBe(OID.ecdsaWithSHA384);
    expect(mismatch.cert.tbsSignatureAlgorithm.oid).toBe(OID.ecdsaWithSHA256);
    expect(mismatch.cert.problems.map((p) => p.message).join()).toMatch(/signatureAlgorithm differs/);

    const wrongName = await buildCertificate({
      subject: { CN: 'wrong issuer' },
      issuer: root,
      tamper: { issuerName: { CN: 'Someone Else' } },
    });
    expect(wrongName.cert.issuer.text).toBe('CN=Someone Else');
    expect(await verifyCert(wrongName.cert, root.cert)).toEqual(['valid', 'valid']);

    const other = await keyPool.get('P-256', 'cert-other');
    const wrongKey = await buildCertificate({
      subject: { CN: 'wrong key' },
      issuer: root,
      tamper: { signingKey: other },
    });
    expect(await verifyCert(wrongKey.cert, root.cert)).toEqual(['invalid', 'invalid']);
    expect(await verifyCert(wrongKey.cert, other.publicKeyInfo)).toEqual(['valid', 'valid']);

    const dup = await buildCertificate({
      subject: { CN: 'dup' },
      issuer: root,
      extensions: {
        keyUsage: ['digitalSignature'],
        raw: [{ oid: OID.keyUsage, critical: true, value: new Uint8Array([0x03, 0x01, 0x00]) }],
      },
    });
    expect(dup.cert.problems.map((p) => p.message)).toContain('extension appears more than once');

    const foreign = await buildCertificate({
      subject: { CN: 'foreign key' },
      issuer: root,
      publicKeyInfo: other.spki,
    });
    expect(foreign.cert.publicKey.der).toEqual(other.spki);
  });

  it('encodes IP addresses and masks', () => {
    expect(hex(encodeIp('192.168.1.0/24'))).toBe('c0a80100ffffff00');
    expect(hex(encodeIp('::1'))).toBe('00000000000000000000000000000001');
    expect(hex(encodeIp('::ffff:10.0.0.1'))).toBe('00000000000000000000ffff0a000001');
    expect(() => encodeIp('1.2.3')).toThrow();
  });

  it('merges identity presets under explicit options', async () => {
    const c = await buildCertificate({
      identity: {
        subject: { CN: 'From identity' },
        extensions: { subjectAltName: [{ email: 'x@y.test' }], keyUsage: ['keyAgreement'] },
      },
      extensions: { keyUsage: ['digitalSignature'] },
      issuer: root,
    });
    expect(c.cert.subject.text).toBe('CN=From identity');
    expect(c.cert.ext.subjectAltName).toHaveLength(1);
    expect(c.cert.ext.keyUsage?.digitalSignature).toBe(true);
    expect(c.cert.ext.keyUsage?.keyAgreement).toBe(false);
  });
});
