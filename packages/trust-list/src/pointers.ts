import type { OtherTSLPointer, TrustedList } from './model';
import { TSL_URIS } from './namespaces';

/**
 * Which pointers of PointersToOtherTSL to follow: by TSLType and MIME type (as DSS's default
 * predicates: the XML form only).
 *
 * @example
 * ```ts
 * import type { PointerFilter } from '@mutua/trust-list';
 * const thirdCountry: PointerFilter = { tslType: 'http://uri.etsi.org/TrstSvc/TrustedList/TSLType/ZZlist' };
 * thirdCountry.tslType?.endsWith('ZZlist'); // true
 * ```
 */
export interface PointerFilter {
  /** TSLType of the pointed lists (default: EUgeneric for TLs, EUlistofthelists for the LOTL). */
  readonly tslType?: string;
  /** MimeType (default the XML one; `null` accepts any). */
  readonly mimeType?: string | null;
}

function select(list: TrustedList, tslType: string, mimeType: string | null): OtherTSLPointer[] {
  return list.schemeInformation.pointersToOtherTSL.filter(
    (p) => p.tslType === tslType && (mimeType === null || p.mimeType === mimeType),
  );
}

/**
 * The pointers to national trusted lists (default: EU member states' lists, XML form).
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList, trustedListPointers } from '@mutua/trust-list';
 * const lotl = parseTrustedList(buildTrustedList({
 *   territory: 'EU',
 *   pointers: [
 *     { location: 'https://tl.example/es.xml', territory: 'ES', certificates: [caDer] },
 *     { location: 'https://tl.example/es.pdf', territory: 'ES', certificates: [caDer], mimeType: 'application/pdf' },
 *   ],
 * }));
 * trustedListPointers(lotl).map((p) => p.tslLocation); // ['https://tl.example/es.xml']
 * ```
 */
export function trustedListPointers(list: TrustedList, filter: PointerFilter = {}): OtherTSLPointer[] {
  return select(
    list,
    filter.tslType ?? TSL_URIS.EU_GENERIC,
    filter.mimeType === undefined ? TSL_URIS.XML_MIME_TYPE : filter.mimeType,
  );
}

/**
 * The pointers to a list of trusted lists (default: the EU LOTL, XML form). In the LOTL itself this is
 * its self-pointer, whose certificates are the ones that may sign the next LOTL; a national list points
 * back to the LOTL the same way.
 *
 * @example
 * ```ts
 * import { buildTrustedList, listOfTrustedListsPointers, parseTrustedList, TSL_URIS } from '@mutua/trust-list';
 * const lotl = parseTrustedList(buildTrustedList({
 *   territory: 'EU',
 *   pointers: [{ location: 'https://tl.example/lotl.xml', territory: 'EU', type: TSL_URIS.EU_LIST_OF_THE_LISTS, certificates: [caDer] }],
 * }));
 * listOfTrustedListsPointers(lotl)[0]?.certificates.length; // 1
 * ```
 */
export function listOfTrustedListsPointers(list: TrustedList, filter: PointerFilter = {}): OtherTSLPointer[] {
  return select(
    list,
    filter.tslType ?? TSL_URIS.EU_LIST_OF_THE_LISTS,
    filter.mimeType === undefined ? TSL_URIS.XML_MIME_TYPE : filter.mimeType,
  );
}

/**
 * The pivot LOTL URLs a LOTL announces, newest first as written: its SchemeInformationURI values that
 * name an XML file (the EU LOTL lists its pivots there, the newest first and often itself among them).
 * With `officialJournalUrl`, only those written before that Official Journal URL are pivots of the
 * current OJ publication: later ones belong to an earlier publication whose certificates the caller no
 * longer starts from (TS 119 615 §4.2 / the EU's LOTL signing-certificate announcements).
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList, pivotUrls } from '@mutua/trust-list';
 * const lotl = parseTrustedList(buildTrustedList({
 *   territory: 'EU',
 *   schemeInformationUris: ['https://lotl.example/pivot-2.xml', 'https://oj.example/2', 'https://lotl.example/pivot-1.xml', 'https://lotl.example/about.html'],
 * }));
 * pivotUrls(lotl); // ['https://lotl.example/pivot-2.xml', 'https://lotl.example/pivot-1.xml']
 * pivotUrls(lotl, 'https://oj.example/2'); // ['https://lotl.example/pivot-2.xml']
 * ```
 */
export function pivotUrls(list: TrustedList, officialJournalUrl?: string): string[] {
  const out: string[] = [];
  for (const { value } of list.schemeInformation.schemeInformationUri) {
    if (officialJournalUrl !== undefined && value === officialJournalUrl) break;
    if (/\.xml$/i.test(value.split(/[?#]/)[0] ?? '')) out.push(value);
  }
  return out;
}
