/**
 * Small helpers shared by the identity extractors.
 *
 * @packageDocumentation
 */
import { type Tlv, children, parseDer, tlvValue } from '../asn1/der';
import { decodeString } from '../asn1/read';
import type { GeneralName } from '../x509/general-name';
import { nameAttributes } from '../x509/name';
import type { CheckDigitStatus, IdentitySource, TypedIdentifier } from './types';

/**
 * Every value of a subject attribute type, trimmed, empty ones dropped.
 *
 * @example
 * ```ts
 * // subjectValues is internal (not exported by the package); extractIdentity reads the subject with it:
 * import { extractIdentity } from '@mutua/core';
 * extractIdentity(cert).names.commonName; // 'Test Person 1'
 * ```
 */
export function subjectValues(src: IdentitySource, type: string): string[] {
  return nameAttributes(src.subject, type)
    .map((v) => v.trim())
    .filter((v) => v.length > 0 && !v.startsWith('#'));
}

/**
 * The subject countryName, upper-case.
 *
 * @example
 * ```ts
 * // subjectCountry is internal (not exported by the package); extractors use it to scope national rules:
 * import { extractIdentity } from '@mutua/core';
 * extractIdentity(cert).country; // 'ES'
 * ```
 */
export function subjectCountry(src: IdentitySource): string | undefined {
  return subjectValues(src, '2.5.4.6')[0]?.toUpperCase();
}

/**
 * SAN otherNames with a given type-id.
 *
 * @example
 * ```ts
 * // otherNames is internal (not exported by the package); the ICP-Brasil extractor finds its
 * // 2.16.76.1.3.1 otherName with it:
 * import { extractIdentity } from '@mutua/core';
 * import { brazilPerson } from '@mutua/testkit';
 * const pf = await ca.issue({ identity: brazilPerson({ name: 'MARIA DA SILVA', cpf: '12345678909' }) });
 * extractIdentity(pf.cert).identifiers[0]?.source; // 'san.otherName:2.16.76.1.3.1'
 * ```
 */
export function otherNames(
  src: IdentitySource,
  typeId: string,
): Extract<GeneralName, { type: 'otherName' }>[] {
  return src.subjectAltName.filter(
    (g): g is Extract<GeneralName, { type: 'otherName' }> => g.type === 'otherName' && g.typeId === typeId,
  );
}

/**
 * The text inside an otherName value or an extension value: the string itself when primitive; when a
 * CA wrapped it (an explicit tag, a SEQUENCE, an OCTET STRING holding DER), the first string found
 * inside, up to a small depth.
 *
 * @example
 * ```ts
 * // tlvText is internal (not exported by the package); it digs the text out of wrapped otherName values:
 * import { extractIdentity } from '@mutua/core';
 * import { brazilPerson } from '@mutua/testkit';
 * const pf = await ca.issue({ identity: brazilPerson({ name: 'MARIA DA SILVA', cpf: '12345678909' }) });
 * extractIdentity(pf.cert).identifiers[0]?.value; // '12345678909'
 * ```
 */
export function tlvText(t: Tlv, depth = 0): string | undefined {
  if (!t.constructed) {
    if (t.cls === 0 && t.tag === 4 && depth < 4) {
      // An OCTET STRING may hold DER (a wrapped string) or the bytes of the text itself.
      const inner = tryParse(tlvValue(t));
      if (inner && !inner.constructed && inner.cls === 0 && isStringTag(inner.tag))
        return decodeString(inner);
    }
    if (t.cls === 0 && (t.tag === 4 || isStringTag(t.tag))) return decodeString(t);
    if (t.cls === 2) return decodeString({ ...t, cls: 0, tag: 4 });
    return undefined;
  }
  if (depth >= 4) return undefined;
  try {
    for (const c of children(t)) {
      const s = tlvText(c, depth + 1);
      if (s !== undefined) return s;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function isStringTag(tag: number): boolean {
  return [12, 18, 19, 20, 22, 26, 28, 30].includes(tag);
}

function tryParse(b: Uint8Array): Tlv | undefined {
  try {
    return parseDer(b);
  } catch {
    return undefined;
  }
}

/**
 * Text of an otherName value (see {@link tlvText}).
 *
 * @example
 * ```ts
 * // otherNameText is internal (not exported by the package); national extractors read otherNames with it:
 * import { extractIdentity } from '@mutua/core';
 * import { brazilPerson } from '@mutua/testkit';
 * const id = brazilPerson({ name: 'MARIA DA SILVA', cpf: '12345678909', birthDate: '1985-03-02' });
 * const pf = await ca.issue({ identity: id });
 * extractIdentity(pf.cert).identifiers[0]?.display; // '123.456.789-09'
 * ```
 */
export function otherNameText(g: Extract<GeneralName, { type: 'otherName' }>): string | undefined {
  return g.text ?? tlvText(g.value);
}

/**
 * Text of a raw extension whose value is a DER string (Ecuador's per-CA extensions); else the bytes as
 * Latin-1.
 *
 * @example
 * ```ts
 * // extensionText is internal (not exported by the package); the Ecuador extractor reads per-CA extensions
 * // with it, here the cédula extension of Banco Central del Ecuador:
 * import { der, extractIdentityFrom, identitySourceOf } from '@mutua/core';
 * const src = identitySourceOf(cert);
 * const cedula = { oid: '1.3.6.1.4.1.37947.3.1', critical: false, value: der.utf8('1710034065') };
 * const id = extractIdentityFrom({ ...src, extensions: [...src.extensions, cedula] });
 * id.identifiers[0]?.scheme; // 'EC-CEDULA'
 * ```
 */
export function extensionText(value: Uint8Array): string {
  const t = tryParse(value);
  if (t) {
    const s = tlvText(t);
    if (s !== undefined) return s;
  }
  return new TextDecoder('latin1').decode(value);
}

/**
 * Keeps only ASCII digits.
 *
 * @example
 * ```ts
 * // onlyDigits is internal (not exported by the package); identifiers are kept as bare digits like this:
 * import { parseArgentineSerial } from '@mutua/core';
 * parseArgentineSerial('CUIT 20-12345678-6')?.value; // '20123456786'
 * ```
 */
export const onlyDigits = (s: string): string => s.replace(/\D+/g, '');

/**
 * Maps a boolean check to the status enum.
 *
 * @example
 * ```ts
 * // status is internal (not exported by the package); it gives the `checkDigit` of typed identifiers:
 * import { etsiCheckDigit } from '@mutua/core';
 * etsiCheckDigit({ type: 'TIN', country: 'AR', value: '20123456786' }); // 'valid'
 * ```
 */
export const status = (ok: boolean): CheckDigitStatus => (ok ? 'valid' : 'invalid');

/**
 * `DDMMYYYY` → `YYYY-MM-DD`; `undefined` for all-zero ("absent" in ICP-Brasil) or impossible dates.
 *
 * @example
 * ```ts
 * // ddmmyyyy is internal (not exported by the package); parseIcpBrasilPersonData reads birth dates with it:
 * import { parseIcpBrasilPersonData } from '@mutua/core';
 * parseIcpBrasilPersonData('02031985' + '12345678909')?.birthDate; // '1985-03-02'
 * parseIcpBrasilPersonData('00000000' + '12345678909')?.birthDate; // undefined (zero-filled: not informed)
 * ```
 */
export function ddmmyyyy(s: string): string | undefined {
  if (!/^\d{8}$/.test(s) || /^0+$/.test(s)) return undefined;
  const d = Number(s.slice(0, 2));
  const m = Number(s.slice(2, 4));
  const y = Number(s.slice(4));
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined;
  return `${s.slice(4)}-${s.slice(2, 4)}-${s.slice(0, 2)}`;
}

/** Shorthand for building an identifier without the registry-filled `extractor` field. */
export type NewIdentifier = Omit<TypedIdentifier, 'extractor'>;
