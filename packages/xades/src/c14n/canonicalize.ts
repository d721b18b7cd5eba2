import {
  XML_NAMESPACE,
  type XmlAttribute,
  XmlDocument,
  type XmlElement,
  type XmlNode,
  type XmlParent,
} from '../xml/tree';
import { type C14nVariant, c14nVariant } from './algorithms';
import { escapeAttr, escapeText } from './escape';
import { Output } from './output';
import { canonicalStartTagStart, sourceEnd, verbatimKnowledge, verbatimSpan } from './verbatim';
import { joinXmlBase } from './xml-base';

/**
 * A document subset to canonicalise, in the shapes XML-DSig produces, cheap to build and test:
 *
 * - `apex`: the document (`URI=""`) or an element (`URI="#id"`): everything below it is in the set;
 * - `exclude`: elements removed with everything inside them (the enveloped-signature transform,
 *   XPath Filter 2.0 `subtract`, `not(ancestor-or-self::ds:Signature)`);
 * - `comments: false`: comment nodes are not in the set (a same-document URI without XPointer);
 * - `include`: for the rare general XPath case, a per-node test. An element it rejects is omitted
 *   with its attributes and namespace nodes, but its children are still considered one by one.
 *
 * @example
 * ```ts
 * import { type C14nNodeSet, C14N_ALGORITHMS, canonicalizeToString, parseXml } from '@mutua/xades';
 * const doc = parseXml('<r><keep>1</keep><drop>2</drop><!--c--></r>');
 * const drop = doc.root.elements('drop')[0]!;
 * const set: C14nNodeSet = { apex: doc, exclude: [drop], comments: false };
 * canonicalizeToString(set, C14N_ALGORITHMS.C14N_10_WITH_COMMENTS); // '<r><keep>1</keep></r>'
 * ```
 */
export interface C14nNodeSet {
  /** The document or the element whose subtree is the starting set. */
  readonly apex: XmlDocument | XmlElement;
  /** Elements removed from the set together with their whole subtree (only elements inside `apex`, or
   * `apex` itself, have an effect: to exclude an ancestor of the apex, there is nothing left to output). */
  readonly exclude?: Iterable<XmlElement>;
  /** `false` takes every comment out of the set (default `true`: the algorithm decides). */
  readonly comments?: boolean;
  /** A per-node membership test applied after `apex` and `exclude`. */
  readonly include?: (node: XmlNode) => boolean;
}

/**
 * What can be canonicalised: a whole document, an element's subtree, or a `C14nNodeSet`.
 *
 * @example
 * ```ts
 * import { type C14nInput, C14N_ALGORITHMS, canonicalizeToString, parseXml } from '@mutua/xades';
 * const doc = parseXml('<a><b x="1"/></a>');
 * const inputs: C14nInput[] = [doc, doc.root.elements()[0]!];
 * inputs.map((i) => canonicalizeToString(i, C14N_ALGORITHMS.C14N_10)); // ['<a><b x="1"></b></a>', '<b x="1"></b>']
 * ```
 */
export type C14nInput = XmlDocument | XmlElement | C14nNodeSet;

/**
 * Options of the canonicalisation functions.
 *
 * @example
 * ```ts
 * import { type C14nOptions, C14N_ALGORITHMS, canonicalizeToString, parseXml } from '@mutua/xades';
 * const doc = parseXml('<r xmlns:soap="urn:soap"><b/></r>');
 * const options: C14nOptions = { inclusiveNamespaces: ['soap'] };
 * canonicalizeToString(doc.root.elements()[0]!, C14N_ALGORITHMS.EXC_C14N, options); // '<b xmlns:soap="urn:soap"></b>'
 * ```
 */
export interface C14nOptions {
  /** Exclusive C14N's InclusiveNamespaces PrefixList (`#default` for the default namespace); ignored by
   * the inclusive algorithms, which treat every namespace that way. */
  readonly inclusiveNamespaces?: readonly string[];
  /** For `canonicalizeTo`: about how many characters each chunk holds before it is encoded (default 64 Ki). */
  readonly chunkSize?: number;
}

// Code-unit order; it differs from code-point order only between surrogates and U+E000–U+FFFF, which
// never meet in the namespace URIs and names of signed documents seen so far.
const byNamespaceThenLocalName = (a: XmlAttribute, b: XmlAttribute): number =>
  a.namespaceURI < b.namespaceURI
    ? -1
    : a.namespaceURI > b.namespaceURI
      ? 1
      : a.localName < b.localName
        ? -1
        : a.localName > b.localName
          ? 1
          : 0;

/** Namespace bindings: prefix (`''` = default) → URI (`''` = no default namespace). */
type Bindings = ReadonlyMap<string, string>;
const NONE: Bindings = new Map();

/** An element being canonicalised: the bindings its children see, whether it is output, the next child. */
interface Frame {
  readonly element: XmlElement;
  readonly rendered: Bindings;
  readonly scope: Bindings;
  readonly output: boolean;
  next: number;
}

class Canonicalizer {
  private readonly exclusive: boolean;
  private readonly v11: boolean;
  private readonly comments: boolean;
  private readonly excluded: ReadonlySet<XmlElement> | undefined;
  private readonly include: ((node: XmlNode) => boolean) | undefined;
  private readonly apex: XmlDocument | XmlElement;
  private readonly inclusivePrefixes: readonly string[];
  /** The document's source text when spans of it may be copied (see `verbatim`); undefined for a general
   * node-set (`include`), whose membership only the per-node test knows. */
  private readonly knowledge: ReturnType<typeof verbatimKnowledge>;
  private readonly excludedList: readonly XmlElement[];
  private lastScope: Bindings | undefined;
  private lastRendered: Bindings | undefined;
  private lastPrefix = '';
  private lastDecls: readonly (readonly [string, string])[] = NO_DECLS;
  /** The last two texts beginning with a line feed that `escapeText` left unchanged. */
  private clean1 = '';
  private clean2 = '';

  constructor(
    private readonly out: Output,
    variant: C14nVariant,
    set: C14nNodeSet,
    options: C14nOptions,
  ) {
    this.exclusive = variant.version === 'exclusive';
    this.v11 = variant.version === '1.1';
    this.comments = variant.withComments && set.comments !== false;
    this.excluded = set.exclude ? new Set(set.exclude) : undefined;
    this.excludedList = this.excluded ? [...this.excluded] : [];
    this.include = set.include;
    this.apex = set.apex;
    this.inclusivePrefixes = (options.inclusiveNamespaces ?? [])
      .map((p) => (p === '#default' ? '' : p))
      .filter((p) => p !== 'xml' && p !== 'xmlns');
    let doc: XmlParent = set.apex;
    while (doc.kind === 'element') doc = doc.parent;
    this.knowledge = set.include === undefined ? verbatimKnowledge(doc) : undefined;
  }

  run(): void {
    const apex = this.apex;
    if (apex.kind === 'element') {
      if (this.excluded?.has(apex)) return;
      this.element(apex, NONE, inScopeAt(apex.parent), false);
      return;
    }
    let afterRoot = false;
    for (const child of apex.children) {
      if (child.kind === 'element') {
        if (this.excluded?.has(child)) {
          // omitted with its subtree
        } else if (this.verbatim(child, NONE, NONE)) {
          this.copy(child);
        } else {
          this.element(child, NONE, NONE, true);
        }
        afterRoot = true;
        continue;
      }
      const text = this.leaf(child);
      if (text !== '') this.out.write(afterRoot ? `\n${text}` : `${text}\n`);
    }
  }

  /** `escapeText(value)`, skipped for the indentation met just before: pretty-printed documents repeat
   * a few line-feed-and-spaces texts between their tags, and a string comparison (often of the very same
   * string, shared by the parser) costs less than scanning them again. */
  private text(value: string): string {
    if (value === this.clean1 || value === this.clean2) return value;
    const escaped = escapeText(value);
    if (escaped === value && value.charCodeAt(0) === 0x0a) {
      this.clean2 = this.clean1;
      this.clean1 = value;
    }
    return escaped;
  }

  /** The canonical form of a comment or PI in the set, or `''`. */
  private leaf(node: XmlNode): string {
    if (this.include !== undefined && !this.include(node)) return '';
    if (node.kind === 'comment') return this.comments ? `<!--${node.value}-->` : '';
    if (node.kind === 'pi')
      return node.data === '' ? `<?${node.target}?>` : `<?${node.target} ${node.data}?>`;
    return '';
  }

  private inSet(node: XmlNode): boolean {
    return this.include === undefined || this.include(node);
  }

  /** Whether an ancestor of a visited element is itself output (inside the apex and accepted). */
  private output(e: XmlElement): boolean {
    return e.order >= this.apex.order && this.inSet(e);
  }

  /** Canonicalises the subtree of `top`, with an explicit stack: depth is bounded by the parser's
   * limit, which a caller may raise past what the call stack would take. */
  private element(top: XmlElement, rendered: Bindings, inScope: Bindings, parentOutput: boolean): void {
    const stack: Frame[] = [];
    let frame = this.start(top, rendered, inScope, parentOutput);
    for (;;) {
      const children = frame.element.children;
      if (frame.next < children.length) {
        const c = children[frame.next++]!;
        if (c.kind === 'element') {
          if (frame.output && this.verbatim(c, frame.scope, frame.rendered)) {
            this.copy(c);
          } else if (!this.excluded?.has(c)) {
            stack.push(frame);
            frame = this.start(c, frame.rendered, frame.scope, frame.output);
          }
        } else if (c.kind === 'text') {
          if (this.inSet(c)) this.out.write(this.text(c.value));
        } else {
          const text = this.leaf(c);
          if (text !== '') this.out.write(text);
        }
        continue;
      }
      if (frame.output) this.out.write(`</${frame.element.name}>`);
      const parent = stack.pop();
      if (parent === undefined) return;
      frame = parent;
    }
  }

  /**
   * Whether `e`, a child of an output element (or the root of a whole document) that is not excluded, is
   * written as its source span: the span is proved to be its own canonical form as the subtree of an
   * output parent (`verbatimSpan`, c14n/verbatim.ts), and nothing here makes the canonical form differ
   * from that: no excluded element inside, no per-node test (there is then no `knowledge`), and for
   * exclusive C14N no prefix the subtree uses (its elements', or the InclusiveNamespaces list's) that a
   * start tag inside would have to declare. The inclusive algorithms declare nothing below an output
   * parent unless an element declares it itself, and an element with a declaration is never proved.
   */
  private verbatim(e: XmlElement, scope: Bindings, rendered: Bindings): boolean {
    const k = this.knowledge;
    if (k === undefined) return false;
    const excluded = this.excludedList;
    for (let i = 0; i < excluded.length; i++) {
      const x = excluded[i]!;
      if (x === e || (x.order > e.order && x.order <= e.lastOrder)) return false;
    }
    const proved = verbatimSpan(k, e);
    if (proved < 0) return false;
    if (!this.exclusive) return true;
    const prefixes = k.prefixes;
    for (let i = 0; i < prefixes.length; i++) {
      if (proved & (1 << i) && mustDeclare(prefixes[i]!, scope, rendered)) return false;
    }
    for (const p of this.inclusivePrefixes) if (scope.has(p) && mustDeclare(p, scope, rendered)) return false;
    return true;
  }

  /** Writes the source span of `e`, proved canonical by `verbatim`. */
  private copy(e: XmlElement): void {
    const k = this.knowledge!;
    this.out.write(k.source.slice(canonicalStartTagStart(k, e), sourceEnd(k, e)));
  }

  /** Writes `e`'s start tag if it is in the set, and returns the state its children are processed in. */
  private start(e: XmlElement, rendered: Bindings, inScope: Bindings, parentOutput: boolean): Frame {
    let scope = inScope;
    if (e.namespaces.length > 0) {
      const m = new Map(inScope);
      for (const ns of e.namespaces) m.set(ns.prefix, ns.uri);
      scope = m;
    }
    const output = this.inSet(e);
    let childRendered = rendered;
    if (output) {
      const decls = this.namespacesToRender(e, rendered, scope, parentOutput);
      // The common case in one string: nothing to declare, no attribute to sort or inherit.
      if (decls.length === 0 && e.attributes.length === 0 && (parentOutput || this.exclusive)) {
        this.out.write(`<${e.name}>`);
        return { element: e, rendered, scope, output, next: 0 };
      }
      let tag = `<${e.name}`;
      if (decls.length > 0) {
        const m = new Map(rendered);
        for (const [prefix, uri] of decls) {
          m.set(prefix, uri);
          tag += prefix === '' ? ` xmlns="${escapeAttr(uri)}"` : ` xmlns:${prefix}="${escapeAttr(uri)}"`;
        }
        childRendered = m;
      }
      let attrs = e.attributes;
      if (!parentOutput && !this.exclusive) attrs = this.withInheritedXmlAttributes(e);
      if (attrs.length > 1) attrs = [...attrs].sort(byNamespaceThenLocalName);
      for (const a of attrs) tag += ` ${a.name}="${escapeAttr(a.value)}"`;
      this.out.write(`${tag}>`);
    }
    return { element: e, rendered: childRendered, scope, output, next: 0 };
  }

  /** The namespace declarations to write on `e`, sorted by prefix. */
  private namespacesToRender(
    e: XmlElement,
    rendered: Bindings,
    scope: Bindings,
    parentOutput: boolean,
  ): readonly (readonly [string, string])[] {
    let candidates: Iterable<string>;
    if (this.exclusive) {
      // The common case first, without a Set: no InclusiveNamespaces and no prefixed attribute, so the
      // element's own prefix is the only visibly utilised one (the same outcome as the general path).
      if (this.inclusivePrefixes.length === 0 && !hasPrefixedAttribute(e)) {
        const prefix = e.prefix;
        if (prefix === 'xml') return NO_DECLS;
        // Siblings share their bindings (the maps are never changed once made): remember the last answer.
        if (scope === this.lastScope && rendered === this.lastRendered && prefix === this.lastPrefix)
          return this.lastDecls;
        const uri = scope.get(prefix) ?? '';
        const shown = rendered.get(prefix) ?? '';
        const decls = uri === shown || (uri === '' && prefix !== '') ? NO_DECLS : [[prefix, uri] as const];
        this.lastScope = scope;
        this.lastRendered = rendered;
        this.lastPrefix = prefix;
        this.lastDecls = decls;
        return decls;
      }
      // Visibly utilised prefixes, then the InclusiveNamespaces PrefixList.
      const used = new Set<string>([e.prefix]);
      for (const a of e.attributes) if (a.prefix !== '' && a.prefix !== 'xml') used.add(a.prefix);
      for (const p of this.inclusivePrefixes) if (scope.has(p)) used.add(p);
      candidates = used;
    } else if (parentOutput) {
      // The parent rendered every binding it had in scope: only this element's own can differ.
      if (e.namespaces.length === 0) return [];
      candidates = e.namespaces.map((ns) => ns.prefix);
    } else {
      candidates = scope.keys();
    }
    const decls: [string, string][] = [];
    for (const prefix of candidates) {
      if (prefix === 'xml') continue;
      const uri = scope.get(prefix) ?? '';
      const shown = rendered.get(prefix) ?? '';
      // An empty default namespace is written (xmlns="") only to cancel one the output shows above.
      if (uri === shown || (uri === '' && prefix !== '')) continue;
      decls.push([prefix, uri]);
    }
    if (decls.length > 1) decls.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return decls;
  }

  /**
   * `e`'s attributes plus the xml:* attributes it inherits because its parent is not output: C14N 1.0
   * takes the nearest occurrence of every xml:* attribute on the ancestor axis; C14N 1.1 only xml:lang and
   * xml:space that way, never xml:id, and xml:base joined from the omitted ancestors (§2.4).
   */
  private withInheritedXmlAttributes(e: XmlElement): XmlAttribute[] {
    const attrs = [...e.attributes];
    const own = new Set(attrs.filter((a) => a.namespaceURI === XML_NAMESPACE).map((a) => a.localName));
    for (let p: XmlParent = e.parent; p.kind === 'element'; p = p.parent) {
      for (const a of p.attributes) {
        if (a.namespaceURI !== XML_NAMESPACE || own.has(a.localName)) continue;
        if (this.v11 && a.localName !== 'lang' && a.localName !== 'space') continue;
        own.add(a.localName);
        attrs.push(a);
      }
    }
    if (this.v11) {
      const bases: string[] = [];
      for (let p: XmlParent = e.parent; p.kind === 'element' && !this.output(p); p = p.parent) {
        const b = p.getAttribute('base', XML_NAMESPACE);
        if (b !== undefined) bases.push(b);
      }
      if (bases.length > 0) {
        const i = attrs.findIndex((a) => a.namespaceURI === XML_NAMESPACE && a.localName === 'base');
        let value = bases.reduceRight((acc, b) => joinXmlBase(acc, b));
        if (i >= 0) value = joinXmlBase(value, attrs[i]!.value);
        const base = {
          name: 'xml:base',
          prefix: 'xml',
          localName: 'base',
          namespaceURI: XML_NAMESPACE,
          value,
        };
        if (i >= 0) attrs[i] = base;
        else attrs.push(base);
      }
    }
    return attrs;
  }
}

/** Whether exclusive C14N declares `prefix` on an element that uses it, given what is in scope and what the
 * output above shows (the test `namespacesToRender` applies to each candidate). */
function mustDeclare(prefix: string, scope: Bindings, rendered: Bindings): boolean {
  if (prefix === 'xml') return false;
  const uri = scope.get(prefix) ?? '';
  const shown = rendered.get(prefix) ?? '';
  return !(uri === shown || (uri === '' && prefix !== ''));
}

/** The shared empty result of `namespacesToRender` (never written to). */
const NO_DECLS: readonly (readonly [string, string])[] = Object.freeze([]);

/** Whether an attribute of `e` has a prefix other than `xml` (one that exclusive c14n must render). */
function hasPrefixedAttribute(e: XmlElement): boolean {
  const attrs = e.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const p = attrs[i]!.prefix;
    if (p !== '' && p !== 'xml') return true;
  }
  return false;
}

/** The namespace bindings in scope at `p` (nothing for the document). */
function inScopeAt(p: XmlParent): Bindings {
  const chain: XmlElement[] = [];
  for (let e: XmlParent = p; e.kind === 'element'; e = e.parent) chain.push(e);
  const m = new Map<string, string>();
  for (let i = chain.length - 1; i >= 0; i--) for (const ns of chain[i]!.namespaces) m.set(ns.prefix, ns.uri);
  return m;
}

function toNodeSet(input: C14nInput): C14nNodeSet {
  return input instanceof XmlDocument || (input as XmlElement).kind === 'element'
    ? { apex: input as XmlDocument | XmlElement }
    : (input as C14nNodeSet);
}

/**
 * Canonicalises `input` with `algorithm` (a `C14N_ALGORITHMS` URI) and hands the UTF-8 result to `sink`
 * in chunks, so that a large document can be hashed as it is produced (with node:crypto's `Hash`, or any
 * incremental digest) without one big string or array.
 *
 * @example
 * ```ts
 * import { C14N_ALGORITHMS, canonicalizeTo, parseXml } from '@mutua/xades';
 * const doc = parseXml('<a   b="1"><c/></a>');
 * const chunks: Uint8Array[] = [];
 * canonicalizeTo(doc, C14N_ALGORITHMS.C14N_10, (chunk) => chunks.push(chunk));
 * new TextDecoder().decode(chunks[0]); // '<a b="1"><c></c></a>'
 * ```
 */
export function canonicalizeTo(
  input: C14nInput,
  algorithm: string,
  sink: (chunk: Uint8Array) => void,
  options: C14nOptions = {},
): void {
  const out = new Output(sink, options.chunkSize ?? 65536);
  new Canonicalizer(out, c14nVariant(algorithm), toNodeSet(input), options).run();
  out.flush();
}

/**
 * The canonical form of `input` as a string (the convenience behind `canonicalize`, handy in tests).
 *
 * @example
 * ```ts
 * import { C14N_ALGORITHMS, canonicalizeToString, parseXml } from '@mutua/xades';
 * const doc = parseXml('<r xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo Id="si"/></r>');
 * const signedInfo = doc.root.elements()[0]!;
 * canonicalizeToString(signedInfo, C14N_ALGORITHMS.EXC_C14N); // '<ds:SignedInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="si"></ds:SignedInfo>'
 * ```
 */
export function canonicalizeToString(input: C14nInput, algorithm: string, options: C14nOptions = {}): string {
  const out = new Output(undefined, Number.POSITIVE_INFINITY);
  new Canonicalizer(out, c14nVariant(algorithm), toNodeSet(input), options).run();
  return out.text;
}

/**
 * The canonical form of `input` as UTF-8 bytes: a document, an element's subtree, or a node-set such as
 * the enveloped-signature transform's (`{ apex: doc, exclude: [signature], comments: false }`).
 *
 * @example
 * ```ts
 * import { C14N_ALGORITHMS, canonicalize, parseXml } from '@mutua/xades';
 * const doc = parseXml('<doc><data>1</data><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/></doc>');
 * const signature = doc.root.elements('Signature', 'http://www.w3.org/2000/09/xmldsig#')[0]!;
 * const bytes = canonicalize({ apex: doc, exclude: [signature], comments: false }, C14N_ALGORITHMS.C14N_11);
 * new TextDecoder().decode(bytes); // '<doc><data>1</data></doc>'
 * ```
 */
export function canonicalize(input: C14nInput, algorithm: string, options: C14nOptions = {}): Uint8Array {
  return new TextEncoder().encode(canonicalizeToString(input, algorithm, options));
}
