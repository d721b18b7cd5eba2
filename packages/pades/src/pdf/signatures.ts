/**
 * `findSignatures`: every signature field with a value, document time-stamp and usage-rights
 * signature, with what a verifier needs from its dictionary.
 */
import { type ByteRangeCheck, berEnd, checkByteRange } from './byte-range';
import type { PdfDocument } from './document';
import { formFields } from './fields';
import { runEnd } from './lexer';
import { PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from './objects';

/**
 * A signature found in a PDF, as its dictionary says (nothing here is verified yet).
 *
 * @example
 * ```ts
 * import type { PdfSignature } from '@mutua/pades';
 * const kinds: PdfSignature['kind'][] = ['signature', 'doc-timestamp', 'usage-rights'];
 * kinds.length; // 3
 * ```
 */
export interface PdfSignature {
  /** A signature field, a document time-stamp (`/Type /DocTimeStamp`), or a usage-rights signature (informational). */
  readonly kind: 'signature' | 'doc-timestamp' | 'usage-rights';
  /** Fully qualified field name (absent for usage-rights signatures). */
  readonly fieldName?: string;
  /** The signature dictionary's reference, when `/V` is one. */
  readonly ref?: PdfRef;
  readonly dictionary: PdfDict;
  /** The revision whose bytes hold the signature dictionary (-1 when unknown: inside an object stream). */
  readonly revision: number;
  /** False for a signature dictionary that an earlier revision has but the last one no longer shows. */
  readonly inFinalRevision: boolean;
  /**
   * When a later revision rewrote this signature's dictionary (attack P9: `/Reason`, `/M`, `/Name`…
   * edited after signing), the dictionary the last revision shows. Everything else here is read from
   * the signed dictionary: the one whose `/Contents` is the gap of its own `/ByteRange`.
   */
  readonly dictionaryChangedLater?: PdfDict;
  readonly filter?: string;
  readonly subFilter?: string;
  /** `/M` as written (a PDF date string); the signer's claim, not proof of time. */
  readonly signingTime?: string;
  readonly reason?: string;
  readonly location?: string;
  readonly name?: string;
  readonly contactInfo?: string;
  /** `/Contents` decoded, padding included. */
  readonly contents?: Uint8Array;
  /** The CMS (or time-stamp token) itself: `contents` up to the end of its outer BER/DER element. */
  readonly cms?: Uint8Array;
  /** Bytes of `contents` after the CMS (zero padding of the reserved slot). */
  readonly padding: number;
  /** The padding is not all zeros: bytes outside the CMS that nobody signed. */
  readonly paddingNotZero: boolean;
  readonly byteRange: ByteRangeCheck;
  /** DocMDP (certification) permission, 1–3, when this is a certification signature. */
  readonly docMdp?: 1 | 2 | 3;
  /** FieldMDP transforms of the signature (`/Reference`): which fields it locks. */
  readonly fieldMdp: readonly { readonly action: string; readonly fields: readonly string[] }[];
  /** The field's `/Lock` (signature field lock), when it has one. */
  readonly lock?: { readonly action: string; readonly fields: readonly string[] };
}

function text(pdf: PdfDocument, v: PdfValue | undefined, revision: number): string | undefined {
  const r = pdf.resolve(v, revision);
  return r instanceof PdfString ? r.text() : undefined;
}

function names(pdf: PdfDocument, v: PdfValue | undefined, revision: number): string[] {
  const r = pdf.resolve(v, revision);
  return Array.isArray(r)
    ? r.map((x) => text(pdf, x, revision)).filter((x): x is string => x !== undefined)
    : [];
}

function fieldLock(pdf: PdfDocument, d: PdfDict | undefined, revision: number) {
  if (!d) return undefined;
  const action = pdf.resolve(d.get('Action'), revision);
  return {
    action: action instanceof PdfName ? action.value : '',
    fields: names(pdf, d.get('Fields'), revision),
  };
}

function sameRef(a: PdfValue | undefined, b: PdfRef | undefined): boolean {
  return a instanceof PdfRef && b !== undefined && a.num === b.num && a.gen === b.gen;
}

function describe(
  pdf: PdfDocument,
  kind: PdfSignature['kind'],
  value: PdfValue | undefined,
  revision: number,
  extra: { fieldName?: string; lockDict?: PdfDict },
): PdfSignature | undefined {
  const dictionary = pdf.resolve(value, revision);
  if (!(dictionary instanceof PdfDict)) return undefined;
  const ref = value instanceof PdfRef ? value : undefined;
  const c = dictionary.get('Contents');
  const contentsString = c instanceof PdfString ? c : undefined;
  const at = contentsString && contentsString.start >= 0 ? contentsString.start : dictionary.start;
  const sigRevision = at >= 0 ? pdf.revisionAt(at) : -1;
  const contents = contentsString?.bytes;
  let cms: Uint8Array | undefined;
  let padding = 0;
  let paddingNotZero = false;
  if (contents) {
    const end = berEnd(contents, 0);
    if (end > 0) {
      cms = contents.subarray(0, end);
      padding = contents.length - end;
      paddingNotZero = runEnd(contents, end, contents.length, 0) < contents.length;
    }
  }
  let docMdp: PdfSignature['docMdp'];
  const fieldMdp: { action: string; fields: string[] }[] = [];
  const refs = pdf.resolve(dictionary.get('Reference'), revision);
  for (const item of Array.isArray(refs) ? refs : []) {
    const sigRef = pdf.resolve(item, revision);
    if (!(sigRef instanceof PdfDict)) continue;
    const method = sigRef.name('TransformMethod');
    const params = pdf.dict(sigRef, 'TransformParams', revision);
    if (method === 'DocMDP') {
      const p = pdf.resolve(params?.get('P'), revision);
      docMdp = p === 1 || p === 3 ? p : 2; // §12.8.2.2: default 2
    } else if (method === 'FieldMDP') {
      const lock = fieldLock(pdf, params, revision);
      if (lock) fieldMdp.push(lock);
    }
  }
  // A DocMDP transform counts only when the catalog's /Perms /DocMDP names this dictionary (§12.8.4.2).
  const perms = pdf.dict(pdf.catalog(revision), 'Perms', revision);
  if (docMdp !== undefined && ref && !sameRef(perms?.get('DocMDP'), ref)) {
    pdf.problems.push({
      code: 'DOCMDP_NOT_IN_PERMS',
      message: `signature ${ref} has a DocMDP transform but /Perms /DocMDP does not name it`,
    });
    docMdp = undefined;
  }
  const type = dictionary.name('Type');
  return {
    // DSS and pyHanko go by the SubFilter too: a token under /Type /Sig is still a document time-stamp.
    kind:
      kind === 'signature' && (type === 'DocTimeStamp' || dictionary.name('SubFilter') === 'ETSI.RFC3161')
        ? 'doc-timestamp'
        : kind,
    fieldName: extra.fieldName,
    ref,
    dictionary,
    revision: sigRevision,
    inFinalRevision: true,
    filter: dictionary.name('Filter'),
    subFilter: dictionary.name('SubFilter'),
    signingTime: text(pdf, dictionary.get('M'), revision),
    reason: text(pdf, dictionary.get('Reason'), revision),
    location: text(pdf, dictionary.get('Location'), revision),
    name: text(pdf, dictionary.get('Name'), revision),
    contactInfo: text(pdf, dictionary.get('ContactInfo'), revision),
    contents,
    cms,
    padding,
    paddingNotZero,
    byteRange: checkByteRange(pdf, dictionary, contentsString, sigRevision),
    docMdp,
    fieldMdp,
    lock: fieldLock(pdf, extra.lockDict, revision),
  };
}

function inRevision(pdf: PdfDocument, revision: number): PdfSignature[] {
  const out: PdfSignature[] = [];
  for (const f of formFields(pdf, revision)) {
    if (f.type !== 'Sig' || f.value === undefined) continue;
    const s = describe(pdf, 'signature', f.value, revision, {
      fieldName: f.name,
      lockDict: pdf.dict(f.dict, 'Lock', revision),
    });
    if (s) out.push(s);
  }
  const perms = pdf.dict(pdf.catalog(revision), 'Perms', revision);
  for (const key of ['UR3', 'UR']) {
    const s = describe(pdf, 'usage-rights', perms?.get(key), revision, {});
    if (s) out.push(s);
  }
  return out;
}

/**
 * Every signature of the document: signature fields (`/FT /Sig`) with a value, document time-stamps
 * and usage-rights signatures, as the last revision shows them, then any signature dictionary an
 * earlier revision had and the last one no longer shows (`inFinalRevision: false`). A signature whose
 * dictionary a later revision rewrote is reported from the signed version, with the rewritten one in
 * `dictionaryChangedLater`. Each comes with its
 * `/ByteRange` checked against the file and its `/Contents` decoded.
 *
 * @example
 * ```ts
 * import { createPdf, findSignatures, readPdf } from '@mutua/pades';
 * const sig = '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /Contents <3000> >>';
 * const catalog = '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>';
 * const bytes = await createPdf({ objects: { 1: catalog, 4: '<< /FT /Sig /T (Firma1) /V 5 0 R >>', 5: sig } });
 * const [s] = findSignatures(await readPdf(bytes));
 * s?.subFilter; // 'ETSI.CAdES.detached'
 * s?.byteRange.problems; // ['MISSING']
 * ```
 */
export function findSignatures(pdf: PdfDocument): PdfSignature[] {
  const key = (s: PdfSignature) => (s.ref ? `r${s.ref.num}:${s.dictionary.start}` : `d${s.dictionary.start}`);
  const out = inRevision(pdf, pdf.lastRevision.index);
  const seen = new Set(out.map(key));
  for (let r = pdf.lastRevision.index - 1; r >= 0; r--) {
    let earlier: PdfSignature[];
    try {
      earlier = inRevision(pdf, r);
    } catch (e) {
      // An earlier revision that does not read is reported; the last one is what must read.
      pdf.problems.push({ code: 'UNREADABLE_REVISION', message: `revision ${r}: ${(e as Error).message}` });
      continue;
    }
    for (const s of earlier) {
      if (seen.has(key(s))) continue;
      seen.add(key(s));
      // The same signature dictionary object, rewritten later: report the signed version, with the
      // dictionary now shown, rather than a broken signature and a vanished one.
      const i = out.findIndex(
        (f) =>
          f.inFinalRevision &&
          !f.byteRange.valid &&
          f.ref &&
          s.ref &&
          f.ref.num === s.ref.num &&
          s.byteRange.valid,
      );
      if (i >= 0)
        out[i] = {
          ...s,
          fieldName: out[i]!.fieldName,
          inFinalRevision: true,
          dictionaryChangedLater: out[i]!.dictionary,
        };
      else out.push({ ...s, inFinalRevision: false });
    }
  }
  return out;
}
