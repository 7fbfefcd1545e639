// The precision guards found on the Windows-driver-samples corpus, each as a small driver that
// must (or must not) be reported. See docs/irql-rules.md ("Precision decisions").

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSources, describe, findingKeys } from './harness';

const DPC = '_In_ PKDPC Dpc, _In_opt_ PVOID Ctx, _In_opt_ PVOID A1, _In_opt_ PVOID A2';

test('a requirement reached from many call sites is reported once, at its origin, listing the sites', async () => {
  const text = `#include <ntddk.h>
KDEFERRED_ROUTINE D1;
KDEFERRED_ROUTINE D2;
KDEFERRED_ROUTINE D3;
VOID Trace(PCSTR Fmt, ...)
{
    CHAR buffer[128];
    va_list list;
    va_start(list, Fmt);
    RtlStringCbVPrintfA(buffer, sizeof(buffer), Fmt, list);
    va_end(list);
}
VOID D1(${DPC}) { Trace("one"); }
VOID D2(${DPC}) { Trace("two"); }
VOID D3(${DPC}) { Trace("three"); }
`;
  const { result } = await analyzeSources({ 't.c': text });
  assert.deepEqual(findingKeys(result.findings), ['irql/too-high@10'], describe(result.findings));
  const f = result.findings[0];
  assert.match(f.message, /from 3 call sites/);
  assert.deepEqual(f.related.map((r) => r.range.start.line + 1).sort(), [13, 14, 15]);
});

test('paging: PAGED_CODE() after declarations and UNREFERENCED_PARAMETER counts; INIT code asserting it is not reported', async () => {
  const text = `#include <ntddk.h>
NTSTATUS Late(PVOID P);
NTSTATUS InitOnly(PVOID P);
#pragma alloc_text(PAGE, Late)
#pragma alloc_text(INIT, InitOnly)
NTSTATUS Late(PVOID P)
{
    NTSTATUS status = STATUS_SUCCESS;
    UNREFERENCED_PARAMETER(P);
    PAGED_CODE();
    return status;
}
NTSTATUS InitOnly(PVOID P)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(P);
    return STATUS_SUCCESS;
}
NTSTATUS NotPlaced(PVOID P)
{
    UNREFERENCED_PARAMETER(P);
    PAGED_CODE();
    return STATUS_SUCCESS;
}
`;
  const { result } = await analyzeSources({ 'p.c': text });
  assert.deepEqual(findingKeys(result.findings), ['paging/not-in-page-section@22'], describe(result.findings));
});

test('paging: NDIS_PAGEABLE_FUNCTION pragmas, PAGED_CODE_SEG / INIT_CODE_SEG macros (read from the text)', async () => {
  const header = `#define PAGED_CODE_SEG __declspec(code_seg("PAGE"))
#define INIT_CODE_SEG __declspec(code_seg("INIT"))
`;
  const text = `#include <ndis.h>
#include "seg.h"
#pragma NDIS_PAGEABLE_FUNCTION(MpQuery)
NDIS_STATUS MpQuery(PVOID Adapter)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(Adapter);
    return NDIS_STATUS_SUCCESS;
}
class Engine { public: Engine(int x); int m_x; };
_Use_decl_annotations_
PAGED_CODE_SEG
Engine::Engine(int x) : m_x(x)
{
    PAGED_CODE();
}
INIT_CODE_SEG
NTSTATUS DriverEntry(PDRIVER_OBJECT D, PUNICODE_STRING R)
{
    PAGED_CODE();
    return STATUS_SUCCESS;
}
NDIS_STATUS MpSet(PVOID Adapter)
{
    PAGED_CODE();
    return NDIS_STATUS_SUCCESS;
}
`;
  const { result } = await analyzeSources({ 'seg.h': header, 'mp.cpp': text });
  assert.deepEqual(findingKeys(result.findings), ['paging/not-in-page-section@25'], describe(result.findings));
  const q = [...result.pageable].find(([k]) => k.endsWith('#MpQuery'))![1];
  assert.equal(q.pageable, true);
  assert.match(q.reason!, /NDIS_PAGEABLE_FUNCTION/);
});

test('KMDF passive-level interrupts: the ISR runs at PASSIVE_LEVEL and its interrupt lock does not raise', async () => {
  const text = `#include <wdf.h>
EVT_WDF_INTERRUPT_ISR OnIsr;
BOOLEAN OnIsr(WDFINTERRUPT Interrupt, ULONG MessageId)
{
    WdfInterruptAcquireLock(Interrupt);
    ZwClose(NULL);
    WdfInterruptReleaseLock(Interrupt);
    return TRUE;
}
NTSTATUS Setup(WDFDEVICE Device)
{
    WDF_INTERRUPT_CONFIG cfg;
    WDFINTERRUPT intr;
    WDF_INTERRUPT_CONFIG_INIT(&cfg, OnIsr, NULL);
    cfg.PassiveHandling = TRUE;
    return WdfInterruptCreate(Device, &cfg, WDF_NO_OBJECT_ATTRIBUTES, &intr);
}
`;
  const { result } = await analyzeSources({ 'i.c': text });
  assert.deepEqual(findingKeys(result.findings), [], describe(result.findings));
  const isr = [...result.irql].find(([k]) => k.endsWith('#OnIsr'))![1];
  assert.deepEqual([isr.min, isr.max], [0, 0]);
  // The same driver without PassiveHandling: the ISR is at DIRQL and ZwClose is too high.
  const dirql = await analyzeSources({ 'i.c': text.replace('    cfg.PassiveHandling = TRUE;\n', '') });
  assert.deepEqual(findingKeys(dirql.result.findings), ['irql/too-high@6']);
});

test('an acquire whose result is tested may fail: returning after the failed acquire is not a leak', async () => {
  const text = `#include <ntddk.h>
NTSTATUS TryShared(PERESOURCE R, BOOLEAN Wait, PULONG Out)
{
    if (!ExAcquireResourceSharedLite(R, Wait)) {
        return STATUS_CANT_WAIT;
    }
    *Out = 1;
    ExReleaseResourceLite(R);
    return STATUS_SUCCESS;
}
NTSTATUS Locked(WDFWAITLOCK L, PULONG Out)
{
    NTSTATUS status = WdfWaitLockAcquire(L, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    *Out = 2;
    WdfWaitLockRelease(L);
    return STATUS_SUCCESS;
}
NTSTATUS Leaky(PERESOURCE R, PULONG Out)
{
    ExAcquireResourceExclusiveLite(R, TRUE);
    if (*Out == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    ExReleaseResourceLite(R);
    return STATUS_SUCCESS;
}
`;
  const { result } = await analyzeSources({ 'r.c': text });
  assert.deepEqual(findingKeys(result.findings), ['irql/not-restored@25'], describe(result.findings));
});

test('a helper that checks the IRQL through a framework macro (NDIS_CURRENT_IRQL) adapts', async () => {
  const text = `#include <ndis.h>
KDEFERRED_ROUTINE Tick;
VOID Stall(ULONG Us)
{
    if (NDIS_CURRENT_IRQL() == PASSIVE_LEVEL) {
        NdisMSleep(Us);
    } else {
        NdisStallExecution(Us);
    }
}
VOID Tick(${DPC}) { Stall(100); }
VOID Sleep2(ULONG Us) { NdisMSleep(Us); }
KDEFERRED_ROUTINE Tock;
VOID Tock(${DPC}) { Sleep2(100); }
`;
  const { result } = await analyzeSources({ 'n.c': text });
  assert.deepEqual(findingKeys(result.findings), ['irql/too-high@14'], describe(result.findings));
});

test('lockable sections: PAGELK and named PAGExxx sections of a driver that locks them are resident', async () => {
  const base = `#include <ntddk.h>
KDEFERRED_ROUTINE Tick;
VOID CharTime(PULONG T);
#pragma alloc_text(PAGESER, CharTime)
VOID CharTime(PULONG T) { PAGED_CODE(); *T = 1; }
VOID Tick(${DPC}) { ULONG t; CharTime(&t); }
`;
  const unlocked = await analyzeSources({ 's.c': base });
  assert.deepEqual(findingKeys(unlocked.result.findings), ['irql/paged-at-dispatch@6'], 'never locked: really paged');
  const locked = await analyzeSources({
    's.c': `${base}PVOID g_Handle;
NTSTATUS Open(VOID) { g_Handle = MmLockPagableCodeSection((PVOID)CharTime); return STATUS_SUCCESS; }
`,
  });
  assert.deepEqual(findingKeys(locked.result.findings), [], describe(locked.result.findings));
});

test('framework callbacks documented "<= DISPATCH_LEVEL" only prove a violation where it is the normal case', async () => {
  const text = `#include <wdf.h>
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL OnIoctl;
IO_COMPLETION_ROUTINE OnComplete;
VOID Helper(VOID);
#pragma alloc_text(PAGE, OnIoctl)
#pragma alloc_text(PAGE, Helper)
VOID Helper(VOID) { PAGED_CODE(); }
VOID OnIoctl(WDFQUEUE Q, WDFREQUEST R, size_t O, size_t I, ULONG Code)
{
    PAGED_CODE();
    ZwClose(NULL);
    WdfRequestComplete(R, STATUS_SUCCESS);
}
NTSTATUS OnComplete(PDEVICE_OBJECT D, PIRP Irp, PVOID C)
{
    Helper();
    return STATUS_CONTINUE_COMPLETION;
}
`;
  const { result } = await analyzeSources({ 'w.c': text });
  // The queue callback (ExecutionLevel-dependent) is not reported; the completion routine is.
  assert.deepEqual(findingKeys(result.findings), ['irql/paged-at-dispatch@16'], describe(result.findings));
});

test('an annotated callee is a contract: its internal mismatch is reported inside it, not again at its callers', async () => {
  const text = `#include <ntddk.h>
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID Fire(PVOID Event)
{
    IoWMIWriteEvent(Event);
}
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID Notify(PVOID Event)
{
    Fire(Event);
}
`;
  const { result } = await analyzeSources({ 'c.c': text });
  assert.deepEqual(findingKeys(result.findings), ['irql/too-high@5'], describe(result.findings));
});

test('user buffers: a parameter named UserBuffer or a driver field is not the requestor buffer', async () => {
  const text = `#include <ntddk.h>
typedef struct _RUN { PVOID UserBuffer; ULONG Length; } RUN, *PRUN;
VOID CopyRun(PRUN Run, PVOID UserBuffer, PVOID Source)
{
    PUCHAR p = (PUCHAR)UserBuffer;
    RtlCopyMemory(Run->UserBuffer, Source, Run->Length);
    p[0] = 0;
}
VOID CopyIrp(PIRP Irp, PVOID Source, ULONG Length)
{
    RtlCopyMemory(Irp->UserBuffer, Source, Length);
}
`;
  const { result } = await analyzeSources({ 'u.c': text });
  assert.deepEqual(findingKeys(result.findings), ['mem/user-buffer-no-try@11'], describe(result.findings));
});

test('user buffers: __try/__finally is not protection; excpt.h try/except is; callers under SEH protect helpers', async () => {
  const text = `#include <ntddk.h>
NTSTATUS FinallyOnly(PIRP Irp)
{
    PUCHAR buf = (PUCHAR)Irp->UserBuffer;
    __try {
        buf[0] = 1;
    } __finally {
        buf = NULL;
    }
    return STATUS_SUCCESS;
}
NTSTATUS MacroSpelling(PIRP Irp)
{
    PUCHAR buf = (PUCHAR)Irp->UserBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    try {
        buf[0] = 1;
    } except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}
VOID Touch(PIRP Irp)
{
    PUCHAR buf = (PUCHAR)Irp->UserBuffer;
    buf[0] = 2;
}
NTSTATUS Outer(PIRP Irp)
{
    NTSTATUS status = STATUS_SUCCESS;
    __try {
        Touch(Irp);
        Touch(Irp);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    return status;
}
`;
  const { result } = await analyzeSources({ 's.c': text });
  assert.deepEqual(findingKeys(result.findings), ['mem/user-buffer-no-try@6'], describe(result.findings));
});

test('user buffers: a function that turns user-mode requestors away touches kernel buffers only', async () => {
  const text = `#include <ntddk.h>
NTSTATUS KernelOnly(PIRP Irp)
{
    PULONG out = (PULONG)Irp->UserBuffer;
    if (Irp->RequestorMode != KernelMode) {
        return STATUS_INVALID_PARAMETER;
    }
    *out = 7;
    return STATUS_SUCCESS;
}
NTSTATUS AnyMode(PIRP Irp)
{
    PULONG out = (PULONG)Irp->UserBuffer;
    *out = 7;
    return STATUS_SUCCESS;
}
`;
  const { result } = await analyzeSources({ 'k.c': text });
  assert.deepEqual(findingKeys(result.findings), ['mem/user-buffer-no-try@14'], describe(result.findings));
});

test("not-restored: a path that released the caller's lock may take it again before returning", async () => {
  const text = `#include <ntddk.h>
_Requires_lock_held_(Lock)
VOID DropAndRetake(PKSPIN_LOCK Lock, PULONG Work)
{
    KeReleaseSpinLockFromDpcLevel(Lock);
    *Work = 1;
    KeAcquireSpinLockAtDpcLevel(Lock);
}
VOID Dance(PKSPIN_LOCK Lock, PULONG Work)
{
    KeReleaseSpinLockFromDpcLevel(Lock);
    if (*Work == 0) {
        KeAcquireSpinLockAtDpcLevel(Lock);
        return;
    }
    KeAcquireSpinLockAtDpcLevel(Lock);
    *Work = 2;
}
VOID OwnLock(PKSPIN_LOCK Lock, PULONG Work)
{
    KeAcquireSpinLockAtDpcLevel(Lock);
    if (*Work == 0) {
        return;
    }
    KeReleaseSpinLockFromDpcLevel(Lock);
}
`;
  const { result } = await analyzeSources({ 'd.c': text });
  assert.deepEqual(findingKeys(result.findings), ['irql/not-restored@23'], describe(result.findings));
});
