// Quick fixes applied to the text: PAGED_CODE() insertion (indentation, after the declarations,
// odd bodies), IoReadAccess, KernelMode.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFixtures, analyzeSources, applyEdits, findingKeys, readFixture } from './harness';

async function fixMissingPagedCode(name: string, text: string): Promise<string> {
  const { result } = await analyzeSources({ [name]: text });
  const missing = result.findings.filter((f) => f.rule === 'paging/missing-paged-code');
  assert.ok(missing.length > 0, 'expected a missing-paged-code finding');
  let out = text;
  // Apply one at a time from the bottom so positions stay valid.
  for (const f of [...missing].sort((a, b) => b.range.start.line - a.range.start.line)) {
    const fix = f.fixes.find((x) => x.preferred);
    assert.ok(fix, `fix for ${f.message}`);
    out = applyEdits(out, fix.edits);
  }
  return out;
}

test('PAGED_CODE() fix on the paging fixture: inserted after declarations, with the body indentation; re-analysis is clean', async () => {
  const { file, text } = readFixture('paging.bad.c');
  const fixed = await fixMissingPagedCode(file, text);
  assert.ok(
    fixed.includes(`{
    UNREFERENCED_PARAMETER(DriverObject);`.replace('{\n', '{\n    PAGED_CODE();\n\n')),
    'SampleUnload: first statement, 4-space indentation, blank line after',
  );
  assert.ok(
    fixed.includes(`    RTL_QUERY_REGISTRY_TABLE table[2];

    PAGED_CODE();

    RtlZeroMemory(table, sizeof(table));`),
    'SampleReadConfig: after the declarations',
  );
  const again = await analyzeSources({ [file]: fixed });
  assert.deepEqual(findingKeys(again.result.findings).filter((k) => k.startsWith('paging/missing')), []);
});

test('PAGED_CODE() fix keeps tab indentation and CRLF line ends', async () => {
  const text = ['#include <ntddk.h>', 'VOID Foo(VOID);', '#pragma alloc_text(PAGE, Foo)', 'VOID', 'Foo(VOID)', '{', '\tULONG x = 0;', '\tx++;', '}', ''].join('\r\n');
  const fixed = await fixMissingPagedCode('tabs.c', text);
  assert.equal(fixed, ['#include <ntddk.h>', 'VOID Foo(VOID);', '#pragma alloc_text(PAGE, Foo)', 'VOID', 'Foo(VOID)', '{', '\tULONG x = 0;', '\tPAGED_CODE();', '\tx++;', '}', ''].join('\r\n'));
});

test('PAGED_CODE() fix in a body with only declarations, an empty body and a one-line body', async () => {
  const text = `#include <ntddk.h>
VOID OnlyDecls(VOID);
VOID Empty(VOID);
VOID OneLine(PULONG p);
#pragma alloc_text(PAGE, OnlyDecls)
#pragma alloc_text(PAGE, Empty)
#pragma alloc_text(PAGE, OneLine)
VOID OnlyDecls(VOID)
{
    ULONG unused = 0;
}
VOID Empty(VOID)
{
}
VOID OneLine(PULONG p) { *p = 0; }
`;
  const fixed = await fixMissingPagedCode('odd.c', text);
  assert.ok(fixed.includes('    ULONG unused = 0;\n\n    PAGED_CODE();\n}'), fixed);
  assert.ok(fixed.includes('VOID Empty(VOID)\n{\n    PAGED_CODE();\n}'), fixed);
  assert.ok(fixed.includes('VOID OneLine(PULONG p) { PAGED_CODE(); *p = 0; }'), fixed);
  const again = await analyzeSources({ 'odd.c': fixed });
  assert.deepEqual(findingKeys(again.result.findings), []);
});

test('PAGED_CODE() fix in a code_seg("PAGE") C++ method', async () => {
  const text = `class C { public: void Run(); int m_x; };
#pragma code_seg("PAGE")
void C::Run()
{
    m_x = 1;
}
#pragma code_seg()
`;
  const fixed = await fixMissingPagedCode('cls.cpp', text);
  assert.ok(fixed.includes('void C::Run()\n{\n    PAGED_CODE();\n\n    m_x = 1;\n}'), fixed);
});

test('IoReadAccess fix replaces only the operation argument', async () => {
  const { file, text } = readFixture('lock_pages.bad.c');
  const { result } = await analyzeFixtures(['lock_pages.bad.c']);
  const lock = result.findings.filter((f) => f.rule === 'mem/lock-pages-access');
  assert.equal(lock.length, 2);
  let fixed = text;
  for (const f of [...lock].sort((a, b) => b.range.start.line - a.range.start.line)) fixed = applyEdits(fixed, f.fixes[0].edits);
  assert.ok(fixed.includes('MmProbeAndLockPages(mdl, UserMode, IoReadAccess); // expect: mem/lock-pages-access'));
  assert.ok(fixed.includes('MmProbeAndLockPages(mdl, KernelMode, IoReadAccess); // expect: mem/lock-pages-access'));
  const again = await analyzeSources({ [file]: fixed });
  assert.deepEqual(findingKeys(again.result.findings), []);
});

test('KernelMode fix on a one-line wait', async () => {
  const { file, text } = readFixture('usermode_wait.bad.c');
  const { result } = await analyzeFixtures(['usermode_wait.bad.c']);
  let fixed = text;
  const fs = result.findings.filter((f) => f.rule === 'wait/usermode-stack-object');
  assert.equal(fs.length, 3);
  for (const f of [...fs].sort((a, b) => b.range.start.line - a.range.start.line)) fixed = applyEdits(fixed, f.fixes.find((x) => x.preferred)!.edits);
  assert.ok(fixed.includes('KeWaitForSingleObject(&event, UserRequest, KernelMode, FALSE, NULL);'));
  assert.ok(fixed.includes('KeWaitForMultipleObjects(2, objects, WaitAny, UserRequest, KernelMode, TRUE, NULL, NULL);'));
  const again = await analyzeSources({ [file]: fixed });
  assert.deepEqual(findingKeys(again.result.findings), []);
});

test('without source text, findings still come but carry no text edits', async () => {
  const { buildCallGraph } = await import('../../../server/src/analysis/callgraph/callgraph');
  const { parseSource } = await import('../../../server/src/analysis/parse/index');
  const { analyzeIrql } = await import('../../../server/src/analysis/irql/index');
  const { mergeSettings } = await import('../../../server/src/analysis/settings');
  const { file, text } = readFixture('paging.bad.c');
  await analyzeSources({});
  const summaries = [parseSource(text, file)];
  const r = analyzeIrql({ graph: buildCallGraph(summaries), summaries, settings: mergeSettings({}) });
  const missing = r.findings.filter((f) => f.rule === 'paging/missing-paged-code');
  assert.equal(missing.length, 3);
  for (const f of missing) assert.deepEqual(f.fixes, []);
});
