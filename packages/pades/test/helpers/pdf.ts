/**
 * Test documents: signed PDFs built in code. A signature dictionary is written with a fixed-width
 * `/ByteRange` placeholder and a zero-filled `/Contents` slot; `fillSignature` lays out the ranges
 * around the slot, signs them with testkit's `signCms` (detached) and writes the CMS into the slot.
 */
import { type BuiltCertificate, type TestPki, createTestPki, signCms } from '@mutua/testkit';
import { type WritePdfOptions, appendRevision, createPdf } from '../../src/index';

export const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 0000000000 0000000000 0000000000]';

export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

export function fromLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface SigDictOptions {
  readonly subFilter?: string;
  readonly type?: 'Sig' | 'DocTimeStamp';
  /** Bytes reserved for the CMS (the hex slot holds twice as many digits). */
  readonly slot?: number;
  /** More entries, as PDF syntax. */
  readonly extra?: string;
}

export function sigDict(o: SigDictOptions = {}): string {
  return `<< /Type /${o.type ?? 'Sig'} /Filter /Adobe.PPKLite /SubFilter /${o.subFilter ?? 'ETSI.CAdES.detached'} ${BYTE_RANGE_PLACEHOLDER} /Contents <${'0'.repeat((o.slot ?? 6000) * 2)}> /M (D:20261122120000Z) /Reason (Acuerdo de servicios) /Location (Montevideo) /Name (Ana Pereira)${o.extra ? ` ${o.extra}` : ''} >>`;
}

export type Signer = (content: Uint8Array) => Promise<Uint8Array>;

/**
 * Fills the last placeholder of `bytes`: ranges around its `/Contents` slot, then the CMS. `edit`
 * changes the ranges written (for wrapping attacks); the CMS always signs the true ranges.
 */
export async function fillSignature(
  bytes: Uint8Array,
  sign: Signer,
  edit?: (r: [number, number, number, number]) => string,
): Promise<Uint8Array> {
  const text = latin1(bytes);
  const br = text.lastIndexOf(BYTE_RANGE_PLACEHOLDER);
  if (br < 0) throw new Error('no ByteRange placeholder');
  const lt = text.indexOf('/Contents <', br) + '/Contents '.length;
  const gt = text.indexOf('>', lt);
  const ranges: [number, number, number, number] = [0, lt, gt + 1, bytes.length - (gt + 1)];
  const brText = `/ByteRange ${edit ? edit(ranges) : `[${ranges.join(' ')}]`}`;
  if (brText.length > BYTE_RANGE_PLACEHOLDER.length) throw new Error('ByteRange does not fit');
  const out = bytes.slice();
  out.set(fromLatin1(brText.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ')), br);
  const signed = concat(out.subarray(0, lt), out.subarray(gt + 1));
  const cms = await sign(signed);
  const hex = Array.from(cms, (b) => b.toString(16).padStart(2, '0')).join('');
  if (hex.length > gt - lt - 1) throw new Error('CMS does not fit the slot');
  out.set(fromLatin1(hex), lt + 1);
  return out;
}

let pkiPromise: Promise<TestPki> | undefined;
export function testPki(): Promise<TestPki> {
  pkiPromise ??= createTestPki({ name: 'Mutua PAdES Test' });
  return pkiPromise;
}

export async function cadesSigner(extra: Partial<Parameters<typeof signCms>[0]> = {}): Promise<Signer> {
  const pki = await testPki();
  const signer: BuiltCertificate = pki.endEntity;
  return (content) => signCms({ content, signer, chain: [pki.issuingCa], detached: true, ...extra });
}

const CATALOG_WITH_FIELD = (fields: string, extra = '') =>
  `<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [${fields}] /SigFlags 3 >>${extra} >>`;

/** A one-page document signed once (field 4, signature dictionary 5). */
export async function signedPdf(
  options: WritePdfOptions & {
    sig?: SigDictOptions;
    signer?: Signer;
    catalogExtra?: string;
    fieldExtra?: string;
  } = {},
): Promise<Uint8Array> {
  const unsigned = await createPdf({
    ...options,
    objects: {
      1: CATALOG_WITH_FIELD('4 0 R', options.catalogExtra),
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>',
      4: `<< /FT /Sig /T (Firma1) /V 5 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R${options.fieldExtra ?? ''} >>`,
      5: sigDict(options.sig),
      ...options.objects,
    },
    directObjects: [5, ...(options.directObjects ?? [])],
  });
  return fillSignature(unsigned, options.signer ?? (await cadesSigner()));
}

/** Adds a second signature (field 6, dictionary 7) in an incremental update. */
export async function addSignature(
  base: Uint8Array,
  options: WritePdfOptions & { sig?: SigDictOptions; signer?: Signer } = {},
) {
  const updated = await appendRevision(base, {
    ...options,
    objects: {
      1: CATALOG_WITH_FIELD('4 0 R 6 0 R'),
      6: '<< /FT /Sig /T (Firma2) /V 7 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>',
      7: sigDict(options.sig),
      ...options.objects,
    },
    directObjects: [7],
  });
  return fillSignature(updated, options.signer ?? (await cadesSigner()));
}
