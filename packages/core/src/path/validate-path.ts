import {
  type SignatureScheme,
  UnsupportedAlgorithm,
  resolveSignatureAlgorithm,
  schemeName,
} from '../crypto/algorithms';
import type { CryptoEngine } from '../crypto/engine';
import { OID } from '../oids';
import type { CertificateList } from '../revocation/crl';
import type { OcspResponse } from '../revocation/ocsp';
import type { RevocationContext, RevocationStatus, SignerPathValidator } from '../revocation/types';
import type { CheckLevel, CheckResult, CheckStatus } from '../validation/check';
import { Indication, SubIndication, indicationOf } from '../validation/indication';
import { type ValidationPolicy, checkLevel } from '../validation/policy';
import type { Certificate } from '../x509/certificate';
import { KNOWN_EXTENSIONS, type PolicyQualifier } from '../x509/extensions';
import { nameEquals } from '../x509/name';
import { type PublicKeyInfo, inheritDsaParameters } from '../x509/public-key';
import type { CandidatePath } from './build';
import { checkCryptoConstraints } from './crypto-constraints';
import { UNCONSTRAINED, addNameConstraints, checkName, constrainedNames } from './name-constraints';
import { PolicyTree, PolicyTreeTooLarge } from './policy-tree';

/** A policy the path is valid for (a leaf of the final valid_policy_tree), with its qualifiers. */
export interface ValidPolicy {
  readonly policy: string;
  readonly qualifiers: readonly PolicyQualifier[];
}

/** The revocation status found for one certificate of the path. */
export interface CertificateRevocation {
  /** Position in the path (1 = issued by the anchor, n = target). */
  readonly certificate: number;
  readonly status: RevocationStatus;
}

/** The outcome of RFC 5280 §6.1 validation of one certification path, in EN 319 102-1 terms. */
export interface PathValidationOutcome {
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  readonly path: CandidatePath;
  /** Every check performed, in order. `certificate` is the RFC 5280 position (0 = anchor). */
  readonly checks: readonly CheckResult[];
  /** The first check that decided a non-passing verdict. */
  readonly decisiveCheck?: CheckResult;
  readonly validPolicies: readonly ValidPolicy[];
  /** Explicit texts of user-notice qualifiers of the valid policies, to display to the relying party. */
  readonly userNotices: readonly string[];
  readonly revocation: readonly CertificateRevocation[];
}

/** Everything RFC 5280 §6.1 validation of one path needs. */
export interface PathValidationContext {
  readonly time: Date;
  /** `time` is a past time proven by a proof of existence (see `RevocationContext.pastValidation`). */
  readonly pastValidation?: boolean;
  readonly policy: ValidationPolicy;
  readonly crypto: CryptoEngine;
  readonly crls: readonly CertificateList[];
  readonly ocspResponses: readonly OcspResponse[];
  readonly certificatePool: readonly Certificate[];
  readonly validateSignerPath: SignerPathValidator;
  /** The revocation checker (RFC 5280 §6.3 and RFC 6960); injectable so that callers can add sources. */
  readonly checkRevocation: (ctx: RevocationContext) => Promise<RevocationStatus>;
  /** Certificates for which revocation checking is skipped (id-pkix-ocsp-nocheck responders). */
  readonly skipRevocationFor?: (cert: Certificate) => boolean;
}

const CHECK_SUB: Record<string, SubIndication> = {
  'certificate.issuerName': SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE,
  'certificate.signature': SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE,
  'certificate.extensionsWellFormed': SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE,
  'certificate.basicConstraints': SubIndication.CHAIN_CONSTRAINTS_FAILURE,
  'certificate.keyUsage': SubIndication.CHAIN_CONSTRAINTS_FAILURE,
  'certificate.criticalExtensions': SubIndication.CHAIN_CONSTRAINTS_FAILURE,
  'path.nameConstraints': SubIndication.CHAIN_CONSTRAINTS_FAILURE,
  'path.policy': SubIndication.CHAIN_CONSTRAINTS_FAILURE,
  'path.length': SubIndication.CHAIN_CONSTRAINTS_FAILURE,
  'crypto.constraints': SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
  'revocation.available': SubIndication.TRY_LATER,
  'revocation.freshness': SubIndication.TRY_LATER,
};

/** Collects checks and applies the policy's level to each failure. */
class CheckLog {
  readonly checks: CheckResult[] = [];
  decisive: CheckResult | undefined;
  constructor(private readonly policy: ValidationPolicy) {}

  pass(id: string, message: string, certificate?: number): void {
    this.checks.push({
      id,
      status: 'passed',
      message,
      ...(certificate !== undefined ? { certificate } : {}),
    });
  }

  /** Records a failure; its weight comes from the policy (signature, chaining and revocation are always `fail`). */
  fail(id: string, message: string, certificate?: number, sub?: SubIndication, indeterminate = false): void {
    const level: CheckLevel = checkLevel(this.policy, id);
    if (level === 'ignore') return;
    const status: CheckStatus =
      level === 'fail' ? (indeterminate ? 'indeterminate' : 'failed') : level === 'warn' ? 'warning' : 'info';
    const subIndication = sub ?? CHECK_SUB[id] ?? SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE;
    const c: CheckResult = {
      id,
      status,
      message,
      subIndication,
      ...(certificate !== undefined ? { certificate } : {}),
    };
    this.checks.push(c);
    if (level === 'fail' && !this.decisive) this.decisive = c;
  }
}

function describeCert(c: Certificate): string {
  return `"${c.subject.text}" (serial ${c.serialHex})`;
}

/**
 * RFC 5280 §6.1 basic path validation of one candidate path at `ctx.time`, with revocation (§6.3,
 * RFC 6960), cryptographic constraints and the policy's check levels. Processing goes on after a
 * failure so that the report lists every problem; the verdict comes from the first failure.
 * @example
 * ```ts
 * import { STRICT_POLICY, checkRevocation, validateCertificate, validateCertificationPath } from '@mutua/core';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * // Validate exactly this path (issuing CA, then the end entity), without path building.
 * const outcome = await validateCertificationPath(
 *   { anchor: trustAnchors[0]!, certificates: [issuer, cert] },
 *   {
 *     time: new Date(),
 *     policy: STRICT_POLICY,
 *     crypto: nodeCryptoEngine,
 *     crls,
 *     ocspResponses: [],
 *     certificatePool: [issuer],
 *     checkRevocation,
 *     validateSignerPath: async (signer) => {
 *       const r = await validateCertificate({ target: signer, intermediates: [issuer], trustAnchors, crls });
 *       return { ok: r.indication === 'TOTAL_PASSED' };
 *     },
 *   },
 * );
 * outcome.indication; // 'TOTAL_PASSED'
 * ```
 */
export async function validateCertificationPath(
  path: CandidatePath,
  ctx: PathValidationContext,
): Promise<PathValidationOutcome> {
  const { time, policy } = ctx;
  const pv = policy.pathValidation;
  const log = new CheckLog(policy);
  const certs = path.certificates;
  const n = certs.length;

  // §6.1.2 initialisation
  let tree: PolicyTree | null = PolicyTree.initial();
  let nameState = UNCONSTRAINED;
  let explicitPolicy = pv.initialExplicitPolicy ? 0 : n + 1;
  let inhibitAnyPolicy = pv.initialAnyPolicyInhibit ? 0 : n + 1;
  let policyMapping = pv.initialPolicyMappingInhibit ? 0 : n + 1;
  let workingKey: PublicKeyInfo = path.anchor.publicKey;
  let workingIssuer = path.anchor.name;
  let workingIssuerCert = path.anchor.certificate;
  let maxPathLength = n;
  const revocation: CertificateRevocation[] = [];
  let treeOverflow = false;
  // The validation time as text, formatted once for every certificate that reports it.
  const formatted: { time?: string } = {};

  for (let i = 1; i <= n; i++) {
    const cert = certs[i - 1]!;
    const isTarget = i === n;
    const who = `${isTarget ? 'target' : `certificate ${i}`} ${describeCert(cert)}`;

    // §6.1.3 (a)(4): name chaining
    if (!nameEquals(cert.issuer, workingIssuer)) {
      log.fail(
        'certificate.issuerName',
        `${who}: issuer "${cert.issuer.text}" is not "${workingIssuer.text}"`,
        i,
      );
    } else log.pass('certificate.issuerName', `${who}: issuer name chains`, i);

    // Undecodable extensions: a critical one makes the certificate unusable; a non-critical one is reported.
    for (const p of cert.problems) {
      if (p.critical) log.fail('certificate.extensionsWellFormed', `${who}: ${p.oid}: ${p.message}`, i);
      else
        log.checks.push({
          id: 'certificate.extensionsWellFormed',
          status: 'info',
          message: `${who}: ${p.oid}: ${p.message}`,
          certificate: i,
        });
    }

    // §6.1.3 (a)(1): signature with the working public key
    await checkSignature(log, ctx, cert, workingKey, who, i);

    // §6.1.3 (a)(2): validity at the validation time
    checkValidity(log, cert, time, who, i, isTarget, formatted);

    // §6.1.3 (a)(3): revocation status at the validation time
    const brokenPath = log.checks.some(
      (c) =>
        (c.status === 'failed' || c.status === 'indeterminate') &&
        (c.id === 'certificate.signature' || c.id === 'certificate.issuerName'),
    );
    if (brokenPath && policy.revocation.mode !== 'ignore') {
      // A path whose signatures or names do not chain is rejected anyway; checking its revocation would
      // only cost work (nested CRL-signer validations) that hostile inputs can make explode.
      log.checks.push({
        id: 'revocation.status',
        status: 'skipped',
        message: `${who}: not checked: the path is already broken`,
        certificate: i,
      });
    } else if (policy.revocation.mode !== 'ignore' && !ctx.skipRevocationFor?.(cert)) {
      const status = await ctx.checkRevocation({
        certificate: cert,
        issuer: workingIssuerCert
          ? { name: workingIssuer, publicKey: workingKey, certificate: workingIssuerCert }
          : { name: workingIssuer, publicKey: workingKey },
        time,
        ...(ctx.pastValidation ? { pastValidation: true } : {}),
        crls: ctx.crls,
        ocspResponses: ctx.ocspResponses,
        certificatePool: ctx.certificatePool,
        policy,
        crypto: ctx.crypto,
        validateSignerPath: (signer, purpose, _anchor, at) =>
          ctx.validateSignerPath(signer, purpose, path.anchor, at),
      });
      revocation.push({ certificate: i, status });
      recordRevocation(log, status, policy.revocation.mode, who, i, isTarget);
    }

    // §6.1.3 (b)/(c): name constraints, for the target and for CA certificates that are not self-issued
    if (isTarget || !cert.selfIssued) {
      const bad = constrainedNames(cert)
        .map((nm) => checkName(nameState, nm))
        .filter((x): x is string => x !== undefined);
      if (bad.length > 0) log.fail('path.nameConstraints', `${who}: ${bad.join('; ')}`, i);
      else if (nameState.permittedGroups.length || nameState.excluded.length)
        log.pass('path.nameConstraints', `${who}: names within constraints`, i);
    }

    // §6.1.3 (d)–(f): certificate policies
    try {
      if (cert.ext.certificatePolicies && tree) {
        const anyAllowed = inhibitAnyPolicy > 0 || (i < n && cert.selfIssued);
        if (!tree.processCertificatePolicies(cert, i, anyAllowed)) tree = null;
      } else tree = null;
    } catch (e) {
      if (!(e instanceof PolicyTreeTooLarge)) throw e;
      tree = null;
      treeOverflow = true;
    }
    if (explicitPolicy <= 0 && tree === null) {
      log.fail(
        'path.policy',
        `${who}: explicit policy required but no valid policy remains${treeOverflow ? ' (policy tree too large)' : ''}`,
        i,
      );
    }

    if (isTarget) break;

    // §6.1.4 preparation for certificate i+1
    const mappings = cert.ext.policyMappings ?? [];
    if (
      mappings.some((m) => m.issuerDomainPolicy === OID.anyPolicy || m.subjectDomainPolicy === OID.anyPolicy)
    ) {
      log.fail('path.policy', `${who}: policy mapping to or from anyPolicy`, i);
    }
    if (tree && mappings.length > 0) {
      try {
        if (!tree.processPolicyMappings(cert, i, policyMapping > 0)) tree = null;
      } catch (e) {
        if (!(e instanceof PolicyTreeTooLarge)) throw e;
        tree = null;
        treeOverflow = true;
      }
    }
    workingIssuer = cert.subject;
    workingIssuerCert = cert;
    workingKey = inheritDsaParameters(cert.publicKey, workingKey);
    nameState = addNameConstraints(nameState, cert);
    if (!cert.selfIssued) {
      if (explicitPolicy > 0) explicitPolicy--;
      if (policyMapping > 0) policyMapping--;
      if (inhibitAnyPolicy > 0) inhibitAnyPolicy--;
    }
    const pc = cert.ext.policyConstraints;
    if (pc?.requireExplicitPolicy !== undefined)
      explicitPolicy = Math.min(explicitPolicy, pc.requireExplicitPolicy);
    if (pc?.inhibitPolicyMapping !== undefined)
      policyMapping = Math.min(policyMapping, pc.inhibitPolicyMapping);
    if (cert.ext.inhibitAnyPolicy !== undefined)
      inhibitAnyPolicy = Math.min(inhibitAnyPolicy, cert.ext.inhibitAnyPolicy);

    // (k) a CA certificate
    if (cert.version < 3 || !cert.ext.basicConstraints?.cA) {
      log.fail(
        'certificate.basicConstraints',
        `${who}: is used as a CA but is not a CA certificate (basicConstraints cA)`,
        i,
      );
    } else log.pass('certificate.basicConstraints', `${who}: is a CA certificate`, i);
    // (l)/(m) path length
    if (!cert.selfIssued) {
      if (maxPathLength <= 0) log.fail('path.length', `${who}: path length constraint exceeded`, i);
      maxPathLength--;
    }
    const pl = cert.ext.basicConstraints?.pathLenConstraint;
    if (pl !== undefined && pl < maxPathLength) maxPathLength = pl;
    // (n) key usage
    if (cert.ext.keyUsage && !cert.ext.keyUsage.keyCertSign) {
      log.fail('certificate.keyUsage', `${who}: keyUsage does not allow keyCertSign`, i);
    }
    // (o) unknown critical extensions
    checkCriticalExtensions(log, cert, who, i);
  }

  // §6.1.5 wrap-up
  const target = certs[n - 1];
  if (target) {
    if (explicitPolicy > 0) explicitPolicy--;
    if (target.ext.policyConstraints?.requireExplicitPolicy === 0) explicitPolicy = 0;
    checkCriticalExtensions(log, target, `target ${describeCert(target)}`, n);
  }
  let validPolicies: ValidPolicy[] = [];
  if (tree && n > 0) {
    try {
      if (!tree.intersect(pv.initialPolicySet, n)) tree = null;
    } catch (e) {
      if (!(e instanceof PolicyTreeTooLarge)) throw e;
      tree = null;
    }
    if (tree) {
      // A qualifier applies along the whole branch: PKITS 4.10.13/14 expect a CA's notice to reach the user.
      validPolicies = tree.leaves(n).map((x) => {
        const qualifiers: PolicyQualifier[] = [];
        for (let node: typeof x | undefined = x; node; node = node.parent)
          qualifiers.push(...node.qualifiers);
        return { policy: x.validPolicy, qualifiers };
      });
    }
  }
  if (explicitPolicy <= 0 && tree === null) {
    log.fail(
      'path.policy',
      'no policy in the user-initial-policy-set is valid for the path, and an explicit policy is required',
      n,
    );
  } else if (explicitPolicy <= 0 || validPolicies.length > 0) {
    log.pass(
      'path.policy',
      validPolicies.length
        ? `valid for ${validPolicies.map((p) => p.policy).join(', ')}`
        : 'no policy required',
      n,
    );
  }

  const userNotices: string[] = [];
  for (const p of validPolicies)
    for (const q of p.qualifiers)
      if (q.type === 'userNotice' && q.explicitText !== undefined) userNotices.push(q.explicitText);
  const d = log.decisive;
  return {
    indication: d ? indicationOf(d.subIndication!) : Indication.TOTAL_PASSED,
    ...(d ? { subIndication: d.subIndication!, decisiveCheck: d } : {}),
    path,
    checks: log.checks,
    validPolicies,
    userNotices: [...new Set(userNotices)],
    revocation,
  };
}

async function checkSignature(
  log: CheckLog,
  ctx: PathValidationContext,
  cert: Certificate,
  key: PublicKeyInfo,
  who: string,
  i: number,
): Promise<void> {
  const scheme = resolveSignatureAlgorithm(cert.signatureAlgorithm);
  if (scheme instanceof UnsupportedAlgorithm) {
    log.fail(
      'certificate.signature',
      `${who}: ${scheme.reason}`,
      i,
      SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE,
      true,
    );
    return;
  }
  const r = await ctx.crypto.verify({
    scheme,
    publicKey: key,
    data: cert.tbsDer,
    signature: cert.signatureValue,
  });
  if (r.status === 'valid') {
    log.pass('certificate.signature', `${who}: ${schemeName(scheme)} signature verifies`, i);
    checkCrypto(log, ctx, scheme, key, who, i);
  } else if (r.status === 'invalid') {
    log.fail('certificate.signature', `${who}: ${r.reason}`, i);
  } else {
    log.fail(
      'certificate.signature',
      `${who}: cannot be verified here: ${r.reason}`,
      i,
      SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE,
      true,
    );
  }
}

function checkCrypto(
  log: CheckLog,
  ctx: PathValidationContext,
  scheme: SignatureScheme,
  key: PublicKeyInfo,
  who: string,
  i: number,
): void {
  const bad = checkCryptoConstraints(ctx.policy, scheme, key, ctx.time);
  if (bad) log.fail('crypto.constraints', `${who}: ${bad}`, i);
  else if (ctx.policy.cryptographicConstraints)
    log.pass(
      'crypto.constraints',
      `${who}: ${schemeName(scheme)} with a ${key.bits}-bit ${key.type} key is acceptable`,
      i,
    );
}

function checkValidity(
  log: CheckLog,
  cert: Certificate,
  time: Date,
  who: string,
  i: number,
  isTarget: boolean,
  formatted: { time?: string },
): void {
  // getTime(): comparing the Date objects themselves goes through ToPrimitive on both sides.
  if (time.getTime() < cert.notBefore.getTime()) {
    log.fail(
      'certificate.validity',
      `${who}: not valid before ${cert.notBefore.toISOString()}`,
      i,
      SubIndication.NOT_YET_VALID,
    );
  } else if (time.getTime() > cert.notAfter.getTime()) {
    log.fail(
      'certificate.validity',
      `${who}: expired on ${cert.notAfter.toISOString()}`,
      i,
      SubIndication.OUT_OF_BOUNDS_NO_POE,
    );
  } else {
    formatted.time ??= time.toISOString();
    log.pass('certificate.validity', `${who}: valid at ${formatted.time}${isTarget ? '' : ''}`, i);
  }
}

function recordRevocation(
  log: CheckLog,
  s: RevocationStatus,
  mode: 'require' | 'if-present' | 'ignore',
  who: string,
  i: number,
  isTarget: boolean,
): void {
  const src = s.sources.map((x) => `${x.type} from ${x.issuer}`).join(', ');
  if (s.status === 'good') {
    log.pass('revocation.status', `${who}: not revoked (${src})`, i);
  } else if (s.status === 'revoked') {
    const sub = isTarget ? SubIndication.REVOKED_NO_POE : SubIndication.REVOKED_CA_NO_POE;
    log.fail(
      'revocation.status',
      `${who}: revoked on ${s.revocationDate.toISOString()}${s.reason ? ` (${s.reason})` : ''} per ${src}`,
      i,
      sub,
      true,
    );
  } else if (mode === 'require') {
    const why = s.notes.length ? `: ${s.notes.join('; ')}` : '';
    if (s.problem === 'stale')
      log.fail(
        'revocation.freshness',
        `${who}: revocation data is not fresh enough${why}`,
        i,
        SubIndication.TRY_LATER,
        true,
      );
    else
      log.fail(
        'revocation.available',
        `${who}: revocation status unknown${why}`,
        i,
        SubIndication.TRY_LATER,
        true,
      );
  } else {
    log.checks.push({
      id: 'revocation.available',
      status: 'info',
      message: `${who}: no usable revocation data (policy: if-present)`,
      certificate: i,
    });
  }
}

function checkCriticalExtensions(log: CheckLog, cert: Certificate, who: string, i: number): void {
  const unknown = cert.extensions.filter((e) => e.critical && !KNOWN_EXTENSIONS.has(e.oid));
  if (unknown.length > 0) {
    log.fail(
      'certificate.criticalExtensions',
      `${who}: unrecognised critical extension(s) ${unknown.map((e) => e.oid).join(', ')}`,
      i,
    );
  }
}
