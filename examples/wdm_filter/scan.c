// Example WDM filter driver (C): a path scanner with a large frame and recursion.
#include "filter.h"

#define SCAN_CHUNK (4 * 1024)

typedef struct _SCAN_STATE {
    ULONG Depth;
    UCHAR Window[SCAN_CHUNK];
} SCAN_STATE;

static ULONG ScanChunk(_In_reads_bytes_(Length) const UCHAR* Data, _In_ ULONG Length);

// Recursion on a kernel stack: each nested directory costs a full frame.
static ULONG ScanDirectory(_In_ PCUNICODE_STRING Path, _In_ ULONG Depth)
{
    WCHAR child[NAME_BUFFER_CHARS];
    UNICODE_STRING childName;
    ULONG hits = 0;
    RtlInitEmptyUnicodeString(&childName, child, sizeof(child));
    if (Depth < 8 && NT_SUCCESS(RtlUnicodeStringCopy(&childName, Path))) {
        hits += ScanDirectory(&childName, Depth + 1);
    }
    return hits;
}

// A 4 KB scan window on the stack: far above the 1,024-byte frame guidance.
ULONG ScanBuffer(_In_reads_bytes_(Length) const UCHAR* Data, _In_ ULONG Length)
{
    SCAN_STATE state;
    ULONG hits = 0;
    RtlZeroMemory(&state, sizeof(state));
    while (Length > 0) {
        ULONG n = Length < SCAN_CHUNK ? Length : SCAN_CHUNK;
        RtlCopyMemory(state.Window, Data, n);
        hits += ScanChunk(state.Window, n);
        Data += n;
        Length -= n;
    }
    return hits;
}

static ULONG ScanChunk(_In_reads_bytes_(Length) const UCHAR* Data, _In_ ULONG Length)
{
    ULONG hits = 0;
    for (ULONG i = 0; i + 1 < Length; i++) {
        if (Data[i] == 'M' && Data[i + 1] == 'Z') {
            hits++;
        }
    }
    return hits;
}

ULONG ScanRoot(_In_ PCUNICODE_STRING Root)
{
    return ScanDirectory(Root, 0);
}
