// Example WDM filter driver (C): entry, dispatch routines and the seed hazards.
#include "filter.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FilterUnload)
#pragma alloc_text(PAGE, FilterCreateClose)
#pragma alloc_text(PAGE, FilterWriteLog)
#pragma alloc_text(PAGE, FilterFormatName)
#endif

static PDEVICE_OBJECT g_FilterDevice;

// Pageable, and called from the retry DPC below at DISPATCH_LEVEL.
VOID FilterFormatName(_In_ PFILTER_EXTENSION Ext)
{
    WCHAR nameBuffer[NAME_BUFFER_CHARS];
    UNICODE_STRING name;
    PAGED_CODE();
    RtlInitEmptyUnicodeString(&name, nameBuffer, sizeof(nameBuffer));
    RtlUnicodeStringCopy(&name, &Ext->LogPath);
}

NTSTATUS FilterWriteLog(_In_ PFILTER_EXTENSION Ext, _In_reads_bytes_(Length) PVOID Data, _In_ ULONG Length)
{
    OBJECT_ATTRIBUTES attributes;
    IO_STATUS_BLOCK iosb;
    HANDLE file;
    NTSTATUS status;
    PAGED_CODE();
    InitializeObjectAttributes(&attributes, &Ext->LogPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwCreateFile(&file, FILE_APPEND_DATA | SYNCHRONIZE, &attributes, &iosb, NULL,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ZwWriteFile(file, NULL, NULL, NULL, &iosb, Data, Length, NULL, NULL);
    ZwClose(file);
    return status;
}

// Seed 000: the event lives on this thread's stack, its address is published in a shared
// structure, and the wait is in UserMode, so the stack can be paged out while another
// thread signals the event at DISPATCH_LEVEL.
NTSTATUS GetOperationCompletionStatus(_In_ PFILTER_EXTENSION Ext)
{
    KEVENT Event;
    KIRQL OldIrql;
    BOOLEAN Wait = FALSE;
    NTSTATUS WaitStatus;
    PPENDING_OPERATION Operation = &Ext->Operation;

    KeInitializeEvent(&Event, SynchronizationEvent, FALSE);

    KeAcquireSpinLock(&Ext->Lock, &OldIrql);
    if (FALSE == Operation->Completed) {
        Operation->CompletionEvent = &Event;
        Wait = TRUE;
    }
    KeReleaseSpinLock(&Ext->Lock, OldIrql);

    while (Wait) {
        WaitStatus = KeWaitForSingleObject(&Event, Executive, UserMode, FALSE, NULL);
        if (STATUS_SUCCESS != WaitStatus) {
            KeAcquireSpinLock(&Ext->Lock, &OldIrql);
            if (Operation->CompletionEvent) {
                Operation->CompletionEvent = NULL;
                Wait = FALSE;
            }
            KeReleaseSpinLock(&Ext->Lock, OldIrql);
        } else {
            Wait = FALSE;
        }
    }
    return Operation->Status;
}

VOID NotifyOfCompletion(_In_ PFILTER_EXTENSION Ext)
{
    KIRQL OldIrql;
    KeAcquireSpinLock(&Ext->Lock, &OldIrql);
    Ext->Operation.Completed = TRUE;
    if (Ext->Operation.CompletionEvent) {
        KeSetEvent(Ext->Operation.CompletionEvent, IO_NO_INCREMENT, FALSE);
        Ext->Operation.CompletionEvent = NULL;
    }
    KeReleaseSpinLock(&Ext->Lock, OldIrql);
}

// Seed 001: a METHOD_NEITHER buffer read without SEH, and the current process while attached.
NTSTATUS FilterDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PVOID userBuffer = stack->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG length = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG firstWord = 0;
    KAPC_STATE apcState;
    PEPROCESS target = NULL;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (Irp->RequestorMode == UserMode) {
        ProbeForRead(userBuffer, length, sizeof(ULONG));
    }
    firstWord = *(PULONG)userBuffer;

    if (NT_SUCCESS(PsLookupProcessByProcessId((HANDLE)(ULONG_PTR)firstWord, &target))) {
        KeStackAttachProcess(target, &apcState);
        if (PsGetCurrentProcess() == target) {
            firstWord = 0;
        }
        KeUnstackDetachProcess(&apcState);
        ObDereferenceObject(target);
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

// Seed 001: the buffer is only read (it is the source of a device write), yet the pages are
// locked for IoWriteAccess, so MmUnlockPages marks them dirty and the memory manager writes
// them back to a mapped file that never changed.
NTSTATUS FilterSnapshotUserBuffer(_In_ PVOID UserAddress, _In_ ULONG Length, _Out_writes_bytes_(Length) PUCHAR Copy)
{
    PMDL mdl = IoAllocateMdl(UserAddress, Length, FALSE, FALSE, NULL);
    PUCHAR mapped;
    if (mdl == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    __try {
        MmProbeAndLockPages(mdl, UserMode, IoWriteAccess);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        IoFreeMdl(mdl);
        return GetExceptionCode();
    }
    mapped = (PUCHAR)MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority | MdlMappingNoExecute);
    if (mapped != NULL) {
        RtlCopyMemory(Copy, mapped, Length);
    }
    MmUnlockPages(mdl);
    IoFreeMdl(mdl);
    return mapped != NULL ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

// Holds the spin lock (DISPATCH_LEVEL) across a routine that must run at PASSIVE_LEVEL, and
// returns early on one path without releasing it.
NTSTATUS FilterFlushPending(_In_ PFILTER_EXTENSION Ext)
{
    KIRQL oldIrql;
    NTSTATUS status;
    KeAcquireSpinLock(&Ext->Lock, &oldIrql);
    if (Ext->Operation.Completed) {
        return STATUS_SUCCESS;
    }
    status = FilterWriteLog(Ext, &Ext->Operation.Status, sizeof(NTSTATUS));
    KeReleaseSpinLock(&Ext->Lock, oldIrql);
    return status;
}

// Completion routines run at up to DISPATCH_LEVEL: writing the log from here is a bug.
NTSTATUS FilterReadComplete(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp, _In_opt_ PVOID Context)
{
    PFILTER_EXTENSION ext = (PFILTER_EXTENSION)Context;
    UNREFERENCED_PARAMETER(DeviceObject);
    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    KeInsertQueueDpc(&ext->RetryDpc, NULL, NULL);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS FilterRead(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PFILTER_EXTENSION ext = (PFILTER_EXTENSION)DeviceObject->DeviceExtension;
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, FilterReadComplete, ext, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->LowerDevice, Irp);
}

VOID FilterRetryDpc(_In_ PKDPC Dpc, _In_opt_ PVOID Context, _In_opt_ PVOID Arg1, _In_opt_ PVOID Arg2)
{
    PFILTER_EXTENSION ext = (PFILTER_EXTENSION)Context;
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    KeAcquireSpinLockAtDpcLevel(&ext->Lock);
    FilterFormatName(ext);
    KeReleaseSpinLockFromDpcLevel(&ext->Lock);
}

NTSTATUS FilterCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID FilterUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();
    IoDeleteDevice(g_FilterDevice);
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PFILTER_EXTENSION ext;
    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(FILTER_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_FilterDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = (PFILTER_EXTENSION)g_FilterDevice->DeviceExtension;
    KeInitializeSpinLock(&ext->Lock);
    KeInitializeDpc(&ext->RetryDpc, FilterRetryDpc, ext);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = FilterCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FilterCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = FilterRead;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FilterDeviceControl;
    DriverObject->DriverUnload = FilterUnload;
    return STATUS_SUCCESS;
}
