import { der } from '@mutua/core';
import { type NameInput, type StringType, encodeName, encodeString } from './name';

/** An otherName value: text in a string type (default UTF8String), or the value's complete DER. */
export interface OtherNameInput {
  /** type-id OID, e.g. `2.16.76.1.3.1` (ICP-Brasil person data) or `1.3.6.1.4.1.8321.1` (Chile RUT). */
  readonly oid: string;
  /** Text, or the complete DER of the value (placed inside `[0] EXPLICIT`). */
  readonly value: string | Uint8Array;
  /** String type for text values; `octets` writes an OCTET STRING holding the ASCII/UTF-8 bytes. Default `utf8`. */
  readonly stringType?: StringType | 'octets';
}

/**
 * A GeneralName (RFC 5280 §4.2.1.6), one key per CHOICE:
 * `{ dns }`, `{ email }` (rfc822Name), `{ uri }`, `{ ip }` (`'192.0.2.1'`, `'2001:db8::1'`, or with a
 * prefix `'10.0.0.0/8'` for name constraints; or raw bytes), `{ dirName }`, `{ otherName }`,
 * `{ registeredId }`, or `{ der }` for a pre-encoded GeneralName.
 */
export type GeneralNameInput =
  | { readonly dns: string }
  | { readonly email: string }
  | { readonly uri: string }
  | { readonly ip: string | Uint8Array }
  | { readonly dirName: NameInput }
  | { readonly otherName: OtherNameInput }
  | { readonly registeredId: string }
  | { readonly der: Uint8Array };

const enc = new TextEncoder();

function parseIpv4(s: string): number[] {
  const parts = s.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new RangeError(`bad IPv4 address ${s}`);
  }
  return parts;
}

function parseIpv6(s: string): number[] {
  const [head, tail, extra] = s.split('::');
  if (extra !== undefined) throw new RangeError(`bad IPv6 address ${s}`);
  const groups = (x: string | undefined): number[] => {
    if (!x) return [];
    const out: number[] = [];
    for (const g of x.split(':')) {
      if (g.includes('.')) {
        const [a, b, c, d] = parseIpv4(g) as [number, number, number, number];
        out.push((a << 8) | b, (c << 8) | d);
      } else {
        if (!/^[0-9a-f]{1,4}$/i.test(g)) throw new RangeError(`bad IPv6 address ${s}`);
        out.push(Number.parseInt(g, 16));
      }
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  if (fill < 0 || (tail === undefined && h.length !== 8)) throw new RangeError(`bad IPv6 address ${s}`);
  const all = [...h, ...new Array<number>(fill).fill(0), ...t];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/**
 * Encodes an IP address for `iPAddress`: 4 or 16 bytes, or, with a `/prefix`, address followed by mask
 * (8 or 32 bytes) as name constraints require.
 *
 * @example
 * ```ts
 * import { encodeIp } from '@mutua/testkit';
 * encodeIp('10.0.0.0/8'); // [10, 0, 0, 0, 255, 0, 0, 0] (address, then mask)
 * ```
 */
export function encodeIp(ip: string): Uint8Array {
  const [addr = '', prefix] = ip.split('/');
  const bytes = addr.includes(':') ? parseIpv6(addr) : parseIpv4(addr);
  if (prefix === undefined) return new Uint8Array(bytes);
  const bitsTotal = bytes.length * 8;
  const p = Number(prefix);
  if (!Number.isInteger(p) || p < 0 || p > bitsTotal) throw new RangeError(`bad prefix length in ${ip}`);
  const mask = new Array<number>(bytes.length).fill(0).map((_, i) => {
    const n = Math.max(0, Math.min(8, p - i * 8));
    return (0xff00 >> n) & 0xff;
  });
  return new Uint8Array([...bytes, ...mask]);
}

/** Encodes an otherName's value (without the `[0] EXPLICIT` wrapper). */
function otherNameValue(o: OtherNameInput): Uint8Array {
  if (typeof o.value !== 'string') return o.value;
  if (o.stringType === 'octets') return der.octets(enc.encode(o.value));
  return encodeString(o.value, o.stringType ?? 'utf8');
}

/**
 * Encodes one GeneralName.
 *
 * @example
 * ```ts
 * import { encodeGeneralName } from '@mutua/testkit';
 * encodeGeneralName({ otherName: { oid: '1.3.6.1.4.1.8321.1', value: '12345678-5', stringType: 'ia5' } });
 * ```
 */
export function encodeGeneralName(g: GeneralNameInput): Uint8Array {
  if ('der' in g) return g.der;
  if ('otherName' in g) {
    return der.implicitConstructed(
      0,
      der.seq(der.oid(g.otherName.oid), der.ctx(0, otherNameValue(g.otherName))),
    );
  }
  if ('email' in g) return der.ctxPrim(1, enc.encode(g.email));
  if ('dns' in g) return der.ctxPrim(2, enc.encode(g.dns));
  if ('dirName' in g) return der.ctx(4, encodeName(g.dirName));
  if ('uri' in g) return der.ctxPrim(6, enc.encode(g.uri));
  if ('ip' in g) return der.ctxPrim(7, typeof g.ip === 'string' ? encodeIp(g.ip) : g.ip);
  if ('registeredId' in g) return der.implicitPrimitive(8, der.oid(g.registeredId));
  throw new TypeError(`unknown GeneralName ${JSON.stringify(g)}`);
}

/**
 * Encodes GeneralNames (SEQUENCE OF GeneralName). Strings are taken as URIs.
 *
 * @example
 * ```ts
 * import { encodeGeneralNames } from '@mutua/testkit';
 * encodeGeneralNames([{ dns: 'example.test' }, 'http://example.test/']);
 * ```
 */
export function encodeGeneralNames(names: readonly (GeneralNameInput | string)[]): Uint8Array {
  return der.seq(...names.map((n) => encodeGeneralName(typeof n === 'string' ? { uri: n } : n)));
}
