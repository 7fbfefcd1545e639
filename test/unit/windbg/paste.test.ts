// Whole pastes: Markdown quoting, CRLF, tabs, several stacks, !process threads, prompts, and
// pasted text that must stay data.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStacks, formatStackText } from '../../../server/src/windbg';
import type { ParsedStack } from '../../../server/src/windbg/model';
import { stackFixture } from './fixtures';

/** What matters of a stack for "same result" comparisons (raw text and line numbers differ). */
function essence(s: ParsedStack): unknown {
  return {
    title: s.title,
    arch: s.arch,
    limit: [s.limitBytes, s.limitSource],
    used: s.usedBytes,
    frames: s.frames.map((f) => [f.index, f.module, f.symbol, f.offset, f.bytes, f.sizeSource, f.segment, f.inline, f.source, f.sp]),
    modules: s.modules,
    cycles: s.cycles,
  };
}

test('Markdown: `> ` quoting, code fences and escaped backticks give the same stack as the clean paste', () => {
  const md = parseStacks(stackFixture('markdown-quoted.md'));
  const clean = parseStacks(stackFixture('x64-kn-inline.txt'));
  assert.equal(md.stacks.length, 1);
  assert.deepEqual(essence(md.stacks[0]), essence(clean.stacks[0]));
  // raw keeps what was pasted, quoting and escapes included
  assert.ok(md.stacks[0].frames[0].raw.startsWith('> 00 ffffa609\\`5c1f6f38'));
});

test('CRLF, lone CR and tabs read like LF and spaces', () => {
  for (const name of ['seed002-x86-kb-double-fault.txt', 'x64-kP.txt', 'x64-knf-inline.txt', 'x64-thread.txt']) {
    const lf = parseStacks(stackFixture(name));
    const crlf = parseStacks(stackFixture(name).replace(/\n/g, '\r\n'));
    const cr = parseStacks(stackFixture(name).replace(/\n/g, '\r'));
    const tabs = parseStacks(stackFixture(name).replace(/ {2,}/g, '\t'));
    assert.deepEqual(crlf.stacks.map(essence), lf.stacks.map(essence), `${name} CRLF`);
    assert.deepEqual(cr.stacks.map(essence), lf.stacks.map(essence), `${name} CR`);
    assert.deepEqual(tabs.stacks.map(essence), lf.stacks.map(essence), `${name} tabs`);
    assert.ok(crlf.stacks[0].frames.every((f) => !f.raw.includes('\r')));
  }
});

test('several stacks: a before/after pair of knf commands, each its own entry in order', () => {
  const r = parseStacks(stackFixture('before-after-knf.txt'));
  assert.equal(r.stacks.length, 2);
  assert.deepEqual(
    r.stacks.map((s) => [s.title, s.frames.length, s.usedBytes]),
    [
      ['0: kd> knf', 4, 0x90 + 0x180 + 0x70],
      ['0: kd> knf', 4, 0x90 + 0x988 + 0x70],
    ],
  );
  // The DBG ring buffer (2,052 bytes in seed 004) shows as the growth of one frame.
  assert.equal((r.stacks[1].frames[2].bytes ?? 0) - (r.stacks[0].frames[2].bytes ?? 0), 0x808);
});

test('several stacks: !process threads, each titled by its THREAD line with its own limit', () => {
  const r = parseStacks(stackFixture('process-threads.txt'));
  assert.deepEqual(
    r.stacks.map((s) => [s.title, s.frames.length, s.limitBytes, s.limitSource]),
    [
      ['THREAD ffffc28b92a01080', 6, 0x6000, 'thread'],
      ['THREAD ffffc28b92b77080', 8, 0x6000, 'thread'],
    ],
  );
  const [a, b] = r.stacks;
  assert.deepEqual(
    a.frames.map((f) => f.bytes),
    [null, 0x140, 0xb0, 0xa0, 0xf0, 0x70],
  );
  assert.equal(a.usedBytes, 0xe20); // Base a7c20000 - lowest SP a7c1f1e0
  assert.equal(b.frames[6].userMode, true);
  assert.equal(b.segments?.[1].counted, false);
  assert.equal(b.usedBytes, 0x900);
});

test('several stacks without prompts: titled Stack 1, Stack 2; a frame-number reset starts a new one', () => {
  const one = ['00 ffffd50c`67a1e5f8 fffff800`9d6d3e09 nt!KeBugCheckEx', '01 ffffd50c`67a1e600 fffff800`9d6cfb69 nt!KiBugCheckDispatch+0x69'];
  const r = parseStacks([...one, '', ...one].join('\n'));
  assert.deepEqual(
    r.stacks.map((s) => [s.title, s.frames.length]),
    [
      ['Stack 1', 2],
      ['Stack 2', 2],
    ],
  );
  // A second header starts a new stack too.
  const h = ' # Child-SP          RetAddr               Call Site';
  const r2 = parseStacks([h, ...one, h, ...one].join('\n'));
  assert.equal(r2.stacks.length, 2);
});

test('prompts: the latest prompt before the frames titles the stack; registers survive !thread', () => {
  const text = [
    '0: kd> .tss 0x28',
    'eax=87b90328 ebx=87b90328 ecx=8aa3d8c0 edx=87b90328 esi=b8cb7138 edi=8084266a',
    'eip=f7159c53 esp=b8cb7000 ebp=b8cb7010 iopl=0 nv up ei pl nz na po nc',
    'Ntfs!NtfsInitializeIrpContext+0xc:',
    'f7159c53 57 push edi',
    stackFixture('seed002-x86-thread.txt'),
    stackFixture('seed002-x86-kb-double-fault.txt'),
  ].join('\n');
  const r = parseStacks(text);
  assert.equal(r.stacks.length, 1);
  const s = r.stacks[0];
  assert.equal(s.title, '0: kd> kb (THREAD 87dca350)');
  assert.equal(s.frames[0].bytes, 0x10); // ChildEBP b8cb7010 - esp b8cb7000
  assert.equal(s.usedBytes, 0x3000);
  assert.equal(s.overflowBytes, 0);
  // .thread switches context: the earlier registers no longer apply.
  const r2 = parseStacks(['0: kd> r', 'eax=0 esp=b8cb7000 ebp=b8cb7010 eip=f7159c53 ebx=0 ecx=0', '0: kd> .thread 87dca350', '0: kd> kb', 'ChildEBP RetAddr', 'b8cb7010 f7158867 Ntfs!NtfsInitializeIrpContext+0xc', 'b8cb71bc 8083f9c0 Ntfs!NtfsFsdRead+0xb7'].join('\n'));
  assert.equal(r2.stacks[0].frames[0].bytes, null);
});

test('pasted markup stays data: <script> in a prompt, a symbol and a source path', () => {
  const text = stackFixture('script-paste.txt');
  const r = parseStacks(text);
  assert.equal(r.stacks.length, 1);
  const s = r.stacks[0];
  assert.equal(s.frames.length, 4);
  assert.match(s.title, /<script>alert\('title'\)<\/script>/);
  assert.equal(s.frames[1].symbol, '<script>alert(1)</script>');
  assert.equal(s.frames[1].raw, text.split('\n')[3]);
  assert.equal(s.frames[2].source?.file, '<img src=x onerror=alert(2)>');
  // The text output carries it as plain text (escaping is the renderer's job), with no control characters.
  const out = formatStackText(r);
  assert.ok(out.includes('evil!<script>alert(1)</script>+0x10'));
  assert.ok(!/[\u0000-\u0008\u000b-\u001f]/.test(out));
});

test('terminal control characters in a paste do not reach the text output', () => {
  const r = parseStacks('0: kd> kn\n00 ffffd50c`67a1e5f8 fffff800`9d6d3e09 nt!KeBugCheckEx\n01 ffffd50c`67a1e600 fffff800`9d6cfb69 evil!Fn\u001b[2J+0x10');
  const out = formatStackText(r);
  assert.ok(!out.includes('\u001b'));
});

test('seed 004 k with a static resolver: MyDriver frames get static sizes; the rest stay unknown', () => {
  const resolved: string[] = [];
  const resolver = {
    resolve(module: string | null, symbol: string, arch: 'x86' | 'x64' | 'arm64') {
      resolved.push(`${module}!${symbol}@${arch}`);
      if (module !== 'MyDriver') return null;
      if (symbol === 'MYSTRUCT::toDebugStr') return { bytes: 2232, file: 'MyStruct.cpp', line: 60 };
      if (symbol === 'DevMain::processRawURB') return { bytes: 512, file: 'DevMain.cpp', line: 6300 };
      if (symbol === 'std::kstring::operator+=') return { bytes: null, file: 'kstrings.cpp', line: 340 };
      return null;
    },
  };
  const s = parseStacks(stackFixture('seed004-x64-k-no-addresses.txt'), { resolver }).stacks[0];
  const toDebug = s.frames[0x29];
  assert.equal(toDebug.symbol, 'MYSTRUCT::toDebugStr');
  assert.equal(toDebug.bytes, 2232);
  assert.equal(toDebug.sizeSource, 'static');
  assert.equal(toDebug.staticBytes, 2232);
  assert.deepEqual(toDebug.workspaceLocation, { file: 'MyStruct.cpp', line: 60 });
  // A match without a size gives a location but stays unknown (never 0).
  assert.equal(s.frames[0x28].bytes, null);
  assert.deepEqual(s.frames[0x28].workspaceLocation, { file: 'kstrings.cpp', line: 340 });
  assert.equal(s.frames[0].bytes, null);
  assert.equal(s.usedBytes, 2232 + 512);
  assert.deepEqual(s.modules.map((m) => [m.module, m.bytes, m.frames, m.unknownFrames]), [['MyDriver', 2744, 10, 8]]);
  assert.equal(s.unknownFrames, 110);
  assert.ok(s.hints.some((h) => /static estimates/.test(h) && /`kf`/.test(h)));
  assert.ok(resolved.every((r) => r.endsWith('@x64')));
  // Each distinct function is resolved once.
  assert.equal(new Set(resolved).size, resolved.length);
});

test('static estimates never replace observed sizes; they are reported beside them', () => {
  const resolver = { resolve: () => ({ bytes: 4096, file: 'x.c', line: 1 }) };
  const s = parseStacks(stackFixture('x64-kb.txt'), { resolver }).stacks[0];
  assert.deepEqual(
    s.frames.map((f) => f.bytes),
    [null, 8, 0x140, 0x190, 0x80, 0xd0, 0xd0],
  );
  assert.equal(s.frames[3].staticBytes, 4096);
  assert.equal(s.frames[0].sizeSource, 'unknown');
  // A throwing resolver is reported, not fatal.
  const bad = { resolve: (): never => { throw new Error('index not ready'); } };
  const s2 = parseStacks(stackFixture('x64-kc.txt'), { resolver: bad }).stacks[0];
  assert.equal(s2.frames.length, 9);
  assert.ok(s2.warnings.some((w) => /index not ready/.test(w.text)));
});

test('limit: --limit overrides everything; LargeStack without Base/Limit is a hint only', () => {
  const user = parseStacks(stackFixture('seed002-x86-kb-double-fault.txt'), { limitBytes: 10000 }).stacks[0];
  assert.equal(user.limitBytes, 10000);
  assert.equal(user.limitSource, 'user');
  assert.equal(user.overflowBytes, 11584 - 10000);
  assert.ok(user.hints.some((h) => /^Stack overflow/.test(h)));
  const large = parseStacks(['THREAD 87dca350  Cid 0420.0990  Teb: 7ffdf000', 'Context Switch Count 17 LargeStack', 'ChildEBP RetAddr', 'b8cb7010 f7158867 Ntfs!NtfsInitializeIrpContext+0xc', 'b8cb71bc 8083f9c0 Ntfs!NtfsFsdRead+0xb7'].join('\n')).stacks[0];
  assert.equal(large.limitSource, 'platform');
  assert.equal(large.limitBytes, 12288);
  assert.equal(large.thread?.largeStack, true);
  assert.ok(large.hints.some((h) => /LargeStack/.test(h) && /--limit 61440/.test(h)));
});

test('arch: 8-digit addresses are x86, 16-digit x64, nothing to go on is the x64 default', () => {
  assert.equal(parseStacks(stackFixture('x86-kv.txt')).stacks[0].arch, 'x86');
  assert.equal(parseStacks(stackFixture('x64-kb.txt')).stacks[0].arch, 'x64');
  const none = parseStacks('00 MyDrv!Foo+0x10\n01 MyDrv!Bar+0x20').stacks[0];
  assert.deepEqual([none.arch, none.archSource, none.limitBytes], ['x64', 'default', 24576]);
  const x86sym = parseStacks('nt!KiTrap0E+0xdc\nnt!CcMapData+0x8c').stacks[0];
  assert.deepEqual([x86sym.arch, x86sym.archSource, x86sym.limitBytes], ['x86', 'symbols', 12288]);
  const prompt = parseStacks('0:000:x86> k\n00 MyApp!Foo+0x10\n01 MyApp!main+0x20').stacks[0];
  assert.deepEqual([prompt.arch, prompt.archSource], ['x86', 'prompt']);
});

test('prose around a paste is not read as frames', () => {
  const text = [
    'Hello! This is the stack I got:',
    'Buggy![Copy]',
    'if(!MmIsAddressValid(pB))',
    'Ntfs 4152 36%',
    'https://www.microsoft.com/whdc/Driver/tips/KMstack.mspx',
    'Start Address 0x4a6810ea',
    'nt!KeBugCheckEx',
    'nt!KiBugCheckDispatch+0x69',
  ].join('\n');
  const r = parseStacks(text);
  assert.equal(r.stacks.length, 1);
  assert.deepEqual(
    r.stacks[0].frames.map((f) => f.symbol),
    ['KeBugCheckEx', 'KiBugCheckDispatch'],
  );
  assert.deepEqual(parseStacks('').stacks, []);
  assert.deepEqual(parseStacks('just some words\nand more').stacks, []);
});
