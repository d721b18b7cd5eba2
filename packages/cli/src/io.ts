import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What a command writes to; injectable so tests can capture output. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** The process's stdout/stderr. */
export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

const MAX_FILE = 64 * 1024 * 1024;
const MAX_FILES = 20_000;

/**
 * Reads a file with a size limit (a CLI must not exhaust memory on a mistaken path).
 *
 * @example
 * ```ts
 * // readInput is internal (not exported by the package); a missing file is a usage error (exit code 2):
 * import { run } from '@mutua/cli';
 * const err: string[] = [];
 * const io = { out: () => {}, err: (t: string) => err.push(t) };
 * await run(['inspect', certPath.replace('signer.crt', 'missing.crt')], io); // 2
 * err[0]?.includes('ENOENT'); // true
 * ```
 */
export function readInput(path: string): Uint8Array {
  const st = statSync(path);
  if (st.size > MAX_FILE)
    throw new Error(`${path}: ${st.size} bytes is more than the ${MAX_FILE}-byte limit`);
  return readFileSync(path);
}

/**
 * Lists the files under a path (the path itself when it is a file), sorted, bounded in count.
 *
 * @example
 * ```ts
 * // listFiles is internal (not exported by the package); it lets `mutua inspect` take a folder:
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * const folder = certPath.replace('/signer.crt', '');
 * await run(['inspect', folder], { out: (t) => out.push(t), err: () => {} }); // 0
 * out.join('').includes('signer.crt'); // true
 * ```
 */
export function listFiles(path: string): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    if (out.length >= MAX_FILES) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const f of readdirSync(p).sort()) walk(join(p, f));
    else if (st.isFile()) out.push(p);
  };
  walk(path);
  return out;
}
