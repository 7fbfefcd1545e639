// Public API of per-function stack frame estimation.

import { ARCHES, type Arch, type BuildConfig, type FileSummary, type FunctionDecl } from '../model';
import type { FrameEstimate } from '../results';
import { layoutEngineFor } from '../layout/recordLayout';
import type { TypeIndex } from '../layout/typeIndex';
import { estimateFrame, type FrameContext } from './frameEstimate';

export { estimateFrame, estimateFrameTotals, type FrameContext, type FrameTotals } from './frameEstimate';
export { FRAME_MODEL, type FrameModelParams } from './frameModel';

/**
 * Callee declarations by simple name across the workspace (a prototype is as good as a
 * definition for parameter types; the first one seen wins).
 */
export function functionLookup(summaries: Iterable<FileSummary>): (name: string) => FunctionDecl | undefined {
  const map = new Map<string, FunctionDecl>();
  for (const s of summaries) for (const f of s.functions) if (!map.has(f.name) && f.params.length >= 0) map.set(f.name, f);
  return (name) => map.get(name);
}

/** A frame context over a type index (callee lookup over the same summaries). */
export function frameContextFor(index: TypeIndex): FrameContext {
  return { engine: layoutEngineFor(index), findFunction: functionLookup(index.summaries()) };
}

/** Frames for every target and both configurations (FunctionReport.frames). */
export function estimateAllFrames(fn: FunctionDecl, ctx: FrameContext): Record<Arch, Record<BuildConfig, FrameEstimate>> {
  const out = {} as Record<Arch, Record<BuildConfig, FrameEstimate>>;
  for (const arch of ARCHES) {
    out[arch] = { free: estimateFrame(fn, ctx, arch, 'free'), checked: estimateFrame(fn, ctx, arch, 'checked') };
  }
  return out;
}
