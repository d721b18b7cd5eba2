/**
 * Small readers over the @mutua/xades tree, by local name: TS 119 612 lists in the wild mix prefixes
 * (`tsl:`, `ns2:`, none) and a few (Peru's v3) keep older namespaces, so elements are matched by local
 * name under their parent, which the schema makes unambiguous. Internal: not exported by the package.
 */
import type { XmlElement } from '@mutua/xades';

/** `T` with its fields writable, for building model objects field by field. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The child elements named `localName`. */
export function kids(e: XmlElement | undefined, localName: string): XmlElement[] {
  if (!e) return [];
  const out: XmlElement[] = [];
  for (const c of e.children) if (c.kind === 'element' && c.localName === localName) out.push(c);
  return out;
}

/** The first child element named `localName`. */
export function kid(e: XmlElement | undefined, localName: string): XmlElement | undefined {
  if (!e) return undefined;
  for (const c of e.children) if (c.kind === 'element' && c.localName === localName) return c;
  return undefined;
}

/** Every child element. */
export function elementKids(e: XmlElement | undefined): XmlElement[] {
  if (!e) return [];
  const out: XmlElement[] = [];
  for (const c of e.children) if (c.kind === 'element') out.push(c);
  return out;
}

/** Trimmed text content, or undefined for an absent element. */
export function text(e: XmlElement | undefined): string | undefined {
  if (!e) return undefined;
  // Most TSL elements hold one text node: read it without textContent's walk (thousands per list).
  const children = e.children;
  if (children.length === 1) {
    const only = children[0]!;
    if (only.kind === 'text') return only.value.trim();
  } else if (children.length === 0) return '';
  return e.textContent.trim();
}

/** Trimmed text of the child named `localName`. */
export function kidText(e: XmlElement | undefined, localName: string): string | undefined {
  return text(kid(e, localName));
}

/** The `xml:lang` attribute. */
export function lang(e: XmlElement): string | undefined {
  return e.getAttribute('lang', 'http://www.w3.org/XML/1998/namespace');
}
