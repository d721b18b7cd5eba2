import { ATTRIBUTE_SHORT_NAMES, type Name, OID, der } from '@mutua/core';

/** ASN.1 string types a name attribute (or otherName) can be written in. */
export type StringType =
  | 'utf8'
  | 'printable'
  | 'ia5'
  | 'teletex'
  | 'bmp'
  | 'numeric'
  | 'visible'
  | 'universal';

/**
 * One attribute: `[type, value]` or `[type, value, stringType]`. `type` is a dotted OID or a short
 * name (`C`, `O`, `OU`, `CN`, `serialNumber`, `organizationIdentifier`, …, see {@link ATTRIBUTE_TYPES}).
 * A `Uint8Array` value is the attribute value's complete DER, written as is.
 */
export type AttributeInput = readonly [type: string, value: string | Uint8Array, stringType?: StringType];

/** A relative distinguished name: one attribute, or several for a multi-valued RDN. */
export type RdnInput = AttributeInput | readonly AttributeInput[];

/**
 * A distinguished name, most significant RDN first:
 * - an object `{ C: 'BR', O: 'ICP-Brasil', OU: ['a', 'b'], CN: 'Name' }` (key order is RDN order; an
 *   array value gives one RDN per element);
 * - an array of RDNs `[['C', 'BR'], ['O', 'ICP-Brasil'], [['CN', 'x'], ['serialNumber', 'y']]]`;
 * - a parsed `Name` from `@mutua/core` or raw Name DER (used byte for byte).
 */
export type NameInput =
  | { readonly [type: string]: string | readonly string[] }
  | readonly RdnInput[]
  | Name
  | Uint8Array;

/**
 * Attribute short names accepted in {@link NameInput}, mapped to OIDs (case-sensitive, plus lower-case aliases).
 *
 * @example
 * ```ts
 * import { ATTRIBUTE_TYPES } from '@mutua/testkit';
 * ATTRIBUTE_TYPES.organizationIdentifier; // '2.5.4.97'
 * ```
 */
export const ATTRIBUTE_TYPES: Readonly<Record<string, string>> = (() => {
  const out: Record<string, string> = {};
  for (const [oid, short] of Object.entries(ATTRIBUTE_SHORT_NAMES)) out[short] = oid;
  Object.assign(out, {
    G: OID.givenName,
    givenName: OID.givenName,
    surname: OID.surname,
    commonName: OID.commonName,
    countryName: OID.countryName,
    organizationName: OID.organizationName,
    organizationalUnitName: OID.organizationalUnitName,
    localityName: OID.localityName,
    stateOrProvinceName: OID.stateOrProvinceName,
    streetAddress: OID.streetAddress,
    email: OID.emailAddress,
    E: OID.emailAddress,
    uniqueIdentifier: OID.x500UniqueIdentifier,
    name: '2.5.4.41',
    dateOfBirth: OID.dateOfBirth,
    unstructuredName: OID.unstructuredName,
  });
  for (const [k, v] of Object.entries({ ...out })) out[k.toLowerCase()] ??= v;
  return out;
})();

const PRINTABLE_ONLY = new Set<string>([OID.countryName, OID.serialNumber, OID.dnQualifier]);
const IA5_ONLY = new Set<string>([OID.emailAddress, OID.domainComponent]);

/**
 * Resolves a short name or dotted OID to an OID.
 *
 * @example
 * ```ts
 * import { attributeOid } from '@mutua/testkit';
 * attributeOid('CN'); // '2.5.4.3'
 * ```
 */
export function attributeOid(type: string): string {
  if (/^\d+(\.\d+)+$/.test(type)) return type;
  const oid = ATTRIBUTE_TYPES[type] ?? ATTRIBUTE_TYPES[type.toLowerCase()];
  if (!oid) throw new RangeError(`unknown attribute type "${type}": use a dotted OID`);
  return oid;
}

const utf8 = new TextEncoder();

/**
 * Encodes a string in an ASN.1 string type. No character-set checks: negative tests may need a
 * PrintableString holding `@` or Latin-1.
 *
 * @example
 * ```ts
 * import { encodeString } from '@mutua/testkit';
 * encodeString('José', 'bmp'); // [0x1e, 0x08, 0x00, 0x4a, 0x00, 0x6f, 0x00, 0x73, 0x00, 0xe9] (BMPString)
 * ```
 */
export function encodeString(value: string, type: StringType): Uint8Array {
  switch (type) {
    case 'utf8':
      return der.utf8(value);
    case 'printable':
      return der.printable(value);
    case 'ia5':
      return der.ia5(value);
    case 'teletex':
      return der.tlv(0x14, latin1(value));
    case 'numeric':
      return der.tlv(0x12, utf8.encode(value));
    case 'visible':
      return der.tlv(0x1a, utf8.encode(value));
    case 'bmp': {
      const b = new Uint8Array(value.length * 2);
      for (let i = 0; i < value.length; i++) {
        b[2 * i] = value.charCodeAt(i) >> 8;
        b[2 * i + 1] = value.charCodeAt(i) & 0xff;
      }
      return der.tlv(0x1e, b);
    }
    case 'universal': {
      const cps = [...value].map((c) => c.codePointAt(0)!);
      const b = new Uint8Array(cps.length * 4);
      cps.forEach((cp, i) => {
        b[4 * i] = cp >>> 24;
        b[4 * i + 1] = (cp >> 16) & 0xff;
        b[4 * i + 2] = (cp >> 8) & 0xff;
        b[4 * i + 3] = cp & 0xff;
      });
      return der.tlv(0x1c, b);
    }
  }
}

function latin1(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

/**
 * The string type used when none is given: PrintableString for C, serialNumber and dnQualifier, IA5String for emailAddress and DC, UTF8String otherwise.
 *
 * @example
 * ```ts
 * import { defaultStringType } from '@mutua/testkit';
 * defaultStringType('2.5.4.6'); // 'printable'
 * ```
 */
export function defaultStringType(oid: string): StringType {
  if (PRINTABLE_ONLY.has(oid)) return 'printable';
  if (IA5_ONLY.has(oid)) return 'ia5';
  return 'utf8';
}

function encodeAttribute([type, value, stringType]: AttributeInput): Uint8Array {
  const oid = attributeOid(type);
  const v = typeof value === 'string' ? encodeString(value, stringType ?? defaultStringType(oid)) : value;
  return der.seq(der.oid(oid), v);
}

function isAttribute(r: RdnInput): r is AttributeInput {
  return typeof r[0] === 'string';
}

function isName(n: NameInput): n is Name {
  return (
    typeof n === 'object' && !(n instanceof Uint8Array) && !Array.isArray(n) && 'der' in n && 'rdns' in n
  );
}

/**
 * Encodes a distinguished name to DER.
 *
 * @example
 * ```ts
 * import { encodeName } from '@mutua/testkit';
 * const dn = encodeName({ C: 'BR', O: 'ICP-Brasil', CN: 'AC Raiz de Teste' });
 * const multi = encodeName([['C', 'EE'], [['CN', 'Mari'], ['serialNumber', 'PNOEE-38001085718']]]);
 * ```
 */
export function encodeName(name: NameInput): Uint8Array {
  if (name instanceof Uint8Array) return name;
  if (isName(name)) return name.der;
  if (Array.isArray(name)) {
    const rdns = name as readonly RdnInput[];
    return der.seq(
      ...rdns.map((rdn) =>
        isAttribute(rdn) ? der.set(encodeAttribute(rdn)) : der.set(...rdn.map(encodeAttribute)),
      ),
    );
  }
  const rdns: Uint8Array[] = [];
  for (const [type, value] of Object.entries(name as Record<string, string | readonly string[]>)) {
    for (const v of typeof value === 'string' ? [value] : value)
      rdns.push(der.set(encodeAttribute([type, v])));
  }
  return der.seq(...rdns);
}
