// IRQL/pageability analysis over a driver corpus (default: Windows-driver-samples in /tmp/wds).
//
//   node dist/bench/irql-corpus.js [dir] [--sample N] [--seed S] [--out file] [--rule id] [--cache file] [--one-workspace]
//
// Prints: files, lines, the time of parse and call graph (the baseline) and the time the IRQL
// analysis adds (median of 3 runs) with its ratio to the baseline, then reports per rule (count
// and per 10 KLOC). Writes N random (seeded) error/warning reports with their code context to
// `--out` (default /tmp/irql-corpus-sample.txt) for checking by hand (precision).
//
// Each sample (the files under the nearest directory holding a .sln; other files by their first two
// path components) is analysed as its own workspace, as a developer opens one driver: analysing
// 136 unrelated drivers as one workspace would wire same-named helpers of different samples
// together. `--one-workspace` analyses everything together instead.
// Get the corpus (outside the repo) with:
//   mkdir -p /tmp/wds && git --git-dir=/work/.mirror/microsoft+Windows-driver-samples/repo archive HEAD | tar -x -C /tmp/wds

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { join, relative } from 'node:path';
import { initParser, parseSource } from '../server/src/analysis/parse/index';
import { buildCallGraph } from '../server/src/analysis/callgraph/callgraph';
import { analyzeIrql } from '../server/src/analysis/irql/index';
import type { FileSummary } from '../server/src/analysis/model';
import type { Finding } from '../server/src/analysis/results';
import { mergeSettings } from '../server/src/analysis/settings';
import { readTextFileSafe } from '../server/src/readFile';
import { prng as rng } from '../test/support/prng';
import { corpusFiles } from './lib/corpusFiles';


function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}


const slnDirs = new Map<string, boolean>();
/** The nearest directory (at or below `root`) holding a .sln file; else the first two path components. */
function sampleRoot(root: string, file: string): string {
  const rel = relative(root, file).split(/[\\/]/);
  for (let n = rel.length - 1; n >= 1; n--) {
    const d = join(root, ...rel.slice(0, n));
    let has = slnDirs.get(d);
    if (has === undefined) {
      try {
        has = readdirSync(d).some((x) => x.toLowerCase().endsWith('.sln'));
      } catch {
        has = false;
      }
      slnDirs.set(d, has);
    }
    if (has) return d;
  }
  return join(root, ...rel.slice(0, Math.min(2, rel.length - 1)));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function context(text: string, line: number, before: number, after: number): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  for (let i = Math.max(0, line - before); i <= Math.min(lines.length - 1, line + after); i++) {
    out.push(`${i === line ? '>>' : '  '}${String(i + 1).padStart(6)}  ${lines[i]}`);
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(i > 0 && all[i - 1].startsWith('--')));
  const dir = positional[0] ?? '/tmp/wds';
  if (!existsSync(dir)) {
    console.error(`no corpus at ${dir} (see the header of bench/irql-corpus.ts)`);
    process.exit(1);
  }
  const sampleSize = Number(arg('--sample') ?? 30);
  const seed = Number(arg('--seed') ?? 7);
  const out = arg('--out') ?? '/tmp/irql-corpus-sample.txt';
  const onlyRule = arg('--rule');

  await initParser();
  const files = corpusFiles(dir);
  const texts = new Map<string, string>();
  let summaries: FileSummary[] = [];
  let lines = 0;
  let bytes = 0;
  // --cache FILE: reuse the summaries of a previous run (only to iterate on the rules quickly; the
  // parse time printed is then the one stored with the cache).
  const cache = arg('--cache');
  let parseMs = 0;
  const t0 = performance.now();
  for (const f of files) {
    const r = readTextFileSafe(f, 4 * 1024 * 1024);
    if (r.text === null) continue;
    texts.set(f, r.text);
    bytes += r.text.length;
  }
  if (cache && existsSync(cache)) {
    const stored = deserialize(readFileSync(cache)) as { parseMs: number; summaries: FileSummary[] };
    summaries = stored.summaries.filter((s) => texts.has(s.file));
    parseMs = stored.parseMs;
  } else {
    for (const [f, text] of texts) summaries.push(parseSource(text, f));
    parseMs = performance.now() - t0;
    if (cache) writeFileSync(cache, serialize({ parseMs, summaries }));
  }
  for (const s of summaries) lines += s.lineCount;
  const groups = new Map<string, FileSummary[]>();
  const oneWorkspace = process.argv.includes('--one-workspace');
  for (const s of summaries) {
    const g = oneWorkspace ? '.' : sampleRoot(dir, s.file);
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(s);
  }
  const t1 = performance.now();
  const graphs = [...groups.values()].map((list) => ({ list, graph: buildCallGraph(list) }));
  const graphMs = performance.now() - t1;
  let functionCount = 0;
  for (const g of graphs) functionCount += g.graph.functions.size;
  const settings = mergeSettings({});
  const runs: number[] = [];
  let findings: Finding[] = [];
  // --no-text: analyse from the summaries only (as the language server does for files it has
  // not read); otherwise count which files the analysis asks the text of (it asks lazily).
  const noText = process.argv.includes('--no-text');
  const asked = new Set<string>();
  const textOf = (file: string): string | undefined => {
    asked.add(file);
    return texts.get(file);
  };
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const all: Finding[] = [];
    for (const { list, graph } of graphs) all.push(...analyzeIrql({ graph, summaries: list, settings, text: noText ? undefined : textOf }).findings);
    runs.push(performance.now() - t);
    findings = all;
  }
  const irqlMs = median(runs);
  const kloc = lines / 1000;
  console.log(`corpus            ${dir}`);
  console.log(`files             ${summaries.length} (${(bytes / 1e6).toFixed(1)} MB, ${lines.toLocaleString('en-US')} lines)`);
  console.log(`workspaces        ${groups.size}`);
  console.log(`functions         ${functionCount.toLocaleString('en-US')}`);
  console.log(`parse             ${parseMs.toFixed(0)} ms`);
  console.log(`call graph        ${graphMs.toFixed(0)} ms`);
  console.log(`IRQL analysis     ${irqlMs.toFixed(0)} ms (median of ${runs.map((r) => r.toFixed(0)).join(', ')}) = ${((irqlMs / (parseMs + graphMs)) * 100).toFixed(1)} % of parse + call graph`);
  console.log(`source texts read  ${noText ? 'none (--no-text)' : `${asked.size} of ${summaries.length} files (asked lazily, for quick fixes and text-only facts)`}`);
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  console.log(`\nreports           ${findings.length} (${(findings.length / (kloc / 10)).toFixed(2)} per 10 KLOC)`);
  for (const [rule, n] of [...byRule].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${rule.padEnd(34)} ${String(n).padStart(5)}  ${(n / (kloc / 10)).toFixed(3)} per 10 KLOC`);
  }

  // The sample for checking by hand.
  const pool = findings.filter((f) => (f.severity === 'error' || f.severity === 'warning') && (!onlyRule || f.rule === onlyRule));
  const rand = rng(seed);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  const sample = pool.slice(0, sampleSize);
  const report: string[] = [`# ${sample.length} of ${pool.length} error/warning reports, seed ${seed}, corpus ${dir}\n`];
  sample.forEach((f, n) => {
    const text = texts.get(f.file) ?? '';
    report.push(`## ${n + 1}. ${f.rule} (${f.severity})  ${relative(dir, f.file)}:${f.range.start.line + 1}`);
    report.push(f.message);
    for (const r of f.related) report.push(`  related ${relative(dir, r.file)}:${r.range.start.line + 1}: ${r.message}`);
    for (const x of f.fixes) report.push(`  fix: ${x.title}${x.preferred ? ' (preferred)' : ''}`);
    report.push('```');
    report.push(context(text, f.range.start.line, 25, 8));
    report.push('```');
    for (const r of f.related.slice(0, 4)) {
      if (r.file === f.file && Math.abs(r.range.start.line - f.range.start.line) <= 25) continue;
      report.push(`related context ${relative(dir, r.file)}:${r.range.start.line + 1}`);
      report.push('```');
      report.push(context(texts.get(r.file) ?? '', r.range.start.line, 4, 4));
      report.push('```');
    }
    report.push('');
  });
  writeFileSync(out, report.join('\n'));
  console.log(`\nsample of ${sample.length} reports (seed ${seed}) with context: ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
