// `stacklens analyze` output: the JSON contract of SPEC §4 (schema 1), a compact text report and
// SARIF 2.1.0. Pure functions of a WorkspaceAnalysis; paths are made relative to `cwd`.

import { isAbsolute, relative, sep } from 'node:path';
import type { Arch } from './model';
import { ARCHES } from './model';
import type { Finding, FunctionReport, RuleId, Severity, WorkspaceAnalysis } from './results';
import { ALL_RULES } from './results';
import { formatBytes, formatKiB, formatNumber, platformStack } from './platform';
import { RULE_INFO, ruleHelpUri } from './rules/ruleInfo';

export const TOOL_NAME = 'StackLens';
export const TOOL_VERSION = '0.1.0';

export function relativePath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

// ---------------------------------------------------------------- JSON (schema 1)

export interface AnalyzeJson {
  schema: 1;
  arch: Arch;
  functions: {
    name: string;
    file: string;
    line: number;
    frameBytes: number | null;
    frameBytesChecked: number | null;
    dynamic: boolean;
    worstPathBytes: number | null;
    worstPath: string[];
    irql: { min: number | null; max: number | null };
    pageable: boolean;
  }[];
  diagnostics: { rule: RuleId; severity: Severity; file: string; line: number; column: number; message: string }[];
  types: {
    name: string;
    file: string;
    line: number;
    size: Record<Arch, number | null>;
    align: Record<Arch, number | null>;
    sizeChecked?: Record<Arch, number | null>;
  }[];
}

function byLocation<T extends { file: string; line: number }>(a: T, b: T): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}

export function toAnalyzeJson(analysis: WorkspaceAnalysis, arch: Arch, cwd: string): AnalyzeJson {
  const functions = analysis.functions.map((f) => {
    const free = f.frames[arch].free;
    const checked = f.frames[arch].checked;
    const wp = f.worstPath[arch];
    return {
      name: f.qualifiedName,
      file: relativePath(f.file, cwd),
      line: f.nameRange.start.line + 1,
      frameBytes: free.bytes,
      frameBytesChecked: checked.bytes,
      dynamic: free.dynamic || checked.dynamic,
      worstPathBytes: wp.bytes,
      worstPath: wp.steps.map((s) => s.name),
      irql: { min: f.irql.min, max: f.irql.max },
      pageable: f.pageable,
    };
  });
  functions.sort(byLocation);
  const diagnostics = sortedFindings(analysis.findings).map((d) => ({
    rule: d.rule,
    severity: d.severity,
    file: relativePath(d.file, cwd),
    line: d.range.start.line + 1,
    column: d.range.start.column + 1,
    message: d.message,
  }));
  const types = analysis.types.map((t) => {
    const out: AnalyzeJson['types'][number] = {
      name: t.name,
      file: relativePath(t.file, cwd),
      line: t.line,
      size: pickArches(t.size),
      align: pickArches(t.align),
    };
    if (t.sizeChecked) out.sizeChecked = pickArches(t.sizeChecked);
    return out;
  });
  types.sort(byLocation);
  return { schema: 1, arch, functions, diagnostics, types };
}

function pickArches(r: Record<Arch, number | null>): Record<Arch, number | null> {
  return { x86: r.x86 ?? null, x64: r.x64 ?? null, arm64: r.arm64 ?? null };
}

export function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.column - b.range.start.column ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

// ---------------------------------------------------------------- text

const TOP = 20;

function frameCellText(e: { bytes: number | null; knownBytes: number; dynamic: boolean }): string {
  if (e.bytes === null) return e.knownBytes > 0 ? `≥${formatBytes(e.knownBytes)}` : 'unknown';
  return formatBytes(e.bytes) + (e.dynamic ? ' + dyn.' : '');
}

function bytesCell(n: number | null, lowerBound = false): string {
  if (n === null) return 'unknown';
  return (lowerBound ? '≥' : '') + formatBytes(n);
}

function table(rows: string[][], rightAligned: boolean[]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => {
          const pad = ' '.repeat(widths[c] - [...cell].length);
          return rightAligned[c] ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function toAnalyzeText(analysis: WorkspaceAnalysis, arch: Arch, cwd: string): string {
  const limit = platformStack(arch).stackBytes;
  const out: string[] = [];
  const fns = analysis.functions;
  const files = new Set(fns.map((f) => f.file)).size;
  out.push(`StackLens: ${formatNumber(fns.length)} functions in ${formatNumber(files)} files, target ${arch} (kernel stack ${formatKiB(limit)})`);
  out.push('');

  const where = (f: FunctionReport): string => `${relativePath(f.file, cwd)}:${f.nameRange.start.line + 1}`;
  const frameOf = (f: FunctionReport): number => f.frames[arch].free.bytes ?? f.frames[arch].free.knownBytes;
  const checkedOf = (f: FunctionReport): number => f.frames[arch].checked.bytes ?? f.frames[arch].checked.knownBytes;
  const byFrame = [...fns].sort((a, b) => Math.max(checkedOf(b), frameOf(b)) - Math.max(checkedOf(a), frameOf(a))).slice(0, TOP);
  if (byFrame.length) {
    out.push(`Largest frames (${arch}${byFrame.length < fns.length ? `, top ${byFrame.length}` : ''}):`);
    const rows = [['frame', 'checked', 'function', 'location']];
    for (const f of byFrame) {
      const free = f.frames[arch].free;
      const checked = f.frames[arch].checked;
      rows.push([
        frameCellText(free),
        checked.bytes === free.bytes && checked.knownBytes === free.knownBytes ? '' : frameCellText(checked),
        f.qualifiedName,
        where(f),
      ]);
    }
    out.push(indent(table(rows, [true, true, false, false])));
    out.push('');
  }

  const entries = fns.filter((f) => f.entryPoint && f.worstPath[arch].bytes !== null);
  const byPath = entries.sort((a, b) => (b.worstPath[arch].bytes ?? 0) - (a.worstPath[arch].bytes ?? 0)).slice(0, TOP);
  if (byPath.length) {
    out.push(`Deepest paths from entry points (${arch}, share of the ${formatKiB(limit)} kernel stack):`);
    const rows = [['worst path', 'share', 'entry point', 'chain']];
    for (const f of byPath) {
      const wp = f.worstPath[arch];
      const bytes = wp.bytes ?? 0;
      const chain = wp.steps.map((s) => s.name);
      const shown = chain.length > 6 ? [...chain.slice(0, 5), `… (${chain.length - 5} more)`] : chain;
      rows.push([
        bytesCell(wp.bytes, wp.lowerBound || wp.recursive),
        `${Math.round((bytes / limit) * 100)} %`,
        `${f.qualifiedName} (${where(f)})`,
        shown.join(' → ') + (wp.recursive ? ' (recursive)' : ''),
      ]);
    }
    out.push(indent(table(rows, [true, true, false, false])));
    out.push('');
  }

  const findings = sortedFindings(analysis.findings);
  if (findings.length) {
    out.push(`Diagnostics (${findings.length}):`);
    for (const d of findings) {
      out.push(`  ${relativePath(d.file, cwd)}:${d.range.start.line + 1}:${d.range.start.column + 1}: ${d.severity} ${d.rule}: ${d.message}`);
    }
  } else out.push('No diagnostics.');
  const counts = new Map<Severity, number>();
  for (const d of findings) counts.set(d.severity, (counts.get(d.severity) ?? 0) + 1);
  if (findings.length) {
    out.push('');
    out.push(
      (['error', 'warning', 'information', 'hint'] as Severity[])
        .filter((s) => counts.get(s))
        .map((s) => `${counts.get(s)} ${s}${counts.get(s) === 1 || s === 'information' ? '' : 's'}`)
        .join(', '),
    );
  }
  return out.join('\n') + '\n';
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => '  ' + l)
    .join('\n');
}

// ---------------------------------------------------------------- SARIF 2.1.0

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export function sarifLevel(s: Severity): SarifLevel {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

function sarifLocation(file: string, range: Finding['range'], cwd: string) {
  const uri = relativePath(file, cwd);
  const region: SarifRegion = {
    startLine: range.start.line + 1,
    startColumn: range.start.column + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.column + 1,
  };
  return {
    physicalLocation: {
      artifactLocation: isAbsolute(uri) ? { uri: fileUri(uri) } : { uri: encodeURI(uri), uriBaseId: 'SRCROOT' },
      region,
    },
  };
}

function fileUri(path: string): string {
  const p = path.split(sep).join('/');
  return 'file://' + encodeURI(p.startsWith('/') ? p : '/' + p);
}

export function toSarif(analysis: WorkspaceAnalysis, arch: Arch, cwd: string): Record<string, unknown> {
  const rules = ALL_RULES.map((id) => ({
    id,
    name: id.replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
    shortDescription: { text: RULE_INFO[id].short },
    helpUri: ruleHelpUri(id),
    defaultConfiguration: { level: sarifLevel(RULE_INFO[id].defaultSeverity) },
  }));
  const ruleIndex = new Map<RuleId, number>(ALL_RULES.map((r, i) => [r, i]));
  const results = sortedFindings(analysis.findings).map((f) => {
    const result: Record<string, unknown> = {
      ruleId: f.rule,
      ruleIndex: ruleIndex.get(f.rule),
      level: sarifLevel(f.severity),
      message: { text: f.message },
      locations: [sarifLocation(f.file, f.range, cwd)],
    };
    if (f.related.length) {
      result.relatedLocations = f.related.map((r, i) => ({
        id: i + 1,
        ...sarifLocation(r.file, r.range, cwd),
        message: { text: r.message },
      }));
    }
    return result;
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            informationUri: ruleHelpUri('stack/large-frame').replace(/#.*$/, ''),
            rules,
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: fileUri(cwd.endsWith(sep) ? cwd : cwd + sep) } },
        properties: { targetArch: arch, arches: ARCHES },
        results,
      },
    ],
  };
}
