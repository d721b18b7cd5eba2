/**
 * SHA-1 (FIPS 180-4) in plain TypeScript, for the PKCS#12 KDF only: its iterations hash a 20-byte value
 * thousands of times, which a synchronous loop does ~100 times faster than awaiting `subtle.digest` for
 * each. Checked against WebCrypto and the FIPS 180 examples in the tests. Never used for signatures.
 */

const W = new Int32Array(80);

function compress(h: Int32Array, w: Int32Array): void {
  for (let t = 16; t < 80; t++) {
    const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
    w[t] = (x << 1) | (x >>> 31);
  }
  let a = h[0]!;
  let b = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  for (let t = 0; t < 80; t++) {
    let f: number;
    let k: number;
    if (t < 20) {
      f = (b & c) | (~b & d);
      k = 0x5a827999;
    } else if (t < 40) {
      f = b ^ c ^ d;
      k = 0x6ed9eba1;
    } else if (t < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8f1bbcdc;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6;
    }
    const tmp = (((a << 5) | (a >>> 27)) + f + e + k + w[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = tmp;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
}

function initial(): Int32Array {
  return Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0);
}

function toBytes(h: Int32Array): Uint8Array {
  const out = new Uint8Array(20);
  for (let i = 0; i < 5; i++) {
    out[4 * i] = h[i]! >>> 24;
    out[4 * i + 1] = h[i]! >>> 16;
    out[4 * i + 2] = h[i]! >>> 8;
    out[4 * i + 3] = h[i]!;
  }
  return out;
}

/** SHA-1 of `data`, then of that digest, `iterations` times in all (`iterations` >= 1). */
export function sha1Iterated(data: Uint8Array, iterations: number): Uint8Array {
  const h = initial();
  // Padded message: data, 0x80, zeros, 64-bit big-endian bit length.
  const blocks = Math.ceil((data.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const bits = data.length * 8;
  padded[padded.length - 4] = bits >>> 24;
  padded[padded.length - 3] = bits >>> 16;
  padded[padded.length - 2] = bits >>> 8;
  padded[padded.length - 1] = bits;
  padded[padded.length - 5] = Math.floor(bits / 2 ** 32);
  for (let o = 0; o < padded.length; o += 64) {
    for (let t = 0; t < 16; t++) {
      const i = o + 4 * t;
      W[t] = (padded[i]! << 24) | (padded[i + 1]! << 16) | (padded[i + 2]! << 8) | padded[i + 3]!;
    }
    compress(h, W);
  }
  // Each further iteration hashes the 20-byte digest: one block, whose padding is fixed.
  for (let n = 1; n < iterations; n++) {
    for (let t = 0; t < 5; t++) W[t] = h[t]!;
    W[5] = 0x80000000 | 0;
    for (let t = 6; t < 15; t++) W[t] = 0;
    W[15] = 160;
    h.set(initial());
    compress(h, W);
  }
  return toBytes(h);
}

/** SHA-1 of `data`. */
export function sha1(data: Uint8Array): Uint8Array {
  return sha1Iterated(data, 1);
}
