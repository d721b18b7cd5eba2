/**
 * RC2 (RFC 2268) decryption of whole 8-byte blocks, with any effective key length — 40 and 128 bits are
 * what the PKCS#12 PBE schemes use. Not constant-time; never used to encrypt. Checked against the RFC 2268
 * §5 vectors in the tests.
 */

// RFC 2268 §2: PITABLE, a permutation of 0..255 based on the digits of π.
const PITABLE = Uint8Array.from(
  (
    'd978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2179a59f587b34f1361456d8d09817d32' +
    'bd8f40eb86b77b0bf09521225c6b4e8254d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb626' +
    '6fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed708e8eade8052eef784aa72ac354d6a2a' +
    '961ad2715a1549744b9fd05e0418a4ecc2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731' +
    '2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a90d38341bab33ffb0bb480c5fb9b1cd2e' +
    'c5f3db47e5a59c770aa62068fe7fc1ad'
  )
    .match(/../g)!
    .map((h) => Number.parseInt(h, 16)),
);

/** The 64 16-bit round words of a key with `effectiveBits` effective key bits (RFC 2268 §2). */
export function rc2Expand(key: Uint8Array, effectiveBits: number): Uint16Array {
  const t = key.length;
  if (t < 1 || t > 128) throw new RangeError('an RC2 key is 1 to 128 bytes');
  if (!(effectiveBits >= 1 && effectiveBits <= 1024)) throw new RangeError('RC2 effective bits: 1 to 1024');
  const l = new Uint8Array(128);
  l.set(key);
  for (let i = t; i < 128; i++) l[i] = PITABLE[(l[i - 1]! + l[i - t]!) & 0xff]!;
  const t8 = Math.ceil(effectiveBits / 8);
  const tm = 0xff >> (8 * t8 - effectiveBits);
  l[128 - t8] = PITABLE[l[128 - t8]! & tm]!;
  for (let i = 127 - t8; i >= 0; i--) l[i] = PITABLE[l[i + 1]! ^ l[i + t8]!]!;
  const k = new Uint16Array(64);
  for (let i = 0; i < 64; i++) k[i] = l[2 * i]! | (l[2 * i + 1]! << 8);
  return k;
}

const ROT = [1, 2, 3, 5];

/** A block decryptor for RC2 (RFC 2268 §4): in place, 8 bytes at `offset`. */
export function rc2Decryptor(
  key: Uint8Array,
  effectiveBits: number,
): (block: Uint8Array, offset: number) => void {
  const k = rc2Expand(key, effectiveBits);
  const r = new Uint16Array(4);
  return (b, o) => {
    for (let i = 0; i < 4; i++) r[i] = b[o + 2 * i]! | (b[o + 2 * i + 1]! << 8);
    let j = 63;
    const mixRounds = (n: number) => {
      for (let round = 0; round < n; round++) {
        for (let i = 3; i >= 0; i--) {
          const s = ROT[i]!;
          const x = r[i]!;
          const rotated = ((x >>> s) | (x << (16 - s))) & 0xffff;
          r[i] =
            rotated - k[j--]! - (r[(i + 3) & 3]! & r[(i + 2) & 3]!) - (~r[(i + 3) & 3]! & r[(i + 1) & 3]!);
        }
      }
    };
    const mash = () => {
      for (let i = 3; i >= 0; i--) r[i] = r[i]! - k[r[(i + 3) & 3]! & 63]!;
    };
    mixRounds(5);
    mash();
    mixRounds(6);
    mash();
    mixRounds(5);
    for (let i = 0; i < 4; i++) {
      b[o + 2 * i] = r[i]!;
      b[o + 2 * i + 1] = r[i]! >>> 8;
    }
  };
}
