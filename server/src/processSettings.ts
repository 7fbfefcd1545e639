// How the language server's process (and the CLI's) is set up for memory: V8's heap sizing, how
// V8 compiles the tree-sitter grammars, and glibc's malloc arenas.
//
// Why: V8's defaults favour a short script's throughput. For a server holding one summary per file
// of a 1.4 M-line workspace they meant ~380 MB resident for ~190 MB of live data
// (bench/workspace.ts, figures in the README):
//  - Heap. A young generation of up to 3 x 16 MB, and an old generation allowed to grow to up to
//    four times what survived the last full collection. With a 4 MB semi-space and the old
//    generation growing by 40 % between full collections, 40-60 MB less peak RSS for 0.03-0.05x of
//    a bare parse in extra collections, about the benchmark's run-to-run noise. V8 still grows the
//    heap as far as it needs: these settings change when it collects, not how much it may hold.
//  - Grammar code. V8 compiles WebAssembly twice by default: at once with its baseline compiler
//    (Liftoff), then hot functions again with its optimising compiler on background threads, and
//    both copies stay resident. The C++ grammar is 3.4 MB of WASM. Compiling each function once,
//    optimised, when it is first called (`--no-liftoff --wasm-lazy-compilation`) costs ~0.35 s once
//    at start-up and parses as fast.
//  - malloc. Those compiler threads, and V8's other helper threads, each get a glibc malloc arena
//    that keeps its freed memory; two arenas (`MALLOC_ARENA_MAX=2`, a documented glibc tunable)
//    return it. Only with the grammar setting above did it measure as a saving: together they take
//    the process's non-heap memory from ~106 MB to ~90 MB (three runs each). On Node 24 (the
//    runtime code-server gives the server) compiling the grammars leaves ~45 MB of freed memory at
//    the top of the malloc heap, which glibc keeps until more than its trim threshold (128 KB,
//    raised at run time up to 32 MB) is free; 64 KB (`MALLOC_TRIM_THRESHOLD_`) gives it back: peak
//    RSS 343-345 -> 312-320 MB there, no change on Node 20.
// None of this changes results: the unit and protocol tests run with the same code either way.

import * as v8 from 'node:v8';

/** Growth of the old generation between full collections, in percent (V8's default: 10-300 %). */
const HEAP_GROWING_PERCENT = 40;

/**
 * Node flags for the process that runs the server (the client passes them as execArgv). Only
 * Node's documented, long-standing `--max-semi-space-size`: an unknown flag would stop the server
 * from starting at all, so V8-internal flags are applied at run time instead (below).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

/** Environment for the server process, on top of the editor's (glibc reads it at start; other C libraries ignore it). */
const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '65536' };

/** The variables of SERVER_ENV that `current` does not set already (a user's own setting wins). */
export function serverEnvironment(current: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(SERVER_ENV)) if (current[k] === undefined) out[k] = v;
  return out;
}

/** V8 flags that take effect when set at run time, before the first full collection / WASM compile. */
const RUNTIME_V8_FLAGS: readonly string[] = [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, '--no-liftoff', '--wasm-lazy-compilation'];

/**
 * Applies what can change after start-up. Must run before the grammars are compiled (the server
 * and the CLI call it first thing). A V8 without one of the flags only prints a warning and keeps
 * its default for it: slower to give memory back, still correct.
 */
export function applyRuntimeSettings(): void {
  for (const flag of RUNTIME_V8_FLAGS) {
    try {
      v8.setFlagsFromString(flag);
    } catch {
      // Same as an unknown flag: the default.
    }
  }
}
