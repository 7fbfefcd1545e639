// Reuse of per-function IRQL work across analyses. After a keystroke inside one function body the
// incremental summariser re-parses only that function and keeps every other FunctionDecl as the
// same object, so work that depends only on the declaration (plus inputs compared here) is keyed
// on the FunctionDecl in WeakMaps: it is recomputed for the edited function and dropped with the
// declarations nobody holds any more.
//
// The cache key must be complete, or the result would differ from a full recompute:
//  - the flow walk (flow.ts) reads only `decl.calls`, `decl.flow` and the effect of each call, so
//    it is keyed on the declaration and the effects, compared by value (callee wrapper effects
//    are inferred afresh on every run, so their identity changes even when their value does not);
//  - line offsets of a source text are keyed on the text itself.

import type { FunctionDecl } from '../model';
import { walkFunction, type CallEffect, type FlowResult } from './flow';

interface WalkEntry {
  effects: readonly CallEffect[];
  flow: FlowResult;
}

const WALKS = new WeakMap<FunctionDecl, WalkEntry>();

function sameEffect(a: CallEffect, b: CallEffect): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.level !== b.level || !!a.conditional !== !!b.conditional) return false;
  if (a.pairsWith === b.pairsWith) return true;
  if (a.pairsWith.length !== b.pairsWith.length) return false;
  for (let i = 0; i < a.pairsWith.length; i++) if (a.pairsWith[i] !== b.pairsWith[i]) return false;
  return true;
}

function sameEffects(a: readonly CallEffect[], b: readonly CallEffect[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameEffect(a[i], b[i])) return false;
  return true;
}

/**
 * walkFunction(decl, (_, i) => effects[i]), reusing the previous result for this declaration when
 * the effects are the same. The returned FlowResult is shared between analyses: callers treat it
 * as read-only (nothing in the IRQL analysis or its rules writes to a flow after the walk).
 */
export function cachedWalk(decl: FunctionDecl, effects: readonly CallEffect[]): FlowResult {
  const hit = WALKS.get(decl);
  if (hit && sameEffects(hit.effects, effects)) return hit.flow;
  const flow = walkFunction(decl, (_call, index) => effects[index]);
  WALKS.set(decl, { effects, flow });
  return flow;
}

interface LineIndex {
  text: string;
  starts: Int32Array;
}

/** Per file, the line starts of the last text seen (one entry per file; replaced when the text changes). */
const LINES = new Map<string, LineIndex>();
const MAX_LINE_INDEXES = 4096;

function lineStarts(file: string, text: string): Int32Array {
  const hit = LINES.get(file);
  if (hit && hit.text === text) return hit.starts;
  const s: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) s.push(i + 1);
  const starts = Int32Array.from(s);
  // Bounded: a workspace larger than the bound only loses reuse, never correctness.
  if (!hit && LINES.size >= MAX_LINE_INDEXES) LINES.delete(LINES.keys().next().value as string);
  LINES.set(file, { text, starts });
  return starts;
}

/** Offset of the start of 0-based `line` in `text` (of `file`), or -1 when the text has no such line. */
export function lineOffset(file: string, text: string, line: number): number {
  const starts = lineStarts(file, text);
  return line >= 0 && line < starts.length ? starts[line] : -1;
}
