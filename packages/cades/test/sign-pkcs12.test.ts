import { execFileSync } from 'node:child_process';
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
import { describe, expect, it } from 'vitest';
import { Pkcs12Error, loadPkcs12, signCades, verifyCades } from '../src/index';

/**
 * Written by OpenSSL 3.0 (`openssl pkcs12 -export`, password `mutua`): PBES2 / PBKDF2-HMAC-SHA-256 /
 * AES-256-CBC for the key and the certificate, HMAC-SHA-256 integrity; a self-signed P-256 certificate
 * "Mutua PKCS12 Fixture" with the friendlyName "fixture key".
 */
const EC_P12 = base64Decode(
  [
    'MIIE0wIBAzCCBIkGCSqGSIb3DQEHAaCCBHoEggR2MIIEcjCCAwIGCSqGSIb3DQEHBqCCAvMwggLvAgEAMIIC6AYJKoZIhvcNAQcB',
    'MFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAhQm4wgJtyb/gICCAAwDAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEHFM',
    'iJF3mwAI8WPN42INuSWAggKAx+D6uNtJ/M9qMiPIPO8o7PqC16F71Xc/GfDdnEji+zGfV6XvQuAodiT2PlWDtiy3YiGGPd18waiw',
    'obxrInwgrvVZwprLPJC0DQwjrNpdeCNizJ6X8LYw7t7icCdstZ7m6eGFvfFGwS3M7/4BpolN0lDrXZ6TzBf2b/Q2CiTQQVM4YmG1',
    'ZfjxRj6MR40tz5U1fOxogcCscIDAnFBOqVb5ImHUu3PBBATwoX1wbovNWkwgcvN8AAigJjGMLQkgmTpeU+q8yFh6JWkJITuxhyy6',
    'fqAeWMkA5MA9KJRsgfYBWB/Dazrpn2r3IFKIVdSAT/iyOGdcjijTgSA9+21NiCBcrW6xtOLJwrl2WGxo+eTs9T1iaNb3Bfso+7fH',
    'OMOB/F4agi1omBtPlOXGm/Z2WuEY6UUMkXhr55csnU4VlcH73GL9pLyA5GvUCCDpQKd42rDMRXPjLPpAQlUefR7Ne5mcvB0JfuHb',
    'X2N1aE8s8RSSmwiikUKjDPLe2tieutc/bApMFN5JeEiexfMkConNXFK9jTp5WzHuXjdhAFv70P4wLjQKEvDRCsiC57D3NI80f6xd',
    '4ul7tJn3QDSoAYKTGKfQ9QNwjmRT27UVpc9seRhA1hpUqafZhMnP+Vyz1eo0SoU2cLfvAhqYezGtDSaOcWzDrsd8AZIEVK7Hcp5c',
    '3622yYx876jJM4SPEYGyvF7Rvdpj36WEssg6/vvsKSzjGbeFA21/yDiOPrQ1uJdx4nbdsmLl8MmGGW2sPWvCy9eKPU5Xx+rj6pKw',
    'UtuoVxaahVmo86I88Vx8BsHpdcsEw7KLieJd8JG8WbNGIrFmQFIzkM2ruCZLVcudzdl+fK1OTgv4xjCCAWgGCSqGSIb3DQEHAaCC',
    'AVkEggFVMIIBUTCCAU0GCyqGSIb3DQEMCgECoIHvMIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAjI7tAyj7xDEQIC',
    'CAAwDAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEBSx/YTv8im5Y2RvJvNdXVIEgZDD/M+mFV7JTVRlu3grjrwhW+yVQwJQ0WaZ',
    '+YmQe7Npdznb+qRkhfc0WQTlGr/Ckz9hX0WYEY1Mzaslngl8ue1vnOd/3jfqwV46ommCErmBYv7R7uIPIvN6+k/ypATT1/WlOt9o',
    'GMmbXdM6R5RN0lbK2zyR2wp2qdSWWxBAIWXE1+cx5Ecoc29d1F9xqdi4jX0xTDAjBgkqhkiG9w0BCRUxFgQUoUqde53PvGgq/2NL',
    'FWzEQ6qgp6wwJQYJKoZIhvcNAQkUMRgeFgBmAGkAeAB0AHUAcgBlACAAawBlAHkwQTAxMA0GCWCGSAFlAwQCAQUABCBZptuhwE0e',
    'De5A3RkjDhL4Jrv5nKQil/V70Bx/9rteiQQIB+GDGAb+ufQCAggA',
  ].join(''),
);

/** The same key and certificate with the legacy pbeWithSHA1And3-KeyTripleDES-CBC and a SHA-1 MAC. */
const EC_3DES_P12 = base64Decode(
  [
    'MIID8gIBAzCCA7gGCSqGSIb3DQEHAaCCA6kEggOlMIIDoTCCApcGCSqGSIb3DQEHBqCCAogwggKEAgEAMIICfQYJKoZIhvcNAQcB',
    'MBwGCiqGSIb3DQEMAQMwDgQIGY97l85w9tECAggAgIICUEN4d5ZWEmODnw8UsalA/sbJRWaRTlYC+eGYFpUTikHydpM1DJvt+cNY',
    'KGgnoO2U1pOrlWkgnGDh4Bs3iBwvr4inc+zKlErO/IzomiYYxkDexJzg1S4InZwcwc13hjFuJ6CsyEYLgPPmmsaviKNfKTZScZBp',
    'cSxPVe7S1xsFYXhtwr69OPFg/JDV52BK8W+AqBqCPeJHsS2eZptBGl9K8t7qyJ6FZ5SJgotNlDnbOmz9nzwkOhz/gBn8oBwOH+UG',
    'pI7o9kzy/gpY8LwW9lKwqFrAoheKgq+liS/YM3KBKQTIxfiFSeuGivbSQSfGEdQxHtiXL2DgDyI8nxuNjKD3dW0S9t+2/tX0+UIx',
    'GnqafX7Q2bCQ78GLAAP+0maV5aGvjtmmPEtv0tY//nSpmdXUmumR16KlL4miH1BLi4edKv218XKcISYZMKmnAi3CG5pO2fM19xIO',
    'Yoo+t/b7OJJsybgROXeXrk4MRl2dsGFHxxiC2tei2qEFwqrn8wdgm/lImK7f4LUIFr2q1O/U2OwHr7WOP5atwLh5Qqjqib/gybl2',
    '/USr8I2h43wzMYeBBM6dary3d1vx/ApeVmRjcyEtPKnwbu1z+457qxNUqASClHy8+ICu72AHVyBV/PqZclsdj3NUKjag/3sZU1lZ',
    'Cl63iE1KhE7OPOC0uf9Ub1EgelGRKDgb69VXQWd5EfPKu6riR2Rv3Ioiufcr/JcQVuP4rE/mTwRL3dqAByVNC7U0Rnu+9Vrrp0/X',
    'b1T5KgyexGWU0knobi0jK8gjOTyyZAhWibIwggECBgkqhkiG9w0BBwGggfQEgfEwge4wgesGCyqGSIb3DQEMCgECoIG0MIGxMBwG',
    'CiqGSIb3DQEMAQMwDgQId+SHe+JGX74CAggABIGQRraQODQ6AYHA0lNvs4np68yOgPoUY0r1pbFtud+rQbdeIKfZ7TAQzh40jEmY',
    '6/JXHGtmQK5egJ1zf12jUo54N/gdNFSNiQVZzCKB2gUCslW87qtRYgBnweC6ufxDxjoZInUL4dL5l+AKRLxP66jyLov5rR0OqaJD',
    'LkGpbCtudG6nnpv7wveZcI3LvUxn4FDxMSUwIwYJKoZIhvcNAQkVMRYEFKFKnXudz7xoKv9jSxVsxEOqoKesMDEwITAJBgUrDgMC',
    'GgUABBR0QUcqgZ4a99h5djoWghB0lESgCAQIefr5sWynTvsCAggA',
  ].join(''),
);

const content = new TextEncoder().encode('signed with a key from a PKCS#12 file');

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('loadPkcs12', () => {
  it('opens an OpenSSL 3 file (PBES2/AES-256, HMAC-SHA-256) and signs a CAdES that verifies', async () => {
    const p12 = await loadPkcs12(EC_P12, 'mutua');
    expect(p12.certificate.subject.text).toContain('Mutua PKCS12 Fixture');
    expect(p12.chain).toEqual([]);
    expect(p12.friendlyName).toBe('fixture key');
    expect((p12.key.algorithm as EcKeyAlgorithm).namedCurve).toBe('P-256');
    const p7s = await signCades({ ...p12, content, detached: true });
    const report = await verifyCades(p7s, {
      detachedContent: content,
      trustAnchors: [trustAnchorFromCertificate(p12.certificate)],
      crypto: nodeCryptoEngine,
      // The fixture is a self-signed certificate with no CRL: revocation cannot be known for it.
      policy: parseValidationPolicy({ version: 1, name: 'p12-fixture', revocation: { mode: 'if-present' } }),
    });
    const s = report.signatures[0]!;
    expect(s.signatureIntact).toBe(true);
    expect(s.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('refuses a wrong password', async () => {
    await expect(loadPkcs12(EC_P12, 'wrong')).rejects.toMatchObject({ code: 'PKCS12_BAD_PASSWORD' });
    await expect(loadPkcs12(EC_3DES_P12, 'wrong')).rejects.toMatchObject({ code: 'PKCS12_BAD_PASSWORD' });
  });

  it('opens the legacy 3DES file (key and certificates pbeWithSHAAnd3-KeyTripleDES-CBC, SHA-1 MAC)', async () => {
    // Refused before ADR 0005; more legacy cases (RC2, RC4, 2-key 3DES, RSA) in pkcs12-legacy.test.ts.
    const p12 = await loadPkcs12(EC_3DES_P12, 'mutua');
    const modern = await loadPkcs12(EC_P12, 'mutua');
    expect(p12.certificate.der).toEqual(modern.certificate.der);
    expect(p12.chain).toEqual([]);
    const p7s = await signCades({ ...p12, content, detached: true });
    const report = await verifyCades(p7s, {
      detachedContent: content,
      trustAnchors: [trustAnchorFromCertificate(p12.certificate)],
      crypto: nodeCryptoEngine,
      policy: parseValidationPolicy({ version: 1, name: 'p12-fixture', revocation: { mode: 'if-present' } }),
    });
    expect(report.signatures[0]!.indication).toBe(Indication.TOTAL_PASSED);
  });

  it('says clearly which encryption it does not support', async () => {
    // The 3DES fixture with its key bag's scheme changed to an unknown OID (…12.1.3 → …12.1.9), MAC removed.
    const [version, authSafe] = children(parseDer(EC_3DES_P12));
    const bytes = der.seq(tlvBytes(version!), tlvBytes(authSafe!));
    const scheme = [0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03];
    let at = -1;
    for (let i = 0; i < bytes.length; i++) if (scheme.every((b, j) => bytes[i + j] === b)) at = i;
    expect(at).toBeGreaterThan(0);
    bytes[at + scheme.length - 1] = 0x09;
    const error = await loadPkcs12(bytes, 'mutua').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Pkcs12Error);
    expect(error).toMatchObject({ code: 'PKCS12_UNSUPPORTED' });
    expect((error as Error).message).toContain('1.2.840.113549.1.12.1.9');
  });

  it('refuses what is not a PKCS#12 file, and an altered one', async () => {
    await expect(loadPkcs12(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x03]), 'x')).rejects.toMatchObject({
      code: 'PKCS12_MALFORMED',
    });
    const altered = EC_P12.slice();
    altered[200]! ^= 1;
    await expect(loadPkcs12(altered, 'mutua')).rejects.toBeInstanceOf(Pkcs12Error);
  });

  it.skipIf(!hasOpenssl())(
    'opens files that openssl writes from a testkit PKI (RSA with chain, Ed25519)',
    async () => {
      const pki = await createTestPki({ name: 'PKCS12 Tests', keySpec: 'P-256' });
      const anchors = [trustAnchorFromCertificate(pki.root.cert)];
      const crls = [(await pki.crl(pki.root)).der, (await pki.crl()).der];
      const dir = mkdtempSync(join(tmpdir(), 'mutua-p12-'));
      try {
        for (const spec of ['RSA-2048', 'Ed25519'] as const) {
          const leaf = await pki.issue({ key: await keyPool.get(spec, 'cades-p12') });
          writeFileSync(join(dir, 'key.pem'), toPem(await leaf.key.exportPkcs8(), 'PRIVATE KEY'));
          writeFileSync(join(dir, 'cert.pem'), toPem(leaf.der));
          writeFileSync(join(dir, 'chain.pem'), toPem(pki.issuingCa.der) + toPem(pki.root.der));
          execFileSync('openssl', [
            'pkcs12',
            '-export',
            '-inkey',
            join(dir, 'key.pem'),
            '-in',
            join(dir, 'cert.pem'),
            '-certfile',
            join(dir, 'chain.pem'),
            '-passout',
            'pass:pässwörd',
            '-out',
            join(dir, 'f.p12'),
          ]);
          const p12 = await loadPkcs12(new Uint8Array(readFileSync(join(dir, 'f.p12'))), 'pässwörd');
          expect(p12.certificate.der).toEqual(leaf.der);
          expect(p12.chain).toHaveLength(2);
          const p7m = await signCades({ ...p12, content });
          const report = await verifyCades(p7m, { trustAnchors: anchors, crls, crypto: nodeCryptoEngine });
          expect(report.signatures[0]!.indication).toBe(Indication.TOTAL_PASSED);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
