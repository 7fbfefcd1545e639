// Is a function's code pageable? PREfast's rule (C28170/C28172 pages) is that a section whose
// name begins with "PAGE" is pageable; a function gets there through `#pragma alloc_text(PAGE*,
// f)` or by being defined inside a `#pragma code_seg("PAGE*")` region (or with
// `__declspec(code_seg("PAGE*"))`, which the parser reports as an annotation).
// `INIT` (discardable after DriverEntry) is not pageable in this sense and is never reported.

import type { FileSummary, FunctionDecl, Range } from '../model';

export interface Pageability {
  /** The function's code is placed in a PAGE* section. */
  pageable: boolean;
  /** `#pragma alloc_text(PAGE, f)`, `#pragma code_seg("PAGE")`, ... */
  reason?: string;
  /** Line (0-based) of the pragma that put it there. */
  line?: number;
  /** The body starts with PAGED_CODE() / PAGED_CODE_LOCKED(): it asserts it runs at <= APC_LEVEL. */
  pagedCode: boolean;
  pagedCodeRange?: Range;
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
  /** The source text just before a definition (its declaration specifiers), when text is available. */
  textBefore?: (fn: FunctionDecl) => string;
}

/** Names of macros that place a function in a PAGE section (`#define PAGED_CODE_SEG __declspec(code_seg("PAGE"))`). */
export function pageSectionMacros(summaries: readonly FileSummary[]): Set<string> {
  const out = new Set<string>();
  for (const s of summaries) for (const d of s.defines) if (!d.params && /code_seg\s*\(\s*"PAGE/i.test(d.value)) out.add(d.name);
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

export function filePaging(summary: FileSummary, pageMacros: ReadonlySet<string> = new Set(), textBefore?: (fn: FunctionDecl) => string, text?: string): FilePaging {
  const allocText = new Map<string, { section: string; line: number }>();
  const pragmas = text !== undefined ? [...summary.allocText, ...ndisPragmas(text)] : summary.allocText;
  for (const p of pragmas) {
    for (const f of p.functions) {
      const name = f.trim();
      const prev = allocText.get(name);
      // A PAGE placement wins over another section for the same name (e.g. an INIT copy under #if).
      if (!prev || (!isPageSection(prev.section) && isPageSection(p.section))) allocText.set(name, { section: p.section, line: p.line });
    }
  }
  const codeSeg = [...summary.codeSeg].sort((a, b) => a.line - b.line);
  return { allocText, codeSeg, pageMacros, textBefore };
}

function declsOf(fn: FunctionDecl, extra: readonly FunctionDecl[]): FunctionDecl[] {
  return [fn, ...extra.filter((d) => d.file === fn.file)];
}

/** `extraDecls`: other declarations of the function (a code_seg declspec may sit on the prototype). */
export function pageabilityOf(fn: FunctionDecl, paging: FilePaging, extraDecls: readonly FunctionDecl[] = []): Pageability {
  const base: Pageability = { pageable: false, pagedCode: fn.pagedCode, pagedCodeRange: fn.pagedCodeRange };
  const at = paging.allocText.get(fn.name) ?? paging.allocText.get(fn.qualifiedName);
  if (at && isPageSection(at.section)) {
    return { ...base, pageable: true, reason: `#pragma alloc_text(${at.section.replace(/"/g, '')}, ${fn.name})`, line: at.line };
  }
  // `__declspec(code_seg("PAGE"))`, also through a macro such as PAGED_CODE_SEG (the parser
  // records it as an annotation `code_seg` with args `PAGE`).
  for (const a of declsOf(fn, extraDecls)) {
    for (const ann of a.annotations) {
      const m = /code_seg\s*\(\s*"?([^")]*?)"?\s*\)/.exec(`${ann.name}(${ann.args})`);
      if (m && isPageSection(m[1])) return { ...base, pageable: true, reason: `__declspec(code_seg("${m[1]}"))`, line: ann.range.start.line };
    }
  }
  // A macro that expands to __declspec(code_seg("PAGE")) written before the definition, when the
  // parser did not attach it (seen on C++ constructors with initializer lists).
  if (paging.pageMacros.size && paging.textBefore) {
    const before = paging.textBefore(fn);
    for (const m of before.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
      if (paging.pageMacros.has(m[0])) return { ...base, pageable: true, reason: `${m[0]} (__declspec(code_seg("PAGE")))` };
    }
  }
  // The code_seg in force where the definition starts.
  const line = fn.range.start.line;
  let current: { section: string | null; line: number } | null = null;
  for (const c of paging.codeSeg) {
    if (c.line >= line) break;
    current = c;
  }
  if (current && isPageSection(current.section)) {
    return { ...base, pageable: true, reason: `#pragma code_seg("${(current.section ?? '').replace(/"/g, '')}")`, line: current.line };
  }
  return base;
}
