/**
 * The namespaces and URIs of ETSI TS 119 612 that the parser and the pointer predicates use, in the
 * standard's own spelling.
 *
 * @example
 * ```ts
 * import { TSL_URIS } from '@mutua/trust-list';
 * TSL_URIS.TSL_NS; // 'http://uri.etsi.org/02231/v2#'
 * TSL_URIS.EU_LIST_OF_THE_LISTS.endsWith('EUlistofthelists'); // true
 * ```
 */
export const TSL_URIS = {
  /** The TS 119 612 (ex TS 102 231) main namespace, kept since v2. */
  TSL_NS: 'http://uri.etsi.org/02231/v2#',
  /** `tslx:` additional types: MimeType, TakenOverBy, … */
  ADDITIONAL_TYPES_NS: 'http://uri.etsi.org/02231/v2/additionaltypes#',
  /** `ecc:` the Qualifications extension (named after Directive 1999/93/EC). */
  ECC_NS: 'http://uri.etsi.org/TrstSvc/SvcInfoExt/eSigDir-1999-93-EC-TrustedList/#',
  /** XAdES 1.3.2 (PolicyIdentifier's Identifier). */
  XADES_NS: 'http://uri.etsi.org/01903/v1.3.2#',
  /** The EU MRA schema (v2) of `mra:MutualRecognitionAgreementInformation`. */
  MRA_NS: 'http://ec.europa.eu/tools/lotl/mra/schema/v2#',
  /** TSLType of the EU list of trusted lists. */
  EU_LIST_OF_THE_LISTS: 'http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists',
  /** TSLType of an EU member state's trusted list. */
  EU_GENERIC: 'http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric',
  /** MIME type of a machine-processable (XML) trusted list. */
  XML_MIME_TYPE: 'application/vnd.etsi.tsl+xml',
  /** MIME type of the human-readable (PDF) form. */
  PDF_MIME_TYPE: 'application/pdf',
} as const;
