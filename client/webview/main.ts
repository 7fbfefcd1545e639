// Entry point of the Stack Panel webview: builds the page, talks to the extension and renders
// parse results. Everything shown from a paste goes through textContent (see dom.ts).

import type { ParsedStack, StackParseResult } from '../../server/src/windbg/model';
import type { ExtensionToWebview, WebviewToExtension } from '../src/panelProtocol';
import { MAX_PASTE_CHARS, type PanelSnapshot } from '../src/panelProtocol';
import { clear, el } from './dom';
import { normalizeResult } from './normalize';
import { PasteBox, type PasteRequest, type PasteState } from './pasteBox';
import { StackView } from './stackView';
import { Tooltip } from './tooltip';
import { formatInt } from './format';
import { getVsCodeApi } from './vscodeApi';

/** Stacks rendered at once; the others render when their section is opened. */
const EAGER_STACKS = 6;

class App {
  private readonly api = getVsCodeApi<PasteState>();
  private readonly paste: PasteBox;
  private readonly results: HTMLElement;
  private readonly status: HTMLElement;
  private readonly tooltip: Tooltip;
  private views: StackView[] = [];
  private seq = 0;
  private pendingSeq = 0;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement) {
    clear(root);
    const header = el(
      'header',
      { className: 'app-header' },
      el('h1', { text: 'StackLens — kernel stack' }),
      el('p', { className: 'muted', text: 'Who ate the stack? Paste a WinDbg stack to see every frame against the kernel stack limit.' }),
    );
    this.paste = new PasteBox({
      request: (req) => this.request(req),
      changed: (state) => this.saveState(state),
    });
    this.status = el('div', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite', id: 'sl-status' } });
    this.results = el('div', { className: 'results', attrs: { id: 'sl-results' } });
    this.tooltip = new Tooltip(document.body);
    root.append(header, this.paste.node, this.status, this.results);
    this.showEmpty();

    window.addEventListener('message', (e: MessageEvent) => this.onMessage(e.data));
    window.addEventListener('resize', () => {
      if (this.resizeTimer !== undefined) clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => this.redraw(), 120);
    });

    const saved = this.api.getState();
    if (saved && typeof saved === 'object') {
      this.paste.restore(saved);
      if (saved.text) this.paste.submit(true);
    }
    this.post({ type: 'ready' });
  }

  private post(msg: WebviewToExtension): void {
    this.api.postMessage(msg);
  }

  private saveState(state: PasteState): void {
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.api.setState(state), 300);
  }

  private request(req: PasteRequest): void {
    if (!req.text.trim()) {
      this.pendingSeq = ++this.seq;
      this.setStatus('');
      this.showEmpty();
      return;
    }
    if (req.text.length > MAX_PASTE_CHARS) {
      this.setStatus(`The paste is ${formatInt(req.text.length)} characters; the limit is ${formatInt(MAX_PASTE_CHARS)}.`, 'error');
      return;
    }
    this.pendingSeq = ++this.seq;
    this.setStatus('Parsing…', 'busy');
    this.post({ type: 'parse', seq: this.pendingSeq, text: req.text, arch: req.arch, limitBytes: req.limitBytes });
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'object' || data === null) return;
    const msg = data as ExtensionToWebview;
    switch (msg.type) {
      case 'result':
        if (msg.seq !== undefined && msg.seq !== this.pendingSeq) return; // an answer to older text
        this.render(normalizeResult(msg.result));
        return;
      case 'error':
        if (msg.seq !== undefined && msg.seq !== this.pendingSeq) return;
        this.setStatus(String(msg.message ?? 'Parse failed.'), 'error');
        return;
      case 'setText':
        if (typeof msg.text === 'string') this.paste.setText(msg.text, typeof msg.origin === 'string' ? msg.origin : undefined);
        return;
      case 'notice':
        if (typeof msg.message === 'string') this.setStatus(msg.message, msg.kind === 'error' ? 'error' : 'info');
        return;
      case 'snapshot':
        this.post({ type: 'snapshotResult', id: Number(msg.id), snapshot: this.snapshot() });
        return;
    }
  }

  /** What is on screen, read back from the DOM (not from the parse result). */
  private snapshot(): PanelSnapshot {
    const cell = (row: Element, sel: string): string => (row.querySelector(sel)?.textContent ?? '').trim();
    const firstTable = this.results.querySelector('table.modules');
    const modules = firstTable
      ? Array.from(firstTable.querySelectorAll('tbody tr')).map((row) => {
          const tds = row.querySelectorAll('td.num');
          return {
            module: cell(row, 'th'),
            bytes: (tds[0]?.textContent ?? '').trim(),
            share: cell(row, '.share-text'),
            frames: (tds[1]?.textContent ?? '').trim(),
          };
        })
      : [];
    const stacks = Array.from(this.results.querySelectorAll('section h2, details > summary')).map((h) => (h.textContent ?? '').trim());
    return { stacks, modules, status: this.status.textContent ?? '' };
  }

  private setStatus(text: string, kind: 'info' | 'error' | 'busy' = 'info'): void {
    this.status.textContent = text;
    this.status.className = `status status-${kind}`;
    this.status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  }

  private showEmpty(): void {
    this.disposeViews();
    clear(this.results);
    this.results.appendChild(
      el(
        'div',
        { className: 'empty' },
        el('p', { text: 'No stack yet.' }),
        el('p', {
          className: 'muted',
          text: 'Tip: in WinDbg run !thread (for the stack base and limit) and kf or kcf (for the Memory column), then paste both here.',
        }),
      ),
    );
  }

  private disposeViews(): void {
    for (const v of this.views) v.dispose();
    this.views = [];
  }

  /** Draws a result; exposed on `window` for the benchmark and tests (returns the draw time). */
  render(result: StackParseResult): number {
    const t0 = performance.now();
    this.disposeViews();
    clear(this.results);
    const stacks = result.stacks;
    if (!stacks.length) {
      this.setStatus('No WinDbg stack found in the paste.', 'info');
      this.results.appendChild(el('div', { className: 'empty' }, el('p', { text: 'No stack frames were recognised. Paste the output of k, kb, kv, kf, kcf or !thread.' })));
      return performance.now() - t0;
    }
    const totalFrames = stacks.reduce((a, s) => a + s.frames.length, 0);
    this.setStatus(`${stacks.length} stack${stacks.length === 1 ? '' : 's'}, ${formatInt(totalFrames)} frames.`);
    const hooks = {
      openFrame: (stack: ParsedStack, pos: number) => this.post({ type: 'openFrame', frame: stack.frames[pos] }),
      copyMarkdown: (markdown: string) => this.post({ type: 'copyMarkdown', markdown }),
      saveSvg: (svg: string, suggestedName: string) => this.post({ type: 'saveSvg', svg, suggestedName }),
    };
    stacks.forEach((stack, i) => {
      if (i < EAGER_STACKS) {
        const view = new StackView(stack, i, this.tooltip, hooks);
        this.views.push(view);
        this.results.appendChild(view.node);
        view.draw();
      } else {
        // Later stacks (e.g. every thread of !process) render on demand.
        const det = el('details', { className: 'stack-lazy' }, el('summary', { text: `${stack.title} — ${formatInt(stack.frames.length)} frames` }));
        det.addEventListener(
          'toggle',
          () => {
            if (!det.open || det.querySelector('section')) return;
            const view = new StackView(stack, i, this.tooltip, hooks);
            this.views.push(view);
            det.appendChild(view.node);
            view.draw();
          },
        );
        this.results.appendChild(det);
      }
    });
    return performance.now() - t0;
  }

  private redraw(): void {
    for (const v of this.views) if (v.node.isConnected) v.draw();
  }
}

declare global {
  interface Window {
    /** Test and benchmark hook: draw a result directly (same code path as a `result` message). */
    stackLensRender?: (result: unknown) => number;
  }
}

function start(): void {
  const root = document.getElementById('app') ?? document.body.appendChild(el('main', { attrs: { id: 'app' } }));
  const app = new App(root);
  window.stackLensRender = (result: unknown) => app.render(normalizeResult(result));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
