/**
 * @mutua/cli benchmark: `mutua chain --format json` run in-process on a 3-certificate RSA-2048 path with
 * two CRLs, next to the raw node:crypto cost of the four signature verifications it implies (two
 * certificates, two CRLs) measured in the same run. Run: pnpm --filter @mutua/cli bench
 */
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCrl } from '@mutua/core';
import { createTestPki } from '@mutua/testkit';
import { run } from '../src/index';
import { measure } from '../../../scripts/bench-measure';

const pki = await createTestPki({ name: 'CLI Bench', keySpec: 'RSA-2048' });
const dir = mkdtempSync(join(tmpdir(), 'mutua-bench-'));
const file = (n: string, b: Uint8Array) => {
  writeFileSync(join(dir, n), b);
  return join(dir, n);
};
const rootCrl = (await pki.crl(pki.root)).der;
const caCrl = (await pki.crl()).der;
const argv = [
  'chain',
  file('ee.crt', pki.endEntity.der),
  '--intermediate',
  file('ca.crt', pki.issuingCa.der),
  '--trust',
  file('root.crt', pki.root.der),
  '--crl',
  file('root.crl', rootCrl),
  '--crl',
  file('ca.crl', caCrl),
  '--format',
  'json',
];
const quiet = { out: () => {}, err: () => {} };
if ((await run(argv, quiet)) !== 0) throw new Error('the benchmark path does not validate');

const cli = await measure('mutua chain --format json (in-process, files read each time)', () =>
  run(argv, quiet),
);
const signed = [
  {
    data: pki.issuingCa.cert.tbsDer,
    sig: pki.issuingCa.cert.signatureValue,
    key: pki.root.cert.publicKey.der,
  },
  {
    data: pki.endEntity.cert.tbsDer,
    sig: pki.endEntity.cert.signatureValue,
    key: pki.issuingCa.cert.publicKey.der,
  },
  { data: parseCrl(rootCrl).tbsDer, sig: parseCrl(rootCrl).signatureValue, key: pki.root.cert.publicKey.der },
  {
    data: parseCrl(caCrl).tbsDer,
    sig: parseCrl(caCrl).signatureValue,
    key: pki.issuingCa.cert.publicKey.der,
  },
];
const raw = await measure('raw node:crypto: 4 key imports + 4 RSA verifications', () => {
  for (const s of signed) {
    const key = createPublicKey({ key: Buffer.from(s.key), format: 'der', type: 'spki' });
    if (!verify('sha256', s.data, key, s.sig)) throw new Error('raw verification failed');
  }
});
console.log(`${'ratio CLI / raw crypto'.padEnd(60)} ${(cli / raw).toFixed(2).padStart(9)} ×`);
