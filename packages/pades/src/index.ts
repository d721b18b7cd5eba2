/**
 * @mutua/pades — PAdES (issue 6). What is here so far is the foundation the verifier stands on: a PDF
 * reader built for verification (`readPdf`: every incremental revision kept apart, classic and stream
 * cross-references, object streams, bounded decoding, repairs reported rather than made silently),
 * signature discovery with `/ByteRange` checked against the file (`findSignatures`), the signed byte
 * ranges as views ready for hashing (`signedRanges`, `signatureCoverage`), the CMS integrity of each
 * signature through @mutua/cades (`verifyPadesIntegrity`), modification analysis between each signed
 * revision and the final document (`analyzeModifications`: the evidence of `collectModifications`, judged
 * by `judgeModifications` against the DocMDP level, the FieldMDP locks and a policy), and a small PDF
 * writer (`createPdf`, `appendRevision`). Runs in Node.js 20+ and browsers: nothing here imports a Node built-in.
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
export * from './modifications/types';
export { collectModifications, type CollectModificationsOptions } from './modifications/collect';
export { DEFAULT_MODIFICATION_POLICY, judgeModifications } from './modifications/judge';
export { analyzeModifications, type AnalyzeModificationsOptions } from './modifications/analyze';
export { appendRevision, createPdf, type PdfObjectSource, type WritePdfOptions } from './write/pdf-writer';
export {
  readDocumentSecurityStores,
  type DocumentSecurityStore,
  type PdfValidationData,
} from './verify/validation-data';
export { parsePdfDate, verifyPades } from './verify/verify';
export type {
  PadesClaims,
  PadesCoverage,
  PadesFormat,
  PadesLegacyFormat,
  PadesModifications,
  PadesRevisionReport,
  PadesSignatureReport,
  PadesTimestampReport,
  PadesVerification,
  VerifyPadesOptions,
} from './verify/types';
export { PadesSigningError, type PadesSigningErrorCode } from './sign/errors';
export { signPdf, type SignPdfOptions, type SignatureAppearance } from './sign/sign-pdf';
export { addDocumentTimestamp, type DocumentTimestampOptions } from './sign/timestamp';
export { addValidationData, type ValidationDataToAdd } from './sign/validation-data';
