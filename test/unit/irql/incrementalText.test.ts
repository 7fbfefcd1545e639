// The IRQL analysis keeps facts read from the source text per declaration and file summary
// (quick fixes, __try/__except regions, tested acquires) and shares one empty walk between
// functions without effects. Those caches must never change a result: after any edit, and when a
// reader of the text appears later, the findings and per-function IRQL are exactly what a fresh
// analysis computes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisWorkspace } from '../../../server/src/analysis/workspace';
import { mergeSettings } from '../../../server/src/analysis/settings';
import { toAnalyzeJson } from '../../../server/src/analysis/report';
import { parseSource } from '../../../server/src/analysis/parse/index';
import { buildCallGraph } from '../../../server/src/analysis/callgraph/callgraph';
import { analyzeIrqlDetailed } from '../../../server/src/analysis/irql/index';
import { analyzeSources, ensureParser, readFixture } from './harness';

const HELPERS = readFixture('incremental_text_helpers.c');
const DISPATCH = readFixture('incremental_text_dispatch.c');

async function workspaceOf(texts: Map<string, string>): Promise<AnalysisWorkspace> {
  const ws = await AnalysisWorkspace.create(mergeSettings({}));
  for (const [f, t] of texts) ws.updateFile(f, t);
  return ws;
}

function rulesIn(ws: AnalysisWorkspace, file: string): string[] {
  return ws.findingsForFile(file).map((f) => `${f.rule}@${f.range.start.line + 1}`);
}

/** Edits `file` through updateFile on the analysed workspace and compares everything with a fresh workspace. */
async function editAndCompare(ws: AnalysisWorkspace, texts: Map<string, string>, file: string, edit: (t: string) => string): Promise<void> {
  const before = texts.get(file)!;
  const after = edit(before);
  assert.notEqual(after, before, 'the edit changes the text');
  texts.set(file, after);
  ws.updateFile(file, after);
  const incremental = ws.analyze();
  const scratch = await workspaceOf(texts);
  const full = scratch.analyze();
  for (const f of texts.keys()) assert.deepEqual(ws.findingsForFile(f), scratch.findingsForFile(f), f);
  assert.deepEqual(toAnalyzeJson(incremental, 'x64', '/'), toAnalyzeJson(full, 'x64', '/'));
}

test('text-derived findings of unchanged functions follow edits in their own and in other files', async () => {
  const texts = new Map([
    [HELPERS.file, HELPERS.text],
    [DISPATCH.file, DISPATCH.text],
  ]);
  const ws = await workspaceOf(texts);
  ws.analyze();
  const missing = () => ws.findingsForFile(HELPERS.file).find((f) => f.rule === 'paging/missing-paged-code');
  assert.ok(missing()?.fixes.some((x) => x.title === 'Insert PAGED_CODE();'), 'PagedHelper is reported with its quick fix');
  assert.ok(!rulesIn(ws, HELPERS.file).some((r) => r.startsWith('mem/user-buffer-no-try')), 'the only caller protects CopyFromUser');
  assert.ok(!rulesIn(ws, HELPERS.file).some((r) => r.startsWith('irql/not-restored')), 'the tested acquire may fail');

  // A CRLF line break in CopyFromUser: PagedHelper is the same declaration, but its quick fix
  // now inserts CRLF (the file's line breaks are read from the whole text).
  await editAndCompare(ws, texts, HELPERS.file, (t) => t.replace('    ULONG value = 0;\n\n    RtlCopyMemory', '    ULONG value = 0;\r\n\n    RtlCopyMemory'));
  assert.ok(missing()!.fixes[0].edits[0].newText.includes('\r\n'));
  // One character in the caller (no function moves).
  await editAndCompare(ws, texts, DISPATCH.file, (t) => t.replace('value + 0;', 'value + 1;'));
  // The caller's __except becomes a __finally: CopyFromUser (unchanged, in the other file) is no longer protected.
  await editAndCompare(ws, texts, DISPATCH.file, (t) => t.replace('} __except (EXCEPTION_EXECUTE_HANDLER) {', '} __finally {'));
  assert.ok(rulesIn(ws, HELPERS.file).some((r) => r.startsWith('mem/user-buffer-no-try')), 'a __finally catches nothing');
  // A line added in CopyFromUser moves PagedHelper and TryUpdate (and the quick fix's position).
  const fixAt = missing()!.fixes[0].edits[0].range.start.line;
  await editAndCompare(ws, texts, HELPERS.file, (t) => t.replace('    ULONG value = 0;\r\n\n    RtlCopyMemory', '    ULONG value = 0;\r\n    ULONG spare = 0;\n\n    RtlCopyMemory'));
  assert.equal(missing()!.fixes[0].edits[0].range.start.line, fixAt + 1, 'the fix moved with its function');
  // One character inside TryUpdate, then inside PagedHelper itself.
  await editAndCompare(ws, texts, HELPERS.file, (t) => t.replace('*Counter = *Counter + 1;', '*Counter = *Counter + 2;'));
  await editAndCompare(ws, texts, HELPERS.file, (t) => t.replace('*Value = local + 1;', '*Value = local + 2;'));
  // A local's initialiser turns a call into a violation; the calls (and so the call graph) stay as they were.
  assert.ok(!rulesIn(ws, HELPERS.file).some((r) => r.startsWith('wait/at-dispatch')));
  await editAndCompare(ws, texts, HELPERS.file, (t) => t.replace('LONGLONG timeout = 0;', 'LONGLONG timeout = -10000;'));
  assert.equal(ws.stats().reuse.graph, 'patched');
  assert.ok(rulesIn(ws, HELPERS.file).some((r) => r.startsWith('wait/at-dispatch')), 'a non-zero timeout waits under the spin lock');
  // And the caller protects the call again.
  await editAndCompare(ws, texts, DISPATCH.file, (t) => t.replace('} __finally {', '} __except (EXCEPTION_EXECUTE_HANDLER) {'));
  assert.ok(!rulesIn(ws, HELPERS.file).some((r) => r.startsWith('mem/user-buffer-no-try')));
});

test('facts computed without the text are recomputed once the text is available', async () => {
  await ensureParser();
  const sources = new Map([
    [HELPERS.file, HELPERS.text],
    [DISPATCH.file, DISPATCH.text.replace('} __except (EXCEPTION_EXECUTE_HANDLER) {', '} __finally {')],
  ]);
  const summaries = [...sources].map(([f, t]) => parseSource(t, f));
  const graph = buildCallGraph(summaries);
  const settings = mergeSettings({});
  const withoutText = analyzeIrqlDetailed({ graph, summaries, settings }).result;
  const withText = analyzeIrqlDetailed({ graph, summaries, settings, text: (f) => sources.get(f) }).result;
  const fresh = (await analyzeSources(Object.fromEntries(sources))).result;
  assert.deepEqual(withText, fresh);
  // And back: the same summaries analysed without text again give the first result.
  assert.deepEqual(analyzeIrqlDetailed({ graph, summaries, settings }).result, withoutText);
  assert.ok(
    withText.findings.some((f) => f.rule === 'paging/missing-paged-code' && f.fixes.length > 0) &&
      withoutText.findings.some((f) => f.rule === 'paging/missing-paged-code' && f.fixes.length === 0),
    'the quick fix needs the text',
  );
});

/**
 * A DPC (DISPATCH_LEVEL) that calls ZwCreateFile after `depth` nested `switch` blocks with a
 * default (no path around them, so a walk truncated inside leaves only approximate states).
 */
function nestedDpc(depth: number): string {
  const open = Array.from({ length: depth }, (_, i) => `${'  '.repeat(i + 1)}switch (A1 != NULL) { default:\n`).join('');
  const close = Array.from({ length: depth }, (_, i) => `${'  '.repeat(depth - i)}}\n`).join('');
  return `#include <ntddk.h>
KDEFERRED_ROUTINE DeepDpc;
VOID DeepDpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
  HANDLE h;
  OBJECT_ATTRIBUTES oa;
  IO_STATUS_BLOCK iosb;
${open}${'  '.repeat(depth + 1)}KeStallExecutionProcessor(1);
${close}  ZwCreateFile(&h, GENERIC_READ, &oa, &iosb, NULL, 0, 0, FILE_OPEN, 0, NULL, 0);
}
`;
}

test('a function without effects is judged at its entry IRQL only when its walk could not be truncated', async () => {
  const shallow = await analyzeSources({ '/w/shallow.c': nestedDpc(3) });
  assert.ok(shallow.result.findings.some((f) => f.rule === 'irql/too-high'), 'ZwCreateFile at DISPATCH_LEVEL');
  // Deeper than the walker's bound: the states after the nest are approximate, and approximate
  // states are not judged (the shared empty walk would judge the call at the entry IRQL).
  const deep = await analyzeSources({ '/w/deep.c': nestedDpc(300) });
  const fn = [...deep.analysis.fns.values()].find((f) => f.decl.name === 'DeepDpc')!;
  assert.equal(fn.flow.truncated, true, 'the real walk ran and hit its depth bound');
  assert.ok(!deep.result.findings.some((f) => f.rule === 'irql/too-high'));
});
