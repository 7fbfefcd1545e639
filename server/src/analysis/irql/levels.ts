// IRQL values used by the analysis: the DDI knowledge base's canonical (x64/arm64) numbering
// (ddi/irqlLevels.ts, from wdm.h), plus the small conveniences the rules need for messages.
// Every rule only compares against PASSIVE/APC/DISPATCH, which are the same on every target.

import { APC_LEVEL, DIRQL_MAX, DIRQL_MIN, DISPATCH_LEVEL, HIGH_LEVEL, PASSIVE_LEVEL, irqlName, parseIrqlText } from './ddi/irqlLevels';

export { APC_LEVEL, DISPATCH_LEVEL, HIGH_LEVEL, PASSIVE_LEVEL };
/** DIRQL is a range (3..12); where one value is needed the analysis uses its lowest level. */
export const DIRQL = DIRQL_MIN;

/**
 * The single IRQL an annotation or call argument names: `DISPATCH_LEVEL`, `(APC_LEVEL)`, `2`,
 * `(KIRQL)DISPATCH_LEVEL`, `DIRQL` (→ lowest device level). null for anything else (a variable,
 * an expression, a range).
 */
export function levelFromText(text: string | undefined | null): number | null {
  if (!text) return null;
  let t = text.trim();
  for (let guard = 0; guard < 6; guard++) {
    const before = t;
    t = t.replace(/^\(\s*(KIRQL|UCHAR|ULONG|int)\s*\)\s*/i, '').trim();
    if (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim();
    if (t === before) break;
  }
  if (!/^[A-Za-z0-9_]+$/.test(t)) return null;
  const b = parseIrqlText(t);
  if (!b || b.min === undefined) return null;
  if (b.max !== undefined && b.max !== b.min && !(b.min === DIRQL_MIN && b.max === DIRQL_MAX)) return null;
  return b.min;
}

/** Display name: `DISPATCH_LEVEL`, `DIRQL`, `HIGH_LEVEL`. */
export function levelName(level: number | null | undefined): string {
  if (level === null || level === undefined) return 'an unknown IRQL';
  if (level >= DIRQL_MIN && level <= DIRQL_MAX) return 'DIRQL';
  return irqlName(level);
}

/** `PASSIVE_LEVEL`, `<= DISPATCH_LEVEL`, `APC_LEVEL..DISPATCH_LEVEL`, for messages and hovers. */
export function rangeText(min: number | null, max: number | null): string {
  if (min === null && max === null) return 'unknown';
  if (max === null) return `>= ${levelName(min)}`;
  if (min === null || min === 0) return max === 0 ? 'PASSIVE_LEVEL' : `<= ${levelName(max)}`;
  if (min === max) return levelName(min);
  return `${levelName(min)}..${levelName(max)}`;
}
