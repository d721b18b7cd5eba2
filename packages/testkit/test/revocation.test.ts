import {
  OID,
  parseDer,
  decodeInteger,
  decodeOctetString,
  decodeTime,
  SeqReader,
  generalNameToString,
  parseGeneralNames,
} from '@mutua/core';
import {
  type BuiltCertificate,
  buildCertificate,
  buildCrl,
  buildOcspResponse,
  computeCertId,
  keyPool,
} from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { hex, parseCrl, parseOcsp, verifyBoth } from './helpers';

let ca: BuiltCertificate;
let leaf: BuiltCertificate;
beforeAll(async () => {
  ca = await buildCertificate({
    subject: { C: 'CL', O: 'Test', CN: 'CA' },
    key: await keyPool.get('P-256', 'rev-ca'),
    extensions: { basicConstraints: { cA: true }, keyUsage: ['keyCertSign', 'cRLSign'] },
  });
  leaf = await buildCertificate({
    subject: { CN: 'leaf' },
    issuer: ca,
    key: await keyPool.get('P-256', 'rev-leaf'),
  });
});

const ext = (list: { oid: string; critical: boolean; value: Uint8Array }[], oid: string) =>
  list.find((e) => e.oid === oid);

describe('buildCrl', () => {
  it('builds a v2 CRL with entries and extensions that verifies', async () => {
    const t = new Date('2025-06-01T00:00:00Z');
    const crl = await buildCrl({
      issuer: ca,
      thisUpdate: t,
      nextUpdate: new Date('2025-06-08T00:00:00Z'),
      crlNumber: 42,
      revoked: [
        {
          serial: leaf,
          date: new Date('2025-05-01T00:00:00Z'),
          reason: 'keyCompromise',
          invalidityDate: new Date('2025-04-30T00:00:00Z'),
        },
        { serial: 7n, certificateIssuer: [{ dirName: { CN: 'Other CA' } }] },
        { serial: -1, reason: 'removeFromCRL' },
      ],
      issuingDistributionPoint: {
        fullName: ['http://pki.test/ca.crl'],
        onlyContainsUserCerts: true,
        onlySomeReasons: ['keyCompromise'],
        indirectCRL: true,
      },
      freshestCrl: ['http://pki.test/delta.crl'],
      extensions: [{ oid: '2.999.3', value: new Uint8Array([5, 0]) }],
    });
    const p = parseCrl(crl.der);
    expect(p.version).toBe(2);
    expect(p.issuerDer).toEqual(ca.name);
    expect(p.thisUpdate).toEqual(t);
    expect(p.nextUpdate).toEqual(new Date('2025-06-08T00:00:00Z'));
    expect(p.innerAlg.der).toEqual(p.signatureAlgorithm.der);
    expect(await verifyBoth(p.signatureAlgorithm, ca.cert.publicKey, p.tbsDer, p.signature)).toEqual([
      'valid',
      'valid',
    ]);
    expect(p.entries.map((e) => e.serial)).toEqual([leaf.cert.serialNumber, 7n, -1n]);
    expect(crl.revokedSerials).toEqual([leaf.cert.serialNumber, 7n, -1n]);
    expect(p.entries[0]!.date).toEqual(new Date('2025-05-01T00:00:00Z'));
    expect(p.entries[1]!.date).toEqual(t);
    const e0 = p.entries[0]!.extensions;
    expect(decodeInteger(parseDer(ext(e0, OID.reasonCode)!.value))).toBe(1n);
    expect(decodeTime(parseDer(ext(e0, OID.invalidityDate)!.value))).toEqual(
      new Date('2025-04-30T00:00:00Z'),
    );
    const ci = ext(p.entries[1]!.extensions, OID.certificateIssuer)!;
    expect(ci.critical).toBe(true);
    expect(parseGeneralNames(parseDer(ci.value)).map(generalNameToString)).toEqual(['dirName:CN=Other CA']);
    expect(decodeInteger(parseDer(ext(p.entries[2]!.extensions, OID.reasonCode)!.value))).toBe(8n);
    expect(p.extensions.map((e) => e.oid)).toEqual([
      OID.authorityKeyIdentifier,
      OID.cRLNumber,
      OID.issuingDistributionPoint,
      OID.freshestCRL,
      '2.999.3',
    ]);
    expect(decodeInteger(parseDer(ext(p.extensions, OID.cRLNumber)!.value))).toBe(42n);
    const idp = ext(p.extensions, OID.issuingDistributionPoint)!;
    expect(idp.critical).toBe(true);
    expect(hex(idp.value)).toContain('8101ff'); // onlyContainsUserCerts [1] TRUE
    expect(hex(idp.value)).toContain('8401ff'); // indirectCRL [4] TRUE
    const aki = new SeqReader(parseDer(ext(p.extensions, OID.authorityKeyIdentifier)!.value), 'aki').next(
      'kid',
    );
    expect(aki.buf.subarray(aki.valueStart, aki.valueEnd)).toEqual(ca.keyIdentifier);
    expect(crl.pem()).toMatch(/BEGIN X509 CRL/);
  });

  it('builds delta, v1, nextUpdate-less and tampered CRLs', async () => {
    const delta = parseCrl((await buildCrl({ issuer: ca, crlNumber: 5, deltaCrlIndicator: 4 })).der);
    const dci = ext(delta.extensions, OID.deltaCRLIndicator)!;
    expect(dci.critical).toBe(true);
    expect(decodeInteger(parseDer(dci.value))).toBe(4n);
    expect(delta.entries).toEqual([]);

    const v1 = parseCrl((await buildCrl({ issuer: ca, version: 1, nextUpdate: null })).der);
    expect(v1.version).toBe(1);
    expect(v1.extensions).toEqual([]);
    expect(v1.nextUpdate).toBeUndefined();

    const bare = parseCrl(
      (await buildCrl({ issuer: ca, crlNumber: null, authorityKeyIdentifier: false })).der,
    );
    expect(bare.extensions).toEqual([]);

    const bad = parseCrl((await buildCrl({ issuer: ca, tamper: { signature: true } })).der);
    expect(await verifyBoth(bad.signatureAlgorithm, ca.cert.publicKey, bad.tbsDer, bad.signature)).toEqual([
      'invalid',
      'invalid',
    ]);

    const wrongName = parseCrl((await buildCrl({ issuer: ca, tamper: { issuerName: leaf.name } })).der);
    expect(wrongName.issuerDer).toEqual(leaf.name);

    const rsaKey = await keyPool.get('RSA-2048', 'rev-rsa');
    const rsa = parseCrl(
      (await buildCrl({ issuer: { name: { CN: 'RSA CRL signer' }, key: rsaKey }, signature: { pss: true } }))
        .der,
    );
    expect(rsa.signatureAlgorithm.oid).toBe(OID.rsassaPss);
    expect(await verifyBoth(rsa.signatureAlgorithm, rsaKey.publicKeyInfo, rsa.tbsDer, rsa.signature)).toEqual(
      ['valid', 'valid'],
    );
  });
});

describe('buildOcspResponse', () => {
  it('builds a signed BasicOCSPResponse with correct CertIDs', async () => {
    const producedAt = new Date('2025-06-01T12:00:00Z');
    const resp = await buildOcspResponse({
      responder: ca,
      producedAt,
      responses: [
        { certificate: leaf, issuer: ca, status: 'good' },
        {
          certificate: leaf,
          issuer: ca,
          hash: 'SHA-256',
          status: { revoked: new Date('2025-05-01T00:00:00Z'), reason: 'keyCompromise' },
          nextUpdate: null,
        },
        {
          certificate: leaf.cert,
          issuer: ca.cert,
          status: 'unknown',
          thisUpdate: new Date('2025-06-01T11:00:00Z'),
          nextUpdate: new Date('2025-06-02T00:00:00Z'),
        },
      ],
      nonce: new Uint8Array([1, 2, 3, 4]),
    });
    const p = parseOcsp(resp.der);
    expect(p.status).toBe(0);
    expect(p.producedAt).toEqual(producedAt);
    expect(await verifyBoth(p.signatureAlgorithm!, ca.cert.publicKey, p.tbsDer!, p.signature!)).toEqual([
      'valid',
      'valid',
    ]);
    const sha1 = async (b: Uint8Array) =>
      new Uint8Array(await crypto.subtle.digest('SHA-1', b as BufferSource));
    const sha256 = async (b: Uint8Array) =>
      new Uint8Array(await crypto.subtle.digest('SHA-256', b as BufferSource));
    expect(p.responderId!.byKey).toEqual(await sha1(ca.cert.publicKey.publicKey));
    const [good, revoked, unknown] = p.responses;
    expect(good).toMatchObject({ hashOid: OID.sha1, serial: leaf.cert.serialNumber, status: 'good' });
    expect(good!.issuerNameHash).toEqual(await sha1(ca.cert.subject.der));
    expect(good!.issuerKeyHash).toEqual(await sha1(ca.cert.publicKey.publicKey));
    expect(good!.thisUpdate).toEqual(new Date('2025-06-01T11:00:00Z'));
    expect(good!.nextUpdate).toEqual(new Date('2025-06-02T11:00:00Z'));
    expect(revoked).toMatchObject({
      hashOid: OID.sha256,
      status: 'revoked',
      reason: 1,
      revocationTime: new Date('2025-05-01T00:00:00Z'),
    });
    expect(revoked!.issuerKeyHash).toEqual(await sha256(ca.cert.publicKey.publicKey));
    expect(revoked!.nextUpdate).toBeUndefined();
    expect(unknown).toMatchObject({ status: 'unknown', nextUpdate: new Date('2025-06-02T00:00:00Z') });
    const nonce = p.extensions.find((e) => e.oid === OID.ocspNonce)!;
    expect(decodeOctetString(parseDer(nonce.value))).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(p.certs).toEqual([ca.der]);
    const id = await computeCertId(leaf, ca, 'SHA-256');
    expect(id.issuerNameHash).toEqual(revoked!.issuerNameHash);
  });

  it('supports byName, delegated responders, explicit CertIDs and tampering', async () => {
    const responder = await buildCertificate({
      subject: { CN: 'OCSP' },
      issuer: ca,
      extensions: { extKeyUsage: ['OCSPSigning'], ocspNoCheck: true },
    });
    const resp = await buildOcspResponse({
      responder,
      responderId: 'byName',
      certs: [responder, ca.der],
      responses: [
        {
          certId: {
            hash: 'SHA-1',
            issuerNameHash: new Uint8Array(20),
            issuerKeyHash: new Uint8Array(20),
            serialNumber: 99n,
          },
          status: 'good',
        },
      ],
    });
    const p = parseOcsp(resp.der);
    expect(p.responderId!.byName).toEqual(responder.name);
    expect(p.certs).toEqual([responder.der, ca.der]);
    expect(p.responses[0]!.serial).toBe(99n);
    expect(
      await verifyBoth(p.signatureAlgorithm!, responder.cert.publicKey, p.tbsDer!, p.signature!),
    ).toEqual(['valid', 'valid']);

    const none = parseOcsp(
      (await buildOcspResponse({ responder: ca, certs: [], tamper: { signature: true }, responses: [] })).der,
    );
    expect(none.certs).toEqual([]);
    expect(
      await verifyBoth(none.signatureAlgorithm!, ca.cert.publicKey, none.tbsDer!, none.signature!),
    ).toEqual(['invalid', 'invalid']);
  });

  it('builds non-successful responses', async () => {
    for (const [s, code] of [
      ['malformedRequest', 1],
      ['internalError', 2],
      ['tryLater', 3],
      ['sigRequired', 5],
      ['unauthorized', 6],
    ] as const) {
      const r = await buildOcspResponse({ responseStatus: s });
      expect(parseOcsp(r.der)).toMatchObject({ status: code, responses: [] });
      expect(r.basicDer).toBeUndefined();
    }
  });
});
