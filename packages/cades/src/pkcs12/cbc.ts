import { Pkcs12Error, badDecryption } from './error';

/** Decrypts one block in place at `offset`. */
export type BlockDecryptor = (block: Uint8Array, offset: number) => void;

/**
 * CBC decryption (NIST SP 800-38A §6.2) of whole blocks, then removal of the PKCS#7 padding (RFC 5652
 * §6.3). A length that is not whole blocks is `PKCS12_MALFORMED`; a padding that is not well formed —
 * what a wrong key gives 255 times in 256 — is `PKCS12_BAD_PASSWORD`.
 */
export function cbcDecrypt(
  data: Uint8Array,
  iv: Uint8Array,
  decryptBlock: BlockDecryptor,
  blockSize = 8,
): Uint8Array {
  if (iv.length !== blockSize) throw new RangeError(`the IV must be ${blockSize} bytes`);
  if (data.length === 0 || data.length % blockSize !== 0)
    throw new Pkcs12Error(
      'PKCS12_MALFORMED',
      `encrypted content of ${data.length} bytes is not a whole number of ${blockSize}-byte blocks (truncated?)`,
    );
  const out = data.slice();
  for (let o = 0; o < out.length; o += blockSize) {
    decryptBlock(out, o);
    const prev = o === 0 ? iv : data.subarray(o - blockSize, o);
    for (let i = 0; i < blockSize; i++) out[o + i] = out[o + i]! ^ prev[i]!;
  }
  return unpadPkcs7(out, blockSize);
}

/** Strips PKCS#7 padding: 1..blockSize bytes, each equal to their count. */
export function unpadPkcs7(data: Uint8Array, blockSize: number): Uint8Array {
  const n = data[data.length - 1] ?? 0;
  let bad = n < 1 || n > blockSize || n > data.length;
  for (let i = 1; i <= n && !bad; i++) if (data[data.length - i] !== n) bad = true;
  if (bad) throw badDecryption('the decrypted content has no valid PKCS#7 padding');
  return data.subarray(0, data.length - n);
}
