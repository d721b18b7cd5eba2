/**
 * Validate a certificate's path to a trust anchor, with CRLs, at a given time.
 * Run: pnpm --filter @mutua/examples validate-certificate
 */
import { brazilPerson, createTestPki } from '@mutua/testkit';
// #region example
import { parseCertificate, parseCrl, trustAnchorFromCertificate, validateCertificate } from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';

export async function main() {
  // A demo ICP-Brasil-style PKI from the test kit; in production these bytes come from files or a trusted list.
  const pki = await createTestPki({
    name: 'Exemplo',
    country: 'BR',
    endEntity: { identity: brazilPerson() },
  });
  const result = await validateCertificate({
    target: parseCertificate(pki.endEntity.der),
    intermediates: [parseCertificate(pki.issuingCa.der)],
    trustAnchors: [trustAnchorFromCertificate(parseCertificate(pki.root.der), 'demo root')],
    crls: [parseCrl((await pki.crl(pki.root)).der), parseCrl((await pki.crl()).der)],
    time: new Date(),
    crypto: nodeCryptoEngine, // omit in browsers: WebCrypto is the default
  });
  console.log(result.indication, result.subIndication ?? '');
  for (const check of result.checks) console.log(check.status.padEnd(8), check.id);
  return result;
}
// #endregion example

if (import.meta.url === `file://${process.argv[1]}`) await main();
