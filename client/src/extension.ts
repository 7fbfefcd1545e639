// Extension entry point: starts the language server, registers the commands, the status bar
// item and the Stack Panel. Everything it creates is disposed with the extension.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { ArchStatusBar, type Arch } from './statusBar';
import { openStackPanel, visualizeSelection, visualizeClipboard, visualizeFile, registerStackPanelSerializer, StackPanel } from './stackPanel';
import type { PanelSnapshot } from './panelProtocol';
import { showWorstPaths } from './worstPaths';
import {
  ParseStackRequest,
  type ParseStackParams,
  type ParseStackResult,
  StatusNotification,
  type StatusParams,
  SetArchNotification,
} from '../../server/src/protocol';

const ARCH_KEY = 'stacklens.archOverride';

export interface StackLensApi {
  /** Resolves once the language server has started. */
  ready: Promise<void>;
  /** The latest status the server reported (indexed files, target, skipped files). */
  lastStatus(): StatusParams | null;
  client(): LanguageClient;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<StackLensApi> {
  const output = vscode.window.createOutputChannel('StackLens');
  context.subscriptions.push(output);
  const configuredArch = (): Arch => vscode.workspace.getConfiguration('stacklens').get<Arch>('targetArch', 'x64');
  let override = context.workspaceState.get<Arch | undefined>(ARCH_KEY);
  const status = new ArchStatusBar('stacklens.selectArch');
  context.subscriptions.push(status);
  status.update(override ?? configuredArch(), override ? 'Chosen for this workspace (overrides stacklens.targetArch).' : undefined);

  client = createLanguageClient(context, output, override);
  let lastStatus: StatusParams | null = null;
  const lc = client;
  const ready = lc.start().then(() => {
    lc.onNotification(StatusNotification, (p: StatusParams) => {
      lastStatus = p;
      status.update(p.arch, `${p.indexedFiles} files, ${p.functions} functions indexed` + (p.skipped.length ? `; ${p.skipped.length} skipped (see output)` : ''));
      for (const s of p.skipped) output.appendLine(`skipped ${s.file}: ${s.reason}`);
    });
  });
  ready.catch((e) => {
    output.appendLine(`StackLens: the language server failed to start: ${String(e)}`);
    void vscode.window.showErrorMessage('StackLens: the language server failed to start. See the "StackLens" output.');
  });

  const parse = async (text: string, opts: { arch?: string; limitBytes?: number }): Promise<ParseStackResult> => {
    await ready;
    const params: ParseStackParams = { text, arch: opts.arch as ParseStackParams['arch'], limitBytes: opts.limitBytes };
    return lc.sendRequest(ParseStackRequest, params);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('stacklens.openStackPanel', () => openStackPanel(context, parse)),
    vscode.commands.registerCommand('stacklens.visualizeSelection', () => visualizeSelection(context, parse)),
    vscode.commands.registerCommand('stacklens.visualizeClipboard', () => visualizeClipboard(context, parse)),
    vscode.commands.registerCommand('stacklens.visualizeFile', (uri?: vscode.Uri) => visualizeFile(context, parse, uri)),
    registerStackPanelSerializer(context, parse),
    // Not in the command palette: pastes text into the panel and returns what the webview then
    // shows (its module table read from the DOM). Used by the integration tests.
    vscode.commands.registerCommand('stacklens.internal.pasteAndSnapshot', async (text: string): Promise<PanelSnapshot | undefined> => {
      const panel = StackPanel.show(context, parse, String(text ?? ''));
      const deadline = Date.now() + 30000;
      while (Date.now() < deadline) {
        const snap = await panel.snapshot(3000);
        if (snap && snap.modules.length > 0) return snap;
        await new Promise((r) => setTimeout(r, 250));
      }
      return undefined;
    }),
    vscode.commands.registerCommand('stacklens.showWorstPaths', async () => {
      await ready;
      return showWorstPaths(lc, override ?? configuredArch());
    }),
    vscode.commands.registerCommand('stacklens.selectArch', async (picked?: Arch) => {
      const items: (vscode.QuickPickItem & { arch: Arch | null })[] = [
        { label: 'x64', description: 'LLP64, 24 KiB kernel stack', arch: 'x64' },
        { label: 'x86', description: 'ILP32, 12 KiB kernel stack', arch: 'x86' },
        { label: 'arm64', description: 'LLP64, 24 KiB kernel stack', arch: 'arm64' },
        { label: 'Use the setting', description: `stacklens.targetArch (${configuredArch()})`, arch: null },
      ];
      const choice = picked ? items.find((i) => i.arch === picked) : await vscode.window.showQuickPick(items, { placeHolder: 'Target architecture for StackLens' });
      if (!choice) return undefined;
      // Kept in workspace state, not written to settings.json: the extension writes no user file.
      override = choice.arch ?? undefined;
      await context.workspaceState.update(ARCH_KEY, override);
      status.update(override ?? configuredArch(), override ? 'Chosen for this workspace (overrides stacklens.targetArch).' : undefined);
      await ready;
      await lc.sendNotification(SetArchNotification, { arch: override ?? null });
      return override ?? configuredArch();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('stacklens.targetArch') && !override) status.update(configuredArch());
    }),
  );

  return { ready, lastStatus: () => lastStatus, client: () => lc };
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
