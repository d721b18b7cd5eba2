import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendRevision, createPdf, signPdf } from '@mutua/pades';
import { createTestPki } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import { run } from '../src/index';

describe('mutua verify file.pdf', () => {
  it('a signed PDF passes with its coverage and revisions; a page changed after signing fails, and says why', async () => {
    const pki = await createTestPki({ name: 'CLI PAdES', keySpec: 'P-256' });
    const page = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>';
    const original = await createPdf({
      objects: { 3: page, 4: { dict: '<< >>', data: new TextEncoder().encode('BT (Contrato) Tj ET') } },
    });
    const signed = await signPdf(original, {
      key: pki.endEntity.key.privateKey,
      certificate: pki.endEntity.der,
      chain: [pki.issuingCa.der],
      reason: 'Acuerdo de partes',
      location: 'Montevideo',
    });
    const changed = await appendRevision(signed, {
      objects: { 4: { dict: '<< >>', data: new TextEncoder().encode('BT (Contrato falso) Tj ET') } },
    });
    const dir = mkdtempSync(join(tmpdir(), 'mutua-verify-pdf-'));
    const write = (n: string, b: Uint8Array) => {
      writeFileSync(join(dir, n), b);
      return join(dir, n);
    };
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
    const ok: string[] = [];
    expect(
      await run(['verify', write('signed.pdf', signed), ...args], { out: (t) => ok.push(t), err: () => {} }),
    ).toBe(0);
    const doc = JSON.parse(ok.join(''));
    expect(doc.container).toBe('PDF');
    expect(doc.revisions).toHaveLength(2);
    const s = doc.signatures[0];
    expect(s).toMatchObject({
      format: 'PAdES-BASELINE-B',
      indication: 'TOTAL_PASSED',
      signatureIntact: true,
    });
    expect(s.pdf.coverage).toMatchObject({ wholeDocument: true, revision: 1, revisions: 2 });
    expect(s.pdf.modifications.verdict).toBe('UNCHANGED');
    expect(s.pdf.claims).toMatchObject({ reason: 'Acuerdo de partes', location: 'Montevideo' });

    const bad: string[] = [];
    expect(
      await run(['verify', write('changed.pdf', changed), ...args], {
        out: (t) => bad.push(t),
        err: () => {},
      }),
    ).toBe(1);
    const b = JSON.parse(bad.join('')).signatures[0];
    expect([b.indication, b.subIndication]).toEqual(['TOTAL_FAILED', 'FORMAT_FAILURE']);
    expect(b.pdf.coverage.wholeDocument).toBe(false);
    expect(
      b.pdf.modifications.findings.some(
        (f: { code: string; permitted: boolean }) => f.code === 'PAGE_CONTENT_CHANGED' && !f.permitted,
      ),
    ).toBe(true);
    // The text report names the change.
    const text: string[] = [];
    await run(['verify', join(dir, 'changed.pdf'), ...args.slice(0, -2)], {
      out: (t) => text.push(t),
      err: () => {},
    });
    expect(text.join('')).toMatch(/NOT PERMITTED PAGE_CONTENT_CHANGED/);
  });
});
