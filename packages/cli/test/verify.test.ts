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

  it('--trust-source and --recognition-policy: valid, and recognised in UY because of the MERCOSUR agreement (or why not)', async () => {
    const policy = new URL('../../../examples/recognition/montevideo.json', import.meta.url).pathname;
    const rest = args.slice(2); // the same intermediates and CRLs, the root given as a tagged source
    const root = join(dir, 'root.crt');
    const asArgentine = capture();
    const code = await run(
      [
        'verify',
        join(dir, 'attached.p7m'),
        ...rest,
        '--trust-source',
        `ar-acraiz=${root}`,
        '--recognition-policy',
        policy,
        '--format',
        'json',
      ],
      asArgentine.io,
    );
    expect(code).toBe(0);
    const s = JSON.parse(asArgentine.out.join('')).signatures[0];
    expect(s.trustAnchor.source).toBe(`ar-acraiz:file:${root}`);
    expect(s.recognition).toMatchObject({
      jurisdiction: 'UY',
      recognised: true,
      level: 'FEA',
      rule: 'mercosur-2019',
    });
    // The same signature vouched for by Paraguay (agreement not in force for it): valid, not recognised.
    const asParaguayan = capture();
    await run(
      [
        'verify',
        join(dir, 'attached.p7m'),
        ...rest,
        '--trust-source',
        `py-acraiz=${root}`,
        '--recognition-policy',
        policy,
      ],
      asParaguayan.io,
    );
    expect(asParaguayan.out.join('')).toMatch(/valid, but not recognised in UY: .*not in force for PY/);
    const bad = capture();
    expect(await run(['verify', join(dir, 'attached.p7m'), '--trust-source', root], bad.io)).toBe(2);
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

describe('mutua verify --signature-policy', () => {
  it('checks an EPES signature against the policy documents given, and enforces their rules', async () => {
    const { buildSignaturePolicy } = await import('@mutua/testkit');
    const { CMS_OID, parseSignaturePolicy, policyDigest, signCades } = await import('@mutua/cades');
    const { nodeCryptoEngine } = await import('@mutua/core/node');
    const pki = await createTestPki({ name: 'Verify CLI Policies' });
    const dir = mkdtempSync(join(tmpdir(), 'mutua-verify-pol-'));
    const write = (n: string, b: Uint8Array) => {
      writeFileSync(join(dir, n), b);
      return join(dir, n);
    };
    const oid = '2.16.76.1.7.1.2.9.8';
    const doc = buildSignaturePolicy({
      policyOid: oid,
      signingPeriod: { notBefore: new Date('2020-01-01Z') },
      commonRules: { mandatedUnsignedAttributes: [CMS_OID.signatureTimeStampToken] },
    });
    const digest = await policyDigest(parseSignaturePolicy(doc), 'SHA-256', nodeCryptoEngine);
    const signed = await signCades({
      content: new TextEncoder().encode('Contrato AD-RT'),
      certificate: pki.endEntity.der,
      chain: [pki.issuingCa.der],
      key: pki.endEntity.key.privateKey,
      signaturePolicy: { oid, hash: 'SHA-256', digest },
    });
    const file = write('ad-rt.p7m', signed);
    const stamped = write('ad-rt-t.p7m', await addSignatureTimestamp(signed, await createTsa(pki)));
    const args = [
      '--trust',
      write('root.crt', pki.root.der),
      '--crl',
      write('root.crl', (await pki.crl(pki.root)).der),
      '--crl',
      write('ca.crl', (await pki.crl()).der),
      '--format',
      'json',
    ];
    const policyFile = write('PA_AD_RT_test.der', doc);
    const plain = capture();
    expect(await run(['verify', file, ...args], plain.io)).toBe(0);
    expect(JSON.parse(plain.out[0]!).signatures[0].icpBrasilFormat).toBe('AD-RT');
    const enforced = capture();
    expect(await run(['verify', file, ...args, '--signature-policy', policyFile], enforced.io)).toBe(1);
    const s = JSON.parse(enforced.out[0]!).signatures[0];
    expect(s.subIndication).toBe('SIG_CONSTRAINTS_FAILURE');
    expect(s.messages.some((m: { id: string }) => m.id === 'policy.mandatedUnsignedAttributes')).toBe(true);
    // A directory that holds signatures too: they are not policies, and that is an input error.
    const mixed = capture();
    expect(await run(['verify', stamped, ...args, '--signature-policy', dir], mixed.io)).toBe(2);
    expect(mixed.err.join('')).toMatch(/neither an approved-policy list/);
    const good = capture();
    expect(await run(['verify', stamped, ...args, '--signature-policy', policyFile], good.io)).toBe(0);
    expect(JSON.parse(good.out[0]!).signatures[0].format).toBe('CAdES-BASELINE-T');
  });
});
