import type { Certificate } from '../x509/certificate';
import type { TrustAnchor } from './trust-anchor';
import { bytesEqual } from '../util/bytes';
import { nameEquals } from '../x509/name';

/** A candidate certification path: certificates from the one issued by the anchor (index 0) to the target. */
export interface CandidatePath {
  readonly anchor: TrustAnchor;
  /** RFC 5280 order: `certificates[0]` is issued by the anchor, the last one is the target. */
  readonly certificates: readonly Certificate[];
}

/** Limits for path building on hostile pools. */
export interface PathBuildingLimits {
  /** Maximum number of candidate paths yielded. */
  readonly maxPaths: number;
  /** Maximum path length, trust anchor included. */
  readonly maxLength: number;
  /** Maximum number of issuer look-ups in total (bounds work on pools full of same-named certificates). */
  readonly maxSteps?: number;
}

/**
 * How well `issuer` matches `child` as its issuer, used to try the likeliest paths first:
 * AKI/SKI agreement, then validity at `time`, then the newest certificate (key rollover).
 * Candidates with a mismatching AKI are still tried, last: the AKI is a hint, not a constraint.
 */
function issuerScore(child: Certificate, issuer: Certificate, time: Date): number {
  let s = 0;
  const aki = child.ext.authorityKeyIdentifier?.keyIdentifier;
  const ski = issuer.ext.subjectKeyIdentifier;
  if (aki && ski) s += bytesEqual(aki, ski) ? 4 : -4;
  const t = time.getTime();
  if (issuer.notBefore.getTime() <= t && t <= issuer.notAfter.getTime()) s += 2;
  return s;
}

function anchorMatches(child: Certificate, anchor: TrustAnchor): boolean {
  if (!nameEquals(child.issuer, anchor.name)) return false;
  const aki = child.ext.authorityKeyIdentifier?.keyIdentifier;
  const ski = anchor.certificate?.ext.subjectKeyIdentifier;
  return !(aki && ski) || bytesEqual(aki, ski);
}

function anchorMatchesLoosely(child: Certificate, anchor: TrustAnchor): boolean {
  return nameEquals(child.issuer, anchor.name);
}

/**
 * Enumerates candidate paths from `target` to any of `anchors` through `pool`, depth first, likeliest
 * first. Handles cross-certificates, several issuers with the same name and key rollover (self-issued
 * certificates); never uses the same certificate twice in one path. Pure: no network.
 *
 * @example
 * ```ts
 * import { buildCandidatePaths } from '@mutua/core';
 * const paths = [...buildCandidatePaths(cert, [issuer], trustAnchors, new Date(), { maxPaths: 8, maxLength: 8 })];
 * paths.length; // 1
 * paths[0]!.certificates.length; // 2
 * ```
 */
export function* buildCandidatePaths(
  target: Certificate,
  pool: readonly Certificate[],
  anchors: readonly TrustAnchor[],
  time: Date,
  limits: PathBuildingLimits,
): Generator<CandidatePath> {
  const bySubject = new Map<string, Certificate[]>();
  for (const c of pool) {
    let l = bySubject.get(c.subject.key);
    if (!l) bySubject.set(c.subject.key, (l = []));
    if (!l.some((x) => bytesEqual(x.der, c.der))) l.push(c);
  }
  let yielded = 0;
  let steps = 0;
  const maxSteps = limits.maxSteps ?? 10_000;
  const chain: Certificate[] = [target];

  function* extend(): Generator<CandidatePath> {
    if (yielded >= limits.maxPaths || ++steps > maxSteps) return;
    const head = chain[chain.length - 1]!;
    // A path ends where an anchor issued the head. Anchors with a matching key id first.
    const exact = anchors.filter((a) => anchorMatches(head, a));
    const loose = anchors.filter((a) => !exact.includes(a) && anchorMatchesLoosely(head, a));
    for (const anchor of [...exact, ...loose]) {
      // A certificate that *is* the anchor (same key and name) is not part of the path.
      if (anchor.certificate && bytesEqual(anchor.certificate.der, head.der) && chain.length > 1) continue;
      yielded++;
      yield { anchor, certificates: [...chain].reverse() };
      if (yielded >= limits.maxPaths) return;
    }
    if (chain.length + 1 >= limits.maxLength) return;
    const candidates = (bySubject.get(head.issuer.key) ?? [])
      .filter((c) => !chain.some((x) => bytesEqual(x.der, c.der)))
      .filter((c) => !anchors.some((a) => a.certificate && bytesEqual(a.certificate.der, c.der)))
      .sort(
        (a, b) =>
          issuerScore(head, b, time) - issuerScore(head, a, time) ||
          b.notBefore.getTime() - a.notBefore.getTime(),
      );
    for (const c of candidates) {
      chain.push(c);
      yield* extend();
      chain.pop();
      if (yielded >= limits.maxPaths) return;
    }
  }
  yield* extend();
}
