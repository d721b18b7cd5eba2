/**
 * A small, dependency-free timing harness.
 *
 * Why not a benchmark library: we want every number in one table to come from the same process and the
 * same run (so that ratios against the raw node:crypto / WebCrypto cost are meaningful on whatever machine
 * runs `pnpm bench`), a hard bound on total wall time, and a median over several batches so that one GC
 * pause or JIT tier-up does not decide the result.
 */

/** The result of timing one operation. */
export interface Measurement {
  /** Median over the batches of operations per second. */
  readonly opsPerSec: number;
  /** Median microseconds per operation (1e6 / opsPerSec). */
  readonly usPerOp: number;
  /** Interquartile range of the per-batch rates over their median: a noise indicator. */
  readonly spread: number;
  readonly batches: number;
}

/** Knobs for {@link measureGroup}. The defaults keep one operation at about 1.2 s. */
export interface MeasureOptions {
  /** Time spent running the operation before measuring (JIT warm-up, caches). */
  readonly warmupMs?: number;
  /** Number of measured batches; the median is reported. */
  readonly batches?: number;
  /** Duration of each batch. */
  readonly batchMs?: number;
  /** Calls between two clock reads, for every op of the group (default: per op, about 1 ms). */
  readonly stride?: number;
}

/**
 * Environment overrides so that CI can shorten the run (`MUTUA_BENCH_SCALE=0.2`), or a developer can
 * lengthen it for a quieter measurement. Scales warm-up and batch time, never the batch count.
 */
const SCALE = (() => {
  const s = Number(process.env.MUTUA_BENCH_SCALE ?? '1');
  return Number.isFinite(s) && s > 0 ? s : 1;
})();

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** One operation to time. `units` is the work per call (a call that parses 784 certificates is 784). */
export interface BenchOp {
  readonly op: () => unknown;
  readonly units?: number;
  /** Calls between clock reads; by default sized from the first call to about 1 ms. */
  readonly stride?: number;
}

interface Runner {
  runFor(ms: number): Promise<{ calls: number; elapsed: number }>;
  readonly units: number;
}

/**
 * Prepares `b` for timing: runs it once to learn whether it is async (a synchronous op is never
 * awaited, so that the harness adds no microtask hop to the sync parsers) and how long one call takes.
 */
async function runner(b: BenchOp): Promise<Runner> {
  const { op } = b;
  const t = performance.now();
  const first = op();
  const isAsync = first instanceof Promise;
  if (isAsync) await first;
  const firstMs = performance.now() - t;
  // Enough calls per clock read that the clock is noise next to a 5 µs op; few enough that a slow op
  // cannot overrun a batch by much.
  const stride = b.stride ?? Math.max(1, Math.min(64, Math.floor(1 / Math.max(firstMs, 1e-3))));
  return {
    units: b.units ?? 1,
    async runFor(ms) {
      let calls = 0;
      const t0 = performance.now();
      const deadline = t0 + ms;
      let now = t0;
      if (isAsync) {
        while (now < deadline) {
          for (let i = 0; i < stride; i++) await op();
          calls += stride;
          now = performance.now();
        }
      } else {
        while (now < deadline) {
          for (let i = 0; i < stride; i++) op();
          calls += stride;
          now = performance.now();
        }
      }
      return { calls, elapsed: now - t0 };
    },
  };
}

/**
 * Times several operations that will be compared with each other, interleaving their batches
 * (A B C, B C A, C A B, …) so that every operation sees the same machine load. On a busy CI runner
 * load changes by 2× within seconds; timing A fully and then B would turn that into a fake ratio.
 * Returns, per operation, the median rate over the batches in units per second.
 */
export async function measureGroup<K extends string>(
  ops: Record<K, BenchOp>,
  options: MeasureOptions = {},
): Promise<Record<K, Measurement>> {
  const warmupMs = (options.warmupMs ?? 200) * SCALE;
  const batches = options.batches ?? 8;
  const batchMs = (options.batchMs ?? 100) * SCALE;
  const names = Object.keys(ops) as K[];
  const runners = {} as Record<K, Runner>;
  for (const k of names) {
    runners[k] = await runner({ ...ops[k], ...(options.stride ? { stride: options.stride } : {}) });
    await runners[k].runFor(warmupMs);
  }
  const rates = {} as Record<K, number[]>;
  for (const k of names) rates[k] = [];
  for (let b = 0; b < batches; b++) {
    for (let j = 0; j < names.length; j++) {
      const k = names[(b + j) % names.length]!;
      const { calls, elapsed } = await runners[k].runFor(batchMs);
      rates[k].push((calls * runners[k].units * 1000) / elapsed);
    }
  }
  const out = {} as Record<K, Measurement>;
  for (const k of names) {
    const r = [...rates[k]].sort((a, b) => a - b);
    const opsPerSec = median(r);
    out[k] = {
      opsPerSec,
      usPerOp: 1e6 / opsPerSec,
      spread: (quantile(r, 0.75) - quantile(r, 0.25)) / opsPerSec,
      batches,
    };
  }
  return out;
}

/** Times one operation; see {@link measureGroup}. */
export async function measure(
  op: () => unknown,
  units = 1,
  options: MeasureOptions = {},
): Promise<Measurement> {
  return (await measureGroup({ op: { op, units } }, options)).op;
}

/** One row of a printed results table. */
export interface Row {
  readonly name: string;
  readonly m: Measurement;
  /** The measurement this row is compared with, and how to label it. */
  readonly baseline?: { readonly label: string; readonly m: Measurement };
  readonly note?: string;
}

function fmtRate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e4) return `${(x / 1e3).toFixed(1)} k`;
  if (x >= 100) return x.toFixed(0);
  return x.toFixed(2);
}

function fmtUs(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} s`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(2)} ms`;
  return `${x.toFixed(2)} µs`;
}

/**
 * Prints a fixed-width table. The ratio column is `this time / baseline time`: 1.50× means 50 % slower
 * than the baseline, 0.50× twice as fast.
 */
export function printTable(title: string, unit: string, rows: readonly Row[]): void {
  const head = ['', `${unit}/s`, `time/${unit}`, '±', 'vs', 'ratio'];
  const body = rows.map((r) => [
    r.name,
    fmtRate(r.m.opsPerSec),
    fmtUs(r.m.usPerOp),
    `${(r.m.spread * 50).toFixed(0)}%`,
    r.baseline?.label ?? '',
    r.baseline ? `${(r.m.usPerOp / r.baseline.m.usPerOp).toFixed(2)}×` : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(head));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  for (const r of rows) if (r.note) console.log(`  · ${r.name}: ${r.note}`);
}
