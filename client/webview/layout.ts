// The geometry of one stack's picture, in bytes (no pixels, no DOM): which frames share a bar row,
// where each frame starts measured from the stack base, how consecutive frames of one module group
// into runs, where each call-cycle occurrence lies, and the module totals for the table.
//
// Direction: a stack grows down from its base. The bar starts at the base (left, offset 0) with the
// outermost frame (the last one WinDbg prints) and grows right towards the limit with frame 0, the
// innermost, nearest the limit. Frames after a stack switch (DPC/ISR/double-fault stack, user/kernel
// boundary: a new `segment`) get their own row, on the same scale, so two stacks never add up.

import type { ModuleShare, ParsedStack, StackFrame, StackSegment } from '../../server/src/windbg/model';
import { assignModuleSlots } from './colors';

export interface ModuleRun {
  module: string | null;
  /** Positions (indices into `frames`) of the run's first and last frame in bar order. */
  firstPos: number;
  lastPos: number;
  from: number;
  to: number;
}

export interface BarRow {
  segment: number;
  /** Positions in `frames` of this row's frames, in list order (innermost first). */
  positions: number[];
  /** Sum of the known frame bytes of this row. */
  knownBytes: number;
  /** Bytes the parser counted as used but no frame accounts for (drawn after the innermost frame). */
  unattributedBytes: number;
  /** Row end in bytes: knownBytes + unattributedBytes. */
  endBytes: number;
  runs: ModuleRun[];
  /** Positions of frames of unknown size (not inline) in this row. */
  unknown: number[];
  /** Cycle occurrences drawn on this row, with their lane (0 = nearest the bar). */
  cycles: CycleOccurrence[];
  lanes: number;
  /** The parser's description of this segment, when it sent one. */
  info?: StackSegment;
  /** Counted against the limit (false for a user-mode stack or another kernel stack). */
  counted: boolean;
}

export interface CycleOccurrence {
  cycle: number;
  occurrence: number;
  repeats: number;
  firstPos: number;
  lastPos: number;
  from: number;
  to: number;
  lane: number;
}

export interface ModuleRow extends ModuleShare {
  /** Palette slot, undefined for frames without a module. */
  slot: number | undefined;
  /** The null-module bucket (`(no module)`). */
  noModule: boolean;
}

export interface StackLayout {
  stack: ParsedStack;
  rows: BarRow[];
  /** Index into `rows` of the row with the most bytes (the thread's own stack, normally). */
  primaryRow: number;
  /** Per frame position: start offset from its row's base in bytes (0 for unknown). */
  start: Float64Array;
  /** Per frame position: its row. */
  rowOf: Int32Array;
  /** Per frame position: cycle index or -1, and occurrence number within it. */
  cycleOf: Int32Array;
  occurrenceOf: Int32Array;
  /** The byte range the bar spans: at least the limit, more when a row runs past it. */
  domainBytes: number;
  limitBytes: number;
  /** usedBytes − limitBytes when positive, else 0. */
  overflowBytes: number;
  knownBytes: number;
  modules: ModuleRow[];
  slots: Map<string, number>;
}

const NO_MODULE = '(no module)';

function moduleTotals(frames: readonly StackFrame[]): ModuleShare[] {
  const by = new Map<string, ModuleShare>();
  let total = 0;
  for (const f of frames) {
    if (f.bytes === null) continue;
    const key = f.module ?? NO_MODULE;
    let m = by.get(key);
    if (!m) by.set(key, (m = { module: key, bytes: 0, share: 0, frames: 0 }));
    m.bytes += f.bytes;
    m.frames++;
    total += f.bytes;
  }
  for (const m of by.values()) m.share = total > 0 ? m.bytes / total : 0;
  return [...by.values()];
}

export function layoutStack(stack: ParsedStack): StackLayout {
  const frames = stack.frames;
  const n = frames.length;
  const start = new Float64Array(n);
  const rowOf = new Int32Array(n);
  const cycleOf = new Int32Array(n).fill(-1);
  const occurrenceOf = new Int32Array(n).fill(-1);

  // Rows by segment number, in order of first appearance.
  const rowIndex = new Map<number, number>();
  const rows: BarRow[] = [];
  for (let p = 0; p < n; p++) {
    const seg = frames[p].segment;
    let r = rowIndex.get(seg);
    if (r === undefined) {
      r = rows.length;
      rowIndex.set(seg, r);
      const info = stack.segments?.find((x) => x.index === seg);
      rows.push({ segment: seg, positions: [], knownBytes: 0, unattributedBytes: 0, endBytes: 0, runs: [], unknown: [], cycles: [], lanes: 0, info, counted: info ? info.counted : true });
    }
    rows[r].positions.push(p);
    rowOf[p] = r;
  }

  // Offsets from each row's base: walk each row from its outermost frame inwards.
  let knownBytes = 0;
  for (const row of rows) {
    let off = 0;
    let run: ModuleRun | null = null;
    for (let k = row.positions.length - 1; k >= 0; k--) {
      const p = row.positions[k];
      const f = frames[p];
      start[p] = off;
      if (f.bytes === null) {
        if (!f.inline) row.unknown.push(p);
        continue;
      }
      if (run && run.module === f.module) {
        run.lastPos = p;
        run.to = off + f.bytes;
      } else {
        run = { module: f.module, firstPos: p, lastPos: p, from: off, to: off + f.bytes };
        row.runs.push(run);
      }
      off += f.bytes;
    }
    row.knownBytes = off;
    row.endBytes = off;
    row.unknown.reverse(); // list order, innermost first
    knownBytes += off;
  }

  // The main row: the counted segment with the most bytes (the thread's own kernel stack).
  let primaryRow = 0;
  let countedBytes = 0;
  for (let r = 0; r < rows.length; r++) {
    const better = rows[r].counted !== rows[primaryRow].counted ? rows[r].counted : rows[r].knownBytes > rows[primaryRow].knownBytes;
    if (r > 0 && better) primaryRow = r;
    if (rows[r].counted) countedBytes += rows[r].knownBytes;
  }
  // Used bytes the frames do not account for (e.g. !thread Base − lowest SP is larger).
  const unattributed = stack.usedBytes - countedBytes;
  if (rows.length && unattributed > 0) {
    rows[primaryRow].unattributedBytes = unattributed;
    rows[primaryRow].endBytes += unattributed;
  }

  // Cycles: the parser gives the first occurrence and a repeat count. The other occurrences are
  // found by matching the same module!symbol sequence further out (re-entrancy as in seed 002 need
  // not be back to back); when none matches, they are taken to follow back to back.
  // Same identity as the parser: offsets ignored for symbolised frames (another call site of the
  // same function), kept for unsymbolised ones (the return address is all there is).
  const keys = frames.map((f) => (f.symbol ? `${(f.module ?? '').toLowerCase()}!${f.symbol}` : f.module ? `${f.module.toLowerCase()}+${f.offset ?? ''}` : `?${f.raw.trim()}`));
  stack.cycles.forEach((c, ci) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of c.frames) {
      lo = Math.min(lo, p);
      hi = Math.max(hi, p);
    }
    const valid = c.starts && c.starts.length >= 2 && c.starts[0] === lo && c.starts.every((st, k) => k === 0 || st > c.starts![k - 1]);
    const starts = valid ? c.starts!.slice(0, c.repeats) : occurrenceStarts(keys, lo, hi - lo + 1, c.repeats);
    const period = hi - lo + 1;
    for (let k = 0; k < starts.length; k++) {
      const a = starts[k];
      const b = Math.min(n - 1, a + period - 1);
      if (a >= n) break;
      for (let p = a; p <= b; p++) {
        if (cycleOf[p] === -1) {
          cycleOf[p] = ci;
          occurrenceOf[p] = k;
        }
      }
      const row = rows[rowOf[a]];
      if (rowOf[b] !== rowOf[a]) continue; // an occurrence across a stack switch is listed, not drawn
      // Positions grow outwards, so the outermost frame `b` starts lowest and `a` ends highest.
      const fa = frames[a];
      const from = start[b];
      const to = start[a] + (fa.bytes ?? 0);
      row.cycles.push({ cycle: ci, occurrence: k, repeats: c.repeats, firstPos: a, lastPos: b, from, to, lane: 0 });
    }
  });
  for (const row of rows) assignLanes(row);

  const modulesRaw = stack.modules.length ? stack.modules : moduleTotals(frames);
  const modulesSorted = [...modulesRaw].sort((a, b) => b.bytes - a.bytes || (a.module < b.module ? -1 : a.module > b.module ? 1 : 0));
  const slots = assignModuleSlots(modulesSorted.map((m) => m.module).filter((m) => m !== NO_MODULE));
  // Modules that only have unknown-size frames still get a colour (for the unknown strip and list).
  for (const f of frames) if (f.module && !slots.has(f.module)) assignMore(slots, f.module);
  const modules: ModuleRow[] = modulesSorted.map((m) => ({
    ...m,
    noModule: m.module === NO_MODULE,
    slot: m.module === NO_MODULE ? undefined : slots.get(m.module),
  }));

  const maxEnd = rows.reduce((a, r) => Math.max(a, r.endBytes), 0);
  const limitBytes = stack.limitBytes;
  const domainBytes = Math.max(limitBytes, maxEnd, 1);
  return {
    stack,
    rows,
    primaryRow,
    start,
    rowOf,
    cycleOf,
    occurrenceOf,
    domainBytes,
    limitBytes,
    overflowBytes: stack.overflowBytes ?? (limitBytes > 0 ? Math.max(0, stack.usedBytes - limitBytes) : 0),
    knownBytes,
    modules,
    slots,
  };
}

/**
 * Start positions of up to `repeats` occurrences of keys[lo .. lo+len-1], the first at `lo`, the
 * others at the next non-overlapping matches outwards (higher positions). Without any match the
 * occurrences are assumed back to back.
 */
export function occurrenceStarts(keys: readonly string[], lo: number, len: number, repeats: number): number[] {
  const starts = [lo];
  let p = lo + len;
  while (starts.length < repeats && p + len <= keys.length) {
    let match = true;
    for (let j = 0; j < len; j++) {
      if (keys[p + j] !== keys[lo + j]) {
        match = false;
        break;
      }
    }
    if (match) {
      starts.push(p);
      p += len;
    } else p++;
  }
  if (starts.length === 1) for (let k = 1; k < repeats; k++) starts.push(lo + k * len);
  return starts;
}

function assignMore(slots: Map<string, number>, module: string): void {
  const all = [...slots.keys(), module];
  const fresh = assignModuleSlots(all);
  slots.set(module, fresh.get(module) ?? 0);
}

/** Greedy interval colouring: overlapping cycle brackets go to separate lanes (at most 3 drawn). */
function assignLanes(row: BarRow): void {
  const laneEnds: number[] = [];
  const sorted = [...row.cycles].sort((a, b) => a.from - b.from || b.to - a.to);
  for (const c of sorted) {
    let lane = laneEnds.findIndex((end) => end <= c.from);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(c.to);
    } else laneEnds[lane] = c.to;
    c.lane = lane;
  }
  row.cycles = sorted.filter((c) => c.lane < 3);
  row.lanes = Math.min(3, laneEnds.length);
}

/** The frame's module key as used in `slots` and the module table. */
export function moduleKey(f: StackFrame): string {
  return f.module ?? NO_MODULE;
}

export { NO_MODULE };
