import { bytesEqual } from '../util/bytes';
import type { CheckResult } from '../validation/check';
import { Indication, SubIndication } from '../validation/indication';
import type { Certificate } from '../x509/certificate';
import { nameEquals } from '../x509/name';
import type { TrustAnchor } from './trust-anchor';
import type { PathValidationOutcome } from './validate-path';

/**
 * The trust anchor that *is* this certificate (direct trust: the relying party trusts the certificate
 * itself, as a trusted list does for a time-stamping unit or a national root that is not self-signed),
 * if any: the same certificate, or, for an anchor given without one, the same name and key.
 */
export function anchorForCertificate(
  cert: Certificate,
  anchors: readonly TrustAnchor[],
): TrustAnchor | undefined {
  return anchors.find((a) =>
    a.certificate
      ? bytesEqual(a.certificate.der, cert.der)
      : nameEquals(a.name, cert.subject) && bytesEqual(a.publicKey.der, cert.publicKey.der),
  );
}

/**
 * Validation of a directly trusted certificate for which no certification path exists (its issuer
 * is not at hand, or it is not chained to any other anchor). The path is the trust anchor alone: as
 * for any trust anchor (RFC 5280 §6.1), no issuer signature and no revocation status are checked.
 *
 * The certificate's validity period *is* checked at the validation time: for a certificate trusted
 * by itself it is the only statement of the period its key may be used in, and no CA will ever
 * revoke it after it expired. Outside it the answer is INDETERMINATE/OUT_OF_BOUNDS_NO_POE (a proof of
 * existence within the period, e.g. a signature time-stamp, makes it pass in validation with time),
 * never PASSED. EU DSS skips this check for trusted certificates; Mutua does not (see the conformance
 * notes, `dss-cades-7fbc1ef971`).
 */
export function validateDirectlyTrusted(
  target: Certificate,
  anchor: TrustAnchor,
  time: Date,
): PathValidationOutcome {
  const who = `"${target.subject.text}"`;
  const trusted: CheckResult = {
    id: 'path.directTrust',
    status: 'passed',
    message: `${who} is itself a trust anchor${anchor.source ? ` (${anchor.source})` : ''}: the path is the anchor alone; as for any trust anchor, its issuer and revocation status are not checked`,
    certificate: 0,
  };
  let validity: CheckResult;
  if (time < target.notBefore)
    validity = {
      id: 'certificate.validity',
      status: 'failed',
      message: `${who}: not valid before ${target.notBefore.toISOString()}`,
      subIndication: SubIndication.NOT_YET_VALID,
      certificate: 0,
    };
  else if (time > target.notAfter)
    validity = {
      id: 'certificate.validity',
      status: 'indeterminate',
      message: `${who}: expired on ${target.notAfter.toISOString()}; a directly trusted certificate is used only within its validity period (no proof of existence before it expired)`,
      subIndication: SubIndication.OUT_OF_BOUNDS_NO_POE,
      certificate: 0,
    };
  else
    validity = {
      id: 'certificate.validity',
      status: 'passed',
      message: `${who}: valid at ${time.toISOString()}`,
      certificate: 0,
    };
  const checks = [trusted, validity];
  const decisive = validity.status === 'passed' ? undefined : validity;
  return {
    indication: !decisive
      ? Indication.TOTAL_PASSED
      : decisive.status === 'failed'
        ? Indication.TOTAL_FAILED
        : Indication.INDETERMINATE,
    ...(decisive?.subIndication ? { subIndication: decisive.subIndication } : {}),
    path: { anchor, certificates: [] },
    checks,
    ...(decisive ? { decisiveCheck: decisive } : {}),
    validPolicies: [],
    userNotices: [],
    revocation: [],
  };
}
