// Runs every IRQL/pageability rule over an analysed workspace and applies severities
// (settings.severity overrides the defaults; 'off' drops the rule) and `// stacklens-ignore`
// suppressions (on the finding's line or the line above).

import type { FileSummary } from '../../model';
import type { Finding } from '../../results';
import type { StackLensSettings } from '../../settings';
import type { IrqlAnalysis } from '../../irql/analyze';
import { checkAttachedCurrentProcess } from './attachedCurrentProcess';
import { checkCallsAtIrql, checkWorkspaceCallsAtIrql } from './callAtIrql';
import { IRQL_RULE_SEVERITY, forgetLineTables, type IrqlRuleId, type RuleEnv } from './common';
import { checkLockPagesAccess } from './lockPagesAccess';
import { checkNotRestored } from './notRestored';
import { checkPagedAtDispatch } from './pagedAtDispatch';
import { checkPagingSection } from './pagingSection';
import { checkUserBufferNoTry } from './userBufferNoTry';
import { checkUserModeStackWait } from './usermodeStackWait';

export { IRQL_RULE_SEVERITY };
export type { IrqlRuleId };

const CHECKS = [
  checkCallsAtIrql,
  checkNotRestored,
  checkPagedAtDispatch,
  checkPagingSection,
  checkUserModeStackWait,
  checkUserBufferNoTry,
  checkLockPagesAccess,
  checkAttachedCurrentProcess,
];

function suppressed(summary: FileSummary | undefined, f: Finding): boolean {
  if (!summary) return false;
  const line = f.range.start.line;
  return summary.suppressions.some((s) => (s.line === line || s.line === line - 1) && (s.rules.includes('*') || s.rules.includes(f.rule)));
}

export function runIrqlRules(analysis: IrqlAnalysis, settings: StackLensSettings): Finding[] {
  const raw: Finding[] = [];
  const env: RuleEnv = {
    analysis,
    settings,
    emit(f) {
      const rule = f.rule as IrqlRuleId;
      const override = settings.severity[rule];
      if (override === 'off') return;
      raw.push({ ...f, severity: override ?? IRQL_RULE_SEVERITY[rule] ?? 'warning' });
    },
  };
  try {
    checkWorkspaceCallsAtIrql(env);
  } catch {
    // as below: one failing rule must not take the others down
  }
  for (const key of analysis.order) {
    const fn = analysis.fns.get(key)!;
    for (const check of CHECKS) {
      try {
        check(env, fn);
      } catch {
        // One rule failing on one odd function must not take the others down.
      }
    }
  }
  forgetLineTables();
  const summaries = new Map<string, FileSummary>();
  for (const fn of analysis.fns.values()) summaries.set(fn.summary.file, fn.summary);
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of raw) {
    if (suppressed(summaries.get(f.file), f)) continue;
    const k = `${f.rule}|${f.file}|${f.range.start.line}:${f.range.start.column}|${f.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(f);
  }
  return out;
}
