/**
 * `addDocumentTimestamp`: a PAdES document time-stamp (`/Type /DocTimeStamp /SubFilter /ETSI.RFC3161`,
 * EN 319 142-1 §5.4) added as an incremental update.
 */
import { type SigningHash, parseTimeStampToken } from '@mutua/cades';
import { type CryptoEngine, createWebCryptoEngine } from '@mutua/core';
import { readPdf } from '../pdf/document';
import { PadesSigningError } from './errors';
import { appendSignatureField } from './field';

/**
 * Options of {@link addDocumentTimestamp}.
 *
 * @example
 * ```ts
 * import type { DocumentTimestampOptions } from '@mutua/pades';
 * import { createTsa, timestampToken } from '@mutua/testkit';
 * const tsa = await createTsa(pki);
 * const options: DocumentTimestampOptions = {
 *   timestamp: (imprint, hash) => timestampToken({ tsa, digest: imprint, hash }),
 * };
 * typeof options.timestamp; // 'function'
 * ```
 */
export interface DocumentTimestampOptions {
  /**
   * Asks a TSA for a token: called with the digest of the byte ranges (the RFC 3161 `hashedMessage`) and
   * its hash, returns the DER TimeStampToken (an `rfc3161Client`-style call, or testkit's
   * `timestampToken`). The token is checked to be over that imprint.
   */
  readonly timestamp: (imprint: Uint8Array, hash: SigningHash) => Promise<Uint8Array>;
  /** The imprint's hash (default SHA-256). */
  readonly hash?: SigningHash;
  /** The new field's partial name (default `DocTimeStamp<n>`, the first one free). */
  readonly fieldName?: string;
  /** Bytes reserved for the token (default 16 384). */
  readonly contentsSize?: number;
  /** Hashes the byte ranges (default WebCrypto; `nodeCryptoEngine` of `@mutua/core/node` streams on Node). */
  readonly crypto?: CryptoEngine;
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Adds a document time-stamp: an incremental update with an invisible signature field whose value is a
 * `/Type /DocTimeStamp /SubFilter /ETSI.RFC3161` dictionary, its `/Contents` the RFC 3161 token over the
 * digest of its `/ByteRange` (the whole file but the token). Earlier signatures stay intact; on a signed
 * document with validation data this is the step to PAdES-BASELINE-LTA.
 *
 * @throws {@link PadesSigningError} `BAD_TIMESTAMP` when the callback's token is not over the imprint,
 * `CONTENTS_TOO_SMALL` (with `needed`), `ENCRYPTED`, `FIELD_EXISTS`, `BAD_OPTIONS`.
 * @example
 * ```ts
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * import { addDocumentTimestamp, createPdf, findSignatures, readPdf, verifyPadesIntegrity } from '@mutua/pades';
 * import { createTsa, timestampToken } from '@mutua/testkit';
 * const tsa = await createTsa(pki);
 * const stamped = await addDocumentTimestamp(await createPdf(), {
 *   timestamp: (imprint, hash) => timestampToken({ tsa, digest: imprint, hash, chain: [ca] }),
 * });
 * const pdf = await readPdf(stamped);
 * findSignatures(pdf)[0]?.kind; // 'doc-timestamp'
 * (await verifyPadesIntegrity(pdf, { crypto: nodeCryptoEngine }))[0]?.signatureIntact; // true
 * ```
 */
export async function addDocumentTimestamp(
  pdfBytes: Uint8Array,
  options: DocumentTimestampOptions,
): Promise<Uint8Array> {
  const hash = options.hash ?? 'SHA-256';
  const pdf = await readPdf(pdfBytes);
  return appendSignatureField(pdf, {
    fieldName: options.fieldName,
    fieldPrefix: 'DocTimeStamp',
    page: 0,
    rect: [0, 0, 0, 0],
    entries: '/Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161',
    contentsSize: options.contentsSize ?? 16384,
    refuseIfLocked: false,
    hash,
    crypto: options.crypto ?? createWebCryptoEngine(),
    produce: async (digest) => {
      const token = await options.timestamp(digest, hash);
      let imprint: { readonly hash?: string; readonly hashedMessage: Uint8Array };
      try {
        imprint = parseTimeStampToken(token).tstInfo.messageImprint;
      } catch (e) {
        throw new PadesSigningError(
          'BAD_TIMESTAMP',
          'the time-stamp function did not return a TimeStampToken',
          {
            cause: e,
          },
        );
      }
      if (imprint.hash !== hash || !equal(imprint.hashedMessage, digest))
        throw new PadesSigningError('BAD_TIMESTAMP', 'the time-stamp token is not over the byte ranges');
      return token;
    },
  });
}
