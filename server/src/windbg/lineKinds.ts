// Recognisers for the non-frame lines that shape a paste: debugger prompts, `k` column headers,
// `!thread` blocks, `!analyze -v` sections, warnings and register dumps. Each is a cheap test
// on one cleaned line; the builder decides what they mean for the current stack.

import { type Addr, parseAnyAddress } from './addresses';
import type { Layout } from './frameLine';
import type { StackArch } from './model';

// `0: kd> kb`, `kd> k`, `lkd> kn`, `0:000> k`, `0:000:x86> k`, `1: kd:ARM64> k`
const PROMPT = /^(?:\d{1,4}:\s*)?(?:l?kd|\d{1,4}:[0-9a-fA-F]{1,6})(?::([A-Za-z0-9_]{2,10}))?>\s?(.*)$/;

export interface Prompt {
  /** The prompt line as shown (trimmed, capped). */
  title: string;
  /** The command typed after it. */
  command: string;
  /** Layout implied by a `k` command's letters, or null for other commands. */
  layout: Layout | null;
  /** Effective machine named in the prompt (`:x86`, `:ARM64`). */
  arch: StackArch | null;
  /** The command switches register context (`.thread`, `.trap`, `.cxr`, `.tss`, `~1s`, ...). */
  changesContext: boolean;
}

export function machineArch(name: string): StackArch | null {
  const m = name.toLowerCase();
  if (m === 'x86' || m === 'i386') return 'x86';
  if (m === 'x64' || m === 'amd64') return 'x64';
  if (m === 'arm64' || m === 'aarch64' || m === 'arm64ec') return 'arm64';
  return null;
}

export function parsePrompt(text: string): Prompt | null {
  if (text.indexOf('>') < 0) return null;
  const m = PROMPT.exec(text);
  if (!m) return null;
  const command = m[2].trim();
  let layout: Layout | null = null;
  // `k`, `kb`, `kv`, `kp`, `kP`, `kn`, `kf`, `knf`, `kc`, `kcf`, `kbn 100`, `k = ...` (not `kd`: raw words)
  const k = /^k([bvpPnfcLMi]*)(?=$|\s|=)/.exec(command);
  if (k) {
    const letters = k[1];
    layout = {
      numbers: letters.includes('n'),
      memory: letters.includes('f'),
      addresses: !letters.includes('c'),
    };
  }
  return {
    title: text.length > 200 ? text.slice(0, 200) + '…' : text,
    command,
    layout,
    arch: m[1] ? machineArch(m[1]) : null,
    changesContext: /^[.~]/.test(command) && !/^\.(?:frame|echo|reload|sympath|symfix|lines)\b/.test(command),
  };
}

/** `ChildEBP RetAddr`, ` # Child-SP RetAddr Call Site`, `Memory Call Site`, ... */
export function parseHeader(text: string): Layout | null {
  if (text.indexOf('!') >= 0) return null;
  if (!/(?:ChildEBP|Child-SP|RetAddr|Call Site)/.test(text)) return null;
  return {
    numbers: text.startsWith('#'),
    memory: /\bMemory\b/.test(text),
    addresses: /ChildEBP|Child-SP/.test(text),
  };
}

/** `THREAD 87dca350  Cid 0420.0990 ...` → `87dca350`. */
export function parseThreadLine(text: string): string | null {
  const m = /^THREAD\s+([0-9a-fA-F`]{8,17})(?:\s|$)/.exec(text);
  return m ? m[1] : null;
}

export interface ThreadStackInfo {
  init?: Addr;
  current?: Addr;
  base?: Addr;
  limit?: Addr;
}

const ADDR = '([0-9a-fA-F`]{8,17})';
const STACK_INIT = new RegExp(`^Stack Init\\s+${ADDR}(?:\\s+Current\\s+${ADDR})?`);
const BASE_LIMIT = new RegExp(`(?:^|\\s)Base\\s+${ADDR}\\s+Limit\\s+${ADDR}`);

/** `Stack Init b8cba000 Current b8cb7c64 Base b8cba000 Limit b8cb7000 Call 0` (one line or two). */
export function parseThreadStackLine(text: string): ThreadStackInfo | null {
  if (!text.startsWith('Stack Init') && !text.startsWith('Base')) return null;
  const init = STACK_INIT.exec(text);
  const bl = BASE_LIMIT.exec(text);
  if (!init && !(bl && bl.index === 0)) return null;
  const out: ThreadStackInfo = {};
  const set = (k: keyof ThreadStackInfo, v: string | undefined): void => {
    const a = v ? parseAnyAddress(v) : null;
    if (a) out[k] = a;
  };
  if (init) {
    set('init', init[1]);
    set('current', init[2]);
  }
  if (bl) {
    set('base', bl[1]);
    set('limit', bl[2]);
  }
  return out;
}

export function isStackTextHeader(text: string): boolean {
  return text.startsWith('STACK_TEXT:');
}

/** `!analyze -v` key lines (`BUGCHECK_STR:`, `TRAP_FRAME:`, `FOLLOWUP_IP:`): not stack text. */
export function isAnalyzeKey(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c < 65 || c > 90 || text.indexOf(':') < 0) return false;
  return /^[A-Z][A-Z0-9_]{2,}:(?:\s|$)/.test(text) && !/^(?:WARNING|ERROR|NOTE):/.test(text);
}

/** Debugger remarks worth keeping beside the stack (never frames). */
export function warningText(text: string): string | null {
  // First-letter gate: this runs on every line, the regexes only on candidates.
  const c = text.charCodeAt(0) | 32;
  if (c !== 119 /* w */ && c !== 42 /* * */ && c !== 60 /* < */ && c !== 117 /* u */ && c !== 107 /* k */ && c !== 102 /* f */) return null;
  if (/^WARNING:/i.test(text)) return text;
  if (/^\*\*\*/.test(text)) return /ERROR|WARNING/i.test(text) ? text.replace(/^\*+\s*/, '').replace(/\s*\*+$/, '') : null;
  if (/^<Intermediate frames may have been skipped/i.test(text)) return text;
  if (/^(?:Unable to |Kernel stack not resident|Frame IP not in any known module)/i.test(text)) return text;
  return null;
}

export interface RegisterInfo {
  sp: Addr | null;
  arch: StackArch | null;
}

/** Register dumps: `eax=... esp=b8cb7000`, `rsp=fffff880...`, arm64 `fp=... lr=... sp=...`. */
export function parseRegisters(text: string): RegisterInfo | null {
  if (text.indexOf('=') < 0) return null;
  const arm = /\b(?:x29|x28|fp|lr)=[0-9a-fA-F]/.test(text);
  const x86 = /\b(?:eax|ebx|esp|ebp|eip)=[0-9a-fA-F]{8}\b/.test(text);
  const x64 = /\b(?:rax|rbx|rsp|rbp|rip)=[0-9a-fA-F]{16}\b/.test(text);
  if (!arm && !x86 && !x64) return null;
  let sp: Addr | null = null;
  const m = x64 ? /\brsp=([0-9a-fA-F]{16})\b/.exec(text) : x86 ? /\besp=([0-9a-fA-F]{8})\b/.exec(text) : /\bsp=([0-9a-fA-F`]{16,17})\b/.exec(text);
  if (m) sp = parseAnyAddress(m[1]);
  return { sp, arch: arm ? 'arm64' : x64 ? 'x64' : 'x86' };
}

/** `Effective machine: ARM 64-bit (AArch64) (arm64)` from `.effmach`. */
export function parseEffectiveMachine(text: string): StackArch | null {
  const m = /^Effective machine:.*\((\w+)\)\s*$/i.exec(text);
  return m ? machineArch(m[1]) : null;
}
