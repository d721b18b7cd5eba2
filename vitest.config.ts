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
      { find: /^@mutua\/cli$/, replacement: src('cli') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'threads',
  },
});
