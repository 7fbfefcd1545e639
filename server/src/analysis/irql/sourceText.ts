// Source text during the IRQL analysis, and facts read from it.
//
// Summaries carry no text, and the engine reads a file's text from disk when it does not hold it
// in memory, so reading text is the expensive part of a fact that needs it. Two things keep that
// rare:
//  - RunTexts keeps the texts it read during one analysis run, the most recently used few of them
//    (a first analysis of Windows-driver-samples reads ~290 files, ~15 MB of text, which were all
//    held, with their line starts, until the phase ended), and is dropped with the run;
//  - TextMemo keeps what was read from a file's text per FileSummary *object*. A summary is made
//    from exactly one text, and a file whose text changes gets a new summary object (a full parse,
//    or a spliced copy after a one-function edit), so such a fact can never be stale: after an
//    edit, only the edited file is read again. (The contract of `IrqlInput.text`: the text a
//    summary was made from.)

import type { FileSummary, FunctionDecl } from '../model';
import { startsAfterLf } from '../parse/positions';


/**
 * Texts kept per run. The questions that need text come function by function, mostly from a few
 * files at a time: a first analysis of Windows-driver-samples makes 323 reads of 290 files with 16
 * kept, 323 with 32, 318 with 64 (the re-reads are of files asked about again in a later phase).
 */
const RECENT_TEXTS = 16;

/** A file's text and (once asked for) its line starts. */
interface RunText {
  text: string;
  starts?: Int32Array;
}

/** The text of each file, read lazily during one analysis run; the most recently used ones are kept. */
export class RunTexts {
  /** Recently read texts, least recently used first. */
  private readonly recent = new Map<string, RunText>();
  /** Files that could not be read: not tried again in this run. */
  private readonly missing = new Set<string>();
  /** Reads from the reader in this run (for tests and benchmarks). */
  reads = 0;

  constructor(private readonly read?: (file: string) => string | undefined) {}

  /** Text can be asked for at all (the caller supplied a reader). */
  get available(): boolean {
    return this.read !== undefined;
  }

  /** Line-start offsets of the text of `file` (undefined without text). */
  lineStarts(file: string): Int32Array | undefined {
    const e = this.entry(file);
    if (!e) return undefined;
    return (e.starts ??= startsAfterLf(e.text));
  }

  get(file: string): string | undefined {
    return this.entry(file)?.text;
  }

  private entry(file: string): RunText | undefined {
    if (!this.read || this.missing.has(file)) return undefined;
    let e = this.recent.get(file);
    if (e) {
      this.recent.delete(file);
      this.recent.set(file, e);
      return e;
    }
    let t: string | undefined;
    try {
      this.reads++;
      t = this.read(file);
    } catch {
      t = undefined;
    }
    if (t === undefined) {
      this.missing.add(file);
      return undefined;
    }
    e = { text: t };
    this.recent.set(file, e);
    if (this.recent.size > RECENT_TEXTS) this.recent.delete(this.recent.keys().next().value as string);
    return e;
  }
}

/** How a memoised value used the text: not at all, read it, or found none. */
type TextUse = 'none' | 'read' | 'missing';

/**
 * A small stand-in for each summary object, so a memo entry can name its summary without keeping
 * it alive (after an edit the old summary must be collectable).
 */
const TOKENS = new WeakMap<FileSummary, object>();

function tokenOf(summary: FileSummary): object {
  let t = TOKENS.get(summary);
  if (!t) TOKENS.set(summary, (t = {}));
  return t;
}

/** A value computed from a declaration and (maybe) the text of its file. */
export interface TextEntry<T> {
  /** tokenOf() the summary (so the text) the value was computed for. */
  summary: object;
  use: TextUse;
  value: T;
}

/**
 * The entry still holds for `summary` in this run: computed for the same summary, and from the
 * text only if text is available now (or without it only if it is not).
 */
export function textEntryHolds(e: TextEntry<unknown>, summary: FileSummary, texts: RunTexts): boolean {
  return e.summary === tokenOf(summary) && (e.use === 'none' || (e.use === 'read') === texts.available);
}

/** Computes an entry; `compute` gets a reader of the text of `summary.file`, to call only if it needs it. */
export function computeTextEntry<T>(summary: FileSummary, texts: RunTexts, compute: (text: () => string | undefined) => T): TextEntry<T> {
  let use: TextUse = 'none';
  const value = compute(() => {
    const t = texts.get(summary.file);
    if (use === 'none' || use === 'read') use = t === undefined ? 'missing' : 'read';
    return t;
  });
  return { summary: tokenOf(summary), use, value };
}

/**
 * Values computed from a declaration and (when they need it) the text of its file, kept per
 * FunctionDecl (or per FileSummary for file-wide values) with the summary they were computed for.
 * A value computed without text (no reader, or the file could not be read) is recomputed when a
 * reader is supplied later, and one computed from text when none is.
 */
export class TextMemo<T> {
  private readonly entries = new WeakMap<FunctionDecl | FileSummary, TextEntry<T>>();

  /**
   * `compute` gets a reader of the text of `summary.file` (undefined when it is not available),
   * to call only if it needs the text. `stillValid`: further inputs a cached value depends on
   * (compared by the caller), besides the summary and the key.
   */
  get(
    summary: FileSummary,
    key: FunctionDecl | FileSummary,
    texts: RunTexts,
    compute: (text: () => string | undefined) => T,
    stillValid?: (value: T) => boolean,
  ): T {
    const hit = this.entries.get(key);
    if (hit && textEntryHolds(hit, summary, texts) && (!stillValid || stillValid(hit.value))) return hit.value;
    const e = computeTextEntry(summary, texts, compute);
    this.entries.set(key, e);
    return e.value;
  }
}
