import type { XmlDocument, XmlElement } from '../xml/tree';
import { documentIndex } from './ids';

/**
 * Every `ds:Signature` element of a document in document order: enveloped, enveloping (the root) and
 * nested ones (a XAdES CounterSignature holds its own `ds:Signature`).
 *
 * @example
 * ```ts
 * import { findSignatures, parseXml } from '@mutua/xades';
 * const doc = parseXml(
 *   '<r xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:Signature Id="a"/><x><ds:Signature Id="b"/></x></r>',
 * );
 * findSignatures(doc).map((s) => s.getAttribute('Id')); // ['a', 'b']
 * ```
 */
export function findSignatures(doc: XmlDocument): XmlElement[] {
  // Found in the same single walk of the document as its IDs (see `indexIds`), and kept for it.
  return [...documentIndex(doc).signatures];
}
