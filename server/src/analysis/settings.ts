// User-facing settings of the analysis, shared by the language server (from VS Code
// configuration `stacklens.*`) and the CLI (from flags). Defaults are documented in the README.

import type { Arch } from './model';
import type { RuleId, Severity } from './results';

export type RuleSeverity = Severity | 'off';

export interface StackLensSettings {
  /** Target shown in hovers/CodeLens and used for diagnostics. */
  targetArch: Arch;
  /** stack/large-frame threshold in bytes (PREfast C6262's kernel default is 1,024). */
  largeFrameBytes: number;
  /** stack/large-local threshold in bytes (one local or by-value parameter). */
  largeLocalBytes: number;
  /** stack/struct-copy threshold in bytes. */
  structCopyBytes: number;
  /** Share of the platform kernel stack the driver's own call chain may use (0..1]. */
  driverBudgetShare: number;
  /** Explicit per-arch budget in bytes; overrides the share when set (> 0). */
  driverBudgetBytes: Partial<Record<Arch, number>>;
  /** Extra `#define`s, e.g. { DBG: '1', NTDDI_VERSION: '0x0A000000' }. */
  defines: Record<string, string>;
  /** Glob patterns of files to index (relative to the workspace folder). */
  include: string[];
  exclude: string[];
  /** Per-rule severity override; absent = the rule's default. */
  severity: Partial<Record<RuleId, RuleSeverity>>;
  /** Files larger than this are skipped with a message (bounded per-file work). */
  maxFileBytes: number;
}

export const DEFAULT_SETTINGS: StackLensSettings = {
  targetArch: 'x64',
  largeFrameBytes: 1024,
  largeLocalBytes: 1024,
  structCopyBytes: 256,
  driverBudgetShare: 1 / 3,
  driverBudgetBytes: {},
  defines: {},
  include: ['**/*.{c,cpp,cxx,cc,h,hpp,hxx,inl}'],
  exclude: ['**/node_modules/**', '**/.git/**', '**/out/**', '**/dist/**', '**/.vscode-test/**'],
  severity: {},
  maxFileBytes: 4 * 1024 * 1024,
};

/** Source extensions indexed by default (SPEC §1 Parsing). */
export const SOURCE_EXTENSIONS = ['.c', '.cpp', '.cxx', '.cc', '.h', '.hpp', '.hxx', '.inl'];

export function mergeSettings(partial: Partial<StackLensSettings> | undefined): StackLensSettings {
  const s: StackLensSettings = { ...DEFAULT_SETTINGS, ...(partial ?? {}) };
  s.defines = { ...(partial?.defines ?? {}) };
  s.severity = { ...(partial?.severity ?? {}) };
  s.driverBudgetBytes = { ...(partial?.driverBudgetBytes ?? {}) };
  if (!(s.driverBudgetShare > 0 && s.driverBudgetShare <= 1)) s.driverBudgetShare = DEFAULT_SETTINGS.driverBudgetShare;
  return s;
}
