/**
 * The typed model of `mra:MutualRecognitionAgreementInformation` (EU MRA schema v2,
 * `http://ec.europa.eu/tools/lotl/mra/schema/v2#`): how the EU LOTL says which services of a
 * third-country list are equivalent to EU qualified ones, in the schema's own names. "Pointing party" is
 * the EU (the LOTL that points), "pointed party" the third country (the list pointed to).
 */
import type { CriteriaList } from '../model';

/**
 * A service type with, optionally, one AdditionalServiceInformation URI (mra:TrustServiceTSLType).
 *
 * @example
 * ```ts
 * import type { MraServiceType } from '@mutua/trust-list';
 * const t: MraServiceType = { serviceTypeIdentifier: 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC', additionalServiceInformation: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSignatures' };
 * t.serviceTypeIdentifier.endsWith('/CA/QC'); // true
 * ```
 */
export interface MraServiceType {
  /** ServiceTypeIdentifier URI. */
  readonly serviceTypeIdentifier: string;
  /** AdditionalServiceInformation/URI, when the equivalence is restricted to it. */
  readonly additionalServiceInformation?: string;
}

/**
 * One CertificateContentReferenceEquivalence: in a context (`…/mra/QcCompliance`, `…/QcType`,
 * `…/QcQSCD`), what the third country's certificates carry (pointed) and what it stands for in the EU
 * (pointing), each as a TS 119 612 CriteriaList.
 *
 * @example
 * ```ts
 * import type { MraCertificateContentEquivalence } from '@mutua/trust-list';
 * const none = { assert: 'all', keyUsage: [], policySet: [], criteriaLists: [], otherCriteria: [] };
 * const e: MraCertificateContentEquivalence = { context: 'http://ec.europa.eu/tools/lotl/mra/QcCompliance', pointing: none, pointed: none };
 * e.context.endsWith('QcCompliance'); // true
 * ```
 */
export interface MraCertificateContentEquivalence {
  /** CertificateContentReferenceEquivalenceContext URI. */
  readonly context: string;
  /** CertificateContentDeclarationPointingParty: the EU reference content. */
  readonly pointing: CriteriaList;
  /** CertificateContentDeclarationPointedParty: the third country's content that is equivalent. */
  readonly pointed: CriteriaList;
}

/**
 * A QualifierEquivalence: a third-country Qualifier URI and the EU Qualifier it stands for.
 *
 * @example
 * ```ts
 * import type { MraQualifierEquivalence } from '@mutua/trust-list';
 * const q: MraQualifierEquivalence = { pointing: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCWithQSCD', pointed: 'http://zz.example/QCWithQSCD' };
 * q.pointed; // 'http://zz.example/QCWithQSCD'
 * ```
 */
export interface MraQualifierEquivalence {
  /** QualifierPointingParty (EU) URI. */
  readonly pointing: string;
  /** QualifierPointedParty (third country) URI. */
  readonly pointed: string;
}

/**
 * The state of a trust service equivalence from its starting time until the next newer state's: its
 * status (enacted or repealed) and every mapping.
 *
 * @example
 * ```ts
 * import type { MraEquivalenceState } from '@mutua/trust-list';
 * const s: MraEquivalenceState = {
 *   status: 'http://ec.europa.eu/tools/lotl/mra/enacted', statusStartingTime: new Date('2022-01-01T00:00:00Z'),
 *   serviceTypes: [], statusEquivalence: { validPointing: [], validPointed: [], invalidPointing: [], invalidPointed: [] },
 *   certificateContent: [], qualifiers: [],
 * };
 * s.status.endsWith('/enacted'); // true
 * ```
 */
export interface MraEquivalenceState {
  /** TrustServiceEquivalenceStatus URI (`…/mra/enacted` or `…/mra/repealed`). */
  readonly status: string;
  /** TrustServiceEquivalenceStatusStartingTime (absent when not a valid xsd:dateTime). */
  readonly statusStartingTime?: Date;
  /** TrustServiceTSLTypeEquivalenceList, paired by position: pointed[i] ↔ pointing[i] (a single pointing entry applies to every pointed one). */
  readonly serviceTypes: readonly { readonly pointing: MraServiceType; readonly pointed: MraServiceType }[];
  /** TrustServiceTSLStatusEquivalenceList: the statuses that count as valid and as invalid, on each side. */
  readonly statusEquivalence: {
    /** Valid EU statuses (e.g. granted). */
    readonly validPointing: readonly string[];
    /** Third-country statuses equivalent to them. */
    readonly validPointed: readonly string[];
    /** Invalid EU statuses (e.g. withdrawn). */
    readonly invalidPointing: readonly string[];
    /** Third-country statuses equivalent to them. */
    readonly invalidPointed: readonly string[];
  };
  /** CertificateContentReferencesEquivalenceList. */
  readonly certificateContent: readonly MraCertificateContentEquivalence[];
  /** TrustServiceTSLQualificationExtensionEquivalenceList's QualifierEquivalence entries. */
  readonly qualifiers: readonly MraQualifierEquivalence[];
  /** TrustServiceTSLQualificationExtensionName, pointing and pointed, when given. */
  readonly qualificationExtensionName?: { readonly pointing: string; readonly pointed: string };
}

/**
 * A TrustServiceEquivalenceInformation: one legal kind of trust service (TrustServiceLegalIdentifier,
 * e.g. `QCForESig`), its current state and its history.
 *
 * @example
 * ```ts
 * import { buildTrustedList, mraElement, parseMutualRecognitionAgreement, parseTrustedList } from '@mutua/trust-list';
 * const lotl = parseTrustedList(buildTrustedList({ territory: 'EU', pointers: [{ location: 'https://zz.example/tl.xml', territory: 'ZZ', certificates: [],
 *   otherInformation: [mraElement({ pointedLegislation: 'ZZ', equivalences: [{ legalIdentifier: 'QCForESig', pointedServiceType: 'http://zz.example/Svctype/QC' }] })] }] }));
 * const mra = parseMutualRecognitionAgreement(lotl.schemeInformation.pointersToOtherTSL[0]!.mutualRecognitionAgreement!);
 * mra.equivalences[0]?.legalIdentifier; // 'QCForESig'
 * ```
 */
export interface TrustServiceEquivalence {
  /** TrustServiceLegalIdentifier (e.g. `QCForESig`, `QCForESeal`, `QWAC`). */
  readonly legalIdentifier: string;
  /** The current state. */
  readonly current: MraEquivalenceState;
  /** TrustServiceEquivalenceHistoryInstance entries, as written. */
  readonly history: readonly MraEquivalenceState[];
}

/**
 * A parsed `mra:MutualRecognitionAgreementInformation`: the agreement's attributes and its trust service
 * equivalences. `problems` says what does not follow the schema (never thrown).
 *
 * @example
 * ```ts
 * import { buildTrustedList, mraElement, parseMutualRecognitionAgreement, parseTrustedList } from '@mutua/trust-list';
 * const lotl = parseTrustedList(buildTrustedList({ territory: 'EU', pointers: [{ location: 'https://zz.example/tl.xml', territory: 'ZZ', certificates: [],
 *   otherInformation: [mraElement({ pointedLegislation: 'ZZ', equivalences: [] })] }] }));
 * const mra = parseMutualRecognitionAgreement(lotl.schemeInformation.pointersToOtherTSL[0]!.mutualRecognitionAgreement!);
 * [mra.pointingContractingPartyLegislation, mra.pointedContractingPartyLegislation]; // ['EU', 'ZZ']
 * ```
 */
export interface MutualRecognitionAgreement {
  /** technicalType attribute. */
  readonly technicalType?: number;
  /** version attribute. */
  readonly version?: number;
  /** pointingContractingPartyLegislation (the EU side). */
  readonly pointingContractingPartyLegislation?: string;
  /** pointedContractingPartyLegislation (the third country). */
  readonly pointedContractingPartyLegislation?: string;
  /** MRADepth attribute. */
  readonly mraDepth?: number;
  /** TrustServiceEquivalenceInformation elements. */
  readonly equivalences: readonly TrustServiceEquivalence[];
  /** What does not follow the MRA schema. */
  readonly problems: readonly string[];
}
