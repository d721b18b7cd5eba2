/**
 * The typed model of an ETSI TS 119 612 trusted list (v5 and v6; older versions are read with a
 * structure message), in the standard's own names.
 */
import type { XmlDocument, XmlElement } from '@mutua/xades';
import type { ServiceDigitalIdentity, TrustedListCertificate } from './certificates';
import type { MultilingualText } from './multilingual';

/**
 * One OtherTSLPointer of PointersToOtherTSL: where another list is, what it is, and the certificates
 * that may sign it (its ServiceDigitalIdentities).
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList } from '@mutua/trust-list';
 * const lotl = parseTrustedList(buildTrustedList({
 *   territory: 'EU',
 *   type: 'http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists',
 *   pointers: [{ location: 'https://tl.example/pt.xml', territory: 'PT', certificates: [caDer] }],
 * }));
 * const p = lotl.schemeInformation.pointersToOtherTSL[0]!;
 * [p.tslLocation, p.schemeTerritory, p.mimeType, p.certificates.length]; // ['https://tl.example/pt.xml', 'PT', 'application/vnd.etsi.tsl+xml', 1]
 * ```
 */
export interface OtherTSLPointer {
  /** TSLLocation: the URL of the pointed list. */
  readonly tslLocation?: string;
  /** ServiceDigitalIdentities: each one may hold the certificates of one signer of the pointed list. */
  readonly serviceDigitalIdentities: readonly ServiceDigitalIdentity[];
  /** Every X509Certificate of the ServiceDigitalIdentities, flattened: the announced signers. */
  readonly certificates: readonly TrustedListCertificate[];
  /** AdditionalInformation / tslx:MimeType. */
  readonly mimeType?: string;
  /** AdditionalInformation / TSLType. */
  readonly tslType?: string;
  /** AdditionalInformation / SchemeTerritory. */
  readonly schemeTerritory?: string;
  /** AdditionalInformation / SchemeOperatorName. */
  readonly schemeOperatorName: readonly MultilingualText[];
  /** AdditionalInformation / SchemeTypeCommunityRules URIs. */
  readonly schemeTypeCommunityRules: readonly string[];
  /** `mra:MutualRecognitionAgreementInformation`, kept raw (its equivalences are applied by a later step). */
  readonly mutualRecognitionAgreement?: XmlElement;
  /** Every OtherInformation element, raw (including those read above). */
  readonly otherInformation: readonly XmlElement[];
}

/**
 * SchemeInformation: the list's identity, version, issuer, dates and pointers.
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList } from '@mutua/trust-list';
 * const si = parseTrustedList(buildTrustedList({ territory: 'PE', sequenceNumber: 26 })).schemeInformation;
 * [si.tslVersionIdentifier, si.tslSequenceNumber, si.schemeTerritory]; // [6, 26, 'PE']
 * ```
 */
export interface SchemeInformation {
  /** TSLVersionIdentifier (5 for TS 119 612 v2.1, 6 for v2.2 onwards); absent when missing or not a number. */
  readonly tslVersionIdentifier?: number;
  /** TSLSequenceNumber. */
  readonly tslSequenceNumber?: number;
  /** TSLType URI. */
  readonly tslType?: string;
  /** SchemeOperatorName, in every language given. */
  readonly schemeOperatorName: readonly MultilingualText[];
  /** SchemeName. */
  readonly schemeName: readonly MultilingualText[];
  /** SchemeInformationURI values (the EU LOTL also lists its pivots and the Official Journal here). */
  readonly schemeInformationUri: readonly MultilingualText[];
  /** StatusDeterminationApproach URI. */
  readonly statusDeterminationApproach?: string;
  /** SchemeTypeCommunityRules URIs. */
  readonly schemeTypeCommunityRules: readonly MultilingualText[];
  /** SchemeTerritory (ISO 3166 code, `EU` for the LOTL). */
  readonly schemeTerritory?: string;
  /** HistoricalInformationPeriod (days). */
  readonly historicalInformationPeriod?: number;
  /** PointersToOtherTSL. */
  readonly pointersToOtherTSL: readonly OtherTSLPointer[];
  /** ListIssueDateTime. */
  readonly listIssueDateTime?: Date;
  /** NextUpdate/dateTime; absent for a closed list. */
  readonly nextUpdate?: Date;
  /** DistributionPoints URIs. */
  readonly distributionPoints: readonly string[];
}

/**
 * A KeyUsageBit criterion: the bit's name (`nonRepudiation`, …) and whether it must be set.
 *
 * @example
 * ```ts
 * import type { KeyUsageBit } from '@mutua/trust-list';
 * const bit: KeyUsageBit = { name: 'nonRepudiation', value: true };
 * bit.value; // true
 * ```
 */
export interface KeyUsageBit {
  /** The bit's name as TS 119 612 spells it. */
  readonly name: string;
  /** Whether the bit must be set (true) or clear (false). */
  readonly value: boolean;
}

/**
 * A CriteriaList of a Qualification: which certificates the qualifiers apply to.
 *
 * @example
 * ```ts
 * import type { CriteriaList } from '@mutua/trust-list';
 * const c: CriteriaList = { assert: 'atLeastOne', keyUsage: [], policySet: [['0.4.0.194112.1.2']], criteriaLists: [], otherCriteria: [] };
 * c.policySet[0]; // ['0.4.0.194112.1.2']
 * ```
 */
export interface CriteriaList {
  /** The `assert` attribute: `all`, `atLeastOne` or `none`. */
  readonly assert: string;
  /** KeyUsage criteria: each a set of bits that must all match. */
  readonly keyUsage: readonly (readonly KeyUsageBit[])[];
  /** PolicySet criteria: each a set of policy identifiers (OIDs, `urn:oid:` removed) that must all be present. */
  readonly policySet: readonly (readonly string[])[];
  /** Nested CriteriaList elements. */
  readonly criteriaLists: readonly CriteriaList[];
  /** otherCriteriaList children (ExtendedKeyUsage, CertSubjectDNAttribute, …), raw. */
  readonly otherCriteria: readonly XmlElement[];
}

/**
 * A QualificationElement of the Qualifications extension: qualifiers (QCWithSSCD, QCForESig, …) for
 * the certificates that meet the criteria.
 *
 * @example
 * ```ts
 * import type { QualificationElement } from '@mutua/trust-list';
 * const q: QualificationElement = {
 *   qualifiers: ['http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCWithQSCD'],
 *   criteriaList: { assert: 'all', keyUsage: [], policySet: [], criteriaLists: [], otherCriteria: [] },
 * };
 * q.qualifiers.length; // 1
 * ```
 */
export interface QualificationElement {
  /** Qualifier URIs. */
  readonly qualifiers: readonly string[];
  /** The criteria. */
  readonly criteriaList: CriteriaList;
}

/**
 * An AdditionalServiceInformation extension (e.g. ForeSignatures, ForeSeals, ForWebSiteAuthentication).
 *
 * @example
 * ```ts
 * import type { AdditionalServiceInformation } from '@mutua/trust-list';
 * const asi: AdditionalServiceInformation = { uri: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSignatures', critical: true };
 * asi.uri.endsWith('ForeSignatures'); // true
 * ```
 */
export interface AdditionalServiceInformation {
  /** The URI. */
  readonly uri: string;
  /** InformationValue, if any. */
  readonly informationValue?: string;
  /** The enclosing Extension's Critical attribute. */
  readonly critical: boolean;
}

/**
 * A TakenOverBy extension: the TSP that took the service over.
 *
 * @example
 * ```ts
 * import type { TakenOverBy } from '@mutua/trust-list';
 * const t: TakenOverBy = { uri: 'https://tsp.example', tspName: [{ lang: 'en', value: 'New TSP' }], schemeOperatorName: [], schemeTerritory: 'ES' };
 * t.schemeTerritory; // 'ES'
 * ```
 */
export interface TakenOverBy {
  /** URI of the taking-over TSP's information. */
  readonly uri?: string;
  /** TSPName. */
  readonly tspName: readonly MultilingualText[];
  /** SchemeOperatorName. */
  readonly schemeOperatorName: readonly MultilingualText[];
  /** SchemeTerritory. */
  readonly schemeTerritory?: string;
}

/**
 * An Extension this parser does not know: kept by name, and when it is critical the service is unusable.
 *
 * @example
 * ```ts
 * import type { UnknownExtension } from '@mutua/trust-list';
 * const u: UnknownExtension = { name: '{urn:x}Thing', critical: true, element: undefined };
 * u.critical; // true
 * ```
 */
export interface UnknownExtension {
  /** `{namespace}localName` of the extension's content. */
  readonly name: string;
  /** The Critical attribute. */
  readonly critical: boolean;
  /** The Extension element, raw. */
  readonly element: XmlElement | undefined;
}

/**
 * ServiceInformationExtensions, read into their known kinds.
 *
 * @example
 * ```ts
 * import type { ServiceInformationExtensions } from '@mutua/trust-list';
 * const none: ServiceInformationExtensions = { qualifications: [], additionalServiceInformation: [], unknown: [] };
 * none.qualifications.length; // 0
 * ```
 */
export interface ServiceInformationExtensions {
  /** Qualifications (ecc:Qualifications) elements, all of them flattened. */
  readonly qualifications: readonly QualificationElement[];
  /** AdditionalServiceInformation extensions. */
  readonly additionalServiceInformation: readonly AdditionalServiceInformation[];
  /** ExpiredCertsRevocationInfo: revocation information is kept for certificates expired after this date. */
  readonly expiredCertsRevocationInfo?: Date;
  /** TakenOverBy. */
  readonly takenOverBy?: TakenOverBy;
  /** Extensions this parser does not read. */
  readonly unknown: readonly UnknownExtension[];
}

/**
 * What a service was at one time: the current ServiceInformation, or a ServiceHistoryInstance.
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList } from '@mutua/trust-list';
 * const s = parseTrustedList(buildTrustedList({ providers: [{ name: 'CA', services: [{ status: 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted' }] }] }))
 *   .trustServiceProviders[0]!.services[0]!;
 * s.serviceStatus?.endsWith('/granted'); // true
 * ```
 */
export interface ServiceStatusInformation {
  /** ServiceTypeIdentifier URI (e.g. `http://uri.etsi.org/TrstSvc/Svctype/CA/QC`). */
  readonly serviceTypeIdentifier?: string;
  /** ServiceName. */
  readonly serviceName: readonly MultilingualText[];
  /** ServiceDigitalIdentity. */
  readonly serviceDigitalIdentity: ServiceDigitalIdentity;
  /** ServiceStatus URI (or, in some Latin American lists, free text: see `warnings`). */
  readonly serviceStatus?: string;
  /** StatusStartingTime. */
  readonly statusStartingTime?: Date;
  /** ServiceInformationExtensions. */
  readonly extensions: ServiceInformationExtensions;
}

/**
 * A ServiceHistoryInstance: a former state of the service, valid from its StatusStartingTime to the
 * next newer state's.
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList } from '@mutua/trust-list';
 * const s = parseTrustedList(buildTrustedList({ providers: [{ name: 'CA', services: [{ history: [{ status: 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn', statusStartingTime: new Date('2020-01-01T00:00:00Z') }] }] }] }))
 *   .trustServiceProviders[0]!.services[0]!;
 * s.history[0]?.statusStartingTime?.toISOString(); // '2020-01-01T00:00:00.000Z'
 * ```
 */
export type ServiceHistoryInstance = ServiceStatusInformation;

/**
 * A TSPService: its current information, history, and whether it can be used at all.
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList } from '@mutua/trust-list';
 * const s = parseTrustedList(buildTrustedList({ providers: [{ name: 'CA', services: [{ name: 'Root CA' }] }] }))
 *   .trustServiceProviders[0]!.services[0]!;
 * s.serviceName[0]?.value; // 'Root CA'
 * s.unusable; // undefined
 * ```
 */
export interface TSPService extends ServiceStatusInformation {
  /** SchemeServiceDefinitionURI values. */
  readonly schemeServiceDefinitionUri: readonly MultilingualText[];
  /** ServiceSupplyPoints (CRL/OCSP/… URLs). */
  readonly serviceSupplyPoints: readonly string[];
  /** TSPServiceDefinitionURI values. */
  readonly tspServiceDefinitionUri: readonly MultilingualText[];
  /** ServiceHistoryInstance elements, in document order (newest first, per TS 119 612 §5.6). */
  readonly history: readonly ServiceHistoryInstance[];
  /** Why this service must not be used (an unknown critical extension, TS 119 612 §5.5.9), if so. */
  readonly unusable?: string;
}

/**
 * A TrustServiceProvider: TSPInformation and its TSPServices.
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList } from '@mutua/trust-list';
 * const tsp = parseTrustedList(buildTrustedList({ providers: [{ name: 'Certisign', services: [{}, {}] }] })).trustServiceProviders[0]!;
 * [tsp.tspName[0]?.value, tsp.services.length]; // ['Certisign', 2]
 * ```
 */
export interface TrustServiceProvider {
  /** TSPName. */
  readonly tspName: readonly MultilingualText[];
  /** TSPTradeName. */
  readonly tspTradeName: readonly MultilingualText[];
  /** TSPInformationURI. */
  readonly tspInformationUri: readonly MultilingualText[];
  /** TSPServices (services without ServiceInformation are left out, with a structure message). */
  readonly services: readonly TSPService[];
}

/**
 * A parsed TrustServiceStatusList. `structureMessages` says what does not conform (never thrown),
 * `warnings` which tolerated deviations were met; neither says anything about the signature, which is
 * `verifyTrustedListSignature`'s job.
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList } from '@mutua/trust-list';
 * const list = parseTrustedList(buildTrustedList({ territory: 'CL' }));
 * list.structureMessages; // ['No ds:Signature element is present!']
 * list.signatureCount; // 0
 * ```
 */
export interface TrustedList {
  /** The parsed XML (what the signature is verified over). */
  readonly document: XmlDocument;
  /** The root's Id attribute. */
  readonly id?: string;
  /** The root's TSLTag attribute. */
  readonly tslTag?: string;
  /** SchemeInformation (empty fields when the element is missing: see `structureMessages`). */
  readonly schemeInformation: SchemeInformation;
  /** TrustServiceProviderList (TSPs without TSPInformation are left out, with a structure message). Built
   * from `document` the first time it is read (by `parseTrustedList`'s lists; the checks behind
   * `structureMessages` and `warnings`, and `certificates`, are made when the list is parsed). */
  readonly trustServiceProviders: readonly TrustServiceProvider[];
  /** The distinct certificates of every ServiceDigitalIdentity (current and history), by base64 DER. */
  readonly certificates: ReadonlyMap<string, TrustedListCertificate>;
  /** How many ds:Signature elements the document holds. */
  readonly signatureCount: number;
  /** What makes the list non-conformant to TS 119 612 (DSS's wording where DSS has one). */
  readonly structureMessages: readonly string[];
  /** Deviations read anyway (old versions, free-text statuses, SHA-1 references…). */
  readonly warnings: readonly string[];
}
