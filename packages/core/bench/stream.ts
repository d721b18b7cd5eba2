/**
 * Streaming digest: 50 MB of detached content hashed from a stream with `digestStream` (what CAdES
 * verification of a large detached document does), next to node:crypto's createHash on the same chunks in
 * the same run; and the peak memory growth, which must not depend on the payload size.
 */
import { createHash } from 'node:crypto';
import { digestStream } from '../src/index';
import { nodeCryptoEngine } from '../src/node';

const CHUNK = 64 * 1024;

async function* chunks(total: number): AsyncGenerator<Uint8Array> {
  const buf = new Uint8Array(CHUNK);
  for (let i = 0; i < buf.length; i++) buf[i] = (i * 31) & 0xff;
  for (let sent = 0; sent < total; sent += CHUNK) yield buf;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Runs the streaming section. */
export async function benchStream(megabytes = 50): Promise<void> {
  const total = megabytes * 1024 * 1024;
  console.log(`\nStreaming SHA-256 of ${megabytes} MB detached content in ${CHUNK / 1024} KB chunks`);
  const raw: number[] = [];
  const ours: number[] = [];
  let peakGrowth = 0;
  for (let round = 0; round < 5; round++) {
    raw.push(
      await time(async () => {
        const h = createHash('sha256');
        for await (const c of chunks(total)) h.update(c);
        h.digest();
      }),
    );
    ours.push(await time(() => digestStream(nodeCryptoEngine, ['SHA-256'], chunks(total))));
  }
  // Memory is sampled in a separate pass: sampling costs time of its own.
  const before = process.memoryUsage();
  const sampled = (async function* () {
    let n = 0;
    for await (const c of chunks(total)) {
      if (n++ % 16 === 0) {
        const m = process.memoryUsage();
        peakGrowth = Math.max(peakGrowth, m.rss - before.rss, m.arrayBuffers - before.arrayBuffers);
      }
      yield c;
    }
  })();
  await digestStream(nodeCryptoEngine, ['SHA-256'], sampled);
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  const mbps = (ms: number) => (megabytes / (ms / 1000)).toFixed(0);
  console.log(`  node:crypto createHash      ${mbps(med(raw)).padStart(6)} MB/s`);
  console.log(
    `  Mutua digestStream (node)   ${mbps(med(ours)).padStart(6)} MB/s   ${((100 * med(raw)) / med(ours)).toFixed(0)}% of raw (goal ≥ 90%)`,
  );
  console.log(
    `  peak memory growth while hashing: ${(peakGrowth / 1024 / 1024).toFixed(1)} MB for a ${megabytes} MB payload`,
  );
}
