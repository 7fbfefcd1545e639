// Seed 004: a debug helper that copies a whole MYSTRUCT onto the kernel stack.
// In free builds MYSTRUCT is small; in checked builds the tracker array makes the copy
// several kilobytes, and deep inside a KMDF/USB stack that extra frame overflows the stack.
#include "MyStruct.h"

BOOLEAN isSystemVaRangeValid(_In_ const void* pVa, _In_ size_t cb)
{
    if ((intptr_t)cb <= 0) {
        return FALSE;
    }
    if (pVa < MmSystemRangeStart) {
        return FALSE;
    }
    intptr_t pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(pVa, cb);
    for (PUCHAR p = (PUCHAR)pVa; pages > 0; p += PAGE_SIZE, pages--) {
        if (!MmIsAddressValid(p)) {
            return FALSE;
        }
    }
    return TRUE;
}

// BUGGY: the local copy `_this` lives on the stack (2 KB+ per tracker in DBG builds).
void MYSTRUCT::toDebugStr() const
{
    if (isSystemVaRangeValid(this, sizeof(*this))) {
        MYSTRUCT _this;
        memcpy(&_this, this, sizeof(*this));

        TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_QUEUE,
            "listOthers(%p):{F=%p,B=%p}, wdfRequest=%p, wdfMemory=%p, nRefCount=%u",
            &listOthers, _this.listOthers.Flink, _this.listOthers.Blink,
            _this.wdfRequest, _this.wdfMemory, _this.nRefCount);
    }
}

// FIXED: the copy goes to non-paged pool; the frame stays small in both builds.
void MYSTRUCT::toDebugStrFixed() const
{
    if (isSystemVaRangeValid(this, sizeof(*this))) {
        PVOID pMem = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*this), '1gat');
        if (pMem) {
            MYSTRUCT& _this = *(MYSTRUCT*)pMem;
            memcpy(&_this, this, sizeof(*this));

            TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_QUEUE,
                "listOthers(%p):{F=%p,B=%p}, wdfRequest=%p, wdfMemory=%p, nRefCount=%u",
                &listOthers, _this.listOthers.Flink, _this.listOthers.Blink,
                _this.wdfRequest, _this.wdfMemory, _this.nRefCount);

            ExFreePool(pMem);
        }
    }
}
