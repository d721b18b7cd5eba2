/**
 * @mutua/core/node — the Node.js runtime adapter: a crypto engine on `node:crypto`.
 *
 * @example
 * ```ts
 * import { validatePath } from '@mutua/core';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const result = await validatePath({ target, trustAnchors, crypto: nodeCryptoEngine });
 * ```
 * @packageDocumentation
 */
export { nodeCryptoEngine } from './crypto/node-engine';
