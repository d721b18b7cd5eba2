import { type Certificate, base64Encode, parseCertificate } from '@mutua/core';
import { TrustServiceIndex, type TrustServiceMatch } from '../index-services';
import type { ServiceStatusInformation } from '../model';
import {
  type EffectiveServiceState,
  type MraApplication,
  type QcContent,
  applyAgreement,
} from '../mra/apply';
import type { ListAgreement } from '../mra/parse';
import { pickLanguage } from '../multilingual';
import { TSL_URIS } from '../namespaces';
import { serviceStatusAt } from '../status';
import { matchCriteria, safeQcStatements } from './criteria';
import { QUALIFICATION_URIS as U } from './uris';

/**
 * The kind of qualified certificate: for electronic signatures, electronic seals, website
 * authentication, or not determined.
 *
 * @example
 * ```ts
 * import type { QualifiedCertificateType } from '@mutua/trust-list';
 * const t: QualifiedCertificateType = 'esig';
 * t; // 'esig'
 * ```
 */
export type QualifiedCertificateType = 'esig' | 'eseal' | 'wsa' | 'unknown';

/**
 * Which list, provider and service a piece of evidence or a check comes from.
 *
 * @example
 * ```ts
 * import type { ServiceProvenance } from '@mutua/trust-list';
 * const p: ServiceProvenance = { territory: 'EE', tslSequenceNumber: 70, tspName: 'SK ID Solutions', serviceName: 'EID-SK 2016' };
 * p.territory; // 'EE'
 * ```
 */
export interface ServiceProvenance {
  /** SchemeTerritory of the list. */
  readonly territory?: string;
  /** TSLSequenceNumber of the list. */
  readonly tslSequenceNumber?: number;
  /** TSPName (English if given). */
  readonly tspName?: string;
  /** ServiceName (English if given) of the state in force, else the current one. */
  readonly serviceName?: string;
  /** ServiceTypeIdentifier as listed. */
  readonly serviceTypeIdentifier?: string;
  /** ServiceStatus as listed at the time, when a state was in force. */
  readonly serviceStatus?: string;
  /** StatusStartingTime of that state. */
  readonly statusStartingTime?: Date;
}

/**
 * One step of qualification, with a stable id, what it found, the standard clause it applies, the time
 * it is about and the service that gave it.
 *
 * @example
 * ```ts
 * import type { QualificationCheck } from '@mutua/trust-list';
 * const c: QualificationCheck = { id: 'QUAL_SERVICE_STATUS', status: 'failed', message: 'withdrawn', reference: 'ETSI TS 119 612 §5.5.4', at: 'signing' };
 * c.status; // 'failed'
 * ```
 */
export interface QualificationCheck {
  /** Stable id (`QUAL_…`). */
  readonly id: string;
  /** `passed`, `failed` (the step rules qualification out), `warning` or `info`. */
  readonly status: 'passed' | 'failed' | 'warning' | 'info';
  /** What was found, in English. */
  readonly message: string;
  /** The clause applied (ETSI TS 119 615 / TS 119 612 / EN 319 412-5 / EN 319 411-2). */
  readonly reference: string;
  /** Which evaluation time the check is about (absent: both). */
  readonly at?: 'issuance' | 'signing';
  /** The service that gave the information, when one did. */
  readonly source?: ServiceProvenance;
}

/**
 * What a certificate says about itself (EN 319 412-5 qcStatements, certificatePolicies), as read or,
 * under an MRA, as mapped into EU terms.
 *
 * @example
 * ```ts
 * import type { CertificateContentEvidence } from '@mutua/trust-list';
 * const c: CertificateContentEvidence = { qcCompliance: true, qcSscd: true, qcTypes: ['0.4.0.1862.1.6.1'], qcLegislation: [], policies: ['0.4.0.194112.1.2'], problems: [] };
 * c.qcCompliance; // true
 * ```
 */
export interface CertificateContentEvidence {
  /** QcCompliance (EN 319 412-5 §4.2.1). */
  readonly qcCompliance: boolean;
  /** QcSSCD (EN 319 412-5 §4.2.2). */
  readonly qcSscd: boolean;
  /** QcType OIDs (EN 319 412-5 §4.2.3). */
  readonly qcTypes: readonly string[];
  /** QcCClegislation country codes (EN 319 412-5 §4.2.4): a QC under a non-EU legislation. */
  readonly qcLegislation: readonly string[];
  /** certificatePolicies OIDs. */
  readonly policies: readonly string[];
  /** Malformed qcStatements, if any. */
  readonly problems: readonly string[];
}

/**
 * The evidence one service gives at one time, kept apart from the judgement: its state in force, that
 * state in EU terms (translated when an MRA applies), the qualifiers whose criteria the certificate
 * meets, and the certificate content as it is to be read under this service.
 *
 * @example
 * ```ts
 * import type { ServiceEvidence } from '@mutua/trust-list';
 * const qualifiers = (e: ServiceEvidence) => e.capturedQualifiers;
 * typeof qualifiers; // 'function'
 * ```
 */
export interface ServiceEvidence {
  /** Where the service was found. */
  readonly match: TrustServiceMatch;
  /** The list, provider and service. */
  readonly provenance: ServiceProvenance;
  /** The time the evidence is about. */
  readonly time: Date;
  /** The service's state in force at that time, as listed (absent before its first StatusStartingTime). */
  readonly state?: ServiceStatusInformation;
  /** That state in EU terms: type, status, ASI, captured qualifiers (after an MRA translation). */
  readonly effective?: EffectiveServiceState;
  /** Qualifier URIs (as listed) of the Qualifications whose criteria the certificate meets. */
  readonly capturedQualifiers: readonly string[];
  /** otherCriteriaList children that could not be evaluated (counted as not met). */
  readonly unsupportedCriteria: readonly string[];
  /** How a mutual recognition agreement was applied, for a service of a third-country list. */
  readonly equivalence?: MraApplication;
  /** The certificate content as read under this service (mapped by the MRA, if one applied). */
  readonly content: CertificateContentEvidence;
}

/**
 * The judgement at one time: qualified or not, with a QSCD or not, the type, and the service (and
 * agreement) it rests on.
 *
 * @example
 * ```ts
 * import type { QualificationAtTime } from '@mutua/trust-list';
 * const label = (q: QualificationAtTime) => (q.qualified ? `QC ${q.type}${q.qscd ? ' QSCD' : ''}` : 'not qualified');
 * typeof label; // 'function'
 * ```
 */
export interface QualificationAtTime {
  /** The time judged. */
  readonly time: Date;
  /** Whether the certificate is an EU qualified certificate at that time (directly or by equivalence). */
  readonly qualified: boolean;
  /** Whether its private key is in a QSCD (an SSCD before eIDAS); false when not qualified. */
  readonly qscd: boolean;
  /** Whether the QSCD is managed by the QTSP on behalf of the holder (QCQSCDManagedOnBehalf). */
  readonly qscdManagedOnBehalf: boolean;
  /** For electronic signatures, seals, website authentication, or unknown. */
  readonly type: QualifiedCertificateType;
  /** Whether it is issued to a legal person (QCForLegalPerson, QcType eSeal, QCP-l policies). */
  readonly legalPerson: boolean;
  /** Set when the qualification holds by equivalence under a mutual recognition agreement. */
  readonly byEquivalence?: {
    /** The agreement, as `EU–XX`. */
    readonly agreement: string;
    /** The TrustServiceLegalIdentifier of the equivalence (e.g. `QCForESig`). */
    readonly legalIdentifier: string;
  };
  /** The service the judgement rests on (the first of those that agree). */
  readonly service?: ServiceProvenance;
  /** What every candidate service said at that time. */
  readonly evidence: readonly ServiceEvidence[];
}

/**
 * The qualification of a certificate (ETSI TS 119 615 §4.3), at its issuance and, when asked, at the
 * signing time, with every check.
 *
 * @example
 * ```ts
 * import type { CertificateQualification } from '@mutua/trust-list';
 * const failed = (q: CertificateQualification) => q.checks.filter((c) => c.status === 'failed').map((c) => c.message);
 * typeof failed; // 'function'
 * ```
 */
export interface CertificateQualification {
  /** At the certificate's issuance (its notBefore). */
  readonly atIssuance: QualificationAtTime;
  /** At the signing (or best-signature) time, when `signingTime` was given. */
  readonly atSigningTime?: QualificationAtTime;
  /** What the certificate itself states. */
  readonly certificate: CertificateContentEvidence;
  /** Every step, in order, for both times. */
  readonly checks: readonly QualificationCheck[];
}

/**
 * Options of {@link qualifyCertificate}.
 *
 * @example
 * ```ts
 * import type { QualificationOptions } from '@mutua/trust-list';
 * const o: QualificationOptions = { services: [], signingTime: new Date('2026-03-01T00:00:00Z') };
 * o.signingTime?.getUTCFullYear(); // 2026
 * ```
 */
export interface QualificationOptions {
  /** The trusted lists' services: an index (searched for the certificate's issuer and `chain`), or the matches themselves. */
  readonly services: TrustServiceIndex | readonly TrustServiceMatch[];
  /** The CA certificates above the certificate (issuer first), when the listed CA is not its direct issuer. */
  readonly chain?: readonly Certificate[];
  /** The signing (best-signature) time; without it only the issuance is judged. */
  readonly signingTime?: Date;
  /** Mutual recognition agreements of third-country lists (from {@link agreementsForLists}). */
  readonly agreements?: readonly ListAgreement[];
}

const R = {
  search: 'ETSI TS 119 615 §4.3 (trust services whose ServiceDigitalIdentity is a CA of the certificate)',
  history: 'ETSI TS 119 612 §5.5.5, §5.6 (status in force at a time); TS 119 615 §4.3',
  usable: 'ETSI TS 119 612 §5.5.9 (a critical extension not understood)',
  type: 'ETSI TS 119 612 §5.5.1 (CA/QC); TS 119 615 §4.3',
  status: 'ETSI TS 119 612 §5.5.4 (granted; pre-eIDAS accredited/undersupervision…); TS 119 615 §4.3',
  qualifiers: 'ETSI TS 119 612 §5.5.9.2 (Qualifications, CriteriaList)',
  consistency: 'ETSI TS 119 615 §4.3 (inconsistent qualifiers: the service is not used)',
  asi: 'ETSI TS 119 612 §5.5.9.4 (AdditionalServiceInformation)',
  agree: 'ETSI TS 119 615 §4.3 (services with different results: not qualified)',
  qc: 'EN 319 412-5 §4.2.1 QcCompliance, §4.2.4 QcCClegislation; EN 319 411-2 QCP; TS 119 612 QCStatement/NotQualified',
  qcType: 'EN 319 412-5 §4.2.3 QcType; TS 119 612 QCForESig/QCForESeal/QCForWSA',
  qscd: 'EN 319 412-5 §4.2.2 QcSSCD; EN 319 411-2 QCP-n-qscd/QCP-l-qscd; TS 119 612 QCWithQSCD/QCNoQSCD/QCQSCDStatusAsInCert/QCQSCDManagedOnBehalf',
  mra: 'EU MRA schema v2 (mra:MutualRecognitionAgreementInformation); eIDAS Art. 14',
} as const;

const QC_TYPE_NAMES: Readonly<Record<string, QualifiedCertificateType>> = {
  '0.4.0.1862.1.6.1': 'esig',
  '0.4.0.1862.1.6.2': 'eseal',
  '0.4.0.1862.1.6.3': 'wsa',
};
const ASI_TYPES: Readonly<Record<string, QualifiedCertificateType>> = {
  [U.FOR_ESIGNATURES]: 'esig',
  [U.FOR_ESEALS]: 'eseal',
  [U.FOR_WEB_SITE_AUTHENTICATION]: 'wsa',
};
const QUALIFIER_TYPES: Readonly<Record<string, QualifiedCertificateType>> = {
  [U.QC_FOR_ESIG]: 'esig',
  [U.QC_FOR_ESEAL]: 'eseal',
  [U.QC_FOR_WSA]: 'wsa',
};
const KNOWN_QUALIFIERS = new Map<string, string>(
  Object.values(U)
    .filter((u) => u.includes('/SvcInfoExt/'))
    .map((u) => [u.toLowerCase(), u]),
);
const GRANTED_STATUSES = new Set<string>([U.GRANTED]);
const PRE_EIDAS_STATUSES = new Set<string>([
  U.UNDER_SUPERVISION,
  U.SUPERVISION_IN_CESSATION,
  U.ACCREDITED,
  U.SET_BY_NATIONAL_LAW,
]);
const CA_QC_TYPES = new Set<string>([U.CA_QC, U.NATIONAL_ROOT_CA_QC]);
const EIDAS = new Date(U.EIDAS_DATE).getTime();
const short = (uri: string | undefined): string => {
  const u = uri ?? '(none)';
  const i = u.indexOf('/Svctype/');
  return i >= 0 ? u.slice(i + 9) : u.replace(/^.*\//, '');
};
const iso = (d: Date) => d.toISOString();

function certificateContent(cert: Certificate): CertificateContentEvidence {
  const qc = safeQcStatements(cert);
  const problems = qc ? [...qc.problems] : [];
  if (cert.ext.qcStatements && !qc) problems.push('the qcStatements extension could not be decoded');
  return {
    qcCompliance: qc?.compliance ?? false,
    qcSscd: qc?.sscd ?? false,
    qcTypes: qc?.typeOids ?? [],
    qcLegislation: qc?.legislation ?? [],
    policies: (cert.ext.certificatePolicies ?? []).map((p) => p.policyIdentifier),
    problems,
  };
}

const toQc = (c: CertificateContentEvidence): QcContent => ({
  compliance: c.qcCompliance,
  sscd: c.qcSscd,
  typeOids: c.qcTypes,
  legislation: c.qcLegislation,
});
const fromQc = (c: CertificateContentEvidence, q: QcContent): CertificateContentEvidence => ({
  ...c,
  qcCompliance: q.compliance,
  qcSscd: q.sscd,
  qcTypes: q.typeOids,
  qcLegislation: q.legislation,
});

function provenance(m: TrustServiceMatch, state: ServiceStatusInformation | undefined): ServiceProvenance {
  const si = m.list.schemeInformation;
  const tsp = pickLanguage(m.provider.tspName);
  const name =
    pickLanguage(state?.serviceName ?? m.service.serviceName) ?? pickLanguage(m.service.serviceName);
  const type = state?.serviceTypeIdentifier ?? m.service.serviceTypeIdentifier;
  return {
    ...(si.schemeTerritory !== undefined ? { territory: si.schemeTerritory } : {}),
    ...(si.tslSequenceNumber !== undefined ? { tslSequenceNumber: si.tslSequenceNumber } : {}),
    ...(tsp !== undefined ? { tspName: tsp } : {}),
    ...(name !== undefined ? { serviceName: name } : {}),
    ...(type !== undefined ? { serviceTypeIdentifier: type } : {}),
    ...(state?.serviceStatus !== undefined ? { serviceStatus: state.serviceStatus } : {}),
    ...(state?.statusStartingTime ? { statusStartingTime: state.statusStartingTime } : {}),
  };
}

const describe = (p: ServiceProvenance) =>
  `${p.territory ?? '?'} list${p.tslSequenceNumber !== undefined ? ` #${p.tslSequenceNumber}` : ''}, ${p.tspName ?? '?'} / ${p.serviceName ?? '?'}`;

/**
 * The services that may vouch for a certificate's qualification (TS 119 615 §4.3): those naming its
 * issuer (not the certificate itself) and, for each CA certificate of `chain`, those naming that CA or
 * its issuer. Each service once, in the order found. Whether the certificate really chains to them is
 * path validation's job.
 *
 * @example
 * ```ts
 * import { TrustServiceIndex, buildTrustedList, findQualificationServices, parseTrustedList } from '@mutua/trust-list';
 * const index = new TrustServiceIndex([parseTrustedList(buildTrustedList({ territory: 'EE', providers: [{ name: 'QTSP', services: [{ certificates: [caDer] }] }] }))]);
 * findQualificationServices(cert, index).length; // 1
 * findQualificationServices(issuer, index).length; // 0
 * ```
 */
export function findQualificationServices(
  certificate: Certificate,
  index: TrustServiceIndex,
  chain: readonly Certificate[] = [],
): TrustServiceMatch[] {
  const own = base64Encode(certificate.der);
  const out: TrustServiceMatch[] = [];
  const seen = new Set<unknown>();
  const add = (m: TrustServiceMatch) => {
    if (seen.has(m.service)) return;
    seen.add(m.service);
    out.push(m);
  };
  for (const m of index.servicesFor(certificate)) if (m.certificate.base64 !== own) add(m);
  for (const ca of chain) for (const m of index.servicesFor(ca)) add(m);
  return out;
}

interface Outcome {
  readonly qualified: boolean;
  readonly qscd: boolean;
  readonly managed: boolean;
  readonly type: QualifiedCertificateType;
  readonly legalPerson: boolean;
  readonly evidence: ServiceEvidence;
}

/** Evidence: what one service says at `time` (translated by its list's agreement, if any). */
function gather(
  cert: Certificate,
  m: TrustServiceMatch,
  time: Date,
  content: CertificateContentEvidence,
  agreements: readonly ListAgreement[],
): { evidence: ServiceEvidence; notes: string[] } {
  const state = serviceStatusAt(m.service, time);
  const prov = provenance(m, state);
  if (!state)
    return {
      evidence: {
        match: m,
        provenance: prov,
        time,
        capturedQualifiers: [],
        unsupportedCriteria: [],
        content,
      },
      notes: [],
    };
  const captured: string[] = [];
  const unsupported: string[] = [];
  for (const q of state.extensions.qualifications) {
    const r = matchCriteria(q.criteriaList, cert);
    unsupported.push(...r.unsupported);
    if (r.matches) for (const u of q.qualifiers) if (!captured.includes(u)) captured.push(u);
  }
  const listed: EffectiveServiceState = {
    ...(state.serviceTypeIdentifier !== undefined
      ? { serviceTypeIdentifier: state.serviceTypeIdentifier }
      : {}),
    ...(state.serviceStatus !== undefined ? { serviceStatus: state.serviceStatus } : {}),
    additionalServiceInformation: state.extensions.additionalServiceInformation.map((a) => a.uri),
    qualifiers: captured,
  };
  const base = {
    match: m,
    provenance: prov,
    time,
    state,
    capturedQualifiers: captured,
    unsupportedCriteria: unsupported,
  };
  const agreement = agreements.find((a) => a.list === m.list);
  if (!agreement) return { evidence: { ...base, effective: listed, content }, notes: [] };
  const r = applyAgreement(agreement.agreement, listed, cert, toQc(content), time);
  return {
    evidence: {
      ...base,
      ...(r.state ? { effective: r.state } : {}),
      equivalence: r.application,
      content: fromQc(content, r.content),
    },
    notes: [...r.notes],
  };
}

/** Judgement of one service's evidence: undefined when the service does not apply (with the reason in `checks`). */
function judgeService(
  cert: Certificate,
  ev: ServiceEvidence,
  notes: readonly string[],
  check: (c: Omit<QualificationCheck, 'at'>) => void,
): Outcome | undefined {
  const source = ev.provenance;
  const where = describe(source);
  if (!ev.state) {
    check({
      id: 'QUAL_SERVICE_AT_TIME',
      status: 'failed',
      message: `${where}: no status in force on ${iso(ev.time)} (listed later)`,
      reference: R.history,
      source,
    });
    return undefined;
  }
  check({
    id: 'QUAL_SERVICE_AT_TIME',
    status: 'passed',
    message: `${where}: ${short(ev.state.serviceTypeIdentifier)} "${short(ev.state.serviceStatus)}" since ${ev.state.statusStartingTime ? iso(ev.state.statusStartingTime) : '?'}`,
    reference: R.history,
    source,
  });
  if (ev.match.service.unusable) {
    check({
      id: 'QUAL_SERVICE_USABLE',
      status: 'failed',
      message: `${where}: ${ev.match.service.unusable}`,
      reference: R.usable,
      source,
    });
    return undefined;
  }
  if (ev.unsupportedCriteria.length > 0)
    check({
      id: 'QUAL_CRITERIA_SUPPORTED',
      status: 'warning',
      message: `${where}: criteria ${[...new Set(ev.unsupportedCriteria)].join(', ')} not understood (counted as not met)`,
      reference: R.qualifiers,
      source,
    });
  if (ev.equivalence) {
    const e = ev.equivalence;
    check({
      id: 'QUAL_MRA_EQUIVALENCE',
      status: e.applied ? 'passed' : 'failed',
      message: e.applied
        ? `${where}: ${short(e.original.serviceTypeIdentifier)} "${short(e.original.serviceStatus)}" read as ${short(ev.effective?.serviceTypeIdentifier)} "${short(ev.effective?.serviceStatus)}": ${e.reason}${e.certificateContent.length ? `; certificate content mapped for ${e.certificateContent.map(short).join(', ')}` : ''}`
        : `${where}: not qualified by equivalence under the ${e.agreement} agreement: ${e.reason}`,
      reference: R.mra,
      source,
    });
    for (const n of notes)
      check({
        id: 'QUAL_MRA_CERTIFICATE_CONTENT',
        status: 'warning',
        message: `${where}: ${n}`,
        reference: R.mra,
        source,
      });
    if (!e.applied) return undefined;
  }
  const eff = ev.effective!;
  if (!CA_QC_TYPES.has(eff.serviceTypeIdentifier ?? '')) {
    check({
      id: 'QUAL_SERVICE_TYPE',
      status: 'failed',
      message: `${where}: service type ${eff.serviceTypeIdentifier ?? '(none)'} does not issue qualified certificates (CA/QC expected)`,
      reference: R.type,
      source,
    });
    return undefined;
  }
  check({
    id: 'QUAL_SERVICE_TYPE',
    status: 'passed',
    message: `${where}: ${short(eff.serviceTypeIdentifier)}`,
    reference: R.type,
    source,
  });
  const status = eff.serviceStatus ?? '';
  if (!GRANTED_STATUSES.has(status) && !PRE_EIDAS_STATUSES.has(status)) {
    check({
      id: 'QUAL_SERVICE_STATUS',
      status: 'failed',
      message: `${where}: status "${status || '(none)'}" on ${iso(ev.time)} is not granted (nor a pre-eIDAS supervision/accreditation status)`,
      reference: R.status,
      source,
    });
    return undefined;
  }
  check({
    id: 'QUAL_SERVICE_STATUS',
    status: 'passed',
    message: `${where}: ${short(status)} on ${iso(ev.time)}`,
    reference: R.status,
    source,
  });
  // Qualifiers by their TS 119 612 spelling, whatever the case (the EU MRA pilot writes QcStatement).
  const q = new Set(eff.qualifiers.map((u) => KNOWN_QUALIFIERS.get(u.toLowerCase()) ?? u));
  if (q.size > 0)
    check({
      id: 'QUAL_QUALIFIERS',
      status: 'info',
      message: `${where}: qualifiers met by the certificate: ${[...q].map(short).join(', ')}`,
      reference: R.qualifiers,
      source,
    });
  // Consistency of the captured qualifiers.
  const conflicts: string[] = [];
  if (q.has(U.QC_STATEMENT) && q.has(U.NOT_QUALIFIED)) conflicts.push('QCStatement with NotQualified');
  const withQ = q.has(U.QC_WITH_SSCD) || q.has(U.QC_WITH_QSCD);
  const noQ = q.has(U.QC_NO_SSCD) || q.has(U.QC_NO_QSCD);
  const asCert = q.has(U.QC_QSCD_STATUS_AS_IN_CERT);
  const managed = q.has(U.QC_QSCD_MANAGED_ON_BEHALF);
  if ([withQ, noQ, asCert].filter(Boolean).length > 1 || (managed && noQ))
    conflicts.push('contradictory QSCD qualifiers');
  const usages = [U.QC_FOR_ESIG, U.QC_FOR_ESEAL, U.QC_FOR_WSA].filter((u) => q.has(u));
  if (usages.length > 1) conflicts.push(`several types (${usages.map(short).join(', ')})`);
  if (q.has(U.QC_FOR_LEGAL_PERSON) && q.has(U.QC_FOR_ESIG)) conflicts.push('QCForLegalPerson with QCForESig');
  if (conflicts.length > 0) {
    check({
      id: 'QUAL_QUALIFIERS_CONSISTENT',
      status: 'failed',
      message: `${where}: ${conflicts.join('; ')}: the service is not used`,
      reference: R.consistency,
      source,
    });
    return undefined;
  }
  const c = ev.content;
  const preEidas = cert.notBefore.getTime() < EIDAS;
  // Type: qualifiers, else the certificate's QcType (none with QcCompliance means eSig), else the ASI.
  let type: QualifiedCertificateType = 'unknown';
  const certTypes = [...new Set(c.qcTypes.map((t) => QC_TYPE_NAMES[t] ?? 'unknown'))];
  if (usages[0]) type = QUALIFIER_TYPES[usages[0]]!;
  else if (certTypes.length === 1) type = certTypes[0]!;
  else if (certTypes.length === 0 && (c.qcCompliance || preEidas)) type = 'esig';
  const asiTypes = eff.additionalServiceInformation.map((a) => ASI_TYPES[a]).filter((t) => t !== undefined);
  if (asiTypes.length > 0) {
    if (type === 'unknown' && new Set(asiTypes).size === 1) type = asiTypes[0]!;
    if (type !== 'unknown' && !asiTypes.includes(type)) {
      check({
        id: 'QUAL_SERVICE_ASI',
        status: 'failed',
        message: `${where}: the service is for ${asiTypes.join('/')} (AdditionalServiceInformation), the certificate is for ${type}: the service does not apply`,
        reference: R.asi,
        source,
      });
      return undefined;
    }
    check({
      id: 'QUAL_SERVICE_ASI',
      status: type === 'unknown' ? 'warning' : 'passed',
      message:
        type === 'unknown'
          ? `${where}: the service is for ${asiTypes.join('/')}; the certificate's type cannot be determined`
          : `${where}: the service issues QCs for ${type}`,
      reference: R.asi,
      source,
    });
  } else if (ev.time.getTime() >= EIDAS)
    check({
      id: 'QUAL_SERVICE_ASI',
      status: 'warning',
      message: `${where}: no AdditionalServiceInformation says which qualified certificates the service issues; the type is the certificate's`,
      reference: R.asi,
      source,
    });
  // QC: the TL's QCStatement / NotQualified override what the certificate says.
  let qualified: boolean;
  let qcWhy: string;
  const byPolicy = c.policies.includes(U.QCP) || c.policies.includes(U.QCP_PLUS);
  if (q.has(U.NOT_QUALIFIED)) [qualified, qcWhy] = [false, 'the list says NotQualified'];
  else if (q.has(U.QC_STATEMENT)) [qualified, qcWhy] = [true, 'the list says QCStatement'];
  else if (c.qcCompliance && c.qcLegislation.length > 0)
    [qualified, qcWhy] = [
      false,
      `QcCompliance under the legislation of ${c.qcLegislation.join(', ')} (QcCClegislation), not an EU QC`,
    ];
  else if (c.qcCompliance) [qualified, qcWhy] = [true, 'the certificate states QcCompliance'];
  else if (preEidas && byPolicy)
    [qualified, qcWhy] = [true, 'issued before eIDAS under a TS 101 456 QCP policy'];
  else [qualified, qcWhy] = [false, 'the certificate states no QcCompliance and the list no QCStatement'];
  // QSCD: the TL's qualifiers override what the certificate says.
  const certQscd =
    c.qcSscd ||
    c.policies.includes(U.QCP_N_QSCD) ||
    c.policies.includes(U.QCP_L_QSCD) ||
    (preEidas && c.policies.includes(U.QCP_PLUS));
  let qscd = certQscd;
  if (withQ || managed) qscd = true;
  else if (noQ) qscd = false;
  const legalPerson =
    q.has(U.QC_FOR_LEGAL_PERSON) ||
    type === 'eseal' ||
    c.policies.includes(U.QCP_L) ||
    c.policies.includes(U.QCP_L_QSCD);
  check({
    id: 'QUAL_SERVICE_RESULT',
    status: qualified ? 'passed' : 'failed',
    message: `${where}: ${qualified ? 'qualified' : 'not qualified'} (${qcWhy}), type ${type}, ${qscd ? `QSCD${managed ? ' managed on behalf' : ''}` : 'no QSCD'}${withQ || noQ || asCert || managed ? ' per the list' : certQscd ? ' per the certificate' : ''}`,
    reference: `${R.qc}; ${R.qcType}; ${R.qscd}`,
    source,
  });
  return {
    qualified,
    qscd: qualified && qscd,
    managed: qualified && managed,
    type,
    legalPerson,
    evidence: ev,
  };
}

function judgeAt(
  cert: Certificate,
  matches: readonly TrustServiceMatch[],
  time: Date,
  at: 'issuance' | 'signing',
  content: CertificateContentEvidence,
  agreements: readonly ListAgreement[],
  checks: QualificationCheck[],
): QualificationAtTime {
  const check = (c: Omit<QualificationCheck, 'at'>) => checks.push({ ...c, at });
  const evidence: ServiceEvidence[] = [];
  const outcomes: Outcome[] = [];
  for (const m of matches) {
    const { evidence: ev, notes } = gather(cert, m, time, content, agreements);
    evidence.push(ev);
    const o = judgeService(cert, ev, notes, check);
    if (o) outcomes.push(o);
  }
  const none = {
    time,
    qualified: false,
    qscd: false,
    qscdManagedOnBehalf: false,
    type: 'unknown' as const,
    legalPerson: false,
    evidence,
  };
  if (outcomes.length === 0) {
    check({
      id: 'QUAL_RESULT',
      status: 'failed',
      message: `not qualified on ${iso(time)}: no granted CA/QC service ${matches.length ? 'applies' : 'lists the certificate’s CA'}`,
      reference: R.search,
    });
    return none;
  }
  const first = outcomes[0]!;
  const same = <K extends keyof Outcome>(k: K) => outcomes.every((o) => o[k] === first[k]);
  if (!same('qualified')) {
    check({
      id: 'QUAL_SERVICES_AGREE',
      status: 'failed',
      message: `the services disagree (${outcomes.map((o) => `${describe(o.evidence.provenance)}: ${o.qualified ? 'qualified' : 'not qualified'}`).join('; ')}): not qualified`,
      reference: R.agree,
    });
    return { ...none, type: same('type') ? first.type : 'unknown' };
  }
  if (outcomes.length > 1)
    check({
      id: 'QUAL_SERVICES_AGREE',
      status: same('type') && same('qscd') ? 'passed' : 'warning',
      message: `${outcomes.length} services ${same('type') && same('qscd') ? 'agree' : 'agree on the qualification but not on the type or QSCD (type unknown / no QSCD then)'}`,
      reference: R.agree,
    });
  const qualified = first.qualified;
  const type = same('type') ? first.type : 'unknown';
  const qscd = qualified && outcomes.every((o) => o.qscd);
  const managed = qscd && outcomes.every((o) => o.managed);
  const eq = first.evidence.equivalence;
  const byEquivalence =
    qualified && eq?.applied && eq.legalIdentifier !== undefined
      ? { agreement: eq.agreement, legalIdentifier: eq.legalIdentifier }
      : undefined;
  check({
    id: 'QUAL_RESULT',
    status: qualified ? 'passed' : 'failed',
    message: `${qualified ? 'qualified' : 'not qualified'} on ${iso(time)}${qualified ? `: QC for ${type}${qscd ? ', QSCD' : ', no QSCD'}` : ''}${byEquivalence ? ` by equivalence under the ${byEquivalence.agreement} agreement (${byEquivalence.legalIdentifier})` : ''}`,
    reference: `${R.qc}; ${byEquivalence ? R.mra : R.search}`,
    source: first.evidence.provenance,
  });
  return {
    time,
    qualified,
    qscd,
    qscdManagedOnBehalf: managed,
    type,
    legalPerson: first.legalPerson,
    ...(byEquivalence ? { byEquivalence } : {}),
    service: first.evidence.provenance,
    evidence,
  };
}

/**
 * Determines whether a certificate is an EU qualified certificate, with a QSCD or not, and of which type
 * (eSig / eSeal / website authentication), at its issuance and at the signing time, from the trusted
 * lists (ETSI TS 119 615 §4.3, as EU DSS's qualification block does):
 *
 * 1. evidence: the services naming its CA ({@link findQualificationServices}), each in the state in
 *    force at the time (TS 119 612 §5.6), translated into EU terms when its list is a third-country list
 *    under a mutual recognition agreement (see {@link agreementsForLists}), and the qualifiers whose
 *    criteria the certificate meets;
 * 2. judgement per service: usable, CA/QC, granted (or a pre-eIDAS supervision/accreditation status),
 *    consistent qualifiers, AdditionalServiceInformation covering the certificate's type; then QC from
 *    QcCompliance (not under a foreign QcCClegislation) overridden by QCStatement / NotQualified, type
 *    from QcType (none means eSig) overridden by QCForESig/QCForESeal/QCForWSA, QSCD from QcSSCD or the
 *    QCP-x-qscd policies overridden by the QSCD qualifiers;
 * 3. across services: those that apply must agree on qualification, else the certificate is not
 *    qualified (conflicts are reported).
 *
 * Path validation (does the certificate really chain to the listed CA, is it revoked) is not done here.
 *
 * @example
 * ```ts
 * import { QUALIFICATION_URIS, TrustServiceIndex, additionalServiceInformationExtension, buildTrustedList, parseTrustedList, qualifyCertificate } from '@mutua/trust-list';
 * const qes = await ca.issue({ extensions: { qcStatements: { compliance: true, sscd: true, type: ['eSign'] } } });
 * const list = parseTrustedList(buildTrustedList({ territory: 'EE', providers: [{ name: 'QTSP', services: [{
 *   certificates: [caDer], statusStartingTime: new Date('2016-07-01T00:00:00Z'),
 *   extensions: [additionalServiceInformationExtension(QUALIFICATION_URIS.FOR_ESIGNATURES)] }] }] }));
 * const q = qualifyCertificate(qes.cert, { services: new TrustServiceIndex([list]), signingTime: new Date() });
 * [q.atIssuance.qualified, q.atIssuance.type, q.atIssuance.qscd]; // [true, 'esig', true]
 * q.atSigningTime?.service?.territory; // 'EE'
 * qualifyCertificate(cert, { services: new TrustServiceIndex([list]) }).atIssuance.qualified; // false
 * ```
 */
export function qualifyCertificate(
  certificate: Certificate | Uint8Array,
  options: QualificationOptions,
): CertificateQualification {
  const cert = certificate instanceof Uint8Array ? parseCertificate(certificate) : certificate;
  const checks: QualificationCheck[] = [];
  const content = certificateContent(cert);
  checks.push({
    id: 'QUAL_CERTIFICATE_CONTENT',
    status: content.problems.length > 0 ? 'warning' : 'info',
    message: `the certificate states: ${[
      content.qcCompliance ? 'QcCompliance' : 'no QcCompliance',
      content.qcSscd ? 'QcSSCD' : 'no QcSSCD',
      content.qcTypes.length
        ? `QcType ${content.qcTypes.map((t) => QC_TYPE_NAMES[t] ?? t).join('/')}`
        : 'no QcType',
      ...(content.qcLegislation.length ? [`QcCClegislation ${content.qcLegislation.join(', ')}`] : []),
      content.policies.length ? `policies ${content.policies.join(', ')}` : 'no policies',
      ...content.problems,
    ].join(', ')}`,
    reference: `${R.qc}; ${R.qscd}`,
  });
  const matches =
    options.services instanceof TrustServiceIndex
      ? findQualificationServices(cert, options.services, options.chain)
      : [...options.services];
  checks.push({
    id: 'QUAL_SERVICES_FOUND',
    status: matches.length > 0 ? 'passed' : 'failed',
    message:
      matches.length > 0
        ? `${matches.length} trust service(s) list a CA of the certificate: ${matches.map((m) => describe(provenance(m, undefined))).join('; ')}`
        : 'no trust service of the loaded lists names a CA of the certificate',
    reference: R.search,
  });
  for (const m of matches) {
    const t = m.list.schemeInformation.tslType;
    if (
      t !== undefined &&
      t !== TSL_URIS.EU_GENERIC &&
      !(options.agreements ?? []).some((a) => a.list === m.list)
    )
      checks.push({
        id: 'QUAL_LIST_SCOPE',
        status: 'warning',
        message: `${describe(provenance(m, undefined))}: the list is of type ${t}, not an EU trusted list, and no mutual recognition agreement is given for it: its qualifiers are read as EU ones`,
        reference: R.mra,
        source: provenance(m, undefined),
      });
  }
  const agreements = options.agreements ?? [];
  const atIssuance = judgeAt(cert, matches, cert.notBefore, 'issuance', content, agreements, checks);
  const atSigningTime = options.signingTime
    ? judgeAt(cert, matches, options.signingTime, 'signing', content, agreements, checks)
    : undefined;
  return { atIssuance, ...(atSigningTime ? { atSigningTime } : {}), certificate: content, checks };
}
