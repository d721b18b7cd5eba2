/**
 * A validation policy is data: relax revocation to "if present" and warn (not fail) on stale CRLs.
 * Run: pnpm --filter @mutua/examples custom-policy
 */
import { createTestPki } from '@mutua/testkit';
// #region example
import {
  parseCertificate,
  parseValidationPolicy,
  trustAnchorFromCertificate,
  validateCertificate,
} from '@mutua/core';

export async function main() {
  const policy = parseValidationPolicy({
    version: 1,
    name: 'portal-triage',
    revocation: { mode: 'if-present' },
    checks: { 'revocation.freshness': 'warn' },
  });
  const pki = await createTestPki({ name: 'Policy Example' });
  const result = await validateCertificate({
    target: parseCertificate(pki.endEntity.der),
    intermediates: [parseCertificate(pki.issuingCa.der)],
    trustAnchors: [trustAnchorFromCertificate(parseCertificate(pki.root.der))],
    policy, // no CRL or OCSP given: the strict default would say INDETERMINATE/TRY_LATER
  });
  console.log(policy.name, result.indication);
  return result;
}
// #endregion example

if (import.meta.url === `file://${process.argv[1]}`) await main();
