// Offset → LSP position (0-based line, UTF-16 column) for one source text.
// web-tree-sitter indexes a JS string in UTF-16 code units, so node offsets, String.slice and
// LSP columns all use the same unit and no conversion is needed beyond finding the line.

import type { Pos, Range } from '../model';

export class LineIndex {
  /** Offset of the first character of every line. Line breaks are \r\n, \n or a lone \r (as in LSP). */
  private readonly starts: Int32Array;
  readonly lineCount: number;

  constructor(text: string) {
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
    this.starts = Int32Array.from(starts);
    this.lineCount = starts.length;
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
    return { start: this.pos(start), end: this.pos(end) };
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
}
