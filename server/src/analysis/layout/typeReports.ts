// TypeReport rows (`analyze` JSON "types", hovers): the size and alignment of every named record
// a file defines, per target, plus the checked-build size where DBG changes it (seed 004).

import { ARCHES, type Arch, type FileSummary, type RecordDecl } from '../model';
import type { TypeReport } from '../results';
import { layoutEngineFor } from './recordLayout';
import { condMatches, type TypeIndex } from './typeIndex';

function displayName(r: RecordDecl): string | null {
  return r.typedefNames[0] ?? r.qualifiedName ?? r.tag ?? null;
}

/** One report per named record of `summary` (records that exist only under DBG use checked sizes). */
export function recordTypeReports(summary: FileSummary, index: TypeIndex): TypeReport[] {
  const engine = layoutEngineFor(index);
  const out: TypeReport[] = [];
  for (const rec of summary.records) {
    const name = displayName(rec);
    if (!name) continue;
    const size = {} as Record<Arch, number | null>;
    const align = {} as Record<Arch, number | null>;
    const sizeChecked = {} as Record<Arch, number | null>;
    let dbgChanges = false;
    for (const arch of ARCHES) {
      const inFree = condMatches(rec.cond, arch, 'free');
      const free = inFree ? engine.layoutRecord(rec, arch, 'free') : null;
      const checked = condMatches(rec.cond, arch, 'checked') ? engine.layoutRecord(rec, arch, 'checked') : null;
      size[arch] = free ? free.size : checked ? checked.size : null;
      align[arch] = free ? free.align : checked ? checked.align : null;
      sizeChecked[arch] = checked ? checked.size : null;
      if (free && checked && free.size !== checked.size) dbgChanges = true;
    }
    const report: TypeReport = { name, file: summary.file, line: rec.range.start.line, size, align };
    if (dbgChanges) report.sizeChecked = sizeChecked;
    out.push(report);
  }
  return out;
}
