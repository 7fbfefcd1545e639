// AnalysisWorkspace: incremental reuse, consistency with a from-scratch analysis, robustness.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisWorkspace, AnalysisCancelled } from '../../../server/src/analysis/workspace';
import { mergeSettings } from '../../../server/src/analysis/settings';
import { toAnalyzeJson } from '../../../server/src/analysis/report';
import { fixture } from './fixtures';

const NAMES = ['deep_path_bad.c', 'recursion_bad.c', 'seed004_mystruct.cpp', 'struct_copy_bad.cpp'];

async function load(settings = {}) {
  const ws = await AnalysisWorkspace.create(mergeSettings(settings));
  for (const n of NAMES) {
    const { file, text } = fixture(n);
    ws.updateFile(file, text);
  }
  return ws;
}

test('analyze is memoised; an unchanged text invalidates nothing', async () => {
  const ws = await load();
  const a = ws.analyze();
  assert.equal(ws.analyze(), a);
  const { file, text } = fixture('deep_path_bad.c');
  ws.updateFile(file, text);
  assert.equal(ws.analyze(), a);
});

test('an edit inside a body patches the graph, keeps the type index, re-estimates one file, and matches a fresh analysis', async () => {
  const ws = await load();
  ws.analyze();
  const { file, text } = fixture('deep_path_bad.c');
  const edited = text.replace('#define STAGE_BYTES 880', '#define STAGE_BYTES 880').replace('ext->TxCount += chunk;', 'ULONG spare = chunk; ext->TxCount += spare;');
  assert.notEqual(edited, text);
  ws.updateFile(file, edited);
  const patched = ws.analyze();
  const s = ws.stats();
  assert.equal(s.reuse.graph, 'patched');
  assert.equal(s.reuse.typeIndex, 'reused');
  assert.equal(s.reuse.framesEstimated, 1, "only the edited function is re-estimated");

  const fresh = await load();
  fresh.updateFile(file, edited);
  const scratch = fresh.analyze();
  assert.deepEqual(toAnalyzeJson(patched, 'x64', '/'), toAnalyzeJson(scratch, 'x64', '/'));
});

test('inserting lines above functions moves their findings (positions come from the new summary)', async () => {
  const ws = await load();
  const { file, text } = fixture('recursion_bad.c');
  const before = ws.findingsForFile(file).map((f) => f.range.start.line);
  ws.updateFile(file, '// one\n// two\n' + text);
  const after = ws.findingsForFile(file).map((f) => f.range.start.line);
  assert.equal(ws.stats().reuse.graph, 'patched');
  assert.deepEqual(after, before.map((l) => l + 2));
  // Related locations (the call sites of the cycle) moved too.
  const rel = ws.findingsForFile(file).flatMap((f) => f.related.map((r) => r.range.start.line));
  assert.ok(rel.every((l) => l >= 2));
});

test('a type edit rebuilds the type index; a new call rebuilds the graph', async () => {
  const ws = await load();
  ws.analyze();
  const { file, text } = fixture('seed004_mystruct.cpp');
  ws.updateFile(file, text.replace('REF_CNT_TRACKER trckr[4];', 'REF_CNT_TRACKER trckr[1];'));
  const a = ws.analyze();
  assert.equal(ws.stats().reuse.typeIndex, 'rebuilt');
  assert.deepEqual(a.types.find((t) => t.name === 'MYSTRUCT')!.sizeChecked, { x86: 2072, x64: 2088, arm64: 2088 });
  ws.updateFile(file, text.replace('memcpy(&_this, this, sizeof(*this));', 'memcpy(&_this, this, sizeof(*this)); isSystemVaRangeValid(this, 1);'));
  ws.analyze();
  assert.equal(ws.stats().reuse.graph, 'rebuilt');
});

test('removeFile drops its functions and findings', async () => {
  const ws = await load();
  const { file } = fixture('recursion_bad.c');
  assert.ok(ws.findingsForFile(file).length > 0);
  ws.removeFile(file);
  const a = ws.analyze();
  assert.ok(!a.functions.some((f) => f.file === file));
  assert.deepEqual(ws.findingsForFile(file), []);
});

test('bad input never throws: binary, empty, truncated, deeply nested, CRLF, invalid UTF-8', async () => {
  const ws = await load();
  const junk: [string, string][] = [
    ['/tmp/bin.c', '\u0000\u0001\u0002ELF\u0000'.repeat(100)],
    ['/tmp/empty.c', ''],
    ['/tmp/trunc.c', fixture('seed004_mystruct.cpp').text.slice(0, 1500)],
    ['/tmp/nested.c', 'void f(void) {' + '{'.repeat(5000) + 'g();' + '}'.repeat(5000) + '}'],
    ['/tmp/crlf.c', fixture('large_local_bad.c').text.replace(/\n/g, '\r\n')],
    ['/tmp/utf8.c', 'void f(void) { char b[2000]; /* \uFFFD\uFFFD */ }'],
    ['/tmp/recursive_types.c', 'struct A { struct B b; }; struct B { struct A a; }; void f(void) { struct A x; f(); }'],
  ];
  for (const [file, text] of junk) ws.updateFile(file, text);
  const a = ws.analyze();
  assert.ok(a.functions.length > 0);
  assert.ok(ws.stats().skipped.some((s) => s.file === '/tmp/bin.c'));
  const crlf = ws.findingsForFile('/tmp/crlf.c').find((f) => f.rule === 'stack/large-local')!;
  assert.equal(crlf.fixes.at(-1)!.edits[0].newText, '    // stacklens-ignore stack/large-local\r\n');
  assert.ok(ws.findingsForFile('/tmp/utf8.c').some((f) => f.rule === 'stack/large-local'));
  for (const [file] of junk) {
    ws.hover(file, { line: 0, column: 3 });
    ws.codeLenses(file);
  }
});

test('a cancelled analysis throws AnalysisCancelled and leaves the workspace usable', async () => {
  const ws = await load();
  assert.throws(() => ws.analyze({ isCancelled: () => true }), AnalysisCancelled);
  const a = ws.analyze();
  assert.ok(a.functions.length > 0);
});

test('setSettings: target and thresholds apply without re-reading files', async () => {
  const ws = await load();
  const x64 = ws.analyze().findings.filter((f) => f.rule === 'stack/deep-path').length;
  ws.setSettings(mergeSettings({ driverBudgetBytes: { x64: 100000 } }));
  assert.equal(ws.analyze().findings.filter((f) => f.rule === 'stack/deep-path').length, 0);
  ws.setSettings(mergeSettings({}));
  assert.equal(ws.analyze().findings.filter((f) => f.rule === 'stack/deep-path').length, x64);
});

test("a callee's parameters changed in another file re-estimate its callers' frames, as a fresh analysis would", async () => {
  // Caller passes a 256-byte struct by value on x64: the copy lives in Caller's frame, sized from
  // the definition of Take that the workspace finds (in another file).
  const big = 'typedef struct _BIG { char data[256]; } BIG;\n';
  const files: Record<string, string> = {
    '/ws/caller.c': big + 'void Take(BIG b);\nvoid Caller(BIG *p) { Take(*p); }\n',
    '/ws/other.c': 'int Unrelated(int x) { return x + 1; }\n',
  };
  // SameFile calls Take from Take's own file: its frame signature does not change either.
  const byValue = big + 'void Take(BIG b) { (void)b; }\nvoid SameFile(BIG *p) { Take(*p); }\n';
  const byPointer = big + 'void Take(BIG *b) { (void)b; }\nvoid SameFile(BIG *p) { Take(*p); }\n';
  const frameOf = (ws: AnalysisWorkspace, name: string): number | null => ws.analyze().functions.find((f) => f.name === name)!.frames.x64.free.bytes;
  const callerFrame = (ws: AnalysisWorkspace): number | null => frameOf(ws, 'Caller');
  const fresh = async (take: string | null): Promise<AnalysisWorkspace> => {
    const ws = await AnalysisWorkspace.create(mergeSettings({}));
    for (const [f, t] of Object.entries(files)) ws.updateFile(f, t);
    if (take !== null) ws.updateFile('/ws/take.c', take);
    return ws;
  };
  const json = (ws: AnalysisWorkspace) => toAnalyzeJson(ws.analyze(), 'x64', '/');

  const ws = await fresh(byValue);
  const withCopy = callerFrame(ws)!;
  // The callee now takes a pointer: no copy in the caller's frame.
  ws.updateFile('/ws/take.c', byPointer);
  const withoutCopy = callerFrame(ws)!;
  assert.ok(withCopy >= withoutCopy + 256, `${withCopy} vs ${withoutCopy}`);
  assert.equal(frameOf(ws, 'SameFile'), withoutCopy);
  assert.deepEqual(json(ws), json(await fresh(byPointer)));
  // Back to by value, then the definition removed, then added again: always as from scratch.
  ws.updateFile('/ws/take.c', byValue);
  assert.equal(callerFrame(ws), withCopy);
  ws.removeFile('/ws/take.c');
  assert.deepEqual(json(ws), json(await fresh(null)));
  ws.updateFile('/ws/take.c', byValue);
  assert.deepEqual(json(ws), json(await fresh(byValue)));
  // An edit elsewhere that touches no callee's parameters re-estimates nothing of caller.c.
  ws.analyze();
  ws.updateFile('/ws/other.c', 'int Unrelated(int x, int y) { return x + y; }\n');
  ws.analyze();
  assert.equal(ws.stats().reuse.framesEstimated, 1);
});
