// The parsing front end: driver C/C++ text → FileSummary (model.ts).
//
//   initParser()   loads web-tree-sitter and the C/C++ grammars (once, async).
//   parseSource()  synchronous: pre-scan (blank SAL/macros/directives/inactive branches, collect
//                  defines, pragmas, suppressions, annotations) → tree-sitter parse of the blanked
//                  text (same offsets) → one linear walk extracting the summary → tree.delete().
//   languageForFile()  which grammar a file uses.
//
// parseSource never throws: binary, oversized, unparseable or timed-out input yields a summary
// with `skipped` set; an internal failure during extraction keeps what was extracted so far.

import type { FileSummary } from '../model';
import { fnv1a } from './hash';
import { languageForFile, looksLikeCpp } from './language';
import { LineIndex } from './positions';
import { scanSource } from './scan';
import { extractSummary } from './extract';
import { internStringsDeep, releaseInternTable } from './intern';
import { releaseSharingTables, shareRepeatedValues } from './share';
import { grammars, loadGrammars } from './wasmLoader';

export { languageForFile } from './language';
export { isRoleTypedef } from './roleTypedefs';

export interface ParseOptions {
  /** Grammar to use; default from the file extension (and the text, for `.h`). */
  language?: 'c' | 'cpp';
  /** Macro values for evaluating `#if` (like `-D`): `{ NTDDI_VERSION: '0x0A000000' }`. */
  defines?: Record<string, string>;
  /** Larger files are skipped (default 4 MiB, measured in UTF-16 code units ≈ bytes for source code). */
  maxBytes?: number;
  /** Wall-clock budget for the tree-sitter parse of one file, in ms (default 5000). */
  timeoutMs?: number;
}

export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 5000;

/** Loads the runtime and both grammars. Idempotent; concurrent calls share one load. */
export async function initParser(wasmDir?: string): Promise<void> {
  await loadGrammars(wasmDir);
}

/** True once initParser has completed. */
export function parserReady(): boolean {
  return grammars() !== null;
}

/** A summary with no content: for skipped files and for failures that must not lose the file. */
export function emptySummary(text: string, file: string, language: 'c' | 'cpp', lineCount: number, skipped?: string): FileSummary {
  const s: FileSummary = {
    file,
    language,
    hash: fnv1a(text),
    lineCount,
    records: [],
    typedefs: [],
    enums: [],
    defines: [],
    functions: [],
    slotAssignments: [],
    allocText: [],
    codeSeg: [],
    suppressions: [],
    parseErrorFunctions: 0,
  };
  if (skipped !== undefined) s.skipped = skipped;
  return s;
}

/** NUL, control characters other than tab/line/form breaks, and U+FFFD (undecodable bytes). */
const SUSPICIOUS = /[\x00-\x08\x0e-\x1f\ufffd]/;

/** Why a text is not source code we should parse, or null when it looks like text. */
export function binaryReason(text: string): string | null {
  const n = Math.min(text.length, 64 * 1024);
  // Nearly every file has none of the suspicious characters: one native scan settles it.
  if (!SUSPICIOUS.test(n === text.length ? text : text.slice(0, n))) return null;
  let control = 0;
  let replacement = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return 'binary content (NUL bytes)';
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 11) control++;
    else if (c === 0xfffd) replacement++;
  }
  if (n > 0 && control / n > 0.05) return 'binary content (control characters)';
  if (n > 0 && replacement / n > 0.1) return 'not valid UTF-8 text';
  return null;
}

/**
 * Summarises one file. Synchronous; requires initParser() to have completed (otherwise the
 * summary is returned with `skipped` explaining that). Never throws.
 */
export function parseSource(text: string, file: string, opts: ParseOptions = {}): FileSummary {
  const language = opts.language ?? (file.toLowerCase().endsWith('.h') ? languageForFile(file, undefined, text) : languageForFile(file));
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (text.length > maxBytes) {
    return emptySummary(text, file, language, countLines(text), `file too large (${text.length} bytes > ${maxBytes})`);
  }
  const lines = new LineIndex(text);
  const bin = binaryReason(text);
  if (bin !== null) return emptySummary(text, file, language, lines.lineCount, bin);
  const g = grammars();
  if (!g) return emptySummary(text, file, language, lines.lineCount, 'parser not initialised (call initParser first)');

  let summary = emptySummary(text, file, language, lines.lineCount);
  try {
    const scan = scanSource(text, { language, defines: opts.defines });
    g.parser.setLanguage(language === 'cpp' ? g.cpp : g.c);
    const deadline = Date.now() + (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let timedOut = false;
    const tree = g.parser.parse(scan.blanked, null, {
      progressCallback: () => {
        if (Date.now() > deadline) timedOut = true;
        return timedOut;
      },
    });
    if (!tree) {
      g.parser.reset();
      summary = emptySummary(text, file, language, lines.lineCount, timedOut ? 'parse timed out' : 'parse failed');
      return summary;
    }
    try {
      extractSummary(tree, text, scan, lines, summary);
    } finally {
      tree.delete();
    }
  } catch (e) {
    // Keep whatever was extracted; say that the summary is partial.
    summary.skipped = `partial: internal error while summarising (${e instanceof Error ? e.message : String(e)})`;
  }
  // Strings were sliced from `text` (and its blanked copy): detach them so the summary does not
  // keep the whole source alive, and share repeated spellings (see intern.ts); then share
  // repeated type references, arguments and empty lists (share.ts).
  internStringsDeep(summary);
  shareRepeatedValues(summary);
  return summary;
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export { looksLikeCpp };

/**
 * Drops the tables parseSource uses to share strings and small values between summaries. Call it
 * when a batch of parsing is over (the workspace does, before each analysis): what is already
 * shared stays shared; only the look-up tables go.
 */
export function releaseParseTables(): void {
  releaseInternTable();
  releaseSharingTables();
}
