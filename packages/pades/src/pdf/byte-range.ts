/**
 * `/ByteRange` judged against the file (attack catalogue P1 universal signature forgery, P3 signature
 * wrapping): exactly `[0 a b c]`, the gap exactly this dictionary's hex `/Contents`, and `b + c` the end
 * of the revision that holds the dictionary.
 */
import type { PdfDocument } from './document';
import type { PdfDict, PdfString } from './objects';

/**
 * Why a `/ByteRange` is not what a PDF signature needs. Any one of them makes the range invalid.
 *
 * @example
 * ```ts
 * import type { ByteRangeProblem } from '@mutua/pades';
 * const p: ByteRangeProblem = 'GAP_NOT_CONTENTS';
 * p; // 'GAP_NOT_CONTENTS'
 * ```
 */
export type ByteRangeProblem =
  /** No `/ByteRange`, or not a direct array. */
  | 'MISSING'
  /** Not exactly four non-negative integers. */
  | 'MALFORMED'
  /** The first range does not start at byte 0. */
  | 'NOT_FROM_START'
  /** The second range starts before the first ends (`b < a`), or a range is empty. */
  | 'OVERLAP'
  /** A range extends past the end of the file. */
  | 'BEYOND_FILE'
  /** No hex `/Contents` string in the signature dictionary. */
  | 'CONTENTS_MISSING'
  /** `/Contents` is in an object stream or is a literal string, so no byte gap can exclude it. */
  | 'CONTENTS_NOT_IN_FILE'
  /** The gap `[a, b)` is not exactly this dictionary's `/Contents` hex string (brackets included). */
  | 'GAP_NOT_CONTENTS'
  /** `b + c` is not the end of the revision holding the signature dictionary. */
  | 'NOT_REVISION_END';

/**
 * The verdict on one `/ByteRange`.
 *
 * @example
 * ```ts
 * import type { ByteRangeCheck } from '@mutua/pades';
 * const check: ByteRangeCheck = { valid: false, problems: ['MISSING'] };
 * check.valid; // false
 * ```
 */
export interface ByteRangeCheck {
  /** `[0, a, b, c]` when the array holds four non-negative integers, whatever else is wrong. */
  readonly ranges?: readonly [number, number, number, number];
  readonly valid: boolean;
  readonly problems: readonly ByteRangeProblem[];
  /** The revision whose end `b + c` is, when it is one (normally the revision holding the dictionary). */
  readonly endsRevision?: number;
}

export function checkByteRange(
  pdf: PdfDocument,
  dict: PdfDict,
  contents: PdfString | undefined,
  revision: number,
): ByteRangeCheck {
  const problems: ByteRangeProblem[] = [];
  const raw = dict.get('ByteRange');
  if (!Array.isArray(raw)) return { valid: false, problems: ['MISSING'] };
  const ints =
    raw.length === 4 && raw.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0);
  if (!ints) return { valid: false, problems: ['MALFORMED'] };
  const ranges = raw as unknown as [number, number, number, number];
  const [o1, a, b, c] = ranges;
  const size = pdf.bytes.length;
  if (o1 !== 0) problems.push('NOT_FROM_START');
  if (b < o1 + a || a === 0 || c === 0) problems.push('OVERLAP');
  if (o1 + a > size || b + c > size) problems.push('BEYOND_FILE');
  if (!contents) problems.push('CONTENTS_MISSING');
  else if (!contents.hex || contents.start < 0) problems.push('CONTENTS_NOT_IN_FILE');
  else if (contents.start !== o1 + a || contents.end !== b) problems.push('GAP_NOT_CONTENTS');
  const end = b + c;
  const endsRevision = pdf.revisions.find((r) => r.end === end || r.eofEnd === end)?.index;
  if (revision < 0 || endsRevision !== revision) problems.push('NOT_REVISION_END');
  return { ranges, valid: problems.length === 0, problems, endsRevision };
}

/** The end offset of the BER/DER element at `p` (indefinite lengths followed), or -1. */
export function berEnd(b: Uint8Array, p: number, depth = 0): number {
  if (depth > 64 || p >= b.length) return -1;
  let q = p + 1;
  if ((b[p]! & 0x1f) === 0x1f) while (q < b.length && b[q++]! & 0x80);
  const first = b[q++];
  if (first === undefined) return -1;
  if (first === 0x80) {
    if (!(b[p]! & 0x20)) return -1; // indefinite length only for constructed encodings
    while (q < b.length) {
      if (b[q] === 0 && b[q + 1] === 0) return q + 2;
      q = berEnd(b, q, depth + 1);
      if (q < 0) return -1;
    }
    return -1;
  }
  let len = first;
  if (first > 0x80) {
    const n = first & 0x7f;
    if (n > 4) return -1;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (b[q++] ?? Number.NaN);
  }
  const end = q + len;
  return Number.isNaN(end) || end > b.length ? -1 : end;
}
