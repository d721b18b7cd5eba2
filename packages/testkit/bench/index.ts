/**
 * @mutua/testkit benchmark: end-entity certificates issued per second, next to the raw WebCrypto
 * signing cost of the same TBSCertificate measured in the same run. Run: pnpm --filter @mutua/testkit bench
 */
import { createTestPki } from '../src/index';

async function measure(label: string, fn: () => Promise<unknown>, seconds = 1.5): Promise<number> {
  for (let i = 0; i < 5; i++) await fn(); // warm-up
  const batches: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) await fn();
    batches.push((performance.now() - t0) / 20);
  }
  batches.sort((a, b) => a - b);
  const median = batches[Math.floor(batches.length / 2)]!;
  console.log(`${label.padEnd(58)} ${(median * 1000).toFixed(1).padStart(9)} µs/op`);
  return median;
}

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
