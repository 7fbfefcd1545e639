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
