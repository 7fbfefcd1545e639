// Browser tests of the Stack Panel webview (dist/webview/main.js + panel.css) in headless
// Chromium, loaded in its real HTML shell and CSP with a fake VS Code API. Results come from
// hand-written fixtures (test/browser/fixtures/*.json) and, in real-parser.test.ts, from the parser.
// Skipped, with a message, only when /usr/bin/chromium is absent.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { StackParseResult } from '../../server/src/windbg/model';
import {
  chromiumAvailable,
  clearPosted,
  launchChromium,
  openPanel,
  postedMessages,
  readFixture,
  repoRoot,
  sendToPanel,
  startPanelServer,
  type PanelServer,
} from './harness';
import { THEMES } from './themes';

const skip = chromiumAvailable() ? false : 'skipped: /usr/bin/chromium is not installed (apt-get install chromium)';
if (skip) console.log(`# panel browser tests ${skip}`);

const seed002 = readFixture('seed002-x86-double-fault.json') as StackParseResult;
const overflowX64 = readFixture('x64-double-fault-overflow.json') as StackParseResult;

/** Module sums computed here from the fixture's frames, independently of the panel. */
function moduleSums(result: StackParseResult): Map<string, { bytes: number; frames: number }> {
  const m = new Map<string, { bytes: number; frames: number }>();
  for (const f of result.stacks[0].frames) {
    if (f.bytes === null) continue;
    const k = f.module ?? '(no module)';
    const e = m.get(k) ?? { bytes: 0, frames: 0 };
    e.bytes += f.bytes;
    e.frames++;
    m.set(k, e);
  }
  return m;
}

async function showResult(page: Page, result: unknown): Promise<void> {
  await sendToPanel(page, { type: 'result', result });
  await page.waitForSelector('#sl-results section.stack svg.bar');
}

/** Runs each test on a fresh page (dark theme unless told) and checks no page error occurred. */
async function withPanel(
  ctx: { browser: Browser; server: PanelServer },
  fn: (page: Page) => Promise<void>,
  opts: { theme?: 'light' | 'dark'; csp?: boolean; width?: number; height?: number } = {},
): Promise<void> {
  const { page, errors, dialogs } = await openPanel(ctx.browser, ctx.server, opts);
  try {
    await fn(page);
    assert.deepEqual(errors, [], 'no page errors or CSP violations');
    assert.deepEqual(dialogs, [], 'no dialogs');
  } finally {
    await page.close();
  }
}

describe('stack panel webview', { skip }, () => {
  const ctx = {} as { browser: Browser; server: PanelServer };
  before(async () => {
    ctx.server = await startPanelServer();
    ctx.browser = await launchChromium();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });

  test('the page carries the strict CSP and loads only from its own origin', async () => {
    await withPanel(ctx, async (page) => {
      const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
      assert.ok(csp, 'CSP meta present');
      assert.match(csp!, /default-src 'none'/);
      assert.match(csp!, /script-src http:\/\/127\.0\.0\.1:\d+ 'nonce-[^']+'/);
      assert.match(csp!, /style-src http:\/\/127\.0\.0\.1:\d+(;|$)/);
      assert.doesNotMatch(csp!, /unsafe-inline|unsafe-eval|\*/);
      // The page was built by main.js (the script ran under that CSP).
      assert.equal(await page.locator('#sl-paste').count(), 1);
      await showResult(page, seed002); // drawing must not trip the CSP either (no inline styles)
    });
  });

  test('one bar segment per frame of known size, widths proportional to bytes', async () => {
    await withPanel(ctx, async (page) => {
      await showResult(page, seed002);
      const segs = await page.$$eval('svg.bar g.seg > rect', (els) =>
        els.map((e) => ({ i: Number(e.getAttribute('data-i')), w: Number(e.getAttribute('width')), x: Number(e.getAttribute('x')) })),
      );
      const frames = seed002.stacks[0].frames;
      const known = frames.map((f, i) => ({ f, i })).filter(({ f }) => f.bytes !== null);
      assert.equal(segs.length, known.length, 'a segment for each frame with a size');
      assert.deepEqual(segs.map((s) => s.i).sort((a, b) => a - b), known.map((k) => k.i));
      // Same pixels per byte for every segment (rounded to 0.01 px in the markup).
      const big = segs.filter((s) => frames[s.i].bytes! >= 100);
      const scale = big[0].w / frames[big[0].i].bytes!;
      for (const s of segs) assert.ok(Math.abs(s.w - frames[s.i].bytes! * scale) <= 0.02, `frame ${s.i}: width ${s.w} for ${frames[s.i].bytes} B`);
      // The outermost frame starts at the base; frame 1 (innermost known) ends furthest right.
      const byI = new Map(segs.map((s) => [s.i, s]));
      const innermost = byI.get(1)!;
      const rightmost = Math.max(...segs.filter((s) => frames[s.i].segment === 0).map((s) => s.x + s.w));
      assert.ok(Math.abs(innermost.x + innermost.w - rightmost) < 0.05, 'innermost frame is nearest the limit');
      // Unknown-size frames are listed distinctly (ticks and a hatched strip), not as bars.
      const unknown = frames.filter((f) => f.bytes === null && !f.inline).length;
      assert.equal(await page.locator('svg.bar g.unkcell > rect').count(), unknown);
      assert.match(await page.locator('svg.bar').textContent() ?? '', /re-run with kf/);
      // Two stack segments (kernel stack, then the user-mode frame) → two rows with headers.
      assert.match(await page.locator('svg.bar').textContent() ?? '', /Segment 1 of 2/);
    });
  });

  test('header figures: used, limit, share and overflow in bytes', async () => {
    await withPanel(ctx, async (page) => {
      await showResult(page, overflowX64);
      const stats = await page.$$eval('.stats .stat', (els) => Object.fromEntries(els.map((e) => [e.querySelector('dt')!.textContent, e.querySelector('dd')!.textContent])));
      const s = overflowX64.stacks[0];
      assert.equal(stats['Used'], `${s.usedBytes.toLocaleString('en-US')} B`);
      assert.equal(stats['Limit'], '24,576 B (24 KiB)');
      assert.equal(stats['Overflow'], `+${(s.usedBytes - 24576).toLocaleString('en-US')} B`);
      assert.equal(stats['Of limit'], `${((s.usedBytes / 24576) * 100).toFixed(1)} %`);
      assert.equal(await page.locator('.meter[role="meter"]').count(), 1);
    });
  });

  test('a double-fault stack past the limit shows the overflow in the alarm colour', async () => {
    await withPanel(ctx, async (page) => {
      await showResult(page, overflowX64);
      assert.ok((await page.locator('svg.bar rect.ovz').count()) >= 1, 'overflow zone drawn');
      const over = await page.locator('svg.bar g.seg.over > rect, svg.bar g.seg-over > rect').count();
      assert.ok(over >= 1, 'frames past the limit drawn as overflow');
      const alarm = await page.$eval('svg.bar g.seg.over > rect, svg.bar g.seg-over > rect', (e) => getComputedStyle(e).fill);
      assert.equal(alarm, 'rgb(248, 81, 73)', 'alarm colour = --vscode-errorForeground of the dark theme');
      const limitX = await page.$eval('svg.bar line.limit', (e) => Number(e.getAttribute('x1')));
      // Every frame that starts past the limit line is an overflow frame.
      const bad = await page.$$eval(
        'svg.bar g.seg > rect',
        (els, lx) => els.filter((e) => Number(e.getAttribute('x')) >= (lx as number) + 0.01 && !e.parentElement!.classList.contains('over')).length,
        limitX,
      );
      assert.equal(bad, 0);
      assert.match(await page.locator('svg.bar').textContent() ?? '', /\+1,088 B over/);
      // The other stack (double-fault stack, segment 1) is its own row, not added to the thread's.
      assert.match(await page.locator('svg.bar').textContent() ?? '', /Segment 1 of 2 \(not counted against the limit\)/);
    });
  });

  test('module table: one row per module with bytes, share and frame count', async () => {
    await withPanel(ctx, async (page) => {
      await showResult(page, seed002);
      const rows = await page.$$eval('table.modules tbody tr', (trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('th,td')).map((c) => (c.textContent ?? '').trim())),
      );
      const sums = moduleSums(seed002);
      const total = [...sums.values()].reduce((a, b) => a + b.bytes, 0);
      assert.equal(rows.length, sums.size);
      // Seed 002's table: Ntfs 4,152 B is the biggest; nt 1,420; win32k 2,592; fltmgr 120; tmpreflt 72.
      assert.equal(rows[0][0], 'Ntfs');
      for (const [name, bytes, share, frames] of rows) {
        const want = sums.get(name);
        assert.ok(want, `module ${name}`);
        assert.equal(bytes, want!.bytes.toLocaleString('en-US'));
        assert.equal(share, `${((want!.bytes / total) * 100).toFixed(1)} %`);
        assert.equal(frames, String(want!.frames));
      }
      const byName = Object.fromEntries(rows.map((r) => [r[0], r[1]]));
      assert.equal(byName['Ntfs'], '4,152');
      assert.equal(byName['win32k'], '2,592');
      assert.equal(byName['nt'], '1,420');
      assert.equal(byName['fltmgr'], '120');
      assert.equal(byName['tmpreflt'], '72');
      const foot = await page.$$eval('table.modules tfoot td', (tds) => tds.map((t) => t.textContent));
      assert.equal(foot[0], total.toLocaleString('en-US'));
      assert.equal(await page.locator('table.modules th[scope="col"]').count(), 4);
    });
  });

  test('call cycles are marked on the bar and in the frame list', async () => {
    await withPanel(ctx, async (page) => {
      await showResult(page, seed002);
      // Cycle [2..16] ×2: the second occurrence is found by matching the sequence (positions 25..39).
      assert.equal(await page.locator('svg.bar path.cyc').count(), 2);
      assert.match(await page.locator('svg.bar').textContent() ?? '', /↻ cycle 1 ×2/);
      const badge = await page.locator('.frow[data-pos="2"] .badge-cyc').textContent();
      assert.equal(badge, '↻ 1 · 1/2');
      assert.equal(await page.locator('.frow[data-pos="1"] .badge-cyc').count(), 0);
      await page.locator('.frames-viewport').evaluate((v) => (v.scrollTop = 25 * 24));
      await page.waitForSelector('.frow[data-pos="30"]');
      assert.equal(await page.locator('.frow[data-pos="30"] .badge-cyc').textContent(), '↻ 1 · 2/2');
    });
  });

  test('hovering a segment shows its details', async () => {
    await withPanel(ctx, async (page) => {
      await showResult(page, overflowX64);
      const pos = overflowX64.stacks[0].frames.findIndex((f) => f.symbol === 'DevMain::processRawURB');
      await page.locator(`svg.bar g.seg > rect[data-i="${pos}"]`).hover();
      const tip = page.locator('#sl-tooltip');
      await tip.waitFor({ state: 'visible' });
      const text = await tip.textContent();
      assert.match(text!, /MyDriver!DevMain::processRawURB\+0x1c4f/);
      assert.match(text!, /1,504 B \(0x5e0\)/);
      assert.match(text!, /Memory column \(kf\)/);
      assert.match(text!, /Static estimate1,488 B \(observed \+16 B\)/);
      assert.match(text!, /C:\\src\\MyDriver\\DevMain\.cpp:6369/);
    });
  });

  test('clicking a frame in the list or on the bar posts openFrame', async () => {
    await withPanel(ctx, async (page) => {
      await showResult(page, seed002);
      await clearPosted(page);
      await page.locator('.frow[data-pos="1"]').click();
      await page.locator('svg.bar g.seg > rect[data-i="3"]').click();
      const msgs = (await postedMessages(page)).filter((m) => m.type === 'openFrame');
      assert.equal(msgs.length, 2);
      const f0 = msgs[0].frame as { module: string; symbol: string; offset: string };
      assert.deepEqual([f0.module, f0.symbol, f0.offset], ['Ntfs', 'NtfsFsdRead', '0xb7']);
      const f1 = msgs[1].frame as { module: string; symbol: string };
      assert.deepEqual([f1.module, f1.symbol], ['fltmgr', 'FltpDispatch']);
      // The list shows the frame opened from the bar as current.
      assert.equal(await page.locator('.frow.current').getAttribute('data-pos'), '3');
    });
  });

  test('keyboard: Tab reaches the bar and the list; arrows move; Enter and Space open', async () => {
    await withPanel(ctx, async (page) => {
      await showResult(page, overflowX64);
      await clearPosted(page);
      // Frame list: focus row 0, move down twice, Enter.
      await page.locator('.frow[data-pos="0"]').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-pos')), '2');
      await page.keyboard.press('Enter');
      // Bar: Tab order reaches it from the paste box controls.
      await page.locator('#sl-paste').focus();
      let reached = false;
      for (let i = 0; i < 12 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.tagName.toLowerCase() === 'svg');
      }
      assert.ok(reached, 'the flame bar is in the tab order');
      await page.keyboard.press('End'); // innermost frame
      await page.keyboard.press('ArrowLeft'); // one step towards the base
      assert.equal(await page.locator('#sl-tooltip').isVisible(), true, 'focus shows the details card');
      await page.keyboard.press(' ');
      const ring = await page.$eval('svg.bar rect.focus-ring', (e) => e.getAttribute('visibility'));
      assert.equal(ring, 'visible', 'visible focus ring on the bar');
      const active = await page.$eval('svg.bar', (e) => e.getAttribute('aria-activedescendant'));
      assert.ok(active && (await page.locator(`svg.bar #${active}[role="option"]`).count()) === 1, 'active descendant');
      const msgs = (await postedMessages(page)).filter((m) => m.type === 'openFrame');
      assert.equal(msgs.length, 2);
      assert.equal((msgs[0].frame as { index: number }).index, 2);
      assert.equal((msgs[1].frame as { index: number }).index, 1);
    });
  });

  test('Copy table as Markdown posts the module table', async () => {
    await withPanel(ctx, async (page) => {
      await showResult(page, seed002);
      await clearPosted(page);
      await page.locator('button[data-action="copy-markdown"]').click();
      const msg = (await postedMessages(page)).find((m) => m.type === 'copyMarkdown');
      assert.ok(msg);
      const md = msg!.markdown as string;
      const sums = moduleSums(seed002);
      const total = [...sums.values()].reduce((a, b) => a + b.bytes, 0);
      assert.ok(md.startsWith('**0: kd> kb — UNEXPECTED\\_KERNEL\\_MODE\\_TRAP (7f) double fault** — x86, 12,272 B used of 12,288 B (99.9 %); 2 frames of unknown size\n\n'), md.slice(0, 200));
      assert.ok(md.includes('| Module | Bytes | Share | Frames |\n|:--|--:|--:|--:|\n'), md);
      assert.ok(md.includes(`| Ntfs | 4,152 | ${((4152 / total) * 100).toFixed(1)} % | ${sums.get('Ntfs')!.frames} |`), md);
      assert.ok(md.includes(`| DRIVER\\_A | ${sums.get('DRIVER_A')!.bytes.toLocaleString('en-US')} |`), md);
      assert.ok(md.includes(`| **Total (known sizes)** | **${total.toLocaleString('en-US')}** | 100.0 % |`), md);
      const tableLines = md.split('\n').filter((l) => l.startsWith('|'));
      assert.equal(tableLines.length, 2 + sums.size + 1);
    });
  });

  test('Save bar as SVG posts a valid standalone SVG with resolved colours', async () => {
    await withPanel(ctx, async (page) => {
      await showResult(page, overflowX64);
      await clearPosted(page);
      await page.locator('button[data-action="save-svg"]').click();
      const msg = (await postedMessages(page)).find((m) => m.type === 'saveSvg');
      assert.ok(msg);
      const svg = msg!.svg as string;
      assert.match(svg, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.ok(!/var\(--|<script|\son\w+=|tabindex|aria-|class=/.test(svg), 'no variables, scripts, handlers or panel wiring');
      assert.equal(msg!.suggestedName, overflowX64.stacks[0].title);
      const check = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        return {
          error: doc.getElementsByTagName('parsererror').length,
          root: doc.documentElement.localName,
          rects: doc.getElementsByTagName('rect').length,
          fills: Array.from(doc.getElementsByTagName('rect')).map((r) => r.getAttribute('fill')),
          text: doc.documentElement.textContent,
        };
      }, svg);
      assert.equal(check.error, 0, 'well-formed XML');
      assert.equal(check.root, 'svg');
      const known = overflowX64.stacks[0].frames.filter((f) => f.bytes !== null).length;
      assert.ok(check.rects >= known);
      assert.ok(check.fills.includes('#f85149'), 'overflow in the theme alarm colour, as hex');
      assert.ok(check.fills.every((f) => f === null || /^(#[0-9a-f]{6}|none|url\(#[\w-]+\))$/.test(f)), 'plain colours only');
      assert.match(check.text!, /double fault in MyDriver/);
    });
  });

  test('pasted markup stays text and never executes (even without the CSP)', async () => {
    const payload = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
    await withPanel(
      ctx,
      async (page) => {
        await clearPosted(page);
        await sendToPanel(page, { type: 'setText', text: `0: kd> kb\n${payload}\n`, origin: `<img src=x onerror="window.__pwned = 3">` });
        await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'parse'));
        assert.equal(await page.inputValue('#sl-paste'), `0: kd> kb\n${payload}\n`);
        const parse = (await postedMessages(page)).find((m) => m.type === 'parse')!;
        assert.equal(parse.text, `0: kd> kb\n${payload}\n`);
        // A result whose every text field carries markup (as a parser echoing the paste could).
        const evil: StackParseResult = JSON.parse(JSON.stringify(seed002));
        const s = evil.stacks[0];
        s.title = payload;
        s.hints = [payload];
        s.warnings = [{ line: 2, text: payload }];
        s.frames[1].module = '<img src=x onerror="window.__pwned = 4">';
        s.frames[1].symbol = payload;
        s.frames[1].raw = payload;
        s.frames[1].source = { file: '<svg onload="window.__pwned = 5">', line: 1 };
        s.modules[0].module = '<script>window.__pwned = 6</script>';
        s.cycles[0].label = payload;
        await showResult(page, evil);
        await page.locator('svg.bar g.seg > rect[data-i="1"]').hover();
        await page.locator('#sl-tooltip').waitFor({ state: 'visible' });
        await page.locator('.frow[data-pos="1"]').click();
        await page.locator('button[data-action="save-svg"]').click();
        await page.waitForTimeout(200);
        assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'no payload ran');
        assert.equal(await page.locator('#app img, #app script, #app iframe, #sl-tooltip img').count(), 0, 'no element came from the paste');
        assert.equal(await page.locator('svg.bar svg, svg.bar foreignObject').count(), 0);
        assert.equal(await page.locator('.stack-header h2').textContent(), payload, 'title shown as text');
        assert.ok((await page.locator('#sl-tooltip').textContent())!.includes(payload));
        assert.ok((await page.locator('.origin').textContent())!.includes('<img src=x'));
        assert.ok((await page.locator('table.modules').textContent())!.includes('<script>window.__pwned = 6</script>'));
        const svgMsg = (await postedMessages(page)).find((m) => m.type === 'saveSvg')!;
        const exported = await page.evaluate((text) => {
          const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
          const all = Array.from(doc.getElementsByTagName('*'));
          return {
            tags: [...new Set(all.map((e) => e.localName))].sort(),
            handlers: all.flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
            title: doc.getElementsByTagName('text')[0]?.textContent,
          };
        }, svgMsg.svg as string);
        assert.deepEqual(exported.tags, ['defs', 'g', 'line', 'path', 'pattern', 'rect', 'svg', 'text']);
        assert.deepEqual(exported.handlers, []);
        assert.equal(exported.title, payload, 'the title is text in the SVG too');
      },
      { csp: false },
    );
  });

  test('answers to older pastes are dropped; parse errors are shown', async () => {
    await withPanel(ctx, async (page) => {
      await page.fill('#sl-paste', 'first');
      await page.locator('button[data-action="visualize"]').click();
      await page.fill('#sl-paste', 'second');
      await page.locator('button[data-action="visualize"]').click();
      const parses = (await postedMessages(page)).filter((m) => m.type === 'parse');
      const [older, newer] = parses.slice(-2).map((m) => m.seq as number);
      assert.ok(newer > older);
      await sendToPanel(page, { type: 'result', seq: older, result: seed002 });
      await page.waitForTimeout(100);
      assert.equal(await page.locator('section.stack').count(), 0, 'stale answer ignored');
      await sendToPanel(page, { type: 'error', seq: newer, message: 'server gone' });
      await page.waitForSelector('.status-error');
      assert.equal(await page.locator('#sl-status').textContent(), 'server gone');
      assert.equal(await page.locator('#sl-status').getAttribute('role'), 'alert');
    });
  });

  test('typing parses after a pause; overrides are sent; a bad limit is reported', async () => {
    await withPanel(ctx, async (page) => {
      await clearPosted(page);
      await page.locator('#sl-paste').pressSequentially('00 nt!KiSwapContext', { delay: 5 });
      await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'parse'));
      let parses = (await postedMessages(page)).filter((m) => m.type === 'parse');
      assert.equal(parses.length, 1, 'one request for a burst of typing');
      assert.equal(parses[0].text, '00 nt!KiSwapContext');
      await page.selectOption('#sl-arch', 'x86');
      await page.fill('#sl-limit', '12K');
      await page.locator('button[data-action="visualize"]').click();
      parses = (await postedMessages(page)).filter((m) => m.type === 'parse');
      const last = parses[parses.length - 1];
      assert.equal(last.arch, 'x86');
      assert.equal(last.limitBytes, 12288);
      const before = parses.length;
      await page.fill('#sl-limit', 'twelve');
      await page.locator('button[data-action="visualize"]').click();
      assert.equal((await postedMessages(page)).filter((m) => m.type === 'parse').length, before, 'not sent');
      assert.match((await page.locator('#sl-limit-error').textContent())!, /Not a size/);
      assert.equal(await page.getAttribute('#sl-limit', 'aria-invalid'), 'true');
    });
  });

  test('malformed results are drawn without crashing', async () => {
    await withPanel(ctx, async (page) => {
      const junk = [
        null,
        { schema: 1 },
        { stacks: 'nope' },
        { stacks: [null, 5, { frames: 'x' }] },
        { stacks: [{ title: 7, limitBytes: -1, usedBytes: NaN, frames: [{ bytes: -5, module: 3 }, { bytes: 1e400 }, null, 'x'], cycles: [{ frames: [99], repeats: 2 }, { frames: [0], repeats: 'many' }], modules: [{}] }] },
        { stacks: [{ title: 'zero limit', limitBytes: 0, usedBytes: 10, frames: [{ bytes: 10, module: 'a', segment: 0, raw: '' }] }] },
      ];
      for (const j of junk) await sendToPanel(page, { type: 'result', result: j });
      await page.waitForTimeout(150);
      assert.equal(await page.locator('section.stack').count(), 1);
      assert.equal(await page.locator('.stack-header h2').textContent(), 'zero limit');
    });
  });

  test('theme colours come from the VS Code variables (light and dark)', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await withPanel(
        ctx,
        async (page) => {
          await showResult(page, seed002);
          const fills = await page.$$eval('svg.bar g.run > rect', (els) => els.map((e) => [e.parentElement!.getAttribute('class'), getComputedStyle(e).fill]));
          const blue = THEMES[theme]['--vscode-charts-blue'];
          const rgb = `rgb(${parseInt(blue.slice(1, 3), 16)}, ${parseInt(blue.slice(3, 5), 16)}, ${parseInt(blue.slice(5, 7), 16)})`;
          const m0 = fills.find(([c]) => c!.split(' ').includes('m0'));
          if (m0) assert.equal(m0[1], rgb);
          const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          assert.equal(bg, theme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(31, 31, 31)');
        },
        { theme },
      );
    }
  });

  test('screenshots of an overflowing double-fault stack in light and dark themes', async () => {
    // Written to docs/ only on request (they are README images); otherwise to test-results/.
    const update = process.env.STACKLENS_UPDATE_SCREENSHOTS === '1';
    const dir = update ? join(repoRoot(), 'docs') : join(repoRoot(), 'test-results');
    mkdirSync(dir, { recursive: true });
    for (const theme of ['light', 'dark'] as const) {
      await withPanel(
        ctx,
        async (page) => {
          await page.evaluate((text) => {
            (document.getElementById('sl-paste') as HTMLTextAreaElement).value = text;
          }, overflowX64.stacks[0].frames.map((f) => f.raw).join('\n'));
          await showResult(page, overflowX64);
          const pos = overflowX64.stacks[0].frames.findIndex((f) => f.symbol === 'DevMain::processRawURB');
          await page.locator(`svg.bar g.seg > rect[data-i="${pos}"]`).hover();
          await page.locator('#sl-tooltip').waitFor({ state: 'visible' });
          await page.screenshot({ path: join(dir, `panel-overflow-${theme}.png`), fullPage: true });
        },
        { theme, width: 1280, height: 1500 },
      );
    }
  });
});
