/**
 * The real ICP-Brasil policy documents and approved-policy lists of `../shared/corpus/lac/br/policies/`:
 * every `PA_*.der` policy must load, and its SHA-256 (over the whole file) must equal the digest its
 * LPA entry (LPA_CAdES.der or LPA_PAdES.der) lists for its OID. Skipped when the corpus is absent.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nodeCryptoEngine } from '@mutua/core/node';
import { describe, expect, it } from 'vitest';
import { createPolicyStore, parseLpa, parseLpaXml, parseSignaturePolicy, policyDigest } from '../src';

const DIR = fileURLToPath(new URL('../../../../shared/corpus/lac/br/policies/', import.meta.url));
const MANIFEST = fileURLToPath(new URL('../../../../shared/corpus/lac/manifest.json', import.meta.url));
const present = existsSync(DIR);

interface ManifestFile {
  readonly path: string;
  readonly kind: string;
  readonly policyOid?: string;
  readonly expected?: string;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe.skipIf(!present)('ICP-Brasil policy corpus', () => {
  const read = (name: string) => new Uint8Array(readFileSync(DIR + name));

  it('parses every DER approved-policy list (v1 and v2)', () => {
    const counts: Record<string, string> = {};
    for (const name of ['LPA_CAdES.der', 'LPA_PAdES.der', 'LPAv2.der', 'LPA.der']) {
      const lpa = parseLpa(read(name));
      expect(lpa.entries.length).toBeGreaterThan(0);
      expect(lpa.nextUpdate).toBeInstanceOf(Date);
      counts[name] = `${lpa.format}, ${lpa.entries.length} entries`;
    }
    expect(parseLpa(read('LPA_CAdES.der')).format).toBe('v2');
    expect(parseLpa(read('LPA.der')).format).toBe('v1');
    console.log('LPA lists:', counts);
  });

  it('loads every PA_*.der policy and matches it against its LPA entry', async () => {
    const store = createPolicyStore();
    store.addLpa(parseLpa(read('LPA_CAdES.der')), 'LPA_CAdES.der');
    store.addLpa(parseLpa(read('LPA_PAdES.der')), 'LPA_PAdES.der');
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { files: ManifestFile[] };
    const expectedOid = new Map(
      manifest.files
        .filter((f) => f.kind === 'signature-policy-der')
        .map((f) => [f.path.split('/').pop()!, f] as const),
    );

    const files = readdirSync(DIR)
      .filter((f) => /^PA_.*\.der$/.test(f))
      .sort();
    const unmatched: string[] = [];
    const disagreements: string[] = [];
    let matched = 0;
    let embeddedOk = 0;
    let embeddedCarried = 0;
    const sources: Record<string, number> = {};
    for (const name of files) {
      const bytes = read(name);
      const doc = parseSignaturePolicy(bytes);
      const m = expectedOid.get(name);
      if (m?.policyOid) expect(doc.policyOid, name).toBe(m.policyOid);
      expect(doc.commonRules.mandatedSignedAttributes?.length ?? 0, name).toBeGreaterThan(0);
      const digest = await policyDigest(doc, 'SHA-256', nodeCryptoEngine);
      const r = store.lookup(doc.policyOid, 'SHA-256', digest);
      // The manifest says either "equals the PolicyDigest listed for OID … in LPA_X.der" or "Not listed".
      const listedIn = m?.expected?.match(/in (LPA_\w+\.der)/)?.[1];
      const notListed = m?.expected?.startsWith('Not listed') ?? false;
      if (r.status === 'match') {
        matched++;
        sources[r.source ?? '?'] = (sources[r.source ?? '?'] ?? 0) + 1;
        if (listedIn && r.source !== listedIn)
          disagreements.push(`${name}: found in ${r.source}, manifest says ${listedIn}`);
        if (notListed) disagreements.push(`${name}: manifest says not listed, but matched`);
      } else {
        unmatched.push(`${name} (${doc.policyOid}): ${r.status}${'reason' in r ? ` ${r.reason}` : ''}`);
        if (!notListed) disagreements.push(`${name}: ${r.status}, manifest says listed in ${listedIn}`);
      }
      // The embedded signPolicyHash: over signPolicyHashAlg + signPolicyInfo in the ICP-Brasil documents.
      if (doc.signPolicyHash && doc.hash) {
        embeddedCarried++;
        const d = await policyDigest(doc, doc.hash, nodeCryptoEngine, { over: 'signPolicyHashInput' });
        if (hex(d) === hex(doc.signPolicyHash)) embeddedOk++;
      }
    }
    console.log(
      `policies: ${files.length} loaded, ${matched} matched (${JSON.stringify(sources)}), ${unmatched.length} unmatched` +
        `; embedded signPolicyHash carried by ${embeddedCarried}, equal to hash(signPolicyHashAlg + signPolicyInfo) in ${embeddedOk}`,
      unmatched,
    );
    expect(files.length).toBeGreaterThan(40);
    expect(disagreements).toEqual([]);
    // The four PAdES policies newer than the LPA_PAdES.der snapshot are the only ones not listed.
    expect(unmatched.every((u) => u.startsWith('PA_PAdES_') && u.endsWith('unknown'))).toBe(true);
    expect(matched).toBe(files.length - unmatched.length);
    expect(embeddedOk).toBe(embeddedCarried);
  });

  it('matches the older lists (LPAv2.der by OID, LPA.der v1 by URI with SHA-1) where the file is here', async () => {
    const have = new Set(readdirSync(DIR));
    const report: Record<string, string> = {};
    for (const list of ['LPAv2.der', 'LPA.der']) {
      let ok = 0;
      let absent = 0;
      const bad: string[] = [];
      for (const e of parseLpa(read(list)).entries) {
        const file = e.policyUri?.split('/').pop();
        if (!file || !have.has(file)) {
          absent++;
          continue;
        }
        const d = e.digests.find((x) => x.format === undefined || x.format === 'der');
        if (!d?.hash) {
          bad.push(`${file}: no usable digest`);
          continue;
        }
        const got = await policyDigest(read(file), d.hash, nodeCryptoEngine);
        if (hex(got) === hex(d.value)) ok++;
        else bad.push(`${file}: ${d.hash} differs`);
      }
      report[list] = `${ok} matched, ${absent} files absent, ${bad.length} differ ${JSON.stringify(bad)}`;
      expect(ok, list).toBeGreaterThan(0);
    }
    console.log('older lists:', report);
  });

  it('parses the XML lists and reports how many PA_*.xml files hash (as files) to their listed digest', async () => {
    const have = new Set(readdirSync(DIR));
    const report: Record<string, string> = {};
    for (const list of ['LPA_XAdES.xml', 'LPAv2.xml', 'LPA.xml']) {
      const lpa = parseLpaXml(readFileSync(DIR + list, 'utf8'));
      expect(lpa.entries.length, list).toBeGreaterThan(0);
      expect(lpa.nextUpdate, list).toBeInstanceOf(Date);
      let ok = 0;
      let absent = 0;
      const differ: string[] = [];
      for (const e of lpa.entries) {
        for (const d of e.digests) {
          if (d.format !== 'xml' && d.format !== 'der') continue;
          const file = e.uris[d.format]?.split('/').pop();
          if (!file || !have.has(file) || !d.hash) {
            absent++;
            continue;
          }
          const got = await policyDigest(read(file), d.hash, nodeCryptoEngine);
          if (hex(got) === hex(d.value)) ok++;
          else differ.push(file);
        }
      }
      if (list === 'LPA_XAdES.xml') {
        expect(ok).toBe(lpa.entries.length);
        expect(differ).toEqual([]);
      }
      report[list] =
        `${lpa.format}, ${lpa.entries.length} entries; ${ok} file digests match, ${absent} absent, ${differ.length} differ ${JSON.stringify(differ)}`;
    }
    for (const list of ['LPA_XAdES.xml', 'LPAv2.xml']) {
      const lpa = parseLpaXml(readFileSync(DIR + list, 'utf8'));
      expect(lpa.format, list).toBe('v2');
      expect(
        lpa.entries.every((e) => e.policyOid?.startsWith('2.16.76.1.7.1.')),
        list,
      ).toBe(true);
    }
    console.log('XML lists:', report);
  });

  it('finds trust anchors and algorithm constraints in a v2 policy', () => {
    const doc = parseSignaturePolicy(read('PA_AD_RB_v2_3.der'));
    expect(doc.policyOid).toBe('2.16.76.1.7.1.1.2.3');
    expect(doc.hash).toBe('SHA-256');
    expect(doc.dateOfIssue).toEqual(new Date('2018-05-14T00:00:00Z'));
    expect(doc.signingPeriod.notAfter).toEqual(new Date('2029-03-02T00:00:00Z'));
    expect(doc.commonRules.mandatedSignedAttributes).toEqual([
      '1.2.840.113549.1.9.3',
      '1.2.840.113549.1.9.4',
      '1.2.840.113549.1.9.16.2.47',
      '1.2.840.113549.1.9.16.2.15',
    ]);
    expect(doc.commonRules.signerTrustPoints?.length).toBeGreaterThanOrEqual(2);
    expect(doc.commonRules.algorithmConstraints?.signer).toEqual([
      { algorithm: '1.2.840.113549.1.1.11', minKeyLength: 2048 },
      { algorithm: '1.2.840.113549.1.1.13', minKeyLength: 2048 },
    ]);
    expect(doc.commitmentRules[0]?.commitmentTypes).toBe('any');
    expect(doc.issuerName).toContain('ICP-Brasil');
  });
});
