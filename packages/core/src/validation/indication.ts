/**
 * The validation vocabulary of ETSI EN 319 102-1 (§5.1.3, Table 5), shared by every Mutua format.
 *
 * - `TOTAL_PASSED`: every check passed under the validation policy.
 * - `TOTAL_FAILED`: the signature or certificate is proven bad (wrong hash, bad signature, revoked
 *   before the relevant time, malformed).
 * - `INDETERMINATE`: the evidence does not allow either conclusion (no chain to a trust anchor, no
 *   revocation data, an expired certificate without proof of existence, …). Missing evidence is never
 *   PASSED.
 */
export const Indication = {
  TOTAL_PASSED: 'TOTAL_PASSED',
  TOTAL_FAILED: 'TOTAL_FAILED',
  INDETERMINATE: 'INDETERMINATE',
} as const;

/** One of the three main indications. */
export type Indication = (typeof Indication)[keyof typeof Indication];

/** Sub-indications of EN 319 102-1 Table 5, by the main indication they go with. */
export const SubIndication = {
  // TOTAL_FAILED
  FORMAT_FAILURE: 'FORMAT_FAILURE',
  HASH_FAILURE: 'HASH_FAILURE',
  SIG_CRYPTO_FAILURE: 'SIG_CRYPTO_FAILURE',
  REVOKED: 'REVOKED',
  EXPIRED: 'EXPIRED',
  NOT_YET_VALID: 'NOT_YET_VALID',
  // INDETERMINATE
  SIG_CONSTRAINTS_FAILURE: 'SIG_CONSTRAINTS_FAILURE',
  CHAIN_CONSTRAINTS_FAILURE: 'CHAIN_CONSTRAINTS_FAILURE',
  CERTIFICATE_CHAIN_GENERAL_FAILURE: 'CERTIFICATE_CHAIN_GENERAL_FAILURE',
  CRYPTO_CONSTRAINTS_FAILURE: 'CRYPTO_CONSTRAINTS_FAILURE',
  POLICY_PROCESSING_ERROR: 'POLICY_PROCESSING_ERROR',
  SIGNATURE_POLICY_NOT_AVAILABLE: 'SIGNATURE_POLICY_NOT_AVAILABLE',
  TIMESTAMP_ORDER_FAILURE: 'TIMESTAMP_ORDER_FAILURE',
  NO_SIGNING_CERTIFICATE_FOUND: 'NO_SIGNING_CERTIFICATE_FOUND',
  NO_CERTIFICATE_CHAIN_FOUND: 'NO_CERTIFICATE_CHAIN_FOUND',
  /** A path exists, to a trust anchor that is not trusted at the validation time (its trust ended): a proof of existence from while it was can rescue it. */
  NO_CERTIFICATE_CHAIN_FOUND_NO_POE: 'NO_CERTIFICATE_CHAIN_FOUND_NO_POE',
  REVOKED_NO_POE: 'REVOKED_NO_POE',
  REVOKED_CA_NO_POE: 'REVOKED_CA_NO_POE',
  OUT_OF_BOUNDS_NO_POE: 'OUT_OF_BOUNDS_NO_POE',
  OUT_OF_BOUNDS_NOT_REVOKED: 'OUT_OF_BOUNDS_NOT_REVOKED',
  REVOCATION_OUT_OF_BOUNDS_NO_POE: 'REVOCATION_OUT_OF_BOUNDS_NO_POE',
  CRYPTO_CONSTRAINTS_FAILURE_NO_POE: 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
  NO_POE: 'NO_POE',
  TRY_LATER: 'TRY_LATER',
  SIGNED_DATA_NOT_FOUND: 'SIGNED_DATA_NOT_FOUND',
  CUSTOM: 'CUSTOM',
} as const;

/** One sub-indication. */
export type SubIndication = (typeof SubIndication)[keyof typeof SubIndication];

/** The sub-indications that EN 319 102-1 allows with TOTAL_FAILED. */
export const FAILED_SUB_INDICATIONS: ReadonlySet<SubIndication> = new Set([
  SubIndication.FORMAT_FAILURE,
  SubIndication.HASH_FAILURE,
  SubIndication.SIG_CRYPTO_FAILURE,
  SubIndication.REVOKED,
  SubIndication.EXPIRED,
  SubIndication.NOT_YET_VALID,
]);

/** The main indication a sub-indication belongs to.
 * @example
 * ```ts
 * import { indicationOf } from '@mutua/core';
 * indicationOf('HASH_FAILURE'); // 'TOTAL_FAILED'
 * indicationOf('TRY_LATER'); // 'INDETERMINATE'
 * ```
 */
export function indicationOf(sub: SubIndication): Indication {
  return FAILED_SUB_INDICATIONS.has(sub) ? Indication.TOTAL_FAILED : Indication.INDETERMINATE;
}
