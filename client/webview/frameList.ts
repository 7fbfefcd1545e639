// The frame list: one row per frame with its observed size beside the workspace's static estimate.
// Click, Enter or Space opens the frame's source. Virtualised (only the rows in view exist), so a
// 10,000-frame paste costs the same as a 30-frame one; ARIA table roles with aria-rowcount and
// aria-rowindex keep the full size known to screen readers. One row is in the tab order at a
// time (roving tabindex); arrows, Page Up/Down, Home and End move between rows.

import type { StackLayout } from './layout';
import { clear, el, isActivationKey } from './dom';
import { slotClass } from './colors';
import { formatBytes, formatInt, frameLabel, sourceLabel } from './format';
import { frameSummary } from './details';

export interface FrameListHooks {
  open(pos: number): void;
  /** A row got focus or the pointer (undefined when it left): the bar highlights the frame. */
  activate(pos: number | undefined): void;
}

export const ROW_HEIGHT = 24;
const OVERSCAN = 8;
const MAX_VIEW_ROWS = 18;

const COLUMNS = ['#', 'Frame', 'Observed', 'Estimate', 'Size from', 'Source', 'Notes'] as const;
const COLUMN_TITLES = ['Frame number (hex, as kn prints it)', 'module!function+offset', 'Bytes observed in the dump', 'Static estimate from the workspace, and how the observed size differs', 'Where the observed size comes from', 'Source annotation or matched workspace function', 'Call cycles, limit, stack switches'];

function hex2(i: number): string {
  const h = Math.floor(i).toString(16);
  return h.length < 2 ? `0${h}` : h;
}

function sizeFromShort(layout: StackLayout, pos: number): string {
  const f = layout.stack.frames[pos];
  if (f.bytes === null) return f.inline ? 'inline' : '—';
  switch (f.sizeSource) {
    case 'memory':
      return 'Memory';
    case 'frame-pointer':
      return layout.stack.arch === 'x86' ? 'ChildEBP' : 'Child-SP';
    case 'static':
      return 'estimate';
    default:
      return '—';
  }
}

export class FrameList {
  readonly node: HTMLDivElement;
  private readonly viewport: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private readonly rendered = new Map<number, HTMLDivElement>();
  private focusPos = 0;
  private currentPos = -1;
  private scheduled = false;

  constructor(
    private readonly layout: StackLayout,
    private readonly hooks: FrameListHooks,
    label: string,
  ) {
    const count = layout.stack.frames.length;
    this.node = el('div', { className: 'frames', attrs: { role: 'table', 'aria-label': label, 'aria-rowcount': count + 1 } });
    const headRow = el('div', { className: 'frow frow-head', attrs: { role: 'row', 'aria-rowindex': 1 } });
    COLUMNS.forEach((c, k) => headRow.appendChild(el('div', { className: `fcell c${k}`, text: c, attrs: { role: 'columnheader', title: COLUMN_TITLES[k] } })));
    this.node.appendChild(el('div', { className: 'frames-head', attrs: { role: 'rowgroup' } }, headRow));
    this.viewport = el('div', { className: 'frames-viewport' });
    this.body = el('div', { className: 'frames-body', attrs: { role: 'rowgroup' } });
    this.body.style.height = `${count * ROW_HEIGHT}px`;
    this.viewport.style.height = `${Math.max(1, Math.min(count, MAX_VIEW_ROWS)) * ROW_HEIGHT + 2}px`;
    this.viewport.appendChild(this.body);
    this.node.appendChild(this.viewport);
    if (!count) this.node.appendChild(el('p', { className: 'muted', text: 'No frames.' }));

    this.viewport.addEventListener('scroll', () => this.schedule());
    this.body.addEventListener('click', (e) => {
      const pos = this.rowPos(e.target);
      if (pos !== undefined) {
        this.setFocusPos(pos, true);
        this.hooks.open(pos);
      }
    });
    this.body.addEventListener('keydown', (e) => this.onKey(e));
    this.body.addEventListener('focusin', (e) => {
      const pos = this.rowPos(e.target);
      if (pos !== undefined) {
        this.focusPos = pos;
        this.hooks.activate(pos);
      }
    });
    this.body.addEventListener('focusout', () => this.hooks.activate(undefined));
    this.body.addEventListener('mouseover', (e) => {
      const pos = this.rowPos(e.target);
      if (pos !== undefined) this.hooks.activate(pos);
    });
    this.body.addEventListener('mouseleave', () => this.hooks.activate(undefined));
    this.render();
  }

  /** Scrolls `pos` into view and marks it as the current frame (from a click on the bar). */
  reveal(pos: number, focus: boolean): void {
    if (this.currentPos >= 0) this.rendered.get(this.currentPos)?.classList.remove('current');
    this.currentPos = pos;
    this.setFocusPos(pos, focus);
    this.rendered.get(pos)?.classList.add('current');
  }

  private rowPos(target: EventTarget | null): number | undefined {
    const row = (target as Element | null)?.closest?.('.frow[data-pos]');
    if (!row) return undefined;
    const pos = Number(row.getAttribute('data-pos'));
    return Number.isInteger(pos) ? pos : undefined;
  }

  private setFocusPos(pos: number, focus: boolean): void {
    const count = this.layout.stack.frames.length;
    if (!count) return;
    const p = Math.max(0, Math.min(count - 1, pos));
    const prev = this.rendered.get(this.focusPos);
    if (prev) prev.tabIndex = -1;
    this.focusPos = p;
    // Keep the row inside the viewport, then render so it exists.
    const top = p * ROW_HEIGHT;
    const vh = this.viewport.clientHeight || MAX_VIEW_ROWS * ROW_HEIGHT;
    if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
    else if (top + ROW_HEIGHT > this.viewport.scrollTop + vh) this.viewport.scrollTop = top + ROW_HEIGHT - vh;
    this.render();
    const row = this.rendered.get(p);
    if (row) {
      row.tabIndex = 0;
      if (focus) row.focus({ preventScroll: true });
    }
  }

  private onKey(e: KeyboardEvent): void {
    const pos = this.rowPos(e.target);
    if (pos === undefined) return;
    const page = Math.max(1, Math.floor((this.viewport.clientHeight || ROW_HEIGHT * MAX_VIEW_ROWS) / ROW_HEIGHT) - 1);
    const last = this.layout.stack.frames.length - 1;
    let next: number | undefined;
    if (isActivationKey(e)) {
      e.preventDefault();
      this.hooks.open(pos);
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
        next = pos + 1;
        break;
      case 'ArrowUp':
        next = pos - 1;
        break;
      case 'PageDown':
        next = pos + page;
        break;
      case 'PageUp':
        next = pos - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      default:
        return;
    }
    e.preventDefault();
    this.setFocusPos(Math.max(0, Math.min(last, next)), true);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.render();
    });
  }

  /** Creates the rows in view (plus a margin) and removes the others, keeping the focused one. */
  private render(): void {
    const count = this.layout.stack.frames.length;
    const vh = this.viewport.clientHeight || MAX_VIEW_ROWS * ROW_HEIGHT;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(count - 1, Math.ceil((this.viewport.scrollTop + vh) / ROW_HEIGHT) + OVERSCAN);
    const active = document.activeElement;
    for (const [pos, row] of this.rendered) {
      if ((pos < first || pos > last) && row !== active) {
        row.remove();
        this.rendered.delete(pos);
      }
    }
    for (let pos = first; pos <= last; pos++) {
      if (this.rendered.has(pos)) continue;
      const row = this.buildRow(pos);
      this.rendered.set(pos, row);
      this.body.appendChild(row);
    }
  }

  private buildRow(pos: number): HTMLDivElement {
    const layout = this.layout;
    const f = layout.stack.frames[pos];
    const cls = f.module === null ? 'mx' : slotClass(layout.slots.get(f.module));
    const row = el('div', {
      className: `frow${pos === this.currentPos ? ' current' : ''}${f.bytes === null && !f.inline ? ' unknown' : ''}`,
      attrs: {
        role: 'row',
        'aria-rowindex': pos + 2,
        'data-pos': pos,
        tabindex: pos === this.focusPos ? 0 : -1,
        'aria-label': frameSummary(layout, pos),
      },
    });
    row.style.transform = `translateY(${pos * ROW_HEIGHT}px)`;
    const cell = (k: number, ...children: (Node | string)[]): HTMLDivElement => el('div', { className: `fcell c${k}`, attrs: { role: 'cell' } }, ...children);

    const name = el('span', { className: 'fname', text: frameLabel(f) });
    const frameCell = cell(1, el('span', { className: `swatch ${cls}`, attrs: { 'aria-hidden': 'true' } }), name);
    if (f.inline) frameCell.appendChild(el('span', { className: 'badge', text: 'inline' }));

    const observed = f.bytes !== null ? formatInt(f.bytes) : f.inline ? '—' : 'unknown';
    const obsCell = cell(2, observed);
    if (f.bytes === null && !f.inline) obsCell.classList.add('unknown-size');

    let est = '—';
    const estCell = cell(3);
    if (f.staticBytes !== null && f.staticBytes !== undefined) {
      est = formatInt(f.staticBytes);
      if (f.bytes !== null && f.sizeSource !== 'static') {
        const d = f.bytes - f.staticBytes;
        estCell.append(est, el('span', { className: `delta ${d > 0 ? 'delta-up' : d < 0 ? 'delta-down' : ''}`, text: ` ${d >= 0 ? '+' : '−'}${formatInt(Math.abs(d))}` }));
        estCell.title = `observed ${formatBytes(f.bytes)} vs static estimate ${formatBytes(f.staticBytes)}`;
      } else estCell.append(est);
    } else estCell.append(est);
    if (est === '—') estCell.classList.add('muted');

    const srcCell = cell(5, f.source ? sourceLabel(f.source) : f.workspaceLocation ? sourceLabel({ file: f.workspaceLocation.file, line: f.workspaceLocation.line + 1 }) : '');
    if (f.source) srcCell.title = `${f.source.file} @ ${f.source.line}`;
    else if (f.workspaceLocation) srcCell.title = `workspace: ${f.workspaceLocation.file}`;

    const notes = cell(6);
    const ci = layout.cycleOf[pos];
    if (ci >= 0) {
      const c = layout.stack.cycles[ci];
      notes.appendChild(el('span', { className: `badge badge-cyc cycb${ci % 4}`, text: `↻ ${ci + 1} · ${layout.occurrenceOf[pos] + 1}/${c.repeats}`, attrs: { title: c.label ?? `call cycle ${ci + 1} repeated ${c.repeats} times` } }));
    }
    const limit = layout.limitBytes;
    if (limit > 0 && f.bytes !== null && layout.start[pos] + f.bytes > limit) notes.appendChild(el('span', { className: 'badge badge-over', text: 'past limit' }));
    const prev = pos > 0 ? layout.stack.frames[pos - 1] : undefined;
    if (prev && prev.segment !== f.segment) notes.appendChild(el('span', { className: 'badge badge-seg', text: 'stack switch', attrs: { title: 'The stack pointer jumps to another stack here (DPC/ISR/double-fault stack or user/kernel boundary).' } }));

    row.append(cell(0, hex2(f.index)), frameCell, obsCell, estCell, cell(4, sizeFromShort(layout, pos)), srcCell, notes);
    return row;
  }

  dispose(): void {
    clear(this.body);
    this.rendered.clear();
  }
}
