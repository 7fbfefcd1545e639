import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileGlob } from '../../../server/src/analysis/glob';
import { collectSourceFiles } from '../../../server/src/analysis/loadFiles';
import { DEFAULT_SETTINGS } from '../../../server/src/analysis/settings';

test('glob: **, *, ?, braces, classes, base-name patterns', () => {
  const g = (p: string, s: string) => compileGlob(p).test(s);
  assert.ok(g('**/*.{c,cpp,h}', 'src/driver.c'));
  assert.ok(g('**/*.{c,cpp,h}', 'driver.cpp'));
  assert.ok(!g('**/*.{c,cpp,h}', 'driver.cs'));
  assert.ok(g('**/node_modules/**', 'a/node_modules/b/c.h'));
  assert.ok(g('**/node_modules/**', 'node_modules'));
  assert.ok(g('**/out/**', 'build/out'));
  assert.ok(!g('**/out/**', 'build/output/x.c'));
  assert.ok(g('src/*.c', 'src/a.c'));
  assert.ok(!g('src/*.c', 'src/sub/a.c'));
  assert.ok(g('src/**/a.c', 'src/a.c'));
  assert.ok(g('src/**/a.c', 'src/x/y/a.c'));
  assert.ok(g('file?.c', 'file1.c'));
  assert.ok(g('file[0-9].c', 'file7.c'));
  assert.ok(!g('file[!0-9].c', 'file7.c'));
  assert.ok(g('*.inl', 'deep/dir/x.inl'));
  assert.ok(g('**/*.C', 'Driver.c'), 'case-insensitive');
  assert.ok(g('a+b(1).c', 'a+b(1).c'), 'regex metacharacters are literal');
});

test('collectSourceFiles walks folders, filters by extension and globs, skips node_modules/.git, tolerates symlink loops', () => {
  const root = mkdtempSync(join(tmpdir(), 'sl-files-'));
  mkdirSync(join(root, 'src', 'sub'), { recursive: true });
  mkdirSync(join(root, 'node_modules', 'x'), { recursive: true });
  mkdirSync(join(root, '.git'), { recursive: true });
  mkdirSync(join(root, 'out'), { recursive: true });
  for (const f of ['src/a.c', 'src/b.H', 'src/sub/c.cpp', 'src/readme.md', 'node_modules/x/y.c', '.git/z.c', 'out/gen.c', 'src/sub/d.inl']) writeFileSync(join(root, f), '');
  symlinkSync(root, join(root, 'src', 'loop'));
  const files = collectSourceFiles([root], DEFAULT_SETTINGS).map((f) => f.slice(root.length + 1));
  assert.deepEqual(files, ['src/a.c', 'src/b.H', 'src/sub/c.cpp', 'src/sub/d.inl']);
  const onlyC = collectSourceFiles([root], { include: ['**/*.c'], exclude: [] }).map((f) => f.slice(root.length + 1));
  assert.deepEqual(onlyC, ['out/gen.c', 'src/a.c']);
  // An explicitly named file is taken whatever its extension; a missing path is ignored.
  const explicit = collectSourceFiles([join(root, 'src/readme.md'), join(root, 'missing.c')], DEFAULT_SETTINGS);
  assert.deepEqual(explicit, [join(root, 'src/readme.md')]);
});
