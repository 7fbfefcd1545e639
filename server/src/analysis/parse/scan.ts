// The offset-preserving pre-scan. One linear pass over the text that
//   - blanks comments, every preprocessor directive line, SAL / calling-convention / DECLSPEC
//     macros (remembering IRQL-relevant annotations and alignments with their offsets) and the
//     branches of `#if` chains that no modelled configuration compiles;
//   - records `#define`s, `#pragma pack` / `alloc_text` / `code_seg`, `<pshpackN.h>`/`<poppack.h>`,
//     and `stacklens-ignore` suppression comments;
//   - tags every region of the file with the set of configurations ({free, checked} × {x86, x64,
//     arm64}) that compile it (see configs.ts), so that DBG-only and arch-only items keep a `cond`.
//
// Blanking replaces characters by spaces and keeps \r and \n, so offsets, lines and columns in the
// blanked text are those of the original: tree-sitter positions map back without translation.
//
// Conditionals: a branch is kept in every configuration in which no earlier branch of its chain
// was taken and its condition is true or unknown (`#ifdef SOME_HEADER_MACRO` is unknown; unknown
// counts as taken, so the first not-provably-false branch wins). DBG and the arch macros are known
// per configuration, so `#if DBG ... #else ... #endif` keeps BOTH branches (each tagged), which
// tree-sitter parses as consecutive code. When two kept branches of one chain do not balance
// braces/parentheses on their own (`#if DBG void f(int a) { #else void f() { #endif`), keeping
// both would break the parse: then only the branch of the primary configuration (free x64) is kept.

import type { CodeSegRegion, PragmaAllocText } from '../model';
import { classifyWord, codeSegOfMacro, isRememberedAnnotation, replacementOf, WordKind } from './blankWords';
import { evaluateCondition, tokenizeCondition, type MacroInfo, UNKNOWN_MACRO } from './condEval';
import { builtinMacro, CONFIG_COUNT, FULL_MASK, PRIMARY_CONFIG } from './configs';

export interface ScanOptions {
  language: 'c' | 'cpp';
  defines?: Record<string, string>;
}

/** An annotation blanked from the text, with the offsets it occupied. */
export interface RawAnnotation {
  name: string;
  args: string;
  start: number;
  end: number;
}

/** `DECLSPEC_ALIGN(n)` / `__declspec(align(n))` / `DECLSPEC_CACHEALIGN`. */
export interface AlignMark {
  start: number;
  end: number;
  value: string;
}

export interface RawDefine {
  name: string;
  value: string;
  params?: string[];
  start: number;
  line: number;
}

export interface ScanResult {
  blanked: string;
  /** Remembered annotations, sorted by offset. */
  annotations: RawAnnotation[];
  aligns: AlignMark[];
  defines: RawDefine[];
  allocText: PragmaAllocText[];
  codeSeg: CodeSegRegion[];
  suppressions: { line: number; rules: string[] }[];
  /** `#pragma pack` value from each offset on (sorted; before the first entry: null). */
  packChanges: { offset: number; pack: number | null }[];
  /** Configuration mask from each offset on (sorted; starts at offset 0). */
  segments: { start: number; mask: number }[];
}

interface Branch {
  start: number;
  end: number;
  mask: number;
  braceDelta: number;
  parenDelta: number;
}

interface CondFrame {
  parentMask: number;
  claimed: number;
  mask: number;
  start: number;
  braceAtStart: number;
  parenAtStart: number;
  branches: Branch[];
}

interface FileMacro {
  mask: number;
  undef: boolean;
  value: string;
  params: boolean;
}

const MAX_PAREN_SCAN = 8192;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}
function isIdentPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

export function collapseWs(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

class Scanner {
  private readonly n: number;
  private i = 0;
  private line = 0;
  private atLineStart = true;
  // Edits: [start, end) → replacement (null = blank). Mostly produced in order.
  private readonly editStart: number[] = [];
  private readonly editEnd: number[] = [];
  private readonly editWith: (string | null)[] = [];

  private readonly stack: CondFrame[] = [];
  private mask = FULL_MASK;
  private braces = 0;
  private parens = 0;

  private nextMarker = 0;
  private readonly fileMacros = new Map<string, FileMacro[]>();
  private readonly localWords = new Map<string, WordKind>();
  private readonly localCodeSeg = new Map<string, string>();
  private readonly userDefines: Map<string, string>;

  private packStack: { label: string | null; pack: number | null }[] = [];
  private pack: number | null = null;
  private codeSegStack: (string | null)[] = [];
  private codeSegCur: string | null = null;

  readonly result: ScanResult;
  private readonly isC: boolean;

  constructor(private readonly text: string, private readonly opts: ScanOptions) {
    this.n = text.length;
    this.isC = opts.language === 'c';
    this.userDefines = new Map(Object.entries(opts.defines ?? {}));
    this.result = {
      blanked: text,
      annotations: [],
      aligns: [],
      defines: [],
      allocText: [],
      codeSeg: [],
      suppressions: [],
      packChanges: [],
      segments: [{ start: 0, mask: FULL_MASK }],
    };
  }

  private blank(start: number, end: number): void {
    if (end > start) {
      this.editStart.push(start);
      this.editEnd.push(end);
      this.editWith.push(null);
    }
  }

  private replace(start: number, end: number, withText: string): void {
    this.editStart.push(start);
    this.editEnd.push(end);
    this.editWith.push(withText);
  }

  /** Advances `line` over text[a, b). */
  private countLines(a: number, b: number): void {
    const t = this.text;
    for (let k = a; k < b; k++) {
      const c = t.charCodeAt(k);
      if (c === 10) this.line++;
      else if (c === 13 && t.charCodeAt(k + 1) !== 10) this.line++;
    }
  }

  run(): ScanResult {
    const t = this.text;
    const n = this.n;
    while (this.i < n) {
      const i = this.i;
      const c = t.charCodeAt(i);
      if (c === 10) {
        this.line++;
        this.atLineStart = true;
        this.i++;
        continue;
      }
      if (c === 13) {
        if (t.charCodeAt(i + 1) !== 10) this.line++;
        this.atLineStart = true;
        this.i++;
        continue;
      }
      if (c === 32 || c === 9 || c === 12 || c === 11) {
        this.i++;
        continue;
      }
      if (c === 35 /* # */ && this.atLineStart) {
        this.directive(i);
        continue;
      }
      if (c === 47 /* / */) {
        const d = t.charCodeAt(i + 1);
        if (d === 47) {
          let e = i + 2;
          while (e < n) {
            const x = t.charCodeAt(e);
            if (x === 10 || x === 13) break;
            e++;
          }
          this.comment(i, e);
          this.i = e;
          continue;
        }
        if (d === 42) {
          // A block comment is whitespace: `/* c */ #define X` is still a directive.
          let e = t.indexOf('*/', i + 2);
          e = e < 0 ? n : e + 2;
          this.comment(i, e);
          this.countLines(i, e);
          this.i = e;
          continue;
        }
        this.atLineStart = false;
        this.i++;
        continue;
      }
      this.atLineStart = false;
      if (c === 34 || c === 39) {
        this.i = this.skipQuoted(i, c);
        continue;
      }
      if (isIdentStart(c)) {
        let j = i + 1;
        while (j < n && isIdentPart(t.charCodeAt(j))) j++;
        // Blankable words start with `_` or an uppercase letter; lowercase ones need no look-up
        // unless the file defines its own attribute macros.
        if (this.mask !== 0 && (c < 97 || this.localWords.size > 0)) this.word(i, j);
        else {
          this.i = j;
          if (this.isC && this.mask !== 0 && (c === 116 || c === 102 || c === 101 || c === 108) && j - i >= 3 && j - i <= 7) this.msKeyword(i, j);
        }
        continue;
      }
      if (c >= 48 && c <= 57) {
        let j = i + 1;
        while (j < n) {
          const x = t.charCodeAt(j);
          if (isIdentPart(x) || x === 46 || x === 39) j++;
          else if ((x === 43 || x === 45) && /[eEpP]/.test(t[j - 1]) && !/^0[xX]/.test(t.slice(i, i + 2))) j++;
          else break;
        }
        this.i = j;
        continue;
      }
      if (this.mask !== 0) {
        if (c === 123) this.braces++;
        else if (c === 125) this.braces--;
        else if (c === 40) this.parens++;
        else if (c === 41) this.parens--;
      }
      this.i++;
    }
    // Unterminated conditionals: close them at end of file.
    while (this.stack.length > 0) this.endif(n, n);
    this.finish();
    return this.result;
  }

  /** String or character literal starting at i; ends at the closing quote or the end of the line. */
  private skipQuoted(i: number, q: number): number {
    const t = this.text;
    let k = i + 1;
    while (k < this.n) {
      const x = t.charCodeAt(k);
      if (x === 92) {
        const y = t.charCodeAt(k + 1);
        if (y === 13 && t.charCodeAt(k + 2) === 10) {
          this.line++;
          k += 3;
        } else {
          if (y === 10 || y === 13) this.line++;
          k += 2;
        }
        continue;
      }
      if (x === q) return k + 1;
      if (x === 10 || x === 13) return k;
      k++;
    }
    return k;
  }

  /**
   * MSVC accepts `try`, `except`, `finally` and `leave` for the SEH keywords in C (the FAT and
   * CDFS samples use them); tree-sitter-c only knows `__try`... The two extra characters are
   * borrowed from the spaces or tabs around the keyword (`} finally {` → `}__finally{`), so every
   * other offset stays put. Without two such spaces the keyword is left alone.
   */
  private msKeyword(i: number, j: number): void {
    const t = this.text;
    const w = t.slice(i, j);
    const expect = w === 'try' || w === 'finally' ? 123 : w === 'except' ? 40 : w === 'leave' ? 59 : -1;
    if (expect < 0) return;
    const space = (x: number): boolean => x === 32 || x === 9;
    let k = j;
    let newline = false;
    while (k < this.n) {
      const x = t.charCodeAt(k);
      if (x === 10 || x === 13) newline = true;
      else if (!space(x)) break;
      k++;
    }
    if (t.charCodeAt(k) !== expect) return;
    let before = 0;
    while (before < 2 && i - before - 1 >= 0 && space(t.charCodeAt(i - before - 1))) before++;
    if (!newline) {
      // Rewrite [i - b, k + 1 + a) as `__kw` + the expected character (+ padding).
      const gap = k - j;
      let after = 0;
      while (before + gap + after < 2 && space(t.charCodeAt(k + 1 + after))) after++;
      let start = i - before;
      let prefix = '';
      if (before + gap + after < 2 && t.charCodeAt(start - 1) === 125 /* } */) {
        // `    } except(` → `   }__except(`: the closing brace of the try body moves left.
        let use = 0;
        while (before + gap + after + use < 2 && space(t.charCodeAt(start - 2 - use))) use++;
        if (before + gap + after + use < 2) return;
        start = start - 1 - use;
        prefix = '}';
      }
      if (prefix === '' && before + gap + after < 2) return;
      const end = k + 1 + after;
      const text = `${prefix}__${w}${t[k]}`;
      this.replace(start, end, text + ' '.repeat(end - start - text.length));
      return;
    }
    let after = 0;
    while (before + after < 2 && space(t.charCodeAt(j + after))) after++;
    if (before + after < 2) return;
    this.replace(i - before, j + after, `__${w}`);
  }

  private comment(start: number, end: number): void {
    this.blank(start, end);
    // The next `stacklens-ignore` in the file, found once and reused (no per-comment search).
    if (this.nextMarker !== -1 && this.nextMarker < start) this.nextMarker = this.text.indexOf('stacklens-ignore', start);
    if (this.nextMarker === -1 || this.nextMarker >= end) return;
    const body = this.text.slice(start, end);
    const at = this.nextMarker - start;
    let line = this.line;
    for (let k = 0; k < at; k++) {
      const c = body.charCodeAt(k);
      if (c === 10 || (c === 13 && body.charCodeAt(k + 1) !== 10)) line++;
    }
    let rest = body.slice(at + 'stacklens-ignore'.length);
    const nl = rest.search(/[\r\n]/);
    if (nl >= 0) rest = rest.slice(0, nl);
    rest = rest.replace(/\*\/\s*$/, '');
    if (/^[\w-]/.test(rest)) return; // `stacklens-ignored` or `stacklens-ignore-foo`: not ours
    const rules: string[] = [];
    const m = rest.replace(/^\s*:/, ' ').match(/^[\s,]*((?:[A-Za-z*][\w/*.-]*[\s,]*)*)/);
    if (m) for (const r of m[1].split(/[\s,]+/)) if (r) rules.push(r);
    this.result.suppressions.push({ line, rules: rules.length > 0 ? rules : ['*'] });
  }

  /** Index of the character after the `)` matching the `(` at `open`, or -1. String/comment aware. */
  private matchParen(open: number): number {
    const t = this.text;
    const limit = Math.min(this.n, open + MAX_PAREN_SCAN);
    let depth = 0;
    for (let k = open; k < limit; k++) {
      const c = t.charCodeAt(k);
      if (c === 40) depth++;
      else if (c === 41) {
        if (--depth === 0) return k + 1;
      } else if (c === 34 || c === 39) {
        let e = k + 1;
        while (e < limit && t.charCodeAt(e) !== c && t.charCodeAt(e) !== 10) e += t.charCodeAt(e) === 92 ? 2 : 1;
        k = e;
      } else if (c === 59 /* ; */ || c === 123 || c === 125) {
        return -1; // SAL arguments never hold statements: the text is broken, blank only the word
      }
    }
    return -1;
  }

  private skipSpaces(k: number): number {
    const t = this.text;
    while (k < this.n) {
      const c = t.charCodeAt(k);
      if (c === 32 || c === 9 || c === 10 || c === 13) k++;
      else break;
    }
    return k;
  }

  private word(i: number, j: number): void {
    const w = this.text.slice(i, j);
    const kind = classifyWord(w, this.localWords);
    this.i = j;
    switch (kind) {
      case WordKind.None:
        return;
      case WordKind.Word: {
        const seg = this.localCodeSeg.get(w);
        if (seg !== undefined) this.result.annotations.push({ name: 'code_seg', args: seg, start: i, end: j });
        this.blank(i, j);
        return;
      }
      case WordKind.Replace:
        this.replace(i, j, replacementOf(w) ?? w);
        return;
      case WordKind.CodeSegMacro:
        this.blank(i, j);
        this.result.annotations.push({ name: 'code_seg', args: codeSegOfMacro(w) ?? '', start: i, end: j });
        return;
      case WordKind.CacheAlign:
        this.blank(i, j);
        this.result.aligns.push({ start: i, end: j, value: 'SYSTEM_CACHE_ALIGNMENT_SIZE' });
        return;
      default:
        break;
    }
    // Kinds that take an optional argument list.
    const k = this.skipSpaces(j);
    let end = j;
    let args = '';
    if (this.text.charCodeAt(k) === 40) {
      const e = this.matchParen(k);
      if (e > 0) {
        end = e;
        args = this.text.slice(k + 1, e - 1);
      }
    }
    this.blank(i, end);
    if (end > j) this.countLines(j, end);
    this.i = end;
    if (kind === WordKind.DeclspecAlign) {
      this.result.aligns.push({ start: i, end, value: collapseWs(args) });
      return;
    }
    if (kind === WordKind.Declspec) {
      const al = /\balign\s*\(\s*([^)]*?)\s*\)/.exec(args);
      if (al) this.result.aligns.push({ start: i, end, value: collapseWs(al[1]) });
      const cs = /\bcode_seg\s*\(\s*"([^"]*)"/.exec(args);
      if (cs) this.result.annotations.push({ name: 'code_seg', args: cs[1], start: i, end });
      return;
    }
    if (isRememberedAnnotation(w) || (w === '_When_' && /_IRQL_|__drv_|_Function_class_|_Dispatch_type_|_Kernel_float_/.test(args))) {
      this.result.annotations.push({ name: w, args: collapseWs(args), start: i, end });
    }
  }

  // ---- preprocessor directives -------------------------------------------------------------

  private directive(start: number): void {
    const t = this.text;
    const n = this.n;
    const line = this.line;
    // Find the end of the logical line: backslash continuations, comments, strings.
    let k = start + 1;
    let body = '';
    let from = k;
    while (k < n) {
      const c = t.charCodeAt(k);
      if (c === 10 || c === 13) break;
      if (c === 92 /* \ */) {
        let e = k + 1;
        while (e < n && (t.charCodeAt(e) === 32 || t.charCodeAt(e) === 9)) e++;
        if (t.charCodeAt(e) === 13 || t.charCodeAt(e) === 10) {
          body += t.slice(from, k) + ' ';
          if (t.charCodeAt(e) === 13 && t.charCodeAt(e + 1) === 10) e++;
          this.line++;
          k = e + 1;
          from = k;
          continue;
        }
        k++;
        continue;
      }
      if (c === 47 && t.charCodeAt(k + 1) === 42) {
        let e = t.indexOf('*/', k + 2);
        e = e < 0 ? n : e + 2;
        body += t.slice(from, k) + ' ';
        this.comment(k, e);
        this.countLines(k, e);
        k = e;
        from = k;
        continue;
      }
      if (c === 47 && t.charCodeAt(k + 1) === 47) {
        body += t.slice(from, k);
        let e = k;
        while (e < n && t.charCodeAt(e) !== 10 && t.charCodeAt(e) !== 13) e++;
        this.comment(k, e);
        k = e;
        from = k;
        break;
      }
      if (c === 34 || c === 39) {
        let e = k + 1;
        while (e < n) {
          const x = t.charCodeAt(e);
          if (x === 92) {
            e += 2;
            continue;
          }
          if (x === c || x === 10 || x === 13) break;
          e++;
        }
        k = e < n && t.charCodeAt(e) === c ? e + 1 : e;
        continue;
      }
      k++;
    }
    body += t.slice(from, k);
    this.blank(start, k);
    this.i = k;
    this.atLineStart = false;

    const m = /^\s*([A-Za-z_]+)\s*([\s\S]*)$/.exec(body);
    if (!m) return;
    const kw = m[1];
    const rest = m[2].trim();
    switch (kw) {
      case 'if':
        this.openIf(tokenizeCondition(rest), start, k);
        return;
      case 'ifdef':
      case 'ifndef': {
        const name = /^[A-Za-z_$][\w$]*/.exec(rest)?.[0];
        const toks = name ? tokenizeCondition(`${kw === 'ifndef' ? '!' : ''}defined(${name})`) : null;
        this.openIf(toks, start, k);
        return;
      }
      case 'elif':
        this.elseBranch(tokenizeCondition(rest), start, k);
        return;
      case 'elifdef':
      case 'elifndef': {
        const name = /^[A-Za-z_$][\w$]*/.exec(rest)?.[0];
        this.elseBranch(name ? tokenizeCondition(`${kw === 'elifndef' ? '!' : ''}defined(${name})`) : null, start, k);
        return;
      }
      case 'else':
        this.elseBranch(undefined, start, k);
        return;
      case 'endif':
        if (this.stack.length > 0) this.endif(start, k);
        return;
      default:
        break;
    }
    if (this.mask === 0) return;
    if (kw === 'define') this.define(rest, start, line);
    else if (kw === 'undef') {
      const name = /^[A-Za-z_$][\w$]*/.exec(rest)?.[0];
      if (name) this.addFileMacro(name, { mask: this.mask, undef: true, value: '', params: false });
    } else if (kw === 'pragma') this.pragma(rest, k, line);
    else if (kw === 'include') {
      const inc = /^[<"]\s*([\w./\\-]+)\s*[>"]/.exec(rest)?.[1]?.toLowerCase();
      if (inc) {
        const base = inc.replace(/^.*[/\\]/, '');
        const push = /^pshpack(\d+)\.h$/.exec(base);
        if (push) {
          this.packStack.push({ label: null, pack: this.pack });
          this.setPack(parseInt(push[1], 10), k);
        } else if (base === 'poppack.h') {
          const top = this.packStack.pop();
          this.setPack(top ? top.pack : null, k);
        }
      }
    }
  }

  private macroInfo(name: string, config: number, depth: number): MacroInfo {
    const user = this.userDefines.get(name);
    if (user !== undefined) {
      if (user.trim() === '') return { defined: true, value: 1 };
      return { defined: true, value: depth > 8 ? null : evaluateCondition(tokenizeCondition(user), (x) => this.macroInfo(x, config, depth + 1)) };
    }
    const list = this.fileMacros.get(name);
    if (list) {
      for (let k = list.length - 1; k >= 0; k--) {
        const fm = list[k];
        if ((fm.mask & (1 << config)) === 0) continue;
        if (fm.undef) return { defined: false, value: 0 };
        if (fm.params || depth > 8) return { defined: true, value: null };
        if (fm.value.trim() === '') return { defined: true, value: null };
        return { defined: true, value: evaluateCondition(tokenizeCondition(fm.value), (x) => this.macroInfo(x, config, depth + 1)) };
      }
    }
    return builtinMacro(name, config, this.opts.language) ?? UNKNOWN_MACRO;
  }

  /** Configurations of `within` in which the condition is true or unknown. */
  private takenIn(toks: ReturnType<typeof tokenizeCondition>, within: number): number {
    let taken = 0;
    for (let c = 0; c < CONFIG_COUNT; c++) {
      if ((within & (1 << c)) === 0) continue;
      const v = evaluateCondition(toks, (name) => this.macroInfo(name, c, 0));
      if (v === null || v !== 0) taken |= 1 << c;
    }
    return taken;
  }

  private setMask(mask: number, at: number): void {
    if (mask === this.mask) return;
    this.mask = mask;
    const segs = this.result.segments;
    if (segs.length > 0 && segs[segs.length - 1].start === at) segs[segs.length - 1].mask = mask;
    else segs.push({ start: at, mask });
  }

  private openIf(toks: ReturnType<typeof tokenizeCondition>, _start: number, end: number): void {
    const parent = this.mask;
    const taken = parent === 0 ? 0 : this.takenIn(toks, parent);
    this.stack.push({ parentMask: parent, claimed: taken, mask: taken, start: end, braceAtStart: this.braces, parenAtStart: this.parens, branches: [] });
    this.setMask(taken, end);
  }

  private closeBranch(f: CondFrame, dirStart: number): void {
    f.branches.push({ start: f.start, end: dirStart, mask: f.mask, braceDelta: this.braces - f.braceAtStart, parenDelta: this.parens - f.parenAtStart });
    // An inactive branch inside active code is blanked (the directive lines are blanked already).
    if (f.mask === 0 && f.parentMask !== 0) this.blank(f.start, dirStart);
    // Brace counting restarts at the branch's start: alternative branches are not cumulative.
    this.braces = f.braceAtStart;
    this.parens = f.parenAtStart;
  }

  private elseBranch(toks: ReturnType<typeof tokenizeCondition> | undefined, start: number, end: number): void {
    const f = this.stack[this.stack.length - 1];
    if (!f) return;
    this.closeBranch(f, start);
    const remaining = f.parentMask & ~f.claimed;
    const taken = toks === undefined ? remaining : remaining === 0 ? 0 : this.takenIn(toks, remaining);
    f.claimed |= taken;
    f.mask = taken;
    f.start = end;
    this.setMask(taken, end);
  }

  private endif(start: number, end: number): void {
    const f = this.stack.pop();
    if (!f) return;
    this.closeBranch(f, start);
    const kept = f.branches.filter((b) => b.mask !== 0);
    if (kept.length >= 2 && kept.some((b) => b.braceDelta !== 0 || b.parenDelta !== 0)) {
      const keep = kept.find((b) => (b.mask & (1 << PRIMARY_CONFIG)) !== 0) ?? kept[0];
      for (const b of kept) if (b !== keep) this.dropRegion(b.start, b.end);
      this.braces = f.braceAtStart + keep.braceDelta;
      this.parens = f.parenAtStart + keep.parenDelta;
    } else if (kept.length > 0) {
      // Continue counting as if the (first) kept branch were the text.
      this.braces = f.braceAtStart + kept[0].braceDelta;
      this.parens = f.parenAtStart + kept[0].parenDelta;
    }
    this.setMask(f.parentMask, end);
  }

  /** Blanks a region after the fact and forgets what was recorded inside it. */
  private dropRegion(a: number, b: number): void {
    this.blank(a, b);
    const r = this.result;
    const outside = (o: number): boolean => o < a || o >= b;
    r.annotations = r.annotations.filter((x) => outside(x.start));
    r.aligns = r.aligns.filter((x) => outside(x.start));
    r.defines = r.defines.filter((x) => outside(x.start));
  }

  private addFileMacro(name: string, m: FileMacro): void {
    const list = this.fileMacros.get(name);
    if (list) list.push(m);
    else this.fileMacros.set(name, [m]);
  }

  private define(rest: string, start: number, line: number): void {
    const m = /^([A-Za-z_$][\w$]*)(\(([^)]*)\))?\s*([\s\S]*)$/.exec(rest);
    if (!m) return;
    const name = m[1];
    const value = collapseWs(m[4] ?? '');
    const params = m[2] !== undefined ? m[3].split(',').map((p) => p.trim()).filter((p) => p.length > 0) : undefined;
    const d: RawDefine = { name, value, start, line };
    if (params) d.params = params;
    this.result.defines.push(d);
    this.addFileMacro(name, { mask: this.mask, undef: false, value, params: params !== undefined });
    if (!params) this.learnAttributeMacro(name, value);
  }

  /**
   * A file-local object-like macro whose expansion is only blankable words (`#define PAGED
   * __declspec(code_seg("PAGE"))`, `#define MYAPI NTAPI`, `#define NOTHING`) is blanked where used.
   */
  private learnAttributeMacro(name: string, value: string): void {
    if (classifyWord(name) !== WordKind.None) return;
    let k = 0;
    const v = value;
    let codeSeg: string | undefined;
    while (k < v.length) {
      const c = v.charCodeAt(k);
      if (c === 32) {
        k++;
        continue;
      }
      if (!isIdentStart(c)) return;
      let j = k + 1;
      while (j < v.length && isIdentPart(v.charCodeAt(j))) j++;
      const w = v.slice(k, j);
      const kind = classifyWord(w, this.localWords);
      if (kind === WordKind.None || kind === WordKind.Replace) return;
      if (kind === WordKind.CodeSegMacro) codeSeg = codeSegOfMacro(w);
      const seg = this.localCodeSeg.get(w);
      if (seg !== undefined) codeSeg = seg;
      k = j;
      while (v.charCodeAt(k) === 32) k++;
      if (v.charCodeAt(k) === 40 && kind !== WordKind.Word) {
        let depth = 0;
        let e = k;
        for (; e < v.length; e++) {
          if (v.charCodeAt(e) === 40) depth++;
          else if (v.charCodeAt(e) === 41 && --depth === 0) break;
        }
        if (e >= v.length) return;
        if (w === '__declspec') {
          const cs = /\bcode_seg\s*\(\s*"([^"]*)"/.exec(v.slice(k, e + 1));
          if (cs) codeSeg = cs[1];
        }
        k = e + 1;
      }
    }
    this.localWords.set(name, WordKind.Word);
    if (codeSeg !== undefined) this.localCodeSeg.set(name, codeSeg);
  }

  private setPack(pack: number | null, at: number): void {
    this.pack = pack;
    this.result.packChanges.push({ offset: at, pack });
  }

  private pragma(rest: string, at: number, line: number): void {
    const pk = /^pack\s*\(([^)]*)\)/.exec(rest);
    if (pk) {
      const args = pk[1].split(',').map((a) => a.trim()).filter((a) => a.length > 0);
      const num = (s: string | undefined): number | null => (s !== undefined && /^\d+$/.test(s) ? parseInt(s, 10) : null);
      if (args.length === 0) {
        this.setPack(null, at);
      } else if (args[0] === 'push') {
        const label = args.length > 1 && num(args[1]) === null ? args[1] : null;
        this.packStack.push({ label, pack: this.pack });
        const n = num(args[args.length - 1]);
        if (args.length > 1 && n !== null) this.setPack(n, at);
      } else if (args[0] === 'pop') {
        const label = args.length > 1 && num(args[1]) === null ? args[1] : null;
        let top = this.packStack.pop();
        if (label !== null) {
          while (top && top.label !== label && this.packStack.length > 0) top = this.packStack.pop();
        }
        const n = num(args[args.length - 1]);
        this.setPack(args.length > 1 && n !== null ? n : top ? top.pack : null, at);
      } else if (args[0] !== 'show') {
        const n = num(args[0]);
        if (n !== null) this.setPack(n, at);
      }
      return;
    }
    const at2 = /^alloc_text\s*\(\s*"?([^",\s)]*)"?\s*,([^)]*)\)/.exec(rest);
    if (at2) {
      const functions = at2[2].split(',').map((f) => f.trim()).filter((f) => /^[A-Za-z_][\w:~]*$/.test(f));
      this.result.allocText.push({ section: at2[1], functions, line });
      return;
    }
    const cs = /^code_seg\s*\(([^)]*)\)/.exec(rest);
    if (cs) {
      const args = cs[1].split(',').map((a) => a.trim()).filter((a) => a.length > 0);
      const str = args.find((a) => a.startsWith('"'));
      const section = str !== undefined ? str.replace(/^"|"$/g, '') : null;
      if (args[0] === 'push') {
        this.codeSegStack.push(this.codeSegCur);
        if (str !== undefined) this.codeSegCur = section;
      } else if (args[0] === 'pop') {
        this.codeSegCur = this.codeSegStack.pop() ?? null;
      } else {
        this.codeSegCur = section;
      }
      this.result.codeSeg.push({ section: this.codeSegCur, line });
    }
  }

  // ---- output ------------------------------------------------------------------------------

  private finish(): void {
    const count = this.editStart.length;
    if (count === 0) return;
    const order = new Int32Array(count);
    let sorted = true;
    for (let k = 0; k < count; k++) {
      order[k] = k;
      if (k > 0 && this.editStart[k] < this.editStart[k - 1]) sorted = false;
    }
    const es = this.editStart;
    const ee = this.editEnd;
    const ew = this.editWith;
    if (!sorted) {
      const arr = Array.from(order);
      // Blanks first at equal starts, so that a blank covering a replacement wins.
      arr.sort((a, b) => es[a] - es[b] || (ew[a] === null ? -1 : 1) - (ew[b] === null ? -1 : 1) || ee[b] - ee[a]);
      order.set(arr);
    }
    // Edit a copy of the text in place (native encode/decode; the JS loop only touches blanked
    // characters), so offsets cannot move. ASCII text (nearly all driver source) is copied as
    // one byte per character and comes back as a one-byte string: half the memory of UTF-16 for
    // the largest transient string of a file's analysis.
    const t = this.text;
    let ascii = Buffer.byteLength(t, 'utf8') === t.length;
    for (let k = 0; ascii && k < count; k++) {
      const w = ew[k];
      if (w !== null) for (let q = 0; q < w.length; q++) if (w.charCodeAt(q) > 127) ascii = false;
    }
    const wide = ascii ? 0 : 1;
    const buf = Buffer.from(t, ascii ? 'latin1' : 'utf16le');
    let pos = 0;
    for (let k = 0; k < count; k++) {
      const x = order[k];
      let s = es[x];
      const e = ee[x];
      if (e <= pos) continue; // fully covered by an earlier blank
      if (s < pos) {
        if (ew[x] !== null) continue; // a replacement partly covered: drop it
        s = pos;
      }
      const w = ew[x];
      if (w === null) {
        for (let q = s; q < e; q++) {
          const c = t.charCodeAt(q);
          if (c !== 10 && c !== 13) {
            buf[q << wide] = 32;
            if (wide) buf[2 * q + 1] = 0;
          }
        }
      } else {
        for (let q = 0; q < w.length && s + q < e; q++) {
          const c = w.charCodeAt(q);
          buf[(s + q) << wide] = c & 0xff;
          if (wide) buf[2 * (s + q) + 1] = c >> 8;
        }
      }
      pos = e;
    }
    this.result.blanked = buf.toString(ascii ? 'latin1' : 'utf16le');
    this.result.annotations.sort((a, b) => a.start - b.start);
    this.result.aligns.sort((a, b) => a.start - b.start);
  }
}

export function scanSource(text: string, opts: ScanOptions): ScanResult {
  return new Scanner(text, opts).run();
}

/** Binary search helper: the value in force at `offset` in a sorted list of changes. */
export function valueAt<T>(changes: readonly { offset: number; pack: T }[], offset: number, dflt: T): T {
  let lo = 0;
  let hi = changes.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (changes[mid].offset <= offset) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans < 0 ? dflt : changes[ans].pack;
}

/** The configuration mask in force at `offset`. */
export function maskAt(segments: readonly { start: number; mask: number }[], offset: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let ans = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid].start <= offset) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return segments.length === 0 ? FULL_MASK : segments[ans].mask;
}
