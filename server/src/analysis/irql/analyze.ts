// The interprocedural IRQL analysis over the call graph.
//
//  1. Bottom-up over the strongly connected components (callees first):
//     - walk each function's flow (flow.ts), with calls classified by the DDI facts and by the
//       *wrapper effect* of workspace callees already analysed (a `LockQueue()` that only acquires
//       a spin lock acts as an acquire for its callers);
//     - the function's *requirement*: the lowest IRQL ceiling imposed by what it calls at its
//       entry IRQL (a function calling ZwCreateFile must itself run at PASSIVE_LEVEL), with the
//       deepest-first chain to the DDI kept for messages;
//     - its *paged reach*: the shortest chain to pageable code it calls at its entry IRQL.
//     Recursive components iterate to a fixpoint (bounded).
//  2. Top-down (callers first): the *inherited* IRQL, the union of the IRQLs at every call site,
//     with the call that set the maximum kept for hovers.
//
// Local checks (rules/irql) then compare each call against the IRQL known *in that function*
// (its raises and its declared entry); requirements of callees are checked at the call site that
// makes the IRQL too high, so one bug gives one report, at the place that raised the IRQL.

import type { CallSite, FileSummary, FunctionDecl, Range } from '../model';
import type { CallEdge, CallGraph, GraphFunction } from '../callgraph/types';
import { componentMembers, componentSize, stronglyConnectedComponents, toCsr, type SccResult } from '../callgraph/scc';
import { readIrqlAnnotations, type IrqlAnnotations } from './annotations';
import { declarationPrefix, resultUsed } from './callText';
import { callEnd, callsWorkspace, inCallOrder } from './callEdges';
import { declFacts, type DeclFacts } from './declFacts';
import { UNKNOWN_ENTRY, isKnown, type EntryIrql, type IrqlSource } from './entry';
import type { ResolvedFact } from './facts';
import { INITIAL_STATE, NO_EFFECT, raisedLevel, type CallEffect, type FlowResult, type Held, type PathState } from './flow';
import { TRIVIAL_FLOW, cachedWalk, type SparseEffects } from './flowCache';
import { filePaging, pageabilityOf, pageSectionMacros, type Pageability } from './pageable';
import { declaredEntries } from './roles';
import { levelName } from './levels';
import { TextMemo, computeTextEntry, textEntryHolds, type RunTexts } from './sourceText';

/** One call in a chain: function `key` calls at `call`. */
export interface ChainStep {
  key: string;
  name: string;
  file: string;
  callIndex: number;
  call: CallSite;
}

export interface Terminal {
  /** `ddi`: a DDI's documented limit; `annotation`: a workspace function's own IRQL annotation. */
  kind: 'ddi' | 'annotation';
  name: string;
  max: number;
  blocking: boolean;
  pagedAlloc: boolean;
  /** Docs page of the DDI. */
  source?: string;
  /** The parameter rule that tightened the limit (`Timeout is NULL`...). */
  note?: string;
  /** For `annotation`: the function and where the annotation is. */
  key?: string;
  file?: string;
  range?: Range;
}

export interface Requirement {
  /** The function must be entered at or below this IRQL. */
  max: number;
  /** Calls from this function down to the terminal (empty when the terminal is its own annotation). */
  steps: ChainStep[];
  terminal: Terminal;
}

export interface PagedReach {
  /** Calls from this function down to the pageable function (empty: the function itself is pageable). */
  steps: ChainStep[];
  /** The pageable function. */
  target: string;
}

export interface Inherited {
  min: number | null;
  max: number | null;
  /** The call site that brings the highest IRQL, and from which function. */
  maxFrom?: { caller: string; callIndex: number; level: number };
  /** Some caller's IRQL at its call is unknown. */
  partial: boolean;
}

export interface FnState {
  key: string;
  index: number;
  gf: GraphFunction;
  decl: FunctionDecl;
  summary: FileSummary;
  /** What the definition alone says (DDI facts, effects and limits of its calls, flags). */
  declFacts: DeclFacts;
  ann: IrqlAnnotations;
  paging: Pageability;
  /** In a PAGE section, or asserts PAGED_CODE(): must not run at DISPATCH_LEVEL or above. */
  pagedIntent: boolean;
  declared: EntryIrql;
  flow: FlowResult;
  /** Calls KeGetCurrentIrql (or similar): it adapts to its IRQL, so entry-based verdicts are unsafe. */
  adaptive: boolean;
  /** What this function does to its caller's lock/IRQL state, inferred from its exits. */
  wrapper: CallEffect;
  required: Requirement | null;
  pagedReach: PagedReach | null;
  inherited: Inherited;
  /**
   * Calls to workspace functions: the call graph's edges from this function in call order (one
   * per call and target; see callEdges.ts). Shared with the graph: read-only.
   */
  edges: readonly CallEdge[];
  /** Per call index: the DDI facts of the callee (null or missing: not a DDI in the table, or a workspace function). */
  facts: readonly (ResolvedFact | null)[];
}

export interface IrqlAnalysis {
  graph: CallGraph;
  fns: Map<string, FnState>;
  order: string[];
  /**
   * The driver locks pageable sections down itself (MmLockPagableCodeSection /
   * MmLockPagableSectionByHandle): its named PAGExxx sections (PAGESER, PAGELK...) are resident
   * while in use, so only plain PAGE code counts as paged out at DISPATCH_LEVEL.
   */
  locksSections: boolean;
  /** Source text for this run (read lazily, at most once per file). */
  texts: RunTexts;
}

const MAX_SCC_ROUNDS = 6;

function stepOf(fn: FnState, callIndex: number): ChainStep {
  return { key: fn.key, name: fn.decl.qualifiedName, file: fn.decl.file, callIndex, call: fn.decl.calls[callIndex] };
}

/** States at a call; a call the walk never reached is judged at the entry state. */
export function statesAt(fn: FnState, callIndex: number): readonly PathState[] {
  const s = fn.flow.atCall[callIndex];
  return s && s.length ? s : ENTRY_STATES;
}

const ENTRY_STATES: readonly PathState[] = Object.freeze([INITIAL_STATE]);

/** Per flow walk (shared while the walk is reused, see flowCache.ts): atEntryLevel of each call, 1/0, 2 = not computed. */
const AT_ENTRY = new WeakMap<FlowResult, Uint8Array>();

/** The call is made (on some path) at the function's entry IRQL: no raise held, state known. */
function atEntryLevel(fn: FnState, callIndex: number): boolean {
  if (fn.flow === TRIVIAL_FLOW) return true; // every call runs at the entry IRQL
  let memo = AT_ENTRY.get(fn.flow);
  if (!memo || memo.length !== fn.decl.calls.length) {
    memo = new Uint8Array(fn.decl.calls.length).fill(2);
    AT_ENTRY.set(fn.flow, memo);
  }
  if (callIndex < 0 || callIndex >= memo.length) return statesAt(fn, callIndex).some((s) => !s.lost && !s.approx && raisedLevel(s, true) === null);
  if (memo[callIndex] === 2) memo[callIndex] = statesAt(fn, callIndex).some((s) => !s.lost && !s.approx && raisedLevel(s, true) === null) ? 1 : 0;
  return memo[callIndex] === 1;
}

function better(a: Requirement | null, b: Requirement | null): Requirement | null {
  if (!a) return b;
  if (!b) return a;
  if (b.max !== a.max) return b.max < a.max ? b : a;
  return b.steps.length < a.steps.length ? b : a;
}

function sameRequirement(a: Requirement | null, b: Requirement | null): boolean {
  if (!a || !b) return a === b;
  return a.max === b.max && a.steps.length === b.steps.length && a.terminal.name === b.terminal.name;
}

/** Inferred wrapper effect: every exit holds the same acquisitions and the body releases none of them. */
function inferWrapper(fn: FnState): CallEffect {
  if (fn.flow.truncated || fn.flow.exits.length === 0) return NO_EFFECT;
  let common: Held[] | null = null;
  let allLost = true;
  for (const exit of fn.flow.exits) {
    for (const s of exit.states) {
      if (s.approx) return NO_EFFECT;
      if (!s.lost) allLost = false;
      const held = s.held.filter((h) => h.kind === 'lock' && !h.conditional);
      if (common === null) common = held;
      else if (common.length !== held.length || common.some((h, i) => h.call !== held[i].call)) return NO_EFFECT;
    }
  }
  if (common && common.length > 0) {
    let level: number | null = null;
    for (const h of common) if (h.level !== null) level = level === null ? h.level : Math.max(level, h.level);
    return { kind: 'acquire', level: fn.ann.raises ?? level, pairsWith: ['*'] };
  }
  // Every path releases something it never acquired: a release wrapper (`UnlockQueue`).
  if (allLost && fn.flow.releases.length > 0) return { kind: 'release', level: null, pairsWith: ['*'] };
  return NO_EFFECT;
}

/** inferWrapper reads only the flow and the `raises` annotation: reused while the walk is (flowCache.ts). */
const WRAPPERS = new WeakMap<FlowResult, { raises: number | null; effect: CallEffect }>();

function cachedWrapper(fn: FnState): CallEffect {
  if (fn.flow === TRIVIAL_FLOW) return NO_EFFECT; // what inferWrapper says of a walk without effects
  const hit = WRAPPERS.get(fn.flow);
  if (hit && hit.raises === fn.ann.raises) return hit.effect;
  const effect = inferWrapper(fn);
  WRAPPERS.set(fn.flow, { raises: fn.ann.raises, effect });
  return effect;
}

function annotatedEffect(ann: IrqlAnnotations): CallEffect | null {
  if (ann.raises !== null || ann.acquiresLock) return { kind: 'acquire', level: ann.raises, pairsWith: ['*'] };
  if (ann.restores || ann.releasesLock) return { kind: 'release', level: null, pairsWith: ['*'] };
  return null;
}

export function analyzeFunctions(graph: CallGraph, summaries: readonly FileSummary[], texts: RunTexts): IrqlAnalysis {
  const placement = placementContext(summaries);
  const dense = denseGraph(graph);
  const keys = dense.keys;
  const fns = new Map<string, FnState>();
  /** The same states by function index (keys[i]). */
  const states: FnState[] = new Array(keys.length);
  let locksSections = false;
  let index = 0;
  // graph.functions iterates in key order (denseGraph).
  for (const gf of graph.functions.values()) {
    const key = keys[index];
    const decl = gf.decl;
    const df = declFacts(decl);
    const edges = inCallOrder(graph.callees(key));
    const paging = cachedPageability(decl, df, gf, placement, texts);
    if (df.locksSections) locksSections = true;
    const fn: FnState = {
      key,
      index,
      gf,
      decl,
      summary: gf.summary,
      declFacts: df,
      ann: cachedAnnotations(decl, df, gf.declarations),
      paging,
      pagedIntent: paging.pageable || paging.pagedCodeAnywhere,
      declared: UNKNOWN_ENTRY,
      flow: TRIVIAL_FLOW,
      adaptive: df.adaptive,
      wrapper: NO_EFFECT,
      required: null,
      pagedReach: null,
      inherited: NO_INHERITED,
      edges,
      facts: maskTargeted(df.facts, edges),
    };
    fns.set(key, fn);
    states[index++] = fn;
  }

  // KMDF passive-level interrupts (PassiveHandling = TRUE): their "interrupt lock" is a wait
  // lock at PASSIVE_LEVEL, not a DIRQL spin lock. Objects are not tracked, so when the workspace
  // configures any passive-level interrupt, WdfInterruptAcquireLock is taken as not raising.
  const passiveInterrupts = texts.available && summaries.some((s) => configuresPassiveInterrupt(s, texts));

  // Declared entry IRQLs: annotations, roles, slots, registrations.
  const declared = declaredEntries(graph, fns, summaries, texts);
  for (const fn of states) fn.declared = declared.get(fn.key) ?? UNKNOWN_ENTRY;

  // Components, callees first.
  const scc =
    dense.scc ??
    stronglyConnectedComponents(
      toCsr(
        states.map((fn) => {
          const out: number[] = [];
          for (const e of fn.edges) out.push(fns.get(e.to)!.index);
          return out;
        }),
      ),
    );

  for (let c = 0; c < scc.count; c++) {
    if (componentSize(scc, c) === 1) {
      const fn = states[scc.members[scc.start[c]]];
      walk(fns, fn, passiveInterrupts, texts);
      fn.required = requirementOf(fns, fn);
      fn.pagedReach = pagedReachOf(fns, fn);
      continue;
    }
    const members = componentMembers(scc, c).map((i) => states[i]);
    for (const fn of members) walk(fns, fn, passiveInterrupts, texts);
    for (let round = 0; round < MAX_SCC_ROUNDS; round++) {
      let changed = false;
      for (const fn of members) {
        const req = requirementOf(fns, fn);
        if (!sameRequirement(req, fn.required)) {
          fn.required = req;
          changed = true;
        }
        const reach = pagedReachOf(fns, fn);
        if ((reach?.steps.length ?? -1) !== (fn.pagedReach?.steps.length ?? -1)) {
          fn.pagedReach = reach;
          changed = true;
        }
      }
      if (!changed) break;
    }
  }

  // Inherited IRQL, callers first.
  for (let c = scc.count - 1; c >= 0; c--) {
    if (componentSize(scc, c) === 1) {
      const fn = states[scc.members[scc.start[c]]];
      fn.inherited = inheritedOf(graph, fns, fn);
      continue;
    }
    const members = componentMembers(scc, c).map((i) => states[i]);
    for (let round = 0; round < MAX_SCC_ROUNDS; round++) {
      let changed = false;
      for (const fn of members) {
        const inh = inheritedOf(graph, fns, fn);
        if (inh.min !== fn.inherited.min || inh.max !== fn.inherited.max) changed = true;
        fn.inherited = inh;
      }
      if (!changed) break;
    }
  }
  return { graph, fns, order: keys, locksSections, texts };
}

/** Nobody calls the function (yet): the inherited IRQL before the top-down pass (shared, read-only). */
const NO_INHERITED: Inherited = Object.freeze({ min: null, max: null, partial: false });

/**
 * Function keys in a dense order and, when the graph already has them (WorkspaceCallGraph), its
 * strongly connected components over the same numbering: they are computed from the same edges
 * in the same order, so they are the components this analysis would compute.
 */
function denseGraph(graph: CallGraph): { keys: string[]; scc: SccResult | null } {
  const g = graph as CallGraph & { keys?: string[]; scc?: SccResult };
  if (Array.isArray(g.keys) && g.scc !== undefined && g.keys.length === graph.functions.size) return { keys: g.keys, scc: g.scc };
  return { keys: [...graph.functions.keys()], scc: null };
}

/** The flow walk of a function and the wrapper effect it then has for its callers. */
function walk(fns: Map<string, FnState>, fn: FnState, passiveInterrupts: boolean, texts: RunTexts): void {
  // Every call's effect is decided up front: the walk depends only on the declaration and
  // these effects, so an unchanged function (same FunctionDecl object after an edit elsewhere)
  // whose callees still behave the same reuses its previous walk (flowCache.ts).
  fn.flow = cachedWalk(fn.decl, callEffects(fns, fn, passiveInterrupts, texts), fn.declFacts.boundedShape);
  fn.wrapper = annotatedEffect(fn.ann) ?? cachedWrapper(fn);
}

/** The DDI facts per call with calls to workspace functions masked (shares the declaration's array when none needs masking). */
function maskTargeted(facts: readonly (ResolvedFact | null)[], edges: readonly CallEdge[]): readonly (ResolvedFact | null)[] {
  if (facts.length === 0) return facts;
  let out: (ResolvedFact | null)[] | null = null;
  for (const e of edges) {
    const i = e.callIndex;
    if (facts[i] === null || facts[i] === undefined || out?.[i] === null) continue;
    out ??= facts.slice();
    out[i] = null;
  }
  return out ?? facts;
}

/**
 * The effect of each call with one (ascending): a workspace callee's annotated or inferred wrapper
 * effect, else the DDI's. An acquire whose result is tested may fail: a try-acquire.
 */
function callEffects(fns: Map<string, FnState>, fn: FnState, passiveInterrupts: boolean, texts: RunTexts): SparseEffects {
  const df = fn.declFacts;
  let calls: number[] | null = null;
  let effects: CallEffect[] | null = null;
  // Merge, in call order, the workspace calls whose callee acts as a wrapper and the DDI calls with an effect.
  let k = 0;
  const edges = fn.edges;
  for (let a = 0, b = 0; a < edges.length; a = b) {
    b = callEnd(edges, a);
    const index = edges[a].callIndex;
    for (; k < df.effectCalls.length && df.effectCalls[k] < index; k++) {
      (calls ??= []).push(df.effectCalls[k]);
      (effects ??= []).push(finalEffect(fn, df.effectCalls[k], df.effects[k], passiveInterrupts, texts));
    }
    if (k < df.effectCalls.length && df.effectCalls[k] === index) k++; // a workspace function, not the DDI
    for (let t = a; t < b; t++) {
      const callee = fns.get(edges[t].to);
      if (callee && callee !== fn && callee.wrapper.kind !== 'none') {
        (calls ??= []).push(index);
        (effects ??= []).push(finalEffect(fn, index, callee.wrapper, passiveInterrupts, texts));
        break;
      }
    }
  }
  for (; k < df.effectCalls.length; k++) {
    (calls ??= []).push(df.effectCalls[k]);
    (effects ??= []).push(finalEffect(fn, df.effectCalls[k], df.effects[k], passiveInterrupts, texts));
  }
  return calls && effects ? { calls, effects } : NO_EFFECTS;
}

/** The effect of a call, adjusted for a passive-level interrupt lock and for an acquire whose result is tested. */
function finalEffect(fn: FnState, index: number, effect: CallEffect, passiveInterrupts: boolean, texts: RunTexts): CallEffect {
  let e = effect;
  if (passiveInterrupts && e.kind === 'acquire' && fn.decl.calls[index].calleeName === 'WdfInterruptAcquireLock') e = { ...e, level: null };
  if (e.kind === 'acquire' && !e.conditional && acquireResultUsed(fn, index, texts)) e = { ...e, conditional: true };
  return e;
}

const NO_EFFECTS: SparseEffects = Object.freeze({ calls: Object.freeze([]) as readonly number[], effects: Object.freeze([]) as readonly CallEffect[] });

/** Per declaration and text: whether the value of each call is used (read from the source). */
const RESULT_USED = new TextMemo<Uint8Array>();

function acquireResultUsed(fn: FnState, index: number, texts: RunTexts): boolean {
  const used = RESULT_USED.get(fn.summary, fn.decl, texts, (text) => {
    const src = text();
    const starts = src === undefined ? undefined : texts.lineStarts(fn.summary.file);
    return Uint8Array.from(fn.decl.calls, (call) => (resultUsed(src, starts, call) ? 1 : 0));
  });
  return used[index] === 1;
}

/** Workspace-wide inputs of pageability besides the function and its file's summary. */
interface PlacementContext {
  /** The summary of each file (the last one wins, as in a Map built in order). */
  summaryOf: Map<string, FileSummary>;
  pageMacros: Set<string>;
  initMacros: Set<string>;
  /** The macro names, for comparing with a cached value. */
  macroKey: string;
}

function placementContext(summaries: readonly FileSummary[]): PlacementContext {
  const summaryOf = new Map<string, FileSummary>();
  for (const s of summaries) summaryOf.set(s.file, s);
  const pageMacros = pageSectionMacros(summaries);
  const initMacros = pageSectionMacros(summaries, 'INIT');
  return { summaryOf, pageMacros, initMacros, macroKey: `${[...pageMacros].join(',')}|${[...initMacros].join(',')}` };
}

/** Its pageability, kept per declaration and text (DeclFacts.pageability) with the other inputs it was computed from. */
function cachedPageability(decl: FunctionDecl, df: DeclFacts, gf: GraphFunction, ctx: PlacementContext, texts: RunTexts): Pageability {
  const summary = ctx.summaryOf.get(decl.file);
  if (!summary) return pageabilityOf(decl, filePaging(gf.summary), gf.declarations);
  const others = gf.declarations;
  const hit = df.pageability;
  if (hit && textEntryHolds(hit, summary, texts) && hit.value.macroKey === ctx.macroKey && sameDecls(hit.value.others, others)) return hit.value.paging;
  const e = computeTextEntry(summary, texts, (text) => {
    const macros = ctx.pageMacros.size > 0 || ctx.initMacros.size > 0;
    const paging = filePaging(summary, ctx.pageMacros, macros ? (fn) => declarationPrefix(text(), fn) : undefined, text, ctx.initMacros);
    return { others: copyDecls(others), macroKey: ctx.macroKey, paging: pageabilityOf(decl, paging, others) };
  });
  df.pageability = e;
  return e.value.paging;
}

/** Some function of the file configures a passive-level KMDF interrupt (read from the text, kept per summary). */
const PASSIVE_INTERRUPT = new TextMemo<boolean>();

function configuresPassiveInterrupt(s: FileSummary, texts: RunTexts): boolean {
  return PASSIVE_INTERRUPT.get(s, s, texts, (text) => {
    // Only a file that configures an interrupt (or registers an ISR) is read.
    const interrupts = s.functions.some((f) => f.calls.some((c) => c.calleeName === 'WDF_INTERRUPT_CONFIG_INIT')) || s.slotAssignments.some((a) => a.slot === 'EvtInterruptIsr');
    return interrupts && /\.\s*PassiveHandling\s*=\s*(TRUE|true)\b/.test(text() ?? '');
  });
}

function sameDecls(a: readonly FunctionDecl[], b: readonly FunctionDecl[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * readIrqlAnnotations([decl, ...others]), kept per declaration (DeclFacts.annotations) with the
 * prototypes it was read from; the result is shared, and nothing writes to it.
 */
function cachedAnnotations(decl: FunctionDecl, df: DeclFacts, others: readonly FunctionDecl[]): IrqlAnnotations {
  const hit = df.annotations;
  if (hit && sameDecls(hit.others, others)) return hit.ann;
  const ann = readIrqlAnnotations([decl, ...others]);
  df.annotations = { others: copyDecls(others), ann };
  return ann;
}

const NO_DECLS: readonly FunctionDecl[] = Object.freeze([]);

/** A copy of a declaration list (the graph updates its lists in place). */
function copyDecls(list: readonly FunctionDecl[]): readonly FunctionDecl[] {
  return list.length ? [...list] : NO_DECLS;
}

function requirementOf(fns: Map<string, FnState>, fn: FnState): Requirement | null {
  let best: Requirement | null = null;
  if (fn.ann.max !== null) {
    const src = fn.ann.sources.find((s) => /max|requires_\(|requiresIRQL|always/i.test(s.text));
    best = {
      max: fn.ann.max,
      steps: [],
      terminal: {
        kind: 'annotation',
        name: fn.decl.qualifiedName,
        max: fn.ann.max,
        blocking: false,
        pagedAlloc: false,
        key: fn.key,
        note: src?.text,
        file: src?.file,
        range: src?.range,
      },
    };
  }
  // An annotated function is a contract: callers are checked against its annotation, and any
  // mismatch with what it calls is reported inside it (modular, like PREfast), not again at
  // every caller.
  if (best || fn.adaptive) return best;
  // In call order: calls to workspace functions (their requirements), and calls to DDIs with a limit.
  const limitCalls = fn.declFacts.limitCalls;
  let k = 0;
  const edges = fn.edges;
  for (let a = 0, b = 0; a < edges.length; a = b) {
    b = callEnd(edges, a);
    const i = edges[a].callIndex;
    for (; k < limitCalls.length && limitCalls[k] < i; k++) best = ddiRequirement(fn, k, best);
    if (!atEntryLevel(fn, i)) continue;
    for (let t = a; t < b; t++) {
      const callee = fns.get(edges[t].to);
      if (!callee || callee === fn || !callee.required) continue;
      const r = callee.required;
      if (wins(best, r.max, r.steps.length + 1)) best = { max: r.max, steps: [stepOf(fn, i), ...r.steps], terminal: r.terminal };
    }
  }
  for (; k < limitCalls.length; k++) best = ddiRequirement(fn, k, best);
  return best;
}

/** better(best, candidate) would pick a candidate with this maximum and chain length (checked before building it). */
function wins(best: Requirement | null, max: number, steps: number): boolean {
  return !best || (max !== best.max ? max < best.max : steps < best.steps.length);
}

/** `best` or the requirement of the k-th DDI call with a limit, when that call is made at the entry IRQL. */
function ddiRequirement(fn: FnState, k: number, best: Requirement | null): Requirement | null {
  const df = fn.declFacts;
  const i = df.limitCalls[k];
  if (callsWorkspace(fn.edges, i) || !atEntryLevel(fn, i)) return best;
  const rf = df.facts[i]!;
  const lim = df.limits[k];
  if (!wins(best, lim.max, 1)) return best;
  return better(best, {
    max: lim.max,
    steps: [stepOf(fn, i)],
    terminal: {
      kind: 'ddi',
      name: rf.fact.name,
      max: lim.max,
      blocking: lim.blocking,
      pagedAlloc: lim.pagedAlloc,
      source: rf.fact.source,
      note: lim.rule?.note,
    },
  });
}

function pagedReachOf(fns: Map<string, FnState>, fn: FnState): PagedReach | null {
  if (fn.pagedIntent) return { steps: [], target: fn.key };
  // Annotated functions are contracts (see requirementOf): a paged callee of a function that
  // claims DISPATCH_LEVEL is reported inside it; one that claims less is checked by its annotation.
  if (fn.adaptive || fn.ann.max !== null) return null;
  let best: PagedReach | null = null;
  const edges = fn.edges;
  for (let a = 0, b = 0; a < edges.length; a = b) {
    b = callEnd(edges, a);
    const i = edges[a].callIndex;
    if (!atEntryLevel(fn, i)) continue;
    for (let t = a; t < b; t++) {
      const callee = fns.get(edges[t].to);
      if (!callee || callee === fn || !callee.pagedReach) continue;
      if (best && callee.pagedReach.steps.length + 1 >= best.steps.length) continue;
      best = { steps: [stepOf(fn, i), ...callee.pagedReach.steps], target: callee.pagedReach.target };
    }
  }
  return best;
}

/** The entry context of a function as seen from inside it: declared, else inherited from callers. */
export function effectiveEntry(fn: FnState): { min: number | null; max: number | null } {
  const d = fn.declared;
  if (isKnown(d)) {
    if (fn.inherited.max === null) return { min: d.min, max: d.max };
    return {
      min: d.min === null || fn.inherited.min === null ? null : Math.min(d.min, fn.inherited.min),
      max: d.max === null ? null : Math.max(d.max, fn.inherited.max),
    };
  }
  return { min: fn.inherited.min, max: fn.inherited.max };
}

function inheritedOf(graph: CallGraph, fns: Map<string, FnState>, fn: FnState): Inherited {
  const edges: CallEdge[] = graph.callers(fn.key);
  if (edges.length === 0) return NO_CALLERS;
  let min: number | null = null;
  let max: number | null = null;
  let partial = false;
  let maxFrom: Inherited['maxFrom'];
  let any = false;
  for (const e of edges) {
    const caller = fns.get(e.from);
    if (!caller || caller === fn) continue;
    // effectiveEntry(caller), without the object.
    const d = caller.declared;
    const inh = caller.inherited;
    let entryMin: number | null;
    let entryMax: number | null;
    if (isKnown(d)) {
      entryMin = inh.max === null ? d.min : d.min === null || inh.min === null ? null : Math.min(d.min, inh.min);
      entryMax = inh.max === null ? d.max : d.max === null ? null : Math.max(d.max, inh.max);
    } else {
      entryMin = inh.min;
      entryMax = inh.max;
    }
    for (const s of statesAt(caller, e.callIndex)) {
      if (s.lost || s.approx) {
        partial = true;
        continue;
      }
      const r = raisedLevel(s, false);
      const rc = raisedLevel(s, true);
      let lo: number | null;
      let hi: number | null;
      if (r) {
        lo = Math.max(r.level, entryMin ?? 0);
        hi = Math.max(rc!.level, entryMax ?? r.level);
      } else if (entryMax !== null || entryMin !== null) {
        lo = entryMin;
        hi = rc ? Math.max(rc.level, entryMax ?? 0) : entryMax;
      } else {
        partial = true;
        continue;
      }
      if (lo === null) partial = true;
      if (!any) {
        min = lo;
        any = true;
      } else min = min === null || lo === null ? null : Math.min(min, lo);
      if (hi !== null && (max === null || hi > max)) {
        max = hi;
        maxFrom = { caller: caller.key, callIndex: e.callIndex, level: hi };
      }
    }
  }
  if (partial) min = null;
  return { min, max, maxFrom, partial };
}

/** What inheritedOf says of a function nobody in the workspace calls (shared, read-only). */
const NO_CALLERS: Inherited = Object.freeze({ min: null, max: null, maxFrom: undefined, partial: false });

/** Sources shown for a function's IRQL (declared sources, then the caller that brings the maximum). */
export function irqlSources(fns: Map<string, FnState>, fn: FnState): IrqlSource[] {
  const out: IrqlSource[] = [...fn.declared.sources];
  const from = fn.inherited.maxFrom;
  if (from) {
    const caller = fns.get(from.caller);
    if (caller) {
      const call = caller.decl.calls[from.callIndex];
      out.push({
        text: `called from ${caller.decl.qualifiedName} at ${levelName(from.level)}`,
        file: caller.decl.file,
        range: call?.range,
      });
    }
  }
  if (fn.inherited.partial && out.length) out.push({ text: 'some callers run at an unknown IRQL' });
  return out;
}

