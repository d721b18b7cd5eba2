/**
 * `judgeModifications`: the judgement half of modification analysis. Each change collected by
 * `collectModifications` is permitted or not by the DocMDP level of the certification signature
 * (ISO 32000-2 §12.8.2.2, with PAdES's DSS and document time-stamps always allowed), the FieldMDP locks,
 * and a policy for what the standard leaves open.
 */
import type {
  FieldLock,
  ModificationCode,
  ModificationFinding,
  ModificationJudgement,
  ModificationPermissions,
  ModificationPolicy,
  PdfModifications,
} from './types';

/**
 * The policy used when none is given: a document nobody certified is held to P=3 (form filling, signing
 * and annotations permitted, and reported, as DSS and Adobe do); annotations and widgets drawn over a
 * certified page fail; metadata changes are permitted; changes nothing explains fail.
 *
 * @example
 * ```ts
 * import { DEFAULT_MODIFICATION_POLICY } from '@mutua/pades';
 * DEFAULT_MODIFICATION_POLICY.uncertifiedLevel; // 3
 * DEFAULT_MODIFICATION_POLICY.overlaysOnCertified; // 'fail'
 * ```
 */
export const DEFAULT_MODIFICATION_POLICY: ModificationPolicy = {
  uncertifiedLevel: 3,
  overlaysOnCertified: 'fail',
  metadataChanges: 'permit',
  otherChanges: 'fail',
};

/** The lowest DocMDP level that permits each kind of change (1: every level). */
const LEVEL: Partial<Record<ModificationCode, 1 | 2 | 3>> = {
  DSS_ADDED: 1,
  DSS_UPDATED: 1,
  DOC_TIMESTAMP_ADDED: 1,
  METADATA_CHANGED: 1,
  OBJECT_REDEFINED: 1,
  SIGNATURE_ADDED: 2,
  SIGNATURE_FIELD_ADDED: 2,
  FORM_FIELD_FILLED: 2,
  FORM_DEFAULTS_UPDATED: 2,
  STRUCTURE_CHANGED: 2,
  ANNOTATION_ADDED: 3,
  ANNOTATION_MODIFIED: 3,
  ANNOTATION_REMOVED: 3,
};

/** Changes to a named field, which a FieldMDP lock on that field forbids. */
const FIELD_SCOPED = new Set<ModificationCode>([
  'FORM_FIELD_FILLED',
  'SIGNATURE_ADDED',
  'ANNOTATION_MODIFIED',
]);

const LEVEL_PERMITS: Record<1 | 2 | 3, string> = {
  1: 'no change but DSS and document time-stamps',
  2: 'form filling and signing (and DSS and document time-stamps)',
  3: 'form filling, signing and annotations (and DSS and document time-stamps)',
};

function locks(field: string, all: readonly FieldLock[]): boolean {
  const named = (list: readonly string[]) => list.some((n) => field === n || field.startsWith(`${n}.`));
  return all.some((l) =>
    l.action === 'All'
      ? true
      : l.action === 'Include'
        ? named(l.fields)
        : l.action === 'Exclude'
          ? !named(l.fields)
          : false,
  );
}

/**
 * Judges collected changes: each is permitted or not, with the reason, and the whole is `UNCHANGED`,
 * `PERMITTED_CHANGES` (every change listed and reported), `NOT_PERMITTED` (the signature fails, and the
 * summary says why) or `INDETERMINATE` (the analysis did not finish). DSS, VRI, document time-stamps
 * and metadata are permitted at every level; form filling and signing from DocMDP P=2; annotations at
 * P=3; changes to pages, content, resources, fonts, XObjects, the page tree, the catalog, signature
 * dictionaries, form structure, and objects revived or redefined for display never are. A field locked
 * by FieldMDP may not be filled or signed.
 *
 * @example
 * ```ts
 * import { judgeModifications, type PdfModifications } from '@mutua/pades';
 * const evidence: PdfModifications = {
 *   signedRevision: 0, finalRevision: 1, objectsCompared: 2, objectsChanged: 2, complete: true,
 *   changes: [{ code: 'FORM_FIELD_FILLED', message: 'form field importe was filled in', objects: [], field: 'importe' }],
 * };
 * judgeModifications(evidence, { docMdp: 2 }).verdict; // 'PERMITTED_CHANGES'
 * judgeModifications(evidence, { docMdp: 1 }).verdict; // 'NOT_PERMITTED'
 * judgeModifications(evidence, { docMdp: 2, locks: [{ action: 'Include', fields: ['importe'] }] }).passed; // false
 * ```
 */
export function judgeModifications(
  evidence: PdfModifications,
  permissions: ModificationPermissions = {},
  policy: Partial<ModificationPolicy> = {},
): ModificationJudgement {
  const p = { ...DEFAULT_MODIFICATION_POLICY, ...policy };
  const certified = permissions.docMdp !== undefined;
  const level = permissions.docMdp ?? p.uncertifiedLevel;
  const where = certified ? `certified at P=${level}` : `not certified, held to P=${level}`;
  const allLocks = permissions.locks ?? [];
  const judge = (code: ModificationCode, field: string | undefined): [boolean, string] => {
    if (code === 'ANALYSIS_INCOMPLETE') return [false, 'the analysis did not finish: nothing can be said'];
    if (code === 'METADATA_CHANGED' && p.metadataChanges === 'fail')
      return [false, 'the policy fails metadata changes'];
    if (code === 'OTHER_OBJECT_CHANGED')
      return p.otherChanges === 'permit'
        ? [true, 'permitted by the policy (a change nothing explains, reported)']
        : [false, 'a change nothing explains is never permitted (reject by default)'];
    if (code === 'OVERLAY_OVER_CONTENT') {
      if (!certified) return [true, 'reported: the document is not certified'];
      return p.overlaysOnCertified === 'report'
        ? [true, 'reported: drawn over a certified page (the policy only reports it)']
        : [false, `drawn over a page certified at P=${level} (Evil Annotation / Sneaky Signature)`];
    }
    if (code === 'FORM_FIELD_ADDED')
      return certified
        ? [false, 'no DocMDP level permits adding form fields']
        : level >= 3
          ? [true, 'reported: the document is not certified']
          : [false, `adding form fields is not permitted at P=${level}`];
    const min = LEVEL[code];
    if (min === undefined) return [false, 'never permitted after signing'];
    if (level < min) return [false, `${where}: it permits ${LEVEL_PERMITS[level]}`];
    if (field !== undefined && FIELD_SCOPED.has(code) && locks(field, allLocks))
      return [false, `field ${field} is locked (FieldMDP or signature field /Lock)`];
    if (min === 1) return [true, 'permitted at every level (PAdES: DSS, document time-stamps, metadata)'];
    return [true, certified ? `${where}: permitted` : `${where}: permitted and reported`];
  };
  const findings: ModificationFinding[] = evidence.changes.map((c) => {
    const [permitted, reason] = judge(c.code, c.field);
    return { ...c, permitted, reason };
  });
  const notPermitted = findings.filter((x) => !x.permitted);
  const incomplete = findings.some((x) => x.code === 'ANALYSIS_INCOMPLETE') || !evidence.complete;
  // A change found not permitted is conclusive even when the analysis stopped later.
  const verdict: ModificationJudgement['verdict'] = notPermitted.some((x) => x.code !== 'ANALYSIS_INCOMPLETE')
    ? 'NOT_PERMITTED'
    : incomplete
      ? 'INDETERMINATE'
      : findings.length > 0
        ? 'PERMITTED_CHANGES'
        : 'UNCHANGED';
  const after = `after revision ${evidence.signedRevision}`;
  const describe = (x: ModificationFinding) =>
    `${x.code}${x.page !== undefined ? ` (page ${x.page})` : x.field !== undefined ? ` (${x.field})` : ''}: ${x.reason}`;
  const summary =
    verdict === 'UNCHANGED'
      ? `no change ${after}`
      : verdict === 'INDETERMINATE'
        ? `modification analysis incomplete: ${findings.find((x) => x.code === 'ANALYSIS_INCOMPLETE')?.message ?? 'limits reached'}`
        : verdict === 'PERMITTED_CHANGES'
          ? `${findings.length} permitted change(s) ${after} (${where}): ${[...new Set(findings.map((x) => x.code))].join(', ')}`
          : `${notPermitted.length} change(s) ${after} not permitted (${where}): ${notPermitted.map(describe).join('; ')}`;
  return {
    verdict,
    passed: verdict === 'UNCHANGED' || verdict === 'PERMITTED_CHANGES',
    summary,
    findings,
    notPermitted,
  };
}
