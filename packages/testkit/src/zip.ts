import { crc32 } from '@mutua/core';

/**
 * One entry for {@link buildZip}. Only `name` and `data` matter for a well-formed archive; the other
 * fields let a test write the hostile archives a reader must refuse (a local header that disagrees with
 * the central directory, a CRC or size that lies, an unsafe name).
 *
 * @example
 * ```ts
 * import type { ZipEntrySpec } from '@mutua/testkit';
 * const spec: ZipEntrySpec = { name: 'mimetype', data: 'application/vnd.etsi.asic-e+zip', method: 'stored' };
 * spec.method; // 'stored'
 * ```
 */
export interface ZipEntrySpec {
  /** The name written in the central directory (and, unless `localName` is set, in the local header). */
  readonly name: string;
  /** The uncompressed content (text is UTF-8 encoded). */
  readonly data: Uint8Array | string;
  /** `deflate` (default) or `stored`. */
  readonly method?: 'stored' | 'deflate';
  /** Modification time (default 2026-01-01T00:00:00, written as MS-DOS local time). */
  readonly modified?: Date;
  /** A different name for the local header only (the "two views of one archive" attack). */
  readonly localName?: string;
  /** A CRC-32 to declare instead of the real one (in both headers). */
  readonly crc32?: number;
  /** An uncompressed size to declare instead of the real one (in both headers). */
  readonly declaredSize?: number;
  /** A CRC-32 for the local header only. */
  readonly localCrc32?: number;
  /** Write sizes and CRC in a data descriptor after the data, zeros in the local header (flag bit 3). */
  readonly dataDescriptor?: boolean;
  /** An extra field for the local header (raw bytes). */
  readonly localExtra?: Uint8Array;
  /** An extra field for the central directory record (raw bytes). */
  readonly extra?: Uint8Array;
  /** The entry comment. */
  readonly comment?: string;
}

/**
 * Options of {@link buildZip}.
 *
 * @example
 * ```ts
 * import type { BuildZipOptions } from '@mutua/testkit';
 * const options: BuildZipOptions = { comment: 'ICP-Brasil test bundle' };
 * options.comment; // 'ICP-Brasil test bundle'
 * ```
 */
export interface BuildZipOptions {
  /** The archive comment. */
  readonly comment?: string;
  /** An entry count to declare in the End of Central Directory record instead of the real one. */
  readonly declaredEntryCount?: number;
}

const enc = new TextEncoder();
const ascii = (s: string) => /^[\x20-\x7e]*$/.test(s);

async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const cs = new CompressionStream('deflate-raw');
  const writer = cs.writable.getWriter();
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const chunks: Uint8Array[] = [];
  const reader = cs.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return concat(chunks);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function dos(d: Date): { date: number; time: number } {
  return {
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
  };
}

/**
 * Writes a ZIP archive (stored or deflated entries, no ZIP64) in memory, for tests of ZIP readers and of
 * the trust sources published as ZIP files (ICP-Brasil's ACcompactado.zip, SAT's Cert_Prod.zip) and,
 * later, ASiC containers. Names with non-ASCII characters get the UTF-8 flag. Deflating uses the
 * platform's `CompressionStream('deflate-raw')`.
 *
 * @example
 * ```ts
 * import { buildZip } from '@mutua/testkit';
 * import { readZip } from '@mutua/core';
 * const bytes = await buildZip([{ name: 'Certificação/raiz.crt', data: rootDer }]);
 * const [entry] = readZip(bytes).entries;
 * entry?.name; // 'Certificação/raiz.crt'
 * (await entry!.bytes()).length === rootDer.length; // true
 * ```
 */
export async function buildZip(
  entries: readonly ZipEntrySpec[],
  options: BuildZipOptions = {},
): Promise<Uint8Array> {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = typeof e.data === 'string' ? enc.encode(e.data) : e.data;
    const stored = e.method === 'stored';
    const body = stored ? data : await deflateRaw(data);
    const crc = e.crc32 ?? crc32(data);
    const size = e.declaredSize ?? data.length;
    const name = enc.encode(e.name);
    const localName = enc.encode(e.localName ?? e.name);
    const comment = enc.encode(e.comment ?? '');
    const localExtra = e.localExtra ?? new Uint8Array(0);
    const flags = (ascii(e.name) && ascii(e.comment ?? '') ? 0 : 0x0800) | (e.dataDescriptor ? 0x0008 : 0);
    const { date, time } = dos(e.modified ?? new Date('2026-01-01T00:00:00Z'));
    const method = stored ? 0 : 8;

    const local = new Uint8Array(30 + localName.length + localExtra.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, time, true);
    lv.setUint16(12, date, true);
    lv.setUint32(14, e.dataDescriptor ? 0 : (e.localCrc32 ?? crc), true);
    lv.setUint32(18, e.dataDescriptor ? 0 : body.length, true);
    lv.setUint32(22, e.dataDescriptor ? 0 : size, true);
    lv.setUint16(26, localName.length, true);
    lv.setUint16(28, localExtra.length, true);
    local.set(localName, 30);
    local.set(localExtra, 30 + localName.length);
    const parts = [local, body];
    if (e.dataDescriptor) {
      const d = new Uint8Array(16);
      const dv = new DataView(d.buffer);
      dv.setUint32(0, 0x08074b50, true);
      dv.setUint32(4, e.localCrc32 ?? crc, true);
      dv.setUint32(8, body.length, true);
      dv.setUint32(12, size, true);
      parts.push(d);
    }
    const localBytes = concat(parts);

    const extra = e.extra ?? new Uint8Array(0);
    const central = new Uint8Array(46 + name.length + extra.length + comment.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 0x031e, true); // made by: Unix, 3.0
    cv.setUint16(6, 20, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, time, true);
    cv.setUint16(14, date, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint16(30, extra.length, true);
    cv.setUint16(32, comment.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    central.set(extra, 46 + name.length);
    central.set(comment, 46 + name.length + extra.length);

    locals.push(localBytes);
    centrals.push(central);
    offset += localBytes.length;
  }
  const cd = concat(centrals);
  const comment = enc.encode(options.comment ?? '');
  const eocd = new Uint8Array(22 + comment.length);
  const ev = new DataView(eocd.buffer);
  const count = options.declaredEntryCount ?? entries.length;
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, count, true);
  ev.setUint16(10, count, true);
  ev.setUint32(12, cd.length, true);
  ev.setUint32(16, offset, true);
  ev.setUint16(20, comment.length, true);
  eocd.set(comment, 22);
  return concat([...locals, cd, eocd]);
}
