/**
 * The XPath expressions XML-DSig signers write in practice, parsed as a few location-path shapes and
 * evaluated on the tree directly. There is no XPath engine here on purpose: a general one is what XSW
 * and DoS attacks feed on, and the expressions seen in trusted lists, XAdES and SAML are a handful.
 */
import type { XmlDocument, XmlElement, XmlNode } from '../xml/tree';
import { findSignatures } from './find';
import { DSIG_NS } from './types';
import { elementsOf } from './walk';

/** Where an expression is evaluated. */
export interface XPathContext {
  readonly doc: XmlDocument;
  /** The Signature holding the Reference (`here()/ancestor::ds:Signature[1]`); none in a parsed detached document. */
  readonly signature: XmlElement | undefined;
  readonly ids: ReadonlyMap<string, XmlElement> | undefined;
}

/** What an expression selects: the whole document, or nodes (each standing for its subtree). */
export type Selection =
  | { readonly kind: 'document' }
  | { readonly kind: 'nodes'; readonly nodes: readonly XmlNode[] };

const QNAME = '(?:[A-Za-z_][\\w.-]*:)?[A-Za-z_][\\w.-]*';
const LITERAL = `(?:'([^']*)'|"([^"]*)")`;

/** White space outside string literals removed (none is significant in the shapes we accept). */
function squeeze(expression: string): string {
  return expression.trim().replace(/\s+(?=(?:[^'"]*['"][^'"]*['"])*[^'"]*$)/g, '');
}

/** A name test against an element, its prefix resolved where the expression is written. */
function nameTest(test: string, context: XmlElement): ((e: XmlElement) => boolean) | undefined {
  if (test === '*') return () => true;
  const i = test.indexOf(':');
  // XPath 1.0: an unprefixed name test means no namespace, whatever the default namespace.
  const uri = i < 0 ? '' : context.lookupNamespaceURI(test.slice(0, i));
  if (uri === undefined) return undefined;
  const local = i < 0 ? test : test.slice(i + 1);
  return (e) => e.localName === local && e.namespaceURI === uri;
}

/** The start of a path: its nodes and what is left of the expression, or undefined if not a known shape. */
function start(
  x: string,
  context: XmlElement,
  c: XPathContext,
): [readonly (XmlDocument | XmlNode)[], string] | undefined {
  let m = new RegExp(`^here\\(\\)/ancestor::(${QNAME})\\[1\\]$`).exec(x);
  if (m) {
    const test = nameTest(m[1]!, context);
    if (!test || !test({ localName: 'Signature', namespaceURI: DSIG_NS } as XmlElement)) return undefined;
    return [c.signature ? [c.signature] : [], ''];
  }
  m = new RegExp(`^id\\(${LITERAL}\\)`).exec(x);
  if (m) {
    const e = c.ids?.get(m[1] ?? m[2]!);
    return [e ? [e] : [], x.slice(m[0].length)];
  }
  m = new RegExp(`^//\\*\\[@(Id|ID|id)=${LITERAL}\\]`).exec(x);
  if (m) {
    const value = m[2] ?? m[3]!;
    const found = [...elementsOf(c.doc.root)].filter((e) => e.getAttribute(m![1]!) === value);
    return [found, x.slice(m[0].length)];
  }
  m = new RegExp(`^(?://|/descendant::|/descendant-or-self::)(${QNAME}|\\*)`).exec(x);
  if (m) {
    const test = nameTest(m[1]!, context);
    if (!test) return undefined;
    return [[...elementsOf(c.doc.root)].filter(test), x.slice(m[0].length)];
  }
  if (x.startsWith('/')) return [[c.doc], x];
  return undefined;
}

/**
 * Evaluates the XPath Filter 2.0 expressions seen in practice: `/`, `id('x')`, `//*[@Id='x']`,
 * `//p:name` (also `/descendant::p:name`), `here()/ancestor::ds:Signature[1]`, each followed by child
 * steps `/p:name`, `/*` or `/node()` (`/*` then `/ds:Signature`, `id('x')/node()`,
 * `id('r')/etsi:QualifyingProperties/etsi:SignedProperties`). Anything else is undefined: refused.
 */
export function evaluateFilter2(
  expression: string,
  context: XmlElement,
  c: XPathContext,
): Selection | undefined {
  const x = squeeze(expression);
  if (x === '/') return { kind: 'document' };
  const s = start(x, context, c);
  if (!s) return undefined;
  let [nodes, rest] = s;
  const step = new RegExp(`^/(node\\(\\)|\\*|${QNAME})`);
  while (rest !== '') {
    const m = step.exec(rest);
    if (!m) return undefined;
    rest = rest.slice(m[0].length);
    const kids = nodes.flatMap((n) => (n.kind === 'document' || n.kind === 'element' ? [...n.children] : []));
    if (m[1] === 'node()') nodes = kids;
    else {
      const test = nameTest(m[1]!, context);
      if (!test) return undefined;
      nodes = kids.filter((k): k is XmlElement => k.kind === 'element' && test(k));
    }
  }
  if (nodes.some((n) => n.kind === 'document')) return nodes.length === 1 ? { kind: 'document' } : undefined;
  return { kind: 'nodes', nodes: nodes as XmlNode[] };
}

/**
 * Recognises an XPath 1.0 transform expression as the subtrees it removes: the usual
 * `not(ancestor-or-self::ds:Signature)` removes every `ds:Signature` of the document (that is what the
 * expression says: the axis does not know which signature holds the reference), and the enveloped form
 * of XML-DSig §6.6.4 removes only the signature holding the reference.
 */
export function evaluateXPathExclusion(
  expression: string,
  context: XmlElement,
  c: XPathContext,
): readonly XmlElement[] | undefined {
  const x = squeeze(expression);
  const isDs = (prefix: string | undefined): boolean =>
    prefix !== undefined && context.lookupNamespaceURI(prefix) === DSIG_NS;
  let m = /^not\(ancestor-or-self::([\w.-]+):Signature\)$/.exec(x);
  if (m && isDs(m[1])) return findSignatures(c.doc);
  m =
    /^count\(ancestor-or-self::([\w.-]+):Signature\|here\(\)\/ancestor::([\w.-]+):Signature\[1\]\)>count\(ancestor-or-self::([\w.-]+):Signature\)$/.exec(
      x,
    );
  if (m && isDs(m[1]) && isDs(m[2]) && isDs(m[3])) return c.signature ? [c.signature] : [];
  return undefined;
}
