import { nodeCryptoEngine } from '@mutua/core/node';
import { describe, expect, it } from 'vitest';
import { TrustedListStore, type TrustedListStorage, buildTrustedList, signTrustedList } from '../src/index';
import { pkiPromise } from './helpers';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T00:00:00Z');

function memoryStorage(): TrustedListStorage & { data: Map<string, Uint8Array>; failNext: boolean } {
  const data = new Map<string, Uint8Array>();
  const s = {
    data,
    failNext: false,
    async read(k: string) {
      return data.get(k);
    },
    async write(k: string, b: Uint8Array) {
      if (s.failNext) {
        s.failNext = false;
        throw new Error('disk full');
      }
      data.set(k, b);
    },
  };
  return s;
}

describe('TrustedListStore: freshness, rollback and atomic replacement', async () => {
  const pki = await pkiPromise;
  const signer = pki.endEntity;
  const sign = (sequenceNumber: number, o: { nextUpdate?: Date; territory?: string } = {}) =>
    signTrustedList(
      buildTrustedList({
        territory: o.territory ?? 'AR',
        sequenceNumber,
        issueDate: new Date(NOW.getTime() - DAY),
        nextUpdate: o.nextUpdate ?? new Date(NOW.getTime() + 30 * DAY),
      }),
      { key: signer.key.privateKey, certificate: signer.der },
    );
  const store = (o: ConstructorParameters<typeof TrustedListStore>[0] = {}) =>
    new TrustedListStore({ crypto: nodeCryptoEngine, now: () => NOW, ...o });

  it('installs a validated newer list, keeps it for the same bytes, refuses a rollback and a reissue under the same number', async () => {
    const s = store();
    const v7 = await sign(7);
    expect((await s.offer('AR', v7, [signer.der])).outcome).toBe('installed');
    expect((await s.offer('AR', v7, [signer.der])).outcome).toBe('unchanged');
    const rollback = await s.offer('AR', await sign(6), [signer.der]);
    expect(rollback).toMatchObject({ outcome: 'rejected', previous: 7 });
    expect(rollback.reasons[0]).toMatch(/^rollback: sequence number 6 is lower/);
    const reissue = await s.offer('AR', await sign(7, { territory: 'AR' }), [signer.der]);
    expect(reissue.outcome).toBe('rejected');
    expect(reissue.reasons[0]).toMatch(/never reissued under the same number/);
    expect((await s.offer('AR', await sign(8), [signer.der])).outcome).toBe('installed');
    expect(s.get('AR')?.sequenceNumber).toBe(8);
    // The snapshot identifies the list in use (what a verdict cites), and carries it when asked.
    const snap = await s.snapshot({ bytes: true });
    const { createHash } = await import('node:crypto');
    expect(snap.lists).toHaveLength(1);
    expect(snap.lists[0]).toMatchObject({ key: 'AR', sequenceNumber: 8 });
    expect(snap.lists[0]!.sha256).toBe(createHash('sha256').update(s.get('AR')!.bytes).digest('hex'));
    expect(snap.lists[0]!.bytes).toBe(s.get('AR')!.bytes);
    expect((await s.snapshot()).lists[0]!.bytes).toBeUndefined();
  });

  it('a relaxed acceptance lets in what it names, and every list it lets in says so', async () => {
    const other = (await pkiPromise).issuingCa.der;
    const altered = (await sign(5)).replace(
      '<SchemeTerritory>AR</SchemeTerritory>',
      '<SchemeTerritory>UY</SchemeTerritory>',
    );
    const intact = store({ acceptance: 'intact-signature' });
    const offer = await intact.offer('AR', await sign(4), [other]);
    expect(offer.outcome).toBe('installed');
    expect(offer.reasons[0]).toMatch(
      /^accepted under the relaxed acceptance "intact-signature": the list is signed by/,
    );
    expect(intact.get('AR')?.relaxed).toBe(offer.reasons[0]);
    expect((await intact.snapshot()).lists[0]?.relaxed).toBe(offer.reasons[0]);
    expect((await intact.offer('AR', altered, [signer.der])).outcome).toBe('rejected');
    const any = store({ acceptance: 'unverified' });
    expect((await any.offer('AR', buildTrustedList({ sequenceNumber: 9 }), [])).outcome).toBe('installed');
    // The default: a list the announced signer signed carries no such statement.
    const strict = store();
    await strict.offer('AR', await sign(4), [signer.der]);
    expect(strict.get('AR')?.relaxed).toBeUndefined();
  });

  it('never installs a list that does not validate: unannounced signer, altered, unsigned, not a list', async () => {
    const s = store();
    await s.offer('AR', await sign(3), [signer.der]);
    const other = (await pkiPromise).issuingCa.der;
    expect((await s.offer('AR', await sign(4), [other])).outcome).toBe('rejected');
    const altered = (await sign(5)).replace(
      '<SchemeTerritory>AR</SchemeTerritory>',
      '<SchemeTerritory>UY</SchemeTerritory>',
    );
    expect((await s.offer('AR', altered, [signer.der])).reasons[0]).toMatch(/TOTAL_FAILED/);
    expect((await s.offer('AR', buildTrustedList({ sequenceNumber: 9 }), [signer.der])).outcome).toBe(
      'rejected',
    );
    expect((await s.offer('AR', '<not-a-list/>', [signer.der])).outcome).toBe('rejected');
    expect(s.get('AR')?.sequenceNumber).toBe(3);
  });

  it('a stale list is installed with a warning, or refused by policy; get() says whether the list in use is stale', async () => {
    const old = await sign(2, { nextUpdate: new Date(NOW.getTime() - DAY) });
    const warn = store();
    const o = await warn.offer('AR', old, [signer.der]);
    expect(o.outcome).toBe('installed');
    expect(o.reasons[0]).toMatch(/^stale/);
    expect(warn.get('AR')?.stale).toBe(true);
    expect((await store({ stale: 'reject' }).offer('AR', old, [signer.der])).outcome).toBe('rejected');
    const fresh = store();
    await fresh.offer('AR', await sign(2), [signer.der]);
    expect(fresh.get('AR')?.stale).toBe(false);
    expect(fresh.get('AR', new Date(NOW.getTime() + 60 * DAY))?.stale).toBe(true);
  });

  it('replacement is atomic: a failed write leaves the old list in use; a restart restores only a list that still validates', async () => {
    const storage = memoryStorage();
    const s = store({ storage });
    await s.offer('AR', await sign(10), [signer.der]);
    storage.failNext = true;
    await expect(s.offer('AR', await sign(11), [signer.der])).rejects.toThrow(/disk full/);
    expect(s.get('AR')?.sequenceNumber).toBe(10);
    expect(new TextDecoder().decode(storage.data.get('AR'))).toMatch(/<TSLSequenceNumber>10</);
    const restarted = store({ storage });
    expect((await restarted.restore('AR', [signer.der])).outcome).toBe('installed');
    expect(restarted.get('AR')?.sequenceNumber).toBe(10);
    // Tampered at rest: refused on restore.
    storage.data.set(
      'AR',
      new TextEncoder().encode(new TextDecoder().decode(storage.data.get('AR')).replace('>AR<', '>UY<')),
    );
    expect((await store({ storage }).restore('AR', [signer.der])).outcome).toBe('rejected');
    expect((await store({ storage }).restore('BR', [signer.der])).reasons[0]).toMatch(/nothing stored/);
  });
});
