import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addSignatureTimestamp, createTestPki, createTsa, signCms, type TestPki } from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectFormat } from '../src/commands/verify';
import { run } from '../src/index';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe('mutua verify (CMS / CAdES)', () => {
  let pki: TestPki;
  let dir: string;
  let args: string[];
  const content = new TextEncoder().encode('Contrato de prestación de servicios — Montevideo');

  beforeAll(async () => {
    pki = await createTestPki({ name: 'Verify CLI' });
    dir = mkdtempSync(join(tmpdir(), 'mutua-verify-'));
    const write = (n: string, b: Uint8Array) => {
      writeFileSync(join(dir, n), b);
      return join(dir, n);
    };
    const tsa = await createTsa(pki);
    const attached = await signCms({ content, signer: pki.endEntity, chain: [pki.issuingCa] });
    write('attached.p7m', attached);
    write('timestamped.p7m', await addSignatureTimestamp(attached, tsa));
    write(
      'detached.p7s',
      await signCms({ content, detached: true, signer: pki.endEntity, chain: [pki.issuingCa] }),
    );
    write('content.txt', content);
    write(
      'tampered.p7m',
      await signCms({ content, signer: pki.endEntity, chain: [pki.issuingCa], tamper: { signature: true } }),
    );
    args = [
      '--trust',
      write('root.crt', pki.root.der),
      '--intermediate',
      write('tsa-ca.crt', pki.issuingCa.der),
      '--crl',
      write('root.crl', (await pki.crl(pki.root)).der),
      '--crl',
      write('ca.crl', (await pki.crl()).der),
    ];
  });

  it('detects formats from the content, not the name', () => {
    expect(detectFormat(new TextEncoder().encode('%PDF-1.7\n'))).toBe('pdf');
    expect(detectFormat(new TextEncoder().encode('\ufeff<?xml version="1.0"?>'))).toBe('xml');
    expect(detectFormat(new Uint8Array([0x30, 0x82, 0x01, 0x00]))).toBe('cms');
    expect(detectFormat(new Uint8Array([0x01, 0x02]))).toBe('unknown');
  });

  it('a valid attached CAdES-B passes (exit 0) and says who signed', async () => {
    const c = capture();
    const code = await run(['verify', join(dir, 'attached.p7m'), ...args, '--format', 'json'], c.io);
    const doc = JSON.parse(c.out.join(''));
    expect(doc.schema).toBe('mutua.cli.verify/1');
    expect(doc.signatures[0]).toMatchObject({
      format: 'CAdES-BASELINE-B',
      indication: 'TOTAL_PASSED',
      signatureIntact: true,
      referencesIntact: true,
    });
    expect(doc.signatures[0].signer.subject).toMatch(/Test Person/);
    expect(code).toBe(0);
  });

  it('a signature time-stamp makes it CAdES-BASELINE-T', async () => {
    const c = capture();
    await run(['verify', join(dir, 'timestamped.p7m'), ...args, '--format', 'json'], c.io);
    const s = JSON.parse(c.out.join('')).signatures[0];
    expect(s.format).toBe('CAdES-BASELINE-T');
    expect(s.timestamps[0]).toMatchObject({ intact: true });
  });

  it('a detached signature needs its content: without it INDETERMINATE, with --detached it passes', async () => {
    const without = capture();
    expect(await run(['verify', join(dir, 'detached.p7s'), ...args, '--format', 'json'], without.io)).toBe(1);
    expect(JSON.parse(without.out.join('')).signatures[0].indication).toBe('INDETERMINATE');
    const withContent = capture();
    const code = await run(
      [
        'verify',
        join(dir, 'detached.p7s'),
        '--detached',
        join(dir, 'content.txt'),
        ...args,
        '--format',
        'json',
      ],
      withContent.io,
    );
    expect(JSON.parse(withContent.out.join('')).signatures[0].indication).toBe('TOTAL_PASSED');
    expect(code).toBe(0);
  });

  it('a tampered signature is TOTAL_FAILED / SIG_CRYPTO_FAILURE, never passed', async () => {
    const c = capture();
    expect(await run(['verify', join(dir, 'tampered.p7m'), ...args, '--format', 'json'], c.io)).toBe(1);
    expect(JSON.parse(c.out.join('')).signatures[0]).toMatchObject({
      indication: 'TOTAL_FAILED',
      subIndication: 'SIG_CRYPTO_FAILURE',
      signatureIntact: false,
    });
  });

  it('verifies a directory in batch: one JSON line per file; non-signatures are reported, not crashed on', async () => {
    const c = capture();
    await run(['verify', dir, ...args, '--format', 'json'], c.io);
    const docs = c.out.map((l) => JSON.parse(l));
    expect(docs.length).toBeGreaterThanOrEqual(8);
    expect(docs.find((d) => d.file.endsWith('content.txt')).error).toMatch(/not a signature format/);
    expect(docs.find((d) => d.file.endsWith('attached.p7m')).signatures[0].indication).toBe('TOTAL_PASSED');
  });
});
