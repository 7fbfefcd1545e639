// What the analyses produce, consumed by the language server (diagnostics, hover, CodeLens),
// the CLI (text/JSON/SARIF) and the tests. Plain data, no VS Code types.

import type { Arch, BuildConfig, Range } from './model';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export type RuleId =
  | 'stack/large-frame'
  | 'stack/large-local'
  | 'stack/struct-copy'
  | 'stack/dbg-growth'
  | 'stack/recursion'
  | 'stack/deep-path'
  | 'stack/dynamic'
  | 'irql/too-high'
  | 'irql/not-restored'
  | 'irql/paged-at-dispatch'
  | 'paging/missing-paged-code'
  | 'paging/not-in-page-section'
  | 'wait/usermode-stack-object'
  | 'wait/at-dispatch'
  | 'mem/user-buffer-no-try'
  | 'mem/lock-pages-access'
  | 'process/attached-current-process'
  | 'alloc/paged-at-dispatch';

export const ALL_RULES: readonly RuleId[] = [
  'stack/large-frame',
  'stack/large-local',
  'stack/struct-copy',
  'stack/dbg-growth',
  'stack/recursion',
  'stack/deep-path',
  'stack/dynamic',
  'irql/too-high',
  'irql/not-restored',
  'irql/paged-at-dispatch',
  'paging/missing-paged-code',
  'paging/not-in-page-section',
  'wait/usermode-stack-object',
  'wait/at-dispatch',
  'mem/user-buffer-no-try',
  'mem/lock-pages-access',
  'process/attached-current-process',
  'alloc/paged-at-dispatch',
];

export interface RelatedInfo {
  file: string;
  range: Range;
  message: string;
}

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The preferred fix for the diagnostic (shown first, applied by "auto fix"). */
  preferred?: boolean;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  file: string;
  range: Range;
  message: string;
  related: RelatedInfo[];
  fixes: QuickFix[];
}

export type FrameItemKind =
  | 'local'
  | 'param'
  | 'register-candidate'
  | 'outgoing-args'
  | 'home-area'
  | 'return-address'
  | 'frame-pointer'
  | 'saved-registers'
  | 'gs-cookie'
  | 'spill'
  | 'alignment';

export interface FrameItem {
  kind: FrameItemKind;
  /** `buf (UCHAR[4096])`, `home area`, `/GS cookie`, ... */
  label: string;
  bytes: number;
}

export interface FrameEstimate {
  arch: Arch;
  config: BuildConfig;
  /** Total bytes, or null when a local's size is unknown (then `unknown` names it). */
  bytes: number | null;
  /** Lower bound: the sum of everything known (equals `bytes` when nothing is unknown). */
  knownBytes: number;
  /** alloca / VLA: the frame grows at run time. */
  dynamic: boolean;
  items: FrameItem[];
  /** Locals/params whose type size could not be determined, with the type spelling. */
  unknown: string[];
}

export interface PathStep {
  /** Function key (see FunctionReport.key). */
  key: string;
  name: string;
  frameBytes: number | null;
}

export interface WorstPath {
  /** Total bytes of the deepest chain starting at this function (inclusive), null when unknown. */
  bytes: number | null;
  steps: PathStep[];
  /** The chain enters a recursion cycle (its depth is a lower bound). */
  recursive: boolean;
  /** Some step's frame was unknown or dynamic: the figure is a lower bound. */
  lowerBound: boolean;
}

export interface IrqlRange {
  /** 0 PASSIVE, 1 APC, 2 DISPATCH, up to 31 HIGH; null = not known. */
  min: number | null;
  max: number | null;
  /** Why: "annotation _IRQL_requires_max_(DISPATCH_LEVEL)", "DRIVER_DISPATCH (IRP_MJ_READ)", "called from X at DISPATCH_LEVEL". */
  sources: { text: string; file?: string; range?: Range }[];
}

export interface FunctionReport {
  /** Unique: `file#qualifiedName` (first definition wins). */
  key: string;
  name: string;
  qualifiedName: string;
  file: string;
  range: Range;
  nameRange: Range;
  /** frames[arch][config]. */
  frames: Record<Arch, Record<BuildConfig, FrameEstimate>>;
  /** Worst path per arch (free build). */
  worstPath: Record<Arch, WorstPath>;
  /** Recursion cycle this function is part of (function names), or null. */
  recursion: string[] | null;
  /** Entry point: role typedef, registered callback, slot assignment, or not called from the workspace. */
  entryPoint: boolean;
  entryReason?: string;
  irql: IrqlRange;
  pageable: boolean;
  pageableReason?: string;
}

export interface TypeReport {
  name: string;
  file: string;
  line: number;
  size: Record<Arch, number | null>;
  align: Record<Arch, number | null>;
  /** Only when DBG changes the size. */
  sizeChecked?: Record<Arch, number | null>;
}

export interface WorkspaceAnalysis {
  functions: FunctionReport[];
  findings: Finding[];
  types: TypeReport[];
}
