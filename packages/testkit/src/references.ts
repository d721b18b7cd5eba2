import { type Certificate, type CertificateList, type OcspResponse, der } from '@mutua/core';
import { cmsAttribute } from './cms';

const COMPLETE_CERTIFICATE_REFS = '1.2.840.113549.1.9.16.2.21';
const COMPLETE_REVOCATION_REFS = '1.2.840.113549.1.9.16.2.22';
const SHA256_OID = '2.16.840.1.101.3.4.2.1';

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/** OtherHash as OtherHashAlgAndValue with SHA-256 (TS 101 733 §6.2.1). */
const otherHash = async (bytes: Uint8Array) =>
  der.seq(der.seq(der.oid(SHA256_OID)), der.octets(await sha256(bytes)));

/** Options of {@link completeReferences}. */
export interface CompleteReferencesOptions {
  /** The certificates to reference (TS 101 733: the signer's path without the signer, the anchor included). */
  readonly certificates: readonly (Certificate | { readonly der: Uint8Array })[];
  readonly crls?: readonly (CertificateList | { readonly der: Uint8Array })[];
  readonly ocspResponses?: readonly OcspResponse[];
}

/**
 * The two CAdES-C attributes, complete-certificate-references and complete-revocation-references
 * (TS 101 733 §6.2.1–6.2.2), with SHA-256 references to the given certificates, CRLs and OCSP responses —
 * ready for `addUnsignedAttribute`.
 *
 * @example
 * ```ts
 * import { addUnsignedAttribute, completeReferences, signCms } from '@mutua/testkit';
 * const p7s = await signCms({ content: new Uint8Array([1]), signer: leaf, chain: [ca] });
 * const [certRefs, revRefs] = await completeReferences({ certificates: [ca] });
 * const cadesC = addUnsignedAttribute(addUnsignedAttribute(p7s, certRefs), revRefs);
 * cadesC.length > p7s.length; // true
 * ```
 */
export async function completeReferences(
  options: CompleteReferencesOptions,
): Promise<[Uint8Array, Uint8Array]> {
  const certIds = await Promise.all(options.certificates.map(async (c) => der.seq(await otherHash(c.der))));
  const refs: Uint8Array[] = [];
  for (const crl of options.crls ?? [])
    refs.push(der.seq(der.ctx(0, der.seq(der.seq(der.seq(await otherHash(crl.der)))))));
  for (const o of options.ocspResponses ?? []) {
    if (!o.basic) continue;
    const id = o.basic.responderId;
    const responder = id.type === 'byName' ? der.ctx(1, id.name.der) : der.ctx(2, der.octets(id.keyHash));
    const ocspId = der.seq(
      der.seq(responder, der.generalizedTime(o.basic.producedAt)),
      await otherHash(o.der),
    );
    refs.push(der.seq(der.ctx(1, der.seq(der.seq(ocspId)))));
  }
  return [
    cmsAttribute(COMPLETE_CERTIFICATE_REFS, der.seq(...certIds)),
    cmsAttribute(COMPLETE_REVOCATION_REFS, der.seq(...refs)),
  ];
}
