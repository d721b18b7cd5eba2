import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONFIGURABLE_CHECKS,
  PolicyError,
  STRICT_POLICY,
  checkLevel,
  parseValidationPolicy,
  validationPolicyJsonSchema,
} from '../src/index';

describe('validation policy', () => {
  it('applies defaults to a minimal policy', () => {
    const p = parseValidationPolicy({ version: 1, name: 'minimal' });
    expect(p.revocation.mode).toBe('require');
    expect(p.pathValidation.initialPolicySet).toEqual(['2.5.29.32.0']);
    expect(checkLevel(p, 'path.policy')).toBe('fail');
  });

  it('reads JSON text and per-check levels', () => {
    const p = parseValidationPolicy('{"version":1,"name":"x","checks":{"revocation.freshness":"warn"}}');
    expect(checkLevel(p, 'revocation.freshness')).toBe('warn');
  });

  it.each([
    ['not JSON', '{version'],
    ['wrong version', { version: 2, name: 'x' }],
    ['a typo in a field name', { version: 1, name: 'x', revocaton: { mode: 'ignore' } }],
    ['an unknown revocation mode', { version: 1, name: 'x', revocation: { mode: 'sometimes' } }],
    [
      'a check that may not be lowered',
      { version: 1, name: 'x', checks: { 'certificate.signature': 'ignore' } },
    ],
    [
      'a bad date',
      {
        version: 1,
        name: 'x',
        cryptographicConstraints: { hashes: [{ name: 'SHA-1', expires: 'soon' }], keys: [] },
      },
    ],
  ])('rejects %s with a PolicyError', (_, input) => {
    expect(() => parseValidationPolicy(input)).toThrow(PolicyError);
  });

  it('the strict default fails every check and requires revocation', () => {
    expect(STRICT_POLICY.revocation.mode).toBe('require');
    for (const id of CONFIGURABLE_CHECKS) expect(checkLevel(STRICT_POLICY, id)).toBe('fail');
    expect(STRICT_POLICY.cryptographicConstraints?.hashes.find((h) => h.name === 'SHA-1')?.expires).toBe(
      '2009-12-31',
    );
  });

  it('docs/policy.schema.json is the schema generated from the code (run scripts/policy-schema.mts)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../docs/policy.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(validationPolicyJsonSchema())));
  });
});
