// Bundles every entry point with esbuild and copies the tree-sitter WASM files next to them.
// Usage: node scripts/build.mjs [--production] [--quiet]
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, statSync, existsSync, chmodSync, rmSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const quiet = process.argv.includes('--quiet');
const dist = join(root, 'dist');

function walk(dir, pred, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name === 'fixtures' || name === 'node_modules') continue;
      walk(p, pred, out);
    } else if (pred(p)) out.push(p);
  }
  return out;
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const common = {
  define: { STACKLENS_VERSION: JSON.stringify(pkg.version) },
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: quiet ? 'error' : 'warning',
  absWorkingDir: root,
};

const nodeTargets = [
  { in: 'client/src/extension.ts', out: 'client/extension' },
  { in: 'server/src/server.ts', out: 'server/server' },
  { in: 'server/src/cli/stacklens.ts', out: 'cli/stacklens' },
];
// Test and benchmark entry points: every test/**/*.test.ts, every file of test/integration/ and
// bench/*.ts becomes its own bundle under dist/ (shared helpers are bundled into each).
const entry = (f) => ({ in: relative(root, f), out: relative(root, f).replace(/\.ts$/, '') });
for (const f of walk(join(root, 'test'), (p) => p.endsWith('.test.ts'))) nodeTargets.push(entry(f));
for (const f of walk(join(root, 'test', 'integration'), (p) => p.endsWith('.ts') && !p.endsWith('.test.ts'))) nodeTargets.push(entry(f));
for (const f of walk(join(root, 'bench'), (p) => p.endsWith('.ts') && !p.includes('/lib/'))) nodeTargets.push(entry(f));

// Start clean: stale bundles or source maps must not end up in a .vsix or be tested.
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const t0 = Date.now();
await esbuild.build({
  ...common,
  entryPoints: nodeTargets,
  outdir: dist,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'playwright-core', 'vscode-textmate', 'vscode-oniguruma', '@vscode/test-electron'],
});
await esbuild.build({
  ...common,
  entryPoints: [{ in: 'client/webview/main.ts', out: 'webview/main' }],
  outdir: dist,
  platform: 'browser',
  target: 'chrome114',
  format: 'iife',
});
cpSync(join(root, 'client', 'webview', 'panel.css'), join(dist, 'webview', 'panel.css'));

// The grammars' own WASM files and the runtime's WASM are copied, never rebuilt.
const wasmDir = join(dist, 'wasm');
mkdirSync(wasmDir, { recursive: true });
cpSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'), join(wasmDir, 'web-tree-sitter.wasm'));
cpSync(join(root, 'node_modules/tree-sitter-c/tree-sitter-c.wasm'), join(wasmDir, 'tree-sitter-c.wasm'));
cpSync(join(root, 'node_modules/tree-sitter-cpp/tree-sitter-cpp.wasm'), join(wasmDir, 'tree-sitter-cpp.wasm'));
chmodSync(join(dist, 'cli', 'stacklens.js'), 0o755);
if (!quiet) console.log(`built ${nodeTargets.length + 1} bundles in ${Date.now() - t0} ms`);
