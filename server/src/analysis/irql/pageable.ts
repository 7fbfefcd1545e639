// Is a function's code pageable? PREfast's rule (C28170/C28172 pages) is that a section whose
// name begins with "PAGE" is pageable; a function gets there through `#pragma alloc_text(PAGE*,
// f)` or by being defined inside a `#pragma code_seg("PAGE*")` region (or with
// `__declspec(code_seg("PAGE*"))`, which the parser reports as an annotation).
// `INIT` (discardable after DriverEntry) is not pageable in this sense and is never reported.

import type { CallSite, FileSummary, Flow, FunctionDecl, Range } from '../model';

export interface Pageability {
  /** The function's code is placed in a PAGE* section. */
  pageable: boolean;
  /** `#pragma alloc_text(PAGE, f)`, `#pragma code_seg("PAGE")`, ... */
  reason?: string;
  /** Line (0-based) of the pragma that put it there. */
  line?: number;
  /** The section name (`PAGE`, `PAGELK`, `PAGESER`...). */
  section?: string;
  /**
   * PAGED_CODE() / PAGED_CODE_LOCKED() is called before the first conditional statement (where
   * PREfast looks for it, C28170): the function asserts it runs at <= APC_LEVEL.
   */
  pagedCode: boolean;
  pagedCodeRange?: Range;
  /** PAGED_CODE() is called anywhere in the body (an assertion of pageability, C28172). */
  pagedCodeAnywhere: boolean;
  /** Placed in the INIT section (discarded after initialisation; runs at PASSIVE_LEVEL). */
  initSection: boolean;
}

/** PAGED_CODE() / PAGED_CODE_LOCKED() (a name compare: this runs over every call of the workspace). */
function isPagedCodeCall(name: string | null | undefined): boolean {
  return name === 'PAGED_CODE' || name === 'PAGED_CODE_LOCKED';
}

/** A PAGED_CODE() call before the first if/loop/switch/try of the body (flow order). */
function earlyPagedCode(fn: FunctionDecl): CallSite | undefined {
  if (!fn.flow) return undefined;
  let node: Flow = fn.flow;
  while (node.k === 'seq' && node.items.length === 1 && node.items[0].k === 'seq') node = node.items[0];
  if (node.k !== 'seq') return node.k === 'call' && isPagedCodeCall(fn.calls[node.call]?.calleeName) ? fn.calls[node.call] : undefined;
  for (const item of node.items) {
    if (item.k === 'call') {
      const c = fn.calls[item.call];
      if (c && isPagedCodeCall(c.calleeName)) return c;
      continue;
    }
    if (item.k === 'assign' || item.k === 'label') continue;
    return undefined;
  }
  return undefined;
}

export function isPageSection(section: string | null | undefined): boolean {
  if (!section) return false;
  const s = section.replace(/^["'\s]+|["'\s]+$/g, '');
  return /^PAGE/i.test(s);
}

/** Per-file index: alloc_text names and sorted code_seg switches. */
export interface FilePaging {
  allocText: Map<string, { section: string; line: number }>;
  codeSeg: { section: string | null; line: number }[];
  /** Macros defined as `__declspec(code_seg("PAGE..."))` anywhere in the workspace. */
  pageMacros: ReadonlySet<string>;
  /** Macros defined as `__declspec(code_seg("INIT"))`. */
  initMacros?: ReadonlySet<string>;
  /** The source text just before a definition (its declaration specifiers), when text is available. */
  textBefore?: (fn: FunctionDecl) => string;
  /** `#pragma NDIS_PAGEABLE_FUNCTION(f)` placements read from the text (lazily: only when needed). */
  ndisAllocText?: () => Map<string, { section: string; line: number }>;
}

/** Per summary object (a summary never changes): its macros defined as a code_seg declspec. */
const SECTION_MACROS = new WeakMap<FileSummary, { PAGE: string[]; INIT: string[] }>();

function sectionMacrosOf(s: FileSummary): { PAGE: string[]; INIT: string[] } {
  let m = SECTION_MACROS.get(s);
  if (!m) {
    m = { PAGE: [], INIT: [] };
    for (const d of s.defines) {
      if (d.params) continue;
      if (/code_seg\s*\(\s*"PAGE/i.test(d.value)) m.PAGE.push(d.name);
      if (/code_seg\s*\(\s*"INIT/i.test(d.value)) m.INIT.push(d.name);
    }
    SECTION_MACROS.set(s, m);
  }
  return m;
}

/** Names of macros that place a function in a PAGE section (`#define PAGED_CODE_SEG __declspec(code_seg("PAGE"))`). */
export function pageSectionMacros(summaries: readonly FileSummary[], section: 'PAGE' | 'INIT' = 'PAGE'): Set<string> {
  const out = new Set<string>();
  for (const s of summaries) for (const name of sectionMacrosOf(s)[section]) out.add(name);
  return out;
}

/**
 * `#pragma NDIS_PAGEABLE_FUNCTION(f)` / `NDIS_INIT_FUNCTION(f)`: ndis.h defines them as
 * `alloc_text(PAGE, f)` / `alloc_text(INIT, f)`. Read from the text when the summary lacks them.
 */
export function ndisPragmas(text: string): { section: string; functions: string[]; line: number }[] {
  const out: { section: string; functions: string[]; line: number }[] = [];
  if (!text.includes('NDIS_')) return out;
  for (const m of text.matchAll(/^[ \t]*#[ \t]*pragma[ \t]+NDIS_(PAGEABLE|INIT)_FUNCTION[ \t]*\([ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*\)/gm)) {
    let line = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < m.index!; i = text.indexOf('\n', i + 1)) line++;
    out.push({ section: m[1] === 'PAGEABLE' ? 'PAGE' : 'INIT', functions: [m[2]], line });
  }
  return out;
}

/** Per summary object: its alloc_text index and sorted code_seg switches (shared, read-only). */
const PLACEMENTS = new WeakMap<FileSummary, Pick<FilePaging, 'allocText' | 'codeSeg'>>();

const NDIS_PLACEMENTS = new WeakMap<FileSummary, Map<string, { section: string; line: number }>>();

export function filePaging(
  summary: FileSummary,
  pageMacros: ReadonlySet<string> = new Set(),
  textBefore?: (fn: FunctionDecl) => string,
  text?: () => string | undefined,
  initMacros?: ReadonlySet<string>,
): FilePaging {
  let placed = PLACEMENTS.get(summary);
  if (!placed) {
    placed = { allocText: indexAllocText(summary.allocText), codeSeg: [...summary.codeSeg].sort((a, b) => a.line - b.line) };
    PLACEMENTS.set(summary, placed);
  }
  const { allocText, codeSeg } = placed;
  let ndis: Map<string, { section: string; line: number }> | null = null;
  const ndisAllocText = (): Map<string, { section: string; line: number }> => {
    if (ndis === null) {
      const t = text?.();
      if (t === undefined) ndis = new Map();
      else {
        // Read from the text once per summary object (a new text comes with a new summary).
        let cached = NDIS_PLACEMENTS.get(summary);
        if (!cached) NDIS_PLACEMENTS.set(summary, (cached = indexAllocText(ndisPragmas(t))));
        ndis = cached;
      }
    }
    return ndis;
  };
  return { allocText, codeSeg, pageMacros, textBefore, initMacros, ndisAllocText };
}

function indexAllocText(pragmas: readonly { section: string; functions: string[]; line: number }[]): Map<string, { section: string; line: number }> {
  const allocText = new Map<string, { section: string; line: number }>();
  for (const p of pragmas) {
    for (const f of p.functions) {
      const name = f.trim();
      const prev = allocText.get(name);
      // A PAGE placement wins over another section for the same name (e.g. an INIT copy under #if).
      if (!prev || (!isPageSection(prev.section) && isPageSection(p.section))) allocText.set(name, { section: p.section, line: p.line });
    }
  }
  return allocText;
}

function declsOf(fn: FunctionDecl, extra: readonly FunctionDecl[]): FunctionDecl[] {
  return [fn, ...extra.filter((d) => d.file === fn.file)];
}

/** The pageability of most functions (shared, read-only). */
const NOT_PAGED: Pageability = Object.freeze({ pageable: false, pagedCode: false, pagedCodeRange: undefined, pagedCodeAnywhere: false, initSection: false });

/** `extraDecls`: other declarations of the function (a code_seg declspec may sit on the prototype). */
export function pageabilityOf(fn: FunctionDecl, paging: FilePaging, extraDecls: readonly FunctionDecl[] = []): Pageability {
  const early = fn.pagedCode ? undefined : earlyPagedCode(fn);
  const anywhere = fn.calls.find((c) => isPagedCodeCall(c.calleeName));
  const base: Pageability = {
    pageable: false,
    pagedCode: fn.pagedCode || early !== undefined,
    pagedCodeRange: fn.pagedCodeRange ?? early?.range ?? anywhere?.range,
    pagedCodeAnywhere: fn.pagedCode || anywhere !== undefined,
    initSection: false,
  };
  const fromSummary = placedBySummary(fn, paging, extraDecls, base);
  if (fromSummary) return fromSummary;
  // Only a function that asserts PAGED_CODE() but has no PAGE placement in the summary can be
  // reported as "not in a page section": for those (few) look at the text for what the parser
  // does not record, and for an INIT placement (not reported).
  if (!base.pagedCodeAnywhere) return base.pagedCodeRange === undefined ? NOT_PAGED : base;
  const ndis = paging.ndisAllocText?.().get(fn.name);
  if (ndis && isPageSection(ndis.section)) {
    return { ...base, pageable: true, section: 'PAGE', reason: `#pragma NDIS_PAGEABLE_FUNCTION(${fn.name})`, line: ndis.line };
  }
  // A macro that expands to __declspec(code_seg("PAGE")) written before the definition, when the
  // parser did not attach it (seen on C++ constructors with initializer lists).
  if (paging.pageMacros.size && paging.textBefore) {
    const before = paging.textBefore(fn);
    for (const m of before.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
      if (paging.pageMacros.has(m[0])) return { ...base, pageable: true, section: 'PAGE', reason: `${m[0]} (__declspec(code_seg("PAGE")))` };
    }
  }
  return { ...base, initSection: initPlaced(fn, paging, extraDecls) || (ndis !== undefined && /^INIT/i.test(ndis.section)) };
}

/**
 * A declaration's first code_seg("PAGE*") annotation. (Not cached: the analysis keeps each
 * function's pageability, so this runs again only for functions an edit touched.)
 */
function pageSegAnnotation(decl: FunctionDecl): { section: string; line: number } | null {
  for (const ann of decl.annotations) {
    if (!ann.name.includes('code_seg') && !ann.args.includes('code_seg')) continue; // the pattern below needs it
    const m = /code_seg\s*\(\s*"?([^")]*?)"?\s*\)/.exec(`${ann.name}(${ann.args})`);
    if (m && isPageSection(m[1])) return { section: m[1], line: ann.range.start.line };
  }
  return null;
}

/** The last `#pragma code_seg` of the sorted list on a line before `line` (binary search: a file may have hundreds). */
function codeSegBefore(codeSeg: readonly { section: string | null; line: number }[], line: number): { section: string | null; line: number } | null {
  let lo = 0;
  let hi = codeSeg.length; // first index with .line >= line
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (codeSeg[mid].line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? codeSeg[lo - 1] : null;
}

function placedBySummary(fn: FunctionDecl, paging: FilePaging, extraDecls: readonly FunctionDecl[], base: Pageability): Pageability | null {
  const at = paging.allocText.get(fn.name) ?? paging.allocText.get(fn.qualifiedName);
  if (at && isPageSection(at.section)) {
    return { ...base, pageable: true, section: at.section.replace(/"/g, ''), reason: `#pragma alloc_text(${at.section.replace(/"/g, '')}, ${fn.name})`, line: at.line };
  }
  // `__declspec(code_seg("PAGE"))`, also through a macro such as PAGED_CODE_SEG (the parser
  // records it as an annotation `code_seg` with args `PAGE`).
  for (let k = -1; k < extraDecls.length; k++) {
    const a = k < 0 ? fn : extraDecls[k];
    if (k >= 0 && a.file !== fn.file) continue; // declsOf(fn, extraDecls), without the copy
    const seg = pageSegAnnotation(a);
    if (seg) return { ...base, pageable: true, section: seg.section, reason: `__declspec(code_seg("${seg.section}"))`, line: seg.line };
  }
  // The code_seg in force at the function's name (`inline` may precede the pragma).
  const current = codeSegBefore(paging.codeSeg, fn.nameRange.start.line);
  if (current && isPageSection(current.section)) {
    return { ...base, pageable: true, section: (current.section ?? '').replace(/"/g, ''), reason: `#pragma code_seg("${(current.section ?? '').replace(/"/g, '')}")`, line: current.line };
  }
  return null;
}

/** `#pragma alloc_text(INIT, f)`, a `code_seg("INIT")` region or declspec (also through a macro). */
function initPlaced(fn: FunctionDecl, paging: FilePaging, extraDecls: readonly FunctionDecl[]): boolean {
  const at = paging.allocText.get(fn.name) ?? paging.allocText.get(fn.qualifiedName);
  if (at && /^"?INIT/i.test(at.section)) return true;
  for (const d of declsOf(fn, extraDecls)) {
    for (const ann of d.annotations) if (/code_seg\s*\(\s*"?INIT/i.test(`${ann.name}(${ann.args})`)) return true;
  }
  if (paging.initMacros?.size && paging.textBefore) {
    for (const m of paging.textBefore(fn).matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) if (paging.initMacros.has(m[0])) return true;
  }
  const current = codeSegBefore(paging.codeSeg, fn.nameRange.start.line);
  return !!current?.section && /^"?INIT/i.test(current.section);
}
