import { XmlError } from './errors';

/**
 * The character encodings `parseXml` decodes (what the bytes said, after BOM and declaration); the
 * document's `encoding` tells which one was used.
 *
 * @example
 * ```ts
 * import { type XmlEncoding, parseXml } from '@mutua/xades';
 * const bytes = new TextEncoder().encode('<?xml version="1.0" encoding="windows-1252"?><a/>');
 * const encoding: XmlEncoding = parseXml(bytes).encoding;
 * encoding; // 'windows-1252'
 * ```
 */
export type XmlEncoding =
  | 'UTF-8'
  | 'UTF-16LE'
  | 'UTF-16BE'
  | 'US-ASCII'
  | 'ISO-8859-1'
  | `ISO-8859-${number}`
  | `windows-125${number}`;

/** Other single-byte ISO and Windows code pages (Hungarian e-government XML uses ISO-8859-2), decoded
 * by TextDecoder, which every browser and Node.js build with ICU knows. */
const CODE_PAGE = /^(?:iso[-_]?8859-([2-9]|1[03-6])|windows-125([0-8]))$/;

/** Labels accepted in `<?xml … encoding="…"?>`, lower-cased, and what they decode as. */
const LABELS: Readonly<Record<string, XmlEncoding>> = {
  'utf-8': 'UTF-8',
  utf8: 'UTF-8',
  'iso-8859-1': 'ISO-8859-1',
  iso_8859_1: 'ISO-8859-1',
  'iso8859-1': 'ISO-8859-1',
  latin1: 'ISO-8859-1',
  'latin-1': 'ISO-8859-1',
  'us-ascii': 'US-ASCII',
  ascii: 'US-ASCII',
  'utf-16': 'UTF-16LE', // only meaningful with a BOM, which then decides the byte order
};

const DECL =
  /^<\?xml[\x20\t\r\n]+version[\x20\t\r\n]*=[\x20\t\r\n]*(?:"[^"]*"|'[^']*')[\x20\t\r\n]+encoding[\x20\t\r\n]*=[\x20\t\r\n]*(?:"([A-Za-z][\w.-]*)"|'([A-Za-z][\w.-]*)')/;

/** The encoding named by the XML declaration at the start of `head` (ASCII-compatible bytes), if any. */
function declaredEncoding(head: string): string | undefined {
  const m = DECL.exec(head);
  return m ? (m[1] ?? m[2])!.toLowerCase() : undefined;
}

/** The text of `bytes` read as ISO-8859-1: every byte is the code point of the same number (TextDecoder
 * would read it as windows-1252, as the WHATWG Encoding standard maps the label, and turn 0x80–0x9F into
 * other characters than a Java or libxml2 signer saw). */
function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return s;
}

// windows-1252 0x80–0x9F (the five unassigned bytes stay U+0081, U+008D, U+008F, U+0090, U+009D as in the
// WHATWG table). Decoded here because Node.js 20's TextDecoder reads 'windows-1252' as ISO-8859-1.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function windows1252(bytes: Uint8Array): string {
  return latin1(bytes).replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

function decodeWith(label: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (e) {
    throw new XmlError('MALFORMED', `the bytes are not valid ${label}`, { cause: e });
  }
}

/**
 * Decodes XML bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, and ISO-8859-1 to -16,
 * windows-1250 to -1258 or US-ASCII when the XML declaration says so. Other encodings, UTF-16 without a BOM and
 * a declaration that contradicts the BOM end in `XmlError` `UNSUPPORTED_ENCODING`.
 */
export function decodeXml(input: Uint8Array): { text: string; encoding: XmlEncoding } {
  const b = input;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    const text = decodeWith('utf-8', b.subarray(3));
    const label = declaredEncoding(text);
    if (label !== undefined && LABELS[label] !== 'UTF-8') {
      throw new XmlError('UNSUPPORTED_ENCODING', `UTF-8 byte order mark but encoding="${label}" declared`);
    }
    return { text, encoding: 'UTF-8' };
  }
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
    const encoding = b[0] === 0xff ? 'UTF-16LE' : 'UTF-16BE';
    const text = decodeWith(encoding.toLowerCase(), b.subarray(2));
    const label = declaredEncoding(text);
    if (label !== undefined && label !== 'utf-16' && label !== encoding.toLowerCase()) {
      throw new XmlError('UNSUPPORTED_ENCODING', `UTF-16 byte order mark but encoding="${label}" declared`);
    }
    return { text, encoding };
  }
  if ((b[0] === 0x3c && b[1] === 0x00) || (b[0] === 0x00 && b[1] === 0x3c)) {
    throw new XmlError('UNSUPPORTED_ENCODING', 'UTF-16 without a byte order mark');
  }
  // No BOM: the declaration (ASCII in every encoding we accept) names the encoding; UTF-8 if none.
  const declared = declaredEncoding(latin1(b.subarray(0, 256)));
  const label = declared?.startsWith('cp125') ? `windows-${declared.slice(2)}` : declared;
  const page = label === undefined ? null : CODE_PAGE.exec(label);
  if (page) {
    const encoding: XmlEncoding = page[1] ? `ISO-8859-${Number(page[1])}` : `windows-125${Number(page[2])}`;
    return {
      text: encoding === 'windows-1252' ? windows1252(b) : decodeWith(encoding.toLowerCase(), b),
      encoding,
    };
  }
  const encoding = label === undefined ? 'UTF-8' : LABELS[label];
  if (encoding === undefined || label === 'utf-16') {
    throw new XmlError('UNSUPPORTED_ENCODING', `encoding "${label}" is not supported`);
  }
  switch (encoding) {
    case 'ISO-8859-1':
      return { text: latin1(b), encoding };
    case 'US-ASCII':
      if (b.some((x) => x > 0x7f)) throw new XmlError('MALFORMED', 'a byte above 0x7F in US-ASCII');
      return { text: latin1(b), encoding };
    default:
      return { text: decodeWith('utf-8', b), encoding: 'UTF-8' };
  }
}
