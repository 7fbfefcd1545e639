// Which grammar a file gets, and that the role-typedef list covers the WDM/KMDF basics.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRoleTypedef, languageForFile } from '../../../server/src/analysis/parse/index';
import { fn, parseText } from './helpers';

test('extensions decide C and C++; .h follows its text, then its neighbours', () => {
  assert.equal(languageForFile('/x/driver.c'), 'c');
  for (const f of ['a.cpp', 'a.cxx', 'a.cc', 'a.hpp', 'a.hxx', 'a.inl', 'C:\\src\\A.CPP']) assert.equal(languageForFile(f), 'cpp', f);
  assert.equal(languageForFile('a.h'), 'c');
  assert.equal(languageForFile('a.h', ['a.h', 'b.cpp', 'c.cpp']), 'cpp');
  assert.equal(languageForFile('a.h', ['a.h', 'b.cpp', 'c.c']), 'c', 'mixed folder: C');
  assert.equal(languageForFile('a.h', ['x.c'], 'class Foo : public Bar {\n};'), 'cpp', 'the text wins');
  assert.equal(languageForFile('a.h', [], 'namespace ns {\n}'), 'cpp');
  assert.equal(languageForFile('a.h', [], 'template <typename T> struct X {};'), 'cpp');
  assert.equal(languageForFile('a.h', [], 'int x = Foo::Bar;'), 'cpp');
  assert.equal(languageForFile('a.h', [], '#ifdef __cplusplus\nextern "C" {\nclass Inside;\n#endif\n// a::b in a comment\nint x;'), 'c');
});

test('role typedefs: listed WDM/NDIS/StorPort names and every EVT_ callback', () => {
  for (const n of ['DRIVER_INITIALIZE', 'DRIVER_DISPATCH', 'IO_COMPLETION_ROUTINE', 'KDEFERRED_ROUTINE', 'KSTART_ROUTINE', 'IO_WORKITEM_ROUTINE_EX', 'MINIPORT_ISR', 'HW_INTERRUPT', 'EVT_WDF_DRIVER_DEVICE_ADD', 'EVT_UCX_CONTROLLER_USBDEVICE_ADD']) {
    assert.ok(isRoleTypedef(n), n);
  }
  for (const n of ['ULONG', 'DEVICE_CONTEXT', 'PDRIVER_DISPATCH', 'EVT']) assert.ok(!isRoleTypedef(n), n);
});

test('a .h parsed without an explicit language sniffs C++', async () => {
  const s = await parseText('class Widget { public: virtual void go(); };\nvoid Widget::go() { run(); }\n', 'widget.h');
  assert.equal(s.language, 'cpp');
  assert.equal(fn(s, 'Widget::go').isMethod, true);
});

test('a driver-local function typedef makes a role declaration', async () => {
  const s = await parseText('typedef VOID MY_CALLBACK(_In_ PVOID Ctx);\nMY_CALLBACK OnEvent;\nULONG gCounter;\n', 'roles.c');
  assert.deepEqual(s.functions.map((f) => [f.name, f.roleTypedef]), [['OnEvent', 'MY_CALLBACK']]);
});
