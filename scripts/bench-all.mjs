// `npm run bench`: runs every benchmark under dist/bench/ in turn and prints its figures.
// Benchmarks compare against a baseline measured in the same run (see each file's header), and
// take an optional corpus directory from STACKLENS_CORPUS (default: /tmp/wds when present).

import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'dist', 'bench');
const only = process.argv.slice(2);
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.js') && (!only.length || only.some((o) => f.includes(o)))) : [];
let failed = 0;
for (const f of files.sort()) {
  console.log(`\n==== bench/${f.replace(/\.js$/, '.ts')} ====`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(dir, f)], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
