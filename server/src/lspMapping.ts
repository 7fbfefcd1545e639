// Maps the analysis' plain-data findings onto LSP types.

import { DiagnosticSeverity, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Finding, Severity, TextEdit } from './analysis/results';
import type { Pos, Range } from './analysis/model';
import { ruleHelpUri } from './analysis/rules/ruleInfo';
import { pathToUri } from './uri';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};


function keyToUri(key: string): string {
  return key.includes('://') || key.startsWith('untitled:') ? key : pathToUri(key);
}

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** The analysis uses {line, column}; LSP uses {line, character}. Both are 0-based UTF-16. */
export function toLspRange(r: Range): LspRange {
  return { start: { line: r.start.line, character: r.start.column }, end: { line: r.end.line, character: r.end.column } };
}

export function fromLspPosition(p: { line: number; character: number }): Pos {
  return { line: p.line, column: p.character };
}

export function toLspDiagnostic(f: Finding): Diagnostic {
  return {
    range: toLspRange(f.range),
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: ruleHelpUri(f.rule) },
    source: 'stacklens',
    message: f.message,
    relatedInformation: f.related.map((r) => ({ location: { uri: keyToUri(r.file), range: toLspRange(r.range) }, message: r.message })),
  };
}

export function findingMatchesDiagnostic(f: Finding, d: Diagnostic): boolean {
  return (
    d.code === f.rule &&
    d.range.start.line === f.range.start.line &&
    d.range.start.character === f.range.start.column &&
    d.range.end.line === f.range.end.line &&
    d.range.end.character === f.range.end.column
  );
}

export function toWorkspaceEdit(edits: TextEdit[], toUri: (key: string) => string): WorkspaceEdit {
  const changes: Record<string, { range: LspRange; newText: string }[]> = {};
  for (const e of edits) (changes[toUri(e.file)] ??= []).push({ range: toLspRange(e.range), newText: e.newText });
  return { changes };
}
