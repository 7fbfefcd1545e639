// The extension's side of the panel's trust boundary: message validation, the HTML shell and CSP,
// and mapping debugger paths and symbols to workspace files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PASTE_CHARS, parseWebviewMessage, sanitizeSvgFileName } from '../../../client/src/panelProtocol';
import { panelCsp, panelHtml } from '../../../client/src/panelHtml';
import {
  debuggerFileName,
  debuggerPathSegments,
  fileNameGlob,
  isInsideFolder,
  rankSourceCandidates,
  symbolContainer,
  symbolLookupName,
  zeroBasedLine,
} from '../../../client/src/frameSource';

const frame = { index: 1, module: 'Ntfs', symbol: 'NtfsFsdRead', offset: '0xb7', bytes: 428, sizeSource: 'frame-pointer', segment: 0, inline: false, source: null, raw: 'x' };

test('parseWebviewMessage accepts the five message kinds with the right fields', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'parse', seq: 3, text: 'k', arch: 'x86', limitBytes: 12288 }), { type: 'parse', seq: 3, text: 'k', arch: 'x86', limitBytes: 12288 });
  assert.deepEqual(parseWebviewMessage({ type: 'openFrame', frame }), { type: 'openFrame', frame });
  assert.deepEqual(parseWebviewMessage({ type: 'copyMarkdown', markdown: '| a |' }), { type: 'copyMarkdown', markdown: '| a |' });
  assert.deepEqual(parseWebviewMessage({ type: 'saveSvg', svg: '<?xml version="1.0"?>\n<svg xmlns="x"></svg>', suggestedName: 'a' }), {
    type: 'saveSvg',
    svg: '<?xml version="1.0"?>\n<svg xmlns="x"></svg>',
    suggestedName: 'a',
  });
});

test('parseWebviewMessage rejects unknown kinds, wrong types and oversized payloads', () => {
  for (const bad of [
    null,
    'parse',
    [],
    { type: 'exec', command: 'rm' },
    { type: 'parse' },
    { type: 'parse', text: 5 },
    { type: 'parse', text: 'x'.repeat(MAX_PASTE_CHARS + 1) },
    { type: 'openFrame', frame: { module: 3 } },
    { type: 'openFrame', frame: { ...frame, source: { file: 1, line: 2 } } },
    { type: 'openFrame', frame: { ...frame, workspaceLocation: { file: 'a', line: 'x' } } },
    { type: 'copyMarkdown', markdown: {} },
    { type: 'saveSvg', svg: '<html><script>alert(1)</script></html>' },
    { type: 'saveSvg', svg: 42 },
  ]) {
    assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
  }
});

test('parseWebviewMessage drops bad overrides instead of passing them on', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'parse', seq: 1, text: 'k', arch: 'mips', limitBytes: -5 }), { type: 'parse', seq: 1, text: 'k' });
  assert.deepEqual(parseWebviewMessage({ type: 'parse', seq: 'x', text: 'k', limitBytes: Infinity }), { type: 'parse', seq: 0, text: 'k' });
  assert.deepEqual(parseWebviewMessage({ type: 'parse', seq: 2, text: 'k', limitBytes: 1000.6 }), { type: 'parse', seq: 2, text: 'k', limitBytes: 1001 });
});

test('sanitizeSvgFileName keeps a safe name ending in .svg', () => {
  assert.equal(sanitizeSvgFileName('0: kd> kb (THREAD 87dca350)'), '0- kd- kb (THREAD 87dca350).svg');
  assert.equal(sanitizeSvgFileName('../../etc/passwd'), 'etc-passwd.svg');
  assert.equal(sanitizeSvgFileName('CON'), 'stack.svg');
  assert.equal(sanitizeSvgFileName(undefined), 'stack.svg');
  assert.equal(sanitizeSvgFileName('bar.SVG'), 'bar.svg');
  assert.ok(sanitizeSvgFileName('x'.repeat(500)).length <= 84);
});

test('panelHtml: strict CSP, nonce on the one script, no inline style, attributes escaped', () => {
  const html = panelHtml({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://r/main.js?a=1&b="2"', styleUri: 'https://r/panel.css', nonce: 'abc123' });
  assert.equal(
    panelCsp('https://s', 'n1'),
    "default-src 'none'; script-src https://s 'nonce-n1'; style-src https://s; img-src https://s data:; font-src https://s",
  );
  assert.ok(html.includes(`content="default-src 'none'; script-src https://file+.vscode-resource.vscode-cdn.net 'nonce-abc123'; style-src https://file+.vscode-resource.vscode-cdn.net;`));
  assert.ok(html.includes('<script nonce="abc123" src="https://r/main.js?a=1&amp;b=&quot;2&quot;"></script>'));
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.ok(!/style=|<style/.test(html));
});

test('debugger paths: segments, file name, glob', () => {
  assert.deepEqual(debuggerPathSegments('C:\\C++\\MyDriver\\DevMain.cpp'), ['C++', 'MyDriver', 'DevMain.cpp']);
  assert.deepEqual(debuggerPathSegments('minkernel\\wdf\\framework\\shared\\object\\wdfpool.cpp'), ['minkernel', 'wdf', 'framework', 'shared', 'object', 'wdfpool.cpp']);
  assert.equal(debuggerFileName('d:/src/drv/read.c'), 'read.c');
  assert.equal(debuggerFileName(''), '');
  assert.equal(fileNameGlob('DevMain.cpp'), '**/DevMain.cpp');
  assert.equal(fileNameGlob('a[1]{x}*.c'), '**/a?1??x??.c');
});

test('rankSourceCandidates prefers the file sharing the most trailing folders', () => {
  const ranked = rankSourceCandidates('C:\\build\\MyDriver\\src\\DevMain.cpp', [
    '/home/u/ws/other/DevMain.cpp',
    '/home/u/ws/MyDriver/src/DevMain.cpp',
    '/home/u/ws/MyDriver/src/devmain.cpp.bak',
    '/home/u/ws/Src/devmain.CPP',
  ]);
  assert.deepEqual(ranked, ['/home/u/ws/MyDriver/src/DevMain.cpp', '/home/u/ws/Src/devmain.CPP', '/home/u/ws/other/DevMain.cpp']);
  assert.deepEqual(rankSourceCandidates('', ['/a/b.c']), []);
});

test('symbol lookup names for the workspace symbol search', () => {
  assert.equal(symbolLookupName('DevMain::processRawURB'), 'processRawURB');
  assert.equal(symbolLookupName('std::kstring::operator+='), 'operator+=');
  assert.equal(symbolLookupName("FxMemoryBuffer::`scalar deleting destructor'"), '');
  assert.equal(symbolLookupName('imp_WdfObjectDelete'), 'WdfObjectDelete');
  assert.equal(symbolLookupName('Pool<Item, unsigned long>::Take'), 'Take');
  assert.equal(symbolLookupName(null), '');
  assert.equal(symbolContainer('DevMain::processRawURB'), 'DevMain');
  assert.equal(symbolContainer('DriverEntry'), '');
});

test('zeroBasedLine and isInsideFolder', () => {
  assert.equal(zeroBasedLine(66), 65);
  assert.equal(zeroBasedLine(0), 0);
  assert.equal(zeroBasedLine(Number.NaN), 0);
  assert.ok(isInsideFolder('C:\\ws\\drv\\a.c', 'c:\\WS', true));
  assert.ok(!isInsideFolder('C:\\ws\\drv\\a.c', 'c:\\WS', false));
  assert.ok(!isInsideFolder('/ws2/a.c', '/ws', false));
  assert.ok(!isInsideFolder('/ws/../etc/passwd', '/ws', false));
  assert.ok(isInsideFolder('/ws/a.c', '/ws/', false));
});
