import {
  type Certificate,
  type CertificateList,
  MutuaError,
  type OcspResponse,
  base64Decode,
  parseCertificate,
  parseCrl,
  parseOcspResponse,
} from '@mutua/core';
import type { XmlElement } from '../xml/tree';
import { type QualifyingProperties, isXades, textOf, xadesChild, xadesChildren } from './properties';

/**
 * The validation data a XAdES signature carries (EN 319 132-1 §5.5: CertificateValues,
 * AttrAuthoritiesCertValues, RevocationValues, AttributeRevocationValues).
 */
export interface XadesValidationData {
  readonly certificates: Certificate[];
  readonly crls: CertificateList[];
  readonly ocspResponses: OcspResponse[];
  /** Values that could not be read (reported, never fatal). */
  readonly problems: string[];
}

function readValues(container: XmlElement, out: XadesValidationData): void {
  const attempt = (what: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof MutuaError)) throw e;
      out.problems.push(`${what}: ${e.message}`);
    }
  };
  // AttrAuthoritiesCertValues (EN 319 132-1 §5.5.3) carries the certificates of the attribute
  // authorities behind certified roles: read the same way, they serve the same path validation.
  for (const kind of ['CertificateValues', 'AttrAuthoritiesCertValues'])
    for (const cv of xadesChildren(container, kind))
      for (const c of xadesChildren(cv, 'EncapsulatedX509Certificate'))
        attempt(kind, () => out.certificates.push(parseCertificate(base64Decode(textOf(c)))));
  for (const rv of [
    ...xadesChildren(container, 'RevocationValues'),
    ...xadesChildren(container, 'AttributeRevocationValues'),
  ]) {
    for (const c of xadesChildren(xadesChild(rv, 'CRLValues') ?? rv, 'EncapsulatedCRLValue'))
      attempt('RevocationValues', () => out.crls.push(parseCrl(base64Decode(textOf(c)))));
    for (const o of xadesChildren(xadesChild(rv, 'OCSPValues') ?? rv, 'EncapsulatedOCSPValue'))
      attempt('RevocationValues', () => out.ocspResponses.push(parseOcspResponse(base64Decode(textOf(o)))));
  }
}

/**
 * Reads the certificates and revocation data of a signature's unsigned properties: CertificateValues,
 * AttrAuthoritiesCertValues, RevocationValues, AttributeRevocationValues, and those inside XAdES 1.4.1 TimeStampValidationData, so that the path validation can
 * use them. Whether they are complete is the LT level's business.
 *
 * @example
 * ```ts
 * import { collectXadesValidationData, parseXml, readQualifyingProperties } from '@mutua/xades';
 * const qp = parseXml('<x:QualifyingProperties xmlns:x="http://uri.etsi.org/01903/v1.3.2#"/>').root;
 * collectXadesValidationData(readQualifyingProperties(qp)).certificates.length; // 0
 * ```
 */
export function collectXadesValidationData(props: QualifyingProperties): XadesValidationData {
  const out: XadesValidationData = { certificates: [], crls: [], ocspResponses: [], problems: [] };
  const usp = props.unsignedSignatureProperties[0]?.parent;
  if (usp && usp.kind === 'element') readValues(usp, out);
  for (const e of props.unsignedSignatureProperties)
    if (isXades(e, 'TimeStampValidationData')) readValues(e, out);
  return out;
}
