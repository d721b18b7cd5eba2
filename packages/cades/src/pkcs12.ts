import {
  type Certificate,
  HASH_BY_OID,
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
import { Pkcs12Error, badDecryption, checkIterations } from './pkcs12/error';
import { KDF_ID, bmpPassword, concat, pkcs12Kdf } from './pkcs12/kdf';
import { LEGACY_PBE, decryptLegacy } from './pkcs12/legacy';
import type { SigningHash } from './sign';

export { Pkcs12Error };

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

const CURVES: Record<string, string> = {
  [OID.prime256v1]: 'P-256',
  [OID.secp384r1]: 'P-384',
  [OID.secp521r1]: 'P-521',
};

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
  const iterations = iterNode ? checkIterations(decodeInteger(iterNode, 'iterations'), 'MAC') : 1;
  if (alg.oid === P12.pbmac1)
    throw new Pkcs12Error('PKCS12_UNSUPPORTED', 'PBMAC1 integrity (RFC 9579) is not supported yet');
  const hash = HASH_BY_OID[alg.oid];
  if (!hash) throw new Pkcs12Error('PKCS12_UNSUPPORTED', `unsupported PKCS#12 MAC algorithm ${alg.oid}`);
  const keyBytes = await pkcs12Kdf({
    hash,
    id: KDF_ID.mac,
    password: bmpPassword(password),
    salt,
    iterations,
    subtle,
  });
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

/**
 * Decrypts a bag or an EncryptedData: PBES2 (through WebCrypto) or a legacy PKCS#12 PBE scheme (our own
 * decrypt-only 3DES / RC2 / RC4, ADR 0005). What comes out must be one DER SEQUENCE (SafeContents or
 * PrivateKeyInfo) with nothing after it, else the password was wrong or the file altered: a wrong key
 * never reaches the key import or the bag parser as garbage.
 */
async function decrypt(
  subtle: SubtleCrypto,
  algNode: Tlv,
  data: Uint8Array,
  password: string,
): Promise<Uint8Array> {
  const alg = parseAlgorithmIdentifier(algNode, 'encryption algorithm');
  const plain = LEGACY_PBE[alg.oid]
    ? await decryptLegacy(alg.oid, alg.parameters, data, password)
    : await decryptPbes2(subtle, alg, data, password);
  let ok = false;
  try {
    ok = isUniversal(parseDer(plain), Tag.SEQUENCE);
  } catch {
    // not DER
  }
  if (!ok) throw badDecryption('the decrypted content is not DER');
  return plain;
}

/** Decrypts PBES2 (PBKDF2 + AES-CBC) content, RFC 8018 §6.2; the password is UTF-8 (RFC 9579 §3). */
async function decryptPbes2(
  subtle: SubtleCrypto,
  alg: { readonly oid: string; readonly parameters?: Uint8Array | undefined },
  data: Uint8Array,
  password: string,
): Promise<Uint8Array> {
  if (alg.oid !== P12.pbes2 || !alg.parameters)
    throw new Pkcs12Error('PKCS12_UNSUPPORTED', `unsupported encryption algorithm ${alg.oid}`);
  const p = new SeqReader(parseDer(alg.parameters), 'PBES2-params');
  const kdf = new SeqReader(p.next('keyDerivationFunc', Tag.SEQUENCE), 'keyDerivationFunc');
  const kdfOid = decodeOid(kdf.next('algorithm'));
  if (kdfOid !== P12.pbkdf2)
    throw new Pkcs12Error('PKCS12_UNSUPPORTED', `unsupported key derivation ${kdfOid}`);
  const kp = new SeqReader(kdf.next('parameters', Tag.SEQUENCE), 'PBKDF2-params');
  const salt = decodeOctetString(kp.next('salt', Tag.OCTET_STRING), 'PBKDF2 salt');
  const iterations = checkIterations(decodeInteger(kp.next('iterationCount', Tag.INTEGER)), 'PBKDF2');
  kp.optional(Tag.INTEGER); // keyLength: the cipher's
  const prfNode = kp.optional(Tag.SEQUENCE);
  const prfOid = prfNode ? parseAlgorithmIdentifier(prfNode).oid : '1.2.840.113549.2.7';
  const prf = PRF[prfOid];
  if (!prf) throw new Pkcs12Error('PKCS12_UNSUPPORTED', `unsupported PBKDF2 PRF ${prfOid}`);
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
 * Whether `key` signs what the certificate's public key verifies: false when not (or the key cannot
 * sign), undefined when WebCrypto cannot import that public key to tell.
 */
async function keyMatches(
  subtle: SubtleCrypto,
  key: CryptoKey,
  cert: Certificate,
): Promise<boolean | undefined> {
  let pub: CryptoKey;
  try {
    pub = await subtle.importKey('spki', cert.publicKey.der as BufferSource, key.algorithm, false, [
      'verify',
    ]);
  } catch {
    return undefined;
  }
  const params =
    key.algorithm.name === 'ECDSA'
      ? { name: 'ECDSA', hash: 'SHA-256' }
      : key.algorithm.name === 'RSA-PSS'
        ? { name: 'RSA-PSS', saltLength: 32 }
        : { name: key.algorithm.name };
  const probe = new TextEncoder().encode('@mutua/cades loadPkcs12 key check');
  try {
    const sig = await subtle.sign(params, key, probe as BufferSource);
    return await subtle.verify(params, pub, sig, probe as BufferSource);
  } catch {
    return false;
  }
}

/**
 * Opens a PKCS#12 file (`.p12`, `.pfx`) with its password and returns its private key as a WebCrypto
 * `CryptoKey`, its certificate and the other certificates, ready to spread into {@link signCades}.
 *
 * Supported encryption of the key and certificate bags:
 * - PBES2 with PBKDF2 (HMAC-SHA-1/256/384/512) and AES-128/192/256-CBC — what OpenSSL 3 writes by
 *   default, and Windows 10+ with "AES256-SHA256";
 * - the legacy PKCS#12 PBE schemes of RFC 7292 Appendix C — pbeWithSHAAnd3-KeyTripleDES-CBC and
 *   -2-KeyTripleDES-CBC, pbeWithSHAAnd128BitRC2-CBC and -40BitRC2-CBC, pbeWithSHAAnd128BitRC4 and
 *   -40BitRC4 — what Windows exports, Java keytool, OpenSSL 1.x and `openssl pkcs12 -legacy` write
 *   (typically 3DES for the key and RC2-40 for the certificates), and the ICP-Brasil A1 files. WebCrypto
 *   has none of these ciphers: they are decrypted by a small decrypt-only implementation of our own,
 *   used for nothing else (ADR 0005).
 *
 * Integrity: the RFC 7292 HMAC (SHA-1/256/384/512), checked before anything is decrypted. Iteration
 * counts above 10,000,000 are refused (`PKCS12_MALFORMED`). Keys: RSA, EC P-256/384/521, Ed25519.
 * Not supported: PBMAC1, public-key integrity or privacy modes. Runs wherever WebCrypto does.
 *
 * @throws {@link Pkcs12Error} with code `PKCS12_BAD_PASSWORD` (wrong password, or a file whose MAC,
 * padding or decrypted structure is wrong: never a garbage key), `PKCS12_UNSUPPORTED`,
 * `PKCS12_MALFORMED`, `PKCS12_NO_KEY` or `PKCS12_NO_CERTIFICATE`.
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
  const certs: { cert: Certificate; localKeyId?: Uint8Array }[] = [];
  let keyBag:
    | { pkcs8: Uint8Array; encrypted: boolean; localKeyId?: Uint8Array; friendlyName?: string }
    | undefined;
  let macChecked = false;
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
    if (macData) {
      await checkMac(subtle, macData, authSafe, password);
      macChecked = true;
    }
    const bags: Bag[] = [];
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
          encrypted: b.type === P12.pkcs8ShroudedKeyBag,
          ...(b.localKeyId ? { localKeyId: b.localKeyId } : {}),
          ...(b.friendlyName !== undefined ? { friendlyName: b.friendlyName } : {}),
        };
      }
    }
  } catch (e) {
    if (e instanceof Pkcs12Error) throw e;
    if (e instanceof MutuaError)
      throw new Pkcs12Error('PKCS12_MALFORMED', `not a PKCS#12 file: ${e.message}`, { cause: e });
    throw e;
  }

  if (!keyBag) throw new Pkcs12Error('PKCS12_NO_KEY', 'the PKCS#12 file holds no private key');
  // Without a MAC, nothing but the padding and the structure vouches for a decrypted key: a file altered
  // (or a wrong password that happened to pass both) must not give a key that signs garbage.
  const unauthenticated = keyBag.encrypted && !macChecked;
  const key = await importPrivateKey(keyBag.pkcs8, options, subtle).catch((e: unknown) => {
    if (e instanceof Pkcs12Error) throw e;
    if (unauthenticated) throw badDecryption(`the decrypted private key does not import (${String(e)})`, e);
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
  if (unauthenticated && (await keyMatches(subtle, key, mine.cert)) === false)
    throw badDecryption('the decrypted private key does not match its certificate (the file has no MAC)');
  return {
    key,
    certificate: mine.cert,
    chain: certs.filter((c) => c !== mine).map((c) => c.cert),
    ...(keyBag.friendlyName !== undefined ? { friendlyName: keyBag.friendlyName } : {}),
  };
}
