import {
  type Certificate,
  type CertificateList,
  MutuaError,
  type OcspResponse,
  SeqReader,
  type Tlv,
  certificateFromTlv,
  children,
  explicitInner,
  isContext,
  parseCrl,
  parseOcspResponse,
  tlvBytes,
} from '@mutua/core';
import type { SignerInfo } from './cms';
import { CMS_OID } from './oids';

/** Certificates and revocation data found in a SignerInfo's unsigned attributes. */
export interface EmbeddedValidationData {
  readonly certificates: Certificate[];
  readonly crls: CertificateList[];
  readonly ocspResponses: OcspResponse[];
  /** Values that could not be read (reported, never fatal). */
  readonly problems: string[];
}

/**
 * Reads the validation data a CAdES-LT / -XL signature carries in its unsigned attributes:
 * certificate-values (`SEQUENCE OF Certificate`) and revocation-values (`crlVals [0]`, `ocspVals [1]`,
 * EN 319 122-1 §5.5), so that the path validation can use them. Whether they are complete and covered by
 * an archive time-stamp is the LT/LTA levels' business, not this function's.
 *
 * @example
 * ```ts
 * import { collectValidationData, parseSignedData } from '@mutua/cades';
 * import { signCms } from '@mutua/testkit';
 * const sd = parseSignedData(await signCms({ content: new Uint8Array([1]), signer: leaf }));
 * collectValidationData(sd.signerInfos[0]!).certificates.length; // 0 (a B-level signature carries none)
 * ```
 */
export function collectValidationData(si: SignerInfo): EmbeddedValidationData {
  const out: EmbeddedValidationData = { certificates: [], crls: [], ocspResponses: [], problems: [] };
  const attempt = (what: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof MutuaError)) throw e;
      out.problems.push(`${what}: ${e.message}`);
    }
  };
  for (const attr of si.unsignedAttributes) {
    if (attr.type === CMS_OID.certValues) {
      for (const v of attr.values)
        for (const c of children(v))
          attempt('certificate-values', () => out.certificates.push(certificateFromTlv(c)));
    } else if (attr.type === CMS_OID.revocationValues) {
      for (const v of attr.values) attempt('revocation-values', () => readRevocationValues(v, out));
    }
  }
  return out;
}

function readRevocationValues(v: Tlv, out: EmbeddedValidationData): void {
  for (const field of new SeqReader(v, 'RevocationValues').rest()) {
    const list = (): Tlv[] => children(explicitInner(field, 'RevocationValues field'));
    if (isContext(field, 0)) {
      for (const crl of list()) out.crls.push(parseCrl(tlvBytes(crl)));
    } else if (isContext(field, 1)) {
      // BasicOCSPResponse values: parseOcspResponse reads them as successful responses.
      for (const basic of list()) out.ocspResponses.push(parseOcspResponse(tlvBytes(basic)));
    } else {
      out.problems.push(`revocation-values: skipped other revocation values [${field.tag}]`);
    }
  }
}
