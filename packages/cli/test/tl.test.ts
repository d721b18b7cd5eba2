import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, signCms } from '@mutua/testkit';
import {
  QUALIFICATION_URIS,
  additionalServiceInformationExtension,
  buildTrustedList,
  signTrustedList,
} from '@mutua/trust-list';
import { describe, expect, it } from 'vitest';
import { run } from '../src/index';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('mutua tl show / find', () => {
  it('a list is accepted only when signed by an announced certificate; find names the services and the qualification', async () => {
    const pki = await createTestPki({ name: 'TL CLI' });
    const operator = await createTestPki({ name: 'TL CLI Operator' });
    const qes = await pki.issuingCa.issue({
      extensions: { qcStatements: { compliance: true, sscd: true, type: ['eSign'] } },
    });
    const xml = buildTrustedList({
      territory: 'EE',
      providers: [
        {
          name: 'Mutua QTSP',
          services: [
            {
              certificates: [pki.issuingCa.der],
              statusStartingTime: new Date('2016-07-01T00:00:00Z'),
              extensions: [additionalServiceInformationExtension(QUALIFICATION_URIS.FOR_ESIGNATURES)],
            },
          ],
        },
      ],
    });
    const signed = await signTrustedList(xml, {
      key: operator.endEntity.key.privateKey,
      certificate: operator.endEntity.der,
    });
    const dir = mkdtempSync(join(tmpdir(), 'mutua-tl-'));
    const write = (n: string, b: Uint8Array | string) => {
      writeFileSync(join(dir, n), b);
      return join(dir, n);
    };
    const list = write('ee.xml', signed);
    const signer = write('operator.crt', operator.endEntity.der);
    const other = write('other.crt', pki.endEntity.der);
    const leaf = write('qes.crt', qes.der);

    const shown = capture();
    expect(await run(['tl', 'show', list, '--announced', signer, '--format', 'json'], shown.io)).toBe(0);
    const doc = JSON.parse(shown.out.join(''));
    expect(doc).toMatchObject({ schema: 'mutua.cli.tl-show/1', accepted: true });
    expect(doc.scheme.territory).toBe('EE');
    expect(doc.providers[0].services[0].statusAt).toMatch(/granted$/);

    // Not announced (or nothing announced): not accepted, and the signer to announce is named.
    const wrong = capture();
    expect(await run(['tl', 'show', list, '--announced', other, '--format', 'json'], wrong.io)).toBe(1);
    const w = JSON.parse(wrong.out.join(''));
    expect(w.accepted).toBe(false);
    expect(w.reasons.join(' ')).toMatch(/must be announced: ".*TL CLI Operator/);
    const none = capture();
    expect(await run(['tl', 'show', list], none.io)).toBe(1);
    expect(none.out.join('')).toMatch(/NOT ACCEPTED[\s\S]*--announced/);

    const found = capture();
    expect(
      await run(['tl', 'find', leaf, '--tl', list, '--announced', signer, '--format', 'json'], found.io),
    ).toBe(0);
    const f = JSON.parse(found.out.join(''));
    expect(f.services).toHaveLength(1);
    expect(f.services[0]).toMatchObject({ territory: 'EE', listAccepted: true, provider: 'Mutua QTSP' });
    expect(f.qualification.atIssuance).toMatchObject({ qualified: true, qscd: true, type: 'esig' });
    // From a list that is not accepted, the service is shown but gives no qualification.
    const untrusted = capture();
    expect(await run(['tl', 'find', leaf, '--tl', list, '--format', 'json'], untrusted.io)).toBe(1);
    const u = JSON.parse(untrusted.out.join(''));
    expect(u.services[0].listAccepted).toBe(false);
    expect(u.qualification.atIssuance.qualified).toBe(false);

    expect(await run(['tl', 'nope'], capture().io)).toBe(2);

    // mutua verify --tl: the list's services are the trust anchors, the signer's qualification comes from
    // it, and a recognition policy can build on both.
    const p7s = write(
      'qes.p7s',
      await signCms({ content: new TextEncoder().encode('contract'), signer: qes }),
    );
    const crl = write('ca.crl', (await pki.crl()).der);
    const policy = write(
      'brussels.json',
      JSON.stringify({
        version: 1,
        name: 'Brussels portal',
        relyingParty: 'EU',
        ladder: [
          { id: 'QES', label: 'qualified electronic signature' },
          { id: 'AdES', label: 'advanced electronic signature' },
        ],
        sources: [
          { id: 'ee-tl', jurisdiction: 'EE', nationalLevel: 'on the Estonian trusted list', rung: 'AdES' },
        ],
        rules: [{ kind: 'qualification', id: 'qes', rung: 'QES' }],
      }),
    );
    const verified = capture();
    const code = await run(
      [
        'verify',
        p7s,
        '--tl',
        list,
        '--announced',
        signer,
        '--crl',
        crl,
        '--recognition-policy',
        policy,
        '--format',
        'json',
      ],
      verified.io,
    );
    const sig = JSON.parse(verified.out.join('')).signatures[0];
    expect(sig.indication).toBe('TOTAL_PASSED');
    expect(code).toBe(0);
    expect(sig.trustAnchor.source).toBe('ee-tl:Mutua QTSP');
    expect(sig.qualification).toMatchObject({ qualified: true, qscd: true, type: 'esig' });
    expect(sig.recognition).toMatchObject({ recognised: true, level: 'QES', rule: 'qes' });
    // The lists the verdict rests on are cited, so that it can be reproduced.
    const cited = JSON.parse(verified.out.join('')).trustedLists;
    expect(cited).toEqual([expect.objectContaining({ file: list, territory: 'EE', sequenceNumber: 1 })]);
    expect(cited[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    // The list not accepted (nothing announced): no anchors from it, so no chain, and stderr says why.
    const unannounced = capture();
    await run(['verify', p7s, '--tl', list, '--crl', crl, '--format', 'json'], unannounced.io);
    expect(JSON.parse(unannounced.out.join('')).signatures[0].subIndication).toBe(
      'NO_CERTIFICATE_CHAIN_FOUND',
    );
    expect(unannounced.err.join('')).toMatch(/is not accepted, its services are not used/);
    // Relaxed on purpose: used, and said so on stderr and in the JSON's citation of the list.
    const relaxed = capture();
    await run(
      ['verify', p7s, '--tl', list, '--tl-acceptance', 'intact-signature', '--crl', crl, '--format', 'json'],
      relaxed.io,
    );
    const relaxedDoc = JSON.parse(relaxed.out.join(''));
    expect(relaxedDoc.signatures[0].indication).toBe('TOTAL_PASSED');
    expect(relaxedDoc.trustedLists[0].relaxed).toMatch(
      /^accepted under the relaxed acceptance "intact-signature"/,
    );
    expect(relaxed.err.join('')).toMatch(/is used although not fully verified/);
    expect(cited[0].relaxed).toBeNull();
    const bad = capture();
    expect(await run(['verify', p7s, '--tl', list, '--tl-acceptance', 'loose'], bad.io)).toBe(2);
  });
});
