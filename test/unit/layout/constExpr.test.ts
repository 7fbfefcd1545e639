import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalConstExpr, evalConstExprDetailed, type ConstEvalContext, type MacroDef } from '../../../server/src/analysis/layout/constExpr';
import { TypeIndex, layoutEngineFor } from '../../../server/src/analysis/layout';
import type { Arch } from '../../../server/src/analysis/model';
import { def, enm, fld, rec, summary } from './summaryBuilders';

function ctx(macros: Record<string, string | MacroDef> = {}, arch: Arch = 'x64'): ConstEvalContext {
  return {
    arch,
    macro: (n) => {
      const m = macros[n];
      return typeof m === 'string' ? { value: m } : m;
    },
  };
}
const ev = (text: string, macros: Record<string, string | MacroDef> = {}, arch: Arch = 'x64') => evalConstExpr(text, ctx(macros, arch));

test('integer literals: decimal, hex, octal, binary and suffixes', () => {
  assert.equal(ev('42'), 42);
  assert.equal(ev('0x1F'), 31);
  assert.equal(ev('017'), 15);
  assert.equal(ev('0'), 0);
  assert.equal(ev('0b101'), 5);
  assert.equal(ev('10u'), 10);
  assert.equal(ev('10UL'), 10);
  assert.equal(ev('10LL'), 10);
  assert.equal(ev('0x100i64'), 256);
  assert.equal(ev('4096ui64'), 4096);
});

test('character literals, including escapes, wide and multi-character pool tags', () => {
  assert.equal(ev("'A'"), 65);
  assert.equal(ev("'\\n'"), 10);
  assert.equal(ev("'\\x41'"), 65);
  assert.equal(ev("'\\0'"), 0);
  assert.equal(ev("L'Z'"), 90);
  assert.equal(ev("'abcd'"), 0x61626364);
});

test('operators and precedence', () => {
  assert.equal(ev('1 + 2 * 3'), 7);
  assert.equal(ev('(1 + 2) * 3'), 9);
  assert.equal(ev('10 / 3'), 3);
  assert.equal(ev('-7 / 2'), -3);
  assert.equal(ev('10 % 4'), 2);
  assert.equal(ev('1 << 10'), 1024);
  assert.equal(ev('0x100 >> 4'), 16);
  assert.equal(ev('6 & 3'), 2);
  assert.equal(ev('6 | 3'), 7);
  assert.equal(ev('6 ^ 3'), 5);
  assert.equal(ev('~0 & 0xFF'), 255);
  assert.equal(ev('!0 + !5'), 1);
  assert.equal(ev('3 > 2 && 2 > 1'), 1);
  assert.equal(ev('0 || 0'), 0);
  assert.equal(ev('1 ? 16 : 32'), 16);
  assert.equal(ev('0 ? 16 : 1 ? 2 : 3'), 2);
  assert.equal(ev('2 <= 2 == 1'), 1);
  assert.equal(ev('5 != 5'), 0);
  assert.equal(ev('-(3)'), -3);
});

test('C integer semantics: unsigned wrap, 64-bit, comparisons with unsigned', () => {
  assert.equal(ev('0xFFFFFFFF + 1'), 0); // unsigned int wraps
  assert.equal(ev('0xFFFFFFFFi64 + 1'), 0x100000000);
  assert.equal(ev('-1 < 0u'), 0); // -1 converts to UINT_MAX
  assert.equal(ev('~0u'), 0xffffffff);
  assert.equal(ev('(ULONG)-1', {}), null); // ULONG unknown to a bare context: cast not recognised → unknown
});

test('casts are applied when the type is known', () => {
  const i = new TypeIndex([]);
  const c = layoutEngineFor(i).constContext('x64', 'free');
  assert.equal(evalConstExpr('(ULONG)-1', c), 0xffffffff);
  assert.equal(evalConstExpr('(UCHAR)0x1FF', c), 0xff);
  assert.equal(evalConstExpr('(LONG)(ULONG_PTR)8', c), 8);
  assert.equal(evalConstExpr('(unsigned short)70000', c), 70000 - 65536);
  assert.equal(evalConstExpr('(PVOID)0 == 0', c), 1);
});

test('object-like and function-like macros, nested, with ## pasting and recursion guard', () => {
  const m: Record<string, string | MacroDef> = {
    BUF_LEN: '(4 * 1024)',
    TWICE: { value: '((x) * 2)', params: ['x'] },
    ADD: { value: '(a + b)', params: ['a', 'b'] },
    CAT: { value: 'a##b', params: ['a', 'b'] },
    SIZE_16: '16',
    SELF: 'SELF + 1',
    PING: 'PONG',
    PONG: 'PING',
    VA: { value: 'ADD(__VA_ARGS__)', params: ['...'] },
  };
  assert.equal(ev('BUF_LEN', m), 4096);
  assert.equal(ev('TWICE(BUF_LEN)', m), 8192);
  assert.equal(ev('TWICE(ADD(1, 2))', m), 6);
  assert.equal(ev('CAT(SIZE_, 16)', m), 16);
  assert.equal(ev('VA(3, 4)', m), 7);
  assert.equal(ev('SELF', m), null);
  assert.equal(ev('PING', m), null);
  assert.equal(ev('TWICE', m), null); // function-like macro without arguments stays an identifier
});

test('macro expansion is bounded: exponential macros give unknown, not a hang', () => {
  const m: Record<string, string> = { A0: '1' };
  for (let k = 1; k <= 40; k++) m[`A${k}`] = `(A${k - 1} + A${k - 1})`;
  const r = evalConstExprDetailed('A40', ctx(m));
  assert.equal(r.value, null);
  assert.ok(r.reason);
});

test('built-in constants with sources: PAGE_SIZE, MAX_PATH, ANYSIZE_ARRAY; workspace defines win', () => {
  assert.equal(ev('PAGE_SIZE * 2'), 8192);
  assert.equal(ev('MAX_PATH'), 260);
  assert.equal(ev('ANYSIZE_ARRAY'), 1);
  assert.equal(ev('PAGE_SIZE', { PAGE_SIZE: '8192' }), 8192);
});

test('unknowns: undefined identifiers, division by zero, strings, garbage → null, never 0', () => {
  assert.equal(ev('UNDEFINED_THING'), null);
  assert.equal(ev('UNDEFINED_THING * 0'), null);
  assert.equal(ev('1 / 0'), null);
  assert.equal(ev('5 % 0'), null);
  assert.equal(ev('"abc"'), null);
  assert.equal(ev(''), null);
  assert.equal(ev('1 +'), null);
  assert.equal(ev('(1'), null);
  assert.equal(ev('1 << 99'), null);
  assert.equal(ev('\u0000\u0001'), null);
  assert.equal(ev('x'.repeat(10000)), null);
});

test('sizeof of types, expressions and string literals per target; alignof; FIELD_OFFSET', () => {
  const index = new TypeIndex([
    summary('/ws/a.h', {
      defines: [def('NAME', '"DRIVER"')],
      records: [{ ...rec('struct', '_HDR', [fld('tag', 'ULONG'), fld('next', 'PVOID'), fld('data', 'UCHAR[12]')]), typedefNames: ['HDR'] }],
    }),
  ]);
  const e = layoutEngineFor(index);
  const v = (t: string, a: Arch) => e.evalConst(t, a, 'free');
  assert.equal(v('sizeof(PVOID)', 'x86'), 4);
  assert.equal(v('sizeof(PVOID)', 'x64'), 8);
  assert.equal(v('sizeof(HDR)', 'x86'), 20);
  assert.equal(v('sizeof(HDR)', 'x64'), 32);
  assert.equal(v('sizeof(struct _HDR *)', 'x64'), 8);
  assert.equal(v('sizeof(ULONG[4])', 'x64'), 16);
  assert.equal(v('sizeof(unsigned long long)', 'x86'), 8);
  assert.equal(v('sizeof NAME', 'x64'), 7);
  assert.equal(v('sizeof(L"ab")', 'x64'), 6);
  assert.equal(v('__alignof(HDR)', 'x64'), 8);
  assert.equal(v('TYPE_ALIGNMENT(LARGE_INTEGER)', 'x86'), 8);
  assert.equal(v('FIELD_OFFSET(HDR, data)', 'x86'), 8);
  assert.equal(v('FIELD_OFFSET(HDR, data)', 'x64'), 16);
  assert.equal(v('offsetof(struct _HDR, data[4])', 'x64'), 20);
  assert.equal(v('RTL_SIZEOF_THROUGH_FIELD(HDR, next)', 'x64'), 16);
  assert.equal(v('MEMORY_ALLOCATION_ALIGNMENT', 'x86'), 8);
  assert.equal(v('MEMORY_ALLOCATION_ALIGNMENT', 'arm64'), 16);
  assert.equal(v('sizeof(NO_SUCH_TYPE)', 'x64'), null);
  assert.equal(v('FIELD_OFFSET(HDR, nope)', 'x64'), null);
  assert.equal(v('sizeof(IO_WORKITEM)', 'x64'), null);
});

test('sizeof/RTL_NUMBER_OF of variables through a scope', () => {
  const index = new TypeIndex([summary('/ws/a.h', { records: [{ ...rec('struct', null, [fld('n', 'ULONG'), fld('names', 'WCHAR[32]')]), typedefNames: ['ENTRY'] }] })]);
  const e = layoutEngineFor(index);
  const scope = (name: string) =>
    name === 'buf' ? { type: { base: 'UCHAR', pointer: 0, arrayDims: ['64'] } } : name === 'ent' ? { type: { base: 'ENTRY', pointer: 0, arrayDims: ['3'] } } : name === 'pe' ? { type: { base: 'ENTRY', pointer: 1, arrayDims: [] } } : undefined;
  const v = (t: string) => e.evalConst(t, 'x64', 'free', scope);
  assert.equal(v('sizeof(buf)'), 64);
  assert.equal(v('sizeof buf'), 64);
  assert.equal(v('RTL_NUMBER_OF(buf)'), 64);
  assert.equal(v('ARRAYSIZE(ent)'), 3);
  assert.equal(v('sizeof(ent[0])'), 68);
  assert.equal(v('_countof(ent[1].names)'), 32);
  assert.equal(v('sizeof(*pe)'), 68);
  assert.equal(v('sizeof(pe->names)'), 64);
  assert.equal(v('sizeof(pe)'), 8);
  assert.equal(v('sizeof(missing)'), null);
});

test('enum constants: implicit counting, references to earlier constants', () => {
  const index = new TypeIndex([
    summary('/ws/a.h', {
      defines: [def('BASE', '0x10')],
      enums: [enm('_E', [['E0', null], ['E1', null], ['E5', 'BASE - 11'], ['E6', null], ['ECOUNT', 'E6 + 1'], ['EBAD', 'NOPE'], ['EAFTER', null]])],
    }),
  ]);
  const e = layoutEngineFor(index);
  const v = (t: string) => e.evalConst(t, 'x64', 'free');
  assert.equal(v('E0'), 0);
  assert.equal(v('E1'), 1);
  assert.equal(v('E5'), 5);
  assert.equal(v('E6'), 6);
  assert.equal(v('ECOUNT'), 7);
  assert.equal(v('EBAD'), null);
  assert.equal(v('EAFTER'), null);
});

test('DBG and target macros depend on the configuration', () => {
  const index = new TypeIndex([summary('/ws/a.h', { defines: [def('TRACE_LEN', '64', { cond: { dbg: true } }), def('TRACE_LEN', '0', { cond: { dbg: false } })] })], { defines: { EXTRA: '3' } });
  const e = layoutEngineFor(index);
  assert.equal(e.evalConst('TRACE_LEN', 'x64', 'checked'), 64);
  assert.equal(e.evalConst('TRACE_LEN', 'x64', 'free'), 0);
  assert.equal(e.evalConst('DBG', 'x64', 'checked'), 1);
  assert.equal(e.evalConst('DBG', 'x64', 'free'), null);
  assert.equal(e.evalConst('EXTRA * 2', 'x64', 'free'), 6);
  assert.equal(e.evalConst('_WIN64', 'arm64', 'free'), 1);
  assert.equal(e.evalConst('_WIN64', 'x86', 'free'), null);
});
