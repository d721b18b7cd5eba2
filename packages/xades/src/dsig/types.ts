import type { Certificate, CheckResult, CryptoEngine, PublicKeyInfo } from '@mutua/core';
import type { XmlDocument, XmlElement, XmlNode } from '../xml/tree';

/** The XML-DSig namespace (XML Signature Syntax and Processing, 2nd edition). */
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
/** The XML-DSig 1.1 namespace (ECKeyValue, …). */
export const DSIG11_NS = 'http://www.w3.org/2009/xmldsig11#';

/**
 * What a Reference resolved to, after its transforms: the only signed content the API exposes (the
 * defence against signature wrapping: callers read these nodes, never re-query the document).
 */
export type ReferenceTarget =
  | {
      readonly kind: 'nodes';
      /** The element the URI designated (`#id`), or the document (`""`, `#xpointer(/)`). */
      readonly apex: XmlDocument | XmlElement;
      /** Subtrees the transforms removed (the enveloped signature, XPath Filter 2.0 subtract, …). */
      readonly exclude: readonly XmlElement[];
      /** For the rare filters that drop single nodes (XPath Filter 2.0 `id('x')/node()` drops x's own
       * tag and attributes): the per-node test; absent when every node of the subtrees is in. */
      readonly include?: (node: XmlNode) => boolean;
    }
  | {
      readonly kind: 'octets';
      /** The bytes the digest was computed over (a detached file, a base64-decoded node, …). */
      readonly bytes: Uint8Array;
    };

/** One verified `ds:Reference` (of SignedInfo, or of a Manifest it signs). */
export interface VerifiedReference {
  /** Position among its siblings. */
  readonly index: number;
  /** The Reference's `Id` attribute. */
  readonly id?: string;
  /** The URI attribute; `undefined` when absent (the application must know what it means). */
  readonly uri: string | undefined;
  /** The `Type` attribute (e.g. `http://uri.etsi.org/01903#SignedProperties`). */
  readonly type?: string;
  /** The transform algorithm URIs, in order. */
  readonly transforms: readonly string[];
  readonly digestAlgorithm: string;
  /** The reference could be dereferenced (DSS: data found). */
  readonly found: boolean;
  /** The digest of what it resolved to equals DigestValue (DSS: data intact). */
  readonly intact: boolean;
  /** What it resolved to, when found. */
  readonly target?: ReferenceTarget;
  /** The element the URI designated by ID, when it did (`#id`, `#xpointer(id('id'))`). */
  readonly element?: XmlElement;
  /** For a reference of Type Manifest whose target is a `ds:Manifest`: its own references, verified. */
  readonly manifest?: readonly VerifiedReference[];
  /** Every check about this reference, in order. */
  readonly checks: readonly CheckResult[];
}

/** Options of `verifyXmlSignature`. */
export interface XmlSignatureOptions {
  readonly crypto: CryptoEngine;
  /** The content of detached references (any URI that is not same-document), by URI as written. */
  readonly detached?: (uri: string) => Uint8Array | undefined;
  /** At most this many references in SignedInfo (default 100) and transforms per reference (default 5). */
  readonly limits?: { readonly maxReferences?: number; readonly maxTransforms?: number };
}

/** The XML-DSig core validation of one `ds:Signature` (structure, references, canonical SignedInfo). */
export interface XmlSignatureVerification {
  readonly signature: XmlElement;
  /** The one `ds:SignedInfo`, first child of the Signature; absent when the structure is broken. */
  readonly signedInfo?: XmlElement;
  readonly canonicalizationMethod?: string;
  readonly signatureMethod?: string;
  /** The canonical SignedInfo: what SignatureValue signs. */
  readonly canonicalSignedInfo?: Uint8Array;
  /** The decoded SignatureValue. */
  readonly signatureValue?: Uint8Array;
  /** The `ds:SignatureValue` element (what a XAdES SignatureTimeStamp covers). */
  readonly signatureValueElement?: XmlElement;
  /** Every reference of SignedInfo, in order. */
  readonly references: readonly VerifiedReference[];
  /** Certificates found in KeyInfo: candidates only, never trusted by themselves. */
  readonly keyInfoCertificates: readonly Certificate[];
  /** The structure is well-formed XML-DSig (exactly one SignedInfo first, SignatureValue, known methods…). */
  readonly structureValid: boolean;
  /** Every check in order (`xmldsig.*`). */
  readonly checks: readonly CheckResult[];
}

/** The outcome of `verifySignatureValue`. */
export interface SignatureValueVerification {
  readonly intact: boolean;
  readonly check: CheckResult;
}

/** The public key a SignatureValue is verified with (from the signing certificate the caller chose). */
export type SignatureKey = PublicKeyInfo;
