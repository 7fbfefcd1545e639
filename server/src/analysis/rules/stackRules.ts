// The stack/* rules. Every rule is evaluated on the configured target architecture for both build
// configurations: a finding that holds in the free build gets the normal message; one that holds
// only when DBG is defined says "in checked (DBG) builds" and gives both figures.
//
// Thresholds use ">" (a 1,024 B frame is at the 1,024 B threshold, not above it), like C6262.
//
//  stack/large-frame  frame > largeFrameBytes (1,024 B)                         warning
//  stack/large-local  one local or by-value parameter > largeLocalBytes (1,024) warning
//                     (not repeated for a local that stack/struct-copy reports)
//  stack/struct-copy  an aggregate local initialised from `*p` / `p->m` / `a[i]`, or the
//                     destination of memcpy/RtlCopyMemory/RtlMoveMemory, > structCopyBytes (256) warning
//  stack/dbg-growth   a record type whose size grows under DBG by >= structCopyBytes: on its
//                     definition (warning when an instance lives on the stack somewhere in the
//                     workspace, information otherwise); a frame that grows under DBG by
//                     >= structCopyBytes: on the function (information)
//  stack/recursion    every member of a recursive component, with the shortest cycle through it warning
//  stack/deep-path    an entry point whose worst chain exceeds the driver budget              warning
//                     (error when the chain alone exceeds the whole platform kernel stack)
//  stack/dynamic      alloca/_alloca/_malloca, and variable-length arrays                     warning

import type { Arch, BuildConfig, FunctionDecl, LocalDecl, ParamDecl, Range, RecordDecl, TypeRef } from '../model';
import type { FrameEstimate, Finding, RelatedInfo, Severity } from '../results';
import type { StackLensSettings } from '../settings';
import type { WorkspaceCallGraph } from '../callgraph/callgraph';
import { cycleThrough } from '../callgraph/callgraph';
import type { WorstPathTable } from '../worstPath';
import { condHolds } from '../worstPath';
import type { EntryPointInfo } from '../entryPoints';
import { driverBudget, formatBytes, formatKiB, platformStack } from '../platform';

export interface TypeLocation {
  name: string;
  file: string;
  range: Range;
}

/** What the rules need to know about types, for the target architecture. */
export interface StackTypeFacts {
  /** Bytes an object declared with `t` occupies (arrays included), or null when unknown. */
  sizeOf(t: TypeRef, file: string, config: BuildConfig, inline?: RecordDecl): number | null;
  /** sizeOf in both configurations (optional: lets the facts skip the checked layout when DBG changes nothing). */
  sizesOf?(t: TypeRef, file: string, inline?: RecordDecl): Figures;
  /** The workspace definition of the record `t` names (through typedefs), for related locations. */
  definitionOf(t: TypeRef, file: string): TypeLocation | null;
}

/** A record type whose size differs between free and checked on the target. */
export interface TypeGrowth {
  name: string;
  file: string;
  range: Range;
  record: RecordDecl;
  free: number | null;
  checked: number | null;
}

export interface StackRuleInput {
  graph: WorkspaceCallGraph;
  settings: StackLensSettings;
  arch: Arch;
  frames(index: number, config: BuildConfig): FrameEstimate | undefined;
  worst: Record<BuildConfig, WorstPathTable>;
  entryPoints: Map<string, EntryPointInfo>;
  types: StackTypeFacts;
  typeGrowth: TypeGrowth[];
  /** Only produce findings for functions/types in these files (incremental runs); all when absent. */
  onlyFiles?: Set<string>;
}

const ALLOCA_NAMES = new Set(['alloca', '_alloca', '_malloca', '__builtin_alloca']);
const MAX_RELATED = 30;
const MAX_CYCLE_NAMES = 8;

const CHECKED = 'in checked (DBG) builds';

export function typeText(t: TypeRef): string {
  return t.base + '*'.repeat(t.pointer) + t.arrayDims.map((d) => `[${d}]`).join('');
}

interface Figures {
  free: number | null;
  checked: number | null;
}

/** The configuration a threshold rule fires in: 'free' (normal message), 'checked' (DBG only), or null. */
function firesIn(f: Figures, threshold: number): BuildConfig | null {
  if (f.free !== null && f.free > threshold) return 'free';
  if (f.checked !== null && f.checked > threshold) return 'checked';
  return null;
}

function frameFigure(e: FrameEstimate | undefined): number | null {
  if (!e) return null;
  return e.bytes ?? e.knownBytes;
}

function atLeast(e: FrameEstimate | undefined): string {
  return e && (e.bytes === null || e.dynamic) ? 'at least ' : '';
}

function headRange(r: Range, width: number): Range {
  return { start: r.start, end: { line: r.start.line, column: r.start.column + Math.max(1, width) } };
}

export interface FunctionRuleInput {
  decl: FunctionDecl;
  arch: Arch;
  settings: StackLensSettings;
  types: StackTypeFacts;
  free: FrameEstimate | undefined;
  checked: FrameEstimate | undefined;
}

/** Where a record type lives on the stack: its name and the local/parameter declaring it. */
export interface StackUse {
  typeName: string;
  related: RelatedInfo;
}

/**
 * The rules that depend on one function alone (its locals, its frame): large-frame, large-local,
 * struct-copy, dbg-growth of the frame, dynamic. Cacheable per file.
 */
export function functionStackFindings(input: FunctionRuleInput): { findings: Finding[]; stackUses: StackUse[] } {
  const { decl, arch, settings, types } = input;
  const file = decl.file;
  const findings: Finding[] = [];
  const stackUses: StackUse[] = [];
  const push = (f: Omit<Finding, 'fixes'>): void => {
    findings.push({ ...f, fixes: [] });
  };

  // Shortcuts that keep this linear pass cheap on large workspaces: a local is never larger than
  // the frame that holds it, and a local whose type grows under DBG makes the checked frame grow.
  const free = input.free;
  const checked = input.checked;
  const maxFrame = Math.max(free?.knownBytes ?? Infinity, checked?.knownBytes ?? Infinity);
  const grows = !free || !checked || free.knownBytes !== checked.knownBytes || free.bytes !== checked.bytes;
  const localsMayFire = maxFrame > Math.min(settings.largeLocalBytes, settings.structCopyBytes) || grows;

  // Per-local sizes in both configurations (the basis of large-local, struct-copy, growth).
  const sized = sizedStackObjects(decl, arch, localsMayFire, types);
  if (grows) {
    for (const o of sized) {
      if (o.type.pointer > 0 || o.free === o.checked) continue;
      const def = types.definitionOf(o.type, file);
      if (def) stackUses.push({ typeName: def.name, related: { file, range: o.range, message: `${decl.qualifiedName}: ${o.name} (${typeText(o.type)}) is on the stack` } });
    }
  }
  const freeFrame = input.free;
  const checkedFrame = input.checked;

  // stack/large-frame
  {
    const fig = { free: frameFigure(freeFrame), checked: frameFigure(checkedFrame) };
    const cfg = firesIn(fig, settings.largeFrameBytes);
    if (cfg) {
      const est = cfg === 'free' ? freeFrame : checkedFrame;
      // The largest locals as the frame model counted them (register candidates are 0 B).
      const biggest = (est?.items ?? [])
        .filter((it) => it.kind === 'local' && it.bytes > 0)
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 3)
        .map((it) => ({ it, o: sized.find((o) => !o.isParam && it.label.startsWith(`${o.name} (`)) }));
      const list = biggest.map((x) => `${x.it.label} ${formatBytes(x.it.bytes)}`).join(', ');
      const figure = `${atLeast(est)}${formatBytes(cfg === 'free' ? fig.free! : fig.checked!)}`;
      const message =
        cfg === 'free'
          ? `${decl.qualifiedName} uses ${figure} of stack on ${arch}, above the ${formatBytes(settings.largeFrameBytes)} frame threshold` +
            (list ? `; largest: ${list}` : '')
          : `${decl.qualifiedName} uses ${figure} of stack on ${arch} ${CHECKED} (${fig.free === null ? 'unknown' : formatBytes(fig.free)} in free builds), above the ${formatBytes(settings.largeFrameBytes)} frame threshold` +
            (list ? `; largest: ${list}` : '');
      push({
        rule: 'stack/large-frame',
        severity: 'warning',
        file,
        range: decl.nameRange,
        message,
        related: biggest.filter((x) => x.o).map((x) => ({ file, range: x.o!.range, message: `${x.o!.name}: ${formatBytes(x.it.bytes)}` })),
      });
    }
  }

  // stack/struct-copy (before large-local, which skips the locals reported here)
  let copied: Set<string> | undefined;
  {
    for (const o of sized) {
      if (o.isParam || o.type.pointer > 0 || o.type.arrayDims.length > 0) continue;
      const local = o.local!;
      const viaCall = firstCopyCall(decl, local.name);
      const deref = local.init === 'deref';
      if (viaCall === undefined && !deref) continue;
      const cfg = firesIn(o, settings.structCopyBytes);
      if (!cfg) continue;
      (copied ??= new Set()).add(local.name);
      const call = viaCall !== undefined ? decl.calls[viaCall] : undefined;
      const how = call ? `${call.calleeName ?? call.callee}` : `= ${truncate(local.initText ?? 'a dereference', 40)}`;
      const def = types.definitionOf(o.type, file);
      const sizeText =
        cfg === 'free'
          ? `${formatBytes(o.free!)} on ${arch}`
          : `${formatBytes(o.checked!)} on ${arch} ${CHECKED}; ${o.free === null ? 'unknown' : formatBytes(o.free)} in free builds`;
      const related: RelatedInfo[] = [];
      if (call) related.push({ file, range: call.range, message: `${call.calleeName ?? call.callee} copies into ${local.name} here` });
      if (def) related.push({ file: def.file, range: def.range, message: `${def.name} is defined here` });
      push({
        rule: 'stack/struct-copy',
        severity: 'warning',
        file,
        range: o.range,
        message: `${local.name} copies a ${typeText(o.type)} (${sizeText}) onto the stack (${how}); read the fields you need through the pointer or copy into pool memory`,
        related,
      });
    }
  }

  // stack/large-local
  for (const o of sized) {
    if (!o.isParam && copied?.has(o.name)) continue;
    const cfg = firesIn(o, settings.largeLocalBytes);
    if (!cfg) continue;
    const what = o.isParam ? `By-value parameter ${o.name}` : `Local ${o.name}`;
    const verb = o.isParam ? 'is copied onto the stack at every call:' : 'takes';
    const def = types.definitionOf(o.type, file);
    const message =
      cfg === 'free'
        ? `${what} (${typeText(o.type)}) ${verb} ${formatBytes(o.free!)} of stack on ${arch}, above the ${formatBytes(settings.largeLocalBytes)} threshold`
        : `${what} (${typeText(o.type)}) ${verb} ${formatBytes(o.checked!)} of stack on ${arch} ${CHECKED} (${o.free === null ? 'unknown' : formatBytes(o.free)} in free builds), above the ${formatBytes(settings.largeLocalBytes)} threshold`;
    push({
      rule: 'stack/large-local',
      severity: 'warning',
      file,
      range: o.range,
      message: message + (o.isParam ? '; pass a pointer instead' : '; allocate it from pool instead'),
      related: def ? [{ file: def.file, range: def.range, message: `${def.name} is defined here` }] : [],
    });
  }

  // stack/dbg-growth on the frame
  {
    const f = frameFigure(freeFrame);
    const c = frameFigure(checkedFrame);
    if (f !== null && c !== null && c - f >= settings.structCopyBytes) {
      const growers = sized
        .map((o) => ({ o, delta: (o.checked ?? 0) - (o.free ?? 0) }))
        .filter((x) => x.delta > 0)
        .sort((a, b) => b.delta - a.delta)
        .slice(0, 5);
      const list = growers.map((x) => `${x.o.name} (${typeText(x.o.type)}) +${formatBytes(x.delta)}`).join(', ');
      push({
        rule: 'stack/dbg-growth',
        severity: 'information',
        file,
        range: decl.nameRange,
        message: `The frame of ${decl.qualifiedName} grows by ${formatBytes(c - f)} ${CHECKED} on ${arch} (${formatBytes(f)} → ${formatBytes(c)})` + (list ? `: ${list}` : ''),
        related: growers.map((x) => ({ file, range: x.o.range, message: `${x.o.name} grows by ${formatBytes(x.delta)} under DBG` })),
      });
    }
  }

  // stack/dynamic
  if (decl.usesAlloca) {
    const sites = decl.calls.filter((c) => c.calleeName && ALLOCA_NAMES.has(c.calleeName));
    const ranges = sites.length ? sites : [{ calleeName: 'alloca', range: decl.nameRange }];
    for (const s of ranges) {
      push({
        rule: 'stack/dynamic',
        severity: 'warning',
        file,
        range: s.range,
        message: `${s.calleeName} grows the frame of ${decl.qualifiedName} at run time: its stack use cannot be bounded statically; allocate from pool instead`,
        related: [],
      });
    }
  }
  for (const l of decl.locals) {
    if (!l.isVla || (!condHolds(l.cond, arch, 'checked') && !condHolds(l.cond, arch, 'free'))) continue;
    push({
      rule: 'stack/dynamic',
      severity: 'warning',
      file,
      range: l.range,
      message: `Variable-length array ${l.name} (${typeText(l.type)}) grows the frame of ${decl.qualifiedName} at run time: its stack use cannot be bounded statically`,
      related: [],
    });
  }
  return { findings, stackUses };
}

export interface GraphRuleInput {
  graph: WorkspaceCallGraph;
  settings: StackLensSettings;
  arch: Arch;
  frames(index: number, config: BuildConfig): FrameEstimate | undefined;
  worst: Record<BuildConfig, WorstPathTable>;
  entryPoints: Map<string, EntryPointInfo>;
}

/** The rules over the call graph: recursion and deep-path. */
export function graphStackFindings(input: GraphRuleInput): Finding[] {
  const { graph: g, settings, arch } = input;
  const findings: Finding[] = [];
  const push = (f: Omit<Finding, 'fixes'>): void => {
    findings.push({ ...f, fixes: [] });
  };
  // stack/recursion
  for (const comp of g.recursiveComponents) {
    for (const key of comp) {
      const i = g.indexOf.get(key)!;
      const fn = g.functions.get(key)!;
      const cycle = cycleThrough(g, i);
      const names = cycle.map((v) => g.functions.get(g.keys[v])!.decl.qualifiedName);
      const shown = names.length > MAX_CYCLE_NAMES ? [...names.slice(0, MAX_CYCLE_NAMES), '…'] : names;
      let perRound = 0;
      let unknown = false;
      for (const v of cycle) {
        const b = frameFigure(input.frames(v, 'free'));
        if (b === null) unknown = true;
        else perRound += b;
      }
      const related: RelatedInfo[] = [];
      for (let k = 0; k < cycle.length && related.length < MAX_RELATED; k++) {
        const from = cycle[k];
        const to = cycle[(k + 1) % cycle.length];
        const edge = g.outEdges[from].find((e) => e.to === g.keys[to]);
        const fromFn = g.functions.get(g.keys[from])!;
        if (edge) related.push({ file: fromFn.decl.file, range: edge.call.range, message: `${fromFn.decl.qualifiedName} calls ${g.functions.get(g.keys[to])!.decl.qualifiedName}` });
      }
      const self = cycle.length === 1;
      const cycleText = self ? `${fn.decl.qualifiedName} calls itself` : `${[...shown, names[0]].join(' → ')}`;
      const others = comp.length > cycle.length ? ` (${comp.length} functions are mutually recursive)` : '';
      push({
        rule: 'stack/recursion',
        severity: 'warning',
        file: fn.decl.file,
        range: fn.decl.nameRange,
        message:
          `${self ? cycleText : `${fn.decl.qualifiedName} is recursive: ${cycleText}`}${others}; each round takes ${unknown ? 'at least ' : ''}${formatBytes(perRound)} of stack on ${arch} ` +
          `and the depth is not bounded statically`,
        related,
      });
    }
  }

  // stack/deep-path
  const budget = driverBudget(arch, settings);
  const platform = platformStack(arch);
  for (const [key, entry] of input.entryPoints) {
    const i = g.indexOf.get(key);
    if (i === undefined) continue;
    const fn = g.functions.get(key)!;
    const fig = { free: input.worst.free.total[i], checked: input.worst.checked.total[i] };
    const cfg = firesIn(fig, budget.bytes);
    if (!cfg) continue;
    const table = input.worst[cfg];
    const wp = table.path(i);
    const bytes = cfg === 'free' ? fig.free : fig.checked;
    const atLeastText = wp.lowerBound || wp.recursive ? 'at least ' : '';
    const stepBytes = (key: string, frameBytes: number | null): string => {
      if (frameBytes !== null) return formatBytes(frameBytes);
      const idx = g.indexOf.get(key);
      const known = idx === undefined ? undefined : input.frames(idx, cfg)?.knownBytes;
      return known ? `≥${formatBytes(known)}` : 'unknown';
    };
    const chain = wp.steps.map((s) => `${s.name} ${stepBytes(s.key, s.frameBytes)}`);
    const shownChain = chain.length > 8 ? [...chain.slice(0, 7), `… ${chain.length - 7} more`] : chain;
    const severity: Severity = bytes > platform.stackBytes ? 'error' : 'warning';
    const where = cfg === 'free' ? '' : ` ${CHECKED} (${formatBytes(fig.free)} in free builds)`;
    const related: RelatedInfo[] = [];
    for (let k = 0; k + 1 < wp.steps.length && related.length < MAX_RELATED; k++) {
      const from = g.indexOf.get(wp.steps[k].key)!;
      const toKey = wp.steps[k + 1].key;
      const edge = g.outEdges[from].find((e) => e.to === toKey);
      const fromFn = g.functions.get(wp.steps[k].key)!;
      const toFn = g.functions.get(toKey)!;
      const frameText = wp.steps[k + 1].frameBytes === null ? 'unknown frame' : `${formatBytes(wp.steps[k + 1].frameBytes!)} frame`;
      if (edge) related.push({ file: fromFn.decl.file, range: edge.call.range, message: `calls ${toFn.decl.qualifiedName} (${frameText})` });
      else related.push({ file: toFn.decl.file, range: toFn.decl.nameRange, message: `${toFn.decl.qualifiedName} (${frameText}, same recursive cycle)` });
    }
    push({
      rule: 'stack/deep-path',
      severity,
      file: fn.decl.file,
      range: fn.decl.nameRange,
      message:
        `The deepest call chain from ${fn.decl.qualifiedName} (${entry.reason}) takes ${atLeastText}${formatBytes(bytes)} of stack on ${arch}${where}, ` +
        (severity === 'error'
          ? `more than the whole ${formatKiB(platform.stackBytes)} kernel stack`
          : `above the driver budget of ${formatBytes(budget.bytes)} (${budget.source})`) +
        `: ${shownChain.join(' → ')}${wp.recursive ? ' (enters a recursive cycle)' : ''}`,
      related,
    });
  }

  return findings;
}

/** stack/dbg-growth on record types, with the places their instances live on the stack. */
export function typeGrowthFindings(growth: readonly TypeGrowth[], stackUses: ReadonlyMap<string, RelatedInfo[]>, settings: StackLensSettings, arch: Arch): Finding[] {
  const findings: Finding[] = [];
  for (const t of growth) {
    if (t.free === null || t.checked === null) continue;
    const delta = t.checked - t.free;
    if (delta < settings.structCopyBytes) continue;
    const dbgFields = t.record.fields.filter((f) => f.cond?.dbg === true);
    const fieldText = dbgFields.length ? `: ${dbgFields.map((f) => `${f.name ?? '(anonymous)'} (${typeText(f.type)})`).join(', ')}` : '';
    const uses = stackUses.get(t.name) ?? [];
    const related: RelatedInfo[] = [
      ...dbgFields.map((f) => ({ file: t.file, range: f.range, message: `${f.name ?? 'member'} exists only when DBG is defined` })),
      ...uses,
    ].slice(0, MAX_RELATED);
    findings.push({
      rule: 'stack/dbg-growth',
      severity: uses.length ? 'warning' : 'information',
      file: t.file,
      range: headRange(t.range, t.record.kind.length),
      message:
        `${t.name} grows by ${formatBytes(delta)} ${CHECKED} on ${arch} (${formatBytes(t.free)} → ${formatBytes(t.checked)})${fieldText}` +
        (uses.length ? `; it is placed on the stack in ${uses.length} place${uses.length === 1 ? '' : 's'}` : ''),
      related,
      fixes: [],
    });
  }
  return findings;
}

/** Every stack rule over a whole graph (the workspace caches the per-function part instead). */
export function runStackRules(input: StackRuleInput): Finding[] {
  const { graph: g } = input;
  const wanted = (file: string): boolean => !input.onlyFiles || input.onlyFiles.has(file);
  const findings: Finding[] = [];
  const uses = new Map<string, RelatedInfo[]>();
  for (let i = 0; i < g.keys.length; i++) {
    const decl = g.functions.get(g.keys[i])!.decl;
    const r = functionStackFindings({ decl, arch: input.arch, settings: input.settings, types: input.types, free: input.frames(i, 'free'), checked: input.frames(i, 'checked') });
    for (const u of r.stackUses) {
      let list = uses.get(u.typeName);
      if (!list) uses.set(u.typeName, (list = []));
      if (list.length < MAX_RELATED) list.push(u.related);
    }
    if (wanted(decl.file)) findings.push(...r.findings);
  }
  findings.push(...graphStackFindings(input).filter((f) => wanted(f.file)));
  findings.push(...typeGrowthFindings(input.typeGrowth, uses, input.settings, input.arch).filter((f) => wanted(f.file)));
  return findings;
}

interface StackObject {
  name: string;
  type: TypeRef;
  inline?: RecordDecl;
  range: Range;
  isParam: boolean;
  local?: LocalDecl;
  existsFree: boolean;
  existsChecked: boolean;
}

interface SizedStackObject extends StackObject {
  /** Bytes in each configuration (0 where the object does not exist, null when unknown). */
  free: number | null;
  checked: number | null;
}

/**
 * stackObjects with their sizes, built in one pass (this runs for every function of the
 * workspace); locals only when `withLocals` (a frame too small for any local rule skips them).
 */
function sizedStackObjects(decl: FunctionDecl, arch: Arch, withLocals: boolean, types: StackTypeFacts): SizedStackObject[] {
  const file = decl.file;
  const out: SizedStackObject[] = [];
  for (const p of decl.params as ParamDecl[]) {
    if (!p.name || p.type.pointer > 0 || p.type.arrayDims.length > 0 || p.type.isFunctionPointer) continue;
    const { free, checked } = sizesOf(types, p.type, file, undefined);
    out.push({ name: p.name, type: p.type, inline: undefined, range: p.range, isParam: true, local: undefined, existsFree: true, existsChecked: true, free, checked });
  }
  if (!withLocals) return out;
  for (const l of decl.locals) {
    if (l.isStatic || l.isVla) continue;
    const existsFree = condHolds(l.cond, arch, 'free');
    const existsChecked = condHolds(l.cond, arch, 'checked');
    if (!existsFree && !existsChecked) continue;
    let free: number | null = 0;
    let checked: number | null = 0;
    if (existsFree && existsChecked) ({ free, checked } = sizesOf(types, l.type, file, l.inline));
    else if (existsFree) free = types.sizeOf(l.type, file, 'free', l.inline);
    else checked = types.sizeOf(l.type, file, 'checked', l.inline);
    out.push({ name: l.name, type: l.type, inline: l.inline, range: l.range, isParam: false, local: l, existsFree, existsChecked, free, checked });
  }
  return out;
}

function sizesOf(types: StackTypeFacts, t: TypeRef, file: string, inline: RecordDecl | undefined): Figures {
  if (types.sizesOf) return types.sizesOf(t, file, inline);
  return { free: types.sizeOf(t, file, 'free', inline), checked: types.sizeOf(t, file, 'checked', inline) };
}

/** The call that copies into `local` first (memcpy and friends), if any. */
function firstCopyCall(decl: FunctionDecl, local: string): number | undefined {
  for (const c of decl.copiesIntoLocals) if (c.local === local) return c.call;
  return undefined;
}

/** Locals that live on the stack (not static, not VLAs: those are stack/dynamic) and by-value aggregate parameters. */
export function stackObjects(decl: FunctionDecl, arch: Arch): StackObject[] {
  const out: StackObject[] = [];
  for (const p of decl.params as ParamDecl[]) {
    // Array parameters decay to pointers; only by-value aggregates are copied onto the stack.
    if (!p.name || p.type.pointer > 0 || p.type.arrayDims.length > 0 || p.type.isFunctionPointer) continue;
    out.push({ name: p.name, type: p.type, range: p.range, isParam: true, existsFree: true, existsChecked: true });
  }
  for (const l of decl.locals) {
    if (l.isStatic || l.isVla) continue;
    const existsFree = condHolds(l.cond, arch, 'free');
    const existsChecked = condHolds(l.cond, arch, 'checked');
    if (!existsFree && !existsChecked) continue;
    out.push({ name: l.name, type: l.type, inline: l.inline, range: l.range, isParam: false, local: l, existsFree, existsChecked });
  }
  return out;
}

function truncate(s: string, n: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
}
