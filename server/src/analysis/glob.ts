// A small glob matcher for the include/exclude settings (no dependency for a few lines of code).
// Supported: `*` (within one path segment), `**` (any number of segments), `?`, `{a,b}` (nested),
// `[abc]` / `[!abc]` / `[a-z]`. Paths use `/`; matching is case-insensitive (driver trees come
// from Windows, where `Driver.C` and `driver.c` are the same file). A pattern without `/` also
// matches the base name anywhere (`*.inl` excludes every .inl file, as users expect).

export interface GlobMatcher {
  pattern: string;
  test(relativePath: string): boolean;
}

export function compileGlob(pattern: string): GlobMatcher {
  const normalized = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  const re = new RegExp('^' + translate(normalized) + '$', 'i');
  const baseOnly = !normalized.includes('/');
  return {
    pattern,
    test(path: string): boolean {
      const p = path.replace(/\\/g, '/');
      if (re.test(p)) return true;
      if (baseOnly) {
        const i = p.lastIndexOf('/');
        return i >= 0 && re.test(p.slice(i + 1));
      }
      return false;
    },
  };
}

export function matchesAny(globs: readonly GlobMatcher[], path: string): boolean {
  for (const g of globs) if (g.test(path)) return true;
  return false;
}

const SPECIAL = /[.+^$()|\\]/;

function translate(p: string): string {
  let out = '';
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        const atStart = i === 0 || p[i - 1] === '/';
        const slashAfter = p[i + 2] === '/';
        const atEnd = i + 2 === p.length;
        if (atStart && slashAfter) {
          out += '(?:.*/)?';
          i += 3;
          continue;
        }
        if (atStart && atEnd && i > 0) {
          // `dir/**`: the directory itself and everything below it.
          out = out.replace(/\/$/, '') + '(?:/.*)?';
          i += 2;
          continue;
        }
        out += '.*';
        i += 2;
        continue;
      }
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '{') {
      const end = matchingBrace(p, i);
      if (end < 0) {
        out += '\\{';
        i++;
        continue;
      }
      const alternatives = splitTopLevel(p.slice(i + 1, end));
      out += '(?:' + alternatives.map(translate).join('|') + ')';
      i = end + 1;
    } else if (c === '[') {
      const end = p.indexOf(']', i + 2);
      if (end < 0) {
        out += '\\[';
        i++;
        continue;
      }
      let body = p.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += '[' + (negate ? '^' : '') + body.replace(/[\\\]]/g, '\\$&') + ']';
      i = end + 1;
    } else {
      out += SPECIAL.test(c) ? '\\' + c : c;
      i++;
    }
  }
  return out;
}

function matchingBrace(p: string, open: number): number {
  let depth = 0;
  for (let i = open; i < p.length; i++) {
    if (p[i] === '{') depth++;
    else if (p[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}
