// Declared entry IRQLs: annotations on the function, its role (role typedef declaration,
// `_Function_class_`), `_Dispatch_type_`, the slots it is assigned to, and registration calls.
//
// Decisions (documented in docs/irql-rules.md):
// - IRP_MJ_* dispatch routines follow "Dispatch Routines and IRQLs"
//   (https://learn.microsoft.com/en-us/windows-hardware/drivers/kernel/dispatch-routines-and-irqls)
//   through the DDI table's majorFunctionIrql: PASSIVE_LEVEL, except Read/Write/DeviceControl
//   (APC_LEVEL in lowest-level and paging-path drivers, still fine for pageable code), Power
//   (DISPATCH_LEVEL in hibernation/paging-path or inrush drivers) and InternalDeviceControl
//   (<= DISPATCH_LEVEL). Those wider maxima are marked *not assured* (they depend on the driver's
//   place in the stack): they show in hovers but never prove a violation on their own, so paging
//   create/close/PnP/power/read/write dispatch routines is never reported.
// - The generic DRIVER_DISPATCH role is used only when no slot or _Dispatch_type_ names the
//   major function.
// - Roles whose range depends on configuration (KMDF ExecutionLevel) are not assured either.

import type { CallGraph } from '../callgraph/types';
import type { FileSummary, Range, SlotAssignment } from '../model';
import type { FnState } from './analyze';
import { joinEntry, UNKNOWN_ENTRY, type EntryIrql } from './entry';
import { PASSIVE_LEVEL, rangeText } from './levels';
import { majorRange, roleRange, slotRoleOf, type RoleRange, type SlotInfo } from './roleFacts';
import { TextMemo, type RunTexts } from './sourceText';

/** Per definition and text: its body sets `.PassiveHandling = TRUE`. */
const PASSIVE_HANDLING = new TextMemo<boolean>();

function entry(r: RoleRange, text: string, file?: string, range?: Range): EntryIrql {
  return { min: r.min, max: r.max, assured: r.assured, sources: [{ text: `${text} (${r.note ?? rangeText(r.min, r.max)})`, file, range }] };
}

/** Declared entry IRQL per function key. */
export function declaredEntries(
  graph: CallGraph,
  fns: Map<string, FnState>,
  summaries: readonly FileSummary[],
  texts: RunTexts,
): Map<string, EntryIrql> {
  // KMDF passive-level interrupts (WDF_INTERRUPT_CONFIG.PassiveHandling = TRUE): the ISR and
  // its DPC/work item run at PASSIVE_LEVEL, not DIRQL. Seen in the text of the function that
  // configures the interrupt; the callbacks it registers are recorded here.
  const passiveIsr = new Map<string, { file: string; range: Range }>();
  const configuresPassiveInterrupt = (fn: FnState): boolean =>
    PASSIVE_HANDLING.get(fn.summary, fn.decl, texts, (text) => {
      const t = text();
      return t !== undefined && /\.\s*PassiveHandling\s*=\s*(TRUE|true)\b/.test(sliceRange(t, fn.decl.range));
    });
  const out = new Map<string, EntryIrql>();
  const hasMajor = new Set<string>();
  const genericDispatch = new Map<string, EntryIrql>();
  const add = (key: string, e: EntryIrql | null): void => {
    if (!e) return;
    out.set(key, joinEntry(out.get(key) ?? UNKNOWN_ENTRY, e));
  };
  const resolve = (name: string, fromFile: string): string[] => {
    const simple = name.replace(/^&/, '').replace(/\s+/g, '');
    const keys = graph.byName.get(simple) ?? graph.byName.get(simple.slice(simple.lastIndexOf('::') + 2)) ?? [];
    if (keys.length <= 1) return keys;
    const same = keys.filter((k) => fns.get(k)?.decl.file === fromFile);
    return same.length ? same : keys;
  };
  const addRole = (key: string, role: string, text: string, file?: string, range?: Range): void => {
    const r = roleRange(role);
    if (!r) return;
    if (role === 'DRIVER_DISPATCH') {
      // Kept aside: a slot or _Dispatch_type_ is more specific.
      genericDispatch.set(key, joinEntry(genericDispatch.get(key) ?? UNKNOWN_ENTRY, entry(r, text, file, range)));
      return;
    }
    add(key, entry(r, text, file, range));
  };
  const addMajor = (key: string, mj: string, text: string, file?: string, range?: Range): void => {
    const r = majorRange(mj);
    if (!r) return;
    hasMajor.add(key);
    add(key, entry(r, text, file, range));
  };

  for (const fn of fns.values()) {
    const ann = fn.ann;
    // 1. Annotations: an explicit contract, assured.
    if (ann.min !== null || ann.max !== null) {
      add(fn.key, {
        min: ann.min ?? PASSIVE_LEVEL,
        max: ann.max,
        assured: ann.max !== null,
        sources: ann.sources
          .filter((s) => !/raises|sets/i.test(s.text))
          .map((s) => ({ text: `annotated ${s.text}`, file: s.file, range: s.range })),
      });
    }
    // 2. Role typedef declarations (`DRIVER_DISPATCH Foo;`) and _Function_class_.
    if (ann.functionClasses.length === 0 && !fn.decl.roleTypedef && !fn.gf.declarations.some((d) => d.roleTypedef)) {
      for (const t of ann.dispatchTypes) addMajor(fn.key, t, `_Dispatch_type_(${t})`);
      continue;
    }
    const roles = new Set<string>();
    for (const d of [fn.decl, ...fn.gf.declarations]) {
      if (d.roleTypedef && !roles.has(d.roleTypedef)) {
        roles.add(d.roleTypedef);
        addRole(fn.key, d.roleTypedef, `declared as ${d.roleTypedef}`, d.file, d.nameRange);
      }
    }
    for (const c of ann.functionClasses) {
      if (roles.has(c)) continue;
      roles.add(c);
      const src = ann.sources.find((s) => s.text.includes(c));
      addRole(fn.key, c, `_Function_class_(${c})`, src?.file, src?.range);
    }
    // 3. _Dispatch_type_(IRP_MJ_X).
    for (const t of ann.dispatchTypes) addMajor(fn.key, t, `_Dispatch_type_(${t})`);
  }

  // 4. Slot assignments: MajorFunction[], DriverUnload, EvtIoRead, ...
  for (const summary of summaries) {
    for (const { slot, info } of roleSlots(summary)) {
      for (const key of resolve(slot.fn, summary.file)) {
        if (info.majorFunction) addMajor(key, info.majorFunction, `dispatch routine for ${info.majorFunction}`, summary.file, slot.range);
        else addRole(key, info.role, `assigned to ${slot.slot} (${info.role})`, summary.file, slot.range);
      }
    }
  }

  // 5. Registration calls: KeInitializeDpc(&dpc, Cb, ...), IoSetCompletionRoutine(Irp, Cb, ...).
  for (const fn of fns.values()) {
    const df = fn.declFacts;
    for (let r = 0; r < df.registrationCalls.length; r++) {
      const call = fn.decl.calls[df.registrationCalls[r]];
      for (const reg of df.registrations[r]) {
        const arg = call.args[reg.param];
        if (!arg) continue;
        const name = arg.text.replace(/\s+/g, '').replace(/^\((P?[A-Z_][A-Z0-9_]*)\)/, '').replace(/^&/, '');
        if (!/^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*$/.test(name)) continue;
        for (const key of resolve(name, fn.decl.file)) {
          if (interruptRole(reg.role) && configuresPassiveInterrupt(fn)) passiveIsr.set(key, { file: fn.decl.file, range: call.range });
          if (reg.override) {
            const base = roleRange(reg.role);
            const r: RoleRange = {
              min: reg.override.min ?? base?.min ?? null,
              max: reg.override.max ?? base?.max ?? null,
              assured: false,
              note: reg.override.note,
            };
            add(key, entry(r, `registered by ${call.calleeName} as ${reg.role}`, fn.decl.file, call.range));
          } else addRole(key, reg.role, `registered by ${call.calleeName} as ${reg.role}`, fn.decl.file, call.range);
        }
      }
    }
  }

  for (const [key, e] of genericDispatch) if (!hasMajor.has(key)) add(key, e);
  for (const [key, where] of passiveIsr) {
    out.set(key, {
      min: PASSIVE_LEVEL,
      max: PASSIVE_LEVEL,
      assured: true,
      sources: [{ text: 'passive-level interrupt callback (PassiveHandling = TRUE)', file: where.file, range: where.range }],
    });
  }
  return out;
}

/** Per summary object (a summary never changes): its slot assignments that give the function a role. */
const ROLE_SLOTS = new WeakMap<FileSummary, { slot: SlotAssignment; info: SlotInfo }[]>();

function roleSlots(summary: FileSummary): { slot: SlotAssignment; info: SlotInfo }[] {
  let list = ROLE_SLOTS.get(summary);
  if (!list) {
    list = [];
    for (const slot of summary.slotAssignments) {
      const info = slotRoleOf(slot.slot);
      if (info) list.push({ slot, info });
    }
    ROLE_SLOTS.set(summary, list);
  }
  return list;
}

function interruptRole(role: string): boolean {
  return /^EVT_WDF_INTERRUPT_(ISR|DPC|WORKITEM|ENABLE|DISABLE|SYNCHRONIZE)$/.test(role);
}

function sliceRange(t: string, r: Range): string {
  let line = 0;
  let start = 0;
  while (line < r.start.line) {
    const nl = t.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
    line++;
  }
  let end = start;
  while (line < r.end.line) {
    const nl = t.indexOf('\n', end);
    if (nl < 0) return t.slice(start);
    end = nl + 1;
    line++;
  }
  return t.slice(start, end + r.end.column);
}
