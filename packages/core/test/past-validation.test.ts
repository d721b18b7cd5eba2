import { createTestPki } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import {
  type Certificate,
  Indication,
  STRICT_POLICY,
  SubIndication,
  parseCrl,
  parseOcspResponse,
  trustAnchorFromCertificate,
  validateCertificate,
} from '../src/index';
import { nodeCryptoEngine } from '../src/node';

// EN 319 102-1 §5.6.2.4 past certificate validation: a certificate is judged at a time proven by a POE
// (a signature time-stamp's genTime) with revocation data gathered after that time.
const REF = new Date('2025-06-01T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const POE = new Date(REF.getTime() - 3 * HOUR);

async function setup() {
  const pki = await createTestPki({ name: 'Past Validation', referenceDate: REF, intermediates: 0 });
  const leaf = await pki.issue({
    notBefore: new Date(REF.getTime() - 30 * DAY),
    notAfter: new Date(REF.getTime() + 30 * DAY),
  });
  return { pki, leaf };
}

function validate(
  pki: Awaited<ReturnType<typeof setup>>['pki'],
  target: Certificate,
  o: { crls?: Uint8Array[]; ocsp?: Uint8Array[]; time?: Date; pastValidation?: boolean },
) {
  return validateCertificate({
    target,
    intermediates: pki.intermediates.map((c) => c.cert),
    trustAnchors: [trustAnchorFromCertificate(pki.root.cert)],
    crls: (o.crls ?? []).map(parseCrl),
    ocspResponses: (o.ocsp ?? []).map(parseOcspResponse),
    time: o.time ?? POE,
    ...(o.pastValidation ? { pastValidation: true } : {}),
    policy: STRICT_POLICY,
    crypto: nodeCryptoEngine,
  });
}

describe('pastValidation: revocation data issued after the proven time', () => {
  it('an OCSP "good" issued after the POE proves nothing at the POE in ordinary validation, and the status in past validation', async () => {
    const { pki, leaf } = await setup();
    // pki.issue() issues from the root itself here (no intermediates).
    const ocsp = (await pki.issuingCa.ocsp(leaf, { thisUpdate: REF, producedAt: REF })).der;
    const plain = await validate(pki, leaf.cert, { ocsp: [ocsp] });
    expect(plain.indication).toBe(Indication.INDETERMINATE);
    const past = await validate(pki, leaf.cert, { ocsp: [ocsp], pastValidation: true });
    expect(past.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('a revocation dated after the POE does not count at the POE; one dated before it does', async () => {
    const { pki, leaf } = await setup();
    pki.issuingCa.revoke(leaf, { date: new Date(REF.getTime() - HOUR), reason: 'keyCompromise' });
    const crl = (await pki.issuingCa.crl({ thisUpdate: REF, nextUpdate: new Date(REF.getTime() + 7 * DAY) }))
      .der;
    const after = await validate(pki, leaf.cert, { crls: [crl], pastValidation: true });
    expect(after.indication).toBe(Indication.TOTAL_PASSED);
    // The same data judged at now (after the revocation): revoked.
    const now = await validate(pki, leaf.cert, { crls: [crl], time: new Date(REF.getTime() + HOUR) });
    expect(now.subIndication).toBe(SubIndication.REVOKED_NO_POE);
    pki.issuingCa.revoke(leaf, { date: new Date(POE.getTime() - HOUR), reason: 'keyCompromise' });
    const crl2 = (await pki.issuingCa.crl({ thisUpdate: REF, nextUpdate: new Date(REF.getTime() + 7 * DAY) }))
      .der;
    const before = await validate(pki, leaf.cert, { crls: [crl2], pastValidation: true });
    expect(before.subIndication).toBe(SubIndication.REVOKED_NO_POE);
  });

  it('data issued after the certificate expired cannot say "good" (an expired certificate may be dropped)', async () => {
    const { pki } = await setup();
    const short = await pki.issue({
      notBefore: new Date(POE.getTime() - DAY),
      notAfter: new Date(POE.getTime() + HOUR),
    });
    const late = (await pki.issuingCa.crl({ thisUpdate: REF, nextUpdate: new Date(REF.getTime() + 7 * DAY) }))
      .der;
    const r = await validate(pki, short.cert, { crls: [late], pastValidation: true });
    expect(r.indication).toBe(Indication.INDETERMINATE);
    expect(r.checks.some((c) => /after the certificate expired/.test(c.message))).toBe(true);
  });

  it('a delegated OCSP responder is validated when it signed, not at the earlier proven time', async () => {
    const { pki, leaf } = await setup();
    // A responder certificate that did not exist yet at the POE.
    const responder = await pki.issuingCa.issueOcspResponder({
      notBefore: new Date(REF.getTime() - HOUR),
      notAfter: new Date(REF.getTime() + 7 * DAY),
    });
    const ocsp = (await pki.issuingCa.ocsp(leaf, { responder, thisUpdate: REF, producedAt: REF })).der;
    const r = await validate(pki, leaf.cert, { ocsp: [ocsp], pastValidation: true });
    expect(r.indication).toBe(Indication.TOTAL_PASSED);
  });
});
