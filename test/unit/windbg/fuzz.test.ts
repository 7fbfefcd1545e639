// Fuzzing the stack parser with a seeded PRNG (deterministic): random bytes, truncated and mutated
// samples, a 1 MB single line, 1 MB pastes. The parser must never throw, must return the
// contract's shape, and must finish each input well within a generous CPU-time bound (a hang
// guard, not a speed measurement — speed is measured in bench/stack-parse.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { parseStacks, formatStackText } from '../../../server/src/windbg';
import type { StackParseResult } from '../../../server/src/windbg/model';
import { STACKS_DIR, stackFixture } from './fixtures';
import { prng } from '../../support/prng';

const HANG_GUARD_MS = 2000;


const samples = readdirSync(STACKS_DIR).map((n) => stackFixture(n));

function checkShape(r: StackParseResult): void {
  assert.equal(r.schema, 1);
  assert.ok(Array.isArray(r.stacks));
  for (const s of r.stacks) {
    assert.equal(typeof s.title, 'string');
    assert.ok(['x86', 'x64', 'arm64'].includes(s.arch));
    assert.ok(Number.isFinite(s.limitBytes) && s.limitBytes >= 0);
    assert.ok(Number.isFinite(s.usedBytes) && s.usedBytes >= 0);
    for (const f of s.frames) {
      assert.ok(f.bytes === null || (Number.isFinite(f.bytes) && f.bytes >= 0), `bytes ${f.bytes}`);
      assert.equal(f.bytes === null, f.sizeSource === 'unknown');
      assert.ok(Number.isInteger(f.segment) && f.segment >= 0);
    }
    for (const m of s.modules) assert.ok(m.share >= 0 && m.share <= 1 + 1e-9);
    for (const c of s.cycles) {
      assert.ok(c.repeats >= 2);
      assert.ok(c.frames.every((i) => i >= 0 && i < s.frames.length));
    }
  }
}

/** CPU milliseconds of this process: unlike wall time, not inflated when the machine is busy. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function parseTimed(input: string, what: string): StackParseResult {
  const t0 = cpuMs();
  let r: StackParseResult;
  try {
    r = parseStacks(input);
    formatStackText(r);
  } catch (e) {
    assert.fail(`${what}: threw ${(e as Error).stack}`);
  }
  const ms = cpuMs() - t0;
  assert.ok(ms < HANG_GUARD_MS, `${what}: ${ms.toFixed(0)} ms of CPU`);
  checkShape(r);
  return r;
}

test('random bytes and random printable noise', () => {
  const rnd = prng(0x5eed);
  for (let k = 0; k < 60; k++) {
    const len = Math.floor(rnd() * 20_000);
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(Math.floor(rnd() * (k % 2 ? 0x10000 : 128)));
    parseTimed(s, `random #${k}`);
  }
});

test('invalid UTF-8 decoded as text (replacement characters, lone surrogates)', () => {
  const rnd = prng(7);
  const bytes = Buffer.alloc(50_000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rnd() * 256);
  parseTimed(bytes.toString('utf8'), 'invalid utf8');
  parseTimed('\ud800\udc00\ud800 nt!Foo+0x1\n\udfff00 ffffd50c`67a1e5f8 fffff800`9d6d3e09 nt!KeBugCheckEx', 'surrogates');
});

test('truncated sample lines at many cut points keep parsing', () => {
  for (const sample of samples) {
    const lines = sample.split('\n');
    for (let i = 0; i < lines.length; i += Math.max(1, Math.floor(lines.length / 12))) {
      const line = lines[i];
      for (let cut = 0; cut <= line.length; cut += 5) {
        const text = [...lines.slice(0, i), line.slice(0, cut)].join('\n');
        parseTimed(text, `truncated line ${i} at ${cut}`);
      }
    }
  }
});

test('mutated samples: deleted, duplicated, swapped characters and lines', () => {
  const rnd = prng(42);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
  const alphabet = ' \t`!+:()[]@#>-0123456789abcdefx\r\n\\\u00a0';
  for (let k = 0; k < 300; k++) {
    let s = pick(samples);
    const edits = 1 + Math.floor(rnd() * 40);
    for (let e = 0; e < edits; e++) {
      const p = Math.floor(rnd() * (s.length + 1));
      switch (Math.floor(rnd() * 5)) {
        case 0:
          s = s.slice(0, p) + s.slice(p + 1 + Math.floor(rnd() * 10));
          break;
        case 1:
          s = s.slice(0, p) + alphabet[Math.floor(rnd() * alphabet.length)] + s.slice(p);
          break;
        case 2:
          s = s.slice(0, p) + s.slice(p, p + Math.floor(rnd() * 200)) + s.slice(p);
          break;
        case 3: {
          const lines = s.split('\n');
          const a = Math.floor(rnd() * lines.length);
          const b = Math.floor(rnd() * lines.length);
          [lines[a], lines[b]] = [lines[b], lines[a]];
          s = lines.join('\n');
          break;
        }
        default:
          s = s.slice(0, p) + '(' + s.slice(p); // unbalanced parens: kP continuation bait
      }
    }
    parseTimed(s, `mutation #${k}`);
  }
});

test('a 1 MB single line', () => {
  parseTimed('00 ffffd50c`67a1e5f8 fffff800`9d6d3e09 nt!' + 'A'.repeat(1024 * 1024), 'long symbol line');
  parseTimed('('.repeat(1024 * 1024), 'one huge unbalanced line');
  parseTimed('nt!Foo(' + 'x = 1, '.repeat(150_000), 'huge kP start');
  const r = parseTimed('0: kd> kn\n' + ' '.repeat(1024 * 1024) + 'x\n00 ffffd50c`67a1e5f8 fffff800`9d6d3e09 nt!KeBugCheckEx', 'long blank line');
  assert.ok(r.stacks[0].warnings.some((w) => /only the first 4096 were read/.test(w.text)));
});

test('1 MB pastes: many stacks, many frames, unclosed kP groups, endless wrapped lines', () => {
  const oneMb = (unit: string): string => unit.repeat(Math.ceil((1024 * 1024) / unit.length));
  const many = parseTimed(oneMb(stackFixture('x64-knf-inline.txt') + '\n'), 'repeated knf');
  assert.ok(many.stacks.length > 100 && many.stacks.length <= 256);
  parseTimed(oneMb(stackFixture('seed002-x86-kb-double-fault.txt').split('\n').slice(3).join('\n') + '\n'), 'one huge kb');
  parseTimed(oneMb('03 ffffe30f`2c5d7d10 fffff806`1e4a1d3c     KbFilter!Cb(\n\t\tint a = 1,\n'), 'unclosed kP');
  parseTimed(oneMb('00 ffffd50c`67a1e5f8 fffff800`9d6d3e09     : 00000000`0000000a\n'), 'args without call site');
  parseTimed(oneMb('nt!KeBugCheckEx\n'), 'kc lines');
  parseTimed(oneMb('> '), 'quote markers');
  parseTimed(oneMb('\r'), 'carriage returns');
  parseTimed(oneMb('\n'), 'newlines');
});
