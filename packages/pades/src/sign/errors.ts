import { MutuaError } from '@mutua/core';

/**
 * Why a PDF could not be signed or time-stamped as asked.
 *
 * @example
 * ```ts
 * import type { PadesSigningErrorCode } from '@mutua/pades';
 * const code: PadesSigningErrorCode = 'CONTENTS_TOO_SMALL';
 * code; // 'CONTENTS_TOO_SMALL'
 * ```
 */
export type PadesSigningErrorCode =
  /** The CMS or time-stamp token is larger than the reserved `/Contents`: see `needed`. */
  | 'CONTENTS_TOO_SMALL'
  /** The document is encrypted: Mutua does not write encrypted updates. */
  | 'ENCRYPTED'
  /** A certification (DocMDP) signature was asked for a document that already has a signature. */
  | 'CERTIFICATION_NOT_FIRST'
  /** The document is certified with DocMDP `/P 1`: no signature may be added. */
  | 'DOCUMENT_LOCKED'
  /** A field of that name exists already and is not an empty signature field that could be signed. */
  | 'FIELD_EXISTS'
  /** No page with that index, or a page tree that cannot be walked. */
  | 'BAD_PAGE'
  /** Options that do not fit together (a bad rectangle, a `/Contents` size out of bounds…). */
  | 'BAD_OPTIONS'
  /** The time-stamp callback returned something that is not a token over the imprint it was given. */
  | 'BAD_TIMESTAMP'
  /** The document's catalog, page or form could not be read well enough to update it. */
  | 'MALFORMED';

/**
 * A PDF that cannot be signed (or time-stamped) as asked. `code` says why; for
 * `CONTENTS_TOO_SMALL`, `needed` is the size of the CMS in bytes, so a second attempt can reserve
 * enough with `contentsSize`.
 *
 * @example
 * ```ts
 * import { PadesSigningError, createPdf, signPdf } from '@mutua/pades';
 * let error: unknown;
 * try {
 *   await signPdf(await createPdf(), { certificate: leaf.der, key: leaf.key.privateKey, contentsSize: 100 });
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof PadesSigningError && error.code; // 'CONTENTS_TOO_SMALL'
 * error instanceof PadesSigningError && error.needed! > 100; // true
 * ```
 */
export class PadesSigningError extends MutuaError {
  /** Why. */
  declare readonly code: PadesSigningErrorCode;
  /** For `CONTENTS_TOO_SMALL`: the bytes the CMS (or token) needs. */
  readonly needed?: number;
  constructor(code: PadesSigningErrorCode, message: string, options?: { cause?: unknown; needed?: number }) {
    super(code, message, options);
    if (options?.needed !== undefined) this.needed = options.needed;
  }
}
