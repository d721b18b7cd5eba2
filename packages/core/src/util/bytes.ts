const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Lowercase hex of bytes (table-driven: serial numbers of 100 000-entry CRLs go through here).
 *
 * @example
 * ```ts
 * // toHex is internal (not exported by the package); the hex strings of Mutua's results come from it:
 * /^[0-9a-f]+$/.test(cert.serialHex); // true (lowercase, no separators)
 * ```
 */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]!];
  return s;
}

/**
 * Byte-wise equality (not constant time: for public data only).
 *
 * @example
 * ```ts
 * // bytesEqual is internal (not exported by the package); path building matches key identifiers with it:
 * const aki = cert.ext.authorityKeyIdentifier?.keyIdentifier;
 * const ski = issuer.ext.subjectKeyIdentifier;
 * aki !== undefined && ski !== undefined && aki.every((b, i) => b === ski[i]); // true
 * ```
 */
export function bytesEqual(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
