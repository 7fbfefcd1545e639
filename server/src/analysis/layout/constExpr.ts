// Integer constant-expression evaluator for array dimensions, bit-field widths, pack/align
// arguments and enum values. C semantics with the MSVC data model (int and long are 32-bit,
// long long / __int64 64-bit), arithmetic in BigInt wrapped to the operand width.
//
// Anything that cannot be resolved (unknown identifier, `sizeof` of an unknown type, division
// by zero, a string outside `sizeof`) makes the whole expression unknown: null, never 0.

import type { Arch } from '../model';

export interface MacroDef {
  value: string;
  /** Parameters of a function-like macro (`...` allowed last). */
  params?: string[];
}

export interface TypeSizeInfo {
  size: number | null;
  align: number | null;
}

export interface FieldInfo {
  offset: number | null;
  size: number | null;
  /** Element count when the member is an array (outermost dimension). */
  count?: number | null;
}

export interface ConstEvalContext {
  arch: Arch;
  /** Object-like or function-like macro by name. */
  macro(name: string): MacroDef | undefined;
  /** Value of an enumeration constant (undefined: not an enumerator; null: enumerator with unknown value). */
  enumConstant?(name: string): number | null | undefined;
  /** Size/alignment of a type written as text; undefined when the text does not name a type. */
  typeInfo?(typeText: string): TypeSizeInfo | undefined;
  /** Offset/size of `member` (a `.`-separated path, may index arrays) inside a type. */
  fieldInfo?(typeText: string, member: string): FieldInfo | null;
  /** `sizeof expr` for a non-type operand (a variable, `x.f`, `*p`, `a[0]`). */
  sizeofExpr?(exprText: string): number | null;
  /** Element count of an array-valued expression (`RTL_NUMBER_OF(buf)`). */
  countofExpr?(exprText: string): number | null;
}

// ---------------------------------------------------------------------------------------------
// Tokens

type TokKind = 'num' | 'char' | 'str' | 'id' | 'op';
interface Tok {
  k: TokKind;
  t: string;
}

const MULTI_OPS = ['<<=', '>>=', '...', '->', '::', '##', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '++', '--'];

/** Tokenise C expression text. Returns null on characters that cannot be part of an expression. */
export function tokenize(text: string, limit = 20000): Tok[] | null {
  const out: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (out.length > limit) return null;
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) {
      i++;
      continue;
    }
    if (c === 92 /* \ line continuation */) {
      i++;
      continue;
    }
    if (text.startsWith('//', i)) {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (text.startsWith('/*', i)) {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    const ch = text[i];
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(text[j])) j++;
      out.push({ k: 'num', t: text.slice(i, j) });
      i = j;
      continue;
    }
    if (/[A-Za-z_$]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(text[j])) j++;
      const word = text.slice(i, j);
      // Prefixed character/string literals: L'x', u8"..", U"..", u'..'
      if ((word === 'L' || word === 'u' || word === 'U' || word === 'u8') && (text[j] === "'" || text[j] === '"')) {
        const end = scanQuoted(text, j);
        if (end < 0) return null;
        out.push({ k: text[j] === "'" ? 'char' : 'str', t: text.slice(i, end) });
        i = end;
        continue;
      }
      out.push({ k: 'id', t: word });
      i = j;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const end = scanQuoted(text, i);
      if (end < 0) return null;
      out.push({ k: ch === "'" ? 'char' : 'str', t: text.slice(i, end) });
      i = end;
      continue;
    }
    let matched = false;
    for (const op of MULTI_OPS) {
      if (text.startsWith(op, i)) {
        out.push({ k: 'op', t: op });
        i += op.length;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    if ('+-*/%<>=!&|^~?:()[],.#{};'.includes(ch)) {
      out.push({ k: 'op', t: ch });
      i++;
      continue;
    }
    return null;
  }
  return out;
}

function scanQuoted(text: string, start: number): number {
  const q = text[start];
  let j = start + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\') j += 2;
    else if (c === q) return j + 1;
    else if (c === '\n') return -1;
    else j++;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Built-in constants (used when neither the workspace nor the user defines the name).

interface BuiltinConstant {
  value: string;
  source: string;
}

/** Constants from WDK / Windows SDK headers, with their source. */
export const BUILTIN_CONSTANTS: Record<string, BuiltinConstant> = {
  // 4 KiB pages on x86, x64 and arm64 (wdm.h PAGE_SIZE; https://learn.microsoft.com/en-us/windows-hardware/drivers/gettingstarted/virtual-address-spaces).
  PAGE_SIZE: { value: '0x1000', source: 'wdm.h' },
  PAGE_SHIFT: { value: '12', source: 'wdm.h' },
  ANYSIZE_ARRAY: { value: '1', source: 'ntdef.h / winnt.h' },
  MAX_PATH: { value: '260', source: 'minwindef.h; https://learn.microsoft.com/en-us/windows/win32/fileio/maximum-file-path-limitation' },
  MAXIMUM_FILENAME_LENGTH: { value: '256', source: 'ntddk.h' },
  IRP_MJ_MAXIMUM_FUNCTION: { value: '0x1b', source: 'wdm.h' },
  MAXCHAR: { value: '0x7f', source: 'ntdef.h' },
  MAXUCHAR: { value: '0xff', source: 'ntdef.h' },
  MAXSHORT: { value: '0x7fff', source: 'ntdef.h' },
  MAXUSHORT: { value: '0xffff', source: 'ntdef.h' },
  MAXLONG: { value: '0x7fffffff', source: 'ntdef.h' },
  MAXULONG: { value: '0xffffffff', source: 'ntdef.h' },
  MAXLONGLONG: { value: '0x7fffffffffffffffi64', source: 'ntdef.h' },
  MAXULONG64: { value: '0xffffffffffffffffui64', source: 'basetsd.h' },
  TRUE: { value: '1', source: 'ntdef.h' },
  FALSE: { value: '0', source: 'ntdef.h' },
  NULL: { value: '0', source: 'ntdef.h' },
  CHAR_BIT: { value: '8', source: 'limits.h' },
  PASSIVE_LEVEL: { value: '0', source: 'wdm.h' },
  LOW_LEVEL: { value: '0', source: 'wdm.h' },
  APC_LEVEL: { value: '1', source: 'wdm.h' },
  DISPATCH_LEVEL: { value: '2', source: 'wdm.h' },
  MEMORY_ALLOCATION_ALIGNMENT: { value: '(sizeof(void*) * 2)', source: 'ntdef.h (8 on x86, 16 on 64-bit)' },
  SYSTEM_CACHE_ALIGNMENT_SIZE: { value: '64', source: 'ntdef.h' },
};

// Names the evaluator implements itself; never macro-expanded even if the workspace defines them.
const INTRINSICS = new Set([
  'sizeof', '__alignof', '__alignof__', 'alignof', '_Alignof', 'TYPE_ALIGNMENT',
  'FIELD_OFFSET', 'UFIELD_OFFSET', 'offsetof', 'RTL_FIELD_SIZE', 'RTL_SIZEOF_THROUGH_FIELD',
  'RTL_NUMBER_OF', 'RTL_NUMBER_OF_V1', 'RTL_NUMBER_OF_V2', 'ARRAYSIZE', '_ARRAYSIZE', '_countof', 'RTL_NUMBER_OF_FIELD',
  'defined',
]);

// ---------------------------------------------------------------------------------------------
// Macro expansion

const MAX_EXPANSION_DEPTH = 32;
const MAX_TOKENS = 20000;

class Unknown extends Error {}

function expand(tokens: Tok[], ctx: ConstEvalContext, hide: ReadonlySet<string>, depth: number, budget: { left: number }): Tok[] {
  if (depth > MAX_EXPANSION_DEPTH) throw new Unknown('macro depth');
  const out: Tok[] = [];
  let i = 0;
  while (i < tokens.length) {
    const tk = tokens[i];
    if (--budget.left < 0) throw new Unknown('macro budget');
    if (tk.k !== 'id' || hide.has(tk.t) || INTRINSICS.has(tk.t)) {
      out.push(tk);
      // Keep an intrinsic's operand unexpanded only for `defined`; other intrinsics take types
      // and expressions whose macros must expand as usual.
      i++;
      continue;
    }
    const def = ctx.macro(tk.t) ?? builtinMacro(tk.t);
    if (!def) {
      out.push(tk);
      i++;
      continue;
    }
    if (def.params) {
      // Function-like: only expands when followed by '('.
      if (tokens[i + 1]?.t !== '(') {
        out.push(tk);
        i++;
        continue;
      }
      const args: Tok[][] = [];
      let depthP = 0;
      let cur: Tok[] = [];
      let j = i + 1;
      for (; j < tokens.length; j++) {
        const t = tokens[j];
        if (t.t === '(') {
          if (depthP++ > 0) cur.push(t);
        } else if (t.t === ')') {
          if (--depthP === 0) break;
          cur.push(t);
        } else if (t.t === ',' && depthP === 1) {
          args.push(cur);
          cur = [];
        } else cur.push(t);
      }
      if (j >= tokens.length) throw new Unknown('unbalanced macro call');
      args.push(cur);
      const body = tokenize(def.value);
      if (!body) throw new Unknown('bad macro body');
      const params = def.params;
      const variadic = params.length > 0 && params[params.length - 1] === '...';
      const named = variadic ? params.slice(0, -1) : params;
      if (args.length === 1 && args[0].length === 0 && named.length === 0) args.length = 0;
      const substituted: Tok[] = [];
      for (let b = 0; b < body.length; b++) {
        const bt = body[b];
        if (bt.t === '#' && body[b + 1]?.k === 'id') throw new Unknown('stringizing');
        if (bt.k === 'id') {
          const pi = named.indexOf(bt.t);
          if (pi >= 0) {
            // Arguments are fully macro-expanded before substitution (except next to ##).
            const adjacentPaste = body[b + 1]?.t === '##' || body[b - 1]?.t === '##';
            const arg = args[pi] ?? [];
            substituted.push(...(adjacentPaste ? arg : expand(arg, ctx, hide, depth + 1, budget)));
            continue;
          }
          if (bt.t === '__VA_ARGS__' && variadic) {
            const rest = args.slice(named.length);
            rest.forEach((a, idx) => {
              if (idx > 0) substituted.push({ k: 'op', t: ',' });
              substituted.push(...expand(a, ctx, hide, depth + 1, budget));
            });
            continue;
          }
        }
        substituted.push(bt);
      }
      const pasted = paste(substituted);
      const inner = new Set(hide);
      inner.add(tk.t);
      out.push(...expand(pasted, ctx, inner, depth + 1, budget));
      i = j + 1;
      continue;
    }
    const body = tokenize(def.value);
    if (!body) throw new Unknown('bad macro body');
    const inner = new Set(hide);
    inner.add(tk.t);
    out.push(...expand(paste(body), ctx, inner, depth + 1, budget));
    if (out.length > MAX_TOKENS) throw new Unknown('expansion too large');
    i++;
  }
  return out;
}

function paste(tokens: Tok[]): Tok[] {
  if (!tokens.some((t) => t.t === '##')) return tokens;
  const out: Tok[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].t === '##' && out.length > 0 && i + 1 < tokens.length) {
      const left = out.pop()!;
      const joined = tokenize(left.t + tokens[i + 1].t);
      if (!joined || joined.length !== 1) throw new Unknown('bad paste');
      out.push(joined[0]);
      i++;
    } else out.push(tokens[i]);
  }
  return out;
}

function builtinMacro(name: string): MacroDef | undefined {
  const b = BUILTIN_CONSTANTS[name];
  return b ? { value: b.value } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Values

interface Val {
  v: bigint;
  u: boolean;
  bits: 32 | 64;
}

function wrap(v: bigint, u: boolean, bits: 32 | 64): Val {
  return { v: u ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v), u, bits };
}

function conv(a: Val, b: Val): { u: boolean; bits: 32 | 64 } {
  if (a.bits === b.bits) return { u: a.u || b.u, bits: a.bits };
  return a.bits > b.bits ? { u: a.u, bits: a.bits } : { u: b.u, bits: b.bits };
}

const INT_MAX = (1n << 31n) - 1n;
const UINT_MAX = (1n << 32n) - 1n;
const LL_MAX = (1n << 63n) - 1n;

function parseIntLiteral(text: string): Val {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)((?:[uU]|[lL]|ll|LL|i64|I64|i32|i16|i8|ui64|UI64|ui32)*)$/.exec(text);
  if (!m) throw new Unknown(`not an integer literal: ${text}`);
  const digits = m[1];
  let v: bigint;
  if (/^0[bB]/.test(digits)) v = BigInt(digits);
  else if (/^0[xX]/.test(digits)) v = BigInt(digits);
  else if (digits.length > 1 && digits[0] === '0') v = BigInt('0o' + digits.slice(1));
  else v = BigInt(digits);
  const suffix = m[2].toLowerCase();
  const unsignedSuffix = suffix.includes('u');
  const wide = suffix.includes('ll') || suffix.includes('i64');
  const decimal = !/^0/.test(digits) || digits === '0';
  if (wide) {
    if (unsignedSuffix || (!decimal && v > LL_MAX)) return wrap(v, true, 64);
    return wrap(v, v > LL_MAX, 64);
  }
  if (unsignedSuffix) return v <= UINT_MAX ? wrap(v, true, 32) : wrap(v, true, 64);
  if (v <= INT_MAX) return wrap(v, false, 32);
  if (!decimal && v <= UINT_MAX) return wrap(v, true, 32);
  if (v <= LL_MAX) return wrap(v, false, 64);
  return wrap(v, true, 64);
}

const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };

function charValue(text: string): Val {
  const q = text.indexOf("'");
  const wide = q > 0;
  const body = text.slice(q + 1, -1);
  const codes: number[] = [];
  for (let i = 0; i < body.length; ) {
    if (body[i] === '\\') {
      const e = body[i + 1];
      if (e === 'x') {
        const m = /^[0-9a-fA-F]+/.exec(body.slice(i + 2));
        if (!m) throw new Unknown('bad escape');
        codes.push(parseInt(m[0], 16));
        i += 2 + m[0].length;
      } else if (/[0-7]/.test(e)) {
        const m = /^[0-7]{1,3}/.exec(body.slice(i + 1))!;
        codes.push(parseInt(m[0], 8));
        i += 1 + m[0].length;
      } else if (ESCAPES[e] !== undefined) {
        codes.push(ESCAPES[e]);
        i += 2;
      } else throw new Unknown('bad escape');
    } else {
      codes.push(body.codePointAt(i)!);
      i += body.codePointAt(i)! > 0xffff ? 2 : 1;
    }
  }
  if (codes.length === 0) throw new Unknown('empty char');
  if (wide) return wrap(BigInt(codes[codes.length - 1]), false, 32);
  // MSVC multi-character constants: 'abcd' packs bytes big-endian into an int (pool tags).
  let v = 0n;
  for (const c of codes.slice(-4)) v = (v << 8n) | BigInt(c & 0xff);
  if (codes.length === 1) v = BigInt.asIntN(8, v); // plain char is signed in MSVC
  return wrap(v, false, 32);
}

function stringBytes(text: string): number {
  const q = text.indexOf('"');
  const prefix = text.slice(0, q);
  const unit = prefix === 'L' || prefix === 'u' ? 2 : prefix === 'U' ? 4 : 1;
  const body = text.slice(q + 1, -1);
  let count = 0;
  for (let i = 0; i < body.length; ) {
    if (body[i] === '\\') {
      const e = body[i + 1];
      if (e === 'x') {
        const m = /^[0-9a-fA-F]+/.exec(body.slice(i + 2));
        i += 2 + (m ? m[0].length : 0);
      } else if (/[0-7]/.test(e)) i += 1 + /^[0-7]{1,3}/.exec(body.slice(i + 1))![0].length;
      else i += 2;
    } else i++;
    count++;
  }
  return (count + 1) * unit;
}

// ---------------------------------------------------------------------------------------------
// Parser (precedence climbing over the expanded tokens)

const BINARY_PREC: Record<string, number> = {
  '*': 10, '/': 10, '%': 10,
  '+': 9, '-': 9,
  '<<': 8, '>>': 8,
  '<': 7, '>': 7, '<=': 7, '>=': 7,
  '==': 6, '!=': 6,
  '&': 5, '^': 4, '|': 3, '&&': 2, '||': 1,
};

const TYPE_KEYWORDS = new Set(['struct', 'union', 'enum', 'class', 'const', 'volatile', 'unsigned', 'signed', 'int', 'char', 'short', 'long', 'void', 'float', 'double', '__int8', '__int16', '__int32', '__int64', 'bool', '_Bool', 'wchar_t']);

function joinTokens(toks: Tok[]): string {
  let s = '';
  for (const t of toks) {
    if (s && /[A-Za-z0-9_$'"]$/.test(s) && /^[A-Za-z0-9_$'"]/.test(t.t)) s += ' ';
    s += t.t;
  }
  return s;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly ctx: ConstEvalContext,
  ) {}

  parseAll(): Val {
    const v = this.comma();
    if (this.pos !== this.toks.length) throw new Unknown(`trailing tokens at ${this.toks[this.pos]?.t}`);
    return v;
  }

  private peek(o = 0): Tok | undefined {
    return this.toks[this.pos + o];
  }
  private eat(t: string): boolean {
    if (this.peek()?.t === t && this.peek()?.k === 'op') {
      this.pos++;
      return true;
    }
    return false;
  }
  private expect(t: string): void {
    if (!this.eat(t)) throw new Unknown(`expected ${t}`);
  }

  private comma(): Val {
    let v = this.conditional();
    while (this.eat(',')) v = this.conditional();
    return v;
  }

  private conditional(): Val {
    const c = this.binary(1);
    if (!this.eat('?')) return c;
    const a = this.comma();
    this.expect(':');
    const b = this.conditional();
    const t = conv(a, b);
    return wrap(c.v !== 0n ? a.v : b.v, t.u, t.bits);
  }

  private binary(minPrec: number): Val {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      if (!op || op.k !== 'op') break;
      const prec = BINARY_PREC[op.t];
      if (prec === undefined || prec < minPrec) break;
      this.pos++;
      const right = this.binary(prec + 1);
      left = applyBinary(op.t, left, right);
    }
    return left;
  }

  private unary(): Val {
    const t = this.peek();
    if (!t) throw new Unknown('unexpected end');
    if (t.k === 'op') {
      switch (t.t) {
        case '-': {
          this.pos++;
          const v = this.unary();
          return wrap(-v.v, v.u, v.bits);
        }
        case '+':
          this.pos++;
          return this.unary();
        case '~': {
          this.pos++;
          const v = this.unary();
          return wrap(~v.v, v.u, v.bits);
        }
        case '!': {
          this.pos++;
          const v = this.unary();
          return wrap(v.v === 0n ? 1n : 0n, false, 32);
        }
        case '(': {
          const close = this.matching(this.pos);
          const inner = this.toks.slice(this.pos + 1, close);
          const castType = this.castTypeOf(inner, close);
          if (castType !== undefined) {
            this.pos = close + 1;
            const v = this.unary();
            return castType === null ? v : castTo(v, castType);
          }
          this.pos++;
          const v = this.comma();
          this.expect(')');
          return v;
        }
      }
    }
    if (t.k === 'id') {
      switch (t.t) {
        case 'sizeof':
          this.pos++;
          return this.sizeofOperand();
        case '__alignof':
        case '__alignof__':
        case 'alignof':
        case '_Alignof':
        case 'TYPE_ALIGNMENT': {
          this.pos++;
          const text = this.parenText();
          const info = this.ctx.typeInfo?.(text);
          if (!info || info.align === null) throw new Unknown(`alignof ${text}`);
          return this.sizeT(info.align);
        }
        case 'FIELD_OFFSET':
        case 'UFIELD_OFFSET':
        case 'offsetof':
        case 'RTL_FIELD_SIZE':
        case 'RTL_SIZEOF_THROUGH_FIELD':
        case 'RTL_NUMBER_OF_FIELD': {
          this.pos++;
          const [typeText, member] = this.twoArgs();
          const f = this.ctx.fieldInfo?.(typeText, member);
          if (!f) throw new Unknown(`${t.t}(${typeText}, ${member})`);
          let r: number | null | undefined;
          if (t.t === 'RTL_FIELD_SIZE') r = f.size;
          else if (t.t === 'RTL_NUMBER_OF_FIELD') r = f.count;
          else if (t.t === 'RTL_SIZEOF_THROUGH_FIELD') r = f.offset !== null && f.size !== null ? f.offset + f.size : null;
          else r = f.offset;
          if (r === null || r === undefined) throw new Unknown(`${t.t} unresolved`);
          // FIELD_OFFSET is (LONG) in ntdef.h; the others are size_t.
          return t.t === 'FIELD_OFFSET' ? wrap(BigInt(r), false, 32) : this.sizeT(r);
        }
        case 'RTL_NUMBER_OF':
        case 'RTL_NUMBER_OF_V1':
        case 'RTL_NUMBER_OF_V2':
        case 'ARRAYSIZE':
        case '_ARRAYSIZE':
        case '_countof': {
          this.pos++;
          const text = this.parenText();
          const n = this.ctx.countofExpr?.(text);
          if (n === null || n === undefined) throw new Unknown(`countof ${text}`);
          return this.sizeT(n);
        }
        case 'true':
          this.pos++;
          return wrap(1n, false, 32);
        case 'false':
        case 'nullptr':
          this.pos++;
          return wrap(0n, false, 32);
      }
      this.pos++;
      const e = this.ctx.enumConstant?.(t.t);
      if (e === undefined || e === null) throw new Unknown(`identifier ${t.t}`);
      return wrap(BigInt(e), false, BigInt(e) > INT_MAX || BigInt(e) < -INT_MAX - 1n ? 64 : 32);
    }
    if (t.k === 'num') {
      this.pos++;
      return parseIntLiteral(t.t);
    }
    if (t.k === 'char') {
      this.pos++;
      return charValue(t.t);
    }
    throw new Unknown(`unexpected ${t.t}`);
  }

  private sizeT(n: number): Val {
    return wrap(BigInt(n), true, this.ctx.arch === 'x86' ? 32 : 64);
  }

  private matching(openPos: number): number {
    let depth = 0;
    for (let i = openPos; i < this.toks.length; i++) {
      const t = this.toks[i];
      if (t.k !== 'op') continue;
      if (t.t === '(' || t.t === '[') depth++;
      else if (t.t === ')' || t.t === ']') {
        depth--;
        if (depth === 0) return i;
      }
    }
    throw new Unknown('unbalanced parentheses');
  }

  /** Text between the parentheses that follow, consuming them. */
  private parenText(): string {
    if (this.peek()?.t !== '(') throw new Unknown('expected (');
    const close = this.matching(this.pos);
    const text = joinTokens(this.toks.slice(this.pos + 1, close));
    this.pos = close + 1;
    return text;
  }

  private twoArgs(): [string, string] {
    if (this.peek()?.t !== '(') throw new Unknown('expected (');
    const close = this.matching(this.pos);
    const inner = this.toks.slice(this.pos + 1, close);
    this.pos = close + 1;
    let depth = 0;
    for (let i = 0; i < inner.length; i++) {
      const t = inner[i];
      if (t.t === '(' || t.t === '[' || t.t === '<') depth++;
      else if (t.t === ')' || t.t === ']' || t.t === '>') depth--;
      else if (t.t === ',' && depth === 0) return [joinTokens(inner.slice(0, i)), joinTokens(inner.slice(i + 1))];
    }
    throw new Unknown('expected two arguments');
  }

  private sizeofOperand(): Val {
    const t = this.peek();
    if (t?.t === '(') {
      const close = this.matching(this.pos);
      const inner = this.toks.slice(this.pos + 1, close);
      const text = joinTokens(inner);
      // A parenthesised operand followed by more postfix syntax is an expression: sizeof (x)[0].
      const info = this.ctx.typeInfo?.(text);
      if (info !== undefined) {
        this.pos = close + 1;
        if (info.size === null) throw new Unknown(`sizeof ${text}`);
        return this.sizeT(info.size);
      }
      if (inner.length === 1 && inner[0].k === 'str') {
        this.pos = close + 1;
        return this.sizeT(stringBytes(inner[0].t));
      }
      this.pos = close + 1;
      return this.sizeT(this.sizeofExpr(text));
    }
    if (t?.k === 'str') {
      this.pos++;
      return this.sizeT(stringBytes(t.t));
    }
    // sizeof unary-expression: `*`s, an identifier and postfix member/index accesses.
    const start = this.pos;
    while (this.peek()?.t === '*') this.pos++;
    if (this.peek()?.k !== 'id') throw new Unknown('sizeof operand');
    this.pos++;
    for (;;) {
      const p = this.peek();
      if (p?.t === '.' || p?.t === '->') {
        this.pos++;
        if (this.peek()?.k !== 'id') throw new Unknown('member');
        this.pos++;
      } else if (p?.t === '[') {
        this.pos = this.matching(this.pos) + 1;
      } else break;
    }
    return this.sizeT(this.sizeofExpr(joinTokens(this.toks.slice(start, this.pos))));
  }

  private sizeofExpr(text: string): number {
    const n = this.ctx.sizeofExpr?.(text);
    if (n === null || n === undefined) throw new Unknown(`sizeof ${text}`);
    return n;
  }

  /**
   * When `( inner )` at the current position is a cast, the target type's info (null = a
   * pointer or otherwise non-truncating cast); undefined when it is a parenthesised expression.
   */
  private castTypeOf(inner: Tok[], close: number): TypeSizeInfo & { unsigned: boolean } | null | undefined {
    if (inner.length === 0) return undefined;
    const next = this.toks[close + 1];
    const startsOperand = next !== undefined && (next.k !== 'op' || ['(', '-', '+', '~', '!', '*', '&'].includes(next.t));
    if (!startsOperand) return undefined;
    const text = joinTokens(inner);
    const isPointer = inner[inner.length - 1].t === '*';
    const keywordType = inner.every((t) => t.k === 'id' && TYPE_KEYWORDS.has(t.t)) || TYPE_KEYWORDS.has(inner[0].t);
    if (inner.length === 1 && inner[0].k === 'id' && this.ctx.enumConstant?.(inner[0].t) !== undefined) return undefined;
    const info = this.ctx.typeInfo?.(text);
    if (info === undefined && !keywordType && !isPointer) return undefined;
    if (isPointer || !info || info.size === null || info.size > 8) return null;
    const base = inner.filter((t) => t.t !== 'const' && t.t !== 'volatile').map((t) => t.t);
    const unsigned = base.includes('unsigned') || /^(U|DWORD|WORD|BYTE|SIZE_T|size_t|BOOLEAN|uint|uintptr_t|KAFFINITY|ACCESS_MASK|KIRQL|bool)/.test(base[0] ?? '');
    return { ...info, unsigned };
  }
}

function castTo(v: Val, t: TypeSizeInfo & { unsigned: boolean }): Val {
  const size = t.size ?? 4;
  const narrowBits = size * 8;
  const truncated = t.unsigned ? BigInt.asUintN(narrowBits, v.v) : BigInt.asIntN(narrowBits, v.v);
  // Narrow types promote back to int; 4-byte unsigned stays unsigned int; 8-byte keeps 64 bits.
  if (size < 4) return wrap(truncated, false, 32);
  return wrap(truncated, t.unsigned, size === 8 ? 64 : 32);
}

function applyBinary(op: string, a: Val, b: Val): Val {
  if (op === '&&') return wrap(a.v !== 0n && b.v !== 0n ? 1n : 0n, false, 32);
  if (op === '||') return wrap(a.v !== 0n || b.v !== 0n ? 1n : 0n, false, 32);
  if (op === '<<' || op === '>>') {
    if (b.v < 0n || b.v >= BigInt(a.bits)) throw new Unknown('shift out of range');
    const r = op === '<<' ? a.v << b.v : a.v >> b.v;
    return wrap(r, a.u, a.bits);
  }
  const t = conv(a, b);
  const x = t.u ? BigInt.asUintN(t.bits, a.v) : BigInt.asIntN(t.bits, a.v);
  const y = t.u ? BigInt.asUintN(t.bits, b.v) : BigInt.asIntN(t.bits, b.v);
  switch (op) {
    case '*':
      return wrap(x * y, t.u, t.bits);
    case '/':
      if (y === 0n) throw new Unknown('division by zero');
      return wrap(x / y, t.u, t.bits);
    case '%':
      if (y === 0n) throw new Unknown('division by zero');
      return wrap(x % y, t.u, t.bits);
    case '+':
      return wrap(x + y, t.u, t.bits);
    case '-':
      return wrap(x - y, t.u, t.bits);
    case '<':
      return wrap(x < y ? 1n : 0n, false, 32);
    case '>':
      return wrap(x > y ? 1n : 0n, false, 32);
    case '<=':
      return wrap(x <= y ? 1n : 0n, false, 32);
    case '>=':
      return wrap(x >= y ? 1n : 0n, false, 32);
    case '==':
      return wrap(x === y ? 1n : 0n, false, 32);
    case '!=':
      return wrap(x !== y ? 1n : 0n, false, 32);
    case '&':
      return wrap(x & y, t.u, t.bits);
    case '^':
      return wrap(x ^ y, t.u, t.bits);
    case '|':
      return wrap(x | y, t.u, t.bits);
  }
  throw new Unknown(`operator ${op}`);
}

export interface ConstEvalResult {
  value: number | null;
  /** Why the value is unknown (for hovers and debugging). */
  reason?: string;
}

/** Evaluate with a reason when unknown. */
export function evalConstExprDetailed(text: string, ctx: ConstEvalContext): ConstEvalResult {
  try {
    if (text.length > 4000) return { value: null, reason: 'expression too long' };
    const toks = tokenize(text);
    if (!toks) return { value: null, reason: 'not an expression' };
    if (toks.length === 0) return { value: null, reason: 'empty' };
    const expanded = expand(toks, ctx, new Set(), 0, { left: MAX_TOKENS });
    const v = new Parser(expanded, ctx).parseAll();
    const n = Number(v.v);
    if (!Number.isSafeInteger(n)) return { value: null, reason: 'value out of range' };
    return { value: n };
  } catch (e) {
    if (e instanceof Unknown) return { value: null, reason: e.message };
    if (e instanceof RangeError) return { value: null, reason: 'recursion limit' };
    throw e;
  }
}

/** The integer value of a constant expression, or null when it cannot be determined. */
export function evalConstExpr(text: string, ctx: ConstEvalContext): number | null {
  return evalConstExprDetailed(text, ctx).value;
}
