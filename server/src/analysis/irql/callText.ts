// Small readings of the source text around a function the summaries do not record: the
// declaration specifiers written before a definition (macros that place it in a section), and
// whether the value of an acquiring call is used (a try-acquire in disguise).

import type { CallSite, FunctionDecl } from '../model';

/** The two lines before a definition and its text up to the name: where declaration specifiers sit. */
export function declarationPrefix(text: string | undefined, fn: FunctionDecl): string {
  if (text === undefined) return '';
  const lines: string[] = [];
  let from = 0;
  let line = 0;
  const first = Math.max(0, fn.range.start.line - 2);
  while (line < first) {
    const nl = text.indexOf('\n', from);
    if (nl < 0) return '';
    from = nl + 1;
    line++;
  }
  let to = from;
  for (let l = first; l <= fn.nameRange.start.line; l++) {
    const nl = text.indexOf('\n', to);
    if (nl < 0) {
      to = text.length;
      break;
    }
    lines.push(text.slice(to, l === fn.nameRange.start.line ? to + fn.nameRange.start.column : nl));
    to = nl + 1;
  }
  // Stop at the end of a previous statement or block: its tokens are not ours.
  const joined = lines.join('\n');
  const cut = Math.max(joined.lastIndexOf(';'), joined.lastIndexOf('}'), joined.lastIndexOf('{'));
  return cut >= 0 ? joined.slice(cut + 1) : joined;
}

/** Acquires that return whether they succeeded (used when the source text is not available). */
const STATUS_ACQUIRES = /^(ExAcquireResource\w*Lite|ExAcquireShared\w*|WdfWaitLockAcquire|IoAcquireRemoveLock\w*|ExAcquireRundownProtection\w*|FltAcquire\w*)$/;

/**
 * The call's value is used (`if (!Acquire(...))`, `status = Acquire(...)`, `return Acquire(...)`):
 * read from the characters before the call in the source. Without text: a list of acquires that
 * return a status. `starts`: line-start offsets of `src`.
 */
export function resultUsed(src: string | undefined, starts: Int32Array | undefined, call: CallSite): boolean {
  if (src === undefined || starts === undefined) return call.calleeName !== null && STATUS_ACQUIRES.test(call.calleeName);
  const line = call.range.start.line;
  const off = line >= 0 && line < starts.length ? starts[line] : -1;
  if (off < 0) return false;
  let k = off + call.range.start.column - 1;
  while (k >= 0 && /\s/.test(src[k])) k--;
  if (k < 0) return false;
  const c = src[k];
  if (c === ')') {
    // `if (x) Acquire(...);` is a statement; `(VOID)Acquire(...)` discards the value; another
    // cast uses it.
    let depth = 0;
    let open = k;
    for (; open >= 0 && k - open < 2000; open--) {
      if (src[open] === ')') depth++;
      else if (src[open] === '(' && --depth === 0) break;
    }
    if (open < 0 || depth !== 0) return false;
    if (/\b(if|while|for|switch)\s*$/.test(src.slice(Math.max(0, open - 12), open))) return false;
    return !/^\(\s*(VOID|void)\s*\)$/.test(src.slice(open, k + 1));
  }
  if ('(!=,&|?:'.includes(c)) return true;
  return /\breturn$/.test(src.slice(Math.max(0, k - 6), k + 1));
}
