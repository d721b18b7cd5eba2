import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createPolicyStore, parseLpa, parseLpaXml, parseSignaturePolicy, policyDigest } from '@mutua/cades';
import { parseCertificates } from '@mutua/core';
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
}

const CERT_KINDS = new Set(['ca-cert', 'ee-cert', 'root-ca-cert']);

/** Which issue covers the kinds this foundation does not run yet. */
const LATER: Record<string, string> = {
  'signature-policy-xml': 'XML signature policy documents (XAdES policies) come with issue 4',
  'signature-policy-pdf': 'a PDF rendering of a policy: prose for people, nothing to check by machine',
  'signed-sample': 'signed documents are issues 3, 4 and 6',
  'signature-test-vector': 'signed documents are issues 3, 4 and 6',
  'ocsp-test-vector': 'OCSP test vectors are run with signed documents (issue 3)',
};

/**
 * Runs the LAC manifest: every certificate must parse, and its bytes must be the ones the manifest
 * describes (SHA-256); every approved-policy list (LPA, DER or XML) must parse; every ICP-Brasil ASN.1
 * signature policy must load and its digest must match its entry in the approved-policy lists — or be
 * absent from them where the manifest says the policy is not listed. Other kinds are reported as not run,
 * with the issue that covers them.
 */
export async function runLac(manifestPath: string, files: LacFile[]): Promise<ConformanceReport> {
  const dir = dirname(manifestPath);
  const store = createPolicyStore();
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
      // The current CAdES/PAdES lists define which policy digests are approved.
      if (/LPA_(CAdES|PAdES)\.der$/.test(f.path)) store.addLpa(lpa, f.path);
      entries.push({
        id: f.path,
        status: 'agreed',
        expected: { parses: true },
        actual: { entries: lpa.entries.length },
        reason: `${lpa.entries.length} policies listed`,
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
