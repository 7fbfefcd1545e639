// Records, typedefs, enums and defines extracted from headers and C++ sources.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileSummary, RecordDecl } from '../../../server/src/analysis/model';
import { parseFixture, parseText } from './helpers';

function record(s: FileSummary, tag: string): RecordDecl {
  const r = s.records.find((x) => x.tag === tag || x.qualifiedName === tag || x.typedefNames.includes(tag));
  if (!r) throw new Error(`record ${tag} not found: ${s.records.map((x) => x.tag).join(', ')}`);
  return r;
}

test('typedef struct with typedef and pointer typedef names, bit-fields, anonymous union, nested and inline records', async () => {
  const s = await parseFixture('records.h');
  const ctx = record(s, '_DEVICE_CONTEXT');
  assert.equal(ctx.kind, 'struct');
  assert.deepEqual(ctx.typedefNames, ['DEVICE_CONTEXT']);
  assert.deepEqual(ctx.pointerTypedefNames, ['PDEVICE_CONTEXT']);
  const names = ctx.fields.map((f) => f.name);
  assert.deepEqual(names.slice(0, 8), ['Flags', 'Mode', null, 'Reserved', null, 'Inner', 'Callback', 'RawCallback']);
  assert.equal(ctx.fields[0].bitWidth, '4');
  assert.equal(ctx.fields[2].bitWidth, '0', 'unnamed zero-width bit-field kept');
  const anon = ctx.fields[4];
  assert.equal(anon.inline?.kind, 'union');
  assert.equal(anon.inline?.tag, null);
  assert.deepEqual(anon.inline?.fields.map((f) => f.name), ['AsUlong', null]);
  assert.deepEqual(anon.inline?.fields[1].inline?.fields.map((f) => f.name), ['Low', 'High']);
  const inner = ctx.fields[5];
  assert.equal(inner.type.base, 'struct _INNER');
  assert.deepEqual(inner.inline?.fields[1].type.arrayDims, ['RING_SIZE * 2']);
  assert.ok(s.records.some((r) => r.tag === '_INNER'), 'a named nested C struct is also a file-level record');
  assert.equal(ctx.fields[6].type.base, 'PSAMPLE_CALLBACK');
  assert.deepEqual(ctx.fields[7].type, { base: 'VOID', pointer: 1, arrayDims: [], isFunctionPointer: true });
  const matrix = ctx.fields.find((f) => f.name === 'Matrix');
  assert.deepEqual(matrix?.type.arrayDims, ['2', '3']);
  const name = ctx.fields.find((f) => f.name === 'Name');
  assert.deepEqual(name?.type, { base: 'CHAR', pointer: 1, arrayDims: [], isConst: true });
});

test('DBG-only and arch-only fields carry cond; #if 0 fields vanish; unknown #if keeps its first branch', async () => {
  const s = await parseFixture('records.h');
  const ctx = record(s, '_DEVICE_CONTEXT');
  const cond = (n: string) => ctx.fields.find((f) => f.name === n)?.cond;
  assert.deepEqual(cond('DebugOnlyCounter'), { dbg: true });
  assert.deepEqual(cond('FreeOnlyCounter'), { dbg: false });
  assert.deepEqual(cond('WideField'), { arches: ['x64', 'arm64'] });
  assert.deepEqual(cond('NarrowField'), { arches: ['x86'] });
  assert.equal(cond('Flags'), undefined);
  assert.ok(!ctx.fields.some((f) => f.name === 'NeverCompiled'));
  assert.ok(ctx.fields.some((f) => f.name === 'UnknownFirst'));
  assert.ok(!ctx.fields.some((f) => f.name === 'UnknownElse'));
});

test('pragma pack in force is recorded per record', async () => {
  const s = await parseFixture('records.h');
  assert.equal(record(s, '_PACKED_HEADER').pack, 1);
  assert.equal(record(s, '_PACKED4').pack, 4);
  assert.equal(record(s, '_PACKED2').pack, 2);
  assert.equal(record(s, '_DEFAULT_PACK').pack, null);
});

test('DECLSPEC_ALIGN / __declspec(align) on a record and on members', async () => {
  const s = await parseFixture('records.h');
  const r = record(s, '_ALIGNED_RECORD');
  assert.equal(r.align, '16');
  assert.deepEqual(r.fields.map((f) => [f.name, f.align ?? null]), [['Value', null], ['Aligned', '8'], ['Aligned32', '32']]);
  assert.deepEqual(r.pointerTypedefNames, ['PALIGNED_RECORD']);
});

test('typedef chains, pointer typedefs and function(-pointer) typedefs', async () => {
  const s = await parseFixture('records.h');
  const td = (n: string) => s.typedefs.find((t) => t.name === n)?.type;
  assert.deepEqual(td('MY_ULONG'), { base: 'unsigned long', pointer: 0, arrayDims: [] });
  assert.deepEqual(td('MY_COUNT'), { base: 'MY_ULONG', pointer: 0, arrayDims: [] });
  assert.deepEqual(td('PMY_COUNT'), { base: 'MY_ULONG', pointer: 1, arrayDims: [] });
  assert.deepEqual(td('PPMY_COUNT'), { base: 'PMY_COUNT', pointer: 1, arrayDims: [] });
  assert.deepEqual(td('PSAMPLE_CALLBACK'), { base: 'VOID', pointer: 1, arrayDims: [], isFunctionPointer: true });
  assert.deepEqual(td('SAMPLE_ROUTINE'), { base: 'NTSTATUS', pointer: 0, arrayDims: [], isFunctionPointer: true });
  assert.deepEqual(td('PSAMPLE_ROUTINE'), { base: 'SAMPLE_ROUTINE', pointer: 1, arrayDims: [] });
  assert.deepEqual(td('PDEVICE_CONTEXT'), { base: 'struct _DEVICE_CONTEXT', pointer: 1, arrayDims: [] });
});

test('enums with values and typedef names; defines with lines', async () => {
  const s = await parseFixture('records.h');
  const e = s.enums.find((x) => x.tag === '_SAMPLE_STATE');
  assert.ok(e);
  assert.deepEqual(e.typedefNames, ['SAMPLE_STATE']);
  assert.deepEqual(e.constants, [
    { name: 'StateIdle', value: null },
    { name: 'StateRunning', value: '5' },
    { name: 'StateStopped', value: null },
  ]);
  assert.deepEqual(s.defines.map((d) => [d.name, d.value, d.line]), [
    ['RING_SIZE', '0x100', 3],
    ['FLAG_A', '0x1', 4],
    ['FLAG_B', '(FLAG_A << 1)', 5],
    ['EMPTY_MARKER', '', 6],
  ]);
});

test("seed 004: MYSTRUCT's DBG-only tracker field is kept with cond dbg", async () => {
  const s = await parseFixture('mystruct.cpp');
  const m = record(s, 'MYSTRUCT');
  assert.deepEqual(m.fields.map((f) => f.name), ['listOthers', 'wdfRequest', 'wdfMemory', 'nRefCount', 'trckr']);
  const trckr = m.fields[4];
  assert.deepEqual(trckr.type, { base: 'REF_CNT_TRACKER', pointer: 0, arrayDims: ['4'] });
  assert.deepEqual(trckr.cond, { dbg: true });
  const t = record(s, 'REF_CNT_TRACKER');
  assert.deepEqual(t.fields[1].type.arrayDims, ['0x100']);
});

test('C++ classes: bases, virtual methods, namespaces, nested records, static members are not fields', async () => {
  const s = await parseFixture('mystruct.cpp');
  const base = record(s, 'kstd::Base');
  assert.equal(base.kind, 'class');
  assert.equal(base.hasVirtual, true);
  assert.deepEqual(base.fields.map((f) => f.name), ['baseValue']);
  const derived = record(s, 'kstd::Derived');
  assert.deepEqual(derived.bases.map((b) => b.base), ['Base', 'Other']);
  assert.equal(derived.hasVirtual, true, '`override` implies a vtable');
  assert.deepEqual(derived.fields.map((f) => f.name), ['nested']);
  assert.ok(s.records.some((r) => r.qualifiedName === 'kstd::Derived::Nested'));
  const color = s.enums.find((e) => e.tag === 'Color');
  assert.deepEqual(color?.underlying, { base: 'UCHAR', pointer: 0, arrayDims: [] });
});

test('struct definitions without typedef, forward declarations and struct variables', async () => {
  const s = await parseText('struct Fwd;\nstruct S { int a; } gS;\ntypedef struct { int z; } ANON, *PANON;\n', 't.c');
  assert.deepEqual(s.records.map((r) => [r.tag, r.typedefNames, r.pointerTypedefNames]), [
    ['S', [], []],
    [null, ['ANON'], ['PANON']],
  ]);
  assert.deepEqual(s.typedefs.map((t) => [t.name, t.type.base, t.type.pointer]), [['PANON', 'ANON', 1]]);
});

test('const members of a typedef-ed struct do not make the typedef const', async () => {
  const s = await parseText('typedef struct _C { const char *name; } C, *PC;\ntypedef const struct _C *PCC;\n', 'c.h');
  assert.equal(s.typedefs.find((t) => t.name === 'PC')?.type.isConst, undefined);
  assert.equal(s.typedefs.find((t) => t.name === 'PCC')?.type.isConst, true);
});
