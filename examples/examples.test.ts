import { describe, expect, it, vi } from 'vitest';
import { main as customPolicy } from './custom-policy';
import { main as identity } from './identity';
import { main as validateCertificate } from './validate-certificate';
import { main as verifyCades } from './verify-cades';

// Every example is run here, so the code shown in the README and the API docs (@includeCode) works.
describe('examples', () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});

  it('validate-certificate.ts: a valid ICP-Brasil-style path passes', async () => {
    const r = await validateCertificate();
    expect(r.indication).toBe('TOTAL_PASSED');
  });

  it('identity.ts: finds the CPF and the ETSI PNO identifier with valid check digits', async () => {
    const [br, ee] = await identity();
    expect(br?.identifiers.find((i) => i.scheme === 'BR-CPF')).toMatchObject({
      value: '12345678909',
      checkDigit: 'valid',
    });
    expect(ee?.identifiers.find((i) => i.scheme === 'ETSI-PNO')?.value).toContain('38001085718');
  });

  it('verify-cades.ts: a detached CAdES-B over a document passes', async () => {
    const r = await verifyCades();
    expect(r.signatures[0]).toMatchObject({
      format: 'CAdES-BASELINE-B',
      indication: 'TOTAL_PASSED',
      signatureIntact: true,
    });
  });

  it('custom-policy.ts: with revocation if-present, no revocation data still passes', async () => {
    const r = await customPolicy();
    expect(r.indication).toBe('TOTAL_PASSED');
  });
});
