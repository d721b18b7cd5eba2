import { MutuaError } from '@mutua/core';

/**
 * The machine-readable reasons a PDF is refused. Problems a viewer would silently repair but that do not
 * stop a signature from being judged are not errors: they are listed in `PdfDocument.problems`.
 *
 * @example
 * ```ts
 * import { PdfError, type PdfErrorCode, readPdf } from '@mutua/pades';
 * let code: PdfErrorCode | undefined;
 * try {
 *   await readPdf(new TextEncoder().encode('not a pdf'));
 * } catch (e) {
 *   if (e instanceof PdfError) code = e.code;
 * }
 * code; // 'MALFORMED'
 * ```
 */
export type PdfErrorCode =
  | 'MALFORMED'
  | 'BROKEN_XREF'
  | 'XREF_LOOP'
  | 'TOO_LARGE'
  | 'TOO_DEEP'
  | 'TOO_MANY_OBJECTS'
  | 'TOO_MANY_REVISIONS'
  | 'DECOMPRESSION_BOMB'
  | 'UNSUPPORTED_FILTER'
  | 'ENCRYPTED';

/**
 * A PDF (or a part of one that was asked for) that Mutua cannot read without guessing: not a PDF, a
 * cross-reference chain that loops or points nowhere, a limit exceeded, a stream that inflates beyond
 * its bounds, a filter we do not decode, or encrypted content. `code` says which.
 *
 * @example
 * ```ts
 * import { PdfError, readPdf } from '@mutua/pades';
 * let error: unknown;
 * try {
 *   await readPdf(new TextEncoder().encode('%PDF-1.7\n'));
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof PdfError; // true
 * ```
 */
export class PdfError extends MutuaError {
  /** Why the PDF was refused. */
  declare readonly code: PdfErrorCode;
  // biome-ignore lint/complexity/noUselessConstructor: it narrows `code` to PdfErrorCode for callers.
  constructor(code: PdfErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * Something in the file a lenient viewer would repair or ignore, reported instead of thrown because the
 * signatures can still be judged (a wrong stream `/Length`, an object number that does not match its
 * cross-reference entry, bytes after the last `%%EOF`…). `offset` is the byte where it was seen.
 *
 * @example
 * ```ts
 * import type { PdfProblem } from '@mutua/pades';
 * const p: PdfProblem = { code: 'TRAILING_BYTES', message: '12 bytes after the last %%EOF', offset: 900 };
 * p.code; // 'TRAILING_BYTES'
 * ```
 */
export interface PdfProblem {
  readonly code: string;
  readonly message: string;
  readonly offset?: number;
}
