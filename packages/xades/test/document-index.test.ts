/**
 * The document index made by the tree builder while parsing (ds:Signature elements, IDs, the first
 * duplicate ID) must be the one the walk of `documentIndex` makes for a tree it did not build.
 */
import { describe, expect, it } from 'vitest';
import { documentIndex } from '../src/dsig/ids';
import { XmlDocument, parseXml } from '../src/index';

const DS = 'xmlns:ds="http://www.w3.org/2000/09/xmldsig#"';
const WSU = 'xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"';

const CASES = [
  '<r/>',
  '<r Id="a"><b ID="b"/><c id="c"/><d xml:id="d"/></r>',
  `<r ${WSU}><a wsu:Id="w"/><b Id="w2" wsu:Id="w3"/></r>`,
  // duplicates: the first in document order is reported, with the elements in that order
  '<r><a Id="x"/><b ID="x"/><c Id="y"/><d Id="y"/></r>',
  '<r><a><b Id="deep"/></a><c Id="deep"/></r>',
  // one element carrying the same value twice is not ambiguous; a later duplicate still is
  '<r><a Id="s" ID="s"/><b Id="t"/><c ID="t"/></r>',
  // a duplicate on an element with other IDs after it: those are not indexed
  '<r><a Id="p"/><b Id="p" ID="q"/><c Id="q"/></r>',
  // signatures, nested and in other namespaces, with IDs inside them
  `<r ${DS}><ds:Signature Id="s1"><ds:Object><ds:Signature Id="s2"/></ds:Object></ds:Signature><Signature Id="n"/><x:Signature xmlns:x="urn:x"/><ds:Signature/></r>`,
  `<ds:Signature ${DS} Id="root"><a Id="root2"/></ds:Signature>`,
  '<r xmlns="http://www.w3.org/2000/09/xmldsig#"><Signature/><a Id="1"/></r>',
  // attributes in a namespace are not IDs unless xml:id or wsu:Id
  '<r xmlns:p="urn:p"><a p:Id="z"/><b p:id="z"/></r>',
];

/** The same tree in a document the parser did not index: `documentIndex` walks it. */
function unindexed(doc: XmlDocument): XmlDocument {
  return new XmlDocument(doc.children, doc.root, doc.encoding, doc.nodeCount);
}

describe('document index made while parsing', () => {
  for (const xml of CASES) {
    it(xml, () => {
      const doc = parseXml(xml);
      const built = documentIndex(doc);
      const walked = documentIndex(unindexed(doc));
      expect(built).not.toBe(walked);
      expect(built.duplicate).toBe(walked.duplicate);
      expect(built.signatures).toEqual(walked.signatures);
      expect(built.signatures.every((s, i) => s === walked.signatures[i])).toBe(true);
      expect([...built.ids.keys()]).toEqual([...walked.ids.keys()]);
      for (const [id, e] of built.ids) expect(walked.ids.get(id)).toBe(e);
      // made once, at parse time
      expect(documentIndex(doc)).toBe(built);
    });
  }

  it('reports the first duplicate in document order', () => {
    const { duplicate } = documentIndex(parseXml('<r><a Id="x"/><b ID="x"/><c Id="y"/><d Id="y"/></r>'));
    expect(duplicate).toBe('the ID "x" is carried by <a> and <b>: references to it are ambiguous');
  });
});
