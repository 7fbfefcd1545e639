// Reads the WDK DDI reference (MicrosoftDocs/windows-driver-docs-ddi, extracted to a temp dir) and
// writes a compact index of FACTS per documented routine: name, header, the req.irql text, the
// page's public URL and the parameter names. No prose is kept.
//
// Usage: node scripts/ddi/extract-docs.mjs [docsRoot=/tmp/ddi-docs] [out=/tmp/ddi-work/docs-index.json]
// The docs are never committed; only the generated table (facts + URLs) is.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';

const docsRoot = process.argv[2] ?? '/tmp/ddi-docs';
const out = process.argv[3] ?? '/tmp/ddi-work/docs-index.json';
const contentRoot = join(docsRoot, 'wdk-ddi-src', 'content');
if (!existsSync(contentRoot)) {
  console.error(`no docs at ${contentRoot}; extract with: git --git-dir=/work/.mirror/MicrosoftDocs+windows-driver-docs-ddi/repo archive HEAD | tar -x -C ${docsRoot}`);
  process.exit(1);
}

// docfx publishes wdk-ddi-src/content/<dir>/<page>.md at /windows-hardware/drivers/ddi/<dir>/<page>
// (checked against the site-relative links the pages themselves use, see verifyUrlMapping below).
export const URL_BASE = 'https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/';

/** Minimal YAML front-matter reader: scalar `key: value` lines and `key:` followed by ` - item` lists. */
function frontMatter(text) {
  if (!text.startsWith('---')) return null;
  const end = text.indexOf('\n---', 3);
  if (end < 0) return null;
  const fm = {};
  let listKey = null;
  for (const line of text.slice(3, end).split(/\n/)) {
    const raw = line.replace(/\r$/, "");
    const item = /^\s*-\s+(.*)$/.exec(raw);
    if (item && listKey) {
      fm[listKey].push(item[1].trim().replace(/^["']|["']$/g, ''));
      continue;
    }
    const kv = /^([A-Za-z0-9_.-]+):\s*(.*)$/.exec(raw);
    if (!kv) continue;
    if (kv[2] === '') {
      listKey = kv[1];
      fm[listKey] = [];
    } else {
      listKey = null;
      fm[kv[1]] = kv[2].trim().replace(/^["']|["']$/g, '');
    }
  }
  return { fm, bodyStart: end + 4 };
}

/**
 * The routine names a page documents: its api_name values, plus the name in its UID
 * (`NF:wdfsync.WdfObjectAcquireLock`) because a few KMDF pages list only the PFN_ typedef
 * (`PFN_WDFOBJECTACQUIRELOCK`) as api_name, plus the name in the title (`IoCompleteRequest macro`)
 * because a macro page can list only the function behind it (api_name `IofCompleteRequest`).
 * A `~r1` suffix marks a duplicate page of the same name.
 */
function namesOf(fm) {
  const names = Array.isArray(fm.api_name) ? [...fm.api_name] : [];
  const parts = typeof fm.UID === 'string' ? fm.UID.replace(/^N[A-Z]:/, '').split('.') : [];
  if (parts.length === 2) {
    const n = parts[1].replace(/~r\d+$/, '');
    if (/^[A-Za-z_]\w*$/.test(n) && !names.includes(n)) names.push(n);
  }
  const title = /^([A-Za-z_]\w*)\s+(?:function|macro)\b/.exec(typeof fm.title === 'string' ? fm.title : '');
  if (title && names.every((n) => /^[A-Za-z_]\w*$/.test(n)) && !names.includes(title[1])) names.push(title[1]);
  return names;
}

function paramNames(body) {
  const names = [];
  for (const m of body.matchAll(/^###\s+-param\s+([A-Za-z_][A-Za-z0-9_]*|\.\.\.)/gm)) names.push(m[1]);
  return names;
}

const pages = [];
let linkChecks = 0;
let linkHits = 0;
const missing = [];
for (const dir of readdirSync(contentRoot)) {
  const d = join(contentRoot, dir);
  if (!statSync(d).isDirectory()) continue;
  for (const file of readdirSync(d)) {
    const m = /^(n[a-z])-.*\.md$/.exec(file);
    if (!m) continue;
    const text = readFileSync(join(d, file), 'utf8');
    const parsed = frontMatter(text);
    if (!parsed) continue;
    const { fm } = parsed;
    const body = text.slice(parsed.bodyStart);
    const irql = typeof fm['req.irql'] === 'string' ? fm['req.irql'] : '';
    pages.push({
      kind: m[1], // nf = function/macro, nc = callback typedef, ns = struct, ne = enum, ni = ioctl ...
      uid: fm.UID ?? '',
      names: namesOf(fm),
      apiType: Array.isArray(fm.api_type) ? fm.api_type[0] ?? '' : '',
      header: fm['req.header'] ?? '',
      irql: irql.trim(),
      kmdf: fm['req.kmdf-ver'] ?? '',
      umdf: fm['req.umdf-ver'] ?? '',
      techRoot: fm['tech.root'] ?? '',
      targetType: fm['req.target-type'] ?? '',
      params: m[1] === 'nf' || m[1] === 'nc' ? paramNames(body) : [],
      url: URL_BASE + dir + '/' + file.replace(/\.md$/, ''),
      path: relative(docsRoot, join(d, file)),
    });
    // Verify the path → URL mapping with the site-relative links pages use to each other.
    {
      for (const l of text.matchAll(/(?:\(|href=")\/windows-hardware\/drivers\/ddi\/([a-z0-9_]+)\/(n[a-z]-[a-z0-9_-]+)(?:\)|")/g)) {
        linkChecks++;
        if (existsSync(join(contentRoot, l[1], l[2] + '.md'))) linkHits++;
        else if (missing.length < 8) missing.push(l[1] + '/' + l[2]);
      }
    }
  }
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(pages));
console.log(`${pages.length} reference pages → ${out}`);
console.log(`URL mapping check: ${linkHits}/${linkChecks} site-relative /windows-hardware/drivers/ddi/<dir>/<page> links resolve to content/<dir>/<page>.md`);
if (missing.length) console.log(`  unresolved examples (pages moved or removed): ${missing.join(', ')}`);
