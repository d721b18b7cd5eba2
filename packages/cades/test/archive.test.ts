import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type TrustAnchor, der, trustAnchorFromCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import {
  type BuiltCertificate,
  type TestPki,
  addArchiveTimestampV3,
  addSignatureTimestamp,
  addUnsignedAttribute,
  cmsAttribute,
  createTestPki,
  createTsa,
  signCms,
} from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CadesSignatureReport,
  type TimestampReport,
  type VerifyCadesOptions,
  parseSignedData,
  verifyCades,
} from '../src/index';

const REF = new Date('2025-06-01T12:00:00Z');
const LATER = new Date('2025-06-02T12:00:00Z');
const content = new TextEncoder().encode('Mutua: a document kept for the long term.');

let pki: TestPki;
let anchors: TrustAnchor[];
let crls: Uint8Array[];
let tsa: BuiltCertificate;

beforeAll(async () => {
  pki = await createTestPki({ name: 'CAdES Archive Tests', referenceDate: REF, keySpec: 'P-256' });
  anchors = [trustAnchorFromCertificate(pki.root.cert)];
  tsa = await createTsa(pki);
  crls = [(await pki.crl(pki.root)).der, (await pki.crl()).der];
});

async function cadesT(detached = false, c = content): Promise<Uint8Array> {
  const p7s = await signCms({ content: c, signer: pki.endEntity, chain: [pki.issuingCa], crls, detached });
  return addSignatureTimestamp(p7s, tsa, { genTime: REF, chain: [pki.issuingCa] });
}

async function one(cms: Uint8Array, o: Partial<VerifyCadesOptions> = {}): Promise<CadesSignatureReport> {
  const r = await verifyCades(cms, {
    trustAnchors: anchors,
    crls,
    time: LATER,
    crypto: nodeCryptoEngine,
    ...o,
  });
  expect(r.signatures).toHaveLength(1);
  return r.signatures[0]!;
}

const archives = (s: CadesSignatureReport) => s.timestamps.filter((t) => t.type === 'archive');
const check = (t: TimestampReport, id: string) => t.checks.find((c) => c.id === id);
/** The last unsigned attribute of the first SignerInfo, as encoded (to move it to another CMS). */
const lastUnsigned = (cms: Uint8Array) => parseSignedData(cms).signerInfos[0]!.unsignedAttributes.at(-1)!.der;

describe('archive-time-stamp-v3 (EN 319 122-1 §5.5.3), self-contained', () => {
  it('a correct archive-time-stamp-v3 is reported, intact, with its imprint recomputed', async () => {
    const cms = await addArchiveTimestampV3(await cadesT(), tsa, { genTime: LATER, chain: [pki.issuingCa] });
    const s = await one(cms);
    expect(s.timestamps.map((t) => t.type)).toEqual(['signature', 'archive']);
    const [ats] = archives(s);
    expect(ats).toMatchObject({ attribute: '0.4.0.1733.2.4', intact: true, messageImprintMatches: true });
    expect(check(ats!, 'timestamp.messageImprint')?.status).toBe('passed');
    expect(check(ats!, 'cades.atsHashIndex')?.status).toBe('passed');
    expect(s.checks.find((c) => c.id === 'cades.archiveTimestamp')?.status).toBe('passed');
    expect(s.checks.find((c) => c.id === 'cades.unverifiedAttributes')).toBeUndefined();
  });

  it('the v1 and v2 ats-hash-index types are read too', async () => {
    for (const hashIndexVersion of ['v1', 'v2'] as const) {
      const cms = await addArchiveTimestampV3(await cadesT(), tsa, { genTime: LATER, hashIndexVersion });
      const [ats] = archives(await one(cms));
      expect([ats?.intact, ats?.messageImprintMatches, check(ats!, 'cades.atsHashIndex')?.status]).toEqual([
        true,
        true,
        'passed',
      ]);
    }
  });

  it('a token whose imprint is over other data is not a proof', async () => {
    const cms = await addArchiveTimestampV3(await cadesT(), tsa, {
      genTime: LATER,
      digest: new Uint8Array(32),
    });
    const [ats] = archives(await one(cms));
    expect([ats?.intact, ats?.messageImprintMatches]).toEqual([true, false]);
    expect(check(ats!, 'timestamp.messageImprint')?.status).toBe('failed');
  });

  it('an archive time-stamp copied onto another signature does not match it', async () => {
    const a = await addArchiveTimestampV3(await cadesT(), tsa, { genTime: LATER });
    const other = await cadesT(false, new TextEncoder().encode('another document'));
    const s = await one(addUnsignedAttribute(other, lastUnsigned(a)));
    const [ats] = archives(s);
    expect([ats?.intact, ats?.messageImprintMatches]).toEqual([true, false]);
    expect(s.checks.find((c) => c.id === 'cades.archiveTimestamp')?.status).toBe('warning');
  });

  it('an indexed unsigned attribute removed after the time-stamp is reported', async () => {
    const t = await cadesT();
    const withExtra = addUnsignedAttribute(t, cmsAttribute('2.999.7', der.nul()));
    const ats = lastUnsigned(await addArchiveTimestampV3(withExtra, tsa, { genTime: LATER }));
    // The same signature without the extra attribute: the imprint (which covers the index) still matches,
    // the index names an attribute that is gone.
    const [a] = archives(await one(addUnsignedAttribute(t, ats)));
    expect(a?.messageImprintMatches).toBe(true);
    expect(check(a!, 'cades.atsHashIndex')).toMatchObject({ status: 'warning' });
    expect(check(a!, 'cades.atsHashIndex')?.message).toMatch(/1 unsigned-attribute hash/);
  });

  it('detached: computed from the content or its digest; without either it is not intact, and says why', async () => {
    const cms = await addArchiveTimestampV3(await cadesT(true), tsa, { genTime: LATER, content });
    const withBytes = archives(await one(cms, { detachedContent: content }))[0]!;
    expect([withBytes.intact, withBytes.messageImprintMatches]).toEqual([true, true]);
    const digest = await nodeCryptoEngine.digest('SHA-256', content);
    const withDigest = archives(await one(cms, { detachedContent: { digests: { 'SHA-256': digest } } }))[0]!;
    expect([withDigest.intact, withDigest.messageImprintMatches]).toEqual([true, true]);
    const without = archives(await one(cms))[0]!;
    expect([without.intact, without.messageImprintMatches]).toEqual([false, false]);
    expect(check(without, 'timestamp.messageImprint')?.message).toMatch(/detached and not supplied/);
    const wrong = archives(await one(cms, { detachedContent: new TextEncoder().encode('other') }))[0]!;
    expect(wrong.messageImprintMatches).toBe(false);
  });
});

// Test vectors from the EU DSS test corpus (../shared/corpus/dss); skipped when it is absent.
const root = fileURLToPath(
  new URL('../../../../shared/corpus/dss/cades/dss-cades/validation/', import.meta.url),
);
const corpus = existsSync(root);

async function dss(path: string, detached?: VerifyCadesOptions['detachedContent']) {
  const r = await verifyCades(new Uint8Array(readFileSync(join(root, path))), {
    trustAnchors: [],
    crypto: nodeCryptoEngine,
    ...(detached ? { detachedContent: detached } : {}),
  });
  return r.signatures.flatMap((s) => s.timestamps);
}
const file = (p: string) => new Uint8Array(readFileSync(join(root, p)));
const summary = (ts: readonly TimestampReport[]) =>
  ts.map((t) => `${t.type}:${t.intact && t.messageImprintMatches ? 'ok' : 'no'}`).sort();

describe.skipIf(!corpus)('archive and CAdES-C time-stamps: EU DSS test vectors', () => {
  it.each([
    ['cades-ats-v3-wrong-cert.p7m', undefined, ['archive:ok', 'signature:ok']],
    ['cades-ats-v3-wrong-ocsp.p7s', undefined, ['archive:ok', 'archive:ok', 'signature:ok']],
    [
      'cades-ats-v3-rev-val-crl.p7s',
      'dss-1469/screenshot2.png',
      ['archive:ok', 'archive:ok', 'signature:ok'],
    ],
    ['cades-dss1997.p7m', undefined, ['archive:ok', 'signature:ok', 'validation-data:ok']],
    ['Signature-C-A-XL-1.p7m', undefined, ['archive:ok', 'signature:ok', 'validation-data:ok']],
    ['Signature-C-B-LTA-10.p7m', undefined, ['archive:ok', 'archive:ok', 'signature:ok']],
    ['cades_signeddata_extended_after_lta.p7m', undefined, ['archive:ok', 'archive:ok', 'signature:ok']],
    ['dss-1401/sig_with_atsv2.p7s', undefined, ['archive:ok', 'signature:ok']],
    [
      'dss-1670/signatureExtendedTwoLTA.p7s',
      'dss-1670/screenshot.png',
      ['archive:ok', 'archive:ok', 'signature:ok'],
    ],
  ])('%s: every time-stamp token is reported and verifies', async (path, detached, expected) => {
    expect(summary(await dss(path, detached ? file(detached) : undefined))).toEqual(expected);
  });

  it('ATSv3 and ATSv2 over a detached content that is not supplied are not intact', async () => {
    const lta = await dss('dss-2011/cades-lta-detached.pkcs7');
    expect(lta.filter((t) => t.type === 'archive').map((t) => [t.intact, t.messageImprintMatches])).toEqual([
      [false, false],
    ]);
    const v2 = await dss('dss-2011/cades-tstv2-detached.p7s');
    const [a] = v2.filter((t) => t.type === 'archive');
    expect([a?.intact, a?.messageImprintMatches]).toEqual([false, false]);
    expect(check(a!, 'timestamp.messageImprint')?.message).toMatch(/detached/);
  });

  it('ATSv2 covers the content bytes: a digest of the content is not enough, the bytes are', async () => {
    const data = file('../../_inline/dss-cades-c7a8095f05/data.txt');
    const digest = await nodeCryptoEngine.digest('SHA-256', data);
    const [byDigest] = (
      await dss('dss-2011/cades-tstv2-detached.p7s', { digests: { 'SHA-256': digest } })
    ).filter((t) => t.type === 'archive');
    expect(byDigest?.messageImprintMatches).toBe(false);
    expect(summary(await dss('dss-2011/cades-tstv2-detached.p7s', data))).toEqual([
      'archive:ok',
      'signature:ok',
    ]);
  });

  it('tampering is detected: an altered ats-hash-index element, an altered detached content', async () => {
    const [modified] = (await dss('dss-1220/CAdES-BpLTA_modified_ats_hash_element.p7m')).filter(
      (t) => t.type === 'archive',
    );
    expect(modified?.messageImprintMatches).toBe(false);
    const png = file('dss-1469/screenshot2.png');
    png[100] = png[100]! ^ 1;
    const altered = await dss('cades-ats-v3-rev-val-crl.p7s', png);
    expect(altered.filter((t) => t.type === 'archive').every((t) => !t.messageImprintMatches)).toBe(true);
  });

  it('an ats-hash-index entry naming data that is not present is reported (as EU DSS: a warning)', async () => {
    const [ats] = (await dss('cades-ats-v3-wrong-cert.p7m')).filter((t) => t.type === 'archive');
    expect(check(ats!, 'cades.atsHashIndex')?.status).toBe('warning');
    expect(check(ats!, 'cades.atsHashIndex')?.message).toMatch(/certificate hash/);
  });
});
