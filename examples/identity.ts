/**
 * Who does a certificate name? The normalised identity, with national identifiers and check digits.
 * Run: pnpm --filter @mutua/examples identity
 */
import { brazilPerson, createTestPki, euNaturalPerson } from '@mutua/testkit';
// #region example
import { extractIdentity, parseCertificate } from '@mutua/core';

export async function main() {
  const br = await createTestPki({
    name: 'Exemplo',
    endEntity: { identity: brazilPerson({ cpf: '12345678909' }) },
  });
  const ee = await createTestPki({
    name: 'Example EE',
    endEntity: { identity: euNaturalPerson({ country: 'EE', idNumber: '38001085718' }) },
  });
  const identities = [br.endEntity.der, ee.endEntity.der].map((der) =>
    extractIdentity(parseCertificate(der)),
  );
  for (const id of identities) {
    console.log(id.kind, id.names.displayName ?? id.names.commonName, id.country);
    for (const i of id.identifiers) console.log(`  ${i.scheme} ${i.display} (check digit: ${i.checkDigit})`);
  }
  return identities;
}
// #endregion example

if (import.meta.url === `file://${process.argv[1]}`) await main();
