// Hand-built FileSummary data for engine tests that must not depend on the parser: call graphs
// of known shape (chains, cycles, name collisions) with known frame sizes.

import type { CallSite, FileSummary, FunctionDecl, Range } from '../../../server/src/analysis/model';
import type { FrameEstimate } from '../../../server/src/analysis/results';

export const R = (line: number, col = 0, len = 1): Range => ({ start: { line, column: col }, end: { line, column: col + len } });

export function call(callee: string, line = 0, extra: Partial<CallSite> = {}): CallSite {
  const m = /([A-Za-z_~][\w]*)\s*$/.exec(callee.replace(/<.*>$/, ''));
  const dynamic = callee.startsWith('(');
  return { callee, calleeName: dynamic ? null : m ? m[1] : null, args: [], inTry: false, range: R(line, 4, callee.length + 2), ...extra };
}

export function fn(file: string, qualifiedName: string, calls: (string | CallSite)[] = [], extra: Partial<FunctionDecl> = {}): FunctionDecl {
  const name = qualifiedName.includes('::') ? qualifiedName.slice(qualifiedName.lastIndexOf('::') + 2) : qualifiedName;
  return {
    name,
    qualifiedName,
    file,
    range: R(0, 0, 10),
    nameRange: R(0, 5, name.length),
    isDefinition: true,
    isStatic: false,
    returnType: { base: 'VOID', pointer: 0, arrayDims: [] },
    params: [],
    variadic: false,
    isMethod: qualifiedName.includes('::'),
    annotations: [],
    locals: [],
    calls: calls.map((c, i) => (typeof c === 'string' ? call(c, i + 1) : c)),
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

export function summary(file: string, functions: FunctionDecl[], extra: Partial<FileSummary> = {}): FileSummary {
  return {
    file,
    language: file.endsWith('.c') ? 'c' : 'cpp',
    hash: String(Math.random()),
    lineCount: 100,
    records: [],
    typedefs: [],
    enums: [],
    defines: [],
    functions,
    slotAssignments: [],
    allocText: [],
    codeSeg: [],
    suppressions: [],
    parseErrorFunctions: 0,
    ...extra,
  };
}

export function frame(bytes: number | null, extra: Partial<FrameEstimate> = {}): FrameEstimate {
  return { arch: 'x64', config: 'free', bytes, knownBytes: bytes ?? 0, dynamic: false, items: [], unknown: [], ...extra };
}
