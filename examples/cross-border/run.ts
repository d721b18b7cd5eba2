/**
 * Cross-border recognition, offline: two regions, their trust lists, signed documents, and what a
 * relying party in Brussels and one in Montevideo make of them — the validation verdict, the EU
 * qualification from the trusted lists, and the recognition under each one's policy, with the reasons.
 *
 * Everything is generated at run time with @mutua/testkit (nothing binary is committed):
 * - an EU-style LOTL, signed, pointing to the Estonian and Spanish lists and to a third-country (ZZ) list
 *   whose pointer carries a pilot-style mutual recognition agreement (mra:…) — enacted, then repealed;
 * - a MERCOSUR-style list of lists compiled by the Montevideo ministry from the national sources (AR, BR,
 *   UY, PY roots), since MERCOSUR publishes no machine-readable list;
 * - CAdES and XAdES signatures by signers of each.
 *
 * The trust anchors come from the lists only: each list is accepted when its signature verifies against
 * the certificates its pointer announces (the LOTL's against those the Official Journal announces), and
 * the CA certificates of its granted services become anchors tagged with a recognition-policy source id.
 *
 * Run: npx tsx examples/cross-border/run.ts
 */
import { readFileSync } from 'node:fs';
import { type CadesSignatureReport, signCades, verifyCades } from '@mutua/cades';
import {
  type Certificate,
  type CertificateList,
  Indication,
  type Recognition,
  type RecognitionFacts,
  type RecognitionPolicy,
  type TrustAnchor,
  parseCertificate,
  parseCrl,
  parseRecognitionPolicy,
  recognizeSignature,
  trustAnchorFromCertificate,
} from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import {
  type BuiltCertificate,
  type TestPki,
  type TestPkiOptions,
  argentinaPerson,
  brazilPerson,
  createTestPki,
  createTsa,
  euNaturalPerson,
  timestampToken,
} from '@mutua/testkit';
import {
  type CertificateQualification,
  type ListAgreement,
  MRA_URIS,
  type MraEquivalenceSpec,
  type OtherTSLPointer,
  QUALIFICATION_URIS as Q,
  TSL_URIS,
  type TrustSourceProfile,
  type TrustedList,
  type TrustedListServiceSpec,
  TrustServiceIndex,
  additionalServiceInformationExtension,
  agreementsForLists,
  buildTrustedList,
  loadCertificates,
  loadListOfTrustedLists,
  mraElement,
  parseMutualRecognitionAgreement,
  parseTrustedList,
  qcStatementSet,
  qualifyCertificate,
  signTrustedList,
  verifyTrustedListSignature,
} from '@mutua/trust-list';
import { type XadesSignatureReport, signXades, verifyXades } from '@mutua/xades';
import { trustAnchorsFromTrustedList } from './anchors';

/** The demo's "now": every validation runs at this time, so the output never depends on the clock. */
const NOW = new Date('2026-03-02T09:00:00Z');
const day = (s: string) => new Date(`${s}T00:00:00Z`);
/** When the Spanish "ceased" QTSP's CA service was withdrawn. */
const CEASED_AT = day('2026-02-10');
const crypto = nodeCryptoEngine;

// ---------------------------------------------------------------------------------------------------
// Where the lists are published (an in-memory "web": the demo never goes on line).
const URL_BASE = 'https://tl.example';
const LOTL_URL = `${URL_BASE}/eu/eu-lotl.xml`;
const EE_URL = `${URL_BASE}/ee/EE.xml`;
const ES_URL = `${URL_BASE}/es/ES.xml`;
const ZZ_URL = `${URL_BASE}/zz/ZZ.xml`;
const MERCOSUR_URL = `${URL_BASE}/uy/mercosur-lotl.xml`;
const ETSI_TSL_TYPE = 'http://uri.etsi.org/TrstSvc/TrustedList/TSLType/';

// The third country's own vocabulary (TS 119 612 lets a non-EU list use its own URIs).
const ZZ_TSL_TYPE = `${ETSI_TSL_TYPE}ZZlist`;
const ZZ = 'http://zz-trusted-list.go.zz/TrstSvc';
const ZZ_QC = `${ZZ}/Svctype/CA/QC/for-eSig`;
const ZZ_GRANTED = `${ZZ}/Svcstatus/granted`;
const ZZ_WITHDRAWN = `${ZZ}/Svcstatus/withdrawn`;
const ZZ_WITH_QSCD = `${ZZ}/SvcInfoExt/QCWithQSCD`;
const ZZ_NO_QSCD = `${ZZ}/SvcInfoExt/QCNoQSCD`;
const QC_COMPLIANCE = '0.4.0.1862.1.1';
const QC_SSCD = '0.4.0.1862.1.4';
const QC_LEGISLATION = '0.4.0.1862.1.7';

/**
 * The EU–ZZ equivalence for qualified certificates for electronic signatures, as the EU pilot LOTL
 * writes it: the ZZ service type and statuses map onto CA/QC granted/withdrawn, a certificate stating
 * QcCompliance under ZZ legislation (QcCClegislation ZZ) reads as an EU QcCompliance, QcSSCD as QcSSCD.
 * Enacted on 2024-01-01, repealed on 2026-02-01.
 */
const ZZ_ESIG: Omit<MraEquivalenceSpec, 'legalIdentifier' | 'history'> = {
  pointedServiceType: ZZ_QC,
  pointedValidStatuses: [ZZ_GRANTED],
  pointedInvalidStatuses: [ZZ_WITHDRAWN],
  certificateContent: [
    {
      context: MRA_URIS.QC_COMPLIANCE,
      pointing: {
        criteriaLists: [{ assert: 'none', other: [qcStatementSet([{ oid: QC_LEGISLATION }])] }],
        other: [qcStatementSet([{ oid: QC_COMPLIANCE }])],
      },
      pointed: {
        other: [qcStatementSet([{ oid: QC_COMPLIANCE }, { oid: QC_LEGISLATION, legislation: 'ZZ' }])],
      },
    },
    {
      context: MRA_URIS.QC_QSCD,
      pointing: { other: [qcStatementSet([{ oid: QC_SSCD }])] },
      pointed: { other: [qcStatementSet([{ oid: QC_SSCD }])] },
    },
  ],
  qualifiers: [
    { pointing: Q.QC_WITH_QSCD, pointed: ZZ_WITH_QSCD },
    { pointing: Q.QC_NO_QSCD, pointed: ZZ_NO_QSCD },
  ],
};
const MRA_REPEALED = day('2026-02-01');

/** Paraguay's national root, as a trust-source profile (the package ships AR, BR, UY, not PY). */
const PY_PROFILE: TrustSourceProfile = {
  jurisdiction: 'PY',
  kind: 'national-root',
  name: 'Autoridad Certificadora Raíz del Paraguay',
  legalLevel: 'firma electrónica cualificada (Ley 6822/2021)',
  levels: ['AC Raíz', 'prestador cualificado'],
  unplaced: 'prestador cualificado',
};

// ---------------------------------------------------------------------------------------------------
// Documents

type SignedDocument =
  | { readonly kind: 'CAdES'; readonly p7s: Uint8Array; readonly content: Uint8Array }
  | { readonly kind: 'XAdES'; readonly xml: string };

type SignatureReport = CadesSignatureReport | XadesSignatureReport;

const text = (s: string) => new TextEncoder().encode(s);

async function cades(
  pki: TestPki,
  content: string,
  signingTime: Date,
  timestampAt?: { tsa: BuiltCertificate; time: Date },
): Promise<SignedDocument> {
  const bytes = text(content);
  const p7s = await signCades({
    content: bytes,
    detached: true,
    certificate: pki.endEntity.der,
    chain: [pki.issuingCa.der],
    key: pki.endEntity.key.privateKey,
    signingTime,
    ...(timestampAt
      ? {
          timestamp: (imprint: Uint8Array, hash: 'SHA-256' | 'SHA-384' | 'SHA-512') =>
            timestampToken({ tsa: timestampAt.tsa, digest: imprint, hash, genTime: timestampAt.time }),
        }
      : {}),
  });
  return { kind: 'CAdES', p7s, content: bytes };
}

// ---------------------------------------------------------------------------------------------------
// The world: PKIs, scheme operators, lists, and the signed documents

async function pki(name: string, country: string, options: TestPkiOptions) {
  return createTestPki({ name, country, referenceDate: NOW, ...options });
}

async function buildWorld() {
  // Signers' PKIs (P-256 keys: fast). The EU ones assert the EN 319 411-2 policies.
  const [ee, es, zz, ar, br, uy, py, unlisted, operators, ceased] = await Promise.all([
    pki('EE Test QTSP', 'EE', {
      policies: [Q.QCP_N_QSCD],
      endEntity: {
        identity: euNaturalPerson({
          country: 'EE',
          givenName: 'MARI',
          surname: 'MAASIKAS',
          idNumber: '38001085718',
        }),
      },
    }),
    pki('ES Test QTSP', 'ES', {
      policies: [Q.QCP_N],
      endEntity: {
        identity: euNaturalPerson({
          country: 'ES',
          givenName: 'LUCIA',
          surname: 'GARCIA',
          idType: 'IDC',
          idNumber: '12345678Z',
          qscd: false, // a qualified certificate whose key is in a software keystore, not a QSCD
        }),
      },
    }),
    pki('ZZ Test QTSP', 'ZZ', {
      endEntity: {
        subject: [
          ['C', 'ZZ'],
          ['CN', 'ZED ZEDSON'],
          ['serialNumber', 'PNOZZ-1234567'],
        ],
        extensions: {
          qcStatements: { compliance: true, sscd: true, type: ['eSign'], legislation: ['ZZ'] },
        },
      },
    }),
    pki('AC Raiz AR Test', 'AR', { endEntity: { identity: argentinaPerson({ cuit: '20123456786' }) } }),
    pki('ICP-Brasil Test', 'BR', {
      endEntity: { identity: brazilPerson({ name: 'MARIA DA SILVA', cpf: '12345678909' }) },
    }),
    pki('ACRN UY Test', 'UY', {}),
    pki('AC Raiz PY Test', 'PY', {
      endEntity: {
        subject: [
          ['C', 'PY'],
          ['CN', 'MARIA GONZALEZ'],
          ['serialNumber', 'CI1234567'],
        ],
      },
    }),
    pki('Unlisted Corp', 'BE', {}),
    pki('Scheme operators', 'BE', {}),
    // A Spanish QTSP whose CA service was withdrawn on CEASED_AT (it stopped issuing; its status history
    // keeps the years it was granted).
    pki('ES Ceased QTSP', 'ES', {
      policies: [Q.QCP_N_QSCD],
      endEntity: {
        identity: euNaturalPerson({
          country: 'ES',
          givenName: 'PABLO',
          surname: 'RUIZ',
          idType: 'IDC',
          idNumber: '87654321X',
        }),
      },
    }),
  ]);
  const operator = (o: string, cn: string) =>
    operators.issue({
      subject: [
        ['C', 'BE'],
        ['O', o],
        ['CN', cn],
      ],
    });
  const [lotlSigner, eeOperator, esOperator, zzOperator, mercosurOperator] = await Promise.all([
    operator('European Commission (test)', 'EU LOTL signer'),
    operator('Estonian supervisory body (test)', 'EE TL signer'),
    operator('Spanish supervisory body (test)', 'ES TL signer'),
    operator('ZZ supervisory body (test)', 'ZZ TL signer'),
    operator('Montevideo ministry (test)', 'MERCOSUR list builder'),
  ]);
  const sign = (xml: string, who: BuiltCertificate) =>
    signTrustedList(xml, { key: who.key.privateKey, certificate: who.der, signingTime: day('2026-02-15') });
  const issued = { issueDate: day('2026-02-15') };

  // EU member-state lists: a CA/QC service granted since 2016, for electronic signatures.
  const qualifiedCa = (name: string, p: TestPki, status: string, since: Date) => ({
    name,
    type: Q.CA_QC,
    status,
    statusStartingTime: since,
    certificates: [p.issuingCa.der],
    extensions: [additionalServiceInformationExtension(Q.FOR_ESIGNATURES)],
  });
  const memberState = (
    territory: string,
    p: TestPki,
    operatorName: string,
    more: { name: string; services: TrustedListServiceSpec[] }[] = [],
  ) =>
    buildTrustedList({
      territory,
      operatorName,
      sequenceNumber: 42,
      ...issued,
      providers: [
        ...more,
        {
          name: `${territory} Test QTSP`,
          services: [
            {
              name: `${territory} Test QTSP qualified CA`,
              type: Q.CA_QC,
              status: Q.GRANTED,
              statusStartingTime: day('2016-07-01'),
              certificates: [p.issuingCa.der],
              extensions: [additionalServiceInformationExtension(Q.FOR_ESIGNATURES)],
            },
          ],
        },
      ],
    });
  const web = new Map<string, string>();
  web.set(EE_URL, await sign(memberState('EE', ee, 'Estonian supervisory body (test)'), eeOperator));
  web.set(
    ES_URL,
    await sign(
      memberState('ES', es, 'Spanish supervisory body (test)', [
        {
          name: 'ES Ceased QTSP',
          services: [
            {
              ...qualifiedCa('ES Ceased QTSP qualified CA', ceased, Q.WITHDRAWN, CEASED_AT),
              history: [qualifiedCa('ES Ceased QTSP qualified CA', ceased, Q.GRANTED, day('2016-07-01'))],
            },
          ],
        },
      ]),
      esOperator,
    ),
  );
  web.set(
    ZZ_URL,
    await sign(
      buildTrustedList({
        territory: 'ZZ',
        type: ZZ_TSL_TYPE,
        operatorName: 'ZZ supervisory body (test)',
        sequenceNumber: 7,
        ...issued,
        providers: [
          {
            name: 'ZZ Test QTSP',
            services: [
              {
                name: 'ZZ Test QTSP CA for e-signatures',
                type: ZZ_QC,
                status: ZZ_GRANTED,
                statusStartingTime: day('2019-01-01'),
                certificates: [zz.issuingCa.der],
              },
            ],
          },
        ],
      }),
      zzOperator,
    ),
  );
  // The LOTL: its self-pointer, the member states, and the third country under the MRA (repealed since
  // 2026-02-01; enacted from 2024-01-01, in its history).
  web.set(
    LOTL_URL,
    await sign(
      buildTrustedList({
        territory: 'EU',
        type: TSL_URIS.EU_LIST_OF_THE_LISTS,
        operatorName: 'European Commission (test)',
        sequenceNumber: 350,
        ...issued,
        pointers: [
          {
            location: LOTL_URL,
            territory: 'EU',
            type: TSL_URIS.EU_LIST_OF_THE_LISTS,
            certificates: [lotlSigner.der],
          },
          { location: EE_URL, territory: 'EE', certificates: [eeOperator.der] },
          { location: ES_URL, territory: 'ES', certificates: [esOperator.der] },
          {
            location: ZZ_URL,
            territory: 'ZZ',
            type: ZZ_TSL_TYPE,
            certificates: [zzOperator.der],
            otherInformation: [
              mraElement({
                pointedLegislation: 'ZZ',
                equivalences: [
                  {
                    legalIdentifier: 'QCForESig',
                    ...ZZ_ESIG,
                    status: 'repealed',
                    startingTime: MRA_REPEALED,
                    history: [{ ...ZZ_ESIG, status: 'enacted', startingTime: day('2024-01-01') }],
                  },
                ],
              }),
            ],
          },
        ],
      }),
      lotlSigner,
    ),
  );

  // MERCOSUR publishes no list: the Montevideo ministry reads each national source (a root certificate
  // downloaded from its operator), writes one list per country and a list of lists, and signs them.
  const national = [
    { territory: 'AR', p: ar, file: 'ac-raiz-ar.crt', profile: 'ar-ac-raiz' as const },
    { territory: 'BR', p: br, file: 'ICP-Brasilv10.crt', profile: 'icp-brasil' as const },
    { territory: 'UY', p: uy, file: 'acrn.cer', profile: 'uy-acrn' as const },
    { territory: 'PY', p: py, file: 'ac-raiz-py.crt', profile: PY_PROFILE },
  ];
  const pointers = [];
  for (const n of national) {
    const loaded = await loadCertificates([{ name: n.file, bytes: n.p.root.der }], {
      profile: n.profile,
      time: NOW,
      crypto,
    });
    const url = `${URL_BASE}/mercosur/${n.territory}.xml`;
    const type = `${ETSI_TSL_TYPE}${n.territory}list`;
    web.set(
      url,
      await sign(
        buildTrustedList({
          territory: n.territory,
          type,
          operatorName: `Montevideo ministry (test), from ${loaded.source.name}`,
          schemeInformationUris: [`https://national-source.example/${n.territory}/${n.file}`],
          ...issued,
          providers: [
            {
              name: loaded.source.name,
              services: loaded.certificates
                .filter((c) => c.anchor)
                .map((c) => ({
                  name: `${c.level}: ${loaded.source.legalLevel}`,
                  type: Q.NATIONAL_ROOT_CA_QC,
                  status: Q.GRANTED,
                  statusStartingTime: day('2020-01-01'),
                  certificates: [c.certificate.der],
                })),
            },
          ],
        }),
        mercosurOperator,
      ),
    );
    pointers.push({ location: url, territory: n.territory, type, certificates: [mercosurOperator.der] });
  }
  web.set(
    MERCOSUR_URL,
    await sign(
      buildTrustedList({
        territory: 'UY',
        type: `${ETSI_TSL_TYPE}UYlistofthelists`,
        operatorName: 'Montevideo ministry (test): MERCOSUR national sources',
        ...issued,
        pointers,
      }),
      mercosurOperator,
    ),
  );

  // CRLs every relying party has cached (offline revocation data), for each CA of each PKI.
  const crls: CertificateList[] = [];
  for (const p of [ee, es, zz, ar, br, uy, py, unlisted, ceased])
    for (const ca of p.cas) crls.push(parseCrl((await p.crl(ca)).der));

  // The documents.
  const zzTsa = await createTsa(zz, {
    subject: [
      ['C', 'ZZ'],
      ['O', 'ZZ Test QTSP'],
      ['CN', 'ZZ Test TSA'],
    ],
  });
  const eeTsa = await createTsa(ee, {
    subject: [
      ['C', 'EE'],
      ['O', 'EE Test QTSP'],
      ['CN', 'EE Test TSA'],
    ],
  });
  const hourAgo = new Date(NOW.getTime() - 3_600_000);
  const declaration = await signXades({
    content: {
      kind: 'enveloped',
      document:
        '<Declaration xmlns="urn:example:declaration"><Subject>Change of address</Subject><Declarant>MARI MAASIKAS</Declarant></Declaration>',
    },
    key: ee.endEntity.key.privateKey,
    certificate: ee.endEntity.der,
    chain: [ee.issuingCa.der],
    signingTime: hourAgo,
  });
  const documents = {
    eeDeclaration: { kind: 'XAdES', xml: declaration.xml } as SignedDocument,
    esInvoice: await cades(es, 'Factura 2026-0042: 1.210,00 EUR', hourAgo),
    zzBeforeRepeal: await cades(zz, 'ZZ export licence 1177', new Date('2026-01-31T12:00:00Z'), {
      tsa: zzTsa,
      time: new Date('2026-01-31T12:00:05Z'),
    }),
    zzAfterRepeal: await cades(zz, 'ZZ export licence 1178', hourAgo),
    unlisted: await cades(unlisted, 'Purchase order 9 (signed with a company-internal CA)', hourAgo),
    arContract: await cades(ar, 'Contrato de servicios, Buenos Aires', hourAgo),
    brContract: await cades(br, 'Contrato de prestação de serviços, São Paulo', hourAgo),
    pyContract: await cades(py, 'Contrato de compraventa, Asunción', hourAgo),
    ceasedProven: await cades(
      ceased,
      'Contrato de arrendamiento, Sevilla',
      new Date('2026-02-03T10:00:00Z'),
      {
        tsa: eeTsa,
        time: new Date('2026-02-03T10:00:05Z'),
      },
    ),
    ceasedUnproven: await cades(ceased, 'Contrato de arrendamiento, Sevilla (sin sello de tiempo)', hourAgo),
  };
  // A copy of the Estonian list altered after signing, as a compromised mirror might serve it: the
  // company-internal CA slipped in as one more granted CA/QC service.
  const slipped = buildTrustedList({
    providers: [
      {
        name: 'x',
        services: [{ name: 'Unlisted Corp CA', type: Q.CA_QC, certificates: [unlisted.issuingCa.der] }],
      },
    ],
  });
  const service = slipped.slice(slipped.indexOf('<TSPService>'), slipped.indexOf('</TSPServices>'));
  const tamperedEe = web.get(EE_URL)!.replace('</TSPServices>', `${service}</TSPServices>`);
  return {
    web,
    crls,
    documents,
    officialJournal: [lotlSigner.der],
    mercosurOperator,
    tamperedEe,
    unlistedCa: unlisted.issuingCa.der,
  };
}

// ---------------------------------------------------------------------------------------------------
// Relying parties: load lists, accept them by their signature, take anchors from them

interface AcceptedList {
  readonly territory: string;
  readonly list: TrustedList;
  readonly pointer: OtherTSLPointer;
}

const verdict = (v: { indication: string; subIndication?: string | undefined }) =>
  `${v.indication}${v.subIndication ? `/${v.subIndication}` : ''}`;

/** Follows the pointers of an accepted list of lists: each pointed list is accepted only when signed by a certificate the pointer announces. */
async function followPointers(
  lol: TrustedList,
  web: ReadonlyMap<string, string>,
  out: (line: string) => void,
  select: (p: OtherTSLPointer) => boolean,
): Promise<AcceptedList[]> {
  const accepted: AcceptedList[] = [];
  for (const pointer of lol.schemeInformation.pointersToOtherTSL) {
    if (!select(pointer) || !pointer.tslLocation) continue;
    const xml = web.get(pointer.tslLocation);
    if (xml === undefined) {
      out(`  ${pointer.schemeTerritory}: ${pointer.tslLocation} not available`);
      continue;
    }
    const list = parseTrustedList(xml);
    const v = await verifyTrustedListSignature(list, {
      announcedCertificates: pointer.certificates,
      crypto,
      time: NOW,
    });
    const territory = list.schemeInformation.schemeTerritory ?? '??';
    const ok = v.indication === Indication.TOTAL_PASSED && territory === pointer.schemeTerritory;
    out(
      `  ${territory} list #${list.schemeInformation.tslSequenceNumber ?? '?'} (${pointer.tslLocation}): signature ${verdict(v)}${ok ? ', signed by the announced certificate: accepted' : `: REFUSED (${v.reasons.at(-1) ?? 'territory mismatch'})`}${pointer.mutualRecognitionAgreement ? ' [pointer carries an MRA]' : ''}`,
    );
    if (ok) accepted.push({ territory, list, pointer });
  }
  return accepted;
}

/** Trust anchors from accepted lists, each list's anchors tagged with the policy source id of its territory. */
function anchorsFor(
  lists: readonly AcceptedList[],
  sourceIds: Readonly<Record<string, string>>,
  out: (line: string) => void,
): TrustAnchor[] {
  const anchors: TrustAnchor[] = [];
  for (const l of lists) {
    const sourceId = sourceIds[l.territory];
    if (!sourceId) continue;
    // A third-country list uses its own status URIs: those its pointer's MRA maps onto "granted".
    const mra = l.pointer.mutualRecognitionAgreement
      ? parseMutualRecognitionAgreement(l.pointer.mutualRecognitionAgreement)
      : undefined;
    const grantedStatuses = mra
      ? [
          ...new Set(
            mra.equivalences.flatMap((e) =>
              [e.current, ...e.history].flatMap((s) => s.statusEquivalence.validPointed),
            ),
          ),
        ]
      : [Q.GRANTED];
    const r = trustAnchorsFromTrustedList(l.list, { sourceId, time: NOW, grantedStatuses });
    for (const a of r.anchors) out(`    anchor ${a.source}: ${a.name.text}`);
    for (const f of r.formerly) out(`    formerly ${f}`);
    for (const s of r.skipped) out(`    skipped ${s}`);
    anchors.push(...r.anchors);
  }
  return anchors;
}

// ---------------------------------------------------------------------------------------------------
// Judging one document

async function verifyDocument(
  doc: SignedDocument,
  trustAnchors: readonly TrustAnchor[],
  crls: readonly CertificateList[],
): Promise<SignatureReport> {
  const r =
    doc.kind === 'CAdES'
      ? await verifyCades(doc.p7s, { detachedContent: doc.content, trustAnchors, crls, time: NOW, crypto })
      : await verifyXades(doc.xml, { trustAnchors, crls, time: NOW, crypto });
  const s = r.signatures[0];
  if (!s) throw new Error('no signature found');
  return s;
}

/** The qualification at signing time, as recognition reads it: qualified at issuance and at signing (as EU DSS). */
function qualificationFacts(q: CertificateQualification): NonNullable<RecognitionFacts['qualification']> {
  const at = q.atSigningTime ?? q.atIssuance;
  const qualified = q.atIssuance.qualified && at.qualified;
  return {
    qualified,
    qscd: qualified && at.qscd,
    type: at.type,
    ...(qualified && at.byEquivalence ? { byEquivalence: { agreement: at.byEquivalence.agreement } } : {}),
  };
}

function describeQualification(q: CertificateQualification): string {
  const f = qualificationFacts(q);
  const at = q.atSigningTime ?? q.atIssuance;
  if (f.qualified)
    return `qualified (QC for ${f.type}, ${f.qscd ? 'QSCD' : 'no QSCD'}${at.byEquivalence ? `, by equivalence under the ${at.byEquivalence.agreement} MRA (${at.byEquivalence.legalIdentifier})` : ''}) — ${at.service?.territory ?? '?'} list, ${at.service?.serviceName ?? '?'}`;
  const why =
    q.checks.filter((c) => c.status === 'failed' && c.at === 'signing' && c.id !== 'QUAL_RESULT').at(-1) ??
    q.checks.find((c) => c.id === 'QUAL_SERVICES_FOUND' && c.status === 'failed') ??
    q.checks.filter((c) => c.status === 'failed').at(-1);
  return `not qualified${q.atIssuance.qualified ? ' at signing time (qualified at issuance)' : ''}: ${why?.message ?? 'no reason given'}`;
}

/** The one-line outcome a case is checked on. */
const outcome = (s: SignatureReport, r: Recognition) =>
  `${verdict(s)}; ${r.recognised ? `recognised in ${r.jurisdiction} as ${r.rung}` : `not recognised in ${r.jurisdiction}`}`;

interface RelyingParty {
  readonly name: string;
  readonly policy: RecognitionPolicy;
  readonly trustAnchors: readonly TrustAnchor[];
}

// ---------------------------------------------------------------------------------------------------

/**
 * Runs the cross-border demo, writing its report line by line to `out`; returns every case with the
 * outcome expected and the one obtained (`<indication>; recognised in <X> as <rung>` or `…; not recognised in <X>`).
 */
export async function runCrossBorder(
  out: (line: string) => void,
): Promise<{ cases: Array<{ name: string; expected: string; got: string }> }> {
  const world = await buildWorld();
  const cases: Array<{ name: string; expected: string; got: string }> = [];
  out(`Cross-border recognition, validated at ${NOW.toISOString()} (everything generated offline)`);

  // --- The EU LOTL, validated from the certificates the Official Journal announces.
  out('');
  out('== The EU List of Trusted Lists ==');
  const lotl = await loadListOfTrustedLists(world.web.get(LOTL_URL)!, {
    officialJournalCertificates: world.officialJournal,
    pivots: (url) => world.web.get(url),
    crypto,
    time: NOW,
  });
  out(
    `  LOTL #${lotl.list.schemeInformation.tslSequenceNumber}: signature ${verdict(lotl.chain.lotl)} against the Official Journal certificates: ${lotl.accepted ? 'accepted' : 'REFUSED'}`,
  );
  if (!lotl.accepted) throw new Error('the LOTL was not accepted');
  const euLists = await followPointers(
    lotl.list,
    world.web,
    out,
    (p) => p.tslType !== TSL_URIS.EU_LIST_OF_THE_LISTS,
  );
  for (const p of lotl.list.schemeInformation.pointersToOtherTSL)
    if (p.mutualRecognitionAgreement) {
      const mra = parseMutualRecognitionAgreement(p.mutualRecognitionAgreement);
      for (const e of mra.equivalences)
        out(
          `  MRA on the ${p.schemeTerritory} pointer: ${mra.pointingContractingPartyLegislation}–${mra.pointedContractingPartyLegislation} ${e.legalIdentifier}: ${[e.current, ...e.history].map((s) => `${s.status.replace(/^.*\//, '')} since ${s.statusStartingTime?.toISOString().slice(0, 10)}`).join(', after ')}`,
        );
    }

  // The tampered mirror copy of the EE list: refused, so nothing it adds can become a trust anchor.
  const tampered = await verifyTrustedListSignature(parseTrustedList(world.tamperedEe), {
    announcedCertificates: euLists.find((l) => l.territory === 'EE')!.pointer.certificates,
    crypto,
    time: NOW,
  });
  out(
    `  EE list from a mirror, with a CA added after signing: signature ${verdict(tampered)}: REFUSED (${tampered.reasons.at(-1)}); the CA it adds never becomes a trust anchor`,
  );
  cases.push({
    name: 'tampered-ee-list',
    expected: 'TOTAL_FAILED/HASH_FAILURE',
    got: verdict(tampered),
  });

  // EU qualification (TS 119 615) reads the accepted EU-side lists, with the MRA of the third-country pointer.
  const qualificationIndex = new TrustServiceIndex(euLists.map((l) => l.list));
  const agreements: ListAgreement[] = agreementsForLists(
    lotl.list,
    euLists.map((l) => l.list),
  );

  // --- The MERCOSUR list of lists, built in Montevideo and signed with the ministry's own key.
  out('');
  out('== The MERCOSUR list of lists (compiled in Montevideo from the national sources) ==');
  const mercosur = parseTrustedList(world.web.get(MERCOSUR_URL)!);
  const mv = await verifyTrustedListSignature(mercosur, {
    announcedCertificates: [world.mercosurOperator.der],
    crypto,
    time: NOW,
  });
  out(`  list of lists: signature ${verdict(mv)} against the ministry's configured certificate`);
  if (mv.indication !== Indication.TOTAL_PASSED)
    throw new Error('the MERCOSUR list of lists was not accepted');
  const mercosurLists = await followPointers(mercosur, world.web, out, () => true);

  // --- The relying parties: which lists each one takes anchors from, under which policy source ids.
  const brusselsPolicy = parseRecognitionPolicy(
    readFileSync(new URL('./brussels.json', import.meta.url), 'utf8'),
  );
  const montevideoPolicy = parseRecognitionPolicy(
    readFileSync(new URL('../recognition/montevideo.json', import.meta.url), 'utf8'),
  );
  out('');
  out(`== ${brusselsPolicy.name}: trust anchors ==`);
  const brussels: RelyingParty = {
    name: 'Brussels',
    policy: brusselsPolicy,
    trustAnchors: anchorsFor(euLists, { EE: 'ee-tl', ES: 'es-tl', ZZ: 'zz-tl' }, out),
  };
  out(`== ${montevideoPolicy.name}: trust anchors ==`);
  const montevideo: RelyingParty = {
    name: 'Montevideo',
    policy: montevideoPolicy,
    trustAnchors: [
      ...anchorsFor(mercosurLists, { AR: 'ar-acraiz', BR: 'br-icp', UY: 'uy-acrn', PY: 'py-acraiz' }, out),
      // The EU member states' lists only (not the third countries the LOTL points to).
      ...anchorsFor(
        euLists.filter((l) => l.pointer.tslType === TSL_URIS.EU_GENERIC),
        { EE: 'eu-lotl', ES: 'eu-lotl' },
        out,
      ),
    ],
  };

  // --- The documents.
  const judge = async (
    name: string,
    title: string,
    rp: RelyingParty,
    doc: SignedDocument,
    expected: string,
  ) => {
    const s = await verifyDocument(doc, rp.trustAnchors, world.crls);
    const signer: Certificate | undefined = s.signer ? parseCertificate(s.signer.der) : undefined;
    const time = s.bestSignatureTime ?? NOW;
    const q = signer
      ? qualifyCertificate(signer, { services: qualificationIndex, agreements, signingTime: time })
      : undefined;
    const r = recognizeSignature(
      {
        indication: s.indication,
        ...(s.subIndication ? { subIndication: s.subIndication } : {}),
        ...(s.trustAnchor?.source ? { trustSource: s.trustAnchor.source } : {}),
        time,
        ...(q ? { qualification: qualificationFacts(q) } : {}),
      },
      rp.policy,
    );
    const got = outcome(s, r);
    out('');
    out(`[${name}] ${title} — in ${rp.name}`);
    out(`  signature:     ${s.format}, signed by ${s.signer?.subject ?? '?'}`);
    out(
      `  validation:    ${verdict(s)}${s.trustAnchor ? `, trust anchor ${s.trustAnchor.source ?? s.trustAnchor.name}` : ''}${s.bestSignatureTime ? `, time-stamped ${s.bestSignatureTime.toISOString()}` : ''}`,
    );
    out(`  EU qualif.:    ${q ? describeQualification(q) : 'no signer certificate'}`);
    out(`  recognition:   ${r.explanation}`);
    out(`  => ${got}${got === expected ? '' : `   (EXPECTED ${expected})`}`);
    cases.push({ name, expected, got });
  };

  out('');
  out('== Brussels ==');
  const d = world.documents;
  await judge(
    'ee-qes',
    'an Estonian declaration (XAdES) signed with a qualified certificate on a QSCD',
    brussels,
    d.eeDeclaration,
    'TOTAL_PASSED; recognised in EU as QES',
  );
  await judge(
    'es-qc-no-qscd',
    'a Spanish invoice (CAdES) signed with a qualified certificate whose key is not on a QSCD',
    brussels,
    d.esInvoice,
    'TOTAL_PASSED; recognised in EU as AdES-QC',
  );
  await judge(
    'zz-before-repeal',
    'a ZZ export licence (CAdES-T), time-stamped while the EU–ZZ equivalence was enacted',
    brussels,
    d.zzBeforeRepeal,
    'TOTAL_PASSED; recognised in EU as QES',
  );
  await judge(
    'zz-after-repeal',
    'a ZZ export licence signed by the same person after the EU–ZZ equivalence was repealed',
    brussels,
    d.zzAfterRepeal,
    'TOTAL_PASSED; recognised in EU as AdES',
  );
  await judge(
    'es-withdrawn-proven',
    'a Spanish lease (CAdES-T) time-stamped before its QTSP’s CA service was withdrawn',
    brussels,
    d.ceasedProven,
    'TOTAL_PASSED; recognised in EU as QES',
  );
  await judge(
    'es-withdrawn-unproven',
    'the same kind of lease from that QTSP, with nothing proving it was signed before the withdrawal',
    brussels,
    d.ceasedUnproven,
    'INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND_NO_POE; not recognised in EU',
  );
  await judge(
    'unlisted',
    'a purchase order signed under a company-internal CA that no list names',
    brussels,
    d.unlisted,
    'INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND; not recognised in EU',
  );

  // The same purchase order at a portal whose local store trusts that CA directly: valid, but no policy
  // source vouches for it.
  await judge(
    'unlisted-local-anchor',
    'the same purchase order, at a portal that also trusts the company CA from a local store',
    {
      ...brussels,
      name: 'Brussels (with a local trust store)',
      trustAnchors: [
        ...brussels.trustAnchors,
        trustAnchorFromCertificate(parseCertificate(world.unlistedCa), 'local:procurement-store'),
      ],
    },
    d.unlisted,
    'TOTAL_PASSED; not recognised in EU',
  );

  out('');
  out('== Montevideo ==');
  await judge(
    'ar-fea',
    'an Argentine contract signed with a firma digital certificate (AC Raíz)',
    montevideo,
    d.arContract,
    'TOTAL_PASSED; recognised in UY as FEA',
  );
  await judge(
    'br-fea',
    'a Brazilian contract signed with an ICP-Brasil certificate',
    montevideo,
    d.brContract,
    'TOTAL_PASSED; recognised in UY as FEA',
  );
  await judge(
    'py-not-in-force',
    'a Paraguayan contract: valid, but the MERCOSUR agreement is not in force for Paraguay',
    montevideo,
    d.pyContract,
    'TOTAL_PASSED; not recognised in UY',
  );
  await judge(
    'ee-in-montevideo',
    'the Estonian qualified declaration, presented in Montevideo',
    montevideo,
    d.eeDeclaration,
    'TOTAL_PASSED; not recognised in UY',
  );

  const failed = cases.filter((c) => c.got !== c.expected);
  out('');
  out(
    failed.length === 0
      ? `All ${cases.length} cases as expected.`
      : `${failed.length} of ${cases.length} cases NOT as expected: ${failed.map((c) => c.name).join(', ')}`,
  );
  return { cases };
}

export async function main(): Promise<void> {
  const started = performance.now();
  const { cases } = await runCrossBorder((line) => console.log(line));
  console.log(`(${Math.round(performance.now() - started)} ms)`);
  if (cases.some((c) => c.got !== c.expected)) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
