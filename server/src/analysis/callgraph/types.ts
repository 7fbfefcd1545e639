// The workspace call graph API shared by the stack analyses (worst path, recursion) and the
// IRQL analyses (propagation along call edges). Implemented in callgraph.ts.

import type { CallSite, FileSummary, FunctionDecl } from '../model';

export interface GraphFunction {
  /** `file#qualifiedName` of the definition. */
  key: string;
  decl: FunctionDecl;
  /** All declarations (prototypes) of this function seen in the workspace, for annotations/roles. */
  declarations: FunctionDecl[];
  summary: FileSummary;
}

export interface CallEdge {
  from: string;
  to: string;
  /** Index into `from`'s `decl.calls`. */
  callIndex: number;
  call: CallSite;
}

export interface CallGraph {
  functions: Map<string, GraphFunction>;
  /** Simple and qualified name → keys of definitions (several when static functions share a name). */
  byName: Map<string, string[]>;
  callees(key: string): CallEdge[];
  callers(key: string): CallEdge[];
  /** Strongly connected components with more than one member, or one member calling itself. */
  recursiveComponents: string[][];
  /** key → index in recursiveComponents. */
  componentOf: Map<string, number>;
  /** Functions whose address is taken (referenced without a call) anywhere in the workspace. */
  referenced: Set<string>;
}
