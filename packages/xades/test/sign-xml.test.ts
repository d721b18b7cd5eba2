/**
 * `signXml`: key kinds (WebCrypto keys, remote signers returning DER or r ‖ s), the extra objects and
 * references XAdES needs, the placement options, and the errors it throws for programmer mistakes.
 */
import { MutuaError } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { createTestPki } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import {
  DSIG_NS,
  findSignatures,
  parseXml,
  signXml,
  verifySignatureValue,
  verifyXmlSignature,
} from '../src/index';

const crypto = nodeCryptoEngine;

async function verifyAll(xml: string, publicKey: Parameters<typeof verifySignatureValue>[1]) {
  const doc = parseXml(xml);
  const v = await verifyXmlSignature(doc, findSignatures(doc)[0]!, { crypto });
  const s = await verifySignatureValue(v, publicKey, crypto);
  return { doc, v, s };
}

describe('signXml', () => {
  it('a remote ECDSA signer may return DER (converted to r ‖ s with the certificate) or r ‖ s', async () => {
    const pki = await createTestPki({ keySpec: 'P-384' });
    const k = pki.endEntity.key;
    const signatureMethod = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384';
    const der = await signXml({
      content: { kind: 'enveloping', content: '<a/>' },
      key: { signatureMethod, sign: (data) => k.sign(data, { hash: 'SHA-384' }) },
      certificates: [pki.endEntity.der],
    });
    const r1 = await verifyAll(der.xml, pki.endEntity.cert.publicKey);
    expect(r1.s.intact).toBe(true);
    expect(r1.v.signatureValue).toHaveLength(96);
    const raw = await signXml({
      content: { kind: 'enveloping', content: '<a/>' },
      key: {
        signatureMethod,
        sign: async (data) =>
          new Uint8Array(
            await globalThis.crypto.subtle.sign(
              { name: 'ECDSA', hash: 'SHA-384' },
              k.privateKey,
              data as Uint8Array<ArrayBuffer>,
            ),
          ),
      },
    });
    expect((await verifyAll(raw.xml, pki.endEntity.cert.publicKey)).s.intact).toBe(true);
  });

  it('a remote RSA-PSS signer with the parameterised method (RFC 6931 rsa-pss, defaults SHA-256 / 32)', async () => {
    const pki = await createTestPki({ keySpec: 'RSA-PSS-2048' });
    const k = pki.endEntity.key;
    const { xml } = await signXml({
      content: { kind: 'enveloping', content: '<a/>' },
      key: {
        signatureMethod: 'http://www.w3.org/2007/05/xmldsig-more#rsa-pss',
        sign: (d) => k.sign(d, { pss: true, hash: 'SHA-256' }),
      },
    });
    const r = await verifyAll(xml, pki.endEntity.cert.publicKey);
    expect(r.v.checks.find((c) => c.id === 'xmldsig.signatureMethod')?.status).toBe('passed');
    expect(r.s.check.message).toMatch(/RSA-PSS SHA-256/);
    expect(r.s.intact).toBe(true);
  });

  it('RSA-PSS parameters written in pss:RSAPSSParams are read (SHA-512, salt 20)', async () => {
    const pki = await createTestPki({ keySpec: 'RSA-PSS-2048' });
    const k = pki.endEntity.key;
    const { xml } = await signXml({
      content: { kind: 'enveloping', content: '<a/>' },
      key: {
        signatureMethod: 'http://www.w3.org/2007/05/xmldsig-more#rsa-pss',
        sign: async () => new Uint8Array(256),
      },
    });
    const params =
      '<pss:RSAPSSParams xmlns:pss="http://www.w3.org/2007/05/xmldsig-more#"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha512"/><pss:SaltLength>20</pss:SaltLength></pss:RSAPSSParams>';
    let edited = xml.replace(
      /(<ds:SignatureMethod Algorithm="[^"]*")\/>/,
      `$1>${params}</ds:SignatureMethod>`,
    );
    const doc = parseXml(edited);
    const v = await verifyXmlSignature(doc, findSignatures(doc)[0]!, { crypto });
    const value = await k.sign(v.canonicalSignedInfo!, { pss: true, hash: 'SHA-512', saltLength: 20 });
    edited = edited.replace(
      /(<ds:SignatureValue[^>]*>)[^<]*</,
      `$1${Buffer.from(value).toString('base64')}<`,
    );
    const r = await verifyAll(edited, pki.endEntity.cert.publicKey);
    expect(r.s.check.message).toMatch(/RSA-PSS SHA-512/);
    expect(r.s.intact).toBe(true);
  });

  it('extra objects and references: a XAdES-like SignedProperties is signed and returned as the target', async () => {
    const pki = await createTestPki({ keySpec: 'P-256' });
    const qp =
      '<xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#s1"><xades:SignedProperties Id="sp1"><xades:SignedSignatureProperties><xades:SigningTime>2026-11-22T12:00:00Z</xades:SigningTime></xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties>';
    const { xml, bytes, signatureId } = await signXml({
      content: { kind: 'enveloped', document: '<NFe><infNFe Id="NFe1">1</infNFe></NFe>' },
      id: 's1',
      key: pki.endEntity.key.privateKey,
      certificates: [pki.endEntity.der, pki.issuingCa.der],
      objects: [{ content: qp }],
      references: [
        {
          uri: '#sp1',
          type: 'http://uri.etsi.org/01903#SignedProperties',
          transforms: ['http://www.w3.org/2001/10/xml-exc-c14n#'],
        },
      ],
    });
    expect(signatureId).toBe('s1');
    expect(new TextDecoder().decode(bytes)).toBe(xml);
    const r = await verifyAll(xml, pki.endEntity.cert.publicKey);
    expect(r.s.intact).toBe(true);
    expect(r.v.references.map((x) => [x.uri, x.type, x.intact])).toEqual([
      ['', undefined, true],
      ['#sp1', 'http://uri.etsi.org/01903#SignedProperties', true],
    ]);
    expect(r.v.references[1]?.element?.localName).toBe('SignedProperties');
    expect(r.v.keyInfoCertificates.map((c) => c.serialHex)).toEqual([
      pki.endEntity.cert.serialHex,
      pki.issuingCa.cert.serialHex,
    ]);
    expect(r.v.signature.getAttribute('Id')).toBe('s1');
    // enveloped: the Signature is the last child of the root
    expect(r.doc.root.elements().at(-1)?.namespaceURI).toBe(DSIG_NS);
  });

  it('places the Signature where `insert` says, handles an empty root and an XML declaration', async () => {
    const pki = await createTestPki({ keySpec: 'Ed25519' });
    const key = pki.endEntity.key.privateKey;
    const placed = await signXml({
      content: {
        kind: 'enveloped',
        document: '<a><b/><c/></a>',
        insert: (d, s) => d.replace('<c/>', `${s}<c/>`),
      },
      key,
    });
    expect(
      parseXml(placed.xml)
        .root.elements()
        .map((e) => e.localName),
    ).toEqual(['b', 'Signature', 'c']);
    expect((await verifyAll(placed.xml, pki.endEntity.cert.publicKey)).s.intact).toBe(true);
    const empty = await signXml({
      content: { kind: 'enveloped', document: '<?xml version="1.0"?>\n<a/>\n<!-- end -->' },
      key,
    });
    const r = await verifyAll(empty.xml, pki.endEntity.cert.publicKey);
    expect(r.s.intact).toBe(true);
    expect(r.v.references[0]?.intact).toBe(true);
  });

  it('throws for programmer errors: unknown c14n, unresolvable extra reference, unsupported key', async () => {
    const pki = await createTestPki({ keySpec: 'P-256' });
    const key = pki.endEntity.key.privateKey;
    await expect(
      signXml({ content: { kind: 'enveloping', content: '<a/>' }, key, canonicalizationMethod: 'urn:x' }),
    ).rejects.toThrow();
    await expect(
      signXml({ content: { kind: 'enveloping', content: '<a/>' }, key, references: [{ uri: '#nowhere' }] }),
    ).rejects.toThrow(MutuaError);
    const hmac = await globalThis.crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    await expect(
      signXml({ content: { kind: 'enveloping', content: '<a/>' }, key: hmac as CryptoKey }),
    ).rejects.toThrow(/HMAC key cannot sign/);
  });
});
