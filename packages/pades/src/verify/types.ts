/**
 * The report of `verifyPades`: the vocabulary of the CAdES and XAdES reports (EN 319 102-1 indications,
 * named checks, levels, signer, best-signature-time, time-stamps), plus what only a PDF has: coverage of
 * the revisions, modification analysis and the signed dictionary's claims.
 */
import type { CadesSignatureReport, SignerSummary, TimestampReport } from '@mutua/cades';
import type {
  Certificate,
  CertificateList,
  CheckResult,
  CryptoEngine,
  Indication,
  OcspResponse,
  SubIndication,
  TrustAnchor,
  ValidationPolicy,
} from '@mutua/core';
import type { PolicyStore } from '@mutua/cades';
import type { PdfProblem } from '../pdf/errors';
import type { ReadPdfOptions } from '../pdf/document';
import type {
  ModificationFinding,
  ModificationJudgement,
  ModificationLimits,
  ModificationPolicy,
} from '../modifications/types';

/**
 * The level of a PDF signature. EN 319 142-1 baseline levels for `ETSI.CAdES.detached` (and the
 * ICP-Brasil `PBAD.PAdES`) signatures; `PKCS7-B` … `PKCS7-LTA` (EU DSS's names) for the ISO 32000
 * `adbe.pkcs7.*` SubFilters, which PAdES does not profile; `PDF-NOT-ETSI` for a signature no ETSI level
 * applies to (no signing-certificate attribute, a CMS that is not detached or has several signers,
 * `adbe.x509.rsa_sha1`); `PDF-DOC-TIMESTAMP` and `PDF-USAGE-RIGHTS` for the other kinds.
 *
 * @example
 * ```ts
 * import type { PadesFormat } from '@mutua/pades';
 * const f: PadesFormat = 'PAdES-BASELINE-LTA';
 * f; // 'PAdES-BASELINE-LTA'
 * ```
 */
export type PadesFormat =
  | 'PAdES-BASELINE-B'
  | 'PAdES-BASELINE-T'
  | 'PAdES-BASELINE-LT'
  | 'PAdES-BASELINE-LTA'
  | 'PKCS7-B'
  | 'PKCS7-T'
  | 'PKCS7-LT'
  | 'PKCS7-LTA'
  | 'PDF-NOT-ETSI'
  | 'PDF-DOC-TIMESTAMP'
  | 'PDF-USAGE-RIGHTS';

/**
 * The ETSI TS 102 778 names older validators and archives still use: `PAdES basic` (part 2, the
 * `adbe.*` SubFilters), `PAdES-BES` and `PAdES-EPES` (part 3, `ETSI.CAdES.detached`, with a signature
 * policy for EPES), and `PAdES-LTV` (part 4: validation data in a `/DSS` and a document time-stamp over it).
 *
 * @example
 * ```ts
 * import type { PadesLegacyFormat } from '@mutua/pades';
 * const f: PadesLegacyFormat = 'PAdES-BES';
 * f; // 'PAdES-BES'
 * ```
 */
export type PadesLegacyFormat = 'PAdES basic' | 'PAdES-BES' | 'PAdES-EPES' | 'PAdES-LTV';

/**
 * Options of `verifyPades`.
 *
 * @example
 * ```ts
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * import type { VerifyPadesOptions } from '@mutua/pades';
 * const options: VerifyPadesOptions = { trustAnchors: [], crypto: nodeCryptoEngine, time: new Date('2026-01-01T00:00:00Z') };
 * options.trustAnchors.length; // 0
 * ```
 */
export interface VerifyPadesOptions {
  readonly trustAnchors: readonly TrustAnchor[];
  /** Certificates beyond those in the CMS and the `/DSS` (intermediates the document lacks). */
  readonly certificates?: readonly Certificate[];
  /** CRLs beyond those in the document (parsed, or DER). */
  readonly crls?: readonly (CertificateList | Uint8Array)[];
  /** OCSP responses beyond those in the document (parsed, or DER). */
  readonly ocspResponses?: readonly (OcspResponse | Uint8Array)[];
  /** The validation time (default: now). */
  readonly time?: Date;
  readonly policy?: ValidationPolicy;
  /** The crypto engine (default WebCrypto; `nodeCryptoEngine` from `@mutua/core/node` on Node). */
  readonly crypto?: CryptoEngine;
  /** Known signature policies (EPES), as for `verifyCades`. */
  readonly policyStore?: PolicyStore;
  /** Changes to the modification policy (`DEFAULT_MODIFICATION_POLICY`). */
  readonly modificationPolicy?: Partial<ModificationPolicy>;
  readonly modificationLimits?: Partial<ModificationLimits>;
  /** Limits of the PDF reader, when `verifyPades` is given bytes. */
  readonly read?: ReadPdfOptions;
}

/**
 * Which revision a signature or document time-stamp signs, of how many, and whether that is the whole
 * document.
 *
 * @example
 * ```ts
 * import type { PadesCoverage } from '@mutua/pades';
 * const c: PadesCoverage = { revision: 0, revisions: 2, wholeDocument: false, signedBytes: 900, unsignedBytes: 400 };
 * c.wholeDocument; // false
 * ```
 */
export interface PadesCoverage {
  /** The revision signed (index, oldest first), -1 when the byte ranges end at none. */
  readonly revision: number;
  readonly revisions: number;
  readonly wholeDocument: boolean;
  readonly signedBytes: number;
  /** Bytes of the file after the signed ranges. */
  readonly unsignedBytes: number;
}

/**
 * The modification analysis of one signature, as reported.
 *
 * @example
 * ```ts
 * import type { PadesModifications } from '@mutua/pades';
 * const m: PadesModifications = { verdict: 'UNCHANGED', summary: 'no change after revision 0', signedRevision: 0, finalRevision: 0, findings: [], dictionaryChangedLater: false };
 * m.verdict; // 'UNCHANGED'
 * ```
 */
export interface PadesModifications {
  readonly verdict: ModificationJudgement['verdict'];
  readonly summary: string;
  readonly signedRevision: number;
  readonly finalRevision: number;
  /** The DocMDP level in force, when a certification signature set one. */
  readonly docMdp?: 1 | 2 | 3;
  readonly findings: readonly ModificationFinding[];
  /** A later revision shows another signature dictionary than the signed one (attack P9). */
  readonly dictionaryChangedLater: boolean;
}

/**
 * What the signature dictionary claims, read from the signed revision only (never a later copy, P9).
 *
 * @example
 * ```ts
 * import type { PadesClaims } from '@mutua/pades';
 * const c: PadesClaims = { reason: 'Acuerdo', m: 'D:20261122120000Z' };
 * c.reason; // 'Acuerdo'
 * ```
 */
export interface PadesClaims {
  readonly reason?: string;
  readonly location?: string;
  /** `/Name`: the signer's claim; the signer is who the certificate says. */
  readonly name?: string;
  readonly contactInfo?: string;
  /** `/M` as written (a PDF date): a claim, not a proof of time. */
  readonly m?: string;
}

/**
 * One time-stamp of a PDF signature: one the CMS carries (`source: 'cms'`), or a document time-stamp of
 * a later revision, which covers the signature and gives it a proof of existence.
 *
 * @example
 * ```ts
 * import type { PadesTimestampReport } from '@mutua/pades';
 * const t: PadesTimestampReport = { source: 'document-timestamp', revision: 2, id: 'S1', type: 'archive', attribute: 'DocTimeStamp', intact: true, messageImprintMatches: true, indication: 'TOTAL_PASSED', checks: [] };
 * t.source; // 'document-timestamp'
 * ```
 */
export interface PadesTimestampReport extends TimestampReport {
  readonly source: 'cms' | 'document-timestamp';
  /** For a document time-stamp: the revision it closes, and its report's id. */
  readonly revision?: number;
  readonly id?: string;
}

/**
 * The report of one signature, document time-stamp or usage-rights signature of a PDF.
 *
 * @example
 * ```ts
 * import type { PadesSignatureReport } from '@mutua/pades';
 * const kinds: PadesSignatureReport['kind'][] = ['signature', 'document-timestamp', 'usage-rights'];
 * kinds.length; // 3
 * ```
 */
export interface PadesSignatureReport {
  /** `S0`, `S1`, … in the order of the revisions they sign. */
  readonly id: string;
  readonly kind: 'signature' | 'document-timestamp' | 'usage-rights';
  /** The signature field's fully qualified name. */
  readonly fieldName?: string;
  /** `/Filter` and `/SubFilter`, trimmed. */
  readonly filter?: string;
  readonly subFilter?: string;
  readonly format: PadesFormat;
  readonly legacyFormat?: PadesLegacyFormat;
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  /** The signature value (or time-stamp token) verifies, over exactly its byte ranges. */
  readonly signatureIntact: boolean;
  /**
   * The bytes `/ByteRange` names hash to what the CMS signed (its message-digest), and what the ranges leave
   * out is one hex string — a signature value — and nothing else (P1, P3). A range that is otherwise unsound
   * (the gap is another dictionary's `/Contents`, the ranges stop before the revision's end) or a CMS that
   * is not detached does not make the references broken: it fails the signature by its own check
   * (`pades.byteRange`, `pades.cmsDetached`, FORMAT_FAILURE), as EU DSS reports them. Judge a signature by
   * its indication, never by this flag alone.
   */
  readonly referencesIntact: boolean;
  /** The signer's certificate (for a document time-stamp, the TSA's). */
  readonly signer?: SignerSummary;
  /** The signing-time attribute, else the signed `/M` (for a document time-stamp, its genTime): a claim. */
  readonly signingTime?: Date;
  /** The earliest time a proving time-stamp (in the CMS, or a later document time-stamp) shows it existed. */
  readonly bestSignatureTime?: Date;
  readonly timestamps: readonly PadesTimestampReport[];
  readonly coverage: PadesCoverage;
  /** Absent for usage-rights signatures. */
  readonly modifications?: PadesModifications;
  readonly claims: PadesClaims;
  /** The @mutua/cades report of the CMS (signatures and usage rights). */
  readonly cades?: CadesSignatureReport;
  /** Every check, in the order performed: the CMS's, then `pades.*`. */
  readonly checks: readonly CheckResult[];
}

/**
 * One revision of the document: what closes it (a signature or document time-stamp, by report id) and
 * its size.
 *
 * @example
 * ```ts
 * import type { PadesRevisionReport } from '@mutua/pades';
 * const r: PadesRevisionReport = { index: 0, start: 0, end: 1200, size: 1200, closedBy: 'S0', dss: false };
 * r.closedBy; // 'S0'
 * ```
 */
export interface PadesRevisionReport {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly size: number;
  /** The id of the signature or document time-stamp whose byte ranges end with this revision. */
  readonly closedBy?: string;
  /** This revision added or updated the `/DSS`. */
  readonly dss: boolean;
}

/**
 * The result of `verifyPades`.
 *
 * @example
 * ```ts
 * import type { PadesVerification } from '@mutua/pades';
 * const keys: (keyof PadesVerification)[] = ['signatures', 'revisions', 'problems', 'validationTime'];
 * keys.length; // 4
 * ```
 */
export interface PadesVerification {
  readonly signatures: readonly PadesSignatureReport[];
  readonly revisions: readonly PadesRevisionReport[];
  /** What the reader repaired or ignored, and validation data that did not parse. */
  readonly problems: readonly PdfProblem[];
  readonly validationTime: Date;
}
