/**
 * Typed errors. Every parser in Mutua throws one of these (never a bare `Error`), so that callers can
 * tell malformed input apart from a bug, and map it to the EN 319 102-1 FORMAT_FAILURE indication.
 *
 * @packageDocumentation
 */

/**
 * Base class of every error that Mutua throws on purpose. `code` is stable and machine-readable.
 *
 * @example
 * ```ts
 * import { MutuaError, parseCertificate } from '@mutua/core';
 * let error: unknown;
 * try {
 *   parseCertificate(new Uint8Array([0x30, 0x05, 0x02]));
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof MutuaError; // true
 * (error as MutuaError).code; // 'ASN1_TRUNCATED'
 * ```
 */
export class MutuaError extends Error {
  /** A stable, machine-readable error code (for example `ASN1_TRUNCATED`). */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * The bytes are not the ASN.1 BER/DER they claim to be (truncated, bad length, too deep, …).
 *
 * @example
 * ```ts
 * import { Asn1Error, parseCertificate } from '@mutua/core';
 * let error: unknown;
 * try {
 *   parseCertificate(new Uint8Array([1]));
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof Asn1Error; // true
 * ```
 */
export class Asn1Error extends MutuaError {}

/**
 * The ASN.1 is well formed but does not follow the structure of the X.509 / CRL / OCSP type.
 *
 * @example
 * ```ts
 * import { StructureError, der, parseCertificate } from '@mutua/core';
 * let error: unknown;
 * try {
 *   parseCertificate(der.seq(der.int(1))); // valid DER, but not a Certificate
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof StructureError; // true
 * ```
 */
export class StructureError extends MutuaError {}

/**
 * The input is not in any of the accepted encodings (DER, PEM, base64, PKCS#7).
 *
 * @example
 * ```ts
 * import { InputFormatError, parseCertificates } from '@mutua/core';
 * let error: unknown;
 * try {
 *   parseCertificates('Hola, mundo!'); // neither DER, PEM nor base64
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof InputFormatError; // true
 * (error as InputFormatError).code; // 'UNKNOWN_FORMAT'
 * ```
 */
export class InputFormatError extends MutuaError {}

/**
 * A network fetch was refused (network disabled, host not allowed, too large, timed out).
 *
 * @example
 * ```ts
 * import { FetchError, NO_NETWORK } from '@mutua/core';
 * const error = await NO_NETWORK.fetch('http://crl.example.com/ca.crl').catch((e: unknown) => e);
 * error instanceof FetchError; // true
 * (error as FetchError).code; // 'NETWORK_DISABLED'
 * ```
 */
export class FetchError extends MutuaError {}

/**
 * A validation policy document does not match the policy schema.
 *
 * @example
 * ```ts
 * import { PolicyError, parseValidationPolicy } from '@mutua/core';
 * let error: unknown;
 * try {
 *   parseValidationPolicy({ revocation: 'sometimes' });
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof PolicyError; // true
 * ```
 */
export class PolicyError extends MutuaError {}
