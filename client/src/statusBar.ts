// Status bar item showing the target architecture; clicking it runs "Select Target Architecture".

import * as vscode from 'vscode';

export type Arch = 'x86' | 'x64' | 'arm64';

export class ArchStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(commandId: string) {
    this.item = vscode.window.createStatusBarItem('stacklens.arch', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'StackLens target architecture';
    this.item.command = commandId;
    this.item.show();
  }

  update(arch: Arch, detail?: string): void {
    this.item.text = `$(layers) StackLens: ${arch}`;
    this.item.tooltip = `StackLens analyses for ${arch}${detail ? `\n${detail}` : ''}\nClick to switch the target architecture.`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
