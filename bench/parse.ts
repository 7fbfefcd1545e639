// Parsing front-end benchmark.
//   node dist/bench/parse.js [dir]        (default: /tmp/wds if it exists, else test/fixtures)
// Prints: files, MB, bare tree-sitter parse time and MB/s (raw text, no extraction: the
// baseline), parseSource time (pre-scan + parse of the blanked text + extraction), the ratio,
// a breakdown, peak RSS, the share of function definitions containing an ERROR node without
// and with blanking, and the number of functions found.
//
// Get the Windows-driver-samples corpus (outside the repo) with:
//   mkdir -p /tmp/wds && git --git-dir=/work/.mirror/microsoft+Windows-driver-samples/repo \
//     archive HEAD -- ':(exclude)*.mp4' | tar -x -C /tmp/wds

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { initParser, languageForFile, parseSource } from '../server/src/analysis/parse/index';
import { scanSource } from '../server/src/analysis/parse/scan';
import { grammars } from '../server/src/analysis/parse/wasmLoader';
import { corpusFiles } from './lib/corpusFiles';


function defaultDir(): string {
  if (existsSync('/tmp/wds')) return '/tmp/wds';
  for (const d of [join(process.cwd(), 'test', 'fixtures'), join(__dirname, '..', '..', 'test', 'fixtures')]) if (existsSync(d)) return d;
  return process.cwd();
}

function ms(x: number): string {
  return `${x.toFixed(0)} ms`;
}

/** Process CPU time (user + system) in ms: robust against other processes sharing the cores. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Wall-clock and CPU time of a phase, summed over files. */
class Phase {
  wall = 0;
  cpu = 0;
  private w0 = 0;
  private c0 = 0;
  start(): void {
    this.w0 = performance.now();
    this.c0 = cpuMs();
  }
  stop(): void {
    this.wall += performance.now() - this.w0;
    this.cpu += cpuMs() - this.c0;
  }
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? defaultDir();
  await initParser();
  const g = grammars();
  if (!g) throw new Error('parser not initialised');
  const files = corpusFiles(dir);
  const byFolder = new Map<string, string[]>();
  for (const f of files) {
    const d = f.slice(0, Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\')));
    const list = byFolder.get(d);
    if (list) list.push(f);
    else byFolder.set(d, [f]);
  }
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const langs = files.map((f, i) => {
    const folder = f.slice(0, Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\')));
    return /\.h$/i.test(f) ? languageForFile(f, byFolder.get(folder), texts[i]) : languageForFile(f);
  });
  const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
  const mb = bytes / (1024 * 1024);
  console.log(`corpus: ${dir}`);
  console.log(`files: ${files.length}, ${mb.toFixed(1)} MB`);

  // Warm up the JIT on a few files (not timed).
  for (let i = 0; i < Math.min(20, files.length); i++) parseSource(texts[i], files[i], { language: langs[i] });

  // Per file, interleaved so that load from other processes affects all three alike:
  //   1. baseline: bare tree-sitter parse of the raw text;
  //   2. breakdown: the pre-scan alone, then a parse of the blanked text alone;
  //   3. the real thing: parseSource.
  const bare = new Phase();
  const scanPhase = new Phase();
  const blankedParse = new Phase();
  const full = new Phase();
  let defsRaw = 0;
  let defsRawErr = 0;
  let functions = 0;
  let definitions = 0;
  let defsErr = 0;
  let skipped = 0;
  let calls = 0;
  let records = 0;
  const { parser } = g;
  for (let i = 0; i < files.length; i++) {
    const lang = langs[i] === 'cpp' ? g.cpp : g.c;
    parser.setLanguage(lang);
    bare.start();
    const tree = parser.parse(texts[i]);
    bare.stop();
    if (tree) {
      const defs = tree.rootNode.descendantsOfType('function_definition') as Node[];
      for (const d of defs) {
        if (!d) continue;
        defsRaw++;
        if (d.hasError) defsRawErr++;
      }
      tree.delete();
    }

    scanPhase.start();
    const scan = scanSource(texts[i], { language: langs[i] });
    scanPhase.stop();
    parser.setLanguage(lang);
    blankedParse.start();
    const blankedTree = parser.parse(scan.blanked);
    blankedParse.stop();
    blankedTree?.delete();

    full.start();
    const s = parseSource(texts[i], files[i], { language: langs[i] });
    full.stop();
    if (s.skipped) skipped++;
    functions += s.functions.length;
    records += s.records.length;
    for (const f of s.functions) {
      if (!f.isDefinition) continue;
      definitions++;
      calls += f.calls.length;
      if (f.hasParseErrors) defsErr++;
    }
  }
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const pct = (a: number, b: number): string => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)} %`);

  const line = (label: string, p: Phase): string =>
    `${label}: ${ms(p.cpu)} CPU (${(mb / (p.cpu / 1000)).toFixed(2)} MB/s), ${ms(p.wall)} wall`;
  console.log(line('bare tree-sitter parse of the raw text (baseline)', bare));
  console.log(line('parseSource (pre-scan + parse + extract)', full));
  console.log(`ratio parseSource / bare parse: ${(full.cpu / bare.cpu).toFixed(2)}x CPU time (${(full.wall / bare.wall).toFixed(2)}x wall)`);
  const extractCpu = Math.max(0, full.cpu - scanPhase.cpu - blankedParse.cpu);
  console.log(
    `  breakdown (CPU): pre-scan ${ms(scanPhase.cpu)} (${(scanPhase.cpu / bare.cpu).toFixed(2)}x bare), parse of the blanked text ${ms(blankedParse.cpu)} (${(blankedParse.cpu / bare.cpu).toFixed(2)}x bare), extraction and the rest ≈ ${ms(extractCpu)} (${(extractCpu / bare.cpu).toFixed(2)}x bare)`,
  );
  console.log(`peak RSS: ${rssMb.toFixed(0)} MB`);
  console.log(`function definitions with an ERROR node: without blanking ${pct(defsRawErr, defsRaw)} (${defsRawErr}/${defsRaw}), with blanking ${pct(defsErr, definitions)} (${defsErr}/${definitions})`);
  console.log(`functions found: ${functions} (${definitions} definitions), records: ${records}, calls: ${calls}, skipped files: ${skipped}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
