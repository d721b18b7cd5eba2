import { Indication, parseCrl, trustAnchorFromCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { createTestPki, createTsa, timestampToken } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import { addDocumentTimestamp, createPdf, signPdf, verifyPades } from '../src/index';

const REF = new Date('2025-06-01T12:00:00Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(REF.getTime() + ms);

describe('a later document time-stamp is a proof of existence for the CMS’s own time-stamps', () => {
  it('a signature time-stamp whose TSA was revoked after its genTime proves only when a document time-stamp from before the revocation follows', async () => {
    const pki = await createTestPki({ name: 'PAdES POE', referenceDate: REF, keySpec: 'P-256' });
    const compromised = await createTsa(pki, {
      subject: [['CN', 'Compromised TSA']],
      notBefore: at(-DAY),
      notAfter: at(900 * DAY),
    });
    const archiveTsa = await createTsa(pki, {
      subject: [['CN', 'Archive TSA']],
      notBefore: at(-DAY),
      notAfter: at(900 * DAY),
    });
    const signed = await signPdf(await createPdf(), {
      key: pki.endEntity.key.privateKey,
      certificate: pki.endEntity.der,
      chain: [pki.issuingCa.der],
      signingTime: REF,
      timestamp: (digest, hash) =>
        timestampToken({ tsa: compromised, digest, hash, genTime: REF, chain: [pki.issuingCa] }),
      crypto: nodeCryptoEngine,
    });
    const archived = await addDocumentTimestamp(signed, {
      timestamp: (digest, hash) =>
        timestampToken({ tsa: archiveTsa, digest, hash, genTime: at(2 * DAY), chain: [pki.issuingCa] }),
      crypto: nodeCryptoEngine,
    });
    // The compromised TSA's key is revoked on day 10; validation on day 20.
    pki.issuingCa.revoke(compromised, { date: at(10 * DAY), reason: 'keyCompromise' });
    const crls = [
      parseCrl((await pki.root.crl({ thisUpdate: at(19 * DAY), nextUpdate: at(30 * DAY) })).der),
      parseCrl((await pki.issuingCa.crl({ thisUpdate: at(19 * DAY), nextUpdate: at(30 * DAY) })).der),
    ];
    const options = {
      trustAnchors: [trustAnchorFromCertificate(pki.root.cert)],
      crls,
      time: at(20 * DAY),
      crypto: nodeCryptoEngine,
    };
    const cmsStamp = async (bytes: Uint8Array) =>
      (await verifyPades(bytes, options)).signatures[0]!.timestamps.find((t) => t.source === 'cms')!;
    // Without the document time-stamp: the token could have been back-dated with the stolen key.
    expect((await cmsStamp(signed)).indication).not.toBe(Indication.TOTAL_PASSED);
    // With a document time-stamp from day 2 (before the revocation): it proves.
    const rescued = await cmsStamp(archived);
    expect(rescued.indication).toBe(Indication.TOTAL_PASSED);
    expect(rescued.checks.find((c) => c.id === 'timestamp.pastValidation')?.status).toBe('passed');
  });
});
