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
import { readFileSync } from 'node:fs';
import { listFiles, readInput } from './io';

/** Reads every certificate in the given files or directories. Files that hold no certificate are skipped in directories. */
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

/** Reads trust anchors from certificate files or directories. */
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

/** Reads CRLs (DER or PEM). */
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

/** Reads OCSP responses (DER or base64). */
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

/** Reads a validation policy JSON file. */
export function loadPolicy(path: string): ValidationPolicy {
  return parseValidationPolicy(readFileSync(path, 'utf8'));
}
