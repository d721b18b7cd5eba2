import type { Certificate } from '../x509/certificate';
import type { Name } from '../x509/name';
import type { PublicKeyInfo } from '../x509/public-key';

/**
 * A trust anchor (RFC 5280 §6.1.1 (d)): a name and a public key that the relying party trusts,
 * usually taken from a self-signed certificate, a trusted list service digital identity, or a
 * national root store.
 */
export interface TrustAnchor {
  readonly name: Name;
  readonly publicKey: PublicKeyInfo;
  /** The certificate the anchor came from, when there is one. Its own validity and signature are not checked. */
  readonly certificate?: Certificate;
  /** Where the anchor comes from, for reports (`file:root.crt`, `EU LOTL: EE`, …). */
  readonly source?: string;
  /**
   * When the anchor is trusted, for anchors whose trust has a history — a trusted-list service whose
   * status was granted, then withdrawn (TS 119 615 §4.1): a path is built to it only for a validation
   * at a time inside one of these periods (the validation time, or the past time of a validation with
   * time). Absent: trusted at every time.
   */
  readonly trustedPeriods?: readonly TrustedPeriod[];
}

/** A period during which a trust anchor is trusted: from `from` (inclusive) until `until` (exclusive). */
export interface TrustedPeriod {
  /** Absent: since always. */
  readonly from?: Date;
  /** Absent: still trusted. */
  readonly until?: Date;
}

/**
 * Whether a trust anchor is trusted at a time: always for an anchor without {@link TrustAnchor.trustedPeriods},
 * else when the time falls inside one of them.
 *
 * @example
 * ```ts
 * import { isTrustAnchorTrustedAt, parseCertificate, trustAnchorFromCertificate } from '@mutua/core';
 * const anchor = { ...trustAnchorFromCertificate(parseCertificate(rootDer)), trustedPeriods: [{ from: new Date('2020-01-01'), until: new Date('2024-01-01') }] };
 * isTrustAnchorTrustedAt(anchor, new Date('2023-06-01')); // true
 * isTrustAnchorTrustedAt(anchor, new Date('2025-06-01')); // false
 * ```
 */
export function isTrustAnchorTrustedAt(anchor: TrustAnchor, time: Date): boolean {
  if (!anchor.trustedPeriods) return true;
  const t = time.getTime();
  return anchor.trustedPeriods.some(
    (p) =>
      (p.from === undefined || p.from.getTime() <= t) && (p.until === undefined || t < p.until.getTime()),
  );
}

/**
 * Makes a trust anchor from a certificate.
 *
 * @example
 * ```ts
 * import { parseCertificate, trustAnchorFromCertificate } from '@mutua/core';
 * const anchor = trustAnchorFromCertificate(parseCertificate(rootDer), 'ICP-Brasil v10');
 * ```
 */
export function trustAnchorFromCertificate(cert: Certificate, source?: string): TrustAnchor {
  return source === undefined
    ? { name: cert.subject, publicKey: cert.publicKey, certificate: cert }
    : { name: cert.subject, publicKey: cert.publicKey, certificate: cert, source };
}
