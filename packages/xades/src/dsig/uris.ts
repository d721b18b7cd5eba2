import { C14N_ALGORITHMS } from '../c14n/algorithms';
import { DSIG_NS } from './types';

/**
 * The XML-DSig transform and reference-type URIs the verifier and `signXml` know. The canonicalisation
 * transforms are the `C14N_ALGORITHMS`; anything not listed here (XSLT first of all) is refused.
 *
 * @example
 * ```ts
 * import { XMLDSIG_URIS } from '@mutua/xades';
 * XMLDSIG_URIS.ENVELOPED_SIGNATURE; // 'http://www.w3.org/2000/09/xmldsig#enveloped-signature'
 * ```
 */
export const XMLDSIG_URIS = Object.freeze({
  /** The enveloped-signature transform: removes the Signature holding the Reference. */
  ENVELOPED_SIGNATURE: `${DSIG_NS}enveloped-signature`,
  /** The base64 transform: decodes the text of its input. */
  BASE64: `${DSIG_NS}base64`,
  /** The XPath 1.0 transform (only `not(ancestor-or-self::ds:Signature)` and the spec's enveloped form). */
  XPATH: 'http://www.w3.org/TR/1999/REC-xpath-19991116',
  /** XPath Filter 2.0 (simple `subtract` paths; `intersect` with `/`). */
  XPATH_FILTER2: 'http://www.w3.org/2002/06/xmldsig-filter2',
  /** XSLT: never run, listed so that callers can recognise the refusal. */
  XSLT: 'http://www.w3.org/TR/1999/REC-xslt-19991116',
  /** The Type of a Reference to a `ds:Manifest`. */
  MANIFEST_TYPE: `${DSIG_NS}Manifest`,
  /** The Type of a Reference to a `ds:Object`. */
  OBJECT_TYPE: `${DSIG_NS}Object`,
  /** SHA-256 (`DigestMethod`). */
  SHA256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  /** Exclusive canonicalisation, the default `signXml` uses. */
  EXC_C14N: C14N_ALGORITHMS.EXC_C14N,
} as const);

/** The namespace of Exclusive C14N's InclusiveNamespaces element. */
export const EXC_C14N_NS = 'http://www.w3.org/2001/10/xml-exc-c14n#';
/** The OASIS WS-Security utility namespace (`wsu:Id`). */
export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
/** The xmldsig-more namespace of RSASSA-PSS parameters (RFC 6931 §2.3.10). */
export const PSS_NS = 'http://www.w3.org/2007/05/xmldsig-more#';
