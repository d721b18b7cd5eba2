/**
 * The worked examples of the W3C Recommendations, transcribed: Canonical XML 1.0 §3.1–3.7 (which
 * Canonical XML 1.1 repeats), Canonical XML 1.1 §2.4 and §3.8 (xml:* attributes in document subsets),
 * and Exclusive XML Canonicalization §2.
 *
 * We refuse every DOCTYPE, so the examples' DTDs are removed. Where a DTD changed the result, the
 * input or the expectation is adapted and the test says how: §3.3 (a defaulted attribute), §3.4 (NMTOKENS
 * and ID attribute normalisation), §3.7/3.8 (a defaulted xml:space, written out on e2 instead). §3.5
 * (entity references) needs entity declarations and is only checked to be refused.
 */
import { describe, expect, it } from 'vitest';
import {
  C14N_ALGORITHMS as A,
  type XmlElement,
  type XmlNode,
  canonicalize,
  canonicalizeToString,
  joinXmlBase,
  parseXml,
} from '../src/index';

const c14n = (xml: string, alg: string) => canonicalizeToString(parseXml(xml), alg);

/** The first element named `local` in document order. */
function find(e: XmlElement, local: string): XmlElement {
  if (e.localName === local) return e;
  for (const c of e.elements()) {
    const f = find(c, local);
    if (f) return f;
  }
  return undefined as unknown as XmlElement;
}

const isInside = (n: XmlNode, e: XmlElement) => n.order >= e.order && n.order <= e.lastOrder;

describe('Canonical XML 1.0 §3 (and 1.1, which repeats them)', () => {
  const inclusive = [A.C14N_10, A.C14N_11] as const;
  const withComments = [A.C14N_10_WITH_COMMENTS, A.C14N_11_WITH_COMMENTS] as const;

  // §3.1 without its `<!DOCTYPE doc SYSTEM "doc.dtd">` line, which the spec's output does not reflect.
  const pis = `<?xml version="1.0"?>

<?xml-stylesheet   href="doc.xsl"
   type="text/xsl"   ?>

<doc>Hello, world!<!-- Comment 1 --></doc>

<?pi-without-data     ?>

<!-- Comment 2 -->

<!-- Comment 3 -->
`;
  it.each(inclusive)('3.1 PIs, comments and outside of document element (%s)', (alg) => {
    expect(c14n(pis, alg)).toBe(
      '<?xml-stylesheet href="doc.xsl"\n   type="text/xsl"   ?>\n<doc>Hello, world!</doc>\n<?pi-without-data?>',
    );
  });
  it.each(withComments)('3.1 with comments (%s)', (alg) => {
    expect(c14n(pis, alg)).toBe(
      '<?xml-stylesheet href="doc.xsl"\n   type="text/xsl"   ?>\n<doc>Hello, world!<!-- Comment 1 --></doc>\n<?pi-without-data?>\n<!-- Comment 2 -->\n<!-- Comment 3 -->',
    );
  });

  it.each(inclusive)('3.2 whitespace in document content (%s)', (alg) => {
    const doc = `<doc>
   <clean>   </clean>
   <dirty>   A   B   </dirty>
   <mixed>
      A
      <clean>   </clean>
      B
      <dirty>   A   B   </dirty>
      C
   </mixed>
</doc>`;
    expect(c14n(doc, alg)).toBe(doc);
  });

  it.each(inclusive)('3.3 start and end tags (%s; e9 lacks the DTD-defaulted attr="default")', (alg) => {
    const input = `<doc>
   <e1   />
   <e2   ></e2>
   <e3   name = "elem3"   id="elem3"   />
   <e4   name="elem4"   id="elem4"   ></e4>
   <e5 a:attr="out" b:attr="sorted" attr2="all" attr="I'm"
      xmlns:b="http://www.ietf.org"
      xmlns:a="http://www.w3.org"
      xmlns="http://example.org"/>
   <e6 xmlns="" xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="" xmlns:a="http://www.w3.org">
            <e9 xmlns="" xmlns:a="http://www.ietf.org"/>
         </e8>
      </e7>
   </e6>
</doc>`;
    expect(c14n(input, alg)).toBe(`<doc>
   <e1></e1>
   <e2></e2>
   <e3 id="elem3" name="elem3"></e3>
   <e4 id="elem4" name="elem4"></e4>
   <e5 xmlns="http://example.org" xmlns:a="http://www.w3.org" xmlns:b="http://www.ietf.org" attr="I'm" attr2="all" b:attr="sorted" a:attr="out"></e5>
   <e6 xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="">
            <e9 xmlns:a="http://www.ietf.org"></e9>
         </e8>
      </e7>
   </e6>
</doc>`);
  });

  it.each(
    inclusive,
  )('3.4 character modifications and character references (%s; all attributes CDATA)', (alg) => {
    const input = `<doc>
   <text>First line&#x0d;&#10;Second line</text>
   <value>&#x32;</value>
   <compute><![CDATA[value>"0" && value<"10" ?"valid":"error"]]></compute>
   <compute expr='value>"0" &amp;&amp; value&lt;"10" ?"valid":"error"'>valid</compute>
   <norm attr=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/>
   <normNames attr='   A   &#x20;&#13;&#xa;&#9;   B   '/>
   <normId id=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/>
</doc>`;
    // Without the DTD, normNames and normId are CDATA and keep their spaces (the spec, with it, shows
    // attr="A &#xD;&#xA;&#x9; B" and id="' &#xD;&#xA;&#x9; '").
    expect(c14n(input, alg)).toBe(`<doc>
   <text>First line&#xD;
Second line</text>
   <value>2</value>
   <compute>value&gt;"0" &amp;&amp; value&lt;"10" ?"valid":"error"</compute>
   <compute expr="value>&quot;0&quot; &amp;&amp; value&lt;&quot;10&quot; ?&quot;valid&quot;:&quot;error&quot;">valid</compute>
   <norm attr=" '    &#xD;&#xA;&#x9;   ' "></norm>
   <normNames attr="   A    &#xD;&#xA;&#x9;   B   "></normNames>
   <normId id=" '    &#xD;&#xA;&#x9;   ' "></normId>
</doc>`);
  });

  it('3.5 entity references: the input needs a DTD, which is refused', () => {
    expect(() =>
      parseXml(`<!DOCTYPE doc [<!ENTITY ent1 "Hello"><!ENTITY ent2 SYSTEM "world.txt">]><doc>&ent1;</doc>`),
    ).toThrow(expect.objectContaining({ code: 'DOCTYPE_FORBIDDEN' }));
  });

  it.each(inclusive)('3.6 UTF-8 encoding: ISO-8859-1 input, UTF-8 output (%s)', (alg) => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('<?xml version="1.0" encoding="ISO-8859-1"?>\n<doc>'),
      0xa9,
      ...new TextEncoder().encode('</doc>'),
    ]);
    expect([...canonicalize(parseXml(bytes), alg)]).toEqual([
      ...new TextEncoder().encode('<doc>'),
      0xc2,
      0xa9,
      ...new TextEncoder().encode('</doc>'),
    ]);
    expect(canonicalizeToString(parseXml('<doc>&#169;</doc>'), alg)).toBe('<doc>\u00a9</doc>');
  });

  // §3.7: the node-set is e1 with its attributes and namespaces, and e3's subtree; e2 and the text in e1
  // are omitted. The DTD's defaulted xml:space="preserve" on e2 is written out instead.
  const subsetDoc = `<doc xmlns="http://www.ietf.org" xmlns:w3c="http://www.w3.org">
   <e1>
      <e2 xmlns="" xml:space="preserve">
         <e3 id="E3"/>
      </e2>
   </e1>
</doc>`;
  it.each(inclusive)('3.7 document subsets (%s)', (alg) => {
    const doc = parseXml(subsetDoc);
    const e1 = find(doc.root, 'e1');
    const e3 = find(doc.root, 'e3');
    const include = (n: XmlNode) => n === e1 || isInside(n, e3);
    expect(canonicalizeToString({ apex: doc, include }, alg)).toBe(
      '<e1 xmlns="http://www.ietf.org" xmlns:w3c="http://www.w3.org"><e3 xmlns="" id="E3" xml:space="preserve"></e3></e1>',
    );
  });

  it('4.7: an omitted element does not pass its default namespace on', () => {
    const doc = parseXml('<e1 xmlns="a:b"><e2 xmlns=""><e3/></e2></e1>');
    const e2 = find(doc.root, 'e2');
    expect(canonicalizeToString({ apex: doc, include: (n) => n !== e2 }, A.C14N_10)).toBe(
      '<e1 xmlns="a:b"><e3 xmlns=""></e3></e1>',
    );
  });
});

describe('Canonical XML 1.1: xml:* attributes in document subsets', () => {
  const doc38 = `<doc xmlns="http://www.ietf.org" xmlns:w3c="http://www.w3.org" xml:base="something/else">
   <e1>
      <e2 xmlns="" xml:id="abc" xml:base="bar/" xml:space="preserve">
         <e3 id="E3" xml:base="foo"/>
      </e2>
   </e1>
</doc>`;
  const subset = () => {
    const doc = parseXml(doc38);
    const e1 = find(doc.root, 'e1');
    const e3 = find(doc.root, 'e3');
    return { apex: doc, include: (n: XmlNode) => n === e1 || isInside(n, e3) };
  };

  it('3.8 document subsets and XML attributes (C14N 1.1, as corrected by erratum E11-01)', () => {
    // The Recommendation prints xml:base="something/bar/foo" on e3; its erratum corrects that to
    // "bar/foo": only e2 lies between e3 and e1, which is output, and e1 carries "something/else".
    expect(canonicalizeToString(subset(), A.C14N_11)).toBe(
      '<e1 xmlns="http://www.ietf.org" xmlns:w3c="http://www.w3.org" xml:base="something/else"><e3 xmlns="" id="E3" xml:base="bar/foo" xml:space="preserve"></e3></e1>',
    );
  });

  it('3.8 under C14N 1.0: xml:id is inherited too, xml:base is not joined', () => {
    expect(canonicalizeToString(subset(), A.C14N_10)).toBe(
      '<e1 xmlns="http://www.ietf.org" xmlns:w3c="http://www.w3.org" xml:base="something/else"><e3 xmlns="" id="E3" xml:base="foo" xml:id="abc" xml:space="preserve"></e3></e1>',
    );
  });

  it('an element apex joins every ancestor xml:base, inherits xml:lang/space, never xml:id', () => {
    const doc = parseXml(doc38);
    expect(canonicalizeToString(find(doc.root, 'e3'), A.C14N_11)).toBe(
      '<e3 xmlns:w3c="http://www.w3.org" id="E3" xml:base="something/bar/foo" xml:space="preserve"></e3>',
    );
  });

  it('2.4 joining xml:base values: .., b/.. and ../x give ../../x', () => {
    const doc = parseXml(
      '<a xml:base="foo/bar"><b xml:base=".."><c xml:base="b/.."><d xml:base="../x"></d></c></b></a>',
    );
    const b = find(doc.root, 'b');
    const c = find(doc.root, 'c');
    const out = canonicalizeToString({ apex: doc, include: (n) => n !== b && n !== c }, A.C14N_11);
    expect(out).toBe('<a xml:base="foo/bar"><d xml:base="../../x"></d></a>');
    expect(joinXmlBase('http://a/b/c/d;p?q', 'g')).toBe('http://a/b/c/g');
    expect(joinXmlBase('http://a/b/c/d;p?q', '../../../g')).toBe('http://a/g');
    expect(joinXmlBase('http://a/b/c/d;p?q', '//g')).toBe('http://g');
    expect(joinXmlBase('a//b/', 'c')).toBe('a//b/c');
  });
});

describe('Exclusive XML Canonicalization §2', () => {
  // §2.1: the same elem1 in a document with n0 and n1 in scope.
  const wrapped = `<n0:local xmlns:n0="foo:bar" xmlns:n3="ftp://example.org"><n1:elem2 xmlns:n1="http://example.net" xml:lang="en"><n3:stuff xmlns:n3="ftp://example.org"/></n1:elem2></n0:local>`;
  const other = `<n2:pdu xmlns:n1="http://example.com" xmlns:n2="http://foo.example" xml:lang="fr" xml:space="retain"><n1:elem2 xmlns:n1="http://example.net" xml:lang="en"><n3:stuff xmlns:n3="ftp://example.org"/></n1:elem2></n2:pdu>`;
  const elem2 = (xml: string) => parseXml(xml).root.elements()[0]!;

  it('2.2 inclusive c14n of the same element differs with its envelope', () => {
    expect(canonicalizeToString(elem2(wrapped), A.C14N_10)).toBe(
      '<n1:elem2 xmlns:n0="foo:bar" xmlns:n1="http://example.net" xmlns:n3="ftp://example.org" xml:lang="en"><n3:stuff></n3:stuff></n1:elem2>',
    );
    expect(canonicalizeToString(elem2(other), A.C14N_10)).toBe(
      '<n1:elem2 xmlns:n1="http://example.net" xmlns:n2="http://foo.example" xml:lang="en" xml:space="retain"><n3:stuff xmlns:n3="ftp://example.org"></n3:stuff></n1:elem2>',
    );
  });

  it('2.2 exclusive c14n of the same element does not', () => {
    const want =
      '<n1:elem2 xmlns:n1="http://example.net" xml:lang="en"><n3:stuff xmlns:n3="ftp://example.org"></n3:stuff></n1:elem2>';
    expect(canonicalizeToString(elem2(wrapped), A.EXC_C14N)).toBe(want);
    expect(canonicalizeToString(elem2(other), A.EXC_C14N)).toBe(want);
  });

  it('InclusiveNamespaces PrefixList renders the listed prefixes as inclusive c14n would', () => {
    expect(canonicalizeToString(elem2(wrapped), A.EXC_C14N, { inclusiveNamespaces: ['n0', 'nope'] })).toBe(
      '<n1:elem2 xmlns:n0="foo:bar" xmlns:n1="http://example.net" xml:lang="en"><n3:stuff xmlns:n3="ftp://example.org"></n3:stuff></n1:elem2>',
    );
    const doc = parseXml('<a xmlns="urn:d" xmlns:p="urn:p"><p:b><c/></p:b></a>');
    const b = doc.root.elements()[0]!;
    expect(canonicalizeToString(b, A.EXC_C14N)).toBe('<p:b xmlns:p="urn:p"><c xmlns="urn:d"></c></p:b>');
    expect(canonicalizeToString(b, A.EXC_C14N, { inclusiveNamespaces: ['#default'] })).toBe(
      '<p:b xmlns="urn:d" xmlns:p="urn:p"><c></c></p:b>',
    );
  });

  it('exclusive: xmlns="" only where an output ancestor shows a default namespace', () => {
    const doc = parseXml('<a xmlns="urn:a"><b xmlns=""><c/></b></a>');
    expect(canonicalizeToString(doc, A.EXC_C14N)).toBe('<a xmlns="urn:a"><b xmlns=""><c></c></b></a>');
    expect(canonicalizeToString(doc.root.elements()[0]!, A.EXC_C14N)).toBe('<b><c></c></b>');
  });

  it('exclusive with comments keeps comments; a node-set without comments drops them', () => {
    const doc = parseXml('<a><!--x--><b/></a>');
    expect(canonicalizeToString(doc, A.EXC_C14N_WITH_COMMENTS)).toBe('<a><!--x--><b></b></a>');
    expect(canonicalizeToString({ apex: doc, comments: false }, A.EXC_C14N_WITH_COMMENTS)).toBe(
      '<a><b></b></a>',
    );
  });
});
