// The per-module table of seed 002: bytes per module over the frames counted against the limit,
// each module's share of the known bytes, and how many of its frames had no size (so its sum
// is a lower bound). Modules whose frames are all of unknown size are left out: their bytes are
// unknown, not zero.

import type { ModuleShare } from './model';

export interface ModuleFrame {
  module: string | null;
  bytes: number | null;
}

/** Frames with no module (bare addresses) are grouped under this name. */
export const NO_MODULE = '(no module)';

export function moduleTable(frames: readonly ModuleFrame[], counted: (i: number) => boolean): ModuleShare[] {
  const byName = new Map<string, { bytes: number; frames: number; unknown: number; known: number }>();
  let total = 0;
  for (let i = 0; i < frames.length; i++) {
    if (!counted(i)) continue;
    const f = frames[i];
    const name = f.module ?? NO_MODULE;
    let m = byName.get(name);
    if (!m) {
      m = { bytes: 0, frames: 0, unknown: 0, known: 0 };
      byName.set(name, m);
    }
    m.frames++;
    if (f.bytes === null) m.unknown++;
    else {
      m.known++;
      m.bytes += f.bytes;
      total += f.bytes;
    }
  }
  const out: ModuleShare[] = [];
  for (const [module, m] of byName) {
    if (m.known === 0) continue;
    out.push({ module, bytes: m.bytes, share: total > 0 ? m.bytes / total : 0, frames: m.frames, unknownFrames: m.unknown });
  }
  out.sort((a, b) => b.bytes - a.bytes || (a.module < b.module ? -1 : a.module > b.module ? 1 : 0));
  return out;
}
