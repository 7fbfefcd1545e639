// TypeEngine over the layout modules (layout/*: TypeIndex + LayoutEngine) and the frame
// estimator (frame/*). The index is updated file by file: only summaries whose object changed
// since the last sync are re-indexed.

import type { Arch, BuildConfig, FileSummary, FunctionDecl, RecordDecl, TypeRef } from './model';
import type { FrameEstimate } from './results';
import { TypeIndex, layoutEngineFor, condMatches, type LayoutEngine } from './layout/index';
import { dependsOnConfig } from './layout/typeIndex';
import { estimateFrame, estimateFrameTotals, type FrameTotals } from './frame/index';
import type { SizeAlign, TypeDefinitionSite, TypeEngine } from './typeEngine';

const TAG_WORDS = /^(?:const\s+|volatile\s+)*(?:struct|union|class|enum)\s+/;

function recordName(r: RecordDecl): string {
  return r.typedefNames[0] ?? r.qualifiedName ?? r.tag ?? '(anonymous)';
}

export class LayoutTypeEngine implements TypeEngine {
  private index = new TypeIndex();
  private engine: LayoutEngine = layoutEngineFor(this.index);
  private indexed = new Map<string, FileSummary>();
  private defines: Record<string, string> = {};

  setDefines(defines: Record<string, string>): void {
    if (JSON.stringify(defines) === JSON.stringify(this.defines)) return;
    this.defines = { ...defines };
    this.index.setDefines(this.defines);
  }

  rebuild(summaries: readonly FileSummary[]): void {
    const present = new Set<string>();
    for (const s of summaries) {
      present.add(s.file);
      if (this.indexed.get(s.file) === s) continue;
      this.index.update(s);
      this.indexed.set(s.file, s);
    }
    for (const file of [...this.indexed.keys()]) {
      if (!present.has(file)) {
        this.index.remove(file);
        this.indexed.delete(file);
      }
    }
  }

  sizeOf(t: TypeRef, _file: string, arch: Arch, config: BuildConfig, inline?: RecordDecl): SizeAlign {
    const l = this.engine.layoutRef(t, arch, config, inline);
    return { size: l.size, align: l.align };
  }

  sizesOf(t: TypeRef, file: string, arch: Arch, inline?: RecordDecl): Record<BuildConfig, SizeAlign> {
    const before = this.index.configDependentReads;
    const free = this.sizeOf(t, file, arch, 'free', inline);
    if (this.index.configDependentReads === before) return { free, checked: free };
    return { free, checked: this.sizeOf(t, file, arch, 'checked', inline) };
  }

  recordLayout(record: RecordDecl, arch: Arch, config: BuildConfig): SizeAlign {
    if (!condMatches(record.cond, arch, config)) return { size: null, align: null };
    const l = this.engine.layoutRecord(record, arch, config);
    return { size: l.size, align: l.align };
  }

  recordLayouts(record: RecordDecl, arch: Arch): Record<BuildConfig, SizeAlign> {
    // Laying out the free build read nothing that DBG changes: the checked layout is the same.
    const before = this.index.configDependentReads;
    const free = this.recordLayout(record, arch, 'free');
    if (!dependsOnConfig(record.cond) && this.index.configDependentReads === before) return { free, checked: free };
    return { free, checked: this.recordLayout(record, arch, 'checked') };
  }

  namedType(name: string, _file: string, arch: Arch, config: BuildConfig): SizeAlign | null {
    const info = this.engine.typeInfoForText(name, arch, config);
    return info ? { size: info.size, align: info.align } : null;
  }

  definitionOf(t: TypeRef, _file: string): TypeDefinitionSite | null {
    let name = t.base.replace(TAG_WORDS, '').replace(/^::/, '').trim();
    // Follow typedef chains (`typedef _FOO FOO; typedef FOO BAR;`) to the record definition.
    for (let guard = 0; guard < 16 && name; guard++) {
      for (const config of ['free', 'checked'] as BuildConfig[]) {
        const rec = this.index.findRecord(name, 'x64', config);
        if (rec && (rec.fields.length > 0 || rec.bases.length > 0 || rec.hasVirtual)) {
          return { name: recordName(rec), file: rec.file, range: rec.range, record: rec };
        }
      }
      const td = this.index.findTypedef(name, 'x64', 'free') ?? this.index.findTypedef(name, 'x64', 'checked');
      if (!td || td.type.pointer > 0) return null;
      const next = td.type.base.replace(TAG_WORDS, '').trim();
      if (next === name) return null;
      name = next;
    }
    return null;
  }

  frame(fn: FunctionDecl, _summary: FileSummary, arch: Arch, config: BuildConfig, findFunction?: (name: string) => FunctionDecl | undefined): FrameEstimate {
    return estimateFrame(fn, { engine: this.engine, findFunction }, arch, config);
  }

  frameTotals(fn: FunctionDecl, _summary: FileSummary, arch: Arch, config: BuildConfig, findFunction?: (name: string) => FunctionDecl | undefined): FrameTotals {
    return estimateFrameTotals(fn, { engine: this.engine, findFunction }, arch, config);
  }
}

export function createTypeEngine(): LayoutTypeEngine {
  return new LayoutTypeEngine();
}
