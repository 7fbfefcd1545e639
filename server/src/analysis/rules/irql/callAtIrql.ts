// irql/too-high, wait/at-dispatch, alloc/paged-at-dispatch: a call made at an IRQL above what the
// callee allows. One check, three rules, chosen by what the callee (or the end of its chain) is:
// a paged-pool allocation → alloc/paged-at-dispatch; a wait at DISPATCH_LEVEL or above →
// wait/at-dispatch; anything else → irql/too-high.
//
// The callee's limit is the DDI's documented maximum, tightened by the parameter rules that
// provably hold at this call (KeWaitForSingleObject with a NULL timeout, ExAllocatePoolWithTag
// with PagedPool), or a workspace function's requirement (its annotation, or the lowest limit of
// what it calls at its entry IRQL, with the chain).

import type { RelatedInfo, RuleId } from '../../results';
import type { FnState, Terminal } from '../../irql/analyze';
import { callEnd, callsWorkspace } from '../../irql/callEdges';
import { irqlKnownInside, violationAt, type Violation } from '../../irql/context';
import { DISPATCH_LEVEL, levelName } from '../../irql/levels';
import { chainInfo, irqlOrigin, limitText, type RuleEnv } from './common';

function ruleFor(t: { blocking: boolean; pagedAlloc: boolean }, level: number): RuleId {
  if (t.pagedAlloc) return 'alloc/paged-at-dispatch';
  if (t.blocking && level >= DISPATCH_LEVEL) return 'wait/at-dispatch';
  return 'irql/too-high';
}

function what(t: Terminal): string {
  if (t.pagedAlloc) return `allocates paged pool${t.note ? ` (${t.note})` : ''}, which needs IRQL <= APC_LEVEL`;
  if (t.blocking) return `can wait${t.note ? ` (${t.note})` : ''} and must be called ${limitText(t.max)}`;
  return `must be called ${limitText(t.max)}${t.note ? ` (${t.note})` : ''}`;
}

/** A call to a workspace function whose requirement is violated. */
interface CalleeViolation {
  fn: FnState;
  callIndex: number;
  v: Violation;
  callee: FnState;
}

/**
 * Calls to workspace functions whose requirement (annotation or chain to a DDI) is below the IRQL
 * at the call. Reported at each call site; but violations are grouped by the *origin* of the
 * requirement (the call to the DDI at the end of the chain, or the annotated function): a trace
 * helper that formats with RtlStringCbVPrintfA makes every function calling it "require
 * PASSIVE_LEVEL", and when that origin is reached too high from AGGREGATE_FROM or more call
 * sites it is reported once, at the origin, listing the call sites: one fix, one report.
 */
export function checkWorkspaceCallsAtIrql(env: RuleEnv): void {
  const byOrigin = new Map<string, CalleeViolation[]>();
  for (const key of env.analysis.order) {
    const fn = env.analysis.fns.get(key)!;
    if (!irqlKnownInside(fn)) continue;
    const edges = fn.edges;
    for (let a = 0, b = 0; a < edges.length; a = b) {
      b = callEnd(edges, a);
      const i = edges[a].callIndex;
      for (let t = a; t < b; t++) {
        const callee = env.analysis.fns.get(edges[t].to);
        if (!callee || callee === fn || !callee.required) continue;
        const v = violationAt(fn, i, callee.required.max);
        if (!v) continue;
        const origin = originKey(callee);
        let g = byOrigin.get(origin);
        if (!g) byOrigin.set(origin, (g = []));
        g.push({ fn, callIndex: i, v, callee });
        break;
      }
    }
  }
  for (const list of byOrigin.values()) {
    if (list.length >= AGGREGATE_FROM && list[0].callee.required!.steps.length > 0) reportAtOrigin(env, list);
    else for (const x of list) reportAtCallSite(env, x.fn, x.callIndex, x.callee, x.v);
  }
}

const AGGREGATE_FROM = 3;

/** The last workspace call of the requirement chain (`TraceEvents` → RtlStringCbVPrintfA), or the annotated function. */
function originKey(callee: FnState): string {
  const req = callee.required!;
  if (req.steps.length === 0) return `${callee.key}@annotation`;
  const last = req.steps[req.steps.length - 1];
  return `${last.key}@${last.callIndex}`;
}

function requirementReason(callee: FnState, chainText: string): { reason: string; related: RelatedInfo[] } {
  const req = callee.required!;
  const related: RelatedInfo[] = [];
  if (req.terminal.kind === 'annotation') {
    const annotated = req.terminal.name;
    if (req.terminal.range) related.push({ file: req.terminal.file ?? callee.decl.file, range: req.terminal.range, message: `${annotated} is annotated ${req.terminal.note ?? ''}`.trim() });
    const ann = req.terminal.note ?? `to run ${limitText(req.max)}`;
    return { reason: req.steps.length === 0 ? `is annotated ${ann}` : `must be called ${limitText(req.max)}: ${chainText}, and ${annotated} is annotated ${ann}`, related };
  }
  return { reason: `must be called ${limitText(req.max)}: ${chainText} ${what(req.terminal)}`, related };
}

function reportAtCallSite(env: RuleEnv, fn: FnState, i: number, callee: FnState, v: Violation): void {
  const req = callee.required!;
  const call = fn.decl.calls[i];
  const origin = irqlOrigin(fn, v.ctx.raisedBy, v.ctx.entrySources);
  const chain = chainInfo([{ key: fn.key, name: fn.decl.qualifiedName, file: fn.decl.file, callIndex: i, call }, ...req.steps], req.terminal.name);
  const why = requirementReason(callee, chain.text);
  env.emit({
    rule: ruleFor(req.terminal, v.level),
    file: fn.decl.file,
    range: call.range,
    message: `\`${callee.decl.qualifiedName}\` ${why.reason}, but ${v.definite ? 'here the IRQL is' : 'this may run at'} ${levelName(v.level)} (${origin.clause}).`,
    related: [...origin.related, ...chain.related, ...why.related],
    fixes: [],
  });
}

function reportAtOrigin(env: RuleEnv, list: CalleeViolation[]): void {
  const req = list[0].callee.required!;
  const last = req.steps[req.steps.length - 1];
  const originFn = env.analysis.fns.get(last.key)!;
  const worst = list.reduce((a, b) => (b.v.level > a.v.level || (b.v.definite && !a.v.definite) ? b : a));
  const terminalText =
    req.terminal.kind === 'annotation'
      ? `${req.terminal.name}, which is annotated ${req.terminal.note ?? `to run ${limitText(req.max)}`}`
      : `${req.terminal.name}, which ${what(req.terminal)}`;
  const related: RelatedInfo[] = [];
  for (const x of list.slice(0, 6)) {
    const c = x.fn.decl.calls[x.callIndex];
    const origin = irqlOrigin(x.fn, x.v.ctx.raisedBy, x.v.ctx.entrySources);
    const via = x.callee.required!.steps.map((st) => st.name).join(' → ');
    related.push({ file: x.fn.decl.file, range: c.range, message: `reached ${x.v.definite ? 'at' : 'possibly at'} ${levelName(x.v.level)} from here (${x.fn.decl.qualifiedName} → ${via}): ${origin.clause}` });
  }
  if (req.terminal.kind === 'annotation' && req.terminal.range) {
    related.push({ file: req.terminal.file ?? originFn.decl.file, range: req.terminal.range, message: `${req.terminal.name} is annotated ${req.terminal.note ?? ''}`.trim() });
  }
  env.emit({
    rule: ruleFor(req.terminal, worst.v.level),
    file: last.file,
    range: last.call.range,
    message: `\`${originFn.decl.qualifiedName}\` calls ${terminalText}, but \`${originFn.decl.qualifiedName}\` is reached at ${levelName(worst.v.level)} from ${list.length} call sites (first: ${worst.fn.decl.qualifiedName}). Make this call safe at that IRQL or keep those callers at a lower IRQL.`,
    related,
    fixes: [],
  });
}

/** Direct calls to DDIs made at too high an IRQL in this function. */
export function checkCallsAtIrql(env: RuleEnv, fn: FnState): void {
  if (!irqlKnownInside(fn)) return;
  const calls = fn.decl.calls;
  const df = fn.declFacts;
  // The DDI calls with a limit at that call (parameter rules applied), in call order.
  for (let k = 0; k < df.limitCalls.length; k++) {
    const i = df.limitCalls[k];
    const call = calls[i];
    if (callsWorkspace(fn.edges, i)) continue; // workspace functions: checkWorkspaceCallsAtIrql
    const rf = fn.facts[i];
    if (!rf) continue;
    // A release/lower is judged with its acquire (KeReleaseSpinLock "needs" DISPATCH_LEVEL only
    // because the acquire put it there; ExReleaseFastMutex after a bad ExAcquireFastMutex is the
    // same bug, already reported at the acquire).
    if (rf.fact.effect === 'release' || rf.fact.effect === 'lower' || rf.fact.effect === 'restore') continue;
    const lim = df.limits[k];
    const v = violationAt(fn, i, lim.max);
    if (!v) continue;
    const origin = irqlOrigin(fn, v.ctx.raisedBy, v.ctx.entrySources);
    const terminal: Terminal = { kind: 'ddi', name: rf.fact.name, max: lim.max, blocking: lim.blocking, pagedAlloc: lim.pagedAlloc, note: lim.rule?.note, source: rf.fact.source };
    const spelled = rf.caseFallback ? ` (written \`${call.calleeName}\`)` : '';
    env.emit({
      rule: ruleFor(terminal, v.level),
      file: fn.decl.file,
      range: call.range,
      message: `\`${rf.fact.name}\`${spelled} ${what(terminal)}, but ${v.definite ? 'here the IRQL is' : 'this may run at'} ${levelName(v.level)} (${origin.clause}). See ${rf.fact.source}`,
      related: origin.related,
      fixes: [],
    });
  }
}

