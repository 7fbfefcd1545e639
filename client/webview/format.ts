// Number and name formatting shared by the header, the table, the list, the tooltip and exports.

import type { StackFrame } from '../../server/src/windbg/model';

/** `11,584` (bytes are whole numbers; the locale is fixed so exports do not vary by machine). */
export function formatInt(n: number): string {
  // Hand-rolled: toLocaleString is slow enough to show up when a list or table is drawn.
  const v = Math.round(n);
  if (!Number.isFinite(v)) return '—';
  const digits = Math.abs(v).toString();
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? `-${out}` : out;
}

/** `11,584 B` or `unknown` for null. */
export function formatBytes(n: number | null | undefined): string {
  return n === null || n === undefined ? 'unknown' : `${formatInt(n)} B`;
}

/** `12 KiB` when a whole number of KiB, else `11.3 KiB`, for axis ticks and the limit label. */
export function formatKiB(n: number): string {
  const k = n / 1024;
  return Number.isInteger(k) ? `${k} KiB` : `${k.toFixed(1)} KiB`;
}

/** `0x2d40`. */
export function formatHex(n: number): string {
  return `0x${Math.round(n).toString(16)}`;
}

/** `36.0 %` from a fraction. */
export function formatPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)} %`;
}

/** `module!symbol+offset`, or whatever parts exist, or the raw line as a last resort. */
export function frameLabel(f: StackFrame): string {
  const mod = f.module ?? '';
  const sym = f.symbol ?? '';
  let s = mod && sym ? `${mod}!${sym}` : mod || sym;
  if (s && f.offset) s += `+${f.offset}`;
  if (!s) s = f.raw.trim() || '(unnamed frame)';
  return s;
}

/** A short name for a label on the bar: the function without its class, or the module. */
export function shortFrameName(f: StackFrame): string {
  if (f.symbol) {
    const parts = f.symbol.split('::');
    return parts[parts.length - 1] || f.symbol;
  }
  return f.module ?? frameLabel(f);
}

/** `minkernel\wdf\...\fxobject.cpp @ 326` → `fxobject.cpp:326`. */
export function sourceLabel(src: { file: string; line: number } | null | undefined, full = false): string {
  if (!src) return '';
  const file = full ? src.file : src.file.split(/[\\/]/).pop() || src.file;
  return `${file}:${src.line}`;
}

/** Human name of a size source. */
export function sizeSourceLabel(s: StackFrame['sizeSource']): string {
  switch (s) {
    case 'memory':
      return 'Memory column (kf)';
    case 'frame-pointer':
      return 'frame-pointer distance';
    case 'static':
      return 'static estimate (workspace)';
    default:
      return 'unknown';
  }
}

/** Truncates to `max` characters with an ellipsis. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}
