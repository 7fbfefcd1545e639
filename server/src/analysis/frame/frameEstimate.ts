// Static estimate of one function's stack frame per target, with a breakdown.
//
// What is counted (the README's "frame model"):
// - locals that live in memory at full size and alignment: aggregates (arrays, structs, unions)
//   and scalars whose address is taken; static locals are not on the stack; locals that exist
//   only under DBG count only in the checked configuration (and `#if !DBG` ones only in free);
// - other scalar locals and parameters are register candidates (0 bytes each): their cost is the
//   modelled callee-saved registers and spill slots (frameModel.ts, calibrated against clang);
// - outgoing arguments belong to the caller that pushes/stores them: x64 reserves the 32-byte
//   home area when it calls anything plus 8 bytes per argument beyond 4 for the call with the
//   most arguments; arm64 8 bytes per argument beyond 8; x86 the bytes pushed for the call with
//   the largest argument list (all arguments are on the stack with __stdcall/__cdecl);
// - by-value aggregate arguments: x64 copies aggregates that are not 1, 2, 4 or 8 bytes into a
//   temporary in the caller's frame and passes a pointer; arm64 does so above 16 bytes; x86
//   pushes them whole. The *callee* gets no own bytes for them (its `param` items show 0).
// - return address (x86/x64: pushed by CALL; arm64: LR saved with FP in the frame record of
//   non-leaf functions), frame pointer (x86 EBP: kernel x86 code keeps frame pointers; x64 RBP
//   only for alloca/over-aligned locals), /GS cookie when a local is a "GS buffer" (MSVC
//   definition), padding to the ABI stack alignment (x64/arm64 16 in non-leaf functions).
// - alloca/_alloca/VLA make the frame dynamic: the static part is reported, flagged dynamic.
// - unknown local types make `bytes` null; `knownBytes` is everything else; `unknown` names them.
// Not modelled: stack slot sharing between locals of disjoint scopes (compilers overlap them;
// we add them up, an over-estimate), temporaries of complex expressions, inlining (callee frames
// merged into the caller), shrink-wrapping.

import type { Arch, BuildConfig, CallSite, Flow, FunctionDecl, LocalDecl, RecordDecl, TypeRef } from '../model';
import type { FrameEstimate, FrameItem, FrameItemKind } from '../results';
import { ABI } from '../layout/abi';
import type { LayoutEngine, ScopeLookup, TypeLayout } from '../layout/recordLayout';
import { condMatches, dependsOnConfig } from '../layout/typeIndex';
import { FRAME_MODEL } from './frameModel';

export interface FrameContext {
  engine: LayoutEngine;
  /** A callee's declaration by name (for by-value aggregate and 64-bit scalar arguments). */
  findFunction?: (name: string) => FunctionDecl | undefined;
}

const alignTo = (n: number, a: number): number => (a <= 1 ? n : Math.ceil(n / a) * a);

const ALLOCA_NAMES = new Set(['alloca', '_alloca', '_malloca', '__builtin_alloca']);

function describeType(t: TypeRef, inline?: RecordDecl): string {
  const base = inline ? `${inline.kind} ${inline.tag ?? '{...}'}` : t.base;
  return base + '*'.repeat(t.pointer) + t.arrayDims.map((d) => `[${d}]`).join('');
}

/** A call the frame model counts in this configuration: its condition holds and it is not alloca. */
function countedCall(c: CallSite | undefined, arch: Arch, config: BuildConfig): boolean {
  return c !== undefined && condMatches(c.cond, arch, config) && !ALLOCA_NAMES.has(c.calleeName ?? '');
}

/** Whether some counted call of `fn` runs inside a loop: values then live across calls. */
function callInLoop(fn: FunctionDecl, flow: Flow | undefined, arch: Arch, config: BuildConfig, inLoop = false, depth = 0): boolean {
  if (!flow || depth > 200) return false;
  switch (flow.k) {
    case 'call':
      return inLoop && countedCall(fn.calls[flow.call], arch, config);
    case 'loop':
      return callInLoop(fn, flow.body, arch, config, true, depth + 1);
    case 'seq':
      for (const f of flow.items) if (callInLoop(fn, f, arch, config, inLoop, depth + 1)) return true;
      return false;
    case 'if':
      return callInLoop(fn, flow.then, arch, config, inLoop, depth + 1) || callInLoop(fn, flow.else, arch, config, inLoop, depth + 1);
    case 'switch':
      for (const f of flow.cases) if (callInLoop(fn, f, arch, config, inLoop, depth + 1)) return true;
      return false;
    case 'try':
      return (
        callInLoop(fn, flow.body, arch, config, inLoop, depth + 1) ||
        callInLoop(fn, flow.handler, arch, config, inLoop, depth + 1) ||
        callInLoop(fn, flow.finally, arch, config, inLoop, depth + 1)
      );
    default:
      return false;
  }
}

/**
 * The call is `return f(...);` (or the last statement of a function returning nothing): the
 * compiler can turn it into a jump, and a function whose only call is such a tail call needs no
 * outgoing-argument area or saved registers of its own.
 */
function isTailCall(fn: FunctionDecl, call: CallSite, index: number): boolean {
  const items = fn.flow?.k === 'seq' ? fn.flow.items : fn.flow ? [fn.flow] : [];
  const last = items[items.length - 1];
  const prev = items[items.length - 2];
  if (last?.k === 'return' && prev?.k === 'call' && prev.call === index) {
    const r = last.range;
    const c = call.range;
    return r.start.line === c.start.line && c.start.column === r.start.column + 7 && c.end.line === r.end.line && c.end.column + 1 === r.end.column;
  }
  const voidFn = fn.returnType.base === 'void' || fn.returnType.base === 'VOID';
  return voidFn && fn.returnType.pointer === 0 && last?.k === 'call' && last.call === index;
}

interface MemLocal {
  name: string;
  label: string;
  size: number;
  align: number;
}

/** MSVC /GS "GS buffer": array > 4 bytes with > 2 non-pointer elements, or a pointer-free struct > 8 bytes. */
function isGsBuffer(ref: TypeRef, layout: TypeLayout, engine: LayoutEngine, arch: Arch, config: BuildConfig, inline?: RecordDecl): boolean {
  if (layout.size === null) return false;
  if (ref.pointer > 0 || ref.isFunctionPointer) return false;
  if (ref.arrayDims.length > 0) {
    const elem = engine.layoutRef({ ...ref, arrayDims: [] }, arch, config, inline);
    const count = layout.size / Math.max(1, elem.size ?? layout.size);
    if (layout.size > 4 && count > 2 && !elem.isPointer) return true;
    return elem.fields !== undefined && isGsBuffer({ ...ref, arrayDims: [] }, elem, engine, arch, config, inline);
  }
  if (layout.fields) {
    if (layout.size > 8 && !containsPointer(layout, engine, arch, config, 0)) return true;
    return layout.fields.some((f) => {
      if (!f.ref) return false;
      const fl = engine.layoutRef(f.ref, arch, config, f.inline);
      return (f.ref.arrayDims.length > 0 || fl.fields !== undefined) && isGsBuffer(f.ref, fl, engine, arch, config, f.inline);
    });
  }
  return false;
}

function containsPointer(layout: TypeLayout, engine: LayoutEngine, arch: Arch, config: BuildConfig, depth: number): boolean {
  if (depth > 16) return true;
  for (const f of layout.fields ?? []) {
    if (!f.ref) continue;
    if (f.ref.pointer > 0 || f.ref.isFunctionPointer) return true;
    const fl = engine.layoutRef({ ...f.ref, arrayDims: [] }, arch, config, f.inline);
    if (fl.isPointer) return true;
    if (fl.fields && containsPointer(fl, engine, arch, config, depth + 1)) return true;
  }
  return false;
}

/** Bytes of a `T x[] = init` local from its initialiser: string literal or brace list. */
function sizeFromInitializer(l: LocalDecl, elemSize: number | null): number | null {
  const init = l.initText?.trim();
  if (!init || elemSize === null) return null;
  const str = /^(L|u8|u|U)?"((?:[^"\\]|\\.)*)"$/.exec(init);
  if (str) {
    const chars = str[2].replace(/\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)/g, 'x').length + 1;
    return chars * elemSize;
  }
  if (init.startsWith('{') && init.endsWith('}')) {
    const body = init.slice(1, -1).trim();
    if (!body) return null;
    let depth = 0;
    let count = 1;
    for (const ch of body) {
      if (ch === '{' || ch === '(') depth++;
      else if (ch === '}' || ch === ')') depth--;
      else if (ch === ',' && depth === 0) count++;
    }
    if (body.endsWith(',')) count--;
    return count * elemSize;
  }
  return null;
}

/** The totals of an estimate, without the breakdown: what the whole-workspace passes read. */
export interface FrameTotals {
  bytes: number | null;
  knownBytes: number;
  dynamic: boolean;
  /**
   * Nothing the estimate read depends on the build configuration (no `#if DBG` local or call, no
   * type, typedef or macro whose meaning differs under DBG): the other configuration's estimate
   * is the same.
   */
  sameInOtherConfig: boolean;
}

/** One function's frame with its breakdown (`items`, `unknown`): hovers, messages, reports. */
export function estimateFrame(fn: FunctionDecl, ctx: FrameContext, arch: Arch, config: BuildConfig): FrameEstimate {
  const t = estimate(fn, ctx, arch, config, true);
  return { arch, config, bytes: t.sizeUnknown ? null : t.total, knownBytes: t.total, dynamic: t.dynamic, items: t.items!, unknown: t.unknown! };
}

/**
 * The same figures as estimateFrame without building the breakdown's labels (most of the cost
 * of estimating every function of a workspace), plus whether the other configuration can share
 * them.
 */
export function estimateFrameTotals(fn: FunctionDecl, ctx: FrameContext, arch: Arch, config: BuildConfig): FrameTotals {
  const t = estimate(fn, ctx, arch, config, false);
  return { bytes: t.sizeUnknown ? null : t.total, knownBytes: t.total, dynamic: t.dynamic, sameInOtherConfig: !t.configDependent };
}

/**
 * The running state of one estimate: the total and flags, and the breakdown when it is asked for
 * (`items`/`unknown` null otherwise; callers then pass '' instead of building a label). The
 * total adds exactly what `items` holds.
 */
class FrameTally {
  readonly items: FrameItem[] | null;
  readonly unknown: string[] | null;
  total = 0;
  dynamic: boolean;
  /** Some local's size is unknown: the total is a lower bound. */
  sizeUnknown = false;
  /** Something read depends on the build configuration. */
  configDependent = false;

  constructor(detail: boolean, dynamic: boolean) {
    this.items = detail ? [] : null;
    this.unknown = detail ? [] : null;
    this.dynamic = dynamic;
  }

  add(kind: FrameItemKind, label: string, bytes: number): void {
    if (this.items) this.items.push({ kind, label, bytes });
    this.total += bytes;
  }
}

/**
 * The frame model, in passes that each add their items in breakdown order: locals, parameters,
 * outgoing calls, callee-saved registers, fixed parts, final alignment. (Separate functions also
 * keep each one small enough for the JIT to optimise early in a whole-workspace run.)
 */
function estimate(fn: FunctionDecl, ctx: FrameContext, arch: Arch, config: BuildConfig, detail: boolean): FrameTally {
  const index = ctx.engine.index;
  const readsBefore = index.configDependentReads;
  const t = new FrameTally(detail, fn.usesAlloca);
  const locals = addLocals(fn, ctx.engine, arch, config, t);
  const registerParams = addParams(fn, ctx.engine, arch, config, t);
  const calls = addCalls(fn, ctx, arch, config, t, locals.memLocals);
  addSavedRegisters(fn, arch, config, t, locals, registerParams, calls);
  addFixedParts(arch, t, locals, calls > 0);
  if (index.configDependentReads !== readsBefore) t.configDependent = true;
  return t;
}

/** What the locals pass leaves for the later ones. */
interface LocalsFacts {
  memLocals: MemLocal[];
  registerLocals: number;
  wideRegisterValues: number;
  gsBuffer: boolean;
  maxRequiredAlign: number;
}

/** Locals of this configuration: register candidates, and memory locals placed most aligned first. */
function addLocals(fn: FunctionDecl, engine: LayoutEngine, arch: Arch, config: BuildConfig, t: FrameTally): LocalsFacts {
  const abi = ABI[arch];
  const detail = t.items !== null;
  const locals: LocalDecl[] = [];
  for (const l of fn.locals) {
    if (dependsOnConfig(l.cond)) t.configDependent = true;
    if (condMatches(l.cond, arch, config) && !l.isStatic) locals.push(l);
  }

  // Names visible to `sizeof x` in array dimensions; rarely needed, so built on first use.
  let scopeTypes: Map<string, { type: TypeRef; inline?: RecordDecl }> | undefined;
  const scope: ScopeLookup = (name) => {
    if (!scopeTypes) {
      scopeTypes = new Map();
      for (const p of fn.params) if (p.name) scopeTypes.set(p.name, { type: p.type });
      for (const l of locals) scopeTypes.set(l.name, { type: l.type, inline: l.inline });
    }
    return scopeTypes.get(name);
  };
  // Locals whose address is taken or that a copy call writes into live in memory. Both lists are
  // short in most functions: a linear search allocates nothing; long ones get a set.
  const addressedSet = fn.addressTaken.length + fn.copiesIntoLocals.length > 16 ? new Set([...fn.addressTaken, ...fn.copiesIntoLocals.map((c) => c.local)]) : null;
  const addressed = (name: string): boolean => (addressedSet ? addressedSet.has(name) : fn.addressTaken.includes(name) || isCopiedInto(fn, name));

  const out: LocalsFacts = { memLocals: [], registerLocals: 0, wideRegisterValues: 0, gsBuffer: false, maxRequiredAlign: 1 };
  for (const l of locals) {
    const label = detail ? `${l.name} (${describeType(l.type, l.inline)})` : '';
    if (l.isVla) {
      t.dynamic = true;
      t.add('local', detail ? `${label}: variable-length array, run-time size` : '', 0);
      continue;
    }
    let layout = engine.layoutRef(l.type, arch, config, l.inline, scope, fn.file);
    if (layout.flexible && l.type.arrayDims.length > 0) {
      const elem = engine.layoutRef({ ...l.type, arrayDims: l.type.arrayDims.slice(1) }, arch, config, l.inline, scope, fn.file);
      const bytes = sizeFromInitializer(l, elem.size);
      layout = bytes === null ? { size: null, align: elem.align, unknown: `${l.name}[] without a countable initialiser` } : { ...elem, size: bytes, count: undefined };
    }
    if (layout.size === null || layout.align === null) {
      t.sizeUnknown = true;
      if (t.unknown) t.unknown.push(`${l.name} (${describeType(l.type, l.inline)}${layout.unknown ? `: ${layout.unknown}` : ''})`);
      t.add('local', detail ? `${label}: size unknown` : '', 0);
      continue;
    }
    const isArray = l.type.pointer === 0 && l.type.arrayDims.length > 0;
    const aggregate = l.type.pointer === 0 && !l.type.isFunctionPointer && (isArray || layout.fields !== undefined || !!l.inline);
    // Scalars, and small structs never addressed (compilers split them into registers), are
    // register candidates; a value wider than a register takes a register pair.
    if (!isArray && !addressed(l.name) && layout.size <= 2 * abi.pointerSize) {
      out.registerLocals++;
      if (layout.size > abi.pointerSize) out.wideRegisterValues++;
      t.add('register-candidate', detail ? `${label}: register candidate${layout.assumption ? ` (${layout.assumption})` : ''}` : '', 0);
      continue;
    }
    if (aggregate && isGsBuffer(l.type, layout, engine, arch, config, l.inline)) out.gsBuffer = true;
    // The stack itself is only stackAlign-aligned: a naturally 8-aligned local on x86 gets 4; only
    // __declspec(align(n)) above the stack alignment forces a realigned frame.
    const align = Math.max(1, Math.min(layout.align, Math.max(abi.stackAlign, layout.requiredAlign ?? 1)));
    out.maxRequiredAlign = Math.max(out.maxRequiredAlign, layout.requiredAlign ?? 1);
    out.memLocals.push({ name: l.name, label: detail && layout.assumption ? `${label} (${layout.assumption})` : label, size: layout.size, align });
  }

  // Place memory locals, most aligned first (as compilers sort their stack objects).
  const memLocals = out.memLocals;
  if (memLocals.length > 1) memLocals.sort((a, b) => b.align - a.align || b.size - a.size);
  let localsEnd = 0;
  let localPadding = 0;
  for (const m of memLocals) {
    const start = alignTo(localsEnd, m.align);
    localPadding += start - localsEnd;
    localsEnd = start + m.size;
    t.add('local', m.label, m.size);
  }
  if (localPadding > 0) t.add('alignment', 'padding between locals', localPadding);
  return out;
}

/** By-value aggregate parameters get an item (0 B: they live in the caller); returns the register parameter count. */
function addParams(fn: FunctionDecl, engine: LayoutEngine, arch: Arch, config: BuildConfig, t: FrameTally): number {
  const abi = ABI[arch];
  let scalarParams = 0;
  for (const p of fn.params) {
    if (!p.name && p.type.base === 'void' && p.type.pointer === 0) continue;
    const layout = engine.layoutRef(p.type, arch, config);
    const aggregate = p.type.pointer === 0 && !p.type.isFunctionPointer && p.type.arrayDims.length === 0 && layout.fields !== undefined;
    if (!aggregate) {
      scalarParams++;
      continue;
    }
    if (t.items) {
      const label = `${p.name ?? '(unnamed)'} (${describeType(p.type)})`;
      const where =
        arch === 'x86'
          ? "by value in the caller's pushed arguments"
          : layout.size !== null && layout.size <= abi.maxAggregateByValue && (arch === 'arm64' || [1, 2, 4, 8].includes(layout.size))
            ? 'by value in registers'
            : "by reference to the caller's copy";
      t.add('param', `${label}: ${layout.size ?? '?'} B ${where}`, 0);
    }
  }
  return scalarParams + (fn.isMethod ? 1 : 0);
}

/**
 * Outgoing arguments and by-value copies of the calls of this configuration (alloca only makes
 * the frame dynamic). Returns how many calls need a frame: none when the only one is a tail call.
 */
function addCalls(fn: FunctionDecl, ctx: FrameContext, arch: Arch, config: BuildConfig, t: FrameTally, memLocals: readonly MemLocal[]): number {
  const abi = ABI[arch];
  const engine = ctx.engine;
  let count = 0;
  let maxStackArgBytes = 0;
  let maxCopyBytes = 0;
  let maxCopyLabel = '';
  // The first counted call, for the tail-call test (which applies when it is the only one).
  let first: CallSite | undefined;
  let firstIndex = -1;
  let firstStackBytes = 0;
  let firstCopies = 0;
  for (let ci = 0; ci < fn.calls.length; ci++) {
    const c = fn.calls[ci];
    if (dependsOnConfig(c.cond)) t.configDependent = true;
    if (!condMatches(c.cond, arch, config)) continue;
    if (ALLOCA_NAMES.has(c.calleeName ?? '')) {
      t.dynamic = true;
      continue;
    }
    // The callee's parameter types matter only for the arguments passed.
    const callee = c.calleeName && c.args.length > 0 ? ctx.findFunction?.(c.calleeName) : undefined;
    let stackBytes = 0;
    let copies = 0;
    for (let i = 0; i < c.args.length; i++) {
      const p = callee?.params[i];
      const pl = p ? engine.layoutRef(p.type, arch, config) : null;
      const size = pl?.size ?? abi.argSlotBytes;
      const aggregate = !!p && p.type.pointer === 0 && p.type.arrayDims.length === 0 && pl?.fields !== undefined;
      if (arch === 'x86') {
        stackBytes += alignTo(Math.max(size, 4), 4);
        continue;
      }
      // A by-reference aggregate is copied into a caller temporary, unless the argument is a
      // local of the caller passed as is (compilers then pass the local itself when it is dead
      // after the call, which is how such code is usually written).
      if (aggregate && pl && pl.size !== null && !isMemLocal(memLocals, c.args[i].text.trim())) {
        const byRef = arch === 'x64' ? ![1, 2, 4, 8].includes(pl.size) : pl.size > abi.maxAggregateByValue;
        if (byRef) copies += alignTo(pl.size, 16);
      }
      if (i >= abi.registerArgs) stackBytes += abi.argSlotBytes;
    }
    if (count++ === 0) {
      first = c;
      firstIndex = ci;
      firstStackBytes = stackBytes;
      firstCopies = copies;
    }
    maxStackArgBytes = Math.max(maxStackArgBytes, stackBytes);
    if (copies > maxCopyBytes) {
      maxCopyBytes = copies;
      maxCopyLabel = c.callee;
    }
  }
  // A function whose only call is a tail call (`return f(x);`, or a last statement calling a
  // function when nothing of the frame must survive) jumps to the callee: no frame of its own.
  const tailOnly =
    count === 1 &&
    memLocals.length === 0 &&
    firstCopies === 0 &&
    (arch === 'x86' ? firstStackBytes <= ownParamBytes(fn, engine, arch, config) : first!.args.length <= abi.registerArgs) &&
    isTailCall(fn, first!, firstIndex);
  if (tailOnly) return 0;
  if (maxCopyBytes > 0) t.add('outgoing-args', t.items ? `by-value aggregate copies for ${maxCopyLabel}()` : '', maxCopyBytes);
  if (count > 0 && abi.homeAreaBytes > 0) t.add('home-area', 'home area of the 4 register arguments', abi.homeAreaBytes);
  if (maxStackArgBytes > 0) {
    const bytes = arch === 'arm64' ? alignTo(maxStackArgBytes, 16) : maxStackArgBytes;
    t.add('outgoing-args', arch === 'x86' ? 'arguments pushed for the largest call' : 'stack arguments beyond the register arguments', bytes);
  }
  return count;
}

/** Callee-saved registers and spills the register pressure costs (frameModel.ts). */
function addSavedRegisters(fn: FunctionDecl, arch: Arch, config: BuildConfig, t: FrameTally, locals: LocalsFacts, registerParams: number, calls: number): void {
  const abi = ABI[arch];
  const model = FRAME_MODEL[arch];
  const makesCalls = calls > 0;
  // (When there are calls that need a frame they are exactly the counted ones.)
  const loop = makesCalls && callInLoop(fn, fn.flow, arch, config);
  const regLocals = locals.registerLocals + (arch === 'x86' ? locals.wideRegisterValues : 0);
  let demand: number;
  if (!makesCalls) {
    // x86 parameters stay in the caller's argument area and are reloaded from there.
    const paramPressure = arch === 'x86' ? 0 : registerParams;
    demand = Math.max(0, regLocals + paramPressure - model.leafScratchRegisters);
  } else if (calls === 1 && !loop) {
    // Around a single call only values used after it need a callee-saved register: locals
    // usually are, parameters usually are consumed by the call.
    demand = regLocals;
  } else {
    demand = Math.ceil(regLocals * model.savedPerLocal + registerParams * model.savedPerParam + (loop ? model.savedPerLoop : 0));
  }
  let saved = Math.min(demand, abi.calleeSavedGprs);
  const spilled = demand - saved;
  if (model.pairedSaves && saved % 2 === 1) saved++;
  if (saved > 0) t.add('saved-registers', t.items ? `${saved} callee-saved register${saved === 1 ? '' : 's'} (modelled)` : '', saved * model.slotBytes);
  if (spilled > 0) t.add('spill', t.items ? `${spilled} spilled value${spilled === 1 ? '' : 's'} (modelled)` : '', spilled * model.slotBytes);
}

/** /GS cookie, return address, frame pointer, realignment, then padding to the ABI stack alignment. */
function addFixedParts(arch: Arch, t: FrameTally, locals: LocalsFacts, makesCalls: boolean): void {
  const abi = ABI[arch];
  const overAligned = locals.maxRequiredAlign > abi.stackAlign;
  const needsFramePointer = t.dynamic || overAligned;
  if (locals.gsBuffer) t.add('gs-cookie', '/GS security cookie', abi.gsCookieBytes);
  if (arch === 'arm64') {
    if (makesCalls || needsFramePointer) {
      t.add('frame-pointer', 'saved FP (x29) of the frame record', 8);
      t.add('return-address', 'saved LR (x30) of the frame record', 8);
    }
  } else {
    t.add('return-address', 'return address', abi.returnAddressBytes);
    if (arch === 'x86') t.add('frame-pointer', 'saved EBP', 4);
    else if (needsFramePointer) t.add('frame-pointer', 'saved RBP (frame pointer for alloca/over-aligned locals)', 8);
  }
  if (overAligned) t.add('alignment', t.items ? `dynamic realignment to ${locals.maxRequiredAlign} bytes` : '', locals.maxRequiredAlign - abi.stackAlign);

  const subtotal = t.total;
  const allocates = makesCalls || locals.memLocals.length > 0 || subtotal > abi.returnAddressBytes;
  const alignUnit = arch === 'x86' ? 4 : makesCalls || (arch === 'arm64' && allocates) ? abi.stackAlign : 8;
  const padded = alignTo(subtotal, alignUnit);
  if (padded > subtotal) t.add('alignment', t.items ? `padding to ${alignUnit}-byte stack alignment` : '', padded - subtotal);
}

function isCopiedInto(fn: FunctionDecl, name: string): boolean {
  for (const c of fn.copiesIntoLocals) if (c.local === name) return true;
  return false;
}

function isMemLocal(memLocals: readonly MemLocal[], name: string): boolean {
  for (const m of memLocals) if (m.name === name) return true;
  return false;
}

/** Bytes of the function's own (x86, pushed by its caller) arguments. */
function ownParamBytes(fn: FunctionDecl, engine: LayoutEngine, arch: Arch, config: BuildConfig): number {
  return fn.params.reduce((s, p) => s + alignTo(Math.max(engine.layoutRef(p.type, arch, config).size ?? 4, 4), 4), 0);
}
