// Hover and CodeLens content, the worst-paths list and the WinDbg static frame resolver.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFixtures, fixture } from './fixtures';

function posOf(text: string, needle: string, offsetInNeedle = 0): { line: number; column: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} not in fixture`);
  const before = text.slice(0, i + offsetInNeedle);
  const line = before.split('\n').length - 1;
  return { line, column: before.length - before.lastIndexOf('\n') - 1 };
}

test('hover on a function definition: frames per target, checked vs free, breakdown, worst path, IRQL, pageability', async () => {
  const { ws, files } = await analyzeFixtures(['seed004_mystruct.cpp']);
  const text = fixture('seed004_mystruct.cpp').text;
  const md = ws.hover(files[0], posOf(text, 'MYSTRUCT::toDebugStr() const\n{', 'MYSTRUCT::'.length + 2))!;
  assert.ok(md, 'hover text');
  assert.match(md, /^\*\*`MYSTRUCT::toDebugStr`\*\*/);
  assert.match(md, /\| stack frame \| x86 \| x64 \| arm64 \|/);
  assert.match(md, /\| free build \| [\d,]+ B \| [\d,]+ B \| [\d,]+ B \|/);
  assert.match(md, /\| checked \(DBG\) \| [\d,]+ B \| [\d,]+ B \| [\d,]+ B \|/);
  assert.match(md, /\*\*x64 breakdown\*\* \(free build\):/);
  assert.match(md, /checked \(DBG\) builds: .*\+8,208 B/);
  assert.match(md, /\*\*Worst path below it \(x64\):\*\* [\d,]+ B — \d+ % of the 24 KiB kernel stack \(driver budget 8,192 B\)/);
  assert.match(md, /\*\*Pageable:\*\* no/);
});

test('hover on a call site resolves the callee; hover on a DDI call shows its IRQL facts', async () => {
  const { ws, files } = await analyzeFixtures(['seed004_mystruct.cpp']);
  const text = fixture('seed004_mystruct.cpp').text;
  const md = ws.hover(files[0], posOf(text, 'pStruct->toDebugStr()', 'pStruct->'.length + 1))!;
  assert.match(md, /^\*\*`MYSTRUCT::toDebugStr`\*\*/);
  const ddi = ws.hover(files[0], posOf(text, 'WdfRequestComplete(Request, status)', 2));
  assert.ok(ddi && /WdfRequestComplete/.test(ddi) && /IRQL/.test(ddi), String(ddi));
});

test('hover on a type and on a variable: sizeof/alignof per target, checked vs free', async () => {
  const { ws, files } = await analyzeFixtures(['seed004_mystruct.cpp']);
  const text = fixture('seed004_mystruct.cpp').text;
  const type = ws.hover(files[0], posOf(text, 'MYSTRUCT _this;', 2))!;
  assert.match(type, /^\*\*`MYSTRUCT`\*\* — defined in seed004_mystruct\.cpp:\d+/);
  assert.match(type, /\| sizeof \(free\) \| 20 B \| 40 B \| 40 B \|/);
  assert.match(type, /\| sizeof \(checked, DBG\) \| 8,228 B \| 8,248 B \| 8,248 B \|/);
  assert.match(type, /\| alignof \| 4 \| 8 \| 8 \|/);
  const variable = ws.hover(files[0], posOf(text, 'MYSTRUCT _this;', 'MYSTRUCT _'.length))!;
  assert.match(variable, /^\*\*`_this`\*\*: `MYSTRUCT`/);
  assert.match(variable, /\| sizeof \(checked, DBG\) \| 8,228 B \| 8,248 B \| 8,248 B \|/);
  const wdk = ws.hover(files[0], posOf(text, 'LIST_ENTRY listOthers', 2))!;
  assert.match(wdk, /\| sizeof \| 8 B \| 16 B \| 16 B \|/);
  const member = ws.hover(files[0], posOf(text, 'REF_CNT_TRACKER trckr[4]', 'REF_CNT_TRACKER '.length + 1))!;
  assert.match(member, /^\*\*`trckr`\*\*: `REF_CNT_TRACKER\[4\]`/);
  assert.match(member, /8,208 B/);
  assert.equal(ws.hover(files[0], { line: 0, column: 0 }), null, 'a comment has no hover');
});

test('CodeLens: frame and worst path as a share of the platform stack', async () => {
  const { ws, files } = await analyzeFixtures(['deep_path_bad.c']);
  const lenses = ws.codeLenses(files[0]);
  assert.equal(lenses.length, 10);
  const top = lenses.find((l) => l.functionKey.endsWith('#SerDispatchWrite'))!;
  assert.match(top.title, /^stack: [\d,]+ B frame · worst path [\d,]+ B \(\d+ % of 24 KiB x64\)$/);
  const seed = await analyzeFixtures(['seed004_mystruct.cpp']);
  const lens = seed.ws.codeLenses(seed.files[0]).find((l) => l.functionKey.endsWith('#MYSTRUCT::toDebugStr'))!;
  assert.match(lens.title, /^stack: [\d,]+ B frame \([\d,]+ B checked\) · worst path/);
});

test('worst paths: entry points by depth, with their chain and share of the limit', async () => {
  const { ws } = await analyzeFixtures(['deep_path_bad.c', 'large_local_bad.c']);
  const list = ws.worstPaths('x64', 5);
  assert.equal(list[0].name, 'SerDispatchWrite');
  assert.equal(list[0].path.length, 10);
  assert.equal(list[0].path[1].name, 'SerValidate');
  assert.ok(list[0].shareOfLimit! > 8192 / 24576);
  for (let i = 1; i < list.length; i++) assert.ok((list[i - 1].bytes ?? 0) >= (list[i].bytes ?? 0));
  assert.ok(list.some((e) => e.name === 'SensorEvtIoRead'));
});

test('static frame resolver matches WinDbg symbols to workspace functions', async () => {
  const { ws } = await analyzeFixtures(['seed004_mystruct.cpp']);
  const r = ws.staticFrameResolver();
  const hit = r.resolve('MyDriver', 'MYSTRUCT::toDebugStr', 'x64');
  assert.ok(hit && hit.bytes! > 0 && hit.file.endsWith('seed004_mystruct.cpp'));
  assert.equal(r.resolve('MyDriver', 'toDebugStr', 'x64')?.line, hit!.line);
  assert.equal(r.resolve('nt', 'KeBugCheckEx', 'x64'), null);
});
