// One parsed stack on screen: header figures, hints, the flame bar (hover card, keyboard focus,
// click to open), the export buttons, the module table and the frame list, all wired together
// (hovering a list row or a module row highlights the bar and the other way round).

import type { ParsedStack } from '../../server/src/windbg/model';
import { layoutStack, type StackLayout } from './layout';
import { buildFlameBar, type BarDrawing } from './flameBar';
import { buildModuleTable } from './moduleTable';
import { FrameList } from './frameList';
import { moduleTableMarkdown } from './markdown';
import { exportBarSvg } from './svgExport';
import { frameDetails, frameSummary } from './details';
import { Tooltip } from './tooltip';
import { button, el, isActivationKey, setAttrs, svgEl } from './dom';
import { formatBytes, formatInt, formatKiB, formatPercent } from './format';

export interface StackViewHooks {
  openFrame(stack: ParsedStack, pos: number): void;
  copyMarkdown(markdown: string): void;
  saveSvg(svg: string, suggestedName: string): void;
}

const LIMIT_SOURCE_TEXT: Record<ParsedStack['limitSource'], string> = {
  thread: 'from !thread Base/Limit',
  platform: 'platform default',
  user: 'set by you',
};

export class StackView {
  readonly node: HTMLElement;
  readonly layout: StackLayout;
  private readonly barWrap: HTMLDivElement;
  private svg!: SVGSVGElement;
  private drawing!: BarDrawing;
  private focusRing!: SVGRectElement;
  private hoverRing!: SVGRectElement;
  private readonly list: FrameList;
  private activePos = 0;
  private drawnWidth = 0;
  /** Announces the frame focused on the bar (merged bins have no element to point at). */
  private readonly live: HTMLElement;

  constructor(
    stack: ParsedStack,
    private readonly index: number,
    private readonly tooltip: Tooltip,
    private readonly hooks: StackViewHooks,
  ) {
    this.layout = layoutStack(stack);
    const headingId = `sl-stack-${index}-title`;
    this.node = el('section', { className: 'stack', attrs: { 'aria-labelledby': headingId, 'data-stack': index } });
    this.node.appendChild(this.buildHeader(headingId));
    const hints = this.buildHints();
    if (hints) this.node.appendChild(hints);

    this.barWrap = el('div', { className: 'bar-wrap' });
    this.live = el('div', { className: 'sr-only', attrs: { 'aria-live': 'polite' } });
    this.node.append(this.barWrap, this.live);

    const tools = el(
      'div',
      { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Export' } },
      button('Copy table as Markdown', () => this.hooks.copyMarkdown(moduleTableMarkdown(this.layout)), { className: 'secondary', attrs: { 'data-action': 'copy-markdown' } }),
      button('Save bar as SVG', () => this.hooks.saveSvg(this.exportSvg(), `${stack.title || 'stack'}`), { className: 'secondary', attrs: { 'data-action': 'save-svg' } }),
    );
    this.node.appendChild(tools);

    const grid = el('div', { className: 'stack-grid' });
    const tableBox = el('div', { className: 'panel-box modules-box' }, el('h3', { text: 'Modules' }));
    tableBox.appendChild(buildModuleTable(this.layout, { highlight: (cls) => this.highlightModule(cls) }));
    this.list = new FrameList(
      this.layout,
      {
        open: (pos) => this.open(pos),
        activate: (pos) => this.showHover(pos),
      },
      `Frames of ${stack.title}`,
    );
    const listBox = el('div', { className: 'panel-box frames-box' }, el('h3', { text: `Frames (${formatInt(stack.frames.length)})` }), this.list.node);
    grid.append(tableBox, listBox);
    this.node.appendChild(grid);
  }

  /** Draws (or redraws, after a resize) the bar at the width available now. */
  draw(width?: number): void {
    const w = Math.floor(width ?? (this.barWrap.clientWidth || 900));
    if (w === this.drawnWidth && this.svg) return;
    this.drawnWidth = w;
    const d = buildFlameBar(this.layout, { width: w, idPrefix: `sl${this.index}` });
    this.drawing = d;
    const s = this.layout.stack;
    const svg = svgEl('svg', { class: 'bar', width: d.width, height: d.height, viewBox: `0 0 ${d.width} ${d.height}` });
    setAttrs(svg, {
      tabindex: 0,
      role: 'listbox',
      'aria-roledescription': 'flame bar',
      'aria-label': `Flame bar of ${s.title}: ${formatInt(s.frames.length)} frames from the stack base to the limit. Arrow keys move between frames, Enter opens the source.`,
    });
    // The markup holds only numbers and fixed class names (see flameBar.ts); text is added below.
    svg.innerHTML = d.markup;
    const labels = svgEl('g', { class: 'labels', 'aria-hidden': 'true' });
    for (const l of d.labels) {
      const t = svgEl('text', { x: l.x.toFixed(1), y: l.y.toFixed(1), class: l.cls }, l.text);
      if (l.anchor) t.setAttribute('text-anchor', l.anchor);
      labels.appendChild(t);
    }
    svg.appendChild(labels);
    this.hoverRing = svgEl('rect', { class: 'hover-ring', x: 0, y: 0, width: 0, height: 0, visibility: 'hidden' });
    this.focusRing = svgEl('rect', { class: 'focus-ring', x: 0, y: 0, width: 0, height: 0, visibility: 'hidden' });
    svg.append(this.hoverRing, this.focusRing);
    this.wireBar(svg);
    if (this.svg) this.svg.replaceWith(svg);
    else this.barWrap.appendChild(svg);
    this.svg = svg;
    if (document.activeElement === svg) this.setActive(this.activePos, true);
  }

  /** The standalone SVG for "Save bar as SVG". */
  exportSvg(): string {
    const s = this.layout.stack;
    return exportBarSvg(this.svg, { title: s.title, subtitle: this.summaryLine() });
  }

  private summaryLine(): string {
    const s = this.layout.stack;
    const pct = s.limitBytes > 0 ? ` (${formatPercent(s.usedBytes / s.limitBytes)})` : '';
    const over = this.layout.overflowBytes > 0 ? ` — ${formatBytes(this.layout.overflowBytes)} over the limit` : '';
    return `${s.arch} · ${formatBytes(s.usedBytes)} used of ${formatBytes(s.limitBytes)}${pct}${over} · ${formatInt(s.frames.length)} frames`;
  }

  private buildHeader(headingId: string): HTMLElement {
    const s = this.layout.stack;
    const L = this.layout;
    const header = el('header', { className: 'stack-header' });
    header.appendChild(el('h2', { text: s.title, attrs: { id: headingId } }));

    const stats = el('dl', { className: 'stats' });
    const stat = (label: string, value: string, cls = '', title?: string): void => {
      const box = el('div', { className: `stat ${cls}` }, el('dt', { text: label }), el('dd', { text: value }));
      if (title) box.title = title;
      stats.appendChild(box);
    };
    const fraction = s.limitBytes > 0 ? s.usedBytes / s.limitBytes : 0;
    stat('Used', `${formatBytes(s.usedBytes)}`, 'stat-used', s.usedSource === 'thread-base' ? 'From !thread: stack Base − lowest stack pointer' : 'Sum of the frame sizes');
    stat('Limit', `${formatBytes(s.limitBytes)} (${formatKiB(s.limitBytes)})`, '', `Limit ${LIMIT_SOURCE_TEXT[s.limitSource]}`);
    stat('Of limit', formatPercent(fraction), fraction > 1 ? 'stat-alarm' : fraction >= 0.85 ? 'stat-warn' : '');
    if (L.overflowBytes > 0) stat('Overflow', `+${formatBytes(L.overflowBytes)}`, 'stat-alarm');
    else if (s.limitBytes > 0) stat('Headroom', formatBytes(s.limitBytes - s.usedBytes), fraction >= 0.85 ? 'stat-warn' : '');
    stat('Arch', s.arch + (s.archSource ? ` (${s.archSource})` : ''));
    stat('Frames', formatInt(s.frames.length) + (s.unknownFrames ? ` (${formatInt(s.unknownFrames)} unknown size)` : ''), s.unknownFrames ? 'stat-warn' : '');
    if (s.cycles.length) stat('Call cycles', `${s.cycles.length} (max ×${Math.max(...s.cycles.map((c) => c.repeats))})`, 'stat-cyc');
    header.appendChild(stats);

    // A meter of use against the limit, readable without colour (percentage text beside it).
    const meter = el('div', {
      className: `meter${fraction > 1 ? ' meter-over' : fraction >= 0.85 ? ' meter-warn' : ''}`,
      attrs: { role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': s.limitBytes, 'aria-valuenow': Math.min(s.usedBytes, s.limitBytes), 'aria-valuetext': `${formatPercent(fraction)} of the stack limit used`, 'aria-label': 'Stack use' },
    });
    const fill = el('div', { className: 'meter-fill' });
    fill.style.width = `${Math.min(100, fraction * 100).toFixed(2)}%`;
    meter.appendChild(fill);
    header.appendChild(meter);

    const limitNote = el('p', { className: 'limit-note' });
    const limitText = s.limitNote ?? `${LIMIT_SOURCE_TEXT[s.limitSource]}${s.limitSource === 'platform' ? ` for ${s.arch}` : ''}`;
    const usedText = s.usedSource === 'thread-base' ? 'Used: !thread Base − lowest stack pointer' : 'Used: sum of the frame sizes';
    limitNote.textContent = `Limit: ${limitText} · ${usedText}` + (s.thread?.largeStack ? ' · LargeStack thread' : '');
    header.appendChild(limitNote);
    return header;
  }

  private buildHints(): HTMLElement | null {
    const s = this.layout.stack;
    if (!s.hints.length && !s.warnings.length && !s.frames.length) return null;
    const box = el('div', { className: 'hints' });
    if (!s.frames.length) box.appendChild(el('p', { className: 'hint', text: 'No frames were recognised in this stack.' }));
    if (s.hints.length) {
      const ul = el('ul', { className: 'hint-list', attrs: { 'aria-label': 'Hints' } });
      for (const h of s.hints) ul.appendChild(el('li', { className: 'hint', text: h }));
      box.appendChild(ul);
    }
    if (s.warnings.length) {
      const det = el('details', { className: 'warnings' }, el('summary', { text: `${s.warnings.length} line${s.warnings.length === 1 ? '' : 's'} could not be read` }));
      const ul = el('ul');
      for (const w of s.warnings.slice(0, 200)) ul.appendChild(el('li', {}, el('span', { className: 'muted', text: `line ${w.line}: ` }), el('code', { text: w.text })));
      det.appendChild(ul);
      box.appendChild(det);
    }
    return box.childNodes.length ? box : null;
  }

  // ---- bar interaction ------------------------------------------------------------------------

  /** The frame under the pointer: from the element's data-i / data-p, or for a merged bin
   * (data-b="hi-lo", rows with thousands of frames) from the pointer's x position. */
  private posOf(target: EventTarget | null, clientX?: number): number | undefined {
    const t = target as Element | null;
    const n = this.layout.stack.frames.length;
    const ok = (p: number): number | undefined => (Number.isInteger(p) && p >= 0 && p < n ? p : undefined);
    const v = t?.getAttribute?.('data-i') ?? t?.getAttribute?.('data-p');
    if (v !== null && v !== undefined) return ok(Number(v));
    const bin = t?.getAttribute?.('data-b');
    if (!bin) return undefined;
    const [hi, lo] = bin.split('-').map(Number);
    if (ok(hi) === undefined || ok(lo) === undefined) return undefined;
    if (clientX === undefined) return hi;
    if (t?.parentElement?.classList.contains('unkcell')) return this.unknownCellAt(hi, lo, clientX, t);
    const x = clientX - this.svg.getBoundingClientRect().left;
    const bytes = (x - this.drawing.plotX) / this.drawing.scale;
    const frames = this.layout.stack.frames;
    let best = hi;
    for (let p = hi; p >= lo; p--) {
      const b = frames[p].bytes;
      if (b === null) continue;
      best = p;
      if (bytes < this.layout.start[p] + b) break;
    }
    return best;
  }

  /** In a merged run of unknown-size cells (equal widths), the cell under the pointer. */
  private unknownCellAt(hi: number, lo: number, clientX: number, rect: Element): number {
    const r = rect.getBoundingClientRect();
    const frames = this.layout.stack.frames;
    const members: number[] = [];
    for (let p = hi; p >= lo; p--) if (frames[p].bytes === null && !frames[p].inline) members.push(p);
    if (!members.length) return hi;
    const k = Math.floor(((clientX - r.left) / Math.max(1, r.width)) * members.length);
    return members[Math.max(0, Math.min(members.length - 1, k))];
  }

  private wireBar(svg: SVGSVGElement): void {
    svg.addEventListener('mousemove', (e) => {
      const pos = this.posOf(e.target, e.clientX);
      if (pos === undefined) {
        this.hoverRing.setAttribute('visibility', 'hidden');
        this.tooltip.hide();
      } else this.showHover(pos, e.target as Element);
    });
    svg.addEventListener('mouseleave', () => {
      this.hoverRing.setAttribute('visibility', 'hidden');
      this.tooltip.hide();
    });
    svg.addEventListener('click', (e) => {
      const pos = this.posOf(e.target, e.clientX);
      if (pos === undefined) return;
      this.setActive(pos, false);
      this.open(pos);
    });
    svg.addEventListener('focus', () => this.setActive(this.activePos, true));
    svg.addEventListener('blur', () => {
      this.focusRing.setAttribute('visibility', 'hidden');
      this.tooltip.hide();
    });
    svg.addEventListener('keydown', (e) => this.onBarKey(e));
  }

  private onBarKey(e: KeyboardEvent): void {
    const n = this.layout.stack.frames.length;
    if (!n) return;
    let next: number | undefined;
    if (isActivationKey(e)) {
      e.preventDefault();
      this.open(this.activePos);
      return;
    }
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowUp':
        next = this.activePos - 1; // towards the innermost frame (the limit)
        break;
      case 'ArrowLeft':
      case 'ArrowDown':
        next = this.activePos + 1; // towards the base
        break;
      case 'Home':
        next = n - 1; // the base: outermost frame
        break;
      case 'End':
        next = 0; // the innermost frame
        break;
      case 'Escape':
        this.tooltip.hide();
        return;
      default:
        return;
    }
    e.preventDefault();
    this.setActive(Math.max(0, Math.min(n - 1, next)), true);
  }

  /** Box of a frame on the bar, in SVG coordinates (unknown-size frames: a thin marker). */
  private frameBox(pos: number): { x: number; y: number; w: number; h: number } {
    const f = this.layout.stack.frames[pos];
    const d = this.drawing;
    const x = d.plotX + this.layout.start[pos] * d.scale;
    const w = f.bytes === null ? 2 : Math.max(2, f.bytes * d.scale);
    return { x: f.bytes === null ? x - 1 : x, y: d.rowFrameY[pos], w, h: d.frameTrackHeight };
  }

  private elementFor(pos: number): Element | null {
    return this.svg.querySelector(`[data-i="${pos}"]`);
  }

  /** Moves the keyboard focus to frame `pos`: focus ring, active descendant, hover card. */
  private setActive(pos: number, showCard: boolean): void {
    const prev = this.elementFor(this.activePos);
    if (prev) {
      prev.removeAttribute('id');
      prev.removeAttribute('role');
      prev.removeAttribute('aria-label');
      prev.removeAttribute('aria-selected');
    }
    this.activePos = pos;
    const b = this.frameBox(pos);
    setAttrs(this.focusRing, { x: b.x - 1.5, y: b.y - 1.5, width: b.w + 3, height: b.h + 3, visibility: document.activeElement === this.svg ? 'visible' : 'hidden' });
    const target = this.elementFor(pos);
    if (target) {
      const id = `sl-${this.index}-active`;
      setAttrs(target, { id, role: 'option', 'aria-selected': 'true', 'aria-label': frameSummary(this.layout, pos) });
      this.svg.setAttribute('aria-activedescendant', id);
    } else this.svg.removeAttribute('aria-activedescendant');
    if (document.activeElement === this.svg) this.live.textContent = frameSummary(this.layout, pos);
    if (showCard && document.activeElement === this.svg) {
      const r = this.svg.getBoundingClientRect();
      this.tooltip.show(frameDetails(this.layout, pos), { left: r.left + b.x, top: r.top + b.y, bottom: r.top + b.y + b.h, width: b.w });
    }
  }

  /** Hover card and highlight for a frame (from the bar or from the list). */
  private showHover(pos: number | undefined, anchorEl?: Element): void {
    if (pos === undefined) {
      this.hoverRing.setAttribute('visibility', 'hidden');
      if (!anchorEl) this.tooltip.hide();
      return;
    }
    const b = this.frameBox(pos);
    setAttrs(this.hoverRing, { x: b.x - 1, y: b.y - 1, width: b.w + 2, height: b.h + 2, visibility: 'visible' });
    if (anchorEl) {
      const r = anchorEl.getBoundingClientRect();
      this.tooltip.show(frameDetails(this.layout, pos), { left: r.left, top: r.top, bottom: r.bottom, width: r.width });
    }
  }

  private highlightModule(cls: string | undefined): void {
    if (!this.svg) return;
    if (cls) this.svg.setAttribute('data-hl', cls);
    else this.svg.removeAttribute('data-hl');
  }

  private open(pos: number): void {
    this.list.reveal(pos, false);
    this.hooks.openFrame(this.layout.stack, pos);
  }

  dispose(): void {
    this.list.dispose();
    this.tooltip.hide();
  }
}
