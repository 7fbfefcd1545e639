// Function declarations: definitions, prototypes, role-typedef declarations, C++ methods, and
// the re-attachment of blanked IRQL/role annotations to functions and parameters.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fn, parseFixture, parseText } from './helpers';

test('role-typedef declarations become function declarations with roleTypedef and their annotations', async () => {
  const s = await parseFixture('wdm_driver.c');
  const decls = s.functions.filter((f) => !f.isDefinition && f.roleTypedef !== undefined).map((f) => [f.name, f.roleTypedef]);
  assert.deepEqual(decls, [
    ['DriverEntry', 'DRIVER_INITIALIZE'],
    ['SampleUnload', 'DRIVER_UNLOAD'],
    ['SampleCreateClose', 'DRIVER_DISPATCH'],
    ['SampleIoctl', 'DRIVER_DISPATCH'],
    ['SampleCompletion', 'IO_COMPLETION_ROUTINE'],
  ]);
  const cc = s.functions.find((f) => f.name === 'SampleCreateClose' && !f.isDefinition);
  assert.deepEqual(cc?.annotations.map((a) => [a.name, a.args, a.paramIndex]), [
    ['_Dispatch_type_', 'IRP_MJ_CREATE', undefined],
    ['_Dispatch_type_', 'IRP_MJ_CLOSE', undefined],
  ]);
  const ioctl = s.functions.find((f) => f.name === 'SampleIoctl' && !f.isDefinition);
  assert.deepEqual(ioctl?.annotations.map((a) => a.args), ['IRP_MJ_DEVICE_CONTROL']);
  assert.equal(ioctl?.annotations[0].range.start.line, 13);
});

test('KMDF EVT_ callback typedef declarations are role declarations', async () => {
  const s = await parseFixture('kmdf_queue.c');
  const roles = Object.fromEntries(s.functions.filter((f) => !f.isDefinition).map((f) => [f.name, f.roleTypedef]));
  assert.equal(roles.SampleEvtDeviceAdd, 'EVT_WDF_DRIVER_DEVICE_ADD');
  assert.equal(roles.SampleEvtIoRead, 'EVT_WDF_IO_QUEUE_IO_READ');
  assert.equal(roles.SampleEvtPrepareHardware, 'EVT_WDF_DEVICE_PREPARE_HARDWARE');
  // _Function_class_ on a definition counts as its role.
  const read = fn(s, 'SampleEvtIoRead');
  assert.equal(read.isDefinition, true);
  assert.equal(read.roleTypedef, 'EVT_WDF_IO_QUEUE_IO_READ');
  assert.deepEqual(read.annotations.map((a) => [a.name, a.args]), [
    ['_Function_class_', 'EVT_WDF_IO_QUEUE_IO_READ'],
    ['_IRQL_requires_max_', 'DISPATCH_LEVEL'],
  ]);
});

test('a prototype keeps function annotations and a parameter annotation gets its paramIndex', async () => {
  const s = await parseFixture('wdm_driver.c');
  const h = s.functions.find((f) => f.name === 'SampleHelper');
  assert.ok(h);
  assert.equal(h.isDefinition, false);
  assert.deepEqual(h.params.map((p) => [p.name, p.type.base]), [
    ['DeviceObject', 'PDEVICE_OBJECT'],
    ['Buffer', 'PVOID'],
    ['Length', 'ULONG'],
    ['Flags', 'ULONG'],
  ]);
  assert.deepEqual(h.annotations.map((a) => [a.name, a.args, a.paramIndex]), [
    ['_IRQL_requires_max_', 'DISPATCH_LEVEL', undefined],
    ['_When_', 'Flags != 0, _IRQL_requires_(PASSIVE_LEVEL)', 3],
  ]);
});

test('annotations of one function do not leak into the next one', async () => {
  const s = await parseText(
    [
      '_IRQL_requires_(PASSIVE_LEVEL)',
      'VOID A(VOID) { }',
      'int gVariable;',
      'VOID B(VOID) { }',
      '_IRQL_raises_(DISPATCH_LEVEL) _IRQL_saves_global_(OldIrql, Irql)',
      'VOID C(_IRQL_restores_ KIRQL Irql, _Out_ _IRQL_saves_ PKIRQL Old);',
    ].join('\n'),
    'a.c',
  );
  assert.deepEqual(fn(s, 'A').annotations.map((a) => a.name), ['_IRQL_requires_']);
  assert.deepEqual(fn(s, 'B').annotations, []);
  assert.deepEqual(fn(s, 'C').annotations.map((a) => [a.name, a.paramIndex]), [
    ['_IRQL_raises_', undefined],
    ['_IRQL_saves_global_', undefined],
    ['_IRQL_restores_', 0],
    ['_IRQL_saves_', 1],
  ]);
});

test('legacy __drv_ annotations and code_seg macros are attached', async () => {
  const s = await parseText(
    '__drv_maxIRQL(DISPATCH_LEVEL) __drv_functionClass(DRIVER_DISPATCH)\nNTSTATUS Legacy(__in PIRP Irp) { return 0; }\nPAGED_CODE_SEG\nNTSTATUS Paged(VOID) { PAGED_CODE(); return 0; }\n',
    'legacy.c',
  );
  const legacy = fn(s, 'Legacy');
  assert.deepEqual(legacy.annotations.map((a) => [a.name, a.args]), [['__drv_maxIRQL', 'DISPATCH_LEVEL'], ['__drv_functionClass', 'DRIVER_DISPATCH']]);
  assert.equal(legacy.roleTypedef, 'DRIVER_DISPATCH');
  assert.deepEqual(legacy.params.map((p) => p.name), ['Irp']);
  assert.deepEqual(fn(s, 'Paged').annotations.map((a) => [a.name, a.args]), [['code_seg', 'PAGE']]);
});

test('definitions: names, return types, parameters (VOID list, arrays decay, variadic, pointers), static', async () => {
  const s = await parseText(
    [
      'static PVOID * NTAPI Alloc(VOID) { return 0; }',
      'ULONG Sum(_In_reads_(n) const ULONG values[], ULONG n, ...) { return 0; }',
      'VOID (*GetCallback(int k))(int) { return 0; }',
    ].join('\n'),
    'defs.c',
  );
  const a = fn(s, 'Alloc');
  assert.equal(a.isStatic, true);
  assert.deepEqual(a.returnType, { base: 'PVOID', pointer: 1, arrayDims: [] });
  assert.deepEqual(a.params, []);
  assert.deepEqual(a.nameRange.start, { line: 0, column: 'static PVOID * NTAPI '.length });
  const sum = fn(s, 'Sum');
  assert.equal(sum.variadic, true);
  assert.deepEqual(sum.params.map((p) => [p.name, p.type.base, p.type.pointer, p.type.arrayDims.length]), [
    ['values', 'ULONG', 1, 0],
    ['n', 'ULONG', 0, 0],
  ]);
  const g = fn(s, 'GetCallback');
  assert.equal(g.returnType.isFunctionPointer, true);
  assert.deepEqual(g.params.map((p) => p.name), ['k']);
});

test('C++: out-of-class and in-class methods, qualified names, namespaces', async () => {
  const s = await parseFixture('mystruct.cpp');
  const t = s.functions.find((f) => f.qualifiedName === 'MYSTRUCT::toDebugStr' && f.isDefinition);
  assert.ok(t, 'MYSTRUCT::toDebugStr definition');
  assert.equal(t.name, 'toDebugStr');
  assert.equal(t.isMethod, true);
  const proto = s.functions.find((f) => f.qualifiedName === 'MYSTRUCT::toDebugStr' && !f.isDefinition);
  assert.ok(proto, 'in-class prototype');
  assert.equal(proto.isMethod, true);
  const helper = s.functions.find((f) => f.qualifiedName === 'kstd::Derived::helper' && f.isDefinition);
  assert.ok(helper, 'namespaced out-of-class method');
  assert.equal(helper.isMethod, true);
  const inClass = s.functions.find((f) => f.qualifiedName === 'kstd::Derived::run' && f.isDefinition);
  assert.ok(inClass);
  assert.equal(inClass.isMethod, true);
  assert.deepEqual(inClass.calls.map((c) => c.calleeName), ['helper']);
  const free = fn(s, 'CopyOut');
  assert.equal(free.isMethod, false);
  assert.equal(free.qualifiedName, 'CopyOut');
});

test('parse errors are flagged per function and as a share for the file', async () => {
  const s = await parseText('int good(void) { return 1; }\nint bad(void) { x = = ; return 2; }\n', 'err.c');
  assert.equal(fn(s, 'good').hasParseErrors, false);
  assert.equal(fn(s, 'bad').hasParseErrors, true);
  assert.equal(s.parseErrorFunctions, 0.5);
});

test('functions inside #if DBG are tagged', async () => {
  const s = await parseText('#if DBG\nVOID DumpState(VOID) { DbgPrint("x"); }\n#endif\nVOID Always(VOID) { }\n', 'dbg.c');
  assert.deepEqual(fn(s, 'DumpState').cond, { dbg: true });
  assert.equal(fn(s, 'Always').cond, undefined);
});
