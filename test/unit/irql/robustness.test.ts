// Never crash: truncated and garbled driver text, hostile summaries (dangling call indices,
// absurd nesting, odd annotation text), CRLF.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSources, readFixture } from './harness';
import type { CallSite, FileSummary, Flow, FunctionDecl, Range } from '../../../server/src/analysis/model';
import { buildCallGraph } from '../../../server/src/analysis/callgraph/callgraph';
import { analyzeIrql } from '../../../server/src/analysis/irql/index';
import { mergeSettings } from '../../../server/src/analysis/settings';
import { prng as rng } from '../../support/prng';

test('truncated, garbled and CRLF versions of every fixture analyse without throwing', async () => {
  const rand = rng(42);
  const names = ['wdm_driver.c', 'kmdf_driver.c', 'cpp_driver.cpp', 'seed000_exact.c', 'seed001.bad.c', 'not_restored.bad.c'];
  for (const n of names) {
    const { text } = readFixture(n);
    const variants = [
      text.slice(0, Math.floor(text.length * rand())),
      text.replace(/\n/g, '\r\n'),
      text.replace(/[{}]/g, (c) => (rand() < 0.2 ? '' : c)),
      text
        .split('')
        .map((c) => (rand() < 0.01 ? String.fromCharCode(Math.floor(rand() * 0x2fff)) : c))
        .join(''),
    ];
    for (const [i, v] of variants.entries()) {
      const ext = n.endsWith('.cpp') ? 'cpp' : 'c';
      const r = await analyzeSources({ [`v${i}.${ext}`]: v });
      assert.ok(Array.isArray(r.result.findings));
    }
  }
});

const R: Range = { start: { line: 0, column: 0 }, end: { line: 0, column: 5 } };

function fn(name: string, calls: CallSite[], flow: Flow | undefined, extra: Partial<FunctionDecl> = {}): FunctionDecl {
  return {
    name,
    qualifiedName: name,
    file: 'h.c',
    range: R,
    nameRange: R,
    isDefinition: true,
    isStatic: false,
    returnType: { base: 'VOID', pointer: 0, arrayDims: [] },
    params: [],
    variadic: false,
    isMethod: false,
    annotations: [],
    locals: [],
    calls,
    flow,
    addressTaken: [],
    accesses: [],
    assignments: [],
    usesAlloca: false,
    pagedCode: false,
    referencedFunctions: [],
    copiesIntoLocals: [],
    hasParseErrors: false,
    ...extra,
  };
}

function summary(functions: FunctionDecl[]): FileSummary {
  return {
    file: 'h.c',
    language: 'c',
    hash: '0',
    lineCount: 1,
    records: [],
    typedefs: [],
    enums: [],
    defines: [],
    functions,
    slotAssignments: [{ slot: 'MajorFunction[', fn: '', inFunction: null, range: R }],
    allocText: [{ section: '"PAGE"', functions: ['Deep', ''], line: 0 }],
    codeSeg: [{ section: null, line: -5 }],
    suppressions: [],
    parseErrorFunctions: 0,
  };
}

test('hostile summaries: dangling call indices, 5,000-deep nesting, odd annotations, self-recursion', () => {
  const acquire: CallSite = { callee: 'KeAcquireSpinLock', calleeName: 'KeAcquireSpinLock', args: [{ text: '&L' }, { text: '&o' }], inTry: false, range: R };
  const close: CallSite = { callee: 'ZwClose', calleeName: 'ZwClose', args: [], inTry: false, range: R };
  const self: CallSite = { callee: 'Deep', calleeName: 'Deep', args: [], inTry: false, range: R };
  let deep: Flow = { k: 'call', call: 1 };
  for (let i = 0; i < 5000; i++) deep = i % 3 === 0 ? { k: 'if', then: deep } : i % 3 === 1 ? { k: 'loop', body: deep } : { k: 'seq', items: [deep, { k: 'goto', label: `L${i % 7}` }, { k: 'label', name: `L${i % 5}` }] };
  const fns = [
    fn('Dangling', [acquire], { k: 'seq', items: [{ k: 'call', call: 0 }, { k: 'call', call: 999 }, { k: 'call', call: -1 }, { k: 'break' }, { k: 'continue' }] }),
    fn('Deep', [acquire, close, self], { k: 'seq', items: [{ k: 'call', call: 0 }, deep, { k: 'call', call: 2 }] }, {
      annotations: [
        { name: '_IRQL_requires_max_', args: '((((', range: R },
        { name: '_When_', args: 'return, _IRQL_raises_(', range: R },
        { name: '_IRQL_requires_', args: 'DISPATCH_LEVEL + 99', range: R },
        { name: '_Function_class_', args: '', range: R },
        { name: '_Dispatch_type_', args: 'IRP_MJ_NOT_A_THING', range: R },
      ],
    }),
    fn('NoFlow', [close, acquire], undefined, { roleTypedef: 'NOT_A_ROLE' }),
  ];
  const summaries = [summary(fns)];
  const t0 = Date.now();
  const r = analyzeIrql({ graph: buildCallGraph(summaries), summaries, settings: mergeSettings({}), text: () => '\u0000garbage' });
  assert.ok(Array.isArray(r.findings));
  assert.equal(r.irql.size, 3);
  assert.ok(Date.now() - t0 < 20000);
});
