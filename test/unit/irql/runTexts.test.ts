// RunTexts: the per-run text reader of the IRQL analysis keeps only recently used texts, reads a
// kept file once, never retries a file that could not be read, and gives line starts that match
// the text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunTexts } from '../../../server/src/analysis/irql/sourceText';

function reader(files: Record<string, string>): { read: (f: string) => string | undefined; log: string[] } {
  const log: string[] = [];
  return {
    log,
    read: (f) => {
      log.push(f);
      return files[f];
    },
  };
}

test('a recently used text is read once; one pushed out by 16 others is read again', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 20; i++) files[`/f${i}.c`] = `int f${i};\n`;
  const r = reader(files);
  const texts = new RunTexts(r.read);
  assert.equal(texts.get('/f0.c'), 'int f0;\n');
  assert.equal(texts.get('/f0.c'), 'int f0;\n');
  assert.equal(texts.reads, 1);
  // 15 more files: /f0.c is still among the 16 kept.
  for (let i = 1; i <= 15; i++) texts.get(`/f${i}.c`);
  texts.get('/f0.c');
  assert.equal(texts.reads, 16);
  // Using /f0.c made it the most recent: 15 new files push out /f1.c first, not /f0.c.
  for (let i = 16; i < 20; i++) texts.get(`/f${i}.c`);
  texts.get('/f0.c');
  assert.equal(texts.reads, 20);
  texts.get('/f1.c');
  assert.equal(texts.reads, 21, '/f1.c was the least recently used and was read again');
  assert.deepEqual(r.log.filter((f) => f === '/f1.c'), ['/f1.c', '/f1.c']);
});

test('a file that cannot be read is asked for once per run, and reading failures are not errors', () => {
  const r = reader({});
  const texts = new RunTexts((f) => {
    if (f === '/throws.c') throw new Error('EACCES');
    return r.read(f);
  });
  assert.equal(texts.get('/gone.c'), undefined);
  assert.equal(texts.get('/gone.c'), undefined);
  assert.equal(texts.lineStarts('/gone.c'), undefined);
  assert.equal(texts.get('/throws.c'), undefined);
  assert.equal(texts.get('/throws.c'), undefined);
  assert.equal(texts.reads, 2);
  assert.equal(texts.available, true);
  assert.equal(new RunTexts().available, false);
  assert.equal(new RunTexts().get('/gone.c'), undefined);
});

test('line starts are the offsets after each line feed, CRLF included', () => {
  const text = 'a\r\nbb\n\nccc';
  const texts = new RunTexts(() => text);
  assert.deepEqual([...texts.lineStarts('/x.c')!], [0, 3, 6, 7]);
  assert.deepEqual([...new RunTexts(() => '').lineStarts('/e.c')!], [0]);
  assert.deepEqual([...new RunTexts(() => 'x\n').lineStarts('/n.c')!], [0, 2]);
});
