/**
 * Documents for modification analysis: a one-page contract signed (and, when asked, certified at a
 * DocMDP level) in revision 0, with an empty signature field, a text field, a font, a form XObject and
 * room for shadow objects; then incremental updates that change it in permitted and forbidden ways.
 */
import {
  type PdfObjectSource,
  type PdfSignature,
  type WritePdfOptions,
  analyzeModifications,
  appendRevision,
  findSignatures,
  readPdf,
} from '../../src/index';
import { cadesSigner, fillSignature, latin1, sigDict, signedPdf } from './pdf';

export type Level = 1 | 2 | 3 | undefined;

export const docMdpReference = (p: number) =>
  `/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${p} /V /1.2 >> >>]`;

export const fieldMdpReference = (action: string, fields: string[]) =>
  `/Reference [<< /Type /SigRef /TransformMethod /FieldMDP /TransformParams << /Type /TransformParams /Action /${action} /Fields [${fields.map((f) => `(${f})`).join(' ')}] /V /1.2 >> >>]`;

export const FIELDS = '4 0 R 6 0 R 10 0 R';

export const catalog = (p: Level, fields = FIELDS, extra = '') =>
  `<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [${fields}] /SigFlags 3 >>${p ? ' /Perms << /DocMDP 5 0 R >>' : ''}${extra} >>`;

export const page = (annots = FIELDS, extra = '', contents = '8 0 R', font = '11 0 R') =>
  `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${contents} /Resources << /Font << /F1 ${font} >> /XObject << /Cover 12 0 R >> >> /Annots [${annots}]${extra} >>`;

export const TEXT =
  'BT /F1 12 Tf 72 700 Td (Pague 100 pesos a Ana Pereira) Tj ET q 100 0 0 20 72 650 cm /Cover Do Q';

export const textField = (extra = '') =>
  `<< /FT /Tx /T (importe) /Type /Annot /Subtype /Widget /Rect [300 600 400 620] /P 3 0 R /DA (/Helv 10 Tf 0 g)${extra} >>`;

/** The contract, signed in revision 0 (field Firma1), certified at `p` when given. */
export async function contract(
  p: Level,
  options: { sigExtra?: string; objects?: Record<number, PdfObjectSource> } & WritePdfOptions = {},
): Promise<Uint8Array> {
  const extra = [p ? docMdpReference(p) : '', options.sigExtra ?? ''].join(' ').trim();
  return signedPdf({
    ...options,
    sig: extra ? { extra } : {},
    objects: {
      1: catalog(p),
      3: page(),
      6: '<< /FT /Sig /T (Firma2) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>',
      8: { dict: '<< >>', data: TEXT },
      10: textField(),
      11: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      // A white cover the signer's page draws over part of the page.
      12: { dict: '<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] >>', data: '1 g 0 0 1 1 re f' },
      ...options.objects,
    },
  });
}

/** Signs the last placeholder of `bytes` (a new signature or document time-stamp). */
export async function sign(bytes: Uint8Array): Promise<Uint8Array> {
  return fillSignature(bytes, await cadesSigner());
}

/** The signature of field `field` (default Firma1). */
export function signatureOf(signatures: readonly PdfSignature[], field = 'Firma1'): PdfSignature {
  const s = signatures.find((x) => x.fieldName === field);
  if (!s) throw new Error(`no signature in field ${field}`);
  return s;
}

/** Reads `bytes` and analyses the signature of `field`. */
export async function analyse(
  bytes: Uint8Array,
  options: Parameters<typeof analyzeModifications>[2] = {},
  field = 'Firma1',
) {
  const pdf = await readPdf(bytes);
  const signatures = findSignatures(pdf);
  return analyzeModifications(pdf, signatureOf(signatures, field), { signatures, ...options });
}

/** The body of object `num` as the last revision holding it wrote it (its text between `obj` and `endobj`). */
export function objectText(bytes: Uint8Array, num: number): string {
  const text = latin1(bytes);
  const at = text.lastIndexOf(`\n${num} 0 obj\n`);
  if (at < 0) throw new Error(`object ${num} not found`);
  const start = at + `\n${num} 0 obj\n`.length;
  return text.slice(start, text.indexOf('\nendobj', start));
}

/** A new signature (dictionary 7) in the empty field Firma2, signed. */
export async function signSecondField(base: Uint8Array, widget = '/Rect [0 0 0 0]'): Promise<Uint8Array> {
  const updated = await appendRevision(base, {
    objects: {
      6: `<< /FT /Sig /T (Firma2) /V 7 0 R /Type /Annot /Subtype /Widget ${widget} /P 3 0 R >>`,
      7: sigDict(),
    },
    directObjects: [7],
  });
  return sign(updated);
}
