// Every rule's bad/good fixture pair and the driver fixtures, end to end through the real parser,
// call graph and DDI table: exactly the findings marked `// expect:` in the bad files and none
// in the good ones.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFixtures, describe, expectedMarkers, findingKeys, readFixture } from './harness';

const PAIRS = [
  'too_high',
  'not_restored',
  'paged_at_dispatch',
  'paging',
  'usermode_wait',
  'wait_at_dispatch',
  'user_buffer',
  'lock_pages',
  'attached',
  'paged_alloc',
  'seed001',
];

for (const name of PAIRS) {
  test(`irql fixture ${name}.bad.c: exactly the marked findings`, async () => {
    const { file, text } = readFixture(`${name}.bad.c`);
    const { result } = await analyzeFixtures([`${name}.bad.c`]);
    const expected = expectedMarkers(text);
    assert.ok(expected.length > 0, 'the bad fixture marks at least one finding');
    assert.deepEqual(findingKeys(result.findings, file), expected, describe(result.findings));
  });

  test(`irql fixture ${name}.good.c: no findings`, async () => {
    const { result } = await analyzeFixtures([`${name}.good.c`]);
    assert.deepEqual(findingKeys(result.findings), [], describe(result.findings));
  });
}

for (const name of ['wdm_driver.c', 'kmdf_driver.c', 'cpp_driver.cpp', 'seed000_fixed.c']) {
  test(`irql fixture ${name}: exactly the marked findings`, async () => {
    const { file, text } = readFixture(name);
    const { result } = await analyzeFixtures([name]);
    assert.deepEqual(findingKeys(result.findings, file), expectedMarkers(text), describe(result.findings));
  });
}

test('irql fixture seed000_good.c: no findings', async () => {
  const { result } = await analyzeFixtures(['seed000_good.c']);
  assert.deepEqual(findingKeys(result.findings), [], describe(result.findings));
});

test('every finding carries at least one related location', async () => {
  const names = PAIRS.map((n) => `${n}.bad.c`).concat(['wdm_driver.c', 'kmdf_driver.c', 'cpp_driver.cpp', 'seed000_fixed.c']);
  for (const n of names) {
    const { result } = await analyzeFixtures([n]);
    for (const f of result.findings) {
      if (f.rule === 'paging/not-in-page-section' || f.rule === 'mem/user-buffer-no-try') continue; // nothing else to point at
      assert.ok(f.related.length > 0, `${n}: ${f.rule}@${f.range.start.line + 1} has no related location`);
    }
  }
});

test('wdm_driver.c: the spin lock is the related location of the ZwCreateFile report, the DPC report carries the chain', async () => {
  const { text } = readFixture('wdm_driver.c');
  const { result } = await analyzeFixtures(['wdm_driver.c']);
  const lines = text.split('\n');
  const lineOf = (needle: string): number => lines.findIndex((l) => l.includes(needle));
  const tooHigh = result.findings.find((f) => f.rule === 'irql/too-high' && f.range.start.line === lineOf('status = ZwCreateFile('))!;
  assert.ok(tooHigh, describe(result.findings));
  assert.ok(tooHigh.related.some((r) => r.range.start.line === lineOf('KeAcquireSpinLock(&ext->Lock, &oldIrql);') && /raised to DISPATCH_LEVEL/.test(r.message)), JSON.stringify(tooHigh.related));
  assert.match(tooHigh.message, /ZwCreateFile.*PASSIVE_LEVEL.*DISPATCH_LEVEL.*KeAcquireSpinLock/);
  const paged = result.findings.find((f) => f.rule === 'irql/paged-at-dispatch')!;
  assert.match(paged.message, /SampleFlushStatistics → SampleWriteTrace/);
  assert.ok(paged.related.some((r) => /SampleFlushStatistics calls SampleWriteTrace/.test(r.message)));
  assert.ok(paged.related.some((r) => /alloc_text\(PAGE, SampleWriteTrace\)/.test(r.message)));
  const notRestored = result.findings.find((f) => f.rule === 'irql/not-restored')!;
  assert.ok(notRestored.related.some((r) => /acquired here/.test(r.message)));
  assert.ok(notRestored.related.some((r) => /released here on other paths/.test(r.message)));
  // Where functions run: the paged PnP/create dispatch routines are PASSIVE_LEVEL, the DPC DISPATCH_LEVEL.
  const at = (name: string) => [...result.irql].find(([k]) => k.endsWith(`#${name}`))![1];
  assert.deepEqual([at('SamplePnp').min, at('SamplePnp').max], [0, 0]);
  assert.deepEqual([at('SampleCreateClose').min, at('SampleCreateClose').max], [0, 0]);
  assert.deepEqual([at('SampleCompletionDpc').min, at('SampleCompletionDpc').max], [2, 2]);
  assert.deepEqual([at('SampleReadComplete').min, at('SampleReadComplete').max], [0, 2]);
});
