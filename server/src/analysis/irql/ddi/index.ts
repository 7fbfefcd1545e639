// Typed accessors of the DDI knowledge base.
//
// Data: ddiTable.json (generated front-matter facts of ~1,100 routines, in corpus-frequency order),
// semantics.ts (curated effects, pairs, parameter rules, Remarks-only bounds, header aliases),
// roleTypedefs.json + roleTypedefIrql.ts (callback typedefs, IRP major functions, registrations,
// slots), documentedNames.json (every function/macro name of the DDI reference).
// Everything is indexed once, lazily, into Maps: every lookup is O(1).
import tableData from './ddiTable.json';
import roleData from './roleTypedefs.json';
import documentedData from './documentedNames.json';
import { DDI_ALIASES, DDI_SEMANTICS } from './semantics';
import {
  EXTRA_ROLES,
  MAJOR_FUNCTION_IRQL,
  MAJOR_FUNCTION_SLOT_SOURCE,
  MAJOR_FUNCTION_SYNONYMS,
  REGISTRATIONS,
  ROLE_OVERRIDES,
  SLOT_ROLES,
  type MajorFunctionIrql,
  type Registration,
  type RoleIrql,
  type SlotRole,
} from './roleTypedefIrql';
import type { DdiFact } from './types';

export type { DdiEffect, DdiFact, ParamCondition, ParamRule, UserBufferRole } from './types';
export type { MajorFunctionIrql, Registration, RegistrationParam, RoleDependency, RoleIrql, SlotRole } from './roleTypedefIrql';
export { irqlName, parseIrqlText, IRQL_LEVELS_BY_ARCH, IRQL_LEVELS_SOURCE } from './irqlLevels';
export type { IrqlBounds } from './irqlLevels';

/** Own-property lookup: names like `constructor` or `toString` must not reach Object.prototype. */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** Base of every page URL in the tables (rows store the part after it). */
export const DDI_DOCS_BASE = 'https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/';

/** A generated row: [name, page, req.irql text, minIrql, maxIrql, header?]. */
type Row = [string, string, string, number | null, number | null, string?];

function rowsOf(data: unknown): Row[] {
  const rows = (data as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as Row[]) : [];
}

function headerOf(row: Row): string {
  return row[5] ?? `${row[1].split('/')[0]}.h`;
}

let facts: Map<string, DdiFact> | null = null;

function buildFacts(): Map<string, DdiFact> {
  const m = new Map<string, DdiFact>();
  for (const row of rowsOf(tableData)) {
    const [name, pagePath, irqlText, minIrql, maxIrql] = row;
    const fact: DdiFact = { name, header: headerOf(row), minIrql, maxIrql, irqlText, source: DDI_DOCS_BASE + pagePath };
    const curated = own(DDI_SEMANTICS, name);
    if (curated) Object.assign(fact, curated);
    m.set(name, fact);
  }
  // Header macros take their target's facts (and page) under their own name.
  const aliasesOf = new Map<string, string[]>();
  for (const [alias, { target, header }] of Object.entries(DDI_ALIASES)) {
    const t = m.get(target);
    if (!t || m.has(alias)) continue;
    m.set(alias, { ...t, name: alias, header, aliasOf: target });
    aliasesOf.set(target, [...(aliasesOf.get(target) ?? []), alias]);
  }
  // A partner's aliases are partners too (FsRtlEnterFileSystem ↔ FsRtlExitFileSystem).
  for (const f of m.values()) {
    if (!f.pairsWith) continue;
    const expanded = new Set<string>();
    for (const p of f.pairsWith) {
      expanded.add(p);
      for (const a of aliasesOf.get(p) ?? []) expanded.add(a);
    }
    f.pairsWith = [...expanded];
  }
  // Shared by every consumer: frozen so that no analysis can change a fact for the others.
  for (const f of m.values()) {
    if (f.pairsWith) Object.freeze(f.pairsWith);
    if (f.paramRules) {
      for (const r of f.paramRules) Object.freeze(r);
      Object.freeze(f.paramRules);
    }
    Object.freeze(f);
  }
  return m;
}

function factMap(): Map<string, DdiFact> {
  if (!facts) facts = buildFacts();
  return facts;
}

/** The facts of a documented routine (or header alias of one), by exact name. */
export function lookupDdi(name: string): DdiFact | undefined {
  return factMap().get(name);
}

/** Number of routines in the table (aliases included). */
export function ddiCount(): number {
  return factMap().size;
}

/** Every fact, in table order (corpus frequency, then curated extras, then aliases). */
export function allDdiFacts(): readonly DdiFact[] {
  return [...factMap().values()];
}

/** Every name in the table (aliases included), in table order. */
export function ddiNames(): string[] {
  return [...factMap().keys()];
}

/** The docs page of a routine in the table, or undefined. */
export function ddiDocsUrl(name: string): string | undefined {
  return factMap().get(name)?.source;
}

let documented: Set<string> | null = null;

/**
 * Has the name a page in the WDK DDI reference (any function or macro page, not only those in the
 * table), or is it a header alias of one? Used to tell DDI calls from the driver's own functions.
 */
export function isDocumentedDdi(name: string): boolean {
  if (!documented) {
    const names = (documentedData as { names?: unknown }).names;
    documented = new Set(Array.isArray(names) ? (names as string[]) : []);
    for (const alias of Object.keys(DDI_ALIASES)) documented.add(alias);
  }
  return documented.has(name);
}

/** Number of documented function/macro names (without aliases). */
export function documentedDdiCount(): number {
  const names = (documentedData as { names?: unknown }).names;
  return Array.isArray(names) ? names.length : 0;
}

// ---- Roles --------------------------------------------------------------------------------------

let roles: Map<string, RoleIrql> | null = null;

function roleMap(): Map<string, RoleIrql> {
  if (roles) return roles;
  const m = new Map<string, RoleIrql>();
  for (const row of rowsOf(roleData)) {
    const [name, pagePath, irqlText, minIrql, maxIrql] = row;
    m.set(name, { minIrql, maxIrql, irqlText, source: DDI_DOCS_BASE + pagePath, ...own(ROLE_OVERRIDES, name) });
  }
  for (const [name, role] of Object.entries(EXTRA_ROLES)) if (!m.has(name)) m.set(name, role);
  roles = m;
  return m;
}

/** IRQL facts of a callback role typedef (`DRIVER_DISPATCH`, `EVT_WDF_DPC`, `IO_COMPLETION_ROUTINE`). */
export function roleIrql(typedefName: string): RoleIrql | undefined {
  return roleMap().get(typedefName);
}

/** Every role typedef known, for tests and hovers. */
export function roleTypedefNames(): string[] {
  return [...roleMap().keys()];
}

/**
 * IRQL of the DRIVER_DISPATCH routine registered for a major function: `IRP_MJ_READ`,
 * `(IRP_MJ_READ)`, `IRP_MJ_SCSI` (= IRP_MJ_INTERNAL_DEVICE_CONTROL).
 */
export function majorFunctionIrql(irpMj: string): MajorFunctionIrql | undefined {
  const key = typeof irpMj === 'string' ? irpMj.replace(/[()\s]/g, '') : '';
  return own(MAJOR_FUNCTION_IRQL, own(MAJOR_FUNCTION_SYNONYMS, key) ?? key);
}

/** The callbacks a registration routine or config macro hands to the system, with their roles. */
export function registrationFor(calleeName: string): Registration | undefined {
  return own(REGISTRATIONS, calleeName);
}

/**
 * The role of a function stored in a structure member, given the slot as the parser records it:
 * `EvtIoRead`, `DriverUnload`, `MajorFunction[IRP_MJ_CREATE]` (→ DRIVER_DISPATCH with its major
 * function), `MajorFunction[i]` (→ DRIVER_DISPATCH, major function unknown).
 */
export function slotRole(slotName: string): SlotRole | undefined {
  if (typeof slotName !== 'string' || slotName.length > 300) return undefined;
  const s = slotName.trim();
  const mf = /^MajorFunction\s*\[\s*\(?\s*([A-Za-z_]\w*)?[^\]]*\]$/.exec(s);
  if (mf) {
    const code = mf[1];
    const major = code ? own(MAJOR_FUNCTION_SYNONYMS, code) ?? code : undefined;
    if (major && own(MAJOR_FUNCTION_IRQL, major)) return { role: 'DRIVER_DISPATCH', majorFunction: major, source: MAJOR_FUNCTION_SLOT_SOURCE };
    return { role: 'DRIVER_DISPATCH', source: MAJOR_FUNCTION_SLOT_SOURCE };
  }
  return own(SLOT_ROLES, s);
}
