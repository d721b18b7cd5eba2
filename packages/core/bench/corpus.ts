/**
 * Locates the shared conformance corpus (PKITS, LAC) and loads its certificates as DER.
 *
 * The corpus is real data owned by others and is never copied into the repository: CI and developers
 * have it at `../shared/corpus` beside the repository root. Everything here returns `undefined` / empty
 * when it is absent, so that the benchmark and the fuzz tests fall back to generated certificates.
 * `MUTUA_CORPUS` overrides the location.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeInputBlobs } from '../src/x509/input';

/** The repository root (this file is `packages/core/bench/corpus.ts`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The corpus directory, or `undefined` when it is not available. */
export function corpusDir(): string | undefined {
  const dir = process.env.MUTUA_CORPUS ?? resolve(REPO_ROOT, '../shared/corpus');
  return existsSync(dir) ? dir : undefined;
}

/** PKITS `certs/` directory, or `undefined`. */
export function pkitsCertsDir(): string | undefined {
  const c = corpusDir();
  const d = c && join(c, 'pkits', 'certs');
  return d && existsSync(d) ? d : undefined;
}

/** PKITS `crls/` directory, or `undefined`. */
export function pkitsCrlsDir(): string | undefined {
  const c = corpusDir();
  const d = c && join(c, 'pkits', 'crls');
  return d && existsSync(d) ? d : undefined;
}

/** One certificate from the corpus: where it came from and its DER. */
export interface CorpusCert {
  readonly source: string;
  readonly der: Uint8Array;
}

/** Every PKITS certificate (DER files), sorted by name so that runs are reproducible. */
export function loadPkitsCerts(): CorpusCert[] {
  const dir = pkitsCertsDir();
  if (!dir) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.crt'))
    .sort()
    .map((f) => ({ source: `pkits/${f}`, der: new Uint8Array(readFileSync(join(dir, f))) }));
}

/** One PKITS file by name (`certs/X.crt` or `crls/X.crl`), or `undefined`. */
export function loadPkitsFile(kind: 'certs' | 'crls', name: string): Uint8Array | undefined {
  const c = corpusDir();
  const p = c && join(c, 'pkits', kind, name);
  return p && existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined;
}

const LAC_CERT_KINDS = new Set(['ca-cert', 'ee-cert', 'root-ca-cert']);

/**
 * Every LAC certificate listed in `lac/manifest.json` with a certificate kind. The files are a mix of
 * DER and PEM (some PEM files hold several certificates); each is turned into DER blobs with core's
 * own input decoding, which is not timed.
 */
export function loadLacCerts(): CorpusCert[] {
  const c = corpusDir();
  const manifest = c && join(c, 'lac', 'manifest.json');
  if (!manifest || !existsSync(manifest)) return [];
  const m = JSON.parse(readFileSync(manifest, 'utf8')) as { files?: { path: string; kind?: string }[] };
  const out: CorpusCert[] = [];
  for (const f of m.files ?? []) {
    if (!f.kind || !LAC_CERT_KINDS.has(f.kind)) continue;
    const p = join(c!, 'lac', f.path);
    if (!existsSync(p)) continue;
    let blobs: Uint8Array[];
    try {
      blobs = decodeInputBlobs(new Uint8Array(readFileSync(p)));
    } catch {
      continue; // Not our problem here: the conformance runner reports unreadable entries.
    }
    for (const [i, der] of blobs.entries()) {
      out.push({ source: `lac/${f.path}${blobs.length > 1 ? `#${i}` : ''}`, der });
    }
  }
  return out;
}
