// paging/missing-paged-code (PREfast C28170) and paging/not-in-page-section (C28172).
//
// missing-paged-code: a function placed in a PAGE* section without PAGED_CODE() at the top of
// its body. PAGED_CODE() asserts IRQL <= APC_LEVEL in checked builds and under Driver Verifier,
// which turns "sometimes crashes when the page happens to be out" into a deterministic failure.
// Quick fix: insert `PAGED_CODE();` as the first statement (after the leading declarations, with
// the indentation of the statement it precedes).
//
// not-in-page-section: PAGED_CODE() in a function that is not in a PAGE* section: either the
// pragma was forgotten (the function stays resident: wasted non-paged memory) or the function
// changed from paged to non-paged and the assertion now lies.

import type { FunctionDecl } from '../../model';
import type { Finding, QuickFix } from '../../results';
import type { FnState } from '../../irql/analyze';
import type { Pageability } from '../../irql/pageable';
import { TextMemo } from '../../irql/sourceText';
import { indentOfLine, offsetOf, posOf, type RuleEnv } from './common';

/** The missing-PAGED_CODE finding depends only on the declaration, its pageability and its text (for the fix). */
const MISSING = new TextMemo<{ paging: Pageability; finding: Omit<Finding, 'severity'> }>();

export function checkPagingSection(env: RuleEnv, fn: FnState): void {
  const p = fn.paging;
  if (p.pageable && !p.pagedCode) {
    const memo = MISSING.get(fn.summary, fn.decl, env.analysis.texts, (read) => ({ paging: p, finding: missingPagedCode(fn, p, read()) }), (v) => v.paging === p);
    env.emit(memo.finding);
  } else if (!p.pageable && p.pagedCodeAnywhere && !p.initSection) {
    // INIT code (discarded after initialisation, run at PASSIVE_LEVEL) asserting PAGED_CODE() is
    // harmless and common (DriverEntry): not reported.
    env.emit({
      rule: 'paging/not-in-page-section',
      file: fn.decl.file,
      range: p.pagedCodeRange ?? fn.decl.nameRange,
      message: `\`${fn.decl.qualifiedName}\` calls PAGED_CODE() but is not placed in a PAGE section (no #pragma alloc_text(PAGE, ${fn.decl.name}) and no #pragma code_seg("PAGE") around it): the function stays resident, or the assertion is stale.`,
      related: [],
      fixes: [],
    });
  }
}

function missingPagedCode(fn: FnState, p: Pageability, text: string | undefined): Omit<Finding, 'severity'> {
  const fix = text !== undefined ? insertPagedCodeFix(text, fn.decl) : null;
  return {
    rule: 'paging/missing-paged-code',
    file: fn.decl.file,
    range: fn.decl.nameRange,
    message: `\`${fn.decl.qualifiedName}\` is in a pageable section (${p.reason}) but does not start with PAGED_CODE(), so running it at DISPATCH_LEVEL is not caught by the checked build or Driver Verifier.`,
    related:
      p.line !== undefined
        ? [{ file: fn.decl.file, range: { start: { line: p.line, column: 0 }, end: { line: p.line, column: 0 } }, message: `placed in a pageable section here: ${p.reason}` }]
        : [],
    fixes: fix ? [fix] : [],
  };
}

/** Skips whitespace and comments from `i`; returns the next significant offset. */
function skipTrivia(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? end : nl + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 2;
    } else break;
  }
  return i;
}

/** End offset (exclusive) of the simple statement starting at `i`, or -1 for a compound one / preprocessor line. */
function statementEnd(text: string, i: number, end: number): number {
  if (text[i] === '#') return -1;
  let depth = 0;
  for (let j = i; j < end; j++) {
    const c = text[j];
    if (c === '/' && text[j + 1] === '/') {
      const nl = text.indexOf('\n', j);
      j = nl < 0 ? end : nl;
    } else if (c === '/' && text[j + 1] === '*') {
      const close = text.indexOf('*/', j + 2);
      j = close < 0 ? end : close + 1;
    } else if (c === '"' || c === "'") {
      for (j++; j < end && text[j] !== c; j++) if (text[j] === '\\') j++;
    } else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '{') {
      if (depth === 0) {
        // An initialiser list `= { 0 }` belongs to a declaration; a block starts a compound statement.
        const before = text.slice(i, j).trimEnd();
        if (!before.endsWith('=')) return -1;
        const close = matchBrace(text, j, end);
        if (close < 0) return -1;
        j = close;
      }
    } else if (c === ';' && depth === 0) return j + 1;
  }
  return -1;
}

function matchBrace(text: string, open: number, end: number): number {
  let depth = 0;
  for (let j = open; j < end; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/** The offset of the body's `{`: the first brace at parenthesis depth 0 after the name. */
function bodyOpen(text: string, decl: FunctionDecl): number {
  const from = offsetOf(text, decl.nameRange.end);
  const to = offsetOf(text, decl.range.end);
  let depth = 0;
  for (let i = skipTrivia(text, from, to); i < to; i = skipTrivia(text, i + 1, to)) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '{' && depth === 0) return i;
  }
  return -1;
}

export function insertPagedCodeFix(text: string, decl: FunctionDecl): QuickFix | null {
  const open = bodyOpen(text, decl);
  if (open < 0) return null;
  const close = offsetOf(text, decl.range.end) - 1;
  if (text[close] !== '}') return null;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const localStarts = decl.locals.map((l) => offsetOf(text, l.range.start));
  let i = skipTrivia(text, open + 1, close);
  let lastDeclEnd = -1;
  while (i < close) {
    const e = statementEnd(text, i, close);
    if (e < 0) break;
    const isDecl = localStarts.some((s) => s >= i && s < e);
    if (!isDecl) break;
    lastDeclEnd = e;
    i = skipTrivia(text, e, close);
  }
  // `i` is the first statement after the declarations (or the closing brace).
  const pos = posOf(text, i);
  const lineStart = offsetOf(text, { line: pos.line, column: 0 });
  const startsLine = /^[ \t]*$/.test(text.slice(lineStart, i));
  let insertAt: number;
  let newText: string;
  if (startsLine && i < close) {
    const indent = indentOfLine(text, pos.line);
    const prevLineBlank = pos.line > 0 && /^[ \t]*\r?$/.test(lineText(text, pos.line - 1));
    insertAt = lineStart;
    newText = `${indent}PAGED_CODE();${eol}${prevLineBlank || lastDeclEnd < 0 ? eol : ''}`;
  } else if (startsLine && i === close) {
    // Only declarations (or nothing): add it before the closing brace, one level in.
    const braceIndent = indentOfLine(text, pos.line);
    const declLine = lastDeclEnd >= 0 ? posOf(text, lastDeclEnd).line : -1;
    const indent = declLine >= 0 ? indentOfLine(text, declLine) : `${braceIndent}    `;
    insertAt = lineStart;
    newText = `${lastDeclEnd >= 0 ? eol : ''}${indent}PAGED_CODE();${eol}`;
  } else {
    insertAt = i;
    newText = 'PAGED_CODE(); ';
  }
  const at = posOf(text, insertAt);
  return {
    title: 'Insert PAGED_CODE();',
    preferred: true,
    edits: [{ file: decl.file, range: { start: at, end: at }, newText }],
  };
}

function lineText(text: string, line: number): string {
  const s = offsetOf(text, { line, column: 0 });
  const nl = text.indexOf('\n', s);
  return text.slice(s, nl < 0 ? text.length : nl);
}
