// IRQL level numbers and the parser for IRQL text, shared by the DDI table (the docs' req.irql
// strings), role typedefs and SAL annotation arguments (`_IRQL_requires_max_(DISPATCH_LEVEL)`).
//
// Source of the numbers: km/wdm.h of the WDK (10.0.22621.0), the per-architecture
// "Interrupt Request Level definitions" blocks under `#if defined(_X86_)`, `_AMD64_`, `_ARM64_`;
// SYNCH_LEVEL is not in the public wdm.h: the arm64 multiprocessor value 12 is in shared/ksarm64.h
// of the same kit and x64 uses the same value.
//
// The analysis works with one numbering, the x64/arm64 one (their levels are identical): levels
// 0..2 are the same everywhere, and everything above DISPATCH_LEVEL only matters as "above
// DISPATCH_LEVEL" for the rules. DIRQL (device IRQLs) is the range between DISPATCH_LEVEL and
// CLOCK_LEVEL: 3..12 on x64/arm64, 3..26 on x86 (where CLOCK_LEVEL is 28 and PROFILE_LEVEL 27).
import type { Arch } from '../../model';

export const PASSIVE_LEVEL = 0;
export const APC_LEVEL = 1;
export const DISPATCH_LEVEL = 2;
/** Lowest device IRQL (first level above DISPATCH_LEVEL). */
export const DIRQL_MIN = 3;
/** Highest device IRQL in the canonical (x64/arm64) numbering: CLOCK_LEVEL - 1. */
export const DIRQL_MAX = 12;
export const SYNCH_LEVEL = 12;
export const CLOCK_LEVEL = 13;
export const IPI_LEVEL = 14;
export const POWER_LEVEL = 14;
export const PROFILE_LEVEL = 15;
export const HIGH_LEVEL = 15;

/** wdm.h values per target, for display and for users who compare raw numbers. */
export const IRQL_LEVELS_BY_ARCH: Readonly<Record<Arch, Readonly<Record<string, number>>>> = {
  x86: {
    PASSIVE_LEVEL: 0, LOW_LEVEL: 0, APC_LEVEL: 1, DISPATCH_LEVEL: 2, CMCI_LEVEL: 5,
    PROFILE_LEVEL: 27, CLOCK1_LEVEL: 28, CLOCK2_LEVEL: 28, CLOCK_LEVEL: 28, IPI_LEVEL: 29,
    POWER_LEVEL: 30, HIGH_LEVEL: 31,
  },
  x64: {
    PASSIVE_LEVEL: 0, LOW_LEVEL: 0, APC_LEVEL: 1, DISPATCH_LEVEL: 2, CMCI_LEVEL: 5,
    SYNCH_LEVEL: 12, CLOCK_LEVEL: 13, IPI_LEVEL: 14, DRS_LEVEL: 14, POWER_LEVEL: 14,
    PROFILE_LEVEL: 15, HIGH_LEVEL: 15,
  },
  arm64: {
    PASSIVE_LEVEL: 0, LOW_LEVEL: 0, APC_LEVEL: 1, DISPATCH_LEVEL: 2,
    SYNCH_LEVEL: 12, CLOCK_LEVEL: 13, IPI_LEVEL: 14, DRS_LEVEL: 14, POWER_LEVEL: 14,
    PROFILE_LEVEL: 15, HIGH_LEVEL: 15,
  },
};

export const IRQL_LEVELS_SOURCE = 'wdm.h (WDK 10.0.22621.0): Interrupt Request Level definitions per architecture; SYNCH_LEVEL from ksarm64.h';

/**
 * Canonical (x64/arm64) value of each symbolic level. `DIRQL` is a range, handled separately.
 * x86 differs above DISPATCH_LEVEL only (see IRQL_LEVELS_BY_ARCH).
 */
const SYMBOLS: ReadonlyMap<string, number> = new Map([
  ['PASSIVE_LEVEL', PASSIVE_LEVEL],
  ['LOW_LEVEL', PASSIVE_LEVEL],
  ['APC_LEVEL', APC_LEVEL],
  ['DISPATCH_LEVEL', DISPATCH_LEVEL],
  ['CMCI_LEVEL', 5],
  ['SYNCH_LEVEL', SYNCH_LEVEL],
  ['CLOCK_LEVEL', CLOCK_LEVEL],
  ['CLOCK1_LEVEL', CLOCK_LEVEL],
  ['CLOCK2_LEVEL', CLOCK_LEVEL],
  ['IPI_LEVEL', IPI_LEVEL],
  ['DRS_LEVEL', IPI_LEVEL],
  ['POWER_LEVEL', POWER_LEVEL],
  ['PROFILE_LEVEL', PROFILE_LEVEL],
  ['HIGH_LEVEL', HIGH_LEVEL],
  // Spellings the docs use in prose-like req.irql values.
  ['PASSIVE', PASSIVE_LEVEL],
  ['APC', APC_LEVEL],
  ['DISPATCH', DISPATCH_LEVEL],
  ['DPC_LEVEL', DISPATCH_LEVEL],
]);

/**
 * Display name of a level. Canonical numbering unless `arch` is given; device levels are shown as
 * `DIRQL (n)` because drivers never see a symbolic name for them.
 */
export function irqlName(level: number, arch: Arch = 'x64'): string {
  if (!Number.isInteger(level) || level < 0) return `IRQL ${level}`;
  if (level === 0) return 'PASSIVE_LEVEL';
  if (level === 1) return 'APC_LEVEL';
  if (level === 2) return 'DISPATCH_LEVEL';
  if (arch === 'x86') {
    if (level <= 26) return `DIRQL (${level})`;
    if (level === 27) return 'PROFILE_LEVEL';
    if (level === 28) return 'CLOCK_LEVEL';
    if (level === 29) return 'IPI_LEVEL';
    if (level === 30) return 'POWER_LEVEL';
    if (level === 31) return 'HIGH_LEVEL';
    return `IRQL ${level}`;
  }
  if (level <= DIRQL_MAX) return `DIRQL (${level})`;
  if (level === CLOCK_LEVEL) return 'CLOCK_LEVEL';
  if (level === IPI_LEVEL) return 'IPI_LEVEL';
  if (level === HIGH_LEVEL) return 'HIGH_LEVEL';
  return `IRQL ${level}`;
}

export interface IrqlBounds {
  min?: number;
  max?: number;
}

/** One level operand: a symbol, DIRQL, a number, or symbol ± number. Returns a range. */
function operand(raw: string): { lo: number; hi: number } | null {
  let s = raw.trim();
  while (s.startsWith('(') && s.endsWith(')')) s = s.slice(1, -1).trim();
  // `(KIRQL)DISPATCH_LEVEL`
  s = s.replace(/^\(\s*KIRQL\s*\)\s*/i, '').replace(/^at\s+/i, '');
  const up = s.toUpperCase().replace(/\s+/g, ' ');
  if (up === 'DIRQL' || up === 'DEVICE IRQL' || up === 'DEVICE_IRQL') return { lo: DIRQL_MIN, hi: DIRQL_MAX };
  if (/^(PASSIVE|APC|DISPATCH) LEVEL$/.test(up)) return single(SYMBOLS.get(up.split(' ')[0])!);
  const arith = /^([A-Z_][A-Z0-9_]*)\s*([+-])\s*(\d+)$/.exec(up);
  if (arith) {
    const base = SYMBOLS.get(arith[1]);
    if (base === undefined) return null;
    return single(arith[2] === '+' ? base + Number(arith[3]) : base - Number(arith[3]));
  }
  if (/^\d+$/.test(up)) return single(Number(up));
  if (/^0X[0-9A-F]+$/.test(up)) return single(parseInt(up, 16));
  const v = SYMBOLS.get(up);
  return v === undefined ? null : single(v);
}
function single(v: number): { lo: number; hi: number } | null {
  return v >= 0 && v <= 31 ? { lo: v, hi: v } : null;
}

const SAL_FORMS: ReadonlyArray<[RegExp, 'max' | 'min' | 'exact']> = [
  [/^_?_?IRQL_requires_max_\s*\((.*)\)$/i, 'max'],
  [/^_?_?IRQL_requires_min_\s*\((.*)\)$/i, 'min'],
  [/^_?_?IRQL_requires_\s*\((.*)\)$/i, 'exact'],
  [/^_?requires_max_\s*\((.*)\)$/i, 'max'],
  [/^_?requires_min_\s*\((.*)\)$/i, 'min'],
  [/^_?requires_\s*\((.*)\)$/i, 'exact'],
  [/^__drv_maxIRQL\s*\((.*)\)$/i, 'max'],
  [/^__drv_minIRQL\s*\((.*)\)$/i, 'min'],
  [/^__drv_requiresIRQL\s*\((.*)\)$/i, 'exact'],
];

/**
 * Parses an IRQL requirement written as the docs' req.irql values do ("<= DISPATCH_LEVEL",
 * "PASSIVE_LEVEL (see Remarks section)", "IRQL <= APC_LEVEL", "Called at DISPATCH_LEVEL.",
 * "Any level", "< DISPATCH_LEVEL", "DIRQL") or as a SAL annotation or its argument
 * (`_IRQL_requires_max_(APC_LEVEL)`, `DISPATCH_LEVEL`, `(PASSIVE_LEVEL)`, `2`).
 * A bare level means exactly that level ({min: n, max: n}); `<= X` gives only `max`, `>= X` only
 * `min`. "Any level" is {min: 0, max: HIGH_LEVEL}. Returns null for text that states no level
 * ("See Remarks section.", conditional statements, empty).
 */
export function parseIrqlText(text: string): IrqlBounds | null {
  if (typeof text !== 'string') return null;
  let s = text.replace(/<[^>]*>/g, ' ').replace(/[*`]/g, '').replace(/\s+/g, ' ').replace(/_ LEVEL\b/g, '_LEVEL').trim();
  if (s.length === 0 || s.length > 200) return null;
  for (const [re, kind] of SAL_FORMS) {
    const m = re.exec(s);
    if (!m) continue;
    const r = operand(m[1]);
    if (!r) return null;
    if (kind === 'max') return { max: r.hi };
    if (kind === 'min') return { min: r.lo };
    return { min: r.lo, max: r.hi };
  }
  // Drop parenthesised cross-references and qualifications, and a trailing sentence pointing elsewhere.
  s = s.replace(/\((?:see|refer)[^)]*\)/gi, ' ').replace(/\s\([^()]*\)\s*\.?$/, '').replace(/\.\s*See .*$/i, '').replace(/[.;,]\s*$/, '');
  s = s.replace(/^(?:can be\s+)?called\s+(?:at\s+)?/i, '').replace(/^(?:the\s+)?(?:caller|callers)\s+(?:must\s+be\s+)?(?:running\s+)?(?:at\s+)?/i, '');
  s = s.replace(/\bIRQL\b\s*(?=[<>=]|less|greater|up)/gi, '').replace(/^at\s+/i, '').trim();
  if (/\bif\b|\bwhen\b|\bunless\b/i.test(s)) return null; // a conditional statement needs a reader
  if (/^any(\s+(level|irql))?(\s+level)?(\s+as long as.*)?\.?$/i.test(s)) return { min: PASSIVE_LEVEL, max: HIGH_LEVEL };

  const cmp = /^(<\s*=|=\s*<|<|>\s*=|>|==|=|up to|at or below|at or above|less than or equal to|less than|greater than or equal to|greater than)\s*(.+)$/i.exec(s);
  if (cmp) {
    const r = operand(cmp[2]);
    if (!r) return null;
    const op = cmp[1].toLowerCase().replace(/\s+/g, '');
    if (op === '<=' || op === '=<' || op === 'upto' || op === 'atorbelow' || op === 'lessthanorequalto') return { max: r.hi };
    if (op === '<' || op === 'lessthan') return r.lo > 0 ? { max: r.lo - 1 } : null;
    if (op === '>=' || op === 'atorabove' || op === 'greaterthanorequalto') return { min: r.lo };
    if (op === '>' || op === 'greaterthan') return { min: r.hi + 1 };
    return { min: r.lo, max: r.hi };
  }
  const orBelow = /^(.+?)\s+or\s+(?:lower|below|less)$/i.exec(s);
  if (orBelow) {
    const r = operand(orBelow[1]);
    return r ? { max: r.hi } : null;
  }
  // "PASSIVE_LEVEL or APC_LEVEL", "APC_LEVEL and PASSIVE_LEVEL", "PASSIVE_LEVEL through DISPATCH_LEVEL"
  const parts = s.split(/\s+(?:or|and|through|to)\s+|\s*,\s*/i);
  if (parts.length > 1 && parts.length <= 4) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of parts) {
      const r = operand(p);
      if (!r) return null;
      lo = Math.min(lo, r.lo);
      hi = Math.max(hi, r.hi);
    }
    return { min: lo, max: hi };
  }
  const r = operand(s);
  return r ? { min: r.lo, max: r.hi } : null;
}
