/**
 * Identity extraction: qcStatements (EN 319 412-5) and the eID attributes that EU and Latin American
 * certificate profiles put in subject names, subjectAltName otherNames and private extensions.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './qc-statements';
export * from './check-digits';
export * from './etsi';
export * from './brazil';
export * from './argentina';
export * from './chile';
export * from './peru';
export * from './colombia';
export * from './ecuador';
export * from './costa-rica';
export * from './mexico';
export * from './dominican-republic';
export * from './extract';
