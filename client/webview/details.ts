// What the panel says about one frame: used by the hover card, the bar's screen-reader text and
// the frame list, so all three agree.

import type { StackLayout } from './layout';
import { formatBytes, formatHex, formatPercent, frameLabel, sizeSourceLabel, sourceLabel, truncate } from './format';

export interface FrameDetails {
  title: string;
  rows: [string, string][];
  /** Warning-level line, e.g. "past the limit". */
  alarm?: string;
}

export function frameDetails(layout: StackLayout, pos: number): FrameDetails {
  const f = layout.stack.frames[pos];
  const rows: [string, string][] = [];
  const limit = layout.limitBytes;
  if (f.bytes !== null) {
    const share = limit > 0 ? ` · ${formatPercent(f.bytes / limit)} of the limit` : '';
    rows.push(['Bytes', `${formatBytes(f.bytes)} (${formatHex(f.bytes)})${share}`]);
  } else {
    rows.push(['Bytes', f.inline ? 'inline: shares its caller’s frame' : 'unknown — re-run with kf to get the Memory column']);
  }
  rows.push(['Size from', f.inline && f.bytes === null ? 'inline frame' : sizeSourceLabel(f.sizeSource)]);
  if (f.staticBytes !== null && f.staticBytes !== undefined) {
    const delta = f.bytes !== null && f.sizeSource !== 'static' ? ` (observed ${f.bytes - f.staticBytes >= 0 ? '+' : ''}${f.bytes - f.staticBytes} B)` : '';
    rows.push(['Static estimate', `${formatBytes(f.staticBytes)}${delta}`]);
  }
  if (f.source) rows.push(['Source', sourceLabel(f.source, true)]);
  if (f.workspaceLocation) rows.push(['Workspace', sourceLabel({ file: f.workspaceLocation.file, line: f.workspaceLocation.line + 1 }, true)]);
  const start = layout.start[pos];
  if (f.bytes !== null) rows.push(['From base', `${formatBytes(start)} – ${formatBytes(start + f.bytes)}`]);
  if (layout.rows.length > 1) rows.push(['Stack segment', `${layout.rowOf[pos] + 1} of ${layout.rows.length}`]);
  const ci = layout.cycleOf[pos];
  if (ci >= 0) {
    const c = layout.stack.cycles[ci];
    rows.push(['Call cycle', `cycle ${ci + 1}, occurrence ${layout.occurrenceOf[pos] + 1} of ${c.repeats}`]);
  }
  if (f.sp) rows.push([layout.stack.arch === 'x86' ? 'ChildEBP' : 'Child-SP', f.sp]);
  if (f.raw.trim()) rows.push(['Line', truncate(f.raw.trim(), 200)]);
  let alarm: string | undefined;
  if (limit > 0 && f.bytes !== null && start + f.bytes > limit && layout.rowOf[pos] === layout.primaryRow) {
    alarm = start >= limit ? 'Entirely past the stack limit' : 'Crosses the stack limit';
  }
  return { title: frameLabel(f), rows, alarm };
}

/** One line for screen readers: `#05 nt!IofCallDriver+0x45, 20 B, frame-pointer distance`. */
export function frameSummary(layout: StackLayout, pos: number): string {
  const f = layout.stack.frames[pos];
  const size = f.bytes !== null ? formatBytes(f.bytes) : f.inline ? 'inline' : 'size unknown';
  const parts = [`frame ${f.index}`, frameLabel(f), size];
  if (f.staticBytes !== null && f.staticBytes !== undefined) parts.push(`static estimate ${formatBytes(f.staticBytes)}`);
  if (f.source) parts.push(sourceLabel(f.source));
  if (layout.cycleOf[pos] >= 0) parts.push(`in call cycle ${layout.cycleOf[pos] + 1}`);
  return parts.join(', ');
}
