/**
 * Modification analysis over the shared corpus, read in place: every signature and document time-stamp
 * of every DSS PAdES file is analysed; nothing may crash, and the findings are counted per code.
 * Skipped, with a message, when the corpus is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type PdfDocument, PdfError, analyzeModifications, findSignatures, readPdf } from '../src/index';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
const MANIFEST = `${CORPUS}dss/manifest.json`;

interface Entry {
  readonly id: string;
  readonly path: string;
  readonly format: string;
  readonly expected?: { readonly summary?: { readonly subIndication?: string | null } | null };
}

const entries: Entry[] = existsSync(MANIFEST)
  ? (JSON.parse(readFileSync(MANIFEST, 'utf8')).entries as Entry[]).filter((e) => e.format === 'pades')
  : [];

describe.skipIf(entries.length === 0)('modification analysis over the DSS corpus', () => {
  it('analyses every signature of every file without crashing, and counts findings per code', async () => {
    const started = performance.now();
    const codes = new Map<string, { total: number; notPermitted: number }>();
    const verdicts = new Map<string, number>();
    const notPermitted: string[] = [];
    let files = 0;
    let analysed = 0;
    let slowest = 0;
    // DSS fails these for their modifications (pages added or removed): TOTAL_FAILED / FORMAT_FAILURE.
    const formatFailures: string[] = [];
    const formatFailuresAgree: string[] = [];
    for (const e of entries) {
      const file = `${CORPUS}dss/${e.path}`;
      if (!existsSync(file)) continue;
      let pdf: PdfDocument;
      try {
        pdf = await readPdf(new Uint8Array(readFileSync(file)));
      } catch (err) {
        if (!(err instanceof PdfError)) throw err;
        continue;
      }
      files++;
      const signatures = findSignatures(pdf).filter((s) => s.kind !== 'usage-rights');
      const formatFailure = e.expected?.summary?.subIndication === 'FORMAT_FAILURE';
      if (formatFailure) formatFailures.push(e.path);
      let failed = false;
      for (const s of signatures) {
        const t = performance.now();
        const r = analyzeModifications(pdf, s, { signatures });
        slowest = Math.max(slowest, performance.now() - t);
        analysed++;
        verdicts.set(r.verdict, (verdicts.get(r.verdict) ?? 0) + 1);
        for (const f of r.findings) {
          const c = codes.get(f.code) ?? { total: 0, notPermitted: 0 };
          c.total++;
          if (!f.permitted) c.notPermitted++;
          codes.set(f.code, c);
        }
        if (!r.passed && s.kind === 'signature') failed = true;
        if (!r.passed)
          notPermitted.push(
            `${e.path} [${s.kind} ${s.fieldName ?? ''} rev ${r.signedRevision}/${r.finalRevision}]: ${r.summary}`,
          );
      }
      if (formatFailure && failed) formatFailuresAgree.push(e.path);
    }
    const ms = performance.now() - started;
    console.log(
      [
        `modification analysis, DSS PAdES: ${analysed} signatures and time-stamps in ${files} files, ${ms.toFixed(0)} ms (slowest ${slowest.toFixed(1)} ms)`,
        `  verdicts: ${[...verdicts].map(([k, v]) => `${k} ${v}`).join(', ')}`,
        `  findings per code (not permitted): ${[...codes]
          .sort((a, b) => b[1].total - a[1].total)
          .map(([k, v]) => `${k} ${v.total} (${v.notPermitted})`)
          .join(', ')}`,
        `  DSS FORMAT_FAILURE files (pages added or removed) failed here too: ${formatFailuresAgree.length}/${formatFailures.length}`,
        '  not passed:',
        ...notPermitted.map((n) => `    ${n}`),
      ].join('\n'),
    );
    expect(analysed).toBeGreaterThan(0);
    expect(formatFailuresAgree).toEqual(formatFailures);
  });
});

const AR = `${CORPUS}lac/ar/samples/docFirmado1.pdf`;

describe.skipIf(!existsSync(AR))(
  'modification analysis of ../shared/corpus/lac/ar/samples/docFirmado1.pdf',
  () => {
    it('analyses its signatures', async () => {
      const pdf = await readPdf(new Uint8Array(readFileSync(AR)));
      const signatures = findSignatures(pdf);
      const reports = signatures.map((s) => analyzeModifications(pdf, s, { signatures }));
      console.log(
        `docFirmado1.pdf: ${reports.map((r) => `rev ${r.signedRevision}/${r.finalRevision} ${r.verdict}: ${r.summary}`).join(' | ')}`,
      );
      expect(reports.length).toBeGreaterThan(0);
    });
  },
);

if (entries.length === 0) console.log(`corpus absent (${MANIFEST}): the modification corpus test is skipped`);
