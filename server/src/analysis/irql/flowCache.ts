// Flow walks, done once per function and only where they can tell something.
//
// Most functions call nothing that acquires, raises, releases or attaches. Their walk is known
// without walking: every path runs at the entry IRQL with nothing held. They all share one
// empty result, TRIVIAL_FLOW (no states recorded: statesAt() reads a missing entry as the entry
// state, and an exit holding nothing says nothing to any reader), which costs neither time nor
// memory. That is exact only when the walk could not have hit one of its bounds (a truncated walk
// marks states approximate): DeclFacts.boundedShape says so.
//
// The other walks are reused across analyses. After a keystroke inside one function body the
// incremental summariser re-parses only that function and keeps every other FunctionDecl as the
// same object, so a walk is kept per FunctionDecl in a WeakMap, with the effects it was made with:
// the walk reads only `decl.calls`, `decl.flow` and the effect of each call, so it is recomputed
// for the edited function, and for functions whose callees' effects changed (compared by value:
// callee wrapper effects are inferred afresh on every run, so their identity changes even when
// their value does not).

import type { FunctionDecl } from '../model';
import { NO_EFFECT, walkFunction, type CallEffect, type FlowResult } from './flow';

/** The walk of a function in which no call has an effect (shared, read-only). */
export const TRIVIAL_FLOW: FlowResult = Object.freeze({
  atCall: Object.freeze([]) as unknown as FlowResult['atCall'],
  callBranches: Object.freeze([]) as unknown as FlowResult['callBranches'],
  exits: Object.freeze([]) as unknown as FlowResult['exits'],
  truncated: false,
  releases: Object.freeze([]) as unknown as number[],
  matched: new Map<number, number[]>(),
});

/** The effects a walk was made with: call indices (ascending) and their effects. */
export interface SparseEffects {
  calls: readonly number[];
  effects: readonly CallEffect[];
}

interface WalkEntry extends SparseEffects {
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

function sameEffects(a: SparseEffects, b: SparseEffects): boolean {
  if (a.calls.length !== b.calls.length) return false;
  for (let i = 0; i < a.calls.length; i++) if (a.calls[i] !== b.calls[i] || !sameEffect(a.effects[i], b.effects[i])) return false;
  return true;
}

/**
 * The walk of `decl` where the calls listed in `e` have those effects and every other call has
 * none. `boundedShape`: DeclFacts.boundedShape of the declaration. The returned FlowResult is
 * shared between analyses (and TRIVIAL_FLOW between functions): callers treat it as read-only.
 */
export function cachedWalk(decl: FunctionDecl, e: SparseEffects, boundedShape: boolean): FlowResult {
  if (e.calls.length === 0 && boundedShape) return TRIVIAL_FLOW;
  const hit = WALKS.get(decl);
  if (hit && sameEffects(hit, e)) return hit.flow;
  const dense: CallEffect[] = new Array(decl.calls.length).fill(NO_EFFECT);
  for (let i = 0; i < e.calls.length; i++) dense[e.calls[i]] = e.effects[i];
  const flow = walkFunction(decl, (_call, index) => dense[index] ?? NO_EFFECT);
  WALKS.set(decl, { calls: e.calls, effects: e.effects, flow });
  return flow;
}
