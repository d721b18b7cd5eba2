import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type ParsedArgs, UsageError, one } from '../args';
import { type DssEntry, runDss } from '../conformance/dss';
import { runLac } from '../conformance/lac';
import { type PkitsCase, runPkits } from '../conformance/pkits';
import { type TrustedListEntry, runTrustedLists } from '../conformance/trusted-lists';
import type { ConformanceReport } from '../conformance/types';
import type { Io } from '../io';
import { JSON_SCHEMAS } from '../report';

/** Options of `mutua conformance` that take a value. */
export const CONFORMANCE_VALUED = ['json', 'format', 'known-disagreements'];

/**
 * Recognises a manifest's suite by its shape (never by its file name).
 *
 * @example
 * ```ts
 * // runManifest is internal (not exported by the package); it recognises a manifest by its shape:
 * import { run } from '@mutua/cli';
 * const err: string[] = [];
 * const io = { out: () => {}, err: (t: string) => err.push(t) };
 * await run(['conformance', 'package.json'], io); // 2 (not a manifest)
 * err[0]?.includes('not a manifest in a format Mutua knows'); // true
 * ```
 */
export async function runManifest(path: string): Promise<ConformanceReport> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    if (e instanceof SyntaxError) throw new UsageError(`${path}: not a JSON manifest (${e.message})`);
    throw e;
  }
  if (Array.isArray(data) && data.every((c) => typeof c === 'object' && c && 'cert' in c && 'id' in c)) {
    return runPkits(path, data as PkitsCase[]);
  }
  if (Array.isArray(data) && data.every((c) => typeof c === 'object' && c && 'kind' in c && 'id' in c)) {
    return runTrustedLists(path, data as TrustedListEntry[]);
  }
  if (
    data &&
    typeof data === 'object' &&
    'files' in data &&
    Array.isArray((data as { files: unknown }).files)
  ) {
    return await runLac(path, (data as { files: Parameters<typeof runLac>[1] }).files);
  }
  if (
    data &&
    typeof data === 'object' &&
    'entries' in data &&
    Array.isArray((data as { entries: unknown }).entries)
  ) {
    return runDss(path, (data as { entries: DssEntry[] }).entries);
  }
  throw new UsageError(`${path}: not a manifest in a format Mutua knows (see ../shared/corpus/README.md)`);
}

/**
 * Human-readable summary, listing every disagreement.
 *
 * @example
 * ```ts
 * // conformanceText is internal (not exported by the package); it is what `mutua conformance` prints.
 * // With the LAC corpus of ../shared/corpus (when it is not there, the run is skipped with exit code 0):
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * const io = { out: (t: string) => out.push(t), err: () => {} };
 * await run(['conformance', '../shared/corpus/lac/manifest.json'], io); // 0
 * // out: ['Suite lac: 553 entries: 379 agreed, 0 disagreed, 174 not run\n  not run (104): …']
 * ```
 */
export function conformanceText(r: ConformanceReport, known: Record<string, string> = {}): string {
  const lines = [
    `Suite ${r.suite}: ${r.total} entries: ${r.agreed} agreed, ${r.disagreed} disagreed, ${r.notRun} not run`,
  ];
  for (const e of r.entries) {
    if (e.status !== 'disagreed') continue;
    lines.push(
      `  DISAGREE ${e.id}: ${e.reason}${e.id in known ? `\n           known, explained: ${known[e.id]}` : ''}`,
    );
  }
  for (const id of Object.keys(known)) {
    const e = r.entries.find((x) => x.id === id);
    if (e && e.status === 'agreed')
      lines.push(`  note: ${id} is listed as a known disagreement but now agrees: remove it`);
  }
  const notRunReasons = new Map<string, number>();
  for (const e of r.entries)
    if (e.status === 'not-run') notRunReasons.set(e.reason, (notRunReasons.get(e.reason) ?? 0) + 1);
  for (const [reason, count] of notRunReasons) lines.push(`  not run (${count}): ${reason}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `mutua conformance <manifest.json> [--json OUT]`: runs a corpus manifest and reports agreement.
 * Exits 0 when nothing disagrees (not-run entries are reported, not failed), 1 otherwise.
 *
 * @example
 * ```ts
 * // conformanceCommand is internal (not exported by the package): it is `mutua conformance`.
 * import { run } from '@mutua/cli';
 * const io = { out: () => {}, err: () => {} };
 * await run(['conformance', 'no-such-manifest.json'], io); // 0 (skipped, with a note on stderr)
 * await run(['conformance'], io); // 2 (no manifest given)
 * ```
 */
export async function conformanceCommand(args: ParsedArgs, io: Io): Promise<number> {
  const path = args.positional[0];
  if (!path) throw new UsageError('mutua conformance: missing the manifest path');
  if (!existsSync(path)) {
    io.err(`mutua conformance: ${path} does not exist; skipping (the corpus lives in ../shared/corpus)`);
    return 0;
  }
  const report = await runManifest(path);
  const knownFile = one(args, 'known-disagreements');
  const known: Record<string, string> = knownFile ? JSON.parse(readFileSync(knownFile, 'utf8')) : {};
  const json = one(args, 'json');
  if (json)
    writeFileSync(json, `${JSON.stringify({ schema: JSON_SCHEMAS.conformance, ...report }, null, 2)}\n`);
  if (one(args, 'format') === 'json')
    io.out(JSON.stringify({ schema: JSON_SCHEMAS.conformance, ...report }, null, 2));
  else io.out(conformanceText(report, known));
  // Known disagreements are still disagreements (counted and listed); only new ones fail the run.
  const unexplained = report.entries.filter(
    (e) => e.status === 'disagreed' && (e.critical || !(e.id in known)),
  );
  return unexplained.length === 0 ? 0 : 1;
}
