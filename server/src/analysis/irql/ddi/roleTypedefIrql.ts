// Where a driver function runs, from how it is declared or handed to the system:
//  - role typedefs (`DRIVER_DISPATCH MyDispatch;`, `EVT_WDF_DPC MyDpc;`): the callback page's
//    req.irql (roleTypedefs.json, generated) refined here where the page defers to its Remarks;
//  - IRP major function codes (a DRIVER_DISPATCH routine's IRQL depends on the slot it fills);
//  - registration calls and config macros that take a callback, with the callback's argument index;
//  - structure members ("slots") that take a callback (`cfg.EvtIoRead = f`,
//    `DriverObject->MajorFunction[IRP_MJ_CREATE] = f`).
// Facts only, each with the page it came from; notes are our own words.
import { APC_LEVEL, DIRQL_MAX, DIRQL_MIN, DISPATCH_LEVEL, PASSIVE_LEVEL } from './irqlLevels';

const DOCS = 'https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/';
const page = (p: string): string => DOCS + p;
/** Header source for typedefs the DDI reference has no page for. */
const WDM_H = 'wdm.h (WDK 10.0.22621.0)';

/** What the IRQL of a callback depends on, when the typedef alone does not fix it. */
export type RoleDependency =
  /** DRIVER_DISPATCH: the IRP_MJ_* slot it is registered in (see majorFunctionIrql). */
  | 'major-function'
  /** KMDF: the ExecutionLevel of the object (WdfExecutionLevelPassive lowers it to PASSIVE_LEVEL). */
  | 'execution-level'
  /** Interrupt callbacks: DIRQL, or PASSIVE_LEVEL for passive-level interrupt objects. */
  | 'interrupt-mode'
  /** The I/O path that calls it (minifilter callbacks, completion routines). */
  | 'io-path';

export interface RoleIrql {
  /** Lowest IRQL the callback can be called at; null = unknown. */
  minIrql: number | null;
  /** Highest IRQL the callback can be called at; null = unknown. */
  maxIrql: number | null;
  /** The callback page's req.irql as written. */
  irqlText: string;
  dependsOn?: RoleDependency;
  /** The callback is entered holding what these routines acquire (DRIVER_CANCEL: the cancel spin lock). */
  entersHolding?: string[];
  /** Why the bounds differ from the req.irql text. */
  irqlNote?: string;
  /** Declared through another typedef name of the same callback type (header typedef alias). */
  sameAs?: string;
  source: string;
}

/** Curated refinements over roleTypedefs.json (same field meaning; source is the callback page). */
export const ROLE_OVERRIDES: Readonly<Record<string, Partial<RoleIrql>>> = {
  DRIVER_DISPATCH: {
    dependsOn: 'major-function',
    irqlNote: 'PASSIVE_LEVEL in general; read/write/device-control in the paging path can run at APC_LEVEL and power at DISPATCH_LEVEL (see majorFunctionIrql). wdm.h annotates the typedef _IRQL_requires_max_(DISPATCH_LEVEL) because another driver may call it; DRIVER_DISPATCH_PAGED is the PASSIVE_LEVEL-only variant',
  },
  DRIVER_CANCEL: { entersHolding: ['IoAcquireCancelSpinLock'], irqlNote: 'Remarks: entered at DISPATCH_LEVEL holding the cancel spin lock; must release it with Irp->CancelIrql' },
  IO_COMPLETION_ROUTINE: { dependsOn: 'io-path' },
  EVT_WDF_IO_QUEUE_IO_READ: { dependsOn: 'execution-level' },
  EVT_WDF_IO_QUEUE_IO_WRITE: { dependsOn: 'execution-level' },
  EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL: { dependsOn: 'execution-level' },
  EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL: { dependsOn: 'execution-level' },
  EVT_WDF_IO_QUEUE_IO_DEFAULT: { dependsOn: 'execution-level' },
  EVT_WDF_IO_QUEUE_IO_STOP: { dependsOn: 'execution-level' },
  EVT_WDF_IO_QUEUE_IO_RESUME: { dependsOn: 'execution-level' },
  EVT_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE: { dependsOn: 'execution-level' },
  EVT_WDF_TIMER: {
    minIrql: PASSIVE_LEVEL, maxIrql: DISPATCH_LEVEL, dependsOn: 'execution-level',
    irqlNote: 'Remarks: DISPATCH_LEVEL (a DPC) by default; PASSIVE_LEVEL (a work item) with WdfExecutionLevelPassive',
  },
  EVT_WDF_INTERRUPT_ISR: {
    minIrql: DIRQL_MIN, maxIrql: DIRQL_MAX, dependsOn: 'interrupt-mode',
    irqlNote: 'Remarks: at the device DIRQL holding the interrupt spin lock; PASSIVE_LEVEL for passive-level interrupts (KMDF 1.11+)',
  },
  EVT_WDF_INTERRUPT_ENABLE: {
    minIrql: DIRQL_MIN, maxIrql: DIRQL_MAX, dependsOn: 'interrupt-mode',
    irqlNote: 'Remarks: at DIRQL holding the interrupt spin lock; PASSIVE_LEVEL for passive-level interrupts',
  },
  EVT_WDF_INTERRUPT_DISABLE: {
    minIrql: DIRQL_MIN, maxIrql: DIRQL_MAX, dependsOn: 'interrupt-mode',
    irqlNote: 'Remarks: at DIRQL holding the interrupt spin lock; PASSIVE_LEVEL for passive-level interrupts',
  },
  EVT_WDF_INTERRUPT_SYNCHRONIZE: {
    minIrql: DIRQL_MIN, maxIrql: DIRQL_MAX, dependsOn: 'interrupt-mode',
    irqlNote: 'Remarks: at DIRQL holding the interrupt spin lock; PASSIVE_LEVEL for passive-level interrupts',
  },
  EVT_WDF_INTERRUPT_DPC: { minIrql: DISPATCH_LEVEL, maxIrql: DISPATCH_LEVEL, irqlNote: 'Remarks: runs at DISPATCH_LEVEL' },
  EVT_WDF_OBJECT_CONTEXT_CLEANUP: { minIrql: PASSIVE_LEVEL, maxIrql: DISPATCH_LEVEL, irqlNote: 'Remarks: typically <= DISPATCH_LEVEL, PASSIVE_LEVEL in the listed cases' },
  EVT_WDF_OBJECT_CONTEXT_DESTROY: { minIrql: PASSIVE_LEVEL, maxIrql: DISPATCH_LEVEL, irqlNote: 'Remarks: typically <= DISPATCH_LEVEL, PASSIVE_LEVEL in the listed cases' },
  EVT_WDF_IO_IN_CALLER_CONTEXT: { minIrql: PASSIVE_LEVEL, maxIrql: DISPATCH_LEVEL, irqlNote: 'Remarks: the IRQL of the calling thread (PASSIVE_LEVEL from user mode, up to DISPATCH_LEVEL from kernel callers)' },
  PFLT_PRE_OPERATION_CALLBACK: { dependsOn: 'io-path', irqlNote: 'Remarks: depends on the I/O path; no single bound' },
  PFLT_POST_OPERATION_CALLBACK: {
    minIrql: PASSIVE_LEVEL, maxIrql: DISPATCH_LEVEL, dependsOn: 'io-path',
    irqlNote: 'Remarks: <= DISPATCH_LEVEL in an arbitrary thread; <= APC_LEVEL after FLT_PREOP_SYNCHRONIZE; PASSIVE_LEVEL for post-create',
  },
  PFLT_INSTANCE_TEARDOWN_CALLBACK: { minIrql: PASSIVE_LEVEL, maxIrql: PASSIVE_LEVEL, irqlNote: 'Remarks: called at PASSIVE_LEVEL' },
  KMESSAGE_SERVICE_ROUTINE: { minIrql: DIRQL_MIN, maxIrql: DIRQL_MAX, irqlNote: 'Remarks: at or above the DIRQL of the interrupts it handles' },
};

/**
 * Callback typedefs with no page of their own in the DDI reference, described by the page of the
 * routine that takes them (WORKER_THREAD_ROUTINE: the ExInitializeWorkItem page states the IRQL)
 * or by the typedef they alias.
 */
export const EXTRA_ROLES: Readonly<Record<string, RoleIrql>> = {
  WORKER_THREAD_ROUTINE: {
    minIrql: PASSIVE_LEVEL, maxIrql: PASSIVE_LEVEL, irqlText: '',
    irqlNote: 'ExInitializeWorkItem: the routine is called in a system thread at PASSIVE_LEVEL (wdm.h: _IRQL_requires_max_(PASSIVE_LEVEL))',
    source: page('wdm/nf-wdm-exinitializeworkitem'),
  },
  DRIVER_DISPATCH_RAISED: {
    minIrql: PASSIVE_LEVEL, maxIrql: DISPATCH_LEVEL, irqlText: '', sameAs: 'DRIVER_DISPATCH',
    irqlNote: 'wdm.h: typedef of DRIVER_DISPATCH marking a dispatch routine that may be called at DISPATCH_LEVEL',
    source: WDM_H,
  },
  DRIVER_DISPATCH_PAGED: {
    minIrql: PASSIVE_LEVEL, maxIrql: PASSIVE_LEVEL, irqlText: '', sameAs: 'DRIVER_DISPATCH',
    irqlNote: 'wdm.h: _Function_class_(DRIVER_DISPATCH) _IRQL_requires_max_(PASSIVE_LEVEL), for top-level-only drivers',
    source: WDM_H,
  },
  EVT_WDF_DEVICE_CONTEXT_CLEANUP: {
    minIrql: PASSIVE_LEVEL, maxIrql: DISPATCH_LEVEL, irqlText: '', sameAs: 'EVT_WDF_OBJECT_CONTEXT_CLEANUP',
    irqlNote: 'wdfdevice.h declares it as the EVT_WDF_OBJECT_CONTEXT_CLEANUP type (KMDF header, not in this repo)',
    source: page('wdfobject/nc-wdfobject-evt_wdf_object_context_cleanup'),
  },
  EVT_WDF_DEVICE_CONTEXT_DESTROY: {
    minIrql: PASSIVE_LEVEL, maxIrql: DISPATCH_LEVEL, irqlText: '', sameAs: 'EVT_WDF_OBJECT_CONTEXT_DESTROY',
    irqlNote: 'wdfdevice.h declares it as the EVT_WDF_OBJECT_CONTEXT_DESTROY type (KMDF header, not in this repo)',
    source: page('wdfobject/nc-wdfobject-evt_wdf_object_context_destroy'),
  },
};

// ---------------------------------------------------------------------------------------------
// IRP major functions → IRQL of the DRIVER_DISPATCH routine in that slot.

export const DISPATCH_IRQL_SOURCE = 'https://learn.microsoft.com/en-us/windows-hardware/drivers/kernel/dispatch-routines-and-irqls';

export interface MajorFunctionIrql {
  minIrql: number;
  maxIrql: number;
  note?: string;
  source: string;
}

const passive = (note?: string): MajorFunctionIrql => (note ? { minIrql: PASSIVE_LEVEL, maxIrql: PASSIVE_LEVEL, note, source: DISPATCH_IRQL_SOURCE } : { minIrql: PASSIVE_LEVEL, maxIrql: PASSIVE_LEVEL, source: DISPATCH_IRQL_SOURCE });
const pagingPath: MajorFunctionIrql = {
  minIrql: PASSIVE_LEVEL, maxIrql: APC_LEVEL,
  note: 'lowest-level drivers and filters in the paging path can be called at APC_LEVEL; such routines must not be pageable',
  source: DISPATCH_IRQL_SOURCE,
};

export const MAJOR_FUNCTION_IRQL: Readonly<Record<string, MajorFunctionIrql>> = {
  IRP_MJ_CREATE: passive(),
  IRP_MJ_CREATE_NAMED_PIPE: passive(),
  IRP_MJ_CLOSE: passive(),
  IRP_MJ_READ: pagingPath,
  IRP_MJ_WRITE: pagingPath,
  IRP_MJ_QUERY_INFORMATION: passive(),
  IRP_MJ_SET_INFORMATION: passive(),
  IRP_MJ_QUERY_EA: passive(),
  IRP_MJ_SET_EA: passive(),
  IRP_MJ_FLUSH_BUFFERS: passive(),
  IRP_MJ_QUERY_VOLUME_INFORMATION: passive(),
  IRP_MJ_SET_VOLUME_INFORMATION: passive(),
  IRP_MJ_DIRECTORY_CONTROL: passive(),
  IRP_MJ_FILE_SYSTEM_CONTROL: passive(),
  IRP_MJ_DEVICE_CONTROL: pagingPath,
  IRP_MJ_INTERNAL_DEVICE_CONTROL: {
    minIrql: PASSIVE_LEVEL, maxIrql: DISPATCH_LEVEL,
    note: 'not an exception on the dispatch-routines page, but internal requests arrive through IoCallDriver, which may be called at <= DISPATCH_LEVEL (KMDF documents EvtIoInternalDeviceControl at <= DISPATCH_LEVEL)',
    source: page('wdm/nf-wdm-iocalldriver'),
  },
  IRP_MJ_SHUTDOWN: passive(),
  IRP_MJ_LOCK_CONTROL: passive(),
  IRP_MJ_CLEANUP: passive(),
  IRP_MJ_CREATE_MAILSLOT: passive(),
  IRP_MJ_QUERY_SECURITY: passive(),
  IRP_MJ_SET_SECURITY: passive(),
  IRP_MJ_POWER: {
    minIrql: PASSIVE_LEVEL, maxIrql: DISPATCH_LEVEL,
    note: 'drivers in the hibernation/paging path or needing inrush power can be called at DISPATCH_LEVEL',
    source: DISPATCH_IRQL_SOURCE,
  },
  IRP_MJ_SYSTEM_CONTROL: passive(),
  IRP_MJ_DEVICE_CHANGE: passive(),
  IRP_MJ_QUERY_QUOTA: passive(),
  IRP_MJ_SET_QUOTA: passive(),
  IRP_MJ_PNP: passive(),
};
/** IRP_MJ_SCSI is the same code as IRP_MJ_INTERNAL_DEVICE_CONTROL (wdm.h). */
export const MAJOR_FUNCTION_SYNONYMS: Readonly<Record<string, string>> = { IRP_MJ_SCSI: 'IRP_MJ_INTERNAL_DEVICE_CONTROL', IRP_MJ_PNP_POWER: 'IRP_MJ_PNP' };

// ---------------------------------------------------------------------------------------------
// Registration calls: which argument (0-based, at the call site) receives a callback, and its role.

export interface RegistrationParam {
  param: number;
  role: string;
  /** IRQL bounds that replace the role's (KeInitializeThreadedDpc: a threaded DPC usually runs at PASSIVE_LEVEL). */
  minIrql?: number;
  maxIrql?: number;
  note?: string;
}
export interface Registration {
  callbacks: RegistrationParam[];
  source: string;
}

const reg = (p: string, ...callbacks: RegistrationParam[]): Registration => ({ callbacks, source: page(p) });

export const REGISTRATIONS: Readonly<Record<string, Registration>> = {
  IoSetCompletionRoutine: reg('wdm/nf-wdm-iosetcompletionroutine', { param: 1, role: 'IO_COMPLETION_ROUTINE' }),
  IoSetCompletionRoutineEx: reg('wdm/nf-wdm-iosetcompletionroutineex', { param: 2, role: 'IO_COMPLETION_ROUTINE' }),
  KeInitializeDpc: reg('wdm/nf-wdm-keinitializedpc', { param: 1, role: 'KDEFERRED_ROUTINE' }),
  KeInitializeThreadedDpc: reg('wdm/nf-wdm-keinitializethreadeddpc', {
    param: 1, role: 'KDEFERRED_ROUTINE', minIrql: PASSIVE_LEVEL, maxIrql: DISPATCH_LEVEL,
    note: 'a CustomThreadedDpc runs at PASSIVE_LEVEL or DISPATCH_LEVEL (stated on the KeAcquireSpinLockForDpc page)',
  }),
  IoInitializeDpcRequest: reg('wdm/nf-wdm-ioinitializedpcrequest', { param: 1, role: 'IO_DPC_ROUTINE' }),
  IoInitializeTimer: reg('wdm/nf-wdm-ioinitializetimer', { param: 1, role: 'IO_TIMER_ROUTINE' }),
  IoQueueWorkItem: reg('wdm/nf-wdm-ioqueueworkitem', { param: 1, role: 'IO_WORKITEM_ROUTINE' }),
  IoQueueWorkItemEx: reg('wdm/nf-wdm-ioqueueworkitemex', { param: 1, role: 'IO_WORKITEM_ROUTINE_EX' }),
  ExInitializeWorkItem: reg('wdm/nf-wdm-exinitializeworkitem', { param: 1, role: 'WORKER_THREAD_ROUTINE' }),
  PsCreateSystemThread: reg('wdm/nf-wdm-pscreatesystemthread', { param: 5, role: 'KSTART_ROUTINE' }),
  IoConnectInterrupt: reg('wdm/nf-wdm-ioconnectinterrupt', { param: 1, role: 'KSERVICE_ROUTINE' }),
  KeSynchronizeExecution: reg('wdm/nf-wdm-kesynchronizeexecution', { param: 1, role: 'KSYNCHRONIZE_ROUTINE' }),
  IoStartPacket: reg('wdm/nf-wdm-iostartpacket', { param: 3, role: 'DRIVER_CANCEL' }),
  IoSetCancelRoutine: reg('wdm/nf-wdm-iosetcancelroutine', { param: 1, role: 'DRIVER_CANCEL' }),
  ExAllocateTimer: reg('wdm/nf-wdm-exallocatetimer', { param: 0, role: 'EXT_CALLBACK' }),
  KeRegisterBugCheckCallback: reg('wdm/nf-wdm-keregisterbugcheckcallback', { param: 1, role: 'KBUGCHECK_CALLBACK_ROUTINE' }),
  KeRegisterBugCheckReasonCallback: reg('wdm/nf-wdm-keregisterbugcheckreasoncallback', { param: 1, role: 'KBUGCHECK_REASON_CALLBACK_ROUTINE' }),
  KeIpiGenericCall: reg('wdm/nf-wdm-keipigenericcall', { param: 0, role: 'KIPI_BROADCAST_WORKER' }),
  PoRequestPowerIrp: reg('wdm/nf-wdm-porequestpowerirp', { param: 3, role: 'REQUEST_POWER_COMPLETE' }),
  PsSetCreateProcessNotifyRoutine: reg('ntddk/nf-ntddk-pssetcreateprocessnotifyroutine', { param: 0, role: 'PCREATE_PROCESS_NOTIFY_ROUTINE' }),
  PsSetCreateProcessNotifyRoutineEx: reg('ntddk/nf-ntddk-pssetcreateprocessnotifyroutineex', { param: 0, role: 'PCREATE_PROCESS_NOTIFY_ROUTINE_EX' }),
  PsSetCreateThreadNotifyRoutine: reg('ntddk/nf-ntddk-pssetcreatethreadnotifyroutine', { param: 0, role: 'PCREATE_THREAD_NOTIFY_ROUTINE' }),
  PsSetLoadImageNotifyRoutine: reg('ntddk/nf-ntddk-pssetloadimagenotifyroutine', { param: 0, role: 'PLOAD_IMAGE_NOTIFY_ROUTINE' }),
  CmRegisterCallback: reg('wdm/nf-wdm-cmregistercallback', { param: 0, role: 'EX_CALLBACK_FUNCTION' }),
  CmRegisterCallbackEx: reg('wdm/nf-wdm-cmregistercallbackex', { param: 0, role: 'EX_CALLBACK_FUNCTION' }),
  IoRegisterDriverReinitialization: reg('ntddk/nf-ntddk-ioregisterdriverreinitialization', { param: 1, role: 'DRIVER_REINITIALIZE' }),
  IoRegisterBootDriverReinitialization: reg('ntddk/nf-ntddk-ioregisterbootdriverreinitialization', { param: 1, role: 'DRIVER_REINITIALIZE' }),
  // KMDF (call-site indices: the DriverGlobals argument is added by the method macros).
  WdfRequestSetCompletionRoutine: reg('wdfrequest/nf-wdfrequest-wdfrequestsetcompletionroutine', { param: 1, role: 'EVT_WDF_REQUEST_COMPLETION_ROUTINE' }),
  WdfRequestMarkCancelable: reg('wdfrequest/nf-wdfrequest-wdfrequestmarkcancelable', { param: 1, role: 'EVT_WDF_REQUEST_CANCEL' }),
  WdfRequestMarkCancelableEx: reg('wdfrequest/nf-wdfrequest-wdfrequestmarkcancelableex', { param: 1, role: 'EVT_WDF_REQUEST_CANCEL' }),
  WdfInterruptSynchronize: reg('wdfinterrupt/nf-wdfinterrupt-wdfinterruptsynchronize', { param: 1, role: 'EVT_WDF_INTERRUPT_SYNCHRONIZE' }),
  WdfIoQueueReadyNotify: reg('wdfio/nf-wdfio-wdfioqueuereadynotify', { param: 1, role: 'EVT_WDF_IO_QUEUE_STATE' }),
  WdfDeviceInitSetIoInCallerContextCallback: reg('wdfdevice/nf-wdfdevice-wdfdeviceinitsetioincallercontextcallback', { param: 1, role: 'EVT_WDF_IO_IN_CALLER_CONTEXT' }),
  WdfDeviceInitAssignWdmIrpPreprocessCallback: reg('wdfdevice/nf-wdfdevice-wdfdeviceinitassignwdmirppreprocesscallback', { param: 1, role: 'EVT_WDFDEVICE_WDM_IRP_PREPROCESS' }),
  WDF_DPC_CONFIG_INIT: reg('wdfdpc/nf-wdfdpc-wdf_dpc_config_init', { param: 1, role: 'EVT_WDF_DPC' }),
  WDF_TIMER_CONFIG_INIT: reg('wdftimer/nf-wdftimer-wdf_timer_config_init', { param: 1, role: 'EVT_WDF_TIMER' }),
  WDF_TIMER_CONFIG_INIT_PERIODIC: reg('wdftimer/nf-wdftimer-wdf_timer_config_init_periodic', { param: 1, role: 'EVT_WDF_TIMER' }),
  WDF_WORKITEM_CONFIG_INIT: reg('wdfworkitem/nf-wdfworkitem-wdf_workitem_config_init', { param: 1, role: 'EVT_WDF_WORKITEM' }),
  WDF_INTERRUPT_CONFIG_INIT: reg('wdfinterrupt/nf-wdfinterrupt-wdf_interrupt_config_init',
    { param: 1, role: 'EVT_WDF_INTERRUPT_ISR' }, { param: 2, role: 'EVT_WDF_INTERRUPT_DPC' }),
  WDF_DRIVER_CONFIG_INIT: reg('wdfdriver/nf-wdfdriver-wdf_driver_config_init', { param: 1, role: 'EVT_WDF_DRIVER_DEVICE_ADD' }),
  WDF_FILEOBJECT_CONFIG_INIT: reg('wdfdevice/nf-wdfdevice-wdf_fileobject_config_init',
    { param: 1, role: 'EVT_WDF_DEVICE_FILE_CREATE' }, { param: 2, role: 'EVT_WDF_FILE_CLOSE' }, { param: 3, role: 'EVT_WDF_FILE_CLEANUP' }),
  WDF_USB_CONTINUOUS_READER_CONFIG_INIT: reg('wdfusb/nf-wdfusb-wdf_usb_continuous_reader_config_init', { param: 1, role: 'EVT_WDF_USB_READER_COMPLETION_ROUTINE' }),
};

// ---------------------------------------------------------------------------------------------
// Structure members that take a callback: the slot name as the parser records it (after the last
// `.`/`->`), its role, and the structure page.

export interface SlotRole {
  role: string;
  /** For `MajorFunction[IRP_MJ_X]`: the major function code. */
  majorFunction?: string;
  source: string;
}

const slot = (role: string, p: string): SlotRole => ({ role, source: page(p) });
const PNP = 'wdfdevice/ns-wdfdevice-_wdf_pnppower_event_callbacks';
const POLICY = 'wdfdevice/ns-wdfdevice-_wdf_power_policy_event_callbacks';
const QUEUE = 'wdfio/ns-wdfio-_wdf_io_queue_config';
const INTERRUPT = 'wdfinterrupt/ns-wdfinterrupt-_wdf_interrupt_config';
const DRIVER_OBJECT = 'wdm/ns-wdm-_driver_object';
const FLT_REG = 'fltkernel/ns-fltkernel-_flt_registration';

export const SLOT_ROLES: Readonly<Record<string, SlotRole>> = {
  // DRIVER_OBJECT (MajorFunction[...] is handled by slotRole; AddDevice lives in DriverExtension).
  DriverUnload: slot('DRIVER_UNLOAD', DRIVER_OBJECT),
  DriverStartIo: slot('DRIVER_STARTIO', DRIVER_OBJECT),
  AddDevice: slot('DRIVER_ADD_DEVICE', DRIVER_OBJECT),
  // WDF_DRIVER_CONFIG
  EvtDriverDeviceAdd: slot('EVT_WDF_DRIVER_DEVICE_ADD', 'wdfdriver/ns-wdfdriver-_wdf_driver_config'),
  EvtDriverUnload: slot('EVT_WDF_DRIVER_UNLOAD', 'wdfdriver/ns-wdfdriver-_wdf_driver_config'),
  // WDF_IO_QUEUE_CONFIG
  EvtIoDefault: slot('EVT_WDF_IO_QUEUE_IO_DEFAULT', QUEUE),
  EvtIoRead: slot('EVT_WDF_IO_QUEUE_IO_READ', QUEUE),
  EvtIoWrite: slot('EVT_WDF_IO_QUEUE_IO_WRITE', QUEUE),
  EvtIoDeviceControl: slot('EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL', QUEUE),
  EvtIoInternalDeviceControl: slot('EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL', QUEUE),
  EvtIoStop: slot('EVT_WDF_IO_QUEUE_IO_STOP', QUEUE),
  EvtIoResume: slot('EVT_WDF_IO_QUEUE_IO_RESUME', QUEUE),
  EvtIoCanceledOnQueue: slot('EVT_WDF_IO_QUEUE_IO_CANCELED_ON_QUEUE', QUEUE),
  // WDF_PNPPOWER_EVENT_CALLBACKS
  EvtDeviceD0Entry: slot('EVT_WDF_DEVICE_D0_ENTRY', PNP),
  EvtDeviceD0EntryPostInterruptsEnabled: slot('EVT_WDF_DEVICE_D0_ENTRY_POST_INTERRUPTS_ENABLED', PNP),
  EvtDeviceD0Exit: slot('EVT_WDF_DEVICE_D0_EXIT', PNP),
  EvtDeviceD0ExitPreInterruptsDisabled: slot('EVT_WDF_DEVICE_D0_EXIT_PRE_INTERRUPTS_DISABLED', PNP),
  EvtDevicePrepareHardware: slot('EVT_WDF_DEVICE_PREPARE_HARDWARE', PNP),
  EvtDeviceReleaseHardware: slot('EVT_WDF_DEVICE_RELEASE_HARDWARE', PNP),
  EvtDeviceSelfManagedIoCleanup: slot('EVT_WDF_DEVICE_SELF_MANAGED_IO_CLEANUP', PNP),
  EvtDeviceSelfManagedIoFlush: slot('EVT_WDF_DEVICE_SELF_MANAGED_IO_FLUSH', PNP),
  EvtDeviceSelfManagedIoInit: slot('EVT_WDF_DEVICE_SELF_MANAGED_IO_INIT', PNP),
  EvtDeviceSelfManagedIoSuspend: slot('EVT_WDF_DEVICE_SELF_MANAGED_IO_SUSPEND', PNP),
  EvtDeviceSelfManagedIoRestart: slot('EVT_WDF_DEVICE_SELF_MANAGED_IO_RESTART', PNP),
  EvtDeviceSurpriseRemoval: slot('EVT_WDF_DEVICE_SURPRISE_REMOVAL', PNP),
  EvtDeviceQueryRemove: slot('EVT_WDF_DEVICE_QUERY_REMOVE', PNP),
  EvtDeviceQueryStop: slot('EVT_WDF_DEVICE_QUERY_STOP', PNP),
  EvtDeviceUsageNotification: slot('EVT_WDF_DEVICE_USAGE_NOTIFICATION', PNP),
  EvtDeviceUsageNotificationEx: slot('EVT_WDF_DEVICE_USAGE_NOTIFICATION_EX', PNP),
  EvtDeviceRelationsQuery: slot('EVT_WDF_DEVICE_RELATIONS_QUERY', PNP),
  // WDF_POWER_POLICY_EVENT_CALLBACKS
  EvtDeviceArmWakeFromS0: slot('EVT_WDF_DEVICE_ARM_WAKE_FROM_S0', POLICY),
  EvtDeviceDisarmWakeFromS0: slot('EVT_WDF_DEVICE_DISARM_WAKE_FROM_S0', POLICY),
  EvtDeviceWakeFromS0Triggered: slot('EVT_WDF_DEVICE_WAKE_FROM_S0_TRIGGERED', POLICY),
  EvtDeviceArmWakeFromSx: slot('EVT_WDF_DEVICE_ARM_WAKE_FROM_SX', POLICY),
  EvtDeviceArmWakeFromSxWithReason: slot('EVT_WDF_DEVICE_ARM_WAKE_FROM_SX_WITH_REASON', POLICY),
  EvtDeviceDisarmWakeFromSx: slot('EVT_WDF_DEVICE_DISARM_WAKE_FROM_SX', POLICY),
  EvtDeviceWakeFromSxTriggered: slot('EVT_WDF_DEVICE_WAKE_FROM_SX_TRIGGERED', POLICY),
  // WDF_OBJECT_ATTRIBUTES
  EvtCleanupCallback: slot('EVT_WDF_OBJECT_CONTEXT_CLEANUP', 'wdfobject/ns-wdfobject-_wdf_object_attributes'),
  EvtDestroyCallback: slot('EVT_WDF_OBJECT_CONTEXT_DESTROY', 'wdfobject/ns-wdfobject-_wdf_object_attributes'),
  // WDF_INTERRUPT_CONFIG
  EvtInterruptIsr: slot('EVT_WDF_INTERRUPT_ISR', INTERRUPT),
  EvtInterruptDpc: slot('EVT_WDF_INTERRUPT_DPC', INTERRUPT),
  EvtInterruptEnable: slot('EVT_WDF_INTERRUPT_ENABLE', INTERRUPT),
  EvtInterruptDisable: slot('EVT_WDF_INTERRUPT_DISABLE', INTERRUPT),
  EvtInterruptWorkItem: slot('EVT_WDF_INTERRUPT_WORKITEM', INTERRUPT),
  // WDF_TIMER_CONFIG / WDF_DPC_CONFIG / WDF_WORKITEM_CONFIG / WDF_FILEOBJECT_CONFIG
  EvtTimerFunc: slot('EVT_WDF_TIMER', 'wdftimer/ns-wdftimer-_wdf_timer_config'),
  EvtDpcFunc: slot('EVT_WDF_DPC', 'wdfdpc/ns-wdfdpc-_wdf_dpc_config'),
  EvtWorkItemFunc: slot('EVT_WDF_WORKITEM', 'wdfworkitem/ns-wdfworkitem-_wdf_workitem_config'),
  EvtDeviceFileCreate: slot('EVT_WDF_DEVICE_FILE_CREATE', 'wdfdevice/ns-wdfdevice-_wdf_fileobject_config'),
  EvtFileClose: slot('EVT_WDF_FILE_CLOSE', 'wdfdevice/ns-wdfdevice-_wdf_fileobject_config'),
  EvtFileCleanup: slot('EVT_WDF_FILE_CLEANUP', 'wdfdevice/ns-wdfdevice-_wdf_fileobject_config'),
  // WDF_USB_CONTINUOUS_READER_CONFIG
  EvtUsbTargetPipeReadComplete: slot('EVT_WDF_USB_READER_COMPLETION_ROUTINE', 'wdfusb/ns-wdfusb-_wdf_usb_continuous_reader_config'),
  EvtUsbTargetPipeReadersFailed: slot('EVT_WDF_USB_READERS_FAILED', 'wdfusb/ns-wdfusb-_wdf_usb_continuous_reader_config'),
  // IO_CONNECT_INTERRUPT_PARAMETERS (IoConnectInterruptEx)
  ServiceRoutine: slot('KSERVICE_ROUTINE', 'wdm/ns-wdm-_io_connect_interrupt_parameters'),
  MessageServiceRoutine: slot('KMESSAGE_SERVICE_ROUTINE', 'wdm/ns-wdm-_io_connect_interrupt_parameters'),
  // Filter manager registration structures
  PreOperation: slot('PFLT_PRE_OPERATION_CALLBACK', 'fltkernel/ns-fltkernel-_flt_operation_registration'),
  PostOperation: slot('PFLT_POST_OPERATION_CALLBACK', 'fltkernel/ns-fltkernel-_flt_operation_registration'),
  FilterUnloadCallback: slot('PFLT_FILTER_UNLOAD_CALLBACK', FLT_REG),
  InstanceSetupCallback: slot('PFLT_INSTANCE_SETUP_CALLBACK', FLT_REG),
  InstanceQueryTeardownCallback: slot('PFLT_INSTANCE_QUERY_TEARDOWN_CALLBACK', FLT_REG),
  InstanceTeardownStartCallback: slot('PFLT_INSTANCE_TEARDOWN_CALLBACK', FLT_REG),
  InstanceTeardownCompleteCallback: slot('PFLT_INSTANCE_TEARDOWN_CALLBACK', FLT_REG),
  ContextCleanupCallback: slot('PFLT_CONTEXT_CLEANUP_CALLBACK', 'fltkernel/ns-fltkernel-_flt_context_registration'),
};

/** DRIVER_OBJECT.MajorFunction: the dispatch table slot. */
export const MAJOR_FUNCTION_SLOT_SOURCE = page(DRIVER_OBJECT);
