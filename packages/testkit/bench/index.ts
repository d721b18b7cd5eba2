/**
 * @mutua/testkit benchmark: end-entity certificates issued per second, next to the raw WebCrypto
 * signing cost of the same TBSCertificate measured in the same run. Run: pnpm --filter @mutua/testkit bench
 */
import { createTestPki } from '../src/index';
import { measure } from '../../../scripts/bench-measure';

for (const keySpec of ['P-256', 'RSA-2048'] as const) {
  const pki = await createTestPki({ name: `Bench ${keySpec}`, keySpec });
  const sample = await pki.issue();
  const ca = pki.issuingCa;
  const subtle = globalThis.crypto.subtle;
  const algo = keySpec === 'P-256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
  console.log(`\n${keySpec} issuing CA`);
  const issue = await measure('issue an end-entity certificate (testkit)', () =>
    pki.issue({ key: sample.key }),
  );
  const raw = await measure('raw WebCrypto sign of the same TBSCertificate', () =>
    subtle.sign(algo, ca.key.privateKey, sample.cert.tbsDer as BufferSource),
  );
  console.log(`${'ratio testkit / raw signing'.padEnd(58)} ${(issue / raw).toFixed(2).padStart(9)} ×`);
}
