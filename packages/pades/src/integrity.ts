/**
 * `verifyPadesIntegrity`: does each signature's CMS (or document time-stamp token) sign exactly its
 * byte ranges? The first half of PAdES verification, and what the DSS corpus's integrity labels judge;
 * levels, trust and modification analysis come on top (issue 6).
 */
import {
  type CadesSignatureReport,
  type TimestampVerification,
  parseSignedData,
  verifyCades,
  verifyTimestampToken,
} from '@mutua/cades';
import {
  type CryptoEngine,
  type TrustAnchor,
  MutuaError,
  createWebCryptoEngine,
  digestStream,
} from '@mutua/core';
import type { PdfDocument } from './pdf/document';
import { findSignatures, type PdfSignature } from './pdf/signatures';
import { type SignatureCoverage, signatureCoverage, signedRanges } from './pdf/ranges';

/**
 * Options of {@link verifyPadesIntegrity}.
 *
 * @example
 * ```ts
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * import type { PadesIntegrityOptions } from '@mutua/pades';
 * const options: PadesIntegrityOptions = { crypto: nodeCryptoEngine };
 * options.crypto === nodeCryptoEngine; // true
 * ```
 */
export interface PadesIntegrityOptions {
  /** Passed to @mutua/cades; integrity does not depend on them (default: none). */
  readonly trustAnchors?: readonly TrustAnchor[];
  /** The crypto engine (default WebCrypto; `nodeCryptoEngine` from `@mutua/core/node` on Node). */
  readonly crypto?: CryptoEngine;
  /** Validation time passed to @mutua/cades (default: now). */
  readonly time?: Date;
}

/**
 * The integrity of one signature: whether its CMS signs exactly its byte ranges, and what it covers.
 *
 * @example
 * ```ts
 * import type { PadesIntegrity } from '@mutua/pades';
 * const judged: PadesIntegrity['signatureIntact'][] = [true, false, undefined];
 * judged.length; // 3
 * ```
 */
export interface PadesIntegrity {
  readonly signature: PdfSignature;
  readonly coverage: SignatureCoverage;
  /**
   * True when the `/ByteRange` is valid and the CMS (or time-stamp token) verifies over exactly those
   * bytes; false when anything of that fails; undefined for a SubFilter not judged yet
   * (`adbe.x509.rsa_sha1`). For `adbe.pkcs7.sha1` the CMS encapsulates the SHA-1 digest of the ranges:
   * it must verify and that digest must match.
   */
  readonly signatureIntact: boolean | undefined;
  /** Why it is not intact (or not judged), as codes with a message. */
  readonly problems: readonly string[];
  /** The @mutua/cades report of the CMS, for signatures. */
  readonly cades?: CadesSignatureReport;
  /** The time-stamp token verification, for document time-stamps. */
  readonly timestamp?: TimestampVerification;
}

const NOT_JUDGED = new Set(['adbe.x509.rsa_sha1']);

/**
 * Checks, for every signature {@link findSignatures} finds, that its `/ByteRange` is sound and that its
 * CMS verifies over exactly those bytes (hashed from views of the file, never copied). A detached PDF CMS
 * must carry no content and exactly one SignerInfo (attack P11). Document time-stamps must have a message
 * imprint equal to the hash of their ranges.
 *
 * @example
 * ```ts
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * import { createPdf, readPdf, verifyPadesIntegrity } from '@mutua/pades';
 * const sig = '<< /Type /Sig /SubFilter /ETSI.CAdES.detached /ByteRange [0 1 2 3] /Contents <3000> >>';
 * const catalog = '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>';
 * const bytes = await createPdf({ objects: { 1: catalog, 4: '<< /FT /Sig /T (S) /V 5 0 R >>', 5: sig } });
 * const [r] = await verifyPadesIntegrity(await readPdf(bytes), { crypto: nodeCryptoEngine });
 * r?.signatureIntact; // false
 * r?.problems[0]; // 'BYTE_RANGE: GAP_NOT_CONTENTS, NOT_REVISION_END'
 * ```
 */
export async function verifyPadesIntegrity(
  pdf: PdfDocument,
  options: PadesIntegrityOptions = {},
): Promise<PadesIntegrity[]> {
  const crypto = options.crypto ?? createWebCryptoEngine();
  const out: PadesIntegrity[] = [];
  for (const signature of findSignatures(pdf)) {
    const coverage = signatureCoverage(pdf, signature);
    const problems: string[] = [];
    const done = (signatureIntact: boolean | undefined, more: Partial<PadesIntegrity> = {}) =>
      out.push({ signature, coverage, signatureIntact, problems, ...more });
    if (!signature.byteRange.valid) problems.push(`BYTE_RANGE: ${signature.byteRange.problems.join(', ')}`);
    if (!signature.cms) problems.push('CONTENTS: /Contents is not a BER/DER element');
    if (signature.paddingNotZero) problems.push('CONTENTS_PADDING: bytes other than zero after the CMS');
    if (!signature.byteRange.valid || !signature.cms) {
      done(false);
      continue;
    }
    const cms = signature.cms;
    const subFilter = signature.subFilter ?? '';
    if (NOT_JUDGED.has(subFilter)) {
      problems.push(`SUBFILTER: ${subFilter} is not verified yet`);
      done(undefined);
      continue;
    }
    try {
      if (signature.kind === 'doc-timestamp' || subFilter === 'ETSI.RFC3161') {
        const timestamp = await verifyTimestampToken({
          token: cms,
          type: 'content',
          covered: async (hash) => (await digestStream(crypto, [hash], signedRanges(pdf, signature)))[hash],
          trustAnchors: options.trustAnchors ?? [],
          crypto,
          validationTime: options.time,
        });
        if (!timestamp.messageImprintMatches)
          problems.push('TIMESTAMP_IMPRINT: the token does not cover the byte ranges');
        if (!timestamp.intact) problems.push('TIMESTAMP_SIGNATURE: the token signature does not verify');
        done(timestamp.intact && timestamp.messageImprintMatches, { timestamp });
        continue;
      }
      if (subFilter === 'adbe.pkcs7.sha1') {
        // ISO 32000-1 §12.8.3.3.1: the signed content is the SHA-1 digest of the ranges, encapsulated.
        const report = await verifyCades(cms, {
          trustAnchors: options.trustAnchors ?? [],
          crypto,
          time: options.time,
        });
        const top = report.signatures.filter((s) => s.counterSignatureOf === undefined);
        const content = parseSignedData(cms).content;
        const digest = (await digestStream(crypto, ['SHA-1'], signedRanges(pdf, signature)))['SHA-1'];
        const matches =
          !!content &&
          !!digest &&
          content.length === digest.length &&
          content.every((b, i) => b === digest[i]);
        if (!matches)
          problems.push('CMS_CONTENT: the encapsulated SHA-1 digest is not that of the byte ranges');
        if (top.length !== 1) problems.push(`CMS_SIGNER_COUNT: ${top.length} SignerInfos, not one (P11)`);
        const cades = top[0];
        if (cades && !cades.signatureIntact)
          problems.push('CMS_SIGNATURE: the CMS does not verify over its content');
        done(matches && top.length === 1 && cades?.signatureIntact === true, { cades });
        continue;
      }
      const report = await verifyCades(cms, {
        detachedContent: signedRanges(pdf, signature),
        trustAnchors: options.trustAnchors ?? [],
        crypto,
        time: options.time,
      });
      const top = report.signatures.filter((s) => s.counterSignatureOf === undefined);
      if (!report.detached) problems.push('CMS_NOT_DETACHED: the CMS carries content (P11)');
      if (top.length !== 1) problems.push(`CMS_SIGNER_COUNT: ${top.length} SignerInfos, not one (P11)`);
      const cades = top[0];
      if (cades && !cades.signatureIntact)
        problems.push('CMS_SIGNATURE: the CMS does not verify over the byte ranges');
      done(report.detached && top.length === 1 && cades?.signatureIntact === true, { cades });
    } catch (e) {
      if (!(e instanceof MutuaError)) throw e;
      problems.push(`CMS_FORMAT: ${e.message}`);
      done(false);
    }
  }
  return out;
}
