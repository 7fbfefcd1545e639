import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allDdiFacts,
  ddiCount,
  ddiDocsUrl,
  ddiNames,
  documentedDdiCount,
  irqlName,
  isDocumentedDdi,
  lookupDdi,
  majorFunctionIrql,
  parseIrqlText,
  registrationFor,
  roleIrql,
  roleTypedefNames,
  slotRole,
} from '../../../server/src/analysis/irql/ddi';
import { DDI_ALIASES, DDI_SEMANTICS } from '../../../server/src/analysis/irql/ddi/semantics';
import { MAJOR_FUNCTION_IRQL, REGISTRATIONS, SLOT_ROLES } from '../../../server/src/analysis/irql/ddi/roleTypedefIrql';
import type { DdiFact, ParamRule } from '../../../server/src/analysis/irql/ddi/types';

const HEADER_SOURCE = /^[a-z0-9_]+\.h \(WDK [0-9.]+\)$/;
const PAGE_URL = /^https:\/\/learn\.microsoft\.com\/en-us\/windows-hardware\/drivers\/(ddi\/[a-z0-9_]+\/n[a-z]-[a-z0-9_.~-]+|kernel\/[a-z0-9-]+)$/;
const PASSIVE = 0;
const APC = 1;
const DISPATCH = 2;

function fact(name: string): DdiFact {
  const f = lookupDdi(name);
  assert.ok(f, `${name} is in the table`);
  return f;
}
function rule(f: DdiFact, when: ParamRule['when']): ParamRule {
  const r = f.paramRules?.find((p) => p.when === when);
  assert.ok(r, `${f.name} has a ${when} rule`);
  return r;
}

// ---- Table integrity ------------------------------------------------------------------------------

test('the table holds at least 300 routines, each named once', () => {
  assert.ok(ddiCount() >= 300, `ddiCount() = ${ddiCount()}`);
  const names = ddiNames();
  assert.equal(new Set(names).size, names.length);
  assert.equal(names.length, ddiCount());
});

test('every entry cites a learn.microsoft.com DDI page', () => {
  for (const f of allDdiFacts()) {
    assert.match(f.source, PAGE_URL, `${f.name}: ${f.source}`);
    assert.equal(ddiDocsUrl(f.name), f.source);
    for (const r of f.paramRules ?? []) assert.match(r.source, PAGE_URL, `${f.name} rule source`);
  }
});

test('IRQL bounds are consistent: 0..HIGH_LEVEL, min <= max, null only together with unknown text', () => {
  for (const f of allDdiFacts()) {
    for (const v of [f.minIrql, f.maxIrql]) {
      if (v !== null && v !== undefined) assert.ok(Number.isInteger(v) && v >= 0 && v <= 15, `${f.name}: level ${v}`);
    }
    if (typeof f.minIrql === 'number' && typeof f.maxIrql === 'number') assert.ok(f.minIrql <= f.maxIrql, `${f.name}: ${f.minIrql} > ${f.maxIrql}`);
    if (f.raisesTo !== undefined) assert.ok(f.raisesTo >= 1 && f.raisesTo <= 15, `${f.name}: raisesTo ${f.raisesTo}`);
    for (const r of f.paramRules ?? []) {
      assert.ok(Number.isInteger(r.param) && r.param >= 0, `${f.name}: param ${r.param}`);
      if (r.maxIrql !== undefined && typeof f.maxIrql === 'number') assert.ok(r.maxIrql <= f.maxIrql, `${f.name}: a rule only tightens`);
      assert.equal(r.when === 'arg-is' || r.when === 'arg-is-not', Array.isArray(r.values) && r.values.length > 0, `${f.name}: values go with arg-is`);
    }
  }
});

test('generated bounds are the parse of req.irql; curated bounds that differ say why', () => {
  let parsed = 0;
  for (const f of allDdiFacts()) {
    const b = parseIrqlText(f.irqlText);
    const expectMin = b ? (b.min ?? 0) : null;
    const expectMax = b ? (b.max ?? (b.min !== undefined ? 15 : null)) : null;
    if (f.minIrql === expectMin && f.maxIrql === expectMax) {
      if (b) parsed++;
      continue;
    }
    assert.ok(f.irqlNote, `${f.name}: bounds ${f.minIrql}..${f.maxIrql} differ from "${f.irqlText}" without an irqlNote`);
    assert.ok(DDI_SEMANTICS[f.aliasOf ?? f.name], `${f.name}: only curated entries may differ from the docs text`);
  }
  assert.ok(parsed > 0.7 * ddiCount(), `most entries have a parsed bound (${parsed}/${ddiCount()})`);
});

test('acquire/release and raise/lower pairs are symmetric and resolvable', () => {
  for (const f of allDdiFacts()) {
    if (f.effect === 'acquire' || f.effect === 'raise' || f.effect === 'release' || f.effect === 'lower' || f.userBuffer === 'attach' || f.userBuffer === 'detach') {
      assert.ok(f.pairsWith && f.pairsWith.length > 0, `${f.name} (${f.effect ?? f.userBuffer}) names its partner`);
    }
    for (const p of f.pairsWith ?? []) {
      const partner = lookupDdi(p);
      assert.ok(partner, `${f.name} pairs with ${p}, which is in the table`);
      assert.ok(partner.pairsWith?.includes(f.name), `${p} pairs back with ${f.name}`);
    }
  }
  assert.deepEqual(fact('KeAcquireSpinLock').pairsWith, ['KeReleaseSpinLock']);
  assert.ok(fact('KeReleaseSpinLock').pairsWith?.includes('KeAcquireSpinLockRaiseToDpc'));
  assert.ok(fact('KeLowerIrql').pairsWith?.includes('KeRaiseIrql'));
  assert.ok(fact('FsRtlExitFileSystem').pairsWith?.includes('FsRtlEnterFileSystem'), 'alias partners pair with each other');
});

test('every curated entry and alias target has a docs row', () => {
  for (const name of Object.keys(DDI_SEMANTICS)) assert.ok(lookupDdi(name), `curated ${name} is in the table`);
  for (const [alias, { target }] of Object.entries(DDI_ALIASES)) {
    assert.ok(lookupDdi(target), `alias target ${target}`);
    assert.equal(fact(alias).aliasOf, target);
    assert.equal(fact(alias).source, fact(target).source);
  }
});

test('lookups are exact (case-sensitive) and unknown names are undefined', () => {
  assert.equal(lookupDdi('keacquirespinlock'), undefined);
  assert.equal(lookupDdi('MyDriverHelper'), undefined);
  assert.equal(lookupDdi(''), undefined);
  assert.equal(ddiDocsUrl('MyDriverHelper'), undefined);
});

// ---- Seed DDIs ------------------------------------------------------------------------------------

test('KeWaitForSingleObject: <= DISPATCH_LEVEL only with a zero timeout, UserMode noted (seed 000)', () => {
  const f = fact('KeWaitForSingleObject');
  assert.equal(f.source, 'https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/wdm/nf-wdm-kewaitforsingleobject');
  assert.equal(f.irqlText, 'See Remarks section.');
  assert.equal(f.maxIrql, DISPATCH);
  assert.equal(f.blocking, true);
  const t = rule(f, 'timeout-may-wait');
  assert.equal(t.param, 4);
  assert.equal(t.maxIrql, APC);
  assert.equal(rule(f, 'usermode').param, 2);
  assert.equal(rule(fact('KeWaitForMultipleObjects'), 'timeout-may-wait').param, 6);
  assert.equal(fact('KeWaitForMutexObject').aliasOf, 'KeWaitForSingleObject');
});

test('KeSetEvent: <= DISPATCH_LEVEL, Wait=TRUE needs <= APC_LEVEL', () => {
  const f = fact('KeSetEvent');
  assert.equal(f.maxIrql, DISPATCH);
  const w = rule(f, 'wait-true');
  assert.equal(w.param, 2);
  assert.equal(w.maxIrql, APC);
});

test('KeAcquireSpinLock raises to DISPATCH_LEVEL and saves the old IRQL; KeReleaseSpinLock restores it', () => {
  const a = fact('KeAcquireSpinLock');
  assert.equal(a.effect, 'acquire');
  assert.equal(a.raisesTo, DISPATCH);
  assert.equal(a.maxIrql, DISPATCH);
  assert.equal(a.savesToParam, 1);
  assert.equal(a.lockParam, 0);
  const r = fact('KeReleaseSpinLock');
  assert.equal(r.effect, 'release');
  assert.equal(r.restoresFromParam, 1);
  assert.equal(r.minIrql, DISPATCH);
  assert.equal(fact('KeAcquireInStackQueuedSpinLock').lockParam, 1, 'in-stack queued locks pair through the lock handle');
  assert.equal(fact('ExAcquireFastMutex').raisesTo, APC);
  assert.equal(fact('KeRaiseIrql').raisesToParam, 0);
  assert.equal(fact('KeTryToAcquireSpinLockAtDpcLevel').conditional, true);
  assert.equal(fact('WdfSpinLockAcquire').raisesTo, DISPATCH);
});

test('ProbeForRead/Write are probes and need <= APC_LEVEL', () => {
  for (const n of ['ProbeForRead', 'ProbeForWrite']) {
    const f = fact(n);
    assert.equal(f.userBuffer, 'probe');
    assert.equal(f.maxIrql, APC);
  }
});

test('MmProbeAndLockPages: lock-pages role, write access marks pages dirty (seed 001), UserMode needs <= APC_LEVEL', () => {
  const f = fact('MmProbeAndLockPages');
  assert.equal(f.userBuffer, 'lock-pages');
  assert.equal(f.maxIrql, DISPATCH);
  const w = rule(f, 'io-write-access');
  assert.equal(w.param, 2);
  assert.equal(w.maxIrql, undefined);
  assert.equal(rule(f, 'usermode').maxIrql, APC);
  assert.ok(f.pairsWith?.includes('MmUnlockPages'));
});

test('process context: PsGetCurrentProcess is the current (attached) process, IoThreadToProcess is not', () => {
  const p = fact('PsGetCurrentProcess');
  assert.equal(p.userBuffer, 'current-process');
  assert.equal(p.aliasOf, 'IoGetCurrentProcess');
  assert.equal(p.header, 'wdm.h');
  const t = fact('IoThreadToProcess');
  assert.equal(t.userBuffer, undefined);
  assert.equal(t.maxIrql, DISPATCH);
  const a = fact('KeStackAttachProcess');
  assert.equal(a.userBuffer, 'attach');
  assert.equal(a.maxIrql, APC, '< DISPATCH_LEVEL');
  assert.deepEqual(a.pairsWith, ['KeUnstackDetachProcess']);
  assert.equal(fact('KeUnstackDetachProcess').userBuffer, 'detach');
});

test('ExAllocatePool2 and friends: paged pool needs <= APC_LEVEL', () => {
  const f = fact('ExAllocatePool2');
  assert.equal(f.maxIrql, DISPATCH);
  assert.equal(f.pagedPoolAlloc, true);
  const r = rule(f, 'pool-paged');
  assert.equal(r.param, 0);
  assert.equal(r.maxIrql, APC);
  for (const n of ['ExAllocatePoolWithTag', 'ExAllocatePoolZero', 'ExAllocatePool3', 'ExAllocatePoolUninitialized', 'ExAllocatePool', 'ExAllocatePoolWithQuotaTag']) {
    assert.equal(rule(fact(n), 'pool-paged').param, 0, n);
  }
  assert.equal(rule(fact('WdfMemoryCreate'), 'pool-paged').param, 1);
});

test('ZwCreateFile is PASSIVE_LEVEL only and can block', () => {
  const f = fact('ZwCreateFile');
  assert.equal(f.minIrql, PASSIVE);
  assert.equal(f.maxIrql, PASSIVE);
  assert.equal(f.blocking, true);
  assert.equal(f.header, 'wdm.h');
});

test('WdfRequestSend: a synchronous send needs PASSIVE_LEVEL; WdfWaitLockAcquire pairs with release', () => {
  const s = rule(fact('WdfRequestSend'), 'send-synchronous');
  assert.equal(s.param, 2);
  assert.equal(s.maxIrql, PASSIVE);
  const w = fact('WdfWaitLockAcquire');
  assert.equal(w.effect, 'acquire');
  assert.equal(rule(w, 'timeout-may-wait').maxIrql, PASSIVE);
});

// ---- parseIrqlText / irqlName ---------------------------------------------------------------------

test('parseIrqlText reads req.irql values and SAL arguments', () => {
  const cases: [string, ReturnType<typeof parseIrqlText>][] = [
    ['PASSIVE_LEVEL', { min: 0, max: 0 }],
    ['<= DISPATCH_LEVEL', { max: 2 }],
    ['<=DISPATCH_LEVEL', { max: 2 }],
    ['< = DISPATCH_LEVEL', { max: 2 }],
    ['IRQL <= APC_LEVEL', { max: 1 }],
    ['< DISPATCH_LEVEL', { max: 1 }],
    ['Called at IRQL <= DISPATCH_LEVEL (see Remarks section).', { max: 2 }],
    ['Called at PASSIVE_LEVEL.', { min: 0, max: 0 }],
    ['PASSIVE_LEVEL (see Remarks section)', { min: 0, max: 0 }],
    ['DISPATCH_LEVEL', { min: 2, max: 2 }],
    ['IRQL >= DISPATCH_LEVEL', { min: 2 }],
    ['Any level', { min: 0, max: 15 }],
    ['Any level as long as target memory is resident', { min: 0, max: 15 }],
    ['Any IRQL.', { min: 0, max: 15 }],
    ['DIRQL', { min: 3, max: 12 }],
    ['<= DIRQL (see Comments section)', { max: 12 }],
    ['HIGH_LEVEL', { min: 15, max: 15 }],
    ['PROFILE_LEVEL', { min: 15, max: 15 }],
    ['CLOCK_LEVEL', { min: 13, max: 13 }],
    ['IPI_LEVEL', { min: 14, max: 14 }],
    ['POWER_LEVEL', { min: 14, max: 14 }],
    ['SYNCH_LEVEL', { min: 12, max: 12 }],
    ['Passive level', { min: 0, max: 0 }],
    ['PASSIVE_LEVEL or DISPATCH_LEVEL', { min: 0, max: 2 }],
    ['2', { min: 2, max: 2 }],
    ['(APC_LEVEL)', { min: 1, max: 1 }],
    ['(KIRQL)DISPATCH_LEVEL', { min: 2, max: 2 }],
    ['_IRQL_requires_max_(DISPATCH_LEVEL)', { max: 2 }],
    ['_IRQL_requires_min_(APC_LEVEL)', { min: 1 }],
    ['_IRQL_requires_(PASSIVE_LEVEL)', { min: 0, max: 0 }],
    ['__drv_maxIRQL(APC_LEVEL)', { max: 1 }],
    ['DISPATCH_LEVEL+1', { min: 3, max: 3 }],
    ['See Remarks section.', null],
    ['_requires_same_', null],
    ['', null],
    ['Any IRQL if BitMapHeader is memory-resident; <= APC_LEVEL if BitMapHeader is pageable', null],
    ['SOME_DRIVER_LEVEL', null],
    ['x'.repeat(1000), null],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parseIrqlText(text), expected, JSON.stringify(text));
});

test('irqlName names levels, with the x86 numbering on request', () => {
  assert.equal(irqlName(0), 'PASSIVE_LEVEL');
  assert.equal(irqlName(1), 'APC_LEVEL');
  assert.equal(irqlName(2), 'DISPATCH_LEVEL');
  assert.equal(irqlName(5), 'DIRQL (5)');
  assert.equal(irqlName(13), 'CLOCK_LEVEL');
  assert.equal(irqlName(15), 'HIGH_LEVEL');
  assert.equal(irqlName(26, 'x86'), 'DIRQL (26)');
  assert.equal(irqlName(28, 'x86'), 'CLOCK_LEVEL');
  assert.equal(irqlName(31, 'x86'), 'HIGH_LEVEL');
  assert.equal(irqlName(-1), 'IRQL -1');
});

// ---- Roles, major functions, registrations, slots ------------------------------------------------------

test('role typedefs carry the callback pages\' IRQL', () => {
  const expect: [string, number | null, number | null][] = [
    ['DRIVER_INITIALIZE', 0, 0],
    ['DRIVER_UNLOAD', 0, 0],
    ['DRIVER_ADD_DEVICE', 0, 0],
    ['DRIVER_DISPATCH', 0, 0],
    ['DRIVER_STARTIO', 2, 2],
    ['DRIVER_CANCEL', 2, 2],
    ['IO_COMPLETION_ROUTINE', 0, 2],
    ['KDEFERRED_ROUTINE', 2, 2],
    ['IO_DPC_ROUTINE', 2, 2],
    ['IO_TIMER_ROUTINE', 2, 2],
    ['IO_WORKITEM_ROUTINE', 0, 0],
    ['KSTART_ROUTINE', 0, 0],
    ['WORKER_THREAD_ROUTINE', 0, 0],
    ['KSERVICE_ROUTINE', 3, 12],
    ['KSYNCHRONIZE_ROUTINE', 3, 12],
    ['EVT_WDF_DRIVER_DEVICE_ADD', 0, 0],
    ['EVT_WDF_IO_QUEUE_IO_READ', 0, 2],
    ['EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL', 0, 2],
    ['EVT_WDF_DPC', 2, 2],
    ['EVT_WDF_TIMER', 0, 2],
    ['EVT_WDF_WORKITEM', 0, 0],
    ['EVT_WDF_INTERRUPT_ISR', 3, 12],
    ['EVT_WDF_INTERRUPT_DPC', 2, 2],
    ['EVT_WDF_DEVICE_PREPARE_HARDWARE', 0, 0],
    ['EVT_WDF_DEVICE_D0_ENTRY', 0, 0],
    ['EVT_WDF_OBJECT_CONTEXT_CLEANUP', 0, 2],
    ['EVT_WDF_REQUEST_COMPLETION_ROUTINE', 0, 2],
    ['EVT_WDF_REQUEST_CANCEL', 0, 2],
  ];
  for (const [name, min, max] of expect) {
    const r = roleIrql(name);
    assert.ok(r, name);
    assert.equal(r.minIrql, min, `${name} min`);
    assert.equal(r.maxIrql, max, `${name} max`);
    assert.match(r.source, PAGE_URL, `${name} source`);
  }
  assert.equal(roleIrql('DRIVER_DISPATCH')?.dependsOn, 'major-function');
  assert.equal(roleIrql('EVT_WDF_TIMER')?.dependsOn, 'execution-level');
  assert.deepEqual(roleIrql('DRIVER_CANCEL')?.entersHolding, ['IoAcquireCancelSpinLock']);
  assert.equal(roleIrql('NOT_A_ROLE'), undefined);
  for (const name of roleTypedefNames()) {
    const r = roleIrql(name)!;
    if (r.minIrql !== null && r.maxIrql !== null) assert.ok(r.minIrql <= r.maxIrql, name);
    assert.ok(PAGE_URL.test(r.source) || HEADER_SOURCE.test(r.source), `${name}: source ${r.source}`);
  }
  assert.equal(roleIrql('DRIVER_DISPATCH_PAGED')?.maxIrql, PASSIVE);
  assert.equal(roleIrql('DRIVER_DISPATCH_RAISED')?.maxIrql, DISPATCH);
});

test('major functions map to dispatch IRQLs', () => {
  assert.deepEqual([majorFunctionIrql('IRP_MJ_CREATE')?.minIrql, majorFunctionIrql('IRP_MJ_CREATE')?.maxIrql], [0, 0]);
  assert.equal(majorFunctionIrql('IRP_MJ_READ')?.maxIrql, APC);
  assert.equal(majorFunctionIrql('IRP_MJ_DEVICE_CONTROL')?.maxIrql, APC);
  assert.equal(majorFunctionIrql('IRP_MJ_POWER')?.maxIrql, DISPATCH);
  assert.equal(majorFunctionIrql('IRP_MJ_PNP')?.maxIrql, PASSIVE);
  assert.equal(majorFunctionIrql('(IRP_MJ_CLEANUP)')?.maxIrql, PASSIVE);
  assert.equal(majorFunctionIrql('IRP_MJ_SCSI'), majorFunctionIrql('IRP_MJ_INTERNAL_DEVICE_CONTROL'));
  assert.equal(majorFunctionIrql('IRP_MJ_BOGUS'), undefined);
  assert.equal(majorFunctionIrql('constructor'), undefined, 'no prototype leakage');
  assert.equal(slotRole('MajorFunction[constructor]')?.majorFunction, undefined);
  assert.equal(roleIrql('constructor'), undefined);
  assert.equal(lookupDdi('constructor'), undefined);
  for (const [mj, e] of Object.entries(MAJOR_FUNCTION_IRQL)) {
    assert.ok(e.minIrql <= e.maxIrql, mj);
    assert.match(e.source, PAGE_URL, mj);
  }
});

test('registration calls name the callback argument and a known role', () => {
  const ps = registrationFor('PsCreateSystemThread');
  assert.deepEqual(ps?.callbacks, [{ param: 5, role: 'KSTART_ROUTINE' }]);
  assert.equal(registrationFor('IoSetCompletionRoutine')?.callbacks[0].param, 1);
  assert.equal(registrationFor('IoSetCompletionRoutineEx')?.callbacks[0].param, 2);
  assert.deepEqual(registrationFor('WDF_INTERRUPT_CONFIG_INIT')?.callbacks.map((c) => [c.param, c.role]), [[1, 'EVT_WDF_INTERRUPT_ISR'], [2, 'EVT_WDF_INTERRUPT_DPC']]);
  assert.equal(registrationFor('KeInitializeDpc')?.callbacks[0].role, 'KDEFERRED_ROUTINE');
  assert.equal(registrationFor('toString'), undefined, 'no prototype leakage');
  assert.equal(registrationFor('KeWaitForSingleObject'), undefined);
  for (const [name, r] of Object.entries(REGISTRATIONS)) {
    assert.match(r.source, PAGE_URL, name);
    assert.ok(lookupDdi(name), `registration routine ${name} is in the DDI table`);
    for (const c of r.callbacks) assert.ok(roleIrql(c.role), `${name} → ${c.role} has IRQL facts`);
  }
});

test('slots map structure members to roles, MajorFunction[...] to DRIVER_DISPATCH', () => {
  assert.deepEqual(slotRole('MajorFunction[IRP_MJ_CREATE]')?.majorFunction, 'IRP_MJ_CREATE');
  assert.equal(slotRole('MajorFunction[IRP_MJ_CREATE]')?.role, 'DRIVER_DISPATCH');
  assert.equal(slotRole('MajorFunction[ IRP_MJ_SCSI ]')?.majorFunction, 'IRP_MJ_INTERNAL_DEVICE_CONTROL');
  assert.equal(slotRole('MajorFunction[i]')?.role, 'DRIVER_DISPATCH');
  assert.equal(slotRole('MajorFunction[i]')?.majorFunction, undefined);
  assert.equal(slotRole('EvtIoRead')?.role, 'EVT_WDF_IO_QUEUE_IO_READ');
  assert.equal(slotRole('DriverUnload')?.role, 'DRIVER_UNLOAD');
  assert.equal(slotRole('EvtDevicePrepareHardware')?.role, 'EVT_WDF_DEVICE_PREPARE_HARDWARE');
  assert.equal(slotRole('hasOwnProperty'), undefined);
  assert.equal(slotRole('Flags'), undefined);
  for (const [name, s] of Object.entries(SLOT_ROLES)) {
    assert.match(s.source, PAGE_URL, name);
    assert.ok(roleIrql(s.role), `${name} → ${s.role} has IRQL facts`);
  }
});

test('documented names tell DDIs from driver functions', () => {
  assert.ok(documentedDdiCount() > 5000);
  assert.equal(isDocumentedDdi('KeWaitForSingleObject'), true);
  assert.equal(isDocumentedDdi('WdfRequestComplete'), true);
  assert.equal(isDocumentedDdi('IoCompleteRequest'), true, 'macro named by its page title');
  assert.equal(isDocumentedDdi('WdfObjectAcquireLock'), true, 'KMDF page whose api_name is the PFN_ typedef');
  assert.equal(isDocumentedDdi('PsGetCurrentProcess'), true, 'header alias');
  assert.equal(isDocumentedDdi('MyDriverEvtIoRead'), false);
  for (const name of ddiNames()) assert.ok(isDocumentedDdi(name), `${name} in the table is documented`);
});
