import { MutuaError } from '@mutua/core';

/**
 * The machine-readable reasons an XML input or a canonicalisation request is refused.
 *
 * @example
 * ```ts
 * import { XmlError, type XmlErrorCode, parseXml } from '@mutua/xades';
 * let code: XmlErrorCode | undefined;
 * try {
 *   parseXml('<a><b></a>');
 * } catch (e) {
 *   if (e instanceof XmlError) code = e.code;
 * }
 * code; // 'MALFORMED'
 * ```
 */
export type XmlErrorCode =
  | 'DOCTYPE_FORBIDDEN'
  | 'MALFORMED'
  | 'TOO_LARGE'
  | 'TOO_DEEP'
  | 'TOO_MANY_NODES'
  | 'TOO_MANY_ATTRIBUTES'
  | 'NAME_TOO_LONG'
  | 'UNSUPPORTED_ENCODING'
  | 'UNSUPPORTED_ALGORITHM'
  | 'DUPLICATE_ID';

/**
 * XML that Mutua refuses to read: not well-formed, carrying a DOCTYPE (never processed, so no entity
 * expansion, XXE or external DTD can happen), over a limit, in an encoding we do not decode, or a
 * canonicalisation algorithm we do not know. `code` says which.
 *
 * @example
 * ```ts
 * import { XmlError, parseXml } from '@mutua/xades';
 * let error: unknown;
 * try {
 *   parseXml('<!DOCTYPE a [<!ENTITY x "boom">]><a>&x;</a>');
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof XmlError; // true
 * (error as XmlError).code; // 'DOCTYPE_FORBIDDEN'
 * ```
 */
export class XmlError extends MutuaError {
  /** Why the input was refused. */
  declare readonly code: XmlErrorCode;
  // biome-ignore lint/complexity/noUselessConstructor: it narrows `code` to XmlErrorCode for callers.
  constructor(code: XmlErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
