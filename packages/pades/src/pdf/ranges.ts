/**
 * What a signature signs: its byte ranges as views into the file (never copied), ready for
 * `digestStream` of @mutua/core, and which revision of how many that is.
 */
import type { PdfDocument } from './document';
import { PdfError } from './errors';
import type { PdfSignature } from './signatures';

/**
 * The byte ranges a signature's `/ByteRange` names, as `subarray` views of the file, in order. Throws a
 * `PdfError` (`MALFORMED`) when there are no four integers or a range lies outside the file; hashing
 * ranges whose other checks failed is allowed (the verdict comes from `byteRange.valid`).
 *
 * @example
 * ```ts
 * import { digestStream } from '@mutua/core';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * import { PdfDict, type PdfSignature, readPdf, createPdf, signedRanges } from '@mutua/pades';
 * const pdf = await readPdf(await createPdf());
 * const sig = { byteRange: { ranges: [0, 10, 20, 5], valid: false, problems: [] } } as unknown as PdfSignature;
 * const chunks = [];
 * for await (const c of signedRanges(pdf, sig)) chunks.push(c.length);
 * chunks; // [10, 5]
 * (await digestStream(nodeCryptoEngine, ['SHA-256'], signedRanges(pdf, sig)))['SHA-256']?.length; // 32
 * ```
 */
export async function* signedRanges(pdf: PdfDocument, signature: PdfSignature): AsyncGenerator<Uint8Array> {
  const r = signature.byteRange.ranges;
  if (!r) throw new PdfError('MALFORMED', 'the signature has no usable /ByteRange');
  const size = pdf.bytes.length;
  for (let i = 0; i < 4; i += 2) {
    const start = r[i]!;
    const len = r[i + 1]!;
    if (start + len > size) throw new PdfError('MALFORMED', `byte range ${start}+${len} is outside the file`);
    yield pdf.bytes.subarray(start, start + len);
  }
}

/**
 * How much of the document a signature covers.
 *
 * @example
 * ```ts
 * import type { SignatureCoverage } from '@mutua/pades';
 * const c: SignatureCoverage = { revision: 0, revisionCount: 2, coversWholeDocument: false, signedBytes: 900, unsignedBytes: 400 };
 * c.coversWholeDocument; // false
 * ```
 */
export interface SignatureCoverage {
  /** The revision the signature signs (index, oldest first), or -1 when its ranges end at none. */
  readonly revision: number;
  readonly revisionCount: number;
  /** The ranges end where the file ends (or only white space follows) and the gap is its own `/Contents`. */
  readonly coversWholeDocument: boolean;
  /** Bytes hashed (both ranges). */
  readonly signedBytes: number;
  /** Bytes of the file after the signed ranges (later revisions, or anything appended). */
  readonly unsignedBytes: number;
}

/**
 * Which revision a signature signs, of how many, and whether that is the whole document (attack P2:
 * content appended after signing is never reported as signed).
 *
 * @example
 * ```ts
 * import { type PdfSignature, createPdf, readPdf, signatureCoverage } from '@mutua/pades';
 * const bytes = await createPdf();
 * const pdf = await readPdf(bytes);
 * const sig = { byteRange: { ranges: [0, 10, 20, bytes.length - 20], valid: true, problems: [], endsRevision: 0 } } as unknown as PdfSignature;
 * signatureCoverage(pdf, sig).coversWholeDocument; // true
 * ```
 */
export function signatureCoverage(pdf: PdfDocument, signature: PdfSignature): SignatureCoverage {
  const r = signature.byteRange.ranges;
  const revisionCount = pdf.revisions.length;
  if (!r)
    return {
      revision: -1,
      revisionCount,
      coversWholeDocument: false,
      signedBytes: 0,
      unsignedBytes: pdf.bytes.length,
    };
  const end = r[2] + r[3];
  let tail = end;
  const { bytes } = pdf;
  while (
    tail < bytes.length &&
    (bytes[tail] === 0x0a || bytes[tail] === 0x0d || bytes[tail] === 0x20 || bytes[tail] === 0)
  )
    tail++;
  const revision = signature.byteRange.endsRevision ?? -1;
  return {
    revision,
    revisionCount,
    coversWholeDocument: signature.byteRange.valid && revision === revisionCount - 1 && tail === bytes.length,
    signedBytes: r[1] + r[3],
    unsignedBytes: Math.max(0, bytes.length - end),
  };
}
