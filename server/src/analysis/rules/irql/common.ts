// Shared plumbing of the IRQL/pageability rules: default severities, the environment each rule
// reads, related-location builders and small text helpers for quick fixes.

import type { Pos, Range } from '../../model';
import type { Finding, QuickFix, RelatedInfo, RuleId, Severity } from '../../results';
import type { StackLensSettings } from '../../settings';
import type { ChainStep, FnState, IrqlAnalysis } from '../../irql/analyze';
import type { IrqlSource } from '../../irql/entry';
import type { Held } from '../../irql/flow';
import { levelName } from '../../irql/levels';

export type IrqlRuleId = Extract<
  RuleId,
  | 'irql/too-high'
  | 'irql/not-restored'
  | 'irql/paged-at-dispatch'
  | 'paging/missing-paged-code'
  | 'paging/not-in-page-section'
  | 'wait/usermode-stack-object'
  | 'wait/at-dispatch'
  | 'mem/user-buffer-no-try'
  | 'mem/lock-pages-access'
  | 'process/attached-current-process'
  | 'alloc/paged-at-dispatch'
>;

/** Default severities (docs/irql-rules.md): errors crash or hang the machine, warnings may. */
export const IRQL_RULE_SEVERITY: Readonly<Record<IrqlRuleId, Severity>> = {
  'irql/too-high': 'error',
  'irql/not-restored': 'error',
  'irql/paged-at-dispatch': 'error',
  'paging/missing-paged-code': 'warning',
  'paging/not-in-page-section': 'warning',
  'wait/usermode-stack-object': 'error',
  'wait/at-dispatch': 'error',
  'mem/user-buffer-no-try': 'warning',
  'mem/lock-pages-access': 'warning',
  'process/attached-current-process': 'warning',
  'alloc/paged-at-dispatch': 'error',
};

export interface RuleEnv {
  /**
   * The analysed workspace. Source text (for quick fixes and facts the summaries lack) is read
   * through a TextMemo on `analysis.texts`, so that an analysis after an edit reads only the
   * edited file again (irql/sourceText.ts).
   */
  analysis: IrqlAnalysis;
  settings: StackLensSettings;
  emit(f: Omit<Finding, 'severity'>): void;
}

export function fnLabel(fn: FnState): string {
  return `\`${fn.decl.qualifiedName}\``;
}

/** `line 42` (1-based) for messages. */
export function at(range: Range | undefined): string {
  return range ? `line ${range.start.line + 1}` : '';
}

/** "at PASSIVE_LEVEL" / "at or below DISPATCH_LEVEL". */
export function limitText(max: number): string {
  return max === 0 ? 'at PASSIVE_LEVEL' : `at or below ${levelName(max)}`;
}

/** Where the IRQL at a call comes from, as a message clause and related locations. */
export function irqlOrigin(fn: FnState, raisedBy: Held | null, entrySources: readonly IrqlSource[]): { clause: string; related: RelatedInfo[] } {
  if (raisedBy) {
    const call = fn.decl.calls[raisedBy.call];
    return {
      clause: `\`${raisedBy.name}\` raised it at ${at(call?.range)}`,
      related: call ? [{ file: fn.decl.file, range: call.range, message: `IRQL raised to ${levelName(raisedBy.level)} here by ${raisedBy.name}` }] : [],
    };
  }
  const src = entrySources[0];
  const related: RelatedInfo[] = [];
  for (const s of entrySources.slice(0, 3)) {
    related.push({ file: s.file ?? fn.decl.file, range: s.range ?? fn.decl.nameRange, message: `${fn.decl.qualifiedName} runs here: ${s.text}` });
  }
  return { clause: src ? `${fn.decl.qualifiedName} is ${src.text}` : `${fn.decl.qualifiedName}'s entry IRQL`, related };
}

/** `A → B → ZwCreateFile` and a related location per call in the chain (skipping the first, which is the finding itself). */
export function chainInfo(steps: readonly ChainStep[], terminalName: string): { text: string; related: RelatedInfo[] } {
  const names: string[] = [];
  const related: RelatedInfo[] = [];
  steps.forEach((s, i) => {
    if (i > 0) names.push(s.name);
    const calleeName = i + 1 < steps.length ? steps[i + 1].name : terminalName;
    if (i > 0) related.push({ file: s.file, range: s.call.range, message: `${s.name} calls ${calleeName} here` });
  });
  names.push(terminalName);
  return { text: names.join(' → '), related };
}

// Line-start tables of the texts rules look at, so position ↔ offset is O(1) / O(log n). Keyed
// by the text itself, so they are dropped after each run (forgetLineTables) rather than keeping
// source texts alive between analyses.
const LINE_TABLES = new Map<string, Int32Array>();
const MAX_LINE_TABLES = 32;

/** Drops the line tables (and with them the texts they are keyed by). */
export function forgetLineTables(): void {
  LINE_TABLES.clear();
}

function lineStarts(text: string): Int32Array {
  let t = LINE_TABLES.get(text);
  if (t) return t;
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  t = Int32Array.from(starts);
  if (LINE_TABLES.size >= MAX_LINE_TABLES) LINE_TABLES.delete(LINE_TABLES.keys().next().value as string);
  LINE_TABLES.set(text, t);
  return t;
}

/** Offset of a 0-based position in text (LSP positions: UTF-16 columns, which JS strings use). */
export function offsetOf(text: string, pos: Pos): number {
  const starts = lineStarts(text);
  if (pos.line >= starts.length) return text.length;
  return Math.min(starts[Math.max(0, pos.line)] + pos.column, text.length);
}

export function posOf(text: string, offset: number): Pos {
  const starts = lineStarts(text);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, column: offset - starts[lo] };
}

/**
 * Ranges of the top-level arguments of the call written at `callRange` (found in the text, so
 * comments and nested parentheses are respected). null when the text does not look like the call.
 */
export function argumentRanges(text: string, callRange: Range): Range[] | null {
  const start = offsetOf(text, callRange.start);
  const end = offsetOf(text, callRange.end);
  const open = text.indexOf('(', start);
  if (open < 0 || open >= end) return null;
  const out: Range[] = [];
  let depth = 0;
  let argStart = open + 1;
  for (let i = open; i < end && i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? end : nl;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      for (i++; i < end && text[i] !== c; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        out.push(trimRange(text, argStart, i));
        return out;
      }
    } else if (c === ',' && depth === 1) {
      out.push(trimRange(text, argStart, i));
      argStart = i + 1;
    }
  }
  return null;
}

function trimRange(text: string, from: number, to: number): Range {
  let a = from;
  let b = to;
  while (a < b && /\s/.test(text[a])) a++;
  while (b > a && /\s/.test(text[b - 1])) b--;
  return { start: posOf(text, a), end: posOf(text, b) };
}

export function textAt(text: string, r: Range): string {
  return text.slice(offsetOf(text, r.start), offsetOf(text, r.end));
}

/** Leading whitespace of the line holding `pos`. */
export function indentOfLine(text: string, line: number): string {
  const start = offsetOf(text, { line, column: 0 });
  const m = /^[ \t]*/.exec(text.slice(start, start + 200));
  return m ? m[0] : '';
}

/** The "suppress on this line" fix: a `// stacklens-ignore <rule>` comment above the line. */
export function suppressionFix(file: string, text: string | undefined, line: number, rule: string): QuickFix | null {
  if (text === undefined) return null;
  const indent = indentOfLine(text, line);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    title: `Suppress ${rule} on this line`,
    edits: [{ file, range: { start: { line, column: 0 }, end: { line, column: 0 } }, newText: `${indent}// stacklens-ignore ${rule}${eol}` }],
  };
}
