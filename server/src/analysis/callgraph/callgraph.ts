// The workspace call graph: definitions, their declarations, call edges resolved by name, and the
// strongly connected components (recursion). Built from FileSummary data only.
//
// Resolution (documented in the README):
//  - `ns::f(...)` / `Class::f(...)`: the definition with that qualified name (or a qualified name
//    ending in it); never a same-named function elsewhere (`std::min` is not our `min`).
//  - `f(...)` inside a method of `C`: `C::f` first (an implicit `this` call), then free functions.
//  - `this->f(...)`: `C::f`. `obj->f(...)` / `obj.f(...)`: `T::f` when `obj` is a local, a
//    parameter or a member of `C` declared with class type `T` (or a pointer to it); otherwise the
//    methods named `f` of other classes (C++ only; in C such a call goes through a function
//    pointer and stays unresolved). An untyped receiver never resolves to the caller itself, so
//    `m_child->Start()` does not invent a recursion.
//  - `static` definitions are visible only in their own file (or everywhere when defined in a
//    header, which is how `static inline` helpers are shared).
//  - Among several candidates the nearest wins: same file, then the longest common directory.
//    Still-ambiguous calls keep up to MAX_AMBIGUOUS targets (a conservative superset); beyond that
//    the call is treated as unresolved rather than wiring half the workspace together.

import type { CallSite, FileSummary, FunctionDecl, RecordDecl } from '../model';
import type { CallEdge, CallGraph, GraphFunction } from './types';
import { componentMembers, componentSize, hasSelfLoop, stronglyConnectedComponents, toCsr, type CsrGraph, type SccResult } from './scc';

const MAX_AMBIGUOUS = 4;
const HEADER_EXT = /\.(h|hh|hpp|hxx|inl)$/i;

export function functionKey(fn: Pick<FunctionDecl, 'file' | 'qualifiedName'>): string {
  return `${fn.file}#${fn.qualifiedName}`;
}

/** Class part of a qualified name: `ns::C::m` → `ns::C`; null for free functions. */
export function classOf(qualifiedName: string): string | null {
  const i = qualifiedName.lastIndexOf('::');
  return i > 0 ? qualifiedName.slice(0, i) : null;
}

function dirOf(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i >= 0 ? file.slice(0, i) : '';
}

/** Number of leading path characters two directories share, cut back to a separator. */
function commonDirLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length && i === b.length) return i;
  if ((i === a.length && (b[i] === '/' || b[i] === '\\')) || (i === b.length && (a[i] === '/' || a[i] === '\\'))) return i;
  while (i > 0 && a[i - 1] !== '/' && a[i - 1] !== '\\') i--;
  return i;
}

export type CallKind = 'plain' | 'qualified' | 'member' | 'this' | 'dynamic';

/** A bare identifier call (`f(...)`), the common case: callKind's answer without building it. */
function isPlainCall(call: Pick<CallSite, 'callee' | 'calleeName'>): boolean {
  return !!call.calleeName && call.callee === call.calleeName;
}

/** How a call was written: decides which definitions may answer it. */
export function callKind(call: Pick<CallSite, 'callee' | 'calleeName'>): { kind: CallKind; name: string } {
  if (!call.calleeName) return { kind: 'dynamic', name: '' };
  // Most calls are a bare identifier: answer those without any string work.
  if (call.callee === call.calleeName) return { kind: 'plain', name: call.calleeName };
  const text = /\s/.test(call.callee) ? call.callee.replace(/\s+/g, '') : call.callee;
  const lastArrow = Math.max(text.lastIndexOf('->'), text.lastIndexOf('.'));
  if (lastArrow >= 0) {
    const obj = text.slice(0, lastArrow);
    const member = text.slice(lastArrow + (text[lastArrow] === '.' ? 1 : 2));
    if (obj === 'this' || obj === '(*this)') return { kind: 'this', name: member.replace(/^::/, '') };
    return { kind: 'member', name: member.includes('::') ? member : call.calleeName };
  }
  if (text.includes('::')) return { kind: 'qualified', name: text.replace(/^::/, '').replace(/<.*$/, '') };
  return { kind: 'plain', name: call.calleeName };
}

/** Shared empty candidate list (never mutated). */
const NO_DEFS: readonly DefInfo[] = [];

/**
 * The definitions of `list` that are (or are not) methods; the list itself when all are. (No
 * callback: a closure over `methods` would allocate a context on every call, one per call site.)
 */
function methodsOrNot(list: readonly DefInfo[] | undefined, methods: boolean): readonly DefInfo[] {
  if (!list) return NO_DEFS;
  let i = 0;
  while (i < list.length && list[i].isMethod === methods) i++;
  if (i === list.length) return list;
  const out: DefInfo[] = list.slice(0, i);
  for (i++; i < list.length; i++) if (list[i].isMethod === methods) out.push(list[i]);
  return out;
}

/** A static definition is visible only in its own file, unless it is defined in a header. */
function visibleFrom(d: DefInfo, fromFile: string): boolean {
  return !d.isStatic || d.inHeader || d.fn.decl.file === fromFile;
}

// The two filters below are functions rather than arrow callbacks inside resolveDefs: a closure
// over its parameters would make every call of it (one per call site) allocate a context.
function visibleDefs(candidates: readonly DefInfo[], fromFile: string): DefInfo[] {
  const out: DefInfo[] = [];
  for (let i = 0; i < candidates.length; i++) if (visibleFrom(candidates[i], fromFile)) out.push(candidates[i]);
  return out;
}

function otherThan(candidates: readonly DefInfo[], qualifiedName: string): DefInfo[] {
  const out: DefInfo[] = [];
  for (let i = 0; i < candidates.length; i++) if (candidates[i].fn.decl.qualifiedName !== qualifiedName) out.push(candidates[i]);
  return out;
}

interface DefInfo {
  key: string;
  index: number;
  fn: GraphFunction;
  dir: string;
  isStatic: boolean;
  inHeader: boolean;
  isMethod: boolean;
}

/** Implementation of the shared CallGraph contract plus the dense indices the analyses use. */
export class WorkspaceCallGraph implements CallGraph {
  readonly functions = new Map<string, GraphFunction>();
  private byNameCache: Map<string, string[]> | null = null;
  readonly recursiveComponents: string[][] = [];
  readonly componentOf = new Map<string, number>();
  readonly referenced = new Set<string>();
  /** Dense numbering of definitions (stable within one graph). */
  readonly keys: string[] = [];
  readonly indexOf = new Map<string, number>();
  /** Per function index: outgoing edges (one per resolved call site and target). */
  readonly outEdges: CallEdge[][] = [];
  readonly inEdges: CallEdge[][] = [];
  /**
   * Target function index of each entry of outEdges: `outTargetList[outTargetStart[i] + k]` is the
   * target of `outEdges[i][k]`. Flat arrays rather than one array per function (~1.7 MB less on
   * Windows-driver-samples' 14,584 functions); set when the edges are complete.
   */
  outTargetStart!: Int32Array;
  outTargetList!: Int32Array;
  /** Unique-successor graph for the SCC/DP passes. */
  csr!: CsrGraph;
  /** All components (including trivial ones) in reverse topological order, as function indices. */
  scc!: SccResult;
  /** Function index → component index (scc.componentOf). */
  sccOf!: Int32Array;
  /** Per component: recursive (size > 1 or self call). */
  sccRecursive!: Uint8Array;
  /** Resolved by qualified name / simple name; calls left dynamic or ambiguous, for stats. */
  readonly resolution = { resolved: 0, external: 0, dynamic: 0, ambiguous: 0 };

  private defsByName = new Map<string, DefInfo[]>();
  private defs: DefInfo[] = [];

  /** Simple and qualified names (and every `::` suffix) → definition keys; built on first use. */
  get byName(): Map<string, string[]> {
    if (!this.byNameCache) {
      const m = new Map<string, string[]>();
      for (const [name, defs] of this.defsByName) m.set(name, defs.map((d) => d.key));
      this.byNameCache = m;
    }
    return this.byNameCache;
  }

  callees(key: string): CallEdge[] {
    const i = this.indexOf.get(key);
    return i === undefined ? [] : this.outEdges[i];
  }

  callers(key: string): CallEdge[] {
    const i = this.indexOf.get(key);
    return i === undefined ? [] : this.inEdges[i];
  }

  /** C++ class records by name (tag, typedef or qualified name), for receiver typing; member maps built on first use. */
  private classRecords = new Map<string, RecordDecl>();
  private classFieldMemo = new Map<RecordDecl, Map<string, string>>();

  /** @internal */
  indexClassFields(records: readonly RecordDecl[]): void {
    for (const r of records) {
      if (r.kind === 'union' || r.fields.length === 0) continue;
      for (const n of [r.tag, r.qualifiedName, ...r.typedefNames]) if (n && !this.classRecords.has(n)) this.classRecords.set(n, r);
    }
  }

  private memberType(cls: string, member: string): string | undefined {
    const r = this.classRecords.get(cls) ?? this.classRecords.get(cls.split('::').pop()!);
    if (!r) return undefined;
    let fields = this.classFieldMemo.get(r);
    if (!fields) {
      fields = new Map();
      for (const f of r.fields) if (f.name) fields.set(f.name, typeName(f.type.base));
      this.classFieldMemo.set(r, fields);
    }
    return fields.get(member);
  }

  /** Definitions a name written at `fromFile` (inside `fromQualified`) refers to; see module comment. */
  resolve(call: Pick<CallSite, 'callee' | 'calleeName'>, fromFile: string, fromQualified: string | null, caller?: FunctionDecl): string[] {
    return this.resolveDefs(call.callee, call.calleeName, fromFile, fromQualified, fromQualified ? classOf(fromQualified) : null, caller).map((d) => d.key);
  }

  /**
   * @internal resolve() answering with the definitions (read only: possibly the name index's own
   * list); `cls` is classOf(fromQualified), which the graph builder computes once per caller.
   */
  resolveDefs(callee: string, calleeName: string | null, fromFile: string, fromQualified: string | null, cls: string | null, caller?: FunctionDecl): readonly DefInfo[] {
    let kind: CallKind;
    let name: string;
    if (calleeName && callee === calleeName) {
      kind = 'plain';
      name = calleeName;
    } else ({ kind, name } = callKind({ callee, calleeName }));
    if (kind === 'dynamic') return NO_DEFS;
    // Candidate lists are read, never mutated: the name index's own lists are used as they are.
    let candidates: readonly DefInfo[] = NO_DEFS;
    if (kind === 'member' && caller) {
      const typed = this.receiverClass(callee, caller, cls);
      if (typed) {
        const exact = this.lookupInScopes(typed, name);
        if (exact.length) return exact;
      }
    }
    if (kind === 'qualified') {
      candidates = this.defsByName.get(name) ?? NO_DEFS;
      if (candidates.length === 0 && cls) {
        // `Base::f()` written inside a nested namespace: try the enclosing scopes.
        candidates = this.lookupInScopes(cls, name);
      }
    } else if (kind === 'this') {
      if (cls) candidates = this.lookupInScopes(cls, name);
      if (candidates.length === 0) candidates = methodsOrNot(this.defsByName.get(name), true);
    } else if (kind === 'member') {
      candidates = methodsOrNot(this.defsByName.get(name), true);
      if (candidates.length > 1 && fromQualified) {
        const others = otherThan(candidates, fromQualified);
        if (others.length) candidates = others;
      }
    } else {
      if (cls) candidates = this.lookupInScopes(cls, name);
      if (candidates.length === 0) candidates = methodsOrNot(this.defsByName.get(name), false);
    }
    if (candidates.length === 0) return NO_DEFS;
    if (candidates.length === 1) return visibleFrom(candidates[0], fromFile) ? candidates : NO_DEFS;
    const visible = visibleDefs(candidates, fromFile);
    if (visible.length <= 1) return visible;
    return this.nearest(visible, fromFile);
  }

  /** The class of the object a member call goes through, when its declaration says so. */
  private receiverClass(callee: string, caller: FunctionDecl, cls: string | null): string | null {
    const text = callee.replace(/\s+/g, '');
    const cut = Math.max(text.lastIndexOf('->'), text.lastIndexOf('.'));
    let receiver = text.slice(0, cut).replace(/^\(\*?|\)$/g, '');
    if (receiver.startsWith('this->')) receiver = receiver.slice(6);
    if (!/^[A-Za-z_]\w*$/.test(receiver)) return null;
    let t: string | undefined;
    const local = caller.locals.find((l) => l.name === receiver) ?? caller.params.find((p) => p.name === receiver);
    if (local) t = typeName(local.type.base);
    else if (cls) t = this.memberType(cls, receiver);
    return t || null;
  }

  private lookupInScopes(cls: string, name: string): readonly DefInfo[] {
    // C::f, then enclosing scopes ns::f for C = ns::C.
    let scope: string | null = cls;
    while (scope) {
      const found = this.defsByName.get(`${scope}::${name}`);
      if (found && found.length) return found;
      scope = classOf(scope);
    }
    return NO_DEFS;
  }

  private nearest(candidates: readonly DefInfo[], fromFile: string): readonly DefInfo[] {
    const sameFile = candidates.filter((d) => d.fn.decl.file === fromFile);
    if (sameFile.length) return sameFile.slice(0, MAX_AMBIGUOUS);
    const fromDir = dirOf(fromFile);
    let best = -1;
    let bestSet: DefInfo[] = [];
    for (const d of candidates) {
      const c = commonDirLength(fromDir, d.dir);
      if (c > best) {
        best = c;
        bestSet = [d];
      } else if (c === best) bestSet.push(d);
    }
    if (bestSet.length > MAX_AMBIGUOUS) return NO_DEFS;
    return bestSet;
  }

  /** @internal used by buildCallGraph */
  addDefinition(fn: GraphFunction, isStatic: boolean): void {
    const index = this.keys.length;
    this.keys.push(fn.key);
    this.indexOf.set(fn.key, index);
    this.functions.set(fn.key, fn);
    this.outEdges.push([]);
    this.inEdges.push([]);
    const info: DefInfo = {
      key: fn.key,
      index,
      fn,
      dir: dirOf(fn.decl.file),
      isStatic,
      inHeader: HEADER_EXT.test(fn.decl.file),
      isMethod: fn.decl.isMethod || fn.decl.qualifiedName.includes('::'),
    };
    this.defs.push(info);
    this.byNameCache = null;
    this.addName(fn.decl.qualifiedName, info);
    // Every `::` suffix of a qualified name, so `C::m` finds `ns::C::m` (the last one is the simple name).
    let q = fn.decl.qualifiedName;
    for (let i = q.indexOf('::'); i >= 0; i = q.indexOf('::')) {
      q = q.slice(i + 2);
      this.addName(q, info);
    }
    if (fn.decl.name !== q) this.addName(fn.decl.name, info);
  }

  private addName(name: string, info: DefInfo): void {
    const list = this.defsByName.get(name);
    if (!list) this.defsByName.set(name, [info]);
    else if (list[list.length - 1] !== info) list.push(info);
  }

  /** The first definition registered under `name`, without allocating. */
  firstDefinitionNamed(name: string): FunctionDecl | undefined {
    const list = this.defsByName.get(name);
    return list && list.length ? list[0].fn.decl : undefined;
  }

  /** Keys of the definitions registered under `name` (simple, qualified or a `::` suffix). */
  definitionsNamed(name: string): string[] {
    return (this.defsByName.get(name) ?? NO_DEFS).map((d) => d.key);
  }

  /** @internal The definitions registered under `name`, as the index holds them (read only). */
  definitionInfosNamed(name: string): readonly DefInfo[] {
    return this.defsByName.get(name) ?? NO_DEFS;
  }

  /** @internal */
  defInfo(index: number): DefInfo {
    return this.defs[index];
  }
}

/**
 * Builds the graph. Cost is linear in the number of call sites (one map lookup each, a directory
 * comparison only when a name has several definitions). The steps are small functions called per
 * file or per definition rather than loops in one function run once: the JIT then optimises them
 * early in a one-shot whole-workspace build. Their loops are indexed: a `for...of` allocates an
 * iterator result per element until the code is optimised (or after a deoptimisation), which
 * on a workspace this size adds megabytes of garbage per build.
 */
export function buildCallGraph(summaries: Iterable<FileSummary>): WorkspaceCallGraph {
  const g = new WorkspaceCallGraph();
  const all: FileSummary[] = [];
  for (const s of summaries) all.push(s);

  for (const s of all) if (s.language === 'cpp' && s.records.length) g.indexClassFields(s.records);

  // 1. Definitions (first definition of a key wins: `#if DBG` / `#else` twins share a key).
  const staticProtos = new Set<string>();
  for (const s of all) addStaticPrototypes(s, staticProtos);
  for (const s of all) addDefinitions(g, s, staticProtos);

  // 2. Declarations (prototypes, role-typedef declarations) attach to the definitions they name.
  for (const s of all) attachDeclarations(g, s);

  // 3. Edges, and 4. functions handed out by address (callbacks).
  const adjacency: number[][] = [];
  for (let i = 0; i < g.keys.length; i++) adjacency.push(addEdges(g, i));
  for (const s of all) addSlotReferences(g, s);
  setOutTargets(g, adjacency);

  // 5. Recursion.
  g.csr = toCsr(adjacency);
  const scc = stronglyConnectedComponents(g.csr);
  g.scc = scc;
  g.sccOf = scc.componentOf;
  g.sccRecursive = new Uint8Array(scc.count);
  for (let c = 0; c < scc.count; c++) {
    const first = scc.start[c];
    if (componentSize(scc, c) > 1 || hasSelfLoop(g.csr, scc.members[first])) {
      g.sccRecursive[c] = 1;
      const id = g.recursiveComponents.length;
      const keys = componentMembers(scc, c).map((v) => g.keys[v]);
      g.recursiveComponents.push(keys);
      for (const k of keys) g.componentOf.set(k, id);
    }
  }
  return g;
}

/** Keys of `static` prototypes: a definition after `static void f(void);` is static too. */
function addStaticPrototypes(s: FileSummary, out: Set<string>): void {
  const fns = s.functions;
  for (let k = 0; k < fns.length; k++) if (!fns[k].isDefinition && fns[k].isStatic) out.add(functionKey(fns[k]));
}

function addDefinitions(g: WorkspaceCallGraph, s: FileSummary, staticProtos: ReadonlySet<string>): void {
  const fns = s.functions;
  for (let k = 0; k < fns.length; k++) {
    const fn = fns[k];
    if (!fn.isDefinition) continue;
    const key = functionKey(fn);
    if (g.indexOf.has(key)) continue;
    g.addDefinition({ key, decl: fn, declarations: [], summary: s }, fn.isStatic || staticProtos.has(key));
  }
}

function attachDeclarations(g: WorkspaceCallGraph, s: FileSummary): void {
  const fns = s.functions;
  for (let k = 0; k < fns.length; k++) {
    const fn = fns[k];
    if (fn.isDefinition) continue;
    const infos = g.definitionInfosNamed(fn.qualifiedName);
    for (let d = 0; d < infos.length; d++) {
      const info = infos[d];
      const def = info.fn;
      if (def.decl.qualifiedName !== fn.qualifiedName) continue;
      const sameFile = def.decl.file === fn.file;
      if (!sameFile && (fn.isStatic || (info.isStatic && !HEADER_EXT.test(fn.file)))) continue;
      def.declarations.push(fn);
    }
  }
}

/** Flattens the per-function successor lists (one entry per edge, in outEdges order) into outTargetStart/outTargetList. */
function setOutTargets(g: WorkspaceCallGraph, successors: readonly (readonly number[])[]): void {
  const n = successors.length;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + successors[i].length;
  const list = new Int32Array(start[n]);
  for (let i = 0; i < n; i++) list.set(successors[i], start[i]);
  g.outTargetStart = start;
  g.outTargetList = list;
}

/** The call edges of definition `i` (and the functions its body references); returns its successors, one per edge (outEdges order). */
function addEdges(g: WorkspaceCallGraph, i: number): number[] {
  const info = g.defInfo(i);
  const decl = info.fn.decl;
  const cls = decl.qualifiedName ? classOf(decl.qualifiedName) : null;
  const succ: number[] = [];
  const calls = decl.calls;
  for (let c = 0; c < calls.length; c++) {
    const call = calls[c];
    const targets = g.resolveDefs(call.callee, call.calleeName, decl.file, decl.qualifiedName, cls, decl);
    if (targets.length === 0) {
      const kind = isPlainCall(call) ? 'plain' : callKind(call).kind;
      if (kind === 'plain' || kind === 'qualified') {
        g.resolution.external++;
      } else if (kind === 'dynamic') g.resolution.dynamic++;
      else g.resolution.ambiguous++;
      continue;
    }
    g.resolution.resolved++;
    for (let t = 0; t < targets.length; t++) {
      const target = targets[t];
      const j = target.index;
      const edge: CallEdge = { from: info.key, to: target.key, callIndex: c, call };
      g.outEdges[i].push(edge);
      g.inEdges[j].push(edge);
      succ.push(j);
    }
  }
  const refs = decl.referencedFunctions;
  for (let r = 0; r < refs.length; r++) {
    const found = g.resolveDefs(refs[r], simpleName(refs[r]), decl.file, decl.qualifiedName, cls);
    for (let t = 0; t < found.length; t++) g.referenced.add(found[t].key);
  }
  return succ;
}

/** Functions stored into well-known slots (`DriverObject->DriverUnload = Unload;`) are referenced. */
function addSlotReferences(g: WorkspaceCallGraph, s: FileSummary): void {
  const slots = s.slotAssignments;
  for (let k = 0; k < slots.length; k++) {
    const found = g.resolveDefs(slots[k].fn, simpleName(slots[k].fn), s.file, null, null);
    for (let t = 0; t < found.length; t++) g.referenced.add(found[t].key);
  }
}

/** `const struct Queue` → `Queue`. */
function typeName(base: string): string {
  return base.replace(/\b(const|volatile|struct|class|union|enum)\b/g, '').replace(/\s+/g, '').replace(/^::/, '');
}

function simpleName(name: string): string {
  const i = name.lastIndexOf('::');
  return i >= 0 ? name.slice(i + 2) : name;
}

/**
 * One cycle through `start` inside its component, as function indices, start first (BFS, so the
 * shortest cycle). Used for messages and related locations of stack/recursion.
 */
export function cycleThrough(g: WorkspaceCallGraph, start: number): number[] {
  const comp = g.sccOf[start];
  const prev = new Map<number, number>();
  const queue = [start];
  for (let qi = 0; qi < queue.length; qi++) {
    const v = queue[qi];
    for (let e = g.csr.offsets[v]; e < g.csr.offsets[v + 1]; e++) {
      const w = g.csr.targets[e];
      if (g.sccOf[w] !== comp) continue;
      if (w === start) {
        const path = [v];
        let u = v;
        while (u !== start) {
          u = prev.get(u)!;
          path.push(u);
        }
        return path.reverse();
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
