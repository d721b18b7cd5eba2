/**
 * PKCS#12 files encrypted with the legacy PBE schemes of RFC 7292 Appendix C (3DES, RC2, RC4), which
 * most real .pfx files use: Windows exports, OpenSSL 1.x, `openssl pkcs12 -legacy`, ICP-Brasil A1
 * certificates. See docs/decisions/0005-legacy-pkcs12-ciphers.md.
 */
import { execFileSync } from 'node:child_process';
import { createCipheriv, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Indication,
  base64Decode,
  children,
  der,
  parseDer,
  parseValidationPolicy,
  tlvBytes,
  toPem,
  trustAnchorFromCertificate,
} from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { createTestPki, keyPool } from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Pkcs12Contents, Pkcs12Error, loadPkcs12, signCades, verifyCades } from '../src/index';
import { bmpPassword, pkcs12Kdf } from '../src/pkcs12/kdf';
import { rc4 } from '../src/pkcs12/rc4';

/**
 * Written by OpenSSL 3.0.19 (`openssl pkcs12 -export -legacy`, password `sênha`, non-ASCII on purpose):
 * pbeWithSHAAnd3-KeyTripleDES-CBC for the key, pbeWithSHAAnd40BitRC2-CBC for the certificates, HMAC-SHA-1
 * integrity, 2048 iterations — the shape of a Windows or ICP-Brasil A1 .pfx. An RSA-2048 key, its
 * certificate "Mutua Legacy RSA Signer" (friendlyName "legacy rsa") and the issuing EC P-256
 * "Mutua Legacy Test CA" (self-signed), valid until 2126.
 */
const RSA_LEGACY_P12 = base64Decode(
  [
    'MIILZgIBAzCCCywGCSqGSIb3DQEHAaCCCx0EggsZMIILFTCCBacGCSqGSIb3DQEHBqCCBZgwggWUAgEAMIIFjQYJKoZIhvcNAQcB',
    'MBwGCiqGSIb3DQEMAQYwDgQIuLOY9hR9jsUCAggAgIIFYO8/COYgVyTzEuq19V3RUpHX53TB69MFgBhnWpjcDjUhvdxyJRbUO3cg',
    '4ldLAYtmpPYFAS9yACBHkh/KVJc4OUqOYPMrFfEL1POduNJ76aUj7Kg4pGHV7xelFVbHhcGClEZf3Uo/dks5a92ujYDEiNJgFZdX',
    'cNrHjh5T8N6ZL0dJDMVNvhg+AmEC/SMuLLUl1Po5YKGSWSbeP3N3FtXkHTAAvRQw3WNlyrfGAm6Ij/FvYAlInQG/1pjPOG2TjGOQ',
    'OGVDWb/C8W9xJ7wDFojNZEkoa4g32Qj65Xr42MiJiNcwu9Cghns1hQGZUO/O7qbMpvy0pSYNeltOD+TH0FhX70Sstcfp3CthBkLL',
    'RoJs8uddcITLXZnq6MhANZyADpzY8N4ekAuwy7+T6vzEY/tAuekLRBnyvPLlcr/i7DV35Y5WgUIAGxY8x3BcWAUbbP0nqckP948u',
    'vdezaTZmmJujw0kbVwkB+aI1LcBhQkH4NzB4X5u+r1KKechtMv1e536OA+YXMU2mZQwgXBZO3dBRbh0918n7w5dWbMHAL87IJ81i',
    'y024/fqmD1YCvLT+vuqOY/vQ8D9WfOMQOT7zurVCfgs2puDzjFB1gQ1MIAShx1YYdWBbOcAG5lqbXrQvAHsvCDYoP3DvPrhnsuP4',
    'tFI2FwcUZNxOfbWaRA6YqePy4+HsL6lIqQKyypwaVZkKIzp8F7DRtNYlP8Xmi0NTYIZO/7i6Ol9dldXL2uoAVsKZrXwcvl6iWzLV',
    '6KeN4IUFAW8QU4NAsvcHxrIw1CKp7/4+D7GWV0ciSgWJfwPXcUjZ2GGZGl2JEByaJ1OviyQC5kYVWtOejQmqp/7J+yP5E0rVSc2T',
    'RZKxiHTTxIHVqobUZwNrVFa3hk9nALxr27s/krCICGu3KMRw9UCpyE6d90ugl3Ae03cG40EOfOzCGF9RCYUUMEii761e89yrL11e',
    'pXq8y6/bYCkWD8D3cl+cc1tKrDYSq4NT5XWv6AIRZN05qu5xaAC7/AvEjLwIqVQvLXfESHErqNExd6YLfFTzXZeXxBD9TWzWusxu',
    'cz8REUGvmBad/EaJqQtBe4Cz9kOlkFlB/DBxUG2UBWiETcJp26JPZW9u4touod1cHwYN94tOK0SAkYHQhLDSsk2ncoWpotJYqikn',
    'fFn1beUEciGi9L70EXBV4awetAKmANo/ZInoPtjCz4hNOeVCWZZAzK1hiiyCnD+xJdXMgx2CcJyZ79Z7qCIuQvikQQLOWuwvPcTm',
    '4ygdECLCraKn1UHsQF1g81gPBojVwmglYiCWF19U5ouMzlAs1KrEK/XKjrxfmptYOa/4PGYzI6cIhgB1t37ZQYbImA2VNatwC/nr',
    'VFJlsz7Paqk7A0axIKrM8JVwNG3YJ8ibHxnT0a2iC9bU4Oo85t0McB98Xild4TPQ3GZUXoAWvX5jb3IBXbup71pfXkMBBsYHXgAE',
    'a/v8xLGs+zmsam8L6W05W4NdMjEGHXo/qNMoeepyL00RsCcP+vrXFmcyo6Q5O/2FFPe++rt1EnOJPubHsIchlVK4yi9k1D7j/gmf',
    'ayzuWvxfl4JiE7O2IkDax5g6bEZ+n6gvnaXO7bNAVnyNNx5HjhEQjV4zgwXsVxnn2bzAJ5Yqnld3Zq424ZQq3iqHwj+fgTW6jf7C',
    'WXsznr5ugtzKX3PXgXr0mWZcmxAA9MheKqOIt70gMWcK/ip476X6q9aqud9DcwO07VECvdc+HbypdrhnDwu3TPA2OcuzSdLucBBr',
    'vJLeTab+EE4q2RoFw1pFe0tU+K+jWL0iowp36P1yW0JkPgAgJCFuNBPG0v5NYUcrKMS9bAcB2Q2zD7xVMIIFZgYJKoZIhvcNAQcB',
    'oIIFVwSCBVMwggVPMIIFSwYLKoZIhvcNAQwKAQKgggTuMIIE6jAcBgoqhkiG9w0BDAEDMA4ECPyjwhY7/2VBAgIIAASCBMhe3GJd',
    'O+G6P91ilzNOFYhGCWcArlPtv2KZ+OX8QIWm70r9UkTnCnhB7f3EoZM2Yn14SuyXBXqjuaOaZXnuegy7sm6hcSdZ9ZOtcgBRBVp4',
    'du14AHM5EV4QXv3YtsQ5WFa9hTAou+5ASX4eASWbXQaJZ5Txs5HTu9flm/5fcE84zqbNHY1Eb6wjywdpcxh7KI99cLz4VfBpD0ee',
    'vpEkdcKjS4TsFfQSe8KTQyUZcdAKqQsLXaoi/NT98KEzg8Pk6e9VcLG/N15hsV33cHaqBKixfQPvC2oZGS3nZL6cuDFDdOs8fLdc',
    'H6ZjeYmMyprJkPnrBI7k8VVmHlM/oV6YpN7AvMg20YXFGkPgt6y2D9xaoQ5GJ52o+Jxo5gsvE9wtSdwW5tm/cnPGVTTWljldEqUS',
    '1hVTkn4KhBS/Acw1ta2unlV/3nQSnLgCdkVl+J+LF1Afbz/7Q1HvUsHojknz+HATQApvEFhnL1Oay0ZXRh8WrpI+BvIifxfDjYHw',
    'Juu1TIMQXS6ERxKtukV6kKpZ3xNg6mNWINxY9+qgxqFmNk5glmApqWruvCBpZxwZiz9fRUq/ZxrTfzYur/zpVUru8G6Co834YFCr',
    '8kzOcTejUik0oJAA1AuUJVpWJBkuDYdS/uAhgdT+h+jkWdoGIivWmqEJ1G7CAP2iykljM7UrDm//Ik30eashw2FvRm7W/jxaDs50',
    'xNxE03s3SQXb18tUTTj1QbTJ6U9O5pe0AoKgftOiVS4QrL7GE1dfjT9gZYl3Qp0AYd2lwRcENO6KJ/O2R1AQ/Qm9TpRNrg/A75TB',
    'NFR9TTeH3SeNEnVxe++jDpbYjet5oK/YJVyrTUFzzvbq4bggaDVGzLw/vesFcTBRGtB8ewPRVeape+bxOIz+ZA7mVhoPnIidX6ma',
    'FPn0EgLfjiEz64aQ+5dyBb37sXOWMKUDCSSPzQICQr5twHXoRJwKc5zo+OgwliESkMQ19/c0mg9OJy072Ufz3g+6ktuUp7PdYvKp',
    'f6Zaer+WxyfD3Uc7HMTXzKvbKNfATIekf4ztcl2QePFM9neDMbBJ++kBnVokt+rBXa9R7KhAPrHSCSsivVAUMCCOQcAzHi+LW6N1',
    'YdCXpNp5TEoGp4LBqzLl6ZXAdAtnmqkw9+Sg6+zrhZHK3b1O8o2sxymaTrzGrhOTUOThYXBHfA8wvmfvI/HzBbkk+R4QFa0YYBg9',
    'F5StS3PLpUOyiS/e4NlWzDCl7wsqv0qW8ZDy8kEdJyhqhMcPGMTFwA7tyT8pVNV9ajIvYyewxYpOQHshi7/6vGlG1rvD+cf2YxGa',
    'w27yC+2r8WUm5cQ1gfHsFERBhud94K42W3CF4SYXDNWTh8PeaDUqkbBpyEATdfungMeXlsZNBZ9dEDPmArmJwAh21b3CImqoiQ9N',
    '5KHkRdob0T8oSvy1ke5qC/KLs+piwCymAuCU6BqwApGIyywZlMRruzCDDqyBIlwv7yNIPdH5ShkXGSLl9eE/6bw91LNXEoVKB3kG',
    '/iUGw3NHMMVToORLpqjeGF4Sc5a0pRbks9lFr80lVReZdzhuqNKqUFBMjPtollY72jG2YgsZUHSjl97inu4CPbtbMQ/0cvtEG3hv',
    'O4bDVNuv8le+LIpgiqXYbmeb5akxSjAjBgkqhkiG9w0BCRQxFh4UAGwAZQBnAGEAYwB5ACAAcgBzAGEwIwYJKoZIhvcNAQkVMRYE',
    'FI/kNtRGg79cPZI6bfXBqxpRShLKMDEwITAJBgUrDgMCGgUABBQJMwHk5C97L79vSddxXqskThdwsgQIfwo8nEjX7LcCAggA',
  ].join(''),
);

/**
 * Written by OpenSSL 3.0.19 (`openssl pkcs12 -export -legacy`, password `mutua`): 3DES key bag, RC2-40
 * certificate bag, HMAC-SHA-1. An EC P-256 key and its self-signed certificate "Mutua Legacy EC Signer"
 * (friendlyName "legacy ec"), valid until 2126.
 */
const EC_LEGACY_P12 = base64Decode(
  [
    'MIIEQQIBAzCCBAcGCSqGSIb3DQEHAaCCA/gEggP0MIID8DCCAr8GCSqGSIb3DQEHBqCCArAwggKsAgEAMIICpQYJKoZIhvcNAQcB',
    'MBwGCiqGSIb3DQEMAQYwDgQILt+/E23ePZkCAggAgIICePPl0GCzzr9dh0eEeH2f/XYjcEIrKssn1M3leJ46n6ppWIUMhHJNf225',
    'MkxuiH+JvkSEgsjIdCYaSQfwBJMJXKdLBP5MGYssiaqrlG/hO6GNTC63v9sd3rAiBPvr51Z3040wLzQ+GxK64SQ7KUOLWeELfHNl',
    '46Zc8o0djReeYA5lAKunp1+nRB1gWRe5HgJkaxRpXnU7ZaZB33+yXZZvq5JYoYuTXowo9oK8XD4EQH9yA8gf+DIOvlQWxu8LctRw',
    'n8YS4uwuagVA/l4vKlPA1+RGckBfwgOlOxYV43A7AWHFOs+4YcGWaWdgjcpfkEsMO1vodmJlOBwh1CRonP7LotNbZuxeUVgiKr1q',
    'rI29w9ZU1KDTvANwxkd/qeMfU1aDu5ChGkNYlPceOCdxfRsTIh1B8euYIwHS/7ly+7DTFKoVV4QgJa/+tVZ+4Peg7JfDfjlW0W84',
    'HQaMHzV0M+He3kg9J9k2obaOgjdrk4XyAZS+J3WP5LuFUthVHAZPBNhnmb0yIsdNzgeMGTNpOAfUMaLrqAuBCcOLTF2P+0kgQ95X',
    'IzXgXjaFTEB6QjWefr01M7qp78wlgb0LPr4n57fJU7Z6qRehiJeBpYu/LuR23b9ElSMWqb+aCGBTnmLfo1aWxLRmSfgkYNLRGnh0',
    'XVMVnTOMgRtFtKiGnvKXS4oX9tDPvymG52Nq4ncy+tJ/x9+0vi9cwQ2hawFetFueKFQqDHmF/gIxIwG6zlcWkq5shKq12BPd+Eqt',
    '/w3Xy1J3M3VKEw+Sc6GltzlqCqwhTskr4GPQxygxM7hxzvKeRUKX9EQ2wAGpAntfndpLiCiw+3w5IJS0ykOkudBIMIIBKQYJKoZI',
    'hvcNAQcBoIIBGgSCARYwggESMIIBDgYLKoZIhvcNAQwKAQKggbQwgbEwHAYKKoZIhvcNAQwBAzAOBAiZVHpxIdfHHgICCAAEgZDK',
    'lbrYAQsFNuO8C6ihGwjAh9e+oBOqWn8Doqw5jKj0UskUYqPVfzIGXMmTHizW3kmQba8UYkTiY0+uahO3VvUV7sRDMckDZ7lL2X58',
    'EZwuISYL5geeC9HdfJ+r0KRpGpTtFaKt/R+cB/YgO/PARpQE8nfFyOK1MlIDfpF2Kw0vVskeEXd07hTGO3jBwpRyDsgxSDAhBgkq',
    'hkiG9w0BCRQxFB4SAGwAZQBnAGEAYwB5ACAAZQBjMCMGCSqGSIb3DQEJFTEWBBQWSKOx6bfTgK/tBxSDf1L87Y6dAzAxMCEwCQYF',
    'Kw4DAhoFAAQUiXJiMx5zjsWwINsObN5E+H3SRTMECNmYbJqvZQn2AgIIAA==',
  ].join(''),
);

const content = new TextEncoder().encode('signed with a key from a legacy PKCS#12 file');

/** The fixtures' certificates have no CRL: revocation cannot be known for them. */
const NO_CRL_POLICY = parseValidationPolicy({
  version: 1,
  name: 'p12-legacy-fixture',
  revocation: { mode: 'if-present' },
});

async function signAndVerify(p12: Pkcs12Contents, anchor = p12.certificate) {
  const p7s = await signCades({ ...p12, content, detached: true });
  const report = await verifyCades(p7s, {
    detachedContent: content,
    trustAnchors: [trustAnchorFromCertificate(anchor)],
    crypto: nodeCryptoEngine,
    policy: NO_CRL_POLICY,
  });
  return report.signatures[0]!;
}

/** What a call rejects with (or 'resolved'). */
async function outcome(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return e;
  }
}

/** The same PFX without its MacData: decryption is then the only check of the password. */
function withoutMac(p12: Uint8Array): Uint8Array {
  const [version, authSafe] = children(parseDer(p12));
  return der.seq(tlvBytes(version!), tlvBytes(authSafe!));
}

// ——— Hand-built PFX files (RFC 7292 §4), to put exactly what a case needs in them ———

const OIDS = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  rc4_128: '1.2.840.113549.1.12.1.1',
  tdes3: '1.2.840.113549.1.12.1.3',
  sha1: '1.3.14.3.2.26',
};
const SALT = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);

const pbe = (scheme: string, iterations: number | bigint, salt = SALT) =>
  der.seq(der.oid(scheme), der.seq(der.octets(salt), der.int(iterations)));
const certBag = (cert: Uint8Array) =>
  der.seq(
    der.oid(OIDS.certBag),
    der.ctx(0, der.seq(der.oid(OIDS.x509Certificate), der.ctx(0, der.octets(cert)))),
  );
const keyBag = (alg: Uint8Array, encrypted: Uint8Array) =>
  der.seq(der.oid(OIDS.shroudedKeyBag), der.ctx(0, der.seq(alg, der.octets(encrypted))));
const dataInfo = (...bags: Uint8Array[]) =>
  der.seq(der.oid(OIDS.data), der.ctx(0, der.octets(der.seq(...bags))));
const encryptedInfo = (alg: Uint8Array, encrypted: Uint8Array) =>
  der.seq(
    der.oid(OIDS.encryptedData),
    der.ctx(0, der.seq(der.int(0), der.seq(der.oid(OIDS.data), alg, der.ctxPrim(0, encrypted)))),
  );

/** A PFX of these ContentInfos, with an HMAC-SHA-1 MacData when `mac` is given. */
async function pfx(
  infos: Uint8Array[],
  mac?: { password: string; iterations: number | bigint; value?: Uint8Array },
): Promise<Uint8Array> {
  const authSafe = der.seq(...infos);
  const head = [der.int(3), der.seq(der.oid(OIDS.data), der.ctx(0, der.octets(authSafe)))];
  if (!mac) return der.seq(...head);
  const value =
    mac.value ??
    createHmac('sha1', await kdf(3, mac.password, Number(mac.iterations), 20))
      .update(authSafe)
      .digest();
  const digestInfo = der.seq(der.seq(der.oid(OIDS.sha1), der.nul()), der.octets(value));
  return der.seq(...head, der.seq(digestInfo, der.octets(SALT), der.int(mac.iterations)));
}

const kdf = (id: 1 | 2 | 3, password: string, iterations: number, length: number) =>
  pkcs12Kdf({ hash: 'SHA-1', id, password: bmpPassword(password), salt: SALT, iterations, length });

/** pbeWithSHAAnd3-KeyTripleDES-CBC encryption, with node:crypto's 3DES (tests only). */
async function tdesEncrypt(plain: Uint8Array, password: string, iterations = 2048): Promise<Uint8Array> {
  const key = await kdf(1, password, iterations, 24);
  const iv = await kdf(2, password, iterations, 8);
  const c = createCipheriv('des-ede3-cbc', key, iv);
  return new Uint8Array(Buffer.concat([c.update(plain), c.final()]));
}

/** pbeWithSHAAnd128BitRC4 encryption (RC4 is its own inverse; the cipher is checked against RFC 6229). */
async function rc4Encrypt(plain: Uint8Array, password: string, iterations = 2048): Promise<Uint8Array> {
  return rc4(await kdf(1, password, iterations, 16), plain);
}

describe('loadPkcs12: legacy PBE files embedded here (no openssl needed)', () => {
  it('opens an RSA file: 3DES key bag, RC2-40 certificate bag, SHA-1 MAC, non-ASCII password', async () => {
    const p12 = await loadPkcs12(RSA_LEGACY_P12, 'sênha');
    expect(p12.certificate.subject.text).toContain('Mutua Legacy RSA Signer');
    expect(p12.friendlyName).toBe('legacy rsa');
    expect(p12.key.algorithm.name).toBe('RSASSA-PKCS1-v1_5');
    expect(p12.chain).toHaveLength(1);
    expect(p12.chain[0]!.subject.text).toContain('Mutua Legacy Test CA');
    const s = await signAndVerify(p12, p12.chain[0]);
    expect(s.signatureIntact).toBe(true);
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('opens an EC file (3DES + RC2-40) and signs a CAdES that verifies TOTAL_PASSED', async () => {
    const p12 = await loadPkcs12(EC_LEGACY_P12, 'mutua');
    expect(p12.certificate.subject.text).toContain('Mutua Legacy EC Signer');
    expect(p12.friendlyName).toBe('legacy ec');
    expect((p12.key.algorithm as EcKeyAlgorithm).namedCurve).toBe('P-256');
    expect(p12.chain).toEqual([]);
    const s = await signAndVerify(p12);
    expect(s.signatureIntact).toBe(true);
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('opens the same files without their MAC (the decryption alone)', async () => {
    const p12 = await loadPkcs12(withoutMac(EC_LEGACY_P12), 'mutua');
    expect(p12.certificate.subject.text).toContain('Mutua Legacy EC Signer');
    const rsa = await loadPkcs12(withoutMac(RSA_LEGACY_P12), 'sênha');
    expect(rsa.chain).toHaveLength(1);
  });

  it('a wrong password is PKCS12_BAD_PASSWORD: by the MAC, and by the decryption when there is no MAC', async () => {
    for (const [file, password] of [
      [RSA_LEGACY_P12, 'senha'], // the password without its accent
      [EC_LEGACY_P12, 'wrong'],
      [EC_LEGACY_P12, ''],
      [withoutMac(RSA_LEGACY_P12), 'senha'],
      [withoutMac(EC_LEGACY_P12), 'wrong'],
      [withoutMac(EC_LEGACY_P12), 'Mutua'],
    ] as const) {
      const e = await outcome(loadPkcs12(file, password));
      expect(e, password).toBeInstanceOf(Pkcs12Error);
      expect(e).toMatchObject({ code: 'PKCS12_BAD_PASSWORD' });
      expect((e as Error).message).toMatch(/wrong password/);
    }
    const e = await outcome(loadPkcs12(withoutMac(EC_LEGACY_P12), 'wrong'));
    expect((e as Error).message).toContain('wrong password or corrupted file');
  });

  it('an altered byte anywhere (no MAC): a typed error, or a key that is still the certificate’s — never a crash, never a garbage key', async () => {
    const base = withoutMac(EC_LEGACY_P12);
    const original = await loadPkcs12(EC_LEGACY_P12, 'mutua');
    const pub = await crypto.subtle.importKey(
      'spki',
      original.certificate.publicKey.der as BufferSource,
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    const ecdsa = { name: 'ECDSA', hash: 'SHA-256' };
    const outcomes = new Map<string, number>();
    for (let i = 0; i < base.length; i++) {
      const altered = base.slice();
      altered[i]! ^= 0x01;
      let name: string;
      try {
        const p12 = await loadPkcs12(altered, 'mutua');
        const sig = await crypto.subtle.sign(ecdsa, p12.key, content as BufferSource);
        const same = await crypto.subtle.verify(ecdsa, pub, sig, content as BufferSource);
        name = same ? 'opened' : `GARBAGE KEY at byte ${i}`;
      } catch (e) {
        name = e instanceof Pkcs12Error ? e.code : `UNTYPED at byte ${i}: ${String(e)}`;
      }
      outcomes.set(name, (outcomes.get(name) ?? 0) + 1);
    }
    expect([...outcomes.keys()].filter((k) => /UNTYPED|GARBAGE/.test(k))).toEqual([]);
    // Alterations inside the two ciphertexts show as a wrong password or a corrupted file.
    expect(outcomes.get('PKCS12_BAD_PASSWORD')).toBeGreaterThan(100);
  }, 120_000);

  it('a truncated file is PKCS12_MALFORMED', async () => {
    for (let n = 0; n < EC_LEGACY_P12.length; n += 37) {
      await expect(loadPkcs12(EC_LEGACY_P12.subarray(0, n), 'mutua')).rejects.toMatchObject({
        code: 'PKCS12_MALFORMED',
      });
    }
  });
});

describe('loadPkcs12: hand-built legacy files (exact cases)', () => {
  let leaf: { der: Uint8Array; ca: Uint8Array; pkcs8: Uint8Array };
  let anchors: ReturnType<typeof trustAnchorFromCertificate>[];
  let crls: Uint8Array[];

  beforeAll(async () => {
    const pki = await createTestPki({ name: 'PKCS12 Legacy Tests', keySpec: 'P-256' });
    const built = await pki.issue({ key: await keyPool.get('P-256', 'cades-p12-legacy') });
    leaf = { der: built.der, ca: pki.issuingCa.der, pkcs8: await built.key.exportPkcs8() };
    anchors = [trustAnchorFromCertificate(pki.root.cert)];
    crls = [(await pki.crl(pki.root)).der, (await pki.crl()).der];
  });

  /** A 3DES key bag and a 3DES EncryptedData holding the certificate, no MAC. */
  async function tdesFile(password: string, tamper: (c: Uint8Array) => Uint8Array = (c) => c) {
    const key = tamper(await tdesEncrypt(leaf.pkcs8, password));
    const certs = await tdesEncrypt(der.seq(certBag(leaf.der), certBag(leaf.ca)), password);
    return pfx([encryptedInfo(pbe(OIDS.tdes3, 2048), certs), dataInfo(keyBag(pbe(OIDS.tdes3, 2048), key))]);
  }

  it('opens a 3DES file built here, and its key signs what verifies against the testkit PKI', async () => {
    const p12 = await loadPkcs12(await tdesFile('pw'), 'pw');
    expect(p12.certificate.der).toEqual(leaf.der);
    const p7m = await signCades({ ...p12, content });
    const report = await verifyCades(p7m, { trustAnchors: anchors, crls, crypto: nodeCryptoEngine });
    expect(report.signatures[0]!.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('opens an RC4-128 file, and a wrong password there (no padding to check) is still BAD_PASSWORD', async () => {
    const file = await pfx(
      [dataInfo(certBag(leaf.der), keyBag(pbe(OIDS.rc4_128, 2048), await rc4Encrypt(leaf.pkcs8, 'pw')))],
      { password: 'pw', iterations: 2048 },
    );
    expect((await loadPkcs12(file, 'pw')).certificate.der).toEqual(leaf.der);
    await expect(loadPkcs12(file, 'nope')).rejects.toMatchObject({ code: 'PKCS12_BAD_PASSWORD' });
    await expect(loadPkcs12(withoutMac(file), 'nope')).rejects.toMatchObject({ code: 'PKCS12_BAD_PASSWORD' });
  });

  it('a wrong password, a truncated or an altered ciphertext: typed errors', async () => {
    await expect(loadPkcs12(await tdesFile('pw'), 'pW')).rejects.toMatchObject({
      code: 'PKCS12_BAD_PASSWORD',
    });
    // Not whole 8-byte blocks: truncated.
    const cut = await tdesFile('pw', (c) => c.subarray(0, c.length - 3));
    await expect(loadPkcs12(cut, 'pw')).rejects.toMatchObject({ code: 'PKCS12_MALFORMED' });
    // Whole blocks, but the last one is gone: its padding is not there.
    const short = await tdesFile('pw', (c) => c.subarray(0, c.length - 8));
    await expect(loadPkcs12(short, 'pw')).rejects.toMatchObject({ code: 'PKCS12_BAD_PASSWORD' });
    // An altered last block breaks the padding; an altered first block, the PrivateKeyInfo.
    for (const at of [-1, -5, -9, 0, 3]) {
      const altered = await tdesFile('pw', (c) => {
        const x = c.slice();
        x[at < 0 ? x.length + at : at]! ^= 0x80;
        return x;
      });
      const e = await outcome(loadPkcs12(altered, 'pw'));
      expect(e, `byte ${at}`).toBeInstanceOf(Pkcs12Error);
      expect(e).toMatchObject({ code: 'PKCS12_BAD_PASSWORD' });
    }
    // No ciphertext at all.
    const empty = await tdesFile('pw', () => new Uint8Array(0));
    await expect(loadPkcs12(empty, 'pw')).rejects.toMatchObject({ code: 'PKCS12_MALFORMED' });
  });

  it('bounds the iteration counts as the PBES2 path does (at most 10,000,000), before any work', async () => {
    const enc = await tdesEncrypt(leaf.pkcs8, 'pw', 1);
    const started = Date.now();
    for (const iterations of [10_000_001, 2 ** 31, 10n ** 12n, 0, -1]) {
      // In a key bag, in an EncryptedData and in the MacData.
      const inKey = await pfx([dataInfo(certBag(leaf.der), keyBag(pbe(OIDS.tdes3, iterations), enc))]);
      const inData = await pfx([encryptedInfo(pbe(OIDS.tdes3, iterations), enc)]);
      const inMac = await pfx([dataInfo(certBag(leaf.der))], {
        password: 'pw',
        iterations,
        value: new Uint8Array(20),
      });
      for (const file of [inKey, inData, inMac]) {
        const e = await outcome(loadPkcs12(file, 'pw'));
        expect(e, String(iterations)).toBeInstanceOf(Pkcs12Error);
        expect(e).toMatchObject({ code: 'PKCS12_MALFORMED' });
        expect((e as Error).message).toMatch(/iteration/);
      }
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    // One iteration is allowed (old Java keytool files use low counts).
    const low = await pfx([dataInfo(certBag(leaf.der), keyBag(pbe(OIDS.tdes3, 1), enc))]);
    expect((await loadPkcs12(low, 'pw')).certificate.der).toEqual(leaf.der);
  });
});

// ——— Files openssl writes now, for every legacy scheme ———

/** How to ask this openssl for the legacy ciphers, or undefined when it cannot. */
function opensslLegacy(): { provider: string[]; legacy: string[] } | undefined {
  try {
    const version = execFileSync('openssl', ['version'], { encoding: 'utf8' });
    // OpenSSL 1.x and LibreSSL write the legacy schemes by default and have no providers.
    if (/^LibreSSL|^OpenSSL 1\./.test(version)) return { provider: [], legacy: [] };
    execFileSync('openssl', ['list', '-providers', '-provider', 'legacy'], { stdio: 'ignore' });
    return { provider: ['-provider', 'legacy', '-provider', 'default'], legacy: ['-legacy'] };
  } catch {
    return undefined;
  }
}

const OPENSSL = opensslLegacy();
const SKIPPED = OPENSSL ? '' : ' — SKIPPED: no openssl with the legacy provider on this machine';
if (!OPENSSL) console.warn(`pkcs12-legacy.test.ts: openssl cases${SKIPPED}`);

describe(`loadPkcs12: legacy files written by openssl now${SKIPPED}`, () => {
  const cases = (o: NonNullable<typeof OPENSSL>) => [
    { name: '-legacy (3DES key, RC2-40 certificates)', args: o.legacy },
    {
      name: 'PBE-SHA1-3DES / PBE-SHA1-RC2-40 / -macalg sha1',
      args: [...o.provider, '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-RC2-40', '-macalg', 'sha1'],
    },
    {
      name: 'PBE-SHA1-2DES / PBE-SHA1-RC2-128',
      args: [...o.provider, '-keypbe', 'PBE-SHA1-2DES', '-certpbe', 'PBE-SHA1-RC2-128', '-macalg', 'sha1'],
    },
    {
      name: 'PBE-SHA1-RC4-128 / PBE-SHA1-RC4-40',
      args: [...o.provider, '-keypbe', 'PBE-SHA1-RC4-128', '-certpbe', 'PBE-SHA1-RC4-40', '-macalg', 'sha1'],
    },
    {
      name: '3DES for both, MAC with the default single iteration (-nomaciter)',
      args: [...o.provider, '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-nomaciter'],
    },
  ];

  it.skipIf(!OPENSSL)(
    'RSA and EC keys with their chain, every scheme: opened, signed, verified TOTAL_PASSED',
    async () => {
      const pki = await createTestPki({ name: 'PKCS12 Legacy OpenSSL', keySpec: 'P-256' });
      const anchors = [trustAnchorFromCertificate(pki.root.cert)];
      const crls = [(await pki.crl(pki.root)).der, (await pki.crl()).der];
      const dir = mkdtempSync(join(tmpdir(), 'mutua-p12-legacy-'));
      const password = 'sênha-ICP';
      try {
        writeFileSync(join(dir, 'chain.pem'), toPem(pki.issuingCa.der) + toPem(pki.root.der));
        for (const spec of ['RSA-2048', 'P-384'] as const) {
          const leaf = await pki.issue({ key: await keyPool.get(spec, 'cades-p12-legacy') });
          writeFileSync(join(dir, 'key.pem'), toPem(await leaf.key.exportPkcs8(), 'PRIVATE KEY'));
          writeFileSync(join(dir, 'cert.pem'), toPem(leaf.der));
          for (const c of cases(OPENSSL!)) {
            const file = join(dir, 'f.p12');
            execFileSync('openssl', [
              'pkcs12',
              '-export',
              ...c.args,
              '-inkey',
              join(dir, 'key.pem'),
              '-in',
              join(dir, 'cert.pem'),
              '-certfile',
              join(dir, 'chain.pem'),
              '-passout',
              `pass:${password}`,
              '-out',
              file,
            ]);
            const bytes = new Uint8Array(readFileSync(file));
            const p12 = await loadPkcs12(bytes, password);
            expect(p12.certificate.der, `${spec} ${c.name}`).toEqual(leaf.der);
            expect(p12.chain).toHaveLength(2);
            const p7m = await signCades({ ...p12, content });
            const report = await verifyCades(p7m, { trustAnchors: anchors, crls, crypto: nodeCryptoEngine });
            expect(report.signatures[0]!.indication, `${spec} ${c.name}`).toBe(Indication.TOTAL_PASSED);
            await expect(loadPkcs12(bytes, 'sênha-icp'), `${spec} ${c.name}`).rejects.toMatchObject({
              code: 'PKCS12_BAD_PASSWORD',
            });
            await expect(loadPkcs12(withoutMac(bytes), 'sênha-icp')).rejects.toMatchObject({
              code: 'PKCS12_BAD_PASSWORD',
            });
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
