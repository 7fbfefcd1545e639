// Layout and frames through the real parser: driver-style fixture code → FileSummary → layout.
// Expected figures cross-checked with clang-16 --target={i686,x86_64}-pc-windows-msvc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TypeIndex, layoutEngineFor, recordTypeReports } from '../../../server/src/analysis/layout';
import { estimateAllFrames, frameContextFor } from '../../../server/src/analysis/frame';
import type { Arch, BuildConfig } from '../../../server/src/analysis/model';
import { parseFixtures } from './fixtureFiles';

const ARCHES: Arch[] = ['x86', 'x64', 'arm64'];

test('layout rules from parsed headers: pack push/pop, bit-fields, DECLSPEC_ALIGN, enums, macros, typedefs across two files, DBG', async () => {
  const summaries = await parseFixtures('layout/rules_a.h', 'layout/rules_b.h');
  const index = new TypeIndex(summaries);
  const e = layoutEngineFor(index);
  const sz = (t: string, a: Arch, c: BuildConfig = 'free') => {
    const l = e.layoutType(t, a, c);
    return [l.size, l.align];
  };
  for (const a of ARCHES) {
    assert.deepEqual(sz('WIRE_HDR', a), [7, 1], `WIRE_HDR ${a}`);
    assert.deepEqual(sz('PACKED2', a), [14, 2], `PACKED2 ${a}`);
    assert.deepEqual(sz('FLAGS', a), [12, 4], `FLAGS ${a}`);
    assert.deepEqual(sz('ALIGNED_BLOCK', a), [16, 16], `ALIGNED_BLOCK ${a}`);
    assert.deepEqual(sz('SEQ_ARRAY', a), [32, 4]);
    assert.deepEqual(sz('PACKET_KIND', a), [4, 4]);
  }
  assert.deepEqual(sz('SESSION', 'x86'), [144, 16]);
  assert.deepEqual(sz('SESSION', 'x86', 'checked'), [272, 16]);
  assert.deepEqual(sz('SESSION', 'x64'), [160, 16]);
  assert.deepEqual(sz('SESSION', 'x64', 'checked'), [288, 16]);
  assert.deepEqual(sz('SESSION', 'arm64', 'checked'), [288, 16]);
  assert.equal(e.evalConst('FIELD_OFFSET(SESSION, Name)', 'x86', 'free'), 52);
  assert.equal(e.evalConst('FIELD_OFFSET(SESSION, Name)', 'x64', 'free'), 60);

  const reports = recordTypeReports(summaries[1], index);
  const session = reports.find((r) => r.name === 'SESSION')!;
  assert.deepEqual(session.size, { x86: 144, x64: 160, arm64: 160 });
  assert.deepEqual(session.sizeChecked, { x86: 272, x64: 288, arm64: 288 });
  assert.equal(reports.find((r) => r.name === 'PACKED2'), undefined, 'reports list only the file’s own records');

  // The function in rules_b.h: a struct copy and a FIELD_OFFSET/RTL_NUMBER_OF-sized array.
  const fn = summaries[1].functions.find((f) => f.name === 'SessionDump')!;
  const frames = estimateAllFrames(fn, frameContextFor(index));
  const copy = (arch: Arch, c: BuildConfig) => frames[arch][c].items.find((i) => i.label.startsWith('copy'))!.bytes;
  const scratch = (arch: Arch) => frames[arch].free.items.find((i) => i.label.startsWith('scratch'))!.bytes;
  assert.equal(copy('x64', 'free'), 160);
  assert.equal(copy('x64', 'checked'), 288);
  assert.equal(scratch('x86'), 52);
  assert.equal(scratch('x64'), 60);
  assert.ok(frames.x64.free.items.some((i) => i.kind === 'gs-cookie'));
});

test('seed 004 through the parser: REF_CNT_TRACKER = 2,052 B and MYSTRUCT grows by 4 × 2,052 = 8,208 B under DBG', async () => {
  const summaries = await parseFixtures('layout/refcount_tracker.h', 'layout/mystruct.cpp');
  const index = new TypeIndex(summaries);
  const e = layoutEngineFor(index);
  for (const a of ARCHES) {
    assert.deepEqual([e.layoutType('REF_CNT_TRACKER_ITEM', a, 'free').size, e.layoutType('REF_CNT_TRACKER_ITEM', a, 'free').align], [8, 1]);
    assert.equal(e.layoutType('REF_CNT_TRACKER', a, 'free').size, 2052);
    const free = e.layoutType('MYSTRUCT', a, 'free').size!;
    const checked = e.layoutType('MYSTRUCT', a, 'checked').size!;
    assert.equal(checked - free, 8208, a);
  }
  assert.equal(e.layoutType('MYSTRUCT', 'x64', 'free').size, 40);
  assert.equal(e.layoutType('MYSTRUCT', 'x64', 'checked').size, 8248);
  assert.equal(e.layoutType('MYSTRUCT', 'x86', 'checked').size, 8228);

  const ctx = frameContextFor(index);
  const fns = summaries[1].functions.filter((f) => f.isDefinition);
  const toDebugStr = fns.find((f) => f.name === 'toDebugStr')!;
  const heap = fns.find((f) => f.name === 'LogWithHeapCopy')!;
  const t = estimateAllFrames(toDebugStr, ctx);
  const h = estimateAllFrames(heap, ctx);
  for (const a of ARCHES) {
    assert.ok(t[a].checked.bytes! - t[a].free.bytes! >= 8208, `${a}: the checked frame carries the whole copy`);
    assert.ok(t[a].checked.bytes! > 8208);
    assert.ok(h[a].checked.bytes! < 200, `${a}: the heap-copy fix keeps the frame small`);
    assert.equal(h[a].checked.bytes, h[a].free.bytes);
  }
});
