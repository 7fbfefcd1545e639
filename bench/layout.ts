// Type layout and frame estimation speed on real driver code, against the parse time of the
// same files (the baseline measured in the same run).
//
// Usage: node dist/bench/layout.js [dir] [--max-files N]
// Default dir: $STACKLENS_CORPUS, else /tmp/wds (a Windows-driver-samples checkout), else the
// project's own fixtures.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { initParser, parseSource } from '../server/src/analysis/parse/index';
import { TypeIndex, layoutEngineFor } from '../server/src/analysis/layout';
import { estimateFrame, frameContextFor } from '../server/src/analysis/frame';
import { ARCHES, type BuildConfig, type FileSummary } from '../server/src/analysis/model';

const EXT = /\.(c|cpp|cxx|cc|h|hpp|hxx|inl)$/i;

function walk(dir: string, out: string[], max: number): void {
  if (out.length >= max) return;
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const n of names) {
    if (out.length >= max) return;
    const p = join(dir, n);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) walk(p, out, max);
    else if (EXT.test(n) && st.size < 2 * 1024 * 1024) out.push(p);
  }
}

function defaultDir(): string {
  if (process.env.STACKLENS_CORPUS && existsSync(process.env.STACKLENS_CORPUS)) return process.env.STACKLENS_CORPUS;
  if (existsSync('/tmp/wds')) return '/tmp/wds';
  for (let dir = resolve(__dirname), i = 0; i < 8; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'test', 'fixtures'))) return join(dir, 'test', 'fixtures');
  }
  return process.cwd();
}

const ms = (t0: number) => performance.now() - t0;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const maxAt = args.indexOf('--max-files');
  const maxFiles = maxAt >= 0 ? Number(args[maxAt + 1]) : 600;
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--max-files') ?? defaultDir();
  const files: string[] = [];
  walk(dir, files, maxFiles);
  await initParser();

  let bytes = 0;
  let t0 = performance.now();
  const summaries: FileSummary[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    bytes += text.length;
    summaries.push(parseSource(text, f));
  }
  const parseMs = ms(t0);

  t0 = performance.now();
  const index = new TypeIndex(summaries);
  const indexMs = ms(t0);

  const records = summaries.flatMap((s) => s.records);
  const engine = layoutEngineFor(index);
  const configs: BuildConfig[] = ['free', 'checked'];
  const layoutAll = () => {
    let unknown = 0;
    for (const r of records) for (const a of ARCHES) for (const c of configs) if (engine.layoutRecord(r, a, c).size === null) unknown++;
    return unknown;
  };
  t0 = performance.now();
  const unknownRecords = layoutAll();
  const layoutCold = ms(t0);
  t0 = performance.now();
  layoutAll();
  const layoutWarm = ms(t0);

  const ctx = frameContextFor(index);
  const fns = summaries.flatMap((s) => s.functions.filter((f) => f.isDefinition));
  t0 = performance.now();
  let unknownFrames = 0;
  let dynamicFrames = 0;
  const unknownTypes = new Map<string, number>();
  for (const f of fns) {
    for (const a of ARCHES) {
      for (const c of configs) {
        const e = estimateFrame(f, ctx, a, c);
        if (e.bytes === null) unknownFrames++;
        if (e.dynamic) dynamicFrames++;
        if (a === 'x64' && c === 'free') {
          for (const u of e.unknown) {
            const t = /\(([^):]+)/.exec(u)?.[1] ?? u;
            unknownTypes.set(t, (unknownTypes.get(t) ?? 0) + 1);
          }
        }
      }
    }
  }
  const frameMs = ms(t0);

  // One header edited: replace its summary, then lay everything out again (cold memo).
  const header = summaries.find((s) => /\.h$/i.test(s.file) && s.records.length > 0) ?? summaries[0];
  t0 = performance.now();
  index.update({ ...header, hash: header.hash + 'x' });
  const updateMs = ms(t0);
  t0 = performance.now();
  layoutAll();
  const relayoutMs = ms(t0);
  t0 = performance.now();
  const rebuilt = new TypeIndex(summaries);
  const rebuildMs = ms(t0);
  void rebuilt;

  const n = records.length * ARCHES.length * configs.length;
  const m = fns.length * ARCHES.length * configs.length;
  console.log(`StackLens layout benchmark: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB from ${dir}`);
  console.log(`baseline parse (tree-sitter + extraction): ${parseMs.toFixed(0)} ms`);
  console.log(`type index build: ${indexMs.toFixed(1)} ms (${((100 * indexMs) / parseMs).toFixed(2)} % of parse); full rebuild again ${rebuildMs.toFixed(1)} ms`);
  console.log(`incremental update of one header (${header.file.split('/').pop()}): ${updateMs.toFixed(2)} ms; re-layout all records after it ${relayoutMs.toFixed(1)} ms`);
  console.log(`record layouts: ${records.length} records × 3 targets × 2 configs = ${n}: cold ${layoutCold.toFixed(1)} ms (${((1000 * layoutCold) / n).toFixed(1)} µs each, ${((100 * layoutCold) / parseMs).toFixed(1)} % of parse), warm ${layoutWarm.toFixed(1)} ms; unknown size ${((100 * unknownRecords) / Math.max(1, n)).toFixed(1)} %`);
  const top = [...unknownTypes].sort((x, y) => y[1] - x[1]).slice(0, 15);
  console.log(`most frequent unknown local types (x64): ${top.map(([t, k]) => `${t} ${k}`).join(', ')}`);
  console.log(`frame estimates: ${fns.length} functions × 6 = ${m}: ${frameMs.toFixed(1)} ms (${((1000 * frameMs) / Math.max(1, m)).toFixed(1)} µs each, ${((100 * frameMs) / parseMs).toFixed(1)} % of parse); unknown total ${((100 * unknownFrames) / Math.max(1, m)).toFixed(1)} %, dynamic ${((100 * dynamicFrames) / Math.max(1, m)).toFixed(1)} %`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
