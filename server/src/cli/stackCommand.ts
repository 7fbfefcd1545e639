// `stacklens stack <file|-> [--arch x86|x64|arm64] [--limit BYTES] [--format text|json]`
//
// Exit codes: 0 = parsed, every stack within its limit; 1 = some stack used its whole limit or
// more (the stack-command equivalent of an error-severity finding: CI can fail on it);
// 2 = usage or input error (unknown option, bad value, unreadable file, no stack in the input).

import { parseStacks, formatStackText } from '../windbg';
import type { StackArch, StackParseResult, StaticFrameResolver } from '../windbg/model';
import { parseArgs, single, oneOf, UsageError } from './args';
import { USAGE } from './usage';

export interface StackCommandIo {
  readFile(path: string): string;
  readStdin(): Promise<string>;
  stdout(s: string): void;
  stderr(s: string): void;
}

const ARCHES: readonly StackArch[] = ['x86', 'x64', 'arm64'];
const FORMATS = ['text', 'json'] as const;

/** `24576`, `0x6000`, `24k`, `24KiB` → bytes; throws a UsageError otherwise. */
export function parseLimit(value: string): number {
  const m = /^\s*(0[xX][0-9a-fA-F]+|\d+)\s*(k|K|KB|kB|KiB)?\s*$/.exec(value);
  if (!m) throw new UsageError(`--limit must be a byte count such as 24576, 0x6000 or 24k (got '${value}')`);
  const n = m[1].startsWith('0x') || m[1].startsWith('0X') ? parseInt(m[1].slice(2), 16) : Number(m[1]);
  const bytes = m[2] ? n * 1024 : n;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new UsageError(`--limit must be a positive byte count (got '${value}')`);
  return bytes;
}

/** Stacks that used their whole limit or more. */
export function exhaustedStacks(result: StackParseResult): number {
  return result.stacks.filter((s) => s.frames.length > 0 && s.limitBytes > 0 && s.usedBytes >= s.limitBytes).length;
}

export async function runStackCommand(argv: string[], io: StackCommandIo, resolver?: StaticFrameResolver): Promise<number> {
  let input: string;
  let arch: StackArch | undefined;
  let limitBytes: number | undefined;
  let format: (typeof FORMATS)[number];
  let name: string;
  try {
    const args = parseArgs(argv, ['arch', 'limit', 'format']);
    if (args.positionals.length !== 1) {
      throw new UsageError(args.positionals.length ? 'give one file (or - for standard input)' : 'missing input: give a file, or - for standard input');
    }
    const archValue = single(args, 'arch');
    arch = archValue === undefined ? undefined : oneOf(archValue, ARCHES, 'arch', 'x64');
    const limitValue = single(args, 'limit');
    limitBytes = limitValue === undefined ? undefined : parseLimit(limitValue);
    format = oneOf(single(args, 'format'), FORMATS, 'format', 'text');
    name = args.positionals[0];
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`stacklens stack: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  try {
    input = name === '-' ? await io.readStdin() : io.readFile(name);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.message ?? String(e);
    io.stderr(`stacklens stack: cannot read ${name === '-' ? 'standard input' : `'${name}'`}: ${why}\n`);
    return 2;
  }
  const result = parseStacks(input, { arch, limitBytes, resolver });
  io.stdout(format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatStackText(result));
  if (result.stacks.length === 0) {
    io.stderr(`stacklens stack: no WinDbg stack found in ${name === '-' ? 'standard input' : `'${name}'`}\n`);
    return 2;
  }
  return exhaustedStacks(result) > 0 ? 1 : 0;
}
