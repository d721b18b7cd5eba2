/** Reads TrustServiceProviderList → TSPs → TSPServices and their extensions. Internal. */
import type { XmlElement } from '@mutua/xades';
import { readServiceDigitalIdentity } from './certificates';
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
import { elementKids, kid, kidText, kids, text } from './xml';

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
        additionalServiceInformation.push({
          uri: kidText(c, 'URI') ?? '',
          ...(iv !== undefined ? { informationValue: iv } : {}),
          critical,
        });
      } else if (c.localName === 'ExpiredCertsRevocationInfo') expiredCertsRevocationInfo = dateTime(text(c));
      else if (c.localName === 'TakenOverBy') {
        const uri = kidText(c, 'URI');
        const territory = kidText(c, 'SchemeTerritory');
        takenOverBy = {
          ...(uri !== undefined ? { uri } : {}),
          tspName: readMultilingual(kid(c, 'TSPName')),
          schemeOperatorName: readMultilingual(kid(c, 'SchemeOperatorName')),
          ...(territory !== undefined ? { schemeTerritory: territory } : {}),
        };
      } else unknown.push({ name: `{${c.namespaceURI}}${c.localName}`, critical, element: ext });
    }
  }
  return {
    qualifications,
    additionalServiceInformation,
    ...(expiredCertsRevocationInfo ? { expiredCertsRevocationInfo } : {}),
    ...(takenOverBy ? { takenOverBy } : {}),
    unknown,
  };
}

function readStatusInformation(e: XmlElement, where: string, notes: ReadNotes): ServiceStatusInformation {
  const serviceStatus = kidText(e, 'ServiceStatus');
  const startText = kidText(e, 'StatusStartingTime');
  const statusStartingTime = dateTime(startText);
  // Peru's INDECOPI list writes "No acredited", the Dominican one bare "Granted"/"Withdrawn": read them,
  // say so, and let the status logic treat anything that is not a known URI as not granted.
  if (serviceStatus !== undefined && !/^https?:\/\//.test(serviceStatus))
    notes.warnings.push(`${where}: ServiceStatus "${serviceStatus}" is free text, not a TS 119 612 URI`);
  if (startText !== undefined && !statusStartingTime)
    notes.structure.push(`${where}: StatusStartingTime "${startText}" is not an xsd:dateTime`);
  const type = kidText(e, 'ServiceTypeIdentifier');
  return {
    ...(type !== undefined ? { serviceTypeIdentifier: type } : {}),
    serviceName: readMultilingual(kid(e, 'ServiceName')),
    serviceDigitalIdentity: readServiceDigitalIdentity(kid(e, 'ServiceDigitalIdentity')),
    ...(serviceStatus !== undefined ? { serviceStatus } : {}),
    ...(statusStartingTime ? { statusStartingTime } : {}),
    extensions: readExtensions(kid(e, 'ServiceInformationExtensions')),
  };
}

const SERVICE_INFORMATION_REQUIRED = [
  'ServiceTypeIdentifier',
  'ServiceName',
  'ServiceDigitalIdentity',
  'ServiceStatus',
  'StatusStartingTime',
];

function readService(s: XmlElement, where: string, notes: ReadNotes): TSPService | undefined {
  const si = kid(s, 'ServiceInformation');
  if (!si) {
    // DSS drops such a service too: without ServiceInformation there is no type, status or identity.
    notes.structure.push(`${where} lacks the mandatory ServiceInformation; the service is ignored`);
    return undefined;
  }
  for (const name of SERVICE_INFORMATION_REQUIRED)
    if (!kid(si, name)) notes.structure.push(`${where}/ServiceInformation lacks the mandatory ${name}`);
  const current = readStatusInformation(si, where, notes);
  const history = kids(kid(s, 'ServiceHistory'), 'ServiceHistoryInstance').map((h, i) =>
    readStatusInformation(h, `${where}/ServiceHistoryInstance[${i + 1}]`, notes),
  );
  const criticalUnknown = current.extensions.unknown.filter((u) => u.critical);
  const unusable =
    criticalUnknown.length > 0
      ? `critical extension ${criticalUnknown.map((u) => u.name).join(', ')} is not understood (TS 119 612 §5.5.9: the service must then not be used)`
      : undefined;
  return {
    ...current,
    schemeServiceDefinitionUri: readMultilingual(kid(si, 'SchemeServiceDefinitionURI'), 'URI'),
    serviceSupplyPoints: kids(kid(si, 'ServiceSupplyPoints'), 'ServiceSupplyPoint').map((p) => text(p) ?? ''),
    tspServiceDefinitionUri: readMultilingual(kid(si, 'TSPServiceDefinitionURI'), 'URI'),
    history,
    ...(unusable ? { unusable } : {}),
  };
}

const TSP_INFORMATION_REQUIRED = ['TSPName', 'TSPAddress', 'TSPInformationURI'];

/** Reads the TrustServiceProviderList. */
export function readProviders(list: XmlElement | undefined, notes: ReadNotes): TrustServiceProvider[] {
  const out: TrustServiceProvider[] = [];
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
    const services: TSPService[] = [];
    kids(servicesElement, 'TSPService').forEach((s, j) => {
      const service = readService(s, `${where}/TSPService[${j + 1}]`, notes);
      if (service) services.push(service);
    });
    out.push({
      tspName: readMultilingual(kid(info, 'TSPName')),
      tspTradeName: readMultilingual(kid(info, 'TSPTradeName')),
      tspInformationUri: readMultilingual(kid(info, 'TSPInformationURI'), 'URI'),
      services,
    });
  });
  return out;
}
