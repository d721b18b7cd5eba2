/** Reads SchemeInformation and its PointersToOtherTSL. Internal. */
import type { XmlElement } from '@mutua/xades';
import { readServiceDigitalIdentity } from './certificates';
import type { OtherTSLPointer, SchemeInformation } from './model';
import { readMultilingual } from './multilingual';
import { type Mutable, elementKids, kid, kidText, kids, text } from './xml';

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
  const sdis = kids(kid(p, 'ServiceDigitalIdentities'), 'ServiceDigitalIdentity').map((sdi) =>
    readServiceDigitalIdentity(sdi),
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
  // Field by field, optional ones only when present (the keys and order a literal with spreads gave).
  const out = {} as Mutable<OtherTSLPointer>;
  if (tslLocation !== undefined) out.tslLocation = tslLocation;
  out.serviceDigitalIdentities = sdis;
  out.certificates = sdis.flatMap((s) => s.certificates);
  if (mimeType !== undefined) out.mimeType = mimeType;
  if (tslType !== undefined) out.tslType = tslType;
  if (schemeTerritory !== undefined) out.schemeTerritory = schemeTerritory;
  out.schemeOperatorName = schemeOperatorName;
  out.schemeTypeCommunityRules = schemeTypeCommunityRules;
  if (mutualRecognitionAgreement) out.mutualRecognitionAgreement = mutualRecognitionAgreement;
  out.otherInformation = otherInformation;
  return out;
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
