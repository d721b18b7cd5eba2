import { OID } from '../oids';
import type { PublicKeyInfo } from '../x509/public-key';
import type { HashName, SignatureScheme } from './algorithms';
import type { CryptoEngine, VerifyOutcome, VerifyRequest } from './engine';
import { parseDerSignature, toP1363 } from './signature-encoding';

const WEB_HASHES: ReadonlySet<HashName> = new Set(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);
const WEB_CURVES: Record<string, { name: string; size: number }> = {
  prime256v1: { name: 'P-256', size: 32 },
  secp384r1: { name: 'P-384', size: 48 },
  secp521r1: { name: 'P-521', size: 66 },
};

/**
 * A {@link CryptoEngine} on the WebCrypto API, for browsers and any runtime with `crypto.subtle`.
 * What WebCrypto cannot do (DSA, brainpool, Ed448, MD5, SHA-224, explicit curve parameters) is
 * reported as `unsupported`.
 *
 * @param subtle The SubtleCrypto to use; defaults to `globalThis.crypto.subtle` (pass
 *   `new (require('@peculiar/webcrypto').Crypto)().subtle` on runtimes without one).
 *
 * @example
 * ```ts
 * import { UnsupportedAlgorithm, createWebCryptoEngine, resolveSignatureAlgorithm } from '@mutua/core';
 * const engine = createWebCryptoEngine(); // globalThis.crypto.subtle
 * const scheme = resolveSignatureAlgorithm(cert.signatureAlgorithm);
 * if (scheme instanceof UnsupportedAlgorithm) throw new Error(scheme.reason);
 * const req = { scheme, publicKey: issuer.publicKey, data: cert.tbsDer, signature: cert.signatureValue };
 * (await engine.verify(req)).status; // 'valid'
 * (await engine.digest('SHA-256', new Uint8Array())).length; // 32
 * ```
 */
export function createWebCryptoEngine(subtle: SubtleCrypto = globalThis.crypto?.subtle): CryptoEngine {
  const keyCache = new WeakMap<PublicKeyInfo, Map<string, Promise<CryptoKey>>>();

  function importKey(pk: PublicKeyInfo, alg: RsaHashedImportParams | EcKeyImportParams | Algorithm) {
    const id = JSON.stringify(alg);
    let m = keyCache.get(pk);
    if (!m) keyCache.set(pk, (m = new Map()));
    let k = m.get(id);
    if (!k) {
      k = subtle.importKey('spki', pk.der as BufferSource, alg, false, ['verify']);
      m.set(id, k);
    }
    return k;
  }

  async function verifyWith(req: VerifyRequest, s: SignatureScheme): Promise<VerifyOutcome> {
    const { publicKey: pk } = req;
    const data = req.data as BufferSource;
    switch (s.kind) {
      case 'RSA-PKCS1': {
        if (pk.type !== 'RSA')
          return { status: 'invalid', reason: `an ${pk.type} key cannot verify RSA signatures` };
        if (!WEB_HASHES.has(s.hash))
          return { status: 'unsupported', reason: `${s.hash} is not available in WebCrypto` };
        const key = await importKey(pk, { name: 'RSASSA-PKCS1-v1_5', hash: s.hash });
        // WebCrypto implementations verify PKCS#1 v1.5 by re-encoding and comparing (BoringSSL, NSS).
        return (await subtle.verify('RSASSA-PKCS1-v1_5', key, req.signature as BufferSource, data))
          ? { status: 'valid' }
          : { status: 'invalid', reason: 'RSA signature does not verify' };
      }
      case 'RSA-PSS': {
        if (pk.type !== 'RSA' && pk.type !== 'RSA-PSS')
          return { status: 'invalid', reason: 'key is not RSA' };
        if (!WEB_HASHES.has(s.hash) || s.mgfHash !== s.hash) {
          return {
            status: 'unsupported',
            reason: 'PSS with this hash/MGF combination is not available in WebCrypto',
          };
        }
        if (pk.type === 'RSA-PSS')
          return { status: 'unsupported', reason: 'WebCrypto cannot import id-RSASSA-PSS keys' };
        const key = await importKey(pk, { name: 'RSA-PSS', hash: s.hash });
        return (await subtle.verify(
          { name: 'RSA-PSS', saltLength: s.saltLength },
          key,
          req.signature as BufferSource,
          data,
        ))
          ? { status: 'valid' }
          : { status: 'invalid', reason: 'RSA-PSS signature does not verify' };
      }
      case 'ECDSA': {
        if (pk.type !== 'EC')
          return { status: 'invalid', reason: `an ${pk.type} key cannot verify ECDSA signatures` };
        const curve = pk.curve ? WEB_CURVES[pk.curve] : undefined;
        if (!curve)
          return { status: 'unsupported', reason: `curve ${pk.curve} is not available in WebCrypto` };
        if (!WEB_HASHES.has(s.hash))
          return { status: 'unsupported', reason: `${s.hash} is not available in WebCrypto` };
        const rs = parseDerSignature(req.signature);
        if (typeof rs === 'string') return { status: 'invalid', reason: rs };
        const p1363 = toP1363(rs.r, rs.s, curve.size);
        if (!p1363)
          return { status: 'invalid', reason: 'signature integers are larger than the curve order' };
        const key = await importKey(pk, { name: 'ECDSA', namedCurve: curve.name });
        return (await subtle.verify({ name: 'ECDSA', hash: s.hash }, key, p1363 as BufferSource, data))
          ? { status: 'valid' }
          : { status: 'invalid', reason: 'ECDSA signature does not verify' };
      }
      case 'Ed25519': {
        if (pk.algorithm.oid !== OID.ed25519) return { status: 'invalid', reason: 'key is not Ed25519' };
        const key = await importKey(pk, { name: 'Ed25519' });
        return (await subtle.verify('Ed25519', key, req.signature as BufferSource, data))
          ? { status: 'valid' }
          : { status: 'invalid', reason: 'Ed25519 signature does not verify' };
      }
      default:
        return { status: 'unsupported', reason: `${s.kind} is not available in WebCrypto` };
    }
  }

  return {
    name: 'webcrypto',
    async digest(hash, data) {
      if (!WEB_HASHES.has(hash)) throw new Error(`${hash} is not available in WebCrypto`);
      return new Uint8Array(await subtle.digest(hash, data as BufferSource));
    },
    async verify(req) {
      if (!subtle) return { status: 'unsupported', reason: 'no WebCrypto in this runtime' };
      try {
        return await verifyWith(req, req.scheme);
      } catch (e) {
        // Import failures (a malformed key, an algorithm the runtime refuses) are not verdicts on the signature.
        return { status: 'unsupported', reason: `WebCrypto could not verify: ${(e as Error).message}` };
      }
    },
  };
}
