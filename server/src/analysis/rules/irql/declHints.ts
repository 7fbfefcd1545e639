// The first question a rule asks of a function is often whether it can concern the rule at all:
// does it call a wait routine, lock pages, probe, or name a user buffer anywhere? The answers
// depend only on the definition, so they are kept per FunctionDecl (an unchanged function keeps
// its object across edits) as bits of one number in the declaration's DeclFacts.

import type { FunctionDecl } from '../../model';
import type { FnState } from '../../irql/analyze';

/** The hints the rules use (each owns one; the numbers only need to differ). */
export const Hint = {
  /** usermodeStackWait: calls KeWaitForSingleObject and friends. */
  Waits: 0,
  /** lockPagesAccess: calls MmProbeAndLockPages with an access argument. */
  LocksPages: 1,
  /** userBufferNoTry: calls a probe / page-locking routine by name, or names a user buffer. */
  UserBufferText: 2,
  /** userBufferNoTry: calls a DDI whose role is probe or lock-pages. */
  ProbeRole: 3,
} as const;

export type Hint = (typeof Hint)[keyof typeof Hint];

/** Hint `h` of the function's definition: `test(decl)`, computed the first time it is asked (kept in DeclFacts.hints). */
export function declHint(fn: FnState, h: Hint, test: (decl: FunctionDecl) => boolean): boolean {
  const df = fn.declFacts;
  const known = 1 << (2 * h);
  const value = known << 1;
  if (df.hints & known) return (df.hints & value) !== 0;
  const v = test(fn.decl);
  df.hints |= known | (v ? value : 0);
  return v;
}
