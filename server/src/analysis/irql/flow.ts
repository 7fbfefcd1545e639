// Path-sensitive walk of one function's Flow tree: which locks / IRQL raises / process attaches
// are held at every call and at every exit. The IRQL itself is kept *relative to the function's
// entry* (a state without raises runs at the entry IRQL, whatever that turns out to be), so one
// walk serves every calling context; the interprocedural pass (propagate.ts) supplies the entry.
//
// The state is a small set of path states (one per distinct set of held acquisitions): joins keep
// both possibilities, so "held on one path but not the other" stays visible. Loops and backward
// gotos iterate to a fixpoint; every loop is bounded and the state set is capped, so a
// pathological function costs bounded time (the state then becomes approximate and the rules
// that need precision skip it).

import type { CallSite, Flow, FunctionDecl, Range } from '../model';

export type EffectKind = 'acquire' | 'release' | 'attach' | 'detach' | 'none';

/** What a call does to the tracked state (decided by the caller of the walk: DDI facts, annotations). */
export interface CallEffect {
  kind: EffectKind;
  /** IRQL in force while the acquisition is held (spin lock, KeRaiseIrql); null = IRQL unchanged/unknown. */
  level: number | null;
  /** acquire: routines that undo it; release: routines it undoes. Compared case-insensitively. */
  pairsWith: readonly string[];
  /** A try-acquire: may fail, so it raises only the maximum IRQL and never counts for not-restored. */
  conditional?: boolean;
}

export const NO_EFFECT: CallEffect = { kind: 'none', level: null, pairsWith: [] };

export type ClassifyCall = (call: CallSite, index: number) => CallEffect;

/** One acquisition held on a path. */
export interface Held {
  /** Index into decl.calls of the acquiring call. */
  call: number;
  name: string;
  kind: 'lock' | 'attach';
  level: number | null;
  /** Normalised argument texts (`Lock`, `OldIrql`, `ext->Lock`): pairs a release with its acquire. */
  keys: readonly string[];
  pairsWith: readonly string[];
  conditional: boolean;
}

export interface PathState {
  held: readonly Held[];
  /**
   * Acquisitions (call indices) still held because this path went around an `if` whose other
   * arm released them and carried on: the two arms are probably correlated by a flag
   * (`if (lockHeld) KeRelease...(...)`), so a report on this path would be a guess.
   */
  skipped?: readonly number[];
  /** The IRQL is no longer known (a release/lower without a matching acquire on this path). */
  lost: boolean;
  /** Produced by merging when the state cap was hit: not precise enough for path-sensitive rules. */
  approx: boolean;
}

export interface FlowExit {
  /** The `return` statement, or null for falling off the end of the body. */
  range: Range | null;
  states: PathState[];
  /** Branch ids (if/else arm, switch case, loop body) enclosing the exit. */
  branches: readonly number[];
}

export interface FlowResult {
  /** States reaching each call (before its own effect); undefined = the walk never reached it. */
  atCall: (PathState[] | undefined)[];
  /** Branch ids enclosing each call (first visit). */
  callBranches: (readonly number[] | undefined)[];
  exits: FlowExit[];
  /** A bound was hit (state cap, node budget, depth): results are partial. */
  truncated: boolean;
  /** Calls that release something (index list). */
  releases: number[];
  /** Acquire call index → the release calls that undid it on some path. */
  matched: Map<number, number[]>;
}

const MAX_STATES = 24;
const MAX_LOOP_ITERATIONS = 4;
const MAX_GOTO_PASSES = 4;
const MAX_NODE_VISITS = 100_000;
const MAX_DEPTH = 256;

export const INITIAL_STATE: PathState = Object.freeze({ held: Object.freeze([]) as readonly Held[], lost: false, approx: false });

function signature(s: PathState): string {
  let sig = s.lost ? 'L' : '';
  if (s.approx) sig += 'A';
  for (const h of s.held) sig += `${h.call},`;
  if (s.skipped?.length) sig += `s${s.skipped.join(',')}`;
  return sig;
}

const CALLS_IN = new WeakMap<Flow, Set<number>>();

/** Call indices inside a flow node (cached per node). */
function callsIn(node: Flow): Set<number> {
  let set = CALLS_IN.get(node);
  if (set) return set;
  set = new Set<number>();
  const stack: Flow[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    switch (n.k) {
      case 'call':
        set.add(n.call);
        break;
      case 'seq':
        stack.push(...n.items);
        break;
      case 'if':
        stack.push(n.then);
        if (n.else) stack.push(n.else);
        break;
      case 'loop':
        stack.push(n.body);
        break;
      case 'switch':
        stack.push(...n.cases);
        break;
      case 'try':
        stack.push(n.body);
        if (n.handler) stack.push(n.handler);
        if (n.finally) stack.push(n.finally);
        break;
      default:
        break;
    }
  }
  CALLS_IN.set(node, set);
  return set;
}

function markSkipped(states: PathState[], released: Set<number>): PathState[] {
  if (released.size === 0) return states;
  return states.map((s) => {
    const hit = s.held.filter((h) => released.has(h.call)).map((h) => h.call);
    if (hit.length === 0) return s;
    return { ...s, skipped: [...new Set([...(s.skipped ?? []), ...hit])].sort((a, b) => a - b) };
  });
}

/** A de-duplicated, capped set of path states. */
class StateSet {
  readonly items: PathState[] = [];
  private sigs = new Set<string>();
  overflowed = false;

  add(s: PathState): boolean {
    const sig = signature(s);
    if (this.sigs.has(sig)) return false;
    if (this.items.length >= MAX_STATES) {
      // Merge into one approximate state holding everything seen: rules needing precision skip it.
      this.overflowed = true;
      const last = this.items[this.items.length - 1];
      const held = [...last.held];
      for (const h of s.held) if (!held.some((x) => x.call === h.call)) held.push(h);
      const merged: PathState = { held, lost: true, approx: true };
      this.sigs.delete(signature(last));
      this.items[this.items.length - 1] = merged;
      this.sigs.add(signature(merged));
      this.sigs.add(sig);
      return true;
    }
    this.sigs.add(sig);
    this.items.push(s);
    return true;
  }

  addAll(list: readonly PathState[]): boolean {
    let grew = false;
    for (const s of list) if (this.add(s)) grew = true;
    return grew;
  }
}

function union(...lists: (readonly PathState[])[]): PathState[] {
  // Most joins see no state or a single one: nothing to de-duplicate or cap.
  let only: PathState | undefined;
  let count = 0;
  for (const l of lists) {
    count += l.length;
    if (count > 1) break;
    if (l.length === 1) only = l[0];
  }
  if (count === 0) return [];
  if (count === 1) return [only!];
  const set = new StateSet();
  for (const l of lists) set.addAll(l);
  return set.items;
}

/** `&ext->Lock` → `ext->Lock`; `(PKSPIN_LOCK)&x` → `x`; whitespace removed. */
export function normaliseArg(text: string): string {
  let t = text.replace(/\s+/g, '');
  for (let guard = 0; guard < 6; guard++) {
    const before = t;
    t = t.replace(/^\([A-Za-z_][A-Za-z0-9_\s*]*\)/, ''); // cast
    t = t.replace(/^&/, '');
    if (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1);
    if (t === before) break;
  }
  return t;
}

function argKeys(call: CallSite): string[] {
  const keys: string[] = [];
  for (const a of call.args) {
    const k = normaliseArg(a.text);
    // Constants (DISPATCH_LEVEL, NULL, TRUE, numbers) identify nothing.
    if (!k || /^[A-Z0-9_]+$/.test(k) || /^\d/.test(k)) continue;
    keys.push(k);
  }
  return keys;
}

/** `a` lists `name` (case-insensitively), or `*`: a workspace wrapper that pairs with any acquisition. */
function pairs(a: readonly string[], name: string): boolean {
  const n = name.toLowerCase();
  return a.some((p) => p === '*' || p.toLowerCase() === n);
}

interface Outcome {
  normal: PathState[];
  breaks: PathState[];
  continues: PathState[];
}

const EMPTY: Outcome = { normal: [], breaks: [], continues: [] };

class Walker {
  atCall: (PathState[] | undefined)[];
  callBranches: (readonly number[] | undefined)[];
  exits: FlowExit[] = [];
  truncated = false;
  visits = 0;
  gotoIn = new Map<string, StateSet>();
  labelsSeen = new Set<string>();
  gotoGrewBehind = false;
  branchStack: number[] = [];
  nextBranch = 1;
  /** Enclosing loops/switches: a `break`/`continue` outside any (a macro loop) rejoins after its block. */
  loopDepth = 0;
  finallyStack: Flow[] = [];
  releases = new Set<number>();
  matched = new Map<number, number[]>();

  constructor(
    private decl: FunctionDecl,
    private classify: ClassifyCall,
  ) {
    this.atCall = new Array(decl.calls.length);
    this.callBranches = new Array(decl.calls.length);
  }

  resetPass(): void {
    this.atCall = new Array(this.decl.calls.length);
    this.exits = [];
    this.labelsSeen.clear();
    this.gotoGrewBehind = false;
    this.nextBranch = 1;
    this.branchStack = [];
  }

  walk(node: Flow, input: PathState[], depth: number): Outcome {
    if (input.length === 0 && node.k !== 'label' && node.k !== 'seq') return EMPTY;
    if (++this.visits > MAX_NODE_VISITS || depth > MAX_DEPTH) {
      this.truncated = true;
      return { normal: input.map((s) => ({ ...s, lost: true, approx: true })), breaks: [], continues: [] };
    }
    switch (node.k) {
      case 'call':
        return { normal: this.call(node.call, input), breaks: [], continues: [] };
      case 'seq': {
        let cur = input;
        const breaks: PathState[][] = [];
        const continues: PathState[][] = [];
        for (const item of node.items) {
          if (cur.length === 0 && item.k !== 'label' && item.k !== 'seq') continue;
          const r = this.walk(item, cur, depth + 1);
          cur = r.normal;
          if (this.loopDepth === 0 && (r.breaks.length || r.continues.length)) {
            // `FOR_EACH_MACRO(...) { ... continue; }`: the parser sees a block, not a loop.
            cur = union(cur, r.breaks, r.continues);
            continue;
          }
          if (r.breaks.length) breaks.push(r.breaks);
          if (r.continues.length) continues.push(r.continues);
        }
        return { normal: cur, breaks: union(...breaks), continues: union(...continues) };
      }
      case 'if': {
        const t = this.inBranch(() => this.walk(node.then, input, depth + 1));
        const e = node.else ? this.inBranch(() => this.walk(node.else!, input, depth + 1)) : { normal: input, breaks: [], continues: [] };
        const tNormal = node.else ? markSkipped(t.normal, this.releasedIn(node.else, e.normal)) : t.normal;
        const eNormal = markSkipped(e.normal, this.releasedIn(node.then, t.normal));
        return { normal: union(tNormal, eNormal), breaks: union(t.breaks, e.breaks), continues: union(t.continues, e.continues) };
      }
      case 'loop': {
        this.loopDepth++;
        try {
          return this.walkLoop(node, input, depth);
        } finally {
          this.loopDepth--;
        }
      }
      case 'switch': {
        this.loopDepth++;
        try {
          return this.walkSwitch(node, input, depth);
        } finally {
          this.loopDepth--;
        }
      }
      case 'try': {
        if (node.finally) this.finallyStack.push(node.finally);
        const body = this.walk(node.body, input, depth + 1);
        let handler: Outcome = EMPTY;
        if (node.handler) handler = this.inBranch(() => this.walk(node.handler!, union(input, body.normal), depth + 1));
        if (node.finally) this.finallyStack.pop();
        let normal = union(body.normal, handler.normal);
        let breaks = union(body.breaks, handler.breaks);
        let continues = union(body.continues, handler.continues);
        if (node.finally) {
          normal = this.walk(node.finally, normal, depth + 1).normal;
          if (breaks.length) breaks = this.walk(node.finally, breaks, depth + 1).normal;
          if (continues.length) continues = this.walk(node.finally, continues, depth + 1).normal;
        }
        return { normal, breaks, continues };
      }
      case 'return': {
        this.exit(node.range, input, depth);
        return EMPTY;
      }
      case 'break':
        return { normal: [], breaks: input, continues: [] };
      case 'continue':
        return { normal: [], breaks: [], continues: input };
      case 'goto': {
        let set = this.gotoIn.get(node.label);
        if (!set) this.gotoIn.set(node.label, (set = new StateSet()));
        const grew = set.addAll(input);
        if (grew && this.labelsSeen.has(node.label)) this.gotoGrewBehind = true;
        return EMPTY;
      }
      case 'label': {
        this.labelsSeen.add(node.name);
        const set = this.gotoIn.get(node.name);
        return { normal: set ? union(input, set.items) : input, breaks: [], continues: [] };
      }
      case 'assign':
        return { normal: input, breaks: [], continues: [] };
      default:
        return { normal: input, breaks: [], continues: [] };
    }
  }

  private walkLoop(node: Extract<Flow, { k: 'loop' }>, input: PathState[], depth: number): Outcome {
    let head = input;
    const breaks = new StateSet();
    for (let i = 0; i < MAX_LOOP_ITERATIONS; i++) {
      const r = this.inBranch(() => this.walk(node.body, head, depth + 1));
      breaks.addAll(r.breaks);
      const next = new StateSet();
      next.addAll(head);
      const grewNormal = next.addAll(r.normal);
      const grewContinue = next.addAll(r.continues);
      const grew = grewNormal || grewContinue;
      head = next.items;
      if (!grew) break;
      if (i === MAX_LOOP_ITERATIONS - 1) this.truncated = true;
    }
    return { normal: union(head, breaks.items), breaks: [], continues: [] };
  }

  private walkSwitch(node: Extract<Flow, { k: 'switch' }>, input: PathState[], depth: number): Outcome {
    let fall: PathState[] = [];
    const breaks: PathState[][] = [];
    const continues: PathState[][] = [];
    for (const c of node.cases) {
      const r = this.inBranch(() => this.walk(c, union(input, fall), depth + 1));
      fall = r.normal;
      breaks.push(r.breaks);
      continues.push(r.continues);
    }
    return {
      normal: union(fall, ...breaks, node.hasDefault ? [] : input),
      breaks: [],
      continues: union(...continues),
    };
  }

  /** Acquisitions some release inside `arm` undid, when the arm can fall through (`armOut` non-empty). */
  private releasedIn(arm: Flow, armOut: readonly PathState[]): Set<number> {
    const out = new Set<number>();
    if (armOut.length === 0 || this.matched.size === 0) return out;
    const calls = callsIn(arm);
    for (const [acq, rels] of this.matched) {
      if (!rels.some((r) => calls.has(r))) continue;
      // Released and taken again inside the arm (unlock, work, lock): not a release.
      const a = this.decl.calls[acq];
      const keys = a ? argKeys(a) : [];
      const retaken = armOut.some((st) =>
        st.held.some((h) => h.call !== acq && calls.has(h.call) && h.name === (a?.calleeName ?? a?.callee) && h.keys.some((k) => keys.includes(k))),
      );
      if (!retaken) out.add(acq);
    }
    return out;
  }

  private inBranch(f: () => Outcome): Outcome {
    this.branchStack.push(this.nextBranch++);
    try {
      return f();
    } finally {
      this.branchStack.pop();
    }
  }

  private exit(range: Range | null, states: PathState[], depth: number): void {
    let cur = states;
    // A return inside __try runs the enclosing __finally blocks first (innermost first).
    const saved = this.finallyStack;
    for (let i = saved.length - 1; i >= 0 && cur.length; i--) {
      this.finallyStack = saved.slice(0, i);
      cur = this.walk(saved[i], cur, depth + 1).normal;
    }
    this.finallyStack = saved;
    if (cur.length) this.exits.push({ range, states: cur, branches: [...this.branchStack] });
  }

  private call(index: number, input: PathState[]): PathState[] {
    const call = this.decl.calls[index];
    if (!call) return input;
    const prev = this.atCall[index];
    this.atCall[index] = prev ? union(prev, input) : input;
    if (!this.callBranches[index]) this.callBranches[index] = [...this.branchStack];
    const effect = this.classify(call, index);
    if (effect.kind === 'none') return input;
    const name = call.calleeName ?? call.callee;
    const keys = argKeys(call);
    if (effect.kind === 'acquire' || effect.kind === 'attach') {
      const held: Held = {
        call: index,
        name,
        kind: effect.kind === 'attach' ? 'attach' : 'lock',
        level: effect.level,
        keys,
        pairsWith: effect.pairsWith,
        conditional: !!effect.conditional,
      };
      return input.map((s) => ({ ...s, held: [...s.held.filter((h) => h.call !== index), held] }));
    }
    // release / detach
    this.releases.add(index);
    const kind = effect.kind === 'detach' ? 'attach' : 'lock';
    return input.map((s) => {
      const candidates: number[] = [];
      for (let i = s.held.length - 1; i >= 0; i--) {
        const h = s.held[i];
        if (h.kind !== kind) continue;
        if (pairs(effect.pairsWith, h.name) || pairs(h.pairsWith, name)) candidates.push(i);
      }
      if (candidates.length === 0) {
        // Releasing something this function did not acquire (a cancel routine releasing the
        // cancel spin lock, a release helper): from here the IRQL is whatever the caller had.
        return kind === 'lock' ? { ...s, lost: true } : s;
      }
      let pick = candidates.find((i) => s.held[i].keys.some((k) => keys.includes(k)));
      if (pick === undefined) pick = candidates[0]; // most recent (LIFO)
      const acq = s.held[pick].call;
      const list = this.matched.get(acq);
      if (!list) this.matched.set(acq, [index]);
      else if (!list.includes(index)) list.push(index);
      const held = s.held.filter((_, i) => i !== pick);
      return { ...s, held };
    });
  }
}

/** Walks one function definition. Without a flow tree the calls are taken in source order. */
export function walkFunction(decl: FunctionDecl, classify: ClassifyCall): FlowResult {
  const flow: Flow = decl.flow ?? {
    k: 'seq',
    items: decl.calls
      .map((c, i) => ({ c, i }))
      .sort((a, b) => a.c.range.start.line - b.c.range.start.line || a.c.range.start.column - b.c.range.start.column)
      .map(({ i }) => ({ k: 'call', call: i }) as Flow),
  };
  const w = new Walker(decl, classify);
  let end: Outcome = EMPTY;
  for (let pass = 0; pass < MAX_GOTO_PASSES; pass++) {
    w.resetPass();
    end = w.walk(flow, [INITIAL_STATE], 0);
    if (!w.gotoGrewBehind) break;
    if (pass === MAX_GOTO_PASSES - 1) w.truncated = true;
  }
  // Falling off the end of the body is an exit too (void functions, or code after a `for (;;)`).
  const fallOff = union(end.normal, end.breaks, end.continues);
  if (fallOff.length) w.exits.push({ range: null, states: fallOff, branches: [] });
  return { atCall: w.atCall, callBranches: w.callBranches, exits: w.exits, truncated: w.truncated, releases: [...w.releases], matched: w.matched };
}

/** The IRQL a path state implies relative to the entry: the highest raise held (null = entry IRQL). */
export function raisedLevel(s: PathState, includeConditional: boolean): { level: number; by: Held } | null {
  let best: { level: number; by: Held } | null = null;
  for (const h of s.held) {
    if (h.kind !== 'lock' || h.level === null) continue;
    if (h.conditional && !includeConditional) continue;
    if (!best || h.level > best.level) best = { level: h.level, by: h };
  }
  return best;
}
