// Kernel stack limits per target, and the share of it a driver's own call chain may use.
//
// Sources (checked against the WDK 10 headers, km/ntddk.h, which defines the constants per
// architecture block `#ifdef _X86_` / `#ifdef _AMD64_` / `#if defined(_ARM64_)`):
//   x86   KERNEL_STACK_SIZE 12288 (12 KiB),  KERNEL_LARGE_STACK_SIZE 61440 (60 KiB)
//   x64   KERNEL_STACK_SIZE 0x6000 (24 KiB), KERNEL_LARGE_STACK_SIZE 0x12000 (72 KiB)
//   arm64 KERNEL_STACK_SIZE 0x8000 (32 KiB), KERNEL_LARGE_STACK_SIZE 0x12000 (72 KiB)
// The x86/x64 figures are also stated in Microsoft's driver tip "How do I keep my driver from
// running out of kernel-mode stack?"
// (https://learn.microsoft.com/en-us/previous-versions/windows/hardware/design/dn613940(v=vs.85)).
// The ARM64 header carries a comment that the value was raised temporarily; it is what the WDK
// ships, so it is what we use, and the source text says so.

import type { Arch } from './model';
import type { StackLensSettings } from './settings';

export interface PlatformStack {
  arch: Arch;
  /** The default kernel thread stack (KERNEL_STACK_SIZE). */
  stackBytes: number;
  /** Large stacks of GUI threads / KeExpandKernelStackAndCallout (KERNEL_LARGE_STACK_SIZE). */
  largeStackBytes: number;
  /** Where the figures come from, shown in hovers and the README. */
  source: string;
}

const NTDDK = 'WDK 10 km/ntddk.h';
const STACK_TIP =
  'https://learn.microsoft.com/en-us/previous-versions/windows/hardware/design/dn613940(v=vs.85)';

export const PLATFORM_STACKS: Readonly<Record<Arch, PlatformStack>> = {
  x86: {
    arch: 'x86',
    stackBytes: 12288,
    largeStackBytes: 61440,
    source: `KERNEL_STACK_SIZE / KERNEL_LARGE_STACK_SIZE under _X86_ in ${NTDDK}; ${STACK_TIP}`,
  },
  x64: {
    arch: 'x64',
    stackBytes: 0x6000,
    largeStackBytes: 0x12000,
    source: `KERNEL_STACK_SIZE / KERNEL_LARGE_STACK_SIZE under _AMD64_ in ${NTDDK}; ${STACK_TIP}`,
  },
  arm64: {
    arch: 'arm64',
    stackBytes: 0x8000,
    largeStackBytes: 0x12000,
    source: `KERNEL_STACK_SIZE / KERNEL_LARGE_STACK_SIZE under _ARM64_ in ${NTDDK} (the header notes the value was raised for ARM64)`,
  },
};

export function platformStack(arch: Arch): PlatformStack {
  return PLATFORM_STACKS[arch];
}

export interface DriverBudget {
  bytes: number;
  /** Human-readable origin: "1/3 of the 24,576 B x64 kernel stack" or "driverBudgetBytes setting". */
  source: string;
}

/**
 * The bytes the driver's own deepest chain may use on `arch`. The kernel stack is shared with the
 * I/O manager, filters and file systems above the driver (seed 002), so by default the driver gets
 * `driverBudgetShare` of it; an explicit `driverBudgetBytes[arch]` wins.
 */
export function driverBudget(arch: Arch, settings: StackLensSettings): DriverBudget {
  const explicit = settings.driverBudgetBytes?.[arch];
  if (typeof explicit === 'number' && explicit > 0 && Number.isFinite(explicit)) {
    return { bytes: Math.floor(explicit), source: `the stacklens driverBudgetBytes.${arch} setting` };
  }
  const platform = PLATFORM_STACKS[arch];
  const share = settings.driverBudgetShare > 0 && settings.driverBudgetShare <= 1 ? settings.driverBudgetShare : 1 / 3;
  return {
    bytes: Math.floor(platform.stackBytes * share),
    source: `${formatShare(share)} of the ${formatBytes(platform.stackBytes)} ${arch} kernel stack`,
  };
}

/** `1/3`, `1/2`, `25 %`: a readable share. */
export function formatShare(share: number): string {
  for (const d of [2, 3, 4, 5, 6, 8, 10]) {
    const n = Math.round(share * d);
    if (n > 0 && Math.abs(n / d - share) < 1e-9) return `${n}/${d}`;
  }
  return `${Math.round(share * 100)} %`;
}

/** `12,288 B`. */
export function formatBytes(n: number): string {
  return `${formatNumber(n)} B`;
}

/** Thousands separators, locale-independent (tests and CI logs must not depend on the locale). */
export function formatNumber(n: number): string {
  const neg = n < 0;
  const s = String(Math.round(Math.abs(n)));
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ',';
    out += s[i];
  }
  return neg ? '-' + out : out;
}

/** `24 KiB` for whole KiB, else bytes. */
export function formatKiB(n: number): string {
  return n % 1024 === 0 ? `${n / 1024} KiB` : formatBytes(n);
}
