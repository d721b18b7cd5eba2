import { Indication, SubIndication, type TrustAnchor, trustAnchorFromCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { type BuiltCertificate, type TestPki, createTestPki, createTsa } from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type VerifyXadesOptions,
  type XadesSignatureReport,
  createXmlTimestamp,
  signXades,
  verifyXades,
} from '../src/index';

// XAdES-T with an XML time-stamp (OASIS DSS 1.0 core §5.1 in a xades:XMLTimeStamp): checked like an
// RFC 3161 token — its own signature and TstInfo, exactly what it covers, and its TSA.
const REF = new Date('2025-06-01T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(REF.getTime() + ms);
const invoice = '<Factura xmlns="urn:mutua:test"><Total>1180.00</Total></Factura>';

let pki: TestPki;
let anchors: TrustAnchor[];
let crls: Uint8Array[];
let tsa: BuiltCertificate;

beforeAll(async () => {
  pki = await createTestPki({ name: 'XAdES XML Time-stamps', referenceDate: REF, keySpec: 'P-256' });
  anchors = [trustAnchorFromCertificate(pki.root.cert)];
  crls = [(await pki.crl(pki.root)).der, (await pki.crl()).der];
  tsa = await createTsa(pki, { notBefore: at(-365 * DAY), notAfter: at(5 * 365 * DAY) });
});

const xmlStamp =
  (signer: BuiltCertificate = tsa, genTime = REF) =>
  (covered: Uint8Array) =>
    createXmlTimestamp({
      covered,
      key: signer.key.privateKey,
      certificates: [signer.der, pki.issuingCa.der],
      genTime,
      crypto: nodeCryptoEngine,
    });

const sign = (o: Partial<Parameters<typeof signXades>[0]> = {}) =>
  signXades({
    content: { kind: 'enveloped', document: invoice },
    key: pki.endEntity.key.privateKey,
    certificate: pki.endEntity.der,
    chain: [pki.issuingCa.der],
    signingTime: REF,
    crypto: nodeCryptoEngine,
    xmlTimestamp: xmlStamp(),
    ...o,
  });

async function one(xml: string, o: Partial<VerifyXadesOptions> = {}): Promise<XadesSignatureReport> {
  const r = await verifyXades(xml, {
    trustAnchors: anchors,
    crls,
    time: at(HOUR),
    crypto: nodeCryptoEngine,
    ...o,
  });
  expect(r.signatures).toHaveLength(1);
  return r.signatures[0]!;
}

describe('XAdES-T with an XML time-stamp', () => {
  it('a SignatureTimeStamp as an XML time-stamp gives -T and the best-signature-time', async () => {
    const s = await one((await sign()).xml);
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
    expect(s.format).toBe('XAdES-BASELINE-T');
    expect(s.timestamps).toHaveLength(1);
    expect(s.timestamps[0]).toMatchObject({
      type: 'signature',
      attribute: 'xades:SignatureTimeStamp (XMLTimeStamp)',
      intact: true,
      messageImprintMatches: true,
      indication: Indication.TOTAL_PASSED,
    });
    expect(s.bestSignatureTime).toEqual(REF);
  });

  it('proves existence: a signer certificate that expired later still validates at the time-stamp', async () => {
    const leaf = await pki.issue({ notBefore: at(-30 * DAY), notAfter: at(DAY) });
    const signed = await sign({ key: leaf.key.privateKey, certificate: leaf.der });
    const later = at(60 * DAY);
    const crlsLater = [
      (await pki.root.crl({ thisUpdate: at(-HOUR), nextUpdate: at(7 * DAY) })).der,
      (await pki.issuingCa.crl({ thisUpdate: at(-HOUR), nextUpdate: at(7 * DAY) })).der,
    ];
    const s = await one(signed.xml, { time: later, crls: crlsLater });
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
    expect(s.bestSignatureTime).toEqual(REF);
  });

  it('a time-stamp copied from another signature covers something else: no -T, HASH_FAILURE on the time-stamp', async () => {
    const a = (await sign()).xml;
    const b = (await sign()).xml;
    const stampOf = (x: string) => /<xades:XMLTimeStamp>[\s\S]*<\/xades:XMLTimeStamp>/.exec(x)![0];
    const copied = b.replace(stampOf(b), stampOf(a));
    const s = await one(copied);
    expect(s.format).toBe('XAdES-BASELINE-B');
    expect(s.timestamps[0]).toMatchObject({
      messageImprintMatches: false,
      subIndication: SubIndication.HASH_FAILURE,
    });
    expect(s.bestSignatureTime).toBeUndefined();
  });

  it('an altered TstInfo (creation time moved) is not intact', async () => {
    const x = (await sign()).xml.replace(
      '<dss:CreationTime>2025-06-01T12:00:00.000Z</dss:CreationTime>',
      '<dss:CreationTime>2020-06-01T12:00:00.000Z</dss:CreationTime>',
    );
    const s = await one(x);
    expect(s.format).toBe('XAdES-BASELINE-B');
    expect(s.timestamps[0]).toMatchObject({ intact: false, indication: Indication.TOTAL_FAILED });
    expect(s.timestamps[0]!.checks.find((c) => c.id === 'timestamp.tstInfo')?.status).toBe('failed');
  });

  it('a "TSA" without the time-stamping extended key usage gives no proof', async () => {
    const s = await one((await sign({ xmlTimestamp: xmlStamp(pki.endEntity) })).xml);
    expect(s.format).toBe('XAdES-BASELINE-B');
    expect(s.timestamps[0]!.checks.find((c) => c.id === 'timestamp.extendedKeyUsage')?.status).toBe('failed');
  });

  it('a TSA of an untrusted PKI gives no proof', async () => {
    const other = await createTestPki({ name: 'Rogue TSA PKI', referenceDate: REF, keySpec: 'P-256' });
    const rogue = await createTsa(other, { notBefore: at(-DAY), notAfter: at(DAY) });
    const stamp = (covered: Uint8Array) =>
      createXmlTimestamp({
        covered,
        key: rogue.key.privateKey,
        certificates: [rogue.der, other.issuingCa.der],
        genTime: REF,
        crypto: nodeCryptoEngine,
      });
    const s = await one((await sign({ xmlTimestamp: stamp })).xml);
    expect(s.format).toBe('XAdES-BASELINE-B');
    expect(s.timestamps[0]).toMatchObject({
      intact: true,
      messageImprintMatches: true,
      indication: Indication.INDETERMINATE,
    });
  });

  it('a time-stamp whose signature does not sign its TstInfo is a format failure', async () => {
    const x = (await sign()).xml.replace(
      'Type="urn:oasis:names:tc:dss:1.0:core:schema:XMLTimeStampToken"',
      '',
    );
    const s = await one(x);
    expect(s.timestamps[0]).toMatchObject({ intact: false, subIndication: SubIndication.FORMAT_FAILURE });
  });
});
