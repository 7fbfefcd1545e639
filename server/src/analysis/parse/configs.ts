// The six build configurations every file is read in at once: {free, checked} × {x86, x64, arm64}.
// A set of configurations is a 6-bit mask; conditional regions of the source carry the mask of
// the configurations in which they are compiled, and items inside get the matching `Cond`.

import { ARCHES, type Arch, type Cond } from '../model';
import type { MacroInfo } from './condEval';

export const CONFIG_COUNT = 6;
export const FULL_MASK = 0b111111;
/** Configurations with DBG defined (checked builds). */
export const DBG_MASK = 0b111000;
export const FREE_MASK = 0b000111;

export function configIndex(dbg: boolean, arch: number): number {
  return (dbg ? 3 : 0) + arch;
}
export function configIsDbg(config: number): boolean {
  return config >= 3;
}
export function configArch(config: number): Arch {
  return ARCHES[config % 3];
}
/** The configuration whose branch is kept when two branches of one conditional cannot both be parsed. */
export const PRIMARY_CONFIG = configIndex(false, 1); // free x64

/** Arch macros (MSVC predefined `_M_*`/`_WIN64`, WDK `_AMD64_`-style): which targets define them. */
const ARCH_MACROS: Record<string, readonly Arch[]> = {
  _WIN64: ['x64', 'arm64'],
  _WIN32: ['x86', 'x64', 'arm64'],
  _AMD64_: ['x64'],
  _M_AMD64: ['x64'],
  _M_X64: ['x64'],
  AMD64: ['x64'],
  _AMD64: ['x64'],
  _X86_: ['x86'],
  _M_IX86: ['x86'],
  i386: ['x86'],
  _X86: ['x86'],
  _ARM64_: ['arm64'],
  _M_ARM64: ['arm64'],
  ARM64: ['arm64'],
  _ARM64: ['arm64'],
  // Targets StackLens does not model: never defined.
  _ARM_: [],
  _M_ARM: [],
  _IA64_: [],
  _M_IA64: [],
  _M_ARM64EC: [],
  _ARM64EC_: [],
};

export function isConfigMacro(name: string): boolean {
  return name === 'DBG' || Object.prototype.hasOwnProperty.call(ARCH_MACROS, name);
}

/** What the configuration itself says about a macro; undefined when it says nothing. */
export function builtinMacro(name: string, config: number, language: 'c' | 'cpp'): MacroInfo | undefined {
  if (name === 'DBG') return configIsDbg(config) ? { defined: true, value: 1 } : { defined: false, value: 0 };
  const arches = Object.prototype.hasOwnProperty.call(ARCH_MACROS, name) ? ARCH_MACROS[name] : undefined;
  if (arches) {
    const on = arches.includes(configArch(config));
    return on ? { defined: true, value: 1 } : { defined: false, value: 0 };
  }
  if (name === '__cplusplus') return language === 'cpp' ? { defined: true, value: 199711 } : { defined: false, value: 0 };
  if (name === '_MSC_VER' || name === '_MSC_EXTENSIONS') return { defined: true, value: null };
  return undefined;
}

/** The Cond describing a configuration mask (projections when the set is not a product). */
export function maskToCond(mask: number): Cond | undefined {
  if (mask === FULL_MASK || mask === 0) return undefined;
  const cond: Cond = {};
  const dbgPart = mask & DBG_MASK;
  const freePart = mask & FREE_MASK;
  if (dbgPart !== 0 && freePart === 0) cond.dbg = true;
  else if (dbgPart === 0 && freePart !== 0) cond.dbg = false;
  const arches: Arch[] = [];
  for (let a = 0; a < 3; a++) if (mask & ((1 << a) | (1 << (a + 3)))) arches.push(ARCHES[a]);
  if (arches.length < 3) cond.arches = arches;
  return cond.dbg === undefined && cond.arches === undefined ? undefined : cond;
}
