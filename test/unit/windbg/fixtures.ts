// Test helper: reads the sample stacks under test/fixtures/stacks, from the TypeScript sources or
// from the esbuild bundle under dist/ alike (the repo root is found by walking up).

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'test', 'fixtures', 'stacks'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`test/fixtures/stacks not found above ${__dirname}`);
}

export const STACKS_DIR = join(repoRoot(), 'test', 'fixtures', 'stacks');

export function stackFixture(name: string): string {
  return readFileSync(join(STACKS_DIR, name), 'utf8');
}

export function seedPost(prefix: string): string | null {
  // The seed posts live outside the repo (/work/shared/seeds); tests using them skip when absent.
  const dir = join(repoRoot(), '..', 'shared', 'seeds');
  if (!existsSync(dir)) return null;
  const f = readdirSync(dir).find((n) => n.startsWith(prefix));
  return f ? readFileSync(join(dir, f), 'utf8') : null;
}
