import { nodeCryptoEngine } from '@mutua/core/node';
import { createTsa, signCms, timestampToken } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import {
  PdfDocument,
  appendRevision,
  findSignatures,
  readPdf,
  signatureCoverage,
  signedRanges,
  verifyPadesIntegrity,
} from '../src/index';
import { addSignature, cadesSigner, fillSignature, latin1, sigDict, signedPdf, testPki } from './helpers/pdf';

const crypto = nodeCryptoEngine;

describe('findSignatures and coverage', () => {
  it('one signature over the whole document', async () => {
    const bytes = await signedPdf();
    const pdf = await readPdf(bytes);
    expect(pdf.problems).toEqual([]);
    const [s, ...rest] = findSignatures(pdf);
    expect(rest).toEqual([]);
    expect(s).toMatchObject({
      kind: 'signature',
      fieldName: 'Firma1',
      revision: 0,
      inFinalRevision: true,
      filter: 'Adobe.PPKLite',
      subFilter: 'ETSI.CAdES.detached',
      signingTime: 'D:20261122120000Z',
      reason: 'Acuerdo de servicios',
      location: 'Montevideo',
      name: 'Ana Pereira',
      paddingNotZero: false,
      byteRange: { valid: true, problems: [], endsRevision: 0 },
    });
    expect(s!.contents!.length).toBe(6000);
    expect(s!.padding).toBe(6000 - s!.cms!.length);
    expect(signatureCoverage(pdf, s!)).toEqual({
      revision: 0,
      revisionCount: 1,
      coversWholeDocument: true,
      signedBytes: bytes.length - 12002,
      unsignedBytes: 0,
    });
    // The ranges are views into the file, not copies.
    const chunks: Uint8Array[] = [];
    for await (const c of signedRanges(pdf, s!)) chunks.push(c);
    expect(chunks.map((c) => c.buffer === bytes.buffer)).toEqual([true, true]);
    const [r] = await verifyPadesIntegrity(pdf, { crypto });
    expect(r).toMatchObject({ signatureIntact: true, problems: [] });
    expect(r!.cades?.format).toBe('CAdES-BASELINE-B');
  });

  it('an incremental update after signing: the signature covers revision 0 of 2, not the whole document', async () => {
    const signed = await signedPdf();
    const updated = await appendRevision(signed, { objects: { 8: '(added after signing)' } });
    const pdf = await readPdf(updated);
    const [s] = findSignatures(pdf);
    expect(s!.byteRange.valid).toBe(true);
    expect(signatureCoverage(pdf, s!)).toMatchObject({
      revision: 0,
      revisionCount: 2,
      coversWholeDocument: false,
      unsignedBytes: updated.length - signed.length,
    });
    const [r] = await verifyPadesIntegrity(pdf, { crypto });
    expect(r!.signatureIntact).toBe(true);
  });

  it('two signatures, the second in an incremental update', async () => {
    const two = await addSignature(await signedPdf());
    const pdf = await readPdf(two);
    const sigs = findSignatures(pdf);
    expect(sigs.map((s) => [s.fieldName, s.revision, s.byteRange.valid])).toEqual([
      ['Firma1', 0, true],
      ['Firma2', 1, true],
    ]);
    expect(sigs.map((s) => signatureCoverage(pdf, s).coversWholeDocument)).toEqual([false, true]);
    expect((await verifyPadesIntegrity(pdf, { crypto })).map((r) => r.signatureIntact)).toEqual([true, true]);
  });

  it('cross-reference streams and object streams, signed and updated', async () => {
    const bytes = await signedPdf({ xref: 'stream', objectStreams: true });
    const two = await addSignature(bytes, { xref: 'stream', objectStreams: true });
    const pdf = await readPdf(two);
    expect(pdf.revisions.map((r) => r.sections[0]!.kind)).toEqual(['stream', 'stream']);
    const results = await verifyPadesIntegrity(pdf, { crypto });
    expect(
      results.map((r) => [r.signatureIntact, r.coverage.revision, r.coverage.coversWholeDocument]),
    ).toEqual([
      [true, 0, false],
      [true, 1, true],
    ]);
  });

  it('a document time-stamp (ETSI.RFC3161)', async () => {
    const pki = await testPki();
    const tsa = await createTsa(pki);
    const sign = (content: Uint8Array) => timestampToken({ tsa, imprint: content, chain: [pki.issuingCa] });
    const bytes = await signedPdf({ sig: { type: 'DocTimeStamp', subFilter: 'ETSI.RFC3161' }, signer: sign });
    const pdf = await readPdf(bytes);
    const [r] = await verifyPadesIntegrity(pdf, { crypto });
    expect(r!.signature.kind).toBe('doc-timestamp');
    expect(r).toMatchObject({ signatureIntact: true, problems: [] });
    expect(r!.timestamp?.messageImprintMatches).toBe(true);
    // A token over other bytes (a copied time-stamp, P12) does not match.
    const copied = await signedPdf({
      sig: { type: 'DocTimeStamp', subFilter: 'ETSI.RFC3161' },
      signer: () => timestampToken({ tsa, imprint: new Uint8Array([1, 2, 3]) }),
    });
    const [c] = await verifyPadesIntegrity(await readPdf(copied), { crypto });
    expect(c!.signatureIntact).toBe(false);
    expect(c!.problems).toContain('TIMESTAMP_IMPRINT: the token does not cover the byte ranges');
  });

  it('the legacy adbe.pkcs7.sha1: the CMS encapsulates the SHA-1 digest of the ranges', async () => {
    const pki = await testPki();
    const sha1 = async (c: Uint8Array) =>
      new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', c as Uint8Array<ArrayBuffer>));
    const good = await signedPdf({
      sig: { subFilter: 'adbe.pkcs7.sha1' },
      signer: async (content) => signCms({ content: await sha1(content), signer: pki.endEntity }),
    });
    const [r] = await verifyPadesIntegrity(await readPdf(good), { crypto });
    expect(r).toMatchObject({ signatureIntact: true, problems: [] });
    const other = await signedPdf({
      sig: { subFilter: 'adbe.pkcs7.sha1' },
      signer: async () => signCms({ content: await sha1(new Uint8Array([1])), signer: pki.endEntity }),
    });
    const [o] = await verifyPadesIntegrity(await readPdf(other), { crypto });
    expect(o!.signatureIntact).toBe(false);
    expect(o!.problems).toEqual([
      'CMS_CONTENT: the encapsulated SHA-1 digest is not that of the byte ranges',
    ]);
  });

  it('certification (DocMDP), FieldMDP and field locks', async () => {
    const bytes = await signedPdf({
      catalogExtra: ' /Perms << /DocMDP 5 0 R >>',
      fieldExtra: ' /Lock << /Type /SigFieldLock /Action /Include /Fields [(nombre)] >>',
      sig: {
        extra:
          '/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P 1 /V /1.2 >> >> << /Type /SigRef /TransformMethod /FieldMDP /TransformParams << /Action /Exclude /Fields [(obs)] >> >>]',
      },
    });
    const [s] = findSignatures(await readPdf(bytes));
    expect(s!.docMdp).toBe(1);
    expect(s!.fieldMdp).toEqual([{ action: 'Exclude', fields: ['obs'] }]);
    expect(s!.lock).toEqual({ action: 'Include', fields: ['nombre'] });
    // Without /Perms /DocMDP naming it, the transform grants nothing.
    const pdf = await readPdf(
      await signedPdf({ sig: { extra: '/Reference [<< /TransformMethod /DocMDP >>]' } }),
    );
    expect(findSignatures(pdf)[0]!.docMdp).toBeUndefined();
    expect(pdf.problems.map((p) => p.code)).toContain('DOCMDP_NOT_IN_PERMS');
  });

  it('a usage-rights signature is found and marked as such', async () => {
    const bytes = await signedPdf({
      catalogExtra: ' /Perms << /UR3 9 0 R >>',
      objects: { 9: '<< /Type /Sig /SubFilter /adbe.pkcs7.detached /Contents <3000> >>' },
    });
    const kinds = findSignatures(await readPdf(bytes)).map((s) => s.kind);
    expect(kinds).toEqual(['signature', 'usage-rights']);
  });

  it('a signature dictionary rewritten in a later revision (P9): the signed one is reported, with the change', async () => {
    const signed = await signedPdf();
    const text = latin1(signed);
    const original = text.slice(
      text.indexOf('5 0 obj') + 8,
      text.indexOf('endobj', text.indexOf('5 0 obj')) - 1,
    );
    const edited = original.replace('(Acuerdo de servicios)', '(Otro motivo         )');
    const pdf = await readPdf(await appendRevision(signed, { objects: { 5: edited } }));
    const sigs = findSignatures(pdf);
    expect(sigs.map((s) => [s.reason, s.inFinalRevision, s.byteRange.valid, s.revision])).toEqual([
      ['Acuerdo de servicios', true, true, 0],
    ]);
    const shown = sigs[0]!.dictionaryChangedLater;
    expect(shown?.get('Reason')).toMatchObject({ start: expect.any(Number) });
    expect(pdf.revisionAt(shown!.start)).toBe(1);
  });

  it('PdfDocument is what readPdf returns', async () => {
    expect(await readPdf(await signedPdf())).toBeInstanceOf(PdfDocument);
    void fillSignature;
    void sigDict;
    void cadesSigner;
  });
});
