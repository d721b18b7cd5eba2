/**
 * @mutua/xades — XML-DSig and XAdES (issue 4). What is here so far is the foundation the verifier
 * stands on: a strict, bounded XML parser into a compact read-only tree (`parseXml`), and W3C
 * canonicalisation (Canonical XML 1.0 and 1.1, Exclusive XML Canonicalization, with and without
 * comments) of whole documents, subtrees and subtrees minus excluded parts, streamed as UTF-8 chunks.
 * Runs in Node.js 20+ and browsers: nothing here imports a Node built-in.
 *
 * @packageDocumentation
 */

/**
 * The package version.
 *
 * @example
 * ```ts
 * import { VERSION } from '@mutua/xades';
 * VERSION; // '0.1.0'
 * ```
 */
export const VERSION = '0.1.0';

export * from './xml/errors';
export type { XmlEncoding } from './xml/decode';
export {
  XML_NAMESPACE,
  XmlComment,
  XmlDocument,
  XmlElement,
  XmlProcessingInstruction,
  XmlText,
  type XmlAttribute,
  type XmlNamespace,
  type XmlNode,
  type XmlParent,
} from './xml/tree';
export * from './xml/parse';
export * from './c14n/algorithms';
export * from './c14n/canonicalize';
export { joinXmlBase } from './c14n/xml-base';
export {
  DSIG_NS,
  DSIG11_NS,
  type ReferenceTarget,
  type SignatureKey,
  type SignatureValueVerification,
  type VerifiedReference,
  type XmlSignatureOptions,
  type XmlSignatureVerification,
} from './dsig/types';
export { XMLDSIG_URIS } from './dsig/uris';
export { indexIds } from './dsig/ids';
export { findSignatures } from './dsig/find';
export { verifyXmlSignature } from './dsig/verify';
export { verifySignatureValue } from './dsig/signature-value';
export type { XmlRemoteSigner } from './sign/key';
export {
  signXml,
  type SignXmlContent,
  type SignXmlOptions,
  type SignXmlReference,
  type SignedXml,
} from './sign/sign-xml';
export * from './xades/properties';
export * from './xades/values';
export * from './xades/covered';
export * from './xades/signing-certificate';
export * from './xades/references';
export * from './xades/verify';
export * from './sign/sign-xades';
export * from './sign/xml-timestamp';
export * from './xades/xml-timestamp';
