// Declarators and types as written, from tree-sitter nodes to TypeRef. These helpers work on
// small subtrees (one declaration) with the Node API; bodies are walked with a cursor elsewhere.

import type { Node } from 'web-tree-sitter';
import type { TypeRef } from '../model';

/** One type constructor applied by a declarator, listed from the declared name outwards. */
export type Ctor = { k: 'p' } | { k: 'a'; size: string } | { k: 'f'; params: Node | null };

export interface DeclaratorInfo {
  /** The declared name node (identifier, field_identifier, type_identifier, qualified_identifier...), or null (abstract). */
  nameNode: Node | null;
  /** Constructors from the name outwards: `*a[3]` → [array 3, pointer]. */
  ctors: Ctor[];
  /** `x = value` / `x(args)` / `x{...}` initialiser of an init_declarator. */
  value: Node | null;
}

const MAX_DECLARATOR_DEPTH = 64;

/** Whitespace-collapsed source text of a node (sliced from the original text, not the blanked one). */
export function textOf(src: string, node: Node): string {
  return collapse(src.slice(node.startIndex, node.endIndex));
}

export function collapse(s: string): string {
  // Fast path: most snippets have no newline or double space.
  if (!/\s\s|[\t\r\n]/.test(s)) return s.trim();
  return s.replace(/\s+/g, ' ').trim();
}

export function truncate(s: string, max = 200): string {
  return s.length > max ? s.slice(0, max) : s;
}

function firstDeclaratorChild(n: Node): Node | null {
  const d = n.childForFieldName('declarator');
  if (d) return d;
  for (let i = 0; i < n.namedChildCount; i++) {
    const c = n.namedChild(i);
    if (c && !c.type.startsWith('ms_') && c.type !== 'type_qualifier' && c.type !== 'attribute_specifier' && c.type !== 'comment') return c;
  }
  return null;
}

export function analyzeDeclarator(node: Node | null): DeclaratorInfo {
  const outerToInner: Ctor[] = [];
  let value: Node | null = null;
  let d: Node | null = node;
  for (let guard = 0; d && guard < MAX_DECLARATOR_DEPTH; guard++) {
    switch (d.type) {
      case 'init_declarator':
        value = d.childForFieldName('value');
        d = d.childForFieldName('declarator');
        continue;
      case 'pointer_declarator':
      case 'abstract_pointer_declarator':
      case 'pointer_type_declarator':
        outerToInner.push({ k: 'p' });
        d = d.childForFieldName('declarator');
        continue;
      case 'reference_declarator':
      case 'abstract_reference_declarator':
        outerToInner.push({ k: 'p' });
        d = firstDeclaratorChild(d);
        continue;
      case 'array_declarator':
      case 'abstract_array_declarator': {
        const size = d.childForFieldName('size');
        outerToInner.push({ k: 'a', size: size ? collapse(size.text) : '' });
        d = d.childForFieldName('declarator');
        continue;
      }
      case 'function_declarator':
      case 'abstract_function_declarator':
        outerToInner.push({ k: 'f', params: d.childForFieldName('parameters') });
        d = d.childForFieldName('declarator');
        continue;
      case 'parenthesized_declarator':
      case 'abstract_parenthesized_declarator':
      case 'attributed_declarator':
        d = firstDeclaratorChild(d);
        continue;
      default:
        break;
    }
    break;
  }
  return { nameNode: d && !d.type.startsWith('abstract_') ? d : null, ctors: outerToInner.reverse(), value };
}

/** The spelling of a type specifier node, without qualifiers. */
export function typeBaseText(src: string, typeNode: Node | null): string {
  if (!typeNode) return '';
  switch (typeNode.type) {
    case 'struct_specifier':
    case 'union_specifier':
    case 'class_specifier':
    case 'enum_specifier': {
      const kw = typeNode.type === 'enum_specifier' ? 'enum' : typeNode.type.slice(0, typeNode.type.indexOf('_'));
      const name = typeNode.childForFieldName('name');
      return name ? `${kw} ${textOf(src, name)}` : `${kw} <anonymous>`;
    }
    default:
      return textOf(src, typeNode);
  }
}

export interface Specifiers {
  isConst: boolean;
  isStatic: boolean;
  isExtern: boolean;
}

/**
 * Storage class and qualifiers written before a declarator, read from the text (comments are
 * blanked, so a word match is reliable): far fewer WASM calls than visiting the specifier nodes.
 */
export function specifiersIn(src: string, start: number, end: number, skip?: Node | null): Specifiers {
  // A struct/enum body in the type is skipped: its members' `const` is not ours.
  const t = skip && skip.startIndex >= start && skip.endIndex <= end ? src.slice(start, skip.startIndex) + ' ' + src.slice(skip.endIndex, end) : src.slice(start, Math.max(start, end));
  return {
    isConst: /\b(?:const|volatile)\b/.test(t),
    isStatic: /\bstatic\b/.test(t),
    isExtern: /\bextern\b/.test(t),
  };
}

/**
 * TypeRef of an object declared with `ctors` (from the name outwards). Leading arrays are the
 * object's dimensions; after the first pointer everything is pointer-sized; a function type
 * reached through a pointer makes a function pointer.
 */
export function typeRefOf(base: string, ctors: readonly Ctor[], isConst: boolean, asParam = false): TypeRef {
  const arrayDims: string[] = [];
  let k = 0;
  while (k < ctors.length) {
    const c = ctors[k];
    if (c.k !== 'a') break;
    arrayDims.push(c.size);
    k++;
  }
  let pointer = 0;
  let isFunctionPointer = false;
  for (; k < ctors.length; k++) {
    const c = ctors[k];
    if (c.k === 'p') pointer++;
    else if (c.k === 'f') {
      isFunctionPointer = true;
      break;
    }
  }
  if (asParam && arrayDims.length > 0) {
    // An array parameter is a pointer (C decays it).
    arrayDims.length = 0;
    pointer++;
  }
  const t: TypeRef = { base, pointer, arrayDims };
  if (isConst) t.isConst = true;
  if (isFunctionPointer) t.isFunctionPointer = true;
  return t;
}

/** Simple name of a declarator name node: `A::B::f` → f, `~X` → ~X, `f<T>` → f. */
export function simpleName(src: string, nameNode: Node): string {
  let n: Node = nameNode;
  for (let guard = 0; guard < 32; guard++) {
    if (n.type === 'qualified_identifier') {
      const inner = n.childForFieldName('name');
      if (!inner) break;
      n = inner;
      continue;
    }
    if (n.type === 'template_function' || n.type === 'template_type' || n.type === 'template_method') {
      const inner = n.childForFieldName('name');
      if (!inner) break;
      n = inner;
      continue;
    }
    break;
  }
  return textOf(src, n);
}
