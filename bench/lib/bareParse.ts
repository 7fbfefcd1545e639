// Baseline for the engine benchmarks: tree-sitter alone parsing the same text with the same
// grammar (no blanking, no extraction), in the same process, with the same WASM runtime and
// Language objects the engine uses (its own Parser instance).

import type { Parser } from 'web-tree-sitter';
import { initParser } from '../../server/src/analysis/parse/index';
import { grammars } from '../../server/src/analysis/parse/wasmLoader';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TS = require('web-tree-sitter') as typeof import('web-tree-sitter');

export interface BareParser {
  /** Parses and frees the tree; returns the milliseconds tree-sitter took. */
  parse(text: string, language: 'c' | 'cpp'): number;
}

export async function createBareParser(): Promise<BareParser> {
  await initParser();
  const g = grammars();
  if (!g) throw new Error('tree-sitter grammars did not load');
  const parser: Parser = new TS.Parser();
  return {
    parse(text: string, language: 'c' | 'cpp'): number {
      parser.setLanguage(language === 'cpp' ? g.cpp : g.c);
      const t0 = performance.now();
      const tree = parser.parse(text);
      const dt = performance.now() - t0;
      tree?.delete();
      return dt;
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function ms(n: number): string {
  return `${n.toFixed(n < 10 ? 2 : 1)} ms`;
}
