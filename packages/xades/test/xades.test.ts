import { createPolicyStore } from '@mutua/cades';
import {
  Indication,
  SubIndication,
  type TrustAnchor,
  base64Encode,
  trustAnchorFromCertificate,
} from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import {
  type BuiltCertificate,
  type TestPki,
  createTestPki,
  createTsa,
  timestampToken,
} from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type VerifyXadesOptions,
  type XadesSignatureReport,
  XmlError,
  signXades,
  signXml,
  verifyXades,
} from '../src/index';

// XAdES (EN 319 132-1) on top of XML-DSig: every check of the XAdES layer in its good and bad case, with
// signatures made here by signXades / signXml over test PKIs.
const REF = new Date('2025-06-01T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(REF.getTime() + ms);
const invoice = '<factura xmlns="urn:mutua:test"><emisor>ACME</emisor><total>100.00</total></factura>';

let pki: TestPki;
let anchors: TrustAnchor[];
let crls: Uint8Array[];
let tsa: BuiltCertificate;

beforeAll(async () => {
  pki = await createTestPki({ name: 'XAdES Tests', referenceDate: REF, keySpec: 'P-256' });
  anchors = [trustAnchorFromCertificate(pki.root.cert)];
  crls = [(await pki.crl(pki.root)).der, (await pki.crl()).der];
  tsa = await createTsa(pki, { notBefore: at(-365 * DAY), notAfter: at(5 * 365 * DAY) });
});

const sign = (o: Partial<Parameters<typeof signXades>[0]> = {}) =>
  signXades({
    content: { kind: 'enveloped', document: invoice },
    key: pki.endEntity.key.privateKey,
    certificate: pki.endEntity.der,
    chain: [pki.issuingCa.der],
    signingTime: REF,
    crypto: nodeCryptoEngine,
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
const check = (s: XadesSignatureReport, id: string) => s.checks.find((c) => c.id === id);
const stamp = (imprint: Uint8Array) =>
  timestampToken({ tsa, digest: imprint, genTime: REF, chain: [pki.issuingCa] });

describe('XAdES-BASELINE-B and -T, signed and verified', () => {
  it('an enveloped XAdES-B passes, names its signer, and returns the signed nodes', async () => {
    const s = await one((await sign()).xml);
    expect([s.format, s.legacyFormat, s.indication]).toEqual([
      'XAdES-BASELINE-B',
      'XAdES-BES',
      Indication.TOTAL_PASSED,
    ]);
    expect(s.signer?.subject).toBe(pki.endEntity.cert.subject.text);
    expect(s.signingTime).toEqual(REF);
    expect(check(s, 'xades.signedProperties')?.status).toBe('passed');
    expect(check(s, 'xades.signingCertificate')?.status).toBe('passed');
    const data = s.references.find((r) => !r.type);
    expect(data?.target?.kind).toBe('nodes');
  });

  it('enveloping and detached XAdES-B; detached without its content: SIGNED_DATA_NOT_FOUND', async () => {
    const enveloping = await one((await sign({ content: { kind: 'enveloping', content: invoice } })).xml);
    expect(enveloping.indication).toBe(Indication.TOTAL_PASSED);
    const file = new TextEncoder().encode('%PDF-1.7 a contract');
    const detached = (
      await sign({ content: { kind: 'detached', files: [{ uri: 'contrato.pdf', bytes: file }] } })
    ).xml;
    expect((await one(detached, { detached: { 'contrato.pdf': file } })).indication).toBe(
      Indication.TOTAL_PASSED,
    );
    const missing = await one(detached);
    expect(missing.subIndication).toBe(SubIndication.SIGNED_DATA_NOT_FOUND);
    expect(missing.signatureIntact).toBe(false);
    const other = await one(detached, { detached: { 'contrato.pdf': new TextEncoder().encode('another') } });
    expect(other.subIndication).toBe(SubIndication.HASH_FAILURE);
  });

  it('XAdES-T: a SignatureTimeStamp over the SignatureValue proves the signature existed; a copied one does not', async () => {
    const t = (await sign({ timestamp: stamp })).xml;
    const s = await one(t);
    expect(s.format).toBe('XAdES-BASELINE-T');
    expect(s.legacyFormat).toBe('XAdES-T');
    expect(s.bestSignatureTime).toEqual(REF);
    // The same token moved onto another signature covers another SignatureValue.
    const token = /<xades:EncapsulatedTimeStamp>([^<]+)</.exec(t)![1]!;
    const other = (
      await sign({ timestamp: async () => Uint8Array.from(atob(token), (c) => c.charCodeAt(0)) })
    ).xml;
    const copied = await one(other);
    expect(copied.format).toBe('XAdES-BASELINE-B');
    expect(copied.timestamps[0]?.messageImprintMatches).toBe(false);
    expect(copied.indication).toBe(Indication.TOTAL_PASSED); // the signature stands; only the level falls
  });

  it('validation with time: an expired signer with a time-stamp from before the expiry passes', async () => {
    const short = await pki.issue({ notBefore: at(-30 * DAY), notAfter: at(DAY) });
    const t = (await sign({ timestamp: stamp, key: short.key.privateKey, certificate: short.der })).xml;
    const later = { time: at(60 * DAY) };
    expect((await one(t, later)).indication).toBe(Indication.TOTAL_PASSED);
    const b = (await sign({ key: short.key.privateKey, certificate: short.der })).xml;
    expect((await one(b, later)).indication).toBe(Indication.INDETERMINATE);
  });

  it('EPES: the SignaturePolicyIdentifier is checked against a policy store by identifier and digest', async () => {
    const digest = await nodeCryptoEngine.digest('SHA-256', new TextEncoder().encode('policy document'));
    const url = 'https://politicas.example/v1.pdf';
    const epes = (await sign({ signaturePolicy: { identifier: url, hash: 'SHA-256', digest } })).xml;
    const store = createPolicyStore();
    store.add(url, { digests: [{ hash: 'SHA-256', value: digest }], source: 'test' });
    const good = await one(epes, { policyStore: store });
    expect(good.legacyFormat).toBe('XAdES-EPES');
    expect(check(good, 'xades.signaturePolicy')?.status).toBe('passed');
    const wrong = createPolicyStore();
    wrong.add(url, { digests: [{ hash: 'SHA-256', value: new Uint8Array(32) }], source: 'test' });
    expect((await one(epes, { policyStore: wrong })).subIndication).toBe(
      SubIndication.POLICY_PROCESSING_ERROR,
    );
    expect((await one(epes, { policyStore: createPolicyStore() })).subIndication).toBe(
      SubIndication.SIGNATURE_POLICY_NOT_AVAILABLE,
    );
  });

  it('an XML policy document is hashed after the transforms the signature names (ICP-Brasil XAdES policies)', async () => {
    const policyXml = new TextEncoder().encode(
      '<?xml version="1.0"?>\n<pa:SignaturePolicy xmlns:pa="http://www.iti.gov.br/PA#"  >\n  <pa:SignPolicyInfo/>\n</pa:SignaturePolicy>',
    );
    const { parseXml, canonicalize, C14N_ALGORITHMS } = await import('../src/index');
    const afterC14n = await nodeCryptoEngine.digest(
      'SHA-256',
      canonicalize(parseXml(policyXml), C14N_ALGORITHMS.EXC_C14N),
    );
    const oid = '2.16.76.1.7.1.6.9.9';
    const xml = (
      await sign({
        signaturePolicy: {
          identifier: `urn:oid:${oid}`,
          hash: 'SHA-256',
          digest: afterC14n,
          transforms: [C14N_ALGORITHMS.EXC_C14N],
        },
      })
    ).xml;
    const store = createPolicyStore();
    const fileDigest = await nodeCryptoEngine.digest('SHA-256', policyXml);
    store.add(oid, {
      digests: [{ hash: 'SHA-256', value: fileDigest }],
      documentBytes: policyXml,
      source: 'PA test',
    });
    const s = await one(xml, { policyStore: store });
    expect(check(s, 'xades.signaturePolicy')?.status).toBe('passed');
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
    expect(s.icpBrasilFormat).toBe('AD-RB');
    // Without the document, the committed digest (after c14n) is not the file digest the list gives.
    const bare = createPolicyStore();
    bare.add(oid, { digests: [{ hash: 'SHA-256', value: fileDigest }], source: 'LPA' });
    expect(check(await one(xml, { policyStore: bare }), 'xades.signaturePolicy')?.subIndication).toBe(
      SubIndication.POLICY_PROCESSING_ERROR,
    );
  });
});

describe('XAdES attacks', () => {
  it('signing-certificate substitution: properties naming another certificate than the key that signed', async () => {
    const other = await pki.issue();
    // SigningCertificateV2 and KeyInfo name `other`, the key is the end entity's.
    const s = await one((await sign({ certificate: other.der })).xml);
    expect(s.indication).toBe(Indication.TOTAL_FAILED);
    expect(s.subIndication).toBe(SubIndication.SIG_CRYPTO_FAILURE);
    // The digest names no certificate at hand: NO_SIGNING_CERTIFICATE_FOUND.
    const xml = (await sign()).xml.replace(
      /(<xades:CertDigest>.*?<ds:DigestValue>)[^<]+/,
      `$1${base64Encode(new Uint8Array(32))}`,
    );
    const nf = await one(xml);
    expect(nf.signatureIntact).toBe(false); // the signed properties changed: their digest fails
  });

  it('counter-signatures: one over its parent passes; one copied onto another signature does not sign it', async () => {
    const { counterSignXades } = await import('../src/index');
    const counter = (xml: string) =>
      counterSignXades({
        xml,
        key: pki.endEntity.key.privateKey,
        certificate: pki.endEntity.der,
        chain: [pki.issuingCa.der],
        signingTime: REF,
        crypto: nodeCryptoEngine,
      });
    const a = (await counter((await sign({ id: 'sig-a' })).xml)).xml;
    const r = await verifyXades(a, { trustAnchors: anchors, crls, time: at(HOUR), crypto: nodeCryptoEngine });
    expect(
      r.signatures.map((s) => [s.id === 'sig-a' ? 'parent' : s.counterSignatureOf, s.indication]),
    ).toEqual([
      ['parent', Indication.TOTAL_PASSED],
      ['sig-a', Indication.TOTAL_PASSED],
    ]);
    expect(r.signatures[1]?.checks.find((c) => c.id === 'xades.counterSignature')?.status).toBe('passed');
    // The same counter-signature element pasted into another document's signature.
    const copied = /<xades:CounterSignature>.*<\/xades:CounterSignature>/s.exec(a)![0];
    const b = (await sign({ id: 'sig-b', timestamp: stamp })).xml.replace(
      '</xades:UnsignedSignatureProperties>',
      `${copied}</xades:UnsignedSignatureProperties>`,
    );
    const rb = await verifyXades(b, {
      trustAnchors: anchors,
      crls,
      time: at(HOUR),
      crypto: nodeCryptoEngine,
    });
    const cs = rb.signatures.find((s) => s.counterSignatureOf === 'sig-b')!;
    expect(cs.checks.find((c) => c.id === 'xades.counterSignature')?.status).toBe('failed');
    expect(cs.indication).toBe(Indication.TOTAL_FAILED);
    expect(rb.signatures.find((s) => s.id === 'sig-b')?.indication).toBe(Indication.TOTAL_PASSED);
  });

  it("a document re-signed with the attacker's own key and certificate is not trusted", async () => {
    const attacker = await createTestPki({ name: 'Attacker', referenceDate: REF, keySpec: 'P-256' });
    const s = await one(
      (
        await sign({
          key: attacker.endEntity.key.privateKey,
          certificate: attacker.endEntity.der,
          chain: [attacker.issuingCa.der],
        })
      ).xml,
    );
    expect(s.signatureIntact).toBe(true);
    expect(s.indication).toBe(Indication.INDETERMINATE);
    expect(s.subIndication).toBe(SubIndication.NO_CERTIFICATE_CHAIN_FOUND);
  });

  it('SignedProperties that are not signed, or QualifyingProperties targeted at another signature, are not this signature’s', async () => {
    const qp =
      '<xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#s1"><xades:SignedProperties Id="sp"><xades:SignedSignatureProperties>' +
      '<xades:SigningTime>2020-01-01T00:00:00Z</xades:SigningTime></xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties>';
    const unsigned = await signXml({
      content: { kind: 'enveloped', document: invoice },
      key: pki.endEntity.key.privateKey,
      certificates: [pki.endEntity.der, pki.issuingCa.der],
      objects: [{ content: qp }],
      id: 's1',
    });
    const u = await one(unsigned.xml);
    expect(check(u, 'xades.signedProperties')?.status).toBe('indeterminate');
    expect(u.signedDataBound).toBe(false);
    expect(u.indication).toBe(Indication.INDETERMINATE);
    expect(u.subIndication).toBe(SubIndication.SIGNED_DATA_NOT_FOUND);
    // Its claims are not reported as the signer's: they are not signed.
    expect(u.signingTime).toBeUndefined();
    // Targeted elsewhere: a plain XML-DSig signature, whose claims (signing time) are not read.
    const elsewhere = await signXml({
      content: { kind: 'enveloped', document: invoice },
      key: pki.endEntity.key.privateKey,
      certificates: [pki.endEntity.der, pki.issuingCa.der],
      objects: [{ content: qp.replace('Target="#s1"', 'Target="#other"') }],
      id: 's1',
    });
    const e = await one(elsewhere.xml);
    expect(e.format).toBe('XML-DSig');
    expect(e.signingTime).toBeUndefined();
  });

  it('XXE, billion laughs and external DTDs are refused before anything is read', async () => {
    for (const evil of [
      '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
      '<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>',
      '<!DOCTYPE r SYSTEM "http://evil.example/x.dtd"><r/>',
    ])
      await expect(
        verifyXades(evil, { trustAnchors: anchors, crypto: nodeCryptoEngine }),
      ).rejects.toBeInstanceOf(XmlError);
  });
});

describe('levels', () => {
  it('LT: a T-level signature carrying its certificates and revocation values', async () => {
    const t = (await sign({ timestamp: stamp })).xml;
    const values =
      '<xades:CertificateValues>' +
      [pki.endEntity.der, pki.issuingCa.der, tsa.der]
        .map(
          (d) => `<xades:EncapsulatedX509Certificate>${base64Encode(d)}</xades:EncapsulatedX509Certificate>`,
        )
        .join('') +
      '</xades:CertificateValues><xades:RevocationValues><xades:CRLValues>' +
      crls
        .map((d) => `<xades:EncapsulatedCRLValue>${base64Encode(d)}</xades:EncapsulatedCRLValue>`)
        .join('') +
      '</xades:CRLValues></xades:RevocationValues>';
    const lt = t.replace(
      '</xades:UnsignedSignatureProperties>',
      `${values}</xades:UnsignedSignatureProperties>`,
    );
    const s = await one(lt, { crls: [] });
    expect(s.format).toBe('XAdES-BASELINE-LT');
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
    // Without the revocation values it stays T, and says what is missing.
    const noRev = t.replace(
      '</xades:UnsignedSignatureProperties>',
      `${values.replace(/<xades:RevocationValues>.*<\/xades:RevocationValues>/, '')}</xades:UnsignedSignatureProperties>`,
    );
    const n = await one(noRev);
    expect(n.format).toBe('XAdES-BASELINE-T');
    expect(check(n, 'xades.validationData')?.message).toMatch(/revocation data/);
  });

  it('SigPolicyQualifiers are read: SPURI, SPUserNotice (notice reference and text), SPDocSpecification, others by name', async () => {
    const { parseXml, readQualifyingProperties } = await import('../src/index');
    const qp = parseXml(
      '<xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">' +
        '<xades:SignedProperties><xades:SignedSignatureProperties><xades:SignaturePolicyIdentifier><xades:SignaturePolicyId>' +
        '<xades:SigPolicyId><xades:Identifier>urn:oid:2.16.724.1.3.1.1.2.1.9</xades:Identifier></xades:SigPolicyId>' +
        '<xades:SigPolicyHash><ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/><ds:DigestValue>G7roucf600+f03r/o0bAOQ6WAs0=</ds:DigestValue></xades:SigPolicyHash>' +
        '<xades:SigPolicyQualifiers>' +
        '<xades:SigPolicyQualifier><xades:SPURI> https://sede.example/politica_de_firma.pdf </xades:SPURI></xades:SigPolicyQualifier>' +
        '<xades:SigPolicyQualifier><xades:SPUserNotice><xades:NoticeRef><xades:Organization>DGT</xades:Organization>' +
        '<xades:NoticeNumbers><xades:int>1</xades:int><xades:int>4</xades:int></xades:NoticeNumbers></xades:NoticeRef>' +
        '<xades:ExplicitText>Firma de facturas electrónicas</xades:ExplicitText></xades:SPUserNotice></xades:SigPolicyQualifier>' +
        '<xades:SigPolicyQualifier><xades:SPDocSpecification><xades:Identifier>urn:oid:0.4.0.19122</xades:Identifier></xades:SPDocSpecification></xades:SigPolicyQualifier>' +
        '<xades:SigPolicyQualifier><xades:Custom/></xades:SigPolicyQualifier>' +
        '</xades:SigPolicyQualifiers></xades:SignaturePolicyId></xades:SignaturePolicyIdentifier>' +
        '</xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties>',
    ).root;
    const props = readQualifyingProperties(qp);
    const pol = props.policy;
    expect(pol && !pol.implied ? pol.qualifiers : undefined).toEqual([
      { kind: 'SPURI', uri: 'https://sede.example/politica_de_firma.pdf' },
      {
        kind: 'SPUserNotice',
        explicitText: 'Firma de facturas electrónicas',
        organization: 'DGT',
        noticeNumbers: [1, 4],
      },
      { kind: 'SPDocSpecification', identifier: 'urn:oid:0.4.0.19122' },
      { kind: 'other', name: 'Custom' },
    ]);
  });

  it('AttrAuthoritiesCertValues and AttributeRevocationValues feed the path validation like CertificateValues and RevocationValues', async () => {
    const { collectXadesValidationData, parseXml, readQualifyingProperties } = await import('../src/index');
    const ns = 'xmlns:xades="http://uri.etsi.org/01903/v1.3.2#"';
    const qp = parseXml(
      `<xades:QualifyingProperties ${ns}><xades:UnsignedProperties><xades:UnsignedSignatureProperties>` +
        `<xades:AttrAuthoritiesCertValues><xades:EncapsulatedX509Certificate>${base64Encode(pki.issuingCa.der)}</xades:EncapsulatedX509Certificate></xades:AttrAuthoritiesCertValues>` +
        `<xades:AttributeRevocationValues><xades:CRLValues><xades:EncapsulatedCRLValue>${base64Encode(crls[0]!)}</xades:EncapsulatedCRLValue></xades:CRLValues></xades:AttributeRevocationValues>` +
        `<xades:AttrAuthoritiesCertValues><xades:EncapsulatedX509Certificate>bm90IGEgY2VydGlmaWNhdGU=</xades:EncapsulatedX509Certificate></xades:AttrAuthoritiesCertValues>` +
        '</xades:UnsignedSignatureProperties></xades:UnsignedProperties></xades:QualifyingProperties>',
    ).root;
    const data = collectXadesValidationData(readQualifyingProperties(qp));
    expect(data.certificates.map((c) => c.subject.text)).toEqual([pki.issuingCa.cert.subject.text]);
    expect(data.crls).toHaveLength(1);
    // A value that is not a certificate is reported, never fatal.
    expect(data.problems).toEqual([expect.stringMatching(/^AttrAuthoritiesCertValues: /)]);
  });

  it('C: complete references that resolve and cover the path; a path certificate left out is not C', async () => {
    const t = (await sign({ timestamp: stamp })).xml;
    const sha256 = async (d: Uint8Array) => base64Encode(await nodeCryptoEngine.digest('SHA-256', d));
    const digest = async (d: Uint8Array) =>
      `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>${await sha256(d)}</ds:DigestValue>`;
    const certRefs = async (ders: Uint8Array[]) =>
      `<xades:CompleteCertificateRefsV2><xades:CertRefs>${(
        await Promise.all(
          ders.map(
            async (d) => `<xades:Cert><xades:CertDigest>${await digest(d)}</xades:CertDigest></xades:Cert>`,
          ),
        )
      ).join('')}</xades:CertRefs></xades:CompleteCertificateRefsV2>`;
    const revRefs = `<xades:CompleteRevocationRefs><xades:CRLRefs>${(
      await Promise.all(
        crls.map(
          async (d) =>
            `<xades:CRLRef><xades:DigestAlgAndValue>${await digest(d)}</xades:DigestAlgAndValue></xades:CRLRef>`,
        ),
      )
    ).join('')}</xades:CRLRefs></xades:CompleteRevocationRefs>`;
    const withRefs = async (ders: Uint8Array[]) =>
      t.replace(
        '</xades:UnsignedSignatureProperties>',
        `${await certRefs(ders)}${revRefs}</xades:UnsignedSignatureProperties>`,
      );
    const c = await one(await withRefs([pki.issuingCa.der, pki.root.der]));
    expect(c.legacyFormat).toBe('XAdES-C');
    expect(check(c, 'xades.completeReferences')?.status).toBe('passed');
    const partial = await one(await withRefs([pki.issuingCa.der]));
    expect(partial.legacyFormat).toBe('XAdES-T');
    expect(check(partial, 'xades.completeReferences')?.status).toBe('warning');
  });
});
