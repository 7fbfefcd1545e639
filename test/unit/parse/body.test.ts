// Function bodies: locals, calls, control flow, accesses, assignments, slot assignments and the
// two seed functions (000's stack KEVENT waited on in UserMode, 004's struct copy into a local).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fn, flowShape, parseFixture, parseText, plain } from './helpers';

test("seed 000: GetOperationCompletionStatus — stack KEVENT, its address escapes, waited on with UserMode", async () => {
  const s = await parseFixture('wdm_driver.c');
  const f = fn(s, 'GetOperationCompletionStatus');
  const event = f.locals.find((l) => l.name === 'Event');
  assert.ok(event);
  assert.deepEqual(event.type, { base: 'KEVENT', pointer: 0, arrayDims: [] });
  assert.equal(event.addressTaken, true);
  assert.ok(f.addressTaken.includes('Event'));
  const wait = f.calls.find((c) => c.calleeName === 'KeWaitForSingleObject');
  assert.ok(wait);
  assert.deepEqual(wait.args.map((a) => a.text), ['&Event', 'Executive', 'UserMode', 'FALSE', 'NULL']);
  assert.deepEqual(wait.args[0], { text: '&Event', rootIdent: 'Event', addressOf: true });
  assert.equal(wait.range.start.line, 111); // line 112 in 1-based editors
  assert.equal(
    flowShape(f),
    'KeInitializeEvent KeAcquireSpinLock if{Opeartion->CompletionEvent=&Event} KeReleaseSpinLock loop{KeWaitForSingleObject if{continue} break} return',
  );
  assert.deepEqual(f.assignments.map((a) => [a.lhs, a.rhs]), [['Wait', 'TRUE'], ['WaitStatus', 'KeWaitForSingleObject(&Event, Executive, UserMode, FALSE, NULL)']]);
});

test('seed 004: MYSTRUCT::toDebugStr copies *this into a stack local with memcpy', async () => {
  const s = await parseFixture('mystruct.cpp');
  const f = fn(s, 'MYSTRUCT::toDebugStr');
  assert.deepEqual(f.locals.map((l) => [l.name, l.type.base, l.addressTaken]), [['_this', 'MYSTRUCT', true]]);
  const memcpyIndex = f.calls.findIndex((c) => c.calleeName === 'memcpy');
  assert.ok(memcpyIndex >= 0);
  assert.deepEqual(f.copiesIntoLocals, [{ local: '_this', call: memcpyIndex }]);
  assert.deepEqual(f.calls[memcpyIndex].args.map((a) => a.text), ['&_this', 'this', 'sizeof(*this)']);
  assert.equal(flowShape(f), 'isSystemVaRangeValid if{memcpy TraceEvents}');
  assert.deepEqual(f.accesses, [], 'sizeof(*this) does not dereference');
});

test('locals: deref initialisers (struct copies), C++ constructor copies, VLA, alloca, static', async () => {
  const cpp = await parseFixture('mystruct.cpp');
  const copy = fn(cpp, 'CopyOut');
  assert.deepEqual(copy.locals.map((l) => [l.name, l.init ?? null, l.initText ?? null]), [
    ['copy', 'deref', '*src'],
    ['second', 'deref', '(*src)'],
    ['d', null, null],
  ]);
  assert.deepEqual(copy.calls.map((c) => [c.callee, c.calleeName]), [['d.run', 'run'], ['src->toDebugStr', 'toDebugStr']]);
  const c = await parseFixture('wdm_driver.c');
  const ioctl = fn(c, 'SampleIoctl');
  const byName = Object.fromEntries(ioctl.locals.map((l) => [l.name, l]));
  assert.equal(byName.copy.init, 'deref');
  assert.equal(byName.len.init, 'deref');
  assert.equal(byName.stack.init, 'value');
  assert.deepEqual(byName.local.type.arrayDims, ['BUF_LEN']);
  assert.equal(byName.local.isVla, false);
  const user = fn(c, 'StackUser');
  assert.equal(user.usesAlloca, true);
  const vla = user.locals.find((l) => l.name === 'vla');
  assert.equal(vla?.isVla, true);
  assert.equal(vla?.addressTaken, true);
  const st = await parseText('void f(int n) { static UCHAR table[16]; int k = 1, *pk = &k; char b[n + 1]; }', 'st.c');
  const g = fn(st, 'f');
  assert.deepEqual(g.locals.map((l) => [l.name, l.isStatic, l.isVla, l.addressTaken, l.type.pointer]), [
    ['table', true, false, false, 0],
    ['k', false, false, true, 0],
    ['pk', false, false, false, 1],
    ['b', false, true, false, 0],
  ]);
  assert.equal(flowShape(g), 'pk=&k');
});

test('locals inside #if DBG / #else and #ifdef _WIN64 are tagged both ways', async () => {
  const s = await parseFixture('wdm_driver.c');
  const cc = fn(s, 'SampleCreateClose');
  const cond = (n: string) => cc.locals.find((l) => l.name === n)?.cond;
  assert.deepEqual(cond('debugCounter'), { dbg: true });
  assert.deepEqual(cond('releaseCounter'), { dbg: false });
  assert.equal(cond('status'), undefined);
  const user = fn(s, 'StackUser');
  assert.deepEqual(user.locals.find((l) => l.name === 'wide')?.cond, { arches: ['x64', 'arm64'] });
  assert.deepEqual(user.locals.find((l) => l.name === 'narrow')?.cond, { arches: ['x86'] });
  const dbgCall = await parseText('void f(void) {\n#if DBG\n  DbgPrint("x");\n#endif\n  g();\n}', 'd.c');
  assert.deepEqual(fn(dbgCall, 'f').calls.map((c) => [c.calleeName, c.cond ?? null]), [['DbgPrint', { dbg: true }], ['g', null]]);
});

test('calls: callee forms, evaluation order (arguments first), inTry for __try but not __except', async () => {
  const s = await parseText(
    [
      'void f(PFN pfn, POBJ obj) {',
      '  a(b(1), c());',
      '  obj->Method(2);',
      '  ns::g();',
      '  (*pfn)(3);',
      '  (pfn)(4);',
      '  __try { inside(); } __except (filter()) { handler(); }',
      '  __try { t2(); } __finally { fin(); }',
      '}',
    ].join('\n'),
    'calls.cpp',
  );
  const f = fn(s, 'f');
  assert.deepEqual(f.calls.map((c) => [c.callee, c.calleeName, c.inTry]), [
    ['a', 'a', false],
    ['b', 'b', false],
    ['c', 'c', false],
    ['obj->Method', 'Method', false],
    ['ns::g', 'g', false],
    ['(*pfn)', null, false],
    ['(pfn)', 'pfn', false],
    ['inside', 'inside', true],
    ['filter', 'filter', false],
    ['handler', 'handler', false],
    ['t2', 't2', true],
    ['fin', 'fin', false],
  ]);
  assert.equal(flowShape(f), 'b c a Method g ? pfn try{inside}except{filter handler} try{t2}finally{fin}');
  assert.deepEqual(plain(f.calls[0].range), { start: { line: 1, column: 2 }, end: { line: 1, column: 14 } });
});

test('flow shape: if/else chains, switch with fallthrough and default, loops, goto and labels, early return', async () => {
  const s = await parseText(
    [
      'int f(int x) {',
      '  if (x) { a(); } else if (y()) { b(); } else { c(); }',
      '  switch (x) { case 1: d(); case 2: e(); break; default: g(); }',
      '  for (i = init(); cond(); step()) { body(); }',
      '  do { once(); } while (again());',
      '  while (w()) { if (z()) continue; else break; }',
      '  if (fail()) goto cleanup;',
      '  x = x > 0 ? pos() : neg();',
      '  return done();',
      'cleanup:',
      '  release();',
      '  return 0;',
      '}',
    ].join('\n'),
    'flow.c',
  );
  assert.equal(
    flowShape(fn(s, 'f')),
    [
      'if{a}else{y if{b}else{c}}',
      'switch+default{[d][e break][g]}',
      'init cond loop{body step}',
      'loop{once again}',
      'w loop{z if{continue}else{break}}',
      'fail if{goto:cleanup}',
      'if{pos}else{neg}',
      'done return',
      'label:cleanup release return',
    ].join(' '),
  );
});

test('slot assignments: WDM MajorFunction (incl. chained and cast), DriverUnload, KMDF config members, designated initializers', async () => {
  const wdm = await parseFixture('wdm_driver.c');
  assert.deepEqual(wdm.slotAssignments.map((x) => [x.slot, x.fn, x.inFunction]), [
    ['MajorFunction[i]', 'SampleCreateClose', 'DriverEntry'],
    ['MajorFunction[IRP_MJ_CREATE]', 'SampleCreateClose', 'DriverEntry'],
    ['MajorFunction[IRP_MJ_CLOSE]', 'SampleCreateClose', 'DriverEntry'],
    ['MajorFunction[IRP_MJ_DEVICE_CONTROL]', 'SampleIoctl', 'DriverEntry'],
    ['DriverUnload', 'SampleUnload', 'DriverEntry'],
  ]);
  const kmdf = await parseFixture('kmdf_queue.c');
  assert.deepEqual(kmdf.slotAssignments.map((x) => [x.slot, x.fn, x.inFunction]), [
    ['EvtDevicePrepareHardware', 'SampleEvtPrepareHardware', 'SampleEvtDeviceAdd'],
    ['EvtDeviceD0Entry', 'SampleEvtD0Entry', 'SampleEvtDeviceAdd'],
    ['EvtIoRead', 'SampleEvtIoRead', 'SampleEvtDeviceAdd'],
    ['EvtIoWrite', 'SampleEvtIoWrite', 'SampleEvtDeviceAdd'],
    ['FastIoRead', 'SampleFastIoRead', null],
    ['FastIoWrite', 'SampleFastIoWrite', null],
  ]);
});

test('referenced functions: callbacks passed as arguments or assigned, not locals or parameters', async () => {
  const s = await parseFixture('wdm_driver.c');
  assert.ok(fn(s, 'SampleIoctl').referencedFunctions.includes('SampleCompletion'));
  assert.ok(!fn(s, 'SampleIoctl').referencedFunctions.includes('Irp'));
  const de = fn(s, 'DriverEntry');
  for (const name of ['SampleCreateClose', 'SampleIoctl', 'SampleUnload']) assert.ok(de.referencedFunctions.includes(name), name);
  const k = await parseFixture('kmdf_queue.c');
  assert.ok(fn(k, 'DriverEntry').referencedFunctions.includes('SampleEvtDeviceAdd'));
});

test('accesses: dereferences through pointers with read/write and SEH context; assignments to identifiers', async () => {
  const s = await parseFixture('wdm_driver.c');
  const f = fn(s, 'SampleIoctl');
  assert.deepEqual(f.accesses.map((a) => [a.expr, a.root, a.kind, a.inTry]), [
    ['stack', 'stack', 'read', false],
    ['userBuffer', 'userBuffer', 'write', true],
    ['Irp->UserBuffer', 'Irp', 'write', false],
    ['local', 'local', 'read', false],
    ['Irp->AssociatedIrp.SystemBuffer', 'Irp', 'write', false],
  ]);
  assert.deepEqual(f.assignments.map((a) => [a.lhs, a.rhs, a.inTry]), [
    ['userBuffer', 'Irp->UserBuffer', false],
    ['status', 'GetExceptionCode()', false],
    ['status', 'STATUS_SUCCESS', false],
    ['status', 'SampleHelper(DeviceObject, local, sizeof(local), 0)', false],
  ]);
  const copy = f.calls.findIndex((c) => c.calleeName === 'RtlCopyMemory');
  assert.deepEqual(f.copiesIntoLocals, [{ local: 'local', call: copy }]);
  const t = await parseText('void g(PFOO p, PUCHAR b) { __try { x = p->a->b; *b = 1; (*p).c++; q = &p->d->e; } __except(1) { } }', 't.c');
  assert.deepEqual(fn(t, 'g').accesses.map((a) => [a.expr, a.root, a.kind, a.inTry]), [
    ['p->a', 'p', 'read', true],
    ['b', 'b', 'write', true],
    ['p', 'p', 'write', true],
  ]);
});

test('PAGED_CODE must be among the first statements of the body', async () => {
  const s = await parseFixture('wdm_driver.c');
  assert.equal(fn(s, 'SampleUnload').pagedCode, true);
  assert.deepEqual(plain(fn(s, 'SampleUnload').pagedCodeRange), { start: { line: 61, column: 4 }, end: { line: 61, column: 17 } });
  assert.equal(fn(s, 'SampleCreateClose').pagedCode, true, 'after declarations and conditional locals');
  assert.equal(fn(s, 'SampleIoctl').pagedCode, false);
  const late = await parseText('void f(int x) { if (x) { return; } PAGED_CODE(); }\nvoid g(void) { PAGED_CODE_LOCKED(); }\nvoid h(void) { { PAGED_CODE(); } }', 'p.c');
  assert.equal(fn(late, 'f').pagedCode, false);
  assert.equal(fn(late, 'g').pagedCode, true);
  assert.equal(fn(late, 'h').pagedCode, false);
});

test('copies into locals: &local, &local.member and local arrays; not into pointers or globals', async () => {
  const s = await parseText(
    [
      'void f(PIRP Irp, PUCHAR dst) {',
      '  IRP copy; struct { int a; UCHAR b[8]; } pair; UCHAR raw[16]; PUCHAR p = raw;',
      '  RtlCopyMemory(&copy, Irp, sizeof(IRP));',
      '  memcpy(&pair.b, Irp, 8);',
      '  RtlMoveMemory(raw, Irp, 16);',
      '  memcpy(p, Irp, 16);',
      '  memcpy(dst, Irp, 16);',
      '  memcpy(&gGlobal, Irp, 16);',
      '}',
    ].join('\n'),
    'copy.c',
  );
  const f = fn(s, 'f');
  assert.deepEqual(f.copiesIntoLocals.map((c) => [c.local, f.calls[c.call].calleeName]), [
    ['copy', 'RtlCopyMemory'],
    ['pair', 'memcpy'],
    ['raw', 'RtlMoveMemory'],
  ]);
  const pair = f.locals.find((l) => l.name === 'pair');
  assert.deepEqual(pair?.inline?.fields.map((x) => x.name), ['a', 'b']);
  assert.deepEqual(f.addressTaken.sort(), ['copy', 'gGlobal', 'pair']);
});

test('arguments: text split at top-level commas, strings and nested calls kept whole', async () => {
  const s = await parseText('void f(void) { DbgPrint("a, b (%d)", x(1, 2), \',\', (PVOID)&ctx, arr[i, j]); }', 'args.c');
  const call = fn(s, 'f').calls[0];
  assert.deepEqual(call.args.map((a) => a.text), ['"a, b (%d)"', 'x(1, 2)', "','", '(PVOID)&ctx', 'arr[i, j]']);
  assert.deepEqual(call.args[3], { text: '(PVOID)&ctx', rootIdent: 'ctx', addressOf: true });
});

test('a cast address-of, read by the grammar as a binary &, still marks the local address-taken', async () => {
  const s = await parseText('void f(POP op) { KEVENT Event; ULONG mask = 3; op->CompletionEvent = (PKEVENT)&Event; op->Flags = (mask) & 1; }', 'cast.c');
  const f = fn(s, 'f');
  assert.equal(f.locals.find((l) => l.name === 'Event')?.addressTaken, true);
  assert.equal(f.locals.find((l) => l.name === 'mask')?.addressTaken, false);
  assert.equal(flowShape(f), 'op->CompletionEvent=&Event');
});

test('MSVC C try/finally (FastFat style) gives a try flow with inTry calls', async () => {
  const s = await parseText('VOID f(PIRP_CONTEXT IrpContext) {\n    try {\n        Work(IrpContext);\n        if (Done()) { leave; }\n    } finally {\n        Cleanup();\n    }\n}\n', 'fat.c');
  const f = fn(s, 'f');
  assert.equal(f.hasParseErrors, false);
  assert.equal(flowShape(f), 'try{Work Done if{}}finally{Cleanup}');
  assert.deepEqual(f.calls.map((c) => [c.calleeName, c.inTry]), [['Work', true], ['Done', true], ['Cleanup', false]]);
});
