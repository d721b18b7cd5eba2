/**
 * `extractIdentity`: runs the registered identity extractors over a certificate and merges what they
 * find into one {@link Identity}.
 *
 * @packageDocumentation
 */
import { decodeTime } from '../asn1/read';
import { OID } from '../oids';
import type { Certificate } from '../x509/certificate';
import { argentinaExtractor } from './argentina';
import { icpBrasilExtractor } from './brazil';
import { chileExtractor } from './chile';
import { colombiaExtractor } from './colombia';
import { costaRicaExtractor } from './costa-rica';
import { dominicanRepublicExtractor } from './dominican-republic';
import { ecuadorExtractor } from './ecuador';
import { etsiSemanticsExtractor } from './etsi';
import { mexicoExtractor } from './mexico';
import { peruExtractor } from './peru';
import { decodeQcStatements } from './qc-statements';
import type {
  ExtractorResult,
  Identity,
  IdentityExtractor,
  IdentityKind,
  IdentityNames,
  IdentitySource,
  KindHint,
  TypedIdentifier,
} from './types';
import { subjectValues } from './util';

/**
 * Kind hints from the certificate's qcStatements and generic X.520 attributes:
 * EN 319 412-5 QcType eSeal → seal-or-device, eSign → natural person (eIDAS Art. 3(14): only natural
 * persons sign); RFC 3739 / EN 319 412-1 semantics identifiers natural / legal; ETSI TS 119 495 PSD2 →
 * legal person; givenName / surname / pseudonym (EN 319 412-2 §4.2.4) → natural person, weakly; RFC 3739
 * subjectDirectoryAttributes dateOfBirth.
 */
export const qcAndX520Extractor: IdentityExtractor = {
  id: 'qc-x520',
  standard:
    'ETSI EN 319 412-5 QcType, RFC 3739 semantics, ETSI TS 119 495, EN 319 412-2 §4.2.4, RFC 3739 §3.2.2',
  extract(src): ExtractorResult {
    const kindHints: KindHint[] = [];
    const problems: string[] = [];
    const r: ExtractorResult = { kindHints, problems };
    const qc = src.qc;
    if (qc) {
      if (qc.types.includes('eseal'))
        kindHints.push({ kind: 'seal-or-device', strength: 3, reason: 'QcType eSeal (EN 319 412-5)' });
      if (qc.types.includes('esign'))
        kindHints.push({ kind: 'natural-person', strength: 3, reason: 'QcType eSign (EN 319 412-5)' });
      const sem = qc.semantics?.identifierName;
      if (sem === 'natural-person' || sem === 'eidas-natural-person') {
        kindHints.push({
          kind: 'natural-person',
          strength: 3,
          reason: `semantics identifier ${qc.semantics?.identifier} (EN 319 412-1)`,
        });
      } else if (sem === 'legal-person' || sem === 'eidas-legal-person') {
        kindHints.push({
          kind: 'legal-person',
          strength: 3,
          reason: `semantics identifier ${qc.semantics?.identifier} (EN 319 412-1)`,
        });
      }
      if (qc.psd2)
        kindHints.push({ kind: 'legal-person', strength: 2, reason: 'PSD2 statement (ETSI TS 119 495)' });
    }
    if (!src.isCa) {
      for (const [type, label] of [
        [OID.givenName, 'givenName'],
        [OID.surname, 'surname'],
        [OID.pseudonym, 'pseudonym'],
      ] as const) {
        if (subjectValues(src, type).length > 0) {
          kindHints.push({ kind: 'natural-person', strength: 1, reason: `subject ${label} (EN 319 412-2)` });
          break;
        }
      }
    }
    for (const a of src.subjectDirectoryAttributes) {
      if (a.type !== OID.dateOfBirth || !a.values[0]) continue;
      try {
        r.birthDate = decodeTime(a.values[0], 'dateOfBirth').toISOString().slice(0, 10);
      } catch (e) {
        problems.push(`subjectDirectoryAttributes dateOfBirth: ${(e as Error).message}`);
      }
    }
    return r;
  },
};

const DEFAULT_EXTRACTORS: readonly IdentityExtractor[] = [
  qcAndX520Extractor,
  etsiSemanticsExtractor,
  icpBrasilExtractor,
  argentinaExtractor,
  chileExtractor,
  peruExtractor,
  colombiaExtractor,
  ecuadorExtractor,
  costaRicaExtractor,
  mexicoExtractor,
  dominicanRepublicExtractor,
];

let registry: IdentityExtractor[] = [...DEFAULT_EXTRACTORS];

/**
 * Adds an extractor (or replaces the one with the same `id`). Extractors run in registration order;
 * identifiers found by several extractors are kept once (the first one wins).
 *
 * @example
 * ```ts
 * import { extractIdentity, registerIdentityExtractor, unregisterIdentityExtractor } from '@mutua/core';
 * registerIdentityExtractor({
 *   id: 'uy-cedula',
 *   standard: 'Uruguay UCE profile',
 *   // Read src.subject, src.subjectAltName, src.extensions… and return what was found.
 *   extract: (src) => ({ identifiers: [] }),
 * });
 * extractIdentity(cert).kind; // 'natural-person'
 * unregisterIdentityExtractor('uy-cedula'); // true
 * ```
 */
export function registerIdentityExtractor(extractor: IdentityExtractor): void {
  const i = registry.findIndex((e) => e.id === extractor.id);
  if (i >= 0) registry[i] = extractor;
  else registry.push(extractor);
}

/**
 * Removes a registered extractor by id; returns whether one was removed.
 *
 * @example
 * ```ts
 * import { registerIdentityExtractor, unregisterIdentityExtractor } from '@mutua/core';
 * registerIdentityExtractor({ id: 'uy-uce', standard: 'Uruguay UCE profile', extract: () => ({}) });
 * unregisterIdentityExtractor('uy-uce'); // true
 * unregisterIdentityExtractor('uy-uce'); // false
 * ```
 */
export function unregisterIdentityExtractor(id: string): boolean {
  const before = registry.length;
  registry = registry.filter((e) => e.id !== id);
  return registry.length !== before;
}

/**
 * The registered extractors, in the order they run.
 *
 * @example
 * ```ts
 * import { identityExtractors } from '@mutua/core';
 * const ids = identityExtractors().map((e) => e.id);
 * ids.includes('br-icp-brasil'); // true
 * ids.includes('etsi-semantics'); // true
 * ```
 */
export function identityExtractors(): readonly IdentityExtractor[] {
  return [...registry];
}

/**
 * Restores the built-in extractor list (for tests).
 *
 * @example
 * ```ts
 * import { identityExtractors, registerIdentityExtractor, resetIdentityExtractors } from '@mutua/core';
 * registerIdentityExtractor({ id: 'test-only', standard: 'a test', extract: () => ({}) });
 * resetIdentityExtractors();
 * identityExtractors().some((e) => e.id === 'test-only'); // false
 * ```
 */
export function resetIdentityExtractors(): void {
  registry = [...DEFAULT_EXTRACTORS];
}

/**
 * The identity-bearing parts of a certificate.
 *
 * @example
 * ```ts
 * import { identitySourceOf } from '@mutua/core';
 * const src = identitySourceOf(cert);
 * src.isCa; // false
 * src.subject === cert.subject; // true
 * ```
 */
export function identitySourceOf(cert: Certificate): IdentitySource {
  const qc = cert.ext.qcStatements ? decodeQcStatements(cert.ext.qcStatements) : undefined;
  return {
    subject: cert.subject,
    subjectAltName: cert.ext.subjectAltName ?? [],
    extensions: cert.extensions,
    subjectDirectoryAttributes: cert.ext.subjectDirectoryAttributes ?? [],
    policies: (cert.ext.certificatePolicies ?? []).map((p) => p.policyIdentifier),
    isCa: cert.ext.basicConstraints?.cA === true,
    ...(qc ? { qc } : {}),
  };
}

/** Options of {@link extractIdentity}. */
export interface ExtractIdentityOptions {
  /** Extractors to run instead of the registered ones. */
  readonly extractors?: readonly IdentityExtractor[];
}

/**
 * What a certificate says about its subject: kind (natural / legal person, seal or device), names,
 * e-mail addresses, typed national and ETSI identifiers with check-digit results, birth date, and the
 * decoded qcStatements. Never throws on odd content: defects are listed in `problems`.
 *
 * @remarks
 * Example (from `examples/identity.ts`, which the test suite runs):
 *
 * {@includeCode ../../../../examples/identity.ts#example}
 */
export function extractIdentity(cert: Certificate, options: ExtractIdentityOptions = {}): Identity {
  return extractIdentityFrom(identitySourceOf(cert), options);
}

const KIND_ORDER: readonly Exclude<IdentityKind, 'unknown'>[] = [
  'seal-or-device',
  'legal-person',
  'natural-person',
];

function chooseKind(
  hints: readonly KindHint[],
  problems: string[],
): { kind: IdentityKind; reasons: string[] } {
  if (hints.length === 0) return { kind: 'unknown', reasons: [] };
  const sorted = [...hints].sort((a, b) => b.strength - a.strength);
  const top = sorted[0]!.strength;
  const topKinds = new Set(sorted.filter((h) => h.strength === top).map((h) => h.kind));
  let kind: Exclude<IdentityKind, 'unknown'>;
  if (topKinds.size === 1) kind = [...topKinds][0]!;
  else if (topKinds.size === 2 && topKinds.has('seal-or-device') && topKinds.has('legal-person')) {
    // An e-seal belongs to a legal person: "seal" is the more specific answer.
    kind = 'seal-or-device';
  } else {
    const score = new Map<string, number>();
    for (const h of hints) score.set(h.kind, (score.get(h.kind) ?? 0) + h.strength);
    kind = KIND_ORDER.filter((k) => topKinds.has(k)).sort(
      (a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0),
    )[0]!;
    problems.push(`conflicting subject kind indications: ${[...topKinds].join(', ')}`);
  }
  const reasons = sorted.filter((h) => h.kind === kind).map((h) => h.reason);
  return { kind, reasons: [...new Set(reasons)] };
}

/**
 * {@link extractIdentity} over an {@link IdentitySource} (handy for tests and for non-certificate inputs).
 *
 * @example
 * ```ts
 * import { extractIdentityFrom, identitySourceOf } from '@mutua/core';
 * // The certificate's parts, plus an e-mail address known from elsewhere:
 * const src = identitySourceOf(cert);
 * const id = extractIdentityFrom({
 *   ...src,
 *   subjectAltName: [{ type: 'rfc822Name', value: 'Ana@Example.CL' }],
 * });
 * id.emails; // ['ana@example.cl']
 * ```
 */
export function extractIdentityFrom(src: IdentitySource, options: ExtractIdentityOptions = {}): Identity {
  const problems: string[] = [];
  const hints: KindHint[] = [];
  const identifiers: TypedIdentifier[] = [];
  const seen = new Set<string>();
  const s = (type: string) => subjectValues(src, type);
  const names: IdentityNames = { organizationalUnit: s(OID.organizationalUnitName) };
  const set = <K extends keyof IdentityNames>(k: K, v: IdentityNames[K] | undefined) => {
    if (v !== undefined && names[k] === undefined) names[k] = v;
  };
  set('commonName', s(OID.commonName)[0]);
  set('givenName', s(OID.givenName)[0]);
  set('surname', s(OID.surname)[0]);
  set('pseudonym', s(OID.pseudonym)[0]);
  set('title', s(OID.title)[0]);
  set('organization', s(OID.organizationName)[0]);
  set('organizationIdentifier', s(OID.organizationIdentifier)[0]);
  set('serialNumber', s(OID.serialNumber)[0]);
  set('locality', s(OID.localityName)[0]);
  set('stateOrProvince', s(OID.stateOrProvinceName)[0]);

  let birthDate: string | undefined;
  let representativeBirthDate: string | undefined;
  for (const ex of options.extractors ?? registry) {
    let r: ExtractorResult;
    try {
      r = ex.extract(src);
    } catch (e) {
      problems.push(`extractor ${ex.id} failed: ${(e as Error).message}`);
      continue;
    }
    for (const id of r.identifiers ?? []) {
      const key = `${id.scheme}\u0000${id.value}\u0000${id.role}`;
      if (seen.has(key)) continue;
      seen.add(key);
      identifiers.push({ ...id, extractor: ex.id });
    }
    hints.push(...(r.kindHints ?? []));
    for (const p of r.problems ?? []) problems.push(`${ex.id}: ${p}`);
    birthDate ??= r.birthDate;
    representativeBirthDate ??= r.representativeBirthDate;
    if (r.names) for (const [k, v] of Object.entries(r.names)) set(k as keyof IdentityNames, v as never);
  }
  for (const id of identifiers) {
    if (id.checkDigit === 'invalid')
      problems.push(`${id.scheme} ${id.display} (${id.source}): check digit does not match`);
  }
  const { kind, reasons } = chooseKind(hints, problems);

  const emails: string[] = [];
  const addEmail = (e: string) => {
    const v = e.trim().toLowerCase();
    if (v && !emails.includes(v)) emails.push(v);
  };
  for (const e of s(OID.emailAddress)) addEmail(e);
  for (const g of src.subjectAltName) if (g.type === 'rfc822Name') addEmail(g.value);

  const country =
    s(OID.countryName)[0]?.toUpperCase() ??
    identifiers.find((i) => i.role === 'subject' && i.country)?.country;
  if (src.qc) for (const p of src.qc.problems) problems.push(`qcStatements: ${p}`);

  return {
    kind,
    kindReasons: reasons,
    names,
    emails,
    identifiers,
    problems,
    ...(country ? { country } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(representativeBirthDate ? { representativeBirthDate } : {}),
    ...(src.qc ? { qc: src.qc } : {}),
  };
}
