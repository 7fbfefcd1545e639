import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TypeIndex, layoutEngineFor } from '../../../server/src/analysis/layout';
import { def, fld, rec, summary, tdef } from './summaryBuilders';

const named = (name: string, fields: ReturnType<typeof fld>[], file: string) => ({ ...rec('struct', `_${name}`, fields, { file }), typedefNames: [name] });

test('incremental update replaces one file’s contributions and invalidates cached layouts', () => {
  const hdr = (len: string) => summary('/ws/sizes.h', { defines: [def('LEN', len, { file: '/ws/sizes.h' })] });
  const user = summary('/ws/user.h', { records: [named('BUF', [fld('b', 'UCHAR[LEN]')], '/ws/user.h')] });
  const index = new TypeIndex([hdr('16'), user]);
  const e = layoutEngineFor(index);
  assert.equal(e.layoutType('BUF', 'x64', 'free').size, 16);
  const g = index.generation;
  index.update(hdr('100'));
  assert.ok(index.generation > g);
  assert.equal(e.layoutType('BUF', 'x64', 'free').size, 100);
  index.remove('/ws/sizes.h');
  assert.equal(e.layoutType('BUF', 'x64', 'free').size, null);
  assert.equal(index.fileCount, 1);
});

test('a type moved between files keeps resolving; removed types become unknown', () => {
  const a = summary('/ws/a.h', { typedefs: [tdef('COUNT_T', 'ULONGLONG', { file: '/ws/a.h' })] });
  const b = summary('/ws/b.h', { records: [named('USE', [fld('c', 'COUNT_T')], '/ws/b.h')] });
  const index = new TypeIndex([a, b]);
  const e = layoutEngineFor(index);
  assert.equal(e.layoutType('USE', 'x86', 'free').size, 8);
  index.update(summary('/ws/a.h', {}));
  assert.equal(e.layoutType('USE', 'x86', 'free').size, null);
  index.update(summary('/ws/c.h', { typedefs: [tdef('COUNT_T', 'USHORT', { file: '/ws/c.h' })] }));
  assert.equal(e.layoutType('USE', 'x86', 'free').size, 2);
});

test('forward declarations do not hide the definition in another file', () => {
  const fwd = summary('/ws/fwd.h', { records: [{ ...rec('struct', '_CTX', [], { file: '/ws/fwd.h' }), typedefNames: ['CTX'] }] });
  const full = summary('/ws/ctx.h', { records: [named('CTX', [fld('a', 'ULONG'), fld('b', 'PVOID')], '/ws/ctx.h')] });
  const index = new TypeIndex([fwd, full]);
  assert.equal(layoutEngineFor(index).layoutType('CTX', 'x64', 'free').size, 16);
});

test('user defines override workspace defines; setDefines invalidates', () => {
  const index = new TypeIndex([summary('/ws/a.h', { defines: [def('N', '4')], records: [named('ARR', [fld('a', 'ULONG[N]')], '/ws/a.h')] })]);
  const e = layoutEngineFor(index);
  assert.equal(e.layoutType('ARR', 'x64', 'free').size, 16);
  index.setDefines({ N: '10' });
  assert.equal(e.layoutType('ARR', 'x64', 'free').size, 40);
});
