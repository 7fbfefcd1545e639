// The panel's pure drawing code (no DOM): layout in bytes, the SVG markup builder, Markdown,
// number formatting, palette slots and the limit input.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParsedStack, StackFrame } from '../../../server/src/windbg/model';
import { layoutStack, occurrenceStarts } from '../../../client/webview/layout';
import { buildFlameBar, LOD_MIN_FRAMES, tickStep } from '../../../client/webview/flameBar';
import { escapeMarkdownCell, moduleTableMarkdown } from '../../../client/webview/markdown';
import { formatInt, formatPercent, frameLabel } from '../../../client/webview/format';
import { assignModuleSlots, hashName, HUES } from '../../../client/webview/colors';
import { parseLimitInput } from '../../../client/webview/pasteBox';
import { normalizeResult } from '../../../client/webview/normalize';

function f(index: number, module: string | null, symbol: string | null, bytes: number | null, segment = 0, extra: Partial<StackFrame> = {}): StackFrame {
  return { index, module, symbol, offset: '0x10', bytes, sizeSource: bytes === null ? 'unknown' : 'frame-pointer', segment, inline: false, source: null, raw: `${module}!${symbol}`, ...extra };
}

function stack(frames: StackFrame[], extra: Partial<ParsedStack> = {}): ParsedStack {
  const used = frames.reduce((a, x) => a + (x.bytes ?? 0), 0);
  return { title: 't', arch: 'x86', limitBytes: 12288, limitSource: 'platform', usedBytes: used, unknownFrames: frames.filter((x) => x.bytes === null).length, frames, modules: [], cycles: [], hints: [], warnings: [], ...extra };
}

test('layout: the outermost frame starts at the base, the innermost ends nearest the limit', () => {
  const L = layoutStack(stack([f(0, 'a', 'inner', 100), f(1, 'b', 'mid', 200), f(2, 'a', 'outer', 300)]));
  assert.deepEqual(Array.from(L.start), [500, 300, 0]);
  assert.equal(L.rows.length, 1);
  assert.equal(L.rows[0].knownBytes, 600);
  assert.deepEqual(L.rows[0].runs.map((r) => [r.module, r.from, r.to]), [['a', 0, 300], ['b', 300, 500], ['a', 500, 600]]);
  assert.equal(L.overflowBytes, 0);
  assert.equal(L.domainBytes, 12288);
  // Module totals computed when the parser sent none, biggest first.
  assert.deepEqual(L.modules.map((m) => [m.module, m.bytes, m.frames]), [['a', 400, 2], ['b', 200, 1]]);
});

test('layout: a stack switch starts a new row; uncounted rows do not count; unknown frames are listed', () => {
  const frames = [f(0, 'nt', 'KiDoubleFault', 64, 0), f(1, 'nt', 'x', null, 1), f(2, 'drv', 'y', 9000, 1), f(3, 'drv', 'z', 4000, 1)];
  const s = stack(frames, {
    usedBytes: 13500,
    segments: [
      { index: 0, first: 0, last: 0, reason: 'start', userMode: false, counted: false, bytes: 64 },
      { index: 1, first: 1, last: 3, reason: 'stack pointer jumped', userMode: false, counted: true, bytes: 13000 },
    ],
  });
  const L = layoutStack(s);
  assert.equal(L.rows.length, 2);
  assert.equal(L.primaryRow, 1);
  assert.equal(L.rows[0].counted, false);
  assert.deepEqual(L.rows[1].unknown, [1]);
  // 13,500 used − 13,000 in the counted row's frames = 500 bytes not in any frame.
  assert.equal(L.rows[1].unattributedBytes, 500);
  assert.equal(L.overflowBytes, 13500 - 12288);
  assert.equal(L.domainBytes, 13500);
});

test('layout: cycle occurrences from the parser\'s starts, else found by matching the sequence', () => {
  const names = ['A', 'B', 'X', 'A', 'B', 'Y', 'A', 'B'];
  const frames = names.map((n, i) => f(i, 'm', n, 10));
  const withStarts = layoutStack(stack(frames, { cycles: [{ frames: [0, 1], repeats: 3, starts: [0, 3, 6] }] }));
  assert.deepEqual(Array.from(withStarts.cycleOf), [0, 0, -1, 0, 0, -1, 0, 0]);
  assert.deepEqual(Array.from(withStarts.occurrenceOf), [0, 0, -1, 1, 1, -1, 2, 2]);
  const matched = layoutStack(stack(frames, { cycles: [{ frames: [0, 1], repeats: 3 }] }));
  assert.deepEqual(Array.from(matched.cycleOf), Array.from(withStarts.cycleOf));
  assert.deepEqual(occurrenceStarts(['a', 'b', 'a', 'b'], 0, 2, 2), [0, 2]);
  assert.deepEqual(occurrenceStarts(['a', 'b', 'c', 'd'], 0, 2, 2), [0, 2], 'no match: back to back');
});

test('flame bar markup: one rect per frame, widths proportional, overflow in alarm groups', () => {
  const frames = [f(0, 'drv', 'big', 4096), f(1, 'nt', 'mid', 8192), f(2, 'nt', 'base', 2048)];
  const L = layoutStack(stack(frames));
  const d = buildFlameBar(L, { width: 1000, idPrefix: 's0' });
  const rects = [...d.markup.matchAll(/<rect data-i="(\d+)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => ({ i: +m[1], x: +m[2], w: +m[3] }));
  assert.equal(rects.length, 3);
  for (const r of rects) assert.ok(Math.abs(r.w - frames[r.i].bytes! * d.scale) < 0.01);
  assert.ok(d.markup.includes('<g class="seg-over">'), 'the frame crossing the limit gets an alarm overlay');
  assert.ok(d.markup.includes('class="ovz"'));
  assert.equal(d.markup.includes('class="limit"'), true);
  assert.ok(d.labels.some((l) => l.cls.includes('lbl-over-head') || l.text.includes('over')));
});

test('flame bar markup never contains text from the paste', () => {
  const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const frames = [f(0, evil, evil, 3000, 0, { raw: evil, source: { file: evil, line: 1 } }), f(1, 'x"y', evil, 5000)];
  const s = stack(frames, { title: evil, hints: [evil], cycles: [{ frames: [0], repeats: 2, label: evil }] });
  const d = buildFlameBar(layoutStack(s), { width: 900, idPrefix: 's0' });
  assert.ok(!d.markup.includes('<script') && !d.markup.includes('<img') && !d.markup.includes('x"y') && !d.markup.includes('alert'));
  assert.ok(/^[\w\s<>="#.,:()\-/%@]*$/.test(d.markup), 'markup holds only tags, numbers and class names');
  assert.ok(d.labels.some((l) => l.text.includes('<img') || l.text.includes('<script')), 'names go to labels (set with textContent)');
});

test('flame bar: long rows merge sub-pixel frames per pixel; short rows never do', () => {
  const many = Array.from({ length: LOD_MIN_FRAMES + 500 }, (_, i) => f(i, `m${i % 7}`, `fn${i}`, 16 + (i % 5)));
  const d = buildFlameBar(layoutStack(stack(many, { limitBytes: 1 << 20 })), { width: 1200, idPrefix: 's' });
  const single = (d.markup.match(/<rect data-i=/g) ?? []).length;
  const bins = (d.markup.match(/<rect data-b=/g) ?? []).length;
  assert.ok(bins > 0 && bins <= 2 * 1200, `bins ${bins}`);
  assert.ok(single + bins < many.length / 2, 'far fewer rects than frames');
  const few = Array.from({ length: 300 }, (_, i) => f(i, 'm', `fn${i}`, i % 3 === 0 ? 0 : 4));
  const d2 = buildFlameBar(layoutStack(stack(few, { limitBytes: 1 << 20 })), { width: 800, idPrefix: 's' });
  assert.equal((d2.markup.match(/<rect data-i=/g) ?? []).length, 300, 'every frame drawn, even 0-byte ones');
});

test('tick steps are powers of two giving at most 12 ticks', () => {
  assert.equal(tickStep(12288), 1024);
  assert.equal(tickStep(24576), 2048);
  assert.equal(tickStep(24577), 4096);
  assert.equal(tickStep(1000), 256);
});

test('module table Markdown: caption, aligned columns, escaped cells, lower bounds, total', () => {
  const frames = [f(0, 'DRIVER_A', 'x', 100), f(1, 'a|b', 'y', 300), f(2, 'nt', 'z', null)];
  const s = stack(frames, {
    title: '0: kd> kb',
    usedBytes: 400,
    modules: [
      { module: 'a|b', bytes: 300, share: 0.75, frames: 1 },
      { module: 'DRIVER_A', bytes: 100, share: 0.25, frames: 1, unknownFrames: 1 },
    ],
  });
  const md = moduleTableMarkdown(layoutStack(s));
  assert.equal(
    md,
    [
      '**0: kd> kb** — x86, 400 B used of 12,288 B (3.3 %); 1 frame of unknown size',
      '',
      '| Module | Bytes | Share | Frames |',
      '|:--|--:|--:|--:|',
      '| a\\|b | 300 | 75.0 % | 1 |',
      '| DRIVER\\_A | ≥ 100 | 25.0 % | 1 |',
      '| **Total (known sizes)** | **400** | 100.0 % | 2 |',
      '',
    ].join('\n'),
  );
  assert.equal(escapeMarkdownCell('<b>`x`</b>\nnext'), '\\<b>\\`x\\`\\</b> next');
});

test('formatting, palette slots, limit input', () => {
  assert.equal(formatInt(0), '0');
  assert.equal(formatInt(999), '999');
  assert.equal(formatInt(1000), '1,000');
  assert.equal(formatInt(1234567), '1,234,567');
  assert.equal(formatInt(-4096), '-4,096');
  assert.equal(formatPercent(0.3584), '35.8 %');
  assert.equal(frameLabel(f(0, 'nt', 'IofCallDriver', 1)), 'nt!IofCallDriver+0x10');
  assert.equal(frameLabel({ ...f(0, null, null, 1), offset: null, raw: ' 0x7c82ed54 ' }), '0x7c82ed54');
  assert.equal(hashName('Ntfs'), hashName('ntfs'));
  const slots = assignModuleSlots(['Ntfs', 'nt', 'win32k', 'DRIVER_A', 'DRIVER_B', 'fltmgr', 'tmpreflt']);
  assert.deepEqual([...slots.values()].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6], 'the seven biggest modules get the seven hues');
  const eight = assignModuleSlots(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  assert.ok(eight.get('h')! >= HUES, 'the eighth module gets a second tone');
  assert.equal(assignModuleSlots(['Ntfs']).get('Ntfs'), hashName('Ntfs') % HUES, 'stable: the preferred hue comes from the name');
  assert.equal(parseLimitInput(''), undefined);
  assert.equal(parseLimitInput('12288'), 12288);
  assert.equal(parseLimitInput('0x3000'), 12288);
  assert.equal(parseLimitInput('12K'), 12288);
  assert.equal(parseLimitInput('24 KiB'), 24576);
  assert.equal(parseLimitInput('1,024'), 1024);
  assert.ok(Number.isNaN(parseLimitInput('twelve')!));
  assert.ok(Number.isNaN(parseLimitInput('0')!));
  assert.ok(Number.isNaN(parseLimitInput('99999999999')!));
});

test('normalizeResult keeps unknown as null and survives junk', () => {
  const r = normalizeResult({ stacks: [{ frames: [{ bytes: -1 }, { bytes: 12, module: 'm', sizeSource: 'bogus' }, 7], cycles: [{ frames: [5], repeats: 2 }], limitBytes: 'x' }] });
  assert.equal(r.stacks.length, 1);
  const s = r.stacks[0];
  assert.equal(s.frames[0].bytes, null);
  assert.equal(s.frames[0].sizeSource, 'unknown');
  assert.equal(s.frames[1].sizeSource, 'unknown', 'unknown size sources are not invented');
  assert.equal(s.frames.length, 3);
  assert.deepEqual(s.cycles, [], 'cycle pointing past the frames dropped');
  assert.equal(s.limitBytes, 0);
  assert.deepEqual(normalizeResult(null), { schema: 1, stacks: [] });
});
