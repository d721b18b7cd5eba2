import type { CryptoEngine } from '../crypto/engine';
import type { ValidationPolicy } from '../validation/policy';
import type { Certificate } from '../x509/certificate';
import type { Name } from '../x509/name';
import type { PublicKeyInfo } from '../x509/public-key';

/**
 * The issuer side of a certificate being checked for revocation: the previous certificate in the
 * path, or the trust anchor (which may have no certificate, only a name and a key).
 */
export interface IssuerInfo {
  readonly name: Name;
  /** The working public key (DSA parameters already inherited). */
  readonly publicKey: PublicKeyInfo;
  /** The issuer's certificate, when there is one (absent for a bare-key trust anchor). */
  readonly certificate?: Certificate;
}

/**
 * Validates the certificate of a CRL or OCSP signer that is not the certificate's issuer itself (RFC 5280
 * §6.3.3 (f): the CRL issuer's path must be validated with the same trust anchor). Supplied by the path
 * validator; implementations must bound recursion.
 */
export type SignerPathValidator = (
  signer: Certificate,
  purpose: 'crl' | 'ocsp',
  /**
   * The trust anchor of the path being validated: the signer's path must end at this same anchor
   * (RFC 5280 §6.3.3 (f)), or a look-alike signer under another trusted root could vouch for it.
   */
  anchor?: import('../path/trust-anchor').TrustAnchor,
  /**
   * The time to validate the signer at, when not the validation time: in a past validation, the issuance
   * time of revocation data issued after the validation time (its signer must have been valid then).
   */
  at?: Date,
) => Promise<{ readonly ok: boolean; readonly reason?: string }>;

/** Everything the revocation check of one certificate needs. */
export interface RevocationContext {
  /** The certificate whose status is checked. */
  readonly certificate: Certificate;
  readonly issuer: IssuerInfo;
  /** The time at which the status must be known. */
  readonly time: Date;
  /**
   * `time` is a past time proven by a proof of existence (EN 319 102-1 §5.6.2.4, past certificate
   * validation): revocation data issued after it, while the certificate was still within its validity
   * period, proves its status at it (a certificate is never un-revoked). Without this flag only data
   * current at `time` can say `good` (RFC 5280 §6.3).
   */
  readonly pastValidation?: boolean;
  /** Parsed CRLs available (full and delta; any issuer). */
  readonly crls: readonly import('./crl').CertificateList[];
  /** Parsed OCSP responses available. */
  readonly ocspResponses: readonly import('./ocsp').OcspResponse[];
  /** Untrusted certificates that may be CRL or OCSP signers. */
  readonly certificatePool: readonly Certificate[];
  readonly policy: ValidationPolicy;
  readonly crypto: CryptoEngine;
  readonly validateSignerPath: SignerPathValidator;
}

/** Where a revocation status came from. */
export interface RevocationSource {
  readonly type: 'crl' | 'delta-crl' | 'ocsp';
  /** Issuer of the CRL, or responder of the OCSP response (text form). */
  readonly issuer: string;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
}

/**
 * The revocation status of one certificate at one time.
 *
 * - `good`: a valid, fresh CRL/OCSP says not revoked (for CRLs: all reasons covered, RFC 5280 §6.3.3 (k)).
 * - `revoked`: a valid source says revoked at `revocationDate` ≤ the validation time
 *   (`certificateHold` included while on hold).
 * - `unknown`: the status cannot be determined. `problem` says why, in the classes PKITS uses:
 *   `no-info` (nothing applicable, or nothing whose signature/issuer/scope checks out),
 *   `stale` (applicable data, but too old for the policy), `unknown-ocsp` (an OCSP responder said unknown).
 */
export type RevocationStatus =
  | {
      readonly status: 'good';
      readonly sources: readonly RevocationSource[];
      readonly notes: readonly string[];
    }
  | {
      readonly status: 'revoked';
      readonly revocationDate: Date;
      readonly reason?: string;
      readonly sources: readonly RevocationSource[];
      readonly notes: readonly string[];
    }
  | {
      readonly status: 'unknown';
      readonly problem: 'no-info' | 'stale' | 'unknown-ocsp';
      readonly sources: readonly RevocationSource[];
      readonly notes: readonly string[];
    };
