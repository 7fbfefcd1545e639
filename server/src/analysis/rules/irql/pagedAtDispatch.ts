// irql/paged-at-dispatch: pageable code (a PAGE* section, or PAGED_CODE()) that can run at
// DISPATCH_LEVEL or above, where a page fault is a bug check (IRQL_NOT_LESS_OR_EQUAL).
//
// Two places report it:
//  - the pageable function itself, when its own declared context is >= DISPATCH_LEVEL (a DPC,
//    completion routine or StartIo placed in PAGE);
//  - a call made at >= DISPATCH_LEVEL (under a spin lock, or from a DPC) to a function that is
//    pageable or leads to pageable code at its entry IRQL, with the chain;
//  - a pageable function that itself raises to DISPATCH_LEVEL (takes a spin lock): its own code
//    after the raise runs at DISPATCH_LEVEL ("A routine that uses a spin lock cannot be paged",
//    https://learn.microsoft.com/en-us/windows-hardware/drivers/kernel/isolating-pageable-code).
//    Not reported under PAGED_CODE_LOCKED() or in a PAGELK section (locked down before use).

import type { RelatedInfo } from '../../results';
import type { FnState } from '../../irql/analyze';
import { callEnd } from '../../irql/callEdges';
import { irqlKnownInside, violationAt } from '../../irql/context';
import { APC_LEVEL, DISPATCH_LEVEL, levelName } from '../../irql/levels';
import { chainInfo, irqlOrigin, textAt, type RuleEnv } from './common';
import type { Held, PathState } from '../../irql/flow';
import { TRIVIAL_FLOW } from '../../irql/flowCache';
import { TextMemo } from '../../irql/sourceText';

/**
 * PAGED_CODE_LOCKED(), a PAGELK section, or a named PAGExxx section of a driver that locks its
 * sections down (MmLockPagableCodeSection): the code is resident while it runs.
 */
function lockedSection(env: RuleEnv, fn: FnState): boolean {
  const section = fn.paging.section ?? '';
  if (/^PAGELK/i.test(section)) return true;
  if (env.analysis.locksSections && fn.paging.pageable && !/^PAGE$/i.test(section)) return true;
  const r = fn.paging.pagedCodeRange;
  if (!r) return false;
  // The range comes from the declaration alone: the answer is kept per declaration and text.
  return PAGED_CODE_LOCKED.get(fn.summary, fn.decl, env.analysis.texts, (read) => {
    const text = read();
    return text !== undefined && /PAGED_CODE_LOCKED/.test(textAt(text, r));
  });
}

const PAGED_CODE_LOCKED = new TextMemo<boolean>();

function pagingWhy(fn: FnState): { text: string; related: RelatedInfo[] } {
  const p = fn.paging;
  if (p.pageable) {
    const related: RelatedInfo[] = [];
    if (p.line !== undefined) {
      related.push({ file: fn.decl.file, range: { start: { line: p.line, column: 0 }, end: { line: p.line, column: 0 } }, message: `${fn.decl.qualifiedName} is placed in a pageable section here: ${p.reason}` });
    }
    return { text: `is pageable (${p.reason})`, related };
  }
  return {
    text: 'asserts PAGED_CODE() (it must run at or below APC_LEVEL)',
    related: p.pagedCodeRange ? [{ file: fn.decl.file, range: p.pagedCodeRange, message: 'PAGED_CODE() here' }] : [],
  };
}

export function checkPagedAtDispatch(env: RuleEnv, fn: FnState): void {
  const fns = env.analysis.fns;
  // The pageable function's own context.
  const d = fn.declared;
  if (fn.pagedIntent && ((d.min !== null && d.min >= DISPATCH_LEVEL) || (d.assured && d.max !== null && d.max >= DISPATCH_LEVEL)) && !lockedSection(env, fn)) {
    const why = pagingWhy(fn);
    const level = d.min !== null && d.min >= DISPATCH_LEVEL ? d.min : d.max!;
    const related: RelatedInfo[] = [...why.related];
    for (const s of d.sources.slice(0, 3)) related.push({ file: s.file ?? fn.decl.file, range: s.range ?? fn.decl.nameRange, message: s.text });
    env.emit({
      rule: 'irql/paged-at-dispatch',
      file: fn.decl.file,
      range: fn.decl.nameRange,
      message: `\`${fn.decl.qualifiedName}\` ${why.text}, but it ${d.min !== null && d.min >= DISPATCH_LEVEL ? 'runs' : 'may run'} at ${levelName(level)} (${d.sources[0]?.text ?? 'its role'}); a page fault there crashes the system.`,
      related,
      fixes: [],
    });
  }
  // The pageable function raises the IRQL itself.
  // (Not on bodies with syntax errors: their extent may run into the next functions.)
  // (A walk without effects holds nothing anywhere.)
  if (fn.pagedIntent && !fn.decl.hasParseErrors && fn.flow !== TRIVIAL_FLOW) {
    const raises = new Map<number, Held>();
    const collect = (states: readonly PathState[] | undefined): void => {
      for (const s of states ?? []) for (const h of s.held) if (h.kind === 'lock' && !h.conditional && h.level !== null && h.level >= DISPATCH_LEVEL) raises.set(h.call, h);
    };
    fn.flow.atCall.forEach(collect);
    for (const e of fn.flow.exits) collect(e.states);
    if (raises.size > 0 && !lockedSection(env, fn)) {
      const why = pagingWhy(fn);
      for (const [i, h] of [...raises].sort((a, b) => a[0] - b[0]).slice(0, 3)) {
        const call = fn.decl.calls[i];
        env.emit({
          rule: 'irql/paged-at-dispatch',
          file: fn.decl.file,
          range: call.range,
          message: `\`${fn.decl.qualifiedName}\` ${why.text}, but \`${h.name}\` raises the IRQL to ${levelName(h.level)} here: the rest of its own code runs at ${levelName(h.level)} and may be paged out. Move the locked part into a non-paged helper.`,
          related: why.related,
          fixes: [],
        });
      }
    }
  }
  // Calls into pageable code at >= DISPATCH_LEVEL (none when no call's IRQL is known).
  if (!irqlKnownInside(fn)) return;
  const edges = fn.edges;
  for (let a = 0, b = 0; a < edges.length; a = b) {
    b = callEnd(edges, a);
    const i = edges[a].callIndex;
    for (let t = a; t < b; t++) {
      const callee = fns.get(edges[t].to);
      if (!callee || callee === fn || !callee.pagedReach) continue;
      const v = violationAt(fn, i, APC_LEVEL);
      if (!v) continue;
      const target = fns.get(callee.pagedReach.target) ?? callee;
      if (lockedSection(env, target)) continue;
      const why = pagingWhy(target);
      const origin = irqlOrigin(fn, v.ctx.raisedBy, v.ctx.entrySources);
      const call = fn.decl.calls[i];
      const chain = chainInfo([{ key: fn.key, name: fn.decl.qualifiedName, file: fn.decl.file, callIndex: i, call }, ...callee.pagedReach.steps], target.decl.qualifiedName);
      const subject =
        callee.pagedReach.steps.length === 0
          ? `\`${callee.decl.qualifiedName}\` ${why.text}`
          : `\`${callee.decl.qualifiedName}\` leads to pageable code (${chain.text}; \`${target.decl.qualifiedName}\` ${why.text})`;
      env.emit({
        rule: 'irql/paged-at-dispatch',
        file: fn.decl.file,
        range: call.range,
        message: `${subject}, but ${v.definite ? 'it is called here at' : 'this may run at'} ${levelName(v.level)} (${origin.clause}).`,
        related: [...origin.related, ...chain.related, ...why.related],
        fixes: [],
      });
      break;
    }
  }
}
