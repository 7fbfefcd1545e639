// Which architecture a pasted stack comes from, and how we know. Order of evidence:
//   1. the user said so (--arch / panel setting)                         → 'user'
//   2. arm64 named by registers (x29/fp/lr) or the prompt/.effmach       → 'registers' / 'prompt'
//   3. address width of the frame columns: 8 digits x86, 16 digits 64-bit → 'address-width'
//      (a 64-bit stack with arm64-only symbols is arm64                   → 'symbols')
//   4. x86/x64 register dumps or prompt suffixes                          → 'registers' / 'prompt'
//   5. symbols that exist on one architecture only (KiTrap0E, KiSystemServiceCopyEnd) → 'symbols'
//   6. otherwise x64, the settings' default target                        → 'default'

import type { DraftStack } from './draft';
import type { StackArch } from './model';

export interface ArchDecision {
  arch: StackArch;
  source: string;
}

// Kernel entry points that exist on only one architecture (trap and system-call stubs).
const X86_ONLY = /^(?:KiTrap[0-9A-Fa-f]{2}|KiFastCallEntry|KiSystemCallExit2?|KiServiceExit2?|KiFastSystemCall(?:Ret)?|KiIntSystemCall|KiThreadStartup)$/;
const X64_ONLY = /^(?:KiSystemServiceCopyEnd|KiSystemServiceCopyStart|KiSystemCall64(?:Shadow)?|KiPageFault|KiDoubleFaultAbort|KxStartSystemThread|KiGeneralProtectionFault|KiBreakpointTrap)$/;
const ARM64_ONLY = /Arm64|^HalpGic/;
// `_NtfsFsdRead@8`: stdcall decoration only exists in 32-bit x86 symbols.
const STDCALL_DECORATED = /^_[A-Za-z_]\w*@\d+$/;

function symbolsArch(d: DraftStack): StackArch | null {
  let x86 = 0;
  let x64 = 0;
  let arm = 0;
  const n = Math.min(d.frames.length, 2000);
  for (let i = 0; i < n; i++) {
    const s = d.frames[i].callSite.symbol;
    if (!s) continue;
    if (ARM64_ONLY.test(s)) arm++;
    else if (X64_ONLY.test(s)) x64++;
    else if (X86_ONLY.test(s) || STDCALL_DECORATED.test(s)) x86++;
  }
  if (arm) return 'arm64';
  if (x64 > x86) return 'x64';
  if (x86 > x64) return 'x86';
  return null;
}

function addressWidth(d: DraftStack): 8 | 16 | null {
  let w8 = 0;
  let w16 = 0;
  for (const f of d.frames) {
    if (f.sp) f.sp.width === 8 ? w8++ : w16++;
    if (f.ret) f.ret.width === 8 ? w8++ : w16++;
  }
  const t = d.thread;
  if (t) for (const a of [t.base, t.limit]) if (a) (a.width === 8 ? w8++ : w16++);
  if (!w8 && !w16) return null;
  return w16 >= w8 ? 16 : 8;
}

export function decideArch(d: DraftStack, user?: StackArch): ArchDecision {
  if (user) return { arch: user, source: 'user' };
  const armHint = d.archHints.find((h) => h.arch === 'arm64');
  if (armHint) return { arch: 'arm64', source: armHint.source };
  const width = addressWidth(d);
  if (width === 8) return { arch: 'x86', source: 'address-width' };
  if (width === 16) {
    return symbolsArch(d) === 'arm64' ? { arch: 'arm64', source: 'symbols' } : { arch: 'x64', source: 'address-width' };
  }
  const hint = d.archHints.find((h) => h.source === 'registers') ?? d.archHints[0];
  if (hint) return { arch: hint.arch, source: hint.source };
  const bySymbols = symbolsArch(d);
  if (bySymbols) return { arch: bySymbols, source: 'symbols' };
  return { arch: 'x64', source: 'default' };
}

/** Words for the text output: "from the address width (16 hex digits)". */
export function describeArchSource(source: string, arch: StackArch): string {
  switch (source) {
    case 'user':
      return 'set by the user';
    case 'address-width':
      return arch === 'x86' ? 'from the address width (8 hex digits)' : 'from the address width (16 hex digits)';
    case 'registers':
      return 'from the register names';
    case 'prompt':
      return 'from the debugger prompt / effective machine';
    case 'symbols':
      return `from symbols that exist only on ${arch}`;
    default:
      return 'no evidence in the paste; default target';
  }
}
