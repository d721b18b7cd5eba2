/**
 * Authority Information Access "caIssuers" chasing (RFC 5280 §4.2.2.1): downloading the certificate(s)
 * of a certificate's issuer when the caller did not supply them.
 *
 * @packageDocumentation
 */
import { OID } from '../oids';
import type { Certificate } from '../x509/certificate';
import { parseCertificates } from '../x509/input';
import type { Fetcher } from './fetcher';

/** Options of {@link fetchIssuerCertificates}. */
export interface FetchIssuerOptions {
  /** Most caIssuers URLs tried (default 4). Extra URLs are skipped with a note. */
  readonly maxUrls?: number;
  /**
   * Stop after the first URL that yields a matching issuer certificate (default true). Set to false to
   * collect every candidate, for example all cross-certificates published at different URLs.
   */
  readonly stopAtFirstMatch?: boolean;
}

/** What {@link fetchIssuerCertificates} found, and why it found no more. */
export interface FetchIssuerResult {
  /** Downloaded certificates whose subject matches the certificate's issuer name, without duplicates. */
  readonly certificates: Certificate[];
  /** One line per URL skipped, download failed, response unparseable or certificate ignored. */
  readonly notes: string[];
}

/** The parts of a certificate AIA chasing reads. */
export type AiaSubject = Pick<Certificate, 'issuer' | 'ext'>;

/**
 * Downloads the issuer certificates named by the caIssuers entries of a certificate's AIA extension.
 *
 * Only `http:` and `https:` URIs are tried (LDAP and others are noted and skipped), at most `maxUrls` of
 * them, in certificate order. Responses may be DER, PEM or a PKCS#7 certs-only bundle (`.p7c`). Only
 * certificates whose subject equals the certificate's issuer name are kept; checking their signature and
 * trust is the caller's job (path building). Never throws for network or parse failures: each is
 * recorded in `notes`, and the caller decides what an empty result means. With `NO_NETWORK` every
 * URL yields a `NETWORK_DISABLED` note.
 *
 * @example
 * ```ts
 * import { createHttpFetcher, fetchIssuerCertificates, parseCertificate } from '@mutua/core';
 * const leaf = parseCertificate(der);
 * const { certificates, notes } = await fetchIssuerCertificates(leaf, createHttpFetcher(), { maxUrls: 2 });
 * if (certificates.length === 0) console.warn(notes.join('\n'));
 * certificates.length; // 1 (the issuing CA's certificate)
 * ```
 */
export async function fetchIssuerCertificates(
  cert: AiaSubject,
  fetcher: Fetcher,
  options: FetchIssuerOptions = {},
): Promise<FetchIssuerResult> {
  const maxUrls = options.maxUrls ?? 4;
  const stopAtFirstMatch = options.stopAtFirstMatch ?? true;
  const notes: string[] = [];
  const certificates: Certificate[] = [];
  const urls = caIssuersUrls(cert, notes);
  if (urls.length === 0 && notes.length === 0) notes.push('The certificate has no AIA caIssuers URI');
  if (urls.length > maxUrls)
    notes.push(`Skipped ${urls.length - maxUrls} caIssuers URL(s) beyond maxUrls=${maxUrls}`);
  for (const url of urls.slice(0, maxUrls)) {
    const found = await issuersFromUrl(url, cert, fetcher, notes);
    const added = addUnique(certificates, found);
    if (stopAtFirstMatch && added > 0) break;
  }
  return { certificates, notes };
}

/**
 * The distinct http(s) caIssuers URIs of a certificate's AIA extension, in order. Other access
 * locations are noted in `notes` when given.
 *
 * @example
 * ```ts
 * import { caIssuersUrls, parseCertificate } from '@mutua/core';
 * caIssuersUrls(parseCertificate(der)); // ['http://ca.example.com/certs/ca1.cer']
 * ```
 */
export function caIssuersUrls(cert: AiaSubject, notes: string[] = []): string[] {
  const urls: string[] = [];
  for (const ad of cert.ext.authorityInfoAccess ?? []) {
    if (ad.method !== OID.adCaIssuers) continue;
    if (ad.location.type !== 'uniformResourceIdentifier') {
      notes.push(`Skipped a caIssuers location of type ${ad.location.type} (only URIs are fetched)`);
      continue;
    }
    const uri = ad.location.value;
    if (!/^https?:\/\//i.test(uri)) {
      notes.push(`Skipped caIssuers URI ${uri}: only http and https are fetched`);
      continue;
    }
    if (!urls.includes(uri)) urls.push(uri);
  }
  return urls;
}

/** Downloads one URL and returns the matching certificates; every failure becomes a note. */
async function issuersFromUrl(
  url: string,
  cert: AiaSubject,
  fetcher: Fetcher,
  notes: string[],
): Promise<Certificate[]> {
  let body: Uint8Array;
  try {
    body = (await fetcher.fetch(url, { purpose: 'aia' })).body;
  } catch (e) {
    notes.push(`caIssuers ${url}: download failed: ${describeError(e)}`);
    return [];
  }
  if (body.length === 0) {
    notes.push(`caIssuers ${url}: empty response`);
    return [];
  }
  let parsed: Certificate[];
  try {
    parsed = parseCertificates(body);
  } catch (e) {
    notes.push(`caIssuers ${url}: not a certificate or PKCS#7 bundle: ${describeError(e)}`);
    return [];
  }
  const matching = parsed.filter((c) => c.subject.key === cert.issuer.key);
  const ignored = parsed.length - matching.length;
  if (parsed.length === 0) notes.push(`caIssuers ${url}: the response holds no certificate`);
  else if (ignored > 0) {
    notes.push(
      `caIssuers ${url}: ignored ${ignored} certificate(s) whose subject is not the issuer ${cert.issuer.text}`,
    );
  }
  return matching;
}

/** Appends the certificates not already present (same DER); returns how many were added. */
function addUnique(into: Certificate[], found: readonly Certificate[]): number {
  let added = 0;
  for (const c of found) {
    if (into.some((x) => sameBytes(x.der, c.der))) continue;
    into.push(c);
    added++;
  }
  return added;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function describeError(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e)
    return `${String(e.code)}: ${String(e.message)}`;
  return e instanceof Error ? e.message : String(e);
}
