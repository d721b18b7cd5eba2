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
