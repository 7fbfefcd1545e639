// A function's frame estimates per target and configuration, computed on first use and kept
// compact. The engine needs the configured target (free and checked) for every function; the
// other targets only for the functions someone hovers, or for a worst-path list requested for
// another target. And of an estimate, the passes over the whole workspace need only the totals:
// the breakdown (`items`, `unknown`) is what hovers and messages read for a handful of functions,
// so it is dropped after the totals are taken and recomputed on demand (a small LRU keeps the
// recent ones). On the 1.36 M-line corpus this keeps frames at a few MB instead of ~75 MB.

import type { Arch, BuildConfig } from './model';
import type { FrameEstimate, FrameItem } from './results';

type Compute = (arch: Arch, config: BuildConfig) => FrameEstimate;

const RECENT_LIMIT = 512;
const recent = new Map<CompactFrameEstimate, FrameEstimate>();

/** A FrameEstimate whose breakdown is recomputed when read. */
export class CompactFrameEstimate implements FrameEstimate {
  readonly arch: Arch;
  readonly config: BuildConfig;
  readonly bytes: number | null;
  readonly knownBytes: number;
  readonly dynamic: boolean;

  constructor(full: FrameEstimate, private readonly compute: Compute) {
    this.arch = full.arch;
    this.config = full.config;
    this.bytes = full.bytes;
    this.knownBytes = full.knownBytes;
    this.dynamic = full.dynamic;
    remember(this, full);
  }

  private full(): FrameEstimate {
    let f = recent.get(this);
    if (f) {
      recent.delete(this);
      recent.set(this, f);
      return f;
    }
    f = this.compute(this.arch, this.config);
    remember(this, f);
    return f;
  }

  get items(): FrameItem[] {
    return this.full().items;
  }

  get unknown(): string[] {
    return this.full().unknown;
  }

  toJSON(): FrameEstimate {
    return { arch: this.arch, config: this.config, bytes: this.bytes, knownBytes: this.knownBytes, dynamic: this.dynamic, items: this.items, unknown: this.unknown };
  }
}

function remember(key: CompactFrameEstimate, full: FrameEstimate): void {
  recent.set(key, full);
  if (recent.size > RECENT_LIMIT) recent.delete(recent.keys().next().value as CompactFrameEstimate);
}

export class FrameSet {
  private readonly cache: (CompactFrameEstimate | undefined)[] = [];

  constructor(private readonly compute: Compute) {}

  get(arch: Arch, config: BuildConfig): FrameEstimate {
    const k = (arch === 'x86' ? 0 : arch === 'x64' ? 2 : 4) + (config === 'free' ? 0 : 1);
    let e = this.cache[k];
    if (!e) {
      e = new CompactFrameEstimate(this.compute(arch, config), this.compute);
      this.cache[k] = e;
    }
    return e;
  }
}

class ArchFrames implements Record<BuildConfig, FrameEstimate> {
  constructor(private readonly set: FrameSet, private readonly arch: Arch) {}
  get free(): FrameEstimate {
    return this.set.get(this.arch, 'free');
  }
  get checked(): FrameEstimate {
    return this.set.get(this.arch, 'checked');
  }
  toJSON(): Record<BuildConfig, FrameEstimate> {
    return { free: this.free, checked: this.checked };
  }
}

/** `FunctionReport.frames` backed by a FrameSet: `frames.x86.checked` is estimated when read. */
export class FramesView implements Record<Arch, Record<BuildConfig, FrameEstimate>> {
  constructor(private readonly set: FrameSet) {}
  get x86(): Record<BuildConfig, FrameEstimate> {
    return new ArchFrames(this.set, 'x86');
  }
  get x64(): Record<BuildConfig, FrameEstimate> {
    return new ArchFrames(this.set, 'x64');
  }
  get arm64(): Record<BuildConfig, FrameEstimate> {
    return new ArchFrames(this.set, 'arm64');
  }
  toJSON(): Record<Arch, Record<BuildConfig, FrameEstimate>> {
    return { x86: this.x86, x64: this.x64, arm64: this.arm64 };
  }
}
