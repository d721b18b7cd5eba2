import {
  type Certificate,
  type CertificateList,
  type OcspResponse,
  type TrustAnchor,
  type ValidationPolicy,
  parseCertificates,
  parseCrl,
  parseOcspResponse,
  parseValidationPolicy,
  decodeInputBlobs,
  trustAnchorFromCertificate,
} from '@mutua/core';
import {
  type PolicyStore,
  addKnownPolicies,
  createPolicyStore,
  parseLpa,
  parseLpaXml,
  parseSignaturePolicy,
  policyDigest,
} from '@mutua/cades';
import { nodeCryptoEngine } from '@mutua/core/node';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseXml } from '@mutua/xades';
import { listFiles, readInput } from './io';

/**
 * Reads every certificate in the given files or directories. Files that hold no certificate are skipped in
 * directories.
 *
 * @example
 * ```ts
 * // loadCertificates is internal (not exported by the package); it reads the target of `mutua chain`:
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * await run(['chain', certPath, '--trust', certPath], { out: (t) => out.push(t), err: () => {} }); // 0
 * out.join('').split('\n')[0]; // 'Verdict: TOTAL_PASSED' (a certificate trusted directly, within its validity)
 * ```
 */
export function loadCertificates(paths: readonly string[], { skipBadInDirs = true } = {}): Certificate[] {
  const out: Certificate[] = [];
  for (const p of paths) {
    const files = listFiles(p);
    const isDir = files.length !== 1 || files[0] !== p;
    for (const f of files) {
      try {
        out.push(...parseCertificates(readInput(f)));
      } catch (e) {
        if (!isDir || !skipBadInDirs) throw new Error(`${f}: ${(e as Error).message}`);
      }
    }
  }
  return out;
}

/**
 * Reads trust anchors from certificate files or directories.
 *
 * @example
 * ```ts
 * // loadTrustAnchors is internal (not exported by the package); it reads `--trust FILE|DIR`:
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * const io = { out: (t: string) => out.push(t), err: () => {} };
 * await run(['chain', certPath, '--trust', certPath, '--format', 'json'], io); // 0
 * JSON.parse(out.join('')).checks[0].id; // 'path.directTrust'
 * ```
 */
export function loadTrustAnchors(paths: readonly string[]): TrustAnchor[] {
  const anchors: TrustAnchor[] = [];
  for (const p of paths) {
    for (const f of listFiles(p)) {
      let certs: Certificate[];
      try {
        certs = parseCertificates(readInput(f));
      } catch (e) {
        if (f === p) throw new Error(`${f}: ${(e as Error).message}`);
        continue;
      }
      for (const c of certs) anchors.push(trustAnchorFromCertificate(c, `file:${f}`));
    }
  }
  return anchors;
}

/**
 * Reads CRLs (DER or PEM).
 *
 * @example
 * ```ts
 * // loadCrls is internal (not exported by the package); it reads `--crl FILE|DIR`. A file that is not a
 * // CRL is an input error (exit code 2):
 * import { run } from '@mutua/cli';
 * const io = { out: () => {}, err: () => {} };
 * await run(['chain', certPath, '--trust', certPath, '--crl', certPath], io); // 2
 * ```
 */
export function loadCrls(paths: readonly string[]): CertificateList[] {
  return paths.flatMap((p) =>
    listFiles(p).flatMap((f) => {
      try {
        return decodeInputBlobs(readInput(f)).map((d) => parseCrl(d));
      } catch (e) {
        throw new Error(`${f}: ${(e as Error).message}`);
      }
    }),
  );
}

/**
 * Reads OCSP responses (DER or base64).
 *
 * @example
 * ```ts
 * // loadOcsp is internal (not exported by the package); it reads `--ocsp FILE|DIR`. A file that is not an
 * // OCSP response is an input error (exit code 2):
 * import { run } from '@mutua/cli';
 * const io = { out: () => {}, err: () => {} };
 * await run(['chain', certPath, '--trust', certPath, '--ocsp', certPath], io); // 2
 * ```
 */
export function loadOcsp(paths: readonly string[]): OcspResponse[] {
  return paths.flatMap((p) =>
    listFiles(p).flatMap((f) => {
      try {
        return decodeInputBlobs(readInput(f)).map((d) => parseOcspResponse(d));
      } catch (e) {
        throw new Error(`${f}: ${(e as Error).message}`);
      }
    }),
  );
}

/**
 * Reads a validation policy JSON file.
 *
 * @example
 * ```ts
 * // loadPolicy is internal (not exported by the package); it reads `--policy FILE`. A file that is not a
 * // validation policy is an input error (exit code 2):
 * import { run } from '@mutua/cli';
 * const io = { out: () => {}, err: () => {} };
 * await run(['chain', certPath, '--trust', certPath, '--policy', 'package.json'], io); // 2
 * ```
 */
export function loadPolicy(path: string): ValidationPolicy {
  return parseValidationPolicy(readFileSync(path, 'utf8'));
}

/**
 * Builds the signature-policy store of `mutua verify --signature-policy F|DIR`: the known policies
 * republished under one URL (`addKnownPolicies`), then every file given — approved-policy lists (LPA, DER
 * or XML) and RFC 3125 / DOC-ICP-15.03 policy documents (whose SHA-1, SHA-256 and SHA-512 digests are
 * computed, and whose rules are then enforced). A file that is none of these is an input error.
 *
 * @example
 * ```ts
 * // loadSignaturePolicies is internal (not exported by the package). A file that is not a policy is an
 * // input error (exit code 2):
 * import { run } from '@mutua/cli';
 * const io = { out: () => {}, err: () => {} };
 * await run(['verify', certPath, '--signature-policy', 'package.json'], io); // 2
 * ```
 */
/**
 * An XML signature policy document (ICP-Brasil PA_AD_*.xml, for XAdES): keyed by the OID its
 * SignPolicyIdentifier names, with its SHA-256 (what LPA_XAdES.xml lists) and its bytes (a XAdES signature
 * commits to its digest after transforms, which only the document can reproduce).
 */
function addXmlPolicy(store: PolicyStore, bytes: Uint8Array, file: string): void {
  const doc = parseXml(bytes);
  let identifier: string | undefined;
  const stack = [doc.root];
  while (stack.length && !identifier) {
    const e = stack.pop()!;
    if (
      e.localName === 'Identifier' &&
      e.parent.kind === 'element' &&
      e.parent.localName === 'SignPolicyIdentifier'
    )
      identifier = e.textContent.trim();
    else stack.push(...e.elements());
  }
  if (!identifier)
    throw new Error(
      `${file}: neither an approved-policy list nor a signature policy (no SignPolicyIdentifier)`,
    );
  const sha256 = createHash('sha256').update(bytes).digest();
  store.add(identifier.replace(/^urn:oid:/i, ''), {
    digests: [{ hash: 'SHA-256', value: new Uint8Array(sha256) }],
    documentBytes: bytes,
    source: file,
  });
}

export async function loadSignaturePolicies(paths: readonly string[]): Promise<PolicyStore> {
  const store = createPolicyStore();
  addKnownPolicies(store);
  for (const file of paths.flatMap((p) => listFiles(p))) {
    const bytes = readInput(file);
    const text = bytes[0] === 0x3c || (bytes[0] === 0xef && bytes[3] === 0x3c);
    if (text) {
      const xml = new TextDecoder().decode(bytes);
      if (/<(?:[\w.-]+:)?ApprovedSignaturePoliciesList[\s>]/.test(xml)) store.addLpa(parseLpaXml(xml), file);
      else addXmlPolicy(store, bytes, file);
      continue;
    }
    let lpaError: unknown;
    try {
      store.addLpa(parseLpa(bytes), file);
      continue;
    } catch (e) {
      lpaError = e;
    }
    let doc: ReturnType<typeof parseSignaturePolicy>;
    try {
      doc = parseSignaturePolicy(bytes);
    } catch (e) {
      throw new Error(
        `${file}: neither an approved-policy list (${(lpaError as Error).message}) nor a signature policy (${(e as Error).message})`,
      );
    }
    const digests = [];
    for (const hash of ['SHA-1', 'SHA-256', 'SHA-512'] as const)
      digests.push({ hash, value: await policyDigest(doc, hash, nodeCryptoEngine) });
    store.add(doc.policyOid, { digests, document: doc, source: file });
  }
  return store;
}
