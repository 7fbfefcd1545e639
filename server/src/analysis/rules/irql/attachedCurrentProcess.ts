// process/attached-current-process (seed 001): PsGetCurrentProcess / IoGetCurrentProcess called
// while the thread is attached to another process (between KeStackAttachProcess/KeAttachProcess
// and KeUnstackDetachProcess/KeDetachProcess on some path). They return the *attached* process,
// not the thread's own; IoThreadToProcess(PsGetCurrentThread()) returns the thread's own process.
//
// PsGetCurrentProcessId is not reported: its documentation states it returns the ID of the
// process that created the thread, not the attached one
// (https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/ntddk/nf-ntddk-psgetcurrentprocessid).

import type { QuickFix } from '../../results';
import { statesAt, type FnState } from '../../irql/analyze';
import { TRIVIAL_FLOW } from '../../irql/flowCache';
import { TextMemo } from '../../irql/sourceText';
import { at, textAt, type RuleEnv } from './common';

const CURRENT_PROCESS = new Set(['PsGetCurrentProcess', 'IoGetCurrentProcess']);

/** Per declaration and text: each call is written exactly `PsGetCurrentProcess()` / `IoGetCurrentProcess()` (1), so the fix can replace it. */
const PLAIN_CALLS = new TextMemo<Uint8Array>();

function plainCalls(env: RuleEnv, fn: FnState): Uint8Array {
  return PLAIN_CALLS.get(fn.summary, fn.decl, env.analysis.texts, (read) => {
    const text = read();
    return Uint8Array.from(fn.decl.calls, (call) =>
      text !== undefined && /^\s*(PsGetCurrentProcess|IoGetCurrentProcess)\s*\(\s*\)\s*$/.test(textAt(text, call.range)) ? 1 : 0,
    );
  });
}

export function checkAttachedCurrentProcess(env: RuleEnv, fn: FnState): void {
  if (fn.flow === TRIVIAL_FLOW) return; // nothing attaches in it
  const decl = fn.decl;
  decl.calls.forEach((call, i) => {
    if (!call.calleeName) return;
    const rf = fn.facts[i];
    const name = rf?.fact.name ?? call.calleeName;
    if (!CURRENT_PROCESS.has(name)) return;
    let attach: number | null = null;
    let onAllPaths = true;
    for (const s of statesAt(fn, i)) {
      if (s.approx) continue;
      const h = [...s.held].reverse().find((x) => x.kind === 'attach');
      if (h) attach = attach ?? h.call;
      else onAllPaths = false;
    }
    if (attach === null) return;
    const attachCall = decl.calls[attach];
    const fixes: QuickFix[] = [];
    if (plainCalls(env, fn)[i] === 1) {
      fixes.push({
        title: "Use the thread's own process: IoThreadToProcess(PsGetCurrentThread())",
        edits: [{ file: decl.file, range: call.range, newText: 'IoThreadToProcess(PsGetCurrentThread())' }],
      });
    }
    env.emit({
      rule: 'process/attached-current-process',
      file: decl.file,
      range: call.range,
      message: `\`${name}\` is called while the thread is attached to another process${onAllPaths ? '' : ' on some path'} (\`${attachCall.calleeName}\` at ${at(attachCall.range)}): it returns the attached process, not the thread's own. If the thread's own process is meant, use IoThreadToProcess(PsGetCurrentThread()).`,
      related: [{ file: decl.file, range: attachCall.range, message: `the thread attaches to another process here (${attachCall.calleeName})` }],
      fixes,
    });
  });
}

