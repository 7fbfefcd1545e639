// Defensive reading of a parse result. The panel must never crash on what it is sent, so every
// field is checked and coerced: wrong types become null/empty, numbers must be finite and
// non-negative, arrays are capped. Unknown stays unknown (null), never zero.

import type {
  CallCycle,
  ModuleShare,
  ParsedStack,
  SizeSource,
  StackArch,
  StackFrame,
  StackParseResult,
} from '../../server/src/windbg/model';

const MAX_STACKS = 256;
const MAX_FRAMES = 200_000;
const MAX_TEXT = 4096;

function rec(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
function str(v: unknown, max = MAX_TEXT): string | null {
  return typeof v === 'string' ? (v.length > max ? v.slice(0, max) : v) : null;
}
function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
}
function arr(v: unknown, max: number): unknown[] {
  return Array.isArray(v) ? (v.length > max ? v.slice(0, max) : v) : [];
}

const ARCHES: readonly StackArch[] = ['x86', 'x64', 'arm64'];
const SIZE_SOURCES: readonly SizeSource[] = ['memory', 'frame-pointer', 'static', 'unknown'];

function frame(v: unknown, position: number): StackFrame {
  const r = rec(v) ?? {};
  const src = rec(r.source);
  const ws = rec(r.workspaceLocation);
  const bytes = num(r.bytes);
  const sizeSource = SIZE_SOURCES.includes(r.sizeSource as SizeSource) ? (r.sizeSource as SizeSource) : 'unknown';
  const f: StackFrame = {
    index: num(r.index) ?? position,
    module: str(r.module, 512),
    symbol: str(r.symbol),
    offset: str(r.offset, 64),
    bytes: bytes === null ? null : Math.round(bytes),
    sizeSource: bytes === null ? 'unknown' : sizeSource,
    segment: num(r.segment) ?? 0,
    inline: r.inline === true,
    source: src && typeof src.file === 'string' && num(src.line) !== null ? { file: str(src.file) ?? '', line: num(src.line) ?? 0 } : null,
    raw: str(r.raw) ?? '',
  };
  if (typeof r.sp === 'string') f.sp = str(r.sp, 64);
  if (typeof r.retAddr === 'string') f.retAddr = str(r.retAddr, 64);
  const sb = num(r.staticBytes);
  f.staticBytes = sb === null ? null : Math.round(sb);
  f.workspaceLocation = ws && typeof ws.file === 'string' && num(ws.line) !== null ? { file: str(ws.file) ?? '', line: num(ws.line) ?? 0 } : null;
  return f;
}

function moduleShare(v: unknown): ModuleShare | null {
  const r = rec(v);
  if (!r) return null;
  const module = str(r.module, 512);
  const bytes = num(r.bytes);
  if (module === null || bytes === null) return null;
  const m: ModuleShare = { module, bytes, share: num(r.share) ?? 0, frames: num(r.frames) ?? 0 };
  const unknown = num(r.unknownFrames);
  if (unknown !== null) m.unknownFrames = unknown;
  return m;
}

function cycle(v: unknown, frameCount: number): CallCycle | null {
  const r = rec(v);
  if (!r) return null;
  const frames = arr(r.frames, 10_000)
    .map(num)
    .filter((n): n is number => n !== null && Number.isInteger(n) && n < frameCount);
  const repeats = num(r.repeats);
  if (!frames.length || repeats === null || repeats < 2) return null;
  const c: CallCycle = { frames, repeats: Math.floor(repeats) };
  const label = str(r.label);
  if (label) c.label = label;
  const starts = arr(r.starts, 10_000)
    .map(num)
    .filter((n): n is number => n !== null && Number.isInteger(n) && n < frameCount);
  if (starts.length) c.starts = starts;
  return c;
}

function stack(v: unknown, position: number): ParsedStack | null {
  const r = rec(v);
  if (!r) return null;
  const frames = arr(r.frames, MAX_FRAMES).map(frame);
  const arch = ARCHES.includes(r.arch as StackArch) ? (r.arch as StackArch) : 'x64';
  const limitSource = r.limitSource === 'thread' || r.limitSource === 'user' ? r.limitSource : 'platform';
  const thread = rec(r.thread);
  const s: ParsedStack = {
    title: str(r.title, 512) || `Stack ${position + 1}`,
    arch,
    limitBytes: num(r.limitBytes) ?? 0,
    limitSource,
    usedBytes: num(r.usedBytes) ?? frames.reduce((a, f) => a + (f.bytes ?? 0), 0),
    unknownFrames: num(r.unknownFrames) ?? frames.filter((f) => f.bytes === null && !f.inline).length,
    frames,
    modules: arr(r.modules, 10_000).map(moduleShare).filter((m): m is ModuleShare => m !== null),
    cycles: arr(r.cycles, 1000).map((c) => cycle(c, frames.length)).filter((c): c is CallCycle => c !== null),
    hints: arr(r.hints, 100).map((h) => str(h)).filter((h): h is string => !!h),
    warnings: arr(r.warnings, 1000)
      .map((w) => rec(w))
      .filter((w): w is Record<string, unknown> => w !== null)
      .map((w) => ({ line: num(w.line) ?? 0, text: str(w.text, 1000) ?? '' })),
  };
  const archSource = str(r.archSource, 64);
  if (archSource) s.archSource = archSource;
  if (r.usedSource === 'frames' || r.usedSource === 'thread-base') s.usedSource = r.usedSource;
  const overflow = num(r.overflowBytes);
  if (overflow !== null) s.overflowBytes = overflow;
  const limitNote = str(r.limitNote, 512);
  if (limitNote) s.limitNote = limitNote;
  const segments = arr(r.segments, 10_000)
    .map((v) => rec(v))
    .filter((v): v is Record<string, unknown> => v !== null)
    .map((v) => ({
      index: num(v.index) ?? 0,
      first: num(v.first) ?? 0,
      last: num(v.last) ?? 0,
      reason: str(v.reason, 256) ?? '',
      userMode: v.userMode === true,
      counted: v.counted !== false,
      bytes: num(v.bytes) ?? 0,
    }));
  if (segments.length) s.segments = segments;
  if (thread) {
    s.thread = { largeStack: thread.largeStack === true };
    for (const k of ['base', 'limit', 'init', 'current'] as const) {
      const val = str(thread[k], 64);
      if (val) s.thread[k] = val;
    }
  }
  return s;
}

/** A result that is safe to draw, whatever was received. */
export function normalizeResult(v: unknown): StackParseResult {
  const r = rec(v);
  const stacks = arr(r?.stacks, MAX_STACKS)
    .map(stack)
    .filter((s): s is ParsedStack => s !== null);
  return { schema: 1, stacks };
}
