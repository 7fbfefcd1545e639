// The offset-preserving pre-scan: blanking, remembered annotations, conditionals, pragmas,
// defines and suppressions. Pure text processing (no tree-sitter needed).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanSource, maskAt, valueAt } from '../../../server/src/analysis/parse/scan';
import { maskToCond, FULL_MASK, DBG_MASK, FREE_MASK } from '../../../server/src/analysis/parse/configs';

function scanC(text: string, defines?: Record<string, string>) {
  return scanSource(text, { language: 'c', defines });
}

test('blanking keeps the length, every line break and the position of untouched code', () => {
  const text = [
    '_IRQL_requires_max_(DISPATCH_LEVEL)',
    'NTSTATUS NTAPI Foo(_In_ PIRP Irp, _Out_writes_bytes_(Len) PVOID Buf, IN ULONG Len OPTIONAL) // comment',
    '{ /* block',
    '   comment */ return Bar(Irp); }',
  ].join('\r\n');
  const s = scanC(text);
  assert.equal(s.blanked.length, text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' || c === '\n') assert.equal(s.blanked[i], c, `line break kept at ${i}`);
  }
  // Untouched code stays at the same offsets.
  for (const word of ['NTSTATUS', 'Foo(', 'PIRP Irp', 'PVOID Buf', 'ULONG Len', 'return Bar(Irp); }']) {
    const at = text.indexOf(word);
    assert.equal(s.blanked.slice(at, at + word.length), word);
  }
  // Blanked: SAL, calling convention, IN/OPTIONAL, comments.
  for (const gone of ['_IRQL_requires_max_', 'DISPATCH_LEVEL', 'NTAPI', '_In_', '_Out_writes_bytes_', '(Len)', 'IN ', 'OPTIONAL', 'comment', 'block']) {
    assert.ok(!s.blanked.includes(gone), `${gone} blanked`);
  }
  assert.ok(/^\s*$/.test(s.blanked.slice(0, text.indexOf('\r\n'))), 'whole first line blank');
});

test('annotations with nested parentheses are blanked whole and remembered with their offsets', () => {
  const text = '_When_(Flags != (1 << 2), _IRQL_requires_(PASSIVE_LEVEL)) _IRQL_raises_(DISPATCH_LEVEL) __drv_maxIRQL(APC_LEVEL) VOID F(VOID);';
  const s = scanC(text);
  assert.equal(s.blanked.trim(), 'VOID F(VOID);');
  assert.deepEqual(
    s.annotations.map((a) => [a.name, a.args, text.slice(a.start, a.end).startsWith(a.name)]),
    [
      ['_When_', 'Flags != (1 << 2), _IRQL_requires_(PASSIVE_LEVEL)', true],
      ['_IRQL_raises_', 'DISPATCH_LEVEL', true],
      ['__drv_maxIRQL', 'APC_LEVEL', true],
    ],
  );
});

test('SAL without IRQL meaning is blanked but not remembered; struct tags that look like SAL are kept', () => {
  const s = scanC('typedef struct _MP_ADAPTER { int _In_x; } MP; _Success_(return != 0) _Must_inspect_result_ int f(_In_reads_(n) const int *p, int n);');
  assert.ok(s.blanked.includes('struct _MP_ADAPTER'));
  assert.ok(s.blanked.includes('_In_x'), 'an identifier that merely starts with _In_ but does not end with _ is kept');
  assert.ok(!s.blanked.includes('_Success_'));
  assert.ok(!s.blanked.includes('_In_reads_'));
  assert.equal(s.annotations.length, 0);
});

test('CONST is replaced by const in place; DECLSPEC_ALIGN and __declspec(align) are recorded', () => {
  const text = 'typedef struct DECLSPEC_ALIGN(16) _X { CONST CHAR *p; __declspec(align(32)) UCHAR b; DECLSPEC_CACHEALIGN ULONG c; } X;';
  const s = scanC(text);
  assert.equal(s.blanked.length, text.length);
  assert.ok(s.blanked.includes('const CHAR *p'));
  assert.deepEqual(s.aligns.map((a) => a.value), ['16', '32', 'SYSTEM_CACHE_ALIGNMENT_SIZE']);
  assert.ok(!s.blanked.includes('__declspec'));
});

test('code_seg macros and __declspec(code_seg) become code_seg annotations', () => {
  const s = scanC('PAGED_CODE_SEG NTSTATUS A(void); __declspec(code_seg("INIT")) NTSTATUS B(void);\n#define MY_PAGED __declspec(code_seg("PAGE"))\nMY_PAGED void C(void);');
  assert.deepEqual(s.annotations.map((a) => [a.name, a.args]), [['code_seg', 'PAGE'], ['code_seg', 'INIT'], ['code_seg', 'PAGE']]);
  assert.ok(!s.blanked.includes('MY_PAGED void'), 'a file-local attribute macro is blanked where used');
  assert.ok(s.blanked.includes('void C(void);'));
});

test('#if DBG keeps both branches, tagged checked and free', () => {
  const text = 'int a;\n#if DBG\nint dbgOnly;\n#else\nint freeOnly;\n#endif\nint b;\n';
  const s = scanC(text);
  assert.ok(s.blanked.includes('int dbgOnly;'));
  assert.ok(s.blanked.includes('int freeOnly;'));
  assert.ok(!s.blanked.includes('#'));
  assert.equal(maskAt(s.segments, text.indexOf('int a')), FULL_MASK);
  assert.equal(maskAt(s.segments, text.indexOf('dbgOnly')), DBG_MASK);
  assert.equal(maskAt(s.segments, text.indexOf('freeOnly')), FREE_MASK);
  assert.equal(maskAt(s.segments, text.indexOf('int b')), FULL_MASK);
  assert.deepEqual(maskToCond(DBG_MASK), { dbg: true });
  assert.deepEqual(maskToCond(FREE_MASK), { dbg: false });
});

test('#ifdef DBG, #if defined(DBG), #ifndef DBG and #if !DBG are all recognised', () => {
  for (const [open, dbgFirst] of [['#ifdef DBG', true], ['#if defined(DBG)', true], ['#if defined DBG', true], ['#ifndef DBG', false], ['#if !DBG', false], ['#if DBG && 1', true]] as const) {
    const text = `${open}\nint first;\n#else\nint second;\n#endif\n`;
    const s = scanC(text);
    const first = maskToCond(maskAt(s.segments, text.indexOf('first')));
    const second = maskToCond(maskAt(s.segments, text.indexOf('second')));
    assert.deepEqual(first, { dbg: dbgFirst }, open);
    assert.deepEqual(second, { dbg: !dbgFirst }, open);
  }
});

test('arch conditionals give arches; #elif chains split the rest', () => {
  const text = '#if defined(_AMD64_)\nint x64;\n#elif defined(_X86_)\nint x86;\n#else\nint other;\n#endif\n#ifdef _WIN64\nint wide;\n#endif\n#if defined(_M_ARM64)\nint arm;\n#endif\n';
  const s = scanC(text);
  const cond = (w: string) => maskToCond(maskAt(s.segments, text.indexOf(w)));
  assert.deepEqual(cond('int x64'), { arches: ['x64'] });
  assert.deepEqual(cond('int x86'), { arches: ['x86'] });
  assert.deepEqual(cond('int other'), { arches: ['arm64'] });
  assert.deepEqual(cond('int wide'), { arches: ['x64', 'arm64'] });
  assert.deepEqual(cond('int arm'), { arches: ['arm64'] });
});

test('unknown conditions keep the first branch not provably false; #if 0 is blanked; user defines are used', () => {
  const text = '#ifdef UNKNOWN_FEATURE\nint a;\n#else\nint b;\n#endif\n#if 0\nint never;\n#elif NTDDI_VERSION >= 0x0A000000\nint win10;\n#else\nint old;\n#endif\n';
  let s = scanC(text);
  assert.ok(s.blanked.includes('int a;'));
  assert.ok(!s.blanked.includes('int b;'));
  assert.ok(!s.blanked.includes('never'));
  assert.ok(s.blanked.includes('int win10;'), 'unknown NTDDI_VERSION: first possible branch');
  assert.ok(!s.blanked.includes('int old;'));
  s = scanC(text, { NTDDI_VERSION: '0x06010000', UNKNOWN_FEATURE: '' });
  assert.ok(s.blanked.includes('int a;'));
  assert.ok(!s.blanked.includes('int win10;'));
  assert.ok(s.blanked.includes('int old;'));
  assert.equal(s.blanked.length, text.length);
});

test('__cplusplus is known per language; file-local #define feeds later #if', () => {
  const text = '#ifdef __cplusplus\nextern "C" {\n#endif\n#define FEATURE 0\n#if FEATURE\nint on;\n#else\nint off;\n#endif\n#ifdef __cplusplus\n}\n#endif\n';
  const c = scanSource(text, { language: 'c' });
  assert.ok(!c.blanked.includes('extern'));
  assert.ok(!c.blanked.includes('}'));
  assert.ok(c.blanked.includes('int off;') && !c.blanked.includes('int on;'));
  const cpp = scanSource(text, { language: 'cpp' });
  assert.ok(cpp.blanked.includes('extern "C" {'));
});

test('two kept branches that do not balance braces keep only the free x64 one', () => {
  const text = 'int f(\n#if DBG\nint a, int b) {\n#else\nint a) {\n#endif\nreturn a; }\n';
  const s = scanC(text);
  assert.ok(s.blanked.includes('int a) {'));
  assert.ok(!s.blanked.includes('int b'));
  assert.deepEqual(maskToCond(maskAt(s.segments, text.indexOf('int a) {'))), { dbg: false });
});

test('#pragma pack push/pop/n/() and pshpack/poppack are tracked through the file', () => {
  const text = [
    'struct A {int a;};',
    '#pragma pack(push, 1)',
    'struct B {int a;};',
    '#pragma pack(push, r1, 2)',
    'struct C {int a;};',
    '#pragma pack(pop, r1)',
    'struct D {int a;};',
    '#pragma pack(4)',
    'struct E {int a;};',
    '#pragma pack()',
    'struct F {int a;};',
    '#pragma pack(pop)',
    'struct G {int a;};',
    '#include <pshpack8.h>',
    'struct H {int a;};',
    '#include <poppack.h>',
    'struct I {int a;};',
    '#pragma pack(push)',
    '#pragma pack(2)',
    'struct J {int a;};',
    '#pragma pack(pop)',
    'struct K {int a;};',
  ].join('\n');
  const s = scanC(text);
  const packOf = (tag: string) => valueAt(s.packChanges, text.indexOf(`struct ${tag} `), null as number | null);
  assert.deepEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K'].map(packOf), [null, 1, 2, 1, 4, null, null, 8, null, 2, null]);
});

test('alloc_text and code_seg pragmas (with push/pop) are recorded with 0-based lines', () => {
  const text = '#pragma alloc_text(PAGE, A, B)\n#pragma alloc_text("INIT", DriverEntry)\n#pragma code_seg("PAGE")\n#pragma code_seg(push, "INIT")\n#pragma code_seg(pop)\n#pragma code_seg()\n';
  const s = scanC(text);
  assert.deepEqual(s.allocText, [
    { section: 'PAGE', functions: ['A', 'B'], line: 0 },
    { section: 'INIT', functions: ['DriverEntry'], line: 1 },
  ]);
  assert.deepEqual(s.codeSeg, [
    { section: 'PAGE', line: 2 },
    { section: 'INIT', line: 3 },
    { section: 'PAGE', line: 4 },
    { section: null, line: 5 },
  ]);
});

test('defines: object-like, function-like, continuation lines, DBG-only; #undef', () => {
  const text = '#define A 1\n#define B(x, y) ((x) + \\\n   (y))\n#if DBG\n#define TRACE_ON 1\n#endif\n#define C /* c */ 3 // trailing\n#undef A\n';
  const s = scanC(text);
  assert.deepEqual(s.defines.map((d) => [d.name, d.value, d.params ?? null, d.line]), [
    ['A', '1', null, 0],
    ['B', '((x) + (y))', ['x', 'y'], 1],
    ['TRACE_ON', '1', null, 4],
    ['C', '3', null, 6],
  ]);
  assert.equal(maskAt(s.segments, s.defines[2].start), DBG_MASK);
  // Line counting survived the continuation: `#undef` is on line 7.
  assert.equal(text.split('\n')[7], '#undef A');
});

test('suppression comments: rule lists, bare = all rules, block comments, not in strings', () => {
  const text = [
    'int a; // stacklens-ignore stack/large-local stack/struct-copy',
    '/* stacklens-ignore */',
    '/* multi',
    '   stacklens-ignore: irql/too-high, wait/at-dispatch */',
    'const char *s = "// stacklens-ignore not-a-comment";',
    '// stacklens-ignored is not the marker',
  ].join('\n');
  const s = scanC(text);
  assert.deepEqual(s.suppressions, [
    { line: 0, rules: ['stack/large-local', 'stack/struct-copy'] },
    { line: 1, rules: ['*'] },
    { line: 3, rules: ['irql/too-high', 'wait/at-dispatch'] },
  ]);
});

test('directives inside comments and strings are not directives', () => {
  const text = '/*\n#if 0\n*/\nint kept;\nconst char *s = "#endif";\n';
  const s = scanC(text);
  assert.ok(s.blanked.includes('int kept;'));
  assert.ok(s.blanked.includes('"#endif"'));
});

test('a directive after a block comment on the same line is still a directive', () => {
  const s = scanC('/* header */ #define AFTER_COMMENT 1\nint x; #define NOT_A_DIRECTIVE 2\n');
  assert.deepEqual(s.defines.map((d) => d.name), ['AFTER_COMMENT']);
});

test('lone surrogates and non-ASCII text keep the blanked text the same length', () => {
  const text = 'int a\ud800; // caf\u00e9 \ud83d\ude00\n_In_ int b\udc00;';
  const s = scanC(text);
  assert.equal(s.blanked.length, text.length);
  assert.equal(s.blanked.indexOf('int b'), text.indexOf('int b'));
  assert.equal(s.blanked.charCodeAt(5), 0xd800);
});

test('C files: MSVC try/except/finally/leave become __try... by borrowing adjacent spaces', () => {
  const text = 'void f(void) {\n    try {\n        leave;\n    } finally {\n        g();\n    }\n    try { h(); } except (1) { }\n}\n';
  const s = scanC(text);
  assert.equal(s.blanked.length, text.length);
  assert.ok(s.blanked.includes('\n  __try{ \n'));
  assert.ok(s.blanked.includes('      __leave;'));
  assert.ok(s.blanked.includes('}__finally{'));
  assert.ok(s.blanked.includes('}__except('));
  assert.equal(s.blanked.indexOf('g();'), text.indexOf('g();'));
  // Not in C++, where try is a keyword of its own; not without two spaces to borrow.
  assert.ok(scanSource(text, { language: 'cpp' }).blanked.includes('try {'));
  assert.equal(scanC('x;try{y;}').blanked, 'x;try{y;}');
});

test('MSVC C SEH keywords: spaces after the bracket and before a newline are borrowed too', () => {
  const text = '    } except( Filter( x )) {\n  try\n  {\n';
  const s = scanC(text);
  assert.equal(s.blanked.length, text.length);
  assert.equal(s.blanked.split('\n')[0], '    }__except(Filter( x )) {');
  assert.equal(s.blanked.split('\n')[1], '__try');
});

test('MSVC C SEH keywords: the closing brace before except may move left', () => {
  const text = '    } except(Filter()) {\n';
  const s = scanC(text);
  assert.equal(s.blanked, '   }__except(Filter()) {\n');
});
