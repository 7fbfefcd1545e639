// Types of the DDI knowledge base: per-routine IRQL facts taken from the WDK DDI reference
// (learn.microsoft.com/windows-hardware/drivers/ddi), each with the page it came from.
//
// IRQL numbers: 0 PASSIVE_LEVEL, 1 APC_LEVEL, 2 DISPATCH_LEVEL are the same on every target.
// Levels above DISPATCH_LEVEL use the x64/arm64 numbering of wdm.h (DIRQL 3..12, CLOCK_LEVEL 13,
// IPI_LEVEL/POWER_LEVEL 14, PROFILE_LEVEL/HIGH_LEVEL 15); see irqlLevels.ts for x86.

/** What a routine does to the caller's IRQL or lock state (drives the path-sensitive IRQL flow). */
export type DdiEffect = 'raise' | 'lower' | 'acquire' | 'release' | 'restore' | 'none';

/** Roles for the memory/process rules (mem/*, process/attached-current-process). */
export type UserBufferRole = 'probe' | 'lock-pages' | 'attach' | 'detach' | 'current-process';

/**
 * The condition under which a parameter-dependent fact applies, judged on the argument at a call
 * site (ArgSummary.text):
 * - `timeout-may-wait`: the timeout argument is NULL or not provably a zero interval
 *   (KeWaitForSingleObject: then the caller must be at <= APC_LEVEL).
 * - `timeout-zero`: the timeout points to a zero interval (a poll: <= DISPATCH_LEVEL is allowed).
 * - `usermode`: the KPROCESSOR_MODE argument is `UserMode` (stack may be paged out while waiting,
 *   seed 000; or user addresses, which are pageable).
 * - `wait-true`: a BOOLEAN Wait argument is TRUE.
 * - `pool-paged`: a pool type / POOL_FLAGS argument names paged pool (PagedPool*, POOL_FLAG_PAGED).
 * - `io-write-access`: a LOCK_OPERATION argument is IoWriteAccess or IoModifyAccess (seed 001:
 *   the pages are marked dirty when unlocked).
 * - `send-synchronous`: WDF send options carry WDF_REQUEST_SEND_OPTION_SYNCHRONOUS.
 * - `timeout-null`: a PLONGLONG/PLARGE_INTEGER timeout argument is NULL (wait forever).
 * - `nonnull`: the argument is not NULL (an optional parameter was supplied).
 * - `arg-is` / `arg-is-not`: the argument text is (is not) one of ParamRule.values
 *   (enumerators such as `WdfIoTargetLeaveSentIoPending`, `FLT_PREOP_COMPLETE`).
 */
export type ParamCondition =
  | 'timeout-may-wait'
  | 'timeout-zero'
  | 'usermode'
  | 'wait-true'
  | 'pool-paged'
  | 'io-write-access'
  | 'send-synchronous'
  | 'timeout-null'
  | 'nonnull'
  | 'arg-is'
  | 'arg-is-not';

export interface ParamRule {
  /** 0-based argument index. */
  param: number;
  when: ParamCondition;
  /** For `arg-is` / `arg-is-not`: the identifiers compared with the argument text. */
  values?: string[];
  /** When the condition holds, the caller must be at or below this IRQL (tighter than DdiFact.maxIrql). */
  maxIrql?: number;
  /** When the condition holds, the call can block (overrides DdiFact.blocking). */
  blocking?: boolean;
  /** One line, our own words. */
  note: string;
  source: string;
}

export interface DdiFact {
  name: string;
  /** Declaring header as the docs give it (`wdm.h`, `ndis/nblaccessors.h`). */
  header?: string;
  /** Lowest IRQL the caller may be at (0 when the docs give only an upper bound); null = unknown. */
  minIrql: number | null;
  /**
   * Highest IRQL the caller may be at, in the most permissive case the docs allow; null = unknown
   * (the page says "see Remarks" and no better fact was recorded). Parameter-dependent tightening
   * is in paramRules.
   */
  maxIrql: number | null;
  /** The page's req.irql value as written (empty when the page gives none). */
  irqlText: string;
  effect?: DdiEffect;
  /** For raise/acquire: the IRQL the caller runs at after the call (KeAcquireSpinLock → 2). */
  raisesTo?: number;
  /** The matching acquire/release (raise/lower, attach/detach, lock/unlock) routines. */
  pairsWith?: string[];
  /** A try-acquire: may fail (returns FALSE), so the release is conditional on the result. */
  conditional?: boolean;
  /**
   * 0-based argument that identifies the acquisition for pairing with its release: the argument
   * both calls receive (KeAcquireSpinLock(&Lock, ...) → 0 with KeReleaseSpinLock(&Lock, ...) → 0;
   * KeAcquireInStackQueuedSpinLock(&Lock, &Handle) → 1 with KeReleaseInStackQueuedSpinLock(&Handle) → 0).
   */
  lockParam?: number;
  /** For raise: the 0-based argument that gives the new IRQL (KeRaiseIrql(NewIrql, &Old) → 0). */
  raisesToParam?: number;
  /** The call can put the thread into a wait (unconditionally, or see paramRules). */
  blocking?: boolean;
  paramRules?: ParamRule[];
  /** An allocation whose pool type matters: see the `pool-paged` param rule. */
  pagedPoolAlloc?: boolean;
  userBuffer?: UserBufferRole;
  /**
   * For release/restore/lower: the 0-based argument holding the IRQL restored
   * (KeReleaseSpinLock(Lock, OldIrql) → 1, KeLowerIrql(NewIrql) → 0). Absent when the IRQL is
   * kept in an opaque object (KLOCK_QUEUE_HANDLE, FAST_MUTEX, WDFSPINLOCK).
   */
  restoresFromParam?: number;
  /**
   * For acquire/raise that hand back the previous IRQL through an out parameter
   * (KeAcquireSpinLock(Lock, &OldIrql) → 1, KeRaiseIrql(NewIrql, &OldIrql) → 1), or -1 when the
   * previous IRQL is the return value (KeAcquireSpinLockRaiseToDpc, KeRaiseIrqlToDpcLevel).
   */
  savesToParam?: number;
  /** Why a curated fact differs from the req.irql text (e.g. the Remarks section states the bound). */
  irqlNote?: string;
  /**
   * The name is a header macro for another documented routine (wdm.h:
   * `#define PsGetCurrentProcess IoGetCurrentProcess`); source is that routine's page.
   */
  aliasOf?: string;
  /** The docs page URL (learn.microsoft.com). */
  source: string;
}
