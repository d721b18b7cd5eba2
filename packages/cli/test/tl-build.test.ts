import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toPem } from '@mutua/core';
import { createTestPki } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import { run } from '../src/index';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// The signer's key comes from a PKCS#12 file, as an operator would hold it; OpenSSL writes the file.
describe.skipIf(!hasOpenssl())('mutua tl build (needs openssl to write the PKCS#12 key file)', () => {
  it('builds and signs a MERCOSUR-style list of national roots, which tl show then accepts with the printed signer announced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutua-tl-build-'));
    const operator = await createTestPki({ name: 'Montevideo Ministry', keySpec: 'P-256' });
    const ar = await createTestPki({ name: 'AC Raiz AR' });
    const br = await createTestPki({ name: 'AC Raiz BR' });
    writeFileSync(join(dir, 'ar.crt'), ar.root.der);
    writeFileSync(join(dir, 'br.crt'), br.root.der);
    writeFileSync(join(dir, 'op.crt'), toPem(operator.endEntity.der));
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', operator.endEntity.key.privateKey));
    writeFileSync(join(dir, 'op.key'), toPem(pkcs8, 'PRIVATE KEY'));
    execFileSync('openssl', [
      'pkcs12',
      '-export',
      '-in',
      join(dir, 'op.crt'),
      '-inkey',
      join(dir, 'op.key'),
      '-out',
      join(dir, 'op.p12'),
      '-passout',
      'pass:secret',
    ]);
    writeFileSync(
      join(dir, 'spec.json'),
      JSON.stringify({
        territory: 'UY',
        sequenceNumber: 3,
        operatorName: 'Ministerio (test)',
        nextUpdate: '2099-01-01T00:00:00Z',
        providers: [
          {
            name: 'AC Raíz AR',
            services: [
              {
                certificates: ['ar.crt'],
                type: 'http://uri.etsi.org/TrstSvc/Svctype/NationalRootCA-QC',
                statusStartingTime: '2021-08-12T00:00:00Z',
              },
            ],
          },
          {
            name: 'ICP-Brasil',
            services: [{ certificates: ['br.crt'], statusStartingTime: '2024-11-10T00:00:00Z' }],
          },
        ],
      }),
    );
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t) };
    process.env.MUTUA_TEST_P12 = 'secret';
    const code = await run(
      [
        'tl',
        'build',
        join(dir, 'spec.json'),
        '--key',
        join(dir, 'op.p12'),
        '--password-env',
        'MUTUA_TEST_P12',
        '--out',
        join(dir, 'mercosur.xml'),
      ],
      io,
    );
    expect(code).toBe(0);
    expect(out.join('')).toMatch(/UY list, sequence 3, 2 provider\(s\).*signed by ".*Montevideo Ministry/);
    expect(readFileSync(join(dir, 'mercosur.xml'), 'utf8')).toMatch(/<ds:Signature/);
    const shown: string[] = [];
    expect(
      await run(
        ['tl', 'show', join(dir, 'mercosur.xml'), '--announced', join(dir, 'op.crt'), '--format', 'json'],
        {
          out: (t) => shown.push(t),
          err: () => {},
        },
      ),
    ).toBe(0);
    expect(JSON.parse(shown.join('')).providers.map((p: { name: string }) => p.name)).toEqual([
      'AC Raíz AR',
      'ICP-Brasil',
    ]);
    // A spec that is not JSON, and a wrong password, are clear input errors (exit 2), never a crash.
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    expect(
      await run(
        ['tl', 'build', join(dir, 'bad.json'), '--key', join(dir, 'op.p12'), '--out', join(dir, 'y.xml')],
        io,
      ),
    ).toBe(2);
    process.env.MUTUA_TEST_P12 = 'wrong';
    expect(
      await run(
        [
          'tl',
          'build',
          join(dir, 'spec.json'),
          '--key',
          join(dir, 'op.p12'),
          '--password-env',
          'MUTUA_TEST_P12',
          '--out',
          join(dir, 'x.xml'),
        ],
        io,
      ),
    ).toBe(2);
  });
});
