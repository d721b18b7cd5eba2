import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CheckResult, HASH_BY_OID, SubIndication, parseCertificate } from '@mutua/core';
import {
  type BuildSignaturePolicyOptions,
  type TestPki,
  buildSignaturePolicy,
  createTestPki,
} from '@mutua/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CMS_OID,
  type PolicyRecord,
  type PolicyRuleInput,
  checkPolicyRules,
  createPolicyStore,
  parseLpa,
  parseSignaturePolicy,
  parseSignedData,
  signCades,
} from '../src';

const POLICIES = fileURLToPath(new URL('../../../../shared/corpus/lac/br/policies/', import.meta.url));
const HAVE_CORPUS = existsSync(`${POLICIES}PA_AD_RB_v2_4.der`);
if (!HAVE_CORPUS)
  console.warn(`policy-enforce: ${POLICIES} is absent; the real ICP-Brasil PA_AD_* cases are skipped`);

const A = CMS_OID;
const SHA256_RSA = '1.2.840.113549.1.1.11';
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const RB_SIGNED = [A.contentType, A.messageDigest, A.signingCertificateV2, A.signaturePolicyIdentifier];
const at = (iso: string, source: PolicyRuleInput['signatureTime']['source'] = 'signing-time') => ({
  time: new Date(iso),
  source,
});

let pki: TestPki;
let other: TestPki;

beforeAll(async () => {
  pki = await createTestPki({ name: 'Policy Enforce', referenceDate: new Date('2026-01-05T00:00:00Z') });
  other = await createTestPki({ name: 'Other Root', referenceDate: new Date('2026-01-05T00:00:00Z') });
});

function policy(o: Partial<BuildSignaturePolicyOptions> = {}) {
  return parseSignaturePolicy(
    buildSignaturePolicy({
      policyOid: '2.16.76.1.7.1.1.2.4',
      signingPeriod: {
        notBefore: new Date('2025-06-12T00:00:00Z'),
        notAfter: new Date('2037-10-22T00:00:00Z'),
      },
      commonRules: {
        mandatedSignedAttributes: RB_SIGNED,
        mandatedUnsignedAttributes: [],
        mandatedCertificateInfo: 'signerOnly',
        signerTrustPoints: [{ certificate: pki.root }],
        algorithmConstraints: {
          signer: [
            { algorithm: SHA256_RSA, minKeyLength: 2048 },
            { algorithm: ECDSA_SHA256, minKeyLength: 256 },
          ],
        },
      },
      ...o,
    }),
  );
}

/** The facts of a typical AD-RB signature by the test PKI's end entity (P-256). */
function facts(o: Partial<PolicyRuleInput> = {}): PolicyRuleInput {
  return {
    policy: policy(),
    signedAttributeTypes: [...RB_SIGNED, A.signingTime],
    unsignedAttributeTypes: [],
    signatureTime: at('2026-01-05T10:00:00Z'),
    signerPath: pki.chain,
    certificatesInSignature: [pki.endEntity.cert, pki.issuingCa.cert],
    signingCertificateRefs: 1,
    signatureAlgorithm: { oid: ECDSA_SHA256, keyBits: 256 },
    ...o,
  };
}

const byId = (checks: readonly CheckResult[], id: string) => {
  const c = checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id} in ${checks.map((x) => x.id).join(', ')}`);
  return c;
};

describe('checkPolicyRules: a typical AD-RB signature passes every rule', () => {
  it('reports each check, passed, with what held', () => {
    const checks = checkPolicyRules(facts());
    expect(checks.map((c) => c.id)).toEqual([
      'policy.signingPeriod',
      'policy.commitmentRule',
      'policy.mandatedSignedAttributes',
      'policy.mandatedUnsignedAttributes',
      'policy.mandatedCertificateRef',
      'policy.mandatedCertificateInfo',
      'policy.signerTrustPoint',
      'policy.timestampTrustPoint',
      'policy.algorithmConstraints',
    ]);
    for (const id of [
      'policy.signingPeriod',
      'policy.commitmentRule',
      'policy.mandatedSignedAttributes',
      'policy.mandatedUnsignedAttributes',
      'policy.mandatedCertificateRef',
      'policy.mandatedCertificateInfo',
      'policy.signerTrustPoint',
      'policy.algorithmConstraints',
    ])
      expect(byId(checks, id).status, `${id}: ${byId(checks, id).message}`).toBe('passed');
    expect(byId(checks, 'policy.timestampTrustPoint').status).toBe('info');
    expect(byId(checks, 'policy.signingPeriod').message).toContain('claimed signing-time');
    expect(checks.every((c) => c.subIndication === undefined)).toBe(true);
  });
});

describe('policy.signingPeriod', () => {
  it('passes inside the period, naming the time-stamp as the time source', () => {
    const c = byId(
      checkPolicyRules(facts({ signatureTime: at('2030-01-01T00:00:00Z', 'timestamp') })),
      'policy.signingPeriod',
    );
    expect(c.status).toBe('passed');
    expect(c.message).toContain("time-stamp's genTime");
  });
  it('fails before the period begins and after it ends', () => {
    for (const t of ['2025-06-11T23:59:59Z', '2037-10-22T00:00:01Z']) {
      const c = byId(checkPolicyRules(facts({ signatureTime: at(t, 'timestamp') })), 'policy.signingPeriod');
      expect(c.status).toBe('indeterminate');
      expect(c.subIndication).toBe(SubIndication.SIG_CONSTRAINTS_FAILURE);
    }
  });
  it("judges the LPA's period and revocation date too", () => {
    const record: PolicyRecord = {
      oid: '2.16.76.1.7.1.1.2.4',
      digests: [],
      sources: ['LPA'],
      signingPeriod: {
        notBefore: new Date('2025-06-12T00:00:00Z'),
        notAfter: new Date('2029-03-02T00:00:00Z'),
      },
      revocationDate: new Date('2027-02-26T00:00:00Z'),
    };
    const ok = byId(checkPolicyRules(facts({ record })), 'policy.signingPeriod');
    expect(ok.status).toBe('passed');
    expect(ok.message).toContain('LPA revocation date');
    const revoked = byId(
      checkPolicyRules(facts({ record, signatureTime: at('2027-03-01T00:00:00Z') })),
      'policy.signingPeriod',
    );
    expect(revoked.subIndication).toBe(SubIndication.SIG_CONSTRAINTS_FAILURE);
    expect(revoked.message).toContain('revoked the policy');
    const afterLpa = byId(
      checkPolicyRules(
        facts({
          record: { ...record, revocationDate: undefined },
          signatureTime: at('2030-01-01T00:00:00Z'),
        }),
      ),
      'policy.signingPeriod',
    );
    expect(afterLpa.status).toBe('indeterminate');
    expect(afterLpa.message).toContain('approved-policy list');
  });
  it('without a document, judges the LPA alone and says the rules were not evaluated', () => {
    const record: PolicyRecord = {
      oid: '1.2.3',
      digests: [],
      sources: ['LPA'],
      signingPeriod: { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: undefined },
    };
    const checks = checkPolicyRules(facts({ policy: undefined, record }));
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['policy.signingPeriod', 'passed'],
      ['policy.rules', 'info'],
    ]);
  });
});

describe('policy.mandatedSignedAttributes / policy.mandatedUnsignedAttributes', () => {
  it('a missing mandated signed attribute is a constraints failure', () => {
    const c = byId(
      checkPolicyRules(
        facts({ signedAttributeTypes: [A.contentType, A.messageDigest, A.signingCertificateV2] }),
      ),
      'policy.mandatedSignedAttributes',
    );
    expect(c.status).toBe('indeterminate');
    expect(c.subIndication).toBe(SubIndication.SIG_CONSTRAINTS_FAILURE);
    expect(c.message).toContain('signaturePolicyIdentifier');
  });
  it('a missing signature-time-stamp (AD-RT) is a constraints failure; present, it passes', () => {
    const rt = policy({
      commonRules: {
        mandatedSignedAttributes: RB_SIGNED,
        mandatedUnsignedAttributes: [A.signatureTimeStampToken],
        verifierMandatedUnsignedAttributes: [A.signatureTimeStampToken],
      },
    });
    const missing = checkPolicyRules(facts({ policy: rt }));
    expect(byId(missing, 'policy.mandatedUnsignedAttributes').subIndication).toBe(
      SubIndication.SIG_CONSTRAINTS_FAILURE,
    );
    expect(byId(missing, 'policy.mandatedUnsignedAttributes').message).toContain('not (yet) of the level');
    expect(byId(missing, 'policy.verifierMandatedUnsignedAttributes').status).toBe('info');
    const present = checkPolicyRules(
      facts({ policy: rt, unsignedAttributeTypes: [A.signatureTimeStampToken] }),
    );
    expect(byId(present, 'policy.mandatedUnsignedAttributes').status).toBe('passed');
  });
});

describe('policy.mandatedCertificateRef / policy.mandatedCertificateInfo', () => {
  const full = () =>
    policy({
      commonRules: { mandatedCertificateRef: 'fullPath', mandatedCertificateInfo: 'fullPath' },
    });
  it('signerOnly: one reference and the signer certificate suffice; none fails', () => {
    expect(byId(checkPolicyRules(facts()), 'policy.mandatedCertificateRef').status).toBe('passed');
    expect(
      byId(checkPolicyRules(facts({ signingCertificateRefs: 0 })), 'policy.mandatedCertificateRef')
        .subIndication,
    ).toBe(SubIndication.SIG_CONSTRAINTS_FAILURE);
    const noSigner = byId(
      checkPolicyRules(facts({ certificatesInSignature: [pki.issuingCa.cert] })),
      'policy.mandatedCertificateInfo',
    );
    expect(noSigner.subIndication).toBe(SubIndication.SIG_CONSTRAINTS_FAILURE);
  });
  it('fullPath: references and certificates for the whole path up to the trust point', () => {
    const ok = checkPolicyRules(facts({ policy: full(), signingCertificateRefs: 2 }));
    expect(byId(ok, 'policy.mandatedCertificateRef').status).toBe('passed');
    expect(byId(ok, 'policy.mandatedCertificateInfo').status).toBe('passed');
    const short = checkPolicyRules(
      facts({ policy: full(), signingCertificateRefs: 1, certificatesInSignature: [pki.endEntity.cert] }),
    );
    expect(byId(short, 'policy.mandatedCertificateRef').subIndication).toBe(
      SubIndication.SIG_CONSTRAINTS_FAILURE,
    );
    expect(byId(short, 'policy.mandatedCertificateInfo').subIndication).toBe(
      SubIndication.SIG_CONSTRAINTS_FAILURE,
    );
  });
  it('without the facts, reports "not evaluated"', () => {
    const c = checkPolicyRules(
      facts({
        policy: full(),
        signingCertificateRefs: undefined,
        signerPath: undefined,
        certificatesInSignature: undefined,
      }),
    );
    expect(byId(c, 'policy.mandatedCertificateRef').status).toBe('info');
    expect(byId(c, 'policy.mandatedCertificateInfo').status).toBe('info');
  });
});

describe('policy.signerTrustPoint / policy.timestampTrustPoint', () => {
  it('a path ending at another root is a chain constraints failure', () => {
    const c = byId(checkPolicyRules(facts({ signerPath: other.chain })), 'policy.signerTrustPoint');
    expect(c.status).toBe('indeterminate');
    expect(c.subIndication).toBe(SubIndication.CHAIN_CONSTRAINTS_FAILURE);
    expect(c.message).toContain('Other Root Root CA');
  });
  it('matches a re-issued trust-point certificate by subject and key', () => {
    // The same root, given as DER parsed anew: compares by bytes, then subject + key.
    const c = byId(
      checkPolicyRules(facts({ signerPath: [...pki.chain.slice(0, 2), parseCertificate(pki.root.der)] })),
      'policy.signerTrustPoint',
    );
    expect(c.status).toBe('passed');
  });
  it('pathLengthConstraint and acceptablePolicySet must hold', () => {
    const tight = policy({
      commonRules: { signerTrustPoints: [{ certificate: pki.root, pathLengthConstraint: 0 }] },
    });
    expect(byId(checkPolicyRules(facts({ policy: tight })), 'policy.signerTrustPoint').subIndication).toBe(
      SubIndication.CHAIN_CONSTRAINTS_FAILURE,
    );
    const loose = policy({
      commonRules: { signerTrustPoints: [{ certificate: pki.root, pathLengthConstraint: 1 }] },
    });
    expect(byId(checkPolicyRules(facts({ policy: loose })), 'policy.signerTrustPoint').status).toBe('passed');
    const wrongPolicy = policy({
      commonRules: { signerTrustPoints: [{ certificate: pki.root, acceptablePolicies: ['2.999.77'] }] },
    });
    const c = byId(checkPolicyRules(facts({ policy: wrongPolicy })), 'policy.signerTrustPoint');
    expect(c.subIndication).toBe(SubIndication.CHAIN_CONSTRAINTS_FAILURE);
    expect(c.message).toContain('acceptablePolicySet');
    const rightPolicy = policy({
      commonRules: { signerTrustPoints: [{ certificate: pki.root, acceptablePolicies: ['2.999.1.1'] }] },
    });
    expect(byId(checkPolicyRules(facts({ policy: rightPolicy })), 'policy.signerTrustPoint').status).toBe(
      'passed',
    );
  });
  it('no validated path: "not evaluated", never indeterminate', () => {
    const c = byId(checkPolicyRules(facts({ signerPath: undefined })), 'policy.signerTrustPoint');
    expect(c.status).toBe('info');
    expect(c.subIndication).toBeUndefined();
  });
  it('TSA paths are judged against the time-stamp trust points', () => {
    const p = policy({ commonRules: { timeStampTrustPoints: [{ certificate: pki.root }] } });
    expect(
      byId(
        checkPolicyRules(facts({ policy: p, timestampTsaPaths: [pki.chain] })),
        'policy.timestampTrustPoint',
      ).status,
    ).toBe('passed');
    const bad = byId(
      checkPolicyRules(facts({ policy: p, timestampTsaPaths: [pki.chain, other.chain] })),
      'policy.timestampTrustPoint',
    );
    expect(bad.subIndication).toBe(SubIndication.CHAIN_CONSTRAINTS_FAILURE);
    expect(byId(checkPolicyRules(facts({ policy: p })), 'policy.timestampTrustPoint').status).toBe('info');
  });
});

describe('policy.algorithmConstraints', () => {
  it('an algorithm the policy does not list, or a key too small, is a crypto constraints failure', () => {
    const sha1 = byId(
      checkPolicyRules(facts({ signatureAlgorithm: { oid: '1.2.840.113549.1.1.5', keyBits: 2048 } })),
      'policy.algorithmConstraints',
    );
    expect(sha1.subIndication).toBe(SubIndication.CRYPTO_CONSTRAINTS_FAILURE);
    const small = byId(
      checkPolicyRules(facts({ signatureAlgorithm: { oid: SHA256_RSA, keyBits: 1024 } })),
      'policy.algorithmConstraints',
    );
    expect(small.status).toBe('indeterminate');
    expect(small.message).toContain('1024-bit');
  });
  it('reads rsaEncryption plus the digest algorithm as sha256WithRSAEncryption', () => {
    const c = byId(
      checkPolicyRules(
        facts({
          signatureAlgorithm: {
            oid: '1.2.840.113549.1.1.1',
            keyBits: 2048,
            hash: HASH_BY_OID['2.16.840.1.101.3.4.2.1'],
          },
        }),
      ),
      'policy.algorithmConstraints',
    );
    expect(c.status).toBe('passed');
  });
  it('eeCert and caCert constraints judge the path', () => {
    const p = (min: number) =>
      policy({
        commonRules: {
          algorithmConstraints: {
            eeCert: [{ algorithm: ECDSA_SHA256, minKeyLength: min }],
            caCert: [{ algorithm: ECDSA_SHA256, minKeyLength: min }],
          },
        },
      });
    expect(byId(checkPolicyRules(facts({ policy: p(256) })), 'policy.algorithmConstraints').status).toBe(
      'passed',
    );
    const c = byId(checkPolicyRules(facts({ policy: p(384) })), 'policy.algorithmConstraints');
    expect(c.subIndication).toBe(SubIndication.CRYPTO_CONSTRAINTS_FAILURE);
    expect(c.message).toContain("signer's certificate");
    expect(c.message).toContain('CA certificate');
  });
});

describe('policy.commitmentRule', () => {
  const PROOF_OF_ORIGIN = '1.2.840.113549.1.9.16.6.1';
  const PROOF_OF_APPROVAL = '1.2.840.113549.1.9.16.6.5';
  const twoRules = () =>
    policy({
      commonRules: { mandatedSignedAttributes: RB_SIGNED, mandatedUnsignedAttributes: [] },
      commitmentRules: [
        {
          commitmentTypes: [PROOF_OF_APPROVAL],
          mandatedSignedAttributes: [...RB_SIGNED, A.commitmentType, A.signerLocation],
          mandatedUnsignedAttributes: [A.signatureTimeStampToken],
        },
        { commitmentTypes: 'empty' },
      ],
    });
  it("a commitment rule's fields override the common rules for its commitment type", () => {
    const checks = checkPolicyRules(
      facts({
        policy: twoRules(),
        commitmentTypes: [PROOF_OF_APPROVAL],
        signedAttributeTypes: [...RB_SIGNED, A.commitmentType],
      }),
    );
    const rule = byId(checks, 'policy.commitmentRule');
    expect(rule.message).toContain(PROOF_OF_APPROVAL);
    expect(rule.status).toBe('warning'); // RFC 3125 §6.1 wants each field in one place; the rule's wins
    expect(rule.message).toContain('mandatedSignedAttributes');
    expect(byId(checks, 'policy.mandatedSignedAttributes').message).toContain('signerLocation');
    expect(byId(checks, 'policy.mandatedUnsignedAttributes').subIndication).toBe(
      SubIndication.SIG_CONSTRAINTS_FAILURE,
    );
    // The same signature without a commitment type falls under the "empty" rule: common rules only.
    const plain = checkPolicyRules(facts({ policy: twoRules() }));
    expect(byId(plain, 'policy.commitmentRule').status).toBe('passed');
    expect(byId(plain, 'policy.mandatedSignedAttributes').status).toBe('passed');
    expect(byId(plain, 'policy.mandatedUnsignedAttributes').status).toBe('passed');
  });
  it('a commitment type no rule allows is a constraints failure', () => {
    const p = policy({ commitmentRules: [{ commitmentTypes: [PROOF_OF_APPROVAL] }] });
    const c = byId(
      checkPolicyRules(facts({ policy: p, commitmentTypes: [PROOF_OF_ORIGIN] })),
      'policy.commitmentRule',
    );
    expect(c.status).toBe('indeterminate');
    expect(c.subIndication).toBe(SubIndication.SIG_CONSTRAINTS_FAILURE);
    const ok = byId(
      checkPolicyRules(facts({ policy: p, commitmentTypes: [PROOF_OF_APPROVAL] })),
      'policy.commitmentRule',
    );
    expect(ok.status).toBe('passed');
  });
});

describe('hostile and odd policies never throw', () => {
  it('empty lists, out-of-range enumerations, garbage trust points, invalid times', () => {
    const odd = parseSignaturePolicy(
      buildSignaturePolicy({
        policyOid: '1.2.3',
        signingPeriod: { notBefore: new Date('2000-01-01T00:00:00Z') },
        commonRules: {
          mandatedSignedAttributes: [],
          signerTrustPoints: [],
          timeStampTrustPoints: [],
          algorithmConstraints: { signer: [] },
        },
        commitmentRules: [],
      }),
    );
    const weird = {
      ...odd,
      commonRules: {
        ...odd.commonRules,
        mandatedCertificateRef: 7,
        mandatedCertificateInfo: -1,
        signerTrustPoints: [
          { certificate: new Uint8Array([1, 2, 3]), pathLengthConstraint: -5, acceptablePolicies: [] },
        ],
      },
    };
    const hollow = { ...odd, commonRules: undefined as never, commitmentRules: undefined as never };
    for (const p of [odd, weird, hollow]) {
      const checks = checkPolicyRules(
        facts({ policy: p, signatureTime: { time: new Date(Number.NaN), source: 'validation-time' } }),
      );
      expect(checks.length).toBeGreaterThan(5);
      for (const c of checks) expect(typeof c.message).toBe('string');
    }
    expect(byId(checkPolicyRules(facts({ policy: weird })), 'policy.signerTrustPoint').subIndication).toBe(
      SubIndication.CHAIN_CONSTRAINTS_FAILURE,
    );
  });
});

describe('the facts of a real signCades signature', () => {
  it('an AD-RB-shaped CAdES signature by the test PKI meets an AD-RB-shaped policy', async () => {
    const p7s = await signCades({
      content: new TextEncoder().encode('Contrato AD-RB'),
      certificate: pki.endEntity.der,
      chain: [pki.issuingCa.der],
      key: pki.endEntity.key.privateKey,
      signaturePolicy: { oid: '2.16.76.1.7.1.1.2.4', hash: 'SHA-256', digest: new Uint8Array(32) },
    });
    const sd = parseSignedData(p7s);
    const si = sd.signerInfos[0]!;
    const checks = checkPolicyRules({
      policy: policy(),
      signedAttributeTypes: (si.signedAttributes ?? []).map((a) => a.type),
      unsignedAttributeTypes: si.unsignedAttributes.map((a) => a.type),
      signatureTime: at(new Date().toISOString()),
      signerPath: pki.chain,
      certificatesInSignature: sd.certificates,
      signingCertificateRefs: 1,
      signatureAlgorithm: { oid: si.signatureAlgorithm.oid, keyBits: pki.endEntity.cert.publicKey.bits },
    });
    const failing = checks.filter((c) => c.status === 'indeterminate' || c.status === 'failed');
    expect(failing.map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });
});

describe.skipIf(!HAVE_CORPUS)('the real ICP-Brasil PA_AD_* documents (../shared/corpus)', () => {
  const read = (n: string) => parseSignaturePolicy(new Uint8Array(readFileSync(`${POLICIES}${n}.der`)));
  /** The facts of a typical AD-RB CAdES signature (RSA 2048, SHA-256), path not validated to ICP-Brasil. */
  const rb = (o: Partial<PolicyRuleInput> = {}): PolicyRuleInput => ({
    policy: undefined,
    signedAttributeTypes: [...RB_SIGNED, A.signingTime],
    unsignedAttributeTypes: [],
    signatureTime: at('2026-03-10T12:00:00Z'),
    signingCertificateRefs: 1,
    signatureAlgorithm: { oid: SHA256_RSA, keyBits: 2048 },
    ...o,
  });
  const statuses = (checks: readonly CheckResult[]) =>
    Object.fromEntries(checks.map((c) => [c.id, c.subIndication ?? c.status]));

  it('AD-RB v2.4: every rule a B-level signature can meet holds; trust points not evaluated', () => {
    expect(statuses(checkPolicyRules(rb({ policy: read('PA_AD_RB_v2_4') })))).toEqual({
      'policy.signingPeriod': 'passed',
      'policy.commitmentRule': 'passed',
      'policy.mandatedSignedAttributes': 'passed',
      'policy.mandatedUnsignedAttributes': 'passed',
      'policy.mandatedCertificateRef': 'passed',
      'policy.mandatedCertificateInfo': 'info',
      'policy.signerTrustPoint': 'info',
      'policy.timestampTrustPoint': 'info',
      'policy.algorithmConstraints': 'passed',
    });
  });
  it('AD-RT, AD-RV, AD-RC, AD-RA: the same AD-RB signature lacks their unsigned attributes', () => {
    const missing: Record<string, string[]> = {
      PA_AD_RT_v2_4: [A.signatureTimeStampToken],
      PA_AD_RV_v2_4: [
        A.signatureTimeStampToken,
        A.completeCertificateRefs,
        A.completeRevocationRefs,
        A.escTimeStamp,
      ],
      PA_AD_RC_v2_4: [A.certValues, A.revocationValues],
      PA_AD_RA_v2_5: [A.archiveTimestampV2],
    };
    for (const [name, oids] of Object.entries(missing)) {
      const checks = checkPolicyRules(rb({ policy: read(name) }));
      const c = byId(checks, 'policy.mandatedUnsignedAttributes');
      expect(c.subIndication, name).toBe(SubIndication.SIG_CONSTRAINTS_FAILURE);
      for (const o of oids) expect(c.message, name).toContain(o);
      expect(byId(checks, 'policy.verifierMandatedUnsignedAttributes').status).toBe('info');
      expect(byId(checks, 'policy.mandatedSignedAttributes').status).toBe('passed');
    }
  });
  it('an AD-RB v2.4 signature dated before 2025-06-12, or a v2.1 one after its LPA revocation, is out of period', () => {
    expect(
      byId(
        checkPolicyRules(
          rb({ policy: read('PA_AD_RB_v2_4'), signatureTime: at('2024-01-01T00:00:00Z', 'timestamp') }),
        ),
        'policy.signingPeriod',
      ).subIndication,
    ).toBe(SubIndication.SIG_CONSTRAINTS_FAILURE);
    const store = createPolicyStore();
    store.addLpa(parseLpa(new Uint8Array(readFileSync(`${POLICIES}LPA_CAdES.der`))), 'LPA_CAdES.der');
    const record = store.get('2.16.76.1.7.1.1.2.1');
    expect(record?.revocationDate?.toISOString()).toBe('2017-02-26T00:00:00.000Z');
    const v21 = read('PA_AD_RB_v2_1');
    const checks = checkPolicyRules(
      rb({ policy: v21, record, signatureTime: at('2018-01-01T00:00:00Z', 'timestamp') }),
    );
    const c = byId(checks, 'policy.signingPeriod');
    expect(c.subIndication).toBe(SubIndication.SIG_CONSTRAINTS_FAILURE);
    expect(c.message).toContain('revoked the policy');
  });
  it('the trust points of AD-RB v2.4 are ICP-Brasil roots: a test path ends elsewhere', () => {
    const c = byId(
      checkPolicyRules(rb({ policy: read('PA_AD_RB_v2_4'), signerPath: pki.chain })),
      'policy.signerTrustPoint',
    );
    expect(c.subIndication).toBe(SubIndication.CHAIN_CONSTRAINTS_FAILURE);
    const small = byId(
      checkPolicyRules(
        rb({ policy: read('PA_AD_RB_v2_4'), signatureAlgorithm: { oid: SHA256_RSA, keyBits: 1024 } }),
      ),
      'policy.algorithmConstraints',
    );
    expect(small.subIndication).toBe(SubIndication.CRYPTO_CONSTRAINTS_FAILURE);
  });
});
