// Totals-only frame estimates and the free/checked sharing: estimateFrameTotals must give exactly
// estimateFrame's figures, and `sameInOtherConfig` may only be claimed when the other
// configuration's estimate is identical (breakdown included).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TypeIndex, layoutEngineFor } from '../../../server/src/analysis/layout';
import { estimateFrame, estimateFrameTotals, frameContextFor, type FrameContext } from '../../../server/src/analysis/frame';
import type { Arch, BuildConfig, FileSummary, FunctionDecl } from '../../../server/src/analysis/model';
import type { FrameEstimate } from '../../../server/src/analysis/results';
import { FrameSet } from '../../../server/src/analysis/frameSet';
import { DBG, call, def, fld, fn, local, param, rec, summary, tdef } from '../layout/summaryBuilders';
import { parseFixtures } from '../layout/fixtureFiles';

const ARCHES: Arch[] = ['x86', 'x64', 'arm64'];
const CONFIGS: BuildConfig[] = ['free', 'checked'];

function withoutConfig(e: FrameEstimate): Omit<FrameEstimate, 'config'> {
  const { config: _config, ...rest } = e;
  return rest;
}

/** Checks both properties for every definition of `summaries` on every target; returns the functions found shareable per target. */
function checkAll(summaries: FileSummary[], ctx: FrameContext): Map<string, Set<Arch>> {
  const shared = new Map<string, Set<Arch>>();
  for (const s of summaries) {
    for (const f of s.functions) {
      if (!f.isDefinition) continue;
      for (const arch of ARCHES) {
        for (const config of CONFIGS) {
          const full = estimateFrame(f, ctx, arch, config);
          const totals = estimateFrameTotals(f, ctx, arch, config);
          assert.deepEqual(
            { bytes: totals.bytes, knownBytes: totals.knownBytes, dynamic: totals.dynamic },
            { bytes: full.bytes, knownBytes: full.knownBytes, dynamic: full.dynamic },
            `${f.name} ${arch} ${config}: totals`,
          );
          assert.equal(full.items.reduce((n, i) => n + i.bytes, 0), full.knownBytes, `${f.name} ${arch} ${config}: items add up`);
          if (totals.sameInOtherConfig) {
            const other = estimateFrame(f, ctx, arch, config === 'free' ? 'checked' : 'free');
            assert.deepEqual(withoutConfig(other), withoutConfig(full), `${f.name} ${arch}: claimed shareable from ${config}`);
            if (config === 'free') {
              if (!shared.has(f.name)) shared.set(f.name, new Set());
              shared.get(f.name)!.add(arch);
            }
          }
        }
      }
    }
  }
  return shared;
}

test('parsed fixture: totals equal the full estimate, and sharing is claimed only when checked equals free', async () => {
  const summaries = await parseFixtures('frame/dbg_sharing.c', 'frame/sizeof_locals.cpp', 'layout/refcount_tracker.h', 'layout/mystruct.cpp', 'stack/dbg_growth_bad.c', 'stack/large_frame_bad.c', 'stack/dynamic_bad.c');
  const ctx = frameContextFor(new TypeIndex(summaries));
  const shared = checkAll(summaries, ctx);
  const sharedOn = (name: string) => shared.get(name)?.size ?? 0;
  // Nothing under DBG: shared on every target.
  for (const name of ['PlainLocals', 'PlainByValue', 'CopyOfWide', 'CopyOfArray', 'CopyOfNothing', 'TrackedPointerOnly', 'Dynamic', 'TailCaller']) assert.equal(sharedOn(name), 3, name);
  // Every way DBG reaches a frame is seen.
  for (const name of ['DbgOnlyLocal', 'DbgOnlyCall', 'TrackedMember', 'TrackedNested', 'TrackedByValue', 'MacroUnderDbg', 'MacroTestingDbg', 'TypedefUnderDbg', 'WdkTypeThatGrows']) {
    assert.equal(sharedOn(name), 0, name);
  }
  // ...and the checked figures really differ for these (the fixture is not vacuous).
  const byName = (n: string) => summaries[0].functions.find((f) => f.isDefinition && f.name === n)!;
  for (const name of ['DbgOnlyLocal', 'TrackedMember', 'MacroUnderDbg', 'MacroTestingDbg', 'TypedefUnderDbg', 'WdkTypeThatGrows']) {
    const f = byName(name);
    assert.notEqual(estimateFrame(f, ctx, 'x64', 'checked').knownBytes, estimateFrame(f, ctx, 'x64', 'free').knownBytes, name);
  }
});

test('`sizeof local` array dimensions follow each function\'s own locals (the dimension memo is not shared across scopes)', async () => {
  const summaries = await parseFixtures('frame/sizeof_locals.cpp');
  const ctx = frameContextFor(new TypeIndex(summaries));
  const byName = (n: string) => summaries[0].functions.find((f) => f.isDefinition && f.name === n)!;
  const item = (fnName: string, local: string) => estimateFrame(byName(fnName), ctx, 'x64', 'free').items.find((i) => i.label.startsWith(`${local} (`))!;
  // Twice each, in an order that would expose a memoised answer from another function.
  for (let round = 0; round < 2; round++) {
    assert.equal(item('CopyOfWide', 'copy').bytes, 8);
    assert.equal(item('CopyOfArray', 'copy').bytes, 40);
    assert.match(item('CopyOfNothing', 'copy').label, /size unknown/);
    assert.equal(item('CopyOfWide', 'slot').bytes, 24);
    assert.equal(item('CopyOfArray', 'slot').bytes, 24);
  }
  // Without a scope (a type written elsewhere) the same text names no variable.
  assert.equal(layoutEngineFor(ctx.engine.index).evalConst('sizeof(wide)', 'x64', 'free'), null);
});

test('a DBG-dependent record stays dependent when its layout comes from the memo', () => {
  const s = summary('/ws/a.c', {
    records: [rec('struct', 'TRACKED', [fld('a', 'ULONG'), fld('trail', 'UCHAR[512]', { cond: DBG })], { file: '/ws/a.c' })],
    functions: [fn('UsesTracked', { locals: [local('t', 'TRACKED', { addressTaken: true })], addressTaken: ['t'], calls: [call('Use', 1)] })],
  });
  const index = new TypeIndex([s]);
  const ctx = frameContextFor(index);
  const f = s.functions[0];
  // Lay the record out first, so the estimate below only hits the memo.
  for (const config of CONFIGS) layoutEngineFor(index).layoutType('TRACKED', 'x64', config);
  const before = index.configDependentReads;
  assert.equal(estimateFrameTotals(f, ctx, 'x64', 'free').sameInOtherConfig, false);
  assert.ok(index.configDependentReads > before, 'the memo hit replays the configuration-dependent read');
  const tBytes = (c: BuildConfig) => estimateFrame(f, ctx, 'x64', c).items.find((i) => i.label.startsWith('t ('))!.bytes;
  assert.equal(tBytes('checked') - tBytes('free'), 512);
});

test('hand-built summaries: macros, typedefs and callee parameters under DBG', () => {
  const s = summary('/ws/a.c', {
    defines: [def('LEN', '64', { cond: DBG, file: '/ws/a.c' }), def('LEN', '16', { cond: { dbg: false }, file: '/ws/a.c' }), def('FIXED', '24', { file: '/ws/a.c' })],
    typedefs: [tdef('WIDE', 'ULONGLONG', { cond: DBG, file: '/ws/a.c' }), tdef('WIDE', 'ULONG', { cond: { dbg: false }, file: '/ws/a.c' })],
    records: [rec('struct', 'BIG', [fld('a', 'UCHAR[40]'), fld('b', 'UCHAR[600]', { cond: DBG })], { file: '/ws/a.c' })],
    functions: [
      fn('Fixed', { locals: [local('buf', 'UCHAR[FIXED]')], calls: [call('Use', 2)] }),
      fn('ByMacro', { locals: [local('buf', 'UCHAR[LEN]')], calls: [call('Use', 2)] }),
      fn('ByTypedef', { locals: [local('w', 'WIDE[4]')], calls: [call('Use', 2)] }),
      fn('TakesBig', { isDefinition: false, params: [param('b', 'BIG')] }),
      fn('PassesBig', { calls: [call('TakesBig', 1, { args: [{ text: '*p' }] })] }),
      fn('PassesPointer', { params: [param('p', 'BIG*')], calls: [call('Use', 1)] }),
    ],
  });
  const ctx = frameContextFor(new TypeIndex([s]));
  const shared = checkAll([s], ctx);
  assert.deepEqual([...(shared.get('Fixed') ?? [])].sort(), ['arm64', 'x64', 'x86']);
  assert.deepEqual([...(shared.get('PassesPointer') ?? [])].sort(), ['arm64', 'x64', 'x86']);
  for (const name of ['ByMacro', 'ByTypedef', 'PassesBig']) assert.equal(shared.get(name), undefined, name);
});

test('FrameSet estimates the checked build only when the free one read something DBG changes', () => {
  const s = summary('/ws/a.c', {
    functions: [
      fn('Plain', { locals: [local('buf', 'UCHAR[64]')], calls: [call('Use', 1)] }),
      fn('Dbg', { locals: [local('buf', 'UCHAR[64]'), local('extra', 'UCHAR[128]', { cond: DBG })], calls: [call('Use', 1)] }),
    ],
  });
  const ctx = frameContextFor(new TypeIndex([s]));
  const setFor = (f: FunctionDecl) => {
    const calls: string[] = [];
    const set = new FrameSet(
      {
        totals: (d, _s, a, c) => {
          calls.push(`totals ${a} ${c}`);
          return estimateFrameTotals(d, ctx, a, c);
        },
        estimate: (d, _s, a, c) => {
          calls.push(`full ${a} ${c}`);
          return estimateFrame(d, ctx, a, c);
        },
      },
      f,
      s,
    );
    return { set, calls };
  };
  const plain = setFor(s.functions[0]);
  const pf = plain.set.get('x64', 'free');
  const pc = plain.set.get('x64', 'checked');
  assert.deepEqual(plain.calls, ['totals x64 free'], 'the checked figures are the free ones');
  assert.equal(pc.config, 'checked');
  assert.deepEqual([pc.bytes, pc.knownBytes, pc.dynamic], [pf.bytes, pf.knownBytes, pf.dynamic]);
  // The breakdown is computed when read, for the configuration asked.
  assert.deepEqual(pc.items, estimateFrame(s.functions[0], ctx, 'x64', 'checked').items);
  assert.deepEqual(plain.calls, ['totals x64 free', 'full x64 checked']);

  const dbg = setFor(s.functions[1]);
  const df = dbg.set.get('x64', 'free');
  const dc = dbg.set.get('x64', 'checked');
  assert.deepEqual(dbg.calls, ['totals x64 free', 'totals x64 checked']);
  assert.equal(dc.knownBytes - df.knownBytes, 128);
  // Another target is estimated on its own.
  dbg.set.get('x86', 'checked');
  assert.deepEqual(dbg.calls.slice(2), ['totals x86 checked']);
});
