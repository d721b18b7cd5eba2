import { type Certificate, type CheckResult, parseCertificate } from '@mutua/core';
import type { XmlElement } from '../xml/tree';
import { decodeBase64 } from './base64';
import { DSIG_NS } from './types';

/**
 * The certificates of `KeyInfo/X509Data/X509Certificate`: candidates for the caller, never trusted here
 * (X7: the signing certificate comes from the XAdES binding and path validation). A certificate that does
 * not parse is skipped with a warning: it cannot be the signer's, and the others may still serve.
 */
export function keyInfoCertificates(keyInfo: XmlElement | undefined): {
  certificates: Certificate[];
  checks: CheckResult[];
} {
  const certificates: Certificate[] = [];
  const checks: CheckResult[] = [];
  if (!keyInfo) {
    checks.push({ id: 'xmldsig.keyInfo', status: 'info', message: 'no KeyInfo' });
    return { certificates, checks };
  }
  const elements = keyInfo
    .elements('X509Data', DSIG_NS)
    .flatMap((d) => d.elements('X509Certificate', DSIG_NS));
  elements.forEach((e, i) => {
    const bytes = decodeBase64(e.textContent);
    try {
      if (!bytes) throw new Error('not base64');
      certificates.push(parseCertificate(bytes));
    } catch (err) {
      checks.push({
        id: 'xmldsig.keyInfo',
        status: 'warning',
        message: `X509Certificate ${i} skipped: ${(err as Error).message}`,
      });
    }
  });
  checks.push({
    id: 'xmldsig.keyInfo',
    status: 'info',
    message: `${certificates.length} certificate(s) in KeyInfo (candidates only, not trusted by themselves)`,
  });
  return { certificates, checks };
}
