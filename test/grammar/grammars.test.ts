// Tokenizes samples with vscode-textmate + vscode-oniguruma (the engine VS Code uses) and checks
// the scopes of the WinDbg stack grammar and of the SAL IRQL injection grammar.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

function repoRoot(): string {
  let d = __dirname;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'syntaxes'))) return d;
    d = dirname(d);
  }
  return process.cwd();
}
const root = repoRoot();

/** VS Code's own C grammar, when a local VS Code (code-server) is installed; else only the stand-in. */
const VSCODE_C_GRAMMAR = join(root, '.vscode-test/code-server/node_modules/code-server/lib/vscode/extensions/cpp/syntaxes/c.tmLanguage.json');

/**
 * A stand-in host grammar for `source.c` / `source.cpp`: comments, strings and identifiers, enough
 * to check that the injection applies to code and stays out of comments and strings.
 */
function standInHost(scopeName: string): string {
  return JSON.stringify({
    scopeName,
    patterns: [
      { begin: '/\\*', end: '\\*/', name: `comment.block.${scopeName.split('.')[1]}` },
      { match: '//.*$', name: `comment.line.double-slash.${scopeName.split('.')[1]}` },
      { begin: '"', end: '"', name: `string.quoted.double.${scopeName.split('.')[1]}`, patterns: [{ match: '\\\\.' }] },
      { match: '\\b[A-Za-z_]\\w*\\b', name: `meta.identifier.${scopeName.split('.')[1]}` },
    ],
  });
}

async function makeRegistry(hostC: 'stand-in' | 'vscode'): Promise<vsctm.Registry> {
  const wasm = readFileSync(join(root, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await ensureOniguruma(wasm);
  const onigLib: Promise<vsctm.IOnigLib> = Promise.resolve({
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s: string) => new oniguruma.OnigString(s),
  });
  const files: Record<string, string> = {
    'source.windbg-stack': join(root, 'syntaxes/windbg-stack.tmLanguage.json'),
    'sal.irql.injection': join(root, 'syntaxes/sal-irql.injection.tmLanguage.json'),
  };
  return new vsctm.Registry({
    onigLib,
    loadGrammar: async (scopeName: string) => {
      if (files[scopeName]) return vsctm.parseRawGrammar(readFileSync(files[scopeName], 'utf8'), files[scopeName]);
      if (scopeName === 'source.c' && hostC === 'vscode') return vsctm.parseRawGrammar(readFileSync(VSCODE_C_GRAMMAR, 'utf8'), VSCODE_C_GRAMMAR);
      if (scopeName === 'source.c' || scopeName === 'source.cpp') return vsctm.parseRawGrammar(standInHost(scopeName), `${scopeName}.json`);
      return null;
    },
    // What `injectTo: ["source.c", "source.cpp"]` in package.json does inside VS Code.
    getInjections: (scopeName: string) => (scopeName === 'source.c' || scopeName === 'source.cpp' ? ['sal.irql.injection'] : undefined),
  });
}

let onigLoaded: Promise<void> | undefined;
function ensureOniguruma(wasm: Buffer): Promise<void> {
  onigLoaded ??= oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  return onigLoaded;
}

interface Tok {
  text: string;
  scopes: string[];
}

function tokenize(grammar: vsctm.IGrammar, text: string): Tok[][] {
  let stack = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the token that is exactly `text` (or, failing that, the one containing it). */
function scopesOf(line: Tok[], text: string): string[] {
  const exact = line.find((t) => t.text === text);
  if (exact) return exact.scopes;
  const containing = line.find((t) => t.text.includes(text));
  assert.ok(containing, `no token "${text}" in ${JSON.stringify(line.map((t) => t.text))}`);
  return containing!.scopes;
}

function hasScope(line: Tok[], text: string, scope: string): void {
  const s = scopesOf(line, text);
  assert.ok(s.some((x) => x === scope || x.startsWith(scope + '.')), `"${text}" has ${JSON.stringify(s)}, wanted ${scope}`);
}

function lacksScope(line: Tok[], text: string, scopePrefix: string): void {
  const s = scopesOf(line, text);
  assert.ok(!s.some((x) => x.startsWith(scopePrefix)), `"${text}" has ${JSON.stringify(s)}, did not want ${scopePrefix}`);
}

describe('windbg-stack grammar', () => {
  let g: vsctm.IGrammar;
  before(async () => {
    const registry = await makeRegistry('stand-in');
    const grammar = await registry.loadGrammar('source.windbg-stack');
    assert.ok(grammar);
    g = grammar!;
  });

  test('prompt lines: prompt, separator and command', () => {
    const [a, b, c, d] = tokenize(g, '0: kd> kb\nkd> !thread\n0:000> k 100\n1: kd> !analyze -v');
    hasScope(a, '0: kd', 'entity.name.tag.prompt.windbg-stack');
    hasScope(a, '>', 'punctuation.separator.prompt.windbg-stack');
    hasScope(a, 'kb', 'keyword.other.command.windbg-stack');
    hasScope(b, '!thread', 'keyword.other.command.windbg-stack');
    hasScope(c, '0:000', 'entity.name.tag.prompt.windbg-stack');
    hasScope(c, ' 100', 'variable.parameter.command-arguments.windbg-stack');
    hasScope(d, '!analyze', 'keyword.other.command.windbg-stack');
  });

  test('x86 kb frame: addresses, module, function, offset', () => {
    const [line] = tokenize(g, 'b8cb71bc 8083f9c0 Ntfs!NtfsFsdRead+0xb7');
    hasScope(line, 'b8cb71bc', 'constant.numeric.address.windbg-stack');
    hasScope(line, '8083f9c0', 'constant.numeric.address.windbg-stack');
    hasScope(line, 'Ntfs', 'entity.name.namespace.module.windbg-stack');
    hasScope(line, '!', 'punctuation.separator.module.windbg-stack');
    hasScope(line, 'NtfsFsdRead', 'entity.name.function.windbg-stack');
    hasScope(line, '+0xb7', 'constant.numeric.offset.windbg-stack');
  });

  test('x64 backtick addresses (also Markdown-escaped) and frame numbers', () => {
    const [a, b] = tokenize(g, '05 ffffd000`2a9b5f38 fffff803`1a5c5a2e nt!KeBugCheckEx+0x107\n> 06 ffffd000\\`2a9b5f40 fffff803\\`1a5c5a2e nt!KiBugCheckDispatch+0x69');
    hasScope(a, '05', 'constant.numeric.frame-number.windbg-stack');
    hasScope(a, 'ffffd000`2a9b5f38', 'constant.numeric.address.windbg-stack');
    hasScope(a, 'fffff803`1a5c5a2e', 'constant.numeric.address.windbg-stack');
    hasScope(b, '>', 'punctuation.definition.quote.begin.windbg-stack');
    hasScope(b, '06', 'constant.numeric.frame-number.windbg-stack');
    hasScope(b, 'ffffd000\\`2a9b5f40', 'constant.numeric.address.windbg-stack');
    hasScope(b, 'KiBugCheckDispatch', 'entity.name.function.windbg-stack');
  });

  test('C++ names: ::, operators, templates and `quoted\' compiler names stay one function', () => {
    const [a, b, c, d] = tokenize(
      g,
      "1c Wdf01000!FxMemoryBuffer::`scalar deleting destructor'+0x3f\n28 MyDriver!std::kstring::operator+=+0x2d\n30 MyDriver!Pool<Item,unsigned long>::Take+0x12\n1b Wdf01000!FxObject::operator delete+0x11 [fxobject.cpp @ 326]",
    );
    hasScope(a, "FxMemoryBuffer::`scalar deleting destructor'", 'entity.name.function.windbg-stack');
    hasScope(a, '+0x3f', 'constant.numeric.offset.windbg-stack');
    hasScope(b, 'std::kstring::operator+=', 'entity.name.function.windbg-stack');
    hasScope(b, '+0x2d', 'constant.numeric.offset.windbg-stack');
    hasScope(c, 'Pool<Item,unsigned long>::Take', 'entity.name.function.windbg-stack');
    hasScope(d, 'FxObject::operator delete', 'entity.name.function.windbg-stack');
    hasScope(d, '+0x11', 'constant.numeric.offset.windbg-stack');
    hasScope(d, '326', 'constant.numeric.line.windbg-stack');
  });

  test('unsymbolised module+offset and bare addresses', () => {
    const [a, b] = tokenize(g, 'b8cb7430 ba4e09d3 DRIVER_A+0x28be\n0015fdb0 00000000 0x7c82ed54');
    hasScope(a, 'DRIVER_A', 'entity.name.namespace.module.windbg-stack');
    hasScope(a, '+0x28be', 'constant.numeric.offset.windbg-stack');
    hasScope(b, '0x7c82ed54', 'constant.numeric.address.windbg-stack');
  });

  test('[file @ line] source annotations', () => {
    const [line] = tokenize(g, '29 MyDriver!MYSTRUCT::toDebugStr+0x150 [C:\\C++\\MyDriver\\MyStruct.cpp @ 66] ');
    hasScope(line, '[', 'punctuation.definition.source-annotation.begin.windbg-stack');
    hasScope(line, 'C:\\C++\\MyDriver\\MyStruct.cpp', 'string.unquoted.path.windbg-stack');
    hasScope(line, ' @ ', 'keyword.operator.at.windbg-stack');
    hasScope(line, '66', 'constant.numeric.line.windbg-stack');
    hasScope(line, ']', 'punctuation.definition.source-annotation.end.windbg-stack');
    hasScope(line, 'toDebugStr', 'entity.name.function.windbg-stack');
  });

  test('WARNING and *** ERROR lines', () => {
    const [a, b] = tokenize(g, 'WARNING: Stack unwind information not available. Following frames may be wrong.\n*** ERROR: Module load completed but symbols could not be loaded for DRIVER_A.sys');
    hasScope(a, 'WARNING:', 'keyword.other.warning.windbg-stack');
    hasScope(a, ' Stack unwind information not available. Following frames may be wrong.', 'comment.line.warning.windbg-stack');
    hasScope(b, '*** ERROR:', 'keyword.other.warning.windbg-stack');
  });

  test('column headers', () => {
    const lines = tokenize(g, 'ChildEBP RetAddr\n # Child-SP          RetAddr           Call Site\n      Memory  Call Site\n # ChildEBP RetAddr  Args to Child');
    for (const l of lines) assert.ok(l.some((t) => t.scopes.includes('markup.heading.column-header.windbg-stack')), JSON.stringify(l));
  });

  test('non-breaking spaces (pastes from web pages) count as spaces', () => {
    const nb = '\u00a0';
    const [a, b] = tokenize(g, `${nb.repeat(6)}Memory${nb} Call Site\n${nb.repeat(5)}140 nt!KiCommitThreadWait`);
    hasScope(a, `Memory${nb} Call Site`, 'markup.heading.column-header.windbg-stack');
    hasScope(b, '140', 'constant.numeric.memory.windbg-stack');
    hasScope(b, 'KiCommitThreadWait', 'entity.name.function.windbg-stack');
  });

  test('Memory column of kcf and knf', () => {
    const [a, b] = tokenize(g, '          140 nt!KiCommitThreadWait\n01        28 fffff803`1a5c5a2e fffff803`1a5c5b00 nt!KiSwapContext+0x76');
    hasScope(a, '140', 'constant.numeric.memory.windbg-stack');
    hasScope(a, 'KiCommitThreadWait', 'entity.name.function.windbg-stack');
    hasScope(b, '01', 'constant.numeric.frame-number.windbg-stack');
    hasScope(b, '28', 'constant.numeric.memory.windbg-stack');
    hasScope(b, 'fffff803`1a5c5a2e', 'constant.numeric.address.windbg-stack');
  });

  test('!thread keywords and stack bounds', () => {
    const lines = tokenize(
      g,
      'THREAD 87dca350 Cid 0420.0990 Teb: 7ffdf000 Win32Thread: efdbe430 RUNNING on processor 0\nContext Switch Count 17 LargeStack\nStack Init b8cba000 Current b8cb7c64 Base b8cba000 Limit b8cb7000 Call 0\nPriority 14 BasePriority 13 PriorityDecrement 0',
    );
    hasScope(lines[0], 'THREAD', 'keyword.other.thread.windbg-stack');
    hasScope(lines[0], '87dca350', 'constant.numeric.address.windbg-stack');
    hasScope(lines[0], 'Cid', 'keyword.other.thread.windbg-stack');
    hasScope(lines[0], 'RUNNING on processor', 'keyword.other.thread.windbg-stack');
    hasScope(lines[1], 'LargeStack', 'keyword.other.thread.windbg-stack');
    hasScope(lines[2], 'Stack Init', 'keyword.other.thread.stack-bounds.windbg-stack');
    hasScope(lines[2], 'Base', 'keyword.other.thread.stack-bounds.windbg-stack');
    hasScope(lines[2], 'Limit', 'keyword.other.thread.stack-bounds.windbg-stack');
    hasScope(lines[2], 'b8cb7000', 'constant.numeric.address.windbg-stack');
    hasScope(lines[3], 'BasePriority', 'keyword.other.thread.windbg-stack');
  });

  test('inline frame markers', () => {
    const [a, b, c] = tokenize(
      g,
      '01 (Inline Function) --------`-------- MyDriver!Helper+0x12\n02 ffffd000`2a9b5f38 fffff803`1a5c5a2e MyDriver!Outer+0x40 [Inline Function]\n03 --------`-------- MyDriver!Inner (Inline)',
    );
    hasScope(a, '(Inline Function)', 'storage.modifier.inline.windbg-stack');
    hasScope(a, '--------`--------', 'storage.modifier.inline.windbg-stack');
    hasScope(a, 'Helper', 'entity.name.function.windbg-stack');
    hasScope(b, '[Inline Function]', 'storage.modifier.inline.windbg-stack');
    hasScope(c, '(Inline)', 'storage.modifier.inline.windbg-stack');
  });

  test('!analyze sections, STACK_TEXT separators and registers', () => {
    const [a, b, c] = tokenize(
      g,
      'STACK_TEXT:  \nfffff803`1a2b3c4d fffff803`1a5c5a2e : 00000000`0000007f 00000000`00000008 : nt!KeBugCheckEx\neax=87b90328 ebx=87b90328 esp=b8cb7000',
    );
    hasScope(a, 'STACK_TEXT', 'entity.name.section.windbg-stack');
    hasScope(b, ':', 'punctuation.separator.column.windbg-stack');
    hasScope(b, 'KeBugCheckEx', 'entity.name.function.windbg-stack');
    hasScope(c, 'esp', 'variable.other.register.windbg-stack');
    hasScope(c, 'b8cb7000', 'constant.numeric.value.windbg-stack');
  });

  test('every line of the sample stacks tokenizes without error', () => {
    const dir = join(root, 'examples', 'stacks');
    if (!existsSync(dir)) return;
    for (const name of ['seed002-x86-kb-double-fault.txt', 'seed002-x64-kcf.txt', 'seed002-x86-thread.txt', 'seed004-x64-k-no-addresses.txt']) {
      const p = join(dir, name);
      if (!existsSync(p)) continue;
      const lines = tokenize(g, readFileSync(p, 'utf8'));
      const functions = lines.flat().filter((t) => t.scopes.includes('entity.name.function.windbg-stack')).length;
      assert.ok(functions > 0 || name.includes('thread'), `${name}: functions found`);
    }
  });
});

async function injectionChecks(host: 'stand-in' | 'vscode'): Promise<void> {
  const registry = await makeRegistry(host);
  for (const scope of host === 'vscode' ? ['source.c'] : ['source.c', 'source.cpp']) {
    const g = (await registry.loadGrammar(scope))!;
    assert.ok(g, scope);
    const src = [
      '_IRQL_requires_max_(DISPATCH_LEVEL)',
      '_IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_min_(APC_LEVEL) _IRQL_raises_(HIGH_LEVEL)',
      'VOID F(_IRQL_saves_ PKIRQL Old); _IRQL_restores_ _IRQL_requires_same_',
      '_IRQL_always_function_max_(DISPATCH_LEVEL) _IRQL_always_function_min_(APC_LEVEL)',
      '__drv_maxIRQL(DISPATCH_LEVEL) __drv_minIRQL(APC_LEVEL) __drv_requiresIRQL(PASSIVE_LEVEL)',
      '__drv_raisesIRQL(DISPATCH_LEVEL) __drv_savesIRQL __drv_restoresIRQL __drv_setsIRQL(HIGH_LEVEL)',
      'NTSTATUS DriverEntry(PDRIVER_OBJECT d) { PAGED_CODE(); PAGED_CODE_LOCKED(); KeRaiseIrql(DISPATCH_LEVEL, &old); }',
      '_IRQL_requires_max_((DISPATCH_LEVEL - 1))',
      '// _IRQL_requires_max_(DISPATCH_LEVEL) in a comment',
      'const char *s = "PAGED_CODE() DISPATCH_LEVEL";',
    ].join('\n');
    const lines = tokenize(g, src);
    hasScope(lines[0], '_IRQL_requires_max_', 'storage.modifier.sal.irql.c');
    hasScope(lines[0], '(', 'punctuation.section.parens.begin.sal.irql.c');
    hasScope(lines[0], 'DISPATCH_LEVEL', 'constant.language.irql.c');
    hasScope(lines[0], 'DISPATCH_LEVEL', 'meta.annotation.sal.irql.c');
    hasScope(lines[1], '_IRQL_requires_', 'storage.modifier.sal.irql.c');
    hasScope(lines[1], 'PASSIVE_LEVEL', 'constant.language.irql.c');
    hasScope(lines[1], '_IRQL_requires_min_', 'storage.modifier.sal.irql.c');
    hasScope(lines[1], 'APC_LEVEL', 'constant.language.irql.c');
    hasScope(lines[1], '_IRQL_raises_', 'storage.modifier.sal.irql.c');
    hasScope(lines[1], 'HIGH_LEVEL', 'constant.language.irql.c');
    hasScope(lines[2], '_IRQL_saves_', 'storage.modifier.sal.irql.c');
    hasScope(lines[2], '_IRQL_restores_', 'storage.modifier.sal.irql.c');
    hasScope(lines[2], '_IRQL_requires_same_', 'storage.modifier.sal.irql.c');
    hasScope(lines[3], '_IRQL_always_function_max_', 'storage.modifier.sal.irql.c');
    hasScope(lines[3], '_IRQL_always_function_min_', 'storage.modifier.sal.irql.c');
    for (const name of ['__drv_maxIRQL', '__drv_minIRQL', '__drv_requiresIRQL']) hasScope(lines[4], name, 'storage.modifier.sal.irql.c');
    for (const name of ['__drv_raisesIRQL', '__drv_savesIRQL', '__drv_restoresIRQL', '__drv_setsIRQL']) hasScope(lines[5], name, 'storage.modifier.sal.irql.c');
    hasScope(lines[6], 'PAGED_CODE', 'support.function.paged-code.c');
    hasScope(lines[6], 'PAGED_CODE_LOCKED', 'support.function.paged-code.c');
    hasScope(lines[6], 'DISPATCH_LEVEL', 'constant.language.irql.c');
    hasScope(lines[7], 'DISPATCH_LEVEL', 'constant.language.irql.c');
    assert.equal(lines[7].filter((t) => t.scopes.includes('punctuation.section.parens.end.sal.irql.c')).length, 1, 'nested parentheses close the annotation once');
    lacksScope(lines[8], '_IRQL_requires_max_', 'storage.modifier.sal');
    lacksScope(lines[9], 'PAGED_CODE', 'support.function.paged-code');
    lacksScope(lines[9], 'DISPATCH_LEVEL', 'constant.language.irql');
  }
}

describe('SAL IRQL injection grammar', () => {
  test('injected into source.c and source.cpp (stand-in host grammars): annotations, levels, PAGED_CODE; not in comments or strings', async () => {
    await injectionChecks('stand-in');
  });

  test('injected into VS Code\'s own C grammar', { skip: existsSync(VSCODE_C_GRAMMAR) ? false : 'no local VS Code C grammar (.vscode-test/code-server)' }, async () => {
    await injectionChecks('vscode');
  });
});
