/**
 * `analyzeModifications`: modification analysis of one signature — what changed between the revision it
 * signs and the final document, judged by what its certification level and field locks permit.
 */
import type { PdfDocument } from '../pdf/document';
import { PdfError } from '../pdf/errors';
import { type PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from '../pdf/objects';
import { type PdfSignature, findSignatures } from '../pdf/signatures';
import { collectModifications } from './collect';
import { dictOf, sameValue } from './compare';
import { judgeModifications } from './judge';
import type {
  FieldLock,
  ModificationLimits,
  ModificationPermissions,
  ModificationPolicy,
  ModificationReport,
  SignedDictionaryClaims,
} from './types';

/**
 * Options of {@link analyzeModifications}.
 *
 * @example
 * ```ts
 * import type { AnalyzeModificationsOptions } from '@mutua/pades';
 * const options: AnalyzeModificationsOptions = { policy: { overlaysOnCertified: 'report' }, limits: { maxMillis: 5000 } };
 * options.policy?.overlaysOnCertified; // 'report'
 * ```
 */
export interface AnalyzeModificationsOptions {
  /** Changes to `DEFAULT_MODIFICATION_POLICY`. */
  readonly policy?: Partial<ModificationPolicy>;
  readonly limits?: Partial<ModificationLimits>;
  /** The document's signatures, when already found (`findSignatures`); found again otherwise. */
  readonly signatures?: readonly PdfSignature[];
}

/** The revision a signature signs: the one holding its dictionary, else the one its ranges end. */
function signedRevisionOf(sig: PdfSignature): number {
  return sig.revision >= 0 ? sig.revision : (sig.byteRange.endsRevision ?? -1);
}

function textAt(pdf: PdfDocument, v: PdfValue | undefined, rev: number): string | undefined {
  const r = pdf.resolve(v, rev);
  return r instanceof PdfString ? r.text() : undefined;
}

/** The signature dictionary as the revision it signs holds it. */
function signedDict(pdf: PdfDocument, sig: PdfSignature, rev: number): PdfDict {
  if (!sig.ref || rev < 0) return sig.dictionary;
  return dictOf(pdf.getObject(sig.ref, rev)) ?? sig.dictionary;
}

/** DocMDP level and FieldMDP locks of a signature, read from its signed revision (§12.8.2). */
function transformsOf(pdf: PdfDocument, sig: PdfSignature): { docMdp?: 1 | 2 | 3; locks: FieldLock[] } {
  const rev = signedRevisionOf(sig);
  if (rev < 0) return { docMdp: sig.docMdp, locks: [...sig.fieldMdp] };
  const dict = signedDict(pdf, sig, rev);
  let docMdp: 1 | 2 | 3 | undefined;
  const locks: FieldLock[] = [];
  const refs = pdf.resolve(dict.get('Reference'), rev);
  for (const item of Array.isArray(refs) ? refs : []) {
    const sigRef = dictOf(pdf.resolve(item, rev));
    if (!sigRef) continue;
    const method = sigRef.name('TransformMethod');
    const params = pdf.dict(sigRef, 'TransformParams', rev);
    if (method === 'DocMDP') {
      const p = pdf.resolve(params?.get('P'), rev);
      docMdp = p === 1 || p === 3 ? p : 2; // §12.8.2.2: default 2
    } else if (method === 'FieldMDP' && params) {
      const action = pdf.resolve(params.get('Action'), rev);
      const fields = pdf.resolve(params.get('Fields'), rev);
      locks.push({
        action: action instanceof PdfName ? action.value : '',
        fields: Array.isArray(fields)
          ? fields.map((x) => textAt(pdf, x, rev)).filter((x) => x !== undefined)
          : [],
      });
    }
  }
  // A DocMDP transform counts only when the signed revision's /Perms /DocMDP names this dictionary.
  const named = pdf.dict(pdf.catalog(rev), 'Perms', rev)?.get('DocMDP');
  if (docMdp !== undefined && !(named instanceof PdfRef && sig.ref && named.num === sig.ref.num))
    docMdp = undefined;
  if (sig.lock) locks.push(sig.lock);
  return { docMdp, locks };
}

/**
 * Modification analysis of one signature (attacks P2, P4–P10 of the catalogue): compares the objects of
 * the revision the signature signs with the final document (`collectModifications`), then judges every
 * change (`judgeModifications`) by the DocMDP level of the certification signature signed in or before
 * that revision, the FieldMDP locks of the signatures so far, and the policy. The signature dictionary's
 * claims (`/Reason`, `/Location`, `/M`, `/Name`) are read from the signed revision only; a later
 * revision's copy is never trusted, and an edit to it is a `SIGNATURE_DICTIONARY_CHANGED` finding.
 * Bounded on hostile input: limits end in `INDETERMINATE` with an `ANALYSIS_INCOMPLETE` finding.
 *
 * @example
 * ```ts
 * import { PdfRef, type PdfSignature, analyzeModifications, appendRevision, createPdf, readPdf } from '@mutua/pades';
 * const sig = '<< /Type /Sig /SubFilter /ETSI.CAdES.detached /Reason (Acuerdo) /Contents <3000> >>';
 * const catalog = '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>';
 * const v1 = await createPdf({ objects: { 1: catalog, 4: '<< /FT /Sig /T (S) /V 5 0 R >>', 5: sig } });
 * const v2 = await appendRevision(v1, { objects: { 5: sig.replace('Acuerdo', 'Nada') } });
 * const pdf = await readPdf(v2);
 * const signature = { kind: 'signature', ref: new PdfRef(5, 0), revision: 0, dictionary: pdf.getObject(5, 0), byteRange: {}, fieldMdp: [] } as unknown as PdfSignature;
 * const report = analyzeModifications(pdf, signature);
 * report.verdict; // 'NOT_PERMITTED'
 * report.findings.map((f) => [f.code, f.keys]); // [['SIGNATURE_DICTIONARY_CHANGED', ['Reason']]]
 * report.signedDictionary.reason; // 'Acuerdo'
 * ```
 */
export function analyzeModifications(
  pdf: PdfDocument,
  signature: PdfSignature,
  options: AnalyzeModificationsOptions = {},
): ModificationReport {
  const s = signedRevisionOf(signature);
  const f = pdf.lastRevision.index;
  let signatures: readonly PdfSignature[] = [signature];
  try {
    signatures = options.signatures ?? findSignatures(pdf);
  } catch (e) {
    if (!(e instanceof PdfError)) throw e;
  }
  const permissions: { docMdp?: 1 | 2 | 3; locks: FieldLock[] } = { locks: [] };
  let signedDictionary: SignedDictionaryClaims = {};
  let dictionaryChangedLater = signature.dictionaryChangedLater !== undefined;
  try {
    for (const x of [signature, ...signatures.filter((y) => y !== signature)]) {
      if (x.kind !== 'signature' || signedRevisionOf(x) > s || signedRevisionOf(x) < 0) continue;
      const t = transformsOf(pdf, x);
      if (t.docMdp !== undefined)
        permissions.docMdp = Math.min(t.docMdp, permissions.docMdp ?? 3) as 1 | 2 | 3;
      permissions.locks.push(...t.locks);
    }
    const d = signedDict(pdf, signature, s);
    const at = s >= 0 ? s : f;
    signedDictionary = {
      signingTime: textAt(pdf, d.get('M'), at),
      reason: textAt(pdf, d.get('Reason'), at),
      location: textAt(pdf, d.get('Location'), at),
      name: textAt(pdf, d.get('Name'), at),
      contactInfo: textAt(pdf, d.get('ContactInfo'), at),
    };
    for (const k of Object.keys(signedDictionary) as (keyof SignedDictionaryClaims)[])
      if (signedDictionary[k] === undefined) delete (signedDictionary as Record<string, unknown>)[k];
    if (
      signature.ref &&
      s >= 0 &&
      !sameValue(pdf.getObject(signature.ref, s), pdf.getObject(signature.ref, f))
    )
      dictionaryChangedLater = true;
  } catch (e) {
    if (!(e instanceof PdfError)) throw e;
  }
  const evidence = collectModifications(pdf, s, { limits: options.limits });
  const granted: ModificationPermissions =
    permissions.docMdp !== undefined
      ? { docMdp: permissions.docMdp, locks: permissions.locks }
      : { locks: permissions.locks };
  const judgement = judgeModifications(evidence, granted, options.policy);
  return {
    ...judgement,
    signedRevision: s,
    finalRevision: f,
    permissions: granted,
    signedDictionary,
    dictionaryChangedLater,
    evidence,
  };
}
