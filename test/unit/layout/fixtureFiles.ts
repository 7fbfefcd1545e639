// Locate and parse fixture files from a test bundle (dist/test/...) or the sources.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { initParser, parseSource } from '../../../server/src/analysis/parse/index';
import type { FileSummary } from '../../../server/src/analysis/model';

export function fixturesDir(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = resolve(start);
    for (let i = 0; i < 8; i++) {
      if (existsSync(join(dir, 'test', 'fixtures'))) return join(dir, 'test', 'fixtures');
      dir = dirname(dir);
    }
  }
  throw new Error('test/fixtures not found');
}

export async function parseFixtures(...relPaths: string[]): Promise<FileSummary[]> {
  await initParser();
  const root = fixturesDir();
  return relPaths.map((p) => {
    const file = join(root, p);
    return parseSource(readFileSync(file, 'utf8'), file);
  });
}
