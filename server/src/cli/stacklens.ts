#!/usr/bin/env node
// `stacklens` command line: the same analyses as the language server, for CI and scripts.
//   stacklens analyze <paths...> [--arch x86|x64|arm64] [--format text|json|sarif] [--define DBG=1]
//   stacklens stack <file|-> [--arch ...] [--limit BYTES] [--format text|json]
// Exit codes: 0 no error-severity diagnostic, 1 some, 2 usage or input errors.

import { readFileSync } from 'node:fs';
import { runAnalyzeCommand } from './analyzeCommand';
import { runStackCommand } from './stackCommand';
import { readStdin } from './stdin';
import { USAGE } from './usage';
import { applyRuntimeSettings } from '../processSettings';

declare const STACKLENS_VERSION: string;

export async function main(argv: string[]): Promise<number> {
  const io = {
    readFile: (p: string) => readFileSync(p, 'utf8'),
    readStdin,
    stdout: (s: string) => process.stdout.write(s),
    stderr: (s: string) => process.stderr.write(s),
  };
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`stacklens ${STACKLENS_VERSION}\n`);
    return 0;
  }
  if (command === 'analyze') return runAnalyzeCommand(rest, io);
  if (command === 'stack') {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(USAGE);
      return 0;
    }
    return runStackCommand(rest, io);
  }
  io.stderr(`stacklens: unknown command '${command}'\n\n${USAGE}`);
  return 2;
}

applyRuntimeSettings();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`stacklens: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
