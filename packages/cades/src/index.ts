/**
 * @mutua/cades — verification and creation of CMS / CAdES signatures (`.p7s`, `.p7m`, `.pkcs7`) and
 * RFC 3161 time-stamp tokens, reported per ETSI EN 319 102-1 in the vocabulary of `@mutua/core`.
 *
 * This version covers: SignedData parsing (attached, detached, BER), the per-SignerInfo checks, content,
 * signature, CAdES-C and archive (v2/v3) time-stamps, counter-signatures, the signer's certificate path;
 * signing CAdES-BASELINE-B/-T (`signCades`, PKCS#12, remote signers, an RFC 3161 client); ICP-Brasil
 * signature policies and approved-policy lists. Level naming LT/LTA, validation with proof of existence
 * and enforcing policy rules come next.
 *
 * Runs in Node.js 20+ and browsers: nothing here imports a Node built-in; cryptography goes through the
 * `CryptoEngine` of `@mutua/core`.
 *
 * @packageDocumentation
 */
export {
  parseSignedData,
  type CmsAttribute,
  type SignedData,
  type SignerIdentifier,
  type SignerInfo,
} from './cms';
export type { EssCertId, SignaturePolicyQualifier, SignedAttributeInfo } from './attributes';
export {
  verifySignerInfo,
  type ContentDigester,
  type SignerInfoVerification,
  type VerifySignerInfoOptions,
} from './verify-signer';
export {
  parseTimeStampResponse,
  parseTimeStampToken,
  verifyTimestampToken,
  TSA_NEEDS_EXTERNAL_POE,
  TSA_PASSAGE_OF_TIME,
  type TimeStampResponse,
  type TimeStampToken,
  type TimestampType,
  type TimestampVerification,
  type TstInfo,
  type VerifyTimestampOptions,
} from './timestamp';
export {
  verifyCades,
  summarizeSigner,
  summarizeTrustAnchor,
  type TrustAnchorSummary,
  type CadesSignatureReport,
  type CadesVerification,
  type DetachedContent,
  type SignerSummary,
  type TimestampReport,
  type VerifyCadesOptions,
} from './verify';
export { collectValidationData, type EmbeddedValidationData } from './validation-data';
export {
  judgeTimestamps,
  timestampProves,
  type JudgedTimestamp,
  type TimestampToJudge,
  type TimestampToJudgeCommon,
} from './judge-timestamps';
export { checkCompleteReferences, type CompleteReferencesInput } from './references';
export {
  cadesLevels,
  icpBrasilFormat,
  icpBrasilShortfall,
  missingValidationData,
  type CadesFormat,
  type CadesLegacyFormat,
  type CadesLevels,
  type CarriedValidationData,
  type IcpBrasilFormat,
  type LevelEvidence,
} from './levels';
export { CMS_OID } from './oids';

/** The package version. */
export const VERSION = '0.1.0';
export {
  signCades,
  SigningError,
  type ContentDigest,
  type RawAttribute,
  type RemoteSignInfo,
  type RemoteSigner,
  type SignCadesOptions,
  type SignaturePolicyOptions,
  type SignerLocationOptions,
  type SigningHash,
  type SigningScheme,
} from './sign';
export { loadPkcs12, Pkcs12Error, type LoadPkcs12Options, type Pkcs12Contents } from './pkcs12';
export {
  httpTimestamp,
  timeStampRequest,
  type HttpTimestampOptions,
  type TimeStampRequestOptions,
} from './sign-tsa';
export {
  parseLpa,
  type Lpa,
  type LpaEntry,
  type PolicyDigestValue,
  type SigningPeriod,
} from './policy/lpa';
export {
  parseSignaturePolicy,
  policyDigest,
  type AlgorithmConstraint,
  type AlgorithmConstraintSet,
  type CommitmentRule,
  type PolicyRules,
  type PolicyTrustPoint,
  type SignaturePolicyDocument,
} from './policy/signature-policy';
export {
  createPolicyStore,
  type KnownPolicyDigest,
  type PolicyLookup,
  type PolicyRecord,
  type PolicyStore,
  type PolicyStoreEntry,
} from './policy/store';
export { parseLpaXml } from './policy/lpa-xml';
export { checkPolicyRules, type PolicyRuleInput, type PolicySignatureTimeSource } from './policy/enforce';
export {
  KNOWN_SIGNATURE_POLICIES,
  addKnownPolicies,
  type KnownPolicy,
  type KnownPolicyPublication,
} from './policy/known';
