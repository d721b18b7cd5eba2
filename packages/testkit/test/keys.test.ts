import { OID, parseAlgorithmIdentifier, parseDer, parseDerSignature } from '@mutua/core';
import {
  KEY_SPECS,
  KeyPool,
  type KeySpec,
  generateKeyPair,
  importTestKey,
  keyPool,
  p1363ToDer,
  pssAlgorithmIdentifier,
} from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import { verifyBoth } from './helpers';

const data = new TextEncoder().encode('Mutua testkit');
const alg = (der: Uint8Array) => parseAlgorithmIdentifier(parseDer(der));

describe('keys', () => {
  const specs: KeySpec[] = ['RSA-2048', 'RSA-PSS-2048', 'P-256', 'P-384', 'Ed25519'];
  it.each(specs)('%s signs what both engines verify', async (spec) => {
    const key = await keyPool.get(spec, 'keys-test');
    const sig = await key.sign(data);
    expect(await verifyBoth(alg(key.signatureAlgorithm), key.publicKeyInfo, data, sig)).toEqual([
      'valid',
      'valid',
    ]);
    const bad = sig.slice();
    bad[bad.length - 1]! ^= 1;
    const res = await verifyBoth(alg(key.signatureAlgorithm), key.publicKeyInfo, data, bad);
    expect(res).toEqual(['invalid', 'invalid']);
  });

  it('describes keys as core does', async () => {
    expect((await keyPool.get('RSA-2048', 'keys-test')).publicKeyInfo).toMatchObject({
      type: 'RSA',
      bits: 2048,
    });
    expect((await keyPool.get('RSA-PSS-2048', 'keys-test')).publicKeyInfo.algorithm.oid).toBe(
      OID.rsaEncryption,
    );
    expect((await keyPool.get('P-384', 'keys-test')).publicKeyInfo).toMatchObject({
      type: 'EC',
      curve: 'secp384r1',
    });
    expect((await keyPool.get('Ed25519', 'keys-test')).publicKeyInfo.type).toBe('Ed25519');
    expect(KEY_SPECS).toContain('RSA-3072');
  });

  it('signs with other hashes and schemes on demand', async () => {
    const rsa = await keyPool.get('RSA-2048', 'keys-test');
    for (const opts of [
      { hash: 'SHA-1' as const },
      { hash: 'SHA-512' as const },
      { pss: true },
      { pss: true, hash: 'SHA-384' as const, saltLength: 20 },
    ]) {
      const sig = await rsa.sign(data, opts);
      expect(await verifyBoth(alg(rsa.algorithmIdentifier(opts)), rsa.publicKeyInfo, data, sig)).toEqual([
        'valid',
        'valid',
      ]);
    }
    const ec = await keyPool.get('P-256', 'keys-test');
    const sig = await ec.sign(data, { hash: 'SHA-384' });
    expect(alg(ec.algorithmIdentifier({ hash: 'SHA-384' })).oid).toBe(OID.ecdsaWithSHA384);
    expect(
      await verifyBoth(alg(ec.algorithmIdentifier({ hash: 'SHA-384' })), ec.publicKeyInfo, data, sig),
    ).toEqual(['valid', 'valid']);
  });

  it('writes ECDSA signatures as strict DER and PSS parameters per RFC 4055', async () => {
    const ec = await keyPool.get('P-256', 'keys-test');
    for (let i = 0; i < 10; i++) expect(typeof parseDerSignature(await ec.sign(data))).toBe('object');
    const p1363 = new Uint8Array(64);
    p1363[31] = 5;
    p1363[32] = 0x80;
    expect([...p1363ToDer(p1363).subarray(0, 7)]).toEqual([0x30, 0x26, 0x02, 0x01, 0x05, 0x02, 0x21]);
    const pss = alg(pssAlgorithmIdentifier('SHA-256'));
    expect(pss.oid).toBe(OID.rsassaPss);
  });

  it('pools keys by spec and label', async () => {
    const pool = new KeyPool();
    const a = await pool.get('P-256', 'a');
    expect(await pool.get('P-256', 'a')).toBe(a);
    expect(await pool.get('P-256', 'b')).not.toBe(a);
    await pool.warm('Ed25519', [1, 2]);
    expect(pool.size).toBe(4);
    pool.clear();
    expect(pool.size).toBe(0);
  });

  it('exports and re-imports keys', async () => {
    for (const spec of ['P-256', 'Ed25519', 'RSA-2048'] as const) {
      const key = spec === 'RSA-2048' ? await keyPool.get(spec, 'keys-test') : await generateKeyPair(spec);
      const again = await importTestKey(spec, await key.exportPkcs8());
      expect(again.spki).toEqual(key.spki);
      const sig = await again.sign(data);
      expect(await verifyBoth(alg(again.signatureAlgorithm), key.publicKeyInfo, data, sig)).toEqual([
        'valid',
        'valid',
      ]);
    }
  });
});
