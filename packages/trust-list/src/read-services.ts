/** Reads TrustServiceProviderList → TSPs → TSPServices and their extensions. Internal. */
import type { XmlElement } from '@mutua/xades';
import { type CertificateOf, forEachCertificate, readServiceDigitalIdentity } from './certificates';
import type {
  AdditionalServiceInformation,
  CriteriaList,
  QualificationElement,
  ServiceInformationExtensions,
  ServiceStatusInformation,
  TSPService,
  TakenOverBy,
  TrustServiceProvider,
  UnknownExtension,
} from './model';
import { readMultilingual } from './multilingual';
import { dateTime } from './read-scheme';
import { type Mutable, elementKids, kid, kidText, kids, text } from './xml';

/** Where the reader reports what it met: structure problems and tolerated deviations. */
export interface ReadNotes {
  readonly structure: string[];
  readonly warnings: string[];
}

/** @internal Reads an ecc:CriteriaList (also the MRA's certificate content declarations). */
export function readCriteriaList(e: XmlElement): CriteriaList {
  return {
    assert: e.getAttribute('assert') ?? 'all',
    keyUsage: kids(e, 'KeyUsage').map((ku) =>
      kids(ku, 'KeyUsageBit').map((b) => ({ name: b.getAttribute('name') ?? '', value: text(b) === 'true' })),
    ),
    policySet: kids(e, 'PolicySet').map((ps) =>
      kids(ps, 'PolicyIdentifier').map((pi) => (kidText(pi, 'Identifier') ?? '').replace(/^urn:oid:/i, '')),
    ),
    criteriaLists: kids(e, 'CriteriaList').map(readCriteriaList),
    otherCriteria: elementKids(kid(e, 'otherCriteriaList')),
  };
}

function readQualifications(q: XmlElement): QualificationElement[] {
  return kids(q, 'QualificationElement').map((qe) => {
    const cl = kid(qe, 'CriteriaList');
    return {
      qualifiers: kids(kid(qe, 'Qualifiers'), 'Qualifier').map((x) => x.getAttribute('uri') ?? text(x) ?? ''),
      criteriaList: cl
        ? readCriteriaList(cl)
        : { assert: 'all', keyUsage: [], policySet: [], criteriaLists: [], otherCriteria: [] },
    };
  });
}

function readExtensions(sie: XmlElement | undefined): ServiceInformationExtensions {
  const qualifications: QualificationElement[] = [];
  const additionalServiceInformation: AdditionalServiceInformation[] = [];
  const unknown: UnknownExtension[] = [];
  let expiredCertsRevocationInfo: Date | undefined;
  let takenOverBy: TakenOverBy | undefined;
  for (const ext of kids(sie, 'Extension')) {
    const critical = ext.getAttribute('Critical') === 'true' || ext.getAttribute('Critical') === '1';
    const content = elementKids(ext);
    // An Extension with text only is not something this parser can interpret either.
    if (content.length === 0) unknown.push({ name: '(no element)', critical, element: ext });
    for (const c of content) {
      if (c.localName === 'Qualifications') qualifications.push(...readQualifications(c));
      else if (c.localName === 'AdditionalServiceInformation') {
        const iv = kidText(c, 'InformationValue');
        const uri = kidText(c, 'URI') ?? '';
        additionalServiceInformation.push(
          iv !== undefined ? { uri, informationValue: iv, critical } : { uri, critical },
        );
      } else if (c.localName === 'ExpiredCertsRevocationInfo') expiredCertsRevocationInfo = dateTime(text(c));
      else if (c.localName === 'TakenOverBy') {
        const uri = kidText(c, 'URI');
        const territory = kidText(c, 'SchemeTerritory');
        const t: Mutable<TakenOverBy> = {} as Mutable<TakenOverBy>;
        if (uri !== undefined) t.uri = uri;
        t.tspName = readMultilingual(kid(c, 'TSPName'));
        t.schemeOperatorName = readMultilingual(kid(c, 'SchemeOperatorName'));
        if (territory !== undefined) t.schemeTerritory = territory;
        takenOverBy = t;
      } else unknown.push({ name: `{${c.namespaceURI}}${c.localName}`, critical, element: ext });
    }
  }
  // Built field by field rather than with spreads of optional parts (same keys, same order): spreads
  // in the middle of a literal are a runtime call each, on thousands of services.
  const out = {
    qualifications,
    additionalServiceInformation,
  } as unknown as Mutable<ServiceInformationExtensions>;
  if (expiredCertsRevocationInfo) out.expiredCertsRevocationInfo = expiredCertsRevocationInfo;
  if (takenOverBy) out.takenOverBy = takenOverBy;
  out.unknown = unknown;
  return out;
}

/** A ServiceStatus that is a URI (anything else is free text, reported as a warning). */
const STATUS_URI = /^https?:\/\//;

/**
 * The checks of one ServiceInformation or ServiceHistoryInstance: a free-text status (Peru's INDECOPI
 * list writes "No acredited", the Dominican one bare "Granted"/"Withdrawn": read, reported, and treated
 * by the status logic as not granted, as anything that is not a known URI) and a StatusStartingTime that
 * is not an xsd:dateTime. Then every X509Certificate of its ServiceDigitalIdentity, in order.
 */
function checkStatusInformation(
  e: XmlElement,
  where: string,
  notes: ReadNotes,
  onCertificate: (value: XmlElement) => void,
): void {
  const serviceStatus = kidText(e, 'ServiceStatus');
  const startText = kidText(e, 'StatusStartingTime');
  if (serviceStatus !== undefined && !STATUS_URI.test(serviceStatus))
    notes.warnings.push(`${where}: ServiceStatus "${serviceStatus}" is free text, not a TS 119 612 URI`);
  if (startText !== undefined && !dateTime(startText))
    notes.structure.push(`${where}: StatusStartingTime "${startText}" is not an xsd:dateTime`);
  forEachCertificate(kid(e, 'ServiceDigitalIdentity'), onCertificate);
}

function readStatusInformation(e: XmlElement, certificate: CertificateOf): ServiceStatusInformation {
  const serviceStatus = kidText(e, 'ServiceStatus');
  const statusStartingTime = dateTime(kidText(e, 'StatusStartingTime'));
  const type = kidText(e, 'ServiceTypeIdentifier');
  const out = {} as Mutable<ServiceStatusInformation>;
  if (type !== undefined) out.serviceTypeIdentifier = type;
  out.serviceName = readMultilingual(kid(e, 'ServiceName'));
  out.serviceDigitalIdentity = readServiceDigitalIdentity(kid(e, 'ServiceDigitalIdentity'), certificate);
  if (serviceStatus !== undefined) out.serviceStatus = serviceStatus;
  if (statusStartingTime) out.statusStartingTime = statusStartingTime;
  out.extensions = readExtensions(kid(e, 'ServiceInformationExtensions'));
  return out;
}

const SERVICE_INFORMATION_REQUIRED = [
  'ServiceTypeIdentifier',
  'ServiceName',
  'ServiceDigitalIdentity',
  'ServiceStatus',
  'StatusStartingTime',
];

/** The checks of one TSPService (see {@link checkProviders}). */
function checkService(
  s: XmlElement,
  where: string,
  notes: ReadNotes,
  onCertificate: (value: XmlElement) => void,
): void {
  const si = kid(s, 'ServiceInformation');
  if (!si) {
    // DSS drops such a service too: without ServiceInformation there is no type, status or identity.
    notes.structure.push(`${where} lacks the mandatory ServiceInformation; the service is ignored`);
    return;
  }
  for (const name of SERVICE_INFORMATION_REQUIRED)
    if (!kid(si, name)) notes.structure.push(`${where}/ServiceInformation lacks the mandatory ${name}`);
  checkStatusInformation(si, where, notes, onCertificate);
  kids(kid(s, 'ServiceHistory'), 'ServiceHistoryInstance').forEach((h, i) => {
    checkStatusInformation(h, `${where}/ServiceHistoryInstance[${i + 1}]`, notes, onCertificate);
  });
}

function readService(s: XmlElement, certificate: CertificateOf): TSPService | undefined {
  const si = kid(s, 'ServiceInformation');
  if (!si) return undefined;
  // The current state is read into a fresh object that becomes the service (the keys of a spread of it
  // first, then the service's own, in the same order).
  const service = readStatusInformation(si, certificate) as Mutable<TSPService>;
  const history = kids(kid(s, 'ServiceHistory'), 'ServiceHistoryInstance').map((h) =>
    readStatusInformation(h, certificate),
  );
  const criticalUnknown = service.extensions.unknown.filter((u) => u.critical);
  const unusable =
    criticalUnknown.length > 0
      ? `critical extension ${criticalUnknown.map((u) => u.name).join(', ')} is not understood (TS 119 612 §5.5.9: the service must then not be used)`
      : undefined;
  service.schemeServiceDefinitionUri = readMultilingual(kid(si, 'SchemeServiceDefinitionURI'), 'URI');
  service.serviceSupplyPoints = kids(kid(si, 'ServiceSupplyPoints'), 'ServiceSupplyPoint').map(
    (p) => text(p) ?? '',
  );
  service.tspServiceDefinitionUri = readMultilingual(kid(si, 'TSPServiceDefinitionURI'), 'URI');
  service.history = history;
  if (unusable) service.unusable = unusable;
  return service;
}

const TSP_INFORMATION_REQUIRED = ['TSPName', 'TSPAddress', 'TSPInformationURI'];

/**
 * Checks the TrustServiceProviderList without building its model: the structure messages and warnings
 * that reading it gives, in the order it meets them (a TSP without TSPInformation or a service without
 * ServiceInformation is reported and left out, as DSS does), and every X509Certificate element of the
 * services kept — current state, then history, in document order — handed to `onCertificate`.
 * {@link readProviders} builds the model of the same providers and services.
 */
export function checkProviders(
  list: XmlElement | undefined,
  notes: ReadNotes,
  onCertificate: (value: XmlElement) => void,
): void {
  kids(list, 'TrustServiceProvider').forEach((tsp, i) => {
    const where = `TrustServiceProvider[${i + 1}]`;
    const info = kid(tsp, 'TSPInformation');
    if (!info) {
      notes.structure.push(`${where} lacks the mandatory TSPInformation; the provider is ignored`);
      return;
    }
    for (const name of TSP_INFORMATION_REQUIRED)
      if (!kid(info, name)) notes.structure.push(`${where}/TSPInformation lacks the mandatory ${name}`);
    const servicesElement = kid(tsp, 'TSPServices');
    if (!servicesElement) notes.structure.push(`${where} lacks the mandatory TSPServices`);
    kids(servicesElement, 'TSPService').forEach((s, j) => {
      checkService(s, `${where}/TSPService[${j + 1}]`, notes, onCertificate);
    });
  });
}

/** Reads the TrustServiceProviderList (its checks are {@link checkProviders}'); `certificate` gives the
 * object of each X509Certificate element. */
export function readProviders(
  list: XmlElement | undefined,
  certificate: CertificateOf,
): TrustServiceProvider[] {
  const out: TrustServiceProvider[] = [];
  for (const tsp of kids(list, 'TrustServiceProvider')) {
    const info = kid(tsp, 'TSPInformation');
    if (!info) continue;
    const services: TSPService[] = [];
    for (const s of kids(kid(tsp, 'TSPServices'), 'TSPService')) {
      const service = readService(s, certificate);
      if (service) services.push(service);
    }
    out.push({
      tspName: readMultilingual(kid(info, 'TSPName')),
      tspTradeName: readMultilingual(kid(info, 'TSPTradeName')),
      tspInformationUri: readMultilingual(kid(info, 'TSPInformationURI'), 'URI'),
      services,
    });
  }
  return out;
}
