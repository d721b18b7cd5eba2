import type { PublicKeyInfo } from '../x509/public-key';
import type { HashName, SignatureScheme } from './algorithms';

/**
 * The outcome of a signature verification. `unsupported` means the runtime could not check it
 * (unknown algorithm, curve the runtime lacks, DSA in a browser): the validation that needed it is
 * INDETERMINATE, never PASSED or FAILED.
 */
export type VerifyOutcome =
  | { readonly status: 'valid' }
  | { readonly status: 'invalid'; readonly reason: string }
  | { readonly status: 'unsupported'; readonly reason: string };

/** What a crypto engine is asked to verify. */
export interface VerifyRequest {
  readonly scheme: SignatureScheme;
  readonly publicKey: PublicKeyInfo;
  readonly data: Uint8Array;
  readonly signature: Uint8Array;
}

/**
 * The one small interface between Mutua and a cryptographic runtime. Implementations:
 * {@link createWebCryptoEngine} (browsers, Deno, Node via globalThis.crypto or @peculiar/webcrypto)
 * and `nodeCryptoEngine` from `@mutua/core/node` (fast; adds DSA, brainpool, Ed448, MD5).
 */
export interface CryptoEngine {
  /** A short name for reports (`webcrypto`, `node`). */
  readonly name: string;
  /** Hashes `data`; rejects with an Error whose message names the hash for hashes the runtime lacks. */
  digest(hash: HashName, data: Uint8Array): Promise<Uint8Array>;
  /** Verifies one signature. Never throws for bad signatures or unsupported algorithms. */
  verify(req: VerifyRequest): Promise<VerifyOutcome>;
  /**
   * An incremental hash, for streaming large detached content without holding it in memory. Optional:
   * WebCrypto has none, and {@link digestStream} then falls back to collecting the chunks.
   */
  createHash?(hash: HashName): IncrementalHash;
}

/** A hash fed chunk by chunk. */
export interface IncrementalHash {
  update(chunk: Uint8Array): void;
  digest(): Promise<Uint8Array>;
}
