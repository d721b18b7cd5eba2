/**
 * The shared corpus, read in place (never copied into the repository): every PAdES entry of the DSS
 * manifest, and an Argentinian signed PDF. Skipped, with a message, when the corpus is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nodeCryptoEngine } from '@mutua/core/node';
import { describe, expect, it } from 'vitest';
import {
  type PdfDocument,
  PdfError,
  findSignatures,
  readPdf,
  signatureCoverage,
  verifyPadesIntegrity,
} from '../src/index';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
const MANIFEST = `${CORPUS}dss/manifest.json`;
const AR = `${CORPUS}lac/ar/samples/docFirmado1.pdf`;

interface Entry {
  readonly id: string;
  readonly path: string;
  readonly format: string;
  readonly expected?: {
    readonly signatures?: number | null;
    readonly outcome?: string;
    readonly basis?: string;
    readonly perSignature?: readonly { readonly signatureIntact?: boolean | null }[];
  };
  readonly oracle?: {
    readonly integrity?: string;
    readonly perSignature?: readonly {
      readonly byteRange?: readonly number[];
      readonly opensslCms?: string;
    }[];
  };
}

const entries: Entry[] = existsSync(MANIFEST)
  ? (JSON.parse(readFileSync(MANIFEST, 'utf8')).entries as Entry[]).filter((e) => e.format === 'pades')
  : [];

describe.skipIf(entries.length === 0)('DSS corpus, PAdES entries (../shared/corpus/dss)', () => {
  it('reads every file, finds the signatures the manifest states, and the ranges the oracle saw', async () => {
    const stats = {
      files: entries.length,
      parsed: 0,
      refused: [] as string[],
      signatures: 0,
      revisions: 0,
      withCount: 0,
      countAgrees: 0,
      countDisagrees: [] as string[],
      oracleRanges: 0,
      oracleRangesAgree: 0,
      validByteRanges: 0,
      intact: 0,
      notIntact: 0,
      notJudged: 0,
      opensslVerified: 0,
      opensslAgree: 0,
      opensslDisagree: [] as string[],
      problems: new Map<string, number>(),
      timestamps: 0,
      labelled: 0,
      labelAgrees: 0,
      labelDisagrees: [] as string[],
      dangerous: 0,
    };
    for (const e of entries) {
      const file = `${CORPUS}dss/${e.path}`;
      if (!existsSync(file)) continue;
      let pdf: PdfDocument;
      try {
        pdf = await readPdf(new Uint8Array(readFileSync(file)));
      } catch (err) {
        if (!(err instanceof PdfError)) throw err;
        stats.refused.push(`${e.path}: ${err.code} ${err.message}`);
        continue;
      }
      stats.parsed++;
      stats.revisions += pdf.revisions.length;
      const sigs = findSignatures(pdf).filter((s) => s.kind !== 'usage-rights');
      const inFinal = sigs.filter((s) => s.inFinalRevision);
      stats.signatures += inFinal.length;
      // The manifest counts signatures, not document time-stamps.
      const expected = e.expected?.signatures;
      const signatures = inFinal.filter((s) => s.kind === 'signature').length;
      stats.timestamps += inFinal.length - signatures;
      if (typeof expected === 'number') {
        stats.withCount++;
        if (expected === signatures) stats.countAgrees++;
        else stats.countDisagrees.push(`${e.path}: manifest ${expected}, found ${signatures}`);
      }
      for (const s of inFinal) if (s.byteRange.valid) stats.validByteRanges++;
      const oracle = e.oracle?.perSignature ?? [];
      for (const o of oracle) {
        if (!o.byteRange) continue;
        stats.oracleRanges++;
        if (inFinal.some((s) => s.byteRange.ranges?.join(' ') === o.byteRange!.join(' ')))
          stats.oracleRangesAgree++;
      }
      const results = await verifyPadesIntegrity(pdf, { crypto: nodeCryptoEngine });
      for (const r of results.filter(
        (x) => x.signature.inFinalRevision && x.signature.kind !== 'usage-rights',
      )) {
        if (r.signatureIntact === true) stats.intact++;
        else if (r.signatureIntact === false) stats.notIntact++;
        else stats.notJudged++;
        void signatureCoverage(pdf, r.signature);
        const o = oracle.find((x) => x.byteRange?.join(' ') === r.signature.byteRange.ranges?.join(' '));
        if (o?.opensslCms === 'verified' && r.signature.kind === 'signature') {
          stats.opensslVerified++;
          if (r.signatureIntact === true) stats.opensslAgree++;
          else
            stats.opensslDisagree.push(
              `${e.path} [${r.signature.byteRange.ranges}]: ${r.problems.join('; ')}`,
            );
        }
      }
      // DSS's integrity label of the file is about its signatures (time-stamps have their own labels).
      const judged = results.filter((x) => x.signature.inFinalRevision && x.signature.kind === 'signature');
      if (
        e.expected?.basis === 'integrity' &&
        (e.expected.outcome === 'intact' || e.expected.outcome === 'not-intact')
      ) {
        stats.labelled++;
        const ours = judged.every((x) => x.signatureIntact === true) ? 'intact' : 'not-intact';
        if (ours === e.expected.outcome) stats.labelAgrees++;
        else
          stats.labelDisagrees.push(
            `${e.path}: DSS ${e.expected.outcome}, ours ${ours} (${judged.flatMap((x) => x.problems).join('; ')})`,
          );
        if (e.expected.outcome === 'not-intact' && ours === 'intact') stats.dangerous++;
      }
      for (const p of pdf.problems) stats.problems.set(p.code, (stats.problems.get(p.code) ?? 0) + 1);
    }
    console.log(
      [
        `DSS PAdES: ${stats.parsed}/${stats.files} files read, ${stats.revisions} revisions, ${stats.signatures} signatures and time-stamps in the last revisions (${stats.timestamps} document time-stamps)`,
        `  signature count agrees with the manifest on ${stats.countAgrees}/${stats.withCount} files that state one`,
        ...stats.countDisagrees.map((d) => `    ${d}`),
        `  ByteRanges: ${stats.validByteRanges}/${stats.signatures} valid; ${stats.oracleRangesAgree}/${stats.oracleRanges} of pdfsig's ranges found`,
        `  integrity: ${stats.intact} intact, ${stats.notIntact} not intact, ${stats.notJudged} not judged;`,
        `  intact where openssl cms verified the ranges: ${stats.opensslAgree}/${stats.opensslVerified}`,
        ...stats.opensslDisagree.map((d) => `    ${d}`),
        `  DSS integrity labels: ${stats.labelAgrees}/${stats.labelled} agree; labelled not-intact but intact here: ${stats.dangerous}`,
        ...stats.labelDisagrees.map((d) => `    ${d}`),
        `  refused: ${stats.refused.length}`,
        ...stats.refused.map((r) => `    ${r}`),
        `  problems reported: ${[...stats.problems].map(([k, v]) => `${k} ${v}`).join(', ')}`,
      ].join('\n'),
    );
    expect(stats.parsed).toBeGreaterThan(0);
    // Never intact where DSS says broken (issue 6, "done means").
    expect(stats.dangerous).toBe(0);
  });
});

describe.skipIf(!existsSync(AR))('Argentina (../shared/corpus/lac/ar/samples/docFirmado1.pdf)', () => {
  it('reads it and checks its signatures', async () => {
    const pdf = await readPdf(new Uint8Array(readFileSync(AR)));
    const results = await verifyPadesIntegrity(pdf, { crypto: nodeCryptoEngine });
    console.log(
      `docFirmado1.pdf: ${pdf.revisions.length} revisions, ${results.length} signatures: ${results
        .map(
          (r) =>
            `${r.signature.subFilter} rev ${r.coverage.revision} of ${r.coverage.revisionCount}, whole ${r.coverage.coversWholeDocument}, intact ${r.signatureIntact} ${r.problems.join('; ')}`,
        )
        .join(' | ')}; problems: ${pdf.problems.map((p) => p.code).join(', ') || 'none'}`,
    );
    expect(results.length).toBeGreaterThan(0);
  });
});

if (entries.length === 0) console.log(`corpus absent (${MANIFEST}): the corpus tests are skipped`);
