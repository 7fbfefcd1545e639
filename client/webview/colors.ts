// Module colours. Colours are never literal: each palette slot is a CSS class whose fill is a
// VS Code theme variable (see panel.css), so light, dark and high-contrast themes all work.
// A module keeps its slot across pastes where possible: the slot comes from a hash of the name,
// and only a clash inside one stack moves a module to the next free slot (bigger modules first,
// so the main culprits keep their usual colour).

/**
 * Seven hue families, each a VS Code theme colour, chosen to stay apart in light, dark and
 * high-contrast themes. Red is not among them (it marks the overflow).
 */
export const HUE_VARS: readonly string[] = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-terminal-ansiCyan',
  '--vscode-charts-yellow',
  '--vscode-terminal-ansiMagenta',
];
export const HUES = HUE_VARS.length;
/**
 * Palette slots (`.m0` … `.m13` in panel.css): slot h < 7 is hue h itself, slot 7 + h the same
 * hue mixed with the theme's foreground (a second tone, used once all seven hues are taken).
 */
export const PALETTE_SIZE = 2 * HUES;

/** FNV-1a over the lower-cased name: stable across sessions and machines. */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  const s = name.toLowerCase();
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Palette slot for each module; pass modules biggest first. A module's preferred hue comes from a
 * hash of its name, so it keeps its colour from paste to paste; when that hue is taken in this
 * stack, the next free hue is used, and only when all seven are taken the second tone. So the
 * seven biggest modules always get seven different hues. Unknown module (null) is not here.
 */
export function assignModuleSlots(modulesBiggestFirst: readonly string[]): Map<string, number> {
  const slots = new Map<string, number>();
  const used = new Set<number>();
  for (const m of modulesBiggestFirst) {
    if (slots.has(m)) continue;
    const hue = hashName(m) % HUES;
    let slot = -1;
    for (let tone = 0; tone < 2 && slot < 0; tone++) {
      for (let k = 0; k < HUES; k++) {
        const candidate = tone * HUES + ((hue + k) % HUES);
        if (!used.has(candidate)) {
          slot = candidate;
          break;
        }
      }
    }
    if (slot < 0) slot = hue; // more than fourteen modules: colours repeat
    used.add(slot);
    slots.set(m, slot);
  }
  return slots;
}

/** CSS class of a palette slot; `mx` is the neutral colour for frames without a module. */
export function slotClass(slot: number | undefined): string {
  return slot === undefined ? 'mx' : `m${slot}`;
}
