// The engine's one entry into the IRQL/pageability analysis (irql/index.ts): it runs over the
// same call graph and summaries, and its findings go through the same settings/suppression pass.
// A failure inside it must not take the stack analysis down with it: it is caught and reported.

import type { FileSummary } from './model';
import type { Finding, IrqlRange } from './results';
import type { StackLensSettings } from './settings';
import type { CallGraph } from './callgraph/types';
import { analyzeIrql, irqlHoverForCall } from './irql/index';

export interface IrqlOutcome {
  irql: Map<string, IrqlRange>;
  pageable: Map<string, { pageable: boolean; reason?: string }>;
  findings: Finding[];
  /** Set when the analysis threw: the message, for stats and logs. */
  error?: string;
}

export class IrqlBridge {
  lastError: string | undefined;

  /** `text` gives the source of files it has at hand (quick fixes that edit a line need it). */
  run(graph: CallGraph, summaries: FileSummary[], settings: StackLensSettings, text?: (file: string) => string | undefined): IrqlOutcome {
    try {
      const r = analyzeIrql({ graph, summaries, settings, text });
      this.lastError = undefined;
      return { irql: r.irql, pageable: r.pageable, findings: r.findings };
    } catch (e) {
      this.lastError = e instanceof Error ? (e.stack ?? e.message) : String(e);
      return { irql: new Map(), pageable: new Map(), findings: [], error: this.lastError };
    }
  }

  hoverForCall(name: string): string | null {
    try {
      return irqlHoverForCall(name);
    } catch {
      return null;
    }
  }
}
