import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  Indication,
  PolicyError,
  SubIndication,
  parseRecognitionPolicy,
  recognitionPolicyJsonSchema,
  recognizeSignature,
} from '../src/index';

// The example policy a Uruguayan ministry would use: Uruguayan FEA, MERCOSUR partners by agreement.
const policy = parseRecognitionPolicy(
  readFileSync(new URL('../../../examples/recognition/montevideo.json', import.meta.url), 'utf8'),
);
const valid = (trustSource: string, time: string) => ({
  indication: Indication.TOTAL_PASSED,
  trustSource,
  time: new Date(time),
});

describe('recognition policies: recognised where, as what, because of which rule', () => {
  it('a domestic signature is recognised at its own level', () => {
    const r = recognizeSignature(valid('uy-acrn', '2025-01-10T00:00:00Z'), policy);
    expect([r.recognised, r.rung, r.rule]).toEqual([true, 'FEA', 'domestic']);
    expect(r.explanation).toMatch(/^recognised in UY as FEA \(firma electrónica avanzada/);
  });

  it('MERCOSUR: Argentina from 2021-08-12, Brazil from 2024-11-10 (the later party date), Paraguay not yet', () => {
    expect(
      recognizeSignature(valid('ar-acraiz:file:roots/ar.cer', '2021-09-01T00:00:00Z'), policy).rule,
    ).toBe('mercosur-2019');
    const early = recognizeSignature(valid('ar-acraiz', '2021-08-11T23:59:59Z'), policy);
    expect(early.recognised).toBe(false);
    expect(early.explanation).toMatch(/only from 2021-08-12/);
    expect(recognizeSignature(valid('br-icp', '2024-11-09T12:00:00Z'), policy).recognised).toBe(false);
    const br = recognizeSignature(valid('br-icp', '2025-02-01T00:00:00Z'), policy);
    expect([br.recognised, br.rung, br.source?.jurisdiction]).toEqual([true, 'FEA', 'BR']);
    const py = recognizeSignature(valid('py-acraiz', '2025-02-01T00:00:00Z'), policy);
    expect(py.recognised).toBe(false);
    expect(py.considered.find((o) => o.rule === 'mercosur-2019')?.reason).toMatch(/not in force for PY/);
  });

  it('a source the rules do not cover is valid but not recognised, and says why', () => {
    const r = recognizeSignature(valid('eu-lotl', '2025-02-01T00:00:00Z'), policy);
    expect(r.recognised).toBe(false);
    expect(r.explanation).toMatch(/^valid, but not recognised in UY/);
    const unknown = recognizeSignature(valid('somewhere-else', '2025-02-01T00:00:00Z'), policy);
    expect(unknown.source).toBeUndefined();
    expect(unknown.recognised).toBe(false);
  });

  it('only a TOTAL_PASSED signature can be recognised', () => {
    const r = recognizeSignature(
      {
        indication: Indication.INDETERMINATE,
        subIndication: SubIndication.OUT_OF_BOUNDS_NO_POE,
        trustSource: 'uy-acrn',
        time: new Date('2025-01-10T00:00:00Z'),
      },
      policy,
    );
    expect(r.recognised).toBe(false);
    expect(r.explanation).toMatch(/INDETERMINATE\/OUT_OF_BOUNDS_NO_POE/);
  });

  it('an agreement caps the level; qualification rules take trusted-list results, by equivalence only when allowed', () => {
    const eu = parseRecognitionPolicy({
      version: 1,
      name: 'Brussels portal',
      relyingParty: 'EU',
      ladder: [
        { id: 'QES', label: 'qualified electronic signature' },
        { id: 'AdES-QC', label: 'advanced, with a qualified certificate' },
        { id: 'AdES', label: 'advanced electronic signature' },
      ],
      sources: [{ id: 'zz-tl', jurisdiction: 'ZZ', nationalLevel: 'ZZ qualified', rung: 'QES' }],
      rules: [
        {
          kind: 'agreement',
          id: 'eu-zz',
          name: 'EU–ZZ agreement',
          maxRung: 'AdES',
          parties: [
            { jurisdiction: 'EU', inForceFrom: '2022-01-01' },
            { jurisdiction: 'ZZ', inForceFrom: '2022-01-01' },
          ],
        },
        { kind: 'qualification', id: 'qes', rung: 'QES', byEquivalence: true },
        { kind: 'qualification', id: 'qes-native', rung: 'QES' },
      ],
    });
    const capped = recognizeSignature(valid('zz-tl', '2023-01-01T00:00:00Z'), eu);
    expect([capped.rung, capped.rule]).toEqual(['AdES', 'eu-zz']);
    expect(capped.explanation).toMatch(/ceiling/);
    const qualified = recognizeSignature(
      {
        ...valid('zz-tl', '2023-01-01T00:00:00Z'),
        qualification: { qualified: true, qscd: true, type: 'esig', byEquivalence: { agreement: 'EU–ZZ' } },
      },
      eu,
    );
    expect([qualified.rung, qualified.rule]).toEqual(['QES', 'qes']);
    expect(qualified.considered.find((o) => o.rule === 'qes-native')?.applies).toBe(false);
    const noQscd = recognizeSignature(
      {
        ...valid('zz-tl', '2023-01-01T00:00:00Z'),
        qualification: { qualified: true, qscd: false, type: 'esig' },
      },
      eu,
    );
    expect(noQscd.rung).toBe('AdES');
  });

  it('a policy naming an unknown rung or a source twice is refused, listing each problem', () => {
    expect(() =>
      parseRecognitionPolicy({
        version: 1,
        name: 'bad',
        relyingParty: 'UY',
        ladder: [{ id: 'FEA', label: 'x' }],
        sources: [
          { id: 'a', jurisdiction: 'UY', nationalLevel: 'x', rung: 'QES' },
          { id: 'a', jurisdiction: 'UY', nationalLevel: 'x', rung: 'FEA' },
        ],
      }),
    ).toThrow(PolicyError);
    expect(() => parseRecognitionPolicy('{not json')).toThrow(/not JSON/);
  });

  it('docs/recognition-policy.schema.json is the schema generated from the code (run scripts/policy-schema.mts)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../docs/recognition-policy.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(recognitionPolicyJsonSchema());
  });
});
