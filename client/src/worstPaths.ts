// "StackLens: Show Worst Stack Paths": the deepest entry points of the workspace in a quick pick;
// picking one opens the function (and the path is shown step by step in the detail line).

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WorstPathsRequest, type WorstPathEntry, type WorstPathsParams } from '../../server/src/protocol';

function bytes(n: number | null, lowerBound = false): string {
  return n === null ? 'unknown' : `${lowerBound ? '≥ ' : ''}${n.toLocaleString('en-US')} B`;
}

export function describeEntry(e: WorstPathEntry): { label: string; description: string; detail: string } {
  const share = e.shareOfLimit === null ? '' : ` (${Math.round(e.shareOfLimit * 100)} % of the kernel stack)`;
  return {
    label: e.name,
    description: `${bytes(e.bytes, e.lowerBound)}${share}${e.recursive ? ' · recursive' : ''}`,
    detail: e.path.map((s) => `${s.name} ${bytes(s.frameBytes)}`).join(' → '),
  };
}

export async function showWorstPaths(client: LanguageClient, arch: string): Promise<WorstPathEntry[]> {
  const params: WorstPathsParams = { arch: arch as WorstPathsParams['arch'], limit: 50 };
  const entries = await client.sendRequest<WorstPathEntry[]>(WorstPathsRequest, params);
  if (!entries.length) {
    void vscode.window.showInformationMessage('StackLens: no functions indexed yet; open a folder with driver sources.');
    return entries;
  }
  const items = entries.map((e) => ({ ...describeEntry(e), entry: e }));
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: `Deepest stack paths from entry points (${arch})`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(picked.entry.file));
    const pos = new vscode.Position(picked.entry.line, 0);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
  }
  return entries;
}
