/**
 * Bounded stream decoding. FlateDecode uses the platform's `DecompressionStream('deflate')` (Node 18+,
 * every current browser), fed the compressed bytes and stopped as soon as the output passes the size or
 * ratio limit, so a bomb costs at most that much memory. PNG and TIFF predictors follow (§7.4.4.4). Internal.
 */
import { PdfError } from './errors';
import type { PdfLimits } from './limits';
import { PdfDict, PdfName, type PdfValue } from './objects';

const RATIO_FLOOR = 1024 * 1024;

/** Limits for one decode: the per-stream limits, and what is left of the document-wide budget. */
export interface DecodeBudget {
  readonly limits: PdfLimits;
  /** Bytes the document may still decode; decremented by the caller. */
  remaining: number;
}

export async function decodeStreamData(
  dict: PdfDict,
  raw: Uint8Array,
  budget: DecodeBudget,
): Promise<Uint8Array> {
  const filters = asArray(dict.get('Filter'));
  const parms = asArray(dict.get('DecodeParms'));
  let data = raw;
  for (let i = 0; i < filters.length; i++) {
    const f = filters[i];
    const name = f instanceof PdfName ? f.value : undefined;
    const p = parms[i] instanceof PdfDict ? (parms[i] as PdfDict) : undefined;
    if (name === 'FlateDecode' || name === 'Fl')
      data = unpredict(await inflateBounded(data, raw.length, budget), p);
    else if (name === 'ASCIIHexDecode' || name === 'AHx') data = asciiHex(data);
    else
      throw new PdfError(
        'UNSUPPORTED_FILTER',
        `stream filter ${name ? `/${name}` : '(not a name)'} is not decoded`,
      );
  }
  return data;
}

function asArray(v: PdfValue | undefined): readonly PdfValue[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v as PdfValue];
}

async function inflateBounded(
  input: Uint8Array,
  encodedSize: number,
  budget: DecodeBudget,
): Promise<Uint8Array> {
  const { maxDecodedStreamBytes, maxDecompressionRatio } = budget.limits;
  const cap = Math.min(maxDecodedStreamBytes, budget.remaining);
  const ds = new DecompressionStream('deflate');
  const writer = ds.writable.getWriter();
  // Errors surface on the reader; these promises would otherwise be unhandled rejections.
  writer.write(input as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > cap || (total > RATIO_FLOOR && total > encodedSize * maxDecompressionRatio)) {
        await reader.cancel().catch(() => {});
        throw new PdfError(
          'DECOMPRESSION_BOMB',
          `a ${encodedSize}-byte stream inflates past ${total} bytes (limits: ${cap} bytes, ratio ${maxDecompressionRatio})`,
        );
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof PdfError) throw e;
    // Viewers keep whatever inflated before the damage; what is validated must be exact, so a
    // truncated or corrupt stream is an error for the caller to report.
    throw new PdfError('MALFORMED', `FlateDecode data is corrupt: ${(e as Error).message}`, { cause: e });
  }
  budget.remaining -= total;
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

function asciiHex(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / 2));
  let n = 0;
  let high = -1;
  for (const c of data) {
    if (c === 0x3e) break;
    const v =
      c >= 0x30 && c <= 0x39
        ? c - 48
        : c >= 0x41 && c <= 0x46
          ? c - 55
          : c >= 0x61 && c <= 0x66
            ? c - 87
            : -1;
    if (v < 0) {
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0) continue;
      throw new PdfError('MALFORMED', 'invalid character in ASCIIHexDecode data');
    }
    if (high < 0) high = v;
    else {
      out[n++] = high * 16 + v;
      high = -1;
    }
  }
  if (high >= 0) out[n++] = high * 16;
  return out.subarray(0, n);
}

function intParam(p: PdfDict | undefined, key: string, dflt: number): number {
  const v = p?.get(key);
  return typeof v === 'number' && Number.isInteger(v) ? v : dflt;
}

/** Undoes a PNG (10–15) or TIFF (2) predictor; the output is never larger than the input. */
function unpredict(data: Uint8Array, p: PdfDict | undefined): Uint8Array {
  const predictor = intParam(p, 'Predictor', 1);
  if (predictor === 1) return data;
  const colors = intParam(p, 'Colors', 1);
  const bpc = intParam(p, 'BitsPerComponent', 8);
  const columns = intParam(p, 'Columns', 1);
  if (colors < 1 || colors > 32 || ![1, 2, 4, 8, 16].includes(bpc) || columns < 1 || columns > 1 << 20)
    throw new PdfError('MALFORMED', 'invalid predictor parameters');
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLength = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) {
    if (bpc !== 8)
      throw new PdfError('UNSUPPORTED_FILTER', 'TIFF predictor with other than 8 bits per component');
    const out = data.slice();
    for (let r = 0; r < out.length; r += rowLength)
      for (let i = r + bpp; i < Math.min(r + rowLength, out.length); i++)
        out[i] = (out[i]! + out[i - bpp]!) & 0xff;
    return out;
  }
  if (predictor < 10 || predictor > 15) throw new PdfError('MALFORMED', `unknown predictor ${predictor}`);
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLength + 1)]!;
    const src = r * (rowLength + 1) + 1;
    const dst = r * rowLength;
    for (let i = 0; i < rowLength; i++) {
      const raw = data[src + i]!;
      const left = i >= bpp ? out[dst + i - bpp]! : 0;
      const up = r > 0 ? out[dst - rowLength + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst - rowLength + i - bpp]! : 0;
      let v: number;
      if (type === 0) v = raw;
      else if (type === 1) v = raw + left;
      else if (type === 2) v = raw + up;
      else if (type === 3) v = raw + ((left + up) >> 1);
      else if (type === 4) {
        const pa = Math.abs(up - upLeft);
        const pb = Math.abs(left - upLeft);
        const pc = Math.abs(left + up - 2 * upLeft);
        v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      } else throw new PdfError('MALFORMED', `unknown PNG filter type ${type}`);
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}
