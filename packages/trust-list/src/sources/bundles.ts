import { ZipError, type ZipLimits, readZip } from '@mutua/core';
import { TrustSourceError } from './errors';
import { type TrustSourceOptions, assemble, describeInput, engineOf } from './load';
import type { LoadedTrustSource, NamedBytes, TrustSourceKind, TrustSourceProblem } from './model';

/**
 * Options of the ZIP bundle loaders ({@link loadIcpBrasilBundle}, {@link loadSatBundle}).
 *
 * @example
 * ```ts
 * import type { BundleOptions } from '@mutua/trust-list';
 * const options: BundleOptions = { fileName: 'ACcompactadox.zip', sha512Text: 'a717…  ACcompactadox.zip' };
 * options.fileName; // 'ACcompactadox.zip'
 * ```
 */
export interface BundleOptions extends TrustSourceOptions {
  /** The archive's file name (default: the publisher's, e.g. `ACcompactado.zip`): reported, and it tells the variant. */
  readonly fileName?: string;
  /**
   * The text of the SHA-512 file published next to the archive (ITI's `hashsha512.txt`, in `sha512sum`
   * format). When given, an archive whose SHA-512 differs is refused.
   */
  readonly sha512Text?: string;
  /** Limits of the ZIP reader (default {@link BUNDLE_ZIP_LIMITS}). */
  readonly zipLimits?: Partial<ZipLimits>;
}

/**
 * The ZIP limits of the bundle loaders: 5 000 entries, 4 MiB per entry, 64 MiB in all, ratio 100.
 * ICP-Brasil's bundle holds about 180 certificates of 2 to 3 KiB each.
 *
 * @example
 * ```ts
 * import { BUNDLE_ZIP_LIMITS } from '@mutua/trust-list';
 * BUNDLE_ZIP_LIMITS.maxEntrySize; // 4194304
 * ```
 */
export const BUNDLE_ZIP_LIMITS: ZipLimits = Object.freeze({
  maxEntries: 5000,
  maxEntrySize: 4 * 1024 * 1024,
  maxTotalSize: 64 * 1024 * 1024,
  maxCompressionRatio: 100,
});

/**
 * One line of a SHA-512 file: the digest (lower-case hex) and the file name it is for, if written.
 *
 * @example
 * ```ts
 * import type { Sha512Line } from '@mutua/trust-list';
 * const line: Sha512Line = { sha512: 'a7'.repeat(64), fileName: 'ACcompactado.zip' };
 * line.fileName; // 'ACcompactado.zip'
 * ```
 */
export interface Sha512Line {
  /** The digest, lower-case hex (128 characters). */
  readonly sha512: string;
  /** The file name after the digest (`sha512sum` writes one; a leading `*` is removed). */
  readonly fileName?: string;
}

/**
 * Reads a SHA-512 digest file as `sha512sum` writes it (ITI's `hashsha512.txt`): one `digest  name`
 * per line, or a bare digest. Lines without a 128-hex-digit digest are ignored.
 *
 * @example
 * ```ts
 * import { parseSha512File } from '@mutua/trust-list';
 * const [line] = parseSha512File(`${'A7'.repeat(64)}  ACcompactado.zip\r\n`);
 * line?.sha512.startsWith('a7a7'); // true
 * line?.fileName; // 'ACcompactado.zip'
 * parseSha512File('not a digest'); // []
 * ```
 */
export function parseSha512File(text: string): Sha512Line[] {
  const out: Sha512Line[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:SHA512\s*\(([^)]*)\)\s*=\s*)?([0-9A-Fa-f]{128})(?:\s+\*?(.+?))?\s*$/.exec(line);
    if (!m) continue;
    const fileName = m[1] ?? m[3];
    out.push({ sha512: m[2]!.toLowerCase(), ...(fileName ? { fileName } : {}) });
  }
  return out;
}

const baseName = (n: string) => n.slice(n.lastIndexOf('/') + 1);

/** Reads a bundle archive's members and assembles the source. */
async function loadBundle(
  zipBytes: Uint8Array,
  kind: TrustSourceKind,
  defaultFileName: string,
  options: BundleOptions,
  variantOf?: (fileName: string, expired: number) => 'current' | 'with-expired',
): Promise<LoadedTrustSource> {
  const crypto = engineOf(options);
  const fileName = options.fileName ?? defaultFileName;
  const input = await describeInput(fileName, zipBytes, crypto);
  const problems: TrustSourceProblem[] = [];
  let publishedSha512: string | undefined;
  if (options.sha512Text !== undefined) {
    const lines = parseSha512File(options.sha512Text);
    if (lines.length === 0)
      throw new TrustSourceError('BAD_DIGEST_FILE', 'the SHA-512 file holds no SHA-512 digest');
    // The line for this file if the digest file names it, else the only line.
    const line =
      lines.find((l) => l.fileName !== undefined && baseName(l.fileName) === baseName(fileName)) ?? lines[0]!;
    publishedSha512 = line.sha512;
    if (line.sha512 !== input.sha512)
      throw new TrustSourceError(
        'DIGEST_MISMATCH',
        `the SHA-512 of ${fileName} is ${input.sha512}, the publisher announced ${line.sha512}: the bundle is refused`,
      );
    if (line.fileName !== undefined && baseName(line.fileName) !== baseName(fileName))
      problems.push({
        severity: 'warning',
        code: 'DIGEST_FILE_NAME',
        message: `the SHA-512 file is for ${line.fileName}, the bundle was loaded as ${fileName} (the digests agree)`,
        from: fileName,
      });
  }

  let zip: ReturnType<typeof readZip>;
  try {
    zip = readZip(zipBytes, { ...BUNDLE_ZIP_LIMITS, ...options.zipLimits });
  } catch (e) {
    if (e instanceof ZipError)
      throw new TrustSourceError('BAD_ARCHIVE', `${fileName} is refused: ${e.message}`, { cause: e });
    throw e;
  }
  for (const name of zip.duplicateNames)
    problems.push({
      severity: 'warning',
      code: 'BAD_ENTRY',
      message: `several members are called ${name}: each is read`,
      from: name,
    });
  const members: NamedBytes[] = [];
  for (const entry of zip.entries) {
    if (entry.isDirectory) continue;
    if (/\.(zip|rar|7z|jar)$/i.test(entry.name)) {
      problems.push({
        severity: 'warning',
        code: 'SKIPPED_FILE',
        message: 'left out: nested archives are not opened',
        from: entry.name,
      });
      continue;
    }
    try {
      members.push({ name: entry.name, bytes: await entry.bytes() });
    } catch (e) {
      if (!(e instanceof ZipError)) throw e;
      problems.push({ severity: 'error', code: 'BAD_ENTRY', message: e.message, from: entry.name });
    }
  }
  return assemble(
    members,
    { kind, inputs: [input], container: fileName, ...(publishedSha512 ? { publishedSha512 } : {}) },
    options,
    problems,
    variantOf ? (expired) => variantOf(fileName, expired) : undefined,
  );
}

const ICP_BRASIL_WITH_EXPIRED_URL =
  'http://acraiz.icpbrasil.gov.br/credenciadas/CertificadosAC-ICP-Brasil/ACcompactadox.zip';

/**
 * Loads ICP-Brasil's CA bundle: ITI's `ACcompactado.zip` (the current CAs) or `ACcompactadox.zip`
 * (with the expired CAs, needed to validate old signatures), members in PEM despite their `.crt`
 * names. With `sha512Text` (the `hashsha512.txt` published next to it) the archive's SHA-512 is checked
 * first and a mismatch refuses the bundle. The roots (`Autoridade Certificadora Raiz Brasileira vN`)
 * become trust anchors and the ACs intermediates, each labelled `AC Raiz`, `AC de 1º nível` or
 * `AC de 2º nível`. `source.variant` says `with-expired` for the `x` archive (by its name, or, for an
 * archive of another name, when it holds expired CAs), else `current`.
 *
 * @param zipBytes - the archive.
 * @param options - the SHA-512 file, the file name, limits; see {@link BundleOptions}.
 * @throws {@link TrustSourceError} `DIGEST_MISMATCH`, `BAD_DIGEST_FILE` or `BAD_ARCHIVE`.
 * @example
 * ```ts
 * import { loadIcpBrasilBundle } from '@mutua/trust-list';
 * import { buildZip } from '@mutua/testkit';
 * const zip = await buildZip([
 *   { name: 'ICP-Brasilv5.crt', data: pki.root.pem() },
 *   { name: 'AC_Exemplo_v5.crt', data: ca.pem() },
 * ]);
 * const first = await loadIcpBrasilBundle(zip); // no hashsha512.txt at hand: nothing to check
 * const sha512 = first.source.inputs[0]!.sha512; // what hashsha512.txt would announce
 * const br = await loadIcpBrasilBundle(zip, { sha512Text: `${sha512}  ACcompactado.zip\n` });
 * [br.source.kind, br.source.jurisdiction, br.source.variant]; // ['icp-brasil-bundle', 'BR', 'current']
 * br.certificates.map((c) => c.level); // ['AC Raiz', 'AC de 1º nível']
 * br.trustAnchors[0]?.source; // 'icp-brasil:ACcompactado.zip!ICP-Brasilv5.crt'
 * br.source.publishedSha512 === sha512; // true
 * const refused = await loadIcpBrasilBundle(zip, { sha512Text: `${'0'.repeat(128)}  ACcompactado.zip` }).catch((e: { code: string }) => e.code);
 * refused; // 'DIGEST_MISMATCH'
 * ```
 */
export async function loadIcpBrasilBundle(
  zipBytes: Uint8Array,
  options: BundleOptions = {},
): Promise<LoadedTrustSource> {
  const withExpired = /compactadox\.zip$/i.test(options.fileName ?? '');
  return loadBundle(
    zipBytes,
    'icp-brasil-bundle',
    'ACcompactado.zip',
    { profile: 'icp-brasil', ...(withExpired ? { location: ICP_BRASIL_WITH_EXPIRED_URL } : {}), ...options },
    (fileName, expired) =>
      /compactadox\.zip$/i.test(fileName)
        ? 'with-expired'
        : /compactado\.zip$/i.test(fileName)
          ? 'current'
          : expired > 0
            ? 'with-expired'
            : 'current',
  );
}

/**
 * Loads Mexico's SAT certificate bundle (`Cert_Prod.zip`): Banco de México's Agencia Registradora
 * Central roots (ARC) and the AC del SAT that issue e.firma and CSD certificates. Members may be PEM
 * or DER whatever their extension; what is not a certificate is reported. `sha512Text` is checked as
 * for {@link loadIcpBrasilBundle} when given (SAT publishes none today).
 *
 * @param zipBytes - the archive.
 * @param options - see {@link BundleOptions}.
 * @throws {@link TrustSourceError} `DIGEST_MISMATCH`, `BAD_DIGEST_FILE` or `BAD_ARCHIVE`.
 * @example
 * ```ts
 * import { loadSatBundle } from '@mutua/trust-list';
 * import { buildZip } from '@mutua/testkit';
 * const zip = await buildZip([
 *   { name: 'Cert_Prod/ARC5.cer', data: rootDer },
 *   { name: 'Cert_Prod/AC6_SAT.cer', data: caDer },
 * ]);
 * const mx = await loadSatBundle(zip);
 * [mx.source.kind, mx.source.jurisdiction, mx.source.inputs[0]?.name]; // ['sat-bundle', 'MX', 'Cert_Prod.zip']
 * mx.certificates.map((c) => [c.from, c.level]); // [['Cert_Prod/ARC5.cer', 'Agencia Registradora Central (Banco de México)'], ['Cert_Prod/AC6_SAT.cer', 'AC del SAT']]
 * ```
 */
export async function loadSatBundle(
  zipBytes: Uint8Array,
  options: BundleOptions = {},
): Promise<LoadedTrustSource> {
  return loadBundle(zipBytes, 'sat-bundle', 'Cert_Prod.zip', { profile: 'sat', ...options });
}
