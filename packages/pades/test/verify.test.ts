/**
 * `verifyPades`: EN 319 102-1 validation of PDF signatures and document time-stamps — levels B to LTA,
 * validation with time through later document time-stamps, modification analysis, legacy SubFilters.
 */
import { Indication, STRICT_POLICY, SubIndication, der, trustAnchorFromCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { createTestPki, createTsa, signCms } from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type PadesSignatureReport,
  PdfError,
  type VerifyPadesOptions,
  appendRevision,
  createPdf,
  findSignatures,
  parsePdfDate,
  readPdf,
  verifyPades,
} from '../src/index';
import { addSignature, fillSignature, sigDict, signedPdf } from './helpers/pdf';
import {
  DAY,
  type Fixture,
  HOUR,
  REF,
  addDocTimestamp,
  addDss,
  at,
  cmsSigner,
  crlsAt,
  fixture,
  tsaSigner,
} from './helpers/verify';

let f: Fixture;
let crls: Uint8Array[];
beforeAll(async () => {
  f = await fixture();
  crls = await crlsAt(f.pki, at(-HOUR));
});

const verify = async (bytes: Uint8Array, o: Partial<VerifyPadesOptions> = {}) =>
  verifyPades(bytes, { trustAnchors: f.anchors, crypto: nodeCryptoEngine, time: at(HOUR), ...o });
const check = (s: PadesSignatureReport | undefined, id: string) => s?.checks.find((c) => c.id === id);
/** A document with one empty signature field (4) and its dictionary (5) waiting to be filled. */
const unsignedWithField = () =>
  createPdf({
    objects: {
      1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>',
      4: '<< /FT /Sig /T (Firma1) /V 5 0 R >>',
      5: sigDict(),
    },
    directObjects: [5],
  });
const readCms = async (bytes: Uint8Array) => findSignatures(await readPdf(bytes))[0]!.cms!;
const sha1 = async (c: Uint8Array) =>
  new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', c as Uint8Array<ArrayBuffer>));

describe('levels', () => {
  it('B: a CAdES signature over the whole document, and the same without a trusted root', async () => {
    const bytes = await signedPdf({ signer: cmsSigner(f) });
    const report = await verify(bytes, { crls });
    expect(report.signatures).toHaveLength(1);
    const [s] = report.signatures;
    expect(s).toMatchObject({
      id: 'S0',
      kind: 'signature',
      fieldName: 'Firma1',
      filter: 'Adobe.PPKLite',
      subFilter: 'ETSI.CAdES.detached',
      format: 'PAdES-BASELINE-B',
      legacyFormat: 'PAdES-BES',
      indication: Indication.TOTAL_PASSED,
      signatureIntact: true,
      referencesIntact: true,
      coverage: { revision: 0, revisions: 1, wholeDocument: true, unsignedBytes: 0 },
      modifications: { verdict: 'UNCHANGED', findings: [] },
      claims: {
        reason: 'Acuerdo de servicios',
        location: 'Montevideo',
        name: 'Ana Pereira',
        m: 'D:20261122120000Z',
      },
    });
    expect(s!.signer?.subject).toBe(f.pki.endEntity.cert.subject.text);
    expect(s!.signingTime).toEqual(REF);
    expect(s!.bestSignatureTime).toBeUndefined();
    expect(s!.cades?.format).toBe('CAdES-BASELINE-B');
    for (const id of [
      'pades.byteRange',
      'pades.contents',
      'pades.coverage',
      'pades.subFilter',
      'pades.modifications',
    ])
      expect(check(s, id)?.status, id).toBe('passed');
    expect(report.revisions).toEqual([
      { index: 0, start: 0, end: bytes.length, size: bytes.length, closedBy: 'S0', dss: false },
    ]);
    const untrusted = await verify(bytes, { crls, trustAnchors: [] });
    expect(untrusted.signatures[0]).toMatchObject({
      indication: Indication.INDETERMINATE,
      subIndication: SubIndication.NO_CERTIFICATE_CHAIN_FOUND,
      signatureIntact: true,
      format: 'PAdES-BASELINE-B',
    });
  });

  it('T: a signature time-stamp in the CMS; from an untrusted TSA it gives no level', async () => {
    const t = await verify(await signedPdf({ signer: cmsSigner(f, { timestamp: REF }) }), { crls });
    expect(t.signatures[0]).toMatchObject({
      format: 'PAdES-BASELINE-T',
      indication: Indication.TOTAL_PASSED,
      bestSignatureTime: REF,
    });
    expect(t.signatures[0]!.timestamps.map((x) => [x.source, x.type, x.intact])).toEqual([
      ['cms', 'signature', true],
    ]);
    expect(check(t.signatures[0], 'pades.validationData')).toMatchObject({ status: 'info' });
    const untrusted = await verify(
      await signedPdf({
        signer: cmsSigner(f, { timestamp: REF, tsa: f.untrustedTsa, tsaChain: f.untrustedChain }),
      }),
      { crls },
    );
    expect(untrusted.signatures[0]).toMatchObject({
      format: 'PAdES-BASELINE-B',
      indication: Indication.TOTAL_PASSED,
    });
    expect(untrusted.signatures[0]!.bestSignatureTime).toBeUndefined();
    expect(untrusted.signatures[0]!.timestamps[0]?.indication).toBe(Indication.INDETERMINATE);
  });

  it('T through a document time-stamp of a later revision; an untrusted TSA or a copied token gives none', async () => {
    const signed = await signedPdf({ signer: cmsSigner(f) });
    const withDts = await addDocTimestamp(signed, tsaSigner(f, at(10 * 60_000)));
    const report = await verify(withDts, { crls });
    const [s, d] = report.signatures;
    expect(s).toMatchObject({
      format: 'PAdES-BASELINE-T',
      indication: Indication.TOTAL_PASSED,
      bestSignatureTime: at(10 * 60_000),
      coverage: { revision: 0, revisions: 2, wholeDocument: false },
      modifications: { verdict: 'PERMITTED_CHANGES' },
    });
    expect(s!.timestamps.map((x) => [x.source, x.id, x.revision])).toEqual([['document-timestamp', 'S1', 1]]);
    expect(check(s, 'pades.documentTimestamp')?.status).toBe('passed');
    expect(d).toMatchObject({
      id: 'S1',
      kind: 'document-timestamp',
      subFilter: 'ETSI.RFC3161',
      format: 'PDF-DOC-TIMESTAMP',
      indication: Indication.TOTAL_PASSED,
      signatureIntact: true,
      referencesIntact: true,
      signingTime: at(10 * 60_000),
      coverage: { revision: 1, revisions: 2, wholeDocument: true },
    });
    expect(d!.signer?.subject).toBe(f.tsa.cert.subject.text);
    expect(check(d, 'pades.docTimestamp')?.status).toBe('passed');
    expect(report.revisions.map((r) => r.closedBy)).toEqual(['S0', 'S1']);

    // An untrusted TSA: the document time-stamp is INDETERMINATE and lifts nothing.
    const untrusted = await verify(
      await addDocTimestamp(
        signed,
        tsaSigner(f, at(600_000), { tsa: f.untrustedTsa, chain: f.untrustedChain }),
      ),
      { crls },
    );
    expect(untrusted.signatures[0]).toMatchObject({
      format: 'PAdES-BASELINE-B',
      indication: Indication.TOTAL_PASSED,
    });
    expect(untrusted.signatures[1]).toMatchObject({
      indication: Indication.INDETERMINATE,
      subIndication: SubIndication.NO_CERTIFICATE_CHAIN_FOUND,
    });
    expect(check(untrusted.signatures[0], 'pades.documentTimestamp')?.status).toBe('warning');

    // A token copied from another document (P12): it does not cover these bytes.
    const copied = await verify(
      await addDocTimestamp(signed, tsaSigner(f, at(600_000), { imprint: new Uint8Array([1, 2, 3]) })),
      { crls },
    );
    expect(copied.signatures[0]).toMatchObject({
      format: 'PAdES-BASELINE-B',
      indication: Indication.TOTAL_PASSED,
    });
    expect(copied.signatures[0]!.bestSignatureTime).toBeUndefined();
    expect(copied.signatures[1]).toMatchObject({
      indication: Indication.TOTAL_FAILED,
      subIndication: SubIndication.HASH_FAILURE,
      signatureIntact: false,
      referencesIntact: false,
    });
    expect(check(copied.signatures[1], 'pades.docTimestamp')?.message).toMatch(
      /does not cover its byte ranges/,
    );
  });

  it('LT: the /DSS of a later revision holds every certificate and CRL of the signer and the TSA; without the CRLs, T', async () => {
    const t = await signedPdf({ signer: cmsSigner(f, { timestamp: REF }) });
    const certs = [f.pki.endEntity.der, f.pki.issuingCa.der, f.tsa.der];
    const lt = await addDss(t, { certs, crls });
    const report = await verify(lt);
    expect(report.signatures[0]).toMatchObject({
      format: 'PAdES-BASELINE-LT',
      legacyFormat: 'PAdES-BES',
      indication: Indication.TOTAL_PASSED,
      modifications: { verdict: 'PERMITTED_CHANGES' },
    });
    expect(check(report.signatures[0], 'pades.validationData')).toMatchObject({
      status: 'passed',
      message: expect.stringMatching(/\/DSS of revision 1/),
    });
    expect(report.revisions.map((r) => [r.closedBy, r.dss])).toEqual([
      ['S0', false],
      [undefined, true],
    ]);
    const partial = await verify(await addDss(t, { certs }), { crls });
    expect(partial.signatures[0]).toMatchObject({
      format: 'PAdES-BASELINE-T',
      indication: Indication.TOTAL_PASSED,
    });
    expect(check(partial.signatures[0], 'pades.validationData')?.message).toMatch(
      /not LT: .*revocation data/,
    );
  });

  it("LT with OCSP responses in the /DSS (and the CA's CRL): the leaf and the TSA need no CRL", async () => {
    const t = await signedPdf({ signer: cmsSigner(f, { timestamp: REF }) });
    const o = { thisUpdate: at(-HOUR), nextUpdate: at(7 * DAY), producedAt: at(-HOUR) };
    const ocsps = [(await f.pki.ocsp(f.pki.endEntity, o)).der, (await f.pki.ocsp(f.tsa, o)).der];
    const lt = await addDss(t, {
      certs: [f.pki.endEntity.der, f.pki.issuingCa.der, f.tsa.der],
      crls: [crls[0]!],
      ocsps,
    });
    const [s] = (await verify(lt)).signatures;
    expect(s).toMatchObject({ format: 'PAdES-BASELINE-LT', indication: Indication.TOTAL_PASSED });
  });

  it('the byte ranges are hashed as views of the file, never copied', async () => {
    const bytes = await signedPdf({ signer: cmsSigner(f) });
    let viewed = 0;
    const engine = {
      ...nodeCryptoEngine,
      name: 'recording',
      createHash(hash: Parameters<NonNullable<typeof nodeCryptoEngine.createHash>>[0]) {
        const inner = nodeCryptoEngine.createHash!(hash);
        return {
          update(chunk: Uint8Array) {
            if (chunk.buffer === bytes.buffer) viewed += chunk.length;
            inner.update(chunk);
          },
          digest: () => inner.digest(),
        };
      },
    };
    const [s] = (await verify(bytes, { crls, crypto: engine })).signatures;
    expect(s!.indication).toBe(Indication.TOTAL_PASSED);
    // Both ranges went to the hash as views into the file's own buffer.
    expect(viewed).toBeGreaterThanOrEqual(s!.coverage.signedBytes);
  });

  it('LTA: a document time-stamp over the /DSS; PAdES-LTV in the TS 102 778 vocabulary', async () => {
    const t = await signedPdf({ signer: cmsSigner(f, { timestamp: REF }) });
    const lt = await addDss(t, { certs: [f.pki.endEntity.der, f.pki.issuingCa.der, f.tsa.der], crls });
    const lta = await addDocTimestamp(lt, tsaSigner(f, at(20 * 60_000)));
    const report = await verify(lta);
    expect(report.signatures.map((s) => [s.id, s.kind, s.format, s.indication])).toEqual([
      ['S0', 'signature', 'PAdES-BASELINE-LTA', Indication.TOTAL_PASSED],
      ['S1', 'document-timestamp', 'PDF-DOC-TIMESTAMP', Indication.TOTAL_PASSED],
    ]);
    expect(report.signatures[0]!.legacyFormat).toBe('PAdES-LTV');
    expect(report.signatures[0]!.bestSignatureTime).toEqual(REF);
    // A document time-stamp BEFORE the /DSS does not make it LTA.
    const dtsFirst = await addDss(await addDocTimestamp(t, tsaSigner(f, at(20 * 60_000))), {
      certs: [f.pki.endEntity.der, f.pki.issuingCa.der, f.tsa.der],
      crls,
    });
    expect((await verify(dtsFirst)).signatures[0]!.format).toBe('PAdES-BASELINE-LT');
  });
});

describe('validation with time and long-term validation', () => {
  it('an expired signer: INDETERMINATE at the validation time, PASSED with a later document time-stamp from before it expired', async () => {
    const leaf = await f.pki.issue({ notBefore: at(-30 * DAY), notAfter: at(DAY) });
    const signed = await signedPdf({ signer: cmsSigner(f, { signer: leaf }) });
    const later = at(60 * DAY);
    const plain = await verify(signed, { crls, time: later });
    expect(plain.signatures[0]!.indication).toBe(Indication.INDETERMINATE);
    expect([SubIndication.OUT_OF_BOUNDS_NO_POE, SubIndication.TRY_LATER]).toContain(
      plain.signatures[0]!.subIndication,
    );
    const rescued = await verify(await addDocTimestamp(signed, tsaSigner(f, at(HOUR))), {
      crls,
      time: later,
    });
    const [s, d] = rescued.signatures;
    expect(s).toMatchObject({ indication: Indication.TOTAL_PASSED, bestSignatureTime: at(HOUR) });
    expect(check(s, 'pades.pastSignatureValidation')?.status).toBe('passed');
    // The time-stamp's own TSA path is judged at its genTime (its CRLs went stale since).
    expect(d!.indication).toBe(Indication.TOTAL_PASSED);
    // A document time-stamp from after the certificate expired proves nothing useful.
    const tooLate = await verify(await addDocTimestamp(signed, tsaSigner(f, at(3 * DAY))), {
      crls,
      time: later,
    });
    expect(tooLate.signatures[0]!.indication).toBe(Indication.INDETERMINATE);
    expect(check(tooLate.signatures[0], 'pades.pastSignatureValidation')?.status).toBe('indeterminate');
  });

  it('a document time-stamp dated before the signing certificate existed: TOTAL_FAILED, NOT_YET_VALID', async () => {
    const leaf = await f.pki.issue({ notBefore: at(DAY), notAfter: at(30 * DAY) });
    const signed = await signedPdf({ signer: cmsSigner(f, { signer: leaf }) });
    const r = await verify(await addDocTimestamp(signed, tsaSigner(f, at(HOUR))), {
      crls,
      time: at(2 * DAY),
    });
    expect(r.signatures[0]).toMatchObject({
      indication: Indication.TOTAL_FAILED,
      subIndication: SubIndication.NOT_YET_VALID,
    });
    expect(check(r.signatures[0], 'pades.bestSignatureTime')?.status).toBe('failed');
  });
});

describe('modifications', () => {
  it('a page changed after signing: NOT_PERMITTED, TOTAL_FAILED/FORMAT_FAILURE', async () => {
    const signed = await signedPdf({ signer: cmsSigner(f) });
    const changed = await appendRevision(signed, {
      objects: { 3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [4 0 R] >>' },
    });
    const [s] = (await verify(changed, { crls })).signatures;
    expect(s).toMatchObject({
      indication: Indication.TOTAL_FAILED,
      subIndication: SubIndication.FORMAT_FAILURE,
      signatureIntact: true,
      referencesIntact: true,
      coverage: { wholeDocument: false },
      modifications: { verdict: 'NOT_PERMITTED' },
    });
    expect(s!.modifications!.findings.map((x) => [x.code, x.permitted])).toEqual([['PAGE_CHANGED', false]]);
    expect(check(s, 'pades.modifications')).toMatchObject({
      status: 'failed',
      subIndication: SubIndication.FORMAT_FAILURE,
      message: expect.stringMatching(/FORMAT_FAILURE/),
    });
  });

  it('not the whole document, but followed only by permitted changes (a second signature): PASSED', async () => {
    const two = await addSignature(await signedPdf({ signer: cmsSigner(f) }), { signer: cmsSigner(f) });
    const report = await verify(two, { crls });
    const [s0, s1] = report.signatures;
    expect(s0).toMatchObject({
      indication: Indication.TOTAL_PASSED,
      coverage: { revision: 0, revisions: 2, wholeDocument: false },
      modifications: { verdict: 'PERMITTED_CHANGES' },
    });
    expect(s0!.modifications!.findings.every((x) => x.permitted)).toBe(true);
    expect(check(s0, 'pades.coverage')).toMatchObject({ status: 'info' });
    expect(s1).toMatchObject({ indication: Indication.TOTAL_PASSED, coverage: { wholeDocument: true } });
  });

  it('the claims come from the signed revision only (P9)', async () => {
    const signed = await signedPdf({ signer: cmsSigner(f) });
    const text = new TextDecoder('latin1').decode(signed);
    const start = text.indexOf('5 0 obj') + 8;
    const body = text.slice(start, text.indexOf('endobj', start) - 1);
    const edited = await appendRevision(signed, {
      objects: { 5: body.replace('(Acuerdo de servicios)', '(Otro motivo         )') },
    });
    const [s] = (await verify(edited, { crls })).signatures;
    expect(s!.claims.reason).toBe('Acuerdo de servicios');
    expect(check(s, 'pades.claims')?.status).toBe('warning');
    expect(s!.indication).toBe(Indication.TOTAL_FAILED);
  });
});

describe('SubFilters', () => {
  it('adbe.pkcs7.detached: PKCS7-B, PAdES basic', async () => {
    const [s] = (
      await verify(await signedPdf({ sig: { subFilter: 'adbe.pkcs7.detached' }, signer: cmsSigner(f) }), {
        crls,
      })
    ).signatures;
    expect(s).toMatchObject({
      format: 'PKCS7-B',
      legacyFormat: 'PAdES basic',
      indication: Indication.TOTAL_PASSED,
    });
  });

  it('adbe.pkcs7.detached without a signing-certificate attribute or signed attributes: allowed, the path still decides', async () => {
    const noEss = await signedPdf({
      sig: { subFilter: 'adbe.pkcs7.detached' },
      signer: (content) =>
        signCms({
          content,
          signer: f.pki.endEntity,
          chain: [f.pki.issuingCa],
          detached: true,
          signingCertificate: 'none',
        }),
    });
    const [s] = (await verify(noEss, { crls })).signatures;
    expect(s).toMatchObject({ format: 'PKCS7-B', indication: Indication.TOTAL_PASSED });
    expect(check(s, 'cms.signingCertificate')?.status).toBe('warning');
    expect(s!.checks.some((c) => c.id.startsWith('path.'))).toBe(true);
    const [u] = (await verify(noEss, { crls, trustAnchors: [] })).signatures;
    expect(u).toMatchObject({
      indication: Indication.INDETERMINATE,
      subIndication: SubIndication.NO_CERTIFICATE_CHAIN_FOUND,
    });
    const bare = await signedPdf({
      sig: { subFilter: 'adbe.pkcs7.detached' },
      signer: (content) =>
        signCms({
          content,
          signer: f.pki.endEntity,
          chain: [f.pki.issuingCa],
          detached: true,
          signedAttributes: false,
        }),
    });
    const [b] = (await verify(bare, { crls })).signatures;
    expect(b).toMatchObject({
      format: 'PDF-NOT-ETSI',
      indication: Indication.TOTAL_PASSED,
      signatureIntact: true,
    });
    // The same CMS under ETSI.CAdES.detached is not a PAdES signature: FORMAT_FAILURE stays.
    const etsi = await signedPdf({
      signer: (content) =>
        signCms({
          content,
          signer: f.pki.endEntity,
          chain: [f.pki.issuingCa],
          detached: true,
          signedAttributes: false,
        }),
    });
    expect((await verify(etsi, { crls })).signatures[0]).toMatchObject({
      indication: Indication.TOTAL_FAILED,
      subIndication: SubIndication.FORMAT_FAILURE,
    });
  });

  it('adbe.pkcs7.sha1: the CMS encapsulates the SHA-1 of the ranges; over other bytes, HASH_FAILURE', async () => {
    const signer = f.pki.endEntity;
    const good = await signedPdf({
      sig: { subFilter: 'adbe.pkcs7.sha1' },
      signer: async (content) => signCms({ content: await sha1(content), signer, chain: [f.pki.issuingCa] }),
    });
    const [s] = (await verify(good, { crls })).signatures;
    expect(s).toMatchObject({
      format: 'PKCS7-B',
      legacyFormat: 'PAdES basic',
      indication: Indication.TOTAL_PASSED,
      signatureIntact: true,
      referencesIntact: true,
    });
    expect(check(s, 'pades.sha1Digest')?.status).toBe('passed');
    const bad = await signedPdf({
      sig: { subFilter: 'adbe.pkcs7.sha1' },
      signer: async () =>
        signCms({ content: await sha1(new Uint8Array([1])), signer, chain: [f.pki.issuingCa] }),
    });
    const [b] = (await verify(bad, { crls })).signatures;
    expect(b).toMatchObject({
      indication: Indication.TOTAL_FAILED,
      subIndication: SubIndication.HASH_FAILURE,
      signatureIntact: false,
      referencesIntact: false,
    });
  });

  it('PBAD.PAdES spelled with spaces is read trimmed; an unknown SubFilter is not ETSI', async () => {
    const padded = await signedPdf({ sig: { subFilter: 'PBAD.PAdES#20#20' }, signer: cmsSigner(f) });
    const [s] = (await verify(padded, { crls })).signatures;
    expect(s).toMatchObject({
      subFilter: 'PBAD.PAdES',
      format: 'PAdES-BASELINE-B',
      indication: Indication.TOTAL_PASSED,
    });
    expect(check(s, 'pades.subFilter')?.status).toBe('passed');
    const unknown = await signedPdf({ sig: { subFilter: 'PBAD.PAdESX' }, signer: cmsSigner(f) });
    const [u] = (await verify(unknown, { crls })).signatures;
    expect(u!.format).toBe('PDF-NOT-ETSI');
    expect(check(u, 'pades.subFilter')?.status).toBe('warning');
  });

  it('a CMS with two SignerInfos, or encapsulating other content, is TOTAL_FAILED/FORMAT_FAILURE (P11)', async () => {
    const two = await signedPdf({
      signer: (content) =>
        signCms({
          content,
          signer: f.pki.endEntity,
          chain: [f.pki.issuingCa],
          detached: true,
          moreSigners: [{ signer: f.pki.endEntity }],
        }),
    });
    const [s] = (await verify(two, { crls })).signatures;
    expect(s).toMatchObject({
      format: 'PDF-NOT-ETSI',
      indication: Indication.TOTAL_FAILED,
      subIndication: SubIndication.FORMAT_FAILURE,
    });
    expect(check(s, 'pades.cmsSigners')?.status).toBe('failed');
    const enveloping = await signedPdf({
      signer: () =>
        signCms({ content: new Uint8Array([7]), signer: f.pki.endEntity, chain: [f.pki.issuingCa] }),
    });
    const [e] = (await verify(enveloping, { crls })).signatures;
    expect(e).toMatchObject({
      indication: Indication.TOTAL_FAILED,
      subIndication: SubIndication.FORMAT_FAILURE,
    });
    expect(check(e, 'pades.cmsDetached')?.status).toBe('failed');
    // Encapsulating exactly the ranges: not ETSI, but what it signs is this document.
    const same = await signedPdf({
      signer: (content) => signCms({ content, signer: f.pki.endEntity, chain: [f.pki.issuingCa] }),
    });
    const [m] = (await verify(same, { crls })).signatures;
    expect(m).toMatchObject({ format: 'PDF-NOT-ETSI', indication: Indication.TOTAL_PASSED });
    expect(check(m, 'pades.cmsDetached')?.status).toBe('warning');
  });

  it('an empty encapsulated content with the message-digest of the ranges: the references are intact, the signature is not, FORMAT_FAILURE (P11)', async () => {
    // What EU DSS's pades-enveloping-empty-bytes-cms test holds: the signer's message-digest is that of the
    // byte ranges, but the CMS encapsulates an empty content, so as a CMS it signs nothing of the document.
    const emptyContent = await signedPdf({
      signer: async (content) =>
        signCms({
          content: new Uint8Array(0),
          messageDigest: new Uint8Array(
            await globalThis.crypto.subtle.digest('SHA-256', content as Uint8Array<ArrayBuffer>),
          ),
          signer: f.pki.endEntity,
          chain: [f.pki.issuingCa],
        }),
    });
    const [s] = (await verify(emptyContent, { crls })).signatures;
    expect(s).toMatchObject({
      indication: Indication.TOTAL_FAILED,
      subIndication: SubIndication.FORMAT_FAILURE,
      signatureIntact: false,
      referencesIntact: true,
    });
    expect(check(s, 'pades.cmsDetached')?.status).toBe('failed');
    // The same with a message-digest of other bytes: nothing is intact.
    const other = await signedPdf({
      signer: () =>
        signCms({
          content: new Uint8Array(0),
          messageDigest: new Uint8Array(32).fill(7),
          signer: f.pki.endEntity,
          chain: [f.pki.issuingCa],
        }),
    });
    const [o] = (await verify(other, { crls })).signatures;
    expect(o).toMatchObject({ indication: Indication.TOTAL_FAILED, referencesIntact: false });
  });

  it('a /ByteRange whose gap is wider than /Contents, signed as declared: not intact, FORMAT_FAILURE (wrapping)', async () => {
    // The CMS really signs the declared ranges, but they leave out bytes that are not a signature value (where
    // a wrapping attack hides what it shows): the references are not intact, whatever they hash to.
    const unsigned = await unsignedWithField();
    let declared: number[] = [];
    const wide = await fillSignature(
      unsigned,
      async (content) => {
        const [, a, , c] = declared;
        const bytes = new Uint8Array(a! + c!);
        bytes.set(content.subarray(0, a!), 0);
        bytes.set(content.subarray(content.length - c!), a!);
        return cmsSigner(f)(bytes);
      },
      (r) => {
        declared = [0, r[1] - 3, r[2], r[3]];
        return `[${declared.join(' ')}]`;
      },
    );
    const [s] = (await verify(wide, { crls })).signatures;
    expect(s).toMatchObject({
      indication: Indication.TOTAL_FAILED,
      subIndication: SubIndication.FORMAT_FAILURE,
      referencesIntact: false,
    });
    expect(check(s, 'pades.byteRange')?.status).toBe('failed');
  });

  it("a second dictionary that borrows the first signature's /ByteRange and CMS: the ranges are intact, the signature fails (spoofing)", async () => {
    // What EU DSS's pdf-spoofing-attack holds: the ranges leave out exactly a signature value, only not this
    // dictionary's own /Contents, so they are intact as signed bytes; the signature claims a revision it
    // does not end, and fails with FORMAT_FAILURE.
    const first = await signedPdf({ signer: cmsSigner(f) });
    const text = new TextDecoder('latin1').decode(first);
    const range = /\/ByteRange \[[^\]]*\]/.exec(text)![0];
    const contents = /\/Contents <[0-9a-fA-F]*>/.exec(text)![0];
    const spoof = await appendRevision(first, {
      objects: {
        1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 6 0 R] /SigFlags 3 >> >>',
        6: '<< /FT /Sig /T (Firma2) /V 7 0 R >>',
        7: `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${range} ${contents} >>`,
      },
    });
    const report = await verify(spoof, { crls });
    const second = report.signatures.find((x) => x.fieldName === 'Firma2');
    expect(second).toMatchObject({
      indication: Indication.TOTAL_FAILED,
      subIndication: SubIndication.FORMAT_FAILURE,
      referencesIntact: true,
    });
    expect(check(second, 'pades.byteRange')?.status).toBe('failed');
  });

  it('a /ByteRange that stops short of the revision end (P3): TOTAL_FAILED/FORMAT_FAILURE', async () => {
    const unsigned = await unsignedWithField();
    const short = await fillSignature(unsigned, cmsSigner(f), (r) => `[0 ${r[1]} ${r[2]} ${r[3] - 20}]`);
    const [s] = (await verify(short, { crls })).signatures;
    expect(s).toMatchObject({
      indication: Indication.TOTAL_FAILED,
      subIndication: SubIndication.FORMAT_FAILURE,
      referencesIntact: false,
    });
    expect(check(s, 'pades.byteRange')?.status).toBe('failed');
  });

  it('a usage-rights signature is reported for information only', async () => {
    const bytes = await signedPdf({
      signer: cmsSigner(f),
      catalogExtra: ' /Perms << /UR3 9 0 R >>',
      objects: { 9: '<< /Type /Sig /SubFilter /adbe.pkcs7.detached /Contents <3000> >>' },
    });
    const report = await verify(bytes, { crls });
    expect(report.signatures.map((s) => [s.kind, s.format])).toEqual([
      ['signature', 'PAdES-BASELINE-B'],
      ['usage-rights', 'PDF-USAGE-RIGHTS'],
    ]);
    expect(check(report.signatures[1], 'pades.usageRights')?.status).toBe('info');
    expect(report.signatures[0]!.indication).toBe(Indication.TOTAL_PASSED);
  });
});

describe('parsePdfDate', () => {
  it('reads PDF dates with and without offsets', () => {
    expect(parsePdfDate("D:20261122120000+03'00'")).toEqual(new Date('2026-11-22T09:00:00Z'));
    expect(parsePdfDate('D:20261122120000Z')).toEqual(new Date('2026-11-22T12:00:00Z'));
    expect(parsePdfDate('D:2026')).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(parsePdfDate('yesterday')).toBeUndefined();
  });
});

describe('document time-stamps over document time-stamps', () => {
  it('judged latest first: a later document time-stamp proves an earlier one existed before its TSA was revoked', async () => {
    const tsa1 = await createTsa(f.pki, {
      subject: [['CN', 'Revoked Later TSA']],
      notBefore: at(-365 * DAY),
      notAfter: at(5 * 365 * DAY),
    });
    f.pki.revoke(tsa1, { date: at(2 * DAY), reason: 'keyCompromise' });
    const signed = await signedPdf({ signer: cmsSigner(f) });
    const dts1 = await addDocTimestamp(signed, tsaSigner(f, at(HOUR), { tsa: tsa1 }));
    const later = await crlsAt(f.pki, at(3 * DAY));
    const alone = await verify(dts1, { crls: later, time: at(4 * DAY) });
    expect(alone.signatures[1]).toMatchObject({
      kind: 'document-timestamp',
      indication: Indication.INDETERMINATE,
      subIndication: SubIndication.REVOKED_NO_POE,
    });
    // The signature gets nothing from it.
    expect(alone.signatures[0]!.bestSignatureTime).toBeUndefined();
    const dts2 = await addDocTimestamp(dts1, tsaSigner(f, at(DAY)));
    const both = await verify(dts2, { crls: later, time: at(4 * DAY) });
    expect(both.signatures.map((s) => [s.id, s.kind, s.indication])).toEqual([
      ['S0', 'signature', Indication.TOTAL_PASSED],
      ['S1', 'document-timestamp', Indication.TOTAL_PASSED],
      ['S2', 'document-timestamp', Indication.TOTAL_PASSED],
    ]);
    expect(check(both.signatures[1], 'timestamp.pastValidation')?.status).toBe('passed');
    expect(both.signatures[0]!.bestSignatureTime).toEqual(at(HOUR));
    expect(both.signatures[1]!.timestamps.map((t) => t.id)).toEqual(['S2']);
    expect(both.revisions.map((r) => r.closedBy)).toEqual(['S0', 'S1', 'S2']);
  });

  it('a document time-stamp written /Type /Sig proves existence but does not make LTA', async () => {
    const t = await signedPdf({ signer: cmsSigner(f, { timestamp: REF }) });
    const lt = await addDss(t, { certs: [f.pki.endEntity.der, f.pki.issuingCa.der, f.tsa.der], crls });
    const report = await verify(await addDocTimestamp(lt, tsaSigner(f, at(20 * 60_000)), 'Sig'));
    expect(report.signatures.map((s) => [s.kind, s.format])).toEqual([
      ['signature', 'PAdES-BASELINE-LT'],
      ['document-timestamp', 'PDF-DOC-TIMESTAMP'],
    ]);
    expect(check(report.signatures[1], 'pades.docTimestampType')?.status).toBe('warning');
    expect(report.signatures[1]!.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('a document time-stamp followed by a change it does not permit fails like a signature', async () => {
    const signed = await signedPdf({ signer: cmsSigner(f) });
    const stamped = await addDocTimestamp(signed, tsaSigner(f, at(HOUR)));
    const changed = await appendRevision(stamped, {
      objects: { 2: '<< /Type /Pages /Kids [3 0 R] /Count 1 /Rotate 90 >>' },
    });
    const report = await verify(changed, { crls });
    expect(
      report.signatures.map((s) => [s.kind, s.indication, s.subIndication, s.modifications?.verdict]),
    ).toEqual([
      ['signature', Indication.TOTAL_FAILED, SubIndication.FORMAT_FAILURE, 'NOT_PERMITTED'],
      ['document-timestamp', Indication.TOTAL_FAILED, SubIndication.FORMAT_FAILURE, 'NOT_PERMITTED'],
    ]);
  });
});

describe('the document security store', () => {
  it('a /VRI entry for the signature is reported; a stream that does not parse is a document problem', async () => {
    const signed = await signedPdf({ signer: cmsSigner(f) });
    const [first] = (await verify(signed, { crls })).signatures;
    const cms = first!.cades ? await readCms(signed) : new Uint8Array();
    const key = Array.from(new Uint8Array(await sha1(cms)), (b) => b.toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase();
    const withVri = await addDss(signed, {
      certs: [new TextEncoder().encode('not a certificate')],
      vri: [key],
    });
    const report = await verify(withVri, { crls });
    expect(check(report.signatures[0], 'pades.vri')?.message).toContain(key);
    expect(report.problems.map((p) => p.code)).toContain('DSS_UNREADABLE');
    expect(report.signatures[0]!.indication).toBe(Indication.TOTAL_PASSED);
    const without = await verify(await addDss(signed, { crls }), { crls });
    expect(check(without.signatures[0], 'pades.vri')).toBeUndefined();
    expect(without.problems).toEqual([]);
  });
});

describe('adbe.x509.rsa_sha1', () => {
  it('a PKCS#1 signature over the SHA-1 of the ranges: intact, but never PASSED; altered: SIG_CRYPTO_FAILURE', async () => {
    const pki = await createTestPki({ name: 'PAdES RSA SHA-1', referenceDate: REF, keySpec: 'RSA-2048' });
    const leaf = pki.endEntity;
    const pkcs8 = await globalThis.crypto.subtle.exportKey('pkcs8', leaf.key.privateKey);
    const key = await globalThis.crypto.subtle.importKey(
      'pkcs8',
      pkcs8,
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' },
      false,
      ['sign'],
    );
    const hex = Array.from(leaf.der, (b) => b.toString(16).padStart(2, '0')).join('');
    const make = (tamper: boolean) =>
      signedPdf({
        sig: { subFilter: 'adbe.x509.rsa_sha1', extra: `/Cert <${hex}>` },
        signer: async (content) => {
          const sig = new Uint8Array(
            await globalThis.crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, content as Uint8Array<ArrayBuffer>),
          );
          if (tamper) sig[10]! ^= 1;
          return der.octets(sig);
        },
      });
    const anchors = [trustAnchorFromCertificate(pki.root.cert)];
    const pkiCrls = await crlsAt(pki, at(-HOUR));
    const given = { trustAnchors: anchors, crls: pkiCrls, certificates: [pki.issuingCa.cert] };
    const [s] = (await verify(await make(false), given)).signatures;
    expect(s).toMatchObject({
      subFilter: 'adbe.x509.rsa_sha1',
      format: 'PDF-NOT-ETSI',
      legacyFormat: 'PAdES basic',
      signatureIntact: true,
      referencesIntact: true,
      indication: Indication.INDETERMINATE,
      subIndication: SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
    });
    expect(s!.signer?.subject).toBe(leaf.cert.subject.text);
    expect(check(s, 'pades.rsaSha1')?.status).toBe('passed');
    // A policy without cryptographic constraints accepts SHA-1: then the path decides.
    const { cryptographicConstraints: _, ...lax } = STRICT_POLICY;
    const [p] = (await verify(await make(false), { ...given, policy: lax })).signatures;
    expect(p).toMatchObject({ indication: Indication.TOTAL_PASSED, signatureIntact: true });
    expect(check(p, 'pades.rsaSha1Algorithm')?.status).toBe('passed');
    const [t] = (await verify(await make(true), given)).signatures;
    expect(t).toMatchObject({
      signatureIntact: false,
      indication: Indication.TOTAL_FAILED,
      subIndication: SubIndication.SIG_CRYPTO_FAILURE,
    });
  }, 60_000);
});

describe('hostile input', () => {
  it('bytes flipped in a signed LTA document: verifyPades returns or throws a PdfError, and the first signature never passes', async () => {
    const t = await signedPdf({ signer: cmsSigner(f, { timestamp: REF }) });
    const lt = await addDss(t, { certs: [f.pki.endEntity.der, f.pki.issuingCa.der, f.tsa.der], crls });
    const lta = await addDocTimestamp(lt, tsaSigner(f, at(20 * 60_000)));
    const [s0] = findSignatures(await readPdf(lta));
    const firstRange = s0!.byteRange.ranges![1];
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    let verified = 0;
    for (let i = 0; i < 150; i++) {
      const bytes = lta.slice();
      const at = next() % firstRange;
      bytes[at] = (bytes[at]! + 1 + (next() % 255)) & 0xff;
      try {
        const report = await verify(bytes);
        verified++;
        const first = report.signatures.find((s) => s.kind === 'signature' && s.coverage.revision === 0);
        expect(first?.indication, `byte ${at}`).not.toBe(Indication.TOTAL_PASSED);
      } catch (e) {
        expect(e, `byte ${at}`).toBeInstanceOf(PdfError);
      }
    }
    expect(verified).toBeGreaterThan(0);
  }, 120_000);
});
