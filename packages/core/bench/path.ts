/**
 * Path validation throughput for a three-certificate path (anchor → CA → end entity), against the raw
 * cost of the cryptography that the validation cannot avoid: importing the two issuer keys and
 * verifying the two signatures, done directly with node:crypto (or WebCrypto) in the same run.
 *
 * The ratio "Mutua / raw" is the overhead of everything else RFC 5280 §6.1 asks for (name chaining,
 * validity, basic constraints, key usage, policy tree, name constraints, crypto constraints, the report).
 * The goal is to stay within 2× of the raw cost.
 *
 * Both engines cache imported keys per parsed `PublicKeyInfo`, so a prebuilt path revalidated in a
 * loop never re-imports a key. The table therefore has two pairs:
 * - cold: every run gets fresh `PublicKeyInfo` objects (as after parsing new certificates), and is
 *   compared with raw import + verify;
 * - warm: the same path again (keys cached), compared with raw verify on already imported keys.
 */
import { type KeyObject, createPublicKey, verify } from 'node:crypto';
import { type HashName, UnsupportedAlgorithm, resolveSignatureAlgorithm } from '../src/crypto/algorithms';
import type { CryptoEngine } from '../src/crypto/engine';
import { nodeCryptoEngine } from '../src/crypto/node-engine';
import { createWebCryptoEngine } from '../src/crypto/webcrypto';
import type { CandidatePath } from '../src/path/build';
import { type TrustAnchor, trustAnchorFromCertificate } from '../src/path/trust-anchor';
import { type PathValidationContext, validateCertificationPath } from '../src/path/validate-path';
import { Indication } from '../src/validation/indication';
import { STRICT_POLICY, type ValidationPolicy } from '../src/validation/policy';
import { parseCertificate } from '../src/x509/certificate';
import { loadPkitsFile } from './corpus';
import { generateChain } from './fixtures';
import { type Measurement, type Row, measureGroup, printTable } from './harness';

/** The three DER certificates of the path, the validation time, and where they came from. */
interface PathInput {
  readonly label: string;
  readonly rootDer: Uint8Array;
  readonly caDer: Uint8Array;
  readonly eeDer: Uint8Array;
  readonly time: Date;
}

/** PKITS 4.1.1 (Valid Signatures Test1) when the corpus is present, else a generated RSA-2048 chain. */
async function pathInput(): Promise<PathInput> {
  const rootDer = loadPkitsFile('certs', 'TrustAnchorRootCertificate.crt');
  const caDer = loadPkitsFile('certs', 'GoodCACert.crt');
  const eeDer = loadPkitsFile('certs', 'ValidCertificatePathTest1EE.crt');
  if (rootDer && caDer && eeDer) {
    // pyHanko's PKITS run uses 2022-05-01; any time in 2010–2030 is inside every validity period.
    return {
      label: 'PKITS 4.1.1 (RSA-2048, SHA-256)',
      rootDer,
      caDer,
      eeDer,
      time: new Date('2022-05-01T00:00:00Z'),
    };
  }
  const g = await generateChain();
  return {
    label: 'generated chain (RSA-2048, SHA-256)',
    rootDer: g.root.der,
    caDer: g.ca.der,
    eeDer: g.ee.der,
    time: g.time,
  };
}

/** The strict policy with revocation off: this benchmark is about path processing, not fetching CRLs. */
const POLICY: ValidationPolicy = {
  ...STRICT_POLICY,
  revocation: { ...STRICT_POLICY.revocation, mode: 'ignore' },
};

function context(crypto: CryptoEngine, time: Date): PathValidationContext {
  return {
    time,
    policy: POLICY,
    crypto,
    crls: [],
    ocspResponses: [],
    certificatePool: [],
    validateSignerPath: async () => ({ ok: false, reason: 'revocation is off in this benchmark' }),
    checkRevocation: async () => {
      throw new Error('revocation is off in this benchmark; checkRevocation must not be called');
    },
  };
}

/**
 * A copy of the path whose public keys are new objects, so the engines' per-key caches miss and the
 * validation pays for the key imports exactly like the raw baseline does. Shallow copies: the DER,
 * names and extensions are shared, which costs well under a microsecond.
 */
function coldCopy(p: CandidatePath): CandidatePath {
  const anchor: TrustAnchor = { ...p.anchor, publicKey: { ...p.anchor.publicKey } };
  return { anchor, certificates: p.certificates.map((c) => ({ ...c, publicKey: { ...c.publicKey } })) };
}

const NODE_HASH: Partial<Record<HashName, string>> = {
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** One signature the path validation must verify: the issuer's SPKI, the signed bytes and the signature. */
interface Verification {
  readonly spki: Buffer;
  readonly data: Uint8Array;
  readonly signature: Uint8Array;
  readonly hash: HashName;
  readonly kind: string;
}

function verificationsOf(p: CandidatePath): Verification[] {
  let issuerKey = p.anchor.publicKey;
  return p.certificates.map((c) => {
    const s = resolveSignatureAlgorithm(c.signatureAlgorithm);
    if (s instanceof UnsupportedAlgorithm || !('hash' in s))
      throw new Error(`bench: unexpected signature algorithm in ${c.subject.text}`);
    const v = {
      spki: Buffer.from(issuerKey.der.buffer, issuerKey.der.byteOffset, issuerKey.der.byteLength),
      data: c.tbsDer,
      signature: c.signatureValue,
      hash: s.hash,
      kind: s.kind,
    };
    issuerKey = c.publicKey;
    return v;
  });
}

async function expectPassed(crypto: CryptoEngine, p: CandidatePath, time: Date): Promise<void> {
  const o = await validateCertificationPath(p, context(crypto, time));
  if (o.indication !== Indication.TOTAL_PASSED) {
    throw new Error(
      `bench: the path does not validate with ${crypto.name}: ${o.subIndication} ${o.decisiveCheck?.message}`,
    );
  }
}

/** Runs the path-validation benchmark and prints its table. */
export async function benchPath(): Promise<void> {
  const input = await pathInput();
  const root = parseCertificate(input.rootDer);
  const path: CandidatePath = {
    anchor: trustAnchorFromCertificate(root),
    certificates: [parseCertificate(input.caDer), parseCertificate(input.eeDer)],
  };
  const { time } = input;
  const verifs = verificationsOf(path);
  console.log(
    `\nValidating a 3-certificate path: ${input.label}; ${verifs.length} signature verifications per path.`,
  );

  const node = nodeCryptoEngine;
  const web = createWebCryptoEngine();
  await expectPassed(node, path, time);
  await expectPassed(web, path, time);
  const nodeCtx = context(node, time);
  const webCtx = context(web, time);

  // Raw node:crypto: what a hand-written chain check costs (no RFC 5280 processing at all).
  const importNode = (v: Verification): KeyObject =>
    createPublicKey({ key: v.spki, format: 'der', type: 'spki' });
  const nodeKeys = verifs.map(importNode);
  const verifyNode = (v: Verification, key: KeyObject): boolean =>
    verify(NODE_HASH[v.hash], v.data, key, v.signature);
  if (!verifs.every((v, i) => verifyNode(v, nodeKeys[i]!)))
    throw new Error('bench: raw node:crypto verify failed');

  let sink = 0;
  const { rawNodeCold, rawNodeWarm, mutuaNodeCold, mutuaNodeWarm, mutuaNodeParse } = await measureGroup({
    rawNodeCold: {
      op: () => {
        for (const v of verifs) if (verifyNode(v, importNode(v))) sink++;
      },
    },
    rawNodeWarm: {
      op: () => {
        for (let i = 0; i < verifs.length; i++) if (verifyNode(verifs[i]!, nodeKeys[i]!)) sink++;
      },
    },
    mutuaNodeCold: { op: () => validateCertificationPath(coldCopy(path), nodeCtx) },
    mutuaNodeWarm: { op: () => validateCertificationPath(path, nodeCtx) },
    mutuaNodeParse: {
      op: () => {
        const r = parseCertificate(input.rootDer);
        const p: CandidatePath = {
          anchor: trustAnchorFromCertificate(r),
          certificates: [parseCertificate(input.caDer), parseCertificate(input.eeDer)],
        };
        return validateCertificationPath(p, nodeCtx);
      },
    },
  });

  const rows: Row[] = [
    {
      name: 'raw node:crypto import + verify',
      m: rawNodeCold,
      note: 'createPublicKey ×2 + crypto.verify ×2',
    },
    {
      name: 'Mutua + nodeCryptoEngine, cold keys',
      m: mutuaNodeCold,
      baseline: { label: 'raw', m: rawNodeCold },
    },
    {
      name: 'Mutua + node, parse 3 DER + validate',
      m: mutuaNodeParse,
      baseline: { label: 'raw', m: rawNodeCold },
      note: 'end to end from DER bytes: includes parsing the three certificates',
    },
    { name: 'raw node:crypto verify (keys imported)', m: rawNodeWarm },
    {
      name: 'Mutua + nodeCryptoEngine, warm keys',
      m: mutuaNodeWarm,
      baseline: { label: 'raw warm', m: rawNodeWarm },
    },
  ];

  // WebCrypto: the engine browsers use. The raw baseline is subtle.importKey + subtle.verify.
  const subtle = globalThis.crypto.subtle;
  const allRsa = verifs.every((v) => v.kind === 'RSA-PKCS1');
  const web1 = {
    mutuaWebCold: { op: () => validateCertificationPath(coldCopy(path), webCtx) },
    mutuaWebWarm: { op: () => validateCertificationPath(path, webCtx) },
  };
  let rawWebCold: Measurement | undefined;
  let rawWebWarm: Measurement | undefined;
  let mutuaWebCold: Measurement;
  let mutuaWebWarm: Measurement;
  if (allRsa) {
    const importWeb = (v: Verification) =>
      subtle.importKey('spki', v.spki as BufferSource, { name: 'RSASSA-PKCS1-v1_5', hash: v.hash }, false, [
        'verify',
      ]);
    const webKeys = await Promise.all(verifs.map(importWeb));
    const verifyWeb = (v: Verification, k: CryptoKey) =>
      subtle.verify('RSASSA-PKCS1-v1_5', k, v.signature as BufferSource, v.data as BufferSource);
    const m = await measureGroup({
      rawWebCold: {
        op: async () => {
          for (const v of verifs) if (await verifyWeb(v, await importWeb(v))) sink++;
        },
      },
      rawWebWarm: {
        op: async () => {
          for (let i = 0; i < verifs.length; i++) if (await verifyWeb(verifs[i]!, webKeys[i]!)) sink++;
        },
      },
      ...web1,
    });
    ({ rawWebCold, rawWebWarm, mutuaWebCold, mutuaWebWarm } = m);
  } else {
    ({ mutuaWebCold, mutuaWebWarm } = await measureGroup(web1));
  }
  if (sink === -1) console.log('unreachable');
  if (rawWebCold)
    rows.push({
      name: 'raw WebCrypto importKey + verify',
      m: rawWebCold,
      note: 'subtle.importKey ×2 + subtle.verify ×2',
    });
  rows.push({
    name: 'Mutua + createWebCryptoEngine, cold keys',
    m: mutuaWebCold,
    ...(rawWebCold ? { baseline: { label: 'raw', m: rawWebCold } } : {}),
  });
  if (rawWebWarm) rows.push({ name: 'raw WebCrypto verify (keys imported)', m: rawWebWarm });
  rows.push({
    name: 'Mutua + createWebCryptoEngine, warm keys',
    m: mutuaWebWarm,
    ...(rawWebWarm ? { baseline: { label: 'raw warm', m: rawWebWarm } } : {}),
  });
  printTable('Path validation (revocation off)', 'path', rows);

  const goal = (name: string, m: Measurement, raw: Measurement | undefined) => {
    if (!raw) return;
    const r = m.usPerOp / raw.usPerOp;
    console.log(`  goal ≤ 2.00× raw — ${name}: ${r.toFixed(2)}× ${r <= 2 ? 'met' : 'NOT met'}`);
  };
  goal('node engine, cold', mutuaNodeCold, rawNodeCold);
  goal('node engine, warm', mutuaNodeWarm, rawNodeWarm);
  goal('WebCrypto engine, cold', mutuaWebCold, rawWebCold);
  goal('WebCrypto engine, warm', mutuaWebWarm, rawWebWarm);
}
