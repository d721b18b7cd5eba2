import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki } from '@mutua/testkit';
import { TSL_URIS, buildTrustedList, signTrustedList } from '@mutua/trust-list';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/index';

// A local server stands in for the EU and national publication points.
const files = new Map<string, string>();
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const body = files.get(req.url ?? '');
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/xml' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe('mutua tl sync', () => {
  it('fills a cache with the validated LOTL and lists, and refuses a rollback on the next run', async () => {
    const oj = await createTestPki({ name: 'CLI Sync OJ' });
    const uy = await createTestPki({ name: 'CLI Sync UY' });
    const sign = (xml: string, who: typeof oj) =>
      signTrustedList(xml, { key: who.endEntity.key.privateKey, certificate: who.endEntity.der });
    files.set(
      '/lotl.xml',
      await sign(
        buildTrustedList({
          territory: 'EU',
          type: TSL_URIS.EU_LIST_OF_THE_LISTS,
          pointers: [{ location: `${base}/uy.xml`, territory: 'UY', certificates: [uy.endEntity.der] }],
        }),
        oj,
      ),
    );
    files.set('/uy.xml', await sign(buildTrustedList({ territory: 'UY', sequenceNumber: 9 }), uy));
    const dir = mkdtempSync(join(tmpdir(), 'mutua-tl-sync-'));
    const ojCert = join(dir, 'oj.crt');
    writeFileSync(ojCert, oj.endEntity.der);
    const cache = join(dir, 'cache');
    const args = [
      'tl',
      'sync',
      '--lotl',
      `${base}/lotl.xml`,
      '--oj-cert',
      ojCert,
      '--cache',
      cache,
      '--allow-private',
      '--format',
      'json',
    ];
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: () => {} };
    expect(await run(args, io)).toBe(0);
    const doc = JSON.parse(out.join(''));
    expect(doc.lists.map((l: { key: string; outcome: string }) => `${l.key} ${l.outcome}`)).toEqual([
      'LOTL installed',
      'UY installed',
    ]);
    expect(readFileSync(join(cache, 'UY.xml'), 'utf8')).toMatch(/<TSLSequenceNumber>9</);
    // The publication point now serves an older list: the cache keeps the newer one.
    files.set('/uy.xml', await sign(buildTrustedList({ territory: 'UY', sequenceNumber: 8 }), uy));
    out.length = 0;
    expect(await run(args, io)).toBe(1);
    const again = JSON.parse(out.join(''));
    expect(again.lists[1]).toMatchObject({ key: 'UY', outcome: 'rejected' });
    expect(again.lists[1].reasons[0]).toMatch(/rollback/);
    expect(readFileSync(join(cache, 'UY.xml'), 'utf8')).toMatch(/<TSLSequenceNumber>9</);
    // Without --allow-private the local server is refused by the host policy: nothing is installed.
    out.length = 0;
    expect(
      await run(
        args.filter((a) => a !== '--allow-private'),
        io,
      ),
    ).toBe(1);
  });
});
