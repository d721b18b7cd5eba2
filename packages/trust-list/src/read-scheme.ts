/** Reads SchemeInformation and its PointersToOtherTSL. Internal. */
import type { XmlElement } from '@mutua/xades';
import { readServiceDigitalIdentity } from './certificates';
import type { OtherTSLPointer, SchemeInformation } from './model';
import { readMultilingual } from './multilingual';
import { elementKids, kid, kidText, kids, text } from './xml';

/** A whole number, or undefined (the caller reports a missing or malformed one). */
export function integer(s: string | undefined): number | undefined {
  return s !== undefined && /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** An xsd:dateTime, or undefined. */
export function dateTime(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function readPointer(p: XmlElement): OtherTSLPointer {
  const sdis = kids(kid(p, 'ServiceDigitalIdentities'), 'ServiceDigitalIdentity').map(
    readServiceDigitalIdentity,
  );
  const otherInformation = kids(kid(p, 'AdditionalInformation'), 'OtherInformation');
  let mimeType: string | undefined;
  let tslType: string | undefined;
  let schemeTerritory: string | undefined;
  let schemeOperatorName: OtherTSLPointer['schemeOperatorName'] = [];
  let schemeTypeCommunityRules: string[] = [];
  let mutualRecognitionAgreement: XmlElement | undefined;
  for (const oi of otherInformation) {
    for (const e of elementKids(oi)) {
      if (e.localName === 'MimeType') mimeType = text(e);
      else if (e.localName === 'TSLType') tslType = text(e);
      else if (e.localName === 'SchemeTerritory') schemeTerritory = text(e);
      else if (e.localName === 'SchemeOperatorName') schemeOperatorName = readMultilingual(e);
      else if (e.localName === 'SchemeTypeCommunityRules')
        schemeTypeCommunityRules = kids(e, 'URI').map((u) => text(u) ?? '');
      else if (e.localName === 'MutualRecognitionAgreementInformation') mutualRecognitionAgreement = e;
    }
  }
  const tslLocation = kidText(p, 'TSLLocation');
  return {
    ...(tslLocation !== undefined ? { tslLocation } : {}),
    serviceDigitalIdentities: sdis,
    certificates: sdis.flatMap((s) => s.certificates),
    ...(mimeType !== undefined ? { mimeType } : {}),
    ...(tslType !== undefined ? { tslType } : {}),
    ...(schemeTerritory !== undefined ? { schemeTerritory } : {}),
    schemeOperatorName,
    schemeTypeCommunityRules,
    ...(mutualRecognitionAgreement ? { mutualRecognitionAgreement } : {}),
    otherInformation,
  };
}

/** Reads SchemeInformation; a missing element gives empty values (reported by the structure check). */
export function readSchemeInformation(si: XmlElement | undefined): SchemeInformation {
  const opt = <K extends string, V>(k: K, v: V | undefined) => (v === undefined ? {} : { [k]: v });
  return {
    ...opt('tslVersionIdentifier', integer(kidText(si, 'TSLVersionIdentifier'))),
    ...opt('tslSequenceNumber', integer(kidText(si, 'TSLSequenceNumber'))),
    ...opt('tslType', kidText(si, 'TSLType')),
    schemeOperatorName: readMultilingual(kid(si, 'SchemeOperatorName')),
    schemeName: readMultilingual(kid(si, 'SchemeName')),
    schemeInformationUri: readMultilingual(kid(si, 'SchemeInformationURI'), 'URI'),
    ...opt('statusDeterminationApproach', kidText(si, 'StatusDeterminationApproach')),
    schemeTypeCommunityRules: readMultilingual(kid(si, 'SchemeTypeCommunityRules'), 'URI'),
    ...opt('schemeTerritory', kidText(si, 'SchemeTerritory')),
    ...opt('historicalInformationPeriod', integer(kidText(si, 'HistoricalInformationPeriod'))),
    pointersToOtherTSL: kids(kid(si, 'PointersToOtherTSL'), 'OtherTSLPointer').map(readPointer),
    ...opt('listIssueDateTime', dateTime(kidText(si, 'ListIssueDateTime'))),
    ...opt('nextUpdate', dateTime(kidText(kid(si, 'NextUpdate'), 'dateTime'))),
    distributionPoints: kids(kid(si, 'DistributionPoints'), 'URI').map((u) => text(u) ?? ''),
  } as SchemeInformation;
}
