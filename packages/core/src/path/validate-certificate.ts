import type { CryptoEngine } from '../crypto/engine';
import { fetchIssuerCertificates } from '../net/aia';
import type { Fetcher } from '../net/fetcher';
import { withOnlineRevocation } from '../net/online-revocation';
import { createWebCryptoEngine } from '../crypto/webcrypto';
import { checkRevocation } from '../revocation/check';
import type { CertificateList } from '../revocation/crl';
import type { OcspResponse } from '../revocation/ocsp';
import type { SignerPathValidator } from '../revocation/types';
import type { CheckResult } from '../validation/check';
import { Indication, SubIndication } from '../validation/indication';
import { STRICT_POLICY, type ValidationPolicy } from '../validation/policy';
import type { Certificate } from '../x509/certificate';
import { type CandidatePath, buildCandidatePaths } from './build';
import { anchorForCertificate, validateDirectlyTrusted } from './direct-trust';
import { type TrustAnchor, type TrustedPeriod, isTrustAnchorTrustedAt } from './trust-anchor';
import { type PathValidationOutcome, validateCertificationPath } from './validate-path';

/** Inputs of {@link validateCertificate}. */
export interface ValidateCertificateOptions {
  /** The certificate to validate (the signer's, usually). */
  readonly target: Certificate;
  /** Untrusted certificates that may complete the path (from the signature, a bundle, AIA…). */
  readonly intermediates?: readonly Certificate[];
  readonly trustAnchors: readonly TrustAnchor[];
  /** CRLs available (full and delta, any issuer). */
  readonly crls?: readonly CertificateList[];
  /** OCSP responses available. */
  readonly ocspResponses?: readonly OcspResponse[];
  /** The validation time (default: now). */
  readonly time?: Date;
  /**
   * `time` is a past time for which a proof of existence is held (EN 319 102-1 §5.6.2.4, past certificate
   * validation, e.g. the genTime of a signature time-stamp): revocation data issued after `time` but
   * before a certificate expired then proves its status at `time`. Leave unset for ordinary validation.
   */
  readonly pastValidation?: boolean;
  /** The validation policy (default: {@link STRICT_POLICY}). */
  readonly policy?: ValidationPolicy;
  /** The crypto engine (default: WebCrypto; use `nodeCryptoEngine` from `@mutua/core/node` on Node). */
  readonly crypto?: CryptoEngine;
  /**
   * The network door. Absent (the default), nothing is fetched. With `createHttpFetcher()`, missing
   * issuers are fetched through AIA caIssuers, and missing revocation data from the certificates' CRL
   * distribution points and OCSP responders, all within the fetcher's limits.
   */
  readonly fetcher?: Fetcher;
  /**
   * Restrict the path to one anchor, and otherwise behave as a nested validation (used for CRL and OCSP
   * signers, RFC 5280 §6.3.3 (f)). Internal; callers leave it unset.
   */
  readonly nesting?: {
    readonly depth: number;
    readonly inProgress: ReadonlySet<Certificate>;
    /** Set when validating an OCSP responder's certificate (id-pkix-ocsp-nocheck applies to it alone). */
    readonly ocspResponder?: Certificate;
    /** Signer-path verdicts shared by every level of one top-level validation. */
    readonly memo?: SignerMemo;
    /** The work left for the whole top-level validation (path validations), shared by every level. */
    readonly budget?: { remaining: number };
  };
}

/** A candidate path that was tried and rejected, with the reason. */
export interface RejectedPath {
  /** Subjects from the target up to the anchor. */
  readonly subjects: readonly string[];
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  readonly reason: string;
}

/** The result of {@link validateCertificate}: the best path's outcome plus why the others were not chosen. */
export interface CertificateValidationResult {
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  readonly validationTime: Date;
  /** The chosen path's outcome; absent when no path to a trust anchor could be built. */
  readonly best?: PathValidationOutcome;
  /** The checks of the chosen path (or the path-building failure). */
  readonly checks: readonly CheckResult[];
  readonly rejectedPaths: readonly RejectedPath[];
}

const MAX_NESTING = 3;

/**
 * Path validations one top-level call may perform, nested CRL/OCSP signer validations included. Hostile
 * inputs (look-alike CAs and CRLs in a CMS) can otherwise make path building and nested revocation
 * checking grow exponentially; past the budget the answer is INDETERMINATE, never PASSED.
 */
const WORK_BUDGET = 400;

/** A signer-path verdict, remembered per certificate object, purpose and trust anchor. */
type SignerMemo = WeakMap<
  Certificate,
  {
    purpose: string;
    anchor: TrustAnchor | undefined;
    /** The signer's validation time when not the top-level one (ms), else undefined. */
    at: number | undefined;
    result: Promise<{ ok: boolean; reason?: string }>;
  }[]
>;

/**
 * Rank of an outcome for choosing among candidate paths: a passing path first; then a path whose only
 * problems are time or revocation related (it is structurally the right path, so its report is the
 * most useful one); then constraint failures; then broken paths (bad signatures, wrong names).
 */
function rank(o: PathValidationOutcome): number {
  if (o.indication === Indication.TOTAL_PASSED) return 0;
  const hardFailure = o.checks.some(
    (c) =>
      (c.status === 'failed' || c.status === 'indeterminate') &&
      (c.id === 'certificate.signature' || c.id === 'certificate.issuerName'),
  );
  if (hardFailure) return 3;
  switch (o.subIndication) {
    case SubIndication.CHAIN_CONSTRAINTS_FAILURE:
    case SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE:
      return 2;
    default:
      return 1;
  }
}

function subjects(p: CandidatePath): string[] {
  return [...p.certificates]
    .reverse()
    .map((c) => c.subject.text)
    .concat(`${p.anchor.name.text} (trust anchor)`);
}

/**
 * Builds every candidate path from `target` to the trust anchors, validates each per RFC 5280 §6.1 at
 * the validation time (with revocation and the policy's constraints), and returns the best outcome
 * with the reasons the others failed.
 *
 * @remarks
 * Example (from `examples/validate-certificate.ts`, which the test suite runs):
 *
 * {@includeCode ../../../../examples/validate-certificate.ts#example}
 */
export async function validateCertificate(
  opts: ValidateCertificateOptions,
): Promise<CertificateValidationResult> {
  const time = opts.time ?? new Date();
  const policy = opts.policy ?? STRICT_POLICY;
  const crypto = opts.crypto ?? createWebCryptoEngine();
  const pool = [...(opts.intermediates ?? [])];
  const nesting = opts.nesting ?? { depth: 0, inProgress: new Set<Certificate>() };
  // Anchors with a trust history (a trusted-list service withdrawn since) count only at the times they
  // were trusted: a path validated at a past time may end at one that is no longer trusted today.
  const trustAnchors = opts.trustAnchors.filter((a) => isTrustAnchorTrustedAt(a, time));
  const notTrustedNow = opts.trustAnchors.length - trustAnchors.length;
  const outcomes: PathValidationOutcome[] = [];
  const revocationChecker = opts.fetcher
    ? withOnlineRevocation(checkRevocation, opts.fetcher, crypto)
    : checkRevocation;

  // The same CRL/OCSP signer is asked about for every candidate path and every certificate it covers:
  // remember the verdicts for the whole top-level call. Keyed by the parsed certificate object, the
  // purpose and the trust anchor — never by serial or name, so a look-alike inherits nothing.
  const memo: SignerMemo = nesting.memo ?? new WeakMap();
  const budget = nesting.budget ?? { remaining: WORK_BUDGET };
  const validateSignerPath: SignerPathValidator = async (signer, purpose, anchor, at) => {
    if (nesting.depth + 1 >= MAX_NESTING) return { ok: false, reason: 'revocation signer nesting too deep' };
    if (nesting.inProgress.has(signer)) return { ok: false, reason: 'circular revocation signer dependency' };
    let entries = memo.get(signer);
    if (!entries) memo.set(signer, (entries = []));
    const when = at?.getTime();
    const hit = entries.find((e) => e.purpose === purpose && e.anchor === anchor && e.at === when);
    if (hit) return hit.result;
    const result = validateSignerPathOnce(signer, purpose, anchor, at);
    entries.push({ purpose, anchor, at: when, result });
    return result;
  };
  const validateSignerPathOnce = async (
    signer: Certificate,
    purpose: 'crl' | 'ocsp',
    anchor?: TrustAnchor,
    at?: Date,
  ) => {
    const inProgress = new Set(nesting.inProgress).add(opts.target);
    const r = await validateCertificate({
      ...opts,
      target: signer,
      // RFC 5280 §6.3.3 (f): the CRL issuer's path must end at the anchor of the path being validated.
      trustAnchors: anchor ? [anchor] : opts.trustAnchors,
      time: at ?? time,
      policy,
      crypto,
      nesting: {
        depth: nesting.depth + 1,
        inProgress,
        memo,
        budget,
        ...(purpose === 'ocsp' ? { ocspResponder: signer } : {}),
      },
    });
    return r.indication === Indication.TOTAL_PASSED
      ? { ok: true }
      : {
          ok: false,
          reason: `${r.subIndication ?? r.indication}: ${r.checks.find((c) => c.status !== 'passed' && c.status !== 'info')?.message ?? ''}`,
        };
  };

  const limits = {
    maxPaths: policy.pathValidation.maxCandidatePaths,
    maxLength: policy.pathValidation.maxPathLength,
  };
  const aiaNotes: CheckResult[] = [];
  if (opts.fetcher && nesting.depth === 0) {
    const found = await completePoolWithAia(opts.target, pool, trustAnchors, opts.fetcher, time, limits);
    pool.push(...found.certificates);
    for (const m of found.notes) aiaNotes.push({ id: 'path.aia', status: 'info', message: m });
  }
  let budgetExhausted = false;
  for (const path of buildCandidatePaths(opts.target, pool, trustAnchors, time, limits)) {
    if (budget.remaining <= 0) {
      budgetExhausted = true;
      break;
    }
    budget.remaining--;
    const o = await validateCertificationPath(path, {
      time,
      ...(opts.pastValidation ? { pastValidation: true } : {}),
      policy,
      crypto,
      crls: opts.crls ?? [],
      ocspResponses: opts.ocspResponses ?? [],
      certificatePool: pool,
      validateSignerPath,
      checkRevocation: revocationChecker,
      // RFC 6960 §4.2.2.2.1: a delegated OCSP responder with id-pkix-ocsp-nocheck is not checked for revocation.
      skipRevocationFor: (c) => c === nesting.ocspResponder && c.ext.ocspNoCheck === true,
    });
    outcomes.push(o);
    if (o.indication === Indication.TOTAL_PASSED) break;
  }

  if (budgetExhausted && !outcomes.some((o) => o.indication === Indication.TOTAL_PASSED)) {
    // Some candidate paths were never examined: no conclusion either way.
    const check: CheckResult = {
      id: 'path.budget',
      status: 'indeterminate',
      message: `validation stopped after ${WORK_BUDGET} path validations (nested revocation signers included) without a conclusion; the input holds too many look-alike certificates or CRLs`,
      subIndication: SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE,
    };
    return {
      indication: Indication.INDETERMINATE,
      subIndication: SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE,
      validationTime: time,
      checks: [...aiaNotes, check, ...(outcomes[0]?.checks ?? [])],
      rejectedPaths: [],
    };
  }
  // No path, but the certificate is itself trusted: the path is the anchor alone. Only when no path
  // exists, so that a directly trusted certificate whose issuer is at hand is still checked for
  // revocation through it, and a path that failed (revoked, say) is never overridden by direct trust.
  const directAnchor = outcomes.length === 0 ? anchorForCertificate(opts.target, trustAnchors) : undefined;
  if (directAnchor) {
    const best = validateDirectlyTrusted(opts.target, directAnchor, time);
    return {
      indication: best.indication,
      ...(best.subIndication ? { subIndication: best.subIndication } : {}),
      validationTime: time,
      best,
      checks: [...aiaNotes, ...best.checks],
      rejectedPaths: [],
    };
  }
  // No path validated: INDETERMINATE with the path.build check's sub-indication.
  const noPath = (check: CheckResult & { subIndication: SubIndication }): CertificateValidationResult => ({
    indication: Indication.INDETERMINATE,
    subIndication: check.subIndication,
    validationTime: time,
    checks: [...aiaNotes, check],
    rejectedPaths: [],
  });
  if (outcomes.length === 0 && notTrustedNow > 0) {
    // EN 319 102-1 §5.2.6: a prospective path exists, to an anchor whose trust has ended (or not begun) at
    // this time — INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND_NO_POE, which a proof of existence from a time
    // the anchor was trusted rescues (validation with time, at the best-signature-time).
    const untrusted = opts.trustAnchors.filter((a) => !isTrustAnchorTrustedAt(a, time));
    const prospective =
      buildCandidatePaths(opts.target, pool, untrusted, time, limits).next().value?.anchor ??
      anchorForCertificate(opts.target, untrusted);
    if (prospective) {
      const periods = (prospective.trustedPeriods ?? [])
        .map(
          (p: TrustedPeriod) => `${p.from?.toISOString() ?? 'always'} – ${p.until?.toISOString() ?? 'now'}`,
        )
        .join(', ');
      const check = {
        id: 'path.build',
        status: 'indeterminate' as const,
        message: `a certification path from "${opts.target.subject.text}" ends at the trust anchor "${prospective.name.text}"${prospective.source ? ` (${prospective.source})` : ''}, which is not trusted at ${time.toISOString()} (trusted ${periods || 'never'}): a proof that the signature existed while it was is needed`,
        subIndication: SubIndication.NO_CERTIFICATE_CHAIN_FOUND_NO_POE,
      };
      return noPath(check);
    }
  }
  if (outcomes.length === 0) {
    const check = {
      id: 'path.build',
      status: 'indeterminate' as const,
      message: `no certification path from "${opts.target.subject.text}" (issuer "${opts.target.issuer.text}") to any of ${trustAnchors.length} trust anchor(s)${notTrustedNow > 0 ? ` trusted at ${time.toISOString()} (${notTrustedNow} more not trusted then: their trusted-list service status was not a trusting one)` : ''}`,
      subIndication: SubIndication.NO_CERTIFICATE_CHAIN_FOUND,
    };
    return noPath(check);
  }
  const sorted = outcomes.map((o, i) => ({ o, i })).sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i);
  const best = sorted[0]!.o;
  const rejectedPaths: RejectedPath[] = sorted.slice(1).map(({ o }) => ({
    subjects: subjects(o.path),
    indication: o.indication,
    ...(o.subIndication ? { subIndication: o.subIndication } : {}),
    reason: o.decisiveCheck?.message ?? 'passed, but another path was preferred',
  }));
  return {
    indication: best.indication,
    ...(best.subIndication ? { subIndication: best.subIndication } : {}),
    validationTime: time,
    best,
    checks: [
      ...aiaNotes,
      {
        id: 'path.build',
        status: 'passed',
        message: `path of ${best.path.certificates.length + 1} (anchor included) built`,
      },
      ...best.checks,
    ],
    rejectedPaths,
  };
}

/**
 * When no candidate path exists, follows AIA caIssuers links upwards (at most `maxLength` hops, each
 * bounded by the fetcher's limits) until a path to an anchor can be built. Failures become notes.
 */
async function completePoolWithAia(
  target: Certificate,
  pool: readonly Certificate[],
  anchors: readonly TrustAnchor[],
  fetcher: Fetcher,
  time: Date,
  limits: { maxPaths: number; maxLength: number },
): Promise<{ certificates: Certificate[]; notes: string[] }> {
  const certificates: Certificate[] = [];
  const notes: string[] = [];
  let head: Certificate | undefined = target;
  for (let hop = 0; head && hop < limits.maxLength; hop++) {
    const all = [...pool, ...certificates];
    if (!buildCandidatePaths(target, all, anchors, time, { ...limits, maxPaths: 1 }).next().done) break;
    const current: Certificate = head;
    const known = all.filter((c) => c.subject.key === current.issuer.key);
    if (known.length > 0 || anchors.some((a) => a.name.key === current.issuer.key)) {
      head = known[0];
      if (!head) break;
      continue;
    }
    const r = await fetchIssuerCertificates(current, fetcher);
    notes.push(...r.notes.map((n) => `AIA for "${current.subject.text}": ${n}`));
    if (r.certificates.length === 0) break;
    certificates.push(...r.certificates);
    notes.push(`AIA: fetched ${r.certificates.length} issuer certificate(s) of "${current.subject.text}"`);
    head = r.certificates[0];
  }
  return { certificates, notes };
}
