/**
 * `readPdf` and `PdfDocument`: a PDF read the way a verifier must — every revision kept apart, objects
 * resolved as of a chosen revision, nothing repaired silently.
 */
import { type DecodeBudget, decodeStreamData } from './decode';
import { PdfError, type PdfProblem } from './errors';
import { Lexer, indexOf } from './lexer';
import { DEFAULT_PDF_LIMITS, type PdfLimits } from './limits';
import { PdfDict, PdfRef, PdfStream, type PdfValue } from './objects';
import { type ParseContext, parseIndirectObject, parseValue } from './parser';
import { type PdfRevision, readRevisions } from './revisions';
import type { XrefEntry } from './xref';

/**
 * Options of {@link readPdf}.
 *
 * @example
 * ```ts
 * import { type ReadPdfOptions, createPdf, readPdf } from '@mutua/pades';
 * const options: ReadPdfOptions = { limits: { maxDepth: 16 } };
 * (await readPdf(await createPdf(), options)).revisions.length; // 1
 * ```
 */
export interface ReadPdfOptions {
  /** Tighter (or looser) bounds than {@link DEFAULT_PDF_LIMITS}. */
  readonly limits?: Partial<PdfLimits>;
}

interface ObjectStreamData {
  readonly data: Uint8Array;
  /** [object number, offset from `first`] per index. */
  readonly table: readonly (readonly [number, number])[];
  readonly first: number;
}

/**
 * A PDF as read by {@link readPdf}: its revisions, oldest first, and objects resolved as of any of them.
 * The file's bytes are kept as given (never copied), so signed byte ranges are views into them.
 *
 * @example
 * ```ts
 * import { PdfDocument, createPdf, readPdf } from '@mutua/pades';
 * const pdf = await readPdf(await createPdf());
 * pdf instanceof PdfDocument; // true
 * pdf.catalog().name('Type'); // 'Catalog'
 * pdf.problems.length; // 0
 * ```
 */
export class PdfDocument {
  /** Problems a lenient viewer would repair or ignore, in the order met (more appear as objects are read). */
  readonly problems: PdfProblem[] = [];
  /** The trailer of the last revision names an `/Encrypt` dictionary. */
  readonly encrypted: boolean;
  private readonly cache = new Map<string, PdfValue>();
  private readonly objectStreams = new Map<number, ObjectStreamData>();
  /** One parse context per revision, made on first use (every object read needs one). */
  private readonly contexts: ParseContext[] = [];
  private resolving = 0;

  /** @internal Use {@link readPdf}. */
  constructor(
    /** The file, as given. */
    readonly bytes: Uint8Array,
    /** The version in the header (`1.7`, `2.0`…). */
    readonly version: string,
    /** Every revision, oldest first; the last one is what a viewer shows. */
    readonly revisions: readonly PdfRevision[],
    readonly limits: PdfLimits,
    problems: readonly PdfProblem[],
    private readonly budget: DecodeBudget,
  ) {
    this.problems.push(...problems);
    this.encrypted = this.lastRevision.trailer.get('Encrypt') !== undefined;
  }

  get lastRevision(): PdfRevision {
    return this.revisions[this.revisions.length - 1]!;
  }

  /** The revision whose bytes contain `offset` (-1 when none does: bytes after the last `%%EOF`). */
  revisionAt(offset: number): number {
    for (const r of this.revisions) if (offset >= r.start && offset < r.end) return r.index;
    return -1;
  }

  /** The cross-reference entry of object `num` as of `revision`, and the revision that wrote it. */
  entryOf(
    num: number,
    revision = this.lastRevision.index,
  ): { entry: XrefEntry; revision: number } | undefined {
    for (let r = Math.min(revision, this.revisions.length - 1); r >= 0; r--) {
      const entry = this.revisions[r]!.entries.get(num);
      if (entry) return { entry, revision: r };
    }
    return undefined;
  }

  /**
   * The object a reference names as of `revision` (default: the last), or `null` when it is free or
   * absent (§7.3.10). A reference is not followed further: use {@link PdfDocument.resolve} for that.
   */
  getObject(ref: PdfRef | number, revision = this.lastRevision.index): PdfValue {
    const num = typeof ref === 'number' ? ref : ref.num;
    const found = this.entryOf(num, revision);
    if (!found || found.entry.type === 'free') return null;
    const { entry } = found;
    if (entry.type === 'offset') {
      if (typeof ref !== 'number' && ref.gen !== entry.gen) return null;
      return this.objectAt(num, entry.gen, entry.offset, found.revision);
    }
    if (typeof ref !== 'number' && ref.gen !== 0) return null;
    return this.compressedObject(num, entry.stream, entry.index, found.revision);
  }

  /** Follows references (a bounded number of times) until a direct value. */
  resolve(value: PdfValue | undefined, revision = this.lastRevision.index): PdfValue {
    let v: PdfValue = value ?? null;
    for (let i = 0; v instanceof PdfRef; i++) {
      if (i >= this.limits.maxDepth)
        throw new PdfError('TOO_DEEP', `reference chain longer than ${this.limits.maxDepth}`);
      v = this.getObject(v, revision);
    }
    return v;
  }

  /** The value of `key` in `dict`, resolved, when it is a dictionary (or a stream's dictionary). */
  dict(dict: PdfDict | undefined, key: string, revision = this.lastRevision.index): PdfDict | undefined {
    const v = this.resolve(dict?.get(key), revision);
    return v instanceof PdfDict ? v : v instanceof PdfStream ? v.dict : undefined;
  }

  /** The document catalog (`/Root`) as of `revision`. */
  catalog(revision = this.lastRevision.index): PdfDict {
    const root = this.resolve(this.revisions[revision]?.trailer.get('Root'), revision);
    if (!(root instanceof PdfDict))
      throw new PdfError('MALFORMED', `revision ${revision} has no catalog (/Root)`);
    return root;
  }

  /** Decodes a stream's data within the limits (FlateDecode with predictors, ASCIIHexDecode). */
  async decodeStream(stream: PdfStream): Promise<Uint8Array> {
    if (this.encrypted) throw new PdfError('ENCRYPTED', 'stream data of an encrypted PDF is not decrypted');
    return decodeStreamData(stream.dict, stream.raw, this.budget);
  }

  private context(revision: number): ParseContext {
    return (this.contexts[revision] ??= this.newContext(revision));
  }

  private newContext(revision: number): ParseContext {
    return {
      maxDepth: this.limits.maxDepth,
      inFile: true,
      report: (p) => this.problems.push(p),
      resolveLength: (ref) => {
        // A /Length that is itself a stream's length reference could recurse; bound it.
        if (this.resolving > 8) return undefined;
        this.resolving++;
        try {
          const v = this.getObject(ref, revision);
          return typeof v === 'number' ? v : undefined;
        } finally {
          this.resolving--;
        }
      },
    };
  }

  private objectAt(num: number, gen: number, offset: number, revision: number): PdfValue {
    const key = `o${offset}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const rev = this.revisions[revision]!;
    if (offset >= rev.end)
      this.problems.push({
        code: 'OFFSET_OUTSIDE_REVISION',
        message: `object ${num} of revision ${revision} lies at byte ${offset}, after the revision's end`,
        offset,
      });
    let value: PdfValue;
    try {
      const obj = parseIndirectObject(this.bytes, offset, this.context(revision));
      if (obj.num !== num || obj.gen !== gen) {
        this.problems.push({
          code: 'OBJECT_MISMATCH',
          message: `the cross-reference entry of ${num} ${gen} points to object ${obj.num} ${obj.gen}`,
          offset,
        });
        value = null;
      } else value = obj.value;
    } catch (e) {
      if (!(e instanceof PdfError) || e.code !== 'MALFORMED') throw e;
      this.problems.push({
        code: 'UNREADABLE_OBJECT',
        message: `object ${num} ${gen}: ${e.message}`,
        offset,
      });
      value = null;
    }
    this.cache.set(key, value);
    return value;
  }

  private compressedObject(num: number, streamNum: number, index: number, revision: number): PdfValue {
    const key = `c${streamNum}:${index}:${revision}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const found = this.entryOf(streamNum, revision);
    const os = found?.entry.type === 'offset' ? this.objectStreams.get(found.entry.offset) : undefined;
    if (!os) {
      if (this.encrypted)
        throw new PdfError('ENCRYPTED', `object ${num} is in an object stream of an encrypted PDF`);
      this.problems.push({
        code: 'MISSING_OBJECT_STREAM',
        message: `object ${num}: object stream ${streamNum} not found`,
      });
      return null;
    }
    const slot = os.table[index];
    let value: PdfValue = null;
    if (!slot || slot[0] !== num) {
      this.problems.push({
        code: 'OBJECT_MISMATCH',
        message: `object ${num} is not at index ${index} of object stream ${streamNum}`,
      });
    } else {
      const lx = new Lexer(os.data, os.first + slot[1]);
      try {
        value = parseValue(lx, { ...this.context(revision), inFile: false });
      } catch (e) {
        if (!(e instanceof PdfError) || e.code !== 'MALFORMED') throw e;
        this.problems.push({
          code: 'UNREADABLE_OBJECT',
          message: `object ${num} in stream ${streamNum}: ${e.message}`,
        });
      }
    }
    this.cache.set(key, value);
    return value;
  }

  /** @internal Decodes every object stream a revision refers to (object lookups stay synchronous). */
  async loadObjectStreams(): Promise<void> {
    if (this.encrypted) return;
    for (const rev of this.revisions) {
      for (const entry of rev.entries.values()) {
        if (entry.type !== 'compressed') continue;
        const found = this.entryOf(entry.stream, rev.index);
        if (found?.entry.type !== 'offset' || this.objectStreams.has(found.entry.offset)) continue;
        const stream = this.getObject(entry.stream, rev.index);
        if (!(stream instanceof PdfStream) || stream.dict.name('Type') !== 'ObjStm') {
          this.problems.push({
            code: 'MISSING_OBJECT_STREAM',
            message: `object ${entry.stream} is not an object stream`,
          });
          continue;
        }
        this.objectStreams.set(found.entry.offset, await this.readObjectStream(stream));
      }
    }
  }

  private async readObjectStream(stream: PdfStream): Promise<ObjectStreamData> {
    const n = stream.dict.get('N');
    const first = stream.dict.get('First');
    if (
      typeof n !== 'number' ||
      typeof first !== 'number' ||
      !Number.isInteger(n) ||
      !Number.isInteger(first) ||
      n < 0 ||
      first < 0
    )
      throw new PdfError('MALFORMED', 'object stream without valid /N and /First');
    if (n > this.limits.maxObjects)
      throw new PdfError('TOO_MANY_OBJECTS', `object stream holds ${n} objects`);
    const data = await decodeStreamData(stream.dict, stream.raw, this.budget);
    const lx = new Lexer(data, 0, Math.min(first, data.length));
    const table: (readonly [number, number])[] = [];
    for (let i = 0; i < n; i++) {
      const a = lx.next();
      const b = lx.next();
      if (a.type !== 'int' || b.type !== 'int' || a.value < 0 || b.value < 0 || first + b.value > data.length)
        throw new PdfError('MALFORMED', `object stream header entry ${i} is invalid`);
      table.push([a.value, b.value]);
    }
    return { data, table, first };
  }
}

/**
 * Reads a PDF for verification: finds every revision (each `startxref` … `%%EOF` and its cross-reference
 * chain, classic tables, cross-reference streams and hybrid files), reads object streams, and keeps the
 * revisions apart. Throws a `PdfError` for what cannot be read without guessing; records in `problems`
 * what a viewer would repair.
 *
 * @example
 * ```ts
 * import { createPdf, readPdf } from '@mutua/pades';
 * const pdf = await readPdf(await createPdf({ xref: 'stream', objectStreams: true }));
 * pdf.version; // '1.7'
 * pdf.revisions.length; // 1
 * pdf.catalog().name('Type'); // 'Catalog'
 * ```
 */
export async function readPdf(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<PdfDocument> {
  const limits = { ...DEFAULT_PDF_LIMITS, ...options.limits };
  if (bytes.length > limits.maxFileBytes) throw new PdfError('TOO_LARGE', `file of ${bytes.length} bytes`);
  const problems: PdfProblem[] = [];
  const report = (p: PdfProblem) => problems.push(p);
  const header = indexOf(bytes, '%PDF-', 0, Math.min(bytes.length, 1024));
  if (header < 0) throw new PdfError('MALFORMED', 'no %PDF- header in the first 1024 bytes');
  // Some viewers count offsets from the header, others from the file start: a differential (P14).
  if (header > 0)
    report({ code: 'HEADER_OFFSET', message: `%PDF- header at byte ${header}, not 0`, offset: header });
  const lx = new Lexer(bytes, header + 5, Math.min(bytes.length, header + 16));
  const v = lx.next();
  const version =
    v.type === 'real' || v.type === 'int'
      ? bytes.subarray(v.start, v.end).reduce((s, b) => s + String.fromCharCode(b), '')
      : '';
  const budget: DecodeBudget = { limits, remaining: limits.maxTotalDecodedBytes };
  const parse: ParseContext = { maxDepth: limits.maxDepth, inFile: true, report };
  const revisions = await readRevisions(
    { bytes, parse, budget, maxObjects: limits.maxObjects, count: 0 },
    limits.maxXrefSections,
    report,
  );
  const doc = new PdfDocument(bytes, version, revisions, limits, problems, budget);
  await doc.loadObjectStreams();
  return doc;
}
