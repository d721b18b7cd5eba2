import { z } from 'zod';
import { PolicyError } from '../errors';

const level = z.enum(['fail', 'warn', 'inform', 'ignore']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'an ISO 8601 date (YYYY-MM-DD)');

/** Checks whose weight a policy may change. Signature, chaining and revocation status are never optional. */
export const CONFIGURABLE_CHECKS = [
  'certificate.validity',
  'certificate.keyUsage',
  'certificate.basicConstraints',
  'certificate.criticalExtensions',
  'certificate.extensionsWellFormed',
  'path.nameConstraints',
  'path.policy',
  'path.length',
  'crypto.constraints',
  'revocation.freshness',
] as const;

/** A check id that a policy may set a level for. */
export type ConfigurableCheck = (typeof CONFIGURABLE_CHECKS)[number];

/** A hash or key-size entry of the cryptographic-constraints table (ETSI TS 119 312 style). */
const algorithmEntry = z.strictObject({
  /** Algorithm name: a hash (`SHA-1`) or a key family (`RSA`, `DSA`, `EC`, `Ed25519`, `Ed448`). */
  name: z.string(),
  /** For key families: the minimum size in bits this entry is about. */
  minBits: z.number().int().positive().optional(),
  /** Not acceptable for use at or after this date; absent means no expiry is known. */
  expires: isoDate.nullable().optional(),
});

const policySchema = z.strictObject({
  /** Schema version of this policy document. */
  version: z.literal(1),
  name: z.string(),
  description: z.string().optional(),
  /** Per-check levels for the checks in {@link CONFIGURABLE_CHECKS}; anything unset is `fail`. */
  checks: z.partialRecord(z.enum(CONFIGURABLE_CHECKS), level).default({}),
  revocation: z
    .strictObject({
      /** `require`: missing revocation data is INDETERMINATE/TRY_LATER. `if-present`: used when given. `ignore`. */
      mode: z.enum(['require', 'if-present', 'ignore']).default('require'),
      /**
       * Maximum age in seconds of revocation data's thisUpdate at the validation time. Absent: the data
       * is fresh until its nextUpdate (RFC 5280 behaviour).
       */
      maxAgeSeconds: z.number().int().nonnegative().optional(),
      /**
       * Whether revocation data without nextUpdate is accepted; such data is current for at most
       * `maxAgeSeconds` (default: one day) after its thisUpdate.
       */
      acceptMissingNextUpdate: z.boolean().default(true),
      /** Check OCSP responses' responder authorisation (RFC 6960 §4.2.2.2). Always on; listed for documentation. */
      prefer: z.enum(['ocsp', 'crl']).default('ocsp'),
    })
    .default({ mode: 'require', acceptMissingNextUpdate: true, prefer: 'ocsp' }),
  /** The RFC 5280 §6.1.1 path-validation inputs. */
  pathValidation: z
    .strictObject({
      initialPolicySet: z.array(z.string()).default(['2.5.29.32.0']),
      initialExplicitPolicy: z.boolean().default(false),
      initialPolicyMappingInhibit: z.boolean().default(false),
      initialAnyPolicyInhibit: z.boolean().default(false),
      /** Maximum number of candidate paths to try (bounds work on hostile certificate pools). */
      maxCandidatePaths: z.number().int().positive().default(64),
      /** Maximum path length, anchor included. */
      maxPathLength: z.number().int().positive().default(16),
    })
    .default({
      initialPolicySet: ['2.5.29.32.0'],
      initialExplicitPolicy: false,
      initialPolicyMappingInhibit: false,
      initialAnyPolicyInhibit: false,
      maxCandidatePaths: 64,
      maxPathLength: 16,
    }),
  /** The cryptographic constraints: hash functions and key sizes with the dates after which they are not accepted. */
  cryptographicConstraints: z
    .strictObject({
      hashes: z.array(algorithmEntry),
      keys: z.array(algorithmEntry),
    })
    .optional(),
});

/** A validation policy (the output type of {@link ValidationPolicySchema}): see docs/validation-policy.md. */
export type ValidationPolicy = z.output<typeof policySchema>;
/** A validation policy as written in JSON (defaults not yet applied). */
export type ValidationPolicyInput = z.input<typeof policySchema>;

/**
 * The validation policy schema (zod). A policy is data: load it from JSON, check it with this schema (or
 * the exported JSON Schema in `docs/policy.schema.json`), and hand it to the validators.
 */
export const ValidationPolicySchema: z.ZodType<ValidationPolicy, ValidationPolicyInput> = policySchema;

/**
 * The default cryptographic constraints: a hash or key size is acceptable for use before its date.
 * Dates of retired algorithms follow ETSI TS 119 312 and EU DSS's default policy. For the 112-bit
 * security class (RSA/DSA of about 2048 bits, SHA-224) we use the end of 2030, the horizon of NIST
 * SP 800-57 Part 1 Rev. 5, until a newer TS 119 312 edition is adopted; see docs/validation-policy.md.
 */
export const ETSI_TS_119_312_CONSTRAINTS = {
  hashes: [
    { name: 'MD2', expires: '1995-01-01' },
    { name: 'MD5', expires: '2004-08-01' },
    { name: 'SHA-1', expires: '2009-12-31' },
    { name: 'SHA-224', expires: '2031-01-01' },
    { name: 'SHA-256', expires: null },
    { name: 'SHA-384', expires: null },
    { name: 'SHA-512', expires: null },
    { name: 'SHA3-224', expires: '2031-01-01' },
    { name: 'SHA3-256', expires: null },
    { name: 'SHA3-384', expires: null },
    { name: 'SHA3-512', expires: null },
  ],
  keys: [
    { name: 'RSA', minBits: 1024, expires: '2009-01-01' },
    { name: 'RSA', minBits: 1536, expires: '2016-01-01' },
    { name: 'RSA', minBits: 1900, expires: '2031-01-01' },
    { name: 'RSA', minBits: 3000, expires: null },
    { name: 'RSA-PSS', minBits: 1900, expires: '2031-01-01' },
    { name: 'RSA-PSS', minBits: 3000, expires: null },
    { name: 'DSA', minBits: 1024, expires: '2009-01-01' },
    { name: 'DSA', minBits: 2048, expires: '2031-01-01' },
    { name: 'DSA', minBits: 3000, expires: null },
    { name: 'EC', minBits: 160, expires: '2011-01-01' },
    { name: 'EC', minBits: 192, expires: '2013-01-01' },
    { name: 'EC', minBits: 224, expires: '2016-01-01' },
    { name: 'EC', minBits: 256, expires: null },
    { name: 'Ed25519', minBits: 256, expires: null },
    { name: 'Ed448', minBits: 448, expires: null },
  ],
};

/**
 * The strict default policy: every check fails the validation, revocation data is required, and the
 * ETSI TS 119 312 cryptographic constraints apply. See `docs/validation-policy.md`.
 */
export const STRICT_POLICY: ValidationPolicy = ValidationPolicySchema.parse({
  version: 1,
  name: 'mutua-strict',
  description:
    'Mutua strict default: all checks fail, revocation required, ETSI TS 119 312 cryptographic constraints.',
  checks: {},
  revocation: { mode: 'require' },
  cryptographicConstraints: ETSI_TS_119_312_CONSTRAINTS,
});

/**
 * Parses and checks a policy document (an object, or JSON text).
 *
 * @throws {@link PolicyError} listing every schema violation.
 * @remarks
 * Example (from `examples/custom-policy.ts`, which the test suite runs):
 *
 * {@includeCode ../../../../examples/custom-policy.ts#example}
 */
export function parseValidationPolicy(input: unknown): ValidationPolicy {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new PolicyError('POLICY_NOT_JSON', `validation policy is not JSON: ${(e as Error).message}`);
    }
  }
  const r = ValidationPolicySchema.safeParse(value);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new PolicyError('POLICY_INVALID', `validation policy is invalid: ${issues}`);
  }
  return r.data;
}

/** The JSON Schema of {@link ValidationPolicySchema} (draft 2020-12), for editors and other languages.
 * @example
 * ```ts
 * import { validationPolicyJsonSchema } from '@mutua/core';
 * const schema = validationPolicyJsonSchema() as { $schema: string };
 * schema.$schema; // 'https://json-schema.org/draft/2020-12/schema'
 * ```
 */
export function validationPolicyJsonSchema(): unknown {
  return z.toJSONSchema(policySchema, { io: 'input' });
}

/** The level a policy sets for a check (default `fail`).
 * @example
 * ```ts
 * import { checkLevel, parseValidationPolicy } from '@mutua/core';
 * const policy = parseValidationPolicy({ version: 1, name: 'triage', checks: { 'revocation.freshness': 'warn' } });
 * checkLevel(policy, 'revocation.freshness'); // 'warn'
 * checkLevel(policy, 'path.policy'); // 'fail'
 * ```
 */
export function checkLevel(policy: ValidationPolicy, id: string): 'fail' | 'warn' | 'inform' | 'ignore' {
  return (policy.checks as Record<string, 'fail' | 'warn' | 'inform' | 'ignore' | undefined>)[id] ?? 'fail';
}
