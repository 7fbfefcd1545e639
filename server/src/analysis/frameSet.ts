// A function's frame estimates per target and configuration, computed on first use. The engine
// needs the configured target (free and checked) for every function; the other targets only for
// the functions someone hovers, or for a worst-path list requested for another target. Six
// eager estimates per function would triple the work and the memory of a large workspace.

import type { Arch, BuildConfig } from './model';
import { ARCHES } from './model';
import type { FrameEstimate } from './results';

export class FrameSet {
  private readonly cache = new Map<string, FrameEstimate>();

  constructor(private readonly compute: (arch: Arch, config: BuildConfig) => FrameEstimate) {}

  get(arch: Arch, config: BuildConfig): FrameEstimate {
    const k = arch + config;
    let e = this.cache.get(k);
    if (!e) {
      e = this.compute(arch, config);
      this.cache.set(k, e);
    }
    return e;
  }

  has(arch: Arch, config: BuildConfig): boolean {
    return this.cache.has(arch + config);
  }
}

/**
 * `FunctionReport.frames` backed by a FrameSet: `frames.x86.checked` is estimated when read.
 * Own enumerable getters, so the object still serialises like plain data.
 */
export function lazyFrames(set: FrameSet): Record<Arch, Record<BuildConfig, FrameEstimate>> {
  const out = {} as Record<Arch, Record<BuildConfig, FrameEstimate>>;
  for (const arch of ARCHES) {
    const perConfig = {} as Record<BuildConfig, FrameEstimate>;
    for (const config of ['free', 'checked'] as BuildConfig[]) {
      Object.defineProperty(perConfig, config, { enumerable: true, get: () => set.get(arch, config) });
    }
    out[arch] = perConfig;
  }
  return out;
}
