/**
 * Spans of the source that are already canonical XML.
 *
 * Most signed documents are written by a canonicaliser or by a serialiser that writes what canonical XML
 * writes: double-quoted attributes in canonical order, one space before each, no references, no CDATA,
 * no empty-element tags. For such an element, the canonical form of its subtree (below an output parent,
 * with no namespace declaration to add) is the text between its start tag's `<` and its end tag's `>`,
 * and copying that text is cheaper than writing the subtree again node by node. `verbatimSpan` proves,
 * one subtree at a time, that the text is that canonical form; a subtree it cannot prove is serialised as
 * usual, so the proof may be conservative but must never accept a span that differs.
 *
 * The proof uses where saxes reported each tag to end (`XmlDocument.tagEnds`) and the parsed names,
 * attributes and texts:
 *
 * - A start tag is canonical when it is exactly as long as its canonical form (`<`, name, for each
 *   attribute a space, name, `="`, value, `"`, then `>`), begins with `<` at that distance from its end,
 *   and has a space before each attribute name, a `"` after each `=` and each value's characters. Every
 *   other way to write the tag is longer (more white space, `/>`, references in values, CR LF) — and a tag
 *   has no `<` inside, so the `<` test then fails — or as long but different in a character tested (a tab
 *   or line end as separator, single quotes, a tab or line end in a value that the parser normalised to a
 *   space). Values cannot hold `&`, `<` or `"` without a reference, which the length excludes. The element
 *   must declare no namespace and have no prefixed attribute other than `xml:`, in canonical order.
 * - An end tag is canonical when `</` begins exactly `name.length + 3` before its end.
 * - A text is canonical when it fills exactly the gap between the tags around it (so no reference, CDATA
 *   section or CR LF was replaced: each makes the source longer), has no `>` (written `&gt;`), and equals
 *   the source — compared only when the document has a CR, NEL or LS at all, since reading one as LF is
 *   the only replacement that keeps the length. Comments and PIs are not proved.
 */
import type { XmlAttribute, XmlDocument, XmlElement } from '../xml/tree';

/** What is known of one document, kept on it: per element (by `order`) 0 when not yet examined, `NOT`
 * when its span is not its canonical form, else `PROVED` with a bit per prefix its subtree uses. */
interface Knowledge {
  readonly source: string;
  readonly tagEnds: Int32Array;
  readonly varies: boolean;
  readonly memo: Int32Array;
  /** The prefixes seen, by bit (at most `MAX_PREFIXES`; a subtree using another one is not proved). */
  readonly prefixes: string[];
}

const NOT = -1;
const PROVED = 1 << 30;
const MAX_PREFIXES = 30;

/** The source text and what has been proved of it, or undefined for a tree not parsed from text. */
export function verbatimKnowledge(doc: XmlDocument): Knowledge | undefined {
  if (doc.verbatim !== undefined) return doc.verbatim as Knowledge;
  const { source, tagEnds } = doc;
  if (source === undefined || tagEnds === undefined) return undefined;
  const knowledge: Knowledge = {
    source,
    tagEnds,
    varies: source.indexOf('\r') >= 0 || source.indexOf('\x85') >= 0 || source.indexOf('\u2028') >= 0,
    memo: new Int32Array(tagEnds.length >> 1),
    prefixes: [],
  };
  doc.verbatim = knowledge;
  return knowledge;
}

/** Where `e`'s start tag begins if it is written in canonical form (from its recorded end). */
export function canonicalStartTagStart(k: Knowledge, e: XmlElement): number {
  let length = 2 + e.name.length;
  const attrs = e.attributes;
  for (let i = 0; i < attrs.length; i++) length += 4 + attrs[i]!.name.length + attrs[i]!.value.length;
  return k.tagEnds[e.order * 2]! - length;
}

/** Where `e` ends in the source. */
export const sourceEnd = (k: Knowledge, e: XmlElement): number => k.tagEnds[e.order * 2 + 1]!;

// Code-unit order of (namespace URI, local name), as canonicalisation sorts attributes.
const ordered = (a: XmlAttribute, b: XmlAttribute): boolean =>
  a.namespaceURI < b.namespaceURI || (a.namespaceURI === b.namespaceURI && a.localName < b.localName);

/** Where `e`'s start tag begins if it is proved canonical (see the module notes), else -1. */
function canonicalStartTag(k: Knowledge, e: XmlElement): number {
  if (e.namespaces.length > 0) return -1;
  const attrs = e.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i]!;
    if ((a.prefix !== '' && a.prefix !== 'xml') || (i > 0 && !ordered(attrs[i - 1]!, a))) return -1;
  }
  const source = k.source;
  const start = canonicalStartTagStart(k, e);
  if (source.charCodeAt(start) !== 0x3c) return -1;
  let at = start + 1 + e.name.length;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i]!;
    if (source.charCodeAt(at) !== 0x20) return -1;
    at += a.name.length + 2; // the '=' is where the length leaves room for nothing else
    if (source.charCodeAt(at) !== 0x22 || !sourceHas(source, at + 1, a.value)) return -1;
    at += a.value.length + 2;
  }
  return start;
}

/** Whether the text `t` is written canonically in the source from `from` to `to` (see the module notes). */
function textFits(k: Knowledge, t: string, from: number, to: number): boolean {
  return to - from === t.length && t.indexOf('>') < 0 && (!k.varies || sourceHas(k.source, from, t));
}

/** Whether `source` has `s` at `at`. Short strings are compared in place; a longer one as a slice compared
 * with `===`, which V8 compares natively (`startsWith` reads character by character, and a slice of fewer
 * than 13 characters is a copy). */
function sourceHas(source: string, at: number, s: string): boolean {
  const n = s.length;
  if (n >= 24) return source.slice(at, at + n) === s;
  for (let i = 0; i < n; i++) if (source.charCodeAt(at + i) !== s.charCodeAt(i)) return false;
  return true;
}

/** The bit of `prefix`, 0 when there are too many prefixes to track. */
function prefixBit(k: Knowledge, prefix: string): number {
  const prefixes = k.prefixes;
  for (let i = 0; i < prefixes.length; i++) if (prefixes[i] === prefix) return 1 << i;
  if (prefixes.length >= MAX_PREFIXES) return 0;
  prefixes.push(prefix);
  return 1 << (prefixes.length - 1);
}

// The walk's stack (one walk runs at a time: it is synchronous and does not recurse), per open element:
// the element, its next child, the prefix bits so far (its cursor, when it resumes, is its child's end).
const elements: XmlElement[] = [];
const nexts: number[] = [];
const bits: number[] = [];

/**
 * `PROVED` with the prefix bits of `top`'s subtree if its source span is proved to be its canonical form
 * (as the child of an output parent, with nothing to declare), else `NOT`. The answer is kept for every
 * element the walk finishes, so that each element is examined once however often it is asked about.
 */
export function verbatimSpan(k: Knowledge, top: XmlElement): number {
  const memo = k.memo;
  const known = memo[top.order]!;
  if (known !== 0) return known;
  const bit = prefixBit(k, top.prefix);
  if (bit === 0 || canonicalStartTag(k, top) < 0) return (memo[top.order] = NOT);
  const { source, tagEnds } = k;
  let depth = 0;
  let e = top;
  let next = 0;
  let cursor = tagEnds[top.order * 2]!;
  let text: string | undefined;
  let used = PROVED | bit;
  try {
    for (;;) {
      const children = e.children;
      if (next < children.length) {
        const c = children[next++]!;
        if (c.kind === 'text') {
          text = c.value;
          continue;
        }
        if (c.kind !== 'element') return fail(memo, e, depth); // comments and PIs are not proved
        const done = memo[c.order]!;
        if (done === NOT) return fail(memo, e, depth);
        const cBit = done === 0 ? prefixBit(k, c.prefix) : 0;
        const start = done !== 0 ? canonicalStartTagStart(k, c) : cBit === 0 ? -1 : canonicalStartTag(k, c);
        if (start < 0) {
          memo[c.order] = NOT;
          return fail(memo, e, depth);
        }
        if (!(text === undefined ? start === cursor : textFits(k, text, cursor, start))) {
          return fail(memo, e, depth);
        }
        text = undefined;
        if (done !== 0) {
          cursor = tagEnds[c.order * 2 + 1]!;
          used |= done;
          continue;
        }
        elements[depth] = e;
        nexts[depth] = next;
        bits[depth] = used;
        depth++;
        e = c;
        next = 0;
        cursor = tagEnds[c.order * 2]!;
        used = PROVED | cBit;
        continue;
      }
      const end = tagEnds[e.order * 2 + 1]!;
      const endTag = end - e.name.length - 3;
      if (source.charCodeAt(endTag) !== 0x3c || source.charCodeAt(endTag + 1) !== 0x2f) {
        return fail(memo, e, depth);
      }
      if (!(text === undefined ? endTag === cursor : textFits(k, text, cursor, endTag))) {
        return fail(memo, e, depth);
      }
      memo[e.order] = used;
      if (depth === 0) return used;
      depth--;
      const inner = used;
      cursor = end;
      e = elements[depth]!;
      next = nexts[depth]!;
      text = undefined;
      used = bits[depth]! | inner;
    }
  } finally {
    elements.fill(undefined as unknown as XmlElement, 0, depth + 1); // let the tree go
  }
}

/** Marks the element being walked and every open ancestor up to the top as not verbatim. */
function fail(memo: Int32Array, e: XmlElement, depth: number): number {
  memo[e.order] = NOT;
  for (let i = 0; i < depth; i++) memo[elements[i]!.order] = NOT;
  return NOT;
}
