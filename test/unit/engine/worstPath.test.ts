import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../../server/src/analysis/callgraph/callgraph';
import { computeWorstPaths, lazyWorstPath } from '../../../server/src/analysis/worstPath';
import type { FrameEstimate } from '../../../server/src/analysis/results';
import { call, fn, frame, summary } from './synthetic';

const F = '/drv/path.c';

function setup(frames: Record<string, FrameEstimate>, fns: ReturnType<typeof fn>[]) {
  const g = buildCallGraph([summary(F, fns)]);
  const lookup = (i: number) => frames[g.keys[i].split('#')[1]];
  return { g, lookup, idx: (n: string) => g.indexOf.get(`${F}#${n}`)! };
}

test('worst path: the deeper branch wins and totals are exact', () => {
  const { g, lookup, idx } = setup(
    { Entry: frame(100), Small: frame(40), Big: frame(1000), Leaf: frame(16), Mid: frame(200) },
    [fn(F, 'Entry', ['Small', 'Mid']), fn(F, 'Small', ['Leaf']), fn(F, 'Mid', ['Big']), fn(F, 'Big', ['Leaf']), fn(F, 'Leaf')],
  );
  const t = computeWorstPaths(g, 'x64', 'free', lookup);
  assert.equal(t.total[idx('Entry')], 100 + 200 + 1000 + 16);
  assert.equal(t.total[idx('Small')], 56);
  const wp = t.path(idx('Entry'));
  assert.deepEqual(wp.steps.map((s) => s.name), ['Entry', 'Mid', 'Big', 'Leaf']);
  assert.deepEqual(wp.steps.map((s) => s.frameBytes), [100, 200, 1000, 16]);
  assert.equal(wp.recursive, false);
  assert.equal(wp.lowerBound, false);
});

test('worst path: a cycle is counted once, flagged recursive, and the exit is followed', () => {
  const { g, lookup, idx } = setup(
    { Entry: frame(64), A: frame(100), B: frame(200), C: frame(300), Out: frame(1000), Leaf: frame(8) },
    [fn(F, 'Entry', ['A']), fn(F, 'A', ['B', 'Leaf']), fn(F, 'B', ['C']), fn(F, 'C', ['A', 'Out']), fn(F, 'Out'), fn(F, 'Leaf')],
  );
  const t = computeWorstPaths(g, 'x64', 'free', lookup);
  assert.equal(t.total[idx('A')], 600 + 1000);
  assert.equal(t.total[idx('B')], 1600);
  assert.equal(t.total[idx('Entry')], 64 + 1600);
  const wp = t.path(idx('Entry'));
  assert.equal(wp.recursive, true);
  assert.deepEqual(wp.steps.map((s) => s.name), ['Entry', 'A', 'B', 'C', 'Out']);
  // Entering the cycle at B: B, then the others, ending at C which takes the exit.
  assert.deepEqual(t.path(idx('B')).steps.map((s) => s.name), ['B', 'A', 'C', 'Out']);
  assert.equal(t.total[idx('Out')], 1000);
  assert.equal(t.recursive[idx('Out')], 0);
});

test('worst path: self-recursion counts the frame once', () => {
  const { g, lookup, idx } = setup({ Entry: frame(10), Rec: frame(500) }, [fn(F, 'Entry', ['Rec']), fn(F, 'Rec', ['Rec'])]);
  const t = computeWorstPaths(g, 'x64', 'free', lookup);
  assert.equal(t.total[idx('Entry')], 510);
  assert.equal(t.path(idx('Entry')).recursive, true);
});

test('worst path: unknown and dynamic frames make the figure a lower bound', () => {
  const { g, lookup, idx } = setup(
    { Entry: frame(100), Unknown: frame(null, { knownBytes: 48, unknown: ['FOO'] }), Dyn: frame(64, { dynamic: true }), Plain: frame(8) },
    [fn(F, 'Entry', ['Unknown']), fn(F, 'Unknown', ['Plain']), fn(F, 'Plain'), fn(F, 'Dyn'), fn(F, 'Other', ['Dyn'])],
  );
  const t = computeWorstPaths(g, 'x64', 'free', lookup);
  assert.equal(t.total[idx('Entry')], 100 + 48 + 8);
  assert.equal(t.path(idx('Entry')).lowerBound, true);
  assert.deepEqual(t.path(idx('Entry')).steps.map((s) => s.frameBytes), [100, null, 8]);
  assert.equal(t.path(idx('Other')).lowerBound, true);
  assert.equal(t.lowerBound[idx('Plain')], 0);
});

test('worst path: calls under #if DBG count only in the checked configuration', () => {
  const { g, lookup, idx } = setup(
    { Entry: frame(100), DebugDump: frame(3000), Work: frame(200) },
    [fn(F, 'Entry', [call('DebugDump', 2, { cond: { dbg: true } }), 'Work']), fn(F, 'DebugDump'), fn(F, 'Work')],
  );
  const free = computeWorstPaths(g, 'x64', 'free', lookup);
  const checked = computeWorstPaths(g, 'x64', 'checked', lookup);
  assert.equal(free.total[idx('Entry')], 300);
  assert.equal(checked.total[idx('Entry')], 3100);
  const arch = computeWorstPaths(g, 'x86', 'free', lookup);
  assert.equal(arch.total[idx('Entry')], 300);
});

test('lazyWorstPath materialises steps on demand and serialises like plain data', () => {
  const { g, lookup, idx } = setup({ A: frame(10), B: frame(20) }, [fn(F, 'A', ['B']), fn(F, 'B')]);
  const t = computeWorstPaths(g, 'x64', 'free', lookup);
  const wp = lazyWorstPath(t, idx('A'));
  const json = JSON.parse(JSON.stringify(wp));
  assert.equal(json.bytes, 30);
  assert.deepEqual(json.steps.map((s: { name: string }) => s.name), ['A', 'B']);
});

test('worst path over a 20,000-deep chain is computed without recursion', () => {
  const n = 20_000;
  const fns = Array.from({ length: n }, (_, i) => fn(F, `F${i}`, i + 1 < n ? [`F${i + 1}`] : []));
  const g = buildCallGraph([summary(F, fns)]);
  const t = computeWorstPaths(g, 'x64', 'free', () => frame(16));
  assert.equal(t.total[g.indexOf.get(`${F}#F0`)!], 16 * n);
  assert.equal(t.path(g.indexOf.get(`${F}#F0`)!).steps.length, 256);
});
