import {
  type Certificate,
  type CryptoEngine,
  type Fetcher,
  FetchError,
  Indication,
  MutuaError,
  createWebCryptoEngine,
} from '@mutua/core';
import type { TrustedListCertificate } from './certificates';
import { parseTrustedList } from './parse';
import { validatePivotChain } from './pivots';
import { trustedListPointers } from './pointers';
import type { TrustedListOffer, TrustedListStore } from './store';

/** Options of {@link syncTrustedLists}. */
export interface SyncTrustedListsOptions {
  /** Where the list of lists is published (the EU LOTL: https://ec.europa.eu/tools/lotl/eu-lotl.xml). */
  readonly lotlUrl: string;
  /** The LOTL signing certificates of the Official Journal announcement (the root of this trust). */
  readonly officialJournalCertificates: readonly (Uint8Array | Certificate | TrustedListCertificate)[];
  /** The network door (`createHttpFetcher` of @mutua/core, with its time, size and host limits). */
  readonly fetcher: Fetcher;
  /** Keeps the accepted lists, refuses rollbacks, replaces atomically. */
  readonly store: TrustedListStore;
  /** Only these territories' lists (default: every list the LOTL points to). */
  readonly territories?: readonly string[];
  /** Attempts per download, for transient failures (default 3). */
  readonly attempts?: number;
  /**
   * Skip downloading a list whose published `.sha2` digest (the EU publishes one next to each list: the
   * SHA-256 of the list, in hex) equals that of the list in use (default true). The list in use is
   * kept as it is; it was validated when accepted.
   */
  readonly useSha2?: boolean;
  /** Called after each list (for a progress bar). */
  readonly onProgress?: (done: number, total: number, key: string) => void;
  readonly crypto?: CryptoEngine;
}

/** What happened to one list in a sync. */
export interface SyncedList {
  /** The store key: `LOTL`, or the pointed list's territory. */
  readonly key: string;
  readonly url: string;
  /** `installed`, `unchanged` (by content or by its `.sha2`), `rejected`, or `failed` (not obtained). */
  readonly outcome: TrustedListOffer['outcome'] | 'failed';
  readonly sequenceNumber?: number;
  readonly reasons: readonly string[];
}

async function sha256Hex(crypto: CryptoEngine | undefined, bytes: Uint8Array): Promise<string> {
  const d = await (crypto ?? createWebCryptoEngine()).digest('SHA-256', bytes);
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Refusals by policy or by the server that a retry will not change. */
const FINAL = new Set([
  'NETWORK_DISABLED',
  'HOST_NOT_ALLOWED',
  'INVALID_URL',
  'PRIVATE_ADDRESS',
  'TOO_LARGE',
  'INVALID_OPTIONS',
]);

/** The `.sha2` companion of a list URL: same path, extension replaced. */
function sha2Url(url: string): string {
  return url.replace(/\.xml(\?.*)?$/i, '.sha2$1');
}

/**
 * Brings a {@link TrustedListStore} up to date from the network: the LOTL first, validated through its
 * pivot chain from the Official Journal certificates, then every national list it points to, each
 * validated against the certificates the LOTL announces for it. A list whose published `.sha2` matches
 * the one in use is not downloaded again; transient failures are retried; a list that cannot be had
 * or does not validate leaves the one in use in place (and says why). Never used during a validation:
 * run it on a schedule, and validate offline from the store.
 *
 * @example
 * ```ts
 * import { TrustedListStore, buildTrustedList, signTrustedList, syncTrustedLists } from '@mutua/trust-list';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const lotl = await signTrustedList(buildTrustedList({ territory: 'EU' }), { key: leaf.key.privateKey, certificate: leaf.der });
 * // A stand-in for createHttpFetcher(): serves the LOTL at any URL.
 * const fetcher = { fetch: async (url: string) => ({ url, status: 200, contentType: 'application/xml', body: new TextEncoder().encode(lotl), fromCache: false, fetchedAt: new Date() }) };
 * const store = new TrustedListStore({ crypto: nodeCryptoEngine });
 * const [first] = await syncTrustedLists({ lotlUrl: 'https://lotl.example/lotl.xml', officialJournalCertificates: [leaf.der], fetcher, store, crypto: nodeCryptoEngine });
 * first?.outcome; // 'installed'
 * ```
 */
export async function syncTrustedLists(options: SyncTrustedListsOptions): Promise<SyncedList[]> {
  const { fetcher, store } = options;
  const attempts = Math.max(1, options.attempts ?? 3);
  const useSha2 = options.useSha2 ?? true;

  const download = async (url: string): Promise<Uint8Array | string> => {
    let last = '';
    for (let i = 0; i < attempts; i++) {
      try {
        return (await fetcher.fetch(url, { purpose: 'trusted-list' })).body;
      } catch (e) {
        if (!(e instanceof Error)) throw e;
        last = e.message;
        if (e instanceof FetchError && FINAL.has(e.code)) break;
      }
    }
    return `could not download ${url}: ${last}`;
  };
  /** True when the published .sha2 says the list in use is the current one. */
  const sha2Unchanged = async (key: string, url: string): Promise<boolean> => {
    const current = store.get(key);
    if (!useSha2 || !current) return false;
    try {
      const published = new TextDecoder().decode(
        (await fetcher.fetch(sha2Url(url), { purpose: 'trusted-list' })).body,
      );
      const want = published.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
      return /^[0-9a-f]{64}$/.test(want) && want === (await sha256Hex(options.crypto, current.bytes));
    } catch {
      return false; // no .sha2: download the list
    }
  };

  const results: SyncedList[] = [];
  // 1. The LOTL, through its pivots.
  const lotlKey = 'LOTL';
  let lotlResult: SyncedList;
  if (await sha2Unchanged(lotlKey, options.lotlUrl)) {
    lotlResult = {
      key: lotlKey,
      url: options.lotlUrl,
      outcome: 'unchanged',
      reasons: ['its .sha2 matches the list in use'],
    };
  } else {
    const got = await download(options.lotlUrl);
    if (typeof got === 'string')
      lotlResult = { key: lotlKey, url: options.lotlUrl, outcome: 'failed', reasons: [got] };
    else {
      let announced: readonly (Uint8Array | Certificate | TrustedListCertificate)[] = [];
      const reasons: string[] = [];
      try {
        const chain = await validatePivotChain(parseTrustedList(got), {
          officialJournalCertificates: options.officialJournalCertificates,
          pivots: async (u) => {
            const p = await download(u);
            return typeof p === 'string' ? undefined : p;
          },
          ...(options.crypto ? { crypto: options.crypto } : {}),
        });
        if (chain.lotl.indication === Indication.TOTAL_PASSED && chain.lotl.signer)
          announced = [chain.lotl.signer];
        else reasons.push(...chain.lotl.reasons);
      } catch (e) {
        if (!(e instanceof MutuaError)) throw e;
        reasons.push(`the LOTL does not parse: ${e.message}`);
      }
      const offer = announced.length
        ? await store.offer(lotlKey, got, announced)
        : { outcome: 'rejected' as const, reasons };
      lotlResult = {
        key: lotlKey,
        url: options.lotlUrl,
        outcome: offer.outcome,
        ...('sequenceNumber' in offer && offer.sequenceNumber !== undefined
          ? { sequenceNumber: offer.sequenceNumber }
          : {}),
        reasons: offer.reasons,
      };
    }
  }
  results.push(lotlResult);
  const lotl = store.get(lotlKey);
  if (!lotl) return results; // no validated LOTL, ever: nothing can be trusted from it

  // 2. The lists it points to, each against the certificates announced for it.
  const pointers = trustedListPointers(lotl.list).filter(
    (p) => p.tslLocation && (!options.territories || options.territories.includes(p.schemeTerritory ?? '')),
  );
  for (const [i, p] of pointers.entries()) {
    const key = p.schemeTerritory ?? p.tslLocation!;
    const url = p.tslLocation!;
    let r: SyncedList;
    if (await sha2Unchanged(key, url))
      r = { key, url, outcome: 'unchanged', reasons: ['its .sha2 matches the list in use'] };
    else {
      const got = await download(url);
      if (typeof got === 'string') r = { key, url, outcome: 'failed', reasons: [got] };
      else {
        const offer = await store.offer(key, got, p.certificates);
        r = {
          key,
          url,
          outcome: offer.outcome,
          ...(offer.sequenceNumber !== undefined ? { sequenceNumber: offer.sequenceNumber } : {}),
          reasons: offer.reasons,
        };
      }
    }
    results.push(r);
    options.onProgress?.(i + 1, pointers.length, key);
  }
  return results;
}
