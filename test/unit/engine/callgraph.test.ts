import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph, callKind, cycleThrough } from '../../../server/src/analysis/callgraph/callgraph';
import { componentMembers, componentSize, stronglyConnectedComponents, toCsr } from '../../../server/src/analysis/callgraph/scc';
import { call, fn, summary } from './synthetic';

const names = (g: ReturnType<typeof buildCallGraph>, key: string) => g.callees(key).map((e) => e.to);

test('callKind distinguishes plain, qualified, member, this and dynamic calls', () => {
  assert.deepEqual(callKind(call('Foo')), { kind: 'plain', name: 'Foo' });
  assert.deepEqual(callKind(call('ns::Foo')), { kind: 'qualified', name: 'ns::Foo' });
  assert.deepEqual(callKind(call('::Foo')), { kind: 'qualified', name: 'Foo' });
  assert.deepEqual(callKind(call('obj->Release')), { kind: 'member', name: 'Release' });
  assert.deepEqual(callKind(call('m_queue.Start')), { kind: 'member', name: 'Start' });
  assert.deepEqual(callKind(call('this->Release')), { kind: 'this', name: 'Release' });
  assert.deepEqual(callKind(call('(*pfn)')), { kind: 'dynamic', name: '' });
});

test('a static function in the caller file wins over an extern one of the same name; other files see the extern one', () => {
  const a = summary('/drv/a.c', [fn('/drv/a.c', 'Helper', [], { isStatic: true }), fn('/drv/a.c', 'EntryA', ['Helper'])]);
  const b = summary('/drv/b.c', [fn('/drv/b.c', 'Helper'), fn('/drv/b.c', 'EntryB', ['Helper'])]);
  const c = summary('/drv/c.c', [fn('/drv/c.c', 'EntryC', ['Helper', 'KeWaitForSingleObject'])]);
  const g = buildCallGraph([a, b, c]);
  assert.deepEqual(names(g, '/drv/a.c#EntryA'), ['/drv/a.c#Helper']);
  assert.deepEqual(names(g, '/drv/b.c#EntryB'), ['/drv/b.c#Helper']);
  // c.c cannot see a.c's static Helper: only b.c's extern one.
  assert.deepEqual(names(g, '/drv/c.c#EntryC'), ['/drv/b.c#Helper']);
  // KeWaitForSingleObject is defined nowhere in the workspace: counted as external, no edge.
  assert.equal(g.resolution.external, 1);
  assert.deepEqual(g.callers('/drv/b.c#Helper').map((e) => e.from).sort(), ['/drv/b.c#EntryB', '/drv/c.c#EntryC']);
});

test('a static prototype makes the later definition file-local', () => {
  const a = summary('/drv/a.c', [
    fn('/drv/a.c', 'Helper', [], { isDefinition: false, isStatic: true }),
    fn('/drv/a.c', 'Helper'),
  ]);
  const c = summary('/drv/c.c', [fn('/drv/c.c', 'User', ['Helper'])]);
  const g = buildCallGraph([a, c]);
  assert.deepEqual(names(g, '/drv/c.c#User'), []);
  assert.deepEqual(g.functions.get('/drv/a.c#Helper')!.declarations.length, 1);
});

test('name collisions across samples resolve to the nearest directory', () => {
  const s1 = summary('/wds/toaster/featured/toaster.c', [fn('/wds/toaster/featured/toaster.c', 'ToasterHelper')]);
  const s2 = summary('/wds/toaster/incomplete/toaster.c', [fn('/wds/toaster/incomplete/toaster.c', 'ToasterHelper')]);
  const s3 = summary('/wds/toaster/featured/power.c', [fn('/wds/toaster/featured/power.c', 'ToasterPower', ['ToasterHelper'])]);
  const g = buildCallGraph([s1, s2, s3]);
  assert.deepEqual(names(g, '/wds/toaster/featured/power.c#ToasterPower'), ['/wds/toaster/featured/toaster.c#ToasterHelper']);
});

test('C++: implicit this calls prefer the own class, member calls reach methods, qualified calls are exact', () => {
  const f = '/drv/dev.cpp';
  const s = summary(f, [
    fn(f, 'DevMain::processURB', ['complete', 'this->log', 'm_req->completeWithChecks', 'Other::complete', 'std::min']),
    fn(f, 'DevMain::complete'),
    fn(f, 'DevMain::log'),
    fn(f, 'Other::complete'),
    fn(f, 'complete'),
    fn(f, 'WDFREQUEST2::completeWithChecks'),
    fn(f, 'min'),
  ]);
  const g = buildCallGraph([s]);
  assert.deepEqual(names(g, `${f}#DevMain::processURB`), [
    `${f}#DevMain::complete`,
    `${f}#DevMain::log`,
    `${f}#WDFREQUEST2::completeWithChecks`,
    `${f}#Other::complete`,
  ]);
  // std::min is not our free function min.
  assert.equal(g.resolution.external, 1);
  // A plain call from a free function never lands on a method.
  const s2 = summary('/drv/free.cpp', [fn('/drv/free.cpp', 'FreeFn', ['log'])]);
  const g2 = buildCallGraph([s, s2]);
  assert.deepEqual(names(g2, '/drv/free.cpp#FreeFn'), []);
});

test('in C a member-style call is a function-pointer call and stays unresolved', () => {
  const f = '/drv/a.c';
  const s = summary(f, [fn(f, 'Dispatch', ['ext->Callback', '(*pfn)']), fn(f, 'Callback')]);
  const g = buildCallGraph([s]);
  assert.deepEqual(names(g, `${f}#Dispatch`), []);
  assert.equal(g.resolution.dynamic, 1);
});

test('declarations (prototypes) attach to their definition', () => {
  const h = summary('/drv/driver.h', [fn('/drv/driver.h', 'DispatchRead', [], { isDefinition: false, roleTypedef: 'DRIVER_DISPATCH' })]);
  const c = summary('/drv/read.c', [fn('/drv/read.c', 'DispatchRead')]);
  const g = buildCallGraph([h, c]);
  const def = g.functions.get('/drv/read.c#DispatchRead')!;
  assert.equal(def.declarations.length, 1);
  assert.equal(def.declarations[0].roleTypedef, 'DRIVER_DISPATCH');
});

test('SCC: a mutual recursion of three and a self-recursion are found, with their cycles', () => {
  const f = '/drv/walk.c';
  const s = summary(f, [
    fn(f, 'Entry', ['WalkA', 'Parse']),
    fn(f, 'WalkA', ['WalkB']),
    fn(f, 'WalkB', ['WalkC', 'Leaf']),
    fn(f, 'WalkC', ['WalkA']),
    fn(f, 'Parse', ['Parse', 'Leaf']),
    fn(f, 'Leaf'),
  ]);
  const g = buildCallGraph([s]);
  const comps = g.recursiveComponents.map((c) => c.map((k) => k.split('#')[1]).sort());
  assert.deepEqual(comps.sort(), [['Parse'], ['WalkA', 'WalkB', 'WalkC']]);
  assert.equal(g.componentOf.get(`${f}#Leaf`), undefined);
  assert.equal(g.componentOf.get(`${f}#WalkA`), g.componentOf.get(`${f}#WalkC`));
  const cycle = cycleThrough(g, g.indexOf.get(`${f}#WalkB`)!).map((i) => g.keys[i].split('#')[1]);
  assert.deepEqual(cycle, ['WalkB', 'WalkC', 'WalkA']);
  assert.deepEqual(cycleThrough(g, g.indexOf.get(`${f}#Parse`)!).map((i) => g.keys[i].split('#')[1]), ['Parse']);
});

test('Tarjan is iterative: a 200,000-deep chain and a 100,000-member cycle do not overflow the stack', () => {
  const n = 200_000;
  const chain = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : []));
  const r = stronglyConnectedComponents(toCsr(chain));
  assert.equal(r.count, n);
  // Reverse topological order: the leaf is emitted first.
  assert.deepEqual(componentMembers(r, 0), [n - 1]);
  const m = 100_000;
  const ring = Array.from({ length: m }, (_, i) => [(i + 1) % m]);
  const r2 = stronglyConnectedComponents(toCsr(ring));
  assert.equal(r2.count, 1);
  assert.equal(componentSize(r2, 0), m);
  assert.deepEqual(componentMembers(r2, 0).slice(0, 3), [0, 1, 2], 'members in the order the DFS reached them');
});

test('SCC order is reverse topological on a DAG with shared callees', () => {
  // 0 → 1, 0 → 2, 1 → 3, 2 → 3, 3 → 4 ⇄ 5
  const adj = [[1, 2], [3], [3], [4], [5], [4]];
  const r = stronglyConnectedComponents(toCsr(adj));
  const pos = (v: number) => r.componentOf[v];
  assert.equal(r.count, 5);
  assert.deepEqual(componentMembers(r, r.componentOf[4]), [4, 5]);
  for (const [from, tos] of adj.entries()) for (const to of tos) if (r.componentOf[from] !== r.componentOf[to]) assert.ok(pos(to) < pos(from));
  assert.equal(r.componentOf[4], r.componentOf[5]);
});
