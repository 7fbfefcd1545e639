// The per-module table as Markdown (GitHub-flavoured), for bug reports and chat. Cell text is
// escaped so a module name cannot break the table or inject formatting.

import type { StackLayout } from './layout';
import { formatInt, formatPercent } from './format';

/** Escapes text for a Markdown table cell: pipes, backslashes, emphasis, code, link and
 * HTML characters; line breaks become spaces. */
export function escapeMarkdownCell(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/([\\`*_[\]|~<])/g, '\\$1')
    .trim();
}

/**
 * A caption line and the module table (module, bytes, share, frames) with a total of the known
 * bytes, biggest module first, as in seed 002's table.
 */
export function moduleTableMarkdown(layout: StackLayout): string {
  const s = layout.stack;
  const lines: string[] = [];
  const used = s.limitBytes > 0 ? ` (${formatPercent(s.usedBytes / s.limitBytes)})` : '';
  const over = layout.overflowBytes > 0 ? `, **${formatInt(layout.overflowBytes)} B over the limit**` : '';
  lines.push(
    `**${escapeMarkdownCell(s.title)}** — ${s.arch}, ${formatInt(s.usedBytes)} B used of ${formatInt(s.limitBytes)} B${used}${over}` +
      (s.unknownFrames > 0 ? `; ${s.unknownFrames} frame${s.unknownFrames === 1 ? '' : 's'} of unknown size` : ''),
    '',
    '| Module | Bytes | Share | Frames |',
    '|:--|--:|--:|--:|',
  );
  let bytes = 0;
  let frames = 0;
  for (const m of layout.modules) {
    lines.push(`| ${escapeMarkdownCell(m.module)} | ${m.unknownFrames ? '≥ ' : ''}${formatInt(m.bytes)} | ${formatPercent(m.share)} | ${formatInt(m.frames)} |`);
    bytes += m.bytes;
    frames += m.frames;
  }
  lines.push(`| **Total (known sizes)** | **${formatInt(bytes)}** | ${formatPercent(bytes > 0 ? 1 : 0)} | ${formatInt(frames)} |`);
  return lines.join('\n') + '\n';
}
