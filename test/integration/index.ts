// Integration suite, run inside a real VS Code extension host. Entry point for both runners:
// @vscode/test-electron (extensionTestsPath) and the offline code-server runner
// (scripts/run-integration.mjs). The workspace is a temporary copy of examples/ plus a few
// hostile files (binary, empty, 5 MB) that the runner adds.

import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTests, waitFor, type IntegrationTest } from './harness';

const EXTENSION_ID = 'stacklens.stacklens';

function workspaceRoot(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a workspace folder is open');
  return f.uri.fsPath;
}

async function openDoc(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(workspaceRoot(), rel)));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function positionOf(doc: vscode.TextDocument, needle: string, offsetInNeedle = 0): vscode.Position {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} is in ${doc.uri.fsPath}`);
  return doc.positionAt(i + offsetInNeedle);
}

function stacklensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'stacklens');
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code);
}

async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)))
    .join('\n');
}

const tests: IntegrationTest[] = [
  {
    name: 'the extension activates and its language server starts',
    fn: async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is installed`);
      const api = (await ext.activate()) as { ready: Promise<void> };
      await api.ready;
      const commands = await vscode.commands.getCommands(true);
      for (const c of ['stacklens.openStackPanel', 'stacklens.visualizeSelection', 'stacklens.visualizeClipboard', 'stacklens.selectArch', 'stacklens.showWorstPaths']) {
        assert.ok(commands.includes(c), `command ${c} registered`);
      }
    },
  },
  {
    name: 'a stack diagnostic from examples/ is published',
    timeoutMs: 90000,
    fn: async () => {
      const doc = await openDoc('wdm_filter/scan.c');
      const line = positionOf(doc, 'ULONG ScanBuffer(').line;
      const frame = await waitFor(
        () => stacklensDiagnostics(doc.uri).find((x) => codeOf(x) === 'stack/large-frame' && x.range.start.line === line),
        60000,
        'stack/large-frame on ScanBuffer in scan.c',
      );
      assert.match(frame.message, /ScanBuffer uses [\d,]+ B of stack/);
    },
  },
  {
    name: 'hovering a function shows its frame size per target',
    fn: async () => {
      const doc = await openDoc('wdm_filter/scan.c');
      const text = await waitFor(async () => {
        const t = await hoverText(doc.uri, positionOf(doc, 'ScanBuffer(', 3));
        return /x64/.test(t) && t;
      }, 30000, 'hover on ScanBuffer');
      assert.match(text, /x86/);
      assert.match(text, /\d[\d,]* B/);
    },
  },
  {
    name: 'an IRQL diagnostic carries its related location',
    timeoutMs: 90000,
    fn: async () => {
      const doc = await openDoc('wdm_filter/driver.c');
      const d = await waitFor(() => {
        const found = stacklensDiagnostics(doc.uri).find((x) => codeOf(x) === 'wait/usermode-stack-object');
        return found;
      }, 60000, 'wait/usermode-stack-object on driver.c');
      assert.ok(d.relatedInformation && d.relatedInformation.length > 0, 'has related information');
      const escape = positionOf(doc, 'Operation->CompletionEvent = &Event;');
      assert.ok(
        d.relatedInformation.some((r) => r.location.range.start.line === escape.line),
        `a related location points at the escaping store (line ${escape.line + 1})`,
      );
    },
  },
  {
    name: 'the Stack Panel command opens a webview',
    fn: async () => {
      await vscode.commands.executeCommand('stacklens.openStackPanel');
      const tab = await waitFor(
        () =>
          vscode.window.tabGroups.all
            .flatMap((g) => g.tabs)
            .find((t) => t.input instanceof vscode.TabInputWebview && /StackLens/i.test(t.label)),
        20000,
        'a StackLens webview tab',
      );
      assert.ok(tab);
    },
  },
  {
    name: "pasting seed 002's stack into the panel shows its module table",
    fn: async () => {
      const text = readFileSync(join(workspaceRoot(), 'stacks', 'seed002-x86-kb-double-fault.txt'), 'utf8');
      const snapshot = await vscode.commands.executeCommand<{ modules: { module: string; bytes: string; share: string }[] } | undefined>(
        'stacklens.internal.pasteAndSnapshot',
        text,
      );
      assert.ok(snapshot, 'the webview answered');
      const modules = snapshot.modules.map((m) => m.module);
      for (const m of ['Ntfs', 'nt', 'DRIVER_A', 'DRIVER_B', 'fltmgr']) assert.ok(modules.includes(m), `module table lists ${m}: ${modules.join(', ')}`);
    },
  },
  {
    name: 'the server survives binary, empty and 5 MB files in the workspace',
    fn: async () => {
      const doc = await openDoc('wdm_filter/scan.c');
      const text = await hoverText(doc.uri, positionOf(doc, 'ScanRoot(', 2));
      assert.match(text, /B/, 'the server still answers hovers');
    },
  },
];

export function run(): Promise<void> {
  return runTests(tests);
}
