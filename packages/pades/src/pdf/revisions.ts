/**
 * Revisions (§7.5.6): each `startxref n %%EOF` marker ends one; the cross-reference chain from the last
 * marker through `/Prev` names the sections. Sections without a marker of their own (the main table of a
 * linearized file) belong to the newer revision that reaches them. Internal.
 */
import type { PdfProblem } from './errors';
import { PdfError } from './errors';
import { Lexer, indexOf, isWhite, lastIndexOf } from './lexer';
import type { PdfDict } from './objects';
import {
  type XrefEntry,
  type XrefReadContext,
  type XrefSection,
  looksLikeSection,
  readSection,
} from './xref';

/**
 * One revision of the document: the original or an incremental update, with its own cross-reference
 * entries and trailer, and where it ends in the file.
 *
 * @example
 * ```ts
 * import { appendRevision, createPdf, readPdf } from '@mutua/pades';
 * const v1 = await createPdf();
 * const pdf = await readPdf(await appendRevision(v1, { objects: { 4: '(added later)' } }));
 * pdf.revisions.map((r) => r.kind); // ['original', 'incremental']
 * pdf.revisions[0]?.end; // v1.length
 * ```
 */
export interface PdfRevision {
  /** 0 for the original document, then one per incremental update, oldest first. */
  readonly index: number;
  readonly kind: 'original' | 'incremental';
  /** Its sections, newest first (one, or two for a linearized original). */
  readonly sections: readonly XrefSection[];
  /** The entries this revision writes (its sections merged, newest section winning). */
  readonly entries: ReadonlyMap<number, XrefEntry>;
  /** The trailer of its newest section (for a cross-reference stream, the stream's dictionary). */
  readonly trailer: PdfDict;
  /** Where the revision starts: the end of the previous one (0 for the original). */
  readonly start: number;
  /** Offset just after its `%%EOF`. */
  readonly eofEnd: number;
  /** `eofEnd` plus the end-of-line after `%%EOF`, if any: where the next revision may begin. */
  readonly end: number;
}

interface Marker {
  /** Offset of `startxref`. */
  readonly at: number;
  readonly target: number;
  readonly eofEnd: number;
  readonly end: number;
  /** Set when `target` was wrong and the section was found by searching. */
  repairedTarget?: number;
}

/** Every `startxref n %%EOF` in the file, in file order. */
function findMarkers(bytes: Uint8Array): Marker[] {
  const out: Marker[] = [];
  for (let at = indexOf(bytes, 'startxref'); at >= 0; at = indexOf(bytes, 'startxref', at + 9)) {
    const lx = new Lexer(bytes, at + 9);
    let t: ReturnType<Lexer['next']>;
    try {
      t = lx.next();
    } catch {
      continue;
    }
    if (t.type !== 'int') continue;
    let p = t.end;
    while (p < bytes.length && isWhite(bytes[p])) p++;
    if (indexOf(bytes, '%%EOF', p, p + 5) !== p) continue;
    const eofEnd = p + 5;
    let end = eofEnd;
    if (bytes[end] === 0x0d) end++;
    if (bytes[end] === 0x0a) end++;
    out.push({ at, target: t.value, eofEnd, end });
  }
  return out;
}

export async function readRevisions(
  ctx: XrefReadContext,
  maxSections: number,
  report: (p: PdfProblem) => void,
): Promise<PdfRevision[]> {
  const { bytes } = ctx;
  const markers = findMarkers(bytes);
  const last = markers[markers.length - 1];
  if (!last) throw new PdfError('MALFORMED', 'no startxref … %%EOF: not a complete PDF');

  const markerFor = (at: number) =>
    markers.find((m) => m.target === at && m.at > at) ?? markers.find((m) => m.repairedTarget === at);
  // Walk the chain, newest first. A loop is an error, never a guess.
  const chain: { section: XrefSection; marker?: Marker }[] = [];
  const seen = new Set<number>();
  let offset: number | undefined = locate(bytes, last, markers, report);
  while (offset !== undefined) {
    if (seen.has(offset)) throw new PdfError('XREF_LOOP', `/Prev chain returns to byte ${offset}`);
    if (seen.size >= maxSections)
      throw new PdfError('TOO_MANY_REVISIONS', `more than ${maxSections} cross-reference sections`);
    seen.add(offset);
    const section = await readSection(ctx, offset);
    const at: number = offset;
    if (section.prev !== undefined && !looksLikeSection(bytes, section.prev)) {
      // A /Prev pointing nowhere (often 0): viewers rebuild the chain by scanning. We take the marker
      // just before this section, when there is one, and report it; otherwise the file is refused.
      const before = markers.filter((m) => m.end <= at && m.target !== at);
      const prior = before[before.length - 1];
      let target: number | undefined;
      try {
        target = prior ? locate(bytes, prior, markers, report) : undefined;
      } catch {
        target = undefined;
      }
      if (target === undefined)
        throw new PdfError('BROKEN_XREF', `/Prev ${section.prev} points to no cross-reference section`);
      report({
        code: 'PREV_REPAIRED',
        message: `/Prev ${section.prev} points to no cross-reference section; the one the previous startxref names (${target}) was used`,
        offset: at,
      });
      chain.push({ section: { ...section, prev: target }, marker: markerFor(at) });
      offset = target;
      continue;
    }
    chain.push({ section, marker: markerFor(at) });
    offset = section.prev;
  }

  // Group: a section with a marker starts a revision; one without joins the newer revision before it.
  const groups: { sections: XrefSection[]; marker: Marker }[] = [];
  for (const { section, marker } of chain) {
    if (marker && !groups.some((g) => g.marker === marker)) groups.push({ sections: [section], marker });
    else if (groups.length > 0) groups[groups.length - 1]!.sections.push(section);
    else groups.push({ sections: [section], marker: last });
  }
  groups.reverse();

  const revisions: PdfRevision[] = [];
  let start = 0;
  for (const [index, g] of groups.entries()) {
    const entries = new Map<number, XrefEntry>();
    for (const s of g.sections) for (const [n, e] of s.entries) if (!entries.has(n)) entries.set(n, e);
    if (g.marker.end < start)
      report({
        code: 'REVISION_ORDER',
        message: `revision ${index} ends before the previous one`,
        offset: g.marker.at,
      });
    revisions.push({
      index,
      kind: index === 0 ? 'original' : 'incremental',
      sections: g.sections,
      entries,
      trailer: g.sections[0]!.trailer,
      start,
      eofEnd: g.marker.eofEnd,
      end: g.marker.end,
    });
    start = g.marker.end;
  }

  // Markers no chain reaches: a revision a viewer may or may not show (a linearized file's dummy
  // `startxref 0` excepted).
  for (const m of markers)
    if (m.target !== 0 && !groups.some((g) => g.marker === m))
      report({
        code: 'UNREACHABLE_REVISION',
        message: `startxref ${m.target} is not on the /Prev chain`,
        offset: m.at,
      });
  let tail = last.end;
  while (tail < bytes.length && isWhite(bytes[tail])) tail++;
  if (tail < bytes.length)
    report({
      code: 'TRAILING_BYTES',
      message: `${bytes.length - last.end} bytes after the last %%EOF (not part of any revision)`,
      offset: last.end,
    });
  return revisions;
}

/**
 * The section a marker points to. When `startxref` is off (a classic repair every viewer makes), the
 * last `xref` keyword before the marker is used instead, and reported.
 */
function locate(
  bytes: Uint8Array,
  marker: Marker,
  markers: readonly Marker[],
  report: (p: PdfProblem) => void,
): number {
  if (looksLikeSection(bytes, marker.target)) return marker.target;
  const i = markers.indexOf(marker);
  const from = i > 0 ? markers[i - 1]!.end : 0;
  let found = lastIndexOf(bytes, 'xref', from, marker.at);
  // Skip the `xref` inside `startxref` and anything else that does not start a table.
  while (found >= 0 && !((found === 0 || isWhite(bytes[found - 1])) && looksLikeSection(bytes, found)))
    found = lastIndexOf(bytes, 'xref', from, found + 3);
  if (found >= 0) {
    report({
      code: 'STARTXREF_REPAIRED',
      message: `startxref ${marker.target} points to no cross-reference section; the table at byte ${found} was used`,
      offset: marker.at,
    });
    marker.repairedTarget = found;
    return found;
  }
  throw new PdfError('BROKEN_XREF', `startxref ${marker.target} points to no cross-reference section`);
}
