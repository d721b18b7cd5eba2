/** One entry's outcome in a conformance run. */
export interface ConformanceEntry {
  readonly id: string;
  readonly status: 'agreed' | 'disagreed' | 'not-run';
  readonly expected: unknown;
  readonly actual: unknown;
  readonly reason: string;
  /**
   * A disagreement that no baseline may excuse: we reported valid or intact what the reference says is
   * broken (the worst bug a validator can have).
   */
  readonly critical?: boolean;
}

/** A conformance run's result; written by `--json` as schema `mutua.cli.conformance/1`. */
export interface ConformanceReport {
  readonly suite: string;
  readonly total: number;
  readonly agreed: number;
  readonly disagreed: number;
  readonly notRun: number;
  readonly entries: readonly ConformanceEntry[];
  /** Extra observations for the run (policy deviations, counts by label). */
  readonly notes: readonly string[];
}

/**
 * Builds a report from entries.
 *
 * @example
 * ```ts
 * // makeReport is internal (not exported by the package); its counts are those of `--format json`:
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * const manifest = '../shared/corpus/pkits/pkits-user-notice.json';
 * await run(['conformance', manifest, '--format', 'json'], { out: (t) => out.push(t), err: () => {} }); // 0
 * // out: '{ "schema": "mutua.cli.conformance/1", "suite": "pkits-user-notice", "total": 10, "agreed": 10, … }'
 * ```
 */
export function makeReport(
  suite: string,
  entries: ConformanceEntry[],
  notes: string[] = [],
): ConformanceReport {
  return {
    suite,
    total: entries.length,
    agreed: entries.filter((e) => e.status === 'agreed').length,
    disagreed: entries.filter((e) => e.status === 'disagreed').length,
    notRun: entries.filter((e) => e.status === 'not-run').length,
    entries,
    notes,
  };
}
