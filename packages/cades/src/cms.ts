import {
  type AlgorithmIdentifier,
  type Certificate,
  type CertificateList,
  Asn1Error,
  InputFormatError,
  MutuaError,
  type Name,
  OID,
  type OcspResponse,
  SeqReader,
  StructureError,
  Tag,
  type Tlv,
  certificateFromTlv,
  children,
  decodeInputBlobs,
  decodeInteger,
  decodeOctetString,
  decodeOid,
  decodeSmallInt,
  explicitInner,
  isContext,
  isUniversal,
  parseAlgorithmIdentifier,
  parseCrl,
  parseName,
  parseOcspResponse,
  readTlv,
  tlvBytes,
  tlvValue,
} from '@mutua/core';
import { bytesEqual, toHex } from './bytes';
import { derEncoding, isDerEncoded } from './canonical';
import { CMS_OID } from './oids';

/** One CMS Attribute (RFC 5652 §5.3): a type and its SET OF values, kept as raw TLVs. */
export interface CmsAttribute {
  /** The attribute type OID. */
  readonly type: string;
  /** The values of the SET, in encoded order (views into the CMS bytes). */
  readonly values: readonly Tlv[];
  /** The whole Attribute encoding, as received. */
  readonly der: Uint8Array;
}

/** The SignerIdentifier of a SignerInfo (RFC 5652 §5.3). */
export type SignerIdentifier =
  | {
      readonly type: 'issuerAndSerialNumber';
      readonly issuer: Name;
      readonly serialNumber: bigint;
    }
  | { readonly type: 'subjectKeyIdentifier'; readonly keyIdentifier: Uint8Array };

/** One SignerInfo (RFC 5652 §5.3), with the raw bytes that signature and time-stamp checks need. */
export interface SignerInfo {
  /** Position in the SignerInfos SET (0-based), or in the parent's counter-signatures. */
  readonly index: number;
  /** 1 (issuerAndSerialNumber) or 3 (subjectKeyIdentifier). */
  readonly version: number;
  readonly sid: SignerIdentifier;
  readonly digestAlgorithm: AlgorithmIdentifier;
  /** The signed attributes; `undefined` when the SignerInfo has none (then it is not an AdES signature). */
  readonly signedAttributes?: readonly CmsAttribute[];
  /**
   * The signed attributes exactly as received, with the `[0] IMPLICIT` identifier replaced by the SET OF
   * tag 0x31 (RFC 5652 §5.4).
   */
  readonly signedAttributesBytes?: Uint8Array;
  /**
   * The DER encoding of the signed attributes (SET OF sorted, definite lengths): what RFC 5652 §5.3 says
   * the signature covers. Equal to `signedAttributesBytes` for a DER-encoded file.
   */
  readonly signedAttributesDer?: Uint8Array;
  /** True when the signed attributes were received in another encoding than DER (BER lengths, unsorted SET). */
  readonly signedAttributesNonDer: boolean;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  /** The signature OCTET STRING content (what a signature time-stamp's message imprint covers). */
  readonly signature: Uint8Array;
  /** The unsigned attributes, in encoded order (empty when absent). */
  readonly unsignedAttributes: readonly CmsAttribute[];
  /** The whole SignerInfo encoding, as received. */
  readonly der: Uint8Array;
}

/** A parsed CMS SignedData (RFC 5652 §5) inside its ContentInfo. */
export interface SignedData {
  /** The ContentInfo bytes, as received. */
  readonly der: Uint8Array;
  readonly version: number;
  readonly digestAlgorithms: readonly AlgorithmIdentifier[];
  /** eContentType of the EncapsulatedContentInfo. */
  readonly contentType: string;
  /** The encapsulated content (segments of a BER constructed OCTET STRING joined); absent when detached. */
  readonly content?: Uint8Array;
  /** Certificates carried in `certificates` (other certificate formats are skipped and listed in `problems`). */
  readonly certificates: readonly Certificate[];
  /** CRLs carried in `crls`. */
  readonly crls: readonly CertificateList[];
  /** OCSP responses carried in `crls` as `other` RevocationInfoChoice (id-ri-ocsp-response, RFC 5940). */
  readonly ocspResponses: readonly OcspResponse[];
  readonly signerInfos: readonly SignerInfo[];
  /** True when any length in the ContentInfo was not DER (indefinite or non-minimal). */
  readonly nonDer: boolean;
  /** Parts that could not be read but do not prevent verification (an unparseable embedded CRL, …). */
  readonly problems: readonly string[];
}

/**
 * Parses a CMS ContentInfo holding a SignedData (a `.p7s`, `.p7m`, `.pkcs7`, or the CMS of a PDF
 * signature or of a time-stamp token). BER is accepted as well as DER, as RFC 5652 allows; every byte
 * range that a later check hashes is kept exactly as received. Trailing bytes after the ContentInfo are
 * refused (a verifier must not silently ignore data the signer did not sign), except zero bytes: CMS
 * taken from a PDF's zero-padded `/Contents` ends with them, and zeros cannot change what is read; they
 * are listed in `problems`. PEM (`-----BEGIN PKCS7-----`, `-----BEGIN CMS-----`) and bare base64 are
 * decoded first.
 *
 * @throws `MutuaError` (from `@mutua/core`) (`Asn1Error`, `StructureError` or `InputFormatError`) for anything that is
 * not a SignedData.
 * @example
 * ```ts
 * import { parseSignedData } from '@mutua/cades';
 * import { signCms } from '@mutua/testkit';
 * const p7s = await signCms({ content: new TextEncoder().encode('hello'), signer: leaf, chain: [ca] });
 * const sd = parseSignedData(p7s);
 * [sd.contentType, sd.signerInfos.length, sd.certificates.length]; // ['1.2.840.113549.1.7.1', 1, 2]
 * ```
 */
export function parseSignedData(input: Uint8Array | string): SignedData {
  const bytes = typeof input === 'string' || input[0] !== 0x30 ? single(decodeInputBlobs(input)) : input;
  const root = readTlv(bytes, 0, bytes.length);
  if (root.end === bytes.length) return signedDataFromTlv(root);
  for (let i = root.end; i < bytes.length; i++) {
    if (bytes[i] !== 0)
      throw new Asn1Error('ASN1_TRAILING_DATA', `${bytes.length - root.end} bytes after the CMS ContentInfo`);
  }
  const sd = signedDataFromTlv(root);
  return {
    ...sd,
    problems: [...sd.problems, `${bytes.length - root.end} zero bytes of padding after the CMS ignored`],
  };
}

function single(blobs: Uint8Array[]): Uint8Array {
  if (blobs.length !== 1)
    throw new InputFormatError('NOT_ONE_CMS', `expected one CMS object, found ${blobs.length}`);
  return blobs[0]!;
}

/** Parses a SignedData ContentInfo from an already located TLV (a time-stamp token inside an attribute). */
export function signedDataFromTlv(root: Tlv): SignedData {
  if (!isUniversal(root, Tag.SEQUENCE))
    throw new StructureError('NOT_A_CONTENT_INFO', 'ContentInfo: not a SEQUENCE');
  const ci = new SeqReader(root, 'ContentInfo');
  const contentType = decodeOid(ci.next('contentType'), 'ContentInfo contentType');
  if (contentType !== CMS_OID.signedData) {
    throw new StructureError('NOT_SIGNED_DATA', `ContentInfo: content type ${contentType} is not SignedData`);
  }
  const wrapper = ci.next('content');
  if (!isContext(wrapper, 0)) throw new StructureError('WRONG_TAG', 'ContentInfo: content is not [0]');
  ci.end();
  const sdNode = explicitInner(wrapper, 'ContentInfo content');
  const sd = new SeqReader(sdNode, 'SignedData');
  const version = decodeSmallInt(sd.next('version', Tag.INTEGER), 'SignedData version');
  const digestAlgorithms = new SeqReader(sd.next('digestAlgorithms', Tag.SET), 'digestAlgorithms')
    .rest()
    .map((a) => parseAlgorithmIdentifier(a, 'DigestAlgorithmIdentifier'));

  const eci = new SeqReader(sd.next('encapContentInfo', Tag.SEQUENCE), 'EncapsulatedContentInfo');
  const eContentType = decodeOid(eci.next('eContentType'), 'eContentType');
  const eContentNode = eci.optionalContext(0);
  eci.end();
  const content = eContentNode
    ? decodeOctetString(explicitInner(eContentNode, 'eContent'), 'eContent')
    : undefined;

  const problems: string[] = [];
  const certsNode = sd.optionalContext(0);
  const crlsNode = sd.optionalContext(1);
  const signerInfosNode = sd.next('signerInfos', Tag.SET);
  sd.end();

  const certificates: Certificate[] = [];
  if (certsNode) {
    for (const c of children(certsNode)) {
      // CertificateChoices: only X.509 certificates matter here; attribute and other certificates are noted.
      if (!isUniversal(c, Tag.SEQUENCE)) {
        problems.push(`certificates: skipped a non-X.509 CertificateChoices element [${c.tag}]`);
        continue;
      }
      try {
        certificates.push(certificateFromTlv(c));
      } catch (e) {
        if (!(e instanceof MutuaError)) throw e;
        problems.push(`certificates: an embedded certificate does not parse: ${e.message}`);
      }
    }
  }

  const crls: CertificateList[] = [];
  const ocspResponses: OcspResponse[] = [];
  if (crlsNode) {
    for (const c of children(crlsNode)) readRevocationInfo(c, crls, ocspResponses, problems);
  }

  const signerInfos = children(signerInfosNode).map((s, i) => parseSignerInfo(s, i));
  return {
    der: tlvBytes(root),
    version,
    digestAlgorithms,
    contentType: eContentType,
    ...(content ? { content } : {}),
    certificates,
    crls,
    ocspResponses,
    signerInfos,
    nonDer: anyNonDer(root),
    problems,
  };
}

function readRevocationInfo(c: Tlv, crls: CertificateList[], ocsp: OcspResponse[], problems: string[]): void {
  try {
    if (isUniversal(c, Tag.SEQUENCE)) {
      crls.push(parseCrl(tlvBytes(c)));
      return;
    }
    if (isContext(c, 1)) {
      // OtherRevocationInfoFormat, [1] IMPLICIT: { otherRevInfoFormat OID, otherRevInfo ANY }.
      const r = new SeqReader(c, 'OtherRevocationInfoFormat');
      const format = decodeOid(r.next('otherRevInfoFormat'), 'otherRevInfoFormat');
      const info = r.next('otherRevInfo');
      // RFC 5940 names id-ri-ocsp-response (an OCSPResponse); some producers write id-pkix-ocsp-basic with
      // a bare BasicOCSPResponse, which parseOcspResponse also reads.
      if (format === CMS_OID.riOcspResponse || format === OID.ocspBasic)
        ocsp.push(parseOcspResponse(tlvBytes(info)));
      else problems.push(`crls: skipped other revocation information of format ${format}`);
      return;
    }
    problems.push(`crls: skipped an unknown RevocationInfoChoice [${c.tag}]`);
  } catch (e) {
    if (!(e instanceof MutuaError)) throw e;
    problems.push(`crls: embedded revocation data does not parse: ${e.message}`);
  }
}

/** Parses one SignerInfo TLV (also used for counter-signatures, whose attribute values are SignerInfos). */
export function parseSignerInfo(node: Tlv, index: number): SignerInfo {
  const r = new SeqReader(node, 'SignerInfo');
  const version = decodeSmallInt(r.next('version', Tag.INTEGER), 'SignerInfo version');
  const sidNode = r.next('sid');
  let sid: SignerIdentifier;
  if (isUniversal(sidNode, Tag.SEQUENCE)) {
    const ias = new SeqReader(sidNode, 'IssuerAndSerialNumber');
    const issuer = parseName(ias.next('issuer', Tag.SEQUENCE), 'IssuerAndSerialNumber issuer');
    const serialNumber = decodeInteger(ias.next('serialNumber', Tag.INTEGER), 'serialNumber');
    ias.end();
    sid = { type: 'issuerAndSerialNumber', issuer, serialNumber };
  } else if (isContext(sidNode, 0) && !sidNode.constructed) {
    sid = { type: 'subjectKeyIdentifier', keyIdentifier: tlvValue(sidNode) };
  } else {
    throw new StructureError(
      'BAD_SIGNER_IDENTIFIER',
      'SignerInfo: sid is neither issuerAndSerialNumber nor [0]',
    );
  }
  const digestAlgorithm = parseAlgorithmIdentifier(
    r.next('digestAlgorithm', Tag.SEQUENCE),
    'digestAlgorithm',
  );
  const signedNode = r.optionalContext(0);
  const signatureAlgorithm = parseAlgorithmIdentifier(
    r.next('signatureAlgorithm', Tag.SEQUENCE),
    'signatureAlgorithm',
  );
  const signature = decodeOctetString(r.next('signature'), 'signature');
  const unsignedNode = r.optionalContext(1);
  r.end();

  let signedAttributesBytes: Uint8Array | undefined;
  let signedAttributesDer: Uint8Array | undefined;
  if (signedNode) {
    if (!signedNode.constructed)
      throw new StructureError('WRONG_TAG', 'SignerInfo: signedAttrs is primitive');
    // RFC 5652 §5.4: the signature covers the SET OF encoding, i.e. the bytes received with the
    // [0] IMPLICIT identifier replaced by 0x31. Copy, so that the caller's buffer is never written
    // (`new Uint8Array(view)` copies; `Buffer#slice` would not).
    signedAttributesBytes = new Uint8Array(tlvBytes(signedNode));
    signedAttributesBytes[0] = 0x31;
    // Most files are DER already: then the DER encoding is the received one, and nothing is re-encoded.
    signedAttributesDer = isDerEncoded(signedNode, true)
      ? signedAttributesBytes
      : derEncoding(signedNode, 0x31, true);
  }
  return {
    index,
    version,
    sid,
    digestAlgorithm,
    ...(signedNode ? { signedAttributes: readAttributes(signedNode, 'signedAttrs') } : {}),
    ...(signedAttributesBytes ? { signedAttributesBytes } : {}),
    ...(signedAttributesDer ? { signedAttributesDer } : {}),
    signedAttributesNonDer:
      signedAttributesBytes !== signedAttributesDer &&
      !bytesEqual(signedAttributesBytes, signedAttributesDer),
    signatureAlgorithm,
    signature,
    unsignedAttributes: unsignedNode ? readAttributes(unsignedNode, 'unsignedAttrs') : [],
    der: tlvBytes(node),
  };
}

function readAttributes(node: Tlv, what: string): CmsAttribute[] {
  return children(node).map((a) => {
    const r = new SeqReader(a, `${what} Attribute`);
    const type = decodeOid(r.next('attrType'), `${what} attrType`);
    const values = children(r.next('attrValues', Tag.SET));
    r.end();
    return { type, values, der: tlvBytes(a) };
  });
}

/**
 * Whether the container has a non-DER length down to the fields of each SignerInfo. Deeper values
 * (inside certificates and CRLs, which have their own DER rules) are not walked: a CRL with 100 000
 * entries must not cost 100 000 allocations for a diagnostic.
 */
function anyNonDer(t: Tlv, depth = 0): boolean {
  if (t.nonDer) return true;
  if (!t.constructed || depth > 5) return false;
  for (const c of children(t)) if (anyNonDer(c, depth + 1)) return true;
  return false;
}

/** Lowercase hex of a SignerIdentifier, for report ids and messages. */
export function describeSignerIdentifier(sid: SignerIdentifier): string {
  return sid.type === 'issuerAndSerialNumber'
    ? `issuer "${sid.issuer.text}", serial ${sid.serialNumber.toString(16)}`
    : `subject key identifier ${toHex(sid.keyIdentifier)}`;
}
