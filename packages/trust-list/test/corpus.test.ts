/**
 * The DSS trusted-list corpus, read in place from ../shared/corpus/trusted-lists (never copied into the
 * repository): the EU set parses with its facts, the LOTL passes with its anchor, an altered list and an
 * unsigned one are rejected, and the pivot chain 172 → 191 → 226 → 247 validates from the Damas anchor.
 * The whole manifest is compared by `mutua conformance`; this is the package's own smoke test of it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCertificates } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { describe, expect, it } from 'vitest';
import {
  parseTrustedList,
  pivotUrls,
  trustedListPointers,
  validatePivotChain,
  verifyTrustedListSignature,
} from '../src/index';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/trusted-lists/', import.meta.url));
const present = existsSync(join(CORPUS, 'manifest.json'));
if (!present)
  console.warn(`trust-list corpus tests skipped: ${CORPUS} is absent (the corpus lives in ../shared/corpus)`);
const read = (p: string) => readFileSync(join(CORPUS, p));
const anchor = (name: string) => parseCertificates(read(`anchors/${name}.pem`));
const crypto = nodeCryptoEngine;

describe.skipIf(!present)('trusted-list corpus (DSS test resources)', () => {
  it('parses every list of the EU set with the facts the manifest computed', () => {
    const manifest = JSON.parse(read('manifest.json').toString('utf8')) as {
      path: string;
      computed: Record<string, unknown>;
    }[];
    const eu = manifest.filter(
      (e) => e.path.startsWith('dss-tsl-validation/lotlCache/') && /\/[A-Z]{2}\.xml$/.test(e.path),
    );
    expect(eu.length).toBeGreaterThan(25);
    for (const e of eu) {
      const list = parseTrustedList(read(e.path));
      expect(list.schemeInformation.tslSequenceNumber, e.path).toBe(e.computed.tslSequenceNumber);
      expect(list.schemeInformation.schemeTerritory, e.path).toBe(e.computed.schemeTerritory);
      expect(list.certificates.size, e.path).toBe(e.computed.distinctServiceCertificates);
    }
  });

  it('the LOTL 248 is signed by the Kremer certificate and points to 31 TLs', async () => {
    const lotl = parseTrustedList(read('dss-tsl-validation/lotlCache/EU.xml'));
    expect(trustedListPointers(lotl)).toHaveLength(31);
    const v = await verifyTrustedListSignature(lotl, {
      announcedCertificates: anchor('eu-lotl-signer-kremer'),
      crypto,
    });
    expect(v.indication).toBe('TOTAL_PASSED');
  });

  it('rejects the altered and the unsigned copies of the Czech list', async () => {
    const cz = anchor('cz-tl-signer');
    const broken = await verifyTrustedListSignature(
      parseTrustedList(read('dss-tsl-validation/lotlCache/CZ_broken-sig.xml')),
      { announcedCertificates: cz, crypto },
    );
    expect([broken.indication, broken.subIndication]).toEqual(['TOTAL_FAILED', 'HASH_FAILURE']);
    const unsigned = await verifyTrustedListSignature(
      parseTrustedList(read('dss-tsl-validation/lotlCache/CZ_no-sig.xml')),
      { announcedCertificates: cz, crypto },
    );
    expect(unsigned.indication).toBe('TOTAL_FAILED');
  });

  it('validates the pivot chain 172 → 191 → 226 → 247 from the Damas anchor', async () => {
    const dir = 'dss-tsl-validation/lotlCache/';
    const files = new Map(
      readdirSync(join(CORPUS, dir))
        .filter((f) => /^tl_pivot_\d+_mp\.xml$/.test(f))
        .map((f) => [f.replace(/_/g, '-'), f]),
    );
    const lotl = parseTrustedList(read(`${dir}tl_pivot_247_mp.xml`));
    expect(pivotUrls(lotl)).toHaveLength(4);
    const pivots = (url: string) => {
      const f = files.get(url.split('/').pop()!);
      return f ? read(dir + f) : undefined;
    };
    const r = await validatePivotChain(lotl, {
      officialJournalCertificates: anchor('eu-pivot-anchor-damas'),
      pivots,
      crypto,
    });
    expect(r.pivots.map((p) => [p.sequenceNumber, p.indication])).toEqual([
      [172, 'TOTAL_PASSED'],
      [191, 'TOTAL_PASSED'],
      [226, 'TOTAL_PASSED'],
      [247, 'TOTAL_PASSED'],
    ]);
    expect(r.lotl.indication).toBe('TOTAL_PASSED');
  });
});
