// Repeated call sequences (re-entrancy, recursion): seed 002's filter chain re-entering NTFS.
//
// Frames are compared by identity: `module!symbol` for symbolised frames (offsets ignored —
// `Ntfs!NtfsFsdRead+0xb7` and `+0x113` are the same function entered again from another call
// site), `module+offset` for unsymbolised ones (the return address is all we know of them).
//
// Search: for every pair of equal frames t < u at most MAX_DISTANCE apart, the maximal run of
// matches t+k = u+k (d = u − t) is a repeated sequence — back to back (a run at least d long:
// period d, recursion) or apart (a shorter run: the same chain entered twice). Runs of
// the same content are merged, occurrences chosen without overlap, and longer sequences win;
// a shorter one is kept only when it adds an occurrence the longer ones do not cover. Work is
// bounded by the number of equal pairs and capped (MAX_WORK).

import type { CallCycle } from './model';

/** How far apart two occurrences may start. Real re-entrancy cycles are tens of frames long. */
const MAX_DISTANCE = 128;
/** Frame comparisons per stack, whatever its length. */
const MAX_WORK = 4_000_000;
/** A sequence repeated apart (not back to back) must be at least this long to be worth telling. */
const MIN_APART = 3;
const MAX_GROUPS = 4000;
/** Runs examined per stack; only adversarial input (few distinct frames, shuffled) gets near it. */
const MAX_RUNS = 50_000;
const MAX_CYCLES = 32;
const MAX_LABEL_FRAMES = 8;
/** Occurrence starts listed per cycle (a 65,000-deep recursion need not list every one). */
const MAX_STARTS = 1000;

interface Group {
  len: number;
  first: number;
  starts: Set<number>;
}

export interface CycleFrame {
  module: string | null;
  symbol: string | null;
  offset: string | null;
  address?: string | null;
  raw: string;
}

/** The identity frames are compared by (documentation and tests; findCycles maps it to integers). */
export function frameIdentity(f: CycleFrame): string {
  const m = f.module ?? '';
  if (f.symbol) return `${m}!${f.symbol}`;
  if (f.module) return `${m}+${f.offset ?? ''}`;
  if (f.address) return f.address;
  return `?${f.raw.trim()}`;
}

function displayIdentity(f: CycleFrame): string {
  if (f.symbol) return `${f.module ?? '?'}!${f.symbol}`;
  if (f.module) return `${f.module}${f.offset ? '+' + f.offset : ''}`;
  return f.address ?? '?';
}

/** True when ids[s..s+len) repeats a shorter block (then only its primitive period is kept). */
function isPeriodic(ids: Int32Array, s: number, len: number): boolean {
  for (let p = 1; p <= len >> 1; p++) {
    if (len % p !== 0) continue;
    let ok = true;
    for (let k = p; k < len && ok; k++) if (ids[s + k] !== ids[s + k - p]) ok = false;
    if (ok) return true;
  }
  return false;
}

function contentKey(ids: Int32Array, s: number, len: number): string {
  let key = `${len}:`;
  for (let k = 0; k < len; k++) key += ids[s + k].toString(36) + ',';
  return key;
}

export function findCycles(frames: readonly CycleFrame[]): CallCycle[] {
  const n = frames.length;
  if (n < 2) return [];
  // Identity → small integer, through module → (symbol | +offset) maps so that no key string is
  // built per frame (this runs on every parsed stack, 10,000 frames in the benchmark).
  const byModule = new Map<string, Map<string, number>>();
  let nextId = 0;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const f = frames[i];
    const m = f.module ?? '';
    const k = f.symbol !== null ? f.symbol : f.module ? '+' + (f.offset ?? '') : f.address ?? '?' + f.raw.trim();
    let inner = byModule.get(m);
    if (!inner) byModule.set(m, (inner = new Map()));
    let id = inner.get(k);
    if (id === undefined) inner.set(k, (id = nextId++));
    ids[i] = id;
  }
  const maxD = Math.max(1, Math.min(MAX_DISTANCE, n - 1));
  const groups = new Map<string, Group>();
  const add = (s: number, len: number, starts: number[]): void => {
    const key = contentKey(ids, s, len);
    let g = groups.get(key);
    if (!g) {
      if (groups.size >= MAX_GROUPS) return;
      g = { len, first: s, starts: new Set() };
      groups.set(key, g);
    }
    for (const st of starts) g.starts.add(st);
    if (s < g.first) g.first = s;
  };
  let runs = 0;
  const run = (s: number, d: number, len: number): void => {
    if (len < MIN_APART && len < d) return;
    if (++runs > MAX_RUNS) return;
    if (len >= d) {
      // Back to back: [s, s + len + d) has period d.
      if (isPeriodic(ids, s, d)) return;
      const copies = Math.floor((len + d) / d);
      const starts: number[] = [];
      for (let k = 0; k < copies; k++) starts.push(s + k * d);
      add(s, d, starts);
    } else if (len >= MIN_APART) add(s, len, [s, s + d]);
  };
  // Only equal frames can start a run: walk each frame's later occurrences (linked by `next`)
  // within MAX_DISTANCE, extend from run starts only. Work is the number of matching pairs, not
  // frames × distance, so a stack of distinct functions costs almost nothing.
  // ids are dense (0..nextId), so the last occurrence of each is a typed array, not a Map.
  const next = new Int32Array(n).fill(-1);
  const lastSeen = new Int32Array(nextId).fill(-1);
  for (let i = n - 1; i >= 0; i--) {
    next[i] = lastSeen[ids[i]];
    lastSeen[ids[i]] = i;
  }
  let work = 0;
  for (let t = 0; t < n && work < MAX_WORK && runs <= MAX_RUNS; t++) {
    for (let u = next[t]; u !== -1 && u - t <= maxD; u = next[u]) {
      work++;
      // Not a run start when the previous pair on this diagonal also matched.
      if (t > 0 && ids[t - 1] === ids[u - 1]) continue;
      let len = 1;
      while (u + len < n && ids[t + len] === ids[u + len] && work + len < MAX_WORK) len++;
      work += len;
      run(t, u - t, len);
    }
  }

  // Occurrences without overlap, then longest first; skip what adds nothing new.
  const candidates: { len: number; starts: number[] }[] = [];
  for (const g of groups.values()) {
    const sorted = [...g.starts].sort((a, b) => a - b);
    const taken: number[] = [];
    let next = -1;
    for (const st of sorted) {
      if (st >= next) {
        taken.push(st);
        next = st + g.len;
      }
    }
    if (taken.length >= 2) candidates.push({ len: g.len, starts: taken });
  }
  candidates.sort((a, b) => b.len - a.len || b.starts.length - a.starts.length || a.starts[0] - b.starts[0]);
  const covered = new Uint8Array(n);
  const out: CallCycle[] = [];
  for (const c of candidates) {
    if (out.length >= MAX_CYCLES) break;
    let addsSomething = false;
    for (const st of c.starts) {
      for (let k = 0; k < c.len && !addsSomething; k++) if (!covered[st + k]) addsSomething = true;
      if (addsSomething) break;
    }
    if (!addsSomething) continue;
    for (const st of c.starts) covered.fill(1, st, st + c.len);
    const first = c.starts[0];
    const positions: number[] = [];
    for (let k = 0; k < c.len; k++) positions.push(first + k);
    const starts = c.starts.length > MAX_STARTS ? c.starts.slice(0, MAX_STARTS) : c.starts;
    out.push({ frames: positions, repeats: c.starts.length, label: label(frames, first, c.len), starts });
  }
  return out;
}

function label(frames: readonly CycleFrame[], first: number, len: number): string {
  const names: string[] = [];
  if (len <= MAX_LABEL_FRAMES) {
    for (let k = 0; k < len; k++) names.push(displayIdentity(frames[first + k]));
    return names.join(' → ');
  }
  for (let k = 0; k < 4; k++) names.push(displayIdentity(frames[first + k]));
  names.push('…');
  for (let k = len - 2; k < len; k++) names.push(displayIdentity(frames[first + k]));
  return `${names.join(' → ')} (${len} frames)`;
}
