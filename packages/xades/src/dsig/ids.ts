import { XmlError } from '../xml/errors';
import { XML_NAMESPACE, type XmlDocument, type XmlElement } from '../xml/tree';
import { WSU_NS } from './uris';
import { elementsOf } from './walk';

/** Whether an attribute is an ID by Mutua's one definition (no DTD or schema is ever read). */
function isIdAttribute(localName: string, namespaceURI: string): boolean {
  if (namespaceURI === '') return localName === 'Id' || localName === 'ID' || localName === 'id';
  return (
    (namespaceURI === XML_NAMESPACE && localName === 'id') || (namespaceURI === WSU_NS && localName === 'Id')
  );
}

/**
 * Indexes the elements of a document by ID, with one ID-attribute definition for the whole SDK:
 * unqualified `Id`, `ID` and `id`, `xml:id`, and `wsu:Id` (OASIS WS-Security utility). A value carried
 * by two different elements makes the document ambiguous — a Reference could resolve to one and the
 * application read the other (signature wrapping) — so it is refused with `XmlError` `DUPLICATE_ID`
 * rather than resolved to the first or the last.
 *
 * @example
 * ```ts
 * import { XmlError, indexIds, parseXml } from '@mutua/xades';
 * const ids = indexIds(parseXml('<r><a Id="x"/><b xml:id="y"/></r>'));
 * ids.get('x')?.localName; // 'a'
 * [...ids.keys()]; // ['x', 'y']
 * let code: string | undefined;
 * try {
 *   indexIds(parseXml('<r><a Id="x"/><b ID="x"/></r>'));
 * } catch (e) {
 *   if (e instanceof XmlError) code = e.code;
 * }
 * code; // 'DUPLICATE_ID'
 * ```
 */
export function indexIds(doc: XmlDocument): Map<string, XmlElement> {
  const ids = new Map<string, XmlElement>();
  for (const e of elementsOf(doc.root)) {
    for (const a of e.attributes) {
      if (!isIdAttribute(a.localName, a.namespaceURI)) continue;
      const seen = ids.get(a.value);
      // The same value twice on one element (Id and ID) designates one element: not ambiguous.
      if (seen !== undefined && seen !== e) {
        throw new XmlError(
          'DUPLICATE_ID',
          `the ID "${a.value}" is carried by <${seen.name}> and <${e.name}>: references to it are ambiguous`,
        );
      }
      ids.set(a.value, e);
    }
  }
  return ids;
}
