/**
 * The interactive form (§12.7): the AcroForm field tree, walked with bounds and cycle detection.
 */
import type { PdfDocument } from './document';
import { PdfError } from './errors';
import { PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from './objects';

/**
 * One terminal form field: its fully qualified name, its dictionary, and the inherited `/FT`.
 *
 * @example
 * ```ts
 * import { createPdf, formFields, readPdf } from '@mutua/pades';
 * const pdf = await readPdf(await createPdf());
 * formFields(pdf).length; // 0
 * ```
 */
export interface PdfField {
  /** Partial names joined with dots (§12.7.4.2). */
  readonly name: string;
  /** The field's reference, when it is an indirect object (it should be). */
  readonly ref?: PdfRef;
  readonly dict: PdfDict;
  /** The field type (`Sig`, `Tx`, `Btn`, `Ch`), inherited from parents when absent. */
  readonly type?: string;
  /** `/V`, unresolved (a signature field's value is a reference to its signature dictionary). */
  readonly value?: PdfValue;
}

/**
 * The terminal fields of the AcroForm as of `revision` (default: the last). A field tree that loops, or
 * is deeper or larger than the limits, ends in a `PdfError`.
 *
 * @example
 * ```ts
 * import { createPdf, formFields, readPdf } from '@mutua/pades';
 * const catalog = '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>';
 * const bytes = await createPdf({ objects: { 1: catalog, 4: '<< /FT /Tx /T (nombre) /V (Ana) >>' } });
 * const fields = formFields(await readPdf(bytes));
 * fields.map((f) => [f.name, f.type]); // [['nombre', 'Tx']]
 * ```
 */
export function formFields(pdf: PdfDocument, revision = pdf.lastRevision.index): PdfField[] {
  const acroForm = pdf.dict(pdf.catalog(revision), 'AcroForm', revision);
  const out: PdfField[] = [];
  if (!acroForm) return out;
  const roots = pdf.resolve(acroForm.get('Fields'), revision);
  if (!Array.isArray(roots)) return out;
  const seen = new Set<string>();
  let visited = 0;
  const walk = (item: PdfValue, parentName: string, parentType: string | undefined, depth: number): void => {
    if (depth > pdf.limits.maxDepth) throw new PdfError('TOO_DEEP', 'form field tree too deep');
    if (++visited > pdf.limits.maxFields) throw new PdfError('TOO_MANY_OBJECTS', 'too many form fields');
    const ref = item instanceof PdfRef ? item : undefined;
    if (ref) {
      const key = `${ref.num} ${ref.gen}`;
      if (seen.has(key)) {
        pdf.problems.push({ code: 'FIELD_CYCLE', message: `form field ${key} R is reached twice` });
        return;
      }
      seen.add(key);
    }
    const dict = pdf.resolve(item, revision);
    if (!(dict instanceof PdfDict)) return;
    const t = pdf.resolve(dict.get('T'), revision);
    const partial = t instanceof PdfString ? t.text() : undefined;
    const name = partial === undefined ? parentName : parentName ? `${parentName}.${partial}` : partial;
    const ft = pdf.resolve(dict.get('FT'), revision);
    const type = ft instanceof PdfName ? ft.value : parentType;
    const kids = pdf.resolve(dict.get('Kids'), revision);
    // Kids with a /T are fields; kids without are the field's widgets (§12.7.4).
    const fieldKids = Array.isArray(kids)
      ? kids.filter((k) => {
          const kd = pdf.resolve(k, revision);
          return kd instanceof PdfDict && kd.get('T') !== undefined;
        })
      : [];
    if (fieldKids.length > 0) {
      for (const k of fieldKids) walk(k, name, type, depth + 1);
      return;
    }
    out.push({ name, ref, dict, type, value: dict.get('V') });
  };
  for (const r of roots) walk(r, '', undefined, 0);
  return out;
}
