// The path-sensitive flow walk on hand-built Flow trees: if/else joins, loops to a fixpoint,
// switch with fallthrough, early returns, goto to a label (forward and backward), __try/__finally,
// and the bounds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallSite, Flow, FunctionDecl, Range } from '../../../server/src/analysis/model';
import { raisedLevel, walkFunction, type CallEffect, type PathState } from '../../../server/src/analysis/irql/flow';

const R: Range = { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } };
const at = (line: number): Range => ({ start: { line, column: 0 }, end: { line, column: 1 } });

function call(name: string, args: string[] = ['&Lock', '&Old']): CallSite {
  return { callee: name, calleeName: name, args: args.map((text) => ({ text })), inTry: false, range: R };
}

function decl(calls: CallSite[], flow: Flow): FunctionDecl {
  return {
    name: 'f',
    qualifiedName: 'f',
    file: 'f.c',
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
  };
}

/** Acquire/Release raise to DISPATCH_LEVEL; Attach/Detach track a process attach. */
function classify(c: CallSite): CallEffect {
  switch (c.calleeName) {
    case 'Acquire':
      return { kind: 'acquire', level: 2, pairsWith: ['Release'] };
    case 'TryAcquire':
      return { kind: 'acquire', level: 2, pairsWith: ['Release'], conditional: true };
    case 'Release':
      return { kind: 'release', level: null, pairsWith: ['Acquire', 'TryAcquire'] };
    case 'Attach':
      return { kind: 'attach', level: null, pairsWith: ['Detach'] };
    case 'Detach':
      return { kind: 'detach', level: null, pairsWith: ['Attach'] };
    default:
      return { kind: 'none', level: null, pairsWith: [] };
  }
}

const c = (i: number): Flow => ({ k: 'call', call: i });
const seq = (...items: Flow[]): Flow => ({ k: 'seq', items });
const ret = (line: number): Flow => ({ k: 'return', range: at(line) });

function levels(states: readonly PathState[] | undefined): (number | null)[] {
  return (states ?? []).map((s) => raisedLevel(s, true)?.level ?? null).sort();
}

function heldAtExits(r: ReturnType<typeof walkFunction>): string[] {
  return r.exits.map((e) => `${e.range ? e.range.start.line : 'end'}:${e.states.map((s) => s.held.map((h) => h.call).join('+') || '-').sort().join('|')}`);
}

test('straight line: the IRQL is raised between acquire and release only', () => {
  const d = decl([call('Acquire'), call('Work'), call('Release'), call('After')], seq(c(0), c(1), c(2), c(3)));
  const r = walkFunction(d, classify);
  assert.deepEqual(levels(r.atCall[1]), [2]);
  assert.deepEqual(levels(r.atCall[3]), [null]);
  assert.deepEqual(heldAtExits(r), ['end:-']);
  assert.deepEqual(r.matched.get(0), [2]);
});

test('if/else join keeps both possibilities (held on one path only)', () => {
  const d = decl([call('Acquire'), call('Work')], seq({ k: 'if', then: c(0) }, c(1)));
  const r = walkFunction(d, classify);
  assert.deepEqual(levels(r.atCall[1]), [2, null].sort());
  assert.deepEqual(heldAtExits(r), ['end:-|0']);
});

test('early return inside an if holds the lock on that exit only', () => {
  const d = decl([call('Acquire'), call('Release')], seq(c(0), { k: 'if', then: ret(5) }, c(1), ret(9)));
  const r = walkFunction(d, classify);
  assert.deepEqual(heldAtExits(r), ['5:0', '9:-']);
  // The early exit is inside a branch the acquire is not in: branch ids tell them apart.
  assert.deepEqual(r.callBranches[0], []);
  assert.equal(r.exits[0].branches.length, 1);
});

test('loop: the body iterates to a fixpoint and break leaves with the state of the break', () => {
  // while (x) { Acquire; if (y) break; Release; }  Work;
  const d = decl([call('Acquire'), call('Release'), call('Work')], seq({ k: 'loop', body: seq(c(0), { k: 'if', then: { k: 'break' } }, c(1)) }, c(2)));
  const r = walkFunction(d, classify);
  assert.deepEqual(levels(r.atCall[2]), [2, null].sort());
  assert.deepEqual(levels(r.atCall[0]), [null]); // a released lock does not leak into the next iteration
  assert.equal(r.truncated, false);
});

test('loop: an acquire without release grows to the fixpoint (the lock is re-acquired, not stacked)', () => {
  const d = decl([call('Acquire'), call('Work')], seq({ k: 'loop', body: c(0) }, c(1)));
  const r = walkFunction(d, classify);
  assert.deepEqual(levels(r.atCall[1]), [2, null].sort());
  for (const s of r.atCall[1] ?? []) assert.ok(s.held.length <= 1);
});

test('switch: cases start from the entry, fall through, and break out', () => {
  // switch: case 0: Acquire; (fallthrough) case 1: Work; break; case 2: Release-less return
  const d = decl(
    [call('Acquire'), call('Work'), call('Other')],
    seq({ k: 'switch', cases: [c(0), seq(c(1), { k: 'break' }), seq(c(2), ret(7))], hasDefault: false }),
  );
  const r = walkFunction(d, classify);
  assert.deepEqual(levels(r.atCall[1]), [2, null].sort(), 'case 1 is reached from the switch and by fallthrough from case 0');
  assert.deepEqual(levels(r.atCall[2]), [null], 'case 2 only from the entry');
  assert.deepEqual(heldAtExits(r), ['7:-', 'end:-|0']);
});

test('goto forward to a cleanup label: both paths release there', () => {
  // Acquire; if (err) goto Exit; Work; Exit: Release; return
  const d = decl([call('Acquire'), call('Work'), call('Release')], seq(c(0), { k: 'if', then: { k: 'goto', label: 'Exit' } }, c(1), { k: 'label', name: 'Exit' }, c(2), ret(9)));
  const r = walkFunction(d, classify);
  assert.deepEqual(levels(r.atCall[2]), [2]);
  assert.deepEqual(heldAtExits(r), ['9:-']);
});

test('goto backward (retry loop) iterates until the label state is stable', () => {
  // Retry: Work; Acquire; if (busy) { Release; goto Retry; } Release; return
  const d = decl(
    [call('Work'), call('Acquire'), call('Release'), call('Release')],
    seq({ k: 'label', name: 'Retry' }, c(0), c(1), { k: 'if', then: seq(c(2), { k: 'goto', label: 'Retry' }) }, c(3), ret(9)),
  );
  const r = walkFunction(d, classify);
  assert.deepEqual(levels(r.atCall[0]), [null]);
  assert.deepEqual(heldAtExits(r), ['9:-']);
  assert.equal(r.truncated, false);
});

test('goto skipping the release reaches the return holding the lock', () => {
  const d = decl([call('Acquire'), call('Release')], seq(c(0), { k: 'if', then: { k: 'goto', label: 'Done' } }, c(1), { k: 'label', name: 'Done' }, ret(8)));
  const r = walkFunction(d, classify);
  assert.deepEqual(heldAtExits(r), ['8:-|0']);
});

test('__finally runs before a return inside __try', () => {
  const d = decl([call('Acquire'), call('Release')], seq(c(0), { k: 'try', body: seq({ k: 'if', then: ret(4) }), finally: c(1) }, ret(9)));
  const r = walkFunction(d, classify);
  assert.deepEqual(heldAtExits(r), ['4:-', '9:-']);
});

test('a release pairs with the acquire whose arguments it shares (in-stack queued handles)', () => {
  const d = decl(
    [call('Acquire', ['&A', '&hA']), call('Acquire', ['&B', '&hB']), call('Release', ['&hA']), call('Work')],
    seq(c(0), c(1), c(2), c(3)),
  );
  const r = walkFunction(d, classify);
  const held = (r.atCall[3] ?? [])[0].held.map((h) => h.call);
  assert.deepEqual(held, [1]);
});

test('a release without an acquire makes the IRQL unknown from there on', () => {
  const d = decl([call('Release'), call('Work')], seq(c(0), c(1)));
  const r = walkFunction(d, classify);
  assert.equal((r.atCall[1] ?? [])[0].lost, true);
});

test('attach/detach are tracked like acquisitions of their own kind', () => {
  const d = decl([call('Attach', ['P', '&Apc']), call('Current', []), call('Detach', ['&Apc']), call('Current', [])], seq(c(0), c(1), c(2), c(3)));
  const r = walkFunction(d, classify);
  assert.equal((r.atCall[1] ?? [])[0].held[0].kind, 'attach');
  assert.equal((r.atCall[3] ?? [])[0].held.length, 0);
});

test('try-acquires count only towards the possible maximum', () => {
  const d = decl([call('TryAcquire'), call('Work')], seq(c(0), c(1)));
  const r = walkFunction(d, classify);
  const s = (r.atCall[1] ?? [])[0];
  assert.equal(raisedLevel(s, false), null);
  assert.equal(raisedLevel(s, true)?.level, 2);
});

test('without a flow tree, calls are walked in source order', () => {
  const calls = [call('Release'), call('Acquire'), call('Work')];
  calls[0].range = at(9);
  calls[1].range = at(1);
  calls[2].range = at(5);
  const d = decl(calls, undefined as unknown as Flow);
  delete (d as { flow?: Flow }).flow;
  const r = walkFunction(d, classify);
  assert.deepEqual(levels(r.atCall[2]), [2]);
  assert.deepEqual(heldAtExits(r), ['end:-']);
});

test('bounded: a huge number of independent branches caps the state set and stays fast', () => {
  const calls: CallSite[] = [];
  const items: Flow[] = [];
  for (let i = 0; i < 200; i++) {
    calls.push(call('Acquire', [`&L${i}`, `&O${i}`]));
    items.push({ k: 'if', then: c(i) });
  }
  calls.push(call('Work'));
  items.push(c(200));
  const t0 = Date.now();
  const r = walkFunction(decl(calls, seq(...items)), classify);
  assert.ok((r.atCall[200] ?? []).length <= 24);
  assert.ok((r.atCall[200] ?? []).some((s) => s.approx), 'the overflow is marked approximate');
  assert.ok(Date.now() - t0 < 5000);
});

test('going around an if whose other arm released and carried on marks the lock as skipped (flag correlation)', () => {
  // Acquire; if (e) goto Exit; Release; Exit: if (held) Release; return
  const d = decl(
    [call('Acquire'), call('Release'), call('Release')],
    seq(c(0), { k: 'if', then: { k: 'goto', label: 'Exit' } }, c(1), { k: 'label', name: 'Exit' }, { k: 'if', then: c(2) }, ret(9)),
  );
  const r = walkFunction(d, classify);
  const held = r.exits[0].states.filter((s) => s.held.length);
  assert.equal(held.length, 1);
  assert.deepEqual(held[0].skipped, [0]);
});

test('an early-exit arm that releases does not mark the other path as skipped', () => {
  // Acquire; if (a) { Release; return } ; if (b) return ; Release; return
  const d = decl([call('Acquire'), call('Release'), call('Release')], seq(c(0), { k: 'if', then: seq(c(1), ret(3)) }, { k: 'if', then: ret(5) }, c(2), ret(7)));
  const r = walkFunction(d, classify);
  const leak = r.exits.find((e) => e.range?.start.line === 5)!;
  assert.equal(leak.states[0].held.length, 1);
  assert.equal(leak.states[0].skipped, undefined);
});

test('break/continue outside any loop (a macro loop seen as a block) rejoin after the block', () => {
  const d = decl([call('Acquire'), call('Work'), call('Release')], seq(c(0), seq({ k: 'if', then: { k: 'continue' } }, c(1)), c(2), ret(9)));
  const r = walkFunction(d, classify);
  assert.deepEqual(heldAtExits(r), ['9:-']);
});
