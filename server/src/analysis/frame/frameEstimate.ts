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

import type { Arch, BuildConfig, CallSite, Flow, FunctionDecl, LocalDecl, ParamDecl, RecordDecl, TypeRef } from '../model';
import type { FrameEstimate, FrameItem } from '../results';
import { ABI } from '../layout/abi';
import type { LayoutEngine, ScopeLookup, TypeLayout } from '../layout/recordLayout';
import { condMatches } from '../layout/typeIndex';
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

/** Whether some call in `calls` (indices) runs inside a loop: values then live across calls. */
function callInLoop(flow: Flow | undefined, calls: ReadonlySet<number>, inLoop = false, depth = 0): boolean {
  if (!flow || depth > 200) return false;
  switch (flow.k) {
    case 'call':
      return inLoop && calls.has(flow.call);
    case 'loop':
      return callInLoop(flow.body, calls, true, depth + 1);
    case 'seq':
      return flow.items.some((f) => callInLoop(f, calls, inLoop, depth + 1));
    case 'if':
      return callInLoop(flow.then, calls, inLoop, depth + 1) || callInLoop(flow.else, calls, inLoop, depth + 1);
    case 'switch':
      return flow.cases.some((f) => callInLoop(f, calls, inLoop, depth + 1));
    case 'try':
      return callInLoop(flow.body, calls, inLoop, depth + 1) || callInLoop(flow.handler, calls, inLoop, depth + 1) || callInLoop(flow.finally, calls, inLoop, depth + 1);
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

export function estimateFrame(fn: FunctionDecl, ctx: FrameContext, arch: Arch, config: BuildConfig): FrameEstimate {
  const abi = ABI[arch];
  const model = FRAME_MODEL[arch];
  const engine = ctx.engine;
  const items: FrameItem[] = [];
  const unknown: string[] = [];
  let dynamic = fn.usesAlloca;
  let sizeUnknown = false;

  const locals = fn.locals.filter((l) => condMatches(l.cond, arch, config) && !l.isStatic);
  const calls = fn.calls.filter((c) => condMatches(c.cond, arch, config));
  const explicitAddr = new Set(fn.addressTaken);
  const copiedInto = new Set(fn.copiesIntoLocals.map((c) => c.local));

  const scopeTypes = new Map<string, { type: TypeRef; inline?: RecordDecl }>();
  for (const p of fn.params) if (p.name) scopeTypes.set(p.name, { type: p.type });
  for (const l of locals) scopeTypes.set(l.name, { type: l.type, inline: l.inline });
  const scope: ScopeLookup = (name) => scopeTypes.get(name);

  // --- locals -------------------------------------------------------------------------------
  const memLocals: MemLocal[] = [];
  const registerLocals: string[] = [];
  let wideRegisterValues = 0;
  let gsBuffer = false;
  let maxRequiredAlign = 1;
  for (const l of locals) {
    const label = `${l.name} (${describeType(l.type, l.inline)})`;
    if (l.isVla) {
      dynamic = true;
      items.push({ kind: 'local', label: `${label}: variable-length array, run-time size`, bytes: 0 });
      continue;
    }
    let layout = engine.layoutRef(l.type, arch, config, l.inline, scope, fn.file);
    if (layout.flexible && l.type.arrayDims.length > 0) {
      const elem = engine.layoutRef({ ...l.type, arrayDims: l.type.arrayDims.slice(1) }, arch, config, l.inline, scope, fn.file);
      const bytes = sizeFromInitializer(l, elem.size);
      layout = bytes === null ? { size: null, align: elem.align, unknown: `${l.name}[] without a countable initialiser` } : { ...elem, size: bytes, count: undefined };
    }
    if (layout.size === null || layout.align === null) {
      sizeUnknown = true;
      unknown.push(`${l.name} (${describeType(l.type, l.inline)}${layout.unknown ? `: ${layout.unknown}` : ''})`);
      items.push({ kind: 'local', label: `${label}: size unknown`, bytes: 0 });
      continue;
    }
    const isArray = l.type.pointer === 0 && l.type.arrayDims.length > 0;
    const aggregate = l.type.pointer === 0 && !l.type.isFunctionPointer && (isArray || layout.fields !== undefined || !!l.inline);
    const addressTaken = explicitAddr.has(l.name) || copiedInto.has(l.name);
    // Scalars, and small structs never addressed (compilers split them into registers), are
    // register candidates; a value wider than a register takes a register pair.
    if (!isArray && !addressTaken && layout.size <= 2 * abi.pointerSize) {
      registerLocals.push(l.name);
      if (layout.size > abi.pointerSize) wideRegisterValues++;
      items.push({ kind: 'register-candidate', label: `${label}: register candidate${layout.assumption ? ` (${layout.assumption})` : ''}`, bytes: 0 });
      continue;
    }
    if (aggregate && isGsBuffer(l.type, layout, engine, arch, config, l.inline)) gsBuffer = true;
    // The stack itself is only stackAlign-aligned: a naturally 8-aligned local on x86 gets 4; only
    // __declspec(align(n)) above the stack alignment forces a realigned frame.
    const align = Math.max(1, Math.min(layout.align, Math.max(abi.stackAlign, layout.requiredAlign ?? 1)));
    maxRequiredAlign = Math.max(maxRequiredAlign, layout.requiredAlign ?? 1);
    memLocals.push({ name: l.name, label: layout.assumption ? `${label} (${layout.assumption})` : label, size: layout.size, align });
  }

  // Place memory locals, most aligned first (as compilers sort their stack objects).
  memLocals.sort((a, b) => b.align - a.align || b.size - a.size);
  let localsEnd = 0;
  let localPadding = 0;
  for (const m of memLocals) {
    const start = alignTo(localsEnd, m.align);
    localPadding += start - localsEnd;
    localsEnd = start + m.size;
    items.push({ kind: 'local', label: m.label, bytes: m.size });
  }
  if (localPadding > 0) items.push({ kind: 'alignment', label: 'padding between locals', bytes: localPadding });

  // --- parameters --------------------------------------------------------------------------
  const scalarParams: ParamDecl[] = [];
  for (const p of fn.params) {
    if (!p.name && p.type.base === 'void' && p.type.pointer === 0) continue;
    const layout = engine.layoutRef(p.type, arch, config);
    const aggregate = p.type.pointer === 0 && !p.type.isFunctionPointer && p.type.arrayDims.length === 0 && layout.fields !== undefined;
    const label = `${p.name ?? '(unnamed)'} (${describeType(p.type)})`;
    if (!aggregate) {
      scalarParams.push(p);
      continue;
    }
    const where =
      arch === 'x86'
        ? "by value in the caller's pushed arguments"
        : layout.size !== null && layout.size <= abi.maxAggregateByValue && (arch === 'arm64' || [1, 2, 4, 8].includes(layout.size))
          ? 'by value in registers'
          : "by reference to the caller's copy";
    items.push({ kind: 'param', label: `${label}: ${layout.size ?? '?'} B ${where}`, bytes: 0 });
  }
  const registerParams = scalarParams.length + (fn.isMethod ? 1 : 0);

  // --- calls: outgoing arguments, by-value copies ------------------------------------------
  if (calls.some((c) => ALLOCA_NAMES.has(c.calleeName ?? ''))) dynamic = true;
  const memNames = new Set(memLocals.map((m) => m.name));
  const callIndex = new Map(fn.calls.map((c, i) => [c, i] as const));
  const callCosts = calls.filter((c) => !ALLOCA_NAMES.has(c.calleeName ?? '')).map((c) => {
    const callee = c.calleeName ? ctx.findFunction?.(c.calleeName) : undefined;
    let stackBytes = 0;
    let copies = 0;
    c.args.forEach((a, i) => {
      const p = callee?.params[i];
      const pl = p ? engine.layoutRef(p.type, arch, config) : null;
      const size = pl?.size ?? abi.argSlotBytes;
      const aggregate = !!p && p.type.pointer === 0 && p.type.arrayDims.length === 0 && pl?.fields !== undefined;
      if (arch === 'x86') {
        stackBytes += alignTo(Math.max(size, 4), 4);
        return;
      }
      // A by-reference aggregate is copied into a caller temporary, unless the argument is a
      // local of the caller passed as is (compilers then pass the local itself when it is dead
      // after the call, which is how such code is usually written).
      if (aggregate && pl && pl.size !== null && !memNames.has(a.text.trim())) {
        const byRef = arch === 'x64' ? ![1, 2, 4, 8].includes(pl.size) : pl.size > abi.maxAggregateByValue;
        if (byRef) copies += alignTo(pl.size, 16);
      }
      if (i >= abi.registerArgs) stackBytes += abi.argSlotBytes;
    });
    return { call: c, stackBytes, copies };
  });
  // A function whose only call is a tail call (`return f(x);`, or a last statement calling a
  // function when nothing of the frame must survive) jumps to the callee: no frame of its own.
  const ownParamBytes = () => fn.params.reduce((s, p) => s + alignTo(Math.max(engine.layoutRef(p.type, arch, config).size ?? 4, 4), 4), 0);
  const tailOnly =
    callCosts.length === 1 &&
    memLocals.length === 0 &&
    callCosts[0].copies === 0 &&
    (arch === 'x86' ? callCosts[0].stackBytes <= ownParamBytes() : callCosts[0].call.args.length <= abi.registerArgs) &&
    isTailCall(fn, callCosts[0].call, callIndex.get(callCosts[0].call) ?? -1);
  const effective = tailOnly ? [] : callCosts;
  let maxStackArgBytes = 0;
  let maxCopyBytes = 0;
  let maxCopyLabel = '';
  for (const cc of effective) {
    maxStackArgBytes = Math.max(maxStackArgBytes, cc.stackBytes);
    if (cc.copies > maxCopyBytes) {
      maxCopyBytes = cc.copies;
      maxCopyLabel = cc.call.callee;
    }
  }
  const makesCalls = effective.length > 0;
  if (maxCopyBytes > 0) items.push({ kind: 'outgoing-args', label: `by-value aggregate copies for ${maxCopyLabel}()`, bytes: maxCopyBytes });
  if (makesCalls && abi.homeAreaBytes > 0) items.push({ kind: 'home-area', label: 'home area of the 4 register arguments', bytes: abi.homeAreaBytes });
  if (maxStackArgBytes > 0) {
    const bytes = arch === 'arm64' ? alignTo(maxStackArgBytes, 16) : maxStackArgBytes;
    items.push({ kind: 'outgoing-args', label: arch === 'x86' ? 'arguments pushed for the largest call' : 'stack arguments beyond the register arguments', bytes });
  }

  // --- callee-saved registers and spills -----------------------------------------------------
  const loop = effective.length > 0 && callInLoop(fn.flow, new Set(effective.map((cc) => callIndex.get(cc.call) ?? -1)));
  const regLocals = registerLocals.length + (arch === 'x86' ? wideRegisterValues : 0);
  let demand: number;
  if (!makesCalls) {
    // x86 parameters stay in the caller's argument area and are reloaded from there.
    const paramPressure = arch === 'x86' ? 0 : registerParams;
    demand = Math.max(0, regLocals + paramPressure - model.leafScratchRegisters);
  } else if (effective.length === 1 && !loop) {
    // Around a single call only values used after it need a callee-saved register: locals
    // usually are, parameters usually are consumed by the call.
    demand = regLocals;
  } else {
    demand = Math.ceil(regLocals * model.savedPerLocal + registerParams * model.savedPerParam + (loop ? model.savedPerLoop : 0));
  }
  let saved = Math.min(demand, abi.calleeSavedGprs);
  const spilled = demand - saved;
  if (model.pairedSaves && saved % 2 === 1) saved++;
  if (saved > 0) items.push({ kind: 'saved-registers', label: `${saved} callee-saved register${saved === 1 ? '' : 's'} (modelled)`, bytes: saved * model.slotBytes });
  if (spilled > 0) items.push({ kind: 'spill', label: `${spilled} spilled value${spilled === 1 ? '' : 's'} (modelled)`, bytes: spilled * model.slotBytes });

  // --- fixed parts ------------------------------------------------------------------------
  const overAligned = maxRequiredAlign > abi.stackAlign;
  const needsFramePointer = dynamic || overAligned;
  if (gsBuffer) items.push({ kind: 'gs-cookie', label: '/GS security cookie', bytes: abi.gsCookieBytes });
  if (arch === 'arm64') {
    if (makesCalls || needsFramePointer) {
      items.push({ kind: 'frame-pointer', label: 'saved FP (x29) of the frame record', bytes: 8 });
      items.push({ kind: 'return-address', label: 'saved LR (x30) of the frame record', bytes: 8 });
    }
  } else {
    items.push({ kind: 'return-address', label: 'return address', bytes: abi.returnAddressBytes });
    if (arch === 'x86') items.push({ kind: 'frame-pointer', label: 'saved EBP', bytes: 4 });
    else if (needsFramePointer) items.push({ kind: 'frame-pointer', label: 'saved RBP (frame pointer for alloca/over-aligned locals)', bytes: 8 });
  }
  if (overAligned) items.push({ kind: 'alignment', label: `dynamic realignment to ${maxRequiredAlign} bytes`, bytes: maxRequiredAlign - abi.stackAlign });

  // --- alignment to the ABI stack alignment ------------------------------------------------
  let subtotal = items.reduce((s, it) => s + it.bytes, 0);
  const allocates = makesCalls || memLocals.length > 0 || subtotal > abi.returnAddressBytes;
  const alignUnit = arch === 'x86' ? 4 : makesCalls || (arch === 'arm64' && allocates) ? abi.stackAlign : 8;
  const padded = alignTo(subtotal, alignUnit);
  if (padded > subtotal) {
    items.push({ kind: 'alignment', label: `padding to ${alignUnit}-byte stack alignment`, bytes: padded - subtotal });
    subtotal = padded;
  }

  return {
    arch,
    config,
    bytes: sizeUnknown ? null : subtotal,
    knownBytes: subtotal,
    dynamic,
    items,
    unknown,
  };
}
