// Test harness for the Stack Panel webview in headless Chromium. A local HTTP server serves the
// panel's real HTML shell (client/src/panelHtml.ts, with its real CSP, `cspSource` being the
// server's origin), dist/webview/main.js and panel.css, and a theme stylesheet with VS Code's
// variables. A fake `acquireVsCodeApi` records what the panel posts. Shared by the browser tests
// and bench/panel-draw.ts.

import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { panelHtml } from '../../client/src/panelHtml';
import { themeCss, type ThemeName } from './themes';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** The repository root (the folder with package.json above this bundle or source file). */
export function repoRoot(): string {
  let d = __dirname;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'client'))) return d;
    d = dirname(d);
  }
  return process.cwd();
}

export async function launchChromium(): Promise<Browser> {
  // Loaded lazily so that a machine without playwright-core can still report the skip.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

const FAKE_API = `
(function () {
  var posted = [];
  var state = undefined;
  window.__posted = posted;
  window.__acquired = 0;
  window.acquireVsCodeApi = function () {
    window.__acquired++;
    if (window.__acquired > 1) throw new Error('acquireVsCodeApi called twice');
    return {
      postMessage: function (m) { posted.push(JSON.parse(JSON.stringify(m))); },
      getState: function () { return state; },
      setState: function (s) { state = s; window.__state = s; },
    };
  };
  document.body.classList.add(document.documentElement.getAttribute('data-theme') === 'light' ? 'vscode-light' : 'vscode-dark');
})();`;

export interface PanelServer {
  origin: string;
  /** URL of the panel page for a theme; `csp: false` drops the CSP meta (to prove escaping alone is enough). */
  url(theme: ThemeName, csp?: boolean): string;
  close(): Promise<void>;
}

/** Serves the panel from the built dist/webview. Run the build first. */
export async function startPanelServer(): Promise<PanelServer> {
  const root = repoRoot();
  const webviewDir = join(root, 'dist', 'webview');
  if (!existsSync(join(webviewDir, 'main.js'))) throw new Error(`dist/webview/main.js is missing: run node scripts/build.mjs first`);
  let origin = '';
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', origin);
    const send = (type: string, body: string | Buffer): void => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (u.pathname === '/panel.html') {
      const theme: ThemeName = u.searchParams.get('theme') === 'light' ? 'light' : 'dark';
      const nonce = 'h' + Math.random().toString(36).slice(2) + 'Z';
      let html = panelHtml({ cspSource: origin, scriptUri: `${origin}/webview/main.js`, styleUri: `${origin}/webview/panel.css`, nonce });
      if (u.searchParams.get('csp') === '0') html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, '');
      // VS Code injects its theme variables and default styles; the fake API goes before main.js.
      html = html
        .replace('<html lang="en">', `<html lang="en" data-theme="${theme}">`)
        .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/theme-${theme}.css">\n<link rel="stylesheet"`)
        .replace(`<script nonce="${nonce}"`, `<script nonce="${nonce}">${FAKE_API}</script>\n<script nonce="${nonce}"`);
      return send('text/html; charset=utf-8', html);
    }
    const themeMatch = /^\/theme-(light|dark)\.css$/.exec(u.pathname);
    if (themeMatch) return send('text/css; charset=utf-8', themeCss(themeMatch[1] as ThemeName));
    if (u.pathname === '/webview/main.js') return send('text/javascript; charset=utf-8', readFileSync(join(webviewDir, 'main.js')));
    if (u.pathname === '/webview/panel.css') return send('text/css; charset=utf-8', readFileSync(join(webviewDir, 'panel.css')));
    if (u.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (theme, csp = true) => `${origin}/panel.html?theme=${theme}${csp ? '' : '&csp=0'}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface PanelPageOptions {
  theme?: ThemeName;
  csp?: boolean;
  width?: number;
  height?: number;
}

/** Opens the panel page and waits until it has posted `ready`. Collects page errors and dialogs. */
export async function openPanel(browser: Browser, server: PanelServer, opts: PanelPageOptions = {}): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
  const page = await browser.newPage({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(server.url(opts.theme ?? 'dark', opts.csp ?? true));
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return { page, errors, dialogs };
}

/** Sends an extension → webview message, as VS Code would. */
export async function sendToPanel(page: Page, msg: unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), msg);
}

/** Messages the panel posted so far. */
export async function postedMessages(page: Page): Promise<{ type: string; [k: string]: unknown }[]> {
  return page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.slice()) as Promise<{ type: string; [k: string]: unknown }[]>;
}

export async function clearPosted(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __posted: unknown[] }).__posted.length = 0;
  });
}

export function readFixture(name: string): unknown {
  return JSON.parse(readFileSync(join(repoRoot(), 'test', 'browser', 'fixtures', name), 'utf8'));
}

/**
 * Plays the extension's part for one parse request: waits for the panel's newest `parse`
 * message, runs `parse` on it (the real parser, in node) and answers with the result.
 */
export async function answerNextParse(
  page: Page,
  parse: (text: string, opts: { arch?: string; limitBytes?: number }) => unknown,
  afterSeq = 0,
): Promise<{ seq: number; text: string }> {
  await page.waitForFunction(
    (after) => (window as unknown as { __posted: { type: string; seq?: number }[] }).__posted.some((m) => m.type === 'parse' && (m.seq ?? 0) > after),
    afterSeq,
  );
  const msgs = await postedMessages(page);
  const req = msgs.filter((m) => m.type === 'parse').pop() as unknown as { seq: number; text: string; arch?: string; limitBytes?: number };
  const result = parse(req.text, { arch: req.arch, limitBytes: req.limitBytes });
  await sendToPanel(page, { type: 'result', seq: req.seq, result });
  return { seq: req.seq, text: req.text };
}

export function readExampleStack(name: string): string {
  return readFileSync(join(repoRoot(), 'examples', 'stacks', name), 'utf8');
}
