/**
 * `verifyPades` over the PAdES entries of the shared DSS corpus (read in place, never copied): agreement
 * with what DSS's own tests assert — integrity, indication, level — with every disagreement and its
 * reason printed. Nothing may crash. Skipped, with a message, when the corpus is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type Certificate,
  MutuaError,
  type TrustAnchor,
  parseCertificate,
  tlvBytes,
  trustAnchorFromCertificate,
} from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { describe, expect, it } from 'vitest';
import { CMS_OID, parseSignedData } from '@mutua/cades';
import {
  type PadesSignatureReport,
  type PdfDocument,
  PdfError,
  findSignatures,
  readDocumentSecurityStores,
  readPdf,
  verifyPades,
} from '../src/index';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/dss/', import.meta.url));
const MANIFEST = `${CORPUS}manifest.json`;

interface Entry {
  readonly id: string;
  readonly path: string;
  readonly format: string;
  readonly validationTime?: string | null;
  readonly trustAnchors?: readonly string[] | null;
  readonly expected?: {
    readonly outcome?: string;
    readonly basis?: string;
    readonly summary?: {
      readonly levels?: readonly string[] | null;
      readonly indication?: string | null;
      readonly subIndication?: string | null;
    };
    readonly perSignature?: readonly {
      readonly level?: string | null;
      readonly indication?: string | null;
    }[];
  };
}

const entries: Entry[] = existsSync(MANIFEST)
  ? (JSON.parse(readFileSync(MANIFEST, 'utf8')).entries as Entry[]).filter((e) => e.format === 'pades')
  : [];

/** Our names for a DSS SignatureLevel (`PAdES_BASELINE_LT` → `PAdES-BASELINE-LT`, `PAdES_BES` → `PAdES-BES`). */
const ours = (level: string) => level.replace(/_/g, '-');

/** Why a report is what it is: its first check that did not pass (or the level's explanation). */
function reason(s: PadesSignatureReport): string {
  const bad = s.checks.find((c) => c.status === 'failed' || c.status === 'indeterminate');
  const level = s.checks.find((c) => c.id === 'pades.validationData' && c.status !== 'passed');
  const ts = s.timestamps.find((t) => t.indication !== 'TOTAL_PASSED');
  return [
    `${s.id} ${s.kind} ${s.format}${s.legacyFormat ? `/${s.legacyFormat}` : ''} ${s.indication}${s.subIndication ? `/${s.subIndication}` : ''}`,
    bad ? `${bad.id}: ${bad.message.slice(0, 160)}` : '',
    level ? `${level.id}: ${level.message.slice(0, 120)}` : '',
    ts ? `time-stamp ${ts.attribute}: ${ts.indication}/${ts.subIndication ?? ''}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * Every self-issued certificate the document carries (in its CMSs, their time-stamp tokens and its
 * /DSS): trusting them separates the level logic from trust, since DSS's levels are structural.
 */
async function carriedRoots(pdf: PdfDocument): Promise<TrustAnchor[]> {
  const certs: Certificate[] = [];
  const fromCms = (bytes: Uint8Array) => {
    try {
      const sd = parseSignedData(bytes);
      certs.push(...sd.certificates);
      for (const si of sd.signerInfos)
        for (const a of si.unsignedAttributes)
          if (a.type === CMS_OID.signatureTimeStampToken) for (const v of a.values) fromCms(tlvBytes(v));
    } catch (e) {
      if (!(e instanceof MutuaError)) throw e;
    }
  };
  for (const s of findSignatures(pdf)) if (s.cms) fromCms(s.cms);
  for (const d of await readDocumentSecurityStores(pdf)) certs.push(...d.certificates);
  return certs.filter((c) => c.selfIssued).map((c) => trustAnchorFromCertificate(c));
}

describe.skipIf(entries.length === 0)('verifyPades over the DSS corpus (../shared/corpus/dss)', () => {
  it('agrees with DSS on integrity, indication and level, and never crashes', async () => {
    const stats = {
      run: 0,
      refused: [] as string[],
      crashed: [] as string[],
      integrity: { n: 0, agree: 0, dangerous: 0, disagree: [] as string[] },
      indication: { n: 0, agree: 0, disagree: [] as string[] },
      level: { n: 0, agree: 0, disagree: [] as string[] },
      structural: { n: 0, agree: 0, disagree: [] as string[] },
      formats: new Map<string, number>(),
      indications: new Map<string, number>(),
    };
    for (const e of entries) {
      const file = `${CORPUS}${e.path}`;
      if (!existsSync(file)) continue;
      const anchors: TrustAnchor[] = (e.trustAnchors ?? []).map((p) =>
        trustAnchorFromCertificate(parseCertificate(new Uint8Array(readFileSync(`${CORPUS}${p}`)))),
      );
      let signatures: readonly PadesSignatureReport[];
      try {
        const report = await verifyPades(new Uint8Array(readFileSync(file)), {
          trustAnchors: anchors,
          crypto: nodeCryptoEngine,
          ...(e.validationTime ? { time: new Date(e.validationTime) } : {}),
        });
        signatures = report.signatures;
      } catch (err) {
        if (err instanceof PdfError) {
          stats.refused.push(`${e.path}: ${err.code} ${err.message}`);
          continue;
        }
        stats.crashed.push(`${e.path}: ${(err as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
        continue;
      }
      stats.run++;
      for (const s of signatures) {
        stats.formats.set(s.format, (stats.formats.get(s.format) ?? 0) + 1);
        const k = `${s.kind} ${s.indication}${s.subIndication ? `/${s.subIndication}` : ''}`;
        stats.indications.set(k, (stats.indications.get(k) ?? 0) + 1);
      }
      const sigs = signatures.filter((s) => s.kind === 'signature');
      const x = e.expected;
      const name = e.path.replace(/^pades\//, '');
      if (x?.basis === 'integrity' && (x.outcome === 'intact' || x.outcome === 'not-intact')) {
        stats.integrity.n++;
        const intact = sigs.every((s) => s.signatureIntact && s.referencesIntact) ? 'intact' : 'not-intact';
        if (intact === x.outcome) stats.integrity.agree++;
        else {
          if (x.outcome === 'not-intact') stats.integrity.dangerous++;
          stats.integrity.disagree.push(
            `${name}: DSS ${x.outcome}, ours ${intact} — ${sigs
              .filter((s) => !(s.signatureIntact && s.referencesIntact))
              .map(reason)
              .join(' | ')}`,
          );
        }
      }
      const indication = x?.summary?.indication ?? x?.perSignature?.find((p) => p.indication)?.indication;
      if (indication) {
        stats.indication.n++;
        if (sigs.length > 0 && sigs.some((s) => s.indication === indication)) stats.indication.agree++;
        else
          stats.indication.disagree.push(`${name}: DSS ${indication}, ours ${sigs.map(reason).join(' | ')}`);
      }
      const levels = [
        ...(x?.summary?.levels ?? []),
        ...(x?.perSignature ?? []).flatMap((p) => (p.level ? [p.level] : [])),
      ];
      const agrees = (list: readonly PadesSignatureReport[]) => {
        const have = new Set<string>(
          list.flatMap((s) => [s.format, ...(s.legacyFormat ? [s.legacyFormat] : [])]),
        );
        return levels.every((l) => have.has(ours(l)));
      };
      if (levels.length > 0) {
        stats.level.n++;
        if (agrees(sigs)) stats.level.agree++;
        else
          stats.level.disagree.push(
            `${name}: DSS ${[...new Set(levels)].join(', ')}, ours ${sigs.map(reason).join(' | ') || 'no signature'}`,
          );
        // Again, trusting every root the document carries: what is left is the level logic itself.
        const pdf = await readPdf(new Uint8Array(readFileSync(file)));
        const again = (
          await verifyPades(pdf, {
            trustAnchors: [...anchors, ...(await carriedRoots(pdf))],
            crypto: nodeCryptoEngine,
            ...(e.validationTime ? { time: new Date(e.validationTime) } : {}),
          })
        ).signatures.filter((s) => s.kind === 'signature');
        stats.structural.n++;
        if (agrees(again)) stats.structural.agree++;
        else
          stats.structural.disagree.push(
            `${name}: DSS ${[...new Set(levels)].join(', ')}, ours ${again.map(reason).join(' | ') || 'no signature'}`,
          );
      }
    }
    const lines = [
      `verifyPades over DSS PAdES: ${stats.run}/${entries.length} entries verified, ${stats.refused.length} refused by the reader, ${stats.crashed.length} crashed`,
      `  integrity (signature and byte ranges intact): ${stats.integrity.agree}/${stats.integrity.n} agree; labelled not-intact but intact here: ${stats.integrity.dangerous}`,
      ...stats.integrity.disagree.map((d) => `    ${d}`),
      `  indication: ${stats.indication.agree}/${stats.indication.n} agree`,
      ...stats.indication.disagree.map((d) => `    ${d}`),
      `  level: ${stats.level.agree}/${stats.level.n} agree`,
      ...stats.level.disagree.map((d) => `    ${d}`),
      `  level, trusting every root the document carries: ${stats.structural.agree}/${stats.structural.n} agree`,
      ...stats.structural.disagree.map((d) => `    ${d}`),
      `  formats: ${[...stats.formats].map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `  verdicts: ${[...stats.indications].map(([k, v]) => `${k} ${v}`).join(', ')}`,
      ...stats.refused.map((r) => `  refused: ${r}`),
      ...stats.crashed.map((r) => `  CRASHED: ${r}`),
    ];
    console.log(lines.join('\n'));
    expect(stats.crashed).toEqual([]);
    expect(stats.run).toBeGreaterThan(0);
  }, 600_000);
});

if (entries.length === 0) console.log(`corpus absent (${MANIFEST}): the verifyPades corpus test is skipped`);

const AR = fileURLToPath(
  new URL('../../../../shared/corpus/lac/ar/samples/docFirmado1.pdf', import.meta.url),
);

describe.skipIf(!existsSync(AR))('verifyPades on an Argentinian signed PDF (../shared/corpus/lac/ar)', () => {
  it('verifies it without trust anchors and says why it is not trusted', async () => {
    const report = await verifyPades(new Uint8Array(readFileSync(AR)), {
      trustAnchors: [],
      crypto: nodeCryptoEngine,
    });
    console.log(
      `docFirmado1.pdf: ${report.revisions.length} revisions; ${report.signatures.map(reason).join(' | ')}`,
    );
    expect(report.signatures.length).toBeGreaterThan(0);
    expect(report.signatures.every((s) => s.indication !== 'TOTAL_PASSED')).toBe(true);
  });
});
