// Example KMDF driver (C++): the I/O queue whose completion path calls the debug helper.
#include "MyStruct.h"

EVT_WDF_DRIVER_DEVICE_ADD UsbEvtDeviceAdd;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL UsbEvtIoInternalDeviceControl;
EVT_WDF_TIMER UsbEvtWatchdogTimer;

static VOID CompletePendingRead(_In_ WDFMEMORY wdfMem, _In_ NTSTATUS status)
{
    MYSTRUCT* pStruct = WDFMEMORY_to_MYSTRUCT(wdfMem);
    pStruct->toDebugStr();
    WdfRequestComplete(pStruct->wdfRequest, status);
    WdfObjectDelete(wdfMem);
}

static NTSTATUS ProcessRawUrb(_In_ WDFREQUEST Request, _In_ WDFMEMORY wdfMem)
{
    UCHAR setupPacket[8];
    RtlZeroMemory(setupPacket, sizeof(setupPacket));
    WDF_REQUEST_PARAMETERS params;
    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);
    CompletePendingRead(wdfMem, STATUS_SUCCESS);
    return STATUS_SUCCESS;
}

VOID UsbEvtIoInternalDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(IoControlCode);
    WDFMEMORY wdfMem;
    NTSTATUS status = WdfMemoryCreateFromLookaside(WdfGetDriver() ? NULL : NULL, &wdfMem);
    if (NT_SUCCESS(status)) {
        MYSTRUCT* pStruct = WDFMEMORY_to_MYSTRUCT(wdfMem);
        memset(pStruct, 0, sizeof(*pStruct));
        pStruct->wdfRequest = Request;
        status = ProcessRawUrb(Request, wdfMem);
    }
}

// Runs at DISPATCH_LEVEL: it must not touch pageable code.
VOID UsbEvtWatchdogTimer(_In_ WDFTIMER Timer)
{
    UNREFERENCED_PARAMETER(Timer);
    KeStallExecutionProcessor(10);
}

NTSTATUS UsbEvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    UNREFERENCED_PARAMETER(Driver);
    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = UsbEvtIoInternalDeviceControl;
    WDFQUEUE queue;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WDF_TIMER_CONFIG timerConfig;
    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, UsbEvtWatchdogTimer, 1000);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    WDFTIMER timer;
    return WdfTimerCreate(&timerConfig, &attributes, &timer);
}
