// Frame sizes and stack segments.
//
// Attribution rule (SPEC §2, and what WinDbg's `kf` prints): frames are listed youngest first;
// the distance between frame i−1's stack pointer and frame i's belongs to frame i, the line it
// is printed on (the caller). So:
//   - `Memory` column present: each line's value is that line's size (`memory`).
//   - otherwise Child-SP/ChildEBP distances: bytes[i] = SP[i] − SP[i−1] (`frame-pointer`).
//   - frame 0 has no younger neighbour: unknown, unless a register dump before the stack gave
//     the current stack pointer (x86 `.tss`/`.trap`: ChildEBP[0] − esp are frame 0's locals).
//   - the last frame gets its distance to the younger one; the bytes between it and the stack
//     base (thread start, initial trap frame) belong to no frame (see usedBytes in finalize.ts).
//   - an inline frame has no stack pointer of its own: it takes its host's (the next physical
//     frame below it), so it gets the host's distance and the host 0 — as `kf` prints them.
// A distance that is negative, larger than a whole kernel stack, crosses the user/kernel
// boundary or leaves the `!thread` Base..Limit range is a jump to another stack: the frame
// starts a new segment and its size is unknown (never the absurd distance).

import { type Addr, addrDiff, isUserAddress } from './addresses';
import type { DraftFrame } from './draft';
import type { SizeSource } from './model';

export interface SizeInput {
  frames: readonly DraftFrame[];
  /** A distance above this is a jump to another stack. */
  jumpBytes: number;
  /** `!thread` Base/Limit, when both were given and consistent. */
  bounds: { base: Addr; limit: Addr } | null;
  /** Current stack pointer from a register dump before the stack. */
  registerSp: Addr | null;
}

export interface SegmentStart {
  /** Position of the segment's first frame. */
  first: number;
  reason: string;
}

export interface SizeOutput {
  bytes: (number | null)[];
  sources: SizeSource[];
  segment: number[];
  /** Effective stack pointer (inline frames take their host's). */
  sp: (Addr | null)[];
  userMode: boolean[];
  segments: SegmentStart[];
  /** Every frame with a stack pointer is user-mode (a user-mode stack, not a kernel one). */
  allUser: boolean;
  /** Some frame has an address or a Memory value: sizes were observed, not guessed. */
  observed: boolean;
}

function inBounds(a: Addr, b: { base: Addr; limit: Addr }): boolean {
  return addrDiff(a, b.limit) >= 0 && addrDiff(b.base, a) >= 0;
}

function hex(n: number): string {
  return '0x' + n.toString(16);
}

export function sizeFrames(input: SizeInput): SizeOutput {
  const { frames, jumpBytes, bounds, registerSp } = input;
  const n = frames.length;
  const sp: (Addr | null)[] = new Array(n).fill(null);
  // Inline frames borrow the stack pointer of the next physical frame (their host).
  let host: Addr | null = null;
  for (let i = n - 1; i >= 0; i--) {
    const f = frames[i];
    if (f.sp) host = f.sp;
    sp[i] = f.sp ?? (f.inline ? host : null);
  }
  const userMode: boolean[] = new Array(n).fill(false);
  let withSp = 0;
  let userSp = 0;
  for (let i = 0; i < n; i++) {
    const a = sp[i];
    if (!a) continue;
    withSp++;
    if (isUserAddress(a)) {
      userMode[i] = true;
      userSp++;
    }
  }
  // A frame without a stack pointer between user-mode frames is user-mode too.
  for (let i = 1; i < n; i++) if (!sp[i] && userMode[i - 1]) userMode[i] = true;
  const allUser = withSp > 0 && userSp === withSp;
  let observed = withSp > 0;

  const bytes: (number | null)[] = new Array(n).fill(null);
  const sources: SizeSource[] = new Array(n).fill('unknown');
  const segment: number[] = new Array(n).fill(0);
  const segments: SegmentStart[] = n ? [{ first: 0, reason: 'start' }] : [];
  let seg = 0;
  for (let i = 0; i < n; i++) {
    const f = frames[i];
    if (f.memory !== null) observed = true;
    let reason: string | null = null;
    let d: number | null = null;
    if (i > 0) {
      const a = sp[i];
      const b = sp[i - 1];
      if (a && b) {
        d = addrDiff(a, b);
        if (userMode[i] !== userMode[i - 1]) reason = userMode[i] ? 'user-mode stack (below the system-call boundary)' : 'back on a kernel stack';
        else if (d < 0) reason = 'stack pointer went backwards (another stack)';
        else if (d > jumpBytes) reason = `stack pointer jumped ${hex(d)} bytes (another stack)`;
        else if (bounds && inBounds(a, bounds) !== inBounds(b, bounds)) {
          reason = inBounds(a, bounds) ? "entered the thread's stack (!thread Base..Limit)" : "left the thread's stack (!thread Base..Limit)";
        }
      } else if (userMode[i] !== userMode[i - 1]) reason = userMode[i] ? 'user-mode stack' : 'back on a kernel stack';
      if (!reason && f.memory !== null && f.memory > jumpBytes) reason = `Memory column ${hex(f.memory)} exceeds a whole stack (another stack)`;
    }
    if (reason) {
      seg++;
      segments.push({ first: i, reason });
      segment[i] = seg;
      continue; // size unknown: the distance measures the jump, not a frame
    }
    segment[i] = seg;
    if (f.memory !== null) {
      bytes[i] = f.memory;
      sources[i] = 'memory';
    } else if (d !== null) {
      bytes[i] = d;
      sources[i] = 'frame-pointer';
    } else if (i === 0 && sp[0] && registerSp && sp[0].width === registerSp.width) {
      const d0 = addrDiff(sp[0], registerSp);
      if (d0 > 0 && d0 <= jumpBytes) {
        bytes[0] = d0;
        sources[0] = 'frame-pointer';
      }
    }
  }
  return { bytes, sources, segment, sp, userMode, segments, allUser, observed };
}
