/**
 * Signing PDFs (`signPdf`) and document time-stamps (`addDocumentTimestamp`): what is written reads
 * back with the verifier's own reader, the ranges cover the whole file, the CMS verifies over them,
 * and earlier signatures stay intact.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CMS_OID, SigningError, loadPkcs12, parseSignedData, verifyCades } from '@mutua/cades';
import { parseCrl, toPem, trustAnchorFromCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { type TestPki, createTestPki, createTsa, keyPool, timestampToken } from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  PadesSigningError,
  PdfDict,
  PdfName,
  PdfRef,
  PdfStream,
  PdfString,
  type PdfDocument,
  type PdfSignature,
  addDocumentTimestamp,
  addValidationData,
  analyzeModifications,
  appendRevision,
  createPdf,
  findSignatures,
  formFields,
  readDocumentSecurityStores,
  readPdf,
  signPdf,
  signatureCoverage,
  signedRanges,
  verifyPades,
  verifyPadesIntegrity,
} from '../src/index';
import { latin1 } from './helpers/pdf';

const crypto = nodeCryptoEngine;
const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
const SIGNING_TIME = new Date('2026-11-22T12:00:00Z');

let pki: TestPki;
let tsa: Awaited<ReturnType<typeof createTsa>>;
let base: { certificate: Uint8Array; chain: Uint8Array[]; key: CryptoKey; crypto: typeof crypto };

beforeAll(async () => {
  pki = await createTestPki({ name: 'PAdES Sign Tests', keySpec: 'P-256' });
  tsa = await createTsa(pki);
  base = {
    certificate: pki.endEntity.der,
    chain: [pki.issuingCa.der],
    key: pki.endEntity.key.privateKey,
    crypto,
  };
});

const stamp = (imprint: Uint8Array, hash: 'SHA-256' | 'SHA-384' | 'SHA-512') =>
  timestampToken({ tsa, digest: imprint, hash, chain: [pki.issuingCa] });

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const isPrefix = (a: Uint8Array, b: Uint8Array) => b.length > a.length && a.every((x, i) => x === b[i]);

/** Verifies one signature's CMS over its ranges with the test PKI, revocation data included. */
async function cadesOver(pdf: PdfDocument, sig: PdfSignature) {
  const crls = [parseCrl((await pki.root.crl()).der), parseCrl((await pki.issuingCa.crl()).der)];
  return verifyCades(sig.cms!, {
    detachedContent: signedRanges(pdf, sig),
    trustAnchors: [trustAnchorFromCertificate(pki.root.cert)],
    crls,
    crypto,
  });
}

/** The common checks of a freshly signed file: incremental, read cleanly, whole-file ranges, intact. */
async function checkSigned(before: Uint8Array, after: Uint8Array) {
  expect(isPrefix(before, after)).toBe(true);
  const pdf = await readPdf(after);
  const sigs = findSignatures(pdf);
  const last = sigs.find((s) => s.revision === pdf.lastRevision.index)!;
  expect(last).toBeDefined();
  const [a, b, c, d] = last.byteRange.ranges!;
  expect(a).toBe(0);
  expect(c + d).toBe(after.length);
  expect(b).toBeGreaterThan(before.length);
  expect(last.byteRange).toMatchObject({ valid: true, problems: [] });
  expect(last.paddingNotZero).toBe(false);
  expect(signatureCoverage(pdf, last)).toMatchObject({
    coversWholeDocument: true,
    revision: pdf.revisions.length - 1,
    unsignedBytes: 0,
  });
  const integrity = await verifyPadesIntegrity(pdf, { crypto });
  for (const r of integrity) expect(r, r.problems.join('; ')).toMatchObject({ signatureIntact: true });
  return { pdf, sigs, last, integrity };
}

describe('signPdf', () => {
  it('signs a document of the writer: PAdES-BASELINE-B, invisible, whole file covered, CMS verifies', async () => {
    const before = await createPdf();
    const t0 = performance.now();
    const after = await signPdf(before, {
      ...base,
      signingTime: SIGNING_TIME,
      reason: 'Acuerdo de servicios',
      location: 'Montevideo',
      contactInfo: 'ana@example.uy',
      name: 'Ana Pereira',
    });
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(2000);
    const { pdf, sigs, last } = await checkSigned(before, after);
    expect(pdf.problems).toEqual([]);
    expect(pdf.revisions.map((r) => r.kind)).toEqual(['original', 'incremental']);
    expect(sigs).toHaveLength(1);
    expect(last).toMatchObject({
      kind: 'signature',
      fieldName: 'Signature1',
      filter: 'Adobe.PPKLite',
      subFilter: 'ETSI.CAdES.detached',
      signingTime: "D:20261122120000+00'00'",
      reason: 'Acuerdo de servicios',
      location: 'Montevideo',
      contactInfo: 'ana@example.uy',
      name: 'Ana Pereira',
      docMdp: undefined,
    });
    expect(last.contents!.length).toBe(16384);
    // The AcroForm was created with /SigFlags 3; the widget is invisible, on page 0, in its /Annots.
    const acro = pdf.dict(pdf.catalog(), 'AcroForm')!;
    expect(acro.get('SigFlags')).toBe(3);
    const [field] = formFields(pdf);
    expect(field!.dict.name('Subtype')).toBe('Widget');
    expect(field!.dict.get('Rect')).toEqual([0, 0, 0, 0]);
    expect(field!.dict.get('F')).toBe(132);
    const page = pdf.resolve(field!.dict.get('P'));
    expect(page).toBeInstanceOf(PdfDict);
    expect((page as PdfDict).get('Annots')).toEqual([field!.ref]);
    // The CMS: detached, one signer, signing-certificate-v2, no signing-time attribute (the time is /M).
    const sd = parseSignedData(last.cms!);
    expect(sd.content).toBeUndefined();
    expect(sd.signerInfos).toHaveLength(1);
    const types = sd.signerInfos[0]!.signedAttributes!.map((x) => x.type);
    expect(types).toContain(CMS_OID.signingCertificateV2);
    expect(types).not.toContain(CMS_OID.signingTime);
    expect(sd.certificates.length).toBe(2);
    const report = await cadesOver(pdf, last);
    expect(report.detached).toBe(true);
    expect(report.signatures[0]).toMatchObject({
      signatureIntact: true,
      format: 'CAdES-BASELINE-B',
      indication: 'TOTAL_PASSED',
    });
    console.log(`signPdf: ${after.length - before.length} bytes appended in ${ms.toFixed(1)} ms`);
  });

  it('RSA, P-384 and Ed25519 keys and a remote signer, over a classic table or a cross-reference stream', async () => {
    const cases = [
      ['RSA-2048', 'table', '2.16.840.1.101.3.4.2.1'],
      ['P-384', 'stream', '2.16.840.1.101.3.4.2.2'],
      ['Ed25519', 'stream', '2.16.840.1.101.3.4.2.3'],
    ] as const;
    for (const [keySpec, xref, digestOid] of cases) {
      const other = await createTestPki({ name: `PAdES Sign ${keySpec}`, keySpec });
      const before = await createPdf({
        xref,
        objectStreams: xref === 'stream',
        trailer: '/Info 4 0 R',
        objects: { 4: '<< /Title (Contrato) >>' },
      });
      const after = await signPdf(before, {
        certificate: other.endEntity.der,
        chain: [other.issuingCa.der],
        key: other.endEntity.key.privateKey,
        crypto,
      });
      const { pdf, last } = await checkSigned(before, after);
      expect(pdf.problems).toEqual([]);
      expect(pdf.lastRevision.sections[0]!.kind).toBe(xref);
      expect(pdf.lastRevision.trailer.get('Info')).toEqual(new PdfRef(4, 0));
      const sd = parseSignedData(last.cms!);
      expect(sd.signerInfos[0]!.digestAlgorithm.oid, keySpec).toBe(digestOid);
    }
    // A remote signer (here the test key behind a callback), certificate parsed.
    const remote = await signPdf(await createPdf(), {
      certificate: pki.endEntity.cert,
      chain: [pki.issuingCa.cert],
      key: { signData: (tbs, info) => pki.endEntity.key.sign(tbs, { hash: info.hash }) },
      crypto,
    });
    await checkSigned(await createPdf(), remote);
  });

  it('a second signature keeps the first intact: its ranges unchanged, now covering a non-final revision', async () => {
    const v0 = await createPdf();
    const v1 = await signPdf(v0, { ...base, fieldName: 'Ana' });
    const first = findSignatures(await readPdf(v1))[0]!;
    const v2 = await signPdf(v1, { ...base, fieldName: 'Bruno', reason: 'Conforme' });
    const { pdf, sigs, integrity } = await checkSigned(v1, v2);
    expect(sigs.map((s) => [s.fieldName, s.revision])).toEqual([
      ['Ana', 1],
      ['Bruno', 2],
    ]);
    expect(sigs[0]!.byteRange.ranges).toEqual(first.byteRange.ranges);
    expect(signatureCoverage(pdf, sigs[0]!)).toMatchObject({
      revision: 1,
      revisionCount: 3,
      coversWholeDocument: false,
      unsignedBytes: v2.length - v1.length,
    });
    expect(integrity.map((r) => r.signatureIntact)).toEqual([true, true]);
    // The AcroForm lists both fields, once each.
    expect(formFields(pdf).map((f) => f.name)).toEqual(['Ana', 'Bruno']);
    // A field name taken is refused.
    await expect(signPdf(v2, { ...base, fieldName: 'Ana' })).rejects.toMatchObject({ code: 'FIELD_EXISTS' });
    // Default names skip taken ones.
    const v3 = await signPdf(v2, base);
    expect(formFields(await readPdf(v3)).map((f) => f.name)).toEqual(['Ana', 'Bruno', 'Signature1']);
  });

  it.skipIf(!hasOpenssl())(
    'with a key and chain from a PKCS#12 file (loadPkcs12 of @mutua/cades)',
    async () => {
      const leaf = await pki.issue({ key: await keyPool.get('RSA-2048', 'pades-p12') });
      const dir = mkdtempSync(join(tmpdir(), 'mutua-pades-p12-'));
      try {
        writeFileSync(join(dir, 'key.pem'), toPem(await leaf.key.exportPkcs8(), 'PRIVATE KEY'));
        writeFileSync(join(dir, 'cert.pem'), toPem(leaf.der));
        writeFileSync(join(dir, 'chain.pem'), toPem(pki.issuingCa.der));
        const out = join(dir, 'f.p12');
        const args = ['-inkey', join(dir, 'key.pem'), '-in', join(dir, 'cert.pem')];
        execFileSync('openssl', [
          'pkcs12',
          '-export',
          ...args,
          '-certfile',
          join(dir, 'chain.pem'),
          '-passout',
          'pass:mutua',
          '-out',
          out,
        ]);
        const p12 = await loadPkcs12(new Uint8Array(readFileSync(out)), 'mutua');
        const before = await createPdf();
        const after = await signPdf(before, { ...p12, crypto, reason: 'PKCS#12' });
        const { pdf, last } = await checkSigned(before, after);
        const report = await cadesOver(pdf, last);
        expect(report.signatures[0]).toMatchObject({ signatureIntact: true, indication: 'TOTAL_PASSED' });
        expect(parseSignedData(last.cms!).signerInfos[0]!.signatureAlgorithm.oid).toBe(
          '1.2.840.113549.1.1.11',
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('PAdES-BASELINE-T: the CMS carries a signature time-stamp over its signature value', async () => {
    const before = await createPdf();
    const after = await signPdf(before, { ...base, timestamp: stamp });
    const { pdf, last } = await checkSigned(before, after);
    expect(last.contents!.length).toBe(32768);
    const sd = parseSignedData(last.cms!);
    expect(sd.signerInfos[0]!.unsignedAttributes.map((a) => a.type)).toEqual([
      CMS_OID.signatureTimeStampToken,
    ]);
    const report = await cadesOver(pdf, last);
    expect(report.signatures[0]!.format).toBe('CAdES-BASELINE-T');
    expect(report.signatures[0]!.timestamps[0]).toMatchObject({ intact: true, messageImprintMatches: true });
  });

  it('a time-stamp callback that returns a token over something else is refused by signCades', async () => {
    const wrong = (_: Uint8Array, hash: 'SHA-256' | 'SHA-384' | 'SHA-512') =>
      timestampToken({ tsa, imprint: new Uint8Array([1, 2, 3]), hash });
    await expect(signPdf(await createPdf(), { ...base, timestamp: wrong })).rejects.toBeInstanceOf(
      SigningError,
    );
  });

  it('a visible signature: rectangle on the chosen page, an appearance stream with the text', async () => {
    const pages = {
      2: '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>',
      4: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [5 0 R] >>',
      5: '<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /Contents (nota) >>',
    };
    const before = await createPdf({ objects: pages });
    const after = await signPdf(before, {
      ...base,
      signingTime: SIGNING_TIME,
      reason: 'Aprobación',
      appearance: { page: 1, rect: [50, 60, 290, 130] },
    });
    const { pdf } = await checkSigned(before, after);
    const [field] = formFields(pdf);
    expect(field!.dict.get('Rect')).toEqual([50, 60, 290, 130]);
    expect(field!.dict.get('P')).toEqual(new PdfRef(4, 0));
    // The page keeps its annotation and gains the widget.
    const page = pdf.getObject(4) as PdfDict;
    expect(page.get('Annots')).toEqual([new PdfRef(5, 0), field!.ref]);
    const ap = pdf.dict(field!.dict, 'AP')!;
    const n = pdf.resolve(ap.get('N'));
    expect(n).toBeInstanceOf(PdfStream);
    const stream = n as PdfStream;
    expect(stream.dict.name('Subtype')).toBe('Form');
    expect(stream.dict.get('BBox')).toEqual([0, 0, 240, 70]);
    const font = pdf.dict(pdf.dict(stream.dict, 'Resources'), 'Font')!;
    expect(pdf.dict(font, 'F1')!.name('BaseFont')).toBe('Helvetica');
    const text = latin1(await pdf.decodeStream(stream));
    expect(text).toContain('(Signed by ');
    expect(text).toContain('(Date: 2026-11-22 12:00:00 UTC) Tj');
    expect(text).toContain('(Reason: Aprobaci\\363n) Tj'); // ó in WinAnsiEncoding
    // Custom lines.
    const custom = await signPdf(before, {
      ...base,
      appearance: { rect: [0, 0, 100, 30], text: ['Firma (1)'] },
    });
    const cpdf = await readPdf(custom);
    const cap = pdf.dict(formFields(cpdf)[0]!.dict, 'AP')!;
    expect(latin1(await cpdf.decodeStream(cpdf.resolve(cap.get('N')) as PdfStream))).toContain(
      '(Firma \\(1\\)) Tj',
    );
  });

  it('certification /P 2: /Reference with a DocMDP transform and the catalog /Perms /DocMDP', async () => {
    const before = await createPdf();
    const after = await signPdf(before, { ...base, certification: 2 });
    const { pdf, last } = await checkSigned(before, after);
    expect(last.docMdp).toBe(2);
    expect(pdf.problems).toEqual([]);
    const perms = pdf.dict(pdf.catalog(), 'Perms')!;
    expect(perms.get('DocMDP')).toEqual(last.ref);
    const [ref] = pdf.resolve(last.dictionary.get('Reference')) as PdfDict[];
    expect(ref!.name('TransformMethod')).toBe('DocMDP');
    const params = pdf.dict(ref, 'TransformParams')!;
    expect(params.get('P')).toBe(2);
    expect(params.get('V')).toEqual(new PdfName('1.2'));
    // An approval signature may follow a /P 2 certification.
    const approved = await signPdf(after, base);
    await checkSigned(after, approved);
    // Certification only as the first signature.
    await expect(signPdf(after, { ...base, certification: 1 })).rejects.toMatchObject({
      code: 'CERTIFICATION_NOT_FIRST',
    });
    // /P 1 locks the document against further signatures, not against a document time-stamp.
    const locked = await signPdf(before, { ...base, certification: 1 });
    await expect(signPdf(locked, base)).rejects.toMatchObject({ code: 'DOCUMENT_LOCKED' });
    await checkSigned(locked, await addDocumentTimestamp(locked, { timestamp: stamp, crypto }));
  });

  it('empty signature fields of a certified document are signed in place; modification analysis permits it', async () => {
    const before = await createPdf({
      objects: {
        1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 5 0 R] >> >>',
        3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R 5 0 R] >>',
        4: '<< /FT /Sig /T (Autor) /Type /Annot /Subtype /Widget /F 4 /Rect [40 700 240 760] /P 3 0 R >>',
        5: '<< /FT /Sig /T (Revisor) /Type /Annot /Subtype /Widget /F 4 /Rect [300 700 500 760] /P 3 0 R /Lock << /Type /SigFieldLock /Action /All >> >>',
      },
    });
    const certified = await signPdf(before, {
      ...base,
      fieldName: 'Autor',
      certification: 2,
      reason: 'Autoría',
    });
    const one = await checkSigned(before, certified);
    expect(one.last).toMatchObject({ fieldName: 'Autor', docMdp: 2 });
    expect([...one.pdf.lastRevision.entries.keys()].sort((a, b) => a - b)).toEqual([1, 4, 6, 7, 8]);
    const approved = await signPdf(certified, {
      ...base,
      fieldName: 'Revisor',
      appearance: { rect: [0, 0, 1, 1], text: ['Revisado'] },
    });
    const { pdf, sigs } = await checkSigned(certified, approved);
    expect(sigs.map((s) => [s.fieldName, s.docMdp])).toEqual([
      ['Autor', 2],
      ['Revisor', undefined],
    ]);
    // The widget kept its rectangle and got the appearance; the /Lock became a FieldMDP reference.
    const widget = pdf.getObject(5) as PdfDict;
    expect(widget.get('Rect')).toEqual([300, 700, 500, 760]);
    const ap = pdf.resolve(pdf.dict(widget, 'AP')!.get('N')) as PdfStream;
    expect(ap.dict.get('BBox')).toEqual([0, 0, 200, 60]);
    expect(latin1(await pdf.decodeStream(ap))).toContain('(Revisado) Tj');
    expect(sigs[1]!.fieldMdp).toEqual([{ action: 'All', fields: [] }]);
    expect(formFields(pdf)).toHaveLength(2);
    expect(analyzeModifications(pdf, sigs[0]!).verdict).toBe('PERMITTED_CHANGES');
    // A signed field is not signed again.
    await expect(signPdf(approved, { ...base, fieldName: 'Autor' })).rejects.toMatchObject({
      code: 'FIELD_EXISTS',
    });
  });

  it('modification analysis: new invisible signatures and document time-stamps are permitted changes', async () => {
    for (const certification of [undefined, 2, 3] as const) {
      let bytes = await signPdf(await createPdf(), { ...base, certification });
      bytes = await signPdf(bytes, base);
      bytes = await addDocumentTimestamp(bytes, { timestamp: stamp, crypto });
      const pdf = await readPdf(bytes);
      const verdicts = findSignatures(pdf).map((s) => analyzeModifications(pdf, s).verdict);
      expect(verdicts, String(certification)).toEqual([
        'PERMITTED_CHANGES',
        'PERMITTED_CHANGES',
        'UNCHANGED',
      ]);
    }
  });

  it('a placeholder too small: a typed error with the size needed; then signing with that size works', async () => {
    const before = await createPdf();
    const error = await signPdf(before, { ...base, contentsSize: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PadesSigningError);
    const e = error as PadesSigningError;
    expect(e.code).toBe('CONTENTS_TOO_SMALL');
    expect(e.needed).toBeGreaterThan(200);
    expect(e.message).toContain(`${e.needed} bytes`);
    const after = await signPdf(before, { ...base, contentsSize: e.needed! + 16 });
    const { last } = await checkSigned(before, after);
    expect(last.padding).toBeLessThanOrEqual(16 + 8);
  });

  it('bad options and documents are refused with typed errors', async () => {
    const pdf = await createPdf();
    await expect(
      signPdf(pdf, { ...base, appearance: { page: 3, rect: [0, 0, 10, 10] } }),
    ).rejects.toMatchObject({
      code: 'BAD_PAGE',
    });
    await expect(signPdf(pdf, { ...base, contentsSize: 0 })).rejects.toMatchObject({ code: 'BAD_OPTIONS' });
    await expect(signPdf(pdf, { ...base, fieldName: 'a.b' })).rejects.toMatchObject({ code: 'BAD_OPTIONS' });
    await expect(signPdf(pdf, { ...base, certification: 4 as 1 })).rejects.toMatchObject({
      code: 'BAD_OPTIONS',
    });
    const encrypted = await createPdf({
      trailer: '/Encrypt 4 0 R',
      objects: { 4: '<< /Filter /Standard >>' },
    });
    await expect(signPdf(encrypted, base)).rejects.toMatchObject({ code: 'ENCRYPTED' });
    // A hash the RSA-bound key cannot sign with is signCades's error.
    const rsa = await createTestPki({ name: 'PAdES Sign RSA-2048', keySpec: 'RSA-2048' });
    await expect(
      signPdf(pdf, { certificate: rsa.endEntity.der, key: rsa.endEntity.key.privateKey, hash: 'SHA-512' }),
    ).rejects.toMatchObject({ code: 'SIGN_HASH_MISMATCH' });
  });

  it('an existing AcroForm (indirect, with indirect /Fields) and a page with indirect /Annots are updated in place', async () => {
    const before = await createPdf({
      objects: {
        1: '<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>',
        3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots 7 0 R >>',
        4: '<< /Fields 5 0 R /DA (/Helv 0 Tf 0 g) >>',
        5: '[6 0 R]',
        6: '<< /FT /Tx /T (nombre) /V (Ana) /Type /Annot /Subtype /Widget /Rect [10 10 100 30] /P 3 0 R >>',
        7: '[6 0 R]',
      },
    });
    const after = await signPdf(before, base);
    const { pdf } = await checkSigned(before, after);
    const update = pdf.lastRevision.entries;
    expect([...update.keys()].sort((a, b) => a - b)).toEqual([4, 5, 7, 8, 9]);
    expect(formFields(pdf).map((f) => [f.name, f.type])).toEqual([
      ['nombre', 'Tx'],
      ['Signature1', 'Sig'],
    ]);
    const acro = pdf.getObject(4) as PdfDict;
    expect(acro.get('SigFlags')).toBe(3);
    expect(acro.get('DA')).toBeDefined();
    expect(pdf.getObject(7)).toEqual([new PdfRef(6, 0), new PdfRef(9, 0)]);
  });

  it('the rewritten catalog and page keep every entry they had, value for value', async () => {
    const catalog =
      '<< /Type /Catalog /Pages 2 0 R /Lang (espa\\361ol) /X#20Y 1.25 /Flags [true false null -3 0.5] ' +
      '/OpenAction [3 0 R /XYZ null null 0] /Names << /K <FEFF0041> /Nested << /Deep [(a\\)b)] >> >> >>';
    const page = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.5 842] /Rotate 90 /UserUnit 1.5 >>';
    const before = await createPdf({ objects: { 1: catalog, 3: page } });
    const after = await signPdf(before, base);
    const [old, now] = [await readPdf(before), await readPdf(after)];
    const norm = (v: unknown): unknown =>
      v instanceof PdfDict
        ? Object.fromEntries([...v.entries].map(([k, x]) => [k, norm(x)]))
        : v instanceof PdfString
          ? { string: [...v.bytes] }
          : Array.isArray(v)
            ? v.map(norm)
            : v;
    const oldCatalog = norm(old.catalog()) as Record<string, unknown>;
    const newCatalog = norm(now.catalog()) as Record<string, unknown>;
    expect(Object.keys(newCatalog)).toEqual([...Object.keys(oldCatalog), 'AcroForm']);
    expect({ ...newCatalog, AcroForm: undefined }).toEqual({ ...oldCatalog, AcroForm: undefined });
    expect(oldCatalog['X Y']).toBe(1.25);
    const newPage = norm(now.getObject(3)) as Record<string, unknown>;
    expect({ ...newPage, Annots: undefined }).toEqual({
      ...(norm(old.getObject(3)) as object),
      Annots: undefined,
    });
  });

  it('signing after an unsigned update: both signatures intact, each over its own revision', async () => {
    const signed = await signPdf(await createPdf(), base);
    const edited = await appendRevision(signed, { objects: { 20: '(nota)' } });
    const again = await signPdf(edited, base);
    const { integrity } = await checkSigned(edited, again);
    expect(integrity.map((r) => r.coverage.revision)).toEqual([1, 3]);
  });
});

describe('addDocumentTimestamp', () => {
  it('adds an intact document time-stamp over the whole file after a signature', async () => {
    const signed = await signPdf(await createPdf(), { ...base, timestamp: stamp });
    const t0 = performance.now();
    const stamped = await addDocumentTimestamp(signed, { timestamp: stamp, crypto });
    const ms = performance.now() - t0;
    const { pdf, sigs, last, integrity } = await checkSigned(signed, stamped);
    expect(last).toMatchObject({
      kind: 'doc-timestamp',
      fieldName: 'DocTimeStamp1',
      subFilter: 'ETSI.RFC3161',
      filter: 'Adobe.PPKLite',
    });
    expect(last.dictionary.name('Type')).toBe('DocTimeStamp');
    expect(sigs.map((s) => s.kind)).toEqual(['signature', 'doc-timestamp']);
    expect(integrity[1]!.timestamp).toMatchObject({ intact: true, messageImprintMatches: true });
    expect(signatureCoverage(pdf, sigs[0]!).coversWholeDocument).toBe(false);
    console.log(`addDocumentTimestamp: ${stamped.length - signed.length} bytes in ${ms.toFixed(1)} ms`);
    // SHA-512 imprint.
    const s512 = await addDocumentTimestamp(stamped, { timestamp: stamp, hash: 'SHA-512', crypto });
    await checkSigned(stamped, s512);
  });

  it('a token over something else, or not a token, is refused', async () => {
    const pdf = await createPdf();
    const other = () => timestampToken({ tsa, imprint: new Uint8Array([9]) });
    await expect(addDocumentTimestamp(pdf, { timestamp: other })).rejects.toMatchObject({
      code: 'BAD_TIMESTAMP',
    });
    await expect(
      addDocumentTimestamp(pdf, { timestamp: async () => new Uint8Array([0x30, 0]) }),
    ).rejects.toMatchObject({
      code: 'BAD_TIMESTAMP',
    });
    await expect(addDocumentTimestamp(pdf, { timestamp: stamp, contentsSize: 100 })).rejects.toMatchObject({
      code: 'CONTENTS_TOO_SMALL',
    });
  });
});

const REAL = [
  'dss/cades/dss-cades/validation/dss-646/document.pdf', // PDF 1.4, linearized, classic tables
  'dss/pades/dss-pades/validation/dss-2554/fieldmdp-exclude.pdf', // PDF 1.6, cross-reference streams, an AcroForm
  'lac/ar/samples/docOriginal1.pdf',
].filter((p) => existsSync(CORPUS + p));

describe.skipIf(REAL.length === 0)('real unsigned PDFs of the corpus (read in place)', () => {
  it.each(REAL)('%s: signed (visible, -T), signed again, time-stamped', async (path) => {
    const original = new Uint8Array(readFileSync(CORPUS + path));
    const before = await readPdf(original);
    expect(findSignatures(before).filter((s) => s.kind !== 'usage-rights')).toEqual([]);
    const t0 = performance.now();
    const one = await signPdf(original, {
      ...base,
      timestamp: stamp,
      appearance: { rect: [36, 36, 236, 86] },
      reason: 'Prueba',
    });
    const ms = performance.now() - t0;
    const { pdf, last } = await checkSigned(original, one);
    expect(pdf.revisions.length).toBe(before.revisions.length + 1);
    expect(pdf.lastRevision.sections[0]!.kind).toBe(
      before.lastRevision.sections[0]!.kind === 'stream' ? 'stream' : 'table',
    );
    const report = await cadesOver(pdf, last);
    expect(report.signatures[0]).toMatchObject({ signatureIntact: true, format: 'CAdES-BASELINE-T' });
    const two = await signPdf(one, base);
    const second = await checkSigned(one, two);
    expect(second.integrity).toHaveLength(2);
    const three = await addDocumentTimestamp(two, { timestamp: stamp, crypto });
    const third = await checkSigned(two, three);
    expect(third.sigs.map((s) => s.kind)).toEqual(['signature', 'signature', 'doc-timestamp']);
    console.log(`${path}: ${original.length} bytes, signed in ${ms.toFixed(1)} ms`);
  });
});

describe('addValidationData', () => {
  it('B-T, then the /DSS (LT), then a document time-stamp (LTA): every level verifies offline from the file alone', async () => {
    const t = await signPdf(await createPdf(), { ...base, timestamp: stamp });
    const crls = [(await pki.root.crl()).der, (await pki.issuingCa.crl()).der];
    const data = {
      certificates: [pki.endEntity.der, pki.issuingCa.der, pki.root.der, tsa.der],
      crls,
    };
    const lt = await addValidationData(t, data);
    expect(isPrefix(t, lt)).toBe(true);
    const options = { trustAnchors: [trustAnchorFromCertificate(pki.root.cert)], crypto };
    const atLt = (await verifyPades(lt, options)).signatures[0]!;
    expect([atLt.format, atLt.indication]).toEqual(['PAdES-BASELINE-LT', 'TOTAL_PASSED']);
    expect(atLt.modifications?.verdict).toBe('PERMITTED_CHANGES');
    const lta = await addDocumentTimestamp(lt, { timestamp: stamp, crypto });
    const report = await verifyPades(lta, options);
    expect(report.signatures.map((s) => [s.kind, s.format, s.indication])).toEqual([
      ['signature', 'PAdES-BASELINE-LTA', 'TOTAL_PASSED'],
      ['document-timestamp', 'PDF-DOC-TIMESTAMP', 'TOTAL_PASSED'],
    ]);
    // Nothing new: the document is returned as it was. One new value: only it is added, the rest kept.
    expect(await addValidationData(lta, data)).toBe(lta);
    const more = await addValidationData(lta, {
      ...data,
      ocspResponses: [new Uint8Array([0x30, 0x03, 0x0a, 0x01, 0x01])],
    });
    const stores = await readDocumentSecurityStores(await readPdf(more));
    const last = stores.at(-1)!;
    expect([last.certificates.length, last.crls.length, last.problems.length]).toEqual([4, 2, 0]);
    expect(last.ocspResponses.length).toBe(1);
    expect(more.length - lta.length).toBeLessThan(1000);
  });

  it('an encrypted document is refused with a typed error', async () => {
    const encrypted = await appendRevision(await createPdf(), {
      trailer: ' /Encrypt << /Filter /Standard >>',
    });
    await expect(addValidationData(encrypted, { certificates: [pki.root.der] })).rejects.toMatchObject({
      code: 'ENCRYPTED',
    });
  });
});

describe('independent readers open what signPdf writes', () => {
  it('pdfjs-dist (strict) sees the signature widgets; pdf-lib lists the fields', async () => {
    const before = await createPdf({ xref: 'stream', objectStreams: true });
    let bytes = await signPdf(before, {
      ...base,
      appearance: { rect: [40, 40, 240, 100] },
      fieldName: 'Firma Ana',
    });
    bytes = await signPdf(bytes, base);
    bytes = await addDocumentTimestamp(bytes, { timestamp: stamp, crypto });
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({
      data: bytes.slice(),
      stopAtErrors: true,
      isEvalSupported: false,
      verbosity: 0,
    }).promise;
    const annots = await (await doc.getPage(1)).getAnnotations();
    expect(annots.map((a: { fieldType?: string; fieldName?: string }) => [a.fieldType, a.fieldName])).toEqual(
      [
        ['Sig', 'Firma Ana'],
        ['Sig', 'Signature1'],
        ['Sig', 'DocTimeStamp1'],
      ],
    );
    await doc.destroy();
    const { PDFDocument } = await import('pdf-lib');
    const lib = await PDFDocument.load(bytes);
    expect(
      lib
        .getForm()
        .getFields()
        .map((f) => f.getName()),
    ).toEqual(['Firma Ana', 'Signature1', 'DocTimeStamp1']);
  });
});
