import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCertificates, parseCrl } from '../src/index';

// The shared corpus sits beside the repository (../shared/corpus); these tests skip when it is absent.
const corpus = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
const pkits = join(corpus, 'pkits');
const lac = join(corpus, 'lac');

function failures(files: string[], parse: (b: Uint8Array) => unknown): string[] {
  const bad: string[] = [];
  for (const f of files) {
    try {
      parse(readFileSync(f));
    } catch (e) {
      bad.push(`${f}: ${(e as Error).message}`);
    }
  }
  return bad;
}

describe.skipIf(!existsSync(pkits))('every PKITS certificate and CRL parses', () => {
  it('405 certificates', () => {
    const files = readdirSync(join(pkits, 'certs')).map((f) => join(pkits, 'certs', f));
    expect(files.length).toBeGreaterThanOrEqual(405);
    expect(failures(files, parseCertificates)).toEqual([]);
  });
  it('173 CRLs', () => {
    const files = readdirSync(join(pkits, 'crls')).map((f) => join(pkits, 'crls', f));
    expect(files.length).toBeGreaterThanOrEqual(173);
    expect(failures(files, parseCrl)).toEqual([]);
  });
});

describe.skipIf(!existsSync(lac))('every Latin American certificate parses', () => {
  it('all certificate files of the LAC manifest', () => {
    const manifest = JSON.parse(readFileSync(join(lac, 'manifest.json'), 'utf8')) as {
      files: { path: string; kind: string }[];
    };
    const files = manifest.files.filter((f) => /cert/.test(f.kind)).map((f) => join(lac, f.path));
    expect(files.length).toBeGreaterThan(300);
    expect(
      failures(files, (b) => {
        const certs = parseCertificates(b);
        if (certs.length === 0) throw new Error('no certificate');
      }),
    ).toEqual([]);
  });
});
