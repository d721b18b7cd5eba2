import { Indication, SubIndication, parseCrl, trustAnchorFromCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { createTestPki } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import { createPolicyStore, signCades, verifyCades } from '../src/index';

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
        signaturePolicy: { oid, hash: 'SHA-256', digest: d },
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
