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
import { stronglyConnectedComponents, toCsr } from '../callgraph/scc';
import { readIrqlAnnotations, type IrqlAnnotations } from './annotations';
import { UNKNOWN_ENTRY, isKnown, type EntryIrql, type IrqlSource } from './entry';
import { callLimit, ddiEffect, resolveFact, type ResolvedFact } from './facts';
import { INITIAL_STATE, NO_EFFECT, raisedLevel, type CallEffect, type FlowResult, type Held, type PathState } from './flow';
import { filePaging, pageabilityOf, pageSectionMacros, type FilePaging, type Pageability } from './pageable';
import { declaredEntries } from './roles';
import { levelName } from './levels';
import { cachedWalk, lineOffset } from './flowCache';

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
  /** Per call index: workspace targets. */
  targets: Map<number, string[]>;
  /** Per call index: the DDI facts of the callee (null: not a DDI in the table). */
  facts: (ResolvedFact | null)[];
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
}

/** Calls that read the current IRQL (directly or through a framework macro): the function adapts. */
const ADAPTIVE_CALL = /GetCurrentIrql|CURRENT_IRQL|^KeAreApcsDisabled$|^KeAreAllApcsDisabled$|^KeIsExecutingDpc$/;
const MAX_SCC_ROUNDS = 6;

function stepOf(fn: FnState, callIndex: number): ChainStep {
  return { key: fn.key, name: fn.decl.qualifiedName, file: fn.decl.file, callIndex, call: fn.decl.calls[callIndex] };
}

/** States at a call; a call the walk never reached is judged at the entry state. */
export function statesAt(fn: FnState, callIndex: number): readonly PathState[] {
  const s = fn.flow.atCall[callIndex];
  return s && s.length ? s : [INITIAL_STATE];
}

/** Per flow walk (shared while the walk is reused, see flowCache.ts): atEntryLevel of each call, 1/0, 2 = not computed. */
const AT_ENTRY = new WeakMap<FlowResult, Uint8Array>();

/** The call is made (on some path) at the function's entry IRQL: no raise held, state known. */
function atEntryLevel(fn: FnState, callIndex: number): boolean {
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

export function analyzeFunctions(graph: CallGraph, summaries: readonly FileSummary[], text?: (file: string) => string | undefined): IrqlAnalysis {
  const pagingByFile = new Map<string, FilePaging>();
  const pageMacros = pageSectionMacros(summaries);
  const initMacros = pageSectionMacros(summaries, 'INIT');
  const textBefore = text && (pageMacros.size || initMacros.size) ? (fn: FunctionDecl): string => declarationPrefix(text(fn.file), fn) : undefined;
  for (const s of summaries) pagingByFile.set(s.file, filePaging(s, pageMacros, textBefore, text ? () => text(s.file) : undefined, initMacros));
  const keys = [...graph.functions.keys()];
  const fns = new Map<string, FnState>();
  keys.forEach((key, index) => {
    const gf = graph.functions.get(key)!;
    const decl = gf.decl;
    const ann = cachedAnnotations(decl, gf.declarations);
    const paging = pageabilityOf(decl, pagingByFile.get(decl.file) ?? filePaging(gf.summary), gf.declarations);
    const targets = new Map<number, string[]>();
    for (const e of graph.callees(key)) {
      const list = targets.get(e.callIndex);
      if (list) list.push(e.to);
      else targets.set(e.callIndex, [e.to]);
    }
    fns.set(key, {
      key,
      index,
      gf,
      decl,
      summary: gf.summary,
      ann,
      paging,
      pagedIntent: paging.pageable || paging.pagedCodeAnywhere,
      declared: UNKNOWN_ENTRY,
      flow: { atCall: [], callBranches: [], exits: [], truncated: false, releases: [], matched: new Map() },
      adaptive: isAdaptive(decl),
      wrapper: NO_EFFECT,
      required: null,
      pagedReach: null,
      inherited: { min: null, max: null, partial: false },
      targets,
      facts: decl.calls.map((c, i) => (targets.has(i) ? null : resolveFact(c.calleeName))),
    });
  });

  const locksSections = [...fns.values()].some((fn) => locksSectionsDown(fn.decl));
  // KMDF passive-level interrupts (PassiveHandling = TRUE): their "interrupt lock" is a wait
  // lock at PASSIVE_LEVEL, not a DIRQL spin lock. Objects are not tracked, so when the workspace
  // configures any passive-level interrupt, WdfInterruptAcquireLock is taken as not raising.
  const passiveInterrupts =
    text !== undefined &&
    summaries.some(
      (s) =>
        (s.functions.some((f) => f.calls.some((c) => c.calleeName === 'WDF_INTERRUPT_CONFIG_INIT')) || s.slotAssignments.some((a) => a.slot === 'EvtInterruptIsr')) &&
        /\.\s*PassiveHandling\s*=\s*(TRUE|true)\b/.test(text(s.file) ?? ''),
    );

  // Declared entry IRQLs: annotations, roles, slots, registrations.
  const declared = declaredEntries(graph, fns, summaries, text);
  for (const fn of fns.values()) fn.declared = declared.get(fn.key) ?? UNKNOWN_ENTRY;

  // Components, callees first.
  const adjacency = keys.map((k) => {
    const fn = fns.get(k)!;
    const out: number[] = [];
    for (const list of fn.targets.values()) for (const t of list) out.push(fns.get(t)!.index);
    return out;
  });
  const { components } = stronglyConnectedComponents(toCsr(adjacency));

  for (const comp of components) {
    const members = comp.map((i) => fns.get(keys[i])!);
    for (const fn of members) {
      let src: string | undefined | null = null; // fetched only if the function acquires something
      // Every call's effect is decided up front: the walk depends only on the declaration and
      // these effects, so an unchanged function (same FunctionDecl object after an edit elsewhere)
      // whose callees still behave the same reuses its previous walk (flowCache.ts).
      const effects = fn.decl.calls.map((call, index) => {
        let e = classify(fns, fn, call, index);
        if (passiveInterrupts && e.kind === 'acquire' && call.calleeName === 'WdfInterruptAcquireLock') e = { ...e, level: null };
        if (e.kind === 'acquire' && !e.conditional) {
          if (src === null) src = text?.(fn.decl.file);
          // An acquire whose result is tested may fail: a try-acquire.
          if (resultUsed(src, call, fn.decl.file)) return { ...e, conditional: true };
        }
        return e;
      });
      fn.flow = cachedWalk(fn.decl, effects);
      fn.wrapper = annotatedEffect(fn.ann) ?? cachedWrapper(fn);
    }
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
      if (!changed || members.length === 1) break;
    }
  }

  // Inherited IRQL, callers first.
  for (let c = components.length - 1; c >= 0; c--) {
    const members = components[c].map((i) => fns.get(keys[i])!);
    const rounds = members.length > 1 ? MAX_SCC_ROUNDS : 1;
    for (let round = 0; round < rounds; round++) {
      let changed = false;
      for (const fn of members) {
        const inh = inheritedOf(graph, fns, fn);
        if (inh.min !== fn.inherited.min || inh.max !== fn.inherited.max) changed = true;
        fn.inherited = inh;
      }
      if (!changed) break;
    }
  }
  return { graph, fns, order: keys, locksSections };
}

// Facts that depend only on a declaration (and, for annotations, its other declarations), kept
// per FunctionDecl object: an edit elsewhere leaves the declaration, and these, unchanged.
const ANNOTATIONS = new WeakMap<FunctionDecl, { others: readonly FunctionDecl[]; ann: IrqlAnnotations }>();
const DECL_FLAGS = new WeakMap<FunctionDecl, { adaptive: boolean; locksSections: boolean }>();

function sameDecls(a: readonly FunctionDecl[], b: readonly FunctionDecl[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** readIrqlAnnotations([decl, ...others]); the result is shared, and nothing writes to it. */
function cachedAnnotations(decl: FunctionDecl, others: readonly FunctionDecl[]): IrqlAnnotations {
  const hit = ANNOTATIONS.get(decl);
  if (hit && sameDecls(hit.others, others)) return hit.ann;
  const ann = readIrqlAnnotations([decl, ...others]);
  ANNOTATIONS.set(decl, { others: [...others], ann });
  return ann;
}

function declFlags(decl: FunctionDecl): { adaptive: boolean; locksSections: boolean } {
  let v = DECL_FLAGS.get(decl);
  if (!v) {
    v = {
      adaptive: decl.calls.some((c) => c.calleeName !== null && ADAPTIVE_CALL.test(c.calleeName)),
      locksSections: decl.calls.some((c) => /^MmLockPagable(Code|Data)?Section(ByHandle)?$|^MmLockPagableSectionByHandle$/.test(c.calleeName ?? '')),
    };
    DECL_FLAGS.set(decl, v);
  }
  return v;
}

function isAdaptive(decl: FunctionDecl): boolean {
  return declFlags(decl).adaptive;
}

function locksSectionsDown(decl: FunctionDecl): boolean {
  return declFlags(decl).locksSections;
}

function classify(fns: Map<string, FnState>, fn: FnState, call: CallSite, index: number): CallEffect {
  const targets = fn.targets.get(index);
  if (targets && targets.length) {
    // A workspace function: its own annotations or inferred wrapper behaviour.
    for (const t of targets) {
      const callee = fns.get(t);
      if (callee && callee !== fn && callee.wrapper.kind !== 'none') return callee.wrapper;
    }
    return NO_EFFECT;
  }
  const r = fn.facts[index];
  return r ? ddiEffect(r.fact, call) : NO_EFFECT;
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
  const calls = fn.decl.calls;
  for (let i = 0; i < calls.length; i++) {
    if (!atEntryLevel(fn, i)) continue;
    const targets = fn.targets.get(i);
    if (targets && targets.length) {
      for (const t of targets) {
        const callee = fns.get(t);
        if (!callee || callee === fn || !callee.required) continue;
        const r = callee.required;
        best = better(best, { max: r.max, steps: [stepOf(fn, i), ...r.steps], terminal: r.terminal });
      }
      continue;
    }
    const rf = fn.facts[i];
    if (!rf) continue;
    const lim = callLimit(rf.fact, calls[i], fn.decl);
    if (lim.max === null) continue;
    best = better(best, {
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
  return best;
}

function pagedReachOf(fns: Map<string, FnState>, fn: FnState): PagedReach | null {
  if (fn.pagedIntent) return { steps: [], target: fn.key };
  // Annotated functions are contracts (see requirementOf): a paged callee of a function that
  // claims DISPATCH_LEVEL is reported inside it; one that claims less is checked by its annotation.
  if (fn.adaptive || fn.ann.max !== null) return null;
  let best: PagedReach | null = null;
  for (const [i, targets] of fn.targets) {
    if (!atEntryLevel(fn, i)) continue;
    for (const t of targets) {
      const callee = fns.get(t);
      if (!callee || callee === fn || !callee.pagedReach) continue;
      const cand = { steps: [stepOf(fn, i), ...callee.pagedReach.steps], target: callee.pagedReach.target };
      if (!best || cand.steps.length < best.steps.length) best = cand;
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
  let min: number | null = null;
  let max: number | null = null;
  let partial = false;
  let maxFrom: Inherited['maxFrom'];
  let any = false;
  for (const e of edges) {
    const caller = fns.get(e.from);
    if (!caller || caller === fn) continue;
    const entry = effectiveEntry(caller);
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
        lo = Math.max(r.level, entry.min ?? 0);
        hi = Math.max(rc!.level, entry.max ?? r.level);
      } else if (entry.max !== null || entry.min !== null) {
        lo = entry.min;
        hi = rc ? Math.max(rc.level, entry.max ?? 0) : entry.max;
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

/** The two lines before a definition and its text up to the name: where declaration specifiers sit. */
function declarationPrefix(text: string | undefined, fn: FunctionDecl): string {
  if (text === undefined) return '';
  const lines: string[] = [];
  let from = 0;
  let line = 0;
  const first = Math.max(0, fn.range.start.line - 2);
  while (line < first) {
    const nl = text.indexOf('\n', from);
    if (nl < 0) return '';
    from = nl + 1;
    line++;
  }
  let to = from;
  for (let l = first; l <= fn.nameRange.start.line; l++) {
    const nl = text.indexOf('\n', to);
    if (nl < 0) {
      to = text.length;
      break;
    }
    lines.push(text.slice(to, l === fn.nameRange.start.line ? to + fn.nameRange.start.column : nl));
    to = nl + 1;
  }
  // Stop at the end of a previous statement or block: its tokens are not ours.
  const joined = lines.join('\n');
  const cut = Math.max(joined.lastIndexOf(';'), joined.lastIndexOf('}'), joined.lastIndexOf('{'));
  return cut >= 0 ? joined.slice(cut + 1) : joined;
}

/** Acquires that return whether they succeeded (used when the source text is not available). */
const STATUS_ACQUIRES = /^(ExAcquireResource\w*Lite|ExAcquireShared\w*|WdfWaitLockAcquire|IoAcquireRemoveLock\w*|ExAcquireRundownProtection\w*|FltAcquire\w*)$/;

/**
 * The call's value is used (`if (!Acquire(...))`, `status = Acquire(...)`, `return Acquire(...)`):
 * read from the characters before the call in the source. Without text: a list of acquires that
 * return a status.
 */
function resultUsed(src: string | undefined, call: CallSite, file: string): boolean {
  if (src === undefined) return call.calleeName !== null && STATUS_ACQUIRES.test(call.calleeName);
  const off = lineOffset(file, src, call.range.start.line);
  if (off < 0) return false;
  let k = off + call.range.start.column - 1;
  while (k >= 0 && /\s/.test(src[k])) k--;
  if (k < 0) return false;
  const c = src[k];
  if (c === ')') {
    // `if (x) Acquire(...);` is a statement; `(VOID)Acquire(...)` discards the value; another
    // cast uses it.
    let depth = 0;
    let open = k;
    for (; open >= 0 && k - open < 2000; open--) {
      if (src[open] === ')') depth++;
      else if (src[open] === '(' && --depth === 0) break;
    }
    if (open < 0 || depth !== 0) return false;
    if (/\b(if|while|for|switch)\s*$/.test(src.slice(Math.max(0, open - 12), open))) return false;
    return !/^\(\s*(VOID|void)\s*\)$/.test(src.slice(open, k + 1));
  }
  if ('(!=,&|?:'.includes(c)) return true;
  return /\breturn$/.test(src.slice(Math.max(0, k - 6), k + 1));
}

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

