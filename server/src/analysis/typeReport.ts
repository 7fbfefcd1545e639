// TypeReport rows for the record types a file defines, with the other targets' layouts computed
// when read: the engine needs the configured target eagerly (stack/dbg-growth), while the sizes
// for all three targets are only read by `analyze --format json`.

import type { Arch, BuildConfig, RecordDecl } from './model';
import { ARCHES } from './model';
import type { TypeReport } from './results';
import type { SizeAlign } from './typeEngine';

type Layout = (arch: Arch, config: BuildConfig) => SizeAlign;

/** True when a member (here or in a member defined in place) exists only in one configuration. */
export function hasDbgMembers(r: RecordDecl, depth = 0): boolean {
  if (depth > 32) return false;
  return r.fields.some((f) => f.cond?.dbg !== undefined || (f.inline ? hasDbgMembers(f.inline, depth + 1) : false));
}

export class RecordTypeReport implements TypeReport {
  private free?: Record<Arch, SizeAlign>;
  private chk?: Record<Arch, SizeAlign>;

  constructor(
    readonly name: string,
    readonly file: string,
    /** 1-based line of the definition. */
    readonly line: number,
    private readonly layout: Layout,
    /** DBG changes the size (decided on the target, or from DBG-only members). */
    private readonly dbgChanges: boolean,
  ) {}

  private table(config: BuildConfig): Record<Arch, SizeAlign> {
    const t = {} as Record<Arch, SizeAlign>;
    for (const a of ARCHES) t[a] = this.layout(a, config);
    return t;
  }

  get size(): Record<Arch, number | null> {
    this.free ??= this.table('free');
    return { x86: this.free.x86.size, x64: this.free.x64.size, arm64: this.free.arm64.size };
  }

  get align(): Record<Arch, number | null> {
    this.free ??= this.table('free');
    return { x86: this.free.x86.align, x64: this.free.x64.align, arm64: this.free.arm64.align };
  }

  get sizeChecked(): Record<Arch, number | null> | undefined {
    if (!this.dbgChanges) return undefined;
    this.chk ??= this.table('checked');
    return { x86: this.chk.x86.size, x64: this.chk.x64.size, arm64: this.chk.arm64.size };
  }

  toJSON(): TypeReport {
    const out: TypeReport = { name: this.name, file: this.file, line: this.line, size: this.size, align: this.align };
    const checked = this.sizeChecked;
    if (checked) out.sizeChecked = checked;
    return out;
  }
}
