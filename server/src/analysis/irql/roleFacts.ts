// Callback roles from the DDI knowledge base (ddi/roleTypedefIrql.ts), turned into the entry
// ranges the analysis uses, plus one judgement of ours: whether the documented maximum is
// *assured* (holds in normal operation, so exceeding a callee's limit there is a real violation)
// or only possible (configuration or caller dependent). A fixed level (min == max:
// KDEFERRED_ROUTINE, EVT_WDF_DPC, DRIVER_CANCEL, ISRs) is assured; a "<= DISPATCH_LEVEL" range is
// assured only for the roles listed below. See docs/irql-rules.md, "Decisions".

import { majorFunctionIrql, registrationFor, roleIrql, slotRole } from './ddi';
import { rangeText } from './levels';

export interface RoleRange {
  min: number | null;
  max: number | null;
  assured: boolean;
  note?: string;
  source?: string;
}

/**
 * Roles documented as "<= DISPATCH_LEVEL" that really are called at DISPATCH_LEVEL in normal
 * operation (completion paths, network data paths). Every other ranged role only *may* be: the
 * frameworks (KMDF, NetAdapterCx, MBBCx, UCM...) and NDIS control paths mostly call at
 * PASSIVE_LEVEL, and their samples call PASSIVE_LEVEL-only routines from such callbacks.
 */
const ASSURED_RANGED_ROLES = new Set([
  'IO_COMPLETION_ROUTINE',
  'PFLT_POST_OPERATION_CALLBACK',
  'EVT_WDF_REQUEST_COMPLETION_ROUTINE',
  'EVT_WDF_USB_READER_COMPLETION_ROUTINE',
  'MINIPORT_SEND_NET_BUFFER_LISTS',
  'MINIPORT_RETURN_NET_BUFFER_LISTS',
  'FILTER_SEND_NET_BUFFER_LISTS',
  'FILTER_RECEIVE_NET_BUFFER_LISTS',
  'FILTER_SEND_NET_BUFFER_LISTS_COMPLETE',
  'FILTER_RETURN_NET_BUFFER_LISTS',
  'PROTOCOL_RECEIVE_NET_BUFFER_LISTS',
  'PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE',
]);

export function roleRange(role: string): RoleRange | null {
  const r = roleIrql(role);
  if (!r) return null;
  if (r.minIrql === null && r.maxIrql === null) return null;
  const assured = (r.minIrql !== null && r.minIrql === r.maxIrql) || ASSURED_RANGED_ROLES.has(role);
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
