import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../../server/src/analysis/callgraph/callgraph';
import { findEntryPoints } from '../../../server/src/analysis/entryPoints';
import { R, fn, summary } from './synthetic';

test('entry points: role typedef, _Function_class_, DriverEntry, slot assignments, callbacks, uncalled', () => {
  const F = '/drv/driver.c';
  const s = summary(
    F,
    [
      fn(F, 'DispatchRead', [], { isDefinition: false, roleTypedef: 'DRIVER_DISPATCH' }),
      fn(F, 'DispatchRead', ['Helper']),
      fn(F, 'DpcRoutine', ['Helper'], { annotations: [{ name: '_Function_class_', args: 'KDEFERRED_ROUTINE', range: R(1) }] }),
      fn(F, 'DriverEntry', ['Helper', 'KeInitializeDpc'], { referencedFunctions: ['CompletionRoutine'] }),
      fn(F, 'Unload', ['Helper']),
      fn(F, 'CompletionRoutine', ['Helper']),
      fn(F, 'Helper', ['Leaf']),
      fn(F, 'Leaf'),
      fn(F, 'DeadCode'),
    ],
    { slotAssignments: [{ slot: 'DriverUnload', fn: 'Unload', inFunction: 'DriverEntry', range: R(3) }] },
  );
  const g = buildCallGraph([s]);
  const eps = findEntryPoints(g, [s]);
  const reason = (n: string) => eps.get(`${F}#${n}`)?.reason;
  assert.equal(reason('DispatchRead'), 'declared as DRIVER_DISPATCH');
  assert.equal(reason('DpcRoutine'), '_Function_class_(KDEFERRED_ROUTINE)');
  assert.equal(reason('DriverEntry'), 'driver entry point');
  assert.equal(reason('Unload'), 'assigned to DriverUnload');
  assert.equal(reason('CompletionRoutine'), 'registered as a callback (its address is taken)');
  assert.equal(reason('DeadCode'), 'not called from the workspace');
  assert.equal(reason('Helper'), undefined);
  assert.equal(reason('Leaf'), undefined);
});

test('a registered callback that is also called directly is still an entry point', () => {
  const F = '/drv/q.c';
  const s = summary(F, [fn(F, 'EvtIoRead', ['Process']), fn(F, 'Init', ['EvtIoRead'], { referencedFunctions: ['EvtIoRead'] }), fn(F, 'Process')]);
  const eps = findEntryPoints(buildCallGraph([s]), [s]);
  assert.ok(eps.has(`${F}#EvtIoRead`));
  assert.ok(!eps.has(`${F}#Process`));
});
