// Per-line facts kept for every indexed file instead of its text (one byte per line): the
// indentation and whether the line continues a macro (`\` at the end of the previous line).
// The generic "suppress" quick fix needs them to insert a comment line that keeps the code's
// indentation and never lands inside a multi-line #define. Line start offsets are not kept: only
// an incremental edit needs them, and it has the old text to compute them from (5.5 MB on
// Windows-driver-samples' 1.37 M lines, for the few files being edited).

import { hasLoneCr } from './parse/positions';

export interface LineInfo {
  /** Per line: bits 0-5 indentation width (capped at 63), bit 6 = indented with tabs, bit 7 = ends with `\`. */
  lines: Uint8Array;
  eol: '\n' | '\r\n';
  /** The text has a lone `\r` line break (old Mac): `\n`-based line numbers would be wrong. */
  loneCr: boolean;
}

const TAB = 0x40;
const CONTINUES = 0x80;

export function computeLineInfo(text: string): LineInfo {
  // Count lines first so the array is allocated once.
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const lines = new Uint8Array(count);
  let line = 0;
  let pos = 0;
  let crlf = 0;
  let lf = 0;
  while (line < count) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let width = 0;
    let tabs = false;
    let i = pos;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 32) width++;
      else if (c === 9) {
        width++;
        tabs = true;
      } else break;
    }
    let last = end - 1;
    if (last >= pos && text.charCodeAt(last) === 13) {
      last--;
      crlf++;
    } else if (end < text.length) lf++;
    while (last >= pos && (text.charCodeAt(last) === 32 || text.charCodeAt(last) === 9)) last--;
    const continues = last >= pos && text.charCodeAt(last) === 92;
    lines[line] = Math.min(width, 63) | (tabs ? TAB : 0) | (continues ? CONTINUES : 0);
    line++;
    pos = end + 1;
  }
  const loneCr = hasLoneCr(text);
  return { lines, eol: crlf > lf ? '\r\n' : '\n', loneCr };
}

/** The leading whitespace of `line` (reconstructed: tabs or spaces). */
export function indentationOf(info: LineInfo, line: number): string {
  const b = info.lines[line] ?? 0;
  return ((b & TAB) !== 0 ? '\t' : ' ').repeat(b & 0x3f);
}

/** True when `line` is the continuation of a line ending in `\` (inside a multi-line macro). */
export function isContinuationLine(info: LineInfo, line: number): boolean {
  return line > 0 && ((info.lines[line - 1] ?? 0) & CONTINUES) !== 0;
}
