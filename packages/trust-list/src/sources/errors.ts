import { MutuaError } from '@mutua/core';

/**
 * Why a whole trust source was refused (a bad certificate inside one is a problem, never an error):
 * - `DIGEST_MISMATCH`: the input's SHA-512 is not the one the publisher announced;
 * - `BAD_DIGEST_FILE`: the announced digest file holds no SHA-512;
 * - `BAD_ARCHIVE`: the ZIP archive was refused by `readZip` (its `ZipError` is the `cause`).
 *
 * @example
 * ```ts
 * import type { TrustSourceErrorCode } from '@mutua/trust-list';
 * const code: TrustSourceErrorCode = 'DIGEST_MISMATCH';
 * code; // 'DIGEST_MISMATCH'
 * ```
 */
export type TrustSourceErrorCode = 'DIGEST_MISMATCH' | 'BAD_DIGEST_FILE' | 'BAD_ARCHIVE';

/**
 * A trust source was refused as a whole (see {@link TrustSourceErrorCode}).
 *
 * @example
 * ```ts
 * import { TrustSourceError, loadIcpBrasilBundle } from '@mutua/trust-list';
 * const error = await loadIcpBrasilBundle(new Uint8Array(10)).catch((e: unknown) => e);
 * error instanceof TrustSourceError; // true
 * (error as TrustSourceError).code; // 'BAD_ARCHIVE'
 * ```
 */
export class TrustSourceError extends MutuaError {
  /** Why the source was refused. */
  declare readonly code: TrustSourceErrorCode;
  // biome-ignore lint/complexity/noUselessConstructor: it narrows `code` to TrustSourceErrorCode for callers.
  constructor(code: TrustSourceErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
