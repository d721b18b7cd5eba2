import { Indication, type SubIndication } from '../validation/indication';
import type { RecognitionPolicy, RecognitionRule, RecognitionSource } from './policy';

/** What recognition looks at: the validation's verdict and where the signer's trust came from. */
export interface RecognitionFacts {
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  /** The `source` of the trust anchor the signer's path ended at (tags it with a policy source id). */
  readonly trustSource?: string;
  /** The time recognition is judged at: the best-signature-time when proven, else the validation time. */
  readonly time: Date;
  /** The certificate's qualification from trusted lists (TS 119 615), when determined. */
  readonly qualification?: {
    readonly qualified: boolean;
    readonly qscd: boolean;
    readonly type: 'esig' | 'eseal' | 'wsa' | 'unknown';
    /** Set when qualified by equivalence under an MRA. */
    readonly byEquivalence?: { readonly agreement: string };
  };
}

/** How one rule of the policy judged the signature. */
export interface RuleOutcome {
  readonly rule: string;
  readonly applies: boolean;
  readonly rung?: string;
  readonly reason: string;
}

/** Whether, and at which level, a relying party recognises a signature — and why. */
export interface Recognition {
  /** The relying party's jurisdiction. */
  readonly jurisdiction: string;
  readonly recognised: boolean;
  /** The rung of the relying party's ladder, when recognised. */
  readonly rung?: string;
  readonly rungLabel?: string;
  /** The rule that gave the recognition. */
  readonly rule?: string;
  /** The trust source behind the signer, when it is one of the policy's. */
  readonly source?: {
    readonly id: string;
    readonly jurisdiction: string;
    readonly nationalLevel: string;
  };
  /** One sentence: "recognised in UY as FEA (…) because of rule …", or why not. */
  readonly explanation: string;
  /** Every rule considered, in policy order. */
  readonly considered: readonly RuleOutcome[];
}

const day = (s: string) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s);

function sourceOf(policy: RecognitionPolicy, tag: string | undefined): RecognitionSource | undefined {
  if (!tag) return undefined;
  return policy.sources.find((s) => tag === s.id || tag.startsWith(`${s.id}:`));
}

function judgeRule(
  rule: RecognitionRule,
  policy: RecognitionPolicy,
  source: RecognitionSource | undefined,
  facts: RecognitionFacts,
  lower: (a: string, b: string) => string,
): RuleOutcome {
  const home = policy.relyingParty;
  switch (rule.kind) {
    case 'domestic':
      if (!source)
        return {
          rule: rule.id,
          applies: false,
          reason: 'the signer’s trust anchor is in no source of the policy',
        };
      return source.jurisdiction === home
        ? {
            rule: rule.id,
            applies: true,
            rung: source.rung,
            reason: `${source.id} is a ${home} source (${source.nationalLevel})`,
          }
        : {
            rule: rule.id,
            applies: false,
            reason: `${source.id} is a ${source.jurisdiction} source, not a ${home} one`,
          };
    case 'agreement': {
      if (!source)
        return {
          rule: rule.id,
          applies: false,
          reason: 'the signer’s trust anchor is in no source of the policy',
        };
      if (source.jurisdiction === home)
        return {
          rule: rule.id,
          applies: false,
          reason: `${source.id} is domestic: the agreement is not needed`,
        };
      const them = rule.parties.find((p) => p.jurisdiction === source.jurisdiction);
      const us = rule.parties.find((p) => p.jurisdiction === home);
      if (!them || !us)
        return {
          rule: rule.id,
          applies: false,
          reason: `${rule.name} binds ${rule.parties.map((p) => p.jurisdiction).join(', ')}; ${!us ? home : source.jurisdiction} is not a party`,
        };
      const pending = [them, us].filter((p) => !p.inForceFrom).map((p) => p.jurisdiction);
      if (pending.length)
        return {
          rule: rule.id,
          applies: false,
          reason: `${rule.name} is not in force for ${pending.join(' and ')}`,
        };
      const from = [them, us].map((p) => day(p.inForceFrom!)).sort((a, b) => b.getTime() - a.getTime())[0]!;
      if (facts.time < from)
        return {
          rule: rule.id,
          applies: false,
          reason: `${rule.name} is in force between ${home} and ${source.jurisdiction} only from ${from.toISOString().slice(0, 10)}, after ${facts.time.toISOString()}`,
        };
      if (rule.until && facts.time >= day(rule.until))
        return { rule: rule.id, applies: false, reason: `${rule.name} ended on ${rule.until}` };
      const rung = lower(source.rung, rule.maxRung);
      return {
        rule: rule.id,
        applies: true,
        rung,
        reason: `${rule.name}, in force between ${home} and ${source.jurisdiction} since ${from.toISOString().slice(0, 10)}: ${source.nationalLevel} (${source.id}) is recognised as ${rung}${rung !== source.rung ? ` (the agreement's ceiling)` : ''}`,
      };
    }
    case 'qualification': {
      const q = facts.qualification;
      if (!q)
        return { rule: rule.id, applies: false, reason: 'no trusted-list qualification was determined' };
      if (!q.qualified) return { rule: rule.id, applies: false, reason: 'the certificate is not qualified' };
      if (rule.requireQscd && !q.qscd)
        return {
          rule: rule.id,
          applies: false,
          reason: 'the certificate is qualified but its key is not on a QSCD',
        };
      if (rule.type !== 'any' && q.type !== rule.type)
        return {
          rule: rule.id,
          applies: false,
          reason: `the certificate is qualified for ${q.type}, the rule asks for ${rule.type}`,
        };
      if (q.byEquivalence && !rule.byEquivalence)
        return {
          rule: rule.id,
          applies: false,
          reason: `qualified only by equivalence under ${q.byEquivalence.agreement}, which this rule does not accept`,
        };
      return {
        rule: rule.id,
        applies: true,
        rung: rule.rung,
        reason: `qualified${q.qscd ? ' on a QSCD' : ''} for ${q.type}${q.byEquivalence ? ` by equivalence under ${q.byEquivalence.agreement}` : ''}`,
      };
    }
  }
}

/**
 * Judges a validated signature against a recognition policy: whether the relying party's jurisdiction
 * recognises it, at which rung of its ladder, and because of which rule (a domestic source, a mutual
 * recognition agreement in force between both jurisdictions at the time, a trusted-list qualification
 * — natively or by MRA equivalence). The highest rung any rule gives wins. Only a TOTAL_PASSED signature
 * can be recognised: recognition never turns INDETERMINATE into valid.
 *
 * @example
 * ```ts
 * import { parseRecognitionPolicy, recognizeSignature } from '@mutua/core';
 * const policy = parseRecognitionPolicy({
 *   version: 1, name: 'Montevideo', relyingParty: 'UY',
 *   ladder: [{ id: 'FEA', label: 'firma electrónica avanzada' }, { id: 'FE', label: 'firma electrónica' }],
 *   sources: [
 *     { id: 'uy-acrn', jurisdiction: 'UY', nationalLevel: 'firma electrónica avanzada', rung: 'FEA' },
 *     { id: 'ar-acraiz', jurisdiction: 'AR', nationalLevel: 'firma digital (Ley 25.506)', rung: 'FEA' },
 *   ],
 *   rules: [
 *     { kind: 'domestic', id: 'domestic' },
 *     { kind: 'agreement', id: 'mercosur', name: 'MERCOSUR mutual recognition agreement (2019)', maxRung: 'FEA',
 *       parties: [{ jurisdiction: 'AR', inForceFrom: '2021-08-12' }, { jurisdiction: 'UY', inForceFrom: '2021-08-12' }] },
 *   ],
 * });
 * const r = recognizeSignature({ indication: 'TOTAL_PASSED', trustSource: 'ar-acraiz', time: new Date('2025-03-01T00:00:00Z') }, policy);
 * [r.recognised, r.rung, r.rule]; // [true, 'FEA', 'mercosur']
 * recognizeSignature({ indication: 'TOTAL_PASSED', trustSource: 'ar-acraiz', time: new Date('2020-03-01T00:00:00Z') }, policy).recognised; // false
 * ```
 */
export function recognizeSignature(facts: RecognitionFacts, policy: RecognitionPolicy): Recognition {
  const home = policy.relyingParty;
  const source = sourceOf(policy, facts.trustSource);
  const sourceInfo = source
    ? { source: { id: source.id, jurisdiction: source.jurisdiction, nationalLevel: source.nationalLevel } }
    : {};
  if (facts.indication !== Indication.TOTAL_PASSED)
    return {
      jurisdiction: home,
      recognised: false,
      ...sourceInfo,
      explanation: `not recognised in ${home}: the signature is ${facts.indication}${facts.subIndication ? `/${facts.subIndication}` : ''}, and only a valid signature can be recognised`,
      considered: [],
    };
  const rank = new Map(policy.ladder.map((r, i) => [r.id, i]));
  const lower = (a: string, b: string) => ((rank.get(a) ?? 0) >= (rank.get(b) ?? 0) ? a : b);
  const considered = policy.rules.map((rule) => judgeRule(rule, policy, source, facts, lower));
  const best = considered
    .filter((o) => o.applies && o.rung !== undefined)
    .sort((a, b) => (rank.get(a.rung!) ?? 0) - (rank.get(b.rung!) ?? 0))[0];
  if (!best)
    return {
      jurisdiction: home,
      recognised: false,
      ...sourceInfo,
      explanation: `valid, but not recognised in ${home}: ${considered.map((o) => `${o.rule}: ${o.reason}`).join('; ') || 'the policy has no rules'}`,
      considered,
    };
  const label = policy.ladder.find((r) => r.id === best.rung)?.label;
  return {
    jurisdiction: home,
    recognised: true,
    rung: best.rung!,
    ...(label ? { rungLabel: label } : {}),
    rule: best.rule,
    ...sourceInfo,
    explanation: `recognised in ${home} as ${best.rung}${label ? ` (${label})` : ''} because of rule ${best.rule}: ${best.reason}`,
    considered,
  };
}
