import type { ServiceStatusInformation, TSPService } from './model';

/**
 * The state of a service in force at `time`: the current ServiceInformation when its
 * StatusStartingTime is not after `time`, else the newest ServiceHistoryInstance that started by then
 * (TS 119 612 §5.6: each state lasts until the next newer one starts); `undefined` before the first.
 * Whether that status is "granted" is for the caller's policy (Latin American lists use free text).
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList, serviceStatusAt } from '@mutua/trust-list';
 * const service = parseTrustedList(buildTrustedList({ providers: [{ name: 'CA', services: [{
 *   status: 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn',
 *   statusStartingTime: new Date('2024-01-01T00:00:00Z'),
 *   history: [{ status: 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted', statusStartingTime: new Date('2019-01-01T00:00:00Z') }],
 * }] }] })).trustServiceProviders[0]!.services[0]!;
 * serviceStatusAt(service, new Date('2023-06-01T00:00:00Z'))?.serviceStatus?.endsWith('/granted'); // true
 * serviceStatusAt(service, new Date('2025-06-01T00:00:00Z'))?.serviceStatus?.endsWith('/withdrawn'); // true
 * serviceStatusAt(service, new Date('2010-01-01T00:00:00Z')); // undefined
 * ```
 */
export function serviceStatusAt(service: TSPService, time: Date): ServiceStatusInformation | undefined {
  const t = time.getTime();
  // History instances are newest first per the standard, but some lists do not keep that order.
  const states = [service, ...service.history]
    .filter((s) => s.statusStartingTime !== undefined && s.statusStartingTime.getTime() <= t)
    .sort((a, b) => b.statusStartingTime!.getTime() - a.statusStartingTime!.getTime());
  return states[0];
}
