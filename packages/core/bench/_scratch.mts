import { parseCertificates, parseCertificate, parseDer, children, MutuaError, parsePem } from '../src/index';
import * as der from '../src/asn1/write';
const tryIt = (name: string, f: () => unknown) => {
  const t = performance.now();
  try {
    const r = f();
    console.log(name, 'ok', (performance.now() - t).toFixed(1), Array.isArray(r) ? r.length : '');
  } catch (e) {
    console.log(
      name,
      e instanceof MutuaError ? 'MutuaError' : 'OTHER',
      (e as Error).name,
      (e as Error).message.slice(0, 100),
      (performance.now() - t).toFixed(1),
    );
  }
};
for (const n of [1000, 2000, 4000])
  tryIt(`pem begins ${n}`, () => parseCertificates('-----BEGIN CERTIFICATE-----\n'.repeat(n)));
for (const n of [1000, 2000, 4000])
  tryIt(`pem begins ${n} X`, () => parsePem('-----BEGIN X-----\nAAAA\n'.repeat(n)));
// deep definite nesting
let inner: Uint8Array = new Uint8Array([0x30, 0]);
for (let i = 0; i < 10000; i++) inner = der.tlv(0x30, inner);
tryIt('deep def parseDer', () => parseDer(inner));
tryIt('deep def cert', () => parseCertificate(inner));
tryIt('deep def certs', () => parseCertificates(inner));
const ind = new Uint8Array(20000 * 2 + 20000 * 2);
for (let i = 0; i < 20000; i++) {
  ind[2 * i] = 0x30;
  ind[2 * i + 1] = 0x80;
}
tryIt('deep indef', () => parseDer(ind));
