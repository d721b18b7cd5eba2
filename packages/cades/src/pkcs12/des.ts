/**
 * DES (FIPS 46-3) and triple DES / TDEA (NIST SP 800-67, EDE with two or three keys), decryption of whole
 * blocks only — enough to open the legacy PKCS#12 PBE schemes. Not constant-time; never used to encrypt.
 * Checked against the NIST SP 800-20 and SP 800-67 known answers in the tests.
 */

// FIPS 46-3 tables, 1-based bit positions (bit 1 is the most significant bit of the first byte).
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40,
  32, 24, 16, 8, 57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5,
  63, 55, 47, 39, 31, 23, 15, 7,
];
const P = [
  16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22,
  11, 4, 25,
];
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2, 41, 52, 31, 37, 47,
  55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
const S = [
  '14 4 13 1 2 15 11 8 3 10 6 12 5 9 0 7 0 15 7 4 14 2 13 1 10 6 12 11 9 5 3 8 4 1 14 8 13 6 2 11 15 12 9 7 3 10 5 0 15 12 8 2 4 9 1 7 5 11 3 14 10 0 6 13',
  '15 1 8 14 6 11 3 4 9 7 2 13 12 0 5 10 3 13 4 7 15 2 8 14 12 0 1 10 6 9 11 5 0 14 7 11 10 4 13 1 5 8 12 6 9 3 2 15 13 8 10 1 3 15 4 2 11 6 7 12 0 5 14 9',
  '10 0 9 14 6 3 15 5 1 13 12 7 11 4 2 8 13 7 0 9 3 4 6 10 2 8 5 14 12 11 15 1 13 6 4 9 8 15 3 0 11 1 2 12 5 10 14 7 1 10 13 0 6 9 8 7 4 15 14 3 11 5 2 12',
  '7 13 14 3 0 6 9 10 1 2 8 5 11 12 4 15 13 8 11 5 6 15 0 3 4 7 2 12 1 10 14 9 10 6 9 0 12 11 7 13 15 1 3 14 5 2 8 4 3 15 0 6 10 1 13 8 9 4 5 11 12 7 2 14',
  '2 12 4 1 7 10 11 6 8 5 3 15 13 0 14 9 14 11 2 12 4 7 13 1 5 0 15 10 3 9 8 6 4 2 1 11 10 13 7 8 15 9 12 5 6 3 0 14 11 8 12 7 1 14 2 13 6 15 0 9 10 4 5 3',
  '12 1 10 15 9 2 6 8 0 13 3 4 14 7 5 11 10 15 4 2 7 12 9 5 6 1 13 14 0 11 3 8 9 14 15 5 2 8 12 3 7 0 4 10 1 13 11 6 4 3 2 12 9 5 15 10 11 14 1 7 6 0 8 13',
  '4 11 2 14 15 0 8 13 3 12 9 7 5 10 6 1 13 0 11 7 4 9 1 10 14 3 5 12 2 15 8 6 1 4 11 13 12 3 7 14 10 15 6 8 0 5 9 2 6 11 13 8 1 4 10 7 9 5 0 15 14 2 3 12',
  '13 2 8 4 6 15 11 1 10 9 3 14 5 0 12 7 1 15 13 8 10 3 7 4 12 5 6 11 0 14 9 2 7 11 4 1 9 12 14 2 0 6 10 13 15 3 5 8 2 1 14 7 4 10 8 13 15 12 9 0 3 5 6 11',
].map((s) => s.split(' ').map(Number));

/** SP[i][x]: the P permutation of S-box i's output for its 6-bit input x, as a 32-bit word. */
const SP: Uint32Array[] = S.map((box, i) => {
  const t = new Uint32Array(64);
  for (let x = 0; x < 64; x++) {
    const out = box[(((x >> 4) & 2) | (x & 1)) * 16 + ((x >> 1) & 0xf)]!;
    const pre = (out << (28 - 4 * i)) >>> 0;
    let w = 0;
    for (let j = 0; j < 32; j++) if ((pre >>> (32 - P[j]!)) & 1) w |= 1 << (31 - j);
    t[x] = w >>> 0;
  }
  return t;
});

/** A 64-bit permutation as per-byte lookup tables: out = OR of T[byte index][byte value] (hi, lo pairs). */
function byteTables(table: readonly number[]): Uint32Array[] {
  const tables: Uint32Array[] = [];
  for (let b = 0; b < 8; b++) {
    const t = new Uint32Array(512);
    for (let v = 0; v < 256; v++) {
      let hi = 0;
      let lo = 0;
      for (let j = 0; j < 64; j++) {
        const src = table[j]! - 1; // 0-based source bit
        if (src >> 3 !== b || !((v >> (7 - (src & 7))) & 1)) continue;
        if (j < 32) hi |= 1 << (31 - j);
        else lo |= 1 << (63 - j);
      }
      t[2 * v] = hi >>> 0;
      t[2 * v + 1] = lo >>> 0;
    }
    tables.push(t);
  }
  return tables;
}

const FP = new Array<number>(64);
for (let j = 0; j < 64; j++) FP[IP[j]! - 1] = j + 1;
const IP_T = byteTables(IP);
const FP_T = byteTables(FP);

function permute(t: Uint32Array[], block: Uint8Array, o: number, out: Uint32Array): void {
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 8; b++) {
    const v = block[o + b]!;
    hi |= t[b]![2 * v]!;
    lo |= t[b]![2 * v + 1]!;
  }
  out[0] = hi >>> 0;
  out[1] = lo >>> 0;
}

/** The 16 round keys of an 8-byte DES key (parity bits ignored), each as eight 6-bit chunks. */
export function desSubkeys(key: Uint8Array): Uint8Array[] {
  if (key.length !== 8) throw new RangeError('a DES key is 8 bytes');
  const bit = (n: number) => (key[(n - 1) >> 3]! >> (7 - ((n - 1) & 7))) & 1;
  const cd = PC1.map(bit);
  const keys: Uint8Array[] = [];
  let c = cd.slice(0, 28);
  let d = cd.slice(28);
  for (const s of SHIFTS) {
    c = [...c.slice(s), ...c.slice(0, s)];
    d = [...d.slice(s), ...d.slice(0, s)];
    const both = [...c, ...d];
    const k = new Uint8Array(8);
    for (let j = 0; j < 48; j++) k[(j / 6) | 0]! |= both[PC2[j]! - 1]! << (5 - (j % 6));
    keys.push(k);
  }
  return keys;
}

const io = new Uint32Array(2);
const scratch = new Uint8Array(8);

/** One DES block in place: encryption with the round keys in order, decryption with them reversed. */
function desBlock(block: Uint8Array, o: number, keys: readonly Uint8Array[], decrypt: boolean): void {
  permute(IP_T, block, o, io);
  let l = io[0]!;
  let r = io[1]!;
  for (let n = 0; n < 16; n++) {
    const k = keys[decrypt ? 15 - n : n]!;
    let f = 0;
    for (let i = 0; i < 8; i++) {
      const rot = (4 * i + 5) & 31;
      const chunk = ((r << rot) | (r >>> (32 - rot))) & 0x3f;
      f |= SP[i]![chunk ^ k[i]!]!;
    }
    const t = r;
    r = (l ^ f) >>> 0;
    l = t;
  }
  // Pre-output is R16 L16; write it and apply the final permutation.
  const tmp = scratch;
  tmp[0] = r >>> 24;
  tmp[1] = r >>> 16;
  tmp[2] = r >>> 8;
  tmp[3] = r;
  tmp[4] = l >>> 24;
  tmp[5] = l >>> 16;
  tmp[6] = l >>> 8;
  tmp[7] = l;
  permute(FP_T, tmp, 0, io);
  const hi = io[0]!;
  const lo = io[1]!;
  block[o] = hi >>> 24;
  block[o + 1] = hi >>> 16;
  block[o + 2] = hi >>> 8;
  block[o + 3] = hi;
  block[o + 4] = lo >>> 24;
  block[o + 5] = lo >>> 16;
  block[o + 6] = lo >>> 8;
  block[o + 7] = lo;
}

/** A block decryptor for an 8-byte DES key, or a 16-byte (K1 K2 K1) or 24-byte (K1 K2 K3) TDEA key. */
export function desDecryptor(key: Uint8Array): (block: Uint8Array, offset: number) => void {
  if (key.length === 8) {
    const k = desSubkeys(key);
    return (b, o) => desBlock(b, o, k, true);
  }
  if (key.length !== 16 && key.length !== 24) throw new RangeError('a TDEA key is 16 or 24 bytes');
  const k1 = desSubkeys(key.subarray(0, 8));
  const k2 = desSubkeys(key.subarray(8, 16));
  const k3 = key.length === 24 ? desSubkeys(key.subarray(16, 24)) : k1;
  // TDEA decryption: P = D_K1(E_K2(D_K3(C))).
  return (b, o) => {
    desBlock(b, o, k3, true);
    desBlock(b, o, k2, false);
    desBlock(b, o, k1, true);
  };
}
