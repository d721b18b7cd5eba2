/**
 * @mutua/cades benchmark: verifying a CAdES-BASELINE-B (1 KB attached payload, RSA-2048 root →
 * intermediate → signer, CRLs in the CMS), next to the raw node:crypto cost of the same digests, key
 * imports and signature verifications, measured in the same run (issue 3 asks for at most 2×).
 * Run: pnpm --filter @mutua/cades bench
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { parseCrl, trustAnchorFromCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { createTestPki, signCms } from '../../testkit/src/index';
import { parseSignedData, verifyCades } from '../src/index';
import { measureInterleaved } from '../../../scripts/bench-measure';

const REF = new Date('2025-06-01T12:00:00Z');
const pki = await createTestPki({ name: 'CAdES Bench', keySpec: 'RSA-2048', referenceDate: REF });
const crls = [(await pki.crl(pki.root)).der, (await pki.crl()).der];
const content = new Uint8Array(1024).fill(0x61);
const p7s = await signCms({ content, signer: pki.endEntity, chain: [pki.issuingCa], crls });
const anchors = [trustAnchorFromCertificate(pki.root.cert)];

const report = await verifyCades(p7s, { trustAnchors: anchors, time: REF, crypto: nodeCryptoEngine });
if (report.signatures[0]?.indication !== 'TOTAL_PASSED') throw new Error('bench fixture does not verify');

console.log('\nCAdES-B, 1 KB attached, RSA-2048 3-certificate chain, 2 CRLs');
const ours = () => verifyCades(p7s, { trustAnchors: anchors, time: REF, crypto: nodeCryptoEngine });

// The same cryptographic work done directly: content and ESS digests, three key imports, and the
// verification of the CMS signature, two certificates and two CRLs.
const leaf = pki.endEntity.cert;
const ca = pki.issuingCa.cert;
const root = pki.root.cert;
const si = parseSignedData(p7s).signerInfos[0]!;
const [rootCrl, caCrl] = crls.map((c) => parseCrl(c));
const raw = () => {
  createHash('sha256').update(content).digest();
  createHash('sha256').update(leaf.der).digest();
  const kLeaf = createPublicKey({ key: Buffer.from(leaf.publicKey.der), format: 'der', type: 'spki' });
  const kCa = createPublicKey({ key: Buffer.from(ca.publicKey.der), format: 'der', type: 'spki' });
  const kRoot = createPublicKey({ key: Buffer.from(root.publicKey.der), format: 'der', type: 'spki' });
  verify('sha256', si.signedAttributesDer!, kLeaf, si.signature);
  verify('sha256', leaf.tbsDer, kCa, leaf.signatureValue);
  verify('sha256', ca.tbsDer, kRoot, ca.signatureValue);
  verify('sha256', rootCrl!.tbsDer, kRoot, rootCrl!.signatureValue);
  verify('sha256', caCrl!.tbsDer, kCa, caCrl!.signatureValue);
};
// The node engine keeps imported keys by their SPKI bytes (CA keys recur across documents), so for
// context: the same raw work with the keys already imported.
const kLeaf = createPublicKey({ key: Buffer.from(leaf.publicKey.der), format: 'der', type: 'spki' });
const kCa = createPublicKey({ key: Buffer.from(ca.publicKey.der), format: 'der', type: 'spki' });
const kRoot = createPublicKey({ key: Buffer.from(root.publicKey.der), format: 'der', type: 'spki' });
const warm = () => {
  createHash('sha256').update(content).digest();
  createHash('sha256').update(leaf.der).digest();
  verify('sha256', si.signedAttributesDer!, kLeaf, si.signature);
  verify('sha256', leaf.tbsDer, kCa, leaf.signatureValue);
  verify('sha256', ca.tbsDer, kRoot, ca.signatureValue);
  verify('sha256', rootCrl!.tbsDer, kRoot, rootCrl!.signatureValue);
  verify('sha256', caCrl!.tbsDer, kCa, caCrl!.signatureValue);
};

// PKI.js 3 (asn1js parse + SignedData.verify with chain checking, CRLs from the CMS) on the same file:
// the JavaScript reference most portals use today. Issue 3 asks for Mutua to be at least 10× faster.
const asn1js = await import('asn1js');
const pkijs = await import('pkijs');
pkijs.setEngine('bench', new pkijs.CryptoEngine({ name: 'bench', crypto: globalThis.crypto }));
const pkijsRoot = new pkijs.Certificate({ schema: asn1js.fromBER(root.der.slice().buffer).result });
const pkijsVerify = async () => {
  const ci = new pkijs.ContentInfo({ schema: asn1js.fromBER(p7s.slice().buffer).result });
  const sd = new pkijs.SignedData({ schema: ci.content });
  return sd.verify({ signer: 0, checkChain: true, trustedCerts: [pkijsRoot], checkDate: REF });
};
const pkijsOk = await pkijsVerify().then(
  (r) => r === true,
  (e: unknown) => `${(e as { message?: string }).message ?? e}`,
);
// All contestants in alternation (the ratios are medians of per-round ratios: a shared machine's load
// drifts, and interleaving makes every contestant see the same drift).
const { ratios } = await measureInterleaved([
  { label: 'verifyCades (parse, checks, path, CRLs)', fn: ours },
  { label: 'raw node:crypto: 2 digests, 3 imports, 5 verifies', fn: raw },
  { label: 'raw node:crypto, keys already imported', fn: warm },
  ...(pkijsOk === true
    ? [{ label: 'PKI.js SignedData.verify (checkChain, same file)', fn: pkijsVerify }]
    : []),
]);
const r = (x: number | undefined) => (x === undefined ? 'n/a' : x.toFixed(2)).padStart(9);
console.log(`${'ratio verifyCades / raw (goal ≤ 2×)'.padEnd(58)} ${r(1 / ratios[1]!)} ×`);
console.log(`${'ratio verifyCades / raw with keys imported'.padEnd(58)} ${r(1 / ratios[2]!)} ×`);
if (pkijsOk === true)
  console.log(`${'ratio PKI.js / verifyCades (goal ≥ 10×)'.padEnd(58)} ${r(ratios[3])} ×`);
else console.log(`PKI.js could not verify the fixture (${pkijsOk}); no comparison printed.`);

// A 50 MB detached payload, verified from a stream: throughput next to node:crypto SHA-256 on the same
// chunks, and the memory growth while verifying (it must not grow with the payload).
{
  const MB = 50;
  const CHUNK = 64 * 1024;
  const block = new Uint8Array(CHUNK).map((_, i) => (i * 7) & 0xff);
  async function* payload(): AsyncGenerator<Uint8Array> {
    for (let sent = 0; sent < MB * 1024 * 1024; sent += CHUNK) yield block;
  }
  const whole = createHash('sha256');
  for await (const c of payload()) whole.update(c);
  const digest = new Uint8Array(whole.digest());
  const { signCades } = await import('../src/index');
  const detachedP7s = await signCades({
    content: { digest, hash: 'SHA-256' },
    certificate: pki.endEntity.der,
    chain: [pki.issuingCa.der],
    key: pki.endEntity.key.privateKey,
  });
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  const rawTimes: number[] = [];
  const ourTimes: number[] = [];
  let growth = 0;
  for (let round = 0; round < 5; round++) {
    let t = performance.now();
    const h = createHash('sha256');
    for await (const c of payload()) h.update(c);
    h.digest();
    rawTimes.push(performance.now() - t);
    const before = process.memoryUsage();
    t = performance.now();
    const r = await verifyCades(detachedP7s, {
      detachedContent: payload(),
      trustAnchors: anchors,
      crls: crls.map((c) => parseCrl(c)),
      time: REF,
      crypto: nodeCryptoEngine,
    });
    ourTimes.push(performance.now() - t);
    const after = process.memoryUsage();
    growth = Math.max(growth, after.arrayBuffers - before.arrayBuffers, 0);
    if (r.signatures[0]?.indication !== 'TOTAL_PASSED') throw new Error('50 MB fixture does not verify');
  }
  console.log(`\nDetached ${MB} MB payload verified from a stream (64 KB chunks)`);
  console.log(
    `${'node:crypto SHA-256 over the same chunks'.padEnd(58)} ${(MB / (med(rawTimes) / 1000)).toFixed(0).padStart(9)} MB/s`,
  );
  console.log(
    `${'verifyCades, detached content as a stream'.padEnd(58)} ${(MB / (med(ourTimes) / 1000)).toFixed(0).padStart(9)} MB/s`,
  );
  console.log(
    `${'throughput verifyCades / raw hashing (goal ≥ 90%)'.padEnd(58)} ${((100 * med(rawTimes)) / med(ourTimes)).toFixed(0).padStart(8)} %`,
  );
  console.log(
    `${'ArrayBuffer memory growth while verifying'.padEnd(58)} ${(growth / 1024 / 1024).toFixed(1).padStart(6)} MB`,
  );
}
