import type { Certificate } from '@mutua/core';
import type { CriteriaList } from '../model';
import { matchCriteria } from '../qualification/criteria';
import { kid, kidText, kids, text } from '../xml';
import type { MraEquivalenceState, MutualRecognitionAgreement, TrustServiceEquivalence } from './model';

/**
 * The EU MRA URIs: equivalence statuses and certificate content contexts.
 *
 * @example
 * ```ts
 * import { MRA_URIS } from '@mutua/trust-list';
 * MRA_URIS.ENACTED; // 'http://ec.europa.eu/tools/lotl/mra/enacted'
 * ```
 */
export const MRA_URIS = {
  /** TrustServiceEquivalenceStatus: the equivalence applies. */
  ENACTED: 'http://ec.europa.eu/tools/lotl/mra/enacted',
  /** TrustServiceEquivalenceStatus: the equivalence no longer applies. */
  REPEALED: 'http://ec.europa.eu/tools/lotl/mra/repealed',
  /** Certificate content context: what stands for QcCompliance. */
  QC_COMPLIANCE: 'http://ec.europa.eu/tools/lotl/mra/QcCompliance',
  /** Certificate content context: what stands for QcType. */
  QC_TYPE: 'http://ec.europa.eu/tools/lotl/mra/QcType',
  /** Certificate content context: what stands for QcSSCD (a QSCD). */
  QC_QSCD: 'http://ec.europa.eu/tools/lotl/mra/QcQSCD',
} as const;

/**
 * The state of an equivalence in force at `time`: the newest of the current state and the history
 * instances whose starting time is not after `time` (like a service's history, TS 119 612 §5.6);
 * `undefined` before the first.
 *
 * @example
 * ```ts
 * import { buildTrustedList, equivalenceStateAt, mraElement, parseMutualRecognitionAgreement, parseTrustedList } from '@mutua/trust-list';
 * const lotl = parseTrustedList(buildTrustedList({ territory: 'EU', pointers: [{ location: 'https://zz.example/tl.xml', territory: 'ZZ', certificates: [],
 *   otherInformation: [mraElement({ pointedLegislation: 'ZZ', equivalences: [{ legalIdentifier: 'QCForESig', pointedServiceType: 'http://zz.example/QC',
 *     status: 'repealed', startingTime: new Date('2025-01-01T00:00:00Z'), history: [{ pointedServiceType: 'http://zz.example/QC', startingTime: new Date('2021-01-01T00:00:00Z') }] }] })] }] }));
 * const eq = parseMutualRecognitionAgreement(lotl.schemeInformation.pointersToOtherTSL[0]!.mutualRecognitionAgreement!).equivalences[0]!;
 * equivalenceStateAt(eq, new Date('2023-01-01T00:00:00Z'))?.status; // 'http://ec.europa.eu/tools/lotl/mra/enacted'
 * equivalenceStateAt(eq, new Date('2026-01-01T00:00:00Z'))?.status; // 'http://ec.europa.eu/tools/lotl/mra/repealed'
 * equivalenceStateAt(eq, new Date('2020-01-01T00:00:00Z')); // undefined
 * ```
 */
export function equivalenceStateAt(
  equivalence: TrustServiceEquivalence,
  time: Date,
): MraEquivalenceState | undefined {
  const t = time.getTime();
  return [equivalence.current, ...equivalence.history]
    .filter((s) => s.statusStartingTime !== undefined && s.statusStartingTime.getTime() <= t)
    .sort((a, b) => b.statusStartingTime!.getTime() - a.statusStartingTime!.getTime())[0];
}

/** @internal What qualification reads of a certificate's content: qcStatements and policies. */
export interface QcContent {
  readonly compliance: boolean;
  readonly sscd: boolean;
  readonly typeOids: readonly string[];
  readonly legislation: readonly string[];
}

/**
 * The service state qualification judges, in EU terms: as listed for an EU service, translated by the
 * equivalence for a third-country one.
 *
 * @example
 * ```ts
 * import type { EffectiveServiceState } from '@mutua/trust-list';
 * const s: EffectiveServiceState = { serviceTypeIdentifier: 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC', additionalServiceInformation: [], qualifiers: [] };
 * s.qualifiers.length; // 0
 * ```
 */
export interface EffectiveServiceState {
  /** ServiceTypeIdentifier. */
  readonly serviceTypeIdentifier?: string;
  /** ServiceStatus. */
  readonly serviceStatus?: string;
  /** AdditionalServiceInformation URIs. */
  readonly additionalServiceInformation: readonly string[];
  /** Qualifier URIs whose criteria the certificate meets. */
  readonly qualifiers: readonly string[];
}

/**
 * How an MRA was applied to one service at one time: which agreement and equivalence, whether it
 * applied and why, what the third-country service said before translation, and which certificate
 * content contexts were mapped.
 *
 * @example
 * ```ts
 * import type { MraApplication } from '@mutua/trust-list';
 * const a: MraApplication = { agreement: 'EU–ZZ', applied: false, reason: 'repealed', original: { additionalServiceInformation: [], qualifiers: [] }, certificateContent: [] };
 * a.applied; // false
 * ```
 */
export interface MraApplication {
  /** The agreement, as `pointing–pointed` legislations (e.g. `EU–ZZ`). */
  readonly agreement: string;
  /** TrustServiceLegalIdentifier of the equivalence that applied (or was closest to applying). */
  readonly legalIdentifier?: string;
  /** When the equivalence in force at that time started. */
  readonly equivalenceStartingTime?: Date;
  /** Whether a trust service equivalence was enacted and matched the service. */
  readonly applied: boolean;
  /** Why it applied or not. */
  readonly reason: string;
  /** The third-country service as listed, before translation. */
  readonly original: {
    /** ServiceTypeIdentifier. */
    readonly serviceTypeIdentifier?: string;
    /** ServiceStatus. */
    readonly serviceStatus?: string;
    /** AdditionalServiceInformation URIs. */
    readonly additionalServiceInformation: readonly string[];
    /** Qualifiers captured for the certificate. */
    readonly qualifiers: readonly string[];
  };
  /** The certificate content contexts (`…/mra/QcCompliance`, …) whose equivalence matched the certificate. */
  readonly certificateContent: readonly string[];
}

const QC_COMPLIANCE = '0.4.0.1862.1.1';
const QC_SSCD = '0.4.0.1862.1.4';
const QC_TYPE = '0.4.0.1862.1.6';
const QC_CC_LEGISLATION = '0.4.0.1862.1.7';
const oidOf = (s: string | undefined) => (s ?? '').trim().replace(/^urn:oid:/i, '');

interface StatementRef {
  readonly oid: string;
  readonly qcType?: string;
  readonly legislation?: string;
}

/** The statements a pointing-party CriteriaList declares: present (under all/atLeastOne) or absent (under none). */
function declaredStatements(
  c: CriteriaList,
  positive = true,
  out = { add: [] as StatementRef[], remove: [] as StatementRef[] },
) {
  const here = c.assert === 'none' ? !positive : positive;
  for (const other of c.otherCriteria) {
    if (other.localName !== 'QcStatementSet') continue;
    for (const s of kids(other, 'QcStatement')) {
      const info = kid(s, 'QcStatementInfo');
      const qcType = kid(info, 'QcType');
      const legislation = kidText(info, 'QcCClegislation');
      const ref: StatementRef = {
        oid: oidOf(kidText(kid(s, 'QcStatementId'), 'Identifier') ?? kidText(s, 'QcStatementId')),
        ...(qcType ? { qcType: oidOf(kidText(qcType, 'Identifier') ?? text(qcType)) } : {}),
        ...(legislation !== undefined ? { legislation } : {}),
      };
      (here ? out.add : out.remove).push(ref);
    }
  }
  for (const n of c.criteriaLists) declaredStatements(n, here, out);
  return out;
}

function replaceContent(content: QcContent, context: string, pointing: CriteriaList): QcContent | undefined {
  const { add, remove } = declaredStatements(pointing);
  const has = (list: StatementRef[], oid: string) => list.some((s) => s.oid === oid);
  // The EU pilot LOTL also writes http://ec.europa.eu/trust-services/mutualrecognitionagreement/QcQSCD:
  // the context is known by its last segment.
  switch (`${MRA_URIS.QC_COMPLIANCE.replace(/[^/]+$/, '')}${context.replace(/^.*\//, '')}`) {
    case MRA_URIS.QC_COMPLIANCE: {
      const legislation = has(remove, QC_CC_LEGISLATION)
        ? []
        : add.filter((s) => s.oid === QC_CC_LEGISLATION && s.legislation).map((s) => s.legislation!);
      return {
        ...content,
        compliance: has(add, QC_COMPLIANCE) ? true : has(remove, QC_COMPLIANCE) ? false : content.compliance,
        legislation:
          has(remove, QC_CC_LEGISLATION) || legislation.length > 0 ? legislation : content.legislation,
      };
    }
    case MRA_URIS.QC_TYPE: {
      const types = add.filter((s) => s.oid === QC_TYPE && s.qcType).map((s) => s.qcType!);
      return { ...content, typeOids: types.length > 0 || has(remove, QC_TYPE) ? types : content.typeOids };
    }
    case MRA_URIS.QC_QSCD:
      return { ...content, sscd: has(add, QC_SSCD) ? true : has(remove, QC_SSCD) ? false : content.sscd };
    default:
      return undefined;
  }
}

const ASI_FOR_TYPE: Readonly<Record<string, string>> = {
  '0.4.0.1862.1.6.1': 'ForeSignatures',
  '0.4.0.1862.1.6.2': 'ForeSeals',
  '0.4.0.1862.1.6.3': 'ForWebSiteAuthentication',
};

/** DSS's rule: the certificate's QcType (eSig when only QcCompliance) must fit the EU ASI of the equivalence. */
function typeFitsAsi(content: QcContent, asi: string | undefined): boolean {
  if (!asi) return true;
  const types =
    content.typeOids.length > 0 ? content.typeOids : content.compliance ? ['0.4.0.1862.1.6.1'] : [];
  if (types.length === 0) return true;
  return types.some((t) => ASI_FOR_TYPE[t] !== undefined && asi.endsWith(`/${ASI_FOR_TYPE[t]}`));
}

/** @internal The result of applying an agreement to one service state. */
export interface AgreementOutcome {
  readonly application: MraApplication;
  readonly state?: EffectiveServiceState;
  readonly content: QcContent;
  readonly notes: readonly string[];
}

const label = (agreement: MutualRecognitionAgreement) =>
  `${agreement.pointingContractingPartyLegislation ?? '?'}–${agreement.pointedContractingPartyLegislation ?? '?'}`;
const iso = (d: Date | undefined) => d?.toISOString() ?? '?';

/**
 * @internal Applies an agreement to a third-country service state at `time` for `cert` (issued at
 * its notBefore), as DSS's MRA support does: among the equivalences enacted at `time`, the one whose
 * pointed service type (and ASI) and statuses match the service translates its type, ASI, status and
 * qualifiers into EU terms; its certificate content equivalences map the certificate's statements when
 * the certificate was issued while the equivalence was enacted and its type fits the EU ASI.
 */
export function applyAgreement(
  agreement: MutualRecognitionAgreement,
  original: EffectiveServiceState,
  cert: Certificate,
  content: QcContent,
  time: Date,
): AgreementOutcome {
  const name = label(agreement);
  const base = {
    agreement: name,
    original: {
      ...(original.serviceTypeIdentifier !== undefined
        ? { serviceTypeIdentifier: original.serviceTypeIdentifier }
        : {}),
      ...(original.serviceStatus !== undefined ? { serviceStatus: original.serviceStatus } : {}),
      additionalServiceInformation: original.additionalServiceInformation,
      qualifiers: original.qualifiers,
    },
    certificateContent: [] as string[],
  };
  const typeMatches = (s: MraEquivalenceState) =>
    s.serviceTypes.find(
      (t) =>
        t.pointed.serviceTypeIdentifier === original.serviceTypeIdentifier &&
        (t.pointed.additionalServiceInformation === undefined ||
          original.additionalServiceInformation.includes(t.pointed.additionalServiceInformation)),
    );
  const candidates: { eq: TrustServiceEquivalence; state: MraEquivalenceState }[] = [];
  const reasons: string[] = [];
  let closest: TrustServiceEquivalence | undefined;
  for (const eq of agreement.equivalences) {
    const state = equivalenceStateAt(eq, time);
    const anyType = [eq.current, ...eq.history].some((s) => typeMatches(s));
    if (anyType) closest ??= eq;
    if (!state) {
      if (anyType) reasons.push(`the ${eq.legalIdentifier} equivalence did not exist yet on ${iso(time)}`);
      continue;
    }
    if (!typeMatches(state)) continue;
    if (state.status !== MRA_URIS.ENACTED) {
      reasons.push(
        `the ${eq.legalIdentifier} equivalence is ${state.status.replace(/^.*\//, '')} since ${iso(state.statusStartingTime)}`,
      );
      continue;
    }
    const se = state.statusEquivalence;
    if (
      !se.validPointed.includes(original.serviceStatus ?? '') &&
      !se.invalidPointed.includes(original.serviceStatus ?? '')
    ) {
      reasons.push(`the ${eq.legalIdentifier} equivalence maps no status "${original.serviceStatus ?? ''}"`);
      continue;
    }
    candidates.push({ eq, state });
  }
  if (candidates.length !== 1) {
    const reason =
      candidates.length > 1
        ? `${candidates.length} equivalences (${candidates.map((c) => c.eq.legalIdentifier).join(', ')}) match the service: none is applied`
        : reasons.length > 0
          ? reasons.join('; ')
          : `no equivalence of the ${name} agreement covers the service type ${original.serviceTypeIdentifier ?? '(none)'}`;
    return {
      application: {
        ...base,
        ...(closest ? { legalIdentifier: closest.legalIdentifier } : {}),
        applied: false,
        reason,
      },
      content,
      notes: [],
    };
  }
  const { eq, state } = candidates[0]!;
  const pair = typeMatches(state)!;
  const se = state.statusEquivalence;
  const status = se.validPointed.includes(original.serviceStatus ?? '')
    ? se.validPointing[0]
    : se.invalidPointing[0];
  const qualifierMap = new Map(state.qualifiers.map((q) => [q.pointed, q.pointing]));
  const asi = pair.pointing.additionalServiceInformation;
  const translated: EffectiveServiceState = {
    serviceTypeIdentifier: pair.pointing.serviceTypeIdentifier,
    ...(status !== undefined ? { serviceStatus: status } : {}),
    additionalServiceInformation: asi ? [asi] : original.additionalServiceInformation,
    qualifiers: original.qualifiers.map((q) => qualifierMap.get(q) ?? q),
  };
  // Certificate content: only for a certificate issued while the equivalence was enacted (DSS).
  const notes: string[] = [];
  const atIssuance = equivalenceStateAt(eq, cert.notBefore);
  let mapped = content;
  const applied: string[] = [];
  if (state.certificateContent.length > 0) {
    if (atIssuance?.status !== MRA_URIS.ENACTED)
      notes.push(
        `the certificate was issued (${iso(cert.notBefore)}) when the ${eq.legalIdentifier} equivalence was not enacted: its content is not mapped`,
      );
    else if (!typeFitsAsi(content, asi))
      notes.push(`the certificate's QcType does not fit ${asi ?? ''}: its content is not mapped`);
    else
      for (const c of state.certificateContent) {
        const m = matchCriteria(c.pointed, cert);
        if (!m.matches) continue;
        const next = replaceContent(mapped, c.context, c.pointing);
        if (next) {
          mapped = next;
          applied.push(c.context);
        } else notes.push(`certificate content context ${c.context} is not supported`);
      }
  }
  return {
    application: {
      ...base,
      legalIdentifier: eq.legalIdentifier,
      ...(state.statusStartingTime ? { equivalenceStartingTime: state.statusStartingTime } : {}),
      applied: true,
      reason: `the ${eq.legalIdentifier} equivalence of the ${name} agreement is enacted since ${iso(state.statusStartingTime)}`,
      certificateContent: applied,
    },
    state: translated,
    content: mapped,
    notes,
  };
}
