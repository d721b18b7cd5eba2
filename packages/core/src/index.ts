/**
 * @mutua/core — certificates, certification-path validation, revocation and the ETSI EN 319 102-1
 * validation model shared by every Mutua format package.
 *
 * Runs in Node.js 20+ and browsers: nothing here imports a Node built-in. Node users get faster and
 * broader crypto (DSA, brainpool, Ed448) from `@mutua/core/node`.
 *
 * @packageDocumentation
 */
export * from './errors';
export * from './oids';
export * from './asn1/der';
export * from './asn1/read';
export * as der from './asn1/write';
export * from './x509/name';
export * from './x509/general-name';
export * from './x509/extensions';
export * from './x509/public-key';
export * from './x509/certificate';
export * from './x509/input';
export * from './crypto/algorithms';
export * from './crypto/engine';
export * from './crypto/webcrypto';
export * from './crypto/signature-encoding';
export * from './validation/indication';
export * from './validation/check';
export * from './validation/policy';
export * from './validation/proof-of-existence';
export * from './recognition/policy';
export * from './recognition/recognize';
export * from './revocation/types';
export * from './path/trust-anchor';
export * from './path/build';
export * from './path/validate-path';
export * from './path/validate-certificate';
export * from './path/crypto-constraints';
export * from './path/name-constraints';
export { PolicyTree, PolicyTreeTooLarge, type PolicyNode } from './path/policy-tree';
export * from './revocation/crl';
export * from './revocation/ocsp';
export * from './revocation/check';
export * from './identity';
export * from './net/fetcher';
export * from './net/cache';
export * from './net/aia';
export {
  checkUrl,
  privateHostReason,
  matchesAny,
  normalizedHost,
  SUPPORTED_SCHEMES,
  type HostPattern,
  type HostRules,
} from './net/host-policy';
export * from './net/online-revocation';
export * from './crypto/digest-stream';
export * from './zip';
