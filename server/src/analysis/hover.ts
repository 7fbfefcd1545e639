// Hover and CodeLens content (markdown / one-line titles) from the engine's results. Pure
// formatting: the workspace decides what is under the cursor.

import type { Arch, BuildConfig, Cond, Pos, RecordDecl, TypeRef } from './model';
import { ARCHES } from './model';
import type { FrameEstimate, FunctionReport, IrqlRange } from './results';
import type { StackLensSettings } from './settings';
import type { WorkspaceCallGraph } from './callgraph/callgraph';
import { cycleThrough } from './callgraph/callgraph';
import type { WorstPathTable } from './worstPath';
import type { TypeDefinitionSite, TypeEngine } from './typeEngine';
import { driverBudget, formatBytes, formatKiB, formatNumber, platformStack } from './platform';
import { rangeText } from './irql/levels';

export interface HoverContext {
  settings: StackLensSettings;
  graph: WorkspaceCallGraph;
  worst: Partial<Record<Arch, Record<BuildConfig, WorstPathTable>>>;
  irqlSummary(key: string): IrqlRange | undefined;
}

const MAX_ITEMS = 14;
const MAX_STEPS = 16;

/** The identifier under the cursor, with its `A::B::` qualification. */
export function wordAt(text: string, pos: Pos): { name: string; qualified: string } | null {
  let start = 0;
  for (let l = 0; l < pos.line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return null;
    start = nl + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  const line = text.slice(start, end);
  const isWord = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
  let a = Math.min(pos.column, line.length);
  let b = a;
  if (!isWord(line[a]) && isWord(line[a - 1])) a--, b--;
  if (!isWord(line[a])) return null;
  while (a > 0 && isWord(line[a - 1])) a--;
  while (b < line.length && isWord(line[b])) b++;
  const name = line.slice(a, b);
  if (/^\d/.test(name)) return null;
  let q = a;
  while (q >= 2 && line[q - 1] === ':' && line[q - 2] === ':') {
    let s = q - 2;
    while (s > 0 && isWord(line[s - 1])) s--;
    if (s === q - 2) break;
    q = s;
  }
  if (q > 0 && line[q - 1] === '~') q--;
  return { name, qualified: line.slice(q, b) };
}

function bytes(n: number | null): string {
  return n === null ? 'unknown' : formatBytes(n);
}

function frameCell(e: FrameEstimate): string {
  if (e.bytes === null) return `≥ ${formatBytes(e.knownBytes)}`;
  return formatBytes(e.bytes) + (e.dynamic ? ' + dynamic' : '');
}

function sameFrame(a: FrameEstimate, b: FrameEstimate): boolean {
  return a.bytes === b.bytes && a.knownBytes === b.knownBytes;
}

function code(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}

export function buildFunctionHover(r: FunctionReport, ctx: HoverContext, candidates?: number): string {
  const arch = ctx.settings.targetArch;
  const out: string[] = [];
  let title = `**${code(r.qualifiedName)}**`;
  if (r.entryPoint && r.entryReason) title += ` — entry point (${r.entryReason})`;
  out.push(title);
  if (candidates && candidates > 1) out.push(`\n_${candidates} definitions match this name; showing the nearest._`);

  // Frame per target, checked vs free where DBG changes it.
  const dbgChanges = ARCHES.some((a) => !sameFrame(r.frames[a].free, r.frames[a].checked));
  out.push('', '| stack frame | x86 | x64 | arm64 |', '|:--|--:|--:|--:|');
  out.push(`| ${dbgChanges ? 'free build' : 'bytes'} | ${ARCHES.map((a) => frameCell(r.frames[a].free)).join(' | ')} |`);
  if (dbgChanges) out.push(`| checked (DBG) | ${ARCHES.map((a) => frameCell(r.frames[a].checked)).join(' | ')} |`);

  // Breakdown for the configured target.
  const free = r.frames[arch].free;
  const items = [...free.items].sort((x, y) => y.bytes - x.bytes);
  if (items.length) {
    out.push('', `**${arch} breakdown** (free build):`);
    for (const it of items.slice(0, MAX_ITEMS)) out.push(`- ${it.label} — ${formatBytes(it.bytes)}`);
    if (items.length > MAX_ITEMS) out.push(`- … ${items.length - MAX_ITEMS} more (${formatBytes(items.slice(MAX_ITEMS).reduce((s, i) => s + i.bytes, 0))})`);
  }
  if (free.unknown.length) out.push(`- unknown size: ${free.unknown.map(code).join(', ')} (the figure is a lower bound)`);
  const checked = r.frames[arch].checked;
  if (!sameFrame(free, checked)) {
    const freeByLabel = new Map(free.items.map((i) => [i.label, i.bytes]));
    const grown = checked.items
      .map((i) => ({ label: i.label, delta: i.bytes - (freeByLabel.get(i.label) ?? 0) }))
      .filter((d) => d.delta !== 0)
      .sort((x, y) => y.delta - x.delta);
    if (grown.length) out.push(`- checked (DBG) builds: ${grown.slice(0, 6).map((d) => `${d.label} ${d.delta > 0 ? '+' : ''}${formatNumber(d.delta)} B`).join(', ')}`);
  }

  // Worst path below it.
  const stack = platformStack(arch).stackBytes;
  const budget = driverBudget(arch, ctx.settings);
  const i = ctx.graph.indexOf.get(r.key);
  const tables = ctx.worst[arch];
  if (i !== undefined && tables) {
    const wp = tables.free.path(i);
    const total = wp.bytes ?? 0;
    const approx = wp.lowerBound || wp.recursive ? '≥ ' : '';
    out.push(
      '',
      `**Worst path below it (${arch}):** ${approx}${formatBytes(total)} — ${Math.round((total / stack) * 100)} % of the ${formatKiB(stack)} kernel stack` +
        ` (driver budget ${formatBytes(budget.bytes)})`,
    );
    const checkedTotal = tables.checked.total[i];
    if (checkedTotal !== total) out.push(`checked (DBG) builds: ${formatBytes(checkedTotal)}`);
    if (wp.steps.length > 1) {
      const steps = wp.steps.slice(0, MAX_STEPS);
      steps.forEach((s, k) => out.push(`${k + 1}. ${code(s.name)} — ${bytes(s.frameBytes)}`));
      if (wp.steps.length > MAX_STEPS) out.push(`- … ${wp.steps.length - MAX_STEPS} more`);
    }
    if (wp.recursive) out.push('', '_The path enters a recursive cycle: each extra round adds its frames again._');
    else if (wp.lowerBound) out.push('', '_Some frame on the path has an unknown or dynamic part: the figure is a lower bound._');
  }

  // Recursion.
  if (r.recursion && i !== undefined) {
    const cycle = cycleThrough(ctx.graph, i).map((v) => ctx.graph.functions.get(ctx.graph.keys[v])!.decl.qualifiedName);
    out.push('', `**Recursion:** ${cycle.length === 1 ? 'calls itself' : [...cycle, cycle[0]].map(code).join(' → ')}` + (r.recursion.length > cycle.length ? ` (${r.recursion.length} functions in the cycle)` : ''));
  }

  // IRQL and pageability.
  const irql = r.irql;
  if (irql.min !== null || irql.max !== null || irql.sources.length) {
    out.push('', `**IRQL:** ${rangeText(irql.min, irql.max)}`);
    for (const s of irql.sources.slice(0, 6)) out.push(`- ${s.text}${s.file && s.range ? ` (${baseName(s.file)}:${s.range.start.line + 1})` : ''}`);
  }
  out.push('', `**Pageable:** ${r.pageable ? `yes${r.pageableReason ? ` (${r.pageableReason})` : ''}` : 'no'}`);
  return out.join('\n');
}

function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i >= 0 ? p.slice(i + 1) : p;
}

function sizeTable(label: string, get: (a: Arch, c: BuildConfig) => { size: number | null; align: number | null } | null): string[] | null {
  const free = ARCHES.map((a) => get(a, 'free'));
  const checked = ARCHES.map((a) => get(a, 'checked'));
  if (free.every((x) => x === null || x.size === null) && checked.every((x) => x === null || x.size === null)) return null;
  const dbg = ARCHES.some((_, k) => (free[k]?.size ?? null) !== (checked[k]?.size ?? null));
  const rows = ['| ' + label + ' | x86 | x64 | arm64 |', '|:--|--:|--:|--:|'];
  rows.push(`| sizeof${dbg ? ' (free)' : ''} | ${free.map((x) => bytes(x?.size ?? null)).join(' | ')} |`);
  if (dbg) rows.push(`| sizeof (checked, DBG) | ${checked.map((x) => bytes(x?.size ?? null)).join(' | ')} |`);
  rows.push(`| alignof | ${free.map((x) => (x?.align === null || x?.align === undefined ? 'unknown' : String(x.align))).join(' | ')} |`);
  return rows;
}

export function buildTypeHover(name: string, file: string, types: TypeEngine, site: TypeDefinitionSite | null): string | null {
  const rows = sizeTable('type', (a, c) => types.namedType(name, file, a, c));
  if (!rows) return null;
  const out = [`**${code(name)}**${site ? ` — defined in ${baseName(site.file)}:${site.range.start.line + 1}` : ''}`, '', ...rows];
  return out.join('\n');
}

export function typeText(t: TypeRef): string {
  return t.base + (t.pointer ? ' ' + '*'.repeat(t.pointer) : '') + t.arrayDims.map((d) => `[${d}]`).join('');
}

export function buildVariableHover(name: string, type: TypeRef, file: string, types: TypeEngine, inline?: RecordDecl, cond?: Cond): string | null {
  const rows = sizeTable('variable', (a, c) => {
    if (cond?.dbg === true && c === 'free') return { size: 0, align: null };
    if (cond?.dbg === false && c === 'checked') return { size: 0, align: null };
    return types.sizeOf(type, file, a, c, inline);
  });
  if (!rows) return null;
  const note = cond?.dbg === true ? '\n\n_Exists only in checked (DBG) builds._' : cond?.dbg === false ? '\n\n_Exists only in free builds._' : '';
  return [`**${code(name)}**: ${code(inline && !inline.tag ? `${inline.kind} { … }` : typeText(type))}`, '', ...rows].join('\n') + note;
}

/** `stack: 1,184 B frame · worst path 6,912 B (28 % of 24 KiB x64)`. */
export function codeLensTitle(r: FunctionReport, ctx: HoverContext): string {
  const arch = ctx.settings.targetArch;
  const free = r.frames[arch].free;
  const checked = r.frames[arch].checked;
  let frame = `${free.bytes === null ? '≥ ' + formatBytes(free.knownBytes) : formatBytes(free.bytes)} frame`;
  if (free.dynamic) frame += ' + dynamic';
  if (!sameFrame(free, checked)) frame += ` (${checked.bytes === null ? '≥ ' + formatBytes(checked.knownBytes) : formatBytes(checked.bytes)} checked)`;
  const wp = r.worstPath[arch];
  const stack = platformStack(arch).stackBytes;
  let title = `stack: ${frame}`;
  if (wp.bytes !== null) {
    const approx = wp.lowerBound || wp.recursive ? '≥ ' : '';
    title += ` · worst path ${approx}${formatBytes(wp.bytes)} (${Math.round((wp.bytes / stack) * 100)} % of ${formatKiB(stack)} ${arch})`;
  }
  if (r.recursion) title += ' · recursive';
  return title;
}
