// The IRQL analysis reuses per-function work (flow walks keyed on the FunctionDecl object) across
// edits: after an edit through AnalysisWorkspace.updateFile, findings and per-function IRQL must be
// exactly what a fresh workspace computes from the edited text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisWorkspace } from '../../../server/src/analysis/workspace';
import { mergeSettings } from '../../../server/src/analysis/settings';
import { toAnalyzeJson } from '../../../server/src/analysis/report';
import { readFixture } from './harness';

async function fresh(file: string, text: string): Promise<AnalysisWorkspace> {
  const ws = await AnalysisWorkspace.create(mergeSettings({}));
  ws.updateFile(file, text);
  return ws;
}

function rulesAt(ws: AnalysisWorkspace, file: string): string[] {
  return ws.findingsForFile(file).map((f) => `${f.rule}@${f.range.start.line}`);
}

/** Applies `edit` through updateFile on a workspace that has already analysed the previous text. */
async function applyAndCompare(ws: AnalysisWorkspace, file: string, before: string, edit: (t: string) => string): Promise<string> {
  const after = edit(before);
  assert.notEqual(after, before, 'the edit changes the text');
  const spliced = ws.stats().edits.spliced;
  ws.updateFile(file, after);
  const incremental = ws.analyze();
  assert.equal(ws.stats().edits.spliced, spliced + 1, 'the edit went through the one-function fast path');
  const scratch = await fresh(file, after);
  const full = scratch.analyze();
  assert.deepEqual(ws.findingsForFile(file), scratch.findingsForFile(file));
  assert.deepEqual(toAnalyzeJson(incremental, 'x64', '/'), toAnalyzeJson(full, 'x64', '/'));
  return after;
}

test('edits inside one function give the same IRQL findings as a fresh workspace', async () => {
  const { file, text } = readFixture('incremental_edit.c');
  const ws = await fresh(file, text);
  ws.analyze();
  const tooHigh = 'irql/too-high@48';
  assert.ok(rulesAt(ws, file).includes(tooHigh), 'QueueAdd calls OpenLogFile under the LockQueue wrapper');

  // One character in an unrelated statement.
  let cur = await applyAndCompare(ws, file, text, (t) => t.replace('Queue->Count + 0;', 'Queue->Count + 1;'));
  assert.ok(rulesAt(ws, file).includes(tooHigh));

  // The wrapper stops acquiring: its unchanged callers no longer hold a lock at their calls.
  const acquire = 'KeAcquireSpinLock(&Queue->Lock, &Queue->OldIrql);';
  cur = await applyAndCompare(ws, file, cur, (t) => t.replace(acquire, 'Queue->Count++;'));
  assert.ok(!rulesAt(ws, file).includes(tooHigh), 'without the wrapper acquire there is no raised IRQL in QueueAdd');

  // And acquires again.
  cur = await applyAndCompare(ws, file, cur, (t) => t.replace('Queue->Count++;', acquire));
  assert.ok(rulesAt(ws, file).includes(tooHigh));

  // The caller itself is fixed: the call moves after the unlock.
  cur = await applyAndCompare(ws, file, cur, (t) => t.replace('    OpenLogFile(Queue);\n    UnlockQueue(Queue);', '    UnlockQueue(Queue);\n    OpenLogFile(Queue);'));
  assert.ok(!rulesAt(ws, file).includes(tooHigh));

  // A callee's exit state changes (the early return now lowers the IRQL first).
  cur = await applyAndCompare(ws, file, cur, (t) => t.replace('    if (Queue->Count == 0) {\n        return;', '    if (Queue->Count == 0) {\n        KeLowerIrql(old);\n        return;'));
  assert.ok(!rulesAt(ws, file).some((r) => r.startsWith('irql/not-restored')));
});

test('a function edited in one fixture among several matches a fresh analysis of all of them', async () => {
  const names = ['wdm_driver.c', 'too_high.bad.c', 'not_restored.bad.c'];
  const ws = await AnalysisWorkspace.create(mergeSettings({}));
  const texts = new Map<string, string>();
  for (const n of names) {
    const { file, text } = readFixture(n);
    texts.set(file, text);
    ws.updateFile(file, text);
  }
  ws.analyze();
  const { file, text } = readFixture('wdm_driver.c');
  // Drop the spin lock in SampleRead (its release stays: the path loses track of the IRQL).
  const edited = text.replace(/(SampleRead\([\s\S]*?)KeAcquireSpinLock\(&ext->Lock, &oldIrql\);/, '$1oldIrql = PASSIVE_LEVEL;');
  assert.notEqual(edited, text);
  const spliced = ws.stats().edits.spliced;
  ws.updateFile(file, edited);
  const incremental = ws.analyze();
  assert.equal(ws.stats().edits.spliced, spliced + 1);

  const scratch = await AnalysisWorkspace.create(mergeSettings({}));
  for (const [f, t] of texts) scratch.updateFile(f, f === file ? edited : t);
  const full = scratch.analyze();
  for (const f of texts.keys()) assert.deepEqual(ws.findingsForFile(f), scratch.findingsForFile(f), f);
  assert.deepEqual(toAnalyzeJson(incremental, 'x64', '/'), toAnalyzeJson(full, 'x64', '/'));
});
