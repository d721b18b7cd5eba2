import { describe, expect, it } from 'vitest';
import { parseDer } from '../src/asn1/der';
import { ctxPrim, ia5, int, oid, printable, seq, utf8 } from '../src/asn1/write';
import { decodeQcStatements } from '../src/identity/qc-statements';
import { OID } from '../src/oids';
import { decodeExtensions } from '../src/x509/extensions';

/** Builds the qcStatements extension from [statementId, statementInfo?] pairs and decodes it like the parser does. */
function statements(...items: [string, Uint8Array?][]) {
  const der = seq(...items.map(([o, info]) => seq(oid(o), info)));
  const { decoded, problems } = decodeExtensions([{ oid: OID.qcStatements, critical: false, value: der }]);
  expect(problems).toEqual([]);
  return decoded.qcStatements!;
}

describe('decodeQcStatements (EN 319 412-5)', () => {
  it('decodes a qualified e-seal certificate with every EN 319 412-5 statement', () => {
    const qc = decodeQcStatements(
      statements(
        [OID.qcsQcCompliance],
        [OID.qcsQcSSCD],
        [OID.qcsQcType, seq(oid(OID.qcTypeEseal))],
        [
          OID.qcsQcPDS,
          seq(
            seq(ia5('https://example.eu/pds_en.pdf'), printable('EN')),
            seq(ia5('https://example.eu/pds_es.pdf'), printable('es')),
          ),
        ],
        [OID.qcsQcCClegislation, seq(printable('BR'))],
        [OID.qcsQcRetentionPeriod, int(15)],
        [OID.qcsQcLimitValue, seq(printable('EUR'), int(5), int(4))],
        [
          OID.qcsSemanticsIdV2,
          seq(oid(OID.semanticsEidasLegal), seq(ctxPrim(6, new TextEncoder().encode('x')))),
        ],
        ['1.2.3.4.5', int(1)],
      ),
    );
    expect(qc.compliance).toBe(true);
    expect(qc.sscd).toBe(true);
    expect(qc.types).toEqual(['eseal']);
    expect(qc.pds).toEqual([
      { url: 'https://example.eu/pds_en.pdf', language: 'en' },
      { url: 'https://example.eu/pds_es.pdf', language: 'es' },
    ]);
    expect(qc.legislation).toEqual(['BR']);
    expect(qc.retentionPeriodYears).toBe(15);
    expect(qc.limitValue).toEqual({ currency: 'EUR', amount: 5, exponent: 4 });
    expect(qc.semantics?.version).toBe(2);
    expect(qc.semantics?.identifierName).toBe('eidas-legal-person');
    expect(qc.semantics?.nameRegistrationAuthorities).toEqual([
      { type: 'uniformResourceIdentifier', value: 'x' },
    ]);
    expect(qc.unknown).toEqual([{ oid: '1.2.3.4.5', hasInfo: true }]);
    expect(qc.problems).toEqual([]);
  });

  it('decodes eSign and web types, numeric currency and semantics v1 without NRA', () => {
    const qc = decodeQcStatements(
      statements(
        [OID.qcsQcType, seq(oid(OID.qcTypeEsign), oid(OID.qcTypeWeb), oid('0.4.0.1862.1.6.99'))],
        [OID.qcsQcLimitValue, seq(int(978), int(1000), int(0))],
        [OID.qcsSemanticsIdV1, seq(oid(OID.semanticsNaturalPerson))],
      ),
    );
    expect(qc.types).toEqual(['esign', 'web']);
    expect(qc.typeOids).toContain('0.4.0.1862.1.6.99');
    expect(qc.limitValue).toEqual({ currency: '978', amount: 1000, exponent: 0 });
    expect(qc.semantics).toEqual({
      version: 1,
      identifier: OID.semanticsNaturalPerson,
      identifierName: 'natural-person',
      nameRegistrationAuthorities: [],
    });
  });

  it('decodes the ETSI TS 119 495 PSD2 statement', () => {
    const roles = seq(
      seq(oid('0.4.0.19495.1.1'), utf8('PSP_AS')),
      seq(oid('0.4.0.19495.1.3'), utf8('PSP_AI')),
    );
    const qc = decodeQcStatements(statements([OID.psd2, seq(roles, utf8('Banco de España'), utf8('ES-BE'))]));
    expect(qc.psd2).toEqual({
      roles: [
        { oid: '0.4.0.19495.1.1', name: 'PSP_AS' },
        { oid: '0.4.0.19495.1.3', name: 'PSP_AI' },
      ],
      ncaName: 'Banco de España',
      ncaId: 'ES-BE',
    });
    expect(qc.problems).toEqual([]);
  });

  it('turns malformed statementInfo into problems and keeps going', () => {
    const qc = decodeQcStatements(
      statements(
        [OID.qcsQcCompliance, int(1)],
        [OID.qcsQcType, seq(int(3))],
        [OID.qcsQcPDS, seq(seq(ia5('https://x/pds')))],
        [OID.qcsQcRetentionPeriod, printable('ten')],
        [OID.qcsQcCClegislation, seq(printable('BRA'))],
        [OID.psd2, seq(seq(seq(oid('0.4.0.19495.1.2'), utf8('PSP_AS'))), utf8('NCA'), utf8('bad'))],
        [OID.qcsQcSSCD],
      ),
    );
    expect(qc.compliance).toBe(true);
    expect(qc.sscd).toBe(true);
    expect(qc.problems).toHaveLength(7);
    expect(qc.problems.join('\n')).toMatch(/QcCompliance must not carry/);
    expect(qc.problems.join('\n')).toMatch(/0\.4\.0\.1862\.1\.6: QcType: not an OBJECT IDENTIFIER/);
    expect(qc.problems.join('\n')).toMatch(/missing language/);
    expect(qc.problems.join('\n')).toMatch(/"BRA" is not an ISO 3166/);
    expect(qc.problems.join('\n')).toMatch(/expected "PSP_PI"/);
    expect(qc.problems.join('\n')).toMatch(/NCA id "bad"/);
  });

  it('reports a statement whose info is missing', () => {
    const info = parseDer(seq(oid(OID.qcsQcType)));
    const qc = decodeQcStatements([{ oid: OID.qcsQcType }, { oid: OID.qcsQcPDS, info }]);
    expect(qc.problems).toHaveLength(2);
  });
});
