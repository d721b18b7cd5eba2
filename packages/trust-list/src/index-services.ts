import { type Certificate, base64Encode, parseCertificate } from '@mutua/core';
import type { TrustedListCertificate } from './certificates';
import type { TSPService, TrustServiceProvider, TrustedList } from './model';

/**
 * Where a certificate was found: the list, the provider, the service, and the certificate as the
 * service's ServiceDigitalIdentity names it.
 *
 * @example
 * ```ts
 * import type { TrustServiceMatch } from '@mutua/trust-list';
 * const territory = (m: TrustServiceMatch) => m.list.schemeInformation.schemeTerritory;
 * typeof territory; // 'function'
 * ```
 */
export interface TrustServiceMatch {
  /** The list holding the service. */
  readonly list: TrustedList;
  /** The TrustServiceProvider. */
  readonly provider: TrustServiceProvider;
  /** The TSPService (its history included: the certificate may be named only in a former state). */
  readonly service: TSPService;
  /** The service certificate that matched. */
  readonly certificate: TrustedListCertificate;
}

const hex = (b: Uint8Array): string => {
  let s = '';
  for (const x of b) s += (x < 16 ? '0' : '') + x.toString(16);
  return s;
};
const DER_PREFIX = 'der:';

/**
 * An index of the services of loaded lists by their certificates, for "which services vouch for this
 * certificate": the services that name the certificate itself (a CA, a TSA) and those that name its
 * issuer (matched by subject name DER and, when both are present, by key identifier). Built once per
 * set of lists; every look-up is then a map access. Only the TBSCertificate's subject and
 * subjectKeyIdentifier of each service certificate are decoded, never the whole certificate.
 *
 * @example
 * ```ts
 * import { TrustServiceIndex, buildTrustedList, parseTrustedList } from '@mutua/trust-list';
 * const list = parseTrustedList(buildTrustedList({ territory: 'BR', providers: [{ name: 'ICP-Brasil', services: [{ certificates: [caDer] }] }] }));
 * const index = new TrustServiceIndex([list]);
 * index.size; // 1
 * index.servicesFor(cert).map((m) => m.provider.tspName[0]?.value); // ['ICP-Brasil']
 * index.servicesFor(issuer).length; // 1
 * ```
 */
export class TrustServiceIndex {
  readonly #byKey = new Map<string, TrustServiceMatch[]>();
  /** subjectKeyIdentifier (hex) of each indexed certificate, decoded once at indexing. */
  readonly #ski = new WeakMap<TrustedListCertificate, string>();
  /** Per queried certificate: its DER key, issuer key and AKI (hex), so repeated look-ups are map hits. */
  readonly #queries = new WeakMap<Certificate, readonly [string, string, string | undefined]>();

  /** Indexes every service certificate (current and history) of the lists. */
  constructor(lists: readonly TrustedList[]) {
    for (const list of lists)
      for (const provider of list.trustServiceProviders)
        for (const service of provider.services) {
          const seen = new Set<string>();
          for (const state of [service, ...service.history])
            for (const certificate of state.serviceDigitalIdentity.certificates) {
              if (seen.has(certificate.base64)) continue;
              seen.add(certificate.base64);
              const match = { list, provider, service, certificate };
              this.#add(DER_PREFIX + certificate.base64, match);
              try {
                this.#add(`name:${hex(certificate.subjectDer)}`, match);
                const ski = certificate.subjectKeyIdentifier;
                if (ski) this.#ski.set(certificate, hex(ski));
              } catch {
                // A value that is not a certificate can still be matched by its exact DER.
              }
            }
        }
  }

  #add(key: string, match: TrustServiceMatch): void {
    const list = this.#byKey.get(key);
    if (list) list.push(match);
    else this.#byKey.set(key, [match]);
  }

  /** How many distinct service certificates are indexed. */
  get size(): number {
    let n = 0;
    for (const k of this.#byKey.keys()) if (k.startsWith(DER_PREFIX)) n++;
    return n;
  }

  /**
   * The services that name `certificate` itself (exact DER) or its issuer (subject DER equal to its
   * issuer DER, and the issuer's subjectKeyIdentifier equal to its authorityKeyIdentifier when both are
   * there). The signature of `certificate` by that issuer is for path validation to check.
   */
  servicesFor(certificate: Certificate | Uint8Array): TrustServiceMatch[] {
    const cert = certificate instanceof Uint8Array ? parseCertificate(certificate) : certificate;
    let q = this.#queries.get(cert);
    if (!q) {
      const aki = cert.ext.authorityKeyIdentifier?.keyIdentifier;
      q = [base64Of(cert.der), `name:${hex(cert.issuer.der)}`, aki ? hex(aki) : undefined];
      this.#queries.set(cert, q);
    }
    const [der, issuerKey, aki] = q;
    const own = this.#byKey.get(DER_PREFIX + der) ?? [];
    const issuers = (this.#byKey.get(issuerKey) ?? []).filter((m) => {
      if (m.certificate.base64 === der) return false;
      const ski = this.#ski.get(m.certificate);
      return !aki || !ski || aki === ski;
    });
    return [...own, ...issuers];
  }
}

const base64Cache = new WeakMap<Uint8Array, string>();
/** Base64 of DER (the index keys), cached per buffer so repeated look-ups do not re-encode. */
function base64Of(b: Uint8Array): string {
  let s = base64Cache.get(b);
  if (s === undefined) {
    s = base64Encode(b);
    base64Cache.set(b, s);
  }
  return s;
}
