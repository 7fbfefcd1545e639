// Function bodies → locals, calls, structured control flow, address-taken names, accesses,
// assignments, slot assignments and referenced functions.
//
// Speed: visiting every node of a body from JavaScript costs several WASM calls per node (about
// half of the parse time again). Instead, the file's tree is asked ONCE for the nodes of the
// few types that matter (`descendantsOfType`, a walk that runs inside WASM; see BODY_NODE_TYPES);
// they arrive in document pre-order, and nesting is recovered from their [start, end) ranges
// with a stack. Text details (callee names, `&x`, `a->b`, slot names) are read from the source
// text by offset; the Node API is only used for declarations, dereferences and unusual arguments.
//
// Control flow is built with a stack of frames, one per structural node (if, ?:, loop, switch,
// case, try). A frame routes each item into a bucket by the item's offset against the
// structural node's parts (condition, consequence, alternative, body, update, handler...);
// when the structural node ends, its buckets become one Flow node in the enclosing target.
// Calls are emitted when they end, so nested calls (arguments) come first: evaluation order.

import type { Node } from 'web-tree-sitter';
import type { Access, ArgSummary, CallSite, Flow, FunctionDecl, LocalDecl, RecordDecl } from '../model';
import type { ExtractContext } from './context';
import { analyzeDeclarator, collapse, specifiersIn, textOf, truncate, typeBaseText, typeRefOf } from './declarators';
import { exprTextNoCasts, objectRoot, operatorOf, rootIdentOf, stripCastsAndParens } from './exprs';

/** The node types the body extraction looks at. Everything else is read as text. */
export const BODY_NODE_TYPES: readonly string[] = [
  'call_expression', 'assignment_expression', 'update_expression', 'pointer_expression', 'subscript_expression',
  'field_expression', 'declaration', 'return_statement', 'break_statement', 'continue_statement', 'goto_statement',
  'labeled_statement', 'if_statement', 'conditional_expression', 'while_statement', 'do_statement', 'for_statement',
  'for_range_loop', 'switch_statement', 'case_statement', 'seh_try_statement', 'seh_except_clause',
  'seh_finally_clause', 'try_statement', 'catch_clause', 'sizeof_expression', 'lambda_expression',
];

/**
 * An array of node type names whose `includes` is a Set look-up. `Node.descendantsOfType` maps
 * the requested names to symbol ids by calling `types.includes(name)` for every symbol of the
 * grammar; with a plain array that JavaScript preamble costs more than the walk itself (it ran
 * once per file: ~0.5 ms × symbols). Still a real array, so the result is the same either way.
 */
export class TypeNameList extends Array<string> {
  private readonly set: Set<string>;
  constructor(names: readonly string[]) {
    super();
    for (const n of names) this.push(n);
    this.set = new Set(names);
  }
  override includes(name: string): boolean {
    return this.set.has(name);
  }
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

/** Beyond this many nested structural frames, deeper structure is flattened into the current sequence. */
const MAX_FLOW_DEPTH = 256;

const COPY_FUNCTIONS = new Set(['memcpy', 'memmove', 'RtlCopyMemory', 'RtlMoveMemory', 'RtlCopyBytes', 'CopyMemory', 'MoveMemory', 'RtlCopyMemoryNonTemporal', 'memcpy_s', 'memmove_s']);
const ALLOCA_FUNCTIONS = new Set(['alloca', '_alloca', '_malloca']);
const PAGED_CODE_MACROS = new Set(['PAGED_CODE', 'PAGED_CODE_LOCKED']);
/** Statements that end the "prologue" in which PAGED_CODE() counts as being at the top. */
const CONTROL_STATEMENTS = new Set(['if_statement', 'while_statement', 'do_statement', 'for_statement', 'for_range_loop', 'switch_statement', 'return_statement', 'goto_statement', 'labeled_statement', 'seh_try_statement', 'try_statement', 'break_statement', 'continue_statement']);

type FrameKind = 'if' | 'loop' | 'do' | 'for' | 'switch' | 'case' | 'try';

interface Frame {
  kind: FrameKind;
  end: number;
  /** Where the frame's own Flow node goes when it ends. */
  target: Flow[] | null;
  pre: Flow[];
  a: Flow[];
  b: Flow[];
  c: Flow[];
  /** Offsets where the buckets start (if: consequence/alternative; loops: body; for: update; try: body end...). */
  p1: number;
  p2: number;
  p3: number;
  cases?: Flow[];
  hasDefault?: boolean;
  hasElse?: boolean;
  /** try: handler / finally clause starts (-1 when none). */
  handlerStart?: number;
  finallyStart?: number;
  isDefault?: boolean;
}

/** Something that happens when a node ends (nodes are nested, so ends come in stack order). */
type Pending =
  | { end: number; k: 'call'; index: number; target: Flow[] | null }
  | { end: number; k: 'frame'; frame: Frame }
  | { end: number; k: 'return'; start: number; target: Flow[] | null }
  | { end: number; k: 'assign'; flow: Flow; target: Flow[] | null };

const IDENT = /^[A-Za-z_$][\w$]*$/;
/** `&x`, `&x.y`, `&x[i]`, `x`, `x.y`, `x[i]` → [, amp, root, chain]. */
const OBJECT_EXPR = /^(&\s*)?([A-Za-z_$][\w$]*)((?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[[^\]]*\])*)$/;
/** Optional casts, optional `&`, an identifier, optional `.member`/`[i]` chain. */
const RHS_EXPR = /^(?:\(\s*[A-Za-z_$][\w$\s*]*\)\s*)*(&\s*)?([A-Za-z_$][\w$]*)((?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[[^\]]*\])*)$/;
/** Slot on the left: `...->Field`, `....Field`, `...->Field[index]`. */
const SLOT_LHS = /(?:->|\.)\s*([A-Za-z_$][\w$]*)\s*(?:\[([\s\S]*)\])?$/;
/** `(TYPE *)&name` / `(TYPE)&name.member` in text. */
const CAST_ADDRESS = /\(\s*[A-Za-z_$][\w$]*(?:\s+[A-Za-z_$][\w$]*)*\s*\**\s*\)\s*&\s*([A-Za-z_$][\w$]*)(?![\w$]|\s*(?:\(|->))/g;
const CALLEE_TAIL = /(~?[A-Za-z_$][\w$]*)\s*(?:<[^<>]*>)?$/;

/**
 * Splits a call's text into callee and arguments: the argument list is the parenthesised group
 * that ends the text. Returns the offset of its `(` and [start, end) pairs of the arguments, or
 * null when the text does not end with a balanced group (error recovery, truncated code).
 */
export function splitCallText(src: string, start: number, end: number): { open: number; args: number[] } | null {
  let k = end - 1;
  while (k > start && src.charCodeAt(k) <= 32) k--;
  if (src.charCodeAt(k) !== 41 /* ) */) return null;
  const close = k;
  // Find the matching `(` backwards (strings and character literals skipped).
  let depth = 0;
  let open = -1;
  for (k = close; k >= start; k--) {
    const c = src.charCodeAt(k);
    if (c === 41 || c === 93 || c === 125) depth++;
    else if (c === 40 || c === 91 || c === 123) {
      if (--depth === 0) {
        open = k;
        break;
      }
    } else if (c === 34 || c === 39) {
      let q = k - 1;
      while (q >= start && !(src.charCodeAt(q) === c && src.charCodeAt(q - 1) !== 92)) q--;
      if (q < start) return null;
      k = q;
    }
  }
  if (open <= start || src.charCodeAt(open) !== 40) return null;
  // Split on top-level commas.
  const args: number[] = [];
  let argStart = open + 1;
  depth = 0;
  let any = false;
  for (k = open + 1; k < close; k++) {
    const c = src.charCodeAt(k);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (--depth < 0) return null;
    } else if (c === 34 || c === 39) {
      let q = k + 1;
      while (q < close && src.charCodeAt(q) !== c) q += src.charCodeAt(q) === 92 ? 2 : 1;
      if (q >= close) return null;
      k = q;
    } else if (c === 44 && depth === 0) {
      args.push(argStart, k);
      argStart = k + 1;
      continue;
    } else if (c === 60 || c === 62) {
      // `<`/`>` may be template brackets (a comma inside `f<a, b>(...)` arguments): let the tree decide.
      if (/[A-Za-z_]\s*$/.test(src.slice(Math.max(open, k - 64), k)) && c === 60) return null;
    }
    if (c > 32) any = true;
  }
  if (depth !== 0) return null;
  if (any) args.push(argStart, close);
  return { open, args };
}

/** Simple name of a callee written as text: `f`, `obj->M`, `a.b.M`, `ns::f<T>`, `(f)`; null for `(*pfn)`, `tbl[i]`, `g()`. */
export function calleeNameOf(text: string): string | null {
  if (IDENT.test(text)) return text;
  if (text.charCodeAt(0) === 40 /* ( */) {
    const m = /^\(\s*([A-Za-z_$][\w$]*)\s*\)$/.exec(text);
    return m ? m[1] : null;
  }
  if (!text.includes('->') && !text.includes('.') && !text.includes('::')) return null;
  const m = CALLEE_TAIL.exec(text);
  return m ? m[1] : null;
}

/**
 * Flow nodes that carry no position are shared: the n-th call leaf of every function is one
 * object, as are all `break`s, `continue`s and empty sequences. On Windows-driver-samples that is ~150,000 objects
 * (~6 MB) fewer. Summaries are not written to after extraction (see share.ts), and the one cache
 * keyed by flow nodes (irql/flow.ts CALLS_IN) depends only on a node's content. Not frozen:
 * internStringsDeep writes the (already interned) `k` back.
 */
const CALL_LEAVES: Flow[] = [];
const BREAK: Flow = { k: 'break' };
const CONTINUE: Flow = { k: 'continue' };
/** Empty blocks, branches and case bodies (~17,000 on Windows-driver-samples) share one sequence. */
const EMPTY_SEQ: Flow = { k: 'seq', items: [] };

function seq(items: Flow[]): Flow {
  return items.length === 0 ? EMPTY_SEQ : { k: 'seq', items };
}

function callLeaf(index: number): Flow {
  let leaf = CALL_LEAVES[index];
  if (leaf === undefined) {
    // Filled in order so the array stays packed (indexes arrive in source order per function).
    for (let i = CALL_LEAVES.length; i <= index; i++) CALL_LEAVES.push({ k: 'call', call: i });
    leaf = CALL_LEAVES[index];
  }
  return leaf;
}

/** The file's body-relevant nodes, in document pre-order, with their types and ends resolved lazily. */
export class BodyNodes {
  private readonly types: (string | null)[];
  private readonly ends: Int32Array;
  constructor(readonly nodes: Node[], private readonly names: string[]) {
    this.types = new Array<string | null>(nodes.length).fill(null);
    this.ends = new Int32Array(nodes.length).fill(-1);
  }
  get length(): number {
    return this.nodes.length;
  }
  start(i: number): number {
    return this.nodes[i].startIndex;
  }
  end(i: number): number {
    let e = this.ends[i];
    if (e < 0) {
      e = this.nodes[i].endIndex;
      this.ends[i] = e;
    }
    return e;
  }
  type(i: number): string {
    let t = this.types[i];
    if (t === null) {
      const id = this.nodes[i].typeId;
      t = id < this.names.length ? this.names[id] : 'ERROR';
      this.types[i] = t;
    }
    return t;
  }
  /** Index of the first node starting at or after `offset`. */
  firstAtOrAfter(offset: number, from = 0): number {
    let lo = from;
    let hi = this.nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.nodes[mid].startIndex < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export class BodyWalker {
  readonly locals: LocalDecl[] = [];
  private readonly localByName = new Map<string, LocalDecl>();
  readonly calls: CallSite[] = [];
  private readonly addressSet = new Set<string>();
  readonly accesses: Access[] = [];
  readonly assignments: FunctionDecl['assignments'] = [];
  private readonly referenced = new Set<string>();
  readonly copiesIntoLocals: { local: string; call: number }[] = [];
  usesAlloca = false;
  pagedCode = false;
  pagedCodeStart = -1;
  pagedCodeEnd = -1;

  private readonly frames: Frame[] = [];
  private readonly root: Flow[] = [];
  private readonly pending: Pending[] = [];
  private readonly tryBodies: { start: number; end: number }[] = [];
  /** Offsets where an assignment's left side (or ++/-- operand) starts: accesses there are writes. */
  private readonly writeStarts = new Set<number>();
  /** Offsets of `&E` operands: the outermost access there is an address computation, not an access. */
  private readonly addressOfStarts = new Set<number>();
  /** Start of the first control statement: PAGED_CODE() before it is "at the top". */
  private prologueEnd = Infinity;
  private readonly src: string;
  private bodyStart = 0;

  constructor(
    private readonly ctx: ExtractContext,
    private readonly paramNames: ReadonlySet<string>,
    private readonly slotSink: (slot: string, fn: string, start: number, end: number) => void,
    private readonly recordSink: (spec: Node, windowStart: number) => RecordDecl | null,
  ) {
    this.src = ctx.src;
  }

  get flow(): Flow {
    return { k: 'seq', items: this.root };
  }

  get addressTaken(): string[] {
    return [...this.addressSet];
  }

  get referencedFunctions(): string[] {
    const out: string[] = [];
    for (const r of this.referenced) if (!this.localByName.has(r) && !this.paramNames.has(r)) out.push(r);
    return out;
  }

  private slice(start: number, end: number): string {
    return collapse(this.src.slice(start, end));
  }

  /** Walks the nodes of `nodes` that lie inside the body [bodyStart, bodyEnd). Returns the index after them. */
  walk(nodes: BodyNodes, from: number, bodyStart: number, bodyEnd: number): number {
    this.bodyStart = bodyStart;
    let i = nodes.firstAtOrAfter(bodyStart, from);
    let skipUntil = -1;
    for (; i < nodes.length; i++) {
      const s = nodes.start(i);
      if (s >= bodyEnd) break;
      this.closeUpTo(s);
      if (s < skipUntil) continue;
      const type = nodes.type(i);
      if (type === 'sizeof_expression' || type === 'lambda_expression') {
        skipUntil = nodes.end(i);
        continue;
      }
      this.node(nodes, i, type, s);
    }
    this.closeUpTo(Infinity);
    while (this.frames.length > 0) this.endFrame(this.frames[this.frames.length - 1]);
    // `(PKEVENT)&Event` parses as a binary `&` (the cast type is unknown to the grammar), so the
    // address-of is also looked for in the text.
    CAST_ADDRESS.lastIndex = 0;
    const bodyText = this.src.slice(bodyStart, bodyEnd);
    for (let m = CAST_ADDRESS.exec(bodyText); m !== null; m = CAST_ADDRESS.exec(bodyText)) this.addressSet.add(m[1]);
    for (const l of this.locals) l.addressTaken = this.addressSet.has(l.name);
    return i;
  }

  /** Runs the end actions of every pending node that ends at or before `offset`. */
  private closeUpTo(offset: number): void {
    const p = this.pending;
    while (p.length > 0 && p[p.length - 1].end <= offset) {
      const x = p.pop() as Pending;
      switch (x.k) {
        case 'call':
          if (x.target) x.target.push(callLeaf(x.index));
          break;
        case 'frame':
          this.endFrame(x.frame);
          break;
        case 'return':
          if (x.target) x.target.push({ k: 'return', range: this.ctx.range(x.start, x.end) });
          break;
        case 'assign':
          if (x.target) x.target.push(x.flow);
          break;
      }
    }
  }

  /** Where an item starting at `s` goes: the bucket of the innermost frame. */
  private targetAt(s: number): Flow[] | null {
    const f = this.frames[this.frames.length - 1];
    if (!f) return this.root;
    switch (f.kind) {
      case 'if':
        if (s < f.p1) return f.pre;
        if (f.p2 >= 0 && s >= f.p2) return f.b;
        return f.a;
      case 'loop':
        return s < f.p1 ? f.pre : f.a;
      case 'do':
        return s < f.p1 ? f.pre : s < f.p2 ? f.a : f.b;
      case 'for':
        if (s >= f.p1) return f.a;
        if (f.p2 >= 0 && s >= f.p2) return f.b;
        return f.pre;
      case 'switch':
        // Statements of the body outside any case are unreachable: dropped from the flow.
        return s < f.p1 ? f.pre : null;
      case 'case':
        return f.a;
      case 'try':
        if (s < f.p1) return f.pre;
        if (s < f.p2) return f.a;
        if (f.finallyStart !== undefined && f.finallyStart >= 0 && s >= f.finallyStart) return f.c;
        if (f.handlerStart !== undefined && f.handlerStart >= 0 && s >= f.handlerStart) return f.b;
        return f.pre;
    }
  }

  private inTry(s: number): boolean {
    for (let k = this.tryBodies.length - 1; k >= 0; k--) {
      const r = this.tryBodies[k];
      if (s >= r.start && s < r.end) return true;
    }
    return false;
  }

  private pushFrame(kind: FrameKind, s: number, end: number): Frame {
    const f: Frame = { kind, end, target: this.targetAt(s), pre: [], a: [], b: [], c: [], p1: -1, p2: -1, p3: -1 };
    this.frames.push(f);
    this.pending.push({ end, k: 'frame', frame: f });
    return f;
  }

  private endFrame(f: Frame): void {
    const idx = this.frames.lastIndexOf(f);
    if (idx < 0) return;
    // Inner frames that were not closed (cannot happen with proper nesting) are closed first.
    while (this.frames.length > idx + 1) this.endFrame(this.frames[this.frames.length - 1]);
    this.frames.pop();
    if (f.kind === 'try') this.tryBodies.pop();
    const t = f.target;
    switch (f.kind) {
      case 'if':
        if (!t) return;
        for (const p of f.pre) t.push(p);
        t.push(f.hasElse ? { k: 'if', then: seq(f.a), else: seq(f.b) } : { k: 'if', then: seq(f.a) });
        return;
      case 'loop':
      case 'for':
      case 'do':
        if (!t) return;
        for (const p of f.pre) t.push(p);
        t.push({ k: 'loop', body: seq(f.b.length > 0 ? [...f.a, ...f.b] : f.a) });
        return;
      case 'switch':
        if (!t) return;
        for (const p of f.pre) t.push(p);
        t.push({ k: 'switch', cases: f.cases ?? [], hasDefault: f.hasDefault === true });
        return;
      case 'case': {
        const sw = this.frames[this.frames.length - 1];
        if (sw && sw.kind === 'switch' && sw.cases) {
          sw.cases.push(seq(f.a));
          if (f.isDefault) sw.hasDefault = true;
        } else if (t) {
          for (const x of f.a) t.push(x);
        }
        return;
      }
      case 'try': {
        if (!t) return;
        for (const p of f.pre) t.push(p);
        const node: { k: 'try'; body: Flow; handler?: Flow; finally?: Flow } = { k: 'try', body: seq(f.a) };
        if (f.handlerStart !== undefined && f.handlerStart >= 0) node.handler = seq(f.b);
        if (f.finallyStart !== undefined && f.finallyStart >= 0) node.finally = seq(f.c);
        t.push(node);
        return;
      }
    }
  }

  private node(nodes: BodyNodes, i: number, type: string, s: number): void {
    if (CONTROL_STATEMENTS.has(type) && s < this.prologueEnd) this.prologueEnd = s;
    const structural = this.frames.length < MAX_FLOW_DEPTH;
    switch (type) {
      case 'call_expression':
        this.onCall(nodes.nodes[i], s, nodes.end(i));
        return;
      case 'declaration':
        this.onDeclaration(nodes.nodes[i]);
        return;
      case 'assignment_expression':
        this.onAssignment(nodes.nodes[i], s, nodes.end(i));
        return;
      case 'update_expression': {
        this.noteWrite(s, nodes.end(i));
        const t = this.src;
        if ((t.charCodeAt(s) === 43 || t.charCodeAt(s) === 45) && t.charCodeAt(s + 1) === t.charCodeAt(s)) this.noteWrite(s + 2, nodes.end(i));
        return;
      }
      case 'pointer_expression':
        this.onPointerExpression(nodes.nodes[i], s, nodes.end(i));
        return;
      case 'subscript_expression': {
        const n = nodes.nodes[i];
        const arg = n.childForFieldName('argument');
        if (arg) this.access(arg, s, nodes.end(i));
        return;
      }
      case 'field_expression':
        this.onField(nodes.nodes[i], s, nodes.end(i));
        return;
      case 'return_statement': {
        const e = nodes.end(i);
        this.pending.push({ end: e, k: 'return', start: s, target: this.targetAt(s) });
        return;
      }
      case 'break_statement':
        this.targetAt(s)?.push(BREAK);
        return;
      case 'continue_statement':
        this.targetAt(s)?.push(CONTINUE);
        return;
      case 'goto_statement': {
        const m = /^goto\s+([A-Za-z_$][\w$]*)/.exec(this.src.slice(s, s + 300));
        this.targetAt(s)?.push({ k: 'goto', label: m ? m[1] : '' });
        return;
      }
      case 'labeled_statement': {
        const m = /^([A-Za-z_$][\w$]*)\s*:/.exec(this.src.slice(s, s + 300));
        this.targetAt(s)?.push({ k: 'label', name: m ? m[1] : '' });
        return;
      }
      default:
        break;
    }
    if (!structural) return;
    const n = nodes.nodes[i];
    const e = nodes.end(i);
    switch (type) {
      case 'if_statement':
      case 'conditional_expression': {
        const cons = n.childForFieldName('consequence');
        const alt = n.childForFieldName('alternative');
        const f = this.pushFrame('if', s, e);
        f.p1 = cons ? cons.startIndex : e;
        f.p2 = alt ? alt.startIndex : -1;
        f.hasElse = alt !== null;
        return;
      }
      case 'while_statement':
      case 'for_range_loop': {
        const body = n.childForFieldName('body');
        const f = this.pushFrame('loop', s, e);
        f.p1 = body ? body.startIndex : e;
        return;
      }
      case 'do_statement': {
        const body = n.childForFieldName('body');
        const f = this.pushFrame('do', s, e);
        f.p1 = body ? body.startIndex : s;
        f.p2 = body ? body.endIndex : e;
        return;
      }
      case 'for_statement': {
        const body = n.childForFieldName('body');
        const update = n.childForFieldName('update');
        const f = this.pushFrame('for', s, e);
        f.p1 = body ? body.startIndex : e;
        f.p2 = update ? update.startIndex : -1;
        return;
      }
      case 'switch_statement': {
        const body = n.childForFieldName('body');
        const f = this.pushFrame('switch', s, e);
        f.p1 = body ? body.startIndex : e;
        f.cases = [];
        f.hasDefault = false;
        return;
      }
      case 'case_statement': {
        const top = this.frames[this.frames.length - 1];
        if (top && top.kind === 'switch') {
          const f = this.pushFrame('case', s, e);
          f.isDefault = this.src.startsWith('default', s);
        }
        return;
      }
      case 'seh_try_statement':
      case 'try_statement': {
        const body = n.childForFieldName('body');
        const f = this.pushFrame('try', s, e);
        f.p1 = body ? body.startIndex : e;
        f.p2 = body ? body.endIndex : e;
        f.handlerStart = -1;
        f.finallyStart = -1;
        this.tryBodies.push({ start: f.p1, end: f.p2 });
        return;
      }
      case 'seh_except_clause':
      case 'catch_clause':
      case 'seh_finally_clause': {
        const top = this.frames[this.frames.length - 1];
        if (top && top.kind === 'try') {
          if (type === 'seh_finally_clause') top.finallyStart = s;
          else if (top.handlerStart === -1) top.handlerStart = s;
        }
        return;
      }
      default:
        return;
    }
  }

  private noteWrite(start: number, end: number): void {
    this.writeStarts.add(start);
    // `(*p) = x` / `(p->a) = x`: the access starts after the parentheses.
    const src = this.src;
    let k = start;
    while (k < end && (src.charCodeAt(k) === 40 || src.charCodeAt(k) <= 32)) k++;
    if (k !== start) this.writeStarts.add(k);
  }

  // ---- calls -----------------------------------------------------------------------------------

  private onCall(n: Node, start: number, end: number): void {
    const call: CallSite = { callee: '', calleeName: null, args: [], inTry: this.inTry(start), range: this.ctx.range(start, end) };
    const cond = this.ctx.condAt(start);
    if (cond) call.cond = cond;
    const index = this.calls.length;
    this.calls.push(call);
    this.pending.push({ end, k: 'call', index, target: this.targetAt(start) });

    // No WASM call per call site in the common case: the argument list is the parenthesised
    // group that ends the call's text (comments are blanked), split on top-level commas.
    const split = splitCallText(this.src, start, end);
    let argsStart: number;
    let argRanges: number[];
    if (split) {
      argsStart = split.open;
      argRanges = split.args;
    } else {
      const argsNode = n.childForFieldName('arguments');
      argsStart = argsNode ? argsNode.startIndex : end;
      argRanges = [];
      if (argsNode) {
        const kids = argsNode.namedChildren;
        const close = this.src.lastIndexOf(')', end - 1);
        const argsEnd = close > argsStart ? close : end;
        for (let k = 0; k < kids.length; k++) {
          const a = kids[k];
          const next = kids[k + 1];
          if (a) argRanges.push(a.startIndex, next ? next.startIndex : argsEnd);
        }
      }
    }
    const text = this.slice(start, argsStart);
    call.callee = truncate(text);
    const name = calleeNameOf(text);
    call.calleeName = name;
    const isCopy = name !== null && COPY_FUNCTIONS.has(name);
    if (name !== null) {
      if (ALLOCA_FUNCTIONS.has(name)) this.usesAlloca = true;
      if (PAGED_CODE_MACROS.has(name) && !this.pagedCode && start < this.prologueEnd) this.notePagedCode(n, start, end);
    }
    for (let k = 0; k < argRanges.length; k += 2) {
      const summary = this.arg(n, k >> 1, argRanges[k], argRanges[k + 1]);
      call.args.push(summary);
      if (isCopy && call.args.length === 1) this.copyDestination(summary, index);
    }
  }

  private notePagedCode(n: Node, start: number, end: number): void {
    // Only as a statement directly in the function body.
    const stmt = n.parent;
    if (!stmt || stmt.type !== 'expression_statement') return;
    const block = stmt.parent;
    if (!block || block.startIndex !== this.bodyStart) return;
    this.pagedCode = true;
    this.pagedCodeStart = start;
    this.pagedCodeEnd = Math.max(end, stmt.endIndex);
  }

  /** Argument `index` of call `call`, spanning [start, limit) (trailing comma and spaces trimmed). */
  private arg(call: Node, index: number, start: number, limit: number): ArgSummary {
    const text = collapse(this.src.slice(start, limit)).replace(/\s*,$/, '');
    const s: ArgSummary = { text: truncate(text) };
    if (IDENT.test(text)) {
      s.rootIdent = text;
      this.referenced.add(text);
      return s;
    }
    const m = OBJECT_EXPR.exec(text);
    if (m) {
      s.rootIdent = m[2];
      if (m[1] !== undefined) {
        s.addressOf = true;
        if (m[3] === '') this.referenced.add(m[2]);
      }
      return s;
    }
    // `(PVOID)&ctx`: tree-sitter cannot tell a cast from `(a) & b` without knowing the types and
    // reads a binary `&`; in call arguments the cast is by far the common case.
    const cast = RHS_EXPR.exec(text);
    if (cast) {
      s.rootIdent = cast[2];
      if (cast[1] !== undefined) s.addressOf = true;
      if (cast[3] === '') this.referenced.add(cast[2]);
      return s;
    }
    // Only a cast or parentheses can hide an object root from the text patterns above.
    if (/^&?\s*\(/.test(text)) {
      const a = call.childForFieldName('arguments')?.namedChildren[index] ?? null;
      if (!a) return s;
      const core = stripCastsAndParens(a);
      if (core.type === 'pointer_expression' && operatorOf(core) === '&') {
        const inner = core.childForFieldName('argument');
        const root = inner ? objectRoot(this.src, inner) : null;
        if (root !== null) {
          s.rootIdent = root;
          s.addressOf = true;
        }
        if (inner && inner.type === 'identifier') this.referenced.add(textOf(this.src, inner));
      } else {
        const root = objectRoot(this.src, core);
        if (root !== null) s.rootIdent = root;
        if (core.type === 'identifier') this.referenced.add(textOf(this.src, core));
      }
    }
    return s;
  }

  private copyDestination(a: ArgSummary, callIndex: number): void {
    let local: string | null = null;
    if (a.addressOf === true && a.rootIdent !== undefined) local = a.rootIdent;
    else if (a.rootIdent !== undefined && a.rootIdent === a.text) {
      const l = this.localByName.get(a.text);
      if (l && l.type.arrayDims.length > 0) local = l.name;
    }
    if (local !== null && this.localByName.has(local)) this.copiesIntoLocals.push({ local, call: callIndex });
  }

  // ---- declarations ------------------------------------------------------------------------------

  private onDeclaration(n: Node): void {
    const src = this.src;
    const typeNode = n.childForFieldName('type');
    const declarators = n.childrenForFieldName('declarator');
    const first = declarators[0];
    const spec = specifiersIn(src, n.startIndex, first ? first.startIndex : n.endIndex, typeNode);
    if (spec.isExtern) return;
    const isConst = spec.isConst;
    const isStatic = spec.isStatic;
    let inline: RecordDecl | undefined;
    if (typeNode && (typeNode.type === 'struct_specifier' || typeNode.type === 'union_specifier' || typeNode.type === 'class_specifier') && typeNode.childForFieldName('body')) {
      inline = this.recordSink(typeNode, n.startIndex) ?? undefined;
    }
    const base = typeBaseText(src, typeNode);
    for (const d of declarators) {
      if (!d) continue;
      const info = analyzeDeclarator(d);
      if (!info.nameNode) continue;
      if (info.ctors.length > 0 && info.ctors[0].k === 'f') continue; // a local prototype
      const name = textOf(src, info.nameNode);
      const type = typeRefOf(base, info.ctors, isConst);
      const local: LocalDecl = {
        name,
        type,
        isStatic,
        addressTaken: false,
        isVla: this.ctx.language === 'c' && type.arrayDims.some((dim) => this.isRuntimeExpr(dim)),
        range: this.ctx.range(d.startIndex, d.endIndex),
      };
      if (inline) local.inline = inline;
      const cond = this.ctx.condAt(d.startIndex);
      if (cond) local.cond = cond;
      if (info.value) {
        const valueText = textOf(src, info.value);
        local.initText = truncate(valueText);
        local.init = this.initKind(info.value);
        const m = RHS_EXPR.exec(valueText);
        if (m) {
          const root = m[2];
          if (m[3] === '') this.referenced.add(root);
          if (this.localByName.has(root) && (m[1] !== undefined || m[3] === '')) {
            this.targetAt(d.startIndex)?.push({ k: 'assign', lhs: name, rhsIdent: root, addressOf: m[1] !== undefined, range: local.range });
          }
        }
      }
      this.locals.push(local);
      this.localByName.set(name, local);
    }
  }

  private isRuntimeExpr(dim: string): boolean {
    const ids = dim.match(/[A-Za-z_]\w*/g);
    if (!ids) return false;
    for (const id of ids) if (this.paramNames.has(id) || this.localByName.has(id)) return true;
    return false;
  }

  private initKind(value: Node): 'deref' | 'value' {
    let v = stripCastsAndParens(value);
    if ((v.type === 'argument_list' || v.type === 'initializer_list') && v.namedChildCount === 1) {
      const only = v.namedChild(0);
      if (only) v = stripCastsAndParens(only);
    }
    if (v.type === 'pointer_expression' && operatorOf(v) === '*') return 'deref';
    if (v.type === 'subscript_expression') return 'deref';
    if (v.type === 'field_expression') {
      // Any `->`, `*` or `[]` in the chain means the copied object lives elsewhere.
      let cur: Node | null = v;
      for (let guard = 0; cur && guard < 64; guard++) {
        if (cur.type === 'field_expression') {
          if (operatorOf(cur) === '->') return 'deref';
          cur = cur.childForFieldName('argument');
          if (cur) cur = stripCastsAndParens(cur);
        } else if (cur.type === 'subscript_expression' || (cur.type === 'pointer_expression' && operatorOf(cur) === '*')) {
          return 'deref';
        } else break;
      }
    }
    return 'value';
  }

  // ---- assignments -------------------------------------------------------------------------------

  private onAssignment(n: Node, start: number, end: number): void {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (!left || !right) return;
    const ls = left.startIndex;
    const le = left.endIndex;
    const rs = right.startIndex;
    const re = right.endIndex;
    this.noteWrite(ls, le);
    const op = this.src.slice(le, rs).trim();
    const plain = op === '=';
    const leftType = left.type;
    const rightText = this.slice(rs, re);
    if (leftType === 'identifier' && plain) {
      this.assignments.push({ lhs: this.slice(ls, le), rhs: truncate(rightText), range: this.ctx.range(start, end), inTry: this.inTry(start) });
    }
    if (!plain) return;
    // The identifier the right side designates (through casts; through `a = b = f` chains).
    let fn: string | null = null;
    const rightType = right.type;
    if (rightType === 'assignment_expression') {
      // The inner assignment comes later in pre-order: resolve it now from its text.
      const m = /=\s*((?:\(\s*[A-Za-z_$][\w$\s*]*\)\s*)*&?\s*[A-Za-z_$][\w$]*)\s*$/.exec(rightText);
      const inner = m ? RHS_EXPR.exec(m[1]) : null;
      if (inner && inner[3] === '') fn = inner[2];
    } else {
      const m = RHS_EXPR.exec(rightText);
      if (m) {
        const root = m[2];
        const isLocal = this.localByName.has(root);
        if (m[1] !== undefined) {
          // `lhs = &x` / `&x.y`: the address of a local escapes into lhs.
          if (m[3] === '') {
            this.referenced.add(root);
            fn = root;
          }
          if (isLocal) this.pending.push({ end, k: 'assign', flow: { k: 'assign', lhs: this.slice(ls, le), rhsIdent: root, addressOf: true, range: this.ctx.range(start, end) }, target: this.targetAt(start) });
        } else if (m[3] === '') {
          this.referenced.add(root);
          fn = root;
          if (isLocal) this.pending.push({ end, k: 'assign', flow: { k: 'assign', lhs: this.slice(ls, le), rhsIdent: root, addressOf: false, range: this.ctx.range(start, end) }, target: this.targetAt(start) });
        }
      }
    }
    // Locals and parameters are not functions: `Irp->IoStatus.Status = status` is no slot.
    if (fn === null || this.localByName.has(fn) || this.paramNames.has(fn)) return;
    if (leftType === 'field_expression' || leftType === 'subscript_expression') {
      const s = SLOT_LHS.exec(this.slice(ls, le));
      if (s) this.slotSink(s[2] !== undefined ? `${s[1]}[${collapse(s[2])}]` : s[1], fn, start, end);
    }
  }

  // ---- dereferences ------------------------------------------------------------------------------

  private onPointerExpression(n: Node, s: number, e: number): void {
    const c0 = this.src.charCodeAt(s);
    if (c0 === 38 /* & */) {
      let k = s + 1;
      while (k < e && this.src.charCodeAt(k) <= 32) k++;
      this.addressOfStarts.add(k);
      const inner = this.slice(k, e);
      const m = OBJECT_EXPR.exec(inner);
      if (m) {
        if (m[1] === undefined) this.addressSet.add(m[2]);
      } else if (inner.includes('(')) {
        const arg = n.childForFieldName('argument');
        const root = arg ? objectRoot(this.src, arg) : null;
        if (root !== null) this.addressSet.add(root);
      }
      return;
    }
    if (c0 === 42 /* * */) {
      const arg = n.childForFieldName('argument');
      if (arg) this.access(arg, s, e);
    }
  }

  private onField(n: Node, s: number, e: number): void {
    const text = this.src.slice(s, e);
    const m = /(->|\.)\s*~?[A-Za-z_$][\w$]*\s*$/.exec(text);
    if (!m || m[1] !== '->') return;
    const left = text.slice(0, m.index).trim();
    if (IDENT.test(left)) return; // `p->f` with a plain identifier p (including `this`)
    const arg = n.childForFieldName('argument');
    if (arg) this.access(arg, s, e);
  }

  private access(e: Node, start: number, end: number): void {
    if (this.addressOfStarts.has(start) && !this.writeStarts.has(start)) return; // `&E[i]`, `&E->f`: address arithmetic only
    const root = rootIdentOf(this.src, e);
    if (root === null) return;
    this.accesses.push({
      expr: truncate(exprTextNoCasts(this.src, e)),
      root,
      kind: this.writeStarts.has(start) ? 'write' : 'read',
      inTry: this.inTry(start),
      range: this.ctx.range(start, end),
    });
  }
}
