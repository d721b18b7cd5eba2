export type * from './model';
export * from './errors';
export { TRUST_SOURCE_PROFILES, type TrustSourceProfile, type TrustSourceProfileName } from './profiles';
export { type TrustSourceOptions, loadCertificates } from './load';
export {
  BUNDLE_ZIP_LIMITS,
  type BundleOptions,
  type Sha512Line,
  loadIcpBrasilBundle,
  loadSatBundle,
  parseSha512File,
} from './bundles';
