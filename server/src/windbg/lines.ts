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
  const text = cleanText(raw);
  return text === null ? { text: '', fence: true } : { text, fence: false };
}

/**
 * True when `raw` has a character the regex cleaning could change: anything outside printable
 * ASCII, `>` (quoting) or `\` (escaped backtick). Real WinDbg lines almost never do, so one char
 * scan spares every line the replace/test cascade (this runs on each line of a 10,000-frame paste).
 */
function needsCleaning(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 32 || c > 126 || c === 62 /* > */ || c === 92 /* \ */) return true;
  }
  return false;
}

/** cleanLine without the result object: the cleaned text, or null for a code fence. */
export function cleanText(raw: string): string | null {
  if (!needsCleaning(raw)) {
    // Plain printable ASCII: only a fence test (when the first non-space is ` or ~) and trim.
    let i = 0;
    while (i < raw.length && raw.charCodeAt(i) === 32) i++;
    const c = raw.charCodeAt(i);
    if ((c === 96 || c === 126) && FENCE.test(raw)) return null;
    return raw.trim();
  }
  let t = raw.replace(SPACES, ' ').replace(ZERO_WIDTH, '');
  // `> ` quoting (possibly nested) from Markdown, mail or chat.
  if (t.indexOf('>') >= 0) t = t.replace(QUOTE_PREFIX, '');
  if (FENCE.test(t)) return null;
  // Markdown escapes backticks in x64 addresses (fffff880\`0331f6b8).
  if (t.indexOf('\\`') >= 0) t = t.split('\\`').join('`');
  return t.trim();
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
  const lines: SourceLine[] = [];
  const r = readLines(input, (line) => {
    lines.push({ ...line });
  });
  return { lines, lineCount: r.lineCount, truncated: r.truncated, inputLength: r.inputLength };
}

/**
 * Streams the non-empty lines of `input` to `visit` as splitLines would list them, without
 * keeping them: `visit` gets ONE SourceLine object, overwritten for every line (copy it to keep
 * it). Once `visit` returns false the rest is only counted (lineCount stays exact), not cleaned.
 * parseStacks reads a paste this way so that 10,000 lines do not become 10,000 objects.
 */
export function readLines(input: string, visit: (line: SourceLine) => boolean | void): Omit<SplitResult, 'lines'> {
  const inputLength = input.length;
  const truncated = inputLength > MAX_INPUT_CHARS;
  const text = truncated ? input.slice(0, MAX_INPUT_CHARS) : input;
  const line: SourceLine = { no: 0, raw: '', text: '', truncated: false, length: 0, fence: false, afterBlank: false };
  let reading = true;
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
    } else if (reading) {
      const over = length > MAX_LINE_CHARS;
      const raw = text.slice(start, over ? start + MAX_LINE_CHARS : end);
      const clean = cleanText(raw);
      line.no = no;
      line.raw = raw;
      line.text = clean ?? '';
      line.truncated = over;
      line.length = length;
      line.fence = clean === null;
      line.afterBlank = blank;
      if (visit(line) === false) reading = false;
      blank = false;
    }
    if (end >= n) break;
    start = next;
  }
  return { lineCount: no, truncated, inputLength };
}
