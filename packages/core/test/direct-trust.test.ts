import { createTestPki } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import {
  Indication,
  STRICT_POLICY,
  SubIndication,
  parseCrl,
  trustAnchorFromCertificate,
  validateCertificate,
} from '../src/index';
import { nodeCryptoEngine } from '../src/node';

const REF = new Date('2025-06-01T12:00:00Z');
const YEAR = 365 * 86_400_000;

describe('direct trust: a certificate that is itself a trust anchor', () => {
  it('passes within its validity period when no path exists (issuer not at hand), without a revocation check', async () => {
    const p = await createTestPki({ name: 'Direct Trust', referenceDate: REF });
    const r = await validateCertificate({
      target: p.endEntity.cert,
      trustAnchors: [trustAnchorFromCertificate(p.endEntity.cert)],
      time: REF,
      policy: STRICT_POLICY,
      crypto: nodeCryptoEngine,
    });
    expect(r.indication).toBe(Indication.TOTAL_PASSED);
    expect(r.checks.map((c) => c.id)).toEqual(['path.directTrust', 'certificate.validity']);
    expect(r.best?.path.certificates).toEqual([]);
  });

  it('is INDETERMINATE/OUT_OF_BOUNDS_NO_POE once expired (never PASSED), and passes at a proven earlier time', async () => {
    const p = await createTestPki({ name: 'Direct Trust Expired', referenceDate: REF });
    const anchors = [trustAnchorFromCertificate(p.endEntity.cert)];
    const late = new Date(p.endEntity.cert.notAfter.getTime() + YEAR);
    const r = await validateCertificate({
      target: p.endEntity.cert,
      trustAnchors: anchors,
      time: late,
      policy: STRICT_POLICY,
      crypto: nodeCryptoEngine,
    });
    expect(r.indication).toBe(Indication.INDETERMINATE);
    expect(r.subIndication).toBe(SubIndication.OUT_OF_BOUNDS_NO_POE);
    const proven = await validateCertificate({
      target: p.endEntity.cert,
      trustAnchors: anchors,
      time: REF,
      pastValidation: true,
      policy: STRICT_POLICY,
      crypto: nodeCryptoEngine,
    });
    expect(proven.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('is TOTAL_FAILED/NOT_YET_VALID before its validity period', async () => {
    const p = await createTestPki({ name: 'Direct Trust Early', referenceDate: REF });
    const r = await validateCertificate({
      target: p.endEntity.cert,
      trustAnchors: [trustAnchorFromCertificate(p.endEntity.cert)],
      time: new Date(p.endEntity.cert.notBefore.getTime() - 86_400_000),
      policy: STRICT_POLICY,
      crypto: nodeCryptoEngine,
    });
    expect(r.indication).toBe(Indication.TOTAL_FAILED);
    expect(r.subIndication).toBe(SubIndication.NOT_YET_VALID);
  });

  it('never overrides a path that exists: a revoked, directly trusted certificate whose issuer is at hand is revoked', async () => {
    const p = await createTestPki({ name: 'Direct Trust Revoked', referenceDate: REF });
    const victim = await p.issue();
    p.revoke(victim, { reason: 'keyCompromise', date: new Date(REF.getTime() - 86_400_000) });
    const r = await validateCertificate({
      target: victim.cert,
      intermediates: [p.issuingCa.cert],
      trustAnchors: [trustAnchorFromCertificate(victim.cert), trustAnchorFromCertificate(p.root.cert)],
      crls: [parseCrl((await p.crl(p.root)).der), parseCrl((await p.crl()).der)],
      time: REF,
      policy: STRICT_POLICY,
      crypto: nodeCryptoEngine,
    });
    expect(r.indication).not.toBe(Indication.TOTAL_PASSED);
    expect(r.subIndication).toBe(SubIndication.REVOKED_NO_POE);
    expect(r.checks.some((c) => c.id === 'path.directTrust')).toBe(false);
  });

  it('a look-alike (same name, other key) is not the anchor', async () => {
    const p = await createTestPki({ name: 'Direct Trust Lookalike', referenceDate: REF });
    const q = await createTestPki({ name: 'Direct Trust Lookalike', referenceDate: REF });
    const r = await validateCertificate({
      target: q.endEntity.cert,
      trustAnchors: [trustAnchorFromCertificate(p.endEntity.cert)],
      time: REF,
      policy: STRICT_POLICY,
      crypto: nodeCryptoEngine,
    });
    expect(r.subIndication).toBe(SubIndication.NO_CERTIFICATE_CHAIN_FOUND);
  });
});

describe('trust anchors with a trust history (trusted periods)', () => {
  it('count only at the times they were trusted: a path validated at a past time may end at one withdrawn since', async () => {
    const p = await createTestPki({ name: 'Trusted Periods', referenceDate: REF });
    const withdrawn = new Date(REF.getTime() - 30 * 86_400_000);
    const anchor = {
      ...trustAnchorFromCertificate(p.root.cert, 'xx-tl:Test TSP'),
      trustedPeriods: [{ until: withdrawn }],
    };
    const common = {
      target: p.endEntity.cert,
      intermediates: [p.issuingCa.cert],
      trustAnchors: [anchor],
      policy: { ...STRICT_POLICY, revocation: { ...STRICT_POLICY.revocation, mode: 'ignore' as const } },
      crypto: nodeCryptoEngine,
    };
    // EN 319 102-1: a prospective path to an anchor no longer trusted — NO_CERTIFICATE_CHAIN_FOUND_NO_POE.
    const now = await validateCertificate({ ...common, time: REF });
    expect(now.subIndication).toBe(SubIndication.NO_CERTIFICATE_CHAIN_FOUND_NO_POE);
    expect(now.checks.find((c) => c.id === 'path.build')?.message).toMatch(
      /ends at the trust anchor .* \(xx-tl:Test TSP\), which is not trusted at .* \(trusted always – /,
    );
    // A certificate of another PKI: no path at all, whatever the anchor's history.
    const other = await createTestPki({ name: 'Trusted Periods Other', referenceDate: REF });
    const unrelated = await validateCertificate({
      ...common,
      target: other.endEntity.cert,
      intermediates: [other.issuingCa.cert],
      time: REF,
    });
    expect(unrelated.subIndication).toBe(SubIndication.NO_CERTIFICATE_CHAIN_FOUND);
    expect(unrelated.checks.find((c) => c.id === 'path.build')?.message).toMatch(/1 more not trusted then/);
    const before = new Date(withdrawn.getTime() - 86_400_000);
    const then = await validateCertificate({ ...common, time: before, pastValidation: true });
    expect(then.best?.path.anchor.source).toBe('xx-tl:Test TSP');
    expect(then.subIndication).not.toBe(SubIndication.NO_CERTIFICATE_CHAIN_FOUND);
  });
});
