// Built-in table of WDK / Windows types: size and alignment per target, each with its source.
//
// How the figures were obtained: composite types are derived from their member layout as declared
// in the named WDK header (Windows 10/11 WDK; KMDF 1.33 for WDF), with MSVC layout rules; the
// arithmetic is written next to each entry as `offset after member` steps. arm64 is LLP64 with the
// same alignments as x64, so it equals x64 unless a member is `_AMD64_`/`_ARM64_`/`_WIN64`
// conditional (noted where it matters). WDF config structures grow between KMDF versions; the
// figures are for KMDF 1.33 (WDK 10.0.22621+) and the entry says which members came late.
//
// Opaque types (IO_WORKITEM, KINTERRUPT, ETHREAD, EPROCESS, KTHREAD, ...) have no size: a driver
// can only hold a pointer to them; used by value they are reported unknown (null).

import type { Arch } from '../model';

/** [size, align] on one target, or null when the size is unknown / not defined there. */
export type SizeAlign = readonly [number, number] | null;

export type WdkTypeKind = 'scalar' | 'pointer' | 'handle' | 'enum' | 'struct' | 'union' | 'opaque';

export interface WdkTypeEntry {
  name: string;
  /** Tag names and other typedef names that denote the same type (`_KEVENT`, `KGUARDED_MUTEX`). */
  aliases?: string[];
  kind: WdkTypeKind;
  layout: Record<Arch, SizeAlign>;
  /** Layout in checked (DBG=1) builds when it differs (IO_REMOVE_LOCK gains a debug block). */
  checked?: Record<Arch, SizeAlign>;
  /** WDK header name or learn.microsoft.com page the layout comes from. */
  source: string;
  /** Member arithmetic or a caveat (KMDF version, uncertain). */
  note?: string;
  /** Version-dependent: the figure is for the stated WDK/KMDF version; older versions are smaller. */
  uncertain?: boolean;
}

const all = (size: number, align = size): Record<Arch, SizeAlign> => ({ x86: [size, align], x64: [size, align], arm64: [size, align] });
/** x86 differs from the 64-bit targets (which share one layout). */
const per = (x86: SizeAlign, x64: SizeAlign, arm64: SizeAlign = x64): Record<Arch, SizeAlign> => ({ x86, x64, arm64 });
const ptr = (): Record<Arch, SizeAlign> => per([4, 4], [8, 8]);
const none = (): Record<Arch, SizeAlign> => per(null, null, null);

const NTDEF = 'ntdef.h';
const WDM = 'wdm.h';
const BASETSD = 'basetsd.h';

function scalar(name: string, size: number, source: string, aliases?: string[]): WdkTypeEntry {
  return { name, kind: 'scalar', layout: all(size), source, aliases };
}
function ptrSized(name: string, source: string, kind: WdkTypeKind = 'scalar', aliases?: string[]): WdkTypeEntry {
  return { name, kind, layout: ptr(), source, aliases };
}
function enumType(name: string, source: string, aliases?: string[]): WdkTypeEntry {
  // MSVC enums are int-sized: https://learn.microsoft.com/en-us/cpp/cpp/enumerations-cpp
  return { name, kind: 'enum', layout: all(4), source, aliases };
}
function wdfHandle(name: string, header: string): WdfHandleSpec {
  return [name, header];
}
type WdfHandleSpec = readonly [string, string];

const BASIC: WdkTypeEntry[] = [
  scalar('UCHAR', 1, NTDEF),
  scalar('CHAR', 1, NTDEF),
  scalar('CCHAR', 1, NTDEF),
  scalar('BYTE', 1, 'minwindef.h'),
  scalar('BOOLEAN', 1, NTDEF),
  scalar('KIRQL', 1, WDM),
  scalar('KPROCESSOR_MODE', 1, WDM, ['MODE']),
  scalar('INT8', 1, BASETSD),
  scalar('UINT8', 1, BASETSD),
  scalar('USHORT', 2, NTDEF),
  scalar('SHORT', 2, NTDEF),
  scalar('CSHORT', 2, NTDEF),
  scalar('WORD', 2, 'minwindef.h'),
  scalar('WCHAR', 2, NTDEF, ['WCH']),
  scalar('INT16', 2, BASETSD),
  scalar('UINT16', 2, BASETSD),
  scalar('SECURITY_DESCRIPTOR_CONTROL', 2, 'winnt.h / ntifs.h'),
  scalar('ULONG', 4, NTDEF),
  scalar('LONG', 4, NTDEF),
  scalar('INT', 4, 'minwindef.h'),
  scalar('UINT', 4, 'minwindef.h'),
  scalar('DWORD', 4, 'minwindef.h'),
  scalar('BOOL', 4, 'minwindef.h'),
  scalar('NTSTATUS', 4, NTDEF),
  scalar('HRESULT', 4, 'winnt.h / winerror.h'),
  scalar('NDIS_STATUS', 4, 'ndis.h'),
  scalar('USBD_STATUS', 4, 'usb.h'),
  scalar('SECURITY_STATUS', 4, 'sspi.h'),
  scalar('ACCESS_MASK', 4, NTDEF),
  scalar('KPRIORITY', 4, WDM),
  scalar('LOGICAL', 4, NTDEF),
  scalar('DEVICE_TYPE', 4, WDM),
  scalar('FLONG', 4, NTDEF),
  scalar('INT32', 4, BASETSD),
  scalar('UINT32', 4, BASETSD),
  scalar('LONG32', 4, BASETSD),
  scalar('ULONG32', 4, BASETSD),
  scalar('DWORD32', 4, BASETSD),
  scalar('EX_SPIN_LOCK', 4, WDM, ['PEX_SPIN_LOCK_VALUE_NOT_USED']),
  scalar('LONGLONG', 8, NTDEF),
  scalar('ULONGLONG', 8, NTDEF),
  scalar('ULONG64', 8, BASETSD),
  scalar('LONG64', 8, BASETSD),
  scalar('INT64', 8, BASETSD),
  scalar('UINT64', 8, BASETSD),
  scalar('DWORD64', 8, BASETSD),
  scalar('DWORDLONG', 8, 'winnt.h'),
  scalar('USN', 8, 'ntifs.h'),
  ptrSized('SIZE_T', BASETSD),
  ptrSized('SSIZE_T', BASETSD),
  ptrSized('ULONG_PTR', BASETSD),
  ptrSized('LONG_PTR', BASETSD),
  ptrSized('UINT_PTR', BASETSD),
  ptrSized('INT_PTR', BASETSD),
  ptrSized('DWORD_PTR', BASETSD),
  ptrSized('KAFFINITY', WDM, 'scalar'),
  ptrSized('HANDLE', NTDEF, 'pointer'),
  ptrSized('PVOID', NTDEF, 'pointer', ['LPVOID', 'PVOID64_NOT_USED']),
  ptrSized('PCVOID', NTDEF, 'pointer', ['LPCVOID']),
  ptrSized('NDIS_HANDLE', 'ndis.h', 'pointer'),
  ptrSized('HKEY', 'minwindef.h', 'pointer'),
  ptrSized('HMODULE', 'minwindef.h', 'pointer', ['HINSTANCE']),
  ptrSized('HWND', 'windef.h', 'pointer'),
  ptrSized('SC_HANDLE', 'winsvc.h', 'pointer'),
  ptrSized('HDEVINFO', 'setupapi.h', 'pointer'),
  ptrSized('BSTR', 'wtypes.h', 'pointer'),
  ptrSized('LPCTSTR', 'winnt.h', 'pointer', ['LPTSTR', 'PTSTR', 'PCTSTR']),
  // Every `P...` string / buffer typedef of ntdef.h is a plain pointer.
  ...['PCHAR', 'PUCHAR', 'PSTR', 'PCSTR', 'PSZ', 'PCSZ', 'PWCHAR', 'PWCH', 'PCWCH', 'PWSTR', 'PCWSTR', 'LPSTR', 'LPCSTR', 'LPWSTR', 'LPCWSTR', 'PUSHORT', 'PSHORT', 'PULONG', 'PLONG', 'PULONG64', 'PLONG64', 'PULONGLONG', 'PLONGLONG', 'PBOOLEAN', 'PULONG_PTR', 'PLONG_PTR', 'PSIZE_T', 'PKIRQL', 'PNTSTATUS', 'PDWORD', 'PBYTE', 'LPBYTE', 'PWORD', 'PHANDLE', 'PACCESS_MASK', 'PSID', 'PACL', 'PSECURITY_DESCRIPTOR', 'PACCESS_TOKEN', 'PKSPIN_LOCK', 'PKAFFINITY', 'PEPROCESS', 'PETHREAD', 'PKTHREAD', 'PKPROCESS', 'PRKPROCESS', 'PRKTHREAD', 'PKINTERRUPT', 'PIO_WORKITEM', 'PIO_TIMER', 'PDRIVER_CONTROL', 'PDRIVER_DISPATCH', 'PDRIVER_UNLOAD', 'PDRIVER_ADD_DEVICE', 'PDRIVER_STARTIO', 'PDRIVER_CANCEL', 'PDRIVER_INITIALIZE', 'PIO_COMPLETION_ROUTINE', 'PKDEFERRED_ROUTINE', 'PKSTART_ROUTINE', 'PWORKER_THREAD_ROUTINE', 'PIO_WORKITEM_ROUTINE', 'PIO_WORKITEM_ROUTINE_EX', 'PKSERVICE_ROUTINE', 'PCALLBACK_FUNCTION', 'PFAST_IO_DISPATCH', 'PMDL_NOT_USED', 'PVOID64', 'PGUID', 'LPGUID', 'PCGUID', 'PFILE_OBJECT_NOT_USED'].map((n) => ptrSized(n, NTDEF, 'pointer')),
];

const ENUMS: WdkTypeEntry[] = [
  enumType('POOL_TYPE', WDM, ['_POOL_TYPE']),
  enumType('EVENT_TYPE', NTDEF, ['_EVENT_TYPE']),
  enumType('TIMER_TYPE', NTDEF, ['_TIMER_TYPE']),
  enumType('WAIT_TYPE', NTDEF, ['_WAIT_TYPE']),
  enumType('KWAIT_REASON', WDM, ['_KWAIT_REASON']),
  enumType('LOCK_OPERATION', WDM, ['_LOCK_OPERATION']),
  enumType('MEMORY_CACHING_TYPE', WDM, ['_MEMORY_CACHING_TYPE']),
  enumType('KDPC_IMPORTANCE', WDM, ['_KDPC_IMPORTANCE']),
  enumType('INTERFACE_TYPE', WDM, ['_INTERFACE_TYPE']),
  enumType('SYSTEM_POWER_STATE', WDM, ['_SYSTEM_POWER_STATE']),
  enumType('DEVICE_POWER_STATE', WDM, ['_DEVICE_POWER_STATE']),
  enumType('POWER_STATE_TYPE', WDM, ['_POWER_STATE_TYPE']),
  enumType('KINTERRUPT_MODE', WDM, ['_KINTERRUPT_MODE']),
  enumType('KEY_VALUE_INFORMATION_CLASS', WDM, ['_KEY_VALUE_INFORMATION_CLASS']),
  enumType('KEY_INFORMATION_CLASS', WDM, ['_KEY_INFORMATION_CLASS']),
  enumType('FILE_INFORMATION_CLASS', WDM, ['_FILE_INFORMATION_CLASS']),
  enumType('SECURITY_IMPERSONATION_LEVEL', WDM, ['_SECURITY_IMPERSONATION_LEVEL']),
  enumType('MM_PAGE_PRIORITY', WDM, ['_MM_PAGE_PRIORITY']),
  enumType('WORK_QUEUE_TYPE', WDM, ['_WORK_QUEUE_TYPE']),
  enumType('DEVICE_RELATION_TYPE', WDM, ['_DEVICE_RELATION_TYPE']),
  enumType('BUS_QUERY_ID_TYPE', WDM, ['_BUS_QUERY_ID_TYPE']),
  enumType('NT_PRODUCT_TYPE', NTDEF, ['_NT_PRODUCT_TYPE']),
  // POWER_STATE is a union of two enums (wdm.h): 4 bytes.
  { name: 'POWER_STATE', aliases: ['_POWER_STATE'], kind: 'union', layout: all(4), source: WDM, note: 'union { SYSTEM_POWER_STATE; DEVICE_POWER_STATE; } = 4' },
];

const COMPOSITES: WdkTypeEntry[] = [
  {
    name: 'LARGE_INTEGER', aliases: ['_LARGE_INTEGER'], kind: 'union', layout: all(8), source: NTDEF,
    note: 'union { struct { ULONG LowPart; LONG HighPart; }; LONGLONG QuadPart; } = 8, align 8 (x86 MSVC aligns LONGLONG to 8 in aggregates)',
  },
  { name: 'ULARGE_INTEGER', aliases: ['_ULARGE_INTEGER'], kind: 'union', layout: all(8), source: NTDEF, note: 'as LARGE_INTEGER with ULONGLONG QuadPart' },
  { name: 'PHYSICAL_ADDRESS', kind: 'union', layout: all(8), source: WDM, note: 'typedef LARGE_INTEGER PHYSICAL_ADDRESS' },
  { name: 'GUID', aliases: ['_GUID', 'UUID', 'IID', 'CLSID'], kind: 'struct', layout: all(16, 4), source: 'guiddef.h', note: 'ULONG Data1; USHORT Data2, Data3; UCHAR Data4[8] → 4+2+2+8 = 16, align 4' },
  { name: 'LUID', aliases: ['_LUID'], kind: 'struct', layout: all(8, 4), source: NTDEF, note: 'ULONG LowPart; LONG HighPart → 8, align 4' },
  { name: 'PROCESSOR_NUMBER', aliases: ['_PROCESSOR_NUMBER'], kind: 'struct', layout: all(4, 2), source: NTDEF, note: 'USHORT Group; UCHAR Number; UCHAR Reserved → 4, align 2' },
  { name: 'GROUP_AFFINITY', aliases: ['_GROUP_AFFINITY'], kind: 'struct', layout: per([12, 4], [16, 8]), source: NTDEF, note: 'KAFFINITY Mask; USHORT Group; USHORT Reserved[3] → x86 4+2+6 = 12; x64 8+2+6 = 16' },
  { name: 'TIME_FIELDS', aliases: ['_TIME_FIELDS'], kind: 'struct', layout: all(16, 2), source: WDM, note: '8 × CSHORT = 16, align 2' },
  { name: 'CLIENT_ID', aliases: ['_CLIENT_ID'], kind: 'struct', layout: per([8, 4], [16, 8]), source: NTDEF, note: 'HANDLE UniqueProcess; HANDLE UniqueThread → 2 pointers' },
  // Strings and lists
  { name: 'UNICODE_STRING', aliases: ['_UNICODE_STRING'], kind: 'struct', layout: per([8, 4], [16, 8]), source: NTDEF, note: 'USHORT Length; USHORT MaximumLength; PWCH Buffer → x86 2+2+4 = 8; x64 2+2 (pad to 8) +8 = 16' },
  { name: 'ANSI_STRING', aliases: ['STRING', '_STRING', 'OEM_STRING', 'CANSI_STRING', 'UTF8_STRING'], kind: 'struct', layout: per([8, 4], [16, 8]), source: NTDEF, note: 'USHORT Length; USHORT MaximumLength; PCHAR Buffer → as UNICODE_STRING' },
  { name: 'LIST_ENTRY', aliases: ['_LIST_ENTRY'], kind: 'struct', layout: per([8, 4], [16, 8]), source: NTDEF, note: 'Flink, Blink: 2 pointers' },
  { name: 'SINGLE_LIST_ENTRY', aliases: ['_SINGLE_LIST_ENTRY'], kind: 'struct', layout: per([4, 4], [8, 8]), source: NTDEF, note: 'Next: 1 pointer' },
  {
    name: 'SLIST_ENTRY', aliases: ['_SLIST_ENTRY'], kind: 'struct', layout: per([4, 4], [16, 16]), source: 'wdm.h / winnt.h',
    note: 'x86: typedef SINGLE_LIST_ENTRY SLIST_ENTRY (4). _WIN64: DECLSPEC_ALIGN(16) struct { Next } → 16, align 16',
  },
  {
    name: 'SLIST_HEADER', aliases: ['_SLIST_HEADER'], kind: 'union', layout: per([8, 8], [16, 16]), source: 'wdm.h / winnt.h',
    note: 'x86: union { ULONGLONG Alignment; struct { SINGLE_LIST_ENTRY Next; USHORT Depth; USHORT CpuId; }; } = 8, align 8. x64/arm64: DECLSPEC_ALIGN(16) union of two ULONGLONG pairs = 16, align 16',
  },
  // Dispatcher objects
  {
    name: 'DISPATCHER_HEADER', aliases: ['_DISPATCHER_HEADER'], kind: 'struct', layout: per([16, 4], [24, 8]), source: WDM,
    note: 'union { LONG Lock; UCHAR Type...; } 4 + LONG SignalState 4 + LIST_ENTRY WaitListHead (8 | 16) → x86 16; x64 24',
  },
  { name: 'KEVENT', aliases: ['_KEVENT', 'PRKEVENT_NOT_USED'], kind: 'struct', layout: per([16, 4], [24, 8]), source: WDM, note: 'DISPATCHER_HEADER Header only → x86 16; x64 24' },
  { name: 'KSEMAPHORE', aliases: ['_KSEMAPHORE'], kind: 'struct', layout: per([20, 4], [32, 8]), source: WDM, note: 'Header + LONG Limit → x86 16+4 = 20; x64 24+4 = 28 → 32' },
  {
    name: 'KMUTEX', aliases: ['KMUTANT', '_KMUTANT'], kind: 'struct', layout: per([32, 4], [56, 8]), source: WDM,
    note: 'Header; LIST_ENTRY MutantListEntry; PKTHREAD OwnerThread; UCHAR MutantFlags; BOOLEAN Abandoned; UCHAR ApcDisable → x86 16+8+4+3 = 31 → 32; x64 24+16+8+3 = 51 → 56',
  },
  {
    name: 'KTIMER', aliases: ['_KTIMER'], kind: 'struct', layout: per([40, 8], [64, 8]), source: WDM,
    note: 'Header; ULARGE_INTEGER DueTime; LIST_ENTRY TimerListEntry; PKDPC Dpc; [!_X86_: ULONG Processor]; ULONG Period → x86 16+8+8+4+4 = 40 (align 8 from DueTime); x64/arm64 24+8+16+8+4+4 = 64',
  },
  {
    name: 'KDPC', aliases: ['_KDPC', 'RKDPC'], kind: 'struct', layout: per([32, 4], [64, 8]), source: WDM,
    note: 'union { ULONG TargetInfoAsUlong; ... } 4; SINGLE_LIST_ENTRY DpcListEntry; KAFFINITY ProcessorHistory; DeferredRoutine; DeferredContext; SystemArgument1; SystemArgument2; DpcData → x86 4+7×4 = 32; x64 8+7×8 = 64',
  },
  {
    name: 'KAPC', aliases: ['_KAPC'], kind: 'struct', layout: per([48, 4], [88, 8]), source: WDM,
    note: 'UCHAR Type, AllFlags, Size, SpareByte1; ULONG SpareLong0; PKTHREAD Thread; LIST_ENTRY ApcListEntry; PVOID Reserved[3]; NormalContext; SystemArgument1; SystemArgument2; CCHAR ApcStateIndex; KPROCESSOR_MODE ApcMode; BOOLEAN Inserted → x86 8+4+8+12+12+3 = 47 → 48; x64 8+8+16+24+24+3 = 83 → 88',
  },
  {
    name: 'KAPC_STATE', aliases: ['_KAPC_STATE', 'KAPC_STATE_NOT_USED'], kind: 'struct', layout: per([24, 4], [48, 8]), source: WDM,
    note: 'LIST_ENTRY ApcListHead[2]; PKPROCESS Process; UCHAR InProgressFlags; BOOLEAN KernelApcPending; BOOLEAN UserApcPending → x86 16+4+3 = 23 → 24; x64 32+8+3 = 43 → 48',
  },
  { name: 'KSPIN_LOCK', kind: 'scalar', layout: ptr(), source: WDM, note: 'typedef ULONG_PTR KSPIN_LOCK' },
  {
    name: 'KSPIN_LOCK_QUEUE', aliases: ['_KSPIN_LOCK_QUEUE'], kind: 'struct', layout: per([8, 4], [16, 8]), source: WDM,
    note: 'Next; PKSPIN_LOCK Lock → 2 pointers',
  },
  {
    name: 'KLOCK_QUEUE_HANDLE', aliases: ['_KLOCK_QUEUE_HANDLE'], kind: 'struct', layout: per([12, 4], [24, 8]), source: WDM,
    note: 'KSPIN_LOCK_QUEUE LockQueue; KIRQL OldIrql → x86 8+1 = 9 → 12; x64 16+1 = 17 → 24',
  },
  {
    name: 'FAST_MUTEX', aliases: ['_FAST_MUTEX', 'KGUARDED_MUTEX', '_KGUARDED_MUTEX'], kind: 'struct', layout: per([32, 4], [56, 8]), source: WDM,
    note: 'LONG Count; PVOID Owner; ULONG Contention; KEVENT Event; ULONG OldIrql → x86 4+4+4+16+4 = 32; x64 4(+4)+8+4(+4)+24+4 = 52 → 56. KGUARDED_MUTEX is a typedef of FAST_MUTEX since Windows 8',
  },
  {
    name: 'OWNER_ENTRY', aliases: ['_OWNER_ENTRY'], kind: 'struct', layout: per([8, 4], [16, 8]), source: WDM,
    note: 'ERESOURCE_THREAD OwnerThread (ULONG_PTR); union { ULONG TableSize; ... } → x86 8; x64 8+4 → 16',
  },
  {
    name: 'ERESOURCE', aliases: ['_ERESOURCE'], kind: 'struct', layout: per([56, 4], [104, 8]), source: WDM,
    note: 'LIST_ENTRY SystemResourcesList; POWNER_ENTRY OwnerTable; SHORT ActiveCount; USHORT Flag; PKSEMAPHORE SharedWaiters; PKEVENT ExclusiveWaiters; OWNER_ENTRY OwnerEntry; ULONG ActiveEntries, ContentionCount, NumberOfSharedWaiters, NumberOfExclusiveWaiters; [_WIN64: PVOID Reserved2]; PVOID Address; KSPIN_LOCK SpinLock → x86 8+4+4+4+4+8+16+4+4 = 56; x64 16+8+4(+4)+8+8+16+16+8+8+8 = 104',
  },
  { name: 'EX_PUSH_LOCK', kind: 'scalar', layout: ptr(), source: WDM, note: 'typedef ULONG_PTR EX_PUSH_LOCK (opaque, pointer-sized)' },
  { name: 'EX_RUNDOWN_REF', aliases: ['_EX_RUNDOWN_REF'], kind: 'struct', layout: ptr(), source: WDM, note: 'union { ULONG_PTR Count; PVOID Ptr; } → pointer-sized' },
  {
    name: 'IO_REMOVE_LOCK_COMMON_BLOCK', aliases: ['_IO_REMOVE_LOCK_COMMON_BLOCK'], kind: 'struct', layout: per([24, 4], [32, 8]), source: WDM,
    note: 'BOOLEAN Removed; BOOLEAN Reserved[3]; LONG IoCount; KEVENT RemoveEvent → x86 8+16 = 24; x64 8+24 = 32',
  },
  {
    name: 'IO_REMOVE_LOCK', aliases: ['_IO_REMOVE_LOCK'], kind: 'struct', layout: per([24, 4], [32, 8]),
    checked: per([88, 8], [120, 8]), source: WDM,
    note: 'IO_REMOVE_LOCK_COMMON_BLOCK Common; #if DBG IO_REMOVE_LOCK_DBG_BLOCK Dbg; #endif. Dbg block: LONG Signature; ULONG HighWatermark; LONGLONG MaxLockedTicks; LONG AllocateTag; LIST_ENTRY LockList; KSPIN_LOCK Spin; LONG LowMemoryCount; ULONG Reserved1[4]; PVOID Reserved2; PIO_REMOVE_LOCK_TRACKING_BLOCK Blocks → x86 64 (align 8), x64 88. Checked: x86 24+64 = 88; x64 32+88 = 120',
  },
  {
    name: 'KDEVICE_QUEUE_ENTRY', aliases: ['_KDEVICE_QUEUE_ENTRY'], kind: 'struct', layout: per([16, 4], [24, 8]), source: WDM,
    note: 'LIST_ENTRY DeviceListEntry; ULONG SortKey; BOOLEAN Inserted → x86 8+4+1 = 13 → 16; x64 16+4+1 = 21 → 24',
  },
  {
    name: 'KDEVICE_QUEUE', aliases: ['_KDEVICE_QUEUE'], kind: 'struct', layout: per([20, 4], [40, 8]), source: WDM,
    note: 'CSHORT Type; CSHORT Size; LIST_ENTRY DeviceListHead; KSPIN_LOCK Lock; BOOLEAN Busy (_AMD64_: union with LONG64 bit-fields) → x86 4+8+4+1 = 17 → 20; x64 4(+4)+16+8+8 = 40; arm64 8+16+8+1 → 40',
  },
  {
    name: 'WORK_QUEUE_ITEM', aliases: ['_WORK_QUEUE_ITEM'], kind: 'struct', layout: per([16, 4], [32, 8]), source: WDM,
    note: 'LIST_ENTRY List; PWORKER_THREAD_ROUTINE WorkerRoutine; PVOID Parameter → x86 8+4+4 = 16; x64 16+8+8 = 32',
  },
  {
    name: 'GENERAL_LOOKASIDE', aliases: ['_GENERAL_LOOKASIDE'], kind: 'struct', layout: per([72, 8], [128, 64]), source: WDM,
    note: 'GENERAL_LOOKASIDE_LAYOUT: union { SLIST_HEADER; SINGLE_LIST_ENTRY } (8|16); USHORT Depth, MaximumDepth; 6 ULONG counters + POOL_TYPE Type, ULONG Tag, ULONG Size (24); Allocate; Free; LIST_ENTRY ListEntry; ULONG LastTotalAllocates; ULONG LastAllocateMisses; ULONG Future[2] → x86 8+4+4+20+4+4+8+8+8 = 72 (align 8 from SLIST_HEADER); x64 16+4+28(=48)+8+8+16+8+8 = 96, LOOKASIDE_ALIGN = DECLSPEC_CACHEALIGN (64) on _WIN64 → 128',
  },
  {
    name: 'GENERAL_LOOKASIDE_POOL', aliases: ['_GENERAL_LOOKASIDE_POOL'], kind: 'struct', layout: per([72, 8], [96, 16]), source: WDM,
    note: 'same members as GENERAL_LOOKASIDE without LOOKASIDE_ALIGN → x86 72; x64 96 (align 16 from SLIST_HEADER)',
  },
  { name: 'LOOKASIDE_LIST_EX', aliases: ['_LOOKASIDE_LIST_EX'], kind: 'struct', layout: per([72, 8], [96, 16]), source: WDM, note: 'GENERAL_LOOKASIDE_POOL L → x86 72; x64 96' },
  {
    name: 'NPAGED_LOOKASIDE_LIST', aliases: ['_NPAGED_LOOKASIDE_LIST'], kind: 'struct', layout: per([80, 8], [128, 64]), source: WDM,
    note: 'GENERAL_LOOKASIDE L; [_X86_: KSPIN_LOCK Lock__ObsoleteButDoNotDelete] → x86 72+4 = 76 → 80; x64 128 (LOOKASIDE_ALIGN 64)',
  },
  {
    name: 'PAGED_LOOKASIDE_LIST', aliases: ['_PAGED_LOOKASIDE_LIST'], kind: 'struct', layout: per([104, 8], [128, 64]), source: WDM,
    note: 'GENERAL_LOOKASIDE L; [_X86_: FAST_MUTEX Lock__ObsoleteButDoNotDelete] → x86 72+32 = 104; x64 128',
  },
  {
    name: 'KWAIT_BLOCK', aliases: ['_KWAIT_BLOCK'], kind: 'struct', layout: per([24, 4], [48, 8]), source: WDM,
    note: 'LIST_ENTRY WaitListEntry; UCHAR WaitType, BlockState; USHORT WaitKey; [_WIN64: LONG SpareLong]; union { PKTHREAD Thread; PKQUEUE NotificationQueue; }; PVOID Object; PVOID SparePtr → x86 8+4+4+4+4 = 24; x64 16+8+8+8+8 = 48',
  },
  {
    name: 'KFLOATING_SAVE', aliases: ['_KFLOATING_SAVE'], kind: 'struct', layout: per([32, 4], [4, 4]), source: WDM,
    note: 'x86: 8 ULONGs (ControlWord .. Spare1) = 32; x64 and arm64: ULONG Dummy = 4',
  },
  {
    name: 'KBUGCHECK_CALLBACK_RECORD', aliases: ['_KBUGCHECK_CALLBACK_RECORD'], kind: 'struct', layout: per([32, 4], [64, 8]), source: WDM,
    note: 'LIST_ENTRY Entry; CallbackRoutine; PVOID Buffer; ULONG Length; PUCHAR Component; ULONG_PTR Checksum; UCHAR State → x86 8+4+4+4+4+4+1 = 29 → 32; x64 16+8+8+4(+4)+8+8+1 = 57 → 64',
  },
  // I/O
  {
    name: 'IO_STATUS_BLOCK', aliases: ['_IO_STATUS_BLOCK'], kind: 'struct', layout: per([8, 4], [16, 8]), source: WDM,
    note: 'union { NTSTATUS Status; PVOID Pointer; }; ULONG_PTR Information → 2 pointers',
  },
  {
    name: 'MDL', aliases: ['_MDL'], kind: 'struct', layout: per([28, 4], [48, 8]), source: WDM,
    note: 'PMDL Next; CSHORT Size; CSHORT MdlFlags; [_WIN64: USHORT AllocationProcessorNumber; USHORT Reserved]; PEPROCESS Process; PVOID MappedSystemVa; PVOID StartVa; ULONG ByteCount; ULONG ByteOffset → x86 4+4+4+4+4+4+4 = 28; x64 8+8+8+8+8+4+4 = 48',
  },
  {
    name: 'IRP', aliases: ['_IRP'], kind: 'struct', layout: per([112, 8], [208, 8]), source: WDM,
    note: 'Type/Size; PMDL MdlAddress; ULONG Flags; AssociatedIrp (ptr union); LIST_ENTRY ThreadListEntry; IO_STATUS_BLOCK IoStatus; 8 one-byte fields; UserIosb; UserEvent; Overlay (2 ptrs | LARGE_INTEGER); CancelRoutine; UserBuffer; Tail (union of Overlay {DriverContext[4]; Thread; AuxiliaryBuffer; ListEntry; CurrentStackLocation; OriginalFileObject} and KAPC) → x64 8+8+8(4+4)+8+16+16+8+8+8+16+8+8 = 120 + Tail 88 = 208; x86 4+4+4+4+8+8+8+4+4 = 48 + Overlay 8 + 4+4 = 64 + Tail 48 = 112 (align 8 from LARGE_INTEGER)',
  },
  {
    name: 'IO_STACK_LOCATION', aliases: ['_IO_STACK_LOCATION'], kind: 'struct', layout: per([36, 4], [72, 8]), source: WDM,
    note: 'UCHAR MajorFunction, MinorFunction, Flags, Control; Parameters (largest member: 4 pointer-sized arguments; x86 under pshpack4.h); DeviceObject; FileObject; CompletionRoutine; Context → x86 4+16+16 = 36 (pack 4); x64 4(+4)+32+32 = 72',
  },
  {
    name: 'DEVICE_OBJECT', aliases: ['_DEVICE_OBJECT'], kind: 'struct', layout: per([184, 8], [336, 16]), source: WDM,
    note: 'DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT: 8 x86, 16 _WIN64). Type, Size, ReferenceCount; DriverObject; NextDevice; AttachedDevice; CurrentIrp; Timer; Flags; Characteristics; Vpb; DeviceExtension; DeviceType; CCHAR StackSize; Queue (union LIST_ENTRY / WAIT_CONTEXT_BLOCK 40|72); AlignmentRequirement; KDEVICE_QUEUE DeviceQueue; KDPC Dpc; ActiveThreadCount; SecurityDescriptor; KEVENT DeviceLock; USHORT SectorSize, Spare1; DeviceObjectExtension; Reserved → x86 52+40+4+20+32+4+4+16+4+4+4 = 184; x64 80+72+8(4+4)+40+64+8+8+24+8+8+8 = 328 → 336 (align 16)',
  },
  {
    name: 'WAIT_CONTEXT_BLOCK', aliases: ['_WAIT_CONTEXT_BLOCK'], kind: 'struct', layout: per([40, 4], [72, 8]), source: WDM,
    note: 'union { KDEVICE_QUEUE_ENTRY; struct { LIST_ENTRY; ULONG; bit-fields } } (16|24); DeviceRoutine; DeviceContext; ULONG NumberOfMapRegisters; DeviceObject; CurrentIrp; BufferChainingDpc → x86 16+4+4+4+4+4+4 = 40; x64 24+8+8+8(4+4)+8+8+8 = 72',
  },
  {
    name: 'DRIVER_OBJECT', aliases: ['_DRIVER_OBJECT'], kind: 'struct', layout: per([168, 4], [336, 8]), source: WDM,
    note: 'Type, Size; DeviceObject; Flags; DriverStart; DriverSize; DriverSection; DriverExtension; UNICODE_STRING DriverName; HardwareDatabase; FastIoDispatch; DriverInit; DriverStartIo; DriverUnload; MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1 = 28] → x86 56 + 28×4 = 168; x64 112 + 28×8 = 336',
  },
  {
    name: 'DRIVER_EXTENSION', aliases: ['_DRIVER_EXTENSION'], kind: 'struct', layout: per([20, 4], [40, 8]), source: WDM,
    note: 'DriverObject; AddDevice; ULONG Count; UNICODE_STRING ServiceKeyName → x86 4+4+4+8 = 20; x64 8+8+8+16 = 40 (documented prefix of a larger system structure)',
  },
  {
    name: 'FILE_OBJECT', aliases: ['_FILE_OBJECT'], kind: 'struct', layout: per([128, 8], [216, 8]), source: WDM,
    note: 'Type, Size; DeviceObject; Vpb; FsContext; FsContext2; SectionObjectPointer; PrivateCacheMap; FinalStatus; RelatedFileObject; 8 BOOLEANs; Flags; UNICODE_STRING FileName; LARGE_INTEGER CurrentByteOffset; Waiters; Busy; LastLock; KEVENT Lock; KEVENT Event; CompletionContext; KSPIN_LOCK IrpListLock; LIST_ENTRY IrpList; FileObjectExtension → x64 104 (after FileName) +8+4+4+8+24+24+8+8+16+8 = 216; x86 56 → 64 (LARGE_INTEGER aligned 8) +4+4+4+16+16+4+4+8+4 = 128',
  },
  {
    name: 'VPB', aliases: ['_VPB'], kind: 'struct', layout: per([88, 4], [96, 8]), source: WDM,
    note: 'CSHORT Type, Size; USHORT Flags, VolumeLabelLength; DeviceObject; RealDevice; ULONG SerialNumber, ReferenceCount; WCHAR VolumeLabel[32] → x86 8+4+4+8+64 = 88; x64 8+8+8+8+64 = 96',
  },
  { name: 'SECTION_OBJECT_POINTERS', aliases: ['_SECTION_OBJECT_POINTERS'], kind: 'struct', layout: per([12, 4], [24, 8]), source: WDM, note: '3 pointers' },
  { name: 'IO_COMPLETION_CONTEXT', aliases: ['_IO_COMPLETION_CONTEXT'], kind: 'struct', layout: per([8, 4], [16, 8]), source: WDM, note: 'PVOID Port; PVOID Key' },
  {
    name: 'OBJECT_ATTRIBUTES', aliases: ['_OBJECT_ATTRIBUTES'], kind: 'struct', layout: per([24, 4], [48, 8]), source: NTDEF,
    note: 'ULONG Length; HANDLE RootDirectory; PUNICODE_STRING ObjectName; ULONG Attributes; PVOID SecurityDescriptor; PVOID SecurityQualityOfService → x86 6×4 = 24; x64 8 (4+4) +8+8+8 (4+4) +8+8 = 48',
  },
  {
    name: 'SECURITY_DESCRIPTOR', aliases: ['_SECURITY_DESCRIPTOR'], kind: 'struct', layout: per([20, 4], [40, 8]), source: 'ntifs.h / winnt.h',
    note: 'UCHAR Revision; UCHAR Sbz1; SECURITY_DESCRIPTOR_CONTROL Control; PSID Owner; PSID Group; PACL Sacl; PACL Dacl → x86 4+16 = 20; x64 4(+4)+32 = 40',
  },
  {
    name: 'SECURITY_QUALITY_OF_SERVICE', aliases: ['_SECURITY_QUALITY_OF_SERVICE'], kind: 'struct', layout: all(12, 4), source: WDM,
    note: 'ULONG Length; SECURITY_IMPERSONATION_LEVEL (enum 4); BOOLEAN ContextTrackingMode; BOOLEAN EffectiveOnly → 4+4+1+1 = 10 → 12',
  },
  {
    name: 'SECURITY_SUBJECT_CONTEXT', aliases: ['_SECURITY_SUBJECT_CONTEXT'], kind: 'struct', layout: per([16, 4], [32, 8]), source: WDM,
    note: 'PACCESS_TOKEN ClientToken; SECURITY_IMPERSONATION_LEVEL ImpersonationLevel; PACCESS_TOKEN PrimaryToken; PVOID ProcessAuditId → x86 16; x64 8+4(+4)+8+8 = 32',
  },
  {
    name: 'IO_SECURITY_CONTEXT', aliases: ['_IO_SECURITY_CONTEXT'], kind: 'struct', layout: per([16, 4], [24, 8]), source: WDM,
    note: 'PSECURITY_QUALITY_OF_SERVICE SecurityQos; PACCESS_STATE AccessState; ACCESS_MASK DesiredAccess; ULONG FullCreateOptions → x86 16; x64 8+8+4+4 = 24',
  },
  { name: 'SID', aliases: ['_SID'], kind: 'struct', layout: all(12, 4), source: 'ntifs.h / winnt.h', note: 'UCHAR Revision; UCHAR SubAuthorityCount; UCHAR IdentifierAuthority[6]; ULONG SubAuthority[ANYSIZE_ARRAY] → 8+4 = 12' },
  { name: 'RTL_BITMAP', aliases: ['_RTL_BITMAP'], kind: 'struct', layout: per([8, 4], [16, 8]), source: WDM, note: 'ULONG SizeOfBitMap; PULONG Buffer → x86 8; x64 4(+4)+8 = 16' },
  {
    name: 'KEY_VALUE_PARTIAL_INFORMATION', aliases: ['_KEY_VALUE_PARTIAL_INFORMATION'], kind: 'struct', layout: all(16, 4), source: WDM,
    note: 'ULONG TitleIndex; ULONG Type; ULONG DataLength; UCHAR Data[1] → 13 → 16 (variable-length: callers allocate more)',
  },
  {
    name: 'KEY_VALUE_FULL_INFORMATION', aliases: ['_KEY_VALUE_FULL_INFORMATION'], kind: 'struct', layout: all(24, 4), source: WDM,
    note: 'ULONG TitleIndex, Type, DataOffset, DataLength, NameLength; WCHAR Name[1] → 20+2 = 22 → 24',
  },
  {
    name: 'KEY_VALUE_BASIC_INFORMATION', aliases: ['_KEY_VALUE_BASIC_INFORMATION'], kind: 'struct', layout: all(16, 4), source: WDM,
    note: 'ULONG TitleIndex, Type, NameLength; WCHAR Name[1] → 12+2 = 14 → 16',
  },
  {
    name: 'KEY_BASIC_INFORMATION', aliases: ['_KEY_BASIC_INFORMATION'], kind: 'struct', layout: all(24, 8), source: WDM,
    note: 'LARGE_INTEGER LastWriteTime; ULONG TitleIndex; ULONG NameLength; WCHAR Name[1] → 8+4+4+2 = 18 → 24',
  },
  {
    name: 'FILE_BASIC_INFORMATION', aliases: ['_FILE_BASIC_INFORMATION'], kind: 'struct', layout: all(40, 8), source: WDM,
    note: '4 × LARGE_INTEGER times; ULONG FileAttributes → 36 → 40',
  },
  {
    name: 'FILE_STANDARD_INFORMATION', aliases: ['_FILE_STANDARD_INFORMATION'], kind: 'struct', layout: all(24, 8), source: WDM,
    note: 'LARGE_INTEGER AllocationSize, EndOfFile; ULONG NumberOfLinks; BOOLEAN DeletePending, Directory → 22 → 24',
  },
  { name: 'FILE_POSITION_INFORMATION', aliases: ['_FILE_POSITION_INFORMATION'], kind: 'struct', layout: all(8, 8), source: WDM, note: 'LARGE_INTEGER CurrentByteOffset' },
  {
    name: 'CM_PARTIAL_RESOURCE_DESCRIPTOR', aliases: ['_CM_PARTIAL_RESOURCE_DESCRIPTOR'], kind: 'struct', layout: per([16, 4], [20, 4]), source: WDM,
    note: 'under pshpack4.h: UCHAR Type; UCHAR ShareDisposition; USHORT Flags; union u (largest: PHYSICAL_ADDRESS Start + ULONG Length = 12 | x64 Interrupt with KAFFINITY = 16) → x86 4+12 = 16; x64 4+16 = 20, align 4',
  },
  {
    name: 'CM_RESOURCE_LIST', aliases: ['_CM_RESOURCE_LIST'], kind: 'struct', layout: per([36, 4], [40, 4]), source: WDM,
    note: 'ULONG Count; CM_FULL_RESOURCE_DESCRIPTOR List[1] (INTERFACE_TYPE; ULONG BusNumber; CM_PARTIAL_RESOURCE_LIST { USHORT Version, Revision; ULONG Count; Descriptors[1] }) → x86 4+8+8+16 = 36; x64 4+8+8+20 = 40',
  },
  {
    name: 'IO_RESOURCE_DESCRIPTOR', aliases: ['_IO_RESOURCE_DESCRIPTOR'], kind: 'struct', layout: all(32, 8), source: WDM,
    note: 'UCHAR Option, Type, ShareDisposition, Spare1; USHORT Flags, Spare2; union u (largest: ULONG Length; ULONG Alignment; PHYSICAL_ADDRESS MinimumAddress, MaximumAddress = 24) → 8+24 = 32',
  },
  {
    name: 'DEVICE_CAPABILITIES', aliases: ['_DEVICE_CAPABILITIES'], kind: 'struct', layout: all(64, 4), source: WDM,
    note: 'USHORT Size, Version; ULONG bit-fields; ULONG Address, UINumber; DEVICE_POWER_STATE DeviceState[7]; SYSTEM_POWER_STATE SystemWake; DEVICE_POWER_STATE DeviceWake; ULONG D1Latency, D2Latency, D3Latency → 4+4+8+28+4+4+12 = 64',
  },
  { name: 'DMA_ADAPTER', aliases: ['_DMA_ADAPTER'], kind: 'struct', layout: per([8, 4], [16, 8]), source: WDM, note: 'USHORT Version; USHORT Size; PDMA_OPERATIONS DmaOperations → x86 8; x64 16' },
  {
    name: 'IO_CSQ', aliases: ['_IO_CSQ'], kind: 'struct', layout: per([32, 4], [64, 8]), source: WDM,
    note: 'ULONG Type; 6 callback pointers; PVOID ReservePointer → x86 4+28 = 32; x64 8+56 = 64',
  },
  {
    name: 'RTL_OSVERSIONINFOW', aliases: ['_OSVERSIONINFOW', 'OSVERSIONINFOW'], kind: 'struct', layout: all(276, 4), source: WDM,
    note: '5 ULONGs + WCHAR szCSDVersion[128] = 20+256 = 276',
  },
  {
    name: 'RTL_OSVERSIONINFOEXW', aliases: ['_OSVERSIONINFOEXW', 'OSVERSIONINFOEXW'], kind: 'struct', layout: all(284, 4), source: WDM,
    note: 'RTL_OSVERSIONINFOW members + USHORT wServicePackMajor, wServicePackMinor, wSuiteMask; UCHAR wProductType, wReserved = 276+8 = 284',
  },
  // Opaque kernel objects: drivers only ever hold pointers (wdm.h declares them incomplete).
  ...['IO_WORKITEM', 'KINTERRUPT', 'ETHREAD', 'EPROCESS', 'KTHREAD', 'KPROCESS', 'IO_TIMER', 'ACCESS_STATE_NOT_USED', 'KQUEUE_NOT_USED', 'OBJECT_TYPE', 'CALLBACK_OBJECT', 'IO_REMOVE_LOCK_TRACKING_BLOCK', 'ACL_NOT_USED', 'DEVOBJ_EXTENSION', 'DMA_OPERATIONS_NOT_USED', 'SCSI_REQUEST_BLOCK_NOT_USED', 'WDFDEVICE_INIT', 'WDFCXDEVICE_INIT'].map(
    (n): WdkTypeEntry => ({
      name: n,
      aliases: [`_${n}`],
      kind: 'opaque',
      layout: none(),
      source: n.startsWith('WDF') ? 'wdfdevice.h' : WDM,
      note: 'opaque: declared but not defined for drivers; only a pointer to it has a size',
    }),
  ),
];

// WDF object handles: DECLARE_HANDLE-style pointers to opaque structs (wdftypes.h and the
// per-object headers).
const WDF_HANDLES: WdfHandleSpec[] = [
  wdfHandle('WDFOBJECT', 'wdftypes.h'),
  wdfHandle('WDFDRIVER', 'wdftypes.h'),
  wdfHandle('WDFDEVICE', 'wdftypes.h'),
  wdfHandle('WDFQUEUE', 'wdftypes.h'),
  wdfHandle('WDFREQUEST', 'wdftypes.h'),
  wdfHandle('WDFMEMORY', 'wdftypes.h'),
  wdfHandle('WDFLOOKASIDE', 'wdftypes.h'),
  wdfHandle('WDFSPINLOCK', 'wdftypes.h'),
  wdfHandle('WDFWAITLOCK', 'wdftypes.h'),
  wdfHandle('WDFTIMER', 'wdftypes.h'),
  wdfHandle('WDFDPC', 'wdftypes.h'),
  wdfHandle('WDFWORKITEM', 'wdftypes.h'),
  wdfHandle('WDFINTERRUPT', 'wdftypes.h'),
  wdfHandle('WDFFILEOBJECT', 'wdftypes.h'),
  wdfHandle('WDFCOLLECTION', 'wdftypes.h'),
  wdfHandle('WDFKEY', 'wdftypes.h'),
  wdfHandle('WDFSTRING', 'wdftypes.h'),
  wdfHandle('WDFIOTARGET', 'wdftypes.h'),
  wdfHandle('WDFUSBDEVICE', 'wdftypes.h'),
  wdfHandle('WDFUSBINTERFACE', 'wdftypes.h'),
  wdfHandle('WDFUSBPIPE', 'wdftypes.h'),
  wdfHandle('WDFDMAENABLER', 'wdftypes.h'),
  wdfHandle('WDFDMATRANSACTION', 'wdftypes.h'),
  wdfHandle('WDFCOMMONBUFFER', 'wdftypes.h'),
  wdfHandle('WDFCHILDLIST', 'wdftypes.h'),
  wdfHandle('WDFCMRESLIST', 'wdftypes.h'),
  wdfHandle('WDFIORESLIST', 'wdftypes.h'),
  wdfHandle('WDFIORESREQLIST', 'wdftypes.h'),
  wdfHandle('WDFWMIPROVIDER', 'wdftypes.h'),
  wdfHandle('WDFWMIINSTANCE', 'wdftypes.h'),
  wdfHandle('WDFQUEUE_NOT_USED', 'wdftypes.h'),
  wdfHandle('WDFCONTEXT', 'wdftypes.h'),
  wdfHandle('WDFCOMPANIONTARGET', 'wdftypes.h'),
  wdfHandle('WDFTASKQUEUE', 'wdftypes.h'),
  wdfHandle('PWDFDEVICE_INIT', 'wdfdevice.h'),
  wdfHandle('PWDF_OBJECT_ATTRIBUTES', 'wdfobject.h'),
  wdfHandle('PWDF_IO_QUEUE_CONFIG', 'wdfio.h'),
  wdfHandle('PWDF_DRIVER_CONFIG', 'wdfdriver.h'),
  wdfHandle('PWDF_DRIVER_GLOBALS', 'wdfglobals.h'),
  wdfHandle('PFN_WDF_DRIVER_DEVICE_ADD', 'wdfdriver.h'),
];

// WDF configuration structures, KMDF 1.33 headers. Sizes grow with the KMDF version: a driver
// built against an older KMDF (e.g. 1.9 on Windows 7) sees smaller figures.
const KMDF = 'KMDF 1.33';
const WDF_STRUCTS: WdkTypeEntry[] = [
  {
    name: 'WDF_OBJECT_ATTRIBUTES', aliases: ['_WDF_OBJECT_ATTRIBUTES'], kind: 'struct', layout: per([32, 4], [56, 8]), source: 'wdfobject.h',
    note: `${KMDF}: ULONG Size; EvtCleanupCallback; EvtDestroyCallback; WDF_EXECUTION_LEVEL; WDF_SYNCHRONIZATION_SCOPE; WDFOBJECT ParentObject; size_t ContextSizeOverride; PCWDF_OBJECT_CONTEXT_TYPE_INFO ContextTypeInfo → x86 8×4 = 32; x64 4(+4)+8+8+4+4+8+8+8 = 56`,
  },
  {
    name: 'WDF_OBJECT_CONTEXT_TYPE_INFO', aliases: ['_WDF_OBJECT_CONTEXT_TYPE_INFO'], kind: 'struct', layout: per([20, 4], [40, 8]), source: 'wdfobject.h',
    note: `${KMDF}: ULONG Size; PCHAR ContextName; size_t ContextSize; UniqueType; EvtDriverGetUniqueContextType → x86 20; x64 8+8+8+8+8 = 40`,
  },
  {
    name: 'WDF_DRIVER_CONFIG', aliases: ['_WDF_DRIVER_CONFIG'], kind: 'struct', layout: per([20, 4], [32, 8]), source: 'wdfdriver.h',
    note: `${KMDF}: ULONG Size; EvtDriverDeviceAdd; EvtDriverUnload; ULONG DriverInitFlags; ULONG DriverPoolTag → x86 20; x64 8+8+8+4+4 = 32`,
  },
  {
    name: 'WDF_IO_QUEUE_CONFIG', aliases: ['_WDF_IO_QUEUE_CONFIG'], kind: 'struct', layout: per([56, 4], [96, 8]), source: 'wdfio.h',
    note: `${KMDF}: ULONG Size; WDF_IO_QUEUE_DISPATCH_TYPE DispatchType; WDF_TRI_STATE PowerManaged; BOOLEAN AllowZeroLengthRequests, DefaultQueue; 8 EvtIo* callbacks; union Settings { Parallel { ULONG NumberOfPresentedRequests } } (1.9+); WDFDRIVER Driver (1.11+) → x86 14 (→16) +32 = 48 +4 +4 = 56; x64 14 (→16) +64 = 80 +4 (→88) +8 = 96. KMDF < 1.9: x86 48, x64 80`,
    uncertain: true,
  },
  {
    name: 'WDF_TIMER_CONFIG', aliases: ['_WDF_TIMER_CONFIG'], kind: 'struct', layout: per([32, 8], [40, 8]), source: 'wdftimer.h',
    note: `${KMDF}: ULONG Size; EvtTimerFunc; ULONG Period; BOOLEAN AutomaticSerialization; ULONG TolerableDelay (1.9+); DECLSPEC_ALIGN(8) BOOLEAN UseHighResolutionTimer (1.13+) → x86 4+4+4+1 (→16) +4 = 20 (→24 for align 8) +1 = 25 → 32, align 8; x64 4 (→8) +8+4+1 (→24) +4 = 28 (→32) +1 = 33 → 40`,
    uncertain: true,
  },
  {
    name: 'WDF_DPC_CONFIG', aliases: ['_WDF_DPC_CONFIG'], kind: 'struct', layout: per([12, 4], [24, 8]), source: 'wdfdpc.h',
    note: `${KMDF}: ULONG Size; EvtDpcFunc; BOOLEAN AutomaticSerialization → x86 4+4+1 = 9 → 12; x64 4(+4)+8+1 = 17 → 24`,
  },
  {
    name: 'WDF_WORKITEM_CONFIG', aliases: ['_WDF_WORKITEM_CONFIG'], kind: 'struct', layout: per([12, 4], [24, 8]), source: 'wdfworkitem.h',
    note: `${KMDF}: ULONG Size; EvtWorkItemFunc; BOOLEAN AutomaticSerialization → x86 12; x64 24`,
  },
  {
    name: 'WDF_INTERRUPT_CONFIG', aliases: ['_WDF_INTERRUPT_CONFIG'], kind: 'struct', layout: per([60, 4], [104, 8]), source: 'wdfinterrupt.h',
    note: `${KMDF}: ULONG Size; WDFSPINLOCK SpinLock; WDF_TRI_STATE ShareVector; BOOLEAN FloatingSave, AutomaticSerialization; EvtInterruptIsr, Dpc, Enable, Disable, WorkItem (1.11+); PCM_PARTIAL_RESOURCE_DESCRIPTOR InterruptRaw, InterruptTranslated (1.11+); WDFWAITLOCK WaitLock (1.11+); BOOLEAN PassiveHandling (1.11+); WDF_TRI_STATE ReportInactiveOnPowerDown (1.11+); BOOLEAN CanWakeDevice (1.13+) → x86 4+4+4+2 (→16) +20+8+4 = 48 +1 (→52) +4 +1 = 57 → 60; x64 4 (→8) +8+4+2 (→24) +40+16+8 = 88 +1 (→92) +4 +1 = 97 → 104. Smaller in KMDF < 1.11`,
    uncertain: true,
  },
  {
    name: 'WDF_PNPPOWER_EVENT_CALLBACKS', aliases: ['_WDF_PNPPOWER_EVENT_CALLBACKS'], kind: 'struct', layout: per([72, 4], [144, 8]), source: 'wdfdevice.h',
    note: `${KMDF}: ULONG Size; 17 callback pointers (EvtDeviceD0Entry .. EvtDeviceRelationsQuery, EvtDeviceUsageNotificationEx since 1.11) → x86 4+17×4 = 72; x64 8+17×8 = 144`,
    uncertain: true,
  },
  {
    name: 'WDF_POWER_POLICY_EVENT_CALLBACKS', aliases: ['_WDF_POWER_POLICY_EVENT_CALLBACKS'], kind: 'struct', layout: per([32, 4], [64, 8]), source: 'wdfdevice.h',
    note: `${KMDF}: ULONG Size; 7 callback pointers → x86 4+28 = 32; x64 8+56 = 64`,
  },
  {
    name: 'WDF_FILEOBJECT_CONFIG', aliases: ['_WDF_FILEOBJECT_CONFIG'], kind: 'struct', layout: per([24, 4], [40, 8]), source: 'wdfdevice.h',
    note: `${KMDF}: ULONG Size; EvtDeviceFileCreate; EvtFileClose; EvtFileCleanup; WDF_TRI_STATE AutoForwardCleanupClose; WDF_FILEOBJECT_CLASS FileObjectClass → x86 24; x64 8+24+4+4 = 40`,
  },
  {
    name: 'WDF_REQUEST_PARAMETERS', aliases: ['_WDF_REQUEST_PARAMETERS'], kind: 'struct', layout: per([24, 8], [40, 8]), source: 'wdfrequest.h',
    note: `${KMDF}: USHORT Size; UCHAR MinorFunction; WDF_REQUEST_TYPE Type; union Parameters (POINTER_ALIGNMENT = DECLSPEC_ALIGN(8) on _WIN64, nothing on x86; largest: x86 Read { size_t Length; ULONG Key; LONGLONG DeviceOffset } = 16 align 8; x64 Others { PVOID Arg1, Arg2; ULONG IoControlCode (aligned 8); PVOID Arg4 } = 32) → x86 8+16 = 24, align 8; x64 8+32 = 40`,
  },
  {
    name: 'WDF_REQUEST_COMPLETION_PARAMS', aliases: ['_WDF_REQUEST_COMPLETION_PARAMS'], kind: 'struct', layout: per([40, 4], [72, 8]), source: 'wdfrequest.h',
    note: `${KMDF}: ULONG Size; WDF_REQUEST_TYPE Type; IO_STATUS_BLOCK IoStatus; union Parameters (largest: Ioctl { ULONG IoControlCode; Input { WDFMEMORY; size_t }; Output { WDFMEMORY; size_t; size_t } }) → x86 8+8+(4+8+12 = 24) = 40; x64 8+16+(4 (→8) +16+24 = 48) = 72`,
  },
  {
    name: 'WDF_REQUEST_REUSE_PARAMS', aliases: ['_WDF_REQUEST_REUSE_PARAMS'], kind: 'struct', layout: per([16, 4], [24, 8]), source: 'wdfrequest.h',
    note: `${KMDF}: ULONG Size; ULONG Flags; NTSTATUS Status; PIRP NewIrp → x86 16; x64 12(+4)+8 = 24`,
  },
  {
    name: 'WDF_REQUEST_SEND_OPTIONS', aliases: ['_WDF_REQUEST_SEND_OPTIONS'], kind: 'struct', layout: all(16, 8), source: 'wdfrequest.h',
    note: `${KMDF}: ULONG Size; ULONG Flags; LONGLONG Timeout → 4+4+8 = 16, align 8 on every target`,
  },
  {
    name: 'WDF_REQUEST_FORWARD_OPTIONS', aliases: ['_WDF_REQUEST_FORWARD_OPTIONS'], kind: 'struct', layout: all(8, 4), source: 'wdfrequest.h',
    note: `${KMDF}: ULONG Size; ULONG Flags → 8`,
  },
  {
    name: 'WDF_MEMORY_DESCRIPTOR', aliases: ['_WDF_MEMORY_DESCRIPTOR'], kind: 'struct', layout: per([12, 4], [24, 8]), source: 'wdfmemory.h',
    note: `${KMDF}: WDF_MEMORY_DESCRIPTOR_TYPE Type; union u (largest: HandleType { WDFMEMORY Memory; PWDFMEMORY_OFFSET Offsets } or BufferType { PVOID Buffer; ULONG Length }) → x86 4+8 = 12; x64 4(+4)+16 = 24`,
  },
  {
    name: 'WDF_DEVICE_PNP_CAPABILITIES', aliases: ['_WDF_DEVICE_PNP_CAPABILITIES'], kind: 'struct', layout: all(48, 4), source: 'wdfdevice.h',
    note: `${KMDF}: ULONG Size; 9 × WDF_TRI_STATE (LockSupported .. NoDisplayInUI); ULONG Address; ULONG UINumber → 4+36+8 = 48`,
  },
  {
    name: 'WDF_DEVICE_POWER_CAPABILITIES', aliases: ['_WDF_DEVICE_POWER_CAPABILITIES'], kind: 'struct', layout: all(80, 4), source: 'wdfdevice.h',
    note: `${KMDF}: ULONG Size; 6 × WDF_TRI_STATE (DeviceD1 .. WakeFromD3); DEVICE_POWER_STATE DeviceState[PowerSystemMaximum = 7]; DEVICE_POWER_STATE DeviceWake; SYSTEM_POWER_STATE SystemWake; ULONG D1Latency, D2Latency, D3Latency; DEVICE_POWER_STATE IdealDxStateForSx (1.9+) → 4+24+28+8+12+4 = 80`,
    uncertain: true,
  },
  {
    name: 'WDF_DEVICE_STATE', aliases: ['_WDF_DEVICE_STATE'], kind: 'struct', layout: all(32, 4), source: 'wdfdevice.h',
    note: `${KMDF}: ULONG Size; 7 × WDF_TRI_STATE → 4+28 = 32`,
  },
  {
    name: 'WDF_IO_TYPE_CONFIG', aliases: ['_WDF_IO_TYPE_CONFIG'], kind: 'struct', layout: all(16, 4), source: 'wdfdevice.h',
    note: `${KMDF} (1.13+): ULONG Size; WDF_DEVICE_IO_TYPE ReadWriteIoType; WDF_DEVICE_IO_TYPE DeviceControlIoType; ULONG DirectTransferThreshold → 16`,
  },
  {
    name: 'WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS', aliases: ['_WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS'], kind: 'struct', layout: all(36, 4), source: 'wdfdevice.h',
    note: `${KMDF}: ULONG Size; WDF_POWER_POLICY_S0_IDLE_CAPABILITIES IdleCaps; DEVICE_POWER_STATE DxState; ULONG IdleTimeout; WDF_POWER_POLICY_S0_IDLE_USER_CONTROL UserControlOfIdleSettings; WDF_TRI_STATE Enabled, PowerUpIdleDeviceOnSystemWake (1.9+); WDF_POWER_POLICY_IDLE_TIMEOUT_TYPE IdleTimeoutType (1.11+); WDF_TRI_STATE ExcludeD3Cold (1.11+) → 9 × 4 = 36`,
    uncertain: true,
  },
  {
    name: 'WDF_DEVICE_POWER_POLICY_WAKE_SETTINGS', aliases: ['_WDF_DEVICE_POWER_POLICY_WAKE_SETTINGS'], kind: 'struct', layout: all(20, 4), source: 'wdfdevice.h',
    note: `${KMDF}: ULONG Size; DEVICE_POWER_STATE DxState; WDF_POWER_POLICY_SX_WAKE_USER_CONTROL UserControlOfWakeSettings; WDF_TRI_STATE Enabled; BOOLEAN ArmForWakeIfChildrenAreArmedForWake; BOOLEAN IndicateChildWakeOnParentWake (1.9+) → 16+2 = 18 → 20`,
  },
  {
    name: 'WDF_IO_TARGET_OPEN_PARAMS', aliases: ['_WDF_IO_TARGET_OPEN_PARAMS'], kind: 'struct', layout: per([80, 4], [136, 8]), source: 'wdfiotarget.h',
    note: `${KMDF}: ULONG Size; WDF_IO_TARGET_OPEN_TYPE Type; 3 EvtIoTarget* callbacks; PDEVICE_OBJECT TargetDeviceObject; PFILE_OBJECT TargetFileObject; UNICODE_STRING TargetDeviceName; ACCESS_MASK DesiredAccess; ULONG ShareAccess, FileAttributes, CreateDisposition, CreateOptions; PVOID EaBuffer; ULONG EaBufferLength; PLONGLONG AllocationSize; ULONG FileInformation; UNICODE_STRING FileName (1.11+) → x86 8+12+8+8+20+4+4+4+4+8 = 80; x64 8+24+16+16+20 (→88) +8+4 (→104) +8+4 (→120) +16 = 136`,
    uncertain: true,
  },
  {
    name: 'WDF_DMA_ENABLER_CONFIG', aliases: ['_WDF_DMA_ENABLER_CONFIG'], kind: 'struct', layout: per([48, 4], [80, 8]), source: 'wdfdmaenabler.h',
    note: `${KMDF}: ULONG Size; WDF_DMA_PROFILE Profile; size_t MaximumLength; 6 EvtDmaEnabler* callbacks; ULONG AddressWidthOverride, WdmDmaVersionOverride (1.11+), Flags (1.11+) → x86 4+4+4+24+12 = 48; x64 8+8+48+12 = 76 → 80`,
    uncertain: true,
  },
  {
    name: 'WDF_QUERY_INTERFACE_CONFIG', aliases: ['_WDF_QUERY_INTERFACE_CONFIG'], kind: 'struct', layout: per([24, 4], [48, 8]), source: 'wdfqueryinterface.h',
    note: `${KMDF}: ULONG Size; PINTERFACE Interface; CONST GUID* InterfaceType; BOOLEAN SendQueryToParentStack; EvtDeviceProcessQueryInterfaceRequest; BOOLEAN ImportInterface → x86 4+4+4+4+4+4 = 24; x64 8+8+8+8+8+8 = 48`,
  },
  {
    name: 'WDF_CHILD_LIST_CONFIG', aliases: ['_WDF_CHILD_LIST_CONFIG'], kind: 'struct', layout: per([52, 4], [96, 8]), source: 'wdfchildlist.h',
    note: `${KMDF}: ULONG Size, IdentificationDescriptionSize, AddressDescriptionSize; 10 EvtChildList* callbacks → x86 12+40 = 52; x64 12 (→16) +80 = 96`,
  },
  {
    name: 'WDF_DRIVER_VERSION_AVAILABLE_PARAMS', aliases: ['_WDF_DRIVER_VERSION_AVAILABLE_PARAMS'], kind: 'struct', layout: all(12, 4), source: 'wdfdriver.h',
    note: `${KMDF}: ULONG Size; ULONG MajorVersion; ULONG MinorVersion → 12`,
  },
  ...['WDF_TRI_STATE', 'WDF_DEVICE_POWER_STATE', 'WDF_REQUEST_TYPE', 'WDF_IO_QUEUE_DISPATCH_TYPE', 'WDF_EXECUTION_LEVEL', 'WDF_SYNCHRONIZATION_SCOPE', 'WDF_DEVICE_IO_TYPE', 'WDF_POWER_DEVICE_STATE', 'WDF_MEMORY_DESCRIPTOR_TYPE', 'WDF_FILEOBJECT_CLASS', 'WDF_SPECIAL_FILE_TYPE', 'WDF_INTERRUPT_POLICY', 'WDF_INTERRUPT_PRIORITY', 'WDF_DMA_PROFILE', 'WDF_DMA_DIRECTION', 'WDF_USB_PIPE_TYPE', 'WDF_IO_TARGET_OPEN_TYPE'].map((n) =>
    enumType(n, n.includes('USB') ? 'wdfusb.h' : n.includes('DMA') ? 'wdfdmaenabler.h' : n.includes('IO_TARGET') ? 'wdfiotarget.h' : 'wdftypes.h', [`_${n}`]),
  ),
];

function buildTable(): Map<string, WdkTypeEntry> {
  const map = new Map<string, WdkTypeEntry>();
  const add = (e: WdkTypeEntry) => {
    if (!map.has(e.name)) map.set(e.name, e);
    for (const a of e.aliases ?? []) if (!map.has(a)) map.set(a, e);
  };
  for (const e of [...BASIC, ...ENUMS, ...COMPOSITES, ...WDF_STRUCTS]) add(e);
  for (const [name, header] of WDF_HANDLES) add({ name, kind: 'handle', layout: ptr(), source: header, note: 'DECLARE_HANDLE: pointer to an opaque struct' });
  // Pointer typedefs of every struct, union and opaque entry: PKEVENT, PIRP, PUNICODE_STRING,
  // PRKEVENT (the `PR` spelling wdm.h uses for dispatcher objects) ...
  for (const e of [...COMPOSITES, ...WDF_STRUCTS, ...ENUMS]) {
    if (e.kind === 'scalar' || e.kind === 'pointer' || e.kind === 'handle') continue;
    for (const n of [e.name, ...(e.aliases ?? []).filter((a) => !a.startsWith('_'))]) {
      for (const p of [`P${n}`, `PC${n}`, `PR${n}`]) {
        if (!map.has(p)) add({ name: p, kind: 'pointer', layout: ptr(), source: e.source, note: `pointer to ${n}` });
      }
    }
  }
  return map;
}

let table: Map<string, WdkTypeEntry> | null = null;

/** The whole table keyed by every name and alias (built once). */
export function wdkTypeTable(): ReadonlyMap<string, WdkTypeEntry> {
  if (!table) table = buildTable();
  return table;
}

/** One WDK type by name or tag (`KEVENT`, `_KEVENT`, `PKEVENT`), or undefined. */
export function lookupWdkType(name: string): WdkTypeEntry | undefined {
  return wdkTypeTable().get(name);
}

/** Distinct entries (not aliases), for documentation and tests. */
export function wdkTypeEntries(): WdkTypeEntry[] {
  return [...new Set(wdkTypeTable().values())];
}
