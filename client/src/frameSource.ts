// Maps a WinDbg frame to a file in the user's workspace. The paths in `[file @ line]` annotations
// are the build machine's (`C:\src\MyDriver\DevMain.cpp`, `minkernel\wdf\...`), so they are
// matched by file name and then by how many trailing folder names agree. Pure functions, no
// `vscode` import, so they are unit-tested in node.

/** Path segments of a debugger path, without the drive letter or empty parts. */
export function debuggerPathSegments(path: string): string[] {
  return path
    .split(/[\\/]+/)
    .map((s) => s.trim())
    .filter((s, i) => s.length > 0 && !(i === 0 && /^[A-Za-z]:$/.test(s)));
}

/** The file name of a debugger path (`DevMain.cpp`), or '' when there is none. */
export function debuggerFileName(path: string): string {
  const segs = debuggerPathSegments(path);
  return segs.length ? segs[segs.length - 1] : '';
}

/**
 * A `findFiles` glob that matches exactly this file name anywhere in the workspace. Glob
 * metacharacters in the name are replaced by `?` (any one character), so a name such as
 * `a[1].c` cannot widen the search; callers compare the real names afterwards.
 */
export function fileNameGlob(fileName: string): string {
  return `**/${fileName.replace(/[*?[\]{}!,\\]/g, '?')}`;
}

/** How many trailing segments two paths share, compared case-insensitively (Windows paths). */
export function sharedTrailingSegments(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n].toLowerCase() === b[b.length - 1 - n].toLowerCase()) n++;
  return n;
}

/**
 * Orders workspace files (file-system paths) by how well they match the debugger path: only files
 * with the same name are kept; more shared trailing folders first; then shorter paths.
 */
export function rankSourceCandidates(debuggerPath: string, candidates: readonly string[]): string[] {
  const want = debuggerPathSegments(debuggerPath);
  if (!want.length) return [];
  const scored: { path: string; score: number; depth: number }[] = [];
  for (const c of candidates) {
    const segs = debuggerPathSegments(c);
    const score = sharedTrailingSegments(want, segs);
    if (score >= 1) scored.push({ path: c, score, depth: segs.length });
  }
  scored.sort((x, y) => y.score - x.score || x.depth - y.depth || (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  return scored.map((s) => s.path);
}

/**
 * The name to look up in the workspace symbol index for a WinDbg symbol:
 * `DevMain::processRawURB` → `processRawURB`, `std::kstring::operator+=` → `operator+=`,
 * `` FxMemoryBuffer::`scalar deleting destructor' `` → '' (compiler-generated, never in source).
 */
export function symbolLookupName(symbol: string | null): string {
  if (!symbol) return '';
  let s = symbol.trim();
  if (s.includes('`')) return '';
  s = stripTemplateArgs(s);
  const parts = s.split('::').filter((p) => p.length > 0);
  const last = parts.length ? parts[parts.length - 1] : '';
  return last.replace(/^_?imp_/, '').replace(/\s+/g, '');
}

/** The class or namespace prefix of a symbol (`DevMain` for `DevMain::processRawURB`), or ''. */
export function symbolContainer(symbol: string | null): string {
  if (!symbol) return '';
  const parts = stripTemplateArgs(symbol.trim()).split('::').filter((p) => p.length > 0);
  return parts.length > 1 ? parts[parts.length - 2] : '';
}

function stripTemplateArgs(s: string): string {
  let out = '';
  let depth = 0;
  for (const ch of s) {
    if (ch === '<') depth++;
    else if (ch === '>' && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}

/** WinDbg lines are 1-based; editors want 0-based. Out-of-range values clamp to the first line. */
export function zeroBasedLine(debuggerLine: number): number {
  return Number.isFinite(debuggerLine) && debuggerLine >= 1 ? Math.floor(debuggerLine) - 1 : 0;
}

/** True when `child` (a file-system path) lies inside `folder`; compares case-insensitively on Windows paths. */
export function isInsideFolder(child: string, folder: string, caseInsensitive: boolean): boolean {
  const norm = (p: string): string => {
    const s = p.replace(/\\/g, '/').replace(/\/+$/, '');
    return caseInsensitive ? s.toLowerCase() : s;
  };
  const c = norm(child);
  const f = norm(folder);
  if (!f) return false;
  if (c.split('/').includes('..')) return false;
  return c === f || c.startsWith(f + '/');
}
