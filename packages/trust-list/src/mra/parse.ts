import type { XmlElement } from '@mutua/xades';
import type { OtherTSLPointer, TrustedList } from '../model';
import { readCriteriaList } from '../read-services';
import { dateTime, integer } from '../read-scheme';
import { kid, kidText, kids, text } from '../xml';
import type {
  MraCertificateContentEquivalence,
  MraEquivalenceState,
  MraServiceType,
  MutualRecognitionAgreement,
  TrustServiceEquivalence,
} from './model';

const EMPTY_CRITERIA = { assert: 'all', keyUsage: [], policySet: [], criteriaLists: [], otherCriteria: [] };

function serviceTypes(list: XmlElement | undefined): MraServiceType[] {
  return kids(list, 'TrustServiceTSLType').map((t) => {
    const asi = kidText(kid(t, 'AdditionalServiceInformation'), 'URI');
    return {
      serviceTypeIdentifier: kidText(t, 'ServiceTypeIdentifier') ?? '',
      ...(asi !== undefined ? { additionalServiceInformation: asi } : {}),
    };
  });
}

const statuses = (e: XmlElement | undefined) => kids(e, 'ServiceStatus').map((s) => text(s) ?? '');

function readState(e: XmlElement, where: string, problems: string[]): MraEquivalenceState {
  const typeList = kid(e, 'TrustServiceTSLTypeEquivalenceList');
  const pointing = serviceTypes(kid(typeList, 'TrustServiceTSLTypeListPointingParty'));
  const pointed = serviceTypes(kid(typeList, 'TrustServiceTSLTypeListPointedParty'));
  if (!typeList) problems.push(`${where} lacks TrustServiceTSLTypeEquivalenceList`);
  else if (pointing.length === 0 || pointed.length === 0)
    problems.push(`${where}: a TrustServiceTSLTypeList is empty`);
  else if (pointing.length !== 1 && pointing.length !== pointed.length)
    problems.push(`${where}: ${pointed.length} pointed service types for ${pointing.length} pointing ones`);
  const status = kidText(e, 'TrustServiceEquivalenceStatus');
  if (status === undefined) problems.push(`${where} lacks TrustServiceEquivalenceStatus`);
  const startText = kidText(e, 'TrustServiceEquivalenceStatusStartingTime');
  const statusStartingTime = dateTime(startText);
  if (!statusStartingTime)
    problems.push(
      `${where}: TrustServiceEquivalenceStatusStartingTime "${startText ?? ''}" is not an xsd:dateTime`,
    );
  const st = kid(e, 'TrustServiceTSLStatusEquivalenceList');
  const valid = kid(st, 'TrustServiceTSLStatusValidEquivalence');
  const invalid = kid(st, 'TrustServiceTSLStatusInvalidEquivalence');
  if (!st) problems.push(`${where} lacks TrustServiceTSLStatusEquivalenceList`);
  const certificateContent: MraCertificateContentEquivalence[] = kids(
    kid(e, 'CertificateContentReferencesEquivalenceList'),
    'CertificateContentReferenceEquivalence',
  ).map((c) => {
    const pointingE = kid(c, 'CertificateContentDeclarationPointingParty');
    const pointedE = kid(c, 'CertificateContentDeclarationPointedParty');
    return {
      context: kidText(c, 'CertificateContentReferenceEquivalenceContext') ?? '',
      pointing: pointingE ? readCriteriaList(pointingE) : EMPTY_CRITERIA,
      pointed: pointedE ? readCriteriaList(pointedE) : EMPTY_CRITERIA,
    };
  });
  const contexts = certificateContent.map((c) => c.context);
  for (const [i, c] of contexts.entries())
    if (contexts.indexOf(c) !== i) problems.push(`${where}: certificate content context ${c} is given twice`);
  const qe = kid(e, 'TrustServiceTSLQualificationExtensionEquivalenceList');
  const name = kid(qe, 'TrustServiceTSLQualificationExtensionName');
  const qualifiers = kids(qe, 'QualifierEquivalenceList')
    .flatMap((l) => kids(l, 'QualifierEquivalence'))
    .map((q) => {
      const uri = (x: XmlElement | undefined) => x?.getAttribute('uri') ?? text(x) ?? '';
      return {
        pointing: uri(kid(q, 'QualifierPointingParty')),
        pointed: uri(kid(q, 'QualifierPointedParty')),
      };
    });
  return {
    status: status ?? '',
    ...(statusStartingTime ? { statusStartingTime } : {}),
    serviceTypes: pointed
      .map((p, i) => ({ pointed: p, pointing: (pointing[i] ?? pointing[0])! }))
      .filter((x) => x.pointing),
    statusEquivalence: {
      validPointing: statuses(kid(valid, 'TrustServiceTSLStatusListPointingParty')),
      validPointed: statuses(kid(valid, 'TrustServiceTSLStatusListPointedParty')),
      invalidPointing: statuses(kid(invalid, 'TrustServiceTSLStatusListPointingParty')),
      invalidPointed: statuses(kid(invalid, 'TrustServiceTSLStatusListPointedParty')),
    },
    certificateContent,
    qualifiers,
    ...(name
      ? {
          qualificationExtensionName: {
            pointing: kidText(name, 'TrustServiceTSLQualificationExtensionNamePointingParty') ?? '',
            pointed: kidText(name, 'TrustServiceTSLQualificationExtensionNamePointedParty') ?? '',
          },
        }
      : {}),
  };
}

/**
 * Reads an `mra:MutualRecognitionAgreementInformation` element (as kept raw on
 * {@link OtherTSLPointer.mutualRecognitionAgreement}) into the typed model. Elements are matched by
 * local name, like the rest of the list; what departs from the MRA schema v2 is listed in `problems`,
 * never thrown.
 *
 * @example
 * ```ts
 * import { buildTrustedList, mraElement, parseMutualRecognitionAgreement, parseTrustedList } from '@mutua/trust-list';
 * const lotl = parseTrustedList(buildTrustedList({ territory: 'EU', pointers: [{ location: 'https://zz.example/tl.xml', territory: 'ZZ', certificates: [],
 *   otherInformation: [mraElement({ pointedLegislation: 'ZZ', equivalences: [{ legalIdentifier: 'QCForESig', pointedServiceType: 'http://zz.example/Svctype/QC', startingTime: new Date('2022-01-01T00:00:00Z') }] })] }] }));
 * const mra = parseMutualRecognitionAgreement(lotl.schemeInformation.pointersToOtherTSL[0]!.mutualRecognitionAgreement!);
 * const eq = mra.equivalences[0]!;
 * [eq.legalIdentifier, eq.current.status, eq.current.statusStartingTime?.getUTCFullYear()]; // ['QCForESig', 'http://ec.europa.eu/tools/lotl/mra/enacted', 2022]
 * eq.current.serviceTypes[0]?.pointing.serviceTypeIdentifier; // 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC'
 * mra.problems; // []
 * ```
 */
export function parseMutualRecognitionAgreement(element: XmlElement): MutualRecognitionAgreement {
  const problems: string[] = [];
  const attr = (n: string) => {
    const v = element.getAttribute(n);
    if (v === undefined || v === '') problems.push(`the ${n} attribute is missing`);
    return v ?? undefined;
  };
  const technicalType = integer(attr('technicalType'));
  const version = integer(attr('version'));
  const pointing = attr('pointingContractingPartyLegislation');
  const pointed = attr('pointedContractingPartyLegislation');
  const mraDepth = integer(attr('MRADepth'));
  const infos = kids(element, 'TrustServiceEquivalenceInformation');
  if (infos.length === 0) problems.push('no TrustServiceEquivalenceInformation is present');
  const equivalences: TrustServiceEquivalence[] = infos.map((info, i) => {
    const legalIdentifier = kidText(info, 'TrustServiceLegalIdentifier') ?? '';
    const where = `TrustServiceEquivalenceInformation[${i + 1}] (${legalIdentifier || 'no TrustServiceLegalIdentifier'})`;
    if (!legalIdentifier) problems.push(`${where} lacks TrustServiceLegalIdentifier`);
    return {
      legalIdentifier,
      current: readState(info, where, problems),
      history: kids(info, 'TrustServiceEquivalenceHistory')
        .flatMap((h) => kids(h, 'TrustServiceEquivalenceHistoryInstance'))
        .map((h, j) => readState(h, `${where}/TrustServiceEquivalenceHistoryInstance[${j + 1}]`, problems)),
    };
  });
  return {
    ...(technicalType !== undefined ? { technicalType } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(pointing ? { pointingContractingPartyLegislation: pointing } : {}),
    ...(pointed ? { pointedContractingPartyLegislation: pointed } : {}),
    ...(mraDepth !== undefined ? { mraDepth } : {}),
    equivalences,
    problems,
  };
}

/**
 * A third-country list together with the agreement the LOTL pointer to it carries: what
 * {@link qualifyCertificate} needs to apply an MRA to the services of that list.
 *
 * @example
 * ```ts
 * import type { ListAgreement } from '@mutua/trust-list';
 * const territoryOf = (a: ListAgreement) => a.list.schemeInformation.schemeTerritory;
 * typeof territoryOf; // 'function'
 * ```
 */
export interface ListAgreement {
  /** The third-country trusted list. */
  readonly list: TrustedList;
  /** The LOTL pointer to it. */
  readonly pointer: OtherTSLPointer;
  /** The parsed agreement. */
  readonly agreement: MutualRecognitionAgreement;
}

/**
 * Pairs each loaded list with the MRA of the LOTL pointer to it: a pointer carrying
 * `mra:MutualRecognitionAgreementInformation` applies to a list of the same SchemeTerritory and, when
 * the pointer gives one, the same TSLType (DSS's MRA support reads the LOTL the same way). Lists with no
 * such pointer are left out: their services are read as they are.
 *
 * @example
 * ```ts
 * import { agreementsForLists, buildTrustedList, mraElement, parseTrustedList } from '@mutua/trust-list';
 * const ZZ_TYPE = 'http://uri.etsi.org/TrstSvc/TrustedList/TSLType/ZZlist';
 * const lotl = parseTrustedList(buildTrustedList({ territory: 'EU', pointers: [{ location: 'https://zz.example/tl.xml', territory: 'ZZ', type: ZZ_TYPE, certificates: [],
 *   otherInformation: [mraElement({ pointedLegislation: 'ZZ', equivalences: [] })] }] }));
 * const zz = parseTrustedList(buildTrustedList({ territory: 'ZZ', type: ZZ_TYPE }));
 * const other = parseTrustedList(buildTrustedList({ territory: 'PT' }));
 * agreementsForLists(lotl, [zz, other]).map((a) => a.list.schemeInformation.schemeTerritory); // ['ZZ']
 * ```
 */
export function agreementsForLists(lotl: TrustedList, lists: readonly TrustedList[]): ListAgreement[] {
  const out: ListAgreement[] = [];
  for (const pointer of lotl.schemeInformation.pointersToOtherTSL) {
    if (!pointer.mutualRecognitionAgreement) continue;
    const agreement = parseMutualRecognitionAgreement(pointer.mutualRecognitionAgreement);
    for (const list of lists) {
      const si = list.schemeInformation;
      if (si.schemeTerritory === undefined || si.schemeTerritory !== pointer.schemeTerritory) continue;
      if (pointer.tslType !== undefined && si.tslType !== pointer.tslType) continue;
      out.push({ list, pointer, agreement });
    }
  }
  return out;
}
