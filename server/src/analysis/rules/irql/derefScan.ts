// Dereferences of named pointers inside one function body, found in the source text.
//
// The summary's `accesses` deliberately omit `p->f` when p is a plain identifier (recording every
// `Ext->Field` would bloat summaries), but two rules need exactly those for a few names: the
// user-buffer aliases (mem/user-buffer-no-try) and the mapped address of a locked MDL
// (mem/lock-pages-access). When the text is available this scanner finds `p->f`, `p[i]` and `*p`
// for the given names, with read/write and whether the site is inside a `__try` block.
// Comments and literals are blanked first so they cannot match.

import type { FunctionDecl, Range } from '../../model';
import { offsetOf, posOf } from './common';

export interface DerefSite {
  name: string;
  expr: string;
  kind: 'read' | 'write';
  inTry: boolean;
  range: Range;
}

/**
 * Replaces comments and string/char literals by spaces (same length, newlines kept; an escaped
 * line break inside a literal is blanked too). Built from slices rather than char by char: it
 * runs over every function body the user-buffer rule looks at.
 */
export function blankCommentsAndLiterals(s: string): string {
  const n = s.length;
  let out = '';
  let last = 0;
  const blank = (from: number, to: number, keepNewlines: boolean): void => {
    out += s.slice(last, from);
    out += keepNewlines ? s.slice(from, to).replace(/[^\n]/g, ' ') : ' '.repeat(to - from);
    last = to;
  };
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 47 /* / */ && s.charCodeAt(i + 1) === 47) {
      const from = i;
      while (i < n && s.charCodeAt(i) !== 10) i++;
      blank(from, i, false); // the line break itself is kept
    } else if (c === 47 && s.charCodeAt(i + 1) === 42 /* * */) {
      const from = i;
      for (i += 2; i < n && !(s.charCodeAt(i) === 42 && s.charCodeAt(i + 1) === 47); i++);
      if (i < n) i++; // onto the closing `/`
      blank(from, Math.min(i + 1, n), true);
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      const from = i + 1;
      for (i++; i < n && s.charCodeAt(i) !== c && s.charCodeAt(i) !== 10; i++) if (s.charCodeAt(i) === 92 /* \\ */ && i + 1 < n) i++;
      blank(from, Math.min(i, n), false);
    }
  }
  return last === 0 ? s : out + s.slice(last);
}

function matchClose(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return s.length;
}

/** `->f`, `.f`, `[...]` chains after `from`; returns the end offset. */
function postfixEnd(s: string, from: number): number {
  let i = from;
  for (;;) {
    let j = i;
    while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j++;
    if (s.startsWith('->', j) || s[j] === '.') {
      j += s[j] === '.' ? 1 : 2;
      while (j < s.length && /\s/.test(s[j])) j++;
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(j, j + 200));
      if (!m) return i;
      i = j + m[0].length;
    } else if (s[j] === '[') {
      let depth = 0;
      for (; j < s.length; j++) {
        if (s[j] === '[') depth++;
        else if (s[j] === ']' && --depth === 0) break;
      }
      i = j + 1;
    } else return i;
  }
}

function isWriteAfter(s: string, end: number): boolean {
  let j = end;
  while (j < s.length && /\s/.test(s[j])) j++;
  if (s[j] === '=' && s[j + 1] !== '=') return true;
  if (/^(\+\+|--|\+=|-=|\*=|\/=|%=|&=|\|=|\^=|<<=|>>=)/.test(s.slice(j, j + 3))) return true;
  return false;
}

/**
 * Bodies of `__try { }` blocks that have an `__except` handler, as offsets into `body` (comments and
 * literals already blanked). `try`/`except` without underscores count too: excpt.h defines them
 * as `__try`/`__except` for C (fastfat, cdfs and classpnp use them). `__try/__finally` does not
 * catch anything and is not counted.
 */
export function exceptBlocks(body: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of body.matchAll(/(?<![A-Za-z0-9_])(__try|_try|try)\s*\{/g)) {
    const open = m.index! + m[0].length - 1;
    const close = matchClose(body, open);
    let j = close + 1;
    // Skip whitespace and preprocessor lines (`#pragma warning(suppress: 6320)`).
    for (;;) {
      while (j < body.length && /\s/.test(body[j])) j++;
      if (body[j] === '#') {
        const nl = body.indexOf('\n', j);
        j = nl < 0 ? body.length : nl + 1;
        continue;
      }
      break;
    }
    if (/^(__except|_except|except)\s*\(/.test(body.slice(j, j + 20))) out.push([open, close]);
  }
  return out;
}

/** SEH-protected ranges (`__try { } __except`) of one function, as offsets into `text`. */
export function sehProtectedRanges(text: string, decl: FunctionDecl): [number, number][] {
  const start = offsetOf(text, decl.range.start);
  const end = offsetOf(text, decl.range.end);
  if (end <= start || end - start > 2_000_000) return [];
  const body = blankCommentsAndLiterals(text.slice(start, end));
  return exceptBlocks(body).map(([a, b]) => [a + start, b + start] as [number, number]);
}

/** Dereference sites of `names` in the body of `decl` (empty when the body is not in `text`). */
export function derefSites(text: string, decl: FunctionDecl, names: ReadonlySet<string>): DerefSite[] {
  if (names.size === 0) return [];
  const start = offsetOf(text, decl.range.start);
  const end = offsetOf(text, decl.range.end);
  if (end <= start || end - start > 2_000_000) return [];
  const body = blankCommentsAndLiterals(text.slice(start, end));
  const tries = exceptBlocks(body);
  const out: DerefSite[] = [];
  const alternation = [...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const re = new RegExp(`(?<![A-Za-z0-9_])(${alternation})(?![A-Za-z0-9_])`, 'g');
  for (const m of body.matchAll(re)) {
    const at = m.index!;
    const name = m[1];
    let k = at - 1;
    while (k >= 0 && /\s/.test(body[k])) k--;
    // Skip member names (`x.name`, `x->name`) and declarations of the name itself.
    if (body[k] === '.' || (body[k] === '>' && body[k - 1] === '-')) continue;
    const after = at + name.length;
    let j = after;
    while (j < body.length && (body[j] === ' ' || body[j] === '\t')) j++;
    let derefStart = at;
    let derefEnd: number;
    if (body.startsWith('->', j) || body[j] === '[') {
      derefEnd = postfixEnd(body, after);
      // `&p->f` / `&p[i]`: address arithmetic, not an access.
      if (body[k] === '&' && body[k - 1] !== '&') continue;
    } else if (body[k] === '*' && unaryStar(body, k)) {
      derefStart = k;
      derefEnd = after;
    } else continue;
    const inTry = tries.some(([a, b]) => at > a && at < b);
    out.push({
      name,
      expr: text.slice(start + derefStart, start + derefEnd).replace(/\s+/g, ' ').slice(0, 120),
      kind: isWriteAfter(body, derefEnd) ? 'write' : 'read',
      inTry,
      range: { start: posOf(text, start + derefStart), end: posOf(text, start + derefEnd) },
    });
    if (out.length > 500) break;
  }
  return out;
}

/** The `*` at `star` is a dereference, not a multiplication or a declarator. */
function unaryStar(s: string, star: number): boolean {
  let k = star - 1;
  while (k >= 0 && /\s/.test(s[k])) k--;
  if (k < 0) return true;
  if (/[)\]]/.test(s[k])) return false;
  if (/[A-Za-z0-9_]/.test(s[k])) {
    let w = k;
    while (w >= 0 && /[A-Za-z0-9_]/.test(s[w])) w--;
    return /^(return|case|sizeof)$/.test(s.slice(w + 1, k + 1));
  }
  return true;
}

