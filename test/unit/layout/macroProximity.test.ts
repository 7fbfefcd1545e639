// Independent drivers in one workspace reuse macro names with different values; a use must
// resolve to the definition nearest to where it is written, not to whichever was indexed first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TypeIndex, layoutEngineFor } from '../../../server/src/analysis/layout';
import { estimateFrame, frameContextFor } from '../../../server/src/analysis/frame';
import type { FileSummary } from '../../../server/src/analysis/model';
import { def, fld, fn, local, rec, summary } from './summaryBuilders';

const sizeHeader = (file: string, value: string): FileSummary => summary(file, { defines: [def('TEMP_BUFFER_SIZE', value, { file })] });
const bufRecord = (file: string, typedefName: string): FileSummary =>
  summary(file, { records: [{ ...rec('struct', `_${typedefName}`, [fld('buf', 'UCHAR[TEMP_BUFFER_SIZE]')], { file }), typedefNames: [typedefName] }] });
const localBytes = (s: FileSummary, index: TypeIndex, arch: 'x64' | 'x86' = 'x64'): number | undefined => {
  const e = estimateFrame(s.functions[0], frameContextFor(index), arch, 'free');
  return e.items.find((i) => i.kind === 'local' && i.label.startsWith('buf '))?.bytes;
};
const withLocal = (file: string): FileSummary =>
  summary(file, { functions: [fn('Dispatch', { file, locals: [local('buf', 'UCHAR[TEMP_BUFFER_SIZE]')] })] });

test('a record field dimension uses the macro from the record’s own directory, whichever file was indexed first', () => {
  const files = [
    sizeHeader('/ws/pcidrv/sys/driver.h', '512'),
    sizeHeader('/ws/usb/osrfx2/sys/osrusb.h', '1024'),
    bufRecord('/ws/pcidrv/sys/nic.h', 'NIC_CTX'),
    bufRecord('/ws/usb/osrfx2/sys/dev.h', 'DEV_CTX'),
  ];
  for (const order of [files, [...files].reverse()]) {
    const e = layoutEngineFor(new TypeIndex(order));
    assert.equal(e.layoutType('NIC_CTX', 'x64', 'free').size, 512);
    assert.equal(e.layoutType('DEV_CTX', 'x64', 'free').size, 1024);
  }
});

test('a local array dimension prefers the same file, then the same directory, then the nearest ancestor, then a sibling subtree', () => {
  const user = '/ws/general/filter/sys/filter.c';
  const ancestor = sizeHeader('/ws/general/filter/common.h', '64');
  const sameDir = sizeHeader('/ws/general/filter/sys/precomp.h', '128');
  const elsewhere = sizeHeader('/ws/network/ndis/ndisprot/sys/ndisprot.h', '512');
  const sibling = sizeHeader('/ws/general/filter/inc/public.h', '32');

  // Anywhere (only one definition): it is used.
  assert.equal(localBytes(withLocal(user), new TypeIndex([elsewhere, withLocal(user)])), 512);
  // A sibling subtree of the same sample beats an unrelated sample.
  assert.equal(localBytes(withLocal(user), new TypeIndex([elsewhere, sibling, withLocal(user)])), 32);
  // An ancestor directory beats a sibling subtree.
  assert.equal(localBytes(withLocal(user), new TypeIndex([elsewhere, sibling, ancestor, withLocal(user)])), 64);
  // The same directory beats an ancestor.
  assert.equal(localBytes(withLocal(user), new TypeIndex([elsewhere, ancestor, sameDir, withLocal(user)])), 128);
  // The function's own file beats everything.
  const own: FileSummary = { ...withLocal(user), defines: [def('TEMP_BUFFER_SIZE', '16', { file: user })] };
  assert.equal(localBytes(own, new TypeIndex([elsewhere, ancestor, sameDir, sibling, own])), 16);
});

test('Windows separators and conditional definitions are handled when choosing the nearest macro', () => {
  const user = 'C:\\src\\pcidrv\\sys\\init.c';
  const near = summary('C:\\src\\pcidrv\\sys\\nic.h', { defines: [def('TEMP_BUFFER_SIZE', '256', { file: 'C:\\src\\pcidrv\\sys\\nic.h', cond: { arches: ['x86'] } })] });
  const far = sizeHeader('C:\\src\\other\\x.h', '1024');
  const index = new TypeIndex([far, near, withLocal(user)]);
  assert.equal(localBytes(withLocal(user), index, 'x86'), 256);
  // On x64 the nearby definition does not apply: the only matching one is used.
  assert.equal(localBytes(withLocal(user), index, 'x64'), 1024);
});

test('incremental updates re-resolve the nearest macro', () => {
  const user = withLocal('/ws/a/sys/main.c');
  const far = sizeHeader('/ws/b/sys/b.h', '1024');
  const index = new TypeIndex([far, user]);
  const engine = layoutEngineFor(index);
  const bytes = (): number | undefined => estimateFrame(user.functions[0], { engine }, 'x64', 'free').items.find((i) => i.label.startsWith('buf '))?.bytes;
  assert.equal(bytes(), 1024);
  index.update(sizeHeader('/ws/a/sys/a.h', '512'));
  assert.equal(bytes(), 512);
  index.update(sizeHeader('/ws/a/sys/a.h', '300'));
  assert.equal(bytes(), 300);
  index.remove('/ws/a/sys/a.h');
  assert.equal(bytes(), 1024);
});
