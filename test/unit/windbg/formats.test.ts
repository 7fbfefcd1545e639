// One test per WinDbg output form (samples written for these tests under test/fixtures/stacks).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStacks } from '../../../server/src/windbg';
import type { ParsedStack } from '../../../server/src/windbg/model';
import { stackFixture } from './fixtures';

function only(text: string): ParsedStack {
  const r = parseStacks(text);
  assert.equal(r.stacks.length, 1, `one stack expected, got: ${r.stacks.map((s) => s.title).join(' | ')}`);
  return r.stacks[0];
}

const names = (s: ParsedStack): string[] => s.frames.map((f) => `${f.module ?? ''}!${f.symbol ?? ''}${f.offset ? '+' + f.offset : ''}`);

test('kb x64: `: Args to Child :` columns are skipped, Child-SP/RetAddr kept', () => {
  const s = only(stackFixture('x64-kb.txt'));
  assert.equal(s.frames.length, 7);
  assert.equal(s.frames[0].sp, 'ffffd50c`67a1e5f8');
  assert.equal(s.frames[0].retAddr, 'fffff800`9d6d3e09');
  assert.equal(s.frames[3].module, 'NetFlt');
  assert.equal(s.frames[3].symbol, 'FilterReceive');
  assert.deepEqual(
    s.frames.map((f) => f.bytes),
    [null, 8, 0x140, 0x190, 0x80, 0xd0, 0xd0],
  );
  assert.equal(s.usedBytes, 1272);
  assert.equal(s.arch, 'x64');
  assert.equal(s.archSource, 'address-width');
});

test('kv x86: three args, FPO/CONV/TrapFrame annotations stripped, source kept', () => {
  const s = only(stackFixture('x86-kv.txt'));
  assert.equal(s.arch, 'x86');
  assert.equal(s.frames.length, 11);
  assert.equal(s.frames[0].symbol, 'CompleteRead');
  assert.deepEqual(s.frames[0].source, { file: 'c:\\work\\myfilt\\read.c', line: 412 });
  assert.equal(s.frames[7].symbol, 'KiFastCallEntry');
  assert.equal(s.frames[7].offset, '0xf8');
  assert.equal(s.frames[8].symbol, 'KiFastSystemCallRet');
  assert.equal(s.frames[8].offset, null);
  // 0x4c, 0x10, 0x4c, 0x10, 0x14, 0x13c, 0 in the kernel; the ntdll frame opens the user segment.
  assert.deepEqual(
    s.frames.map((f) => f.bytes),
    [null, 76, 16, 76, 16, 20, 316, 0, null, 4, 104],
  );
  assert.equal(s.usedBytes, 520);
  assert.deepEqual(
    s.modules.map((m) => [m.module, m.bytes]),
    [
      ['nt', 368],
      ['MyFilt', 76],
      ['fltMgr', 76],
    ],
  );
  assert.ok(s.frames.slice(8).every((f) => f.userMode === true && f.segment === 1));
});

test('kp: parameter lists are removed from the symbol; C++ templates and operator() survive', () => {
  const s = only(stackFixture('x64-kp.txt'));
  assert.deepEqual(names(s), [
    'nt!KeBugCheckEx',
    'nt!KiBugCheckDispatch+0x69',
    'nt!KiPageFault+0x44b',
    'KbFilter!KbFilter_ServiceCallback+0x50',
    'KbFilter!RingBuffer<unsigned char,4096>::Push+0x2a',
    'KbFilter!Worker::operator()+0x12',
    'KbFilter!KbFilter_IsrHook+0x8c',
    'kbdclass!KeyboardClassServiceCallback+0x1fe',
    'nt!KiExecuteAllDpcs+0x30e',
  ]);
  assert.deepEqual(s.frames[3].source, { file: 'c:\\drivers\\kbfiltr\\kbfiltr.c', line: 512 });
  assert.deepEqual(
    s.frames.map((f) => f.bytes),
    [null, 8, 0x140, 0x190, 0x60, 0x50, 0x50, 0xa0, 0x80],
  );
});

test('kP: multi-line parameter lists (tab-indented) join into one frame each', () => {
  const kp = only(stackFixture('x64-kp.txt'));
  const kP = only(stackFixture('x64-kP.txt'));
  assert.equal(kP.title, '0: kd> kP');
  assert.deepEqual(names(kP), names(kp));
  assert.deepEqual(
    kP.frames.map((f) => [f.bytes, f.source]),
    kp.frames.map((f) => [f.bytes, f.source]),
  );
  // The joined frame keeps all its raw lines, and its line number is the first one.
  assert.equal(kP.frames[3].raw.split('\n').length, 5);
  assert.equal(kP.warnings.length, 0);
});

test('kc: module!function only; sizes unknown with a hint to re-run kf', () => {
  const s = only(stackFixture('x64-kc.txt'));
  assert.equal(s.frames.length, 9);
  assert.equal(s.frames[4].symbol, 'RingBuffer<unsigned char,4096>::Push');
  assert.equal(s.frames[5].symbol, 'Worker::operator()');
  assert.ok(s.frames.every((f) => f.bytes === null && f.sizeSource === 'unknown'));
  assert.equal(s.unknownFrames, 9);
  assert.equal(s.usedBytes, 0);
  assert.deepEqual(s.modules, []);
  assert.ok(s.hints.some((h) => /`kf`/.test(h) && /`knf`/.test(h)));
});

test('kn x64 double fault: the IST stack and the thread stack are separate segments', () => {
  const s = only(stackFixture('x64-kn-double-fault.txt'));
  assert.equal(s.frames.length, 19);
  assert.deepEqual(
    s.frames.map((f) => f.segment),
    [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2],
  );
  assert.equal(s.frames[3].bytes, null); // the jump itself is never a size
  assert.match(s.segments?.[1].reason ?? '', /backwards/);
  assert.equal(s.segments?.[1].counted, true);
  assert.equal(s.segments?.[2].counted, false);
  assert.equal(s.segments?.[2].userMode, true);
  assert.equal(s.usedBytes, 8256);
  assert.deepEqual(
    s.modules.map((m) => [m.module, m.bytes]),
    [
      ['MyFlt', 6648],
      ['nt', 856],
      ['FLTMGR', 752],
    ],
  );
  // Direct recursion: ScanNode four times back to back.
  assert.deepEqual(s.cycles[0], { frames: [4], repeats: 4, label: 'MyFlt!ScanNode', starts: [4, 5, 6, 7] });
  assert.ok(s.hints.some((h) => /double fault/.test(h)));
});

test('!thread x64: Stack Init/Current and Base/Limit on two lines; stack below it; usedBytes from Base', () => {
  const s = only(stackFixture('x64-thread.txt'));
  assert.equal(s.title, 'THREAD ffffc28b8f2d4080');
  assert.equal(s.limitBytes, 0x6000);
  assert.equal(s.limitSource, 'thread');
  assert.equal(s.thread?.base, 'ffff870c`2a838000');
  assert.equal(s.thread?.limit, 'ffff870c`2a832000');
  assert.equal(s.thread?.largeStack, false);
  assert.equal(s.frames.length, 14);
  assert.equal(s.frames[2].symbol, 'KiPageFault'); // `(TrapFrame @ ...)` stripped
  // Frames: 8 + 0x140 + 0x190 + 5 x 0x1010 + 0x80 + 3 x 0xa0 + 0x60 = 21,992; Base - lowest SP = 0x59a8.
  const sum = s.frames.reduce((a, f) => a + (f.bytes ?? 0), 0);
  assert.equal(sum, 21992);
  assert.equal(s.usedBytes, 0x59a8);
  assert.equal(s.usedSource, 'thread-base');
  assert.deepEqual(s.cycles.map((c) => [c.label, c.repeats]), [['BigDrv!FormatEntries', 5]]);
  assert.ok(s.hints.some((h) => /% of the limit used/.test(h)));
});

test('!analyze -v: only STACK_TEXT frames; trap-frame registers and FOLLOWUP_IP are not frames', () => {
  const s = only(stackFixture('x64-analyze-v.txt'));
  assert.equal(s.title, '0: kd> !analyze -v · STACK_TEXT');
  assert.deepEqual(names(s), [
    'nt!KeBugCheckEx',
    'nt!KiBugCheckDispatch+0x69',
    'nt!KiPageFault+0x469',
    'NetFlt!FilterReceive+0x7c',
    'ndis!ndisMIndicateNetBufferListsToOpen+0x141',
    'ndis!ndisMTopReceiveNetBufferLists+0x22b',
    'ndis!ndisCallReceiveHandler+0x61',
  ]);
  assert.equal(s.usedBytes, 1272);
  // The .trap register dump (rsp=...) inside the analysis must not size frame 0.
  assert.equal(s.frames[0].bytes, null);
});

test('!analyze -v x86 STACK_TEXT with args and a WARNING line', () => {
  const s = only(stackFixture('x86-analyze-stack-text.txt'));
  assert.equal(s.title, 'STACK_TEXT');
  assert.equal(s.arch, 'x86');
  assert.equal(s.frames.length, 4);
  assert.deepEqual(
    s.frames.map((f) => f.bytes),
    [null, 76, 16, 76],
  );
  assert.equal(s.warnings.length, 1);
  assert.match(s.warnings[0].text, /^WARNING:/);
});

test('arm64: decided from x29/fp/lr registers before the stack; platform limit from ntddk.h', () => {
  const s = only(stackFixture('arm64-kn.txt'));
  assert.equal(s.title, '0: kd> kn');
  assert.equal(s.arch, 'arm64');
  assert.equal(s.archSource, 'registers');
  assert.equal(s.limitBytes, 0x8000);
  assert.match(s.limitNote ?? '', /_ARM64_/);
  assert.equal(s.frames.length, 7); // the `pacibsp` disassembly line is not a frame
  assert.deepEqual(
    s.frames.map((f) => f.bytes),
    [null, 0x10, 0x70, 0x3f0, 0x50, 0x70, 0xa0],
  );
  // Without the register dump the same frames read as x64 (16-digit addresses), unless told.
  const kn = stackFixture('arm64-kn.txt').split('\n').slice(7).join('\n');
  assert.equal(only(kn).arch, 'x64');
  const told = parseStacks(kn, { arch: 'arm64' }).stacks[0];
  assert.equal(told.arch, 'arm64');
  assert.equal(told.archSource, 'user');
  // arm64-only symbols (the GIC interrupt controller) decide it too.
  const gic = only('00 ffff9e0c`1d6a7580 fffff803`4c6b1e18 hal!HalpGic3RequestInterrupt+0x2c\n01 ffff9e0c`1d6a75c0 fffff803`4c6b1f00 nt!KiIpiSendRequest+0x80');
  assert.equal(gic.arch, 'arm64');
  assert.equal(gic.archSource, 'symbols');
});

test('unsymbolised module+0x and bare addresses (x64 with backtick)', () => {
  const s = only(stackFixture('x64-unsymbolised.txt'));
  assert.equal(s.frames.length, 6);
  assert.deepEqual([s.frames[2].module, s.frames[2].symbol, s.frames[2].offset], ['VendorDrv', null, '0x32a8']);
  assert.deepEqual([s.frames[4].module, s.frames[4].symbol, s.frames[4].address], [null, null, '0xfffff8041b0c1b10']);
  assert.equal(s.frames[4].bytes, 0x60);
  assert.deepEqual(
    s.modules.map((m) => [m.module, m.bytes]),
    [
      ['VendorDrv', 0x140 + 0xb0],
      ['nt', 8 + 0x80],
      ['(no module)', 0x60],
    ],
  );
  assert.equal(s.warnings.length, 1);
  assert.match(s.warnings[0].text, /Frame IP not in any known module/);
});

test('wrapped lines: args, call site and a source path split over lines are joined', () => {
  const s = only(stackFixture('wrapped-lines.txt'));
  assert.deepEqual(names(s), [
    'nt!KeBugCheckEx',
    'nt!KiBugCheckDispatch+0x69',
    'nt!KiPageFault+0x469',
    'NetFlt!FilterReceive+0x7c',
    'ndis!ndisMIndicateNetBufferListsToOpen+0x141',
  ]);
  assert.deepEqual(s.frames[3].source, { file: 'C:\\Program Files\\Vendor Sources\\netflt\\receive.c', line: 233 });
  assert.deepEqual(
    s.frames.map((f) => f.bytes),
    [null, 8, 0x140, 0x190, 0x80],
  );
  assert.equal(s.warnings.length, 0);
});

test('x86 k without arguments: ChildEBP RetAddr only', () => {
  const s = only(['ChildEBP RetAddr', 'f78aeb30 f7a21c4d MyFilt!CompleteRead+0x5d', 'f78aeb7c 804e37f7 MyFilt!DispatchRead+0x13d', 'f78aeb8c f7b1e1a5 nt!IopfCallDriver+0x31'].join('\n'));
  assert.equal(s.title, 'Stack 1');
  assert.equal(s.arch, 'x86');
  assert.deepEqual(
    s.frames.map((f) => f.bytes),
    [null, 0x4c, 0x10],
  );
});

test('seed 004 style k (frame numbers, no addresses): C++ names with spaces and paths with spaces', () => {
  const s = only(stackFixture('seed004-x64-k-no-addresses.txt'));
  assert.equal(s.frames.length, 112);
  assert.equal(s.frames[0x1b].symbol, 'FxObject::operator delete');
  assert.equal(s.frames[0x1c].symbol, "FxMemoryBuffer::`scalar deleting destructor'");
  assert.equal(s.frames[0x28].symbol, 'std::kstring::operator+=');
  assert.equal(s.frames[0x28].offset, '0x2d');
  assert.deepEqual(s.frames[0x26].source, { file: 'C:\\Program Files (x86)\\Windows Kits\\10\\Include\\wdf\\kmdf\\1.15\\wdfobject.h', line: 743 });
  assert.equal(s.frames[0x6f].index, 0x6f);
});

test('kP: a parameter list that never closes ends at the next frame line', () => {
  const text = [
    '0: kd> kP',
    '03 ffffe30f`2c5d7d10 fffff806`1e4a1d3c     KbFilter!Cb(',
    '\t\t\tint a = 0n1,',
    '04 ffffe30f`2c5d7d70 fffff806`1e4a1e20     KbFilter!Other(',
    '\t\t\tint b = 0n2)+0x2a [c:\\drivers\\kbfiltr\\ring.h @ 88]',
    '05 ffffe30f`2c5d7dc0 fffff806`1e4a1f00     nt!KiExecuteAllDpcs+0x30e',
  ].join('\n');
  const s = only(text);
  assert.deepEqual(names(s), ['KbFilter!Cb', 'KbFilter!Other+0x2a', 'nt!KiExecuteAllDpcs+0x30e']);
  assert.deepEqual(s.frames.map((f) => f.bytes), [null, 0x60, 0x50]);
  assert.equal(s.warnings.length, 1);
  assert.match(s.warnings[0].text, /did not finish/);
});
