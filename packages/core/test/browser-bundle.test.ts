import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const packages = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

// The Node runtime adapter is the one place allowed to use Node built-ins (like jose's runtime folder).
const NODE_ADAPTERS = new Set(['core/src/node.ts', 'core/src/crypto/node-engine.ts']);

describe('runs in browsers: no Node built-ins in the verification path', () => {
  it('no `node:` or bare built-in imports in the verification packages outside the Node adapter', () => {
    const offenders: string[] = [];
    for (const pkg of ['core', 'testkit', 'cades', 'xades', 'pades', 'trust-list']) {
      for (const file of sources(join(packages, pkg, 'src'))) {
        const rel = relative(packages, file);
        if (NODE_ADAPTERS.has(rel)) continue;
        const text = readFileSync(file, 'utf8');
        if (/from\s+['"](node:|fs['"]|path['"]|crypto['"]|buffer['"]|os['"]|http['"]|https['"])/.test(text))
          offenders.push(rel);
        if (/\bBuffer\.|\bprocess\.(env|argv|exit)/.test(text)) offenders.push(`${rel} (Buffer/process)`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('@mutua/core, testkit, cades, xades, pades and trust-list bundle for the browser platform', async () => {
    const entries = ['core', 'testkit', 'cades', 'xades', 'pades', 'trust-list'].map(
      (p) => `${p}/src/index.ts`,
    );
    for (const entry of entries) {
      const r = await build({
        entryPoints: [join(packages, entry)],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        logLevel: 'silent',
        alias: {
          '@mutua/core': join(packages, 'core/src/index.ts'),
          '@mutua/cades': join(packages, 'cades/src/index.ts'),
          '@mutua/xades': join(packages, 'xades/src/index.ts'),
        },
      });
      expect(r.errors, entry).toEqual([]);
      expect(r.outputFiles[0]!.text).not.toMatch(/from\s*["']node:/);
    }
  }, 60_000);
});
