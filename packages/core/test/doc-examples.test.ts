/**
 * Runs every ```ts block written under an `@example` tag in the TSDoc of @mutua/core, @mutua/testkit and
 * @mutua/cli, so that the API documentation's examples keep compiling and working.
 *
 * Each snippet is type-checked, then run as the body of an async function. It may import from the
 * Mutua packages (rewritten into bindings of the real modules) and use the ready-made values of the
 * prelude (`doc-examples/prelude.ts`: `pki`, `ca`, `leaf`, `cert`, `der`, `crlDer`…) without defining
 * them. A line `expr; // literal` asserts that `expr` equals the literal. `fetch` is a fake serving the
 * prelude PKI, so nothing touches the network. A fence written ```ts no-run is shown in the docs but
 * neither checked nor run (keep those next to none).
 */
import { fileURLToPath } from 'node:url';
import * as cades from '@mutua/cades';
import * as cli from '@mutua/cli';
import * as core from '@mutua/core';
import * as coreNode from '@mutua/core/node';
import * as testkit from '@mutua/testkit';
import * as trustList from '@mutua/trust-list';
import * as xades from '@mutua/xades';
import * as pades from '@mutua/pades';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExampleSyntaxError, compileExample } from './doc-examples/compile';
import { extractExamples, scanSources } from './doc-examples/extract';
import { PRELUDE_NAMES, type Prelude, createPrelude, fakeNetwork } from './doc-examples/prelude';
import { typecheckExamples } from './doc-examples/typecheck';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SOURCE_DIRS = [
  'packages/core/src',
  'packages/testkit/src',
  'packages/cli/src',
  'packages/cades/src',
  'packages/xades/src',
  'packages/pades/src',
  'packages/trust-list/src',
];
const { examples, bare } = scanSources(ROOT, SOURCE_DIRS);
const runnable = examples.filter((e) => !e.noRun);
const notRun = examples.filter((e) => e.noRun);

const MODULES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  '@mutua/core': core,
  '@mutua/core/node': coreNode,
  '@mutua/testkit': testkit,
  '@mutua/cli': cli,
  '@mutua/cades': cades,
  '@mutua/xades': xades,
  '@mutua/pades': pades,
  '@mutua/trust-list': trustList,
};

/** What a rewritten `import { a, b } from 'spec'` calls: the module, once every name is checked. */
function importModule(spec: string, names: readonly string[]): Readonly<Record<string, unknown>> {
  const mod = MODULES[spec];
  if (!mod) throw new Error(`examples may not import '${spec}'`);
  const missing = names.filter((n) => !(n in mod));
  if (missing.length > 0) throw new Error(`'${spec}' does not export ${missing.join(', ')}`);
  return mod;
}

/** What `expr; // literal` becomes. Bytes compare equal to an array of the same numbers. */
function check(actual: unknown, expected: unknown, at: string, expr: string): void {
  const a = actual instanceof Uint8Array && Array.isArray(expected) ? Array.from(actual) : actual;
  expect(a, `${at}: ${expr}`).toEqual(expected);
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<unknown>;

let prelude: Prelude | undefined;
let dispose = () => {};
let typeErrors: Map<number, string[]> | undefined;

beforeAll(async () => {
  ({ prelude, dispose } = await createPrelude());
});

afterAll(() => dispose());

beforeEach(() => {
  // Examples print: keep the test output quiet. And never touch the real network.
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, m).mockImplementation(() => {});
  }
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  vi.stubGlobal(
    'fetch',
    fakeNetwork(() => prelude?.pki),
  );
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  // A snippet's revocations must not change what the next one sees.
  for (const ca of prelude?.pki.cas ?? []) ca.revocations.clear();
});

describe('doc examples', () => {
  it('every @example tag has a ```ts block', () => {
    expect(bare.map((b) => `${b.file}:${b.line}`)).toEqual([]);
    expect(runnable.length).toBeGreaterThan(0);
  });

  it('lists the examples that are not run (```ts no-run)', () => {
    // Keep this list short: an example that is not run is an example nobody checks.
    expect(notRun.map((e) => `${e.file}:${e.line} ${e.symbol}`)).toEqual([]);
  });

  it('type-check', () => {
    typeErrors = typecheckExamples(ROOT, runnable);
    // Each example's own test reports its errors; this one only pays for building the program.
  });

  runnable.forEach((ex, i) => {
    it(`${ex.file}:${ex.line} ${ex.symbol}`, async () => {
      const where = `${ex.file}:${ex.line}`;
      typeErrors ??= typecheckExamples(ROOT, runnable);
      const errors = typeErrors.get(i);
      if (errors) throw new Error(`type errors:\n${errors.join('\n')}\n--- example ---\n${ex.code}`);
      const { js } = compileExample(ex.code, ex.file, ex.line);
      const fn = new AsyncFunction('__import', '__check', ...PRELUDE_NAMES, js);
      const p = prelude!;
      try {
        await fn(importModule, check, ...PRELUDE_NAMES.map((n) => p[n]));
      } catch (e) {
        if (e instanceof Error)
          e.message = `${where} (${ex.symbol}): ${e.message}\n--- example ---\n${ex.code}`;
        throw e;
      }
    });
  });
});

describe('doc example harness', () => {
  const run = async (code: string, values: Record<string, unknown> = {}) => {
    const { js, checks } = compileExample(code, 'x.ts', 10);
    const fn = new AsyncFunction('__import', '__check', ...Object.keys(values), js);
    await fn(importModule, check, ...Object.values(values));
    return checks;
  };

  it('finds ```ts blocks under @example with their line and symbol, and the no-run ones', () => {
    const text = [
      '/**',
      ' * Adds.',
      ' *',
      ' * @example',
      ' * ```ts',
      ' * add(1, 2); // 3',
      ' * ```',
      ' * @example',
      ' * ```ts no-run',
      ' * await fetch(url);',
      ' * ```',
      ' */',
      'export function add(a: number, b: number): number {',
      '  return a + b;',
      '}',
      '/** @example nothing to run */',
      'export const x = 1;',
    ].join('\n');
    const { examples: found, bare: without } = extractExamples('a.ts', text);
    expect(found).toEqual([
      { file: 'a.ts', line: 6, symbol: 'add', code: 'add(1, 2); // 3', noRun: false },
      { file: 'a.ts', line: 10, symbol: 'add', code: 'await fetch(url);', noRun: true },
    ]);
    expect(without).toEqual([{ file: 'a.ts', line: 16 }]);
  });

  it('binds Mutua imports, and refuses other modules and names that are not exported', async () => {
    expect(
      await run(
        "import { makeCpf as cpf, type KeySpec } from '@mutua/testkit';\ncpf('123456789'); // '12345678909'",
      ),
    ).toBe(1);
    expect(() => compileExample("import { readFileSync } from 'node:fs';", 'x.ts', 1)).toThrow(
      ExampleSyntaxError,
    );
    await expect(run("import { nope } from '@mutua/core';")).rejects.toThrow(/does not export nope/);
  });

  it('asserts `expr; // literal` lines, with an optional remark in parentheses', async () => {
    await expect(run('[1, 2].length; // 2 (two)')).resolves.toBe(1);
    await expect(run('new Uint8Array([1, 2]); // [1, 2]')).resolves.toBe(1);
    await expect(run("'a' + 'b'; // 'ab'")).resolves.toBe(1);
    await expect(run('1 + 1; // e.g. 2')).resolves.toBe(0);
    await expect(run('1 + 1; // 3')).rejects.toThrow(/x\.ts:10: 1 \+ 1/);
  });

  it('lets a snippet shadow prelude names', async () => {
    await expect(run('const leaf = 2;\nleaf; // 2', { leaf: 1 })).resolves.toBe(1);
  });
});
