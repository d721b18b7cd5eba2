import {
  type Certificate,
  type CheckResult,
  type HashName,
  OID,
  SubIndication,
  parseCertificate,
} from '@mutua/core';
import { CMS_OID } from '../oids';
import type {
  AlgorithmConstraint,
  AlgorithmConstraintSet,
  CommitmentRule,
  PolicyRules,
  PolicyTrustPoint,
  SignaturePolicyDocument,
} from './signature-policy';
import type { PolicyRecord } from './store';

/** Where the time a policy's rules are judged at comes from. */
export type PolicySignatureTimeSource = 'timestamp' | 'signing-time' | 'validation-time';

/** The facts about one signature that {@link checkPolicyRules} judges against its signature policy. */
export interface PolicyRuleInput {
  /** The parsed policy document, when known (`record.document` is used when this is absent). */
  readonly policy: SignaturePolicyDocument | undefined;
  /** What the policy store knows of the policy: the approved-policy list's signing period and revocation date. */
  readonly record?: PolicyRecord;
  /** OIDs of the attributes present in the SignerInfo's signedAttrs. */
  readonly signedAttributeTypes: readonly string[];
  /** OIDs of the attributes present in the SignerInfo's unsignedAttrs. */
  readonly unsignedAttributeTypes: readonly string[];
  /** The commitment types of the commitment-type-indication attribute(s); none when absent. */
  readonly commitmentTypes?: readonly string[];
  /**
   * The time the rules are judged at: the best signature time (a signature time-stamp's genTime) or,
   * lacking one, the claimed signing-time, or else the validation time. Messages say which it was.
   */
  readonly signatureTime: { readonly time: Date; readonly source: PolicySignatureTimeSource };
  /** The signer's certificate path, signer first … the trust anchor's certificate last, when a path validated. */
  readonly signerPath?: readonly Certificate[];
  /** The signer's certificate, when known without a validated path (`signerPath[0]` otherwise). */
  readonly signerCertificate?: Certificate;
  /** The certificates of the SignedData `certificates` field. */
  readonly certificatesInSignature?: readonly Certificate[];
  /** How many ESSCertID(v2) entries the signing-certificate(-v2) attribute holds. */
  readonly signingCertificateRefs?: number;
  /**
   * The SignerInfo's signature algorithm and the signer's key size in bits. `hash` (the SignerInfo's
   * digest algorithm) turns a bare `rsaEncryption` / `id-ecPublicKey` into the combined OID a policy lists.
   */
  readonly signatureAlgorithm: {
    readonly oid: string;
    readonly keyBits: number | undefined;
    readonly hash?: HashName;
  };
  /** The validated paths of the signature time-stamps' TSA certificates (TSA first, trust anchor last). */
  readonly timestampTsaPaths?: readonly (readonly Certificate[])[];
}

/** The rules that apply to a signature: common rules merged with the selected commitment rule. */
interface Applied {
  readonly rules: PolicyRules;
  readonly check: CheckResult;
}

const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(CMS_OID).map(([name, oid]) => [oid, name]),
);

const CERT_REF = ['signerOnly', 'fullPath'] as const;
const CERT_INFO = ['none', 'signerOnly', 'fullPath'] as const;

const RULE_FIELDS = [
  'mandatedSignedAttributes',
  'mandatedUnsignedAttributes',
  'verifierMandatedUnsignedAttributes',
  'mandatedCertificateRef',
  'mandatedCertificateInfo',
  'signerTrustPoints',
  'timeStampTrustPoints',
  'algorithmConstraints',
] as const satisfies readonly (keyof PolicyRules)[];

/** A bare key algorithm plus the digest algorithm → the combined signature algorithm OID policies list. */
const COMBINED: Readonly<Record<string, Partial<Record<HashName, string>>>> = {
  [OID.rsaEncryption]: {
    'SHA-1': OID.sha1WithRSA,
    'SHA-224': OID.sha224WithRSA,
    'SHA-256': OID.sha256WithRSA,
    'SHA-384': OID.sha384WithRSA,
    'SHA-512': OID.sha512WithRSA,
  },
  [OID.ecPublicKey]: {
    'SHA-1': OID.ecdsaWithSHA1,
    'SHA-224': OID.ecdsaWithSHA224,
    'SHA-256': OID.ecdsaWithSHA256,
    'SHA-384': OID.ecdsaWithSHA384,
    'SHA-512': OID.ecdsaWithSHA512,
  },
};

function attrName(oid: string): string {
  const n = ATTRIBUTE_NAMES[oid];
  return n ? `${n} (${oid})` : oid;
}

function list(oids: readonly string[]): string {
  return oids.length === 0 ? 'none' : oids.map(attrName).join(', ');
}

function iso(d: Date): string {
  return Number.isNaN(d.getTime()) ? 'an invalid date' : d.toISOString();
}

function timeText(t: PolicyRuleInput['signatureTime']): string {
  const what =
    t.source === 'timestamp'
      ? "the signature time-stamp's genTime"
      : t.source === 'signing-time'
        ? 'the claimed signing-time (no signature time-stamp proves it)'
        : 'the validation time (the signature claims no time)';
  return `${iso(t.time)}, ${what}`;
}

function passed(id: string, message: string): CheckResult {
  return { id, status: 'passed', message };
}

function info(id: string, message: string): CheckResult {
  return { id, status: 'info', message };
}

function indeterminate(id: string, message: string, subIndication: SubIndication): CheckResult {
  return { id, status: 'indeterminate', message, subIndication };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The same certificate, or the same subject and public key (a re-issued trust-anchor certificate). */
function sameCertificate(a: Certificate, b: Certificate): boolean {
  return (
    sameBytes(a.der, b.der) ||
    (a.subject.key === b.subject.key && sameBytes(a.publicKey.publicKey, b.publicKey.publicKey))
  );
}

function parseQuietly(der: Uint8Array): Certificate | undefined {
  try {
    return parseCertificate(der);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------

/** `policy.signingPeriod`: DOC-ICP-15.03 / RFC 3125 §6.3 signingPeriod, and the LPA's period and revocation. */
function checkSigningPeriod(
  policy: SignaturePolicyDocument | undefined,
  record: PolicyRecord | undefined,
  t: PolicyRuleInput['signatureTime'],
): CheckResult {
  const id = 'policy.signingPeriod';
  const when = t.time.getTime();
  const problems: string[] = [];
  const held: string[] = [];
  const judge = (what: string, p: { notBefore: Date; notAfter: Date | undefined } | undefined): void => {
    if (!p) return;
    const range = `${iso(p.notBefore)} – ${p.notAfter ? iso(p.notAfter) : 'open-ended'}`;
    if (Number.isNaN(when) || when < p.notBefore.getTime())
      problems.push(`it is before ${what} (${range}) begins`);
    else if (p.notAfter && when > p.notAfter.getTime()) problems.push(`it is after ${what} (${range}) ended`);
    else held.push(`within ${what} (${range})`);
  };
  judge("the policy document's signingPeriod (RFC 3125 §6.3)", policy?.signingPeriod);
  judge("the approved-policy list's signing period (LPA, DOC-ICP-15.03)", record?.signingPeriod);
  if (record?.revocationDate) {
    if (Number.isNaN(when) || when >= record.revocationDate.getTime())
      problems.push(
        `the approved-policy list revoked the policy on ${iso(record.revocationDate)}: no signature may be made under it afterwards`,
      );
    else held.push(`before the LPA revocation date ${iso(record.revocationDate)}`);
  }
  const at = `The signature time ${timeText(t)}`;
  if (problems.length > 0)
    return indeterminate(
      id,
      `${at}: ${problems.join('; ')}. A policy only governs signatures made while it may be used.`,
      SubIndication.SIG_CONSTRAINTS_FAILURE,
    );
  if (held.length === 0)
    return info(
      id,
      'Not evaluated: neither the policy document nor an approved-policy list gives a signing period.',
    );
  return passed(id, `${at} is ${held.join(', and ')}.`);
}

/** `policy.commitmentRule`: which rules apply (RFC 3125 §6.1–6.2 commonRules and commitmentRules). */
function selectRules(policy: SignaturePolicyDocument, commitmentTypes: readonly string[]): Applied {
  const id = 'policy.commitmentRule';
  const rules = policy.commitmentRules ?? [];
  const common: Partial<PolicyRules> = policy.commonRules ?? {};
  const empty = rules.find((r) => r.commitmentTypes === 'any');
  let chosen: CommitmentRule | undefined;
  let why: string;
  let status: CheckResult['status'] = 'passed';
  let sub: SubIndication | undefined;
  if (rules.length === 0) {
    why = 'The policy has no commitment rules: its commonRules apply alone.';
  } else if (commitmentTypes.length === 0) {
    chosen = empty;
    why = empty
      ? 'The signature carries no commitment type; the commitment rule selecting "empty" (RFC 3125 §6.2: no commitment type indicated) applies, merged with commonRules.'
      : 'The signature carries no commitment type and no commitment rule selects "empty": only commonRules apply.';
  } else {
    const type = commitmentTypes.find((c) =>
      rules.some((r) => Array.isArray(r.commitmentTypes) && r.commitmentTypes.includes(c)),
    );
    chosen = type
      ? rules.find((r) => Array.isArray(r.commitmentTypes) && r.commitmentTypes.includes(type))
      : undefined;
    if (chosen) {
      why = `The commitment rule for the signature's commitment type ${type} applies, merged with commonRules.`;
    } else if (empty) {
      chosen = empty;
      status = 'warning';
      why = `No commitment rule names the signature's commitment type(s) ${commitmentTypes.join(', ')}; RFC 3125 §6.2 reads "empty" as "no commitment type indicated", yet its rule is the only candidate and is applied.`;
    } else {
      status = 'indeterminate';
      sub = SubIndication.SIG_CONSTRAINTS_FAILURE;
      why = `No commitment rule of the policy names the signature's commitment type(s) ${commitmentTypes.join(', ')}: RFC 3125 §6.2 requires the commitment type to be one the policy lists. Only commonRules were applied.`;
    }
  }
  // RFC 3125 §6.1: a field is either in commonRules or in every commitment rule; when a policy has
  // both anyway, the commitment rule's (more specific) field is used.
  const merged: Record<string, unknown> = { ...common };
  const overridden: string[] = [];
  if (chosen) {
    for (const f of RULE_FIELDS) {
      const v = chosen[f];
      if (v === undefined) continue;
      if (common[f] !== undefined) overridden.push(f);
      merged[f] = v;
    }
  }
  if (overridden.length > 0) {
    why += ` Fields present in both (RFC 3125 §6.1 wants each in one place), the commitment rule's used: ${overridden.join(', ')}.`;
    if (status === 'passed') status = 'warning';
  }
  const check: CheckResult =
    sub !== undefined ? { id, status, message: why, subIndication: sub } : { id, status, message: why };
  return { rules: merged as unknown as PolicyRules, check };
}

/** `policy.mandatedSignedAttributes`: RFC 3125 §6.4 signerRules.mandatedSignedAttr. */
function checkMandatedSigned(rules: PolicyRules, present: ReadonlySet<string>): CheckResult {
  const id = 'policy.mandatedSignedAttributes';
  const mandated = rules.mandatedSignedAttributes ?? [];
  const missing = mandated.filter((o) => !present.has(o));
  if (missing.length > 0)
    return indeterminate(
      id,
      `The policy mandates signed attributes the signature lacks: ${list(missing)} (RFC 3125 §6.4 mandatedSignedAttr; DOC-ICP-15.03 lists them per policy).`,
      SubIndication.SIG_CONSTRAINTS_FAILURE,
    );
  return passed(
    id,
    mandated.length === 0
      ? 'The policy mandates no signed attribute.'
      : `Every signed attribute the policy mandates is present: ${list(mandated)}.`,
  );
}

/** `policy.mandatedUnsignedAttributes`: RFC 3125 §6.4 signerRules / verifierRules mandatedUnsignedAttr. */
function checkMandatedUnsigned(rules: PolicyRules, present: ReadonlySet<string>): CheckResult[] {
  const id = 'policy.mandatedUnsignedAttributes';
  const mandated = rules.mandatedUnsignedAttributes ?? [];
  const missing = mandated.filter((o) => !present.has(o));
  const out: CheckResult[] = [
    missing.length > 0
      ? indeterminate(
          id,
          `The policy mandates unsigned attributes the signature lacks: ${list(missing)} (RFC 3125 §6.4 mandatedUnsignedAttr). The signature is not (yet) of the level this policy defines — e.g. an ICP-Brasil AD-RT needs a signature-time-stamp, AD-RC the complete references and values.`,
          SubIndication.SIG_CONSTRAINTS_FAILURE,
        )
      : passed(
          id,
          mandated.length === 0
            ? 'The policy mandates no unsigned attribute.'
            : `Every unsigned attribute the policy mandates is present: ${list(mandated)}.`,
        ),
  ];
  const verifier = rules.verifierMandatedUnsignedAttributes ?? [];
  if (verifier.length > 0) {
    const absent = verifier.filter((o) => !present.has(o));
    out.push(
      info(
        'policy.verifierMandatedUnsignedAttributes',
        `The policy's verifierRules (RFC 3125 §6.4) mandate that a verifier add ${list(verifier)}` +
          (absent.length > 0 ? `; not in the signature yet: ${list(absent)}.` : '; all are present.'),
      ),
    );
  }
  return out;
}

/** `policy.mandatedCertificateRef`: RFC 3125 §6.4 mandatedCertificateRef (default signerOnly). */
function checkCertificateRef(rules: PolicyRules, input: PolicyRuleInput): CheckResult {
  const id = 'policy.mandatedCertificateRef';
  const v = rules.mandatedCertificateRef ?? 0;
  const name = CERT_REF[v];
  if (!name) return info(id, `Not evaluated: mandatedCertificateRef ${v} is not a value RFC 3125 defines.`);
  const refs = input.signingCertificateRefs;
  if (refs === undefined)
    return info(
      id,
      `Not evaluated: the signing-certificate attribute's references are not known (the policy asks ${name}).`,
    );
  if (refs < 1)
    return indeterminate(
      id,
      `The policy asks ${name} references in the signing-certificate attribute (RFC 3125 §6.4 mandatedCertificateRef); it holds none.`,
      SubIndication.SIG_CONSTRAINTS_FAILURE,
    );
  if (name === 'signerOnly')
    return passed(
      id,
      `The signing-certificate attribute references the signer's certificate (${refs} reference(s); the policy asks signerOnly).`,
    );
  const path = input.signerPath;
  if (!path)
    return info(id, 'Not evaluated: the policy asks fullPath references and no certificate path validated.');
  const need = Math.max(1, path.length - 1);
  if (refs < need)
    return indeterminate(
      id,
      `The policy asks fullPath (RFC 3125 §6.4 mandatedCertificateRef): references to every certificate of the path up to the trust point, ${need}; the signing-certificate attribute holds ${refs}.`,
      SubIndication.SIG_CONSTRAINTS_FAILURE,
    );
  return passed(
    id,
    `The signing-certificate attribute references the full path (${refs} of ${need} certificates), as the policy asks.`,
  );
}

/** `policy.mandatedCertificateInfo`: RFC 3125 §6.4 mandatedCertificateInfo (default none). */
function checkCertificateInfo(rules: PolicyRules, input: PolicyRuleInput): CheckResult {
  const id = 'policy.mandatedCertificateInfo';
  const v = rules.mandatedCertificateInfo ?? 0;
  const name = CERT_INFO[v];
  if (!name) return info(id, `Not evaluated: mandatedCertificateInfo ${v} is not a value RFC 3125 defines.`);
  if (name === 'none')
    return passed(id, 'The policy requires no certificate in the signature (mandatedCertificateInfo none).');
  const inSig = input.certificatesInSignature;
  if (!inSig)
    return info(id, `Not evaluated: the SignedData certificates are not known (the policy asks ${name}).`);
  const has = (c: Certificate) => inSig.some((x) => sameBytes(x.der, c.der));
  const signer = input.signerCertificate ?? input.signerPath?.[0];
  const wanted =
    name === 'signerOnly'
      ? signer
        ? [signer]
        : undefined
      : input.signerPath?.slice(0, Math.max(1, input.signerPath.length - 1));
  if (!wanted)
    return info(
      id,
      `Not evaluated: the policy asks ${name} certificates in the signature and the ${name === 'signerOnly' ? "signer's certificate" : 'certificate path'} is not known.`,
    );
  const missing = wanted.filter((c) => !has(c));
  if (missing.length > 0)
    return indeterminate(
      id,
      `The policy asks ${name} (RFC 3125 §6.4 mandatedCertificateInfo): the SignedData certificates field lacks ${missing.map((c) => c.subject.text).join('; ')}.`,
      SubIndication.SIG_CONSTRAINTS_FAILURE,
    );
  return passed(
    id,
    name === 'signerOnly'
      ? "The signer's certificate is in the SignedData certificates field, as the policy asks (signerOnly, read as a minimum: more certificates never make a signature less verifiable)."
      : `Every certificate of the path up to the trust point (${wanted.length}) is in the SignedData certificates field, as the policy asks (fullPath).`,
  );
}

/** Judges one validated path against trust points; undefined when it holds, else the reason. */
function trustPointProblem(
  path: readonly Certificate[],
  points: readonly PolicyTrustPoint[],
): string | undefined {
  const reasons: string[] = [];
  for (const [i, tp] of points.entries()) {
    const anchor = parseQuietly(tp.certificate);
    const pos = path.findIndex((c, k) =>
      k > 0 || path.length === 1
        ? anchor
          ? sameCertificate(c, anchor)
          : sameBytes(c.der, tp.certificate)
        : false,
    );
    if (pos < 0) continue;
    const cas = Math.max(0, pos - 1); // CA certificates between the trust point and the end entity
    if (tp.pathLengthConstraint !== undefined && cas > tp.pathLengthConstraint) {
      reasons.push(
        `the path passes trust point ${i + 1} with ${cas} CA certificate(s) below it; its pathLengthConstraint allows ${tp.pathLengthConstraint}`,
      );
      continue;
    }
    const acceptable = tp.acceptablePolicies ?? [];
    if (acceptable.length > 0) {
      const below = path.slice(0, pos);
      const bad = below.filter((c, k) => {
        const ids = (c.ext.certificatePolicies ?? []).map((p) => p.policyIdentifier);
        return !ids.some((p) => acceptable.includes(p) || (k > 0 && p === OID.anyPolicy));
      });
      if (bad.length > 0) {
        reasons.push(
          `below trust point ${i + 1}, ${bad.map((c) => c.subject.text).join('; ')} assert(s) none of its acceptablePolicySet ${acceptable.join(', ')}`,
        );
        continue;
      }
    }
    return undefined;
  }
  if (reasons.length > 0) return reasons.join('; ');
  const end = path[path.length - 1];
  return `the path ends at ${end ? end.subject.text : 'nothing'}, which is none of the ${points.length} trust point(s) the policy names`;
}

/** `policy.signerTrustPoint`: RFC 3125 §6.5 signingCertTrustCondition (signerTrustTrees). */
function checkSignerTrustPoint(rules: PolicyRules, input: PolicyRuleInput): CheckResult {
  const id = 'policy.signerTrustPoint';
  const points = rules.signerTrustPoints ?? [];
  if (points.length === 0) return info(id, "The policy names no trust point for the signer's certificate.");
  const path = input.signerPath;
  if (!path || path.length === 0)
    return info(
      id,
      "Not evaluated: no certificate path of the signer validated (the path's own checks say why).",
    );
  const problem = trustPointProblem(path, points);
  if (problem)
    return indeterminate(
      id,
      `The signer's certificate path does not meet the policy's signingCertTrustCondition (RFC 3125 §6.5; DOC-ICP-15.03 names the ICP-Brasil roots): ${problem}.`,
      SubIndication.CHAIN_CONSTRAINTS_FAILURE,
    );
  return passed(
    id,
    `The signer's certificate path ends at a trust point the policy names (${path[path.length - 1]!.subject.text}), within its constraints.`,
  );
}

/** `policy.timestampTrustPoint`: RFC 3125 §6.6 timeStampTrustCondition (ttsCertificateTrustTrees). */
function checkTimestampTrustPoint(rules: PolicyRules, input: PolicyRuleInput): CheckResult {
  const id = 'policy.timestampTrustPoint';
  const points = rules.timeStampTrustPoints ?? [];
  if (points.length === 0) return info(id, 'The policy names no trust point for time-stamping authorities.');
  const paths = (input.timestampTsaPaths ?? []).filter((p) => p.length > 0);
  if (paths.length === 0) return info(id, "Not evaluated: no time-stamp's TSA certificate path validated.");
  const problems = paths.flatMap((p, i) => {
    const why = trustPointProblem(p, points);
    return why ? [`time-stamp ${i + 1} (${p[0]!.subject.text}): ${why}`] : [];
  });
  if (problems.length > 0)
    return indeterminate(
      id,
      `A TSA's certificate path does not meet the policy's timeStampTrustCondition (RFC 3125 §6.6): ${problems.join('; ')}.`,
      SubIndication.CHAIN_CONSTRAINTS_FAILURE,
    );
  return passed(id, `Every time-stamp's TSA path (${paths.length}) ends at a trust point the policy names.`);
}

function judgeAlgorithm(
  what: string,
  oid: string,
  keyBits: number | undefined,
  allowed: readonly AlgorithmConstraint[],
): string | undefined {
  const hits = allowed.filter((a) => a.algorithm === oid);
  if (hits.length === 0)
    return `${what} uses ${oid}, not among the allowed ${allowed.map((a) => a.algorithm).join(', ')}`;
  const mins = hits.map((a) => a.minKeyLength);
  if (mins.some((m) => m === undefined)) return undefined;
  const min = Math.min(...(mins as number[]));
  if (keyBits === undefined || keyBits <= 0)
    return `${what}: the key size is unknown and the policy asks at least ${min} bits for ${oid}`;
  if (keyBits < min)
    return `${what} has a ${keyBits}-bit key; the policy asks at least ${min} bits for ${oid}`;
  return undefined;
}

/** `policy.algorithmConstraints`: RFC 3125 §6.10 algorithmConstraintSet (signer, eeCert, caCert). */
function checkAlgorithms(rules: PolicyRules, input: PolicyRuleInput): CheckResult {
  const id = 'policy.algorithmConstraints';
  const set: AlgorithmConstraintSet = rules.algorithmConstraints ?? {};
  const problems: string[] = [];
  const judged: string[] = [];
  const sa = input.signatureAlgorithm;
  const oid = (sa.hash && COMBINED[sa.oid]?.[sa.hash]) || sa.oid;
  if (set.signer && set.signer.length > 0) {
    judged.push('signer');
    const p = judgeAlgorithm('the signature', oid, sa.keyBits, set.signer);
    if (p) problems.push(p);
  }
  const path = input.signerPath;
  const notJudged: string[] = [];
  if (set.eeCert && set.eeCert.length > 0) {
    if (path && path.length > 1) {
      judged.push('eeCert');
      const p = judgeAlgorithm(
        `the signer's certificate (signed by ${path[1]!.subject.text})`,
        path[0]!.signatureAlgorithm.oid,
        path[1]!.publicKey.bits,
        set.eeCert,
      );
      if (p) problems.push(p);
    } else notJudged.push('eeCert (no validated path)');
  }
  if (set.caCert && set.caCert.length > 0) {
    if (path && path.length > 1) {
      judged.push('caCert');
      // CA certificates below the trust anchor; the anchor's own self-signature proves nothing (RFC 5280 §6.1).
      for (let k = 1; k < path.length - 1; k++) {
        const p = judgeAlgorithm(
          `CA certificate ${path[k]!.subject.text}`,
          path[k]!.signatureAlgorithm.oid,
          path[k + 1]!.publicKey.bits,
          set.caCert,
        );
        if (p) problems.push(p);
      }
    } else notJudged.push('caCert (no validated path)');
  }
  if (set.tsaCert && set.tsaCert.length > 0) notJudged.push('tsaCert (judged with the time-stamp tokens)');
  if (set.aaCert && set.aaCert.length > 0) notJudged.push('aaCert (attribute certificates are not verified)');
  const rest = notJudged.length > 0 ? ` Not evaluated: ${notJudged.join(', ')}.` : '';
  if (problems.length > 0)
    return indeterminate(
      id,
      `The policy's algorithm constraints (RFC 3125 §6.10 algorithmConstraintSet) are not met: ${problems.join('; ')}.${rest}`,
      SubIndication.CRYPTO_CONSTRAINTS_FAILURE,
    );
  if (judged.length === 0)
    return info(id, `The policy sets no algorithm constraint that could be judged here.${rest}`);
  return passed(
    id,
    `The algorithms and key sizes meet the policy's constraints (${judged.join(', ')}).${rest}`,
  );
}

/**
 * Judges one signature against what its signature policy says (RFC 3125 / ETSI TR 102 272; ICP-Brasil
 * DOC-ICP-15.03) — not only that its hash is known. Pure: no I/O, no cryptography; the caller gives the
 * facts (attributes present, the best signature time, the validated paths, the algorithm). Every rule is
 * a named check:
 *
 * | id | rule | failure |
 * | --- | --- | --- |
 * | `policy.signingPeriod` | the signature time is inside the document's and the LPA's signing period, before the LPA revocation date | INDETERMINATE / SIG_CONSTRAINTS_FAILURE |
 * | `policy.commitmentRule` | which commitment rule applies (merged over commonRules) | INDETERMINATE / SIG_CONSTRAINTS_FAILURE for a commitment type no rule allows |
 * | `policy.mandatedSignedAttributes` | every mandated signed attribute present | INDETERMINATE / SIG_CONSTRAINTS_FAILURE |
 * | `policy.mandatedUnsignedAttributes` | every mandated unsigned attribute present (`policy.verifierMandatedUnsignedAttributes`: info) | INDETERMINATE / SIG_CONSTRAINTS_FAILURE |
 * | `policy.mandatedCertificateRef` | signerOnly / fullPath references in the signing-certificate attribute | INDETERMINATE / SIG_CONSTRAINTS_FAILURE |
 * | `policy.mandatedCertificateInfo` | none / signerOnly / fullPath certificates in the SignedData | INDETERMINATE / SIG_CONSTRAINTS_FAILURE |
 * | `policy.signerTrustPoint`, `policy.timestampTrustPoint` | the validated path passes a named trust point, within pathLengthConstraint and acceptablePolicySet | INDETERMINATE / CHAIN_CONSTRAINTS_FAILURE |
 * | `policy.algorithmConstraints` | signer algorithm and key size allowed; eeCert/caCert on the path | INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE |
 *
 * A check that lacks its facts (no validated path, an unknown count of references) is reported as
 * `info` "not evaluated": deciding that the path is indeterminate is the path checks' job. Without a
 * policy document (neither `policy` nor `record.document`), only the signing period is judged and
 * `policy.rules` says so. Odd or hostile policies (empty lists, unknown values) never make it throw.
 *
 * @example
 * ```ts
 * import { checkPolicyRules, parseSignaturePolicy } from '@mutua/cades';
 * import { buildSignaturePolicy } from '@mutua/testkit';
 * const policy = parseSignaturePolicy(buildSignaturePolicy({
 *   policyOid: '2.16.76.1.7.1.2.2.4',
 *   signingPeriod: { notBefore: new Date('2025-06-12T00:00:00Z') },
 *   commonRules: {
 *     mandatedSignedAttributes: ['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4'],
 *     mandatedUnsignedAttributes: ['1.2.840.113549.1.9.16.2.14'], // signature-time-stamp: an AD-RT
 *   },
 * }));
 * const checks = checkPolicyRules({
 *   policy,
 *   signedAttributeTypes: ['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4'],
 *   unsignedAttributeTypes: [],
 *   signatureTime: { time: new Date('2026-01-05T10:00:00Z'), source: 'signing-time' },
 *   signatureAlgorithm: { oid: '1.2.840.10045.4.3.2', keyBits: 256 },
 * });
 * checks.find((c) => c.id === 'policy.signingPeriod')?.status; // 'passed'
 * checks.find((c) => c.id === 'policy.mandatedUnsignedAttributes')?.subIndication; // 'SIG_CONSTRAINTS_FAILURE'
 * ```
 */
export function checkPolicyRules(input: PolicyRuleInput): CheckResult[] {
  const policy = input.policy ?? input.record?.document;
  const out: CheckResult[] = [checkSigningPeriod(policy, input.record, input.signatureTime)];
  if (!policy) {
    out.push(
      info(
        'policy.rules',
        "Not evaluated: the policy document is not available, so only the approved-policy list's signing period could be judged.",
      ),
    );
    return out;
  }
  const applied = selectRules(policy, input.commitmentTypes ?? []);
  const rules = applied.rules;
  out.push(applied.check);
  out.push(checkMandatedSigned(rules, new Set(input.signedAttributeTypes)));
  out.push(...checkMandatedUnsigned(rules, new Set(input.unsignedAttributeTypes)));
  out.push(checkCertificateRef(rules, input));
  out.push(checkCertificateInfo(rules, input));
  out.push(checkSignerTrustPoint(rules, input));
  out.push(checkTimestampTrustPoint(rules, input));
  out.push(checkAlgorithms(rules, input));
  return out;
}
