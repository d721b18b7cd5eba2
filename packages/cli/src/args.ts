/** A tiny argv parser: positional arguments, `--flag`, `--key value` / `--key=value`, repeatable keys. */
export interface ParsedArgs {
  readonly positional: string[];
  readonly options: Map<string, string[]>;
  readonly flags: Set<string>;
}

/**
 * Thrown for bad command-line usage; the CLI prints the message and exits with code 2.
 *
 * @example
 * ```ts
 * // UsageError is internal (not exported by the package); run() turns it into a message and exit code 2:
 * import { run } from '@mutua/cli';
 * const err: string[] = [];
 * await run(['inspect', certPath, '--colour'], { out: () => {}, err: (t) => err.push(t) }); // 2
 * err; // ['mutua inspect: unknown option --colour']
 * ```
 */
export class UsageError extends Error {}

/**
 * Parses `argv` given the names of options that take a value; every other `--name` is a boolean flag.
 * Unknown flags are rejected so that a typo never silently changes a verdict.
 *
 * @example
 * ```ts
 * // parseArgs is internal (not exported by the package); `--key value` and `--key=value` are the same:
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * await run(['inspect', certPath, '--format=json'], { out: (t) => out.push(t), err: () => {} }); // 0
 * JSON.parse(out.join('')).schema; // 'mutua.cli.inspect/1'
 * ```
 */
export function parseArgs(
  argv: readonly string[],
  valued: readonly string[],
  booleans: readonly string[],
): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (valued.includes(name)) {
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      const l = options.get(name) ?? [];
      l.push(value);
      options.set(name, l);
    } else if (booleans.includes(name)) {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positional, options, flags };
}

/**
 * The single value of an option (the last one if repeated).
 *
 * @example
 * ```ts
 * // one is internal (not exported by the package); when an option is repeated, the last value wins:
 * import { run } from '@mutua/cli';
 * const out: string[] = [];
 * const io = { out: (t: string) => out.push(t), err: () => {} };
 * await run(['inspect', certPath, '--format', 'text', '--format', 'json'], io); // 0
 * out.join('').startsWith('{'); // true (JSON)
 * ```
 */
export function one(args: ParsedArgs, name: string): string | undefined {
  const l = args.options.get(name);
  return l?.[l.length - 1];
}

/**
 * Every value of a repeatable option.
 *
 * @example
 * ```ts
 * // many is internal (not exported by the package); repeatable options such as --crl keep every value.
 * // With the test PKI that `mutua demo` writes to a folder:
 * import { run } from '@mutua/cli';
 * const quiet = { out: () => {}, err: () => {} };
 * const demo = certPath.replace('signer.crt', 'demo');
 * await run(['demo', '--out', demo], quiet);
 * const path = ['--intermediate', `${demo}/br-ca.crt`, '--trust', `${demo}/br-root.crt`];
 * const crls = ['--crl', `${demo}/br-ca.crl`, '--crl', `${demo}/br-root.crl`];
 * await run(['chain', `${demo}/br-maria.crt`, ...path, ...crls], quiet); // 0
 * ```
 */
export function many(args: ParsedArgs, name: string): string[] {
  return args.options.get(name) ?? [];
}
