// Detaches a FileSummary's strings from the source text they were cut from, and shares
// repeated ones.
//
// Why: V8 represents `text.slice(a, b)` (13 characters or longer) as a *sliced string* that points
// into the parent string. A summary holding one callee name sliced from a 200 KB file therefore
// keeps the whole 200 KB file (and the blanked copy tree-sitter parsed) alive for as long as the
// summary lives — across a workspace that is most of the peak memory. Copying each such string
// into its own flat string lets the sources be collected; interning makes the thousands of
// identical spellings (`ULONG`, `KeAcquireSpinLock`, the file path, `DISPATCH_LEVEL`) one copy.
//
// Arrays are trimmed to their length in the same pass (see internStringsDeep).
//
// Done once per summary, after extraction, so the extractor stays free to slice as it likes.

import { CompactRange } from './positions';

/** Strings shorter than this are never sliced by V8 (SlicedString::kMinLength): already flat copies. */
const MIN_SLICED_LENGTH = 13;
/**
 * Longer strings are copied but not interned: names and type spellings are short, while argument
 * and initialiser text rarely repeats and would only churn the table.
 */
const MAX_INTERNED_LENGTH = 64;
/** Bound on the table; when full it starts over (bounded memory beats perfect sharing). */
const MAX_TABLE_SIZE = 100_000;

const table = new Map<string, string>();

/** Characters that would need escaping inside a JSON string literal. */
const NEEDS_JSON_ESCAPE = /["\\\u0000-\u001f]/;

/**
 * An independent, flat copy of `s` that does not point into its parent. JSON.parse builds a new
 * sequential string: 40 bytes for a 20-character name. The fallback for text that would need
 * escaping, `(' ' + s).slice(1)`, yields a sliced string into a one-character-longer flat copy
 * (~75 bytes). Both are far cheaper than a JSON round-trip; bench/workspace.ts shows the effect.
 */
function flatCopy(s: string): string {
  return NEEDS_JSON_ESCAPE.test(s) ? (' ' + s).slice(1) : (JSON.parse('"' + s + '"') as string);
}

/** The shared, flat copy of `s`. */
export function internString(s: string): string {
  if (s.length > MAX_INTERNED_LENGTH) return flatCopy(s);
  const hit = table.get(s);
  if (hit !== undefined) return hit;
  const own = s.length < MIN_SLICED_LENGTH ? s : flatCopy(s);
  if (table.size >= MAX_TABLE_SIZE) table.clear();
  table.set(own, own);
  return own;
}

/**
 * Compacts a summary in place, once, after extraction: every string reachable from `root`
 * (plain objects and arrays, as in model.ts) becomes its interned flat copy, every non-empty
 * array an exact-size copy (arrays grown by `push` keep up to half their capacity unused).
 * Ranges (CompactRange: numbers only, ~450,000 on Windows-driver-samples) are not entered.
 * Iterative, so arbitrarily deep flow trees cannot
 * overflow the JS stack. A summary is a tree (it round-trips through JSON), so no visited-set is
 * kept; the budget only guards against a cycle ever being introduced.
 */
export function internStringsDeep(root: object): void {
  const pending: object[] = [root];
  let budget = 50_000_000;
  while (pending.length > 0 && --budget > 0) {
    const o = pending.pop()!;
    if (Array.isArray(o)) {
      const a = o as unknown[];
      for (let i = 0; i < a.length; i++) {
        const v = a[i];
        if (typeof v === 'string') a[i] = internString(v);
        else if (v !== null && typeof v === 'object' && !(v instanceof CompactRange)) {
          if (Array.isArray(v) && v.length > 0) pending.push((a[i] = v.slice()));
          else pending.push(v);
        }
      }
      continue;
    }
    const rec = o as Record<string, unknown>;
    for (const k in rec) {
      const v = rec[k];
      if (typeof v === 'string') rec[k] = internString(v);
      else if (v !== null && typeof v === 'object') {
        if (Array.isArray(v)) {
          if (v.length > 0) pending.push((rec[k] = v.slice()));
        } else if (!(v instanceof CompactRange)) pending.push(v);
      }
    }
  }
}

/**
 * Forgets the interned strings. The workspace calls this once a batch of files is summarised:
 * strings already shared stay shared in the summaries, and the table's own ~4 MB (with a
 * workspace's worth of entries) need not live on while nothing is being parsed.
 */
export function releaseInternTable(): void {
  table.clear();
}

/** Number of strings currently interned (for benchmarks). */
export function internTableSize(): number {
  return table.size;
}
