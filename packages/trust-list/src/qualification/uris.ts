/**
 * The URIs and OIDs that qualification (ETSI TS 119 615 §4.3) reads: TS 119 612 service types,
 * statuses, AdditionalServiceInformation and Qualifier URIs, and the EN 319 411-2 / TS 101 456 policy
 * OIDs, in the standards' own spelling.
 *
 * @example
 * ```ts
 * import { QUALIFICATION_URIS } from '@mutua/trust-list';
 * QUALIFICATION_URIS.CA_QC; // 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC'
 * QUALIFICATION_URIS.QC_WITH_QSCD.endsWith('/QCWithQSCD'); // true
 * QUALIFICATION_URIS.QCP_N_QSCD; // '0.4.0.194112.1.2'
 * ```
 */
export const QUALIFICATION_URIS = {
  /** Service type of a CA issuing qualified certificates. */
  CA_QC: 'http://uri.etsi.org/TrstSvc/Svctype/CA/QC',
  /** Service type of a national root CA of qualified certificates (TS 119 612 §5.5.1.1). */
  NATIONAL_ROOT_CA_QC: 'http://uri.etsi.org/TrstSvc/Svctype/NationalRootCA-QC',
  /** Status "granted" (eIDAS, from 2016-07-01). */
  GRANTED: 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted',
  /** Status "withdrawn". */
  WITHDRAWN: 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn',
  /** Status "recognised at national level" (a non-qualified service recognised nationally). */
  RECOGNISED_AT_NATIONAL_LEVEL: 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/recognisedatnationallevel',
  /** Status "deprecated at national level". */
  DEPRECATED_AT_NATIONAL_LEVEL: 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/deprecatedatnationallevel',
  /** Pre-eIDAS (Directive 1999/93/EC) status "under supervision". */
  UNDER_SUPERVISION: 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/undersupervision',
  /** Pre-eIDAS status "supervision in cessation". */
  SUPERVISION_IN_CESSATION: 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/supervisionincessation',
  /** Pre-eIDAS status "accredited". */
  ACCREDITED: 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/accredited',
  /** Pre-eIDAS status "set by national law". */
  SET_BY_NATIONAL_LAW: 'http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/setbynationallaw',
  /** AdditionalServiceInformation: the service issues qualified certificates for electronic signatures. */
  FOR_ESIGNATURES: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSignatures',
  /** AdditionalServiceInformation: … for electronic seals. */
  FOR_ESEALS: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSeals',
  /** AdditionalServiceInformation: … for website authentication. */
  FOR_WEB_SITE_AUTHENTICATION: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForWebSiteAuthentication',
  /** Qualifier: the certificates meeting the criteria are qualified. */
  QC_STATEMENT: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCStatement',
  /** Qualifier: … are not qualified. */
  NOT_QUALIFIED: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/NotQualified',
  /** Qualifier (pre-eIDAS): the private key is in an SSCD. */
  QC_WITH_SSCD: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCWithSSCD',
  /** Qualifier (pre-eIDAS): the private key is not in an SSCD. */
  QC_NO_SSCD: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCNoSSCD',
  /** Qualifier: the private key is in a QSCD. */
  QC_WITH_QSCD: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCWithQSCD',
  /** Qualifier: the private key is not in a QSCD. */
  QC_NO_QSCD: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCNoQSCD',
  /** Qualifier: the QSCD status is the one the certificate states. */
  QC_QSCD_STATUS_AS_IN_CERT: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCQSCDStatusAsInCert',
  /** Qualifier: the QSCD is managed by the QTSP on behalf of the holder. */
  QC_QSCD_MANAGED_ON_BEHALF: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCQSCDManagedOnBehalf',
  /** Qualifier: issued to a legal person. */
  QC_FOR_LEGAL_PERSON: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCForLegalPerson',
  /** Qualifier: a qualified certificate for electronic signatures. */
  QC_FOR_ESIG: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCForESig',
  /** Qualifier: … for electronic seals. */
  QC_FOR_ESEAL: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCForESeal',
  /** Qualifier: … for website authentication. */
  QC_FOR_WSA: 'http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/QCForWSA',
  /** EN 319 411-2 QCP-n: qualified certificate for a natural person. */
  QCP_N: '0.4.0.194112.1.0',
  /** EN 319 411-2 QCP-l: qualified certificate for a legal person. */
  QCP_L: '0.4.0.194112.1.1',
  /** EN 319 411-2 QCP-n-qscd: natural person, private key in a QSCD. */
  QCP_N_QSCD: '0.4.0.194112.1.2',
  /** EN 319 411-2 QCP-l-qscd: legal person, private key in a QSCD. */
  QCP_L_QSCD: '0.4.0.194112.1.3',
  /** EN 319 411-2 QCP-w: qualified website authentication certificate. */
  QCP_W: '0.4.0.194112.1.4',
  /** TS 101 456 QCP public + SSCD (pre-eIDAS). */
  QCP_PLUS: '0.4.0.1456.1.1',
  /** TS 101 456 QCP public (pre-eIDAS). */
  QCP: '0.4.0.1456.1.2',
  /** The day eIDAS (Regulation (EU) No 910/2014) trust-service provisions applied. */
  EIDAS_DATE: '2016-07-01T00:00:00Z',
} as const;
