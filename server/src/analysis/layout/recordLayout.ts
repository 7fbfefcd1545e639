// MSVC type layout: sizes, alignments and member offsets of workspace types per target.
//
// Rules (https://learn.microsoft.com/en-us/cpp/c-language/storage-and-alignment-of-structures,
// .../cpp/cpp/align-cpp, .../cpp/preprocessor/pack, .../cpp/cpp/cpp-bit-fields), cross-checked
// against clang's Microsoft record layout (`--target=*-pc-windows-msvc`):
// - a member aligns to min(natural alignment, #pragma pack); `__declspec(align(n))` on a member
//   or on its type raises that and is *not* reduced by pack;
// - a record aligns to its most-aligned member, is padded to a multiple of that;
// - bit-fields: a run of bit-fields shares one storage unit of the declared type's size; a new
//   unit starts when the declared type's size changes or the field does not fit; a zero-width
//   bit-field closes the run and aligns the next member to its type, but only right after a
//   non-zero bit-field (otherwise MSVC ignores it); in unions bit-fields do not raise alignment;
// - C++: a vtable pointer first (when the class has virtual methods and no base provides one),
//   then non-virtual bases in order (no tail-padding reuse), then members; empty class = 1 byte.
// - `T x[]` / `T x[0]` at the end: zero bytes (alignment still applies); `[ANYSIZE_ARRAY]` = 1.

import type { Arch, BuildConfig, FieldDecl, RecordDecl, TypeRef } from '../model';
import { ABI, canonicalScalar, scalarLayout } from './abi';
import { evalConstExprDetailed, type ConstEvalContext, type FieldInfo, type TypeSizeInfo } from './constExpr';
import { condMatches, dependsOnConfig, type TypeIndex } from './typeIndex';
import { lookupWdkType } from './wdkTypes';

export interface FieldLayout {
  /** Member name; members of anonymous structs/unions appear flattened with their own names. */
  name: string;
  offset: number | null;
  size: number | null;
  /** Bit position inside the storage unit at `offset`, for bit-fields. */
  bitOffset?: number;
  bitWidth?: number;
  /** Declared type as written (for hovers). */
  type: string;
  /** For member-path resolution (FIELD_OFFSET(T, a.b)). */
  ref?: TypeRef;
  inline?: RecordDecl;
}

export interface TypeLayout {
  size: number | null;
  align: number | null;
  /** Why the size is unknown (names the unresolved type), when it is. */
  unknown?: string;
  /** Record members with offsets (records only). */
  fields?: FieldLayout[];
  /** `__declspec(align)` requirement carried by the type; pack cannot lower it. */
  requiredAlign?: number;
  /** Outermost array dimension, when the type is an array. */
  count?: number;
  /** The outermost dimension is `[]` or `[0]` (zero bytes, flexible array member). */
  flexible?: boolean;
  /** The resolved record, for member lookups. */
  record?: RecordDecl;
  isPointer?: boolean;
  /** Record without data (C++ empty class): takes no space as a base. */
  isEmpty?: boolean;
  hasVfptr?: boolean;
  /** Where the figure comes from for built-in types (WDK header / docs page). */
  source?: string;
  /** The size rests on an assumption rather than a declaration (shown in hovers/breakdowns). */
  assumption?: string;
}

/**
 * WDK naming convention: `PFOO`, `PCFOO`, `PRFOO` are pointer typedefs. Used only for names
 * declared nowhere (not in the workspace, not in the table), typically from SDK headers outside
 * the workspace (`PSCSI_REQUEST_BLOCK`, `PNET_BUFFER_LIST`).
 */
const POINTER_TYPEDEF_CONVENTION = /^P(C|R)?[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
/** Leading words that make an all-caps P-name a type of its own (`PROCESS_INFORMATION`, `PACKET`). */
const P_WORDS = new Set([
  'PACKET', 'PAGE', 'PAGED', 'PARAMETERS', 'PARTITION', 'PASSIVE', 'PATH', 'PCI', 'PCMCIA', 'PENDING', 'PERF', 'PHASE', 'PHYSICAL',
  'PIN', 'PIPE', 'PLUGPLAY', 'PNP', 'POINT', 'POLICY', 'POOL', 'PORT', 'POSITION', 'POWER', 'PREFIX', 'PRINT', 'PRINTER', 'PRIORITY',
  'PRIVATE', 'PROCESS', 'PROCESSOR', 'PROFILE', 'PROGRAM', 'PROPERTY', 'PROTOCOL', 'PROVIDER', 'PROXY', 'PUBLIC', 'PARALLEL', 'PERFORMANCE',
]);

function assumedPointerName(name: string): boolean {
  return name.length > 3 && POINTER_TYPEDEF_CONVENTION.test(name) && !P_WORDS.has(name.split('_')[0]);
}

export type TypeOrName = TypeRef | string;

/** Variables visible to `sizeof expr` / `RTL_NUMBER_OF(x)`: name → declared type. */
export type ScopeLookup = (name: string) => { type: TypeRef; inline?: RecordDecl } | undefined;

const QUALIFIERS = new Set([
  'const', 'volatile', '__unaligned', 'UNALIGNED', '__ptr64', '__ptr32', '__restrict', 'restrict', 'mutable',
  'typename', 'register', 'static', 'extern', 'inline', '__inline', '__forceinline', 'CONST', 'VOLATILE',
  'FAR', 'NEAR', '__far', '__near', 'POINTER_64', 'POINTER_32', 'thread_local', '__thread', 'constexpr',
]);

interface ParsedBase {
  name: string;
  tagKind?: 'struct' | 'union' | 'class' | 'enum';
  /** Trailing `*`/`&` written inside the base spelling. */
  extraPointers: number;
}

const parsedBases = new Map<string, ParsedBase>();

/** parseBase with a bounded cache: the same spellings recur in every record and function. */
function parseBase(base: string): ParsedBase {
  let hit = parsedBases.get(base);
  if (!hit) {
    if (parsedBases.size > 50000) parsedBases.clear();
    hit = parseBaseUncached(base);
    parsedBases.set(base, hit);
  }
  return hit;
}

function parseBaseUncached(base: string): ParsedBase {
  if (/^[A-Za-z_]\w*$/.test(base) && !QUALIFIERS.has(base)) return { name: base, extraPointers: 0 };
  let text = base.replace(/__declspec\s*\([^)]*\)/g, ' ').replace(/\b(DECLSPEC_ALIGN|DECLSPEC_CACHEALIGN)\s*\([^)]*\)/g, ' ');
  let extraPointers = 0;
  text = text.replace(/[*&]/g, () => {
    extraPointers++;
    return ' ';
  });
  const words = text.split(/\s+/).filter((w) => w && !QUALIFIERS.has(w));
  let tagKind: ParsedBase['tagKind'];
  if (words[0] === 'struct' || words[0] === 'union' || words[0] === 'class' || words[0] === 'enum') {
    tagKind = words.shift() as ParsedBase['tagKind'];
    if (words[0] === 'class' || words[0] === 'struct') words.shift(); // `enum class X`
  }
  let name = words.join(' ');
  if (name.startsWith('::')) name = name.slice(2);
  return { name, tagKind, extraPointers };
}

const alignTo = (n: number, a: number): number => (a <= 1 ? n : Math.ceil(n / a) * a);

/**
 * A memoised result and whether computing it read something configuration-dependent
 * (TypeIndex.configDependentReads): a memo hit replays that read, so the counter tells the same
 * story whether the result was computed or remembered.
 */
/** Dense index of a (target, config) pair, for per-scope memo tables (no key strings built per lookup). */
function scopeIndex(arch: Arch, config: BuildConfig): number {
  return (arch === 'x86' ? 0 : arch === 'x64' ? 2 : 4) + (config === 'free' ? 0 : 1);
}

/** The layout of any data or function pointer per target (shared: layouts are never mutated). */
const POINTER_LAYOUT: Record<Arch, TypeLayout> = {
  x86: { size: ABI.x86.pointerSize, align: ABI.x86.pointerSize, isPointer: true },
  x64: { size: ABI.x64.pointerSize, align: ABI.x64.pointerSize, isPointer: true },
  arm64: { size: ABI.arm64.pointerSize, align: ABI.arm64.pointerSize, isPointer: true },
};

interface Memo<T> {
  value: T;
  configDependent: boolean;
}

/** A memoised array dimension; `readsScope`: it names a variable (`sizeof x`), so it holds only without a scope. */
interface DimMemo extends Memo<number | null> {
  readsScope: boolean;
}

const unknownLayout = (why: string): TypeLayout => ({ size: null, align: null, unknown: why });

function typeText(t: TypeRef): string {
  // Most members are written as a bare type name: no string to build.
  if (t.pointer === 0 && t.arrayDims.length === 0) return t.base;
  return t.base + '*'.repeat(t.pointer) + t.arrayDims.map((d) => `[${d}]`).join('');
}

/**
 * Layout engine over a TypeIndex. Results are memoised per (target, config) and dropped when
 * the index changes (its generation); recursion through types is cut (cycle → unknown). Every
 * read that depends on the build configuration counts in `index.configDependentReads`, memo hits
 * included.
 */
export class LayoutEngine {
  private memoGen = -1;
  /** Per target and config (scopeIndex) → (tag-kind + name) → layout. */
  private named: Map<string, Memo<TypeLayout>>[] = [];
  /** Record → per scopeIndex layout. */
  private records = new WeakMap<RecordDecl, Memo<TypeLayout>[]>();
  private dims = new Map<string, DimMemo>();
  /** Set when an expression looks a variable up in a scope (exprLayout); see evalDim. */
  private scopeRead = false;
  private readonly visiting = new Set<unknown>();
  /** Current nesting of record/typedef resolution (bounded: deeply nested input must not overflow the JS stack). */
  private depth = 0;
  private static readonly MAX_DEPTH = 256;
  /**
   * The file whose text is being laid out (a record's or typedef's own file, the function of a
   * local): macros in array dimensions, bit widths and alignments resolve to the definition
   * nearest to it (TypeIndex.findDefine), since independent drivers reuse macro names.
   */
  private origin: string | undefined;

  constructor(readonly index: TypeIndex) {}

  /** Runs `fn` with macro lookups resolved from `file` (restored afterwards). */
  private fromFile<T>(file: string | undefined, fn: () => T): T {
    if (file === undefined || file === this.origin) return fn();
    const saved = this.origin;
    this.origin = file;
    try {
      return fn();
    } finally {
      this.origin = saved;
    }
  }

  private checkMemo(): void {
    if (this.memoGen !== this.index.generation) {
      this.memoGen = this.index.generation;
      this.named = [];
      this.records = new WeakMap();
      this.dims = new Map();
    }
  }

  /** Layout of a type reference (pointers, arrays and all) or of a type name. */
  layoutType(t: TypeOrName, arch: Arch, config: BuildConfig, scope?: ScopeLookup): TypeLayout {
    this.checkMemo();
    if (typeof t === 'string') return this.layoutTypeText(t, arch, config, scope);
    return this.layoutRef(t, arch, config, undefined, scope);
  }

  /**
   * Layout of `ref`, using `inline` (a record defined in place) instead of `ref.base` when given.
   * `fromFile` is the file the reference is written in (macros in its array dimensions resolve
   * nearest to it).
   */
  layoutRef(ref: TypeRef, arch: Arch, config: BuildConfig, inline?: RecordDecl, scope?: ScopeLookup, fromFile?: string): TypeLayout {
    this.checkMemo();
    if (fromFile !== undefined && fromFile !== this.origin) {
      // fromFile() without its closure: this runs for every local of every function.
      const saved = this.origin;
      this.origin = fromFile;
      try {
        return this.layoutRef(ref, arch, config, inline, scope);
      } finally {
        this.origin = saved;
      }
    }
    const parsed = parseBase(ref.base);
    let elem: TypeLayout;
    if (ref.pointer > 0 || ref.isFunctionPointer || parsed.extraPointers > 0) {
      elem = POINTER_LAYOUT[arch];
    } else if (inline) {
      elem = this.layoutRecord(inline, arch, config);
    } else {
      elem = this.layoutNamed(parsed, arch, config);
    }
    if (ref.arrayDims.length === 0) return elem;
    return this.applyArray(elem, ref.arrayDims, arch, config, scope);
  }

  private applyArray(elem: TypeLayout, dims: string[], arch: Arch, config: BuildConfig, scope?: ScopeLookup): TypeLayout {
    let count = 1;
    let flexible = false;
    let unknown: string | undefined;
    let outer: number | undefined;
    for (let i = 0; i < dims.length; i++) {
      const d = dims[i].trim();
      if (d === '' || d === '0') {
        // Flexible/zero-length array: only meaningful outermost.
        if (i === 0) {
          flexible = true;
          count = 0;
          outer = 0;
          continue;
        }
        unknown ??= `array dimension [${d}]`;
        continue;
      }
      const n = this.evalDim(d, arch, config, scope);
      if (n === null || n < 0) {
        unknown ??= `array dimension [${d}]`;
        continue;
      }
      if (i === 0) outer = n;
      count *= n;
    }
    if (unknown) return { size: null, align: elem.align, unknown, requiredAlign: elem.requiredAlign, count: outer, record: elem.record };
    if (elem.size === null) return { ...elem, count: outer, flexible, isPointer: false, fields: undefined };
    return {
      size: elem.size * count,
      align: elem.align,
      requiredAlign: elem.requiredAlign,
      count: outer,
      flexible: flexible || undefined,
      record: elem.record,
    };
  }

  private evalDim(text: string, arch: Arch, config: BuildConfig, scope?: ScopeLookup): number | null {
    if (/^\d+$/.test(text)) return Number(text);
    // Memoised per target, config and origin file. A dimension evaluated with a scope (a local's
    // `[sizeof buf]`) shares the entry unless it actually looked a name up in the scope: most
    // local arrays are sized by macros and would otherwise be re-evaluated for every function.
    const key = `${arch}|${config}|${this.origin ?? ''}|${text}`;
    const hit = this.dims.get(key);
    if (hit !== undefined && (!scope || !hit.readsScope)) {
      if (hit.configDependent) this.index.configDependentReads++;
      return hit.value;
    }
    const before = this.index.configDependentReads;
    const outerScopeRead = this.scopeRead;
    this.scopeRead = false;
    let v: number | null;
    let readsScope: boolean;
    try {
      v = this.evalConst(text, arch, config, scope);
    } finally {
      readsScope = this.scopeRead;
      this.scopeRead = outerScopeRead || readsScope;
    }
    if (!scope || !readsScope) this.dims.set(key, { value: v, configDependent: this.index.configDependentReads !== before, readsScope });
    return v;
  }

  /** Evaluate an integer constant expression in the workspace's macro/enum/type context. */
  evalConst(text: string, arch: Arch, config: BuildConfig, scope?: ScopeLookup): number | null {
    return evalConstExprDetailed(text, this.constContext(arch, config, scope)).value;
  }

  /** The context constExpr needs: macros, enum constants, sizeof/offsetof through this engine. */
  constContext(arch: Arch, config: BuildConfig, scope?: ScopeLookup): ConstEvalContext {
    return {
      arch,
      macro: (name) => this.index.macro(name, arch, config, this.origin),
      enumConstant: (name) => this.enumConstantValue(name, arch, config),
      typeInfo: (text) => this.typeInfoForText(text, arch, config),
      fieldInfo: (t, member) => this.fieldInfo(t, member, arch, config),
      sizeofExpr: (text) => this.exprLayout(text, arch, config, scope)?.size ?? null,
      countofExpr: (text) => this.exprLayout(text, arch, config, scope)?.count ?? null,
    };
  }

  private enumConstantValue(name: string, arch: Arch, config: BuildConfig): number | null | undefined {
    const ref = this.index.findEnumConstant(name);
    if (!ref) return undefined;
    const visitKey = `${arch}|${config}|enum:${name}`;
    if (this.visiting.has(visitKey)) return null;
    this.visiting.add(visitKey);
    const saved = this.origin;
    this.origin = ref.decl.file;
    try {
      // Implicit values count up from the previous explicit one (or 0).
      let base = 0;
      let baseIdx = -1;
      for (let i = ref.index; i >= 0; i--) {
        const c = ref.decl.constants[i];
        if (c.value !== null && c.value.trim() !== '') {
          const v = this.evalConst(c.value, arch, config);
          if (v === null) return null;
          base = v;
          baseIdx = i;
          break;
        }
      }
      return baseIdx < 0 ? ref.index : base + (ref.index - baseIdx);
    } finally {
      this.origin = saved;
      this.visiting.delete(visitKey);
    }
  }

  /** sizeof/alignof of a type written as text (`ULONG`, `struct _FOO *`, `MY_T[4]`); undefined when not a type. */
  typeInfoForText(text: string, arch: Arch, config: BuildConfig): TypeSizeInfo | undefined {
    const t = parseTypeText(text);
    if (!t) return undefined;
    const parsed = parseBase(t.base);
    if (!this.namesAType(parsed, arch, config)) return undefined;
    const l = this.layoutRef(t, arch, config);
    return { size: l.size, align: l.align };
  }

  private namesAType(p: ParsedBase, arch: Arch, config: BuildConfig): boolean {
    if (p.tagKind) return true;
    if (!p.name) return false;
    if (canonicalScalar(p.name) !== null) return true;
    if (this.index.findRecord(p.name, arch, config) || this.index.findTypedef(p.name, arch, config)) return true;
    if (this.index.findPointerTypedef(p.name, arch, config) || this.index.findEnum(p.name)) return true;
    if (lookupWdkType(p.name)) return true;
    const last = p.name.includes('::') ? p.name.split('::').pop()! : null;
    return last !== null && this.namesAType({ name: last, extraPointers: 0 }, arch, config);
  }

  /** Layout of a type written as text, or unknown when it does not parse. */
  private layoutTypeText(text: string, arch: Arch, config: BuildConfig, scope?: ScopeLookup): TypeLayout {
    const t = parseTypeText(text);
    if (!t) return unknownLayout(text);
    return this.layoutRef(t, arch, config, undefined, scope);
  }

  private layoutNamed(p: ParsedBase, arch: Arch, config: BuildConfig): TypeLayout {
    const scope = scopeIndex(arch, config);
    let memo = this.named[scope];
    if (!memo) {
      memo = new Map();
      this.named[scope] = memo;
    }
    const nameKey = p.tagKind ? `${p.tagKind} ${p.name}` : p.name;
    const hit = memo.get(nameKey);
    if (hit) {
      if (hit.configDependent) this.index.configDependentReads++;
      return hit.value;
    }
    const visitKey = `${arch}${config}|${nameKey}`;
    if (this.visiting.has(visitKey)) return unknownLayout(`${p.name} (recursive type)`);
    if (this.depth >= LayoutEngine.MAX_DEPTH) return unknownLayout(`${p.name} (nesting too deep)`);
    this.visiting.add(visitKey);
    this.depth++;
    const before = this.index.configDependentReads;
    try {
      const r = this.resolveNamed(p, arch, config);
      memo.set(nameKey, { value: r, configDependent: this.index.configDependentReads !== before });
      return r;
    } finally {
      this.depth--;
      this.visiting.delete(visitKey);
    }
  }

  private resolveNamed(p: ParsedBase, arch: Arch, config: BuildConfig): TypeLayout {
    const name = p.name;
    if (!name) return unknownLayout('(no type)');
    const scalar = scalarLayout(name, arch);
    if (scalar !== undefined) {
      if (scalar === null) return unknownLayout(name === 'void' ? 'void' : `${name} (no MSVC size)`);
      return { size: scalar.size, align: scalar.align };
    }
    if (p.tagKind === 'enum') {
      const e = this.index.findEnum(name);
      if (e?.underlying) return this.layoutRef(e.underlying, arch, config);
      return { size: 4, align: 4 };
    }
    const kind = p.tagKind;
    const rec = this.index.findRecord(name, arch, config, kind);
    const recHasBody = rec && (rec.fields.length > 0 || rec.bases.length > 0 || rec.hasVirtual);
    if (rec && recHasBody) return this.layoutRecord(rec, arch, config);
    const wdkEntry = lookupWdkType(name);
    // Basic WDK typedefs (ULONG, SIZE_T, HANDLE, enums) have one size everywhere: the table wins
    // over workspace typedefs, so one odd or mis-parsed redefinition cannot poison every use.
    if (wdkEntry && !p.tagKind && wdkEntry.kind !== 'struct' && wdkEntry.kind !== 'union' && wdkEntry.kind !== 'opaque') return this.fromWdk(name, arch, config);
    if (!p.tagKind) {
      const td = this.index.findTypedef(name, arch, config);
      if (td && td.type.base !== name) {
        const viaTypedef = this.fromFile(td.file, () => this.layoutRef(td.type, arch, config));
        // A typedef of an undeclared type (`typedef struct _KEVENT KEVENT;` without the body in
        // the workspace) falls back to the WDK table.
        if (viaTypedef.size === null && wdkEntry) return this.fromWdk(name, arch, config);
        return viaTypedef;
      }
      if (this.index.findPointerTypedef(name, arch, config)) {
        const s = ABI[arch].pointerSize;
        return { size: s, align: s, isPointer: true };
      }
      const e = this.index.findEnum(name);
      if (e) return e.underlying ? this.layoutRef(e.underlying, arch, config) : { size: 4, align: 4 };
    }
    if (wdkEntry) return this.fromWdk(name, arch, config);
    // An empty record is either a forward declaration or a genuinely empty struct/class.
    if (rec) return this.layoutRecord(rec, arch, config);
    if (name.includes('::')) {
      const last = name.split('::').pop()!;
      if (last) return this.layoutNamed({ name: last, tagKind: p.tagKind, extraPointers: 0 }, arch, config);
    }
    if (name.includes('<')) return unknownLayout(`${name} (template)`);
    if (assumedPointerName(name)) {
      const s = ABI[arch].pointerSize;
      return { size: s, align: s, isPointer: true, assumption: `${name} is not declared in the workspace: assumed a pointer (WDK P-prefix convention)` };
    }
    return unknownLayout(name);
  }

  private fromWdk(name: string, arch: Arch, config: BuildConfig): TypeLayout {
    const wdk = lookupWdkType(name)!;
    if (wdk.checked) this.index.configDependentReads++;
    const layout = config === 'checked' && wdk.checked ? wdk.checked[arch] : wdk.layout[arch];
    if (!layout) return { size: null, align: null, unknown: wdk.kind === 'opaque' ? `${name} (opaque: only a pointer to it has a size)` : `${name} (no size on ${arch})`, source: wdk.source };
    return { size: layout[0], align: layout[1], source: wdk.source, isPointer: wdk.kind === 'pointer' || wdk.kind === 'handle' };
  }

  /** Layout of a record declaration (struct, union or class). */
  layoutRecord(rec: RecordDecl, arch: Arch, config: BuildConfig): TypeLayout {
    this.checkMemo();
    const key = scopeIndex(arch, config);
    let perRec = this.records.get(rec);
    const hit = perRec?.[key];
    if (hit) {
      if (hit.configDependent) this.index.configDependentReads++;
      return hit.value;
    }
    if (this.visiting.has(rec)) return unknownLayout(`${rec.tag ?? rec.typedefNames[0] ?? 'record'} (recursive type)`);
    if (this.depth >= LayoutEngine.MAX_DEPTH) return unknownLayout(`${rec.tag ?? rec.typedefNames[0] ?? 'record'} (nesting too deep)`);
    this.visiting.add(rec);
    this.depth++;
    const before = this.index.configDependentReads;
    let r: TypeLayout;
    try {
      r = this.fromFile(rec.file, () => this.computeRecord(rec, arch, config));
    } finally {
      this.depth--;
      this.visiting.delete(rec);
    }
    if (!perRec) {
      perRec = [];
      this.records.set(rec, perRec);
    }
    perRec[key] = { value: r, configDependent: this.index.configDependentReads !== before };
    return r;
  }

  private evalAlignArg(text: string | undefined, arch: Arch, config: BuildConfig): number {
    if (!text) return 1;
    const v = this.evalConst(text, arch, config);
    return v !== null && v > 0 && (v & (v - 1)) === 0 ? v : 1;
  }

  private computeRecord(rec: RecordDecl, arch: Arch, config: BuildConfig): TypeLayout {
    const isUnion = rec.kind === 'union';
    const pack = rec.pack && rec.pack > 0 ? rec.pack : null;
    const ptr = ABI[arch].pointerSize;
    const fields: FieldLayout[] = [];
    let size = 0;
    let align = 1;
    let required = this.evalAlignArg(rec.align, arch, config);
    let unknown: string | undefined;
    const isCpp = rec.kind === 'class' || rec.bases.length > 0 || rec.hasVirtual || this.index.languageOf(rec.file) === 'cpp';

    // C++ non-virtual bases, in order (MSVC never reuses a base's tail padding).
    let baseHasVfptr = false;
    let dataful = false;
    for (const b of rec.bases) {
      const bl = this.layoutRef(b, arch, config);
      if (bl.size === null || bl.align === null) {
        unknown ??= `base ${b.base}: ${bl.unknown ?? 'unknown'}`;
        continue;
      }
      if (bl.hasVfptr) baseHasVfptr = true;
      align = Math.max(align, bl.align);
      required = Math.max(required, bl.requiredAlign ?? 1);
      if (bl.isEmpty) continue;
      dataful = true;
      size = alignTo(size, bl.align) + bl.size;
    }

    // Bit-field run state.
    let lastWasBitfield = false;
    let unitSize = 0;
    let bitsLeft = 0;
    let unitOffset = 0;

    for (let fi = 0; fi < rec.fields.length; fi++) {
      const f = rec.fields[fi];
      if (dependsOnConfig(f.cond)) this.index.configDependentReads++;
      if (!condMatches(f.cond, arch, config)) continue;
      const label = f.name ?? '(anonymous)';
      const info = this.fieldType(f, arch, config);
      if (info.size === null || info.align === null) {
        unknown ??= `${label}: ${info.unknown ?? typeText(f.type)}`;
        lastWasBitfield = false;
        continue;
      }
      const declAlign = this.evalAlignArg(f.align, arch, config);
      if (f.bitWidth !== undefined) {
        const width = this.evalConst(f.bitWidth, arch, config);
        if (width === null || width < 0) {
          unknown ??= `${label}: bit width ${f.bitWidth}`;
          continue;
        }
        dataful = true;
        // __declspec(align) raises a bit-field's alignment (it is not "required" alignment).
        let fAlign = pack ? Math.min(info.align, pack) : info.align;
        fAlign = Math.max(fAlign, declAlign);
        const unitBits = info.size * 8;
        const w = Math.min(width, unitBits);
        if (w === 0) {
          // Zero-width: ignored unless it follows a non-zero bit-field.
          if (lastWasBitfield && !isUnion) {
            size = alignTo(size, fAlign);
            align = Math.max(align, fAlign);
          }
          lastWasBitfield = false;
          continue;
        }
        if (!isUnion && lastWasBitfield && unitSize === info.size && w <= bitsLeft) {
          fields.push({ name: label, offset: unitOffset, size: info.size, bitOffset: unitBits - bitsLeft, bitWidth: w, type: typeText(f.type), ref: f.type });
          bitsLeft -= w;
          continue;
        }
        lastWasBitfield = true;
        unitSize = info.size;
        if (isUnion) {
          fields.push({ name: label, offset: 0, size: info.size, bitOffset: 0, bitWidth: w, type: typeText(f.type), ref: f.type });
          size = Math.max(size, info.size);
        } else {
          unitOffset = alignTo(size, fAlign);
          fields.push({ name: label, offset: unitOffset, size: info.size, bitOffset: 0, bitWidth: w, type: typeText(f.type), ref: f.type });
          size = unitOffset + info.size;
          align = Math.max(align, fAlign);
          bitsLeft = unitBits - w;
        }
        continue;
      }
      lastWasBitfield = false;
      const fieldRequired = Math.max(declAlign, info.requiredAlign ?? 1);
      let fAlign = pack ? Math.min(info.align, pack) : info.align;
      fAlign = Math.max(fAlign, fieldRequired);
      required = Math.max(required, fieldRequired);
      const offset = isUnion ? 0 : alignTo(size, fAlign);
      if (isUnion) size = Math.max(size, info.size);
      else size = offset + info.size;
      align = Math.max(align, fAlign);
      if (info.size > 0 || !info.flexible) dataful = true;
      if (f.name === null && f.inline && (f.type.pointer === 0 && f.type.arrayDims.length === 0)) {
        // Anonymous struct/union: its members are members of this record.
        for (const sub of info.fields ?? []) fields.push({ ...sub, offset: sub.offset === null ? null : offset + sub.offset });
      } else {
        fields.push({ name: label, offset, size: info.size, type: f.inline ? `${f.inline.kind} ${f.inline.tag ?? '{...}'}` : typeText(f.type), ref: f.type, inline: f.inline });
      }
    }

    // Own vtable pointer: placed first, everything else shifts by the pointer rounded up to the
    // record's alignment (MSVC injects it after laying out the rest).
    let hasVfptr = baseHasVfptr;
    if (rec.hasVirtual && !baseHasVfptr) {
      hasVfptr = true;
      const shift = alignTo(ptr, Math.max(align, required, ptr));
      for (const fl of fields) if (fl.offset !== null) fl.offset += shift;
      size += shift;
      align = Math.max(align, ptr);
      dataful = true;
    }

    align = Math.max(align, required);
    const isEmpty = !dataful && size === 0;
    if (size === 0) {
      // MSVC/clang: a zero-sized record has the size of its alignment, i.e. 1 for an empty C++
      // class; clang's MS mode gives an empty C struct 4 bytes.
      size = isCpp ? Math.max(1, align) : Math.max(4, align);
    }
    const name = rec.tag ?? rec.typedefNames[0] ?? '(anonymous)';
    if (unknown) return { size: null, align, unknown: `${name}.${unknown}`, fields, requiredAlign: required > 1 ? required : undefined, record: rec, hasVfptr };
    return {
      size: alignTo(size, align),
      align,
      fields,
      requiredAlign: required > 1 ? required : undefined,
      record: rec,
      isEmpty: isEmpty && isCpp ? true : undefined,
      hasVfptr: hasVfptr || undefined,
    };
  }

  private fieldType(f: FieldDecl, arch: Arch, config: BuildConfig): TypeLayout {
    return this.layoutRef(f.type, arch, config, f.inline);
  }

  /** Offset, size and element count of a member path (`a.b[2].c`) inside a type. */
  fieldInfo(typeTextOrName: string, member: string, arch: Arch, config: BuildConfig): FieldInfo | null {
    let layout = this.layoutTypeText(typeTextOrName, arch, config);
    let offset = 0;
    const parts = member.replace(/\s+/g, '').split(/(?=[.[])|(?<=\])/).filter(Boolean);
    let current: FieldLayout | undefined;
    for (const raw of parts) {
      const part = raw.startsWith('.') ? raw.slice(1) : raw;
      if (part.startsWith('[')) {
        if (!current) return null;
        const idx = this.evalConst(part.slice(1, -1), arch, config);
        if (idx === null || layout.size === null || layout.count === undefined || layout.count === 0) return null;
        const elemSize = layout.size / layout.count;
        offset += idx * elemSize;
        const elemRef = current.ref ? { ...current.ref, arrayDims: current.ref.arrayDims.slice(1) } : undefined;
        layout = elemRef ? this.layoutRef(elemRef, arch, config, current.inline) : { size: elemSize, align: layout.align };
        continue;
      }
      const fl = layout.fields?.find((x) => x.name === part);
      if (!fl || fl.offset === null) return null;
      offset += fl.offset;
      current = fl;
      layout = fl.ref ? this.layoutRef(fl.ref, arch, config, fl.inline) : { size: fl.size, align: null };
    }
    if (!current) return null;
    return { offset, size: layout.size, count: layout.count ?? null };
  }

  /**
   * Type of a simple expression for `sizeof expr` and `RTL_NUMBER_OF(expr)`: a variable from
   * `scope`, then `.m`/`->m`, `[i]` and leading `*`. Anything else is unknown.
   */
  exprLayout(text: string, arch: Arch, config: BuildConfig, scope?: ScopeLookup): TypeLayout | null {
    let t = text.replace(/\s+/g, '');
    while (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1);
    let derefs = 0;
    while (t.startsWith('*')) {
      derefs++;
      t = t.slice(1);
    }
    const m = /^([A-Za-z_]\w*)(.*)$/.exec(t);
    if (!m) return null;
    let ref: TypeRef | undefined;
    let inline: RecordDecl | undefined;
    if (m[1] === 'this') return null;
    this.scopeRead = true;
    const v = scope?.(m[1]);
    if (!v) return null;
    ref = v.type;
    inline = v.inline;
    let rest = m[2];
    const ops = [...rest.matchAll(/(\.|->)([A-Za-z_]\w*)|\[([^\]]*)\]/g)];
    if (ops.map((o) => o[0]).join('') !== rest) return null;
    for (const op of ops) {
      if (op[3] !== undefined) {
        ref = stepIndex(ref);
        if (!ref) return null;
        continue;
      }
      if (op[1] === '->') {
        ref = stepIndex(ref);
        if (!ref) return null;
      }
      const host = this.layoutRef(ref, arch, config, inline);
      const fl = host.fields?.find((x) => x.name === op[2]);
      if (!fl?.ref) return null;
      ref = fl.ref;
      inline = fl.inline;
    }
    for (let i = 0; i < derefs; i++) {
      ref = stepIndex(ref);
      if (!ref) return null;
    }
    rest = '';
    return this.layoutRef(ref, arch, config, inline, scope);
  }
}

/** Drop one array dimension, or one pointer level: the element/pointee type. */
function stepIndex(ref: TypeRef): TypeRef | undefined {
  if (ref.arrayDims.length > 0) return { ...ref, arrayDims: ref.arrayDims.slice(1) };
  if (ref.pointer > 0) return { ...ref, pointer: ref.pointer - 1 };
  return undefined;
}

/**
 * Parse a type name written as text (`ULONG`, `struct _FOO *`, `UCHAR[16]`, `const char * const`)
 * into a TypeRef. Returns null when it is clearly not a type name (operators, literals).
 */
export function parseTypeText(text: string): TypeRef | null {
  let s = text.trim();
  if (!s || s.length > 300) return null;
  const dims: string[] = [];
  for (;;) {
    const m = /\[([^\[\]]*)\]\s*$/.exec(s);
    if (!m) break;
    dims.unshift(m[1].trim());
    s = s.slice(0, m.index).trim();
  }
  let pointer = 0;
  s = s.replace(/[*&]/g, () => {
    pointer++;
    return ' ';
  });
  s = s.replace(/\s+/g, ' ').trim();
  if (!s || !/^[A-Za-z_:][\w:<>, ]*$/.test(s)) return null;
  // Drop trailing const/volatile of `char * const`.
  s = s.replace(/(\s+(const|volatile))+$/, '');
  return { base: s, pointer, arrayDims: dims };
}

const engines = new WeakMap<TypeIndex, LayoutEngine>();

/** The shared engine of an index (one memo per index). */
export function layoutEngineFor(index: TypeIndex): LayoutEngine {
  let e = engines.get(index);
  if (!e) {
    e = new LayoutEngine(index);
    engines.set(index, e);
  }
  return e;
}

/** Convenience: layout of a type reference or name on one target and configuration. */
export function layoutType(t: TypeOrName, arch: Arch, config: BuildConfig, index: TypeIndex): TypeLayout {
  return layoutEngineFor(index).layoutType(t, arch, config);
}
