import { Indication, type SubIndication } from './indication';

/** How a failed check weighs on the verdict, as a validation policy sets it (DSS's FAIL/WARN/INFORM/IGNORE). */
export type CheckLevel = 'fail' | 'warn' | 'inform' | 'ignore';

/** The status of one check in a report. */
export type CheckStatus = 'passed' | 'failed' | 'warning' | 'info' | 'indeterminate' | 'skipped';

/**
 * One named check, as reported. `id` is stable (documented in docs/checks.md) and is what a validation
 * policy refers to. `certificate` is the position in the path (0 = trust anchor side, as in RFC 5280 §6.1).
 */
export interface CheckResult {
  readonly id: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly certificate?: number;
  /** The sub-indication a failure of this check produces. */
  readonly subIndication?: SubIndication;
}

/** Sub-indications that make a verdict TOTAL_FAILED (EN 319 102-1 Table 5); the others are INDETERMINATE. */
const FAILED_SUBINDICATIONS: ReadonlySet<string> = new Set([
  'FORMAT_FAILURE',
  'HASH_FAILURE',
  'SIG_CRYPTO_FAILURE',
]);

/**
 * The verdict of a signature's own checks (before its certificate path): PASSED when none failed or is
 * indeterminate; else the failing check whose sub-indication comes first in `priority` (the order of the
 * building blocks of EN 319 102-1 §5.2: format, cryptographic verification, signing certificate…) decides,
 * TOTAL_FAILED for FORMAT_FAILURE / HASH_FAILURE / SIG_CRYPTO_FAILURE, INDETERMINATE otherwise.
 *
 * @example
 * ```ts
 * import { decideChecks } from '@mutua/core';
 * const checks = [
 *   { id: 'a', status: 'indeterminate' as const, message: '', subIndication: 'NO_SIGNING_CERTIFICATE_FOUND' as const },
 *   { id: 'b', status: 'failed' as const, message: '', subIndication: 'HASH_FAILURE' as const },
 * ];
 * decideChecks(checks, ['HASH_FAILURE', 'NO_SIGNING_CERTIFICATE_FOUND']); // { indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' }
 * decideChecks([], []); // { indication: 'TOTAL_PASSED' }
 * ```
 */
export function decideChecks(
  checks: readonly CheckResult[],
  priority: readonly SubIndication[],
): { indication: Indication; subIndication?: SubIndication } {
  const bad = checks.filter(
    (c) => (c.status === 'failed' || c.status === 'indeterminate') && c.subIndication,
  );
  if (bad.length === 0) return { indication: Indication.TOTAL_PASSED };
  const rank = (s: SubIndication) => {
    const i = priority.indexOf(s);
    return i < 0 ? priority.length : i;
  };
  const sub = [...bad].sort((a, b) => rank(a.subIndication!) - rank(b.subIndication!))[0]!.subIndication!;
  return {
    indication: FAILED_SUBINDICATIONS.has(sub) ? Indication.TOTAL_FAILED : Indication.INDETERMINATE,
    subIndication: sub,
  };
}
