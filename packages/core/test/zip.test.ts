/**
 * The strict ZIP reader: well-formed archives read back exactly, and every hostile archive is refused
 * with a typed ZipError (bombs, lying sizes and CRCs, local headers that disagree with the central
 * directory, unsafe names, truncation, too many entries, overlapping entries, ZIP64, encryption).
 * Archives are written in the test with @mutua/testkit's buildZip, then patched where a writer would
 * not go.
 */
import { buildZip } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import { ZipError, type ZipErrorCode, crc32, readZip } from '../src/index';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const enc = (s: string) => new TextEncoder().encode(s);

function codeOf(f: () => unknown): ZipErrorCode | string {
  try {
    f();
  } catch (e) {
    if (e instanceof ZipError) return e.code;
    return `not a ZipError: ${String(e)}`;
  }
  return 'no error';
}

async function asyncCodeOf(f: () => Promise<unknown>): Promise<ZipErrorCode | string> {
  try {
    await f();
  } catch (e) {
    if (e instanceof ZipError) return e.code;
    return `not a ZipError: ${String(e)}`;
  }
  return 'no error';
}

/** Offsets of the EOCD record and of the first central directory record of an archive without comment. */
function layout(zip: Uint8Array): { view: DataView; eocd: number; cd: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.length - 22;
  return { view, eocd, cd: view.getUint32(eocd + 16, true) };
}

describe('readZip: well-formed archives', () => {
  it('reads stored, deflated, directory, UTF-8 and data-descriptor entries exactly', async () => {
    const big = enc('Autoridade Certificadora Raiz Brasileira v5\n'.repeat(2000));
    const zip = readZip(
      await buildZip(
        [
          { name: 'mimetype', data: 'application/vnd.etsi.asic-e+zip', method: 'stored' },
          { name: 'META-INF/', data: '' },
          { name: 'META-INF/raiz.crt', data: big, modified: new Date('2025-03-25T10:20:30Z') },
          { name: 'Certificação/AC Raíz.pem', data: 'pem', comment: 'ñ' },
          { name: 'streamed.bin', data: big, dataDescriptor: true },
        ],
        { comment: 'bundle' },
      ),
    );
    expect(zip.entries.map((e) => [e.name, e.method, e.isDirectory])).toEqual([
      ['mimetype', 0, false],
      ['META-INF/', 8, true],
      ['META-INF/raiz.crt', 8, false],
      ['Certificação/AC Raíz.pem', 8, false],
      ['streamed.bin', 8, false],
    ]);
    expect(zip.comment).toBe('bundle');
    expect(zip.duplicateNames).toEqual([]);
    const mimetype = zip.get('mimetype')!;
    expect([mimetype.localHeaderOffset, mimetype.dataOffset, mimetype.localExtraLength]).toEqual([0, 38, 0]);
    expect(text(mimetype.raw())).toBe('application/vnd.etsi.asic-e+zip');
    expect(text(await mimetype.bytes())).toBe('application/vnd.etsi.asic-e+zip');
    const raiz = zip.get('META-INF/raiz.crt')!;
    expect(raiz.compressedSize).toBeLessThan(raiz.size);
    expect(raiz.crc32).toBe(crc32(big));
    expect(raiz.modified?.toISOString()).toBe('2025-03-25T10:20:30.000Z');
    expect(await raiz.bytes()).toEqual(big);
    expect(await zip.get('streamed.bin')!.bytes()).toEqual(big);
    expect(text(await zip.get('Certificação/AC Raíz.pem')!.bytes())).toBe('pem');
    expect(zip.get('Certificação/AC Raíz.pem')!.comment).toBe('ñ');
    expect((await zip.get('META-INF/')!.bytes()).length).toBe(0);
    expect(zip.get('absent')).toBeUndefined();
  });

  it('reads an empty archive, and a name in code page 437 when the UTF-8 flag is clear', async () => {
    expect(readZip(await buildZip([])).entries).toEqual([]);
    const zip = await buildZip([{ name: 'caf#.txt', data: 'x' }]);
    // 0x82 is 'é' in IBM code page 437; patch both copies of the name.
    for (let i = 0; i < zip.length; i++) if (zip[i] === 0x23) zip[i] = 0x82;
    expect(readZip(zip).entries[0]!.name).toBe('café.txt');
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(enc('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('readZip: bombs and limits', () => {
  it('refuses a deflate bomb from its declared ratio before inflating anything', async () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const zip = await buildZip([{ name: 'bomb.bin', data: zeros }]);
    expect(zip.length).toBeLessThan(64 * 1024);
    expect(codeOf(() => readZip(zip))).toBe('COMPRESSION_RATIO');
    // With the ratio allowed, the per-entry and total limits still hold.
    expect(codeOf(() => readZip(zip, { maxCompressionRatio: 10_000, maxEntrySize: 1024 * 1024 }))).toBe(
      'ENTRY_TOO_LARGE',
    );
    expect(codeOf(() => readZip(zip, { maxCompressionRatio: 10_000, maxTotalSize: 4 * 1024 * 1024 }))).toBe(
      'TOTAL_TOO_LARGE',
    );
    // Small repetitive entries are exempt from the ratio.
    const small = readZip(await buildZip([{ name: 'zeros', data: new Uint8Array(1024 * 1024) }]));
    expect((await small.entries[0]!.bytes()).length).toBe(1024 * 1024);
  });

  it('never inflates more than the declared size (a header that understates the size)', async () => {
    const zeros = new Uint8Array(4 * 1024 * 1024);
    const zip = readZip(await buildZip([{ name: 'liar.bin', data: zeros, declaredSize: 1000 }]));
    expect(zip.entries[0]!.size).toBe(1000);
    expect(await asyncCodeOf(() => zip.entries[0]!.bytes())).toBe('SIZE_MISMATCH');
    const over = readZip(await buildZip([{ name: 'short.bin', data: 'abc', declaredSize: 10 }]));
    expect(await asyncCodeOf(() => over.entries[0]!.bytes())).toBe('SIZE_MISMATCH');
    // A stored entry whose two sizes differ is malformed.
    await expect(
      buildZip([{ name: 's', data: 'abc', method: 'stored', declaredSize: 9 }]).then((z) => readZip(z)),
    ).rejects.toMatchObject({ code: 'MALFORMED' });
  });

  it('refuses more entries than the limit, and an entry count that disagrees with the records', async () => {
    const five = [1, 2, 3, 4, 5].map((n) => ({ name: `f${n}`, data: `${n}` }));
    expect(readZip(await buildZip(five), { maxEntries: 5 }).entries).toHaveLength(5);
    const zip = await buildZip(five);
    expect(codeOf(() => readZip(zip, { maxEntries: 4 }))).toBe('TOO_MANY_ENTRIES');
    expect(codeOf(() => readZip(zip, { maxEntries: 0 }))).toBe('TOO_MANY_ENTRIES');
    const fewer = await buildZip(five, { declaredEntryCount: 3 });
    expect(codeOf(() => readZip(fewer))).toBe('MALFORMED');
    const more = await buildZip(five, { declaredEntryCount: 6 });
    expect(codeOf(() => readZip(more))).toBe('TRUNCATED');
  });
});

describe('readZip: lying data', () => {
  it('checks the CRC-32 of stored and deflated data', async () => {
    const zip = readZip(
      await buildZip([
        { name: 'd', data: 'deflated', crc32: 0x12345678 },
        { name: 's', data: 'stored', method: 'stored', crc32: 0x12345678 },
      ]),
    );
    expect(await asyncCodeOf(() => zip.get('d')!.bytes())).toBe('CRC_MISMATCH');
    expect(await asyncCodeOf(() => zip.get('s')!.bytes())).toBe('CRC_MISMATCH');
  });

  it('reports corrupt deflate data as a ZipError', async () => {
    const bytes = await buildZip([{ name: 'd', data: enc('x'.repeat(5000) + 'y'.repeat(5000)) }]);
    const entry = readZip(bytes).entries[0]!;
    // Break the block header of the deflate stream (BTYPE 11 is reserved).
    bytes[entry.dataOffset] = 0xff;
    expect(['CORRUPT_DATA', 'SIZE_MISMATCH', 'CRC_MISMATCH']).toContain(
      await asyncCodeOf(() => readZip(bytes).entries[0]!.bytes()),
    );
  });

  it('lists an entry of an unknown method, and refuses to decode it', async () => {
    const bytes = await buildZip([{ name: 'x.bz2', data: 'abc' }]);
    const { view, cd } = layout(bytes);
    view.setUint16(8, 12, true); // local header: bzip2
    view.setUint16(cd + 10, 12, true); // central directory: bzip2
    const zip = readZip(bytes);
    expect(zip.entries[0]!.method).toBe(12);
    expect(await asyncCodeOf(() => zip.entries[0]!.bytes())).toBe('UNSUPPORTED_METHOD');
  });
});

describe('readZip: the local header must agree with the central directory', () => {
  it('refuses a different name in the local header', async () => {
    const zip = await buildZip([
      { name: 'META-INF/signature.p7s', data: 'x', localName: 'META-INF/signaturf.p7s' },
    ]);
    expect(codeOf(() => readZip(zip))).toBe('LOCAL_HEADER_MISMATCH');
  });

  it('refuses a different CRC in the local header or the data descriptor', async () => {
    const local = await buildZip([{ name: 'a', data: 'abc', localCrc32: 1 }]);
    expect(codeOf(() => readZip(local))).toBe('LOCAL_HEADER_MISMATCH');
    const descriptor = await buildZip([{ name: 'a', data: 'abc', localCrc32: 1, dataDescriptor: true }]);
    expect(codeOf(() => readZip(descriptor))).toBe('LOCAL_HEADER_MISMATCH');
  });

  it('refuses a different method, flags or size in the local header', async () => {
    const method = await buildZip([{ name: 'a', data: 'abc' }]);
    layout(method).view.setUint16(8, 0, true);
    expect(codeOf(() => readZip(method))).toBe('LOCAL_HEADER_MISMATCH');
    const flags = await buildZip([{ name: 'a', data: 'abc' }]);
    layout(flags).view.setUint16(6, 0x0800, true);
    expect(codeOf(() => readZip(flags))).toBe('LOCAL_HEADER_MISMATCH');
    const size = await buildZip([{ name: 'a', data: 'abc' }]);
    layout(size).view.setUint32(22, 4, true);
    expect(codeOf(() => readZip(size))).toBe('LOCAL_HEADER_MISMATCH');
  });

  it('refuses a central record that points at no local header, and entries that share bytes', async () => {
    const off = await buildZip([
      { name: 'a', data: 'abc' },
      { name: 'b', data: 'def' },
    ]);
    const { view, cd } = layout(off);
    view.setUint32(cd + 42, 3, true); // entry a's local header "at" offset 3
    expect(codeOf(() => readZip(off))).toBe('LOCAL_HEADER_MISMATCH');

    // Two central records for one local header (the overlapping-files bomb): a second copy of the record.
    const one = await buildZip([{ name: 'a', data: 'abc' }]);
    const l = layout(one);
    const record = one.slice(l.cd, l.eocd);
    const twice = new Uint8Array(one.length + record.length);
    twice.set(one.subarray(0, l.eocd));
    twice.set(record, l.eocd);
    twice.set(one.subarray(l.eocd), l.eocd + record.length);
    const t = new DataView(twice.buffer);
    const eocd = twice.length - 22;
    t.setUint16(eocd + 8, 2, true);
    t.setUint16(eocd + 10, 2, true);
    t.setUint32(eocd + 12, record.length * 2, true);
    expect(codeOf(() => readZip(twice))).toBe('OVERLAPPING_ENTRIES');
  });
});

describe('readZip: names', () => {
  it.each([
    '../evil.crt',
    'certs/../../evil.crt',
    '/etc/passwd',
    'C:/Windows/evil.dll',
    'c:evil',
    'certs\\evil.crt',
    'a//b',
    './a',
    'a/./b',
    'a/.',
    'a\u0000b',
    'a\nb',
    '',
  ])('refuses the unsafe name %j', async (name) => {
    const zip = await buildZip([{ name, data: 'x' }]);
    expect(codeOf(() => readZip(zip))).toBe('UNSAFE_NAME');
  });

  it('accepts names that only look odd', async () => {
    const names = ['a..b', '..a', 'dir/', 'dir/sub/', '.hidden', 'x y/ñ.crt'];
    const zip = readZip(await buildZip(names.map((name) => ({ name, data: '' }))));
    expect(zip.entries.map((e) => e.name)).toEqual(names);
  });

  it('refuses an Info-ZIP Unicode Path extra field that names the entry differently', async () => {
    const unicodePath = (header: string, unicode: string) => {
      const u = enc(unicode);
      const field = new Uint8Array(9 + u.length);
      const v = new DataView(field.buffer);
      v.setUint16(0, 0x7075, true);
      v.setUint16(2, 5 + u.length, true);
      field[4] = 1;
      v.setUint32(5, crc32(enc(header)), true);
      field.set(u, 9);
      return field;
    };
    const agreeing = await buildZip([
      { name: 'raiz.crt', data: 'x', extra: unicodePath('raiz.crt', 'raiz.crt') },
    ]);
    expect(readZip(agreeing).entries[0]!.name).toBe('raiz.crt');
    const central = await buildZip([
      { name: 'raiz.crt', data: 'x', extra: unicodePath('raiz.crt', 'evil.crt') },
    ]);
    expect(codeOf(() => readZip(central))).toBe('UNSAFE_NAME');
    const local = await buildZip([
      { name: 'raiz.crt', data: 'x', localExtra: unicodePath('raiz.crt', '../x') },
    ]);
    expect(codeOf(() => readZip(local))).toBe('UNSAFE_NAME');
    // A stale field (made for other header bytes) is ignored, as Info-ZIP does; padding is not a field list.
    const stale = await buildZip([{ name: 'raiz.crt', data: 'x', extra: unicodePath('other', 'evil.crt') }]);
    expect(readZip(stale).entries[0]!.name).toBe('raiz.crt');
    const padded = await buildZip([{ name: 'a', data: 'x', localExtra: new Uint8Array(3) }]);
    expect(readZip(padded).entries[0]!.localExtraLength).toBe(3);
  });

  it('reports duplicate names and refuses to pick one', async () => {
    const zip = readZip(
      await buildZip([
        { name: 'META-INF/manifest.xml', data: 'one' },
        { name: 'other', data: '' },
        { name: 'META-INF/manifest.xml', data: 'two' },
      ]),
    );
    expect(zip.duplicateNames).toEqual(['META-INF/manifest.xml']);
    expect(zip.entries).toHaveLength(3);
    expect(codeOf(() => zip.get('META-INF/manifest.xml'))).toBe('DUPLICATE_NAME');
    expect(zip.get('other')?.name).toBe('other');
  });
});

describe('readZip: truncated and unsupported archives', () => {
  it('refuses empty, truncated, prefixed and suffixed input', async () => {
    const zip = await buildZip([
      { name: 'a', data: 'abc' },
      { name: 'b', data: 'def' },
    ]);
    expect(codeOf(() => readZip(new Uint8Array(0)))).toBe('NOT_A_ZIP');
    expect(codeOf(() => readZip(enc('PK\u0005\u0006')))).toBe('NOT_A_ZIP');
    expect(codeOf(() => readZip(zip.subarray(0, zip.length - 1)))).toBe('NOT_A_ZIP');
    expect(codeOf(() => readZip(zip.subarray(0, 40)))).toBe('NOT_A_ZIP');
    const suffixed = new Uint8Array(zip.length + 3);
    suffixed.set(zip);
    expect(codeOf(() => readZip(suffixed))).toBe('NOT_A_ZIP');
    const prefixed = new Uint8Array(zip.length + 3);
    prefixed.set(zip, 3);
    expect(codeOf(() => readZip(prefixed))).toBe('MALFORMED');
    // The central directory cut short: the EOCD kept, the last record's tail removed.
    const { cd, eocd } = layout(zip);
    const cut = new Uint8Array(zip.length - 5);
    cut.set(zip.subarray(0, eocd - 5));
    cut.set(zip.subarray(eocd), eocd - 5);
    new DataView(cut.buffer).setUint32(cut.length - 22 + 12, eocd - 5 - cd, true);
    expect(codeOf(() => readZip(cut))).toBe('TRUNCATED');
    // An entry whose data would run into the central directory.
    const long = zip.slice();
    layout(long).view.setUint32(layout(long).cd + 20, 1000, true);
    layout(long).view.setUint32(18, 1000, true);
    expect(codeOf(() => readZip(long))).toBe('TRUNCATED');
  });

  it('counts the bytes no entry accounts for (content hidden from every reader)', async () => {
    const zip = await buildZip([
      { name: 'a', data: 'abc' },
      { name: 'b', data: 'def' },
    ]);
    expect(readZip(zip).unexplainedBytes).toBe(0);
    // Hide 5 bytes between the entries: entry b and the central directory move, their offsets follow.
    const a = readZip(zip).get('a')!;
    const split = a.dataOffset + a.compressedSize;
    const { cd, eocd } = layout(zip);
    const hidden = new Uint8Array(zip.length + 5);
    hidden.set(zip.subarray(0, split));
    hidden.set(enc('HIDDN'), split);
    hidden.set(zip.subarray(split), split + 5);
    const v = new DataView(hidden.buffer);
    const cd2 = cd + 5;
    const secondRecord = cd2 + 46 + 1; // after record a (46 bytes + its 1-byte name)
    v.setUint32(secondRecord + 42, v.getUint32(secondRecord + 42, true) + 5, true);
    v.setUint32(eocd + 5 + 16, cd2, true);
    const read = readZip(hidden);
    expect(read.unexplainedBytes).toBe(5);
    expect(text(await read.get('b')!.bytes())).toBe('def');
  });

  it('refuses ZIP64, multi-disk and encrypted archives', async () => {
    const zip64 = await buildZip([{ name: 'a', data: 'abc' }]);
    layout(zip64).view.setUint32(layout(zip64).eocd + 16, 0xffffffff, true);
    expect(codeOf(() => readZip(zip64))).toBe('ZIP64_UNSUPPORTED');
    const sizes64 = await buildZip([{ name: 'a', data: 'abc' }]);
    layout(sizes64).view.setUint32(layout(sizes64).cd + 24, 0xffffffff, true);
    expect(codeOf(() => readZip(sizes64))).toBe('ZIP64_UNSUPPORTED');
    const disk = await buildZip([{ name: 'a', data: 'abc' }]);
    layout(disk).view.setUint16(layout(disk).eocd + 4, 1, true);
    expect(codeOf(() => readZip(disk))).toBe('MULTI_DISK');
    const encrypted = await buildZip([{ name: 'a', data: 'abc' }]);
    layout(encrypted).view.setUint16(6, 1, true);
    layout(encrypted).view.setUint16(layout(encrypted).cd + 8, 1, true);
    expect(codeOf(() => readZip(encrypted))).toBe('ENCRYPTED');
  });

  it('throws nothing but ZipError on randomly damaged archives', async () => {
    const good = await buildZip([
      { name: 'mimetype', data: 'application/vnd.etsi.asic-s+zip', method: 'stored' },
      { name: 'META-INF/a.xml', data: '<a>'.repeat(300) },
      { name: 'b.bin', data: 'xyz', dataDescriptor: true },
    ]);
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / (1 << 24);
    const failures: string[] = [];
    for (let i = 0; i < 400; i++) {
      const bad = good.slice();
      for (let k = 0; k < 1 + Math.floor(rand() * 3); k++)
        bad[Math.floor(rand() * bad.length)] = rand() * 256;
      try {
        const zip = readZip(bad);
        for (const e of zip.entries)
          await e.bytes().catch((err: unknown) => {
            if (!(err instanceof ZipError)) throw err;
          });
      } catch (e) {
        if (!(e instanceof ZipError)) failures.push(`${i}: ${String(e)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
