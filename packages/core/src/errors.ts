/**
 * Typed errors. Every parser in Mutua throws one of these (never a bare `Error`), so that callers can
 * tell malformed input apart from a bug, and map it to the EN 319 102-1 FORMAT_FAILURE indication.
 *
 * @packageDocumentation
 */

/** Base class of every error that Mutua throws on purpose. `code` is stable and machine-readable. */
export class MutuaError extends Error {
  /** A stable, machine-readable error code (for example `ASN1_TRUNCATED`). */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The bytes are not the ASN.1 BER/DER they claim to be (truncated, bad length, too deep, …). */
export class Asn1Error extends MutuaError {}

/** The ASN.1 is well formed but does not follow the structure of the X.509 / CRL / OCSP type. */
export class StructureError extends MutuaError {}

/** The input is not in any of the accepted encodings (DER, PEM, base64, PKCS#7). */
export class InputFormatError extends MutuaError {}

/** A network fetch was refused (network disabled, host not allowed, too large, timed out). */
export class FetchError extends MutuaError {}

/** A validation policy document does not match the policy schema. */
export class PolicyError extends MutuaError {}
