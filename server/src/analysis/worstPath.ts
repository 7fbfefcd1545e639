// Worst-case stack depth below every function: a dynamic program over the condensation of the
// call graph (its strongly connected components), per target and build configuration.
//
//   worst(f) = frame(f) + max over callees g of worst(g)                 (f not recursive)
//   worst(m) = Σ frame(members of C) + max over exits g of C of worst(g)  (m in a cycle C)
//
// A cycle is counted once: every member of a strongly connected component lies on one closed
// walk, so one trip around it is a real call chain, and the true depth (with repetitions) can
// only be larger — the figure is flagged `recursive` and is a lower bound. Frames that are
// unknown (a local of unknown size) contribute their known part and frames that are dynamic
// (alloca/VLA) their static part; either makes the figure `lowerBound`.
//
// Calls under `#if DBG` count only in the checked configuration (and `#else` ones only in the free
// one); calls under an architecture condition only for that target. Calls to functions outside
// the workspace (DDIs) and through function pointers add nothing: their cost belongs to the share
// of the kernel stack that is not the driver's budget.

import type { Arch, BuildConfig, Cond } from './model';
import type { FrameEstimate, PathStep, WorstPath } from './results';
import type { WorkspaceCallGraph } from './callgraph/callgraph';
import { componentMembers } from './callgraph/scc';

/** Longest chain materialised into `steps` (a cycle of hundreds of members is still summed). */
const MAX_STEPS = 256;

export type FrameLookup = (index: number) => FrameEstimate | undefined;

export interface WorstPathTable {
  arch: Arch;
  config: BuildConfig;
  /** Bytes of the deepest chain starting at each function (inclusive). */
  total: Float64Array;
  /** The chain's steps from `index` (cached, at most MAX_STEPS). */
  path(index: number): WorstPath;
  recursive: Uint8Array;
  lowerBound: Uint8Array;
}

export function condHolds(cond: Cond | undefined, arch: Arch, config: BuildConfig): boolean {
  if (!cond) return true;
  if (cond.dbg === true && config !== 'checked') return false;
  if (cond.dbg === false && config !== 'free') return false;
  if (cond.arches && cond.arches.length && !cond.arches.includes(arch)) return false;
  return true;
}

function frameBytes(f: FrameEstimate | undefined): { bytes: number; uncertain: boolean; exact: number | null } {
  if (!f) return { bytes: 0, uncertain: true, exact: null };
  const bytes = f.bytes ?? f.knownBytes;
  return { bytes, uncertain: f.bytes === null || f.dynamic, exact: f.bytes };
}

export function computeWorstPaths(g: WorkspaceCallGraph, arch: Arch, config: BuildConfig, frameOf: FrameLookup): WorstPathTable {
  const n = g.keys.length;
  const total = new Float64Array(n);
  const next = new Int32Array(n).fill(-1);
  const recursive = new Uint8Array(n);
  const lowerBound = new Uint8Array(n);
  const own = new Float64Array(n);
  const ownUncertain = new Uint8Array(n);
  const ownExact: (number | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const fb = frameBytes(frameOf(i));
    own[i] = fb.bytes;
    ownUncertain[i] = fb.uncertain ? 1 : 0;
    ownExact[i] = fb.exact;
  }
  // Per recursive component: the member whose exit is taken, and that exit.
  const scc = g.scc;
  const compExitFrom = new Int32Array(scc.count).fill(-1);

  for (let c = 0; c < scc.count; c++) {
    const first = scc.start[c];
    const end = scc.start[c + 1];
    if (!g.sccRecursive[c]) {
      const v = scc.members[first];
      let best = -1;
      let bestBytes = 0;
      const edges = g.outEdges[v];
      const base = g.outTargetStart[v];
      for (let k = 0; k < edges.length; k++) {
        if (!condHolds(edges[k].call.cond, arch, config)) continue;
        const w = g.outTargetList[base + k];
        if (best === -1 || total[w] > bestBytes) {
          best = w;
          bestBytes = total[w];
        }
      }
      total[v] = own[v] + (best >= 0 ? bestBytes : 0);
      next[v] = best;
      recursive[v] = best >= 0 ? recursive[best] : 0;
      lowerBound[v] = ownUncertain[v] || (best >= 0 ? lowerBound[best] : 0) ? 1 : 0;
      continue;
    }
    let sum = 0;
    let uncertain = 0;
    let exit = -1;
    let exitFrom = -1;
    let exitBytes = 0;
    for (let p = first; p < end; p++) {
      const m = scc.members[p];
      sum += own[m];
      if (ownUncertain[m]) uncertain = 1;
      const edges = g.outEdges[m];
      const base = g.outTargetStart[m];
      for (let k = 0; k < edges.length; k++) {
        const w = g.outTargetList[base + k];
        if (g.sccOf[w] === c || !condHolds(edges[k].call.cond, arch, config)) continue;
        if (exit === -1 || total[w] > exitBytes) {
          exit = w;
          exitFrom = m;
          exitBytes = total[w];
        }
      }
    }
    compExitFrom[c] = exitFrom;
    for (let p = first; p < end; p++) {
      const m = scc.members[p];
      total[m] = sum + (exit >= 0 ? exitBytes : 0);
      next[m] = exit;
      recursive[m] = 1;
      lowerBound[m] = uncertain || (exit >= 0 ? lowerBound[exit] : 0) ? 1 : 0;
    }
  }

  const cache = new Map<number, WorstPath>();
  const step = (i: number): PathStep => ({ key: g.keys[i], name: g.functions.get(g.keys[i])!.decl.qualifiedName, frameBytes: ownExact[i] });

  /** Members of v's component in a walk order from v that ends at the member taking the exit. */
  function componentWalk(v: number): number[] {
    const c = g.sccOf[v];
    const members = new Set(componentMembers(g.scc, c));
    const order: number[] = [v];
    const seen = new Set<number>([v]);
    for (let qi = 0; qi < order.length; qi++) {
      const u = order[qi];
      for (let e = g.csr.offsets[u]; e < g.csr.offsets[u + 1]; e++) {
        const w = g.csr.targets[e];
        if (members.has(w) && !seen.has(w)) {
          seen.add(w);
          order.push(w);
        }
      }
    }
    const exitFrom = compExitFrom[c];
    if (exitFrom >= 0 && exitFrom !== v) {
      const at = order.indexOf(exitFrom);
      if (at > 0) {
        order.splice(at, 1);
        order.push(exitFrom);
      }
    }
    return order;
  }

  function path(index: number): WorstPath {
    const hit = cache.get(index);
    if (hit) return hit;
    const steps: PathStep[] = [];
    let v = index;
    while (v >= 0 && steps.length < MAX_STEPS) {
      const c = g.sccOf[v];
      if (g.sccRecursive[c]) {
        for (const m of componentWalk(v)) {
          if (steps.length >= MAX_STEPS) break;
          steps.push(step(m));
        }
      } else steps.push(step(v));
      v = next[v];
    }
    const wp: WorstPath = {
      bytes: total[index],
      steps,
      recursive: recursive[index] === 1,
      lowerBound: lowerBound[index] === 1,
    };
    cache.set(index, wp);
    return wp;
  }

  return { arch, config, total, path, recursive, lowerBound };
}

/**
 * A WorstPath whose `steps` are materialised on first access: a workspace has tens of thousands
 * of functions and most chains are never displayed. The getter is an own enumerable property so
 * the object still serialises like plain data.
 */
export function lazyWorstPath(table: WorstPathTable, index: number): WorstPath {
  const wp = {
    bytes: table.total[index] as number | null,
    recursive: table.recursive[index] === 1,
    lowerBound: table.lowerBound[index] === 1,
  } as WorstPath;
  Object.defineProperty(wp, 'steps', { enumerable: true, configurable: true, get: () => table.path(index).steps });
  return wp;
}

/** `FunctionReport.worstPath` for one function: each target's table is fetched (or computed) when read. */
export class WorstPathView implements Record<Arch, WorstPath> {
  constructor(
    private readonly index: number,
    private readonly table: (arch: Arch) => WorstPathTable,
  ) {}
  get x86(): WorstPath {
    return lazyWorstPath(this.table('x86'), this.index);
  }
  get x64(): WorstPath {
    return lazyWorstPath(this.table('x64'), this.index);
  }
  get arm64(): WorstPath {
    return lazyWorstPath(this.table('arm64'), this.index);
  }
  toJSON(): Record<Arch, WorstPath> {
    return { x86: this.x86, x64: this.x64, arm64: this.arm64 };
  }
}
