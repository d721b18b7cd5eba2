import {
  ETSI_TS_119_312_CONSTRAINTS,
  Indication,
  STRICT_POLICY,
  SubIndication,
  type TrustAnchor,
  parseCrl,
  parseValidationPolicy,
  trustAnchorFromCertificate,
} from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import {
  type BuiltCertificate,
  type TestPki,
  addArchiveTimestampV3,
  addSignatureTimestamp,
  addUnsignedAttribute,
  cmsAttribute,
  createTestPki,
  completeReferences,
  createTsa,
  signCms,
} from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CMS_OID,
  type CadesSignatureReport,
  type VerifyCadesOptions,
  signCades,
  verifyCades,
} from '../src/index';

// EN 319 102-1 §5.5 (validation with time) and §5.6 (long-term validation): time-stamps prove that a
// signature existed, so that what happened later — an expired or revoked certificate, stale revocation
// data, an algorithm that became weak — does not undo it; and nothing else does.
const REF = new Date('2025-06-01T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(REF.getTime() + ms);
const content = new TextEncoder().encode('Mutua: a contract that must outlive its certificates.');

let pki: TestPki;
let anchors: TrustAnchor[];
let tsa: BuiltCertificate;
let tsa2: BuiltCertificate;

beforeAll(async () => {
  pki = await createTestPki({ name: 'CAdES Long-Term Tests', referenceDate: REF, keySpec: 'P-256' });
  anchors = [trustAnchorFromCertificate(pki.root.cert)];
  tsa = await createTsa(pki, { notBefore: at(-365 * DAY), notAfter: at(5 * 365 * DAY) });
  tsa2 = await createTsa(pki, {
    subject: [['CN', 'Mutua Test Archive TSA']],
    notBefore: at(-365 * DAY),
    notAfter: at(5 * 365 * DAY),
  });
});

/** CRLs of the root and the issuing CA, issued at `when` (valid for seven days). */
async function crlsAt(when: Date): Promise<Uint8Array[]> {
  const o = { thisUpdate: when, nextUpdate: new Date(when.getTime() + 7 * DAY) };
  return [(await pki.root.crl(o)).der, (await pki.issuingCa.crl(o)).der];
}

async function one(cms: Uint8Array, o: Partial<VerifyCadesOptions>): Promise<CadesSignatureReport> {
  const r = await verifyCades(cms, { trustAnchors: anchors, crypto: nodeCryptoEngine, ...o });
  expect(r.signatures).toHaveLength(1);
  return r.signatures[0]!;
}

const check = (s: CadesSignatureReport, id: string) => s.checks.find((c) => c.id === id);

describe('validation with time: a signature time-stamp is a proof of existence', () => {
  it('a certificate that expired after the signature time-stamp: PASSED; without the time-stamp: OUT_OF_BOUNDS_NO_POE', async () => {
    const leaf = await pki.issue({ notBefore: at(-30 * DAY), notAfter: at(DAY) });
    const crls = await crlsAt(at(-HOUR));
    const p7s = await signCms({ content, signer: leaf, chain: [pki.issuingCa], crls });
    const cadesT = await addSignatureTimestamp(p7s, tsa, { genTime: REF, chain: [pki.issuingCa] });
    const later = at(60 * DAY);
    const t = await one(cadesT, { time: later });
    expect(t.indication).toBe(Indication.TOTAL_PASSED);
    expect(t.bestSignatureTime).toEqual(REF);
    expect(check(t, 'cades.pastSignatureValidation')?.status).toBe('passed');
    // The basic validation's verdict stays in the report: expired at the validation time.
    expect(t.checks.some((c) => c.id === 'certificate.validity' && c.status !== 'passed')).toBe(true);
    const b = await one(p7s, { time: later });
    expect(b.indication).toBe(Indication.INDETERMINATE);
    // The CA's CRL went stale too, and the path is judged from the anchor down: the first reason reported
    // is that one; the signer's expiry is among the checks.
    expect([SubIndication.OUT_OF_BOUNDS_NO_POE, SubIndication.TRY_LATER]).toContain(b.subIndication);
    expect(b.checks.some((c) => c.id === 'certificate.validity' && /expired/.test(c.message))).toBe(true);
    expect(check(b, 'cades.pastSignatureValidation')?.message).toMatch(/no time-stamp proves/);
  });

  it('a trust anchor withdrawn after the signature time-stamp (a trusted-list service withdrawn since): PASSED; without the time-stamp, or with one from after: NO_CERTIFICATE_CHAIN_FOUND_NO_POE', async () => {
    const leaf = await pki.issue({ notBefore: at(-30 * DAY), notAfter: at(365 * DAY) });
    const p7s = await signCms({ content, signer: leaf, chain: [pki.issuingCa] });
    const withdrawn = at(30 * DAY);
    const later = at(60 * DAY);
    const o = {
      time: later,
      // The root was trusted until its service was withdrawn; the TSA is listed on its own (a QTST service).
      trustAnchors: [
        {
          ...trustAnchorFromCertificate(pki.root.cert, 'xx-tl:Root TSP'),
          trustedPeriods: [{ until: withdrawn }],
        },
        trustAnchorFromCertificate(tsa.cert, 'xx-tl:TSA'),
      ],
      crls: await crlsAt(at(60 * DAY - HOUR)),
    };
    const t = await one(await addSignatureTimestamp(p7s, tsa, { genTime: REF, chain: [pki.issuingCa] }), o);
    expect(t.indication).toBe(Indication.TOTAL_PASSED);
    expect(check(t, 'cades.pastSignatureValidation')?.status).toBe('passed');
    const b = await one(p7s, o);
    expect([b.indication, b.subIndication]).toEqual([
      Indication.INDETERMINATE,
      SubIndication.NO_CERTIFICATE_CHAIN_FOUND_NO_POE,
    ]);
    expect(check(b, 'path.build')?.message).toMatch(/\(xx-tl:Root TSP\), which is not trusted at/);
    const afterwards = await addSignatureTimestamp(p7s, tsa, {
      genTime: at(40 * DAY),
      chain: [pki.issuingCa],
    });
    const a = await one(afterwards, o);
    expect([a.indication, a.subIndication]).toEqual([
      Indication.INDETERMINATE,
      SubIndication.NO_CERTIFICATE_CHAIN_FOUND_NO_POE,
    ]);
  });

  it('a directly trusted signer (its own certificate is the trust anchor, no CA at hand): PASSED within its validity, OUT_OF_BOUNDS_NO_POE once expired, PASSED again with a time-stamp from before', async () => {
    const leaf = await pki.issue({ notBefore: at(-30 * DAY), notAfter: at(DAY) });
    const direct = [trustAnchorFromCertificate(leaf.cert)];
    const p7s = await signCms({ content, signer: leaf, chain: [] });
    const now = await one(p7s, { trustAnchors: direct, time: REF });
    expect(now.indication).toBe(Indication.TOTAL_PASSED);
    expect(check(now, 'path.directTrust')?.status).toBe('passed');
    const later = at(60 * DAY);
    const b = await one(p7s, { trustAnchors: direct, time: later });
    expect(b.indication).toBe(Indication.INDETERMINATE);
    expect(b.subIndication).toBe(SubIndication.OUT_OF_BOUNDS_NO_POE);
    // A TSA of another PKI, so that the signer's issuer stays out of reach (with it, the signer's path
    // exists and is validated as any path is, revocation included).
    const tsaPki = await createTestPki({
      name: 'Direct Trust TSA PKI',
      referenceDate: REF,
      keySpec: 'P-256',
    });
    const otherTsa = await createTsa(tsaPki, { notBefore: at(-365 * DAY), notAfter: at(5 * 365 * DAY) });
    const cadesT = await addSignatureTimestamp(p7s, otherTsa, { genTime: REF, chain: [tsaPki.issuingCa] });
    const tsaCrls = [(await tsaPki.root.crl()).der, (await tsaPki.issuingCa.crl()).der];
    const t = await one(cadesT, {
      trustAnchors: [...direct, trustAnchorFromCertificate(tsaPki.root.cert)],
      crls: tsaCrls.map((c) => parseCrl(c)),
      time: later,
    });
    expect(t.indication).toBe(Indication.TOTAL_PASSED);
    expect(t.bestSignatureTime).toEqual(REF);
  });

  it('revoked after the signature time-stamp: PASSED; revoked before it: REVOKED_NO_POE', async () => {
    const after = await pki.issue({ notBefore: at(-30 * DAY), notAfter: at(365 * DAY) });
    const before = await pki.issue({ notBefore: at(-30 * DAY), notAfter: at(365 * DAY) });
    pki.issuingCa.revoke(after, { date: at(DAY), reason: 'keyCompromise' });
    pki.issuingCa.revoke(before, { date: at(-HOUR), reason: 'keyCompromise' });
    const crls = await crlsAt(at(2 * DAY));
    const verifyAt = { time: at(3 * DAY), crls };
    for (const [leaf, expected] of [
      [after, Indication.TOTAL_PASSED],
      [before, Indication.INDETERMINATE],
    ] as const) {
      const p7s = await signCms({ content, signer: leaf, chain: [pki.issuingCa] });
      const cadesT = await addSignatureTimestamp(p7s, tsa, { genTime: REF, chain: [pki.issuingCa] });
      const s = await one(cadesT, verifyAt);
      expect(s.indication).toBe(expected);
      if (expected === Indication.INDETERMINATE) expect(s.subIndication).toBe(SubIndication.REVOKED_NO_POE);
      // Without a time-stamp, a revoked certificate is never valid.
      const b = await one(p7s, verifyAt);
      expect(b.subIndication).toBe(SubIndication.REVOKED_NO_POE);
    }
  });

  it('an algorithm that became weak after the signature time-stamp: PASSED; without it: CRYPTO_CONSTRAINTS_FAILURE_NO_POE', async () => {
    // A policy under which SHA-1 was acceptable until ten days after REF.
    const policy = parseValidationPolicy({
      ...STRICT_POLICY,
      cryptographicConstraints: {
        ...ETSI_TS_119_312_CONSTRAINTS,
        hashes: ETSI_TS_119_312_CONSTRAINTS.hashes.map((h) =>
          h.name === 'SHA-1'
            ? {
                ...h,
                expires: at(10 * DAY)
                  .toISOString()
                  .slice(0, 10),
              }
            : h,
        ),
      },
    });
    const crls = await crlsAt(at(-HOUR));
    const p7s = await signCms({
      content,
      signer: pki.endEntity,
      chain: [pki.issuingCa],
      crls,
      digestHash: 'SHA-1',
    });
    const cadesT = await addSignatureTimestamp(p7s, tsa, { genTime: REF, chain: [pki.issuingCa] });
    // Fresh revocation data at the validation time: only the algorithm stands in the way.
    const later = { time: at(30 * DAY), policy, crls: await crlsAt(at(29 * DAY)) };
    const b = await one(p7s, later);
    expect(b.subIndication).toBe(SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE);
    const t = await one(cadesT, later);
    expect(t.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('a best-signature-time before the signing certificate existed: TOTAL_FAILED NOT_YET_VALID', async () => {
    const young = await pki.issue({ notBefore: at(HOUR), notAfter: at(365 * DAY) });
    const crls = await crlsAt(at(2 * HOUR));
    const p7s = await signCms({ content, signer: young, chain: [pki.issuingCa], crls });
    // A (genuine) time-stamp claims the signature existed before its certificate was issued.
    const cadesT = await addSignatureTimestamp(p7s, tsa, { genTime: REF, chain: [pki.issuingCa] });
    const s = await one(cadesT, { time: at(3 * HOUR), crls: await crlsAt(at(-HOUR)) });
    expect(s.indication).toBe(Indication.TOTAL_FAILED);
    expect(s.subIndication).toBe(SubIndication.NOT_YET_VALID);
  });
});

describe('time-stamps judged over time', () => {
  it('an expired TSA certificate: its token still proves (judged at its genTime); a TSA revoked since needs a later archive time-stamp', async () => {
    const shortTsa = await createTsa(pki, {
      subject: [['CN', 'Short-lived TSA']],
      notBefore: at(-DAY),
      notAfter: at(5 * DAY),
    });
    const crls = await crlsAt(at(-HOUR));
    const p7s = await signCms({ content, signer: pki.endEntity, chain: [pki.issuingCa], crls });
    const cadesT = await addSignatureTimestamp(p7s, shortTsa, { genTime: REF, chain: [pki.issuingCa] });
    const expired = await one(cadesT, { time: at(3 * DAY), crls: await crlsAt(at(2 * DAY)) });
    // At 3 days the TSA is valid and not revoked: proven at the validation time itself.
    expect(expired.format).not.toBe('CAdES-BASELINE-B');
    const much = await one(cadesT, { time: at(30 * DAY) });
    expect(much.timestamps[0]?.indication).toBe(Indication.TOTAL_PASSED);
    expect(much.timestamps[0]?.checks.find((c) => c.id === 'timestamp.pastValidation')?.status).toBe(
      'passed',
    );

    // The TSA key revoked (compromised) after genTime: the token could be back-dated; it proves nothing…
    const revokedTsa = await createTsa(pki, { subject: [['CN', 'Compromised TSA']] });
    pki.issuingCa.revoke(revokedTsa, { date: at(DAY), reason: 'keyCompromise' });
    const withRevokedTsa = await addSignatureTimestamp(p7s, revokedTsa, {
      genTime: REF,
      chain: [pki.issuingCa],
    });
    const late = { time: at(3 * DAY), crls: await crlsAt(at(2 * DAY)) };
    const r = await one(withRevokedTsa, late);
    expect(r.timestamps[0]?.subIndication).toBe(SubIndication.REVOKED_NO_POE);
    expect(r.format).toBe('CAdES-BASELINE-B');
    expect(r.bestSignatureTime).toBeUndefined();
    // …unless an archive time-stamp from another TSA proves the token existed before the revocation.
    const archived = await addArchiveTimestampV3(withRevokedTsa, tsa2, {
      genTime: at(12 * HOUR),
      chain: [pki.issuingCa],
    });
    const a = await one(archived, late);
    const sig = a.timestamps.find((t) => t.type === 'signature');
    expect(sig?.indication).toBe(Indication.TOTAL_PASSED);
    expect(sig?.checks.find((c) => c.id === 'timestamp.pastValidation')?.message).toMatch(
      /archive time-stamp/,
    );
    expect(a.bestSignatureTime).toEqual(REF);
    // A proof of existence from outside the CMS (a PDF document time-stamp) does the same; a later one not.
    const external = await one(withRevokedTsa, { ...late, poe: at(12 * HOUR) });
    expect(external.timestamps[0]?.indication).toBe(Indication.TOTAL_PASSED);
    expect((await one(withRevokedTsa, { ...late, poe: at(36 * HOUR) })).timestamps[0]?.subIndication).toBe(
      SubIndication.REVOKED_NO_POE,
    );
    // An archive time-stamp made after the revocation proves nothing about before it.
    const tooLate = await addArchiveTimestampV3(withRevokedTsa, tsa2, {
      genTime: at(36 * HOUR),
      chain: [pki.issuingCa],
    });
    const z = await one(tooLate, late);
    expect(z.timestamps.find((t) => t.type === 'signature')?.indication).toBe(Indication.INDETERMINATE);
    pki.issuingCa.unrevoke(revokedTsa);
  });
});

describe('levels: baseline, TS 101 733 and ICP-Brasil names', () => {
  it('B, T, LT and LTA, each reached only with what it needs', async () => {
    const crls = await crlsAt(at(-HOUR));
    const verify = { time: at(HOUR), crls };
    const b = await signCms({ content, signer: pki.endEntity, chain: [pki.issuingCa] });
    expect((await one(b, verify)).format).toBe('CAdES-BASELINE-B');
    expect((await one(b, verify)).legacyFormat).toBe('CAdES-BES');
    const t = await addSignatureTimestamp(b, tsa, { genTime: REF, chain: [pki.issuingCa] });
    const ts = await one(t, verify);
    expect(ts.format).toBe('CAdES-BASELINE-T');
    expect(check(ts, 'cades.validationData')?.message).toMatch(/revocation data for/);
    // The same signature carrying its CRLs (SignedData.crls) and chain: LT.
    const full = await signCms({ content, signer: pki.endEntity, chain: [pki.issuingCa], crls });
    const lt = await addSignatureTimestamp(full, tsa, { genTime: REF, chain: [pki.issuingCa] });
    const ltr = await one(lt, { time: at(HOUR) });
    expect(ltr.format).toBe('CAdES-BASELINE-LT');
    expect(ltr.indication).toBe(Indication.TOTAL_PASSED);
    const lta = await addArchiveTimestampV3(lt, tsa2, { genTime: at(30 * 60_000), chain: [pki.issuingCa] });
    const ltar = await one(lta, { time: at(HOUR) });
    expect(ltar.format).toBe('CAdES-BASELINE-LTA');
    expect(ltar.legacyFormat).toBe('CAdES-A');
    // Without the issuing CA's certificate carried, it is not LT, whatever the verifier holds.
    const noChain = await signCms({ content, signer: pki.endEntity, crls });
    const nt = await addSignatureTimestamp(noChain, tsa, { genTime: REF, chain: [pki.issuingCa] });
    const ntr = await one(nt, { time: at(HOUR), certificates: [pki.issuingCa.cert] });
    expect(ntr.format).toBe('CAdES-BASELINE-T');
    expect(check(ntr, 'cades.validationData')?.message).toMatch(/the certificate/);
  });

  it('a copied signature time-stamp, or one from an untrusted TSA, gives no level', async () => {
    const crls = await crlsAt(at(-HOUR));
    const full = await signCms({ content, signer: pki.endEntity, chain: [pki.issuingCa], crls });
    const copied = await addSignatureTimestamp(full, tsa, {
      genTime: REF,
      chain: [pki.issuingCa],
      imprint: new Uint8Array(64).fill(7),
    });
    expect((await one(copied, { time: at(HOUR) })).format).toBe('CAdES-BASELINE-B');
    const other = await createTestPki({ name: 'Self-made TSA', referenceDate: REF, keySpec: 'P-256' });
    const fake = await addSignatureTimestamp(full, await createTsa(other), { genTime: REF });
    const f = await one(fake, { time: at(HOUR) });
    expect(f.format).toBe('CAdES-BASELINE-B');
    expect(f.bestSignatureTime).toBeUndefined();
  });

  it('legacy C, X Type 1/2 and X-L are named from their attributes; an ICP-Brasil policy OID gives the AD form', async () => {
    const crls = await crlsAt(at(-HOUR));
    const b = await signCms({ content, signer: pki.endEntity, chain: [pki.issuingCa], crls });
    const t = await addSignatureTimestamp(b, tsa, { genTime: REF, chain: [pki.issuingCa] });
    // CAdES-C: complete references to the path (issuing CA and root) and the CRLs.
    const parsedCrls = crls.map(parseCrl);
    const [certRefs, revRefs] = await completeReferences({
      certificates: [pki.issuingCa.cert, pki.root.cert],
      crls: parsedCrls,
    });
    const c = addUnsignedAttribute(addUnsignedAttribute(t, certRefs), revRefs);
    const cr = await one(c, { time: at(HOUR) });
    expect(cr.legacyFormat).toBe('CAdES-C');
    expect(check(cr, 'cades.completeReferences')?.status).toBe('passed');
    // References that leave out a path certificate are not complete; a reference to data this verifier
    // does not hold is only reported (a CAdES-C keeps its values elsewhere).
    const [partial] = await completeReferences({ certificates: [pki.issuingCa.cert] });
    const pr = await one(addUnsignedAttribute(addUnsignedAttribute(t, partial), revRefs), { time: at(HOUR) });
    expect(pr.legacyFormat).toBe('CAdES-T');
    expect(check(pr, 'cades.completeReferences')?.status).toBe('warning');
    const [, elsewhere] = await completeReferences({
      certificates: [],
      crls: [{ der: new Uint8Array([1, 2, 3]) }],
    });
    const er = await one(addUnsignedAttribute(addUnsignedAttribute(t, certRefs), elsewhere), {
      time: at(HOUR),
    });
    expect(er.legacyFormat).toBe('CAdES-C');
    expect(check(er, 'cades.completeReferences')?.status).toBe('info');
    const empty = new Uint8Array([0x30, 0x00]);
    const xl = addUnsignedAttribute(
      addUnsignedAttribute(c, cmsAttribute(CMS_OID.certValues, empty)),
      cmsAttribute(CMS_OID.revocationValues, empty),
    );
    expect((await one(xl, { time: at(HOUR) })).legacyFormat).toBe('CAdES-X-L');

    // An ICP-Brasil AD-RT policy (2.16.76.1.7.1.2.x): EPES, AD-RT, and the form's needs checked.
    const sign = (oid: string) =>
      signCades({
        content,
        certificate: pki.endEntity.der,
        chain: [pki.issuingCa.der],
        key: pki.endEntity.key.privateKey,
        signaturePolicy: { oid, hash: 'SHA-256', digest: new Uint8Array(32) },
      });
    const rt = await sign('2.16.76.1.7.1.2.2.4');
    const bare = await one(rt, { time: at(HOUR), crls });
    expect(bare.legacyFormat).toBe('CAdES-EPES');
    expect(bare.icpBrasilFormat).toBe('AD-RT');
    expect(check(bare, 'cades.icpBrasilFormat')).toMatchObject({ status: 'warning' });
    expect(check(bare, 'cades.icpBrasilFormat')?.message).toMatch(/signature time-stamp/);
    const stamped = await one(
      await addSignatureTimestamp(rt, tsa, { genTime: REF, chain: [pki.issuingCa] }),
      {
        time: at(HOUR),
        crls,
      },
    );
    expect(stamped.icpBrasilFormat).toBe('AD-RT');
    expect(check(stamped, 'cades.icpBrasilFormat')?.status).toBe('passed');
    expect((await one(await sign('1.2.3.4'), { time: at(HOUR), crls })).icpBrasilFormat).toBeUndefined();
  });
});
