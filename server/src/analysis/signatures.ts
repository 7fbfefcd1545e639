// Position-free fingerprints of the parts of a FileSummary that other files depend on. An edit
// inside a function body changes neither, so the type index and the call graph survive it.
//
//  typeSignature:  records, typedefs, enums, defines (what layout and frame sizes depend on)
//  graphSignature: definitions/declarations (names, static, method), calls (callee as written,
//                  conditions), referenced functions, slot assignments (what call resolution and
//                  entry points depend on)

import type { Cond, FieldDecl, FileSummary, Flow, FunctionDecl, RecordDecl, TypeRef } from './model';

/**
 * 64-bit fingerprint (two FNV-1a variants) of a signature string. The engine keeps one per file
 * and per function: keeping the strings themselves (deep concatenation trees) cost tens of MB on
 * a large workspace.
 */
export function fingerprint(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0).toString(36) + ':' + (h2 >>> 0).toString(36) + ':' + text.length.toString(36);
}

function cond(c: Cond | undefined): string {
  if (!c) return '';
  return `{${c.dbg === undefined ? '' : c.dbg ? 'D' : 'F'}${c.arches ? c.arches.join(',') : ''}}`;
}

function typeRef(t: TypeRef): string {
  return `${t.base}/${t.pointer}/${t.arrayDims.join(',')}/${t.isFunctionPointer ? 'f' : ''}`;
}

function field(f: FieldDecl): string {
  return `${f.name ?? ''}:${typeRef(f.type)}:${f.bitWidth ?? ''}:${f.align ?? ''}${cond(f.cond)}${f.inline ? record(f.inline) : ''}`;
}

function record(r: RecordDecl): string {
  return (
    `${r.kind} ${r.tag ?? ''} ${r.typedefNames.join(',')} ${r.pointerTypedefNames.join(',')} ${r.pack ?? ''} ${r.align ?? ''} ` +
    `${r.bases.map(typeRef).join(',')} ${r.hasVirtual ? 'v' : ''} ${r.qualifiedName ?? ''}${cond(r.cond)}[${r.fields.map(field).join(';')}]`
  );
}

export function typeSignature(s: FileSummary): string {
  const parts: string[] = [];
  for (const r of s.records) parts.push(record(r));
  for (const t of s.typedefs) parts.push(`T${t.name}=${typeRef(t.type)}${cond(t.cond)}`);
  for (const e of s.enums) parts.push(`E${e.tag ?? ''}/${e.typedefNames.join(',')}/${e.underlying ? typeRef(e.underlying) : ''}/${e.constants.map((c) => `${c.name}=${c.value ?? ''}`).join(',')}`);
  for (const d of s.defines) parts.push(`D${d.name}(${d.params ? d.params.join(',') : ''})=${d.value}${cond(d.cond)}`);
  return fingerprint(parts.join('\n'));
}

export function graphSignature(s: FileSummary): string {
  const parts: string[] = [];
  for (const f of s.functions) {
    parts.push(
      `${f.isDefinition ? 'F' : 'P'}${f.isStatic ? 's' : ''}${f.isMethod ? 'm' : ''} ${f.qualifiedName} ${f.name}${cond(f.cond)}` +
        (f.isDefinition ? `(${f.calls.map((c) => `${c.callee}${cond(c.cond)}`).join(',')})[${f.referencedFunctions.join(',')}]` : ''),
    );
  }
  for (const a of s.slotAssignments) parts.push(`S${a.slot}=${a.fn}`);
  return fingerprint(parts.join('\n'));
}

/**
 * The parameter types of a file's definitions, by simple name: what frame estimates in *other*
 * files read (a caller's argument area and by-value copies are sized from the parameters of the
 * first definition of the callee's name).
 */
function calleeSignatures(s: FileSummary): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of s.functions) {
    if (!f.isDefinition) continue;
    let sig = `${m.get(f.name) ?? ''}(`;
    for (const p of f.params) sig += `${typeRef(p.type)},`;
    m.set(f.name, `${sig})`);
  }
  return m;
}

/**
 * Adds to `out` the simple names whose definitions (their parameters, or their presence) differ
 * between two versions of a file; `undefined` stands for a file that does not exist.
 */
export function addChangedCallees(before: FileSummary | undefined, after: FileSummary | undefined, out: Set<string>): void {
  const a = before ? calleeSignatures(before) : new Map<string, string>();
  const b = after ? calleeSignatures(after) : new Map<string, string>();
  for (const [name, sig] of a) if (b.get(name) !== sig) out.add(name);
  for (const name of b.keys()) if (!a.has(name)) out.add(name);
}

/** `f` passes arguments to a function named in `names` (so its frame reads that callee's parameters). */
export function passesArgumentsToAnyOf(f: FunctionDecl, names: ReadonlySet<string>): boolean {
  for (const c of f.calls) if (c.calleeName !== null && c.args.length > 0 && names.has(c.calleeName)) return true;
  return false;
}

/** Some definition of `s` passes arguments to a function named in `names`. */
export function fileCallsAnyOf(s: FileSummary, names: ReadonlySet<string>): boolean {
  for (const f of s.functions) if (f.isDefinition && passesArgumentsToAnyOf(f, names)) return true;
  return false;
}

/**
 * What a function's frame estimate depends on besides the types: its locals, parameters, calls
 * (callee, argument count, conditions), loops, address-taken names, alloca. Positions excluded,
 * so a function that only moved keeps its estimate.
 */
export function frameSignature(f: FunctionDecl): string {
  let s = `${f.isMethod ? 'm' : ''}${f.usesAlloca ? 'a' : ''}|`;
  for (const p of f.params) s += `${p.name ?? ''}:${typeRef(p.type)},`;
  s += '|';
  for (const l of f.locals) s += `${l.name}:${typeRef(l.type)}${l.isStatic ? 's' : ''}${l.isVla ? 'v' : ''}${l.addressTaken ? '&' : ''}${l.init ?? ''}${cond(l.cond)}${l.inline ? record(l.inline) : ''}${l.initText && l.type.arrayDims.includes('') ? `=${l.initText}` : ''},`;
  s += '|';
  for (const c of f.calls) s += `${c.callee}/${c.args.length}${cond(c.cond)},`;
  s += `|${f.addressTaken.join(',')}|${flowShape(f.flow)}`;
  return fingerprint(s);
}

/** Loops and returns are what the frame model reads from the flow (spill pressure, tail calls). */
function flowShape(flow: Flow | undefined, depth = 0): string {
  if (!flow || depth > 64) return '';
  switch (flow.k) {
    case 'seq':
      return `(${flow.items.map((x) => flowShape(x, depth + 1)).join('')})`;
    case 'if':
      return `i${flowShape(flow.then, depth + 1)}${flowShape(flow.else, depth + 1)}`;
    case 'loop':
      return `l${flowShape(flow.body, depth + 1)}`;
    case 'switch':
      return `s${flow.cases.map((x) => flowShape(x, depth + 1)).join('')}`;
    case 'try':
      return `t${flowShape(flow.body, depth + 1)}${flowShape(flow.handler, depth + 1)}${flowShape(flow.finally, depth + 1)}`;
    case 'call':
      return `c${flow.call}`;
    case 'return':
      return 'r';
    default:
      return flow.k[0];
  }
}
