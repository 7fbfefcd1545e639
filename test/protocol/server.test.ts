// Protocol tests: the bundled server driven over stdio like any LSP client.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../support/lspClient';

const repo = join(__dirname, '..', '..', '..');
const examples = join(repo, 'examples');

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `fixture contains ${needle}`);
  return text.slice(0, i).split('\n').length - 1;
}

test('initialize advertises the capabilities the extension relies on', async () => {
  const c = new LspTestClient();
  try {
    const init = await c.initialize(null);
    const caps = init.capabilities;
    assert.equal(caps.textDocumentSync, 2, 'incremental sync');
    assert.equal(caps.hoverProvider, true);
    assert.ok(caps.codeLensProvider);
    assert.deepEqual(caps.codeActionProvider.codeActionKinds, ['quickfix']);
    assert.equal(caps.workspace.workspaceFolders.supported, true);
    assert.equal(init.serverInfo.name, 'stacklens');
    assert.equal(await c.shutdown(), 0);
  } finally {
    c.kill();
  }
});

test('diagnostics, hover, CodeLens and quick fixes on the seed 004 example', async () => {
  const c = new LspTestClient();
  try {
    await c.initialize(examples);
    const file = join(examples, 'kmdf_usb', 'MyStruct.cpp');
    const text = readFileSync(file, 'utf8');
    const uri = c.open(file, text, 'cpp');
    // Checked builds: the local copy of MYSTRUCT is several KB → reported on toDebugStr.
    const diags = await c.waitForDiagnostics(uri, (d) => d.some((x: any) => String(x.code).startsWith('stack/')));
    const copyLine = lineOf(text, 'MYSTRUCT _this;');
    const fixedStart = lineOf(text, 'void MYSTRUCT::toDebugStrFixed');
    const onBuggy = diags.filter((d: any) => d.range.start.line < fixedStart);
    const onFixed = diags.filter((d: any) => d.range.start.line >= fixedStart && String(d.code).startsWith('stack/'));
    assert.ok(onBuggy.some((d: any) => d.code === 'stack/struct-copy' || d.code === 'stack/large-local'), JSON.stringify(diags, null, 1));
    assert.ok(onBuggy.some((d: any) => /DBG|checked/i.test(d.message)), 'the message says it is a checked-build problem');
    assert.deepEqual(onFixed, [], 'the fixed version is not flagged');
    assert.ok(diags.every((d: any) => d.source === 'stacklens'));

    // Hover on the buggy function's name shows its frame per target.
    const nameLine = lineOf(text, 'void MYSTRUCT::toDebugStr()');
    const col = text.split('\n')[nameLine].indexOf('toDebugStr');
    const hover = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: nameLine, character: col + 2 } });
    assert.ok(hover, 'hover answers');
    const md: string = hover.contents.value;
    assert.match(md, /x64/);
    assert.match(md, /x86/);
    assert.match(md, /\d[\d,]* B/);

    // Hover on the local shows the type's size per target, checked vs free.
    const localHover = await c.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: copyLine, character: text.split('\n')[copyLine].indexOf('_this') + 1 },
    });
    assert.ok(localHover, 'hover on a local answers');
    assert.match(localHover.contents.value, /checked|DBG/i);

    const lenses = await c.request('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(lenses.length >= 2, 'one lens per function');
    assert.ok(lenses.every((l: any) => /B/.test(l.command.title)), JSON.stringify(lenses));

    // Every diagnostic offers at least the suppression quick fix.
    const first = onBuggy[0];
    const actions = await c.request('textDocument/codeAction', {
      textDocument: { uri },
      range: first.range,
      context: { diagnostics: [first] },
    });
    assert.ok(actions.some((a: any) => /stacklens-ignore/.test(JSON.stringify(a.edit))), JSON.stringify(actions));
    assert.equal(await c.shutdown(), 0);
  } finally {
    c.kill();
  }
});

test('the custom parseStack request parses a WinDbg stack', async () => {
  const c = new LspTestClient();
  try {
    await c.initialize(examples);
    const text = readFileSync(join(examples, 'stacks', 'seed002-x86-kb-double-fault.txt'), 'utf8');
    const result = await c.request('stacklens/parseStack', { text });
    assert.equal(result.schema, 1);
    assert.ok(result.stacks.length >= 1);
    const s = result.stacks[0];
    assert.equal(s.arch, 'x86');
    assert.ok(s.frames.length > 50);
    assert.ok(s.modules.some((m: any) => m.module === 'Ntfs'));
    assert.equal(await c.shutdown(), 0);
  } finally {
    c.kill();
  }
});

test('the server survives binary, empty and 5 MB files and keeps answering', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stacklens-robust-'));
  cpSync(join(examples, 'wdm_filter'), join(dir, 'wdm_filter'), { recursive: true });
  writeFileSync(join(dir, 'empty.c'), '');
  const binary = Buffer.alloc(64 * 1024);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 2654435761) >>> 24;
  writeFileSync(join(dir, 'blob.h'), binary);
  const big = 'int g_values[] = {\n' + '  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,\n'.repeat(100000) + '};\n';
  assert.ok(big.length > 5 * 1024 * 1024);
  writeFileSync(join(dir, 'huge_table.c'), big);
  mkdirSync(join(dir, 'deep'));
  writeFileSync(join(dir, 'deep', 'nested.c'), 'void f(void) {' + '{'.repeat(5000) + '}'.repeat(5000) + '}\n');
  writeFileSync(join(dir, 'deep', 'invalid.c'), Buffer.from([0x76, 0x6f, 0x69, 0x64, 0x20, 0xff, 0xfe, 0xc3, 0x28, 0x0a]));

  const c = new LspTestClient();
  try {
    await c.initialize(dir);
    // Opening the binary and empty files directly must not crash the server either.
    c.open(join(dir, 'empty.c'), '', 'c');
    c.open(join(dir, 'blob.h'), binary.toString('latin1'), 'c');
    const driver = join(dir, 'wdm_filter', 'driver.c');
    const uri = c.open(driver, readFileSync(driver, 'utf8'), 'c');
    await c.waitForDiagnostics(uri, (d) => d.length > 0, 60000);
    const hover = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.ok(hover === null || typeof hover === 'object');
    assert.equal(c.exitCode, null, 'still running');
    assert.equal(await c.shutdown(), 0);
  } finally {
    c.kill();
  }
});

test('configuration changes reach the analysis (severity off silences a rule)', async () => {
  const c = new LspTestClient();
  try {
    await c.initialize(examples);
    const file = join(examples, 'wdm_filter', 'scan.c');
    const text = readFileSync(file, 'utf8');
    const uri = c.open(file, text, 'c');
    await c.waitForDiagnostics(uri, (d) => d.some((x: any) => x.code === 'stack/recursion'));
    c.configuration = { severity: { 'stack/recursion': 'off' } };
    c.notify('workspace/didChangeConfiguration', { settings: { stacklens: c.configuration } });
    await c.waitForDiagnostics(uri, (d) => !d.some((x: any) => x.code === 'stack/recursion'));
    assert.equal(await c.shutdown(), 0);
  } finally {
    c.kill();
  }
});

void pathToFileURL;
