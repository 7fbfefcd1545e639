// `stacklens analyze`: index the given files/folders, run every analysis, print text/JSON/SARIF.

import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AnalysisWorkspace } from '../analysis/workspace';
import { collectSourceFiles } from '../analysis/loadFiles';
import { mergeSettings } from '../analysis/settings';
import { ARCHES, type Arch } from '../analysis/model';
import { toAnalyzeJson, toAnalyzeText, toSarif } from '../analysis/report';
import { readTextFileSafe } from '../readFile';
import { parseArgs, single, oneOf, UsageError } from './args';
import { USAGE } from './usage';

export interface CliIo {
  readFile(path: string): string;
  readStdin(): Promise<string>;
  stdout(s: string): void;
  stderr(s: string): void;
}

const FORMATS = ['text', 'json', 'sarif'] as const;

export async function runAnalyzeCommand(argv: string[], io: CliIo): Promise<number> {
  let arch: Arch;
  let format: (typeof FORMATS)[number];
  let output: string | undefined;
  const defines: Record<string, string> = {};
  let paths: string[];
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout(USAGE);
      return 0;
    }
    const args = parseArgs(argv, ['arch', 'format', 'define', 'D', 'output', 'o']);
    arch = oneOf(single(args, 'arch'), ARCHES, 'arch', 'x64');
    format = oneOf(single(args, 'format'), FORMATS, 'format', 'text');
    output = single(args, 'output') ?? single(args, 'o');
    for (const d of [...(args.options.get('define') ?? []), ...(args.options.get('D') ?? [])]) {
      const m = /^([A-Za-z_]\w*)(?:=(.*))?$/.exec(d);
      if (!m) throw new UsageError(`--define expects NAME or NAME=VALUE (got '${d}')`);
      defines[m[1]] = m[2] ?? '1';
    }
    paths = args.positionals;
    if (paths.length === 0) throw new UsageError('analyze needs at least one file or folder');
    for (const p of paths) if (!existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`stacklens analyze: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }

  const settings = mergeSettings({ targetArch: arch, defines });
  const files = collectSourceFiles(paths.map((p) => resolve(p)), settings);
  const ws = await AnalysisWorkspace.create(settings);
  let unreadable = 0;
  for (const file of files) {
    const read = readTextFileSafe(file, settings.maxFileBytes);
    if (read.text === null) {
      io.stderr(`stacklens: ${file}: ${read.reason}\n`);
      unreadable++;
      continue;
    }
    ws.updateFile(file, read.text);
  }
  if (files.length === 0) {
    io.stderr(`stacklens analyze: no C/C++ source files found under ${paths.join(', ')}\n`);
    return 2;
  }
  const analysis = ws.analyze();
  const cwd = process.cwd();
  const text =
    format === 'json'
      ? JSON.stringify(toAnalyzeJson(analysis, arch, cwd), null, 2) + '\n'
      : format === 'sarif'
        ? JSON.stringify(toSarif(analysis, arch, cwd), null, 2) + '\n'
        : toAnalyzeText(analysis, arch, cwd);
  if (output) writeFileSync(output, text);
  else io.stdout(text);
  if (unreadable && format === 'text') io.stderr(`stacklens: ${unreadable} file(s) skipped\n`);
  return analysis.findings.some((f) => f.severity === 'error') ? 1 : 0;
}
