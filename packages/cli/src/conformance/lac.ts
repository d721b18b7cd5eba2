import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseCertificates } from '@mutua/core';
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
  'signature-policy-der': 'signature policies are issue 3 (CAdES)',
  'signature-policy-xml': 'signature policies are issue 3 (CAdES)',
  'signature-policy-pdf': 'signature policies are issue 3 (CAdES)',
  'policy-list': 'approved-policy lists are issue 3 (CAdES)',
  'signed-sample': 'signed documents are issues 3, 4 and 6',
  'signature-test-vector': 'signed documents are issues 3, 4 and 6',
  'ocsp-test-vector': 'OCSP test vectors are run with signed documents (issue 3)',
};

/**
 * Runs the LAC manifest: every certificate must parse, and its bytes must be the ones the manifest
 * describes (SHA-256). Other kinds are reported as not run, with the issue that covers them.
 *
 * @example
 * ```ts
 * // runLac is internal (not exported by the package); `mutua conformance` runs it for the LAC manifest:
 * // every certificate must parse and have the SHA-256 the manifest gives (skipped without the corpus).
 * import { run } from '@mutua/cli';
 * await run(['conformance', '../shared/corpus/lac/manifest.json'], { out: () => {}, err: () => {} }); // 0
 * ```
 */
export function runLac(manifestPath: string, files: LacFile[]): ConformanceReport {
  const dir = dirname(manifestPath);
  const entries: ConformanceEntry[] = files.map((f) => {
    if (!CERT_KINDS.has(f.kind)) {
      return {
        id: f.path,
        status: 'not-run',
        expected: f.expected ?? null,
        actual: null,
        reason: LATER[f.kind] ?? `kind ${f.kind} is not a validation target`,
      };
    }
    const expected = { parses: true, sha256: f.sha256 ?? null };
    try {
      const bytes = readFileSync(join(dir, f.path));
      const certs = parseCertificates(bytes);
      const digest = sha256Hex(bytes);
      const ok = certs.length > 0 && (!f.sha256 || f.sha256 === digest);
      return {
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
  });
  return makeReport('lac', entries);
}
