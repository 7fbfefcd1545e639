// A function's calls to workspace functions, read straight from the call graph's outgoing edges
// (one edge per call and target), in call order: nothing per function is built or kept for them.
// A call with several targets (an ambiguous name) has consecutive edges; the passes handle each
// call as the run of edges with its index.

import type { CallEdge } from '../callgraph/types';

/** The edges in call order: the graph's own array when it already is (buildCallGraph makes them so), else a sorted copy. */
export function inCallOrder(edges: readonly CallEdge[]): readonly CallEdge[] {
  for (let k = 1; k < edges.length; k++) {
    if (edges[k].callIndex < edges[k - 1].callIndex) return [...edges].sort((a, b) => a.callIndex - b.callIndex);
  }
  return edges;
}

/** End (exclusive) of the run of edges of the call at `edges[start]`. */
export function callEnd(edges: readonly CallEdge[], start: number): number {
  const index = edges[start].callIndex;
  let end = start + 1;
  while (end < edges.length && edges[end].callIndex === index) end++;
  return end;
}

/** Call `callIndex` resolves to a workspace function (binary search over edges in call order). */
export function callsWorkspace(edges: readonly CallEdge[], callIndex: number): boolean {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid].callIndex < callIndex) lo = mid + 1;
    else hi = mid;
  }
  return lo < edges.length && edges[lo].callIndex === callIndex;
}
