import { type TrustAnchor, type TrustedPeriod, trustAnchorFromCertificate } from '@mutua/core';
import type { TSPService, TrustedList } from './model';
import { pickLanguage } from './multilingual';
import { QUALIFICATION_URIS as U } from './qualification/uris';
import { serviceStatusAt } from './status';

/**
 * The statuses under which a listed service's certificates are trust anchors: granted (eIDAS), the
 * pre-eIDAS accredited / under supervision / supervision in cessation / set by national law, and
 * recognised at national level (national schemes). Withdrawn and deprecated services are not.
 */
export const TRUSTED_SERVICE_STATUSES: ReadonlySet<string> = new Set([
  U.GRANTED,
  U.ACCREDITED,
  U.UNDER_SUPERVISION,
  U.SUPERVISION_IN_CESSATION,
  U.SET_BY_NATIONAL_LAW,
  U.RECOGNISED_AT_NATIONAL_LEVEL,
]);

/** Options of {@link trustAnchorsFromList}. */
export interface TrustAnchorsFromListOptions {
  /**
   * The id the anchors' `source` starts with (`<id>:<TSP name>`), e.g. a recognition-policy source id.
   * Default: `<territory in lower case>-tl`.
   */
  readonly sourceId?: string;
  /** Only services whose status at this time is one of {@link TRUSTED_SERVICE_STATUSES} (default now). */
  readonly at?: Date;
  /**
   * Instead of the status at `at`: every service that ever had a trusting status, each anchor carrying
   * the periods it had one ({@link TrustAnchor.trustedPeriods}), so that a validation at a past time — the
   * best-signature-time of a time-stamped signature — can end at a service withdrawn since, and a
   * validation today cannot (TS 119 615 §4.1).
   */
  readonly history?: boolean;
  /** Only these service types (default: every type). */
  readonly serviceTypes?: readonly string[];
}

/**
 * The trust anchors a trusted list gives — the certificates of its services whose status at `at` is
 * a trusting one — each with a `source` naming the list and the TSP (`ee-tl:SK ID Solutions AS`), so
 * that a verdict can say which list and which provider its trust rests on, and a recognition policy can
 * match the source. Call it only on a list whose signature was verified (see `TrustedListStore`).
 * Certificates that do not parse are skipped (the list's warnings say so); unusable services (an
 * unknown critical extension) give none.
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList, trustAnchorsFromList } from '@mutua/trust-list';
 * const list = parseTrustedList(buildTrustedList({ territory: 'EE', providers: [{ name: 'SK', services: [{ certificates: [caDer] }] }] }));
 * const [anchor] = trustAnchorsFromList(list);
 * anchor?.source; // 'ee-tl:SK'
 * trustAnchorsFromList(list, { sourceId: 'eu-lotl' })[0]?.source; // 'eu-lotl:SK'
 * ```
 */
export function trustAnchorsFromList(
  list: TrustedList,
  options: TrustAnchorsFromListOptions = {},
): TrustAnchor[] {
  const id = options.sourceId ?? `${(list.schemeInformation.schemeTerritory ?? 'xx').toLowerCase()}-tl`;
  const at = options.at ?? new Date();
  const out: TrustAnchor[] = [];
  // base64 → index in `out`
  const seen = new Map<string, number>();
  for (const tsp of list.trustServiceProviders) {
    const tspName = pickLanguage(tsp.tspName) ?? tsp.tspName[0]?.value ?? '?';
    for (const service of tsp.services) {
      if (service.unusable) continue;
      if (options.serviceTypes && !options.serviceTypes.includes(service.serviceTypeIdentifier ?? ''))
        continue;
      let certificates: TSPService['serviceDigitalIdentity']['certificates'];
      let trustedPeriods: TrustedPeriod[] | undefined;
      if (options.history) {
        trustedPeriods = serviceTrustedPeriods(service);
        if (trustedPeriods.length === 0) continue;
        certificates = [service, ...service.history].flatMap((s) => s.serviceDigitalIdentity.certificates);
      } else {
        const state = serviceStatusAt(service, at);
        if (!state?.serviceStatus || !TRUSTED_SERVICE_STATUSES.has(state.serviceStatus)) continue;
        certificates = state.serviceDigitalIdentity.certificates;
      }
      for (const c of certificates) {
        const earlier = seen.get(c.base64);
        if (earlier !== undefined) {
          // The same certificate in another service (CA/QC and CA/PKC often share one): trusted whenever
          // either service was.
          const prev = out[earlier]!;
          if (trustedPeriods && prev.trustedPeriods)
            out[earlier] = {
              ...prev,
              trustedPeriods: mergeTrustedPeriods([...prev.trustedPeriods, ...trustedPeriods]),
            };
          continue;
        }
        try {
          const anchor = trustAnchorFromCertificate(c.certificate, `${id}:${tspName}`);
          seen.set(c.base64, out.length);
          out.push(trustedPeriods ? { ...anchor, trustedPeriods } : anchor);
        } catch {
          // a certificate that does not parse is reported by the list's own warnings
        }
      }
    }
  }
  return out;
}

/**
 * The periods a service's status (current and history, TS 119 612 §5.5.10) was one of `statuses` (by
 * default {@link TRUSTED_SERVICE_STATUSES}; for a third-country list, the statuses its MRA maps onto
 * granted), merged: what {@link TrustAnchor.trustedPeriods} of the service's certificates holds.
 *
 * @example
 * ```ts
 * import { parseTrustedList, buildTrustedList, serviceTrustedPeriods } from '@mutua/trust-list';
 * const list = parseTrustedList(buildTrustedList({ providers: [{ name: 'TSP', services: [{ certificates: [caDer], statusStartingTime: new Date('2020-01-01T00:00:00Z') }] }] }));
 * serviceTrustedPeriods(list.trustServiceProviders[0]!.services[0]!); // [{ from: new Date('2020-01-01T00:00:00Z') }]
 * ```
 */
export function serviceTrustedPeriods(
  service: TSPService,
  statuses: ReadonlySet<string> = TRUSTED_SERVICE_STATUSES,
): TrustedPeriod[] {
  const states = [service, ...service.history]
    .filter((s) => s.statusStartingTime !== undefined)
    .sort((a, b) => a.statusStartingTime!.getTime() - b.statusStartingTime!.getTime());
  const periods: TrustedPeriod[] = [];
  for (let i = 0; i < states.length; i++) {
    if (!statuses.has(states[i]!.serviceStatus ?? '')) continue;
    const until = states[i + 1]?.statusStartingTime;
    periods.push({ from: states[i]!.statusStartingTime!, ...(until ? { until } : {}) });
  }
  return mergeTrustedPeriods(periods);
}

/**
 * Periods sorted by start, overlapping or touching ones joined (an absent bound is open): the periods of a
 * certificate listed in several services.
 *
 * @example
 * ```ts
 * import { mergeTrustedPeriods } from '@mutua/trust-list';
 * const d = (s: string) => new Date(`${s}T00:00:00Z`);
 * mergeTrustedPeriods([{ from: d('2024-01-01') }, { from: d('2020-01-01'), until: d('2024-01-01') }]); // [{ from: d('2020-01-01') }]
 * ```
 */
export function mergeTrustedPeriods(periods: readonly TrustedPeriod[]): TrustedPeriod[] {
  const start = (p: TrustedPeriod) => p.from?.getTime() ?? Number.NEGATIVE_INFINITY;
  const end = (p: TrustedPeriod) => p.until?.getTime() ?? Number.POSITIVE_INFINITY;
  const out: TrustedPeriod[] = [];
  for (const p of [...periods].sort((a, b) => start(a) - start(b))) {
    const last = out[out.length - 1];
    if (last && start(p) <= end(last)) {
      if (end(p) > end(last))
        out[out.length - 1] = {
          ...(last.from ? { from: last.from } : {}),
          ...(p.until ? { until: p.until } : {}),
        };
    } else out.push(p);
  }
  return out;
}
