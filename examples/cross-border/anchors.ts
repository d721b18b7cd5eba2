/**
 * From a verified trusted list to trust anchors, as a relying party configures them: what
 * `trustAnchorsFromList` of @mutua/trust-list does, plus the status URIs an MRA maps onto "granted", the
 * non-CA certificates (TSAs, OCSP responders) left out, and every service left out reported. The list
 * must have been accepted first — its signature verified against the certificates its pointer (or the
 * Official Journal, or the relying party's configuration) announces — by the caller: this helper only
 * reads it.
 */
import { type TrustAnchor, trustAnchorFromCertificate } from '@mutua/core';
import {
  QUALIFICATION_URIS,
  type TrustedList,
  mergeTrustedPeriods,
  pickLanguage,
  serviceStatusAt,
  serviceTrustedPeriods,
} from '@mutua/trust-list';

/** Options of {@link trustAnchorsFromTrustedList}. */
export interface TrustAnchorsFromListOptions {
  /**
   * The recognition-policy source id the anchors belong to: each anchor's `source` is
   * `<sourceId>:<territory>/<TSP name>/<service name>`, so that `recognizeSignature` finds the source
   * and a report still says which service vouched for the signer.
   */
  readonly sourceId: string;
  /** The validation time, to say which services are granted now and which only were (withdrawn since). */
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
  /** Anchors whose service is not granted at `time` but was (TS 119 615: they count for signatures proven earlier). */
  readonly formerly: readonly string[];
  readonly skipped: readonly string[];
}

/**
 * The CA certificates of the services of an (accepted) trusted list that are or were granted, as trust
 * anchors tagged with a recognition-policy source id and carrying the periods their service was granted
 * (`trustedPeriods`): a path ends at one only for a validation at a time it was granted — so a signature
 * time-stamped before a service was withdrawn still validates, and one that cannot prove it is
 * INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND_NO_POE. Services never granted, that the list marks unusable
 * (an unknown critical extension), and certificates that are not CAs (TSA, OCSP responders) are left out.
 */
export function trustAnchorsFromTrustedList(
  list: TrustedList,
  options: TrustAnchorsFromListOptions,
): ListTrustAnchors {
  const granted = new Set(options.grantedStatuses ?? [QUALIFICATION_URIS.GRANTED]);
  const territory = list.schemeInformation.schemeTerritory ?? '??';
  const anchors: TrustAnchor[] = [];
  const formerly: string[] = [];
  const skipped: string[] = [];
  const seen = new Map<string, number>(); // base64 → index in `anchors`
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
      // The periods its status (current and history) was a granted one.
      const trustedPeriods = serviceTrustedPeriods(service, granted);
      if (trustedPeriods.length === 0) {
        skipped.push(`${where}: never granted`);
        continue;
      }
      const grantedNow = state?.serviceStatus !== undefined && granted.has(state.serviceStatus);
      for (const c of state?.serviceDigitalIdentity.certificates ??
        service.serviceDigitalIdentity.certificates) {
        const earlier = seen.get(c.base64);
        if (earlier !== undefined) {
          // Listed in another service too: trusted whenever either service was granted.
          const prev = anchors[earlier]!;
          anchors[earlier] = {
            ...prev,
            trustedPeriods: mergeTrustedPeriods([...(prev.trustedPeriods ?? []), ...trustedPeriods]),
          };
          continue;
        }
        const cert = c.certificate;
        if (!cert.ext.basicConstraints?.cA) {
          skipped.push(`${where}: ${cert.subject.text} is not a CA certificate`);
          continue;
        }
        seen.set(c.base64, anchors.length);
        anchors.push({ ...trustAnchorFromCertificate(cert, `${options.sourceId}:${where}`), trustedPeriods });
        if (!grantedNow)
          formerly.push(
            `${options.sourceId}:${where}: not granted on ${options.time.toISOString()}, granted ${trustedPeriods.map((p) => `${p.from?.toISOString().slice(0, 10)} – ${p.until?.toISOString().slice(0, 10) ?? 'now'}`).join(', ')}`,
          );
      }
    }
  }
  return { anchors, formerly, skipped };
}
