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
// The keys cover every property of TypeRef and ArgSummary in model.ts: a property added there must
// be added to the keys here (the fast-nodes and parse tests compare whole summaries).

import type { ArgSummary, FileSummary, FunctionDecl, TypeRef } from '../model';

/** Bound on the tables together; when full they start over (bounded memory beats perfect sharing). */
const MAX_TABLE_SIZE = 100_000;

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * Tables keyed by the value's main string (already interned, so its hash is cached and look-ups
 * are cheap), then by a small number for the rest; building a composite string key per value
 * cost more than the sharing saved.
 */
const scalarTypeRefs = new Map<string, (TypeRef | undefined)[]>();
const arrayTypeRefs = new Map<string, TypeRef>();
const args = new Map<string, ArgSummary[]>();
/**
 * Argument lists, as a trie over the (already shared) argument objects: ~130,000 calls with
 * arguments have ~62,000 distinct lists on Windows-driver-samples (`(Irp)`, `(DeviceObject, Irp)`,
 * `(&Lock, OldIrql)`...). Keyed by object identity, so no key strings are built.
 */
interface ArgListNode {
  list?: ArgSummary[];
  next?: Map<ArgSummary, ArgListNode>;
}
const argLists = new Map<ArgSummary, ArgListNode>();
let tableSize = 0;

function flagBits(v: boolean | undefined): number {
  return v === undefined ? 0 : v ? 1 : 2;
}

function countEntry(): void {
  // Bounded memory beats perfect sharing: when full, start over.
  if (++tableSize > MAX_TABLE_SIZE) releaseSharingTables();
}

/**
 * Forgets the shared values. The workspace calls this once a batch of files is summarised: values
 * already shared stay shared, and the tables (~20 MB on Windows-driver-samples, mostly keys and
 * per-text variant lists that nothing else holds) need not live on while nothing is being parsed.
 */
export function releaseSharingTables(): void {
  scalarTypeRefs.clear();
  arrayTypeRefs.clear();
  args.clear();
  argLists.clear();
  tableSize = 0;
}

/** The shared TypeRef equal to `t` (same own properties, same values), or `t` itself. */
function shareTypeRef(t: TypeRef): TypeRef {
  if (t.arrayDims.length > 0) {
    const key = `${t.base}\u0001${t.pointer}\u0001${flagBits(t.isConst)}${flagBits(t.isFunctionPointer)}\u0001${t.arrayDims.join('\u0002')}\u0001${t.arrayDims.length}`;
    const hit = arrayTypeRefs.get(key);
    if (hit !== undefined) return hit;
    countEntry();
    arrayTypeRefs.set(key, t);
    return t;
  }
  if (t.pointer > 63) return t;
  const slot = t.pointer * 9 + flagBits(t.isConst) * 3 + flagBits(t.isFunctionPointer);
  let row = scalarTypeRefs.get(t.base);
  if (row === undefined) {
    row = [];
    scalarTypeRefs.set(t.base, row);
  }
  const hit = row[slot];
  if (hit !== undefined) return hit;
  t.arrayDims = EMPTY as unknown as string[];
  countEntry();
  row[slot] = t;
  return t;
}

function shareArg(a: ArgSummary): ArgSummary {
  let variants = args.get(a.text);
  if (variants === undefined) {
    variants = [];
    args.set(a.text, variants);
  }
  for (const v of variants) if (v.rootIdent === a.rootIdent && v.addressOf === a.addressOf && ('rootIdent' in v) === ('rootIdent' in a) && ('addressOf' in v) === ('addressOf' in a)) return v;
  countEntry();
  variants.push(a);
  return a;
}

/** The shared list equal to `a` (its elements already shared), frozen; or `a` itself, frozen. */
function shareArgList(a: ArgSummary[]): ArgSummary[] {
  let node = argLists.get(a[0]);
  if (node === undefined) {
    countEntry();
    node = {};
    argLists.set(a[0], node);
  }
  for (let i = 1; i < a.length; i++) {
    node.next ??= new Map();
    let next = node.next.get(a[i]);
    if (next === undefined) {
      countEntry();
      next = {};
      node.next.set(a[i], next);
    }
    node = next;
  }
  if (node.list !== undefined) return node.list;
  node.list = Object.freeze(a) as ArgSummary[];
  return node.list;
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
    if (a.length === 0) {
      c.args = EMPTY as unknown as ArgSummary[];
      continue;
    }
    for (let i = 0; i < a.length; i++) a[i] = shareArg(a[i]);
    c.args = shareArgList(a);
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
