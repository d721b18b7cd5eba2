import { der } from '@mutua/core';
import { type NameInput, encodeName } from './name';

/** One trust point of a built policy (RFC 3125 `CertificateTrustPoint`). */
export interface PolicyTrustPointSpec {
  /** The trust-point certificate: its DER, or anything with `der` (a testkit CA or certificate). */
  readonly certificate: Uint8Array | { readonly der: Uint8Array };
  /** `pathLengthConstraint`: how many CA certificates may follow the trust point. */
  readonly pathLengthConstraint?: number;
  /** `acceptablePolicySet`: certificate policy OIDs, any of which the path must assert. */
  readonly acceptablePolicies?: readonly string[];
}

/** One allowed algorithm of a built policy (RFC 3125 `AlgAndLength`). */
export interface PolicyAlgorithmSpec {
  /** The signature algorithm OID (e.g. `1.2.840.113549.1.1.11` sha256WithRSAEncryption). */
  readonly algorithm: string;
  /** The minimum key length in bits (written as a plain INTEGER, as the ICP-Brasil documents do). */
  readonly minKeyLength?: number;
}

/** The rule fields of commonRules or of one commitment rule (RFC 3125 §6.1–6.10). Absent fields are not written. */
export interface PolicyRulesSpec {
  /** Signed attribute OIDs the signer must include (with `mandatedUnsignedAttributes`, writes signerAndVerifierRules). */
  readonly mandatedSignedAttributes?: readonly string[];
  /** Unsigned attribute OIDs the signer must include. */
  readonly mandatedUnsignedAttributes?: readonly string[];
  /** Unsigned attribute OIDs the verifier must add (verifierRules). */
  readonly verifierMandatedUnsignedAttributes?: readonly string[];
  /** `mandatedCertificateRef` (RFC 3125 default: signerOnly). */
  readonly mandatedCertificateRef?: 'signerOnly' | 'fullPath';
  /** `mandatedCertificateInfo` (RFC 3125 default: none). */
  readonly mandatedCertificateInfo?: 'none' | 'signerOnly' | 'fullPath';
  /** signingCertTrustCondition trust points. */
  readonly signerTrustPoints?: readonly PolicyTrustPointSpec[];
  /** timeStampTrustCondition trust points. */
  readonly timeStampTrustPoints?: readonly PolicyTrustPointSpec[];
  /** algorithmConstraintSet, by whose signatures it limits. */
  readonly algorithmConstraints?: {
    readonly signer?: readonly PolicyAlgorithmSpec[];
    readonly eeCert?: readonly PolicyAlgorithmSpec[];
    readonly caCert?: readonly PolicyAlgorithmSpec[];
    readonly aaCert?: readonly PolicyAlgorithmSpec[];
    readonly tsaCert?: readonly PolicyAlgorithmSpec[];
  };
}

/** One commitment rule of a built policy: the commitment types it selects (`'empty'`: none indicated) and its rules. */
export interface CommitmentRuleSpec extends PolicyRulesSpec {
  readonly commitmentTypes: readonly string[] | 'empty';
}

/** Options of {@link buildSignaturePolicy}. */
export interface BuildSignaturePolicyOptions {
  /** `signPolicyIdentifier`. */
  readonly policyOid: string;
  /** `signPolicyHashAlg` (default SHA-256, `2.16.840.1.101.3.4.2.1`). */
  readonly hashOid?: string;
  /** `dateOfIssue` (default the signing period's start). */
  readonly dateOfIssue?: Date;
  /** `policyIssuerName`, a directoryName (default `C=BR, O=ICP-Brasil, CN=Mutua Test Policy Issuer`). */
  readonly issuer?: NameInput;
  /** `fieldOfApplication` (default `Mutua test signature policy`). */
  readonly fieldOfApplication?: string;
  /** `signingPeriod`. */
  readonly signingPeriod: { readonly notBefore: Date; readonly notAfter?: Date };
  /** commonRules (default: none of the fields). */
  readonly commonRules?: PolicyRulesSpec;
  /** commitmentRules (default: one rule selecting "empty" with no fields, as the ICP-Brasil documents have). */
  readonly commitmentRules?: readonly CommitmentRuleSpec[];
  /** `signPolicyHash` bytes to append (default: none; the ICP-Brasil documents carry one). */
  readonly signPolicyHash?: Uint8Array;
}

const CERT_REF = { signerOnly: 0, fullPath: 1 } as const;
const CERT_INFO = { none: 0, signerOnly: 1, fullPath: 2 } as const;
const CONSTRAINT_TAGS = ['signer', 'eeCert', 'caCert', 'aaCert', 'tsaCert'] as const;

const oids = (list: readonly string[] = []) => der.seq(...list.map((o) => der.oid(o)));

function trustPoint(tp: PolicyTrustPointSpec): Uint8Array {
  const cert = tp.certificate instanceof Uint8Array ? tp.certificate : tp.certificate.der;
  return der.seq(
    cert,
    tp.pathLengthConstraint !== undefined ? der.ctx(0, der.int(tp.pathLengthConstraint)) : undefined,
    tp.acceptablePolicies ? der.ctx(1, oids(tp.acceptablePolicies)) : undefined,
  );
}

/** CertRevReq: clrCheck for end entities and CAs (DOC-ICP-15.03 asks CRLs). */
const REV_REQ = der.seq(der.seq(der.enumerated(0)), der.ctx(0, der.seq(der.enumerated(0))));

function rules(spec: PolicyRulesSpec = {}): Uint8Array[] {
  const out: Uint8Array[] = [];
  const svr =
    spec.mandatedSignedAttributes !== undefined ||
    spec.mandatedUnsignedAttributes !== undefined ||
    spec.verifierMandatedUnsignedAttributes !== undefined ||
    spec.mandatedCertificateRef !== undefined ||
    spec.mandatedCertificateInfo !== undefined;
  if (svr) {
    const signerRules = der.seq(
      oids(spec.mandatedSignedAttributes),
      oids(spec.mandatedUnsignedAttributes),
      spec.mandatedCertificateRef !== undefined
        ? der.ctx(0, der.enumerated(CERT_REF[spec.mandatedCertificateRef]))
        : undefined,
      spec.mandatedCertificateInfo !== undefined
        ? der.ctx(1, der.enumerated(CERT_INFO[spec.mandatedCertificateInfo]))
        : undefined,
    );
    out.push(der.ctx(0, der.seq(signerRules, der.seq(oids(spec.verifierMandatedUnsignedAttributes)))));
  }
  if (spec.signerTrustPoints)
    out.push(der.ctx(1, der.seq(der.seq(...spec.signerTrustPoints.map(trustPoint)), REV_REQ)));
  if (spec.timeStampTrustPoints)
    out.push(der.ctx(2, der.seq(der.ctx(0, der.seq(...spec.timeStampTrustPoints.map(trustPoint))))));
  const ac = spec.algorithmConstraints;
  if (ac) {
    const sets: Uint8Array[] = [];
    for (const [i, key] of CONSTRAINT_TAGS.entries()) {
      const list = ac[key];
      if (!list) continue;
      sets.push(
        der.ctx(
          i,
          der.seq(
            ...list.map((a) =>
              der.seq(
                der.oid(a.algorithm),
                a.minKeyLength !== undefined ? der.int(a.minKeyLength) : undefined,
              ),
            ),
          ),
        ),
      );
    }
    out.push(der.ctx(4, der.seq(...sets)));
  }
  return out;
}

/**
 * Builds a DER signature policy document (RFC 3125 / ETSI TR 102 272 `SignaturePolicy`, in the shape of
 * the ICP-Brasil DOC-ICP-15.03 `PA_AD_*.der` files) that `parseSignaturePolicy` of `@mutua/cades` reads:
 * policy OID, signing period, common rules (mandated signed and unsigned attributes, certificate
 * references and info, signer and TSA trust points, algorithm constraints) and commitment rules.
 *
 * @example
 * ```ts
 * import { buildSignaturePolicy } from '@mutua/testkit';
 * import { parseSignaturePolicy } from '@mutua/cades';
 * const bytes = buildSignaturePolicy({
 *   policyOid: '2.16.76.1.7.1.1.2.4',
 *   signingPeriod: { notBefore: new Date('2025-06-12T00:00:00Z'), notAfter: new Date('2037-10-22T00:00:00Z') },
 *   commonRules: {
 *     mandatedSignedAttributes: ['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4'],
 *     mandatedCertificateInfo: 'signerOnly',
 *     signerTrustPoints: [{ certificate: pki.root }],
 *     algorithmConstraints: { signer: [{ algorithm: '1.2.840.10045.4.3.2', minKeyLength: 256 }] },
 *   },
 * });
 * const policy = parseSignaturePolicy(bytes);
 * policy.policyOid; // '2.16.76.1.7.1.1.2.4'
 * policy.commonRules.mandatedCertificateInfo; // 1
 * policy.commonRules.signerTrustPoints?.length; // 1
 * policy.commitmentRules[0]?.commitmentTypes; // 'any'
 * ```
 */
export function buildSignaturePolicy(options: BuildSignaturePolicyOptions): Uint8Array {
  const period = options.signingPeriod;
  const issuer = encodeName(
    options.issuer ?? [
      ['C', 'BR'],
      ['O', 'ICP-Brasil'],
      ['CN', 'Mutua Test Policy Issuer'],
    ],
  );
  const commitments = (options.commitmentRules ?? [{ commitmentTypes: 'empty' }]).map((c) =>
    der.seq(
      c.commitmentTypes === 'empty'
        ? der.seq(der.nul())
        : der.seq(...c.commitmentTypes.map((t) => der.seq(der.oid(t)))),
      ...rules(c),
    ),
  );
  const validationPolicy = der.seq(
    der.seq(
      der.generalizedTime(period.notBefore),
      period.notAfter ? der.generalizedTime(period.notAfter) : undefined,
    ),
    der.seq(...rules(options.commonRules)),
    der.seq(...commitments),
  );
  const info = der.seq(
    der.oid(options.policyOid),
    der.generalizedTime(options.dateOfIssue ?? period.notBefore),
    der.seq(der.ctx(4, issuer)),
    der.utf8(options.fieldOfApplication ?? 'Mutua test signature policy'),
    validationPolicy,
  );
  return der.seq(
    der.seq(der.oid(options.hashOid ?? '2.16.840.1.101.3.4.2.1')),
    info,
    options.signPolicyHash ? der.octets(options.signPolicyHash) : undefined,
  );
}
