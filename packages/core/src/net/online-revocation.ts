import type { CryptoEngine } from '../crypto/engine';
import { OID } from '../oids';
import { type CertificateList, parseCrl } from '../revocation/crl';
import { type OcspResponse, buildOcspRequest, parseOcspResponse } from '../revocation/ocsp';
import type { RevocationContext, RevocationStatus } from '../revocation/types';
import type { Fetcher } from './fetcher';

/** How many CRL and OCSP URLs are tried per certificate at most. */
const MAX_URLS = 3;

function httpUris(names: readonly { type: string; value?: unknown }[]): string[] {
  return names
    .filter((n) => n.type === 'uniformResourceIdentifier' && typeof n.value === 'string')
    .map((n) => n.value as string)
    .filter((u) => /^https?:\/\//i.test(u));
}

/**
 * Wraps a revocation checker so that, when the evidence given is not enough (status `unknown`), the
 * certificate's own CRL distribution points and OCSP responder are consulted through `fetcher` — the
 * one network door, with its time, size and host limits — and the check is run again with what was
 * downloaded. Downloads are shared across the certificates of one validation. Failures become notes.
 *
 * @example
 * ```ts
 * import { NO_NETWORK, checkRevocation, withOnlineRevocation } from '@mutua/core';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * // With NO_NETWORK nothing is fetched; pass createHttpFetcher() to allow downloads.
 * const check = withOnlineRevocation(checkRevocation, NO_NETWORK, nodeCryptoEngine);
 * typeof check; // 'function'
 * ```
 */
export function withOnlineRevocation(
  check: (ctx: RevocationContext) => Promise<RevocationStatus>,
  fetcher: Fetcher,
  crypto: CryptoEngine,
): (ctx: RevocationContext) => Promise<RevocationStatus> {
  const crlCache = new Map<string, Promise<CertificateList | string>>();
  return async (ctx) => {
    const first = await check(ctx);
    if (first.status !== 'unknown') return first;
    const notes: string[] = [];
    const crls: CertificateList[] = [];
    const ocsp: OcspResponse[] = [];
    const cert = ctx.certificate;
    const crlUrls = (cert.ext.cRLDistributionPoints ?? []).flatMap((dp) =>
      dp.distributionPoint?.type === 'fullName' ? httpUris(dp.distributionPoint.names) : [],
    );
    for (const url of [...new Set(crlUrls)].slice(0, MAX_URLS)) {
      let pending = crlCache.get(url);
      if (!pending) {
        pending = fetcher
          .fetch(url, { purpose: 'crl' })
          .then((r) => parseCrl(r.body))
          .catch((e: Error) => e.message);
        crlCache.set(url, pending);
      }
      const got = await pending;
      if (typeof got === 'string') notes.push(`CRL download from ${url} failed: ${got}`);
      else {
        crls.push(got);
        notes.push(`CRL downloaded from ${url}`);
      }
    }
    const ocspUrls = (cert.ext.authorityInfoAccess ?? [])
      .filter((a) => a.method === OID.adOcsp)
      .flatMap((a) => httpUris([a.location]));
    for (const url of [...new Set(ocspUrls)].slice(0, MAX_URLS)) {
      try {
        const body = await buildOcspRequest(crypto, cert, ctx.issuer);
        const r = await fetcher.fetch(url, {
          method: 'POST',
          body,
          contentType: 'application/ocsp-request',
          purpose: 'ocsp',
        });
        ocsp.push(parseOcspResponse(r.body));
        notes.push(`OCSP response obtained from ${url}`);
      } catch (e) {
        notes.push(`OCSP request to ${url} failed: ${(e as Error).message}`);
      }
    }
    if (crls.length === 0 && ocsp.length === 0) return { ...first, notes: [...first.notes, ...notes] };
    const second = await check({
      ...ctx,
      crls: [...ctx.crls, ...crls],
      ocspResponses: [...ctx.ocspResponses, ...ocsp],
    });
    return { ...second, notes: [...notes, ...second.notes] };
  };
}
