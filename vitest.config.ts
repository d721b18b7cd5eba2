import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string, file = 'index.ts') =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@mutua\/core\/node$/, replacement: src('core', 'node.ts') },
      { find: /^@mutua\/core$/, replacement: src('core') },
      { find: /^@mutua\/testkit$/, replacement: src('testkit') },
      { find: /^@mutua\/cades$/, replacement: src('cades') },
      { find: /^@mutua\/xades$/, replacement: src('xades') },
      { find: /^@mutua\/pades$/, replacement: src('pades') },
      { find: /^@mutua\/trust-list$/, replacement: src('trust-list') },
      { find: /^@mutua\/cli$/, replacement: src('cli') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'threads',
    // In CI, also write a JSON report so that .ci/run can print a plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: 'conformance-results/vitest.json' } : {},
  },
});
