// parseSource never throws and stays bounded: empty, binary, huge, deeply nested, invalid UTF-8,
// CRLF and truncated input, plus a small seeded fuzz over the fixtures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileSummary } from '../../../server/src/analysis/model';
import { parseSource } from '../../../server/src/analysis/parse/index';
import { ensureParser, fn, parseText, readFixture } from './helpers';

function wellFormed(s: FileSummary): void {
  assert.equal(typeof s.hash, 'string');
  assert.ok(Array.isArray(s.functions) && Array.isArray(s.records));
  assert.ok(s.lineCount >= 1);
  // Summaries serialise without loss: a JSON round trip gives the same JSON (ranges are compact
  // objects in memory and the plain {start, end} shape in JSON).
  const json = JSON.stringify(s);
  assert.equal(JSON.stringify(JSON.parse(json)), json);
}

test('empty and whitespace-only files', async () => {
  for (const text of ['', '\n\n', '   \r\n\t']) {
    const s = await parseText(text, 'empty.c');
    wellFormed(s);
    assert.equal(s.skipped, undefined);
    assert.equal(s.functions.length, 0);
  }
});

test('binary content is skipped with a reason', async () => {
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
  const s = await parseText(bytes.toString('latin1'), 'blob.c');
  wellFormed(s);
  assert.match(s.skipped ?? '', /binary/);
  assert.equal(s.functions.length, 0);
});

test('a 5 MB file is skipped (default limit 4 MiB); a lower maxBytes applies too', async () => {
  const unit = 'int f_0(void) { return g(1); }\n';
  const big = unit.repeat(Math.ceil((5 * 1024 * 1024) / unit.length));
  const s = await parseText(big, 'big.c');
  wellFormed(s);
  assert.match(s.skipped ?? '', /too large/);
  assert.equal(s.lineCount, big.split('\n').length);
  const small = await parseText(unit.repeat(10), 'small.c', { maxBytes: 100 });
  assert.match(small.skipped ?? '', /too large/);
});

test('2,000-deep nesting of blocks, ifs, parentheses and structs does not crash', async () => {
  const depth = 2000;
  const blocks = `void f(void) {${'{'.repeat(depth)} call(); ${'}'.repeat(depth)}}\n`;
  const ifs = `void g(int x) {${'if (x) {'.repeat(depth)} inner(); ${'}'.repeat(depth)}}\n`;
  const parens = `int h(void) { return ${'('.repeat(depth)}1${')'.repeat(depth)} + k(); }\n`;
  const structs = `struct S0 {${'struct {'.repeat(depth)} int leaf; ${'} m;'.repeat(depth)} };\n`;
  const s = await parseText(blocks + ifs + parens + structs, 'deep.c');
  wellFormed(s);
  assert.deepEqual(fn(s, 'f').calls.map((c) => c.calleeName), ['call']);
  assert.deepEqual(fn(s, 'g').calls.map((c) => c.calleeName), ['inner']);
  assert.deepEqual(fn(s, 'h').calls.map((c) => c.calleeName), ['k']);
  assert.ok(s.records.some((r) => r.tag === 'S0'));
});

test('invalid UTF-8 (replacement characters) and lone surrogates', async () => {
  const bytes = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from('\nint f(void) { return g(); }\n')]);
  const text = new TextDecoder('utf-8').decode(bytes);
  assert.ok(text.includes('\ufffd'));
  const s = await parseText(text, 'latin1.c');
  wellFormed(s);
  assert.equal(s.skipped, undefined);
  assert.deepEqual(fn(s, 'f').calls.map((c) => c.calleeName), ['g']);
  const sur = await parseText('int a\ud800b(void) { return \udc00; }\nint ok(void) { return h(); }', 'sur.c');
  assert.deepEqual(fn(sur, 'ok').calls.map((c) => c.calleeName), ['h']);
  const mostlyBad = await parseText('\ufffd'.repeat(500) + 'int x;', 'bad.c');
  assert.match(mostlyBad.skipped ?? '', /UTF-8/);
});

test('CRLF line endings give the same positions as LF', async () => {
  const lf = readFixture('wdm_driver.c').replace(/\r\n/g, '\n');
  const crlf = lf.replace(/\n/g, '\r\n');
  const a = await parseText(lf, 'lf.c');
  const b = await parseText(crlf, 'crlf.c');
  assert.equal(a.lineCount, b.lineCount);
  const pick = (s: FileSummary) => ({
    functions: s.functions.map((f) => [f.qualifiedName, f.range, f.nameRange, f.calls.map((c) => c.range), f.locals.map((l) => l.range), f.annotations.map((x) => x.range)]),
    slots: s.slotAssignments.map((x) => x.range),
    suppressions: s.suppressions,
    allocText: s.allocText,
    defines: s.defines.map((d) => [d.name, d.value, d.line]),
  });
  assert.deepEqual(pick(b), pick(a));
  assert.notEqual(a.hash, b.hash);
});

test('truncated files keep what precedes the cut', async () => {
  const full = readFixture('wdm_driver.c');
  const cut = full.slice(0, full.indexOf('KeWaitForSingleObject(&Event') + 10);
  const s = await parseText(cut, 'cut.c');
  wellFormed(s);
  assert.ok(s.functions.some((f) => f.name === 'DriverEntry' && f.isDefinition));
  const last = s.functions.find((f) => f.name === 'GetOperationCompletionStatus' && f.isDefinition);
  assert.ok(last, 'the function cut in half is still found');
  assert.ok(last.calls.some((c) => c.calleeName === 'KeInitializeEvent'));
});

test('the parse is bounded by a time budget', async () => {
  await ensureParser();
  const text = 'int f(void) { return a(b(c(d(1)))); }\n'.repeat(20000);
  const s = parseSource(text, 'slow.c', { timeoutMs: 0 });
  wellFormed(s);
  assert.match(s.skipped ?? '', /timed out/);
  // The parser is usable again afterwards.
  const ok = parseSource('int g(void) { return h(); }', 'after.c');
  assert.deepEqual(fn(ok, 'g').calls.map((c) => c.calleeName), ['h']);
});

test('seeded fuzz: mutated fixtures never throw', async () => {
  await ensureParser();
  const sources = ['wdm_driver.c', 'kmdf_queue.c', 'records.h', 'mystruct.cpp'].map(readFixture);
  let seed = 12345;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const junk = ['{', '}', '(', ')', '#if DBG\n', '#endif\n', '#else\n', '/*', '*/', '"', "'", '\\\n', '_In_(', '__try {', '\0', '\r', 'struct {', ';', '->', '&'];
  for (let iter = 0; iter < 60; iter++) {
    let t = sources[iter % sources.length];
    for (let m = 0; m < 8; m++) {
      const at = rand(t.length + 1);
      const op = rand(3);
      if (op === 0) t = t.slice(0, at) + junk[rand(junk.length)] + t.slice(at);
      else if (op === 1) t = t.slice(0, at) + t.slice(at + rand(40));
      else t = t.slice(0, at) + t.slice(rand(t.length + 1));
    }
    const s = parseSource(t, iter % 4 === 3 ? 'fuzz.cpp' : 'fuzz.c');
    wellFormed(s);
  }
});
