// Reads the cleaned lines of a paste in order and groups frames into stacks. A new stack starts
// at a prompt line, a THREAD line, `STACK_TEXT:`, a column header or a frame-number reset — but
// only once the current stack has frames, so `!thread` + `kb` (seed 002) stay one stack whose
// limit comes from the thread's Base/Limit. Blank lines never end a stack (blog posts and chat
// double-space pasted output).

import { MAX_LINE_CHARS, type SourceLine } from './lines';
import { type DraftFrame, type DraftStack, emptyDraft } from './draft';
import { type FrameLineContext, type FrameLineResult, type Layout, UNKNOWN_LAYOUT, parseFrameLine } from './frameLine';
import {
  isAnalyzeKey,
  isStackTextHeader,
  parseEffectiveMachine,
  parseHeader,
  parsePrompt,
  parseRegisters,
  parseThreadLine,
  parseThreadStackLine,
  warningText,
  type Prompt,
} from './lineKinds';

/** Stacks kept from one paste (the panel draws at most this many). */
export const MAX_STACKS = 256;
/** Frames kept from one paste, all stacks together. */
export const MAX_FRAMES = 200_000;
/** Lines one frame may span (kP parameter lists, wrapped lines). */
const MAX_CONTINUATION_LINES = 40;
const MAX_WARNINGS_PER_STACK = 200;
/** Distinct names shared by intern(); past it names are kept as read (bounds the table). */
const MAX_INTERNED = 65_536;

interface Pending {
  text: string;
  raw: string;
  lineNo: number;
  lines: number;
  ctx: FrameLineContext;
}

export interface BuildOutput {
  drafts: DraftStack[];
  /** The frame or stack cap was reached; the rest of the paste was not read. */
  capped: string | null;
}

export function buildDrafts(lines: readonly SourceLine[]): BuildOutput {
  const b = new DraftBuilder();
  for (const line of lines) {
    if (b.stopped) break;
    b.line(line);
  }
  b.end();
  return { drafts: b.drafts, capped: b.stopped };
}

/** Line-at-a-time form of buildDrafts (parseStacks streams lines into it; it keeps no line object). */
export class DraftBuilder {
  readonly drafts: DraftStack[] = [];
  private cur: DraftStack = emptyDraft(UNKNOWN_LAYOUT);
  /** Inside `!analyze -v` key/value output: nothing is a frame until STACK_TEXT or a prompt. */
  private keyMode = false;
  private pending: Pending | null = null;
  private totalFrames = 0;
  private readonly names = new Map<string, string>();
  stopped: string | null = null;

  line(line: SourceLine): void {
    if (line.truncated) {
      this.warn(line.no, `line ${line.no} has ${line.length.toLocaleString('en-US')} characters; only the first ${MAX_LINE_CHARS} were read`);
    }
    if (this.pending && this.continuePending(line)) return;
    if (line.fence) return;
    const text = line.text;
    if (!text) return;

    const prompt = text.indexOf('>') >= 0 ? parsePrompt(text) : null;
    if (prompt) return this.onPrompt(prompt);
    const threadId = text.charCodeAt(0) === 84 /* T */ ? parseThreadLine(text) : null;
    if (threadId) return this.onThread(threadId);
    if (isStackTextHeader(text)) return this.onStackText();
    const header = parseHeader(text);
    if (header) return this.onHeader(header);
    if (isAnalyzeKey(text)) {
      this.keyMode = true;
      return;
    }
    if (this.keyMode) return;

    if (this.cur.frames.length === 0) {
      const ts = parseThreadStackLine(text);
      if (ts) {
        const t = (this.cur.thread ??= { id: null, init: null, current: null, base: null, limit: null, largeStack: false });
        if (ts.init) t.init = ts.init;
        if (ts.current) t.current = ts.current;
        if (ts.base) t.base = ts.base;
        if (ts.limit) t.limit = ts.limit;
        if (/\bLargeStack\b/.test(text)) t.largeStack = true;
        return;
      }
      if (this.cur.thread && /\bLargeStack\b/.test(text)) {
        this.cur.thread.largeStack = true;
        return;
      }
    }
    const warning = warningText(text);
    if (warning) return this.warn(line.no, warning);
    const machine = text.charCodeAt(0) === 69 /* E */ ? parseEffectiveMachine(text) : null;
    if (machine) {
      this.cur.archHints.push({ arch: machine, source: 'prompt' });
      return;
    }
    const regs = parseRegisters(text);
    if (regs) {
      if (regs.arch) this.cur.archHints.push({ arch: regs.arch, source: 'registers' });
      if (regs.sp && this.cur.frames.length === 0) this.cur.registerSp = regs.sp;
      return;
    }
    this.onFrameText(text, line.raw, line.no);
  }

  end(): void {
    this.flushPending();
    this.finish();
  }

  private warn(line: number, text: string): void {
    if (this.cur.warnings.length < MAX_WARNINGS_PER_STACK) this.cur.warnings.push({ line, text });
  }

  private finish(): void {
    const d = this.cur;
    if (d.frames.length > 0 || d.thread) {
      if (this.drafts.length >= MAX_STACKS) {
        this.stopped = `more than ${MAX_STACKS} stacks in one paste; the rest was not read`;
        return;
      }
      this.drafts.push(d);
    }
  }

  private startNew(layout: Layout = UNKNOWN_LAYOUT): void {
    this.finish();
    this.cur = emptyDraft(layout);
  }

  private onPrompt(p: Prompt): void {
    this.flushPending();
    this.keyMode = false;
    if (this.cur.frames.length > 0) this.startNew();
    const d = this.cur;
    d.prompt = p.title;
    d.command = p.command;
    d.section = null;
    d.layout = p.layout ?? UNKNOWN_LAYOUT;
    d.numberMode = null;
    if (p.arch) d.archHints.push({ arch: p.arch, source: 'prompt' });
    if (p.changesContext) d.registerSp = null;
  }

  private onThread(id: string): void {
    this.flushPending();
    this.keyMode = false;
    if (this.cur.frames.length > 0 || this.cur.thread) this.startNew();
    this.cur.thread = { id, init: null, current: null, base: null, limit: null, largeStack: false };
    this.cur.layout = UNKNOWN_LAYOUT;
    this.cur.numberMode = null;
  }

  private onStackText(): void {
    this.flushPending();
    this.keyMode = false;
    if (this.cur.frames.length > 0) this.startNew();
    this.cur.section = 'STACK_TEXT';
    this.cur.layout = UNKNOWN_LAYOUT;
    this.cur.numberMode = null;
  }

  private onHeader(layout: Layout): void {
    this.flushPending();
    this.keyMode = false;
    if (this.cur.frames.length > 0) this.startNew(layout);
    this.cur.layout = layout;
    this.cur.numberMode = null;
  }

  /** Reused for every line (parseFrameLine only reads it); copied when a frame stays pending. */
  private readonly ctx: FrameLineContext = { layout: UNKNOWN_LAYOUT, numberMode: null, expectedNumber: 0 };

  private context(): FrameLineContext {
    const d = this.cur;
    const last = d.frames[d.frames.length - 1];
    const ctx = this.ctx;
    ctx.layout = d.layout;
    ctx.numberMode = d.numberMode;
    ctx.expectedNumber = last ? (last.number !== null ? last.number + 1 : d.frames.length) : 0;
    return ctx;
  }

  private onFrameText(text: string, raw: string, lineNo: number): void {
    const ctx = this.context();
    const r = parseFrameLine(text, ctx);
    if (r.kind === 'incomplete') {
      this.pending = { text, raw, lineNo, lines: 1, ctx: { ...ctx } };
      return;
    }
    this.accept(r, raw, lineNo);
  }

  private accept(r: FrameLineResult, raw: string, lineNo: number, note?: string): void {
    if (r.kind === 'bad') {
      this.warn(lineNo, `${r.reason}: ${raw.trim().slice(0, 200)}`);
      return;
    }
    if (r.kind !== 'frame') return;
    const f = r;
    let d = this.cur;
    const last = d.frames[d.frames.length - 1];
    // `kn` output pasted twice without a prompt: numbering restarts, so does the stack.
    const renumbered = last && f.number === 0 && last.number !== null;
    // x86 and x64 frames cannot be one stack.
    const widthChange = last && f.sp && last.sp && f.sp.width !== last.sp.width;
    if (renumbered || widthChange) {
      this.startNew(d.layout);
      d = this.cur;
    }
    if (this.totalFrames >= MAX_FRAMES) {
      this.warn(lineNo, `more than ${MAX_FRAMES.toLocaleString('en-US')} frames in one paste; the rest was not read`);
      this.stopped = `more than ${MAX_FRAMES} frames in one paste; the rest was not read`;
      return;
    }
    d.numberMode = f.numberMode;
    const cs = f.callSite;
    if (cs.module !== null) cs.module = this.intern(cs.module);
    if (cs.symbol !== null) cs.symbol = this.intern(cs.symbol);
    const frame: DraftFrame = f;
    frame.lineNo = lineNo;
    frame.raw = raw;
    d.frames.push(frame);
    this.totalFrames++;
    if (note) this.warn(lineNo, note);
  }

  /**
   * One shared string per distinct module/symbol name. A 10,000-frame stack names a few dozen
   * functions: sharing them keeps 10,000 short strings out of the heap (less GC copying), and
   * the Map lookups of the module table and the cycle search then meet the very same string
   * (cached hash, identity compare) instead of comparing equal copies character by character.
   */
  private intern(name: string): string {
    const known = this.names.get(name);
    if (known !== undefined) return known;
    if (this.names.size < MAX_INTERNED) this.names.set(name, name);
    return name;
  }

  /** Feeds `line` to an unfinished frame; false when the line is not a continuation. */
  private continuePending(line: SourceLine): boolean {
    const p = this.pending!;
    const text = line.text;
    if (line.fence || line.afterBlank || !text || this.startsSomethingElse(text, p.ctx)) {
      this.flushPending();
      return false;
    }
    const sep = /[\\/]$/.test(p.text) ? '' : ' ';
    const joined = p.text + sep + text;
    const raw = p.raw + '\n' + line.raw;
    const r = parseFrameLine(joined, p.ctx);
    if (r.kind === 'incomplete' && p.lines + 1 < MAX_CONTINUATION_LINES && joined.length < 4 * MAX_LINE_CHARS) {
      this.pending = { ...p, text: joined, raw, lines: p.lines + 1 };
      return true;
    }
    this.pending = null;
    if (r.kind === 'incomplete') {
      this.accept(parseFrameLine(joined, p.ctx, true), raw, p.lineNo, 'frame text did not finish; read as far as it went');
    } else this.accept(r, raw, p.lineNo);
    return true;
  }

  private startsSomethingElse(text: string, ctx: FrameLineContext): boolean {
    if (text.indexOf('>') >= 0 && parsePrompt(text)) return true;
    if (parseThreadLine(text) || isStackTextHeader(text) || parseHeader(text)) return true;
    if (warningText(text)) return true;
    // Forced, so that the start of another unfinished frame (`03 ... Fn(`) also counts.
    const probe = parseFrameLine(text, ctx, true);
    return probe.kind === 'frame' && probe.columns >= 2;
  }

  private flushPending(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    const r = parseFrameLine(p.text, p.ctx, true);
    this.accept(r, p.raw, p.lineNo, 'frame text did not finish; read as far as it went');
  }
}
