import { Tag, isUniversal, parseDer } from '../asn1/der';
import { SeqReader, decodeOid, decodeSmallInt, explicitInner } from '../asn1/read';
import { OID } from '../oids';
import type { AlgorithmIdentifier } from '../x509/public-key';

/** Hash functions Mutua knows by name (names as in WebCrypto where they exist). */
export type HashName =
  | 'MD2'
  | 'MD5'
  | 'SHA-1'
  | 'SHA-224'
  | 'SHA-256'
  | 'SHA-384'
  | 'SHA-512'
  | 'SHA3-224'
  | 'SHA3-256'
  | 'SHA3-384'
  | 'SHA3-512';

/** A signature algorithm resolved from its AlgorithmIdentifier. */
export type SignatureScheme =
  | { readonly kind: 'RSA-PKCS1'; readonly hash: HashName }
  | {
      readonly kind: 'RSA-PSS';
      readonly hash: HashName;
      readonly mgfHash: HashName;
      readonly saltLength: number;
      readonly trailerField: number;
    }
  | { readonly kind: 'ECDSA'; readonly hash: HashName }
  | { readonly kind: 'DSA'; readonly hash: HashName }
  | { readonly kind: 'Ed25519' }
  | { readonly kind: 'Ed448' };

/** Hash OID → name. */
export const HASH_BY_OID: Record<string, HashName> = {
  [OID.md2]: 'MD2',
  [OID.md5]: 'MD5',
  [OID.sha1]: 'SHA-1',
  [OID.sha224]: 'SHA-224',
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
  '2.16.840.1.101.3.4.2.7': 'SHA3-224',
  [OID.sha3_256]: 'SHA3-256',
  [OID.sha3_384]: 'SHA3-384',
  [OID.sha3_512]: 'SHA3-512',
};

/** Hash name → OID. */
export const OID_BY_HASH: Record<HashName, string> = Object.fromEntries(
  Object.entries(HASH_BY_OID).map(([o, h]) => [h, o]),
) as Record<HashName, string>;

/** Output length in bytes. */
export const HASH_LENGTH: Record<HashName, number> = {
  MD2: 16,
  MD5: 16,
  'SHA-1': 20,
  'SHA-224': 28,
  'SHA-256': 32,
  'SHA-384': 48,
  'SHA-512': 64,
  'SHA3-224': 28,
  'SHA3-256': 32,
  'SHA3-384': 48,
  'SHA3-512': 64,
};

const SIMPLE: Record<string, SignatureScheme> = {
  [OID.md2WithRSA]: { kind: 'RSA-PKCS1', hash: 'MD2' },
  [OID.md5WithRSA]: { kind: 'RSA-PKCS1', hash: 'MD5' },
  [OID.sha1WithRSA]: { kind: 'RSA-PKCS1', hash: 'SHA-1' },
  '1.3.14.3.2.29': { kind: 'RSA-PKCS1', hash: 'SHA-1' },
  [OID.sha224WithRSA]: { kind: 'RSA-PKCS1', hash: 'SHA-224' },
  [OID.sha256WithRSA]: { kind: 'RSA-PKCS1', hash: 'SHA-256' },
  [OID.sha384WithRSA]: { kind: 'RSA-PKCS1', hash: 'SHA-384' },
  [OID.sha512WithRSA]: { kind: 'RSA-PKCS1', hash: 'SHA-512' },
  '2.16.840.1.101.3.4.3.13': { kind: 'RSA-PKCS1', hash: 'SHA3-224' },
  '2.16.840.1.101.3.4.3.14': { kind: 'RSA-PKCS1', hash: 'SHA3-256' },
  '2.16.840.1.101.3.4.3.15': { kind: 'RSA-PKCS1', hash: 'SHA3-384' },
  '2.16.840.1.101.3.4.3.16': { kind: 'RSA-PKCS1', hash: 'SHA3-512' },
  [OID.ecdsaWithSHA1]: { kind: 'ECDSA', hash: 'SHA-1' },
  [OID.ecdsaWithSHA224]: { kind: 'ECDSA', hash: 'SHA-224' },
  [OID.ecdsaWithSHA256]: { kind: 'ECDSA', hash: 'SHA-256' },
  [OID.ecdsaWithSHA384]: { kind: 'ECDSA', hash: 'SHA-384' },
  [OID.ecdsaWithSHA512]: { kind: 'ECDSA', hash: 'SHA-512' },
  '2.16.840.1.101.3.4.3.9': { kind: 'ECDSA', hash: 'SHA3-224' },
  '2.16.840.1.101.3.4.3.10': { kind: 'ECDSA', hash: 'SHA3-256' },
  '2.16.840.1.101.3.4.3.11': { kind: 'ECDSA', hash: 'SHA3-384' },
  '2.16.840.1.101.3.4.3.12': { kind: 'ECDSA', hash: 'SHA3-512' },
  [OID.dsaWithSHA1]: { kind: 'DSA', hash: 'SHA-1' },
  [OID.dsaWithSHA224]: { kind: 'DSA', hash: 'SHA-224' },
  [OID.dsaWithSHA256]: { kind: 'DSA', hash: 'SHA-256' },
  [OID.ed25519]: { kind: 'Ed25519' },
  [OID.ed448]: { kind: 'Ed448' },
};

/**
 * Why an AlgorithmIdentifier could not be resolved.
 *
 * @example
 * ```ts
 * import { UnsupportedAlgorithm, resolveSignatureAlgorithm } from '@mutua/core';
 * const r = resolveSignatureAlgorithm({ oid: '1.2.3.4', der: new Uint8Array() });
 * r instanceof UnsupportedAlgorithm; // true (report the signature as unsupported, not invalid)
 * (r as UnsupportedAlgorithm).reason; // 'unknown signature algorithm 1.2.3.4'
 * ```
 */
export class UnsupportedAlgorithm {
  constructor(readonly reason: string) {}
}

/**
 * Resolves a signature AlgorithmIdentifier (including RSASSA-PSS-params, RFC 4055) to a scheme.
 * Returns {@link UnsupportedAlgorithm} for unknown or malformed identifiers: the caller reports the
 * signature as *unsupported*, never as valid or invalid.
 *
 * @example
 * ```ts
 * import { resolveSignatureAlgorithm } from '@mutua/core';
 * resolveSignatureAlgorithm(cert.signatureAlgorithm); // { kind: 'ECDSA', hash: 'SHA-256' }
 * ```
 */
export function resolveSignatureAlgorithm(alg: AlgorithmIdentifier): SignatureScheme | UnsupportedAlgorithm {
  const simple = SIMPLE[alg.oid];
  if (simple) {
    if ((simple.kind === 'Ed25519' || simple.kind === 'Ed448' || simple.kind === 'ECDSA') && alg.parameters) {
      return new UnsupportedAlgorithm(`${alg.oid} must not carry parameters`);
    }
    return simple;
  }
  if (alg.oid === OID.rsassaPss) {
    try {
      return parsePssParams(alg.parameters);
    } catch (e) {
      return new UnsupportedAlgorithm(`malformed RSASSA-PSS parameters: ${(e as Error).message}`);
    }
  }
  return new UnsupportedAlgorithm(`unknown signature algorithm ${alg.oid}`);
}

function hashFromAlgId(der: Uint8Array): HashName {
  const r = new SeqReader(parseDer(der), 'HashAlgorithm');
  const oid = decodeOid(r.next('algorithm'));
  const h = HASH_BY_OID[oid];
  if (!h) throw new Error(`unknown hash ${oid}`);
  return h;
}

function parsePssParams(params: Uint8Array | undefined): SignatureScheme {
  let hash: HashName = 'SHA-1';
  let mgfHash: HashName = 'SHA-1';
  let saltLength = 20;
  let trailerField = 1;
  if (params) {
    const t = parseDer(params);
    if (!isUniversal(t, Tag.SEQUENCE)) throw new Error('RSASSA-PSS-params is not a SEQUENCE');
    const r = new SeqReader(t, 'RSASSA-PSS-params');
    const h = r.optionalContext(0);
    const m = r.optionalContext(1);
    const s = r.optionalContext(2);
    const tf = r.optionalContext(3);
    r.end();
    if (h) {
      const inner = explicitInner(h, 'hashAlgorithm');
      hash = hashFromAlgId(inner.buf.subarray(inner.start, inner.end));
    }
    if (m) {
      const mr = new SeqReader(explicitInner(m, 'maskGenAlgorithm'), 'MaskGenAlgorithm');
      const mgfOid = decodeOid(mr.next('algorithm'));
      if (mgfOid !== OID.mgf1) throw new Error(`unsupported mask generation function ${mgfOid}`);
      const inner = mr.next('parameters', Tag.SEQUENCE);
      mgfHash = hashFromAlgId(inner.buf.subarray(inner.start, inner.end));
    }
    if (s) saltLength = decodeSmallInt(explicitInner(s, 'saltLength'), 'saltLength');
    if (tf) trailerField = decodeSmallInt(explicitInner(tf, 'trailerField'), 'trailerField');
  }
  if (trailerField !== 1) throw new Error(`trailerField ${trailerField} is not 1`);
  return { kind: 'RSA-PSS', hash, mgfHash, saltLength, trailerField };
}

/**
 * Readable name, for reports: `RSA-PKCS1 SHA-256`, `ECDSA SHA-384`, `Ed25519`.
 *
 * @example
 * ```ts
 * import { schemeName } from '@mutua/core';
 * schemeName({ kind: 'RSA-PKCS1', hash: 'SHA-256' }); // 'RSA-PKCS1 SHA-256'
 * schemeName({ kind: 'Ed25519' }); // 'Ed25519'
 * ```
 */
export function schemeName(s: SignatureScheme): string {
  return 'hash' in s ? `${s.kind} ${s.hash}` : s.kind;
}
