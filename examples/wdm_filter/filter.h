// Example WDM filter driver (C): shared declarations.
#pragma once
#include <ntddk.h>

#define FILTER_TAG 'tliF'
#define NAME_BUFFER_CHARS 512

typedef struct _PENDING_OPERATION {
    LIST_ENTRY Link;
    BOOLEAN Completed;
    PKEVENT CompletionEvent;
    NTSTATUS Status;
} PENDING_OPERATION, *PPENDING_OPERATION;

typedef struct _FILTER_EXTENSION {
    PDEVICE_OBJECT LowerDevice;
    KSPIN_LOCK Lock;
    KDPC RetryDpc;
    PENDING_OPERATION Operation;
    UNICODE_STRING LogPath;
} FILTER_EXTENSION, *PFILTER_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FilterUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH FilterCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH FilterDeviceControl;
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH FilterRead;
IO_COMPLETION_ROUTINE FilterReadComplete;
KDEFERRED_ROUTINE FilterRetryDpc;

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS FilterWriteLog(_In_ PFILTER_EXTENSION Ext, _In_reads_bytes_(Length) PVOID Data, _In_ ULONG Length);
