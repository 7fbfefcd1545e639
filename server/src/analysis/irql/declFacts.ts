// What one function definition says about IRQL on its own: the DDI behind each call, the flow
// effect and the IRQL limit of those DDI calls, the registrations it makes, and the shape of its
// flow tree. All of it depends only on the FunctionDecl, so it is kept per FunctionDecl object:
// the incremental summariser keeps an unchanged function as the same object across edits, and
// then none of this is recomputed (one pass over each definition's calls per workspace, not per
// analysis). Entries die with the declarations nobody holds any more.

import type { CallSite, Flow, FunctionDecl } from '../model';
import { callLimit, ddiEffect, forgetResolvedFacts, resolveFact, type CallLimit, type ResolvedFact } from './facts';
import type { IrqlAnnotations } from './annotations';
import type { CallEffect } from './flow';
import type { Pageability } from './pageable';
import type { TextEntry } from './sourceText';
import { registrationsOf, type RegistrationInfo } from './roleFacts';

/** A call limit with a known maximum. */
export type KnownLimit = CallLimit & { max: number };

export interface DeclFacts {
  /**
   * DDI facts per call index, ignoring workspace targets (a call that resolves to a workspace
   * function is not a DDI call). Empty when no call is to a DDI: read `facts[i]` as nullish.
   */
  facts: readonly (ResolvedFact | null)[];
  /** Calls to DDIs with a flow effect (acquire, release, attach, ...), ascending, and those effects. */
  effectCalls: readonly number[];
  effects: readonly CallEffect[];
  /** Calls to DDIs with a known IRQL limit at that call (parameter rules applied), ascending, and the limits. */
  limitCalls: readonly number[];
  limits: readonly KnownLimit[];
  /** Calls that hand callbacks to the system (KeInitializeDpc, IoSetCompletionRoutine, ...), ascending, and what they register. */
  registrationCalls: readonly number[];
  registrations: readonly (readonly RegistrationInfo[])[];
  /** Reads the current IRQL (KeGetCurrentIrql...): it adapts to its IRQL. */
  adaptive: boolean;
  /** Calls MmLockPagableCodeSection and friends: the driver locks its sections down itself. */
  locksSections: boolean;
  /**
   * The flow tree is small and shallow enough, and has no `__finally`, that a walk in which no
   * call has an effect can hit none of the walker's bounds (flowCache.ts relies on this).
   */
  boundedShape: boolean;
  // Memo slots, filled lazily by their owners, each checking the other inputs it depends on.
  // They live here rather than in one WeakMap per purpose: one lookup per declaration and
  // analysis instead of one per purpose (the declarations are spread over a large heap, and
  // each lookup is a cache miss).
  /** The IRQL annotations of this declaration with its prototypes (analyze.ts). */
  annotations?: { others: readonly FunctionDecl[]; ann: IrqlAnnotations };
  /** Its pageability, with what it was computed from (analyze.ts). */
  pageability?: TextEntry<{ others: readonly FunctionDecl[]; macroKey: string; paging: Pageability }>;
  /** Bits of the rules' first questions (rules/irql/declHints.ts). */
  hints: number;
}

/** Calls that read the current IRQL (directly or through a framework macro): the function adapts. */
const ADAPTIVE_CALL = /GetCurrentIrql|CURRENT_IRQL|^KeAreApcsDisabled$|^KeAreAllApcsDisabled$|^KeIsExecutingDpc$/;
const LOCKS_SECTIONS = /^MmLockPagable(Code|Data)?Section(ByHandle)?$|^MmLockPagableSectionByHandle$/;

/**
 * Bounds of the flow walker (flow.ts: MAX_NODE_VISITS, MAX_DEPTH, MAX_GOTO_PASSES). Without
 * effects every state is the entry state, so each pass visits a node at most once, at its depth
 * in the tree (`__finally` blocks are walked again for every exit through them: excluded).
 */
const WALK_NODE_BUDGET = 100_000;
const WALK_MAX_DEPTH = 256;
const WALK_MAX_PASSES = 4;

const CACHE = new WeakMap<FunctionDecl, DeclFacts>();

export function declFacts(decl: FunctionDecl): DeclFacts {
  let d = CACHE.get(decl);
  if (!d) {
    d = computeDeclFacts(decl);
    CACHE.set(decl, d);
  }
  return d;
}

/** What a callee name alone says (the same names are called all over a workspace): looked up once per name. */
interface NameFacts {
  rf: ResolvedFact | null;
  registrations: readonly RegistrationInfo[];
  adaptive: boolean;
  locksSections: boolean;
  /** The DDI's effect and limit when they do not depend on the call's arguments (shared, read-only). */
  effect: CallEffect | null;
  limit: CallLimit | null;
}

const BY_NAME = new Map<string, NameFacts>();
const MAX_NAMES = 50_000;
const NO_NAME: NameFacts = Object.freeze({ rf: null, registrations: Object.freeze([]), adaptive: false, locksSections: false, effect: null, limit: null });

function nameFacts(name: string | null): NameFacts {
  if (name === null) return NO_NAME;
  let n = BY_NAME.get(name);
  if (n) return n;
  const rf = resolveFact(name);
  const fact = rf?.fact;
  n = {
    rf,
    registrations: registrationsOf(name),
    adaptive: ADAPTIVE_CALL.test(name),
    locksSections: LOCKS_SECTIONS.test(name),
    // ddiEffect reads the arguments only for a raise without a fixed level (KeRaiseIrql(NewIrql, ...)),
    // callLimit only for the parameter rules.
    effect: fact && !(fact.effect === 'raise' && fact.raisesTo == null) ? ddiEffect(fact, NO_ARGS_CALL) : null,
    limit: fact && !fact.paramRules?.length ? callLimit(fact, NO_ARGS_CALL, NO_ARGS_DECL) : null,
  };
  if (BY_NAME.size >= MAX_NAMES) BY_NAME.clear();
  BY_NAME.set(name, n);
  return n;
}

/**
 * Drops the per-name facts (and the DDI lookups behind them). Called after each analysis: later
 * analyses compute facts only for declarations an edit created, so keeping every name of the
 * workspace in memory between analyses would buy nothing.
 */
export function forgetNameFacts(): void {
  BY_NAME.clear();
  forgetResolvedFacts();
}

const NO_ARGS_CALL: CallSite = { callee: '', calleeName: null, args: [], inTry: false, range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } } };
const NO_ARGS_DECL = { calls: [], locals: [], assignments: [] } as unknown as FunctionDecl;

function computeDeclFacts(decl: FunctionDecl): DeclFacts {
  const calls = decl.calls;
  let facts: (ResolvedFact | null)[] | null = null;
  const effectCalls: number[] = [];
  const effects: CallEffect[] = [];
  const limitCalls: number[] = [];
  const limits: KnownLimit[] = [];
  const registrationCalls: number[] = [];
  const registrations: (readonly RegistrationInfo[])[] = [];
  let adaptive = false;
  let locksSections = false;
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i];
    const name = call.calleeName;
    const n = nameFacts(name);
    const rf = n.rf;
    if (rf) {
      (facts ??= new Array<ResolvedFact | null>(calls.length).fill(null))[i] = rf;
      const e = n.effect ?? ddiEffect(rf.fact, call);
      if (e.kind !== 'none') {
        effectCalls.push(i);
        effects.push(e);
      }
      const lim = n.limit ?? callLimit(rf.fact, call, decl);
      if (lim.max !== null) {
        limitCalls.push(i);
        limits.push(lim as KnownLimit);
      }
    }
    if (n === NO_NAME) continue;
    if (n.adaptive) adaptive = true;
    if (n.locksSections) locksSections = true;
    if (n.registrations.length) {
      registrationCalls.push(i);
      registrations.push(n.registrations);
    }
  }
  // Most definitions call no DDI with an effect or a limit: share empty lists (this is kept for
  // every definition of the workspace).
  return {
    facts: facts ?? NONE,
    effectCalls: orNone(effectCalls),
    effects: orNone(effects),
    limitCalls: orNone(limitCalls),
    limits: orNone(limits),
    registrationCalls: orNone(registrationCalls),
    registrations: orNone(registrations),
    adaptive,
    locksSections,
    boundedShape: boundedShape(decl),
    annotations: undefined,
    pageability: undefined,
    hints: 0,
  };
}

const NONE: readonly never[] = Object.freeze([]);

function orNone<T>(list: readonly T[]): readonly T[] {
  return list.length ? list : NONE;
}

function boundedShape(decl: FunctionDecl): boolean {
  if (!decl.flow) return (decl.calls.length + 1) * WALK_MAX_PASSES <= WALK_NODE_BUDGET;
  return shapeWithin(decl.flow, 0, { nodes: Math.floor(WALK_NODE_BUDGET / WALK_MAX_PASSES) });
}

/** No node of the subtree is deeper than the walk's bound, none is a `__finally`, and they fit the budget (the depth check bounds the recursion). */
function shapeWithin(n: Flow, depth: number, budget: { nodes: number }): boolean {
  if (depth > WALK_MAX_DEPTH || --budget.nodes < 0) return false;
  switch (n.k) {
    case 'seq':
      for (const item of n.items) if (!shapeWithin(item, depth + 1, budget)) return false;
      return true;
    case 'if':
      return shapeWithin(n.then, depth + 1, budget) && (!n.else || shapeWithin(n.else, depth + 1, budget));
    case 'loop':
      return shapeWithin(n.body, depth + 1, budget);
    case 'switch':
      for (const c of n.cases) if (!shapeWithin(c, depth + 1, budget)) return false;
      return true;
    case 'try':
      return !n.finally && shapeWithin(n.body, depth + 1, budget) && (!n.handler || shapeWithin(n.handler, depth + 1, budget));
    default:
      return true;
  }
}
