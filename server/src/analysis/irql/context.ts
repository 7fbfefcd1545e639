// The IRQL at one call, as far as the function itself can tell: a raise it holds (definite), or
// its declared entry context (annotation, role, registration, slot). The inherited IRQL from
// callers is deliberately not used here: a violation that only exists through a caller is
// reported at that caller's call site (via the callee's requirement), once, where the IRQL is
// actually known.

import type { IrqlSource } from './entry';
import { isKnown } from './entry';
import { raisedLevel, type Held } from './flow';
import { statesAt, type FnState } from './analyze';
import { TRIVIAL_FLOW } from './flowCache';

export interface CallIrql {
  /** Lowest IRQL on this path at the call. */
  min: number;
  /** Highest IRQL on this path at the call. */
  max: number;
  /** The maximum is certain to be reachable (a raise, or an assured declared context). */
  assured: boolean;
  /** The acquisition that raised the IRQL in this function (null = the entry IRQL). */
  raisedBy: Held | null;
  /** Where the entry IRQL comes from, when it does. */
  entrySources: IrqlSource[];
}

export function callIrqls(fn: FnState, callIndex: number): CallIrql[] {
  const out: CallIrql[] = [];
  const e = fn.declared;
  const entryUsable = isKnown(e) && !fn.adaptive;
  for (const s of statesAt(fn, callIndex)) {
    if (s.lost || s.approx) continue;
    const r = raisedLevel(s, false);
    if (r) {
      const rc = raisedLevel(s, true)!;
      out.push({
        min: Math.max(r.level, entryUsable ? (e.min ?? 0) : 0),
        max: Math.max(rc.level, entryUsable ? (e.max ?? r.level) : r.level),
        assured: true,
        raisedBy: r.by,
        entrySources: [],
      });
      continue;
    }
    if (!entryUsable) continue;
    out.push({ min: e.min ?? 0, max: e.max ?? e.min ?? 0, assured: e.assured && e.max !== null, raisedBy: null, entrySources: e.sources });
  }
  return out;
}

/**
 * Some call of the function has a known IRQL: it raises the IRQL itself somewhere, or its
 * declared entry is usable. When false, callIrqls() is empty at every call, so no call can be
 * too high: the rules skip the function.
 */
export function irqlKnownInside(fn: FnState): boolean {
  return fn.flow !== TRIVIAL_FLOW || (isKnown(fn.declared) && !fn.adaptive);
}

export interface Violation {
  ctx: CallIrql;
  /** The IRQL to quote: the definite minimum when it is already too high, else the possible maximum. */
  level: number;
  /** Every path through this call is too high (min > limit). */
  definite: boolean;
}

/** The worst context at this call that is above `limit`, preferring raises made in this function. */
export function violationAt(fn: FnState, callIndex: number, limit: number): Violation | null {
  let best: Violation | null = null;
  for (const ctx of callIrqls(fn, callIndex)) {
    let v: Violation | null = null;
    if (ctx.min > limit) v = { ctx, level: ctx.min, definite: true };
    else if (ctx.assured && ctx.max > limit) v = { ctx, level: ctx.max, definite: false };
    if (!v) continue;
    if (!best || rank(v) > rank(best)) best = v;
  }
  return best;
}

function rank(v: Violation): number {
  return (v.ctx.raisedBy ? 100 : 0) + (v.definite ? 50 : 0) + v.level;
}
