// Tarjan's strongly connected components, iterative: the corpus has call chains thousands of
// functions long and generated code with deep recursion, so a recursive implementation would
// overflow the JS stack exactly where it is needed most.

/** A directed graph over nodes 0..n-1 in compressed-sparse-row form. */
export interface CsrGraph {
  nodeCount: number;
  /** Successors of node v are targets[offsets[v] .. offsets[v+1]). */
  offsets: Int32Array;
  targets: Int32Array;
}

/**
 * Components in reverse topological order: every component comes after all components it calls.
 * Flat arrays, not an array per component: nearly every component is one function (14,473 of
 * 14,584 on Windows-driver-samples), and an array each was ~2.4 MB kept for the graph's lifetime.
 */
export interface SccResult {
  /** Number of components. */
  count: number;
  /** Members of component c are members[start[c] .. start[c+1]), in the order Tarjan's DFS reached them. */
  start: Int32Array;
  members: Int32Array;
  /** node → component index. */
  componentOf: Int32Array;
}

/** Number of members of component c. */
export function componentSize(r: SccResult, c: number): number {
  return r.start[c + 1] - r.start[c];
}

/** The members of component c as a new array. */
export function componentMembers(r: SccResult, c: number): number[] {
  return Array.from(r.members.subarray(r.start[c], r.start[c + 1]));
}

/** Builds a CSR graph from adjacency lists, dropping duplicate successors. */
export function toCsr(adjacency: readonly (readonly number[])[]): CsrGraph {
  const n = adjacency.length;
  const offsets = new Int32Array(n + 1);
  const seen = new Int32Array(n).fill(-1);
  let total = 0;
  for (let v = 0; v < n; v++) {
    for (const w of adjacency[v]) {
      if (seen[w] !== v) {
        seen[w] = v;
        total++;
      }
    }
  }
  const targets = new Int32Array(total);
  seen.fill(-1);
  let k = 0;
  for (let v = 0; v < n; v++) {
    offsets[v] = k;
    for (const w of adjacency[v]) {
      if (seen[w] !== v) {
        seen[w] = v;
        targets[k++] = w;
      }
    }
  }
  offsets[n] = k;
  return { nodeCount: n, offsets, targets };
}

/**
 * Tarjan's algorithm with an explicit call stack. Components are emitted when their root is
 * finished, which is reverse topological order of the condensation (callees before callers):
 * a dynamic program over "everything below me" can walk `components` front to back.
 */
export function stronglyConnectedComponents(g: CsrGraph): SccResult {
  const n = g.nodeCount;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const componentOf = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  let sp = 0;
  // The DFS frames: node and the position of the next successor to visit.
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  const start = new Int32Array(n + 1);
  const members = new Int32Array(n);
  let count = 0;
  let filled = 0;
  let counter = 0;

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = g.offsets[root];
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;

    while (depth >= 0) {
      const v = callNode[depth];
      const end = g.offsets[v + 1];
      let e = callEdge[depth];
      let descended = false;
      while (e < end) {
        const w = g.targets[e++];
        if (index[w] === -1) {
          callEdge[depth] = e;
          depth++;
          callNode[depth] = w;
          callEdge[depth] = g.offsets[w];
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          descended = true;
          break;
        } else if (onStack[w] && index[w] < low[v]) {
          low[v] = index[w];
        }
      }
      if (descended) continue;
      callEdge[depth] = e;
      // v is finished.
      if (low[v] === index[v]) {
        // The component is the top of the stack down to v, in the order the DFS pushed it.
        const top = sp;
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          componentOf[w] = count;
        } while (w !== v);
        members.set(stack.subarray(sp, top), filled);
        filled += top - sp;
        start[++count] = filled;
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
    }
  }
  return { count, start: start.slice(0, count + 1), members, componentOf };
}

/** True when node v has an edge to itself. */
export function hasSelfLoop(g: CsrGraph, v: number): boolean {
  for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) if (g.targets[e] === v) return true;
  return false;
}
