import { describe, expect, it } from 'vitest';
import {
  C14N_ALGORITHMS as A,
  XmlError,
  type XmlElement,
  canonicalize,
  canonicalizeTo,
  canonicalizeToString,
  parseXml,
} from '../src/index';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const ALL = Object.values(A);

describe('canonical escaping and ordering', () => {
  it.each(ALL)('escapes text and attributes (%s)', (alg) => {
    const doc = parseXml('<a x="&amp;&lt;&gt;&quot;&apos;&#9;&#10;&#13;">&amp;&lt;&gt;"\'&#13;&#9;</a>');
    expect(canonicalizeToString(doc, alg)).toBe(
      '<a x="&amp;&lt;>&quot;\'&#x9;&#xA;&#xD;">&amp;&lt;&gt;"\'&#xD;\t</a>',
    );
  });

  it('orders namespace declarations by prefix, then attributes by namespace URI and local name', () => {
    const doc = parseXml(
      '<a xmlns:z="urn:a" xmlns:b="urn:z" xmlns="urn:d" z:k="1" b:k="2" k="3" b:a="4" j="5"/>',
    );
    expect(canonicalizeToString(doc, A.C14N_10)).toBe(
      '<a xmlns="urn:d" xmlns:b="urn:z" xmlns:z="urn:a" j="5" k="3" z:k="1" b:a="4" b:k="2"></a>',
    );
  });

  it('removes superfluous namespace declarations and keeps needed ones', () => {
    const doc = parseXml('<a xmlns:p="urn:p"><b xmlns:p="urn:p"><c xmlns:p="urn:q"/></b></a>');
    expect(canonicalizeToString(doc, A.C14N_11)).toBe(
      '<a xmlns:p="urn:p"><b><c xmlns:p="urn:q"></c></b></a>',
    );
    // Exclusive: only where a prefix is visibly used.
    expect(canonicalizeToString(doc, A.EXC_C14N)).toBe('<a><b><c></c></b></a>');
    expect(canonicalizeToString(parseXml('<a xmlns:p="urn:p"><p:b/></a>'), A.EXC_C14N)).toBe(
      '<a><p:b xmlns:p="urn:p"></p:b></a>',
    );
  });

  it('never writes the xml prefix binding, even when declared', () => {
    const doc = parseXml('<a xmlns:xml="http://www.w3.org/XML/1998/namespace" xml:lang="es"/>');
    for (const alg of ALL) expect(canonicalizeToString(doc, alg)).toBe('<a xml:lang="es"></a>');
  });

  it('an element apex gets the namespaces in scope (inclusive) or used (exclusive), and xml:* only inclusively', () => {
    const doc = parseXml(
      '<r xmlns="urn:r" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:u="urn:unused" xml:lang="pt"><ds:SignedInfo><ds:X/></ds:SignedInfo></r>',
    );
    const si = doc.root.elements()[0]!;
    expect(canonicalizeToString(si, A.C14N_10)).toBe(
      `<ds:SignedInfo xmlns="urn:r" xmlns:ds="${DS}" xmlns:u="urn:unused" xml:lang="pt"><ds:X></ds:X></ds:SignedInfo>`,
    );
    expect(canonicalizeToString(si, A.EXC_C14N)).toBe(
      `<ds:SignedInfo xmlns:ds="${DS}"><ds:X></ds:X></ds:SignedInfo>`,
    );
  });

  it('refuses an unknown algorithm (no XSLT, no guessing)', () => {
    expect(() => canonicalize(parseXml('<a/>'), 'http://www.w3.org/TR/1999/REC-xslt-19991116')).toThrow(
      XmlError,
    );
  });
});

describe('document subsets', () => {
  const xml = `<?xml version="1.0"?>
<!-- before -->
<doc Id="d"><data>1<!-- in --></data><ds:Signature xmlns:ds="${DS}"><ds:SignedInfo/></ds:Signature><more/></doc>
<!-- after -->`;

  it('enveloped-signature: the document minus the Signature, comments out for URI=""', () => {
    const doc = parseXml(xml);
    const sig = doc.root.elements('Signature', DS)[0]!;
    expect(
      canonicalizeToString({ apex: doc, exclude: [sig], comments: false }, A.C14N_10_WITH_COMMENTS),
    ).toBe('<doc Id="d"><data>1</data><more></more></doc>');
    // #xpointer(/) keeps comments for a WithComments algorithm.
    expect(canonicalizeToString({ apex: doc, exclude: [sig] }, A.EXC_C14N_WITH_COMMENTS)).toBe(
      '<!-- before -->\n<doc Id="d"><data>1<!-- in --></data><more></more></doc>\n<!-- after -->',
    );
  });

  it('an excluded apex produces nothing; excluding a subtree removes it entirely', () => {
    const doc = parseXml(xml);
    expect(canonicalizeToString({ apex: doc.root, exclude: [doc.root] }, A.C14N_10)).toBe('');
    const data = doc.root.elements('data')[0]!;
    expect(canonicalizeToString({ apex: doc.root, exclude: [data] }, A.C14N_10)).toBe(
      `<doc Id="d"><ds:Signature xmlns:ds="${DS}"><ds:SignedInfo></ds:SignedInfo></ds:Signature><more></more></doc>`,
    );
  });

  it('a predicate omitting elements keeps their children and moves namespace declarations down', () => {
    const doc = parseXml('<a xmlns:p="urn:p"><p:b><p:c>x</p:c></p:b></a>');
    const b = doc.root.elements()[0]!;
    expect(canonicalizeToString({ apex: doc, include: (n) => n !== b }, A.C14N_10)).toBe(
      '<a xmlns:p="urn:p"><p:c>x</p:c></a>',
    );
    expect(canonicalizeToString({ apex: doc, include: (n) => n !== doc.root }, A.C14N_10)).toBe(
      '<p:b xmlns:p="urn:p"><p:c>x</p:c></p:b>',
    );
    expect(canonicalizeToString({ apex: doc, include: (n) => n.kind !== 'text' }, A.EXC_C14N)).toBe(
      '<a><p:b xmlns:p="urn:p"><p:c></p:c></p:b></a>',
    );
  });
});

describe('deep documents', () => {
  it('canonicalises without recursion when a caller raises the depth limit to 20 000', () => {
    const n = 20_000;
    const doc = parseXml(`${'<a>x'.repeat(n)}${'</a>'.repeat(n)}`, { maxDepth: n });
    expect(canonicalizeToString(doc, A.C14N_11)).toHaveLength(8 * n);
    expect(doc.root.textContent).toHaveLength(n);
  });
});

describe('streamed output', () => {
  const big = `<r xmlns="urn:r">${Array.from({ length: 5000 }, (_, i) => `<e n="${i}">ñ &amp; ${i}</e>`).join('')}</r>`;

  it.each(ALL)('chunks concatenate to exactly the one-shot bytes (%s)', (alg) => {
    const doc = parseXml(big);
    const chunks: Uint8Array[] = [];
    canonicalizeTo(doc, alg, (c) => chunks.push(c), { chunkSize: 1000 });
    expect(chunks.length).toBeGreaterThan(50);
    expect(Buffer.concat(chunks).equals(Buffer.from(canonicalize(doc, alg)))).toBe(true);
  });

  it('writes nothing for an empty result', () => {
    const doc = parseXml('<a/>');
    const chunks: Uint8Array[] = [];
    canonicalizeTo({ apex: doc.root, exclude: [doc.root as XmlElement] }, A.C14N_10, (c) => chunks.push(c));
    expect(chunks).toEqual([]);
  });
});
