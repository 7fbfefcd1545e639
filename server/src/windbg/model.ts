// The result of parsing pasted WinDbg output. It is the `stack` JSON contract of SPEC §4
// (schema 1) and what the Stack Panel draws; keep field names in sync with the README.

export type StackArch = 'x86' | 'x64' | 'arm64';
export type SizeSource = 'memory' | 'frame-pointer' | 'static' | 'unknown';
export type LimitSource = 'thread' | 'platform' | 'user';

export interface StackFrame {
  /** Frame number as WinDbg printed it (`kn`), else the 0-based position in the stack. */
  index: number;
  /** Module (`nt`, `Ntfs`, `DRIVER_A`), or null for a bare address. */
  module: string | null;
  /** Function (`NtfsFsdRead`, `FxIoQueue::DispatchEvents`), or null when unsymbolised. */
  symbol: string | null;
  /** Offset after `+`, as hex text (`0x45`), or null. */
  offset: string | null;
  /** Bytes this frame occupies, or null when unknown. */
  bytes: number | null;
  sizeSource: SizeSource;
  /** Segment number: a new segment starts when the stack pointer jumps to another stack. */
  segment: number;
  /** Inline frame (`--------` / `[Inline Function]` / `(Inline Function)`). */
  inline: boolean;
  /** `[file @ line]` annotation, when present. */
  source: { file: string; line: number } | null;
  /** Child-SP / ChildEBP as a bigint-safe hex string without backtick, when present. */
  sp?: string | null;
  /** Return address as hex text, when present. */
  retAddr?: string | null;
  /** The raw line (for hover/details); never interpreted as markup. */
  raw: string;
  /** Static estimate from the workspace, when a function matched (bytes for the stack's arch). */
  staticBytes?: number | null;
  /** Workspace location of the matched function, when one matched. */
  workspaceLocation?: { file: string; line: number } | null;
  /** Unsymbolised frame printed as a bare address (`0x7c82ed54`): that address, lower-case. */
  address?: string | null;
  /** The frame's stack pointer is a user-mode address (the tail below a system-call boundary). */
  userMode?: boolean;
}

export interface ModuleShare {
  module: string;
  bytes: number;
  /** Fraction of the stack's known bytes (0..1). */
  share: number;
  frames: number;
  /** Frames of this module whose size is unknown (so `bytes` is a lower bound when > 0). */
  unknownFrames?: number;
}

export interface CallCycle {
  /** Frame indices (positions in `frames`) of the first occurrence of the repeated sequence. */
  frames: number[];
  /** How many times the sequence occurs back to back (>= 2). */
  repeats: number;
  /** Human-readable sequence: `Ntfs!NtfsFsdRead → nt!IofCallDriver → …`. */
  label?: string;
  /** Positions (in `frames`) where each counted occurrence starts (the first 1,000); `starts[0] === frames[0]`. */
  starts?: number[];
}

/** A run of frames on one stack; a new one starts when the stack pointer jumps. */
export interface StackSegment {
  /** Segment number, as in `StackFrame.segment`. */
  index: number;
  /** Positions (in `frames`) of the segment's first and last frame. */
  first: number;
  last: number;
  /** Why the segment starts here (`start` for the first one). */
  reason: string;
  /** The frames' stack pointers are user-mode addresses. */
  userMode: boolean;
  /** Counted against the kernel stack limit (in `usedBytes` and `modules`). */
  counted: boolean;
  /** Sum of the known frame bytes in the segment. */
  bytes: number;
}

export interface ParsedStack {
  title: string;
  arch: StackArch;
  /** How the arch was decided: `address-width`, `registers`, `prompt`, `symbols`, `user`, `default`. */
  archSource?: string;
  limitBytes: number;
  limitSource: LimitSource;
  /** Sum of known frame bytes (or Base − lowest SP from `!thread` when larger and consistent). */
  usedBytes: number;
  /** Frames whose size is unknown. */
  unknownFrames: number;
  /** How `usedBytes` was obtained: the sum of frame sizes, or `!thread` Base − lowest stack pointer. */
  usedSource?: 'frames' | 'thread-base';
  /** Bytes past the limit (`usedBytes − limitBytes` when positive, else 0). */
  overflowBytes?: number;
  /** Where the limit comes from, in words (header constant, `!thread` values, `--limit`). */
  limitNote?: string;
  /** Stack-pointer segments (one unless the stack switched: DPC/ISR/double-fault stack, user mode). */
  segments?: StackSegment[];
  frames: StackFrame[];
  modules: ModuleShare[];
  cycles: CallCycle[];
  /** `!thread` details when present. */
  thread?: { base?: string; limit?: string; init?: string; current?: string; largeStack: boolean };
  /** Notes for the user (e.g. "no frame sizes: re-run with `kf`"). */
  hints: string[];
  /** Lines that looked like frames but could not be read, with their 1-based line numbers. */
  warnings: { line: number; text: string }[];
}

export interface StackParseResult {
  schema: 1;
  stacks: ParsedStack[];
}

/** Lets the parser size frames without addresses from the workspace's static estimates. */
export interface StaticFrameResolver {
  /** Returns bytes and location for `module!symbol` on `arch`, or null when not in the workspace. */
  resolve(module: string | null, symbol: string, arch: StackArch): { bytes: number | null; file: string; line: number } | null;
}

export interface StackParseOptions {
  /** User override of the limit in bytes. */
  limitBytes?: number;
  /** User override of the architecture. */
  arch?: StackArch;
  resolver?: StaticFrameResolver;
}
