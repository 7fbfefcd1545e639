// Turns a draft (frames as printed + context) into the `stack` JSON contract: arch, limit,
// sizes and segments, usedBytes, the per-module table, cycles, hints.

import { formatNumber } from '../analysis/platform';
import { type Addr, addrDiff, formatAddr } from './addresses';
import { decideArch } from './arch';
import { findCycles } from './cycles';
import type { DraftStack } from './draft';
import { decideLimit, largeStackBytes, normalStackBytes, threadStackBytes } from './limits';
import type { ParsedStack, StackFrame, StackParseOptions, StackSegment } from './model';
import { moduleTable } from './modules';
import { sizeFrames } from './sizes';

/** User-mode stacks are 1 MB by default; a jump test with the kernel's 12-32 KiB would misfire. */
const USER_STACK_JUMP = 16 * 1024 * 1024;
const MAX_SEGMENT_HINTS = 10;

function title(d: DraftStack, position: number): string {
  const thread = d.thread?.id ? `THREAD ${d.thread.id}` : null;
  const threadCommand = d.command !== null && /^!(?:thread|process)\b/.test(d.command);
  let t = d.prompt && !(thread && threadCommand) ? d.prompt : null;
  if (thread) t = t ? `${t} (${thread})` : thread;
  if (d.section) t = t ? `${t} · ${d.section}` : d.section;
  return t ?? `Stack ${position + 1}`;
}

/** Frame numbers as WinDbg prints them (`0a`), so hints match the debugger's output. */
function frameNo(index: number): string {
  return index.toString(16).padStart(2, '0');
}

function bytesText(n: number): string {
  return `${formatNumber(n)} bytes`;
}

function inBounds(a: Addr, base: Addr, limit: Addr): boolean {
  return a.width === base.width && addrDiff(a, limit) >= 0 && addrDiff(base, a) >= 0;
}

export function finalizeStack(d: DraftStack, position: number, opts: StackParseOptions): ParsedStack {
  const archDecision = decideArch(d, opts.arch);
  const arch = archDecision.arch;
  const limit = decideLimit(arch, d.thread, opts.limitBytes);
  const t = d.thread;
  const frameWidth = d.frames.find((f) => f.sp)?.sp?.width ?? null;
  const bounds =
    t && t.base && t.limit && threadStackBytes(t) !== null && (frameWidth === null || frameWidth === t.base.width)
      ? { base: t.base, limit: t.limit }
      : null;
  const jumpBytes = Math.max(
    t?.largeStack ? largeStackBytes(arch) : normalStackBytes(arch),
    limit.source === 'platform' ? 0 : limit.bytes,
  );
  let sized = sizeFrames({ frames: d.frames, jumpBytes, bounds, registerSp: d.registerSp });
  if (sized.allUser) sized = sizeFrames({ frames: d.frames, jumpBytes: USER_STACK_JUMP, bounds: null, registerSp: d.registerSp });

  const warnings = d.warnings.slice();
  const frames: StackFrame[] = [];
  const resolver = opts.resolver;
  const resolved = new Map<string, { bytes: number | null; file: string; line: number } | null>();
  let resolverFailed = false;
  let staticSized = 0;
  for (let i = 0; i < d.frames.length; i++) {
    const f = d.frames[i];
    const cs = f.callSite;
    const frame: StackFrame = {
      index: f.number ?? i,
      module: cs.module,
      symbol: cs.symbol,
      offset: cs.offset,
      bytes: sized.bytes[i],
      sizeSource: sized.sources[i],
      segment: sized.segment[i],
      inline: f.inline,
      source: cs.source,
      sp: f.sp ? formatAddr(f.sp) : null,
      retAddr: f.ret ? formatAddr(f.ret) : null,
      raw: f.raw,
    };
    if (cs.address) frame.address = cs.address;
    if (sized.userMode[i]) frame.userMode = true;
    if (resolver && cs.symbol && !resolverFailed) {
      const key = `${cs.module ?? ''}!${cs.symbol}`;
      let r = resolved.get(key);
      if (r === undefined) {
        try {
          r = resolver.resolve(cs.module, cs.symbol, arch) ?? null;
        } catch (e) {
          resolverFailed = true;
          warnings.push({ line: f.lineNo, text: `static estimates unavailable: ${(e as Error)?.message ?? String(e)}` });
          r = null;
        }
        resolved.set(key, r);
      }
      if (r) {
        frame.workspaceLocation = { file: r.file, line: r.line };
        frame.staticBytes = typeof r.bytes === 'number' && Number.isFinite(r.bytes) && r.bytes >= 0 ? r.bytes : null;
        // Static estimates stand in only where nothing was observed: mixing them with measured
        // distances would count some bytes twice (see docs/stack-parser.md).
        if (!sized.observed && frame.bytes === null && !frame.inline && frame.staticBytes !== null) {
          frame.bytes = frame.staticBytes;
          frame.sizeSource = 'static';
          staticSized++;
        }
      }
    }
    frames.push(frame);
  }

  // Segments and which of them count against the limit.
  const segments: StackSegment[] = sized.segments.map((s, k) => {
    const last = k + 1 < sized.segments.length ? sized.segments[k + 1].first - 1 : frames.length - 1;
    let bytes = 0;
    let anySp = false;
    let anyInside = false;
    for (let i = s.first; i <= last; i++) {
      bytes += frames[i].bytes ?? 0;
      const sp = sized.sp[i];
      if (sp) {
        anySp = true;
        if (bounds && inBounds(sp, bounds.base, bounds.limit)) anyInside = true;
      }
    }
    const userMode = sized.userMode[s.first] ?? false;
    const counted = sized.allUser || (!userMode && (!bounds || !anySp || anyInside));
    return { index: k, first: s.first, last, reason: s.reason, userMode, counted, bytes };
  });
  const counted = (i: number): boolean => segments[frames[i].segment]?.counted ?? true;

  let framesSum = 0;
  for (let i = 0; i < frames.length; i++) if (counted(i) && frames[i].bytes !== null) framesSum += frames[i].bytes as number;
  let usedBytes = framesSum;
  let usedSource: 'frames' | 'thread-base' = 'frames';
  let lowest: Addr | null = null;
  if (bounds) {
    const candidates: Addr[] = [];
    for (let i = 0; i < frames.length; i++) {
      const sp = sized.sp[i];
      if (sp && counted(i) && inBounds(sp, bounds.base, bounds.limit)) candidates.push(sp);
    }
    if (d.registerSp && inBounds(d.registerSp, bounds.base, bounds.limit) && frames.length) candidates.push(d.registerSp);
    if (!frames.length && t?.current && inBounds(t.current, bounds.base, bounds.limit)) candidates.push(t.current);
    for (const c of candidates) if (!lowest || addrDiff(c, lowest) < 0) lowest = c;
    if (lowest) {
      const fromBase = addrDiff(bounds.base, lowest);
      if (fromBase > framesSum) {
        usedBytes = fromBase;
        usedSource = 'thread-base';
      }
    }
  }
  const overflowBytes = Math.max(0, usedBytes - limit.bytes);

  const hints: string[] = [];
  if (frames.length === 0) {
    hints.push(
      usedSource === 'thread-base'
        ? 'No frames in this paste: used bytes are !thread Base − Current (the stack pointer saved at the last context switch, stale for a RUNNING thread). Paste `kf` output for per-frame sizes.'
        : 'No frames in this paste. Paste `kf` (or `knf`) output for per-frame sizes.',
    );
  } else if (!sized.observed) {
    hints.push(
      staticSized > 0
        ? `${staticSized} of ${frames.length} frames sized from static estimates of the workspace (not observed). Re-run the stack with \`kf\` (or \`knf\`) in WinDbg for the real frame sizes.`
        : 'No frame addresses and no Memory column, so frame sizes are unknown. Re-run the stack with `kf` (or `knf`) in WinDbg to get each frame\'s size.',
    );
  }
  const pct = limit.bytes > 0 ? (usedBytes / limit.bytes) * 100 : 0;
  if (frames.length && usedBytes >= limit.bytes && limit.bytes > 0) {
    hints.push(
      overflowBytes > 0
        ? `Stack overflow: ${bytesText(usedBytes)} used, ${bytesText(overflowBytes)} past the ${bytesText(limit.bytes)} limit.`
        : `Stack exhausted: ${bytesText(usedBytes)} used of the ${bytesText(limit.bytes)} limit.`,
    );
  } else if (frames.length && pct >= 90) {
    hints.push(`${pct.toFixed(1)} % of the limit used: one more frame of a few hundred bytes overflows this stack.`);
  }
  if (usedSource === 'thread-base' && frames.length && lowest && bounds) {
    hints.push(
      `Used bytes are !thread Base ${formatAddr(bounds.base)} − lowest stack pointer ${formatAddr(lowest)}; the frame sizes add up to ${bytesText(framesSum)}, the rest is the youngest frame's own area and what lies above the oldest frame.`,
    );
  }
  if (t?.largeStack) {
    const large = largeStackBytes(arch);
    hints.push(
      limit.source === 'thread'
        ? `LargeStack thread: the limit is what is committed now (Base − Limit); the kernel can extend such a stack up to KERNEL_LARGE_STACK_SIZE (${bytesText(large)} on ${arch}) for callouts.`
        : `LargeStack thread: such stacks can reach KERNEL_LARGE_STACK_SIZE (${bytesText(large)} on ${arch}); without !thread Base/Limit the ${bytesText(limit.bytes)} ${limit.source} limit is used (pass --limit ${large} to measure against the large one).`,
    );
  }
  for (const s of segments.slice(1, 1 + MAX_SEGMENT_HINTS)) {
    const a = frameNo(frames[s.first].index);
    const b = frameNo(frames[s.last].index);
    hints.push(`${a === b ? `Frame ${a}` : `Frames ${a}–${b}`}: ${s.reason}; ${s.counted ? 'counted against the limit' : 'not counted against the limit'}; the first frame's size is unknown.`);
  }
  let doubleFault: StackFrame | undefined;
  for (let i = 0; i < frames.length && !doubleFault; i++) {
    const sym = frames[i].symbol;
    if (sym === 'KiDoubleFaultAbort' || sym === 'KiTrap08') doubleFault = frames[i];
  }
  if (doubleFault) {
    hints.push(`${doubleFault.module}!${doubleFault.symbol}: a double fault (bugcheck 0x7F, EXCEPTION_DOUBLE_FAULT), the usual sign of a kernel stack overflow.`);
  }
  if (sized.allUser) hints.push('Every stack pointer is a user-mode address: this is a user-mode stack, the kernel stack limit does not apply.');

  const unknownFrames = frames.reduce((a, f) => a + (f.bytes === null ? 1 : 0), 0);
  const stack: ParsedStack = {
    title: title(d, position),
    arch,
    archSource: archDecision.source,
    limitBytes: limit.bytes,
    limitSource: limit.source,
    usedBytes,
    unknownFrames,
    frames,
    modules: moduleTable(frames, counted),
    cycles: findCycles(frames),
    hints,
    warnings,
    usedSource,
    overflowBytes,
    limitNote: limit.note,
    segments,
  };
  if (t) {
    stack.thread = { largeStack: t.largeStack };
    if (t.base) stack.thread.base = formatAddr(t.base);
    if (t.limit) stack.thread.limit = formatAddr(t.limit);
    if (t.init) stack.thread.init = formatAddr(t.init);
    if (t.current) stack.thread.current = formatAddr(t.current);
  }
  return stack;
}
