import { Indication, SubIndication, parseCrl, trustAnchorFromCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { addSignatureTimestamp, buildSignaturePolicy, createTestPki, createTsa } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import {
  CMS_OID,
  createPolicyStore,
  parseSignaturePolicy,
  policyDigest,
  signCades,
  verifyCades,
} from '../src/index';

describe('signature policies (EPES) checked against a policy store', () => {
  it('a known policy with the committed hash passes; a wrong hash or an unknown policy is INDETERMINATE', async () => {
    const pki = await createTestPki({ name: 'EPES Tests' });
    const content = new TextEncoder().encode('Contrato AD-RB');
    const policyDoc = new TextEncoder().encode('the policy document, as published');
    const digest = await nodeCryptoEngine.digest('SHA-256', policyDoc);
    const oid = '2.16.76.1.7.1.1.2.3';
    const sign = (d: Uint8Array) =>
      signCades({
        content,
        certificate: pki.endEntity.der,
        chain: [pki.issuingCa.der],
        key: pki.endEntity.key.privateKey,
        signaturePolicy: {
          oid,
          hash: 'SHA-256',
          digest: d,
          uri: 'http://politicas.icpbrasil.gov.br/PA_AD_RB_v2_3.der',
        },
      });
    const store = createPolicyStore();
    store.add(oid, { digests: [{ hash: 'SHA-256', value: digest }], source: 'test LPA' });
    const opts = {
      trustAnchors: [trustAnchorFromCertificate(pki.root.cert)],
      crls: [parseCrl((await pki.crl(pki.root)).der), parseCrl((await pki.crl()).der)],
      crypto: nodeCryptoEngine,
    };
    const good = (await verifyCades(await sign(digest), { ...opts, policyStore: store })).signatures[0]!;
    expect(good.indication).toBe(Indication.TOTAL_PASSED);
    expect(good.checks.find((c) => c.id === 'cades.signaturePolicy')?.status).toBe('passed');
    // sigPolicyQualifiers are reported: where the policy document is published.
    expect(good.signaturePolicyQualifiers).toEqual([
      { kind: 'SPURI', uri: 'http://politicas.icpbrasil.gov.br/PA_AD_RB_v2_3.der' },
    ]);

    const wrong = (await verifyCades(await sign(new Uint8Array(32)), { ...opts, policyStore: store }))
      .signatures[0]!;
    expect(wrong.indication).toBe(Indication.INDETERMINATE);
    expect(wrong.subIndication).toBe(SubIndication.POLICY_PROCESSING_ERROR);

    const unknown = (await verifyCades(await sign(digest), { ...opts, policyStore: createPolicyStore() }))
      .signatures[0]!;
    expect(unknown.subIndication).toBe(SubIndication.SIGNATURE_POLICY_NOT_AVAILABLE);

    // Without a store the policy is reported, not enforced.
    const reported = (await verifyCades(await sign(new Uint8Array(32)), opts)).signatures[0]!;
    expect(reported.indication).toBe(Indication.TOTAL_PASSED);
    expect(reported.signaturePolicy).toBe(oid);
    expect(reported.checks.find((c) => c.id === 'cades.signaturePolicy')?.status).toBe('info');
  });
});

describe('what a signature policy says is enforced, not only its hash', () => {
  it('an AD-RT-like policy mandating a signature time-stamp: a B-level signature fails its constraints, a T-level one passes', async () => {
    const REF = new Date('2025-06-01T12:00:00Z');
    const pki = await createTestPki({ name: 'Policy Rules Tests', referenceDate: REF, keySpec: 'P-256' });
    const tsa = await createTsa(pki);
    const oid = '2.16.76.1.7.1.2.9.9';
    const doc = buildSignaturePolicy({
      policyOid: oid,
      signingPeriod: { notBefore: new Date('2025-01-01Z') },
      commonRules: {
        mandatedSignedAttributes: [CMS_OID.signingCertificateV2],
        mandatedUnsignedAttributes: [CMS_OID.signatureTimeStampToken],
        signerTrustPoints: [{ certificate: pki.root.der }],
      },
    });
    const policy = parseSignaturePolicy(doc);
    const digest = await policyDigest(policy, 'SHA-256', nodeCryptoEngine);
    const store = createPolicyStore();
    store.add(oid, {
      digests: [{ hash: 'SHA-256', value: digest }],
      document: policy,
      source: 'test policy',
    });
    const content = new TextEncoder().encode('Contrato AD-RT');
    const b = await signCades({
      content,
      certificate: pki.endEntity.der,
      chain: [pki.issuingCa.der],
      key: pki.endEntity.key.privateKey,
      signaturePolicy: { oid, hash: 'SHA-256', digest },
    });
    const opts = {
      trustAnchors: [trustAnchorFromCertificate(pki.root.cert)],
      crls: [(await pki.crl(pki.root)).der, (await pki.crl()).der],
      time: new Date(REF.getTime() + 3_600_000),
      crypto: nodeCryptoEngine,
      policyStore: store,
    };
    const bare = (await verifyCades(b, opts)).signatures[0]!;
    expect(bare.indication).toBe(Indication.INDETERMINATE);
    expect(bare.subIndication).toBe(SubIndication.SIG_CONSTRAINTS_FAILURE);
    expect(bare.checks.find((c) => c.id === 'policy.mandatedUnsignedAttributes')?.status).toBe(
      'indeterminate',
    );
    const t = await addSignatureTimestamp(b, tsa, { genTime: REF, chain: [pki.issuingCa] });
    const stamped = (await verifyCades(t, opts)).signatures[0]!;
    expect(stamped.indication).toBe(Indication.TOTAL_PASSED);
    expect(stamped.checks.find((c) => c.id === 'policy.signerTrustPoint')?.status).toBe('passed');
    expect(stamped.checks.find((c) => c.id === 'policy.signingPeriod')?.message).toMatch(/time-stamp/);
    // The same policy with another trust point: the signer's path does not end there.
    const other = await createTestPki({ name: 'Other Root', referenceDate: REF, keySpec: 'P-256' });
    const doc2 = buildSignaturePolicy({
      policyOid: oid,
      signingPeriod: { notBefore: new Date('2025-01-01Z') },
      commonRules: { signerTrustPoints: [{ certificate: other.root.der }] },
    });
    const policy2 = parseSignaturePolicy(doc2);
    const digest2 = await policyDigest(policy2, 'SHA-256', nodeCryptoEngine);
    const store2 = createPolicyStore();
    store2.add(oid, {
      digests: [{ hash: 'SHA-256', value: digest2 }],
      document: policy2,
      source: 'test policy',
    });
    const b2 = await signCades({
      content,
      certificate: pki.endEntity.der,
      chain: [pki.issuingCa.der],
      key: pki.endEntity.key.privateKey,
      signaturePolicy: { oid, hash: 'SHA-256', digest: digest2 },
    });
    const wrongRoot = (await verifyCades(b2, { ...opts, policyStore: store2 })).signatures[0]!;
    expect(wrongRoot.subIndication).toBe(SubIndication.CHAIN_CONSTRAINTS_FAILURE);
  });
});
