// The engine shares a function's checked frame with its free frame when nothing it reads depends
// on DBG. That decision is cached with the frames: edits and settings that change what depends on
// DBG must be reflected, and every figure must match a workspace built from scratch.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisWorkspace } from '../../../server/src/analysis/workspace';
import { mergeSettings, type StackLensSettings } from '../../../server/src/analysis/settings';
import { toAnalyzeJson } from '../../../server/src/analysis/report';
import { createTypeEngine } from '../../../server/src/analysis/typeEngineImpl';
import { functionStackFindings, type StackTypeFacts } from '../../../server/src/analysis/rules/stackRules';
import { parseFixtures } from '../layout/fixtureFiles';

const TYPES = '/ws/drv/ctx.h';
const CODE = '/ws/drv/io.c';

const typesText = (dbgMember: boolean) => `
typedef struct _IO_CTX {
    ULONG Flags;
${dbgMember ? '#if DBG\n    UCHAR Trail[600];\n#endif\n' : ''}    PVOID Owner;
} IO_CTX, *PIO_CTX;
`;

const codeText = `
#include "ctx.h"
VOID Use(PVOID Buffer, ULONG Length);

VOID WithCtx(VOID)
{
    IO_CTX ctx;
    Use(&ctx, sizeof(ctx));
}

VOID WithoutCtx(VOID)
{
    UCHAR buffer[64];
    Use(buffer, sizeof(buffer));
}
`;

async function workspace(dbgMember: boolean, settings: Partial<StackLensSettings> = {}): Promise<AnalysisWorkspace> {
  const ws = await AnalysisWorkspace.create(mergeSettings(settings));
  ws.updateFile(TYPES, typesText(dbgMember));
  ws.updateFile(CODE, codeText);
  return ws;
}

function frames(ws: AnalysisWorkspace, name: string): { free: number | null; checked: number | null } {
  const f = ws.analyze().functions.find((r) => r.name === name)!;
  return { free: f.frames.x64.free.bytes, checked: f.frames.x64.checked.bytes };
}

async function sameAsScratch(ws: AnalysisWorkspace, dbgMember: boolean, settings: Partial<StackLensSettings> = {}): Promise<void> {
  const scratch = await workspace(dbgMember, settings);
  assert.deepEqual(toAnalyzeJson(ws.analyze(), 'x64', '/'), toAnalyzeJson(scratch.analyze(), 'x64', '/'));
}

test('a type edit that adds or removes a DBG-only member updates the checked frames of its users', async () => {
  const ws = await workspace(false);
  const plain = frames(ws, 'WithCtx');
  assert.equal(plain.checked, plain.free);

  ws.updateFile(TYPES, typesText(true));
  const grown = frames(ws, 'WithCtx');
  assert.equal(grown.free, plain.free);
  assert.ok(grown.checked! >= plain.free! + 600, `checked ${grown.checked} vs free ${grown.free}`);
  assert.deepEqual(frames(ws, 'WithoutCtx'), { free: 112, checked: 112 });
  await sameAsScratch(ws, true);

  ws.updateFile(TYPES, typesText(false));
  assert.deepEqual(frames(ws, 'WithCtx'), plain);
  await sameAsScratch(ws, false);
});

test('a body edit re-estimates one function; the sharing decision of the others stays right', async () => {
  const ws = await workspace(true);
  const before = frames(ws, 'WithCtx');
  ws.updateFile(CODE, codeText.replace('UCHAR buffer[64];', 'UCHAR buffer[96];'));
  ws.analyze();
  assert.equal(ws.stats().reuse.framesEstimated, 1);
  assert.deepEqual(frames(ws, 'WithCtx'), before);
  assert.notEqual(frames(ws, 'WithoutCtx').free, 112);
  const scratch = await AnalysisWorkspace.create(mergeSettings({}));
  scratch.updateFile(TYPES, typesText(true));
  scratch.updateFile(CODE, codeText.replace('UCHAR buffer[64];', 'UCHAR buffer[96];'));
  assert.deepEqual(toAnalyzeJson(ws.analyze(), 'x64', '/'), toAnalyzeJson(scratch.analyze(), 'x64', '/'));
});

test('a user define of DBG makes both configurations the same; removing it restores the difference', async () => {
  const ws = await workspace(true);
  const split = frames(ws, 'WithCtx');
  assert.notEqual(split.checked, split.free);

  ws.setSettings(mergeSettings({ defines: { DBG: '1' } }));
  const forced = frames(ws, 'WithCtx');
  assert.equal(forced.free, forced.checked);
  assert.equal(forced.free, split.checked, '#if DBG holds in both configurations');
  await sameAsScratch(ws, true, { defines: { DBG: '1' } });

  ws.setSettings(mergeSettings({ defines: {} }));
  assert.deepEqual(frames(ws, 'WithCtx'), split);
});

test('stack rules give the same findings whether sizes come in pairs (sizesOf, shared when DBG changes nothing) or one by one', async () => {
  const summaries = await parseFixtures('frame/dbg_sharing.c', 'stack/dbg_growth_bad.c', 'stack/large_local_bad.c', 'stack/struct_copy_bad.cpp', 'layout/mystruct.cpp', 'layout/refcount_tracker.h');
  const engine = createTypeEngine();
  engine.rebuild(summaries);
  const one: StackTypeFacts = {
    sizeOf: (t, file, config, inline) => engine.sizeOf(t, file, 'x64', config, inline).size,
    definitionOf: (t, file) => engine.definitionOf(t, file),
  };
  const paired: StackTypeFacts = {
    ...one,
    sizesOf: (t, file, inline) => {
      const s = engine.sizesOf(t, file, 'x64', inline);
      return { free: s.free.size, checked: s.checked.size };
    },
  };
  // Thresholds low enough that every local is sized and most rules fire.
  const settings = mergeSettings({ largeFrameBytes: 64, largeLocalBytes: 16, structCopyBytes: 8 });
  let findings = 0;
  for (const s of summaries) {
    for (const decl of s.functions) {
      if (!decl.isDefinition) continue;
      const input = { decl, arch: 'x64' as const, settings, free: engine.frame(decl, s, 'x64', 'free'), checked: engine.frame(decl, s, 'x64', 'checked') };
      const a = functionStackFindings({ ...input, types: paired });
      const b = functionStackFindings({ ...input, types: one });
      assert.deepEqual(a, b, decl.name);
      findings += a.findings.length;
    }
  }
  assert.ok(findings > 20, `${findings} findings compared`);
});
