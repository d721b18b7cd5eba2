/**
 * Bounds on everything a PDF's author controls. Each breach ends in a `PdfError` with its own code.
 *
 * @example
 * ```ts
 * import { DEFAULT_PDF_LIMITS, readPdf } from '@mutua/pades';
 * DEFAULT_PDF_LIMITS.maxDepth; // 64
 * const tight = { ...DEFAULT_PDF_LIMITS, maxDecodedStreamBytes: 1024 };
 * tight.maxDecodedStreamBytes; // 1024
 * typeof readPdf; // 'function'
 * ```
 */
export interface PdfLimits {
  /** Largest file accepted, in bytes (`TOO_LARGE`). */
  readonly maxFileBytes: number;
  /** Most cross-reference sections followed through `/Prev` (`TOO_MANY_REVISIONS`). */
  readonly maxXrefSections: number;
  /** Most cross-reference entries over all sections, and objects in one object stream (`TOO_MANY_OBJECTS`). */
  readonly maxObjects: number;
  /** Deepest nesting of arrays and dictionaries, and longest chain of references followed (`TOO_DEEP`). */
  readonly maxDepth: number;
  /** Largest decoded size of one stream (`DECOMPRESSION_BOMB`). */
  readonly maxDecodedStreamBytes: number;
  /** Largest decoded-to-encoded ratio of a stream once it exceeds 1 MiB decoded (`DECOMPRESSION_BOMB`). */
  readonly maxDecompressionRatio: number;
  /** Largest decoded size of all object and cross-reference streams read together (`DECOMPRESSION_BOMB`). */
  readonly maxTotalDecodedBytes: number;
  /** Most form fields walked in the AcroForm tree (`TOO_MANY_OBJECTS`). */
  readonly maxFields: number;
}

/**
 * The limits used when none are given: generous for real documents, small enough for a browser tab.
 *
 * @example
 * ```ts
 * import { DEFAULT_PDF_LIMITS } from '@mutua/pades';
 * DEFAULT_PDF_LIMITS.maxXrefSections; // 4096
 * ```
 */
export const DEFAULT_PDF_LIMITS: PdfLimits = {
  maxFileBytes: 1024 * 1024 * 1024,
  maxXrefSections: 4096,
  maxObjects: 4_000_000,
  maxDepth: 64,
  maxDecodedStreamBytes: 256 * 1024 * 1024,
  maxDecompressionRatio: 1000,
  maxTotalDecodedBytes: 512 * 1024 * 1024,
  maxFields: 100_000,
};
