/**
 * Universal signature forgery (P1), signature wrapping (P3), incremental saving (P2) and CMS ambiguity
 * (P11): every malformed /ByteRange or /Contents ends in an invalid range and a signature not intact.
 */
import { nodeCryptoEngine } from '@mutua/core/node';
import { signCms } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import {
  appendRevision,
  findSignatures,
  readPdf,
  signatureCoverage,
  verifyPadesIntegrity,
} from '../src/index';
import {
  BYTE_RANGE_PLACEHOLDER,
  cadesSigner,
  fillSignature,
  fromLatin1,
  latin1,
  signedPdf,
  testPki,
} from './helpers/pdf';

const crypto = nodeCryptoEngine;

async function judge(bytes: Uint8Array) {
  const pdf = await readPdf(bytes);
  const [r] = await verifyPadesIntegrity(pdf, { crypto });
  return { pdf, r: r!, problems: r!.signature.byteRange.problems };
}

/** Replaces the filled /ByteRange text of the (single) signature. */
function withByteRange(bytes: Uint8Array, replacement: string): Uint8Array {
  const text = latin1(bytes);
  const at = text.indexOf('/ByteRange [');
  let end = text.indexOf(']', at) + 1;
  while (text[end] === ' ') end++; // the padding left by fillSignature

  const padded = replacement.padEnd(end - at, ' ');
  if (padded.length !== end - at) throw new Error('replacement too long');
  return fromLatin1(text.slice(0, at) + padded + text.slice(end));
}

describe('universal signature forgery: /ByteRange', () => {
  it.each([
    ['missing', '/NoByteRange [0 1 2 3]', ['MISSING']],
    ['empty', '/ByteRange []', ['MALFORMED']],
    ['negative', '/ByteRange [0 -10 20 30]', ['MALFORMED']],
    ['three numbers', '/ByteRange [0 10 20]', ['MALFORMED']],
    ['not integers', '/ByteRange [0 10.5 20 30]', ['MALFORMED']],
    ['an indirect reference', '/ByteRange 9 0 R', ['MISSING']],
  ])('%s', async (_, text, expected) => {
    const { r, problems } = await judge(withByteRange(await signedPdf(), text));
    expect(problems).toEqual(expected);
    expect(r.signatureIntact).toBe(false);
    expect(r.coverage.coversWholeDocument).toBe(false);
  });

  it('not from the start, overlapping, beyond the file, gap not the /Contents', async () => {
    const good = await signedPdf();
    const [, a, b, c] = findSignatures(await readPdf(good))[0]!.byteRange.ranges!;
    const cases: [string, string[]][] = [
      [`[1 ${a - 1} ${b} ${c}]`, ['NOT_FROM_START']],
      [`[0 ${b + 1} ${b} ${c}]`, ['OVERLAP', 'GAP_NOT_CONTENTS']],
      [`[0 ${a} ${b} ${c + 1}]`, ['BEYOND_FILE', 'NOT_REVISION_END']],
      [`[0 ${a - 1} ${b - 1} ${c + 1}]`, ['GAP_NOT_CONTENTS']],
      [`[0 ${a} ${b} ${c - 10}]`, ['NOT_REVISION_END']],
    ];
    for (const [text, expected] of cases) {
      const { r, problems } = await judge(withByteRange(good, `/ByteRange ${text}`));
      expect(problems, text).toEqual(expected);
      expect(r.signatureIntact, text).toBe(false);
    }
  });

  it('ranges that a wrapping attack moves: the gap must be this dictionary’s own /Contents', async () => {
    // The CMS covers the true ranges; the dictionary then claims a gap five bytes wider.
    const bytes = await signedPdf();
    const text = latin1(bytes);
    const moved = withByteRange(
      bytes,
      text
        .slice(text.indexOf('/ByteRange ['), text.indexOf(']', text.indexOf('/ByteRange [')) + 1)
        .replace(/\[0 (\d+) (\d+)/, (_, a, b) => `[0 ${Number(a) - 5} ${b}`),
    );
    const { problems } = await judge(moved);
    expect(problems).toEqual(['GAP_NOT_CONTENTS']);
  });
});

describe('universal signature forgery: /Contents', () => {
  it('missing, literal, and not a CMS', async () => {
    const text = latin1(await signedPdf());
    const missing = fromLatin1(text.replace('/Contents <', '/Nontents <'));
    expect((await judge(missing)).problems).toEqual(['CONTENTS_MISSING']);
    const contentsAt = text.indexOf('/Contents <') + 10;
    const literal = fromLatin1(
      `${text.slice(0, contentsAt)}(${text.slice(contentsAt + 1, text.indexOf('>', contentsAt))})${text.slice(text.indexOf('>', contentsAt) + 1)}`,
    );
    expect((await judge(literal)).problems).toEqual(['CONTENTS_NOT_IN_FILE']);
    // A slot of zeros: the ranges are fine, the CMS is not there.
    const empty = await fillSignature(
      fromLatin1(
        text
          .replace(/\/ByteRange \[[^\]]*\]/, (m) => BYTE_RANGE_PLACEHOLDER.padEnd(m.length, ' '))
          .replace(/\/Contents <[0-9a-f]+>/, (m) => `/Contents <${'0'.repeat(m.length - 12)}>`),
      ),
      async () => new Uint8Array(0),
    );
    const e = await judge(empty);
    expect(e.problems).toEqual([]);
    expect(e.r.signatureIntact).toBe(false);
    expect(e.r.problems[0]).toMatch(/^CMS_FORMAT|^CONTENTS/);
  });

  it('a tampered CMS or tampered signed bytes are not intact', async () => {
    const good = await signedPdf();
    const { r: ok } = await judge(good);
    expect(ok.signatureIntact).toBe(true);
    const page = latin1(good).indexOf('/MediaBox [0 0 595 842]');
    const changed = good.slice();
    changed[page + 12] = 0x36; // 595 -> 695: a changed page size inside the signed range
    expect((await judge(changed)).r.signatureIntact).toBe(false);
    const badCms = await signedPdf({ signer: await cadesSigner({ tamper: { signature: true } }) });
    expect((await judge(badCms)).r.signatureIntact).toBe(false);
  });

  it('non-zero bytes after the CMS in the slot are reported', async () => {
    const sign = await cadesSigner();
    const bytes = await signedPdf({ signer: async (c) => Uint8Array.from([...(await sign(c)), 0xde, 0xad]) });
    const { r } = await judge(bytes);
    expect(r.signature.paddingNotZero).toBe(true);
    expect(r.problems).toContain('CONTENTS_PADDING: bytes other than zero after the CMS');
  });

  it('a signature dictionary inside an object stream cannot be excluded by offsets', async () => {
    const bytes = await signedPdf({ xref: 'stream', objectStreams: true });
    // Move object 5 into the stream by writing a new revision with the same text.
    const text = latin1(bytes);
    const at = text.indexOf('5 0 obj');
    const body = text.slice(at + 8, text.indexOf('endobj', at) - 1);
    const updated = await appendRevision(bytes, {
      xref: 'stream',
      objectStreams: true,
      objects: { 5: body },
    });
    const sigs = findSignatures(await readPdf(updated));
    // The rewritten dictionary has no file offsets; the signed one, from revision 0, is reported.
    expect(
      sigs.map((s) => [s.inFinalRevision, s.revision, s.byteRange.valid, s.dictionaryChangedLater?.start]),
    ).toEqual([[true, 0, true, -1]]);
  });
});

describe('CMS ambiguity inside a PDF (P11)', () => {
  it('a CMS with encapsulated content, or with two SignerInfos, is not intact', async () => {
    const pki = await testPki();
    const attached = await signedPdf({
      signer: (content) => signCms({ content, signer: pki.endEntity, chain: [pki.issuingCa] }),
    });
    const a = await judge(attached);
    expect(a.r.signatureIntact).toBe(false);
    expect(a.r.problems).toContain('CMS_NOT_DETACHED: the CMS carries content (P11)');
    const second = await pki.issue();
    const two = await signedPdf({
      sig: { slot: 9000 },
      signer: (content) =>
        signCms({ content, signer: pki.endEntity, detached: true, moreSigners: [{ signer: second }] }),
    });
    const t = await judge(two);
    expect(t.r.signatureIntact).toBe(false);
    expect(t.r.problems).toContain('CMS_SIGNER_COUNT: 2 SignerInfos, not one (P11)');
  });
});

describe('incremental saving (P2)', () => {
  it('a signature stays intact for its revision; the update is never reported as signed', async () => {
    const signed = await signedPdf();
    const attacked = await appendRevision(signed, {
      objects: {
        3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 8 0 R >>',
        8: { dict: '<< >>', data: 'BT (Pague 1.000.000) Tj ET' },
      },
    });
    const { pdf, r } = await judge(attacked);
    expect(r.signatureIntact).toBe(true);
    expect(signatureCoverage(pdf, r.signature)).toMatchObject({
      revision: 0,
      revisionCount: 2,
      coversWholeDocument: false,
    });
  });

  it('ranges stretched to the end of a later revision do not end the revision holding the dictionary', async () => {
    const signed = await signedPdf();
    const updated = await appendRevision(signed, { objects: { 8: '(x)' } });
    const [, a, b] = findSignatures(await readPdf(signed))[0]!.byteRange.ranges!;
    // Rewrite the range in place so that it claims the whole updated file.
    const stretched = withByteRange(updated, `/ByteRange [0 ${a} ${b} ${updated.length - b}]`);
    const { problems, r } = await judge(stretched);
    expect(problems).toEqual(['NOT_REVISION_END']);
    expect(r.signatureIntact).toBe(false);
  });
});
