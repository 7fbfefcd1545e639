// Messages between the extension (client/src/stackPanel.ts) and the Stack Panel webview
// (client/webview/*). Both sides import these types so they cannot drift apart. This file is
// bundled into the webview too, so it must not import `vscode` (type-only imports are fine).
//
// Messages that arrive from the webview are treated as untrusted input: the extension checks
// their shape with `parseWebviewMessage` before acting on them, because a webview is a web page
// and its messages carry pasted text.

import type { StackArch, StackFrame, StackParseResult } from '../../server/src/windbg/model';

/** Largest paste the panel sends to the parser (bytes of UTF-16 text, roughly characters). */
export const MAX_PASTE_CHARS = 16 * 1024 * 1024;
/** Largest SVG the extension agrees to write. */
export const MAX_SVG_CHARS = 64 * 1024 * 1024;
/** Largest Markdown the extension agrees to put on the clipboard. */
export const MAX_MARKDOWN_CHARS = 4 * 1024 * 1024;

// ---- webview → extension ----------------------------------------------------------------------

/** The webview finished loading and listens; the extension then sends any pending text. */
export interface ReadyMessage {
  type: 'ready';
}

/** Parse this text. `seq` grows with every request so late answers to old text are dropped. */
export interface ParseMessage {
  type: 'parse';
  seq: number;
  text: string;
  arch?: StackArch;
  limitBytes?: number;
}

/** Open the source of a frame in the workspace. */
export interface OpenFrameMessage {
  type: 'openFrame';
  frame: StackFrame;
}

/** Put this Markdown on the clipboard. */
export interface CopyMarkdownMessage {
  type: 'copyMarkdown';
  markdown: string;
}

/** Ask the user where to save this SVG, then write it there (the panel's only write). */
export interface SaveSvgMessage {
  type: 'saveSvg';
  svg: string;
  /** File name proposed in the save dialog (sanitised by the extension). */
  suggestedName?: string;
}

/** What the panel currently shows (answer to `snapshot`): read from the rendered DOM. */
export interface PanelSnapshot {
  /** Stack titles in order. */
  stacks: string[];
  /** Rows of the first stack's module table as displayed (text of each cell). */
  modules: { module: string; bytes: string; share: string; frames: string }[];
  /** The status line text. */
  status: string;
}

export interface SnapshotResultMessage {
  type: 'snapshotResult';
  id: number;
  snapshot: PanelSnapshot;
}

export type WebviewToExtension = ReadyMessage | ParseMessage | OpenFrameMessage | CopyMarkdownMessage | SaveSvgMessage | SnapshotResultMessage;

// ---- extension → webview ----------------------------------------------------------------------

export interface ResultMessage {
  type: 'result';
  /** The `seq` of the parse request this answers (absent when pushed by the extension). */
  seq?: number;
  result: StackParseResult;
}

export interface ErrorMessage {
  type: 'error';
  seq?: number;
  message: string;
}

/** Replace the paste box's text (panel opened on a selection, the clipboard or a file). */
export interface SetTextMessage {
  type: 'setText';
  text: string;
  /** Where the text came from, shown above the paste box (`selection of foo.log`). */
  origin?: string;
}

/** A short confirmation or failure shown in the panel's status line (`Copied`, `Saved to …`). */
export interface NoticeMessage {
  type: 'notice';
  message: string;
  kind?: 'info' | 'error';
}

/** Ask the webview what it shows (used by the integration tests and accessibility tooling). */
export interface SnapshotRequestMessage {
  type: 'snapshot';
  id: number;
}

export type ExtensionToWebview = ResultMessage | ErrorMessage | SetTextMessage | NoticeMessage | SnapshotRequestMessage;

// ---- validation of webview messages -----------------------------------------------------------

const ARCHES: readonly StackArch[] = ['x86', 'x64', 'arm64'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNullableString(v: unknown): v is string | null {
  return v === null || typeof v === 'string';
}

/** Checks the fields of a frame that the extension reads when opening its source. */
export function isStackFrameLike(v: unknown): v is StackFrame {
  if (!isRecord(v)) return false;
  if (!isNullableString(v.module) || !isNullableString(v.symbol)) return false;
  if (v.source !== null && v.source !== undefined) {
    if (!isRecord(v.source) || typeof v.source.file !== 'string' || !Number.isFinite(v.source.line)) return false;
  }
  if (v.workspaceLocation !== null && v.workspaceLocation !== undefined) {
    const w = v.workspaceLocation;
    if (!isRecord(w) || typeof w.file !== 'string' || !Number.isFinite(w.line)) return false;
  }
  return true;
}

/**
 * Returns the message when it is one the extension understands with fields of the right types,
 * else undefined. Oversized payloads are rejected here, not later.
 */
export function parseWebviewMessage(v: unknown): WebviewToExtension | undefined {
  if (!isRecord(v) || typeof v.type !== 'string') return undefined;
  switch (v.type) {
    case 'ready':
      return { type: 'ready' };
    case 'parse': {
      if (typeof v.text !== 'string' || v.text.length > MAX_PASTE_CHARS) return undefined;
      const seq = typeof v.seq === 'number' && Number.isFinite(v.seq) ? v.seq : 0;
      const msg: ParseMessage = { type: 'parse', seq, text: v.text };
      if (typeof v.arch === 'string' && (ARCHES as readonly string[]).includes(v.arch)) msg.arch = v.arch as StackArch;
      if (typeof v.limitBytes === 'number' && Number.isFinite(v.limitBytes) && v.limitBytes > 0 && v.limitBytes <= 2 ** 40) {
        msg.limitBytes = Math.round(v.limitBytes);
      }
      return msg;
    }
    case 'openFrame':
      return isStackFrameLike(v.frame) ? { type: 'openFrame', frame: v.frame } : undefined;
    case 'copyMarkdown':
      return typeof v.markdown === 'string' && v.markdown.length <= MAX_MARKDOWN_CHARS
        ? { type: 'copyMarkdown', markdown: v.markdown }
        : undefined;
    case 'saveSvg': {
      if (typeof v.svg !== 'string' || v.svg.length > MAX_SVG_CHARS) return undefined;
      if (!/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(v.svg.slice(0, 512))) return undefined;
      const msg: SaveSvgMessage = { type: 'saveSvg', svg: v.svg };
      if (typeof v.suggestedName === 'string') msg.suggestedName = v.suggestedName;
      return msg;
    }
    case 'snapshotResult': {
      const snap = v.snapshot;
      if (typeof v.id !== 'number' || !isRecord(snap) || !Array.isArray(snap.stacks) || !Array.isArray(snap.modules)) return undefined;
      const str = (x: unknown): string => (typeof x === 'string' ? x.slice(0, 1000) : '');
      return {
        type: 'snapshotResult',
        id: v.id,
        snapshot: {
          stacks: snap.stacks.slice(0, 1000).map(str),
          modules: snap.modules.slice(0, 10000).filter(isRecord).map((m) => ({ module: str(m.module), bytes: str(m.bytes), share: str(m.share), frames: str(m.frames) })),
          status: str(snap.status),
        },
      };
    }
    default:
      return undefined;
  }
}

/** A file name safe on Windows, macOS and Linux, ending in `.svg`. */
export function sanitizeSvgFileName(name: string | undefined): string {
  let base = (name ?? '').replace(/\.svg$/i, '');
  base = base.replace(/[\u0000-\u001f<>:"/\\|?*\u007f]+/g, '-').replace(/\s+/g, ' ').trim();
  base = base.replace(/^[.\s-]+|[.\s-]+$/g, '').slice(0, 80);
  if (!base || /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(base)) base = 'stack';
  return `${base}.svg`;
}
