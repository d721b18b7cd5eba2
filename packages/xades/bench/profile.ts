/**
 * CPU-profiling helper for the verification path (issue 4's speed goal): runs one operation many times on
 * a trusted-list-like enveloped XAdES-B signed in the run, so that a profile shows where the time goes.
 *
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof packages/xades/bench/profile.ts <10k|5m> <op> [n]
 *
 * `op`: `full` (verifyXades), `core` (parseXml + verifyXmlSignature + verifySignatureValue), `parse`
 * (parseXml alone) or `c14n` (exclusive c14n of the document minus its signature, streamed into SHA-256).
 * The largest .cpuprofile written is the main thread's (tsx adds a loader thread).
 */
import { createHash } from 'node:crypto';
import { parseCertificate, parseCrl, trustAnchorFromCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { createTestPki } from '../../testkit/src/index';
import {
  C14N_ALGORITHMS,
  canonicalizeTo,
  findSignatures,
  parseXml,
  signXades,
  verifySignatureValue,
  verifyXades,
  verifyXmlSignature,
} from '../src/index';

const REF = new Date('2025-06-01T12:00:00Z');
const [size = '10k', op = 'core', count] = process.argv.slice(2);
const pki = await createTestPki({ name: 'XAdES Bench', keySpec: 'RSA-2048', referenceDate: REF });
const crls = [(await pki.crl(pki.root)).der, (await pki.crl()).der].map((d) => parseCrl(d));
const target = size === '5m' ? 5 * 1024 * 1024 : 10 * 1024;
const item = (i: number) =>
  `  <TrustServiceProvider>\n    <TSPInformation><TSPName><Name xml:lang="es">Autoridad de Certificaci\u00f3n n\u00ba ${i} &amp; C\u00eda</Name></TSPName></TSPInformation>\n    <TSPService><ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</ServiceTypeIdentifier><DigitalId><X509Certificate>MIIDxTCCAq2gAwIBAgIQAqxcJmoLQJuPC3nyrkYldzANBgkqhkiG9w0BAQsFADBsMQswCQYDVQQGEwJVUzEVMBMG</X509Certificate></DigitalId></TSPService>\n  </TrustServiceProvider>\n`;
const parts = ['<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#" Id="tsl">\n'];
for (let i = 0, n = 0; n < target - 5000; i++) {
  parts.push(item(i));
  n += item(i).length;
}
parts.push('</TrustServiceStatusList>');
const signed = await signXades({
  content: { kind: 'enveloped', document: parts.join('') },
  key: pki.endEntity.key.privateKey,
  certificate: pki.endEntity.der,
  chain: [pki.issuingCa.der],
  crypto: nodeCryptoEngine,
  signingTime: REF,
});
const trustAnchors = [trustAnchorFromCertificate(pki.root.cert)];
const signer = parseCertificate(pki.endEntity.der);
const parsed = parseXml(signed.bytes);
const signature = findSignatures(parsed)[0]!;
const n = Number(count ?? (size === '5m' ? 20 : 3000));
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  if (op === 'full') {
    const r = await verifyXades(signed.bytes, { trustAnchors, crls, crypto: nodeCryptoEngine, time: REF });
    if (r.signatures[0]?.indication !== 'TOTAL_PASSED') throw new Error('not verified');
  } else if (op === 'core') {
    const doc = parseXml(signed.bytes);
    const v = await verifyXmlSignature(doc, findSignatures(doc)[0]!, { crypto: nodeCryptoEngine });
    if (!(await verifySignatureValue(v, signer.publicKey, nodeCryptoEngine)).intact)
      throw new Error('not verified');
  } else if (op === 'parse') {
    parseXml(signed.bytes);
  } else {
    const h = createHash('sha256');
    canonicalizeTo({ apex: parsed, exclude: [signature], comments: false }, C14N_ALGORITHMS.EXC_C14N, (c) =>
      h.update(c),
    );
    h.digest();
  }
}
console.log(`${op} ${size}: ${((performance.now() - t0) / n).toFixed(3)} ms/op, ${parsed.nodeCount} nodes`);
