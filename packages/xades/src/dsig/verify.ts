import type { CheckResult } from '@mutua/core';
import { C14N_ALGORITHMS, c14nVariant } from '../c14n/algorithms';
import { canonicalize } from '../c14n/canonicalize';
import { XmlError } from '../xml/errors';
import type { XmlDocument, XmlElement } from '../xml/tree';
import { decodeBase64 } from './base64';
import { sharedIds } from './ids';
import { keyInfoCertificates } from './key-info';
import { signatureMethodMeaning } from './methods';
import { type ReferenceContext, verifyReference } from './reference';
import { signatureParts } from './structure';
import {
  DSIG_NS,
  type VerifiedReference,
  type XmlSignatureOptions,
  type XmlSignatureVerification,
} from './types';
import { EXC_C14N_NS } from './uris';

const isC14n = (uri: string): boolean => (Object.values(C14N_ALGORITHMS) as string[]).includes(uri);

/**
 * XML-DSig core validation of one `ds:Signature`, except the signature value (see
 * `verifySignatureValue`: the key must come from the signing certificate the caller trusts, never from
 * KeyInfo alone). Checks the structure (exactly one SignedInfo, first), the methods, every Reference
 * (dereference, whitelisted transforms, digest), verifies Manifests it signs, and canonicalises
 * SignedInfo. A bad signature never throws: it is reported in `checks` (`xmldsig.structure`,
 * `xmldsig.canonicalizationMethod`, `xmldsig.signatureMethod`, `xmldsig.reference`,
 * `xmldsig.transforms`, `xmldsig.keyInfo`).
 *
 * What was signed is `references[i].target` of the references whose `intact` is true (a reference that
 * was found but does not match also has its `target`, for diagnosis: check `intact` first): read the
 * signed content from those nodes only, never by searching the document again by ID or path (signature
 * wrapping: the signed element may have been moved into a `ds:Object` and a look-alike put in its place;
 * `target.apex` is then the moved one). Removals (`exclude`) apply below the apex only, as in Apache
 * Santuario (DSS). A reader of `textContent` should also know that comments are not signed by a `#id` or `""`
 * reference: `<x>ad<!---->min</x>` and `<x>admin</x>` have the same digest, so read text from the
 * canonical form, not by concatenating text nodes with a DOM that splits them.
 *
 * @example
 * ```ts
 * import { parseXml, signXml, verifyXmlSignature, findSignatures } from '@mutua/xades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const { xml } = await signXml({
 *   content: { kind: 'enveloped', document: '<Contrato><Valor>100</Valor></Contrato>' },
 *   key: key.privateKey,
 *   certificates: [leaf.der],
 * });
 * const doc = parseXml(xml);
 * const v = await verifyXmlSignature(doc, findSignatures(doc)[0]!, { crypto: nodeCryptoEngine });
 * v.structureValid; // true
 * v.references.map((r) => r.intact); // [true]
 * v.references[0]?.target?.kind === 'nodes' && v.references[0].target.apex === doc; // true
 * v.keyInfoCertificates.length; // 1
 * ```
 */
export async function verifyXmlSignature(
  doc: XmlDocument,
  signature: XmlElement,
  options: XmlSignatureOptions,
): Promise<XmlSignatureVerification> {
  if (!options?.crypto) throw new TypeError('verifyXmlSignature needs options.crypto');
  if (
    signature?.kind !== 'element' ||
    signature.localName !== 'Signature' ||
    signature.namespaceURI !== DSIG_NS
  )
    throw new TypeError('verifyXmlSignature: `signature` is not a ds:Signature element (use findSignatures)');
  const maxReferences = options.limits?.maxReferences ?? 100;
  const maxTransforms = options.limits?.maxTransforms ?? 5;
  const checks: CheckResult[] = [];
  const keyInfoElement = signature.elements().find((e) => e.localName === 'KeyInfo');
  const broken = (message: string): XmlSignatureVerification => {
    checks.push({ id: 'xmldsig.structure', status: 'failed', message, subIndication: 'FORMAT_FAILURE' });
    const keyInfo = keyInfoCertificates(keyInfoElement);
    checks.push(...keyInfo.checks);
    return {
      signature,
      references: [],
      keyInfoCertificates: keyInfo.certificates,
      structureValid: false,
      checks,
    };
  };
  const parts = signatureParts(signature, maxReferences);
  if (!parts.ok) return broken(parts.problem);
  let ids: ReadonlyMap<string, XmlElement>;
  try {
    // Computed once per document and shared by all its signatures (and findSignatures).
    ids = sharedIds(doc);
  } catch (e) {
    if (e instanceof XmlError && e.code === 'DUPLICATE_ID') return broken(e.message);
    throw e;
  }
  let structureValid = true;
  const signatureValue = decodeBase64(parts.signatureValue.textContent);
  if (signatureValue)
    checks.push({
      id: 'xmldsig.structure',
      status: 'passed',
      message: 'one SignedInfo, first; SignatureValue',
    });
  else {
    structureValid = false;
    checks.push({
      id: 'xmldsig.structure',
      status: 'failed',
      message: 'SignatureValue is not base64',
      subIndication: 'FORMAT_FAILURE',
    });
  }

  const c14nMethod = parts.canonicalizationMethod.getAttribute('Algorithm') ?? '';
  let canonicalSignedInfo: Uint8Array | undefined;
  if (isC14n(c14nMethod)) {
    const list = parts.canonicalizationMethod
      .elements('InclusiveNamespaces', EXC_C14N_NS)[0]
      ?.getAttribute('PrefixList');
    const inclusiveNamespaces =
      c14nVariant(c14nMethod).version === 'exclusive' ? list?.split(/\s+/).filter(Boolean) : undefined;
    canonicalSignedInfo = canonicalize(parts.signedInfo, c14nMethod, { inclusiveNamespaces });
    checks.push({ id: 'xmldsig.canonicalizationMethod', status: 'passed', message: c14nMethod });
  } else {
    structureValid = false;
    checks.push({
      id: 'xmldsig.canonicalizationMethod',
      status: 'failed',
      message: `canonicalisation method ${c14nMethod || '(none)'} is not one of the six W3C ones`,
      subIndication: 'FORMAT_FAILURE',
    });
  }

  const methodUri = parts.signatureMethod.getAttribute('Algorithm') ?? '';
  const meaning = signatureMethodMeaning(parts.signatureMethod);
  if (meaning.kind === 'scheme')
    checks.push({ id: 'xmldsig.signatureMethod', status: 'passed', message: methodUri });
  else {
    structureValid = false;
    checks.push(
      meaning.kind === 'hmac'
        ? {
            id: 'xmldsig.signatureMethod',
            status: 'failed',
            message: `${methodUri}: an HMAC is refused (a shared secret proves nothing about a certificate holder)`,
            subIndication: 'FORMAT_FAILURE',
          }
        : {
            id: 'xmldsig.signatureMethod',
            status: 'indeterminate',
            message: meaning.reason,
            subIndication: 'CRYPTO_CONSTRAINTS_FAILURE',
          },
    );
  }

  const ctx: ReferenceContext = { doc, signature, ids, options, maxReferences, maxTransforms };
  const references: VerifiedReference[] = [];
  for (let i = 0; i < parts.references.length; i++) {
    const r = await verifyReference(parts.references[i]!, i, ctx);
    references.push(r);
    checks.push(...r.checks);
  }
  const keyInfo = keyInfoCertificates(parts.keyInfo);
  checks.push(...keyInfo.checks);
  return {
    signature,
    signedInfo: parts.signedInfo,
    canonicalizationMethod: c14nMethod,
    signatureMethod: methodUri,
    ...(canonicalSignedInfo && { canonicalSignedInfo }),
    ...(signatureValue && { signatureValue }),
    signatureValueElement: parts.signatureValue,
    references,
    keyInfoCertificates: keyInfo.certificates,
    structureValid,
    checks,
  };
}
