import {
  type Certificate,
  type HashName,
  MutuaError,
  base64Encode,
  createWebCryptoEngine,
  der,
  parseCertificate,
} from '@mutua/core';
import { C14N_ALGORITHMS } from '../c14n/algorithms';
import { canonicalize } from '../c14n/canonicalize';
import { DSIG_NS } from '../dsig/types';
import { parseXml } from '../xml/parse';
import { XADES_NS } from '../xades/properties';
import { type SignXmlOptions, type SignedXml, signXml } from './sign-xml';

/** Options of {@link signXades}: those of `signXml`, the signer's certificate, and the signed properties. */
export interface SignXadesOptions extends Omit<SignXmlOptions, 'certificates' | 'objects'> {
  /** The signer's certificate (DER, or parsed — e.g. what `loadPkcs12` of `@mutua/cades` returns). */
  readonly certificate: Uint8Array | Certificate;
  /** Its chain, written in KeyInfo after it. */
  readonly chain?: readonly (Uint8Array | Certificate)[];
  /** The claimed signing time (default now; `null` leaves it out). */
  readonly signingTime?: Date | null;
  /**
   * SignaturePolicyIdentifier (EPES): the policy's identifier (a URI or `urn:oid:…`), its digest, and the
   * transforms the digest was computed after (an XML policy is usually canonicalised first).
   */
  readonly signaturePolicy?: {
    readonly identifier: string;
    readonly hash: HashName;
    readonly digest: Uint8Array;
    readonly transforms?: readonly string[];
  };
  /** SignerRoleV2 / ClaimedRoles. */
  readonly claimedRoles?: readonly string[];
  /** CommitmentTypeIndication identifiers (applying to all data objects). */
  readonly commitmentTypes?: readonly string[];
  /** SignatureProductionPlaceV2. */
  readonly productionPlace?: { readonly city?: string; readonly countryName?: string };
  /**
   * Makes a XAdES-BASELINE-T: returns an RFC 3161 time-stamp token over `imprint`, the hash of the
   * canonical ds:SignatureValue (e.g. `httpTimestamp` of `@mutua/cades`).
   */
  readonly timestamp?: (imprint: Uint8Array, hash: HashName) => Promise<Uint8Array>;
  /**
   * For XAdES-T with an XML time-stamp instead: given exactly the bytes to time-stamp (the canonical
   * SignatureValue), returns the XML of an OASIS DSS `dss:Timestamp` (e.g. from `createXmlTimestamp`),
   * placed in a `xades:XMLTimeStamp`. Ignored when `timestamp` is given.
   */
  readonly xmlTimestamp?: (covered: Uint8Array) => Promise<string>;
}

const DIGEST_URI: Readonly<Partial<Record<HashName, string>>> = {
  'SHA-1': 'http://www.w3.org/2000/09/xmldsig#sha1',
  'SHA-256': 'http://www.w3.org/2001/04/xmlenc#sha256',
  'SHA-384': 'http://www.w3.org/2001/04/xmldsig-more#sha384',
  'SHA-512': 'http://www.w3.org/2001/04/xmlenc#sha512',
};

const text = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const attr = (s: string) => text(s).replace(/"/g, '&quot;');

/**
 * Signs as XAdES-BASELINE-B (ETSI EN 319 132-1) — or -T with a `timestamp` function — enveloped,
 * enveloping or detached: the signed properties (SigningTime, SigningCertificateV2 with IssuerSerialV2,
 * optionally SignaturePolicyIdentifier, SignerRoleV2, SignatureProductionPlaceV2 and
 * CommitmentTypeIndication) go in a QualifyingProperties targeted at the signature and are signed by a
 * reference of Type SignedProperties; the SignatureTimeStamp covers the canonical SignatureValue.
 *
 * @example
 * ```ts
 * import { signXades, verifyXades } from '@mutua/xades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const signed = await signXades({
 *   content: { kind: 'enveloped', document: '<factura><total>10</total></factura>' },
 *   key: leaf.key.privateKey,
 *   certificate: leaf.der,
 *   chain: [ca.der],
 * });
 * const report = await verifyXades(signed.xml, { trustAnchors, crls, crypto: nodeCryptoEngine });
 * report.signatures.map((s) => [s.format, s.indication]); // [['XAdES-BASELINE-B', 'TOTAL_PASSED']]
 * ```
 */
export async function signXades(options: SignXadesOptions): Promise<SignedXml> {
  const {
    certificate,
    chain,
    signingTime,
    signaturePolicy,
    claimedRoles,
    commitmentTypes,
    productionPlace,
    timestamp,
    ...rest
  } = options;
  const crypto = options.crypto ?? createWebCryptoEngine();
  const id =
    options.id ??
    `xades-${Array.from(globalThis.crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  const spId = `${id}-signedprops`;
  const derOf = (c: Uint8Array | Certificate) => (c instanceof Uint8Array ? c : c.der);
  const certificateDer = derOf(certificate);
  const cert = certificate instanceof Uint8Array ? parseCertificate(certificate) : certificate;
  const issuerSerial = der.seq(der.seq(der.ctx(4, cert.issuer.der)), der.int(cert.serialNumber));
  const certDigest = base64Encode(await crypto.digest('SHA-256', certificateDer));
  const time = signingTime === undefined ? new Date() : signingTime;
  const policy = signaturePolicy
    ? `<xades:SignaturePolicyIdentifier><xades:SignaturePolicyId><xades:SigPolicyId><xades:Identifier>${text(signaturePolicy.identifier)}</xades:Identifier></xades:SigPolicyId>${signaturePolicy.transforms?.length ? `<ds:Transforms>${signaturePolicy.transforms.map((t) => `<ds:Transform Algorithm="${attr(t)}"/>`).join('')}</ds:Transforms>` : ''}<xades:SigPolicyHash><ds:DigestMethod Algorithm="${DIGEST_URI[signaturePolicy.hash] ?? ''}"/><ds:DigestValue>${base64Encode(signaturePolicy.digest)}</ds:DigestValue></xades:SigPolicyHash></xades:SignaturePolicyId></xades:SignaturePolicyIdentifier>`
    : '';
  const place =
    productionPlace && (productionPlace.city || productionPlace.countryName)
      ? `<xades:SignatureProductionPlaceV2>${productionPlace.city ? `<xades:City>${text(productionPlace.city)}</xades:City>` : ''}${productionPlace.countryName ? `<xades:CountryName>${text(productionPlace.countryName)}</xades:CountryName>` : ''}</xades:SignatureProductionPlaceV2>`
      : '';
  const roles = claimedRoles?.length
    ? `<xades:SignerRoleV2><xades:ClaimedRoles>${claimedRoles.map((r) => `<xades:ClaimedRole>${text(r)}</xades:ClaimedRole>`).join('')}</xades:ClaimedRoles></xades:SignerRoleV2>`
    : '';
  const commitments = commitmentTypes?.length
    ? `<xades:SignedDataObjectProperties>${commitmentTypes.map((c) => `<xades:CommitmentTypeIndication><xades:CommitmentTypeId><xades:Identifier>${text(c)}</xades:Identifier></xades:CommitmentTypeId><xades:AllSignedDataObjects/></xades:CommitmentTypeIndication>`).join('')}</xades:SignedDataObjectProperties>`
    : '';
  const qp =
    `<xades:QualifyingProperties xmlns:xades="${XADES_NS}" xmlns:ds="${DSIG_NS}" Target="#${attr(id)}">` +
    `<xades:SignedProperties Id="${attr(spId)}"><xades:SignedSignatureProperties>` +
    (time ? `<xades:SigningTime>${time.toISOString().replace(/\.\d{3}Z$/, 'Z')}</xades:SigningTime>` : '') +
    `<xades:SigningCertificateV2><xades:Cert><xades:CertDigest><ds:DigestMethod Algorithm="${DIGEST_URI['SHA-256']}"/>` +
    `<ds:DigestValue>${certDigest}</ds:DigestValue></xades:CertDigest><xades:IssuerSerialV2>${base64Encode(issuerSerial)}</xades:IssuerSerialV2>` +
    `</xades:Cert></xades:SigningCertificateV2>${policy}${place}${roles}</xades:SignedSignatureProperties>${commitments}</xades:SignedProperties>` +
    '</xades:QualifyingProperties>';
  const signed = await signXml({
    ...rest,
    id,
    crypto,
    certificates: [certificateDer, ...(chain ?? []).map(derOf)],
    references: [
      ...(options.references ?? []),
      {
        uri: `#${spId}`,
        type: 'http://uri.etsi.org/01903#SignedProperties',
        transforms: [C14N_ALGORITHMS.EXC_C14N],
      },
    ],
    objects: [{ content: qp }],
  });
  const xmlTimestamp = options.xmlTimestamp;
  if (!timestamp && !xmlTimestamp) return signed;

  // XAdES-T: a SignatureTimeStamp over the canonical SignatureValue, in new unsigned properties (they are
  // not signed, so adding them leaves the signature as it is).
  const doc = parseXml(signed.xml);
  const stack = [doc.root];
  let signatureValue: ReturnType<typeof doc.root.elements>[number] | undefined;
  while (stack.length && !signatureValue) {
    const e = stack.pop()!;
    if (e.localName === 'Signature' && e.namespaceURI === DSIG_NS && e.getAttribute('Id') === id)
      signatureValue = e.elements('SignatureValue', DSIG_NS)[0];
    else stack.push(...e.elements());
  }
  if (!signatureValue)
    throw new MutuaError('SIGNING_INPUT', 'signXades: the signature just made has no SignatureValue');
  const method = C14N_ALGORITHMS.EXC_C14N;
  const covered = canonicalize(signatureValue, method);
  const stampXml = timestamp
    ? `<xades:EncapsulatedTimeStamp>${base64Encode(await timestamp(await crypto.digest('SHA-256', covered), 'SHA-256'))}</xades:EncapsulatedTimeStamp>`
    : `<xades:XMLTimeStamp>${await xmlTimestamp!(covered)}</xades:XMLTimeStamp>`;
  const unsigned =
    `<xades:UnsignedProperties><xades:UnsignedSignatureProperties><xades:SignatureTimeStamp Id="${attr(id)}-ts">` +
    `<ds:CanonicalizationMethod Algorithm="${method}"/>${stampXml}` +
    '</xades:SignatureTimeStamp></xades:UnsignedSignatureProperties></xades:UnsignedProperties>';
  const close = '</xades:QualifyingProperties>';
  const at = signed.xml.indexOf(close);
  if (at < 0 || signed.xml.indexOf(close, at + 1) >= 0)
    throw new MutuaError(
      'SIGNING_INPUT',
      'signXades: cannot place the time-stamp (QualifyingProperties not found once)',
    );
  const xml = `${signed.xml.slice(0, at)}${unsigned}${signed.xml.slice(at)}`;
  return { xml, bytes: new TextEncoder().encode(xml), signatureId: id };
}

/** Options of {@link counterSignXades}: those of {@link signXades} but the content. */
export interface CounterSignXadesOptions
  extends Omit<SignXadesOptions, 'content' | 'timestamp' | 'xmlTimestamp'> {
  /** The signed document holding the signature to counter-sign. */
  readonly xml: string;
  /** The Id of the signature to counter-sign (default: the first signature of the document). */
  readonly signatureId?: string;
}

/**
 * Counter-signs a XAdES signature (EN 319 132-1 §5.4.2): a new signature whose reference signs the parent's
 * ds:SignatureValue, placed in the parent's UnsignedSignatureProperties as a xades:CounterSignature. The
 * parent must have an Id on its SignatureValue (`signXml` and `signXades` write one).
 *
 * @example
 * ```ts
 * import { counterSignXades, signXades, verifyXades } from '@mutua/xades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const signed = await signXades({
 *   content: { kind: 'enveloped', document: '<acta>aprobada</acta>' },
 *   key: leaf.key.privateKey, certificate: leaf.der, chain: [ca.der], id: 'parent',
 * });
 * const both = await counterSignXades({ xml: signed.xml, key: leaf.key.privateKey, certificate: leaf.der, chain: [ca.der] });
 * const report = await verifyXades(both.xml, { trustAnchors, crls, crypto: nodeCryptoEngine });
 * report.signatures.map((s) => [s.counterSignatureOf ?? null, s.indication]); // [[null, 'TOTAL_PASSED'], ['parent', 'TOTAL_PASSED']]
 * ```
 */
export async function counterSignXades(options: CounterSignXadesOptions): Promise<SignedXml> {
  const { xml, signatureId, ...rest } = options;
  const doc = parseXml(xml);
  const stack = [doc.root];
  let parent: ReturnType<typeof doc.root.elements>[number] | undefined;
  while (stack.length && !parent) {
    const e = stack.shift()!;
    if (
      e.localName === 'Signature' &&
      e.namespaceURI === DSIG_NS &&
      (!signatureId || e.getAttribute('Id') === signatureId)
    )
      parent = e;
    else stack.push(...e.elements());
  }
  const valueId = parent?.elements('SignatureValue', DSIG_NS)[0]?.getAttribute('Id');
  if (!parent || !valueId)
    throw new MutuaError(
      'SIGNING_INPUT',
      'counterSignXades: no signature with an Id on its SignatureValue to counter-sign',
    );
  const parentId = parent.getAttribute('Id') ?? '';
  const qpClose = '</xades:QualifyingProperties>';
  return signXades({
    ...rest,
    content: {
      kind: 'enveloped',
      document: xml,
      uri: `#${valueId}`,
      // Into the parent's QualifyingProperties (the one targeted at it), as an unsigned property.
      insert: (document, signature) => {
        const target = `Target="#${parentId}"`;
        const qpAt = document.indexOf(target);
        const closeAt = qpAt >= 0 ? document.indexOf(qpClose, qpAt) : -1;
        if (closeAt < 0)
          throw new MutuaError(
            'SIGNING_INPUT',
            'counterSignXades: the signature has no QualifyingProperties written by signXades',
          );
        const counter = `<xades:CounterSignature>${signature}</xades:CounterSignature>`;
        const uspClose = document.lastIndexOf('</xades:UnsignedSignatureProperties>', closeAt);
        return uspClose > qpAt
          ? `${document.slice(0, uspClose)}${counter}${document.slice(uspClose)}`
          : `${document.slice(0, closeAt)}<xades:UnsignedProperties><xades:UnsignedSignatureProperties>${counter}</xades:UnsignedSignatureProperties></xades:UnsignedProperties>${document.slice(closeAt)}`;
      },
    },
  });
}
