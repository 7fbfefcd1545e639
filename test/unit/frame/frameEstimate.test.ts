import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TypeIndex } from '../../../server/src/analysis/layout';
import { estimateAllFrames, estimateFrame, frameContextFor } from '../../../server/src/analysis/frame';
import type { FileSummary, FunctionDecl } from '../../../server/src/analysis/model';
import type { FrameEstimate, FrameItemKind } from '../../../server/src/analysis/results';
import { DBG, call, fld, fn, local, param, rec, summary } from '../layout/summaryBuilders';

function setup(fns: FunctionDecl[], extra: Partial<FileSummary> = {}) {
  const s = summary('/ws/a.c', { functions: fns, ...extra });
  return frameContextFor(new TypeIndex([s]));
}
const bytesOf = (e: FrameEstimate, kind: FrameItemKind) => e.items.filter((i) => i.kind === kind).reduce((s, i) => s + i.bytes, 0);
const sum = (e: FrameEstimate) => e.items.reduce((s, i) => s + i.bytes, 0);

test('breakdown items add up to the total and name each local', () => {
  const f = fn('Dispatch', {
    params: [param('DeviceObject', 'PDEVICE_OBJECT'), param('Irp', 'PIRP')],
    locals: [local('buf', 'UCHAR[64]'), local('status', 'NTSTATUS'), local('ev', 'KEVENT', { addressTaken: true })],
    addressTaken: ['ev'],
    calls: [call('KeInitializeEvent', 3), call('IoCallDriver', 2)],
  });
  const ctx = setup([f]);
  for (const arch of ['x86', 'x64', 'arm64'] as const) {
    const e = estimateFrame(f, ctx, arch, 'free');
    assert.equal(e.bytes, sum(e), arch);
    assert.equal(e.knownBytes, e.bytes);
    assert.deepEqual(e.unknown, []);
    assert.equal(e.dynamic, false);
    assert.ok(e.items.some((i) => i.kind === 'local' && i.label.startsWith('buf (UCHAR[64])') && i.bytes === 64));
    assert.ok(e.items.some((i) => i.kind === 'local' && i.label.startsWith('ev (KEVENT)') && i.bytes === (arch === 'x86' ? 16 : 24)));
    assert.ok(e.items.some((i) => i.kind === 'register-candidate' && i.label.startsWith('status') && i.bytes === 0));
  }
  const x64 = estimateFrame(f, ctx, 'x64', 'free');
  assert.equal(x64.bytes! % 16, 0, 'x64 frames of non-leaf functions keep 16-byte alignment');
  assert.equal(bytesOf(x64, 'return-address'), 8);
});

test('x64 home area only when the function calls something; stack arguments beyond 4', () => {
  const leaf = fn('Leaf', { params: [param('a', 'ULONG')], locals: [local('x', 'ULONG')] });
  const caller = fn('Caller', { calls: [call('Two', 2)] });
  const many = fn('Many', { calls: [call('Two', 2), call('ZwCreateFile', 11)] });
  const ctx = setup([leaf, caller, many]);
  const l = estimateFrame(leaf, ctx, 'x64', 'free');
  assert.equal(bytesOf(l, 'home-area'), 0);
  assert.equal(l.bytes, 8, 'a leaf without memory locals is just its return address');
  assert.equal(bytesOf(estimateFrame(caller, ctx, 'x64', 'free'), 'home-area'), 32);
  const m = estimateFrame(many, ctx, 'x64', 'free');
  assert.equal(bytesOf(m, 'home-area'), 32);
  assert.equal(bytesOf(m, 'outgoing-args'), 7 * 8);
  // arm64: 8 register arguments, 3 on the stack → 24 → 32 (16-aligned); no home area.
  const a = estimateFrame(many, ctx, 'arm64', 'free');
  assert.equal(bytesOf(a, 'home-area'), 0);
  assert.equal(bytesOf(a, 'outgoing-args'), 32);
  // x86: everything is pushed by the caller: 11 × 4 for the largest call.
  assert.equal(bytesOf(estimateFrame(many, ctx, 'x86', 'free'), 'outgoing-args'), 44);
});

test('x86 pushes 64-bit and by-value aggregate arguments whole when the callee is known', () => {
  const callee = fn('TakesWide', { isDefinition: false, params: [param('t', 'LARGE_INTEGER'), param('u', 'UNICODE_STRING'), param('p', 'PVOID')] });
  const f = fn('Caller', { locals: [local('t', 'LARGE_INTEGER'), local('u', 'UNICODE_STRING')], calls: [call('TakesWide', 3)] });
  const ctx = setup([callee, f]);
  assert.equal(bytesOf(estimateFrame(f, ctx, 'x86', 'free'), 'outgoing-args'), 8 + 8 + 4);
});

test('x64 copies by-value aggregates that are not 1/2/4/8 bytes into the caller; the callee owns no bytes', () => {
  const big = rec('struct', '_BIG', [fld('v', 'ULONG[25]')], { typedefNames: ['BIG'] });
  const callee = fn('TakesBig', { isDefinition: false, params: [param('b', 'BIG')] });
  const f = fn('PassesCopy', { params: [param('p', 'BIG*')], calls: [call('TakesBig', 1, { args: [{ text: '*p' }] })] });
  const ctx = setup([callee, f], { records: [big] });
  const e = estimateFrame(f, ctx, 'x64', 'free');
  assert.ok(e.items.some((i) => i.kind === 'outgoing-args' && i.bytes === 112 && /TakesBig/.test(i.label)));
  const receiver = fn('TakesBigDef', { params: [param('b', 'BIG')] });
  const r = estimateFrame(receiver, setup([receiver], { records: [big] }), 'x64', 'free');
  const p = r.items.find((i) => i.kind === 'param')!;
  assert.equal(p.bytes, 0);
  assert.match(p.label, /by reference to the caller's copy/);
  assert.match(estimateFrame(receiver, setup([receiver], { records: [big] }), 'x86', 'free').items.find((i) => i.kind === 'param')!.label, /pushed/);
});

test('/GS cookie when a local is a GS buffer (MSVC rule), not for pointer arrays or small arrays', () => {
  const withBuf = fn('WithBuffer', { locals: [local('name', 'WCHAR[32]')], calls: [call('Fill', 1)] });
  const ptrs = fn('PointerArray', { locals: [local('slots', 'PVOID[8]')], calls: [call('Fill', 1)] });
  const tiny = fn('TinyArray', { locals: [local('two', 'UCHAR[2]')], calls: [call('Fill', 1)] });
  const ctx = setup([withBuf, ptrs, tiny]);
  assert.equal(bytesOf(estimateFrame(withBuf, ctx, 'x64', 'free'), 'gs-cookie'), 8);
  assert.equal(bytesOf(estimateFrame(withBuf, ctx, 'x86', 'free'), 'gs-cookie'), 4);
  assert.equal(bytesOf(estimateFrame(ptrs, ctx, 'x64', 'free'), 'gs-cookie'), 0);
  assert.equal(bytesOf(estimateFrame(tiny, ctx, 'x64', 'free'), 'gs-cookie'), 0);
});

test('alloca and VLAs make the frame dynamic', () => {
  const a = fn('UsesAlloca', { usesAlloca: true, calls: [call('_alloca', 1)] });
  const v = fn('UsesVla', { params: [param('n', 'ULONG')], locals: [local('tmp', 'UCHAR[n]', { isVla: true })] });
  const ctx = setup([a, v]);
  for (const f of [a, v]) {
    const e = estimateFrame(f, ctx, 'x64', 'free');
    assert.equal(e.dynamic, true, f.name);
    assert.notEqual(e.bytes, null);
  }
  assert.ok(estimateFrame(a, ctx, 'x64', 'free').items.some((i) => i.kind === 'frame-pointer'));
});

test('DBG-only locals count only in the checked configuration (and !DBG only in free)', () => {
  const f = fn('Trace', {
    locals: [local('always', 'UCHAR[16]'), local('dbgBuf', 'UCHAR[2048]', { cond: DBG }), local('freeBuf', 'UCHAR[32]', { cond: { dbg: false } })],
    calls: [call('Fill', 1)],
  });
  const frames = estimateAllFrames(f, setup([f]));
  for (const arch of ['x86', 'x64', 'arm64'] as const) {
    const free = frames[arch].free;
    const checked = frames[arch].checked;
    assert.ok(!free.items.some((i) => i.label.startsWith('dbgBuf')));
    assert.ok(checked.items.some((i) => i.label.startsWith('dbgBuf') && i.bytes === 2048));
    assert.ok(free.items.some((i) => i.label.startsWith('freeBuf')));
    assert.ok(!checked.items.some((i) => i.label.startsWith('freeBuf')));
    assert.ok(checked.bytes! - free.bytes! >= 2048 - 32, arch);
  }
});

test('unknown local type → total null, knownBytes is the rest, unknown names the local', () => {
  const f = fn('Mystery', { locals: [local('m', 'SOME_UNDECLARED_TYPE'), local('buf', 'UCHAR[100]')], addressTaken: ['m'], calls: [call('Use', 1)] });
  const e = estimateFrame(f, setup([f]), 'x64', 'free');
  assert.equal(e.bytes, null);
  assert.ok(e.knownBytes >= 100 + 32 + 8);
  assert.equal(e.unknown.length, 1);
  assert.match(e.unknown[0], /^m \(SOME_UNDECLARED_TYPE/);
  // An opaque type by value is unknown too.
  const g = fn('Opaque', { locals: [local('w', 'IO_WORKITEM')] });
  assert.equal(estimateFrame(g, setup([g]), 'x64', 'free').bytes, null);
});

test('static locals are not on the stack; address-taken scalars are', () => {
  const f = fn('Statics', {
    locals: [local('counter', 'ULONG', { isStatic: true }), local('table', 'UCHAR[4096]', { isStatic: true }), local('value', 'ULONG', { addressTaken: true })],
    addressTaken: ['value'],
    calls: [call('Use', 1)],
  });
  const e = estimateFrame(f, setup([f]), 'x64', 'free');
  assert.ok(!e.items.some((i) => i.label.startsWith('table') || i.label.startsWith('counter')));
  assert.ok(e.items.some((i) => i.kind === 'local' && i.label.startsWith('value') && i.bytes === 4));
  assert.ok(e.bytes! < 100);
});

test('C++ methods: `this` is a register parameter', () => {
  const plain = fn('f', { params: [], locals: [local('a', 'ULONG'), local('b', 'ULONG'), local('c', 'ULONG'), local('d', 'ULONG'), local('e', 'ULONG'), local('g', 'ULONG'), local('h', 'ULONG')] });
  const method = { ...plain, name: 'm', qualifiedName: 'C::m', isMethod: true };
  const ctx = setup([plain, method]);
  // Seven register locals fit the seven x64 scratch registers; `this` makes it eight.
  assert.equal(bytesOf(estimateFrame(plain, ctx, 'x64', 'free'), 'saved-registers'), 0);
  assert.equal(bytesOf(estimateFrame(method, ctx, 'x64', 'free'), 'saved-registers'), 8);
});

test('callee-saved registers grow with values live across calls (modelled)', () => {
  const few = fn('Few', { params: [param('a', 'ULONG')], calls: [call('F', 1), call('G', 1)] });
  const many = fn('Many', {
    params: [param('a', 'ULONG'), param('b', 'ULONG')],
    locals: ['t1', 't2', 't3', 't4', 't5'].map((n) => local(n, 'ULONG')),
    calls: [call('F', 1), call('G', 1), call('H', 1)],
  });
  const ctx = setup([few, many]);
  const s1 = bytesOf(estimateFrame(few, ctx, 'x64', 'free'), 'saved-registers');
  const s2 = bytesOf(estimateFrame(many, ctx, 'x64', 'free'), 'saved-registers');
  assert.ok(s2 > s1, `${s2} > ${s1}`);
  assert.ok(s2 <= 8 * 8);
  // arm64 saves registers in pairs.
  assert.equal(bytesOf(estimateFrame(many, ctx, 'arm64', 'free'), 'saved-registers') % 16, 0);
});

test('seed 004: copying the DBG-grown MYSTRUCT into a local costs 8,208 more bytes in checked builds', () => {
  const f = '/ws/DevMain.cpp';
  const records = [
    rec('struct', 'REF_CNT_TRACKER_ITEM', [fld('nSpecCode', 'short'), fld('nRefCount', 'USHORT'), fld('dwThreadID', 'DWORD')], { pack: 1, file: f }),
    rec('struct', 'REF_CNT_TRACKER', [fld('nNextIdx', 'LONG'), fld('ringBuffer', 'REF_CNT_TRACKER_ITEM[0x100]')], { file: f }),
    rec('struct', 'MYSTRUCT', [fld('listOthers', 'LIST_ENTRY'), fld('wdfRequest', 'WDFREQUEST'), fld('wdfMemory', 'WDFMEMORY'), fld('nRefCount', 'ULONG'), fld('trckr', 'REF_CNT_TRACKER[4]', { cond: DBG })], { file: f }),
  ];
  const toDebugStr = fn('toDebugStr', {
    qualifiedName: 'MYSTRUCT::toDebugStr',
    file: f,
    isMethod: true,
    locals: [local('_this', 'MYSTRUCT')],
    addressTaken: ['_this'],
    calls: [call('isSystemVaRangeValid', 2), call('memcpy', 3), call('WPP_SF_qqqqd', 7)],
  });
  const ctx = frameContextFor(new TypeIndex([summary(f, { language: 'cpp', records, functions: [toDebugStr] })]));
  const frames = estimateAllFrames(toDebugStr, ctx);
  for (const arch of ['x86', 'x64', 'arm64'] as const) {
    const local = (e: FrameEstimate) => e.items.find((i) => i.label.startsWith('_this'))!.bytes;
    assert.equal(local(frames[arch].checked) - local(frames[arch].free), 8208, arch);
  }
  assert.equal(frames.x64.checked.items.find((i) => i.label.startsWith('_this'))!.bytes, 8248);
  assert.ok(frames.x64.checked.bytes! > 8248 && frames.x64.free.bytes! < 200);
});
