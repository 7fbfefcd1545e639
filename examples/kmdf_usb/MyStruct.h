// Example KMDF driver (C++): the per-request bookkeeping structure of seed 004.
// In checked (DBG) builds a reference-count tracker ring buffer is added to every instance.
#pragma once
#include <ntddk.h>
#include <wdf.h>

#define TRACKER_RING_ENTRIES 0x100

#pragma pack(push)
#pragma pack(1)
struct REF_CNT_TRACKER_ITEM
{
    short nSpecCode;
    USHORT nRefCount;
    DWORD dwThreadID;
};
#pragma pack(pop)

struct REF_CNT_TRACKER
{
    volatile LONG nNextIdx;                              // next slot in ringBuffer
    REF_CNT_TRACKER_ITEM ringBuffer[TRACKER_RING_ENTRIES];
};

struct MYSTRUCT
{
    LIST_ENTRY listOthers;
    WDFREQUEST wdfRequest;
    WDFMEMORY wdfMemory;

    ULONG nRefCount;

#ifdef DBG
    REF_CNT_TRACKER trckr[4];
#endif

    void toDebugStr() const;
    void toDebugStrFixed() const;
};

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(MYSTRUCT, WDFMEMORY_to_MYSTRUCT);

BOOLEAN isSystemVaRangeValid(_In_ const void* pVa, _In_ size_t cb);
