// IRQL and pageability analysis: public API used by the workspace engine, the CLI and the tests.
//
//   analyzeIrql({ graph, summaries, settings, text? }) → per-function IRQL range and pageability,
//                                                        plus the IRQL/paging/wait/mem rule findings
//   irqlHoverForCall(name)                             → markdown for a DDI at a call site
//   irqlHoverForFunction(key, result)                  → markdown for a workspace function
//
// See analyze.ts for the algorithm and docs/irql-rules.md for the rules.

import type { CallGraph } from '../callgraph/types';
import type { FileSummary } from '../model';
import type { Finding, IrqlRange } from '../results';
import type { StackLensSettings } from '../settings';
import { runIrqlRules } from '../rules/irql';
import { analyzeFunctions, effectiveEntry, irqlSources, type IrqlAnalysis } from './analyze';
import { forgetNameFacts } from './declFacts';
import { RunTexts } from './sourceText';

export { irqlHoverForCall, irqlHoverForFunction } from './hover';

export interface IrqlInput {
  graph: CallGraph;
  summaries: FileSummary[];
  settings: StackLensSettings;
  /**
   * Source text of a file (optional). Only quick fixes need it (inserting PAGED_CODE() with the
   * right indentation, replacing one argument of a call); without it findings carry no text edits.
   */
  text?: (file: string) => string | undefined;
}

export interface IrqlResult {
  /** Entry IRQL per CallGraph function key: declared context joined with the callers'. */
  irql: Map<string, IrqlRange>;
  pageable: Map<string, { pageable: boolean; reason?: string }>;
  findings: Finding[];
}

// The values most functions share (read-only, like every result).
const UNKNOWN_IRQL: IrqlRange = Object.freeze({ min: null, max: null, sources: Object.freeze([]) as unknown as IrqlRange['sources'] });
const NOT_PAGEABLE = Object.freeze({ pageable: false });
const ASSERTS_PAGED_CODE = Object.freeze({ pageable: false, reason: 'not in a PAGE section (but asserts PAGED_CODE())' });

export function analyzeIrql(input: IrqlInput): IrqlResult {
  return analyzeIrqlDetailed(input).result;
}

/** The result plus the intermediate analysis (flows, requirements, chains), for tests and benchmarks. */
export function analyzeIrqlDetailed(input: IrqlInput): { result: IrqlResult; analysis: IrqlAnalysis } {
  // Text is read at most once per file during the run and not kept after it (sourceText.ts).
  const texts = new RunTexts(input.text);
  const analysis = analyzeFunctions(input.graph, input.summaries, texts);
  const irql = new Map<string, IrqlRange>();
  const pageable = new Map<string, { pageable: boolean; reason?: string }>();
  for (const [key, fn] of analysis.fns) {
    const e = effectiveEntry(fn);
    irql.set(key, e.min === null && e.max === null && !fn.declared.sources.length && !fn.inherited.maxFrom && !fn.inherited.partial ? UNKNOWN_IRQL : { min: e.min, max: e.max, sources: irqlSources(analysis.fns, fn) });
    if (fn.paging.pageable) pageable.set(key, { pageable: true, reason: fn.paging.reason });
    else pageable.set(key, fn.paging.pagedCode ? ASSERTS_PAGED_CODE : NOT_PAGEABLE);
  }
  const findings = runIrqlRules(analysis, input.settings);
  forgetNameFacts();
  return { result: { irql, pageable, findings }, analysis };
}
