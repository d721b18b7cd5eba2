import { Tag, type Tlv, children, isUniversal, tlvBytes, tlvValue } from '../asn1/der';
import { SeqReader, decodeOid, decodeString } from '../asn1/read';
import { StructureError } from '../errors';
import { ATTRIBUTE_SHORT_NAMES } from '../oids';
import { bytesEqual, toHex as hex } from '../util/bytes';

/** One AttributeTypeAndValue of a distinguished name. */
export interface NameAttribute {
  /** Attribute type OID (for example `2.5.4.3`, commonName). */
  readonly type: string;
  /** The value decoded to text (non-string values are given as `#hex`). */
  readonly value: string;
  /** The ASN.1 universal tag of the value (12 UTF8String, 19 PrintableString, …). */
  readonly tag: number;
  /** The raw encoded value (for byte-exact comparison of non-string attributes). */
  readonly raw: Uint8Array;
}

/** An X.501 Name: an ordered list of relative distinguished names (each a set of attributes). */
export interface Name {
  /** The RDNs in encoded order (most significant first). */
  readonly rdns: readonly (readonly NameAttribute[])[];
  /** The raw DER of the Name, exactly as it appears in the certificate. */
  readonly der: Uint8Array;
  /** RFC 4514-style text (most significant RDN first, as people read X.500 names in Europe). */
  readonly text: string;
  /** The key used to compare names per RFC 5280 §7.1 (case-folded, whitespace-compressed). */
  readonly key: string;
}

const STRING_TAGS = new Set<number>([
  Tag.UTF8String,
  Tag.PrintableString,
  Tag.T61String,
  Tag.IA5String,
  Tag.BMPString,
  Tag.UniversalString,
  Tag.VisibleString,
  Tag.NumericString,
]);

/**
 * Parses a Name. Lenient about lengths and attribute types; strict about structure.
 *
 * @example
 * ```ts
 * import { der, parseDer, parseName } from '@mutua/core';
 * const rdn = (oid: string, value: Uint8Array) => der.set(der.seq(der.oid(oid), value));
 * const dn = der.seq(rdn('2.5.4.6', der.printable('BR')), rdn('2.5.4.10', der.utf8('ICP-Brasil')));
 * const name = parseName(parseDer(dn));
 * name.text; // 'C=BR, O=ICP-Brasil'
 * ```
 */
export function parseName(t: Tlv, what = 'Name'): Name {
  if (!isUniversal(t, Tag.SEQUENCE)) throw new StructureError('WRONG_TAG', `${what}: not a SEQUENCE`);
  const rdns: NameAttribute[][] = [];
  for (const rdnNode of new SeqReader(t, what).rest()) {
    if (!isUniversal(rdnNode, Tag.SET)) throw new StructureError('WRONG_TAG', `${what}: RDN is not a SET`);
    const rdn: NameAttribute[] = [];
    if (!rdnNode.constructed)
      throw new StructureError('NOT_A_SEQUENCE', `${what} RDN: expected a constructed value`);
    for (const atv of children(rdnNode)) {
      const [typeNode, v] = atvFields(atv, what);
      const type = decodeOid(typeNode, `${what} attribute type`);
      const isString = v.cls === 0 && STRING_TAGS.has(v.tag) && !v.constructed;
      rdn.push({
        type,
        value: isString ? decodeString(v) : `#${hex(tlvBytes(v))}`,
        tag: v.tag,
        raw: tlvValue(v),
      });
    }
    if (rdn.length === 0) throw new StructureError('EMPTY_RDN', `${what}: empty RDN`);
    rdns.push(rdn);
  }
  // The text and the comparison key are computed when first read (many names in a CMS are never
  // shown or compared); enumerable getters, so JSON and spreads still see them.
  let text: string | undefined;
  let key: string | undefined;
  return {
    rdns,
    der: tlvBytes(t),
    get text() {
      text ??= nameToString(rdns);
      return text;
    },
    get key() {
      key ??= nameKey(rdns);
      return key;
    },
  };
}

/** Any character RFC 4514 §2.4 escapes: specials anywhere, a leading space or '#', a trailing space. */
const NEEDS_ESCAPE = /[,+"\\<>;=]|^[ #]| $/;

/**
 * The two fields of an AttributeTypeAndValue ::= SEQUENCE { type, value }, read without a SeqReader (a
 * name has a dozen attributes); a malformed one goes through SeqReader, for the same errors in the same
 * order as ever.
 */
function atvFields(atv: Tlv, what: string): [Tlv, Tlv] {
  const fields = atv.constructed ? children(atv) : undefined;
  if (fields?.length === 2) return fields as [Tlv, Tlv];
  const r = new SeqReader(atv, `${what} AttributeTypeAndValue`);
  const type = r.next('type');
  decodeOid(type, `${what} attribute type`);
  const value = r.next('value');
  r.end();
  return [type, value];
}

function escapeValue(v: string): string {
  // Most values need no escaping: one test instead of three replaces (and three new strings).
  if (!NEEDS_ESCAPE.test(v)) return v;
  return v
    .replace(/([,+"\\<>;=])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ');
}

/**
 * Text form, most significant RDN first: `C=BR, O=ICP-Brasil, CN=…`.
 *
 * @example
 * ```ts
 * import { nameToString } from '@mutua/core';
 * nameToString(issuer.subject.rdns); // 'C=ES, O=Mutua Test, CN=Mutua Test ca1'
 * const cn = { type: '2.5.4.3', value: 'Pérez, Ana', tag: 12, raw: new Uint8Array() };
 * nameToString([[cn]]); // 'CN=Pérez\\, Ana'
 * ```
 */
export function nameToString(rdns: readonly (readonly NameAttribute[])[]): string {
  return rdns
    .map((rdn) =>
      rdn.map((a) => `${ATTRIBUTE_SHORT_NAMES[a.type] ?? a.type}=${escapeValue(a.value)}`).join('+'),
    )
    .join(', ');
}

/**
 * RFC 5280 §7.1 (via RFC 4518, simplified): string attributes compare after case folding and
 * whitespace compression, independently of their ASN.1 string type; other attributes compare by bytes.
 * Multi-valued RDNs compare as sets.
 */
function nameKey(rdns: readonly (readonly NameAttribute[])[]): string {
  // An injective encoding: an OID is digits and dots, and each value is a JSON string, which delimits
  // itself and escapes every control character — so no value can imitate a separator (a value holding
  // "\u0002" could otherwise make two different names compare equal).
  let key = '';
  for (const rdn of rdns) {
    if (rdn.length === 1) {
      key += `${attrKey(rdn[0]!)}/`;
      continue;
    }
    const attrs = rdn.map(attrKey);
    attrs.sort();
    key += `${attrs.join(',')}/`;
  }
  return key;
}

/** Nothing JSON.stringify would escape: printable ASCII other than `"` and `\`. */
const JSON_PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function attrKey(a: NameAttribute): string {
  const v = STRING_TAGS.has(a.tag) ? prepareString(a.value) : a.value;
  // Same output as JSON.stringify for the common plain value, without the serialiser.
  return a.type + (JSON_PLAIN.test(v) ? `"${v}"` : JSON.stringify(v));
}

/** RFC 4518 §2.2 "mapped to nothing": controls, soft hyphen, joiners, variation selectors, BOM… */
// Built from escapes: the class holds combining and format characters on purpose.
const MAPPED_TO_NOTHING = new RegExp(
  '[\\u0000-\\u0008\\u000E-\\u001F\\u007F-\\u0084\\u0086-\\u009F\\u00AD\\u034F\\u06DD\\u070F\\u1806\\u180B-\\u180E' +
    '\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2063\\u206A-\\u206F\\uFE00-\\uFE0F\\uFEFF\\uFFF9-\\uFFFC]',
  'g',
);

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * RFC 4518 string preparation, reduced to what matters in practice: characters mapped to nothing are
 * removed (so that "Banco Ev\u00ADil" cannot slip past a constraint on "Banco Evil"), other controls become
 * spaces, then NFKC, case folding and whitespace compression.
 *
 * @example
 * ```ts
 * import { prepareString } from '@mutua/core';
 * prepareString('  JOSÉ   da SILVA '); // 'josé da silva'
 * ```
 */
export function prepareString(s: string): string {
  // Printable ASCII has nothing to map, normalise or fold beyond lower case and spaces.
  if (PRINTABLE_ASCII.test(s)) return s.toLowerCase().replace(/ {2,}/g, ' ').trim();
  return s
    .replace(MAPPED_TO_NOTHING, '')
    .replace(/[\t\n\v\f\r\u0085]/g, ' ')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Whether two names are equal under RFC 5280 §7.1 name comparison.
 *
 * @example
 * ```ts
 * import { nameEquals } from '@mutua/core';
 * nameEquals(cert.issuer, issuer.subject); // true (how a path is chained)
 * nameEquals(cert.subject, issuer.subject); // false
 * ```
 */
export function nameEquals(a: Name, b: Name): boolean {
  // Identical encodings are equal names; only differing ones need the prepared comparison key.
  return bytesEqual(a.der, b.der) || a.key === b.key;
}

/**
 * The first value of an attribute type, if present.
 *
 * @example
 * ```ts
 * import { OID, nameAttribute } from '@mutua/core';
 * nameAttribute(cert.subject, OID.countryName); // 'ES'
 * nameAttribute(cert.subject, OID.pseudonym); // undefined
 * ```
 */
export function nameAttribute(name: Name, type: string): string | undefined {
  for (const rdn of name.rdns) for (const a of rdn) if (a.type === type) return a.value;
  return undefined;
}

/**
 * Every value of an attribute type, in order.
 *
 * @example
 * ```ts
 * import { OID, nameAttributes } from '@mutua/core';
 * nameAttributes(issuer.subject, OID.organizationName); // ['Mutua Test']
 * nameAttributes(issuer.subject, OID.organizationalUnitName); // []
 * ```
 */
export function nameAttributes(name: Name, type: string): string[] {
  const out: string[] = [];
  for (const rdn of name.rdns) for (const a of rdn) if (a.type === type) out.push(a.value);
  return out;
}
