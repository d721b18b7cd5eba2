/**
 * Trust sources that are not ETSI lists, on generated PKIs: ICP-Brasil's CA bundle (with its SHA-512
 * file, the variant with expired CAs, damaged members), SAT's bundle, single national roots, folders of
 * certificates and PKCS#7 bundles. Each load gives trust anchors that validate a real chain, the other
 * CAs as intermediates, the level of each certificate in the jurisdiction's words, provenance with
 * digests, and problems instead of exceptions for bad individual files.
 */
import { createHash } from 'node:crypto';
import { der, parseCrl, toPem, validateCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { type TestPki, buildZip, createTestPki } from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type LoadedTrustSource,
  TrustSourceError,
  loadCertificates,
  loadIcpBrasilBundle,
  loadSatBundle,
  parseSha512File,
} from '../src/index';

const REF = new Date('2026-06-01T12:00:00Z');
const utf8 = (s: string) => new TextEncoder().encode(s);
const sha512 = (b: Uint8Array) => createHash('sha512').update(b).digest('hex');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let br: TestPki;
let expiredCaPem: string;

beforeAll(async () => {
  br = await createTestPki({
    name: 'ICP-Brasil Sources',
    country: 'BR',
    referenceDate: REF,
    root: { subject: { C: 'BR', O: 'ICP-Brasil', CN: 'Autoridade Certificadora Raiz Brasileira v5' } },
    intermediates: [
      { subject: { C: 'BR', O: 'ICP-Brasil', CN: 'AC Exemplo v5' } },
      { subject: { C: 'BR', O: 'ICP-Brasil', CN: 'AC Exemplo RFB v5' } },
    ],
  });
  const expired = await br.root.issueCa({
    subject: { C: 'BR', O: 'ICP-Brasil', CN: 'AC Antiga v2' },
    notBefore: new Date('2012-01-01T00:00:00Z'),
    notAfter: new Date('2020-01-01T00:00:00Z'),
  });
  expiredCaPem = expired.pem();
});

/** ITI's layout: PEM members with `.crt` names. */
async function icpZip(extra: { name: string; data: Uint8Array | string }[] = []): Promise<Uint8Array> {
  return buildZip([
    { name: 'ICP-Brasilv5.crt', data: br.root.pem() },
    { name: 'AC_Exemplo_v5.crt', data: br.intermediates[0]!.pem() },
    { name: 'AC_Exemplo_RFB_v5.crt', data: br.intermediates[1]!.pem() },
    ...extra,
  ]);
}

const codes = (l: LoadedTrustSource) => l.problems.map((p) => p.code);

describe('loadIcpBrasilBundle', () => {
  it('loads the bundle, checks the published SHA-512, and places each CA in the hierarchy', async () => {
    const zip = await icpZip();
    const digest = sha512(zip);
    const loaded = await loadIcpBrasilBundle(zip, {
      sha512Text: `${digest}  ACcompactado.zip\r\n`,
      time: REF,
      crypto: nodeCryptoEngine,
    });
    const { source } = loaded;
    expect(source).toMatchObject({
      kind: 'icp-brasil-bundle',
      jurisdiction: 'BR',
      name: 'ICP-Brasil',
      legalLevel: 'certificado digital ICP-Brasil (MP 2.200-2/2001)',
      variant: 'current',
      publishedSha512: digest,
      readAt: REF,
      location: 'http://acraiz.icpbrasil.gov.br/credenciadas/CertificadosAC-ICP-Brasil/ACcompactado.zip',
    });
    expect(source.inputs).toEqual([
      { name: 'ACcompactado.zip', size: zip.length, sha256: sha256(zip), sha512: digest },
    ]);
    expect(loaded.certificates.map((c) => [c.from, c.role, c.depth, c.level, c.anchor, c.expired])).toEqual([
      ['ICP-Brasilv5.crt', 'root', 0, 'AC Raiz', true, false],
      ['AC_Exemplo_v5.crt', 'intermediate', 1, 'AC de 1º nível', false, false],
      ['AC_Exemplo_RFB_v5.crt', 'intermediate', 2, 'AC de 2º nível', false, false],
    ]);
    expect(loaded.certificates[0]!.sha256).toBe(sha256(br.root.der));
    expect(loaded.trustAnchors.map((a) => a.source)).toEqual([
      'icp-brasil:ACcompactado.zip!ICP-Brasilv5.crt',
    ]);
    expect(loaded.intermediates).toHaveLength(2);
    expect(loaded.problems).toEqual([]);

    // The anchors and intermediates validate a signer's certificate of that hierarchy.
    const result = await validateCertificate({
      target: br.endEntity.cert,
      intermediates: loaded.intermediates,
      trustAnchors: loaded.trustAnchors,
      crls: await Promise.all(br.cas.map(async (ca) => parseCrl((await ca.crl()).der))),
      time: REF,
      crypto: nodeCryptoEngine,
    });
    expect(result.indication).toBe('TOTAL_PASSED');
  });

  it('refuses the bundle when its SHA-512 is not the published one, or the digest file has none', async () => {
    const zip = await icpZip();
    const other = await icpZip([{ name: 'extra.crt', data: br.endEntity.pem() }]);
    const wrong = await loadIcpBrasilBundle(zip, { sha512Text: `${sha512(other)}  ACcompactado.zip` }).catch(
      (e: unknown) => e,
    );
    expect(wrong).toBeInstanceOf(TrustSourceError);
    expect((wrong as TrustSourceError).code).toBe('DIGEST_MISMATCH');
    expect((wrong as TrustSourceError).message).toContain(sha512(zip));
    const empty = await loadIcpBrasilBundle(zip, { sha512Text: 'hashsha512.txt\n' }).catch((e: unknown) => e);
    expect((empty as TrustSourceError).code).toBe('BAD_DIGEST_FILE');
    // A digest file listing both archives: the line for the loaded file is the one checked.
    const both = `${sha512(other)}  ACcompactado.zip\n${sha512(zip)} *ACcompactadox.zip\n`;
    const x = await loadIcpBrasilBundle(zip, { sha512Text: both, fileName: 'ACcompactadox.zip' });
    expect(x.source.publishedSha512).toBe(sha512(zip));
  });

  it('reports the variant with expired CAs, by its name or by its content', async () => {
    const zip = await icpZip([{ name: 'AC_Antiga_v2.crt', data: expiredCaPem }]);
    const x = await loadIcpBrasilBundle(zip, {
      fileName: 'ACcompactadox.zip',
      sha512Text: `${sha512(zip)}  ACcompactadox.zip`,
      time: REF,
    });
    expect(x.source.variant).toBe('with-expired');
    expect(x.source.inputs[0]!.name).toBe('ACcompactadox.zip');
    expect(x.source.location).toBe(
      'http://acraiz.icpbrasil.gov.br/credenciadas/CertificadosAC-ICP-Brasil/ACcompactadox.zip',
    );
    expect(x.certificates.filter((c) => c.expired).map((c) => c.from)).toEqual(['AC_Antiga_v2.crt']);
    // Expired CAs are kept (old signatures need them), reported, and placed like the others.
    expect(x.certificates.find((c) => c.expired)?.level).toBe('AC de 1º nível');
    expect(codes(x)).toEqual(['EXPIRED_CERTIFICATES']);
    // An archive renamed by a mirror: the expired CAs tell the variant.
    const renamed = await loadIcpBrasilBundle(zip, { fileName: 'icp-brasil.zip', time: REF });
    expect(renamed.source.variant).toBe('with-expired');
    const current = await loadIcpBrasilBundle(await icpZip(), { fileName: 'icp-brasil.zip', time: REF });
    expect(current.source.variant).toBe('current');
    // The digest file names the other variant: the digests agree, the name mismatch is reported.
    const named = await loadIcpBrasilBundle(zip, {
      fileName: 'ACcompactadox.zip',
      sha512Text: `${sha512(zip)}  ACcompactado.zip`,
      time: REF,
    });
    expect(codes(named)).toContain('DIGEST_FILE_NAME');
  });

  it('reports bad members, duplicates, read-mes and nested archives without throwing', async () => {
    const zip = await icpZip([
      { name: 'LEIAME.txt', data: 'Certificados das ACs credenciadas' },
      { name: 'AC_Quebrada.crt', data: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' },
      { name: 'copia/ICP-Brasilv5.crt', data: br.root.der },
      { name: 'antigas.zip', data: 'PK' },
      { name: 'pasta/', data: '' },
    ]);
    const loaded = await loadIcpBrasilBundle(zip, { time: REF });
    expect(loaded.certificates).toHaveLength(3);
    expect(loaded.problems.map((p) => [p.severity, p.code, p.from])).toEqual([
      ['warning', 'SKIPPED_FILE', 'antigas.zip'],
      ['warning', 'SKIPPED_FILE', 'LEIAME.txt'],
      ['error', 'BAD_CERTIFICATE', 'AC_Quebrada.crt'],
      ['warning', 'DUPLICATE_CERTIFICATE', 'copia/ICP-Brasilv5.crt'],
    ]);
  });

  it('reports a member whose CRC-32 is wrong, and refuses a hostile or broken archive', async () => {
    const zip = await buildZip([
      { name: 'ICP-Brasilv5.crt', data: br.root.pem() },
      { name: 'AC_Exemplo_v5.crt', data: br.intermediates[0]!.pem(), crc32: 1 },
    ]);
    const loaded = await loadIcpBrasilBundle(zip, { time: REF });
    expect(loaded.certificates).toHaveLength(1);
    expect(loaded.problems.map((p) => [p.code, p.from])).toEqual([['BAD_ENTRY', 'AC_Exemplo_v5.crt']]);

    const refused = async (bytes: Uint8Array) =>
      loadIcpBrasilBundle(bytes).then(
        () => 'loaded',
        (e: unknown) =>
          e instanceof TrustSourceError ? `${e.code}/${(e.cause as { code?: string }).code}` : e,
      );
    expect(await refused(utf8('<html>404 Not Found</html>'))).toBe('BAD_ARCHIVE/NOT_A_ZIP');
    expect(await refused(await buildZip([{ name: '../../etc/cron.d/x.crt', data: 'x' }]))).toBe(
      'BAD_ARCHIVE/UNSAFE_NAME',
    );
    expect(
      await refused(await buildZip([{ name: 'ICP-Brasilv5.crt', data: 'x', localName: 'ICP-Brasilv6.crt' }])),
    ).toBe('BAD_ARCHIVE/LOCAL_HEADER_MISMATCH');
    expect(await refused(await buildZip([{ name: 'bomb.crt', data: new Uint8Array(8 * 1024 * 1024) }]))).toBe(
      'BAD_ARCHIVE/ENTRY_TOO_LARGE',
    );
    const many = await buildZip(Array.from({ length: 20 }, (_, i) => ({ name: `c${i}.crt`, data: 'x' })));
    await expect(loadIcpBrasilBundle(many, { zipLimits: { maxEntries: 10 } })).rejects.toMatchObject({
      code: 'BAD_ARCHIVE',
    });
  });
});

describe('loadSatBundle', () => {
  it('loads DER and PEM members in folders, with the SAT level names', async () => {
    const mx = await createTestPki({
      name: 'SAT Sources',
      country: 'MX',
      referenceDate: REF,
      root: { subject: { C: 'MX', O: 'BANCO DE MEXICO', CN: 'AGENCIA REGISTRADORA CENTRAL' } },
      intermediates: [{ subject: { C: 'MX', O: 'SERVICIO DE ADMINISTRACION TRIBUTARIA', CN: 'AC DEL SAT' } }],
    });
    const zip = await buildZip([
      { name: 'Cert_Prod/', data: '' },
      { name: 'Cert_Prod/ARC5.cer', data: mx.root.der },
      { name: 'Cert_Prod/AC7_SAT.crt', data: mx.intermediates[0]!.pem() },
    ]);
    const loaded = await loadSatBundle(zip, { time: REF });
    expect(loaded.source).toMatchObject({
      kind: 'sat-bundle',
      jurisdiction: 'MX',
      name: 'SAT (e.firma / CSD)',
    });
    expect(loaded.source.variant).toBeUndefined();
    expect(loaded.certificates.map((c) => [c.from, c.level])).toEqual([
      ['Cert_Prod/ARC5.cer', 'Agencia Registradora Central (Banco de México)'],
      ['Cert_Prod/AC7_SAT.crt', 'AC del SAT'],
    ]);
    expect(loaded.trustAnchors[0]!.source).toBe('sat:Cert_Prod.zip!Cert_Prod/ARC5.cer');
    expect(loaded.problems).toEqual([]);
  });
});

describe('loadCertificates', () => {
  it('loads a single national root with its profile and provenance', async () => {
    const uy = await createTestPki({
      name: 'ACRN Sources',
      country: 'UY',
      referenceDate: REF,
      root: { subject: { C: 'UY', O: 'AGESIC', CN: 'Autoridad Certificadora Raíz Nacional de Uruguay' } },
    });
    const loaded = await loadCertificates(
      { name: 'acrn.cer', bytes: uy.root.der },
      { profile: 'uy-acrn', time: REF, location: 'https://www.agesic.gub.uy/acrn/acrn.cer' },
    );
    expect(loaded.source).toMatchObject({
      kind: 'national-root',
      jurisdiction: 'UY',
      legalLevel: 'firma electrónica avanzada (Ley 18.600)',
      location: 'https://www.agesic.gub.uy/acrn/acrn.cer',
    });
    expect(loaded.source.inputs).toEqual([
      {
        name: 'acrn.cer',
        size: uy.root.der.length,
        sha256: sha256(uy.root.der),
        sha512: sha512(uy.root.der),
      },
    ]);
    expect(loaded.certificates.map((c) => [c.role, c.level])).toEqual([['root', 'ACRN']]);
    expect(loaded.trustAnchors[0]!.source).toBe('uy-acrn:acrn.cer');
    expect(loaded.problems).toEqual([]);
    // A recognition policy's own id for the source tags the anchors instead.
    const tagged = await loadCertificates(
      { name: 'acrn.cer', bytes: uy.root.der },
      { profile: 'uy-acrn', id: 'UY-ACRN' },
    );
    expect([tagged.source.id, tagged.trustAnchors[0]!.source]).toEqual(['UY-ACRN', 'UY-ACRN:acrn.cer']);
  });

  it('reads PEM with several blocks, bare base64, DER and PKCS#7 files, and keeps each certificate once', async () => {
    const [root, ca1, ca2] = [br.root.der, br.intermediates[0]!.der, br.intermediates[1]!.der];
    const signedData = der.seq(
      der.int(1),
      der.set(),
      der.seq(der.oid('1.2.840.113549.1.7.1')),
      der.ctx(0, root, ca1, ca2),
      der.set(),
    );
    const p7b = der.seq(der.oid('1.2.840.113549.1.7.2'), der.ctx(0, signedData));
    const p7 = await loadCertificates({ name: 'cadena.p7b', bytes: p7b }, { jurisdiction: 'BR', time: REF });
    expect(p7.source.kind).toBe('pkcs7-bundle');
    expect(p7.source.id).toBe('br-pkcs7-bundle');
    expect(p7.trustAnchors.map((a) => a.source)).toEqual(['br-pkcs7-bundle:cadena.p7b']);
    expect(p7.certificates.map((c) => c.depth)).toEqual([0, 1, 2]);

    const folder = await loadCertificates(
      [
        { name: 'cadena.pem', bytes: utf8(toPem(ca2) + toPem(ca1)) },
        { name: 'raiz.b64', bytes: utf8(btoa(String.fromCharCode(...root))) },
        { name: 'otra/raiz.der', bytes: root },
        { name: 'cadena.p7b', bytes: p7b },
      ],
      { time: REF },
    );
    expect(folder.source.kind).toBe('certificate-folder');
    expect(folder.source.jurisdiction).toBe('ZZ');
    expect(folder.source.inputs.map((i) => i.name)).toEqual([
      'cadena.pem',
      'raiz.b64',
      'otra/raiz.der',
      'cadena.p7b',
    ]);
    expect(folder.certificates.map((c) => [c.from, c.role, c.depth])).toEqual([
      ['cadena.pem', 'intermediate', 2],
      ['cadena.pem', 'intermediate', 1],
      ['raiz.b64', 'root', 0],
    ]);
    expect(codes(folder)).toEqual(Array(4).fill('DUPLICATE_CERTIFICATE'));
  });

  it('a folder of issuing CAs without their root: no anchor unless asked, and the missing issuers reported', async () => {
    const files = br.intermediates.map((ca, i) => ({ name: `ca${i}.pem`, bytes: utf8(ca.pem()) }));
    const plain = await loadCertificates(files, { profile: 'cr-raiz-nacional', time: REF });
    expect(plain.trustAnchors).toEqual([]);
    expect(plain.certificates.map((c) => [c.depth, c.level])).toEqual([
      [undefined, 'CA emisora'],
      [undefined, 'CA emisora'],
    ]);
    expect(codes(plain)).toEqual(['ISSUER_NOT_IN_SOURCE', 'ISSUER_NOT_IN_SOURCE', 'NO_TRUST_ANCHOR']);
    const all = await loadCertificates(files, { anchors: 'all', time: REF, jurisdiction: 'CR' });
    expect(all.trustAnchors).toHaveLength(2);
    expect(all.intermediates).toEqual([]);
    expect(all.certificates.every((c) => c.anchor)).toBe(true);
  });

  it('reports what is not a certificate, an end entity, and an empty source', async () => {
    const loaded = await loadCertificates(
      [
        { name: 'leeme.txt', bytes: utf8('Lista de prestadores acreditados') },
        { name: 'roto.cer', bytes: new Uint8Array([0x30, 0x82, 0x01]) },
        { name: 'firmante.pem', bytes: utf8(br.endEntity.pem()) },
        { name: 'raiz.crt', bytes: br.root.der },
      ],
      { profile: 'cl-acreditados', time: REF },
    );
    expect(loaded.problems.map((p) => [p.severity, p.code, p.from])).toEqual([
      ['warning', 'SKIPPED_FILE', 'leeme.txt'],
      ['error', 'BAD_CERTIFICATE', 'roto.cer'],
      ['warning', 'ISSUER_NOT_IN_SOURCE', 'firmante.pem'],
      ['warning', 'NOT_A_CA', 'firmante.pem'],
    ]);
    const empty = await loadCertificates([], { jurisdiction: 'GT' });
    expect(codes(empty)).toEqual(['NO_CERTIFICATES']);
    expect(empty.trustAnchors).toEqual([]);
  });

  it('judges expiry at the given time', async () => {
    const later = await loadCertificates(
      { name: 'raiz.crt', bytes: br.root.der },
      { time: new Date('2090-01-01') },
    );
    expect(later.certificates[0]!.expired).toBe(true);
    expect(codes(later)).toEqual(['EXPIRED_CERTIFICATES']);
    expect(later.source.readAt.toISOString()).toBe('2090-01-01T00:00:00.000Z');
  });
});

describe('parseSha512File', () => {
  it('reads sha512sum and BSD lines, and ignores the rest', () => {
    const d = 'ab'.repeat(64);
    expect(
      parseSha512File(
        `# ITI\n${d.toUpperCase()}  ACcompactado.zip\nSHA512 (ACcompactadox.zip) = ${d}\n${d}\nshort 1234\n`,
      ),
    ).toEqual([
      { sha512: d, fileName: 'ACcompactado.zip' },
      { sha512: d, fileName: 'ACcompactadox.zip' },
      { sha512: d },
    ]);
  });
});
