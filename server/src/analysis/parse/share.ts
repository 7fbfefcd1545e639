// Shares the small immutable values that repeat across a workspace's summaries.
//
// Why: on Windows-driver-samples the summaries hold ~290,000 call arguments of which a third are
// distinct (`Irp`, `DeviceObject`, `NULL`, `&Event`...), ~150,000 type references of which a tenth
// are distinct (`ULONG`, `PIRP`, `NTSTATUS`...), and ~160,000 empty per-function lists. One shared
// object per distinct value, and one frozen empty list, save ~25 MB of heap and as many objects
// for the garbage collector to trace.
//
// The model treats these values as immutable once a summary is built (nothing writes to a summary
// after parseSource; incremental edits build new summaries). Empty lists are frozen, so a write
// that ever slipped in would fail loudly instead of changing every summary at once.
//
// Runs after internStringsDeep, so equal strings are already the same string and keys are cheap.

import type { ArgSummary, FileSummary, FunctionDecl, TypeRef } from '../model';

/** Bound on each table; when full it starts over (bounded memory beats perfect sharing). */
const MAX_TABLE_SIZE = 100_000;

const EMPTY: readonly never[] = Object.freeze([]);

const typeRefs = new Map<string, TypeRef>();
const args = new Map<string, ArgSummary>();

function flag(v: boolean | undefined): string {
  return v === undefined ? 'u' : v ? 't' : 'f';
}

/** The shared TypeRef equal to `t` (same own properties, same values), or `t` itself. */
function shareTypeRef(t: TypeRef): TypeRef {
  const keys = Object.keys(t).length;
  const expected = 3 + (t.isConst !== undefined ? 1 : 0) + (t.isFunctionPointer !== undefined ? 1 : 0);
  if (keys !== expected) return t; // a shape this module does not know: keep as is
  const key = `${t.base}\u0001${t.pointer}\u0001${flag(t.isConst)}${flag(t.isFunctionPointer)}\u0001${t.arrayDims.join('\u0002')}\u0001${t.arrayDims.length}`;
  const hit = typeRefs.get(key);
  if (hit !== undefined) return hit;
  if (t.arrayDims.length === 0) t.arrayDims = EMPTY as unknown as string[];
  if (typeRefs.size >= MAX_TABLE_SIZE) typeRefs.clear();
  typeRefs.set(key, t);
  return t;
}

function shareArg(a: ArgSummary): ArgSummary {
  const keys = Object.keys(a).length;
  const expected = 1 + (a.rootIdent !== undefined ? 1 : 0) + (a.addressOf !== undefined ? 1 : 0);
  if (keys !== expected) return a;
  const key = `${a.text}\u0001${a.rootIdent ?? '\u0003'}\u0001${flag(a.addressOf)}`;
  const hit = args.get(key);
  if (hit !== undefined) return hit;
  if (args.size >= MAX_TABLE_SIZE) args.clear();
  args.set(key, a);
  return a;
}

/** `list` itself, or the shared frozen empty list when it is empty. */
function orEmpty<T>(list: T[]): T[] {
  return list.length === 0 ? (EMPTY as unknown as T[]) : list;
}

function shareFunction(fn: FunctionDecl): void {
  fn.returnType = shareTypeRef(fn.returnType);
  for (const p of fn.params) p.type = shareTypeRef(p.type);
  fn.params = orEmpty(fn.params);
  fn.annotations = orEmpty(fn.annotations);
  if (!fn.isDefinition) return;
  for (const l of fn.locals) l.type = shareTypeRef(l.type);
  for (const c of fn.calls) {
    const a = c.args;
    for (let i = 0; i < a.length; i++) a[i] = shareArg(a[i]);
    c.args = orEmpty(a);
  }
  fn.locals = orEmpty(fn.locals);
  fn.calls = orEmpty(fn.calls);
  fn.accesses = orEmpty(fn.accesses);
  fn.assignments = orEmpty(fn.assignments);
  fn.addressTaken = orEmpty(fn.addressTaken);
  fn.referencedFunctions = orEmpty(fn.referencedFunctions);
  fn.copiesIntoLocals = orEmpty(fn.copiesIntoLocals);
}

/** Replaces repeated small values of `s` by shared copies, in place. */
export function shareRepeatedValues(s: FileSummary): void {
  for (const fn of s.functions) shareFunction(fn);
  for (const r of s.records) for (const f of r.fields) f.type = shareTypeRef(f.type);
  for (const t of s.typedefs) t.type = shareTypeRef(t.type);
}
