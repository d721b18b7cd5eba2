/**
 * verifyTrustedListSignature and the pivot chain, on testkit-built lists signed with signXades: the
 * accepted case, and every rejection the issue lists (unsigned, twice signed, altered, unannounced
 * signer, a reference that does not cover the list), the LOTL → TL pointer, and pivots good and broken.
 */
import { nodeCryptoEngine } from '@mutua/core/node';
import { signXades } from '@mutua/xades';
import { describe, expect, it } from 'vitest';
import {
  TSL_URIS,
  buildTrustedList,
  loadListOfTrustedLists,
  parseTrustedList,
  trustedListPointers,
  validatePivotChain,
  verifyTrustedListSignature,
} from '../src/index';
import { pkiPromise, signList } from './helpers';

const crypto = nodeCryptoEngine;

describe('verifyTrustedListSignature', () => {
  it('accepts a list signed by an announced certificate, and names the signer', async () => {
    const pki = await pkiPromise;
    const list = parseTrustedList(await signList(buildTrustedList({ territory: 'AR' }), pki.endEntity));
    const v = await verifyTrustedListSignature(list, {
      announcedCertificates: [pki.endEntity.der],
      crypto,
      time: new Date('2000-01-01T00:00:00Z'),
    });
    expect(v.indication).toBe('TOTAL_PASSED');
    expect(v.signer?.der).toEqual(pki.endEntity.der);
    expect(v.signerAnnounced).toBe(true);
    // Validity is reported apart and does not change the verdict.
    expect(v.signerValidity?.valid).toBe(false);
  });

  it('rejects an unsigned list', async () => {
    const v = await verifyTrustedListSignature(parseTrustedList(buildTrustedList()), {
      announcedCertificates: [],
      crypto,
    });
    expect([v.indication, v.subIndication]).toEqual(['TOTAL_FAILED', 'FORMAT_FAILURE']);
    expect(v.reasons.at(-1)).toBe('Number of signatures must be equal to 1 (currently: 0)');
  });

  it('rejects a list signed twice', async () => {
    const pki = await pkiPromise;
    const once = await signList(buildTrustedList(), pki.endEntity);
    const twice = await signList(once, pki.endEntity);
    const list = parseTrustedList(twice);
    expect(list.signatureCount).toBe(2);
    const v = await verifyTrustedListSignature(list, { announcedCertificates: [pki.endEntity.der], crypto });
    expect([v.indication, v.subIndication]).toEqual(['TOTAL_FAILED', 'FORMAT_FAILURE']);
    expect(v.reasons.at(-1)).toMatch(/currently: 2/);
  });

  it('rejects a list altered after signing, still naming who signed it', async () => {
    const pki = await pkiPromise;
    const signed = await signList(buildTrustedList({ territory: 'UY' }), pki.endEntity);
    const altered = signed.replace(
      '<SchemeTerritory>UY</SchemeTerritory>',
      '<SchemeTerritory>UZ</SchemeTerritory>',
    );
    const v = await verifyTrustedListSignature(parseTrustedList(altered), {
      announcedCertificates: [pki.endEntity.der],
      crypto,
    });
    expect([v.indication, v.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
    expect(v.signer?.der).toEqual(pki.endEntity.der);
  });

  it('rejects a list signed by a certificate that is not announced', async () => {
    const pki = await pkiPromise;
    const other = await pki.issue();
    const list = parseTrustedList(await signList(buildTrustedList(), other));
    const v = await verifyTrustedListSignature(list, {
      announcedCertificates: [pki.endEntity.der, pki.issuingCa.der],
      crypto,
    });
    expect([v.indication, v.subIndication]).toEqual(['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND']);
    expect(v.reasons.at(-1)).toMatch(/not among the 2 certificate\(s\) announced/);
    const none = await verifyTrustedListSignature(list, { announcedCertificates: [], crypto });
    expect(none.indication).toBe('INDETERMINATE');
  });

  it('rejects a signature whose reference does not cover the whole list', async () => {
    const pki = await pkiPromise;
    const xml = buildTrustedList().replace('<SchemeInformation>', '<SchemeInformation Id="si">');
    const signed = await signXades({
      content: { kind: 'enveloped', document: xml, uri: '#si' },
      key: pki.endEntity.key.privateKey,
      certificate: pki.endEntity.der,
    });
    const v = await verifyTrustedListSignature(parseTrustedList(signed.xml), {
      announcedCertificates: [pki.endEntity.der],
      crypto,
    });
    expect([v.indication, v.subIndication]).toEqual(['TOTAL_FAILED', 'FORMAT_FAILURE']);
    expect(v.reasons.at(-1)).toMatch(/no Reference covers the whole list/);
  });

  it('accepts a national list through the LOTL pointer that announces its signer, and only then', async () => {
    const pki = await pkiPromise;
    const tlSigner = await pki.issue();
    const lotl = parseTrustedList(
      await signList(
        buildTrustedList({
          territory: 'EU',
          type: TSL_URIS.EU_LIST_OF_THE_LISTS,
          pointers: [
            { location: 'https://tl.example/cl.xml', territory: 'CL', certificates: [tlSigner.der] },
          ],
        }),
        pki.endEntity,
      ),
    );
    const tl = parseTrustedList(await signList(buildTrustedList({ territory: 'CL' }), tlSigner));
    const pointer = trustedListPointers(lotl).find(
      (p) => p.schemeTerritory === tl.schemeInformation.schemeTerritory,
    )!;
    const accepted = await verifyTrustedListSignature(tl, {
      announcedCertificates: pointer.certificates,
      crypto,
    });
    expect(accepted.indication).toBe('TOTAL_PASSED');
    const unannounced = parseTrustedList(
      await signList(buildTrustedList({ territory: 'CL' }), pki.endEntity),
    );
    const rejected = await verifyTrustedListSignature(unannounced, {
      announcedCertificates: pointer.certificates,
      crypto,
    });
    expect([rejected.indication, rejected.subIndication]).toEqual([
      'INDETERMINATE',
      'NO_CERTIFICATE_CHAIN_FOUND',
    ]);
  });
});

describe('validatePivotChain', () => {
  /** OJ signer → pivot 1 (announces A) → pivot 2 (signed by A, announces B) → LOTL (signed by B). */
  async function chain() {
    const pki = await pkiPromise;
    const oj = pki.endEntity;
    const a = await pki.issue();
    const b = await pki.issue();
    const self = (der: Uint8Array) => [
      {
        location: 'https://lotl.example/lotl.xml',
        territory: 'EU',
        type: TSL_URIS.EU_LIST_OF_THE_LISTS,
        certificates: [der],
      },
    ];
    const uris = [
      'https://lotl.example/pivot-2.xml',
      'https://lotl.example/pivot-1.xml',
      'https://oj.example/c-2026',
    ];
    const pivot1 = await signList(
      buildTrustedList({
        territory: 'EU',
        sequenceNumber: 1,
        type: TSL_URIS.EU_LIST_OF_THE_LISTS,
        pointers: self(a.der),
      }),
      oj,
    );
    const pivot2 = await signList(
      buildTrustedList({
        territory: 'EU',
        sequenceNumber: 2,
        type: TSL_URIS.EU_LIST_OF_THE_LISTS,
        schemeInformationUris: uris.slice(1),
        pointers: self(b.der),
      }),
      a,
    );
    const lotl = await signList(
      buildTrustedList({
        territory: 'EU',
        sequenceNumber: 3,
        type: TSL_URIS.EU_LIST_OF_THE_LISTS,
        schemeInformationUris: uris,
        pointers: self(b.der),
      }),
      b,
    );
    const served: Record<string, string> = { [uris[0]!]: pivot2, [uris[1]!]: pivot1 };
    return { oj, lotl, served, pivot1, pki };
  }

  it('follows the pivots oldest first from the OJ-announced certificates', async () => {
    const { oj, lotl, served } = await chain();
    const r = await validatePivotChain(parseTrustedList(lotl), {
      officialJournalCertificates: [oj.der],
      pivots: (u) => served[u],
      crypto,
    });
    expect(r.pivots.map((p) => [p.sequenceNumber, p.indication])).toEqual([
      [1, 'TOTAL_PASSED'],
      [2, 'TOTAL_PASSED'],
    ]);
    expect(r.pivotsIndication).toBe('TOTAL_PASSED');
    expect(r.lotl.indication).toBe('TOTAL_PASSED');
    const loaded = await loadListOfTrustedLists(lotl, {
      officialJournalCertificates: [oj.der],
      pivots: (u) => served[u],
      crypto,
    });
    expect(loaded.accepted).toBe(true);
  });

  it('a broken pivot makes the LOTL INDETERMINATE', async () => {
    const { oj, lotl, served, pivot1 } = await chain();
    const broken: Record<string, string> = {
      ...served,
      'https://lotl.example/pivot-1.xml': pivot1.replace('<TSLSequenceNumber>1<', '<TSLSequenceNumber>9<'),
    };
    const r = await validatePivotChain(parseTrustedList(lotl), {
      officialJournalCertificates: [oj.der],
      pivots: (u) => broken[u],
      crypto,
    });
    expect(r.pivots.map((p) => [p.indication, p.subIndication])).toEqual([
      ['TOTAL_FAILED', 'HASH_FAILURE'],
      ['INDETERMINATE', 'NO_CERTIFICATE_CHAIN_FOUND'],
    ]);
    expect([r.lotl.indication, r.lotl.subIndication]).toEqual([
      'INDETERMINATE',
      'NO_CERTIFICATE_CHAIN_FOUND',
    ]);
    const missing = await validatePivotChain(parseTrustedList(lotl), {
      officialJournalCertificates: [oj.der],
      pivots: () => undefined,
      crypto,
    });
    expect(missing.lotl.indication).toBe('INDETERMINATE');
    expect(missing.pivots[0]?.reasons[0]).toMatch(/not available/);
  });

  it('wrong OJ certificates break the chain from the oldest pivot', async () => {
    const { lotl, served, pki } = await chain();
    const r = await validatePivotChain(parseTrustedList(lotl), {
      officialJournalCertificates: [pki.issuingCa.der],
      pivots: (u) => served[u],
      crypto,
    });
    expect(r.pivots[0]?.indication).toBe('INDETERMINATE');
    expect(r.lotl.indication).toBe('INDETERMINATE');
  });

  it('a new Official Journal announcement restarts the chain: older pivots are not followed', async () => {
    const { lotl, served, pki } = await chain();
    // Suppose a new OJ publication announced A (the signer of pivot 2) and the LOTL wrote that OJ's URL
    // before pivot 1: only pivot 2 is then followed, from A.
    const a = parseTrustedList(served['https://lotl.example/pivot-1.xml']!).schemeInformation
      .pointersToOtherTSL[0]!.certificates[0]!.der;
    const list = parseTrustedList(lotl);
    const cut = await validatePivotChain(list, {
      officialJournalCertificates: [a],
      officialJournalUrl: 'https://lotl.example/pivot-1.xml',
      pivots: (u) => served[u],
      crypto,
    });
    expect(cut.pivots.map((p) => p.sequenceNumber)).toEqual([2]);
    expect(cut.lotl.indication).toBe('TOTAL_PASSED');
    // Without the cut, pivot 1 (signed by the old OJ signer) is not signed by A: the chain breaks there.
    const uncut = await validatePivotChain(list, {
      officialJournalCertificates: [a],
      pivots: (u) => served[u],
      crypto,
    });
    expect(uncut.pivots[0]?.indication).toBe('INDETERMINATE');
    expect(pki).toBeDefined();
  });
});

describe('signTrustedList', () => {
  it('signs a built list so that verifyTrustedListSignature accepts it with the signer announced, and rejects an edit', async () => {
    const { signTrustedList } = await import('../src/index');
    const pki = await pkiPromise;
    const xml = await signTrustedList(buildTrustedList({ territory: 'AR' }), {
      key: pki.endEntity.key.privateKey,
      certificate: pki.endEntity.der,
      crypto: nodeCryptoEngine,
    });
    const ok = await verifyTrustedListSignature(parseTrustedList(xml), {
      announcedCertificates: [pki.endEntity.der],
      crypto: nodeCryptoEngine,
    });
    expect(ok.indication).toBe('TOTAL_PASSED');
    const edited = xml.replace(
      '<SchemeTerritory>AR</SchemeTerritory>',
      '<SchemeTerritory>UY</SchemeTerritory>',
    );
    expect(edited).not.toBe(xml);
    const bad = await verifyTrustedListSignature(parseTrustedList(edited), {
      announcedCertificates: [pki.endEntity.der],
      crypto: nodeCryptoEngine,
    });
    expect(bad.indication).toBe('TOTAL_FAILED');
  });
});
