/**
 * Documents for `verifyPades`: a PKI placed around a fixed date, signers with or without a signature
 * time-stamp, and incremental updates that add a document time-stamp or a `/DSS`.
 */
import { type TrustAnchor, trustAnchorFromCertificate } from '@mutua/core';
import {
  type BuiltCertificate,
  type TestPki,
  addSignatureTimestamp,
  createTestPki,
  createTsa,
  signCms,
  timestampToken,
} from '@mutua/testkit';
import { type PdfDocument, PdfRef, appendRevision, formFields, readPdf } from '../../src/index';
import { type Signer, fillSignature, sigDict } from './pdf';

export const REF = new Date('2026-06-01T12:00:00Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const at = (ms: number) => new Date(REF.getTime() + ms);

export interface Fixture {
  readonly pki: TestPki;
  readonly anchors: TrustAnchor[];
  readonly tsa: BuiltCertificate;
  /** A TSA of another PKI, which nobody trusts. */
  readonly untrustedTsa: BuiltCertificate;
  readonly untrustedChain: BuiltCertificate[];
}

let fixturePromise: Promise<Fixture> | undefined;
export function fixture(): Promise<Fixture> {
  fixturePromise ??= (async () => {
    const pki = await createTestPki({ name: 'PAdES Verify Tests', referenceDate: REF, keySpec: 'P-256' });
    const other = await createTestPki({ name: 'Unknown TSA Ltd', referenceDate: REF, keySpec: 'P-256' });
    const tsa = await createTsa(pki, { notBefore: at(-365 * DAY), notAfter: at(5 * 365 * DAY) });
    const untrustedTsa = await createTsa(other, { notBefore: at(-365 * DAY), notAfter: at(5 * 365 * DAY) });
    return {
      pki,
      anchors: [trustAnchorFromCertificate(pki.root.cert)],
      tsa,
      untrustedTsa,
      untrustedChain: [other.issuingCa],
    };
  })();
  return fixturePromise;
}

/** CRLs of the root and the issuing CA, issued at `when` and valid for seven days. */
export async function crlsAt(pki: TestPki, when: Date): Promise<Uint8Array[]> {
  const o = { thisUpdate: when, nextUpdate: new Date(when.getTime() + 7 * DAY) };
  return [(await pki.root.crl(o)).der, (await pki.issuingCa.crl(o)).der];
}

/** A detached CAdES signer, with a signature time-stamp at `timestamp` when given. */
export function cmsSigner(
  f: Fixture,
  o: {
    signer?: BuiltCertificate;
    timestamp?: Date;
    tsa?: BuiltCertificate;
    tsaChain?: BuiltCertificate[];
  } = {},
): Signer {
  return async (content) => {
    const cms = await signCms({
      content,
      signer: o.signer ?? f.pki.endEntity,
      chain: [f.pki.issuingCa],
      detached: true,
      signingTime: o.timestamp ?? REF,
    });
    if (!o.timestamp) return cms;
    return addSignatureTimestamp(cms, o.tsa ?? f.tsa, {
      genTime: o.timestamp,
      chain: o.tsaChain ?? [f.pki.issuingCa],
    });
  };
}

/** A document time-stamp token over the byte ranges (or over `imprint`: a copied token). */
export function tsaSigner(
  f: Fixture,
  genTime: Date,
  o: { tsa?: BuiltCertificate; chain?: BuiltCertificate[]; imprint?: Uint8Array } = {},
): Signer {
  return (content) =>
    timestampToken({
      tsa: o.tsa ?? f.tsa,
      imprint: o.imprint ?? content,
      genTime,
      chain: o.chain ?? [f.pki.issuingCa],
    });
}

function nextObject(pdf: PdfDocument): number {
  const size = pdf.lastRevision.trailer.get('Size');
  return typeof size === 'number' ? size : 100;
}

const page = (annots: string) =>
  `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [${annots}] >>`;
const catalog = (fields: string, dss: string | undefined) =>
  `<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [${fields}] /SigFlags 3 >>${dss ? ` /DSS ${dss}` : ''} >>`;

function state(pdf: PdfDocument) {
  const fields = formFields(pdf)
    .map((x) => x.ref?.toString())
    .filter((x): x is string => x !== undefined);
  const dss = pdf.catalog().get('DSS');
  return { fields, dss: dss instanceof PdfRef ? dss.toString() : undefined };
}

/** Appends a revision with a document time-stamp (a new invisible field), signed by `sign`. */
export async function addDocTimestamp(
  base: Uint8Array,
  sign: Signer,
  type: 'DocTimeStamp' | 'Sig' = 'DocTimeStamp',
): Promise<Uint8Array> {
  const pdf = await readPdf(base);
  const n = nextObject(pdf);
  const { fields, dss } = state(pdf);
  const all = [...fields, `${n} 0 R`].join(' ');
  const updated = await appendRevision(base, {
    objects: {
      1: catalog(all, dss),
      3: page(all),
      [n]: `<< /FT /Sig /T (Sello${n}) /V ${n + 1} 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>`,
      [n + 1]: sigDict({ type, subFilter: 'ETSI.RFC3161' }),
    },
    directObjects: [n + 1],
  });
  return fillSignature(updated, sign);
}

/** Appends a revision with a `/DSS` holding these certificates, CRLs and OCSP responses (DER). */
export async function addDss(
  base: Uint8Array,
  data: {
    certs?: readonly Uint8Array[];
    crls?: readonly Uint8Array[];
    ocsps?: readonly Uint8Array[];
    /** `/VRI` keys (upper-case hex SHA-1 of a signature's CMS), each with an empty entry. */
    vri?: readonly string[];
  },
): Promise<Uint8Array> {
  const pdf = await readPdf(base);
  let n = nextObject(pdf);
  const { fields } = state(pdf);
  const dssNum = n++;
  const objects: Record<number, string | { dict: string; data: Uint8Array }> = {};
  const list = (items: readonly Uint8Array[] = []) =>
    items
      .map((d) => {
        objects[n] = { dict: '<< >>', data: d };
        return `${n++} 0 R`;
      })
      .join(' ');
  const vri = data.vri ? ` /VRI << ${data.vri.map((k) => `/${k} << >>`).join(' ')} >>` : '';
  objects[dssNum] =
    `<< /Certs [${list(data.certs)}] /CRLs [${list(data.crls)}] /OCSPs [${list(data.ocsps)}]${vri} >>`;
  objects[1] = catalog(fields.join(' '), `${dssNum} 0 R`);
  return appendRevision(base, { objects });
}
