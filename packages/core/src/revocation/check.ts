import { parseDer, tlvBytes } from '../asn1/der';
import { concat, tlv } from '../asn1/write';
import { type HashName, UnsupportedAlgorithm, resolveSignatureAlgorithm } from '../crypto/algorithms';
import type { CryptoEngine, VerifyOutcome } from '../crypto/engine';
import { MutuaError } from '../errors';
import { OID } from '../oids';
import type { Certificate } from '../x509/certificate';
import {
  type DistributionPoint,
  type DistributionPointName,
  REASON_NAMES,
  type ReasonName,
} from '../x509/extensions';
import { type GeneralName, generalNameToString } from '../x509/general-name';
import { type Name, nameEquals, parseName } from '../x509/name';
import type { AlgorithmIdentifier, PublicKeyInfo } from '../x509/public-key';
import { type CertificateList, type RevokedCertificate, normalizeSerialHex } from './crl';
import type { BasicOcspResponse, OcspResponse, OcspSingleResponse } from './ocsp';
import type { RevocationContext, RevocationSource, RevocationStatus } from './types';
import { bytesEqual, toHex as hex } from '../util/bytes';

// ---------------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------------

/** The eight reasons of ReasonFlags (bit 0, `unused`, is not a reason). */
const ALL_REASONS: readonly ReasonName[] = REASON_NAMES.filter((r) => r !== 'unused');

type UnknownProblem = 'no-info' | 'stale' | 'unknown-ocsp';

/** What one kind of source (CRLs, or OCSP) concluded. */
type Outcome =
  | {
      readonly kind: 'revoked';
      readonly date: Date;
      readonly reason?: string;
      readonly sources: RevocationSource[];
    }
  | { readonly kind: 'good'; readonly sources: RevocationSource[] }
  | { readonly kind: 'unknown'; readonly problem: UnknownProblem; readonly sources: RevocationSource[] };

/**
 * How a piece of revocation data relates to the validation time:
 * `current` (usable for any answer), `stale` (too old for the policy) or `future` (issued after the
 * validation time). Stale and future data can still prove a revocation that happened before the time.
 */
type Timeliness =
  | { readonly kind: 'current'; readonly note?: string }
  | { readonly kind: 'stale' | 'future'; readonly why: string };

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

/**
 * Freshness of data with `thisUpdate`/`nextUpdate` at `time` under the policy (RFC 5280 §6.3.3 (a)):
 * stale once its nextUpdate has passed, and, when the policy sets `maxAgeSeconds`, also once thisUpdate is
 * older than that. Whether stale data is acceptable is the caller's decision (the `revocation.freshness`
 * check level); this function never relaxes it, so that `good` is only ever said on fresh data.
 */
/** How old revocation data without nextUpdate may be when the policy sets no maxAgeSeconds (one day). */
const MISSING_NEXT_UPDATE_MAX_AGE = 86_400;

function timeliness(thisUpdate: Date, nextUpdate: Date | undefined, ctx: RevocationContext): Timeliness {
  const { time, policy } = ctx;
  const rev = policy.revocation;
  if (thisUpdate.getTime() > time.getTime()) {
    // Past validation: data issued after the (proven) time says the certificate was not revoked then, as
    // long as it was issued before the certificate expired — after that, an issuer may drop the
    // certificate from its CRLs and its OCSP responder may forget it.
    if (ctx.pastValidation && thisUpdate.getTime() <= ctx.certificate.notAfter.getTime()) {
      return {
        kind: 'current',
        note: `issued (thisUpdate ${iso(thisUpdate)}) after the validation time ${iso(time)} and before the certificate expired: it proves the status at that time`,
      };
    }
    return {
      kind: 'future',
      why: ctx.pastValidation
        ? `was issued (thisUpdate ${iso(thisUpdate)}) after the certificate expired (${iso(ctx.certificate.notAfter)}): expired certificates may be dropped from revocation data`
        : `was issued (thisUpdate ${iso(thisUpdate)}) after the validation time ${iso(time)}`,
    };
  }
  if (!nextUpdate && !rev.acceptMissingNextUpdate) {
    return { kind: 'stale', why: 'has no nextUpdate and the policy does not accept that' };
  }
  if (!nextUpdate) {
    // No nextUpdate: "newer information is always available" (RFC 6960 §4.2.2.1). Without a bound such a
    // response, once obtained, could be replayed for ever: it is current only for maxAgeSeconds, or a day.
    const limit = rev.maxAgeSeconds ?? MISSING_NEXT_UPDATE_MAX_AGE;
    const age = (time.getTime() - thisUpdate.getTime()) / 1000;
    if (age > limit) {
      return {
        kind: 'stale',
        why: `has no nextUpdate and is ${Math.round(age)} s old at the validation time (at most ${limit} s accepted)`,
      };
    }
  }
  if (nextUpdate && nextUpdate.getTime() < time.getTime()) {
    return {
      kind: 'stale',
      why: `expired: nextUpdate ${iso(nextUpdate)} is before the validation time ${iso(time)}`,
    };
  }
  if (rev.maxAgeSeconds !== undefined) {
    const age = (time.getTime() - thisUpdate.getTime()) / 1000;
    if (age > rev.maxAgeSeconds) {
      return {
        kind: 'stale',
        why: `is ${Math.round(age)} s old at the validation time; the policy allows ${rev.maxAgeSeconds} s`,
      };
    }
  }
  return { kind: 'current' };
}

/**
 * When to validate the signer of revocation data: at the validation time, except in a past validation for
 * data issued after it — its signer must have been valid when it signed, not at the earlier time.
 */
function signerTime(ctx: RevocationContext, issued: Date): Date | undefined {
  return ctx.pastValidation && issued.getTime() > ctx.time.getTime() ? issued : undefined;
}

/**
 * Per-engine cache of signature verifications: the same CRL is checked for every certificate it covers.
 * Weak at every level: a CRL a caller keeps across many validations must not keep alive the key of every
 * issuer certificate parsed for them (nor the CMS buffer that key is a view of).
 */
const verifyCache = new WeakMap<
  CryptoEngine,
  WeakMap<object, WeakMap<PublicKeyInfo, Promise<VerifyOutcome>>>
>();

/** Verifies `signature` over `data` by `key`, memoised per (engine, signed object, key). */
function verifySigned(
  crypto: CryptoEngine,
  signed: object,
  alg: AlgorithmIdentifier,
  data: Uint8Array,
  signature: Uint8Array,
  key: PublicKeyInfo,
): Promise<VerifyOutcome> {
  let byObject = verifyCache.get(crypto);
  if (!byObject) {
    byObject = new WeakMap();
    verifyCache.set(crypto, byObject);
  }
  let byKey = byObject.get(signed);
  if (!byKey) {
    byKey = new WeakMap();
    byObject.set(signed, byKey);
  }
  let p = byKey.get(key);
  if (!p) {
    const scheme = resolveSignatureAlgorithm(alg);
    p =
      scheme instanceof UnsupportedAlgorithm
        ? Promise.resolve<VerifyOutcome>({ status: 'unsupported', reason: scheme.reason })
        : crypto.verify({ scheme, publicKey: key, data, signature }).catch(
            (e: unknown): VerifyOutcome => ({
              status: 'unsupported',
              reason: `verification failed: ${(e as Error).message}`,
            }),
          );
    byKey.set(key, p);
  }
  return p;
}

function verifyOutcomeText(o: VerifyOutcome): string {
  return o.status === 'valid' ? 'valid' : `${o.status} (${o.reason})`;
}

/** A comparable key for a GeneralName (RFC 5280 §7 comparison for directory names). */
function generalNameKey(g: GeneralName): string {
  switch (g.type) {
    case 'directoryName':
      return `dn:${g.value.key}`;
    case 'dNSName':
    case 'rfc822Name':
      return `${g.type}:${g.value.toLowerCase()}`;
    case 'uniformResourceIdentifier':
      return `uri:${g.value}`;
    case 'iPAddress':
      return `ip:${hex(g.value)}`;
    case 'registeredID':
      return `rid:${g.value}`;
    case 'otherName':
      return `other:${g.typeId}:${hex(tlvBytes(g.value))}`;
    case 'x400Address':
    case 'ediPartyName':
      return `${g.type}:${hex(g.der)}`;
  }
}

function directoryNames(names: readonly GeneralName[] | undefined): Name[] {
  const out: Name[] = [];
  for (const g of names ?? []) if (g.type === 'directoryName') out.push(g.value);
  return out;
}

function nameIn(name: Name, names: readonly Name[]): boolean {
  return names.some((n) => nameEquals(n, name));
}

/**
 * Expands nameRelativeToCRLIssuer: the RDN appended to `base` (RFC 5280 §4.2.1.13), as a directoryName.
 * `rdn` is the `[1] IMPLICIT RelativeDistinguishedName`, so its content octets are the SET's content.
 */
function appendRdn(
  base: Name,
  rdn: DistributionPointName & { type: 'nameRelativeToCRLIssuer' },
): GeneralName {
  const baseRoot = parseDer(base.der);
  const baseContent = base.der.subarray(baseRoot.valueStart - baseRoot.start);
  const set = tlv(0x31, rdn.rdn.buf.subarray(rdn.rdn.valueStart, rdn.rdn.valueEnd));
  const der = tlv(0x30, concat([baseContent, set]));
  return { type: 'directoryName', value: parseName(parseDer(der), 'distribution point name') };
}

/** The full names of a DistributionPointName; relative names are resolved against each of `bases`. */
function fullNames(dpn: DistributionPointName, bases: readonly Name[]): GeneralName[] {
  if (dpn.type === 'fullName') return [...dpn.names];
  return bases.map((b) => appendRdn(b, dpn));
}

function anyNameMatches(a: readonly GeneralName[], b: readonly GeneralName[]): boolean {
  const keys = new Set(a.map(generalNameKey));
  return b.some((g) => keys.has(generalNameKey(g)));
}

/** Whether the certificate is a CA certificate (basicConstraints cA TRUE). */
function isCa(cert: Certificate): boolean {
  return cert.ext.basicConstraints?.cA === true;
}

function describeCrl(crl: CertificateList): string {
  const kind = crl.deltaCRLIndicator !== undefined ? 'delta CRL' : 'CRL';
  const num = crl.crlNumber !== undefined ? ` #${crl.crlNumber}` : '';
  return `${kind}${num} of ${crl.issuer.text} (thisUpdate ${iso(crl.thisUpdate)})`;
}

function crlSource(crl: CertificateList): RevocationSource {
  return {
    type: crl.deltaCRLIndicator !== undefined ? 'delta-crl' : 'crl',
    issuer: crl.issuer.text,
    thisUpdate: crl.thisUpdate,
    ...(crl.nextUpdate ? { nextUpdate: crl.nextUpdate } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------
// CRL signer (RFC 5280 §6.3.3 (f), (g))
// ---------------------------------------------------------------------------------------------------

type SignerResult = { readonly ok: true; readonly by: string } | { readonly ok: false; readonly why: string };

/**
 * Finds a key that verifies the CRL and is authorised to sign it: the certificate's issuer itself, or a
 * certificate from the pool with the CRL issuer's name whose path `validateSignerPath` accepts (separate
 * CRL signing keys, key rollover, indirect CRL issuers). A signer certificate with a keyUsage extension
 * must assert cRLSign.
 */
async function findCrlSigner(ctx: RevocationContext, crl: CertificateList): Promise<SignerResult> {
  const reasons: string[] = [];
  const aki = crl.authorityKeyIdentifier?.keyIdentifier;
  const akiMismatch = (c: Certificate | undefined) => {
    const ski = c?.ext.subjectKeyIdentifier;
    return aki !== undefined && ski !== undefined && !bytesEqual(aki, ski);
  };
  const verify = (key: PublicKeyInfo) =>
    verifySigned(ctx.crypto, crl, crl.signatureAlgorithm, crl.tbsDer, crl.signatureValue, key);

  const issuerCert = ctx.issuer.certificate;
  if (nameEquals(crl.issuer, ctx.issuer.name)) {
    if (akiMismatch(issuerCert)) {
      reasons.push("the CRL's authorityKeyIdentifier is not the issuer's key");
    } else if (issuerCert?.ext.keyUsage && !issuerCert.ext.keyUsage.cRLSign) {
      reasons.push('the issuer certificate has a keyUsage without cRLSign');
    } else {
      const o = await verify(ctx.issuer.publicKey);
      if (o.status === 'valid') return { ok: true, by: "the certificate issuer's key" };
      reasons.push(`signature with the issuer's key: ${verifyOutcomeText(o)}`);
    }
  }
  for (const cand of ctx.certificatePool) {
    if (!nameEquals(cand.subject, crl.issuer)) continue;
    if (issuerCert && (cand === issuerCert || bytesEqual(cand.der, issuerCert.der))) continue;
    const who = `certificate ${cand.subject.text} (serial ${cand.serialHex})`;
    if (akiMismatch(cand)) continue; // a different key of the same name: not a candidate, no note needed
    if (cand.ext.keyUsage && !cand.ext.keyUsage.cRLSign) {
      reasons.push(`${who} has a keyUsage without cRLSign`);
      continue;
    }
    if (cand.publicKey.dsaParametersInherited) {
      reasons.push(`${who} has a DSA key with inherited parameters, which is not supported for CRL signers`);
      continue;
    }
    const o = await verify(cand.publicKey);
    if (o.status !== 'valid') {
      reasons.push(`signature with ${who}: ${verifyOutcomeText(o)}`);
      continue;
    }
    // An indirect-CRL issuer checked against its own CRL (PKITS 4.14.30): its path is the one the caller
    // is validating right now, so asking for it again would only recurse.
    if (bytesEqual(cand.der, ctx.certificate.der)) {
      return { ok: true, by: `${who}, the certificate being checked (its path is the one under validation)` };
    }
    const path = await ctx.validateSignerPath(cand, 'crl', undefined, signerTime(ctx, crl.thisUpdate));
    if (path.ok) return { ok: true, by: who };
    reasons.push(`${who} verifies the CRL but its path is not valid${path.reason ? `: ${path.reason}` : ''}`);
  }
  if (reasons.length === 0)
    reasons.push(`no key of ${crl.issuer.text} is known (neither the issuer nor a certificate in the pool)`);
  return { ok: false, why: reasons.join('; ') };
}

/** Structural reasons a CRL cannot be used at all, or undefined. */
function crlUnusable(crl: CertificateList): string | undefined {
  if (crl.hasUnknownCriticalExtension) return 'it has an unknown critical CRL extension (RFC 5280 §5.2)';
  if (crl.hasUnknownCriticalEntryExtension)
    return 'it has an unknown critical CRL entry extension (RFC 5280 §5.3)';
  if (crl.signatureAlgorithmMismatch)
    return 'its inner and outer signature algorithms differ (RFC 5280 §5.1.1.2)';
  if (crl.issuingDistributionPoint?.onlyContainsAttributeCerts)
    return 'it only covers attribute certificates';
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// CRL scope (RFC 5280 §6.3.3 (b), (c), (d))
// ---------------------------------------------------------------------------------------------------

/** One distribution point to satisfy; `undefined` dp means the certificate has no CRLDP extension. */
interface DpWork {
  readonly dp?: DistributionPoint;
  readonly label: string;
}

/** Checks (b): the complete CRL's issuer and IDP against the certificate and distribution point. */
function scopeProblem(
  cert: Certificate,
  dp: DistributionPoint | undefined,
  crl: CertificateList,
): string | undefined {
  try {
    return scopeProblemOrThrow(cert, dp, crl);
  } catch (e) {
    // A malformed nameRelativeToCRLIssuer cannot be matched: the CRL is out of scope, not an error.
    if (e instanceof MutuaError) return `its distribution point names cannot be compared: ${e.message}`;
    throw e;
  }
}

function scopeProblemOrThrow(
  cert: Certificate,
  dp: DistributionPoint | undefined,
  crl: CertificateList,
): string | undefined {
  const crlIssuers = directoryNames(dp?.cRLIssuer);
  const idp = crl.issuingDistributionPoint;
  if (dp?.cRLIssuer && !(nameEquals(crl.issuer, cert.issuer) && nameIn(cert.issuer, crlIssuers))) {
    if (!nameIn(crl.issuer, crlIssuers)) return `its issuer is not the distribution point's cRLIssuer`;
    if (!idp?.indirectCRL)
      return 'the distribution point names a cRLIssuer but the CRL is not marked indirect';
  } else if (!dp?.cRLIssuer && !nameEquals(crl.issuer, cert.issuer)) {
    return "its issuer is not the certificate's issuer";
  }
  if (!idp) return undefined;
  if (idp.distributionPoint) {
    const idpNames = fullNames(idp.distributionPoint, [crl.issuer]);
    let dpNames: GeneralName[];
    if (dp?.distributionPoint) {
      dpNames = fullNames(dp.distributionPoint, crlIssuers.length > 0 ? crlIssuers : [cert.issuer]);
    } else if (dp?.cRLIssuer) {
      dpNames = [...dp.cRLIssuer];
    } else {
      // No CRLDP: the implied distribution point is the certificate issuer itself.
      dpNames = [{ type: 'directoryName', value: cert.issuer }];
    }
    if (!anyNameMatches(idpNames, dpNames)) {
      return `its issuingDistributionPoint (${idpNames.map(generalNameToString).join(', ')}) does not match the distribution point`;
    }
  }
  if (idp.onlyContainsUserCerts && isCa(cert))
    return 'it only covers end-entity certificates and this is a CA certificate';
  if (idp.onlyContainsCACerts && !isCa(cert)) return 'it only covers CA certificates and this is not one';
  if (idp.onlyContainsAttributeCerts) return 'it only covers attribute certificates';
  return undefined;
}

/** Whether the CRL's issuer is one that could cover the certificate for this distribution point. */
function issuerRelevant(cert: Certificate, dp: DistributionPoint | undefined, crl: CertificateList): boolean {
  return nameEquals(crl.issuer, cert.issuer) || nameIn(crl.issuer, directoryNames(dp?.cRLIssuer));
}

/** The expected CRL issuer(s), for the "nothing available" note. */
function crlIssuerText(cert: Certificate, work: readonly DpWork[]): string {
  const names = new Set<string>([cert.issuer.text]);
  for (const w of work) for (const n of directoryNames(w.dp?.cRLIssuer)) names.add(n.text);
  return [...names].join(' or ');
}

/** (d): the reasons this CRL covers for this distribution point. */
function interimReasons(dp: DistributionPoint | undefined, crl: CertificateList): Set<ReasonName> {
  const idpReasons = crl.issuingDistributionPoint?.onlySomeReasons;
  const dpReasons = dp?.reasons;
  let out: readonly ReasonName[] = ALL_REASONS;
  if (idpReasons && dpReasons) out = idpReasons.filter((r) => dpReasons.includes(r));
  else if (idpReasons) out = idpReasons;
  else if (dpReasons) out = dpReasons;
  return new Set(out.filter((r) => r !== 'unused'));
}

/** (c): whether `delta` can update `complete` (same issuer and scope, base number covered). */
function deltaProblem(complete: CertificateList, delta: CertificateList): string | undefined {
  if (!nameEquals(delta.issuer, complete.issuer)) return 'different issuer';
  const a = complete.issuingDistributionPoint?.der;
  const b = delta.issuingDistributionPoint?.der;
  if ((a === undefined) !== (b === undefined) || (a && b && !bytesEqual(a, b)))
    return 'different issuingDistributionPoint';
  const ka = complete.authorityKeyIdentifier?.keyIdentifier;
  const kb = delta.authorityKeyIdentifier?.keyIdentifier;
  if (ka && kb && !bytesEqual(ka, kb)) return 'different authorityKeyIdentifier';
  if (complete.crlNumber === undefined) return 'the complete CRL has no cRLNumber';
  if (delta.deltaCRLIndicator! > complete.crlNumber) {
    return `its base CRL #${delta.deltaCRLIndicator} is newer than the complete CRL #${complete.crlNumber}`;
  }
  if (delta.crlNumber !== undefined && delta.crlNumber <= complete.crlNumber)
    return 'it is not newer than the complete CRL';
  return undefined;
}

/** The entry for `cert` in `crl`, taking indirect-CRL certificate issuers into account. */
function findEntry(cert: Certificate, crl: CertificateList): RevokedCertificate | undefined {
  for (const e of crl.findRevoked(cert.serialHex)) {
    const issuers = e.certificateIssuer ? directoryNames(e.certificateIssuer) : [crl.issuer];
    if (nameIn(cert.issuer, issuers)) return e;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// CRL processing (RFC 5280 §6.3.3)
// ---------------------------------------------------------------------------------------------------

/** A complete CRL that passed scope and signature checks, possibly with a delta on top. */
interface UsableCrl {
  readonly complete: CertificateList;
  readonly delta?: CertificateList;
  readonly timeliness: Timeliness;
  /** Who signed the complete CRL, for the notes. */
  readonly signedBy: string;
}

class CrlChecker {
  private readonly signers = new Map<CertificateList, Promise<SignerResult>>();
  private readonly noted = new Set<string>();
  staleSeen = false;
  /**
   * A delta CRL refers to a base CRL newer than every complete CRL we hold: the complete CRL the
   * evidence needs is missing. That is missing data (no-info), not merely old data (stale).
   */
  newerBaseMissing = false;

  constructor(
    private readonly ctx: RevocationContext,
    private readonly notes: string[],
  ) {}

  private note(s: string): void {
    if (!this.noted.has(s)) {
      this.noted.add(s);
      this.notes.push(s);
    }
  }

  private signer(crl: CertificateList): Promise<SignerResult> {
    let p = this.signers.get(crl);
    if (!p) {
      p = findCrlSigner(this.ctx, crl);
      this.signers.set(crl, p);
    }
    return p;
  }

  /** The newest usable delta CRL for `complete`, noting why others were not used. */
  private async bestDelta(complete: CertificateList): Promise<CertificateList | undefined> {
    const { ctx } = this;
    const deltas = ctx.crls
      .filter((d) => d.deltaCRLIndicator !== undefined && nameEquals(d.issuer, complete.issuer))
      .sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime());
    for (const d of deltas) {
      const problem = deltaProblem(complete, d) ?? crlUnusable(d);
      if (
        problem &&
        complete.crlNumber !== undefined &&
        d.deltaCRLIndicator! > complete.crlNumber &&
        !crlUnusable(d)
      ) {
        this.newerBaseMissing = true;
      }
      if (problem) {
        this.note(`${describeCrl(d)} not applied to ${describeCrl(complete)}: ${problem}`);
        continue;
      }
      const t = timeliness(d.thisUpdate, d.nextUpdate, ctx);
      if (t.kind !== 'current') {
        this.note(`${describeCrl(d)} not applied: it ${t.why}`);
        continue;
      }
      const s = await this.signer(d);
      if (!s.ok) {
        this.note(`${describeCrl(d)} not applied: signature not acceptable: ${s.why}`);
        continue;
      }
      return d;
    }
    return undefined;
  }

  /**
   * Runs (a)–(h) for one complete CRL: scope, freshness (a current delta can refresh a stale complete
   * CRL, §6.3.3 (a)(1)(i)), signature. Returns undefined (with a note) when the CRL cannot be used.
   */
  private async usable(work: DpWork, crl: CertificateList): Promise<UsableCrl | undefined> {
    const { ctx } = this;
    const scope = scopeProblem(ctx.certificate, work.dp, crl);
    if (scope) {
      this.note(`${describeCrl(crl)} not used for ${work.label}: ${scope}`);
      return undefined;
    }
    const structural = crlUnusable(crl);
    if (structural) {
      this.note(`${describeCrl(crl)} not used: ${structural}`);
      return undefined;
    }
    const s = await this.signer(crl);
    if (!s.ok) {
      this.note(`${describeCrl(crl)} not used: its signature is not acceptable: ${s.why}`);
      return undefined;
    }
    let t = timeliness(crl.thisUpdate, crl.nextUpdate, ctx);
    const delta = t.kind === 'future' ? undefined : await this.bestDelta(crl);
    if (t.kind === 'stale' && delta) {
      t = {
        kind: 'current',
        note: `it ${t.why}, but delta CRL #${delta.crlNumber ?? '?'} brings it up to date`,
      };
    }
    return { complete: crl, ...(delta ? { delta } : {}), timeliness: t, signedBy: s.by };
  }

  /**
   * (i)–(k): the certificate's status per a complete CRL and its delta. `removeFromCRL` in the delta
   * un-revokes; an entry dated after the validation time does not count yet.
   */
  private lookup(u: UsableCrl): { entry: RevokedCertificate; from: CertificateList } | undefined {
    const { certificate: cert, time } = this.ctx;
    const consider = (crl: CertificateList): RevokedCertificate | 'removed' | undefined => {
      const e = findEntry(cert, crl);
      if (!e) return undefined;
      if (e.reasonCode === 'removeFromCRL') return 'removed';
      if (e.revocationDate.getTime() > time.getTime()) {
        this.note(
          `${describeCrl(crl)} lists the certificate as revoked from ${iso(e.revocationDate)}, after the validation time`,
        );
        return undefined;
      }
      return e;
    };
    if (u.delta) {
      const d = consider(u.delta);
      if (d === 'removed') {
        this.note(`${describeCrl(u.delta)} removes the certificate from the CRL (removeFromCRL)`);
        return undefined;
      }
      if (d) return { entry: d, from: u.delta };
    }
    const c = consider(u.complete);
    return c && c !== 'removed' ? { entry: c, from: u.complete } : undefined;
  }

  /** The whole §6.3.3 loop over distribution points and CRLs. */
  async run(): Promise<Outcome> {
    const { ctx } = this;
    const cert = ctx.certificate;
    const dps = cert.ext.cRLDistributionPoints;
    const work: DpWork[] = dps
      ? dps.map((dp, i) => ({ dp, label: `distribution point ${i + 1}${dpLabel(dp)}` }))
      : [{ label: "the certificate issuer's CRLs (no cRLDistributionPoints)" }];
    const completes = ctx.crls
      .filter((c) => c.deltaCRLIndicator === undefined)
      .sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime());
    if (completes.length === 0) {
      const deltas = ctx.crls.length;
      this.note(
        deltas > 0
          ? `only delta CRLs are available (${deltas}); a complete CRL is needed`
          : 'no CRL is available',
      );
      return { kind: 'unknown', problem: 'no-info', sources: [] };
    }
    const mask = new Set<ReasonName>();
    const sources: RevocationSource[] = [];
    let relevant = 0;
    for (const w of work) {
      for (const crl of completes) {
        if (mask.size === ALL_REASONS.length) break;
        // CRLs of unrelated issuers are common (a signature's whole revocation data set): skip them quietly.
        if (!issuerRelevant(cert, w.dp, crl)) continue;
        relevant++;
        const interim = interimReasons(w.dp, crl);
        if (![...interim].some((r) => !mask.has(r))) {
          if (scopeProblem(cert, w.dp, crl) === undefined) {
            this.note(`${describeCrl(crl)} skipped: it covers no reason not already covered`);
          }
          continue;
        }
        let u: UsableCrl | undefined;
        try {
          u = await this.usable(w, crl);
        } catch (e) {
          if (!(e instanceof MutuaError)) throw e;
          this.note(`${describeCrl(crl)} not used: ${e.message}`);
          continue;
        }
        if (!u) continue;
        let hit: ReturnType<CrlChecker['lookup']>;
        try {
          hit = this.lookup(u);
        } catch (e) {
          if (!(e instanceof MutuaError)) throw e;
          this.note(`${describeCrl(crl)} not used: an entry is malformed: ${e.message}`);
          continue;
        }
        const revoked = this.revokedOutcome(u, hit);
        if (revoked) return revoked;
        if (u.timeliness.kind !== 'current') {
          if (u.timeliness.kind === 'stale') this.staleSeen = true;
          this.note(
            `${describeCrl(crl)} not used to establish that the certificate is not revoked: it ${u.timeliness.why}`,
          );
          continue;
        }
        if (u.timeliness.note) this.note(`${describeCrl(crl)}: ${u.timeliness.note}`);
        for (const r of interim) mask.add(r);
        sources.push(crlSource(crl));
        if (u.delta) sources.push(crlSource(u.delta));
        const covered =
          interim.size === ALL_REASONS.length ? 'all reasons' : `reasons ${[...interim].join(', ')}`;
        this.note(
          `${describeCrl(crl)}${u.delta ? ` with ${describeCrl(u.delta)}` : ''}, signed by ${u.signedBy}: certificate not listed (covers ${covered}) for ${w.label}`,
        );
      }
    }
    if (relevant === 0) {
      this.note(
        `no CRL issued by ${crlIssuerText(cert, work)} is available (${completes.length} CRL(s) of other issuers ignored)`,
      );
    }
    if (mask.size === ALL_REASONS.length) return { kind: 'good', sources };
    if (mask.size > 0) {
      const missing = ALL_REASONS.filter((r) => !mask.has(r));
      this.note(`the usable CRLs do not cover every revocation reason (missing: ${missing.join(', ')})`);
    }
    return {
      kind: 'unknown',
      problem: this.staleSeen && !this.newerBaseMissing ? 'stale' : 'no-info',
      sources,
    };
  }

  /** Turns a lookup hit into a revoked outcome, applying the rules for stale and future data. */
  private revokedOutcome(u: UsableCrl, hit: ReturnType<CrlChecker['lookup']>): Outcome | undefined {
    if (!hit) return undefined;
    const { entry, from } = hit;
    const reason = entry.reasonCode;
    const label = `${describeCrl(from)}: certificate revoked on ${iso(entry.revocationDate)}${reason ? ` (${reason})` : ''}`;
    // A hold listed in stale data may have been released since: only permanent revocations count there.
    if (u.timeliness.kind === 'stale' && reason === 'certificateHold') {
      this.note(`${label}, but the CRL ${u.timeliness.why} and a hold may have been released`);
      return undefined;
    }
    const extra =
      u.timeliness.kind === 'current'
        ? ''
        : ` (the CRL ${u.timeliness.why}; a revocation before the validation time is final)`;
    this.note(`${label}${extra}`);
    const sources = [crlSource(u.complete), ...(u.delta ? [crlSource(u.delta)] : [])];
    return { kind: 'revoked', date: entry.revocationDate, ...(reason ? { reason } : {}), sources };
  }
}

function dpLabel(dp: DistributionPoint): string {
  const names: string[] = [];
  if (dp.distributionPoint?.type === 'fullName')
    names.push(...dp.distributionPoint.names.map(generalNameToString));
  else if (dp.distributionPoint) names.push('(name relative to the CRL issuer)');
  if (dp.cRLIssuer) names.push(`cRLIssuer ${dp.cRLIssuer.map(generalNameToString).join(', ')}`);
  return names.length > 0 ? ` [${names.join('; ')}]` : '';
}

// ---------------------------------------------------------------------------------------------------
// OCSP (RFC 6960)
// ---------------------------------------------------------------------------------------------------

/** OCSP extensions that may be critical without making a response unusable. */
const KNOWN_OCSP_EXTENSIONS: ReadonlySet<string> = new Set([
  OID.ocspNonce,
  '1.3.6.1.5.5.7.48.1.3', // id-pkix-ocsp-crl (CRL references)
  '1.3.6.1.5.5.7.48.1.6', // id-pkix-ocsp-archive-cutoff
  '1.3.6.1.5.5.7.48.1.9', // id-pkix-ocsp-extended-revoke (RFC 6960 §4.4.8)
]);

function responderText(b: BasicOcspResponse): string {
  return b.responderId.type === 'byName'
    ? b.responderId.name.text
    : `responder with key hash ${hex(b.responderId.keyHash)}`;
}

class OcspChecker {
  private readonly digests = new Map<string, Promise<Uint8Array>>();

  constructor(
    private readonly ctx: RevocationContext,
    private readonly notes: string[],
  ) {}

  private digest(hash: HashName, what: 'name' | 'altname' | 'key', data: Uint8Array): Promise<Uint8Array> {
    const k = `${hash}:${what}`;
    let p = this.digests.get(k);
    if (!p) {
      p = this.ctx.crypto.digest(hash, data);
      this.digests.set(k, p);
    }
    return p;
  }

  /** Whether a SingleResponse's CertID designates the certificate being checked. */
  private async matches(s: OcspSingleResponse): Promise<boolean> {
    const { certificate: cert, issuer } = this.ctx;
    if (normalizeSerialHex(s.certId.serialHex) !== normalizeSerialHex(cert.serialHex)) return false;
    const hash = s.certId.hash;
    if (!hash) return false;
    try {
      const key = await this.digest(hash, 'key', issuer.publicKey.publicKey);
      if (!bytesEqual(key, s.certId.issuerKeyHash)) return false;
      const name = await this.digest(hash, 'name', cert.issuer.der);
      if (bytesEqual(name, s.certId.issuerNameHash)) return true;
      // The issuer's subject may be encoded differently from the certificate's issuer field.
      return bytesEqual(await this.digest(hash, 'altname', issuer.name.der), s.certId.issuerNameHash);
    } catch {
      return false; // hash not available in this runtime
    }
  }

  /** Whether the responder ID designates a certificate (by subject name, or SHA-1 of its key). */
  private async responderIs(b: BasicOcspResponse, name: Name, key: PublicKeyInfo): Promise<boolean> {
    const id = b.responderId;
    if (id.type === 'byName') return nameEquals(id.name, name);
    try {
      return bytesEqual(await this.ctx.crypto.digest('SHA-1', key.publicKey), id.keyHash);
    } catch {
      return false;
    }
  }

  /**
   * RFC 6960 §4.2.2.2: the response must be signed by the CA that issued the certificate, or by a
   * delegated responder whose certificate that CA issued directly and which carries id-kp-OCSPSigning.
   */
  private async authorised(b: BasicOcspResponse): Promise<SignerResult> {
    const { ctx } = this;
    const verify = (key: PublicKeyInfo) =>
      verifySigned(ctx.crypto, b, b.signatureAlgorithm, b.tbsResponseData, b.signature, key);
    const reasons: string[] = [];
    if (await this.responderIs(b, ctx.issuer.name, ctx.issuer.publicKey)) {
      const o = await verify(ctx.issuer.publicKey);
      if (o.status === 'valid') return { ok: true, by: 'the certificate issuer' };
      reasons.push(`signature with the issuer's key: ${verifyOutcomeText(o)}`);
    }
    const seen = new Set<Certificate>();
    for (const cand of [...b.certs, ...ctx.certificatePool]) {
      if (seen.has(cand) || !(await this.responderIs(b, cand.subject, cand.publicKey))) continue;
      seen.add(cand);
      const who = `responder certificate ${cand.subject.text} (serial ${cand.serialHex})`;
      if (!nameEquals(cand.issuer, ctx.issuer.name)) {
        reasons.push(`${who} is not issued by the certificate's issuer`);
        continue;
      }
      if (!cand.ext.extKeyUsage?.includes(OID.kpOCSPSigning)) {
        reasons.push(`${who} lacks the id-kp-OCSPSigning extended key usage`);
        continue;
      }
      const issued = await verifySigned(
        ctx.crypto,
        cand,
        cand.signatureAlgorithm,
        cand.tbsDer,
        cand.signatureValue,
        ctx.issuer.publicKey,
      );
      if (issued.status !== 'valid') {
        reasons.push(`${who} is not signed by the certificate's issuer: ${verifyOutcomeText(issued)}`);
        continue;
      }
      const o = await verify(cand.publicKey);
      if (o.status !== 'valid') {
        reasons.push(`signature with ${who}: ${verifyOutcomeText(o)}`);
        continue;
      }
      const path = await ctx.validateSignerPath(cand, 'ocsp', undefined, signerTime(ctx, b.producedAt));
      if (path.ok) return { ok: true, by: `delegated ${who}` };
      reasons.push(`${who} is not valid${path.reason ? `: ${path.reason}` : ''}`);
    }
    if (reasons.length === 0)
      reasons.push(
        'the responder is neither the issuer nor a certificate included in the response or the pool',
      );
    return { ok: false, why: reasons.join('; ') };
  }

  /** Evaluates one response; returns undefined when it says nothing usable about the certificate. */
  private async one(resp: OcspResponse, staleSeen: { v: boolean }): Promise<Outcome | undefined> {
    const { ctx } = this;
    const b = resp.basic;
    if (resp.responseStatus !== 'successful' || !b) {
      this.notes.push(`OCSP response with status ${resp.responseStatus} carries no certificate status`);
      return undefined;
    }
    const label = `OCSP response from ${responderText(b)} (producedAt ${iso(b.producedAt)})`;
    let single: OcspSingleResponse | undefined;
    for (const s of b.responses) if (await this.matches(s)) single = single ?? s;
    if (!single) {
      this.notes.push(`${label} not used: it is not about this certificate`);
      return undefined;
    }
    const critical = [...b.extensions, ...single.extensions].find(
      (e) => e.critical && !KNOWN_OCSP_EXTENSIONS.has(e.oid),
    );
    if (critical) {
      this.notes.push(`${label} not used: unknown critical extension ${critical.oid}`);
      return undefined;
    }
    const auth = await this.authorised(b);
    if (!auth.ok) {
      this.notes.push(`${label} not used: responder not authorised or signature invalid: ${auth.why}`);
      return undefined;
    }
    const source: RevocationSource = {
      type: 'ocsp',
      issuer: responderText(b),
      thisUpdate: single.thisUpdate,
      ...(single.nextUpdate ? { nextUpdate: single.nextUpdate } : {}),
    };
    const t = timeliness(single.thisUpdate, single.nextUpdate, ctx);
    const st = single.certStatus;
    if (st.status === 'revoked' && st.revocationTime.getTime() <= ctx.time.getTime()) {
      if (t.kind === 'stale' && st.reason === 'certificateHold') {
        this.notes.push(`${label}: on hold since ${iso(st.revocationTime)}, but the response ${t.why}`);
        staleSeen.v = true;
        return undefined;
      }
      this.notes.push(
        `${label} (signed by ${auth.by}): certificate revoked on ${iso(st.revocationTime)}${st.reason ? ` (${st.reason})` : ''}`,
      );
      return {
        kind: 'revoked',
        date: st.revocationTime,
        ...(st.reason ? { reason: st.reason } : {}),
        sources: [source],
      };
    }
    if (t.kind !== 'current') {
      if (t.kind === 'stale') staleSeen.v = true;
      this.notes.push(`${label} not used: it ${t.why}`);
      return undefined;
    }
    if (t.note) this.notes.push(`${label}: ${t.note}`);
    if (st.status === 'unknown') {
      this.notes.push(`${label}: the responder does not know the certificate (status unknown)`);
      return { kind: 'unknown', problem: 'unknown-ocsp', sources: [source] };
    }
    const when =
      st.status === 'revoked'
        ? ` (revoked only on ${iso(st.revocationTime)}, after the validation time)`
        : '';
    this.notes.push(`${label} (signed by ${auth.by}): certificate good${when}`);
    return { kind: 'good', sources: [source] };
  }

  async run(): Promise<Outcome> {
    const { ctx } = this;
    if (ctx.ocspResponses.length === 0) return { kind: 'unknown', problem: 'no-info', sources: [] };
    const staleSeen = { v: false };
    let good: Outcome | undefined;
    let unknown: Outcome | undefined;
    for (const resp of ctx.ocspResponses) {
      const o = await this.one(resp, staleSeen);
      if (!o) continue;
      if (o.kind === 'revoked') return o;
      if (o.kind === 'good') good = good ?? o;
      else unknown = unknown ?? o;
    }
    return good ?? unknown ?? { kind: 'unknown', problem: staleSeen.v ? 'stale' : 'no-info', sources: [] };
  }
}

// ---------------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------------

/** The unknown problem to report when neither source is definitive: the preferred source's, unless it had none. */
function pickProblem(first: Outcome, second: Outcome): UnknownProblem {
  const p1 = first.kind === 'unknown' ? first.problem : 'no-info';
  const p2 = second.kind === 'unknown' ? second.problem : 'no-info';
  return p1 !== 'no-info' ? p1 : p2;
}

/**
 * Determines the revocation status of `ctx.certificate` at `ctx.time` from the CRLs and OCSP responses in
 * the context.
 *
 * CRLs follow RFC 5280 §6.3 in full: distribution points (or, without a cRLDistributionPoints extension,
 * the issuer's CRLs), issuingDistributionPoint scope, indirect CRLs and certificateIssuer entries, the
 * reasons mask (the answer is `good` only when every reason is covered), delta CRLs, and CRL signers other
 * than the issuer (validated through `ctx.validateSignerPath`, which must bound recursion). OCSP responses
 * follow RFC 6960: CertID matching, responder authorisation (§4.2.2.2), signature and freshness.
 *
 * `revoked` from any valid source wins; otherwise `good` from either source; otherwise `unknown` with the
 * class of problem. `notes` explains every CRL and OCSP response considered, for validation reports.
 * Data issued after `ctx.time` is only used to prove a revocation dated before `ctx.time`, and stale
 * data likewise (except certificateHold, which may have been released).
 *
 * @example
 * ```ts
 * import { STRICT_POLICY, checkRevocation, createWebCryptoEngine } from '@mutua/core';
 * const status = await checkRevocation({
 *   certificate: cert,
 *   issuer: { name: issuer.subject, publicKey: issuer.publicKey, certificate: issuer },
 *   time: new Date(),
 *   crls,
 *   ocspResponses: [],
 *   certificatePool: [],
 *   policy: STRICT_POLICY,
 *   crypto: createWebCryptoEngine(),
 *   validateSignerPath: async () => ({ ok: false }), // no CRL or OCSP signer other than the issuer
 * });
 * if (status.status === 'revoked') console.log(status.revocationDate, status.reason);
 * status.status; // 'good'
 * ```
 */
export async function checkRevocation(ctx: RevocationContext): Promise<RevocationStatus> {
  const crlNotes: string[] = [];
  const ocspNotes: string[] = [];
  const crl = await new CrlChecker(ctx, crlNotes).run();
  const ocsp = await new OcspChecker(ctx, ocspNotes).run();
  const preferOcsp = ctx.policy.revocation.prefer === 'ocsp';
  const [first, second] = preferOcsp ? [ocsp, crl] : [crl, ocsp];
  const notes = preferOcsp ? [...ocspNotes, ...crlNotes] : [...crlNotes, ...ocspNotes];
  if (notes.length === 0) notes.push('no CRL or OCSP response is available');

  const revoked = [first, second].find((o) => o.kind === 'revoked');
  if (revoked && revoked.kind === 'revoked') {
    return {
      status: 'revoked',
      revocationDate: revoked.date,
      ...(revoked.reason ? { reason: revoked.reason } : {}),
      sources: revoked.sources,
      notes,
    };
  }
  const good = [first, second].find((o) => o.kind === 'good');
  if (good) return { status: 'good', sources: good.sources, notes };
  const sources = [...first.sources, ...second.sources];
  return { status: 'unknown', problem: pickProblem(first, second), sources, notes };
}
