// kf / knf / kcf: the Memory column, which frame it belongs to, and inline frames.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStacks } from '../../../server/src/windbg';
import type { ParsedStack } from '../../../server/src/windbg/model';
import { stackFixture } from './fixtures';

function only(text: string): ParsedStack {
  const r = parseStacks(text);
  assert.equal(r.stacks.length, 1);
  return r.stacks[0];
}

test('kcf (seed 002 comment): Memory belongs to the line it is printed on; NBSP indentation', () => {
  const s = only(stackFixture('seed002-x64-kcf.txt'));
  assert.equal(s.title, '8: kd> kcf');
  assert.equal(s.frames.length, 22);
  assert.equal(s.frames[0].symbol, 'KiSwapContext');
  assert.equal(s.frames[0].bytes, null); // blank Memory on the first line
  assert.equal(s.frames[1].bytes, 0x140);
  assert.equal(s.frames[1].sizeSource, 'memory');
  assert.equal(s.frames[15].symbol, 'KiServiceLinkage');
  assert.equal(s.frames[15].bytes, 0x208);
  // The Microsoft engineer's reading in the post: ClusDisk 0x310 + 0x8 = 0x318, fltmgr 0x90 + 0x90 = 0x120.
  const by = Object.fromEntries(s.modules.map((m) => [m.module, m.bytes]));
  assert.equal(by.ClusDisk, 0x318);
  assert.equal(by.fltmgr, 0x120);
  // nt: 140+90+a0+70+30+60+130+70+208+70+30+90+40 = 0x888; Ntfs: 60+d0+40+b0 = 0x220.
  assert.equal(by.nt, 0x888);
  assert.equal(by.Ntfs, 0x220);
  assert.equal(s.usedBytes, 0x888 + 0x220 + 0x318 + 0x120);
  // No addresses: x64 is known from nt!KiSystemServiceCopyEnd, which only x64 has.
  assert.equal(s.arch, 'x64');
  assert.equal(s.archSource, 'symbols');
  assert.equal(s.limitBytes, 24576);
});

test('knf: Memory values equal the Child-SP deltas; inline frame takes the memory, its host 0', () => {
  const s = only(stackFixture('x64-knf-inline.txt'));
  const bytes = s.frames.map((f) => f.bytes);
  assert.deepEqual(bytes, [null, 8, 0x140, 0x190, 0xa0, 0, 0x450, 0x40, 0x60, 0xa0, 0x110, 0x70, null, 0x80, 0x60]);
  const inl = s.frames[4];
  assert.equal(inl.inline, true);
  assert.equal(inl.symbol, 'CopyHeader');
  assert.equal(inl.sp, null);
  assert.deepEqual(inl.source, { file: 'd:\\src\\stackdrv\\parse.c', line: 96 });
  assert.equal(s.frames[5].inline, false);
  assert.equal(s.frames[5].sizeSource, 'memory');
  // Kernel part only: 8+0x140+0x190+0xa0+0+0x450+0x40+0x60+0xa0+0x110+0x70 = 2696.
  assert.equal(s.usedBytes, 2696);
  assert.deepEqual(
    s.modules.map((m) => [m.module, m.bytes, m.frames]),
    [
      ['StackDrv', 1664, 4],
      ['nt', 1032, 8],
    ],
  );
});

test('kn with the same stack pointers gives the same sizes as knf (the attribution rule is one rule)', () => {
  const kf = only(stackFixture('x64-knf-inline.txt'));
  const kn = only(stackFixture('x64-kn-inline.txt'));
  assert.deepEqual(
    kn.frames.map((f) => f.bytes),
    kf.frames.map((f) => f.bytes),
  );
  assert.ok(kn.frames.every((f) => f.sizeSource === 'frame-pointer' || f.bytes === null));
  assert.equal(kn.frames[4].inline, true);
  assert.equal(kn.frames[5].bytes, 0); // the inline frame's host
  assert.equal(kn.usedBytes, kf.usedBytes);
});

test('kf without frame numbers: a lone short number is the Memory value', () => {
  const s = only(stackFixture('x64-kf.txt'));
  assert.deepEqual(
    s.frames.map((f) => [f.index, f.bytes]),
    [
      [0, null],
      [1, 8],
      [2, 0x140],
      [3, 0x190],
      [4, 0x80],
      [5, 0xd0],
      [6, 0xd0],
    ],
  );
  assert.equal(s.usedBytes, 8 + 0x140 + 0x190 + 0x80 + 0xd0 + 0xd0);
});

test('kcf without a header: frame numbers and Memory are told apart by shape', () => {
  const text = ['nt!KiSwapContext', '     140 nt!KiCommitThreadWait', '      90 nt!KeWaitForSingleObject', '      30 MyDrv!WaitLoop+0x20'].join('\n');
  const s = only(text);
  assert.deepEqual(
    s.frames.map((f) => [f.index, f.bytes]),
    [
      [0, null],
      [1, 0x140],
      [2, 0x90],
      [3, 0x30],
    ],
  );
  // knf without a header: two short tokens are number and Memory.
  const t2 = only(['00           ffffa609`5c1f6f38 fffff802`3a8c1b2d     nt!KeBugCheckEx', '01        8 ffffa609`5c1f6f40 fffff802`3a8bd1e2     nt!KiBugCheckDispatch+0x6d'].join('\n'));
  assert.deepEqual(
    t2.frames.map((f) => [f.index, f.bytes, f.sizeSource]),
    [
      [0, null, 'unknown'],
      [1, 8, 'memory'],
    ],
  );
});

test('a Memory value larger than a whole stack is a jump, not a frame size', () => {
  const s = only(['0: kd> kcf', '  Memory  Call Site', '          nt!KeBugCheckEx', '    8000 nt!KiDoubleFaultAbort', '      40 MyDrv!Deep+0x10'].join('\n'));
  assert.equal(s.frames[1].bytes, null);
  assert.equal(s.frames[1].segment, 1);
  assert.equal(s.frames[2].bytes, 0x40);
});
