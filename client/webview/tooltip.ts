// The hover card for a frame (mouse over a bar segment, or keyboard focus on one). One card per
// page, positioned next to the segment and kept inside the viewport. Content via textContent only.

import type { FrameDetails } from './details';
import { clear, el } from './dom';

export class Tooltip {
  readonly node: HTMLDivElement;

  constructor(parent: HTMLElement) {
    this.node = el('div', { className: 'tooltip', attrs: { role: 'tooltip', id: 'sl-tooltip', hidden: true } });
    parent.appendChild(this.node);
  }

  /** Shows the card for `details` next to `anchor` (viewport coordinates). */
  show(details: FrameDetails, anchor: { left: number; top: number; bottom: number; width: number }): void {
    const n = this.node;
    clear(n);
    n.appendChild(el('div', { className: 'tooltip-title', text: details.title }));
    if (details.alarm) n.appendChild(el('div', { className: 'tooltip-alarm', text: details.alarm }));
    const dl = el('dl', { className: 'tooltip-rows' });
    for (const [k, v] of details.rows) dl.append(el('dt', { text: k }), el('dd', { text: v }));
    n.appendChild(dl);
    n.hidden = false;
    // Position: below the anchor, flipped above when there is no room; clamped horizontally.
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const r = n.getBoundingClientRect();
    let left = anchor.left + anchor.width / 2 - r.width / 2;
    left = Math.max(4, Math.min(left, vw - r.width - 4));
    let top = anchor.bottom + 8;
    if (top + r.height > vh - 4 && anchor.top - r.height - 8 >= 4) top = anchor.top - r.height - 8;
    n.style.left = `${Math.round(left + window.scrollX)}px`;
    n.style.top = `${Math.round(top + window.scrollY)}px`;
  }

  hide(): void {
    this.node.hidden = true;
  }
}
