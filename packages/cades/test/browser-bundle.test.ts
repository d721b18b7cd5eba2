import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const packages = fileURLToPath(new URL('../../', import.meta.url));
const src = join(packages, 'cades/src');

describe('@mutua/cades runs in browsers', () => {
  it('no Node built-in imports, Buffer or process in its sources', () => {
    const offenders = readdirSync(src)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => {
        const text = readFileSync(join(src, f), 'utf8');
        return (
          /from\s+['"](node:|fs['"]|path['"]|crypto['"]|buffer['"]|os['"]|http['"]|https['"])/.test(text) ||
          /\bBuffer\.|\bprocess\.(env|argv|exit)/.test(text)
        );
      });
    expect(offenders).toEqual([]);
  });

  it('bundles for the browser platform', async () => {
    const r = await build({
      entryPoints: [join(src, 'index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      alias: { '@mutua/core': join(packages, 'core/src/index.ts') },
    });
    expect(r.errors).toEqual([]);
    expect(r.outputFiles[0]!.text).not.toMatch(/from\s*["']node:/);
  }, 30_000);
});
