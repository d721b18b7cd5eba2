import {
  Indication,
  MutuaError,
  der,
  parseOcspResponse,
  readTlv,
  SubIndication,
  type TrustAnchor,
  createWebCryptoEngine,
  toPem,
  trustAnchorFromCertificate,
} from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import {
  type BuiltCertificate,
  type SignCmsOptions,
  type TestPki,
  addSignatureTimestamp,
  addUnsignedAttribute,
  cmsAttribute,
  counterSign,
  createTestPki,
  createTsa,
  signCms,
  signatureValueOf,
  timestampToken,
} from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CadesSignatureReport,
  type VerifyCadesOptions,
  parseSignedData,
  parseTimeStampResponse,
  parseTimeStampToken,
  verifyCades,
} from '../src/index';
import { derEncoding, isDerEncoded } from '../src/canonical';

const REF = new Date('2025-06-01T12:00:00Z');
const content = new TextEncoder().encode('Mutua: a document to sign, with enough bytes to span segments.');

let pki: TestPki;
let anchors: TrustAnchor[];
let crls: Uint8Array[];
let tsa: BuiltCertificate;

beforeAll(async () => {
  pki = await createTestPki({ name: 'CAdES Tests', referenceDate: REF, keySpec: 'P-256' });
  anchors = [trustAnchorFromCertificate(pki.root.cert)];
  tsa = await createTsa(pki);
  crls = [(await pki.crl(pki.root)).der, (await pki.crl()).der];
});

function sign(o: Partial<SignCmsOptions> = {}): Promise<Uint8Array> {
  return signCms({ content, signer: pki.endEntity, chain: [pki.issuingCa], ...o });
}

async function verify(cms: Uint8Array | string, o: Partial<VerifyCadesOptions> = {}) {
  return verifyCades(cms, { trustAnchors: anchors, crls, time: REF, crypto: nodeCryptoEngine, ...o });
}

async function one(cms: Uint8Array, o: Partial<VerifyCadesOptions> = {}): Promise<CadesSignatureReport> {
  const r = await verify(cms, o);
  expect(r.signatures).toHaveLength(1);
  return r.signatures[0]!;
}

const status = (s: CadesSignatureReport, id: string) => s.checks.find((c) => c.id === id)?.status;

describe('verifyCades: CAdES-BASELINE-B, good cases', () => {
  it('an attached CAdES-B signature is TOTAL_PASSED with its signer and signing time', async () => {
    const s = await one(await sign());
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
    expect(s.format).toBe('CAdES-BASELINE-B');
    expect(s.signatureIntact).toBe(true);
    expect(s.signer?.subject).toBe(pki.endEntity.cert.subject.text);
    expect(s.signer?.identity).toBeDefined();
    expect(s.signingTime).toBeInstanceOf(Date);
    for (const id of [
      'cms.signedAttributes',
      'cms.uniqueSignedAttributes',
      'cms.contentType',
      'cms.digestAlgorithm',
      'cms.messageDigest',
      'cms.signerIdentifier',
      'cms.signingCertificate',
      'cms.signature',
    ])
      expect(status(s, id), id).toBe('passed');
  });

  it('reports signing time, commitment types, signer location, claimed roles and content hints', async () => {
    const role = (name: string) => der.seq(der.oid('2.5.4.72'), der.tlv(0x31, [der.utf8(name)]));
    const cms = await sign({
      signingTime: new Date('2025-05-30T10:00:00Z'),
      extraSignedAttributes: [
        cmsAttribute('1.2.840.113549.1.9.16.2.16', der.seq(der.oid('1.2.840.113549.1.9.16.6.1'))),
        cmsAttribute(
          '1.2.840.113549.1.9.16.2.17',
          der.seq(
            der.ctx(0, der.utf8('ES')),
            der.ctx(1, der.utf8('Madrid')),
            der.ctx(2, der.seq(der.utf8('Calle 1'))),
          ),
        ),
        // signer-attributes-v2 with the claimed attributes tagged explicitly, as the ETSI module says…
        cmsAttribute('0.4.0.19122.1.1', der.seq(der.ctx(0, der.seq(role('Notary'))))),
        // …and signer-attributes (v1) tagged implicitly, as some producers write it.
        cmsAttribute('1.2.840.113549.1.9.16.2.18', der.seq(der.tlv(0xa0, [role('Director')]))),
        cmsAttribute(
          '1.2.840.113549.1.9.16.2.4',
          der.seq(der.utf8('invoice.pdf'), der.oid('1.2.840.113549.1.7.1')),
        ),
      ],
    });
    const s = await one(cms);
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
    expect(s.signingTime?.toISOString()).toBe('2025-05-30T10:00:00.000Z');
    expect(s.commitmentTypes).toEqual(['1.2.840.113549.1.9.16.6.1']);
    expect(s.signerLocation).toEqual({ country: 'ES', locality: 'Madrid', postalAddress: ['Calle 1'] });
    expect([...(s.claimedRoles ?? [])].sort()).toEqual(['Director', 'Notary']);
    expect(s.contentHints).toEqual({ description: 'invoice.pdf', contentType: '1.2.840.113549.1.7.1' });
    expect(s.checks.filter((c) => c.id === 'cms.attributeFormat')).toEqual([]);
  });

  it('the same verdict with the WebCrypto engine (browsers)', async () => {
    const s = await one(await sign(), { crypto: createWebCryptoEngine() });
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('detached: content as bytes, as a ReadableStream, as an async iterable, or as a digest', async () => {
    const p7s = await sign({ detached: true });
    expect((await verify(p7s, { detachedContent: content })).signatures[0]!.indication).toBe(
      Indication.TOTAL_PASSED,
    );
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(content.subarray(0, 10));
        c.enqueue(content.subarray(10));
        c.close();
      },
    });
    expect((await verify(p7s, { detachedContent: stream })).signatures[0]!.signatureIntact).toBe(true);
    async function* chunks() {
      yield content.subarray(0, 5);
      yield content.subarray(5);
    }
    expect((await verify(p7s, { detachedContent: chunks() })).signatures[0]!.signatureIntact).toBe(true);
    const digest = await nodeCryptoEngine.digest('SHA-256', content);
    const r = await verify(p7s, { detachedContent: { digests: { 'SHA-256': digest } } });
    expect(r.detached).toBe(true);
    expect(r.signatures[0]!.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('detached without its content is INDETERMINATE/SIGNED_DATA_NOT_FOUND, never passed', async () => {
    const s = await one(await sign({ detached: true }));
    expect(s.indication).toBe(Indication.INDETERMINATE);
    expect(s.subIndication).toBe(SubIndication.SIGNED_DATA_NOT_FOUND);
    expect(s.signatureIntact).toBe(false);
  });

  it('RSA PKCS#1 with rsaEncryption as signatureAlgorithm, RSA-PSS, Ed25519, and a subjectKeyIdentifier sid', async () => {
    for (const keySpec of ['RSA-2048', 'RSA-PSS-2048', 'Ed25519'] as const) {
      const signer = await pki.issue({ keySpec });
      const s = await one(
        await sign({ signer, rsaEncryptionAlgorithm: keySpec === 'RSA-2048', sid: 'subjectKeyIdentifier' }),
      );
      expect(s.indication, keySpec).toBe(Indication.TOTAL_PASSED);
    }
  });

  it('signing-certificate v1 (SHA-1), v2 with SHA-512, and v2 without issuerSerial all bind the signer', async () => {
    for (const o of [
      { signingCertificate: 'v1' as const },
      { signingCertificateHash: 'SHA-512' as const },
      { essIssuerSerial: false },
    ]) {
      const s = await one(await sign(o));
      expect(s.indication, JSON.stringify(o)).toBe(Indication.TOTAL_PASSED);
    }
  });

  it('a PEM-armoured CMS is accepted', async () => {
    const s = await one((await sign()) as Uint8Array);
    const pem = toPem(await sign(), 'PKCS7');
    expect((await verify(pem)).signatures[0]!.indication).toBe(s.indication);
  });

  it('revocation data carried in the CMS (CRLs and an OCSP response as otherRevInfo) is used', async () => {
    const ocsp = await pki.ocsp(pki.endEntity);
    const cms = await sign({ crls, ocspResponses: [ocsp.der] });
    const sd = parseSignedData(cms);
    expect(sd.crls).toHaveLength(2);
    expect(sd.ocspResponses).toHaveLength(1);
    expect(sd.ocspResponses[0]?.basic?.responses[0]?.certStatus.status).toBe('good');
    expect((await one(cms, { crls: [] })).indication).toBe(Indication.TOTAL_PASSED);
  });

  it('certificate-values and revocation-values (CAdES-LT/-XL unsigned attributes) feed the path', async () => {
    const ocsp = parseOcspResponse((await pki.ocsp(pki.endEntity)).der).basic!.der;
    const certValues = cmsAttribute('1.2.840.113549.1.9.16.2.23', der.seq(pki.issuingCa.der));
    const revocationValues = cmsAttribute(
      '1.2.840.113549.1.9.16.2.24',
      der.seq(der.ctx(0, der.seq(...crls)), der.ctx(1, der.seq(ocsp))),
    );
    const cms = await sign({ chain: [], unsignedAttributes: [certValues, revocationValues] });
    const s = await one(cms, { crls: [] });
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
    expect(status(s, 'cades.unverifiedAttributes')).toBeUndefined();
    // An archive time-stamp attribute whose value is not a token is reported as a time-stamp that proves
    // nothing, never ignored silently.
    const withAts = addUnsignedAttribute(cms, cmsAttribute('0.4.0.1733.2.4', der.nul()));
    const t = await one(withAts, { crls: [] });
    expect(t.timestamps.map((x) => [x.type, x.intact, x.messageImprintMatches])).toEqual([
      ['archive', false, false],
    ]);
    expect(status(t, 'cades.archiveTimestamp')).toBe('warning');
  });

  it('an intermediate missing from the CMS may be given by the caller; without it there is no chain', async () => {
    const cms = await sign({ chain: [] });
    expect((await one(cms)).subIndication).toBe(SubIndication.NO_CERTIFICATE_CHAIN_FOUND);
    expect((await one(cms, { certificates: [pki.issuingCa.cert] })).indication).toBe(Indication.TOTAL_PASSED);
  });

  it('a revoked signer gets the path result, with the signature still intact', async () => {
    const signer = await pki.issue();
    pki.revoke(signer, { reason: 'keyCompromise', date: new Date(REF.getTime() - 86_400_000) });
    const fresh = [(await pki.crl(pki.root)).der, (await pki.crl()).der];
    const s = await one(await sign({ signer }), { crls: fresh });
    expect(s.indication).not.toBe(Indication.TOTAL_PASSED);
    expect(s.subIndication).toMatch(/REVOKED/);
    expect(s.signatureIntact).toBe(true);
  });
});

describe('verifyCades: the tampered case of each check', () => {
  it('cms.contentType: content-type attribute differing from eContentType is TOTAL_FAILED/FORMAT_FAILURE', async () => {
    const s = await one(await sign({ contentTypeAttribute: '1.2.840.113549.1.9.16.1.4' }));
    expect(status(s, 'cms.contentType')).toBe('failed');
    expect(s.indication).toBe(Indication.TOTAL_FAILED);
    expect(s.subIndication).toBe(SubIndication.FORMAT_FAILURE);
    const missing = await one(await sign({ contentTypeAttribute: null }));
    expect(status(missing, 'cms.contentType')).toBe('failed');
  });

  it('cms.messageDigest: a missing message digest is FORMAT_FAILURE', async () => {
    const s = await one(await sign({ messageDigest: 'omit' }));
    expect(status(s, 'cms.messageDigest')).toBe('failed');
    expect(s.subIndication).toBe(SubIndication.FORMAT_FAILURE);
    expect(s.signatureIntact).toBe(false);
  });

  it('cms.uniqueSignedAttributes: a duplicate message digest is FORMAT_FAILURE', async () => {
    const s = await one(await sign({ messageDigest: 'duplicate' }));
    expect(status(s, 'cms.uniqueSignedAttributes')).toBe('failed');
    expect(status(s, 'cms.messageDigest')).toBe('failed');
    expect(s.subIndication).toBe(SubIndication.FORMAT_FAILURE);
  });

  it('cms.messageDigest: changed content is TOTAL_FAILED/HASH_FAILURE (attached and detached)', async () => {
    const s = await one(await sign({ tamper: { content: true } }));
    expect(s.indication).toBe(Indication.TOTAL_FAILED);
    expect(s.subIndication).toBe(SubIndication.HASH_FAILURE);
    const d = await one(await sign({ detached: true }), { detachedContent: content.slice(1) });
    expect(d.subIndication).toBe(SubIndication.HASH_FAILURE);
    expect(d.signatureIntact).toBe(false);
  });

  it('cms.signingCertificate: an ESS attribute naming another certificate is NO_SIGNING_CERTIFICATE_FOUND', async () => {
    const other = await pki.issue();
    const s = await one(await sign({ signingCertificateFor: other }));
    expect(status(s, 'cms.signingCertificate')).toBe('indeterminate');
    expect(s.indication).toBe(Indication.INDETERMINATE);
    expect(s.subIndication).toBe(SubIndication.NO_SIGNING_CERTIFICATE_FOUND);
    // The signature itself is fine: it is the binding to the certificate that fails.
    expect(s.signatureIntact).toBe(true);
  });

  it('cms.signingCertificate: without an ESS attribute the signature is CMS, not CAdES', async () => {
    const s = await one(await sign({ signingCertificate: 'none' }));
    expect(s.format).toBe('CMS');
    expect(s.subIndication).toBe(SubIndication.NO_SIGNING_CERTIFICATE_FOUND);
    const both = await one(await sign({ signingCertificate: 'both' }));
    expect(status(both, 'cms.signingCertificate')).toBe('indeterminate');
  });

  it('cms.signerIdentifier: a CMS without the signer certificate is NO_SIGNING_CERTIFICATE_FOUND', async () => {
    const cms = await sign({ includeSignerCertificates: false });
    const s = await one(cms);
    expect(status(s, 'cms.signerIdentifier')).toBe('indeterminate');
    expect(s.subIndication).toBe(SubIndication.NO_SIGNING_CERTIFICATE_FOUND);
    const given = await one(cms, { certificates: [pki.endEntity.cert] });
    expect(given.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('cms.signature: a flipped signature bit is TOTAL_FAILED/SIG_CRYPTO_FAILURE', async () => {
    for (const keySpec of ['P-256', 'RSA-2048'] as const) {
      const signer = keySpec === 'P-256' ? pki.endEntity : await pki.issue({ keySpec });
      const s = await one(await sign({ signer, tamper: { signature: true } }));
      expect(status(s, 'cms.signature'), keySpec).toBe('failed');
      expect(s.indication).toBe(Indication.TOTAL_FAILED);
      expect(s.subIndication).toBe(SubIndication.SIG_CRYPTO_FAILURE);
      expect(s.signatureIntact).toBe(false);
    }
  });

  it('cms.signedAttributes: a signature without signed attributes is CMS and FORMAT_FAILURE, though intact', async () => {
    const s = await one(await sign({ signedAttributes: false }));
    expect(s.format).toBe('CMS');
    expect(s.indication).toBe(Indication.TOTAL_FAILED);
    expect(s.subIndication).toBe(SubIndication.FORMAT_FAILURE);
    expect(s.signatureIntact).toBe(true);
  });

  it('trailing garbage after the CMS is refused with a typed error', async () => {
    const cms = await sign();
    const bad = new Uint8Array(cms.length + 3);
    bad.set(cms);
    bad.set([1, 2, 3], cms.length);
    await expect(verify(bad)).rejects.toBeInstanceOf(MutuaError);
    await expect(verify(bad)).rejects.toMatchObject({ code: 'ASN1_TRAILING_DATA' });
    await expect(verify(new Uint8Array([0x30, 0x03, 0x02, 0x01]))).rejects.toBeInstanceOf(MutuaError);
  });

  it('BER (indefinite lengths, segmented content, BER signed attributes) verifies like DER', async () => {
    const derCms = await sign();
    const berCms = await sign({ encoding: 'BER' });
    expect(berCms).not.toEqual(derCms);
    const sd = parseSignedData(berCms);
    expect(sd.nonDer).toBe(true);
    const si = sd.signerInfos[0]!;
    expect(si.signedAttributesNonDer).toBe(true);
    expect(si.signedAttributesBytes!.subarray(0, 2)).toEqual(new Uint8Array([0x31, 0x80]));
    expect(si.signedAttributesDer![1]).not.toBe(0x80);
    expect(sd.content).toEqual(content);
    const r = await verify(berCms);
    expect(r.signatures[0]!.indication).toBe(Indication.TOTAL_PASSED);
    expect(r.problems.join()).toMatch(/BER/);
    const detached = await sign({ encoding: 'BER', detached: true });
    expect((await verify(detached, { detachedContent: content })).signatures[0]!.signatureIntact).toBe(true);
  });

  it('the DER fast path and the re-encoder agree on DER input, and the re-encoder sorts reordered input', async () => {
    const derCms = await sign();
    const si = parseSignedData(derCms).signerInfos[0]!;
    expect(si.signedAttributesNonDer).toBe(false);
    const node = readTlv(si.signedAttributesBytes!, 0);
    expect(isDerEncoded(node, true)).toBe(true);
    expect(derEncoding(node, 0x31, true)).toEqual(si.signedAttributesBytes);
    const reordered = parseSignedData(await sign({ signedAttributesOrder: 'reversed' })).signerInfos[0]!;
    expect(reordered.signedAttributesNonDer).toBe(true);
    expect(isDerEncoded(readTlv(reordered.signedAttributesBytes!, 0), true)).toBe(false);
  });

  it('signed attributes written out of DER order verify over their DER encoding (DSS-667)', async () => {
    const s = await one(await sign({ signedAttributesOrder: 'reversed' }));
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
    expect(s.checks.find((c) => c.id === 'cms.signature')?.message).toMatch(/DER encoding/);
  });

  it('a signature over non-DER signed attributes as sent is not intact (RFC 5652 §5.3; as EU DSS)', async () => {
    for (const o of [
      { signedAttributesOrder: 'reversed' as const, signOverAsSent: true },
      { encoding: 'BER' as const, signOverAsSent: true },
    ]) {
      const s = await one(await sign(o));
      expect(s.signatureIntact).toBe(false);
      expect(s.subIndication).toBe(SubIndication.SIG_CRYPTO_FAILURE);
      expect(s.checks.find((c) => c.id === 'cms.signature')?.message).toMatch(/as received/);
    }
  });

  it('zero padding after the CMS (as cut from a PDF /Contents) is noted, other trailing bytes are refused', async () => {
    const cms = await sign();
    const padded = new Uint8Array(cms.length + 100);
    padded.set(cms);
    const r = await verify(padded);
    expect(r.signatures[0]!.indication).toBe(Indication.TOTAL_PASSED);
    expect(r.problems.join()).toMatch(/100 zero bytes/);
    padded[padded.length - 1] = 1;
    await expect(verify(padded)).rejects.toMatchObject({ code: 'ASN1_TRAILING_DATA' });
  });

  it("never writes into the caller's buffer (Node Buffers included)", async () => {
    const cms = Buffer.from(await sign());
    const copy = Buffer.from(cms);
    await verify(cms);
    expect(cms.equals(copy)).toBe(true);
  });

  it('several SignerInfos are reported one by one', async () => {
    const second = await pki.issue({ keySpec: 'RSA-2048' });
    const r = await verify(
      await sign({ moreSigners: [{ signer: second, tamper: { signature: true } }, { signer: second }] }),
    );
    expect(r.signatures.map((s) => s.id)).toEqual(['S0', 'S1', 'S2']);
    expect(r.signatures.map((s) => s.indication)).toEqual([
      Indication.TOTAL_PASSED,
      Indication.TOTAL_FAILED,
      Indication.TOTAL_PASSED,
    ]);
  });

  it('an untrusted root gives INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND', async () => {
    const other = await createTestPki({ name: 'Other PKI', referenceDate: REF });
    const s = await one(await sign(), { trustAnchors: [trustAnchorFromCertificate(other.root.cert)] });
    expect(s.indication).toBe(Indication.INDETERMINATE);
    expect(s.subIndication).toBe(SubIndication.NO_CERTIFICATE_CHAIN_FOUND);
    expect(s.signatureIntact).toBe(true);
  });
});

describe('verifyCades: CAdES-BASELINE-T signature time-stamps', () => {
  const genTime = new Date(REF.getTime() - 60_000);

  it('a signature time-stamp over the signature value makes a CAdES-BASELINE-T', async () => {
    const t = await addSignatureTimestamp(await sign(), tsa, { genTime, chain: [pki.issuingCa] });
    const s = await one(t);
    expect(s.format).toBe('CAdES-BASELINE-T');
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
    expect(s.timestamps).toHaveLength(1);
    const ts = s.timestamps[0]!;
    expect(ts).toMatchObject({ type: 'signature', intact: true, messageImprintMatches: true });
    expect(ts.indication).toBe(Indication.TOTAL_PASSED);
    expect(ts.time?.toISOString()).toBe(genTime.toISOString());
    expect(status(s, 'cades.signatureTimestamp')).toBe('passed');
  });

  it('a time-stamp over the wrong bytes keeps the signature valid but gives no T level', async () => {
    const t = await addSignatureTimestamp(await sign(), tsa, { genTime, imprint: content });
    const s = await one(t);
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
    expect(s.format).toBe('CAdES-BASELINE-B');
    expect(s.timestamps[0]).toMatchObject({ intact: true, messageImprintMatches: false });
    expect(s.timestamps[0]!.subIndication).toBe(SubIndication.HASH_FAILURE);
    expect(status(s, 'cades.signatureTimestamp')).toBe('warning');
  });

  it('a time-stamp copied from another signature does not cover this one', async () => {
    const a = await addSignatureTimestamp(await sign(), tsa, { genTime });
    const b = await sign();
    const token = await timestampToken({ tsa, imprint: signatureValueOf(a), genTime });
    const copied = addUnsignedAttribute(b, cmsAttribute('1.2.840.113549.1.9.16.2.14', token));
    const s = await one(copied);
    expect(s.format).toBe('CAdES-BASELINE-B');
    expect(s.timestamps[0]!.messageImprintMatches).toBe(false);
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('a time-stamp with a broken TSA signature is not intact', async () => {
    const t = await addSignatureTimestamp(await sign(), tsa, {
      genTime,
      cms: { tamper: { signature: true } },
    });
    const s = await one(t);
    expect(s.timestamps[0]).toMatchObject({ intact: false, messageImprintMatches: true });
    expect(s.timestamps[0]!.subIndication).toBe(SubIndication.SIG_CRYPTO_FAILURE);
    expect(s.format).toBe('CAdES-BASELINE-B');
  });

  it('a TSA certificate without the timeStamping EKU is refused', async () => {
    const noEku = await createTsa(pki, { timeStampingEku: false });
    const s = await one(await addSignatureTimestamp(await sign(), noEku, { genTime }));
    const ts = s.timestamps[0]!;
    expect(ts.checks.find((c) => c.id === 'timestamp.extendedKeyUsage')?.status).toBe('failed');
    expect(ts.indication).not.toBe(Indication.TOTAL_PASSED);
    // Intact and covering, but its TSA is not valid: no proof of existence, so the signature stays at B.
    expect(s.format).toBe('CAdES-BASELINE-B');
    expect(s.checks.find((c) => c.id === 'cades.signatureTimestamp')?.status).toBe('warning');
  });

  it('a content time-stamp (signed attribute) is checked against the signed content', async () => {
    const CONTENT_TS = '1.2.840.113549.1.9.16.2.20';
    const good = await timestampToken({ tsa, imprint: content, genTime });
    const s = await one(await sign({ extraSignedAttributes: [cmsAttribute(CONTENT_TS, good)] }));
    expect(s.timestamps).toHaveLength(1);
    expect(s.timestamps[0]).toMatchObject({ type: 'content', intact: true, messageImprintMatches: true });
    expect(s.format).toBe('CAdES-BASELINE-B'); // a content time-stamp alone does not make a -T
    expect(status(s, 'cades.contentTimestamp')).toBe('passed');

    const other = await timestampToken({ tsa, imprint: new Uint8Array([1, 2, 3]), genTime });
    const bad = await one(await sign({ extraSignedAttributes: [cmsAttribute(CONTENT_TS, other)] }));
    expect(bad.timestamps[0]).toMatchObject({ type: 'content', messageImprintMatches: false });
    expect(bad.indication).toBe(Indication.TOTAL_PASSED);

    // Detached content given only as a SHA-256 digest: a SHA-512 content time-stamp cannot be checked.
    const sha512 = await timestampToken({ tsa, imprint: content, hash: 'SHA-512', genTime });
    const detached = await sign({
      detached: true,
      extraSignedAttributes: [cmsAttribute(CONTENT_TS, sha512)],
    });
    const digests = { 'SHA-256': await nodeCryptoEngine.digest('SHA-256', content) };
    const d = await one(detached, { detachedContent: { digests } });
    expect(d.indication).toBe(Indication.TOTAL_PASSED);
    expect(d.timestamps[0]).toMatchObject({
      messageImprintMatches: false,
      subIndication: SubIndication.SIGNED_DATA_NOT_FOUND,
    });
  });

  it('cades.timestampOrder: a content time-stamp later than the signature time-stamp is TIMESTAMP_ORDER_FAILURE', async () => {
    const CONTENT_TS = '1.2.840.113549.1.9.16.2.20';
    const early = new Date(REF.getTime() - 3_600_000);
    const contentTs = await timestampToken({ tsa, imprint: content, genTime });
    const base = await sign({ extraSignedAttributes: [cmsAttribute(CONTENT_TS, contentTs)] });
    const good = await one(await addSignatureTimestamp(base, tsa, { genTime: REF }));
    expect(status(good, 'cades.timestampOrder')).toBe('passed');
    expect(good.indication).toBe(Indication.TOTAL_PASSED);
    const bad = await one(await addSignatureTimestamp(base, tsa, { genTime: early }));
    expect(status(bad, 'cades.timestampOrder')).toBe('indeterminate');
    expect(bad.indication).toBe(Indication.INDETERMINATE);
    expect(bad.subIndication).toBe(SubIndication.TIMESTAMP_ORDER_FAILURE);
  });

  it('a token that is not a SignedData is a FORMAT_FAILURE of the token only', async () => {
    const bad = addUnsignedAttribute(
      await sign(),
      cmsAttribute('1.2.840.113549.1.9.16.2.14', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])),
    );
    const s = await one(bad);
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
    expect(s.timestamps[0]).toMatchObject({ intact: false, subIndication: SubIndication.FORMAT_FAILURE });
  });
});

describe('verifyCades: counter-signatures, directly trusted signers, ESS versions', () => {
  it('counter-signatures are verified over the parent signature value and reported on their own', async () => {
    const notary = await pki.issue({ keySpec: 'RSA-2048' });
    const once = await counterSign(await sign(), { signer: notary });
    const twice = await counterSign(once, { signer: pki.endEntity });
    // counterSign reaches top-level SignerInfos: the second one counter-signs S0 too.
    const r = await verify(twice, { certificates: [notary.cert] });
    expect(r.signatures.map((s) => [s.id, s.counterSignatureOf ?? null, s.indication])).toEqual([
      ['S0', null, Indication.TOTAL_PASSED],
      ['S0-CS0', 'S0', Indication.TOTAL_PASSED],
      ['S0-CS1', 'S0', Indication.TOTAL_PASSED],
    ]);
    expect(r.signatures[1]!.signer?.subject).toBe(notary.cert.subject.text);

    // A counter-signature of the counter-signature, time-stamped too.
    const nested = await addSignatureTimestamp(
      await counterSign(once, { signer: pki.endEntity, of: [0, 0] }),
      tsa,
      {
        signer: [0, 0, 0],
        genTime: REF,
      },
    );
    const n = await verify(nested, { certificates: [notary.cert] });
    expect(n.signatures.map((s) => [s.id, s.counterSignatureOf ?? null, s.indication, s.format])).toEqual([
      ['S0', null, Indication.TOTAL_PASSED, 'CAdES-BASELINE-B'],
      ['S0-CS0', 'S0', Indication.TOTAL_PASSED, 'CAdES-BASELINE-B'],
      ['S0-CS0-CS0', 'S0-CS0', Indication.TOTAL_PASSED, 'CAdES-BASELINE-T'],
    ]);
    // Tampering with the inner counter-signature's value breaks it, and only it.
    const bad = await counterSign(once, { signer: pki.endEntity, of: [0, 0], tamper: { signature: true } });
    const b = await verify(bad, { certificates: [notary.cert] });
    expect(b.signatures.map((s) => s.signatureIntact)).toEqual([true, true, false]);
  });

  it('a counter-signature over other bytes is HASH_FAILURE; one with a content-type attribute is FORMAT_FAILURE', async () => {
    const bad = await counterSign(await sign(), { signer: pki.endEntity, messageDigest: new Uint8Array(32) });
    expect((await verify(bad)).signatures[1]!.subIndication).toBe(SubIndication.HASH_FAILURE);
    const withCt = await counterSign(await sign(), {
      signer: pki.endEntity,
      contentTypeAttribute: '1.2.840.113549.1.7.1',
    });
    const cs = (await verify(withCt)).signatures[1]!;
    expect(status(cs, 'cms.contentType')).toBe('failed');
    expect(cs.subIndication).toBe(SubIndication.FORMAT_FAILURE);
  });

  it('a directly trusted signer gets no shortcut: validity and revocation are still checked', async () => {
    const { buildCertificate } = await import('@mutua/testkit');
    const expired = await buildCertificate({
      subject: [['CN', 'expired direct signer']],
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2021-01-01T00:00:00Z'),
    });
    const s = (
      await verifyCades(await signCms({ content, signer: expired }), {
        trustAnchors: [...anchors, trustAnchorFromCertificate(expired.cert)],
        time: REF,
        crypto: nodeCryptoEngine,
      })
    ).signatures[0]!;
    expect(s.indication).not.toBe(Indication.TOTAL_PASSED);
    // A CA key (keyCertSign, cRLSign only) must not sign documents, even a trusted root's.
    const byRoot = await one(await signCms({ content, signer: pki.root }));
    expect(status(byRoot, 'cms.signerKeyUsage')).toBe('failed');
    expect(byRoot.indication).not.toBe(Indication.TOTAL_PASSED);
  });

  it('a subjectKeyIdentifier sid finds a certificate without the extension by the SHA-1 of its key', async () => {
    const noSki = await pki.issue({ extensions: { subjectKeyIdentifier: false } });
    expect(noSki.cert.ext.subjectKeyIdentifier).toBeUndefined();
    const s = await one(await sign({ signer: noSki, sid: 'subjectKeyIdentifier' }));
    expect(status(s, 'cms.signerIdentifier')).toBe('passed');
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('cms.cryptoConstraints: a SHA-1 signature verified in 2025 is intact but INDETERMINATE/CRYPTO_CONSTRAINTS_FAILURE_NO_POE', async () => {
    const cms = await sign({ signature: { hash: 'SHA-1' }, digestHash: 'SHA-1' });
    const s = await one(cms);
    expect(s.signatureIntact).toBe(true);
    expect(status(s, 'cms.cryptoConstraints')).toBe('indeterminate');
    expect(s.indication).toBe(Indication.INDETERMINATE);
    expect(s.subIndication).toBe(SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE);
    expect(status(await one(await sign()), 'cms.cryptoConstraints')).toBe('passed');
  });

  it('signing-certificate-v2 with SHA-1 is not a CAdES signing-certificate binding', async () => {
    const s = await one(await sign({ signingCertificateHash: 'SHA-1' }));
    expect(s.format).toBe('CMS');
    expect(status(s, 'cms.signingCertificate')).toBe('indeterminate');
    expect(s.subIndication).toBe(SubIndication.NO_SIGNING_CERTIFICATE_FOUND);
  });

  it('parseTimeStampResponse reads a granted response with its token, and a rejection with its reasons', async () => {
    const token = await timestampToken({ tsa, imprint: content, genTime: REF });
    const granted = parseTimeStampResponse(der.seq(der.seq(der.int(0)), token));
    expect(granted.status).toBe(0);
    expect(granted.token?.tstInfo.genTime.toISOString()).toBe(REF.toISOString());
    const rejected = parseTimeStampResponse(
      der.seq(der.seq(der.int(2), der.seq(der.utf8('unsupported algorithm')), der.namedBits([0]))),
    );
    expect(rejected).toEqual({ status: 2, statusStrings: ['unsupported algorithm'], failInfo: [0] });
    expect(() => parseTimeStampResponse(new Uint8Array([0x30, 0x00]))).toThrow(MutuaError);
  });

  it('parseTimeStampToken reads every TSTInfo field, fractions of a second included', async () => {
    const token = await timestampToken({
      tsa,
      imprint: content,
      hash: 'SHA-384',
      genTimeText: '20250601115959.1234Z',
      serialNumber: 42n,
      nonce: 7n,
      accuracy: { seconds: 1, millis: 500, micros: 3 },
      policy: '2.999.7',
    });
    const { tstInfo, signedData } = parseTimeStampToken(token);
    expect(signedData.contentType).toBe('1.2.840.113549.1.9.16.1.4');
    expect(tstInfo).toMatchObject({
      version: 1,
      policy: '2.999.7',
      serialNumber: 42n,
      nonce: 7n,
      ordering: false,
      genTimeText: '20250601115959.1234Z',
      accuracy: { seconds: 1, millis: 500, micros: 3 },
    });
    expect(tstInfo.genTime.toISOString()).toBe('2025-06-01T11:59:59.123Z');
    expect(tstInfo.messageImprint.hash).toBe('SHA-384');
    expect(tstInfo.messageImprint.hashedMessage).toEqual(
      new Uint8Array(await nodeCryptoEngine.digest('SHA-384', content)),
    );
    const notATimestamp = await sign();
    expect(() => parseTimeStampToken(notATimestamp)).toThrow(MutuaError);
  });
});
