// Benchmark: parsing a 10,000-frame WinDbg paste (SPEC §5: within 50 ms).
//
// Two generated pastes — x64 `knf` (frame numbers, Memory, Child-SP, RetAddr, call site, some
// source annotations) and x86 `kb` (ChildEBP, RetAddr, three args) — are parsed N times; the
// median and per-frame cost are printed next to a baseline measured in the same run: splitting
// the same text into lines and running one simple regex over each line (the least any parser of
// this text must do). Run: node scripts/build.mjs && node dist/bench/stack-parse.js [runs]

import { cpus, loadavg } from 'node:os';
import { parseStacks, formatStackText } from '../server/src/windbg';
import { prng } from '../test/support/prng';

const FRAMES = 10_000;
const RUNS = Math.max(3, Number(process.argv[2]) || 21);


const SYMBOLS = [
  'nt!IofCallDriver',
  'nt!IopfCallDriver',
  'nt!KeWaitForSingleObject',
  'nt!MiDispatchFault',
  'nt!MmAccessFault',
  'FLTMGR!FltpDispatch',
  'FLTMGR!FltpPassThrough',
  'FLTMGR!FltpPerformPreCallbacksWorker',
  'Ntfs!NtfsFsdRead',
  'Ntfs!NtfsCommonRead',
  'Ntfs!NtfsNonCachedIo',
  'Ntfs!NtfsPrepareBuffers',
  'Wdf01000!FxIoQueue::DispatchEvents',
  'Wdf01000!FxIoQueue::DispatchRequestToDriver',
  'Wdf01000!FxDevice::DispatchWithLock',
  'MyDriver!DevMain::processRawURB',
  'MyDriver!MYSTRUCT::toDebugStr',
  'MyDriver!std::kstring::operator+=',
  "Wdf01000!FxMemoryBuffer::`scalar deleting destructor'",
  'DRIVER_A',
  'DRIVER_B',
];

function callSite(rnd: () => number): string {
  const s = SYMBOLS[Math.floor(rnd() * SYMBOLS.length)];
  const off = '+0x' + Math.floor(rnd() * 0x2000).toString(16);
  const src = rnd() < 0.2 ? ` [d:\\src\\drv\\file${Math.floor(rnd() * 50)}.c @ ${Math.floor(rnd() * 5000)}]` : '';
  return s + off + src;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function x64Knf(): string {
  const rnd = prng(1);
  const lines = ['0: kd> knf', ' # Memory  Child-SP          RetAddr               Call Site'];
  let sp = 0x0c000000; // low half of ffffd50c`0c000000; grows towards the base
  for (let i = 0; i < FRAMES; i++) {
    const mem = i === 0 ? 0 : 8 * (1 + Math.floor(rnd() * 96));
    sp += mem;
    const memText = i === 0 ? '' : mem.toString(16);
    lines.push(`${hex(i, 2)} ${memText.padStart(8)} ffffd50c\`${hex(sp, 8)} fffff806\`${hex(Math.floor(rnd() * 0xffffffff), 8)}     ${callSite(rnd)}`);
  }
  return lines.join('\n') + '\n';
}

function x86Kb(): string {
  const rnd = prng(2);
  const lines = ['0: kd> kb', 'ChildEBP RetAddr  Args to Child'];
  let ebp = 0x8a000000;
  for (let i = 0; i < FRAMES; i++) {
    ebp += i === 0 ? 0 : 4 * (1 + Math.floor(rnd() * 200));
    const args = [0, 1, 2].map(() => hex(Math.floor(rnd() * 0xffffffff), 8)).join(' ');
    lines.push(`${hex(ebp, 8)} ${hex(Math.floor(rnd() * 0xffffffff), 8)} ${args} ${callSite(rnd)}`);
  }
  return lines.join('\n') + '\n';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** CPU milliseconds of this process (user + system): robust when the machine is shared. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

interface Timing {
  wall: number[];
  cpu: number[];
}

function time(fn: () => unknown): Timing {
  for (let i = 0; i < 3; i++) fn(); // warm up
  const out: Timing = { wall: [], cpu: [] };
  for (let i = 0; i < RUNS; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    fn();
    out.wall.push(performance.now() - t0);
    out.cpu.push(cpuMs() - c0);
  }
  return out;
}

/** The floor: split into lines and one regex over each. */
const BASELINE_RE = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(.*)$/;
function baseline(text: string): number {
  let hits = 0;
  for (const line of text.split(/\r?\n/)) if (BASELINE_RE.exec(line)) hits++;
  return hits;
}

function report(name: string, text: string): void {
  const check = parseStacks(text);
  const frames = check.stacks.reduce((a, s) => a + s.frames.length, 0);
  if (frames !== FRAMES) throw new Error(`${name}: parsed ${frames} frames, expected ${FRAMES}`);
  const parse = time(() => parseStacks(text));
  const base = time(() => baseline(text));
  const format = time(() => formatStackText(check));
  const kb = (text.length / 1024).toFixed(0);
  const p = median(parse.wall);
  const pc = median(parse.cpu);
  const b = median(base.wall);
  const bc = median(base.cpu);
  console.log(`${name}: ${FRAMES} frames, ${kb} KB, ${RUNS} runs`);
  console.log(
    `  parse     wall median ${p.toFixed(1)} ms (min ${Math.min(...parse.wall).toFixed(1)}), CPU median ${pc.toFixed(1)} ms, ` +
      `${((p * 1000) / FRAMES).toFixed(2)} µs/frame — goal < 50 ms: ${p < 50 ? 'met' : 'NOT met'}`,
  );
  console.log(`  baseline  split + one regex per line: wall median ${b.toFixed(1)} ms (min ${Math.min(...base.wall).toFixed(1)}), CPU median ${bc.toFixed(1)} ms`);
  console.log(`  ratio     parse / baseline: wall ${(p / b).toFixed(1)}x, CPU ${(pc / Math.max(bc, 0.001)).toFixed(1)}x, min/min ${(Math.min(...parse.wall) / Math.min(...base.wall)).toFixed(1)}x`);
  console.log(`  text      formatStackText wall median ${median(format.wall).toFixed(1)} ms`);
  const s = check.stacks[0];
  console.log(`  result    ${s.frames.length} frames, ${s.cycles.length} cycles, ${s.modules.length} modules`);
}

console.log(`stack-parse bench — node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
report('x64 knf', x64Knf());
report('x86 kb', x86Kb());
