import { constants, createPrivateKey, privateEncrypt } from 'node:crypto';
import {
  Indication,
  SubIndication,
  type TrustAnchor,
  parseDer,
  parsePublicKeyInfo,
  resolveSignatureAlgorithm,
  trustAnchorFromCertificate,
} from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import {
  type BuiltCertificate,
  type TestKey,
  type TestPki,
  createTestPki,
  createTsa,
  keyPool,
  timestampToken,
} from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CMS_OID,
  type SignCadesOptions,
  SigningError,
  type VerifyCadesOptions,
  parseSignedData,
  signCades,
  verifyCades,
} from '../src/index';

const content = new TextEncoder().encode('Mutua: a document to sign.');
const subtle = globalThis.crypto.subtle;

let pki: TestPki;
let anchors: TrustAnchor[];
let crls: Uint8Array[];
let tsa: BuiltCertificate;
let ec: BuiltCertificate;
let rsa: BuiltCertificate;
let ec384: BuiltCertificate;
let ed: BuiltCertificate;
let ec521: BuiltCertificate;
let ec521Key: CryptoKey;

beforeAll(async () => {
  pki = await createTestPki({ name: 'CAdES Signing Tests', keySpec: 'P-256' });
  anchors = [trustAnchorFromCertificate(pki.root.cert)];
  tsa = await createTsa(pki);
  ec = pki.endEntity;
  rsa = await pki.issue({ key: await keyPool.get('RSA-2048', 'cades-sign-rsa') });
  ec384 = await pki.issue({ key: await keyPool.get('P-384', 'cades-sign-384') });
  ed = await pki.issue({ key: await keyPool.get('Ed25519', 'cades-sign-ed') });
  // The testkit has no P-521 key spec: a WebCrypto key, with just what certificate issuance reads.
  const pair = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-521' }, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  ec521Key = pair.privateKey;
  const spki = new Uint8Array(await subtle.exportKey('spki', pair.publicKey));
  const fake = { spki, publicKeyInfo: parsePublicKeyInfo(parseDer(spki)) } as unknown as TestKey;
  ec521 = await pki.issue({ key: fake });
  crls = [(await pki.crl(pki.root)).der, (await pki.crl()).der];
});

function sign(signer: BuiltCertificate, o: Partial<SignCadesOptions> = {}): Promise<Uint8Array> {
  return signCades({
    content,
    certificate: signer.der,
    chain: [pki.issuingCa.der],
    key: signer.key.privateKey,
    ...o,
  });
}

async function verify(cms: Uint8Array, o: Partial<VerifyCadesOptions> = {}) {
  const r = await verifyCades(cms, { trustAnchors: anchors, crls, crypto: nodeCryptoEngine, ...o });
  expect(r.signatures).toHaveLength(1);
  return r.signatures[0]!;
}

function expectPassed(s: Awaited<ReturnType<typeof verify>>, format = 'CAdES-BASELINE-B') {
  const failed = s.checks.filter((c) => c.status !== 'passed' && c.status !== 'info');
  expect(failed, JSON.stringify(failed)).toEqual([]);
  expect(s.indication).toBe(Indication.TOTAL_PASSED);
  expect(s.signatureIntact).toBe(true);
  expect(s.format).toBe(format);
}

async function importAs(key: TestKey, alg: RsaHashedImportParams): Promise<CryptoKey> {
  return subtle.importKey('pkcs8', (await key.exportPkcs8()) as BufferSource, alg, false, ['sign']);
}

describe('signCades: content', () => {
  it('attached (ECDSA P-256): a DER CAdES-BASELINE-B that verifies, with the baseline attributes', async () => {
    const signingTime = new Date('2025-06-01T12:00:00Z');
    const p7m = await sign(ec, { signingTime });
    expectPassed(await verify(p7m));
    // Also with the WebCrypto engine (the browser path).
    expectPassed(await verify(p7m, { crypto: undefined }));
    const sd = parseSignedData(p7m);
    expect(sd.nonDer).toBe(false);
    expect(sd.version).toBe(1);
    expect(sd.content).toEqual(content);
    expect(sd.certificates.map((c) => c.subject.text).sort()).toEqual(
      [ec.cert.subject.text, pki.issuingCa.cert.subject.text].sort(),
    );
    const si = sd.signerInfos[0]!;
    expect(si.signedAttributesNonDer).toBe(false);
    expect(si.signatureAlgorithm.oid).toBe('1.2.840.10045.4.3.2');
    expect(si.digestAlgorithm.oid).toBe('2.16.840.1.101.3.4.2.1');
    expect(si.sid.type).toBe('issuerAndSerialNumber');
    expect(si.signedAttributes!.map((a) => a.type).sort()).toEqual(
      [CMS_OID.contentType, CMS_OID.messageDigest, CMS_OID.signingTime, CMS_OID.signingCertificateV2].sort(),
    );
    const report = await verify(p7m);
    expect(report.signingTime).toEqual(signingTime);
  });

  it('detached, from the bytes', async () => {
    const p7s = await sign(ec, { detached: true });
    expect(parseSignedData(p7s).content).toBeUndefined();
    expectPassed(await verify(p7s, { detachedContent: content }));
    const other = await verify(p7s, { detachedContent: new TextEncoder().encode('another document') });
    expect(other.subIndication).toBe(SubIndication.HASH_FAILURE);
  });

  it('detached, from only the digest', async () => {
    const digest = new Uint8Array(await subtle.digest('SHA-256', content));
    const p7s = await sign(ec, { content: { digest, hash: 'SHA-256' } });
    expect(parseSignedData(p7s).content).toBeUndefined();
    expectPassed(await verify(p7s, { detachedContent: content }));
    expectPassed(await verify(p7s, { detachedContent: { digests: { 'SHA-256': digest } } }));
  });

  it('another content type: SignedData version 3, and the content-type attribute follows', async () => {
    const p7m = await sign(ec, { contentType: '1.2.840.113549.1.9.16.1.4', signingTime: null });
    const sd = parseSignedData(p7m);
    expect(sd.version).toBe(3);
    expect(sd.contentType).toBe('1.2.840.113549.1.9.16.1.4');
    expect(sd.signerInfos[0]!.signedAttributes!.some((a) => a.type === CMS_OID.signingTime)).toBe(false);
    expectPassed(await verify(p7m));
  });
});

describe('signCades: keys', () => {
  it('RSA PKCS#1 v1.5 CryptoKey: sha256WithRSAEncryption with NULL parameters', async () => {
    const p7m = await sign(rsa);
    const si = parseSignedData(p7m).signerInfos[0]!;
    expect(si.signatureAlgorithm.oid).toBe('1.2.840.113549.1.1.11');
    expect(si.signatureAlgorithm.parameters).toEqual(new Uint8Array([5, 0]));
    expectPassed(await verify(p7m));
  });

  it('RSA PKCS#1 v1.5 with SHA-512 (a key imported for that hash)', async () => {
    const key = await importAs(rsa.key, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' });
    const p7m = await sign(rsa, { key });
    const si = parseSignedData(p7m).signerInfos[0]!;
    expect(si.signatureAlgorithm.oid).toBe('1.2.840.113549.1.1.13');
    expect(si.digestAlgorithm.oid).toBe('2.16.840.1.101.3.4.2.3');
    expectPassed(await verify(p7m));
  });

  it('RSA-PSS CryptoKey: full RSASSA-PSS-params', async () => {
    const key = await importAs(rsa.key, { name: 'RSA-PSS', hash: 'SHA-256' });
    const p7m = await sign(rsa, { key });
    const si = parseSignedData(p7m).signerInfos[0]!;
    expect(resolveSignatureAlgorithm(si.signatureAlgorithm)).toEqual({
      kind: 'RSA-PSS',
      hash: 'SHA-256',
      mgfHash: 'SHA-256',
      saltLength: 32,
      trailerField: 1,
    });
    expectPassed(await verify(p7m));
    expectPassed(await verify(p7m, { crypto: undefined }));
    const salt20 = await sign(rsa, { key, saltLength: 20 });
    expectPassed(await verify(salt20));
  });

  it('ECDSA P-384 (SHA-384 by default) and P-521 (SHA-512)', async () => {
    const p384 = await sign(ec384);
    expect(parseSignedData(p384).signerInfos[0]!.signatureAlgorithm.oid).toBe('1.2.840.10045.4.3.3');
    expectPassed(await verify(p384));
    const p521 = await signCades({
      content,
      certificate: ec521.cert,
      chain: [pki.issuingCa.cert],
      key: ec521Key,
    });
    const si = parseSignedData(p521).signerInfos[0]!;
    expect(si.signatureAlgorithm.oid).toBe('1.2.840.10045.4.3.4');
    expect(si.digestAlgorithm.oid).toBe('2.16.840.1.101.3.4.2.3');
    expectPassed(await verify(p521));
  });

  it('ECDSA P-256 with SHA-384 when asked', async () => {
    const p7m = await sign(ec, { hash: 'SHA-384' });
    expect(parseSignedData(p7m).signerInfos[0]!.signatureAlgorithm.oid).toBe('1.2.840.10045.4.3.3');
    expectPassed(await verify(p7m));
  });

  it('Ed25519 (SHA-512 message digest, RFC 8419)', async () => {
    const p7m = await sign(ed);
    const si = parseSignedData(p7m).signerInfos[0]!;
    expect(si.signatureAlgorithm.oid).toBe('1.3.101.112');
    expect(si.signatureAlgorithm.parameters).toBeUndefined();
    expect(si.digestAlgorithm.oid).toBe('2.16.840.1.101.3.4.2.3');
    expectPassed(await verify(p7m));
  });

  it('remote signData callback (DER ECDSA) receives the DER signed attributes', async () => {
    const seen: { tbs: Uint8Array; hash: string; scheme: string }[] = [];
    const p7m = await sign(ec, {
      key: {
        signData: async (tbs, info) => {
          seen.push({ tbs, hash: info.hash, scheme: info.scheme });
          return ec.key.sign(tbs, { hash: info.hash });
        },
      },
    });
    expectPassed(await verify(p7m));
    const si = parseSignedData(p7m).signerInfos[0]!;
    expect(seen).toEqual([{ tbs: si.signedAttributesDer, hash: 'SHA-256', scheme: 'ECDSA' }]);
  });

  it('remote signData callback returning P1363 r‖s (converted to DER)', async () => {
    const p7m = await sign(ec384, {
      key: {
        signData: async (tbs, info) =>
          new Uint8Array(
            await subtle.sign({ name: 'ECDSA', hash: info.hash }, ec384.key.privateKey, tbs as BufferSource),
          ),
      },
    });
    expect(parseSignedData(p7m).signerInfos[0]!.signature[0]).toBe(0x30);
    expectPassed(await verify(p7m));
  });

  it('remote signDigest callback (RSA, raw PKCS#1 v1.5 over the DigestInfo, as PKCS#11 CKM_RSA_PKCS)', async () => {
    const pem = createPrivateKey({
      key: Buffer.from(await rsa.key.exportPkcs8()),
      format: 'der',
      type: 'pkcs8',
    });
    let digestLength = 0;
    const p7m = await sign(rsa, {
      key: {
        signDigest: async (digest, info) => {
          digestLength = digest.length;
          expect(info.scheme).toBe('RSA-PKCS1');
          return new Uint8Array(
            privateEncrypt({ key: pem, padding: constants.RSA_PKCS1_PADDING }, info.digestInfo!),
          );
        },
      },
      timestamp: (imprint, hash) => timestampToken({ tsa, digest: imprint, hash }),
    });
    expect(digestLength).toBe(32);
    expectPassed(await verify(p7m), 'CAdES-BASELINE-T');
  });

  it('remote Ed25519 signer', async () => {
    const p7m = await sign(ed, { key: { signData: (tbs) => ed.key.sign(tbs) } });
    expectPassed(await verify(p7m));
  });
});

describe('signCades: attributes, identifiers, time-stamps', () => {
  it('subjectKeyIdentifier as SignerIdentifier (SignerInfo and SignedData version 3)', async () => {
    const p7m = await sign(ec, { signerIdentifier: 'subjectKeyIdentifier' });
    const sd = parseSignedData(p7m);
    expect(sd.version).toBe(3);
    expect(sd.signerInfos[0]!.version).toBe(3);
    expect(sd.signerInfos[0]!.sid).toEqual({
      type: 'subjectKeyIdentifier',
      keyIdentifier: ec.cert.ext.subjectKeyIdentifier,
    });
    expectPassed(await verify(p7m));
  });

  it('commitment types, signer location, signature policy and content hints are signed and reported', async () => {
    const p7m = await sign(ec, {
      commitmentTypes: ['1.2.840.113549.1.9.16.6.1', '1.2.840.113549.1.9.16.6.5'],
      signerLocation: { country: 'BR', locality: 'São Paulo', postalAddress: ['Av. Paulista 1000'] },
      signaturePolicy: {
        oid: '2.16.76.1.7.1.1.2.3',
        hash: 'SHA-256',
        digest: new Uint8Array(32).fill(7),
        uri: 'http://politicas.icpbrasil.gov.br/PA_AD_RB_v2_3.der',
      },
      contentHints: { description: 'contrato.txt' },
    });
    const s = await verify(p7m);
    expect(s.signatureIntact).toBe(true);
    expect(s.commitmentTypes).toEqual(['1.2.840.113549.1.9.16.6.1', '1.2.840.113549.1.9.16.6.5']);
    expect(s.signerLocation).toEqual({
      country: 'BR',
      locality: 'São Paulo',
      postalAddress: ['Av. Paulista 1000'],
    });
    expect(s.signaturePolicy).toBe('2.16.76.1.7.1.1.2.3');
    expect(s.contentHints).toEqual({ description: 'contrato.txt', contentType: CMS_OID.data });
    expect(parseSignedData(p7m).signerInfos[0]!.signedAttributesNonDer).toBe(false);
  });

  it('a time-stamp function gives CAdES-BASELINE-T, the token over the signature value', async () => {
    let asked: { imprint: Uint8Array; hash: string } | undefined;
    const p7s = await sign(ec, {
      detached: true,
      timestamp: (imprint, hash) => {
        asked = { imprint, hash };
        return timestampToken({ tsa, digest: imprint, hash });
      },
    });
    const si = parseSignedData(p7s).signerInfos[0]!;
    expect(asked!.hash).toBe('SHA-256');
    expect(asked!.imprint).toEqual(
      new Uint8Array(await subtle.digest('SHA-256', si.signature as BufferSource)),
    );
    expect(si.unsignedAttributes.map((a) => a.type)).toEqual([CMS_OID.signatureTimeStampToken]);
    const s = await verify(p7s, { detachedContent: content });
    expectPassed(s, 'CAdES-BASELINE-T');
    expect(s.timestamps).toHaveLength(1);
    expect(s.timestamps[0]!.intact).toBe(true);
    expect(s.timestamps[0]!.messageImprintMatches).toBe(true);
  });

  it('a SHA-512 signature time-stamp', async () => {
    const p7m = await sign(rsa, {
      timestampHash: 'SHA-512',
      timestamp: (imprint, hash) => timestampToken({ tsa, digest: imprint, hash }),
    });
    expectPassed(await verify(p7m), 'CAdES-BASELINE-T');
  });
});

describe('signCades: negative cases', () => {
  it('a wrong key for the certificate gives a signature that fails, never one that passes', async () => {
    const other = await keyPool.get('P-256', 'cades-sign-wrong');
    for (const p7m of [
      await sign(ec, { key: other.privateKey }),
      await sign(ec, { key: { signData: (tbs) => other.sign(tbs) } }),
    ]) {
      const s = await verify(p7m);
      expect(s.indication).toBe(Indication.TOTAL_FAILED);
      expect(s.subIndication).toBe(SubIndication.SIG_CRYPTO_FAILURE);
      expect(s.signatureIntact).toBe(false);
    }
    const wrongRsa = await keyPool.get('RSA-2048', 'cades-sign-rsa-wrong');
    const s = await verify(await sign(rsa, { key: wrongRsa.privateKey }));
    expect(s.subIndication).toBe(SubIndication.SIG_CRYPTO_FAILURE);
  });

  it('refuses what cannot be consistent', async () => {
    // An ECDSA key for an RSA certificate.
    await expect(sign(rsa, { key: ec.key.privateKey })).rejects.toThrow(SigningError);
    // An RSA CryptoKey bound to SHA-256, asked for SHA-384.
    await expect(sign(rsa, { hash: 'SHA-384' })).rejects.toMatchObject({ code: 'SIGN_HASH_MISMATCH' });
    // A digest of the wrong length, or attached content given only by its digest.
    await expect(
      sign(ec, { content: { digest: new Uint8Array(20), hash: 'SHA-256' } }),
    ).rejects.toMatchObject({
      code: 'SIGN_BAD_DIGEST',
    });
    await expect(
      sign(ec, { content: { digest: new Uint8Array(32), hash: 'SHA-256' }, detached: false }),
    ).rejects.toMatchObject({ code: 'SIGN_NO_CONTENT' });
    // Ed25519 cannot sign a prehash; a RemoteSigner needs exactly one callback.
    await expect(sign(ed, { key: { signDigest: async () => new Uint8Array(64) } })).rejects.toMatchObject({
      code: 'SIGN_DIGEST_ED25519',
    });
    await expect(sign(ec, { key: {} })).rejects.toMatchObject({ code: 'SIGN_BAD_REMOTE_SIGNER' });
    // A public key.
    await expect(sign(ec, { key: ec.key.publicKey })).rejects.toMatchObject({ code: 'SIGN_NOT_PRIVATE_KEY' });
    // A duplicate signed attribute.
    await expect(
      sign(ec, { signedAttributes: [{ type: CMS_OID.messageDigest, values: [new Uint8Array([4, 0])] }] }),
    ).rejects.toMatchObject({ code: 'SIGN_DUPLICATE_ATTRIBUTE' });
  });

  it('refuses a time-stamp token over something else, or not a token', async () => {
    await expect(
      sign(ec, {
        timestamp: (_imprint, hash) => timestampToken({ tsa, imprint: new Uint8Array([1]), hash }),
      }),
    ).rejects.toMatchObject({ code: 'SIGN_BAD_TIMESTAMP' });
    await expect(sign(ec, { timestamp: async () => new Uint8Array([0x30, 0]) })).rejects.toMatchObject({
      code: 'SIGN_BAD_TIMESTAMP',
    });
  });
});
