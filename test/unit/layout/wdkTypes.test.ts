import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupWdkType, wdkTypeEntries } from '../../../server/src/analysis/layout';

const ARCHES = ['x86', 'x64', 'arm64'] as const;

test('at least 80 distinct WDK types, every one with a source', () => {
  const entries = wdkTypeEntries();
  assert.ok(entries.length >= 80, `only ${entries.length}`);
  for (const e of entries) {
    assert.ok(e.source && e.source.length > 2, `${e.name} has no source`);
    assert.ok(/\.h\b|learn\.microsoft\.com/.test(e.source), `${e.name}: source ${e.source}`);
  }
});

test('sizes are consistent: alignment divides size, pointers follow the target, opaque types are null', () => {
  for (const e of wdkTypeEntries()) {
    for (const a of ARCHES) {
      const l = e.layout[a];
      if (e.kind === 'opaque') {
        assert.equal(l, null, `${e.name} is opaque`);
        continue;
      }
      assert.ok(l, `${e.name} ${a}`);
      const [size, align] = l!;
      assert.ok(size > 0 && align > 0 && size % align === 0, `${e.name} ${a}: ${size}/${align}`);
      if (e.kind === 'pointer' || e.kind === 'handle') assert.deepEqual(l, a === 'x86' ? [4, 4] : [8, 8], e.name);
    }
  }
});

test('documented sizes of the core kernel structures', () => {
  const expect: Record<string, [number, number, number]> = {
    KEVENT: [16, 24, 24],
    KSPIN_LOCK: [4, 8, 8],
    LIST_ENTRY: [8, 16, 16],
    UNICODE_STRING: [8, 16, 16],
    IO_STATUS_BLOCK: [8, 16, 16],
    KDPC: [32, 64, 64],
    KTIMER: [40, 64, 64],
    FAST_MUTEX: [32, 56, 56],
    ERESOURCE: [56, 104, 104],
    IRP: [112, 208, 208],
    IO_STACK_LOCATION: [36, 72, 72],
    MDL: [28, 48, 48],
    KAPC_STATE: [24, 48, 48],
    KLOCK_QUEUE_HANDLE: [12, 24, 24],
    OBJECT_ATTRIBUTES: [24, 48, 48],
    DEVICE_OBJECT: [184, 336, 336],
    DRIVER_OBJECT: [168, 336, 336],
    FILE_OBJECT: [128, 216, 216],
    WDF_OBJECT_ATTRIBUTES: [32, 56, 56],
    WDF_IO_QUEUE_CONFIG: [56, 96, 96],
    WDFDEVICE: [4, 8, 8],
    GUID: [16, 16, 16],
    LARGE_INTEGER: [8, 8, 8],
    SLIST_HEADER: [8, 16, 16],
  };
  for (const [name, sizes] of Object.entries(expect)) {
    const e = lookupWdkType(name);
    assert.ok(e, name);
    ARCHES.forEach((a, i) => assert.equal(e!.layout[a]![0], sizes[i], `${name} on ${a}`));
  }
});

test('aliases and pointer typedefs', () => {
  assert.equal(lookupWdkType('_KEVENT')?.name, 'KEVENT');
  assert.equal(lookupWdkType('KGUARDED_MUTEX')?.name, 'FAST_MUTEX');
  for (const p of ['PKEVENT', 'PRKEVENT', 'PIRP', 'PUNICODE_STRING', 'PDEVICE_OBJECT', 'PIO_STACK_LOCATION', 'PIO_WORKITEM', 'PKDPC', 'PMDL']) {
    assert.equal(lookupWdkType(p)?.kind, 'pointer', p);
  }
  assert.equal(lookupWdkType('IO_WORKITEM')?.kind, 'opaque');
  assert.deepEqual(lookupWdkType('IO_REMOVE_LOCK')?.checked?.x64, [120, 8]);
});
