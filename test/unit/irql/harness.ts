// Shared helpers of the IRQL tests: fixtures analysed end to end (parseSource → buildCallGraph →
// analyzeIrql), `// expect: rule[, rule]` markers read from the fixture text, and quick-fix
// application.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { initParser, parseSource } from '../../../server/src/analysis/parse/index';
import { buildCallGraph } from '../../../server/src/analysis/callgraph/callgraph';
import { analyzeIrqlDetailed, type IrqlResult } from '../../../server/src/analysis/irql/index';
import type { IrqlAnalysis } from '../../../server/src/analysis/irql/analyze';
import type { FileSummary } from '../../../server/src/analysis/model';
import type { Finding, TextEdit } from '../../../server/src/analysis/results';
import { mergeSettings, type StackLensSettings } from '../../../server/src/analysis/settings';

export function irqlFixtureDir(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, 'test', 'fixtures', 'irql');
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error('test/fixtures/irql not found');
}

export function readFixture(name: string): { file: string; text: string } {
  const file = join(irqlFixtureDir(), name);
  return { file, text: readFileSync(file, 'utf8') };
}

export interface Analysed {
  result: IrqlResult;
  analysis: IrqlAnalysis;
  summaries: FileSummary[];
  texts: Map<string, string>;
}

let ready: Promise<void> | null = null;
export function ensureParser(): Promise<void> {
  ready ??= initParser();
  return ready;
}

/** Analyses in-memory sources (name → text) as one workspace. */
export async function analyzeSources(sources: Record<string, string>, settings: Partial<StackLensSettings> = {}): Promise<Analysed> {
  await ensureParser();
  const texts = new Map<string, string>();
  const summaries: FileSummary[] = [];
  for (const [file, text] of Object.entries(sources)) {
    texts.set(file, text);
    summaries.push(parseSource(text, file));
  }
  const graph = buildCallGraph(summaries);
  const { result, analysis } = analyzeIrqlDetailed({ graph, summaries, settings: mergeSettings(settings), text: (f) => texts.get(f) });
  return { result, analysis, summaries, texts };
}

export async function analyzeFixtures(names: string[], settings: Partial<StackLensSettings> = {}): Promise<Analysed> {
  const sources: Record<string, string> = {};
  for (const n of names) {
    const { file, text } = readFixture(n);
    sources[file] = text;
  }
  return analyzeSources(sources, settings);
}

/** `rule@line` (1-based) for each `// expect: a, b` marker in the text. */
export function expectedMarkers(text: string): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /\/\/\s*expect:\s*(.+)$/.exec(line);
    if (!m) return;
    for (const rule of m[1].split(',')) out.push(`${rule.trim()}@${i + 1}`);
  });
  return out.sort();
}

export function findingKeys(findings: readonly Finding[], file?: string): string[] {
  return findings
    .filter((f) => file === undefined || f.file === file)
    .map((f) => `${f.rule}@${f.range.start.line + 1}`)
    .sort();
}

/** Applies non-overlapping edits to a text (from the end backwards). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const offsets = (pos: { line: number; column: number }): number => {
    let off = 0;
    for (let l = 0; l < pos.line; l++) {
      const nl = text.indexOf('\n', off);
      if (nl < 0) return text.length;
      off = nl + 1;
    }
    return off + pos.column;
  };
  const sorted = [...edits].sort((a, b) => offsets(b.range.start) - offsets(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsets(e.range.start)) + e.newText + out.slice(offsets(e.range.end));
  return out;
}

export function describe(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.rule}@${f.range.start.line + 1}: ${f.message}`).join('\n');
}
