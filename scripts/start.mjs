// `npm start`: build the extension, print the CLI report for examples/, and open examples/ in
// VS Code with StackLens loaded: with `code` when it is on PATH, otherwise in code-server
// (VS Code in the browser, from npm) on 127.0.0.1, printing the URL. Ctrl+C stops it.

import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureOfflineVsCode, startCodeServer, waitHealthy, CODE_SERVER_VERSION } from './lib/offlineVsCode.mjs';
import { ensureDebianPackages } from './lib/systemDeps.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'examples');
const port = Number(process.env.STACKLENS_PORT ?? 8080);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

if (run(process.execPath, ['scripts/build.mjs', '--production']) !== 0) process.exit(1);

console.log('\n──── stacklens analyze examples/ (x64) ────\n');
run(process.execPath, ['dist/cli/stacklens.js', 'analyze', 'examples', '--arch', 'x64']);
console.log('\n──── stacklens stack examples/stacks/seed002-x86-kb-double-fault.txt ────\n');
run(process.execPath, ['dist/cli/stacklens.js', 'stack', 'examples/stacks/seed002-x86-kb-double-fault.txt']);

const hasCode = spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasCode && !process.env.STACKLENS_FORCE_CODE_SERVER) {
  console.log('\nOpening examples/ in VS Code with StackLens loaded from this folder ...');
  process.exit(run('code', [`--extensionDevelopmentPath=${root}`, examples]));
}

if (!ensureDebianPackages(['libkrb5-dev'], 'building code-server')) process.exit(1);
const { nodeDir, csBin } = ensureOfflineVsCode(join(root, '.vscode-test'));
const dataDir = join(root, '.vscode-test', 'start-data');
mkdirSync(dataDir, { recursive: true });
// Install the extension as a user would: package the .vsix and install it into code-server.
if (run(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', join(root, 'dist', 'stacklens.vsix')]) !== 0) process.exit(1);
const env = { ...process.env, PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}` };
if (run(csBin, ['--extensions-dir', join(dataDir, 'extensions'), '--user-data-dir', join(dataDir, 'user-data'), '--install-extension', join(root, 'dist', 'stacklens.vsix'), '--force'], { env }) !== 0) process.exit(1);
const cs = startCodeServer({ csBin, nodeDir, dataDir, port, smokeDriver: false, stdio: 'inherit' });
process.on('SIGINT', () => {
  cs.stop();
  process.exit(0);
});
process.on('exit', cs.stop);
await waitHealthy(port, 60000);
console.log(`\nStackLens in VS Code (code-server ${CODE_SERVER_VERSION}) is serving examples/ at:\n\n  http://127.0.0.1:${port}/?folder=${encodeURIComponent(examples)}\n\nOpen that URL in a browser on this machine. Press Ctrl+C to stop.`);
await new Promise(() => {});
