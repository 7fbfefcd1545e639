// The editor's fast path: an edit confined to one function body re-summarises only that
// function. Parsing and summarising a 5,000-line file costs far more than the 50 ms the editor
// has after a keystroke; a body edit cannot change anything outside the body, so the new summary
// is the old one with that function replaced and later positions shifted.
//
// The function is re-parsed alone, at its own line and column (the text before it replaced by
// line breaks), so every position it reports is already right. The fast path is refused — and
// the caller parses the whole file — whenever the edit could reach outside the body:
//  - it is not strictly inside one definition's braces;
//  - the old or new function text has a preprocessor line, unbalanced braces, an unterminated
//    comment/string, or a brace that closes the body early (typing `}` or `/*`);
//  - the function is under a conditional (`cond`), or a type/define/pragma is declared inside it;
//  - the re-parse does not yield exactly that one function, or it has syntax errors (or the old
//    function or a neighbour had some): tree-sitter's error recovery in the whole file can
//    spill into neighbouring functions, so only a full parse is exact then.
// Tests compare the spliced summary with a full parse for many random edits.

import type { FileSummary, FunctionDecl, Pos, Range, SlotAssignment } from './model';
import { fnv1a } from './parse/hash';
import { CompactRange, hasLoneCr, startsAfterLf } from './parse/positions';

/** The position of `offset`, given the line start offsets `s` of its text (startsAfterLf). */
function posAt(s: Int32Array, offset: number): Pos {
  let lo = 0;
  let hi = s.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, column: offset - s[lo] };
}

/** First index where two strings differ, comparing in blocks first (a keystroke changes one spot of a long text). */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let block = 8192; block >= 64; block >>= 3) {
    while (i + block <= n && a.substring(i, i + block) === b.substring(i, i + block)) i += block;
  }
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of two strings, not reaching below `floor` in either. */
function commonSuffix(a: string, b: string, floor: number): number {
  let k = 0;
  const max = Math.min(a.length, b.length) - floor;
  for (let block = 8192; block >= 64; block >>= 3) {
    while (k + block <= max && a.substring(a.length - k - block, a.length - k) === b.substring(b.length - k - block, b.length - k)) k += block;
  }
  while (k < max && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
  return k;
}

/** How a splice went, for stats and tests. */
export type SpliceOutcome = 'spliced' | 'no-change' | 'refused';

function offsetOf(starts: Int32Array, p: Pos): number {
  return starts[Math.max(0, Math.min(p.line, starts.length - 1))] + p.column;
}

function before(a: Pos, b: Pos): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

/**
 * Checks a function's text: balanced braces closing exactly at the end, no preprocessor line,
 * no comment or string left open. Returns false when a body edit could leak out.
 */
export function isSelfContainedBody(text: string, bodyStart: number): boolean {
  let depth = 0;
  let lineStart = true;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lineStart = true;
      continue;
    }
    if (c === 32 || c === 9) continue;
    if (lineStart && c === 35 /* # */) return false;
    lineStart = false;
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      // Line comment: to the end of the line (a trailing backslash continues it: refuse).
      let e = i + 2;
      while (e < n && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) e++;
      if (text.charCodeAt(e - 1) === 92) return false;
      i = e - 1;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const e = text.indexOf('*/', i + 2);
      if (e < 0) return false;
      i = e + 1;
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      let e = i + 1;
      for (; e < n; e++) {
        const d = text.charCodeAt(e);
        if (d === 92) {
          e++;
          continue;
        }
        if (d === c) break;
        if (d === 10 || d === 13) return false;
      }
      if (e >= n) return false;
      i = e;
      continue;
    }
    if (i < bodyStart) continue;
    if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */) {
      depth--;
      if (depth < 0) return false;
      if (depth === 0 && text.slice(i + 1).trim() !== '') return false;
    }
  }
  return depth === 0;
}

/** A position transform for everything at or after the old end of the edited function. */
function makeShift(oldEnd: Pos, newEnd: Pos): (p: Pos) => Pos {
  const delta = newEnd.line - oldEnd.line;
  return (p: Pos): Pos => {
    if (p.line > oldEnd.line) return delta === 0 ? p : { line: p.line + delta, column: p.column };
    if (p.line === oldEnd.line && p.column >= oldEnd.column) return { line: newEnd.line, column: newEnd.column + (p.column - oldEnd.column) };
    return p;
  };
}

/** Deep copy of plain summary data with every `{line, column}` position transformed. */
function shiftDeep<T>(value: T, shift: (p: Pos) => Pos, depth = 0): T {
  if (depth > 200 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => shiftDeep(v, shift, depth + 1)) as T;
  if (value instanceof CompactRange) return CompactRange.of(shift(value.start), shift(value.end)) as T;
  const obj = value as Record<string, unknown>;
  if (typeof obj.line === 'number' && typeof obj.column === 'number' && Object.keys(obj).length === 2) return shift(obj as unknown as Pos) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) out[k] = shiftDeep(obj[k], shift, depth + 1);
  return out as T;
}

function rangeAfter(r: Range, end: Pos): boolean {
  return !before(r.start, end);
}

/** Share of definitions with parse errors, as the extractor computes it. */
function errorShare(functions: readonly FunctionDecl[]): number {
  let defs = 0;
  let errors = 0;
  for (const f of functions) {
    if (!f.isDefinition) continue;
    defs++;
    if (f.hasParseErrors) errors++;
  }
  return defs === 0 ? 0 : errors / defs;
}

/**
 * The new summary after `oldText` → `newText`, or null when the edit is not confined to one
 * function body (the caller then parses the whole file). `parse` summarises a text of the same
 * file (the engine's parser with its settings).
 */
export function spliceFunctionEdit(
  oldText: string,
  newText: string,
  old: FileSummary,
  parse: (text: string) => FileSummary,
): FileSummary | null {
  if (old.skipped || oldText === newText) return null;
  // Lone CR line breaks: the parser counts them as lines, `\n`-based offsets would not.
  if (hasLoneCr(oldText) || hasLoneCr(newText)) return null;
  // 1. The changed region: common prefix and suffix.
  const a = commonPrefix(oldText, newText);
  const suffix = commonSuffix(oldText, newText, a);
  const so = oldText.length - suffix;
  const sn = newText.length - suffix;
  const oldLines = startsAfterLf(oldText);
  const start = posAt(oldLines, a);
  const endOld = posAt(oldLines, so);

  // 2. The one definition whose body strictly contains the change.
  let target: FunctionDecl | null = null;
  for (const f of old.functions) {
    if (!f.isDefinition) continue;
    if (before(f.nameRange.end, start) && before(endOld, f.range.end)) {
      if (target) return null; // nested definitions (lambdas, local classes): not handled
      target = f;
    }
  }
  if (!target || target.cond) return null;
  // tree-sitter's error recovery in the whole file can spill from a broken body into its
  // neighbours: when the old function or a neighbour had errors, only a full parse is exact.
  {
    const defs = old.functions.filter((f) => f.isDefinition);
    const k = defs.indexOf(target);
    if ([defs[k - 1], target, defs[k + 1]].some((f) => f?.hasParseErrors)) return null;
  }
  const fnStart = offsetOf(oldLines, target.range.start);
  const fnEndOld = offsetOf(oldLines, target.range.end);
  const nameEnd = offsetOf(oldLines, target.nameRange.end);
  const bodyOpen = oldText.indexOf('{', nameEnd);
  if (bodyOpen < 0 || bodyOpen >= a || so >= fnEndOld) return null;
  const fnEndNew = fnEndOld + (sn - so);
  const oldFn = oldText.slice(fnStart, fnEndOld);
  const newFn = newText.slice(fnStart, fnEndNew);
  const bodyRel = bodyOpen - fnStart;
  if (!isSelfContainedBody(oldFn, bodyRel) || !isSelfContainedBody(newFn, bodyRel)) return null;

  // 3. Nothing but the function itself may be declared inside its range.
  const inside = (r: Range): boolean => !before(r.start, target!.range.start) && before(r.start, target!.range.end);
  const insideLine = (line: number): boolean => line >= target!.range.start.line && line <= target!.range.end.line;
  if (old.records.some((r) => inside(r.range)) || old.typedefs.some((t) => inside(t.range)) || old.enums.some((e) => inside(e.range))) return null;
  if (old.defines.some((d) => insideLine(d.line)) || old.allocText.some((p) => insideLine(p.line)) || old.codeSeg.some((c) => insideLine(c.line))) return null;
  // A suppression comment on the closing line may sit after the `}`, outside the re-parsed text.
  if (old.suppressions.some((x) => x.line === target!.range.end.line && x.line !== target!.range.start.line)) return null;

  // 4. Re-parse the function alone, then move what it reports to the function's place.
  const L = target.range.start.line;
  const C = target.range.start.column;
  const toPlace = (p: Pos): Pos => (p.line === 0 ? { line: L, column: p.column + C } : { line: p.line + L, column: p.column });
  const parsed = parse(newFn);
  if (parsed.skipped) return null;
  const defs = parsed.functions.filter((f) => f.isDefinition);
  if (defs.length !== 1 || defs[0].name !== target.name) return null;
  const nf = shiftDeep(defs[0], toPlace);
  const window = {
    slotAssignments: shiftDeep(parsed.slotAssignments, toPlace),
    suppressions: parsed.suppressions.map((x) => ({ ...x, line: x.line + L })),
  };
  // A body that no longer parses cleanly could be recovered differently in the whole file.
  if (nf.hasParseErrors) return null;
  if (nf.range.start.line !== target.range.start.line || nf.range.start.column !== target.range.start.column) return null;
  // The definition must still span the whole text up to its closing brace (error recovery may end it earlier).
  const fnLines = startsAfterLf(newFn);
  const expectedEnd = toPlace(posAt(fnLines, newFn.length));
  if (nf.range.end.line !== expectedEnd.line || nf.range.end.column !== expectedEnd.column) return null;
  const merged: FunctionDecl = {
    ...nf,
    name: target.name,
    qualifiedName: target.qualifiedName,
    file: target.file,
    isMethod: target.isMethod,
    isStatic: target.isStatic,
    annotations: target.annotations,
    nameRange: target.nameRange,
    params: target.params,
    returnType: target.returnType,
    variadic: target.variadic,
  };
  if (target.roleTypedef !== undefined) merged.roleTypedef = target.roleTypedef;
  else delete merged.roleTypedef;
  if (target.cond !== undefined) merged.cond = target.cond;
  else delete merged.cond;

  // 5. Everything after the function moves with its end.
  const shift = makeShift(target.range.end, nf.range.end);
  const oldEnd = target.range.end;
  // Most keystrokes keep the line count: then nothing after the function moves and nothing is copied.
  const unmoved = nf.range.end.line === oldEnd.line && nf.range.end.column === oldEnd.column;
  const after = <T extends { range: Range }>(x: T): T => (!unmoved && rangeAfter(x.range, oldEnd) ? shiftDeep(x, shift) : x);
  const afterLine = <T extends { line: number }>(x: T): T => (x.line > oldEnd.line ? { ...x, line: x.line + (nf.range.end.line - oldEnd.line) } : x);
  const functions = old.functions.map((f) => (f === target ? merged : after(f)));
  const slotAssignments: SlotAssignment[] = [
    ...old.slotAssignments.filter((s) => !inside(s.range)).map(after),
    ...window.slotAssignments,
  ].sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.column - y.range.start.column);
  const suppressions = [
    ...old.suppressions.filter((s) => !insideLine(s.line) || s.line === target!.range.start.line).map((s) => afterLine(s)),
    ...window.suppressions.filter((s) => s.line > target!.range.start.line),
  ].sort((x, y) => x.line - y.line);
  const lineCount = old.lineCount + (nf.range.end.line - oldEnd.line);
  return {
    ...old,
    hash: fnv1a(newText),
    lineCount,
    records: old.records.map(after),
    typedefs: old.typedefs.map(after),
    enums: old.enums.map(after),
    defines: old.defines.map(afterLine),
    functions,
    slotAssignments,
    allocText: old.allocText.map(afterLine),
    codeSeg: old.codeSeg.map(afterLine),
    suppressions,
    parseErrorFunctions: errorShare(functions),
  };
}
