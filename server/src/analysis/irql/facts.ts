// The analysis' view of the DDI knowledge base (ddi/): looking a callee up (with a
// case-insensitive fallback), judging parameter-dependent rules on a call's arguments, and turning
// a fact into the flow effect (acquire/raise, release/lower, attach/detach).
//
// Case-insensitive fallback: seed 000 writes `KeAcquireSpinlock` (lower-case l). That does not
// compile against the WDK, but the shape is unmistakable, and a tool that silently ignores it
// would miss the lock the seed is about. When a name is not in the table but differs from a known
// DDI only by letter case, the known DDI's facts are used (and the hover says so).

import type { CallSite, FunctionDecl } from '../model';
import { lookupDdi, ddiNames } from './ddi';
import type { DdiFact, ParamCondition, ParamRule } from './ddi/types';
import { NO_EFFECT, normaliseArg, type CallEffect } from './flow';
import { levelFromText } from './levels';

export interface ResolvedFact {
  fact: DdiFact;
  /** The name was matched ignoring letter case (`KeAcquireSpinlock` → `KeAcquireSpinLock`). */
  caseFallback: boolean;
}

let lowerIndex: Map<string, string> | null = null;
const cache = new Map<string, ResolvedFact | null>();

export function resolveFact(name: string | null | undefined): ResolvedFact | null {
  if (!name) return null;
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  let out: ResolvedFact | null = null;
  const exact = lookupDdi(name);
  if (exact) out = { fact: exact, caseFallback: false };
  else {
    if (!lowerIndex) {
      lowerIndex = new Map();
      for (const n of ddiNames()) lowerIndex.set(n.toLowerCase(), n);
    }
    const canonical = lowerIndex.get(name.toLowerCase());
    const f = canonical ? lookupDdi(canonical) : undefined;
    if (f) out = { fact: f, caseFallback: true };
  }
  if (cache.size > 50_000) cache.clear();
  cache.set(name, out);
  return out;
}

/** Empties the lookup cache (the lower-case index of the table stays: it is the table's). */
export function forgetResolvedFacts(): void {
  cache.clear();
}

const NULL_TEXT = /^(NULL|nullptr|0|\(\s*PVOID\s*\)\s*0|\(\s*PLARGE_INTEGER\s*\)\s*NULL)$/;

function isNullArg(text: string): boolean {
  return NULL_TEXT.test(text.replace(/\s+/g, ' ').trim());
}

/** Where a local's value comes from: its initialiser and plain assignments to it. */
function valuesOf(name: string, decl: FunctionDecl): string[] {
  const out: string[] = [];
  for (const l of decl.locals) if (l.name === name && l.initText) out.push(l.initText);
  for (const a of decl.assignments) if (a.lhs === name) out.push(a.rhs);
  return out;
}

/** `&Timeout` where Timeout is provably a zero interval (`= {0}`, `.QuadPart = 0`, a `*Zero*` name). */
function timeoutIsZero(text: string, decl: FunctionDecl): boolean | null {
  const t = normaliseArg(text);
  if (/zero|nowait|poll/i.test(t)) return true;
  const root = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(t)?.[1];
  if (!root) return null;
  const values = valuesOf(root, decl);
  if (values.length === 0) return null;
  if (values.every((v) => /^\{?\s*0+\s*\}?$|^RtlConvert(Long|Ulong)ToLargeInteger\s*\(\s*0\s*\)$/.test(v.trim()))) return true;
  if (values.some((v) => /^-|\bWDF_REL_TIMEOUT|\bMILLISECONDS|\bSECONDS|\bRELATIVE\b/i.test(v.trim()))) return false;
  return null;
}

function isUserModeArg(text: string, decl: FunctionDecl): boolean | null {
  const t = normaliseArg(text);
  if (/^(\(KPROCESSOR_MODE\))?UserMode$/.test(t)) return true;
  if (/^(\(KPROCESSOR_MODE\))?KernelMode$/.test(t)) return false;
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) {
    const values = valuesOf(t, decl);
    if (values.length && values.every((v) => /^UserMode$/.test(v.trim()))) return true;
    if (values.length && values.every((v) => /^KernelMode$/.test(v.trim()))) return false;
  }
  return null;
}

/** The argument names paged pool: `PagedPool`, `PagedPoolCacheAligned`, `POOL_FLAG_PAGED`. */
export function isPagedPoolText(text: string): boolean {
  return /(^|[^A-Za-z0-9_])PagedPool\w*/.test(text) || /\bPOOL_FLAG_PAGED\b/.test(text);
}

/**
 * Does a parameter rule's condition hold at this call? true / false, or null when the argument
 * does not tell (a variable we cannot follow): such rules are not applied (precision first).
 */
export function conditionHolds(rule: Pick<ParamRule, 'when' | 'param'> & { values?: string[] }, call: CallSite, decl: FunctionDecl): boolean | null {
  const when: ParamCondition | string = rule.when;
  const arg = call.args[rule.param];
  if (!arg) return null;
  const text = arg.text;
  switch (when) {
    case 'timeout-may-wait': {
      if (isNullArg(text)) return true;
      const zero = timeoutIsZero(text, decl);
      return zero === null ? null : !zero;
    }
    case 'timeout-zero':
      return isNullArg(text) ? false : timeoutIsZero(text, decl);
    case 'timeout-null':
      return isNullArg(text) ? true : /^&/.test(text.trim()) ? false : null;
    case 'usermode':
      return isUserModeArg(text, decl);
    case 'wait-true':
      return /^(TRUE|true|1)$/.test(text.trim()) ? true : /^(FALSE|false|0)$/.test(text.trim()) ? false : null;
    case 'pool-paged': {
      if (isPagedPoolText(text)) return true;
      if (/NonPaged|POOL_FLAG_NON_PAGED/.test(text)) return false;
      return null;
    }
    case 'io-write-access':
      return /\bIo(Write|Modify)Access\b/.test(text) ? true : /\bIoReadAccess\b/.test(text) ? false : null;
    case 'send-synchronous': {
      if (/SYNCHRONOUS/.test(text)) return true;
      if (isNullArg(text)) return false;
      const opts = normaliseArg(text);
      for (const c of decl.calls) {
        if (c.calleeName === 'WDF_REQUEST_SEND_OPTIONS_INIT' && c.args[0] && normaliseArg(c.args[0].text) === opts) {
          return /SYNCHRONOUS/.test(c.args[1]?.text ?? '');
        }
      }
      return null;
    }
    case 'nonnull':
      return isNullArg(text) ? false : true;
    case 'arg-is':
    case 'arg-is-not': {
      const t = normaliseArg(text);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) return null;
      const values = rule.values ?? [];
      // Only an enum constant of the same family decides it; a variable does not.
      const prefix = commonPrefix(values);
      if (prefix.length < 3 || !t.startsWith(prefix)) return null;
      const listed = values.includes(t);
      return when === 'arg-is' ? listed : !listed;
    }
    default:
      return null;
  }
}

/** The enum family of the listed constants: their common leading CamelCase words (`WdfIoTarget`). */
function commonPrefix(values: readonly string[]): string {
  if (values.length === 0) return '';
  const words = (v: string): string[] => v.match(/[A-Z][a-z0-9]*|[a-z0-9]+|_+/g) ?? [];
  let common = words(values[0]);
  for (const v of values.slice(1)) {
    const w = words(v);
    let i = 0;
    while (i < common.length && i < w.length && common[i] === w[i]) i++;
    common = common.slice(0, i);
  }
  if (values.length === 1) common = common.slice(0, Math.min(3, common.length - 1));
  return common.join('');
}

export interface CallLimit {
  /** Highest IRQL allowed at this call, after applicable parameter rules; null = unknown. */
  max: number | null;
  /**
   * The call is a *wait* here (the reason it is not allowed at DISPATCH_LEVEL is that it blocks):
   * a parameter rule that blocks (NULL timeout, Wait=TRUE, synchronous send), or a blocking DDI
   * allowed up to APC_LEVEL or named as a wait. ZwCreateFile blocks too, but its PASSIVE_LEVEL
   * requirement is the stronger statement: it is an irql/too-high matter.
   */
  blocking: boolean;
  /** The tightening came from a paged-pool allocation rule. */
  pagedAlloc: boolean;
  /** The parameter rule that tightened the limit (for messages), if any. */
  rule?: ParamRule;
}

/** What the DDI requires at this particular call (base facts plus the parameter rules that hold). */
export function callLimit(fact: DdiFact, call: CallSite, decl: FunctionDecl): CallLimit {
  let max = fact.maxIrql;
  let ruleBlocks = false;
  let pagedAlloc = false;
  let used: ParamRule | undefined;
  for (const r of fact.paramRules ?? []) {
    if (r.maxIrql === undefined && !r.blocking) continue;
    if (conditionHolds(r, call, decl) !== true) continue;
    if (r.maxIrql !== undefined && (max === null || r.maxIrql < max)) {
      max = r.maxIrql;
      used = r;
      pagedAlloc = r.when === 'pool-paged';
      ruleBlocks = !!r.blocking;
    } else if (r.blocking && used === undefined) ruleBlocks = true;
  }
  const waitByName = /Wait|Delay|Sleep/i.test(fact.name);
  const blocking = ruleBlocks || (!!fact.blocking && !used && ((fact.maxIrql !== null && fact.maxIrql >= 1) || waitByName));
  return { max, blocking, pagedAlloc, rule: used };
}

const TRY_ACQUIRE = /TryTo|TryAcquire/i;

/** The flow effect of calling a DDI. */
export function ddiEffect(fact: DdiFact, call: CallSite): CallEffect {
  const pairsWith = fact.pairsWith ?? [];
  switch (fact.effect) {
    case 'raise':
    case 'acquire': {
      let level: number | null = fact.raisesTo ?? null;
      // KeRaiseIrql(NewIrql, &Old): the level is the argument.
      if (level === null && fact.effect === 'raise' && call.args[0]) level = levelFromText(call.args[0].text);
      // An acquire that does not raise but may only be called at a fixed level >= DISPATCH
      // (KeAcquireSpinLockAtDpcLevel): holding it means running at that level.
      if (level === null && fact.minIrql !== null && fact.minIrql >= 2 && fact.minIrql === fact.maxIrql) level = fact.minIrql;
      return { kind: 'acquire', level, pairsWith, conditional: TRY_ACQUIRE.test(fact.name) };
    }
    case 'lower':
    case 'release':
    case 'restore':
      return { kind: 'release', level: null, pairsWith };
    default:
      break;
  }
  if (fact.userBuffer === 'attach') return { kind: 'attach', level: null, pairsWith };
  if (fact.userBuffer === 'detach') return { kind: 'detach', level: null, pairsWith };
  return NO_EFFECT;
}
