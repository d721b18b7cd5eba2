/**
 * `pnpm bench` for @mutua/core: parsing, path validation and CRL throughput, each next to a reference
 * measured in the same run (pkijs, node:crypto, WebCrypto), so that the ratios hold on any machine.
 *
 * Performance goals live here and only here: unit tests never assert timings, which would make them
 * flaky on loaded CI machines. Runs in about 25 s; `MUTUA_BENCH_SCALE=0.3 pnpm bench` for a quick look.
 * Sections can be picked with arguments: `pnpm bench parse path crl`.
 */
import { cpus } from 'node:os';
import { loadLacCerts, loadPkitsCerts } from './corpus';
import { benchCrl } from './crl';
import { generateChain } from './fixtures';
import { benchParse } from './parse';
import { benchPath } from './path';
import { benchStream } from './stream';

const CRL_ENTRIES = 100_000;

const started = performance.now();
const wanted = new Set(process.argv.slice(2));

console.log(
  `@mutua/core benchmark — Node ${process.version}, ${process.platform}/${process.arch}, ${cpus()[0]?.model ?? 'unknown CPU'}`,
);
console.log(
  'Each figure: median of 3–8 batches after a warm-up, batches of compared rows interleaved; ± is half the IQR.',
);
console.log('ratio = time per op of the row / time per op of the row it is compared with (lower is faster).');

/** Runs one section and says how long it took, so that the ~30 s budget can be kept an eye on. */
async function section(name: string, body: () => Promise<void>): Promise<void> {
  if (wanted.size > 0 && !wanted.has(name)) return;
  const t = performance.now();
  await body();
  console.log(`  (${name} section: ${((performance.now() - t) / 1000).toFixed(1)} s)`);
}

await section('parse', async () => {
  const pkits = loadPkitsCerts();
  const lac = loadLacCerts();
  if (pkits.length + lac.length > 0) {
    await benchParse(`PKITS (${pkits.length}) + LAC (${lac.length})`, [...pkits, ...lac]);
  } else {
    // No corpus: parse a generated chain. Real certificates vary far more; treat these numbers as rough.
    const g = await generateChain();
    await benchParse('a generated chain (corpus not found)', [
      { source: 'generated/root', der: g.root.der },
      { source: 'generated/ca', der: g.ca.der },
      { source: 'generated/ee', der: g.ee.der },
    ]);
  }
});
await section('path', benchPath);
await section('crl', () => benchCrl(CRL_ENTRIES));
await section('stream', () => benchStream(50));

console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
