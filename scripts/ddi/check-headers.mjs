// Cross-checks the DDI table against the SAL IRQL annotations of the WDK headers: an independent
// second source for the same facts (the docs' req.irql vs the header's _IRQL_requires_max_ etc.).
// Reads the headers straight from a bare git mirror of a WDK header collection (nothing is
// extracted or committed) and prints agreement figures and every disagreement.
//
// Usage: node scripts/ddi/check-headers.mjs [--git /work/.mirror/T-RN-R+ddk_headers/repo]
//          [--headers km/wdm.h,km/ntddk.h,...] [--verbose]
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const gitDir = arg('--git', '/work/.mirror/T-RN-R+ddk_headers/repo');
const headers = arg('--headers', 'km/wdm.h,km/ntddk.h,km/ntifs.h,km/fltKernel.h,km/ndis.h,km/storport.h,km/ntstrsafe.h,km/miniport.h,km/ndis/nblapi.h,km/ndis/nblaccessors.h,km/ndis/mdlapi.h,km/portcls.h,km/iointex.h,km/usbdlib.h').split(',');
const verbose = process.argv.includes('--verbose');
if (!existsSync(gitDir)) {
  console.error(`no header mirror at ${gitDir}`);
  process.exit(1);
}

const out = await esbuild.build({
  entryPoints: [join(root, 'server/src/analysis/irql/ddi/index.ts')], bundle: true, write: false, format: 'cjs', platform: 'node', logLevel: 'error',
  loader: { '.json': 'json' },
});
const mod = { exports: {} };
new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, (m) => (m === 'node:fs' || m === 'fs' ? { readFileSync } : {}));
const { allDdiFacts, parseIrqlText } = mod.exports;

/** Comments blanked, so annotations in comments do not count. */
function stripComments(s) {
  return s.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
}

const texts = [];
for (const h of headers) {
  try {
    texts.push([h, stripComments(execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:${h}`], { encoding: 'latin1', maxBuffer: 64 << 20 }))]);
  } catch {
    console.error(`(missing ${h})`);
  }
}

/** Balanced-parenthesis argument after position i (at '('). */
function balanced(s, i) {
  let depth = 0;
  for (let j = i; j < s.length && j < i + 2000; j++) {
    if (s[j] === '(') depth++;
    else if (s[j] === ')' && --depth === 0) return [s.slice(i + 1, j), j + 1];
  }
  return [null, i + 1];
}

/** The IRQL annotations of one declaration's prefix: unconditional and `_When_` ones. */
function annotations(prefix) {
  const res = { max: [], min: [], exact: [], raises: [], whenMax: [] };
  const re = /(_When_|_IRQL_requires_max_|_IRQL_requires_min_|_IRQL_requires_|_IRQL_raises_|__drv_maxIRQL|__drv_minIRQL|__drv_requiresIRQL)\s*\(/g;
  let m;
  while ((m = re.exec(prefix))) {
    const [inner, end] = balanced(prefix, m.index + m[0].length - 1);
    if (inner === null) continue;
    if (m[1] === '_When_') {
      for (const w of inner.matchAll(/(?:_IRQL_requires_max_|__drv_maxIRQL)\s*\(\s*([A-Z_0-9]+)\s*\)/g)) {
        const b = parseIrqlText(w[1]);
        if (b) res.whenMax.push(b.max ?? b.min);
      }
      re.lastIndex = end;
      continue;
    }
    const b = parseIrqlText(inner.trim());
    if (!b) continue;
    if (m[1] === '_IRQL_requires_max_' || m[1] === '__drv_maxIRQL') res.max.push(b.max ?? b.min);
    else if (m[1] === '_IRQL_requires_min_' || m[1] === '__drv_minIRQL') res.min.push(b.min ?? b.max);
    else if (m[1] === '_IRQL_raises_') res.raises.push(b.min ?? b.max);
    else res.exact.push(b.min);
  }
  return res;
}

// One pass per header: every line that starts a declaration of `Name (`, indexed by name.
const DECL_LINE = /^[ \t]*(?:[A-Za-z_][\w \t*]*?[ \t*])?([A-Za-z_]\w*)[ \t]*\(/;
const index = new Map(); // name → [text, lineStart, matchEnd][]
for (const [, text] of texts) {
  let lineStart = 0;
  while (lineStart < text.length) {
    let eol = text.indexOf('\n', lineStart);
    if (eol < 0) eol = text.length;
    const line = text.slice(lineStart, eol);
    const m = DECL_LINE.exec(line);
    if (m && !/^\s*#/.test(line)) {
      const list = index.get(m[1]) ?? [];
      list.push([text, lineStart, lineStart + m[0].length]);
      index.set(m[1], list);
    }
    lineStart = eol + 1;
  }
}

/** Every declaration prefix of `name` in the headers (text back to the previous `;`/`}`/directive). */
function declarations(name) {
  const found = [];
  for (const [text, lineStart, end] of index.get(name) ?? []) {
    let start = lineStart;
    let back = 0;
    while (start > 0 && back < 3000) {
      const c = text[start - 1];
      if (c === ';' || c === '}' || c === '{') break;
      if (c === '\n' && /^[ \t]*#/.test(text.slice(start, text.indexOf('\n', start)))) break;
      start--;
      back++;
    }
    found.push(annotations(text.slice(start, end)));
  }
  return found;
}

const stats = { checked: 0, noDecl: 0, noAnnotation: 0, agree: 0, docsStricter: 0, docsLooser: 0, docsUnknown: 0, conditionalOnly: 0 };
const disagreements = [];
for (const f of allDdiFacts()) {
  if (f.aliasOf) continue;
  const decls = declarations(f.name);
  if (decls.length === 0) { stats.noDecl++; continue; }
  stats.checked++;
  const maxes = decls.flatMap((d) => [...d.max, ...d.exact]);
  const whenMaxes = decls.flatMap((d) => d.whenMax);
  if (maxes.length === 0 && whenMaxes.length === 0) { stats.noAnnotation++; continue; }
  const headerMax = maxes.length ? Math.max(...maxes) : Math.max(...whenMaxes);
  if (!maxes.length) stats.conditionalOnly++;
  if (f.maxIrql === null) { stats.docsUnknown++; disagreements.push(`${f.name}: docs unknown ("${f.irqlText}"), header max ${headerMax}`); continue; }
  if (f.maxIrql === headerMax) stats.agree++;
  else if (f.maxIrql < headerMax) { stats.docsStricter++; disagreements.push(`${f.name}: table max ${f.maxIrql} < header max ${headerMax} ("${f.irqlText}")`); }
  else { stats.docsLooser++; disagreements.push(`${f.name}: table max ${f.maxIrql} > header max ${headerMax} ("${f.irqlText}")`); }
}
console.log(`headers: ${texts.map(([h]) => h).join(', ')}`);
console.log(`table entries with a header declaration: ${stats.checked} (${stats.noDecl} not declared as functions in these headers: macros, KMDF, other headers)`);
console.log(`  with an IRQL annotation: ${stats.checked - stats.noAnnotation} (${stats.conditionalOnly} only conditional _When_ bounds)`);
console.log(`  max IRQL agrees: ${stats.agree}; table stricter: ${stats.docsStricter}; table looser: ${stats.docsLooser}; table unknown: ${stats.docsUnknown}`);
if (verbose || disagreements.length <= 60) for (const d of disagreements) console.log('  ' + d);
else console.log(`  (${disagreements.length} disagreements; --verbose lists them)`);
