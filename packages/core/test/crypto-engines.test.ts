import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type SignatureScheme,
  createWebCryptoEngine,
  digestInfo,
  parseDer,
  parsePublicKeyInfo,
} from '../src/index';
import { nodeCryptoEngine } from '../src/node';

const data = new TextEncoder().encode('Contrato firmado en Montevideo, verificado en Bruselas');

function spki(key: ReturnType<typeof generateKeyPairSync>['publicKey']) {
  return parsePublicKeyInfo(parseDer(new Uint8Array(key.export({ type: 'spki', format: 'der' }))));
}

describe('node:crypto engine covers what WebCrypto lacks; WebCrypto says unsupported, never valid', () => {
  const cases: {
    name: string;
    gen: () => ReturnType<typeof generateKeyPairSync>;
    scheme: SignatureScheme;
    hash: string | null;
  }[] = [
    {
      name: 'ECDSA brainpoolP256r1',
      gen: () => generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1' }),
      scheme: { kind: 'ECDSA', hash: 'SHA-256' },
      hash: 'sha256',
    },
    {
      name: 'ECDSA brainpoolP384r1',
      gen: () => generateKeyPairSync('ec', { namedCurve: 'brainpoolP384r1' }),
      scheme: { kind: 'ECDSA', hash: 'SHA-384' },
      hash: 'sha384',
    },
    {
      name: 'ECDSA P-521',
      gen: () => generateKeyPairSync('ec', { namedCurve: 'secp521r1' }),
      scheme: { kind: 'ECDSA', hash: 'SHA-512' },
      hash: 'sha512',
    },
    { name: 'Ed25519', gen: () => generateKeyPairSync('ed25519'), scheme: { kind: 'Ed25519' }, hash: null },
    { name: 'Ed448', gen: () => generateKeyPairSync('ed448'), scheme: { kind: 'Ed448' }, hash: null },
    {
      name: 'DSA 2048',
      gen: () => generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }),
      scheme: { kind: 'DSA', hash: 'SHA-256' },
      hash: 'sha256',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { publicKey, privateKey } = c.gen();
      const pk = spki(publicKey);
      const signature = new Uint8Array(sign(c.hash, data, { key: privateKey, dsaEncoding: 'der' }));
      expect(await nodeCryptoEngine.verify({ scheme: c.scheme, publicKey: pk, data, signature })).toEqual({
        status: 'valid',
      });
      const tampered = signature.slice();
      tampered[tampered.length - 1]! ^= 1;
      expect(
        (await nodeCryptoEngine.verify({ scheme: c.scheme, publicKey: pk, data, signature: tampered }))
          .status,
      ).toBe('invalid');
      const web = await createWebCryptoEngine().verify({ scheme: c.scheme, publicKey: pk, data, signature });
      expect(['valid', 'unsupported']).toContain(web.status);
    });
  }

  it('ECDSA signatures must be strict DER (a BER length is invalid, not repaired)', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const sig = new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'der' }));
    // Re-encode the outer SEQUENCE length in long form (0x81 nn): same value, not DER.
    const ber = new Uint8Array([0x30, 0x81, sig[1]!, ...sig.subarray(2)]);
    const scheme: SignatureScheme = { kind: 'ECDSA', hash: 'SHA-256' };
    for (const engine of [nodeCryptoEngine, createWebCryptoEngine()]) {
      expect((await engine.verify({ scheme, publicKey: spki(publicKey), data, signature: sig })).status).toBe(
        'valid',
      );
      expect((await engine.verify({ scheme, publicKey: spki(publicKey), data, signature: ber })).status).toBe(
        'invalid',
      );
    }
  });
});

/** Integer cube root (floor) of a bigint. */
function cbrt(n: bigint): bigint {
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 3));
  for (;;) {
    const y = (2n * x + n / (x * x)) / 3n;
    if (y >= x) break;
    x = y;
  }
  while (x * x * x > n) x--;
  while ((x + 1n) ** 3n <= n) x++;
  return x;
}

describe('PKCS#1 v1.5 is verified by encode-and-compare (Bleichenbacher 2006, e = 3)', () => {
  it('a forged signature with garbage after the DigestInfo is rejected', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 });
    const pk = spki(publicKey);
    const k = 256;
    const prefix = new Uint8Array([
      0x00,
      0x01,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0x00,
      ...digestInfo('SHA-256', new Uint8Array(createHash('sha256').update(data).digest())),
    ]);
    // Target: prefix followed by anything; the forger's cube root only needs to match the top bytes.
    let target = 0n;
    for (const b of prefix) target = (target << 8n) | BigInt(b);
    target <<= BigInt(8 * (k - prefix.length));
    let s = cbrt(target) + 1n;
    let cube = s ** 3n;
    // Make sure the forgery really has the right prefix (so a parsing verifier would accept it).
    const top = cube >> BigInt(8 * (k - prefix.length));
    let want = 0n;
    for (const b of prefix) want = (want << 8n) | BigInt(b);
    if (top !== want) s = cbrt(target + (1n << BigInt(8 * (k - prefix.length))) - 1n);
    cube = s ** 3n;
    const sig = new Uint8Array(k);
    for (let i = k - 1, v = s; i >= 0; i--, v >>= 8n) sig[i] = Number(v & 0xffn);
    expect(cube >> BigInt(8 * (k - prefix.length))).toBe(want);
    const r = await nodeCryptoEngine.verify({
      scheme: { kind: 'RSA-PKCS1', hash: 'SHA-256' },
      publicKey: pk,
      data,
      signature: sig,
    });
    expect(r.status).toBe('invalid');
  });
});
