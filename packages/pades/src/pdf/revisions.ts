/**
 * Revisions (§7.5.6): each `startxref n %%EOF` marker ends one; the cross-reference chain from the last
 * marker through `/Prev` names the sections. Sections without a marker of their own (the main table of a
 * linearized file) belong to the newer revision that reaches them. Internal.
 */
import type { PdfProblem } from './errors';
import { PdfError } from './errors';
import { Lexer, indexOf, isWhite, lastIndexOf } from './lexer';
import type { PdfDict } from './objects';
import { streamDataAt } from './parser';
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

/** The `startxref n %%EOF` whose `startxref` is at `at`, if it is one. */
function markerAt(bytes: Uint8Array, at: number): Marker | undefined {
  const lx = new Lexer(bytes, at + 9);
  let t: ReturnType<Lexer['next']>;
  try {
    t = lx.next();
  } catch {
    return undefined;
  }
  if (t.type !== 'int') return undefined;
  let p = t.end;
  while (p < bytes.length && isWhite(bytes[p])) p++;
  if (indexOf(bytes, '%%EOF', p, p + 5) !== p) return undefined;
  const eofEnd = p + 5;
  let end = eofEnd;
  if (bytes[end] === 0x0d) end++;
  if (bytes[end] === 0x0a) end++;
  return { at, target: t.value, eofEnd, end };
}

/**
 * The file's `startxref n %%EOF` markers, searched for only where a question needs them and never twice:
 * the last one backwards from the end, a section's own forwards from the section, every one when a repair
 * needs them. The answers are those of a search of the whole file, which would cost as much as hashing
 * it: the bulk of a signed file is stream data that no question about its revisions needs to read (only
 * the search for unreachable revisions is wider, and it leaves out the data of large streams).
 */
class MarkerIndex {
  /** Markers found so far, in file order. */
  private readonly found: Marker[] = [];
  /** Disjoint `[from, to)` spans, in order, where every `startxref` beginning there has been examined. */
  private readonly searched: [number, number][] = [];

  constructor(private readonly bytes: Uint8Array) {}

  /** Examines every `startxref` that begins in `[from, to)` and was not examined yet. */
  search(from: number, to: number): void {
    const start = Math.max(0, from);
    const stop = Math.min(this.bytes.length, to);
    if (start >= stop) return;
    let p = start;
    for (const [a, b] of this.searched) {
      if (b <= p) continue;
      if (a >= stop) break;
      if (a > p) this.examine(p, a);
      p = Math.max(p, b);
      if (p >= stop) break;
    }
    if (p < stop) this.examine(p, stop);
    this.remember(start, stop);
  }

  /** The markers found so far (every one, once `all` has run), in file order. */
  known(): readonly Marker[] {
    return this.found;
  }

  /** Every marker of the file, in file order. */
  all(): readonly Marker[] {
    this.search(0, this.bytes.length);
    return this.found;
  }

  /** The last marker of the file, searched for backwards from its end. */
  last(): Marker | undefined {
    for (let to = this.bytes.length, span = 1024; to > 0; span *= 2) {
      const from = Math.max(0, to - span);
      this.search(from, to);
      const i = this.lowerBound(to) - 1;
      if (i >= 0 && this.found[i]!.at >= from) return this.found[i];
      to = from;
    }
    return undefined;
  }

  /** The first marker beginning at or after `from` that `accept` takes, searched for forwards. */
  firstFrom(from: number, accept: (m: Marker) => boolean): Marker | undefined {
    for (let p = Math.max(0, from), span = 4096; p < this.bytes.length; span *= 2) {
      const to = Math.min(this.bytes.length, p + span);
      this.search(p, to);
      for (let i = this.lowerBound(p); i < this.found.length && this.found[i]!.at < to; i++)
        if (accept(this.found[i]!)) return this.found[i];
      p = to;
    }
    return undefined;
  }

  /** Searches the whole file but the given spans (sorted by start, possibly overlapping). */
  searchOutside(spans: readonly (readonly [number, number])[]): void {
    let p = 0;
    for (const [a, b] of spans) {
      if (a > p) this.search(p, a);
      p = Math.max(p, b);
    }
    this.search(p, this.bytes.length);
  }

  private examine(from: number, to: number): void {
    const { bytes } = this;
    // A `startxref` beginning before `to` may end after it.
    const end = Math.min(bytes.length, to + 8);
    for (
      let at = indexOf(bytes, 'startxref', from, end);
      at >= 0;
      at = indexOf(bytes, 'startxref', at + 9, end)
    ) {
      const m = markerAt(bytes, at);
      if (m) this.found.splice(this.lowerBound(at), 0, m);
    }
  }

  private remember(from: number, to: number): void {
    const s = this.searched;
    let i = 0;
    while (i < s.length && s[i]![1] < from) i++;
    let j = i;
    let a = from;
    let b = to;
    while (j < s.length && s[j]![0] <= b) {
      a = Math.min(a, s[j]![0]);
      b = Math.max(b, s[j]![1]);
      j++;
    }
    s.splice(i, j - i, [a, b]);
  }

  /** The index of the first marker at or after `at`. */
  private lowerBound(at: number): number {
    let lo = 0;
    let hi = this.found.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.found[mid]!.at < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export async function readRevisions(
  ctx: XrefReadContext,
  maxSections: number,
  report: (p: PdfProblem) => void,
): Promise<PdfRevision[]> {
  const { bytes } = ctx;
  const markers = new MarkerIndex(bytes);
  const last = markers.last();
  if (!last) throw new PdfError('MALFORMED', 'no startxref … %%EOF: not a complete PDF');

  // The first marker after the section that names it; a repaired marker only ever comes from a search of
  // the whole file (`locate`), so the markers known by then include it.
  const markerFor = (at: number) =>
    markers.firstFrom(at + 1, (m) => m.target === at) ?? markers.known().find((m) => m.repairedTarget === at);
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
      const before = markers.all().filter((m) => m.end <= at && m.target !== at);
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
  const grouped = new Set<Marker>();
  for (const { section, marker } of chain) {
    if (marker && !grouped.has(marker)) groups.push({ sections: [section], marker });
    else if (groups.length > 0) groups[groups.length - 1]!.sections.push(section);
    else groups.push({ sections: [section], marker: last });
    grouped.add(groups[groups.length - 1]!.marker);
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
  // `startxref 0` excepted). Searched for everywhere but in the data of large streams, which is not
  // revision syntax whatever it holds, and is most of the bytes of a large file.
  const streamData = largeStreamData(bytes, chain, ctx.parse.maxDepth);
  markers.searchOutside(streamData);
  // Markers and spans are both in file order: one pass over each.
  let span = 0;
  for (const m of markers.known()) {
    while (span < streamData.length && streamData[span]![1] <= m.at) span++;
    const inStream = span < streamData.length && streamData[span]![0] <= m.at;
    if (m.target !== 0 && !grouped.has(m) && !inStream)
      report({
        code: 'UNREACHABLE_REVISION',
        message: `startxref ${m.target} is not on the /Prev chain`,
        offset: m.at,
      });
  }
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
  index: MarkerIndex,
  report: (p: PdfProblem) => void,
): number {
  if (looksLikeSection(bytes, marker.target)) return marker.target;
  const markers = index.all();
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

/**
 * Below this many bytes a stream's data is searched like the rest of the file: reading an object's
 * header costs about as much as searching 10 KB.
 */
const LARGE_STREAM = 16 * 1024;

/**
 * The data of the large streams the chain's entries name, as disjoint `[from, to)` spans in file order:
 * an object followed by at least {@link LARGE_STREAM} bytes before the next object or section, whose data
 * a direct `/Length` and `endstream` delimit. A span never runs past the next object or section, so
 * bytes that a `/Length` claims but another entry places elsewhere are still searched.
 */
function largeStreamData(
  bytes: Uint8Array,
  chain: readonly { readonly section: XrefSection }[],
  maxDepth: number,
): [number, number][] {
  const offsets = new Set<number>();
  for (const { section } of chain) {
    offsets.add(section.offset);
    for (const e of section.entries.values()) if (e.type === 'offset') offsets.add(e.offset);
  }
  const sorted = Float64Array.from(offsets).sort();
  const spans: [number, number][] = [];
  for (let i = 0; i < sorted.length; i++) {
    const at = sorted[i]!;
    const next = i + 1 < sorted.length ? sorted[i + 1]! : bytes.length;
    if (next - at < LARGE_STREAM) continue;
    const data = streamDataAt(bytes, at, maxDepth);
    if (data && data[1] - data[0] >= LARGE_STREAM) spans.push([data[0], Math.min(data[1], next)]);
  }
  return spans;
}
