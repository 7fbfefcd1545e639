// Across functions: where functions run (roles, slots, registrations, callers), requirements
// inherited bottom-up with their chain, recursion, wrappers, adaptive functions; settings and
// suppressions; hovers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSources, describe, findingKeys } from './harness';
import { irqlHoverForCall, irqlHoverForFunction } from '../../../server/src/analysis/irql/index';

const DPC_PARAMS = '_In_ PKDPC Dpc, _In_opt_ PVOID Ctx, _In_opt_ PVOID A1, _In_opt_ PVOID A2';

function keyOf(result: { irql: Map<string, unknown> }, name: string): string {
  const k = [...result.irql.keys()].find((x) => x.endsWith(`#${name}`));
  assert.ok(k, `no function ${name}`);
  return k;
}

test('where functions run: registration, slots, dispatch major functions, KMDF queue slots, callers', async () => {
  const { result } = await analyzeSources({
    'd.c': `#include <ntddk.h>
VOID MyDpc(${DPC_PARAMS}) { Helper(); }
VOID Helper(VOID) { }
VOID Lonely(VOID) { }
NTSTATUS MyCreate(PDEVICE_OBJECT D, PIRP I) { return STATUS_SUCCESS; }
NTSTATUS MyRead(PDEVICE_OBJECT D, PIRP I) { return STATUS_SUCCESS; }
VOID MyEvtIoRead(WDFQUEUE Q, WDFREQUEST R, size_t L) { }
VOID Setup(PDRIVER_OBJECT Drv, PKDPC Dpc, PWDF_IO_QUEUE_CONFIG Cfg)
{
    KeInitializeDpc(Dpc, MyDpc, NULL);
    Drv->MajorFunction[IRP_MJ_CREATE] = MyCreate;
    Drv->MajorFunction[IRP_MJ_READ] = MyRead;
    Cfg->EvtIoRead = MyEvtIoRead;
}
`,
  });
  const get = (n: string) => result.irql.get(keyOf(result, n))!;
  assert.deepEqual([get('MyDpc').min, get('MyDpc').max], [2, 2]);
  assert.ok(get('MyDpc').sources.some((s) => /KeInitializeDpc/.test(s.text) && s.range?.start.line === 9));
  assert.deepEqual([get('Helper').min, get('Helper').max], [2, 2]);
  assert.ok(get('Helper').sources.some((s) => /called from MyDpc/.test(s.text)));
  assert.deepEqual([get('MyCreate').min, get('MyCreate').max], [0, 0]);
  assert.deepEqual([get('MyRead').min, get('MyRead').max], [0, 1]);
  assert.deepEqual([get('MyEvtIoRead').min, get('MyEvtIoRead').max], [0, 2]);
  assert.deepEqual([get('Lonely').min, get('Lonely').max], [null, null], 'unknown stays unknown');
  assert.deepEqual(findingKeys(result.findings), []);
});

test('a requirement travels up a chain and is reported once, at the call that is too high', async () => {
  const text = `#include <ntddk.h>
KDEFERRED_ROUTINE MyDpc;
static VOID Inner(HANDLE h) { ZwClose(h); }
static VOID Middle(HANDLE h) { Inner(h); }
VOID MyDpc(${DPC_PARAMS})
{
    Middle((HANDLE)Ctx);
}
`;
  const { result } = await analyzeSources({ 'c.c': text });
  assert.deepEqual(findingKeys(result.findings), ['irql/too-high@7'], describe(result.findings));
  const f = result.findings[0];
  assert.ok(f.message.includes('Middle → Inner → ZwClose'), f.message);
  assert.ok(f.related.some((r) => r.range.start.line === 3 && /Middle calls Inner/.test(r.message)));
  assert.ok(f.related.some((r) => r.range.start.line === 2 && /Inner calls ZwClose/.test(r.message)));
  assert.ok(f.related.some((r) => r.range.start.line === 1 && /KDEFERRED_ROUTINE/.test(r.message)), JSON.stringify(f.related));
});

test('an annotated requirement is checked at callers, with the annotation as related location', async () => {
  const text = `#include <ntddk.h>
_IRQL_requires_max_(PASSIVE_LEVEL)
VOID MustBePassive(VOID);
VOID MustBePassive(VOID) { }
VOID Caller(PKSPIN_LOCK Lock)
{
    KIRQL old;
    KeAcquireSpinLock(Lock, &old);
    MustBePassive();
    KeReleaseSpinLock(Lock, old);
}
`;
  const { result } = await analyzeSources({ 'a.c': text });
  assert.deepEqual(findingKeys(result.findings), ['irql/too-high@9'], describe(result.findings));
  const f = result.findings[0];
  assert.ok(f.related.some((r) => r.range.start.line === 7 && /raised/.test(r.message)));
  assert.ok(f.related.some((r) => r.range.start.line === 1 && /annotated/.test(r.message)), JSON.stringify(f.related));
});

test('mutual recursion converges and still carries the requirement', async () => {
  const text = `#include <ntddk.h>
KDEFERRED_ROUTINE MyDpc;
VOID Ping(ULONG n);
VOID Pong(ULONG n) { if (n) Ping(n - 1); else ZwClose(NULL); }
VOID Ping(ULONG n) { if (n) Pong(n - 1); }
VOID MyDpc(${DPC_PARAMS}) { Ping(3); }
`;
  const { result } = await analyzeSources({ 'r.c': text });
  assert.deepEqual(findingKeys(result.findings), ['irql/too-high@6'], describe(result.findings));
});

test('a function that checks KeGetCurrentIrql adapts: no requirement is inherited from it', async () => {
  const text = `#include <ntddk.h>
KDEFERRED_ROUTINE MyDpc;
VOID MaybeClose(HANDLE h)
{
    if (KeGetCurrentIrql() == PASSIVE_LEVEL) {
        ZwClose(h);
    }
}
VOID MyDpc(${DPC_PARAMS}) { MaybeClose((HANDLE)Ctx); }
`;
  const { result } = await analyzeSources({ 'k.c': text });
  assert.deepEqual(findingKeys(result.findings), [], describe(result.findings));
});

test('lock wrappers: an acquiring helper raises the IRQL for its caller, the releasing one lowers it', async () => {
  const text = `#include <ntddk.h>
typedef struct _Q { KSPIN_LOCK Lock; KIRQL Irql; HANDLE File; } Q, *PQ;
VOID LockQ(PQ q) { KeAcquireSpinLock(&q->Lock, &q->Irql); }
VOID UnlockQ(PQ q) { KeReleaseSpinLock(&q->Lock, q->Irql); }
VOID Use(PQ q)
{
    LockQ(q);
    ZwClose(q->File);
    UnlockQ(q);
    ZwClose(q->File);
}
`;
  const { result } = await analyzeSources({ 'w.c': text });
  assert.deepEqual(findingKeys(result.findings), ['irql/too-high@8'], describe(result.findings));
  assert.ok(result.findings[0].message.includes('LockQ'));
});

test('functions annotated as raising or acquiring are not reported for leaving a lock held', async () => {
  const text = `#include <ntddk.h>
_IRQL_raises_(DISPATCH_LEVEL)
VOID RaiseOnPurpose(PKSPIN_LOCK L, _Out_ _IRQL_saves_ PKIRQL Old)
{
    if (L == NULL) { KeRaiseIrql(DISPATCH_LEVEL, Old); return; }
    KeAcquireSpinLock(L, Old);
    if (*Old == PASSIVE_LEVEL) { return; }
    KeReleaseSpinLock(L, *Old);
    KeRaiseIrql(DISPATCH_LEVEL, Old);
}
`;
  const { result } = await analyzeSources({ 'p.c': text });
  assert.deepEqual(findingKeys(result.findings).filter((k) => k.startsWith('irql/not-restored')), [], describe(result.findings));
});

test('settings: per-rule severity override and off; stacklens-ignore comments', async () => {
  const text = `#include <ntddk.h>
VOID F(PKSPIN_LOCK L, HANDLE h)
{
    KIRQL old;
    KeAcquireSpinLock(L, &old);
    ZwClose(h);
    // stacklens-ignore irql/too-high
    ZwClose(h);
    ZwClose(h); // stacklens-ignore irql/too-high
    KeReleaseSpinLock(L, old);
}
`;
  const base = await analyzeSources({ 's.c': text });
  assert.deepEqual(findingKeys(base.result.findings), ['irql/too-high@6'], describe(base.result.findings));
  assert.equal(base.result.findings[0].severity, 'error');
  const warn = await analyzeSources({ 's.c': text }, { severity: { 'irql/too-high': 'warning' } });
  assert.equal(warn.result.findings[0].severity, 'warning');
  const off = await analyzeSources({ 's.c': text }, { severity: { 'irql/too-high': 'off' } });
  assert.deepEqual(findingKeys(off.result.findings), []);
});

test('pageability map: alloc_text, code_seg regions, PAGED_CODE only', async () => {
  const { result } = await analyzeSources({
    'pg.c': `#include <ntddk.h>
VOID A(VOID);
#pragma alloc_text(PAGE, A)
VOID A(VOID) { PAGED_CODE(); }
#pragma code_seg("PAGE")
VOID B(VOID) { PAGED_CODE(); }
#pragma code_seg()
VOID C(VOID) { }
`,
  });
  const p = (n: string) => result.pageable.get(keyOf(result, n))!;
  assert.equal(p('A').pageable, true);
  assert.match(p('A').reason!, /alloc_text\(PAGE, A\)/);
  assert.equal(p('B').pageable, true);
  assert.match(p('B').reason!, /code_seg\("PAGE"\)/);
  assert.equal(p('C').pageable, false);
});

test('hover for a DDI call: bounds, effect, parameter rules, docs link; case fallback; unknown', () => {
  const spin = irqlHoverForCall('KeAcquireSpinLock')!;
  assert.match(spin, /DISPATCH_LEVEL/);
  assert.match(spin, /Acquires a lock/);
  assert.match(spin, /KeReleaseSpinLock/);
  assert.match(spin, /\(https:\/\/learn\.microsoft\.com\/[^)]*keacquirespinlock\)/);
  const typo = irqlHoverForCall('KeAcquireSpinlock')!;
  assert.match(typo, /letter case/);
  const wait = irqlHoverForCall('KeWaitForSingleObject')!;
  assert.match(wait, /argument 5/);
  assert.match(wait, /APC_LEVEL/);
  assert.match(wait, /Can block/);
  assert.equal(irqlHoverForCall('MyOwnHelper'), null);
});

test('hover for a workspace function prints its IRQL sources and pageability', async () => {
  const { result } = await analyzeSources({
    'h.c': `#include <ntddk.h>
KDEFERRED_ROUTINE MyDpc;
VOID MyDpc(${DPC_PARAMS}) { }
`,
  });
  const md = irqlHoverForFunction(keyOf(result, 'MyDpc'), result)!;
  assert.match(md, /DISPATCH_LEVEL/);
  assert.match(md, /KDEFERRED\\_ROUTINE/);
  assert.match(md, /Pageable:\*\* no/);
});
