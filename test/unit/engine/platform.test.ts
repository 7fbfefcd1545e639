import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PLATFORM_STACKS, driverBudget, formatBytes, formatShare } from '../../../server/src/analysis/platform';
import { mergeSettings } from '../../../server/src/analysis/settings';

test('platform kernel stacks come from KERNEL_STACK_SIZE / KERNEL_LARGE_STACK_SIZE', () => {
  assert.equal(PLATFORM_STACKS.x86.stackBytes, 12288);
  assert.equal(PLATFORM_STACKS.x64.stackBytes, 24576);
  assert.equal(PLATFORM_STACKS.arm64.stackBytes, 0x8000);
  assert.equal(PLATFORM_STACKS.x86.largeStackBytes, 61440);
  assert.equal(PLATFORM_STACKS.x64.largeStackBytes, 73728);
  for (const p of Object.values(PLATFORM_STACKS)) assert.match(p.source, /ntddk\.h/);
});

test('driver budget: a third of the platform stack by default, or the explicit setting', () => {
  const s = mergeSettings({});
  assert.deepEqual(driverBudget('x86', s), { bytes: 4096, source: '1/3 of the 12,288 B x86 kernel stack' });
  assert.equal(driverBudget('x64', s).bytes, 8192);
  assert.equal(driverBudget('x64', mergeSettings({ driverBudgetShare: 0.5 })).bytes, 12288);
  assert.equal(driverBudget('x64', mergeSettings({ driverBudgetBytes: { x64: 6000 } })).bytes, 6000);
  assert.equal(driverBudget('x64', mergeSettings({ driverBudgetShare: 7 })).bytes, 8192, 'an invalid share falls back to 1/3');
  assert.equal(formatShare(0.25), '1/4');
  assert.equal(formatBytes(1234567), '1,234,567 B');
});
