// The Stack Panel fed by the real WinDbg parser (server/src/windbg), with the harness playing
// the extension: the panel posts `parse`, the test runs parseStacks and answers with `result`.
// Uses the sample stacks in examples/stacks/. Also writes the README screenshots on request.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseStacks } from '../../server/src/windbg/index';
import type { StackArch, StackParseResult } from '../../server/src/windbg/model';
import { answerNextParse, chromiumAvailable, launchChromium, openPanel, readExampleStack, repoRoot, sendToPanel, startPanelServer, type PanelServer } from './harness';

const skip = chromiumAvailable() ? false : 'skipped: /usr/bin/chromium is not installed (apt-get install chromium)';
if (skip) console.log(`# real-parser browser tests ${skip}`);

const parse = (text: string, opts: { arch?: string; limitBytes?: number }): StackParseResult =>
  parseStacks(text, { arch: opts.arch as StackArch | undefined, limitBytes: opts.limitBytes });

async function pasteAndParse(page: Page, text: string): Promise<StackParseResult> {
  await sendToPanel(page, { type: 'setText', text, origin: 'test' });
  const { text: sent } = await answerNextParse(page, parse);
  assert.equal(sent, text);
  await page.waitForSelector('#sl-results section.stack svg.bar');
  return parse(text, {});
}

describe('stack panel with the real parser', { skip }, () => {
  const ctx = {} as { browser: Browser; server: PanelServer };
  before(async () => {
    ctx.server = await startPanelServer();
    ctx.browser = await launchChromium();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });

  test('seed 002 double fault (!thread + kb): bar, header and module table agree with the parser', async () => {
    const { page, errors } = await openPanel(ctx.browser, ctx.server);
    try {
      const text = `${readExampleStack('seed002-x86-thread.txt')}\n${readExampleStack('seed002-x86-kb-double-fault.txt')}`;
      const result = await pasteAndParse(page, text);
      const s = result.stacks[0];
      assert.equal(await page.locator('svg.bar g.seg > rect').count(), s.frames.filter((f) => f.bytes !== null).length);
      const stats = await page.$$eval('.stats .stat', (els) => Object.fromEntries(els.map((e) => [e.querySelector('dt')!.textContent, e.querySelector('dd')!.textContent])));
      assert.equal(stats['Used'], `${s.usedBytes.toLocaleString('en-US')} B`);
      assert.equal(stats['Limit'], `${s.limitBytes.toLocaleString('en-US')} B (12 KiB)`);
      const rows = await page.$$eval('table.modules tbody tr', (trs) => trs.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelectorAll('td')[0].textContent]));
      assert.deepEqual(
        rows,
        s.modules.map((m) => [m.module, `${m.unknownFrames ? '≥ ' : ''}${m.bytes.toLocaleString('en-US')}`]),
      );
      // Seed 002's point: Ntfs is biggest, but DRIVER_A and DRIVER_B re-entered it (cycles).
      assert.equal(rows[0][0], 'Ntfs');
      assert.ok(s.cycles.length >= 1);
      assert.ok((await page.locator('svg.bar path.cyc').count()) >= 2);
      assert.ok((await page.locator('.frow .badge-cyc').count()) >= 1);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test('seed 002 x64 kcf: Memory column sizes per module (ClusDisk 0x318, fltmgr 0x120)', async () => {
    const { page, errors } = await openPanel(ctx.browser, ctx.server);
    try {
      await pasteAndParse(page, readExampleStack('seed002-x64-kcf.txt'));
      const rows = Object.fromEntries(await page.$$eval('table.modules tbody tr', (trs) => trs.map((tr) => [tr.querySelector('th')!.textContent, tr.querySelectorAll('td')[0].textContent])));
      assert.equal(rows['ClusDisk'], (0x318).toLocaleString('en-US'));
      assert.equal(rows['fltmgr'], (0x120).toLocaleString('en-US'));
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test('seed 004 k without addresses: every frame listed as unknown size with the kf hint', async () => {
    const { page, errors } = await openPanel(ctx.browser, ctx.server);
    try {
      const result = await pasteAndParse(page, readExampleStack('seed004-x64-k-no-addresses.txt'));
      const unknown = result.stacks[0].frames.filter((f) => f.bytes === null && !f.inline).length;
      assert.ok(unknown > 100);
      assert.equal(await page.locator('svg.bar g.unkcell > rect').count(), unknown);
      assert.match((await page.locator('svg.bar').textContent())!, /re-run with kf/);
      assert.equal(await page.locator('.frow[data-pos="0"] .unknown-size').textContent(), 'unknown');
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test('arch and limit overrides reach the parser and change the picture', async () => {
    const { page, errors } = await openPanel(ctx.browser, ctx.server);
    try {
      await pasteAndParse(page, readExampleStack('seed002-x86-kb-double-fault.txt'));
      await page.fill('#sl-limit', '8K');
      await page.locator('button[data-action="visualize"]').click();
      await answerNextParse(page, parse, 1);
      await page.waitForFunction(() => document.querySelector('.stats')?.textContent?.includes('8,192 B'));
      assert.ok((await page.locator('svg.bar g.seg.over > rect').count()) > 0, 'frames past an 8 KiB limit are alarms');
      assert.match((await page.locator('.limit-note').textContent())!, /Limit:/);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  test('README screenshots: seed 002 double fault in light and dark themes', async () => {
    // Written to docs/ only on request (STACKLENS_UPDATE_SCREENSHOTS=1); otherwise to test-results/.
    const update = process.env.STACKLENS_UPDATE_SCREENSHOTS === '1';
    const dir = update ? join(repoRoot(), 'docs') : join(repoRoot(), 'test-results');
    mkdirSync(dir, { recursive: true });
    const text = `${readExampleStack('seed002-x86-thread.txt')}\n${readExampleStack('seed002-x86-kb-double-fault.txt')}`;
    for (const theme of ['light', 'dark'] as const) {
      const { page, errors } = await openPanel(ctx.browser, ctx.server, { theme, width: 1280, height: 1500 });
      try {
        const result = await pasteAndParse(page, text);
        if (theme === 'dark') {
          // One picture with the hover card on the biggest Ntfs frame, one without.
          const pos = result.stacks[0].frames.findIndex((f) => f.symbol === 'NtfsCommonCleanup');
          await page.locator(`svg.bar g.seg > rect[data-i="${pos}"]`).hover();
          await page.locator('#sl-tooltip').waitFor({ state: 'visible' });
        }
        await page.screenshot({ path: join(dir, `panel-${theme}.png`), fullPage: true });
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
    }
  });
});
