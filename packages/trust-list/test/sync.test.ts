import { createHash } from 'node:crypto';
import { FetchError, type FetchResult, type Fetcher } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { createTestPki } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import {
  TSL_URIS,
  TrustedListStore,
  buildTrustedList,
  signTrustedList,
  syncTrustedLists,
} from '../src/index';

const enc = (s: string) => new TextEncoder().encode(s);

/** A fetcher serving a map of URLs, counting downloads, failing a URL a set number of times first. */
function fakeNetwork(files: Map<string, string>, failFirst: Map<string, number> = new Map()) {
  const calls: string[] = [];
  const fetcher: Fetcher = {
    async fetch(url): Promise<FetchResult> {
      calls.push(url);
      const left = failFirst.get(url) ?? 0;
      if (left > 0) {
        failFirst.set(url, left - 1);
        throw new FetchError('NETWORK_ERROR', `connection reset fetching ${url}`);
      }
      const body = files.get(url);
      if (body === undefined) throw new FetchError('HTTP_STATUS', `404 for ${url}`);
      return {
        url,
        status: 200,
        contentType: 'application/xml',
        body: enc(body),
        fromCache: false,
        fetchedAt: new Date(),
      };
    },
  };
  return { fetcher, calls };
}

describe('syncTrustedLists', async () => {
  const oj = await createTestPki({ name: 'Sync OJ' });
  const ar = await createTestPki({ name: 'Sync AR operator' });
  const br = await createTestPki({ name: 'Sync BR operator' });
  const sign = (xml: string, who: typeof oj) =>
    signTrustedList(xml, { key: who.endEntity.key.privateKey, certificate: who.endEntity.der });
  const lotlUrl = 'https://lotl.example/lotl.xml';
  const lotl = await sign(
    buildTrustedList({
      territory: 'EU',
      type: TSL_URIS.EU_LIST_OF_THE_LISTS,
      pointers: [
        { location: 'https://tl.example/ar.xml', territory: 'AR', certificates: [ar.endEntity.der] },
        { location: 'https://tl.example/br.xml', territory: 'BR', certificates: [br.endEntity.der] },
      ],
    }),
    oj,
  );
  const arList = (seq: number) => sign(buildTrustedList({ territory: 'AR', sequenceNumber: seq }), ar);
  const base = async () =>
    new Map([
      [lotlUrl, lotl],
      ['https://tl.example/ar.xml', await arList(5)],
      ['https://tl.example/br.xml', await sign(buildTrustedList({ territory: 'BR', sequenceNumber: 2 }), br)],
    ]);
  const run = (store: TrustedListStore, fetcher: Fetcher) =>
    syncTrustedLists({
      lotlUrl,
      officialJournalCertificates: [oj.endEntity.der],
      fetcher,
      store,
      crypto: nodeCryptoEngine,
    });

  it('installs the LOTL and every list it points to; a second run with matching .sha2 files downloads no list again', async () => {
    const files = await base();
    const store = new TrustedListStore({ crypto: nodeCryptoEngine });
    const progress: string[] = [];
    const first = await syncTrustedLists({
      lotlUrl,
      officialJournalCertificates: [oj.endEntity.der],
      fetcher: fakeNetwork(files).fetcher,
      store,
      crypto: nodeCryptoEngine,
      onProgress: (done, total, key) => progress.push(`${done}/${total} ${key}`),
    });
    expect(first.map((r) => [r.key, r.outcome])).toEqual([
      ['LOTL', 'installed'],
      ['AR', 'installed'],
      ['BR', 'installed'],
    ]);
    expect(progress).toEqual(['1/2 AR', '2/2 BR']);
    for (const [url, xml] of [...files])
      files.set(url.replace(/\.xml$/, '.sha2'), `${createHash('sha256').update(xml).digest('hex')}\n`);
    const net = fakeNetwork(files);
    const second = await run(store, net.fetcher);
    expect(second.every((r) => r.outcome === 'unchanged')).toBe(true);
    expect(net.calls.filter((u) => u.endsWith('.xml'))).toEqual([]);
  });

  it('a list signed by a certificate the LOTL does not announce, or an older one from a mirror, leaves the list in use', async () => {
    const files = await base();
    const store = new TrustedListStore({ crypto: nodeCryptoEngine });
    await run(store, fakeNetwork(files).fetcher);
    files.set('https://tl.example/ar.xml', await arList(4)); // a rollback
    files.set(
      'https://tl.example/br.xml',
      await sign(buildTrustedList({ territory: 'BR', sequenceNumber: 3 }), ar),
    ); // wrong signer
    const r = await syncTrustedLists({
      lotlUrl,
      officialJournalCertificates: [oj.endEntity.der],
      fetcher: fakeNetwork(files).fetcher,
      store,
      crypto: nodeCryptoEngine,
      useSha2: false,
    });
    expect(r.find((x) => x.key === 'AR')?.reasons[0]).toMatch(/^rollback/);
    expect(r.find((x) => x.key === 'BR')?.outcome).toBe('rejected');
    expect([store.get('AR')?.sequenceNumber, store.get('BR')?.sequenceNumber]).toEqual([5, 2]);
  });

  it('retries transient failures; a list that cannot be had is reported failed, the others still sync', async () => {
    const files = await base();
    files.delete('https://tl.example/br.xml');
    const net = fakeNetwork(files, new Map([['https://tl.example/ar.xml', 2]]));
    const r = await run(new TrustedListStore({ crypto: nodeCryptoEngine }), net.fetcher);
    expect(r.find((x) => x.key === 'AR')?.outcome).toBe('installed');
    expect(net.calls.filter((u) => u === 'https://tl.example/ar.xml')).toHaveLength(3);
    expect(r.find((x) => x.key === 'BR')).toMatchObject({ outcome: 'failed' });
  });

  it('a LOTL the Official Journal certificates do not vouch for installs nothing', async () => {
    const files = await base();
    const r = await syncTrustedLists({
      lotlUrl,
      officialJournalCertificates: [ar.endEntity.der],
      fetcher: fakeNetwork(files).fetcher,
      store: new TrustedListStore({ crypto: nodeCryptoEngine }),
      crypto: nodeCryptoEngine,
    });
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ key: 'LOTL', outcome: 'rejected' });
  });
});
