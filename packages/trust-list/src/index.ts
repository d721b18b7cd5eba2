/**
 * @mutua/trust-list — ETSI trusted lists (TS 119 612, TS 119 615): parse national lists and lists of
 * lists into a typed model, verify their signature against the certificates announced for them, and
 * follow the EU LOTL's pivots from the certificates the Official Journal announces. Runs in Node.js 20+
 * and browsers: nothing here imports a Node built-in.
 *
 * @packageDocumentation
 */

/**
 * The package version.
 *
 * @example
 * ```ts
 * import { VERSION } from '@mutua/trust-list';
 * VERSION; // '0.1.0'
 * ```
 */
export const VERSION = '0.1.0';

export * from './errors';
export * from './namespaces';
export { type MultilingualText, pickLanguage } from './multilingual';
export { type ServiceDigitalIdentity, TrustedListCertificate } from './certificates';
export type * from './model';
export * from './parse';
export * from './build';
export * from './signature';
export * from './pointers';
export * from './pivots';
export * from './index-services';
export * from './status';
export { QUALIFICATION_URIS } from './qualification/uris';
export { type CriteriaMatch, matchCriteria } from './qualification/criteria';
export * from './qualification/qualify';
export type * from './mra/model';
export { MRA_URIS, type MraApplication, type EffectiveServiceState, equivalenceStateAt } from './mra/apply';
export * from './mra/parse';
export * from './sources';
export * from './sign';
export * from './store';
export * from './anchors';
export * from './sync';
