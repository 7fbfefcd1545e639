// The StackLens language server: LSP plumbing only. Every analysis lives in server/src/analysis
// and server/src/windbg (shared with the CLI); this file maps documents, settings and requests
// onto an AnalysisWorkspace and publishes its findings.

import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
  type CodeLens,
  type CodeAction,
  CodeActionKind,
  DidChangeConfigurationNotification,
  FileChangeType,
  type Hover,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisWorkspace } from './analysis/workspace';
import { collectSourceFiles } from './analysis/loadFiles';
import { mergeSettings, type StackLensSettings } from './analysis/settings';
import type { Arch } from './analysis/model';
import { parseStacks } from './windbg';
import {
  ParseStackRequest,
  type ParseStackParams,
  WorstPathsRequest,
  type WorstPathsParams,
  StatusNotification,
  type StatusParams,
  SetArchNotification,
  type SetArchParams,
} from './protocol';
import { pathToUri, uriToPath } from './uri';
import { readTextFileSafe } from './readFile';
import { toLspDiagnostic, toWorkspaceEdit, findingMatchesDiagnostic, toLspRange, fromLspPosition } from './lspMapping';
import { configToSettings } from './configToSettings';
import { Scheduler } from './scheduler';
import { applyRuntimeSettings } from './processSettings';

applyRuntimeSettings();

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

/** Created once; concurrent callers share the same promise (never two workspaces). */
let workspacePromise: Promise<AnalysisWorkspace> | null = null;
let settings: StackLensSettings = mergeSettings(undefined);
let archOverride: Arch | null = null;
let workspaceFolders: string[] = [];
let hasConfigurationCapability = false;
let hasWorkDoneProgress = false;
let hasWorkspaceFolderEvents = false;
/** Files whose diagnostics were last published non-empty, so cleared files get an empty list. */
const publishedNonEmpty = new Set<string>();
/** Last published diagnostics signature per file, to avoid re-sending identical lists. */
const publishedSignature = new Map<string, string>();
const skipped = new Map<string, string>();

function log(message: string): void {
  connection.console.log(`[stacklens] ${message}`);
}

function effectiveSettings(): StackLensSettings {
  return archOverride ? { ...settings, targetArch: archOverride } : settings;
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities;
  hasConfigurationCapability = !!caps.workspace?.configuration;
  hasWorkDoneProgress = !!caps.window?.workDoneProgress;
  hasWorkspaceFolderEvents = !!caps.workspace?.workspaceFolders;
  const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
  workspaceFolders = folders.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
  const init = params.initializationOptions as { settings?: unknown; arch?: string } | undefined;
  if (init?.settings) settings = configToSettings(init.settings);
  if (init?.arch === 'x86' || init?.arch === 'x64' || init?.arch === 'arm64') archOverride = init.arch;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'stacklens', version: STACKLENS_VERSION },
  };
});

declare const STACKLENS_VERSION: string;

connection.onInitialized(async () => {
  if (hasConfigurationCapability) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'stacklens' });
    await reloadConfiguration();
  }
  if (hasWorkspaceFolderEvents) connection.workspace.onDidChangeWorkspaceFolders(async (e) => {
    for (const f of e.removed) {
      const p = uriToPath(f.uri);
      if (p) workspaceFolders = workspaceFolders.filter((w) => w !== p);
    }
    for (const f of e.added) {
      const p = uriToPath(f.uri);
      if (p) workspaceFolders.push(p);
    }
    await indexWorkspace();
  });
  await indexWorkspace();
});

async function reloadConfiguration(): Promise<void> {
  if (!hasConfigurationCapability) return;
  try {
    const cfg = await connection.workspace.getConfiguration({ section: 'stacklens' });
    settings = configToSettings(cfg);
  } catch (e) {
    log(`could not read configuration: ${String(e)}`);
  }
}

function getWorkspace(): Promise<AnalysisWorkspace> {
  workspacePromise ??= AnalysisWorkspace.create(effectiveSettings());
  return workspacePromise;
}

/** Index every source file of the workspace folders, with a progress bar, yielding between files. */
async function indexWorkspace(): Promise<void> {
  const ws = await getWorkspace();
  const files = collectSourceFiles(workspaceFolders, settings);
  const progress = hasWorkDoneProgress ? await connection.window.createWorkDoneProgress() : null;
  progress?.begin('StackLens: indexing', 0, `${files.length} files`, true);
  const started = Date.now();
  let done = 0;
  let lastReport = 0;
  for (const file of files) {
    if (progress?.token.isCancellationRequested) break;
    if (!documents.get(pathToUri(file))) {
      const read = readTextFileSafe(file, settings.maxFileBytes);
      if (read.text !== null) ws.updateFile(file, read.text);
      else skipped.set(file, read.reason ?? 'unreadable');
    }
    done++;
    if (progress && Date.now() - lastReport > 100) {
      lastReport = Date.now();
      progress.report(Math.round((done / Math.max(1, files.length)) * 100), `${done}/${files.length} files`);
      // Let hovers and edits be served while a large workspace is indexed.
      await new Promise((r) => setImmediate(r));
    }
  }
  progress?.done();
  log(`indexed ${done} files in ${Date.now() - started} ms`);
  scheduler.request();
}

/** Coalesces bursts of edits: one analysis runs at a time, always on the newest text. */
const scheduler = new Scheduler(async () => {
  const ws = await getWorkspace();
  const analysis = ws.analyze();
  publishAll(ws, analysis.findings.map((f) => f.file));
  sendStatus(ws);
});

function publishAll(ws: AnalysisWorkspace, filesWithFindings: string[]): void {
  const targets = new Set<string>(filesWithFindings);
  for (const f of publishedNonEmpty) targets.add(f);
  for (const file of targets) {
    const findings = ws.findingsForFile(file);
    const diagnostics = findings.map((f) => toLspDiagnostic(f));
    const signature = JSON.stringify(diagnostics);
    if (publishedSignature.get(file) === signature) continue;
    publishedSignature.set(file, signature);
    if (diagnostics.length) publishedNonEmpty.add(file);
    else publishedNonEmpty.delete(file);
    void connection.sendDiagnostics({ uri: fileKeyToUri(file), diagnostics });
  }
}

function sendStatus(ws: AnalysisWorkspace): void {
  const stats = ws.stats();
  const params: StatusParams = {
    arch: effectiveSettings().targetArch,
    indexedFiles: stats.files,
    functions: stats.functions,
    skipped: [...skipped].map(([file, reason]) => ({ file, reason })).concat(stats.skipped ?? []),
  };
  void connection.sendNotification(StatusNotification, params);
}

/** Documents are keyed by file path when they have one (so open files replace disk content). */
function docKey(uri: string): string {
  return uriToPath(uri) ?? uri;
}
function fileKeyToUri(key: string): string {
  return key.includes('://') || key.startsWith('untitled:') ? key : pathToUri(key);
}

documents.onDidChangeContent(async (e) => {
  try {
    const ws = await getWorkspace();
    // The editor's text, kept by the workspace until the document closes (it may be unsaved).
    ws.updateFile(docKey(e.document.uri), e.document.getText(), { open: true });
    scheduler.request();
  } catch (err) {
    log(`update failed for ${e.document.uri}: ${String(err)}`);
  }
});

documents.onDidClose(async (e) => {
  // Closing an editor reverts to the file on disk (or drops an untitled buffer).
  const ws = await getWorkspace();
  const key = docKey(e.document.uri);
  const path = uriToPath(e.document.uri);
  const read = path ? readTextFileSafe(path, settings.maxFileBytes) : { text: null };
  if (read.text !== null && path && isInWorkspace(path)) ws.updateFile(key, read.text);
  else ws.removeFile(key);
  scheduler.request();
});

function isInWorkspace(path: string): boolean {
  return workspaceFolders.some((f) => path === f || path.startsWith(f.endsWith('/') ? f : f + '/'));
}

connection.onDidChangeWatchedFiles(async (params) => {
  const ws = await getWorkspace();
  for (const change of params.changes) {
    const path = uriToPath(change.uri);
    if (!path || documents.get(change.uri)) continue;
    if (change.type === FileChangeType.Deleted) {
      ws.removeFile(path);
      continue;
    }
    const read = readTextFileSafe(path, settings.maxFileBytes);
    if (read.text !== null) ws.updateFile(path, read.text);
    else skipped.set(path, read.reason ?? 'unreadable');
  }
  scheduler.request();
});

connection.onDidChangeConfiguration(async (change) => {
  if (hasConfigurationCapability) await reloadConfiguration();
  else settings = configToSettings((change.settings as { stacklens?: unknown })?.stacklens);
  const ws = await getWorkspace();
  ws.setSettings(effectiveSettings());
  scheduler.request();
});

connection.onNotification(SetArchNotification, async (p: SetArchParams) => {
  archOverride = p.arch ?? null;
  const ws = await getWorkspace();
  ws.setSettings(effectiveSettings());
  scheduler.request();
});

connection.onHover(async (params): Promise<Hover | null> => {
  try {
    const ws = await getWorkspace();
    await scheduler.idle();
    const md = ws.hover(docKey(params.textDocument.uri), fromLspPosition(params.position));
    return md ? { contents: { kind: 'markdown', value: md } } : null;
  } catch (e) {
    log(`hover failed: ${String(e)}`);
    return null;
  }
});

connection.onCodeLens(async (params): Promise<CodeLens[]> => {
  try {
    const ws = await getWorkspace();
    await scheduler.idle();
    return ws.codeLenses(docKey(params.textDocument.uri)).map((l) => ({
      range: toLspRange(l.range),
      command: { title: l.title, command: 'stacklens.showWorstPaths', arguments: [] },
    }));
  } catch (e) {
    log(`codeLens failed: ${String(e)}`);
    return [];
  }
});

connection.onCodeAction(async (params): Promise<CodeAction[]> => {
  try {
    const ws = await getWorkspace();
    const file = docKey(params.textDocument.uri);
    const findings = ws.findingsForFile(file);
    const actions: CodeAction[] = [];
    for (const diag of params.context.diagnostics) {
      for (const f of findings) {
        if (!findingMatchesDiagnostic(f, diag)) continue;
        for (const fix of f.fixes) {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diag],
            isPreferred: fix.preferred,
            edit: toWorkspaceEdit(fix.edits, fileKeyToUri),
          });
        }
      }
    }
    return actions;
  } catch (e) {
    log(`codeAction failed: ${String(e)}`);
    return [];
  }
});

connection.onRequest(ParseStackRequest, async (p: ParseStackParams) => {
  const ws = await getWorkspace();
  return parseStacks(String(p?.text ?? ''), {
    arch: p?.arch,
    limitBytes: typeof p?.limitBytes === 'number' && p.limitBytes > 0 ? p.limitBytes : undefined,
    resolver: ws.staticFrameResolver(),
  });
});

connection.onRequest(WorstPathsRequest, async (p: WorstPathsParams) => {
  const ws = await getWorkspace();
  await scheduler.idle();
  return ws.worstPaths(p?.arch ?? effectiveSettings().targetArch, p?.limit ?? 50);
});

connection.onShutdown(() => {
  scheduler.dispose();
});

process.on('uncaughtException', (e) => log(`uncaught: ${e?.stack ?? String(e)}`));
process.on('unhandledRejection', (e) => log(`unhandled rejection: ${String(e)}`));

documents.listen(connection);
connection.listen();
