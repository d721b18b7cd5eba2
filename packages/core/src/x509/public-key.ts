import { Tag, type Tlv, isUniversal, parseDer, tlvBytes, tlvValue } from '../asn1/der';
import { bits, oid, seq } from '../asn1/write';
import { SeqReader, decodeBitString, decodeInteger, decodeOctetString, decodeOid } from '../asn1/read';
import { StructureError } from '../errors';
import { OID } from '../oids';
import { toHex as hex } from '../util/bytes';

/** An AlgorithmIdentifier: OID plus the raw DER of its parameters (absent, NULL or a structure). */
export interface AlgorithmIdentifier {
  readonly oid: string;
  /** The parameters' DER, when present (NULL included). */
  readonly parameters?: Uint8Array;
  /** The whole AlgorithmIdentifier DER (for comparing the inner and outer signature algorithms). */
  readonly der: Uint8Array;
}

/** Key family. */
export type KeyType = 'RSA' | 'RSA-PSS' | 'EC' | 'Ed25519' | 'Ed448' | 'DSA' | 'unknown';

/** What a SubjectPublicKeyInfo holds. */
export interface PublicKeyInfo {
  /** The SubjectPublicKeyInfo DER (what crypto engines import). */
  readonly der: Uint8Array;
  readonly algorithm: AlgorithmIdentifier;
  readonly type: KeyType;
  /** Key size in bits (modulus for RSA, field for EC, p for DSA). 0 when unknown. */
  readonly bits: number;
  /** The named curve (OID name, or `explicit:<name>` for explicit parameters matched to a known curve). */
  readonly curve?: string;
  /** The subjectPublicKey BIT STRING content (for SKI computation and key comparison). */
  readonly publicKey: Uint8Array;
  /** True when DSA parameters are absent and must be inherited from the issuer (RFC 3279 §2.3.2). */
  readonly dsaParametersInherited?: boolean;
}

/**
 * Parses an AlgorithmIdentifier.
 *
 * @example
 * ```ts
 * import { der, parseAlgorithmIdentifier, parseDer } from '@mutua/core';
 * const alg = parseAlgorithmIdentifier(parseDer(der.seq(der.oid('1.2.840.113549.1.1.11'), der.nul())));
 * alg.oid; // '1.2.840.113549.1.1.11' (sha256WithRSAEncryption)
 * alg.parameters; // [0x05, 0x00] (NULL)
 * ```
 */
export function parseAlgorithmIdentifier(t: Tlv, what = 'AlgorithmIdentifier'): AlgorithmIdentifier {
  const r = new SeqReader(t, what);
  const oid = decodeOid(r.next('algorithm'), what);
  const p = r.more ? r.next('parameters') : undefined;
  r.end();
  return p ? { oid, parameters: tlvBytes(p), der: tlvBytes(t) } : { oid, der: tlvBytes(t) };
}

function bitLength(b: Uint8Array): number {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  if (i === b.length) return 0;
  return (b.length - i - 1) * 8 + (32 - Math.clz32(b[i]!));
}

/** Known curves by the hex of their order, to recognise explicit parameters (RFC 3279 specifiedCurve). */
const CURVE_BY_ORDER: Record<string, string> = {
  ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551: 'prime256v1',
  ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973:
    'secp384r1',
  '01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409':
    'secp521r1',
  a9fb57dba1eea9bc3e660a909d838d718c397aa3b561a6f7901e0e82974856a7: 'brainpoolP256r1',
  '8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b31f166e6cac0425a7cf3ab6af6b7fc3103b883202e9046565':
    'brainpoolP384r1',
  aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca70330870553e5c414ca92619418661197fac10471db1d381085ddaddb58796829ca90069:
    'brainpoolP512r1',
};

const CURVE_NAMES: Record<string, string> = {
  [OID.prime256v1]: 'prime256v1',
  [OID.secp384r1]: 'secp384r1',
  [OID.secp521r1]: 'secp521r1',
  [OID.secp256k1]: 'secp256k1',
  [OID.brainpoolP256r1]: 'brainpoolP256r1',
  [OID.brainpoolP384r1]: 'brainpoolP384r1',
  [OID.brainpoolP512r1]: 'brainpoolP512r1',
};

const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp256k1: 256,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
};

function uintHex(t: Tlv): string {
  const v = tlvValue(t);
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  return hex(v.subarray(i));
}

/**
 * Parses a SubjectPublicKeyInfo and describes the key. Unknown algorithms parse as `unknown`.
 *
 * @example
 * ```ts
 * import { parseDer, parsePublicKeyInfo } from '@mutua/core';
 * const spki = parsePublicKeyInfo(parseDer(cert.publicKey.der));
 * spki.type; // 'EC'
 * spki.bits; // 256
 * ```
 */
export function parsePublicKeyInfo(t: Tlv): PublicKeyInfo {
  const r = new SeqReader(t, 'SubjectPublicKeyInfo');
  const algorithm = parseAlgorithmIdentifier(
    r.next('algorithm', Tag.SEQUENCE),
    'SubjectPublicKeyInfo algorithm',
  );
  const bs = decodeBitString(r.next('subjectPublicKey'), 'subjectPublicKey');
  r.end();
  const publicKey = bs.bytes;
  const der = tlvBytes(t);
  const base = { der, algorithm, publicKey };
  switch (algorithm.oid) {
    case OID.rsaEncryption:
    case OID.rsassaPss: {
      const k = new SeqReader(parseDer(publicKey), 'RSAPublicKey');
      const n = k.next('modulus', Tag.INTEGER);
      k.next('publicExponent', Tag.INTEGER);
      // Written out rather than spread from `base` (the same keys, in the same order): the common case.
      return {
        der,
        algorithm,
        publicKey,
        type: algorithm.oid === OID.rsaEncryption ? 'RSA' : 'RSA-PSS',
        bits: bitLength(tlvValue(n)),
      };
    }
    case OID.ecPublicKey: {
      if (!algorithm.parameters) throw new StructureError('BAD_EC_KEY', 'EC key without curve parameters');
      const p = parseDer(algorithm.parameters);
      if (isUniversal(p, Tag.OID)) {
        const oid = decodeOid(p);
        const curve = CURVE_NAMES[oid] ?? oid;
        return { ...base, type: 'EC', curve, bits: CURVE_BITS[curve] ?? (publicKey.length - 1) * 4 };
      }
      if (isUniversal(p, Tag.SEQUENCE)) {
        // ECParameters { version, fieldID, curve, base, order, cofactor? } — match by order.
        const er = new SeqReader(p, 'ECParameters');
        er.next('version', Tag.INTEGER);
        er.next('fieldID', Tag.SEQUENCE);
        er.next('curve', Tag.SEQUENCE);
        decodeOctetString(er.next('base'), 'ECParameters base');
        const order = uintHex(er.next('order', Tag.INTEGER));
        const known = CURVE_BY_ORDER[order];
        return {
          ...base,
          type: 'EC',
          curve: known ? `explicit:${known}` : 'explicit:unknown',
          bits: known ? CURVE_BITS[known]! : order.length * 4,
        };
      }
      return { ...base, type: 'EC', curve: 'implicitlyCA', bits: 0 };
    }
    case OID.ed25519:
      return { ...base, type: 'Ed25519', bits: 256 };
    case OID.ed448:
      return { ...base, type: 'Ed448', bits: 456 };
    case OID.dsa: {
      if (!algorithm.parameters || isUniversal(parseDer(algorithm.parameters), Tag.NULL)) {
        return { ...base, type: 'DSA', bits: 0, dsaParametersInherited: true };
      }
      const pr = new SeqReader(parseDer(algorithm.parameters), 'Dss-Parms');
      const pInt = pr.next('p', Tag.INTEGER);
      decodeInteger(pInt);
      return { ...base, type: 'DSA', bits: bitLength(tlvValue(pInt)) };
    }
    default:
      return { ...base, type: 'unknown', bits: 0 };
  }
}

/**
 * A DSA key whose parameters are inherited from its issuer (RFC 5280 §6.1.4 (f), RFC 3279 §2.3.2):
 * rebuilds the SubjectPublicKeyInfo with the issuer's parameters so that it can be imported.
 *
 * @example
 * ```ts
 * import { inheritDsaParameters } from '@mutua/core';
 * // Only DSA keys without parameters change; any other key comes back as it is:
 * inheritDsaParameters(cert.publicKey, issuer.publicKey) === cert.publicKey; // true
 * ```
 */
export function inheritDsaParameters(key: PublicKeyInfo, issuerKey: PublicKeyInfo): PublicKeyInfo {
  if (!key.dsaParametersInherited || issuerKey.type !== 'DSA' || !issuerKey.algorithm.parameters) return key;
  const algDer = seq(oid(OID.dsa), issuerKey.algorithm.parameters);
  const der = seq(algDer, bits(key.publicKey));
  const pr = new SeqReader(parseDer(issuerKey.algorithm.parameters), 'Dss-Parms');
  const p = pr.next('p', Tag.INTEGER);
  return {
    der,
    algorithm: { oid: OID.dsa, parameters: issuerKey.algorithm.parameters, der: algDer },
    type: 'DSA',
    bits: bitLength(tlvValue(p)),
    publicKey: key.publicKey,
  };
}
