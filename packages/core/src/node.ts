/**
 * @mutua/core/node — the Node.js runtime adapter: a crypto engine on `node:crypto`.
 *
 * @example
 * ```ts
 * import { validateCertificate } from '@mutua/core';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const result = await validateCertificate({
 *   target: cert,
 *   intermediates: [issuer],
 *   trustAnchors,
 *   crls,
 *   crypto: nodeCryptoEngine,
 * });
 * result.indication; // 'TOTAL_PASSED'
 * ```
 * @packageDocumentation
 */
export { nodeCryptoEngine } from './crypto/node-engine';
