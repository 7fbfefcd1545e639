// `stacklens stack`: options, exit codes, text and JSON output (SPEC §4 field names).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runStackCommand, parseLimit } from '../../../server/src/cli/stackCommand';
import { stackFixture } from './fixtures';

interface Captured {
  code: number;
  out: string;
  err: string;
}

async function run(argv: string[], files: Record<string, string> = {}, stdin = ''): Promise<Captured> {
  let out = '';
  let err = '';
  const code = await runStackCommand(argv, {
    readFile(p: string): string {
      if (!(p in files)) {
        const e = new Error(`ENOENT: no such file or directory, open '${p}'`) as NodeJS.ErrnoException;
        e.code = 'ENOENT';
        throw e;
      }
      return files[p];
    },
    readStdin: async () => stdin,
    stdout: (s: string) => void (out += s),
    stderr: (s: string) => void (err += s),
  });
  return { code, out, err };
}

const KB = { 'kb.txt': stackFixture('seed002-x86-kb-double-fault.txt') };

test('text output: summary, frame table, module table, cycles, hints, warnings', async () => {
  const r = await run(['kb.txt'], KB);
  assert.equal(r.code, 0);
  assert.equal(r.err, '');
  assert.match(r.out, /=== 1\. 0: kd> kb ===/);
  assert.match(r.out, /arch: +x86 \(from the address width \(8 hex digits\)\)/);
  assert.match(r.out, /limit: +12,288 bytes \(0x3000\) — platform: KERNEL_STACK_SIZE for x86/);
  assert.match(r.out, /used: +11,584 bytes = 94\.3 % of the limit \(sum of known frame sizes\); 2 of 74 frames of unknown size/);
  assert.match(r.out, /overflow: none/);
  assert.match(r.out, /\n {2}01 {2}Ntfs!NtfsFsdRead\+0xb7 +428 {2}SP delta +0/);
  assert.match(r.out, /\n {2}49 {2}0x7c82ed54 \(user\) +\? {2}unknown +1/);
  assert.match(r.out, /\n {2}Ntfs +4,152 +35\.8 % +17 \(1 unknown\)/);
  assert.match(r.out, /\n {2}DRIVER_A +1,656 +14\.3 % +6/);
  assert.match(r.out, /3× frames 06–0a, at 06, 1d, 32: nt!IofCallDriver → DRIVER_A\+0x28be/);
  assert.match(r.out, /line 9: WARNING: Stack unwind information not available/);
});

test('JSON output: schema 1 and the SPEC §4 field names', async () => {
  const r = await run(['kb.txt', '--format', 'json'], KB);
  assert.equal(r.code, 0);
  const j = JSON.parse(r.out);
  assert.equal(j.schema, 1);
  assert.equal(j.stacks.length, 1);
  const s = j.stacks[0];
  for (const k of ['title', 'arch', 'limitBytes', 'limitSource', 'usedBytes', 'frames', 'modules', 'cycles']) assert.ok(k in s, k);
  assert.ok(['thread', 'platform', 'user'].includes(s.limitSource));
  const f = s.frames[1];
  for (const k of ['index', 'module', 'symbol', 'offset', 'bytes', 'sizeSource', 'segment', 'inline', 'source']) assert.ok(k in f, k);
  assert.deepEqual(
    [f.index, f.module, f.symbol, f.offset, f.bytes, f.sizeSource, f.segment, f.inline, f.source],
    [1, 'Ntfs', 'NtfsFsdRead', '0xb7', 428, 'frame-pointer', 0, false, null],
  );
  assert.ok(['memory', 'frame-pointer', 'static', 'unknown'].includes(s.frames[0].sizeSource));
  assert.equal(s.frames[0].bytes, null); // unknown is null in JSON, never 0
  const m = s.modules[0];
  for (const k of ['module', 'bytes', 'share']) assert.ok(k in m, k);
  assert.ok(m.share > 0 && m.share <= 1);
  const c = s.cycles[0];
  assert.ok(Array.isArray(c.frames) && c.frames.every((n: unknown) => Number.isInteger(n)));
  assert.ok(c.repeats >= 2);
});

test('options: --arch, --limit (decimal, hex, k), --format=json, stdin', async () => {
  const r = await run(['-', '--arch=x64', '--limit', '0x2000', '--format=json'], {}, stackFixture('x64-kc.txt'));
  const s = JSON.parse(r.out).stacks[0];
  assert.deepEqual([s.arch, s.archSource, s.limitBytes, s.limitSource], ['x64', 'user', 0x2000, 'user']);
  assert.equal(parseLimit('24576'), 24576);
  assert.equal(parseLimit('24k'), 24576);
  assert.equal(parseLimit('0x6000'), 24576);
  assert.throws(() => parseLimit('-5'));
  assert.throws(() => parseLimit('lots'));
});

test('exit 1 when a stack used its whole limit or more', async () => {
  const over = await run(['kb.txt', '--limit', '10000'], KB);
  assert.equal(over.code, 1);
  assert.match(over.out, /OVERFLOW: 1,584 bytes past the limit/);
  const post = stackFixture('seed002-x86-thread.txt') + '\n' + stackFixture('seed002-x86-kb-double-fault.txt');
  // !thread Base/Limit + kb: Base - lowest frame pointer = 12,272 of 12,288: close, not exhausted.
  const close = await run(['-'], {}, post);
  assert.equal(close.code, 0);
  assert.match(close.out, /99\.9 % of the limit/);
});

test('exit 2 on usage and input errors, with a message on stderr', async () => {
  const cases: [string[], RegExp][] = [
    [[], /missing input/],
    [['a.txt', 'b.txt'], /give one file/],
    [['kb.txt', '--bogus'], /unknown option '--bogus'/],
    [['kb.txt', '--arch', 'mips'], /--arch must be one of x86, x64, arm64/],
    [['kb.txt', '--format', 'xml'], /--format must be one of text, json/],
    [['kb.txt', '--limit', 'big'], /--limit must be a byte count/],
    [['kb.txt', '--limit'], /needs a value/],
    [['missing.txt'], /cannot read 'missing.txt': ENOENT/],
  ];
  for (const [argv, msg] of cases) {
    const r = await run(argv, KB);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, msg, argv.join(' '));
  }
  const empty = await run(['-'], {}, 'nothing to see here\n');
  assert.equal(empty.code, 2);
  assert.match(empty.err, /no WinDbg stack found/);
});
