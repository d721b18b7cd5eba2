/**
 * `addValidationData`: the document security store (`/DSS`, ISO 32000-2 §12.8.4.3, EN 319 142-1 §5.4.2)
 * written in an incremental update — what turns a PAdES-BASELINE-T document into -LT, and, followed by a
 * document time-stamp, into -LTA.
 */
import { MutuaError } from '@mutua/core';
import { readPdf } from '../pdf/document';
import { PdfError } from '../pdf/errors';
import { type PdfDict, PdfRef, PdfStream, type PdfValue } from '../pdf/objects';
import {
  type UpdateObject,
  generationOf,
  nextObjectNumber,
  writeIncrementalUpdate,
} from '../write/incremental';
import { latin1Bytes, pdfDict, pdfValue } from '../write/serialize';
import { PadesSigningError } from './errors';

/** The validation data to add: DER encodings, as the `/DSS` streams hold them. */
export interface ValidationDataToAdd {
  /** Certificates (the signers', the CAs', the TSAs', the OCSP responders'). */
  readonly certificates?: readonly Uint8Array[];
  /** CRLs (CertificateList). */
  readonly crls?: readonly Uint8Array[];
  /** OCSP responses: the whole OCSPResponse, as EN 319 142-1 §5.4.2.2 wants, not the BasicOCSPResponse. */
  readonly ocspResponses?: readonly Uint8Array[];
}

const KEYS = [
  ['Certs', 'certificates'],
  ['CRLs', 'crls'],
  ['OCSPs', 'ocspResponses'],
] as const;

function streamBody(data: Uint8Array): Uint8Array {
  const head = latin1Bytes(`<< /Length ${data.length} >>\nstream\n`);
  const tail = latin1Bytes('\nendstream');
  const body = new Uint8Array(head.length + data.length + tail.length);
  body.set(head, 0);
  body.set(data, head.length);
  body.set(tail, head.length + data.length);
  return body;
}

const keyOf = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/**
 * Adds certificates, CRLs and OCSP responses to the document security store, in one incremental update
 * that leaves every signed revision as it is (a `/DSS` added or updated is a permitted change for every
 * signature and certification level). What the store already holds is kept and not added twice; a
 * `/VRI` already there is kept as it is. With nothing new to add, the document is returned unchanged.
 *
 * The data is what a verifier needs to validate the signatures later without the network: the chains of
 * the signers and TSAs and their revocation data, collected by the caller (with a `Fetcher`, from a
 * verification report, or from the CA). Follow it with {@link addDocumentTimestamp} for PAdES-BASELINE-LTA.
 *
 * Errors: {@link PadesSigningError} `ENCRYPTED`, `MALFORMED` (no catalog to update); a file that does not
 * read throws `PdfError`.
 *
 * @example
 * ```ts
 * import { addValidationData, createPdf, readDocumentSecurityStores, readPdf } from '@mutua/pades';
 * const lt = await addValidationData(await createPdf(), { certificates: [der, caDer] });
 * const stores = await readDocumentSecurityStores(await readPdf(lt));
 * stores.at(-1)?.certificates.length; // 2
 * ```
 */
export async function addValidationData(
  pdfBytes: Uint8Array,
  data: ValidationDataToAdd,
): Promise<Uint8Array> {
  const pdf = await readPdf(pdfBytes);
  if (pdf.encrypted) throw new PadesSigningError('ENCRYPTED', 'the document is encrypted');
  const catalogRef = pdf.lastRevision.trailer.get('Root');
  if (!(catalogRef instanceof PdfRef))
    throw new PadesSigningError('MALFORMED', 'the trailer /Root is not a reference');
  let catalog: PdfDict;
  try {
    catalog = pdf.catalog();
  } catch (e) {
    if (!(e instanceof PdfError)) throw e;
    throw new PadesSigningError('MALFORMED', `the catalog cannot be read: ${e.message}`, { cause: e });
  }
  const dssValue = catalog.get('DSS');
  const dss = pdf.dict(catalog, 'DSS');

  let next = nextObjectNumber(pdf);
  const objects: UpdateObject[] = [];
  const entries = new Map<string, PdfValue | string>(dss?.entries ?? []);
  let added = 0;
  for (const [key, field] of KEYS) {
    // What the store holds already, by content: kept in place, never written twice.
    const old = dss ? pdf.resolve(dss.get(key)) : undefined;
    const kept: PdfValue[] = Array.isArray(old) ? [...(old as readonly PdfValue[])] : [];
    const seen = new Set<string>();
    for (const item of kept) {
      const s = pdf.resolve(item);
      if (!(s instanceof PdfStream)) continue;
      try {
        seen.add(keyOf(await pdf.decodeStream(s)));
      } catch (e) {
        if (!(e instanceof MutuaError)) throw e; // an unreadable stream stays, unread, as it was
      }
    }
    for (const value of data[field] ?? []) {
      const k = keyOf(value);
      if (seen.has(k)) continue;
      seen.add(k);
      const num = next++;
      objects.push({ num, gen: 0, body: streamBody(value) });
      kept.push(new PdfRef(num, 0));
      added++;
    }
    if (kept.length > 0) entries.set(key, pdfValue(kept));
  }
  if (added === 0) return pdfBytes;

  entries.set('Type', '/DSS');
  const body = latin1Bytes(pdfDict(entries));
  if (dssValue instanceof PdfRef) {
    // The store is its own object: a new version of it; the catalog, which points to it, is unchanged.
    objects.push({ num: dssValue.num, gen: generationOf(pdf, dssValue.num), body });
  } else {
    const num = next++;
    objects.push({ num, gen: 0, body });
    const updated = new Map<string, PdfValue | string>(catalog.entries);
    updated.set('DSS', new PdfRef(num, 0));
    objects.push({
      num: catalogRef.num,
      gen: generationOf(pdf, catalogRef.num),
      body: latin1Bytes(pdfDict(updated)),
    });
  }
  return writeIncrementalUpdate(pdf, objects).bytes;
}
