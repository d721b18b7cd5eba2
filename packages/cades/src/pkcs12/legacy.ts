import { SeqReader, Tag, decodeInteger, decodeOctetString, parseDer } from '@mutua/core';
import { type BlockDecryptor, cbcDecrypt } from './cbc';
import { desDecryptor } from './des';
import { Pkcs12Error, checkIterations } from './error';
import { KDF_ID, bmpPassword, pkcs12Kdf } from './kdf';
import { rc2Decryptor } from './rc2';
import { rc4 } from './rc4';

interface LegacyScheme {
  readonly name: string;
  readonly cipher: 'tdea' | 'rc2' | 'rc4';
  /** Key length in bytes. */
  readonly keyLength: number;
}

/** The PKCS#12 PBE schemes of RFC 7292 Appendix C: SHA-1 KDF (Appendix B), then the cipher. */
export const LEGACY_PBE: Readonly<Record<string, LegacyScheme>> = {
  '1.2.840.113549.1.12.1.1': { name: 'pbeWithSHAAnd128BitRC4', cipher: 'rc4', keyLength: 16 },
  '1.2.840.113549.1.12.1.2': { name: 'pbeWithSHAAnd40BitRC4', cipher: 'rc4', keyLength: 5 },
  '1.2.840.113549.1.12.1.3': { name: 'pbeWithSHAAnd3-KeyTripleDES-CBC', cipher: 'tdea', keyLength: 24 },
  '1.2.840.113549.1.12.1.4': { name: 'pbeWithSHAAnd2-KeyTripleDES-CBC', cipher: 'tdea', keyLength: 16 },
  '1.2.840.113549.1.12.1.5': { name: 'pbeWithSHAAnd128BitRC2-CBC', cipher: 'rc2', keyLength: 16 },
  '1.2.840.113549.1.12.1.6': { name: 'pbeWithSHAAnd40BitRC2-CBC', cipher: 'rc2', keyLength: 5 },
};

/**
 * Decrypts content encrypted with a legacy PKCS#12 PBE scheme (`oid` one of {@link LEGACY_PBE}, with its
 * pkcs-12PbeParams): the key and IV come from the PKCS#12 KDF with SHA-1 over the BMPString password, the
 * cipher is 3DES-CBC (2 or 3 keys), RC2-CBC (effective key bits = key bits) or RC4. The padding is
 * checked for the block ciphers; RC4 has none, so the caller must check the plaintext's structure.
 */
export async function decryptLegacy(
  oid: string,
  parameters: Uint8Array | undefined,
  data: Uint8Array,
  password: string,
): Promise<Uint8Array> {
  const scheme = LEGACY_PBE[oid];
  if (!scheme) throw new Pkcs12Error('PKCS12_UNSUPPORTED', `unsupported encryption algorithm ${oid}`);
  if (!parameters) throw new Pkcs12Error('PKCS12_MALFORMED', `${scheme.name} without parameters`);
  const p = new SeqReader(parseDer(parameters), 'pkcs-12PbeParams');
  const salt = decodeOctetString(p.next('salt', Tag.OCTET_STRING), 'PBE salt');
  const iterations = checkIterations(decodeInteger(p.next('iterations', Tag.INTEGER)), scheme.name);
  const kdf = { hash: 'SHA-1' as const, password: bmpPassword(password), salt, iterations };
  const key = await pkcs12Kdf({ ...kdf, id: KDF_ID.key, length: scheme.keyLength });
  if (scheme.cipher === 'rc4') return rc4(key, data);
  const iv = await pkcs12Kdf({ ...kdf, id: KDF_ID.iv, length: 8 });
  const block: BlockDecryptor =
    scheme.cipher === 'tdea' ? desDecryptor(key) : rc2Decryptor(key, scheme.keyLength * 8);
  return cbcDecrypt(data, iv, block);
}
