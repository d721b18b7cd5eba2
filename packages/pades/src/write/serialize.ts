/**
 * PDF syntax out of values: what an incremental update needs to write new versions of objects it read
 * (the catalog, a page, the AcroForm) and new text. Internal to the writers.
 */
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfValue } from '../pdf/objects';

const HEX = '0123456789ABCDEF';

/** Bytes as upper-case hexadecimal digits. */
export function toHexDigits(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += HEX[b >> 4]! + HEX[b & 15]!;
  return s;
}

/** A string's char codes (each below 256) as bytes. */
export function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** A name token, `#xx`-escaping delimiters, white space and bytes outside 0x21–0x7E (§7.3.5). */
export function pdfName(name: string): string {
  let s = '/';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i) & 0xff;
    const ch = String.fromCharCode(c);
    s += c < 0x21 || c > 0x7e || '()<>[]{}/%#'.includes(ch) ? `#${HEX[c >> 4]}${HEX[c & 15]}` : ch;
  }
  return s;
}

/** A number without exponent notation (reals with at most 6 decimals). */
export function pdfNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`${n} is not a PDF number`);
  if (Number.isInteger(n)) return String(n);
  const s = n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/**
 * A text string (§7.9.2.2): a literal string when every character is printable ASCII, else UTF-16BE
 * with its byte-order mark, in hexadecimal.
 */
export function pdfTextString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A PDF date (§7.9.4) in UTC: `D:YYYYMMDDHHmmSS+00'00'`. */
export function pdfDate(date: Date): string {
  const d = date;
  return `D:${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}+00'00'`;
}

/**
 * A value as PDF syntax. Strings are written in hexadecimal (their bytes kept exactly); a stream cannot
 * be written inline and throws.
 */
export function pdfValue(v: PdfValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return pdfNumber(v);
  if (v instanceof PdfName) return pdfName(v.value);
  if (v instanceof PdfRef) return v.toString();
  if (v instanceof PdfString) return `<${toHexDigits(v.bytes)}>`;
  if (v instanceof PdfDict) return pdfDict(v.entries);
  if (v instanceof PdfStream) throw new TypeError('a stream cannot be written as a direct value');
  return `[${v.map(pdfValue).join(' ')}]`;
}

/** Dictionary entries as `<< /Key value … >>`; values given as strings are written as they are. */
export function pdfDict(entries: ReadonlyMap<string, PdfValue | string>): string {
  let s = '<<';
  for (const [k, v] of entries) s += ` ${pdfName(k)} ${typeof v === 'string' ? v : pdfValue(v)}`;
  return `${s} >>`;
}
