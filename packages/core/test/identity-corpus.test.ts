import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Identity, extractIdentity } from '../src/identity';
import type { Certificate } from '../src/x509/certificate';
import { parseCertificates } from '../src/x509/input';

// The LAC corpus lives beside the repository (`../shared/corpus/lac`), never inside it.
const LAC = fileURLToPath(new URL('../../../../shared/corpus/lac/', import.meta.url));

interface Entry {
  readonly path: string;
  readonly kind: string;
  readonly country: string;
}

/** Every certificate of the corpus: certificate files, plus those embedded in XML samples and the signed PDF. */
function loadCorpus(): { country: string; path: string; cert: Certificate }[] {
  const manifest = JSON.parse(readFileSync(`${LAC}manifest.json`, 'utf8')) as { files: Entry[] };
  const out: { country: string; path: string; cert: Certificate }[] = [];
  const seen = new Set<string>();
  const add = (country: string, path: string, certs: Certificate[]) => {
    for (const cert of certs) {
      const h = createHash('sha256').update(cert.der).digest('hex');
      if (seen.has(h)) continue;
      seen.add(h);
      out.push({ country, path, cert });
    }
  };
  for (const f of manifest.files) {
    if (f.kind.endsWith('cert')) add(f.country, f.path, parseCertificates(readFileSync(LAC + f.path)));
    else if (f.path.endsWith('.xml')) {
      const text = readFileSync(LAC + f.path, 'latin1');
      for (const m of text.matchAll(/<(?:\w+:)?X509Certificate>([^<]+)</g)) {
        try {
          add(f.country, f.path, parseCertificates(m[1]!.replace(/&#1[03];/g, '')));
        } catch {
          // Deliberately corrupted certificates in negative test vectors.
        }
      }
    } else if (f.path.endsWith('.pdf')) {
      const text = readFileSync(LAC + f.path, 'latin1');
      for (const m of text.matchAll(/\/Contents\s*<([0-9A-Fa-f]+)>/g)) {
        const hex = m[1]!.replace(/(00)+$/, '');
        try {
          add(f.country, f.path, parseCertificates(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex')));
        } catch {
          // Not a PKCS#7 blob.
        }
      }
    }
  }
  return out;
}

describe.skipIf(!existsSync(`${LAC}manifest.json`))('extractIdentity over the LAC corpus', () => {
  const corpus = existsSync(`${LAC}manifest.json`) ? loadCorpus() : [];

  it('handles every certificate without throwing and finds identifiers in each country', () => {
    const stats = new Map<
      string,
      { certs: number; withIds: number; badCheck: number; problems: number; kinds: Record<string, number> }
    >();
    const results: { country: string; path: string; id: Identity }[] = [];
    for (const { country, path, cert } of corpus) {
      const id = extractIdentity(cert);
      results.push({ country, path, id });
      const s = stats.get(country) ?? { certs: 0, withIds: 0, badCheck: 0, problems: 0, kinds: {} };
      s.certs++;
      if (id.identifiers.length > 0) s.withIds++;
      if (id.identifiers.some((i) => i.checkDigit === 'invalid')) s.badCheck++;
      if (id.problems.length > 0) s.problems++;
      s.kinds[id.kind] = (s.kinds[id.kind] ?? 0) + 1;
      stats.set(country, s);
    }
    console.table(
      Object.fromEntries([...stats].sort().map(([c, s]) => [c, { ...s, kinds: JSON.stringify(s.kinds) }])),
    );
    expect(corpus.length).toBeGreaterThan(350);
    // Countries whose conventions put identifiers in most certificates, CAs included.
    for (const [country, min] of [
      ['AR', 3],
      ['BR', 4],
      ['CL', 25],
      ['CR', 15],
      ['MX', 12],
      ['PE', 20],
      ['DO', 10],
    ] as const) {
      expect(stats.get(country)?.withIds, country).toBeGreaterThanOrEqual(min);
    }
    // Check-digit failures only where the corpus is known to hold test data with invented numbers.
    const invalid = results.flatMap((r) =>
      r.id.identifiers
        .filter((i) => i.checkDigit === 'invalid')
        .map((i) => `${r.path}: ${i.scheme} ${i.value}`),
    );
    for (const x of invalid) expect(x).toMatch(/TEST-DTE|AAA010101AAA|HEGT761003MDFRNN09|digifirma|40102368/);
  });

  it('reads the real ICP-Brasil e-CPF and e-CNPJ of the signed samples', () => {
    const ecpf = corpus.find((c) => c.cert.subject.text.includes('EMERSON SACHIO SAITO'));
    expect(ecpf).toBeDefined();
    const id = extractIdentity(ecpf!.cert);
    expect(id.kind).toBe('natural-person');
    expect(id.birthDate).toBe('1973-03-14');
    expect(id.identifiers.map((i) => `${i.scheme}=${i.value}:${i.checkDigit}`)).toEqual([
      'BR-CPF=80621732915:valid',
      'BR-NIS=12330602733:valid',
      'BR-RG=56539964:not-applicable',
      'BR-TITULO-ELEITOR=081404700604:valid',
    ]);
    const ecnpj = corpus.find((c) => c.cert.subject.text.includes('CN=EMPRESA 57494239000182'));
    const j = extractIdentity(ecnpj!.cert);
    expect(j.kind).toBe('legal-person');
    expect(j.identifiers.find((i) => i.role === 'subject')).toMatchObject({
      scheme: 'BR-CNPJ',
      value: '57494239000182',
      checkDigit: 'valid',
    });
    expect(j.names.responsibleName).toBe('REPRESENTANTE');
    // The OU CNPJ is SERPRO's, the registration authority that identified the subscriber.
    expect(j.identifiers).toContainEqual(
      expect.objectContaining({ scheme: 'BR-CNPJ', value: '33683111000107', role: 'registration-authority' }),
    );
  });

  it('reads the Argentine DU of the signed PDF and the Chilean RUT otherNames', () => {
    const ar = corpus.find((c) => c.cert.subject.text.includes('DU 27195778'));
    expect(extractIdentity(ar!.cert).identifiers[0]).toMatchObject({ scheme: 'AR-DU', value: '27195778' });
    const acepta = corpus.filter((c) => c.path.includes('acepta-com'));
    expect(acepta.length).toBeGreaterThan(3);
    for (const c of acepta)
      expect(extractIdentity(c.cert).identifiers).toContainEqual(
        expect.objectContaining({ scheme: 'CL-RUT', value: '96919050-8', checkDigit: 'valid' }),
      );
  });

  it('decodes the qcStatements of the Evicertia qualified e-seal CA', () => {
    const evi = corpus.find((c) => c.cert.subject.text.includes('EVISEAL'));
    const id = extractIdentity(evi!.cert);
    expect(id.qc?.compliance).toBe(true);
    expect(id.qc?.problems).toEqual([]);
    expect(id.qc?.pds.length).toBeGreaterThan(0);
  });
});
