// Stack and return addresses as WinDbg prints them: 8 hex digits on x86, 16 on x64/arm64 with an
// optional backtick between the halves (fffff880`0331f6b8). Kept as two 32-bit halves so that
// distances are exact without BigInt (and fast: a 10,000-frame paste subtracts 10,000 pairs).

export interface Addr {
  /** Upper 32 bits (0 for 8-digit addresses). */
  hi: number;
  /** Lower 32 bits. */
  lo: number;
  /** 8 (x86) or 16 (x64/arm64) digits as printed. */
  width: 8 | 16;
  /** The token as printed (kept so formatting needs no number-to-text work). */
  text: string;
}

/**
 * Value of 8 hex digits at `from`, or -1. Hand-rolled (this runs twice per frame line) and kept in
 * int32 arithmetic until the end: `v * 16 + d` would leave V8's small-integer range after 7 digits.
 */
function hex8(s: string, from: number): number {
  let v = 0;
  for (let i = from; i < from + 8; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else if (c >= 65 && c <= 70) d = c - 55;
    else return -1;
    v = (v << 4) | d;
  }
  return v >>> 0;
}

/** A column address (`b8cb7010`, `fffff880\`0331f6b8`, `fffff8800331f6b8`), else null. */
export function parseColumnAddress(tok: string): Addr | null {
  const len = tok.length;
  if (len === 8) {
    const lo = hex8(tok, 0);
    return lo < 0 ? null : { hi: 0, lo, width: 8, text: tok };
  }
  if (len === 16 || (len === 17 && tok.charCodeAt(8) === 96 /* ` */)) {
    const hi = hex8(tok, 0);
    const lo = hex8(tok, len - 8);
    return hi < 0 || lo < 0 ? null : { hi, lo, width: 16, text: tok };
  }
  return null;
}

/** Parses `b8cba000`, `ffffd001\`f3a60000` or `0x...` (up to 16 digits) as an address. */
export function parseAnyAddress(tok: string): Addr | null {
  let t = tok.trim();
  if (t.startsWith('0x') || t.startsWith('0X')) t = t.slice(2);
  t = t.replace('`', '');
  if (!/^[0-9a-fA-F]{1,16}$/.test(t)) return null;
  if (t.length <= 8) {
    const padded8 = t.padStart(8, '0');
    return { hi: 0, lo: parseInt(padded8, 16), width: 8, text: padded8 };
  }
  const padded = t.padStart(16, '0');
  return { hi: parseInt(padded.slice(0, 8), 16), lo: parseInt(padded.slice(8), 16), width: 16, text: padded };
}

const TWO_32 = 4294967296;

/**
 * a − b in bytes. Exact while |a − b| < 2^53; beyond that the value is only approximately right,
 * which does not matter because anything that large is treated as a jump to another stack.
 */
export function addrDiff(a: Addr, b: Addr): number {
  return (a.hi - b.hi) * TWO_32 + (a.lo - b.lo);
}

/**
 * User-mode address. x86: below 0x80000000 (the default 2 GB split; a /3GB system would put
 * some user addresses above it, which we then read as kernel). x64/arm64: below the canonical
 * kernel half, i.e. upper 32 bits < 0x00008000.
 */
export function isUserAddress(a: Addr): boolean {
  if (a.width === 8) return a.lo < 0x80000000;
  return a.hi < 0x8000;
}

/** An upper-case hex digit in `t` (a char loop: this runs for two addresses of every frame). */
function hasUpperHex(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 65 && c <= 70) return true;
  }
  return false;
}

/** `fffff880\`0331f6b8` for display (16-digit addresses get WinDbg's backtick back). */
export function formatAddr(a: Addr): string {
  const t = a.text;
  // Already in WinDbg's form (the usual case): no work, no allocation.
  if ((t.length === 8 || (t.length === 17 && t.charCodeAt(8) === 96)) && !hasUpperHex(t)) return t;
  const lo = a.lo.toString(16).padStart(8, '0');
  return a.width === 16 ? `${a.hi.toString(16).padStart(8, '0')}\`${lo}` : lo;
}
