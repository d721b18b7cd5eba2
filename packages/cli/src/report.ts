import { createHash } from 'node:crypto';
import type { Certificate, CertificateValidationResult, CheckResult } from '@mutua/core';

/**
 * Versions of the CLI's JSON documents. A change to a document's shape bumps its version; the schemas
 * are documented in docs/cli-json.md.
 */
export const JSON_SCHEMAS = {
  chain: 'mutua.cli.chain/1',
  inspect: 'mutua.cli.inspect/1',
  conformance: 'mutua.cli.conformance/1',
  verify: 'mutua.cli.verify/1',
  tlShow: 'mutua.cli.tl-show/1',
  tlFind: 'mutua.cli.tl-find/1',
  tlSync: 'mutua.cli.tl-sync/1',
} as const;

/**
 * SHA-256 fingerprint, lowercase hex.
 *
 * @example
 * ```ts
 * // sha256Hex is internal (not exported by the package); it gives the fingerprints of `mutua inspect`:
 * import { createWebCryptoEngine } from '@mutua/core';
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * await run(['inspect', certPath, '--format', 'json'], { out: (t) => out.push(t), err: () => {} });
 * const digest = await createWebCryptoEngine().digest('SHA-256', leafDer);
 * const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
 * JSON.parse(out.join('')).certificates[0].fingerprints.sha256 === hex; // true
 * ```
 */
export function sha256Hex(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/**
 * SHA-1 fingerprint, lowercase hex (still what many portals display).
 *
 * @example
 * ```ts
 * // sha1Hex is internal (not exported by the package); `mutua inspect --format json` shows its result:
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * await run(['inspect', certPath, '--format', 'json'], { out: (t) => out.push(t), err: () => {} });
 * /^[0-9a-f]{40}$/.test(JSON.parse(out.join('')).certificates[0].fingerprints.sha1); // true
 * ```
 */
export function sha1Hex(b: Uint8Array): string {
  return createHash('sha1').update(b).digest('hex');
}

function certSummary(c: Certificate) {
  return {
    subject: c.subject.text,
    issuer: c.issuer.text,
    serialNumber: c.serialHex,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    sha256: sha256Hex(c.der),
  };
}

/**
 * The JSON document of `mutua chain` (schema `mutua.cli.chain/1`).
 *
 * @example
 * ```ts
 * // chainJson is internal (not exported by the package): it is the document of `mutua chain --format json`.
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * const io = { out: (t: string) => out.push(t), err: () => {} };
 * await run(['chain', certPath, '--trust', certPath, '--format', 'json'], io); // 0
 * const doc = JSON.parse(out.join(''));
 * doc.schema; // 'mutua.cli.chain/1'
 * doc.indication; // 'TOTAL_PASSED' (the certificate is itself the trust anchor: direct trust)
 * ```
 */
export function chainJson(r: CertificateValidationResult, policyName: string) {
  const best = r.best;
  const path = best
    ? [
        ...[...best.path.certificates].reverse().map((c, k) => ({
          position: best.path.certificates.length - k,
          role: k === 0 ? 'target' : 'intermediate',
          ...certSummary(c),
        })),
        {
          position: 0,
          role: 'trust-anchor',
          subject: best.path.anchor.name.text,
          ...(best.path.anchor.certificate ? { sha256: sha256Hex(best.path.anchor.certificate.der) } : {}),
          ...(best.path.anchor.source ? { source: best.path.anchor.source } : {}),
        },
      ]
    : [];
  return {
    schema: JSON_SCHEMAS.chain,
    indication: r.indication,
    subIndication: r.subIndication ?? null,
    validationTime: r.validationTime.toISOString(),
    policy: policyName,
    path,
    checks: r.checks.map(checkJson),
    validPolicies: best?.validPolicies.map((p) => ({ policy: p.policy, qualifiers: p.qualifiers })) ?? [],
    userNotices: best?.userNotices ?? [],
    revocation:
      best?.revocation.map((x) => ({
        certificate: x.certificate,
        status: x.status.status,
        ...(x.status.status === 'revoked'
          ? { revocationDate: x.status.revocationDate.toISOString(), reason: x.status.reason ?? null }
          : {}),
        ...(x.status.status === 'unknown' ? { problem: x.status.problem } : {}),
        sources: x.status.sources.map((s) => ({
          type: s.type,
          issuer: s.issuer,
          thisUpdate: s.thisUpdate.toISOString(),
          nextUpdate: s.nextUpdate?.toISOString() ?? null,
        })),
        notes: x.status.notes,
      })) ?? [],
    rejectedPaths: r.rejectedPaths,
  };
}

function checkJson(c: CheckResult) {
  return {
    id: c.id,
    status: c.status,
    message: c.message,
    certificate: c.certificate ?? null,
    subIndication: c.subIndication ?? null,
  };
}

const MARK: Record<string, string> = {
  passed: 'ok  ',
  failed: 'FAIL',
  indeterminate: 'INDT',
  warning: 'warn',
  info: 'info',
  skipped: 'skip',
};

/**
 * Human-readable report of `mutua chain`.
 *
 * @example
 * ```ts
 * // chainText is internal (not exported by the package): it is the report `mutua chain` prints.
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * await run(['chain', certPath, '--trust', certPath], { out: (t) => out.push(t), err: () => {} });
 * out.join('').split('\n')[0]; // 'Verdict: TOTAL_PASSED'
 * ```
 */
export function chainText(r: CertificateValidationResult, policyName: string): string {
  const lines: string[] = [];
  const verdict = r.subIndication ? `${r.indication} / ${r.subIndication}` : r.indication;
  lines.push(`Verdict: ${verdict}`);
  lines.push(`Validation time: ${r.validationTime.toISOString()}   Policy: ${policyName}`);
  if (r.best) {
    lines.push('', 'Certification path (target first):');
    const certs = [...r.best.path.certificates].reverse();
    certs.forEach((c, k) => {
      lines.push(`  [${certs.length - k}] ${c.subject.text}`);
      lines.push(
        `       serial ${c.serialHex}, valid ${c.notBefore.toISOString()} to ${c.notAfter.toISOString()}`,
      );
    });
    lines.push(
      `  [0] ${r.best.path.anchor.name.text}  (trust anchor${r.best.path.anchor.source ? `: ${r.best.path.anchor.source}` : ''})`,
    );
  }
  lines.push('', 'Checks:');
  for (const c of r.checks) {
    lines.push(
      `  ${MARK[c.status] ?? c.status} ${c.id}${c.certificate !== undefined ? ` [${c.certificate}]` : ''}: ${c.message}`,
    );
  }
  if (r.best?.validPolicies.length) {
    lines.push('', `Valid policies: ${r.best.validPolicies.map((p) => p.policy).join(', ')}`);
  }
  for (const n of r.best?.userNotices ?? []) lines.push(`User notice: ${n}`);
  if (r.rejectedPaths.length) {
    lines.push('', 'Other candidate paths (not chosen):');
    for (const p of r.rejectedPaths)
      lines.push(`  - ${p.subjects.join(' <- ')}: ${p.subIndication ?? p.indication}: ${p.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
