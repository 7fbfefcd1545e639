// irql/not-restored (PREfast C28167 / C28166, SDV SpinLockRelease-style): an acquire or raise that
// reaches a return still held on some path, while another path of the same function releases it.
//
// Precision guards (each documented in docs/irql-rules.md):
//  - functions that mean to change the IRQL or lock state are exempt: `_IRQL_raises_`,
//    `_IRQL_saves_`, `_IRQL_restores_`, `__drv_setsIRQL`, `_Acquires_*lock_`, `_Releases_*lock_`
//    (also under `_When_`);
//  - an acquisition held on every exit and never released in the function is a lock wrapper
//    (`LockQueue()`), not a leak: its callers see it as an acquire;
//  - an acquisition that saves the old IRQL / lock handle into memory other than a local
//    (`&Ext->OldIrql`) is released elsewhere by design;
//  - try-acquires (KeTryToAcquire..., ExTryToAcquire...) are never reported;
//  - when the acquire sits inside a conditional branch and the return is outside that branch,
//    the paths may be correlated (`if (x) acquire; ...; if (x) release;`): not reported;
//  - when the path went around an `if` whose other arm released it and carried on
//    (`if (lockHeld) release;` after a `goto Exit`): not reported;
//  - an acquire whose result is tested (`if (!ExAcquireResourceSharedLite(r, Wait)) return;`,
//    `status = WdfWaitLockAcquire(...); if (!NT_SUCCESS(status)) return status;`) may fail: treated
//    like a try-acquire (needs the source text; without it a list of status-returning acquires);
//  - a path that released a lock it did not take (the caller's) may re-acquire it before returning;
//  - `_Requires_lock_held_` functions manipulate their caller's locks: not reported.

import type { RelatedInfo } from '../../results';
import type { FnState } from '../../irql/analyze';
import { levelName } from '../../irql/levels';
import { at, type RuleEnv } from './common';

export function checkNotRestored(env: RuleEnv, fn: FnState): void {
  // A body with syntax errors (macros the parser cannot see through: `do { } WHILE (FALSE);`,
  // fastfat's `try { } finally { }`) has an unreliable flow tree: no path verdicts on it.
  if (fn.ann.changesStateOnPurpose || fn.decl.hasParseErrors) return;
  // Only an acquisition some path releases is reported (a walk without effects has none).
  if (fn.flow.matched.size === 0) return;
  const decl = fn.decl;
  const reported = new Set<string>();
  for (const exit of fn.flow.exits) {
    for (const s of exit.states) {
      if (s.approx) continue;
      for (const h of s.held) {
        if (h.kind !== 'lock' || h.conditional) continue;
        const releases = fn.flow.matched.get(h.call);
        if (!releases || releases.length === 0) continue; // never released here: a wrapper
        const acquire = decl.calls[h.call];
        if (!acquire) continue;
        // The saved IRQL / queue handle lives in a structure (`&Ext->OldIrql`): released elsewhere.
        if (acquire.args.slice(1).some((a) => /->/.test(a.text))) continue;
        // The path released a lock the function did not take (the caller's): re-acquiring it
        // before returning restores the entry state (FmmEndFileSystemOperation, lock dances).
        if (s.lost) continue;
        const acqBranches = fn.flow.callBranches[h.call] ?? [];
        if (acqBranches.length > 0) {
          const inner = acqBranches[acqBranches.length - 1];
          if (!exit.branches.includes(inner)) continue;
        }
        // This path went around an `if` whose other arm released it and carried on
        // (`if (lockHeld) KeRelease...`): probably correlated by a flag the analysis does not follow.
        if (s.skipped?.includes(h.call)) continue;
        const key = `${h.call}@${exit.range ? `${exit.range.start.line}:${exit.range.start.column}` : 'end'}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const release = decl.calls[releases[0]];
        const related: RelatedInfo[] = [{ file: decl.file, range: acquire.range, message: `acquired here (${h.name}${h.level !== null ? `, IRQL ${levelName(h.level)}` : ''})` }];
        if (release) related.push({ file: decl.file, range: release.range, message: `released here on other paths (${release.calleeName})` });
        const what = h.level !== null ? `the IRQL stays at ${levelName(h.level)} and the caller continues with it held` : 'the caller continues with it held';
        const range = exit.range ?? acquire.range;
        if (!exit.range) related.push({ file: decl.file, range: { start: decl.range.end, end: decl.range.end }, message: 'the function ends here with it held' });
        env.emit({
          rule: 'irql/not-restored',
          file: decl.file,
          range,
          message: `${exit.range ? 'Returns' : `\`${decl.qualifiedName}\` can end`} without releasing what \`${h.name}\` acquired at ${at(acquire.range)} (other paths release it with \`${release?.calleeName ?? 'its release'}\`): ${what}.`,
          related,
          fixes: [],
        });
      }
    }
  }
}
