// Builds the DDI knowledge base data files from the docs index (extract-docs.mjs) and a call-site
// ranking of a driver corpus (count-calls.mjs, or bench/ddi-coverage.ts --write-ranking):
//
//   server/src/analysis/irql/ddi/ddiTable.json       documented routines in corpus-frequency order
//   server/src/analysis/irql/ddi/roleTypedefs.json   callback typedefs (role typedefs) with req.irql
//   server/src/analysis/irql/ddi/documentedNames.json every documented function/macro name
//
// Only facts are written: names, headers, the req.irql text, the parsed bounds and the page path.
// Routines are taken in frequency order until the table covers --target (default 0.95) of the
// corpus's call sites to documented DDIs; names with a curated entry in semantics.ts and role
// typedefs named in roleTypedefIrql.ts are always included.
//
// Usage: node scripts/ddi/build-table.mjs [--docs /tmp/ddi-work/docs-index.json]
//          [--ranking /tmp/ddi-work/corpus-counts.json] [--roles other-counts.json] [--target 0.95]
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ddiDir = join(root, 'server/src/analysis/irql/ddi');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const docsFile = arg('--docs', '/tmp/ddi-work/docs-index.json');
const rankingFile = arg('--ranking', '/tmp/ddi-work/corpus-counts.json');
const target = Number(arg('--target', '0.95'));
// Role typedef declarations can come from a second counter too (the regex counter sees every
// `CALLBACK_TYPEDEF Name;`, the parser only the typedefs it recognises).
const rolesFile = arg('--roles', null);
for (const f of [docsFile, rankingFile]) {
  if (!existsSync(f)) {
    console.error(`missing ${f}: run scripts/ddi/extract-docs.mjs and scripts/ddi/count-calls.mjs first`);
    process.exit(1);
  }
}

// One implementation of each fact source: bundle the TypeScript modules and load them.
async function loadTs(file) {
  const out = await esbuild.build({
    entryPoints: [join(ddiDir, file)], bundle: true, write: false, format: 'cjs', platform: 'node', logLevel: 'error',
  });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, () => ({}));
  return mod.exports;
}
const { parseIrqlText } = await loadTs('irqlLevels.ts');
const { DDI_SEMANTICS, DDI_ALIASES, DDI_REQUIRED } = await loadTs('semantics.ts');
const { ROLE_OVERRIDES, REGISTRATIONS, SLOT_ROLES, EXTRA_ROLES } = await loadTs('roleTypedefIrql.ts');

const URL_BASE = 'https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/';
const pages = JSON.parse(readFileSync(docsFile, 'utf8'));
const ranking = JSON.parse(readFileSync(rankingFile, 'utf8'));

const IDENT = /^[A-Za-z_]\w*$/;
// Where a name has several pages (RtlZeroMemory is documented under wdm, storport, scsi, ...), the
// core kernel/KMDF page is the one to cite; among equals, one that states an IRQL.
const HEADER_RANK = ['wdm.h', 'ntddk.h', 'ntifs.h', 'fltkernel.h', 'ndis.h', 'wdf', 'ntstrsafe.h', 'storport.h', 'ks.h', 'portcls.h'];
const headerRank = (h) => {
  const i = HEADER_RANK.findIndex((p) => (p.endsWith('.h') ? h.toLowerCase() === p : h.toLowerCase().startsWith(p)));
  return i < 0 ? HEADER_RANK.length : i;
};
const better = (a, b) =>
  (b.irql ? 1 : 0) - (a.irql ? 1 : 0) ||
  headerRank(a.header) - headerRank(b.header) ||
  (a.url.includes('~') ? 1 : 0) - (b.url.includes('~') ? 1 : 0) ||
  a.url.length - b.url.length ||
  (a.url < b.url ? -1 : 1);
function index(kind) {
  const m = new Map();
  for (const p of pages) {
    if (p.kind !== kind) continue;
    for (const n of p.names) {
      if (!IDENT.test(n)) continue;
      const cur = m.get(n);
      if (!cur || better(p, cur) < 0) m.set(n, p);
    }
  }
  return m;
}
const functions = index('nf');
const callbacks = index('nc');

// Names the curated layers need: overlay entries, alias targets, partners named in pairsWith,
// registration routines; callback roles named anywhere in roleTypedefIrql.ts.
const curatedDdis = new Set([
  ...Object.keys(DDI_SEMANTICS),
  ...Object.values(DDI_ALIASES).map((a) => a.target),
  ...Object.values(DDI_SEMANTICS).flatMap((s) => s.pairsWith ?? []),
  ...Object.keys(REGISTRATIONS),
  ...DDI_REQUIRED,
]);
const curatedRoles = new Set([
  ...Object.keys(ROLE_OVERRIDES),
  ...Object.values(REGISTRATIONS).flatMap((r) => r.callbacks.map((c) => c.role)),
  ...Object.values(SLOT_ROLES).map((s) => s.role),
  'DRIVER_DISPATCH',
]);
for (const name of Object.keys(EXTRA_ROLES)) curatedRoles.delete(name);

const pagePath = (p) => p.url.slice(URL_BASE.length);
function row(name, p) {
  const b = parseIrqlText(p.irql);
  const min = b ? (b.min ?? 0) : null;
  const max = b ? (b.max ?? (b.min !== undefined ? 15 : null)) : null;
  const r = [name, pagePath(p), p.irql, min, max];
  // The header is implied by the page directory (wdm/… → wdm.h) unless it differs.
  const dir = pagePath(p).split('/')[0];
  if (p.header && p.header.toLowerCase() !== `${dir}.h`) r.push(p.header);
  return r;
}

// 1. Routines in frequency order up to the coverage target.
const total = ranking.ddiCalls;
const rows = [];
const included = new Set();
let covered = 0;
let lastCount = Infinity;
for (const [name, count] of ranking.ranked) {
  const p = functions.get(name);
  if (!p) continue;
  // Stop at the target, but never split a group of equally frequent names.
  if (covered / total >= target && count < lastCount) break;
  rows.push(row(name, p));
  included.add(name);
  covered += count;
  lastCount = count;
}
const byFrequency = rows.length;
const missingCurated = [];
for (const name of curatedDdis) {
  if (included.has(name)) continue;
  const p = functions.get(name);
  if (!p) { missingCurated.push(name); continue; }
  rows.push(row(name, p));
  included.add(name);
}

// 2. Role typedefs: every callback typedef the corpus declares functions with, plus curated ones.
const corpusRoles = new Set((ranking.roleDecls ?? []).map(([n]) => n));
if (rolesFile && existsSync(rolesFile)) for (const [n] of JSON.parse(readFileSync(rolesFile, 'utf8')).roleDecls ?? []) corpusRoles.add(n);
const roleNames = new Set([...corpusRoles, ...curatedRoles]);
const roleRows = [];
const missingRoles = [];
let corpusRolesWithoutPage = 0;
for (const name of [...roleNames].sort()) {
  const p = callbacks.get(name);
  if (p) roleRows.push(row(name, p));
  else if (curatedRoles.has(name)) missingRoles.push(name);
  else corpusRolesWithoutPage++;
}

const FORMAT = ['name', 'page (append to ' + URL_BASE + ')', 'req.irql text', 'minIrql', 'maxIrql', 'header when not <page dir>.h'];
const stamp = {
  generatedBy: 'scripts/ddi/build-table.mjs',
  docs: 'MicrosoftDocs/windows-driver-docs-ddi (wdk-ddi-src/content), front matter req.irql/req.header/api_name',
  urlBase: URL_BASE,
  format: FORMAT,
};
const writeRows = (file, extra, list) =>
  writeFileSync(join(ddiDir, file), '{\n' + Object.entries({ ...stamp, ...extra }).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)},\n`).join('') + '"rows": [\n' + list.map((r) => JSON.stringify(r)).join(',\n') + '\n]}\n');
writeRows('ddiTable.json', {
  selection: `corpus call-site frequency order (${ranking.corpus}, ${ranking.files} files) until ${(100 * covered / total).toFixed(1)} % of ${total} documented-DDI call sites; then names curated in semantics.ts`,
}, rows);
writeRows('roleTypedefs.json', { selection: 'callback typedefs used to declare functions in the corpus, plus those curated in roleTypedefIrql.ts' }, roleRows);
const allNames = [...functions.keys()].sort();
writeFileSync(join(ddiDir, 'documentedNames.json'), JSON.stringify({ source: stamp.docs, count: allNames.length, names: allNames }) + '\n');

console.log(`ddiTable.json: ${rows.length} routines (${byFrequency} by frequency covering ${covered}/${total} = ${(100 * covered / total).toFixed(2)} %, ${rows.length - byFrequency} curated extras)`);
console.log(`roleTypedefs.json: ${roleRows.length} callback typedefs (${corpusRolesWithoutPage} other typedef names declared in the corpus have no callback page)`);
console.log(`documentedNames.json: ${allNames.length} names`);
if (missingCurated.length) console.log(`curated names without a docs page: ${missingCurated.join(', ')}`);
if (missingRoles.length) console.log(`curated role typedefs without a docs page: ${missingRoles.join(', ')}`);
