/**
 * @mutua/testkit — test PKIs in code: keys, certificates with every extension Mutua checks, CRLs,
 * OCSP responses, and identity presets for Latin American and EU signers. Runs wherever WebCrypto
 * does (Node.js 20+, browsers); no Node built-ins.
 *
 * @example
 * ```ts
 * import { createTestPki, brazilPerson } from '@mutua/testkit';
 * const pki = await createTestPki({ referenceDate: new Date('2025-06-01T00:00:00Z') });
 * const leaf = await pki.issue({ identity: brazilPerson({ cpf: '12345678909' }) });
 * pki.revoke(leaf, { reason: 'keyCompromise' });
 * const crl = await pki.crl();
 * ```
 * @packageDocumentation
 */
export * from './keys';
export * from './name';
export * from './general-name';
export * from './qc-statements';
export * from './extensions';
export * from './certificate';
export * from './crl';
export * from './ocsp';
export * from './national-ids';
export * from './identities';
export * from './pki';
export * from './cms';
export * from './timestamp';
export * from './signature-policy';
export * from './references';
export * from './zip';
