import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toAnalyzeJson, toAnalyzeText, toSarif } from '../../../server/src/analysis/report';
import type { FrameEstimate, FunctionReport, WorkspaceAnalysis, WorstPath } from '../../../server/src/analysis/results';
import { ALL_RULES } from '../../../server/src/analysis/results';
import { R, frame } from './synthetic';

const cwd = '/work/drv';
const fr = (b: number | null, c = b): Record<'free' | 'checked', FrameEstimate> => ({ free: frame(b), checked: frame(c) });
const wp = (bytes: number, names: string[]): WorstPath => ({ bytes, steps: names.map((n) => ({ key: n, name: n, frameBytes: 1 })), recursive: false, lowerBound: false });

function fnReport(name: string, line: number, frames: Record<'free' | 'checked', FrameEstimate>, worst: WorstPath, extra: Partial<FunctionReport> = {}): FunctionReport {
  return {
    key: `/work/drv/src/a.cpp#${name}`,
    name: name.split('::').pop()!,
    qualifiedName: name,
    file: '/work/drv/src/a.cpp',
    range: R(line, 0, 20),
    nameRange: R(line, 5, name.length),
    frames: { x86: frames, x64: frames, arm64: frames },
    worstPath: { x86: worst, x64: worst, arm64: worst },
    recursion: null,
    entryPoint: true,
    irql: { min: 0, max: 2, sources: [] },
    pageable: false,
    ...extra,
  };
}

const analysis: WorkspaceAnalysis = {
  functions: [
    fnReport('MYSTRUCT::toDebugStr', 60, fr(112, 8360), wp(112, ['MYSTRUCT::toDebugStr'])),
    fnReport('Entry', 10, fr(null), wp(500, ['Entry', 'MYSTRUCT::toDebugStr']), { irql: { min: null, max: null, sources: [] }, pageable: true }),
  ],
  findings: [
    {
      rule: 'stack/struct-copy',
      severity: 'warning',
      file: '/work/drv/src/a.cpp',
      range: R(64, 8, 15),
      message: '_this copies a MYSTRUCT (8,248 B on x64 in checked (DBG) builds) onto the stack',
      related: [{ file: '/work/drv/src/a.cpp', range: R(30, 0, 6), message: 'MYSTRUCT is defined here' }],
      fixes: [],
    },
    { rule: 'stack/deep-path', severity: 'error', file: '/work/drv/src/a.cpp', range: R(10, 5, 5), message: 'deep', related: [], fixes: [] },
  ],
  types: [
    { name: 'MYSTRUCT', file: '/work/drv/src/a.cpp', line: 30, size: { x86: 20, x64: 40, arm64: 40 }, align: { x86: 4, x64: 8, arm64: 8 }, sizeChecked: { x86: 8228, x64: 8248, arm64: 8248 } },
    { name: 'ITEM', file: '/work/drv/src/a.cpp', line: 12, size: { x86: 8, x64: 8, arm64: 8 }, align: { x86: 1, x64: 1, arm64: 1 } },
  ],
};

test('analyze JSON follows the schema-1 contract exactly', () => {
  const j = toAnalyzeJson(analysis, 'x64', cwd);
  assert.deepEqual(Object.keys(j), ['schema', 'arch', 'functions', 'diagnostics', 'types']);
  assert.equal(j.schema, 1);
  assert.equal(j.arch, 'x64');
  // Sorted by file and line; lines 1-based; paths relative to cwd.
  assert.deepEqual(j.functions[0], {
    name: 'Entry',
    file: 'src/a.cpp',
    line: 11,
    frameBytes: null,
    frameBytesChecked: null,
    dynamic: false,
    worstPathBytes: 500,
    worstPath: ['Entry', 'MYSTRUCT::toDebugStr'],
    irql: { min: null, max: null },
    pageable: true,
  });
  assert.equal(j.functions[1].frameBytes, 112);
  assert.equal(j.functions[1].frameBytesChecked, 8360);
  assert.deepEqual(j.diagnostics[0], { rule: 'stack/deep-path', severity: 'error', file: 'src/a.cpp', line: 11, column: 6, message: 'deep' });
  assert.deepEqual(Object.keys(j.diagnostics[1]), ['rule', 'severity', 'file', 'line', 'column', 'message']);
  assert.deepEqual(j.types[0], { name: 'ITEM', file: 'src/a.cpp', line: 12, size: { x86: 8, x64: 8, arm64: 8 }, align: { x86: 1, x64: 1, arm64: 1 } });
  assert.deepEqual(j.types[1].sizeChecked, { x86: 8228, x64: 8248, arm64: 8248 });
  // Round-trips through JSON unchanged (no undefined, no getters lost).
  assert.deepEqual(JSON.parse(JSON.stringify(j)), j);
});

test('SARIF 2.1.0: required properties, rules with help URIs, results with locations and related locations', () => {
  const s = toSarif(analysis, 'x64', cwd) as any;
  assert.equal(s.version, '2.1.0');
  assert.match(s.$schema, /sarif-2\.1\.0/);
  assert.ok(Array.isArray(s.runs) && s.runs.length === 1);
  const run = s.runs[0];
  assert.equal(run.tool.driver.name, 'StackLens');
  assert.equal(run.tool.driver.rules.length, ALL_RULES.length);
  for (const r of run.tool.driver.rules) {
    assert.equal(typeof r.id, 'string');
    assert.equal(typeof r.shortDescription.text, 'string');
    assert.match(r.helpUri, /^https:\/\/.+#[a-z0-9-]+$/);
    assert.ok(['error', 'warning', 'note', 'none'].includes(r.defaultConfiguration.level));
  }
  assert.equal(run.tool.driver.rules.find((r: any) => r.id === 'stack/large-frame').helpUri.split('#')[1], 'stacklarge-frame');
  assert.equal(run.originalUriBaseIds.SRCROOT.uri, 'file:///work/drv/');
  assert.equal(run.results.length, 2);
  for (const res of run.results) {
    assert.equal(typeof res.message.text, 'string');
    assert.ok(['error', 'warning', 'note', 'none'].includes(res.level));
    assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
    const loc = res.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, 'src/a.cpp');
    assert.equal(loc.artifactLocation.uriBaseId, 'SRCROOT');
    assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
  }
  const copy = run.results.find((r: any) => r.ruleId === 'stack/struct-copy');
  assert.equal(copy.level, 'warning');
  assert.deepEqual(copy.locations[0].physicalLocation.region, { startLine: 65, startColumn: 9, endLine: 65, endColumn: 24 });
  assert.equal(copy.relatedLocations[0].id, 1);
  assert.equal(copy.relatedLocations[0].message.text, 'MYSTRUCT is defined here');
  assert.equal(copy.relatedLocations[0].physicalLocation.region.startLine, 31);
});

test('text report: frames table, deepest paths, diagnostics with 1-based positions, counts', () => {
  const t = toAnalyzeText(analysis, 'x64', cwd);
  assert.match(t, /2 functions in 1 files, target x64 \(kernel stack 24 KiB\)/);
  assert.match(t, /112 B\s+8,360 B\s+MYSTRUCT::toDebugStr\s+src\/a\.cpp:61/);
  assert.match(t, /unknown\s+Entry/);
  assert.match(t, /500 B\s+2 %\s+Entry \(src\/a\.cpp:11\)\s+Entry → MYSTRUCT::toDebugStr/);
  assert.match(t, /src\/a\.cpp:11:6: error stack\/deep-path: deep/);
  assert.match(t, /1 error, 1 warning/);
});
