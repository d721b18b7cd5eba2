import { type KeyObject, createHash, createPublicKey, constants, publicDecrypt, verify } from 'node:crypto';
import type { PublicKeyInfo } from '../x509/public-key';
import type { HashName } from './algorithms';
import type { CryptoEngine, VerifyOutcome, VerifyRequest } from './engine';
import { emsaPkcs1v15, parseDerSignature, timingSafeEqual } from './signature-encoding';

const NODE_HASH: Record<HashName, string> = {
  MD2: 'md2',
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
  'SHA3-224': 'sha3-224',
  'SHA3-256': 'sha3-256',
  'SHA3-384': 'sha3-384',
  'SHA3-512': 'sha3-512',
};

const keyCache = new WeakMap<PublicKeyInfo, KeyObject | Error>();

/**
 * Imported keys by their exact SubjectPublicKeyInfo bytes, so that the same CA key met again in another
 * document (a portal verifies thousands signed under a few CAs) is not imported again. Keyed by the
 * full DER, so a different key can never hit; bounded (least recently used out).
 */
const KEYS_BY_DER_MAX = 512;
const keysByDer = new Map<string, KeyObject | Error>();
const latin1 = new TextDecoder('latin1');

function importKey(der: Uint8Array): KeyObject | Error {
  const id = latin1.decode(der);
  const hit = keysByDer.get(id);
  if (hit) {
    keysByDer.delete(id);
    keysByDer.set(id, hit);
    return hit;
  }
  let k: KeyObject | Error;
  try {
    k = createPublicKey({
      key: Buffer.from(der.buffer, der.byteOffset, der.byteLength),
      format: 'der',
      type: 'spki',
    });
  } catch (e) {
    k = e as Error;
  }
  keysByDer.set(id, k);
  if (keysByDer.size > KEYS_BY_DER_MAX) keysByDer.delete(keysByDer.keys().next().value!);
  return k;
}

function keyOf(pk: PublicKeyInfo): KeyObject | Error {
  let k = keyCache.get(pk);
  if (!k) {
    k = importKey(pk.der);
    keyCache.set(pk, k);
  }
  return k;
}

function hashOf(hash: HashName, data: Uint8Array): Uint8Array | Error {
  try {
    return createHash(NODE_HASH[hash]).update(data).digest();
  } catch (e) {
    return e as Error;
  }
}

function verifyNode(req: VerifyRequest): VerifyOutcome {
  const { scheme: s, publicKey: pk, data, signature } = req;
  const key = keyOf(pk);
  if (key instanceof Error)
    return { status: 'unsupported', reason: `key cannot be imported: ${key.message}` };
  switch (s.kind) {
    case 'RSA-PKCS1': {
      if (pk.type !== 'RSA')
        return { status: 'invalid', reason: `an ${pk.type} key cannot verify RSA PKCS#1 signatures` };
      const k = Math.ceil(pk.bits / 8);
      if (signature.length !== k)
        return { status: 'invalid', reason: 'RSA signature length differs from the modulus length' };
      const digest = hashOf(s.hash, data);
      if (digest instanceof Error)
        return { status: 'unsupported', reason: `${s.hash} is not available: ${digest.message}` };
      const expected = emsaPkcs1v15(s.hash, digest, k);
      if (!expected) return { status: 'invalid', reason: 'RSA modulus too short for this hash' };
      let em: Uint8Array;
      try {
        em = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
      } catch {
        return { status: 'invalid', reason: 'RSA signature is out of range for the modulus' };
      }
      return timingSafeEqual(em, expected)
        ? { status: 'valid' }
        : { status: 'invalid', reason: 'RSA signature does not verify (PKCS#1 v1.5 block differs)' };
    }
    case 'RSA-PSS': {
      if (pk.type !== 'RSA' && pk.type !== 'RSA-PSS') return { status: 'invalid', reason: 'key is not RSA' };
      if (s.mgfHash !== s.hash)
        return { status: 'unsupported', reason: 'PSS with an MGF1 hash different from the message hash' };
      const ok = verify(
        NODE_HASH[s.hash],
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: s.saltLength },
        signature,
      );
      return ok ? { status: 'valid' } : { status: 'invalid', reason: 'RSA-PSS signature does not verify' };
    }
    case 'ECDSA':
    case 'DSA': {
      const want = s.kind === 'ECDSA' ? 'EC' : 'DSA';
      if (pk.type !== want)
        return { status: 'invalid', reason: `an ${pk.type} key cannot verify ${s.kind} signatures` };
      const rs = parseDerSignature(signature);
      if (typeof rs === 'string') return { status: 'invalid', reason: rs };
      const ok = verify(NODE_HASH[s.hash], data, { key, dsaEncoding: 'der' }, signature);
      return ok ? { status: 'valid' } : { status: 'invalid', reason: `${s.kind} signature does not verify` };
    }
    case 'Ed25519':
    case 'Ed448': {
      if (pk.type !== s.kind)
        return { status: 'invalid', reason: `an ${pk.type} key cannot verify ${s.kind} signatures` };
      const ok = verify(null, data, key, signature);
      return ok ? { status: 'valid' } : { status: 'invalid', reason: `${s.kind} signature does not verify` };
    }
  }
}

/**
 * The Node.js {@link CryptoEngine}: `node:crypto` (OpenSSL). Faster than WebCrypto for one-shot
 * verifications and covers DSA, brainpool curves, explicit curve parameters, Ed448, MD5 and SHA-3.
 * PKCS#1 v1.5 is verified by encode-and-compare on the raw RSA output.
 */
export const nodeCryptoEngine: CryptoEngine = {
  name: 'node',
  async digest(hash, data) {
    const d = hashOf(hash, data);
    if (d instanceof Error) throw new Error(`${hash} is not available in this Node.js: ${d.message}`);
    return d;
  },
  createHash(hash) {
    const h = createHash(NODE_HASH[hash]);
    return {
      update: (chunk) => {
        h.update(chunk);
      },
      digest: async () => new Uint8Array(h.digest()),
    };
  },
  async verify(req) {
    try {
      return verifyNode(req);
    } catch (e) {
      return { status: 'unsupported', reason: `node:crypto could not verify: ${(e as Error).message}` };
    }
  },
};
