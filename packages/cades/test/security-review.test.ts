/**
 * Regression tests for the findings of the security review of 2026-11-22 (false-valid hunt). Each case
 * once produced TOTAL_PASSED (or a false -T claim, or an exponential run time); each must never again.
 */
import { Indication, SubIndication, trustAnchorFromCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import {
  addSignatureTimestamp,
  buildCertificate,
  buildCrl,
  createTestPki,
  createTsa,
  generateKeyPair,
  signCms,
} from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import { verifyCades } from '../src/index';

const REF = new Date('2025-06-01T12:00:00Z');
const content = new Uint8Array([1, 2, 3]);

describe('security review regressions', () => {
  it('1. a CRL signed by a look-alike of the CA under ANOTHER trusted root does not clear a revoked signer', async () => {
    const A = await createTestPki({ name: 'Review PKI A', referenceDate: REF });
    const B = await createTestPki({ name: 'Review PKI B', referenceDate: REF });
    const anchors = [trustAnchorFromCertificate(A.root.cert), trustAnchorFromCertificate(B.root.cert)];
    const victim = await A.issue({ subject: [['CN', 'revoked signer']] });
    A.revoke(victim, { reason: 'keyCompromise' });
    const realCrls = [(await A.crl(A.root)).der, (await A.crl()).der];
    const lookalike = await B.issuingCa.issue({
      subject: A.issuingCa.cert.subject.der,
      extensions: { keyUsage: ['digitalSignature', 'cRLSign'] },
    });
    const forged = await buildCrl({
      issuer: { name: A.issuingCa.cert.subject.der, key: lookalike.key },
      thisUpdate: new Date(REF.getTime() - 60_000),
      crlNumber: 999,
    });
    const cms = await signCms({
      content,
      signer: victim,
      chain: [A.issuingCa, lookalike, B.issuingCa],
      crls: [forged.der, (await B.crl(B.root)).der, (await B.crl()).der],
    });
    const s = (
      await verifyCades(cms, { trustAnchors: anchors, crls: realCrls, time: REF, crypto: nodeCryptoEngine })
    ).signatures[0]!;
    expect(s.indication).not.toBe(Indication.TOTAL_PASSED);
    expect(s.subIndication).toBe(SubIndication.REVOKED_NO_POE);
  });

  it('2. an old OCSP "good" without nextUpdate cannot be replayed months later', async () => {
    const pki = await createTestPki({ name: 'Review OCSP', referenceDate: REF });
    const old = new Date('2024-07-01T00:00:00Z');
    const leaf = await pki.issue({
      subject: [['CN', 'later revoked']],
      notBefore: new Date('2024-06-01T00:00:00Z'),
    });
    const oldGood = await pki.ocsp(leaf, {
      status: 'good',
      producedAt: old,
      thisUpdate: old,
      nextUpdate: null,
    });
    pki.revoke(leaf, { reason: 'keyCompromise', date: new Date('2025-03-01T00:00:00Z') });
    const cms = await signCms({
      content,
      signer: leaf,
      chain: [pki.issuingCa],
      ocspResponses: [oldGood.der],
      crls: [(await pki.crl(pki.root)).der],
    });
    const s = (
      await verifyCades(cms, {
        trustAnchors: [trustAnchorFromCertificate(pki.root.cert)],
        time: REF,
        crypto: nodeCryptoEngine,
      })
    ).signatures[0]!;
    expect(s.indication).toBe(Indication.INDETERMINATE);
    expect(s.subIndication).toBe(SubIndication.TRY_LATER);
  });

  it('3. certificates not meant for signing documents cannot sign them (keyUsage, extKeyUsage)', async () => {
    const pki = await createTestPki({ name: 'Review KU', referenceDate: REF });
    const opts = {
      trustAnchors: [trustAnchorFromCertificate(pki.root.cert)],
      crls: [(await pki.crl(pki.root)).der, (await pki.crl()).der],
      time: REF,
      crypto: nodeCryptoEngine,
    };
    const encOnly = await pki.issue({
      subject: [['CN', 'enc only']],
      extensions: { keyUsage: ['keyEncipherment'] },
    });
    const tsa = await createTsa(pki);
    for (const signer of [encOnly, tsa]) {
      const s = (await verifyCades(await signCms({ content, signer, chain: [pki.issuingCa] }), opts))
        .signatures[0]!;
      expect(s.indication, signer.cert.subject.text).not.toBe(Indication.TOTAL_PASSED);
      expect(s.subIndication).toBe(SubIndication.SIG_CONSTRAINTS_FAILURE);
    }
  });

  it('6. a token from an untrusted, self-made "TSA" does not make a signature CAdES-BASELINE-T', async () => {
    const pki = await createTestPki({ name: 'Review TSA', referenceDate: REF });
    const rogue = await buildCertificate({ subject: [['CN', 'rogue TSA']] });
    const cms = await addSignatureTimestamp(
      await signCms({ content, signer: pki.endEntity, chain: [pki.issuingCa] }),
      rogue,
      {
        genTime: new Date('2025-06-01T11:00:00Z'),
      },
    );
    const s = (
      await verifyCades(cms, {
        trustAnchors: [trustAnchorFromCertificate(pki.root.cert)],
        crls: [(await pki.crl(pki.root)).der, (await pki.crl()).der],
        time: REF,
        crypto: nodeCryptoEngine,
      })
    ).signatures[0]!;
    expect(s.format).toBe('CAdES-BASELINE-B');
    expect(s.checks.find((c) => c.id === 'cades.signatureTimestamp')?.status).toBe('warning');
  });

  it('7. look-alike CAs and CRLs in a CMS cannot make validation explode (bounded work, never PASSED)', async () => {
    const pki = await createTestPki({ name: 'Review DoS', referenceDate: REF });
    const caName = pki.issuingCa.cert.subject.der;
    const rootName = pki.root.cert.subject.der;
    const forger = await generateKeyPair('P-256');
    const fakes: Uint8Array[] = [];
    const crls: Uint8Array[] = [];
    for (let i = 0; i < 8; i++) {
      const k = await generateKeyPair('P-256');
      const ext = {
        basicConstraints: { cA: true },
        keyUsage: ['keyCertSign', 'cRLSign'] as ('keyCertSign' | 'cRLSign')[],
      };
      const validity = {
        notBefore: new Date('2025-01-01T00:00:00Z'),
        notAfter: new Date('2026-01-01T00:00:00Z'),
      };
      fakes.push(
        (
          await buildCertificate({
            subject: caName,
            key: k,
            issuer: { name: rootName, key: forger },
            serialNumber: i + 1,
            ...validity,
            extensions: ext,
          })
        ).der,
      );
      crls.push(
        (
          await buildCrl({
            issuer: { name: caName, key: k },
            thisUpdate: new Date(REF.getTime() - 1000 * (i + 1)),
            crlNumber: i + 1,
          })
        ).der,
      );
      const g = await generateKeyPair('P-256');
      fakes.push(
        (
          await buildCertificate({
            subject: rootName,
            key: g,
            issuer: { name: rootName, key: forger },
            serialNumber: 1000 + i,
            ...validity,
            extensions: ext,
          })
        ).der,
      );
      crls.push(
        (
          await buildCrl({
            issuer: { name: rootName, key: g },
            thisUpdate: new Date(REF.getTime() - 1000 * (i + 1)),
            crlNumber: i + 1,
          })
        ).der,
      );
    }
    const cms = await signCms({ content, signer: pki.endEntity, chain: [pki.issuingCa, ...fakes], crls });
    const s = (
      await verifyCades(cms, {
        trustAnchors: [trustAnchorFromCertificate(pki.root.cert)],
        time: REF,
        crypto: nodeCryptoEngine,
      })
    ).signatures[0]!;
    expect(s.indication).toBe(Indication.INDETERMINATE);
  }, 60_000);
});
