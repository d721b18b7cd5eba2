import { MutuaError } from '../errors';

/**
 * Why a ZIP archive or one of its entries was refused:
 * - `NOT_A_ZIP`: no End of Central Directory record where one must be (empty input, trailing data, not a ZIP);
 * - `TRUNCATED`: a record or an entry's data runs past the end of the input;
 * - `MALFORMED`: a record is inconsistent (counts, offsets, the central directory not where the EOCD says);
 * - `ZIP64_UNSUPPORTED`, `MULTI_DISK`, `ENCRYPTED`, `UNSUPPORTED_METHOD`: features this reader refuses
 *   (only stored and deflated entries of a single-file, non-ZIP64, unencrypted archive are read);
 * - `UNSAFE_NAME`: an absolute path, a drive letter, a `..` segment, a backslash or a control character;
 * - `DUPLICATE_NAME`: an entry asked for by a name that two entries share (see `duplicateNames`);
 * - `TOO_MANY_ENTRIES`, `ENTRY_TOO_LARGE`, `TOTAL_TOO_LARGE`, `COMPRESSION_RATIO`: a limit of
 *   {@link ZipLimits} was passed (zip bombs);
 * - `LOCAL_HEADER_MISMATCH`: a local header disagrees with the central directory (name, method, flags,
 *   CRC or sizes): two readers could see two different archives;
 * - `OVERLAPPING_ENTRIES`: two entries share bytes (or an entry overlaps the central directory);
 * - `CRC_MISMATCH`, `SIZE_MISMATCH`, `CORRUPT_DATA`: the entry's data is not what its headers announce.
 *
 * @example
 * ```ts
 * import type { ZipErrorCode } from '@mutua/core';
 * const code: ZipErrorCode = 'LOCAL_HEADER_MISMATCH';
 * code; // 'LOCAL_HEADER_MISMATCH'
 * ```
 */
export type ZipErrorCode =
  | 'NOT_A_ZIP'
  | 'TRUNCATED'
  | 'MALFORMED'
  | 'ZIP64_UNSUPPORTED'
  | 'MULTI_DISK'
  | 'ENCRYPTED'
  | 'UNSUPPORTED_METHOD'
  | 'UNSAFE_NAME'
  | 'DUPLICATE_NAME'
  | 'TOO_MANY_ENTRIES'
  | 'ENTRY_TOO_LARGE'
  | 'TOTAL_TOO_LARGE'
  | 'COMPRESSION_RATIO'
  | 'LOCAL_HEADER_MISMATCH'
  | 'OVERLAPPING_ENTRIES'
  | 'CRC_MISMATCH'
  | 'SIZE_MISMATCH'
  | 'CORRUPT_DATA';

/**
 * A ZIP archive (or one entry of it) was refused; `code` says why (see {@link ZipErrorCode}) and
 * `entry`, when set, names the entry.
 *
 * @example
 * ```ts
 * import { ZipError, readZip } from '@mutua/core';
 * let error: unknown;
 * try {
 *   readZip(new TextEncoder().encode('not a zip at all'));
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof ZipError; // true
 * (error as ZipError).code; // 'NOT_A_ZIP'
 * ```
 */
export class ZipError extends MutuaError {
  /** Why the archive or entry was refused. */
  declare readonly code: ZipErrorCode;
  /** The entry concerned, when the error is about one. */
  readonly entry?: string;
  constructor(code: ZipErrorCode, message: string, options?: { cause?: unknown; entry?: string }) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.entry !== undefined) this.entry = options.entry;
  }
}
