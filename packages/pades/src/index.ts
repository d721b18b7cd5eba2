/**
 * @mutua/pades — PAdES (issue 6). What is here so far is the foundation the verifier stands on: a PDF
 * reader built for verification (`readPdf`: every incremental revision kept apart, classic and stream
 * cross-references, object streams, bounded decoding, repairs reported rather than made silently),
 * signature discovery with `/ByteRange` checked against the file (`findSignatures`), the signed byte
 * ranges as views ready for hashing (`signedRanges`, `signatureCoverage`), the CMS integrity of each
 * signature through @mutua/cades (`verifyPadesIntegrity`), and a small PDF writer (`createPdf`,
 * `appendRevision`). Runs in Node.js 20+ and browsers: nothing here imports a Node built-in.
 *
 * @packageDocumentation
 */

/**
 * The package version.
 *
 * @example
 * ```ts
 * import { VERSION } from '@mutua/pades';
 * VERSION; // '0.1.0'
 * ```
 */
export const VERSION = '0.1.0';

export * from './pdf/errors';
export * from './pdf/limits';
export * from './pdf/objects';
export type { XrefEntry, XrefSection } from './pdf/xref';
export type { PdfRevision } from './pdf/revisions';
export { PdfDocument, readPdf, type ReadPdfOptions } from './pdf/document';
export { formFields, type PdfField } from './pdf/fields';
export type { ByteRangeCheck, ByteRangeProblem } from './pdf/byte-range';
export { findSignatures, type PdfSignature } from './pdf/signatures';
export { signatureCoverage, signedRanges, type SignatureCoverage } from './pdf/ranges';
export { verifyPadesIntegrity, type PadesIntegrity, type PadesIntegrityOptions } from './integrity';
export { appendRevision, createPdf, type PdfObjectSource, type WritePdfOptions } from './write/pdf-writer';
