// The per-module table of seed 002: module, bytes, share of the known bytes, frames. Biggest
// first. A real <table> (caption, column headers with scope) so screen readers announce it as one.
// Hovering or focusing a row highlights that module's frames on the bar.

import type { StackLayout } from './layout';
import { el } from './dom';
import { slotClass } from './colors';
import { formatInt, formatPercent } from './format';

export interface ModuleTableHooks {
  /** Highlight the module's palette slot on the bar (undefined: clear). */
  highlight(slotClassName: string | undefined): void;
}

export function buildModuleTable(layout: StackLayout, hooks: ModuleTableHooks): HTMLTableElement {
  const s = layout.stack;
  const table = el('table', { className: 'modules' });
  const tableBytes = layout.modules.reduce((a, m) => a + m.bytes, 0);
  table.appendChild(
    el('caption', {
      text: `Stack use by module — ${formatInt(tableBytes)} B in frames of known size${
        s.unknownFrames ? `, ${s.unknownFrames} frame${s.unknownFrames === 1 ? '' : 's'} of unknown size not counted` : ''
      }`,
    }),
  );
  const head = el('thead');
  const hr = el('tr');
  for (const [label, cls] of [
    ['Module', 'col-module'],
    ['Bytes', 'num'],
    ['Share', 'col-share'],
    ['Frames', 'num'],
  ]) {
    hr.appendChild(el('th', { text: label, className: cls, attrs: { scope: 'col' } }));
  }
  head.appendChild(hr);
  table.appendChild(head);

  const body = el('tbody');
  let total = 0;
  let frames = 0;
  for (const m of layout.modules) {
    total += m.bytes;
    frames += m.frames;
    const cls = slotClass(m.slot);
    const tr = el('tr', { attrs: { tabindex: 0, 'data-module': m.module } });
    const name = el('th', { attrs: { scope: 'row' }, className: 'col-module' });
    name.append(el('span', { className: `swatch ${cls}`, attrs: { 'aria-hidden': 'true' } }), el('span', { className: m.noModule ? 'muted' : '', text: m.module }));
    const bar = el('span', { className: `share-bar ${cls}`, attrs: { 'aria-hidden': 'true' } });
    bar.style.width = `${Math.max(0, Math.min(100, m.share * 100)).toFixed(1)}%`;
    const shareCell = el('td', { className: 'col-share' }, el('span', { className: 'share-track', attrs: { 'aria-hidden': 'true' } }, bar), el('span', { className: 'share-text', text: formatPercent(m.share) }));
    const bytesCell = el('td', { className: 'num' });
    if (m.unknownFrames) {
      // Some of the module's frames have no size: its total is a lower bound.
      bytesCell.appendChild(el('span', { className: 'lower-bound', text: '≥ ', attrs: { title: `at least: ${m.unknownFrames} frame${m.unknownFrames === 1 ? '' : 's'} of unknown size` } }));
    }
    bytesCell.appendChild(document.createTextNode(formatInt(m.bytes)));
    tr.append(name, bytesCell, shareCell, el('td', { className: 'num', text: formatInt(m.frames) }));
    const on = (): void => hooks.highlight(m.slot === undefined ? 'mx' : cls);
    const off = (): void => hooks.highlight(undefined);
    tr.addEventListener('mouseenter', on);
    tr.addEventListener('mouseleave', off);
    tr.addEventListener('focus', on);
    tr.addEventListener('blur', off);
    body.appendChild(tr);
  }
  table.appendChild(body);
  const foot = el('tfoot');
  foot.appendChild(
    el(
      'tr',
      {},
      el('th', { text: 'Total', attrs: { scope: 'row', title: 'Frames of known size' }, className: 'col-module' }),
      el('td', { className: 'num', text: formatInt(total) }),
      el('td', { className: 'col-share', text: total > 0 ? formatPercent(1) : '—' }),
      el('td', { className: 'num', text: formatInt(frames) }),
    ),
  );
  table.appendChild(foot);
  return table;
}
