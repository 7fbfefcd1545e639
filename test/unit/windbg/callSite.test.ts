// The call-site grammar: modules, C++ names, offsets, kp parameters, kv annotations, sources.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCallSite } from '../../../server/src/windbg/callSite';
import { cleanLine, splitLines } from '../../../server/src/windbg/lines';
import { addrDiff, parseColumnAddress } from '../../../server/src/windbg/addresses';

function site(text: string): [string | null, string | null, string | null] {
  const c = parseCallSite(text);
  assert.ok(c, `not a call site: ${text}`);
  return [c.module, c.symbol, c.offset];
}

test('module!symbol+offset, including C++ operators, destructors, templates, lambdas', () => {
  assert.deepEqual(site('nt!IofCallDriver+0x45'), ['nt', 'IofCallDriver', '0x45']);
  assert.deepEqual(site('MyDriver!std::kstring::operator+=+0x2d'), ['MyDriver', 'std::kstring::operator+=', '0x2d']);
  assert.deepEqual(site('MyDriver!std::kstring::operator+='), ['MyDriver', 'std::kstring::operator+=', null]);
  assert.deepEqual(site('Wdf01000!FxObject::operator delete+0x11'), ['Wdf01000', 'FxObject::operator delete', '0x11']);
  assert.deepEqual(site("Wdf01000!FxMemoryBuffer::`scalar deleting destructor'+0x3f"), ['Wdf01000', "FxMemoryBuffer::`scalar deleting destructor'", '0x3f']);
  assert.deepEqual(site('drv!std::vector<int, std::allocator<int> >::push_back+0x10'), ['drv', 'std::vector<int, std::allocator<int> >::push_back', '0x10']);
  assert.deepEqual(site('drv!<lambda_3f2a>::operator()+0x8'), ['drv', '<lambda_3f2a>::operator()', '0x8']);
  assert.deepEqual(site("nt! ?? ::FNODOBFM::`string'+0x1a2c"), ['nt', "?? ::FNODOBFM::`string'", '0x1a2c']);
  assert.deepEqual(site('win32k!PUBLIC_PFTOBJ::bLoadFonts+0x17f'), ['win32k', 'PUBLIC_PFTOBJ::bLoadFonts', '0x17f']);
  assert.deepEqual(site('ntdll!_RtlUserThreadStart@8+0x1b'), ['ntdll', '_RtlUserThreadStart@8', '0x1b']);
});

test('unsymbolised and bare addresses', () => {
  assert.deepEqual(site('DRIVER_A+0x28be'), ['DRIVER_A', null, '0x28be']);
  const bare = parseCallSite('0x7c82ed54');
  assert.equal(bare?.address, '0x7c82ed54');
  assert.equal(parseCallSite('0xFFFFF804`1B0C1B10')?.address, '0xfffff8041b0c1b10');
});

test('kp parameters and kv annotations come off; the source annotation is kept', () => {
  const c = parseCallSite('KbFilter!Foo(struct _IRP * Irp = 0xffffa40c`8e0c2d60, unsigned long Len = 0x10)+0x50 [c:\\a b\\x.c @ 12]');
  assert.equal(c?.symbol, 'Foo');
  assert.equal(c?.offset, '0x50');
  assert.equal(c?.params, 'struct _IRP * Irp = 0xffffa40c`8e0c2d60, unsigned long Len = 0x10');
  assert.deepEqual(c?.source, { file: 'c:\\a b\\x.c', line: 12 });
  const kv = parseCallSite('nt!KiTrap0E+0xdc (FPO: [0,0] TrapFrame @ b8cb7768) (CONV: cdecl) [d:\\nt\\trap.asm @ 1164]');
  assert.equal(kv?.symbol, 'KiTrap0E');
  assert.equal(kv?.trapFrame, 'b8cb7768');
  assert.equal(kv?.source?.line, 1164);
  assert.equal(parseCallSite('drv!Worker::operator()+0x12')?.symbol, 'Worker::operator()');
  assert.equal(parseCallSite('drv!Worker::operator()(int n = 0n3)+0x12')?.symbol, 'Worker::operator()');
});

test('inline markers in the call site', () => {
  const c = parseCallSite('MyDrv!Helper [Inline Function] [c:\\x.c @ 5]');
  assert.equal(c?.inline, true);
  assert.equal(c?.symbol, 'Helper');
  assert.equal(c?.source?.line, 5);
});

test('not call sites: prose, disassembly headers, keys', () => {
  for (const t of ['Hello! world', 'Buggy![Copy]', 'Ntfs!NtfsInitializeIrpContext+0xc:', 'if(!MmIsAddressValid(pB))', 'https://example.com/a!b', 'just words']) {
    const c = parseCallSite(t);
    assert.ok(!c || c.looseSpaces || c.moduleOnly, t);
  }
});

test('line cleaning: quotes, fences, escaped backticks, NBSP, controls; CR/LF splitting', () => {
  assert.deepEqual(cleanLine('> > 00 ffffa609\\`5c1f6f38 x'), { text: '00 ffffa609`5c1f6f38 x', fence: false });
  assert.equal(cleanLine('```text').fence, true);
  assert.equal(cleanLine('\u00a0\u00a0 140\u00a0nt!Foo\t').text, '140 nt!Foo');
  const s = splitLines('a\r\nb\rc\nd');
  assert.deepEqual(s.lines.map((l) => l.text), ['a', 'b', 'c', 'd']);
  const blanks = splitLines('a\n\n\nb\r\n\r\nc');
  assert.deepEqual(blanks.lines.map((l) => [l.no, l.text, l.afterBlank]), [[1, 'a', false], [4, 'b', true], [6, 'c', true]]);
  assert.equal(blanks.lineCount, 6);
  const long = splitLines('x'.repeat(10_000));
  assert.equal(long.lines[0].truncated, true);
  assert.equal(long.lines[0].raw.length, 4096);
});

test('addresses: widths, backticks, exact 64-bit distances', () => {
  const a = parseColumnAddress('fffff880`0331f6c0')!;
  const b = parseColumnAddress('fffff8800331f6b8')!;
  assert.equal(addrDiff(a, b), 8);
  assert.equal(parseColumnAddress('b8cb7010')?.width, 8);
  assert.equal(parseColumnAddress('0x12345678'), null);
  const lo = parseColumnAddress('00000001`00000000')!;
  const hi = parseColumnAddress('00000000`ffffffff')!;
  assert.equal(addrDiff(lo, hi), 1); // across the 32-bit boundary
});
