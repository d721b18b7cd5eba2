import { createTestPki, type TestPki } from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Certificate,
  type CertificateValidationResult,
  Indication,
  SubIndication,
  type ValidationPolicyInput,
  createWebCryptoEngine,
  parseCrl,
  parseOcspResponse,
  parseValidationPolicy,
  STRICT_POLICY,
  trustAnchorFromCertificate,
  validateCertificate,
} from '../src/index';
import { nodeCryptoEngine } from '../src/node';

const REF = new Date('2025-06-01T12:00:00Z');

async function validate(
  pki: TestPki,
  target: Certificate,
  opts: {
    crls?: Uint8Array[];
    ocsp?: Uint8Array[];
    policy?: Partial<ValidationPolicyInput>;
    time?: Date;
    intermediates?: Certificate[];
    anchors?: Certificate[];
  } = {},
): Promise<CertificateValidationResult> {
  return validateCertificate({
    target,
    intermediates: opts.intermediates ?? pki.intermediates.map((c) => c.cert),
    trustAnchors: (opts.anchors ?? [pki.root.cert]).map((c) => trustAnchorFromCertificate(c)),
    crls: (opts.crls ?? []).map(parseCrl),
    ocspResponses: (opts.ocsp ?? []).map(parseOcspResponse),
    time: opts.time ?? REF,
    policy: opts.policy ? parseValidationPolicy({ ...STRICT_POLICY, ...opts.policy }) : STRICT_POLICY,
    crypto: nodeCryptoEngine,
  });
}

const failed = (r: CertificateValidationResult, id: string) =>
  r.checks.some((c) => c.id === id && (c.status === 'failed' || c.status === 'indeterminate'));

describe('validateCertificate: good and bad case of every check', () => {
  let pki: TestPki;
  let allCrls: Uint8Array[];

  beforeAll(async () => {
    pki = await createTestPki({ name: 'Path Tests', referenceDate: REF, keySpec: 'P-256' });
    allCrls = [(await pki.crl(pki.root)).der, (await pki.crl()).der];
  });

  it('a valid path with CRLs for every certificate is TOTAL_PASSED', async () => {
    const r = await validate(pki, pki.endEntity.cert, { crls: allCrls });
    expect(r.indication).toBe(Indication.TOTAL_PASSED);
    expect(r.best?.path.certificates).toHaveLength(2);
    expect(r.best?.revocation.map((x) => x.status.status)).toEqual(['good', 'good']);
  });

  it('the same verdict with the WebCrypto engine (browsers)', async () => {
    const r = await validateCertificate({
      target: pki.endEntity.cert,
      intermediates: [pki.issuingCa.cert],
      trustAnchors: [trustAnchorFromCertificate(pki.root.cert)],
      crls: allCrls.map(parseCrl),
      time: REF,
      crypto: createWebCryptoEngine(),
    });
    expect(r.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('certificate.signature: a tampered signature is never accepted', async () => {
    const bad = await pki.issue({ tamper: { signature: true } });
    const r = await validate(pki, bad.cert, { crls: allCrls });
    expect(r.indication).toBe(Indication.INDETERMINATE);
    expect(r.subIndication).toBe(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE);
    expect(failed(r, 'certificate.signature')).toBe(true);
  });

  it('certificate.signature: a certificate signed by another key is rejected', async () => {
    const other = await createTestPki({ name: 'Other PKI', referenceDate: REF });
    const forged = await pki.issue({ tamper: { signingKey: other.issuingCa.key } });
    const r = await validate(pki, forged.cert, { crls: allCrls });
    expect(failed(r, 'certificate.signature')).toBe(true);
    expect(r.indication).not.toBe(Indication.TOTAL_PASSED);
  });

  it('certificate.validity: expired and not-yet-valid targets', async () => {
    const expired = await pki.issue({
      notBefore: new Date('2020-01-01Z'),
      notAfter: new Date('2021-01-01Z'),
    });
    const r1 = await validate(pki, expired.cert, { crls: allCrls });
    expect(r1.subIndication).toBe(SubIndication.OUT_OF_BOUNDS_NO_POE);
    const future = await pki.issue({ notBefore: new Date('2030-01-01Z'), notAfter: new Date('2031-01-01Z') });
    const r2 = await validate(pki, future.cert, { crls: allCrls });
    expect(r2.subIndication).toBe(SubIndication.NOT_YET_VALID);
    expect(r2.indication).toBe(Indication.TOTAL_FAILED);
  });

  it('revocation.status: a revoked end entity (CRL) and a revoked CA', async () => {
    const p = await createTestPki({ name: 'Revocation Tests', referenceDate: REF });
    const victim = await p.issue();
    p.revoke(victim, { reason: 'keyCompromise', date: new Date(REF.getTime() - 86_400_000) });
    const crls = [(await p.crl(p.root)).der, (await p.crl()).der];
    const r = await validate(p, victim.cert, { crls });
    expect(r.subIndication).toBe(SubIndication.REVOKED_NO_POE);
    // Revoked after the validation time: still good at that time.
    const later = await p.issue();
    p.revoke(later, { date: new Date(REF.getTime() + 86_400_000) });
    const r2 = await validate(p, later.cert, { crls: [(await p.crl(p.root)).der, (await p.crl()).der] });
    expect(r2.indication).toBe(Indication.TOTAL_PASSED);
    // Revoked CA.
    p.revoke(p.issuingCa, { reason: 'cACompromise', date: new Date(REF.getTime() - 86_400_000) });
    const r3 = await validate(p, p.endEntity.cert, {
      crls: [(await p.crl(p.root)).der, (await p.crl()).der],
    });
    expect(r3.subIndication).toBe(SubIndication.REVOKED_CA_NO_POE);
  });

  it('revocation via OCSP: good and revoked responses', async () => {
    const p = await createTestPki({ name: 'OCSP Tests', referenceDate: REF });
    const rootCrl = (await p.crl(p.root)).der;
    const good = await validate(p, p.endEntity.cert, {
      crls: [rootCrl],
      ocsp: [(await p.ocsp(p.endEntity)).der],
    });
    expect(good.indication).toBe(Indication.TOTAL_PASSED);
    const bad = await validate(p, p.endEntity.cert, {
      crls: [rootCrl],
      ocsp: [
        (await p.ocsp(p.endEntity, { status: { revoked: new Date('2025-01-01Z'), reason: 'keyCompromise' } }))
          .der,
      ],
    });
    expect(bad.subIndication).toBe(SubIndication.REVOKED_NO_POE);
  });

  it('a delegated OCSP responder: id-pkix-ocsp-nocheck exempts it from revocation checking, nothing else does', async () => {
    const p = await createTestPki({ name: 'Delegated OCSP', referenceDate: REF });
    const rootCrl = (await p.crl(p.root)).der;
    const responder = await p.issuingCa.issueOcspResponder();
    const resp = (await p.issuingCa.ocsp(p.endEntity, { responder })).der;
    const r = await validate(p, p.endEntity.cert, { crls: [rootCrl], ocsp: [resp] });
    expect(r.indication).toBe(Indication.TOTAL_PASSED);
    // The same responder without ocsp-nocheck has no revocation data of its own: its answer is not usable.
    const plain = await p.issuingCa.issue({
      defaults: false,
      subject: [['CN', 'Responder without nocheck']],
      extensions: { keyUsage: ['digitalSignature'], extKeyUsage: ['OCSPSigning'] },
    });
    const resp2 = (await p.issuingCa.ocsp(p.endEntity, { responder: plain })).der;
    const r2 = await validate(p, p.endEntity.cert, { crls: [rootCrl], ocsp: [resp2] });
    expect(r2.indication).not.toBe(Indication.TOTAL_PASSED);
    expect(r2.subIndication).toBe(SubIndication.TRY_LATER);
  });

  it('revocation.available: no data is TRY_LATER under require, passes under if-present', async () => {
    const r = await validate(pki, pki.endEntity.cert);
    expect(r.subIndication).toBe(SubIndication.TRY_LATER);
    expect(failed(r, 'revocation.available')).toBe(true);
    const r2 = await validate(pki, pki.endEntity.cert, { policy: { revocation: { mode: 'if-present' } } });
    expect(r2.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('revocation.freshness: a CRL past its nextUpdate is TRY_LATER; the level can be lowered', async () => {
    const later = new Date(REF.getTime() + 60 * 86_400_000);
    const r = await validate(pki, pki.endEntity.cert, { crls: allCrls, time: later });
    expect(r.subIndication).toBe(SubIndication.TRY_LATER);
    expect(failed(r, 'revocation.freshness')).toBe(true);
    const r2 = await validate(pki, pki.endEntity.cert, {
      crls: allCrls,
      time: later,
      policy: { checks: { 'revocation.freshness': 'warn' } },
    });
    expect(r2.indication).toBe(Indication.TOTAL_PASSED);
    expect(r2.checks.some((c) => c.id === 'revocation.freshness' && c.status === 'warning')).toBe(true);
  });

  it('certificate.basicConstraints: an end-entity certificate used as a CA', async () => {
    const notCa = await pki.issue({ subject: [['CN', 'Not A CA']] });
    const child = await createTestPki({ name: 'x' }).then(() =>
      import('@mutua/testkit').then((t) =>
        t.buildCertificate({
          subject: [['CN', 'Child']],
          issuer: notCa,
          notBefore: new Date('2025-01-01Z'),
          notAfter: new Date('2026-01-01Z'),
        }),
      ),
    );
    const r = await validate(pki, child.cert, {
      intermediates: [pki.issuingCa.cert, notCa.cert],
      policy: { revocation: { mode: 'ignore' } },
    });
    expect(r.subIndication).toBe(SubIndication.CHAIN_CONSTRAINTS_FAILURE);
    expect(failed(r, 'certificate.basicConstraints')).toBe(true);
  });

  it("path.length: pathLenConstraint 0 on a CA forbids a further intermediate (the anchor's own is not processed)", async () => {
    const p = await createTestPki({
      name: 'PathLen Tests',
      referenceDate: REF,
      intermediates: [{ pathLen: 0 }, {}],
    });
    const r = await validate(p, p.endEntity.cert, { policy: { revocation: { mode: 'ignore' } } });
    expect(failed(r, 'path.length')).toBe(true);
    const ok = await createTestPki({
      name: 'PathLen OK',
      referenceDate: REF,
      root: { pathLen: 0 },
      intermediates: [{ pathLen: 1 }, {}],
    });
    expect(
      (await validate(ok, ok.endEntity.cert, { policy: { revocation: { mode: 'ignore' } } })).indication,
    ).toBe(Indication.TOTAL_PASSED);
  });

  it('certificate.keyUsage: a CA without keyCertSign', async () => {
    const p = await createTestPki({
      name: 'KU Tests',
      referenceDate: REF,
      intermediates: [{ extensions: { keyUsage: ['cRLSign', 'digitalSignature'] } }],
    });
    const r = await validate(p, p.endEntity.cert, { policy: { revocation: { mode: 'ignore' } } });
    expect(failed(r, 'certificate.keyUsage')).toBe(true);
  });

  it('certificate.criticalExtensions: an unknown critical extension fails, a non-critical one does not', async () => {
    const crit = await pki.issue({
      extensions: { raw: [{ oid: '1.3.6.1.4.1.99999.1', critical: true, value: new Uint8Array([5, 0]) }] },
    });
    expect(failed(await validate(pki, crit.cert, { crls: allCrls }), 'certificate.criticalExtensions')).toBe(
      true,
    );
    const nonCrit = await pki.issue({
      extensions: { raw: [{ oid: '1.3.6.1.4.1.99999.1', critical: false, value: new Uint8Array([5, 0]) }] },
    });
    expect((await validate(pki, nonCrit.cert, { crls: allCrls })).indication).toBe(Indication.TOTAL_PASSED);
  });

  it('path.nameConstraints: permitted DNS subtree on the CA', async () => {
    const p = await createTestPki({
      name: 'NC Tests',
      referenceDate: REF,
      intermediates: [{ extensions: { nameConstraints: { permitted: [{ dns: 'gob.example' }] } } }],
    });
    const inside = await p.issue({ extensions: { subjectAltName: [{ dns: 'www.gob.example' }] } });
    const outside = await p.issue({ extensions: { subjectAltName: [{ dns: 'evil.example' }] } });
    const policy = { revocation: { mode: 'ignore' as const } };
    expect((await validate(p, inside.cert, { policy })).indication).toBe(Indication.TOTAL_PASSED);
    const r = await validate(p, outside.cert, { policy });
    expect(failed(r, 'path.nameConstraints')).toBe(true);
    expect(r.subIndication).toBe(SubIndication.CHAIN_CONSTRAINTS_FAILURE);
  });

  it('path.policy: an explicit policy requirement the path does not meet', async () => {
    const policy = (set: string[]) => ({
      revocation: { mode: 'ignore' as const },
      pathValidation: { initialPolicySet: set, initialExplicitPolicy: true },
    });
    const ok = await validate(pki, pki.endEntity.cert, { policy: policy(['2.999.1.1']) });
    expect(ok.indication).toBe(Indication.TOTAL_PASSED);
    expect(ok.best?.validPolicies.map((p) => p.policy)).toEqual(['2.999.1.1']);
    const r = await validate(pki, pki.endEntity.cert, { policy: policy(['2.16.76.1.2.1.51']) });
    expect(failed(r, 'path.policy')).toBe(true);
  });

  it('crypto.constraints: an algorithm past its date fails; the level can be lowered to warn', async () => {
    const table = {
      hashes: [{ name: 'SHA-256', expires: '2020-01-01' }],
      keys: [{ name: 'EC', minBits: 256, expires: null }],
    };
    const r = await validate(pki, pki.endEntity.cert, {
      crls: allCrls,
      policy: { cryptographicConstraints: table },
    });
    expect(r.subIndication).toBe(SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE);
    const r2 = await validate(pki, pki.endEntity.cert, {
      crls: allCrls,
      policy: { cryptographicConstraints: table, checks: { 'crypto.constraints': 'warn' } },
    });
    expect(r2.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('path.build: no path to the anchor is NO_CERTIFICATE_CHAIN_FOUND, never PASSED', async () => {
    const other = await createTestPki({ name: 'Unrelated', referenceDate: REF });
    const r = await validate(pki, pki.endEntity.cert, { anchors: [other.root.cert] });
    expect(r.indication).toBe(Indication.INDETERMINATE);
    expect(r.subIndication).toBe(SubIndication.NO_CERTIFICATE_CHAIN_FOUND);
  });

  it('AIA: a missing intermediate is fetched only when the caller passes a fetcher', async () => {
    const { createHttpFetcher } = await import('../src/index');
    const requested: string[] = [];
    const fetcher = createHttpFetcher({
      fetchImpl: async (url) => {
        requested.push(url);
        const body = await pki.fetch(url);
        return body ? new Response(body as BodyInit, { status: 200 }) : new Response(null, { status: 404 });
      },
    });
    const base = {
      target: pki.endEntity.cert,
      trustAnchors: [trustAnchorFromCertificate(pki.root.cert)],
      crls: allCrls.map(parseCrl),
      time: REF,
      crypto: nodeCryptoEngine,
    };
    const offline = await validateCertificate(base);
    expect(offline.subIndication).toBe(SubIndication.NO_CERTIFICATE_CHAIN_FOUND);
    expect(requested).toEqual([]);
    const online = await validateCertificate({ ...base, fetcher });
    expect(online.indication).toBe(Indication.TOTAL_PASSED);
    expect(requested).toEqual([pki.issuingCa.urls.caIssuers]);
    expect(online.checks.some((c) => c.id === 'path.aia' && /fetched 1 issuer/.test(c.message))).toBe(true);
  });

  it('online revocation: CRLs and OCSP are downloaded through the fetcher only when the evidence is missing', async () => {
    const { createHttpFetcher } = await import('../src/index');
    const p = await createTestPki({ name: 'Online Revocation', referenceDate: REF });
    const requested: string[] = [];
    const fetcher = createHttpFetcher({
      fetchImpl: async (url, init) => {
        requested.push(`${init.method ?? 'GET'} ${url}`);
        if (init.method === 'POST' && url === p.issuingCa.urls.ocsp) {
          return new Response((await p.ocsp(p.endEntity)).der as BodyInit, { status: 200 });
        }
        const body = await p.fetch(url);
        return body ? new Response(body as BodyInit, { status: 200 }) : new Response(null, { status: 404 });
      },
    });
    const r = await validateCertificate({
      target: p.endEntity.cert,
      intermediates: [p.issuingCa.cert],
      trustAnchors: [trustAnchorFromCertificate(p.root.cert)],
      time: REF,
      crypto: nodeCryptoEngine,
      fetcher,
    });
    expect(r.indication).toBe(Indication.TOTAL_PASSED);
    expect(requested).toContain(`GET ${p.issuingCa.urls.crl}`);
    expect(r.best?.revocation.every((x) => x.status.status === 'good')).toBe(true);
    expect(r.best?.revocation.some((x) => x.status.notes.some((n) => /downloaded from/.test(n)))).toBe(true);
    // With the evidence given, nothing is fetched.
    requested.length = 0;
    await validateCertificate({
      target: p.endEntity.cert,
      intermediates: [p.issuingCa.cert],
      trustAnchors: [trustAnchorFromCertificate(p.root.cert)],
      crls: [(await p.crl(p.root)).der, (await p.crl()).der].map(parseCrl),
      time: REF,
      crypto: nodeCryptoEngine,
      fetcher,
    });
    expect(requested).toEqual([]);
  });

  it('chooses the good path among same-name issuers and reports the rejected one', async () => {
    // A second CA certificate with the issuing CA's name but another key (a rollover gone wrong).
    const { buildCertificate } = await import('@mutua/testkit');
    const other = await createTestPki({ name: 'Impostor', referenceDate: REF });
    const impostor = await buildCertificate({
      subject: pki.issuingCa.cert.subject.rdns.map(
        (rdn) => [rdn[0]!.type, rdn[0]!.value] as [string, string],
      ),
      key: other.issuingCa.key,
      issuer: pki.root,
      notBefore: new Date('2024-01-01Z'),
      notAfter: new Date('2030-01-01Z'),
      extensions: {
        basicConstraints: { cA: true },
        keyUsage: ['keyCertSign', 'cRLSign'],
        authorityKeyIdentifier: false,
      },
    });
    const r = await validate(pki, pki.endEntity.cert, {
      crls: allCrls,
      intermediates: [impostor.cert, pki.issuingCa.cert],
    });
    expect(r.indication).toBe(Indication.TOTAL_PASSED);
  });
});
