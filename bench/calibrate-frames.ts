// Calibrates the static frame model against a real compiler.
//
// For each target, compiles test/fixtures/calibration/*.c with clang-16 (`-fstack-usage`,
// MSVC targets), reads the `.su` figures, parses the same files with StackLens' parser,
// estimates every function's frame and prints clang vs estimate with the error distribution.
//
// Like with like: clang's `.su` figure is the prologue's allocation (pushed registers + `sub`):
// it excludes the return address on x86/x64 (pushed by CALL) and the arguments x86 code pushes
// for its calls (PUSH instructions after the prologue). StackLens' estimate includes both, so
// they are subtracted before comparing. On arm64 the saved LR is part of the frame record and
// of `.su`, so nothing is subtracted. The /GS cookie is subtracted too: clang is run without a
// stack protector (its -fstack-protector heuristics differ from MSVC's /GS buffer rule).
// x86 is compiled with -mrtd (stdcall, as NTAPI) and -fno-omit-frame-pointer (kernel x86 code
// keeps EBP frames); arm64 with -fno-omit-frame-pointer (Windows on ARM64 keeps the x29/x30
// frame chain that stack walkers rely on).
//
// Usage: node dist/bench/calibrate-frames.js [--O0] [--verbose] [--explain Name1,Name2]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { initParser, parseSource } from '../server/src/analysis/parse/index';
import { TypeIndex } from '../server/src/analysis/layout';
import { estimateFrame, frameContextFor } from '../server/src/analysis/frame';
import type { Arch, FileSummary } from '../server/src/analysis/model';
import type { FrameEstimate } from '../server/src/analysis/results';

interface Target {
  arch: Arch;
  triple: string;
  flags: string[];
}

const TARGETS: Target[] = [
  { arch: 'x64', triple: 'x86_64-pc-windows-msvc', flags: [] },
  { arch: 'x86', triple: 'i686-pc-windows-msvc', flags: ['-mrtd', '-fno-omit-frame-pointer'] },
  { arch: 'arm64', triple: 'aarch64-pc-windows-msvc', flags: ['-fno-omit-frame-pointer'] },
];

function findRepoRoot(): string {
  for (const start of [process.cwd(), __dirname]) {
    let dir = resolve(start);
    for (let i = 0; i < 8; i++) {
      if (existsSync(join(dir, 'test', 'fixtures', 'calibration'))) return dir;
      dir = dirname(dir);
    }
  }
  throw new Error('test/fixtures/calibration not found (run from the repository)');
}

/** `file.c:12:_Name@8\t104\tstatic` → name → bytes (x86 decoration stripped). */
function readStackUsage(path: string): Map<string, { bytes: number; qualifier: string }> {
  const out = new Map<string, { bytes: number; qualifier: string }>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^[^:]*:\d+:(?:\d+:)?(\S+)\t(\d+)\t(\S+)/.exec(line);
    if (!m) continue;
    const name = m[1].replace(/^\x01/, '').replace(/^_/, '').replace(/@\d+$/, '');
    out.set(name, { bytes: Number(m[2]), qualifier: m[3] });
  }
  return out;
}

function comparable(est: FrameEstimate): number | null {
  if (est.bytes === null) return null;
  let v = est.bytes;
  for (const it of est.items) {
    if (it.kind === 'gs-cookie') v -= it.bytes;
    if (est.arch !== 'arm64' && it.kind === 'return-address') v -= it.bytes;
    if (est.arch === 'x86' && it.kind === 'outgoing-args') v -= it.bytes;
  }
  return v;
}

interface Row {
  name: string;
  heldOut: boolean;
  clang: number;
  est: number | null;
  err: number | null;
  ok: boolean;
  dynamic: boolean;
}

function summarize(title: string, rows: Row[]): void {
  if (rows.length === 0) return;
  const errs = rows.filter((r) => r.err !== null).map((r) => Math.abs(r.err!)).sort((a, b) => a - b);
  const rel = rows.filter((r) => r.err !== null && r.clang > 0).map((r) => Math.abs(r.err!) / r.clang).sort((a, b) => a - b);
  const signed = rows.filter((r) => r.err !== null).map((r) => r.err!).sort((a, b) => a - b);
  const within = rows.filter((r) => r.ok).length;
  console.log(
    `${title}: ${rows.length} functions; |error| median ${quantile(errs, 0.5)} B, p90 ${quantile(errs, 0.9)} B, max ${errs[errs.length - 1]} B; ` +
      `relative (clang > 0) median ${(100 * quantile(rel, 0.5)).toFixed(0)} %, p90 ${(100 * quantile(rel, 0.9)).toFixed(0)} %; signed median ${quantile(signed, 0.5)} B; ` +
      `within max(32 B, 20 %): ${within}/${rows.length} = ${((100 * within) / rows.length).toFixed(1)} % (goal 90 %)`,
  );
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const explainAt = process.argv.indexOf('--explain');
  const explain = explainAt > 0 ? (process.argv[explainAt + 1] ?? '').split(',') : [];
  const optLevels = process.argv.includes('--O0') ? ['-O2', '-O0'] : ['-O2'];
  const clang = spawnSync('clang-16', ['--version'], { encoding: 'utf8' });
  if (clang.status !== 0) {
    console.log('clang-16 not found: install the Debian package clang-16 to run the calibration.');
    return;
  }
  const root = findRepoRoot();
  const fixtureDir = join(root, 'test', 'fixtures', 'calibration');
  const sources = readdirSync(fixtureDir).filter((f) => f.endsWith('.c')).sort();
  const headers = readdirSync(fixtureDir).filter((f) => f.endsWith('.h'));

  await initParser();
  const t0 = performance.now();
  const summaries: FileSummary[] = [...sources, ...headers].map((f) => parseSource(readFileSync(join(fixtureDir, f), 'utf8'), join(fixtureDir, f)));
  const parseMs = performance.now() - t0;
  const index = new TypeIndex(summaries);
  const ctx = frameContextFor(index);
  const definitions = summaries.filter((s) => s.file.endsWith('.c')).flatMap((s) => s.functions.filter((f) => f.isDefinition));
  console.log(`StackLens frame calibration: ${definitions.length} functions in ${sources.length} files (parsed in ${parseMs.toFixed(1)} ms)`);

  const tmp = mkdtempSync(join(tmpdir(), 'stacklens-cal-'));
  try {
    for (const opt of optLevels) {
      for (const target of TARGETS) {
        const clangFigures = new Map<string, { bytes: number; qualifier: string }>();
        let failed = '';
        for (const src of sources) {
          const obj = join(tmp, `${basename(src, '.c')}.${target.arch}${opt}.o`);
          const r = spawnSync('clang-16', [`--target=${target.triple}`, ...target.flags, opt, '-fno-inline', '-fstack-usage', '-w', '-c', join(fixtureDir, src), '-o', obj], { encoding: 'utf8' });
          if (r.status !== 0) {
            failed = r.stderr.split('\n')[0];
            break;
          }
          for (const [k, v] of readStackUsage(obj.replace(/\.o$/, '.su'))) clangFigures.set(k, v);
        }
        if (failed) {
          console.log(`\n${target.arch} ${opt}: clang failed (${failed}); skipped`);
          continue;
        }
        const t1 = performance.now();
        const rows: Row[] = [];
        for (const fn of definitions) {
          const c = clangFigures.get(fn.name);
          if (!c) continue;
          const est = estimateFrame(fn, ctx, target.arch, 'free');
          const e = comparable(est);
          const err = e === null ? null : e - c.bytes;
          const ok = err !== null && Math.abs(err) <= Math.max(32, 0.2 * c.bytes);
          if (explain.includes(fn.name)) {
            console.log(`  ${target.arch} ${fn.name}: clang ${c.bytes}, estimate ${est.bytes} (comparable ${e})`);
            for (const it of est.items) console.log(`    ${it.kind.padEnd(18)} ${String(it.bytes).padStart(6)}  ${it.label}`);
          }
          rows.push({ name: fn.name, heldOut: fn.file.includes('heldout'), clang: c.bytes, est: e, err, ok, dynamic: c.qualifier !== 'static' });
        }
        const estMs = performance.now() - t1;
        console.log(`\n== ${target.arch} (${target.triple} ${[...target.flags, opt].join(' ')}) ==`);
        if (verbose || rows.length <= 80) {
          console.log(`${'function'.padEnd(28)} ${'clang'.padStart(6)} ${'est'.padStart(6)} ${'err'.padStart(6)}`);
          for (const r of rows) {
            const mark = r.ok ? '' : '  <-- outside max(32 B, 20 %)';
            console.log(`${(r.name + (r.heldOut ? ' *' : '')).padEnd(28)} ${String(r.clang).padStart(6)} ${String(r.est ?? '?').padStart(6)} ${(r.err === null ? '?' : (r.err > 0 ? '+' : '') + r.err).padStart(6)}${mark}`);
          }
        }
        summarize('fitted set', rows.filter((r) => !r.heldOut));
        summarize('held-out set (*)', rows.filter((r) => r.heldOut));
        summarize('all', rows);
        console.log(`estimation ${((estMs * 1000) / Math.max(1, rows.length)).toFixed(1)} µs/function`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
