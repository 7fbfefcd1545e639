// Finds the source files to index under the given files/folders: used by the CLI and by the
// language server's initial indexing. Never throws on unreadable directories; never follows
// directory symlinks (loops); skips node_modules and .git whatever the settings say.

import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { SOURCE_EXTENSIONS, type StackLensSettings } from './settings';
import { compileGlob, matchesAny } from './glob';

const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git', '.svn', '.hg']);

export function hasSourceExtension(file: string): boolean {
  const lower = file.toLowerCase();
  for (const ext of SOURCE_EXTENSIONS) if (lower.endsWith(ext)) return true;
  return false;
}

/**
 * Absolute paths of the source files under `paths` (sorted, unique). A path naming a file is
 * taken as is (the user asked for it); folders are walked and filtered by SOURCE_EXTENSIONS and
 * the include/exclude globs, matched against the path relative to that folder.
 */
export function collectSourceFiles(paths: string[], settings: Pick<StackLensSettings, 'include' | 'exclude'>): string[] {
  const include = (settings.include ?? []).map(compileGlob);
  const exclude = (settings.exclude ?? []).map(compileGlob);
  const found = new Set<string>();
  for (const p of paths) {
    const abs = resolve(p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      continue;
    }
    if (st.isFile()) {
      found.add(abs);
      continue;
    }
    if (!st.isDirectory()) continue;
    const stack = [abs];
    while (stack.length) {
      const dir = stack.pop()!;
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        const full = join(dir, e.name);
        const rel = relative(abs, full).split(sep).join('/');
        if (e.isDirectory()) {
          if (ALWAYS_SKIPPED_DIRS.has(e.name)) continue;
          if (matchesAny(exclude, rel)) continue;
          stack.push(full);
          continue;
        }
        let isFile = e.isFile();
        if (e.isSymbolicLink()) {
          try {
            isFile = statSync(full).isFile();
          } catch {
            isFile = false;
          }
        }
        if (!isFile || !hasSourceExtension(e.name)) continue;
        if (include.length && !matchesAny(include, rel)) continue;
        if (matchesAny(exclude, rel)) continue;
        found.add(full);
      }
    }
  }
  return [...found].sort();
}
