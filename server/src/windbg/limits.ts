// The limit a stack is measured against: the user's override, else the thread's own stack
// (`!thread` Base − Limit), else the platform's KERNEL_STACK_SIZE for the detected architecture
// (figures and their header source live in analysis/platform.ts, shared with the editor side).

import { PLATFORM_STACKS } from '../analysis/platform';
import { addrDiff, formatAddr } from './addresses';
import type { DraftThread } from './draft';
import type { LimitSource, StackArch } from './model';

export interface LimitDecision {
  bytes: number;
  source: LimitSource;
  note: string;
}

/** A thread's Base − Limit is believed when positive and no larger than any kernel stack can be. */
const MAX_THREAD_STACK = 1024 * 1024;

export function threadStackBytes(t: DraftThread | null): number | null {
  if (!t || !t.base || !t.limit || t.base.width !== t.limit.width) return null;
  const d = addrDiff(t.base, t.limit);
  return d > 0 && d <= MAX_THREAD_STACK ? d : null;
}

export function decideLimit(arch: StackArch, thread: DraftThread | null, userLimit?: number): LimitDecision {
  if (userLimit !== undefined && Number.isFinite(userLimit) && userLimit > 0) {
    return { bytes: Math.floor(userLimit), source: 'user', note: 'set by the user' };
  }
  const fromThread = threadStackBytes(thread);
  if (fromThread !== null && thread?.base && thread.limit) {
    return {
      bytes: fromThread,
      source: 'thread',
      note: `!thread Base ${formatAddr(thread.base)} − Limit ${formatAddr(thread.limit)}`,
    };
  }
  const p = PLATFORM_STACKS[arch];
  return {
    bytes: p.stackBytes,
    source: 'platform',
    note: `KERNEL_STACK_SIZE for ${arch} (${p.source})`,
  };
}

/** KERNEL_LARGE_STACK_SIZE for `arch` (GUI threads / expanded stacks). */
export function largeStackBytes(arch: StackArch): number {
  return PLATFORM_STACKS[arch].largeStackBytes;
}

export function normalStackBytes(arch: StackArch): number {
  return PLATFORM_STACKS[arch].stackBytes;
}
