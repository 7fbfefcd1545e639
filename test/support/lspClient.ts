// A minimal LSP client over stdio for protocol tests: spawns the bundled server exactly as any
// editor would (Content-Length framed JSON-RPC) and records every notification it sends.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Notification {
  method: string;
  params: any;
}

export class LspTestClient {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly notifications: Notification[] = [];
  readonly stderr: string[] = [];
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private waiters: { pred: (n: Notification) => boolean; resolve: (n: Notification) => void }[] = [];
  exitCode: number | null = null;
  readonly exited: Promise<number | null>;

  constructor(serverJs: string = join(__dirname, '..', '..', 'server', 'server.js')) {
    this.proc = spawn(process.execPath, [serverJs, '--stdio'], { stdio: 'pipe' });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (c: Buffer) => this.stderr.push(c.toString()));
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => resolve((this.exitCode = code))));
    // Server → client requests (configuration, progress creation, registration) get answers.
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: (\d+)/i.exec(header);
      if (!m) throw new Error(`bad header: ${header}`);
      const len = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + len) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + len);
      this.dispatch(JSON.parse(body));
    }
  }

  private dispatch(msg: any): void {
    if (msg.id !== undefined && msg.method === undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${msg.error.code}: ${msg.error.message}`));
      else p.resolve(msg.result);
      return;
    }
    if (msg.id !== undefined && msg.method) {
      // A request from the server.
      let result: unknown = null;
      if (msg.method === 'workspace/configuration') result = (msg.params.items as unknown[]).map(() => this.configuration);
      this.write({ jsonrpc: '2.0', id: msg.id, result });
      return;
    }
    const n = { method: msg.method, params: msg.params };
    this.notifications.push(n);
    this.waiters = this.waiters.filter((w) => {
      if (w.pred(n)) {
        w.resolve(n);
        return false;
      }
      return true;
    });
  }

  /** What `workspace/configuration` answers for the `stacklens` section. */
  configuration: Record<string, unknown> = {};

  private write(msg: unknown): void {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  request<T = any>(method: string, params: unknown, timeoutMs = 30000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${method}`)), timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  waitFor(pred: (n: Notification) => boolean, timeoutMs = 30000, what = 'notification'): Promise<Notification> {
    const existing = this.notifications.find(pred);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${what}; stderr: ${this.stderr.join('').slice(-2000)}`)), timeoutMs);
      this.waiters.push({
        pred,
        resolve: (n) => {
          clearTimeout(timer);
          resolve(n);
        },
      });
    });
  }

  /** Waits for a publishDiagnostics for `uri` satisfying `pred` (the newest one counts). */
  waitForDiagnostics(uri: string, pred: (diags: any[]) => boolean = () => true, timeoutMs = 30000): Promise<any[]> {
    return this.waitFor(
      (n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri && pred(n.params.diagnostics),
      timeoutMs,
      `diagnostics for ${uri}`,
    ).then((n) => n.params.diagnostics);
  }

  async initialize(rootPath: string | null, initializationOptions: unknown = undefined): Promise<any> {
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri: rootPath ? pathToFileURL(rootPath).href : null,
      workspaceFolders: rootPath ? [{ uri: pathToFileURL(rootPath).href, name: 'ws' }] : null,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, publishDiagnostics: { relatedInformation: true } },
      },
      initializationOptions,
    });
    this.notify('initialized', {});
    return result;
  }

  open(path: string, text: string, languageId = path.endsWith('.c') ? 'c' : 'cpp'): string {
    const uri = pathToFileURL(path).href;
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  async shutdown(): Promise<number | null> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    return this.exited;
  }

  kill(): void {
    if (this.exitCode === null) this.proc.kill();
  }
}
