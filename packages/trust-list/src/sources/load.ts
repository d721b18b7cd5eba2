import {
  type Certificate,
  type CryptoEngine,
  MutuaError,
  type TrustAnchor,
  certificatesFromPkcs7,
  createWebCryptoEngine,
  decodeInputBlobs,
  parseCertificate,
  parseDer,
  trustAnchorFromCertificate,
} from '@mutua/core';
import type {
  LoadedTrustSource,
  NamedBytes,
  TrustSource,
  TrustSourceCertificate,
  TrustSourceInput,
  TrustSourceKind,
  TrustSourceProblem,
} from './model';
import { TRUST_SOURCE_PROFILES, type TrustSourceProfile, type TrustSourceProfileName } from './profiles';

/**
 * Options shared by the trust-source loaders.
 *
 * @example
 * ```ts
 * import type { TrustSourceOptions } from '@mutua/trust-list';
 * const options: TrustSourceOptions = { profile: 'cl-acreditados', location: 'https://www.entidadacreditadora.gob.cl/certificados-raiz/' };
 * options.profile; // 'cl-acreditados'
 * ```
 */
export interface TrustSourceOptions {
  /**
   * The id that tags the trust anchors: each anchor's `source` is `<id>:<file>` (or
   * `<id>:<archive>!<member>`), as a recognition policy names the sources it accepts. Default: the
   * profile's key (`icp-brasil`, `sat`, `uy-acrn`…), else `<jurisdiction>-<kind>` in lower case.
   */
  readonly id?: string;
  /** A known profile (a key of `TRUST_SOURCE_PROFILES`) or one of your own: names and level labels. */
  readonly profile?: TrustSourceProfileName | TrustSourceProfile;
  /** The kind of source (default: the profile's, else `pkcs7-bundle` for one `.p7b`/`.p7c`, else `certificate-folder`). */
  readonly kind?: TrustSourceKind;
  /** ISO 3166-1 alpha-2 code of the jurisdiction (default: the profile's, else `ZZ`). */
  readonly jurisdiction?: string;
  /** The source's name (default: the profile's, else the first input's name). */
  readonly name?: string;
  /** The legal level label (default: the profile's, else `unspecified`). */
  readonly legalLevel?: string;
  /** Where the source was published (URL or folder), for the report. */
  readonly location?: string;
  /**
   * Which certificates become trust anchors: `roots` (default), the self-issued ones, so that the
   * other CAs are checked under them (validity, revocation, constraints); or `all`, when every CA of the
   * source is to be trusted directly (a folder of issuing CAs whose roots are not published).
   */
  readonly anchors?: 'roots' | 'all';
  /** When the source is read, and the time at which certificates are judged expired (default: now). */
  readonly time?: Date;
  /** The engine computing the inputs' digests (default: WebCrypto). */
  readonly crypto?: CryptoEngine;
}

/** Extensions of files that are meant to hold certificates (a parse failure is then an error). */
const CERTIFICATE_FILE = /\.(crt|cer|cert|pem|der|p7b|p7c|p7|arm|ca)$/i;

const hex = (b: Uint8Array): string => {
  let s = '';
  for (const x of b) s += (x < 16 ? '0' : '') + x.toString(16);
  return s;
};

/** @internal Resolves a profile option. */
export function resolveProfile(p: TrustSourceOptions['profile']): TrustSourceProfile | undefined {
  return typeof p === 'string' ? TRUST_SOURCE_PROFILES[p] : p;
}

/** @internal Digests of one input. */
export async function describeInput(
  name: string,
  bytes: Uint8Array,
  crypto: CryptoEngine,
): Promise<TrustSourceInput> {
  const [sha256, sha512] = await Promise.all([
    crypto.digest('SHA-256', bytes),
    crypto.digest('SHA-512', bytes),
  ]);
  return { name, size: bytes.length, sha256: hex(sha256), sha512: hex(sha512) };
}

/** @internal The engine of a load. */
export const engineOf = (options: TrustSourceOptions): CryptoEngine =>
  options.crypto ?? createWebCryptoEngine();

/** Extensions of files that never hold certificates (read-mes, digest files, pages): left out unread. */
const OTHER_FILE = /\.(txt|md|html?|json|xml|pdf|csv|sha\d*|md5|asc|sig|crl)$/i;

/** Reads every certificate of one file; what cannot be read is a problem. */
function certificatesOf(item: NamedBytes, problems: TrustSourceProblem[]): Certificate[] {
  if (OTHER_FILE.test(item.name)) {
    problems.push({
      severity: 'warning',
      code: 'SKIPPED_FILE',
      message: 'left out: not a certificate file',
      from: item.name,
    });
    return [];
  }
  const meant = CERTIFICATE_FILE.test(item.name);
  const fail = (why: string) =>
    problems.push(
      meant
        ? {
            severity: 'error',
            code: 'BAD_CERTIFICATE',
            message: `not a certificate: ${why}`,
            from: item.name,
          }
        : {
            severity: 'warning',
            code: 'SKIPPED_FILE',
            message: `left out: not a certificate (${why})`,
            from: item.name,
          },
    );
  let blobs: Uint8Array[];
  try {
    blobs = decodeInputBlobs(item.bytes);
  } catch (e) {
    fail((e as Error).message);
    return [];
  }
  const out: Certificate[] = [];
  blobs.forEach((der, i) => {
    const where = blobs.length > 1 ? `block ${i + 1}: ` : '';
    try {
      const fromP7 = certificatesFromPkcs7(parseDer(der));
      if (fromP7) out.push(...fromP7);
      else out.push(parseCertificate(der));
    } catch (e) {
      if (!(e instanceof MutuaError) && !(e instanceof Error)) throw e;
      fail(`${where}${(e as Error).message}`);
    }
  });
  return out;
}

/** The parts of a source's description that the caller decides. */
export interface SourceBase {
  readonly kind: TrustSourceKind;
  readonly inputs: readonly TrustSourceInput[];
  readonly variant?: 'current' | 'with-expired';
  readonly publishedSha512?: string;
  /** The label of the container the items came from (`ACcompactado.zip`), for the anchors' `source`. */
  readonly container?: string;
}

/** @internal Builds a loaded source from named certificate files (archive members or files). */
export async function assemble(
  items: readonly NamedBytes[],
  base: SourceBase,
  options: TrustSourceOptions,
  problems: TrustSourceProblem[],
  decideVariant?: (expired: number) => 'current' | 'with-expired' | undefined,
): Promise<LoadedTrustSource> {
  const profile = resolveProfile(options.profile);
  const time = options.time ?? new Date();
  const crypto = engineOf(options);
  const jurisdiction = options.jurisdiction ?? profile?.jurisdiction ?? 'ZZ';
  const name = options.name ?? profile?.name ?? base.container ?? items[0]?.name ?? 'trust source';
  const kind = options.kind ?? base.kind;
  const id =
    options.id ??
    (typeof options.profile === 'string' ? options.profile : `${jurisdiction.toLowerCase()}-${kind}`);

  // Read, then keep each distinct certificate once (by the SHA-256 of its DER).
  const found: { certificate: Certificate; from: string; sha256: string }[] = [];
  const seen = new Map<string, string>();
  for (const item of items) {
    for (const certificate of certificatesOf(item, problems)) {
      const sha256 = hex(await crypto.digest('SHA-256', certificate.der));
      const first = seen.get(sha256);
      if (first !== undefined) {
        problems.push({
          severity: 'warning',
          code: 'DUPLICATE_CERTIFICATE',
          message: `${certificate.subject.text} is also in ${first}: kept once`,
          from: item.name,
        });
        continue;
      }
      seen.set(sha256, item.name);
      found.push({ certificate, from: item.name, sha256 });
    }
  }

  // Place each certificate under a root of the source, by names and key identifiers.
  const bySubject = new Map<string, Certificate[]>();
  for (const { certificate: c } of found) {
    const list = bySubject.get(c.subject.key);
    if (list) list.push(c);
    else bySubject.set(c.subject.key, [c]);
  }
  const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
    !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]);
  const issuerOf = (c: Certificate): Certificate | undefined => {
    const aki = c.ext.authorityKeyIdentifier?.keyIdentifier;
    const candidates = (bySubject.get(c.issuer.key) ?? []).filter((i) => i !== c);
    return (
      candidates.find((i) => aki && sameBytes(aki, i.ext.subjectKeyIdentifier)) ??
      candidates.find((i) => !aki || !i.ext.subjectKeyIdentifier)
    );
  };
  const depths = new Map<Certificate, number | undefined>();
  const depthOf = (c: Certificate, guard = 0): number | undefined => {
    if (depths.has(c)) return depths.get(c);
    if (c.selfIssued) return 0;
    const issuer = guard < 16 ? issuerOf(c) : undefined;
    depths.set(c, undefined); // a cycle resolves to "unplaced"
    const d = issuer ? depthOf(issuer, guard + 1) : undefined;
    const depth = d === undefined ? undefined : d + 1;
    depths.set(c, depth);
    return depth;
  };

  const sourceLabel = (from: string) => `${id}:${base.container ? `${base.container}!${from}` : from}`;
  const certificates: TrustSourceCertificate[] = [];
  const trustAnchors: TrustAnchor[] = [];
  const intermediates: Certificate[] = [];
  let expired = 0;
  for (const { certificate: c, from, sha256 } of found) {
    const depth = depthOf(c);
    const role = c.selfIssued ? 'root' : 'intermediate';
    const anchor = options.anchors === 'all' || role === 'root';
    const levels = profile?.levels ?? ['root', 'CA'];
    const level =
      depth === undefined ? (profile?.unplaced ?? 'CA') : levels[Math.min(depth, levels.length - 1)]!;
    const isExpired = c.notAfter.getTime() < time.getTime();
    if (isExpired) expired++;
    certificates.push({
      certificate: c,
      from,
      sha256,
      role,
      ...(depth === undefined ? {} : { depth }),
      level,
      anchor,
      expired: isExpired,
    });
    if (anchor) trustAnchors.push(trustAnchorFromCertificate(c, sourceLabel(from)));
    else intermediates.push(c);
    if (depth === undefined)
      problems.push({
        severity: 'warning',
        code: 'ISSUER_NOT_IN_SOURCE',
        message: `the issuer of ${c.subject.text} (${c.issuer.text}) is not in the source`,
        from,
      });
    if (!c.ext.basicConstraints?.cA && !(c.selfIssued && c.extensions.length === 0))
      problems.push({
        severity: 'warning',
        code: 'NOT_A_CA',
        message: `${c.subject.text} is not a CA certificate (no basicConstraints cA)`,
        from,
      });
  }
  if (found.length === 0)
    problems.push({ severity: 'error', code: 'NO_CERTIFICATES', message: 'the source holds no certificate' });
  else if (trustAnchors.length === 0)
    problems.push({
      severity: 'warning',
      code: 'NO_TRUST_ANCHOR',
      message:
        'no certificate of the source is self-issued: no trust anchor (load with anchors: "all" to trust its CAs directly)',
    });
  if (expired > 0)
    problems.push({
      severity: 'warning',
      code: 'EXPIRED_CERTIFICATES',
      message: `${expired} of ${found.length} certificates had expired on ${time.toISOString()} (kept: old signatures need them)`,
    });

  const variant = base.variant ?? decideVariant?.(expired);
  const source: TrustSource = {
    id,
    kind,
    jurisdiction,
    name,
    legalLevel: options.legalLevel ?? profile?.legalLevel ?? 'unspecified',
    ...(options.location !== undefined
      ? { location: options.location }
      : profile?.url !== undefined && kind === profile.kind
        ? { location: profile.url }
        : {}),
    inputs: base.inputs,
    readAt: time,
    ...(variant !== undefined ? { variant } : {}),
    ...(base.publishedSha512 !== undefined ? { publishedSha512: base.publishedSha512 } : {}),
  };
  return { source, trustAnchors, intermediates, certificates, problems };
}

/**
 * Loads trust anchors from certificate files: PEM (one or many blocks, whatever the extension), DER,
 * bare base64, or PKCS#7 "certs-only" bundles (`.p7b`). For a single national root (pass its profile,
 * e.g. `uy-acrn`), a PKCS#7 bundle, or a folder of certificates such as Chile's accredited providers —
 * the caller reads the folder (this package never touches a file system: it runs in browsers too) and
 * passes its files. Self-issued certificates become trust anchors, the others intermediates; each gets
 * its level in the jurisdiction's words. A file that is not a certificate is reported, never thrown.
 *
 * @param files - one file or a folder's files, each with its name.
 * @param options - profile, jurisdiction, kind, anchors policy, time; see {@link TrustSourceOptions}.
 * @example
 * ```ts
 * import { loadCertificates } from '@mutua/trust-list';
 * import { der } from '@mutua/core';
 * // A folder: a PEM root, a DER CA, a read-me; and the same two as a PKCS#7 bundle.
 * const folder = await loadCertificates(
 *   [
 *     { name: 'raiz.pem', bytes: new TextEncoder().encode(pki.root.pem()) },
 *     { name: 'emisora.cer', bytes: caDer },
 *     { name: 'LEEME.txt', bytes: new TextEncoder().encode('Certificados raíz') },
 *   ],
 *   { profile: 'cl-acreditados' },
 * );
 * folder.source.kind; // 'certificate-folder'
 * folder.certificates.map((c) => c.level); // ['prestador acreditado (raíz)', 'prestador acreditado']
 * folder.trustAnchors[0]?.source; // 'cl-acreditados:raiz.pem'
 * folder.problems.map((p) => p.code); // ['SKIPPED_FILE']
 * const signedData = der.seq(der.int(1), der.set(), der.seq(der.oid('1.2.840.113549.1.7.1')), der.ctx(0, rootDer, caDer), der.set());
 * const p7b = der.seq(der.oid('1.2.840.113549.1.7.2'), der.ctx(0, signedData));
 * const bundle = await loadCertificates({ name: 'cadena.p7b', bytes: p7b }, { jurisdiction: 'PY' });
 * [bundle.source.kind, bundle.trustAnchors.length, bundle.intermediates.length]; // ['pkcs7-bundle', 1, 1]
 * ```
 */
export async function loadCertificates(
  files: NamedBytes | readonly NamedBytes[],
  options: TrustSourceOptions = {},
): Promise<LoadedTrustSource> {
  const list: readonly NamedBytes[] = Array.isArray(files) ? files : [files as NamedBytes];
  const crypto = engineOf(options);
  const inputs = await Promise.all(list.map((f) => describeInput(f.name, f.bytes, crypto)));
  const profile = resolveProfile(options.profile);
  const kind =
    profile?.kind ??
    (list.length === 1 && /\.p7[bc]?$/i.test(list[0]!.name) ? 'pkcs7-bundle' : 'certificate-folder');
  return assemble(list, { kind, inputs }, options, []);
}
