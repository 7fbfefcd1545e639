// One line per rule for SARIF's rule table, the text report and the README index. Default
// severities of the stack rules live here; the IRQL/paging rules choose theirs where they are
// produced (this table only describes them).

import type { RuleId, Severity } from '../results';
import { IRQL_RULE_SEVERITY } from './irql/common';

export interface RuleInfo {
  id: RuleId;
  short: string;
  /** Severity a finding of this rule gets unless settings override it (typical value). */
  defaultSeverity: Severity;
  /** PREfast / Code Analysis warning that checks something similar, for the README. */
  prefast?: string;
}

export const RULE_INFO: Readonly<Record<RuleId, RuleInfo>> = {
  'stack/large-frame': { id: 'stack/large-frame', short: 'Stack frame above the threshold (default 1,024 B).', defaultSeverity: 'warning', prefast: 'C6262' },
  'stack/large-local': { id: 'stack/large-local', short: 'One local variable or by-value parameter above the threshold (default 1,024 B).', defaultSeverity: 'warning', prefast: 'C6262 (frame total only)' },
  'stack/struct-copy': { id: 'stack/struct-copy', short: 'A structure copied onto the stack (T x = *p; memcpy/RtlCopyMemory into a local) above 256 B.', defaultSeverity: 'warning' },
  'stack/dbg-growth': { id: 'stack/dbg-growth', short: 'A type or stack frame that grows under DBG (checked builds) by at least 256 B.', defaultSeverity: 'information' },
  'stack/recursion': { id: 'stack/recursion', short: 'Direct or mutual recursion: stack depth not bounded statically.', defaultSeverity: 'warning' },
  'stack/deep-path': { id: 'stack/deep-path', short: "Worst call chain from an entry point above the driver's share of the kernel stack.", defaultSeverity: 'warning' },
  'stack/dynamic': { id: 'stack/dynamic', short: 'alloca / variable-length array: the frame grows at run time.', defaultSeverity: 'warning', prefast: 'C6255 (_alloca)' },
  'irql/too-high': { id: 'irql/too-high', short: 'A call needs a lower IRQL than the one the code runs at.', defaultSeverity: IRQL_RULE_SEVERITY['irql/too-high'], prefast: 'C28121' },
  'irql/not-restored': { id: 'irql/not-restored', short: 'An acquire/raise without a matching release/lower on some path.', defaultSeverity: IRQL_RULE_SEVERITY['irql/not-restored'], prefast: 'C28166' },
  'irql/paged-at-dispatch': { id: 'irql/paged-at-dispatch', short: 'Pageable code reachable at DISPATCH_LEVEL or above.', defaultSeverity: IRQL_RULE_SEVERITY['irql/paged-at-dispatch'] },
  'paging/missing-paged-code': { id: 'paging/missing-paged-code', short: 'Function in a PAGE section without PAGED_CODE().', defaultSeverity: IRQL_RULE_SEVERITY['paging/missing-paged-code'], prefast: 'C28170' },
  'paging/not-in-page-section': { id: 'paging/not-in-page-section', short: 'PAGED_CODE() in a function not in a PAGE section.', defaultSeverity: IRQL_RULE_SEVERITY['paging/not-in-page-section'], prefast: 'C28172' },
  'wait/usermode-stack-object': { id: 'wait/usermode-stack-object', short: 'A dispatcher object on the stack waited on in UserMode.', defaultSeverity: IRQL_RULE_SEVERITY['wait/usermode-stack-object'], prefast: 'C28135' },
  'wait/at-dispatch': { id: 'wait/at-dispatch', short: 'A blocking wait at DISPATCH_LEVEL.', defaultSeverity: IRQL_RULE_SEVERITY['wait/at-dispatch'] },
  'mem/user-buffer-no-try': { id: 'mem/user-buffer-no-try', short: 'ProbeForRead/Write or a user-buffer access outside __try/__except.', defaultSeverity: IRQL_RULE_SEVERITY['mem/user-buffer-no-try'] },
  'mem/lock-pages-access': { id: 'mem/lock-pages-access', short: 'MmProbeAndLockPages asks for write/modify access where only reads happen.', defaultSeverity: IRQL_RULE_SEVERITY['mem/lock-pages-access'] },
  'process/attached-current-process': { id: 'process/attached-current-process', short: 'PsGetCurrentProcess while attached to another process.', defaultSeverity: IRQL_RULE_SEVERITY['process/attached-current-process'] },
  'alloc/paged-at-dispatch': { id: 'alloc/paged-at-dispatch', short: 'Paged-pool allocation at DISPATCH_LEVEL or above.', defaultSeverity: IRQL_RULE_SEVERITY['alloc/paged-at-dispatch'] },
};

/** Where each rule is documented. The README has one heading per rule id (`### stack/large-frame`). */
export const README_URL = 'https://github.com/stacklens/stacklens/blob/main/README.md';

/** GitHub's heading anchor for a heading consisting of the rule id: `stack/large-frame` → `stacklarge-frame`. */
export function ruleAnchor(rule: RuleId): string {
  return rule.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

export function ruleHelpUri(rule: RuleId): string {
  return `${README_URL}#${ruleAnchor(rule)}`;
}
