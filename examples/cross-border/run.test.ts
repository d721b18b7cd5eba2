import { describe, expect, it } from 'vitest';
import { runCrossBorder } from './run';

// The cross-border demo is run here, so what examples/cross-border/README.md shows keeps working.
describe('examples/cross-border', () => {
  it('every case has the outcome the README explains', async () => {
    const lines: string[] = [];
    const { cases } = await runCrossBorder((l) => lines.push(l));
    // The outcomes, written out here too: the demo cannot pass by changing its own expectations.
    expect(Object.fromEntries(cases.map((c) => [c.name, c.got]))).toEqual({
      'tampered-ee-list': 'TOTAL_FAILED/HASH_FAILURE',
      'ee-qes': 'TOTAL_PASSED; recognised in EU as QES',
      'es-qc-no-qscd': 'TOTAL_PASSED; recognised in EU as AdES-QC',
      'zz-before-repeal': 'TOTAL_PASSED; recognised in EU as QES',
      'zz-after-repeal': 'TOTAL_PASSED; recognised in EU as AdES',
      'es-withdrawn-proven': 'TOTAL_PASSED; recognised in EU as QES',
      'es-withdrawn-unproven': 'INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND_NO_POE; not recognised in EU',
      unlisted: 'INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND; not recognised in EU',
      'unlisted-local-anchor': 'TOTAL_PASSED; not recognised in EU',
      'ar-fea': 'TOTAL_PASSED; recognised in UY as FEA',
      'br-fea': 'TOTAL_PASSED; recognised in UY as FEA',
      'py-not-in-force': 'TOTAL_PASSED; not recognised in UY',
      'ee-in-montevideo': 'TOTAL_PASSED; not recognised in UY',
    });
    for (const c of cases) expect(c.got, c.name).toBe(c.expected);

    const text = lines.join('\n');
    // The anchors come from the lists, tagged with the policies' source ids.
    expect(text).toContain('anchor ee-tl:EE/');
    expect(text).toContain('anchor zz-tl:ZZ/');
    expect(text).toContain('anchor ar-acraiz:AR/');
    expect(text).toContain('anchor eu-lotl:EE/');
    // The reasons are the ones the README gives.
    expect(text).toContain('because of rule eidas-art14-mra');
    expect(text).toMatch(/the QCForESig equivalence is repealed since 2026-02-01/);
    expect(text).toContain('because of rule mercosur-2019');
    expect(text).toMatch(/is not in force for PY/);
    expect(text).toMatch(/EU is not a party/);
    // A service withdrawn since: its anchor counts only for signatures proven to predate the withdrawal.
    expect(text).toMatch(/formerly es-tl:ES\/ES Ceased QTSP\/.*granted 2016-07-01 – 2026-02-10/);
    expect(text).toContain('All 13 cases as expected.');
  });
});
