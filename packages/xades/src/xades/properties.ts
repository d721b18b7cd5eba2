import type { SignaturePolicyQualifier } from '@mutua/cades';
import { DSIG_NS } from '../dsig/types';
import type { XmlElement } from '../xml/tree';

/** The XAdES 1.3.2 namespace (ETSI EN 319 132-1 keeps it). */
export const XADES_NS = 'http://uri.etsi.org/01903/v1.3.2#';
/** The XAdES 1.4.1 namespace (ArchiveTimeStamp, TimeStampValidationData). */
export const XADES141_NS = 'http://uri.etsi.org/01903/v1.4.1#';
/** XAdES 1.1.1 and 1.2.2, still found in older signatures (same element names). */
export const XADES111_NS = 'http://uri.etsi.org/01903/v1.1.1#';
/** XAdES 1.2.2 (see {@link XADES111_NS}). */
export const XADES122_NS = 'http://uri.etsi.org/01903/v1.2.2#';
/** The Type of the Reference that signs the SignedProperties. */
export const SIGNED_PROPERTIES_TYPES: readonly string[] = [
  'http://uri.etsi.org/01903#SignedProperties',
  'http://uri.etsi.org/01903/v1.1.1#SignedProperties',
];
/** The Type of a counter-signature's Reference to the SignatureValue it counter-signs. */
export const COUNTERSIGNED_SIGNATURE_TYPE = 'http://uri.etsi.org/01903#CountersignedSignature';

const XADES_NAMESPACES = new Set([XADES_NS, XADES111_NS, XADES122_NS, XADES141_NS]);

/** Is `e` the XAdES element `localName` (in any XAdES namespace version)? */
export function isXades(e: XmlElement, localName: string): boolean {
  return e.localName === localName && XADES_NAMESPACES.has(e.namespaceURI);
}

/** The child elements of `e` named `localName` in the XAdES namespaces. */
export function xadesChildren(e: XmlElement, localName?: string): XmlElement[] {
  return e
    .elements()
    .filter((c) => XADES_NAMESPACES.has(c.namespaceURI) && (!localName || c.localName === localName));
}

/** The first XAdES child `localName`, if any. */
export function xadesChild(e: XmlElement | undefined, localName: string): XmlElement | undefined {
  return e ? xadesChildren(e, localName)[0] : undefined;
}

/** The first XML-DSig child `localName`, if any. */
export function dsigChild(e: XmlElement | undefined, localName: string): XmlElement | undefined {
  return e?.elements(localName, DSIG_NS)[0];
}

/** XAdES 1.1.1 writes DigestMethod, DigestValue and the IssuerSerial parts in its own namespace. */
function dsigOrXadesChild(e: XmlElement | undefined, localName: string): XmlElement | undefined {
  return dsigChild(e, localName) ?? xadesChild(e, localName);
}

/** Text content with the whitespace a base64 value may carry removed (comments are never part of it). */
export function textOf(e: XmlElement | undefined): string {
  if (!e) return '';
  let s = '';
  for (const c of e.children) if (c.kind === 'text') s += c.value;
  return s.trim();
}

/** A certificate reference of SigningCertificate(V2) or CompleteCertificateRefs(V2). */
export interface XadesCertRef {
  readonly digestAlgorithm: string;
  readonly digestValue: string;
  /** V1: X509IssuerName and X509SerialNumber (decimal) as written. */
  readonly issuerName?: string;
  readonly serialNumber?: string;
  /** V2: the base64 DER IssuerSerial. */
  readonly issuerSerialV2?: string;
}

/** A time-stamp property: its element, its CanonicalizationMethod, its encapsulated RFC 3161 tokens. */
export interface XadesTimestamp {
  readonly element: XmlElement;
  /** The property's local name (SignatureTimeStamp, AllDataObjectsTimeStamp, ArchiveTimeStamp, …). */
  readonly name: string;
  readonly canonicalizationMethod: string | undefined;
  /** base64 texts of the EncapsulatedTimeStamp children. */
  readonly encapsulated: readonly string[];
  /** The XMLTimeStamp children (each an OASIS DSS XML time-stamp: see `verifyXmlTimestamp`). */
  readonly xmlTimestamps: readonly XmlElement[];
}

/** What a signature's QualifyingProperties say (EN 319 132-1 §5), read without judging. */
export interface QualifyingProperties {
  readonly element: XmlElement;
  readonly signedProperties?: XmlElement;
  readonly signingTime?: Date;
  /** The raw signing-time text, when it did not parse. */
  readonly signingTimeText?: string;
  readonly signingCertificate?: { readonly version: 1 | 2; readonly refs: readonly XadesCertRef[] };
  readonly policy?:
    | { readonly implied: true }
    | {
        readonly implied: false;
        readonly identifier: string;
        readonly digestAlgorithm: string;
        readonly digestValue: string;
        /** ds:Transforms of SignaturePolicyId: the policy's digest is computed after them. */
        readonly transforms: readonly string[];
        /** SigPolicyQualifiers (EN 319 132-1 §5.2.9.1): where the policy is, and what to show the reader. */
        readonly qualifiers: readonly SignaturePolicyQualifier[];
      };
  readonly claimedRoles: readonly string[];
  readonly commitmentTypes: readonly string[];
  readonly productionPlace?: {
    readonly city?: string;
    readonly stateOrProvince?: string;
    readonly postalCode?: string;
    readonly countryName?: string;
  };
  readonly dataObjectFormats: readonly { readonly objectReference?: string; readonly mimeType?: string }[];
  readonly contentTimestamps: readonly XadesTimestamp[];
  readonly unsigned?: XmlElement;
  /** The children of UnsignedSignatureProperties, in order. */
  readonly unsignedSignatureProperties: readonly XmlElement[];
}

/**
 * Finds the QualifyingProperties of a signature: in one of its own ds:Object children, with a Target that
 * names this signature (`#Id`). Properties elsewhere, or targeted at another signature, are not its own
 * (attack X5): they are ignored, and the caller reports a missing binding.
 *
 * @example
 * ```ts
 * import { findQualifyingProperties, parseXml } from '@mutua/xades';
 * const doc = parseXml(
 *   '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="S"><ds:Object>' +
 *     '<x:QualifyingProperties xmlns:x="http://uri.etsi.org/01903/v1.3.2#" Target="#S"/></ds:Object></ds:Signature>',
 * );
 * findQualifyingProperties(doc.root)?.localName; // 'QualifyingProperties'
 * ```
 */
export function findQualifyingProperties(signature: XmlElement): XmlElement | undefined {
  const id = signature.getAttribute('Id');
  for (const obj of signature.elements('Object', DSIG_NS)) {
    for (const qp of xadesChildren(obj, 'QualifyingProperties')) {
      const target = qp.getAttribute('Target');
      // Target is a URI reference (`#Id`); some early producers wrote the bare Id.
      if (id !== undefined && (target === `#${id}` || target === id)) return qp;
    }
  }
  return undefined;
}

function certRefs(parent: XmlElement | undefined): XadesCertRef[] {
  if (!parent) return [];
  return xadesChildren(parent, 'Cert').map((cert) => {
    const digest = xadesChild(cert, 'CertDigest');
    const issuerSerial = xadesChild(cert, 'IssuerSerial');
    const v2 = xadesChild(cert, 'IssuerSerialV2');
    return {
      digestAlgorithm: dsigOrXadesChild(digest, 'DigestMethod')?.getAttribute('Algorithm') ?? '',
      digestValue: textOf(dsigOrXadesChild(digest, 'DigestValue')).replace(/\s+/g, ''),
      ...(issuerSerial
        ? {
            issuerName: textOf(dsigOrXadesChild(issuerSerial, 'X509IssuerName')),
            serialNumber: textOf(dsigOrXadesChild(issuerSerial, 'X509SerialNumber')),
          }
        : {}),
      ...(v2 ? { issuerSerialV2: textOf(v2).replace(/\s+/g, '') } : {}),
    };
  });
}

function timestampsOf(elements: readonly XmlElement[], name: string): XadesTimestamp[] {
  return elements
    .filter((e) => isXades(e, name))
    .map((element) => ({
      element,
      name,
      canonicalizationMethod: dsigChild(element, 'CanonicalizationMethod')?.getAttribute('Algorithm'),
      encapsulated: xadesChildren(element, 'EncapsulatedTimeStamp').map((t) => textOf(t).replace(/\s+/g, '')),
      xmlTimestamps: xadesChildren(element, 'XMLTimeStamp'),
    }));
}

/**
 * Reads a QualifyingProperties element: the signed signature properties (SigningTime, SigningCertificate
 * or SigningCertificateV2, SignaturePolicyIdentifier, SignatureProductionPlace(V2), SignerRole(V2)), the
 * signed data object properties (DataObjectFormat, CommitmentTypeIndication, All- and
 * IndividualDataObjectsTimeStamp) and the list of unsigned signature properties, in order.
 *
 * @example
 * ```ts
 * import { parseXml, readQualifyingProperties } from '@mutua/xades';
 * const qp = parseXml(
 *   '<x:QualifyingProperties xmlns:x="http://uri.etsi.org/01903/v1.3.2#"><x:SignedProperties>' +
 *     '<x:SignedSignatureProperties><x:SigningTime>2025-06-01T12:00:00Z</x:SigningTime>' +
 *     '</x:SignedSignatureProperties></x:SignedProperties></x:QualifyingProperties>',
 * ).root;
 * readQualifyingProperties(qp).signingTime?.toISOString(); // '2025-06-01T12:00:00.000Z'
 * ```
 */
export function readQualifyingProperties(qp: XmlElement): QualifyingProperties {
  const signedProperties = xadesChild(qp, 'SignedProperties');
  const ssp = xadesChild(signedProperties, 'SignedSignatureProperties');
  const sdop = xadesChild(signedProperties, 'SignedDataObjectProperties');
  const timeText = textOf(xadesChild(ssp, 'SigningTime'));
  const time = timeText ? new Date(timeText) : undefined;
  const v2 = xadesChild(ssp, 'SigningCertificateV2');
  const v1 = xadesChild(ssp, 'SigningCertificate');
  const spi = xadesChild(ssp, 'SignaturePolicyIdentifier');
  const spid = xadesChild(spi, 'SignaturePolicyId');
  let policy: QualifyingProperties['policy'];
  if (spid) {
    const sigPolicyId = xadesChild(spid, 'SigPolicyId');
    const hash = xadesChild(spid, 'SigPolicyHash');
    policy = {
      implied: false,
      identifier: textOf(xadesChild(sigPolicyId, 'Identifier')),
      digestAlgorithm: dsigOrXadesChild(hash, 'DigestMethod')?.getAttribute('Algorithm') ?? '',
      digestValue: textOf(dsigOrXadesChild(hash, 'DigestValue')).replace(/\s+/g, ''),
      transforms: (dsigChild(spid, 'Transforms')?.elements('Transform', DSIG_NS) ?? []).map(
        (t) => t.getAttribute('Algorithm') ?? '',
      ),
      qualifiers: [],
    };
  } else if (spi && xadesChild(spi, 'SignaturePolicyImplied')) policy = { implied: true };
  if (policy && !policy.implied)
    policy = { ...policy, qualifiers: readPolicyQualifiers(xadesChild(spid, 'SigPolicyQualifiers')) };
  const role = xadesChild(ssp, 'SignerRoleV2') ?? xadesChild(ssp, 'SignerRole');
  const claimedRoles = xadesChildren(
    xadesChild(role, 'ClaimedRoles') ?? role ?? ssp ?? qp,
    'ClaimedRole',
  ).map((r) => textOf(r));
  const place = xadesChild(ssp, 'SignatureProductionPlaceV2') ?? xadesChild(ssp, 'SignatureProductionPlace');
  const placeText = (n: string) => {
    const t = textOf(xadesChild(place, n));
    return t ? { [n.charAt(0).toLowerCase() + n.slice(1)]: t } : {};
  };
  const commitmentTypes = sdop
    ? xadesChildren(sdop, 'CommitmentTypeIndication').map((c) =>
        textOf(xadesChild(xadesChild(c, 'CommitmentTypeId'), 'Identifier')),
      )
    : [];
  const dataObjectFormats = sdop
    ? xadesChildren(sdop, 'DataObjectFormat').map((f) => {
        const mime = textOf(xadesChild(f, 'MimeType'));
        const ref = f.getAttribute('ObjectReference');
        return { ...(ref ? { objectReference: ref } : {}), ...(mime ? { mimeType: mime } : {}) };
      })
    : [];
  const sdopChildren = sdop ? sdop.elements() : [];
  const unsigned = xadesChild(qp, 'UnsignedProperties');
  const usp = xadesChild(unsigned, 'UnsignedSignatureProperties');
  return {
    element: qp,
    ...(signedProperties ? { signedProperties } : {}),
    ...(time && !Number.isNaN(time.getTime())
      ? { signingTime: time }
      : timeText
        ? { signingTimeText: timeText }
        : {}),
    ...(v2 || v1 ? { signingCertificate: { version: v2 ? 2 : 1, refs: certRefs(v2 ?? v1) } } : {}),
    ...(policy ? { policy } : {}),
    claimedRoles: role ? claimedRoles : [],
    commitmentTypes,
    ...(place
      ? {
          productionPlace: {
            ...placeText('City'),
            ...placeText('StateOrProvince'),
            ...placeText('PostalCode'),
            ...placeText('CountryName'),
          },
        }
      : {}),
    dataObjectFormats,
    contentTimestamps: [
      ...timestampsOf(sdopChildren, 'AllDataObjectsTimeStamp'),
      ...timestampsOf(sdopChildren, 'IndividualDataObjectsTimeStamp'),
    ],
    ...(unsigned ? { unsigned } : {}),
    unsignedSignatureProperties: usp ? usp.elements() : [],
  };
}

/** The time-stamp properties among unsigned signature properties, in document order. */
export function unsignedTimestamps(props: QualifyingProperties): XadesTimestamp[] {
  const out: XadesTimestamp[] = [];
  for (const e of props.unsignedSignatureProperties) {
    for (const name of [
      'SignatureTimeStamp',
      'SigAndRefsTimeStamp',
      'SigAndRefsTimeStampV2',
      'RefsOnlyTimeStamp',
      'RefsOnlyTimeStampV2',
      'ArchiveTimeStamp',
    ])
      if (isXades(e, name)) out.push(...timestampsOf([e], name));
  }
  return out;
}

function readPolicyQualifiers(container: XmlElement | undefined): SignaturePolicyQualifier[] {
  const out: SignaturePolicyQualifier[] = [];
  if (!container) return out;
  for (const q of xadesChildren(container, 'SigPolicyQualifier')) {
    const inner = q.elements()[0];
    if (!inner) continue;
    if (isXades(inner, 'SPURI')) out.push({ kind: 'SPURI', uri: textOf(inner).trim() });
    else if (isXades(inner, 'SPUserNotice')) {
      const ref = xadesChild(inner, 'NoticeRef');
      const text = xadesChild(inner, 'ExplicitText');
      const org = xadesChild(ref, 'Organization');
      out.push({
        kind: 'SPUserNotice',
        ...(text ? { explicitText: textOf(text).trim() } : {}),
        ...(org ? { organization: textOf(org).trim() } : {}),
        noticeNumbers: xadesChildren(xadesChild(ref, 'NoticeNumbers') ?? inner, 'int')
          .map((n) => Number(textOf(n).trim()))
          .filter((n) => Number.isSafeInteger(n)),
      });
    } else if (isXades(inner, 'SPDocSpecification'))
      out.push({ kind: 'SPDocSpecification', identifier: textOf(xadesChild(inner, 'Identifier')).trim() });
    else out.push({ kind: 'other', name: inner.localName });
  }
  return out;
}
