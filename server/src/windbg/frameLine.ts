// One frame line of any `k` variant, `!thread` or `!analyze -v` STACK_TEXT:
//
//   [##] [Memory] [Child-SP|ChildEBP] [RetAddr] [args... | : args :] call-site
//
// The optional leading columns are told apart by the header (or the `k` command letters) when
// one was seen, otherwise by shape: full-width hex tokens are addresses, short hex tokens are a
// frame number and/or a Memory value (see `leadingNumbers`).

import { type Addr, parseColumnAddress } from './addresses';
import { type CallSite, parseCallSite } from './callSite';

/** What the columns of the current stack are, when a header or `k` command said so. */
export interface Layout {
  /** `#` frame-number column (`kn`). */
  numbers: boolean | null;
  /** `Memory` column (`kf`). */
  memory: boolean | null;
  /** Child-SP/ChildEBP and RetAddr columns (absent with `kc`). */
  addresses: boolean | null;
}

export const UNKNOWN_LAYOUT: Layout = { numbers: null, memory: null, addresses: null };

/** A frame line as read: columns and call site. The builder fills `lineNo`/`raw` and keeps it. */
export interface FrameColumns {
  kind: 'frame';
  number: number | null;
  memory: number | null;
  sp: Addr | null;
  ret: Addr | null;
  /** Address-like columns seen (addresses and `--------` placeholders). */
  columns: number;
  /** `(Inline Function)` / `(Inline)` / `--------` in the columns. */
  inline: boolean;
  callSite: CallSite;
  /** The frame-number decision after this line (see FrameLineContext.numberMode). */
  numberMode: boolean | null;
  /** 1-based line number of the frame's first line (set by the builder). */
  lineNo: number;
  /** Raw pasted text, several lines joined by `\n` for kP / wrapped frames (set by the builder). */
  raw: string;
}

export type FrameLineResult =
  | FrameColumns
  /** Looks like the start of a frame that continues on the next line (kP, wrapped line). */
  | { kind: 'incomplete'; why: 'params' | 'source' | 'callsite' }
  /** Has address columns but the rest cannot be read. */
  | { kind: 'bad'; reason: string }
  | { kind: 'none' };

export interface FrameLineContext {
  layout: Layout;
  /** true: a lone short leading number is a frame number; false: a Memory value; null: undecided. */
  numberMode: boolean | null;
  /** The frame number WinDbg would print next (previous + 1, or 0). */
  expectedNumber: number;
}

/** Value of the 1-5 hex digits text[from, end) (a frame number or a Memory value), or -1. */
function smallHexValue(text: string, from: number, end: number): number {
  if (end - from < 1 || end - from > 5) return -1;
  let v = 0;
  for (let k = from; k < end; k++) {
    const c = text.charCodeAt(k);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else if (c >= 65 && c <= 70) d = c - 55;
    else return -1;
    v = v * 16 + d;
  }
  return v;
}
const PLACEHOLDER = /^-{8}(?:`?-{8})?$/;
const MAX_COLUMNS = 16;

function unbalancedParens(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41 && depth > 0) depth--;
  }
  return depth > 0;
}

function unclosedBracket(s: string): boolean {
  const open = s.lastIndexOf('[');
  return open >= 0 && s.indexOf(']', open) < 0;
}

/** Cuts an unfinished kP parameter list or source annotation so the rest can still be read. */
function cutUnfinished(s: string): string {
  let out = s;
  if (unclosedBracket(out)) out = out.slice(0, out.lastIndexOf('[')).trimEnd();
  if (unbalancedParens(out)) {
    let depth = 0;
    let cut = -1;
    for (let i = 0; i < out.length; i++) {
      const c = out.charCodeAt(i);
      if (c === 40) {
        if (depth === 0) cut = i;
        depth++;
      } else if (c === 41 && depth > 0) depth--;
    }
    if (cut >= 0) out = out.slice(0, cut).trimEnd();
  }
  return out;
}

/** A frame line whose call site is missing (read with `force`): nothing known about it. */
const EMPTY_SITE: CallSite = Object.freeze({
  module: null,
  symbol: null,
  offset: null,
  address: null,
  source: null,
  inline: false,
  trapFrame: null,
  params: null,
  moduleOnly: false,
  looseSpaces: false,
});

/** 8, 16 or 8`8 hex digits at text[from, from + len): an argument column. */
function isAddressAt(text: string, from: number, len: number): boolean {
  for (let k = 0; k < len; k++) {
    const c = text.charCodeAt(from + k);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)) continue;
    if (c === 96 && len === 17 && k === 8) continue;
    return false;
  }
  return true;
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  return i;
}

function tokenEnd(text: string, from: number): number {
  const j = text.indexOf(' ', from);
  return j < 0 ? text.length : j;
}

/**
 * Parses one (possibly joined) frame line. With `force`, an unfinished line is read as far as it
 * goes instead of asking for the next line.
 */
export function parseFrameLine(text: string, ctx: FrameLineContext, force = false): FrameLineResult {
  const n = text.length;
  let i = skipSpaces(text, 0);

  // 1. Up to two short hex tokens before the columns/call site: frame number, Memory. Read in
  // place (no token strings): this runs on every line of a 10,000-frame paste.
  let smallCount = 0;
  let small0 = 0;
  let small0Len = 0;
  let small1 = 0;
  while (smallCount < 2 && i < n) {
    const end = tokenEnd(text, i);
    if (end - i > 5 || end >= n) break;
    const v = smallHexValue(text, i, end);
    if (v < 0) break;
    if (smallCount === 0) {
      small0 = v;
      small0Len = end - i;
    } else small1 = v;
    smallCount++;
    i = skipSpaces(text, end);
  }

  // 2. Address columns and inline placeholders (`(Inline Function) --------\`--------`). Only the
  // first two (Child-SP, RetAddr) become addresses; argument columns are validated in place.
  let sp: Addr | null = null;
  let ret: Addr | null = null;
  let count = 0;
  let inline = false;
  while (i < n && count < MAX_COLUMNS) {
    const c = text.charCodeAt(i);
    if (c === 40 /* ( */) {
      const inlineWord = text.startsWith('(Inline Function)', i) ? 17 : text.startsWith('(Inline)', i) ? 8 : 0;
      if (!inlineWord) break;
      inline = true;
      count++;
      i = skipSpaces(text, i + inlineWord);
      continue;
    }
    const end = tokenEnd(text, i);
    const len = end - i;
    if (len !== 8 && len !== 16 && len !== 17) break; // neither an address nor a placeholder
    if (c === 45 /* - */) {
      if (!PLACEHOLDER.test(text.slice(i, end))) break;
      inline = true;
    } else if (count < 2) {
      const a = parseColumnAddress(text.slice(i, end));
      if (!a) break;
      if (count === 0) sp = a;
      else ret = a;
    } else if (!isAddressAt(text, i, len)) break;
    count++;
    i = skipSpaces(text, end);
  }
  // An inline frame may show a single placeholder; it still stands for the SP/RetAddr pair.
  const columns = inline && count === 1 ? 2 : count;

  // 3. x64 `: Args to Child :` block.
  let rest = text.slice(i);
  if (columns >= 1 && rest.startsWith(': ')) {
    const close = rest.indexOf(' : ', 1);
    if (close < 0) {
      if (!force) return { kind: 'incomplete', why: 'callsite' };
      rest = '';
    } else rest = rest.slice(close + 3);
  } else if (columns >= 1 && rest === ':') {
    if (!force) return { kind: 'incomplete', why: 'callsite' };
    rest = '';
  }
  rest = rest.trim();

  if (columns === 1 && !inline) return { kind: 'none' }; // disassembly (`f7159c53 57 push edi`), not a frame
  // Child-SP and RetAddr always have the same width; `fffff803\`4c8a12c4 d503233f pacibsp` is arm64
  // disassembly (a 16-digit address and an 8-digit instruction word).
  if (sp && ret && sp.width !== ret.width) return { kind: 'none' };
  if (!rest) {
    if (columns >= 2) {
      if (!force) return { kind: 'incomplete', why: 'callsite' };
    } else return { kind: 'none' };
  }
  if (rest && !force && rest.indexOf('(') >= 0 && rest.indexOf('!') >= 0 && unbalancedParens(rest)) return { kind: 'incomplete', why: 'params' };
  if (rest && !force && columns + smallCount > 0 && unclosedBracket(rest)) return { kind: 'incomplete', why: 'source' };
  if (force) rest = cutUnfinished(rest);

  let callSite = rest ? parseCallSite(rest) : EMPTY_SITE;
  if (!callSite) {
    if (columns >= 2) return { kind: 'bad', reason: 'call site not understood' };
    return { kind: 'none' };
  }
  if (columns < 2 && (callSite.moduleOnly || callSite.looseSpaces || (!callSite.module && !callSite.address))) {
    return { kind: 'none' };
  }
  if (!rest) callSite = EMPTY_SITE;

  // 4. Frame number and Memory from the short leading tokens.
  let number: number | null = null;
  let memory: number | null = null;
  let numberMode = ctx.numberMode;
  if (smallCount === 2) {
    number = small0;
    memory = small1;
    numberMode = true;
  } else if (smallCount === 1) {
    const v = small0;
    let isNumber: boolean;
    if (ctx.layout.numbers === true) isNumber = true;
    else if (ctx.layout.memory === true && ctx.layout.numbers === false) isNumber = false;
    else if (ctx.layout.memory === true && ctx.layout.numbers === null) isNumber = numberMode ?? (small0Len >= 2 && v === ctx.expectedNumber);
    else if (ctx.layout.memory === false) isNumber = true;
    else if (numberMode !== null) isNumber = numberMode;
    // Undecided: WinDbg pads frame numbers to two digits and counts up; Memory values are not padded.
    else isNumber = small0Len >= 2 && v === ctx.expectedNumber;
    if (isNumber) number = v;
    else memory = v;
    if (numberMode === null) numberMode = isNumber;
  }
  return {
    kind: 'frame',
    number,
    memory,
    sp,
    ret,
    columns,
    inline: inline || callSite.inline,
    callSite,
    numberMode,
    lineNo: 0,
    raw: '',
  };
}
