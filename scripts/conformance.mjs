#!/usr/bin/env node
// Runs every conformance manifest found in a corpus folder (default ../shared/corpus) with the built CLI.
// Usage: pnpm conformance [corpus-dir]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const corpus = resolve(process.argv[2] ?? join(import.meta.dirname, '..', '..', 'shared', 'corpus'));
if (!existsSync(corpus)) {
  console.log(`conformance: ${corpus} is absent; nothing to run`);
  process.exit(0);
}
const manifests = [
  'pkits/pkits.json',
  'pkits/pkits-user-notice.json',
  'lac/manifest.json',
  'dss/manifest.json',
  'trusted-lists/manifest.json',
];
mkdirSync('conformance-results', { recursive: true });
let status = 0;
for (const m of manifests) {
  const path = join(corpus, m);
  if (!existsSync(path)) {
    console.log(`conformance: ${path} is absent; skipped`);
    continue;
  }
  const out = join('conformance-results', `${m.replace(/\//g, '-').replace(/\.json$/, '')}.json`);
  const r = spawnSync(
    process.execPath,
    [
      'packages/cli/dist/bin.js',
      'conformance',
      path,
      '--json',
      out,
      '--known-disagreements',
      'conformance/known-disagreements.json',
    ],
    {
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) status = 1;
}
process.exit(status);
