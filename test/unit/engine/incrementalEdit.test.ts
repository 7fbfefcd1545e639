// The body-edit fast path must produce exactly the summary a full parse produces: checked on
// many random one-character edits (inserts, deletes, line breaks, braces, quotes, comments) in
// every fixture and in a generated 5,000-line driver.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { initParser, parseSource } from '../../../server/src/analysis/parse/index';
import { isSelfContainedBody, spliceFunctionEdit } from '../../../server/src/analysis/incrementalEdit';
import { fixture, fixtureDir } from './fixtures';
import { generateDriver, rng } from '../../../bench/lib/generateDriver';

const CHARS = ['a', 'Z', '1', ' ', ';', '\n', '\r\n', '(', ')', '{', '}', '"', "'", '*', '/', '#', ',', '\\', '[', ']'];

function check(file: string, text: string, edits: number, seed: number): { spliced: number; refused: number; exact: number } {
  const r = rng(seed);
  const parse = (t: string) => parseSource(t, file);
  const old = parse(text);
  let spliced = 0;
  let refused = 0;
  let exact = 0;
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * text.length);
    const kind = r();
    const ch = CHARS[Math.floor(r() * CHARS.length)];
    const next = kind < 0.45 ? text.slice(0, at) + ch + text.slice(at) : kind < 0.8 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + ch + text.slice(at + 1);
    const got = spliceFunctionEdit(text, next, old, (t) => parseSource(t, file, { language: old.language }));
    if (!got) {
      refused++;
      continue;
    }
    spliced++;
    const full = parse(next);
    const where = `edit #${i} at ${at} (${JSON.stringify(ch)}, kind ${kind.toFixed(2)}) in ${file}`;
    assert.deepEqual(got, full, where);
    exact++;
  }
  return { spliced, refused, exact };
}

test('splice == full parse on random one-character edits in every fixture', async () => {
  await initParser();
  let spliced = 0;
  for (const name of readdirSync(fixtureDir()).filter((n) => /\.(c|cpp)$/.test(n))) {
    const { file, text } = fixture(name);
    const r = check(file, text, 60, name.length * 7919);
    spliced += r.spliced;
  }
  assert.ok(spliced > 150, `only ${spliced} edits took the fast path`);
});

test('splice == full parse in a generated 5,000-line driver, including line insertions', async () => {
  await initParser();
  const { text } = generateDriver(5000);
  const r = check('/gen/driver.c', text, 80, 99);
  assert.ok(r.spliced >= 15, `only ${r.spliced} of 80 edits took the fast path`);
});

test('edits that can reach outside the body are refused', async () => {
  await initParser();
  const file = '/x/a.c';
  const text = 'int g;\nstatic int F(int a)\n{\n    int b = a;\n    return b;\n}\n\nint G(void) { return F(1); }\n';
  const old = parseSource(text, file);
  const parse = (t: string) => parseSource(t, file);
  const at = text.indexOf('return b;');
  for (const insert of ['}', '{', '/*', '#if DBG\n', '"']) {
    assert.equal(spliceFunctionEdit(text, text.slice(0, at) + insert + text.slice(at), old, parse), null, insert);
  }
  // Outside any body: in the parameter list, between functions.
  assert.equal(spliceFunctionEdit(text, text.replace('int a)', 'int aa)'), old, parse), null);
  assert.equal(spliceFunctionEdit(text, text.replace('\n\nint G', '\n\n\nint G'), old, parse), null);
  // Inside the body: accepted.
  const ok = spliceFunctionEdit(text, text.replace('int b = a;', 'int b = a + 1;\n    b++;'), old, parse)!;
  assert.ok(ok);
  assert.deepEqual(ok, parseSource(text.replace('int b = a;', 'int b = a + 1;\n    b++;'), file));
  assert.ok(isSelfContainedBody('{ if (x) { y(); } }', 0));
  assert.ok(!isSelfContainedBody('{ if (x) { y(); }', 0));
  assert.ok(!isSelfContainedBody('{ } }', 0));
  assert.ok(!isSelfContainedBody('{ /* }', 0));
  assert.ok(isSelfContainedBody('{ s = "}"; c = \'{\'; /* } */ // }\n}', 0));
});
