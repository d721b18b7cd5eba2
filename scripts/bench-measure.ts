/**
 * The small timing loop shared by the package benchmarks (testkit, cades, cli): a warm-up, then batches
 * of 20 operations for a fixed time, and the median time per operation, printed and returned (ms).
 * Core's benchmark has its own, richer harness (interleaved rows) in packages/core/bench/harness.ts.
 */
export async function measure(
  label: string,
  fn: () => Promise<unknown> | unknown,
  seconds = 1.5,
  warmup = 10,
): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const batches: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) await fn();
    batches.push((performance.now() - t0) / 20);
  }
  batches.sort((a, b) => a - b);
  const median = batches[Math.floor(batches.length / 2)]!;
  console.log(`${label.padEnd(60)} ${(median * 1000).toFixed(1).padStart(9)} µs/op`);
  return median;
}
