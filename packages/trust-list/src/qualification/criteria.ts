import { type Certificate, type QcStatements, qcStatementsOf } from '@mutua/core';
import type { XmlElement } from '@mutua/xades';
import type { CriteriaList } from '../model';
import { kid, kidText, kids, text } from '../xml';

/**
 * What {@link matchCriteria} found: whether the certificate meets a CriteriaList, and the criteria it
 * could not evaluate (an unknown otherCriteriaList child never matches: a qualifier is never applied on
 * a guess).
 *
 * @example
 * ```ts
 * import type { CriteriaMatch } from '@mutua/trust-list';
 * const m: CriteriaMatch = { matches: false, unsupported: ['{urn:x}Thing'] };
 * m.unsupported.length; // 1
 * ```
 */
export interface CriteriaMatch {
  /** Whether the certificate meets the criteria. */
  readonly matches: boolean;
  /** otherCriteriaList children that were not understood (`{namespace}localName`), counted as not met. */
  readonly unsupported: readonly string[];
}

// TS 119 612 KeyUsageBit names → @mutua/core KeyUsage fields (crlSign is spelt so in the schema).
const KEY_USAGE_FIELDS: Readonly<Record<string, string>> = {
  digitalsignature: 'digitalSignature',
  nonrepudiation: 'nonRepudiation',
  contentcommitment: 'nonRepudiation',
  keyencipherment: 'keyEncipherment',
  dataencipherment: 'dataEncipherment',
  keyagreement: 'keyAgreement',
  keycertsign: 'keyCertSign',
  crlsign: 'cRLSign',
  encipheronly: 'encipherOnly',
  decipheronly: 'decipherOnly',
};

const oidOf = (s: string | undefined) => (s ?? '').trim().replace(/^urn:oid:/i, '');

/** @internal The decoded qcStatements, or undefined when absent or undecodable. */
export function safeQcStatements(cert: Certificate): QcStatements | undefined {
  try {
    return qcStatementsOf(cert);
  } catch {
    return undefined;
  }
}

function keyUsageBit(cert: Certificate, name: string): boolean {
  const field = KEY_USAGE_FIELDS[name.toLowerCase()];
  const ku = cert.ext.keyUsage as Readonly<Record<string, boolean>> | undefined;
  return field !== undefined && ku?.[field] === true;
}

/** One mra:QcStatement of a QcStatementSet: an OID and, optionally, a QcType or QcCClegislation value. */
function qcStatementMatches(qc: QcStatements | undefined, s: XmlElement): boolean {
  const id = oidOf(kidText(kid(s, 'QcStatementId'), 'Identifier') ?? kidText(s, 'QcStatementId'));
  if (!qc || !qc.oids.includes(id)) return false;
  const info = kid(s, 'QcStatementInfo');
  const qcType = kid(info, 'QcType');
  if (qcType) {
    const t = oidOf(kidText(qcType, 'Identifier') ?? text(qcType));
    if (!qc.typeOids.includes(t)) return false;
  }
  const cc = kidText(info, 'QcCClegislation');
  if (cc !== undefined && !qc.legislation.map((l) => l.toUpperCase()).includes(cc.toUpperCase()))
    return false;
  return true;
}

/** Each otherCriteriaList child as one criterion: true, false, or undefined when not understood. */
function otherCriterion(cert: Certificate, e: XmlElement): boolean | undefined {
  switch (e.localName) {
    case 'ExtendedKeyUsage': {
      const ekus = cert.ext.extKeyUsage ?? [];
      return kids(e, 'KeyPurposeId').every((k) => ekus.includes(oidOf(kidText(k, 'Identifier') ?? text(k))));
    }
    case 'CertSubjectDNAttribute': {
      const types = new Set(cert.subject.rdns.flat().map((a) => a.type));
      return kids(e, 'AttributeOID').every((a) => types.has(oidOf(kidText(a, 'Identifier') ?? text(a))));
    }
    case 'QcStatementSet': {
      const qc = safeQcStatements(cert);
      return kids(e, 'QcStatement').every((s) => qcStatementMatches(qc, s));
    }
    default:
      return undefined;
  }
}

/**
 * Whether a certificate meets a TS 119 612 CriteriaList (§5.5.9.2, as TS 119 615 §4.3 applies it):
 * each KeyUsage element is a set of bits that must all have the given value, each PolicySet a set of
 * policy OIDs that must all be in certificatePolicies, nested CriteriaLists are evaluated the same way,
 * and otherCriteriaList children (tslx:ExtendedKeyUsage, tslx:CertSubjectDNAttribute, the EU MRA's
 * mra:QcStatementSet) are criteria too. `assert` then combines them: `all` (every one, vacuously true),
 * `atLeastOne` (some), `none` (no one). An unknown other criterion counts as not met, and is named.
 *
 * @example
 * ```ts
 * import { matchCriteria } from '@mutua/trust-list';
 * const ku = { assert: 'all', keyUsage: [[{ name: 'nonRepudiation', value: true }]], policySet: [], criteriaLists: [], otherCriteria: [] };
 * matchCriteria(ku, cert).matches; // true
 * matchCriteria({ ...ku, assert: 'none' }, cert).matches; // false
 * matchCriteria({ ...ku, keyUsage: [], policySet: [['0.4.0.194112.1.2']] }, cert).matches; // false
 * ```
 */
export function matchCriteria(criteria: CriteriaList, cert: Certificate): CriteriaMatch {
  const unsupported: string[] = [];
  const results: boolean[] = [];
  for (const bits of criteria.keyUsage)
    results.push(bits.every((b) => keyUsageBit(cert, b.name) === b.value));
  const policies = new Set((cert.ext.certificatePolicies ?? []).map((p) => p.policyIdentifier));
  for (const set of criteria.policySet) results.push(set.every((oid) => policies.has(oid)));
  for (const nested of criteria.criteriaLists) {
    const m = matchCriteria(nested, cert);
    unsupported.push(...m.unsupported);
    results.push(m.matches);
  }
  for (const other of criteria.otherCriteria) {
    const r = otherCriterion(cert, other);
    if (r === undefined) unsupported.push(`{${other.namespaceURI}}${other.localName}`);
    results.push(r === true);
  }
  let matches: boolean;
  if (criteria.assert === 'atLeastOne') matches = results.some(Boolean);
  else if (criteria.assert === 'none') matches = !results.some(Boolean) && unsupported.length === 0;
  else matches = results.every(Boolean);
  return { matches, unsupported };
}
