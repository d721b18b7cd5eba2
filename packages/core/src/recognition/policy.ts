import { z } from 'zod';
import { PolicyError } from '../errors';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'an ISO 8601 date (YYYY-MM-DD)');
const jurisdiction = z.string().regex(/^[A-Z]{2}$|^EU$/, 'an ISO 3166-1 alpha-2 country code, or EU');

/** One rung of the relying party's ladder of signature levels, highest first in `ladder`. */
const rung = z.strictObject({
  /** Short id used by the rules (`QES`, `AdES-QC`, `AdES`, `FEA`, …). */
  id: z.string().min(1),
  /** The name the relying party's law gives it. */
  label: z.string(),
});

/**
 * A trust source the relying party accepts: trust anchors tagged with `id` (their `source`, or a
 * `source` starting with `id:`) belong to it. It says which jurisdiction vouches for those signers and
 * at which national level, and which rung of the ladder that national level is worth at home.
 */
const source = z.strictObject({
  id: z.string().min(1),
  jurisdiction,
  /** The level as the issuing jurisdiction names it (e.g. "firma digital", "ICP-Brasil, Lei 14.063 qualificada"). */
  nationalLevel: z.string(),
  /** What that level is worth on the relying party's ladder when the source is recognised. */
  rung: z.string(),
  description: z.string().optional(),
});

/** A party to an agreement, with the date the agreement entered into force for it (absent: not yet). */
const party = z.strictObject({
  jurisdiction,
  inForceFrom: isoDate.nullable().optional(),
  note: z.string().optional(),
});

const rule = z.discriminatedUnion('kind', [
  /** Signers vouched for by a source of the relying party's own jurisdiction. */
  z.strictObject({
    kind: z.literal('domestic'),
    id: z.string().min(1),
    description: z.string().optional(),
  }),
  /**
   * A mutual recognition agreement between jurisdictions (e.g. MERCOSUR 2019): a signer vouched for by
   * a source of one party is recognised by another party once the agreement is in force between both
   * (from the later of their dates), at most at `maxRung`.
   */
  z.strictObject({
    kind: z.literal('agreement'),
    id: z.string().min(1),
    name: z.string(),
    parties: z.array(party).min(2),
    maxRung: z.string(),
    /** When the agreement ended (denounced, replaced), if it did. */
    until: isoDate.optional(),
    description: z.string().optional(),
  }),
  /**
   * Recognition through an ETSI trusted-list qualification (TS 119 615): a certificate found qualified
   * (and, if required, on a QSCD) — natively or by equivalence under an EU MRA when `byEquivalence` is
   * allowed — is recognised at `rung`.
   */
  z.strictObject({
    kind: z.literal('qualification'),
    id: z.string().min(1),
    rung: z.string(),
    requireQscd: z.boolean().default(true),
    type: z.enum(['esig', 'eseal', 'any']).default('esig'),
    byEquivalence: z.boolean().default(false),
    description: z.string().optional(),
  }),
]);

const recognitionSchema = z
  .strictObject({
    /** The JSON Schema this document follows (for editors; ignored). */
    $schema: z.string().optional(),
    /** Schema version of this document. */
    version: z.literal(1),
    name: z.string(),
    description: z.string().optional(),
    /** The jurisdiction whose law the relying party applies. */
    relyingParty: jurisdiction,
    /** The relying party's levels, highest first. */
    ladder: z.array(rung).min(1),
    sources: z.array(source).default([]),
    rules: z.array(rule).default([]),
  })
  .superRefine((p, ctx) => {
    const rungs = new Set(p.ladder.map((r) => r.id));
    const check = (id: string, path: (string | number)[]) => {
      if (!rungs.has(id))
        ctx.addIssue({ code: 'custom', message: `"${id}" is not a rung of the ladder`, path });
    };
    for (const [i, s] of p.sources.entries()) check(s.rung, ['sources', i, 'rung']);
    for (const [i, r] of p.rules.entries()) {
      if (r.kind === 'agreement') check(r.maxRung, ['rules', i, 'maxRung']);
      if (r.kind === 'qualification') check(r.rung, ['rules', i, 'rung']);
    }
    const ids = new Set<string>();
    for (const [i, s] of p.sources.entries()) {
      if (ids.has(s.id))
        ctx.addIssue({
          code: 'custom',
          message: `source id "${s.id}" is used twice`,
          path: ['sources', i, 'id'],
        });
      ids.add(s.id);
    }
  });

/** A recognition policy, parsed and checked (defaults filled in). */
export type RecognitionPolicy = z.output<typeof recognitionSchema>;
/** A recognition policy as written (JSON). */
export type RecognitionPolicyInput = z.input<typeof recognitionSchema>;
/** One rule of a {@link RecognitionPolicy}. */
export type RecognitionRule = RecognitionPolicy['rules'][number];
/** One trust source of a {@link RecognitionPolicy}. */
export type RecognitionSource = RecognitionPolicy['sources'][number];

/**
 * The zod schema of recognition policies (its JSON Schema is `docs/recognition-policy.schema.json`).
 *
 * @example
 * ```ts
 * import { RecognitionPolicySchema } from '@mutua/core';
 * RecognitionPolicySchema.safeParse({ version: 1, name: 'x', relyingParty: 'UY', ladder: [] }).success; // false
 * ```
 */
export const RecognitionPolicySchema: z.ZodType<RecognitionPolicy, RecognitionPolicyInput> =
  recognitionSchema;

/**
 * Parses and checks a recognition policy (an object, or JSON text): which trust sources a relying party
 * accepts, how the national levels behind them map onto its own ladder, and which agreements and
 * qualification rules let a foreign signature in.
 *
 * @throws {@link PolicyError} listing every violation (an unknown rung, a duplicate source id, …).
 * @example
 * ```ts
 * import { parseRecognitionPolicy } from '@mutua/core';
 * const p = parseRecognitionPolicy({
 *   version: 1, name: 'Montevideo', relyingParty: 'UY',
 *   ladder: [{ id: 'FEA', label: 'firma electrónica avanzada' }],
 *   sources: [{ id: 'uy-acrn', jurisdiction: 'UY', nationalLevel: 'firma electrónica avanzada', rung: 'FEA' }],
 *   rules: [{ kind: 'domestic', id: 'domestic' }],
 * });
 * p.sources[0]?.rung; // 'FEA'
 * ```
 */
export function parseRecognitionPolicy(input: unknown): RecognitionPolicy {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new PolicyError('POLICY_NOT_JSON', `recognition policy is not JSON: ${(e as Error).message}`);
    }
  }
  const r = recognitionSchema.safeParse(value);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new PolicyError('POLICY_INVALID', `recognition policy is invalid: ${issues}`);
  }
  return r.data;
}

/**
 * The JSON Schema of recognition policies (draft 2020-12), for editors and other languages.
 *
 * @example
 * ```ts
 * import { recognitionPolicyJsonSchema } from '@mutua/core';
 * (recognitionPolicyJsonSchema() as { $schema: string }).$schema; // 'https://json-schema.org/draft/2020-12/schema'
 * ```
 */
export function recognitionPolicyJsonSchema(): unknown {
  return z.toJSONSchema(recognitionSchema, { io: 'input' });
}
