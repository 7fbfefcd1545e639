// Which text the workspace answers from: an editor's text (which may be unsaved) is kept for as long
// as the document is open, whatever else is updated; a disk text that no longer matches the summary
// is not used (no hover or text fact at the wrong offsets).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnalysisWorkspace } from '../../../server/src/analysis/workspace';
import { mergeSettings } from '../../../server/src/analysis/settings';

/** Position of the first character of `word` in `text`. */
function at(text: string, word: string): { line: number; column: number } {
  const i = text.indexOf(word);
  assert.ok(i >= 0, `${word} not in text`);
  const before = text.slice(0, i);
  const line = before.split('\n').length - 1;
  return { line, column: i - (before.lastIndexOf('\n') + 1) };
}

/** A workspace with `count` other files on disk, each updated from outside an editor. */
function updateOthers(ws: AnalysisWorkspace, dir: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const file = join(dir, `other${i}.c`);
    const text = `void Other${i}(void)\n{\n}\n`;
    writeFileSync(file, text);
    ws.updateFile(file, text);
  }
}

test("an open document's unsaved text answers hover and survives a settings change, however many files are updated after it", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stacklens-texts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'open.c');
  const disk = 'void OnDisk(void)\n{\n}\n';
  const editor = '\n\nvoid EditorOnly(void)\n{\n    char buf[2048];\n    buf[0] = 0;\n}\n';
  writeFileSync(file, disk);
  const ws = await AnalysisWorkspace.create(mergeSettings({}));
  ws.updateFile(file, editor, { open: true });
  updateOthers(ws, dir, 100);
  ws.analyze();

  const md = ws.hover(file, at(editor, 'EditorOnly'));
  assert.ok(md, 'hover on the unsaved function');
  assert.match(md, /EditorOnly/);

  // A change of defines re-summarises every file: the open one from its editor text, not the disk.
  ws.setSettings(mergeSettings({ defines: { STACKLENS_TEST: '1' } }));
  const names = ws.analyze().functions.filter((f) => f.file === file).map((f) => f.name);
  assert.deepEqual(names, ['EditorOnly']);

  // Closing the document: the workspace goes back to the disk's text.
  ws.updateFile(file, disk);
  const closed = ws.analyze().functions.filter((f) => f.file === file).map((f) => f.name);
  assert.deepEqual(closed, ['OnDisk']);
  assert.match(ws.hover(file, at(disk, 'OnDisk')) ?? '', /OnDisk/);
});

test('a file changed on disk since it was summarised gives no hover rather than one at the wrong offsets', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stacklens-texts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ws = await AnalysisWorkspace.create(mergeSettings({}));
  const target = join(dir, 'target.c');
  writeFileSync(target, 'void Target(void)\n{\n}\n');
  ws.updateFile(target, 'void Target(void)\n{\n}\n');
  const changed = join(dir, 'changed.c');
  const summarised = 'void Alpha(void)\n{\n}\n';
  writeFileSync(changed, summarised);
  ws.updateFile(changed, summarised);
  updateOthers(ws, dir, 20); // the workspace keeps no text of `changed` any more
  ws.analyze();
  assert.match(ws.hover(changed, at(summarised, 'Alpha')) ?? '', /Alpha/, 'the disk text still matches: hover works');

  // Same offsets now spell another workspace function; the summary still describes Alpha.
  writeFileSync(changed, 'void Target(void)\n{\n}\n');
  assert.equal(ws.hover(changed, at(summarised, 'Alpha')), null);
});
