import { Indication, STRICT_POLICY, validateCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { describe, expect, it } from 'vitest';
import {
  QUALIFICATION_URIS as U,
  buildTrustedList,
  parseTrustedList,
  trustAnchorsFromList,
} from '../src/index';
import { pkiPromise } from './helpers';

describe('trustAnchorsFromList', () => {
  it('gives the certificates of services trusted at the time, tagged with the list and the TSP', async () => {
    const pki = await pkiPromise;
    const withdrawnAt = new Date('2024-01-01T00:00:00Z');
    // The root's service: granted from 2016-07-01, withdrawn at `withdrawnAt`.
    const withdrawnRoot = {
      certificates: [pki.root.der],
      status: U.WITHDRAWN,
      statusStartingTime: withdrawnAt,
      history: [
        {
          certificates: [pki.root.der],
          status: U.GRANTED,
          statusStartingTime: new Date('2016-07-01T00:00:00Z'),
        },
      ],
    };
    const list = parseTrustedList(
      buildTrustedList({
        territory: 'ES',
        providers: [
          {
            name: 'Granted TSP',
            services: [
              { certificates: [pki.issuingCa.der], statusStartingTime: new Date('2016-07-01T00:00:00Z') },
            ],
          },
          {
            name: 'Withdrawn TSP',
            services: [withdrawnRoot],
          },
        ],
      }),
    );
    const now = trustAnchorsFromList(list, { at: new Date('2025-01-01T00:00:00Z') });
    expect(now.map((a) => a.source)).toEqual(['es-tl:Granted TSP']);
    // Before the withdrawal, both.
    const before = trustAnchorsFromList(list, { at: new Date('2020-01-01T00:00:00Z'), sourceId: 'eu-lotl' });
    expect(before.map((a) => a.source)).toEqual(['eu-lotl:Granted TSP', 'eu-lotl:Withdrawn TSP']);
    // The anchors validate a certificate the listed CA issued.
    const r = await validateCertificate({
      target: pki.endEntity.cert,
      trustAnchors: now,
      time: new Date(),
      policy: { ...STRICT_POLICY, revocation: { ...STRICT_POLICY.revocation, mode: 'ignore' } },
      crypto: nodeCryptoEngine,
    });
    expect(r.indication).toBe(Indication.TOTAL_PASSED);
    // With the history: both, each with the periods its service was trusted.
    const all = trustAnchorsFromList(list, { history: true });
    expect(all.map((a) => [a.source, a.trustedPeriods])).toEqual([
      ['es-tl:Granted TSP', [{ from: new Date('2016-07-01T00:00:00Z') }]],
      ['es-tl:Withdrawn TSP', [{ from: new Date('2016-07-01T00:00:00Z'), until: withdrawnAt }]],
    ]);
    // One certificate in two services (a CA/QC and a CA/PKC service, say): trusted whenever either was.
    const shared = parseTrustedList(
      buildTrustedList({
        territory: 'ES',
        providers: [
          {
            name: 'Two services',
            services: [
              withdrawnRoot,
              { certificates: [pki.root.der], statusStartingTime: new Date('2025-01-01T00:00:00Z') },
            ],
          },
        ],
      }),
    );
    expect(trustAnchorsFromList(shared, { history: true }).map((a) => a.trustedPeriods)).toEqual([
      [
        { from: new Date('2016-07-01T00:00:00Z'), until: withdrawnAt },
        { from: new Date('2025-01-01T00:00:00Z') },
      ],
    ]);
    // Only the types asked for.
    expect(
      trustAnchorsFromList(list, {
        at: new Date('2025-01-01T00:00:00Z'),
        serviceTypes: [U.NATIONAL_ROOT_CA_QC],
      }),
    ).toEqual([]);
  });
});
