// The analysis engine shared by the language server and the CLI: it keeps one compact summary
// per file and turns the set of summaries into frames, call graph, worst paths, IRQL facts and
// findings, recomputing only what an edit can have changed.
//
// Caches (all keyed so that a stale entry can never be used):
//  - per file: the summary (parse once per text), the per-line facts for quick fixes, a type
//    signature (records/typedefs/enums/defines without positions) and a graph signature (names,
//    calls, references);
//  - the type index: rebuilt only when some file's type signature changed (generation counter);
//  - per file: frame estimates, per-function stack findings and type reports, valid for
//    (summary hash, type generation, rule settings);
//  - the call graph: rebuilt when a graph signature changed, otherwise patched in place (the
//    edited functions' declarations are swapped in; edges and components stay valid).
// The worst-path DP, entry points, IRQL analysis and settings application are linear passes
// rerun on every analysis.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { Arch, BuildConfig, FileSummary, FunctionDecl, Pos, Range, RecordDecl } from './model';
import { ARCHES } from './model';
import type { Finding, FrameEstimate, FunctionReport, IrqlRange, RelatedInfo, TypeReport, WorkspaceAnalysis, WorstPath } from './results';
import type { StackLensSettings } from './settings';
import { mergeSettings } from './settings';
import type { WorstPathEntry } from '../protocol';
import type { StackArch, StaticFrameResolver } from '../windbg/model';
import { buildCallGraph, functionKey, type WorkspaceCallGraph } from './callgraph/callgraph';
import { computeWorstPaths, WorstPathView, type WorstPathTable } from './worstPath';
import { findEntryPoints, type EntryPointInfo } from './entryPoints';
import { functionStackFindings, graphStackFindings, typeGrowthFindings, type StackTypeFacts, type StackUse, type TypeGrowth } from './rules/stackRules';
import { applyFindingSettings } from './rules/applySettings';
import { computeLineInfo, type LineInfo } from './lineInfo';
import { platformStack } from './platform';
import type { TypeEngine } from './typeEngine';
import { createTypeEngine } from './typeEngineImpl';
import { emptySummary, initParser, parseSource, releaseParseTables } from './parse/index';
import { fnv1a } from './parse/hash';
import { spliceFunctionEdit } from './incrementalEdit';
import { addChangedCallees, fileCallsAnyOf, frameSignature, graphSignature, passesArgumentsToAnyOf, typeSignature } from './signatures';
import { IrqlBridge } from './irqlBridge';
import { FrameSet, FramesView, type FrameEstimator } from './frameSet';
import type { FrameTotals } from './frame/frameEstimate';
import { RecordTypeReport, hasDbgMembers } from './typeReport';
import { buildFunctionHover, buildTypeHover, buildVariableHover, codeLensTitle, wordAt } from './hover';

export class AnalysisCancelled extends Error {
  constructor() {
    super('analysis cancelled');
    this.name = 'AnalysisCancelled';
  }
}


interface FileEntry {
  summary: FileSummary;
  lines: LineInfo;
  typeSig: string;
  graphSig: string;
  /** Frame estimates per definition key, valid for `framesGen`. */
  frames?: Map<string, FrameSet>;
  framesGen?: number;
  /** The entry this one replaced (its frames are reused for functions whose signature is unchanged), until frames are computed. */
  previous?: FileEntry;
  /** Per-function stack findings and stack uses, valid for `localGen`. */
  local?: { findings: Finding[]; uses: StackUse[] };
  localGen?: string;
  /** The same per function (keyed by the declaration object, which an unchanged function keeps across edits). */
  localByDecl?: Map<FunctionDecl, { findings: Finding[]; uses: StackUse[] }>;
  /** Record type reports, valid for `typesKey` (type generation and target). */
  types?: { reports: TypeReport[]; growth: TypeGrowth[] };
  typesKey?: string;
}

export interface WorkspaceStats {
  files: number;
  functions: number;
  lines: number;
  types: number;
  callEdges: number;
  recursiveComponents: number;
  entryPoints: number;
  findings: number;
  skipped: { file: string; reason: string }[];
  /** Function definitions whose body has a tree-sitter ERROR node. */
  parseErrorFunctions: number;
  /** Milliseconds spent in each phase of the last analysis. */
  timings: Record<string, number>;
  /** Edits re-summarised as one function vs. re-parsed whole (since the workspace was created). */
  edits: { spliced: number; refused: number };
  /** How the last analysis reused its caches. */
  reuse: { graph: 'rebuilt' | 'patched' | 'reused'; typeIndex: 'rebuilt' | 'reused'; framesEstimated: number };
}

/**
 * Texts kept of files updated from outside an editor (the CLI, the tests, the benchmarks, the file
 * watcher), most recent first: enough for an edit of one of them to be spliced (incrementalEdit.ts
 * needs the old text). Editor texts are kept apart and never evicted (openTexts).
 */
const RECENT_TEXTS = 8;
const CANCEL_CHECK_EVERY = 64;

export class AnalysisWorkspace {
  private settings: StackLensSettings;
  private readonly files = new Map<string, FileEntry>();
  /**
   * Texts of files open in an editor (`updateFile(..., { open: true })`), kept until the file is
   * updated from disk or removed. They may differ from the disk (unsaved edits), so they are never
   * evicted: hover, the IRQL phase's text facts, a settings change and the next edit's splice all
   * need the text the summary was made from. Summaries hold no text.
   */
  private readonly openTexts = new Map<string, string>();
  /** The last few other updated texts (RECENT_TEXTS), least recently updated first. */
  private readonly recentTexts = new Map<string, string>();
  private readonly types: TypeEngine;
  private readonly irql = new IrqlBridge();

  private dirty = true;
  private typesDirty = true;
  private typeGen = 0;
  private graphDirty = true;
  /** Files whose summaries changed since the graph was built (for patching). */
  private changedSinceGraph = new Set<string>();
  /**
   * Simple names whose definitions changed parameters, appeared or went away since the last
   * analysis: callers in other files size argument areas and by-value copies from them.
   */
  private readonly changedCallees = new Set<string>();
  private graph: WorkspaceCallGraph | null = null;
  private last: WorkspaceAnalysis | null = null;
  private lastByFile = new Map<string, Finding[]>();
  private reportsByKey = new Map<string, FunctionReport>();
  private entryPoints = new Map<string, EntryPointInfo>();
  private worst: Partial<Record<Arch, Record<BuildConfig, WorstPathTable>>> = {};
  private framesByIndex: FrameSet[] = [];
  private timings: Record<string, number> = {};
  /** Edits handled by re-summarising one function vs. refused (full parse). */
  private readonly spliceCount = { spliced: 0, refused: 0 };
  private reuse: WorkspaceStats['reuse'] = { graph: 'rebuilt', typeIndex: 'rebuilt', framesEstimated: 0 };

  private constructor(settings: StackLensSettings, types: TypeEngine) {
    this.settings = mergeSettings(settings);
    this.types = types;
    this.types.setDefines(this.settings.defines);
  }

  static async create(settings: StackLensSettings, opts?: { wasmDir?: string }): Promise<AnalysisWorkspace> {
    await initParser(opts?.wasmDir);
    return new AnalysisWorkspace(settings, createTypeEngine());
  }

  getSettings(): StackLensSettings {
    return this.settings;
  }

  setSettings(s: StackLensSettings): void {
    const next = mergeSettings(s);
    const reparse = JSON.stringify(next.defines) !== JSON.stringify(this.settings.defines) || next.maxFileBytes !== this.settings.maxFileBytes;
    this.settings = next;
    this.dirty = true;
    if (reparse) {
      this.types.setDefines(next.defines);
      this.typesDirty = true;
      // #if evaluation depends on the defines: re-summarise every file we can read again.
      for (const file of [...this.files.keys()]) {
        // The text to summarise now: the editor's, else the kept or disk text (a file changed on
        // disk is summarised as it is now).
        const open = this.openTexts.get(file);
        const text = open ?? this.recentTexts.get(file) ?? this.readText(file);
        if (text !== null) this.updateFile(file, text, { open: open !== undefined });
      }
    }
  }

  /**
   * Parses `text` as the new content of `file`. Never throws; failures become `skipped`.
   * `open`: the text is an editor's (it may differ from the disk) and is kept until the file is
   * updated without it (closed: back to the disk's text) or removed.
   */
  updateFile(file: string, text: string, opts: { open?: boolean } = {}): FileSummary {
    const open = opts.open === true;
    let summary: FileSummary;
    let spliced = false;
    try {
      const r = this.spliceOrParse(file, text);
      summary = r.summary;
      spliced = r.spliced;
    } catch (e) {
      summary = emptySummary('', file, /\.(c)$/i.test(file) ? 'c' : 'cpp', 0, `internal error: ${e instanceof Error ? e.message : String(e)}`);
      summary.hash = 'error';
    }
    let typeSig = '';
    let graphSig = '';
    try {
      // A spliced body edit leaves types alone by construction.
      typeSig = spliced ? this.files.get(file)!.typeSig : typeSignature(summary);
      graphSig = graphSignature(summary);
    } catch {
      typeSig = `unsigned:${summary.hash}:${Math.random()}`;
      graphSig = typeSig;
    }
    const prev = this.files.get(file);
    if (prev && prev.summary.hash === summary.hash && prev.typeSig === typeSig && prev.graphSig === graphSig) {
      // Same text: nothing to invalidate (a save, or a re-open).
      this.rememberText(file, text, open);
      return prev.summary;
    }
    // Before any analysis there are no frames to invalidate; a body edit changes no parameters.
    if (this.graph && !spliced) this.noteChangedCallees(prev?.summary, summary);
    const entry: FileEntry = { summary, lines: computeLineInfo(text), typeSig, graphSig };
    if (prev) entry.previous = prev.previous && !prev.frames ? prev.previous : prev;
    this.files.set(file, entry);
    this.rememberText(file, text, open);
    if (!prev || prev.typeSig !== typeSig) this.typesDirty = true;
    if (!prev || prev.graphSig !== graphSig) this.graphDirty = true;
    this.changedSinceGraph.add(file);
    this.dirty = true;
    return summary;
  }

  /** Body-only edits re-summarise just the edited function (incrementalEdit.ts); anything else parses the file. */
  private spliceOrParse(file: string, text: string): { summary: FileSummary; spliced: boolean } {
    const opts = { defines: this.settings.defines, maxBytes: this.settings.maxFileBytes };
    const prev = this.files.get(file);
    const oldText = this.openTexts.get(file) ?? this.recentTexts.get(file);
    if (prev && oldText !== undefined && oldText !== text && text.length <= this.settings.maxFileBytes) {
      try {
        const spliced = spliceFunctionEdit(oldText, text, prev.summary, (t) => parseSource(t, file, { ...opts, language: prev.summary.language }));
        if (spliced) {
          this.spliceCount.spliced++;
          return { summary: spliced, spliced: true };
        }
      } catch {
        // fall through to a full parse
      }
      this.spliceCount.refused++;
    }
    return { summary: parseSource(text, file, opts), spliced: false };
  }

  removeFile(file: string): void {
    const prev = this.files.get(file);
    if (!prev) return;
    this.files.delete(file);
    this.openTexts.delete(file);
    this.recentTexts.delete(file);
    if (this.graph) this.noteChangedCallees(prev.summary, undefined);
    if (prev.typeSig) this.typesDirty = true;
    this.graphDirty = true;
    this.dirty = true;
  }

  hasFile(file: string): boolean {
    return this.files.has(file);
  }

  summaryOf(file: string): FileSummary | undefined {
    return this.files.get(file)?.summary;
  }

  /** Runs (or returns the memoised) analysis. Throws AnalysisCancelled when `isCancelled` says so. */
  analyze(opts?: { isCancelled?: () => boolean }): WorkspaceAnalysis {
    if (!this.dirty && this.last) return this.last;
    // Parsing is over for now; its sharing tables would only hold memory the analysis can use.
    releaseParseTables();
    const cancelled = opts?.isCancelled ?? (() => false);
    const check = (): void => {
      if (cancelled()) throw new AnalysisCancelled();
    };
    const timings: Record<string, number> = {};
    let t = performance.now();
    const lap = (name: string): void => {
      const now = performance.now();
      timings[name] = (timings[name] ?? 0) + (now - t);
      t = now;
    };
    const settings = this.settings;
    const arch = settings.targetArch;
    const entries = [...this.files.values()];
    const summaries = entries.map((e) => e.summary);

    // 1. Types.
    if (this.typesDirty) {
      this.types.rebuild(summaries);
      this.typeGen++;
      this.typesDirty = false;
      this.reuse.typeIndex = 'rebuilt';
    } else this.reuse.typeIndex = 'reused';
    lap('types');
    check();

    // 2. Call graph.
    if (!this.graph || this.graphDirty) {
      this.graph = buildCallGraph(summaries);
      this.reuse.graph = 'rebuilt';
    } else if (this.changedSinceGraph.size) {
      this.patchGraph(this.graph, this.changedSinceGraph);
      this.reuse.graph = 'patched';
    } else this.reuse.graph = 'reused';
    this.graphDirty = false;
    this.changedSinceGraph.clear();
    const g = this.graph;
    lap('graph');
    check();

    // 3. Frames (per file, cached by summary and type generation). Files that call a function
    // whose parameters changed in another file are estimated again (see changedCallees).
    // The set is cleared only once every file is done: a cancelled run leaves it for the next.
    const changedCallees = this.changedCallees.size ? this.changedCallees : undefined;
    if (changedCallees) for (const e of entries) if (e.frames && fileCallsAnyOf(e.summary, changedCallees)) e.frames = undefined;
    let recomputed = 0;
    let n = 0;
    for (const e of entries) {
      if (e.frames && e.framesGen === this.typeGen) continue;
      const reuse = e.previous && e.previous.framesGen === this.typeGen ? e.previous : undefined;
      const r = this.estimateFrames(e.summary, reuse?.frames, reuse?.summary, changedCallees);
      e.frames = r.frames;
      e.framesGen = this.typeGen;
      e.local = undefined;
      recomputed += r.estimated;
      if (++n % CANCEL_CHECK_EVERY === 0) check();
    }
    this.changedCallees.clear();
    this.reuse.framesEstimated = recomputed;
    // Dense per-function access for the passes below.
    const framesByIndex: FrameSet[] = new Array(g.keys.length);
    for (let i = 0; i < g.keys.length; i++) {
      const gf = g.functions.get(g.keys[i])!;
      framesByIndex[i] = this.files.get(gf.decl.file)?.frames?.get(g.keys[i]) ?? this.frameSetFor(gf.decl, gf.summary);
    }
    this.framesByIndex = framesByIndex;
    lap('frames');
    check();

    // 4. Worst paths on the target, free and checked (other targets on demand: worstFor()).
    this.worst = {};
    this.worst[arch] = {
      free: computeWorstPaths(g, arch, 'free', (i) => framesByIndex[i].get(arch, 'free')),
      checked: computeWorstPaths(g, arch, 'checked', (i) => framesByIndex[i].get(arch, 'checked')),
    };
    const worst = this.worst;
    lap('worstPaths');
    check();

    // 5. Entry points and IRQL.
    this.entryPoints = findEntryPoints(g, summaries);
    // The IRQL rules ask for the text of the few files whose findings need it (quick fixes, facts
    // the summaries do not carry); it is read lazily: from memory when edited, else from disk.
    const irql = this.irql.run(g, summaries, settings, (f) => this.textOf(f) ?? undefined);
    lap('irql');
    check();

    // 6. Findings: per-function rules (cached per file), graph rules, type rules, then settings.
    const typeFacts = this.stackTypeFacts(arch);
    const rulesKey = `${this.typeGen}|${arch}|${settings.largeFrameBytes}|${settings.largeLocalBytes}|${settings.structCopyBytes}`;
    const raw: Finding[] = [];
    const uses = new Map<string, RelatedInfo[]>();
    n = 0;
    for (const e of entries) {
      if (!e.local || e.localGen !== rulesKey) {
        const findings: Finding[] = [];
        const fileUses: StackUse[] = [];
        // Functions whose declaration object survived the edit (and whose frames did) keep their findings.
        const prev = e.previous?.localGen === rulesKey ? e.previous.localByDecl : undefined;
        const byDecl = new Map<FunctionDecl, { findings: Finding[]; uses: StackUse[] }>();
        for (const fn of e.summary.functions) {
          if (!fn.isDefinition) continue;
          const key = functionKey(fn);
          if (g.functions.get(key)?.decl !== fn) continue; // a duplicate definition of the same key
          const fr = e.frames?.get(key);
          let r = prev?.get(fn);
          if (!r || (e.previous?.frames?.get(key) ?? null) !== (fr ?? null)) {
            const out = functionStackFindings({ decl: fn, arch, settings, types: typeFacts, free: fr?.get(arch, 'free'), checked: fr?.get(arch, 'checked') });
            r = { findings: out.findings, uses: out.stackUses };
          }
          byDecl.set(fn, r);
          findings.push(...r.findings);
          fileUses.push(...r.uses);
        }
        e.local = { findings, uses: fileUses };
        e.localByDecl = byDecl;
        e.localGen = rulesKey;
        if (++n % CANCEL_CHECK_EVERY === 0) check();
      }
      e.previous = undefined;
      raw.push(...e.local.findings);
      for (const u of e.local.uses) {
        let list = uses.get(u.typeName);
        if (!list) uses.set(u.typeName, (list = []));
        if (list.length < 30) list.push(u.related);
      }
    }
    raw.push(
      ...graphStackFindings({
        graph: g,
        settings,
        arch,
        frames: (i, config) => framesByIndex[i].get(arch, config),
        worst: worst[arch]!,
        entryPoints: this.entryPoints,
      }),
    );
    lap('rules');
    const typeReports: TypeReport[] = [];
    const growth: TypeGrowth[] = [];
    for (const e of entries) {
      const typesKey = `${this.typeGen}|${arch}`;
      if (!e.types || e.typesKey !== typesKey) {
        e.types = this.typeReportsOf(e.summary, arch);
        e.typesKey = typesKey;
      }
      typeReports.push(...e.types.reports);
      growth.push(...e.types.growth);
    }
    raw.push(...typeGrowthFindings(growth, uses, settings, arch));
    raw.push(...irql.findings);
    const findings = applyFindingSettings(raw, settings, {
      summary: (f) => this.files.get(f)?.summary,
      lineInfo: (f) => this.files.get(f)?.lines,
    });
    lap('findings');

    // 7. Reports.
    const functions: FunctionReport[] = [];
    const reportsByKey = new Map<string, FunctionReport>();
    // One table getter for every report (a closure per report was ~1 MB on a large workspace).
    const worstTables = (a: Arch): WorstPathTable => this.worstFor(a).free;
    for (let i = 0; i < g.keys.length; i++) {
      const key = g.keys[i];
      const gf = g.functions.get(key)!;
      const frames = new FramesView(framesByIndex[i]);
      const compId = g.componentOf.get(key);
      const ep = this.entryPoints.get(key);
      const ir = irql.irql.get(key);
      const pg = irql.pageable.get(key);
      const worstPath = new WorstPathView(i, worstTables);
      const report: FunctionReport = {
        key,
        name: gf.decl.name,
        qualifiedName: gf.decl.qualifiedName,
        file: gf.decl.file,
        range: gf.decl.range,
        nameRange: gf.decl.nameRange,
        frames,
        worstPath,
        recursion: compId === undefined ? null : g.recursiveComponents[compId].map((k) => g.functions.get(k)!.decl.qualifiedName),
        entryPoint: ep !== undefined,
        irql: ir ?? { min: null, max: null, sources: [] },
        pageable: pg?.pageable ?? false,
      };
      if (ep) report.entryReason = ep.reason;
      if (pg?.reason) report.pageableReason = pg.reason;
      functions.push(report);
      reportsByKey.set(key, report);
    }
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) {
      let list = byFile.get(f.file);
      if (!list) byFile.set(f.file, (list = []));
      list.push(f);
    }
    lap('reports');

    this.reportsByKey = reportsByKey;
    this.lastByFile = byFile;
    this.last = { functions, findings, types: typeReports };
    this.timings = timings;
    this.dirty = false;
    return this.last;
  }

  findingsForFile(file: string): Finding[] {
    this.analyze();
    return this.lastByFile.get(file) ?? [];
  }

  /** The function report of a definition key, after analyze(). */
  functionReport(key: string): FunctionReport | undefined {
    this.analyze();
    return this.reportsByKey.get(key);
  }

  // ------------------------------------------------------------------ editor features

  hover(file: string, pos: Pos): string | null {
    try {
      return this.hoverUnsafe(file, pos);
    } catch {
      return null;
    }
  }

  private hoverUnsafe(file: string, pos: Pos): string | null {
    const entry = this.files.get(file);
    if (!entry) return null;
    this.analyze();
    const g = this.graph!;
    const text = this.textOf(file);
    const word = text !== null ? wordAt(text, pos) : null;
    if (!word) return null;
    const s = entry.summary;
    const ctx = this.hoverContext();
    const enclosing = s.functions.find((f) => f.isDefinition && contains(f.range, pos));

    // 1. A function name at its definition or declaration.
    for (const f of s.functions) {
      if (contains(f.nameRange, pos)) {
        const key = f.isDefinition ? functionKey(f) : this.resolveDeclaration(f);
        const report = key ? this.reportsByKey.get(key) : undefined;
        if (report) return buildFunctionHover(report, ctx);
      }
    }
    // 2. A call site: the resolved callee, or the DDI's IRQL facts.
    if (enclosing) {
      const key = functionKey(enclosing);
      const calls = enclosing.calls;
      for (let c = 0; c < calls.length; c++) {
        const call = calls[c];
        if (!contains(call.range, pos) || (call.calleeName !== word.name && !word.qualified.endsWith(call.calleeName ?? '\u0000'))) continue;
        const targets = g.functions.get(key) ? g.callees(key).filter((e) => e.callIndex === c) : [];
        if (targets.length) {
          const report = this.reportsByKey.get(targets[0].to);
          if (report) return buildFunctionHover(report, ctx, targets.length > 1 ? targets.length : undefined);
        }
        const ddi = this.irql.hoverForCall(word.name);
        if (ddi) return ddi;
      }
      // 3. A local variable or parameter.
      const local = enclosing.locals.find((l) => l.name === word.name);
      if (local) return buildVariableHover(local.name, local.type, file, this.types, local.inline, local.cond);
      const param = enclosing.params.find((p) => p.name === word.name);
      if (param && param.name) return buildVariableHover(param.name, param.type, file, this.types);
    }
    // 4. A member inside a record definition of this file.
    for (const r of s.records) {
      const hit = fieldAt(r, pos, word.name);
      if (hit) return buildVariableHover(word.name, hit.type, file, this.types, hit.inline, hit.cond);
    }
    // 5. A type name.
    const typeHover = buildTypeHover(word.qualified, file, this.types, this.typeDefinitionSite(word.qualified));
    if (typeHover) return typeHover;
    // 6. A workspace function named anywhere else (a callback handed to a registration call).
    const keys = g.definitionsNamed(word.qualified);
    if (keys.length) {
      const report = this.reportsByKey.get(keys[0]);
      if (report) return buildFunctionHover(report, ctx, keys.length > 1 ? keys.length : undefined);
    }
    // 7. A DDI mentioned outside a call (e.g. in a function-pointer table).
    return this.irql.hoverForCall(word.name);
  }

  codeLenses(file: string): { range: Range; title: string; functionKey: string }[] {
    const entry = this.files.get(file);
    if (!entry) return [];
    this.analyze();
    const ctx = this.hoverContext();
    const out: { range: Range; title: string; functionKey: string }[] = [];
    for (const f of entry.summary.functions) {
      if (!f.isDefinition) continue;
      const key = functionKey(f);
      const report = this.reportsByKey.get(key);
      if (!report || report.range !== f.range) continue;
      out.push({ range: f.nameRange, title: codeLensTitle(report, ctx), functionKey: key });
    }
    return out;
  }

  /** Entry points sorted by their worst path on `arch` (deepest first). */
  worstPaths(arch: Arch, limit: number): WorstPathEntry[] {
    const analysis = this.analyze();
    const stack = platformStack(arch).stackBytes;
    const g = this.graph!;
    const entries = analysis.functions.filter((f) => f.entryPoint);
    entries.sort((a, b) => (b.worstPath[arch].bytes ?? -1) - (a.worstPath[arch].bytes ?? -1));
    return entries.slice(0, Math.max(0, limit)).map((f) => {
      const wp = f.worstPath[arch];
      return {
        name: f.qualifiedName,
        file: f.file,
        line: f.nameRange.start.line,
        bytes: wp.bytes,
        shareOfLimit: wp.bytes === null ? null : wp.bytes / stack,
        path: wp.steps.map((s) => {
          const fn = g.functions.get(s.key)!.decl;
          return { name: s.name, frameBytes: s.frameBytes, file: fn.file, line: fn.nameRange.start.line };
        }),
        lowerBound: wp.lowerBound,
        recursive: wp.recursive,
      };
    });
  }

  /**
   * Sizes frames of a WinDbg stack that has no addresses from the workspace's static estimates:
   * `module!Class::method` matches by qualified name, then by simple name; among several
   * candidates, one whose path mentions the module wins; still ambiguous → null.
   */
  staticFrameResolver(): StaticFrameResolver {
    return {
      resolve: (module: string | null, symbol: string, arch: StackArch) => {
        this.analyze();
        const g = this.graph!;
        const clean = symbol.replace(/^`[^']*'\s*/, '').replace(/\s*\(.*\)\s*$/, '').replace(/^[^!]*!/, '').trim();
        if (!clean) return null;
        let keys = g.definitionsNamed(clean);
        if (!keys.length) {
          const simple = clean.includes('::') ? clean.slice(clean.lastIndexOf('::') + 2) : clean;
          keys = g.definitionsNamed(simple);
        }
        if (keys.length > 1 && module) {
          const m = module.toLowerCase();
          const narrowed = keys.filter((k) => k.toLowerCase().includes(m));
          if (narrowed.length) keys = narrowed;
        }
        if (keys.length !== 1) return null;
        const report = this.reportsByKey.get(keys[0]);
        if (!report) return null;
        const est = report.frames[arch].free;
        return { bytes: est.bytes, file: report.file, line: report.nameRange.start.line };
      },
    };
  }

  stats(): WorkspaceStats {
    let lines = 0;
    let parseErrorFunctions = 0;
    const skipped: { file: string; reason: string }[] = [];
    let functions = 0;
    for (const [file, e] of this.files) {
      lines += e.summary.lineCount;
      if (e.summary.skipped) skipped.push({ file, reason: e.summary.skipped });
      for (const f of e.summary.functions) {
        if (!f.isDefinition) continue;
        functions++;
        if (f.hasParseErrors) parseErrorFunctions++;
      }
    }
    const g = this.graph;
    let edges = 0;
    if (g) for (const list of g.outEdges) edges += list.length;
    return {
      files: this.files.size,
      functions: g ? g.keys.length : functions,
      lines,
      types: this.last?.types.length ?? 0,
      callEdges: edges,
      recursiveComponents: g?.recursiveComponents.length ?? 0,
      entryPoints: this.entryPoints.size,
      findings: this.last?.findings.length ?? 0,
      skipped,
      parseErrorFunctions,
      timings: { ...this.timings },
      edits: { ...this.spliceCount },
      reuse: { ...this.reuse },
    };
  }

  // ------------------------------------------------------------------ internals

  private noteChangedCallees(before: FileSummary | undefined, after: FileSummary | undefined): void {
    try {
      addChangedCallees(before, after, this.changedCallees);
    } catch {
      // A summary too broken to sign: estimate every frame again rather than keep a stale one.
      for (const e of this.files.values()) e.frames = undefined;
    }
  }

  private rememberText(file: string, text: string, open: boolean): void {
    this.recentTexts.delete(file);
    if (open) {
      this.openTexts.set(file, text);
      return;
    }
    this.openTexts.delete(file);
    this.recentTexts.set(file, text);
    while (this.recentTexts.size > RECENT_TEXTS) this.recentTexts.delete(this.recentTexts.keys().next().value as string);
  }

  /**
   * The text `file`'s summary was made from, or null when it is not at hand: a kept text, else the
   * disk's when it hashes to the summary's (a file changed on disk since it was summarised gives
   * no text rather than text at the wrong offsets). Disk reads are not kept: the IRQL phase reads
   * a few hundred files once per run (RunTexts keeps its own few), and keeping them here would
   * only push out the texts an edit needs and leave them for the collector to promote.
   */
  private textOf(file: string): string | null {
    const kept = this.openTexts.get(file) ?? this.recentTexts.get(file);
    if (kept !== undefined) return kept;
    const entry = this.files.get(file);
    if (!entry) return null;
    const text = this.readText(file);
    return text !== null && fnv1a(text) === entry.summary.hash ? text : null;
  }

  /** The file's text on disk, or null (not a readable absolute path, or over maxFileBytes). */
  private readText(file: string): string | null {
    if (!isAbsolute(file) || !existsSync(file)) return null;
    try {
      if (statSync(file).size > this.settings.maxFileBytes) return null;
      return readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  }

  private frameSetFor(fn: FunctionDecl, summary: FileSummary): FrameSet {
    return new FrameSet(this.frameEstimator, fn, summary);
  }

  private readonly frameEstimator: FrameEstimator = {
    totals: (fn, summary, a, c) => this.safeFrameTotals(fn, summary, a, c),
    estimate: (fn, summary, a, c) => this.safeFrame(fn, summary, a, c),
  };

  /** Worst-path tables of another target, computed on first request (estimates that target's frames). */
  private worstFor(a: Arch): Record<BuildConfig, WorstPathTable> {
    this.analyze();
    let t = this.worst[a];
    if (!t) {
      const g = this.graph!;
      const frames = this.framesByIndex;
      const free = computeWorstPaths(g, a, 'free', (i) => frames[i].get(a, 'free'));
      t = { free, checked: computeWorstPaths(g, a, 'checked', (i) => frames[i].get(a, 'checked')) };
      this.worst[a] = t;
    }
    return t;
  }

  /** A callee's declaration by simple name, for the frame model's by-value argument rule. */
  private readonly findFunction = (name: string): FunctionDecl | undefined => {
    const g = this.graph;
    if (!g) return undefined;
    return g.firstDefinitionNamed(name);
  };

  private safeFrame(fn: FunctionDecl, summary: FileSummary, arch: Arch, config: BuildConfig): FrameEstimate {
    try {
      return this.types.frame(fn, summary, arch, config, this.findFunction);
    } catch (e) {
      return { arch, config, bytes: null, knownBytes: 0, dynamic: false, items: [], unknown: [`(estimate failed: ${e instanceof Error ? e.message : String(e)})`] };
    }
  }

  /** The figures of safeFrame; a failed estimate is unknown (and not shared with the other configuration). */
  private safeFrameTotals(fn: FunctionDecl, summary: FileSummary, arch: Arch, config: BuildConfig): FrameTotals {
    try {
      return this.types.frameTotals(fn, summary, arch, config, this.findFunction);
    } catch {
      return { bytes: null, knownBytes: 0, dynamic: false, sameInOtherConfig: false };
    }
  }

  /**
   * Frame sets for every definition of a file, reusing `oldFrames` (estimated from `oldSummary`)
   * where the function's frame signature is unchanged and it passes no arguments to a function named
   * in `changedCallees` (whose parameters changed); new ones are estimated on the target right
   * away (free and checked). Signatures are compared only for functions that have an old
   * estimate: a first analysis signs nothing.
   */
  private estimateFrames(
    summary: FileSummary,
    oldFrames?: Map<string, FrameSet>,
    oldSummary?: FileSummary,
    changedCallees?: ReadonlySet<string>,
  ): { frames: Map<string, FrameSet>; estimated: number } {
    const arch = this.settings.targetArch;
    const frames = new Map<string, FrameSet>();
    let estimated = 0;
    let oldDecls: Map<string, FunctionDecl> | undefined;
    for (const fn of summary.functions) {
      if (!fn.isDefinition) continue;
      const key = functionKey(fn);
      if (frames.has(key)) continue;
      let old = oldFrames?.get(key);
      if (old && oldSummary) {
        oldDecls ??= firstDefinitions(oldSummary);
        const oldDecl = oldDecls.get(key);
        if (!oldDecl || (oldDecl !== fn && this.frameSignatureOf(oldDecl) !== this.frameSignatureOf(fn))) old = undefined;
        else if (changedCallees && passesArgumentsToAnyOf(fn, changedCallees)) old = undefined;
      } else old = undefined;
      if (old) frames.set(key, old);
      else {
        const set = this.frameSetFor(fn, summary);
        set.get(arch, 'free');
        set.get(arch, 'checked');
        frames.set(key, set);
        estimated++;
      }
    }
    return { frames, estimated };
  }

  /** Frame signatures of declarations compared across edits (each declaration is signed once). */
  private readonly frameSigs = new WeakMap<FunctionDecl, string>();

  private frameSignatureOf(fn: FunctionDecl): string {
    let sig = this.frameSigs.get(fn);
    if (sig === undefined) {
      sig = frameSignature(fn);
      this.frameSigs.set(fn, sig);
    }
    return sig;
  }

  private stackTypeFacts(arch: Arch): StackTypeFacts {
    const types = this.types;
    return {
      sizeOf: (t, file, config, inline) => {
        try {
          return types.sizeOf(t, file, arch, config, inline).size;
        } catch {
          return null;
        }
      },
      sizesOf: (t, file, inline) => {
        try {
          const s = types.sizesOf(t, file, arch, inline);
          return { free: s.free.size, checked: s.checked.size };
        } catch {
          // As two sizeOf calls would answer (each failure on its own).
          const one = (config: BuildConfig): number | null => {
            try {
              return types.sizeOf(t, file, arch, config, inline).size;
            } catch {
              return null;
            }
          };
          return { free: one('free'), checked: one('checked') };
        }
      },
      definitionOf: (t, file) => {
        try {
          const d = types.definitionOf(t, file);
          return d ? { name: d.name, file: d.file, range: d.range } : null;
        } catch {
          return null;
        }
      },
    };
  }

  private typeReportsOf(summary: FileSummary, arch: Arch): { reports: TypeReport[]; growth: TypeGrowth[] } {
    const reports: TypeReport[] = [];
    const growth: TypeGrowth[] = [];
    const visit = (r: RecordDecl, depth: number): void => {
      const name = r.typedefNames[0] ?? r.qualifiedName ?? r.tag;
      if (name) {
        const { free, checked: chk } = this.safeRecordLayouts(r, arch);
        const dbgChanges = free.size !== chk.size || hasDbgMembers(r);
        reports.push(new RecordTypeReport(name, summary.file, r.range.start.line + 1, (a, c) => this.safeRecordLayout(r, a, c), dbgChanges));
        if (free.size !== chk.size) growth.push({ name, file: summary.file, range: r.range, record: r, free: free.size, checked: chk.size });
      }
      if (depth < 32) for (const f of r.fields) if (f.inline && (f.inline.tag || f.inline.typedefNames.length)) visit(f.inline, depth + 1);
    };
    for (const r of summary.records) visit(r, 0);
    return { reports, growth };
  }

  /** Both configurations' layouts (one computation when DBG changes nothing in the record); failures are unknown. */
  private safeRecordLayouts(r: RecordDecl, arch: Arch): Record<BuildConfig, { size: number | null; align: number | null }> {
    try {
      return this.types.recordLayouts(r, arch);
    } catch {
      return { free: this.safeRecordLayout(r, arch, 'free'), checked: this.safeRecordLayout(r, arch, 'checked') };
    }
  }

  private safeRecordLayout(r: RecordDecl, arch: Arch, config: BuildConfig): { size: number | null; align: number | null } {
    try {
      return this.types.recordLayout(r, arch, config);
    } catch {
      return { size: null, align: null };
    }
  }

  private typeDefinitionSite(name: string) {
    try {
      return this.types.definitionOf({ base: name, pointer: 0, arrayDims: [] }, '');
    } catch {
      return null;
    }
  }

  /** The definition a prototype declares, through the graph's declaration lists. */
  private resolveDeclaration(decl: FunctionDecl): string | null {
    const g = this.graph!;
    for (const key of g.definitionsNamed(decl.qualifiedName)) {
      if (g.functions.get(key)!.declarations.includes(decl)) return key;
    }
    const keys = g.definitionsNamed(decl.qualifiedName);
    return keys.length === 1 ? keys[0] : null;
  }

  private hoverContext() {
    return {
      settings: this.settings,
      graph: this.graph!,
      worst: this.worst,
      irqlSummary: (key: string): IrqlRange | undefined => this.reportsByKey.get(key)?.irql,
    };
  }

  /**
   * Swaps the new summaries of `changed` files into the graph. Only valid when no graph signature
   * changed: the same definitions, calls and references exist, only positions and bodies moved.
   */
  private patchGraph(g: WorkspaceCallGraph, changed: Set<string>): void {
    for (const file of changed) {
      const entry = this.files.get(file);
      if (!entry) continue;
      const s = entry.summary;
      const seen = new Set<string>();
      for (const fn of s.functions) {
        if (!fn.isDefinition) continue;
        const key = functionKey(fn);
        if (seen.has(key)) continue;
        seen.add(key);
        const gf = g.functions.get(key);
        if (!gf) continue;
        gf.decl = fn;
        gf.summary = s;
        const i = g.indexOf.get(key)!;
        for (const edge of g.outEdges[i]) edge.call = fn.calls[edge.callIndex];
      }
    }
    // Prototypes of the changed files attached to definitions anywhere. Declarations attach by
    // qualified name, so each definition holds, per file, the prototypes of that name in file
    // order: replace that run with the new file's prototypes of the same name, in order.
    const protos = new Map<string, Map<string, FunctionDecl[]>>();
    const protosOf = (file: string): Map<string, FunctionDecl[]> => {
      let m = protos.get(file);
      if (!m) {
        m = new Map();
        for (const f of this.files.get(file)?.summary.functions ?? []) {
          if (f.isDefinition) continue;
          const list = m.get(f.qualifiedName);
          if (list) list.push(f);
          else m.set(f.qualifiedName, [f]);
        }
        protos.set(file, m);
      }
      return m;
    };
    for (const gf of g.functions.values()) {
      const cursor = new Map<string, number>();
      for (let k = 0; k < gf.declarations.length; k++) {
        const d = gf.declarations[k];
        if (!changed.has(d.file)) continue;
        const list = protosOf(d.file).get(d.qualifiedName) ?? [];
        const at = cursor.get(d.file) ?? 0;
        cursor.set(d.file, at + 1);
        if (at < list.length) gf.declarations[k] = list[at];
      }
    }
  }
}

/** The definition each key of a file stands for (the first one: `#if DBG`/`#else` twins share a key). */
function firstDefinitions(summary: FileSummary): Map<string, FunctionDecl> {
  const out = new Map<string, FunctionDecl>();
  for (const fn of summary.functions) {
    if (!fn.isDefinition) continue;
    const key = functionKey(fn);
    if (!out.has(key)) out.set(key, fn);
  }
  return out;
}

function contains(r: Range, p: Pos): boolean {
  if (p.line < r.start.line || p.line > r.end.line) return false;
  if (p.line === r.start.line && p.column < r.start.column) return false;
  if (p.line === r.end.line && p.column > r.end.column) return false;
  return true;
}

function fieldAt(r: RecordDecl, pos: Pos, name: string): RecordDecl['fields'][number] | null {
  if (!contains(r.range, pos)) return null;
  for (const f of r.fields) {
    if (f.inline) {
      const inner = fieldAt(f.inline, pos, name);
      if (inner) return inner;
    }
    if (f.name === name && contains(f.range, pos)) return f;
  }
  return null;
}
