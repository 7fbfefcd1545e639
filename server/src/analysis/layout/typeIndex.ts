// Workspace-wide index of type declarations from FileSummary objects: records by tag, typedef
// name and qualified name; typedef chains across headers; enums and their constants; #defines.
// Every lookup takes a target and a build configuration, because declarations can be
// conditional on DBG (`cond.dbg`) or on the architecture (`cond.arches`).
//
// Incremental: `update(summary)` replaces one file's contributions in O(names in that file);
// the generation counter lets caches (the layout engine's memo) notice the change.

import type { Arch, BuildConfig, Cond, DefineDecl, EnumDecl, FileSummary, RecordDecl, TypedefDecl } from '../model';
import type { MacroDef } from './constExpr';

/** Whether `cond` can hold in one build configuration and not in the other (`#if DBG` / `#if !DBG`). */
export function dependsOnConfig(cond: Cond | undefined): boolean {
  return cond !== undefined && cond.dbg !== undefined;
}

export function condMatches(cond: Cond | undefined, arch: Arch, config: BuildConfig): boolean {
  if (!cond) return true;
  if (cond.dbg === true && config !== 'checked') return false;
  if (cond.dbg === false && config !== 'free') return false;
  if (cond.arches && cond.arches.length > 0 && !cond.arches.includes(arch)) return false;
  return true;
}

export interface EnumConstantRef {
  decl: EnumDecl;
  index: number;
}

/** Macros every compiler for the target defines (MSVC predefined macros). */
const ARCH_MACROS: Record<Arch, Record<string, string>> = {
  // https://learn.microsoft.com/en-us/cpp/preprocessor/predefined-macros
  x86: { _M_IX86: '600', _X86_: '1', _WIN32: '1' },
  x64: { _M_X64: '100', _M_AMD64: '100', _AMD64_: '1', _WIN64: '1', _WIN32: '1' },
  arm64: { _M_ARM64: '1', _ARM64_: '1', _WIN64: '1', _WIN32: '1' },
};

class MultiMap<T> {
  private readonly map = new Map<string, T[]>();
  add(key: string, v: T): void {
    const arr = this.map.get(key);
    if (arr) arr.push(v);
    else this.map.set(key, [v]);
  }
  get(key: string): readonly T[] {
    return this.map.get(key) ?? EMPTY;
  }
  removeWhere(key: string, pred: (v: T) => boolean): void {
    const arr = this.map.get(key);
    if (!arr) return;
    const kept = arr.filter((v) => !pred(v));
    if (kept.length) this.map.set(key, kept);
    else this.map.delete(key);
  }
  get size(): number {
    return this.map.size;
  }
}
const EMPTY: readonly never[] = [];

/** Record lookup keys: tag, typedef names, qualified name and its last component. */
function recordKeys(r: RecordDecl): string[] {
  const keys = new Set<string>();
  if (r.tag) keys.add(r.tag);
  for (const n of r.typedefNames) keys.add(n);
  if (r.qualifiedName) {
    keys.add(r.qualifiedName);
    const last = r.qualifiedName.split('::').pop();
    if (last) keys.add(last);
  }
  return [...keys];
}

function enumKeys(e: EnumDecl): string[] {
  const keys = new Set<string>();
  if (e.tag) keys.add(e.tag);
  for (const n of e.typedefNames) keys.add(n);
  return [...keys];
}

/** Collect every record of a file, including ones defined inline in fields and locals. */
function allRecords(s: FileSummary): RecordDecl[] {
  const out: RecordDecl[] = [];
  const visit = (r: RecordDecl, depth: number) => {
    out.push(r);
    if (depth > 64) return;
    for (const f of r.fields) if (f.inline && (f.inline.tag || f.inline.typedefNames.length)) visit(f.inline, depth + 1);
  };
  for (const r of s.records) visit(r, 0);
  for (const fn of s.functions) for (const l of fn.locals) if (l.inline && (l.inline.tag || l.inline.typedefNames.length)) out.push(l.inline);
  return out;
}

/** Directory components of a path or URI (either separator), cached: the same files recur. */
const dirCache = new Map<string, string[]>();
function dirParts(file: string): string[] {
  let parts = dirCache.get(file);
  if (!parts) {
    parts = file.split(/[\\/]+/);
    parts.pop();
    if (dirCache.size >= 50_000) dirCache.clear();
    dirCache.set(file, parts);
  }
  return parts;
}

/**
 * How near a definition's directory is to the use site's directory, higher is nearer:
 * same directory > ancestor directories (deeper first) > other directories by the depth of the
 * common prefix. Tiers are separated by a factor larger than any path depth.
 */
function proximity(useDir: readonly string[], defDir: readonly string[]): number {
  let common = 0;
  const n = Math.min(useDir.length, defDir.length);
  while (common < n && useDir[common] === defDir[common]) common++;
  const TIER = 100_000;
  if (common === useDir.length && common === defDir.length) return 3 * TIER;
  if (common === defDir.length) return 2 * TIER + common;
  return TIER + common;
}

export interface TypeIndexOptions {
  /** User-supplied defines (settings `stacklens.defines` / CLI `--define`); they override the workspace. */
  defines?: Record<string, string>;
}

export class TypeIndex {
  private readonly files = new Map<string, FileSummary>();
  private readonly recordsByName = new MultiMap<RecordDecl>();
  private readonly typedefsByName = new MultiMap<TypedefDecl>();
  /** Pointer typedef names from record declarations (`PFOO` of `typedef struct _FOO {} FOO, *PFOO;`). */
  private readonly pointerTypedefs = new MultiMap<RecordDecl>();
  private readonly enumsByName = new MultiMap<EnumDecl>();
  private readonly enumConstants = new MultiMap<EnumConstantRef>();
  private readonly definesByName = new MultiMap<DefineDecl>();
  private userDefines: Record<string, string>;
  private gen = 0;
  /**
   * Count of lookups whose answer could differ between the free and the checked configuration (a
   * candidate declaration under `#if DBG`/`#if !DBG` was looked at, or `DBG` itself was read).
   * A computation that leaves it unchanged read nothing configuration-dependent, so running it
   * for the other configuration gives the same result: the frame estimator uses this to reuse
   * the free build's figures for the checked build (LayoutEngine keeps it exact across its memo).
   */
  configDependentReads = 0;

  constructor(summaries: readonly FileSummary[] = [], options: TypeIndexOptions = {}) {
    this.userDefines = { ...(options.defines ?? {}) };
    for (const s of summaries) this.add(s);
  }

  /** Changes whenever the index content changes; caches compare it. */
  get generation(): number {
    return this.gen;
  }

  get fileCount(): number {
    return this.files.size;
  }

  summaries(): IterableIterator<FileSummary> {
    return this.files.values();
  }

  setDefines(defines: Record<string, string>): void {
    this.userDefines = { ...defines };
    this.gen++;
  }

  /** Add or replace one file's summary. */
  update(summary: FileSummary): void {
    if (this.files.has(summary.file)) this.removeContributions(this.files.get(summary.file)!);
    this.add(summary);
  }

  remove(file: string): void {
    const old = this.files.get(file);
    if (!old) return;
    this.removeContributions(old);
    this.files.delete(file);
    this.gen++;
  }

  private add(s: FileSummary): void {
    this.files.set(s.file, s);
    for (const r of allRecords(s)) {
      for (const k of recordKeys(r)) this.recordsByName.add(k, r);
      for (const p of r.pointerTypedefNames) this.pointerTypedefs.add(p, r);
    }
    for (const t of s.typedefs) this.typedefsByName.add(t.name, t);
    for (const e of s.enums) {
      for (const k of enumKeys(e)) this.enumsByName.add(k, e);
      e.constants.forEach((c, index) => this.enumConstants.add(c.name, { decl: e, index }));
    }
    for (const d of s.defines) this.definesByName.add(d.name, d);
    this.gen++;
  }

  private removeContributions(s: FileSummary): void {
    const file = s.file;
    for (const r of allRecords(s)) {
      for (const k of recordKeys(r)) this.recordsByName.removeWhere(k, (x) => x.file === file);
      for (const p of r.pointerTypedefNames) this.pointerTypedefs.removeWhere(p, (x) => x.file === file);
    }
    for (const t of s.typedefs) this.typedefsByName.removeWhere(t.name, (x) => x.file === file);
    for (const e of s.enums) {
      for (const k of enumKeys(e)) this.enumsByName.removeWhere(k, (x) => x.file === file);
      for (const c of e.constants) this.enumConstants.removeWhere(c.name, (x) => x.decl.file === file);
    }
    for (const d of s.defines) this.definesByName.removeWhere(d.name, (x) => x.file === file);
  }

  /**
   * The record a name denotes on this target/config: a definition with members wins over a
   * forward declaration (`struct _FOO;` has no fields); the first matching definition otherwise.
   */
  findRecord(name: string, arch: Arch, config: BuildConfig, kind?: 'struct' | 'union' | 'class'): RecordDecl | undefined {
    let fallback: RecordDecl | undefined;
    for (const r of this.recordsByName.get(name)) {
      if (dependsOnConfig(r.cond)) this.configDependentReads++;
      if (!condMatches(r.cond, arch, config)) continue;
      if (kind && kind !== 'class' && r.kind !== kind && !(kind === 'struct' && r.kind === 'class')) continue;
      if (r.fields.length > 0 || r.bases.length > 0 || r.hasVirtual) return r;
      fallback ??= r;
    }
    return fallback;
  }

  /** Every record declared under this name (any configuration). */
  recordsNamed(name: string): readonly RecordDecl[] {
    return this.recordsByName.get(name);
  }

  findTypedef(name: string, arch: Arch, config: BuildConfig): TypedefDecl | undefined {
    for (const t of this.typedefsByName.get(name)) {
      if (dependsOnConfig(t.cond)) this.configDependentReads++;
      if (condMatches(t.cond, arch, config)) return t;
    }
    return undefined;
  }

  /** The record whose declaration introduced `name` as a pointer typedef (`PFOO`). */
  findPointerTypedef(name: string, arch: Arch, config: BuildConfig): RecordDecl | undefined {
    for (const r of this.pointerTypedefs.get(name)) {
      if (dependsOnConfig(r.cond)) this.configDependentReads++;
      if (condMatches(r.cond, arch, config)) return r;
    }
    return undefined;
  }

  findEnum(name: string): EnumDecl | undefined {
    return this.enumsByName.get(name)[0];
  }

  findEnumConstant(name: string): EnumConstantRef | undefined {
    return this.enumConstants.get(name)[0];
  }

  /**
   * A macro visible on this target/config. Precedence: the user's defines, then workspace
   * `#define`s whose condition matches (the one nearest `fromFile` when given, see findDefine),
   * then `DBG` (1 in checked builds) and the target's predefined macros.
   */
  macro(name: string, arch: Arch, config: BuildConfig, fromFile?: string): MacroDef | undefined {
    const user = this.userDefines[name];
    if (user !== undefined) return { value: user };
    const d = this.findDefine(name, arch, config, fromFile);
    if (d) return d.params ? { value: d.value, params: d.params } : { value: d.value };
    if (name === 'DBG') {
      this.configDependentReads++;
      if (config === 'checked') return { value: '1' };
    }
    const archMacro = ARCH_MACROS[arch][name];
    if (archMacro !== undefined) return { value: archMacro };
    return undefined;
  }

  /**
   * The workspace `#define` of `name` that applies on this target/config. A workspace holds many
   * independent drivers that reuse macro names with different values (`TEMP_BUFFER_SIZE` is 512
   * in one sample and 1024 in another), so when the use site `fromFile` is known the definition
   * nearest to it wins: the same file, then a file in the same directory, then the nearest
   * ancestor directory, then the one sharing the longest directory prefix (a sibling `inc/`
   * beside `sys/`), then the first indexed. Without `fromFile`: the first indexed.
   */
  findDefine(name: string, arch: Arch, config: BuildConfig, fromFile?: string): DefineDecl | undefined {
    let best: DefineDecl | undefined;
    let bestRank = -1;
    const candidates = this.definesByName.get(name);
    const useDir = fromFile !== undefined && candidates.length > 1 ? dirParts(fromFile) : null;
    for (const d of candidates) {
      if (dependsOnConfig(d.cond)) this.configDependentReads++;
      if (!condMatches(d.cond, arch, config)) continue;
      if (!useDir) return d;
      const rank = d.file === fromFile ? Number.MAX_SAFE_INTEGER : proximity(useDir, dirParts(d.file));
      if (rank > bestRank) {
        best = d;
        bestRank = rank;
        if (rank === Number.MAX_SAFE_INTEGER) break;
      }
    }
    return best;
  }

  /** All workspace defines named `name` (for hovers). */
  definesNamed(name: string): readonly DefineDecl[] {
    return this.definesByName.get(name);
  }

  /** Language of an indexed file (C++ changes empty-struct size and allows base classes). */
  languageOf(file: string): 'c' | 'cpp' | undefined {
    return this.files.get(file)?.language;
  }

  /** Names of all records declared in the workspace (for `analyze` type listings). */
  recordNameCount(): number {
    return this.recordsByName.size;
  }
}
