import { HASH_LENGTH, type HashName, MutuaError, type SignatureScheme } from '@mutua/core';
import { SIGNATURE_METHODS } from '../dsig/methods';

/**
 * A signing key held elsewhere (HSM, cloud KMS, smart card, signing service): `sign` receives the
 * canonical SignedInfo, hashes it itself with the SignatureMethod's hash and returns the signature
 * value — for ECDSA either XML-DSig's `r ‖ s` or DER (converted when `certificates` gives the key size).
 *
 * @example
 * ```ts
 * import { type XmlRemoteSigner, signXml } from '@mutua/xades';
 * const remote: XmlRemoteSigner = {
 *   signatureMethod: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
 *   sign: async (data) => key.sign(data), // the testkit returns DER ECDSA-Sig-Value
 * };
 * const { xml } = await signXml({ content: { kind: 'enveloping', content: '<a/>' }, key: remote, certificates: [leaf.der] });
 * xml.includes('ecdsa-sha256'); // true
 * ```
 */
export interface XmlRemoteSigner {
  /** The SignatureMethod URI the remote key signs with (see the verifier's list: rsa-sha256, ecdsa-sha384, …). */
  readonly signatureMethod: string;
  /** Signs `data` (the canonical SignedInfo), hashing it as the method says. */
  readonly sign: (data: Uint8Array) => Promise<Uint8Array>;
}

/** How a WebCrypto key signs: the method URI and the parameters of `subtle.sign`. */
export interface CryptoKeyMethod {
  readonly uri: string;
  readonly params: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
  readonly scheme: SignatureScheme;
}

const CURVE_HASH: Record<string, HashName> = { 'P-256': 'SHA-256', 'P-384': 'SHA-384', 'P-521': 'SHA-512' };

function uriOf(scheme: SignatureScheme): string {
  for (const [uri, s] of Object.entries(SIGNATURE_METHODS)) {
    if (s.kind !== scheme.kind) continue;
    if ('hash' in s && 'hash' in scheme && s.hash !== scheme.hash) continue;
    return uri;
  }
  throw new MutuaError('SIGNING_UNSUPPORTED', `no XML-DSig SignatureMethod for ${scheme.kind}`);
}

/** The SignatureMethod of a WebCrypto private key (its algorithm decides; RSA keys carry their hash). */
export function cryptoKeyMethod(key: CryptoKey): CryptoKeyMethod {
  const alg = key.algorithm as RsaHashedKeyAlgorithm & EcKeyAlgorithm;
  const keyHash = alg.hash?.name as HashName | undefined;
  let scheme: SignatureScheme;
  let params: CryptoKeyMethod['params'];
  switch (alg.name) {
    case 'RSASSA-PKCS1-v1_5':
      scheme = { kind: 'RSA-PKCS1', hash: keyHash ?? 'SHA-256' };
      params = { name: alg.name };
      break;
    case 'RSA-PSS': {
      const hash = keyHash ?? 'SHA-256';
      scheme = { kind: 'RSA-PSS', hash, mgfHash: hash, saltLength: HASH_LENGTH[hash], trailerField: 1 };
      params = { name: 'RSA-PSS', saltLength: HASH_LENGTH[hash] };
      break;
    }
    case 'ECDSA': {
      const hash = CURVE_HASH[alg.namedCurve];
      if (!hash) throw new MutuaError('SIGNING_UNSUPPORTED', `curve ${alg.namedCurve} is not supported`);
      scheme = { kind: 'ECDSA', hash };
      params = { name: 'ECDSA', hash };
      break;
    }
    case 'Ed25519':
      scheme = { kind: 'Ed25519' };
      params = { name: 'Ed25519' };
      break;
    default:
      throw new MutuaError('SIGNING_UNSUPPORTED', `a ${alg.name} key cannot sign XML signatures here`);
  }
  return { uri: uriOf(scheme), params, scheme };
}
