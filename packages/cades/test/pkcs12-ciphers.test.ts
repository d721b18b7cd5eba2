/**
 * The legacy PKCS#12 primitives (ADR 0005) against published answers: a cipher that round-trips its own
 * output proves nothing, so every case here decrypts a ciphertext someone else computed.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cbcDecrypt, unpadPkcs7 } from '../src/pkcs12/cbc';
import { desDecryptor } from '../src/pkcs12/des';
import { Pkcs12Error } from '../src/pkcs12/error';
import { bmpPassword, pkcs12Kdf } from '../src/pkcs12/kdf';
import { rc2Decryptor } from '../src/pkcs12/rc2';
import { rc4 } from '../src/pkcs12/rc4';
import { sha1, sha1Iterated } from '../src/pkcs12/sha1';

const hex = (s: string): Uint8Array =>
  Uint8Array.from(s.replace(/\s+/g, '').match(/../g) ?? [], (h) => Number.parseInt(h, 16));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** ECB decryption of every 8-byte block with a block decryptor. */
function ecb(decrypt: (b: Uint8Array, o: number) => void, ct: Uint8Array): Uint8Array {
  const out = ct.slice();
  for (let o = 0; o < out.length; o += 8) decrypt(out, o);
  return out;
}

describe('DES / TDEA (decryption)', () => {
  // NIST SP 800-20 Appendix A (key, plaintext, ciphertext): tables A.1 (IP and E), A.2 (inverse
  // permutation), A.3 (variable key), A.4 (permutation operation), A.5 (substitution table, all 19 rows),
  // and the FIPS 46 worked example.
  const SP800_20 = [
    // A.1 variable plaintext
    ['0101010101010101', '8000000000000000', '95F8A5E5DD31D900'],
    ['0101010101010101', '4000000000000000', 'DD7F121CA5015619'],
    ['0101010101010101', '0000000000000001', '166B40B44ABA4BD6'],
    // A.2 inverse permutation and expansion
    ['0101010101010101', '95F8A5E5DD31D900', '8000000000000000'],
    // A.3 variable key
    ['8001010101010101', '0000000000000000', '95A8D72813DAA94D'],
    ['4001010101010101', '0000000000000000', '0EEC1487DD8C26D5'],
    // A.4 permutation operation
    ['1046913489980131', '0000000000000000', '88D55E54F54C97B4'],
    ['1007103489988020', '0000000000000000', '0C0CC00C83EA48FD'],
    // A.5 substitution tables
    ['7CA110454A1A6E57', '01A1D6D039776742', '690F5B0D9A26939B'],
    ['0131D9619DC1376E', '5CD54CA83DEF57DA', '7A389D10354BD271'],
    ['07A1133E4A0B2686', '0248D43806F67172', '868EBB51CAB4599A'],
    ['3849674C2602319E', '51454B582DDF440A', '7178876E01F19B2A'],
    ['04B915BA43FEB5B6', '42FD443059577FA2', 'AF37FB421F8C4095'],
    ['0113B970FD34F2CE', '059B5E0851CF143A', '86A560F10EC6D85B'],
    ['0170F175468FB5E6', '0756D8E0774761D2', '0CD3DA020021DC09'],
    ['43297FAD38E373FE', '762514B829BF486A', 'EA676B2CB7DB2B7A'],
    ['07A7137045DA2A16', '3BDD119049372802', 'DFD64A815CAF1A0F'],
    ['04689104C2FD3B2F', '26955F6835AF609A', '5C513C9C4886C088'],
    ['37D06BB516CB7546', '164D5E404F275232', '0A2AEEAE3FF4AB77'],
    ['1F08260D1AC2465E', '6B056E18759F5CCA', 'EF1BF03E5DFA575A'],
    ['584023641ABA6176', '004BD6EF09176062', '88BF0DB6D70DEE56'],
    ['025816164629B007', '480D39006EE762F2', 'A1F9915541020B56'],
    ['49793EBC79B3258F', '437540C8698F3CFA', '6FBF1CAFCFFD0556'],
    ['4FB05E1515AB73A7', '072D43A077075292', '2F22E49BAB7CA1AC'],
    ['49E95D6D4CA229BF', '02FE55778117F12A', '5A6B612CC26CCE4A'],
    ['018310DC409B26D6', '1D9D5C5018F728C2', '5F4C038ED12B2E41'],
    ['1C587F1C13924FEF', '305532286D6F295A', '63FAC0D034D9F793'],
    // FIPS 46 worked example
    ['133457799BBCDFF1', '0123456789ABCDEF', '85E813540F0AB405'],
  ] as const;

  it.each(SP800_20)('SP 800-20: key %s', (key, pt, ct) => {
    expect(toHex(ecb(desDecryptor(hex(key)), hex(ct)))).toBe(pt.toLowerCase());
    // Keying option 3 (K1 = K2 = K3) of TDEA is single DES: the same answers.
    expect(toHex(ecb(desDecryptor(hex(key + key + key)), hex(ct)))).toBe(pt.toLowerCase());
  });

  it('SP 800-67 Appendix B: three-key TDEA, "The qufck brown fox jump"', () => {
    const key = hex('0123456789ABCDEF 23456789ABCDEF01 456789ABCDEF0123');
    const ct = hex('A826FD8CE53B855F CCE21C8112256FE6 68D5C05DD9B6B900');
    expect(ecb(desDecryptor(key), ct)).toEqual(ascii('The qufck brown fox jump'));
  });

  it('two-key TDEA is K1 K2 K1 (answer of `openssl enc -des-ede-ecb`)', () => {
    const ct = hex('c44862f70cf2fbdc9077d0909fa91b884cabd61fc58e0cbb');
    const plain = ascii('The qufck brown fox jump');
    expect(ecb(desDecryptor(hex('0123456789ABCDEF23456789ABCDEF01')), ct)).toEqual(plain);
    expect(ecb(desDecryptor(hex('0123456789ABCDEF23456789ABCDEF010123456789ABCDEF')), ct)).toEqual(plain);
  });

  it('3DES-CBC with PKCS#7 padding (answers of `openssl enc -des-ede3-cbc`)', () => {
    const key = hex('0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123');
    const iv = hex('1122334455667788');
    const dec = desDecryptor(key);
    const ct = hex('e76f3aad15636776668d8f4ce4bdb96be326206adbc0960a9a9b29e0cc720ab6');
    expect(cbcDecrypt(ct, iv, dec)).toEqual(ascii('legacy PKCS#12, 3DES-CBC'));
    // A whole block of padding after a 16-byte plaintext.
    const full = hex('bbfa907e0071cf1495dd553df6160155779a82dc28a75a63');
    expect(cbcDecrypt(full, iv, dec)).toEqual(ascii('exactly16bytes!!'));
  });

  it('refuses keys of the wrong size', () => {
    expect(() => desDecryptor(new Uint8Array(7))).toThrow(RangeError);
    expect(() => desDecryptor(new Uint8Array(20))).toThrow(RangeError);
  });
});

describe('RC2 (decryption)', () => {
  // RFC 2268 §5: effective key bits, key, plaintext, ciphertext.
  const RFC2268 = [
    [63, '0000000000000000', '0000000000000000', 'ebb773f993278eff'],
    [64, 'ffffffffffffffff', 'ffffffffffffffff', '278b27e42e2f0d49'],
    [64, '3000000000000000', '1000000000000001', '30649edf9be7d2c2'],
    [64, '88', '0000000000000000', '61a8a244adacccf0'],
    [64, '88bca90e90875a', '0000000000000000', '6ccf4308974c267f'],
    [64, '88bca90e90875a7f0f79c384627bafb2', '0000000000000000', '1a807d272bbe5db1'],
    [128, '88bca90e90875a7f0f79c384627bafb2', '0000000000000000', '2269552ab0f85ca6'],
    [
      129,
      '88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e',
      '0000000000000000',
      '5b78d3a43dfff1f1',
    ],
    // SSLeay's RC2 vectors (kept in LibreSSL's regression tests): 1024 effective bits.
    [1024, '00000000000000000000000000000000', '0000000000000000', '1c198a838df028b7'],
  ] as const;

  it.each(RFC2268)('RFC 2268: %i effective bits, key %s', (bits, key, pt, ct) => {
    expect(toHex(ecb(rc2Decryptor(hex(key), bits), hex(ct)))).toBe(pt);
  });

  it('RC2-40-CBC and RC2-128-CBC, as PKCS#12 uses them (answers of `openssl enc -rc2-40-cbc / -rc2-cbc`)', () => {
    const ct40 = hex('fcd93cbf79dadd553ebb60796db664f0565378700f743e3d');
    expect(cbcDecrypt(ct40, hex('0001020304050607'), rc2Decryptor(hex('0102030405'), 40))).toEqual(
      ascii('legacy PKCS#12, RC2-40'),
    );
    const ct128 = hex('384b6410ca0ecd20b167c1d102142d82893f338b565f0799');
    const key128 = hex('000102030405060708090a0b0c0d0e0f');
    expect(cbcDecrypt(ct128, hex('0706050403020100'), rc2Decryptor(key128, 128))).toEqual(
      ascii('legacy PKCS#12, RC2-128'),
    );
  });

  it('refuses keys and effective lengths out of range', () => {
    expect(() => rc2Decryptor(new Uint8Array(0), 40)).toThrow(RangeError);
    expect(() => rc2Decryptor(new Uint8Array(129), 40)).toThrow(RangeError);
    expect(() => rc2Decryptor(new Uint8Array(5), 0)).toThrow(RangeError);
  });
});

describe('RC4', () => {
  // RFC 6229 §2: key stream at offsets 0, 16, 240, 4096.
  const stream = (key: string) => rc4(hex(key), new Uint8Array(4112));
  const at = (s: Uint8Array, o: number) => toHex(s.subarray(o, o + 16));

  it('RFC 6229: 40-bit key 0x0102030405', () => {
    const s = stream('0102030405');
    expect(at(s, 0)).toBe('b2396305f03dc027ccc3524a0a1118a8');
    expect(at(s, 16)).toBe('6982944f18fc82d589c403a47a0d0919');
    expect(at(s, 240)).toBe('28cb1132c96ce286421dcaadb8b69eae');
    expect(at(s, 4096)).toBe('ff25b58995996707e51fbdf08b34d875');
  });

  it('RFC 6229: 128-bit key 0x0102…10', () => {
    const s = stream('0102030405060708090a0b0c0d0e0f10');
    expect(at(s, 0)).toBe('9ac7cc9a609d1ef7b2932899cde41b97');
    expect(at(s, 16)).toBe('5248c4959014126a6e8a84f11d1a9e1c');
    expect(at(s, 240)).toBe('065902e4b620f6cc36c8589f66432f2b');
    expect(at(s, 4096)).toBe('a36a4c301ae8ac13610ccbc12256cacc');
  });

  it('decrypts what it was given, whatever its length', () => {
    const data = ascii('RC4 has no padding');
    expect(rc4(hex('0102030405'), rc4(hex('0102030405'), data))).toEqual(data);
    expect(rc4(hex('01'), new Uint8Array(0))).toEqual(new Uint8Array(0));
  });
});

describe('CBC and PKCS#7 padding', () => {
  const identity = () => {};

  it('refuses a bad padding as a typed "wrong password or corrupted file" error', () => {
    for (const bad of ['0102030405060700', '0102030405060709', '0102030405060302', '0000000000000000']) {
      const e = (() => {
        try {
          unpadPkcs7(hex(bad), 8);
        } catch (err) {
          return err;
        }
      })();
      expect(e, bad).toBeInstanceOf(Pkcs12Error);
      expect(e).toMatchObject({ code: 'PKCS12_BAD_PASSWORD' });
      expect((e as Error).message).toContain('wrong password or corrupted file');
    }
    expect(unpadPkcs7(hex('0102030405060701'), 8)).toEqual(hex('01020304050607'));
    expect(unpadPkcs7(hex('0808080808080808'), 8)).toEqual(new Uint8Array(0));
  });

  it('refuses a truncated or empty ciphertext as PKCS12_MALFORMED', () => {
    const iv = new Uint8Array(8);
    expect(() => cbcDecrypt(new Uint8Array(15), iv, identity)).toThrow(
      expect.objectContaining({ code: 'PKCS12_MALFORMED' }),
    );
    expect(() => cbcDecrypt(new Uint8Array(0), iv, identity)).toThrow(Pkcs12Error);
  });

  it('chains the blocks: P1 = D(C1) xor IV, P2 = D(C2) xor C1 (identity cipher)', () => {
    const iv = hex('0101010101010101');
    const ct = hex('0000000000000000 0808080808080808');
    expect(cbcDecrypt(ct, iv, identity)).toEqual(hex('0101010101010101'));
  });
});

describe('SHA-1 and the PKCS#12 KDF (RFC 7292 Appendix B)', () => {
  it('SHA-1: FIPS 180 examples and WebCrypto', async () => {
    expect(toHex(sha1(ascii('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(toHex(sha1(new Uint8Array(0)))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(toHex(sha1(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    );
    expect(toHex(sha1(new Uint8Array(1_000_000).fill(0x61)))).toBe(
      '34aa973cd4c4daa4f61eeb2bdbad27316534016f',
    );
    // Every length around the block boundaries.
    for (let n = 0; n < 200; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff);
      expect(toHex(sha1(data)), `length ${n}`).toBe(createHash('sha1').update(data).digest('hex'));
    }
  });

  it('SHA-1 iterated equals hashing the digest again and again', async () => {
    let a: Uint8Array = ascii('iterate me');
    for (let i = 0; i < 50; i++) a = new Uint8Array(await crypto.subtle.digest('SHA-1', a as BufferSource));
    expect(sha1Iterated(ascii('iterate me'), 50)).toEqual(a);
  });

  // The vectors Dr Stephen Henson published with OpenSSL's PKCS#12 code (also used by GnuTLS and Bouncy
  // Castle): SHA-1; ID 1 key, 2 IV, 3 MAC key.
  const HENSON = [
    ['smeg', '0A58CF64530D823F', 1, 1, '8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3'],
    ['smeg', '0A58CF64530D823F', 2, 1, '79993DFE048D3B76'],
    ['smeg', '642B99AB44FB4B1F', 1, 1, 'F3A95FEC48D7711E985CFE67908C5AB79FA3D7C5CAA5D966'],
    ['smeg', '642B99AB44FB4B1F', 2, 1, 'C0A38D64A79BEA1D'],
    ['smeg', '3D83C0E4546AC140', 3, 1, '8D967D88F6CAA9D714800AB3D48051D63F73A312'],
    ['queeg', '05DEC959ACFF72F7', 1, 1000, 'ED2034E36328830FF09DF1E1A07DD357185DAC0D4F9EB3D4'],
    ['queeg', '05DEC959ACFF72F7', 2, 1000, '11DEDAD7758D4860'],
    ['queeg', '1682C0FC5B3F7EC5', 1, 1000, '483DD6E919D7DE2E8E648BA8F862F3FBFBDC2BCB2C02957F'],
    ['queeg', '1682C0FC5B3F7EC5', 2, 1000, '9D461D1B00355C50'],
    ['queeg', '263216FCC2FAB31C', 3, 1000, '5EC4C7A80DF652294C3925B6489A7AB857C83476'],
  ] as const;

  it.each(HENSON)('password %s, salt %s, ID %i, %i iterations', async (pw, salt, id, iterations, out) => {
    const key = await pkcs12Kdf({
      hash: 'SHA-1',
      id,
      password: bmpPassword(pw),
      salt: hex(salt),
      iterations,
      length: out.length / 2,
    });
    expect(toHex(key)).toBe(out.toLowerCase());
  });

  it('the password is a BMPString with two trailing zero bytes', () => {
    expect(toHex(bmpPassword('smeg'))).toBe('0073006d006500670000');
    expect(toHex(bmpPassword('pä'))).toBe('007000e40000');
    expect(toHex(bmpPassword(''))).toBe('0000');
  });

  it('hashes other than SHA-1 go through the given WebCrypto (SHA-256 MACs of OpenSSL 3)', async () => {
    let calls = 0;
    const subtle = {
      digest: (h: AlgorithmIdentifier, d: BufferSource) => {
        calls++;
        return crypto.subtle.digest(h, d);
      },
    } as SubtleCrypto;
    const p = { password: bmpPassword('x'), salt: hex('0102030405060708'), iterations: 3, length: 40 };
    const key = await pkcs12Kdf({ ...p, hash: 'SHA-256', id: 3, subtle });
    expect(key.length).toBe(40);
    expect(calls).toBe(2 * 3); // two 32-byte blocks, three iterations each
    expect(await pkcs12Kdf({ ...p, hash: 'SHA-256', id: 3 })).toEqual(key);
    await expect(pkcs12Kdf({ ...p, hash: 'MD5' as 'SHA-1', id: 1 })).rejects.toMatchObject({
      code: 'PKCS12_UNSUPPORTED',
    });
  });

  it('bounds the iteration count (hostile input)', async () => {
    const p = {
      hash: 'SHA-1' as const,
      id: 1 as const,
      password: bmpPassword('x'),
      salt: hex('01'),
      length: 24,
    };
    for (const iterations of [0, -1, 10_000_001, 2 ** 31, Number.NaN]) {
      await expect(pkcs12Kdf({ ...p, iterations })).rejects.toMatchObject({ code: 'PKCS12_MALFORMED' });
    }
  });
});
