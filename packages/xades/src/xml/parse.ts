import { type SaxesAttributeNS, SaxesParser, type SaxesTagNS } from 'saxes';
import { attachDocumentIndex, indexElementIds, isSignature } from '../dsig/ids';
import { type XmlEncoding, decodeXml } from './decode';
import { XmlError } from './errors';
import {
  type ElementName,
  type XmlAttribute,
  XmlComment,
  XmlDocument,
  XmlElement,
  NO_NODES,
  type XmlNamespace,
  type XmlNode,
  type XmlParent,
  XmlProcessingInstruction,
  XmlText,
} from './tree';

/**
 * Upper bounds `parseXml` enforces while reading, so that hostile input costs bounded time and memory.
 * Unset fields keep their `DEFAULT_XML_LIMITS` value.
 *
 * @example
 * ```ts
 * import { XmlError, type XmlLimits, parseXml } from '@mutua/xades';
 * const limits: XmlLimits = { maxDepth: 2 };
 * let error: unknown;
 * try {
 *   parseXml('<a><b><c/></b></a>', limits);
 * } catch (e) {
 *   error = e;
 * }
 * (error as XmlError).code; // 'TOO_DEEP'
 * ```
 */
export interface XmlLimits {
  /** Largest input, in bytes (or UTF-16 code units for a string). Default 50 MiB. */
  readonly maxBytes?: number;
  /** Deepest element nesting. Default 256. */
  readonly maxDepth?: number;
  /** Most nodes: elements, attributes, namespace declarations, texts, comments, PIs. Default 1 000 000. */
  readonly maxNodes?: number;
  /** Most attributes (namespace declarations included) on one element. Default 256. */
  readonly maxAttributes?: number;
  /** Longest element, attribute or PI target name. Default 1024. */
  readonly maxNameLength?: number;
}

/**
 * The limits `parseXml` uses when none are given.
 *
 * @example
 * ```ts
 * import { DEFAULT_XML_LIMITS } from '@mutua/xades';
 * DEFAULT_XML_LIMITS.maxDepth; // 256
 * ```
 */
export const DEFAULT_XML_LIMITS: Required<XmlLimits> = Object.freeze({
  maxBytes: 50 * 1024 * 1024,
  maxDepth: 256,
  maxNodes: 1_000_000,
  maxAttributes: 256,
  maxNameLength: 1024,
});

const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/**
 * Parses an XML document (bytes in UTF-8, UTF-16 with BOM, ISO-8859-1, windows-1252 or US-ASCII as the
 * declaration says; or a string) into an `XmlDocument`, with saxes (see docs/decisions/0004) as the
 * well-formedness checker and namespace resolver.
 *
 * Security: any DOCTYPE is refused (`DOCTYPE_FORBIDDEN`), so no entity is ever declared, expanded or
 * fetched and no DTD is read; only the five predefined entities and character references exist, and any
 * other reference is `MALFORMED`. Nothing is fetched (no schemas, no XInclude). `limits` bound the size,
 * depth, node count, attributes per element and name length; breaking one ends in an `XmlError` with code
 * `TOO_LARGE`, `TOO_DEEP`, `TOO_MANY_NODES`, `TOO_MANY_ATTRIBUTES` or `NAME_TOO_LONG`.
 *
 * @example
 * ```ts
 * import { parseXml } from '@mutua/xades';
 * const latin1 = new Uint8Array([
 *   ...new TextEncoder().encode('<?xml version="1.0" encoding="ISO-8859-1"?><DTE>Raz'),
 *   0xf3, // ó in ISO-8859-1
 *   ...new TextEncoder().encode('n social</DTE>'),
 * ]);
 * const doc = parseXml(latin1);
 * doc.encoding; // 'ISO-8859-1'
 * doc.root.textContent; // 'Razón social'
 * ```
 */
export function parseXml(input: Uint8Array | string, limits: XmlLimits = {}): XmlDocument {
  const max = { ...DEFAULT_XML_LIMITS, ...limits };
  if (input.length > max.maxBytes) {
    throw new XmlError('TOO_LARGE', `the XML is ${input.length} bytes long, over the ${max.maxBytes} limit`);
  }
  let text: string;
  let encoding: XmlEncoding = 'UTF-8';
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    // saxes reads any high surrogate as the first half of a pair without looking at the next unit, so an
    // unpaired one would hide the `&`, `<`, `"` or line end after it (and both would be encoded as U+FFFD):
    // text that is not well-formed UTF-16 is no XML. Decoded bytes always are (the decoders are fatal).
    if (!isWellFormed(text)) throw new XmlError('MALFORMED', 'the text has an unpaired surrogate');
  } else {
    ({ text, encoding } = decodeXml(input));
  }
  return new TreeBuilder(max).build(text, encoding);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** `String.prototype.isWellFormed` (ES2024: Node.js 20, browsers since 2023), or the same test by regex. */
const isWellFormed = (s: string): boolean => {
  const native = (s as { isWellFormed?: () => boolean }).isWellFormed;
  return native !== undefined ? native.call(s) : !LONE_SURROGATE.test(s);
};

const NAME_SLOTS = 512;
/** The slot of `name` in the direct-mapped name tables (never empty: XML names have a character). */
const nameSlot = (name: string): number => {
  const n = name.length;
  return (n * 31 + name.charCodeAt(n - 1) * 7 + name.charCodeAt(n >> 1)) & (NAME_SLOTS - 1);
};
const MAX_INDENT = 256;
/** Documents at least this long (in UTF-16 units) share their name and indentation strings. */
const INTERN_FROM = 64 * 1024;

/** The three name strings of a qualified name, shared by every element and attribute that has it. */
interface QName {
  readonly name: string;
  readonly prefix: string;
  readonly local: string;
}

// The string tables of the parse under way (one at a time, like `active` below), emptied when it ends.
const NAMES: (QName | undefined)[] = new Array(NAME_SLOTS).fill(undefined);
const ELEMENT_NAMES: (ElementName | undefined)[] = new Array(NAME_SLOTS).fill(undefined);
const SPACES: (string | undefined)[] = new Array(MAX_INDENT + 1).fill(undefined);
const TABS: (string | undefined)[] = new Array(MAX_INDENT + 1).fill(undefined);

/**
 * Turns saxes events into the tree, checking the limits as it goes.
 *
 * The tree outlives the parse, so whatever it holds is copied by the young-generation garbage collector
 * and promoted: the builder keeps that small. Child, attribute and declaration lists are gathered on
 * shared stacks and copied into arrays of their exact length when complete (arrays grown by `push`
 * carry up to 16 empty slots each), the strings of qualified names are shared through one table per
 * parse instead of three new strings per element, and so are repeated indentations.
 */
class TreeBuilder {
  private readonly limits: Required<XmlLimits>;
  private readonly top: XmlNode[] = [];
  private root: XmlElement | undefined;
  private current: XmlParent | undefined;
  private depth = 0;
  private order = 0;
  private nodes = 0;
  private pending = '';
  private doc: XmlDocument | undefined;
  /** The children of every open element, each element's after its parent's: `[starts[d], size)`. */
  private readonly stack: XmlNode[] = [];
  private size = 0;
  private readonly starts: number[] = [];
  /** Scratch lists for one start tag. */
  private readonly attributes: XmlAttribute[] = [];
  private readonly namespaces: XmlNamespace[] = [];
  private readonly names = NAMES;
  private readonly elementNames = ELEMENT_NAMES;
  private readonly spaces = SPACES;
  private readonly tabs = TABS;
  /** The document index (`documentIndex` of dsig/ids) made as the elements open, in document order,
   * so that verifying or finding signatures needs no second walk of the tree. */
  private readonly ids = new Map<string, XmlElement>();
  private readonly signatures: XmlElement[] = [];
  private duplicate: string | undefined;
  /** Where each element's tags end (see `XmlDocument.tagEnds`), from saxes's `position` in the handlers:
   * just past the `>` (the text is written as one chunk). */
  private parser: SaxesParser | undefined;
  private tagEnds = new Int32Array(0);
  /** The attributes of the start tag being reported, from saxes's `processAttribsNS`. */
  attribList: readonly SaxesAttributeNS[] | undefined;
  /** Whether to share name and indentation strings: worth it when the tree is large enough for the
   * garbage collector to copy much of it, not for a small document (most are verified and dropped). */
  private intern = false;

  constructor(limits: Required<XmlLimits>) {
    this.limits = limits;
  }

  build(text: string, encoding: XmlEncoding): XmlDocument {
    this.intern = text.length >= INTERN_FROM;
    const doc = new XmlDocument(this.top, undefined as unknown as XmlElement, encoding, 0, text);
    this.current = doc;
    this.doc = doc;
    // `position` gives line:column in messages at a small cost.
    const p = new TreeParser({ xmlns: true, position: true });
    this.parser = p;
    this.tagEnds = new Int32Array(Math.max(64, text.length >> 5));
    active = this;
    try {
      p.write(text).close();
    } catch (e) {
      if (e instanceof XmlError) throw e;
      throw new XmlError('MALFORMED', `malformed XML: ${(e as Error).message}`, { cause: e });
    } finally {
      active = undefined;
      // The tables hold strings of this document (slices of its text): let them go with it.
      if (this.intern) {
        NAMES.fill(undefined);
        ELEMENT_NAMES.fill(undefined);
        SPACES.fill(undefined);
        TABS.fill(undefined);
      }
    }
    if (!this.root) throw new XmlError('MALFORMED', 'no root element');
    const mutable = doc as { root: XmlElement; nodeCount: number; tagEnds: Int32Array };
    mutable.root = this.root;
    mutable.nodeCount = this.nodes;
    mutable.tagEnds = this.tagEnds;
    attachDocumentIndex(doc, { ids: this.ids, duplicate: this.duplicate, signatures: this.signatures });
    return doc;
  }

  text(t: string): void {
    if (this.current !== this.doc) this.pending += t; // white space outside the root is dropped
  }

  cdata(t: string): void {
    this.pending += t;
  }

  comment(c: string): void {
    this.flush();
    this.add(new XmlComment(this.current!, ++this.order, c));
  }

  pi(target: string, data: string): void {
    this.flush();
    this.name(target);
    this.add(new XmlProcessingInstruction(this.current!, ++this.order, target, data));
  }

  private count(n: number): void {
    if ((this.nodes += n) > this.limits.maxNodes) {
      throw new XmlError('TOO_MANY_NODES', `more than ${this.limits.maxNodes} nodes`);
    }
  }

  private name(name: string): void {
    if (name.length > this.limits.maxNameLength) {
      throw new XmlError('NAME_TOO_LONG', `a name is longer than ${this.limits.maxNameLength} characters`);
    }
  }

  /** The shared strings of a qualified name (`prefix` and `local` as saxes split it). A direct-mapped
   * table: one string comparison per tag instead of hashing each new name string. */
  private qname(name: string, prefix: string, local: string): QName {
    if (!this.intern) return { name, prefix, local };
    const slot = nameSlot(name);
    const q = this.names[slot];
    if (q !== undefined && q.name === name) return q;
    return (this.names[slot] = { name, prefix, local });
  }

  /** The names of an element (as `qname`, with the namespace URI), one object shared by the elements that
   * have them: an element holds one reference instead of four strings. */
  private elementName(name: string, prefix: string, localName: string, namespaceURI: string): ElementName {
    if (!this.intern) return { name, prefix, localName, namespaceURI };
    const slot = nameSlot(name);
    const q = this.elementNames[slot];
    if (q !== undefined && q.name === name && q.namespaceURI === namespaceURI) return q;
    return (this.elementNames[slot] = { name, prefix, localName, namespaceURI });
  }

  /** `t`, or the same indentation met before when `t` is a line end and spaces (or tabs): pretty-printed
   * documents repeat a few of them on every line. */
  private blank(t: string): string {
    const n = t.length;
    if (!this.intern || n < 2 || n > MAX_INDENT || t.charCodeAt(0) !== 0x0a) return t;
    const c = t.charCodeAt(1);
    if (c !== 0x20 && c !== 0x09) return t;
    const cache = c === 0x20 ? this.spaces : this.tabs;
    // Once an indentation of this length is known, one native string comparison tells whether `t` is it
    // (a character loop in JavaScript cost more than the rest of the text handling).
    const known = cache[n];
    if (known !== undefined) return t === known ? known : t;
    for (let i = 2; i < n; i++) if (t.charCodeAt(i) !== c) return t;
    return (cache[n] = t);
  }

  private add(node: XmlNode): void {
    this.count(1);
    if (this.current!.kind === 'document') this.top.push(node);
    else this.stack[this.size++] = node;
  }

  private flush(): void {
    if (this.pending === '') return;
    const parent = this.current!;
    if (parent.kind === 'element') this.add(new XmlText(parent, ++this.order, this.blank(this.pending)));
    this.pending = '';
  }

  open(tag: SaxesTagNS): void {
    this.flush();
    if (++this.depth > this.limits.maxDepth) {
      throw new XmlError('TOO_DEEP', `elements nest deeper than ${this.limits.maxDepth}`);
    }
    this.name(tag.name);
    // Most elements have no namespace declaration and many no attribute.
    const attributes = this.attributes;
    const namespaces = this.namespaces;
    let nAttributes = 0;
    let nNamespaces = 0;
    let n = 0;
    // The attributes in source order as saxes listed them (see `processAttribsNS` below): the same
    // objects as `tag.attributes` holds, without enumerating that null-prototype object, a dictionary
    // that V8 enumerates slowly (the enumeration cost more than the rest of this method, even empty).
    const list = this.attribList;
    this.attribList = undefined;
    const all = list ?? Object.values(tag.attributes);
    for (let i = 0; i < all.length; i++) {
      const a = all[i]!;
      if (++n > this.limits.maxAttributes) {
        throw new XmlError(
          'TOO_MANY_ATTRIBUTES',
          `an element has more than ${this.limits.maxAttributes} attributes`,
        );
      }
      this.name(a.name);
      if (a.uri === XMLNS_NAMESPACE) {
        namespaces[nNamespaces++] = { prefix: a.prefix === '' ? '' : a.local, uri: a.value };
      } else {
        const q = this.qname(a.name, a.prefix, a.local);
        attributes[nAttributes++] = {
          name: q.name,
          prefix: q.prefix,
          localName: q.local,
          namespaceURI: a.uri,
          value: a.value,
        };
      }
    }
    const el = new XmlElement(
      this.current!,
      ++this.order,
      this.elementName(tag.name, tag.prefix, tag.local, tag.uri),
      nAttributes === 0 ? NO_NODES : nAttributes === 1 ? [attributes[0]!] : attributes.slice(0, nAttributes),
      nNamespaces === 0 ? NO_NODES : nNamespaces === 1 ? [namespaces[0]!] : namespaces.slice(0, nNamespaces),
    );
    this.add(el);
    this.count(n);
    const at = el.order * 2;
    if (at + 1 >= this.tagEnds.length) {
      const grown = new Int32Array(Math.max(this.tagEnds.length * 2, at + 2));
      grown.set(this.tagEnds);
      this.tagEnds = grown;
    }
    this.tagEnds[at] = this.parser!.position;
    if (isSignature(el)) this.signatures.push(el);
    if (nAttributes > 0 && this.duplicate === undefined) this.duplicate = indexElementIds(this.ids, el);
    if (this.current!.kind === 'document') this.root = el;
    this.current = el;
    this.starts.push(this.size);
  }

  close(): void {
    this.flush();
    const el = this.current as XmlElement;
    const start = this.starts.pop()!;
    const n = this.size - start;
    if (n > 0) {
      // Array literals for the usual one to three children (faster to make than a slice).
      const s = this.stack;
      (el as { children: readonly XmlNode[] }).children =
        n === 1
          ? [s[start]!]
          : n === 2
            ? [s[start]!, s[start + 1]!]
            : n === 3
              ? [s[start]!, s[start + 1]!, s[start + 2]!]
              : s.slice(start, this.size);
      this.size = start;
    }
    (el as { lastOrder: number }).lastOrder = this.order;
    this.tagEnds[el.order * 2 + 1] = this.parser!.position;
    this.current = el.parent;
    this.depth--;
  }
}

/** The builder of the parse under way: saxes calls some handlers without `this`, and a parse runs to
 * its end synchronously, so one slot is enough (it is cleared when the parse ends, even by an error). */
let active: TreeBuilder | undefined;

/**
 * saxes with its event handlers as prototype methods. Registering eight handlers with `on()` adds eight
 * own properties to the parser after construction, and V8 then runs the whole parse about five times
 * slower (50 ms against 280 ms for 5 MB, measured with Node.js 20); methods on the prototype keep the
 * parser's shape as the constructor left it.
 */
class TreeParser extends SaxesParser<{ xmlns: true; position: true }> {}
Object.assign(TreeParser.prototype, {
  errorHandler(e: Error): void {
    throw new XmlError('MALFORMED', `malformed XML: ${e.message}`);
  },
  doctypeHandler(): void {
    throw new XmlError(
      'DOCTYPE_FORBIDDEN',
      'a DOCTYPE is not allowed (no DTD, entity or external subset is read)',
    );
  },
  textHandler: (t: string) => active!.text(t),
  cdataHandler: (t: string) => active!.cdata(t),
  commentHandler: (c: string) => active!.comment(c),
  piHandler: (pi: { target: string; body: string }) => active!.pi(pi.target, pi.body),
  openTagHandler: (tag: SaxesTagNS) => active!.open(tag),
  // saxes 6.0.0 (pinned) gathers a start tag's attributes in `attribList`, in source order, resolves
  // their namespaces here (failing on duplicates, which ends the parse) and files each in the tag's
  // `attributes` object: hand the same list to the builder. Should saxes stop calling this, the
  // builder reads `attributes` instead (`attribList` stays undefined).
  processAttribsNS(this: { attribList: SaxesAttributeNS[] }): void {
    const list = this.attribList;
    (SaxesParser.prototype as unknown as { processAttribsNS(): void }).processAttribsNS.call(this);
    active!.attribList = list;
  },
  closeTagHandler: () => active!.close(),
});
