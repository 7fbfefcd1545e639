// Offset → LSP position (0-based line, UTF-16 column) for one source text.
// web-tree-sitter indexes a JS string in UTF-16 code units, so node offsets, String.slice and
// LSP columns all use the same unit and no conversion is needed beyond finding the line.

import type { Pos, Range } from '../model';

/** Columns below this, and lines below LINE_LIMIT, pack into one small integer per position. */
const COLUMN_BITS = 11;
const COLUMN_LIMIT = 1 << COLUMN_BITS;
/** 2^19 lines x 2^11 columns stays below 2^30: a small integer (Smi) even where V8 has 31-bit Smis. */
const LINE_LIMIT = 1 << 19;

/**
 * A Range kept in one small object; `start` and `end` are built when read, JSON output is the
 * model's plain shape (toJSON).
 *
 * Why: a summary holds ~450,000 ranges on a 1.36 M-line workspace. As plain `{start, end}` with two
 * `{line, column}` objects each takes three heap objects (~120 bytes). A PackedRange is one object of
 * two small integers (40 bytes on 64-bit V8); positions past column 2,047 or line 524,287 (generated
 * code) use a WideRange of four integers instead. Two classes rather than one with a fallback field,
 * because one double in a field would make V8 box that field in every instance.
 */
export abstract class CompactRange implements Range {
  abstract readonly startLine: number;
  abstract readonly startColumn: number;
  abstract readonly endLine: number;
  abstract readonly endColumn: number;

  get start(): Pos {
    return { line: this.startLine, column: this.startColumn };
  }

  get end(): Pos {
    return { line: this.endLine, column: this.endColumn };
  }

  toJSON(): Range {
    return { start: this.start, end: this.end };
  }

  static of(start: Pos, end: Pos): CompactRange {
    return compactRange(start.line, start.column, end.line, end.column);
  }
}

class PackedRange extends CompactRange {
  constructor(
    private readonly s: number,
    private readonly e: number,
  ) {
    super();
  }
  get startLine(): number {
    return this.s >> COLUMN_BITS;
  }
  get startColumn(): number {
    return this.s & (COLUMN_LIMIT - 1);
  }
  get endLine(): number {
    return this.e >> COLUMN_BITS;
  }
  get endColumn(): number {
    return this.e & (COLUMN_LIMIT - 1);
  }
}

class WideRange extends CompactRange {
  constructor(
    readonly startLine: number,
    readonly startColumn: number,
    readonly endLine: number,
    readonly endColumn: number,
  ) {
    super();
  }
}

function packs(line: number, column: number): boolean {
  return line >= 0 && line < LINE_LIMIT && column >= 0 && column < COLUMN_LIMIT;
}

/** The compact range from (startLine, startColumn) to (endLine, endColumn), all 0-based. */
export function compactRange(startLine: number, startColumn: number, endLine: number, endColumn: number): CompactRange {
  return packs(startLine, startColumn) && packs(endLine, endColumn)
    ? new PackedRange((startLine << COLUMN_BITS) | startColumn, (endLine << COLUMN_BITS) | endColumn)
    : new WideRange(startLine, startColumn, endLine, endColumn);
}

/** A carriage return not followed by a line feed: a line break of its own (old Mac text). */
const LONE_CR = /\r(?!\n)/;

/**
 * The text last asked about and its answer: indexing a file asks twice about the same string (the
 * parser's LineIndex, then the workspace's LineInfo), and the scan of a CRLF text stops at every
 * line end (~0.1 s on Windows-driver-samples' 1.37 M lines).
 */
let lastCrText: string | null = null;
let lastCrAnswer = false;

/** True when `text` has a lone `\r` line break. One native scan; looping over every `\r` was slower. */
export function hasLoneCr(text: string): boolean {
  if (text !== lastCrText) {
    lastCrAnswer = LONE_CR.test(text);
    lastCrText = text;
  }
  return lastCrAnswer;
}

/**
 * Line starts when every line ends in `\n` or `\r\n` (nearly all source; also what the
 * incremental-edit path and the IRQL phase's text questions count in): found with the native
 * `indexOf`, counted first so the array is allocated once. A per-character loop over 1.4 M lines
 * cost ~0.45 s on Windows-driver-samples; this is a tenth of that.
 */
export function startsAfterLf(text: string): Int32Array {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Int32Array(count);
  let k = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
  return starts;
}

/** Line starts when some line ends in a lone `\r`: \r\n, \n and \r each end a line (as in LSP). */
function startsWithLoneCr(text: string): Int32Array {
  const starts: number[] = [0];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (i + 1 < n && text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return Int32Array.from(starts);
}

export class LineIndex {
  /** Offset of the first character of every line. Line breaks are \r\n, \n or a lone \r (as in LSP). */
  private readonly starts: Int32Array;
  readonly lineCount: number;

  constructor(text: string) {
    this.starts = hasLoneCr(text) ? startsWithLoneCr(text) : startsAfterLf(text);
    this.lineCount = this.starts.length;
  }

  lineOf(offset: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  pos(offset: number): Pos {
    const line = this.lineOf(offset);
    return { line, column: offset - this.starts[line] };
  }

  range(start: number, end: number): Range {
    const sl = this.lineOf(start);
    const el = end === start ? sl : this.lineOf(end);
    return compactRange(sl, start - this.starts[sl], el, end - this.starts[el]);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
}
