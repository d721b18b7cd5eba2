import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../src/index';

const pkits = fileURLToPath(new URL('../../../../shared/corpus/pkits/', import.meta.url));
const hasPkits = existsSync(pkits);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('mutua CLI: usage', () => {
  it('prints usage and exits 2 without a command, 0 for help', async () => {
    const c = capture();
    expect(await run([], c.io)).toBe(2);
    expect(c.out.join('')).toMatch(/Usage:/);
    expect(await run(['help'], capture().io)).toBe(0);
  });

  it('rejects unknown commands and options with exit code 2 and a clear message', async () => {
    const c = capture();
    expect(await run(['frobnicate'], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/unknown command/);
    const d = capture();
    expect(await run(['chain', 'x.crt', '--trsut', 'r.crt'], d.io)).toBe(2);
    expect(d.err.join('')).toMatch(/unknown option --trsut/);
  });

  it('a file that is not a manifest is bad input (exit 2) with one clear message', async () => {
    const c = capture();
    expect(await run(['conformance', 'package.json'], c.io)).toBe(2);
    expect(await run(['conformance', 'README.md'], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/^mutua conformance: README\.md: not a JSON manifest/m);
    expect(c.err.join('\n')).not.toMatch(/mutua conformance: mutua/);
  });

  it('reports a missing file as bad input (exit 2), not a crash', async () => {
    const c = capture();
    expect(await run(['inspect', '/nonexistent/file.crt'], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/nonexistent/);
  });
});

describe.skipIf(!hasPkits)('mutua chain on NIST PKITS (../shared/corpus/pkits)', () => {
  const base = [
    '--trust',
    `${pkits}certs/TrustAnchorRootCertificate.crt`,
    '--crl',
    `${pkits}crls/TrustAnchorRootCRL.crl`,
    '--time',
    '2022-05-01T00:00:00Z',
    '--format',
    'json',
  ];

  it('4.1.1: a valid path passes, with the documented JSON shape', async () => {
    const c = capture();
    const code = await run(
      [
        'chain',
        `${pkits}certs/ValidCertificatePathTest1EE.crt`,
        '--intermediate',
        `${pkits}certs/GoodCACert.crt`,
        '--crl',
        `${pkits}crls/GoodCACRL.crl`,
        ...base,
      ],
      c.io,
    );
    const doc = JSON.parse(c.out.join(''));
    expect(doc.schema).toBe('mutua.cli.chain/1');
    expect(doc.indication).toBe('TOTAL_PASSED');
    expect(doc.path.map((p: { role: string }) => p.role)).toEqual(['target', 'intermediate', 'trust-anchor']);
    expect(doc.revocation.every((r: { status: string }) => r.status === 'good')).toBe(true);
    expect(code).toBe(0);
  });

  it('4.1.2: a CA certificate with a bad signature fails (exit 1)', async () => {
    const c = capture();
    const code = await run(
      [
        'chain',
        `${pkits}certs/InvalidCASignatureTest2EE.crt`,
        '--intermediate',
        `${pkits}certs/BadSignedCACert.crt`,
        '--crl',
        `${pkits}crls/BadSignedCACRL.crl`,
        ...base,
      ],
      c.io,
    );
    const doc = JSON.parse(c.out.join(''));
    expect(doc.indication).toBe('INDETERMINATE');
    expect(doc.subIndication).toBe('CERTIFICATE_CHAIN_GENERAL_FAILURE');
    expect(
      doc.checks.some(
        (x: { id: string; status: string }) => x.id === 'certificate.signature' && x.status === 'failed',
      ),
    ).toBe(true);
    expect(code).toBe(1);
  });

  it('4.4.3: a revoked end entity is INDETERMINATE/REVOKED_NO_POE', async () => {
    const c = capture();
    await run(
      [
        'chain',
        `${pkits}certs/InvalidRevokedEETest3EE.crt`,
        '--intermediate',
        `${pkits}certs/GoodCACert.crt`,
        '--crl',
        `${pkits}crls/GoodCACRL.crl`,
        ...base,
      ],
      c.io,
    );
    const doc = JSON.parse(c.out.join(''));
    expect(doc.subIndication).toBe('REVOKED_NO_POE');
  });

  it('4.4.1: no CRL for the CA with revocation required is TRY_LATER; ignored with --revocation ignore', async () => {
    const c = capture();
    await run(
      [
        'chain',
        `${pkits}certs/InvalidMissingCRLTest1EE.crt`,
        '--intermediate',
        `${pkits}certs/NoCRLCACert.crt`,
        ...base,
      ],
      c.io,
    );
    expect(JSON.parse(c.out.join('')).subIndication).toBe('TRY_LATER');
    const d = capture();
    const code = await run(
      [
        'chain',
        `${pkits}certs/InvalidMissingCRLTest1EE.crt`,
        '--intermediate',
        `${pkits}certs/NoCRLCACert.crt`,
        ...base,
        '--revocation',
        'ignore',
      ],
      d.io,
    );
    expect(code).toBe(0);
  });

  it('without the intermediate there is no chain: NO_CERTIFICATE_CHAIN_FOUND', async () => {
    const c = capture();
    await run(['chain', `${pkits}certs/ValidCertificatePathTest1EE.crt`, ...base], c.io);
    expect(JSON.parse(c.out.join('')).subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
  });

  it('prints a readable report by default', async () => {
    const c = capture();
    await run(
      [
        'chain',
        `${pkits}certs/ValidCertificatePathTest1EE.crt`,
        '--intermediate',
        `${pkits}certs/GoodCACert.crt`,
        '--crl',
        `${pkits}crls/GoodCACRL.crl`,
        ...base.slice(0, -2),
      ],
      c.io,
    );
    const text = c.out.join('');
    expect(text).toMatch(/Verdict: TOTAL_PASSED/);
    expect(text).toMatch(/ok {3}certificate\.signature/);
  });
});
