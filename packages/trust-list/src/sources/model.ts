/**
 * The trust-source model: where a set of trust anchors came from, in the terms of the jurisdiction
 * that published it, for sources that are not ETSI trusted lists (ICP-Brasil's CA bundle, SAT's, single
 * national roots, folders of accredited providers, PKCS#7 bundles) and for ETSI lists alike.
 */
import type { Certificate, TrustAnchor } from '@mutua/core';

/**
 * What kind of publication a trust source is:
 * - `etsi-tl`: an ETSI TS 119 612 trusted list (see `parseTrustedList`);
 * - `icp-brasil-bundle`: ITI's `ACcompactado.zip` (or the `ACcompactadox.zip` variant with expired
 *   CAs) and its `hashsha512.txt`;
 * - `sat-bundle`: Mexico's SAT `Cert_Prod.zip` (Banco de México's ARC roots and the AC del SAT);
 * - `national-root`: one national root certificate downloaded from its operator (Uruguay's ACRN,
 *   Argentina's AC Raíz, Panama, Costa Rica);
 * - `certificate-folder`: a folder of certificates a relying party assembled (Chile's accredited
 *   providers, published one by one on a web page);
 * - `pkcs7-bundle`: a PKCS#7 "certs-only" file (`.p7b`, `.p7c`).
 *
 * @example
 * ```ts
 * import type { TrustSourceKind } from '@mutua/trust-list';
 * const kind: TrustSourceKind = 'icp-brasil-bundle';
 * kind; // 'icp-brasil-bundle'
 * ```
 */
export type TrustSourceKind =
  | 'etsi-tl'
  | 'icp-brasil-bundle'
  | 'sat-bundle'
  | 'national-root'
  | 'certificate-folder'
  | 'pkcs7-bundle';

/**
 * One input a trust source was read from (a ZIP file, or each file of a folder), with its digests so
 * that a report can say exactly which publication was trusted.
 *
 * @example
 * ```ts
 * import type { TrustSourceInput } from '@mutua/trust-list';
 * const input: TrustSourceInput = { name: 'ACcompactado.zip', size: 1024, sha256: 'ab…', sha512: 'cd…' };
 * input.name; // 'ACcompactado.zip'
 * ```
 */
export interface TrustSourceInput {
  /** File name (or URL) of the input, as the caller gave it. */
  readonly name: string;
  /** Size in bytes. */
  readonly size: number;
  /** SHA-256 of the input, lower-case hex. */
  readonly sha256: string;
  /** SHA-512 of the input, lower-case hex. */
  readonly sha512: string;
}

/**
 * Where a trust source came from and how it is named in its jurisdiction.
 *
 * @example
 * ```ts
 * import { loadCertificates } from '@mutua/trust-list';
 * const { source } = await loadCertificates([{ name: 'acrn.cer', bytes: rootDer }], { profile: 'uy-acrn' });
 * [source.id, source.kind, source.jurisdiction, source.name]; // ['uy-acrn', 'national-root', 'UY', 'Autoridad Certificadora Raíz Nacional de Uruguay']
 * source.inputs[0]?.sha256.length; // 64
 * ```
 */
export interface TrustSource {
  /** The id tagging the source's trust anchors (their `source` is `<id>:<file>`): see the `id` load option. */
  readonly id: string;
  /** The kind of publication. */
  readonly kind: TrustSourceKind;
  /** ISO 3166-1 alpha-2 code of the jurisdiction (`BR`, `MX`, `UY`…). */
  readonly jurisdiction: string;
  /** The name of the source as its jurisdiction calls it (`ICP-Brasil`, `SAT`, …). */
  readonly name: string;
  /**
   * The legal standing of what the source lists, as the jurisdiction words it (`certificado digital
   * ICP-Brasil (MP 2.200-2/2001)`, `prestador de servicios de certificación acreditado (Ley 19.799)`…):
   * a label for reports, not an EU qualification.
   */
  readonly legalLevel: string;
  /** Where the source was published (URL or folder), when the caller said so. */
  readonly location?: string;
  /** The inputs read, with their digests. */
  readonly inputs: readonly TrustSourceInput[];
  /** When the source was read. */
  readonly readAt: Date;
  /**
   * For bundles published in variants: `current` (ICP-Brasil's ACcompactado.zip) or `with-expired`
   * (ACcompactadox.zip, which keeps the expired CAs needed to validate old signatures).
   */
  readonly variant?: 'current' | 'with-expired';
  /** The SHA-512 the publisher announced for the input (ICP-Brasil's hashsha512.txt), when one was given. */
  readonly publishedSha512?: string;
}

/**
 * One certificate of a trust source, with where it was found and what it is in the source's hierarchy.
 *
 * @example
 * ```ts
 * import { loadCertificates } from '@mutua/trust-list';
 * const { certificates } = await loadCertificates([{ name: 'root.pem', bytes: rootDer }, { name: 'ca.pem', bytes: caDer }], { profile: 'ar-ac-raiz' });
 * certificates.map((c) => [c.from, c.role, c.level]); // [['root.pem', 'root', 'AC Raíz'], ['ca.pem', 'intermediate', 'certificador licenciado']]
 * ```
 */
export interface TrustSourceCertificate {
  /** The parsed certificate. */
  readonly certificate: Certificate;
  /** The file or archive member it was read from. */
  readonly from: string;
  /** SHA-256 of the DER, lower-case hex. */
  readonly sha256: string;
  /** `root` for a self-issued certificate, `intermediate` for any other. */
  readonly role: 'root' | 'intermediate';
  /**
   * Distance from a root of the same source (0 for a root, 1 for a CA it issued…), found by matching
   * issuer and subject names (and key identifiers); absent when the issuer is not in the source.
   */
  readonly depth?: number;
  /** The level's name in the jurisdiction (`AC Raiz`, `AC de 1º nível`, `prestador acreditado`…). */
  readonly level: string;
  /** Whether the certificate is a trust anchor of the result (see `anchors` in the load options). */
  readonly anchor: boolean;
  /** Whether it had expired at the load time (kept all the same: old signatures need old CAs). */
  readonly expired: boolean;
}

/**
 * Something wrong, or worth knowing, about a trust source: a file that is not a certificate, a
 * duplicate, a CA whose issuer is missing. Never thrown: a bad certificate is reported and skipped.
 *
 * @example
 * ```ts
 * import { loadCertificates } from '@mutua/trust-list';
 * const { problems } = await loadCertificates([{ name: 'leeme.crt', bytes: new TextEncoder().encode('hola') }]);
 * problems.map((p) => [p.severity, p.code, p.from]); // [['error', 'BAD_CERTIFICATE', 'leeme.crt'], ['error', 'NO_CERTIFICATES', undefined]]
 * ```
 */
export interface TrustSourceProblem {
  /** `error`: something the publisher got wrong or the input lost; `warning`: worth a look. */
  readonly severity: 'error' | 'warning';
  /** A stable code (`BAD_CERTIFICATE`, `SKIPPED_FILE`, `DUPLICATE_CERTIFICATE`, `ISSUER_NOT_IN_SOURCE`…). */
  readonly code: TrustSourceProblemCode;
  /** What happened, in words. */
  readonly message: string;
  /** The file or archive member concerned. */
  readonly from?: string;
}

/**
 * The codes of {@link TrustSourceProblem}:
 * - `BAD_CERTIFICATE`: a file named like a certificate did not parse;
 * - `SKIPPED_FILE`: a file that is not a certificate (a read-me, an unknown extension) was left out;
 * - `BAD_ENTRY`: an archive member could not be read (bad CRC, corrupt data);
 * - `DUPLICATE_CERTIFICATE`: the same certificate came twice (kept once);
 * - `ISSUER_NOT_IN_SOURCE`: a CA whose issuer is not in the source (its path needs another anchor);
 * - `NOT_A_CA`: a certificate that is not a CA (no basicConstraints cA) in a list of CAs;
 * - `NO_TRUST_ANCHOR`: no certificate of the source became a trust anchor;
 * - `NO_CERTIFICATES`: the source holds no certificate at all;
 * - `EXPIRED_CERTIFICATES`: some certificates had expired at load time (kept for old signatures);
 * - `DIGEST_FILE_NAME`: the published digest file names another file than the one loaded.
 *
 * @example
 * ```ts
 * import type { TrustSourceProblemCode } from '@mutua/trust-list';
 * const code: TrustSourceProblemCode = 'ISSUER_NOT_IN_SOURCE';
 * code; // 'ISSUER_NOT_IN_SOURCE'
 * ```
 */
export type TrustSourceProblemCode =
  | 'BAD_CERTIFICATE'
  | 'SKIPPED_FILE'
  | 'BAD_ENTRY'
  | 'DUPLICATE_CERTIFICATE'
  | 'ISSUER_NOT_IN_SOURCE'
  | 'NOT_A_CA'
  | 'NO_TRUST_ANCHOR'
  | 'NO_CERTIFICATES'
  | 'EXPIRED_CERTIFICATES'
  | 'DIGEST_FILE_NAME';

/**
 * What a trust-source loader returns: the anchors to give to path validation (each with a `source`
 * string naming the provenance), the other CAs of the source for path building, every certificate
 * with its place in the hierarchy, the source's description, and the problems met.
 *
 * @example
 * ```ts
 * import { loadCertificates } from '@mutua/trust-list';
 * import { validateCertificate } from '@mutua/core';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const loaded = await loadCertificates([{ name: 'root.crt', bytes: rootDer }, { name: 'ca.crt', bytes: caDer }]);
 * loaded.trustAnchors.length; // 1
 * loaded.intermediates.length; // 1
 * const result = await validateCertificate({
 *   target: cert,
 *   intermediates: loaded.intermediates,
 *   trustAnchors: loaded.trustAnchors,
 *   crls,
 *   crypto: nodeCryptoEngine,
 * });
 * result.indication; // 'TOTAL_PASSED'
 * ```
 */
export interface LoadedTrustSource {
  /** The description and provenance of the source. */
  readonly source: TrustSource;
  /** The trust anchors (by default the source's self-issued certificates). */
  readonly trustAnchors: readonly TrustAnchor[];
  /** The source's other certificates: intermediates for path building, not anchors. */
  readonly intermediates: readonly Certificate[];
  /** Every distinct certificate of the source, in input order. */
  readonly certificates: readonly TrustSourceCertificate[];
  /** What was wrong or worth knowing (never thrown). */
  readonly problems: readonly TrustSourceProblem[];
}

/**
 * One named file, for loaders that must not read folders themselves (browsers have no file system):
 * the CLI or a Node caller reads the folder and passes its files.
 *
 * @example
 * ```ts
 * import type { NamedBytes } from '@mutua/trust-list';
 * const file: NamedBytes = { name: 'AC_Raiz_Argentina_2007.crt', bytes: rootDer };
 * file.name; // 'AC_Raiz_Argentina_2007.crt'
 * ```
 */
export interface NamedBytes {
  /** The file name (a path relative to the folder is fine). */
  readonly name: string;
  /** Its content. */
  readonly bytes: Uint8Array;
}
