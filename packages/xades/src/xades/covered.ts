import { C14N_ALGORITHMS } from '../c14n/algorithms';
import { canonicalize } from '../c14n/canonicalize';
import { DSIG_NS, type VerifiedReference, type XmlSignatureVerification } from '../dsig/types';
import type { XmlElement } from '../xml/tree';
import { type QualifyingProperties, type XadesTimestamp, isXades, xadesChildren } from './properties';

const C14N_URIS: ReadonlySet<string> = new Set(Object.values(C14N_ALGORITHMS));

/** XAdES: a time-stamp without CanonicalizationMethod uses Canonical XML 1.0 (EN 319 132-1 §4.5). */
const methodOf = (ts: XadesTimestamp) => ts.canonicalizationMethod ?? C14N_ALGORITHMS.C14N_10;

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/**
 * The octets a Reference's processing produced (EN 319 132-1 §5.2.8.1 and §5.5.2): octets as they are; a
 * node-set canonicalised with the reference's own final canonicalisation transform, else with the
 * time-stamp's method. `undefined` when the reference did not resolve.
 */
function referenceOctets(ref: VerifiedReference, method: string): Uint8Array | undefined {
  const t = ref.target;
  if (!t) return undefined;
  if (t.kind === 'octets') return t.bytes;
  const last = ref.transforms[ref.transforms.length - 1];
  const alg = last && C14N_URIS.has(last) ? last : method;
  return canonicalize({ apex: t.apex, exclude: t.exclude }, alg);
}

/** The reference properties a SigAndRefs / RefsOnly time-stamp of this version covers. */
const referenceProperties = (v2: boolean) =>
  v2
    ? [
        'CompleteCertificateRefsV2',
        'CompleteRevocationRefs',
        'AttributeCertificateRefsV2',
        'AttributeRevocationRefs',
      ]
    : [
        'CompleteCertificateRefs',
        'CompleteRevocationRefs',
        'AttributeCertificateRefs',
        'AttributeRevocationRefs',
      ];

/** Why a time-stamp's covered data cannot be computed, or the data. */
export type Covered = { readonly bytes: Uint8Array } | { readonly unavailable: string };

/**
 * What a XAdES time-stamp covers, by kind (EN 319 132-1 §5.2.8, §5.3, §5.5; XAdES 1.4.1 §8.2 for the
 * archive time-stamp):
 * - SignatureTimeStamp: the ds:SignatureValue element, canonicalised;
 * - AllDataObjectsTimeStamp: every signed data object (every Reference but the SignedProperties one);
 * - SigAndRefsTimeStamp(V2): SignatureValue, the signature time-stamps and the complete references, in order;
 * - RefsOnlyTimeStamp(V2): the complete references only;
 * - ArchiveTimeStamp: every Reference's data, SignedInfo, SignatureValue, KeyInfo, the unsigned signature
 *   properties before it, and the other ds:Object elements.
 *
 * @example
 * ```ts
 * import { parseXml, xadesTimestampCovered } from '@mutua/xades';
 * const sig = parseXml('<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature>').root;
 * const sv = sig.elements()[0]!;
 * const covered = xadesTimestampCovered(
 *   { name: 'SignatureTimeStamp', element: sig, canonicalizationMethod: undefined, encapsulated: [], xmlTimestamps: [] },
 *   { signature: sig, signatureValueElement: sv, references: [], keyInfoCertificates: [], structureValid: true, checks: [] },
 *   undefined,
 *   [],
 * );
 * 'bytes' in covered && new TextDecoder().decode(covered.bytes).startsWith('<ds:SignatureValue'); // true
 * ```
 */
export function xadesTimestampCovered(
  ts: XadesTimestamp,
  v: XmlSignatureVerification,
  props: QualifyingProperties | undefined,
  signedPropertiesTypes: readonly string[],
): Covered {
  const method = methodOf(ts);
  const c14n = (e: XmlElement) => canonicalize(e, method);
  const sv = v.signatureValueElement;
  const usp = props?.unsignedSignatureProperties ?? [];
  const before = usp.slice(0, Math.max(0, usp.indexOf(ts.element)));
  switch (ts.name) {
    case 'SignatureTimeStamp':
      return sv ? { bytes: c14n(sv) } : { unavailable: 'the signature has no SignatureValue' };
    case 'AllDataObjectsTimeStamp': {
      const parts: Uint8Array[] = [];
      for (const ref of v.references) {
        if (ref.type && signedPropertiesTypes.includes(ref.type)) continue;
        const o = referenceOctets(ref, method);
        if (!o) return { unavailable: `reference ${ref.index} (${ref.uri ?? 'no URI'}) did not resolve` };
        parts.push(o);
      }
      return { bytes: concat(parts) };
    }
    case 'IndividualDataObjectsTimeStamp': {
      // xades:Include URI="#ref-id" names the References whose data it covers, in order (§5.2.8.2).
      const parts: Uint8Array[] = [];
      const includes = xadesChildren(ts.element, 'Include');
      if (!includes.length) return { unavailable: 'the time-stamp includes no reference' };
      for (const inc of includes) {
        const uri = inc.getAttribute('URI') ?? '';
        // Some early producers name the data (the Reference's URI) instead of the Reference.
        const ref =
          v.references.find((r) => r.id !== undefined && `#${r.id}` === uri) ??
          v.references.find((r) => r.uri === uri);
        const o = ref ? referenceOctets(ref, method) : undefined;
        if (!o) return { unavailable: `Include ${uri} names no resolved reference of this signature` };
        parts.push(o);
      }
      return { bytes: concat(parts) };
    }
    case 'SigAndRefsTimeStamp':
    case 'SigAndRefsTimeStampV2': {
      if (!sv) return { unavailable: 'the signature has no SignatureValue' };
      // V1 covers the V1 reference properties, V2 the V2 ones (EN 319 132-2 §6.3): a time-stamp of one
      // version over the other's references covers something else.
      const names = ['SignatureTimeStamp', ...referenceProperties(ts.name.endsWith('V2'))];
      return {
        bytes: concat([c14n(sv), ...before.filter((e) => names.some((n) => isXades(e, n))).map(c14n)]),
      };
    }
    case 'RefsOnlyTimeStamp':
    case 'RefsOnlyTimeStampV2': {
      const names = referenceProperties(ts.name.endsWith('V2'));
      return { bytes: concat(before.filter((e) => names.some((n) => isXades(e, n))).map(c14n)) };
    }
    case 'ArchiveTimeStamp': {
      const parts: Uint8Array[] = [];
      for (const ref of v.references) {
        const o = referenceOctets(ref, method);
        if (!o) return { unavailable: `reference ${ref.index} (${ref.uri ?? 'no URI'}) did not resolve` };
        parts.push(o);
      }
      if (!v.signedInfo || !sv) return { unavailable: 'the signature has no SignedInfo or SignatureValue' };
      parts.push(c14n(v.signedInfo), c14n(sv));
      const keyInfo = v.signature.elements('KeyInfo', DSIG_NS)[0];
      if (keyInfo) parts.push(c14n(keyInfo));
      parts.push(...before.map(c14n));
      const qpObject = props?.element.parent;
      for (const obj of v.signature.elements('Object', DSIG_NS)) if (obj !== qpObject) parts.push(c14n(obj));
      return { bytes: concat(parts) };
    }
    default:
      return { unavailable: `${ts.name} is not a time-stamp this version knows` };
  }
}
