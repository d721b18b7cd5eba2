import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type Certificate,
  type CertificateValidationResult,
  ETSI_TS_119_312_CONSTRAINTS,
  Indication,
  type ValidationPolicy,
  parseCertificate,
  parseCrl,
  parseValidationPolicy,
  trustAnchorFromCertificate,
  validateCertificate,
  validateCertificationPath,
  checkRevocation,
} from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { type ConformanceEntry, type ConformanceReport, makeReport } from './types';

/** A PKITS case in the corpus format (see ../shared/corpus/pkits/README.md). */
export interface PkitsCase {
  id: string;
  name: string;
  cert: string;
  other_certs?: string[];
  crls?: string[];
  path_len?: number;
  path_intermediates?: string[];
  revocation?: boolean;
  notice?: string;
  params?: {
    user_initial_policy_set?: string[];
    initial_explicit_policy?: boolean;
    initial_policy_mapping_inhibit?: boolean;
    initial_any_policy_inhibit?: boolean;
  };
  error?: { class: string; msg_regex?: string };
}

/** The time the reference run (pyHanko) uses; inside every PKITS certificate's validity window. */
export const PKITS_TIME = new Date('2022-05-01T00:00:00Z');

/**
 * The algorithm policy the PKITS expectations were made with (README: only MD2 and MD5 disallowed,
 * DSA down to 1024 bits allowed). The strict default policy is run too, and its differences reported.
 */
export const PKITS_REFERENCE_CONSTRAINTS = {
  hashes: ETSI_TS_119_312_CONSTRAINTS.hashes.map((h) =>
    h.name === 'MD2' || h.name === 'MD5' ? h : { name: h.name, expires: null },
  ),
  keys: [
    { name: 'RSA', minBits: 1024, expires: null },
    { name: 'RSA-PSS', minBits: 1024, expires: null },
    { name: 'DSA', minBits: 1024, expires: null },
    { name: 'EC', minBits: 160, expires: null },
    { name: 'Ed25519', minBits: 256, expires: null },
    { name: 'Ed448', minBits: 448, expires: null },
  ],
};

/**
 * Maps our verdict to PKITS's failure classes by the check that decided it (never by message text).
 *
 * @example
 * ```ts
 * // pkitsClass is internal (not exported by the package); `mutua conformance` compares it with the PKITS
 * // expected outcome of each case (skipped when the corpus is absent):
 * import { run } from '@mutua/cli';
 * const manifest = '../shared/corpus/pkits/pkits-user-notice.json';
 * await run(['conformance', manifest], { out: () => {}, err: () => {} }); // 0 (no disagreement)
 * ```
 */
export function pkitsClass(r: CertificateValidationResult): string {
  if (r.indication === Indication.TOTAL_PASSED) return 'valid';
  switch (r.best?.decisiveCheck?.id) {
    case 'revocation.status':
      return 'RevokedError';
    case 'revocation.available':
      return 'InsufficientRevinfoError';
    case 'revocation.freshness':
      return 'StaleRevinfoError';
    default:
      return 'PathValidationError';
  }
}

function policyFor(
  c: PkitsCase,
  constraints: ValidationPolicy['cryptographicConstraints'],
): ValidationPolicy {
  const p = c.params ?? {};
  return parseValidationPolicy({
    version: 1,
    name: 'pkits',
    revocation: { mode: c.revocation === false ? 'if-present' : 'require' },
    pathValidation: {
      initialPolicySet: p.user_initial_policy_set ?? ['2.5.29.32.0'],
      initialExplicitPolicy: p.initial_explicit_policy ?? false,
      initialPolicyMappingInhibit: p.initial_policy_mapping_inhibit ?? false,
      initialAnyPolicyInhibit: p.initial_any_policy_inhibit ?? false,
    },
    cryptographicConstraints: constraints,
  });
}

async function runCase(dir: string, c: PkitsCase, constraints: ValidationPolicy['cryptographicConstraints']) {
  const cache = new Map<string, Certificate>();
  const cert = (f: string) => {
    let x = cache.get(f);
    if (!x) cache.set(f, (x = parseCertificate(readFileSync(join(dir, 'certs', f)))));
    return x;
  };
  const anchor = trustAnchorFromCertificate(cert('TrustAnchorRootCertificate.crt'), 'PKITS trust anchor');
  const crls = ['TrustAnchorRootCRL.crl', ...(c.crls ?? [])].map((f) =>
    parseCrl(readFileSync(join(dir, 'crls', f))),
  );
  const target = cert(c.cert);
  const intermediates = (c.other_certs ?? []).map(cert);
  const policy = policyFor(c, constraints);
  if (c.path_intermediates) {
    // The name-chaining cases give the path explicitly: validate exactly that path, do not build one.
    const path = { anchor, certificates: [...c.path_intermediates.map(cert), target] };
    const outcome = await validateCertificationPath(path, {
      time: PKITS_TIME,
      policy,
      crypto: nodeCryptoEngine,
      crls,
      ocspResponses: [],
      certificatePool: intermediates,
      validateSignerPath: async (signer) => {
        const r = await validateCertificate({
          target: signer,
          intermediates,
          trustAnchors: [anchor],
          crls,
          time: PKITS_TIME,
          policy,
          crypto: nodeCryptoEngine,
        });
        return { ok: r.indication === Indication.TOTAL_PASSED };
      },
      checkRevocation,
    });
    const result: CertificateValidationResult = {
      indication: outcome.indication,
      ...(outcome.subIndication ? { subIndication: outcome.subIndication } : {}),
      validationTime: PKITS_TIME,
      best: outcome,
      checks: outcome.checks,
      rejectedPaths: [],
    };
    return result;
  }
  return validateCertificate({
    target,
    intermediates,
    trustAnchors: [anchor],
    crls,
    time: PKITS_TIME,
    policy,
    crypto: nodeCryptoEngine,
  });
}

/**
 * Runs a PKITS manifest (`pkits.json` or `pkits-user-notice.json`).
 *
 * @example
 * ```ts
 * // runPkits is internal (not exported by the package); `mutua conformance` runs it for PKITS manifests
 * // (skipped when the corpus is absent):
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * const manifest = '../shared/corpus/pkits/pkits-user-notice.json';
 * await run(['conformance', manifest, '--format', 'json'], { out: (t) => out.push(t), err: () => {} }); // 0
 * // out: '{ "schema": "mutua.cli.conformance/1", "suite": "pkits", "total": 5, "agreed": 5, … }'
 * ```
 */
export async function runPkits(manifestPath: string, cases: PkitsCase[]): Promise<ConformanceReport> {
  const dir = dirname(manifestPath);
  const entries: ConformanceEntry[] = [];
  const deviations: string[] = [];
  for (const c of cases) {
    const id = `${c.id}:${c.name}`;
    const expectedClass = c.error?.class ?? 'valid';
    const expected = {
      class: expectedClass,
      pathLength: c.path_len ?? null,
      ...(c.notice ? { notice: c.notice } : {}),
    };
    let r: CertificateValidationResult;
    try {
      r = await runCase(dir, c, PKITS_REFERENCE_CONSTRAINTS);
    } catch (e) {
      entries.push({
        id,
        status: 'not-run',
        expected,
        actual: null,
        reason: `could not run: ${(e as Error).message}`,
      });
      continue;
    }
    const actualClass = pkitsClass(r);
    const pathLength = r.best ? r.best.path.certificates.length + 1 : null;
    const actual = {
      class: actualClass,
      indication: r.indication,
      subIndication: r.subIndication ?? null,
      pathLength,
      decisiveCheck: r.best?.decisiveCheck?.id ?? (r.best ? null : 'path.build'),
      ...(c.notice ? { userNotices: r.best?.userNotices ?? [] } : {}),
    };
    const problems: string[] = [];
    if (actualClass !== expectedClass) {
      problems.push(
        `expected ${expectedClass}, got ${actualClass}: ${r.best?.decisiveCheck?.message ?? r.checks[0]?.message ?? ''}`,
      );
    }
    if (
      c.path_len !== undefined &&
      pathLength !== null &&
      pathLength !== c.path_len &&
      expectedClass === 'valid'
    ) {
      problems.push(`expected a path of length ${c.path_len}, got ${pathLength}`);
    }
    if (c.notice && !(r.best?.userNotices ?? []).includes(c.notice))
      problems.push('the expected user notice was not shown');
    entries.push({
      id,
      status: problems.length ? 'disagreed' : 'agreed',
      expected,
      actual,
      reason: problems.length
        ? problems.join('; ')
        : `${actualClass}${c.notice ? ' with the expected user notice' : ''}`,
    });
    // Informational: would the strict default algorithm policy (ETSI TS 119 312) decide differently?
    const strict = await runCase(dir, c, ETSI_TS_119_312_CONSTRAINTS).catch(() => undefined);
    if (strict && pkitsClass(strict) !== actualClass) {
      deviations.push(
        `${id}: ${pkitsClass(strict)} under the strict default policy (${strict.best?.decisiveCheck?.message ?? ''})`,
      );
    }
  }
  const notes = [
    `validation time ${PKITS_TIME.toISOString()}; algorithm policy as in the PKITS reference run (MD2/MD5 rejected, DSA/RSA >= 1024 bits)`,
    `${deviations.length} case(s) decided differently under Mutua's strict default policy (ETSI TS 119 312 dates): policy deviations, not counted as agreement or disagreement`,
    ...deviations.slice(0, 20).map((d) => `  ${d}`),
    ...(deviations.length > 20 ? [`  … and ${deviations.length - 20} more`] : []),
  ];
  return makeReport(
    manifestPath.endsWith('user-notice.json') ? 'pkits-user-notice' : 'pkits',
    entries,
    notes,
  );
}
