// A tiny test harness for the extension-host suite (no mocha): runs tests in order, logs each
// result, prints a machine-readable summary line and rejects when any test failed, which makes
// both @vscode/test-electron and the offline code-server runner exit non-zero.

export interface IntegrationTest {
  name: string;
  fn: () => Promise<void>;
  timeoutMs?: number;
}

export const RESULT_MARKER = 'STACKLENS-INTEGRATION-RESULT';

export async function runTests(tests: IntegrationTest[]): Promise<void> {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    const started = Date.now();
    try {
      await withTimeout(t.fn(), t.timeoutMs ?? 60000, t.name);
      passed++;
      console.log(`  ✔ ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`  ✖ ${t.name} (${Date.now() - started} ms)\n    ${(e as Error)?.stack ?? String(e)}`);
    }
  }
  console.log(`${RESULT_MARKER} ${JSON.stringify({ passed, failed })}`);
  if (failed) throw new Error(`${failed} integration test(s) failed`);
}

function withTimeout<T>(p: Promise<T>, ms: number, name: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${name}`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `fn` until it returns a truthy value (or throws after `ms`). */
type Falsy = false | null | undefined | 0 | '';

export async function waitFor<T>(fn: () => T | Falsy | Promise<T | Falsy>, ms = 30000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(200);
  }
}
