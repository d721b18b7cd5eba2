/**
 * From a verified trusted list to trust anchors: the one step @mutua/trust-list does not have yet (a
 * candidate for the package). The list must have been accepted first — its signature verified against
 * the certificates its pointer (or the Official Journal, or the relying party's configuration) announces
 * — by the caller: this helper only reads it.
 */
import { type TrustAnchor, trustAnchorFromCertificate } from '@mutua/core';
import { QUALIFICATION_URIS, type TrustedList, pickLanguage, serviceStatusAt } from '@mutua/trust-list';

/** Options of {@link trustAnchorsFromTrustedList}. */
export interface TrustAnchorsFromListOptions {
  /**
   * The recognition-policy source id the anchors belong to: each anchor's `source` is
   * `<sourceId>:<territory>/<TSP name>/<service name>`, so that `recognizeSignature` finds the source
   * and a report still says which service vouched for the signer.
   */
  readonly sourceId: string;
  /** The time at which a service must be in a granted state (TS 119 612 §5.6: the state in force then). */
  readonly time: Date;
  /**
   * The statuses that count as granted: by default the EU `granted`; for a third-country list, its own
   * status URIs (e.g. those an MRA maps onto `granted`).
   */
  readonly grantedStatuses?: readonly string[];
}

/** What {@link trustAnchorsFromTrustedList} found: the anchors, and each service left out with why. */
export interface ListTrustAnchors {
  readonly anchors: readonly TrustAnchor[];
  readonly skipped: readonly string[];
}

/**
 * The CA certificates of the services of an (accepted) trusted list that are granted at `time`, as
 * trust anchors tagged with a recognition-policy source id. Services that are not granted then, that
 * the list marks unusable (an unknown critical extension) and certificates that are not CAs (TSA, OCSP
 * responders) are left out.
 */
export function trustAnchorsFromTrustedList(
  list: TrustedList,
  options: TrustAnchorsFromListOptions,
): ListTrustAnchors {
  const granted = new Set(options.grantedStatuses ?? [QUALIFICATION_URIS.GRANTED]);
  const territory = list.schemeInformation.schemeTerritory ?? '??';
  const anchors: TrustAnchor[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const tsp of list.trustServiceProviders) {
    const tspName = pickLanguage(tsp.tspName) ?? 'TSP';
    for (const service of tsp.services) {
      const state = serviceStatusAt(service, options.time);
      const name = pickLanguage(state?.serviceName ?? service.serviceName) ?? 'service';
      const where = `${territory}/${tspName}/${name}`;
      if (service.unusable) {
        skipped.push(`${where}: unusable (${service.unusable})`);
        continue;
      }
      if (!state?.serviceStatus || !granted.has(state.serviceStatus)) {
        skipped.push(`${where}: not granted on ${options.time.toISOString()}`);
        continue;
      }
      for (const c of state.serviceDigitalIdentity.certificates) {
        if (seen.has(c.base64)) continue;
        seen.add(c.base64);
        const cert = c.certificate;
        if (!cert.ext.basicConstraints?.cA) {
          skipped.push(`${where}: ${cert.subject.text} is not a CA certificate`);
          continue;
        }
        anchors.push(trustAnchorFromCertificate(cert, `${options.sourceId}:${where}`));
      }
    }
  }
  return { anchors, skipped };
}
