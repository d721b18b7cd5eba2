/**
 * @mutua/pades — not implemented yet. This package is an empty shell reserved in the design card; it
 * exports only its version so that nothing pretends to verify anything.
 *
 * @packageDocumentation
 */

/** The package version. */
export const VERSION = '0.1.0';
