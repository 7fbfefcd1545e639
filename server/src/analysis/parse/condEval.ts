// Evaluates `#if` / `#elif` expressions without a preprocessor, in three-valued logic:
// a number, or null when the answer depends on something we cannot know (a macro from a header
// we do not read). Short-circuit operators keep answers exact where possible: `0 && X` is 0.

/** What a macro is in one configuration: defined or not (null = unknown) and its numeric value (null = unknown). */
export interface MacroInfo {
  defined: boolean | null;
  value: number | null;
}

export type MacroLookup = (name: string) => MacroInfo;

const UNKNOWN_MACRO: MacroInfo = { defined: null, value: null };

type Tok = { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string };

const OPS3 = ['<<=', '>>='];
const OPS2 = ['&&', '||', '==', '!=', '<=', '>=', '<<', '>>'];

export function tokenizeCondition(expr: string): Tok[] | null {
  const toks: Tok[] = [];
  const n = expr.length;
  let i = 0;
  while (i < n) {
    const c = expr.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 92 /* \ */) {
      i++;
      continue;
    }
    if (c === 47 && expr.charCodeAt(i + 1) === 47) break; // `// comment` ends the condition
    if (c === 47 && expr.charCodeAt(i + 1) === 42) {
      const e = expr.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i;
      while (j < n && /[0-9A-Za-z_.]/.test(expr[j])) j++;
      const raw = expr.slice(i, j).replace(/[uUlL]+$/, '');
      let v: number;
      if (/^0[xX][0-9a-fA-F]+$/.test(raw)) v = parseInt(raw.slice(2), 16);
      else if (/^0[bB][01]+$/.test(raw)) v = parseInt(raw.slice(2), 2);
      else if (/^0[0-7]+$/.test(raw)) v = parseInt(raw, 8);
      else if (/^[0-9]+$/.test(raw)) v = parseInt(raw, 10);
      else return null;
      toks.push({ t: 'num', v });
      i = j;
      continue;
    }
    if (c === 39 /* ' */) {
      // Character constant: 'A' or '\n'.
      const m = /^'(\\.|[^'\\])'/.exec(expr.slice(i, i + 4));
      if (!m) return null;
      const ch = m[1];
      toks.push({ t: 'num', v: ch.length === 2 ? ({ n: 10, t: 9, r: 13, '0': 0 } as Record<string, number>)[ch[1]] ?? ch.charCodeAt(1) : ch.charCodeAt(0) });
      i += m[0].length;
      continue;
    }
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
      let j = i + 1;
      while (j < n) {
        const d = expr.charCodeAt(j);
        if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 57) || d === 95) j++;
        else break;
      }
      toks.push({ t: 'id', v: expr.slice(i, j) });
      i = j;
      continue;
    }
    const three = expr.substr(i, 3);
    if (OPS3.includes(three)) return null;
    const two = expr.substr(i, 2);
    if (OPS2.includes(two)) {
      toks.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if ('()!~+-*/%<>&|^?:,'.includes(expr[i])) {
      toks.push({ t: 'op', v: expr[i] });
      i++;
      continue;
    }
    return null; // strings, `#`, anything odd: unknown
  }
  return toks;
}

const BINARY_PREC: Record<string, number> = {
  '*': 10, '/': 10, '%': 10,
  '+': 9, '-': 9,
  '<<': 8, '>>': 8,
  '<': 7, '>': 7, '<=': 7, '>=': 7,
  '==': 6, '!=': 6,
  '&': 5, '^': 4, '|': 3,
  '&&': 2, '||': 1,
};

class Evaluator {
  private i = 0;
  private depth = 0;
  constructor(private readonly toks: Tok[], private readonly lookup: MacroLookup) {}

  run(): number | null {
    const v = this.ternary();
    if (this.i !== this.toks.length) return null;
    return v;
  }

  private peekOp(v: string): boolean {
    const t = this.toks[this.i];
    return t !== undefined && t.t === 'op' && t.v === v;
  }

  private ternary(): number | null {
    const c = this.binary(1);
    if (!this.peekOp('?')) return c;
    this.i++;
    const a = this.ternary();
    if (!this.peekOp(':')) throw new Error('bad ?:');
    this.i++;
    const b = this.ternary();
    if (c === null) return a !== null && a === b ? a : null;
    return c !== 0 ? a : b;
  }

  private binary(minPrec: number): number | null {
    if (++this.depth > 200) throw new Error('too deep');
    let left = this.unary();
    for (;;) {
      const t = this.toks[this.i];
      if (!t || t.t !== 'op') break;
      const prec = BINARY_PREC[t.v];
      if (prec === undefined || prec < minPrec) break;
      this.i++;
      const right = this.binary(prec + 1);
      left = applyBinary(t.v, left, right);
    }
    this.depth--;
    return left;
  }

  private unary(): number | null {
    const t = this.toks[this.i];
    if (!t) throw new Error('unexpected end');
    if (t.t === 'op') {
      if (t.v === '(') {
        this.i++;
        const v = this.ternary();
        if (!this.peekOp(')')) throw new Error('missing )');
        this.i++;
        return v;
      }
      if (t.v === '!' || t.v === '-' || t.v === '+' || t.v === '~') {
        this.i++;
        if (++this.depth > 200) throw new Error('too deep');
        const v = this.unary();
        this.depth--;
        if (v === null) return null;
        return t.v === '!' ? (v === 0 ? 1 : 0) : t.v === '-' ? -v : t.v === '~' ? ~v : v;
      }
      throw new Error('unexpected operator');
    }
    this.i++;
    if (t.t === 'num') return t.v;
    if (t.v === 'defined') {
      let paren = false;
      if (this.peekOp('(')) {
        paren = true;
        this.i++;
      }
      const name = this.toks[this.i];
      if (!name || name.t !== 'id') throw new Error('defined without a name');
      this.i++;
      if (paren) {
        if (!this.peekOp(')')) throw new Error('missing )');
        this.i++;
      }
      const d = this.lookup(name.v).defined;
      return d === null ? null : d ? 1 : 0;
    }
    if (t.v === 'true') return 1;
    if (t.v === 'false') return 0;
    if (this.peekOp('(')) {
      // A function-like macro invocation we cannot expand: skip its arguments, unknown value.
      let depth = 0;
      for (; this.i < this.toks.length; this.i++) {
        const x = this.toks[this.i];
        if (x.t === 'op' && x.v === '(') depth++;
        else if (x.t === 'op' && x.v === ')' && --depth === 0) {
          this.i++;
          break;
        }
      }
      return null;
    }
    const m = this.lookup(t.v);
    if (m.value !== null) return m.value;
    if (m.defined === false) return 0; // an undefined identifier is 0 in #if
    return null;
  }
}

function applyBinary(op: string, a: number | null, b: number | null): number | null {
  if (op === '&&') {
    if (a === 0 || b === 0) return 0;
    if (a === null || b === null) return null;
    return 1;
  }
  if (op === '||') {
    if ((a !== null && a !== 0) || (b !== null && b !== 0)) return 1;
    if (a === null || b === null) return null;
    return 0;
  }
  if (a === null || b === null) return null;
  switch (op) {
    case '*': return Math.trunc(a * b);
    case '/': return b === 0 ? null : Math.trunc(a / b);
    case '%': return b === 0 ? null : a % b;
    case '+': return a + b;
    case '-': return a - b;
    case '<<': return a * Math.pow(2, b);
    case '>>': return Math.floor(a / Math.pow(2, b));
    case '<': return a < b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '&': return a & b;
    case '^': return a ^ b;
    case '|': return a | b;
  }
  return null;
}

/** Evaluates a tokenized condition; null = unknown (including malformed input). */
export function evaluateCondition(toks: Tok[] | null, lookup: MacroLookup): number | null {
  if (toks === null || toks.length === 0) return null;
  try {
    return new Evaluator(toks, lookup).run();
  } catch {
    return null;
  }
}

export { UNKNOWN_MACRO };
export type { Tok as ConditionToken };
