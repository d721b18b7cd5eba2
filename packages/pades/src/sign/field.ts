/**
 * What signing and document time-stamping share: an incremental update that adds a signature field
 * (a widget on a page, in the AcroForm) whose value is a signature dictionary with a `/ByteRange` and a
 * zero-filled `/Contents` slot; then the ranges laid out, hashed from views of the output, and the
 * CMS (or token) written into the slot. Internal.
 */
import { type CryptoEngine, type HashName, digestStream } from '@mutua/core';
import type { PdfDocument } from '../pdf/document';
import { type PdfField, formFields } from '../pdf/fields';
import { PdfDict, PdfRef, type PdfValue } from '../pdf/objects';
import { findSignatures } from '../pdf/signatures';
import {
  type UpdateObject,
  generationOf,
  nextObjectNumber,
  writeIncrementalUpdate,
} from '../write/incremental';
import { latin1Bytes, pdfDict, pdfNumber, pdfTextString, pdfValue, toHexDigits } from '../write/serialize';
import { PadesSigningError } from './errors';

/** The fixed-width `/ByteRange` value written first, overwritten (space-padded) once the layout is known. */
const BYTE_RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

/** Largest `/Contents` slot accepted, in bytes. */
export const MAX_CONTENTS_SIZE = 4 * 1024 * 1024;

/** A visible appearance, already drawn: a form XObject's content and the resources it needs. */
export interface DrawnAppearance {
  /** Content stream operators, in the XObject's space `[0 0 width height]`. */
  readonly content: string;
  /** Whether the content uses the font `/F1` (Helvetica, WinAnsiEncoding). */
  readonly usesFont: boolean;
}

export interface FieldPlan {
  /** The field's partial name; default `Signature<n>` (the first free n). */
  readonly fieldName?: string;
  readonly fieldPrefix: string;
  /** Page index (0-based) of the widget. */
  readonly page: number;
  /** `[x1 y1 x2 y2]`, `[0 0 0 0]` for an invisible signature. */
  readonly rect: readonly [number, number, number, number];
  readonly appearance?: (width: number, height: number) => DrawnAppearance;
  /** The signature dictionary's entries other than `/ByteRange` and `/Contents`, as PDF syntax. */
  readonly entries: string;
  /** Bytes reserved for the CMS or token. */
  readonly contentsSize: number;
  /** Certification: the DocMDP permission, written as `/Reference` and in `/Perms`. */
  readonly docMdp?: 1 | 2 | 3;
  /** Refuse when the document is certified with `/P 1` (a signature); document time-stamps may be added. */
  readonly refuseIfLocked: boolean;
  readonly hash: HashName;
  readonly crypto: CryptoEngine;
  /** Makes the CMS or token from the digest of the byte ranges. */
  readonly produce: (digest: Uint8Array) => Promise<Uint8Array>;
}

/** The page at `index` in the page tree (walked with bounds and cycle detection). */
function findPage(pdf: PdfDocument, index: number): { ref: PdfRef; dict: PdfDict } {
  if (!Number.isInteger(index) || index < 0)
    throw new PadesSigningError('BAD_PAGE', `page index ${index} is not a non-negative integer`);
  const seen = new Set<string>();
  let remaining = index;
  let steps = 0;
  const walk = (node: PdfValue | undefined, depth: number): { ref: PdfRef; dict: PdfDict } | undefined => {
    if (depth > pdf.limits.maxDepth || ++steps > pdf.limits.maxObjects)
      throw new PadesSigningError('BAD_PAGE', 'the page tree is too deep or too large');
    if (!(node instanceof PdfRef)) return undefined;
    const key = `${node.num} ${node.gen}`;
    if (seen.has(key)) throw new PadesSigningError('BAD_PAGE', `the page tree reaches ${key} R twice`);
    seen.add(key);
    const dict = pdf.resolve(node);
    if (!(dict instanceof PdfDict)) return undefined;
    const kids = pdf.resolve(dict.get('Kids'));
    if (dict.name('Type') === 'Pages' || (Array.isArray(kids) && dict.name('Type') !== 'Page')) {
      const count = pdf.resolve(dict.get('Count'));
      if (typeof count === 'number' && count <= remaining && depth > 0) {
        remaining -= count;
        return undefined;
      }
      for (const k of Array.isArray(kids) ? kids : []) {
        const found = walk(k, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    if (remaining === 0) return { ref: node, dict };
    remaining--;
    return undefined;
  };
  const found = walk(pdf.catalog().get('Pages'), 0);
  if (!found) throw new PadesSigningError('BAD_PAGE', `the document has no page ${index}`);
  return found;
}

function withEntry(
  d: PdfDict | ReadonlyMap<string, PdfValue | string>,
  key: string,
  value: PdfValue | string,
) {
  const m = new Map<string, PdfValue | string>(d instanceof PdfDict ? d.entries : d);
  m.set(key, value);
  return m;
}

/** Appends the signature field and fills its signature; returns the signed file. */
export async function appendSignatureField(pdf: PdfDocument, plan: FieldPlan): Promise<Uint8Array> {
  if (pdf.encrypted) throw new PadesSigningError('ENCRYPTED', 'the document is encrypted');
  if (!Number.isInteger(plan.contentsSize) || plan.contentsSize < 1 || plan.contentsSize > MAX_CONTENTS_SIZE)
    throw new PadesSigningError(
      'BAD_OPTIONS',
      `contentsSize must be an integer from 1 to ${MAX_CONTENTS_SIZE}, not ${plan.contentsSize}`,
    );
  if (plan.docMdp !== undefined && ![1, 2, 3].includes(plan.docMdp))
    throw new PadesSigningError('BAD_OPTIONS', `the DocMDP permission is 1, 2 or 3, not ${plan.docMdp}`);
  if (plan.rect.length !== 4 || plan.rect.some((n) => !Number.isFinite(n)))
    throw new PadesSigningError('BAD_OPTIONS', 'a rectangle is four finite numbers [x1 y1 x2 y2]');
  const existing = findSignatures(pdf).filter((s) => s.kind !== 'usage-rights' && s.inFinalRevision);
  if (plan.docMdp !== undefined && existing.length > 0)
    throw new PadesSigningError(
      'CERTIFICATION_NOT_FIRST',
      `a certification signature must be the first; the document has ${existing.length} already`,
    );
  if (plan.refuseIfLocked && existing.some((s) => s.docMdp === 1))
    throw new PadesSigningError(
      'DOCUMENT_LOCKED',
      'the document is certified with DocMDP /P 1: no changes allowed',
    );

  const fields = formFields(pdf);
  let fieldName = plan.fieldName;
  // An empty signature field of the document (a widget itself) is signed in place.
  let target: PdfField | undefined;
  if (fieldName !== undefined) {
    if (fieldName === '') throw new PadesSigningError('BAD_OPTIONS', 'a field name cannot be empty');
    const found = fields.find((f) => f.name === fieldName);
    if (found) {
      if (found.type !== 'Sig' || found.value !== undefined || !found.ref || !found.dict.get('Rect'))
        throw new PadesSigningError(
          'FIELD_EXISTS',
          `a field "${fieldName}" exists already and is not an empty signature field with its widget`,
        );
      target = found;
    } else if (fieldName.includes('.'))
      throw new PadesSigningError('BAD_OPTIONS', `no field "${fieldName}" (a new field's name has no dot)`);
  } else {
    const names = new Set(fields.map((f) => f.name));
    let n = 1;
    while (names.has(`${plan.fieldPrefix}${n}`)) n++;
    fieldName = `${plan.fieldPrefix}${n}`;
  }

  const catalogRef = pdf.lastRevision.trailer.get('Root');
  if (!(catalogRef instanceof PdfRef))
    throw new PadesSigningError('MALFORMED', 'the trailer /Root is not a reference');
  const catalog = pdf.catalog();

  let next = nextObjectNumber(pdf);
  const sigNum = next++;
  const fieldRef = target?.ref ?? new PdfRef(next++, 0);
  const sigRef = new PdfRef(sigNum, 0);
  const objects: UpdateObject[] = [];
  const written = new Set<number>();
  const rewrite = (ref: PdfRef, body: string) => {
    // A hostile file may share one object between the roles below; writing it twice would lose one.
    if (written.has(ref.num))
      throw new PadesSigningError('MALFORMED', `object ${ref.num} plays two parts in the form or page tree`);
    written.add(ref.num);
    objects.push({ num: ref.num, gen: generationOf(pdf, ref.num), body: latin1Bytes(body) });
  };
  const add = (num: number, body: string | Uint8Array) => {
    written.add(num);
    objects.push({ num, gen: 0, body: typeof body === 'string' ? latin1Bytes(body) : body });
  };

  // The widget's rectangle: the field's own when it exists, else the one asked for.
  const targetRect = target ? pdf.resolve(target.dict.get('Rect')) : undefined;
  const rect =
    Array.isArray(targetRect) && targetRect.length === 4 && targetRect.every((n) => typeof n === 'number')
      ? (targetRect as unknown as readonly [number, number, number, number])
      : plan.rect;
  const width = Math.abs(rect[2] - rect[0]);
  const height = Math.abs(rect[3] - rect[1]);
  // The widget's appearance: a form XObject of the rectangle's size.
  let ap: PdfRef | undefined;
  if (width > 0 && height > 0) {
    // A visible rectangle always gets an appearance (§12.5.5; PDF/A): the text, or an empty one.
    const drawn = plan.appearance?.(width, height) ?? { content: '', usesFont: false };
    ap = new PdfRef(next++, 0);
    let resources = '<< >>';
    if (drawn.usesFont) {
      const fontNum = next++;
      add(fontNum, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
      resources = `<< /Font << /F1 ${fontNum} 0 R >> >>`;
    }
    const content = latin1Bytes(drawn.content);
    const head = latin1Bytes(
      `<< /Type /XObject /Subtype /Form /BBox [0 0 ${pdfNumber(width)} ${pdfNumber(height)}] /Resources ${resources} /Length ${content.length} >>\nstream\n`,
    );
    const tail = latin1Bytes('\nendstream');
    const body = new Uint8Array(head.length + content.length + tail.length);
    body.set(head, 0);
    body.set(content, head.length);
    body.set(tail, head.length + content.length);
    add(ap.num, body);
  }

  let lock = '';
  if (target) {
    // The field gains its value and appearance; a /Lock is carried into a FieldMDP reference (§12.8.2.4).
    let d = withEntry(target.dict, 'V', sigRef);
    if (ap) d = withEntry(d, 'AP', `<< /N ${ap} >>`);
    rewrite(target.ref!, pdfDict(d));
    const l = pdf.dict(target.dict, 'Lock');
    if (l) {
      const action = pdf.resolve(l.get('Action'));
      const locked = pdf.resolve(l.get('Fields'));
      lock = ` << /Type /SigRef /TransformMethod /FieldMDP /TransformParams << /Type /TransformParams /Action ${pdfValue(action)}${Array.isArray(locked) ? ` /Fields ${pdfValue(locked)}` : ''} /V /1.2 >> >>`;
    }
  } else {
    const page = findPage(pdf, plan.page);
    // /F 132: Print and Locked (§12.5.3).
    add(
      fieldRef.num,
      `<< /FT /Sig /T ${pdfTextString(fieldName)} /V ${sigRef} /Type /Annot /Subtype /Widget /F 132 /Rect [${rect.map(pdfNumber).join(' ')}] /P ${page.ref}${ap ? ` /AP << /N ${ap} >>` : ''} >>`,
    );
    // The page's /Annots.
    const annots = page.dict.get('Annots');
    const annotsValue = pdf.resolve(annots);
    if (annots instanceof PdfRef && Array.isArray(annotsValue)) {
      rewrite(annots, pdfValue([...annotsValue, fieldRef]));
    } else {
      const list = Array.isArray(annotsValue) ? [...annotsValue, fieldRef] : [fieldRef];
      rewrite(page.ref, pdfDict(withEntry(page.dict, 'Annots', list)));
    }
  }

  // The AcroForm: /Fields gains a new field, /SigFlags 3 (SignaturesExist, AppendOnly).
  let newCatalog: Map<string, PdfValue | string> | undefined;
  const acroRaw = catalog.get('AcroForm');
  const acro = pdf.resolve(acroRaw);
  const flags = acro instanceof PdfDict ? pdf.resolve(acro.get('SigFlags')) : undefined;
  const sigFlags = (typeof flags === 'number' && Number.isInteger(flags) ? flags : 0) | 3;
  if (acro instanceof PdfDict) {
    const fieldsRaw = acro.get('Fields');
    const list = pdf.resolve(fieldsRaw);
    let form = withEntry(acro, 'SigFlags', sigFlags);
    if (!target) {
      if (fieldsRaw instanceof PdfRef && Array.isArray(list))
        rewrite(fieldsRaw, pdfValue([...list, fieldRef]));
      else form = withEntry(form, 'Fields', Array.isArray(list) ? [...list, fieldRef] : [fieldRef]);
    }
    if (!target || flags !== sigFlags) {
      if (acroRaw instanceof PdfRef) rewrite(acroRaw, pdfDict(form));
      else newCatalog = withEntry(catalog, 'AcroForm', pdfDict(form));
    }
  } else {
    const formNum = next++;
    add(formNum, `<< /Fields [${fieldRef}] /SigFlags 3 >>`);
    newCatalog = withEntry(catalog, 'AcroForm', new PdfRef(formNum, 0));
  }

  // Certification: /Perms /DocMDP names the signature dictionary (§12.8.4.2).
  let reference = lock;
  if (plan.docMdp !== undefined) {
    reference += ` << /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${plan.docMdp} /V /1.2 >> >>`;
    const permsRaw = catalog.get('Perms');
    const perms = pdf.resolve(permsRaw);
    if (permsRaw instanceof PdfRef && perms instanceof PdfDict)
      rewrite(permsRaw, pdfDict(withEntry(perms, 'DocMDP', sigRef)));
    else
      newCatalog = withEntry(
        newCatalog ?? catalog,
        'Perms',
        pdfDict(withEntry(perms instanceof PdfDict ? perms : new Map(), 'DocMDP', sigRef)),
      );
  }
  if (newCatalog) rewrite(catalogRef, pdfDict(newCatalog));

  // The signature dictionary, with its placeholders; kept out of object streams (its offsets matter).
  const head = `<< ${plan.entries}${reference ? ` /Reference [${reference.trim()}]` : ''} /ByteRange `;
  const contentsAt = head.length + BYTE_RANGE_PLACEHOLDER.length + ' /Contents '.length;
  add(sigNum, `${head}${BYTE_RANGE_PLACEHOLDER} /Contents <${'0'.repeat(plan.contentsSize * 2)}> >>`);

  const { bytes, bodyOffsets } = writeIncrementalUpdate(pdf, objects);
  const sigAt = bodyOffsets.get(sigNum)!;
  const lt = sigAt + contentsAt;
  const gt = lt + 1 + plan.contentsSize * 2;
  const ranges = [0, lt, gt + 1, bytes.length - (gt + 1)] as const;
  bytes.set(
    latin1Bytes(`[${ranges.join(' ')}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ')),
    sigAt + head.length,
  );

  async function* signed() {
    yield bytes.subarray(0, lt);
    yield bytes.subarray(gt + 1);
  }
  const digest = (await digestStream(plan.crypto, [plan.hash], signed()))[plan.hash];
  if (!digest) throw new PadesSigningError('BAD_OPTIONS', `the crypto engine did not compute ${plan.hash}`);
  const contents = await plan.produce(digest);
  if (contents.length > plan.contentsSize)
    throw new PadesSigningError(
      'CONTENTS_TOO_SMALL',
      `the signature needs ${contents.length} bytes but /Contents holds ${plan.contentsSize}: sign again with contentsSize of at least ${contents.length}`,
      { needed: contents.length },
    );
  bytes.set(latin1Bytes(toHexDigits(contents)), lt + 1);
  return bytes;
}
