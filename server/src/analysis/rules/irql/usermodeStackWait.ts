// wait/usermode-stack-object (seed 000; PREfast C28135, CodeQL KeWaitLocal): a dispatcher
// object that lives on the kernel stack (a local KEVENT, or a local structure containing one) is
// waited on with WaitMode == UserMode. A user-mode wait lets the memory manager page the thread's
// kernel stack out; whoever signals the object (KeSetEvent from a completion routine or another
// thread, at DISPATCH_LEVEL) then touches a paged-out page: bug check. The seed stores the
// event's address elsewhere first (`Operation->CompletionEvent = &Event;`): those escapes are
// shown as related locations, because they are exactly how the other thread finds the object.
//
// Quick fixes: `KernelMode` in place of `UserMode` (preferred: the stack stays resident), and a
// suppression comment.

import type { CallSite, FunctionDecl, Flow, Range, LocalDecl } from '../../model';
import type { Finding, QuickFix, RelatedInfo } from '../../results';
import type { FnState } from '../../irql/analyze';
import { normaliseArg } from '../../irql/flow';
import { TextMemo } from '../../irql/sourceText';
import { argumentRanges, suppressionFix, textAt, type RuleEnv } from './common';
import { declHint, Hint } from './declHints';

/** Wait routines: which arguments are the object(s), the wait mode, and the wait-block array. */
const WAITS: Record<string, { objects: number; mode: number; array?: boolean; waitBlocks?: number }> = {
  KeWaitForSingleObject: { objects: 0, mode: 2 },
  KeWaitForMutexObject: { objects: 0, mode: 2 },
  KeWaitForMultipleObjects: { objects: 1, mode: 4, array: true, waitBlocks: 7 },
};

/** Routines that only initialise, signal or query the object: passing `&Event` to them is not an escape. */
const NOT_AN_ESCAPE = /^(KeInitialize(Event|Semaphore|Mutex|Timer|TimerEx)|KeSetEvent|KeClearEvent|KeResetEvent|KeReadStateEvent|KeReleaseSemaphore|KeReleaseMutex|KeSetTimer|KeSetTimerEx|KeCancelTimer|KeWaitFor\w+|RtlZeroMemory|memset)$/;

interface Escape {
  range: Range;
  message: string;
}

function collectAssigns(flow: Flow | undefined, out: Extract<Flow, { k: 'assign' }>[], depth = 0): void {
  if (!flow || depth > 200) return;
  switch (flow.k) {
    case 'assign':
      out.push(flow);
      return;
    case 'seq':
      for (const f of flow.items) collectAssigns(f, out, depth + 1);
      return;
    case 'if':
      collectAssigns(flow.then, out, depth + 1);
      collectAssigns(flow.else, out, depth + 1);
      return;
    case 'loop':
      collectAssigns(flow.body, out, depth + 1);
      return;
    case 'switch':
      for (const c of flow.cases) collectAssigns(c, out, depth + 1);
      return;
    case 'try':
      collectAssigns(flow.body, out, depth + 1);
      collectAssigns(flow.handler, out, depth + 1);
      collectAssigns(flow.finally, out, depth + 1);
      return;
    default:
      return;
  }
}

function stackLocal(decl: FunctionDecl, name: string): LocalDecl | undefined {
  return decl.locals.find((l) => l.name === name && !l.isStatic);
}

/**
 * The stack local an object argument designates: `&Event`, `&ctx.Event`, `Events` (a local
 * array), `pEvent` where `pEvent = &Event`. null when it is not provably on the stack.
 */
function stackObjectOf(decl: FunctionDecl, argText: string, assigns: Extract<Flow, { k: 'assign' }>[]): { local: LocalDecl; via?: Range } | null {
  const t = argText.replace(/\s+/g, '');
  let m = /^(?:\([A-Za-z_][A-Za-z0-9_\s*]*\))?&([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]]*\])*)$/.exec(t);
  if (m) {
    const l = stackLocal(decl, m[1]);
    if (l && l.type.pointer === 0) return { local: l };
    return null;
  }
  m = /^(?:\([A-Za-z_][A-Za-z0-9_\s*]*\))?([A-Za-z_][A-Za-z0-9_]*)$/.exec(t);
  if (!m) return null;
  const l = stackLocal(decl, m[1]);
  if (!l) return null;
  if (l.type.arrayDims.length > 0 && l.type.pointer === 0) return { local: l }; // KEVENT events[2]
  if (l.type.pointer > 0 || /^P[A-Z]/.test(l.type.base)) {
    // A pointer local aimed at a stack object: by initialiser or assignment.
    const sources: { text: string; range?: Range }[] = [];
    if (l.initText) sources.push({ text: l.initText, range: l.range });
    for (const a of decl.assignments) if (a.lhs === l.name) sources.push({ text: a.rhs, range: a.range });
    for (const a of assigns) if (a.lhs === l.name && a.addressOf) sources.push({ text: `&${a.rhsIdent}`, range: a.range });
    if (sources.length === 0) return null;
    let found: { local: LocalDecl; via?: Range } | null = null;
    for (const s of sources) {
      const inner = /^(?:\([^)]*\))?&([A-Za-z_][A-Za-z0-9_]*)/.exec(s.text.replace(/\s+/g, ''));
      const target = inner ? stackLocal(decl, inner[1]) : undefined;
      if (!target || target.type.pointer > 0) return null; // some value is not a stack object: can't tell
      found = { local: target, via: s.range };
    }
    return found;
  }
  return null;
}

/** The array `objs` passed to KeWaitForMultipleObjects holds addresses of stack objects. */
function arrayOfStackObjects(decl: FunctionDecl, argText: string, assigns: Extract<Flow, { k: 'assign' }>[]): { local: LocalDecl; via?: Range } | null {
  const name = normaliseArg(argText);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return null;
  const arr = stackLocal(decl, name);
  if (!arr) return null;
  if (arr.initText) {
    const m = /&\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(arr.initText);
    const l = m ? stackLocal(decl, m[1]) : undefined;
    if (l && l.type.pointer === 0) return { local: l, via: arr.range };
  }
  for (const a of assigns) {
    if (a.addressOf && a.lhs.replace(/\s+/g, '').startsWith(`${name}[`)) {
      const l = stackLocal(decl, a.rhsIdent);
      if (l && l.type.pointer === 0) return { local: l, via: a.range };
    }
  }
  return null;
}

function escapesOf(decl: FunctionDecl, local: string, assigns: Extract<Flow, { k: 'assign' }>[], waitCall: CallSite): Escape[] {
  const out: Escape[] = [];
  for (const a of assigns) {
    if (a.rhsIdent === local && a.addressOf && !decl.locals.some((l) => l.name === a.lhs)) {
      out.push({ range: a.range, message: `the address of ${local} escapes here (${a.lhs} = &${local}): another thread can signal it while this stack is paged out` });
    }
  }
  for (const c of decl.calls) {
    if (c === waitCall || !c.calleeName || NOT_AN_ESCAPE.test(c.calleeName)) continue;
    if (c.args.some((a) => a.addressOf && a.rootIdent === local)) {
      out.push({ range: c.range, message: `the address of ${local} is handed to ${c.calleeName} here; it may signal the object from another context` });
    }
  }
  return out.slice(0, 5);
}

const WAIT_NAMES = new Set(Object.keys(WAITS));

/** It calls one of the wait routines (the only calls judged). */
function waits(decl: FunctionDecl): boolean {
  for (const c of decl.calls) if (c.calleeName !== null && WAIT_NAMES.has(c.calleeName)) return true;
  return false;
}

/** The findings depend only on the declaration and its text: kept per declaration and text. */
const FINDINGS = new TextMemo<Omit<Finding, 'severity'>[]>();

export function checkUserModeStackWait(env: RuleEnv, fn: FnState): void {
  if (!declHint(fn, Hint.Waits, waits)) return;
  const found = FINDINGS.get(fn.summary, fn.decl, env.analysis.texts, (read) => stackWaits(fn.decl, read));
  for (const f of found) env.emit(f);
}

function stackWaits(decl: FunctionDecl, read: () => string | undefined): Omit<Finding, 'severity'>[] {
  const out: Omit<Finding, 'severity'>[] = [];
  try {
    collectStackWaits(decl, read, out);
  } catch {
    // Like any rule failing on an odd function: what was found before the failure stands.
  }
  return out;
}

function collectStackWaits(decl: FunctionDecl, read: () => string | undefined, out: Omit<Finding, 'severity'>[]): void {
  let assigns: Extract<Flow, { k: 'assign' }>[] | null = null;
  decl.calls.forEach((call) => {
    const spec = call.calleeName ? WAITS[call.calleeName] : undefined;
    if (!spec) return;
    const modeArg = call.args[spec.mode];
    if (!modeArg || normaliseArg(modeArg.text).replace(/^\(KPROCESSOR_MODE\)/, '') !== 'UserMode') return;
    if (!assigns) {
      assigns = [];
      collectAssigns(decl.flow, assigns);
    }
    const objArg = call.args[spec.objects];
    let hit = objArg ? (spec.array ? arrayOfStackObjects(decl, objArg.text, assigns) : stackObjectOf(decl, objArg.text, assigns)) : null;
    let what = 'object';
    if (!hit && spec.waitBlocks !== undefined && call.args[spec.waitBlocks]) {
      hit = stackObjectOf(decl, call.args[spec.waitBlocks].text, assigns);
      what = 'wait-block array';
    }
    if (!hit) return;
    const local = hit.local;
    const typeText = `${local.type.base}${local.type.arrayDims.map((d) => `[${d}]`).join('')}`;
    const related: RelatedInfo[] = [{ file: decl.file, range: local.range, message: `${local.name} (${typeText}) lives on this thread's kernel stack` }];
    if (hit.via) related.push({ file: decl.file, range: hit.via, message: `${local.name}'s address is taken here` });
    for (const e of escapesOf(decl, local.name, assigns, call)) related.push({ file: decl.file, range: e.range, message: e.message });
    const fixes: QuickFix[] = [];
    const text = read();
    if (text !== undefined) {
      const ranges = argumentRanges(text, call.range);
      const r = ranges?.[spec.mode];
      if (r && /UserMode\s*$/.test(textAt(text, r))) {
        const t = textAt(text, r);
        const idx = t.lastIndexOf('UserMode');
        const start = { line: r.start.line, column: r.start.column + idx };
        if (r.start.line === r.end.line) {
          fixes.push({
            title: 'Wait in KernelMode (keeps the kernel stack resident)',
            preferred: true,
            edits: [{ file: decl.file, range: { start, end: { line: start.line, column: start.column + 'UserMode'.length } }, newText: 'KernelMode' }],
          });
        }
      }
      const sup = suppressionFix(decl.file, text, call.range.start.line, 'wait/usermode-stack-object');
      if (sup) fixes.push(sup);
    }
    out.push({
      rule: 'wait/usermode-stack-object',
      file: decl.file,
      range: call.range,
      message: `\`${call.calleeName}\` waits in UserMode on ${local.name}${what === 'object' ? '' : ` (its ${what})`}, a ${typeText} on the kernel stack: during a user-mode wait the stack can be paged out, and signalling ${local.name} then touches a paged-out page at DISPATCH_LEVEL. Wait in KernelMode or allocate the object from non-paged pool.`,
      related,
      fixes,
    });
  });
}
