// The paste box and its overrides (architecture, stack limit). Parses as the user types (debounced,
// longer for big pastes) or at once on the button / Ctrl+Enter.

import type { StackArch } from '../../server/src/windbg/model';
import { button, el } from './dom';

export interface PasteRequest {
  text: string;
  arch?: StackArch;
  limitBytes?: number;
}

export interface PasteBoxHooks {
  request(req: PasteRequest): void;
  /** Text or overrides changed (for saving the panel's state). */
  changed(state: PasteState): void;
}

export interface PasteState {
  text: string;
  arch: string;
  limit: string;
}

/**
 * Reads the limit override: `12288`, `0x3000`, `12K`, `12 KiB`, `12kb` (KiB multiples). Empty means
 * automatic (undefined); anything else unreadable, zero or absurd (> 1 GiB) is `NaN`.
 */
export function parseLimitInput(text: string): number | undefined {
  const t = text.trim().replace(/[,_\s]/g, '');
  if (!t) return undefined;
  let m = /^0x([0-9a-f]+)$/i.exec(t);
  let bytes: number;
  if (m) bytes = parseInt(m[1], 16);
  else if ((m = /^(\d+(?:\.\d+)?)(k|kb|kib)$/i.exec(t))) bytes = Math.round(parseFloat(m[1]) * 1024);
  else if ((m = /^(\d+)(b)?$/i.exec(t))) bytes = parseInt(m[1], 10);
  else return NaN;
  return bytes > 0 && bytes <= 1024 ** 3 ? bytes : NaN;
}

const TYPING_DEBOUNCE_MS = 250;

export class PasteBox {
  readonly node: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  private readonly arch: HTMLSelectElement;
  private readonly limit: HTMLInputElement;
  private readonly limitError: HTMLElement;
  private readonly origin: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSent = '';

  constructor(private readonly hooks: PasteBoxHooks) {
    this.textarea = el('textarea', {
      className: 'paste',
      attrs: {
        id: 'sl-paste',
        spellcheck: 'false',
        autocomplete: 'off',
        wrap: 'off',
        rows: 8,
        placeholder: 'Paste WinDbg output here: k, kb, kv, kp, kn, kf, kcf, !thread, !analyze -v … (Ctrl+Enter to visualize)',
        'aria-describedby': 'sl-paste-help',
      },
    });
    this.arch = el('select', { attrs: { id: 'sl-arch' } });
    for (const [value, label] of [
      ['', 'Auto'],
      ['x86', 'x86'],
      ['x64', 'x64'],
      ['arm64', 'arm64'],
    ]) {
      this.arch.appendChild(el('option', { text: label, attrs: { value } }));
    }
    this.limit = el('input', {
      attrs: { id: 'sl-limit', type: 'text', inputmode: 'text', placeholder: 'auto', size: 10, 'aria-describedby': 'sl-limit-help sl-limit-error', spellcheck: 'false' },
    });
    this.limitError = el('span', { className: 'field-error', attrs: { id: 'sl-limit-error', 'aria-live': 'polite' } });
    this.origin = el('span', { className: 'origin muted', attrs: { 'aria-live': 'polite' } });

    const label = el('label', { className: 'paste-label', text: 'WinDbg output', attrs: { for: 'sl-paste' } });
    const help = el('p', {
      className: 'help muted',
      attrs: { id: 'sl-paste-help' },
      text: 'Parsed as you type. Frame sizes come from the Memory column (kf) or from frame-pointer distances; the limit from !thread, else the platform stack size.',
    });
    const controls = el(
      'div',
      { className: 'controls' },
      el('label', { className: 'field', attrs: { for: 'sl-arch' } }, 'Architecture '),
      this.arch,
      el('label', { className: 'field', attrs: { for: 'sl-limit' } }, 'Stack limit '),
      this.limit,
      el('span', { className: 'muted small', attrs: { id: 'sl-limit-help' }, text: 'bytes, 0x…, or 12K' }),
      this.limitError,
      el('span', { className: 'spacer' }),
      button('Clear', () => this.setText('', undefined, true), { className: 'secondary', attrs: { 'data-action': 'clear' } }),
      button('Visualize', () => this.submit(true), { attrs: { 'data-action': 'visualize' } }),
    );
    this.node = el('section', { className: 'paste-box', attrs: { 'aria-label': 'Paste' } }, el('div', { className: 'paste-head' }, label, this.origin), this.textarea, help, controls);

    this.textarea.addEventListener('input', () => {
      this.origin.textContent = '';
      this.changed();
      this.schedule();
    });
    this.textarea.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.submit(true);
      }
    });
    this.arch.addEventListener('change', () => {
      this.changed();
      this.submit(true);
    });
    this.limit.addEventListener('input', () => {
      this.changed();
      this.schedule();
    });
  }

  get state(): PasteState {
    return { text: this.textarea.value, arch: this.arch.value, limit: this.limit.value };
  }

  restore(state: Partial<PasteState>): void {
    if (typeof state.arch === 'string' && Array.from(this.arch.options).some((o) => o.value === state.arch)) this.arch.value = state.arch;
    if (typeof state.limit === 'string') this.limit.value = state.limit.slice(0, 40);
    if (typeof state.text === 'string') this.textarea.value = state.text;
  }

  /** Replaces the text (from the extension or Clear) and parses it at once. */
  setText(text: string, origin?: string, focus = false): void {
    this.textarea.value = text;
    this.origin.textContent = origin ? `from ${origin}` : '';
    this.changed();
    this.submit(true);
    if (focus) this.textarea.focus();
  }

  private changed(): void {
    this.hooks.changed(this.state);
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    // Bigger pastes wait longer so typing in them stays smooth.
    const delay = TYPING_DEBOUNCE_MS + Math.min(1000, Math.floor(this.textarea.value.length / 20000));
    this.timer = setTimeout(() => this.submit(false), delay);
  }

  /** Sends the text for parsing; `force` re-sends unchanged input (button, arch change). */
  submit(force: boolean): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const limit = parseLimitInput(this.limit.value);
    if (limit !== undefined && Number.isNaN(limit)) {
      this.limitError.textContent = 'Not a size: use bytes, 0x3000 or 12K.';
      this.limit.setAttribute('aria-invalid', 'true');
      return;
    }
    this.limitError.textContent = '';
    this.limit.removeAttribute('aria-invalid');
    const req: PasteRequest = { text: this.textarea.value };
    if (this.arch.value) req.arch = this.arch.value as StackArch;
    if (limit !== undefined) req.limitBytes = limit;
    const key = `${req.arch ?? ''}|${req.limitBytes ?? ''}|${req.text}`;
    if (!force && key === this.lastSent) return;
    this.lastSent = key;
    this.hooks.request(req);
  }
}
