import { tlvBytes } from '../asn1/der';
import { OID } from '../oids';
import { bytesEqual } from '../util/bytes';
import type { Certificate } from '../x509/certificate';
import type { GeneralSubtree } from '../x509/extensions';
import type { GeneralName } from '../x509/general-name';
import { type Name, prepareString } from '../x509/name';

/**
 * RFC 5280 §6.1.2 (b)/(c) and §6.1.4 (g) state. Instead of computing the intersection of permitted
 * subtrees (which is not closed for every name form), we keep one group per constraining CA: a name is
 * permitted when it lies in some subtree of every group that constrains its name form. That is
 * exactly membership in the intersection, without materialising it.
 */
export interface NameConstraintsState {
  readonly permittedGroups: readonly (readonly GeneralSubtree[])[];
  readonly excluded: readonly GeneralSubtree[];
}

/** The initial state: everything permitted, nothing excluded. */
export const UNCONSTRAINED: NameConstraintsState = { permittedGroups: [], excluded: [] };

/** §6.1.4 (g): add a CA certificate's nameConstraints to the state.
 * @example
 * ```ts
 * import { UNCONSTRAINED, addNameConstraints } from '@mutua/core';
 * // A CA without nameConstraints leaves the state as it was.
 * addNameConstraints(UNCONSTRAINED, issuer) === UNCONSTRAINED; // true
 * ```
 */
export function addNameConstraints(state: NameConstraintsState, cert: Certificate): NameConstraintsState {
  const nc = cert.ext.nameConstraints;
  if (!nc) return state;
  return {
    permittedGroups: nc.permittedSubtrees?.length
      ? [...state.permittedGroups, nc.permittedSubtrees]
      : state.permittedGroups,
    excluded: nc.excludedSubtrees?.length ? [...state.excluded, ...nc.excludedSubtrees] : state.excluded,
  };
}

/** The names of a certificate that name constraints apply to (§6.1.3 (b)/(c)).
 * @example
 * ```ts
 * import { constrainedNames } from '@mutua/core';
 * // The subject DN is always there; subjectAltName entries and emailAddress attributes follow.
 * constrainedNames(cert)[0]?.type; // 'directoryName'
 * ```
 */
export function constrainedNames(cert: Certificate): GeneralName[] {
  const names: GeneralName[] = [];
  if (cert.subject.rdns.length > 0) names.push({ type: 'directoryName', value: cert.subject });
  const san = cert.ext.subjectAltName ?? [];
  names.push(...san);
  // §4.2.1.10: rfc822Name constraints also apply to emailAddress attributes of the subject DN.
  for (const rdn of cert.subject.rdns) {
    for (const a of rdn) if (a.type === OID.emailAddress) names.push({ type: 'rfc822Name', value: a.value });
  }
  return names;
}

/** Returns a reason string when a name violates the state, `undefined` when it is allowed.
 * @example
 * ```ts
 * import { checkName } from '@mutua/core';
 * const state = {
 *   permittedGroups: [[{ base: { type: 'dNSName' as const, value: 'gub.uy' }, minimum: 0 }]],
 *   excluded: [],
 * };
 * checkName(state, { type: 'dNSName', value: 'www.gub.uy' }); // undefined
 * checkName(state, { type: 'dNSName', value: 'example.com' }); // 'dNSName "example.com" is not in any permitted subtree'
 * ```
 */
export function checkName(state: NameConstraintsState, name: GeneralName): string | undefined {
  for (const ex of state.excluded) {
    if (ex.base.type === name.type && matches(ex.base, name))
      return `${describe(name)} is in an excluded subtree`;
  }
  for (const group of state.permittedGroups) {
    const sameForm = group.filter((s) => s.base.type === name.type);
    if (sameForm.length === 0) continue;
    if (!sameForm.some((s) => matches(s.base, name)))
      return `${describe(name)} is not in any permitted subtree`;
  }
  return undefined;
}

function describe(n: GeneralName): string {
  switch (n.type) {
    case 'directoryName':
      return `directoryName "${n.value.text}"`;
    case 'rfc822Name':
    case 'dNSName':
    case 'uniformResourceIdentifier':
      return `${n.type} "${n.value}"`;
    default:
      return n.type;
  }
}

function matches(base: GeneralName, name: GeneralName): boolean {
  switch (base.type) {
    case 'directoryName':
      return name.type === 'directoryName' && dnWithin(base.value, name.value);
    case 'rfc822Name':
      return name.type === 'rfc822Name' && emailWithin(base.value, name.value);
    case 'dNSName':
      return name.type === 'dNSName' && dnsWithin(base.value, name.value);
    case 'uniformResourceIdentifier':
      return name.type === 'uniformResourceIdentifier' && uriWithin(base.value, name.value);
    case 'iPAddress':
      return name.type === 'iPAddress' && ipWithin(base.value, name.value);
    case 'otherName':
      // Exact comparison (type-id and encoded value): ICP-Brasil, Chilean and Colombian identifiers live here.
      return (
        name.type === 'otherName' &&
        base.typeId === name.typeId &&
        bytesEqual(tlvBytes(base.value), tlvBytes(name.value))
      );
    case 'registeredID':
      return name.type === 'registeredID' && base.value === name.value;
    case 'x400Address':
    case 'ediPartyName':
      return name.type === base.type && bytesEqual(base.der, (name as { der: Uint8Array }).der);
  }
}

/** A DN is within a subtree when the subtree's RDNs are a prefix of its RDNs (§4.2.1.10). */
function dnWithin(base: Name, name: Name): boolean {
  if (base.rdns.length > name.rdns.length) return false;
  for (let i = 0; i < base.rdns.length; i++) {
    if (rdnKey(base.rdns[i]!) !== rdnKey(name.rdns[i]!)) return false;
  }
  return true;
}

function rdnKey(rdn: readonly { type: string; value: string }[]): string {
  return JSON.stringify(rdn.map((a) => JSON.stringify([a.type, prepareString(a.value)])).sort());
}

/** §4.2.1.10 rfc822Name: a mailbox, all mailboxes at a host, or (leading period) at any host in a domain. */
function emailWithin(base: string, email: string): boolean {
  const b = base.toLowerCase();
  const e = email.toLowerCase();
  const at = e.lastIndexOf('@');
  if (at < 0) return false;
  const host = e.slice(at + 1).replace(/\.$/, '');
  if (b.includes('@')) return b === e;
  if (b.startsWith('.')) return host.endsWith(b);
  return host === b;
}

/** §4.2.1.10 dNSName: the name itself or any name formed by adding labels on the left. */
function dnsWithin(base: string, dns: string): boolean {
  const b = base.toLowerCase().replace(/\.$/, '');
  const d = dns.toLowerCase().replace(/\.$/, '');
  if (b === '') return true;
  if (b.startsWith('.')) return d.endsWith(b);
  return d === b || d.endsWith(`.${b}`);
}

/** §4.2.1.10 URI: constraints apply to the host part; a leading period means "any subdomain". */
function uriWithin(base: string, uri: string): boolean {
  const m = uri.match(/^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i);
  if (!m) return false; // no authority: cannot be within any host-based subtree
  // A trailing dot names the same host ("evil.example." is "evil.example").
  const host = m[1]!.toLowerCase().replace(/\.$/, '');
  const b = base.toLowerCase().replace(/\.$/, '');
  if (b.startsWith('.')) return host.endsWith(b);
  return host === b;
}

function ipWithin(base: Uint8Array, ip: Uint8Array): boolean {
  const n = ip.length;
  if (base.length !== n * 2) return false;
  for (let i = 0; i < n; i++) {
    const mask = base[n + i]!;
    if ((ip[i]! & mask) !== (base[i]! & mask)) return false;
  }
  return true;
}
