// mem/user-buffer-no-try (seed 001): user-mode memory touched outside __try/__except.
//
// Reported:
//  - ProbeForRead / ProbeForWrite outside __try: they *raise* on a bad address by design;
//  - MmProbeAndLockPages outside __try: the docs require the call to be enclosed in try/except
//    because it raises STATUS_ACCESS_VIOLATION (and others) when the pages cannot be locked;
//  - a dereference of a user buffer outside __try: `Irp->UserBuffer`,
//    `...DeviceIoControl.Type3InputBuffer`, or a local assigned from one of them (followed through
//    casts, `+ offset` and other locals), including as an argument of a memory-copy routine.
// Not reported: passing the pointer to IoAllocateMdl / MmProbeAndLockPages / ProbeForXxx (that
// is not an access), and functions whose every workspace call site is itself inside __try.

import type { FunctionDecl, Range } from '../../model';
import type { RelatedInfo } from '../../results';
import type { FnState } from '../../irql/analyze';
import type { RuleEnv } from './common';
import { derefSites } from './derefScan';

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

/** The expression is (an offset into) the user buffer or an alias: no call in it, a path expression. */
function aliasSource(rhs: string, aliases: Map<string, UserAlias>): string | null {
  const t = stripCasts(rhs).replace(/\s+/g, '');
  if (/[A-Za-z_][A-Za-z0-9_]*\(/.test(t.replace(/\((?:[A-Za-z_][A-Za-z0-9_]*\**)\)/g, ''))) return null; // a call: not an alias
  const m = /^&?([A-Za-z_][A-Za-z0-9_]*(?:(?:->|\.)[A-Za-z_][A-Za-z0-9_]*|\[[^\]]*\])*)/.exec(t);
  if (!m) return null;
  const path = m[1];
  // Only a member (`Irp->UserBuffer`, `...DeviceIoControl.Type3InputBuffer`): a parameter that
  // happens to be called UserBuffer is whatever the caller passed.
  if (USER_SOURCE.test(path) && /(->|\.)(UserBuffer|Type3InputBuffer)$/.test(path.replace(/\[[^\]]*\]$/, ''))) return path;
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
      const src = aliasSource(c.rhs, aliases);
      if (src) {
        aliases.set(c.lhs, { name: c.lhs, range: c.range, from: src });
        grew = true;
      }
    }
    if (!grew) break;
  }
  return aliases;
}

function userExpr(text: string, aliases: Map<string, UserAlias>): { alias?: UserAlias; direct?: string } | null {
  const t = text.replace(/\s+/g, '');
  const direct = /([A-Za-z_][A-Za-z0-9_]*(?:->|\.)(?:[A-Za-z_][A-Za-z0-9_]*(?:->|\.))*(UserBuffer|Type3InputBuffer))/.exec(t);
  if (direct) return { direct: direct[1] };
  const root = /^(?:\([^()]*\))*\(?&?\*?([A-Za-z_][A-Za-z0-9_]*)/.exec(t);
  if (root && aliases.has(root[1])) return { alias: aliases.get(root[1]) };
  return null;
}

/** Every workspace call site of this function is inside __try (a helper used under SEH). */
function calledOnlyUnderTry(env: RuleEnv, fn: FnState): boolean {
  const edges = env.analysis.graph.callers(fn.key);
  return edges.length > 0 && edges.every((e) => e.call.inTry);
}

export function checkUserBufferNoTry(env: RuleEnv, fn: FnState): void {
  const decl = fn.decl;
  let guarded: boolean | null = null;
  const underTry = (): boolean => (guarded ??= calledOnlyUnderTry(env, fn));
  const aliases = userAliases(decl);
  const reported = new Set<string>();
  const emit = (range: Range, message: string, related: RelatedInfo[]): void => {
    const k = `${range.start.line}:${range.start.column}`;
    if (reported.has(k)) return;
    reported.add(k);
    env.emit({ rule: 'mem/user-buffer-no-try', file: decl.file, range, message, related, fixes: [] });
  };
  const aliasRelated = (a: UserAlias | undefined): RelatedInfo[] =>
    a ? [{ file: decl.file, range: a.range, message: `${a.name} points into the user buffer (${a.from}) from here` }] : [];

  for (let ci = 0; ci < decl.calls.length; ci++) {
    const call = decl.calls[ci];
    if (call.inTry || !call.calleeName) continue;
    const rf = fn.facts[ci];
    const name = rf?.fact.name ?? call.calleeName;
    const role = rf?.fact.userBuffer;
    if (PROBES.has(name) || role === 'probe') {
      if (underTry()) continue;
      emit(call.range, `\`${name}\` raises an exception when the address is not valid user memory, and it is not inside __try/__except here: an invalid buffer from the caller crashes the system instead of failing the request.`, []);
    } else if (LOCK_PAGES.has(name) || role === 'lock-pages') {
      if (underTry()) continue;
      emit(call.range, `\`${name}\` raises an exception when the pages cannot be probed or locked, and it is not inside __try/__except here (the documentation requires one): an invalid buffer crashes the system instead of failing the request.`, []);
    } else if (MEMORY_ROUTINES.has(name)) {
      for (const a of call.args) {
        const u = userExpr(a.text, aliases);
        if (!u) continue;
        if (underTry()) return;
        emit(call.range, `\`${name}\` dereferences ${u.direct ? `\`${u.direct}\`` : `\`${u.alias!.name}\``}, a user-mode address, outside __try/__except: an invalid or unmapped user address raises an exception nothing catches here. Probe and access it inside __try/__except.`, aliasRelated(u.alias));
        break;
      }
    }
  }
  for (const acc of decl.accesses) {
    if (acc.inTry) continue;
    const u = userExpr(acc.expr, aliases) ?? (aliases.has(acc.root) ? { alias: aliases.get(acc.root) } : null);
    if (!u) continue;
    // `Irp->UserBuffer` itself (reading the pointer field) is not an access of the buffer.
    if (u.direct && /(UserBuffer|Type3InputBuffer)$/.test(acc.expr.replace(/\s+/g, '')) && !/^\*|\[/.test(acc.expr.trim())) continue;
    if (underTry()) return;
    emitAccess(acc.range, acc.expr, acc.kind, u);
  }
  if (aliases.size === 0) return;
  // `alias->Field` (plain-identifier `->` is not in the summary's accesses): from the text when
  // available, else from assignment right-hand sides and call arguments.
  const text = env.text(decl.file);
  if (text !== undefined) {
    for (const site of derefSites(text, decl, new Set(aliases.keys()))) {
      if (site.inTry) continue;
      if (underTry()) return;
      emitAccess(site.range, site.expr, site.kind, { alias: aliases.get(site.name) });
    }
    return;
  }
  for (const a of decl.assignments) {
    if (a.inTry) continue;
    const name = [...aliases.keys()].find((n) => derefsIn(a.rhs, n));
    if (!name) continue;
    if (underTry()) return;
    emitAccess(a.range, a.rhs, 'read', { alias: aliases.get(name) });
  }
  for (const call of decl.calls) {
    if (call.inTry) continue;
    const arg = call.args.find((x) => [...aliases.keys()].some((n) => derefsIn(x.text, n)));
    if (!arg) continue;
    const name = [...aliases.keys()].find((n) => derefsIn(arg.text, n))!;
    if (underTry()) return;
    emitAccess(call.range, arg.text, 'read', { alias: aliases.get(name) });
  }

  function emitAccess(range: Range, expr: string, kind: 'read' | 'write', u: { alias?: UserAlias; direct?: string }): void {
    emit(
      range,
      `\`${expr}\` ${kind === 'write' ? 'writes' : 'reads'} user-mode memory (${u.direct ?? `${u.alias!.name} = ${u.alias!.from}`}) outside __try/__except: an invalid or unmapped user address raises an exception nothing catches here.`,
      aliasRelated(u.alias),
    );
  }
}

/** `text` dereferences `name`: `name->f`, `name[i]`, `*name` (not `&name[i]`). */
function derefsIn(text: string, name: string): boolean {
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^&A-Za-z0-9_.>])${n}\\s*(->|\\[)|(^|[(=,\\s])\\*\\s*\\(?\\s*${n}(?![A-Za-z0-9_])`).test(text);
}

