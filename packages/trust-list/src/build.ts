import { base64Encode } from '@mutua/core';
import { TSL_URIS } from './namespaces';

/**
 * A service for {@link buildTrustedList}; every field has a default so tests state only what matters.
 *
 * @example
 * ```ts
 * import type { TrustedListServiceSpec } from '@mutua/trust-list';
 * const s: TrustedListServiceSpec = { type: 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC', certificates: [caDer] };
 * s.certificates?.length; // 1
 * ```
 */
export interface TrustedListServiceSpec {
  /** ServiceTypeIdentifier (default CA/QC). */
  readonly type?: string;
  /** ServiceName, in English (default `Service`). */
  readonly name?: string;
  /** ServiceStatus (default granted). */
  readonly status?: string;
  /** StatusStartingTime (default 2020-01-01). */
  readonly statusStartingTime?: Date;
  /** DER certificates of the ServiceDigitalIdentity. */
  readonly certificates?: readonly Uint8Array[];
  /** ServiceInformationExtensions' Extension elements, as XML (in the TSL default namespace). */
  readonly extensions?: readonly string[];
  /** ServiceHistoryInstance entries, newest first. */
  readonly history?: readonly Omit<TrustedListServiceSpec, 'history'>[];
}

/**
 * A pointer for {@link buildTrustedList}.
 *
 * @example
 * ```ts
 * import type { TrustedListPointerSpec } from '@mutua/trust-list';
 * const p: TrustedListPointerSpec = { location: 'https://tl.example/br.xml', territory: 'BR', certificates: [caDer] };
 * p.territory; // 'BR'
 * ```
 */
export interface TrustedListPointerSpec {
  /** TSLLocation. */
  readonly location: string;
  /** SchemeTerritory of the pointed list. */
  readonly territory: string;
  /** TSLType of the pointed list (default EUgeneric). */
  readonly type?: string;
  /** MimeType (default the XML one). */
  readonly mimeType?: string;
  /** Certificates that may sign the pointed list. */
  readonly certificates: readonly Uint8Array[];
  /** More OtherInformation content, as XML (e.g. an `mra:MutualRecognitionAgreementInformation`). */
  readonly otherInformation?: readonly string[];
}

/**
 * What {@link buildTrustedList} writes.
 *
 * @example
 * ```ts
 * import type { TrustedListSpec } from '@mutua/trust-list';
 * const spec: TrustedListSpec = { territory: 'AR', sequenceNumber: 3 };
 * spec.territory; // 'AR'
 * ```
 */
export interface TrustedListSpec {
  /** TSLVersionIdentifier (default 6). */
  readonly version?: number;
  /** TSLSequenceNumber (default 1). */
  readonly sequenceNumber?: number;
  /** TSLType (default EUgeneric). */
  readonly type?: string;
  /** SchemeTerritory (default `ZZ`). */
  readonly territory?: string;
  /** SchemeOperatorName in English (default `Scheme operator`). */
  readonly operatorName?: string;
  /** SchemeInformationURI values (default one example URL). */
  readonly schemeInformationUris?: readonly string[];
  /** ListIssueDateTime (default 2026-01-01). */
  readonly issueDate?: Date;
  /** NextUpdate (default issue date + 180 days). */
  readonly nextUpdate?: Date;
  /** PointersToOtherTSL. */
  readonly pointers?: readonly TrustedListPointerSpec[];
  /** TrustServiceProviders. */
  readonly providers?: readonly {
    readonly name: string;
    readonly services: readonly TrustedListServiceSpec[];
  }[];
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const name = (tag: string, value: string) => `<${tag}><Name xml:lang="en">${esc(value)}</Name></${tag}>`;
const sdi = (certs: readonly Uint8Array[]) =>
  `<ServiceDigitalIdentity>${certs.map((c) => `<DigitalId><X509Certificate>${base64Encode(c)}</X509Certificate></DigitalId>`).join('')}</ServiceDigitalIdentity>`;
const address =
  '<PostalAddresses><PostalAddress xml:lang="en"><StreetAddress>1 Main St</StreetAddress><Locality>City</Locality><CountryName>ZZ</CountryName></PostalAddress></PostalAddresses><ElectronicAddress><URI xml:lang="en">mailto:tl@example.org</URI></ElectronicAddress>';

function state(s: Omit<TrustedListServiceSpec, 'history'>): string {
  const ext = s.extensions?.length
    ? `<ServiceInformationExtensions>${s.extensions.join('')}</ServiceInformationExtensions>`
    : '';
  return `<ServiceTypeIdentifier>${esc(s.type ?? 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC')}</ServiceTypeIdentifier>${name('ServiceName', s.name ?? 'Service')}${sdi(s.certificates ?? [])}<ServiceStatus>${esc(s.status ?? 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted')}</ServiceStatus><StatusStartingTime>${iso(s.statusStartingTime ?? new Date('2020-01-01T00:00:00Z'))}</StatusStartingTime>${ext}`;
}

/**
 * Writes an unsigned TS 119 612 trusted list (or list of lists) as XML, with every mandatory element,
 * for tests, examples and lists built from national sources; sign it with `signXades` of @mutua/xades
 * (enveloped, URI "").
 *
 * @example
 * ```ts
 * import { buildTrustedList } from '@mutua/trust-list';
 * const xml = buildTrustedList({ territory: 'CR', providers: [{ name: 'BCCR', services: [{ certificates: [rootDer] }] }] });
 * xml.startsWith('<TrustServiceStatusList'); // true
 * xml.includes('<SchemeTerritory>CR</SchemeTerritory>'); // true
 * ```
 */
export function buildTrustedList(spec: TrustedListSpec = {}): string {
  const issue = spec.issueDate ?? new Date('2026-01-01T00:00:00Z');
  const next = spec.nextUpdate ?? new Date(issue.getTime() + 180 * 86_400_000);
  const pointers = spec.pointers?.length
    ? `<PointersToOtherTSL>${spec.pointers
        .map(
          (p) =>
            `<OtherTSLPointer><ServiceDigitalIdentities>${sdi(p.certificates)}</ServiceDigitalIdentities><TSLLocation>${esc(p.location)}</TSLLocation><AdditionalInformation><OtherInformation><TSLType>${esc(p.type ?? TSL_URIS.EU_GENERIC)}</TSLType></OtherInformation><OtherInformation><SchemeTerritory>${esc(p.territory)}</SchemeTerritory></OtherInformation><OtherInformation><tslx:MimeType xmlns:tslx="${TSL_URIS.ADDITIONAL_TYPES_NS}">${esc(p.mimeType ?? TSL_URIS.XML_MIME_TYPE)}</tslx:MimeType></OtherInformation>${(p.otherInformation ?? []).map((o) => `<OtherInformation>${o}</OtherInformation>`).join('')}</AdditionalInformation></OtherTSLPointer>`,
        )
        .join('')}</PointersToOtherTSL>`
    : '';
  const uris = (spec.schemeInformationUris ?? ['https://tl.example.org/scheme'])
    .map((u) => `<URI xml:lang="en">${esc(u)}</URI>`)
    .join('');
  const providers = (spec.providers ?? [])
    .map(
      (p) =>
        `<TrustServiceProvider><TSPInformation>${name('TSPName', p.name)}<TSPAddress>${address}</TSPAddress><TSPInformationURI><URI xml:lang="en">https://tsp.example.org</URI></TSPInformationURI></TSPInformation><TSPServices>${p.services
          .map(
            (s) =>
              `<TSPService><ServiceInformation>${state(s)}</ServiceInformation>${
                s.history?.length
                  ? `<ServiceHistory>${s.history.map((h) => `<ServiceHistoryInstance>${state(h)}</ServiceHistoryInstance>`).join('')}</ServiceHistory>`
                  : ''
              }</TSPService>`,
          )
          .join('')}</TSPServices></TrustServiceProvider>`,
    )
    .join('');
  return `<TrustServiceStatusList xmlns="${TSL_URIS.TSL_NS}" Id="tsl" TSLTag="http://uri.etsi.org/19612/TSLTag"><SchemeInformation><TSLVersionIdentifier>${spec.version ?? 6}</TSLVersionIdentifier><TSLSequenceNumber>${spec.sequenceNumber ?? 1}</TSLSequenceNumber><TSLType>${esc(spec.type ?? TSL_URIS.EU_GENERIC)}</TSLType>${name('SchemeOperatorName', spec.operatorName ?? 'Scheme operator')}<SchemeOperatorAddress>${address}</SchemeOperatorAddress>${name('SchemeName', `${spec.territory ?? 'ZZ'}: trusted list`)}<SchemeInformationURI>${uris}</SchemeInformationURI><StatusDeterminationApproach>http://uri.etsi.org/TrstSvc/TrustedList/StatusDetn/EUappropriate</StatusDeterminationApproach><SchemeTerritory>${esc(spec.territory ?? 'ZZ')}</SchemeTerritory><HistoricalInformationPeriod>65535</HistoricalInformationPeriod>${pointers}<ListIssueDateTime>${iso(issue)}</ListIssueDateTime><NextUpdate><dateTime>${iso(next)}</dateTime></NextUpdate></SchemeInformation>${providers ? `<TrustServiceProviderList>${providers}</TrustServiceProviderList>` : ''}</TrustServiceStatusList>`;
}

/**
 * A CriteriaList for {@link qualificationsExtension} and {@link mraElement}: every field optional.
 *
 * @example
 * ```ts
 * import type { CriteriaSpec } from '@mutua/trust-list';
 * const c: CriteriaSpec = { assert: 'atLeastOne', policySet: [['0.4.0.194112.1.2']], keyUsage: [{ nonRepudiation: true }] };
 * c.assert; // 'atLeastOne'
 * ```
 */
export interface CriteriaSpec {
  /** `all` (default), `atLeastOne` or `none`. */
  readonly assert?: string;
  /** KeyUsage criteria: each a map of KeyUsageBit names to their required value. */
  readonly keyUsage?: readonly Readonly<Record<string, boolean>>[];
  /** PolicySet criteria: each a list of policy OIDs that must all be present. */
  readonly policySet?: readonly (readonly string[])[];
  /** Nested CriteriaList elements. */
  readonly criteriaLists?: readonly CriteriaSpec[];
  /** otherCriteriaList children, as XML (e.g. from {@link qcStatementSet}). */
  readonly other?: readonly string[];
}

const ECC = `xmlns:ecc="${TSL_URIS.ECC_NS}"`;
const XADES = `xmlns:xades="${TSL_URIS.XADES_NS}"`;
const MRA = `xmlns:mra="${TSL_URIS.MRA_NS}"`;

/** The content (children) of a CriteriaList element, in the ecc namespace. */
function criteriaContent(c: CriteriaSpec): string {
  const ku = (c.keyUsage ?? [])
    .map(
      (bits) =>
        `<ecc:KeyUsage ${ECC}>${Object.entries(bits)
          .map(([n, v]) => `<ecc:KeyUsageBit name="${esc(n)}">${v}</ecc:KeyUsageBit>`)
          .join('')}</ecc:KeyUsage>`,
    )
    .join('');
  const ps = (c.policySet ?? [])
    .map(
      (set) =>
        `<ecc:PolicySet ${ECC}>${set.map((o) => `<ecc:PolicyIdentifier><xades:Identifier ${XADES} Qualifier="OIDAsURN">urn:oid:${esc(o)}</xades:Identifier></ecc:PolicyIdentifier>`).join('')}</ecc:PolicySet>`,
    )
    .join('');
  const nested = (c.criteriaLists ?? [])
    .map(
      (n) =>
        `<ecc:CriteriaList ${ECC} assert="${esc(n.assert ?? 'all')}">${criteriaContent(n)}</ecc:CriteriaList>`,
    )
    .join('');
  const other = c.other?.length
    ? `<ecc:otherCriteriaList ${ECC}>${c.other.join('')}</ecc:otherCriteriaList>`
    : '';
  return ku + ps + nested + other;
}

/**
 * Writes an `mra:QcStatementSet` criterion (for a CriteriaSpec's `other`): the certificate must carry
 * every statement, with the given QcType or QcCClegislation value when one is given.
 *
 * @example
 * ```ts
 * import { qcStatementSet } from '@mutua/trust-list';
 * const xml = qcStatementSet([{ oid: '0.4.0.1862.1.1' }, { oid: '0.4.0.1862.1.7', legislation: 'ZZ' }]);
 * xml.includes('<mra:QcCClegislation>ZZ</mra:QcCClegislation>'); // true
 * ```
 */
export function qcStatementSet(
  statements: readonly { readonly oid: string; readonly qcType?: string; readonly legislation?: string }[],
): string {
  return `<mra:QcStatementSet ${MRA} ${XADES}>${statements
    .map((s) => {
      const info =
        s.qcType !== undefined
          ? `<mra:QcStatementInfo><mra:QcType><xades:Identifier>${esc(s.qcType)}</xades:Identifier></mra:QcType></mra:QcStatementInfo>`
          : s.legislation !== undefined
            ? `<mra:QcStatementInfo><mra:QcCClegislation>${esc(s.legislation)}</mra:QcCClegislation></mra:QcStatementInfo>`
            : '';
      return `<mra:QcStatement><mra:QcStatementId><xades:Identifier>${esc(s.oid)}</xades:Identifier></mra:QcStatementId>${info}</mra:QcStatement>`;
    })
    .join('')}</mra:QcStatementSet>`;
}

/**
 * Writes a Qualifications Extension (ecc:Qualifications, TS 119 612 §5.5.9.2) for a service's
 * `extensions`: each element's qualifier URIs apply to the certificates meeting its criteria.
 *
 * @example
 * ```ts
 * import { QUALIFICATION_URIS, buildTrustedList, parseTrustedList, qualificationsExtension } from '@mutua/trust-list';
 * const ext = qualificationsExtension([{ qualifiers: [QUALIFICATION_URIS.QC_WITH_QSCD], criteria: { policySet: [['0.4.0.194112.1.2']] } }]);
 * const s = parseTrustedList(buildTrustedList({ providers: [{ name: 'QTSP', services: [{ extensions: [ext] }] }] })).trustServiceProviders[0]!.services[0]!;
 * s.extensions.qualifications[0]?.criteriaList.policySet; // [['0.4.0.194112.1.2']]
 * ```
 */
export function qualificationsExtension(
  elements: readonly { readonly qualifiers: readonly string[]; readonly criteria: CriteriaSpec }[],
  critical = true,
): string {
  return `<Extension Critical="${critical}"><ecc:Qualifications ${ECC}>${elements
    .map(
      (e) =>
        `<ecc:QualificationElement><ecc:Qualifiers>${e.qualifiers.map((q) => `<ecc:Qualifier uri="${esc(q)}"/>`).join('')}</ecc:Qualifiers><ecc:CriteriaList assert="${esc(e.criteria.assert ?? 'all')}">${criteriaContent(e.criteria)}</ecc:CriteriaList></ecc:QualificationElement>`,
    )
    .join('')}</ecc:Qualifications></Extension>`;
}

/**
 * Writes an AdditionalServiceInformation Extension (e.g. ForeSignatures) for a service's `extensions`.
 *
 * @example
 * ```ts
 * import { QUALIFICATION_URIS, additionalServiceInformationExtension } from '@mutua/trust-list';
 * additionalServiceInformationExtension(QUALIFICATION_URIS.FOR_ESEALS).includes('ForeSeals'); // true
 * ```
 */
export function additionalServiceInformationExtension(uri: string, critical = true): string {
  return `<Extension Critical="${critical}"><AdditionalServiceInformation><URI xml:lang="en">${esc(uri)}</URI></AdditionalServiceInformation></Extension>`;
}

/**
 * One trust service equivalence for {@link mraElement}. Defaults: enacted from 2020-01-01, the EU side
 * CA/QC with the AdditionalServiceInformation the legal identifier implies (QCForESig → ForeSignatures,
 * QCForESeal → ForeSeals, QWAC/QCForWSA → ForWebSiteAuthentication), valid statuses granted ↔ granted
 * and invalid withdrawn ↔ withdrawn.
 *
 * @example
 * ```ts
 * import type { MraEquivalenceSpec } from '@mutua/trust-list';
 * const e: MraEquivalenceSpec = { legalIdentifier: 'QCForESig', pointedServiceType: 'http://zz.example/Svctype/QC', status: 'repealed' };
 * e.status; // 'repealed'
 * ```
 */
export interface MraEquivalenceSpec {
  /** TrustServiceLegalIdentifier (e.g. `QCForESig`). */
  readonly legalIdentifier: string;
  /** `enacted` (default), `repealed`, or a full status URI. */
  readonly status?: string;
  /** TrustServiceEquivalenceStatusStartingTime (default 2020-01-01). */
  readonly startingTime?: Date;
  /** The EU service type (default CA/QC). */
  readonly pointingServiceType?: string;
  /** The EU AdditionalServiceInformation (default from the legal identifier; `null` for none). */
  readonly pointingAdditionalServiceInformation?: string | null;
  /** The third country's service type. */
  readonly pointedServiceType: string;
  /** The third country's AdditionalServiceInformation, if the equivalence is restricted to one. */
  readonly pointedAdditionalServiceInformation?: string;
  /** Third-country statuses equivalent to granted (default: granted). */
  readonly pointedValidStatuses?: readonly string[];
  /** Third-country statuses equivalent to withdrawn (default: withdrawn). */
  readonly pointedInvalidStatuses?: readonly string[];
  /** CertificateContentReferenceEquivalence entries: a context URI and the two CriteriaLists. */
  readonly certificateContent?: readonly {
    readonly context: string;
    readonly pointing: CriteriaSpec;
    readonly pointed: CriteriaSpec;
  }[];
  /** QualifierEquivalence entries (EU ↔ third country). */
  readonly qualifiers?: readonly { readonly pointing: string; readonly pointed: string }[];
  /** TrustServiceEquivalenceHistoryInstance entries, newest first. */
  readonly history?: readonly Omit<MraEquivalenceSpec, 'legalIdentifier' | 'history'>[];
}

const MRA_STATUS = 'http://ec.europa.eu/tools/lotl/mra/';
const LEGAL_ASI: Readonly<Record<string, string>> = {
  QCForESig: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSignatures',
  QCForESeal: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSeals',
  QCForWSA: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForWebSiteAuthentication',
  QWAC: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForWebSiteAuthentication',
};
const SVC = 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/';

function mraTslType(type: string, asi: string | undefined | null): string {
  const a = asi
    ? `<AdditionalServiceInformation xmlns="${TSL_URIS.TSL_NS}"><URI xml:lang="en">${esc(asi)}</URI></AdditionalServiceInformation>`
    : '';
  return `<mra:TrustServiceTSLType><ServiceTypeIdentifier xmlns="${TSL_URIS.TSL_NS}">${esc(type)}</ServiceTypeIdentifier>${a}</mra:TrustServiceTSLType>`;
}

function mraState(legal: string, e: Omit<MraEquivalenceSpec, 'legalIdentifier' | 'history'>): string {
  const status = e.status ?? 'enacted';
  const statusUri = status.includes('://') ? status : MRA_STATUS + status;
  const pointingAsi =
    e.pointingAdditionalServiceInformation === undefined
      ? LEGAL_ASI[legal]
      : e.pointingAdditionalServiceInformation;
  const st = (list: readonly string[]) =>
    list.map((s) => `<ServiceStatus xmlns="${TSL_URIS.TSL_NS}">${esc(s)}</ServiceStatus>`).join('');
  const content = e.certificateContent?.length
    ? `<mra:CertificateContentReferencesEquivalenceList>${e.certificateContent
        .map(
          (c) =>
            `<mra:CertificateContentReferenceEquivalence><mra:CertificateContentReferenceEquivalenceContext>${esc(c.context)}</mra:CertificateContentReferenceEquivalenceContext><mra:CertificateContentDeclarationPointingParty assert="${esc(c.pointing.assert ?? 'all')}">${criteriaContent(c.pointing)}</mra:CertificateContentDeclarationPointingParty><mra:CertificateContentDeclarationPointedParty assert="${esc(c.pointed.assert ?? 'all')}">${criteriaContent(c.pointed)}</mra:CertificateContentDeclarationPointedParty></mra:CertificateContentReferenceEquivalence>`,
        )
        .join('')}</mra:CertificateContentReferencesEquivalenceList>`
    : '';
  const qualifiers = e.qualifiers?.length
    ? `<mra:TrustServiceTSLQualificationExtensionEquivalenceList><mra:TrustServiceTSLQualificationExtensionName><mra:TrustServiceTSLQualificationExtensionNamePointingParty>http://uri.etsi.org/TrstSvc/SvcInfoExt/eSigDir-1999-93-EC-TrustedList/#Qualifications</mra:TrustServiceTSLQualificationExtensionNamePointingParty><mra:TrustServiceTSLQualificationExtensionNamePointedParty>http://uri.etsi.org/TrstSvc/SvcInfoExt/eSigDir-1999-93-EC-TrustedList/#Qualifications</mra:TrustServiceTSLQualificationExtensionNamePointedParty></mra:TrustServiceTSLQualificationExtensionName><mra:QualifierEquivalenceList>${e.qualifiers
        .map(
          (q) =>
            `<mra:QualifierEquivalence><mra:QualifierPointingParty uri="${esc(q.pointing)}"/><mra:QualifierPointedParty uri="${esc(q.pointed)}"/></mra:QualifierEquivalence>`,
        )
        .join('')}</mra:QualifierEquivalenceList></mra:TrustServiceTSLQualificationExtensionEquivalenceList>`
    : '';
  return `<mra:TrustServiceTSLTypeEquivalenceList><mra:TrustServiceTSLTypeListPointingParty>${mraTslType(e.pointingServiceType ?? 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC', pointingAsi)}</mra:TrustServiceTSLTypeListPointingParty><mra:TrustServiceTSLTypeListPointedParty>${mraTslType(e.pointedServiceType, e.pointedAdditionalServiceInformation)}</mra:TrustServiceTSLTypeListPointedParty></mra:TrustServiceTSLTypeEquivalenceList><mra:TrustServiceEquivalenceStatus>${esc(statusUri)}</mra:TrustServiceEquivalenceStatus><mra:TrustServiceEquivalenceStatusStartingTime>${iso(e.startingTime ?? new Date('2020-01-01T00:00:00Z'))}</mra:TrustServiceEquivalenceStatusStartingTime><mra:TrustServiceTSLStatusEquivalenceList><mra:TrustServiceTSLStatusValidEquivalence><mra:TrustServiceTSLStatusListPointingParty>${st([`${SVC}granted`])}</mra:TrustServiceTSLStatusListPointingParty><mra:TrustServiceTSLStatusListPointedParty>${st(e.pointedValidStatuses ?? [`${SVC}granted`])}</mra:TrustServiceTSLStatusListPointedParty></mra:TrustServiceTSLStatusValidEquivalence><mra:TrustServiceTSLStatusInvalidEquivalence><mra:TrustServiceTSLStatusListPointingParty>${st([`${SVC}withdrawn`])}</mra:TrustServiceTSLStatusListPointingParty><mra:TrustServiceTSLStatusListPointedParty>${st(e.pointedInvalidStatuses ?? [`${SVC}withdrawn`])}</mra:TrustServiceTSLStatusListPointedParty></mra:TrustServiceTSLStatusInvalidEquivalence></mra:TrustServiceTSLStatusEquivalenceList>${content}${qualifiers}`;
}

/**
 * Writes an `mra:MutualRecognitionAgreementInformation` element for a pointer's `otherInformation`
 * (EU MRA schema v2), as the EU pilot LOTL carries on its pointer to a third-country list.
 *
 * @example
 * ```ts
 * import { mraElement } from '@mutua/trust-list';
 * const xml = mraElement({ pointedLegislation: 'ZZ', equivalences: [{ legalIdentifier: 'QCForESig', pointedServiceType: 'http://zz.example/Svctype/QC' }] });
 * xml.startsWith('<mra:MutualRecognitionAgreementInformation'); // true
 * xml.includes('<mra:TrustServiceLegalIdentifier>QCForESig</mra:TrustServiceLegalIdentifier>'); // true
 * ```
 */
export function mraElement(spec: {
  /** pointingContractingPartyLegislation (default `EU`). */
  readonly pointingLegislation?: string;
  /** pointedContractingPartyLegislation. */
  readonly pointedLegislation: string;
  /** technicalType, version and MRADepth (default 1 each). */
  readonly technicalType?: number;
  /** version attribute (default 1). */
  readonly version?: number;
  /** MRADepth attribute (default 1). */
  readonly mraDepth?: number;
  /** TrustServiceEquivalenceInformation entries. */
  readonly equivalences: readonly MraEquivalenceSpec[];
}): string {
  const infos = spec.equivalences
    .map((e) => {
      const history = e.history?.length
        ? `<mra:TrustServiceEquivalenceHistory>${e.history.map((h) => `<mra:TrustServiceEquivalenceHistoryInstance>${mraState(e.legalIdentifier, h)}</mra:TrustServiceEquivalenceHistoryInstance>`).join('')}</mra:TrustServiceEquivalenceHistory>`
        : '';
      return `<mra:TrustServiceEquivalenceInformation><mra:TrustServiceLegalIdentifier>${esc(e.legalIdentifier)}</mra:TrustServiceLegalIdentifier>${mraState(e.legalIdentifier, e)}${history}</mra:TrustServiceEquivalenceInformation>`;
    })
    .join('');
  return `<mra:MutualRecognitionAgreementInformation ${MRA} technicalType="${spec.technicalType ?? 1}" version="${spec.version ?? 1}" pointingContractingPartyLegislation="${esc(spec.pointingLegislation ?? 'EU')}" pointedContractingPartyLegislation="${esc(spec.pointedLegislation)}" MRADepth="${spec.mraDepth ?? 1}">${infos}</mra:MutualRecognitionAgreementInformation>`;
}
