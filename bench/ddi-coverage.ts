// DDI knowledge-base coverage on a real driver corpus, measured with the project parser.
//   node dist/bench/ddi-coverage.js [corpusDir] [--write-ranking out.json] [--top N]
// (default corpus: /tmp/wds when it exists — see docs/ddi-table.md for how to extract it)
//
// Counts every call site the parser finds (FunctionDecl.calls), keeps the calls to a plain
// identifier, and of those the calls to documented DDIs (a page in the WDK DDI reference, or a
// header alias of one). A name the sample project defines itself — a function definition, a
// `#define`, or a WPP trace macro configured in a `begin_wpp config` comment or the .vcxproj — is
// the project's own and not counted as a DDI call (many samples define their own `Trace`).
// Prints: call sites, DDI call sites, covered by the table, coverage %, coverage with a known
// IRQL bound, the top uncovered names, and the lookup cost against a plain Map.get baseline
// measured in the same run.
// --write-ranking writes the DDI call counts in the format scripts/ddi/build-table.mjs reads.

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { initParser, languageForFile, parseSource } from '../server/src/analysis/parse/index';
import { ddiCount, isDocumentedDdi, lookupDdi } from '../server/src/analysis/irql/ddi/index';

const SOURCE = /\.(c|cpp|cxx|cc|h|hpp|hxx|inl)$/i;

function walk(dir: string, out: { sources: string[]; projects: string[] }): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      if (name !== 'node_modules' && name !== '.git') walk(p, out);
    } else if (SOURCE.test(name)) out.sources.push(p);
    else if (/\.vcxproj$/i.test(name)) out.projects.push(p);
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function pct(a: number, b: number): string {
  return b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(2)} %`;
}

async function main(): Promise<void> {
  const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(i > 0 && all[i - 1].startsWith('--')));
  const dir = positional[0] ?? (existsSync('/tmp/wds') ? '/tmp/wds' : undefined);
  if (!dir || !existsSync(dir)) {
    console.log('no corpus: pass a directory, or extract Windows-driver-samples to /tmp/wds (docs/ddi-table.md)');
    return;
  }
  const top = Number(arg('--top') ?? '30');
  const t0 = performance.now();
  await initParser();
  const found = { sources: [] as string[], projects: [] as string[] };
  walk(dir, found);
  found.sources.sort();

  // A sample project = the first two directory levels (`general/toaster`): its own definitions
  // shadow DDI names for its calls.
  const projectOf = (f: string): string => relative(dir, f).split(sep).slice(0, 2).join('/');
  const localDefs = new Map<string, Set<string>>();
  const defsOf = (project: string): Set<string> => {
    let s = localDefs.get(project);
    if (!s) localDefs.set(project, (s = new Set()));
    return s;
  };
  for (const p of found.projects) {
    const text = readFileSync(p, 'utf8');
    for (const m of text.matchAll(/(?:<WppTraceFunction>|-func:)\s*([A-Za-z_]\w*)\s*\(/g)) defsOf(projectOf(p)).add(m[1]);
  }

  const byFolder = new Map<string, string[]>();
  for (const f of found.sources) {
    const d = f.slice(0, f.lastIndexOf(sep));
    const list = byFolder.get(d);
    if (list) list.push(f);
    else byFolder.set(d, [f]);
  }

  let totalCalls = 0;
  let identCalls = 0;
  let parseMs = 0;
  let skipped = 0;
  const calls: [string, string][] = []; // [project, callee] for plain-identifier callees
  const roleDecls = new Map<string, number>();
  for (const f of found.sources) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    const project = projectOf(f);
    const defs = defsOf(project);
    for (const block of text.matchAll(/begin_wpp\s+config([\s\S]*?)end_wpp/g)) {
      for (const m of block[1].matchAll(/\bFUNC\s+([A-Za-z_]\w*)/g)) defs.add(m[1]);
    }
    const language = /\.h$/i.test(f) ? languageForFile(f, byFolder.get(f.slice(0, f.lastIndexOf(sep))), text) : languageForFile(f);
    const tp = performance.now();
    const s = parseSource(text, f, { language });
    parseMs += performance.now() - tp;
    if (s.skipped && s.functions.length === 0) skipped++;
    for (const d of s.defines) defs.add(d.name);
    for (const fn of s.functions) {
      if (fn.isDefinition) defs.add(fn.name);
      if (fn.roleTypedef) roleDecls.set(fn.roleTypedef, (roleDecls.get(fn.roleTypedef) ?? 0) + 1);
      for (const c of fn.calls) {
        totalCalls++;
        if (c.calleeName === null || c.callee !== c.calleeName) continue; // member, qualified or indirect call
        identCalls++;
        calls.push([project, c.calleeName]);
      }
    }
  }

  let ddiCalls = 0;
  let localCalls = 0;
  let covered = 0;
  let coveredKnown = 0;
  let aliasCalls = 0;
  const counts = new Map<string, number>();
  const uncovered = new Map<string, number>();
  const ddiNamesAtSites: string[] = [];
  for (const [project, name] of calls) {
    if (!isDocumentedDdi(name)) continue;
    if (localDefs.get(project)?.has(name)) {
      localCalls++;
      continue;
    }
    ddiCalls++;
    ddiNamesAtSites.push(name);
    counts.set(name, (counts.get(name) ?? 0) + 1);
    const f = lookupDdi(name);
    if (f) {
      covered++;
      if (f.maxIrql !== null) coveredKnown++;
      if (f.aliasOf) aliasCalls++;
    } else uncovered.set(name, (uncovered.get(name) ?? 0) + 1);
  }
  const elapsed = performance.now() - t0;

  // Lookup cost: lookupDdi over every DDI call site vs a plain Map.get over the same names.
  const plain = new Map<string, number>(ddiNamesAtSites.map((n, i) => [n, i]));
  const rounds = 20;
  let sink = 0;
  const tb = performance.now();
  for (let r = 0; r < rounds; r++) for (const n of ddiNamesAtSites) sink += plain.get(n) === undefined ? 0 : 1;
  const baseMs = performance.now() - tb;
  const tl = performance.now();
  for (let r = 0; r < rounds; r++) for (const n of ddiNamesAtSites) sink += lookupDdi(n) ? 1 : 0;
  const lookupMs = performance.now() - tl;

  console.log(`corpus: ${dir}`);
  console.log(`files: ${found.sources.length} sources (${skipped} skipped by the parser), ${found.projects.length} .vcxproj; parse ${parseMs.toFixed(0)} ms`);
  console.log(`table: ${ddiCount()} routines`);
  console.log(`call sites (all):                         ${totalCalls}`);
  console.log(`call sites to a plain identifier:         ${identCalls}`);
  console.log(`  to project-local names shadowing a DDI: ${localCalls}`);
  console.log(`call sites to documented DDIs:            ${ddiCalls} (${counts.size} distinct names; ${aliasCalls} through header aliases)`);
  console.log(`covered by the table:                     ${covered}  = ${pct(covered, ddiCalls)}`);
  console.log(`covered with a known IRQL bound:          ${coveredKnown}  = ${pct(coveredKnown, ddiCalls)}`);
  console.log(`top ${top} uncovered documented DDIs (call sites):`);
  const ranked = [...uncovered.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  console.log('  ' + ranked.slice(0, top).map(([n, k]) => `${n} ${k}`).join(', '));
  console.log(`lookup: ${ddiNamesAtSites.length * rounds} lookups ${lookupMs.toFixed(1)} ms vs Map.get baseline ${baseMs.toFixed(1)} ms (ratio ${(lookupMs / Math.max(baseMs, 0.001)).toFixed(2)})${sink < 0 ? '' : ''}`);
  console.log(`time: ${(elapsed / 1000).toFixed(1)} s`);

  const out = arg('--write-ranking');
  if (out) {
    const rankedAll = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const roles = [...roleDecls.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    writeFileSync(out, JSON.stringify({ corpus: dir, files: found.sources.length, totalCalls, ddiCalls, localCalls, ranked: rankedAll, roleDecls: roles, counter: 'bench/ddi-coverage.ts (project parser)' }));
    console.log(`ranking written to ${out}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
