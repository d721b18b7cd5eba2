/**
 * The EU MRA (mra:MutualRecognitionAgreementInformation, schema v2): parsing into the typed model, and
 * its application in qualifyCertificate — a third-country certificate is qualified by equivalence when
 * an enacted equivalence maps its service's type, status, qualifiers and certificate content; repealed,
 * not yet enacted, unmapped types or statuses, a certificate issued before the enactment, and a missing
 * agreement each give "not qualified" with the reason.
 */
import { createTestPki } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import {
  type MraEquivalenceSpec,
  MRA_URIS,
  QUALIFICATION_URIS as U,
  TSL_URIS,
  type TrustedListServiceSpec,
  TrustServiceIndex,
  agreementsForLists,
  buildTrustedList,
  equivalenceStateAt,
  mraElement,
  parseMutualRecognitionAgreement,
  parseTrustedList,
  qcStatementSet,
  qualificationsExtension,
  qualifyCertificate,
} from '../src/index';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const pkiPromise = createTestPki({ name: 'MRA Test', referenceDate: d('2026-01-15') });
const SIGNING = d('2026-03-01');
const ZZ_TYPE = 'http://uri.etsi.org/TrstSvc/TrustedList/TSLType/ZZlist';
const ZZ = 'http://zz-trusted-list.go.zz/TrstSvc';
const ZZ_QC = `${ZZ}/Svctype/CA/QC/for-eSig`;
const ZZ_GRANTED = `${ZZ}/Svcstatus/granted`;
const ZZ_WITHDRAWN = `${ZZ}/Svcstatus/withdrawn`;
const ZZ_WITH_QSCD = `${ZZ}/SvcInfoExt/QCWithQSCD`;
const ZZ_NO_QSCD = `${ZZ}/SvcInfoExt/QCNoQSCD`;
const LEGISLATION = '0.4.0.1862.1.7';
const COMPLIANCE = '0.4.0.1862.1.1';
const SSCD = '0.4.0.1862.1.4';

/** The pilot-style QCForESig equivalence: ZZ type/status ↔ CA/QC granted, QcCClegislation ZZ ↔ EU QcCompliance. */
const ESIG: MraEquivalenceSpec = {
  legalIdentifier: 'QCForESig',
  startingTime: d('2020-01-01'),
  pointedServiceType: ZZ_QC,
  pointedValidStatuses: [ZZ_GRANTED],
  pointedInvalidStatuses: [ZZ_WITHDRAWN],
  certificateContent: [
    {
      context: MRA_URIS.QC_COMPLIANCE,
      pointing: {
        criteriaLists: [{ assert: 'none', other: [qcStatementSet([{ oid: LEGISLATION }])] }],
        other: [qcStatementSet([{ oid: COMPLIANCE }])],
      },
      pointed: { other: [qcStatementSet([{ oid: COMPLIANCE }, { oid: LEGISLATION, legislation: 'ZZ' }])] },
    },
    {
      context: MRA_URIS.QC_QSCD,
      pointing: { other: [qcStatementSet([{ oid: SSCD }])] },
      pointed: { other: [qcStatementSet([{ oid: SSCD }])] },
    },
  ],
  qualifiers: [
    { pointing: U.QC_WITH_QSCD, pointed: ZZ_WITH_QSCD },
    { pointing: U.QC_NO_QSCD, pointed: ZZ_NO_QSCD },
  ],
};

async function setup(equivalences: readonly MraEquivalenceSpec[], service: TrustedListServiceSpec = {}) {
  const pki = await pkiPromise;
  const lotl = parseTrustedList(
    buildTrustedList({
      territory: 'EU',
      type: TSL_URIS.EU_LIST_OF_THE_LISTS,
      pointers: [
        {
          location: 'https://zz.example/tl.xml',
          territory: 'ZZ',
          type: ZZ_TYPE,
          certificates: [pki.root.der],
          otherInformation: [mraElement({ pointedLegislation: 'ZZ', equivalences })],
        },
      ],
    }),
  );
  const zz = parseTrustedList(
    buildTrustedList({
      territory: 'ZZ',
      type: ZZ_TYPE,
      providers: [
        {
          name: 'ZZ QTSP',
          services: [
            {
              type: ZZ_QC,
              status: ZZ_GRANTED,
              statusStartingTime: d('2019-01-01'),
              certificates: [pki.issuingCa.der],
              ...service,
            },
          ],
        },
      ],
    }),
  );
  return { lotl, zz, agreements: agreementsForLists(lotl, [zz]), index: new TrustServiceIndex([zz]) };
}

async function zzCert(qc: { sscd?: boolean; legislation?: string[] } = {}, notBefore?: Date) {
  const pki = await pkiPromise;
  const issued = await pki.issuingCa.issue({
    ...(notBefore ? { notBefore, notAfter: d('2027-01-01') } : {}),
    extensions: {
      qcStatements: {
        compliance: true,
        sscd: qc.sscd ?? true,
        type: ['eSign'],
        legislation: qc.legislation ?? ['ZZ'],
      },
    },
  });
  return issued.cert;
}

describe('parseMutualRecognitionAgreement', () => {
  it('reads the agreement, its equivalences, mappings and history', async () => {
    const { lotl } = await setup([
      {
        ...ESIG,
        status: 'repealed',
        startingTime: d('2026-02-01'),
        history: [{ ...ESIG, startingTime: d('2020-01-01') }],
      },
    ]);
    const pointer = lotl.schemeInformation.pointersToOtherTSL[0]!;
    const mra = parseMutualRecognitionAgreement(pointer.mutualRecognitionAgreement!);
    expect(mra).toMatchObject({
      technicalType: 1,
      version: 1,
      pointingContractingPartyLegislation: 'EU',
      pointedContractingPartyLegislation: 'ZZ',
      mraDepth: 1,
      problems: [],
    });
    const eq = mra.equivalences[0]!;
    expect(eq.legalIdentifier).toBe('QCForESig');
    expect([eq.current.status, eq.current.statusStartingTime]).toEqual([MRA_URIS.REPEALED, d('2026-02-01')]);
    expect(eq.history.map((h) => [h.status, h.statusStartingTime])).toEqual([
      [MRA_URIS.ENACTED, d('2020-01-01')],
    ]);
    expect(eq.current.serviceTypes).toEqual([
      {
        pointing: { serviceTypeIdentifier: U.CA_QC, additionalServiceInformation: U.FOR_ESIGNATURES },
        pointed: { serviceTypeIdentifier: ZZ_QC },
      },
    ]);
    expect(eq.current.statusEquivalence).toEqual({
      validPointing: [U.GRANTED],
      validPointed: [ZZ_GRANTED],
      invalidPointing: [U.WITHDRAWN],
      invalidPointed: [ZZ_WITHDRAWN],
    });
    expect(eq.current.certificateContent.map((c) => c.context)).toEqual([
      MRA_URIS.QC_COMPLIANCE,
      MRA_URIS.QC_QSCD,
    ]);
    const compliance = eq.current.certificateContent[0]!;
    expect(compliance.pointing.criteriaLists[0]?.assert).toBe('none');
    expect(compliance.pointed.otherCriteria.map((e) => e.localName)).toEqual(['QcStatementSet']);
    expect(eq.current.qualifiers[0]).toEqual({ pointing: U.QC_WITH_QSCD, pointed: ZZ_WITH_QSCD });
    expect(eq.current.qualificationExtensionName?.pointing).toMatch(/Qualifications$/);
    expect(equivalenceStateAt(eq, d('2025-01-01'))?.status).toBe(MRA_URIS.ENACTED);
    expect(equivalenceStateAt(eq, d('2026-06-01'))?.status).toBe(MRA_URIS.REPEALED);
    expect(equivalenceStateAt(eq, d('2019-01-01'))).toBeUndefined();
  });

  it('lists what departs from the schema instead of throwing', () => {
    const lotl = parseTrustedList(
      buildTrustedList({
        territory: 'EU',
        pointers: [
          {
            location: 'https://zz.example/tl.xml',
            territory: 'ZZ',
            certificates: [],
            otherInformation: [
              `<mra:MutualRecognitionAgreementInformation xmlns:mra="${TSL_URIS.MRA_NS}" technicalType="1"><mra:TrustServiceEquivalenceInformation><mra:TrustServiceEquivalenceStatus>${MRA_URIS.ENACTED}</mra:TrustServiceEquivalenceStatus><mra:TrustServiceEquivalenceStatusStartingTime>soon</mra:TrustServiceEquivalenceStatusStartingTime></mra:TrustServiceEquivalenceInformation></mra:MutualRecognitionAgreementInformation>`,
            ],
          },
        ],
      }),
    );
    const mra = parseMutualRecognitionAgreement(
      lotl.schemeInformation.pointersToOtherTSL[0]!.mutualRecognitionAgreement!,
    );
    expect(mra.technicalType).toBe(1);
    expect(mra.problems).toEqual([
      'the version attribute is missing',
      'the pointingContractingPartyLegislation attribute is missing',
      'the pointedContractingPartyLegislation attribute is missing',
      'the MRADepth attribute is missing',
      'TrustServiceEquivalenceInformation[1] (no TrustServiceLegalIdentifier) lacks TrustServiceLegalIdentifier',
      'TrustServiceEquivalenceInformation[1] (no TrustServiceLegalIdentifier) lacks TrustServiceTSLTypeEquivalenceList',
      'TrustServiceEquivalenceInformation[1] (no TrustServiceLegalIdentifier): TrustServiceEquivalenceStatusStartingTime "soon" is not an xsd:dateTime',
      'TrustServiceEquivalenceInformation[1] (no TrustServiceLegalIdentifier) lacks TrustServiceTSLStatusEquivalenceList',
    ]);
  });

  it('pairs lists with the agreement of the pointer of their territory and TSLType', async () => {
    const { lotl, zz } = await setup([ESIG]);
    const other = parseTrustedList(buildTrustedList({ territory: 'ZZ' })); // EUgeneric, not the pointed type
    const pt = parseTrustedList(buildTrustedList({ territory: 'PT' }));
    const pairs = agreementsForLists(lotl, [zz, other, pt]);
    expect(pairs.map((p) => p.list)).toEqual([zz]);
    expect(pairs[0]?.pointer.tslLocation).toBe('https://zz.example/tl.xml');
  });
});

describe('qualification by MRA equivalence', () => {
  it('qualifies a third-country certificate by equivalence under an enacted agreement', async () => {
    const { index, agreements } = await setup([ESIG]);
    const q = qualifyCertificate(await zzCert(), { services: index, agreements, signingTime: SIGNING });
    for (const at of [q.atIssuance, q.atSigningTime!]) {
      expect([at.qualified, at.type, at.qscd]).toEqual([true, 'esig', true]);
      expect(at.byEquivalence).toEqual({ agreement: 'EU–ZZ', legalIdentifier: 'QCForESig' });
      expect(at.service?.territory).toBe('ZZ');
    }
    const ev = q.atIssuance.evidence[0]!;
    expect(ev.equivalence).toMatchObject({
      applied: true,
      legalIdentifier: 'QCForESig',
      original: { serviceTypeIdentifier: ZZ_QC, serviceStatus: ZZ_GRANTED },
      certificateContent: [MRA_URIS.QC_COMPLIANCE, MRA_URIS.QC_QSCD],
    });
    expect(ev.effective).toMatchObject({
      serviceTypeIdentifier: U.CA_QC,
      serviceStatus: U.GRANTED,
      additionalServiceInformation: [U.FOR_ESIGNATURES],
    });
    // The certificate's own statements are kept; the mapped ones are in the evidence.
    expect(q.certificate.qcLegislation).toEqual(['ZZ']);
    expect(ev.content.qcLegislation).toEqual([]);
    expect(q.checks.find((c) => c.id === 'QUAL_RESULT')?.message).toMatch(
      /qualified on .* by equivalence under the EU–ZZ agreement \(QCForESig\)/,
    );
  });

  it('without the agreement the same certificate is not qualified', async () => {
    const { index } = await setup([ESIG]);
    const q = qualifyCertificate(await zzCert(), { services: index });
    expect(q.atIssuance.qualified).toBe(false);
    expect(q.checks.find((c) => c.id === 'QUAL_LIST_SCOPE')?.status).toBe('warning');
    expect(q.checks.find((c) => c.id === 'QUAL_SERVICE_TYPE')?.message).toMatch(/for-eSig does not issue/);
  });

  it('a repealed equivalence gives not qualified from its repeal on, with the reason', async () => {
    const { index, agreements } = await setup([
      {
        ...ESIG,
        status: 'repealed',
        startingTime: d('2026-02-01'),
        history: [{ ...ESIG, startingTime: d('2020-01-01') }],
      },
    ]);
    const q = qualifyCertificate(await zzCert(), { services: index, agreements, signingTime: SIGNING });
    expect(q.atIssuance.qualified).toBe(true);
    expect(q.atSigningTime?.qualified).toBe(false);
    expect(q.atSigningTime?.byEquivalence).toBeUndefined();
    const f = q.checks.find((c) => c.id === 'QUAL_MRA_EQUIVALENCE' && c.at === 'signing');
    expect(f?.status).toBe('failed');
    expect(f?.message).toMatch(
      /not qualified by equivalence under the EU–ZZ agreement: the QCForESig equivalence is repealed since 2026-02-01/,
    );
  });

  it('does not map the content of a certificate issued before the equivalence was enacted', async () => {
    const { index, agreements } = await setup([{ ...ESIG, startingTime: d('2026-02-01') }]);
    const q = qualifyCertificate(await zzCert(), { services: index, agreements, signingTime: SIGNING });
    expect(q.atIssuance.qualified).toBe(false);
    expect(q.checks.find((c) => c.id === 'QUAL_MRA_EQUIVALENCE' && c.at === 'issuance')?.message).toMatch(
      /did not exist yet/,
    );
    // At signing time the service is translated, but the certificate still claims ZZ legislation only.
    expect(q.atSigningTime?.qualified).toBe(false);
    expect(
      q.checks.some((c) => c.id === 'QUAL_MRA_CERTIFICATE_CONTENT' && /not enacted/.test(c.message)),
    ).toBe(true);
    expect(q.checks.find((c) => c.id === 'QUAL_SERVICE_RESULT' && c.at === 'signing')?.message).toMatch(
      /legislation of ZZ/,
    );
  });

  it('gives not qualified when no equivalence covers the service type or its status', async () => {
    const other = await setup([ESIG], { type: `${ZZ}/Svctype/TSA` });
    const byType = qualifyCertificate(await zzCert(), {
      services: other.index,
      agreements: other.agreements,
    });
    expect(byType.atIssuance.qualified).toBe(false);
    expect(byType.checks.find((c) => c.id === 'QUAL_MRA_EQUIVALENCE')?.message).toMatch(
      /no equivalence of the EU–ZZ agreement covers the service type/,
    );
    const suspended = await setup([ESIG], { status: `${ZZ}/Svcstatus/suspended` });
    const byStatus = qualifyCertificate(await zzCert(), {
      services: suspended.index,
      agreements: suspended.agreements,
    });
    expect(byStatus.atIssuance.qualified).toBe(false);
    expect(byStatus.checks.find((c) => c.id === 'QUAL_MRA_EQUIVALENCE')?.message).toMatch(/maps no status/);
  });

  it('maps a withdrawn third-country status to withdrawn', async () => {
    const { index, agreements } = await setup([ESIG], { status: ZZ_WITHDRAWN });
    const q = qualifyCertificate(await zzCert(), { services: index, agreements });
    expect(q.atIssuance.qualified).toBe(false);
    expect(q.checks.find((c) => c.id === 'QUAL_SERVICE_STATUS')?.message).toMatch(/withdrawn/);
  });

  it('maps third-country qualifiers to their EU equivalents', async () => {
    const { index, agreements } = await setup([ESIG], {
      extensions: [
        qualificationsExtension([
          { qualifiers: [ZZ_NO_QSCD], criteria: { keyUsage: [{ nonRepudiation: true }] } },
        ]),
      ],
    });
    const q = qualifyCertificate(await zzCert(), { services: index, agreements });
    expect([q.atIssuance.qualified, q.atIssuance.qscd]).toEqual([true, false]);
    expect(q.atIssuance.evidence[0]?.effective?.qualifiers).toEqual([U.QC_NO_QSCD]);
    expect(q.atIssuance.evidence[0]?.equivalence?.original.qualifiers).toEqual([ZZ_NO_QSCD]);
  });

  it('maps certificate content only when the pointed declaration matches the certificate', async () => {
    const { index, agreements } = await setup([ESIG]);
    // QcCClegislation BR is not what the ZZ declaration says: no mapping, a QC of another legislation.
    const q = qualifyCertificate(await zzCert({ legislation: ['BR'] }), { services: index, agreements });
    expect(q.atIssuance.qualified).toBe(false);
    expect(q.atIssuance.evidence[0]?.equivalence?.certificateContent).toEqual([MRA_URIS.QC_QSCD]);
    // No QcSSCD: QSCD is not mapped either.
    const noSscd = qualifyCertificate(await zzCert({ sscd: false }), { services: index, agreements });
    expect([noSscd.atIssuance.qualified, noSscd.atIssuance.qscd]).toEqual([true, false]);
  });

  it('applies none of two equivalences that both match the service', async () => {
    const { index, agreements } = await setup([ESIG, { ...ESIG, legalIdentifier: 'QCForESeal' }]);
    const q = qualifyCertificate(await zzCert(), { services: index, agreements });
    expect(q.atIssuance.qualified).toBe(false);
    expect(q.checks.find((c) => c.id === 'QUAL_MRA_EQUIVALENCE')?.message).toMatch(
      /2 equivalences \(QCForESig, QCForESeal\) match the service/,
    );
  });
  it('maps a third-country statement to an EU QcType and QcCompliance (QcType context), and names unsupported contexts', async () => {
    const ZZ_SEAL = '2.999.9.1';
    const { index, agreements } = await setup([
      {
        legalIdentifier: 'QCForESeal',
        pointedServiceType: ZZ_QC,
        pointedValidStatuses: [ZZ_GRANTED],
        certificateContent: [
          {
            context: MRA_URIS.QC_COMPLIANCE,
            pointing: { other: [qcStatementSet([{ oid: COMPLIANCE }])] },
            pointed: { other: [qcStatementSet([{ oid: ZZ_SEAL }])] },
          },
          {
            context: MRA_URIS.QC_TYPE,
            pointing: { other: [qcStatementSet([{ oid: '0.4.0.1862.1.6', qcType: '0.4.0.1862.1.6.2' }])] },
            pointed: { other: [qcStatementSet([{ oid: ZZ_SEAL }])] },
          },
          {
            context: 'http://ec.europa.eu/tools/lotl/mra/QcSomethingElse',
            pointing: {},
            pointed: {},
          },
        ],
      },
    ]);
    const pki = await pkiPromise;
    const seal = (await pki.issuingCa.issue({ extensions: { qcStatements: { extra: [{ oid: ZZ_SEAL }] } } }))
      .cert;
    const q = qualifyCertificate(seal, { services: index, agreements });
    expect([q.atIssuance.qualified, q.atIssuance.type, q.atIssuance.legalPerson]).toEqual([
      true,
      'eseal',
      true,
    ]);
    expect(q.atIssuance.byEquivalence?.legalIdentifier).toBe('QCForESeal');
    expect(q.atIssuance.evidence[0]?.content).toMatchObject({
      qcCompliance: true,
      qcTypes: ['0.4.0.1862.1.6.2'],
    });
    expect(
      q.checks.some(
        (c) => c.id === 'QUAL_MRA_CERTIFICATE_CONTENT' && /QcSomethingElse is not supported/.test(c.message),
      ),
    ).toBe(true);
    // Without the ZZ statement nothing is mapped: not qualified.
    const plain = (await pki.issuingCa.issue()).cert;
    expect(qualifyCertificate(plain, { services: index, agreements }).atIssuance.qualified).toBe(false);
  });
  it('reads the EU pilot’s spellings: context URIs by their last segment, qualifiers whatever their case', async () => {
    const { index, agreements } = await setup(
      [
        {
          ...ESIG,
          certificateContent: [
            ...ESIG.certificateContent!.filter((c) => c.context !== MRA_URIS.QC_QSCD),
            {
              context: 'http://ec.europa.eu/trust-services/mutualrecognitionagreement/QcQSCD',
              pointing: { other: [qcStatementSet([{ oid: SSCD }])] },
              pointed: { other: [qcStatementSet([{ oid: SSCD }])] },
            },
          ],
          qualifiers: [
            {
              pointing: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QcStatement',
              pointed: `${ZZ}/SvcInfoExt/QcStatement`,
            },
          ],
        },
      ],
      {
        extensions: [
          qualificationsExtension([
            {
              qualifiers: [`${ZZ}/SvcInfoExt/QcStatement`],
              criteria: { keyUsage: [{ nonRepudiation: true }] },
            },
          ]),
        ],
      },
    );
    // No QcCompliance at all: the (pilot-spelt) QcStatement qualifier makes it qualified; QcSSCD maps to a QSCD.
    const pki = await pkiPromise;
    const cert = (await pki.issuingCa.issue({ extensions: { qcStatements: { sscd: true } } })).cert;
    const q = qualifyCertificate(cert, { services: index, agreements });
    expect([q.atIssuance.qualified, q.atIssuance.qscd, q.atIssuance.type]).toEqual([true, true, 'esig']);
    expect(q.atIssuance.evidence[0]?.equivalence?.certificateContent).toEqual([
      'http://ec.europa.eu/trust-services/mutualrecognitionagreement/QcQSCD',
    ]);
  });
  it('reads the pilot’s QcType declarations (eSig, or no type, but neither eSeal nor web) as QcType eSig', async () => {
    const t = (oid: string) => qcStatementSet([{ oid: '0.4.0.1862.1.6', qcType: oid }]);
    const declaration = {
      criteriaLists: [
        {
          assert: 'atLeastOne',
          criteriaLists: [
            { other: [t('0.4.0.1862.1.6.1')] },
            { assert: 'none', other: [t('0.4.0.1862.1.6.1')] },
          ],
        },
        { assert: 'none', other: [t('0.4.0.1862.1.6.2'), t('0.4.0.1862.1.6.3')] },
      ],
    };
    const { index, agreements } = await setup([
      {
        ...ESIG,
        certificateContent: [
          ...ESIG.certificateContent!,
          { context: MRA_URIS.QC_TYPE, pointing: declaration, pointed: declaration },
        ],
      },
    ]);
    const pki = await pkiPromise;
    const untyped = (
      await pki.issuingCa.issue({ extensions: { qcStatements: { compliance: true, legislation: ['ZZ'] } } })
    ).cert;
    const q = qualifyCertificate(untyped, { services: index, agreements });
    expect([q.atIssuance.qualified, q.atIssuance.type]).toEqual([true, 'esig']);
    expect(q.atIssuance.evidence[0]?.content.qcTypes).toEqual(['0.4.0.1862.1.6.1']);
    // A ZZ eSeal certificate does not fit the QCForESig equivalence: its content is not mapped.
    const seal = (
      await pki.issuingCa.issue({
        extensions: { qcStatements: { compliance: true, type: ['eSeal'], legislation: ['ZZ'] } },
      })
    ).cert;
    const s2 = qualifyCertificate(seal, { services: index, agreements });
    expect(s2.atIssuance.qualified).toBe(false);
    expect(s2.checks.some((c) => /QcType does not fit .*ForeSignatures/.test(c.message))).toBe(true);
  });
});
