import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HASH_LENGTH, base64Decode } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { describe, expect, it } from 'vitest';
import { KNOWN_SIGNATURE_POLICIES, addKnownPolicies, createPolicyStore } from '../src';

const LAC = fileURLToPath(new URL('../../../../shared/corpus/lac/', import.meta.url));
const HAVE_CORPUS = existsSync(`${LAC}manifest.json`);
if (!HAVE_CORPUS) console.warn(`policy-known: ${LAC} is absent; the staged DGT PDF cases are skipped`);

const DIAN = 'https://facturaelectronica.dian.gov.co/politicadefirma/v2/politicadefirmav2.pdf';
const TRIBUNET =
  'https://tribunet.hacienda.go.cr/docs/esquemas/2016/v4.1/Resolucion_Comprobantes_Electronicos_DGT-R-48-2016.pdf';

describe('KNOWN_SIGNATURE_POLICIES', () => {
  it('every digest is base64 of the length its hash gives; identifiers are unique https URLs', () => {
    const ids = KNOWN_SIGNATURE_POLICIES.map((p) => p.identifier);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of KNOWN_SIGNATURE_POLICIES) {
      expect(p.identifier).toMatch(/^https:\/\/[a-z.]+\.(go\.cr|gov\.co)\//);
      expect(p.publications.length).toBeGreaterThan(0);
      for (const pub of p.publications) {
        expect(pub.provenance.length).toBeGreaterThan(20);
        for (const d of pub.digests)
          expect(base64Decode(d.base64).length, d.base64).toBe(HASH_LENGTH[d.hash]);
      }
    }
  });
  it('holds DGT-R-48-2016 v4.0 to v4.3 (v4.3 under both hosts) and DIAN v2', () => {
    const cr = KNOWN_SIGNATURE_POLICIES.filter((p) => p.country === 'CR').map((p) => p.identifier);
    for (const v of ['/v4/', '/v4.1/', '/v4.2/']) expect(cr.some((u) => u.includes(v))).toBe(true);
    expect(
      cr
        .filter((u) => u.includes('/v4.3/'))
        .map((u) => new URL(u).host)
        .sort(),
    ).toEqual(['atv.hacienda.go.cr', 'www.hacienda.go.cr']);
    expect(KNOWN_SIGNATURE_POLICIES.find((p) => p.identifier === DIAN)?.publications[0]?.evidence).toBe(
      'published',
    );
  });
  it("marks the tribunet v4.1 SHA-1 as in use only (it is FacturaE v3.1's digest, not a DGT document's)", () => {
    const pub = KNOWN_SIGNATURE_POLICIES.find((p) => p.identifier === TRIBUNET)?.publications[0];
    expect(pub?.digests).toEqual([{ hash: 'SHA-1', base64: 'Ohixl6upD6av8N7pEvDABhEL6hM=' }]);
    expect(pub?.evidence).toBe('in-use');
    expect(pub?.provenance).toContain('FacturaE');
  });
});

describe('addKnownPolicies', () => {
  it('adds every identifier to a store keyed by URI, with its sources', () => {
    const store = createPolicyStore();
    const proper = KNOWN_SIGNATURE_POLICIES.filter((p) =>
      p.publications.some((x) => x.evidence !== 'in-use'),
    );
    expect(addKnownPolicies(store)).toBe(proper.length);
    expect(store.oids().sort()).toEqual(proper.map((p) => p.identifier).sort());
    const hit = store.lookup(DIAN, 'SHA-256', base64Decode('dMoMvtcG5aIzgYo0tIsSQeVJBDnUnfSOfBpxXrmor0Y='));
    expect(hit.status).toBe('match');
    expect(hit.status === 'match' && hit.source).toContain('DIAN');
    expect(store.get(DIAN)?.uri).toBe(DIAN);
    // A value signers write that is not a digest of the DGT document: only on request.
    const inUse = base64Decode('Ohixl6upD6av8N7pEvDABhEL6hM=');
    expect(store.lookup(TRIBUNET, 'SHA-1', inUse).status).not.toBe('match');
    const lenient = createPolicyStore();
    addKnownPolicies(lenient, { inUse: true });
    const old = lenient.lookup(TRIBUNET, 'SHA-1', inUse);
    expect(old.status === 'match' && old.source).toContain('[in-use]');
  });
  it('a digest of another publication, another hash or an unknown URL does not match', () => {
    const store = createPolicyStore();
    addKnownPolicies(store);
    const miss = store.lookup(DIAN, 'SHA-256', new Uint8Array(32));
    expect(miss.status === 'mismatch' && miss.reason).toBe('digest-differs');
    const noSha1 = store.lookup(DIAN, 'SHA-1', new Uint8Array(20));
    expect(noSha1.status === 'mismatch' && noSha1.reason).toBe('no-digest-for-hash');
    expect(store.lookup('https://example.test/policy.pdf', 'SHA-256', new Uint8Array(32)).status).toBe(
      'unknown',
    );
    // The v4.3 digest is not one of v4.2's, though the URLs look alike.
    const v42 = KNOWN_SIGNATURE_POLICIES.find((p) => p.identifier.includes('/v4.2/'))!.identifier;
    const v43 = base64Decode('0h7Q3dFHhu0bHbcZEgVc07cEcDlquUeG08HG6Iototo=');
    expect(store.lookup(v42, 'SHA-256', v43).status).toBe('mismatch');
  });
  it('adding twice keeps one copy of each digest', () => {
    const store = createPolicyStore();
    addKnownPolicies(store);
    addKnownPolicies(store);
    expect(store.get(DIAN)?.digests.length).toBe(1);
  });
});

interface ManifestFile {
  readonly path: string;
  readonly kind: string;
  readonly what?: string;
}

describe.skipIf(!HAVE_CORPUS)('the staged DGT PDFs (../shared/corpus/lac)', () => {
  it('each PDF hashes to a digest the table knows for the URL its manifest entry names', async () => {
    const manifest = JSON.parse(readFileSync(`${LAC}manifest.json`, 'utf8')) as { files: ManifestFile[] };
    const pdfs = manifest.files.filter((f) => f.kind === 'signature-policy-pdf');
    expect(pdfs.length).toBeGreaterThan(0);
    const store = createPolicyStore();
    addKnownPolicies(store);
    for (const f of pdfs) {
      const url = /policy id URL:\s*(https?:\/\/[^\s;]+)/.exec(f.what ?? '')?.[1];
      expect(url, f.path).toBeDefined();
      const bytes = new Uint8Array(readFileSync(`${LAC}${f.path}`));
      for (const hash of ['SHA-256', 'SHA-1'] as const) {
        const r = store.lookup(url!, hash, await nodeCryptoEngine.digest(hash, bytes));
        expect(r.status, `${f.path} ${hash}`).toBe('match');
      }
    }
  });
});
