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

/**
 * Several contestants measured in alternation — a batch of each in turn, for `rounds` rounds — so that they
 * see the same machine state (load on a shared machine, GC, CPU frequency): the median time per operation
 * of each (ms), and the median per-round ratio of each to the first (robust to drifts that hit a round).
 */
export async function measureInterleaved(
  rows: readonly { readonly label: string; readonly fn: () => Promise<unknown> | unknown }[],
  { rounds = 25, batch = 20, warmup = 20 } = {},
): Promise<{ readonly medians: number[]; readonly ratios: number[] }> {
  for (const r of rows) for (let i = 0; i < warmup; i++) await r.fn();
  const times: number[][] = rows.map(() => []);
  for (let k = 0; k < rounds; k++) {
    for (const [j, r] of rows.entries()) {
      const t0 = performance.now();
      for (let i = 0; i < batch; i++) await r.fn();
      times[j]!.push((performance.now() - t0) / batch);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const medians = times.map(median);
  const ratios = times.map((t) => median(t.map((x, k) => x / times[0]![k]!)));
  for (const [j, r] of rows.entries())
    console.log(`${r.label.padEnd(60)} ${(medians[j]! * 1000).toFixed(1).padStart(9)} µs/op`);
  return { medians, ratios };
}
