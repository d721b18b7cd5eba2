import { type Certificate, type Identity, extractIdentity, generalNameToString, oidName } from '@mutua/core';
import { type ParsedArgs, UsageError, one } from '../args';
import { type Io, listFiles, readInput } from '../io';
import { JSON_SCHEMAS, sha1Hex, sha256Hex } from '../report';
import { parseCertificates } from '@mutua/core';

function hex(b: Uint8Array | undefined): string | null {
  if (!b) return null;
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

function keyUsageNames(c: Certificate): string[] {
  const ku = c.ext.keyUsage;
  return ku
    ? Object.entries(ku)
        .filter(([, v]) => v)
        .map(([k]) => k)
    : [];
}

/**
 * The JSON description of one certificate (part of schema `mutua.cli.inspect/1`).
 *
 * @example
 * ```ts
 * // certificateJson is internal (not exported by the package); it describes each certificate of
 * // `mutua inspect --format json`:
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * await run(['inspect', certPath, '--format', 'json'], { out: (t) => out.push(t), err: () => {} });
 * const [c] = JSON.parse(out.join('')).certificates;
 * c.publicKey; // { type: 'EC', bits: 256, curve: 'prime256v1' }
 * c.keyUsage; // ['digitalSignature', 'nonRepudiation']
 * c.identity.country; // 'ES'
 * ```
 */
export function certificateJson(c: Certificate, file: string) {
  const identity: Identity = extractIdentity(c);
  return {
    file,
    subject: c.subject.text,
    issuer: c.issuer.text,
    serialNumber: c.serialHex,
    version: c.version,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    selfIssued: c.selfIssued,
    publicKey: { type: c.publicKey.type, bits: c.publicKey.bits, curve: c.publicKey.curve ?? null },
    signatureAlgorithm: oidName(c.signatureAlgorithm.oid),
    fingerprints: { sha256: sha256Hex(c.der), sha1: sha1Hex(c.der) },
    isCA: c.ext.basicConstraints?.cA ?? false,
    pathLenConstraint: c.ext.basicConstraints?.pathLenConstraint ?? null,
    keyUsage: keyUsageNames(c),
    extendedKeyUsage: (c.ext.extKeyUsage ?? []).map(oidName),
    certificatePolicies: (c.ext.certificatePolicies ?? []).map((p) => ({
      policy: p.policyIdentifier,
      qualifiers: p.qualifiers,
    })),
    subjectAltName: (c.ext.subjectAltName ?? []).map(generalNameToString),
    subjectKeyIdentifier: hex(c.ext.subjectKeyIdentifier),
    authorityKeyIdentifier: hex(c.ext.authorityKeyIdentifier?.keyIdentifier),
    authorityInfoAccess: (c.ext.authorityInfoAccess ?? []).map((a) => ({
      method: oidName(a.method),
      location: generalNameToString(a.location),
    })),
    crlDistributionPoints: (c.ext.cRLDistributionPoints ?? []).flatMap((dp) =>
      dp.distributionPoint?.type === 'fullName' ? dp.distributionPoint.names.map(generalNameToString) : [],
    ),
    extensions: c.extensions.map((e) => ({ oid: e.oid, name: oidName(e.oid), critical: e.critical })),
    problems: c.problems.map((p) => `${oidName(p.oid)}: ${p.message}`),
    identity,
  };
}

function text(j: ReturnType<typeof certificateJson>): string {
  const id = j.identity;
  const lines = [
    `${j.file}`,
    `  Subject:     ${j.subject}`,
    `  Issuer:      ${j.issuer}`,
    `  Serial:      ${j.serialNumber}`,
    `  Valid:       ${j.notBefore} to ${j.notAfter}`,
    `  Key:         ${j.publicKey.type} ${j.publicKey.bits} bits${j.publicKey.curve ? ` (${j.publicKey.curve})` : ''}; signed with ${j.signatureAlgorithm}`,
    `  SHA-256:     ${j.fingerprints.sha256}`,
    `  CA:          ${j.isCA ? `yes${j.pathLenConstraint !== null ? `, pathLen ${j.pathLenConstraint}` : ''}` : 'no'}`,
  ];
  if (j.keyUsage.length) lines.push(`  Key usage:   ${j.keyUsage.join(', ')}`);
  if (j.extendedKeyUsage.length) lines.push(`  Ext. usage:  ${j.extendedKeyUsage.join(', ')}`);
  if (j.certificatePolicies.length)
    lines.push(`  Policies:    ${j.certificatePolicies.map((p) => p.policy).join(', ')}`);
  if (j.subjectAltName.length) lines.push(`  Alt. names:  ${j.subjectAltName.join('; ')}`);
  lines.push(
    `  Identity:    ${id.kind}${(id.names.displayName ?? id.names.commonName) ? `, ${id.names.displayName ?? id.names.commonName}` : ''}${id.country ? ` (${id.country})` : ''}`,
  );
  for (const i of id.identifiers) {
    lines.push(
      `    ${i.scheme.padEnd(18)} ${i.display}  [${i.source}${i.checkDigit !== 'not-applicable' ? `, check digit ${i.checkDigit}` : ''}]`,
    );
  }
  if (id.birthDate) lines.push(`    birth date         ${id.birthDate}`);
  if (id.qc) {
    const qc = id.qc;
    const parts: string[] = [];
    if (qc.compliance) parts.push('QcCompliance');
    if (qc.sscd) parts.push('QcSSCD');
    if (qc.types?.length) parts.push(`QcType ${qc.types.join('/')}`);
    if (qc.legislation?.length) parts.push(`QcCClegislation ${qc.legislation.join(',')}`);
    if (qc.retentionPeriodYears !== undefined) parts.push(`retention ${qc.retentionPeriodYears}y`);
    if (qc.pds?.length) parts.push(`PDS ${qc.pds.map((p) => `${p.url} (${p.language})`).join(', ')}`);
    if (parts.length) lines.push(`  qcStatements: ${parts.join('; ')}`);
  }
  for (const p of [...j.problems, ...id.problems]) lines.push(`  problem:     ${p}`);
  return lines.join('\n');
}

/**
 * `mutua inspect <file|dir>`: describes every certificate found.
 *
 * @example
 * ```ts
 * // inspectCommand is internal (not exported by the package): it is `mutua inspect`.
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * await run(['inspect', certPath], { out: (t) => out.push(t), err: () => {} }); // 0
 * out.join('').split('\n')[1]; // '  Subject:     C=ES, O=Mutua Test, CN=Test Person 1, GN=Test, SN=Person 1'
 * ```
 */
export async function inspectCommand(args: ParsedArgs, io: Io): Promise<number> {
  const target = args.positional[0];
  if (!target) throw new UsageError('mutua inspect: missing a file or directory');
  const files = listFiles(target);
  const single = files.length === 1 && files[0] === target;
  const out: ReturnType<typeof certificateJson>[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const f of files) {
    try {
      for (const c of parseCertificates(readInput(f))) out.push(certificateJson(c, f));
    } catch (e) {
      if (single) throw new Error(`${f}: ${(e as Error).message}`);
      skipped.push({ file: f, reason: (e as Error).message });
    }
  }
  if (one(args, 'format') === 'json') {
    io.out(JSON.stringify({ schema: JSON_SCHEMAS.inspect, certificates: out, skipped }, null, 2));
  } else {
    io.out(out.map(text).join('\n\n'));
    if (skipped.length) io.out(`\n${skipped.length} file(s) without a certificate skipped.`);
  }
  return out.length > 0 ? 0 : 1;
}
