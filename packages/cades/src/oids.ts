/**
 * Object identifiers of CMS (RFC 5652), ESS (RFC 2634, RFC 5035), RFC 3161 and CAdES (ETSI EN 319 122-1).
 */
export const CMS_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  // Signed attributes
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  counterSignature: '1.2.840.113549.1.9.6',
  contentHints: '1.2.840.113549.1.9.16.2.4',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signaturePolicyIdentifier: '1.2.840.113549.1.9.16.2.15',
  /** sigPolicyQualifier SPuri (RFC 5126 §5.8.1). */
  spqUri: '1.2.840.113549.1.9.16.5.1',
  /** sigPolicyQualifier SPUserNotice (RFC 5126 §5.8.1). */
  spqUserNotice: '1.2.840.113549.1.9.16.5.2',
  /** sigPolicyQualifier SPDocSpecification (EN 319 122-1 §5.2.9). */
  spqDocSpecification: '0.4.0.19122.2.1',
  commitmentType: '1.2.840.113549.1.9.16.2.16',
  signerLocation: '1.2.840.113549.1.9.16.2.17',
  signerAttributes: '1.2.840.113549.1.9.16.2.18',
  contentTimestamp: '1.2.840.113549.1.9.16.2.20',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signerAttributesV2: '0.4.0.19122.1.1',
  // Unsigned attributes
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  completeCertificateRefs: '1.2.840.113549.1.9.16.2.21',
  completeRevocationRefs: '1.2.840.113549.1.9.16.2.22',
  certValues: '1.2.840.113549.1.9.16.2.23',
  revocationValues: '1.2.840.113549.1.9.16.2.24',
  escTimeStamp: '1.2.840.113549.1.9.16.2.25',
  certCrlTimestamp: '1.2.840.113549.1.9.16.2.26',
  archiveTimestampV2: '1.2.840.113549.1.9.16.2.48',
  archiveTimestampV3: '0.4.0.1733.2.4',
  // Unsigned attributes of an archive-time-stamp-v3 token (EN 319 122-1 §5.5.2)
  atsHashIndex: '0.4.0.1733.2.5',
  atsHashIndexV2: '0.4.0.19122.1.4',
  atsHashIndexV3: '0.4.0.19122.1.5',
  // RevocationInfoChoice "other" formats (RFC 5940)
  riOcspResponse: '1.3.6.1.5.5.7.16.2',
} as const;
