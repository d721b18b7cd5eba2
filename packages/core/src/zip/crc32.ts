let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/**
 * The CRC-32 of ZIP, PNG and gzip (ISO 3309, reflected polynomial 0xEDB88320), as an unsigned number.
 * Pass the previous result as `crc` to continue over more bytes.
 *
 * @example
 * ```ts
 * import { crc32 } from '@mutua/core';
 * crc32(new TextEncoder().encode('123456789')).toString(16); // 'cbf43926'
 * const whole = crc32(new TextEncoder().encode('Mutua'));
 * crc32(new TextEncoder().encode('ua'), crc32(new TextEncoder().encode('Mut'))) === whole; // true
 * ```
 */
export function crc32(bytes: Uint8Array, crc = 0): number {
  const t = crcTable();
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
