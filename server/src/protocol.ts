// Custom LSP requests/notifications between the extension (client/) and the language server.
// Both sides import these names so they cannot drift apart.

import type { StackArch, StackParseResult } from './windbg/model';
import type { Arch } from './analysis/model';

/** Parse pasted WinDbg text; frames without sizes are resolved against the indexed workspace. */
export const ParseStackRequest = 'stacklens/parseStack';
export interface ParseStackParams {
  text: string;
  arch?: StackArch;
  limitBytes?: number;
}
export type ParseStackResult = StackParseResult;

/** The deepest entry points of the workspace for one target. */
export const WorstPathsRequest = 'stacklens/worstPaths';
export interface WorstPathsParams {
  arch?: Arch;
  limit?: number;
}
export interface WorstPathEntry {
  name: string;
  file: string;
  /** 0-based line of the function name. */
  line: number;
  bytes: number | null;
  /** Share of the platform kernel stack limit (0..1+). */
  shareOfLimit: number | null;
  path: { name: string; frameBytes: number | null; file: string; line: number }[];
  lowerBound: boolean;
  recursive: boolean;
}

/** Server → client: the target architecture changed (from settings), for the status bar. */
export const StatusNotification = 'stacklens/status';
export interface StatusParams {
  arch: Arch;
  indexedFiles: number;
  functions: number;
  /** Files skipped (binary, too large), with reasons. */
  skipped: { file: string; reason: string }[];
}

/** Client → server: the user picked a target in the status bar (null = back to the setting). */
export const SetArchNotification = 'stacklens/setArch';
export interface SetArchParams {
  arch: Arch | null;
}
