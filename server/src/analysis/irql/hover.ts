// Hover text for IRQL facts: a DDI at a call site, and (optionally) a workspace function.

import type { IrqlRange } from '../results';
import type { IrqlResult } from './index';
import { resolveFact } from './facts';
import { levelName, rangeText } from './levels';

const CONDITION_TEXT: Record<string, string> = {
  'timeout-may-wait': 'when the timeout is NULL or non-zero',
  'timeout-zero': 'when the timeout is zero',
  'timeout-null': 'when the timeout is NULL',
  usermode: 'when the mode is UserMode',
  'wait-true': 'when Wait is TRUE',
  'pool-paged': 'when the pool is paged',
  'io-write-access': 'with IoWriteAccess/IoModifyAccess',
  'send-synchronous': 'when sent synchronously',
  nonnull: 'when the argument is supplied',
};

function escapeMd(s: string): string {
  return s.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** Markdown for a call to a DDI: IRQL bounds, effect, blocking, parameter rules, docs link. null when unknown. */
export function irqlHoverForCall(calleeName: string): string | null {
  const r = resolveFact(calleeName);
  if (!r) return null;
  const f = r.fact;
  const lines: string[] = [];
  lines.push(`**${f.name}**${f.header ? ` (${f.header})` : ''}${r.caseFallback ? ` — written \`${calleeName}\`, matched ignoring letter case` : ''}`);
  lines.push('');
  const irql = f.minIrql === null && f.maxIrql === null ? (f.irqlText ? escapeMd(f.irqlText) : 'not stated') : `\`${rangeText(f.minIrql, f.maxIrql)}\``;
  lines.push(`- IRQL: ${irql}${f.irqlText && (f.minIrql !== null || f.maxIrql !== null) ? ` (docs: "${escapeMd(f.irqlText)}")` : ''}`);
  if (f.irqlNote) lines.push(`- Note: ${escapeMd(f.irqlNote)}`);
  switch (f.effect) {
    case 'raise':
      lines.push(`- Raises the IRQL${f.raisesTo !== undefined ? ` to \`${levelName(f.raisesTo)}\`` : ''}${f.pairsWith?.length ? `; restore with ${f.pairsWith.map((p) => `\`${p}\``).join(', ')}` : ''}`);
      break;
    case 'acquire':
      lines.push(`- Acquires a lock${f.raisesTo !== undefined ? ` and runs at \`${levelName(f.raisesTo)}\` while it is held` : ''}${f.pairsWith?.length ? `; release with ${f.pairsWith.map((p) => `\`${p}\``).join(', ')}` : ''}`);
      break;
    case 'release':
    case 'restore':
    case 'lower':
      lines.push(`- ${f.effect === 'release' ? 'Releases a lock' : 'Restores the IRQL'}${f.pairsWith?.length ? ` taken by ${f.pairsWith.map((p) => `\`${p}\``).join(', ')}` : ''}`);
      break;
    default:
      break;
  }
  if (f.userBuffer === 'attach') lines.push('- Attaches the thread to another process (PsGetCurrentProcess then returns that process)');
  if (f.userBuffer === 'detach') lines.push('- Detaches the thread from the process it attached to');
  if (f.userBuffer === 'probe' || f.userBuffer === 'lock-pages') lines.push('- Raises an exception on an invalid address: call inside `__try/__except`');
  if (f.blocking) lines.push('- Can block (wait): not at `DISPATCH_LEVEL` or above');
  for (const p of f.paramRules ?? []) {
    const parts = [`argument ${p.param + 1} ${CONDITION_TEXT[p.when] ?? p.when}`];
    if (p.maxIrql !== undefined) parts.push(`requires \`${rangeText(0, p.maxIrql)}\``);
    if (p.blocking) parts.push('blocks');
    lines.push(`- ${parts.join(': ')} — ${escapeMd(p.note)}`);
  }
  lines.push('');
  lines.push(`[${f.name} documentation](${f.source})`);
  return lines.join('\n');
}

/** Markdown for a workspace function's IRQL (the engine may print IrqlRange.sources itself). */
export function irqlHoverForFunction(key: string, result: IrqlResult): string | null {
  const r: IrqlRange | undefined = result.irql.get(key);
  const p = result.pageable.get(key);
  if (!r && !p) return null;
  const lines: string[] = [];
  if (r) {
    lines.push(`**IRQL:** \`${rangeText(r.min, r.max)}\``);
    for (const s of r.sources.slice(0, 6)) lines.push(`- ${escapeMd(s.text)}${s.range ? ` (line ${s.range.start.line + 1})` : ''}`);
  }
  if (p) lines.push(p.pageable ? `**Pageable:** yes — ${escapeMd(p.reason ?? '')}` : `**Pageable:** no${p.reason ? ` — ${escapeMd(p.reason)}` : ''}`);
  return lines.join('\n');
}
