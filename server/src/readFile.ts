// Reads a source file for indexing without ever throwing: a file that is too large, binary or
// unreadable is reported with a reason instead (bounded per-file work, a clear message).

import { readFileSync, statSync } from 'node:fs';

export interface ReadResult {
  text: string | null;
  reason?: string;
}

export function readTextFileSafe(path: string, maxBytes: number): ReadResult {
  try {
    const st = statSync(path);
    if (!st.isFile()) return { text: null, reason: 'not a regular file' };
    if (st.size > maxBytes) {
      return { text: null, reason: `skipped: ${st.size.toLocaleString('en-US')} bytes is over the ${maxBytes.toLocaleString('en-US')}-byte limit (stacklens.maxFileBytes)` };
    }
    const buf = readFileSync(path);
    if (looksBinary(buf)) return { text: null, reason: 'skipped: binary content' };
    return { text: buf.toString('utf8') };
  } catch (e) {
    return { text: null, reason: `unreadable: ${(e as Error).message}` };
  }
}

/** NUL bytes in the first 8 KiB mean binary (the heuristic git and grep use). */
export function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 8192);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}
