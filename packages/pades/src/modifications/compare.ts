/**
 * Structural comparison of PDF values, references compared by number and generation (never followed):
 * a change to a referenced object is a change of that object. Internal.
 */
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfValue } from '../pdf/objects';

const DATA = '(stream data)';

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two values are the same, nesting bounded by `depth` (deeper is "different"). */
export function sameValue(a: PdfValue | undefined, b: PdfValue | undefined, depth = 0): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (depth > 80) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof PdfName) return b instanceof PdfName && a.value === b.value;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && bytesEqual(a.bytes, b.bytes);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (a instanceof PdfStream)
    return (
      b instanceof PdfStream &&
      bytesEqual(a.raw, b.raw) &&
      changedKeys(a.dict, b.dict, depth + 1).length === 0
    );
  if (a instanceof PdfDict) return b instanceof PdfDict && changedKeys(a, b, depth + 1).length === 0;
  return false;
}

/**
 * The keys whose values differ between two dictionaries (or streams: `(stream data)` when the data
 * differs; `/Length` is not compared, the data is).
 */
export function changedKeys(a: PdfDict | PdfStream, b: PdfDict | PdfStream, depth = 0): string[] {
  const out: string[] = [];
  const da = a instanceof PdfStream ? a.dict : a;
  const db = b instanceof PdfStream ? b.dict : b;
  const streams = a instanceof PdfStream || b instanceof PdfStream;
  for (const [k, v] of da.entries)
    if (!(streams && k === 'Length') && !sameValue(v, db.get(k), depth + 1)) out.push(k);
  for (const k of db.entries.keys()) if (!da.entries.has(k) && !(streams && k === 'Length')) out.push(k);
  if (a instanceof PdfStream !== b instanceof PdfStream) out.push(DATA);
  else if (a instanceof PdfStream && b instanceof PdfStream && !bytesEqual(a.raw, b.raw)) out.push(DATA);
  return out;
}

/** The dictionary of a dictionary or stream, else undefined. */
export function dictOf(v: PdfValue | undefined): PdfDict | undefined {
  return v instanceof PdfDict ? v : v instanceof PdfStream ? v.dict : undefined;
}
