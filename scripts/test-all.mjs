// `npm test`: build, type-check, then every test level in order of cost:
//   1. unit tests (node:test)            dist/test/unit/**
//   2. grammar tests (vscode-textmate)   dist/test/grammar/**
//   3. protocol tests (LSP over stdio)   dist/test/protocol/**
//   4. browser tests (headless Chromium) dist/test/browser/**
//   5. integration tests in a real VS Code (scripts/run-integration.mjs)
// Prints one closing line "tests: N passed, N failed" over all levels; exits non-zero on failure.
// STACKLENS_SKIP_INTEGRATION=1 skips level 5 (for quick local runs; CI never sets it).

import { spawn } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './lib/systemDeps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let passed = 0;
let failed = 0;
const failures = [];

function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code, out }));
  });
}

function testFiles(dir) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

/** Reads node's spec reporter summary ("ℹ pass 12" / "ℹ fail 0"). */
function countNodeTests(out) {
  const pass = /^[ℹ#] pass (\d+)/m.exec(out);
  const fail = /^[ℹ#] fail (\d+)/m.exec(out);
  return { pass: pass ? Number(pass[1]) : 0, fail: fail ? Number(fail[1]) : 0 };
}

async function step(name, fn) {
  const t0 = Date.now();
  console.log(`\n=== ${name} ===`);
  const ok = await fn();
  console.log(`=== ${name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - t0) / 1000).toFixed(1)} s) ===`);
  if (!ok) failures.push(name);
  return ok;
}

async function nodeTests(name, dir, extraArgs = []) {
  return step(name, async () => {
    const files = testFiles(join(root, 'dist', 'test', dir));
    if (files.length === 0) {
      console.log(`no ${name} found under dist/test/${dir}`);
      failed++;
      return false;
    }
    const { code, out } = await run(process.execPath, ['--test', '--test-reporter=spec', ...extraArgs, ...files]);
    const { pass, fail } = countNodeTests(out);
    passed += pass;
    failed += fail;
    if (code !== 0 && fail === 0) failed++;
    return code === 0;
  });
}

// Browser tests need Debian's chromium; the offline VS Code needs libkrb5-dev to build.
ensureDebianPackages(['chromium', 'libkrb5-dev'], 'the browser and integration tests');

const built = await step('build', async () => (await run(process.execPath, ['scripts/build.mjs'])).code === 0);
if (!built) {
  console.log('\ntests: 0 passed, 1 failed');
  process.exit(1);
}
await step('typecheck', async () => {
  const r = await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit']);
  if (r.code !== 0) failed++;
  return r.code === 0;
});
await nodeTests('unit tests', 'unit');
await nodeTests('grammar tests', 'grammar');
await nodeTests('protocol tests', 'protocol', ['--test-concurrency=1']);
await nodeTests('browser tests', 'browser', ['--test-concurrency=1']);
if (process.env.STACKLENS_SKIP_INTEGRATION === '1') {
  console.log('\n=== integration tests: skipped (STACKLENS_SKIP_INTEGRATION=1) ===');
} else {
  await step('integration tests (real VS Code)', async () => {
    const { code, out } = await run(process.execPath, ['scripts/run-integration.mjs']);
    const m = /^integration: (\d+) passed, (\d+) failed/m.exec(out);
    if (m) {
      passed += Number(m[1]);
      failed += Number(m[2]);
    }
    if (code !== 0 && (!m || Number(m[2]) === 0)) failed++;
    return code === 0;
  });
}

if (failures.length) console.log(`\nfailed steps: ${failures.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failures.length || failed ? 1 : 0);
