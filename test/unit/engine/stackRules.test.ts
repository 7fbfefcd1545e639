// Every stack/* rule on a bad and a good fixture (realistic WDM/KMDF, C and C++), analysed by the
// real engine (parser, layout, frames, call graph, worst paths, rules, settings).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFixtures, fixture, lineOf, ofRule, stackFindings } from './fixtures';

test('stack/large-frame: locals that add up to more than 1 KB (none alone above it)', async () => {
  const { analysis } = await analyzeFixtures(['large_frame_bad.c']);
  const [f, ...more] = ofRule(analysis.findings, 'stack/large-frame');
  assert.equal(more.length, 0);
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /^NvrDispatchDeviceControl uses [\d,]+ B of stack on x64, above the 1,024 B frame threshold; largest: nameBuffer \(WCHAR\[NAME_CHARS\]\) 512 B, scratch \(UCHAR\[SCRATCH_BYTES\]\) 480 B/);
  assert.match(lineOf(fixture('large_frame_bad.c').text, f), /NvrDispatchDeviceControl\(/);
  assert.equal(f.related.length, 3);
  assert.equal(ofRule(analysis.findings, 'stack/large-local').length, 0);
  const fn = analysis.functions.find((x) => x.name === 'NvrDispatchDeviceControl')!;
  assert.ok(fn.frames.x64.free.bytes! > 1024 && fn.frames.x86.free.bytes! > 1024);
  const good = await analyzeFixtures(['large_frame_good.c']);
  assert.deepEqual(stackFindings(good.analysis.findings), []);
});

test('stack/large-frame follows the target and the threshold setting', async () => {
  const { analysis } = await analyzeFixtures(['large_frame_bad.c'], { targetArch: 'x86', largeFrameBytes: 4096 });
  assert.equal(ofRule(analysis.findings, 'stack/large-frame').length, 0);
  const x86 = await analyzeFixtures(['large_frame_bad.c'], { targetArch: 'x86' });
  assert.match(ofRule(x86.analysis.findings, 'stack/large-frame')[0].message, / on x86,/);
});

test('stack/large-local: a 4 KB packet buffer in a KMDF read callback', async () => {
  const { analysis } = await analyzeFixtures(['large_local_bad.c']);
  const [f, ...more] = ofRule(analysis.findings, 'stack/large-local');
  assert.equal(more.length, 0);
  assert.equal(f.message, 'Local packet (UCHAR[PACKET_BYTES]) takes 4,096 B of stack on x64, above the 1,024 B threshold; allocate it from pool instead');
  assert.match(lineOf(fixture('large_local_bad.c').text, f), /UCHAR packet\[PACKET_BYTES\];/);
  assert.equal(ofRule(analysis.findings, 'stack/large-frame').length, 1);
  const good = await analyzeFixtures(['large_local_good.c']);
  assert.deepEqual(stackFindings(good.analysis.findings), []);
});

test('stack/struct-copy: `DEVICE_STATE snapshot = *state;` in C++ (416 B on x64)', async () => {
  const { analysis } = await analyzeFixtures(['struct_copy_bad.cpp']);
  const [f, ...more] = ofRule(analysis.findings, 'stack/struct-copy');
  assert.equal(more.length, 0);
  assert.match(f.message, /^snapshot copies a DEVICE_STATE \(416 B on x64\) onto the stack \(= \*state\)/);
  assert.match(lineOf(fixture('struct_copy_bad.cpp').text, f), /DEVICE_STATE snapshot = \*state;/);
  assert.equal(f.related.length, 1);
  assert.equal(f.related[0].message, 'DEVICE_STATE is defined here');
  assert.match(lineOf(fixture('struct_copy_bad.cpp').text, { ...f, range: f.related[0].range }), /struct DEVICE_STATE/);
  const x86 = await analyzeFixtures(['struct_copy_bad.cpp'], { targetArch: 'x86' });
  assert.match(ofRule(x86.analysis.findings, 'stack/struct-copy')[0].message, /\(400 B on x86\)/);
  const good = await analyzeFixtures(['struct_copy_good.cpp']);
  assert.deepEqual(ofRule(good.analysis.findings, 'stack/struct-copy'), []);
  assert.deepEqual(stackFindings(good.analysis.findings), []);
});

test('stack/dbg-growth: a DBG-only IRP history in the device extension and a DBG-only stack buffer', async () => {
  const { analysis } = await analyzeFixtures(['dbg_growth_bad.c']);
  const growth = ofRule(analysis.findings, 'stack/dbg-growth');
  const onType = growth.find((f) => f.message.startsWith('FLT_EXTENSION'))!;
  assert.ok(onType, 'reported on the type');
  assert.equal(onType.severity, 'information', 'no instance on the stack');
  assert.match(onType.message, /^FLT_EXTENSION grows by 2,136 B in checked \(DBG\) builds on x64 \(48 B → 2,184 B\): HistoryNext \(ULONG\), History \(IRP_TRACE\[HISTORY_DEPTH\]\)$/);
  assert.equal(onType.related.length, 2);
  const onFrame = growth.find((f) => f.message.startsWith('The frame of FltReadComplete'))!;
  assert.match(onFrame.message, /grows by [\d,]+ B in checked \(DBG\) builds on x64 \([\d,]+ B → [\d,]+ B\): message \(CHAR\[600\]\) \+600 B/);
  const t = analysis.types.find((x) => x.name === 'FLT_EXTENSION')!;
  assert.deepEqual(t.size, { x86: 32, x64: 48, arm64: 48 });
  assert.deepEqual(t.sizeChecked, { x86: 1640, x64: 2184, arm64: 2184 });
  const good = await analyzeFixtures(['dbg_growth_good.c']);
  assert.deepEqual(stackFindings(good.analysis.findings), []);
});

test('stack/recursion: a three-function descriptor walk and a self-recursive free, with the cycles', async () => {
  const { analysis } = await analyzeFixtures(['recursion_bad.c']);
  const rec = ofRule(analysis.findings, 'stack/recursion');
  const by = (name: string) => rec.find((f) => f.message.startsWith(name))!;
  assert.equal(rec.length, 4);
  assert.match(by('ParseEndpoints').message, /^ParseEndpoints is recursive: ParseEndpoints → ParseClassSpecific → ParseInterface → ParseEndpoints; each round takes [\d,]+ B of stack on x64 and the depth is not bounded statically$/);
  assert.deepEqual(by('ParseEndpoints').related.map((r) => r.message), ['ParseEndpoints calls ParseClassSpecific', 'ParseClassSpecific calls ParseInterface', 'ParseInterface calls ParseEndpoints']);
  assert.match(by('FreeDescriptorTree').message, /^FreeDescriptorTree calls itself; each round takes/);
  const text = fixture('recursion_bad.c').text;
  assert.match(lineOf(text, { ...by('FreeDescriptorTree'), range: by('FreeDescriptorTree').related[0].range }), /FreeDescriptorTree\(node->FirstChild\);/);
  const fn = analysis.functions.find((f) => f.name === 'ParseInterface')!;
  assert.deepEqual([...fn.recursion!].sort(), ['ParseClassSpecific', 'ParseEndpoints', 'ParseInterface']);
  assert.equal(analysis.functions.find((f) => f.name === 'UsbParseConfiguration')!.worstPath.x64.recursive, true);
  const good = await analyzeFixtures(['recursion_good.c']);
  assert.deepEqual(stackFindings(good.analysis.findings), []);
});

test('stack/deep-path: ten ~900-byte frames from a write dispatch routine exceed the x64 budget of 8,192 B', async () => {
  const { analysis } = await analyzeFixtures(['deep_path_bad.c']);
  assert.equal(ofRule(analysis.findings, 'stack/large-frame').length, 0, 'no single frame is large');
  const [f, ...more] = ofRule(analysis.findings, 'stack/deep-path');
  assert.equal(more.length, 0);
  assert.equal(f.severity, 'warning');
  assert.match(
    f.message,
    /^The deepest call chain from SerDispatchWrite \(declared as DRIVER_DISPATCH\) takes [\d,]+ B of stack on x64, above the driver budget of 8,192 B \(1\/3 of the 24,576 B x64 kernel stack\): SerDispatchWrite [\d,]+ B → SerValidate [\d,]+ B → /,
  );
  assert.equal(f.related.length, 9);
  assert.match(f.related[0].message, /^calls SerValidate \([\d,]+ B frame\)$/);
  const fn = analysis.functions.find((x) => x.name === 'SerDispatchWrite')!;
  assert.equal(fn.worstPath.x64.steps.length, 10);
  assert.ok(fn.worstPath.x64.bytes! > 8192 && fn.worstPath.x64.bytes! < 24576);
  // A larger budget silences it; an x86 target (4,096 B budget) reports it too.
  const roomy = await analyzeFixtures(['deep_path_bad.c'], { driverBudgetBytes: { x64: 16384 } });
  assert.equal(ofRule(roomy.analysis.findings, 'stack/deep-path').length, 0);
  const x86 = await analyzeFixtures(['deep_path_bad.c'], { targetArch: 'x86' });
  assert.match(ofRule(x86.analysis.findings, 'stack/deep-path')[0].message, /above the driver budget of 4,096 B \(1\/3 of the 12,288 B x86 kernel stack\)/);
  const good = await analyzeFixtures(['deep_path_good.c']);
  assert.deepEqual(stackFindings(good.analysis.findings), []);
});

test('stack/deep-path is an error when the chain alone exceeds the whole kernel stack', async () => {
  const { analysis } = await analyzeFixtures(['deep_path_bad.c'], { targetArch: 'x86', largeFrameBytes: 100000 });
  const fn = analysis.functions.find((x) => x.name === 'SerDispatchWrite')!;
  const [f] = ofRule(analysis.findings, 'stack/deep-path');
  assert.equal(f.severity, fn.worstPath.x86.bytes! > 12288 ? 'error' : 'warning');
});

test('stack/dynamic: _alloca and a variable-length array', async () => {
  const { analysis } = await analyzeFixtures(['dynamic_bad.c']);
  const dyn = ofRule(analysis.findings, 'stack/dynamic');
  assert.equal(dyn.length, 2);
  const text = fixture('dynamic_bad.c').text;
  assert.match(dyn[0].message, /^_alloca grows the frame of RegReadDword at run time/);
  assert.match(lineOf(text, dyn[0]), /_alloca\(needed\)/);
  assert.match(dyn[1].message, /^Variable-length array pages \(PHYSICAL_ADDRESS\[pageCount\]\) grows the frame of DmaBuildScatterList/);
  assert.equal(analysis.functions.find((f) => f.name === 'RegReadDword')!.frames.x64.free.dynamic, true);
  const good = await analyzeFixtures(['dynamic_good.c']);
  assert.deepEqual(stackFindings(good.analysis.findings), []);
});

test('suppression comments (line above, same line) and per-rule severity settings', async () => {
  const { analysis } = await analyzeFixtures(['suppressed.c']);
  const stack = stackFindings(analysis.findings).map((f) => `${f.rule} ${f.message.split(' ')[0]}`).sort();
  assert.deepEqual(stack, ['stack/large-frame HubDumpPorts', 'stack/large-local Local', 'stack/recursion HubDumpPorts']);
  const off = await analyzeFixtures(['suppressed.c'], { severity: { 'stack/recursion': 'off', 'stack/large-frame': 'error' } });
  assert.deepEqual(ofRule(off.analysis.findings, 'stack/recursion'), []);
  assert.equal(ofRule(off.analysis.findings, 'stack/large-frame')[0].severity, 'error');
  // Every finding offers the generic "suppress" fix, with the line's indentation.
  const f = ofRule(analysis.findings, 'stack/large-local')[0];
  const fix = f.fixes.find((x) => x.title.startsWith('Suppress'))!;
  assert.equal(fix.edits[0].newText, '    // stacklens-ignore stack/large-local\n');
  assert.equal(fix.edits[0].range.start.line, f.range.start.line);
});
