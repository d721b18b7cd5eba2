/**
 * parseTrustedList on testkit-built lists: every field of the model, extensions (Qualifications with
 * criteria, AdditionalServiceInformation, ExpiredCertsRevocationInfo, TakenOverBy, unknown critical),
 * history, structure messages, Latin American deviations, and the typed errors.
 */
import { base64Encode } from '@mutua/core';
import { describe, expect, it } from 'vitest';
import {
  TSL_URIS,
  TrustedListError,
  buildTrustedList,
  parseTrustedList,
  pickLanguage,
  pivotUrls,
  trustedListPointers,
} from '../src/index';
import { pkiPromise } from './helpers';

const QUALIFICATIONS = `<Extension Critical="true"><ecc:Qualifications xmlns:ecc="${TSL_URIS.ECC_NS}" xmlns:xades="${TSL_URIS.XADES_NS}"><ecc:QualificationElement><ecc:Qualifiers><ecc:Qualifier uri="http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCWithQSCD"/></ecc:Qualifiers><ecc:CriteriaList assert="atLeastOne"><ecc:KeyUsage><ecc:KeyUsageBit name="nonRepudiation">true</ecc:KeyUsageBit></ecc:KeyUsage><ecc:PolicySet><ecc:PolicyIdentifier><xades:Identifier>urn:oid:0.4.0.194112.1.2</xades:Identifier></ecc:PolicyIdentifier></ecc:PolicySet><ecc:otherCriteriaList><tslx:ExtendedKeyUsage xmlns:tslx="${TSL_URIS.ADDITIONAL_TYPES_NS}"><tslx:KeyPurposeId><xades:Identifier>1.3.6.1.5.5.7.3.4</xades:Identifier></tslx:KeyPurposeId></tslx:ExtendedKeyUsage></ecc:otherCriteriaList></ecc:CriteriaList></ecc:QualificationElement></ecc:Qualifications></Extension>`;
const ASI =
  '<Extension Critical="true"><AdditionalServiceInformation><URI xml:lang="en">http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSignatures</URI></AdditionalServiceInformation></Extension>';
const EXPIRED =
  '<Extension Critical="false"><ExpiredCertsRevocationInfo>2016-06-30T22:00:00Z</ExpiredCertsRevocationInfo></Extension>';
const TAKEN = `<Extension Critical="false"><tslx:TakenOverBy xmlns:tslx="${TSL_URIS.ADDITIONAL_TYPES_NS}"><tslx:URI xml:lang="en">https://new.example</tslx:URI><tslx:TSPName><Name xml:lang="en">New TSP</Name></tslx:TSPName><tslx:SchemeOperatorName><Name xml:lang="en">Op</Name></tslx:SchemeOperatorName><SchemeTerritory>ES</SchemeTerritory></tslx:TakenOverBy></Extension>`;
const UNKNOWN_CRITICAL =
  '<Extension Critical="true"><x:Thing xmlns:x="urn:example:x">?</x:Thing></Extension>';

describe('parseTrustedList', () => {
  it('reads SchemeInformation, pointers with their certificates, TSPs, services, history and extensions', async () => {
    const pki = await pkiPromise;
    const ca = pki.issuingCa.der;
    const root = pki.root.der;
    const xml = buildTrustedList({
      territory: 'EU',
      sequenceNumber: 351,
      type: TSL_URIS.EU_LIST_OF_THE_LISTS,
      operatorName: 'European Commission',
      schemeInformationUris: ['https://lotl.example/pivot-350.xml', 'https://eur-lex.example/oj'],
      issueDate: new Date('2026-05-01T00:00:00Z'),
      nextUpdate: new Date('2026-11-01T00:00:00Z'),
      pointers: [
        {
          location: 'https://tl.example/pe.xml',
          territory: 'PE',
          certificates: [ca, root],
          otherInformation: [
            `<mra:MutualRecognitionAgreementInformation xmlns:mra="${TSL_URIS.MRA_NS}" technicalType="x"/>`,
          ],
        },
        {
          location: 'https://tl.example/pe.pdf',
          territory: 'PE',
          certificates: [ca],
          mimeType: 'application/pdf',
        },
      ],
      providers: [
        {
          name: 'Autoridad',
          services: [
            {
              name: 'CA raíz',
              certificates: [root],
              extensions: [QUALIFICATIONS, ASI, EXPIRED, TAKEN],
              history: [
                {
                  status: 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/undersupervision',
                  statusStartingTime: new Date('2015-01-01T00:00:00Z'),
                  certificates: [root],
                },
              ],
            },
            { name: 'Bad', certificates: [ca], extensions: [UNKNOWN_CRITICAL] },
          ],
        },
      ],
    });
    const list = parseTrustedList(new TextEncoder().encode(xml));
    const si = list.schemeInformation;
    expect([si.tslVersionIdentifier, si.tslSequenceNumber, si.tslType, si.schemeTerritory]).toEqual([
      6,
      351,
      TSL_URIS.EU_LIST_OF_THE_LISTS,
      'EU',
    ]);
    expect(pickLanguage(si.schemeOperatorName)).toBe('European Commission');
    expect(si.listIssueDateTime?.toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(si.nextUpdate?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(si.historicalInformationPeriod).toBe(65535);
    expect(si.schemeInformationUri.map((u) => u.value)).toEqual([
      'https://lotl.example/pivot-350.xml',
      'https://eur-lex.example/oj',
    ]);
    expect(pivotUrls(list)).toEqual(['https://lotl.example/pivot-350.xml']);
    const [p, pdf] = si.pointersToOtherTSL;
    expect(p?.tslLocation).toBe('https://tl.example/pe.xml');
    expect([p?.schemeTerritory, p?.tslType, p?.mimeType]).toEqual([
      'PE',
      TSL_URIS.EU_GENERIC,
      TSL_URIS.XML_MIME_TYPE,
    ]);
    expect(p?.certificates.map((c) => c.der)).toEqual([ca, root]);
    expect(p?.mutualRecognitionAgreement?.getAttribute('technicalType')).toBe('x');
    expect(pdf?.mimeType).toBe('application/pdf');
    expect(trustedListPointers(list)).toHaveLength(1);
    expect(list.trustServiceProviders).toHaveLength(1);
    const [s, bad] = list.trustServiceProviders[0]!.services;
    expect(s?.serviceTypeIdentifier).toBe('http://uri.etsi.org/TrstSvc/Svctype/CA/QC');
    expect(s?.serviceName[0]).toEqual({ lang: 'en', value: 'CA raíz' });
    expect(s?.serviceStatus).toBe('http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted');
    expect(s?.statusStartingTime?.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(s?.history).toHaveLength(1);
    expect(s?.history[0]?.serviceStatus).toMatch(/undersupervision$/);
    const q = s?.extensions.qualifications[0];
    expect(q?.qualifiers).toEqual(['http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCWithQSCD']);
    expect(q?.criteriaList.assert).toBe('atLeastOne');
    expect(q?.criteriaList.keyUsage).toEqual([[{ name: 'nonRepudiation', value: true }]]);
    expect(q?.criteriaList.policySet).toEqual([['0.4.0.194112.1.2']]);
    expect(q?.criteriaList.otherCriteria.map((e) => e.localName)).toEqual(['ExtendedKeyUsage']);
    expect(s?.extensions.additionalServiceInformation).toEqual([
      { uri: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSignatures', critical: true },
    ]);
    expect(s?.extensions.expiredCertsRevocationInfo?.toISOString()).toBe('2016-06-30T22:00:00.000Z');
    expect(s?.extensions.takenOverBy?.schemeTerritory).toBe('ES');
    expect(s?.extensions.takenOverBy?.tspName[0]?.value).toBe('New TSP');
    expect(s?.unusable).toBeUndefined();
    expect(bad?.unusable).toMatch(/critical extension \{urn:example:x\}Thing is not understood/);
    // Certificates: distinct over current and history, indexed without a full parse.
    expect(list.certificates.size).toBe(2);
    const c = list.certificates.get(base64Encode(root))!;
    expect(c.subjectDer).toEqual(pki.root.name);
    expect(c.subjectKeyIdentifier).toEqual(pki.root.keyIdentifier);
    expect(c.certificate.subject.text).toBe(pki.root.cert.subject.text);
    expect(list.structureMessages).toEqual(['No ds:Signature element is present!']);
  });

  it('reads X509SubjectName and X509SKI digital identities', () => {
    const xml = buildTrustedList({ providers: [{ name: 'T', services: [{}] }] }).replace(
      '<ServiceDigitalIdentity></ServiceDigitalIdentity>',
      '<ServiceDigitalIdentity><DigitalId><X509SubjectName>CN=Test</X509SubjectName></DigitalId><DigitalId><X509SKI>AQID</X509SKI></DigitalId></ServiceDigitalIdentity>',
    );
    const sdi = parseTrustedList(xml).trustServiceProviders[0]!.services[0]!.serviceDigitalIdentity;
    expect(sdi.subjectNames).toEqual(['CN=Test']);
    expect(sdi.subjectKeyIdentifiers).toEqual([new Uint8Array([1, 2, 3])]);
  });

  it('reports structure problems as messages, DSS-worded where DSS has a wording', () => {
    expect(parseTrustedList(buildTrustedList({ version: 4 })).structureMessages).toContain(
      "The TL Version '4' is not acceptable!",
    );
    expect(
      parseTrustedList(buildTrustedList({ version: 5 }), { acceptedVersions: [6] }).structureMessages,
    ).toContain("The TL Version '5' is not acceptable!");
    const noVersion = parseTrustedList(
      buildTrustedList().replace(/<TSLVersionIdentifier>6<\/TSLVersionIdentifier>/, ''),
    );
    expect(noVersion.structureMessages).toContain('No TLVersion has been found!');
    const noTspInfo = parseTrustedList(
      buildTrustedList({
        providers: [
          { name: 'A', services: [{}] },
          { name: 'B', services: [{}] },
        ],
      }).replace(/<TSPInformation>.*?<\/TSPInformation>/, ''),
    );
    expect(noTspInfo.trustServiceProviders).toHaveLength(1);
    expect(noTspInfo.structureMessages[0]).toMatch(/TSPInformation/);
    const noSi = parseTrustedList(
      buildTrustedList({ providers: [{ name: 'A', services: [{}, {}] }] }).replace(
        /<ServiceInformation>.*?<\/ServiceInformation>/,
        '',
      ),
    );
    expect(noSi.trustServiceProviders[0]?.services).toHaveLength(1);
    expect(noSi.structureMessages[0]).toMatch(/ServiceInformation/);
  });

  it('reads Peru’s and the Dominican Republic’s deviations with warnings', () => {
    const pe = parseTrustedList(
      buildTrustedList({
        version: 3,
        territory: 'PE',
        providers: [{ name: 'RENIEC', services: [{ status: 'No acredited' }] }],
      }),
    );
    expect(pe.structureMessages).toContain("The TL Version '3' is not acceptable!");
    expect(pe.warnings).toContain('version 3 list read with the version 5 model');
    expect(pe.warnings.some((w) => w.includes('"No acredited" is free text'))).toBe(true);
    const dom = parseTrustedList(
      buildTrustedList({
        territory: 'DO',
        providers: [{ name: 'Avansi', services: [{ status: 'Granted' }, { status: 'Withdrawn' }] }],
      }),
    );
    expect(dom.trustServiceProviders[0]?.services.map((s) => s.serviceStatus)).toEqual([
      'Granted',
      'Withdrawn',
    ]);
    expect(dom.warnings).toHaveLength(2);
  });

  it('throws a typed TrustedListError only for non-XML or non-TSL input', () => {
    const codeOf = (input: string | Uint8Array) => {
      try {
        parseTrustedList(input);
      } catch (e) {
        return e instanceof TrustedListError ? e.code : 'other';
      }
      return 'none';
    };
    expect(codeOf('')).toBe('NOT_XML');
    expect(codeOf(new Uint8Array([0xff, 0x00]))).toBe('NOT_XML');
    expect(codeOf('<!DOCTYPE x><TrustServiceStatusList/>')).toBe('NOT_XML');
    expect(codeOf('<hello/>')).toBe('NOT_A_TRUSTED_LIST');
    expect(codeOf(`<TrustServiceStatusList xmlns="${TSL_URIS.TSL_NS}"/>`)).toBe('none');
  });
});

describe('TrustServiceIndex', () => {
  it('finds the services naming a certificate or its issuer, across lists and history', async () => {
    const { TrustServiceIndex } = await import('../src/index');
    const pki = await pkiPromise;
    const other = await pki.issue();
    const a = parseTrustedList(
      buildTrustedList({
        territory: 'AR',
        providers: [{ name: 'AC Raíz', services: [{ certificates: [pki.issuingCa.der] }] }],
      }),
    );
    const b = parseTrustedList(
      buildTrustedList({
        territory: 'UY',
        providers: [
          {
            name: 'ACRN',
            services: [{ certificates: [], history: [{ certificates: [pki.issuingCa.der] }] }],
          },
        ],
      }),
    );
    const index = new TrustServiceIndex([a, b]);
    expect(index.size).toBe(1);
    const leaf = index.servicesFor(pki.endEntity.cert);
    expect(leaf.map((m) => m.list.schemeInformation.schemeTerritory)).toEqual(['AR', 'UY']);
    expect(index.servicesFor(other.der)).toHaveLength(2);
    expect(index.servicesFor(pki.issuingCa.cert).map((m) => m.provider.tspName[0]?.value)).toEqual([
      'AC Raíz',
      'ACRN',
    ]);
    expect(index.servicesFor(pki.root.cert)).toEqual([]);
  });
});

describe('serviceStatusAt', () => {
  it('picks the state in force at a time, whatever the order of the history', async () => {
    const { serviceStatusAt } = await import('../src/index');
    const d = (s: string) => new Date(`${s}T00:00:00Z`);
    const S = 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/';
    const service = parseTrustedList(
      buildTrustedList({
        providers: [
          {
            name: 'CA',
            services: [
              {
                status: `${S}withdrawn`,
                statusStartingTime: d('2024-01-01'),
                history: [
                  { status: `${S}undersupervision`, statusStartingTime: d('2012-01-01') },
                  { status: `${S}granted`, statusStartingTime: d('2016-07-01') },
                ],
              },
            ],
          },
        ],
      }),
    ).trustServiceProviders[0]!.services[0]!;
    expect(serviceStatusAt(service, d('2013-01-01'))?.serviceStatus).toBe(`${S}undersupervision`);
    expect(serviceStatusAt(service, d('2016-07-01'))?.serviceStatus).toBe(`${S}granted`);
    expect(serviceStatusAt(service, d('2026-01-01'))?.serviceStatus).toBe(`${S}withdrawn`);
    expect(serviceStatusAt(service, d('2000-01-01'))).toBeUndefined();
  });
});
