import { MutuaError } from '@mutua/core';

/**
 * Why `parseTrustedList` refused its input: `NOT_XML` (not well-formed XML, empty, a DOCTYPE, over a
 * limit) or `NOT_A_TRUSTED_LIST` (well-formed XML whose root is not a TS 119 612 TrustServiceStatusList).
 * Anything else wrong with a list is a structure message, never an exception.
 *
 * @example
 * ```ts
 * import type { TrustedListErrorCode } from '@mutua/trust-list';
 * const code: TrustedListErrorCode = 'NOT_A_TRUSTED_LIST';
 * code; // 'NOT_A_TRUSTED_LIST'
 * ```
 */
export type TrustedListErrorCode = 'NOT_XML' | 'NOT_A_TRUSTED_LIST';

/**
 * The input is not a trusted list at all (see {@link TrustedListErrorCode}); the XML parser's error, if
 * any, is the `cause`.
 *
 * @example
 * ```ts
 * import { TrustedListError, parseTrustedList } from '@mutua/trust-list';
 * let error: unknown;
 * try {
 *   parseTrustedList('<hello>world</hello>');
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof TrustedListError; // true
 * (error as TrustedListError).code; // 'NOT_A_TRUSTED_LIST'
 * ```
 */
export class TrustedListError extends MutuaError {
  /** Why the input was refused. */
  declare readonly code: TrustedListErrorCode;
  // biome-ignore lint/complexity/noUselessConstructor: it narrows `code` to TrustedListErrorCode for callers.
  constructor(code: TrustedListErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
