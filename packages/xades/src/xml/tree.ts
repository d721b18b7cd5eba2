/**
 * The tree `parseXml` builds: small classes with parent links and a document-order number on every
 * node, so that canonicalisation, ID lookup and node-set membership never need a DOM. Treat it as
 * read-only (the types say so; it is not frozen at run time because freezing a million nodes costs
 * more than parsing them).
 */
import type { XmlEncoding } from './decode';

/**
 * The XML namespace, bound to the prefix `xml` in every document (xml:lang, xml:space, xml:base, xml:id).
 *
 * @example
 * ```ts
 * import { XML_NAMESPACE, parseXml } from '@mutua/xades';
 * parseXml('<Name xml:lang="pt">Brasil</Name>').root.getAttribute('lang', XML_NAMESPACE); // 'pt'
 * ```
 */
export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/** @internal The shared empty list of every element without attributes, declarations or children. */
export const NO_NODES: readonly never[] = Object.freeze([]);

/**
 * A node below the document: an element, text (CDATA sections merged in), a comment or a PI; `kind`
 * tells which.
 *
 * @example
 * ```ts
 * import { type XmlNode, parseXml } from '@mutua/xades';
 * const nodes: readonly XmlNode[] = parseXml('<a>t<!--c--><b/><?p?></a>').root.children;
 * nodes.map((n) => n.kind); // ['text', 'comment', 'element', 'pi']
 * ```
 */
export type XmlNode = XmlElement | XmlText | XmlComment | XmlProcessingInstruction;

/**
 * What can be the parent of a node: an element, or the document for the root and the comments and PIs
 * around it.
 *
 * @example
 * ```ts
 * import { type XmlParent, parseXml } from '@mutua/xades';
 * const parent: XmlParent = parseXml('<a/>').root.parent;
 * parent.kind; // 'document'
 * ```
 */
export type XmlParent = XmlElement | XmlDocument;

/**
 * An attribute of an element (namespace declarations are kept apart, in `XmlElement.namespaces`).
 * Its value is normalised as XML 1.0 §3.3.3 says for CDATA attributes (no DTD is read, so every
 * attribute is CDATA): literal tabs and line ends became spaces, character references were kept.
 *
 * @example
 * ```ts
 * import { parseXml } from '@mutua/xades';
 * const [attr] = parseXml('<a xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ds:Id="x&#9;y	z"/>').root.attributes;
 * attr?.localName; // 'Id'
 * attr?.namespaceURI; // 'http://www.w3.org/2000/09/xmldsig#'
 * attr?.value; // 'x\ty z'
 * ```
 */
export interface XmlAttribute {
  /** The qualified name as written (`ds:Algorithm`, `Id`). */
  readonly name: string;
  /** The prefix (`''` for none). */
  readonly prefix: string;
  /** The local name. */
  readonly localName: string;
  /** The namespace URI (`''` for an unprefixed attribute: attributes do not take the default namespace). */
  readonly namespaceURI: string;
  /** The normalised value. */
  readonly value: string;
}

/**
 * One namespace declaration written on an element: `xmlns:p="uri"`, or `xmlns="uri"` with prefix `''`.
 *
 * @example
 * ```ts
 * import { parseXml } from '@mutua/xades';
 * parseXml('<a xmlns="urn:d" xmlns:p="urn:p"/>').root.namespaces; // [{ prefix: '', uri: 'urn:d' }, { prefix: 'p', uri: 'urn:p' }]
 * ```
 */
export interface XmlNamespace {
  /** The declared prefix, `''` for the default namespace. */
  readonly prefix: string;
  /** The namespace URI; `''` undeclares the default namespace (`xmlns=""`). */
  readonly uri: string;
}

/** @internal An element's qualified name, prefix, local name and namespace URI. */
export interface ElementName {
  readonly name: string;
  readonly prefix: string;
  readonly localName: string;
  readonly namespaceURI: string;
}

/**
 * A parsed document: its children (the root element and any comments and processing instructions
 * around it; white space outside the root is not kept, as no canonical form includes it).
 *
 * @example
 * ```ts
 * import { parseXml } from '@mutua/xades';
 * const doc = parseXml('<?xml version="1.0" encoding="UTF-8"?><!-- tl --><TrustServiceStatusList/>');
 * doc.root.localName; // 'TrustServiceStatusList'
 * doc.children.length; // 2
 * doc.encoding; // 'UTF-8'
 * ```
 */
export class XmlDocument {
  /** Discriminates the document from the nodes below it. */
  readonly kind = 'document' as const;
  /** Always 0: the document comes first in document order. */
  readonly order = 0;
  /** The comments, processing instructions and the root element, in document order. */
  readonly children: readonly XmlNode[];
  /** The document element. */
  readonly root: XmlElement;
  /** The encoding the bytes were decoded from (`UTF-8` for string input). */
  readonly encoding: XmlEncoding;
  /** How many nodes the tree holds (elements, attributes, namespace declarations, texts, comments, PIs). */
  readonly nodeCount: number;
  /** @internal The text the tree was parsed from (undefined for a tree not parsed from one). */
  readonly source: string | undefined;
  /**
   * @internal Where each element ends in `source`, by `order`: at `2 * order` just past its start tag's
   * `>`, at `2 * order + 1` just past its end tag (or `/>`). Kept in a typed array, not on the elements,
   * so that the tree the garbage collector copies does not grow. Used by `c14n/verbatim.ts`.
   */
  readonly tagEnds: Int32Array | undefined;
  /** @internal What `c14n/verbatim.ts` learnt of this document (made on first use). */
  verbatim: unknown;
  /** @internal */
  constructor(
    children: readonly XmlNode[],
    root: XmlElement,
    encoding: XmlEncoding,
    nodeCount: number,
    source?: string,
    tagEnds?: Int32Array,
  ) {
    this.children = children;
    this.root = root;
    this.encoding = encoding;
    this.nodeCount = nodeCount;
    this.source = source;
    this.tagEnds = tagEnds;
    this.verbatim = undefined;
  }
}

/**
 * An element, with its namespace name, attributes, the namespace declarations written on it, its
 * children and its parent.
 *
 * @example
 * ```ts
 * import { parseXml } from '@mutua/xades';
 * const doc = parseXml('<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="s1"><ds:SignedInfo/></ds:Signature>');
 * const sig = doc.root;
 * sig.namespaceURI; // 'http://www.w3.org/2000/09/xmldsig#'
 * sig.getAttribute('Id'); // 's1'
 * sig.elements()[0]?.name; // 'ds:SignedInfo'
 * sig.elements()[0]?.lookupNamespaceURI('ds'); // 'http://www.w3.org/2000/09/xmldsig#'
 * ```
 */
export class XmlElement {
  /** Discriminates elements from the other nodes. */
  declare readonly kind: 'element';
  /** The parent element, or the document for the root. */
  readonly parent: XmlParent;
  /** Position in document order (the document is 0; attributes are not numbered). */
  readonly order: number;
  /** The `order` of the last node inside this element (its own `order` when it is empty): a node `n` is a
   * descendant exactly when `order < n.order && n.order <= lastOrder`. */
  readonly lastOrder: number;
  /** @internal The names, shared by the elements of a large document that have the same (see parse.ts). */
  readonly names: ElementName;
  /** The attributes other than namespace declarations, in source order. */
  readonly attributes: readonly XmlAttribute[];
  /** The namespace declarations written on this element, in source order. */
  readonly namespaces: readonly XmlNamespace[];
  /** The child nodes in document order. */
  readonly children: readonly XmlNode[];
  /** @internal */
  constructor(
    parent: XmlParent,
    order: number,
    names: ElementName,
    attributes: readonly XmlAttribute[],
    namespaces: readonly XmlNamespace[],
  ) {
    this.parent = parent;
    this.order = order;
    this.lastOrder = order;
    this.names = names;
    this.attributes = attributes;
    this.namespaces = namespaces;
    this.children = NO_NODES; // replaced by an array on the first child: most elements are leaves
  }

  /** The qualified name as written. */
  get name(): string {
    return this.names.name;
  }

  /** The prefix (`''` for none). */
  get prefix(): string {
    return this.names.prefix;
  }

  /** The local name. */
  get localName(): string {
    return this.names.localName;
  }

  /** The namespace URI (`''` for none). */
  get namespaceURI(): string {
    return this.names.namespaceURI;
  }

  /** The value of the attribute with this local name and namespace URI (`''`: unprefixed), if present. */
  getAttribute(localName: string, namespaceURI = ''): string | undefined {
    for (const a of this.attributes) {
      if (a.localName === localName && a.namespaceURI === namespaceURI) return a.value;
    }
    return undefined;
  }

  /** The child elements, optionally only those with this local name and namespace URI. */
  elements(localName?: string, namespaceURI?: string): XmlElement[] {
    const out: XmlElement[] = [];
    for (const c of this.children) {
      if (c.kind !== 'element') continue;
      if (localName !== undefined && c.localName !== localName) continue;
      if (namespaceURI !== undefined && c.namespaceURI !== namespaceURI) continue;
      out.push(c);
    }
    return out;
  }

  /** The namespace URI bound to `prefix` (`''`: the default namespace) here, or undefined if unbound. */
  lookupNamespaceURI(prefix: string): string | undefined {
    if (prefix === 'xml') return XML_NAMESPACE;
    for (let e: XmlParent = this; e.kind === 'element'; e = e.parent) {
      for (const ns of e.namespaces) if (ns.prefix === prefix) return ns.uri === '' ? undefined : ns.uri;
    }
    return undefined;
  }

  /** The concatenated text of every text node inside (comments and PIs excluded). */
  get textContent(): string {
    let s = '';
    const pending: XmlNode[] = [...this.children].reverse(); // no recursion: depth is caller-configurable
    for (let n = pending.pop(); n !== undefined; n = pending.pop()) {
      if (n.kind === 'text') s += n.value;
      else if (n.kind === 'element')
        for (let i = n.children.length - 1; i >= 0; i--) pending.push(n.children[i]!);
    }
    return s;
  }
}

/**
 * Character data: adjacent text and CDATA sections merged into one node, line ends normalised to `\n`
 * (XML 1.0 §2.11), entity and character references replaced.
 *
 * @example
 * ```ts
 * import { parseXml } from '@mutua/xades';
 * const text = parseXml('<a>x &amp; <![CDATA[<y>]]></a>').root.children[0];
 * text?.kind; // 'text'
 * text?.kind === 'text' && text.value; // 'x & <y>'
 * ```
 */
export class XmlText {
  /** Discriminates text from the other nodes. */
  declare readonly kind: 'text';
  /** @internal */
  constructor(
    /** The element holding the text. */
    readonly parent: XmlElement,
    /** Position in document order. */
    readonly order: number,
    /** The characters. */
    readonly value: string,
  ) {}
}

/**
 * A comment (`<!--value-->`).
 *
 * @example
 * ```ts
 * import { parseXml } from '@mutua/xades';
 * const c = parseXml('<a><!-- nota --></a>').root.children[0];
 * c?.kind === 'comment' && c.value; // ' nota '
 * ```
 */
export class XmlComment {
  /** Discriminates comments from the other nodes. */
  declare readonly kind: 'comment';
  /** @internal */
  constructor(
    /** The element or document holding the comment. */
    readonly parent: XmlParent,
    /** Position in document order. */
    readonly order: number,
    /** The text between `<!--` and `-->`. */
    readonly value: string,
  ) {}
}

/**
 * A processing instruction (`<?target data?>`). The XML declaration is not one.
 *
 * @example
 * ```ts
 * import { parseXml } from '@mutua/xades';
 * const pi = parseXml('<?xml-stylesheet href="tl.xsl"?><a/>').children[0];
 * pi?.kind === 'pi' && pi.target; // 'xml-stylesheet'
 * pi?.kind === 'pi' && pi.data; // 'href="tl.xsl"'
 * ```
 */
export class XmlProcessingInstruction {
  /** Discriminates processing instructions from the other nodes. */
  declare readonly kind: 'pi';
  /** @internal */
  constructor(
    /** The element or document holding the instruction. */
    readonly parent: XmlParent,
    /** Position in document order. */
    readonly order: number,
    /** The target name. */
    readonly target: string,
    /** The data after the target and its white space (`''` if none). */
    readonly data: string,
  ) {}
}

// `kind` lives on the prototypes of the node classes, not on each of the (hundreds of thousands of) nodes:
// a field less per node for the garbage collector to copy while a large document's tree is built.
for (const [node, kind] of [
  [XmlElement, 'element'],
  [XmlText, 'text'],
  [XmlComment, 'comment'],
  [XmlProcessingInstruction, 'pi'],
] as const) {
  Object.defineProperty(node.prototype, 'kind', { value: kind, enumerable: true });
}
