// Applied once, centrally, to the findings of every rule (stack/*, irql/*, paging/*, ...):
//  1. per-rule severity from settings (`'off'` drops the rule),
//  2. suppression comments: `// stacklens-ignore <rule-id>` on the finding's line or on the line
//     above (the parser records each comment's line and rule ids; `*` = all rules,
//     `stack/*` = every rule of that family),
//  3. the generic quick fix: insert such a comment line above the finding, with the line's own
//     indentation. It is not offered inside a multi-line macro (a `//` line would cut it).

import type { FileSummary } from '../model';
import type { Finding, QuickFix, RuleId } from '../results';
import type { StackLensSettings } from '../settings';
import { indentationOf, isContinuationLine, type LineInfo } from '../lineInfo';

export const SUPPRESSION_MARKER = 'stacklens-ignore';

export interface SuppressionSource {
  summary(file: string): Pick<FileSummary, 'suppressions'> | undefined;
  lineInfo(file: string): LineInfo | undefined;
}

/** line → rule ids, per file, built once per call. */
type SuppressionIndex = Map<number, string[]>;

function indexSuppressions(s: Pick<FileSummary, 'suppressions'> | undefined): SuppressionIndex {
  const m: SuppressionIndex = new Map();
  for (const sup of s?.suppressions ?? []) {
    const list = m.get(sup.line);
    if (list) list.push(...sup.rules);
    else m.set(sup.line, [...sup.rules]);
  }
  return m;
}

export function ruleMatches(pattern: string, rule: RuleId): boolean {
  const p = pattern.trim().toLowerCase();
  if (p === '*' || p === rule) return true;
  if (p.endsWith('/*')) return rule.startsWith(p.slice(0, -1));
  return false;
}

export function isSuppressed(index: SuppressionIndex, line: number, rule: RuleId): boolean {
  for (const l of [line, line - 1]) {
    const rules = index.get(l);
    if (rules && rules.some((r) => ruleMatches(r, rule))) return true;
  }
  return false;
}

export function applyFindingSettings(findings: readonly Finding[], settings: StackLensSettings, src: SuppressionSource): Finding[] {
  const perFile = new Map<string, SuppressionIndex>();
  const out: Finding[] = [];
  for (const f of findings) {
    const override = settings.severity?.[f.rule];
    if (override === 'off') continue;
    let index = perFile.get(f.file);
    if (!index) perFile.set(f.file, (index = indexSuppressions(src.summary(f.file))));
    const line = f.range.start.line;
    if (isSuppressed(index, line, f.rule)) continue;
    const finding: Finding = override ? { ...f, severity: override } : { ...f };
    const fix = suppressionFix(finding, index, src.lineInfo(f.file));
    finding.fixes = fix ? [...f.fixes, fix] : [...f.fixes];
    out.push(finding);
  }
  return out;
}

/**
 * `// stacklens-ignore <rule>` inserted above the finding's line. A suppression comment on the
 * line above used to cover the finding's line; after the insertion it would cover the new comment
 * instead, so its rules are repeated in the new comment and nothing that was suppressed comes back.
 */
export function suppressionFix(f: Finding, index: SuppressionIndex, info: LineInfo | undefined): QuickFix | null {
  if (!info) return null;
  const line = f.range.start.line;
  if (line < 0 || line >= info.lines.length || isContinuationLine(info, line)) return null;
  const inherited = (index.get(line - 1) ?? []).filter((r) => r !== f.rule);
  const rules = [...new Set([...inherited, f.rule])];
  const text = `${indentationOf(info, line)}// ${SUPPRESSION_MARKER} ${rules.join(' ')}${info.eol}`;
  return {
    title: `Suppress ${f.rule} on this line (// ${SUPPRESSION_MARKER})`,
    edits: [{ file: f.file, range: { start: { line, column: 0 }, end: { line, column: 0 } }, newText: text }],
  };
}
