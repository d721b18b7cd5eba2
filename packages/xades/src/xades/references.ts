import {
  type Certificate,
  type CertificateList,
  type CheckResult,
  type CryptoEngine,
  type OcspResponse,
  base64Decode,
} from '@mutua/core';
import { DIGEST_METHODS } from '../dsig/methods';
import type { XmlElement } from '../xml/tree';
import { dsigChild, isXades, textOf, xadesChild, xadesChildren } from './properties';

/** What {@link checkXadesCompleteReferences} needs. */
export interface XadesCompleteReferencesInput {
  /** The unsigned signature properties, in order. */
  readonly unsignedSignatureProperties: readonly XmlElement[];
  /** The signer's certificate (not referenced: SigningCertificate binds it). */
  readonly signer: Certificate | undefined;
  /** The signer's validated path (RFC 5280 order) and its trust anchor's certificate, when known. */
  readonly path: readonly Certificate[] | undefined;
  readonly anchorCertificate: Certificate | undefined;
  readonly certificates: readonly Certificate[];
  readonly crls: readonly CertificateList[];
  readonly ocspResponses: readonly OcspResponse[];
  readonly crypto: CryptoEngine;
}

/** DigestMethod + DigestValue (ds: or, in XAdES 1.1.1, xades:) of a CertDigest or DigestAlgAndValue. */
function digestOf(e: XmlElement | undefined): { hash: string; value: string } | undefined {
  if (!e) return undefined;
  const method = dsigChild(e, 'DigestMethod') ?? xadesChild(e, 'DigestMethod');
  const value = dsigChild(e, 'DigestValue') ?? xadesChild(e, 'DigestValue');
  return method && value
    ? { hash: method.getAttribute('Algorithm') ?? '', value: textOf(value).replace(/\s+/g, '') }
    : undefined;
}

/**
 * Checks the XAdES-C references (EN 319 132-2 §5.3; XAdES 1.3.2 §7.4): every Cert of
 * CompleteCertificateRefs(V2) names (by digest) a certificate at hand, every certificate of the signer's
 * path but the signer's own — the anchor's included — is referenced, and every CRLRef / OCSPRef of
 * CompleteRevocationRefs names a CRL (by digest) or an OCSP response (by ProducedAt, and digest when given)
 * at hand. A path certificate left out, or a reference that does not decode, makes them incomplete (a
 * warning; the signature is not named XAdES-C); references to data not at hand are reported (info). No
 * check without references.
 *
 * @example
 * ```ts
 * import { checkXadesCompleteReferences } from '@mutua/xades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * (await checkXadesCompleteReferences({
 *   unsignedSignatureProperties: [], signer: undefined, path: undefined, anchorCertificate: undefined,
 *   certificates: [], crls: [], ocspResponses: [], crypto: nodeCryptoEngine,
 * })).length; // 0
 * ```
 */
export async function checkXadesCompleteReferences(
  input: XadesCompleteReferencesInput,
): Promise<CheckResult[]> {
  const usp = input.unsignedSignatureProperties;
  const certRefs = usp.find(
    (e) => isXades(e, 'CompleteCertificateRefsV2') || isXades(e, 'CompleteCertificateRefs'),
  );
  const revRefs = usp.find((e) => isXades(e, 'CompleteRevocationRefs'));
  if (!certRefs && !revRefs) return [];
  const { crypto } = input;
  const problems: string[] = [];
  const unresolved: string[] = [];
  const matches = async (d: { hash: string; value: string }, bytes: Uint8Array) => {
    const hash = DIGEST_METHODS[d.hash];
    if (!hash) return false;
    let want: Uint8Array;
    try {
      want = base64Decode(d.value);
    } catch {
      return false;
    }
    const got = await crypto.digest(hash, bytes);
    return got.length === want.length && got.every((b, i) => b === want[i]);
  };

  const resolved: Certificate[] = [];
  const certs = certRefs ? xadesChildren(xadesChild(certRefs, 'CertRefs') ?? certRefs, 'Cert') : [];
  for (const [i, cert] of certs.entries()) {
    const d = digestOf(xadesChild(cert, 'CertDigest'));
    if (!d || !DIGEST_METHODS[d.hash]) {
      problems.push(`certificate reference ${i} has no digest this version knows`);
      continue;
    }
    let found: Certificate | undefined;
    for (const c of input.certificates) if (!found && (await matches(d, c.der))) found = c;
    if (found) resolved.push(found);
    else unresolved.push(`certificate reference ${i} names no certificate at hand`);
  }
  if (certRefs && input.path) {
    const needed = [...input.path, ...(input.anchorCertificate ? [input.anchorCertificate] : [])].filter(
      (c) =>
        !(
          input.signer &&
          c.der.length === input.signer.der.length &&
          c.der.every((b, i) => b === input.signer!.der[i])
        ),
    );
    for (const c of needed)
      if (!resolved.some((r) => r.der.length === c.der.length && r.der.every((b, i) => b === c.der[i])))
        problems.push(`the path certificate "${c.subject.text}" is not referenced`);
  }
  let crlCount = 0;
  let ocspCount = 0;
  if (revRefs) {
    for (const [i, ref] of xadesChildren(xadesChild(revRefs, 'CRLRefs') ?? revRefs, 'CRLRef').entries()) {
      crlCount++;
      const d = digestOf(xadesChild(ref, 'DigestAlgAndValue'));
      let found = false;
      if (d) for (const crl of input.crls) if (!found && (await matches(d, crl.der))) found = true;
      if (!d) problems.push(`CRL reference ${i} has no digest`);
      else if (!found) unresolved.push(`CRL reference ${i} names no CRL at hand`);
    }
    for (const [i, ref] of xadesChildren(xadesChild(revRefs, 'OCSPRefs') ?? revRefs, 'OCSPRef').entries()) {
      ocspCount++;
      const produced = textOf(xadesChild(xadesChild(ref, 'OCSPIdentifier'), 'ProducedAt'));
      const at = produced ? new Date(produced).getTime() : Number.NaN;
      const d = digestOf(xadesChild(ref, 'DigestAlgAndValue'));
      let found = false;
      for (const o of input.ocspResponses) {
        if (found || !o.basic || o.basic.producedAt.getTime() !== at) continue;
        found = !d || (await matches(d, o.der)) || (await matches(d, o.basic.der));
      }
      if (Number.isNaN(at)) problems.push(`OCSP reference ${i} has no ProducedAt`);
      else if (!found)
        unresolved.push(`OCSP reference ${i} (producedAt ${produced}) names no OCSP response at hand`);
    }
  }
  // Coverage of the path is only known when a path was validated (no trust anchor reached: not checked).
  const coverage = input.path
    ? '; the path is fully referenced'
    : '; path coverage not checked (no validated path)';
  const counted = `${certs.length} certificate, ${crlCount} CRL and ${ocspCount} OCSP reference(s)`;
  return [
    problems.length
      ? {
          id: 'xades.completeReferences',
          status: 'warning',
          message: `${counted}: incomplete — ${[...problems, ...unresolved].join('; ')}`,
        }
      : unresolved.length
        ? {
            id: 'xades.completeReferences',
            status: 'info',
            message: `${counted}${coverage}, but not every reference can be checked: ${unresolved.join('; ')}`,
          }
        : {
            id: 'xades.completeReferences',
            status: 'passed',
            message: `${counted}, all resolved${coverage}`,
          },
  ];
}
