import { crc32 } from './crc32';
import { ZipError } from './errors';
import { inflateRawExact } from './inflate';

/**
 * Limits of {@link readZip}: a ZIP bomb or a hostile directory is refused before anything is inflated,
 * from the sizes the central directory declares, and inflation then never produces more than declared.
 *
 * @example
 * ```ts
 * import { DEFAULT_ZIP_LIMITS, type ZipLimits } from '@mutua/core';
 * const strict: ZipLimits = { ...DEFAULT_ZIP_LIMITS, maxEntries: 16 };
 * strict.maxEntries; // 16
 * ```
 */
export interface ZipLimits {
  /** Most entries (central directory records), directories included. */
  readonly maxEntries: number;
  /** Most uncompressed bytes of one entry. */
  readonly maxEntrySize: number;
  /** Most uncompressed bytes of all entries together. */
  readonly maxTotalSize: number;
  /**
   * Highest uncompressed / compressed size of a deflated entry. Entries of at most
   * {@link ZIP_RATIO_FLOOR} uncompressed bytes are exempt (small, very repetitive files are normal).
   */
  readonly maxCompressionRatio: number;
}

/**
 * The default {@link ZipLimits}: 10 000 entries, 64 MiB per entry, 256 MiB in all, ratio 100.
 *
 * @example
 * ```ts
 * import { DEFAULT_ZIP_LIMITS } from '@mutua/core';
 * DEFAULT_ZIP_LIMITS.maxEntries; // 10000
 * DEFAULT_ZIP_LIMITS.maxEntrySize; // 67108864
 * DEFAULT_ZIP_LIMITS.maxTotalSize; // 268435456
 * DEFAULT_ZIP_LIMITS.maxCompressionRatio; // 100
 * ```
 */
export const DEFAULT_ZIP_LIMITS: ZipLimits = Object.freeze({
  maxEntries: 10_000,
  maxEntrySize: 64 * 1024 * 1024,
  maxTotalSize: 256 * 1024 * 1024,
  maxCompressionRatio: 100,
});

/**
 * Entries of at most this many uncompressed bytes (1 MiB) are not held to
 * {@link ZipLimits.maxCompressionRatio}.
 *
 * @example
 * ```ts
 * import { ZIP_RATIO_FLOOR } from '@mutua/core';
 * ZIP_RATIO_FLOOR; // 1048576
 * ```
 */
export const ZIP_RATIO_FLOOR = 1024 * 1024;

/**
 * One entry of a {@link ZipArchive}, as its central directory record describes it (the local header
 * has been checked to agree). The data is read only when `bytes()` is called.
 *
 * @example
 * ```ts
 * import { readZip } from '@mutua/core';
 * import { buildZip } from '@mutua/testkit';
 * const zip = readZip(await buildZip([{ name: 'certs/root.crt', data: rootDer }]));
 * const entry = zip.entries[0]!;
 * [entry.name, entry.method, entry.size === rootDer.length, entry.isDirectory]; // ['certs/root.crt', 8, true, false]
 * (await entry.bytes()).length === rootDer.length; // true
 * ```
 */
export interface ZipEntry {
  /** The name (UTF-8 when the entry's flag says so, else IBM code page 437), checked safe. */
  readonly name: string;
  /** Whether the name ends with `/`. */
  readonly isDirectory: boolean;
  /** Compression method: 0 stored, 8 deflate (other methods are listed, and refused by `bytes()`). */
  readonly method: number;
  /** General purpose bit flags of the central directory record. */
  readonly flags: number;
  /** Compressed size in bytes. */
  readonly compressedSize: number;
  /** Uncompressed size in bytes, as declared (and enforced when the data is read). */
  readonly size: number;
  /** CRC-32 of the uncompressed data, as declared (and checked when the data is read). */
  readonly crc32: number;
  /** The MS-DOS modification time, read as UTC (ZIP stores local time without a zone); absent if invalid. */
  readonly modified?: Date;
  /** The entry comment. */
  readonly comment: string;
  /** Offset of the entry's local header in the archive. */
  readonly localHeaderOffset: number;
  /** Offset of the entry's data (after the local header, its name and its extra field). */
  readonly dataOffset: number;
  /** Length of the local header's extra field (ASiC requires none on its `mimetype` entry). */
  readonly localExtraLength: number;
  /** The compressed data as stored in the archive (a view, not a copy). */
  raw(): Uint8Array;
  /**
   * The uncompressed data: inflated with a bound of `size` bytes, its length and CRC-32 checked.
   *
   * @throws {@link ZipError} `UNSUPPORTED_METHOD`, `SIZE_MISMATCH`, `CRC_MISMATCH` or `CORRUPT_DATA`.
   */
  bytes(): Promise<Uint8Array>;
}

/**
 * A ZIP archive read by {@link readZip}.
 *
 * @example
 * ```ts
 * import { readZip } from '@mutua/core';
 * import { buildZip } from '@mutua/testkit';
 * const zip = readZip(await buildZip([{ name: 'a.txt', data: 'A' }, { name: 'a.txt', data: 'B' }], { comment: 'hi' }));
 * zip.comment; // 'hi'
 * zip.duplicateNames; // ['a.txt']
 * zip.entries.length; // 2
 * zip.unexplainedBytes; // 0
 * ```
 */
export interface ZipArchive {
  /** The entries, in central directory order. */
  readonly entries: readonly ZipEntry[];
  /** The archive comment. */
  readonly comment: string;
  /** Names that more than one entry carries (an ambiguity that containers such as ASiC must refuse). */
  readonly duplicateNames: readonly string[];
  /**
   * Bytes before, between or after the entries (up to the central directory) that no entry accounts
   * for: 0 in an archive written by an ordinary writer; content hidden from every reader otherwise.
   */
  readonly unexplainedBytes: number;
  /**
   * The entry called `name`, or `undefined`.
   *
   * @throws {@link ZipError} `DUPLICATE_NAME` when two entries carry that name: which one is meant is
   * never guessed.
   */
  get(name: string): ZipEntry | undefined;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;
const FLAG_MASKED_HEADERS = 0x2000;
/** Flags whose meaning must be the same in the local header and the central directory. */
const FLAGS_COMPARED = FLAG_ENCRYPTED | FLAG_DESCRIPTOR | FLAG_STRONG_ENCRYPTION | FLAG_UTF8;

// IBM code page 437, bytes 0x80–0xFF (what ZIP names are in without the UTF-8 flag).
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeName(b: Uint8Array, isUtf8: boolean, what: string): string {
  if (isUtf8) {
    try {
      return utf8.decode(b);
    } catch (e) {
      throw new ZipError('MALFORMED', `${what} is flagged UTF-8 but is not valid UTF-8`, { cause: e });
    }
  }
  let s = '';
  for (const c of b) s += c < 0x80 ? String.fromCharCode(c) : CP437_HIGH[c - 0x80]!;
  return s;
}

function checkName(name: string): void {
  const bad = (why: string) => {
    throw new ZipError('UNSAFE_NAME', `entry name ${JSON.stringify(name)} ${why}`, { entry: name });
  };
  if (name.length === 0) bad('is empty');
  if (/[\u0000-\u001f\u007f]/.test(name)) bad('holds a control character');
  if (name.includes('\\')) bad('holds a backslash');
  if (name.startsWith('/')) bad('is an absolute path');
  if (/^[A-Za-z]:/.test(name)) bad('starts with a drive letter');
  const segments = name.split('/');
  if (segments.some((s) => s === '..')) bad('has a ".." segment');
  // "a/./b" or "a//b" name the same file as "a/b": one name hidden behind another. Only a directory's
  // trailing "/" leaves an empty last segment.
  if (segments.some((s, i) => s === '.' || (s === '' && i < segments.length - 1)))
    bad('has an empty or "." segment');
}

/**
 * An Info-ZIP Unicode Path extra field (0x7075) names the entry for the readers that honour it: if it
 * names it differently from the header, two readers see two different names, so the archive is refused.
 */
function unicodePathAgrees(extra: Uint8Array, nameBytes: Uint8Array, name: string): void {
  const view = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = view.getUint16(q, true);
    const size = view.getUint16(q + 2, true);
    if (q + 4 + size > extra.length) return; // not a list of fields (padding): nothing to compare
    if (id === 0x7075 && size >= 5) {
      const headerCrc = view.getUint32(q + 5, true);
      let unicode: string;
      try {
        unicode = utf8.decode(extra.subarray(q + 9, q + 4 + size));
      } catch {
        unicode = '\ufffd';
      }
      // A field made for another version of the name (CRC of other header bytes) is stale, as Info-ZIP says.
      if (headerCrc === crc32(nameBytes) && unicode !== name)
        throw new ZipError(
          'UNSAFE_NAME',
          `entry ${JSON.stringify(name)} is named ${JSON.stringify(unicode)} by its Unicode Path extra field`,
          { entry: name },
        );
    }
    q += 4 + size;
  }
}

function dosTime(date: number, time: number): Date | undefined {
  const year = 1980 + (date >> 9);
  const month = (date >> 5) & 0x0f;
  const day = date & 0x1f;
  const hour = time >> 11;
  const minute = (time >> 5) & 0x3f;
  const second = (time & 0x1f) * 2;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return undefined;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

/** Finds the End of Central Directory record: the last signature whose comment ends exactly at the end. */
function findEocd(view: DataView, length: number): number {
  if (length < EOCD_SIZE) throw new ZipError('NOT_A_ZIP', `${length} bytes are too few for a ZIP archive`);
  const lowest = Math.max(0, length - EOCD_SIZE - 0xffff);
  for (let p = length - EOCD_SIZE; p >= lowest; p--) {
    if (view.getUint32(p, true) !== SIG_EOCD) continue;
    if (p + EOCD_SIZE + view.getUint16(p + 20, true) === length) return p;
  }
  throw new ZipError(
    'NOT_A_ZIP',
    'no End of Central Directory record ends the input (not a ZIP archive, truncated, or trailing data)',
  );
}

/**
 * Reads a ZIP archive (APPNOTE 6.3) from its central directory, strictly: a single-disk, non-ZIP64,
 * unencrypted archive whose End of Central Directory record ends the input; every local header must
 * agree with its central directory record (name, method, flags, CRC-32 and sizes — a disagreement is a
 * known way to show two readers two different ASiC containers); no two entries may share bytes; names
 * must be relative and free of `..`, backslashes and control characters. The {@link ZipLimits} are
 * checked against the declared sizes before anything is inflated, and each entry's `bytes()` inflates
 * at most its declared size and checks its CRC-32. Duplicate names are reported, not resolved. Nothing
 * here uses Node built-ins: inflation is the platform's `DecompressionStream('deflate-raw')`.
 *
 * @param bytes - the whole archive.
 * @param limits - limits replacing those of {@link DEFAULT_ZIP_LIMITS}.
 * @throws {@link ZipError} when the archive is refused.
 * @example
 * ```ts
 * import { ZipError, readZip } from '@mutua/core';
 * import { buildZip } from '@mutua/testkit';
 * const bytes = await buildZip([
 *   { name: 'mimetype', data: 'application/vnd.etsi.asic-e+zip', method: 'stored' },
 *   { name: 'META-INF/', data: '' },
 *   { name: 'META-INF/ca.crt', data: caDer },
 * ]);
 * const zip = readZip(bytes);
 * zip.entries.map((e) => e.name); // ['mimetype', 'META-INF/', 'META-INF/ca.crt']
 * zip.get('mimetype')?.dataOffset; // 38
 * new TextDecoder().decode(await zip.get('mimetype')!.bytes()); // 'application/vnd.etsi.asic-e+zip'
 * const tooMany = (() => { try { readZip(bytes, { maxEntries: 2 }); } catch (e) { return e; } })();
 * (tooMany as ZipError).code; // 'TOO_MANY_ENTRIES'
 * ```
 */
export function readZip(bytes: Uint8Array, limits: Partial<ZipLimits> = {}): ZipArchive {
  const lim: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = bytes.length;
  const eocd = findEocd(view, length);
  const u16 = (p: number) => view.getUint16(p, true);
  const u32 = (p: number) => view.getUint32(p, true);

  if (eocd >= 20 && u32(eocd - 20) === SIG_ZIP64_LOCATOR)
    throw new ZipError('ZIP64_UNSUPPORTED', 'ZIP64 archives are not read');
  const disk = u16(eocd + 4);
  const cdDisk = u16(eocd + 6);
  const countHere = u16(eocd + 8);
  const count = u16(eocd + 10);
  const cdSize = u32(eocd + 12);
  const cdOffset = u32(eocd + 16);
  const comment = decodeName(bytes.subarray(eocd + EOCD_SIZE, length), false, 'the archive comment');
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
    throw new ZipError('ZIP64_UNSUPPORTED', 'ZIP64 archives are not read');
  if (disk !== 0 || cdDisk !== 0 || countHere !== count)
    throw new ZipError('MULTI_DISK', 'multi-disk (spanned or split) archives are not read');
  if (count > lim.maxEntries)
    throw new ZipError('TOO_MANY_ENTRIES', `${count} entries exceed the limit of ${lim.maxEntries}`);
  if (cdOffset + cdSize > eocd)
    throw new ZipError('TRUNCATED', 'the central directory runs past the End of Central Directory record');
  if (cdOffset + cdSize !== eocd)
    throw new ZipError(
      'MALFORMED',
      `${eocd - cdOffset - cdSize} unexplained bytes lie between the central directory and its end record`,
    );

  const entries: ZipEntry[] = [];
  const spans: Span[] = [];
  const byName = new Map<string, ZipEntry[]>();
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + CENTRAL_SIZE > eocd)
      throw new ZipError('TRUNCATED', `central directory record ${i} is truncated`);
    if (u32(p) !== SIG_CENTRAL)
      throw new ZipError('MALFORMED', `central directory record ${i} has no central header signature`);
    const flags = u16(p + 8);
    const method = u16(p + 10);
    const time = u16(p + 12);
    const date = u16(p + 14);
    const crc = u32(p + 16);
    const compressedSize = u32(p + 20);
    const size = u32(p + 24);
    const nameLength = u16(p + 28);
    const extraLength = u16(p + 30);
    const commentLength = u16(p + 32);
    const diskStart = u16(p + 34);
    const localHeaderOffset = u32(p + 42);
    const next = p + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (next > eocd) throw new ZipError('TRUNCATED', `central directory record ${i} is truncated`);
    const nameBytes = bytes.subarray(p + CENTRAL_SIZE, p + CENTRAL_SIZE + nameLength);
    const name = decodeName(nameBytes, (flags & FLAG_UTF8) !== 0, `the name of entry ${i}`);
    const entryComment = decodeName(
      bytes.subarray(p + CENTRAL_SIZE + nameLength + extraLength, next),
      (flags & FLAG_UTF8) !== 0,
      `the comment of entry ${i}`,
    );
    p = next;
    checkName(name);
    unicodePathAgrees(bytes.subarray(p - commentLength - extraLength, p - commentLength), nameBytes, name);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localHeaderOffset === 0xffffffff)
      throw new ZipError('ZIP64_UNSUPPORTED', `entry ${name} has ZIP64 sizes or offset`, { entry: name });
    if (diskStart !== 0) throw new ZipError('MULTI_DISK', `entry ${name} starts on disk ${diskStart}`);
    if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_HEADERS))
      throw new ZipError('ENCRYPTED', `entry ${name} is encrypted`, { entry: name });
    if (size > lim.maxEntrySize)
      throw new ZipError(
        'ENTRY_TOO_LARGE',
        `entry ${name} declares ${size} bytes, over the limit of ${lim.maxEntrySize}`,
        { entry: name },
      );
    total += size;
    if (total > lim.maxTotalSize)
      throw new ZipError(
        'TOTAL_TOO_LARGE',
        `the entries declare more than the limit of ${lim.maxTotalSize} bytes in all`,
        { entry: name },
      );
    if (method === 0 && compressedSize !== size)
      throw new ZipError(
        'MALFORMED',
        `stored entry ${name} declares ${compressedSize} stored and ${size} uncompressed bytes`,
        { entry: name },
      );
    if (size > ZIP_RATIO_FLOOR && size > compressedSize * lim.maxCompressionRatio)
      throw new ZipError(
        'COMPRESSION_RATIO',
        `entry ${name} declares ${size} bytes from ${compressedSize}: a ratio over ${lim.maxCompressionRatio}`,
        { entry: name },
      );

    // The local header must say what the central directory says.
    const lh = localHeaderOffset;
    if (lh + LOCAL_SIZE > cdOffset)
      throw new ZipError(
        'TRUNCATED',
        `the local header of entry ${name} is not before the central directory`,
        {
          entry: name,
        },
      );
    const mismatch = (what: string) => {
      throw new ZipError(
        'LOCAL_HEADER_MISMATCH',
        `the local header of entry ${name} disagrees with the central directory: ${what}`,
        { entry: name },
      );
    };
    if (u32(lh) !== SIG_LOCAL) mismatch('no local header signature at the recorded offset');
    const localFlags = u16(lh + 6);
    const localNameLength = u16(lh + 26);
    const localExtraLength = u16(lh + 28);
    if ((localFlags & FLAGS_COMPARED) !== (flags & FLAGS_COMPARED)) mismatch('general purpose flags');
    if (u16(lh + 8) !== method) mismatch('compression method');
    const dataOffset = lh + LOCAL_SIZE + localNameLength + localExtraLength;
    if (dataOffset > cdOffset)
      throw new ZipError('TRUNCATED', `the local header of entry ${name} runs into the central directory`, {
        entry: name,
      });
    const localName = bytes.subarray(lh + LOCAL_SIZE, lh + LOCAL_SIZE + localNameLength);
    if (localName.length !== nameBytes.length || localName.some((b, k) => b !== nameBytes[k]))
      mismatch(
        `name ${JSON.stringify(decodeName(localName, (localFlags & FLAG_UTF8) !== 0, 'a local name'))}`,
      );
    unicodePathAgrees(bytes.subarray(lh + LOCAL_SIZE + localNameLength, dataOffset), nameBytes, name);
    const localCrc = u32(lh + 14);
    const localCompressed = u32(lh + 18);
    const localSize = u32(lh + 22);
    const descriptor = (flags & FLAG_DESCRIPTOR) !== 0;
    // With a data descriptor the local fields may be zero; whatever is not zero must still agree.
    const agrees = (local: number, central: number) => local === central || (descriptor && local === 0);
    if (!agrees(localCrc, crc)) mismatch('CRC-32');
    if (!agrees(localCompressed, compressedSize)) mismatch('compressed size');
    if (!agrees(localSize, size)) mismatch('uncompressed size');
    let end = dataOffset + compressedSize;
    if (end > cdOffset)
      throw new ZipError('TRUNCATED', `the data of entry ${name} runs into the central directory`, {
        entry: name,
      });
    if (descriptor) {
      // Optional signature, then CRC-32 and the two sizes (ZIP64 descriptors are not read).
      const signed = end + 4 <= cdOffset && u32(end) === SIG_DESCRIPTOR;
      const d = signed ? end + 4 : end;
      if (d + 12 > cdOffset)
        throw new ZipError('TRUNCATED', `the data descriptor of entry ${name} is truncated`, { entry: name });
      if (u32(d) !== crc || u32(d + 4) !== compressedSize || u32(d + 8) !== size)
        mismatch('the data descriptor');
      end = d + 12;
    }
    spans.push({ start: lh, end, name });

    const start = dataOffset;
    const entry: ZipEntry = {
      name,
      isDirectory: name.endsWith('/'),
      method,
      flags,
      compressedSize,
      size,
      crc32: crc,
      ...(dosTime(date, time) ? { modified: dosTime(date, time)! } : {}),
      comment: entryComment,
      localHeaderOffset,
      dataOffset,
      localExtraLength,
      raw: () => bytes.subarray(start, start + compressedSize),
      bytes: async () => {
        const raw = bytes.subarray(start, start + compressedSize);
        let data: Uint8Array;
        if (method === 0) data = raw.slice();
        else if (method === 8) data = await inflateRawExact(raw, size, name);
        else
          throw new ZipError('UNSUPPORTED_METHOD', `entry ${name} uses compression method ${method}`, {
            entry: name,
          });
        const actual = crc32(data);
        if (actual !== crc)
          throw new ZipError(
            'CRC_MISMATCH',
            `entry ${name} has CRC-32 ${actual.toString(16).padStart(8, '0')}, its headers announce ${crc.toString(16).padStart(8, '0')}`,
            { entry: name },
          );
        return data;
      },
    };
    entries.push(entry);
    const same = byName.get(name);
    if (same) same.push(entry);
    else byName.set(name, [entry]);
  }
  if (p !== eocd) throw new ZipError('MALFORMED', 'the central directory is longer than its records');

  spans.sort((a, b) => a.start - b.start);
  let unexplainedBytes = 0;
  let covered = 0;
  for (let i = 0; i < spans.length; i++) {
    const b = spans[i]!;
    const a = spans[i - 1];
    if (a && b.start < a.end)
      throw new ZipError('OVERLAPPING_ENTRIES', `entries ${a.name} and ${b.name} share bytes`, {
        entry: b.name,
      });
    unexplainedBytes += b.start - covered;
    covered = b.end;
  }
  unexplainedBytes += cdOffset - covered;

  const duplicateNames = [...byName].filter(([, list]) => list.length > 1).map(([n]) => n);
  return {
    entries,
    comment,
    duplicateNames,
    unexplainedBytes,
    get(name: string): ZipEntry | undefined {
      const list = byName.get(name);
      if (list && list.length > 1)
        throw new ZipError('DUPLICATE_NAME', `${list.length} entries are called ${name}`, { entry: name });
      return list?.[0];
    },
  };
}
