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

/** Every value of a subject attribute type, trimmed, empty ones dropped. */
export function subjectValues(src: IdentitySource, type: string): string[] {
  return nameAttributes(src.subject, type)
    .map((v) => v.trim())
    .filter((v) => v.length > 0 && !v.startsWith('#'));
}

/** The subject countryName, upper-case. */
export function subjectCountry(src: IdentitySource): string | undefined {
  return subjectValues(src, '2.5.4.6')[0]?.toUpperCase();
}

/** SAN otherNames with a given type-id. */
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

/** Text of an otherName value (see {@link tlvText}). */
export function otherNameText(g: Extract<GeneralName, { type: 'otherName' }>): string | undefined {
  return g.text ?? tlvText(g.value);
}

/** Text of a raw extension whose value is a DER string (Ecuador's per-CA extensions); else the bytes as Latin-1. */
export function extensionText(value: Uint8Array): string {
  const t = tryParse(value);
  if (t) {
    const s = tlvText(t);
    if (s !== undefined) return s;
  }
  return new TextDecoder('latin1').decode(value);
}

/** Keeps only ASCII digits. */
export const onlyDigits = (s: string): string => s.replace(/\D+/g, '');

/** Maps a boolean check to the status enum. */
export const status = (ok: boolean): CheckDigitStatus => (ok ? 'valid' : 'invalid');

/**
 * `DDMMYYYY` → `YYYY-MM-DD`; `undefined` for all-zero ("absent" in ICP-Brasil) or impossible dates.
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
