import {
  type CryptoEngine,
  MutuaError,
  createWebCryptoEngine,
  parseCertificate,
  parseDerSignature,
  toP1363,
} from '@mutua/core';
import { C14N_ALGORITHMS, c14nVariant } from '../c14n/algorithms';
import { canonicalize } from '../c14n/canonicalize';
import { encodeBase64 } from '../dsig/base64';
import { indexIds } from '../dsig/ids';
import { SIGNATURE_METHODS } from '../dsig/methods';
import { type ReferenceContext, digestReference } from '../dsig/reference';
import { DSIG_NS } from '../dsig/types';
import { XMLDSIG_URIS } from '../dsig/uris';
import { parseXml } from '../xml/parse';
import type { XmlDocument, XmlElement } from '../xml/tree';
import { type XmlRemoteSigner, cryptoKeyMethod } from './key';

/**
 * What `signXml` signs: an existing document (enveloped: the Signature goes inside it), content put
 * inside the Signature (enveloping: in a `ds:Object`), or files referenced by URI (detached).
 *
 * @example
 * ```ts
 * import type { SignXmlContent } from '@mutua/xades';
 * const enveloped: SignXmlContent = { kind: 'enveloped', document: '<Factura><Total>10</Total></Factura>' };
 * const detached: SignXmlContent = { kind: 'detached', files: [{ uri: 'contrato.pdf', bytes: new Uint8Array([1]) }] };
 * [enveloped.kind, detached.kind]; // ['enveloped', 'detached']
 * ```
 */
export type SignXmlContent =
  | {
      readonly kind: 'enveloped';
      /** The document to sign (its root must have an end tag unless `insert` is given). */
      readonly document: string;
      /** The URI of the reference to the document: `""` (default) or `#id` of an element of it. */
      readonly uri?: string;
      /** Places the Signature's XML in the document (default: as the last child of the root element). */
      readonly insert?: (document: string, signature: string) => string;
    }
  | {
      readonly kind: 'enveloping';
      /** XML content (or text) to place in a `ds:Object`; it may use the `ds:` prefix. */
      readonly content: string;
      /** The Id of that `ds:Object` (default `<signature id>-object`). */
      readonly objectId?: string;
    }
  | {
      readonly kind: 'detached';
      /**
       * The files: referenced by `uri` as written, digested as `bytes`. Without `uri`, the Reference has
       * no URI attribute: the application knows what it designates (an XML time-stamp's time-stamped data).
       */
      readonly files: readonly { readonly uri?: string; readonly bytes: Uint8Array }[];
    };

/**
 * A further Reference, to an element of the signature's document (e.g. a XAdES SignedProperties in an
 * `objects` entry) or anything else the caller's `detached` resolver serves.
 *
 * @example
 * ```ts
 * import type { SignXmlReference } from '@mutua/xades';
 * const ref: SignXmlReference = {
 *   uri: '#xades-signed-properties',
 *   type: 'http://uri.etsi.org/01903#SignedProperties',
 *   transforms: ['http://www.w3.org/2001/10/xml-exc-c14n#'],
 * };
 * ref.transforms?.length; // 1
 * ```
 */
export interface SignXmlReference {
  /** The URI, as written; absent for a Reference without URI (its data comes from `detached('')`). */
  readonly uri?: string;
  /** Transform algorithm URIs in order (default none). */
  readonly transforms?: readonly string[];
  /** The Reference's Type attribute. */
  readonly type?: string;
  /** The Reference's Id attribute. */
  readonly id?: string;
}

/**
 * Options of `signXml`.
 *
 * @example
 * ```ts
 * import type { SignXmlOptions } from '@mutua/xades';
 * const options: SignXmlOptions = {
 *   content: { kind: 'enveloping', content: '<a/>' },
 *   key: key.privateKey,
 *   certificates: [leaf.der, ca.der],
 * };
 * options.certificates?.length; // 2
 * ```
 */
export interface SignXmlOptions {
  /** What is signed. */
  readonly content: SignXmlContent;
  /** A WebCrypto private key (RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA P-256/384/521, Ed25519) or a remote signer. */
  readonly key: CryptoKey | XmlRemoteSigner;
  /** DER certificates for KeyInfo/X509Data, the signer's first (default: no KeyInfo). */
  readonly certificates?: readonly Uint8Array[];
  /** More references, after the content's. */
  readonly references?: readonly SignXmlReference[];
  /** More `ds:Object` elements: their XML content and optional Id (e.g. XAdES QualifyingProperties). */
  readonly objects?: readonly { readonly content: string; readonly id?: string }[];
  /** DigestMethod of every reference (default SHA-256). */
  readonly digestMethod?: string;
  /** CanonicalizationMethod of SignedInfo (default exclusive, without comments). */
  readonly canonicalizationMethod?: string;
  /** The Signature's Id (default `signature-` and random hex). */
  readonly id?: string;
  /** Digests with this engine (default WebCrypto). */
  readonly crypto?: CryptoEngine;
  /** WebCrypto for signing with a CryptoKey (default `globalThis.crypto.subtle`). */
  readonly subtle?: SubtleCrypto;
}

/**
 * A signed document, as text and as UTF-8 bytes.
 *
 * @example
 * ```ts
 * import { type SignedXml, signXml } from '@mutua/xades';
 * const signed: SignedXml = await signXml({ content: { kind: 'enveloping', content: 'hola' }, key: key.privateKey, id: 's1' });
 * signed.signatureId; // 's1'
 * signed.bytes.length > 0; // true
 * ```
 */
export interface SignedXml {
  /** The signed document. */
  readonly xml: string;
  /** `xml` in UTF-8. */
  readonly bytes: Uint8Array;
  /** The Signature's Id. */
  readonly signatureId: string;
}

const attr = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

function isCryptoKey(k: CryptoKey | XmlRemoteSigner): k is CryptoKey {
  return typeof (k as CryptoKey).algorithm === 'object' && typeof (k as CryptoKey).type === 'string';
}

function referenceXml(r: SignXmlReference, digestMethod: string, placeholder: string): string {
  const transforms = (r.transforms ?? []).map((t) => `<ds:Transform Algorithm="${attr(t)}"/>`).join('');
  return (
    `<ds:Reference${r.id !== undefined ? ` Id="${attr(r.id)}"` : ''}${r.uri !== undefined ? ` URI="${attr(r.uri)}"` : ''}` +
    `${r.type !== undefined ? ` Type="${attr(r.type)}"` : ''}>` +
    `${transforms ? `<ds:Transforms>${transforms}</ds:Transforms>` : ''}` +
    `<ds:DigestMethod Algorithm="${attr(digestMethod)}"/><ds:DigestValue>${placeholder}</ds:DigestValue></ds:Reference>`
  );
}

function appendToRoot(document: string, signature: string): string {
  const root = parseXml(document).root;
  const end = document.lastIndexOf(`</${root.name}`);
  if (end < 0 && root.children.length === 0) {
    // An empty root written <Doc/>: the last "/>" closes it (nothing but comments and PIs can follow).
    const close = document.lastIndexOf('/>');
    return `${document.slice(0, close)}>${signature}</${root.name}>${document.slice(close + 2)}`;
  }
  if (end < 0)
    throw new MutuaError(
      'SIGNING_INPUT',
      `the root <${root.name}> has no end tag to put the Signature before`,
    );
  return document.slice(0, end) + signature + document.slice(end);
}

function signatureOf(doc: XmlDocument, id: string): XmlElement {
  const e = indexIds(doc).get(id);
  if (!e || e.localName !== 'Signature' || e.namespaceURI !== DSIG_NS)
    throw new MutuaError('SIGNING_INPUT', `the Signature with Id ${id} is not where it was put`);
  return e;
}

/** The signature value as XML-DSig writes it (ECDSA: `r ‖ s`). */
async function signWith(
  key: CryptoKey | XmlRemoteSigner,
  data: Uint8Array,
  options: SignXmlOptions,
): Promise<Uint8Array> {
  if (isCryptoKey(key)) {
    const subtle = options.subtle ?? globalThis.crypto.subtle;
    // WebCrypto's ECDSA output is already IEEE P1363 r ‖ s, XML-DSig's format.
    return new Uint8Array(
      await subtle.sign(cryptoKeyMethod(key).params, key, data as Uint8Array<ArrayBuffer>),
    );
  }
  const value = await key.sign(data);
  const scheme = SIGNATURE_METHODS[key.signatureMethod];
  const cert = options.certificates?.[0];
  if (scheme?.kind === 'ECDSA' && cert) {
    const bits = parseCertificate(cert).publicKey.bits;
    const size = Math.ceil(bits / 8);
    if (value.length !== 2 * size) {
      const rs = parseDerSignature(value);
      const raw = typeof rs === 'string' ? undefined : toP1363(rs.r, rs.s, size);
      if (!raw)
        throw new MutuaError(
          'SIGNING_OUTPUT',
          'the remote ECDSA signature is neither r ‖ s nor DER for this key',
        );
      return raw;
    }
  }
  return value;
}

/**
 * Makes an XML-DSig signature: enveloped (the Signature appended to the document, with the
 * enveloped-signature and exclusive c14n transforms), enveloping (the content in a `ds:Object`) or
 * detached (files referenced by URI), with further references and objects (what XAdES adds: its
 * QualifyingProperties object and the SignedProperties reference), KeyInfo with the certificates, and a
 * WebCrypto key or a remote signer. The digests are computed by the verifier's own dereference and
 * canonicalisation code over the parsed document, so what is signed is what `verifyXmlSignature` checks.
 *
 * @example
 * ```ts
 * import { findSignatures, parseXml, signXml, verifyXmlSignature } from '@mutua/xades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const { xml } = await signXml({
 *   content: { kind: 'detached', files: [{ uri: 'nota.txt', bytes: new TextEncoder().encode('nota') }] },
 *   key: key.privateKey,
 *   certificates: [leaf.der],
 * });
 * const doc = parseXml(xml);
 * const detached = (uri: string) => (uri === 'nota.txt' ? new TextEncoder().encode('nota') : undefined);
 * const v = await verifyXmlSignature(doc, findSignatures(doc)[0]!, { crypto: nodeCryptoEngine, detached });
 * v.references[0]?.intact; // true
 * ```
 */
export async function signXml(options: SignXmlOptions): Promise<SignedXml> {
  const id = options.id ?? `signature-${randomHex(8)}`;
  const digestMethod = options.digestMethod ?? XMLDSIG_URIS.SHA256;
  const c14n = options.canonicalizationMethod ?? C14N_ALGORITHMS.EXC_C14N;
  c14nVariant(c14n); // an unknown method is a programmer error: thrown now
  const method = isCryptoKey(options.key) ? cryptoKeyMethod(options.key).uri : options.key.signatureMethod;
  const token = randomHex(12);
  const content = options.content;
  const refs: SignXmlReference[] = [];
  const objects = [...(options.objects ?? [])];
  const files = new Map<string, Uint8Array>();
  if (content.kind === 'enveloped') {
    refs.push({
      uri: content.uri ?? '',
      transforms: [XMLDSIG_URIS.ENVELOPED_SIGNATURE, XMLDSIG_URIS.EXC_C14N],
    });
  } else if (content.kind === 'enveloping') {
    const objectId = content.objectId ?? `${id}-object`;
    refs.push({ uri: `#${objectId}`, transforms: [XMLDSIG_URIS.EXC_C14N], type: XMLDSIG_URIS.OBJECT_TYPE });
    objects.unshift({ content: content.content, id: objectId });
  } else {
    for (const f of content.files) {
      refs.push(f.uri !== undefined ? { uri: f.uri } : {});
      files.set(f.uri ?? '', f.bytes);
    }
  }
  refs.push(...(options.references ?? []));
  const certs = options.certificates ?? [];
  const signatureXml =
    `<ds:Signature xmlns:ds="${DSIG_NS}" Id="${attr(id)}"><ds:SignedInfo>` +
    `<ds:CanonicalizationMethod Algorithm="${attr(c14n)}"/><ds:SignatureMethod Algorithm="${attr(method)}"/>` +
    refs.map((r, i) => referenceXml(r, digestMethod, `${token}d${i}`)).join('') +
    // An Id on SignatureValue lets a counter-signature (or a later archive step) reference it.
    `</ds:SignedInfo><ds:SignatureValue Id="${attr(id)}-value">${token}sv</ds:SignatureValue>` +
    (certs.length > 0
      ? `<ds:KeyInfo><ds:X509Data>${certs.map((c) => `<ds:X509Certificate>${encodeBase64(c)}</ds:X509Certificate>`).join('')}</ds:X509Data></ds:KeyInfo>`
      : '') +
    objects
      .map((o) => `<ds:Object${o.id !== undefined ? ` Id="${attr(o.id)}"` : ''}>${o.content}</ds:Object>`)
      .join('') +
    '</ds:Signature>';
  let xml =
    content.kind === 'enveloped'
      ? (content.insert ?? appendToRoot)(content.document, signatureXml)
      : signatureXml;

  // Digests over the parsed document: the placeholders sit in SignedInfo, which no reference covers.
  let doc = parseXml(xml);
  const signature = signatureOf(doc, id);
  const engine = options.crypto ?? createWebCryptoEngine();
  const ctx: ReferenceContext = {
    doc,
    signature,
    ids: indexIds(doc),
    options: { crypto: engine, detached: (uri) => files.get(uri) },
    maxReferences: Number.POSITIVE_INFINITY,
    maxTransforms: Number.POSITIVE_INFINITY,
  };
  const refElements = signature.elements('SignedInfo', DSIG_NS)[0]!.elements('Reference', DSIG_NS);
  for (let i = 0; i < refElements.length; i++) {
    const digest = await digestReference(refElements[i]!, ctx);
    if (typeof digest === 'string') throw new MutuaError('SIGNING_INPUT', `reference ${i}: ${digest}`);
    xml = xml.replace(`${token}d${i}<`, `${encodeBase64(digest)}<`);
  }

  doc = parseXml(xml);
  const signedInfo = signatureOf(doc, id).elements('SignedInfo', DSIG_NS)[0]!;
  const value = await signWith(options.key, canonicalize(signedInfo, c14n), options);
  xml = xml.replace(`${token}sv<`, `${encodeBase64(value)}<`);
  return { xml, bytes: new TextEncoder().encode(xml), signatureId: id };
}
