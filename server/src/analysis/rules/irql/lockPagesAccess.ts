// mem/lock-pages-access (seed 001): MmProbeAndLockPages(Mdl, Mode, IoWriteAccess|IoModifyAccess)
// on memory the driver only reads. The memory manager does not track writes to locked pages; it
// marks every page locked for write/modify access dirty when MmUnlockPages runs, so a mapped file
// gets written back (or a read-only file system is asked to write) although nothing changed.
//
// Heuristic, precision first. Report only when, inside the function, all of these hold:
//  1. the operation argument is literally IoWriteAccess or IoModifyAccess;
//  2. the MDL is used only by MDL bookkeeping routines (map, unmap, unlock, free, query) and is not
//     stored anywhere (`Irp->MdlAddress = Mdl` or a call handing it to another driver/DMA means
//     someone else may write through it: no report);
//  3. no write reaches the memory: neither through a system address mapped from the MDL (and
//     its aliases) nor through the buffer the MDL was built on: no store, no copy *into* it, no
//     unknown call receiving it;
//  4. there is positive evidence of reading: a mapped address or the buffer is read or used as the
//     *source* of a copy/compare; or the buffer is the user buffer of an IRP_MJ_WRITE request.
// Quick fix: `IoReadAccess` (safe under 2-3: nothing writes the pages).

import type { CallSite, Flow, FunctionDecl, Range } from '../../model';
import type { Finding, RelatedInfo } from '../../results';
import type { FnState } from '../../irql/analyze';
import { normaliseArg } from '../../irql/flow';
import { TextMemo } from '../../irql/sourceText';
import { argumentRanges, textAt, type RuleEnv } from './common';
import { declHint, Hint } from './declHints';
import { derefSites } from './derefScan';

const MDL_BOOKKEEPING = new Set([
  'MmGetSystemAddressForMdlSafe', 'MmGetSystemAddressForMdl', 'MmMapLockedPagesSpecifyCache', 'MmMapLockedPages',
  'MmMapLockedPagesWithReservedMapping', 'MmUnmapLockedPages', 'MmUnlockPages', 'IoFreeMdl', 'MmGetMdlVirtualAddress',
  'MmGetMdlByteCount', 'MmGetMdlByteOffset', 'MmProbeAndLockPages', 'IoAllocateMdl', 'MmGetMdlPfnArray',
]);
const MAPPERS = /^(MmGetSystemAddressForMdlSafe|MmGetSystemAddressForMdl|MmMapLockedPagesSpecifyCache|MmMapLockedPages)$/;
/** Copy routines: destination index, source index. */
const COPIES: Record<string, { dst: number; src: number }> = {
  RtlCopyMemory: { dst: 0, src: 1 },
  RtlMoveMemory: { dst: 0, src: 1 },
  RtlCopyBytes: { dst: 0, src: 1 },
  memcpy: { dst: 0, src: 1 },
  memmove: { dst: 0, src: 1 },
  memcpy_s: { dst: 0, src: 2 },
  memmove_s: { dst: 0, src: 2 },
};
const READERS = new Set(['RtlCompareMemory', 'RtlEqualMemory', 'memcmp']);
/** Pointers to scalars / void: nothing can be written through them with `->`. */
const PRIMITIVE_POINTER = /^(P|LP)?(UCHAR|CHAR|BYTE|BOOLEAN|USHORT|SHORT|WCHAR|ULONG|LONG|ULONG64|LONG64|ULONGLONG|LONGLONG|UINT8|UINT16|UINT32|UINT64|INT|UINT|VOID|char|int|short|long|unsigned char|unsigned short|unsigned int|unsigned long|void)$/;

function rootOf(text: string): string | null {
  const t = normaliseArg(text).replace(/^\(\s*[A-Za-z_][A-Za-z0-9_\s]*\**\s*\)/, '');
  const m = /^\(?\*?([A-Za-z_][A-Za-z0-9_]*)/.exec(t);
  return m ? m[1] : null;
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_>.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_])`).test(text);
}

/** The argument reads a value through the pointer: `p[i]`, `*p`, `p->f` (not `&p[i]`). */
function derefRead(text: string, name: string): boolean {
  const t = text.trim().replace(/^\(\s*[A-Za-z_][A-Za-z0-9_\s]*\)\s*/, '');
  if (t.startsWith('&')) return false;
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(\\*\\s*\\(?\\s*${n}\\b|${n}\\s*(\\[|->))`).test(t);
}

function collectAssigns(flow: Flow | undefined, out: Extract<Flow, { k: 'assign' }>[], depth = 0): void {
  if (!flow || depth > 200) return;
  if (flow.k === 'assign') out.push(flow);
  else if (flow.k === 'seq') flow.items.forEach((f) => collectAssigns(f, out, depth + 1));
  else if (flow.k === 'if') {
    collectAssigns(flow.then, out, depth + 1);
    collectAssigns(flow.else, out, depth + 1);
  } else if (flow.k === 'loop') collectAssigns(flow.body, out, depth + 1);
  else if (flow.k === 'switch') flow.cases.forEach((c) => collectAssigns(c, out, depth + 1));
  else if (flow.k === 'try') {
    collectAssigns(flow.body, out, depth + 1);
    collectAssigns(flow.handler, out, depth + 1);
    collectAssigns(flow.finally, out, depth + 1);
  }
}

interface Verdict {
  reads: RelatedInfo[];
  blocked: boolean;
}

/** Classifies every use of the names in `names` (a pointer to the locked memory and its aliases). */
function classifyUses(decl: FunctionDecl, names: Set<string>, skip: Set<CallSite>, assigns: Extract<Flow, { k: 'assign' }>[]): Verdict {
  const v: Verdict = { reads: [], blocked: false };
  for (const acc of decl.accesses) {
    if (!names.has(acc.root)) continue;
    if (acc.kind === 'write') return { reads: [], blocked: true };
    v.reads.push({ file: decl.file, range: acc.range, message: `the locked memory is only read here (${acc.expr})` });
  }
  for (const call of decl.calls) {
    if (skip.has(call)) continue;
    // `mapped[0]`, `*mapped`, `mapped->Field` as an argument pass a value read from the memory.
    const derefs = call.args.filter((a) => [...names].some((n) => derefRead(a.text, n)));
    if (derefs.length) {
      v.reads.push({ file: decl.file, range: call.range, message: `the locked memory is only read here (${derefs[0].text})` });
      if (derefs.length === call.args.filter((a) => [...names].some((n) => mentions(a.text, n))).length) continue;
    }
    const idx = call.args.findIndex((a) => {
      const r = rootOf(a.text);
      return r !== null && names.has(r);
    });
    if (idx < 0) {
      if (call.args.some((a) => [...names].some((n) => mentions(a.text, n)))) return { reads: [], blocked: true };
      continue;
    }
    const name = call.calleeName ?? '';
    const copy = COPIES[name];
    if (copy) {
      const dstRoot = call.args[copy.dst] ? rootOf(call.args[copy.dst].text) : null;
      if (dstRoot !== null && names.has(dstRoot)) return { reads: [], blocked: true };
      v.reads.push({ file: decl.file, range: call.range, message: `the locked memory is only the source of ${name} here` });
      continue;
    }
    if (READERS.has(name)) {
      v.reads.push({ file: decl.file, range: call.range, message: `the locked memory is only compared here (${name})` });
      continue;
    }
    if (name === 'MmUnmapLockedPages' || MDL_BOOKKEEPING.has(name)) continue;
    return { reads: [], blocked: true }; // handed to something that may write it
  }
  for (const a of assigns) if (names.has(a.rhsIdent)) return { reads: [], blocked: true }; // stored elsewhere
  return v;
}

/** Names holding (offsets into) the value of `seed`: plain copies, casts, `p + n`. */
function aliasesOf(decl: FunctionDecl, seeds: Set<string>): Set<string> {
  const names = new Set(seeds);
  const sources: { lhs: string; rhs: string }[] = [];
  for (const l of decl.locals) if (l.initText) sources.push({ lhs: l.name, rhs: l.initText });
  for (const a of decl.assignments) sources.push({ lhs: a.lhs, rhs: a.rhs });
  for (let round = 0; round < 4; round++) {
    let grew = false;
    for (const s of sources) {
      if (names.has(s.lhs)) continue;
      const t = s.rhs.replace(/\s+/g, '').replace(/^(\([A-Za-z_][A-Za-z0-9_]*\**\))+/, '');
      const m = /^\(?([A-Za-z_][A-Za-z0-9_]*)\)?([+-].*)?$/.exec(t);
      if (m && names.has(m[1])) {
        names.add(s.lhs);
        grew = true;
      }
    }
    if (!grew) break;
  }
  return names;
}

/** It calls MmProbeAndLockPages with an access argument (the only calls judged). */
function locksPages(decl: FunctionDecl): boolean {
  return decl.calls.some((c) => c.calleeName === 'MmProbeAndLockPages' && c.args.length >= 3);
}

/**
 * The findings depend on the declaration, its text and one fact of its context (it is the
 * dispatch routine of IRP_MJ_WRITE): kept per declaration and text, with that fact.
 */
const FINDINGS = new TextMemo<{ writeDispatch: boolean; findings: Omit<Finding, 'severity'>[] }>();

export function checkLockPagesAccess(env: RuleEnv, fn: FnState): void {
  if (!declHint(fn, Hint.LocksPages, locksPages)) return;
  const writeDispatch = fn.declared.sources.some((s) => /IRP_MJ_WRITE\b/.test(s.text));
  const memo = FINDINGS.get(
    fn.summary,
    fn.decl,
    env.analysis.texts,
    (read) => {
      const findings: Omit<Finding, 'severity'>[] = [];
      try {
        collectWriteLocks(fn.decl, writeDispatch, read, findings);
      } catch {
        // Like any rule failing on an odd function: what was found before the failure stands.
      }
      return { writeDispatch, findings };
    },
    (v) => v.writeDispatch === writeDispatch,
  );
  for (const f of memo.findings) env.emit(f);
}

function collectWriteLocks(decl: FunctionDecl, writeDispatch: boolean, read: () => string | undefined, out: Omit<Finding, 'severity'>[]): void {
  let assigns: Extract<Flow, { k: 'assign' }>[] | null = null;
  for (const call of decl.calls) {
    if (call.calleeName !== 'MmProbeAndLockPages' || call.args.length < 3) continue;
    const op = call.args[2].text.trim();
    const opName = /\b(IoWriteAccess|IoModifyAccess)\b/.exec(op)?.[1];
    if (!opName) continue;
    const mdl = normaliseArg(call.args[0].text);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(mdl)) continue; // a field (Irp->MdlAddress, ctx->Mdl): shared, can't tell
    if (!assigns) {
      assigns = [];
      collectAssigns(decl.flow, assigns);
    }
    // 2. The MDL itself only goes to bookkeeping routines and is not stored.
    let mdlEscapes = false;
    const mapped = new Set<string>();
    const mapCalls = new Set<CallSite>();
    for (const c of decl.calls) {
      if (!c.args.some((a) => mentions(a.text, mdl))) continue;
      const n = c.calleeName ?? '';
      if (!MDL_BOOKKEEPING.has(n)) {
        mdlEscapes = true;
        break;
      }
      if (MAPPERS.test(n)) mapCalls.add(c);
    }
    if (mdlEscapes) continue;
    if (assigns.some((a) => a.rhsIdent === mdl)) continue;
    if (decl.assignments.some((a) => a.lhs !== mdl && mentions(a.rhs, mdl) && !/MmGetSystemAddressForMdl|MmMapLockedPages|MmGetMdl/.test(a.rhs))) continue;
    // Where the mapped system address and the original buffer go.
    const sources: { lhs: string; rhs: string; range: Range }[] = [];
    for (const l of decl.locals) if (l.initText) sources.push({ lhs: l.name, rhs: l.initText, range: l.range });
    for (const a of decl.assignments) sources.push({ lhs: a.lhs, rhs: a.rhs, range: a.range });
    let buffer: string | null = null;
    let bufferText = '';
    const related: RelatedInfo[] = [];
    for (const s of sources) {
      if (MAPPERS.test(/^[^(]*?([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(s.rhs.replace(/^\([^)]*\)\s*/, ''))?.[1] ?? '') && mentions(s.rhs, mdl)) {
        mapped.add(s.lhs);
        related.push({ file: decl.file, range: s.range, message: `${s.lhs} maps the locked pages` });
      }
      if (s.lhs === mdl) {
        const m = /IoAllocateMdl\s*\(\s*([^,]+),/.exec(s.rhs);
        if (m) {
          bufferText = m[1].trim();
          buffer = rootOf(bufferText);
        }
      }
    }
    const skip = new Set<CallSite>([call, ...mapCalls]);
    for (const c of decl.calls) if (c.calleeName === 'IoAllocateMdl') skip.add(c);
    let reads: RelatedInfo[] = [];
    let blocked = false;
    const text = read();
    const judge = (names: Set<string>): void => {
      const v = classifyUses(decl, names, skip, assigns!);
      blocked ||= v.blocked;
      reads = reads.concat(v.reads);
      if (blocked) return;
      if (text !== undefined) {
        // `p->f = x` is not in the summary's accesses: look at the text.
        for (const site of derefSites(text, decl, names)) {
          if (site.kind === 'write') {
            blocked = true;
            return;
          }
          reads.push({ file: decl.file, range: site.range, message: `the locked memory is only read here (${site.expr})` });
        }
      } else if (decl.locals.some((l) => names.has(l.name) && !PRIMITIVE_POINTER.test(l.type.base))) {
        blocked = true; // a structure pointer may be written through `->`, which we cannot see
      }
    };
    if (mapped.size) judge(aliasesOf(decl, mapped));
    if (buffer && !blocked && /^[A-Za-z_][A-Za-z0-9_]*$/.test(normaliseArg(bufferText))) judge(aliasesOf(decl, new Set([buffer])));
    if (blocked) continue;
    const writeRequest = /\bUserBuffer\b/.test(bufferText) && writeDispatch;
    if (reads.length === 0 && !writeRequest) continue;
    const fixes = [];
    if (text !== undefined) {
      const ranges = argumentRanges(text, call.range);
      const r = ranges?.[2];
      if (r && textAt(text, r).trim() === opName) {
        fixes.push({ title: 'Lock the pages for IoReadAccess', preferred: true, edits: [{ file: decl.file, range: r, newText: 'IoReadAccess' }] });
      }
    }
    out.push({
      rule: 'mem/lock-pages-access',
      file: decl.file,
      range: call.range,
      message: `\`MmProbeAndLockPages\` locks ${mdl}'s pages for ${opName}, but this function only reads that memory${writeRequest ? ' (the buffer of an IRP_MJ_WRITE request)' : ''}: MmUnlockPages will mark every page dirty, so file-backed pages are written back although nothing changed. Use IoReadAccess.`,
      related: [...related, ...reads].slice(0, 6),
      fixes,
    });
  }
}
