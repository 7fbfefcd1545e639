// Top-level extraction: walks the file-scope items of a tree-sitter tree (through namespaces,
// `extern "C"` blocks, templates and error-recovery nodes) and fills the FileSummary: records,
// typedefs, enums, functions (definitions, prototypes, role-typedef declarations, C++ methods),
// plus what the pre-scan found (defines, pragmas, suppressions). Function bodies are handed to
// BodyWalker. Only file-scope declarations use the Node API; their count is small.

import type { Node, Tree } from 'web-tree-sitter';
import type { Annotation, EnumDecl, FieldDecl, FileSummary, FunctionDecl, ParamDecl, RecordDecl, TypedefDecl, TypeRef } from '../model';
import { BODY_NODE_TYPES, BodyNodes, BodyWalker, TypeNameList } from './body';
import { ExtractContext } from './context';
import { fastRoot } from './fastNodes';
import { analyzeDeclarator, simpleName, specifiersIn, textOf, typeBaseText, typeRefOf, type Ctor } from './declarators';
import type { LineIndex } from './positions';
import { isRoleTypedef } from './roleTypedefs';
import type { ScanResult } from './scan';

const MAX_RECORD_DEPTH = 64;
const BODY_TYPE_LIST = new TypeNameList(BODY_NODE_TYPES);
const MAX_CONTAINER_DEPTH = 64;

interface Scope {
  /** Qualified prefix (`ns::Outer`), '' at file scope. */
  prefix: string;
  /** Set when walking a class body: the class's simple name. */
  className: string | null;
  depth: number;
}

const RECORD_TYPES = new Set(['struct_specifier', 'union_specifier', 'class_specifier']);

function isRecordSpec(n: Node | null): n is Node {
  return n !== null && RECORD_TYPES.has(n.type);
}

function recordKind(n: Node): RecordDecl['kind'] {
  return n.type === 'union_specifier' ? 'union' : n.type === 'class_specifier' ? 'class' : 'struct';
}

class Extractor {
  private definitions = 0;
  private definitionsWithErrors = 0;

  constructor(private readonly ctx: ExtractContext, private readonly out: FileSummary) {}

  run(root: Node): void {
    // The window starts at 0, not at the root node: annotations before the first item belong to it.
    this.container(root, { prefix: '', className: null, depth: 0 }, 0);
    this.out.parseErrorFunctions = this.definitions === 0 ? 0 : this.definitionsWithErrors / this.definitions;
  }

  // ---- containers ----------------------------------------------------------------------------

  private container(node: Node, scope: Scope, windowStart: number): void {
    if (scope.depth > MAX_CONTAINER_DEPTH) return;
    let prevEnd = windowStart;
    for (const child of node.namedChildren) {
      if (!child) continue;
      this.item(child, scope, prevEnd);
      prevEnd = child.endIndex;
      this.skipAnnotationsBefore(prevEnd);
    }
  }

  private item(n: Node, scope: Scope, windowStart: number): void {
    switch (n.type) {
      case 'function_definition':
        this.functionDefinition(n, scope, windowStart, false);
        return;
      case 'declaration':
        this.declaration(n, scope, windowStart);
        return;
      case 'type_definition':
        this.typeDefinition(n, scope);
        return;
      case 'struct_specifier':
      case 'union_specifier':
      case 'class_specifier':
        if (n.childForFieldName('body')) this.pushRecord(this.buildRecord(n, scope, windowStart, 0));
        return;
      case 'enum_specifier':
        if (n.childForFieldName('body')) this.pushEnum(n, []);
        return;
      case 'namespace_definition': {
        const name = n.childForFieldName('name');
        const body = n.childForFieldName('body');
        const nm = name ? textOf(this.ctx.src, name) : '';
        if (nm) for (const part of nm.split('::')) this.ctx.namespaces.add(part.trim());
        if (body) this.container(body, { prefix: nm ? (scope.prefix ? `${scope.prefix}::${nm}` : nm) : scope.prefix, className: null, depth: scope.depth + 1 }, body.startIndex);
        return;
      }
      case 'linkage_specification': {
        const body = n.childForFieldName('body');
        if (!body) return;
        if (body.type === 'declaration_list') this.container(body, { ...scope, depth: scope.depth + 1 }, windowStart);
        else this.item(body, scope, windowStart);
        return;
      }
      case 'ERROR':
        if (scope.depth <= MAX_CONTAINER_DEPTH) this.errorContainer(n, scope, windowStart);
        return;
      case 'template_declaration':
      case 'declaration_list':
        this.container(n, { ...scope, depth: scope.depth + 1 }, windowStart);
        return;
      default:
        return;
    }
  }

  // ---- annotations -----------------------------------------------------------------------------

  private skipAnnotationsBefore(offset: number): void {
    const anns = this.ctx.scan.annotations;
    while (this.ctx.annotationCursor < anns.length && anns[this.ctx.annotationCursor].start < offset) this.ctx.annotationCursor++;
  }

  /**
   * Annotations written in [windowStart, headerEnd): on a parameter when inside that parameter's
   * span (from the end of the previous parameter), else on the function.
   */
  private annotationsFor(windowStart: number, headerEnd: number, params: Node[], paramListStart = -1): Annotation[] {
    const anns = this.ctx.scan.annotations;
    const out: Annotation[] = [];
    let k = this.ctx.annotationCursor;
    while (k < anns.length && anns[k].start < windowStart) k++;
    for (; k < anns.length && anns[k].start < headerEnd; k++) {
      const a = anns[k];
      const ann: Annotation = { name: a.name, args: a.args, range: this.ctx.range(a.start, a.end) };
      for (let p = 0; p < params.length; p++) {
        const from = p === 0 ? (paramListStart >= 0 ? paramListStart : params[0].startIndex) : params[p - 1].endIndex;
        if (a.start >= from && a.start < params[p].endIndex) {
          ann.paramIndex = p;
          break;
        }
      }
      out.push(ann);
    }
    return out;
  }

  private consumeAnnotations(upTo: number): void {
    this.skipAnnotationsBefore(upTo);
  }

  // ---- functions -----------------------------------------------------------------------------

  private paramsOf(paramList: Node | null): { params: ParamDecl[]; nodes: Node[]; variadic: boolean } {
    const src = this.ctx.src;
    const params: ParamDecl[] = [];
    const nodes: Node[] = [];
    let variadic = false;
    if (!paramList) return { params, nodes, variadic };
    for (const p of paramList.namedChildren) {
      if (!p) continue;
      if (p.type === 'variadic_parameter') {
        variadic = true;
        continue;
      }
      if (p.type !== 'parameter_declaration' && p.type !== 'optional_parameter_declaration' && p.type !== 'variadic_parameter_declaration') continue;
      const typeNode = p.childForFieldName('type');
      const declarator = p.childForFieldName('declarator');
      const info = analyzeDeclarator(declarator);
      const isConst = specifiersIn(src, p.startIndex, declarator ? declarator.startIndex : p.endIndex).isConst;
      const type = typeRefOf(typeBaseText(src, typeNode), info.ctors, isConst, true);
      params.push({ name: info.nameNode ? simpleName(src, info.nameNode) : null, type, range: this.ctx.range(p.startIndex, p.endIndex) });
      nodes.push(p);
    }
    for (let k = 0; k < paramList.childCount; k++) {
      const c = paramList.child(k);
      if (c && c.type === '...') variadic = true;
    }
    if (params.length === 1 && params[0].name === null && params[0].type.pointer === 0 && params[0].type.arrayDims.length === 0 && /^(void|VOID)$/.test(params[0].type.base)) {
      params.length = 0;
      nodes.length = 0;
    }
    return { params, nodes, variadic };
  }

  private newFunction(
    name: string,
    qualifiedName: string,
    node: Node,
    nameNode: Node,
    returnType: TypeRef,
    isDefinition: boolean,
    isStatic: boolean,
    isMethod: boolean,
  ): FunctionDecl {
    const fn: FunctionDecl = {
      name,
      qualifiedName,
      file: this.ctx.file,
      range: this.ctx.range(node.startIndex, node.endIndex),
      nameRange: this.ctx.range(nameNode.startIndex, nameNode.endIndex),
      isDefinition,
      isStatic,
      returnType,
      params: [],
      variadic: false,
      isMethod,
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
    };
    const cond = this.ctx.condAt(node.startIndex);
    if (cond) fn.cond = cond;
    return fn;
  }

  private qualify(scope: Scope, written: string): string {
    return scope.prefix ? `${scope.prefix}::${written}` : written;
  }

  /** A function declarator: name, qualified name, whether it is a method, return constructors, parameter list. */
  private functionHeader(declarator: Node | null, scope: Scope): { nameNode: Node; name: string; qualifiedName: string; isMethod: boolean; params: Node | null; returnCtors: Ctor[] } | null {
    const info = analyzeDeclarator(declarator);
    if (!info.nameNode || info.ctors.length === 0) return null;
    const first = info.ctors[0];
    if (first.k !== 'f') return null;
    const src = this.ctx.src;
    const nameNode = info.nameNode;
    const name = simpleName(src, nameNode);
    const written = textOf(src, nameNode).replace(/\s*::\s*/g, '::');
    let isMethod = scope.className !== null;
    let qualifiedName: string;
    if (scope.className !== null) {
      qualifiedName = this.qualify(scope, written);
    } else {
      qualifiedName = this.qualify(scope, written);
      if (nameNode.type === 'qualified_identifier') {
        const parts = written.split('::');
        const owner = parts.length >= 2 ? parts[parts.length - 2].replace(/<.*$/, '') : '';
        isMethod = owner !== '' && !this.ctx.namespaces.has(owner);
      }
    }
    return { nameNode, name, qualifiedName, isMethod, params: first.params, returnCtors: info.ctors.slice(1) };
  }

  private functionDefinition(n: Node, scope: Scope, windowStart: number, inClass: boolean): FunctionDecl | null {
    const body = n.childForFieldName('body');
    return this.defineFunction(n, n.childForFieldName('type'), n.childForFieldName('declarator'), body ? [body.startIndex, body.endIndex, body] : null, n.hasError, scope, windowStart, inClass);
  }

  /**
   * A function from its parts: `whole` gives the range, specifiers (static, const) and hasError;
   * the body is an offset range (error recovery may have no compound_statement node).
   */
  private defineFunction(
    whole: Node,
    typeNode: Node | null,
    declarator: Node | null,
    body: [number, number, Node] | null,
    hasError: boolean,
    scope: Scope,
    windowStart: number,
    inClass: boolean,
  ): FunctionDecl | null {
    const src = this.ctx.src;
    const h = this.functionHeader(declarator, scope);
    if (!h) {
      this.consumeAnnotations(whole.endIndex);
      return null;
    }
    const spec = specifiersIn(src, whole.startIndex, declarator ? declarator.startIndex : whole.startIndex);
    const returnType = typeRefOf(typeBaseText(src, typeNode), h.returnCtors, spec.isConst);
    const fn = this.newFunction(h.name, h.qualifiedName, whole, h.nameNode, returnType, body !== null, spec.isStatic, h.isMethod || inClass);
    const p = this.paramsOf(h.params);
    fn.params = p.params;
    fn.variadic = p.variadic;
    fn.annotations = this.annotationsFor(windowStart, body ? body[0] : whole.endIndex, p.nodes, h.params ? h.params.startIndex : -1);
    this.applyFunctionClass(fn);
    this.consumeAnnotations(whole.endIndex);
    if (body) {
      this.definitions++;
      fn.hasParseErrors = hasError;
      if (hasError) this.definitionsWithErrors++;
      this.walkBody(fn, body[0], body[1], body[2]);
    }
    this.out.functions.push(fn);
    return fn;
  }

  /**
   * An ERROR node at file scope. tree-sitter often wraps a function it could not finish (a
   * truncated file, an unbalanced macro) as `type declarator { statements...` inside ERROR:
   * recover it as a definition whose body runs from the `{` to the end of the ERROR node.
   */
  private errorContainer(n: Node, scope: Scope, windowStart: number): void {
    const kids = n.children;
    let prevEnd = windowStart;
    let typeNode: Node | null = null;
    for (let k = 0; k < kids.length; k++) {
      const c = kids[k];
      if (!c) continue;
      if (c.type === 'function_declarator' || c.type === 'pointer_declarator') {
        const next = kids[k + 1];
        if (next && next.type === '{') {
          this.defineFunction(n, typeNode, c, [next.startIndex, n.endIndex, n], true, scope, prevEnd, false);
          return;
        }
        if (next && next.type === 'compound_statement') {
          this.defineFunction(n, typeNode, c, [next.startIndex, next.endIndex, next], true, scope, prevEnd, false);
          k++;
          prevEnd = next.endIndex;
          typeNode = null;
          continue;
        }
      }
      if (!c.isNamed) continue;
      const fieldType = n.fieldNameForChild(k) === 'type';
      if (fieldType) {
        typeNode = c;
        continue;
      }
      this.item(c, { ...scope, depth: scope.depth + 1 }, prevEnd);
      prevEnd = c.endIndex;
      typeNode = null;
      this.skipAnnotationsBefore(prevEnd);
    }
  }

  private applyFunctionClass(fn: FunctionDecl): void {
    if (fn.roleTypedef !== undefined) return;
    const fc = fn.annotations.find((a) => (a.name === '_Function_class_' || a.name === '__drv_functionClass') && a.paramIndex === undefined);
    if (fc) {
      const role = fc.args.replace(/[()\s]/g, '');
      if (role) fn.roleTypedef = role;
    }
  }

  /** `container` holds the body (the compound statement, or the ERROR node of a recovered function). */
  private walkBody(fn: FunctionDecl, bodyStart: number, bodyEnd: number, container: Node): void {
    const paramNames = new Set<string>();
    for (const p of fn.params) if (p.name) paramNames.add(p.name);
    const w = new BodyWalker(
      this.ctx,
      paramNames,
      (slot, target, start, end) => this.out.slotAssignments.push({ slot, fn: target, inFunction: fn.qualifiedName, range: this.ctx.range(start, end) }),
      (spec, windowStart) => this.buildRecord(spec, { prefix: '', className: null, depth: 0 }, windowStart, 1),
    );
    // One walk inside WASM collects the nodes the body extraction needs (see body.ts).
    const nodes = new BodyNodes(container.descendantsOfType(BODY_TYPE_LIST) as Node[], this.ctx.types.names);
    w.walk(nodes, 0, bodyStart, bodyEnd);
    fn.locals = w.locals;
    fn.calls = w.calls;
    fn.flow = w.flow;
    fn.addressTaken = w.addressTaken;
    fn.accesses = w.accesses;
    fn.assignments = w.assignments;
    fn.usesAlloca = w.usesAlloca;
    fn.pagedCode = w.pagedCode;
    if (w.pagedCode) fn.pagedCodeRange = this.ctx.range(w.pagedCodeStart, w.pagedCodeEnd);
    fn.referencedFunctions = w.referencedFunctions;
    fn.copiesIntoLocals = w.copiesIntoLocals;
  }

  // ---- declarations --------------------------------------------------------------------------

  private declaration(n: Node, scope: Scope, windowStart: number): void {
    const src = this.ctx.src;
    const typeNode = n.childForFieldName('type');
    if (isRecordSpec(typeNode) && typeNode.childForFieldName('body')) {
      const rec = this.buildRecord(typeNode, scope, windowStart, 0);
      if (rec.tag !== null) this.pushRecord(rec);
    } else if (typeNode && typeNode.type === 'enum_specifier' && typeNode.childForFieldName('body')) {
      this.pushEnum(typeNode, []);
    }
    const typeName = typeNode ? typeBaseText(src, typeNode) : '';
    const declarators = n.childrenForFieldName('declarator');
    const spec = specifiersIn(src, n.startIndex, declarators[0] ? declarators[0].startIndex : n.endIndex, typeNode);
    const isStatic = spec.isStatic;
    let anns: Annotation[] | null = null;
    for (const d of declarators) {
      if (!d) continue;
      const h = this.functionHeader(d, scope);
      if (h) {
        // A prototype.
        const returnType = typeRefOf(typeName, h.returnCtors, spec.isConst);
        const fn = this.newFunction(h.name, h.qualifiedName, n, h.nameNode, returnType, false, isStatic, h.isMethod);
        const p = this.paramsOf(h.params);
        fn.params = p.params;
        fn.variadic = p.variadic;
        fn.annotations = this.annotationsFor(windowStart, n.endIndex, p.nodes, h.params ? h.params.startIndex : -1);
        this.applyFunctionClass(fn);
        this.out.functions.push(fn);
        continue;
      }
      const info = analyzeDeclarator(d);
      if (!info.nameNode) continue;
      if (info.ctors.length === 0 && typeNode && typeNode.type === 'type_identifier' && isRoleTypedef(typeName, this.ctx.functionTypedefs)) {
        // `DRIVER_DISPATCH MyDispatch;`: a function declared through its role typedef.
        const name = simpleName(src, info.nameNode);
        const fn = this.newFunction(name, this.qualify(scope, textOf(src, info.nameNode)), n, info.nameNode, { base: '', pointer: 0, arrayDims: [] }, false, isStatic, scope.className !== null);
        fn.roleTypedef = typeName;
        if (anns === null) anns = this.annotationsFor(windowStart, n.endIndex, []);
        fn.annotations = anns.map((a) => ({ ...a }));
        this.out.functions.push(fn);
        continue;
      }
      if (info.value && info.value.type === 'initializer_list') this.designatedSlots(info.value);
    }
  }

  /** `.EvtIoRead = MyRead` in a file-scope initializer: a slot assignment outside any function. */
  private designatedSlots(init: Node): void {
    const src = this.ctx.src;
    const pairs = init.descendantsOfType('initializer_pair');
    for (const pair of pairs) {
      if (!pair) continue;
      const designators = pair.childrenForFieldName('designator');
      const last = designators[designators.length - 1];
      const value = pair.childForFieldName('value');
      if (!last || !value || last.type !== 'field_designator') continue;
      let v = value;
      while (v.type === 'cast_expression' || v.type === 'parenthesized_expression') {
        const inner: Node | null = v.type === 'cast_expression' ? v.childForFieldName('value') : v.namedChild(0);
        if (!inner) break;
        v = inner;
      }
      if (v.type === 'pointer_expression') {
        const inner = v.childForFieldName('argument');
        if (inner) v = inner;
      }
      if (v.type !== 'identifier') continue;
      this.out.slotAssignments.push({
        slot: textOf(src, last).replace(/^\./, '').trim(),
        fn: textOf(src, v),
        inFunction: null,
        range: this.ctx.range(pair.startIndex, pair.endIndex),
      });
    }
  }

  // ---- typedefs ------------------------------------------------------------------------------

  private typeDefinition(n: Node, scope: Scope): void {
    const src = this.ctx.src;
    const typeNode = n.childForFieldName('type');
    const declarators = n.childrenForFieldName('declarator');
    const isConst = specifiersIn(src, n.startIndex, declarators[0] ? declarators[0].startIndex : n.endIndex, typeNode).isConst;
    const cond = this.ctx.condAt(n.startIndex);
    const pushTypedef = (name: string, type: TypeRef, d: Node): void => {
      const td: TypedefDecl = { name, type, file: this.ctx.file, range: this.ctx.range(d.startIndex, d.endIndex) };
      if (cond) td.cond = cond;
      this.out.typedefs.push(td);
    };
    if (isRecordSpec(typeNode) && typeNode.childForFieldName('body')) {
      const rec = this.buildRecord(typeNode, scope, n.startIndex, 0);
      const later: { name: string; ctors: Ctor[]; d: Node }[] = [];
      for (const d of declarators) {
        if (!d) continue;
        const info = analyzeDeclarator(d);
        if (!info.nameNode) continue;
        const name = textOf(src, info.nameNode);
        if (info.ctors.length === 0) rec.typedefNames.push(name);
        else if (info.ctors.length === 1 && info.ctors[0].k === 'p') rec.pointerTypedefNames.push(name);
        later.push({ name, ctors: info.ctors, d });
      }
      this.pushRecord(rec);
      const base = rec.tag !== null ? `${rec.kind} ${rec.tag}` : rec.typedefNames[0] ?? `${rec.kind} <anonymous>`;
      for (const x of later) {
        if (x.ctors.length === 0 && rec.tag === null && x.name === rec.typedefNames[0]) continue;
        pushTypedef(x.name, typeRefOf(base, x.ctors, isConst), x.d);
      }
      return;
    }
    if (typeNode && typeNode.type === 'enum_specifier' && typeNode.childForFieldName('body')) {
      const names: string[] = [];
      const later: { name: string; ctors: Ctor[]; d: Node }[] = [];
      for (const d of declarators) {
        if (!d) continue;
        const info = analyzeDeclarator(d);
        if (!info.nameNode) continue;
        const name = textOf(src, info.nameNode);
        if (info.ctors.length === 0) names.push(name);
        later.push({ name, ctors: info.ctors, d });
      }
      const en = this.pushEnum(typeNode, names);
      const base = en.tag !== null ? `enum ${en.tag}` : names[0] ?? 'enum <anonymous>';
      for (const x of later) {
        if (x.ctors.length === 0 && en.tag === null && x.name === names[0]) continue;
        pushTypedef(x.name, typeRefOf(base, x.ctors, isConst), x.d);
      }
      return;
    }
    const base = typeBaseText(src, typeNode);
    for (const d of declarators) {
      if (!d) continue;
      const info = analyzeDeclarator(d);
      if (!info.nameNode) continue;
      const name = textOf(src, info.nameNode);
      if (info.ctors.length > 0 && info.ctors[0].k === 'f') this.ctx.functionTypedefs.add(name);
      pushTypedef(name, typeRefOf(base, info.ctors, isConst), d);
    }
  }

  // ---- records and enums ---------------------------------------------------------------------

  private pushRecord(rec: RecordDecl): void {
    this.out.records.push(rec);
  }

  private pushEnum(spec: Node, typedefNames: string[]): EnumDecl {
    const src = this.ctx.src;
    const name = spec.childForFieldName('name');
    const body = spec.childForFieldName('body');
    const constants: EnumDecl['constants'] = [];
    if (body) {
      for (const e of body.namedChildren) {
        if (!e || e.type !== 'enumerator') continue;
        const nm = e.childForFieldName('name');
        const v = e.childForFieldName('value');
        if (nm) constants.push({ name: textOf(src, nm), value: v ? textOf(src, v) : null });
      }
    }
    const en: EnumDecl = {
      tag: name ? textOf(src, name) : null,
      typedefNames,
      constants,
      file: this.ctx.file,
      range: this.ctx.range(spec.startIndex, spec.endIndex),
    };
    const base = spec.childForFieldName('base');
    if (base) en.underlying = { base: textOf(src, base), pointer: 0, arrayDims: [] };
    this.out.enums.push(en);
    return en;
  }

  /** A struct/union/class with a body. Nested named records are pushed to the file's records too. */
  buildRecord(spec: Node, scope: Scope, windowStart: number, depth: number): RecordDecl {
    const src = this.ctx.src;
    const nameNode = spec.childForFieldName('name');
    const body = spec.childForFieldName('body');
    const tag = nameNode ? textOf(src, nameNode) : null;
    const kind = recordKind(spec);
    const rec: RecordDecl = {
      kind,
      tag,
      typedefNames: [],
      pointerTypedefNames: [],
      fields: [],
      pack: this.ctx.packAt(spec.startIndex),
      bases: [],
      hasVirtual: false,
      file: this.ctx.file,
      range: this.ctx.range(spec.startIndex, spec.endIndex),
    };
    const align = this.ctx.alignIn(windowStart, body ? body.startIndex : spec.endIndex);
    if (align !== undefined) rec.align = align;
    const cond = this.ctx.condAt(spec.startIndex);
    if (cond) rec.cond = cond;
    const isCpp = this.ctx.language === 'cpp';
    const qualified = tag !== null && (scope.prefix !== '' || scope.className !== null) ? this.qualify(scope, tag) : null;
    if (qualified !== null && isCpp) rec.qualifiedName = qualified;
    // C++ bases.
    for (const c of spec.namedChildren) {
      if (c && c.type === 'base_class_clause') {
        for (const b of c.namedChildren) {
          if (!b || b.type === 'access_specifier' || b.type === 'virtual' || b.type === 'comment') continue;
          rec.bases.push({ base: textOf(src, b), pointer: 0, arrayDims: [] });
        }
      }
    }
    if (!body || depth > MAX_RECORD_DEPTH) return rec;
    const memberScope: Scope = {
      prefix: isCpp && tag !== null ? (scope.prefix ? `${scope.prefix}::${tag}` : tag) : scope.prefix,
      className: isCpp ? tag ?? scope.className : null,
      depth: scope.depth + 1,
    };
    let prevEnd = body.startIndex;
    for (const m of body.namedChildren) {
      if (!m) continue;
      this.member(m, rec, memberScope, prevEnd, depth);
      prevEnd = m.endIndex;
      this.skipAnnotationsBefore(prevEnd);
    }
    return rec;
  }

  /** `virtual` / `override` / `final` in a member's header (before its body): the class has a vtable. */
  private hasVirtualKeyword(n: Node): boolean {
    const body = n.type === 'function_definition' ? n.childForFieldName('body') : null;
    const header = this.ctx.src.slice(n.startIndex, body ? body.startIndex : n.endIndex);
    return /\b(?:virtual|override|final)\b/.test(header);
  }

  private member(m: Node, rec: RecordDecl, scope: Scope, windowStart: number, depth: number): void {
    const src = this.ctx.src;
    switch (m.type) {
      case 'function_definition': {
        if (this.hasVirtualKeyword(m)) rec.hasVirtual = true;
        this.functionDefinition(m, scope, windowStart, scope.className !== null);
        return;
      }
      case 'template_declaration':
        for (const c of m.namedChildren) if (c && c.type === 'function_definition') this.functionDefinition(c, scope, windowStart, scope.className !== null);
        return;
      case 'declaration':
      case 'field_declaration':
        break;
      default:
        return;
    }
    if (this.hasVirtualKeyword(m)) rec.hasVirtual = true;
    const typeNode = m.childForFieldName('type');
    const declarators = m.childrenForFieldName('declarator');
    const spec = specifiersIn(src, m.startIndex, declarators[0] ? declarators[0].startIndex : m.endIndex, typeNode);
    const isStatic = spec.isStatic;
    let inline: RecordDecl | undefined;
    if (isRecordSpec(typeNode) && typeNode.childForFieldName('body')) {
      inline = this.buildRecord(typeNode, scope, windowStart, depth + 1);
      if (inline.tag !== null) this.pushRecord(inline);
    } else if (typeNode && typeNode.type === 'enum_specifier' && typeNode.childForFieldName('body')) {
      this.pushEnum(typeNode, []);
    }
    const cond = this.ctx.condAt(m.startIndex);
    let bitWidth: string | undefined;
    // Only a member whose text has a lone `:` can be a bit-field: skip the child scan otherwise.
    if (/(^|[^:]):(?!:)/.test(src.slice(m.startIndex, m.endIndex))) {
      for (const c of m.namedChildren) {
        if (c && c.type === 'bitfield_clause') {
          const e = c.namedChild(0);
          if (e) bitWidth = textOf(src, e);
        }
      }
    }
    const align = this.ctx.alignIn(windowStart, m.endIndex);
    const base = typeBaseText(src, typeNode);
    const isConst = spec.isConst;
    if (declarators.length === 0) {
      // Anonymous struct/union member, or unnamed bit-field (padding). A tagged nested record
      // without a declarator only declares a type.
      if ((inline && inline.tag === null) || bitWidth !== undefined) {
        const f: FieldDecl = { name: null, type: { base, pointer: 0, arrayDims: [] }, range: this.ctx.range(m.startIndex, m.endIndex) };
        if (inline && inline.tag === null) f.inline = inline;
        if (bitWidth !== undefined) f.bitWidth = bitWidth;
        if (align !== undefined) f.align = align;
        if (cond) f.cond = cond;
        if (!isStatic) rec.fields.push(f);
      }
      return;
    }
    for (const d of declarators) {
      if (!d) continue;
      const info = analyzeDeclarator(d);
      if (info.ctors.length > 0 && info.ctors[0].k === 'f') {
        // A method prototype (C++), not a field.
        const h = this.functionHeader(d, scope);
        if (h) {
          const returnType = typeRefOf(base, h.returnCtors, isConst);
          const fn = this.newFunction(h.name, h.qualifiedName, m, h.nameNode, returnType, false, isStatic, scope.className !== null);
          const p = this.paramsOf(h.params);
          fn.params = p.params;
          fn.variadic = p.variadic;
          fn.annotations = this.annotationsFor(windowStart, m.endIndex, p.nodes, h.params ? h.params.startIndex : -1);
          this.applyFunctionClass(fn);
          this.out.functions.push(fn);
        }
        continue;
      }
      if (isStatic) continue;
      const fieldName = info.nameNode ? textOf(src, info.nameNode) : '';
      const f: FieldDecl = {
        // An unnamed bit-field parses with a missing (empty) name.
        name: fieldName === '' ? null : fieldName,
        type: typeRefOf(base, info.ctors, isConst),
        range: this.ctx.range(d.startIndex, d.endIndex),
      };
      if (bitWidth !== undefined) f.bitWidth = bitWidth;
      if (inline) f.inline = inline;
      if (align !== undefined) f.align = align;
      if (cond) f.cond = cond;
      rec.fields.push(f);
    }
  }
}

export function extractSummary(tree: Tree, original: string, scan: ScanResult, lines: LineIndex, out: FileSummary): void {
  const lang = tree.language;
  const ctx = new ExtractContext(scan.blanked, original, scan, lines, out.file, lang, out.language);
  for (const d of scan.defines) {
    const def: FileSummary['defines'][number] = { name: d.name, value: d.value, file: out.file, line: d.line };
    if (d.params) def.params = d.params;
    const cond = ctx.condAt(d.start);
    if (cond) def.cond = cond;
    out.defines.push(def);
  }
  out.allocText = scan.allocText;
  out.codeSeg = scan.codeSeg;
  out.suppressions = scan.suppressions;
  new Extractor(ctx, out).run(fastRoot(tree));
}

