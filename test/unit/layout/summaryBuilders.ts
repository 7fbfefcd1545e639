// Hand-built FileSummary pieces for layout and frame tests (independent of the parser).

import type {
  Cond,
  DefineDecl,
  EnumDecl,
  FieldDecl,
  FileSummary,
  FunctionDecl,
  LocalDecl,
  CallSite,
  ParamDecl,
  Range,
  RecordDecl,
  TypeRef,
  TypedefDecl,
} from '../../../server/src/analysis/model';

export const R0: Range = { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };

/** `ULONG`, `UCHAR[16]`, `PVOID*`, `struct _X[2][3]` → TypeRef. */
export function ty(text: string): TypeRef {
  let s = text.trim();
  const dims: string[] = [];
  for (;;) {
    const m = /\[([^\[\]]*)\]\s*$/.exec(s);
    if (!m) break;
    dims.unshift(m[1].trim());
    s = s.slice(0, m.index).trim();
  }
  let pointer = 0;
  while (s.endsWith('*')) {
    pointer++;
    s = s.slice(0, -1).trim();
  }
  return { base: s, pointer, arrayDims: dims };
}

export function fld(name: string | null, type: string, extra: Partial<FieldDecl> = {}): FieldDecl {
  return { name, type: ty(type), range: R0, ...extra };
}

export function rec(kind: RecordDecl['kind'], tag: string | null, fields: FieldDecl[], extra: Partial<RecordDecl> = {}): RecordDecl {
  return {
    kind,
    tag,
    typedefNames: [],
    pointerTypedefNames: [],
    fields,
    pack: null,
    bases: [],
    hasVirtual: false,
    file: extra.file ?? '/ws/a.h',
    range: R0,
    ...extra,
  };
}

export function tdef(name: string, type: string, extra: Partial<TypedefDecl> = {}): TypedefDecl {
  return { name, type: ty(type), file: '/ws/a.h', range: R0, ...extra };
}

export function def(name: string, value: string, extra: Partial<DefineDecl> = {}): DefineDecl {
  return { name, value, file: '/ws/a.h', line: 0, ...extra };
}

export function enm(tag: string | null, constants: [string, string | null][], extra: Partial<EnumDecl> = {}): EnumDecl {
  return { tag, typedefNames: [], constants: constants.map(([name, value]) => ({ name, value })), file: '/ws/a.h', range: R0, ...extra };
}

export function local(name: string, type: string, extra: Partial<LocalDecl> = {}): LocalDecl {
  const t = ty(type);
  return {
    name,
    type: t,
    isStatic: false,
    addressTaken: t.arrayDims.length > 0,
    isVla: false,
    range: R0,
    ...extra,
  };
}

export function call(callee: string, argCount: number, extra: Partial<CallSite> = {}): CallSite {
  return {
    callee,
    calleeName: callee,
    args: Array.from({ length: argCount }, (_, i) => ({ text: `a${i}` })),
    inTry: false,
    range: R0,
    ...extra,
  };
}

export function param(name: string, type: string): ParamDecl {
  return { name, type: ty(type), range: R0 };
}

export function fn(name: string, extra: Partial<FunctionDecl> = {}): FunctionDecl {
  return {
    name,
    qualifiedName: name,
    file: '/ws/a.c',
    range: R0,
    nameRange: R0,
    isDefinition: true,
    isStatic: false,
    returnType: ty('void'),
    params: [],
    variadic: false,
    isMethod: false,
    annotations: [],
    locals: [],
    calls: [],
    addressTaken: [],
    accesses: [],
    assignments: [],
    usesAlloca: false,
    pagedCode: false,
    referencedFunctions: [],
    copiesIntoLocals: [],
    hasParseErrors: false,
    ...extra,
  };
}

export function summary(file: string, parts: Partial<FileSummary> = {}): FileSummary {
  return {
    file,
    language: file.endsWith('.c') || file.endsWith('.h') ? 'c' : 'cpp',
    hash: '0',
    lineCount: 1,
    records: [],
    typedefs: [],
    enums: [],
    defines: [],
    functions: [],
    slotAssignments: [],
    allocText: [],
    codeSeg: [],
    suppressions: [],
    parseErrorFunctions: 0,
    ...parts,
  };
}

export const DBG: Cond = { dbg: true };
