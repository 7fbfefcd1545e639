// mem/user-buffer-no-try (seed 001): user-mode memory touched outside __try/__except.
//
// Reported:
//  - ProbeForRead / ProbeForWrite outside __try/__except: they *raise* on a bad address by design;
//  - MmProbeAndLockPages outside __try/__except: its documentation requires the call to be
//    enclosed in try/except because it raises when the pages cannot be probed or locked;
//  - a dereference of a user buffer outside __try/__except: `Irp->UserBuffer` (of an IRP: a
//    parameter/local typed PIRP or named *Irp*, or a member named *Irp*),
//    `...Parameters.X.Type3InputBuffer`, or a local assigned from one of them (followed through
//    casts, `+ offset` and other locals), including as an argument of a memory-copy routine.
// Not reported: passing the pointer to IoAllocateMdl / MmProbeAndLockPages / ProbeForXxx (not an
// access); `__try/__finally` is NOT protection (it catches nothing) but `__try/__except` and the
// excpt.h spellings `try/except` are; accesses in a function that rejects non-kernel requestors
// (`if (Irp->RequestorMode != KernelMode) return ...`: the buffers are kernel addresses); and
// functions whose every workspace call site is itself inside __try/__except.

import type { FunctionDecl, Range } from '../../model';
import type { Finding, RelatedInfo } from '../../results';
import type { FnState } from '../../irql/analyze';
import { TextMemo } from '../../irql/sourceText';
import { offsetOf, textAt, type RuleEnv } from './common';
import { declHint, Hint } from './declHints';
import { derefSites, sehProtectedRanges } from './derefScan';

const USER_SOURCE = /\b(UserBuffer|Type3InputBuffer)\b/;
const PROBES = new Set(['ProbeForRead', 'ProbeForWrite']);
const LOCK_PAGES = new Set(['MmProbeAndLockPages', 'MmProbeAndLockProcessPages', 'MmProbeAndLockSelectedPages']);
/** Routines that dereference their pointer arguments. */
const MEMORY_ROUTINES = new Set([
  'RtlCopyMemory', 'RtlMoveMemory', 'RtlCopyBytes', 'memcpy', 'memmove', 'memcpy_s', 'memmove_s', 'RtlZeroMemory',
  'RtlSecureZeroMemory', 'RtlFillMemory', 'memset', 'RtlCompareMemory', 'RtlEqualMemory', 'memcmp', 'strcpy', 'wcscpy',
  'strlen', 'wcslen', 'RtlCopyUnicodeString', 'RtlInitUnicodeString', 'RtlInitAnsiString', 'RtlStringCbCopyW', 'RtlStringCchCopyW',
  'RtlStringCbCopyA', 'RtlStringCchCopyA', 'RtlStringCbLengthW', 'RtlStringCchLengthW',
]);

interface UserAlias {
  name: string;
  /** Where it was assigned from a user buffer. */
  range: Range;
  from: string;
}

interface UserRef {
  alias?: UserAlias;
  direct?: string;
}

/** USER_SOURCE.test(s), with a plain substring search first (both names end in `Buffer`; most texts have neither). */
function namesUserBuffer(s: string): boolean {
  return s.includes('Buffer') && USER_SOURCE.test(s);
}

/** Strips leading casts and parentheses: `(PUCHAR)(x)` → `x`. */
function stripCasts(s: string): string {
  let t = s.trim();
  for (let g = 0; g < 6; g++) {
    const before = t;
    t = t.replace(/^\(\s*[A-Za-z_][A-Za-z0-9_\s]*\**\s*\)\s*/, '').trim();
    if (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim();
    if (t === before) break;
  }
  return t;
}

/** A parameter or local holding an IRP pointer (typed PIRP / IRP*, or named like one). */
function isIrpName(decl: FunctionDecl, name: string): boolean {
  for (const p of decl.params) if (p.name === name) return /^(PIRP|IRP)$/.test(p.type.base) || /irp/i.test(name);
  for (const l of decl.locals) if (l.name === name) return /^(PIRP|IRP)$/.test(l.type.base) || /irp/i.test(name);
  return /irp/i.test(name);
}

/**
 * A member path that names the requestor's buffer: `Irp->UserBuffer` where the object before it
 * is an IRP, or any `Type3InputBuffer` (a field of IO_STACK_LOCATION parameters only). A parameter
 * that happens to be called UserBuffer, or a driver structure's own UserBuffer field, is not.
 */
function userPath(decl: FunctionDecl, path: string): boolean {
  const p = path.replace(/\s+/g, '').replace(/\[[^\]]*\]$/, '');
  if (/(->|\.)Type3InputBuffer$/.test(p)) return true;
  const m = /(?:^|->|\.)([A-Za-z_][A-Za-z0-9_]*)(->|\.)UserBuffer$/.exec(p);
  if (!m) return false;
  const owner = m[1];
  const isRoot = p.startsWith(`${owner}${m[2]}UserBuffer`);
  return isRoot ? isIrpName(decl, owner) : /irp/i.test(owner);
}

/** The expression is (an offset into) the user buffer or an alias: no call in it, a path expression. */
function aliasSource(decl: FunctionDecl, rhs: string, aliases: Map<string, UserAlias>): string | null {
  const t = stripCasts(rhs).replace(/\s+/g, '');
  if (/[A-Za-z_][A-Za-z0-9_]*\(/.test(t.replace(/\((?:[A-Za-z_][A-Za-z0-9_]*\**)\)/g, ''))) return null; // a call: not an alias
  const m = /^&?([A-Za-z_][A-Za-z0-9_]*(?:(?:->|\.)[A-Za-z_][A-Za-z0-9_]*|\[[^\]]*\])*)/.exec(t);
  if (!m) return null;
  const path = m[1];
  if (USER_SOURCE.test(path) && userPath(decl, path)) return path;
  const root = /^[A-Za-z_][A-Za-z0-9_]*/.exec(path)![0];
  if (root === path && aliases.has(root)) return root;
  return null;
}

function userAliases(decl: FunctionDecl): Map<string, UserAlias> {
  const aliases = new Map<string, UserAlias>();
  const candidates: { lhs: string; rhs: string; range: Range }[] = [];
  let any = false;
  for (const l of decl.locals) {
    if (!l.initText) continue;
    candidates.push({ lhs: l.name, rhs: l.initText, range: l.range });
    any ||= USER_SOURCE.test(l.initText);
  }
  for (const a of decl.assignments) {
    candidates.push({ lhs: a.lhs, rhs: a.rhs, range: a.range });
    any ||= USER_SOURCE.test(a.rhs);
  }
  if (!any) return aliases;
  for (let round = 0; round < 4; round++) {
    let grew = false;
    for (const c of candidates) {
      if (aliases.has(c.lhs)) continue;
      const src = aliasSource(decl, c.rhs, aliases);
      if (src) {
        aliases.set(c.lhs, { name: c.lhs, range: c.range, from: src });
        grew = true;
      }
    }
    if (!grew) break;
  }
  // The analysis is not flow-sensitive for values: a local that also receives a kernel buffer
  // (`buf = Irp->AssociatedIrp.SystemBuffer` in another switch case) is not followed.
  for (const name of [...aliases.keys()]) {
    const values = candidates.filter((c) => c.lhs === name && !/^\(?\s*(NULL|nullptr|0)\s*\)?$/.test(c.rhs.trim()));
    if (!values.every((c) => aliasSource(decl, c.rhs, aliases) !== null)) aliases.delete(name);
  }
  return aliases;
}

function userExpr(decl: FunctionDecl, text: string, aliases: Map<string, UserAlias>): UserRef | null {
  const t = text.replace(/\s+/g, '');
  for (const m of t.matchAll(/[A-Za-z_][A-Za-z0-9_]*(?:(?:->|\.)[A-Za-z_][A-Za-z0-9_]*)*(?:->|\.)(?:UserBuffer|Type3InputBuffer)\b/g)) {
    if (userPath(decl, m[0])) return { direct: m[0] };
  }
  const root = /^(?:\([^()]*\))*\(?&?\*?([A-Za-z_][A-Za-z0-9_]*)/.exec(t);
  if (root && aliases.has(root[1])) return { alias: aliases.get(root[1]) };
  return null;
}

/** `text` dereferences `name`: `name->f`, `name[i]`, `*name` (not `&name[i]`). */
function derefsIn(text: string, name: string): boolean {
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^&A-Za-z0-9_.>])${n}\\s*(->|\\[)|(^|[(=,\\s])\\*\\s*\\(?\\s*${n}(?![A-Za-z0-9_])`).test(text);
}

/** The function turns away requests from user mode before touching buffers. */
function rejectsUserMode(body: string): boolean {
  return /(RequestorMode|ExGetPreviousMode\s*\(\s*\))\s*!=\s*KernelMode[^;{}]*\)\s*\{?[^{}]{0,300}?\b(return|STATUS_INVALID_PARAMETER|STATUS_ACCESS_DENIED|STATUS_INVALID_DEVICE_REQUEST)\b/.test(body);
}

/** Where a range sits: inside `__try { } __except` (from the text), else the parser's flag. */
function protectedBy(text: string | undefined, ranges: [number, number][] | null, range: Range, inTry: boolean): boolean {
  if (text === undefined || ranges === null) return inTry;
  const off = offsetOf(text, range.start);
  return ranges.some(([a, b]) => off > a && off < b);
}

const SEH_CALLER_DEPTH = 6;

function calledUnderSeh(env: RuleEnv, key: string, memo: Map<string, boolean>, depth: number): boolean {
  const known = memo.get(key);
  if (known !== undefined) return known;
  if (depth > SEH_CALLER_DEPTH) return false;
  memo.set(key, false); // a cycle back to here proves nothing
  const edges = env.analysis.graph.callers(key);
  const result =
    edges.length > 0 &&
    edges.every((e) => {
      const caller = env.analysis.fns.get(e.from);
      if (!caller) return false;
      const direct = sehProtectedCalls(env, caller)[e.callIndex] === 1;
      return direct || calledUnderSeh(env, e.from, memo, depth + 1);
    });
  memo.set(key, result);
  return result;
}

/** Per declaration and text: each call is inside `__try { } __except` (1) or not (0). */
const SEH_PROTECTED_CALLS = new TextMemo<Uint8Array>();

function sehProtectedCalls(env: RuleEnv, fn: FnState): Uint8Array {
  return SEH_PROTECTED_CALLS.get(fn.summary, fn.decl, env.analysis.texts, (read) => {
    const t = read();
    const calls = fn.decl.calls;
    if (t === undefined) return Uint8Array.from(calls, (c) => (c.inTry ? 1 : 0));
    const ranges = sehProtectedRanges(t, fn.decl);
    return Uint8Array.from(calls, (c) => (protectedBy(t, ranges, c.range, c.inTry) ? 1 : 0));
  });
}

/**
 * A call to a probe / page-locking routine by name, or an expression naming a user buffer that
 * the rule can report: an access, an alias's value, or an argument of a memory routine (a user
 * buffer handed to any other call is not an access, and without an alias or an access there is
 * nothing to report).
 */
function userBufferText(decl: FunctionDecl): boolean {
  for (const c of decl.calls) {
    if (c.calleeName === null) continue;
    if (PROBES.has(c.calleeName) || LOCK_PAGES.has(c.calleeName)) return true;
    if (MEMORY_ROUTINES.has(c.calleeName)) for (const a of c.args) if (namesUserBuffer(a.text)) return true;
  }
  return (
    decl.locals.some((l) => l.initText !== undefined && namesUserBuffer(l.initText)) ||
    decl.assignments.some((a) => namesUserBuffer(a.rhs)) ||
    decl.accesses.some((a) => namesUserBuffer(a.expr))
  );
}

/** A call to a DDI whose role is probe / lock-pages (whether it counts depends on the call graph: see checkUserBufferNoTry). */
function probeRole(fn: FnState): boolean {
  return fn.declFacts.facts.some((rf) => rf?.fact.userBuffer === 'probe' || rf?.fact.userBuffer === 'lock-pages');
}

type Emitted = Omit<Finding, 'severity'>;

/**
 * The findings of one function as if none of its callers protected it: they depend on the
 * declaration, its text and which calls are DDI calls (`fn.facts`), so they are kept per
 * declaration and text; whether every caller protects it is decided on each run.
 */
const LOCAL = new TextMemo<{ facts: readonly unknown[]; findings: Emitted[] }>();

function sameElements(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function checkUserBufferNoTry(env: RuleEnv, fn: FnState): void {
  // Cheap exit before touching the text: no probe, no page locking, no user-buffer expression
  // (a DDI role counts only where the call is not to a workspace function: `fn.facts`).
  const candidate =
    declHint(fn, Hint.UserBufferText, userBufferText) ||
    (declHint(fn, Hint.ProbeRole, () => probeRole(fn)) && fn.facts.some((rf) => rf?.fact.userBuffer === 'probe' || rf?.fact.userBuffer === 'lock-pages'));
  if (!candidate) return;
  const local = LOCAL.get(
    fn.summary,
    fn.decl,
    env.analysis.texts,
    (read) => ({ facts: fn.facts, findings: unprotectedAccesses(fn, read) }),
    (v) => sameElements(v.facts, fn.facts),
  ).findings;
  // Every workspace caller calls this function from inside __try/__except, directly or through
  // its own callers (file systems catch at the top-level dispatch routine: fastfat, cdfs).
  if (local.length === 0 || calledUnderSeh(env, fn.key, new Map(), 0)) return;
  for (const f of local) env.emit(f);
}

function unprotectedAccesses(fn: FnState, read: () => string | undefined): Emitted[] {
  const out: Emitted[] = [];
  try {
    collectUnprotectedAccesses(fn, read(), out);
  } catch {
    // Like any rule failing on an odd function: what was found before the failure stands.
  }
  return out;
}

function collectUnprotectedAccesses(fn: FnState, text: string | undefined, out: Emitted[]): void {
  const decl = fn.decl;
  // Without the text, SEH regions come from the parser, which does not see excpt.h's C spellings
  // `try { } except (...)` (they make the body a syntax error): such bodies are not judged.
  if (text === undefined && decl.hasParseErrors) return;
  let seh: [number, number][] | null = null;
  const isProtected = (range: Range, inTry: boolean): boolean => {
    if (text !== undefined && seh === null) seh = sehProtectedRanges(text, decl);
    return protectedBy(text, seh, range, inTry);
  };
  const aliases = userAliases(decl);
  const reported = new Set<string>();
  const emit = (range: Range, message: string, related: RelatedInfo[]): void => {
    const k = `${range.start.line}:${range.start.column}`;
    if (reported.has(k)) return;
    reported.add(k);
    out.push({ rule: 'mem/user-buffer-no-try', file: decl.file, range, message, related, fixes: [] });
  };
  const aliasRelated = (a: UserAlias | undefined): RelatedInfo[] =>
    a ? [{ file: decl.file, range: a.range, message: `${a.name} points into the user buffer (${a.from}) from here` }] : [];
  const emitAccess = (range: Range, expr: string, kind: 'read' | 'write', u: UserRef): void => {
    emit(
      range,
      `\`${expr}\` ${kind === 'write' ? 'writes' : 'reads'} user-mode memory (${u.direct ?? `${u.alias!.name} = ${u.alias!.from}`}) outside __try/__except: an invalid or unmapped user address raises an exception nothing catches here.`,
      aliasRelated(u.alias),
    );
  };

  // Probes and page locking: they raise by design.
  for (let ci = 0; ci < decl.calls.length; ci++) {
    const call = decl.calls[ci];
    if (!call.calleeName) continue;
    const rf = fn.facts[ci];
    const name = rf?.fact.name ?? call.calleeName;
    const role = rf?.fact.userBuffer;
    const probe = PROBES.has(name) || role === 'probe';
    const lock = LOCK_PAGES.has(name) || role === 'lock-pages';
    if (!probe && !lock) continue;
    if (isProtected(call.range, call.inTry)) continue;
    emit(
      call.range,
      probe
        ? `\`${name}\` raises an exception when the address is not valid user memory, and it is not inside __try/__except here: an invalid buffer from the caller crashes the system instead of failing the request.`
        : `\`${name}\` raises an exception when the pages cannot be probed or locked, and it is not inside __try/__except here (the documentation requires one): an invalid buffer crashes the system instead of failing the request.`,
      [],
    );
  }

  // Accesses of the user buffer.
  const anyUserText = aliases.size > 0 || decl.accesses.some((a) => USER_SOURCE.test(a.expr)) || decl.calls.some((c) => c.args.some((a) => USER_SOURCE.test(a.text)));
  if (!anyUserText) return;
  if (text !== undefined && rejectsUserMode(textAt(text, decl.range))) return;
  for (const call of decl.calls) {
    if (!call.calleeName || !MEMORY_ROUTINES.has(call.calleeName)) continue;
    if (isProtected(call.range, call.inTry)) continue;
    for (const a of call.args) {
      const u = userExpr(decl, a.text, aliases);
      if (!u) continue;
      emit(call.range, `\`${call.calleeName}\` dereferences ${u.direct ? `\`${u.direct}\`` : `\`${u.alias!.name}\``}, a user-mode address, outside __try/__except: an invalid or unmapped user address raises an exception nothing catches here. Probe and access it inside __try/__except.`, aliasRelated(u.alias));
      break;
    }
  }
  for (const acc of decl.accesses) {
    if (isProtected(acc.range, acc.inTry)) continue;
    const u = userExpr(decl, acc.expr, aliases) ?? (aliases.has(acc.root) ? { alias: aliases.get(acc.root) } : null);
    if (!u) continue;
    // `Irp->UserBuffer` itself (reading the pointer field) is not an access of the buffer.
    if (u.direct && /(UserBuffer|Type3InputBuffer)$/.test(acc.expr.replace(/\s+/g, '')) && !/^\*|\[/.test(acc.expr.trim())) continue;
    emitAccess(acc.range, acc.expr, acc.kind, u);
  }
  if (aliases.size === 0) return;
  // `alias->Field` (plain-identifier `->` is not in the summary's accesses): from the text when
  // available, else from assignment right-hand sides and call arguments.
  if (text !== undefined) {
    for (const site of derefSites(text, decl, new Set(aliases.keys()))) {
      if (site.inTry) continue;
      emitAccess(site.range, site.expr, site.kind, { alias: aliases.get(site.name) });
    }
    return;
  }
  const names = [...aliases.keys()];
  for (const a of decl.assignments) {
    if (a.inTry) continue;
    const name = names.find((n) => derefsIn(a.rhs, n));
    if (!name) continue;
    emitAccess(a.range, a.rhs, 'read', { alias: aliases.get(name) });
  }
  for (const call of decl.calls) {
    if (call.inTry) continue;
    const arg = call.args.find((x) => names.some((n) => derefsIn(x.text, n)));
    if (!arg) continue;
    const name = names.find((n) => derefsIn(arg.text, n))!;
    emitAccess(call.range, arg.text, 'read', { alias: aliases.get(name) });
  }
}
