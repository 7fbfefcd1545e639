// "Save bar as SVG": turns the live flame bar into a standalone SVG file. In the panel the colours
// come from VS Code theme variables through panel.css; a saved file has neither, so every element's
// computed paint and font are written onto a copy as plain attributes. The result looks like the
// panel did in the current theme, opens in any browser or vector editor, and holds no script:
// the copy is serialised with XMLSerializer, which escapes every text and attribute value.

import { svgEl } from './dom';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Parts of the live bar that only make sense in the panel (focus ring, hover highlight). */
const INTERACTIVE_ONLY = '.focus-ring, .hover-ring';

/** Attributes dropped from the copy: interaction and accessibility wiring of the live page. */
const DROP_ATTRS = ['tabindex', 'role', 'aria-label', 'aria-activedescendant', 'aria-roledescription', 'aria-describedby', 'aria-hidden', 'class', 'data-i', 'data-p', 'data-c', 'aria-selected'];

const colorCache = new Map<string, { hex: string; alpha: number } | null>();
let probe: CanvasRenderingContext2D | null | undefined;

/**
 * Any CSS colour the browser computed (`rgb()`, `color(srgb …)`, `color-mix` results) as `#rrggbb`
 * plus alpha, which every SVG tool reads. Resolved by painting one pixel; null for `none`.
 */
export function plainColor(value: string): { hex: string; alpha: number } | null {
  const v = value.trim();
  if (!v || v === 'none' || v.startsWith('url(')) return null;
  const hit = colorCache.get(v);
  if (hit !== undefined) return hit;
  if (probe === undefined) {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    probe = canvas.getContext('2d', { willReadFrequently: true });
  }
  let out: { hex: string; alpha: number } | null = null;
  if (probe) {
    probe.clearRect(0, 0, 1, 1);
    probe.fillStyle = '#000000';
    probe.fillStyle = v;
    probe.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = probe.getImageData(0, 0, 1, 1).data;
    if (a > 0) {
      // The canvas stores premultiplied-then-unpremultiplied values; exact enough for a picture.
      const hex = `#${[r, g, b].map((x) => x.toString(16).padStart(2, '0')).join('')}`;
      out = { hex, alpha: a / 255 };
    }
  }
  colorCache.set(v, out);
  return out;
}

/** Elements whose paint is irrelevant: their children are painted individually. */
const CONTAINERS = new Set(['defs', 'pattern', 'g', 'svg', 'title', 'desc']);

/** The presentation attributes that reproduce an element's computed look, minus SVG defaults. */
function paintAttributes(src: Element, cs: CSSStyleDeclaration, tag: string): [string, string][] {
  const out: [string, string][] = [];
  const isText = tag === 'text';
  const own = (p: string): string | null => src.getAttribute(p);
  // fill (not for lines, which have no interior)
  if (tag !== 'line') {
    const ownFill = own('fill');
    if (ownFill && ownFill.startsWith('url(')) out.push(['fill', ownFill]);
    else {
      const c = plainColor(cs.fill);
      if (!c) out.push(['fill', 'none']);
      else {
        out.push(['fill', c.hex]);
        const a = c.alpha * (Number(cs.fillOpacity) || 1);
        if (a < 0.999) out.push(['fill-opacity', String(Math.round(a * 1000) / 1000)]);
      }
    }
  }
  const stroke = plainColor(cs.stroke);
  if (stroke) {
    out.push(['stroke', stroke.hex]);
    const a = stroke.alpha * (Number(cs.strokeOpacity) || 1);
    if (a < 0.999) out.push(['stroke-opacity', String(Math.round(a * 1000) / 1000)]);
    const w = cs.strokeWidth;
    if (w && w !== '1px') out.push(['stroke-width', w.replace(/px$/, '')]);
    const dash = cs.strokeDasharray;
    if (dash && dash !== 'none') out.push(['stroke-dasharray', dash.replace(/px/g, '')]);
  }
  const opacity = Number(cs.opacity);
  if (opacity < 0.999) out.push(['opacity', String(opacity)]);
  if (isText) {
    out.push(['font-family', cs.fontFamily], ['font-size', cs.fontSize.replace(/px$/, '')]);
    if (cs.fontWeight !== '400' && cs.fontWeight !== 'normal') out.push(['font-weight', cs.fontWeight]);
    if (cs.fontStyle !== 'normal') out.push(['font-style', cs.fontStyle]);
    const anchor = cs.getPropertyValue('text-anchor').trim();
    if (anchor && anchor !== 'start') out.push(['text-anchor', anchor]);
  }
  return out;
}

export interface SvgExportHeader {
  title: string;
  subtitle: string;
}

/**
 * A standalone SVG document (as text) for the live `<svg>` of a stack's bar. `background` is the
 * page's background colour; the title and subtitle go above the bar.
 */
export function exportBarSvg(live: SVGSVGElement, header: SvgExportHeader): string {
  const width = Number(live.getAttribute('width')) || live.clientWidth || 800;
  const height = Number(live.getAttribute('height')) || live.clientHeight || 200;
  const headerH = 44;
  const copy = live.cloneNode(true) as SVGSVGElement;

  // Copy computed paint from each live element onto its twin in the copy (same document order).
  const liveEls = live.querySelectorAll('*');
  const copyEls = copy.querySelectorAll('*');
  for (let i = 0; i < liveEls.length && i < copyEls.length; i++) {
    const src = liveEls[i];
    const dst = copyEls[i];
    const tag = src.tagName.toLowerCase();
    if (CONTAINERS.has(tag)) continue; // children carry their own paint
    const cs = getComputedStyle(src);
    if (cs.display === 'none' || cs.visibility === 'hidden') {
      dst.setAttribute('display', 'none');
      continue;
    }
    for (const [prop, value] of paintAttributes(src, cs, tag)) dst.setAttribute(prop, value);
  }
  for (const e of Array.from(copy.querySelectorAll(INTERACTIVE_ONLY))) e.remove();
  for (const e of [copy, ...Array.from(copy.querySelectorAll('*'))]) {
    for (const a of DROP_ATTRS) e.removeAttribute(a);
  }

  const bodyStyle = getComputedStyle(document.body);
  const background = plainColor(bodyStyle.backgroundColor)?.hex ?? '#ffffff';
  const foreground = plainColor(bodyStyle.color)?.hex ?? '#000000';
  const fontFamily = bodyStyle.fontFamily || 'sans-serif';

  const doc = svgEl('svg', {
    xmlns: SVG_NS,
    version: '1.1',
    width,
    height: height + headerH,
    viewBox: `0 0 ${width} ${height + headerH}`,
  });
  doc.appendChild(svgEl('rect', { x: 0, y: 0, width, height: height + headerH, fill: background }));
  const title = svgEl('text', { x: 10, y: 18, fill: foreground, 'font-family': fontFamily, 'font-size': 14, 'font-weight': 600 }, header.title);
  const sub = svgEl('text', { x: 10, y: 36, fill: foreground, 'font-family': fontFamily, 'font-size': 12, opacity: 0.8 }, header.subtitle);
  doc.append(title, sub);
  const g = svgEl('g', { transform: `translate(0 ${headerH})` });
  while (copy.firstChild) g.appendChild(copy.firstChild);
  doc.appendChild(g);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(doc)}\n`;
}
