// The Stack Panel: a webview that draws a pasted WinDbg stack as a flame bar against the kernel
// stack limit. This file is the extension-host side: it creates (or reuses) the panel, answers
// the webview's messages (parse, open a frame's source, copy Markdown, save SVG) and provides the
// command helpers the extension registers. The drawing itself lives in client/webview/.
//
// Security: the webview runs with a strict CSP (nonce'd script from dist/webview only, no network)
// and everything it sends is validated by `parseWebviewMessage` before use. The only file this
// panel ever writes is the SVG the user explicitly saves, at the path the user picked.

import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { StackArch, StackFrame, StackParseResult } from '../../server/src/windbg/model';
import {
  MAX_PASTE_CHARS,
  parseWebviewMessage,
  sanitizeSvgFileName,
  type ExtensionToWebview,
  type PanelSnapshot,
  type WebviewToExtension,
} from './panelProtocol';
import {
  debuggerFileName,
  fileNameGlob,
  isInsideFolder,
  rankSourceCandidates,
  symbolContainer,
  symbolLookupName,
  zeroBasedLine,
} from './frameSource';
import { PANEL_TITLE, panelHtml } from './panelHtml';

/** Parses pasted WinDbg text; the extension passes a function that sends `ParseStackRequest`. */
export type StackParseFn = (text: string, opts: { arch?: string; limitBytes?: number }) => Promise<StackParseResult>;

const VIEW_TYPE = 'stacklens.stackPanel';

export class StackPanel {
  static readonly viewType = VIEW_TYPE;
  private static current: StackPanel | undefined;

  private ready = false;
  private pending: { text: string; origin?: string } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private snapshotSeq = 0;
  private readonly snapshotWaiters = new Map<number, (s: PanelSnapshot) => void>();

  /** Shows the panel (creating it once, then reusing it); `initialText` replaces the paste box. */
  static show(
    context: vscode.ExtensionContext,
    parse: StackParseFn,
    initialText?: string,
    origin?: string,
  ): StackPanel {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    let panel = StackPanel.current;
    if (panel) {
      panel.parse = parse;
      panel.panel.reveal(column);
    } else {
      const webviewPanel = vscode.window.createWebviewPanel(VIEW_TYPE, PANEL_TITLE, column, webviewOptions(context));
      panel = new StackPanel(webviewPanel, context.extensionUri, parse);
    }
    if (initialText !== undefined) panel.setText(initialText, origin);
    return panel;
  }

  /**
   * Re-attaches to a panel VS Code restored after a reload (register with
   * `registerStackPanelSerializer`). The webview restores its own paste from its saved state.
   */
  static revive(webviewPanel: vscode.WebviewPanel, context: vscode.ExtensionContext, parse: StackParseFn): StackPanel {
    StackPanel.current?.dispose();
    webviewPanel.webview.options = webviewOptions(context);
    return new StackPanel(webviewPanel, context.extensionUri, parse);
  }

  /** The open panel, if any (for tests and for commands that act on it). */
  static get currentPanel(): StackPanel | undefined {
    return StackPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private parse: StackParseFn,
  ) {
    StackPanel.current = this;
    panel.webview.html = renderHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      // A hidden webview is torn down (no retainContextWhenHidden) and reloads when shown again;
      // until it says `ready` once more, text for it is kept pending instead of being lost.
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.ready = false;
      }),
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const msg = parseWebviewMessage(raw);
        if (msg) void this.onMessage(msg);
      }),
    );
  }

  /** Replaces the paste box's text; the webview parses it at once. */
  setText(text: string, origin?: string): void {
    const clipped = text.length > MAX_PASTE_CHARS ? text.slice(0, MAX_PASTE_CHARS) : text;
    if (clipped.length < text.length) {
      void vscode.window.showWarningMessage(
        `StackLens: the text is ${text.length.toLocaleString()} characters; only the first ${MAX_PASTE_CHARS.toLocaleString()} are shown.`,
      );
    }
    if (this.ready) this.post({ type: 'setText', text: clipped, origin });
    else this.pending = { text: clipped, origin };
  }

  /** Asks the webview what it currently shows (module table rows as rendered). */
  snapshot(timeoutMs = 5000): Promise<PanelSnapshot | undefined> {
    const id = ++this.snapshotSeq;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.snapshotWaiters.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.snapshotWaiters.set(id, (snap) => {
        clearTimeout(timer);
        resolve(snap);
      });
      this.post({ type: 'snapshot', id });
    });
  }

  dispose(): void {
    if (StackPanel.current === this) StackPanel.current = undefined;
    while (this.disposables.length) this.disposables.pop()?.dispose();
    this.panel.dispose();
  }

  private post(msg: ExtensionToWebview): void {
    void this.panel.webview.postMessage(msg);
  }

  private async onMessage(msg: WebviewToExtension): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        if (this.pending) {
          this.post({ type: 'setText', text: this.pending.text, origin: this.pending.origin });
          this.pending = undefined;
        }
        return;
      case 'parse':
        try {
          const opts: { arch?: StackArch; limitBytes?: number } = {};
          if (msg.arch) opts.arch = msg.arch;
          if (msg.limitBytes) opts.limitBytes = msg.limitBytes;
          const result = await this.parse(msg.text, opts);
          this.post({ type: 'result', seq: msg.seq, result });
        } catch (e) {
          this.post({ type: 'error', seq: msg.seq, message: `Could not parse the stack: ${errorText(e)}` });
        }
        return;
      case 'openFrame':
        try {
          const opened = await openFrameSource(msg.frame);
          if (!opened) {
            const name = frameName(msg.frame);
            void vscode.window.showInformationMessage(`StackLens: no source in this workspace matches ${name}.`);
            this.post({ type: 'notice', message: `No workspace source matches ${name}.` });
          }
        } catch (e) {
          this.post({ type: 'notice', kind: 'error', message: `Could not open the frame: ${errorText(e)}` });
        }
        return;
      case 'copyMarkdown':
        await vscode.env.clipboard.writeText(msg.markdown);
        this.post({ type: 'notice', message: 'Module table copied as Markdown.' });
        return;
      case 'saveSvg':
        await this.saveSvg(msg.svg, msg.suggestedName);
        return;
      case 'snapshotResult': {
        const waiter = this.snapshotWaiters.get(msg.id);
        this.snapshotWaiters.delete(msg.id);
        waiter?.(msg.snapshot);
        return;
      }
    }
  }

  private async saveSvg(svg: string, suggestedName: string | undefined): Promise<void> {
    const name = sanitizeSvgFileName(suggestedName);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { 'SVG image': ['svg'] },
      saveLabel: 'Save flame bar',
      title: 'Save the stack flame bar as SVG',
    });
    if (!target) return; // the user cancelled: nothing is written
    try {
      await vscode.workspace.fs.writeFile(target, Buffer.from(svg, 'utf8'));
      this.post({ type: 'notice', message: `Saved ${target.fsPath || target.toString()}` });
    } catch (e) {
      void vscode.window.showErrorMessage(`StackLens: could not save the SVG: ${errorText(e)}`);
      this.post({ type: 'notice', kind: 'error', message: `Could not save: ${errorText(e)}` });
    }
  }
}

function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    // The webview keeps its paste in `setState` and re-parses when shown again, so it does not
    // need to stay alive while hidden (which would hold a renderer process for nothing).
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
  };
}

/** The webview's HTML: a shell whose content is built by dist/webview/main.js. */
export function renderHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const base = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  return panelHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(base, 'main.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(base, 'panel.css')).toString(),
    nonce: randomBytes(18).toString('base64'),
  });
}

// ---- opening a frame's source -----------------------------------------------------------------

/** Opens the workspace source of a frame; returns false when nothing matched. */
export async function openFrameSource(frame: StackFrame): Promise<boolean> {
  if (frame.source?.file) {
    const uri = await findWorkspaceFile(frame.source.file);
    if (uri) {
      await showAt(uri, zeroBasedLine(frame.source.line));
      return true;
    }
  }
  if (frame.workspaceLocation?.file) {
    const loc = frame.workspaceLocation;
    const uri = /^[a-z][a-z0-9+.-]*:\/\//i.test(loc.file) ? vscode.Uri.parse(loc.file) : vscode.Uri.file(loc.file);
    // The language server reports 0-based lines (LSP convention, server/src/analysis/model.ts).
    await showAt(uri, Math.max(0, Math.floor(loc.line)));
    return true;
  }
  const found = await findWorkspaceSymbol(frame.symbol);
  if (found) {
    await showAt(found.uri, found.range.start.line);
    return true;
  }
  return false;
}

async function showAt(uri: vscode.Uri, line: number): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const l = Math.min(line, Math.max(0, doc.lineCount - 1));
  const pos = new vscode.Position(l, 0);
  await vscode.window.showTextDocument(doc, {
    viewColumn: vscode.ViewColumn.One,
    selection: new vscode.Range(pos, pos),
    preview: true,
  });
}

/** Finds the workspace file a debugger path (`C:\src\drv\DevMain.cpp`) refers to. */
async function findWorkspaceFile(debuggerPath: string): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) return undefined;
  // An absolute path that exists inside the workspace (the dump came from this machine).
  if (/^([A-Za-z]:[\\/]|\/)/.test(debuggerPath)) {
    const windows = process.platform === 'win32';
    const folder = folders.find((f) => isInsideFolder(debuggerPath, f.uri.fsPath, windows));
    if (folder) {
      const uri = vscode.Uri.file(debuggerPath);
      try {
        await vscode.workspace.fs.stat(uri);
        return uri;
      } catch {
        /* fall through to the name search */
      }
    }
  }
  const name = debuggerFileName(debuggerPath);
  if (!name) return undefined;
  const hits = await vscode.workspace.findFiles(fileNameGlob(name), '**/{node_modules,.git}/**', 500);
  const lower = name.toLowerCase();
  const sameName = hits.filter((u) => u.path.slice(u.path.lastIndexOf('/') + 1).toLowerCase() === lower);
  const ranked = rankSourceCandidates(debuggerPath, sameName.map((u) => u.fsPath));
  if (!ranked.length) return undefined;
  return sameName.find((u) => u.fsPath === ranked[0]);
}

/** Looks the function up through the workspace symbol providers (ours and any C/C++ extension). */
async function findWorkspaceSymbol(symbol: string | null): Promise<vscode.Location | undefined> {
  const name = symbolLookupName(symbol);
  if (!name) return undefined;
  const container = symbolContainer(symbol).toLowerCase();
  let symbols: vscode.SymbolInformation[] | undefined;
  try {
    symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', name);
  } catch {
    return undefined;
  }
  const fnKinds = new Set([vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor]);
  const bare = (s: string): string => s.replace(/\(.*$/s, '').split('::').pop()?.trim() ?? '';
  const matches = (symbols ?? []).filter((s) => fnKinds.has(s.kind) && bare(s.name) === name);
  if (!matches.length) return undefined;
  const inContainer = container
    ? matches.find((s) => s.containerName.toLowerCase() === container || s.name.toLowerCase().includes(`${container}::`))
    : undefined;
  return (inContainer ?? matches[0]).location;
}

function frameName(frame: StackFrame): string {
  const mod = frame.module ?? '';
  const sym = frame.symbol ?? '';
  const name = mod && sym ? `${mod}!${sym}` : mod || sym || frame.raw.trim() || 'this frame';
  return name.length > 120 ? `${name.slice(0, 117)}…` : name;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ---- command helpers (registered by the extension) --------------------------------------------

/** "StackLens: Open Stack Panel": an empty paste box (or the panel as it was). */
export function openStackPanel(context: vscode.ExtensionContext, parse: StackParseFn): StackPanel {
  return StackPanel.show(context, parse);
}

/** "StackLens: Visualize Stack from Selection": the selection, or the whole document when empty. */
export function visualizeSelection(
  context: vscode.ExtensionContext,
  parse: StackParseFn,
  editor: vscode.TextEditor | undefined = vscode.window.activeTextEditor,
): StackPanel {
  if (!editor) {
    void vscode.window.showInformationMessage('StackLens: no active editor; paste the WinDbg output into the panel.');
    return StackPanel.show(context, parse);
  }
  const doc = editor.document;
  const picked = editor.selections.filter((s) => !s.isEmpty).map((s) => doc.getText(s));
  const name = baseName(doc.uri);
  if (picked.length) return StackPanel.show(context, parse, picked.join('\n'), `selection of ${name}`);
  return StackPanel.show(context, parse, doc.getText(), name);
}

/** "StackLens: Visualize Stack from Clipboard". */
export async function visualizeClipboard(context: vscode.ExtensionContext, parse: StackParseFn): Promise<StackPanel> {
  const text = await vscode.env.clipboard.readText();
  if (!text.trim()) {
    void vscode.window.showInformationMessage('StackLens: the clipboard holds no text; paste the WinDbg output into the panel.');
    return StackPanel.show(context, parse);
  }
  return StackPanel.show(context, parse, text, 'clipboard');
}

/**
 * "StackLens: Visualize Stack from File": `uri` comes from the explorer context menu; without it
 * the active editor's file is used, else the user picks one.
 */
export async function visualizeFile(
  context: vscode.ExtensionContext,
  parse: StackParseFn,
  uri?: vscode.Uri,
): Promise<StackPanel | undefined> {
  let target = uri instanceof vscode.Uri ? uri : undefined;
  if (!target) {
    const active = vscode.window.activeTextEditor?.document;
    if (active && !active.isUntitled) target = active.uri;
  }
  if (!target) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Visualize stack',
      filters: { 'WinDbg output': ['txt', 'log', 'kstack', 'windbg'], 'All files': ['*'] },
    });
    target = picked?.[0];
  }
  if (!target) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target!.toString());
  let text: string;
  if (open) {
    text = open.getText(); // includes unsaved edits
  } else {
    try {
      const stat = await vscode.workspace.fs.stat(target);
      if (stat.size > MAX_PASTE_CHARS * 2) {
        void vscode.window.showErrorMessage(`StackLens: ${baseName(target)} is too large (${stat.size.toLocaleString()} bytes) to visualize.`);
        return undefined;
      }
      text = decodeText(await vscode.workspace.fs.readFile(target));
    } catch (e) {
      void vscode.window.showErrorMessage(`StackLens: could not read ${baseName(target)}: ${errorText(e)}`);
      return undefined;
    }
  }
  return StackPanel.show(context, parse, text, baseName(target));
}

/** Decodes a log file: WinDbg's `.logopen /u` writes UTF-16LE with a BOM, otherwise UTF-8. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  return new TextDecoder('utf-8').decode(bytes);
}

/** Restores the panel after a window reload (needs `onWebviewPanel:stacklens.stackPanel` activation). */
export function registerStackPanelSerializer(context: vscode.ExtensionContext, parse: StackParseFn): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
    async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel): Promise<void> {
      StackPanel.revive(webviewPanel, context, parse);
    },
  });
}

function baseName(uri: vscode.Uri): string {
  const p = uri.path;
  return p.slice(p.lastIndexOf('/') + 1) || uri.toString();
}
