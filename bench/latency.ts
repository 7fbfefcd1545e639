// Editor latency: a generated 5,000-line driver file; after a one-character edit inside a function
// body, time updateFile + analyze + findingsForFile (what the language server does before it
// publishes diagnostics), 200 times; and hover at random function names.
// Baseline: tree-sitter alone parsing the same file, same process.
//
//   node dist/bench/latency.js [iterations]
// Goals (SPEC §5): diagnostics p95 < 50 ms, hover p95 < 20 ms.

import { AnalysisWorkspace } from '../server/src/analysis/workspace';
import { mergeSettings } from '../server/src/analysis/settings';
import { createBareParser, ms, percentile } from './lib/bareParse';
import { generateDriver, rng } from './lib/generateDriver';

async function main(): Promise<void> {
  const iterations = Number(process.argv[2] ?? 200);
  const { text, functions, editLines } = generateDriver(5000);
  const lines = text.split('\n');
  const file = '/tmp/stacklens-latency/generated_driver.c';
  const ws = await AnalysisWorkspace.create(mergeSettings({}));
  const bare = await createBareParser();

  const t0 = performance.now();
  ws.updateFile(file, text);
  ws.analyze();
  const first = performance.now() - t0;
  const stats = ws.stats();
  console.log(`generated file: ${lines.length} lines, ${(text.length / 1024).toFixed(0)} KB, ${stats.functions} functions; first full analysis ${ms(first)}; ${ws.findingsForFile(file).length} findings`);

  // Warm-up.
  for (let i = 0; i < 10; i++) bare.parse(text, 'c');

  const r = rng(42);
  const edit: number[] = [];
  const editCpu: number[] = [];
  const update: number[] = [];
  const withoutIrql: number[] = [];
  const phaseSum: Record<string, number> = {};
  const bareTimes: number[] = [];
  let current = lines.slice();
  let reuse = { patched: 0, rebuilt: 0, reused: 0 };
  for (let i = 0; i < iterations; i++) {
    // One character: `+ 0;` ↔ `+ 1;` on a random line inside a function body.
    const ln = editLines[Math.floor(r() * editLines.length)];
    current[ln] = current[ln].includes('+ 0;') ? current[ln].replace('+ 0;', '+ 1;') : current[ln].replace('+ 1;', '+ 0;');
    const edited = current.join('\n');
    const c0 = process.cpuUsage();
    const s = performance.now();
    ws.updateFile(file, edited);
    update.push(performance.now() - s);
    ws.analyze();
    ws.findingsForFile(file);
    edit.push(performance.now() - s);
    const c = process.cpuUsage(c0);
    editCpu.push((c.user + c.system) / 1000);
    reuse[ws.stats().reuse.graph]++;
    for (const [k, v] of Object.entries(ws.stats().timings)) phaseSum[k] = (phaseSum[k] ?? 0) + v;
    withoutIrql.push(edit[edit.length - 1] - (ws.stats().timings.irql ?? 0));
    if (!process.env.STACKLENS_NO_BASELINE) bareTimes.push(bare.parse(edited, 'c'));
  }
  const hover: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const f = functions[Math.floor(r() * functions.length)];
    const s = performance.now();
    const md = ws.hover(file, { line: f.line, column: f.column + 1 });
    hover.push(performance.now() - s);
    if (!md) throw new Error(`no hover for ${f.name} at ${f.line}:${f.column}`);
  }
  edit.sort((a, b) => a - b);
  editCpu.sort((a, b) => a - b);
  hover.sort((a, b) => a - b);
  bareTimes.sort((a, b) => a - b);
  console.log(`bare tree-sitter parse of the file : p50 ${ms(percentile(bareTimes, 50))}  p95 ${ms(percentile(bareTimes, 95))}`);
  console.log(`edit → diagnostics (${iterations}x)       : p50 ${ms(percentile(edit, 50))}  p95 ${ms(percentile(edit, 95))}  max ${ms(edit[edit.length - 1])}   (goal p95 < 50 ms)`);
  console.log(`  same, process CPU time           : p50 ${ms(percentile(editCpu, 50))}  p95 ${ms(percentile(editCpu, 95))}  (wall time suffers when other processes share the cores)`);
  console.log(`  ratio p50 / bare parse p50       : ${(percentile(edit, 50) / percentile(bareTimes, 50)).toFixed(2)}x`);
  console.log(`  edits re-summarised as one function: ${ws.stats().edits.spliced}, full re-parses: ${ws.stats().edits.refused}`);
  console.log(`  call graph: ${reuse.patched} patched, ${reuse.rebuilt} rebuilt, ${reuse.reused} reused`);
  update.sort((a, b) => a - b);
  withoutIrql.sort((a, b) => a - b);
  console.log(`  same without the IRQL phase      : p50 ${ms(percentile(withoutIrql, 50))}  p95 ${ms(percentile(withoutIrql, 95))}`);
  console.log(`  of which updateFile (re-summarise): p50 ${ms(percentile(update, 50))}  p95 ${ms(percentile(update, 95))}`);
  console.log(`  analyze phases, mean per edit: ${Object.entries(phaseSum).map(([k, v]) => `${k} ${ms(v / iterations)}`).join(', ')}`);
  console.log(`hover on a function name (${iterations}x) : p50 ${ms(percentile(hover, 50))}  p95 ${ms(percentile(hover, 95))}  max ${ms(hover[hover.length - 1])}   (goal p95 < 20 ms)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
