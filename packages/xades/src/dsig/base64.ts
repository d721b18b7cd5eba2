/** Strict base64 for XML-DSig values: XML white space allowed anywhere (schema base64Binary), nothing else. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const s = text.replace(/[ \t\r\n]+/g, '');
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Base64 of bytes (no line breaks: the canonical form is then the same for every c14n). */
export function encodeBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}
