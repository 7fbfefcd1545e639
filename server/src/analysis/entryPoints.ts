// Entry points: the functions where a driver's own call chains start, i.e. where the system
// (I/O manager, framework, DPC/timer/work-item dispatcher) calls in. stack/deep-path measures the
// worst path from each of these, and "Show Worst Stack Paths" lists them.
//
// A definition is an entry point when (first reason wins, for the message):
//  1. it, or any of its declarations, is declared through a role typedef (`DRIVER_DISPATCH f;`,
//     `EVT_WDF_IO_QUEUE_IO_READ f;`, `KDEFERRED_ROUTINE f;`, ...);
//  2. it carries `_Function_class_(ROLE)`;
//  3. it is `DriverEntry`;
//  4. it is assigned to a well-known slot (`DriverObject->MajorFunction[IRP_MJ_READ] = f`,
//     `queueConfig.EvtIoRead = f`) or its address is handed to anything (a registration call such
//     as `IoSetCompletionRoutine(Irp, f, ...)`, `KeInitializeDpc(&dpc, f, ...)`);
//  5. nothing in the workspace calls it (exported routines, callbacks registered in ways we did
//     not see, or dead code: all are places where a chain can start).

import type { FileSummary } from './model';
import type { WorkspaceCallGraph } from './callgraph/callgraph';

export interface EntryPointInfo {
  reason: string;
}

export function findEntryPoints(g: WorkspaceCallGraph, summaries: Iterable<FileSummary>): Map<string, EntryPointInfo> {
  // Slot assignments by function name → the slot text, for a helpful reason.
  const slotOf = new Map<string, string>();
  for (const s of summaries) {
    for (const a of s.slotAssignments) {
      const name = a.fn.includes('::') ? a.fn.slice(a.fn.lastIndexOf('::') + 2) : a.fn;
      if (!slotOf.has(name)) slotOf.set(name, a.slot);
    }
  }
  const out = new Map<string, EntryPointInfo>();
  for (let i = 0; i < g.keys.length; i++) {
    const key = g.keys[i];
    const reason = entryReason(g, i, slotOf, key);
    if (reason) out.set(key, { reason });
  }
  return out;
}

function entryReason(g: WorkspaceCallGraph, i: number, slotOf: Map<string, string>, key: string): string | null {
  const fn = g.functions.get(key)!;
  const decls = [fn.decl, ...fn.declarations];
  for (const d of decls) if (d.roleTypedef) return `declared as ${d.roleTypedef}`;
  for (const d of decls) {
    for (const a of d.annotations) {
      if (a.name === '_Function_class_' || a.name === '__drv_functionClass') {
        const role = a.args.replace(/[()\s]/g, '');
        if (role) return `_Function_class_(${role})`;
      }
    }
  }
  if (fn.decl.name === 'DriverEntry' || fn.decl.name === 'GsDriverEntry') return 'driver entry point';
  if (g.referenced.has(key)) {
    const slot = slotOf.get(fn.decl.name);
    return slot ? `assigned to ${slot}` : 'registered as a callback (its address is taken)';
  }
  if (g.inEdges[i].length === 0) return 'not called from the workspace';
  return null;
}
