import { OID, type PublicKeyInfo, der, parseDer, parsePublicKeyInfo } from '@mutua/core';

/** The key types the testkit can generate with WebCrypto. */
export type KeySpec = 'RSA-2048' | 'RSA-3072' | 'RSA-4096' | 'RSA-PSS-2048' | 'P-256' | 'P-384' | 'Ed25519';

/**
 * Every {@link KeySpec}, in a stable order.
 *
 * @example
 * ```ts
 * import { KEY_SPECS, createTestPki } from '@mutua/testkit';
 * for (const keySpec of KEY_SPECS.filter((s) => !s.startsWith('RSA'))) {
 *   const pki = await createTestPki({ name: `PKI ${keySpec}`, keySpec });
 * }
 * ```
 */
export const KEY_SPECS: readonly KeySpec[] = [
  'RSA-2048',
  'RSA-3072',
  'RSA-4096',
  'RSA-PSS-2048',
  'P-256',
  'P-384',
  'Ed25519',
];

/** Hashes WebCrypto can sign with. */
export type SignHash = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/**
 * How to sign with a {@link TestKey}. Unset fields take the key's defaults: SHA-256 (SHA-384 for
 * P-384 and RSA-3072/4096), PKCS#1 v1.5 for `RSA-*` keys and RSASSA-PSS for `RSA-PSS-*` keys.
 */
export interface SignatureOptions {
  /** Message hash (ignored for Ed25519). */
  readonly hash?: SignHash;
  /** RSA only: sign with RSASSA-PSS (`true`) or PKCS#1 v1.5 (`false`). */
  readonly pss?: boolean;
  /** RSA-PSS only: salt length in bytes (default: the hash length). */
  readonly saltLength?: number;
}

/**
 * A key pair generated for tests, able to produce X.509/CMS signature values.
 *
 * @example
 * ```ts
 * import { generateKeyPair } from '@mutua/testkit';
 * const key = await generateKeyPair('P-256');
 * const sig = await key.sign(new TextEncoder().encode('hello')); // DER ECDSA-Sig-Value
 * ```
 */
export interface TestKey {
  readonly spec: KeySpec;
  /** The private key, in the spec's default algorithm (extractable, so that it can be re-imported for other hashes). */
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** The SubjectPublicKeyInfo DER. */
  readonly spki: Uint8Array;
  /** The parsed SubjectPublicKeyInfo, as `@mutua/core` sees it. */
  readonly publicKeyInfo: PublicKeyInfo;
  /** The default signature AlgorithmIdentifier DER (for example sha256WithRSAEncryption). */
  readonly signatureAlgorithm: Uint8Array;
  /** The default hash (`undefined` for Ed25519). */
  readonly hash: SignHash | undefined;
  /**
   * Signs `data` and returns the signature value as X.509 carries it: raw for RSA and Ed25519,
   * DER `ECDSA-Sig-Value` for ECDSA (WebCrypto's IEEE P1363 output is converted).
   */
  sign(data: Uint8Array, options?: SignatureOptions): Promise<Uint8Array>;
  /** The AlgorithmIdentifier DER that {@link TestKey.sign} with the same options produces signatures for. */
  algorithmIdentifier(options?: SignatureOptions): Uint8Array;
  /** The PKCS#8 DER of the private key (to persist a key or load it into another tool). */
  exportPkcs8(): Promise<Uint8Array>;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('@mutua/testkit needs WebCrypto (globalThis.crypto.subtle)');
  return s;
}

const F4 = new Uint8Array([1, 0, 1]);

interface SpecInfo {
  readonly family: 'RSA' | 'EC' | 'Ed25519';
  readonly bits?: number;
  readonly curve?: 'P-256' | 'P-384';
  readonly pss?: boolean;
  readonly hash?: SignHash;
}

const SPEC: Record<KeySpec, SpecInfo> = {
  'RSA-2048': { family: 'RSA', bits: 2048, hash: 'SHA-256' },
  'RSA-3072': { family: 'RSA', bits: 3072, hash: 'SHA-384' },
  'RSA-4096': { family: 'RSA', bits: 4096, hash: 'SHA-384' },
  'RSA-PSS-2048': { family: 'RSA', bits: 2048, hash: 'SHA-256', pss: true },
  'P-256': { family: 'EC', curve: 'P-256', hash: 'SHA-256' },
  'P-384': { family: 'EC', curve: 'P-384', hash: 'SHA-384' },
  Ed25519: { family: 'Ed25519' },
};

const HASH_BYTES: Record<SignHash, number> = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };
const HASH_OID: Record<SignHash, string> = {
  'SHA-1': OID.sha1,
  'SHA-256': OID.sha256,
  'SHA-384': OID.sha384,
  'SHA-512': OID.sha512,
};
const RSA_OID: Record<SignHash, string> = {
  'SHA-1': OID.sha1WithRSA,
  'SHA-256': OID.sha256WithRSA,
  'SHA-384': OID.sha384WithRSA,
  'SHA-512': OID.sha512WithRSA,
};
const ECDSA_OID: Record<SignHash, string> = {
  'SHA-1': OID.ecdsaWithSHA1,
  'SHA-256': OID.ecdsaWithSHA256,
  'SHA-384': OID.ecdsaWithSHA384,
  'SHA-512': OID.ecdsaWithSHA512,
};

/**
 * The RSASSA-PSS AlgorithmIdentifier (RFC 4055) for a hash, MGF1 with the same hash and a salt length.
 *
 * @example
 * ```ts
 * import { pssAlgorithmIdentifier } from '@mutua/testkit';
 * const alg = pssAlgorithmIdentifier('SHA-256'); // salt 32, trailer 1
 * ```
 */
export function pssAlgorithmIdentifier(hash: SignHash, saltLength = HASH_BYTES[hash]): Uint8Array {
  const hashAlg = der.seq(der.oid(HASH_OID[hash]), der.nul());
  return der.seq(
    der.oid(OID.rsassaPss),
    der.seq(
      der.ctx(0, hashAlg),
      der.ctx(1, der.seq(der.oid(OID.mgf1), hashAlg)),
      der.ctx(2, der.int(saltLength)),
    ),
  );
}

/**
 * Converts an IEEE P1363 signature (`r || s`, as WebCrypto produces) to DER `ECDSA-Sig-Value`.
 *
 * @example
 * ```ts
 * import { p1363ToDer } from '@mutua/testkit';
 * const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
 * const { privateKey } = await crypto.subtle.generateKey(alg, false, ['sign']);
 * const p1363 = await crypto.subtle.sign(alg, privateKey, new TextEncoder().encode('hello')); // r ‖ s
 * const derSig = p1363ToDer(new Uint8Array(p1363)); // SEQUENCE { INTEGER r, INTEGER s }
 * ```
 */
export function p1363ToDer(sig: Uint8Array): Uint8Array {
  const half = sig.length / 2;
  return der.seq(der.uintBytes(sig.subarray(0, half)), der.uintBytes(sig.subarray(half)));
}

function specInfo(spec: KeySpec): SpecInfo {
  const info = SPEC[spec];
  if (!info) throw new RangeError(`unknown key spec ${String(spec)}`);
  return info;
}

function generationAlgorithm(info: SpecInfo): RsaHashedKeyGenParams | EcKeyGenParams | Algorithm {
  if (info.family === 'RSA') {
    return {
      name: info.pss ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5',
      modulusLength: info.bits!,
      publicExponent: F4,
      hash: info.hash!,
    };
  }
  if (info.family === 'EC') return { name: 'ECDSA', namedCurve: info.curve! };
  return { name: 'Ed25519' };
}

class WebCryptoTestKey implements TestKey {
  readonly publicKeyInfo: PublicKeyInfo;
  readonly hash: SignHash | undefined;
  readonly signatureAlgorithm: Uint8Array;
  private readonly info: SpecInfo;
  private readonly signers = new Map<string, Promise<CryptoKey>>();

  constructor(
    readonly spec: KeySpec,
    readonly privateKey: CryptoKey,
    readonly publicKey: CryptoKey,
    readonly spki: Uint8Array,
  ) {
    this.info = specInfo(spec);
    this.publicKeyInfo = parsePublicKeyInfo(parseDer(spki));
    this.hash = this.info.hash;
    this.signatureAlgorithm = this.algorithmIdentifier();
  }

  private resolve(o: SignatureOptions = {}): { hash: SignHash; pss: boolean; saltLength: number } {
    const hash = o.hash ?? this.info.hash ?? 'SHA-256';
    const pss = this.info.family === 'RSA' && (o.pss ?? this.info.pss ?? false);
    return { hash, pss, saltLength: o.saltLength ?? HASH_BYTES[hash] };
  }

  algorithmIdentifier(options?: SignatureOptions): Uint8Array {
    const { hash, pss, saltLength } = this.resolve(options);
    switch (this.info.family) {
      case 'RSA':
        return pss ? pssAlgorithmIdentifier(hash, saltLength) : der.seq(der.oid(RSA_OID[hash]), der.nul());
      case 'EC':
        return der.seq(der.oid(ECDSA_OID[hash]));
      case 'Ed25519':
        return der.seq(der.oid(OID.ed25519));
    }
  }

  private signingKey(hash: SignHash, pss: boolean): Promise<CryptoKey> {
    const name =
      this.info.family === 'RSA'
        ? pss
          ? 'RSA-PSS'
          : 'RSASSA-PKCS1-v1_5'
        : this.info.family === 'EC'
          ? 'ECDSA'
          : 'Ed25519';
    const alg = this.privateKey.algorithm as RsaHashedKeyAlgorithm;
    // ECDSA and Ed25519 keys sign with any hash; RSA keys are bound to one hash and scheme in WebCrypto.
    if (this.info.family !== 'RSA' || (alg.name === name && alg.hash.name === hash))
      return Promise.resolve(this.privateKey);
    const id = `${name}/${hash}`;
    let k = this.signers.get(id);
    if (!k) {
      k = (async () => {
        const pkcs8 = await subtle().exportKey('pkcs8', this.privateKey);
        return subtle().importKey('pkcs8', pkcs8, { name, hash }, false, ['sign']);
      })();
      this.signers.set(id, k);
    }
    return k;
  }

  async sign(data: Uint8Array, options?: SignatureOptions): Promise<Uint8Array> {
    const { hash, pss, saltLength } = this.resolve(options);
    const key = await this.signingKey(hash, pss);
    const bytes = data as BufferSource;
    switch (this.info.family) {
      case 'RSA':
        return new Uint8Array(
          await subtle().sign(
            pss ? { name: 'RSA-PSS', saltLength } : { name: 'RSASSA-PKCS1-v1_5' },
            key,
            bytes,
          ),
        );
      case 'EC':
        return p1363ToDer(new Uint8Array(await subtle().sign({ name: 'ECDSA', hash }, key, bytes)));
      case 'Ed25519':
        return new Uint8Array(await subtle().sign({ name: 'Ed25519' }, key, bytes));
    }
  }

  async exportPkcs8(): Promise<Uint8Array> {
    return new Uint8Array(await subtle().exportKey('pkcs8', this.privateKey));
  }
}

async function wrap(spec: KeySpec, pair: CryptoKeyPair): Promise<TestKey> {
  const spki = new Uint8Array(await subtle().exportKey('spki', pair.publicKey));
  return new WebCryptoTestKey(spec, pair.privateKey, pair.publicKey, spki);
}

/**
 * Generates a fresh key pair with WebCrypto. RSA generation is slow (100–500 ms): in tests prefer
 * {@link keyPool}, which hands out the same pre-generated key for the same `(spec, label)`.
 *
 * @example
 * ```ts
 * import { generateKeyPair } from '@mutua/testkit';
 * const key = await generateKeyPair('Ed25519');
 * ```
 */
export async function generateKeyPair(spec: KeySpec): Promise<TestKey> {
  const alg = generationAlgorithm(specInfo(spec));
  const pair = (await subtle().generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  return wrap(spec, pair);
}

/**
 * Imports a PKCS#8 private key (for example one saved with {@link TestKey.exportPkcs8}) as a
 * {@link TestKey}. The public key is derived from the private key.
 *
 * @example
 * ```ts
 * import { importTestKey } from '@mutua/testkit';
 * const same = await importTestKey('P-256', await key.exportPkcs8());
 * ```
 */
export async function importTestKey(spec: KeySpec, pkcs8: Uint8Array): Promise<TestKey> {
  const info = specInfo(spec);
  const alg = generationAlgorithm(info);
  const importAlg =
    info.family === 'RSA' ? { name: (alg as RsaHashedKeyGenParams).name, hash: info.hash! } : alg;
  const privateKey = await subtle().importKey('pkcs8', pkcs8 as BufferSource, importAlg, true, ['sign']);
  // WebCrypto cannot derive a public key directly: go through JWK, dropping the private members.
  const jwk = await subtle().exportKey('jwk', privateKey);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
  const publicKey = await subtle().importKey('jwk', { ...pub, key_ops: ['verify'] }, importAlg, true, [
    'verify',
  ]);
  return wrap(spec, { privateKey, publicKey });
}

/**
 * Hands out pre-generated keys: the same `(spec, label)` always gets the same key, so a test PKI of five
 * certificates costs at most five key generations per process, not per test.
 *
 * @example
 * ```ts
 * import { KeyPool } from '@mutua/testkit';
 * const pool = new KeyPool();
 * const rootKey = await pool.get('P-256', 'root');
 * const again = await pool.get('P-256', 'root');
 * again === rootKey; // true
 * ```
 */
export class KeyPool {
  private readonly keys = new Map<string, Promise<TestKey>>();

  /**
   * The key for `(spec, label)`, generated on first use. Different labels give different keys;
   * `RSA-PSS-2048` reuses the modulus of `RSA-2048` with the same label.
   */
  get(spec: KeySpec, label: string | number = 0): Promise<TestKey> {
    const id = `${spec}\u0000${label}`;
    let k = this.keys.get(id);
    if (!k) {
      // RSA-PSS keys share the RSA-2048 key material of the same label: one slow generation, not two.
      k =
        spec === 'RSA-PSS-2048'
          ? this.get('RSA-2048', label).then(async (rsa) => importTestKey(spec, await rsa.exportPkcs8()))
          : generateKeyPair(spec);
      this.keys.set(id, k);
      // A failed generation must not poison the pool.
      k.catch(() => this.keys.delete(id));
    }
    return k;
  }

  /** Generates keys ahead of time (for example in a `beforeAll`) so that the first test is not slow. */
  async warm(spec: KeySpec, labels: readonly (string | number)[] = [0]): Promise<void> {
    await Promise.all(labels.map((l) => this.get(spec, l)));
  }

  /** Number of keys generated or being generated. */
  get size(): number {
    return this.keys.size;
  }

  /** Forgets every key. */
  clear(): void {
    this.keys.clear();
  }
}

/**
 * The process-wide key pool used by default by {@link createTestPki} and the CA helpers.
 *
 * @example
 * ```ts
 * import { keyPool } from '@mutua/testkit';
 * const key = await keyPool.get('P-256', 'my-test-signer');
 * ```
 */
export const keyPool: KeyPool = new KeyPool();
