// Splits a paste into lines and undoes what chat, mail and Markdown do to WinDbg output, so the
// parser sees what the debugger printed. Work is bounded: the input and every line are capped,
// and each line is touched a constant number of times (linear in the paste).

/** Characters of input read at all; the rest is reported as truncated. 16 MiB ≫ any real paste. */
export const MAX_INPUT_CHARS = 16 * 1024 * 1024;
/** Characters of one line that are interpreted; a WinDbg line is < 1 KB, kP groups join a few. */
export const MAX_LINE_CHARS = 4096;

export interface SourceLine {
  /** 1-based line number in the paste. */
  no: number;
  /** The line as pasted (capped at MAX_LINE_CHARS), never interpreted as markup. */
  raw: string;
  /** Cleaned text: Markdown quoting removed, spaces normalised, trimmed. */
  text: string;
  /** The line was longer than MAX_LINE_CHARS; `length` is its full length. */
  truncated: boolean;
  length: number;
  /** A Markdown code fence (```), which carries no content. */
  fence: boolean;
  /** One or more empty lines came right before this one (they are not listed themselves). */
  afterBlank: boolean;
}

// Tabs, NBSP (the seed 002 kcf sample is indented with U+00A0), other Unicode spaces, and C0
// controls all become plain spaces; zero-width characters and the BOM disappear.
const SPACES = /[\t\v\f\u0000-\u0008\u000e-\u001f\u007f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
const QUOTE_PREFIX = /^\s*(?:>\s?)+/;
const FENCE = /^\s*(?:```|~~~)/;

/** Cleans one raw line (already capped). Exported for tests. */
export function cleanLine(raw: string): { text: string; fence: boolean } {
  let t = raw.replace(SPACES, ' ').replace(ZERO_WIDTH, '');
  // `> ` quoting (possibly nested) from Markdown, mail or chat.
  if (t.indexOf('>') >= 0) t = t.replace(QUOTE_PREFIX, '');
  if (FENCE.test(t)) return { text: '', fence: true };
  // Markdown escapes backticks in x64 addresses (fffff880\`0331f6b8).
  if (t.indexOf('\\`') >= 0) t = t.split('\\`').join('`');
  return { text: t.trim(), fence: false };
}

export interface SplitResult {
  /** Non-empty lines (empty ones only set `afterBlank` on the next line). */
  lines: SourceLine[];
  /** Lines in the paste, empty ones included. */
  lineCount: number;
  /** The input was longer than MAX_INPUT_CHARS; `inputLength` is its full length. */
  truncated: boolean;
  inputLength: number;
}

/** Splits on CRLF, LF and lone CR. */
export function splitLines(input: string): SplitResult {
  const inputLength = input.length;
  const truncated = inputLength > MAX_INPUT_CHARS;
  const text = truncated ? input.slice(0, MAX_INPUT_CHARS) : input;
  const lines: SourceLine[] = [];
  let start = 0;
  let no = 0;
  let blank = false;
  const n = text.length;
  // Next LF and CR positions, cached so that a paste with only one kind of line break (or none)
  // is scanned once, not once per line.
  let nextLf = text.indexOf('\n');
  if (nextLf < 0) nextLf = Infinity;
  let nextCr = text.indexOf('\r');
  if (nextCr < 0) nextCr = Infinity;
  for (;;) {
    if (nextLf < start) {
      nextLf = text.indexOf('\n', start);
      if (nextLf < 0) nextLf = Infinity;
    }
    let end = nextLf === Infinity ? n : nextLf;
    if (nextCr < start) {
      nextCr = text.indexOf('\r', start);
      if (nextCr < 0) nextCr = Infinity;
    }
    // A CR before the LF ends the line too (CRLF, or an old-Mac lone CR).
    if (nextCr < end) end = nextCr;
    let next = end + 1;
    if (end < n && text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10) next = end + 2;
    no++;
    const length = end - start;
    if (length === 0) {
      // Empty lines carry nothing but "a break here"; a paste of a million of them must stay cheap.
      blank = true;
    } else {
      const over = length > MAX_LINE_CHARS;
      const raw = text.slice(start, over ? start + MAX_LINE_CHARS : end);
      const { text: clean, fence } = cleanLine(raw);
      lines.push({ no, raw, text: clean, truncated: over, length, fence, afterBlank: blank });
      blank = false;
    }
    if (end >= n) break;
    start = next;
  }
  return { lines, lineCount: no, truncated, inputLength };
}
