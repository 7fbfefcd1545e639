// The memory-saving representations of a summary read back exactly what was written: packed
// ranges at and past their limits, line starts for every line-break style, flat string copies of
// text that needs JSON escaping, shared flow leaves and argument lists, and sharing that keeps
// working after the workspace releases the parse tables.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallSite, Flow } from '../../../server/src/analysis/model';
import { compactRange, CompactRange, LineIndex } from '../../../server/src/analysis/parse/positions';
import { internString } from '../../../server/src/analysis/parse/intern';
import { binaryReason, releaseParseTables } from '../../../server/src/analysis/parse/index';
import { fn, parseText, plain } from './helpers';

test('a packed range reads back every position, including those past the packing limits', () => {
  const cases: [number, number, number, number][] = [
    [0, 0, 0, 0],
    [3, 7, 5, 2047],
    [3, 7, 5, 2048], // column past 11 bits: wide form
    [524_287, 2047, 524_287, 2047], // the largest packed position
    [524_288, 0, 524_290, 5], // line past 19 bits: wide form
    [10, 100_000, 10, 100_020], // a minified line
  ];
  for (const [sl, sc, el, ec] of cases) {
    const r = compactRange(sl, sc, el, ec);
    assert.ok(r instanceof CompactRange);
    assert.deepEqual([r.startLine, r.startColumn, r.endLine, r.endColumn], [sl, sc, el, ec]);
    assert.deepEqual(r.start, { line: sl, column: sc });
    assert.deepEqual(r.end, { line: el, column: ec });
    assert.deepEqual(JSON.parse(JSON.stringify(r)), { start: { line: sl, column: sc }, end: { line: el, column: ec } });
    assert.deepEqual(plain(CompactRange.of(r.start, r.end)), plain(r));
  }
});

test('line starts are the same for LF, CRLF and lone-CR text, and offsets map back', () => {
  const lines = ['int a;', '', '  int b;', 'x'];
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = lines.join(eol);
    const idx = new LineIndex(text);
    assert.equal(idx.lineCount, lines.length, JSON.stringify(eol));
    let offset = 0;
    lines.forEach((line, i) => {
      assert.equal(idx.lineStart(i), offset);
      assert.deepEqual(idx.pos(offset + line.length), { line: i, column: line.length });
      offset += line.length + eol.length;
    });
  }
  // Mixed: a lone CR among CRLFs still ends a line (as LSP counts them).
  const mixed = new LineIndex('a\r\nb\rc\nd');
  assert.equal(mixed.lineCount, 4);
  assert.deepEqual(mixed.pos(5), { line: 2, column: 0 });
});

test('binary detection: suspicious characters past the fast check still count', () => {
  assert.equal(binaryReason('int main(void) { return 0; }\n\f\v\t'), null);
  assert.match(binaryReason('int x;\u0000') ?? '', /NUL/);
  assert.match(binaryReason('\u0001'.repeat(100) + 'x'.repeat(100)) ?? '', /control/);
  assert.match(binaryReason('\ufffd'.repeat(50) + 'y'.repeat(50)) ?? '', /UTF-8/);
  // A few stray control characters in a text file are not enough.
  assert.equal(binaryReason('\u0001' + 'z'.repeat(1000)), null);
});

test('interned copies keep text that needs escaping exactly', () => {
  const source = 'xx"quoted\\path\\name" and\ttab and \u0001 control, ünïcödé long enough';
  for (let a = 0; a < source.length; a += 5) {
    for (const len of [13, 20, 40]) {
      const s = source.slice(a, a + len);
      assert.equal(internString(s), s);
    }
  }
});

test('call leaves and break/continue are shared across functions; argument lists are shared and frozen', async () => {
  const s = await parseText(
    `void A(PIRP Irp, PDEVICE_OBJECT Dev) { Log(Irp); Log(Irp); Free(Dev, Irp); for (;;) { break; } }
void B(PIRP Irp, PDEVICE_OBJECT Dev) { Log(Irp); Other(); Free(Dev, Irp); for (;;) { break; } }`,
    'shared.c',
  );
  const a = fn(s, 'A');
  const b = fn(s, 'B');
  const items = (f: typeof a): Flow[] => (f.flow as { k: 'seq'; items: Flow[] }).items;
  // The first call of each function is the same object; its content is still the call's index.
  assert.equal(items(a)[0], items(b)[0]);
  assert.deepEqual(plain(items(a)[0]), { k: 'call', call: 0 });
  assert.deepEqual(plain(items(b)[1]), { k: 'call', call: 1 });
  const loopBody = (f: typeof a): Flow[] => {
    const loop = items(f).find((x) => x.k === 'loop') as { k: 'loop'; body: { k: 'seq'; items: Flow[] } };
    return loop.body.items;
  };
  assert.equal(loopBody(a)[0], loopBody(b)[0]);
  assert.deepEqual(plain(loopBody(a)[0]), { k: 'break' });
  const argsOf = (calls: CallSite[], name: string): CallSite['args'][] => calls.filter((c) => c.callee === name).map((c) => c.args);
  const [a1, a2] = argsOf(a.calls, 'Log');
  assert.equal(a1, a2);
  assert.equal(a1, argsOf(b.calls, 'Log')[0]);
  assert.equal(argsOf(a.calls, 'Free')[0], argsOf(b.calls, 'Free')[0]);
  assert.notEqual(argsOf(a.calls, 'Free')[0], a1);
  assert.ok(Object.isFrozen(a1));
  assert.deepEqual(argsOf(a.calls, 'Free')[0].map((x) => x.text), ['Dev', 'Irp']);
  assert.equal(argsOf(b.calls, 'Other')[0].length, 0);
});

test('after the parse tables are released, new summaries are still complete and equal', async () => {
  const text = 'typedef struct _R { ULONG a; UCHAR b[16]; } R;\nNTSTATUS F(PIRP Irp) { R r; Log(Irp, &r); return G(Irp, 1); }\n';
  const before = plain(await parseText(text, 'release.c'));
  releaseParseTables();
  const after = plain(await parseText(text, 'release.c'));
  assert.deepEqual(after, before);
});
