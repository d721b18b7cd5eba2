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
