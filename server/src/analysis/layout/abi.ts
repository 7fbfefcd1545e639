// Per-target data model and calling-convention facts for the three Windows targets.
//
// Sources (Microsoft documentation):
// - Data type sizes:     https://learn.microsoft.com/en-us/cpp/cpp/data-type-ranges
// - x64 conventions:     https://learn.microsoft.com/en-us/cpp/build/x64-calling-convention
// - x64 stack usage:     https://learn.microsoft.com/en-us/cpp/build/stack-usage
// - x64 type alignment:  https://learn.microsoft.com/en-us/cpp/build/x64-software-conventions
// - ARM64 conventions:   https://learn.microsoft.com/en-us/cpp/build/arm64-windows-abi-conventions
// - x86 conventions:     https://learn.microsoft.com/en-us/cpp/cpp/argument-passing-and-naming-conventions
// - /GS cookie:          https://learn.microsoft.com/en-us/cpp/build/reference/gs-buffer-security-check
// - struct alignment:    https://learn.microsoft.com/en-us/cpp/c-language/storage-and-alignment-of-structures
//
// The x86 MSVC data model aligns `double`, `long long` and `__int64` to 8 *inside structures*
// (natural alignment; /Zp8 default) while the x86 stack itself is only 4-byte aligned.

import type { Arch } from '../model';

export interface AbiInfo {
  arch: Arch;
  /** Pointers, `size_t`, `ULONG_PTR`, handles. */
  pointerSize: number;
  /** Default structure packing (/Zp): members align to min(natural, this). /Zp8 on x86 and ARM64, /Zp16 on x64
   *  (https://learn.microsoft.com/en-us/cpp/build/reference/zp-struct-member-alignment). No fundamental type is
   *  aligned above 8, so this only caps nothing in practice; `__declspec(align)` is never capped by packing. */
  defaultMaxFieldAlign: number;
  /** Stack pointer alignment at a call boundary. x86: 4; x64: 16 (x64-calling-convention "Stack allocation"); arm64: 16. */
  stackAlign: number;
  /** Size of one argument slot on the stack (x86 4, x64 8, arm64 8). */
  argSlotBytes: number;
  /** Integer/pointer arguments passed in registers (x86 __stdcall/__cdecl: 0; x64: RCX RDX R8 R9 = 4; arm64: X0-X7 = 8). */
  registerArgs: number;
  /** x64: the caller always reserves 32 bytes of "home" (shadow) space for the 4 register arguments. */
  homeAreaBytes: number;
  /** Bytes the return address occupies in the frame (x86/x64: pushed by CALL; arm64: LR saved with FP in the frame record of non-leaf functions). */
  returnAddressBytes: number;
  /** Saved frame pointer (x86 EBP: kernel x86 code is built with frame pointers; arm64 X29 in the frame record; x64 only when a frame pointer is established). */
  framePointerBytes: number;
  /** /GS security cookie slot size (pointer-sized, stack-aligned slot on x64/arm64). */
  gsCookieBytes: number;
  /** Callee-saved (non-volatile) general registers the prologue may have to save. */
  calleeSavedGprs: number;
  /**
   * Largest by-value aggregate passed directly in registers/slots; larger ones are copied by the
   * caller into its own frame and passed by pointer. x64: only 1, 2, 4, 8-byte aggregates pass by
   * value (x64-calling-convention "Parameter passing"); arm64: up to 16 bytes (arm64 conventions,
   * "Composite types larger than 16 bytes are passed by reference"); x86: all by value on the stack.
   */
  maxAggregateByValue: number;
}

export const ABI: Record<Arch, AbiInfo> = {
  x86: {
    arch: 'x86',
    pointerSize: 4,
    defaultMaxFieldAlign: 8,
    stackAlign: 4,
    argSlotBytes: 4,
    registerArgs: 0,
    homeAreaBytes: 0,
    returnAddressBytes: 4,
    framePointerBytes: 4,
    gsCookieBytes: 4,
    // EBX, ESI, EDI (EBP is the frame pointer, counted separately).
    calleeSavedGprs: 3,
    maxAggregateByValue: Number.POSITIVE_INFINITY,
  },
  x64: {
    arch: 'x64',
    pointerSize: 8,
    defaultMaxFieldAlign: 16,
    stackAlign: 16,
    argSlotBytes: 8,
    registerArgs: 4,
    homeAreaBytes: 32,
    returnAddressBytes: 8,
    // MSVC x64 establishes RBP only for alloca/dynamic alignment; it is then one more saved register.
    framePointerBytes: 0,
    gsCookieBytes: 8,
    // RBX, RBP, RDI, RSI, R12-R15 (x64 software conventions, "Register volatility").
    calleeSavedGprs: 8,
    maxAggregateByValue: 8,
  },
  arm64: {
    arch: 'arm64',
    pointerSize: 8,
    defaultMaxFieldAlign: 8,
    stackAlign: 16,
    argSlotBytes: 8,
    registerArgs: 8,
    homeAreaBytes: 0,
    returnAddressBytes: 8,
    framePointerBytes: 8,
    gsCookieBytes: 8,
    // X19-X28 (arm64 conventions, "Integer registers").
    calleeSavedGprs: 10,
    maxAggregateByValue: 16,
  },
};

export function abiFor(arch: Arch): AbiInfo {
  return ABI[arch];
}

export interface ScalarLayout {
  size: number;
  align: number;
}

type ScalarTable = Record<string, (arch: Arch) => ScalarLayout | null>;

const fixed = (size: number, align = size) => (): ScalarLayout => ({ size, align });
const ptrSized = (arch: Arch): ScalarLayout => ({ size: ABI[arch].pointerSize, align: ABI[arch].pointerSize });

/**
 * C/C++ fundamental types by canonical spelling (see `canonicalScalar`).
 * data-type-ranges: char 1, short 2, int 4, long 4 (LLP64 and ILP32), long long 8, float 4,
 * double 8, long double 8 (same representation as double in MSVC), bool 1, wchar_t 2.
 */
const SCALARS: ScalarTable = {
  char: fixed(1),
  'signed char': fixed(1),
  'unsigned char': fixed(1),
  short: fixed(2),
  'unsigned short': fixed(2),
  int: fixed(4),
  'unsigned int': fixed(4),
  long: fixed(4),
  'unsigned long': fixed(4),
  'long long': fixed(8),
  'unsigned long long': fixed(8),
  float: fixed(4),
  double: fixed(8),
  'long double': fixed(8),
  bool: fixed(1),
  _Bool: fixed(1),
  wchar_t: fixed(2),
  __wchar_t: fixed(2),
  char8_t: fixed(1),
  char16_t: fixed(2),
  char32_t: fixed(4),
  __int8: fixed(1),
  'unsigned __int8': fixed(1),
  __int16: fixed(2),
  'unsigned __int16': fixed(2),
  __int32: fixed(4),
  'unsigned __int32': fixed(4),
  __int64: fixed(8),
  'unsigned __int64': fixed(8),
  // MSVC has no 128-bit integer type (data-type-ranges lists none): report unknown.
  __int128: () => null,
  'unsigned __int128': () => null,
  // Standard library typedefs that need no header in the workspace (vcruntime.h / stdint.h).
  size_t: ptrSized,
  ptrdiff_t: ptrSized,
  intptr_t: ptrSized,
  uintptr_t: ptrSized,
  ssize_t: ptrSized,
  rsize_t: ptrSized,
  nullptr_t: ptrSized,
  'std::nullptr_t': ptrSized,
  int8_t: fixed(1),
  uint8_t: fixed(1),
  int16_t: fixed(2),
  uint16_t: fixed(2),
  int32_t: fixed(4),
  uint32_t: fixed(4),
  int64_t: fixed(8),
  uint64_t: fixed(8),
};

const SCALAR_WORDS = new Set([
  'signed', 'unsigned', 'short', 'long', 'int', 'char', 'double', 'float', 'bool', '_Bool',
  '__int8', '__int16', '__int32', '__int64', '__int128', 'wchar_t', '__wchar_t', 'void',
]);

/**
 * Canonical spelling of a fundamental type written with any keyword order
 * (`long unsigned int` → `unsigned long`, `signed` → `int`, `short int` → `short`).
 * Returns null when the spelling is not a combination of fundamental keywords.
 */
export function canonicalScalar(spelling: string): string | null {
  const words = spelling.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return null;
  if (words.length === 1 && SCALARS[words[0]] !== undefined) return words[0];
  if (!words.every((w) => SCALAR_WORDS.has(w))) return null;
  let unsigned = false;
  let signed = false;
  let longs = 0;
  let short = false;
  let core: string | null = null;
  for (const w of words) {
    if (w === 'unsigned') unsigned = true;
    else if (w === 'signed') signed = true;
    else if (w === 'long') longs++;
    else if (w === 'short') short = true;
    else if (w === 'int') {
      if (core === null) core = 'int';
    } else {
      if (core !== null && core !== 'int') return null;
      core = w;
    }
  }
  if (core === 'void') return words.length === 1 ? 'void' : null;
  if (core === 'double') return longs === 1 ? 'long double' : longs === 0 ? 'double' : null;
  if (core === 'char') {
    if (longs || short) return null;
    return unsigned ? 'unsigned char' : signed ? 'signed char' : 'char';
  }
  if (core && core.startsWith('__int') && core !== 'int') {
    if (longs || short) return null;
    return unsigned ? `unsigned ${core}` : core;
  }
  if (core && core !== 'int') return longs || short || unsigned || signed ? null : core;
  let base = 'int';
  if (short) base = 'short';
  else if (longs === 1) base = 'long';
  else if (longs === 2) base = 'long long';
  else if (longs > 2) return null;
  return unsigned ? `unsigned ${base}` : base;
}

/**
 * Size/alignment of a fundamental type, `undefined` when the spelling is not fundamental,
 * `null` when it is fundamental but has no size on this target (void, __int128 under MSVC).
 */
export function scalarLayout(spelling: string, arch: Arch): ScalarLayout | null | undefined {
  const canon = canonicalScalar(spelling);
  if (canon === null) return undefined;
  if (canon === 'void') return null;
  const f = SCALARS[canon];
  return f ? f(arch) : undefined;
}

/** Whether a canonical fundamental type is unsigned (for constant-expression semantics). */
export function isUnsignedScalar(spelling: string): boolean {
  const c = canonicalScalar(spelling);
  if (!c) return false;
  return c.startsWith('unsigned') || c === 'bool' || c === '_Bool' || c === 'size_t' || c === 'uintptr_t' || c.startsWith('uint') || c === 'wchar_t' || c === 'char16_t' || c === 'char32_t';
}
