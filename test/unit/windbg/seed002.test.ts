// Seed 002 (two filter drivers re-entering NTFS, x86 double fault): the kb sample, its !thread
// block, the kcf sample from the comments, and the whole blog post pasted as-is.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStacks } from '../../../server/src/windbg';
import type { ParsedStack } from '../../../server/src/windbg/model';
import { seedPost, stackFixture } from './fixtures';

function only(text: string): ParsedStack {
  const r = parseStacks(text);
  assert.equal(r.stacks.length, 1, `one stack expected, got ${r.stacks.map((s) => s.title).join(' | ')}`);
  return r.stacks[0];
}

function moduleBytes(s: ParsedStack): Record<string, number> {
  return Object.fromEntries(s.modules.map((m) => [m.module, m.bytes]));
}

test('seed 002 kb: 74 frames, x86 from the address width, platform limit 12,288', () => {
  const s = only(stackFixture('seed002-x86-kb-double-fault.txt'));
  assert.equal(s.title, '0: kd> kb');
  assert.equal(s.frames.length, 74);
  assert.equal(s.arch, 'x86');
  assert.equal(s.archSource, 'address-width');
  assert.equal(s.limitBytes, 12288);
  assert.equal(s.limitSource, 'platform');
  assert.match(s.limitNote ?? '', /KERNEL_STACK_SIZE.*ntddk\.h/);
});

test('seed 002 kb: frame sizes are ChildEBP distances attributed to the caller (the line printed)', () => {
  const s = only(stackFixture('seed002-x86-kb-double-fault.txt'));
  const f = s.frames;
  // Frame 0 has no younger frame: unknown, never zero.
  assert.equal(f[0].bytes, null);
  assert.equal(f[0].sizeSource, 'unknown');
  // b8cb71bc - b8cb7010 = 0x1ac = 428 (Ntfs!NtfsFsdRead+0xb7)
  assert.equal(f[1].symbol, 'NtfsFsdRead');
  assert.equal(f[1].offset, '0xb7');
  assert.equal(f[1].bytes, 428);
  assert.equal(f[1].sizeSource, 'frame-pointer');
  // b8cb7430 - b8cb7228 = 0x208 = 520 (DRIVER_A+0x28be, unsymbolised)
  assert.equal(f[7].module, 'DRIVER_A');
  assert.equal(f[7].symbol, null);
  assert.equal(f[7].offset, '0x28be');
  assert.equal(f[7].bytes, 520);
  // nt!KiTrap0E has the same ChildEBP as nt!MmAccessFault: 0 bytes; the trap frame shows up on
  // the next line (nt!CcMapData: b8cb781c - b8cb7754 = 0xc8 = 200).
  assert.equal(f[14].symbol, 'KiTrap0E');
  assert.equal(f[14].bytes, 0);
  assert.equal(f[15].symbol, 'CcMapData');
  assert.equal(f[15].bytes, 200);
  // Both KiFastCallEntry frames repeat the ChildEBP of the frame before them.
  assert.deepEqual(
    f.filter((x) => x.symbol === 'KiFastCallEntry').map((x) => x.bytes),
    [0, 0],
  );
});

test('seed 002 kb: the user-mode tail below KiFastCallEntry is its own segment, not counted', () => {
  const s = only(stackFixture('seed002-x86-kb-double-fault.txt'));
  const last = s.frames[73];
  assert.equal(last.address, '0x7c82ed54');
  assert.equal(last.module, null);
  assert.equal(last.userMode, true);
  assert.equal(last.segment, 1);
  assert.equal(last.bytes, null);
  assert.equal(s.segments?.length, 2);
  assert.equal(s.segments?.[1].counted, false);
  assert.equal(s.segments?.[1].userMode, true);
  assert.equal(s.unknownFrames, 2);
});

test('seed 002 kb: per-module table reproduces the post (figures computed by hand from ChildEBP)', () => {
  const s = only(stackFixture('seed002-x86-kb-double-fault.txt'));
  // Hand-computed sums of ChildEBP[i] - ChildEBP[i-1] per module of frame i (kernel frames 1..72):
  //   Ntfs 4152, win32k 2592, DRIVER_A 3 x (0x208 + 0x20) = 1656, DRIVER_B 3 x (0x1ec + 0x20) = 1572,
  //   nt 1420, fltmgr 3 x 0x28 = 120, tmpreflt 0x8 + 0x8 + 0x28 + 0x10 = 72; total 11,584.
  // The post prints the same numbers with DRIVER_A and DRIVER_B swapped (1572 / 1656).
  assert.deepEqual(moduleBytes(s), {
    Ntfs: 4152,
    win32k: 2592,
    DRIVER_A: 1656,
    DRIVER_B: 1572,
    nt: 1420,
    fltmgr: 120,
    tmpreflt: 72,
  });
  assert.deepEqual(
    s.modules.map((m) => m.module),
    ['Ntfs', 'win32k', 'DRIVER_A', 'DRIVER_B', 'nt', 'fltmgr', 'tmpreflt'],
  );
  assert.equal(s.usedBytes, 11584);
  assert.equal(s.usedSource, 'frames');
  // Shares of the known bytes, rounded like the post's percentages.
  const pct = Object.fromEntries(s.modules.map((m) => [m.module, Math.round(m.share * 100)]));
  assert.deepEqual(pct, { Ntfs: 36, win32k: 22, DRIVER_A: 14, DRIVER_B: 14, nt: 12, fltmgr: 1, tmpreflt: 1 });
  const ntfs = s.modules.find((m) => m.module === 'Ntfs')!;
  assert.equal(ntfs.frames, 17);
  assert.equal(ntfs.unknownFrames, 1); // frame 0
  // The user-mode frame (no module) is not in the table.
  assert.ok(!s.modules.some((m) => m.module === '(no module)'));
});

test('seed 002 kb: the re-entrant filter chain is reported with its repeat counts', () => {
  const s = only(stackFixture('seed002-x86-kb-double-fault.txt'));
  const c = s.cycles;
  // Longest first: NtfsFsdRead ... NtfsMapStream (frames 1-16) twice (at 1 and 0x18).
  assert.deepEqual(c[0].frames, Array.from({ length: 16 }, (_, k) => k + 1));
  assert.equal(c[0].repeats, 2);
  assert.deepEqual(c[0].starts, [1, 24]);
  assert.match(c[0].label ?? '', /^Ntfs!NtfsFsdRead → nt!IofCallDriver → /);
  // The DRIVER_A/DRIVER_B chain into IofCallDriver occurs three times (read, read, cleanup).
  const chain = c.find((x) => x.label === 'nt!IofCallDriver → DRIVER_A+0x28be → DRIVER_A+0x29d3 → DRIVER_B+0x8306 → DRIVER_B+0x850d');
  assert.ok(chain, JSON.stringify(c.map((x) => x.label)));
  assert.equal(chain.repeats, 3);
  assert.deepEqual(chain.frames, [6, 7, 8, 9, 10]);
  assert.deepEqual(chain.starts, [6, 29, 50]);
  // fltmgr sits in the chain three times too.
  const flt = c.find((x) => x.label === 'nt!IofCallDriver → fltmgr!FltpDispatch → nt!IofCallDriver');
  assert.equal(flt?.repeats, 3);
  // No reported cycle is covered entirely by a longer one.
  assert.ok(c.length <= 5);
});

test('seed 002 kb: the WARNING line is kept as a warning, not a frame', () => {
  const s = only(stackFixture('seed002-x86-kb-double-fault.txt'));
  assert.equal(s.warnings.length, 1);
  assert.equal(s.warnings[0].line, 9);
  assert.match(s.warnings[0].text, /^WARNING: Stack unwind information not available/);
  assert.ok(s.frames.every((f) => !/WARNING/.test(f.raw)));
});

test('seed 002 !thread alone: limit from Base - Limit, LargeStack noted, used from Current', () => {
  const s = only(stackFixture('seed002-x86-thread.txt'));
  assert.equal(s.title, 'THREAD 87dca350');
  assert.equal(s.frames.length, 0);
  assert.equal(s.limitBytes, 0x3000);
  assert.equal(s.limitSource, 'thread');
  assert.deepEqual(s.thread, { largeStack: true, base: 'b8cba000', limit: 'b8cb7000', init: 'b8cba000', current: 'b8cb7c64' });
  // b8cba000 - b8cb7c64 = 0x239c
  assert.equal(s.usedBytes, 0x239c);
  assert.equal(s.usedSource, 'thread-base');
  assert.ok(s.hints.some((h) => /LargeStack/.test(h) && /61,440/.test(h)));
  assert.equal(s.arch, 'x86');
});

test('seed 002 post pasted whole: !thread + .tss registers + kb form one exhausted stack; kcf is the second', () => {
  const post = seedPost('002_');
  if (!post) return; // seeds not available outside the workspace
  const r = parseStacks(post);
  assert.equal(r.stacks.length, 2, r.stacks.map((s) => s.title).join(' | '));
  const [kb, kcf] = r.stacks;
  assert.equal(kb.title, '0: kd> kb (THREAD 87dca350)');
  assert.equal(kb.frames.length, 74);
  assert.equal(kb.limitSource, 'thread');
  assert.equal(kb.limitBytes, 12288);
  // .tss gave esp = b8cb7000: frame 0 (ChildEBP b8cb7010) owns 0x10 bytes, and the stack is full.
  assert.equal(kb.frames[0].bytes, 16);
  assert.equal(kb.usedBytes, 12288);
  assert.equal(kb.usedSource, 'thread-base');
  assert.ok(kb.hints.some((h) => /^Stack exhausted/.test(h)));
  assert.equal(kcf.frames.length, 22);
  assert.equal(kcf.frames[21].symbol, 'KxStartSystemThread'); // the trailing ` ]` of the comment is dropped
  assert.deepEqual(moduleBytes(kcf), { nt: 2184, ClusDisk: 792, Ntfs: 544, fltmgr: 288 });
});
