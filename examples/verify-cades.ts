/**
 * Verify a CAdES signature (a detached .p7s over a document), with its certificate path and CRLs.
 * Run: pnpm --filter @mutua/examples verify-cades
 */
import { brazilPerson, createTestPki, signCms } from '@mutua/testkit';
// #region example
import { verifyCades } from '@mutua/cades';
import { parseCertificate, parseCrl, trustAnchorFromCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';

export async function main() {
  // A demo ICP-Brasil-style signer; in production the .p7s, the document and the roots come from files.
  const pki = await createTestPki({
    name: 'Exemplo CAdES',
    country: 'BR',
    endEntity: { identity: brazilPerson() },
  });
  const document = new TextEncoder().encode('Contrato de prestação de serviços');
  const p7s = await signCms({
    content: document,
    detached: true,
    signer: pki.endEntity,
    chain: [pki.issuingCa],
  });

  const report = await verifyCades(p7s, {
    detachedContent: document, // or a ReadableStream / async iterable for large files, or { digests }
    trustAnchors: [trustAnchorFromCertificate(parseCertificate(pki.root.der))],
    crls: [parseCrl((await pki.crl(pki.root)).der), parseCrl((await pki.crl()).der)],
    crypto: nodeCryptoEngine, // omit in browsers: WebCrypto is the default
  });
  for (const s of report.signatures) {
    console.log(s.id, s.format, s.indication, s.subIndication ?? '', s.signer?.subject);
  }
  return report;
}
// #endregion example

if (import.meta.url === `file://${process.argv[1]}`) await main();
