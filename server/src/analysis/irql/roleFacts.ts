// Callback roles from the DDI knowledge base (ddi/roleTypedefIrql.ts), turned into the entry
// ranges the analysis uses, plus one judgement of ours: whether the documented maximum is
// *assured* (holds for every call) or depends on configuration we cannot see.
//
//  - a fixed level (min == max: KDEFERRED_ROUTINE, EVT_WDF_DPC, DRIVER_CANCEL, ISRs) is assured;
//  - roles whose IRQL follows the KMDF ExecutionLevel of the object (queue, timer, cleanup
//    callbacks) or the IRP major function (a DRIVER_DISPATCH routine whose slot is unknown) are
//    not: the documented maximum is possible, not certain;
//  - completion routines (IO_COMPLETION_ROUTINE, minifilter post-operation callbacks, KMDF request
//    completion routines) are assured up to DISPATCH_LEVEL: the I/O manager calls them in
//    whatever context completes the request, which is regularly a DPC.

import { majorFunctionIrql, registrationFor, roleIrql, slotRole } from './ddi';
import { rangeText } from './levels';

export interface RoleRange {
  min: number | null;
  max: number | null;
  assured: boolean;
  note?: string;
  source?: string;
}

const ASSURED_IO_PATH = new Set(['IO_COMPLETION_ROUTINE', 'PFLT_POST_OPERATION_CALLBACK', 'EVT_WDF_REQUEST_COMPLETION_ROUTINE']);

export function roleRange(role: string): RoleRange | null {
  const r = roleIrql(role);
  if (!r) return null;
  if (r.minIrql === null && r.maxIrql === null) return null;
  let assured: boolean;
  if (r.minIrql !== null && r.minIrql === r.maxIrql) assured = true;
  else if (ASSURED_IO_PATH.has(role)) assured = true;
  else if (r.dependsOn === 'execution-level' || r.dependsOn === 'major-function' || r.dependsOn === 'io-path') assured = false;
  else assured = !role.startsWith('EVT_WDF_');
  return { min: r.minIrql, max: r.maxIrql, assured, note: rangeText(r.minIrql, r.maxIrql), source: r.source };
}

/** IRQL of a DRIVER_DISPATCH routine in the given IRP_MJ_* slot: assured only when fixed. */
export function majorRange(mj: string): RoleRange | null {
  const m = majorFunctionIrql(mj);
  if (!m) return null;
  return { min: m.minIrql, max: m.maxIrql, assured: m.minIrql === m.maxIrql, note: m.note ? `${rangeText(m.minIrql, m.maxIrql)}: ${m.note}` : rangeText(m.minIrql, m.maxIrql), source: m.source };
}

export interface SlotInfo {
  role: string;
  majorFunction?: string;
}

export function slotRoleOf(slot: string): SlotInfo | null {
  const s = slotRole(slot);
  return s ? { role: s.role, majorFunction: s.majorFunction } : null;
}

export interface RegistrationInfo {
  param: number;
  role: string;
  override?: { min?: number; max?: number; note?: string };
}

export function registrationsOf(calleeName: string): RegistrationInfo[] {
  const r = registrationFor(calleeName);
  if (!r) return [];
  return r.callbacks.map((c) => ({
    param: c.param,
    role: c.role,
    override: c.minIrql !== undefined || c.maxIrql !== undefined ? { min: c.minIrql, max: c.maxIrql, note: c.note } : undefined,
  }));
}
