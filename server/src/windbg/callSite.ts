// The "Call Site" part of a WinDbg frame line: `module!symbol+0xoffset`, `module+0xoffset`, a
// bare `0x7c82ed54`, with optional kp parameters `(...)`, kv annotations `(FPO: ...)`,
// `(TrapFrame @ ...)`, inline markers and a `[file @ line]` source annotation. C++ names keep
// their spaces (`operator delete`, `` `scalar deleting destructor' ``, template arguments).

export interface CallSite {
  module: string | null;
  symbol: string | null;
  /** `0x45` (lower-case), or null. */
  offset: string | null;
  /** Bare address call site (`0x7c82ed54`), lower-case, or null. */
  address: string | null;
  source: { file: string; line: number } | null;
  /** `(Inline Function)` / `[Inline Function]` seen in the call site text. */
  inline: boolean;
  /** `(TrapFrame @ addr)` annotation (kv), as printed. */
  trapFrame: string | null;
  /** kp/kP parameter text between the outer parentheses, or null. */
  params: string | null;
  /** Only a module name (`DRIVER_A`) — plausible only when address columns vouch for the line. */
  moduleOnly: boolean;
  /** The symbol has spaces that C++ names do not explain: prose, unless columns vouch for it. */
  looseSpaces: boolean;
}

const BARE_ADDRESS = /^0[xX]([0-9a-fA-F]{1,8}(?:`?[0-9a-fA-F]{8})?)$/;
const SOURCE_AT_END = /\s*\[([^\[\]]*?)\s+@\s+(\d{1,9})\s*\]\s*$/;
const INLINE_MARKERS = /\((?:Inline Function|Inline)\)|\[Inline Function\]/gi;
const ANNOTATION_HEAD = /^(?:FPO:|CONV:|TrapFrame\b|ExceptionFrame\b|Inline\b)/i;
const PARAMS_LIKE = /=|^\s*void\s*$|^\s*$|<function>|\*|\bstruct\b|\bunsigned\b|\bint\b|\blong\b|\bchar\b|\bclass\b/;

/** Index of the `(` matching the `)` at `close`, or -1. Linear, bounded by the text. */
function matchingOpen(s: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c === 41 /* ) */) depth++;
    else if (c === 40 /* ( */) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Spaces outside template brackets and `quoted' names, not after `operator`, not ` ?? `. */
function hasLooseSpaces(symbol: string): boolean {
  if (symbol.indexOf(' ') < 0) return false;
  let angle = 0;
  let quoted = false;
  for (let i = 0; i < symbol.length; i++) {
    const c = symbol[i];
    if (c === '`') quoted = true;
    else if (c === "'" && quoted) quoted = false;
    else if (c === '<') angle++;
    else if (c === '>' && angle > 0) angle--;
    else if (c === ' ' && !quoted && angle === 0) {
      const before = symbol.slice(Math.max(0, i - 8), i);
      if (before.endsWith('operator')) continue;
      // `nt! ?? ::FNODOBFM::`string'` (code in a cold section)
      if (symbol.slice(i, i + 4) === ' ?? ' || before.endsWith('??')) continue;
      return true;
    }
  }
  return false;
}

function isModuleChar(c: number): boolean {
  // A-Z a-z 0-9 _ . $ -
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 36 || c === 45;
}

function isModuleName(s: string, end = s.length): boolean {
  if (end === 0) return false;
  for (let i = 0; i < end; i++) if (!isModuleChar(s.charCodeAt(i))) return false;
  return true;
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Position of a trailing `+0x<hex>` offset, or -1. */
function offsetStart(s: string): number {
  const p = s.lastIndexOf('+0');
  if (p < 0 || p + 3 >= s.length) return -1;
  const x = s.charCodeAt(p + 2);
  if (x !== 120 && x !== 88) return -1;
  for (let i = p + 3; i < s.length; i++) if (!isHexDigit(s.charCodeAt(i))) return -1;
  return p;
}

/** `0x1f2` from `...+0x1F2` at `plus`; one slice when it is already lower-case (the usual case). */
function offsetText(s: string, plus: number): string {
  const t = s.slice(plus + 1);
  for (let i = 1; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 65 && c <= 90) return t.toLowerCase();
  }
  return t;
}

function make(
  module: string | null,
  symbol: string | null,
  offset: string | null,
  address: string | null,
  source: CallSite['source'],
  inline: boolean,
  trapFrame: string | null,
  params: string | null,
  moduleOnly: boolean,
  looseSpaces: boolean,
): CallSite {
  return { module, symbol, offset, address, source, inline, trapFrame, params, moduleOnly, looseSpaces };
}

/** Parses call-site text; null when it is not a call site at all. */
export function parseCallSite(text: string): CallSite | null {
  let s = text.trim();
  if (!s) return null;
  let inline = false;
  if (s.indexOf('nline') >= 0) {
    const stripped = s.replace(INLINE_MARKERS, ' ');
    if (stripped !== s) {
      inline = true;
      s = stripped.replace(/\s+/g, ' ').trim();
    }
  }
  let source: CallSite['source'] = null;
  let trapFrame: string | null = null;
  // Strip trailing decorations, innermost last: `sym (FPO: [0,0,0]) (CONV: stdcall) [a.c @ 12]`.
  for (let round = 0; round < 8 && s; round++) {
    const last = s.charCodeAt(s.length - 1);
    if (last === 93 /* ] */) {
      const src: RegExpExecArray | null = source ? null : SOURCE_AT_END.exec(s);
      if (src) {
        source = { file: src[1].trim(), line: Number(src[2]) };
        s = s.slice(0, src.index).trimEnd();
        continue;
      }
      // A stray closing bracket left by prose around a paste (`nt!KxStartSystemThread ]`).
      if (s.length > 1 && s.charCodeAt(s.length - 2) === 32 && s.indexOf('[') < 0) {
        s = s.slice(0, -1).trimEnd();
        continue;
      }
    } else if (last === 41 /* ) */) {
      const open = matchingOpen(s, s.length - 1);
      if (open > 0) {
        const inner = s.slice(open + 1, -1).trim();
        if (ANNOTATION_HEAD.test(inner)) {
          const tf = /TrapFrame\s*@\s*([0-9a-fA-F`]+)/.exec(inner);
          if (tf) trapFrame = tf[1];
          s = s.slice(0, open).trimEnd();
          continue;
        }
      }
    }
    break;
  }
  if (!s) return null;
  if (s.charCodeAt(0) === 48 /* 0 */ && (s.charCodeAt(1) | 32) === 120 /* x */) {
    const bare = BARE_ADDRESS.exec(s);
    if (bare) return make(null, null, null, '0x' + bare[1].replace('`', '').toLowerCase(), source, inline, trapFrame, null, false, false);
  }
  const bang = s.indexOf('!');
  if (bang < 0) {
    const off = offsetStart(s);
    if (off > 0 && isModuleName(s, off)) {
      return make(s.slice(0, off), null, offsetText(s, off), null, source, inline, trapFrame, null, false, false);
    }
    if (isModuleName(s) && !/^[0-9a-fA-F]+$/.test(s)) return make(s, null, null, null, source, inline, trapFrame, null, true, false);
    return null;
  }
  if (!isModuleName(s, bang)) return null;
  const module = s.slice(0, bang);
  let rest = s.slice(bang + 1);
  const first = rest.charAt(0);
  if (!first || first === '[' || first === '(' || first === ':' || first === ',' || first === '!' || first === '"') return null;
  if (first === ' ' && !/^\s*\?\?/.test(rest)) return null;
  rest = rest.trim();
  let offset: string | null = null;
  const off = offsetStart(rest);
  if (off >= 0) {
    offset = offsetText(rest, off);
    rest = rest.slice(0, off);
  }
  let params: string | null = null;
  // kp: `Func(type name = value, ...)`; keep `operator()` itself.
  if (rest.charCodeAt(rest.length - 1) === 41) {
    const open = matchingOpen(rest, rest.length - 1);
    if (open > 0) {
      const inner = rest.slice(open + 1, -1);
      const head = rest.slice(0, open);
      const isCallOperator = inner.trim() === '' && head.endsWith('operator');
      if (!isCallOperator && PARAMS_LIKE.test(inner)) {
        params = inner.trim();
        rest = head.trimEnd();
      }
    }
  }
  const symbol = rest.trim() || null;
  // `Ntfs!NtfsInitializeIrpContext+0xc:` heads a disassembly listing (`u`, `.tss`, `r`), not a frame.
  if (symbol && symbol.endsWith(':') && !symbol.endsWith('::')) return null;
  if (!symbol && s.endsWith(':')) return null;
  return make(module, symbol, offset, null, source, inline, trapFrame, params, false, symbol ? hasLooseSpaces(symbol) : false);
}

/** `Ntfs!NtfsFsdRead+0xb7`, `DRIVER_A+0x28be`, `0x7c82ed54` — for labels and tables. */
export function callSiteLabel(f: { module: string | null; symbol: string | null; offset: string | null; address?: string | null }): string {
  if (f.module && f.symbol) return `${f.module}!${f.symbol}${f.offset ? '+' + f.offset : ''}`;
  if (f.module) return `${f.module}${f.offset ? '+' + f.offset : ''}`;
  if (f.address) return f.address;
  return f.symbol ?? '?';
}
