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

/** Decodes base64 (standard or URL alphabet, whitespace ignored) without Node built-ins. */
export function base64Decode(s: string): Uint8Array {
  const clean = s
    .replace(/[\s\r\n]+/g, '')
    .replace(/-/g, '+')
    .replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw new InputFormatError('BAD_BASE64', 'not valid base64');
  const bin = atob(clean.length % 4 === 0 ? clean : clean + '='.repeat((4 - (clean.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Encodes bytes as base64. */
export function base64Encode(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Finds every PEM block in a text (any label). */
export function parsePem(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 #]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2]!.replace(/^[A-Za-z-]+:.*$/gm, '');
    out.push({ label: m[1]!, der: base64Decode(body) });
  }
  return out;
}

/** Encodes DER as PEM. */
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
 */
export function decodeInputBlobs(input: Uint8Array | string): Uint8Array[] {
  if (typeof input !== 'string' && input.length > MAX_INPUT) {
    throw new InputFormatError('INPUT_TOO_LARGE', `input of ${input.length} bytes exceeds ${MAX_INPUT}`);
  }
  if (
    typeof input !== 'string' &&
    input.length > 0 &&
    input[0] === 0x30 &&
    !isProbablyText(input.subarray(0, 2))
  ) {
    return [input];
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
