/** A tiny argv parser: positional arguments, `--flag`, `--key value` / `--key=value`, repeatable keys. */
export interface ParsedArgs {
  readonly positional: string[];
  readonly options: Map<string, string[]>;
  readonly flags: Set<string>;
}

/** Thrown for bad command-line usage; the CLI prints the message and exits with code 2. */
export class UsageError extends Error {}

/**
 * Parses `argv` given the names of options that take a value; every other `--name` is a boolean flag.
 * Unknown flags are rejected so that a typo never silently changes a verdict.
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

/** The single value of an option (the last one if repeated). */
export function one(args: ParsedArgs, name: string): string | undefined {
  const l = args.options.get(name);
  return l?.[l.length - 1];
}

/** Every value of a repeatable option. */
export function many(args: ParsedArgs, name: string): string[] {
  return args.options.get(name) ?? [];
}
