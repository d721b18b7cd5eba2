import {
  type Certificate,
  HASH_BY_OID,
  type HashName,
  MutuaError,
  OID,
  SeqReader,
  Tag,
  type Tlv,
  certificateFromTlv,
  children,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  decodeSmallInt,
  explicitInner,
  isUniversal,
  parseAlgorithmIdentifier,
  parseDer,
  tlvBytes,
  tlvValue,
} from '@mutua/core';
import { bytesEqual } from './bytes';
import { CMS_OID } from './oids';
import type { SigningHash } from './sign';

/** A PKCS#12 file that cannot be opened: wrong password, unsupported encryption, no key or certificate. */
export class Pkcs12Error extends MutuaError {}

/** Options of {@link loadPkcs12}. */
export interface LoadPkcs12Options {
  /**
   * RSA keys only: the hash and scheme the returned CryptoKey is imported for (WebCrypto binds an RSA key
   * to one). Default SHA-256 with PKCS#1 v1.5. EC and Ed25519 keys sign with any hash.
   */
  readonly hash?: SigningHash;
  readonly rsaScheme?: 'RSA-PKCS1' | 'RSA-PSS';
  /** Import the private key as extractable (default false). */
  readonly extractable?: boolean;
  /** WebCrypto to use (default `globalThis.crypto.subtle`). */
  readonly subtle?: SubtleCrypto;
}

/** What a PKCS#12 file holds, ready for {@link signCades}: `signCades({ ...p12, content })`. */
export interface Pkcs12Contents {
  /** The private key, imported for signing. */
  readonly key: CryptoKey;
  /** The certificate of that key (matched by localKeyId, else the one end-entity certificate). */
  readonly certificate: Certificate;
  /** The other certificates of the file (its chain). */
  readonly chain: readonly Certificate[];
  /** The friendlyName of the key, when given. */
  readonly friendlyName?: string;
}

const P12 = {
  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  encryptedData: '1.2.840.113549.1.7.6',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbmac1: '1.2.840.113549.1.5.14',
} as const;

const PRF: Record<string, SigningHash | 'SHA-1'> = {
  '1.2.840.113549.2.7': 'SHA-1',
  '1.2.840.113549.2.9': 'SHA-256',
  '1.2.840.113549.2.10': 'SHA-384',
  '1.2.840.113549.2.11': 'SHA-512',
};

const AES: Record<string, number> = {
  '2.16.840.1.101.3.4.1.2': 128,
  '2.16.840.1.101.3.4.1.22': 192,
  '2.16.840.1.101.3.4.1.42': 256,
};

/** Legacy PKCS#12 PBE schemes (RFC 7292 Appendix C), which WebCrypto cannot decrypt. */
const LEGACY_PBE: Record<string, string> = {
  '1.2.840.113549.1.12.1.1': 'pbeWithSHAAnd128BitRC4',
  '1.2.840.113549.1.12.1.2': 'pbeWithSHAAnd40BitRC4',
  '1.2.840.113549.1.12.1.3': 'pbeWithSHAAnd3-KeyTripleDES-CBC',
  '1.2.840.113549.1.12.1.4': 'pbeWithSHAAnd2-KeyTripleDES-CBC',
  '1.2.840.113549.1.12.1.5': 'pbeWithSHAAnd128BitRC2-CBC',
  '1.2.840.113549.1.12.1.6': 'pbeWithSHAAnd40BitRC2-CBC',
};

const HASH_SIZES: Partial<Record<HashName, { u: number; v: number }>> = {
  'SHA-1': { u: 20, v: 64 },
  'SHA-256': { u: 32, v: 64 },
  'SHA-384': { u: 48, v: 128 },
  'SHA-512': { u: 64, v: 128 },
};

const CURVES: Record<string, string> = {
  [OID.prime256v1]: 'P-256',
  [OID.secp384r1]: 'P-384',
  [OID.secp521r1]: 'P-521',
};

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The password as a NUL-terminated BMPString (UTF-16BE), as the PKCS#12 KDF wants it (RFC 7292 B.1). */
function bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return out;
}

function repeatTo(src: Uint8Array, v: number): Uint8Array {
  if (src.length === 0) return src;
  const out = new Uint8Array(v * Math.ceil(src.length / v));
  for (let i = 0; i < out.length; i++) out[i] = src[i % src.length]!;
  return out;
}

/** The PKCS#12 KDF (RFC 7292 Appendix B.2) for one hash-length key, with ID 3 (MAC key). */
async function pkcs12MacKey(
  subtle: SubtleCrypto,
  hash: HashName,
  password: string,
  salt: Uint8Array,
  iterations: number,
): Promise<Uint8Array> {
  const sizes = HASH_SIZES[hash];
  if (!sizes) throw new Pkcs12Error('PKCS12_UNSUPPORTED', `PKCS#12 MAC with ${hash} is not supported`);
  const d = new Uint8Array(sizes.v).fill(3);
  let a = concat([d, repeatTo(salt, sizes.v), repeatTo(bmpPassword(password), sizes.v)]);
  for (let i = 0; i < iterations; i++) a = new Uint8Array(await subtle.digest(hash, a as BufferSource));
  return a.subarray(0, sizes.u);
}

async function checkMac(
  subtle: SubtleCrypto,
  macData: Tlv,
  authSafe: Uint8Array,
  password: string,
): Promise<void> {
  const r = new SeqReader(macData, 'MacData');
  const di = new SeqReader(r.next('mac', Tag.SEQUENCE), 'DigestInfo');
  const alg = parseAlgorithmIdentifier(di.next('digestAlgorithm', Tag.SEQUENCE));
  const expected = decodeOctetString(di.next('digest', Tag.OCTET_STRING));
  const salt = decodeOctetString(r.next('macSalt', Tag.OCTET_STRING));
  const iterNode = r.optional(Tag.INTEGER);
  const iterations = iterNode ? decodeSmallInt(iterNode, 'iterations') : 1;
  if (alg.oid === P12.pbmac1)
    throw new Pkcs12Error('PKCS12_UNSUPPORTED', 'PBMAC1 integrity (RFC 9579) is not supported yet');
  const hash = HASH_BY_OID[alg.oid];
  if (!hash) throw new Pkcs12Error('PKCS12_UNSUPPORTED', `unsupported PKCS#12 MAC algorithm ${alg.oid}`);
  if (iterations < 1 || iterations > 10_000_000)
    throw new Pkcs12Error('PKCS12_MALFORMED', `implausible MAC iteration count ${iterations}`);
  const keyBytes = await pkcs12MacKey(subtle, hash, password, salt, iterations);
  const key = await subtle.importKey('raw', keyBytes as BufferSource, { name: 'HMAC', hash }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await subtle.sign('HMAC', key, authSafe as BufferSource));
  if (!bytesEqual(mac, expected))
    throw new Pkcs12Error(
      'PKCS12_BAD_PASSWORD',
      'wrong password (or altered file): the PKCS#12 MAC does not verify',
    );
}

/** Decrypts PBES2 (PBKDF2 + AES-CBC) content, RFC 8018 §6.2; the password is UTF-8 (RFC 9579 §3). */
async function decrypt(
  subtle: SubtleCrypto,
  algNode: Tlv,
  data: Uint8Array,
  password: string,
): Promise<Uint8Array> {
  const alg = parseAlgorithmIdentifier(algNode, 'encryption algorithm');
  if (LEGACY_PBE[alg.oid]) {
    throw new Pkcs12Error(
      'PKCS12_UNSUPPORTED',
      `legacy encryption ${LEGACY_PBE[alg.oid]} is not supported (WebCrypto has no RC2/RC4/3DES): re-export the file with PBES2/AES, e.g. \`openssl pkcs12 -export\` of OpenSSL 3 without -legacy`,
    );
  }
  if (alg.oid !== P12.pbes2 || !alg.parameters)
    throw new Pkcs12Error('PKCS12_UNSUPPORTED', `unsupported encryption algorithm ${alg.oid}`);
  const p = new SeqReader(parseDer(alg.parameters), 'PBES2-params');
  const kdf = new SeqReader(p.next('keyDerivationFunc', Tag.SEQUENCE), 'keyDerivationFunc');
  const kdfOid = decodeOid(kdf.next('algorithm'));
  if (kdfOid !== P12.pbkdf2)
    throw new Pkcs12Error('PKCS12_UNSUPPORTED', `unsupported key derivation ${kdfOid}`);
  const kp = new SeqReader(kdf.next('parameters', Tag.SEQUENCE), 'PBKDF2-params');
  const salt = decodeOctetString(kp.next('salt', Tag.OCTET_STRING), 'PBKDF2 salt');
  const iterations = Number(decodeInteger(kp.next('iterationCount', Tag.INTEGER)));
  kp.optional(Tag.INTEGER); // keyLength: the cipher's
  const prfNode = kp.optional(Tag.SEQUENCE);
  const prfOid = prfNode ? parseAlgorithmIdentifier(prfNode).oid : '1.2.840.113549.2.7';
  const prf = PRF[prfOid];
  if (!prf) throw new Pkcs12Error('PKCS12_UNSUPPORTED', `unsupported PBKDF2 PRF ${prfOid}`);
  if (!(iterations >= 1 && iterations <= 10_000_000))
    throw new Pkcs12Error('PKCS12_MALFORMED', `implausible PBKDF2 iteration count ${iterations}`);
  const enc = parseAlgorithmIdentifier(p.next('encryptionScheme', Tag.SEQUENCE), 'encryptionScheme');
  const bits = AES[enc.oid];
  if (!bits || !enc.parameters)
    throw new Pkcs12Error('PKCS12_UNSUPPORTED', `unsupported cipher ${enc.oid} (AES-CBC only)`);
  const iv = decodeOctetString(parseDer(enc.parameters), 'AES IV');
  const base = await subtle.importKey(
    'raw',
    new TextEncoder().encode(password) as BufferSource,
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  const aes = await subtle.deriveKey(
    { name: 'PBKDF2', salt: salt as BufferSource, iterations, hash: prf },
    base,
    { name: 'AES-CBC', length: bits },
    false,
    ['decrypt'],
  );
  try {
    return new Uint8Array(
      await subtle.decrypt({ name: 'AES-CBC', iv: iv as BufferSource }, aes, data as BufferSource),
    );
  } catch (e) {
    throw new Pkcs12Error('PKCS12_BAD_PASSWORD', 'wrong password: the PKCS#12 content does not decrypt', {
      cause: e,
    });
  }
}

interface Bag {
  readonly type: string;
  readonly value: Tlv;
  readonly localKeyId?: Uint8Array;
  readonly friendlyName?: string;
}

function readBags(safeContents: Uint8Array, out: Bag[], depth = 0): void {
  if (depth > 4) throw new Pkcs12Error('PKCS12_MALFORMED', 'SafeContents nested too deeply');
  for (const bag of children(parseDer(safeContents))) {
    const r = new SeqReader(bag, 'SafeBag');
    const type = decodeOid(r.next('bagId'));
    const value = explicitInner(r.next('bagValue'), 'bagValue');
    const attrsNode = r.optional(Tag.SET);
    let localKeyId: Uint8Array | undefined;
    let friendlyName: string | undefined;
    for (const a of attrsNode ? children(attrsNode) : []) {
      const ar = new SeqReader(a, 'PKCS12Attribute');
      const at = decodeOid(ar.next('attrId'));
      const v = children(ar.next('attrValues', Tag.SET))[0];
      if (!v) continue;
      if (at === P12.localKeyId) localKeyId = decodeOctetString(v);
      else if (at === P12.friendlyName && isUniversal(v, Tag.BMPString)) {
        const b = tlvValue(v);
        let s = '';
        for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
        friendlyName = s;
      }
    }
    if (type === P12.safeContentsBag) readBags(tlvBytes(value), out, depth + 1);
    else
      out.push({
        type,
        value,
        ...(localKeyId ? { localKeyId } : {}),
        ...(friendlyName !== undefined ? { friendlyName } : {}),
      });
  }
}

async function importPrivateKey(pkcs8: Uint8Array, options: LoadPkcs12Options, subtle: SubtleCrypto) {
  const r = new SeqReader(parseDer(pkcs8), 'PrivateKeyInfo');
  r.next('version', Tag.INTEGER);
  const alg = parseAlgorithmIdentifier(r.next('privateKeyAlgorithm', Tag.SEQUENCE));
  let params: RsaHashedImportParams | EcKeyImportParams | Algorithm;
  if (alg.oid === OID.rsaEncryption) {
    params = {
      name: options.rsaScheme === 'RSA-PSS' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5',
      hash: options.hash ?? 'SHA-256',
    };
  } else if (alg.oid === OID.ecPublicKey) {
    const curveOid = alg.parameters ? decodeOid(parseDer(alg.parameters)) : '';
    const namedCurve = CURVES[curveOid];
    if (!namedCurve) throw new Pkcs12Error('PKCS12_UNSUPPORTED', `unsupported EC curve ${curveOid}`);
    params = { name: 'ECDSA', namedCurve };
  } else if (alg.oid === OID.ed25519) {
    params = { name: 'Ed25519' };
  } else {
    throw new Pkcs12Error('PKCS12_UNSUPPORTED', `unsupported private key algorithm ${alg.oid}`);
  }
  return subtle.importKey('pkcs8', pkcs8 as BufferSource, params, options.extractable ?? false, ['sign']);
}

/**
 * Opens a PKCS#12 file (`.p12`, `.pfx`) with its password and returns its private key as a WebCrypto
 * `CryptoKey`, its certificate and the other certificates, ready to spread into {@link signCades}.
 *
 * Supported: PBES2 with PBKDF2 (HMAC-SHA-1/256/384/512) and AES-128/192/256-CBC — what OpenSSL 3 writes
 * by default, and Windows 10+ with "AES256-SHA256" — and the RFC 7292 HMAC integrity check
 * (SHA-1/256/384/512). Keys: RSA, EC P-256/384/521, Ed25519. Not supported: the legacy PKCS#12 PBE
 * schemes (3DES, RC2, RC4, written by OpenSSL 1.x and `-legacy`), PBMAC1, public-key integrity mode.
 * Runs wherever WebCrypto does.
 *
 * @throws {@link Pkcs12Error} with code `PKCS12_BAD_PASSWORD`, `PKCS12_UNSUPPORTED` or `PKCS12_MALFORMED`.
 * @example
 * ```ts
 * import { loadPkcs12 } from '@mutua/cades';
 * let code = '';
 * try {
 *   await loadPkcs12(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x03]), 'secret');
 * } catch (e) {
 *   code = (e as { code: string }).code;
 * }
 * code; // 'PKCS12_MALFORMED'
 * // With a real file: const p12 = await loadPkcs12(bytes, password);
 * // const p7s = await signCades({ ...p12, content, detached: true });
 * ```
 */
export async function loadPkcs12(
  p12: Uint8Array,
  password: string,
  options: LoadPkcs12Options = {},
): Promise<Pkcs12Contents> {
  const subtle = options.subtle ?? globalThis.crypto?.subtle;
  if (!subtle) throw new Pkcs12Error('PKCS12_NO_WEBCRYPTO', 'loadPkcs12 needs WebCrypto (crypto.subtle)');
  let bags: Bag[];
  try {
    const r = new SeqReader(parseDer(p12), 'PFX');
    const version = decodeSmallInt(r.next('version', Tag.INTEGER), 'PFX version');
    if (version !== 3) throw new Pkcs12Error('PKCS12_MALFORMED', `PFX version ${version} is not 3`);
    const ci = new SeqReader(r.next('authSafe', Tag.SEQUENCE), 'authSafe');
    const ct = decodeOid(ci.next('contentType'));
    if (ct !== CMS_OID.data)
      throw new Pkcs12Error('PKCS12_UNSUPPORTED', `public-key integrity mode (${ct}) is not supported`);
    const authSafe = decodeOctetString(explicitInner(ci.next('content'), 'authSafe content'));
    const macData = r.optional(Tag.SEQUENCE);
    if (macData) await checkMac(subtle, macData, authSafe, password);
    bags = [];
    for (const c of children(parseDer(authSafe))) {
      const cr = new SeqReader(c, 'ContentInfo');
      const type = decodeOid(cr.next('contentType'));
      const body = explicitInner(cr.next('content'), 'content');
      if (type === CMS_OID.data) readBags(decodeOctetString(body), bags);
      else if (type === P12.encryptedData) {
        const ed = new SeqReader(body, 'EncryptedData');
        ed.next('version', Tag.INTEGER);
        const eci = new SeqReader(ed.next('encryptedContentInfo', Tag.SEQUENCE), 'EncryptedContentInfo');
        eci.next('contentType');
        const alg = eci.next('contentEncryptionAlgorithm', Tag.SEQUENCE);
        const enc = eci.optionalContext(0);
        if (!enc) continue;
        // [0] IMPLICIT OCTET STRING: primitive, or constructed in segments (BER).
        const data = enc.constructed ? concat(children(enc).map((s) => decodeOctetString(s))) : tlvValue(enc);
        readBags(await decrypt(subtle, alg, data, password), bags);
      } else throw new Pkcs12Error('PKCS12_UNSUPPORTED', `unsupported authSafe content ${type}`);
    }
  } catch (e) {
    if (e instanceof Pkcs12Error) throw e;
    if (e instanceof MutuaError)
      throw new Pkcs12Error('PKCS12_MALFORMED', `not a PKCS#12 file: ${e.message}`, { cause: e });
    throw e;
  }

  const certs: { cert: Certificate; localKeyId?: Uint8Array }[] = [];
  let keyBag: { pkcs8: Uint8Array; localKeyId?: Uint8Array; friendlyName?: string } | undefined;
  for (const b of bags) {
    if (b.type === P12.certBag) {
      const cb = new SeqReader(b.value, 'CertBag');
      if (decodeOid(cb.next('certId')) !== P12.x509Certificate) continue;
      const der = decodeOctetString(explicitInner(cb.next('certValue'), 'certValue'));
      certs.push({
        cert: certificateFromTlv(parseDer(der)),
        ...(b.localKeyId ? { localKeyId: b.localKeyId } : {}),
      });
    } else if ((b.type === P12.keyBag || b.type === P12.pkcs8ShroudedKeyBag) && !keyBag) {
      let pkcs8: Uint8Array;
      if (b.type === P12.keyBag) pkcs8 = tlvBytes(b.value);
      else {
        const ek = new SeqReader(b.value, 'EncryptedPrivateKeyInfo');
        const alg = ek.next('encryptionAlgorithm', Tag.SEQUENCE);
        pkcs8 = await decrypt(
          subtle,
          alg,
          decodeOctetString(ek.next('encryptedData', Tag.OCTET_STRING)),
          password,
        );
      }
      keyBag = {
        pkcs8,
        ...(b.localKeyId ? { localKeyId: b.localKeyId } : {}),
        ...(b.friendlyName !== undefined ? { friendlyName: b.friendlyName } : {}),
      };
    }
  }
  if (!keyBag) throw new Pkcs12Error('PKCS12_NO_KEY', 'the PKCS#12 file holds no private key');
  const key = await importPrivateKey(keyBag.pkcs8, options, subtle).catch((e: unknown) => {
    if (e instanceof Pkcs12Error) throw e;
    throw new Pkcs12Error('PKCS12_UNSUPPORTED', `the private key does not import: ${String(e)}`, {
      cause: e,
    });
  });
  const byId = keyBag.localKeyId
    ? certs.find((c) => c.localKeyId && bytesEqual(c.localKeyId, keyBag.localKeyId))
    : undefined;
  const endEntities = certs.filter((c) => !c.cert.ext.basicConstraints?.cA);
  const mine =
    byId ?? (endEntities.length === 1 ? endEntities[0] : certs.length === 1 ? certs[0] : undefined);
  if (!mine) throw new Pkcs12Error('PKCS12_NO_CERTIFICATE', 'cannot tell which certificate is the key’s');
  return {
    key,
    certificate: mine.cert,
    chain: certs.filter((c) => c !== mine).map((c) => c.cert),
    ...(keyBag.friendlyName !== undefined ? { friendlyName: keyBag.friendlyName } : {}),
  };
}
