/**
 * Property tests: on random namespaced documents (prefixes declared, redeclared and undeclared at random
 * depths, attributes and text with every character canonicalisation escapes), our exclusive and
 * inclusive C14N 1.0 forms equal xml-crypto's on @xmldom/xmldom, and canonicalisation is idempotent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { C14nCanonicalization, ExclusiveCanonicalization } from 'xml-crypto';
import { C14N_ALGORITHMS as A, canonicalizeToString, parseXml } from '../src/index';

const PREFIXES = ['', 'a', 'b', 'ds'];
// a and b never share a URI, so that a:k and b:k are never the same expanded name (which is malformed).
const URIS: Record<string, string[]> = {
  '': ['urn:x', 'urn:y', 'http://www.w3.org/2000/09/xmldsig#', ''],
  a: ['urn:x', 'urn:a'],
  b: ['urn:y', 'urn:b'],
  ds: ['http://www.w3.org/2000/09/xmldsig#', 'urn:x'],
};
const TEXT = fc.string({
  unit: fc.constantFrom('a', 'ñ', ' ', '&', '<', '>', '"', "'", '\t', '\n', '\r', '€'),
});
const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;');

interface Node {
  prefix: string;
  name: string;
  decls: [string, string][];
  attrs: [string, string, string][];
  text: string;
  children: Node[];
}

const node: fc.Memo<Node> = fc.memo((depth) =>
  fc.record({
    prefix: fc.constantFrom(...PREFIXES),
    name: fc.constantFrom('e', 'f', 'Signature'),
    decls: fc.uniqueArray(
      fc.constantFrom(...PREFIXES).chain((p) => fc.tuple(fc.constant(p), fc.constantFrom(...URIS[p]!))),
      { selector: ([p]) => p, maxLength: 3 },
    ),
    attrs: fc.uniqueArray(fc.tuple(fc.constantFrom('', 'a', 'b'), fc.constantFrom('k', 'l', 'Id'), TEXT), {
      selector: ([p, n]) => `${p}:${n}`,
      maxLength: 3,
    }),
    text: TEXT,
    children: depth > 1 ? fc.array(node(depth - 1), { maxLength: 3 }) : fc.constant([]),
  }),
);

/** Serialises, declaring at the root every prefix some element or attribute uses (so the XML is valid). */
function serialise(n: Node, root = true): string {
  const decls = new Map(n.decls);
  if (root) for (const p of ['a', 'b', 'ds']) if (!decls.has(p)) decls.set(p, URIS[p]![1]!);
  const qn = n.prefix ? `${n.prefix}:${n.name}` : n.name;
  let s = `<${qn}`;
  for (const [p, u] of decls) s += p ? ` xmlns:${p}="${u}"` : ` xmlns="${u}"`;
  for (const [p, k, v] of n.attrs) s += ` ${p ? `${p}:` : ''}${k}="${xmlEscape(v)}"`;
  s += `>${xmlEscape(n.text).replace(/>/g, '&gt;')}`;
  for (const c of n.children) s += serialise(c, false);
  return `${s}</${qn}>`;
}

describe('differential against xml-crypto, on random documents', () => {
  it('exclusive and inclusive C14N 1.0 of the whole document and of a subtree agree', () => {
    fc.assert(
      fc.property(node(4), (tree) => {
        const xml = serialise(tree);
        const ours = parseXml(xml);
        const dom = new DOMParser().parseFromString(xml, 'text/xml');
        const exc = new ExclusiveCanonicalization().process(dom.documentElement as never, {}).toString();
        const inc = new C14nCanonicalization().process(dom.documentElement as never, {}).toString();
        expect(canonicalizeToString(ours, A.C14N_10)).toBe(inc);
        // xml-crypto 6.3's exclusive c14n writes xmlns="" again below an element that already did (e.g.
        // <e xmlns="urn:x"><e xmlns=""><e/></e></e> gives <e xmlns=""> twice); Exc-C14N §3 and libxml2 do
        // not, since the nearest output ancestor already shows the empty default. Such documents are
        // compared with inclusive c14n only (and covered by the spec tests).
        if (xml.includes('xmlns=""')) return;
        expect(canonicalizeToString(ours, A.EXC_C14N)).toBe(exc);
        const child = ours.root.elements()[0];
        const domChild = dom.documentElement!.getElementsByTagName(child?.name ?? '-')[0];
        if (child && domChild && domChild.parentNode === dom.documentElement) {
          const excChild = new ExclusiveCanonicalization().process(domChild as never, {}).toString();
          expect(canonicalizeToString(child, A.EXC_C14N)).toBe(excChild);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('canonicalisation is idempotent', () => {
    fc.assert(
      fc.property(node(4), fc.constantFrom(...Object.values(A)), (tree, alg) => {
        const once = canonicalizeToString(parseXml(serialise(tree)), alg);
        expect(canonicalizeToString(parseXml(once), alg)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});

describe('browser safety', () => {
  it('nothing under src/ imports a Node built-in', () => {
    const dir = fileURLToPath(new URL('../src/', import.meta.url));
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files)
      expect(readFileSync(dir + f, 'utf8'), f).not.toMatch(/from '(node:|fs|path|crypto)/);
  });
});
