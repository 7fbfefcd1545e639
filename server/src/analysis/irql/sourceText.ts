// Source text during the IRQL analysis, and facts read from it.
//
// Summaries carry no text, and the engine reads a file's text from disk when it does not hold it
// in memory, so reading text is the expensive part of a fact that needs it. Two things keep that
// rare:
//  - RunTexts reads each file at most once per analysis run, and is dropped with the run (the
//    texts are not retained after the analysis);
//  - TextMemo keeps what was read from a file's text per FileSummary *object*. A summary is made
//    from exactly one text, and a file whose text changes gets a new summary object (a full parse,
//    or a spliced copy after a one-function edit), so such a fact can never be stale: after an
//    edit, only the edited file is read again. (The contract of `IrqlInput.text`: the text a
//    summary was made from.)

import type { FileSummary, FunctionDecl } from '../model';

function lineStartsOf(text: string): Int32Array {
  const s: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) s.push(i + 1);
  return Int32Array.from(s);
}

/** The text of each file, read lazily and at most once during one analysis run. */
export class RunTexts {
  private readonly memo = new Map<string, string | undefined>();

  constructor(private readonly read?: (file: string) => string | undefined) {}

  /** Text can be asked for at all (the caller supplied a reader). */
  get available(): boolean {
    return this.read !== undefined;
  }

  private readonly starts = new Map<string, Int32Array | undefined>();

  /** Line-start offsets of the text of `file` (undefined without text). */
  lineStarts(file: string): Int32Array | undefined {
    if (this.starts.has(file)) return this.starts.get(file);
    const t = this.get(file);
    const s = t === undefined ? undefined : lineStartsOf(t);
    this.starts.set(file, s);
    return s;
  }

  get(file: string): string | undefined {
    if (!this.read) return undefined;
    if (this.memo.has(file)) return this.memo.get(file);
    let t: string | undefined;
    try {
      t = this.read(file);
    } catch {
      t = undefined;
    }
    this.memo.set(file, t);
    return t;
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
