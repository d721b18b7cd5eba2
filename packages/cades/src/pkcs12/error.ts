import { MutuaError } from '@mutua/core';

/** A PKCS#12 file that cannot be opened: wrong password, unsupported encryption, no key or certificate. */
export class Pkcs12Error extends MutuaError {}

/** The most PBKDF2 / PKCS#12-KDF iterations a file may ask for (hostile input: bounded work). */
export const MAX_ITERATIONS = 10_000_000;

/** Throws `PKCS12_MALFORMED` unless `1 <= iterations <= MAX_ITERATIONS`. */
export function checkIterations(iterations: number | bigint, what: string): number {
  const n = Number(iterations);
  if (!(n >= 1 && n <= MAX_ITERATIONS))
    throw new Pkcs12Error(
      'PKCS12_MALFORMED',
      `implausible ${what} iteration count ${iterations} (at most ${MAX_ITERATIONS})`,
    );
  return n;
}

/** The error of every legacy decryption that does not give a well-formed plaintext. */
export function badDecryption(detail: string, cause?: unknown): Pkcs12Error {
  return new Pkcs12Error(
    'PKCS12_BAD_PASSWORD',
    `wrong password or corrupted file: ${detail}`,
    cause === undefined ? undefined : { cause },
  );
}
