import { describe, expect, it } from 'vitest';
import {
  Asn1Error,
  StructureError,
  children,
  decodeInteger,
  decodeOid,
  decodeString,
  decodeTime,
  der,
  fixDoubleUtf8,
  parseDer,
} from '../src/index';

describe('DER reader', () => {
  it('reads nested structures as zero-copy views', () => {
    const bytes = der.seq(der.int(5), der.seq(der.oid('1.2.840.113549.1.1.11'), der.nul()));
    const t = parseDer(bytes);
    const [a, b] = children(t);
    expect(decodeInteger(a!)).toBe(5n);
    expect(decodeOid(children(b!)[0]!)).toBe('1.2.840.113549.1.1.11');
    expect(t.buf).toBe(bytes);
  });

  it('round-trips negative and large integers', () => {
    for (const v of [0n, 1n, -1n, 127n, 128n, -128n, -129n, 2n ** 159n, -(2n ** 100n)]) {
      expect(decodeInteger(parseDer(der.int(v)))).toBe(v);
    }
  });

  it('decodes OIDs with large arcs', () => {
    expect(decodeOid(parseDer(der.oid('2.999.4294967296.1')))).toBe('2.999.4294967296.1');
  });

  it.each([
    ['truncated value', new Uint8Array([0x30, 0x05, 0x02, 0x01])],
    ['length beyond the buffer', new Uint8Array([0x04, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00])],
    ['length of 2^40', new Uint8Array([0x04, 0x86, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00])],
    ['indefinite length without end', new Uint8Array([0x30, 0x80, 0x02, 0x01, 0x00])],
    ['indefinite primitive', new Uint8Array([0x04, 0x80, 0x00, 0x00])],
    ['trailing data', new Uint8Array([0x05, 0x00, 0x00])],
    ['empty input', new Uint8Array([])],
  ])('rejects %s with an Asn1Error', (_, bytes) => {
    expect(() => {
      const t = parseDer(bytes);
      children(t);
    }).toThrow(Asn1Error);
  });

  it('bounds nesting depth', () => {
    let b: Uint8Array = der.nul();
    for (let i = 0; i < 200; i++) b = der.tlv(0x30, [b]);
    const walk = (t: ReturnType<typeof parseDer>): void => {
      if (t.constructed) for (const c of children(t)) walk(c);
    };
    // Definite-length nesting is walked iteratively by callers; indefinite nesting is bounded by the reader.
    expect(() => walk(parseDer(b))).not.toThrow();
    const indefinite = new Uint8Array(200 * 2 + 200 * 2);
    for (let i = 0; i < 200; i++) {
      indefinite[i * 2] = 0x30;
      indefinite[i * 2 + 1] = 0x80;
    }
    expect(() => parseDer(indefinite)).toThrow(Asn1Error);
  });

  it('reads UTCTime per RFC 5280 (50–99 → 19xx) and GeneralizedTime with fractions and offsets', () => {
    expect(decodeTime(parseDer(der.tlv(0x17, new TextEncoder().encode('491231235959Z')))).toISOString()).toBe(
      '2049-12-31T23:59:59.000Z',
    );
    expect(decodeTime(parseDer(der.tlv(0x17, new TextEncoder().encode('500101000000Z')))).toISOString()).toBe(
      '1950-01-01T00:00:00.000Z',
    );
    expect(
      decodeTime(parseDer(der.tlv(0x18, new TextEncoder().encode('20250301120000.5+0100')))).toISOString(),
    ).toBe('2025-03-01T11:00:00.500Z');
    expect(() => decodeTime(parseDer(der.tlv(0x17, new TextEncoder().encode('991399000000Z'))))).toThrow(
      StructureError,
    );
  });

  it('reads Latin-1 in PrintableString and repairs double-encoded UTF-8', () => {
    const latin1 = der.tlv(0x13, new Uint8Array([0x4a, 0x6f, 0x73, 0xe9])); // "José" in Latin-1
    expect(decodeString(parseDer(latin1))).toBe('José');
    expect(fixDoubleUtf8('JosÃ© MarÃ­a')).toBe('José María');
    expect(fixDoubleUtf8('São Paulo')).toBe('São Paulo');
    const bmp = der.tlv(0x1e, new Uint8Array([0x00, 0x53, 0x00, 0xe3, 0x00, 0x6f]));
    expect(decodeString(parseDer(bmp))).toBe('São');
  });
});
