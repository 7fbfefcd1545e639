// How the V8 heap of the language server (and the CLI) is sized.
//
// Why: V8's defaults favour throughput. A young generation of up to 3 x 16 MB, and an old
// generation allowed to grow to up to four times what survived the last full collection, suit a
// short script. For a server holding one summary per file of a 1.4 M-line workspace they meant
// ~380 MB resident for ~190 MB of live data. With a 4 MB semi-space and the old generation growing
// by 40 % between full collections, bench/workspace.ts measures 40-60 MB less peak RSS for
// 0.03-0.05x of a bare parse in extra collections, about its run-to-run noise (README figures).
// V8 still grows the heap as far as it needs: these settings change when it collects, not how
// much it may hold.

import * as v8 from 'node:v8';

/** Growth of the old generation between full collections, in percent (V8's default: 10-300 %). */
const HEAP_GROWING_PERCENT = 40;

/**
 * Node flags for the process that runs the server (the client passes them as execArgv). Only
 * Node's documented, long-standing `--max-semi-space-size`: an unknown flag would stop the server
 * from starting at all, so V8-internal flags are applied at run time instead (below).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

/**
 * Applies what can change after start-up: the old generation's growth factor, which V8 reads at
 * each full collection. A V8 without the flag only prints a warning and keeps its default sizing
 * (slower to give memory back, still correct). Called first thing by the server and the CLI.
 */
export function applyRuntimeHeapSettings(): void {
  try {
    v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  } catch {
    // Same as an unknown flag: default sizing.
  }
}
