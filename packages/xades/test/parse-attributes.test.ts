/**
 * The tree builder takes a start tag's attributes from saxes's own list (not by enumerating the tag's
 * attribute object): source order, namespaces, limits and duplicate detection must be unchanged.
 */
import { describe, expect, it } from 'vitest';
import { type XmlError, parseXml } from '../src/index';

describe('attributes of the tree', () => {
  it('keeps source order, names, namespaces and values, declarations apart', () => {
    const doc = parseXml(
      '<r z="1" xmlns:p="urn:p" b="2" p:c="3" xmlns="urn:d" xml:lang="en"><e/><f a="x"/></r>',
    );
    expect(doc.root.attributes).toEqual([
      { name: 'z', prefix: '', localName: 'z', namespaceURI: '', value: '1' },
      { name: 'b', prefix: '', localName: 'b', namespaceURI: '', value: '2' },
      { name: 'p:c', prefix: 'p', localName: 'c', namespaceURI: 'urn:p', value: '3' },
      {
        name: 'xml:lang',
        prefix: 'xml',
        localName: 'lang',
        namespaceURI: 'http://www.w3.org/XML/1998/namespace',
        value: 'en',
      },
    ]);
    expect(doc.root.namespaces).toEqual([
      { prefix: 'p', uri: 'urn:p' },
      { prefix: '', uri: 'urn:d' },
    ]);
    const [e, f] = doc.root.elements();
    expect(e!.attributes).toEqual([]);
    expect(f!.attributes.map((a) => [a.name, a.value])).toEqual([['a', 'x']]);
    // 4 attributes + 2 declarations + 3 elements + 1 attribute
    expect(doc.nodeCount).toBe(10);
  });

  it('refuses duplicate attributes, also through different prefixes of one namespace', () => {
    for (const xml of ['<r a="1" a="2"/>', '<r xmlns:p="u" xmlns:q="u" p:a="1" q:a="2"/>']) {
      let error: unknown;
      try {
        parseXml(xml);
      } catch (e) {
        error = e;
      }
      expect((error as XmlError).code).toBe('MALFORMED');
    }
  });

  it('counts attributes and declarations against maxAttributes', () => {
    expect(parseXml('<r a="1" xmlns:p="u"/>', { maxAttributes: 2 }).root.attributes.length).toBe(1);
    let error: unknown;
    try {
      parseXml('<r><s a="1" b="2" xmlns:p="u"/></r>', { maxAttributes: 2 });
    } catch (e) {
      error = e;
    }
    expect((error as XmlError).code).toBe('TOO_MANY_ATTRIBUTES');
  });
});
