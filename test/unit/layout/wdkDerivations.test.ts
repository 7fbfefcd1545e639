// The built-in WDK table against member-by-member derivations written in C (fixture
// wdk_derivations.h), laid out by the same engine from parsed source: every size and alignment
// in the table that has a derivation must agree on every target and configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TypeIndex, layoutEngineFor, lookupWdkType } from '../../../server/src/analysis/layout';
import type { Arch, BuildConfig } from '../../../server/src/analysis/model';
import { parseFixtures } from './fixtureFiles';

test('WDK table entries equal their member-layout derivations (x86, x64, arm64; free and checked)', async () => {
  const [s] = await parseFixtures('layout/wdk_derivations.h');
  const index = new TypeIndex([s]);
  const engine = layoutEngineFor(index);
  const derived = s.records.map((r) => r.typedefNames[0]).filter((n): n is string => !!n && n.startsWith('D_'));
  assert.ok(derived.length >= 30, `only ${derived.length} derivations parsed`);
  let compared = 0;
  for (const d of derived) {
    const name = d.slice(2);
    const entry = lookupWdkType(name);
    if (!entry) continue;
    for (const arch of ['x86', 'x64', 'arm64'] as Arch[]) {
      for (const config of ['free', 'checked'] as BuildConfig[]) {
        const l = engine.layoutType(d, arch, config);
        const want: readonly [number, number] | null = config === 'checked' && entry.checked ? entry.checked[arch] : entry.layout[arch];
        assert.deepEqual([l.size, l.align], want ? [...want] : [null, null], `${name} on ${arch} (${config})`);
        compared++;
      }
    }
  }
  assert.ok(compared >= 25 * 6, `compared ${compared}`);
});
