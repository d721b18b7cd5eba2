import { C14N_ALGORITHMS, c14nVariant } from '../c14n/algorithms';
import { type C14nNodeSet, canonicalize } from '../c14n/canonicalize';
import { parseXml } from '../xml/parse';
import type { XmlDocument, XmlElement, XmlNode } from '../xml/tree';
import { decodeBase64 } from './base64';
import { type ReferenceTarget, DSIG_NS } from './types';
import { EXC_C14N_NS, XMLDSIG_URIS } from './uris';
import { within } from './walk';
import { type Selection, type XPathContext, evaluateFilter2, evaluateXPathExclusion } from './xpath';

/** Data between transforms: a node-set of a document (apex minus excluded subtrees, optionally
 * filtered node by node) or octets. */
export type TransformData =
  | {
      readonly kind: 'nodes';
      readonly doc: XmlDocument;
      readonly apex: XmlDocument | XmlElement;
      readonly exclude: readonly XmlElement[];
      readonly comments: boolean;
      readonly include?: (node: XmlNode) => boolean;
    }
  | { readonly kind: 'octets'; readonly bytes: Uint8Array };

/** What is hashed: a node-set to canonicalise as it is hashed, or octets. */
export type FinalData =
  | {
      readonly kind: 'c14n';
      readonly set: C14nNodeSet;
      readonly algorithm: string;
      readonly inclusiveNamespaces?: readonly string[];
    }
  | { readonly kind: 'octets'; readonly bytes: Uint8Array };

/** Where the transforms run: the signature document, the Signature holding the reference, its ID index. */
export interface TransformContext {
  readonly doc: XmlDocument;
  readonly signature: XmlElement;
  readonly ids: ReadonlyMap<string, XmlElement>;
}

/** The outcome of a transform chain; `refused` marks a transform we will not run (vs. one that failed). */
export type TransformOutcome =
  | { readonly ok: true; readonly final: FinalData; readonly target: ReferenceTarget }
  | { readonly ok: false; readonly refused: boolean; readonly reason: string };

class TransformFailure extends Error {
  constructor(
    message: string,
    readonly refused: boolean,
  ) {
    super(message);
  }
}

const isC14n = (uri: string): boolean => (Object.values(C14N_ALGORITHMS) as string[]).includes(uri);

function inclusivePrefixes(t: XmlElement): string[] | undefined {
  const list = t.elements('InclusiveNamespaces', EXC_C14N_NS)[0]?.getAttribute('PrefixList');
  return list?.split(/\s+/).filter(Boolean);
}

function targetOf(d: TransformData): ReferenceTarget {
  return d.kind === 'nodes'
    ? { kind: 'nodes', apex: d.apex, exclude: d.exclude, ...(d.include && { include: d.include }) }
    : { kind: 'octets', bytes: d.bytes };
}

/** The canonicaliser's view of a node-set. */
function setOf(d: Nodes): C14nNodeSet {
  // Removals prune below the apex only, as Apache Santuario (DSS) does: an element moved into its own
  // Signature's Object keeps its digest under the enveloped-signature transform (XPath semantics would
  // leave nothing; xmlsec1 does that). Safe because the moved element, not a look-alike, is the target;
  // and needed because real counter-signatures digest their parent's SignatureValue through
  // not(ancestor-or-self::ds:Signature), which taken literally would remove it too.
  return { apex: d.apex, exclude: d.exclude, comments: d.comments, ...(d.include && { include: d.include }) };
}

/** Octets to a node-set (XML-DSig §4.4.3.2: parse them, DOCTYPE refused as everywhere). */
function asNodes(d: TransformData): Nodes {
  if (d.kind === 'nodes') return d;
  let doc: XmlDocument;
  try {
    doc = parseXml(d.bytes);
  } catch (e) {
    throw new TransformFailure(`the octets are not XML Mutua reads: ${(e as Error).message}`, false);
  }
  return { kind: 'nodes', doc, apex: doc, exclude: [], comments: true };
}

/** The string-value of the text nodes of a node-set (the base64 transform's input, §6.6.2). */
function textOf(d: Nodes): string {
  const top = d.apex.kind === 'document' ? d.apex.root : d.apex;
  const excluded = new Set(d.exclude);
  let s = '';
  // Children are visited in order by pushing them reversed onto a stack.
  const stack: XmlNode[] = excluded.has(top) ? [] : [top];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    if (n.kind === 'text') {
      if (!d.include || d.include(n)) s += n.value;
    } else if (n.kind === 'element') {
      for (let i = n.children.length - 1; i >= 0; i--) {
        const c = n.children[i]!;
        if (c.kind === 'text' || (c.kind === 'element' && !excluded.has(c))) stack.push(c);
      }
    }
  }
  return s;
}

type Nodes = Extract<TransformData, { kind: 'nodes' }>;

const EMPTY = (): boolean => false;

function xpathContext(d: Nodes, ctx: TransformContext): XPathContext {
  // In a document parsed from octets there is no signature holding the reference and no ID index.
  const same = d.doc === ctx.doc;
  return { doc: d.doc, signature: same ? ctx.signature : undefined, ids: same ? ctx.ids : undefined };
}

function narrow(d: Nodes, test: (node: XmlNode) => boolean): Nodes {
  const prev = d.include;
  return { ...d, include: prev ? (n) => prev(n) && test(n) : test };
}

function subtract(d: Nodes, sel: Selection): Nodes {
  if (sel.kind === 'document') return narrow(d, EMPTY);
  const elements = sel.nodes.filter((n): n is XmlElement => n.kind === 'element');
  const others = new Set<XmlNode>(sel.nodes.filter((n) => n.kind !== 'element'));
  const out = { ...d, exclude: [...d.exclude, ...elements] };
  return others.size === 0 ? out : narrow(out, (n) => !others.has(n));
}

/** The input intersected with the subtrees of the selected nodes. */
function intersect(d: Nodes, sel: Selection): Nodes {
  if (sel.kind === 'document') return d;
  const [only] = sel.nodes;
  if (sel.nodes.length === 1 && only?.kind === 'element') {
    // One subtree, the common case: the apex moves down to it (or stays, if already inside).
    if (d.apex.kind === 'element' && within(d.apex, only)) return d;
    if ((d.apex.kind === 'document' || within(only, d.apex)) && !d.exclude.some((x) => within(only, x)))
      return { ...d, apex: only };
    return narrow(d, EMPTY);
  }
  // Membership by walking up from each node (depth is bounded by the parser), not by comparing with
  // every selected node: `//*` selects them all.
  const roots = new Set<XmlNode | XmlDocument>(sel.nodes);
  return narrow(d, (n) => {
    for (let p: XmlNode | XmlDocument = n; p.kind !== 'document'; p = p.parent) if (roots.has(p)) return true;
    return false;
  });
}

function filter2(t: XmlElement, d: Nodes, ctx: TransformContext): Nodes {
  const paths = t.elements('XPath', XMLDSIG_URIS.XPATH_FILTER2);
  if (paths.length === 0) throw new TransformFailure('XPath Filter 2.0 without an XPath element', false);
  let out = d;
  for (const p of paths) {
    const filter = p.getAttribute('Filter');
    const sel = evaluateFilter2(p.textContent, p, xpathContext(out, ctx));
    if (!sel)
      throw new TransformFailure(`XPath Filter 2.0 expression not supported: ${p.textContent.trim()}`, true);
    if (filter === 'subtract') out = subtract(out, sel);
    else if (filter === 'intersect') out = intersect(out, sel);
    else throw new TransformFailure(`XPath Filter 2.0 ${filter ?? '(no Filter)'} is not supported`, true);
  }
  return out;
}

function xpath(t: XmlElement, d: Nodes, ctx: TransformContext): Nodes {
  const x = t.elements('XPath', DSIG_NS)[0];
  const removed = x ? evaluateXPathExclusion(x.textContent, x, xpathContext(d, ctx)) : undefined;
  if (!x || !removed)
    throw new TransformFailure(`XPath expression not supported: ${x?.textContent.trim() ?? '(none)'}`, true);
  return { ...d, exclude: [...d.exclude, ...removed] };
}

/**
 * Runs the transforms of a Reference over what its URI designated. Only the whitelisted algorithms run
 * (XML-DSig §6.6: the c14n family, enveloped-signature, base64, XPath Filter 2.0 and the XPath 1.0 forms
 * of `xpath.ts`); anything else, XSLT first, is refused without being looked at.
 */
export function runTransforms(
  transforms: readonly XmlElement[],
  input: TransformData,
  ctx: TransformContext,
): TransformOutcome {
  let d = input;
  let target = targetOf(input);
  try {
    for (let i = 0; i < transforms.length; i++) {
      const t = transforms[i]!;
      const alg = t.getAttribute('Algorithm') ?? '';
      if (isC14n(alg)) {
        const nodes = asNodes(d);
        const set = setOf(nodes);
        const inclusiveNamespaces =
          c14nVariant(alg).version === 'exclusive' ? inclusivePrefixes(t) : undefined;
        if (i === transforms.length - 1) {
          return { ok: true, final: { kind: 'c14n', set, algorithm: alg, inclusiveNamespaces }, target };
        }
        d = { kind: 'octets', bytes: canonicalize(set, alg, { inclusiveNamespaces }) };
      } else if (alg === XMLDSIG_URIS.ENVELOPED_SIGNATURE) {
        const nodes = asNodes(d);
        // The Signature holding the reference; in a document parsed from octets there is none.
        d = nodes.doc === ctx.doc ? { ...nodes, exclude: [...nodes.exclude, ctx.signature] } : nodes;
        target = targetOf(d);
      } else if (alg === XMLDSIG_URIS.XPATH_FILTER2) {
        d = filter2(t, asNodes(d), ctx);
        target = targetOf(d);
      } else if (alg === XMLDSIG_URIS.XPATH) {
        d = xpath(t, asNodes(d), ctx);
        target = targetOf(d);
      } else if (alg === XMLDSIG_URIS.BASE64) {
        const text = d.kind === 'nodes' ? textOf(d) : new TextDecoder().decode(d.bytes);
        const bytes = decodeBase64(text);
        if (!bytes) throw new TransformFailure('the base64 transform input is not base64', false);
        d = { kind: 'octets', bytes };
        target = targetOf(d);
      } else {
        throw new TransformFailure(`transform ${alg || '(no Algorithm)'} is not allowed`, true);
      }
    }
  } catch (e) {
    if (e instanceof TransformFailure) return { ok: false, refused: e.refused, reason: e.message };
    throw e;
  }
  if (d.kind === 'octets') return { ok: true, final: d, target };
  // A node-set left at the end is canonicalised with Canonical XML 1.0 without comments (§4.4.3.2).
  const set = setOf(d);
  return { ok: true, final: { kind: 'c14n', set, algorithm: C14N_ALGORITHMS.C14N_10 }, target };
}
