/**
 * Validation data a PDF carries outside the CMS: the document security store (`/DSS`, ETSI EN 319 142-1
 * §5.4.2, ISO 32000-2 §12.8.4.3) of each revision, and Adobe's revocation archival signed attribute.
 */
import type { SignerInfo } from '@mutua/cades';
import {
  type Certificate,
  type CertificateList,
  MutuaError,
  type OcspResponse,
  children,
  explicitInner,
  isContext,
  parseCertificate,
  parseCrl,
  parseOcspResponse,
  tlvBytes,
} from '@mutua/core';
import type { PdfDocument } from '../pdf/document';
import { PdfError } from '../pdf/errors';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfValue } from '../pdf/objects';

/**
 * Certificates, CRLs and OCSP responses, parsed, with what could not be read.
 *
 * @example
 * ```ts
 * import type { PdfValidationData } from '@mutua/pades';
 * const none: PdfValidationData = { certificates: [], crls: [], ocspResponses: [], problems: [] };
 * none.certificates.length; // 0
 * ```
 */
export interface PdfValidationData {
  readonly certificates: readonly Certificate[];
  readonly crls: readonly CertificateList[];
  readonly ocspResponses: readonly OcspResponse[];
  /** Values that could not be read (reported, never fatal). */
  readonly problems: readonly string[];
}

/**
 * The document security store as one revision shows it.
 *
 * @example
 * ```ts
 * import { createPdf, readDocumentSecurityStores, readPdf } from '@mutua/pades';
 * const [first] = await readDocumentSecurityStores(await readPdf(await createPdf()));
 * first?.present; // false
 * ```
 */
export interface DocumentSecurityStore extends PdfValidationData {
  /** The revision (index, oldest first). */
  readonly revision: number;
  /** The catalog of this revision names a `/DSS`. */
  readonly present: boolean;
  /** This revision wrote the `/DSS` or an object it holds (it was added or updated here). */
  readonly changed: boolean;
  /** The `/VRI` keys (upper-case hex SHA-1 of a signature's `/Contents` CMS), when there is a `/VRI`. */
  readonly vri: ReadonlySet<string>;
}

const EMPTY: PdfValidationData = { certificates: [], crls: [], ocspResponses: [], problems: [] };

/** Object numbers a value refers to, one level down (the `/DSS` entries and their arrays' streams). */
function refsIn(pdf: PdfDocument, v: PdfValue | undefined, revision: number, out: Set<number>, depth = 0) {
  if (depth > 3 || v === undefined) return;
  if (v instanceof PdfRef) {
    out.add(v.num);
    const r = pdf.getObject(v, revision);
    if (!(r instanceof PdfStream)) refsIn(pdf, r, revision, out, depth + 1);
  } else if (Array.isArray(v)) for (const x of v) refsIn(pdf, x, revision, out, depth + 1);
  else if (v instanceof PdfDict) for (const x of v.entries.values()) refsIn(pdf, x, revision, out, depth + 1);
}

/**
 * Reads the `/DSS` of every revision: its `/Certs`, `/CRLs`, `/OCSPs` streams (each one decoded and
 * parsed once, however many revisions show it) and its `/VRI` keys. Streams that do not parse are listed
 * in `problems`; a revision without a `/DSS` comes back with `present: false`.
 *
 * @example
 * ```ts
 * import { appendRevision, createPdf, readDocumentSecurityStores, readPdf } from '@mutua/pades';
 * const v1 = await createPdf();
 * const v2 = await appendRevision(v1, {
 *   objects: { 1: '<< /Type /Catalog /Pages 2 0 R /DSS 4 0 R >>', 4: '<< /Certs [5 0 R] >>', 5: { dict: '<< >>', data: 'not a certificate' } },
 * });
 * const stores = await readDocumentSecurityStores(await readPdf(v2));
 * stores.map((s) => [s.present, s.changed]); // [[false, false], [true, true]]
 * stores[1]?.problems.length; // 1
 * ```
 */
export async function readDocumentSecurityStores(pdf: PdfDocument): Promise<DocumentSecurityStore[]> {
  const parsed = new Map<string, Certificate | CertificateList | OcspResponse | string>();
  const out: DocumentSecurityStore[] = [];
  for (const rev of pdf.revisions) {
    const r = rev.index;
    let dss: PdfDict | undefined;
    try {
      dss = pdf.dict(pdf.catalog(r), 'DSS', r);
    } catch (e) {
      if (!(e instanceof PdfError)) throw e;
    }
    if (!dss) {
      out.push({ revision: r, present: false, changed: false, vri: new Set(), ...EMPTY });
      continue;
    }
    const nums = new Set<number>();
    const dssRef = pdf.catalog(r).get('DSS');
    if (dssRef instanceof PdfRef) nums.add(dssRef.num);
    refsIn(pdf, dss, r, nums);
    // Added here, or an object it holds written here. A /DSS written directly in the catalog changes with
    // the catalog (counted below, once its streams are read, by comparing with the previous revision).
    const prev = out[out.length - 1];
    let changed = !prev?.present || [...nums].some((n) => rev.entries.has(n));
    const certificates: Certificate[] = [];
    const crls: CertificateList[] = [];
    const ocspResponses: OcspResponse[] = [];
    const problems: string[] = [];
    const read = async (key: 'Certs' | 'CRLs' | 'OCSPs') => {
      const list = pdf.resolve(dss!.get(key), r);
      if (!Array.isArray(list)) return;
      for (const item of list as readonly PdfValue[]) {
        const s = pdf.resolve(item, r);
        if (!(s instanceof PdfStream)) {
          problems.push(`/DSS /${key}: an entry is not a stream`);
          continue;
        }
        const cacheKey = `${key}@${s.dataOffset}:${s.raw.length}`;
        let value = parsed.get(cacheKey);
        if (value === undefined) {
          try {
            const data = await pdf.decodeStream(s);
            value =
              key === 'Certs'
                ? parseCertificate(data)
                : key === 'CRLs'
                  ? parseCrl(data)
                  : parseOcspResponse(data);
          } catch (e) {
            if (!(e instanceof MutuaError)) throw e;
            value = `/DSS /${key}: a stream does not parse (${e.message})`;
          }
          parsed.set(cacheKey, value);
        }
        if (typeof value === 'string') problems.push(value);
        else if (key === 'Certs') certificates.push(value as Certificate);
        else if (key === 'CRLs') crls.push(value as CertificateList);
        else ocspResponses.push(value as OcspResponse);
      }
    };
    await read('Certs');
    await read('CRLs');
    await read('OCSPs');
    const vriDict = pdf.dict(dss, 'VRI', r);
    const vri = new Set<string>(vriDict ? [...vriDict.entries.keys()].map((k) => k.toUpperCase()) : []);
    if (!changed && !(dssRef instanceof PdfRef) && prev)
      changed =
        prev.certificates.length !== certificates.length ||
        prev.crls.length !== crls.length ||
        prev.ocspResponses.length !== ocspResponses.length ||
        prev.vri.size !== vri.size;
    out.push({ revision: r, present: true, changed, vri, certificates, crls, ocspResponses, problems });
  }
  return out;
}

/** Merges validation data, dropping duplicates (same DER). */
export function mergeValidationData(...parts: readonly PdfValidationData[]): PdfValidationData {
  const seen = new Set<string>();
  const key = (der: Uint8Array) => {
    let h = 0;
    for (let i = 0; i < der.length; i += Math.max(1, der.length >> 6)) h = (h * 31 + der[i]!) | 0;
    return `${der.length}:${h}`;
  };
  const unique = <T extends { der: Uint8Array }>(xs: readonly T[], tag: string) => {
    const out: T[] = [];
    for (const x of xs) {
      const k = `${tag}${key(x.der)}`;
      if (seen.has(k) && out.some((y) => sameBytes(y.der, x.der))) continue;
      seen.add(k);
      out.push(x);
    }
    return out;
  };
  return {
    certificates: unique(
      parts.flatMap((p) => p.certificates),
      'c',
    ),
    crls: unique(
      parts.flatMap((p) => p.crls),
      'l',
    ),
    ocspResponses: unique(
      parts.flatMap((p) => p.ocspResponses),
      'o',
    ),
    problems: parts.flatMap((p) => p.problems),
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  // A plain loop: each later /DSS repeats the earlier ones' CRLs, and a callback per byte of a large CRL
  // costs milliseconds.
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Adobe's revocation archival signed attribute (`adbe-revocationInfoArchival`, ISO 32000-1 §12.8.3.3.2). */
export const ADBE_REVOCATION_INFO_ARCHIVAL = '1.2.840.113583.1.1.8';

/**
 * The CRLs and OCSP responses a PDF signature's CMS carries in Adobe's revocation archival signed
 * attribute: `RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRLs OPTIONAL, ocsp [1]
 * EXPLICIT SEQUENCE OF OCSPResponse OPTIONAL, otherRevInfo [2] … }`. Nothing here is trusted: revocation
 * data is signed by its issuer, and the path validation judges it.
 */
export function adbeRevocationData(si: SignerInfo): PdfValidationData {
  const crls: CertificateList[] = [];
  const ocspResponses: OcspResponse[] = [];
  const problems: string[] = [];
  for (const attr of si.signedAttributes ?? []) {
    if (attr.type !== ADBE_REVOCATION_INFO_ARCHIVAL) continue;
    for (const v of attr.values) {
      try {
        for (const field of children(v)) {
          if (isContext(field, 0))
            for (const c of children(explicitInner(field, 'crl'))) crls.push(parseCrl(tlvBytes(c)));
          else if (isContext(field, 1))
            for (const o of children(explicitInner(field, 'ocsp')))
              ocspResponses.push(parseOcspResponse(tlvBytes(o)));
        }
      } catch (e) {
        if (!(e instanceof MutuaError)) throw e;
        problems.push(`adbe-revocationInfoArchival: ${e.message}`);
      }
    }
  }
  return { certificates: [], crls, ocspResponses, problems };
}

/** The name or string a dictionary key holds, trimmed (some producers pad `/SubFilter` with spaces). */
export function trimmedName(
  pdf: PdfDocument,
  dict: PdfDict,
  key: string,
  revision: number,
): string | undefined {
  const v = pdf.resolve(dict.get(key), revision);
  if (v instanceof PdfName) return v.value.trim();
  if (v instanceof PdfString) return v.text().trim();
  return undefined;
}
