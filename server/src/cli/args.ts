// Minimal argument parser for the CLI: `--name value`, `--name=value`, repeated flags, positionals.
// Unknown options are errors (exit 2), never silently ignored.

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string[]>;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], valued: string[], flags: string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-' || !a.startsWith('-')) {
      positionals.push(a);
      continue;
    }
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const eq = a.indexOf('=');
    const name = (eq >= 0 ? a.slice(0, eq) : a).replace(/^--?/, '');
    if (flags.includes(name)) {
      options.set(name, ['true']);
      continue;
    }
    if (!valued.includes(name)) throw new UsageError(`unknown option '${a}'`);
    let value: string | undefined;
    if (eq >= 0) value = a.slice(eq + 1);
    else {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`option '--${name}' needs a value`);
    }
    const list = options.get(name) ?? [];
    list.push(value);
    options.set(name, list);
  }
  return { positionals, options };
}

export function single(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  if (v && v.length > 1) throw new UsageError(`option '--${name}' given more than once`);
  return v?.[0];
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${value}')`);
  }
  return value as T;
}
