import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFindingSettings, ruleMatches } from '../../../server/src/analysis/rules/applySettings';
import { computeLineInfo, indentationOf, isContinuationLine } from '../../../server/src/analysis/lineInfo';
import { DEFAULT_SETTINGS, mergeSettings } from '../../../server/src/analysis/settings';
import type { Finding, RuleId } from '../../../server/src/analysis/results';
import { R, summary } from './synthetic';

const F = '/drv/a.c';
const finding = (rule: RuleId, line: number, severity: Finding['severity'] = 'warning'): Finding => ({
  rule,
  severity,
  file: F,
  range: R(line, 4, 6),
  message: 'm',
  related: [],
  fixes: [],
});

const text = [
  'VOID Foo(VOID)', //                                         0
  '{', //                                                      1
  '    // stacklens-ignore stack/large-frame', //              2
  '    UCHAR a[2048];', //                                     3
  '    UCHAR b[2048]; // stacklens-ignore stack/large-local', // 4
  '    UCHAR c[2048];', //                                     5
  '\tUCHAR d[2048];', //                                       6
  '#define BIG(x) \\', //                                      7
  '    UCHAR x[4096]', //                                      8
  '    // stacklens-ignore stack/*', //                         9
  '    Recurse();', //                                          10
  '}', //                                                       11
].join('\r\n');

const s = summary(F, [], {
  suppressions: [
    { line: 2, rules: ['stack/large-frame'] },
    { line: 4, rules: ['stack/large-local'] },
    { line: 9, rules: ['stack/*'] },
  ],
});
const lines = computeLineInfo(text);
const src = { summary: () => s, lineInfo: () => lines };

test('suppression comments apply to their own line and the next one only', () => {
  const out = applyFindingSettings(
    [finding('stack/large-frame', 3), finding('stack/large-local', 3), finding('stack/large-local', 4), finding('stack/large-local', 5), finding('stack/large-local', 6)],
    DEFAULT_SETTINGS,
    src,
  );
  assert.deepEqual(
    out.map((f) => `${f.rule}@${f.range.start.line}`),
    ['stack/large-local@3', 'stack/large-local@6'],
  );
});

test('`stack/*` suppresses every stack rule and nothing else', () => {
  assert.ok(ruleMatches('stack/*', 'stack/recursion'));
  assert.ok(!ruleMatches('stack/*', 'irql/too-high'));
  assert.ok(ruleMatches('*', 'irql/too-high'));
  const out = applyFindingSettings([finding('stack/recursion', 10), finding('irql/too-high', 10)], DEFAULT_SETTINGS, src);
  assert.deepEqual(out.map((f) => f.rule), ['irql/too-high']);
});

test('severity overrides: off drops the rule, others replace the severity', () => {
  const settings = mergeSettings({ severity: { 'stack/large-local': 'off', 'stack/dynamic': 'error' } });
  const out = applyFindingSettings([finding('stack/large-local', 5), finding('stack/dynamic', 5), finding('irql/too-high', 5, 'information')], settings, src);
  assert.deepEqual(out.map((f) => `${f.rule}:${f.severity}`), ['stack/dynamic:error', 'irql/too-high:information']);
});

test('the ignore quick fix inserts a comment above with the line indentation and the file EOL', () => {
  const [f10] = applyFindingSettings([finding('irql/too-high', 11)], DEFAULT_SETTINGS, src);
  const fix = f10.fixes.at(-1)!;
  assert.match(fix.title, /Suppress irql\/too-high/);
  assert.deepEqual(fix.edits, [{ file: F, range: { start: { line: 11, column: 0 }, end: { line: 11, column: 0 } }, newText: '// stacklens-ignore irql/too-high\r\n' }]);
  // Line 5 is covered by the trailing comment of line 4: the new comment repeats its rule.
  const [f5] = applyFindingSettings([finding('stack/struct-copy', 5)], DEFAULT_SETTINGS, src);
  assert.equal(f5.fixes.at(-1)!.edits[0].newText, '    // stacklens-ignore stack/large-local stack/struct-copy\r\n');
  const [f6] = applyFindingSettings([finding('stack/large-frame', 6)], DEFAULT_SETTINGS, src);
  assert.equal(f6.fixes.at(-1)!.edits[0].newText, '\t// stacklens-ignore stack/large-frame\r\n');
});

test('the fix keeps suppressions of the line above in force (they would stop covering the finding)', () => {
  const [f] = applyFindingSettings([finding('stack/dynamic', 3)], DEFAULT_SETTINGS, src);
  assert.equal(f.fixes.at(-1)!.edits[0].newText, '    // stacklens-ignore stack/large-frame stack/dynamic\r\n');
});

test('no fix inside a multi-line macro (a // line would cut the #define)', () => {
  const [f] = applyFindingSettings([finding('stack/large-local', 8)], DEFAULT_SETTINGS, src);
  assert.equal(f.fixes.length, 0);
  assert.ok(isContinuationLine(lines, 8));
  assert.ok(!isContinuationLine(lines, 7));
});

test('line info: indentation, tabs, LF files', () => {
  const info = computeLineInfo('a\n  b\n\t\tc\n');
  assert.equal(info.eol, '\n');
  assert.equal(indentationOf(info, 0), '');
  assert.equal(indentationOf(info, 1), '  ');
  assert.equal(indentationOf(info, 2), '\t\t');
  assert.equal(info.lines.length, 4);
});
