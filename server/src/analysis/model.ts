// The compact, syntax-tree-free summary of one source file. This is the contract between the
// parser/extractor (parse/*) and every analysis (layout, frames, call graph, IRQL, rules).
// A summary is plain data: it can be cached, compared and serialised; it never holds a
// tree-sitter node (a kept WASM tree costs ~11 bytes per source byte, a summary a fraction).
//
// Positions are 0-based (line, column in UTF-16 code units), as in LSP; the CLI adds 1.

export type Arch = 'x86' | 'x64' | 'arm64';
export const ARCHES: readonly Arch[] = ['x86', 'x64', 'arm64'];

/** Build configuration: `checked` has DBG defined to 1, `free` does not. */
export type BuildConfig = 'free' | 'checked';

export interface Pos {
  line: number;
  column: number;
}
export interface Range {
  start: Pos;
  end: Pos;
}

/**
 * When an item exists. Absent = always. `dbg: true` = only when DBG is defined (checked),
 * `dbg: false` = only in free builds. `arches` = only for these targets (`#ifdef _WIN64` etc.).
 */
export interface Cond {
  dbg?: boolean;
  arches?: Arch[];
}

/**
 * A syntactic type as written, with typedef/tag resolution left to the layout engine.
 * `base` is the spelling without qualifiers: `ULONG`, `struct _FOO`, `unsigned long long`,
 * `MYSTRUCT`, `std::kstring`. Array dimensions and bit widths are kept as expression text
 * because they may use macros and `sizeof`, which depend on the target.
 */
export interface TypeRef {
  base: string;
  /** Pointer depth (`PVOID` is depth 0 with base PVOID; `char **` is depth 2). References count as pointers. */
  pointer: number;
  /** Outermost first: `int a[2][3]` → ['2', '3']. An empty string is `[]` (unknown / flexible). */
  arrayDims: string[];
  /** Written with `const`/`volatile` at the outer level (informational). */
  isConst?: boolean;
  /** A function pointer or other declarator we model as pointer-sized. */
  isFunctionPointer?: boolean;
}

export interface FieldDecl {
  /** null for an anonymous struct/union member or an unnamed bit-field. */
  name: string | null;
  type: TypeRef;
  /** Bit-field width expression, when this is a bit-field. */
  bitWidth?: string;
  /** A struct/union defined in place (named or anonymous): layout uses it instead of `type.base`. */
  inline?: RecordDecl;
  /** `__declspec(align(n))` / `DECLSPEC_ALIGN(n)` on the member, as expression text. */
  align?: string;
  cond?: Cond;
  range: Range;
}

export interface RecordDecl {
  kind: 'struct' | 'union' | 'class';
  /** The tag (`_FOO` in `struct _FOO`), or null when anonymous. */
  tag: string | null;
  /** Names introduced by `typedef struct _FOO { } FOO, *PFOO;` that denote the record itself (FOO). */
  typedefNames: string[];
  /** Pointer typedef names from the same declaration (PFOO). */
  pointerTypedefNames: string[];
  fields: FieldDecl[];
  /** `#pragma pack` value in force at the definition (null = default). */
  pack: number | null;
  /** `__declspec(align(n))` / `DECLSPEC_ALIGN(n)` on the record, expression text. */
  align?: string;
  /** C++ base classes, in order. */
  bases: TypeRef[];
  /** C++: has a virtual method (adds a vtable pointer). */
  hasVirtual: boolean;
  /** Qualified name for C++ nested/namespace records, e.g. `ns::Outer::Inner`. */
  qualifiedName?: string;
  cond?: Cond;
  file: string;
  range: Range;
}

export interface TypedefDecl {
  name: string;
  type: TypeRef;
  cond?: Cond;
  file: string;
  range: Range;
}

export interface EnumDecl {
  tag: string | null;
  typedefNames: string[];
  /** Constant name → value expression text (or null when implicit; the evaluator counts). */
  constants: { name: string; value: string | null }[];
  /** C++ `enum class X : UCHAR` underlying type. Default is 4 bytes (MSVC). */
  underlying?: TypeRef;
  file: string;
  range: Range;
}

/** An object-like `#define NAME value` (function-like macros are kept with params for IRQL use). */
export interface DefineDecl {
  name: string;
  value: string;
  params?: string[];
  cond?: Cond;
  file: string;
  line: number;
}

/** A SAL or legacy annotation that was blanked before parsing, re-attached to a function. */
export interface Annotation {
  /** e.g. `_IRQL_requires_max_`, `__drv_maxIRQL`, `_IRQL_raises_`, `_IRQL_saves_global_`. */
  name: string;
  /** Argument text, e.g. `DISPATCH_LEVEL`, `(PASSIVE_LEVEL)` without the outer parentheses. */
  args: string;
  /** Annotation on a parameter: index of that parameter. Undefined = on the function. */
  paramIndex?: number;
  range: Range;
}

export interface ParamDecl {
  name: string | null;
  type: TypeRef;
  range: Range;
}

export interface LocalDecl {
  name: string;
  type: TypeRef;
  /** Struct/union defined inline in the declaration (`struct { int a; } x;`). */
  inline?: RecordDecl;
  isStatic: boolean;
  /** `&name` appears in the function, or the variable is an array/aggregate (always in memory). */
  addressTaken: boolean;
  /** VLA (`char b[n]` with non-constant n, C only). */
  isVla: boolean;
  /**
   * How it is initialised, for stack/struct-copy: `deref` = `T x = *p;` / `= p->m` / `= arr[i]`
   * (a copy of an object that lives elsewhere), `value` = any other initialiser.
   */
  init?: 'deref' | 'value';
  /** Source text of the initialiser (truncated to 200 chars) for messages and the IRQL rules. */
  initText?: string;
  cond?: Cond;
  range: Range;
}

/** One argument of a call, summarised enough for parameter-dependent IRQL rules. */
export interface ArgSummary {
  /** Source text, whitespace collapsed, truncated to 200 chars. */
  text: string;
  /** Identifier the argument names, if it is `x`, `&x`, `x.y`, `&x.y` (root identifier). */
  rootIdent?: string;
  /** The argument is `&ident` (or `&ident.member`). */
  addressOf?: boolean;
}

export interface CallSite {
  /** Callee as written: `KeWaitForSingleObject`, `obj->Method`, `ns::f`, `(*pfn)`. */
  callee: string;
  /** Simple name used for graph resolution (`Method`, `f`); null for calls through expressions. */
  calleeName: string | null;
  args: ArgSummary[];
  /** Lexically inside a `__try` block (SEH) of this function. */
  inTry: boolean;
  cond?: Cond;
  range: Range;
}

/**
 * Structured control flow, just enough for path-sensitive IRQL tracking (acquire/release through
 * if/else, loops, switch, early return, goto). Leaves refer to calls by index into `calls`.
 */
export type Flow =
  | { k: 'call'; call: number }
  | { k: 'seq'; items: Flow[] }
  | { k: 'if'; then: Flow; else?: Flow }
  | { k: 'loop'; body: Flow }
  | { k: 'switch'; cases: Flow[]; hasDefault: boolean }
  | { k: 'try'; body: Flow; handler?: Flow; finally?: Flow }
  | { k: 'return'; range: Range }
  | { k: 'break' }
  | { k: 'continue' }
  | { k: 'goto'; label: string }
  | { k: 'label'; name: string }
  /** An assignment `lhs = &local` or `lhs = local` where the RHS names a local (escape tracking). */
  | { k: 'assign'; lhs: string; rhsIdent: string; addressOf: boolean; range: Range };

/** A memory access through an expression rooted at a parameter/field, for mem/user-buffer-no-try. */
export interface Access {
  /** The dereferenced pointer expression E (casts stripped): `Irp->UserBuffer` for `*(PULONG)Irp->UserBuffer`, `buf` for `buf[i]`. */
  expr: string;
  /** Root identifier of the pointer (`buf`, `Irp`). */
  root: string;
  kind: 'read' | 'write';
  inTry: boolean;
  range: Range;
}

export interface FunctionDecl {
  /** Simple name (`toDebugStr`, `DriverEntry`). */
  name: string;
  /** Qualified C++ name (`MYSTRUCT::toDebugStr`), else same as name. */
  qualifiedName: string;
  file: string;
  range: Range;
  nameRange: Range;
  isDefinition: boolean;
  isStatic: boolean;
  returnType: TypeRef;
  params: ParamDecl[];
  /** Variadic (`...`). */
  variadic: boolean;
  /** C++ member function (has an implicit `this`). */
  isMethod: boolean;
  annotations: Annotation[];
  /** Set when declared through a role typedef: `DRIVER_DISPATCH MyDispatch;` → 'DRIVER_DISPATCH'. */
  roleTypedef?: string;
  // The rest is only filled for definitions.
  locals: LocalDecl[];
  calls: CallSite[];
  flow?: Flow;
  /** Names whose address is taken anywhere in the body (`&x`). */
  addressTaken: string[];
  /** Dereferences (`*E`, `E[i]`, `E->f` where E is not a plain identifier) with SEH context. */
  accesses: Access[];
  /** Assignments `ident = expr;` (and `ident = (T)expr;`) to plain identifiers, RHS text truncated to 200 chars: alias tracking (`buf = Irp->UserBuffer`). */
  assignments: { lhs: string; rhs: string; range: Range; inTry: boolean }[];
  usesAlloca: boolean;
  /** `PAGED_CODE()` / `PAGED_CODE_LOCKED()` occurs at the top of the body. */
  pagedCode: boolean;
  /** Range of the PAGED_CODE() statement, when present. */
  pagedCodeRange?: Range;
  /** Function names referenced without being called (callbacks handed to registration calls etc.). */
  referencedFunctions: string[];
  /** `memcpy`/`RtlCopyMemory`/`RtlMoveMemory`/`RtlCopyBytes` calls whose destination is `&local` or a local array. */
  copiesIntoLocals: { local: string; call: number }[];
  /** The function body contains an ERROR node from tree-sitter (estimates are less certain). */
  hasParseErrors: boolean;
  cond?: Cond;
}

/** Assignments of functions to well-known slots: `DriverObject->MajorFunction[IRP_MJ_CREATE] = f`, `cfg.EvtIoRead = f`. */
export interface SlotAssignment {
  /** The slot as written after the last `.`/`->`, with index text for arrays: `MajorFunction[IRP_MJ_CREATE]`, `EvtIoRead`, `DriverUnload`. */
  slot: string;
  fn: string;
  /** The function in which the assignment appears. */
  inFunction: string | null;
  range: Range;
}

export interface PragmaAllocText {
  section: string;
  functions: string[];
  line: number;
}

export interface CodeSegRegion {
  /** Section name, or null for `#pragma code_seg()` (back to default). */
  section: string | null;
  line: number;
}

export interface FileSummary {
  /** Absolute path (or URI path for unsaved documents). */
  file: string;
  language: 'c' | 'cpp';
  /** Content hash for caching (FNV-1a over the text). */
  hash: string;
  lineCount: number;
  records: RecordDecl[];
  typedefs: TypedefDecl[];
  enums: EnumDecl[];
  defines: DefineDecl[];
  functions: FunctionDecl[];
  slotAssignments: SlotAssignment[];
  allocText: PragmaAllocText[];
  codeSeg: CodeSegRegion[];
  /** Suppression comments: line (0-based) → rule ids (`*` for all). Applies to that line and the next. */
  suppressions: { line: number; rules: string[] }[];
  /** Share of function definitions with parse errors, for diagnostics of the tool itself. */
  parseErrorFunctions: number;
  /** Set when the file was skipped or truncated (binary, too large): the reason, shown to the user. */
  skipped?: string;
}
