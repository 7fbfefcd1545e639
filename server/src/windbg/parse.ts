// Entry point of the WinDbg stack parser: text in, `stack` JSON contract out. Never throws;
// linear in the paste (lines and frames are capped, see lines.ts and builder.ts).

import { DraftBuilder } from './builder';
import { finalizeStack } from './finalize';
import { MAX_INPUT_CHARS, readLines } from './lines';
import type { ParsedStack, StackArch, StackParseOptions, StackParseResult } from './model';

const ARCHES: readonly StackArch[] = ['x86', 'x64', 'arm64'];

function cleanOptions(opts: StackParseOptions | undefined): StackParseOptions {
  const out: StackParseOptions = {};
  if (!opts || typeof opts !== 'object') return out;
  if (opts.arch && ARCHES.includes(opts.arch)) out.arch = opts.arch;
  if (typeof opts.limitBytes === 'number' && Number.isFinite(opts.limitBytes) && opts.limitBytes > 0) out.limitBytes = Math.floor(opts.limitBytes);
  if (opts.resolver && typeof opts.resolver.resolve === 'function') out.resolver = opts.resolver;
  return out;
}

function failedStack(message: string): ParsedStack {
  return {
    title: 'Parse error',
    arch: 'x64',
    archSource: 'default',
    limitBytes: 0,
    limitSource: 'platform',
    usedBytes: 0,
    unknownFrames: 0,
    frames: [],
    modules: [],
    cycles: [],
    hints: [],
    warnings: [{ line: 0, text: `internal error while reading the stack: ${message}` }],
  };
}

export function parseStacks(text: string, opts?: StackParseOptions): StackParseResult {
  try {
    const input = typeof text === 'string' ? text : String(text ?? '');
    const options = cleanOptions(opts);
    // Lines are streamed into the builder (one reused line object, no 10,000-entry line list).
    const builder = new DraftBuilder();
    const split = readLines(input, (line) => {
      builder.line(line);
      return builder.stopped === null;
    });
    builder.end();
    const drafts = builder.drafts;
    const capped = builder.stopped;
    const stacks = drafts.map((d, i) => finalizeStack(d, i, options));
    const last = stacks[stacks.length - 1];
    if (last && split.truncated) {
      last.warnings.push({
        line: split.lineCount,
        text: `the paste has ${split.inputLength.toLocaleString('en-US')} characters; only the first ${MAX_INPUT_CHARS.toLocaleString('en-US')} were read`,
      });
    }
    if (last && capped) last.warnings.push({ line: 0, text: capped });
    return { schema: 1, stacks };
  } catch (e) {
    // A bug must not take the panel or the CLI down: report it as data.
    return { schema: 1, stacks: [failedStack((e as Error)?.message ?? String(e))] };
  }
}
