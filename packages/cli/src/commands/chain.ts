import {
  Indication,
  STRICT_POLICY,
  createHttpFetcher,
  createMemoryCache,
  parseValidationPolicy,
  validateCertificate,
} from '@mutua/core';
import { nodeCryptoEngine } from '@mutua/core/node';
import { type ParsedArgs, UsageError, many, one } from '../args';
import type { Io } from '../io';
import { loadCertificates, loadCrls, loadOcsp, loadPolicy, loadTrustAnchors } from '../load';
import { chainJson, chainText } from '../report';

/** Options of `mutua chain` that take a value. */
export const CHAIN_VALUED = [
  'intermediate',
  'trust',
  'crl',
  'ocsp',
  'time',
  'revocation',
  'initial-policy',
  'policy',
  'format',
];
/** Boolean flags of `mutua chain`. */
export const CHAIN_FLAGS = [
  'explicit-policy',
  'inhibit-policy-mapping',
  'inhibit-any-policy',
  'allow-network',
];

/**
 * `mutua chain <cert> …`: builds and validates the certification path of a certificate.
 * Exit code 0 only for TOTAL_PASSED.
 *
 * @example
 * ```ts
 * // chainCommand is internal (not exported by the package): it is `mutua chain`. With the test PKI
 * // that `mutua demo` writes to a folder:
 * import { run } from '@mutua/cli';
 * const demo = certPath.replace('signer.crt', 'demo');
 * await run(['demo', '--out', demo], { out: () => {}, err: () => {} });
 * const out: string[] = [];
 * const io = { out: (t: string) => out.push(t), err: () => {} };
 * const path = ['--intermediate', `${demo}/eu-ca.crt`, '--trust', `${demo}/eu-root.crt`];
 * const revocation = ['--ocsp', `${demo}/eu-mari.ocsp`, '--crl', `${demo}/eu-root.crl`];
 * await run(['chain', `${demo}/eu-mari.crt`, ...path, ...revocation], io); // 0
 * out.join('').split('\n')[0]; // 'Verdict: TOTAL_PASSED'
 * ```
 */
export async function chainCommand(args: ParsedArgs, io: Io): Promise<number> {
  const file = args.positional[0];
  if (!file) throw new UsageError('mutua chain: missing the certificate file');
  const [target, ...bundled] = loadCertificates([file], { skipBadInDirs: false });
  if (!target) throw new UsageError(`${file}: no certificate found`);
  const trust = many(args, 'trust');
  if (trust.length === 0)
    throw new UsageError('mutua chain: give at least one --trust FILE|DIR (a trust anchor)');
  const base = one(args, 'policy') ? loadPolicy(one(args, 'policy')!) : STRICT_POLICY;
  const timeText = one(args, 'time');
  const time = timeText ? new Date(timeText) : new Date();
  if (Number.isNaN(time.getTime())) throw new UsageError(`--time ${timeText}: not an ISO 8601 date`);
  const mode = one(args, 'revocation');
  if (mode && !['require', 'if-present', 'ignore'].includes(mode)) {
    throw new UsageError('--revocation must be require, if-present or ignore');
  }
  if (args.flags.has('allow-network')) {
    io.err(
      'note: --allow-network: missing issuers (AIA) and missing CRL/OCSP data are downloaded (http/https only, public hosts, 10 s and 10 MiB per download).',
    );
  }
  const initial = many(args, 'initial-policy');
  const policy = parseValidationPolicy({
    ...base,
    revocation: { ...base.revocation, ...(mode ? { mode } : {}) },
    pathValidation: {
      ...base.pathValidation,
      ...(initial.length ? { initialPolicySet: initial } : {}),
      ...(args.flags.has('explicit-policy') ? { initialExplicitPolicy: true } : {}),
      ...(args.flags.has('inhibit-policy-mapping') ? { initialPolicyMappingInhibit: true } : {}),
      ...(args.flags.has('inhibit-any-policy') ? { initialAnyPolicyInhibit: true } : {}),
    },
  });
  const result = await validateCertificate({
    target,
    intermediates: [...bundled, ...loadCertificates(many(args, 'intermediate'))],
    trustAnchors: loadTrustAnchors(trust),
    crls: loadCrls(many(args, 'crl')),
    ocspResponses: loadOcsp(many(args, 'ocsp')),
    time,
    policy,
    crypto: nodeCryptoEngine,
    ...(args.flags.has('allow-network')
      ? {
          fetcher: createHttpFetcher({
            cache: createMemoryCache({ maxEntries: 256, maxBytes: 32 * 1024 * 1024, ttlMs: 3_600_000 }),
          }),
        }
      : {}),
  });
  if (one(args, 'format') === 'json') io.out(JSON.stringify(chainJson(result, policy.name), null, 2));
  else io.out(chainText(result, policy.name));
  return result.indication === Indication.TOTAL_PASSED ? 0 : 1;
}
