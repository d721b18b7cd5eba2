/**
 * The real Latin American trust sources of the LAC corpus, read in place from ../shared/corpus/lac
 * (never copied into the repository). The corpus holds ITI's ACcompactado.zip unpacked (snapshot
 * 2026-06-25, 173 PEM members) with its hashsha512.txt, the SAT's ARC and AC certificates, the national
 * roots of Uruguay, Argentina, Panama and Costa Rica, and Chile's accredited providers. Each loads with
 * its inputs' SHA-256 equal to the manifest's, every certificate placed in its hierarchy, and no error.
 * The ICP-Brasil members are zipped again in memory: that archive loads, and is refused against ITI's
 * published SHA-512 (which is for ITI's own archive), as a tampered bundle would be.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeCryptoEngine } from '@mutua/core/node';
import { buildZip } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import {
  type LoadedTrustSource,
  type NamedBytes,
  type BundleOptions,
  TrustSourceError,
  loadCertificates,
  loadIcpBrasilBundle,
  loadSatBundle,
  parseSha512File,
} from '../src/index';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/lac/', import.meta.url));
const present = existsSync(join(CORPUS, 'manifest.json'));
if (!present)
  console.warn(
    `LAC trust-source corpus tests skipped: ${CORPUS} is absent (the corpus lives in ../shared/corpus)`,
  );

interface ManifestFile {
  readonly path: string;
  readonly kind: string;
  readonly sha256: string;
  readonly certSha256?: string;
}
const manifest = (): ManifestFile[] =>
  (JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as { files: ManifestFile[] }).files;

/** The certificate files of a corpus folder, as the manifest lists them. */
function folder(dir: string): { files: NamedBytes[]; entries: ManifestFile[] } {
  const entries = manifest().filter(
    (f) => f.path.startsWith(`${dir}/`) && (f.kind === 'ca-cert' || f.kind === 'root-ca-cert'),
  );
  const files = entries.map((f) => ({
    name: f.path.slice(dir.length + 1),
    bytes: readFileSync(join(CORPUS, f.path)),
  }));
  return { files, entries };
}

const TIME = new Date('2026-07-01T00:00:00Z');
const options = (o: BundleOptions): BundleOptions => ({
  time: TIME,
  crypto: nodeCryptoEngine,
  ...o,
});
const errors = (l: LoadedTrustSource) => l.problems.filter((p) => p.severity === 'error');
const levels = (l: LoadedTrustSource) => {
  const out: Record<string, number> = {};
  for (const c of l.certificates) out[c.level] = (out[c.level] ?? 0) + 1;
  return out;
};

/** The inputs' digests are the manifest's, and each certificate's DER digest is too where it names one. */
function expectProvenance(l: LoadedTrustSource, entries: readonly ManifestFile[], dir: string): void {
  expect(l.source.inputs.map((i) => [`${dir}/${i.name}`, i.sha256])).toEqual(
    entries.map((e) => [e.path, e.sha256]),
  );
  const byFile = new Map(entries.map((e) => [e.path.slice(dir.length + 1), e.certSha256]));
  for (const c of l.certificates) {
    const expected = byFile.get(c.from);
    if (expected) expect(c.sha256, c.from).toBe(expected);
  }
}

const summary: string[] = [];

describe.skipIf(!present)('LAC trust sources (corpus)', () => {
  it('ICP-Brasil: the 173 members of ACcompactado.zip (2026-06-25) under 6 roots', async () => {
    const dir = 'br/ac-compactado-20260625';
    const { files, entries } = folder(dir);
    expect(files).toHaveLength(173);
    const loaded = await loadCertificates(
      files,
      options({ profile: 'icp-brasil', kind: 'certificate-folder' }),
    );
    expectProvenance(loaded, entries, dir);
    expect(loaded.certificates).toHaveLength(173);
    expect(errors(loaded)).toEqual([]);
    expect(loaded.problems).toEqual([]); // every AC's issuer is in the bundle, none expired, no duplicate
    expect(
      loaded.trustAnchors.map((a) => a.name.text.replace(/.*Raiz Brasileira (v\d+).*/, '$1')).sort(),
    ).toEqual(['v10', 'v11', 'v12', 'v5', 'v6', 'v7']);
    expect(levels(loaded)).toEqual({ 'AC Raiz': 6, 'AC de 1º nível': 34, 'AC de 2º nível': 133 });
    summary.push(
      `BR folder: ${loaded.certificates.length} certificates, ${loaded.trustAnchors.length} anchors`,
    );
  });

  it('ICP-Brasil: the members zipped again load as a bundle, and ITI’s hashsha512.txt refuses that archive', async () => {
    const dir = 'br/ac-compactado-20260625';
    const { files } = folder(dir);
    const sha512Text = readFileSync(join(CORPUS, dir, 'hashsha512.txt'), 'utf8');
    const [published] = parseSha512File(sha512Text);
    expect(published?.fileName).toBe('ACcompactado.zip');
    expect(published?.sha512).toMatch(/^a717c56e5bed9998/);
    const zip = await buildZip(files.map((f) => ({ name: f.name, data: f.bytes })));
    const loaded = await loadIcpBrasilBundle(zip, options({}));
    expect(loaded.source.variant).toBe('current');
    expect(loaded.certificates).toHaveLength(173);
    expect(loaded.trustAnchors).toHaveLength(6);
    expect(loaded.problems).toEqual([]);
    expect(loaded.trustAnchors.every((a) => a.source?.startsWith('icp-brasil:ACcompactado.zip!'))).toBe(true);
    const refused = await loadIcpBrasilBundle(zip, options({ sha512Text })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TrustSourceError);
    expect((refused as TrustSourceError).code).toBe('DIGEST_MISMATCH');
    expect((refused as TrustSourceError).message).toContain(published!.sha512);
    summary.push(
      `BR bundle (re-zipped, ${zip.length} bytes): 173 certificates; refused against ITI's SHA-512`,
    );
  });

  it('ICP-Brasil roots v1–v13, with the Ed448, Ed521 and explicit-brainpool ones, all read as roots', async () => {
    const dir = 'br/roots';
    const { files, entries } = folder(dir);
    const loaded = await loadCertificates(
      files,
      options({ profile: 'icp-brasil', kind: 'certificate-folder' }),
    );
    expectProvenance(loaded, entries, dir);
    expect(errors(loaded)).toEqual([]);
    expect(loaded.certificates).toHaveLength(files.length);
    expect(loaded.certificates.every((c) => c.role === 'root' && c.level === 'AC Raiz')).toBe(true);
    const expired = loaded.certificates.filter((c) => c.expired).length;
    expect(expired).toBeGreaterThan(0); // v1, v2 and the first root: kept for old signatures
    summary.push(`BR roots: ${loaded.certificates.length} roots, ${expired} expired`);
  });

  it('SAT: the ARC roots and the AC del SAT, zipped as Cert_Prod.zip', async () => {
    const dir = 'mx/trust-anchors-attestto';
    const { files } = folder(dir);
    const zip = await buildZip(files.map((f) => ({ name: `Cert_Prod/${f.name}`, data: f.bytes })));
    const loaded = await loadSatBundle(zip, options({}));
    expect(errors(loaded)).toEqual([]);
    expect(levels(loaded)).toEqual({ 'Agencia Registradora Central (Banco de México)': 2, 'AC del SAT': 3 });
    expect(loaded.problems).toEqual([]);
    summary.push(`MX: ${loaded.certificates.length} certificates, ${loaded.trustAnchors.length} ARC anchors`);
  });

  it.each([
    ['uy/trust-anchors-attestto', 'uy-acrn', 1, 1],
    ['ar/certs', 'ar-ac-raiz', 2, 1],
    ['pa/trust-anchors-attestto', 'pa-firma-electronica', 3, 1],
    ['cr/certs', 'cr-raiz-nacional', 13, 3],
    ['cl/trust-anchors-attestto', 'cl-acreditados', 51, 17],
  ] as const)('%s (%s): %i certificates, %i anchors', async (dir, profile, count, anchors) => {
    const { files, entries } = folder(dir);
    const loaded = await loadCertificates(files, options({ profile }));
    expectProvenance(loaded, entries, dir);
    expect(errors(loaded)).toEqual([]);
    expect(loaded.certificates).toHaveLength(count);
    expect(loaded.trustAnchors).toHaveLength(anchors);
    const warnings = loaded.problems.map((p) => p.code);
    summary.push(`${dir}: ${count} certificates, ${anchors} anchors, warnings ${JSON.stringify(warnings)}`);
  });

  it('prints the summary', () => {
    console.info(`LAC trust sources:\n  ${summary.join('\n  ')}`);
  });
});
