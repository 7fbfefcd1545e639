// Turns VS Code's `stacklens.*` configuration object (untrusted shape) into StackLensSettings.
// Anything malformed falls back to the default rather than failing: settings are user input.

import { ALL_RULES, type RuleId } from './analysis/results';
import { DEFAULT_SETTINGS, mergeSettings, type RuleSeverity, type StackLensSettings } from './analysis/settings';
import type { Arch } from './analysis/model';

const ARCH_VALUES = new Set(['x86', 'x64', 'arm64']);
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

function num(v: unknown, fallback: number, min = 0): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= min ? v : fallback;
}

function strings(v: unknown, fallback: string[]): string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : fallback;
}

export function configToSettings(raw: unknown): StackLensSettings {
  const c = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const thresholds = (c.thresholds && typeof c.thresholds === 'object' ? c.thresholds : {}) as Record<string, unknown>;
  const budget = (c.driverBudget && typeof c.driverBudget === 'object' ? c.driverBudget : {}) as Record<string, unknown>;
  const severity: Partial<Record<RuleId, RuleSeverity>> = {};
  if (c.severity && typeof c.severity === 'object') {
    for (const [rule, sev] of Object.entries(c.severity as Record<string, unknown>)) {
      if ((ALL_RULES as readonly string[]).includes(rule) && typeof sev === 'string' && SEVERITIES.has(sev)) {
        severity[rule as RuleId] = sev as RuleSeverity;
      }
    }
  }
  const defines: Record<string, string> = {};
  if (c.defines && typeof c.defines === 'object') {
    for (const [k, v] of Object.entries(c.defines as Record<string, unknown>)) {
      if (/^[A-Za-z_]\w*$/.test(k)) defines[k] = v === true ? '1' : String(v ?? '1');
    }
  }
  const driverBudgetBytes: Partial<Record<Arch, number>> = {};
  for (const a of ['x86', 'x64', 'arm64'] as const) {
    const v = budget[a];
    if (typeof v === 'number' && v > 0) driverBudgetBytes[a] = v;
  }
  return mergeSettings({
    targetArch: typeof c.targetArch === 'string' && ARCH_VALUES.has(c.targetArch) ? (c.targetArch as Arch) : DEFAULT_SETTINGS.targetArch,
    largeFrameBytes: num(thresholds.largeFrameBytes, DEFAULT_SETTINGS.largeFrameBytes, 1),
    largeLocalBytes: num(thresholds.largeLocalBytes, DEFAULT_SETTINGS.largeLocalBytes, 1),
    structCopyBytes: num(thresholds.structCopyBytes, DEFAULT_SETTINGS.structCopyBytes, 1),
    driverBudgetShare: num(budget.share, DEFAULT_SETTINGS.driverBudgetShare),
    driverBudgetBytes,
    defines,
    include: strings(c.include, DEFAULT_SETTINGS.include),
    exclude: strings(c.exclude, DEFAULT_SETTINGS.exclude),
    severity,
    maxFileBytes: num(c.maxFileBytes, DEFAULT_SETTINGS.maxFileBytes, 1024),
  });
}
