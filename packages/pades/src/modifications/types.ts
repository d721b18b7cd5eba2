/**
 * The vocabulary of modification analysis: what changed after a signature (the evidence, gathered by
 * `collectModifications`) and whether the signature permits it (the judgement, by `judgeModifications`).
 * Evidence and judgement are kept apart, as in EU DSS: the same evidence can be judged again under
 * another policy.
 */

/**
 * What one change after the signed revision is, by the part of the document it touches.
 *
 * Changes a signature may permit: `DSS_ADDED`, `DSS_UPDATED`, `DOC_TIMESTAMP_ADDED`, `METADATA_CHANGED`
 * and `OBJECT_REDEFINED` (an object neither revision uses) at every DocMDP level; `SIGNATURE_ADDED`,
 * `SIGNATURE_FIELD_ADDED`, `FORM_FIELD_FILLED`, `FORM_DEFAULTS_UPDATED` and `STRUCTURE_CHANGED` from P=2; `ANNOTATION_ADDED`,
 * `ANNOTATION_MODIFIED` and `ANNOTATION_REMOVED` at P=3; `FORM_FIELD_ADDED` and `OVERLAY_OVER_CONTENT`
 * only on a document nobody certified. Every other code is never permitted.
 *
 * @example
 * ```ts
 * import type { ModificationCode } from '@mutua/pades';
 * const code: ModificationCode = 'PAGE_CONTENT_CHANGED';
 * code; // 'PAGE_CONTENT_CHANGED'
 * ```
 */
export type ModificationCode =
  /** A `/DSS` (document security store, PAdES LT) was added to the catalog. */
  | 'DSS_ADDED'
  /** The `/DSS`, its `/VRI` or the objects they hold changed. */
  | 'DSS_UPDATED'
  /** A document time-stamp (`/Type /DocTimeStamp`, SubFilter `ETSI.RFC3161`) was added. */
  | 'DOC_TIMESTAMP_ADDED'
  /** A signature was added: in a field empty at signing time, or in a new signature field. */
  | 'SIGNATURE_ADDED'
  /** An empty signature field was added. */
  | 'SIGNATURE_FIELD_ADDED'
  /** A form field's value (and its widgets' appearance) changed. */
  | 'FORM_FIELD_FILLED'
  /** `/SigFlags`, `/DR`, `/DA` or `/NeedAppearances` of the AcroForm changed. */
  | 'FORM_DEFAULTS_UPDATED'
  | 'ANNOTATION_ADDED'
  /** An annotation's dictionary or appearance changed. */
  | 'ANNOTATION_MODIFIED'
  | 'ANNOTATION_REMOVED'
  /**
   * The document information dictionary, the XMP `/Metadata`, or declarations that draw nothing (the
   * catalog's `/Extensions`, `/Version`, `/Lang`, `/PieceInfo`, `/PageMode`, `/PageLayout`,
   * `/ViewerPreferences`; a page's `/PieceInfo`, `/LastModified`, `/Tabs`).
   */
  | 'METADATA_CHANGED'
  /** The structure tree (tagged PDF) changed: what signing, filling or annotating a tagged page entails. */
  | 'STRUCTURE_CHANGED'
  /** An object of the signed revision was redefined, but neither revision uses it: nothing shown changes. */
  | 'OBJECT_REDEFINED'
  | 'PAGE_ADDED'
  | 'PAGE_REMOVED'
  /** Pages reordered or replaced by other page objects, or a page tree node changed. */
  | 'PAGE_TREE_CHANGED'
  /** A page attribute other than its content, resources and annotations (`/MediaBox`, `/Rotate`…). */
  | 'PAGE_CHANGED'
  /** A page's content streams: other streams, or the same streams redefined. */
  | 'PAGE_CONTENT_CHANGED'
  /** A page's resources other than fonts and XObjects (graphics states, colour spaces, patterns…). */
  | 'RESOURCES_CHANGED'
  /** A font used by a page (shadow attack "replace": the same glyph codes draw other text). */
  | 'FONT_CHANGED'
  /** An image or form XObject used by a page. */
  | 'XOBJECT_CHANGED'
  /** A catalog entry not accounted for otherwise (`/OpenAction`, `/Names`, `/Outlines`…). */
  | 'CATALOG_CHANGED'
  /** The catalog's `/Perms` (DocMDP, usage rights) changed. */
  | 'PERMISSIONS_CHANGED'
  /** The AcroForm changed other than in its fields and defaults (`/XFA`, `/CO`…), or its `/Fields` array object. */
  | 'FORM_STRUCTURE_CHANGED'
  /** A signature dictionary of the signed revision was edited (`/Reason`, `/M`, `/Name`…) or replaced. */
  | 'SIGNATURE_DICTIONARY_CHANGED'
  | 'SIGNATURE_REMOVED'
  /** A form field other than a signature field was added. */
  | 'FORM_FIELD_ADDED'
  | 'FORM_FIELD_REMOVED'
  /** A form field changed other than by filling it (type, flags, name, rectangle…). */
  | 'FORM_FIELD_MODIFIED'
  /**
   * An object that the signed revision held but did not use is used by the final one (shadow attacks
   * "hide" and "hide-and-replace": content prepared before signing, revealed after).
   */
  | 'OBJECT_REUSED'
  /**
   * An object stream holding objects of the signed revision was redefined or freed: this reader still
   * resolves them from the signed stream, a viewer resolving the stream by the last cross-reference does
   * not (a parser differential, attack P14).
   */
  | 'OBJECT_STREAM_REDEFINED'
  /** An annotation or widget added after signing draws over the page (Evil Annotation, Sneaky Signature). */
  | 'OVERLAY_OVER_CONTENT'
  /** An object reached otherwise from the catalog changed (outlines, name trees, structure tree…). */
  | 'OTHER_OBJECT_CHANGED'
  /** The analysis could not finish (limits, an unreadable revision): nothing can be said. */
  | 'ANALYSIS_INCOMPLETE';

/**
 * One object behind a change, and how it changed between the signed and the final revision.
 *
 * @example
 * ```ts
 * import type { ModifiedObject } from '@mutua/pades';
 * const o: ModifiedObject = { num: 8, change: 'redefined', revision: 1 };
 * o.change; // 'redefined'
 * ```
 */
export interface ModifiedObject {
  readonly num: number;
  /**
   * `added`: absent from the signed revision; `redefined`: present there with other content; `freed`:
   * present there, free or absent in the final revision; `reused`: present and unchanged, but used only
   * by the final revision.
   */
  readonly change: 'added' | 'redefined' | 'freed' | 'reused';
  /** The revision that wrote the final version (or the free entry); -1 for `reused`. */
  readonly revision: number;
}

/**
 * One change found between the signed revision and the final document, with what it touches.
 *
 * @example
 * ```ts
 * import type { ModificationEvidence } from '@mutua/pades';
 * const e: ModificationEvidence = { code: 'PAGE_ADDED', message: 'page 2 added', objects: [], page: 2 };
 * e.page; // 2
 * ```
 */
export interface ModificationEvidence {
  readonly code: ModificationCode;
  readonly message: string;
  /** The objects behind the change (empty when it is a reference change only). */
  readonly objects: readonly ModifiedObject[];
  /** The page it concerns, from 1, in the final revision (in the signed one for a removed page). */
  readonly page?: number;
  /** The fully qualified form field name, for form and signature changes. */
  readonly field?: string;
  /** The annotation subtype, for annotations. */
  readonly subtype?: string;
  /** The annotation rectangle `[x1 y1 x2 y2]`, normalised, for annotations and overlays. */
  readonly rect?: readonly [number, number, number, number];
  /** The dictionary keys that differ, when the change is to one dictionary. */
  readonly keys?: readonly string[];
}

/**
 * What changed after a revision, object by object, before any judgement: the output of
 * `collectModifications`.
 *
 * @example
 * ```ts
 * import type { PdfModifications } from '@mutua/pades';
 * const m: PdfModifications = {
 *   signedRevision: 0, finalRevision: 0, changes: [], objectsCompared: 0, objectsChanged: 0, complete: true,
 * };
 * m.complete; // true
 * ```
 */
export interface PdfModifications {
  /** The revision compared (the one the signature signs). */
  readonly signedRevision: number;
  /** The last revision: what a viewer shows. */
  readonly finalRevision: number;
  readonly changes: readonly ModificationEvidence[];
  /** Object numbers that later revisions write, compared with their signed versions. */
  readonly objectsCompared: number;
  /** Of those, the ones whose content differs (rewritten identical copies are not changes). */
  readonly objectsChanged: number;
  /** False when a limit stopped the analysis (an `ANALYSIS_INCOMPLETE` change says which). */
  readonly complete: boolean;
}

/**
 * A FieldMDP lock (§12.8.2.4) or signature field `/Lock` (§12.7.5.5): `All` fields, the listed ones
 * (`Include`), or all but the listed ones (`Exclude`).
 *
 * @example
 * ```ts
 * import type { FieldLock } from '@mutua/pades';
 * const lock: FieldLock = { action: 'Include', fields: ['importe'] };
 * lock.fields; // ['importe']
 * ```
 */
export interface FieldLock {
  readonly action: string;
  readonly fields: readonly string[];
}

/**
 * What the signatures of the document permit after the signed revision: the DocMDP level of the
 * certification signature, when there is one, and the FieldMDP locks in force.
 *
 * @example
 * ```ts
 * import type { ModificationPermissions } from '@mutua/pades';
 * const p: ModificationPermissions = { docMdp: 2, locks: [{ action: 'All', fields: [] }] };
 * p.docMdp; // 2
 * ```
 */
export interface ModificationPermissions {
  /** DocMDP `/P` of the certification signature (1: none but DSS and document time-stamps; 2: + form filling and signing; 3: + annotations). Absent: not certified. */
  readonly docMdp?: 1 | 2 | 3;
  readonly locks?: readonly FieldLock[];
}

/**
 * How changes are judged. The default (`DEFAULT_MODIFICATION_POLICY`) follows DSS and Adobe for
 * documents nobody certified (form filling, signing and annotations permitted and reported) and fails
 * overlays drawn over certified pages.
 *
 * @example
 * ```ts
 * import { DEFAULT_MODIFICATION_POLICY, type ModificationPolicy } from '@mutua/pades';
 * const strict: ModificationPolicy = { ...DEFAULT_MODIFICATION_POLICY, uncertifiedLevel: 1 };
 * strict.uncertifiedLevel; // 1
 * ```
 */
export interface ModificationPolicy {
  /** The DocMDP level a document without certification is held to (default 3). */
  readonly uncertifiedLevel: 1 | 2 | 3;
  /** Annotations and widgets added over a certified page: `fail` (default) or `report` only. */
  readonly overlaysOnCertified: 'fail' | 'report';
  /** `METADATA_CHANGED`: `permit` (default, reported) or `fail`. */
  readonly metadataChanges: 'permit' | 'fail';
  /** `OTHER_OBJECT_CHANGED` (outlines, name trees…): `fail` (default, reject unexplained changes) or `permit`. */
  readonly otherChanges: 'fail' | 'permit';
}

/**
 * One change with its judgement.
 *
 * @example
 * ```ts
 * import type { ModificationFinding } from '@mutua/pades';
 * const f: ModificationFinding = {
 *   code: 'FORM_FIELD_FILLED', message: 'field importe filled', objects: [], field: 'importe',
 *   permitted: false, reason: 'DocMDP P=1 permits no change but DSS and document time-stamps',
 * };
 * f.permitted; // false
 * ```
 */
export interface ModificationFinding extends ModificationEvidence {
  readonly permitted: boolean;
  /** Why it is (not) permitted. */
  readonly reason: string;
}

/**
 * The judgement of every change: `UNCHANGED`, `PERMITTED_CHANGES` (each one listed and reported),
 * `NOT_PERMITTED` (the signature fails: the document was changed in a way it does not permit), or
 * `INDETERMINATE` (the analysis could not finish).
 *
 * @example
 * ```ts
 * import type { ModificationJudgement } from '@mutua/pades';
 * const v: ModificationJudgement['verdict'][] = ['UNCHANGED', 'PERMITTED_CHANGES', 'NOT_PERMITTED', 'INDETERMINATE'];
 * v.length; // 4
 * ```
 */
export interface ModificationJudgement {
  readonly verdict: 'UNCHANGED' | 'PERMITTED_CHANGES' | 'NOT_PERMITTED' | 'INDETERMINATE';
  /** `UNCHANGED` or `PERMITTED_CHANGES`. */
  readonly passed: boolean;
  /** One sentence: the level applied and, when it fails, why. */
  readonly summary: string;
  readonly findings: readonly ModificationFinding[];
  /** The findings that are not permitted (or that left the analysis incomplete). */
  readonly notPermitted: readonly ModificationFinding[];
}

/**
 * The signature dictionary's claims as the signed revision holds them (never a later revision's copy).
 *
 * @example
 * ```ts
 * import type { SignedDictionaryClaims } from '@mutua/pades';
 * const c: SignedDictionaryClaims = { reason: 'Acuerdo', location: 'Montevideo' };
 * c.location; // 'Montevideo'
 * ```
 */
export interface SignedDictionaryClaims {
  /** `/M` as written (a PDF date string): the signer's claim, not proof of time. */
  readonly signingTime?: string;
  readonly reason?: string;
  readonly location?: string;
  readonly name?: string;
  readonly contactInfo?: string;
}

/**
 * What `analyzeModifications` says of one signature: the judgement, the permissions applied, the
 * signed dictionary's claims, and the evidence judged.
 *
 * @example
 * ```ts
 * import type { ModificationReport } from '@mutua/pades';
 * const keys: (keyof ModificationReport)[] = ['verdict', 'findings', 'signedDictionary', 'evidence'];
 * keys.length; // 4
 * ```
 */
export interface ModificationReport extends ModificationJudgement {
  readonly signedRevision: number;
  readonly finalRevision: number;
  readonly permissions: ModificationPermissions;
  /** `/Reason`, `/Location`, `/M`, `/Name`, `/ContactInfo` from the signed revision only. */
  readonly signedDictionary: SignedDictionaryClaims;
  /** A later revision shows a different signature dictionary than the one signed (attack P9). */
  readonly dictionaryChangedLater: boolean;
  readonly evidence: PdfModifications;
}

/**
 * Bounds of the analysis; breaching one ends it with `ANALYSIS_INCOMPLETE`, never a hang.
 *
 * @example
 * ```ts
 * import { DEFAULT_MODIFICATION_LIMITS } from '@mutua/pades';
 * DEFAULT_MODIFICATION_LIMITS.maxObjects; // 4000000
 * ```
 */
export interface ModificationLimits {
  /** Most visits of references, arrays and dictionaries over both revisions' object graphs and the comparisons. */
  readonly maxObjects: number;
  /** Wall-clock budget, in milliseconds. */
  readonly maxMillis: number;
}

/**
 * The limits used when none are given.
 *
 * @example
 * ```ts
 * import { DEFAULT_MODIFICATION_LIMITS } from '@mutua/pades';
 * DEFAULT_MODIFICATION_LIMITS.maxMillis; // 20000
 * ```
 */
export const DEFAULT_MODIFICATION_LIMITS: ModificationLimits = { maxObjects: 4_000_000, maxMillis: 20_000 };
