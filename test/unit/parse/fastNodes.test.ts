// FastNode (parse/fastNodes.ts) must be invisible: every summary extracted through it equals the
// one extracted through web-tree-sitter's own Node, on every fixture and example of the project.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { initParser, parseSource } from '../../../server/src/analysis/parse/index';
import { fastNodesEnabled, useFastNodes } from '../../../server/src/analysis/parse/fastNodes';

const root = join(__dirname, '..', '..', '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(c|cpp|h|hpp)$/i.test(name)) out.push(p);
  }
  return out;
}

test('the fast node path is verified and enabled with the pinned web-tree-sitter', async () => {
  await initParser();
  assert.equal(fastNodesEnabled(), true);
});

test('summaries are identical with and without the fast node path', async () => {
  await initParser();
  const files = [...sources(join(root, 'test', 'fixtures')), ...sources(join(root, 'examples'))];
  assert.ok(files.length >= 20, `only ${files.length} fixture files found`);
  try {
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      useFastNodes(false);
      const slow = parseSource(text, f);
      useFastNodes(true);
      const fast = parseSource(text, f);
      assert.deepStrictEqual(fast, slow, f);
    }
  } finally {
    useFastNodes(true);
  }
});

test('switching the fast path off really changes the path taken', async () => {
  await initParser();
  useFastNodes(false);
  assert.equal(fastNodesEnabled(), false);
  useFastNodes(true);
  assert.equal(fastNodesEnabled(), true);
});
