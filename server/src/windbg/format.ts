// Plain-text rendering of a parse result for `stacklens stack` (and logs): per stack a summary
// (arch, limit, usage, overflow), the frame table, the per-module table, cycles, hints and
// warnings. Text that came from the paste is stripped of control characters so a paste cannot
// drive the terminal (ANSI escapes), and cells are capped so one odd line cannot blow up a table.

import { formatNumber } from '../analysis/platform';
import { describeArchSource } from './arch';
import { callSiteLabel } from './callSite';
import type { ParsedStack, StackFrame, StackParseResult } from './model';

const MAX_CELL = 120;

/** Printable, single-line, capped. */
export function safeText(s: string, max = MAX_CELL): string {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ');
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

function bytes(n: number | null): string {
  return n === null ? '?' : formatNumber(n);
}

function frameNumber(f: StackFrame): string {
  return f.index.toString(16).padStart(2, '0');
}

function sizeSourceText(f: StackFrame): string {
  switch (f.sizeSource) {
    case 'memory':
      return 'Memory';
    case 'frame-pointer':
      return 'SP delta';
    case 'static':
      return 'static';
    default:
      return 'unknown';
  }
}

function table(rows: string[][], rightAligned: boolean[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 && !rightAligned[i] ? c : rightAligned[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

function frameSource(f: StackFrame): string {
  if (f.source) return safeText(`${f.source.file} @ ${f.source.line}`, 80);
  if (f.workspaceLocation) return safeText(`${f.workspaceLocation.file}:${f.workspaceLocation.line} (workspace)`, 80);
  return '';
}

function stackText(s: ParsedStack, n: number): string {
  const out: string[] = [];
  out.push(`=== ${n}. ${safeText(s.title, 200)} ===`);
  out.push(`arch:   ${s.arch} (${describeArchSource(s.archSource ?? 'default', s.arch)})`);
  const limitWhy = s.limitNote ? safeText(s.limitNote, 300) : s.limitSource;
  out.push(`limit:  ${formatNumber(s.limitBytes)} bytes (0x${s.limitBytes.toString(16)}) — ${s.limitSource}: ${limitWhy}`);
  const share = s.limitBytes > 0 ? ` = ${pct(s.usedBytes / s.limitBytes)} of the limit` : '';
  const how = s.usedSource === 'thread-base' ? ' (!thread Base − lowest stack pointer)' : ' (sum of known frame sizes)';
  const unknown = s.unknownFrames ? `; ${s.unknownFrames} of ${s.frames.length} frames of unknown size` : '';
  out.push(`used:   ${formatNumber(s.usedBytes)} bytes${share}${how}${unknown}`);
  const over = s.overflowBytes ?? Math.max(0, s.usedBytes - s.limitBytes);
  if (over > 0) out.push(`OVERFLOW: ${formatNumber(over)} bytes past the limit`);
  else if (s.frames.length && s.usedBytes >= s.limitBytes && s.limitBytes > 0) out.push('EXHAUSTED: no stack left (used = limit)');
  else out.push('overflow: none');
  if (s.thread) {
    const t = s.thread;
    const parts = [t.init && `Init ${t.init}`, t.current && `Current ${t.current}`, t.base && `Base ${t.base}`, t.limit && `Limit ${t.limit}`].filter(Boolean);
    out.push(`thread: ${parts.join(', ') || '(no stack bounds)'}${t.largeStack ? ', LargeStack' : ''}`);
  }

  out.push('');
  if (s.frames.length) {
    const rows: string[][] = [['#', 'frame', 'bytes', 'size', 'seg', 'inl', 'source']];
    for (const f of s.frames) {
      rows.push([
        frameNumber(f),
        safeText(callSiteLabel(f)) + (f.userMode ? ' (user)' : ''),
        bytes(f.bytes),
        sizeSourceText(f) + (f.staticBytes != null && f.sizeSource !== 'static' ? ` (static ${formatNumber(f.staticBytes)})` : ''),
        String(f.segment),
        f.inline ? 'i' : '',
        frameSource(f),
      ]);
    }
    out.push('frames (youngest first):');
    for (const l of table(rows, [false, false, true, false, true, false, false])) out.push('  ' + l);
  } else out.push('frames: none');

  out.push('');
  if (s.modules.length) {
    const rows: string[][] = [['module', 'bytes', 'share', 'frames']];
    for (const m of s.modules) {
      const unk = m.unknownFrames ? ` (${m.unknownFrames} unknown)` : '';
      rows.push([safeText(m.module, 60), formatNumber(m.bytes), pct(m.share), `${m.frames}${unk}`]);
    }
    out.push('modules (by bytes, share of known bytes):');
    for (const l of table(rows, [false, true, true, false])) out.push('  ' + l);
  } else out.push('modules: no frame sizes known');

  if (s.cycles.length) {
    out.push('');
    out.push('repeated call cycles:');
    for (const c of s.cycles) {
      const first = s.frames[c.frames[0]];
      const last = s.frames[c.frames[c.frames.length - 1]];
      const span = !first || !last ? '' : first === last ? `frame ${frameNumber(first)}` : `frames ${frameNumber(first)}–${frameNumber(last)}`;
      const shown = c.starts ? c.starts.slice(0, 12).map((p) => (s.frames[p] ? frameNumber(s.frames[p]) : String(p))) : [];
      const at = shown.length ? `, at ${shown.join(', ')}${c.repeats > shown.length ? ', …' : ''}` : '';
      out.push(`  ${c.repeats}× ${span}${at}: ${safeText(c.label ?? '', 400)}`);
    }
  }
  if (s.hints.length) {
    out.push('');
    out.push('hints:');
    for (const h of s.hints) out.push(`  - ${safeText(h, 600)}`);
  }
  if (s.warnings.length) {
    out.push('');
    out.push('warnings:');
    for (const w of s.warnings) out.push(`  line ${w.line}: ${safeText(w.text, 300)}`);
  }
  return out.join('\n');
}

export function formatStackText(result: StackParseResult): string {
  if (!result.stacks.length) return 'No WinDbg stack found in the input.\n';
  return result.stacks.map((s, i) => stackText(s, i + 1)).join('\n\n') + '\n';
}
