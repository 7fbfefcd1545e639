// Intermediate form of a stack while the paste is read: frames as printed, plus the context
// (prompt, `!thread` block, registers) that later decides arch, limit and sizes.

import type { Addr } from './addresses';
import type { FrameColumns, Layout } from './frameLine';
import type { StackArch } from './model';

/** A frame as printed (number, Memory, Child-SP, RetAddr, call site, raw text, line number). */
export type DraftFrame = FrameColumns;

export type ArchHintSource = 'registers' | 'prompt';

export interface ArchHint {
  arch: StackArch;
  source: ArchHintSource;
}

export interface DraftThread {
  id: string | null;
  init: Addr | null;
  current: Addr | null;
  base: Addr | null;
  limit: Addr | null;
  largeStack: boolean;
}

export interface DraftStack {
  /** The prompt line (`0: kd> kb`) this stack's output followed. */
  prompt: string | null;
  /** The command of that prompt (`kb`, `!thread`). */
  command: string | null;
  /** `STACK_TEXT` when the frames came from `!analyze -v`. */
  section: string | null;
  thread: DraftThread | null;
  frames: DraftFrame[];
  warnings: { line: number; text: string }[];
  /** Stack pointer from a register dump (`.tss`/`.trap`/`r`: esp/rsp/sp) before the frames. */
  registerSp: Addr | null;
  archHints: ArchHint[];
  layout: Layout;
  numberMode: boolean | null;
}

export function emptyDraft(layout: Layout): DraftStack {
  return {
    prompt: null,
    command: null,
    section: null,
    thread: null,
    frames: [],
    warnings: [],
    registerSp: null,
    archHints: [],
    layout,
    numberMode: null,
  };
}
