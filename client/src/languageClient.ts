// Starts the bundled language server over IPC and keeps it alive: after a crash the user sees
// a message and the server restarts (up to 5 times in 3 minutes, then it stays down and says so).

import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  CloseAction,
  ErrorAction,
  type LanguageClientOptions,
  type ServerOptions,
  type ErrorHandler,
} from 'vscode-languageclient/node';
import { SERVER_NODE_FLAGS, serverEnvironment } from '../../server/src/processSettings';

const RESTART_WINDOW_MS = 3 * 60 * 1000;
const MAX_RESTARTS = 5;

export const SOURCE_GLOB = '**/*.{c,cpp,cxx,cc,h,hpp,hxx,inl}';

class RestartingErrorHandler implements ErrorHandler {
  private restarts: number[] = [];
  constructor(private readonly output: vscode.OutputChannel) {}

  error(): { action: ErrorAction } {
    return { action: ErrorAction.Continue };
  }

  closed(): { action: CloseAction; message?: string; handled?: boolean } {
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
    this.restarts.push(now);
    if (this.restarts.length > MAX_RESTARTS) {
      const message = `StackLens: the language server stopped ${MAX_RESTARTS} times in 3 minutes and will not be restarted. See the "StackLens" output for details; reload the window to try again.`;
      this.output.appendLine(message);
      return { action: CloseAction.DoNotRestart, message };
    }
    const message = 'StackLens: the language server stopped unexpectedly and is being restarted.';
    this.output.appendLine(message);
    void vscode.window.showWarningMessage(message);
    return { action: CloseAction.Restart, handled: true };
  }
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.OutputChannel,
  initialArch: string | undefined,
): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server/server.js');
  // Added to the editor's environment by vscode-languageclient (processSettings.ts says why).
  const env = serverEnvironment(process.env);
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS], env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6019'], env } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'c' },
      { scheme: 'file', language: 'cpp' },
      { scheme: 'untitled', language: 'c' },
      { scheme: 'untitled', language: 'cpp' },
    ],
    synchronize: {
      configurationSection: 'stacklens',
      fileEvents: vscode.workspace.createFileSystemWatcher(SOURCE_GLOB),
    },
    initializationOptions: {
      settings: vscode.workspace.getConfiguration().get('stacklens'),
      arch: initialArch,
    },
    outputChannel: output,
    errorHandler: new RestartingErrorHandler(output),
  };
  return new LanguageClient('stacklens', 'StackLens', serverOptions, clientOptions);
}
