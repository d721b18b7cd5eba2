import { Tag, type Tlv, children, isContext, isUniversal, parseDer } from '../asn1/der';
import { SeqReader, decodeOid, explicitInner } from '../asn1/read';
import { Asn1Error, InputFormatError, MutuaError, StructureError } from '../errors';
import { OID } from '../oids';
import { type Certificate, certificateFromTlv } from './certificate';

/** One PEM block. */
export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
}

const MAX_INPUT = 64 * 1024 * 1024;

/**
 * Decodes base64 (standard or URL alphabet, whitespace ignored) without Node built-ins.
 *
 * @example
 * ```ts
 * import { base64Decode } from '@mutua/core';
 * base64Decode('TXV0 dWE='); // [77, 117, 116, 117, 97] ('Mutua'; whitespace is ignored)
 * ```
 */
export function base64Decode(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw new InputFormatError('BAD_BASE64', 'not valid base64');
  const body = clean.replace(/=+$/, '');
  // A length of 1 modulo 4 cannot come from any byte string.
  if (body.length % 4 === 1) throw new InputFormatError('BAD_BASE64', 'base64 text of an impossible length');
  let bin: string;
  try {
    bin = atob(body + '='.repeat((4 - (body.length % 4)) % 4));
  } catch (e) {
    throw new InputFormatError('BAD_BASE64', `not valid base64: ${(e as Error).message}`);
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Encodes bytes as base64.
 *
 * @example
 * ```ts
 * import { base64Encode } from '@mutua/core';
 * base64Encode(new TextEncoder().encode('Mutua')); // 'TXV0dWE='
 * ```
 */
export function base64Encode(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * Finds every PEM block in a text (any label), in one linear pass: a BEGIN line without its END is
 * skipped, never rescanned (a regular expression would be quadratic on hostile input).
 *
 * @example
 * ```ts
 * import { parsePem } from '@mutua/core';
 * const blocks = parsePem(pemText); // the end entity, then its CA
 * blocks.map((b) => b.label); // ['CERTIFICATE', 'CERTIFICATE']
 * blocks[0]!.der.length === leafDer.length; // true
 * ```
 */
export function parsePem(text: string): PemBlock[] {
  if (text.length > MAX_INPUT) {
    throw new InputFormatError('INPUT_TOO_LARGE', `input of ${text.length} characters exceeds ${MAX_INPUT}`);
  }
  const out: PemBlock[] = [];
  let pos = 0;
  for (;;) {
    const begin = text.indexOf('-----BEGIN ', pos);
    if (begin < 0) break;
    const labelEnd = text.indexOf('-----', begin + 11);
    if (labelEnd < 0) break;
    const label = text.slice(begin + 11, labelEnd);
    if (!/^[A-Z0-9 #]{1,64}$/.test(label)) {
      pos = begin + 11;
      continue;
    }
    const endMarker = `-----END ${label}-----`;
    // Search for the END only up to the next BEGIN, so that every character is scanned a bounded
    // number of times however many unterminated blocks there are.
    const nextBegin = text.indexOf('-----BEGIN ', labelEnd + 5);
    const segmentEnd = nextBegin < 0 ? text.length : nextBegin;
    const rel = text.slice(labelEnd + 5, segmentEnd).indexOf(endMarker);
    if (rel < 0) {
      if (nextBegin < 0) break;
      pos = nextBegin; // an unterminated block: resume at the next BEGIN
      continue;
    }
    const end = labelEnd + 5 + rel;
    const body = text.slice(labelEnd + 5, end).replace(/^[A-Za-z-]+:.*$/gm, '');
    out.push({ label, der: base64Decode(body) });
    pos = end + endMarker.length;
  }
  return out;
}

/**
 * Encodes DER as PEM.
 *
 * @example
 * ```ts
 * import { toPem } from '@mutua/core';
 * toPem(new Uint8Array([0x05, 0x00]), 'NULL'); // '-----BEGIN NULL-----\nBQA=\n-----END NULL-----\n'
 * toPem(leafDer).startsWith('-----BEGIN CERTIFICATE-----\n'); // true
 * ```
 */
export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = base64Encode(der).replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}

const latin1 = new TextDecoder('latin1');

function isProbablyText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 512);
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c < 9 || (c > 13 && c < 32) || c > 126) return false;
  }
  return true;
}

/**
 * Turns whatever a user hands us (DER, PEM with one or many blocks, bare base64) into DER blobs.
 * A `.cer` that is really PEM, or base64 without armour, is common in the wild.
 *
 * @example
 * ```ts
 * import { base64Encode, decodeInputBlobs } from '@mutua/core';
 * decodeInputBlobs(pemText).length; // 2 (PEM, one blob per block)
 * decodeInputBlobs(leafDer).length; // 1 (DER)
 * decodeInputBlobs(base64Encode(leafDer))[0]!.length === leafDer.length; // true (bare base64)
 * ```
 */
export function decodeInputBlobs(input: Uint8Array | string): Uint8Array[] {
  if (input.length > MAX_INPUT) {
    throw new InputFormatError('INPUT_TOO_LARGE', `input of ${input.length} bytes exceeds ${MAX_INPUT}`);
  }
  if (typeof input !== 'string' && input.length > 0 && input[0] === 0x30) {
    // Binary DER first: "0Y…" is both a short DER SEQUENCE and printable text, so try DER before text.
    try {
      parseDer(input);
      return [input];
    } catch {
      if (!isProbablyText(input)) return [input]; // let the caller report the DER error
    }
  }
  const text = typeof input === 'string' ? input : latin1.decode(input);
  if (text.includes('-----BEGIN')) {
    const blocks = parsePem(text);
    if (blocks.length === 0) throw new InputFormatError('BAD_PEM', 'PEM armour without a valid block');
    return blocks.map((b) => b.der);
  }
  const trimmed = text.trim();
  if (trimmed.length > 0 && /^[A-Za-z0-9+/=\s_-]+$/.test(trimmed)) {
    const der = base64Decode(trimmed);
    if (der[0] === 0x30) return [der];
  }
  if (typeof input !== 'string') return [input];
  throw new InputFormatError('UNKNOWN_FORMAT', 'input is neither DER, PEM nor base64');
}

/**
 * Reads the certificates of a PKCS#7 / CMS SignedData "certs-only" bundle (`.p7b`, `.p7c`) or of any
 * SignedData. Returns `undefined` when the blob is not a ContentInfo.
 *
 * @example
 * ```ts
 * import { certificatesFromPkcs7, der, parseDer } from '@mutua/core';
 * // A "certs-only" SignedData (.p7b): version, no digestAlgorithms, id-data, certificates [0], no signers.
 * const idData = der.seq(der.oid('1.2.840.113549.1.7.1'));
 * const signedData = der.seq(der.int(1), der.set(), idData, der.ctx(0, leafDer, caDer), der.set());
 * const p7b = der.seq(der.oid('1.2.840.113549.1.7.2'), der.ctx(0, signedData));
 * certificatesFromPkcs7(parseDer(p7b))?.length; // 2
 * certificatesFromPkcs7(parseDer(leafDer)); // undefined (not a ContentInfo)
 * ```
 */
export function certificatesFromPkcs7(root: Tlv): Certificate[] | undefined {
  if (!isUniversal(root, Tag.SEQUENCE)) return undefined;
  const kids = children(root);
  if (kids.length < 1 || !isUniversal(kids[0]!, Tag.OID)) return undefined;
  const type = decodeOid(kids[0]!);
  if (type !== OID.signedData) return undefined;
  if (!kids[1] || !isContext(kids[1], 0))
    throw new StructureError('BAD_PKCS7', 'SignedData ContentInfo without content');
  const sd = new SeqReader(explicitInner(kids[1], 'ContentInfo content'), 'SignedData');
  sd.next('version', Tag.INTEGER);
  sd.next('digestAlgorithms', Tag.SET);
  sd.next('encapContentInfo', Tag.SEQUENCE);
  const certs = sd.optionalContext(0);
  if (!certs) return [];
  return children(certs)
    .filter((c) => isUniversal(c, Tag.SEQUENCE))
    .map((c) => certificateFromTlv(c));
}

/**
 * Parses every certificate in an input: DER, PEM (one or many), base64, or a PKCS#7 bundle.
 *
 * @throws {@link InputFormatError}, {@link Asn1Error} or {@link StructureError} for bad input.
 * @example
 * ```ts
 * import { parseCertificates } from '@mutua/core';
 * const [leaf, ...rest] = parseCertificates(pemText);
 * ```
 */
export function parseCertificates(input: Uint8Array | string): Certificate[] {
  const out: Certificate[] = [];
  for (const der of decodeInputBlobs(input)) {
    let root: Tlv;
    try {
      root = parseDer(der);
    } catch (e) {
      if (e instanceof MutuaError) throw e;
      throw new Asn1Error('ASN1_ERROR', String(e));
    }
    const fromP7 = certificatesFromPkcs7(root);
    if (fromP7) out.push(...fromP7);
    else out.push(certificateFromTlv(root));
  }
  return out;
}
