// Seed 004 reproduced: MYSTRUCT grows by 8 KB under DBG (REF_CNT_TRACKER trckr[4] in #ifdef DBG);
// toDebugStr() memcpy's *this into a local. Flagged in checked builds only; the fixed version
// (ExAllocatePool2 + memcpy into pool) is not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFixtures, fixture, lineOf, ofRule, stackFindings } from './fixtures';
import { toAnalyzeJson } from '../../../server/src/analysis/report';

test('seed 004: MYSTRUCT sizes per target in free and checked builds', async () => {
  const { analysis } = await analyzeFixtures(['seed004_mystruct.cpp']);
  const t = analysis.types.find((x) => x.name === 'MYSTRUCT')!;
  assert.deepEqual(t.size, { x86: 20, x64: 40, arm64: 40 });
  assert.deepEqual(t.align, { x86: 4, x64: 8, arm64: 8 });
  assert.deepEqual(t.sizeChecked, { x86: 8228, x64: 8248, arm64: 8248 });
  const tracker = analysis.types.find((x) => x.name === 'REF_CNT_TRACKER')!;
  assert.deepEqual(tracker.size, { x86: 2052, x64: 2052, arm64: 2052 });
  assert.equal(tracker.sizeChecked, undefined, 'DBG does not change it');
  const j = toAnalyzeJson(analysis, 'x64', fixture('seed004_mystruct.cpp').file.replace(/\/[^/]+$/, ''));
  const jt = j.types.find((x) => x.name === 'MYSTRUCT')!;
  assert.equal(jt.file, 'seed004_mystruct.cpp');
  assert.deepEqual(jt.sizeChecked, { x86: 8228, x64: 8248, arm64: 8248 });
});

test('seed 004: the buggy toDebugStr is flagged in checked builds only, and the struct for growing under DBG', async () => {
  const { analysis } = await analyzeFixtures(['seed004_mystruct.cpp']);
  const text = fixture('seed004_mystruct.cpp').text;
  const copy = ofRule(analysis.findings, 'stack/struct-copy');
  assert.equal(copy.length, 1);
  assert.equal(copy[0].message, '_this copies a MYSTRUCT (8,248 B on x64 in checked (DBG) builds; 40 B in free builds) onto the stack (memcpy); read the fields you need through the pointer or copy into pool memory');
  assert.match(lineOf(text, copy[0]), /MYSTRUCT _this;/);
  assert.deepEqual(copy[0].related.map((r) => r.message), ['memcpy copies into _this here', 'MYSTRUCT is defined here']);

  const frame = ofRule(analysis.findings, 'stack/large-frame');
  assert.equal(frame.length, 1);
  assert.match(frame[0].message, /^MYSTRUCT::toDebugStr uses [\d,]+ B of stack on x64 in checked \(DBG\) builds \([\d,]+ B in free builds\), above the 1,024 B frame threshold; largest: _this \(MYSTRUCT\) 8,248 B/);

  const growth = ofRule(analysis.findings, 'stack/dbg-growth');
  const onType = growth.find((f) => f.message.startsWith('MYSTRUCT grows'))!;
  assert.equal(onType.severity, 'warning', 'an instance lives on the stack');
  assert.equal(onType.message, 'MYSTRUCT grows by 8,208 B in checked (DBG) builds on x64 (40 B → 8,248 B): trckr (REF_CNT_TRACKER[4]); it is placed on the stack in 1 place');
  assert.match(lineOf(text, onType), /^struct MYSTRUCT/);
  assert.ok(onType.related.some((r) => r.message === 'trckr exists only when DBG is defined'));
  assert.ok(onType.related.some((r) => /MYSTRUCT::toDebugStr: _this \(MYSTRUCT\) is on the stack/.test(r.message)));
  const onFrame = growth.find((f) => f.message.startsWith('The frame of MYSTRUCT::toDebugStr'))!;
  assert.match(onFrame.message, /grows by [\d,]+ B in checked \(DBG\) builds on x64 \([\d,]+ B → [\d,]+ B\): _this \(MYSTRUCT\) \+8,208 B$/);
  assert.equal(onFrame.severity, 'information');

  // The chain from the KMDF callback through toDebugStr passes the driver budget only under DBG.
  const deep = ofRule(analysis.findings, 'stack/deep-path');
  assert.equal(deep.length, 1);
  assert.match(deep[0].message, /^The deepest call chain from EvtIoInternalDeviceControl .* on x64 in checked \(DBG\) builds \([\d,]+ B in free builds\), above the driver budget of 8,192 B/);
  assert.match(deep[0].message, /EvtIoInternalDeviceControl [\d,]+ B → MYSTRUCT::toDebugStr [\d,]+ B/);

  // Nothing fires in the free configuration alone: every stack finding names the checked build.
  for (const f of stackFindings(analysis.findings)) assert.match(f.message, /in checked \(DBG\) builds/, f.message);

  const fn = analysis.functions.find((f) => f.qualifiedName === 'MYSTRUCT::toDebugStr')!;
  assert.ok(fn.frames.x64.free.bytes! < 1024);
  assert.ok(fn.frames.x64.checked.bytes! > 8248);
  assert.ok(fn.frames.x86.checked.bytes! > 8228);
});

test('seed 004 fixed: pool copy instead of a stack copy is not flagged', async () => {
  const { analysis } = await analyzeFixtures(['seed004_mystruct_fixed.cpp']);
  const stack = stackFindings(analysis.findings);
  assert.deepEqual(
    stack.map((f) => `${f.rule}:${f.severity}`),
    ['stack/dbg-growth:information'],
    'only the informational note that MYSTRUCT grows under DBG',
  );
  assert.match(stack[0].message, /^MYSTRUCT grows by 8,208 B in checked \(DBG\) builds on x64 \(40 B → 8,248 B\): trckr \(REF_CNT_TRACKER\[4\]\)$/);
  const fn = analysis.functions.find((f) => f.qualifiedName === 'MYSTRUCT::toDebugStr')!;
  assert.equal(fn.frames.x64.checked.bytes, fn.frames.x64.free.bytes);
  assert.ok(analysis.findings.every((f) => f.severity !== 'warning' && f.severity !== 'error' || !f.rule.startsWith('stack/')));
});
