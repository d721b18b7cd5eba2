/**
 * qualifyCertificate (ETSI TS 119 615 §4.3) on testkit certificates and testkit-built lists: every rule
 * with a good and a bad case — status at issuance and at signing time, service type, status, ASI,
 * qualifiers overriding the certificate (QC, type, QSCD), inconsistent qualifiers, services that
 * disagree, unusable services, CA chains, pre-eIDAS — and matchCriteria for each criterion kind.
 */
import type { Certificate } from '@mutua/core';
import { type IssueOptions, createTestPki } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import {
  type CriteriaList,
  QUALIFICATION_URIS as U,
  type QualificationCheck,
  type QualificationOptions,
  type TrustedListServiceSpec,
  TrustServiceIndex,
  additionalServiceInformationExtension as asi,
  buildTrustedList,
  findQualificationServices,
  matchCriteria,
  parseTrustedList,
  qualificationsExtension,
  qualifyCertificate,
} from '../src/index';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const pkiPromise = createTestPki({ name: 'Qual Test', referenceDate: d('2026-01-15') });
const SIGNING = d('2026-03-01');
const S = 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/';

async function issue(options: IssueOptions = {}) {
  const pki = await pkiPromise;
  return (await pki.issuingCa.issue(options)).cert;
}
const QES = { extensions: { qcStatements: { compliance: true, sscd: true, type: ['eSign'] as const } } };

async function qualify(
  cert: Certificate,
  services: readonly Omit<TrustedListServiceSpec, 'certificates'>[],
  options: Partial<QualificationOptions> = {},
) {
  const pki = await pkiPromise;
  const list = parseTrustedList(
    buildTrustedList({
      territory: 'EE',
      sequenceNumber: 70,
      providers: [
        {
          name: 'QTSP',
          services: services.map((s) => ({ certificates: [pki.issuingCa.der], ...s })),
        },
      ],
    }),
  );
  return qualifyCertificate(cert, {
    services: new TrustServiceIndex([list]),
    signingTime: SIGNING,
    ...options,
  });
}
const granted = (extensions: string[] = [asi(U.FOR_ESIGNATURES)]): TrustedListServiceSpec => ({
  statusStartingTime: d('2016-07-01'),
  extensions,
});
const failed = (q: { readonly checks: readonly QualificationCheck[] }, id: string) =>
  q.checks.filter((c) => c.id === id && c.status === 'failed');

describe('qualifyCertificate', () => {
  it('qualifies a QES certificate under a granted CA/QC service for eSignatures, at issuance and signing time', async () => {
    const q = await qualify(await issue(QES), [granted()]);
    for (const at of [q.atIssuance, q.atSigningTime!]) {
      expect([at.qualified, at.type, at.qscd, at.qscdManagedOnBehalf, at.legalPerson]).toEqual([
        true,
        'esig',
        true,
        false,
        false,
      ]);
      expect(at.service).toMatchObject({ territory: 'EE', tslSequenceNumber: 70, tspName: 'QTSP' });
      expect(at.byEquivalence).toBeUndefined();
    }
    expect(q.atIssuance.time).toEqual(q.atIssuance.evidence[0]?.time);
    expect(q.certificate).toMatchObject({ qcCompliance: true, qcSscd: true, qcTypes: ['0.4.0.1862.1.6.1'] });
    expect(q.checks.filter((c) => c.status === 'failed')).toEqual([]);
    expect(q.checks.map((c) => c.id)).toContain('QUAL_RESULT');
    // The evidence keeps what the list says apart from the judgement.
    expect(q.atIssuance.evidence[0]?.effective?.additionalServiceInformation).toEqual([U.FOR_ESIGNATURES]);
  });

  it('does not qualify a certificate without QcCompliance, nor one under a foreign QcCClegislation', async () => {
    const plain = await qualify(await issue(), [granted()]);
    expect(plain.atIssuance.qualified).toBe(false);
    expect(failed(plain, 'QUAL_SERVICE_RESULT')[0]?.message).toMatch(/no QcCompliance/);
    const foreign = await qualify(
      await issue({ extensions: { qcStatements: { compliance: true, legislation: ['BR'] } } }),
      [granted()],
    );
    expect(foreign.atIssuance.qualified).toBe(false);
    expect(failed(foreign, 'QUAL_SERVICE_RESULT')[0]?.message).toMatch(/legislation of BR/);
  });

  it('finds no service for a certificate of an unlisted CA', async () => {
    const pki = await pkiPromise;
    const q = qualifyCertificate(await issue(QES), { services: new TrustServiceIndex([]) });
    expect(q.atIssuance.qualified).toBe(false);
    expect(q.atSigningTime).toBeUndefined();
    expect(failed(q, 'QUAL_SERVICES_FOUND')).toHaveLength(1);
    // The CA itself is not its own qualifying service.
    const list = parseTrustedList(
      buildTrustedList({ providers: [{ name: 'T', services: [{ certificates: [pki.issuingCa.der] }] }] }),
    );
    expect(
      qualifyCertificate(pki.issuingCa.cert, { services: new TrustServiceIndex([list]) }).atIssuance.evidence,
    ).toEqual([]);
  });

  it('uses the status in force at each time: withdrawn after issuance is qualified at issuance only', async () => {
    const q = await qualify(await issue(QES), [
      {
        status: `${S}withdrawn`,
        statusStartingTime: d('2026-02-01'),
        extensions: [asi(U.FOR_ESIGNATURES)],
        history: [
          {
            status: `${S}granted`,
            statusStartingTime: d('2016-07-01'),
            extensions: [asi(U.FOR_ESIGNATURES)],
          },
        ],
      },
    ]);
    expect(q.atIssuance.qualified).toBe(true);
    expect(q.atSigningTime?.qualified).toBe(false);
    const f = failed(q, 'QUAL_SERVICE_STATUS');
    expect(f.map((c) => c.at)).toEqual(['signing']);
    expect(f[0]?.source?.serviceStatus).toBe(`${S}withdrawn`);
  });

  it('a service listed only after issuance qualifies at signing time, not at issuance', async () => {
    const q = await qualify(await issue(QES), [
      { statusStartingTime: d('2026-02-01'), extensions: [asi(U.FOR_ESIGNATURES)] },
    ]);
    expect([q.atIssuance.qualified, q.atSigningTime?.qualified]).toEqual([false, true]);
    expect(failed(q, 'QUAL_SERVICE_AT_TIME').map((c) => c.at)).toEqual(['issuance']);
  });

  it('accepts only CA/QC (and NationalRootCA-QC) services', async () => {
    const cert = await issue(QES);
    const pkc = await qualify(cert, [{ ...granted(), type: 'http://uri.etsi.org/TrstSvc/Svctype/CA/PKC' }]);
    expect(pkc.atIssuance.qualified).toBe(false);
    expect(failed(pkc, 'QUAL_SERVICE_TYPE')[0]?.message).toMatch(/CA\/PKC does not issue qualified/);
    const root = await qualify(cert, [{ ...granted(), type: U.NATIONAL_ROOT_CA_QC }]);
    expect(root.atIssuance.qualified).toBe(true);
  });

  it('requires the service to be for the certificate’s type (AdditionalServiceInformation)', async () => {
    const sealsOnly = await qualify(await issue(QES), [granted([asi(U.FOR_ESEALS)])]);
    expect(sealsOnly.atIssuance.qualified).toBe(false);
    expect(failed(sealsOnly, 'QUAL_SERVICE_ASI')[0]?.message).toMatch(/for eseal .* certificate is for esig/);
    const seal = await qualify(
      await issue({ extensions: { qcStatements: { compliance: true, type: ['eSeal'] } } }),
      [granted([asi(U.FOR_ESIGNATURES), asi(U.FOR_ESEALS)])],
    );
    expect([
      seal.atIssuance.qualified,
      seal.atIssuance.type,
      seal.atIssuance.qscd,
      seal.atIssuance.legalPerson,
    ]).toEqual([true, 'eseal', false, true]);
    // Without any ASI the certificate's type stands, with a warning.
    const noAsi = await qualify(await issue(QES), [granted([])]);
    expect(noAsi.atIssuance.qualified).toBe(true);
    expect(noAsi.checks.some((c) => c.id === 'QUAL_SERVICE_ASI' && c.status === 'warning')).toBe(true);
    // QcCompliance without QcType is for eSignatures (EN 319 412-5 §4.2.3).
    const untyped = await qualify(await issue({ extensions: { qcStatements: { compliance: true } } }), [
      granted(),
    ]);
    expect([untyped.atIssuance.qualified, untyped.atIssuance.type]).toEqual([true, 'esig']);
  });

  it('lets the list’s QCStatement and NotQualified override the certificate', async () => {
    const all = { keyUsage: [{ nonRepudiation: true }] };
    const made = await qualify(await issue(), [
      granted([
        asi(U.FOR_ESIGNATURES),
        qualificationsExtension([{ qualifiers: [U.QC_STATEMENT], criteria: all }]),
      ]),
    ]);
    expect([made.atIssuance.qualified, made.atIssuance.type]).toEqual([true, 'esig']);
    const unmade = await qualify(await issue(QES), [
      granted([
        asi(U.FOR_ESIGNATURES),
        qualificationsExtension([{ qualifiers: [U.NOT_QUALIFIED], criteria: all }]),
      ]),
    ]);
    expect(unmade.atIssuance.qualified).toBe(false);
    expect(failed(unmade, 'QUAL_SERVICE_RESULT')[0]?.message).toMatch(/NotQualified/);
    // Criteria the certificate does not meet capture nothing.
    const missed = await qualify(await issue(QES), [
      granted([
        asi(U.FOR_ESIGNATURES),
        qualificationsExtension([
          { qualifiers: [U.NOT_QUALIFIED], criteria: { keyUsage: [{ keyCertSign: true }] } },
        ]),
      ]),
    ]);
    expect(missed.atIssuance.qualified).toBe(true);
    expect(missed.atIssuance.evidence[0]?.capturedQualifiers).toEqual([]);
  });

  it('lets the QSCD qualifiers override the certificate, and reads QSCD from the QCP-x-qscd policies', async () => {
    const byPolicy = await issue({
      extensions: { qcStatements: { compliance: true }, certificatePolicies: [U.QCP_N_QSCD] },
    });
    expect((await qualify(byPolicy, [granted()])).atIssuance.qscd).toBe(true);
    const noSscd = await issue({ extensions: { qcStatements: { compliance: true } } });
    expect((await qualify(noSscd, [granted()])).atIssuance.qscd).toBe(false);
    const withQ = (qualifier: string) =>
      granted([
        asi(U.FOR_ESIGNATURES),
        qualificationsExtension([{ qualifiers: [qualifier], criteria: { policySet: [[U.QCP_N]] } }]),
      ]);
    const qcpN = await issue({
      extensions: { qcStatements: { compliance: true }, certificatePolicies: [U.QCP_N] },
    });
    expect((await qualify(qcpN, [withQ(U.QC_WITH_QSCD)])).atIssuance.qscd).toBe(true);
    expect((await qualify(qcpN, [withQ(U.QC_WITH_SSCD)])).atIssuance.qscd).toBe(true);
    const managed = await qualify(qcpN, [withQ(U.QC_QSCD_MANAGED_ON_BEHALF)]);
    expect([managed.atIssuance.qscd, managed.atIssuance.qscdManagedOnBehalf]).toEqual([true, true]);
    expect((await qualify(qcpN, [withQ(U.QC_QSCD_STATUS_AS_IN_CERT)])).atIssuance.qscd).toBe(false);
    const qcpNSscd = await issue({
      extensions: { qcStatements: { compliance: true, sscd: true }, certificatePolicies: [U.QCP_N] },
    });
    expect((await qualify(qcpNSscd, [withQ(U.QC_QSCD_STATUS_AS_IN_CERT)])).atIssuance.qscd).toBe(true);
    expect((await qualify(qcpNSscd, [withQ(U.QC_NO_QSCD)])).atIssuance.qscd).toBe(false);
    expect((await qualify(qcpNSscd, [withQ(U.QC_NO_SSCD)])).atIssuance.qscd).toBe(false);
  });

  it('lets QCForESeal / QCForLegalPerson set the type and legal person', async () => {
    const q = await qualify(await issue({ extensions: { qcStatements: { compliance: true } } }), [
      granted([
        asi(U.FOR_ESIGNATURES),
        asi(U.FOR_ESEALS),
        qualificationsExtension([
          {
            qualifiers: [U.QC_FOR_ESEAL, U.QC_FOR_LEGAL_PERSON],
            criteria: { keyUsage: [{ digitalSignature: true }] },
          },
        ]),
      ]),
    ]);
    expect([q.atIssuance.qualified, q.atIssuance.type, q.atIssuance.legalPerson]).toEqual([
      true,
      'eseal',
      true,
    ]);
  });

  it('does not use a service whose qualifiers contradict each other', async () => {
    const criteria = { keyUsage: [{ nonRepudiation: true }] };
    for (const qualifiers of [
      [U.QC_WITH_QSCD, U.QC_NO_QSCD],
      [U.QC_STATEMENT, U.NOT_QUALIFIED],
      [U.QC_FOR_ESIG, U.QC_FOR_ESEAL],
      [U.QC_FOR_LEGAL_PERSON, U.QC_FOR_ESIG],
    ]) {
      const q = await qualify(await issue(QES), [
        granted([
          asi(U.FOR_ESIGNATURES),
          asi(U.FOR_ESEALS),
          qualificationsExtension([{ qualifiers, criteria }]),
        ]),
      ]);
      expect(q.atIssuance.qualified, qualifiers.join()).toBe(false);
      expect(failed(q, 'QUAL_QUALIFIERS_CONSISTENT')).toHaveLength(2);
    }
  });

  it('does not qualify when two applicable services disagree, and agrees when they do', async () => {
    const cert = await issue(QES);
    const notQualified = granted([
      asi(U.FOR_ESIGNATURES),
      qualificationsExtension([
        { qualifiers: [U.NOT_QUALIFIED], criteria: { keyUsage: [{ nonRepudiation: true }] } },
      ]),
    ]);
    const q = await qualify(cert, [granted(), { ...notQualified, name: 'Other' }]);
    expect(q.atIssuance.qualified).toBe(false);
    expect(failed(q, 'QUAL_SERVICES_AGREE')[0]?.message).toMatch(/disagree/);
    const two = await qualify(cert, [granted(), { ...granted(), name: 'Twin' }]);
    expect(two.atIssuance.qualified).toBe(true);
    expect(two.checks.find((c) => c.id === 'QUAL_SERVICES_AGREE')?.status).toBe('passed');
    // A withdrawn twin is filtered out, not a disagreement.
    const withdrawn = await qualify(cert, [granted(), { ...granted(), status: `${S}withdrawn` }]);
    expect(withdrawn.atIssuance.qualified).toBe(true);
  });

  it('does not use a service with a critical extension it does not understand', async () => {
    const q = await qualify(await issue(QES), [
      granted([
        asi(U.FOR_ESIGNATURES),
        '<Extension Critical="true"><x:Thing xmlns:x="urn:x">?</x:Thing></Extension>',
      ]),
    ]);
    expect(q.atIssuance.qualified).toBe(false);
    expect(failed(q, 'QUAL_SERVICE_USABLE')).toHaveLength(2);
  });

  it('finds the service of a CA higher in the chain when the chain is given', async () => {
    const pki = await pkiPromise;
    const list = parseTrustedList(
      buildTrustedList({
        territory: 'EE',
        providers: [{ name: 'QTSP', services: [{ ...granted(), certificates: [pki.root.der] }] }],
      }),
    );
    const cert = await issue(QES);
    const index = new TrustServiceIndex([list]);
    expect(qualifyCertificate(cert, { services: index }).atIssuance.qualified).toBe(false);
    const q = qualifyCertificate(cert, { services: index, chain: [pki.issuingCa.cert] });
    expect(q.atIssuance.qualified).toBe(true);
    // The evidence step alone, then the judgement on the matches it gave.
    const matches = findQualificationServices(cert, index, [pki.issuingCa.cert]);
    expect(matches.map((m) => m.certificate.der)).toEqual([pki.root.der]);
    expect(qualifyCertificate(cert.der, { services: matches }).atIssuance.qualified).toBe(true);
  });

  it('qualifies a pre-eIDAS certificate under a TS 101 456 QCP+ policy and a supervised service', async () => {
    const cert = await issue({
      notBefore: d('2014-03-01'),
      notAfter: d('2017-03-01'),
      extensions: { certificatePolicies: [U.QCP_PLUS] },
    });
    const q = await qualify(
      cert,
      [
        {
          status: `${S}withdrawn`,
          statusStartingTime: d('2018-01-01'),
          history: [
            { status: `${S}granted`, statusStartingTime: d('2016-07-01') },
            { status: `${S}undersupervision`, statusStartingTime: d('2010-01-01') },
          ],
        },
      ],
      { signingTime: d('2015-06-01') },
    );
    expect([q.atIssuance.qualified, q.atIssuance.type, q.atIssuance.qscd]).toEqual([true, 'esig', true]);
    expect(q.atSigningTime?.qualified).toBe(true);
    expect(q.atSigningTime?.service?.serviceStatus).toBe(`${S}undersupervision`);
    // The same policy after eIDAS is not enough.
    const late = await issue({ extensions: { certificatePolicies: [U.QCP_PLUS] } });
    expect((await qualify(late, [granted()])).atIssuance.qualified).toBe(false);
  });
});

describe('matchCriteria', () => {
  const none: CriteriaList = {
    assert: 'all',
    keyUsage: [],
    policySet: [],
    criteriaLists: [],
    otherCriteria: [],
  };
  const crit = (xml: string) =>
    parseTrustedList(
      buildTrustedList({
        providers: [
          {
            name: 'T',
            services: [
              { extensions: [qualificationsExtension([{ qualifiers: [], criteria: { other: [xml] } }])] },
            ],
          },
        ],
      }),
    ).trustServiceProviders[0]!.services[0]!.extensions.qualifications[0]!.criteriaList;

  it('evaluates KeyUsage and PolicySet under all, atLeastOne and none', async () => {
    const cert = await issue({ extensions: { certificatePolicies: [U.QCP_N, U.QCP_N_QSCD] } });
    const nr = [{ name: 'nonRepudiation', value: true }];
    const kcs = [{ name: 'keyCertSign', value: true }];
    expect(matchCriteria({ ...none, keyUsage: [nr] }, cert).matches).toBe(true);
    expect(
      matchCriteria({ ...none, keyUsage: [[{ name: 'contentCommitment', value: true }]] }, cert).matches,
    ).toBe(true);
    expect(matchCriteria({ ...none, keyUsage: [kcs] }, cert).matches).toBe(false);
    expect(
      matchCriteria({ ...none, keyUsage: [[{ name: 'keyCertSign', value: false }]] }, cert).matches,
    ).toBe(true);
    expect(matchCriteria({ ...none, keyUsage: [nr, kcs] }, cert).matches).toBe(false);
    expect(matchCriteria({ ...none, assert: 'atLeastOne', keyUsage: [nr, kcs] }, cert).matches).toBe(true);
    expect(matchCriteria({ ...none, assert: 'none', keyUsage: [kcs] }, cert).matches).toBe(true);
    expect(matchCriteria({ ...none, assert: 'none', keyUsage: [nr] }, cert).matches).toBe(false);
    expect(matchCriteria({ ...none, policySet: [[U.QCP_N, U.QCP_N_QSCD]] }, cert).matches).toBe(true);
    expect(matchCriteria({ ...none, policySet: [[U.QCP_N, U.QCP_L]] }, cert).matches).toBe(false);
    expect(matchCriteria({ ...none, assert: 'atLeastOne' }, cert).matches).toBe(false);
    expect(matchCriteria(none, cert).matches).toBe(true);
    const nested = {
      ...none,
      criteriaLists: [{ ...none, assert: 'none', policySet: [[U.QCP_L]] }],
      keyUsage: [nr],
    };
    expect(matchCriteria(nested, cert).matches).toBe(true);
  });

  it('evaluates ExtendedKeyUsage, CertSubjectDNAttribute and QcStatementSet, and never matches an unknown criterion', async () => {
    const { qcStatementSet, TSL_URIS } = await import('../src/index');
    const cert = await issue({
      extensions: {
        extKeyUsage: ['1.3.6.1.5.5.7.3.4'],
        qcStatements: { compliance: true, type: ['eSeal'], legislation: ['ZZ'] },
      },
    });
    const tslx = `xmlns:tslx="${TSL_URIS.ADDITIONAL_TYPES_NS}" xmlns:xades="${TSL_URIS.XADES_NS}"`;
    const eku = (oid: string) =>
      crit(
        `<tslx:ExtendedKeyUsage ${tslx}><tslx:KeyPurposeId><xades:Identifier>${oid}</xades:Identifier></tslx:KeyPurposeId></tslx:ExtendedKeyUsage>`,
      );
    expect(matchCriteria(eku('1.3.6.1.5.5.7.3.4'), cert).matches).toBe(true);
    expect(matchCriteria(eku('1.3.6.1.5.5.7.3.2'), cert).matches).toBe(false);
    const dn = (oid: string) =>
      crit(
        `<tslx:CertSubjectDNAttribute ${tslx}><tslx:AttributeOID><xades:Identifier>${oid}</xades:Identifier></tslx:AttributeOID></tslx:CertSubjectDNAttribute>`,
      );
    expect(matchCriteria(dn('2.5.4.42'), cert).matches).toBe(true); // givenName
    expect(matchCriteria(dn('2.5.4.97'), cert).matches).toBe(false); // organizationIdentifier
    const qc = (s: Parameters<typeof qcStatementSet>[0]) =>
      matchCriteria(crit(qcStatementSet(s)), cert).matches;
    expect(qc([{ oid: '0.4.0.1862.1.1' }])).toBe(true);
    expect(qc([{ oid: '0.4.0.1862.1.4' }])).toBe(false);
    expect(qc([{ oid: '0.4.0.1862.1.6', qcType: '0.4.0.1862.1.6.2' }])).toBe(true);
    expect(qc([{ oid: '0.4.0.1862.1.6', qcType: '0.4.0.1862.1.6.1' }])).toBe(false);
    expect(qc([{ oid: '0.4.0.1862.1.7', legislation: 'ZZ' }])).toBe(true);
    expect(qc([{ oid: '0.4.0.1862.1.7', legislation: 'BR' }])).toBe(false);
    const unknown = crit('<x:Thing xmlns:x="urn:x"/>');
    expect(matchCriteria(unknown, cert)).toEqual({ matches: false, unsupported: ['{urn:x}Thing'] });
    expect(matchCriteria({ ...unknown, assert: 'none' }, cert).matches).toBe(false);
  });
});
