// Whole-workspace benchmark: full analysis (parse + extract + layout + frames + call graph +
// worst paths + rules + IRQL) against tree-sitter alone parsing the same files, same process.
//
//   node dist/bench/workspace.js [dir] [--large-frame-sample out.txt] [--node-defaults]
//
// Runs with the language server's process settings (processSettings.ts: the benchmark starts itself
// again with the server's node flags and environment), so peak RSS is the server's; --node-defaults
// measures with Node's, V8's and glibc's defaults instead. Peak RSS is the kernel's high-water mark
// (VmHWM) where /proc has it, so a peak between two samples is not missed.
//
// dir defaults to /tmp/wds (Windows-driver-samples: `mkdir -p /tmp/wds && git
// --git-dir=/work/.mirror/microsoft+Windows-driver-samples/repo archive HEAD | tar -x -C /tmp/wds`),
// else the repository's test fixtures. Goals (SPEC §5): ratio <= 1.5x, peak RSS < 300 MB.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join, relative } from 'node:path';
import { AnalysisWorkspace } from '../server/src/analysis/workspace';
import { collectSourceFiles } from '../server/src/analysis/loadFiles';
import { DEFAULT_SETTINGS, mergeSettings } from '../server/src/analysis/settings';
import { languageForFile, parseSource } from '../server/src/analysis/parse/index';
import { ALL_RULES, type Finding } from '../server/src/analysis/results';
import { createBareParser, ms } from './lib/bareParse';
import { applyRuntimeSettings, SERVER_NODE_FLAGS, serverEnvironment } from '../server/src/processSettings';

const NODE_DEFAULTS = '--node-defaults';

/** The kernel's resident-set high-water mark in bytes (Linux), or null where /proc has none. */
function rssHighWaterMark(): number | null {
  try {
    const m = /^VmHWM:\s*(\d+)\s*kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Heap still reachable after a full collection (the run's own garbage excluded). */
function liveHeap(): number {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(0)} MB`;
}

/** Deterministic PRNG so the sample of reports is reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Starts this benchmark again under the server's node flags and environment unless it already runs with them. */
function runUnderServerFlags(): boolean {
  if (process.argv.includes(NODE_DEFAULTS) || SERVER_NODE_FLAGS.every((f) => process.execArgv.includes(f))) return false;
  const env = { ...process.env, ...serverEnvironment(process.env) };
  const r = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
  process.exitCode = r.status ?? 1;
  return true;
}

async function main(): Promise<void> {
  if (runUnderServerFlags()) return;
  const nodeDefaults = process.argv.includes(NODE_DEFAULTS);
  if (!nodeDefaults) applyRuntimeSettings();
  const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(i > 0 && all[i - 1].startsWith('--') && all[i - 1] !== NODE_DEFAULTS));
  const dir = positional[0] ?? (existsSync('/tmp/wds') ? '/tmp/wds' : join(__dirname, '..', '..', 'test', 'fixtures'));
  const sampleOut = arg('--large-frame-sample') ?? '/tmp/stacklens-large-frame-sample.txt';
  const settings = mergeSettings({});
  const files = collectSourceFiles([dir], DEFAULT_SETTINGS);
  console.log(`workspace benchmark: ${files.length} files under ${dir}`);
  console.log(`process settings: ${nodeDefaults ? `Node's defaults (${NODE_DEFAULTS})` : `the server's (node ${SERVER_NODE_FLAGS.join(' ')}, ${Object.keys(serverEnvironment({})).map((k) => `${k}=${process.env[k] ?? 'unset'}`).join(' ')}, then processSettings.ts at run time)`}`);

  const bare = await createBareParser();
  const ws = await AnalysisWorkspace.create(settings);
  let peakRss = process.memoryUsage().rss;
  const sampleRss = (): void => {
    const r = process.memoryUsage().rss;
    if (r > peakRss) peakRss = r;
  };

  // Warm-up both paths on a few files (JIT), in a throwaway workspace.
  for (const f of files.slice(0, 30)) {
    const text = readFileSync(f, 'utf8');
    bare.parse(text, languageForFile(f));
    parseSource(text, f);
  }

  // Each file is parsed by bare tree-sitter and indexed by the engine back to back, so that both
  // see the same machine load (the cores are shared); then the whole workspace is analysed.
  let bytes = 0;
  let readMs = 0;
  let indexMs = 0;
  let bareMs = 0;
  let indexCpu = 0;
  let bareCpu = 0;
  const cpu = (): number => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  for (let i = 0; i < files.length; i++) {
    const t0 = performance.now();
    let text: string;
    try {
      text = readFileSync(files[i], 'utf8');
    } catch {
      continue;
    }
    const t1 = performance.now();
    readMs += t1 - t0;
    const c0 = cpu();
    bareMs += bare.parse(text, languageForFile(files[i], undefined, text));
    const c1 = cpu();
    const t2 = performance.now();
    ws.updateFile(files[i], text);
    indexMs += performance.now() - t2;
    const c2 = cpu();
    bareCpu += c1 - c0;
    indexCpu += c2 - c1;
    bytes += text.length;
    if (i % 50 === 0) sampleRss();
  }
  sampleRss();
  // Measuring the live heap forces a full collection of the index's garbage; its time is counted
  // as index time, so the analysis below gains nothing from it.
  const g0 = performance.now();
  const gc0 = cpu();
  const liveIndexed = liveHeap();
  indexMs += performance.now() - g0;
  indexCpu += cpu() - gc0;
  const a0 = performance.now();
  const ac0 = cpu();
  const analysis = ws.analyze();
  const analyzeMs = performance.now() - a0;
  const analyzeCpu = cpu() - ac0;
  sampleRss();
  const rssAfter = process.memoryUsage().rss;
  const stats = ws.stats();
  const fullMs = indexMs + analyzeMs;
  const fullCpu = indexCpu + analyzeCpu;

  const kloc = stats.lines / 1000;
  console.log(`files ${stats.files}, ${stats.lines.toLocaleString('en-US')} lines, ${(bytes / 1e6).toFixed(1)} MB, ${stats.functions.toLocaleString('en-US')} functions, ${stats.callEdges.toLocaleString('en-US')} call edges, ${stats.recursiveComponents} recursive components, ${stats.entryPoints} entry points, ${stats.skipped.length} files skipped`);
  console.log(`function definitions with parse errors: ${stats.parseErrorFunctions} (${((stats.parseErrorFunctions / Math.max(1, stats.functions)) * 100).toFixed(1)} %)`);
  console.log('');
  console.log(`bare tree-sitter parse : ${ms(bareMs)} wall, ${ms(bareCpu)} CPU  (${(bytes / 1e6 / (bareMs / 1000)).toFixed(1)} MB/s)`);
  console.log(`full analysis          : ${ms(fullMs)} wall, ${ms(fullCpu)} CPU  = index (parse+extract) ${ms(indexMs)} + analyze ${ms(analyzeMs)}`);
  console.log(`  analyze phases       : ${Object.entries(stats.timings).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}`);
  console.log(`ratio full / bare      : ${(fullMs / bareMs).toFixed(2)}x wall, ${(fullCpu / bareCpu).toFixed(2)}x CPU   (goal <= 1.5x)`);
  console.log(`  index alone / bare   : ${(indexMs / bareMs).toFixed(2)}x wall;  analyze / bare: ${(analyzeMs / bareMs).toFixed(2)}x wall`);
  console.log(`(file reading, excluded from both: ${ms(readMs)})`);
  const hwm = rssHighWaterMark();
  console.log(`peak RSS               : ${hwm === null ? `${mb(peakRss)} (sampled)` : `${mb(hwm)} (kernel high-water mark; sampled ${mb(peakRss)})`}, after analysis ${mb(rssAfter)}   (goal < 300 MB)`);
  console.log(`live heap after a GC   : ${mb(liveIndexed)} indexed (summaries), ${mb(liveHeap())} after analysis`);

  // Re-analysis after touching one file (the editor path on a big workspace).
  const probe = files.find((f) => /\.c$/i.test(f)) ?? files[0];
  if (probe) {
    const text = readFileSync(probe, 'utf8');
    const edited = text.replace(/\b0\b/, '1');
    const t0 = performance.now();
    ws.updateFile(probe, edited === text ? text + '\n' : edited);
    ws.analyze();
    ws.findingsForFile(probe);
    console.log(`re-analysis after a one-file edit: ${ms(performance.now() - t0)} (graph ${ws.stats().reuse.graph}, types ${ws.stats().reuse.typeIndex}, ${ws.stats().reuse.framesEstimated} frame(s) re-estimated)`);
    console.log(`  its analyze phases   : ${Object.entries(ws.stats().timings).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}`);
    ws.updateFile(probe, text);
    ws.analyze();
  }

  // Reports per rule.
  const byRule = new Map<string, number>();
  for (const f of analysis.findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  console.log('');
  console.log(`findings: ${analysis.findings.length} (${(analysis.findings.length / kloc).toFixed(2)} per 10 KLOC: ${((analysis.findings.length / kloc) * 10).toFixed(1)})`);
  for (const rule of ALL_RULES) {
    const n = byRule.get(rule) ?? 0;
    console.log(`  ${rule.padEnd(34)} ${String(n).padStart(6)}   ${((n / kloc) * 10).toFixed(2)} / 10 KLOC`);
  }

  // 20 random stack/large-frame reports, with the frame breakdown, for checking by hand.
  const large = analysis.findings.filter((f) => f.rule === 'stack/large-frame');
  const rand = rng(20240521);
  const picked: Finding[] = [];
  const pool = [...large];
  while (picked.length < 20 && pool.length) picked.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
  const byKeyLine = new Map(analysis.functions.map((f) => [`${f.file}:${f.nameRange.start.line}`, f]));
  const lines: string[] = [`${large.length} stack/large-frame reports; 20 picked at random (seed 20240521), target ${settings.targetArch}`, ''];
  picked.forEach((f, k) => {
    const fn = byKeyLine.get(`${f.file}:${f.range.start.line}`);
    lines.push(`#${k + 1} ${fn?.qualifiedName ?? '?'}  ${relative(dir, f.file)}:${f.range.start.line + 1}`);
    lines.push(`   ${f.message}`);
    if (fn) {
      const e = fn.frames[settings.targetArch].free;
      lines.push(`   frame x64 free: ${e.bytes ?? `>= ${e.knownBytes}`} B; checked: ${fn.frames[settings.targetArch].checked.bytes ?? '?'} B`);
      for (const it of [...e.items].sort((x, y) => y.bytes - x.bytes).slice(0, 8)) lines.push(`     ${String(it.bytes).padStart(6)}  ${it.kind.padEnd(18)} ${it.label}`);
      if (e.unknown.length) lines.push(`     unknown: ${e.unknown.join(', ')}`);
    }
    lines.push('');
  });
  writeFileSync(sampleOut, lines.join('\n'));
  console.log(`\n${picked.length} random stack/large-frame reports written to ${sampleOut}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
