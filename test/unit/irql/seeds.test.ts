// Seeds 000 and 001 end to end: the exact shapes of the posts, with related locations and quick
// fixes applied to the text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFixtures, analyzeSources, applyEdits, describe, findingKeys, readFixture } from './harness';

function lineNo(text: string, needle: string, from = 0): number {
  const lines = text.split('\n');
  for (let i = from; i < lines.length; i++) if (lines[i].includes(needle)) return i + 1;
  throw new Error(`"${needle}" not in text`);
}

test('seed 000 as written: the UserMode wait on the stack KEVENT, with the escape of &Event', async () => {
  const { file, text } = readFixture('seed000_exact.c');
  const { result, analysis } = await analyzeFixtures(['seed000_exact.c']);
  const waitLine = lineNo(text, 'KeWaitForSingleObject( &Event');
  assert.deepEqual(findingKeys(result.findings, file), [`wait/usermode-stack-object@${waitLine}`], describe(result.findings));
  const f = result.findings[0];
  assert.ok(f.message.includes('UserMode') && f.message.includes('Event'));
  const escapeLine = lineNo(text, 'Opeartion->CompletionEvent = &Event;');
  assert.ok(f.related.some((r) => r.range.start.line + 1 === escapeLine && /escapes/.test(r.message)), JSON.stringify(f.related));
  assert.ok(f.related.some((r) => r.range.start.line + 1 === lineNo(text, 'KEVENT    Event;') && /stack/.test(r.message)));
  // The misspelled KeAcquireSpinlock is understood as the spin lock acquire (case-insensitive fallback).
  const fn = [...analysis.fns.values()].find((x) => x.decl.name === 'GetOperationCompletionStatus')!;
  const acquire = fn.decl.calls.findIndex((c) => c.calleeName === 'KeAcquireSpinlock');
  assert.ok(acquire >= 0);
  assert.ok(fn.flow.matched.get(acquire)?.length, 'the KeAcquireSpinlock is paired with KeReleaseSpinLock');
});

test('seed 000: the preferred quick fix waits in KernelMode, and the finding goes away', async () => {
  const { file, text } = readFixture('seed000_exact.c');
  const { result } = await analyzeFixtures(['seed000_exact.c']);
  const f = result.findings.find((x) => x.rule === 'wait/usermode-stack-object')!;
  const preferred = f.fixes.find((x) => x.preferred)!;
  assert.ok(preferred, 'a preferred fix');
  const fixed = applyEdits(text, preferred.edits);
  const waitLine = lineNo(text, 'KeWaitForSingleObject( &Event') - 1;
  const before = text.split('\n');
  const after = fixed.split('\n');
  assert.equal(after.length, before.length);
  const changed = after.map((l, i) => (l !== before[i] ? i : -1)).filter((i) => i >= 0);
  assert.equal(changed.length, 1);
  assert.ok(changed[0] >= waitLine && changed[0] <= waitLine + 3);
  assert.equal(after[changed[0]].trim(), 'KernelMode,');
  const again = await analyzeSources({ [file]: fixed });
  assert.deepEqual(findingKeys(again.result.findings), []);
});

test('seed 000: the suppression fix adds a stacklens-ignore comment above the call', async () => {
  const { file, text } = readFixture('seed000_fixed.c');
  const { result } = await analyzeFixtures(['seed000_fixed.c']);
  const f = result.findings.find((x) => x.rule === 'wait/usermode-stack-object')!;
  const sup = f.fixes.find((x) => /Suppress/.test(x.title))!;
  const fixed = applyEdits(text, sup.edits);
  const i = f.range.start.line;
  assert.equal(fixed.split('\n')[i], '       // stacklens-ignore wait/usermode-stack-object');
  const again = await analyzeSources({ [file]: fixed });
  assert.deepEqual(findingKeys(again.result.findings.filter((x) => x.rule === 'wait/usermode-stack-object')), []);
});

test('seed 001: every shape reported with its own rule; fixes produce IoReadAccess and IoThreadToProcess', async () => {
  const { file, text } = readFixture('seed001.bad.c');
  const { result } = await analyzeFixtures(['seed001.bad.c']);
  const lock = result.findings.find((x) => x.rule === 'mem/lock-pages-access')!;
  assert.ok(lock.message.includes('IoWriteAccess'));
  const fixed = applyEdits(text, lock.fixes.find((x) => x.preferred)!.edits);
  assert.ok(fixed.includes('MmProbeAndLockPages(mdl, Irp->RequestorMode, IoReadAccess);'));
  const attached = result.findings.find((x) => x.rule === 'process/attached-current-process')!;
  assert.ok(attached.related.some((r) => /attaches/.test(r.message) && r.range.start.line + 1 === lineNo(text, 'KeStackAttachProcess(')));
  const fixed2 = applyEdits(text, attached.fixes[0].edits);
  assert.ok(fixed2.includes('g_LastRecord.Caller = IoThreadToProcess(PsGetCurrentThread());'));
  const userBuf = result.findings.filter((x) => x.rule === 'mem/user-buffer-no-try');
  assert.ok(userBuf.some((x) => /ProbeForRead/.test(x.message)));
  assert.ok(userBuf.some((x) => x.related.some((r) => /Type3InputBuffer/.test(r.message))), 'the alias of Type3InputBuffer is shown');
  assert.ok(userBuf.some((x) => x.range.start.line + 1 === lineNo(text, 'g_LastRecord.FirstByte = data[0];')));
  // Applying both fixes removes those two findings and nothing else changes.
  const both = applyEdits(text, [...lock.fixes.find((x) => x.preferred)!.edits, ...attached.fixes[0].edits]);
  const again = await analyzeSources({ [file]: both });
  assert.deepEqual(
    findingKeys(again.result.findings).filter((k) => !k.startsWith('mem/user-buffer-no-try')),
    [],
    describe(again.result.findings),
  );
});

test('seed 001: passing the user buffer to IoAllocateMdl is not an access', async () => {
  const { result } = await analyzeSources({
    'mdl.c': `#include <ntddk.h>
NTSTATUS DescribeOnly(PIRP Irp, ULONG Length)
{
    PMDL mdl = IoAllocateMdl(Irp->UserBuffer, Length, FALSE, FALSE, Irp);
    if (mdl == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}
`,
  });
  assert.deepEqual(findingKeys(result.findings), []);
});
