// MSVC record layout rules per target. Expected figures were cross-checked with clang's Microsoft
// layout (clang-16 --target={i686,x86_64,aarch64}-pc-windows-msvc, sizeof/__alignof).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TypeIndex, layoutEngineFor, type TypeLayout } from '../../../server/src/analysis/layout';
import type { Arch, BuildConfig, FileSummary, RecordDecl } from '../../../server/src/analysis/model';
import { DBG, def, enm, fld, rec, summary, tdef, ty } from './summaryBuilders';

function idx(...files: FileSummary[]): TypeIndex {
  return new TypeIndex(files);
}
function L(index: TypeIndex, t: string, arch: Arch, config: BuildConfig = 'free'): TypeLayout {
  return layoutEngineFor(index).layoutType(t, arch, config);
}
function sizes(index: TypeIndex, t: string, config: BuildConfig = 'free'): Record<Arch, [number | null, number | null]> {
  const out = {} as Record<Arch, [number | null, number | null]>;
  for (const a of ['x86', 'x64', 'arm64'] as Arch[]) {
    const l = L(index, t, a, config);
    out[a] = [l.size, l.align];
  }
  return out;
}
const same = (s: number, a: number) => ({ x86: [s, a], x64: [s, a], arm64: [s, a] });
const wide = (x86: [number, number], w64: [number, number]) => ({ x86, x64: w64, arm64: w64 });
const named = (r: RecordDecl, name: string): RecordDecl => ({ ...r, typedefNames: [name] });

test('plain struct: natural alignment and tail padding', () => {
  const i = idx(
    summary('/ws/a.h', {
      records: [
        named(rec('struct', '_A', [fld('a', 'char'), fld('b', 'int'), fld('c', 'short')]), 'A'),
        named(rec('struct', '_P', [fld('c', 'char'), fld('p', 'void*')]), 'P'),
        named(rec('struct', '_D', [fld('c', 'char'), fld('d', 'double')]), 'D'),
        named(rec('struct', '_LL', [fld('c', 'UCHAR'), fld('q', 'LONGLONG'), fld('s', 'USHORT')]), 'LL'),
      ],
    }),
  );
  assert.deepEqual(sizes(i, 'A'), same(12, 4));
  assert.deepEqual(sizes(i, 'struct _A'), same(12, 4));
  assert.deepEqual(sizes(i, 'P'), wide([8, 4], [16, 8]));
  // x86 MSVC aligns double and __int64 to 8 inside structures.
  assert.deepEqual(sizes(i, 'D'), same(16, 8));
  assert.deepEqual(sizes(i, 'LL'), same(24, 8));
  const fields = L(i, 'A', 'x64').fields!;
  assert.deepEqual(fields.map((f) => [f.name, f.offset, f.size]), [['a', 0, 1], ['b', 4, 4], ['c', 8, 2]]);
});

test('#pragma pack(1), pack(2), pack(4) cap member alignment', () => {
  const body = () => [fld('a', 'char'), fld('b', 'int'), fld('c', 'short'), fld('d', 'LONGLONG')];
  const i = idx(
    summary('/ws/a.h', {
      records: [
        named(rec('struct', null, body(), { pack: 1 }), 'P1'),
        named(rec('struct', null, body(), { pack: 2 }), 'P2'),
        named(rec('struct', null, body(), { pack: 4 }), 'P4'),
        named(rec('struct', null, body(), { pack: null }), 'PN'),
      ],
    }),
  );
  assert.deepEqual(sizes(i, 'P1'), same(15, 1));
  assert.deepEqual(sizes(i, 'P2'), same(16, 2));
  assert.deepEqual(sizes(i, 'P4'), same(20, 4));
  assert.deepEqual(sizes(i, 'PN'), same(24, 8));
  assert.deepEqual(L(i, 'P2', 'x86').fields!.map((f) => f.offset), [0, 2, 6, 8]);
});

test('pack applies to a nested record member by capping its alignment, not its size', () => {
  const i = idx(
    summary('/ws/a.h', {
      records: [
        named(rec('struct', null, [fld('q', 'ULONGLONG'), fld('c', 'char')]), 'INNER'),
        named(rec('struct', null, [fld('c', 'char'), fld('in', 'INNER')], { pack: 2 }), 'OUTER'),
      ],
    }),
  );
  assert.deepEqual(sizes(i, 'INNER'), same(16, 8));
  assert.deepEqual(sizes(i, 'OUTER'), same(18, 2));
});

test('unions: largest member rounded to the strictest alignment', () => {
  const i = idx(
    summary('/ws/a.h', {
      records: [
        named(rec('union', null, [fld('c', 'char[5]'), fld('i', 'int')]), 'U1'),
        named(rec('union', null, [fld('d', 'double'), fld('c', 'char[9]')]), 'U2'),
        named(rec('union', null, [fld('p', 'PVOID'), fld('s', 'USHORT[3]')]), 'U3'),
      ],
    }),
  );
  assert.deepEqual(sizes(i, 'U1'), same(8, 4));
  assert.deepEqual(sizes(i, 'U2'), same(16, 8));
  assert.deepEqual(sizes(i, 'U3'), wide([8, 4], [8, 8]));
  assert.ok(L(i, 'U2', 'x64').fields!.every((f) => f.offset === 0));
});

test('anonymous nested union and named nested struct', () => {
  const anonUnion = rec('union', null, [fld('i', 'int'), fld('d', 'double')]);
  const namedInner = rec('struct', null, [fld('lo', 'USHORT'), fld('hi', 'ULONG')]);
  const i = idx(
    summary('/ws/a.h', {
      records: [
        named(
          rec('struct', '_V', [
            fld('kind', 'int'),
            fld(null, 'union', { inline: anonUnion }),
            fld('tail', 'char'),
            fld('pair', 'struct', { inline: namedInner }),
            fld('pairs', 'struct[3]', { inline: namedInner }),
          ]),
          'V',
        ),
      ],
    }),
  );
  // kind 0, union 8..16, tail 16, pair 20..28, pairs 28..52, size 52 → 56 (align 8)
  assert.deepEqual(sizes(i, 'V'), same(56, 8));
  const f = L(i, 'V', 'x86').fields!;
  assert.deepEqual(
    f.map((x) => [x.name, x.offset]),
    [['kind', 0], ['i', 8], ['d', 8], ['tail', 16], ['pair', 20], ['pairs', 28]],
  );
  const e = layoutEngineFor(i);
  assert.equal(e.evalConst('FIELD_OFFSET(V, d)', 'x64', 'free'), 8);
  assert.equal(e.evalConst('FIELD_OFFSET(V, pairs[2].hi)', 'x64', 'free'), 28 + 16 + 4);
  assert.equal(e.evalConst('RTL_FIELD_SIZE(V, pairs)', 'x64', 'free'), 24);
  assert.equal(e.evalConst('RTL_NUMBER_OF_FIELD(V, pairs)', 'x64', 'free'), 3);
});

test('bit-fields: MSVC units, declared-type size change, overflow to a new unit', () => {
  const i = idx(
    summary('/ws/a.h', {
      records: [
        named(
          rec('struct', null, [
            fld('a', 'ULONG', { bitWidth: '3' }),
            fld('b', 'ULONG', { bitWidth: '5' }),
            fld('c', 'UCHAR', { bitWidth: '2' }), // size changes: new 1-byte unit at 4
            fld('d', 'ULONG', { bitWidth: '30' }), // new 4-byte unit at 8
            fld('e', 'LONG', { bitWidth: '4' }), // same size, does not fit: new unit at 12
          ]),
          'BF',
        ),
        named(rec('struct', null, [fld('a', 'char', { bitWidth: '3' }), fld('b', 'short', { bitWidth: '4' }), fld('c', 'char')]), 'BF2'),
        named(rec('struct', null, [fld('a', 'char'), fld('b', 'LONGLONG', { bitWidth: '3' }), fld('c', 'int', { bitWidth: '2' })]), 'BF3'),
        named(rec('struct', null, [fld('a', 'int', { bitWidth: '3' }), fld('b', 'unsigned int', { bitWidth: '29' })]), 'BF4'),
      ],
    }),
  );
  assert.deepEqual(sizes(i, 'BF'), same(16, 4));
  const f = L(i, 'BF', 'x64').fields!;
  assert.deepEqual(f.map((x) => [x.name, x.offset, x.bitOffset]), [['a', 0, 0], ['b', 0, 3], ['c', 4, 0], ['d', 8, 0], ['e', 12, 0]]);
  assert.deepEqual(sizes(i, 'BF2'), same(6, 2));
  assert.deepEqual(sizes(i, 'BF3'), same(24, 8));
  // int and unsigned int have the same size: one unit.
  assert.deepEqual(sizes(i, 'BF4'), same(4, 4));
});

test('zero-width bit-fields: honoured after a bit-field, ignored otherwise', () => {
  const i = idx(
    summary('/ws/a.h', {
      records: [
        named(rec('struct', null, [fld('c', 'char', { bitWidth: '3' }), fld(null, 'int', { bitWidth: '0' }), fld('d', 'char')]), 'Z1'),
        named(rec('struct', null, [fld('c', 'char'), fld(null, 'int', { bitWidth: '0' }), fld('d', 'char')]), 'Z2'),
        named(rec('struct', null, [fld('a', 'int', { bitWidth: '3' }), fld(null, 'int', { bitWidth: '0' }), fld('b', 'int', { bitWidth: '2' })]), 'Z3'),
        named(rec('union', null, [fld('a', 'int', { bitWidth: '3' }), fld('c', 'char')]), 'ZU'),
      ],
    }),
  );
  assert.deepEqual(sizes(i, 'Z1'), same(8, 4));
  assert.deepEqual(sizes(i, 'Z2'), same(2, 1));
  assert.deepEqual(sizes(i, 'Z3'), same(8, 4));
  // In a union a bit-field does not raise the alignment.
  assert.deepEqual(sizes(i, 'ZU'), same(4, 1));
});

test('bit-fields under pack(1)', () => {
  const i = idx(summary('/ws/a.h', { records: [named(rec('struct', null, [fld('a', 'char'), fld('b', 'int', { bitWidth: '4' })], { pack: 1 }), 'PB')] }));
  assert.deepEqual(sizes(i, 'PB'), same(5, 1));
});

test('array dimensions from #define, sizeof, enum constants; multi-dimensional arrays', () => {
  const i = idx(
    summary('/ws/a.h', {
      defines: [def('BUF_LEN', '(4 * 1024)'), def('ROWS', '2'), def('COLS', 'ROWS + 1'), def('NAME_CHARS', '(MAX_PATH)')],
      enums: [enm('_SLOT', [['SlotA', null], ['SlotB', null], ['SlotMax', null]])],
      records: [
        named(
          rec('struct', null, [
            fld('buf', 'UCHAR[BUF_LEN]'),
            fld('m', 'ULONG[ROWS][COLS]'),
            fld('raw', 'UCHAR[sizeof(LIST_ENTRY) * 2]'),
            fld('slots', 'PVOID[SlotMax]'),
            fld('name', 'WCHAR[NAME_CHARS]'),
          ]),
          'ARR',
        ),
      ],
    }),
  );
  // 4096 + 24 + (16|32) + (8|16) + 520
  assert.deepEqual(sizes(i, 'ARR'), wide([4096 + 24 + 16 + 8 + 520, 4], [4096 + 24 + 32 + 16 + 520, 8]));
  const m = L(i, 'ARR', 'x64').fields!.find((f) => f.name === 'm')!;
  assert.equal(m.size, 24);
});

test('unresolvable array dimension → unknown size (null), never 0', () => {
  const i = idx(summary('/ws/a.h', { records: [named(rec('struct', null, [fld('n', 'ULONG'), fld('buf', 'UCHAR[UNDEFINED_LEN]')]), 'UNK_DIM')] }));
  const l = L(i, 'UNK_DIM', 'x64');
  assert.equal(l.size, null);
  assert.match(l.unknown!, /UNDEFINED_LEN/);
});

test('flexible array member and ANYSIZE_ARRAY', () => {
  const i = idx(
    summary('/ws/a.h', {
      records: [
        named(rec('struct', null, [fld('n', 'ULONG'), fld('data', 'UCHAR[]')]), 'FLEX'),
        named(rec('struct', null, [fld('n', 'USHORT'), fld('q', 'ULONGLONG[0]')]), 'FLEX8'),
        named(rec('struct', null, [fld('n', 'ULONG'), fld('data', 'WCHAR[ANYSIZE_ARRAY]')]), 'ANY'),
      ],
    }),
  );
  assert.deepEqual(sizes(i, 'FLEX'), same(4, 4));
  assert.deepEqual(sizes(i, 'FLEX8'), same(8, 8));
  assert.deepEqual(sizes(i, 'ANY'), same(8, 4));
});

test('enums are 4 bytes; C++ enum class with an underlying type uses it', () => {
  const i = idx(
    summary('/ws/a.hpp', {
      language: 'cpp',
      enums: [
        enm('_COLOR', [['Red', null], ['Green', '5'], ['Blue', null]], { typedefNames: ['COLOR'] }),
        enm('Small', [['S0', null]], { underlying: ty('UCHAR') }),
      ],
      records: [named(rec('struct', null, [fld('c', 'COLOR'), fld('s', 'Small'), fld('t', 'enum _COLOR')]), 'HAS_ENUMS')],
    }),
  );
  assert.deepEqual(sizes(i, 'COLOR'), same(4, 4));
  assert.deepEqual(sizes(i, 'Small'), same(1, 1));
  assert.deepEqual(sizes(i, 'HAS_ENUMS'), same(12, 4));
  assert.equal(layoutEngineFor(i).evalConst('Blue', 'x64', 'free'), 6);
});

test('__declspec(align(n)) / DECLSPEC_ALIGN on a record and on a member, not reduced by pack', () => {
  const i = idx(
    summary('/ws/a.h', {
      records: [
        named(rec('struct', null, [fld('a', 'int')], { align: '16' }), 'AL16'),
        named(rec('struct', null, [fld('c', 'char'), fld('x', 'AL16')], { pack: 1 }), 'HOLDS_AL16'),
        named(rec('struct', null, [fld('a', 'char'), fld('b', 'int', { align: '8' }), fld('c', 'char')], { pack: 1 }), 'MEMBER_AL8'),
        named(rec('struct', null, [fld('a', 'char'), fld('b', 'UCHAR', { align: 'SYSTEM_CACHE_ALIGNMENT_SIZE' })]), 'CACHE'),
      ],
    }),
  );
  assert.deepEqual(sizes(i, 'AL16'), same(16, 16));
  assert.deepEqual(sizes(i, 'HOLDS_AL16'), same(32, 16));
  assert.deepEqual(sizes(i, 'MEMBER_AL8'), same(16, 8));
  assert.deepEqual(sizes(i, 'CACHE'), same(128, 64));
});

test('C++: vtable pointer, single inheritance, empty class, empty base', () => {
  const f = '/ws/c.hpp';
  const i = idx(
    summary(f, {
      language: 'cpp',
      records: [
        rec('class', 'Base', [fld('x', 'int')], { hasVirtual: true, file: f }),
        rec('class', 'Derived', [fld('c', 'char')], { bases: [ty('Base')], file: f }),
        rec('class', 'Empty', [], { file: f }),
        rec('struct', 'OnEmpty', [fld('v', 'int')], { bases: [ty('Empty')], file: f }),
        rec('struct', 'NoVirt', [fld('c', 'char')], { bases: [ty('OnEmpty')], file: f }),
        rec('class', 'VD', [fld('d', 'double')], { hasVirtual: true, file: f }),
      ],
    }),
  );
  assert.deepEqual(sizes(i, 'Base'), wide([8, 4], [16, 8]));
  assert.deepEqual(sizes(i, 'Derived'), wide([12, 4], [24, 8]));
  assert.deepEqual(L(i, 'Derived', 'x64').fields!.map((x) => [x.name, x.offset]), [['c', 16]]);
  assert.deepEqual(sizes(i, 'Empty'), same(1, 1));
  assert.deepEqual(sizes(i, 'OnEmpty'), same(4, 4));
  // MSVC does not reuse a base's tail padding.
  assert.deepEqual(sizes(i, 'NoVirt'), same(8, 4));
  // x86: the vfptr slot is padded to the class alignment (8) before the double.
  assert.deepEqual(sizes(i, 'VD'), same(16, 8));
});

test('typedef chains across two headers', () => {
  const i = idx(
    summary('/ws/types.h', { typedefs: [tdef('MY_U32', 'ULONG', { file: '/ws/types.h' }), tdef('MY_PTR', 'MY_U32*', { file: '/ws/types.h' })] }),
    summary('/ws/more.h', {
      typedefs: [tdef('MY_COUNT', 'MY_U32', { file: '/ws/more.h' }), tdef('COUNTS', 'MY_COUNT[3]', { file: '/ws/more.h' })],
      records: [named(rec('struct', null, [fld('c', 'COUNTS'), fld('p', 'MY_PTR'), fld('n', 'MY_COUNT[2]')], { file: '/ws/more.h' }), 'USES')],
    }),
  );
  assert.deepEqual(sizes(i, 'MY_COUNT'), same(4, 4));
  assert.deepEqual(sizes(i, 'COUNTS'), same(12, 4));
  assert.deepEqual(sizes(i, 'USES'), wide([24, 4], [32, 8]));
});

test('unknown types are null with the unknown name; opaque WDK types by value are unknown', () => {
  const i = idx(
    summary('/ws/a.h', {
      records: [
        named(rec('struct', null, [fld('x', 'FOO_FROM_NOWHERE'), fld('y', 'int')]), 'HAS_UNKNOWN'),
        named(rec('struct', null, [fld('w', 'IO_WORKITEM')]), 'HAS_OPAQUE'),
        named(rec('struct', null, [fld('w', 'PIO_WORKITEM'), fld('u', 'FOO_FROM_NOWHERE*')]), 'HAS_PTRS'),
      ],
    }),
  );
  for (const a of ['x86', 'x64', 'arm64'] as Arch[]) {
    const l = L(i, 'HAS_UNKNOWN', a);
    assert.equal(l.size, null);
    assert.match(l.unknown!, /FOO_FROM_NOWHERE/);
    assert.equal(L(i, 'HAS_OPAQUE', a).size, null);
    assert.match(L(i, 'HAS_OPAQUE', a).unknown!, /opaque/);
  }
  assert.deepEqual(sizes(i, 'HAS_PTRS'), wide([8, 4], [16, 8]));
  assert.equal(L(i, 'NOT_A_TYPE_AT_ALL', 'x64').size, null);
  assert.equal(L(i, 'void', 'x64').size, null);
});

test('recursive types do not hang: a struct containing itself by value is unknown', () => {
  const i = idx(
    summary('/ws/a.h', {
      records: [named(rec('struct', '_SELF', [fld('next', 'struct _SELF*'), fld('me', 'struct _SELF')]), 'SELF')],
      typedefs: [tdef('LOOP_A', 'LOOP_B'), tdef('LOOP_B', 'LOOP_A')],
    }),
  );
  assert.equal(L(i, 'SELF', 'x64').size, null);
  assert.equal(L(i, 'LOOP_A', 'x64').size, null);
});

test('fields under DBG and per-arch conditions', () => {
  const i = idx(
    summary('/ws/a.h', {
      records: [
        named(
          rec('struct', null, [
            fld('a', 'ULONG'),
            fld('dbgOnly', 'UCHAR[100]', { cond: DBG }),
            fld('freeOnly', 'UCHAR[8]', { cond: { dbg: false } }),
            fld('wide', 'ULONGLONG', { cond: { arches: ['x64', 'arm64'] } }),
          ]),
          'CONDS',
        ),
      ],
    }),
  );
  assert.deepEqual(sizes(i, 'CONDS', 'free'), wide([12, 4], [24, 8]));
  assert.deepEqual(sizes(i, 'CONDS', 'checked'), wide([104, 4], [112, 8]));
});

test('conditional record definitions: the variant matching arch/config is used', () => {
  const i = idx(
    summary('/ws/a.h', {
      records: [
        named(rec('struct', '_CTX', [fld('a', 'ULONG'), fld('trace', 'UCHAR[64]')], { cond: DBG }), 'CTX'),
        named(rec('struct', '_CTX', [fld('a', 'ULONG')], { cond: { dbg: false } }), 'CTX'),
      ],
    }),
  );
  assert.deepEqual(sizes(i, 'CTX', 'free'), same(4, 4));
  assert.deepEqual(sizes(i, 'CTX', 'checked'), same(68, 4));
});

test('WDK built-in types resolve by name, tag and pointer typedef; workspace definitions win', () => {
  const i = idx(summary('/ws/a.h', { records: [named(rec('struct', null, [fld('ev', 'KEVENT'), fld('lock', 'KSPIN_LOCK'), fld('irp', 'PIRP')]), 'DEV_CTX')] }));
  assert.deepEqual(sizes(i, 'DEV_CTX'), wide([24, 4], [40, 8]));
  assert.deepEqual(sizes(i, 'struct _KEVENT'), wide([16, 4], [24, 8]));
  assert.deepEqual(sizes(i, 'PKEVENT'), wide([4, 4], [8, 8]));
  assert.deepEqual(sizes(i, 'IO_REMOVE_LOCK', 'checked'), wide([88, 8], [120, 8]));
  const own = idx(summary('/ws/k.h', { records: [named(rec('struct', '_KEVENT', [fld('x', 'int')]), 'KEVENT')] }));
  assert.deepEqual(sizes(own, 'KEVENT'), same(4, 4));
});

test('seed 004: REF_CNT_TRACKER under pack(1) and the DBG-only growth of MYSTRUCT', () => {
  const f = '/ws/DevMain.h';
  const i = idx(
    summary(f, {
      language: 'cpp',
      typedefs: [],
      records: [
        rec('struct', 'REF_CNT_TRACKER_ITEM', [fld('nSpecCode', 'short'), fld('nRefCount', 'USHORT'), fld('dwThreadID', 'DWORD')], { pack: 1, file: f }),
        rec('struct', 'REF_CNT_TRACKER', [fld('nNextIdx', 'LONG'), fld('ringBuffer', 'REF_CNT_TRACKER_ITEM[0x100]')], { file: f }),
        rec(
          'struct',
          'MYSTRUCT',
          [
            fld('listOthers', 'LIST_ENTRY'),
            fld('wdfRequest', 'WDFREQUEST'),
            fld('wdfMemory', 'WDFMEMORY'),
            fld('nRefCount', 'ULONG'),
            fld('trckr', 'REF_CNT_TRACKER[4]', { cond: DBG }),
          ],
          { file: f },
        ),
      ],
    }),
  );
  assert.deepEqual(sizes(i, 'REF_CNT_TRACKER_ITEM'), same(8, 1));
  assert.deepEqual(sizes(i, 'REF_CNT_TRACKER'), same(2052, 4));
  // free: x86 8+4+4+4 = 20; x64/arm64 16+8+8+4 = 36 → 40.
  assert.deepEqual(sizes(i, 'MYSTRUCT', 'free'), wide([20, 4], [40, 8]));
  // checked: + REF_CNT_TRACKER[4] = 4 × 2052 = 8208 → x86 8228; x64 36 + 8208 = 8244 → 8248.
  assert.deepEqual(sizes(i, 'MYSTRUCT', 'checked'), wide([8228, 4], [8248, 8]));
  for (const a of ['x86', 'x64', 'arm64'] as Arch[]) {
    assert.equal(L(i, 'MYSTRUCT', a, 'checked').size! - L(i, 'MYSTRUCT', a, 'free').size!, 8208);
  }
});

test('undeclared P-prefixed names are assumed pointers (flagged), other undeclared names stay unknown', () => {
  const i = idx(summary('/ws/a.h', {}));
  for (const n of ['PSCSI_REQUEST_BLOCK', 'PNET_BUFFER_LIST', 'PCDB']) {
    const l = L(i, n, 'x64');
    assert.equal(l.size, 8, n);
    assert.match(l.assumption!, /assumed a pointer/);
    assert.equal(L(i, n, 'x86').size, 4);
  }
  for (const n of ['PROCESS_INFORMATION', 'PACKET', 'POWER_ACTION', 'PCI_COMMON_CONFIG', 'SCSI_REQUEST_BLOCK']) {
    assert.equal(L(i, n, 'x64').size, null, n);
  }
  // A workspace definition always wins over the convention.
  const own = idx(summary('/ws/b.h', { records: [named(rec('struct', null, [fld('a', 'ULONG[10]')]), 'PBIGTHING')] }));
  assert.equal(L(own, 'PBIGTHING', 'x64').size, 40);
});

test('basic WDK typedefs cannot be poisoned by an odd workspace typedef; an undefined typedef target falls back to the table', () => {
  const i = idx(
    summary('/ws/odd.hpp', {
      typedefs: [tdef('ULONG', 'pair', { file: '/ws/odd.hpp' }), tdef('KEVENT', 'struct _KEVENT', { file: '/ws/odd.hpp' })],
    }),
  );
  assert.deepEqual(sizes(i, 'ULONG'), same(4, 4));
  assert.deepEqual(sizes(i, 'KEVENT'), wide([16, 4], [24, 8]));
});

test('deeply nested input is bounded: unknown, no stack overflow', () => {
  // 5,000 nested anonymous structs and a 5,000-long typedef chain.
  let inner = rec('struct', null, [fld('x', 'int')]);
  for (let k = 0; k < 5000; k++) inner = rec('struct', null, [fld('n', 'struct', { inline: inner })]);
  const typedefs = Array.from({ length: 5000 }, (_, k) => tdef(`T${k}`, k === 4999 ? 'int' : `T${k + 1}`));
  const i = idx(summary('/ws/deep.h', { records: [named(inner, 'DEEP')], typedefs }));
  assert.equal(L(i, 'DEEP', 'x64').size, null);
  assert.match(L(i, 'DEEP', 'x64').unknown!, /too deep/);
  assert.equal(L(i, 'T0', 'x64').size, null);
  assert.equal(L(i, 'T4990', 'x64').size, 4);
});
