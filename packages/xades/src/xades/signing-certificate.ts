import {
  type Certificate,
  type CheckResult,
  type CryptoEngine,
  SubIndication,
  base64Decode,
} from '@mutua/core';
import { DIGEST_METHODS } from '../dsig/methods';
import type { XadesCertRef } from './properties';

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The serial number as a bigint from its decimal (or, leniently, 0x-hex) text, if it is one. */
function serialOf(text: string): bigint | undefined {
  try {
    return BigInt(text.trim());
  } catch {
    return undefined;
  }
}

/** What {@link identifySigningCertificate} found. */
export interface SigningCertificateMatch {
  readonly certificate?: Certificate;
  readonly check: CheckResult;
}

/**
 * Finds the signing certificate a XAdES SigningCertificate / SigningCertificateV2 property names among
 * candidates (KeyInfo, CertificateValues, the caller's): the certificate whose digest (with the
 * property's DigestMethod) equals CertDigest, and whose serial number equals the IssuerSerial's when one
 * is given (attack X8: a certificate substituted for the signed one). The first Cert is the signer's
 * (EN 319 132-1 §5.2.2); others may name its chain.
 *
 * @example
 * ```ts
 * import { identifySigningCertificate } from '@mutua/xades';
 * import { base64Encode } from '@mutua/core';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const digest = base64Encode(await nodeCryptoEngine.digest('SHA-256', cert.der));
 * const ref = { digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256', digestValue: digest };
 * (await identifySigningCertificate([ref], [cert], nodeCryptoEngine)).certificate === cert; // true
 * ```
 */
export async function identifySigningCertificate(
  refs: readonly XadesCertRef[],
  candidates: readonly Certificate[],
  crypto: CryptoEngine,
): Promise<SigningCertificateMatch> {
  const fail = (message: string): SigningCertificateMatch => ({
    check: {
      id: 'xades.signingCertificate',
      status: 'indeterminate',
      message,
      subIndication: SubIndication.NO_SIGNING_CERTIFICATE_FOUND,
    },
  });
  const first = refs[0];
  if (!first) return fail('the SigningCertificate property names no certificate');
  const hash = DIGEST_METHODS[first.digestAlgorithm];
  if (!hash) return fail(`the SigningCertificate digest method ${first.digestAlgorithm} is not supported`);
  let want: Uint8Array;
  try {
    want = base64Decode(first.digestValue);
  } catch {
    return fail('the SigningCertificate digest is not base64');
  }
  for (const c of candidates) {
    if (!equal(await crypto.digest(hash, c.der), want)) continue;
    // The digest binds the certificate exactly; a v1 IssuerSerial that disagrees with it is a producer's
    // error to report, not a second certificate (EU DSS reports it the same way).
    if (first.serialNumber !== undefined) {
      const serial = serialOf(first.serialNumber);
      if (serial === undefined || serial !== c.serialNumber)
        return {
          certificate: c,
          check: {
            id: 'xades.signingCertificate',
            status: 'warning',
            message: `the signed ${hash} digest names "${c.subject.text}", but its IssuerSerial says serial ${first.serialNumber} (the certificate's is ${c.serialNumber})`,
          },
        };
    }
    return {
      certificate: c,
      check: {
        id: 'xades.signingCertificate',
        status: 'passed',
        message: `the signed ${hash} digest names "${c.subject.text}" (serial ${c.serialHex})`,
      },
    };
  }
  return fail(
    `no certificate at hand (${candidates.length} candidate(s): KeyInfo, CertificateValues, the caller's) has the signed ${hash} digest`,
  );
}
