/** The escaping of canonical XML: text (§2.3 of C14N 1.0) and attribute values. */

const TEXT_SPECIAL = /[&<>\r]/;
const TEXT_ALL = /[&<>\r]/g;
const ATTR_SPECIAL = /[&<"\t\n\r]/;
const ATTR_ALL = /[&<"\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};
const escapeOne = (c: string): string => ESCAPES[c]!;
/** Text node characters: & < > and carriage return become references. */
export const escapeText = (s: string): string =>
  (s.length < 64 ? TEXT_SPECIAL.test(s) : hasTextSpecial(s)) ? s.replace(TEXT_ALL, escapeOne) : s;

/** `TEXT_SPECIAL.test(s)` for long texts (base64 values): four `indexOf` scans are several times faster
 * than one scan with a character class. */
function hasTextSpecial(s: string): boolean {
  return s.indexOf('<') >= 0 || s.indexOf('&') >= 0 || s.indexOf('>') >= 0 || s.indexOf('\r') >= 0;
}
/** Attribute value characters: & < " tab, line feed and carriage return become references. */
export const escapeAttr = (s: string): string => (ATTR_SPECIAL.test(s) ? s.replace(ATTR_ALL, escapeOne) : s);
