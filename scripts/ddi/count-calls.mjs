// Counts call sites per documented DDI name in a driver corpus (default: Windows-driver-samples
// extracted to /tmp/wds) with a careful regex: comments, string and character literals are
// blanked first, then `Identifier (` occurrences are counted, except where the identifier is the
// name being defined (`#define Name(`) or declared (the previous token is a type name or `*`).
// Names a sample project defines itself (function definitions, #defines, WPP trace macros from
// `begin_wpp config` comments and .vcxproj <WppTraceFunction>) are the project's own, not DDIs.
// Also records role typedef declarations (`DRIVER_DISPATCH MyDispatch;`) of documented callbacks.
// This is the bootstrap ranking used before the project parser existed; bench/ddi-coverage.ts
// measures the same thing with the real parser.
//
// Usage: node scripts/ddi/count-calls.mjs [corpus=/tmp/wds] [docsIndex=/tmp/ddi-work/docs-index.json] [out=/tmp/ddi-work/corpus-counts.json]
import { readdirSync, readFileSync, writeFileSync, statSync, existsSync } from 'node:fs';
import { join, extname, relative, sep } from 'node:path';

const corpus = process.argv[2] ?? '/tmp/wds';
const indexFile = process.argv[3] ?? '/tmp/ddi-work/docs-index.json';
const out = process.argv[4] ?? '/tmp/ddi-work/corpus-counts.json';
if (!existsSync(corpus) || !existsSync(indexFile)) {
  console.error('need the corpus and the docs index (run extract-docs.mjs first)');
  process.exit(1);
}
const pages = JSON.parse(readFileSync(indexFile, 'utf8'));
const documented = new Set();
for (const p of pages) if (p.kind === 'nf') for (const n of p.names) if (/^[A-Za-z_]\w*$/.test(n)) documented.add(n);

const callbackTypedefs = new Set();
for (const p of pages) if (p.kind === 'nc') for (const n of p.names) callbackTypedefs.add(n);
const roleDecls = new Map();

const EXTS = new Set(['.c', '.cpp', '.cxx', '.h', '.hpp', '.inl']);
function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) yield* walk(p);
    else if (EXTS.has(extname(name).toLowerCase()) || name.toLowerCase().endsWith('.vcxproj')) yield p;
  }
}

/** Replaces comments and string/char literals with spaces (keeps newlines). */
function blankNonCode(s) {
  let r = '';
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i];
    const d = s[i + 1];
    if (c === '/' && d === '/') {
      while (i < n && s[i] !== '\n') { r += ' '; i++; }
    } else if (c === '/' && d === '*') {
      r += '  '; i += 2;
      while (i < n && !(s[i] === '*' && s[i + 1] === '/')) { r += s[i] === '\n' ? '\n' : ' '; i++; }
      r += '  '; i += 2;
    } else if (c === '"' || c === "'") {
      r += ' '; i++;
      while (i < n && s[i] !== c && s[i] !== '\n') {
        if (s[i] === '\\') { r += ' '; i++; }
        r += ' '; i++;
      }
      r += ' '; i++;
    } else { r += c; i++; }
  }
  return r;
}

// Per sample project (the first two directory levels, e.g. `general/toaster`): names the project
// defines itself (a function definition or a `#define Name`). A call to such a name is a call to
// the project's own code (many samples define their own `Trace`), not to the DDI of that name.
const projectOf = (f) => relative(corpus, f).split(sep).slice(0, 2).join('/');
const localDefs = new Map(); // project → Set of names
const calls = []; // [project, name]
let declarations = 0;
let localCalls = 0;
const EXPR_KEYWORDS = new Set(['return', 'else', 'case', 'do', 'throw', 'co_return', 'sizeof', 'new', 'delete']);
const KEYWORDS = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'defined', '__try', '__except', 'catch', 'do', 'else', '__declspec', 'alignas', 'decltype', '__pragma', '_Pragma']);
let files = 0;
for (const f of walk(corpus)) {
  if (!f.toLowerCase().endsWith('.vcxproj')) files++;
  const project = projectOf(f);
  let defs = localDefs.get(project);
  if (!defs) localDefs.set(project, (defs = new Set()));
  const raw = readFileSync(f, 'latin1');
  if (f.toLowerCase().endsWith('.vcxproj')) {
    // WPP trace functions configured in the project (`<WppTraceFunction>Trace(LEVEL,FLAGS,MSG,...)`, `-func:Name(`).
    for (const m of raw.matchAll(/(?:<WppTraceFunction>|-func:)\s*([A-Za-z_]\w*)\s*\(/g)) defs.add(m[1]);
    continue;
  }
  // WPP trace macros are declared inside comments (`// begin_wpp config ... FUNC Trace(...)`);
  // the WPP preprocessor turns them into macros, so they are the project's own, not DDIs.
  for (const block of raw.matchAll(/begin_wpp\s+config([\s\S]*?)end_wpp/g)) {
    for (const m of block[1].matchAll(/\bFUNC\s+([A-Za-z_]\w*)/g)) defs.add(m[1]);
  }
  const text = blankNonCode(raw);
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm)) defs.add(m[1]);
  // Role typedef declarations: `DRIVER_DISPATCH MyDispatch;`, `EVT_WDF_DPC MyDpc;`.
  for (const m of text.matchAll(/^\s*([A-Z][A-Z0-9_]+)\s+[A-Za-z_]\w*\s*;/gm)) {
    if (callbackTypedefs.has(m[1])) roleDecls.set(m[1], (roleDecls.get(m[1]) ?? 0) + 1);
  }
  for (const m of text.matchAll(/(#\s*define\s+)?(?<![\w.>:~])([A-Za-z_]\w*)\s*\(/g)) {
    if (m[1]) continue; // a macro being defined, not a call
    const name = m[2];
    if (KEYWORDS.has(name)) continue;
    // A declaration or definition: the previous token is a type name or `*` (`NTSTATUS DriverEntry(`,
    // `PVOID *Foo(`), except keywords that precede expressions (`return Foo(`).
    const before = /([A-Za-z_]\w*|\*)\s*$/.exec(text.slice(Math.max(0, m.index - 64), m.index));
    if (before && !EXPR_KEYWORDS.has(before[1])) {
      declarations++;
      if (isDefinition(text, m.index + m[0].length)) defs.add(name);
      continue;
    }
    calls.push([project, name]);
  }
}

/** After the `(` of a declaration: does a `{` follow the balanced parameter list? */
function isDefinition(text, openParenEnd) {
  let depth = 1;
  let i = openParenEnd;
  const limit = Math.min(text.length, openParenEnd + 4000);
  while (i < limit && depth > 0) {
    const c = text[i++];
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  while (i < limit && /\s/.test(text[i])) i++;
  return text[i] === '{';
}

const counts = new Map();
let ddiCalls = 0;
for (const [project, name] of calls) {
  if (!documented.has(name)) continue;
  if (localDefs.get(project)?.has(name)) { localCalls++; continue; }
  ddiCalls++;
  counts.set(name, (counts.get(name) ?? 0) + 1);
}
const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
const roleRanked = [...roleDecls.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
writeFileSync(out, JSON.stringify({ corpus, files, totalCalls: calls.length, ddiCalls, localCalls, ranked, roleDecls: roleRanked }));
console.log(`${files} files, ${calls.length} call sites, ${ddiCalls} to ${ranked.length} distinct documented DDI names; skipped ${declarations} declarations and ${localCalls} calls to project-local definitions of documented names → ${out}`);
