// Builds the flame bar as SVG markup from a layout: a pure function, no DOM, so the same code
// draws the panel, the SVG export and the benchmark. Speed matters (10,000 frames within the
// 100 ms budget), hence one string built with an array join.
//
// The markup carries only numbers and fixed class names, never text from the paste: every text
// label (module and function names, figures) is returned separately in `labels` and added by the
// caller with `textContent`. So inserting `markup` into the page cannot create markup from data.

import type { StackLayout } from './layout';
import { slotClass } from './colors';
import { formatBytes, formatKiB, formatPercent, shortFrameName, truncate } from './format';

export interface BarLabel {
  x: number;
  y: number;
  text: string;
  /** CSS class (`lbl-run`, `lbl-frame`, `lbl-axis`, `lbl-limit`, `lbl-row`, `lbl-cyc`, ...). */
  cls: string;
  anchor?: 'start' | 'middle' | 'end';
}

export interface BarDrawing {
  markup: string;
  labels: BarLabel[];
  width: number;
  height: number;
  /** Pixels per byte. */
  scale: number;
  /** Left edge of the plot (the stack base) in px. */
  plotX: number;
  /** Per frame position: the y of the frame track of its row (for the focus ring). */
  rowFrameY: number[];
  frameTrackHeight: number;
}

export interface BarOptions {
  /** Width available in px. */
  width: number;
  /** Prefix that makes pattern ids unique in the page (one per stack). */
  idPrefix: string;
}

// Geometry (px).
const PAD_X = 10;
const ROW_HEADER = 18;
const LANE = 17;
const RUN_H = 20;
const FRAME_H = 28;
const TICK_H = 7;
const ROW_GAP = 14;
const UNKNOWN_H = 16;
const AXIS_H = 22;
const TOP = 20;
const CHAR_W = 6.4; // average width of an 11 px UI font character, for truncating labels
const MIN_LABEL_W = 34;

/** Fixed-point number for attributes: short strings, no exponent, never NaN. */
function n(v: number): string {
  if (!Number.isFinite(v)) return '0';
  return (Math.round(v * 100) / 100).toString();
}

function fitText(text: string, widthPx: number): string {
  const chars = Math.floor((widthPx - 8) / CHAR_W);
  return chars >= 3 ? truncate(text, chars) : '';
}

/**
 * Elements grouped by their classes: the paint (fill, stroke) is set once on a `<g>` and
 * inherited by its rects, which carry no class. With 10,000 frames this keeps the browser's
 * style work per rect trivial (measured: style recalculation dominated the draw time).
 */
class Groups {
  private readonly byKey = new Map<string, string[]>();
  add(key: string, element: string): void {
    let list = this.byKey.get(key);
    if (!list) this.byKey.set(key, (list = []));
    list.push(element);
  }
  flush(out: string[]): void {
    for (const [key, list] of this.byKey) out.push(`<g class="${key}">`, list.join(''), '</g>');
    this.byKey.clear();
  }
}

/** Rows with more frames than this merge sub-pixel frames (see `Binner`). */
export const LOD_MIN_FRAMES = 2000;
const LOD_MIN_PX = 1;

interface Bin {
  from: number;
  to: number;
  /** Class of the item with the most bytes in the bin. */
  cls: string;
  /** Highest and lowest frame position in the bin (positions fall from base to limit). */
  hi: number;
  lo: number;
}

/** Collects consecutive narrow items until they span a pixel, then emits them as one rect. */
class Binner {
  private bin: (Bin & { best: number }) | null = null;
  constructor(private readonly emit: (b: Bin) => void) {}
  add(from: number, to: number, cls: string, hi: number, lo: number, scale: number): void {
    const b = this.bin;
    if (!b) this.bin = { from, to, cls, hi, lo, best: to - from };
    else {
      b.to = to;
      b.hi = Math.max(b.hi, hi);
      b.lo = Math.min(b.lo, lo);
      if (to - from > b.best) {
        b.best = to - from;
        b.cls = cls;
      }
    }
    if (this.bin && (this.bin.to - this.bin.from) * scale >= LOD_MIN_PX) this.flush();
  }
  flush(): void {
    if (this.bin) this.emit(this.bin);
    this.bin = null;
  }
}

/** Tick step in bytes: a power of two giving between 4 and 12 ticks over the domain. */
export function tickStep(domainBytes: number): number {
  let step = 256;
  while (domainBytes / step > 12) step *= 2;
  return step;
}

export function buildFlameBar(layout: StackLayout, opts: BarOptions): BarDrawing {
  const width = Math.max(320, Math.floor(opts.width));
  const plotW = width - 2 * PAD_X;
  const scale = plotW / layout.domainBytes;
  const X = (bytes: number): number => PAD_X + bytes * scale;
  const { stack, rows } = layout;
  const frames = stack.frames;
  const p = opts.idPrefix;
  const out: string[] = [];
  const labels: BarLabel[] = [];
  const rowFrameY: number[] = new Array(frames.length).fill(0);
  const limit = layout.limitBytes;
  const limitX = limit > 0 ? X(limit) : -1;
  const multiRow = rows.length > 1;

  out.push(
    `<defs>`,
    `<pattern id="${p}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">`,
    `<rect class="hatch-bg" width="6" height="6"/><line class="hatch-line" x1="0" y1="0" x2="0" y2="6"/></pattern>`,
    `<pattern id="${p}-ovhatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(-45)">`,
    `<line class="ovhatch-line" x1="0" y1="0" x2="0" y2="6"/></pattern>`,
    `</defs>`,
  );

  let y = TOP;
  const rowTops: number[] = [];
  const contentTop = y;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    rowTops.push(y);
    if (multiRow) {
      const first = row.positions[0];
      const last = row.positions[row.positions.length - 1];
      const kind = !row.counted
        ? row.info?.userMode
          ? 'user-mode stack, not counted'
          : 'not counted against the limit'
        : r === layout.primaryRow
          ? 'main stack'
          : 'counted';
      const why = row.info && row.info.reason && row.info.reason !== 'start' ? ` · ${row.info.reason}` : '';
      const span = first === last ? `frame ${hex2(frames[first].index)}` : `frames ${hex2(frames[first].index)}–${hex2(frames[last].index)}`;
      labels.push({
        x: PAD_X,
        y: y + 12,
        cls: row.counted ? 'lbl-row' : 'lbl-row lbl-muted-row',
        text: fitText(`Segment ${r + 1} of ${rows.length} (${kind}) · ${span} · ${formatBytes(row.endBytes)}${why}`, plotW),
      });
      y += ROW_HEADER;
    }
    // Cycle brackets above the module track.
    const cycTop = y;
    y += row.lanes * LANE;
    const runY = y;
    const frameY = runY + RUN_H + 2;
    const trackBottom = frameY + FRAME_H;

    // Free space up to the limit, and the overflow zone past it.
    // Rows not counted against the limit (user-mode or another stack) get no limit styling.
    const lim = row.counted ? limit : 0;
    if (lim > 0) {
      out.push(`<rect class="track" x="${n(X(0))}" y="${n(runY)}" width="${n(limit * scale)}" height="${n(trackBottom - runY)}"/>`);
      if (row.endBytes > lim) {
        out.push(`<rect class="ovz" x="${n(limitX)}" y="${n(runY)}" width="${n(X(row.endBytes) - limitX)}" height="${n(trackBottom - runY)}"/>`);
      }
    }

    // Module runs (the upper band).
    const groups = new Groups();
    const runYs = n(runY);
    // Rows with thousands of frames merge items narrower than a pixel into one rect per pixel
    // (coloured by the biggest item in it): the picture is the same, the DOM ten times smaller.
    const lod = row.positions.length > LOD_MIN_FRAMES;
    const runBins = new Binner((b) => groups.add(`run ${b.cls}`, `<rect data-b="${b.hi}-${b.lo}" x="${n(X(b.from))}" y="${runYs}" width="${n((b.to - b.from) * scale)}" height="${RUN_H}"/>`));
    for (const run of row.runs) {
      const x0 = X(run.from);
      const w = (run.to - run.from) * scale;
      const cls = run.module === null ? 'mx' : slotClass(layout.slots.get(run.module));
      if (lod && w < LOD_MIN_PX) {
        runBins.add(run.from, run.to, cls, run.firstPos, run.lastPos, scale);
        continue;
      }
      runBins.flush();
      groups.add(`run ${cls}`, `<rect data-p="${run.firstPos}" x="${n(x0)}" y="${runYs}" width="${n(w)}" height="${RUN_H}"/>`);
      if (w >= MIN_LABEL_W) {
        const t = fitText(run.module ?? 'no module', w);
        if (t) labels.push({ x: x0 + 4, y: runY + 14, text: t, cls: 'lbl-run' });
      }
    }
    runBins.flush();

    // One segment per frame (the lower band), innermost frame nearest the limit; walked from
    // the base (outermost) so that narrow neighbours can share a bin.
    const frameYs = n(frameY);
    const frameBins = new Binner((b) => {
      const over = lim > 0 && b.from >= lim;
      groups.add(`seg ${b.cls}${over ? ' over' : ''}`, `<rect data-b="${b.hi}-${b.lo}" x="${n(X(b.from))}" y="${frameYs}" width="${n((b.to - b.from) * scale)}" height="${FRAME_H}"/>`);
    });
    for (let k = row.positions.length - 1; k >= 0; k--) {
      const pos = row.positions[k];
      rowFrameY[pos] = frameY;
      const f = frames[pos];
      if (f.bytes === null) continue;
      const x0 = X(layout.start[pos]);
      const w = f.bytes * scale;
      const cls = f.module === null ? 'mx' : slotClass(layout.slots.get(f.module));
      const from = layout.start[pos];
      const over = lim > 0 && from >= lim;
      if (lod && w < LOD_MIN_PX && !(lim > 0 && !over && from + f.bytes > lim)) {
        frameBins.add(from, from + f.bytes, cls, pos, pos, scale);
        continue;
      }
      frameBins.flush();
      const key = `seg ${cls}${w >= 3 ? ' w' : ''}${over ? ' over' : ''}${f.sizeSource === 'static' ? ' est' : ''}`;
      groups.add(key, `<rect data-i="${pos}" x="${n(x0)}" y="${frameYs}" width="${n(w)}" height="${FRAME_H}"/>`);
      if (lim > 0 && !over && from + f.bytes > lim) {
        // The part of a frame that crosses the limit is drawn in the alarm colour.
        groups.add('seg-over', `<rect x="${n(limitX)}" y="${frameYs}" width="${n(X(from + f.bytes) - limitX)}" height="${FRAME_H}"/>`);
      }
      if (w >= 64) {
        const t = fitText(shortFrameName(f), w);
        if (t) labels.push({ x: x0 + 4, y: frameY + 18, text: t, cls: over ? 'lbl-frame lbl-over' : 'lbl-frame' });
      }
    }
    frameBins.flush();
    groups.flush(out);
    if (row.unattributedBytes > 0) {
      const x0 = X(row.knownBytes);
      const w = row.unattributedBytes * scale;
      out.push(`<rect class="unattr" x="${n(x0)}" y="${n(frameY)}" width="${n(w)}" height="${FRAME_H}" fill="url(#${p}-hatch)"/>`);
      if (w >= 60) labels.push({ x: x0 + 4, y: frameY + 18, text: fitText('not in a frame', w), cls: 'lbl-frame lbl-muted' });
    }
    if (lim > 0 && row.endBytes > lim) {
      // Hatch over the overflow so it reads as an alarm without colour too.
      out.push(`<rect class="ovhatch" x="${n(limitX)}" y="${n(runY)}" width="${n(X(row.endBytes) - limitX)}" height="${n(trackBottom - runY)}" fill="url(#${p}-ovhatch)"/>`);
    }

    // Cycle brackets, labelled at their first occurrence where the label does not collide.
    const taken: [number, number, number][] = [];
    for (const c of row.cycles) {
      const x0 = X(c.from);
      const x1 = X(c.to);
      const by = cycTop + (row.lanes - 1 - c.lane) * LANE + LANE - 2;
      out.push(`<path class="cyc cyc${c.cycle % 4}" data-c="${c.cycle}" d="M${n(x0 + 1)},${n(by)}v-6h${n(Math.max(1, x1 - x0 - 2))}v6"/>`);
      if (c.occurrence === 0) {
        const text = `↻ cycle ${c.cycle + 1} ×${c.repeats}`;
        const lx0 = x0 + 4;
        const lx1 = lx0 + text.length * 5.8;
        const ly = by - 8;
        if (!taken.some(([a, b, yy]) => Math.abs(yy - ly) < LANE && lx0 < b + 6 && a < lx1 + 6)) {
          taken.push([lx0, lx1, ly]);
          labels.push({ x: lx0, y: ly, text, cls: 'lbl-cyc' });
        }
      }
    }

    y = trackBottom;
    // Ticks under the bar where a frame of unknown size sits (its size is not drawn).
    if (row.unknown.length) {
      out.push('<g class="unk-tick">');
      for (const pos of row.unknown) {
        const x = X(layout.start[pos]);
        out.push(`<path data-i="${pos}" d="M${n(x)},${n(y + 1)}l-4,${TICK_H}h8z"/>`);
      }
      out.push('</g>');
      y += TICK_H + 2;
    }
    y += ROW_GAP;
  }

  // Strip of the unknown-size frames, equal widths, explicitly not to scale.
  const unknownAll: number[] = [];
  for (const row of rows) unknownAll.push(...row.unknown);
  let unknownY = -1;
  if (unknownAll.length) {
    unknownY = y + 14;
    labels.push({
      x: PAD_X,
      y: y + 10,
      cls: 'lbl-row',
      text: fitText(`${unknownAll.length} frame${unknownAll.length === 1 ? '' : 's'} of unknown size (not to scale) — re-run with kf to get the Memory column`, plotW),
    });
    const cw = plotW / unknownAll.length;
    unknownAll.sort((a, b) => b - a); // outermost first, like the bar
    const cells = new Groups();
    const ys = n(unknownY);
    // Cells are in bar order; `cellBins` merges sub-pixel cells of very long lists.
    const cellBins = new Binner((b) => cells.add(`unkcell ${b.cls}`, `<rect data-b="${b.hi}-${b.lo}" x="${n(PAD_X + b.from)}" y="${ys}" width="${n(b.to - b.from)}" height="${UNKNOWN_H}"/>`));
    const lodCells = unknownAll.length > LOD_MIN_FRAMES;
    unknownAll.forEach((pos, k) => {
      const f = frames[pos];
      const cls = f.module === null ? 'mx' : slotClass(layout.slots.get(f.module));
      if (lodCells && cw < LOD_MIN_PX) cellBins.add(k * cw, (k + 1) * cw, cls, pos, pos, 1);
      else cells.add(`unkcell ${cls}`, `<rect data-i="${pos}" x="${n(PAD_X + k * cw)}" y="${ys}" width="${n(cw)}" height="${UNKNOWN_H}"/>`);
    });
    cellBins.flush();
    cells.flush(out);
    out.push(`<rect class="unkhatch" x="${PAD_X}" y="${n(unknownY)}" width="${n(plotW)}" height="${UNKNOWN_H}" fill="url(#${p}-hatch)"/>`);
    y = unknownY + UNKNOWN_H + ROW_GAP;
  }

  // Axis with ticks in KiB, and the limit line across all rows.
  const axisY = y;
  out.push(`<line class="axis" x1="${PAD_X}" y1="${n(axisY)}" x2="${n(width - PAD_X)}" y2="${n(axisY)}"/>`);
  const step = tickStep(layout.domainBytes);
  const labelEvery = Math.max(1, Math.ceil((52 / (step * scale))));
  for (let b = 0, k = 0; b <= layout.domainBytes + 0.5; b += step, k++) {
    const x = X(b);
    out.push(`<line class="tick" x1="${n(x)}" y1="${n(axisY)}" x2="${n(x)}" y2="${n(axisY + 4)}"/>`);
    if (k % labelEvery === 0 && (limit <= 0 || Math.abs(x - limitX) > 40)) {
      labels.push({ x, y: axisY + 15, text: b === 0 ? 'base' : formatKiB(b), cls: 'lbl-axis', anchor: b === 0 ? 'start' : 'middle' });
    }
  }
  if (limit > 0) {
    out.push(`<line class="limit" x1="${n(limitX)}" y1="${n(contentTop - 6)}" x2="${n(limitX)}" y2="${n(axisY + 6)}"/>`);
    const anchor = limitX > width - 140 ? 'end' : 'middle';
    labels.push({ x: limitX + (anchor === 'end' ? -4 : 0), y: contentTop - 9, text: `limit ${formatKiB(limit)} (${stack.limitSource})`, cls: 'lbl-limit', anchor });
    labels.push({ x: limitX, y: axisY + 15, text: formatKiB(limit), cls: 'lbl-axis lbl-strong', anchor: limitX > width - 40 ? 'end' : 'middle' });
    const primary = rows[layout.primaryRow];
    if (primary && primary.endBytes < limit) {
      const freeX0 = X(primary.endBytes);
      const w = limitX - freeX0;
      const free = limit - primary.endBytes;
      const ty = rowTops[layout.primaryRow] + (multiRow ? ROW_HEADER : 0) + primary.lanes * LANE + RUN_H + 2 + 18;
      if (w >= 70) labels.push({ x: freeX0 + w / 2, y: ty, text: fitText(`free ${formatBytes(free)}`, w), cls: 'lbl-free', anchor: 'middle' });
    }
    if (layout.overflowBytes > 0) {
      const overText = `+${formatBytes(layout.overflowBytes)} over (${formatPercent(stack.usedBytes / limit, 0)} of the limit)`;
      const lim = labels.find((l) => l.cls === 'lbl-limit');
      if (lim) {
        // Keep the two headline labels apart: the limit label goes left of the line.
        lim.anchor = 'end';
        lim.x = limitX - 4;
      }
      if (limitX + 4 + overText.length * CHAR_W <= width) {
        labels.push({ x: limitX + 4, y: contentTop - 9, text: overText, cls: 'lbl-over-head', anchor: 'start' });
      } else if (lim) {
        lim.text = `${lim.text} · ${overText}`;
        lim.cls = 'lbl-limit lbl-over-head';
      }
    }
  }
  const height = axisY + AXIS_H;
  return { markup: out.join(''), labels, width, height, scale, plotX: PAD_X, rowFrameY, frameTrackHeight: FRAME_H };
}

function hex2(i: number): string {
  const h = Math.floor(i).toString(16);
  return h.length < 2 ? `0${h}` : h;
}
