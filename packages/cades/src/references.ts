import {
  type Certificate,
  type CertificateList,
  type CheckResult,
  type CryptoEngine,
  HASH_BY_OID,
  type HashName,
  MutuaError,
  type OcspResponse,
  SeqReader,
  Tag,
  type Tlv,
  children,
  decodeOctetString,
  decodeTime,
  explicitInner,
  isContext,
  parseAlgorithmIdentifier,
} from '@mutua/core';
import { bytesEqual } from './bytes';
import type { SignerInfo } from './cms';
import { CMS_OID } from './oids';

/** OtherHash (TS 101 733 §6.2.1): a bare SHA-1 OCTET STRING, or an algorithm and a value. */
interface OtherHash {
  readonly hash: HashName | undefined;
  readonly hashOid: string;
  readonly value: Uint8Array;
}

function readOtherHash(t: Tlv, what: string): OtherHash {
  if (t.tag === Tag.OCTET_STRING)
    return { hash: 'SHA-1', hashOid: '1.3.14.3.2.26', value: decodeOctetString(t, what) };
  const r = new SeqReader(t, what);
  const alg = parseAlgorithmIdentifier(r.next('hashAlgorithm', Tag.SEQUENCE));
  return {
    hash: HASH_BY_OID[alg.oid],
    hashOid: alg.oid,
    value: decodeOctetString(r.next('hashValue'), what),
  };
}

/** What the complete-certificate- and complete-revocation-references attributes of a SignerInfo list. */
interface References {
  readonly certificates: OtherHash[];
  readonly crls: OtherHash[];
  readonly ocsp: { readonly producedAt: Date; readonly hash: OtherHash | undefined }[];
  readonly problems: string[];
}

function readReferences(si: SignerInfo): References {
  const out: References = { certificates: [], crls: [], ocsp: [], problems: [] };
  const attempt = (what: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof MutuaError)) throw e;
      out.problems.push(`${what} does not decode: ${e.message}`);
    }
  };
  for (const attr of si.unsignedAttributes) {
    if (attr.type === CMS_OID.completeCertificateRefs) {
      for (const v of attr.values)
        attempt('complete-certificate-references', () => {
          // CompleteCertificateRefs ::= SEQUENCE OF OtherCertID { otherCertHash, issuerSerial OPTIONAL }
          for (const id of children(v))
            out.certificates.push(
              readOtherHash(new SeqReader(id, 'OtherCertID').next('otherCertHash'), 'otherCertHash'),
            );
        });
    } else if (attr.type === CMS_OID.completeRevocationRefs) {
      for (const v of attr.values)
        attempt('complete-revocation-references', () => {
          // CompleteRevocationRefs ::= SEQUENCE OF CrlOcspRef { crlids [0], ocspids [1], otherRev [2] }
          for (const ref of children(v)) {
            for (const field of children(ref)) {
              if (isContext(field, 0)) {
                const list = new SeqReader(explicitInner(field, 'crlids'), 'CRLListID').next(
                  'crls',
                  Tag.SEQUENCE,
                );
                for (const crl of children(list))
                  out.crls.push(
                    readOtherHash(new SeqReader(crl, 'CrlValidatedID').next('crlHash'), 'crlHash'),
                  );
              } else if (isContext(field, 1)) {
                const list = new SeqReader(explicitInner(field, 'ocspids'), 'OcspListID').next(
                  'ocspResponses',
                  Tag.SEQUENCE,
                );
                for (const id of children(list)) {
                  const r = new SeqReader(id, 'OcspResponsesID');
                  const ident = new SeqReader(r.next('ocspIdentifier', Tag.SEQUENCE), 'OcspIdentifier');
                  ident.next('ocspResponderID');
                  const producedAt = decodeTime(ident.next('producedAt'), 'producedAt');
                  const h = r.optional(Tag.OCTET_STRING) ?? r.optional(Tag.SEQUENCE);
                  out.ocsp.push({ producedAt, hash: h ? readOtherHash(h, 'ocspRepHash') : undefined });
                }
              } else {
                out.problems.push(
                  'complete-revocation-references: other revocation references are not checked',
                );
              }
            }
          }
        });
    }
  }
  return out;
}

/** What {@link checkCompleteReferences} needs. */
export interface CompleteReferencesInput {
  readonly signerInfo: SignerInfo;
  /** The signer's certificate (not referenced: the signing-certificate attribute binds it). */
  readonly signer: Certificate | undefined;
  /** The signer's validated path, RFC 5280 order, and its trust anchor's certificate when it has one. */
  readonly path: readonly Certificate[] | undefined;
  readonly anchorCertificate: Certificate | undefined;
  /** Every certificate, CRL and OCSP response available (carried in the signature or given). */
  readonly certificates: readonly Certificate[];
  readonly crls: readonly CertificateList[];
  readonly ocspResponses: readonly OcspResponse[];
  readonly crypto: CryptoEngine;
}

/**
 * Checks the CAdES-C references (TS 101 733 §6.2.1, §6.2.2; EN 319 122-2): every OtherCertID of
 * complete-certificate-references names (by hash) a certificate at hand, and every certificate of the
 * signer's path other than the signer's own — the trust anchor's included — is referenced; every CRL
 * and OCSP reference of complete-revocation-references names a CRL (by hash) or an OCSP response (by
 * producedAt, and hash when given) at hand. A path certificate left out, or references that do not
 * decode, make them incomplete: a warning, and the signature is not named CAdES-C. References to data
 * the verifier does not hold are reported (info): a CAdES-C or -X keeps its values elsewhere by design.
 * Returns no check when the SignerInfo has no references.
 *
 * @example
 * ```ts
 * import { checkCompleteReferences, parseSignedData } from '@mutua/cades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * import { signCms } from '@mutua/testkit';
 * const si = parseSignedData(await signCms({ content: new Uint8Array([1]), signer: leaf })).signerInfos[0]!;
 * (await checkCompleteReferences({
 *   signerInfo: si, signer: undefined, path: undefined, anchorCertificate: undefined,
 *   certificates: [], crls: [], ocspResponses: [], crypto: nodeCryptoEngine,
 * })).length; // 0
 * ```
 */
export async function checkCompleteReferences(input: CompleteReferencesInput): Promise<CheckResult[]> {
  const si = input.signerInfo;
  const types = new Set(si.unsignedAttributes.map((a) => a.type));
  if (!types.has(CMS_OID.completeCertificateRefs) && !types.has(CMS_OID.completeRevocationRefs)) return [];
  const refs = readReferences(si);
  const { crypto } = input;
  const digestOf = async (h: OtherHash, bytes: Uint8Array) =>
    h.hash ? crypto.digest(h.hash, bytes) : undefined;
  const matches = async (h: OtherHash, bytes: Uint8Array) => {
    const d = await digestOf(h, bytes);
    return d !== undefined && bytesEqual(d, h.value);
  };

  const out: CheckResult[] = [];
  // Certificates: each reference resolves; each path certificate but the signer's is referenced.
  // `problems` make the references incomplete; `unresolved` only name data this verifier does not hold
  // (a CAdES-C/-X keeps its values elsewhere: that is the form, not a defect).
  const problems = [...refs.problems];
  const unresolved: string[] = [];
  const resolved = new Set<Certificate>();
  for (const [i, ref] of refs.certificates.entries()) {
    if (!ref.hash) {
      problems.push(`certificate reference ${i} uses an unknown hash algorithm ${ref.hashOid}`);
      continue;
    }
    let found: Certificate | undefined;
    for (const c of input.certificates) if (!found && (await matches(ref, c.der))) found = c;
    if (found) resolved.add(found);
    else unresolved.push(`certificate reference ${i} (${ref.hash}) names no certificate at hand`);
  }
  if (input.path) {
    const resolvedDer = [...resolved].map((c) => c.der);
    const needed = [...input.path, ...(input.anchorCertificate ? [input.anchorCertificate] : [])].filter(
      (c) => c !== input.signer && !(input.signer && bytesEqual(c.der, input.signer.der)),
    );
    for (const c of needed)
      if (!resolvedDer.some((d) => bytesEqual(d, c.der)))
        problems.push(`the path certificate "${c.subject.text}" is not referenced`);
  }
  // Revocation data: each reference resolves to a CRL or OCSP response at hand.
  for (const [i, ref] of refs.crls.entries()) {
    let found = false;
    for (const crl of input.crls) if (!found && (await matches(ref, crl.der))) found = true;
    if (!found) unresolved.push(`CRL reference ${i} names no CRL at hand`);
  }
  for (const [i, ref] of refs.ocsp.entries()) {
    let found = false;
    for (const o of input.ocspResponses) {
      if (found || !o.basic || o.basic.producedAt.getTime() !== ref.producedAt.getTime()) continue;
      // The hash is over the OCSPResponse (TS 101 733 §6.2.2); some producers hash the BasicOCSPResponse.
      found = !ref.hash || (await matches(ref.hash, o.der)) || (await matches(ref.hash, o.basic.der));
    }
    if (!found)
      unresolved.push(
        `OCSP reference ${i} (producedAt ${ref.producedAt.toISOString()}) names no OCSP response at hand`,
      );
  }
  // Coverage of the path is only known when a path was validated (no trust anchor reached: not checked).
  const coverage = input.path
    ? '; the path is fully referenced'
    : '; path coverage not checked (no validated path)';
  const counted = `${refs.certificates.length} certificate, ${refs.crls.length} CRL and ${refs.ocsp.length} OCSP reference(s)`;
  out.push(
    problems.length > 0
      ? {
          id: 'cades.completeReferences',
          status: 'warning',
          message: `${counted}: incomplete — ${[...problems, ...unresolved].join('; ')}`,
        }
      : unresolved.length > 0
        ? {
            id: 'cades.completeReferences',
            status: 'info',
            message: `${counted}${coverage}, but not every reference can be checked: ${unresolved.join('; ')}`,
          }
        : {
            id: 'cades.completeReferences',
            status: 'passed',
            message: `${counted}, all resolved${coverage}`,
          },
  );
  return out;
}
