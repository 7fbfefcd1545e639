// A function's frame estimates per target and configuration, computed on first use and kept
// compact. The engine needs the configured target (free and checked) for every function; the
// other targets only for the functions someone hovers, or for a worst-path list requested for
// another target. And of an estimate, the passes over the whole workspace need only the totals:
// the breakdown (`items`, `unknown`) is what hovers and messages read for a handful of functions,
// so only the totals are computed up front (no labels built) and the breakdown is computed on
// demand (a small LRU keeps the recent ones). On the 1.36 M-line corpus this keeps frames at a
// few MB instead of ~75 MB.
// Most functions read nothing that differs under DBG (FrameTotals.sameInOtherConfig): their
// checked figures are the free ones, without a second estimate.

import type { Arch, BuildConfig, FileSummary, FunctionDecl } from './model';
import type { FrameEstimate, FrameItem } from './results';
import type { FrameTotals } from './frame/frameEstimate';

/**
 * Computes a definition's figures and full estimates. One per workspace, shared by every FrameSet:
 * a pair of closures per function (and their context) cost ~2 MB on Windows-driver-samples.
 */
export interface FrameEstimator {
  totals(fn: FunctionDecl, summary: FileSummary, arch: Arch, config: BuildConfig): FrameTotals;
  estimate(fn: FunctionDecl, summary: FileSummary, arch: Arch, config: BuildConfig): FrameEstimate;
}

const RECENT_LIMIT = 512;
const recent = new Map<CompactFrameEstimate, FrameEstimate>();

/** A FrameEstimate whose breakdown is recomputed when read. */
export class CompactFrameEstimate implements FrameEstimate {
  readonly arch: Arch;
  readonly config: BuildConfig;
  readonly bytes: number | null;
  readonly knownBytes: number;
  readonly dynamic: boolean;

  constructor(arch: Arch, config: BuildConfig, totals: Pick<FrameEstimate, 'bytes' | 'knownBytes' | 'dynamic'>, private readonly set: FrameSet) {
    this.arch = arch;
    this.config = config;
    this.bytes = totals.bytes;
    this.knownBytes = totals.knownBytes;
    this.dynamic = totals.dynamic;
  }

  private full(): FrameEstimate {
    let f = recent.get(this);
    if (f) {
      recent.delete(this);
      recent.set(this, f);
      return f;
    }
    f = this.set.estimate(this.arch, this.config);
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
  /**
   * Per target and configuration (2 × arch + config). Sized up front: an empty array written at
   * index 0 grows to 16 slots, ~1.2 MB more over Windows-driver-samples' 14,584 functions.
   */
  private readonly cache: (CompactFrameEstimate | undefined)[] = new Array<CompactFrameEstimate | undefined>(6);
  /** Bit per target: its estimate read nothing configuration-dependent (free = checked). */
  private sameConfigs = 0;

  /** `estimator.totals` gives the figures of `fn`, `estimator.estimate` the full estimate with its breakdown (same figures). */
  constructor(
    private readonly estimator: FrameEstimator,
    private readonly fn: FunctionDecl,
    private readonly summary: FileSummary,
  ) {}

  /** The full estimate, with its breakdown (CompactFrameEstimate reads it on demand). */
  estimate(arch: Arch, config: BuildConfig): FrameEstimate {
    return this.estimator.estimate(this.fn, this.summary, arch, config);
  }

  get(arch: Arch, config: BuildConfig): FrameEstimate {
    const a = arch === 'x86' ? 0 : arch === 'x64' ? 1 : 2;
    const k = 2 * a + (config === 'free' ? 0 : 1);
    let e = this.cache[k];
    if (!e) {
      const other = this.cache[k ^ 1];
      if (other && this.sameConfigs & (1 << a)) e = new CompactFrameEstimate(arch, config, other, this);
      else {
        const t = this.estimator.totals(this.fn, this.summary, arch, config);
        if (t.sameInOtherConfig) this.sameConfigs |= 1 << a;
        e = new CompactFrameEstimate(arch, config, t, this);
      }
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
