import type { CheckResult } from './check';
import { Indication, SubIndication } from './indication';

/**
 * Basic-validation sub-indications a proof of existence can overcome (EN 319 102-1 §5.5.4, §5.6.3): the
 * certificate expired or was revoked after the signature existed, its revocation data is no longer fresh,
 * its algorithms became weak, or the trust anchor its path ends at stopped being trusted (a trusted-list
 * service withdrawn since).
 */
export const POE_RECOVERABLE: ReadonlySet<SubIndication> = new Set([
  SubIndication.NO_CERTIFICATE_CHAIN_FOUND_NO_POE,
  SubIndication.OUT_OF_BOUNDS_NO_POE,
  SubIndication.OUT_OF_BOUNDS_NOT_REVOKED,
  SubIndication.REVOKED_NO_POE,
  SubIndication.REVOKED_CA_NO_POE,
  SubIndication.REVOCATION_OUT_OF_BOUNDS_NO_POE,
  SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
  SubIndication.TRY_LATER,
]);

/** The part of a basic signature validation result that validation with time looks at. */
export interface BasicValidationOutcome {
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  /** The signature value and the signed data are intact (a broken signature is never rescued). */
  readonly signatureIntact: boolean;
  /** Its checks, for the reason a past validation failed. */
  readonly checks?: readonly CheckResult[];
}

/** Inputs of {@link validateWithTime}. */
export interface ValidationWithTimeInput<R extends BasicValidationOutcome> {
  /** The basic signature validation, at the validation time. */
  readonly basic: R;
  /** The validation time the basic validation ran at. */
  readonly validationTime: Date;
  /** The earliest time a proving time-stamp over the signature value shows it existed, if any. */
  readonly bestSignatureTime: Date | undefined;
  /** The signing certificate's notBefore, when it was found. */
  readonly signerNotBefore: Date | undefined;
  /** Runs the basic validation again at a past time, with past certificate validation (`pastValidation`). */
  readonly revalidate: (at: Date) => Promise<R>;
  /** The prefix of the check ids (`cades`, `xades`, `pades`). */
  readonly checkPrefix: string;
}

/** The outcome of {@link validateWithTime}. */
export interface ValidationWithTimeOutcome<R extends BasicValidationOutcome> {
  /** The basic result, or the past validation's when that one passed. */
  readonly result: R;
  /**
   * `<prefix>.bestSignatureTime` (failed, NOT_YET_VALID: the signature predates its certificate) and
   * `<prefix>.pastSignatureValidation`, when they apply.
   */
  readonly checks: readonly CheckResult[];
  /** Set when the signature must be TOTAL_FAILED whatever else passed (it predates its certificate). */
  readonly failure?: { readonly indication: Indication; readonly subIndication: SubIndication };
}

/**
 * Validation with time (EN 319 102-1 §5.5) and the past signature validation of the long-term process
 * (§5.6.2.4), shared by every signature format: when the basic validation is INDETERMINATE only for lack of
 * a proof of existence (see {@link POE_RECOVERABLE}) and a time-stamp proves the signature existed at the
 * best-signature-time, the basic validation runs again at that time, where revocation data issued later
 * proves the status and a revocation dated after it does not count. A best-signature-time before the
 * signing certificate existed is TOTAL_FAILED/NOT_YET_VALID. Evidence gathering (which time-stamps prove
 * what) is the caller's; this function only judges.
 *
 * @example
 * ```ts
 * import { type BasicValidationOutcome, Indication, SubIndication, validateWithTime } from '@mutua/core';
 * const expired: BasicValidationOutcome = {
 *   indication: Indication.INDETERMINATE, subIndication: SubIndication.OUT_OF_BOUNDS_NO_POE, signatureIntact: true,
 * };
 * const out = await validateWithTime({
 *   basic: expired,
 *   validationTime: new Date('2030-01-01T00:00:00Z'),
 *   bestSignatureTime: new Date('2025-06-01T00:00:00Z'),
 *   signerNotBefore: new Date('2025-01-01T00:00:00Z'),
 *   revalidate: async () => ({ indication: Indication.TOTAL_PASSED, signatureIntact: true }),
 *   checkPrefix: 'cades',
 * });
 * out.result.indication; // 'TOTAL_PASSED'
 * out.checks[0]?.id; // 'cades.pastSignatureValidation'
 * ```
 */
export async function validateWithTime<R extends BasicValidationOutcome>(
  input: ValidationWithTimeInput<R>,
): Promise<ValidationWithTimeOutcome<R>> {
  const { basic, bestSignatureTime: best, validationTime: now, checkPrefix } = input;
  const sub = basic.subIndication;
  // §5.5.4: a signature cannot predate its signing certificate.
  if (best && input.signerNotBefore && best < input.signerNotBefore) {
    const check: CheckResult = {
      id: `${checkPrefix}.bestSignatureTime`,
      status: 'failed',
      message: `the signature existed at ${best.toISOString()} (best-signature-time), before its certificate was issued (${input.signerNotBefore.toISOString()})`,
      subIndication: SubIndication.NOT_YET_VALID,
    };
    return {
      result: basic,
      checks: [check],
      failure: { indication: Indication.TOTAL_FAILED, subIndication: SubIndication.NOT_YET_VALID },
    };
  }
  if (
    basic.indication !== Indication.INDETERMINATE ||
    !sub ||
    !POE_RECOVERABLE.has(sub) ||
    !basic.signatureIntact
  )
    return { result: basic, checks: [] };
  const id = `${checkPrefix}.pastSignatureValidation`;
  if (!best || best >= now)
    return {
      result: basic,
      checks: [
        {
          id,
          status: 'indeterminate',
          message: `not valid at ${now.toISOString()} (${sub}), and no time-stamp proves the signature existed earlier`,
          subIndication: sub,
        },
      ],
    };
  const past = await input.revalidate(best);
  if (past.indication === Indication.TOTAL_PASSED)
    return {
      result: past,
      checks: [
        {
          id,
          status: 'passed',
          message: `not valid at ${now.toISOString()} (${sub}), but the signature existed at ${best.toISOString()} (best-signature-time, from its time-stamps) and the signer's certificate validates at that time`,
        },
      ],
    };
  const why = past.checks?.find((c) => c.status === 'failed' || c.status === 'indeterminate');
  return {
    result: basic,
    checks: [
      {
        id,
        status: 'indeterminate',
        message: `not valid at ${now.toISOString()} (${sub}), nor at the best-signature-time ${best.toISOString()} (${past.subIndication ?? past.indication}${why ? `: ${why.message}` : ''})`,
        subIndication: sub,
      },
    ],
  };
}
