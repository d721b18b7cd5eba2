import type { SubIndication } from './indication';

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
