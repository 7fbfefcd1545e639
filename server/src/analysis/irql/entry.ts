// The IRQL a function is *declared* to run at: what its own annotations, its role (role typedef,
// `_Function_class_`, `_Dispatch_type_`), the slots it is stored in (MajorFunction[], EvtIoRead,
// DriverUnload, ...) and the registration calls that hand it to the system (KeInitializeDpc,
// IoSetCompletionRoutine, WDF_DPC_CONFIG_INIT, ...) say. Call sites inside the workspace add the
// *inherited* IRQL on top of this (propagate.ts).

import type { Range } from '../model';

export interface IrqlSource {
  text: string;
  file?: string;
  range?: Range;
}

export interface EntryIrql {
  /** Lowest IRQL the function may be entered at; null = unknown. */
  min: number | null;
  /** Highest IRQL the function may be entered at; null = unknown. */
  max: number | null;
  /**
   * The maximum holds for every call, so a callee that needs less is a real violation. False when
   * the documented maximum depends on configuration the analysis cannot see (a KMDF queue's
   * ExecutionLevel, a timer's parent object), or a driver's position in its stack.
   */
  assured: boolean;
  sources: IrqlSource[];
}

export const UNKNOWN_ENTRY: EntryIrql = Object.freeze({ min: null, max: null, assured: false, sources: [] }) as EntryIrql;

export function isKnown(e: EntryIrql): boolean {
  return e.min !== null || e.max !== null;
}

/** Union of two declared contexts: the function may be entered in either. */
export function joinEntry(a: EntryIrql, b: EntryIrql): EntryIrql {
  if (!isKnown(a)) return b.sources.length || isKnown(b) ? { ...b, sources: [...a.sources, ...b.sources] } : a;
  if (!isKnown(b)) return { ...a, sources: [...a.sources, ...b.sources] };
  const min = a.min === null || b.min === null ? null : Math.min(a.min, b.min);
  const max = a.max === null || b.max === null ? null : Math.max(a.max, b.max);
  // The joined maximum is assured when the context that reaches it is.
  let assured = false;
  if (max !== null) assured = (a.max === max && a.assured) || (b.max === max && b.assured);
  return { min, max, assured, sources: [...a.sources, ...b.sources] };
}
