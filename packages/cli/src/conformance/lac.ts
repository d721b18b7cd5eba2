import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  addKnownPolicies,
  createPolicyStore,
  parseLpa,
  parseLpaXml,
  parseSignaturePolicy,
  policyDigest,
} from '@mutua/cades';
import { base64Encode, parseCertificates } from '@mutua/core';
import { parseXml, verifyXades } from '@mutua/xades';
import { nodeCryptoEngine } from '@mutua/core/node';
import { sha256Hex } from '../report';
import { type ConformanceEntry, type ConformanceReport, makeReport } from './types';

/** An entry of the LAC corpus manifest (see ../shared/corpus/README.md). */
export interface LacFile {
  path: string;
  kind: string;
  country?: string;
  sha256?: string;
  expected?: string | null;
  /** What the file is; for `signature-policy-pdf`, names the policy id URL (`policy id URL: …`). */
  what?: string;
  /** For signature policies: the policy OID. */
  policyOid?: string;
}

const CERT_KINDS = new Set(['ca-cert', 'ee-cert', 'root-ca-cert']);

/** Which issue covers the kinds this foundation does not run yet. */
const LATER: Record<string, string> = {
  'signed-sample': 'signed documents are issues 3, 4 and 6',
  'signature-test-vector': 'signed documents are issues 3, 4 and 6',
  'ocsp-test-vector': 'OCSP test vectors are run with signed documents (issue 3)',
};

/**
 * Runs the LAC manifest: every certificate must parse, and its bytes must be the ones the manifest
 * describes (SHA-256); every approved-policy list (LPA, DER or XML) must parse; every ICP-Brasil ASN.1
 * signature policy must load and its digest must match its entry in the approved-policy lists — or be
 * absent from them where the manifest says the policy is not listed; every PDF policy identified by URL
 * (XAdES-EPES: Costa Rica's DGT, Colombia's DIAN) must have its SHA-1 and SHA-256 known, for the URL the
 * manifest names, to the shipped table of historical digests (`KNOWN_SIGNATURE_POLICIES`). Other kinds
 * are reported as not run, with the issue that covers them.
 */
export async function runLac(manifestPath: string, files: LacFile[]): Promise<ConformanceReport> {
  const dir = dirname(manifestPath);
  const store = createPolicyStore();
  const xmlStore = createPolicyStore();
  const known = createPolicyStore();
  addKnownPolicies(known);
  const entries: ConformanceEntry[] = [];
  // Approved-policy lists first: the policies are judged against them.
  for (const f of files.filter((x) => x.kind === 'policy-list')) {
    if (!/\.(der|xml)$/i.test(f.path)) {
      entries.push({
        id: f.path,
        status: 'not-run',
        expected: null,
        actual: null,
        reason: 'a schema, not a policy list',
      });
      continue;
    }
    try {
      const bytes = new Uint8Array(readFileSync(join(dir, f.path)));
      const lpa = f.path.endsWith('.xml') ? parseLpaXml(new TextDecoder().decode(bytes)) : parseLpa(bytes);
      // The current CAdES/PAdES lists define which policy digests are approved; LPA_XAdES.xml the XML ones.
      if (/LPA_(CAdES|PAdES)\.der$/.test(f.path)) store.addLpa(lpa, f.path);
      if (/LPA_XAdES\.xml$/.test(f.path)) xmlStore.addLpa(lpa, f.path);
      // An XML list carries its own enveloped signature: report whether it is intact (its verdict needs
      // the ICP-Brasil roots and revocation data; the manifest asserts nothing about it).
      let signature = '';
      if (f.path.endsWith('.xml')) {
        const v = await verifyXades(bytes, { trustAnchors: [], crypto: nodeCryptoEngine });
        const s = v.signatures[0];
        signature = s
          ? `; its XML signature is ${s.signatureIntact ? 'intact' : 'NOT intact'} (signer ${s.signer?.subject ?? 'unknown'})`
          : '; unsigned';
      }
      entries.push({
        id: f.path,
        status: 'agreed',
        expected: { parses: true },
        actual: { entries: lpa.entries.length },
        reason: `${lpa.entries.length} policies listed${signature}`,
      });
    } catch (e) {
      entries.push({
        id: f.path,
        status: 'disagreed',
        expected: { parses: true },
        actual: { parses: false },
        reason: (e as Error).message,
      });
    }
  }
  for (const f of files) {
    if (f.kind === 'policy-list') continue;
    if (f.kind === 'signature-policy-der') {
      entries.push(await runPolicy(dir, f, store));
      continue;
    }
    if (f.kind === 'signature-policy-pdf') {
      entries.push(await runPdfPolicy(dir, f, known));
      continue;
    }
    if (f.kind === 'signature-policy-xml') {
      entries.push(await runXmlPolicy(dir, f, xmlStore));
      continue;
    }
    if (!CERT_KINDS.has(f.kind)) {
      entries.push({
        id: f.path,
        status: 'not-run',
        expected: f.expected ?? null,
        actual: null,
        reason: LATER[f.kind] ?? `kind ${f.kind} is not a validation target`,
      });
      continue;
    }
    const expected = { parses: true, sha256: f.sha256 ?? null };
    try {
      const bytes = readFileSync(join(dir, f.path));
      const certs = parseCertificates(bytes);
      const digest = sha256Hex(bytes);
      const ok = certs.length > 0 && (!f.sha256 || f.sha256 === digest);
      entries.push({
        id: f.path,
        status: ok ? 'agreed' : 'disagreed',
        expected,
        actual: {
          parses: certs.length > 0,
          certificates: certs.length,
          sha256: digest,
          subject: certs[0]?.subject.text ?? null,
        },
        reason: ok
          ? `parsed: ${certs[0]?.subject.text}`
          : 'file differs from the manifest (sha256) or holds no certificate',
      });
    } catch (e) {
      entries.push({
        id: f.path,
        status: 'disagreed',
        expected,
        actual: { parses: false },
        reason: (e as Error).message,
      });
    }
  }
  return makeReport('lac', entries);
}

/** One ICP-Brasil policy document: it loads, and its SHA-256 is the digest its LPA entry lists. */
async function runPolicy(
  dir: string,
  f: LacFile,
  store: ReturnType<typeof createPolicyStore>,
): Promise<ConformanceEntry> {
  const notListed = /not listed/i.test(f.expected ?? '');
  const expected = { loads: true, lpa: notListed ? 'unknown' : 'match' };
  try {
    const policy = parseSignaturePolicy(new Uint8Array(readFileSync(join(dir, f.path))));
    const digest = await policyDigest(policy, 'SHA-256', nodeCryptoEngine);
    const found = store.lookup(policy.policyOid, 'SHA-256', digest);
    const ok = found.status === expected.lpa;
    return {
      id: f.path,
      status: ok ? 'agreed' : 'disagreed',
      expected,
      actual: { loads: true, policyOid: policy.policyOid, lpa: found.status },
      reason: ok
        ? `policy ${policy.policyOid}: LPA ${found.status}`
        : `policy ${policy.policyOid}: expected LPA ${expected.lpa}, got ${found.status}`,
    };
  } catch (e) {
    return {
      id: f.path,
      status: 'disagreed',
      expected,
      actual: { loads: false },
      reason: (e as Error).message,
    };
  }
}

/** The policy id URL an entry's `what` names (`… policy id URL: https://…; …`), if any. */
function policyUrlOf(f: LacFile): string | undefined {
  return /policy id URL:\s*(https?:\/\/[^\s;]+)/i.exec(f.what ?? '')?.[1];
}

/**
 * One PDF policy identified by URL: its SHA-1 and SHA-256, computed here, are digests the shipped table
 * knows for the URL the manifest names. Agreed when at least one is a match and neither differs from
 * what the table holds for that hash.
 */
/**
 * One ICP-Brasil XML signature policy (for XAdES): well-formed XML under our strict parser, and its SHA-256
 * — the document's bytes, as LPA_XAdES.xml lists them — the digest listed for its OID.
 */
async function runXmlPolicy(
  dir: string,
  f: LacFile,
  store: ReturnType<typeof createPolicyStore>,
): Promise<ConformanceEntry> {
  const expected = { parses: true, lpa: 'match' };
  const oid = f.policyOid;
  try {
    const bytes = new Uint8Array(readFileSync(join(dir, f.path)));
    parseXml(bytes);
    if (!oid) throw new Error('the manifest gives no policy OID');
    const found = store.lookup(oid, 'SHA-256', await nodeCryptoEngine.digest('SHA-256', bytes));
    const ok = found.status === 'match';
    return {
      id: f.path,
      status: ok ? 'agreed' : 'disagreed',
      expected,
      actual: { parses: true, policyOid: oid, lpa: found.status },
      reason: `XML policy ${oid}: LPA_XAdES.xml ${found.status}`,
    };
  } catch (e) {
    return {
      id: f.path,
      status: 'disagreed',
      expected,
      actual: { parses: false },
      reason: (e as Error).message,
    };
  }
}

async function runPdfPolicy(
  dir: string,
  f: LacFile,
  known: ReturnType<typeof createPolicyStore>,
): Promise<ConformanceEntry> {
  const url = policyUrlOf(f);
  const expected = { url: url ?? null, known: 'match' };
  if (!url)
    return {
      id: f.path,
      status: 'disagreed',
      expected,
      actual: null,
      reason: 'the manifest entry names no policy id URL',
    };
  try {
    const bytes = new Uint8Array(readFileSync(join(dir, f.path)));
    const found: Record<string, string> = {};
    const digests: Record<string, string> = {};
    for (const hash of ['SHA-256', 'SHA-1'] as const) {
      const d = await nodeCryptoEngine.digest(hash, bytes);
      digests[hash] = base64Encode(d);
      const r = known.lookup(url, hash, d);
      found[hash] = r.status === 'mismatch' ? r.reason : r.status;
    }
    const values = Object.values(found);
    const ok = values.includes('match') && values.every((v) => v === 'match' || v === 'no-digest-for-hash');
    const summary = Object.entries(found)
      .map(([h, v]) => `${h} ${digests[h]} ${v}`)
      .join(', ');
    return {
      id: f.path,
      status: ok ? 'agreed' : 'disagreed',
      expected,
      actual: { url, digests, known: found },
      reason: ok ? `known digests for ${url}: ${summary}` : `not known for ${url}: ${summary}`,
    };
  } catch (e) {
    return {
      id: f.path,
      status: 'disagreed',
      expected,
      actual: { url, read: false },
      reason: (e as Error).message,
    };
  }
}
