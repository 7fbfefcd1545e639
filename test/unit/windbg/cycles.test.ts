// Repeated call cycles on synthetic frame lists: back-to-back recursion, apart re-entrancy,
// overlapping and periodic duplicates suppressed, and bounded work.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCycles, frameIdentity } from '../../../server/src/windbg/cycles';

function frames(spec: string): { module: string | null; symbol: string | null; offset: string | null; raw: string }[] {
  // "a b c" → m!a m!b m!c ; "X+1" → unsymbolised module X offset 0x1
  return spec
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => {
      const un = /^([A-Z]+)\+(\w+)$/.exec(t);
      if (un) return { module: un[1], symbol: null, offset: '0x' + un[2], raw: t };
      const [sym, off] = t.split('@');
      return { module: 'm', symbol: sym, offset: off ? '0x' + off : null, raw: t };
    });
}

test('identity: symbolised frames ignore offsets, unsymbolised ones keep them', () => {
  assert.equal(frameIdentity({ module: 'Ntfs', symbol: 'NtfsFsdRead', offset: '0xb7', raw: '' }), frameIdentity({ module: 'Ntfs', symbol: 'NtfsFsdRead', offset: '0x113', raw: '' }));
  assert.notEqual(frameIdentity({ module: 'DRIVER_A', symbol: null, offset: '0x28be', raw: '' }), frameIdentity({ module: 'DRIVER_A', symbol: null, offset: '0x29d3', raw: '' }));
});

test('direct recursion: one cycle of length 1 with every repeat, not (f f) twice', () => {
  const c = findCycles(frames('top f f f f f bottom'));
  assert.deepEqual(c, [{ frames: [1], repeats: 5, label: 'm!f', starts: [1, 2, 3, 4, 5] }]);
});

test('mutual recursion back to back: (a b) x3', () => {
  const c = findCycles(frames('x a b a b a b y'));
  assert.equal(c.length, 1);
  assert.deepEqual([c[0].frames, c[0].repeats, c[0].label], [[1, 2], 3, 'm!a → m!b']);
});

test('re-entrancy apart: a chain seen twice with other frames between', () => {
  const c = findCycles(frames('p q r s t u v w q r s t x y z'));
  assert.equal(c.length, 1);
  assert.deepEqual([c[0].frames, c[0].repeats, c[0].starts], [[1, 2, 3, 4], 2, [1, 8]]);
});

test('two-frame coincidences apart are not cycles; shorter repeats inside a longer one are dropped', () => {
  assert.deepEqual(findCycles(frames('a b c a b d')), []);
  // (q r s) occurs only inside the two (p q r s t) occurrences: nothing new, not reported.
  const c = findCycles(frames('p q r s t 1 2 p q r s t 3'));
  assert.deepEqual(c.map((x) => x.label), ['m!p → m!q → m!r → m!s → m!t']);
});

test('a shorter chain that occurs more often than the longer one is kept (seed 002 shape)', () => {
  // Long chain L = (a b c d e) twice; its tail (c d e) also appears a third time elsewhere.
  const c = findCycles(frames('a b c d e x a b c d e y z c d e w'));
  assert.deepEqual(
    c.map((x) => [x.label, x.repeats]),
    [
      ['m!a → m!b → m!c → m!d → m!e', 2],
      ['m!c → m!d → m!e', 3],
    ],
  );
});

test('labels of long cycles are abbreviated with the frame count', () => {
  const seq = 'a b c d e f g h i j';
  const c = findCycles(frames(`${seq} ${seq}`));
  assert.equal(c[0].repeats, 2);
  assert.equal(c[0].label, 'm!a → m!b → m!c → m!d → … → m!i → m!j (10 frames)');
});

test('work is bounded: 100,000 frames of adversarial two-symbol noise finish quickly', () => {
  let x = 12345;
  const list = Array.from({ length: 100_000 }, () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return { module: 'm', symbol: x & 1024 ? 'a' : 'b', offset: null, raw: '' };
  });
  const t0 = Date.now();
  const c = findCycles(list);
  assert.ok(Date.now() - t0 < 5000, 'hang guard');
  assert.ok(c.length <= 32);
});
